//! The app shell: state, hash routing, theme and the page layout.

pub mod route;
mod settings;
mod shell;
mod split;
pub mod state;
pub mod statuses;
mod stopped;
pub mod theme;

pub(crate) use split::split_point;
pub use state::{use_app, AppState};

/// Mounts the app into the page (called by the binary's `main`): into the
/// host's mount elements when embedded, else into the body (see `crate::embed`).
pub fn start() {
    stopped::watch();
    crate::embed::mount(shell::App);
}
