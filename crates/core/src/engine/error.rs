//! The one error type of every importer: where in the input, and why.

use std::fmt;

use serde::{Deserialize, Serialize};

/// An input the engine could not use. `path` names the place in the input
/// (`value[3].controlScores[7].score`, or `line 5, column 3` for JSON
/// syntax) and `message` says why, in words an admin understands.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportError {
    pub path: String,
    pub message: String,
}

impl ImportError {
    /// An error at `path`.
    pub fn new(path: impl Into<String>, message: impl Into<String>) -> Self {
        ImportError {
            path: path.into(),
            message: message.into(),
        }
    }
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

impl std::error::Error for ImportError {}
