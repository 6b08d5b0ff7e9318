//! Hash routing: `#/<page>?key=value&...`. Works on any static host, under
//! any sub-path and inside a portal, and survives a reload.

use std::time::Duration;

use leptos::prelude::*;

use crate::dom::{after_next_paint, closest};

/// The pages of the app.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Page {
    /// Every tenant side by side; in the navigation only when more than
    /// one tenant is kept.
    Fleet,
    Overview,
    Actions,
    Analyzer,
    Assessment,
    Data,
}

impl Page {
    /// Every page, in navigation order.
    pub const ALL: [Page; 6] = [
        Page::Fleet,
        Page::Overview,
        Page::Actions,
        Page::Analyzer,
        Page::Assessment,
        Page::Data,
    ];

    /// The path segment of the page in the hash.
    pub fn slug(self) -> &'static str {
        match self {
            Page::Fleet => "fleet",
            Page::Overview => "overview",
            Page::Actions => "actions",
            Page::Analyzer => "analyzer",
            Page::Assessment => "assessment",
            Page::Data => "data",
        }
    }

    /// The navigation label.
    pub fn label(self) -> &'static str {
        match self {
            Page::Fleet => "Fleet",
            Page::Overview => "Overview",
            Page::Actions => "Improvement actions",
            Page::Analyzer => "Score Analyzer",
            Page::Assessment => "Our assessment",
            Page::Data => "Data",
        }
    }
}

/// A page and its query parameters, as in the URL hash.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Route {
    pub page: Page,
    pub params: Vec<(String, String)>,
}

impl Route {
    /// The route of a page with no parameters.
    pub fn page(page: Page) -> Route {
        Route {
            page,
            params: Vec::new(),
        }
    }

    /// Parses a location hash such as `#/actions?control=AdminMFAV2`.
    /// Unknown pages fall back to the overview.
    pub fn parse(hash: &str) -> Route {
        let trimmed = hash.trim_start_matches('#').trim_start_matches('/');
        let (path, query) = trimmed.split_once('?').unwrap_or((trimmed, ""));
        let page = Page::ALL
            .into_iter()
            .find(|p| p.slug() == path.trim_end_matches('/'))
            .unwrap_or(Page::Overview);
        let params = query
            .split('&')
            .filter(|pair| !pair.is_empty())
            .map(|pair| {
                let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
                (decode(k), decode(v))
            })
            .collect();
        Route { page, params }
    }

    /// The hash for this route, starting with `#/`.
    pub fn to_hash(&self) -> String {
        let mut hash = format!("#/{}", self.page.slug());
        for (i, (k, v)) in self.params.iter().enumerate() {
            hash.push(if i == 0 { '?' } else { '&' });
            hash.push_str(&encode(k));
            hash.push('=');
            hash.push_str(&encode(v));
        }
        hash
    }

    /// The value of a query parameter.
    pub fn param(&self, key: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// This route with `key` set to `value` (or removed when `None`).
    pub fn with_param(&self, key: &str, value: Option<&str>) -> Route {
        let mut params: Vec<_> = self
            .params
            .iter()
            .filter(|(k, _)| k != key)
            .cloned()
            .collect();
        if let Some(v) = value {
            params.push((key.to_string(), v.to_string()));
        }
        Route {
            page: self.page,
            params,
        }
    }
}

/// A parameter of the page's query string, else of the hash's.
pub fn page_param(name: &str) -> Option<String> {
    let location = web_sys::window()?.location();
    let from_search = location
        .href()
        .ok()
        .and_then(|href| web_sys::Url::new(&href).ok())
        .and_then(|url| url.search_params().get(name));
    from_search
        .or_else(|| {
            let hash = location.hash().ok()?;
            Route::parse(&hash).param(name).map(str::to_string)
        })
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
}

fn encode(text: &str) -> String {
    String::from(js_sys::encode_uri_component(text))
}

fn decode(text: &str) -> String {
    js_sys::decode_uri_component(text)
        .map(String::from)
        .unwrap_or_else(|_| text.to_string())
}

/// The current route, kept in sync with the location hash.
#[derive(Clone, Copy)]
pub struct Router {
    pub route: RwSignal<Route>,
}

impl Router {
    /// Reads the hash now and follows every later change (links, the
    /// address bar, back and forward).
    pub fn follow_location() -> Router {
        let route = RwSignal::new(Route::parse(&current_hash()));
        let handle = window_event_listener(leptos::ev::hashchange, move |_| {
            let next = Route::parse(&current_hash());
            // Unchanged (the app already set it): wake nothing.
            if route.with_untracked(|r| *r != next) {
                route.set(next);
            }
        });
        on_cleanup(move || handle.remove());
        Router { route }
    }

    /// Goes to `next`. With `replace`, the browser history gets no new
    /// entry (for state such as a selected day that arrow keys move).
    ///
    /// The page changes at once, the address after the next paint, through
    /// the History API: Chromium's `pushState` waits on its browser process
    /// (0.5 to 13 ms measured), which the new view need not wait for; and
    /// setting `location.hash` would scroll to the fragment, forcing a
    /// layout of the page being left. Back and forward still fire
    /// `hashchange`, which the router follows.
    pub fn go(&self, next: Route, replace: bool) {
        let hash = next.to_hash();
        self.route.set(next);
        let route = self.route;
        let written = move || {
            // Once (whichever of the two below comes first), and unless
            // back or forward took the page elsewhere meanwhile, or the
            // instance is gone.
            let current = route.try_with_untracked(|r| r.to_hash() == hash) == Some(true);
            if current && current_hash() != hash {
                write_history(&hash, replace);
            }
        };
        after_next_paint(written.clone());
        // A hidden page paints no frame.
        set_timeout(written, HIDDEN_PAGE_DELAY);
    }

    /// Follows a click on an in-app link (`href="#/…"`) through [`Router::go`]:
    /// the browser's own fragment navigation would force a layout of the
    /// page being left before the app even starts on the next one. A click
    /// with a modifier key or another button, on a link with a `target` or
    /// `download`, or one a handler already took, is left to the browser.
    pub fn follow_link(&self, ev: &web_sys::MouseEvent) {
        let modified = ev.ctrl_key() || ev.meta_key() || ev.shift_key() || ev.alt_key();
        if ev.default_prevented() || ev.button() != 0 || modified {
            return;
        }
        let link = closest(ev.target(), "a[href^='#/']")
            .filter(|a| !a.has_attribute("target") && !a.has_attribute("download"));
        let Some(href) = link.and_then(|a| a.get_attribute("href")) else {
            return;
        };
        ev.prevent_default();
        let next = Route::parse(&href);
        if self.route.with_untracked(|r| *r != next) {
            self.go(next, false);
        } else {
            // The page shown already: the address names it (it may have
            // had no hash), with no new history entry, as the browser does.
            write_history(&next.to_hash(), true);
        }
    }
}

/// Puts `hash` in the address bar: a new history entry, or with `replace`
/// the current one.
fn write_history(hash: &str, replace: bool) {
    if let Ok(history) = window().history() {
        let null = &wasm_bindgen::JsValue::NULL;
        let _ = if replace {
            history.replace_state_with_url(null, "", Some(hash))
        } else {
            history.push_state_with_url(null, "", Some(hash))
        };
    }
}

/// When the address follows on a page that paints no frame (hidden).
const HIDDEN_PAGE_DELAY: Duration = Duration::from_millis(100);

fn current_hash() -> String {
    window().location().hash().unwrap_or_default()
}
