//! The import worker's side (the app's binary runs [`run`] when it starts
//! in a Web Worker): it fetches the import path's chunk, listens for
//! `[request, files]`, reads and parses the files, or fetches the
//! request's endpoint, and imports the batch exactly as the page would
//! (through [`import_path`]), posting progress, then the result.

use std::cell::Cell;

use js_sys::{Array, Uint8Array};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

use super::days::day_chunks;
use super::protocol::{self, Request, Stage, DAYS, FAILED, FETCH_FAILED, PROGRESS, READY, RESULT};
use crate::engine::baseline::Catalog;
use crate::sources::import_path::{self, ImportPath};
use crate::sources::rest::{self, Canceller, FetchProgress};
use crate::sources::timer::{Span, Timeout};
use crate::sources::{Endpoint, Failure};

/// Whether this code runs in a dedicated Web Worker, not on a page.
pub fn in_worker() -> bool {
    js_sys::global().is_instance_of::<DedicatedWorkerGlobalScope>()
}

/// Starts listening and tells the page so (in a worker only).
pub fn run() {
    let Ok(scope) = js_sys::global().dyn_into::<DedicatedWorkerGlobalScope>() else {
        return;
    };
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(|event: MessageEvent| {
        wasm_bindgen_futures::spawn_local(handle(event.data()));
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The handler lives as long as the worker.
    on_message.forget();
    post(READY, "");
    // The import path's chunk comes while the page sends its request; a
    // request the page sends at once goes out before the warm-up (see
    // `handle`).
    wasm_bindgen_futures::spawn_local(async {
        let _ = import_path::load().await;
    });
    std::mem::forget(Timeout::new(WARM_UP_IDLE_MS, warm_up_when_loaded));
}

/// How long a started worker waits for a request before it warms up: the
/// page sends its first request as soon as the worker is ready.
const WARM_UP_IDLE_MS: u32 = 50;

thread_local! {
    /// Set once [`warm_up`] has run.
    static WARM: Cell<bool> = const { Cell::new(false) };
}

/// Imports a generated history through the import path and discards it
/// ([`ImportPath::warm_up`]): V8 first runs wasm code unoptimized (2–3
/// times slower) and optimizes the functions that have run a while, so the
/// admin's first import then runs optimized code. Runs once: when the
/// worker has waited for a request a while, or once the first request's
/// fetch or file reads are under way (they wait on the network or the disk
/// meanwhile).
fn warm_up(path: ImportPath) {
    if WARM.with(|warm| warm.replace(true)) {
        return;
    }
    let _span = Span::start("warm-up");
    (path.warm_up)();
}

/// Warms up once the import path is in and what runs now waits.
fn warm_up_when_loaded() {
    wasm_bindgen_futures::spawn_local(async {
        if let Ok(path) = import_path::load().await {
            warm_up(path);
        }
    });
}

/// Posts `[tag, text]` to the page.
fn post(tag: &str, text: &str) {
    if let Ok(scope) = js_sys::global().dyn_into::<DedicatedWorkerGlobalScope>() {
        let message = Array::of2(&JsValue::from_str(tag), &JsValue::from_str(text));
        let _ = scope.post_message(&message);
    }
}

/// Posts `[tag, bytes]` to the page, the bytes' buffer transferred (not
/// copied again).
fn post_bytes(tag: &str, bytes: &[u8]) {
    if let Ok(scope) = js_sys::global().dyn_into::<DedicatedWorkerGlobalScope>() {
        let array = Uint8Array::from(bytes);
        let message = Array::of2(&JsValue::from_str(tag), &array);
        let _ = scope.post_message_with_transfer(&message, &Array::of1(&array.buffer()));
    }
}

/// Posts a stage's label and name, its done and total, and its pages
/// fetched (null where it has none).
fn post_stage(stage: &Stage) {
    if let Ok(scope) = js_sys::global().dyn_into::<DedicatedWorkerGlobalScope>() {
        let (done, total) = stage.value().unzip();
        let number = |n: Option<f64>| n.map_or(JsValue::NULL, JsValue::from);
        let message = Array::of3(
            &JsValue::from_str(PROGRESS),
            &stage.label().into(),
            &stage.name().as_str().into(),
        );
        message.push(&number(done));
        message.push(&number(total));
        message.push(&number(stage.pages().map(|p| p as f64)));
        let _ = scope.post_message(&message);
    }
}

/// Fetches the endpoint (the page cancels by ending the worker).
async fn fetch(endpoint: &Endpoint) -> Result<rest::Fetched, Failure> {
    let progress = |p: FetchProgress| post_stage(&p.stage());
    rest::fetch_source(endpoint, &Canceller::default(), &progress).await
}

/// The import path, or `None` once the page has been told why not.
async fn loaded() -> Option<ImportPath> {
    import_path::load()
        .await
        .map_err(|why| post(FAILED, &why))
        .ok()
}

async fn handle(data: JsValue) {
    let message = Array::from(&data);
    let request: Request = match message
        .get(0)
        .as_string()
        .map(|text| serde_json::from_str(&text))
    {
        Some(Ok(request)) => request,
        _ => {
            post(
                FAILED,
                "the import worker got a request it does not understand",
            );
            return;
        }
    };
    // Warms up (if it has not yet) once the import path is in and the work
    // below waits on its first request or read.
    warm_up_when_loaded();
    let (inputs, parse_ms, fetched) = match &request.endpoint {
        // The request goes out while the import path may still be on its
        // way: the fetch waits for it only to read the answer.
        Some(endpoint) => match fetch(endpoint).await {
            Ok(fetched) => {
                let (inputs, info) = fetched.split();
                (inputs, Vec::new(), Some(info))
            }
            Err(failure) => {
                post(
                    FETCH_FAILED,
                    &serde_json::to_string(&failure).unwrap_or_default(),
                );
                return;
            }
        },
        None => {
            let Some(path) = loaded().await else { return };
            let files: Vec<web_sys::File> = Array::from(&message.get(1))
                .iter()
                .filter_map(|file| file.dyn_into().ok())
                .collect();
            let read = (path.read_batch)(&files, &|stage| post_stage(&stage)).await;
            (read.inputs, read.parse_ms, None)
        }
    };
    let Some(path) = loaded().await else { return };
    post_stage(&Stage::Importing);
    let catalog = request
        .catalog
        .as_ref()
        .and_then(|value| Catalog::from_value(value).ok());
    let span = Span::start("import");
    let batch = (path.import)(inputs, catalog.as_ref(), request.today);
    drop(span);
    let (mut summary, histories) = protocol::split(batch, parse_ms);
    summary.fetched = fetched;
    // Serializing these types cannot fail (text keys only).
    post(RESULT, &serde_json::to_string(&summary).unwrap_or_default());
    for days in &histories {
        for chunk in day_chunks(days) {
            post_bytes(DAYS, &chunk);
        }
    }
}
