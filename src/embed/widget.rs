//! The compact score widget: the current score, points possible and
//! percentage, the change against 7 days ago, and a link to the full
//! dashboard. It reuses the score card's summary and ring, so its numbers
//! are the Overview's.

use leptos::prelude::*;

use crate::components::format;
use crate::components::gauge::Gauge;
use crate::components::score_card::ScoreSummary;
use crate::components::stale::StaleNote;
use crate::engine::model::round2;
use crate::engine::summary::with_statuses;
use crate::sources::clock;
use crate::state::statuses::use_statuses;
use crate::state::use_app;

/// The widget of the shown tenant.
#[component]
pub fn Widget() -> impl IntoView {
    let app = use_app();
    let statuses = use_statuses();
    let today = clock::today();
    let href = super::config().dashboard;
    let summary = Memo::new(move |_| {
        let history = app.history()?;
        let day = history.latest()?;
        let adjusted = statuses
            .overrides
            .with(|overrides| with_statuses(day, overrides, today));
        // The name alone (the id is long for a small card), else the id.
        let tenant = [history.tenant.name.trim(), history.tenant.id.trim()]
            .into_iter()
            .find(|t| !t.is_empty())
            .unwrap_or("Unnamed tenant")
            .to_string();
        ScoreSummary::of_latest(&history, Some(adjusted)).map(|s| (s, tenant))
    });
    let body = move || match summary.get() {
        Some((summary, tenant)) => {
            view! { <WidgetBody summary=summary tenant=tenant /> }.into_any()
        }
        None => view! { <p class="ss-widget-empty ss-muted">"No score loaded yet."</p> }.into_any(),
    };
    view! {
        <section class="ss-widget" data-testid="widget" aria-label="Secure Score">
            <h2 class="ss-widget-title">"Secure Score"</h2>
            {body}
            <div class="ss-alert ss-widget-alert" role="alert" data-testid="app-error">
                {move || app.error.get()}
            </div>
            <a class="ss-widget-link" href=href>
                "Open the dashboard" <span aria-hidden="true">" →"</span>
            </a>
        </section>
    }
}

/// The numbers of the widget.
#[component]
fn WidgetBody(summary: ScoreSummary, tenant: String) -> impl IntoView {
    let current = summary.adjusted;
    let pct = current.percent();
    let (class, arrow, text, spoken) = match summary.change_7 {
        None => (
            "ss-widget-trend ss-muted",
            "",
            "no score 7 days ago".to_string(),
            "no score 7 days ago".to_string(),
        ),
        Some(c) if round2(c) > 0.0 => (
            "ss-widget-trend ss-up",
            "▲",
            format!("{} in 7 days", format::delta(c)),
            format!("up {} points in 7 days", format::points(c)),
        ),
        Some(c) if round2(c) < 0.0 => (
            "ss-widget-trend ss-down",
            "▼",
            format!("{} in 7 days", format::delta(c)),
            format!("down {} points in 7 days", format::points(-c)),
        ),
        Some(_) => (
            "ss-widget-trend",
            "→",
            "no change in 7 days".to_string(),
            "no change in 7 days".to_string(),
        ),
    };
    let change = summary.change_7.map(format::data_number);
    view! {
        <p class="ss-widget-tenant ss-muted">{tenant} " · " {format::date(summary.date)}</p>
        <StaleNote newest=summary.date />
        <div class="ss-widget-body">
            <Gauge percent=pct label=format::percent(pct) />
            <div class="ss-widget-numbers">
                <p class="ss-widget-main">
                    <span
                        class="ss-widget-score ss-num"
                        data-testid="widget-score"
                        data-value=format::data_number(current.earned)
                    >
                        {format::points(current.earned)}
                    </span>
                    <span class="ss-widget-of">
                        " of "
                        <span class="ss-num" data-value=format::data_number(current.possible)>
                            {format::points(current.possible)}
                        </span>
                        " points"
                    </span>
                </p>
                <p class="ss-widget-percent">
                    <span class="ss-num" data-value=format::data_number(pct)>{format::percent(pct)}</span>
                </p>
                <p class=class data-value=change>
                    <span aria-hidden="true">{arrow} " " <span class="ss-num">{text}</span></span>
                    <span class="ss-visually-hidden">{spoken}</span>
                </p>
            </div>
        </div>
    }
}
