//! Sign-in with Microsoft on every page: the header's button or account
//! (with sign-out), a button for other places (demo banner, Data page), the
//! alert that explains a failed sign-in, and the panel that explains Graph
//! refusing a signed-in admin. Nothing shows where the
//! instance offers no sign-in (no `signIn` setting, or a host's token
//! provider signs in).

use leptos::prelude::*;

use crate::components::admin_required::AdminRequiredPanel;
use crate::components::help_link::HelpLink;
use crate::signin::trouble::Trouble;
use crate::signin::{redirect_uri, use_sign_in, SignIn};
use crate::sources::config::From;
use crate::sources::use_sources;

/// True when this instance offers the sign-in buttons.
fn offered(sign_in: &SignIn) -> bool {
    sign_in.config.with(Option::is_some) && !sign_in.hosted.get()
}

/// "Sign in with Microsoft" (`sign-in`); `another` adds an account.
#[component]
pub fn SignInButton(#[prop(optional)] another: bool) -> impl IntoView {
    let sign_in = use_sign_in();
    move || {
        let sign_in = sign_in.filter(offered)?;
        let label = if another {
            "Sign in with another account"
        } else {
            "Sign in with Microsoft"
        };
        Some(view! {
            <button
                type="button"
                class="ss-button"
                class:ss-primary=!another
                data-testid=if another { "sign-in-another" } else { "sign-in" }
                disabled=move || sign_in.busy.get()
                on:click=move |_| sign_in.sign_in(another)
            >
                {move || if sign_in.busy.get() { "Signing in…" } else { label }}
            </button>
        })
    }
}

/// The header's sign-in: the button, or the account and sign-out.
#[component]
pub fn SignInStatus() -> impl IntoView {
    let sign_in = use_sign_in();
    let confirming = RwSignal::new(false);
    move || {
        let sign_in = sign_in.filter(offered)?;
        let Some(account) = sign_in.active.get() else {
            return Some(view! { <SignInButton /> }.into_any());
        };
        let remove = RwSignal::new(false);
        Some(
            view! {
                <div class="ss-account">
                    <span
                        class="ss-account-name"
                        data-testid="signed-in-as"
                        data-tenant=account.tenant.clone()
                        title=format!("Signed in to tenant {}", account.tenant)
                    >
                        {account.username.clone()}
                    </span>
                    <button
                        type="button"
                        class="ss-button"
                        data-testid="sign-out"
                        aria-expanded=move || confirming.get().to_string()
                        on:click=move |_| confirming.update(|c| *c = !*c)
                    >
                        "Sign out"
                    </button>
                    <Show when=move || confirming.get()>
                        <div
                            class="ss-account-menu"
                            role="dialog"
                            aria-label="Sign out"
                            on:keydown=move |ev| {
                                if ev.key() == "Escape" {
                                    confirming.set(false);
                                }
                            }
                        >
                            <p>
                                "Signing out forgets every account and token of Secure Score in \
                                 this browser. The data read so far stays unless you remove it."
                            </p>
                            <label>
                                <input
                                    type="checkbox"
                                    data-testid="sign-out-remove-data"
                                    on:change=move |ev| remove.set(event_target_checked(&ev))
                                />
                                " Also remove the signed-in tenants' data and your statuses of \
                                 their actions kept in this browser"
                            </label>
                            <button
                                type="button"
                                class="ss-button ss-primary"
                                data-testid="sign-out-confirm"
                                on:click=move |_| {
                                    confirming.set(false);
                                    sign_in.sign_out(remove.get_untracked());
                                }
                            >
                                "Sign out"
                            </button>
                        </div>
                    </Show>
                </div>
            }
            .into_any(),
        )
    }
}

/// Why signing in failed and what to do (`sign-in-error`, `data-kind`).
#[component]
pub fn SignInTrouble() -> impl IntoView {
    let sign_in = use_sign_in();
    move || {
        let sign_in = sign_in?;
        let trouble = sign_in.trouble.get()?;
        let uri = redirect_uri();
        let consent = (trouble == Trouble::ConsentRequired)
            .then(|| {
                let tenant = sign_in
                    .active
                    .get_untracked()
                    .map(|a| a.tenant)
                    .unwrap_or_default();
                sign_in
                    .config
                    .get_untracked()?
                    .admin_consent_url(&tenant, &uri)
            })
            .flatten();
        let blocked = trouble == Trouble::PopupBlocked;
        Some(view! {
            <div class="ss-alert ss-sign-in-error" role="alert" data-testid="sign-in-error" data-kind=trouble.kind()>
                <p>{trouble.message(&uri)}</p>
                {consent.map(|link| view! {
                    <p>
                        "Admin consent link, for an administrator to open: "
                        <a href=link target="_blank" rel="noopener noreferrer" data-testid="admin-consent-link">
                            "grant Secure Score's permission for your organization"
                        </a>
                    </p>
                })}
                {blocked.then(|| view! {
                    <button
                        type="button"
                        class="ss-button ss-primary"
                        data-testid="sign-in-redirect"
                        on:click=move |_| sign_in.sign_in_with_redirect()
                    >
                        "Sign in with a redirect"
                    </button>
                })}
            </div>
        })
    }
}

/// Why Graph refused a signed-in admin, and what to do (`admin-required`):
/// a 403 names the roles that read Secure Score and who assigns them, and
/// keeps the account signed in so that another can be tried; a 401 that
/// survived a silent renewal asks to sign in again.
#[component]
pub fn SignInRefusal() -> impl IntoView {
    let sources = use_sources();
    move || {
        let (_, status) = sources.report.admin_required.get()?;
        (sources.endpoint.configured.get() == Some(From::SignIn)).then(|| refusal(status))
    }
}

fn refusal(status: u16) -> impl IntoView {
    let (title, text) = if status == 401 {
        (
            "Sign in again",
            "Microsoft Graph did not accept your sign-in (HTTP 401), even after it was renewed. \
             Sign in again; the data shown stays as it is.",
        )
    } else {
        (
            "Your account cannot read Secure Score",
            "Microsoft Graph refused your account (HTTP 403): reading Secure Score needs a \
             Microsoft Entra role that reads security data: Security Reader, Global Reader, \
             Security Operator or Security Administrator (or, for their own services, \
             Exchange, SharePoint, Helpdesk, User or Service Support Administrator). A \
             Privileged Role Administrator or Global Administrator assigns roles in the Entra \
             admin center. You are still signed in: sign in with another account that has \
             such a role.",
        )
    };
    view! {
        <AdminRequiredPanel status=status title=title>
            <p>{text} " " <HelpLink topic="who" label="Who can read Secure Score?" /></p>
            <SignInButton another=status != 401 />
        </AdminRequiredPanel>
    }
}
