//! The app shell, at the top of the instance: it creates the state
//! (`crate::state`), the sources and sign-in, lays out the header and the
//! current page, and splits the pages into chunks. Nothing below names it.

mod settings;
mod shell;
mod split;
mod stopped;

/// Mounts the app into the page (called by the binary's `main`): into the
/// host's mount elements when embedded, else into the body (see `crate::embed`).
pub fn start() {
    stopped::watch();
    crate::embed::mount(shell::App);
}
