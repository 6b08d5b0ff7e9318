//! Secure Score: a browser-only Microsoft 365 security posture dashboard.
//!
//! [`engine`] is pure Rust, built and tested natively; everything else is
//! the Leptos app around it and builds only for `wasm32`.
//! See ARCHITECTURE.md for the map.

pub mod engine;
pub mod report;
pub mod sanitize;
/// Sign-in with Microsoft: settings and failures build natively, the rest
/// only for wasm32.
pub mod signin;
/// Data sources: pure parts build natively, browser parts only for wasm32.
pub mod sources;

#[cfg(target_arch = "wasm32")]
pub mod app;
#[cfg(target_arch = "wasm32")]
pub mod assess;
#[cfg(target_arch = "wasm32")]
pub mod charts;
#[cfg(target_arch = "wasm32")]
pub mod components;
#[cfg(target_arch = "wasm32")]
pub mod embed;
#[cfg(target_arch = "wasm32")]
pub mod pages;
