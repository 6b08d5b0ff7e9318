//! The app's data flow: what is loaded at start, uploads, endpoint fetches,
//! refreshes, and what the browser keeps. The state pages read is
//! [`Sources`], provided as a context next to [`AppState`].
//!
//! At start: the histories kept in this browser are shown at once; then
//! the admin signed in earlier (a redirect's return, a host's token
//! provider) or a configured source (see [`super::config`]) is fetched and
//! merged in; with neither, the built-in demo tenant is shown.

use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use leptos::leptos_dom::helpers::{set_interval_with_handle, IntervalHandle};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::config::{self, Configured, SiteFile};
use super::import::{self, Batch, Failed, LoadedCatalog, Parsed};
use super::merge::{merge_all, name_after, tenant_key};
use super::record::{display_url, StoredSource};
use super::rest::{self, Canceller, FetchProgress};
use super::timer::{yield_now, Span};
use super::worker::protocol::{FetchedInfo, LoadProgress, Request, Stage, StageName};
use super::{storage, upload, worker, Endpoint, Failure, Problem};
use crate::app::{AppState, SourceInfo};
use crate::components::format;
use crate::engine::demo::demo_history;
use crate::engine::model::StateUpdate;
use crate::engine::model::TenantHistory;
use crate::engine::state::record_update;
use crate::signin::config::SignInConfig;

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

/// Signs in again at start (see [`crate::signin`]): given the sign-in
/// settings, resolves to true when it fetches the signed-in tenant's data
/// (so that the demo does not show meanwhile).
pub type Resume = Box<dyn FnOnce(SignInConfig) -> Pin<Box<dyn Future<Output = bool>>>>;

/// One input of the last import, for the list.
#[derive(Clone, Debug, PartialEq)]
pub struct FileRow {
    pub name: String,
    pub size: Option<u64>,
    pub format: Option<String>,
    pub days: Option<usize>,
    pub tenants: Vec<String>,
    pub detail: String,
    pub error: Option<String>,
    /// Milliseconds the JSON parse and format detection took.
    pub parse_ms: Option<f64>,
}

/// Whether a connected endpoint is fetched again by itself.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum AutoRefresh {
    #[default]
    Off,
    /// When Microsoft's next daily score is due (see [`super::schedule`]).
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

/// The data sources' state. Cheap to copy.
#[derive(Clone, Copy)]
pub struct Sources {
    app: AppState,
    /// True from the start until the first data is shown (or could not be).
    pub starting: RwSignal<bool>,
    pub progress: RwSignal<Option<LoadProgress>>,
    /// Errors of the last action (the `import-error` region).
    pub errors: RwSignal<Vec<Problem>>,
    /// Warnings of the last action.
    pub warnings: RwSignal<Vec<Problem>>,
    /// The endpoint (display URL) and status when it answered 401/403.
    pub admin_required: RwSignal<Option<(String, u16)>>,
    /// The inputs of the last import.
    pub files: RwSignal<Vec<FileRow>>,
    /// When the shown data was last imported or fetched.
    pub refreshed_at: RwSignal<Option<DateTime<Utc>>>,
    /// The connected endpoint's URL (as given; never holds the token).
    pub endpoint: RwSignal<Option<String>>,
    /// Where the endpoint was configured, when it was.
    pub configured: RwSignal<Option<config::From>>,
    /// An endpoint on another site that a link (`?source=`) asks to load,
    /// waiting for the admin to allow it: a link from anyone must not put
    /// someone else's data on screen, and in this browser's storage, as
    /// the admin's tenant.
    pub link_source: RwSignal<Option<String>>,
    /// True while an endpoint is being fetched.
    pub fetching: RwSignal<bool>,
    /// True when the shown data was read back from this browser.
    pub from_store: RwSignal<bool>,
    /// False when the last save failed (the data lasts until reload).
    pub kept: RwSignal<bool>,
    pub auto_refresh: RwSignal<AutoRefresh>,
    /// How many uploads and fetches have finished (whatever their outcome).
    pub finished: RwSignal<u32>,
    /// The endpoint's bearer token, or where to ask for one: memory only.
    bearer: StoredValue<Option<Bearer>, LocalStorage>,
    /// This instance's configuration, read when it was created.
    embed: StoredValue<crate::embed::Embed>,
    timeout_ms: StoredValue<u32>,
    canceller: StoredValue<Option<Canceller>, LocalStorage>,
    /// The last catalog loaded, for later snapshot files.
    catalog: StoredValue<Option<LoadedCatalog>>,
    /// Every tenant imported or kept, merged (empty while the demo shows).
    stored: StoredValue<Vec<Arc<TenantHistory>>>,
    interval: StoredValue<Option<IntervalHandle>>,
    /// While auto-refresh is on: the check when the admin returns to the tab.
    on_visible: StoredValue<Option<WindowListenerHandle>, LocalStorage>,
    /// The app-level error this module set last, to clear it on success.
    app_error: StoredValue<Option<String>>,
}

/// Creates the sources of the app and provides them (the shell calls this
/// once, before rendering pages, then [`Sources::load`]).
pub fn start(app: AppState) -> Sources {
    let sources = Sources::new(app);
    provide_context(sources);
    sources.starting.set(true);
    Effect::new(move |_| {
        let every = sources.auto_refresh.get();
        sources.set_interval(every);
    });
    sources
}

/// The instance's sources, which the shell provides ([`start`]): a
/// component without them is a programming error, never a silent copy that
/// loads nothing.
pub fn use_sources() -> Sources {
    expect_context::<Sources>()
}

/// Provides idle sources (nothing loads) for a page mounted alone, as in
/// component tests.
pub fn provide_idle(app: AppState) -> Sources {
    let sources = Sources::new(app);
    provide_context(sources);
    sources
}

impl Sources {
    fn new(app: AppState) -> Sources {
        Sources {
            app,
            starting: RwSignal::new(false),
            progress: RwSignal::new(None),
            errors: RwSignal::new(Vec::new()),
            warnings: RwSignal::new(Vec::new()),
            admin_required: RwSignal::new(None),
            files: RwSignal::new(Vec::new()),
            refreshed_at: RwSignal::new(None),
            endpoint: RwSignal::new(None),
            configured: RwSignal::new(None),
            link_source: RwSignal::new(None),
            fetching: RwSignal::new(false),
            from_store: RwSignal::new(false),
            kept: RwSignal::new(true),
            auto_refresh: RwSignal::new(AutoRefresh::Off),
            finished: RwSignal::new(0),
            bearer: StoredValue::new_local(None),
            embed: StoredValue::new(crate::embed::config()),
            timeout_ms: StoredValue::new(config::timeout_ms()),
            canceller: StoredValue::new_local(None),
            catalog: StoredValue::new(None),
            stored: StoredValue::new(Vec::new()),
            interval: StoredValue::new(None),
            on_visible: StoredValue::new_local(None),
            app_error: StoredValue::new(None),
        }
    }

    /// True when a pasted token is set for the endpoint.
    pub fn has_token(&self) -> bool {
        self.bearer
            .with_value(|b| matches!(b, Some(Bearer::Pasted(_))))
    }

    /// Starts loading: what this browser kept, then the admin signed in
    /// earlier (`resume`), a configured source or the demo.
    pub fn load(self, resume: Resume) {
        spawn_local(async move {
            self.initial_load(resume).await;
            let _ = self.starting.try_set(false);
        });
    }

    /// The id of the tenant shown, if any.
    pub fn shown_tenant_id(&self) -> Option<String> {
        untrack(|| self.app.history()).map(|h| h.tenant.id.clone())
    }

    /// How many tenants are kept in this browser (0 while the demo shows).
    pub fn stored_count(&self) -> usize {
        self.stored.with_value(Vec::len)
    }

    async fn initial_load(self, resume: Resume) {
        let kept = storage::load().await;
        let problems: Vec<Problem> = kept
            .problems
            .iter()
            .map(|p| Problem::new("Data kept in this browser", "", p))
            .collect();
        let _ = self.errors.try_update(|e| e.extend(problems));
        let shown = !kept.histories.is_empty();
        if shown {
            self.stored
                .set_value(kept.histories.into_iter().map(Arc::new).collect());
            self.show(None);
            let _ = self.from_store.try_set(true);
            if let Some(meta) = kept.meta {
                let _ = self.refreshed_at.try_set(Some(meta.refreshed_at));
                let _ = self.app.source.try_set(match meta.source {
                    StoredSource::Files(names) => SourceInfo::Files(names),
                    StoredSource::Endpoint(url) => SourceInfo::Endpoint(url),
                });
            }
            let _ = self.starting.try_set(false);
        }
        let embed = self.embed.get_value();
        let (file, mut problems) = if embed.embedded {
            (SiteFile::default(), Vec::new())
        } else {
            config::config_file().await
        };
        let sign_in = match embed.sign_in.clone() {
            Some(Ok(config)) => Some(config),
            Some(Err(message)) => {
                problems.push(Problem::new("The host page (data-client-id)", "", &message));
                None
            }
            None => file.sign_in,
        };
        let _ = self.errors.try_update(|e| e.extend(problems));
        if let Some(sign_in) = sign_in {
            if resume(sign_in).await {
                return;
            }
        }
        match config::configured_now(&embed).or(file.source) {
            Some(Configured {
                url,
                from: config::From::Query,
            }) if !config::is_own_site(&url) => {
                let _ = self.link_source.try_set(Some(url));
                if !shown {
                    self.show_demo();
                }
            }
            Some(Configured { url, from }) => {
                let _ = self.configured.try_set(Some(from));
                let _ = self.endpoint.try_set(Some(url));
                // On failure with nothing kept, pages show their empty state
                // and the app-level alert says why.
                self.fetch(true).await;
            }
            None if !shown => self.show_demo(),
            None => {}
        }
    }

    /// Shows the demo tenant (nothing imported or kept).
    fn show_demo(&self) {
        let _ = self
            .app
            .tenants
            .try_set(vec![Arc::new(demo_history(format::today()))]);
        let _ = self.app.selected.try_set(0);
        let _ = self.app.source.try_set(SourceInfo::Demo);
        let _ = self.from_store.try_set(false);
    }

    /// Shows the stored histories, keeping the shown tenant, else showing
    /// `prefer` (a tenant key).
    fn show(&self, prefer: Option<&str>) {
        let current = self
            .app
            .tenants
            .try_with_untracked(|all| {
                let index = self.app.selected.try_get_untracked().unwrap_or(0);
                all.get(index).map(|h| tenant_key(h))
            })
            .flatten();
        let histories: Vec<Arc<TenantHistory>> = self.stored.get_value();
        let index_of = |key: &str| histories.iter().position(|h| tenant_key(h) == key);
        let selected = prefer
            .and_then(index_of)
            .or_else(|| current.as_deref().and_then(index_of))
            .unwrap_or(0);
        let _ = self.app.tenants.try_set(histories);
        let _ = self.app.selected.try_set(selected);
    }

    fn set_progress(&self, progress: Option<LoadProgress>) {
        let _ = self.progress.try_set(progress);
    }

    /// Starts reading and importing `files`.
    pub fn upload(self, files: Vec<web_sys::File>) {
        if files.is_empty() {
            return;
        }
        spawn_local(async move { self.upload_now(files).await });
    }

    /// Says, in the import-error region, what went wrong with `source`.
    pub fn say(self, source: &str, message: &str) {
        let _ = self
            .errors
            .try_update(|e| e.push(Problem::new(source, "", message)));
    }

    /// Shows where an import is.
    fn show_stage(&self, stage: &Stage) {
        self.set_progress(Some(stage.progress()));
    }

    /// Says, in the import-error region, that the import worker could not
    /// do the work and the page does it itself, as it did before the worker.
    fn say_worker_unavailable(&self, message: String) {
        self.say("Import worker", &message);
    }

    /// A request to the import worker, with the catalog loaded earlier.
    fn request(&self, endpoint: Option<Endpoint>) -> Request {
        Request {
            catalog: self
                .catalog
                .with_value(|c| c.as_ref().map(|c| c.value.clone())),
            today: format::today(),
            endpoint,
        }
    }

    async fn upload_now(self, files: Vec<web_sys::File>) {
        let _ = self.errors.try_set(Vec::new());
        let _ = self.warnings.try_set(Vec::new());
        let _ = self.admin_required.try_set(None);
        let request = self.request(None);
        let progress = |stage: Stage| self.show_stage(&stage);
        let relay = |p: LoadProgress| self.set_progress(Some(p));
        let (batch, times) = match worker::client::import(&files, &request, &relay).await {
            Ok(received) => {
                if let Some(found) = received.batch.catalog.clone() {
                    self.catalog.set_value(Some(found));
                }
                (received.batch, received.parse_ms)
            }
            Err(why) => {
                self.say_worker_unavailable(format!(
                    "the import could not run in the background ({why}); the files were \
                     imported on the page itself, which may pause it while a large file \
                     is read"
                ));
                let read = upload::read_batch(&files, &progress).await;
                self.show_stage(&Stage::Importing);
                yield_now().await;
                (self.import_batch(read.inputs), read.parse_ms)
            }
        };
        let names: Vec<String> = files.iter().map(web_sys::File::name).collect();
        let sizes: Vec<u64> = files.iter().map(|f| f.size().max(0.0) as u64).collect();
        let rows = rows_of(&batch, &sizes, &times);
        let _ = self.files.try_set(rows);
        self.finish(batch, StoredSource::Files(names), Vec::new(), false)
            .await;
        self.set_progress(None);
        let _ = self.finished.try_update(|n| *n += 1);
    }

    fn import_batch(&self, inputs: Vec<Result<Parsed, Failed>>) -> Batch {
        let _span = Span::start("import");
        let catalog = self.catalog.get_value();
        let batch = import::import(
            inputs,
            catalog.as_ref().map(|c| &c.catalog),
            format::today(),
        );
        if let Some(found) = batch.catalog.clone() {
            self.catalog.set_value(Some(found));
        }
        batch
    }

    /// Shows a batch's errors and warnings, merges its histories into what
    /// is kept, shows and saves them.
    async fn finish(
        &self,
        batch: Batch,
        source: StoredSource,
        mut warnings: Vec<Problem>,
        automatic: bool,
    ) {
        let errors: Vec<Problem> = batch
            .errors()
            .map(|(name, error)| Problem::from_import(name, error))
            .collect();
        for imported in &batch.histories {
            let from = imported.inputs.join(", ");
            warnings.extend(imported.warnings.iter().map(|w| Problem::new(&from, "", w)));
        }
        if !errors.is_empty() {
            let text = errors
                .iter()
                .map(Problem::text)
                .collect::<Vec<_>>()
                .join("\n");
            if automatic {
                self.set_app_error(Some(format!("The data could not be loaded. {text}")));
            } else {
                crate::embed::events::report_error_for(&self.app, &text);
            }
        }
        let _ = self.errors.try_update(|e| e.extend(errors));
        let _ = self.warnings.try_update(|w| w.extend(warnings));
        if batch.histories.is_empty() {
            return;
        }
        yield_now().await;
        let showing = Span::start("merge-and-show");
        // A host may name the tenant its data-source brings (data-tenant-name).
        let named = self.embed.with_value(|e| e.tenant_name.clone());
        let incoming: Vec<TenantHistory> = batch
            .histories
            .into_iter()
            .map(|i| {
                let mut history = i.history;
                if let Some(name) = named
                    .as_ref()
                    .filter(|_| history.tenant.name.trim().is_empty())
                {
                    history.tenant.name = name.clone();
                }
                history
            })
            .collect();
        let mut touched = Vec::new();
        self.stored
            .update_value(|stored| touched = merge_all(stored, incoming));
        self.show(touched.first().map(String::as_str));
        drop(showing);
        let now = now_utc();
        let _ = self.refreshed_at.try_set(Some(now));
        let _ = self.from_store.try_set(false);
        let _ = self.app.source.try_set(match &source {
            StoredSource::Files(names) => SourceInfo::Files(names.clone()),
            StoredSource::Endpoint(url) => SourceInfo::Endpoint(url.clone()),
        });
        self.set_progress(Some(LoadProgress {
            label: "Keeping the data in this browser".to_string(),
            value: None,
            pages: None,
            stage: StageName::Saving,
        }));
        let saved: Vec<Arc<TenantHistory>> = self.stored.with_value(|all| {
            all.iter()
                .filter(|h| touched.contains(&tenant_key(h)))
                .cloned()
                .collect()
        });
        let refs: Vec<&TenantHistory> = saved.iter().map(AsRef::as_ref).collect();
        // Let the new data render before it is serialized.
        yield_now().await;
        let saving = Span::start("save");
        let result = storage::save(&refs, source, now).await;
        drop(saving);
        match result {
            Ok(()) => {
                let _ = self.kept.try_set(true);
            }
            Err(message) => {
                let _ = self.kept.try_set(false);
                crate::embed::events::report_error_for(&self.app, &message);
                self.say("Browser storage", &message);
            }
        }
    }

    /// Connects to `url` (with an optional bearer token, kept in memory
    /// only) and fetches it.
    pub fn connect(self, url: String, token: Option<String>) {
        let token = token
            .map(|t| t.trim().to_string())
            .filter(|t| !t.is_empty());
        self.bearer.set_value(token.map(Bearer::Pasted));
        let _ = self.endpoint.try_set(Some(url.trim().to_string()));
        let _ = self.configured.try_set(None);
        spawn_local(async move { self.fetch(false).await });
    }

    /// Reads `url` with tokens from `ask` (a signed-in account, a host's
    /// token provider) and waits for the fetch. `automatic`: at start, so a
    /// failure also goes to the app-level alert.
    pub async fn fetch_with(self, url: String, ask: AskToken, from: config::From, automatic: bool) {
        self.bearer.set_value(Some(Bearer::Asked(ask)));
        let _ = self.endpoint.try_set(Some(url));
        let _ = self.configured.try_set(Some(from));
        self.fetch(automatic).await;
    }

    /// Forgets the endpoint and its token (signing out): what was fetched
    /// stays until the admin removes it.
    pub fn disconnect(self) {
        self.cancel();
        self.bearer.set_value(None);
        let _ = self.endpoint.try_set(None);
        let _ = self.configured.try_set(None);
        let _ = self.auto_refresh.try_set(AutoRefresh::Off);
        let _ = self.admin_required.try_set(None);
    }

    /// Loads the endpoint of the link (`?source=`) the admin allowed.
    pub fn allow_link_source(self) {
        let Some(url) = self.link_source.get_untracked() else {
            return;
        };
        let _ = self.link_source.try_set(None);
        let _ = self.endpoint.try_set(Some(url));
        let _ = self.configured.try_set(Some(config::From::Query));
        spawn_local(async move { self.fetch(false).await });
    }

    /// Fetches the connected endpoint again.
    pub fn refresh(self) {
        if self.endpoint.get_untracked().is_some() {
            spawn_local(async move { self.fetch(false).await });
        }
    }

    /// Stops the fetch in progress.
    pub fn cancel(&self) {
        if let Some(canceller) = self.canceller.get_value() {
            canceller.cancel();
        }
    }

    async fn fetch(self, automatic: bool) {
        let Some(url) = self.endpoint.get_untracked() else {
            return;
        };
        self.cancel();
        let canceller = Canceller::default();
        self.canceller.set_value(Some(canceller.clone()));
        let _ = self.fetching.try_set(true);
        let _ = self.errors.try_set(Vec::new());
        let _ = self.warnings.try_set(Vec::new());
        let _ = self.admin_required.try_set(None);
        let shown = display_url(&url);
        let mut renew = Renew::No;
        let result = loop {
            let result = self.fetch_once(&url, renew.clone(), &canceller).await;
            let asked = self
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
            .canceller
            .with_value(|c| c.as_ref().is_some_and(|c| c.same(&canceller)));
        match result {
            Ok((mut batch, fetched)) => {
                if let Some(organization) = &fetched.organization {
                    for imported in &mut batch.histories {
                        name_after(&mut imported.history, organization);
                    }
                }
                let _ = self.files.try_set(rows_of(&batch, &[], &[]));
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
                    let _ = self.warnings.try_update(|w| {
                        w.push(Problem::new(
                            &shown,
                            "",
                            "cancelled: the data shown has not changed",
                        ))
                    });
                }
            }
            Err(Failure::AdminRequired { url, status, .. }) => {
                let problem = Problem::new(
                    &url,
                    &format!("HTTP {status}"),
                    "the endpoint refused the request: reading Secure Score needs an admin \
                     role and the SecurityEvents.Read.All permission (see below)",
                );
                let _ = self.admin_required.try_set(Some((url, status)));
                self.fail(problem, automatic);
            }
            Err(Failure::Other(problem)) => self.fail(problem, automatic),
        }
        if current {
            let _ = self.fetching.try_set(false);
            self.set_progress(None);
            self.canceller.set_value(None);
        }
        let _ = self.finished.try_update(|n| *n += 1);
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
        let token = match self.bearer.get_value() {
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
            timeout_ms: self.timeout_ms.get_value(),
        };
        let request = self.request(Some(endpoint.clone()));
        let relay = |p: LoadProgress| self.set_progress(Some(p));
        match worker::client::fetch(&request, &relay, canceller).await {
            Ok(result) => result.map(|received| {
                if let Some(found) = received.batch.catalog.clone() {
                    self.catalog.set_value(Some(found));
                }
                (received.batch, received.fetched.unwrap_or_default())
            }),
            Err(why) => {
                self.say_worker_unavailable(format!(
                    "the endpoint could not be fetched in the background ({why}); it was \
                     fetched and imported on the page itself, which may pause it while a \
                     large answer is read"
                ));
                self.fetch_on_page(&endpoint, canceller).await
            }
        }
    }

    /// Fetches and imports `endpoint` on the page (without the worker).
    async fn fetch_on_page(
        &self,
        endpoint: &Endpoint,
        canceller: &Canceller,
    ) -> Result<(Batch, FetchedInfo), Failure> {
        let progress = |p: FetchProgress| self.show_stage(&p.stage());
        let (inputs, info) = rest::fetch_source(endpoint, canceller, &progress)
            .await?
            .split();
        self.show_stage(&Stage::Importing);
        yield_now().await;
        Ok((self.import_batch(inputs), info))
    }

    fn fail(&self, problem: Problem, automatic: bool) {
        let text = problem.text();
        let _ = self.errors.try_update(|e| e.push(problem));
        if automatic {
            let kept = if self.stored_count() > 0 {
                " The data kept in this browser is shown."
            } else {
                ""
            };
            self.set_app_error(Some(format!(
                "The data could not be loaded. {text}.{kept} See the Data page."
            )));
        } else {
            crate::embed::events::report_error_for(&self.app, &text);
        }
    }

    /// Sets (or clears) the app-level alert, touching only what this
    /// module set.
    fn set_app_error(&self, message: Option<String>) {
        let ours = self.app_error.get_value();
        match message {
            Some(text) => {
                self.app_error.set_value(Some(text.clone()));
                let _ = self.app.error.try_set(Some(text));
            }
            None => {
                if ours.is_some() && self.app.error.try_get_untracked().flatten() == ours {
                    let _ = self.app.error.try_set(None);
                }
                self.app_error.set_value(None);
            }
        }
    }

    /// Removes everything kept in this browser and shows the demo again.
    pub fn clear(self) {
        self.cancel();
        spawn_local(async move {
            let result = storage::clear().await;
            self.stored.set_value(Vec::new());
            self.bearer.set_value(None);
            let _ = self.endpoint.try_set(None);
            let _ = self.configured.try_set(None);
            let _ = self.auto_refresh.try_set(AutoRefresh::Off);
            let _ = self.files.try_set(Vec::new());
            let _ = self.warnings.try_set(Vec::new());
            let _ = self.admin_required.try_set(None);
            let _ = self.refreshed_at.try_set(None);
            let _ = self.kept.try_set(true);
            self.set_app_error(None);
            let errors = match result {
                Ok(()) => Vec::new(),
                Err(message) => vec![Problem::new("Browser storage", "", &message)],
            };
            let _ = self.errors.try_set(errors);
            self.show_demo();
        });
    }

    /// Names the kept tenant of `key` (see [`tenant_key`]) `name`, shows and
    /// keeps it: later imports keep the name, as they keep any name the data
    /// had (Graph's own data names no tenant).
    pub fn rename(self, key: String, name: String) {
        let name = name.trim().to_string();
        self.update_tenant(&key, |history| history.tenant.name = name);
    }

    /// Adds a state Microsoft 365 accepted for one of the shown tenant's
    /// controls (saved from this app), shown and kept at once: no need to
    /// read the whole history again.
    pub fn record_state(self, control: &str, update: StateUpdate) {
        let Some(key) = untrack(|| self.app.history()).map(|h| tenant_key(&h)) else {
            return;
        };
        self.update_tenant(&key, |history| record_update(history, control, update));
    }

    /// Changes the kept tenant `key`, shows it and saves it.
    fn update_tenant(self, key: &str, change: impl FnOnce(&mut TenantHistory)) {
        let mut changed = None;
        self.stored.update_value(|stored| {
            if let Some(history) = stored.iter_mut().find(|h| tenant_key(h) == key) {
                change(Arc::make_mut(history));
                changed = Some(history.clone());
            }
        });
        let Some(history) = changed else {
            return;
        };
        self.show(Some(key));
        spawn_local(async move {
            if let Err(message) = storage::save_tenants(&[&history], now_utc()).await {
                self.say("Browser storage", &message);
            }
        });
    }

    /// Removes the tenants with these ids from what is shown and kept (a
    /// signed-out admin's tenants); the demo shows when nothing is left.
    pub async fn forget(self, tenant_ids: &[String]) {
        let is_gone = |h: &TenantHistory| {
            tenant_ids
                .iter()
                .any(|id| h.tenant.id.trim().eq_ignore_ascii_case(id.trim()))
        };
        let mut gone = Vec::new();
        self.stored.update_value(|stored| {
            gone = stored
                .iter()
                .filter(|h| is_gone(h))
                .map(|h| tenant_key(h))
                .collect();
            stored.retain(|h| !is_gone(h));
        });
        if let Err(message) = storage::remove(&gone).await {
            self.say("Browser storage", &message);
        }
        if self.stored_count() == 0 {
            self.show_demo();
        } else {
            self.show(None);
        }
    }

    /// Checks whether the next daily score is due every few minutes and when
    /// the admin returns to the tab, and reads it then.
    fn set_interval(&self, every: AutoRefresh) {
        if let Some(handle) = self.interval.get_value() {
            handle.clear();
        }
        self.interval.set_value(None);
        if let Some(listener) = self.on_visible.try_update_value(Option::take).flatten() {
            listener.remove();
        }
        if every == AutoRefresh::Off {
            return;
        }
        let this = *self;
        let since = now_utc();
        let refresh_if_due = move || {
            let last = this
                .refreshed_at
                .try_get_untracked()
                .flatten()
                .unwrap_or(since);
            let due = super::schedule::next_refresh(last) <= now_utc();
            if due && this.fetching.try_get_untracked() == Some(false) {
                this.refresh();
            }
        };
        let handle = set_interval_with_handle(
            refresh_if_due,
            std::time::Duration::from_secs(DUE_CHECK_MINUTES * 60),
        );
        self.interval.set_value(handle.ok());
        let listener = window_event_listener(
            leptos::ev::Custom::<web_sys::Event>::new("visibilitychange"),
            move |_| {
                if document().visibility_state() == web_sys::VisibilityState::Visible {
                    refresh_if_due();
                }
            },
        );
        self.on_visible.set_value(Some(listener));
    }
}

fn rows_of(batch: &Batch, sizes: &[u64], times: &[Option<f64>]) -> Vec<FileRow> {
    batch
        .reports
        .iter()
        .enumerate()
        .map(|(i, report)| FileRow {
            name: report.name.clone(),
            size: sizes.get(i).copied(),
            format: report.format.map(|f| f.label().to_string()),
            days: report.days,
            tenants: report.tenants.clone(),
            detail: report.detail.clone(),
            error: report.error.as_ref().map(ToString::to_string),
            parse_ms: times.get(i).copied().flatten(),
        })
        .collect()
}

/// Now, from the browser's clock.
pub fn now_utc() -> DateTime<Utc> {
    DateTime::from_timestamp_millis(js_sys::Date::now() as i64).unwrap_or_default()
}
