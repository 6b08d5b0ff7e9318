//! The current source, progress, problems and the tenants kept.

use leptos::prelude::*;

use crate::components::format;
use crate::components::table_scroll::TableScroll;
use crate::engine::model::DayScore;
use crate::pages::overview::tenant_label;
use crate::sources::merge::tenant_key;
use crate::sources::record::display_url;
use crate::sources::SourceInfo;
use crate::sources::{use_sources, AutoRefresh};
use crate::state::use_app;
use crate::text::plural;

/// The progress of the read or fetch in progress (`source-progress`).
#[component]
pub fn ProgressBar() -> impl IntoView {
    let sources = use_sources();
    move || {
        sources.load.progress.get().map(|progress| {
            let (value, max) = match progress.value {
                Some((done, total)) => (Some(done), Some(total)),
                None => (None, None),
            };
            let cancel = sources.endpoint.fetching.get().then(|| {
                view! {
                    <button
                        type="button"
                        class="ss-button"
                        data-testid="source-cancel"
                        on:click=move |_| sources.endpoint.cancel()
                    >
                        "Cancel"
                    </button>
                }
            });
            view! {
                <div
                    class="ss-card ss-data-progress"
                    data-testid="source-progress"
                    data-pages=progress.pages.map(|p| p.to_string())
                    data-stage=progress.stage.as_str()
                    role="status"
                >
                    <progress value=value max=max aria-label=progress.label.clone()></progress>
                    <span class="ss-data-progress-label">{progress.label.clone()}</span>
                    {cancel}
                </div>
            }
        })
    }
}

/// Every error and warning of the last action (`import-error`): always in
/// the page (a live region), styled only when it has something to say.
#[component]
pub fn ImportErrors() -> impl IntoView {
    let sources = use_sources();
    let failed = move || sources.report.errors.with(|e| !e.is_empty());
    let any = move || failed() || sources.report.warnings.with(|w| !w.is_empty());
    view! {
        <div
            class="ss-data-problems"
            class:ss-data-problems-shown=any
            class:ss-data-problems-failed=failed
            role="alert"
            data-testid="import-error"
        >
            {move || {
                let errors = sources.report.errors.get();
                (!errors.is_empty()).then(|| {
                    view! {
                        <ul class="ss-data-errors">
                            {errors
                                .into_iter()
                                .map(|p| {
                                    view! {
                                        <li data-source=p.source.clone() data-place=p.place.clone()>
                                            <strong>{p.source.clone()}</strong>
                                            {(!p.place.is_empty())
                                                .then(|| view! { " · " <code>{p.place.clone()}</code> })}
                                            ": " {p.message.clone()}
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                    }
                })
            }}
            {move || {
                let mut warnings = sources.report.warnings.get();
                (!warnings.is_empty()).then(|| {
                    let more = warnings.split_off(warnings.len().min(WARNINGS_SHOWN));
                    let rest = (!more.is_empty()).then(|| {
                        let count = more.len();
                        view! {
                            <details class="ss-data-more">
                                <summary>
                                    {plural(count, "more warning")}
                                </summary>
                                <ul class="ss-data-warnings">{warning_items(more)}</ul>
                            </details>
                        }
                    });
                    view! {
                        <ul class="ss-data-warnings" aria-label="Warnings">
                            {warning_items(warnings)}
                        </ul>
                        {rest}
                    }
                })
            }}
        </div>
    }
}

/// Warnings shown before "N more warnings".
const WARNINGS_SHOWN: usize = 3;

fn warning_items(warnings: Vec<crate::sources::Problem>) -> impl IntoView {
    warnings
        .into_iter()
        .map(|p| {
            view! {
                <li data-source=p.source.clone()>
                    <span class="ss-data-tag">"Warning"</span>
                    " "
                    <strong>{p.source.clone()}</strong>
                    {(!p.place.is_empty()).then(|| view! { " · " <code>{p.place.clone()}</code> })}
                    ": "
                    {p.message.clone()}
                </li>
            }
        })
        .collect_view()
}

/// What is shown, since when, and what can be done with it.
#[component]
pub fn SourceCard() -> impl IntoView {
    let app = use_app();
    let sources = use_sources();
    let kind = move || match app.source.get() {
        SourceInfo::Demo => "demo",
        SourceInfo::Files(_) => "files",
        SourceInfo::Endpoint(_) => "endpoint",
    };
    let text = move || match app.source.get() {
        SourceInfo::Demo => "Demo data: Contoso Demo, a fictional tenant".to_string(),
        SourceInfo::Files(names) => format!("Files: {}", names.join(", ")),
        SourceInfo::Endpoint(url) => format!("Endpoint: {}", display_url(&url)),
    };
    let refreshed = move || {
        sources.load.refreshed_at.get().map(|at| {
            let kept = if sources.load.from_store.get() {
                " (kept in this browser)"
            } else if !sources.load.kept.get() {
                " (not kept: lasts until reload)"
            } else {
                ""
            };
            format!("Last refresh: {}{kept}", format::date_time(at))
        })
    };
    let endpoint = move || {
        sources.endpoint.url.get().map(|url| {
            let from = sources
                .endpoint
                .configured
                .get()
                .map(|f| format!(", configured by {}", f.label()))
                .unwrap_or_default();
            let token = if sources.endpoint.has_token() {
                ", with a token"
            } else {
                ""
            };
            format!("Connected endpoint: {}{from}{token}", display_url(&url))
        })
    };
    let has_endpoint = move || sources.endpoint.url.with(Option::is_some);
    let statuses = crate::state::statuses::use_statuses();
    let clear_hint = move || {
        if sources.stored_count() > 0 || sources.load.refreshed_at.get().is_some() {
            "Removes every tenant kept in this browser, and your statuses of their \
             actions, and shows the demo again."
        } else if statuses.overrides.with(|o| !o.is_empty()) {
            "Removes your statuses kept in this browser."
        } else {
            "Nothing is kept in this browser yet."
        }
    };
    view! {
        <section class="ss-card ss-data-source" aria-labelledby="ss-data-source-title">
            <h2 id="ss-data-source-title">"Current source"</h2>
            <p
                class="ss-data-status"
                data-testid="source-status"
                data-kind=kind
                data-finished=move || sources.load.finished.get().to_string()
            >
                <strong>{text}</strong>
                {move || refreshed().map(|t| view! { <br /> <span class="ss-muted">{t}</span> })}
                {move || endpoint().map(|t| view! { <br /> <span class="ss-muted">{t}</span> })}
            </p>
            <div class="ss-data-actions">
                <button
                    type="button"
                    class="ss-button"
                    data-testid="source-refresh"
                    disabled=move || !has_endpoint() || sources.endpoint.fetching.get()
                    on:click=move |_| sources.refresh()
                >
                    "Refresh"
                </button>
                <label class="ss-data-inline">
                    "Auto-refresh "
                    <select
                        data-testid="source-auto-refresh"
                        disabled=move || !has_endpoint()
                        prop:value=move || sources.endpoint.auto_refresh.get().value()
                        on:change=move |ev| {
                            sources.endpoint.auto_refresh.set(AutoRefresh::parse(&event_target_value(&ev)))
                        }
                    >
                        {AutoRefresh::ALL
                            .into_iter()
                            .map(|a| view! { <option value=a.value()>{a.label()}</option> })
                            .collect_view()}
                    </select>
                </label>
            </div>
            <div class="ss-data-actions">
                <button
                    type="button"
                    class="ss-button ss-data-danger"
                    data-testid="clear-local-data"
                    on:click=move |_| {
                        sources.clear();
                        crate::state::statuses::forget(None);
                    }
                >
                    "Clear stored data"
                </button>
                <span class="ss-muted ss-data-hint">{clear_hint}</span>
            </div>
        </section>
    }
}

/// The tenants loaded, with their days; the shown one is marked.
#[component]
pub fn KeptTenants() -> impl IntoView {
    let app = use_app();
    let sources = use_sources();
    move || {
        let tenants = app.tenants.get();
        if tenants.is_empty() || app.source.get() == SourceInfo::Demo {
            return None;
        }
        let rows = tenants
            .iter()
            .enumerate()
            .map(|(index, history)| {
                let name = tenant_label(history);
                let (oldest, newest) = (history.days.first(), history.days.last());
                let iso =
                    |day: Option<&DayScore>| day.map(|d| d.date.to_string()).unwrap_or_default();
                let (first, last) = (iso(oldest), iso(newest));
                let range = match (oldest, newest) {
                    (Some(a), Some(b)) => {
                        format!("{} – {}", format::date(a.date), format::date(b.date))
                    }
                    _ => String::new(),
                };
                let days = history.days.len();
                let shown = move || app.selected.get() == index;
                let key = tenant_key(history);
                let label = format!("Name of tenant {}", history.tenant.id);
                let current = history.tenant.name.clone();
                let input = NodeRef::<leptos::html::Input>::new();
                let save = move |ev: leptos::ev::SubmitEvent| {
                    ev.prevent_default();
                    if let Some(name) = input.get().map(|i| i.value()) {
                        sources.rename(key.clone(), name);
                    }
                };
                let origin = match history.origin {
                    crate::engine::model::Origin::Graph => "Microsoft Graph",
                    crate::engine::model::Origin::Snapshots => "Snapshots",
                };
                view! {
                    <tr
                        data-testid="stored-tenant"
                        data-tenant=history.tenant.id.clone()
                        data-days=days.to_string()
                        data-first=first
                        data-last=last
                        aria-current=move || shown().then_some("true")
                    >
                        <th scope="row">{name}</th>
                        <td>
                            <form class="ss-data-rename" on:submit=save>
                                <input
                                    type="text"
                                    aria-label=label
                                    data-testid="tenant-name"
                                    prop:value=current
                                    node_ref=input
                                />
                                <button type="submit" class="ss-button" data-testid="tenant-rename">
                                    "Save name"
                                </button>
                            </form>
                        </td>
                        <td>{origin}</td>
                        <td class="ss-num">{days}</td>
                        <td>{range}</td>
                        <td>
                            <button
                                type="button"
                                class="ss-button"
                                disabled=shown
                                on:click=move |_| app.selected.set(index)
                            >
                                {move || if shown() { "Shown" } else { "Show" }}
                            </button>
                        </td>
                    </tr>
                }
            })
            .collect_view();
        Some(view! {
            <section class="ss-card ss-data-tenants" aria-labelledby="ss-data-tenants-title">
                <h2 id="ss-data-tenants-title">"Tenants"</h2>
                <p class="ss-muted">
                    "Each import is merged day by day into what this browser keeps, so the \
                     history grows past what the source keeps (Graph: 90 days)."
                </p>
                <TableScroll label="Tenants kept">
                    <table>
                        <thead>
                            <tr>
                                <th scope="col">"Tenant"</th>
                                <th scope="col">"Name"</th>
                                <th scope="col">"Source"</th>
                                <th scope="col" class="ss-num">"Days"</th>
                                <th scope="col">"From – to"</th>
                                <th scope="col"><span class="ss-visually-hidden">"Show"</span></th>
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                </TableScroll>
            </section>
        })
    }
}
