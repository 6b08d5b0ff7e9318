//! The pages whose code lives in wasm chunks of their own (Actions, Score
//! Analyzer, Our assessment, Data, Fleet), so that the first load of the Overview carries none of
//! it. trunk's builds split the wasm at the split points below
//! (`scripts/split-wasm.mjs`); builds without the `split` feature
//! (component tests) call them directly. [`crate::lazy::split_point`] declares one.
//!
//! Each split function returns the page's constructor, a plain function
//! that lives in the chunk. The shell asks [`view`] for the page: once the
//! chunk is in, the page is built synchronously in the shell's own owner,
//! as an unsplit page is. Not `<Suspense>`: a page owned by a `Suspend` is
//! disposed on a route change before its own effects have run, which
//! traps. The first time, [`view`] shows nothing, starts the load and
//! re-runs the caller when the chunk is in.

use std::cell::RefCell;

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::lazy::split_point;
use crate::pages;
use crate::state::route::Page;

/// Builds a page.
type Build = fn() -> AnyView;

/// Where a split page's code is.
#[derive(Clone, Copy)]
enum Status {
    Missing,
    Loading,
    /// The last load failed (a network error): the page offers to retry.
    Failed,
    In(Build),
}

thread_local! {
    /// Per split page (`index`), where its code is. One wasm instance per
    /// browser page: every app instance on it shares the chunks.
    static STATUS: RefCell<[Status; 5]> = const { RefCell::new([Status::Missing; 5]) };
    /// Notified when a load ends: re-runs whoever waits for a chunk.
    static LOADED: ArcTrigger = ArcTrigger::new();
}

/// The index of a split page in [`STATUS`]; `None` for the Overview,
/// which is in the main module (the first paint needs it).
fn index(page: Page) -> Option<usize> {
    match page {
        Page::Overview => None,
        Page::Actions => Some(0),
        Page::Analyzer => Some(1),
        Page::Data => Some(2),
        Page::Assessment => Some(3),
        Page::Fleet => Some(4),
    }
}

fn status(i: usize) -> Status {
    STATUS.with(|s| s.borrow()[i])
}

fn set_status(i: usize, status: Status) {
    STATUS.with(|s| s.borrow_mut()[i] = status);
}

/// The view of `page`. A split page whose chunk is not in yet shows
/// nothing (or, after a failed load, a message with a retry button), and
/// the calling closure runs again when the load ends. Only then does it
/// track the load: a built page is never re-created by a later load.
pub fn view(page: Page) -> AnyView {
    let Some(i) = index(page) else {
        return pages::overview::OverviewPage().into_any();
    };
    match status(i) {
        Status::In(build) => build(),
        Status::Failed => {
            LOADED.with(|t| t.track());
            load_failed(page)
        }
        Status::Missing | Status::Loading => {
            LOADED.with(|t| t.track());
            prefetch(page);
            ().into_any()
        }
    }
}

/// Starts loading `page`'s chunk unless it is in or on its way: for the
/// first visit, and when the pointer or focus nears the page's link.
pub fn prefetch(page: Page) {
    let Some(i) = index(page) else { return };
    if !matches!(status(i), Status::Missing) {
        return;
    }
    set_status(i, Status::Loading);
    spawn_local(async move {
        let loaded = match page {
            Page::Actions => actions().await,
            Page::Analyzer => analyzer().await,
            Page::Assessment => assessment().await,
            Page::Fleet => fleet().await,
            _ => data().await,
        };
        set_status(i, loaded.map_or(Status::Failed, Status::In));
        LOADED.with(|t| t.notify());
    });
}

/// What a page whose chunk could not be fetched shows. The split loader
/// keeps no failure: a retry fetches again.
fn load_failed(page: Page) -> AnyView {
    let retry = move |_| {
        if let Some(i) = index(page) {
            set_status(i, Status::Missing);
        }
        prefetch(page);
        // The message goes while the load runs.
        LOADED.with(|t| t.notify());
    };
    view! {
        <section class="ss-page" role="alert" data-testid="page-load-error">
            <p>
                {format!("The {} page could not be loaded: check the connection.", page.label())}
            </p>
            <button type="button" class="ss-button" on:click=retry>
                "Try again"
            </button>
        </section>
    }
    .into_any()
}

// The split points. `fallible`: a chunk that cannot be fetched (offline,
// a deploy replaced it) is an error the page shows, not a panic, which
// in a release build would stop the whole app. The chunk names are
// unique in the program (they name its symbols).

split_point!(
    secure_score_actions,
    fn actions() -> Build {
        || pages::actions::ActionsPage().into_any()
    }
);

split_point!(
    secure_score_analyzer,
    fn analyzer() -> Build {
        || pages::analyzer::AnalyzerPage().into_any()
    }
);

split_point!(
    secure_score_assessment,
    fn assessment() -> Build {
        || pages::assessment::AssessmentPage().into_any()
    }
);

split_point!(
    secure_score_data,
    fn data() -> Build {
        || pages::data::DataPage().into_any()
    }
);

split_point!(
    secure_score_fleet,
    fn fleet() -> Build {
        || pages::fleet::FleetPage().into_any()
    }
);
