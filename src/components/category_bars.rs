//! Earned / possible bars per category.

use leptos::prelude::*;

use super::format;
use crate::engine::model::{Category, Points};

/// One bar per category: earned of possible points.
#[component]
pub fn CategoryBars(categories: Vec<(Category, Points)>) -> impl IntoView {
    view! {
        <ul class="ss-category-bars">
            {categories
                .into_iter()
                .map(|(category, points)| {
                    let pct = points.percent();
                    view! {
                        <li
                            class="ss-category-row"
                            data-testid="category-row"
                            data-category=category.label()
                            data-earned=format::data_number(points.earned)
                            data-possible=format::data_number(points.possible)
                        >
                            <span class="ss-category-name">{category.label()}</span>
                            <span class="ss-category-points ss-num">
                                {format::points(points.earned)} " / " {format::points(points.possible)}
                                <span class="ss-muted">" (" {format::percent(pct)} ")"</span>
                            </span>
                            <span class="ss-bar" aria-hidden="true">
                                <span class="ss-bar-fill" style:width=format!("{:.2}%", pct.clamp(0.0, 100.0))></span>
                            </span>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}
