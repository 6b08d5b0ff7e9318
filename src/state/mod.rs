//! An instance's state, below the shell: the app state every page reads
//! (a Leptos context), its route, the admin's statuses and the theme. The
//! pages, embed and components read it; only the shell (`crate::app`)
//! creates it.

pub mod route;
pub mod statuses;
pub mod theme;

use std::sync::Arc;

use leptos::prelude::*;

use crate::engine::model::TenantHistory;
use crate::sources::shown::{Shown, SourceInfo};
use route::Router;
use theme::Theme;

/// Signals shared by the whole app. Cheap to copy.
#[derive(Clone, Copy)]
pub struct AppState {
    /// Every loaded tenant's history; the pages show the selected one.
    pub tenants: RwSignal<Vec<Arc<TenantHistory>>>,
    /// Index into `tenants` of the shown tenant.
    pub selected: RwSignal<usize>,
    pub source: RwSignal<SourceInfo>,
    /// The app-level error message, shown in the `app-error` alert.
    pub error: RwSignal<Option<String>>,
    pub router: Router,
    pub theme: RwSignal<Theme>,
}

impl AppState {
    /// The shown tenant's history, if any is loaded.
    pub fn history(&self) -> Option<Arc<TenantHistory>> {
        self.shown().history()
    }

    /// The signals the data sources fill.
    pub fn shown(&self) -> Shown {
        Shown {
            tenants: self.tenants,
            selected: self.selected,
            source: self.source,
            error: self.error,
        }
    }
}

/// The app state from context. Every component is under the shell, which
/// provides it.
pub fn use_app() -> AppState {
    expect_context::<AppState>()
}
