//! The score card: current score, points possible, percentage, a ring, the
//! change over 7 and 30 days and when the score was computed. It takes
//! plain data, so it works alone (the embeddable widget reuses it).

use leptos::prelude::*;

use super::format;
use super::gauge::Gauge;
use super::help_link::HelpLink;
use crate::dom::after_next_paint;
use crate::sources::schedule;

pub use crate::engine::summary::ScoreSummary;

/// The score card.
#[component]
pub fn ScoreCard(summary: ScoreSummary) -> impl IntoView {
    let current = summary.adjusted;
    let pct = current.percent();
    let adjusted = summary.statuses_change_score();
    let reported = summary.reported;
    let when = match summary.computed_at {
        Some(at) => format!("Computed {}", format::date_time(at)),
        None => format!("Score of {}", format::date(summary.date)),
    };
    view! {
        <section class="ss-card ss-score-card" aria-labelledby="ss-score-title">
            <h2 id="ss-score-title">"Secure Score"</h2>
            <div class="ss-score-body">
                <Gauge percent=pct label=format::percent(pct) />
                <div class="ss-score-numbers">
                    <p class="ss-score-main">
                        <span class="ss-score-value ss-num" data-testid="score-current" data-value=format::data_number(current.earned)>
                            {format::points(current.earned)}
                        </span>
                        <span class="ss-score-of">
                            " of "
                            <span class="ss-num" data-testid="score-max" data-value=format::data_number(current.possible)>
                                {format::points(current.possible)}
                            </span>
                            " points "
                            <HelpLink topic="points-possible" label="(what counts?)" />
                        </span>
                    </p>
                    <p class="ss-score-percent">
                        <span class="ss-num" data-testid="score-percent" data-value=format::data_number(pct)>
                            {format::percent(pct)}
                        </span>
                        {adjusted.then_some(" with your statuses")}
                    </p>
                    {adjusted.then(|| view! {
                        <p class="ss-score-reported">
                            "As reported: "
                            <span class="ss-num">{format::points(reported.earned)}</span>
                            " of "
                            <span class="ss-num">{format::points(reported.possible)}</span>
                            " (" {format::percent(reported.percent())} "). "
                            "With your statuses: "
                            <span class="ss-num">{format::points(current.earned)}</span>
                            "."
                        </p>
                    })}
                    <ul class="ss-score-changes" aria-label="Change of the reported score">
                        <Change label="7 days" change=summary.change_7 />
                        <Change label="30 days" change=summary.change_30 />
                    </ul>
                    <p class="ss-muted ss-score-when">{when}</p>
                </div>
            </div>
            <p class="ss-muted ss-score-note">
                "The score is computed once a day: a change you make shows up the next day (allow up to 48 hours). "
                "It measures how many recommended protections are in place, not how likely a breach is."
            </p>
            <DailyComputation />
        </section>
    }
}

/// One change line: an arrow and a signed number, or "no data".
#[component]
fn Change(label: &'static str, change: Option<f64>) -> impl IntoView {
    let (class, arrow, text, spoken) = match change {
        None => (
            "ss-change",
            "",
            "no data".to_string(),
            "no data".to_string(),
        ),
        Some(c) if crate::engine::model::round2(c) > 0.0 => (
            "ss-change ss-up",
            "▲ ",
            format::delta(c),
            format!("up {} points", format::points(c)),
        ),
        Some(c) if crate::engine::model::round2(c) < 0.0 => (
            "ss-change ss-down",
            "▼ ",
            format::delta(c),
            format!("down {} points", format::points(-c)),
        ),
        Some(_) => (
            "ss-change",
            "",
            "no change".to_string(),
            "no change".to_string(),
        ),
    };
    view! {
        <li class=class>
            <span class="ss-muted">{label} ": "</span>
            <span aria-hidden="true">{arrow}</span>
            <span class="ss-num" aria-hidden="true">{text}</span>
            <span class="ss-visually-hidden">{spoken}</span>
        </li>
    }
}

/// When Microsoft computes the score, in the admin's time zone beside
/// Pacific time, and when the next one is expected (`daily-computation`).
#[component]
fn DailyComputation() -> impl IntoView {
    let now = crate::sources::clock::now_utc();
    let today = now.date_naive();
    let computed = schedule::computed_at(today);
    let next = schedule::next_refresh(now);
    // Naming the zone starts the browser's Intl data, about 18 ms at a
    // cold start: it is named after the first paint ("your time" until then).
    let zone = RwSignal::new(None::<String>);
    after_next_paint(move || {
        let _ = zone.try_set(Some(format::time_zone()).filter(|z| !z.is_empty()));
    });
    let zone = move || zone.get().unwrap_or_else(|| "your time".to_string());
    view! {
        <p class="ss-muted ss-score-note" data-testid="daily-computation" data-next=next.to_rfc3339()>
            "Microsoft computes it at about 1 AM Pacific time: "
            {format::local_time(computed, false)} " in " {zone}
            ". The next score is expected around " {format::local_time(next, true)} ". "
            <HelpLink topic="updates" label="How updates work" />
        </p>
    }
}
