//! The Data page: where the shown data comes from, uploads, the endpoint
//! form, what the browser keeps, and every problem an import had. Also the
//! pieces of the loading flow the shell shows on every page (demo banner,
//! tenant switcher, drop zone, loading state), in [`shell`].

mod endpoint;
mod shell;
mod sign_in;
mod status;
mod statuses;
mod upload;

use leptos::prelude::*;

pub use shell::{DemoBanner, DropZone, LinkSourcePrompt, Loading, TenantSwitcher};

/// The Data page.
#[component]
pub fn DataPage() -> impl IntoView {
    // Whoever opens this page is about to import: the import worker loads
    // now rather than after the files are chosen.
    Effect::new(|_| crate::sources::worker::client::warm_up());
    view! {
        <section class="ss-page ss-data">
            <h1>"Data"</h1>
            <p class="ss-muted ss-page-sub">
                "Everything is computed in this browser. Files you upload never leave it; \
                 an endpoint you connect is read directly from here."
            </p>
            <status::ProgressBar />
            <status::ImportErrors />
            <endpoint::AdminRequired />
            <div class="ss-data-grid">
                <sign_in::SignInCard />
                <status::SourceCard />
                <upload::UploadCard />
                <endpoint::EndpointCard />
                <statuses::StatusesCard />
            </div>
            <upload::FileList />
            <status::KeptTenants />
        </section>
    }
}
