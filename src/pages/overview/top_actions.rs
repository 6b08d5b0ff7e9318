//! The few improvement actions worth the most points, each linking to its
//! details on the actions page.

use leptos::prelude::*;

use crate::components::format;
use crate::engine::queue::ActionItem;
use crate::state::route::{Page, Route};

/// How many actions the overview lists.
pub const TOP: usize = 5;

/// The top actions card. `items` is the queue in points-to-gain order.
#[component]
pub fn TopActions(items: Vec<ActionItem>, current: f64) -> impl IntoView {
    let top: Vec<ActionItem> = items
        .into_iter()
        .filter(|i| i.in_default_queue() && i.scored && i.gain > 0.0)
        .take(TOP)
        .collect();
    let total: f64 = top.iter().map(|i| i.gain).sum();
    let count = top.len();
    view! {
        <section class="ss-card ss-top-actions" aria-labelledby="ss-top-title">
            <h2 id="ss-top-title">"Do these next"</h2>
            {if top.is_empty() {
                view! { <p>"Nothing left to gain: every scored action is done or has a status."</p> }
                    .into_any()
            } else {
                view! {
                    <ol class="ss-top-list">
                        {top
                            .into_iter()
                            .map(|item| {
                                let href = Route::page(Page::Actions)
                                    .with_param("control", Some(&item.id))
                                    .to_hash();
                                view! {
                                    <li data-control=item.id.clone()>
                                        <a href=href>{item.info.title.clone()}</a>
                                        <span class="ss-top-meta">
                                            <span class="ss-gain ss-num" data-points-gain=format::data_number(item.gain)>
                                                "+" {format::points(item.gain)} " points"
                                            </span>
                                            <span class="ss-muted">
                                                {item.info.category.label()} " · " {item.info.service.label().to_string()}
                                                " · user impact " {item.info.user_impact.label().to_ascii_lowercase()}
                                            </span>
                                        </span>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ol>
                    <p class="ss-muted">
                        {format!(
                            "Completing {} would bring the score to {} points.",
                            if count == 1 { "it".to_string() } else { format!("all {count}") },
                            format::points(current + total),
                        )}
                        " "
                        <a href=Route::page(Page::Actions).to_hash()>"See every action"</a>
                    </p>
                }
                .into_any()
            }}
        </section>
    }
}
