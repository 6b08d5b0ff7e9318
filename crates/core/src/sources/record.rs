//! What the browser keeps: one record per tenant (its merged history, as
//! JSON with a format version) and one record about the last source. Pure:
//! the browser store is the app's `sources::storage`.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::engine::model::{ControlInfo, DayScore, Origin, TenantHistory, TenantInfo};

/// A run of [`json_runs`] holds about this many bytes of JSON text.
pub const RUN_BYTES: usize = 192 * 1024;

/// The format version of stored records. A record of another version is
/// not read (and says so), never misread.
pub const VERSION: u64 = 1;

/// Where stored data came from, as shown in the source status.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "detail", rename_all = "camelCase")]
pub enum StoredSource {
    /// Uploaded files, by name.
    Files(Vec<String>),
    /// An endpoint, by URL without its query string (which may hold a key).
    Endpoint(String),
}

/// One tenant's history as stored.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TenantRecord {
    pub version: u64,
    pub saved_at: DateTime<Utc>,
    pub history: TenantHistory,
}

/// The last source and when it was read.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MetaRecord {
    pub version: u64,
    pub source: StoredSource,
    pub refreshed_at: DateTime<Utc>,
}

/// Writes a record as JSON.
pub fn encode<T: Serialize>(record: &T) -> String {
    // Serializing these types cannot fail (text keys only); NaN points
    // would become null and fail to read back, which `decode` reports.
    serde_json::to_string(record).unwrap_or_default()
}

/// A tenant's record as JSON text in pieces, the days a few at a time, so
/// that writing a large history never blocks the page for long: joined,
/// the pieces are `encode(&TenantRecord { version: VERSION, saved_at,
/// history })`, byte for byte.
pub fn record_pieces(
    history: &TenantHistory,
    saved_at: DateTime<Utc>,
) -> impl Iterator<Item = String> + '_ {
    /// The record with its history borrowed and its days left out.
    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    struct Frame<'a> {
        version: u64,
        saved_at: DateTime<Utc>,
        history: HistoryFrame<'a>,
    }
    /// [`TenantHistory`]'s fields, in its order.
    #[derive(Serialize)]
    struct HistoryFrame<'a> {
        tenant: &'a TenantInfo,
        origin: Origin,
        days: [DayScore; 0],
        controls: &'a [ControlInfo],
        warnings: &'a [String],
    }
    let frame = encode(&Frame {
        version: VERSION,
        saved_at,
        history: HistoryFrame {
            tenant: &history.tenant,
            origin: history.origin,
            days: [],
            controls: &history.controls,
            warnings: &history.warnings,
        },
    });
    // Quotes inside strings are escaped: the first `"days":[` is the key.
    const DAYS: &str = "\"days\":[";
    let split = frame.find(DAYS).map_or(frame.len(), |i| i + DAYS.len());
    let (head, tail) = frame.split_at(split);
    let days = json_runs(&history.days, encode)
        .enumerate()
        .map(
            |(index, run)| {
                if index == 0 {
                    run
                } else {
                    format!(",{run}")
                }
            },
        );
    std::iter::once(head.to_string())
        .chain(days)
        .chain(std::iter::once(tail.to_string()))
}

/// `items` as JSON texts (`write`; an empty text is left out) joined with
/// commas, in runs of about [`RUN_BYTES`] (at least one item a run), each
/// written when it is asked for: large lists are serialized a slice at a
/// time, and a reader can start on one run while the next is written.
pub fn json_runs<'a, T>(
    items: &'a [T],
    write: impl Fn(&T) -> String + 'a,
) -> impl Iterator<Item = String> + 'a {
    let mut rest = items.iter().peekable();
    std::iter::from_fn(move || {
        rest.peek()?;
        let mut run = String::new();
        while run.len() < RUN_BYTES {
            let Some(item) = rest.next() else {
                break;
            };
            let text = write(item);
            if text.is_empty() {
                continue;
            }
            if !run.is_empty() {
                run.push(',');
            }
            run.push_str(&text);
        }
        (!run.is_empty()).then_some(run)
    })
}

/// Reads a record, saying why it cannot be: not JSON, another version, or
/// a field that does not fit (named by serde's message).
///
/// The text is read straight into `T` (after a first pass that reads only
/// the version), never through a `serde_json::Value`: twice as fast for a
/// year of history, and the page's wasm holds one decoder per type.
pub fn decode<T: for<'de> Deserialize<'de>>(text: &str) -> Result<T, String> {
    /// The version alone; every other field is skipped.
    #[derive(Deserialize)]
    struct Probe {
        version: Option<Value>,
    }
    let probe: Probe = serde_json::from_str(text).map_err(|e| format!("not JSON ({e})"))?;
    match probe.version.as_ref().and_then(Value::as_u64) {
        Some(VERSION) => {}
        Some(other) => {
            return Err(format!(
                "stored in format version {other} by another version of this app (this one \
                 reads version {VERSION})"
            ))
        }
        None => return Err("it has no format version".to_string()),
    }
    serde_json::from_str(text).map_err(|e| e.to_string())
}

/// An endpoint URL as shown and stored: without query string or fragment
/// (an Azure Functions `?code=` key is a secret).
pub fn display_url(url: &str) -> String {
    let end = url.find(['?', '#']).unwrap_or(url.len());
    url[..end].to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::demo::{demo_history, STORY_TODAY};

    #[test]
    fn round_trips_a_history() {
        let record = TenantRecord {
            version: VERSION,
            saved_at: DateTime::UNIX_EPOCH,
            history: demo_history(STORY_TODAY),
        };
        let text = encode(&record);
        let back: TenantRecord = decode(&text).unwrap();
        // serde_json reads floats to within one unit in the last place.
        assert_eq!(back.history.days.len(), record.history.days.len());
        assert_eq!(back.history.controls, record.history.controls);
        assert_eq!(back.history.tenant, record.history.tenant);
        for (a, b) in back.history.days.iter().zip(&record.history.days) {
            assert_eq!(a.date, b.date);
            assert!((a.shown().earned - b.shown().earned).abs() < 1e-9);
        }
    }

    #[test]
    fn the_pieces_of_a_record_are_its_text() {
        let mut history = demo_history(STORY_TODAY);
        history.tenant.name = "Contoso \"days\":[ ltd".into();
        history.warnings = vec!["a warning".into()];
        let at = DateTime::from_timestamp(1_700_000_000, 0).unwrap();
        let pieces: Vec<String> = record_pieces(&history, at).collect();
        assert!(pieces.len() > 3, "{} pieces", pieces.len());
        let whole = encode(&TenantRecord {
            version: VERSION,
            saved_at: at,
            history: history.clone(),
        });
        assert_eq!(pieces.concat(), whole);
        history.days.clear();
        let none: Vec<String> = record_pieces(&history, at).collect();
        assert_eq!(none.len(), 2);
        assert_eq!(
            none.concat(),
            encode(&TenantRecord {
                version: VERSION,
                saved_at: at,
                history,
            })
        );
    }

    #[test]
    fn unreadable_records_say_why() {
        let err = |text: &str| decode::<MetaRecord>(text).unwrap_err();
        assert!(err("{not json").starts_with("not JSON"));
        assert_eq!(err("{}"), "it has no format version");
        assert!(err(r#"{"version": 2}"#).starts_with("stored in format version 2"));
        let bad = r#"{"version": 1, "source": {"kind": "files", "detail": "x"}, "refreshedAt": "2026-01-01T00:00:00Z"}"#;
        assert!(err(bad).contains("invalid type"), "{}", err(bad));
        let good = r#"{"version": 1, "source": {"kind": "endpoint", "detail": "https://x"}, "refreshedAt": "2026-01-01T00:00:00Z"}"#;
        assert_eq!(
            decode::<MetaRecord>(good).map(|m| m.source),
            Ok(StoredSource::Endpoint("https://x".into()))
        );
    }

    #[test]
    fn urls_lose_their_query() {
        assert_eq!(
            display_url("https://f.example/api/s?code=secret#x"),
            "https://f.example/api/s"
        );
        assert_eq!(display_url("/api/scores"), "/api/scores");
    }
}
