//! The target score: a slider and a number field; the queue highlights the
//! plan that reaches it at the least user impact and implementation cost.

use leptos::prelude::*;
use web_sys::HtmlInputElement;

use super::filters::PLAN_ONLY;
use super::{queue_context, CONTROL};
use crate::components::format;
use crate::engine::model::{percent, Status};
use crate::engine::status::AdminStatus;
use crate::state::route::{Page, Route};
use crate::text::plural;

/// The target card.
#[component]
pub fn Target() -> impl IntoView {
    let ctx = queue_context();
    let current = move || ctx.current.get().earned;
    let max = move || ctx.current.get().possible;
    let value = move || ctx.target.get().unwrap_or_else(current);
    // The browser reads the input's number (`NaN` when it holds none).
    let set = move |ev: leptos::ev::Event| {
        let points = event_target::<HtmlInputElement>(&ev).value_as_number();
        if points.is_finite() {
            ctx.target.set(Some(points.clamp(0.0, max())));
        }
    };
    // One closure per attribute value, shared by both inputs.
    let max_text = move || format::data_number(max());
    let value_text = move || format::data_number(value());
    let plan_only = move || ctx.filters.with(|f| f.plan_only);
    let mark_planned = move |_| {
        let ids = ctx
            .plan
            .with_untracked(|p| p.as_ref().map(|p| p.plan.actions.clone()))
            .unwrap_or_default();
        for id in ids {
            ctx.statuses.set(&id, AdminStatus::new(Status::Planned));
        }
    };
    view! {
        <section class="ss-card ss-target" aria-labelledby="ss-target-title">
            <h2 id="ss-target-title">"Reach a target score"</h2>
            <div class="ss-target-inputs">
                <label for="ss-target-range">"Target"</label>
                <input
                    id="ss-target-range"
                    type="range"
                    min="0"
                    max=max_text
                    step="1"
                    prop:value=value_text
                    aria-valuetext=move || format!("{} points", format::points(value()))
                    on:input=set
                />
                <input
                    id="ss-target-number"
                    class="ss-target-number"
                    type="number"
                    min="0"
                    max=max_text
                    step="0.5"
                    aria-label="Target score in points"
                    prop:value=value_text
                    on:change=set
                />
                <span class="ss-muted">
                    "points (" {move || format::percent(percent(value(), max()))} ")"
                </span>
                {move || {
                    ctx.target.with(Option::is_some).then(|| view! {
                        <button class="ss-button" on:click=move |_| ctx.target.set(None)>"Clear"</button>
                    })
                }}
            </div>
            <div class="ss-target-result" aria-live="polite">
                {move || match ctx.plan.get() {
                    None => view! {
                        <p class="ss-muted">
                            "Pick a target to see which actions reach it at the least user impact and implementation cost."
                        </p>
                    }
                    .into_any(),
                    Some(plan) if plan.plan.actions.is_empty() => view! {
                        <p>"Your score already reaches this target."</p>
                    }
                    .into_any(),
                    Some(plan) => {
                        let count = plan.plan.actions.len();
                        let titles = ctx.items.with(|all| {
                            plan.plan
                                .actions
                                .iter()
                                .filter_map(|id| all.iter().find(|i| &i.id == id))
                                .map(|i| (i.id.clone(), i.info.title.clone(), i.gain))
                                .collect::<Vec<_>>()
                        });
                        let headline = if plan.plan.reachable {
                            format!(
                                "{} reach{} {} points ({}), for a target of {}.",
                                plural(count, "action"),
                                if count == 1 { "es" } else { "" },
                                format::points(plan.reached),
                                format::percent(percent(plan.reached, max())),
                                format::points(plan.plan.target),
                            )
                        } else {
                            format!(
                                "Out of reach: completing all {} remaining actions gets to {} points ({}).",
                                count,
                                format::points(plan.reached),
                                format::percent(percent(plan.reached, max())),
                            )
                        };
                        view! {
                            <p
                                class:ss-good=plan.plan.reachable
                                class:ss-warn=!plan.plan.reachable
                                data-reached=format::data_number(plan.reached)
                                data-reachable=plan.plan.reachable.to_string()
                                class="ss-plan-headline"
                            >
                                {headline}
                            </p>
                            <ol class="ss-plan-list">
                                {titles
                                    .into_iter()
                                    .map(|(id, title, gain)| {
                                        let href = Route::page(Page::Actions).with_param(CONTROL, Some(&id)).to_hash();
                                        view! {
                                            <li>
                                                <a href=href>{title}</a>
                                                <span class="ss-num ss-muted">" +" {format::points(gain)}</span>
                                            </li>
                                        }
                                    })
                                    .collect_view()}
                            </ol>
                            <div class="ss-form-buttons">
                                <label class="ss-check">
                                    <input
                                        type="checkbox"
                                        prop:checked=plan_only
                                        on:change=move |ev| {
                                            let on = event_target_checked(&ev);
                                            ctx.set_param(PLAN_ONLY, on.then_some("1"));
                                        }
                                    />
                                    " Show only these in the list"
                                </label>
                                <button class="ss-button" on:click=mark_planned>"Mark them as Planned"</button>
                            </div>
                        }
                        .into_any()
                    }
                }}
            </div>
        </section>
    }
}
