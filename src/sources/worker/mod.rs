//! Importing files in a dedicated Web Worker (the `import_worker` binary),
//! so that reading, parsing and the engine's import of a large file never
//! block the page: [`protocol`] is what the two sides say (pure), [`job`]
//! the worker's side, [`client`] the page's. The worker's wasm holds the
//! engine, serde and a few web-sys bindings, never Leptos.

pub mod protocol;

#[cfg(target_arch = "wasm32")]
pub mod client;
#[cfg(target_arch = "wasm32")]
pub mod job;
