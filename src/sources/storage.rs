//! The histories kept in this browser (IndexedDB, see [`super::idb`]): one
//! record per tenant, keyed by [`super::merge::tenant_key`], and one record
//! about the last source. Reading never fails as a whole: a record that
//! cannot be read is reported and left in place.
//!
//! Limit: the browser's IndexedDB quota for the site (in Chromium a share
//! of the free disk space, usually gigabytes; less in private windows). A
//! year of daily Graph scores takes about 7 MB per tenant.

use chrono::{DateTime, Utc};
use js_sys::JsString;
use wasm_bindgen::JsValue;

use super::idb::{self, StoreError};
use super::merge::tenant_key;
use super::record::{
    decode, encode, record_pieces, MetaRecord, StoredSource, TenantRecord, VERSION,
};
use super::timer::{yield_now, Slice};
use crate::engine::model::TenantHistory;

const TENANT_PREFIX: &str = "tenant/";
const META_KEY: &str = "meta";

/// What the browser had kept.
#[derive(Default)]
pub struct Kept {
    pub histories: Vec<TenantHistory>,
    pub meta: Option<MetaRecord>,
    /// Records that could not be read, and a store that could not be opened.
    pub problems: Vec<String>,
}

/// Reads everything kept.
pub async fn load() -> Kept {
    let mut kept = Kept::default();
    let entries = match idb::read_all().await {
        Ok(entries) => entries,
        Err(error) => {
            kept.problems.push(unavailable(&error));
            return kept;
        }
    };
    for (key, value) in entries {
        let Some(text) = value else {
            kept.problems.push(unreadable(&key, "it is not text"));
            continue;
        };
        if key == META_KEY {
            match decode::<MetaRecord>(&text) {
                Ok(meta) => kept.meta = Some(meta),
                Err(reason) => kept.problems.push(unreadable(&key, &reason)),
            }
        } else if key.starts_with(TENANT_PREFIX) {
            match decode::<TenantRecord>(&text) {
                Ok(record) if !record.history.days.is_empty() => {
                    kept.histories.push(record.history);
                }
                Ok(_) => {}
                Err(reason) => kept.problems.push(unreadable(&key, &reason)),
            }
        }
    }
    kept
}

/// Saves `histories` (each replaces its tenant's record) and the source, in
/// one transaction. The error says what happened, for the import-error
/// region. A record's text is made a slice at a time (a year of daily
/// Graph scores is about 7 MB) and handed to IndexedDB as one string.
pub async fn save(
    histories: &[&TenantHistory],
    source: StoredSource,
    at: DateTime<Utc>,
) -> Result<(), String> {
    let mut entries = records(histories, at).await;
    let meta = MetaRecord {
        version: VERSION,
        source,
        refreshed_at: at,
    };
    entries.push((META_KEY.to_string(), JsValue::from_str(&encode(&meta))));
    idb::write(&entries)
        .await
        .map_err(|error| not_saved(&error))
}

/// Saves `histories` alone (each replaces its tenant's record), as of `at`:
/// the last source stays as it was (an admin renamed a tenant).
pub async fn save_tenants(histories: &[&TenantHistory], at: DateTime<Utc>) -> Result<(), String> {
    let entries = records(histories, at).await;
    idb::write(&entries)
        .await
        .map_err(|error| not_saved(&error))
}

/// The records of `histories`, each text made a slice at a time.
async fn records(histories: &[&TenantHistory], at: DateTime<Utc>) -> Vec<(String, JsValue)> {
    let mut entries: Vec<(String, JsValue)> = Vec::new();
    let mut slice = Slice::start();
    for history in histories {
        let mut text = JsString::from("");
        for piece in record_pieces(history, at) {
            text = text.concat(&JsValue::from_str(&piece));
            if slice.is_over() {
                yield_now().await;
                slice.restart();
            }
        }
        entries.push((
            format!("{TENANT_PREFIX}{}", tenant_key(history)),
            text.into(),
        ));
    }
    entries
}

/// Removes everything kept.
pub async fn clear() -> Result<(), String> {
    idb::clear().await.map_err(|error| not_removed(&error))
}

/// Removes the records of the tenants with these [`tenant_key`]s.
pub async fn remove(keys: &[String]) -> Result<(), String> {
    let keys: Vec<String> = keys.iter().map(|k| format!("{TENANT_PREFIX}{k}")).collect();
    idb::remove(&keys)
        .await
        .map_err(|error| not_removed(&error))
}

fn not_removed(error: &StoreError) -> String {
    format!(
        "The data stored in this browser could not be removed ({}: {}). Remove this site's \
         data in the browser's settings instead.",
        error.name, error.message
    )
}

fn unavailable(error: &StoreError) -> String {
    format!(
        "This browser does not let the app keep data ({}{}{}): what you import lasts \
         until you reload the page.",
        error.name,
        if error.message.is_empty() { "" } else { ": " },
        error.message
    )
}

fn unreadable(key: &str, reason: &str) -> String {
    let what = key.strip_prefix(TENANT_PREFIX).map_or_else(
        || "the last source".to_string(),
        |tenant| format!("tenant {tenant}"),
    );
    format!(
        "Data stored in this browser for {what} could not be read ({reason}). It is left \
         as it is: importing that tenant again replaces it, and \"Clear stored data\" \
         removes it."
    )
}

fn not_saved(error: &StoreError) -> String {
    if error.is_quota() {
        "This browser's storage for the site is full (QuotaExceededError): the data is \
         shown but not kept, and will be gone after a reload. Free space (e.g. clear \
         stored data of sites you do not need) and import again."
            .to_string()
    } else {
        format!(
            "The data could not be kept in this browser ({}{}{}): it is shown, but will be \
             gone after a reload.",
            error.name,
            if error.message.is_empty() { "" } else { ": " },
            error.message
        )
    }
}
