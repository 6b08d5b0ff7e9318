//! The layout around every page: header, navigation, theme switch, the
//! app-level alert and the current page.

use std::rc::Rc;

use leptos::prelude::*;

use super::split;
use crate::components::help_link::HelpLink;
use crate::components::sign_in::{SignInRefusal, SignInStatus, SignInTrouble};
use crate::pages;
use crate::sources::SourceInfo;
use crate::state::route::{Page, Route, Router};
use crate::state::theme::{self, Theme};
use crate::state::AppState;

/// The whole app.
#[component]
pub fn App() -> impl IntoView {
    let embed = crate::embed::config();
    let state = AppState {
        // Filled by `crate::sources::start`: kept data, a configured source
        // or the demo tenant.
        tenants: RwSignal::new(Vec::new()),
        selected: RwSignal::new(0),
        source: RwSignal::new(SourceInfo::Demo),
        error: RwSignal::new(None),
        router: Router::follow_location(),
        theme: RwSignal::new(theme::initial_theme(embed.theme.as_deref())),
    };
    provide_context(state);
    // Loads the data: kept in the browser, the admin signed in earlier, a
    // configured source, or the demo.
    let sources = crate::sources::start(
        state.shown(),
        super::settings::source_settings(&embed),
        Rc::new(move |message| crate::embed::events::report_error_for(&state, message)),
    );
    let host = embed.token_provider.then(|| {
        let embed = embed.clone();
        Rc::new(move || embed.token_provider()) as crate::signin::HostProvider
    });
    let sign_in = crate::signin::start(sources, host);
    sources.load_initial(sign_in.resume());
    crate::state::statuses::provide_statuses();
    crate::assess::provide();
    crate::embed::connect(state);
    if let Some(widget) = crate::embed::widget_view(state) {
        return widget;
    }
    // A memo: a change of query parameters alone must not re-create the page.
    let page = Memo::new(move |_| state.router.route.with(|r| r.page));
    let several = Memo::new(move |_| state.tenants.with(|t| t.len() > 1));
    let main = NodeRef::<leptos::html::Main>::new();
    view! {
        <div
            class="ss-root"
            data-theme=move || state.theme.get().name()
            on:click=move |ev| state.router.follow_link(&ev)
        >
            // Not an in-page anchor: the hash holds the route.
            <button
                type="button"
                class="ss-skip"
                on:click=move |_| {
                    if let Some(main) = main.get_untracked() {
                        let _ = main.focus();
                    }
                }
            >
                "Skip to content"
            </button>
            <header class="ss-header">
                <a class="ss-brand" href="#/overview">"Secure Score"</a>
                <nav class="ss-nav" aria-label="Main">
                    {Page::ALL
                        .into_iter()
                        .map(|p| {
                            view! {
                                <a
                                    href=Route::page(p).to_hash()
                                    data-testid=format!("nav-{}", p.slug())
                                    aria-current=move || (page.get() == p).then_some("page")
                                    // The fleet is for more than one tenant.
                                    hidden=move || p == Page::Fleet && !several.get()
                                    // A first click need not wait for the page's chunk.
                                    on:pointerenter=move |_| split::prefetch(p)
                                    on:focus=move |_| split::prefetch(p)
                                >
                                    {p.label()}
                                </a>
                            }
                        })
                        .collect_view()}
                </nav>
                <pages::data::TenantSwitcher />
                <SignInStatus />
                <HelpLink topic="who" label="Help" />
                <ThemeToggle />
            </header>
            <main id="ss-main" class="ss-main" tabindex="-1" node_ref=main>
                // The notices about the data shown sit in the main landmark,
                // above the page: no content outside a landmark.
                <div class="ss-alert" role="alert" data-testid="app-error">
                    {move || state.error.get()}
                </div>
                <SignInTrouble />
                <SignInRefusal />
                <pages::data::LinkSourcePrompt />
                <pages::data::DemoBanner />
                {move || {
                    if sources.load.starting.get() {
                        pages::data::Loading().into_any()
                    } else {
                        split::view(page.get())
                    }
                }}
            </main>
            <pages::data::DropZone />
        </div>
    }
    .into_any()
}

#[component]
fn ThemeToggle() -> impl IntoView {
    let state = crate::state::use_app();
    let next = move || state.theme.get().toggled();
    view! {
        <button
            class="ss-button ss-theme-toggle"
            data-testid="theme-toggle"
            aria-label=move || format!("Switch to {} theme", next().name())
            aria-pressed=move || (state.theme.get() == Theme::Dark).to_string()
            on:click=move |_| {
                let theme = next();
                state.theme.set(theme);
                theme::save(theme);
            }
        >
            {move || if state.theme.get() == Theme::Dark { "☀ Light" } else { "☾ Dark" }}
        </button>
    }
}
