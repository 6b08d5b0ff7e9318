//! "Our assessment": the live tenant's settings read through Graph (signed
//! in) and scored with our baseline catalog, beside Microsoft's score: per
//! control our result, its evidence and Microsoft's state; what could not
//! be read and why; the snapshot to download or keep.

mod controls;

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::assess::{permissions, use_assess, AssessState, Outcome};
use crate::components::csv::download;
use crate::components::format;
use crate::components::sign_in::SignInButton;
use crate::components::table_scroll::TableScroll;
use crate::engine::live::Read;
use crate::engine::model::percent;
use crate::signin::use_sign_in;
use crate::sources::clock;
use crate::sources::Sources;
use crate::state::use_app;

/// The page.
#[component]
pub fn AssessmentPage() -> impl IntoView {
    let app = use_app();
    let sign_in = use_sign_in();
    let Some(assess) = use_assess() else {
        return ().into_any();
    };
    let tenant = Memo::new(move |_| {
        app.history()
            .map(|h| h.tenant.id.clone())
            .unwrap_or_default()
    });
    let can_assess = move || sign_in.is_some_and(|s| s.can_ask(&tenant.get()));
    let start = move |_| {
        let Some(sign_in) = sign_in else { return };
        spawn_local(assess.run(sign_in, app));
    };
    let running = move || matches!(assess.state.get(), AssessState::Running { .. });
    // The result of the shown tenant only.
    let outcome = move || match assess.state.get() {
        AssessState::Done(outcome) if outcome.tenant == tenant.get() => Some(outcome),
        _ => None,
    };
    view! {
        <section class="ss-page ss-assessment">
            <h1>"Our assessment"</h1>
            <p class="ss-muted ss-page-sub">
                "Your tenant's settings read live through Microsoft Graph and scored with Secure Score's own \
                 baseline, with the evidence behind each result, beside Microsoft's score for the same controls."
            </p>
            <Show
                when=can_assess
                fallback=move || view! {
                    <section class="ss-card" data-testid="assess-sign-in">
                        <p>
                            "Sign in with Microsoft to the tenant shown to assess its settings. The assessment reads "
                            "settings only, never changes them."
                        </p>
                        {sign_in.filter(|s| s.config.with(Option::is_some)).map(|_| view! { <SignInButton /> })}
                    </section>
                }
            >
                <Permissions />
                <div class="ss-data-actions">
                    <button type="button" class="ss-button ss-primary" data-testid="assess-start" disabled=running on:click=start>
                        "Assess settings"
                    </button>
                </div>
            </Show>
            {move || match assess.state.get() {
                AssessState::Running { done, reading } => Some(view! {
                    <div class="ss-card" data-testid="assess-progress" role="status">
                        <p>{format!("Reading {} ({} of {})…", reading.purpose(), done + 1, Read::ALL.len())}</p>
                        <progress max=Read::ALL.len() value=done></progress>
                    </div>
                }.into_any()),
                AssessState::Failed(why) => Some(view! {
                    <p class="ss-form-error" role="alert" data-testid="assess-error">
                        {format!("The assessment could not run: {why}")}
                    </p>
                }.into_any()),
                _ => None,
            }}
            {move || outcome().map(|o| view! { <Result outcome=o /> })}
        </section>
    }
    .into_any()
}

/// What the assessment will ask for, before the consent screen.
#[component]
fn Permissions() -> impl IntoView {
    let rows = Read::ALL
        .into_iter()
        .map(|r| {
            view! {
                <tr>
                    <td>{r.purpose()}</td>
                    <td><code>{r.scope()}</code></td>
                    <td>{r.roles()}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="ss-card" aria-labelledby="ss-assess-permissions" data-testid="assess-permissions">
            <h2 id="ss-assess-permissions">"What it reads, and the permissions it asks for"</h2>
            <p>
                {format!(
                    "Microsoft asks you to consent once to these read-only permissions: {}. Reading your \
                     score never asks for them; a read your account may not make is marked \"not assessed\" \
                     and the others go on.",
                    permissions().join(", ")
                )}
            </p>
            <TableScroll label="Permissions asked for">
                <table>
                    <thead><tr><th scope="col">"Reads"</th><th scope="col">"Permission"</th><th scope="col">"Roles (any one)"</th></tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </TableScroll>
        </section>
    }
}

/// The result: scores, agreement, the controls, and the snapshot.
#[component]
fn Result(outcome: std::sync::Arc<Outcome>) -> impl IntoView {
    let c = &outcome.comparison;
    let (agree, compared) = c.agreement();
    let ours = c.score;
    let microsoft = c.microsoft_score.map(|m| {
        format!(
            "Microsoft's score gives the same controls {} of {} points ({}).",
            format::points(m.earned),
            format::points(m.possible),
            format::percent(percent(m.earned, m.possible))
        )
    });
    let categories = c
        .by_category()
        .into_iter()
        .map(|(category, p)| {
            view! {
                <tr data-testid="assess-category" data-category=category.label()>
                    <th scope="row">{category.label()}</th>
                    <td class="ss-num">{format!("{} of {}", format::points(p.earned), format::points(p.possible))}</td>
                    <td class="ss-num">{format::percent(percent(p.earned, p.possible))}</td>
                </tr>
            }
        })
        .collect_view();
    let file = outcome.live.to_json();
    let name = format!("secure-score-assessment-{}.json", clock::today());
    let saved = RwSignal::new(None::<String>);
    let download_file = {
        let (file, name) = (file.clone(), name.clone());
        move |_| {
            saved.set(Some(match download(&name, "application/json", &file) {
                Ok(()) => format!(
                    "Saved as {name}: import it on the Data page, here or in another browser."
                ),
                Err(why) => format!("The file could not be saved: {why}."),
            }))
        }
    };
    let sources = use_context::<Sources>();
    let keep = move |_| {
        let Some(sources) = sources else { return };
        match snapshot_file(&name, &file) {
            Some(f) => {
                sources.upload(vec![f]);
                saved.set(Some("Kept in this browser as a tenant of its own (\"snapshots\"); each day's assessment adds a day to its history.".to_string()));
            }
            None => saved.set(Some("This browser could not make the file.".to_string())),
        }
    };
    view! {
        <section class="ss-card" aria-labelledby="ss-assess-score">
            <h2 id="ss-assess-score">"Our score"</h2>
            <p class="ss-assess-score">
                <strong data-testid="assess-score" data-value=format::data_number(ours.earned) data-possible=format::data_number(ours.possible)>
                    {format!("{} of {} points", format::points(ours.earned), format::points(ours.possible))}
                </strong>
                {format!(" ({}) over the {} controls we could assess.", format::percent(percent(ours.earned, ours.possible)), c.controls.len())}
            </p>
            {microsoft.map(|m| view! { <p>{m}</p> })}
            <p data-testid="assess-agreement" data-agree=agree data-compared=compared>
                {format!("We agree with Microsoft on {agree} of the {compared} controls both score.")}
            </p>
            <table>
                <thead><tr><th scope="col">"Category"</th><th scope="col" class="ss-num">"Points"</th><th scope="col" class="ss-num">"Share"</th></tr></thead>
                <tbody>{categories}</tbody>
            </table>
            <div class="ss-data-actions">
                <button type="button" class="ss-button" data-testid="assess-download" on:click=download_file>"Download the snapshot"</button>
                <button type="button" class="ss-button" data-testid="assess-keep" on:click=keep>"Keep in this browser"</button>
            </div>
            {move || saved.get().map(|t| view! { <p role="status">{t}</p> })}
        </section>
        <controls::Controls outcome=outcome.clone() />
    }
}

/// The snapshot as a file the upload path takes.
fn snapshot_file(name: &str, text: &str) -> Option<web_sys::File> {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    web_sys::File::new_with_str_sequence(&parts, name).ok()
}
