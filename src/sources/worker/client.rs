//! The page's side of the import worker: started when the Data page opens,
//! on the first import or on the first endpoint fetch (the demo's cold
//! start never loads it), reused, and started afresh after a crash or a
//! cancelled fetch. [`import`] hands it the files, [`fetch`] an endpoint to
//! fetch; both decode the result a slice at a time. Their error says why
//! the worker could not do the work (blocked by a Content Security Policy,
//! not found, crashed, e.g. out of memory), so that the caller can say so
//! and do it on the page instead.

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::rc::Rc;

use js_sys::{Array, Function, Promise, Uint8Array};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{ErrorEvent, MessageEvent, Worker, WorkerOptions, WorkerType};

use super::days::read_days;
use super::protocol::{
    read_summary, FetchedInfo, LoadProgress, Request, Stage, StageName, DAYS, FAILED, FETCH_FAILED,
    PROGRESS, READY, RESULT,
};
use crate::engine::baseline::Catalog;
use crate::sources::error_text;
use crate::sources::import::{Batch, LoadedCatalog};
use crate::sources::rest::Canceller;
use crate::sources::timer::{yield_now, Slice, Timeout};
use crate::sources::Failure;

/// The worker's entry script, beside the app's files (index.html copies it);
/// it loads the app's glue script from beside itself.
const LOADER: &str = "import_worker_loader.js";
/// How long the worker may take to start before the page imports instead.
const START_MS: u32 = 20_000;

/// A batch imported by the worker.
pub struct Received {
    pub batch: Batch,
    /// Milliseconds each file's parse took in the worker.
    pub parse_ms: Vec<Option<f64>>,
    /// For an endpoint: what its fetch brought beside the batch.
    pub fetched: Option<FetchedInfo>,
}

/// What the worker did with a request.
enum Outcome {
    Imported(Received),
    /// The endpoint could not be fetched, or the fetch was cancelled.
    NotFetched(Failure),
}

thread_local! {
    /// The started worker, while no import uses it.
    static IDLE: RefCell<Option<Connection>> = const { RefCell::new(None) };
    /// While [`warm_up`] starts the worker: the imports waiting for it.
    static WARMING: RefCell<Option<Vec<Function>>> = const { RefCell::new(None) };
}

/// Starts the worker ahead of the first import (the Data page does when it
/// is shown), so that an import does not wait for it to load. A failure is
/// left for the import to meet and report.
pub fn warm_up() {
    let started = IDLE.with(|idle| idle.borrow().is_some());
    let starting = WARMING.with(|warming| warming.borrow().is_some());
    if started || starting {
        return;
    }
    WARMING.with(|warming| *warming.borrow_mut() = Some(Vec::new()));
    wasm_bindgen_futures::spawn_local(async {
        let connection = Connection::start().await.ok();
        IDLE.with(|idle| {
            let mut idle = idle.borrow_mut();
            if idle.is_none() {
                *idle = connection;
            }
        });
        let waiting = WARMING.with(|warming| warming.borrow_mut().take());
        for wake in waiting.unwrap_or_default() {
            let _ = wake.call0(&JsValue::NULL);
        }
    });
}

/// Waits for a [`warm_up`] in progress, if any.
async fn warmed_up() {
    let promise = Promise::new(&mut |resolve: Function, _reject: Function| {
        WARMING.with(|warming| match warming.borrow_mut().as_mut() {
            Some(waiting) => waiting.push(resolve),
            None => {
                let _ = resolve.call0(&JsValue::NULL);
            }
        });
    });
    let _ = JsFuture::from(promise).await;
}

/// Imports `files` in the worker. The error says why it could not.
pub async fn import(
    files: &[web_sys::File],
    request: &Request,
    progress: &dyn Fn(LoadProgress),
) -> Result<Received, String> {
    match run(files, request, progress, None).await? {
        Outcome::Imported(received) => Ok(received),
        Outcome::NotFetched(_) => Err("it answered a fetch to an import".to_string()),
    }
}

/// Fetches and imports the endpoint of `request` in the worker: the
/// received batch, or why the endpoint could not be fetched. Cancelling
/// stops the worker. The outer error says why the worker could not do it.
pub async fn fetch(
    request: &Request,
    progress: &dyn Fn(LoadProgress),
    cancel: &Canceller,
) -> Result<Result<Received, Failure>, String> {
    Ok(match run(&[], request, progress, Some(cancel)).await? {
        Outcome::Imported(received) => Ok(received),
        Outcome::NotFetched(failure) => Err(failure),
    })
}

async fn run(
    files: &[web_sys::File],
    request: &Request,
    progress: &dyn Fn(LoadProgress),
    cancel: Option<&Canceller>,
) -> Result<Outcome, String> {
    warmed_up().await;
    // Work in progress keeps its worker: a second request starts another.
    let connection = match IDLE.with(|idle| idle.borrow_mut().take()) {
        Some(connection) => connection,
        None => Connection::start().await?,
    };
    // A cancel reaches this run only while it runs (the connection may
    // serve the next request by the time an old fetch is cancelled).
    let running = Rc::new(Cell::new(true));
    if let Some(cancel) = cancel {
        let (inbox, running) = (connection.inbox.clone(), running.clone());
        cancel.on_cancel(move || {
            if running.get() {
                inbox.push(Incoming::Cancelled);
            }
        });
        if cancel.is_cancelled() {
            return Ok(Outcome::NotFetched(Failure::Cancelled));
        }
    }
    let outcome = connection.run(files, request, progress).await;
    running.set(false);
    // A cancelled fetch may still run in the worker: it ends with it.
    let reusable = !matches!(
        outcome,
        Ok(Outcome::NotFetched(Failure::Cancelled)) | Err(_)
    );
    if reusable {
        IDLE.with(|idle| {
            let mut idle = idle.borrow_mut();
            if idle.is_none() {
                *idle = Some(connection);
            }
        });
    }
    outcome
}

/// What the worker said (a tag, a text, and for progress the stage's name,
/// its done and total and its pages), a chunk of days, that it failed, or
/// that the page cancelled.
enum Incoming {
    Message(String, String, Option<StageSaid>),
    Days(Vec<u8>),
    Failed(String),
    Cancelled,
}

/// A stage's name, done and total, and pages, as the worker posted them.
type StageSaid = (String, Option<(f64, f64)>, Option<usize>);

/// Messages not yet taken, and the waiter to wake on the next one.
#[derive(Default)]
struct Inbox {
    queue: RefCell<VecDeque<Incoming>>,
    wake: RefCell<Option<Function>>,
}

impl Inbox {
    fn push(&self, incoming: Incoming) {
        self.queue.borrow_mut().push_back(incoming);
        if let Some(wake) = self.wake.borrow_mut().take() {
            let _ = wake.call0(&JsValue::NULL);
        }
    }

    async fn next(&self) -> Incoming {
        loop {
            if let Some(incoming) = self.queue.borrow_mut().pop_front() {
                return incoming;
            }
            let promise = Promise::new(&mut |resolve: Function, _reject: Function| {
                *self.wake.borrow_mut() = Some(resolve);
            });
            let _ = JsFuture::from(promise).await;
        }
    }
}

/// A started worker; dropping it terminates the worker.
struct Connection {
    worker: Worker,
    inbox: Rc<Inbox>,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(web_sys::Event)>,
}

impl Drop for Connection {
    fn drop(&mut self) {
        self.worker.terminate();
    }
}

impl Connection {
    /// Starts the worker and waits until it listens.
    async fn start() -> Result<Connection, String> {
        let url = crate::assets::asset_url(LOADER).ok_or("the app's address could not be read")?;
        let options = WorkerOptions::new();
        options.set_type(WorkerType::Module);
        let worker = Worker::new_with_options(&url, &options).map_err(|e| {
            format!(
                "the browser did not let the app start it ({})",
                describe(&e)
            )
        })?;
        let inbox = Rc::new(Inbox::default());
        let messages = inbox.clone();
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
            let message = Array::from(&event.data());
            let text = |i| message.get(i).as_string().unwrap_or_default();
            if text(0) == DAYS {
                // Anything but bytes is an empty chunk, which does not read.
                let bytes = message.get(1).dyn_into::<Uint8Array>().ok();
                messages.push(Incoming::Days(
                    bytes.map(|b| b.to_vec()).unwrap_or_default(),
                ));
                return;
            }
            let value = message.get(3).as_f64().zip(message.get(4).as_f64());
            let pages = message.get(5).as_f64().map(|pages| pages as usize);
            let stage = message.get(2).as_string().map(|name| (name, value, pages));
            messages.push(Incoming::Message(text(0), text(1), stage));
        });
        let errors = inbox.clone();
        let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(move |event: web_sys::Event| {
            let message = event
                .dyn_ref::<ErrorEvent>()
                .map(ErrorEvent::message)
                .filter(|m| !m.is_empty())
                .unwrap_or_else(|| "it could not be loaded or it stopped".to_string());
            errors.push(Incoming::Failed(message));
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        worker.set_onmessageerror(Some(on_error.as_ref().unchecked_ref()));
        // The loader runs the app's own wasm: hand it the compiled module
        // and the glue of the same build.
        let start = Array::of2(
            &wasm_bindgen::module(),
            &JsValue::from(crate::assets::glue_url()),
        );
        worker.post_message(&start).map_err(|e| {
            format!(
                "the app's code could not be handed to it ({})",
                describe(&e)
            )
        })?;
        let connection = Connection {
            worker,
            inbox,
            _on_message: on_message,
            _on_error: on_error,
        };
        let late = connection.inbox.clone();
        let _timeout = Timeout::new(START_MS, move || {
            late.push(Incoming::Failed(format!(
                "it did not start within {} seconds",
                START_MS / 1000
            )));
        });
        loop {
            match connection.inbox.next().await {
                Incoming::Message(tag, ..) if tag == READY => return Ok(connection),
                Incoming::Message(tag, text, _) if tag == FAILED => return Err(text),
                Incoming::Message(..) | Incoming::Days(_) | Incoming::Cancelled => {}
                Incoming::Failed(why) => return Err(why),
            }
        }
    }

    async fn run(
        &self,
        files: &[web_sys::File],
        request: &Request,
        progress: &dyn Fn(LoadProgress),
    ) -> Result<Outcome, String> {
        let request = serde_json::to_string(request).map_err(|e| e.to_string())?;
        let list: Array = files.iter().collect();
        self.worker
            .post_message(&Array::of2(&JsValue::from_str(&request), &list))
            .map_err(|e| format!("the files could not be handed to it ({})", describe(&e)))?;
        let summary = loop {
            match self.inbox.next().await {
                Incoming::Message(tag, label, Some((name, value, pages))) if tag == PROGRESS => {
                    // The worker runs this very module: it cannot name a
                    // stage this page does not know, and a progress update
                    // is no reason to fail an import.
                    if let Some(stage) = StageName::parse(&name) {
                        progress(LoadProgress {
                            label,
                            stage,
                            value,
                            pages,
                        });
                    }
                }
                Incoming::Message(tag, text, _) if tag == RESULT => break read_summary(&text)?,
                Incoming::Message(tag, text, _) if tag == FETCH_FAILED => {
                    let failure = serde_json::from_str(&text).map_err(|e| e.to_string())?;
                    return Ok(Outcome::NotFetched(failure));
                }
                Incoming::Message(tag, text, _) if tag == FAILED => return Err(text),
                Incoming::Message(..) | Incoming::Days(_) => {}
                Incoming::Failed(why) => return Err(why),
                Incoming::Cancelled => return Ok(Outcome::NotFetched(Failure::Cancelled)),
            }
        };
        let total: usize = summary.histories.iter().map(|h| h.days).sum();
        let mut done = 0;
        let mut slice = Slice::start();
        let mut histories = Vec::new();
        for head in summary.histories {
            let mut days = Vec::with_capacity(head.days);
            while days.len() < head.days {
                match self.inbox.next().await {
                    Incoming::Days(bytes) => {
                        let chunk = read_days(&bytes)?;
                        done += chunk.len();
                        days.extend(chunk);
                    }
                    Incoming::Message(..) => {}
                    Incoming::Failed(why) => return Err(why),
                    Incoming::Cancelled => return Ok(Outcome::NotFetched(Failure::Cancelled)),
                }
                if slice.is_over() {
                    progress(Stage::Receiving { done, total }.progress());
                    yield_now().await;
                    slice.restart();
                }
            }
            histories.push(head.into_imported(days));
        }
        let catalog = summary.catalog.and_then(|value| {
            Catalog::from_value(&value)
                .ok()
                .map(|catalog| LoadedCatalog { catalog, value })
        });
        Ok(Outcome::Imported(Received {
            batch: Batch {
                histories,
                reports: summary.reports,
                catalog,
            },
            parse_ms: summary.parse_ms,
            fetched: summary.fetched,
        }))
    }
}

/// "SecurityError: ..." from a thrown error.
fn describe(error: &JsValue) -> String {
    match (error_text(error, "name"), error_text(error, "message")) {
        (name, message) if name.is_empty() && message.is_empty() => {
            error.as_string().unwrap_or_else(|| "an error".to_string())
        }
        (name, message) if message.is_empty() => name,
        (name, message) if name.is_empty() => message,
        (name, message) => format!("{name}: {message}"),
    }
}
