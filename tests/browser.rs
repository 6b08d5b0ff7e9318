//! Component tests in headless Chromium (wasm-bindgen-test): the app's
//! pieces mounted into a real DOM.
#![cfg(target_arch = "wasm32")]

use secure_score::app::route::{Page, Route};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn route_round_trips_through_the_hash() {
    let route = Route::parse("#/analyzer?day=2026-03-01&range=90");
    assert_eq!(route.page, Page::Analyzer);
    assert_eq!(route.param("day"), Some("2026-03-01"));
    assert_eq!(route.param("range"), Some("90"));
    assert_eq!(Route::parse(&route.to_hash()), route);
}

#[wasm_bindgen_test]
fn route_encodes_and_decodes_odd_values() {
    let route = Route::page(Page::Actions).with_param("control", Some("a&b=c d#e"));
    let hash = route.to_hash();
    assert!(!hash[1..].contains('#'), "{hash}");
    assert_eq!(Route::parse(&hash).param("control"), Some("a&b=c d#e"));
}

#[wasm_bindgen_test]
fn unknown_page_falls_back_to_overview() {
    assert_eq!(Route::parse("#/nope").page, Page::Overview);
    assert_eq!(Route::parse("").page, Page::Overview);
}
