//! Which services the score covers, and which controls were left out
//! because their service is not there.

use leptos::prelude::*;

use crate::engine::model::{DayScore, TenantHistory};
use crate::engine::sort::sort;
use crate::text::plural;

/// The coverage card.
#[component]
pub fn Coverage(day: DayScore, history: std::sync::Arc<TenantHistory>) -> impl IntoView {
    let mut services: Vec<String> = day.services.iter().map(|s| s.label().to_string()).collect();
    if services.is_empty() {
        // No list in the data: the services of the applicable controls.
        let mut seen: Vec<_> = day.controls.iter().map(|c| c.service.clone()).collect();
        sort(&mut seen);
        seen.dedup();
        services = seen.iter().map(|s| s.label().to_string()).collect();
    }
    let excluded = day.excluded.clone();
    let count = excluded.len();
    view! {
        <section class="ss-card ss-coverage" aria-labelledby="ss-coverage-title">
            <h2 id="ss-coverage-title">"What the score covers"</h2>
            <p class="ss-muted">"Services counted:"</p>
            <ul class="ss-chips">
                {services.into_iter().map(|s| view! { <li class="ss-chip">{s}</li> }).collect_view()}
            </ul>
            {if count == 0 {
                view! { <p class="ss-muted">"No control was excluded."</p> }.into_any()
            } else {
                view! {
                    <details class="ss-details">
                        <summary>
                            {format!(
                                "{} excluded because their service is not there",
                                plural(count, "control"),
                            )}
                        </summary>
                        <ul class="ss-excluded">
                            {excluded
                                .into_iter()
                                .map(|e| {
                                    let title = history
                                        .info(&e.id)
                                        .map(|i| i.title.clone())
                                        .unwrap_or_else(|| e.id.clone());
                                    view! {
                                        <li data-control=e.id.clone()>
                                            <span>{title}</span>
                                            " "
                                            <span class="ss-muted">"— " {e.reason}</span>
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                    </details>
                }
                .into_any()
            }}
        </section>
    }
}
