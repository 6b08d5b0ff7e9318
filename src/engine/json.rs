//! Reading JSON files for every importer: bytes to a [`serde_json::Value`]
//! with errors an admin can act on ([`parse_bytes`]), then a lenient,
//! path-tracking reader over the value ([`Node`]).

mod bytes;
mod dates;
mod node;

pub use bytes::parse_bytes;
pub use dates::parse_date_time;
pub use node::{describe, Node};
pub(crate) use node::{plural, shorten};
