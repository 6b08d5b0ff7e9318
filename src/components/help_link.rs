//! Links to the help page (`help.html` beside the app's files, a static
//! page: it adds nothing to the app's code), opened in a new tab so that
//! the app, and a sign-in held in memory, stay as they are.

use leptos::prelude::*;

/// A link to the help page's answer `topic` (an anchor of `help.html`).
#[component]
pub fn HelpLink(topic: &'static str, label: &'static str) -> impl IntoView {
    let href = crate::assets::asset_url("help.html").unwrap_or_else(|| "help.html".to_string());
    view! {
        <a class="ss-help-link" href=format!("{href}#{topic}") target="_blank" rel="noopener noreferrer" data-help=topic>
            {label}
        </a>
    }
}
