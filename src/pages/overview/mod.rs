//! The Overview page: the score, how it breaks down and compares, what to do
//! next, and what the score covers.

mod categories;
mod comparisons;
mod coverage;
mod tenants;
mod top_actions;

use leptos::prelude::*;

use crate::components::format;
use crate::components::no_data::NoData;
use crate::components::score_card::{ScoreCard, ScoreSummary};
use crate::components::stale::StaleNote;
use crate::engine::queue::queue;
use crate::engine::status::adjusted_by_category;
use crate::engine::summary::with_statuses;
use crate::sources::clock;
use crate::state::statuses::use_statuses;
use crate::state::use_app;

pub use tenants::tenant_label;

/// The Overview page.
#[component]
pub fn OverviewPage() -> impl IntoView {
    let app = use_app();
    let statuses = use_statuses();
    let today = clock::today();
    let content = move || {
        let Some(history) = app.history() else {
            return view! { <NoData /> }.into_any();
        };
        let Some(day) = history.latest().cloned() else {
            return view! { <NoData /> }.into_any();
        };
        let overrides = statuses.overrides.get();
        let adjusted = with_statuses(&day, &overrides, today);
        let Some(summary) = ScoreSummary::of_latest(&history, Some(adjusted)) else {
            return view! { <NoData /> }.into_any();
        };
        let changed = summary.statuses_change_score();
        let categories = adjusted_by_category(&day, &overrides, today);
        let items = queue(&history, &day, &overrides, today);
        let tenants = app.tenants.get();
        let name = tenant_label(&history);
        view! {
            <p class="ss-muted ss-page-sub">
                <span class="ss-tenant-name">{name}</span>
                " · " {format::date(day.date)}
            </p>
            <StaleNote newest=day.date />
            <div class="ss-overview-grid">
                <ScoreCard summary=summary />
                <categories::Categories categories=categories adjusted=changed />
                <top_actions::TopActions items=items current=adjusted.earned />
                <comparisons::Comparisons day=day.clone() />
                <coverage::Coverage day=day history=history.clone() />
            </div>
            {(tenants.len() > 1).then(|| view! { <tenants::TenantTable tenants=tenants /> })}
        }
        .into_any()
    };
    view! {
        <section class="ss-page ss-overview">
            <h1>"Overview"</h1>
            <crate::embed::share::ShareReport />
            {content}
        </section>
    }
}
