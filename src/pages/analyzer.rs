//! The Analyzer page.

use leptos::prelude::*;

/// The Analyzer page.
#[component]
pub fn AnalyzerPage() -> impl IntoView {
    view! { <section class="ss-page"><h1>"Score Analyzer"</h1></section> }
}
