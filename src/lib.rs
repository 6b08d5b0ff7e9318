//! Secure Score: a browser-only Microsoft 365 security posture dashboard.
//!
//! The pure code lives in the core crate (`secure_score_core`: built and
//! tested natively, no browser dependency): [`chart`], [`engine`],
//! [`report`], [`sanitize`] and the pure parts of [`signin`] and [`sources`], re-exported
//! here so that the app's paths stay `crate::engine::…`. Everything else is
//! the Leptos app around it and builds only for `wasm32`.
//! See ARCHITECTURE.md for the map.

pub use secure_score_core::{chart, engine, report, sanitize, text};
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
pub mod assets;
#[cfg(target_arch = "wasm32")]
pub mod components;
#[cfg(target_arch = "wasm32")]
pub mod dom;
#[cfg(target_arch = "wasm32")]
pub mod embed;
#[cfg(target_arch = "wasm32")]
mod lazy;
#[cfg(target_arch = "wasm32")]
pub mod pages;
#[cfg(target_arch = "wasm32")]
pub mod state;
