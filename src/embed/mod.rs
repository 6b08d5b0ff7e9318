//! Embedding the app in a host page (a portal): where it mounts, the
//! configuration a host gives in `data-*` attributes, the events it
//! dispatches to the host, the compact score widget and the shareable
//! report.
//!
//! A host page has a mount element and one external module script:
//!
//! ```html
//! <div id="secure-score" data-source="/api/securescore" data-view="widget"></div>
//! <script type="module" src="https://example.org/secure-score/embed.js"></script>
//! ```
//!
//! The app mounts one instance into `#secure-score` and one into every
//! element with a `data-secure-score` attribute (so a portal can show the
//! widget and the full app on one page); with none of them, into the body
//! (the app's own site). See README.md, "Embedding".

pub mod events;
pub mod share;
pub mod widget;

use std::cell::RefCell;

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::signin::config::SignInConfig;
use crate::state::AppState;

/// Which view an instance shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum View {
    /// The whole app: header, navigation, pages.
    #[default]
    Full,
    /// The compact score card alone.
    Widget,
}

impl View {
    /// Reads `data-view`: "widget", else the full app.
    pub fn parse(text: Option<&str>) -> View {
        match text.map(|t| t.trim().to_ascii_lowercase()).as_deref() {
            Some("widget") => View::Widget,
            _ => View::Full,
        }
    }
}

/// The configuration of one app instance, read from its mount element.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Embed {
    /// Index of the mount element in this module's registry (see
    /// [`host_element`]); `None` for an instance that was not mounted by
    /// [`mount`] (e.g. a component test).
    host: Option<usize>,
    /// True when mounted into a host's element, false on the app's own site.
    pub embedded: bool,
    /// `data-view`.
    pub view: View,
    /// `data-theme`: "light" or "dark"; anything else follows the saved pick or the OS.
    pub theme: Option<String>,
    /// `data-tenant`: the id (or name) of the tenant to show first.
    pub tenant: Option<String>,
    /// `data-source`: where the data comes from (read by `crate::sources`).
    pub source: Option<String>,
    /// `data-tenant-name`: the name of the tenant the source brings, when
    /// its data names none.
    pub tenant_name: Option<String>,
    /// Where the widget's link goes: `data-dashboard`, else the full app
    /// on the same page (`#/overview`) when the page has one, else the
    /// site's `index.html#/overview` next to `embed.js`.
    pub dashboard: String,
    /// Sign-in from `data-client-id` (or the host's token provider), or why
    /// those attributes are wrong; `None`: not configured.
    pub sign_in: Option<Result<SignInConfig, String>>,
    /// True when the host set a token provider on the mount element.
    pub token_provider: bool,
}

impl Embed {
    /// Reads the `data-*` attributes of `element`. `dashboard` is the
    /// default link of the widget.
    pub fn read(element: &web_sys::Element, embedded: bool, dashboard: &str) -> Embed {
        let attr = |name: &str| {
            element
                .get_attribute(name)
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty())
        };
        let token_provider = embedded && provider_of(element).is_some();
        Embed {
            host: None,
            embedded,
            sign_in: if embedded {
                SignInConfig::from_attributes(attr, token_provider).transpose()
            } else {
                None
            },
            token_provider,
            view: if embedded {
                View::parse(attr("data-view").as_deref())
            } else {
                View::Full
            },
            theme: attr("data-theme").filter(|_| embedded),
            tenant: attr("data-tenant").filter(|_| embedded),
            source: attr("data-source").filter(|_| embedded),
            tenant_name: attr("data-tenant-name").filter(|_| embedded),
            dashboard: attr("data-dashboard")
                .filter(|_| embedded)
                .and_then(|url| safe_link(&url))
                .unwrap_or_else(|| dashboard.to_string()),
        }
    }

    /// The host's token provider (the mount element's
    /// `secureScoreTokenProvider`), read when a token is needed.
    pub fn token_provider(&self) -> Option<js_sys::Function> {
        provider_of(&self.host_element()?)
    }

    /// The element the instance is mounted in, if it was mounted by [`mount`].
    pub fn host_element(&self) -> Option<web_sys::Element> {
        let index = self.host?;
        HOSTS.with(|hosts| {
            hosts
                .borrow()
                .get(index)
                .and_then(|slot| slot.as_ref().map(|(element, _)| element.clone()))
        })
    }
}

thread_local! {
    /// Every mounted instance's element and configuration, by
    /// [`Embed::host`] index; `None` once unmounted.
    static HOSTS: RefCell<Vec<Option<(web_sys::Element, Embed)>>> =
        const { RefCell::new(Vec::new()) };
}

/// The configuration of the current instance, from context.
///
/// Outside a reactive owner (e.g. in a `spawn_local` task, which has no
/// context) this falls back to the first instance of the page: read it
/// once while the component is created, or use `spawn_local_scoped`, when
/// the page may have several instances. Outside any mounted instance
/// (component tests): the defaults (full view, nothing set).
pub fn config() -> Embed {
    use_context::<Embed>()
        // No owner at all: an async task of some instance.
        .or_else(|| Owner::current().is_none().then(first_instance).flatten())
        .unwrap_or_else(|| Embed {
            dashboard: "#/overview".to_string(),
            ..Embed::default()
        })
}

fn first_instance() -> Option<Embed> {
    HOSTS.with(|hosts| {
        hosts
            .borrow()
            .iter()
            .flatten()
            .next()
            .map(|(_, embed)| embed.clone())
    })
}

/// The element the current instance is mounted in: the host's mount
/// element, or the body on the app's own site.
pub fn host_element() -> Option<web_sys::Element> {
    config()
        .host_element()
        .or_else(|| document().body().map(|b| b.unchecked_into()))
}

/// Mounts one instance of `app` into every mount element of the page (see
/// the module docs), each with its [`Embed`] in context.
pub fn mount<F, V>(app: F)
where
    F: Fn() -> V + Copy + 'static,
    V: IntoView + 'static,
{
    let hosts = mount_elements();
    let embedded = !hosts.is_empty();
    let hosts = if embedded {
        hosts
    } else {
        document()
            .body()
            .map(|b| vec![b.unchecked_into()])
            .unwrap_or_default()
    };
    let configs: Vec<Embed> = hosts.iter().map(|h| Embed::read(h, embedded, "")).collect();
    let dashboard = if configs.iter().any(|c| c.view == View::Full) {
        "#/overview".to_string()
    } else {
        site_index().unwrap_or_else(|| "#/overview".to_string())
    };
    for (host, mut embed) in hosts.into_iter().zip(configs) {
        if embed.dashboard.is_empty() {
            embed.dashboard = dashboard.clone();
        }
        if let Some(handle) = mount_one(host, embed, app) {
            handle.forget();
        }
    }
}

/// Mounts one instance of `app` into `host` with `embed` in context; the
/// handle unmounts it when dropped. `None` when `host` is not an HTML element.
pub fn mount_one<F, V>(
    host: web_sys::Element,
    mut embed: Embed,
    app: F,
) -> Option<leptos::mount::UnmountHandle<<V as leptos::tachys::view::Render>::State>>
where
    F: FnOnce() -> V + 'static,
    V: IntoView + 'static,
{
    let element = host.clone().dyn_into::<web_sys::HtmlElement>().ok()?;
    let index = HOSTS.with(|hosts| {
        let mut hosts = hosts.borrow_mut();
        let index = hosts.len();
        let mut registered = embed.clone();
        registered.host = Some(index);
        hosts.push(Some((host, registered)));
        index
    });
    embed.host = Some(index);
    Some(leptos::mount::mount_to(element, move || {
        provide_context(embed);
        // Unmounted: forget the instance.
        on_cleanup(move || HOSTS.with(|hosts| hosts.borrow_mut()[index] = None));
        app()
    }))
}

/// `#secure-score` first, then every `[data-secure-score]` element, in
/// document order, each once.
fn mount_elements() -> Vec<web_sys::Element> {
    let document = document();
    let mut found: Vec<web_sys::Element> = document
        .get_element_by_id("secure-score")
        .into_iter()
        .collect();
    if let Ok(list) = document.query_selector_all("[data-secure-score]") {
        for i in 0..list.length() {
            if let Some(element) = list
                .item(i)
                .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
            {
                // Only elements that can hold the app (not a <link> or <script>).
                let container = !matches!(
                    element.tag_name().to_ascii_lowercase().as_str(),
                    "link" | "script" | "style" | "meta" | "template" | "head" | "html" | "title"
                );
                if container && !found.iter().any(|f| f == &element) {
                    found.push(element);
                }
            }
        }
    }
    found
}

/// The site's `index.html#/overview`, next to the `embed.js` the host
/// page loaded; `None` without such a script.
fn site_index() -> Option<String> {
    let scripts = document().query_selector_all("script[src]").ok()?;
    (0..scripts.length())
        .filter_map(|i| {
            scripts
                .item(i)?
                .dyn_into::<web_sys::HtmlScriptElement>()
                .ok()
        })
        .map(|s| s.src())
        .find(|src| {
            let path = src.split(['?', '#']).next().unwrap_or_default();
            path.ends_with("/embed.js")
        })
        .and_then(|src| web_sys::Url::new_with_base("index.html#/overview", &src).ok())
        .map(|url| url.href())
}

/// The mount element's `secureScoreTokenProvider` property, when it is a
/// function: `async (scopes, {forceRefresh, claims}) => accessToken`.
fn provider_of(element: &web_sys::Element) -> Option<js_sys::Function> {
    js_sys::Reflect::get(element, &"secureScoreTokenProvider".into())
        .ok()?
        .dyn_into::<js_sys::Function>()
        .ok()
}

/// A link a host may give: http(s), or relative (no other scheme, so no
/// `javascript:`).
pub fn safe_link(url: &str) -> Option<String> {
    let url = url.trim();
    let scheme = url
        .split(['/', '?', '#'])
        .next()
        .and_then(|first| first.split_once(':'))
        .map(|(scheme, _)| scheme.to_ascii_lowercase());
    match scheme.as_deref() {
        None => Some(url.to_string()),
        Some("http" | "https") => Some(url.to_string()),
        Some(_) => None,
    }
}

/// Wires an instance to its host (called by the shell once the app state
/// exists): shows the `data-tenant` tenant first, and dispatches the
/// events of [`events`].
pub fn connect(state: AppState) {
    let embed = config();
    if let Some(wanted) = embed.tenant.clone() {
        pick_tenant(state, wanted);
    }
    events::connect(state, &embed);
}

/// Selects the tenant whose id (or name) is `wanted` the first time it is
/// loaded.
fn pick_tenant(state: AppState, wanted: String) {
    let done = StoredValue::new(false);
    Effect::new(move |_| {
        let index = state.tenants.with(|all| {
            all.iter().position(|h| {
                h.tenant.id.trim().eq_ignore_ascii_case(&wanted)
                    || h.tenant.name.trim().eq_ignore_ascii_case(&wanted)
            })
        });
        if let (Some(index), false) = (index, done.get_value()) {
            done.set_value(true);
            state.selected.set(index);
        }
    });
}

/// The widget instead of the whole app, when this instance's view is the
/// widget (called by the shell).
pub fn widget_view(state: AppState) -> Option<AnyView> {
    (config().view == View::Widget).then(|| {
        view! {
            <div class="ss-root ss-widget-root" data-theme=move || state.theme.get().name()>
                <widget::Widget />
            </div>
        }
        .into_any()
    })
}
