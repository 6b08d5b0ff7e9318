//! The box a wide table scrolls in, inside its card, on a narrow screen.

use leptos::prelude::*;

/// A table's scroll box: it takes focus, so that the keyboard scrolls it too
/// (a table of text alone has nothing else to focus), and is a group named
/// `label`, which a screen reader says on focus (not a region: its card is
/// the landmark already). `class` sets its style (`ss-table-scroll` unless
/// given).
#[component]
pub fn TableScroll(
    label: &'static str,
    #[prop(default = "ss-table-scroll")] class: &'static str,
    children: Children,
) -> impl IntoView {
    view! {
        <div class=class role="group" aria-label=label tabindex="0">
            {children()}
        </div>
    }
}
