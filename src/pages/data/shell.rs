//! What the loading flow shows on every page (mounted by the shell): the
//! prompt before a link's endpoint on another site is loaded, the demo
//! banner, the tenant switcher, the drop zone, the loading state.

use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

use crate::components::sign_in::SignInButton;
use crate::pages::overview::tenant_label;
use crate::signin::use_sign_in;
use crate::sources::record::display_url;
use crate::sources::upload::{dropped_folders, files_of};
use crate::sources::use_sources;
use crate::sources::SourceInfo;
use crate::state::route::{Page, Route};
use crate::state::use_app;

/// Says that the demo tenant is shown and offers the other sources
/// (`demo-banner`).
#[component]
pub fn DemoBanner() -> impl IntoView {
    let app = use_app();
    let sources = use_sources();
    let data = Route::page(Page::Data).to_hash();
    let sign_in = use_sign_in();
    let signed_out = move || sign_in.is_none_or(|s| s.active.with(Option::is_none));
    move || {
        let demo = app.source.get() == SourceInfo::Demo
            && !sources.load.starting.get()
            && !app.tenants.with(Vec::is_empty);
        demo.then(|| {
            view! {
                <div class="ss-demo-banner" data-testid="demo-banner" role="note">
                    <strong>"Demo data."</strong>
                    " Contoso Demo is a fictional tenant. To see yours: "
                    <a href=data.clone()>"upload a Secure Score export"</a>
                    " (or drop it on the page), "
                    <a href=data.clone()>"connect an endpoint"</a>
                    " such as Microsoft Graph, or open a report an admin shared with you."
                    {move || signed_out().then(|| view! { <SignInButton /> })}
                </div>
            }
        })
    }
}

/// Asks before loading the endpoint on another site that a link
/// (`?source=`) names: shown on every page until allowed or dismissed.
#[component]
pub fn LinkSourcePrompt() -> impl IntoView {
    let sources = use_sources();
    move || {
        sources.endpoint.link_source.get().map(|url| {
            let shown = display_url(&url);
            view! {
                <div
                    class="ss-link-source"
                    role="alertdialog"
                    aria-labelledby="ss-link-source-title"
                    data-testid="link-source-prompt"
                >
                    <p id="ss-link-source-title">
                        <strong>"This link asks to load security data from another site: "</strong>
                        <code>{shown}</code>
                    </p>
                    <p class="ss-muted">
                        "Load it only if you know the sender and the endpoint: its data would be \
                         shown as a tenant's score and kept in this browser. Nothing has been \
                         fetched from it yet."
                    </p>
                    <div class="ss-link-source-actions">
                        <button
                            type="button"
                            class="ss-button ss-primary"
                            data-testid="link-source-allow"
                            on:click=move |_| sources.allow_link_source()
                        >
                            "Load data from this endpoint"
                        </button>
                        <button
                            type="button"
                            class="ss-button"
                            data-testid="link-source-dismiss"
                            on:click=move |_| sources.endpoint.link_source.set(None)
                        >
                            "Don't load it"
                        </button>
                    </div>
                </div>
            }
        })
    }
}

/// Chooses the shown tenant when several are loaded.
#[component]
pub fn TenantSwitcher() -> impl IntoView {
    let app = use_app();
    move || {
        let tenants = app.tenants.get();
        (tenants.len() > 1).then(|| {
            let options = tenants
                .iter()
                .enumerate()
                .map(|(index, history)| {
                    view! {
                        <option
                            value=index.to_string()
                            selected=move || app.selected.get() == index
                        >
                            {tenant_label(history)}
                        </option>
                    }
                })
                .collect_view();
            view! {
                <label class="ss-tenant-switcher">
                    <span class="ss-visually-hidden">"Tenant"</span>
                    <select
                        data-testid="tenant-switcher"
                        prop:value=move || app.selected.get().to_string()
                        on:change=move |ev| {
                            if let Ok(index) = event_target_value(&ev).parse::<usize>() {
                                app.selected.set(index);
                            }
                        }
                    >
                        {options}
                    </select>
                </label>
            }
        })
    }
}

/// Shown instead of the page while the first data loads.
#[component]
pub fn Loading() -> impl IntoView {
    let sources = use_sources();
    view! {
        <div class="ss-card ss-data-loading" role="status">
            <h2>"Loading data…"</h2>
            {move || {
                sources.load.progress.get().map(|p| {
                    view! {
                        <div data-testid="source-progress" data-pages=p.pages.map(|n| n.to_string())>
                            <progress aria-label=p.label.clone()></progress>
                            " " <span>{p.label}</span>
                        </div>
                    }
                })
            }}
        </div>
    }
}

/// The overlay shown while files are dragged over the app (`drop-zone`);
/// dropping them imports them and opens the Data page.
#[component]
pub fn DropZone() -> impl IntoView {
    let app = use_app();
    let sources = use_sources();
    let dragging = RwSignal::new(false);
    let embed = crate::embed::config();
    let target: web_sys::EventTarget = if embed.embedded {
        match crate::embed::host_element() {
            Some(host) => host.unchecked_into(),
            None => window().unchecked_into(),
        }
    } else {
        window().unchecked_into()
    };
    let host = embed.embedded.then(crate::embed::host_element).flatten();

    let has_files = |ev: &web_sys::DragEvent| {
        ev.data_transfer().is_some_and(|dt| {
            dt.types()
                .iter()
                .any(|t| t.as_string().as_deref() == Some("Files"))
        })
    };
    let over = move |ev: web_sys::DragEvent| {
        if has_files(&ev) {
            ev.prevent_default();
            if let Some(dt) = ev.data_transfer() {
                dt.set_drop_effect("copy");
            }
            if !dragging.get_untracked() {
                dragging.set(true);
            }
        }
    };
    let leave = move |ev: web_sys::DragEvent| {
        let outside = match ev.related_target() {
            None => true,
            Some(related) => host.as_ref().is_some_and(|h| {
                related
                    .dyn_ref::<web_sys::Node>()
                    .is_none_or(|n| !h.contains(Some(n)))
            }),
        };
        if outside {
            dragging.set(false);
        }
    };
    let drop = move |ev: web_sys::DragEvent| {
        if !has_files(&ev) {
            return;
        }
        ev.prevent_default();
        dragging.set(false);
        let Some(data) = ev.data_transfer() else {
            return;
        };
        // A dropped folder is not walked (its entries API could not be
        // exercised by the tests): the folder picker reads it.
        let folders = dropped_folders(&data);
        if !folders.is_empty() {
            for folder in folders {
                sources.say(
                    &folder,
                    "This is a folder: choose it with “Choose a folder” on the Data page \
                     (its .json files are read), or drop the files themselves.",
                );
            }
            app.router.go(Route::page(Page::Data), false);
            return;
        }
        let files = files_of(data.files());
        if !files.is_empty() {
            sources.upload(files);
            app.router.go(Route::page(Page::Data), false);
        }
    };
    let listeners = [
        listen(&target, "dragenter", over),
        listen(&target, "dragover", over),
        listen(&target, "dragleave", leave),
        listen(&target, "drop", drop),
    ];
    let listeners = StoredValue::new_local(Some((target, listeners)));
    on_cleanup(move || {
        if let Some((target, listeners)) = listeners.try_update_value(Option::take).flatten() {
            for (name, callback) in listeners {
                let _ = target
                    .remove_event_listener_with_callback(name, callback.as_ref().unchecked_ref());
            }
        }
    });
    view! {
        <div class="ss-drop-zone" data-testid="drop-zone" hidden=move || !dragging.get()>
            <div class="ss-drop-zone-box">
                <strong>"Drop files to import them"</strong>
                <span>"Graph secureScores and control profiles, snapshot files or a catalog (JSON)"</span>
            </div>
        </div>
    }
}

type Listener = (&'static str, Closure<dyn FnMut(web_sys::DragEvent)>);

fn listen(
    target: &web_sys::EventTarget,
    name: &'static str,
    handler: impl FnMut(web_sys::DragEvent) + 'static,
) -> Listener {
    let callback = Closure::<dyn FnMut(web_sys::DragEvent)>::new(handler);
    let _ = target.add_event_listener_with_callback(name, callback.as_ref().unchecked_ref());
    (name, callback)
}
