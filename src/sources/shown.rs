//! What the sources put on screen: the signals of the instance's app state
//! they fill. The shell hands them over ([`crate::state::AppState::shown`]),
//! so sources know nothing of the app around them.

use std::sync::Arc;

use leptos::prelude::*;

use crate::engine::model::TenantHistory;
use crate::sources::record::StoredSource;

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

impl From<&StoredSource> for SourceInfo {
    /// Where data kept in this browser came from.
    fn from(source: &StoredSource) -> SourceInfo {
        match source {
            StoredSource::Files(names) => SourceInfo::Files(names.clone()),
            StoredSource::Endpoint(url) => SourceInfo::Endpoint(url.clone()),
        }
    }
}

/// The instance's shown data. Cheap to copy.
#[derive(Clone, Copy)]
pub struct Shown {
    /// Every loaded tenant's history; the pages show the selected one.
    pub tenants: RwSignal<Vec<Arc<TenantHistory>>>,
    /// Index into `tenants` of the shown tenant.
    pub selected: RwSignal<usize>,
    pub source: RwSignal<SourceInfo>,
    /// The app-level alert (the `app-error` region).
    pub error: RwSignal<Option<String>>,
}

impl Shown {
    /// The shown tenant's history, if any is loaded.
    pub fn history(&self) -> Option<Arc<TenantHistory>> {
        self.tenants
            .with(|all| all.get(self.selected.get()).or(all.first()).cloned())
    }
}
