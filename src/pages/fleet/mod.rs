//! The Fleet page: every kept tenant side by side ([`table`]) and the
//! controls the fleet is missing ([`gaps`]), both exported as CSV
//! ([`export`]). Its code is a wasm chunk of its own (`app::split`).

mod export;
mod gaps;
mod sparkline;
mod table;

use leptos::prelude::*;

use crate::engine::fleet::{fleet, Fleet};
use crate::state::route::{Page, Route};
use crate::state::{use_app, AppState};

/// The Fleet page.
#[component]
pub fn FleetPage() -> impl IntoView {
    let app = use_app();
    // Computed once per change of the kept tenants, shared by both views.
    let fleet: Memo<Fleet> = Memo::new(move |_| app.tenants.with(|t| fleet(t)));
    let several = Memo::new(move |_| app.tenants.with(|t| t.len() > 1));
    // The gaps ranking comes a frame after the table: with 50 tenants,
    // each fits in a frame of its own, both together do not.
    let gaps_shown = RwSignal::new(false);
    request_animation_frame(move || {
        request_animation_frame(move || {
            let _ = gaps_shown.try_set(true);
        })
    });
    view! {
        <section class="ss-page ss-fleet">
            <h1>"Fleet"</h1>
            <crate::embed::share::ShareReport fleet=true />
            {move || if several.get() {
                view! {
                    <p class="ss-muted ss-page-sub">
                        {move || fleet.with(|f| f.rows.len())}
                        " tenants, each as its data reports its newest day. \
                         Open a tenant to see its dashboard."
                    </p>
                    <table::FleetTable fleet=fleet />
                    {move || gaps_shown.get().then(|| view! { <gaps::ControlGaps fleet=fleet /> })}
                }
                .into_any()
            } else {
                view! {
                    <p class="ss-card" data-testid="fleet-empty">
                        "The fleet view compares tenants: import the exports of more than one \
                         tenant (one file each, chosen or dropped together) on the "
                        <a href=Route::page(Page::Data).to_hash()>"Data page"</a> "."
                    </p>
                }
                .into_any()
            }}
        </section>
    }
}

/// Shows tenant `index` on `route` (its Overview, or its action for a
/// control): the tenant is selected first, so that the page opens on it.
fn open_tenant(app: AppState, index: usize, route: Route) {
    app.selected.set(index);
    app.router.go(route, false);
}
