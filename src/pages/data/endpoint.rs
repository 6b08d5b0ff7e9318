//! The REST endpoint form and the panel shown when it answers 401 or 403.

use leptos::html;
use leptos::prelude::*;

use crate::components::admin_required::AdminRequiredPanel;
use crate::components::help_link::HelpLink;
use crate::sources::config::From;
use crate::sources::use_sources;

/// The endpoint form: URL, optional bearer token, connect.
#[component]
pub fn EndpointCard() -> impl IntoView {
    let sources = use_sources();
    let url = NodeRef::<html::Input>::new();
    let token = NodeRef::<html::Input>::new();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(address) = url.get().map(|i| i.value()) else {
            return;
        };
        if address.trim().is_empty() {
            return;
        }
        let secret = token.get().map(|i| i.value());
        sources.connect(address, secret);
    };
    let initial = sources.endpoint.url.get_untracked().unwrap_or_default();
    view! {
        <section class="ss-card ss-data-endpoint" aria-labelledby="ss-data-endpoint-title">
            <h2 id="ss-data-endpoint-title">"Connect an endpoint"</h2>
            <p>
                "Microsoft Graph (" <code>".../security/secureScores"</code>
                ": its control profiles are fetched beside it, and every "
                <code>"@odata.nextLink"</code>
                " page is followed) or your own endpoint returning any of the files above."
            </p>
            <form class="ss-data-form" on:submit=on_submit>
                <label>
                    <span>"Endpoint URL"</span>
                    <input
                        type="text"
                        inputmode="url"
                        autocomplete="url"
                        spellcheck="false"
                        placeholder="https://graph.microsoft.com/v1.0/security/secureScores"
                        data-testid="source-url"
                        node_ref=url
                        prop:value=initial
                    />
                </label>
                <label>
                    <span>"Bearer token (optional)"</span>
                    <input
                        type="password"
                        autocomplete="off"
                        spellcheck="false"
                        data-testid="source-token"
                        node_ref=token
                    />
                </label>
                <p class="ss-muted ss-data-hint">
                    "The token stays in this tab's memory: it is never stored, never put in \
                     the address, and sent only to the endpoint's own site."
                </p>
                <div class="ss-data-actions">
                    <button
                        type="submit"
                        class="ss-button ss-primary"
                        data-testid="source-connect"
                        disabled=move || sources.endpoint.fetching.get()
                    >
                        "Connect"
                    </button>
                </div>
            </form>
        </section>
    }
}

/// Why a 401 or 403 happened, and what to do (`admin-required`).
#[component]
pub fn AdminRequired() -> impl IntoView {
    let sources = use_sources();
    move || {
        sources.report.admin_required.get().map(|(url, status)| {
            // The shell explains a signed-in admin's refusal on every page.
            if sources.endpoint.configured.get() == Some(From::SignIn) {
                return ().into_any();
            }
            let meaning = if status == 401 {
                "401: the request was not signed in, or the token is missing, expired or \
                 meant for another service. Get a new token for Microsoft Graph."
            } else {
                "403: the account or the app is signed in but lacks the role or the \
                 permission."
            };
            view! {
                <AdminRequiredPanel status=status title="An admin role is needed">
                    <p>
                        <strong>{url}</strong> " answered HTTP " {status} ". " {meaning}
                    </p>
                    <ul>
                        <li>
                            "Reading Secure Score needs a Microsoft Entra admin role that reads \
                             security data: Global Reader, Security Reader, Security Operator, \
                             or another read role such as Exchange, SharePoint or Teams \
                             administrator for their own services."
                        </li>
                        <li>
                            "Changing the status of an improvement action needs Security \
                             Administrator or above (Global Administrator), or a custom admin \
                             role with that permission."
                        </li>
                        <li>
                            "The endpoint needs the Microsoft Graph permission "
                            <code>"SecurityEvents.Read.All"</code>
                            " (delegated or application), granted by an administrator."
                        </li>
                        <li>
                            <HelpLink topic="who" label="Who can read Secure Score?" />
                        </li>
                        <li>
                            "Not an admin? Ask one to share a report (\"Share report\" on the \
                             Overview page) or an export of secureScores and \
                             secureScoreControlProfiles, and open or upload it here."
                        </li>
                    </ul>
                </AdminRequiredPanel>
            }
            .into_any()
        })
    }
}
