//! What changed between the selected day and the previous day of data (or
//! any other day picked): controls that improved or regressed, controls
//! and services that came or went, and the points possible.
//!
//! The card is built once; a new selection updates its texts and, through
//! keyed lists, only the items that differ.

mod lines;

use leptos::prelude::*;

use super::Analyzer;
use crate::components::format;
use crate::engine::diff::diff;
use lines::{Line, Lines};

/// A list of [`Lines`] the card shows.
type Pick = fn(&Lines) -> &Vec<Line>;

/// The "What changed" card.
#[component]
pub fn WhatChanged() -> impl IntoView {
    let analyzer = expect_context::<Analyzer>();
    // One diff per (selected, compared) pair, never the whole history.
    let lines = Memo::new(move |_| {
        let day = analyzer.selected.get()?;
        let other = analyzer.compare_with.get()?;
        analyzer.prepared.with(|p| {
            let p = p.as_ref()?;
            let (from, to) = if other < day {
                (other, day)
            } else {
                (day, other)
            };
            diff(&p.history, from, to).map(|d| Lines::new(&p.history, &d))
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
    let none = move || lines.with(Option::is_none);
    let text = move |f: fn(&Lines) -> String| {
        move || lines.with(|l| l.as_ref().map(f).unwrap_or_default())
    };
    let count = move |pick: Pick| lines.with(|l| l.as_ref().map_or(0, |l| pick(l).len()));
    let list = move |pick: Pick, testid: &'static str| {
        view! {
            <ul class="ss-an-changes" data-testid=testid>
                <For
                    each=move || lines.with(|l| l.as_ref().map(|l| pick(l).clone()).unwrap_or_default())
                    key=Line::clone
                    let:line
                >
                    {item(line)}
                </For>
            </ul>
        }
    };
    let moved =
        move |heading: &'static str, pick: Pick, testid: &'static str, empty: &'static str| {
            view! {
                <div>
                    <h3>{move || format!("{heading} ({})", count(pick))}</h3>
                    {list(pick, testid)}
                    <Show when=move || count(pick) == 0>
                        <p class="ss-muted">{empty}</p>
                    </Show>
                </div>
            }
        };
    let still = move |heading: &'static str, pick: Pick, testid: &'static str| {
        view! {
            <Show when=move || count(pick) != 0>
                <h3>{heading}</h3>
                {list(pick, testid)}
            </Show>
        }
    };
    let services = move |label: &'static str, f: fn(&Lines) -> String| {
        view! {
            <Show when=move || !text(f)().is_empty()>
                <li>{label} {text(f)}</li>
            </Show>
        }
    };
    let any_service = move || {
        lines.with(|l| {
            l.as_ref()
                .is_some_and(|l| !l.services_added.is_empty() || !l.services_removed.is_empty())
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
                            let vs = analyzer.params.with_untracked(|p| p.vs);
                            options
                                .get()
                                .into_iter()
                                .map(|d| {
                                    view! {
                                        <option value=d.to_string() selected=vs == Some(d)>
                                            {format::date(d)}
                                        </option>
                                    }
                                })
                                .collect_view()
                        }}
                    </select>
                </label>
            </div>
            <Show when=none>
                <p class="ss-muted" data-testid="changes-none">
                    "This is the first day of the history: there is no earlier day to compare with."
                </p>
            </Show>
            <div hidden=none>
                <p class="ss-an-compare" data-from=text(|l| l.from.clone()) data-to=text(|l| l.to.clone())>
                    "From "
                    <time datetime=text(|l| l.from.clone())>{text(|l| l.from_long.clone())}</time>
                    " to "
                    <time datetime=text(|l| l.to.clone())>{text(|l| l.to_long.clone())}</time>
                    ": score "
                    {text(|l| l.score[0].clone())}
                    " → "
                    {text(|l| l.score[1].clone())}
                    " ("
                    <span data-testid="changes-score-delta" data-value=text(|l| l.score[3].clone())>
                        {text(|l| l.score[2].clone())}
                    </span>
                    "), points possible "
                    {text(|l| l.possible[0].clone())}
                    " → "
                    {text(|l| l.possible[1].clone())}
                    " ("
                    <span data-testid="changes-possible-delta" data-value=text(|l| l.possible[3].clone())>
                        {text(|l| l.possible[2].clone())}
                    </span>
                    ")."
                </p>
                <div class="ss-an-change-grid">
                    {moved("Improved", |l| &l.improved, "changes-improved", "No control gained points.")}
                    {moved("Regressed", |l| &l.regressed, "changes-regressed", "No control lost points.")}
                </div>
                {still("Controls added", |l| &l.added, "changes-added")}
                {still("Controls removed", |l| &l.removed, "changes-removed")}
                {still("Points possible changed", |l| &l.reweighted, "changes-reweighted")}
                {still("Status changed in Microsoft 365", |l| &l.states, "changes-status")}
                <Show when=any_service>
                    <h3>"Services"</h3>
                    <ul class="ss-an-changes" data-testid="changes-services">
                        {services("Added: ", |l| l.services_added.clone())}
                        {services("Removed: ", |l| l.services_removed.clone())}
                    </ul>
                </Show>
            </div>
        </section>
    }
}

/// One control of a list (its title is untrusted: a text node).
fn item(line: Line) -> impl IntoView {
    let (before, after) = line.numbers.unzip();
    view! {
        <li data-control=line.id data-before=before data-after=after>
            <span class="ss-an-change-title">{line.title}</span>
            " "
            <span class="ss-an-change-points">{line.text}</span>
            " "
            <span class=line.kind_class title=line.explain>
                {line.kind_label}
            </span>
        </li>
    }
}
