//! The panel that says why an endpoint or Graph refused to answer (401 or
//! 403) and what to do (`admin-required`, `data-status`).

use leptos::prelude::*;

#[component]
pub fn AdminRequiredPanel(status: u16, title: &'static str, children: Children) -> impl IntoView {
    view! {
        <section
            class="ss-card ss-data-admin"
            data-testid="admin-required"
            data-status=status.to_string()
            aria-labelledby="ss-data-admin-title"
        >
            <h2 id="ss-data-admin-title">{title}</h2>
            {children()}
        </section>
    }
}
