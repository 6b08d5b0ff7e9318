//! The engine's speed in WASM: the native bench's Graph import
//! (`crates/core/benches/engine.rs`) in headless Chromium. A benchmark, not
//! a test: `tests/e2e/perf.mjs` runs it in release and reads the figure it
//! prints (`engine-wasm-ms <median> first <first run>`); the component
//! tests (`tests/browser.rs`) leave it out.
#![cfg(target_arch = "wasm32")]

use secure_score::engine::file;
use secure_score::engine::synthetic::{profiles_json, scores_json};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Runs as many times as the native bench's full mode
/// (`crates/core/benches/engine.rs`) and prints the median, as it does,
/// and the first run: V8 runs wasm code unoptimized until it has run a while.
#[wasm_bindgen_test]
fn graph_import_365_days_in_wasm() {
    let scores = scores_json(365, 80, 0);
    let profiles = profiles_json(80);
    let performance = web_sys::window().unwrap().performance().unwrap();
    let mut times = Vec::new();
    let mut days = 0;
    for _ in 0..15 {
        let start = performance.now();
        days = file::import_graph(scores.as_bytes(), Some(profiles.as_bytes()))
            .unwrap()
            .days
            .len();
        times.push(performance.now() - start);
    }
    assert_eq!(days, 365);
    let first = times[0];
    times.sort_by(f64::total_cmp);
    web_sys::console::log_1(&format!("engine-wasm-ms {:.1} first {first:.1}", times[7]).into());
}
