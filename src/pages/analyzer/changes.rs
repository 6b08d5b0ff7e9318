//! What changed between the selected day and the previous day of data (or
//! any other day picked): controls that improved or regressed, controls
//! and services that came or went, and the points possible.

use leptos::prelude::*;

use super::data::Shared;
use super::{dates, Analyzer};
use crate::components::format;
use crate::engine::diff::{diff, ChangeKind, ControlChange, DayDiff};
use crate::engine::model::TenantHistory;

/// What a change kind means, for the label's tooltip.
fn explain(kind: ChangeKind) -> &'static str {
    match kind {
        ChangeKind::Posture => {
            "The tenant did or undid something: points earned moved, points possible did not."
        }
        ChangeKind::Scope => "The control came or went with its service.",
        ChangeKind::Catalog => {
            "Microsoft re-weighted the control's points, or added or retired it."
        }
    }
}

/// A control's title, else its id. Untrusted text: shown as a text node.
fn title(history: &TenantHistory, id: &str) -> String {
    history
        .info(id)
        .map(|i| i.title.clone())
        .filter(|t| !t.trim().is_empty())
        .unwrap_or_else(|| id.to_string())
}

/// The "What changed" card.
#[component]
pub fn WhatChanged() -> impl IntoView {
    let analyzer = expect_context::<Analyzer>();
    // One diff per (selected, compared) pair, never the whole history.
    let changes = Memo::new(move |_| {
        let day = analyzer.selected.get()?;
        let other = analyzer.compare_with.get()?;
        analyzer.prepared.with(|p| {
            let p = p.as_ref()?;
            let (from, to) = if other < day {
                (other, day)
            } else {
                (day, other)
            };
            diff(&p.history, from, to).map(|d| Shared(std::sync::Arc::new(d)))
        })
    });
    let options = Memo::new(move |_| {
        analyzer.prepared.with(|p| {
            p.as_ref()
                .map(|p| p.days.iter().rev().map(|d| d.date).collect::<Vec<_>>())
                .unwrap_or_default()
        })
    });
    let vs_value = move || {
        analyzer
            .params
            .with(|p| p.vs.map(|d| d.to_string()).unwrap_or_default())
    };
    let on_pick = move |ev| {
        let value = event_target_value(&ev);
        let vs = super::params::parse_date(&value).map(|d| d.to_string());
        analyzer.set(&[("vs", vs)], false);
    };
    let body = move || {
        let history = analyzer
            .prepared
            .with(|p| p.as_ref().map(|p| p.history.clone()))?;
        Some(match changes.get() {
            None => view! {
                <p class="ss-muted" data-testid="changes-none">
                    "This is the first day of the history: there is no earlier day to compare with."
                </p>
                <ul class="ss-an-changes" data-testid="changes-improved" hidden></ul>
                <ul class="ss-an-changes" data-testid="changes-regressed" hidden></ul>
            }
            .into_any(),
            Some(d) => view! { <DiffView diff=d history=history /> }.into_any(),
        })
    };
    view! {
        <section class="ss-card ss-an-changes-card" aria-labelledby="ss-an-changes-title">
            <div class="ss-an-head">
                <h2 id="ss-an-changes-title">"What changed"</h2>
                <label class="ss-an-field">
                    <span>"Compare with"</span>
                    <select data-testid="compare-select" on:change=on_pick prop:value=vs_value>
                        <option value="">"The previous day"</option>
                        {move || {
                            let format = dates();
                            let vs = analyzer.params.with_untracked(|p| p.vs);
                            options
                                .get()
                                .into_iter()
                                .map(|d| {
                                    view! {
                                        <option value=d.to_string() selected=vs == Some(d)>
                                            {format.long(d)}
                                        </option>
                                    }
                                })
                                .collect_view()
                        }}
                    </select>
                </label>
            </div>
            {body}
        </section>
    }
}

/// One diff.
#[component]
fn DiffView(diff: Shared<DayDiff>, history: std::sync::Arc<TenantHistory>) -> impl IntoView {
    let format = dates();
    let (before, after) = (diff.before.shown, diff.after.shown);
    let improved: Vec<ControlChange> = diff.improved().into_iter().cloned().collect();
    let regressed: Vec<ControlChange> = diff.regressed().into_iter().cloned().collect();
    let moved_only = |list: &[ControlChange]| -> Vec<ControlChange> {
        list.iter()
            .filter(|c| c.earned_delta().abs() <= 1e-9)
            .cloned()
            .collect()
    };
    // Controls that came or went without moving points earned (the others
    // are already in the improved / regressed lists).
    let added = moved_only(&diff.added);
    let removed = moved_only(&diff.removed);
    let reweighted: Vec<ControlChange> = diff
        .changed
        .iter()
        .filter(|c| c.earned_delta().abs() <= 1e-9)
        .cloned()
        .collect();
    let added_ids: Vec<String> = diff.added.iter().map(|c| c.id.clone()).collect();
    let removed_ids: Vec<String> = diff.removed.iter().map(|c| c.id.clone()).collect();
    let item = {
        let history = history.clone();
        move |c: ControlChange| {
            let kind = c.kind;
            let presence = if added_ids.contains(&c.id) {
                " (added)"
            } else if removed_ids.contains(&c.id) {
                " (removed)"
            } else {
                ""
            };
            view! {
                <li data-control=c.id.clone() data-before=format::data_number(c.before.earned) data-after=format::data_number(c.after.earned)>
                    <span class="ss-an-change-title">{title(&history, &c.id)}</span>
                    " "
                    <span class="ss-an-change-points">
                        {format!(
                            "{} → {} points ({}){presence}",
                            format::points(c.before.earned),
                            format::points(c.after.earned),
                            format::delta(c.earned_delta()),
                        )}
                    </span>
                    " "
                    <span class=format!("ss-an-kind ss-an-kind-{}", kind.label().to_lowercase()) title=explain(kind)>
                        {format!("{} change", kind.label())}
                    </span>
                </li>
            }
        }
    };
    let plain = {
        let history = history.clone();
        move |c: ControlChange, what: &'static str| {
            let kind = c.kind;
            view! {
                <li data-control=c.id.clone()>
                    <span class="ss-an-change-title">{title(&history, &c.id)}</span>
                    " "
                    <span class="ss-an-change-points">
                        {match what {
                            "possible" => format!(
                                "{} → {} points possible",
                                format::points(c.before.possible),
                                format::points(c.after.possible)
                            ),
                            _ => format!(
                                "{} of {} points",
                                format::points(c.after.earned.max(c.before.earned)),
                                format::points(c.after.possible.max(c.before.possible))
                            ),
                        }}
                    </span>
                    " "
                    <span class=format!("ss-an-kind ss-an-kind-{}", kind.label().to_lowercase()) title=explain(kind)>
                        {format!("{} change", kind.label())}
                    </span>
                </li>
            }
        }
    };
    let services = |list: &[crate::engine::model::Service]| {
        list.iter()
            .map(|s| s.label().to_string())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let (n_improved, n_regressed) = (improved.len(), regressed.len());
    let list = |items: Vec<ControlChange>, testid: &'static str| {
        let item = item.clone();
        view! {
            <ul class="ss-an-changes" data-testid=testid>
                {items.into_iter().map(item).collect_view()}
            </ul>
        }
    };
    view! {
        <p class="ss-an-compare" data-from=diff.from.to_string() data-to=diff.to.to_string()>
            "From "
            <time datetime=diff.from.to_string()>{format.long(diff.from)}</time>
            " to "
            <time datetime=diff.to.to_string()>{format.long(diff.to)}</time>
            ": score "
            {format::points(before.earned)}
            " → "
            {format::points(after.earned)}
            " ("
            <span data-testid="changes-score-delta" data-value=format::data_number(after.earned - before.earned)>
                {format::delta(after.earned - before.earned)}
            </span>
            "), points possible "
            {format::points(before.possible)}
            " → "
            {format::points(after.possible)}
            " ("
            <span data-testid="changes-possible-delta" data-value=format::data_number(after.possible - before.possible)>
                {format::delta(after.possible - before.possible)}
            </span>
            ")."
        </p>
        <div class="ss-an-change-grid">
            <div>
                <h3>{format!("Improved ({n_improved})")}</h3>
                {list(improved, "changes-improved")}
                {(n_improved == 0).then(|| view! { <p class="ss-muted">"No control gained points."</p> })}
            </div>
            <div>
                <h3>{format!("Regressed ({n_regressed})")}</h3>
                {list(regressed, "changes-regressed")}
                {(n_regressed == 0).then(|| view! { <p class="ss-muted">"No control lost points."</p> })}
            </div>
        </div>
        {(!added.is_empty())
            .then(|| {
                let plain = plain.clone();
                view! {
                    <h3>"Controls added"</h3>
                    <ul class="ss-an-changes" data-testid="changes-added">
                        {added.into_iter().map(|c| plain(c, "points")).collect_view()}
                    </ul>
                }
            })}
        {(!removed.is_empty())
            .then(|| {
                let plain = plain.clone();
                view! {
                    <h3>"Controls removed"</h3>
                    <ul class="ss-an-changes" data-testid="changes-removed">
                        {removed.into_iter().map(|c| plain(c, "points")).collect_view()}
                    </ul>
                }
            })}
        {(!reweighted.is_empty())
            .then(|| {
                let plain = plain.clone();
                view! {
                    <h3>"Points possible changed"</h3>
                    <ul class="ss-an-changes" data-testid="changes-reweighted">
                        {reweighted.into_iter().map(|c| plain(c, "possible")).collect_view()}
                    </ul>
                }
            })}
        {(!diff.services_added.is_empty() || !diff.services_removed.is_empty())
            .then(|| {
                view! {
                    <h3>"Services"</h3>
                    <ul class="ss-an-changes" data-testid="changes-services">
                        {(!diff.services_added.is_empty())
                            .then(|| view! { <li>"Added: " {services(&diff.services_added)}</li> })}
                        {(!diff.services_removed.is_empty())
                            .then(|| view! { <li>"Removed: " {services(&diff.services_removed)}</li> })}
                    </ul>
                }
            })}
    }
}
