//! The Overview page.

use leptos::prelude::*;

/// The Overview page.
#[component]
pub fn OverviewPage() -> impl IntoView {
    view! { <section class="ss-page"><h1>"Overview"</h1></section> }
}
