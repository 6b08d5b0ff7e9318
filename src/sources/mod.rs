//! Where the data comes from: the demo tenant, uploaded files, a REST
//! endpoint, and what the browser keeps between visits.
//!
//! The pure parts ([`import`], [`merge`], [`retry`], [`record`],
//! [`worker::protocol`]) build and
//! are tested natively; the rest uses browser APIs and builds only for
//! `wasm32`. The app calls [`start`] once (the shell does) and pages use
//! [`use_sources`].

pub mod import;
pub mod merge;
pub mod record;
pub mod retry;
pub mod schedule;
pub mod worker;

#[cfg(target_arch = "wasm32")]
pub mod config;
#[cfg(target_arch = "wasm32")]
mod control;
#[cfg(target_arch = "wasm32")]
mod idb;
#[cfg(target_arch = "wasm32")]
pub mod rest;
#[cfg(target_arch = "wasm32")]
pub mod storage;
#[cfg(target_arch = "wasm32")]
pub mod timer;
#[cfg(target_arch = "wasm32")]
pub mod upload;

#[cfg(target_arch = "wasm32")]
pub use control::{
    now_utc, start, use_sources, AskToken, AutoRefresh, Bearer, FileRow, Progress, Renew, Resume,
    Sources,
};

use serde::{Deserialize, Serialize};

use crate::engine::error::ImportError;

/// A text property (`name`, `message`) of a thrown JS error or
/// DOMException, empty when it has none.
#[cfg(target_arch = "wasm32")]
pub fn error_text(error: &wasm_bindgen::JsValue, key: &str) -> String {
    js_sys::Reflect::get(error, &key.into())
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_default()
}

/// An endpoint to read (handed to the import worker in a message).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Endpoint {
    pub url: String,
    /// Sent as `Authorization: Bearer ...` to the endpoint's origin only.
    /// Kept in memory only (the page's and the worker's).
    pub token: Option<String>,
    pub timeout_ms: u32,
}

/// Why fetching an endpoint failed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Failure {
    /// 401 or 403: the caller lacks the role or the permission.
    AdminRequired {
        url: String,
        status: u16,
        /// A 401's Conditional Access challenge (`insufficient_claims`):
        /// the claims to sign in again with, base64 as sent.
        claims: Option<String>,
    },
    /// The user cancelled.
    Cancelled,
    Other(Problem),
}

/// Something to tell about a source: which file or URL, where in it, and
/// what. Shown in the `import-error` region.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    /// The file name or the URL (without query string).
    pub source: String,
    /// A field path (`value[0].controlScores[3].score`), `line 5, column 3`,
    /// or empty.
    pub place: String,
    pub message: String,
}

impl Problem {
    /// A problem of `source` at `place`.
    pub fn new(source: &str, place: &str, message: &str) -> Problem {
        Problem {
            source: source.to_string(),
            place: place.to_string(),
            message: message.to_string(),
        }
    }

    /// The engine's error about `source`.
    pub fn from_import(source: &str, error: &ImportError) -> Problem {
        Problem::new(source, &error.path, &error.message)
    }

    /// "file.json: value[0].score: expected a number".
    pub fn text(&self) -> String {
        let mut text = String::new();
        for part in [&self.source, &self.place, &self.message] {
            if part.trim().is_empty() {
                continue;
            }
            if !text.is_empty() {
                text.push_str(": ");
            }
            text.push_str(part.trim());
        }
        text
    }
}
