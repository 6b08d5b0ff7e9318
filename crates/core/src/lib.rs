//! Secure Score's core: everything that is pure Rust (serde, serde_json,
//! chrono) and knows nothing of the browser, built, tested and benchmarked
//! natively. The app crate (the repository's root) re-exports these
//! modules under its own root, so that its paths stay `crate::engine::…`.
//! See ARCHITECTURE.md for the map.

pub mod chart;
pub mod engine;
pub mod format;
pub mod report;
pub mod sanitize;
pub mod signin;
pub mod sources;
pub mod text;
