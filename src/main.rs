//! Binary entry: mounts the app in the browser.

#[cfg(target_arch = "wasm32")]
fn main() {
    secure_score::app::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("secure-score is a web app: build it with `trunk build --release`.");
}
