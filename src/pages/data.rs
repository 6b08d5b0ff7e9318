//! The Data page.

use leptos::prelude::*;

/// The Data page.
#[component]
pub fn DataPage() -> impl IntoView {
    view! { <section class="ss-page"><h1>"Data"</h1></section> }
}
