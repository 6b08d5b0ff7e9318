//! Where the data comes from: the demo tenant, uploaded files, a REST
//! endpoint, and what the browser keeps between visits.
//!
//! The pure parts ([`import`], [`merge`], [`record`], [`retry`],
//! [`schedule`], [`worker::protocol`] and the types they share) are the core
//! crate's (`secure_score_core::sources`), re-exported here; the rest uses
//! browser APIs and builds only for `wasm32`. The app calls [`start`] once (the shell does) and pages use
//! [`use_sources`].

pub mod worker;

pub use secure_score_core::sources::{
    import, merge, record, retry, schedule, Endpoint, Failure, Problem,
};

#[cfg(target_arch = "wasm32")]
pub mod clock;
#[cfg(target_arch = "wasm32")]
pub mod config;
#[cfg(target_arch = "wasm32")]
mod control;
#[cfg(target_arch = "wasm32")]
mod idb;
#[cfg(target_arch = "wasm32")]
pub mod import_path;
#[cfg(target_arch = "wasm32")]
pub mod rest;
#[cfg(target_arch = "wasm32")]
pub mod shown;
#[cfg(target_arch = "wasm32")]
pub mod storage;
#[cfg(target_arch = "wasm32")]
pub mod timer;
#[cfg(target_arch = "wasm32")]
pub mod upload;

#[cfg(target_arch = "wasm32")]
pub use control::{
    provide_idle, start, use_sources, AskToken, AutoRefresh, Bearer, EndpointState, FileRow,
    ImportReport, LoadState, Renew, ReportError, Resume, Sources,
};
#[cfg(target_arch = "wasm32")]
pub use shown::{Shown, SourceInfo};

/// A text property (`name`, `message`) of a thrown JS error or
/// DOMException, empty when it has none.
#[cfg(target_arch = "wasm32")]
pub fn error_text(error: &wasm_bindgen::JsValue, key: &str) -> String {
    js_sys::Reflect::get(error, &key.into())
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_default()
}
