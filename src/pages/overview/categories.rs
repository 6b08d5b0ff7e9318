//! Points by category.

use leptos::prelude::*;

use crate::components::category_bars::CategoryBars;
use crate::engine::model::{Category, Points};

/// The category card.
#[component]
pub fn Categories(categories: Vec<(Category, Points)>, adjusted: bool) -> impl IntoView {
    view! {
        <section class="ss-card ss-categories" aria-labelledby="ss-categories-title">
            <h2 id="ss-categories-title">"Points by category"</h2>
            <CategoryBars categories=categories />
            {adjusted.then(|| view! { <p class="ss-muted">"With your statuses applied."</p> })}
        </section>
    }
}
