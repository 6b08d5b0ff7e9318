//! "Share report": downloads the shown tenant's read-only report (see
//! [`crate::report`]) as one HTML file, optionally without the tenant's
//! name and id or user counts.

use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

use crate::app::statuses::use_statuses;
use crate::app::use_app;
use crate::components::format;
use crate::report::{self, ReportOptions};

/// The share button and its options.
#[component]
pub fn ShareReport() -> impl IntoView {
    let app = use_app();
    let statuses = use_statuses();
    let hide_tenant = RwSignal::new(false);
    let hide_users = RwSignal::new(false);
    let has_data = move || app.history().is_some_and(|h| !h.days.is_empty());
    let share = move |_| {
        let Some(history) = app.history() else {
            return;
        };
        let today = format::today();
        let options = ReportOptions {
            hide_tenant: hide_tenant.get_untracked(),
            hide_users: hide_users.get_untracked(),
        };
        let html = statuses
            .overrides
            .with_untracked(|overrides| report::render(&history, overrides, today, options));
        if download(&html, &report::file_name(today)).is_err() {
            app.error.set(Some(
                "The report could not be downloaded in this browser.".to_string(),
            ));
        }
    };
    view! {
        <div class="ss-share" role="group" aria-label="Share a read-only report">
            <button
                type="button"
                class="ss-button"
                data-testid="share-report"
                disabled=move || !has_data()
                aria-describedby="ss-share-hint"
                on:click=share
            >
                "Share report"
            </button>
            <fieldset class="ss-share-redact" data-testid="share-redact">
                <legend>"Leave out"</legend>
                <label>
                    <input
                        type="checkbox"
                        name="redact-tenant"
                        prop:checked=move || hide_tenant.get()
                        on:change=move |ev| hide_tenant.set(event_target_checked(&ev))
                    />
                    " tenant name and id"
                </label>
                <label>
                    <input
                        type="checkbox"
                        name="redact-users"
                        prop:checked=move || hide_users.get()
                        on:change=move |ev| hide_users.set(event_target_checked(&ev))
                    />
                    " user counts"
                </label>
            </fieldset>
            <p id="ss-share-hint" class="ss-muted ss-share-hint">
                "Downloads one read-only HTML file with the data inside: it opens offline, "
                "and prints or saves as PDF from the browser."
            </p>
        </div>
    }
}

/// Offers `html` as a download named `name`.
pub fn download(html: &str, name: &str) -> Result<(), JsValue> {
    let parts = js_sys::Array::of1(&JsValue::from_str(html));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("text/html;charset=utf-8");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    let document = document();
    let link: web_sys::HtmlAnchorElement = document.create_element("a")?.unchecked_into();
    link.set_href(&url);
    link.set_download(name);
    link.set_rel("noopener");
    link.set_hidden(true);
    let parent = document.body().ok_or(JsValue::NULL)?;
    parent.append_child(&link)?;
    link.click();
    link.remove();
    // Long enough for the browser to start the download.
    set_timeout(
        move || {
            let _ = web_sys::Url::revoke_object_url(&url);
        },
        std::time::Duration::from_secs(60),
    );
    Ok(())
}
