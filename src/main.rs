//! Binary entry: mounts the app in the browser, or, started in a Web
//! Worker, runs the import worker (`sources::worker`): one wasm serves both.

#[cfg(target_arch = "wasm32")]
fn main() {
    use secure_score::sources::worker::job;
    if job::in_worker() {
        job::run();
    } else {
        secure_score::app::start();
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("secure-score is a web app: build it with `trunk build --release`.");
}
