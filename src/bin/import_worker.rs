//! Binary entry of the import worker (a dedicated Web Worker; see
//! `sources::worker`): trunk builds it beside the app, and the page starts
//! it on the first import.

#[cfg(target_arch = "wasm32")]
fn main() {
    secure_score::sources::worker::job::run();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!(
        "import_worker runs in a browser's Web Worker: build it with `trunk build --release`."
    );
}
