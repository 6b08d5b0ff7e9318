//! The app shell: state, hash routing, theme and the page layout.

mod panic;
pub mod route;
mod shell;
pub mod state;
pub mod statuses;
pub mod theme;

pub use state::{use_app, AppState, SourceInfo};

/// Mounts the app into the page (called by the binary's `main`): into the
/// host's mount elements when embedded, else into the body (see `crate::embed`).
pub fn start() {
    panic::install_hook();
    crate::embed::mount(shell::App);
}
