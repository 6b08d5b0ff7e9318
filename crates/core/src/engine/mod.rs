//! The scoring engine: pure Rust (serde, chrono), no browser APIs, tested
//! natively. Sources hand it files' bytes or JSON; it hands pages a [`model::TenantHistory`]
//! and the views computed from it (queue, plan, diff).

pub mod baseline;
pub mod demo;
pub mod detect;
pub mod diff;
pub mod error;
pub mod evaluate;
pub mod file;
pub mod fleet;
pub mod graph;
pub mod json;
pub mod live;
pub mod model;
pub mod plan;
pub mod queue;
pub mod snapshot;
pub mod sort;
pub mod state;
pub mod status;
pub mod summary;
pub mod synthetic;
