//! The empty state of a page when no data is loaded.

use leptos::prelude::*;

use crate::state::route::{Page, Route};

/// Says that no data is loaded and where to load some.
#[component]
pub fn NoData() -> impl IntoView {
    view! {
        <div class="ss-card ss-empty">
            <h2>"No data loaded"</h2>
            <p>
                "Load a Microsoft Graph Secure Score export or connect an endpoint on the "
                <a href=Route::page(Page::Data).to_hash()>"Data page"</a> "."
            </p>
        </div>
    }
}
