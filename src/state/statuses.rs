//! The statuses an admin sets on improvement actions, persisted in
//! localStorage per tenant, shared through a context, and passed on as a
//! file (the score they give is [`crate::engine::summary`]'s).

use std::collections::BTreeMap;

use leptos::prelude::*;

use super::use_app;
use crate::engine::model::TenantInfo;
use crate::engine::sort::map_of;
use crate::engine::status::{AdminStatus, Overrides, StatusFile};

const PREFIX: &str = "secure-score.statuses.";

/// The shown tenant's admin statuses. Cheap to copy.
#[derive(Clone, Copy)]
pub struct Statuses {
    /// The statuses of the shown tenant.
    pub overrides: RwSignal<Overrides>,
    /// The outcome of the last save to Microsoft 365 of each action, this
    /// session (kept here: saving redraws the page it was asked from).
    pub saves: RwSignal<BTreeMap<String, Result<String, String>>>,
    key: Memo<Option<String>>,
    error: RwSignal<Option<String>>,
}

impl Statuses {
    /// Sets the status of an action and saves.
    pub fn set(&self, id: &str, status: AdminStatus) {
        self.overrides.update(|o| o.set(id, status));
        self.save();
    }

    /// Removes the admin's status of an action (back to the data's) and saves.
    pub fn reset(&self, id: &str) {
        self.overrides.update(|o| {
            o.reset(id);
        });
        self.save();
    }

    /// Removes every admin status of the shown tenant and saves.
    pub fn reset_all(&self) {
        self.overrides.update(Overrides::reset_all);
        self.save();
    }

    fn save(&self) {
        let Some(key) = self.key.get_untracked() else {
            return;
        };
        let Some(storage) = storage() else {
            return;
        };
        let result = self.overrides.with_untracked(|o| {
            if o.is_empty() {
                storage.remove_item(&key)
            } else {
                let json = serde_json::to_string(o).unwrap_or_default();
                storage.set_item(&key, &json)
            }
        });
        if result.is_err() {
            self.error.set(Some(
                "Your statuses could not be saved in this browser (storage full or blocked); they last until you reload.".to_string(),
            ));
        }
    }
}

/// Creates the statuses context of the shown tenant and provides it (the
/// shell does, once, under the app state). Loads the shown tenant's
/// statuses, reloads them when another tenant is shown, and when another
/// tab of this site changes them (the `storage` event), so that two open
/// tabs never show different statuses.
pub fn provide_statuses() -> Statuses {
    let app = use_app();
    let key = Memo::new(move |_| app.history().map(|h| storage_key(&h.tenant)));
    let overrides = RwSignal::new(load(key.get_untracked().as_deref()));
    Effect::watch(
        move || key.get(),
        move |key, _, _| overrides.set(load(key.as_deref())),
        false,
    );
    let listener = window_event_listener(leptos::ev::storage, move |event| {
        let current = key.get_untracked();
        // A key of null means the whole storage was cleared.
        let changed = event.key().is_none_or(|changed| Some(changed) == current);
        if changed {
            overrides.set(load(current.as_deref()));
        }
    });
    on_cleanup(move || listener.remove());
    let statuses = Statuses {
        overrides,
        saves: RwSignal::new(BTreeMap::new()),
        key,
        error: app.error,
    };
    provide_context(statuses);
    statuses
}

/// The instance's statuses, which the shell provides ([`provide_statuses`],
/// as component tests do): a component without them is a programming
/// error, never a silent copy.
pub fn use_statuses() -> Statuses {
    expect_context::<Statuses>()
}

/// Removes from this browser the statuses of the tenants with these ids, or
/// of every tenant (`None`: "Clear stored data"). The shown statuses follow
/// when the shown tenant changes, as it does after either.
pub fn forget(tenant_ids: Option<&[String]>) {
    let Some(storage) = storage() else {
        return;
    };
    for key in stored_keys() {
        let id = &key[PREFIX.len()..];
        if tenant_ids.is_none_or(|ids| ids.iter().any(|t| t.trim() == id)) {
            let _ = storage.remove_item(&key);
        }
    }
}

/// Every tenant's statuses kept in this browser, as a statuses file.
pub fn export_all() -> StatusFile {
    let tenants = map_of(stored_keys().into_iter().filter_map(|key| {
        let overrides = load(Some(&key));
        (!overrides.is_empty()).then(|| (key[PREFIX.len()..].to_string(), overrides))
    }));
    StatusFile::new(tenants)
}

/// Adds a statuses file's statuses to this browser's (the file's win where
/// both set one action) and shows them; returns how many were read.
pub fn import_all(text: &str, statuses: &Statuses) -> Result<usize, String> {
    let file = StatusFile::read(text)?;
    let storage = storage().ok_or("this browser keeps no local storage for this site")?;
    let count = file.count();
    for (tenant, imported) in file.tenants {
        let key = format!("{PREFIX}{}", tenant.trim());
        let mut kept = load(Some(&key));
        kept.merge(imported);
        let json = serde_json::to_string(&kept).unwrap_or_default();
        storage
            .set_item(&key, &json)
            .map_err(|_| "this browser's storage is full or blocked".to_string())?;
    }
    statuses
        .overrides
        .set(load(statuses.key.get_untracked().as_deref()));
    Ok(count)
}

/// The localStorage keys of every tenant's statuses.
fn stored_keys() -> Vec<String> {
    let Some(storage) = storage() else {
        return Vec::new();
    };
    let count = storage.length().unwrap_or(0);
    (0..count)
        .filter_map(|i| storage.key(i).ok().flatten())
        .filter(|key| key.starts_with(PREFIX))
        .collect()
}

/// The localStorage key of a tenant's statuses.
pub fn storage_key(tenant: &TenantInfo) -> String {
    let id = if tenant.id.trim().is_empty() {
        tenant.name.trim()
    } else {
        tenant.id.trim()
    };
    format!("{PREFIX}{id}")
}

fn storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

fn load(key: Option<&str>) -> Overrides {
    key.and_then(|key| storage()?.get_item(key).ok().flatten())
        .and_then(|json| serde_json::from_str(&json).ok())
        .unwrap_or_default()
}
