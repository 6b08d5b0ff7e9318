//! Says when a tenant's newest data is older than Microsoft's daily score
//! ([`crate::sources::schedule::stale_by`]), with the date, and offers
//! Refresh where the data has a source that can refresh (`stale-data`).

use chrono::NaiveDate;
use leptos::prelude::*;

use crate::components::format;
use crate::signin::use_sign_in;
use crate::sources::clock;
use crate::sources::schedule::stale_by;
use crate::sources::Sources;

#[component]
pub fn StaleNote(newest: NaiveDate) -> impl IntoView {
    // The shell's sources, never a copy of its own: this note is built
    // inside the Overview's and the widget's reactive views.
    let sources = use_context::<Sources>();
    let sign_in = use_sign_in();
    let age = stale_by(newest, clock::today())?;
    let can_refresh = move || sources.is_some_and(|s| s.endpoint.url.with(Option::is_some));
    let fetching = move || sources.is_some_and(|s| s.endpoint.fetching.get());
    let refresh = move |_| match sign_in.filter(|s| s.active.with_untracked(Option::is_some)) {
        Some(sign_in) => sign_in.refresh(),
        None => {
            if let Some(sources) = sources {
                sources.refresh();
            }
        }
    };
    Some(view! {
        <p class="ss-stale" role="status" data-testid="stale-data" data-date=newest.to_string()>
            "The newest data is from " {format::date(newest)} ", " {age} " days ago: Microsoft \
             computes a new score every day. "
            {move || if can_refresh() {
                view! {
                    <button
                        type="button"
                        class="ss-button"
                        disabled=fetching
                        on:click=refresh
                    >
                        "Refresh"
                    </button>
                }
                .into_any()
            } else {
                view! { <span>"Upload a newer export on the Data page."</span> }.into_any()
            }}
        </p>
    })
}
