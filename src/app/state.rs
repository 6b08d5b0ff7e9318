//! The app-wide state every page reads, provided as a Leptos context.

use std::sync::Arc;

use leptos::prelude::*;

use super::route::Router;
use super::theme::Theme;
use crate::engine::model::TenantHistory;

/// Where the shown data came from.
#[derive(Clone, Debug, PartialEq)]
pub enum SourceInfo {
    /// The built-in demo tenant (the default).
    Demo,
    /// Files the user uploaded, by name.
    Files(Vec<String>),
    /// A REST endpoint, by URL.
    Endpoint(String),
}

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
        self.tenants
            .with(|all| all.get(self.selected.get()).or(all.first()).cloned())
    }
}

/// The app state from context. Every component is under the shell, which
/// provides it.
pub fn use_app() -> AppState {
    expect_context::<AppState>()
}
