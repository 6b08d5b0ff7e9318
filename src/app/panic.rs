//! A last-resort panic hook: a panic in WASM ends the app, so at least say
//! so on the page instead of leaving it silently frozen.

use wasm_bindgen::JsCast;

/// Installs the hook.
pub fn install_hook() {
    std::panic::set_hook(Box::new(|info| {
        let message = format!("Secure Score stopped after an internal error: {info}. Reload the page; your data is kept in this browser.");
        web_sys::console::error_1(&message.as_str().into());
        let region = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.query_selector("[data-testid=app-error]").ok().flatten())
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
        if let Some(region) = region {
            region.set_inner_text(&message);
        }
    }));
}
