//! Finding the element an event concerns, and running work once a frame
//! is painted.

use std::time::Duration;

use leptos::prelude::{request_animation_frame, set_timeout};
use wasm_bindgen::JsCast;

/// The element matching `selector` that `target` (an event's) is in, itself
/// included: for one listener serving many elements.
pub fn closest(target: Option<web_sys::EventTarget>, selector: &str) -> Option<web_sys::Element> {
    let element: web_sys::Element = target?.dyn_into().ok()?;
    element.closest(selector).ok()?
}

/// Runs `f` after the next paint: a task queued from a frame's callback
/// runs once that frame is painted. A hidden page paints no frame, so `f`
/// waits until it is shown.
pub fn after_next_paint(f: impl FnOnce() + 'static) {
    request_animation_frame(move || set_timeout(f, Duration::ZERO));
}
