//! The planning summary: the score with the admin's statuses, and what it
//! would be once every Planned action is done; resetting every status.

use leptos::either::Either;
use leptos::prelude::*;

use super::queue_context;
use crate::components::format;
use crate::engine::model::{percent, Status, SAME_POINTS};
use crate::engine::plan::projected_with_planned;
use crate::text::{is_are, plural};

/// The planning card. The numbers are drawn as one static block redrawn
/// when they change (less code than one reactive node per number).
#[component]
pub fn Planning() -> impl IntoView {
    let ctx = queue_context();
    let summary = move || {
        let current = ctx.current.get();
        let reported = ctx
            .shown
            .with(|s| s.as_ref().map(|s| s.day().shown()))
            .unwrap_or_default();
        let planned_count = ctx
            .items
            .with(|all| all.iter().filter(|i| i.status == Status::Planned).count());
        let as_reported = ((reported.earned - current.earned).abs() > SAME_POINTS)
            .then(|| format!("; as reported: {}", format::points(reported.earned)));
        let planned = (planned_count > 0).then(|| {
            let value = ctx
                .shown
                .with(|s| {
                    s.as_ref().map(|s| {
                        ctx.statuses
                            .overrides
                            .with(|o| projected_with_planned(s.day(), o, ctx.today))
                            .earned
                    })
                })
                .unwrap_or_default()
                + ctx.offset.get();
            let count = format!(
                "{} {} Planned.",
                plural(planned_count, "action"),
                is_are(planned_count)
            );
            let after = format!(
                " ({}, {} points).",
                format::percent(percent(value, current.possible)),
                format::delta(value - current.earned),
            );
            view! {
                <p>
                    {count}
                    " If completed, your score would be "
                    <strong class="ss-num" data-testid="planned-score" data-value=format::data_number(value)>
                        {format::points(value)}
                    </strong>
                    {after}
                </p>
            }
        });
        view! {
            <p>
                "Score with your statuses: "
                <strong class="ss-num" data-testid="status-score" data-value=format::data_number(current.earned)>
                    {format::points(current.earned)}
                </strong>
                {format!(
                    " of {} ({}){}.",
                    format::points(current.possible),
                    format::percent(current.percent()),
                    as_reported.unwrap_or_default(),
                )}
            </p>
            {match planned {
                Some(planned) => Either::Left(planned),
                None => Either::Right(view! {
                    <p class="ss-muted">
                        "No action is Planned yet: set an action's status to Planned, or mark a target plan as Planned, to see the score it would bring."
                    </p>
                }),
            }}
        }
    };
    view! {
        <section class="ss-card ss-planning" aria-labelledby="ss-planning-title">
            <h2 id="ss-planning-title">"Your plan"</h2>
            {summary}
            <ResetAll />
        </section>
    }
}

/// How many statuses are set, and resetting them all (with a confirmation).
#[component]
fn ResetAll() -> impl IntoView {
    let ctx = queue_context();
    let count = move || ctx.statuses.overrides.with(|o| o.iter().count());
    let confirming = RwSignal::new(false);
    let confirm = NodeRef::<leptos::html::Button>::new();
    let ask = move |_| {
        confirming.set(true);
        // Focus follows the button that replaced the one clicked.
        request_animation_frame(move || {
            if let Some(button) = confirm.get_untracked() {
                let _ = button.focus();
            }
        });
    };
    view! {
        <div class="ss-form-buttons">
            <span class="ss-muted">
                {move || match count() {
                    0 => "You have set no status in this browser.".to_string(),
                    1 => "You set 1 status; it is kept in this browser.".to_string(),
                    n => format!("You set {n} statuses; they are kept in this browser."),
                }}
            </span>
            <span hidden=move || count() == 0 || confirming.get()>
                <button class="ss-button" data-testid="reset-all-statuses" on:click=ask>
                    "Reset all statuses…"
                </button>
            </span>
            <span class="ss-confirm" role="group" aria-label="Confirm reset" hidden=move || !confirming.get()>
                <button
                    class="ss-button ss-danger"
                    data-testid="reset-all-confirm"
                    node_ref=confirm
                    on:click=move |_| {
                        ctx.statuses.reset_all();
                        confirming.set(false);
                    }
                >
                    "Reset all statuses"
                </button>
                <button class="ss-button" on:click=move |_| confirming.set(false)>"Keep them"</button>
            </span>
        </div>
    }
}
