//! The last resort when the wasm stops (a panic, which release builds abort
//! on without running any hook, or memory running out): `stopped.js`, plain
//! JS that needs no wasm, says so in the page's `app-error` alerts.

use wasm_bindgen::prelude::wasm_bindgen;

#[wasm_bindgen(module = "/src/app/stopped.js")]
extern "C" {
    /// Starts watching the page for the wasm stopping.
    #[wasm_bindgen(js_name = watchForStops)]
    pub fn watch();
}
