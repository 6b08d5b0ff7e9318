//! The pure parts of the data sources, tested natively: importing files'
//! and endpoints' bytes ([`import`]), merging ([`merge`]) and keeping
//! ([`record`]) histories, retrying reads ([`retry`]), when the next daily
//! score is due ([`schedule`]), what the page and the import worker say
//! ([`worker::protocol`]), and the endpoint, failure and problem types they
//! share with the app's browser parts.

pub mod import;
pub mod merge;
pub mod record;
pub mod retry;
pub mod schedule;
pub mod worker;

use serde::{Deserialize, Serialize};

use crate::engine::error::ImportError;

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
