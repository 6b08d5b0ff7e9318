//! Importing files in a dedicated Web Worker, so that reading, parsing and
//! the engine's import of a large file never block the page: [`protocol`]
//! is what the two sides say and [`days`] the binary form of the days they
//! send (both pure: the core crate's), [`job`] the worker's side, [`client`]
//! the page's. The worker runs the app's own wasm, the
//! module the page has already compiled: nothing more to download.

pub use secure_score_core::sources::worker::{days, protocol};

#[cfg(target_arch = "wasm32")]
pub mod client;
#[cfg(target_arch = "wasm32")]
pub mod job;
