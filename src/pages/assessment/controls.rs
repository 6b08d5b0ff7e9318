//! The controls of an assessment: assessed ones with our result, evidence
//! and Microsoft's state; those not assessed and those out of Graph's reach.

use std::sync::Arc;

use leptos::prelude::*;

use crate::assess::Outcome;
use crate::components::format;
use crate::components::table_scroll::TableScroll;
use crate::engine::live::{AssessedControl, Evidence, Unassessed};
use crate::engine::model::ControlState;

/// The three lists.
#[component]
pub fn Controls(outcome: Arc<Outcome>) -> impl IntoView {
    let c = &outcome.comparison;
    let rows = c.controls.iter().cloned().map(row).collect_view();
    view! {
        <section class="ss-card" aria-labelledby="ss-assess-controls">
            <h2 id="ss-assess-controls">"Controls assessed"</h2>
            <TableScroll label="Controls assessed">
                <table class="ss-assess-table">
                    <thead>
                        <tr>
                            <th scope="col">"Control"</th>
                            <th scope="col">"Our result"</th>
                            <th scope="col">"Microsoft"</th>
                            <th scope="col">"Evidence"</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </TableScroll>
        </section>
        {unassessed("Not assessed", "assess-not-assessed", "A read your account or the app may not make: the rest is assessed.", &c.not_assessed)}
        {unassessed("Out of Microsoft Graph's reach", "assess-out-of-reach", "Settings Graph v1.0 does not expose: add them to a snapshot file to score them.", &c.out_of_reach)}
    }
}

/// One assessed control (titles and evidence are text nodes).
fn row(control: AssessedControl) -> impl IntoView {
    let agrees = control.agrees();
    let microsoft = control
        .microsoft
        .map_or("Not in Microsoft's score", ControlState::label);
    let verdict = match agrees {
        Some(true) => "Agrees",
        Some(false) => "Disagrees",
        None => "",
    };
    let why = control.disagreement();
    view! {
        <tr
            data-testid="assess-row"
            data-control=control.id.clone()
            data-state=format::slug(control.ours.label())
            data-agree=agrees.map(|a| a.to_string())
            data-earned=format::data_number(control.points.earned)
            data-possible=format::data_number(control.points.possible)
        >
            <th scope="row">{control.title.clone()}</th>
            <td>
                {control.ours.label()}
                <span class="ss-muted ss-num">{format!(" {} of {}", format::points(control.points.earned), format::points(control.points.possible))}</span>
            </td>
            <td>
                {microsoft}
                {(!verdict.is_empty()).then(|| view! { <span class="ss-assess-verdict">{format!(" · {verdict}")}</span> })}
                {why.map(|w| view! { <p class="ss-muted" data-testid="assess-disagreement">{w}</p> })}
            </td>
            <td>{control.evidence.into_iter().map(evidence).collect_view()}</td>
        </tr>
    }
}

fn evidence(e: Evidence) -> impl IntoView {
    let count = e.items.len();
    view! {
        <p class="ss-assess-evidence">{e.summary}</p>
        {(count > 0).then(|| view! {
            <details>
                <summary>{if e.people { format!("Who ({count})") } else { format!("Which ({count})") }}</summary>
                <ul>{e.items.into_iter().map(|i| view! { <li>{i}</li> }).collect_view()}</ul>
            </details>
        })}
    }
}

fn unassessed(
    title: &'static str,
    testid: &'static str,
    intro: &'static str,
    list: &[Unassessed],
) -> impl IntoView {
    (!list.is_empty()).then(|| {
        let items = list
            .iter()
            .map(|u| view! { <li data-control=u.id.clone()><strong>{u.title.clone()}</strong>": " {u.why.clone()}</li> })
            .collect_view();
        view! {
            <section class="ss-card">
                <h2>{format!("{title} ({})", list.len())}</h2>
                <p class="ss-muted">{intro}</p>
                <ul class="ss-assess-list" data-testid=testid>{items}</ul>
            </section>
        }
    })
}
