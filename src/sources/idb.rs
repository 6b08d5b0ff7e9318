//! A minimal IndexedDB key-value store of text values: one database
//! (`secure-score`), one object store (`data`). IndexedDB rather than
//! localStorage because a year of daily Graph scores is about 7 MB per
//! tenant, more than localStorage's 5 MB per site.

use js_sys::{Array, Function, Promise};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{IdbDatabase, IdbObjectStore, IdbRequest, IdbTransaction, IdbTransactionMode};

use super::error_text;
use super::timer::Slice;

const DATABASE: &str = "secure-score";
const STORE: &str = "data";
const VERSION: u32 = 1;

/// Why the store failed: the DOMException's name (`QuotaExceededError`,
/// `InvalidStateError`, ...) and message.
#[derive(Clone, Debug, PartialEq)]
pub struct StoreError {
    pub name: String,
    pub message: String,
}

impl StoreError {
    fn from_js(value: &JsValue) -> StoreError {
        let name = error_text(value, "name");
        StoreError {
            name: if name.is_empty() {
                "Error".to_string()
            } else {
                name
            },
            message: error_text(value, "message"),
        }
    }

    fn unavailable(message: &str) -> StoreError {
        StoreError {
            name: "Unavailable".to_string(),
            message: message.to_string(),
        }
    }

    /// True when the browser's storage quota is used up.
    pub fn is_quota(&self) -> bool {
        self.name == "QuotaExceededError" || self.message.to_ascii_lowercase().contains("quota")
    }
}

/// Waits for a request's success (its result) or error.
async fn request(req: &IdbRequest) -> Result<JsValue, StoreError> {
    let req = req.clone();
    let promise = Promise::new(&mut |resolve: Function, reject: Function| {
        let ok = req.clone();
        let on_success = Closure::once_into_js(move |_: web_sys::Event| {
            let _ = resolve.call1(&JsValue::NULL, &ok.result().unwrap_or(JsValue::UNDEFINED));
        });
        let failed = req.clone();
        let on_error = Closure::once_into_js(move |_: web_sys::Event| {
            let error = failed.error().ok().flatten().map(JsValue::from);
            let _ = reject.call1(&JsValue::NULL, &error.unwrap_or(JsValue::UNDEFINED));
        });
        req.set_onsuccess(Some(on_success.unchecked_ref()));
        req.set_onerror(Some(on_error.unchecked_ref()));
    });
    JsFuture::from(promise)
        .await
        .map_err(|e| StoreError::from_js(&e))
}

/// Waits for a transaction to commit (or fail, or abort).
async fn committed(tx: &IdbTransaction) -> Result<(), StoreError> {
    let tx = tx.clone();
    let promise = Promise::new(&mut |resolve: Function, reject: Function| {
        let on_complete = Closure::once_into_js(move |_: web_sys::Event| {
            let _ = resolve.call0(&JsValue::NULL);
        });
        let failed = tx.clone();
        let reject_error = reject.clone();
        let on_error = Closure::once_into_js(move |_: web_sys::Event| {
            let error = failed.error().map(JsValue::from);
            let _ = reject_error.call1(&JsValue::NULL, &error.unwrap_or(JsValue::UNDEFINED));
        });
        let aborted = tx.clone();
        let on_abort = Closure::once_into_js(move |_: web_sys::Event| {
            let error = aborted.error().map(JsValue::from);
            let _ = reject.call1(&JsValue::NULL, &error.unwrap_or(JsValue::UNDEFINED));
        });
        tx.set_oncomplete(Some(on_complete.unchecked_ref()));
        tx.set_onerror(Some(on_error.unchecked_ref()));
        tx.set_onabort(Some(on_abort.unchecked_ref()));
    });
    JsFuture::from(promise)
        .await
        .map(|_| ())
        .map_err(|e| StoreError::from_js(&e))
}

/// Opens (and on first use creates) the database.
async fn open() -> Result<IdbDatabase, StoreError> {
    let factory = web_sys::window()
        .ok_or_else(|| StoreError::unavailable("no window"))?
        .indexed_db()
        .map_err(|e| StoreError::from_js(&e))?
        .ok_or_else(|| StoreError::unavailable("IndexedDB is not available in this browser"))?;
    let open = factory
        .open_with_u32(DATABASE, VERSION)
        .map_err(|e| StoreError::from_js(&e))?;
    let upgrading = open.clone();
    let on_upgrade = Closure::once_into_js(move |_: web_sys::Event| {
        if let Ok(result) = upgrading.result() {
            let db: IdbDatabase = result.unchecked_into();
            if !db.object_store_names().contains(STORE) {
                let _ = db.create_object_store(STORE);
            }
        }
    });
    open.set_onupgradeneeded(Some(on_upgrade.unchecked_ref()));
    let db = request(&open).await?;
    Ok(db.unchecked_into())
}

fn store(
    db: &IdbDatabase,
    mode: IdbTransactionMode,
) -> Result<(IdbTransaction, IdbObjectStore), StoreError> {
    let tx = db
        .transaction_with_str_and_mode(STORE, mode)
        .map_err(|e| StoreError::from_js(&e))?;
    let store = tx
        .object_store(STORE)
        .map_err(|e| StoreError::from_js(&e))?;
    Ok((tx, store))
}

/// Every entry: its key and its value when the value is text (`None` for
/// a value of another kind, which is unreadable for this app).
pub async fn read_all() -> Result<Vec<(String, Option<String>)>, StoreError> {
    let db = open().await?;
    let (_tx, store) = store(&db, IdbTransactionMode::Readonly)?;
    let keys = request(&store.get_all_keys().map_err(|e| StoreError::from_js(&e))?).await?;
    let values = request(&store.get_all().map_err(|e| StoreError::from_js(&e))?).await?;
    db.close();
    let keys: Array = keys.unchecked_into();
    let values: Array = values.unchecked_into();
    Ok(keys
        .iter()
        .zip(values.iter())
        .map(|(k, v)| (k.as_string().unwrap_or_default(), v.as_string()))
        .collect())
}

/// Writes `entries` (keys and text values) in one transaction: all or
/// nothing. Values are put a [`Slice`] at a time, each followed by a wait
/// for its last put: a put copies its value on the calling task, and fifty
/// tenants' records put at once were one long task. The transaction stays
/// active across the waits, as the next put is made from the last one's
/// success.
pub async fn write(entries: &[(String, JsValue)]) -> Result<(), StoreError> {
    let db = open().await?;
    let result = async {
        let (tx, store) = store(&db, IdbTransactionMode::Readwrite)?;
        let mut slice = Slice::start();
        for (key, value) in entries {
            let put = match store.put_with_key(value, &JsValue::from_str(key)) {
                Ok(put) => put,
                Err(error) => {
                    let _ = tx.abort();
                    return Err(StoreError::from_js(&error));
                }
            };
            if slice.is_over() {
                // A failed put aborts the transaction by itself.
                request(&put).await?;
                slice.restart();
            }
        }
        committed(&tx).await
    }
    .await;
    db.close();
    result
}

/// Removes the entries of `keys`, in one transaction.
pub async fn remove(keys: &[String]) -> Result<(), StoreError> {
    let db = open().await?;
    let result = async {
        let (tx, store) = store(&db, IdbTransactionMode::Readwrite)?;
        for key in keys {
            store
                .delete(&JsValue::from_str(key))
                .map_err(|e| StoreError::from_js(&e))?;
        }
        committed(&tx).await
    }
    .await;
    db.close();
    result
}

/// Removes every entry.
pub async fn clear() -> Result<(), StoreError> {
    let db = open().await?;
    let result = async {
        let (tx, store) = store(&db, IdbTransactionMode::Readwrite)?;
        store.clear().map_err(|e| StoreError::from_js(&e))?;
        committed(&tx).await
    }
    .await;
    db.close();
    result
}
