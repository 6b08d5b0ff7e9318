//! The Data page's "Sign in with Microsoft" card: who is signed in, to
//! which tenants, refresh, another account, and the redirect flow for
//! browsers that block popups.

use leptos::prelude::*;

use crate::components::sign_in::SignInButton;
use crate::signin::use_sign_in;

#[component]
pub fn SignInCard() -> impl IntoView {
    let sign_in = use_sign_in();
    move || {
        let sign_in = sign_in.filter(|s| s.config.with(Option::is_some))?;
        if sign_in.hosted.get() {
            return Some(
                view! {
                    <section class="ss-card ss-data-sign-in" aria-labelledby="ss-data-sign-in-title">
                        <h2 id="ss-data-sign-in-title">"Signed in by the host page"</h2>
                        <p>"This page signs you in to Microsoft Graph and hands Secure Score its tokens."</p>
                    </section>
                }
                .into_any(),
            );
        }
        let accounts = sign_in.accounts.get();
        let signed_in = !accounts.is_empty();
        Some(
            view! {
                <section class="ss-card ss-data-sign-in" aria-labelledby="ss-data-sign-in-title">
                    <h2 id="ss-data-sign-in-title">"Sign in with Microsoft"</h2>
                    {if signed_in {
                        view! {
                            <ul class="ss-data-accounts">
                                {accounts
                                    .into_iter()
                                    .map(|a| view! { <li>{a.username} " (tenant " <code>{a.tenant}</code> ")"</li> })
                                    .collect_view()}
                            </ul>
                            <div class="ss-data-actions">
                                <button
                                    type="button"
                                    class="ss-button ss-primary"
                                    data-testid="sign-in-refresh"
                                    on:click=move |_| sign_in.refresh()
                                >
                                    "Refresh"
                                </button>
                                <SignInButton another=true />
                            </div>
                        }
                        .into_any()
                    } else {
                        view! {
                            <p>
                                "Read your tenant's Secure Score, actions and 90-day history \
                                 straight from Microsoft Graph, with your work account. It needs \
                                 a role that reads security data, such as Security Reader or \
                                 Global Reader."
                            </p>
                            <SignInButton />
                            <label class="ss-data-hint">
                                <input
                                    type="checkbox"
                                    data-testid="sign-in-use-redirect"
                                    prop:checked=move || sign_in.redirect.get()
                                    on:change=move |ev| sign_in.redirect.set(event_target_checked(&ev))
                                />
                                " Sign in with a full-page redirect instead of a pop-up window"
                            </label>
                        }
                        .into_any()
                    }}
                    <p class="ss-muted ss-data-hint">
                        {move || if sign_in.redirect.get() {
                            "With a redirect, the sign-in is kept in this tab's session storage \
                             until you sign out or close the tab."
                        } else {
                            "Tokens stay in this tab's memory and are sent only to Microsoft \
                             Graph: a reload asks you to sign in again."
                        }}
                    </p>
                </section>
            }
            .into_any(),
        )
    }
}
