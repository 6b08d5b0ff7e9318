//! The Actions page.

use leptos::prelude::*;

/// The Actions page.
#[component]
pub fn ActionsPage() -> impl IntoView {
    view! { <section class="ss-page"><h1>"Improvement actions"</h1></section> }
}
