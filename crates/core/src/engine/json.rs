//! Reading JSON files for every importer: bytes to a [`serde_json::Value`]
//! with errors an admin can act on ([`parse_bytes`]), then a lenient,
//! path-tracking reader over the value ([`Node`]); and typed readers that
//! take the same spellings straight from the text, for fast paths that
//! fall back to [`Node`] on anything unusual.

mod bytes;
mod commas;
mod dates;
mod node;
pub(crate) mod typed;

pub use bytes::parse_bytes;
pub(crate) use bytes::{decode, parse_document, parse_text, Document};
pub use dates::parse_date_time;
pub use node::{describe, shorten, Node};
