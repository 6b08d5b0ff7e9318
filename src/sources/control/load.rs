//! Where loading is: starting, the progress of an import or fetch, and
//! whether the shown data is kept in this browser.

use chrono::{DateTime, Utc};
use leptos::prelude::*;

use crate::sources::worker::protocol::LoadProgress;

/// The instance's load state. Cheap to copy.
#[derive(Clone, Copy)]
pub struct LoadState {
    /// True from the start until the first data is shown (or could not be).
    pub starting: RwSignal<bool>,
    pub progress: RwSignal<Option<LoadProgress>>,
    /// When the shown data was last imported or fetched.
    pub refreshed_at: RwSignal<Option<DateTime<Utc>>>,
    /// True when the shown data was read back from this browser.
    pub from_store: RwSignal<bool>,
    /// False when the last save failed (the data lasts until reload).
    pub kept: RwSignal<bool>,
    /// How many uploads and fetches have finished (whatever their outcome).
    pub finished: RwSignal<u32>,
}

impl LoadState {
    pub(super) fn new() -> LoadState {
        LoadState {
            starting: RwSignal::new(false),
            progress: RwSignal::new(None),
            refreshed_at: RwSignal::new(None),
            from_store: RwSignal::new(false),
            kept: RwSignal::new(true),
            finished: RwSignal::new(0),
        }
    }

    pub(super) fn set_progress(&self, progress: Option<LoadProgress>) {
        let _ = self.progress.try_set(progress);
    }

    /// Counts an upload or fetch as finished.
    pub(super) fn finish(&self) {
        let _ = self.finished.try_update(|n| *n += 1);
    }
}
