//! Secure Score: a browser-only Microsoft 365 security posture dashboard.
//!
//! [`engine`] is pure Rust, built and tested natively; everything else is
//! the Leptos app around it and builds only for `wasm32`.
//! See ARCHITECTURE.md for the map.

pub mod engine;
pub mod sanitize;

#[cfg(target_arch = "wasm32")]
pub mod app;
#[cfg(target_arch = "wasm32")]
pub mod pages;
#[cfg(target_arch = "wasm32")]
pub mod components;
