//! A file's bytes to what the importers take: its format and its content.
//! Microsoft Graph secureScores as Graph sends them are read straight from
//! the text (several times faster); every other file, and every file that
//! fast path gives up on, is parsed to a JSON value and its format detected,
//! for the lenient readers and their messages.

use serde_json::Value;

use crate::engine::detect::{detect, Format};
use crate::engine::error::ImportError;
use crate::engine::graph::{read_scores, GraphScore};
use crate::engine::json::{decode, parse_text};

/// What a file holds.
#[derive(Clone, Debug, PartialEq)]
pub enum Content {
    /// Microsoft Graph secureScores, already read: what
    /// [`parse_scores`](crate::engine::graph::parse_scores) reads from the
    /// file's value.
    GraphScores(Vec<GraphScore>),
    /// The file's JSON value and the format detected in it.
    Json(Value, Format),
}

impl Content {
    /// The format of the file.
    pub fn format(&self) -> Format {
        match self {
            Content::GraphScores(_) => Format::GraphScores,
            Content::Json(_, format) => *format,
        }
    }
}

/// Reads a file's bytes. Fails as [`parse_bytes`](crate::engine::json::parse_bytes)
/// and then [`detect`] do, with the same errors.
pub fn read(bytes: &[u8]) -> Result<Content, ImportError> {
    let text = decode(bytes)?;
    if let Some(scores) = read_scores(text) {
        return Ok(Content::GraphScores(scores));
    }
    let value = parse_text(text)?;
    let format = detect(&value)?;
    Ok(Content::Json(value, format))
}
