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

// ---- rich text (sanitized Graph HTML) ----
mod rich_text {
    use leptos::prelude::*;
    use secure_score::components::rich_text::RichText;
    use wasm_bindgen::JsCast;
    use wasm_bindgen_test::*;

    fn mount(html: &'static str) -> web_sys::HtmlElement {
        let document = web_sys::window().unwrap().document().unwrap();
        let host: web_sys::HtmlElement = document.create_element("div").unwrap().unchecked_into();
        document.body().unwrap().append_child(&host).unwrap();
        leptos::mount::mount_to(host.clone(), move || view! { <RichText html=html /> }).forget();
        host
    }

    #[wasm_bindgen_test]
    fn hostile_remediation_renders_as_harmless_text() {
        let host = mount(
            r#"<p>Step <script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">
            <a href="javascript:window.__pwned=3">click</a> <a href="https://learn.microsoft.com/x" onclick="window.__pwned=4">docs</a></p>"#,
        );
        assert!(host.query_selector("script").unwrap().is_none());
        assert!(host.query_selector("img").unwrap().is_none());
        let links = host.query_selector_all("a").unwrap();
        assert_eq!(links.length(), 1);
        let link: web_sys::Element = links.get(0).unwrap().unchecked_into();
        assert_eq!(link.get_attribute("href").as_deref(), Some("https://learn.microsoft.com/x"));
        assert!(link.get_attribute("onclick").is_none());
        assert_eq!(link.get_attribute("rel").as_deref(), Some("noopener noreferrer"));
        link.unchecked_ref::<web_sys::HtmlElement>().click();
        let pwned = js_sys::Reflect::get(&web_sys::window().unwrap(), &"__pwned".into()).unwrap();
        assert!(pwned.is_undefined(), "a payload ran");
        assert_eq!(host.text_content().unwrap().trim(), "Step click docs");
    }

    #[wasm_bindgen_test]
    fn lists_and_emphasis_survive() {
        let host = mount("<ol><li>Open <em>Entra ID</em></li><li>Save</li></ol>");
        assert_eq!(host.query_selector_all("ol > li").unwrap().length(), 2);
        assert_eq!(host.query_selector("li em").unwrap().unwrap().text_content().unwrap(), "Entra ID");
    }
}
