//! The app shell: state, hash routing, theme and the page layout.

mod panic;
pub mod route;
mod shell;
pub mod state;
pub mod theme;

pub use state::{use_app, AppState, SourceInfo};

/// Mounts the app into the page (called by the binary's `main`).
pub fn start() {
    panic::install_hook();
    leptos::mount::mount_to_body(shell::App);
}
