//! "Share report": downloads the shown tenant's read-only report (see
//! [`crate::report`]; with our assessment when one of that tenant was
//! made), or with several tenants kept the fleet's
//! ([`crate::report::fleet`]), as one HTML file, optionally without the
//! tenants' names and ids or user counts.

use std::sync::Arc;

use chrono::NaiveDate;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::assess::{use_assess, AssessState};
use crate::components::csv;
use crate::engine::live::Comparison;
use crate::engine::model::TenantHistory;
use crate::engine::status::Overrides;
use crate::lazy::split_point;
use crate::report::{self, ReportOptions};
use crate::sources::clock;
use crate::sources::schedule::stale_by;
use crate::state::statuses::use_statuses;
use crate::state::use_app;

/// The share button and its options; `fleet`: "all tenants" is checked
/// to begin with (the Fleet page).
#[component]
pub fn ShareReport(#[prop(optional)] fleet: bool) -> impl IntoView {
    let app = use_app();
    let statuses = use_statuses();
    let hide_tenant = RwSignal::new(false);
    let hide_users = RwSignal::new(false);
    let all_tenants = RwSignal::new(fleet);
    let several = Memo::new(move |_| app.tenants.with(|t| t.len() > 1));
    let has_data = move || app.history().is_some_and(|h| !h.days.is_empty());
    let share = move |_| {
        let Some(history) = app.history() else {
            return;
        };
        let today = clock::today();
        let options = ReportOptions {
            hide_tenant: hide_tenant.get_untracked(),
            hide_users: hide_users.get_untracked(),
            all_tenants: all_tenants.get_untracked() && several.get_untracked(),
        };
        let overrides = statuses.overrides.get_untracked();
        let tenants = app.tenants.get_untracked();
        // Our assessment goes in when it is of the tenant reported on.
        let assessed = use_assess().and_then(|a| match a.state.get_untracked() {
            AssessState::Done(outcome) if outcome.tenant == history.tenant.id => Some(outcome),
            _ => None,
        });
        let name = if options.all_tenants {
            format!("secure-score-fleet-report-{today}.html")
        } else {
            report::file_name(today)
        };
        spawn_local(async move {
            let error = match render(
                &history,
                &tenants,
                &overrides,
                assessed.as_ref().map(|o| &o.comparison),
                today,
                options,
            )
            .await
            {
                Err(_) => {
                    "The report could not be made: its code could not be loaded. \
                           Check the connection and try again."
                }
                Ok(html) => match csv::download(&name, "text/html;charset=utf-8", &html) {
                    Ok(()) => return,
                    Err(_) => "The report could not be downloaded in this browser.",
                },
            };
            app.error.set(Some(error.to_string()));
        });
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
            {move || several.get().then(|| view! {
                <label class="ss-share-all">
                    <input
                        type="checkbox"
                        name="report-all-tenants"
                        data-testid="share-all-tenants"
                        prop:checked=move || all_tenants.get()
                        on:change=move |ev| all_tenants.set(event_target_checked(&ev))
                    />
                    " Cover all tenants (a fleet summary)"
                </label>
            })}
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

// The report (`crate::report`: its HTML, chart and stylesheet), made in a
// wasm chunk of its own that the first share fetches: most visits never
// share, so the first load does not carry it. A chunk that cannot be
// fetched is an error shown, not a panic.
split_point!(
    secure_score_report,
    fn render(
        history: &TenantHistory,
        tenants: &[Arc<TenantHistory>],
        overrides: &Overrides,
        assessment: Option<&Comparison>,
        today: NaiveDate,
        options: ReportOptions,
    ) -> String {
        if options.all_tenants {
            report::fleet::render(tenants, today, options, |newest| stale_by(newest, today))
        } else {
            report::render(history, overrides, assessment, today, options)
        }
    }
);
