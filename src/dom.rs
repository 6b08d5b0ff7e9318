//! Finding the element an event concerns.

use wasm_bindgen::JsCast;

/// The element matching `selector` that `target` (an event's) is in, itself
/// included: for one listener serving many elements.
pub fn closest(target: Option<web_sys::EventTarget>, selector: &str) -> Option<web_sys::Element> {
    let element: web_sys::Element = target?.dyn_into().ok()?;
    element.closest(selector).ok()?
}
