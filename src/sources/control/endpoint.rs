//! The connected endpoint: its URL and token, fetching it (with one token
//! renewal on a 401), cancelling, the link waiting for the admin's consent,
//! and the daily auto-refresh.

use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

use leptos::leptos_dom::helpers::{set_interval_with_handle, IntervalHandle};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::Sources;
use crate::sources::clock::now_utc;
use crate::sources::config;
use crate::sources::import::Batch;
use crate::sources::import_path::{self, ImportPath};
use crate::sources::record::{display_url, StoredSource};
use crate::sources::rest::{self, Canceller, FetchProgress};
use crate::sources::timer::yield_now;
use crate::sources::worker::protocol::{FetchedInfo, LoadProgress, Stage};
use crate::sources::{merge::name_after, schedule, worker, Endpoint, Failure, Problem};

/// How a bearer token is renewed before a request is sent again.
#[derive(Clone, Debug, PartialEq)]
pub enum Renew {
    /// The token in hand (renewed only when it is about to expire).
    No,
    /// A new token: the endpoint refused the last one (401).
    Force,
    /// Sign in again with these claims (a Conditional Access challenge).
    Claims(String),
}

/// Asks for a bearer token (sign-in, a host's token provider).
pub type AskToken = Rc<dyn Fn(Renew) -> Pin<Box<dyn Future<Output = Result<String, Problem>>>>>;

/// Where an endpoint's bearer token comes from. Memory only.
#[derive(Clone)]
pub enum Bearer {
    /// Pasted by the admin.
    Pasted(String),
    /// Asked for before every fetch; a 401 asks once more with [`Renew`].
    Asked(AskToken),
}

/// Whether a connected endpoint is fetched again by itself.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum AutoRefresh {
    #[default]
    Off,
    /// When Microsoft's next daily score is due (see [`schedule`]).
    Daily,
}

/// How often a daily auto-refresh checks whether the new score is due (it
/// also catches up soon after a sleeping computer or a hidden tab wakes).
const DUE_CHECK_MINUTES: u64 = 5;

impl AutoRefresh {
    pub const ALL: [AutoRefresh; 2] = [AutoRefresh::Off, AutoRefresh::Daily];

    /// The select's value.
    pub fn value(self) -> &'static str {
        match self {
            AutoRefresh::Off => "off",
            AutoRefresh::Daily => "daily",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            AutoRefresh::Off => "Off",
            AutoRefresh::Daily => "When a new daily score is due",
        }
    }

    pub fn parse(value: &str) -> AutoRefresh {
        AutoRefresh::ALL
            .into_iter()
            .find(|a| a.value() == value)
            .unwrap_or_default()
    }
}

/// The endpoint's state. Cheap to copy.
#[derive(Clone, Copy)]
pub struct EndpointState {
    /// The connected endpoint's URL (as given; never holds the token).
    pub url: RwSignal<Option<String>>,
    /// Where the endpoint was configured, when it was.
    pub configured: RwSignal<Option<config::From>>,
    /// An endpoint on another site that a link (`?source=`) asks to load,
    /// waiting for the admin to allow it: a link from anyone must not put
    /// someone else's data on screen, and in this browser's storage, as
    /// the admin's tenant.
    pub link_source: RwSignal<Option<String>>,
    /// True while the endpoint is being fetched.
    pub fetching: RwSignal<bool>,
    pub auto_refresh: RwSignal<AutoRefresh>,
    /// The bearer token, or where to ask for one: memory only.
    bearer: StoredValue<Option<Bearer>, LocalStorage>,
    canceller: StoredValue<Option<Canceller>, LocalStorage>,
    interval: StoredValue<Option<IntervalHandle>>,
    /// While auto-refresh is on: the check when the admin returns to the tab.
    on_visible: StoredValue<Option<WindowListenerHandle>, LocalStorage>,
}

impl EndpointState {
    pub(super) fn new() -> EndpointState {
        EndpointState {
            url: RwSignal::new(None),
            configured: RwSignal::new(None),
            link_source: RwSignal::new(None),
            fetching: RwSignal::new(false),
            auto_refresh: RwSignal::new(AutoRefresh::Off),
            bearer: StoredValue::new_local(None),
            canceller: StoredValue::new_local(None),
            interval: StoredValue::new(None),
            on_visible: StoredValue::new_local(None),
        }
    }

    /// True when a pasted token is set.
    pub fn has_token(&self) -> bool {
        self.bearer
            .with_value(|b| matches!(b, Some(Bearer::Pasted(_))))
    }

    /// Forgets the URL, token and auto-refresh.
    pub(super) fn forget(&self) {
        self.bearer.set_value(None);
        let _ = self.url.try_set(None);
        let _ = self.configured.try_set(None);
        let _ = self.auto_refresh.try_set(AutoRefresh::Off);
    }

    /// Stops the fetch in progress.
    pub fn cancel(&self) {
        if let Some(canceller) = self.canceller.get_value() {
            canceller.cancel();
        }
    }
}

impl Sources {
    /// Connects to `url` (with an optional bearer token, kept in memory
    /// only) and fetches it.
    pub fn connect(self, url: String, token: Option<String>) {
        let token = token
            .map(|t| t.trim().to_string())
            .filter(|t| !t.is_empty());
        self.endpoint.bearer.set_value(token.map(Bearer::Pasted));
        let _ = self.endpoint.url.try_set(Some(url.trim().to_string()));
        let _ = self.endpoint.configured.try_set(None);
        spawn_local(async move { self.fetch(false).await });
    }

    /// Reads `url` with tokens from `ask` (a signed-in account, a host's
    /// token provider) and waits for the fetch. `automatic`: at start, so a
    /// failure also goes to the app-level alert.
    pub async fn fetch_with(self, url: String, ask: AskToken, from: config::From, automatic: bool) {
        self.endpoint.bearer.set_value(Some(Bearer::Asked(ask)));
        let _ = self.endpoint.url.try_set(Some(url));
        let _ = self.endpoint.configured.try_set(Some(from));
        self.fetch(automatic).await;
    }

    /// Forgets the endpoint and its token (signing out): what was fetched
    /// stays until the admin removes it.
    pub fn disconnect(self) {
        self.endpoint.cancel();
        self.endpoint.forget();
        let _ = self.report.admin_required.try_set(None);
    }

    /// Loads the endpoint of the link (`?source=`) the admin allowed.
    pub fn allow_link_source(self) {
        let Some(url) = self.endpoint.link_source.get_untracked() else {
            return;
        };
        let _ = self.endpoint.link_source.try_set(None);
        let _ = self.endpoint.url.try_set(Some(url));
        let _ = self.endpoint.configured.try_set(Some(config::From::Query));
        spawn_local(async move { self.fetch(false).await });
    }

    /// Fetches the connected endpoint again.
    pub fn refresh(self) {
        if self.endpoint.url.get_untracked().is_some() {
            spawn_local(async move { self.fetch(false).await });
        }
    }

    pub(super) async fn fetch(self, automatic: bool) {
        let Some(url) = self.endpoint.url.get_untracked() else {
            return;
        };
        self.endpoint.cancel();
        let canceller = Canceller::default();
        self.endpoint.canceller.set_value(Some(canceller.clone()));
        let _ = self.endpoint.fetching.try_set(true);
        self.report.clear_messages();
        let shown = display_url(&url);
        let mut renew = Renew::No;
        let result = loop {
            let result = self.fetch_once(&url, renew.clone(), &canceller).await;
            let asked = self
                .endpoint
                .bearer
                .with_value(|b| matches!(b, Some(Bearer::Asked(_))));
            // A refused token is renewed once (Graph's answer to an expired or
            // revoked token, or a Conditional Access challenge).
            match (&result, renew) {
                (
                    Err(Failure::AdminRequired {
                        status: 401,
                        claims,
                        ..
                    }),
                    Renew::No,
                ) if asked => {
                    renew = claims.clone().map_or(Renew::Force, Renew::Claims);
                }
                _ => break result,
            }
        };
        // An answer that arrives after a cancel (a sign-out) is not shown.
        let result = if canceller.is_cancelled() {
            Err(Failure::Cancelled)
        } else {
            result
        };
        let current = self
            .endpoint
            .canceller
            .with_value(|c| c.as_ref().is_some_and(|c| c.same(&canceller)));
        match result {
            Ok((mut batch, fetched)) => {
                if let Some(organization) = &fetched.organization {
                    for imported in &mut batch.histories {
                        name_after(&mut imported.history, organization);
                    }
                }
                self.report.list(&batch, &[], &[]);
                let ok = batch.errors().count() == 0 && !batch.histories.is_empty();
                self.finish(
                    batch,
                    StoredSource::Endpoint(shown),
                    fetched.warnings,
                    automatic,
                )
                .await;
                if ok {
                    self.set_app_error(None);
                }
            }
            Err(Failure::Cancelled) => {
                if current {
                    self.report.add_warning(Problem::new(
                        &shown,
                        "",
                        "cancelled: the data shown has not changed",
                    ));
                }
            }
            Err(Failure::AdminRequired { url, status, .. }) => {
                let problem = Problem::new(
                    &url,
                    &format!("HTTP {status}"),
                    "the endpoint refused the request: reading Secure Score needs an admin \
                     role and the SecurityEvents.Read.All permission (see below)",
                );
                let _ = self.report.admin_required.try_set(Some((url, status)));
                self.fail(problem, automatic);
            }
            Err(Failure::Other(problem)) => self.fail(problem, automatic),
        }
        if current {
            let _ = self.endpoint.fetching.try_set(false);
            self.load.set_progress(None);
            self.endpoint.canceller.set_value(None);
        }
        self.load.finish();
    }

    /// Asks for the token (renewed as `renew` says), then fetches and
    /// imports the endpoint in the import worker, or on the page when the
    /// worker cannot run.
    async fn fetch_once(
        &self,
        url: &str,
        renew: Renew,
        canceller: &Canceller,
    ) -> Result<(Batch, FetchedInfo), Failure> {
        let token = match self.endpoint.bearer.get_value() {
            None => None,
            Some(Bearer::Pasted(token)) => Some(token),
            Some(Bearer::Asked(ask)) => Some(ask(renew).await.map_err(Failure::Other)?),
        };
        if canceller.is_cancelled() {
            return Err(Failure::Cancelled);
        }
        let endpoint = Endpoint {
            // The worker has no page to resolve a relative address against.
            url: rest::absolute(url, None).unwrap_or_else(|| url.to_string()),
            token,
            timeout_ms: self.settings.with_value(|s| s.timeout_ms),
        };
        let request = self.request(Some(endpoint.clone()));
        let relay = |p: LoadProgress| self.load.set_progress(Some(p));
        match worker::client::fetch(&request, &relay, canceller).await {
            Ok(result) => result.map(|received| {
                self.keep_catalog(received.batch.catalog.clone());
                (received.batch, received.fetched.unwrap_or_default())
            }),
            Err(why) => {
                let path = import_path::load_for(url).await?;
                self.say_worker_unavailable(format!(
                    "the endpoint could not be fetched in the background ({why}); it was \
                     fetched and imported on the page itself, which may pause it while a \
                     large answer is read"
                ));
                self.fetch_on_page(path, &endpoint, canceller).await
            }
        }
    }

    /// Fetches and imports `endpoint` on the page (without the worker).
    async fn fetch_on_page(
        &self,
        path: ImportPath,
        endpoint: &Endpoint,
        canceller: &Canceller,
    ) -> Result<(Batch, FetchedInfo), Failure> {
        let progress = |p: FetchProgress| self.show_stage(&p.stage());
        let (inputs, info) = rest::fetch_source(endpoint, canceller, &progress)
            .await?
            .split();
        self.show_stage(&Stage::Importing);
        yield_now().await;
        Ok((self.import_batch(path, inputs), info))
    }

    /// Checks whether the next daily score is due every few minutes and when
    /// the admin returns to the tab, and reads it then.
    pub(super) fn set_interval(&self, every: AutoRefresh) {
        let endpoint = self.endpoint;
        if let Some(handle) = endpoint.interval.get_value() {
            handle.clear();
        }
        endpoint.interval.set_value(None);
        if let Some(listener) = endpoint.on_visible.try_update_value(Option::take).flatten() {
            listener.remove();
        }
        if every == AutoRefresh::Off {
            return;
        }
        let this = *self;
        let since = now_utc();
        let refresh_if_due = move || {
            let last = this
                .load
                .refreshed_at
                .try_get_untracked()
                .flatten()
                .unwrap_or(since);
            let due = schedule::next_refresh(last) <= now_utc();
            if due && endpoint.fetching.try_get_untracked() == Some(false) {
                this.refresh();
            }
        };
        let handle = set_interval_with_handle(
            refresh_if_due,
            std::time::Duration::from_secs(DUE_CHECK_MINUTES * 60),
        );
        endpoint.interval.set_value(handle.ok());
        let listener = window_event_listener(
            leptos::ev::Custom::<web_sys::Event>::new("visibilitychange"),
            move |_| {
                if document().visibility_state() == web_sys::VisibilityState::Visible {
                    refresh_if_due();
                }
            },
        );
        endpoint.on_visible.set_value(Some(listener));
    }
}
