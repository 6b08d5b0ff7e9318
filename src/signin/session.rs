//! An instance's signed-in state, and what the sign-in buttons do.
//!
//! Popup flow by default: tokens in memory, so a reload asks to sign in
//! again (one click while the Entra session lasts). Where popups are
//! blocked the admin may choose the redirect flow: MSAL then keeps tokens in
//! this tab's sessionStorage, and [`MARKER`] there tells the next start to
//! load MSAL and finish (or resume) the sign-in.

use std::rc::Rc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;

use super::config::SignInConfig;
use super::glue;
use super::trouble::{AuthFailure, Trouble};
use super::Account;
use crate::sources::config::From;
use crate::sources::{AskToken, Problem, Renew, Resume, Sources};

/// In sessionStorage while the redirect flow is in use.
const MARKER: &str = "secure-score.sign-in";
/// The bridge page Entra answers to (the registration's redirect URI).
const BRIDGE: &str = "signin-redirect.html";

/// The sign-in state of one instance. Cheap to copy.
#[derive(Clone, Copy)]
pub struct SignIn {
    /// The settings; `None`: this instance offers no sign-in.
    pub config: RwSignal<Option<SignInConfig>>,
    /// The host page's token provider signs in: no buttons.
    pub hosted: RwSignal<bool>,
    pub accounts: RwSignal<Vec<Account>>,
    /// The account whose tenant was read last.
    pub active: RwSignal<Option<Account>>,
    /// True while a sign-in window or redirect is under way.
    pub busy: RwSignal<bool>,
    pub trouble: RwSignal<Option<Trouble>>,
    /// The redirect flow instead of popups.
    pub redirect: RwSignal<bool>,
    /// Counts sign-outs: a sign-in or resume that began before one must not
    /// bring its account back when it finishes.
    sign_outs: StoredValue<u64>,
    sources: Sources,
    /// The host page's token provider, when it set one.
    host: StoredValue<Option<HostProvider>, LocalStorage>,
}

/// The host page's token provider, looked up at each read (`crate::embed`
/// finds it on the mount element): sign-in knows no host page.
pub type HostProvider = Rc<dyn Fn() -> Option<js_sys::Function>>;

/// Creates the instance's sign-in state and provides it (the shell calls
/// this once, after [`crate::sources::start`], with the host's token
/// provider if it set one).
pub fn start(sources: Sources, host: Option<HostProvider>) -> SignIn {
    let sign_in = SignIn {
        config: RwSignal::new(None),
        hosted: RwSignal::new(false),
        accounts: RwSignal::new(Vec::new()),
        active: RwSignal::new(None),
        busy: RwSignal::new(false),
        trouble: RwSignal::new(None),
        redirect: RwSignal::new(false),
        sign_outs: StoredValue::new(0),
        sources,
        host: StoredValue::new_local(host),
    };
    provide_context(sign_in);
    sign_in
}

/// The instance's sign-in state; `None` where no shell provides it (pages
/// mounted alone in component tests).
pub fn use_sign_in() -> Option<SignIn> {
    use_context::<SignIn>()
}

/// The bridge page beside the app's files: the redirect URI to register.
pub fn redirect_uri() -> String {
    crate::assets::asset_url(BRIDGE).unwrap_or_else(|| BRIDGE.to_string())
}

fn session_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok()?
}

impl SignIn {
    /// What [`Sources::load`] runs once the settings are known: a host's
    /// token provider reads at once; a tab that uses the redirect flow
    /// finishes or resumes its sign-in.
    pub fn resume(self) -> Resume {
        Box::new(move |config: SignInConfig| {
            Box::pin(async move {
                let _ = self.config.try_set(Some(config.clone()));
                if self.host.with_value(Option::is_some) {
                    let _ = self.hosted.try_set(true);
                    let ask = self.host_token(config.scopes.clone());
                    self.sources
                        .fetch_with(config.scores_url(), ask, From::Host, true)
                        .await;
                    return true;
                }
                let redirected = session_storage()
                    .and_then(|s| s.get_item(MARKER).ok().flatten())
                    .is_some();
                if !redirected {
                    return false;
                }
                let _ = self.redirect.try_set(true);
                let sign_outs = self.sign_outs.get_value();
                let started = self.started(&config).await;
                if self.sign_outs.get_value() != sign_outs {
                    return false;
                }
                match started {
                    Ok(accounts) if !accounts.is_empty() => {
                        let account = accounts[accounts.len() - 1].clone();
                        let _ = self.accounts.try_set(accounts);
                        self.read(account, true).await;
                        true
                    }
                    Ok(_) => false,
                    Err(failure) => {
                        self.explain(&failure);
                        false
                    }
                }
            })
        })
    }

    /// MSAL's client, made (and MSAL loaded) on first use.
    async fn started(&self, config: &SignInConfig) -> Result<Vec<Account>, AuthFailure> {
        let url = glue::glue_url();
        let redirect_uri = redirect_uri();
        let options = glue::Options {
            client_id: &config.client_id,
            authority: &config.authority,
            known_authority: config.oidc_authority(),
            redirect_uri: &redirect_uri,
            redirect: self.redirect.get_untracked(),
            popup_timeout_ms: config.popup_timeout_ms,
        };
        glue::start(&url, &options).await
    }

    fn explain(&self, failure: &AuthFailure) {
        let _ = self.trouble.try_set(Some(Trouble::of(failure)));
    }

    /// Signs an account in and reads its tenant. `another`: lets the admin
    /// pick another account (a second tenant lands beside the first).
    pub fn sign_in(self, another: bool) {
        let Some(config) = self.config.get_untracked() else {
            return;
        };
        if self.busy.get_untracked() {
            return;
        }
        let _ = self.busy.try_set(true);
        let _ = self.trouble.try_set(None);
        let sign_outs = self.sign_outs.get_value();
        spawn_local(async move {
            let signed = async {
                self.started(&config).await?;
                if self.redirect.get_untracked() {
                    if let Some(storage) = session_storage() {
                        let _ = storage.set_item(MARKER, "redirect");
                    }
                }
                glue::sign_in(&glue::Request {
                    scopes: &config.scopes,
                    prompt: another.then_some("select_account"),
                    ..glue::Request::default()
                })
                .await
            }
            .await;
            let _ = self.busy.try_set(false);
            if self.sign_outs.get_value() != sign_outs {
                return;
            }
            match signed {
                Ok(account) => {
                    let _ = self.accounts.try_update(|all| {
                        all.retain(|a| a.id != account.id);
                        all.push(account.clone());
                    });
                    self.read(account, false).await;
                }
                Err(failure) => self.explain(&failure),
            }
        });
    }

    /// Signs in with a full-page redirect (popups blocked).
    pub fn sign_in_with_redirect(self) {
        let _ = self.redirect.try_set(true);
        self.sign_in(false);
    }

    /// Reads the account's tenant from Graph.
    async fn read(self, account: Account, automatic: bool) {
        let Some(config) = self.config.get_untracked() else {
            return;
        };
        let _ = self.active.try_set(Some(account.clone()));
        let ask = self.account_token(account, config.scopes.clone());
        self.sources
            .fetch_with(config.scores_url(), ask, From::SignIn, automatic)
            .await;
    }

    /// Reads the shown tenant again, with the account signed in to it.
    pub fn refresh(self) {
        let shown = self.sources.shown_tenant_id();
        let account = self.accounts.with_untracked(|all| {
            all.iter()
                .find(|a| {
                    shown
                        .as_deref()
                        .is_some_and(|t| a.tenant.eq_ignore_ascii_case(t))
                })
                .cloned()
        });
        if let Some(account) = account.or_else(|| self.active.get_untracked()) {
            spawn_local(self.read(account, false));
        }
    }

    /// Tokens of a signed-in account: silent renewal (forced after a 401),
    /// or a sign-in with Graph's claims after a Conditional Access
    /// challenge.
    fn account_token(self, account: Account, scopes: Vec<String>) -> AskToken {
        Rc::new(move |renew: Renew| {
            let account = account.clone();
            let scopes = scopes.clone();
            Box::pin(async move {
                let force = renew == Renew::Force;
                let result = match renew {
                    Renew::Claims(claims) => glue::sign_in(&glue::Request {
                        scopes: &scopes,
                        claims: Some(claims),
                        login_hint: Some(account.username.clone()),
                        ..glue::Request::default()
                    })
                    .await
                    .map(|_| ()),
                    _ => Ok(()),
                };
                let token = match result {
                    Ok(()) => glue::token(&account.id, &scopes, force).await,
                    Err(failure) => Err(failure),
                };
                token.map_err(|failure| {
                    let trouble = Trouble::of(&failure);
                    let problem = Problem::new(
                        "Sign-in",
                        &account.username,
                        &trouble.message(&redirect_uri()),
                    );
                    let _ = self.trouble.try_set(Some(trouble));
                    problem
                })
            })
        })
    }

    /// Tokens from the host page's provider:
    /// `provider(scopes, {forceRefresh, claims})`.
    fn host_token(self, scopes: Vec<String>) -> AskToken {
        Rc::new(move |renew: Renew| {
            let scopes = scopes.clone();
            let provider = self
                .host
                .with_value(|host| host.as_ref().and_then(|find| find()));
            Box::pin(async move {
                let refused = |why: String| {
                    Problem::new(
                        "The host page's sign-in",
                        "",
                        &format!(
                            "its token provider gave no token ({why}): the host page must sign \
                             you in to Microsoft Graph"
                        ),
                    )
                };
                let provider = provider.ok_or_else(|| refused("it is gone".to_string()))?;
                let list: js_sys::Array = scopes.iter().map(|s| JsValue::from_str(s)).collect();
                let options = js_sys::Object::new();
                let _ = js_sys::Reflect::set(
                    &options,
                    &"forceRefresh".into(),
                    &(renew != Renew::No).into(),
                );
                if let Renew::Claims(claims) = &renew {
                    let _ = js_sys::Reflect::set(&options, &"claims".into(), &claims.into());
                }
                let answer = provider
                    .call2(&JsValue::NULL, &list, &options)
                    .map_err(|e| refused(crate::sources::error_text(&e, "message")))?;
                let token = JsFuture::from(js_sys::Promise::resolve(&answer))
                    .await
                    .map_err(|e| refused(crate::sources::error_text(&e, "message")))?;
                token
                    .as_string()
                    .filter(|t| !t.trim().is_empty())
                    .ok_or_else(|| refused("it answered something else than text".to_string()))
            })
        })
    }

    /// Forgets every account and token of the app in this browser;
    /// `remove_data`: also the signed-in tenants' data and the admin's
    /// statuses of their actions kept here.
    pub fn sign_out(self, remove_data: bool) {
        self.sign_outs.update_value(|n| *n += 1);
        spawn_local(async move {
            if let Err(failure) = glue::sign_out().await {
                self.explain(&failure);
            }
            if let Some(storage) = session_storage() {
                let _ = storage.remove_item(MARKER);
            }
            let tenants: Vec<String> = self
                .accounts
                .get_untracked()
                .into_iter()
                .map(|a| a.tenant)
                .collect();
            let _ = self.accounts.try_set(Vec::new());
            let _ = self.active.try_set(None);
            let _ = self.redirect.try_set(false);
            self.sources.disconnect();
            if remove_data {
                crate::state::statuses::forget(Some(&tenants));
                self.sources.forget(&tenants).await;
            }
        });
    }
}
