//! The app's data flow: what is loaded at start, uploads, endpoint fetches,
//! refreshes, and what the browser keeps. The state pages read is
//! [`Sources`], provided as a context: its load state ([`LoadState`]), the
//! last action's report ([`ImportReport`]) and the endpoint
//! ([`EndpointState`]).
//!
//! At start: the histories kept in this browser are shown at once; then
//! the admin signed in earlier (a redirect's return, a host's token
//! provider) or a configured source (see [`super::config`]) is fetched and
//! merged in; with neither, the built-in demo tenant is shown.

mod endpoint;
mod load;
mod report;

use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;

pub use endpoint::{AskToken, AutoRefresh, Bearer, EndpointState, Renew};
pub use load::LoadState;
pub use report::{FileRow, ImportReport};

use super::clock::{now_utc, today};
use super::config::{self, Configured, Settings, SiteFile};
use super::import::{Batch, Failed, LoadedCatalog, Parsed};
use super::import_path::{self, ImportPath};
use super::merge::{merge_all, tenant_key};
use super::record::StoredSource;
use super::shown::{Shown, SourceInfo};
use super::timer::{yield_now, Span};
use super::worker::protocol::{LoadProgress, Request, Stage, StageName};
use super::{storage, worker, Endpoint, Problem};
use crate::engine::demo::demo_history;
use crate::engine::model::StateUpdate;
use crate::engine::model::TenantHistory;
use crate::engine::state::record_update;
use crate::signin::config::SignInConfig;

/// Signs in again at start (see [`crate::signin`]): given the sign-in
/// settings, resolves to true when it fetches the signed-in tenant's data
/// (so that the demo does not show meanwhile).
pub type Resume = Box<dyn FnOnce(SignInConfig) -> Pin<Box<dyn Future<Output = bool>>>>;

/// Tells the host page about an error the instance shows itself (see
/// `crate::embed::events`); sources know no host.
pub type ReportError = Rc<dyn Fn(&str)>;

/// The data sources' state. Cheap to copy.
#[derive(Clone, Copy)]
pub struct Sources {
    shown: Shown,
    pub load: LoadState,
    pub report: ImportReport,
    pub endpoint: EndpointState,
    /// This instance's settings, read when it was created.
    settings: StoredValue<Settings>,
    report_error: StoredValue<Option<ReportError>, LocalStorage>,
    /// The last catalog loaded, for later snapshot files.
    catalog: StoredValue<Option<LoadedCatalog>>,
    /// Every tenant imported or kept, merged (empty while the demo shows).
    stored: StoredValue<Vec<Arc<TenantHistory>>>,
    /// The app-level error this module set last, to clear it on success.
    app_error: StoredValue<Option<String>>,
}

/// Creates the sources of an instance and provides them (the shell calls
/// this once, before rendering pages, then [`Sources::load_initial`]): they fill
/// `shown`, read `settings`, and report errors to the host through
/// `report_error`.
pub fn start(shown: Shown, settings: Settings, report_error: ReportError) -> Sources {
    let sources = Sources::new(shown, settings, Some(report_error));
    provide_context(sources);
    sources.load.starting.set(true);
    Effect::new(move |_| {
        let every = sources.endpoint.auto_refresh.get();
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
pub fn provide_idle(shown: Shown) -> Sources {
    let sources = Sources::new(shown, Settings::default(), None);
    provide_context(sources);
    sources
}

impl Sources {
    fn new(shown: Shown, settings: Settings, report_error: Option<ReportError>) -> Sources {
        Sources {
            shown,
            load: LoadState::new(),
            report: ImportReport::new(),
            endpoint: EndpointState::new(),
            settings: StoredValue::new(settings),
            report_error: StoredValue::new_local(report_error),
            catalog: StoredValue::new(None),
            stored: StoredValue::new(Vec::new()),
            app_error: StoredValue::new(None),
        }
    }

    /// Starts loading: what this browser kept, then the admin signed in
    /// earlier (`resume`), a configured source or the demo.
    pub fn load_initial(self, resume: Resume) {
        spawn_local(async move {
            self.initial_load(resume).await;
            let _ = self.load.starting.try_set(false);
        });
    }

    /// The id of the tenant shown, if any.
    pub fn shown_tenant_id(&self) -> Option<String> {
        untrack(|| self.shown.history()).map(|h| h.tenant.id.clone())
    }

    /// How many tenants are kept in this browser (0 while the demo shows).
    pub fn stored_count(&self) -> usize {
        self.stored.with_value(Vec::len)
    }

    async fn initial_load(self, resume: Resume) {
        let settings = self.settings.get_value();
        // A configured endpoint is fetched in the import worker: it starts
        // while the kept data is read.
        if settings
            .source
            .as_ref()
            .is_some_and(|source| !source.waits_for_consent())
        {
            worker::client::warm_up();
        }
        let kept = storage::load().await;
        let problems: Vec<Problem> = kept
            .problems
            .iter()
            .map(|p| Problem::new("Data kept in this browser", "", p))
            .collect();
        let _ = self.report.errors.try_update(|e| e.extend(problems));
        let shown = !kept.histories.is_empty();
        if shown {
            self.stored
                .set_value(kept.histories.into_iter().map(Arc::new).collect());
            self.show(None);
            let _ = self.load.from_store.try_set(true);
            if let Some(meta) = kept.meta {
                let _ = self.load.refreshed_at.try_set(Some(meta.refreshed_at));
                let _ = self.shown.source.try_set(SourceInfo::from(&meta.source));
            }
            let _ = self.load.starting.try_set(false);
        }
        let (file, mut problems) = if settings.embedded {
            (SiteFile::default(), Vec::new())
        } else {
            config::config_file().await
        };
        let sign_in = match settings.sign_in.clone() {
            Some(Ok(config)) => Some(config),
            Some(Err(message)) => {
                problems.push(Problem::new("The host page (data-client-id)", "", &message));
                None
            }
            None => file.sign_in,
        };
        let _ = self.report.errors.try_update(|e| e.extend(problems));
        if let Some(sign_in) = sign_in {
            if resume(sign_in).await {
                return;
            }
        }
        match settings.source.or(file.source) {
            Some(source) if source.waits_for_consent() => {
                let _ = self.endpoint.link_source.try_set(Some(source.url));
                if !shown {
                    self.show_demo();
                }
            }
            Some(Configured { url, from }) => {
                let _ = self.endpoint.configured.try_set(Some(from));
                let _ = self.endpoint.url.try_set(Some(url));
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
            .shown
            .tenants
            .try_set(vec![Arc::new(demo_history(today()))]);
        let _ = self.shown.selected.try_set(0);
        let _ = self.shown.source.try_set(SourceInfo::Demo);
        let _ = self.load.from_store.try_set(false);
    }

    /// Shows the stored histories, keeping the shown tenant, else showing
    /// `prefer` (a tenant key).
    fn show(&self, prefer: Option<&str>) {
        let current = self
            .shown
            .tenants
            .try_with_untracked(|all| {
                let index = self.shown.selected.try_get_untracked().unwrap_or(0);
                all.get(index).map(|h| tenant_key(h))
            })
            .flatten();
        let histories: Vec<Arc<TenantHistory>> = self.stored.get_value();
        let index_of = |key: &str| histories.iter().position(|h| tenant_key(h) == key);
        let selected = prefer
            .and_then(index_of)
            .or_else(|| current.as_deref().and_then(index_of))
            .unwrap_or(0);
        let _ = self.shown.tenants.try_set(histories);
        let _ = self.shown.selected.try_set(selected);
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
        self.report.add_error(Problem::new(source, "", message));
    }

    /// Shows where an import is.
    fn show_stage(&self, stage: &Stage) {
        self.load.set_progress(Some(stage.progress()));
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
            today: today(),
            endpoint,
        }
    }

    async fn upload_now(self, files: Vec<web_sys::File>) {
        self.report.clear_messages();
        let request = self.request(None);
        let progress = |stage: Stage| self.show_stage(&stage);
        let relay = |p: LoadProgress| self.load.set_progress(Some(p));
        let (batch, times) = match worker::client::import(&files, &request, &relay).await {
            Ok(received) => {
                self.keep_catalog(received.batch.catalog.clone());
                (received.batch, received.parse_ms)
            }
            Err(why) => {
                let path = match import_path::load().await {
                    Ok(path) => path,
                    Err(why) => {
                        self.say("Import", &why);
                        self.load.set_progress(None);
                        self.load.finish();
                        return;
                    }
                };
                self.say_worker_unavailable(format!(
                    "the import could not run in the background ({why}); the files were \
                     imported on the page itself, which may pause it while a large file \
                     is read"
                ));
                let read = (path.read_batch)(&files, &progress).await;
                self.show_stage(&Stage::Importing);
                yield_now().await;
                (self.import_batch(path, read.inputs), read.parse_ms)
            }
        };
        let names: Vec<String> = files.iter().map(web_sys::File::name).collect();
        let sizes: Vec<u64> = files.iter().map(|f| f.size().max(0.0) as u64).collect();
        self.report.list(&batch, &sizes, &times);
        self.finish(batch, StoredSource::Files(names), Vec::new(), false)
            .await;
        self.load.set_progress(None);
        self.load.finish();
    }

    fn import_batch(&self, path: ImportPath, inputs: Vec<Result<Parsed, Failed>>) -> Batch {
        let _span = Span::start("import");
        let catalog = self.catalog.get_value();
        let batch = (path.import)(inputs, catalog.as_ref().map(|c| &c.catalog), today());
        self.keep_catalog(batch.catalog.clone());
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
                self.report_to_host(&text);
            }
        }
        let _ = self.report.errors.try_update(|e| e.extend(errors));
        let _ = self.report.warnings.try_update(|w| w.extend(warnings));
        if batch.histories.is_empty() {
            return;
        }
        yield_now().await;
        let showing = Span::start("merge-and-show");
        // A host may name the tenant its data-source brings (data-tenant-name).
        let named = self.settings.with_value(|s| s.tenant_name.clone());
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
        // Shown: the pages need not wait for it to be kept.
        let _ = self.load.starting.try_set(false);
        drop(showing);
        let now = now_utc();
        let _ = self.load.refreshed_at.try_set(Some(now));
        let _ = self.load.from_store.try_set(false);
        let _ = self.shown.source.try_set(SourceInfo::from(&source));
        self.load.set_progress(Some(LoadProgress {
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
                let _ = self.load.kept.try_set(true);
            }
            Err(message) => {
                let _ = self.load.kept.try_set(false);
                self.report_to_host(&message);
                self.say("Browser storage", &message);
            }
        }
    }

    fn fail(&self, problem: Problem, automatic: bool) {
        let text = problem.text();
        self.report.add_error(problem);
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
            self.report_to_host(&text);
        }
    }

    /// Tells the host page about an error shown on the Data page.
    fn report_to_host(&self, message: &str) {
        if let Some(report) = self.report_error.get_value() {
            report(message);
        }
    }

    /// Keeps a catalog a batch brought, for later snapshot files.
    fn keep_catalog(&self, found: Option<LoadedCatalog>) {
        if found.is_some() {
            self.catalog.set_value(found);
        }
    }

    /// Sets (or clears) the app-level alert, touching only what this
    /// module set.
    fn set_app_error(&self, message: Option<String>) {
        let ours = self.app_error.get_value();
        match message {
            Some(text) => {
                self.app_error.set_value(Some(text.clone()));
                let _ = self.shown.error.try_set(Some(text));
            }
            None => {
                if ours.is_some() && self.shown.error.try_get_untracked().flatten() == ours {
                    let _ = self.shown.error.try_set(None);
                }
                self.app_error.set_value(None);
            }
        }
    }

    /// Removes everything kept in this browser and shows the demo again.
    pub fn clear(self) {
        self.endpoint.cancel();
        spawn_local(async move {
            let result = storage::clear().await;
            self.stored.set_value(Vec::new());
            self.endpoint.forget();
            let _ = self.report.files.try_set(Vec::new());
            self.report.clear_messages();
            let _ = self.load.refreshed_at.try_set(None);
            let _ = self.load.kept.try_set(true);
            self.set_app_error(None);
            let errors = match result {
                Ok(()) => Vec::new(),
                Err(message) => vec![Problem::new("Browser storage", "", &message)],
            };
            let _ = self.report.errors.try_set(errors);
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
        let Some(key) = untrack(|| self.shown.history()).map(|h| tenant_key(&h)) else {
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
}
