//! Our tenant snapshot format, version 1 (`docs/snapshot-format.md`): what a
//! collector saw in a tenant at given instants (services, settings, counts,
//! when activities were last done), for [`crate::engine::evaluate`] to score
//! against the baseline catalog.
//!
//! Reading is strict: every field is checked and an error names its path
//! (`snapshots[1].counts.users`). Unknown fields inside a snapshot are errors
//! (a typo would otherwise read as "not reported"); unknown top-level fields
//! are ignored, so collectors may add their own metadata.

mod read;
mod setting;

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveTime, Utc};
use serde::{Serialize, Serializer};
use serde_json::Value;

use crate::engine::detect::SNAPSHOTS_FORMAT;
use crate::engine::error::ImportError;
use crate::engine::model::{Service, TenantInfo};

pub(crate) use read::{check_format, json_text, quoted, Strict};
pub use setting::SettingValue;

/// The only snapshot format version this build reads and writes.
pub const VERSION: u64 = 1;

/// A snapshot file: one tenant, its snapshots in any order.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SnapshotFile {
    pub tenant: TenantInfo,
    pub snapshots: Vec<Snapshot>,
    /// The file's own daily cut-off (`"cutoff": "HH:MM"`, UTC); `None`:
    /// Microsoft's, 1 AM Pacific time.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cutoff: Option<NaiveTime>,
}

/// What a collector saw in the tenant at one instant.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Snapshot {
    /// When the collector read the tenant.
    pub captured_at: DateTime<Utc>,
    /// The services the tenant has (purchased and enabled).
    #[serde(serialize_with = "services_as_labels")]
    pub services: Vec<Service>,
    /// Setting values by key, e.g. `"entra.blockLegacyAuthentication": true`.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub settings: BTreeMap<String, SettingValue>,
    /// When each activity was last done; `None` (JSON `null`) for never.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub activities: BTreeMap<String, Option<DateTime<Utc>>>,
    /// Whole counts by key, e.g. `"users": 50, "mfaRegisteredUsers": 37`.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub counts: BTreeMap<String, u64>,
}

/// Reads a snapshot file from a JSON value: `"format"` must be
/// `"secure-score/snapshots"`, `"version"` must be 1, and it must hold at
/// least one snapshot.
pub fn parse(value: &Value) -> Result<SnapshotFile, ImportError> {
    check_format(value, SNAPSHOTS_FORMAT, "a snapshot file")?;
    check_version(value)?;
    let file = read::file(value)?;
    if file.snapshots.is_empty() {
        return Err(ImportError::new(
            "snapshots",
            "the file holds no snapshots: add at least one",
        ));
    }
    Ok(file)
}

/// Reads a snapshot file from JSON text (see [`parse`]); syntax errors name
/// their line and column.
pub fn parse_text(text: &str) -> Result<SnapshotFile, ImportError> {
    parse(&crate::engine::json::parse_text(text)?)
}

impl SnapshotFile {
    /// The file as pretty-printed JSON in format version 1, as [`parse_text`]
    /// reads it back.
    pub fn to_json(&self) -> String {
        #[derive(Serialize)]
        struct Tagged<'a> {
            format: &'static str,
            version: u64,
            #[serde(flatten)]
            file: &'a SnapshotFile,
        }
        let tagged = Tagged {
            format: SNAPSHOTS_FORMAT,
            version: VERSION,
            file: self,
        };
        // Serializing cannot fail: every map has text keys.
        serde_json::to_string_pretty(&tagged).unwrap_or_default()
    }
}

/// Fails unless the top-level `"version"` is one this build reads.
fn check_version(value: &Value) -> Result<(), ImportError> {
    match value.get("version") {
        Some(version) if version.as_u64() == Some(VERSION) => Ok(()),
        Some(Value::Number(version)) => Err(ImportError::new(
            "version",
            format!(
                "version {version} is not supported: this app reads snapshot files of \
                 version {VERSION}"
            ),
        )),
        Some(other) => Err(ImportError::new(
            "version",
            format!("expected the number {VERSION}, found {}", json_text(other)),
        )),
        None => Err(ImportError::new(
            "version",
            format!("missing: expected \"version\": {VERSION}"),
        )),
    }
}

/// Writes services by their display names, which [`Service::parse`] reads
/// back.
fn services_as_labels<S: Serializer>(
    services: &[Service],
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.collect_seq(services.iter().map(Service::label))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file_with(snapshot: &str) -> String {
        format!(
            r#"{{"format": "secure-score/snapshots", "version": 1,
                "tenant": {{"id": "t1", "name": "Tenant One"}},
                "snapshots": [{snapshot}]}}"#
        )
    }

    fn error_of(text: &str) -> ImportError {
        match parse_text(text) {
            Ok(file) => panic!("expected an error, read {file:?}"),
            Err(error) => error,
        }
    }

    #[test]
    fn reads_every_field() {
        let text = file_with(
            r#"{"capturedAt": "2026-11-20T08:00:00+01:00",
                "services": ["ExchangeOnline", "EXO", "Foo"],
                "settings": {"a": true, "b": 60, "c": "Block"},
                "activities": {"r": "2026-11-19T10:00:00Z", "never": null},
                "counts": {"users": 50, "done": 37.0}}"#,
        );
        let file = match parse_text(&text) {
            Ok(file) => file,
            Err(error) => panic!("{error}"),
        };
        assert_eq!(file.tenant.name, "Tenant One");
        let snapshot = &file.snapshots[0];
        // 08:00 at +01:00 is 07:00 UTC.
        assert_eq!(
            snapshot.captured_at.to_rfc3339(),
            "2026-11-20T07:00:00+00:00"
        );
        assert_eq!(
            snapshot.services,
            [
                Service::ExchangeOnline,
                Service::ExchangeOnline,
                Service::Other("Foo".into())
            ]
        );
        assert_eq!(snapshot.settings["b"], SettingValue::Number(60.0));
        assert_eq!(snapshot.settings["c"], SettingValue::Text("Block".into()));
        assert_eq!(snapshot.activities["never"], None);
        assert_eq!(snapshot.counts["done"], 37);
    }

    #[test]
    fn errors_name_the_field() {
        let cases = [
            (
                r#"{"capturedAt": "2026-11-20T08:00:00Z", "services": [], "counts": {"users": -3}}"#,
                "snapshots[0].counts.users",
                "a count must be a whole number of 0 or more, found -3",
            ),
            (
                r#"{"capturedAt": "2026-11-20T08:00:00Z", "services": [], "counts": {"users": 2.5}}"#,
                "snapshots[0].counts.users",
                "a count must be a whole number of 0 or more, found 2.5",
            ),
            (
                r#"{"capturedAt": "yesterday", "services": []}"#,
                "snapshots[0].capturedAt",
                "expected an RFC 3339 date-time such as 2026-11-20T08:00:00Z, found \"yesterday\"",
            ),
            (
                r#"{"capturedAt": "2026-11-20T08:00:00Z", "services": [3]}"#,
                "snapshots[0].services[0]",
                "invalid type: integer `3`, expected a string",
            ),
            (
                r#"{"capturedAt": "2026-11-20T08:00:00Z", "services": [], "settings": {"x": null}}"#,
                "snapshots[0].settings.x",
                "invalid type: null, expected true, false, a number or a text",
            ),
            (
                r#"{"capturedAt": "2026-11-20T08:00:00Z"}"#,
                "snapshots[0]",
                "missing field `services`",
            ),
        ];
        for (snapshot, path, message) in cases {
            let error = error_of(&file_with(snapshot));
            assert_eq!(
                (error.path.as_str(), error.message.as_str()),
                (path, message)
            );
        }
    }

    #[test]
    fn unknown_snapshot_fields_are_errors_but_top_level_extras_are_not() {
        let error = error_of(&file_with(
            r#"{"capturedAt": "2026-11-20T08:00:00Z", "services": [], "setings": {}}"#,
        ));
        assert_eq!(error.path, "snapshots[0].setings");
        assert!(
            error
                .message
                .starts_with("unknown field `setings`, expected one of"),
            "{}",
            error.message
        );

        let text = r#"{"format": "secure-score/snapshots", "version": 1, "generatedBy": "x",
            "tenant": {"id": "t", "name": ""},
            "snapshots": [{"capturedAt": "2026-11-20T08:00:00Z", "services": []}]}"#;
        assert!(parse_text(text).is_ok());
    }

    #[test]
    fn format_and_version_are_checked_first() {
        let error = error_of(r#"{"format": "secure-score/snapshots", "version": 2, "x": 1}"#);
        assert_eq!(error.path, "version");
        assert_eq!(
            error.message,
            "version 2 is not supported: this app reads snapshot files of version 1"
        );
        let error = error_of(r#"{"format": "other", "version": 1}"#);
        assert_eq!(
            error.to_string(),
            "format: expected \"secure-score/snapshots\", found \"other\""
        );
        let error = error_of(r#"{"format": "secure-score/snapshots", "version": "1"}"#);
        assert_eq!(error.message, "expected the number 1, found \"1\"");
        let error = error_of(r#"{"version": 1}"#);
        assert_eq!(error.path, "format");
    }

    #[test]
    fn a_file_without_snapshots_is_an_error() {
        let error = error_of(
            r#"{"format": "secure-score/snapshots", "version": 1,
                "tenant": {"id": "t", "name": "n"}, "snapshots": []}"#,
        );
        assert_eq!(error.path, "snapshots");
    }

    #[test]
    fn writes_what_it_reads() {
        let text = file_with(
            r#"{"capturedAt": "2026-11-20T07:00:00Z", "services": ["Entra ID", "Foo"],
                "settings": {"a": false, "b": 1.5, "c": "x"},
                "activities": {"r": "2026-11-19T10:00:00Z", "n": null},
                "counts": {"users": 50}}"#,
        );
        let file = match parse_text(&text) {
            Ok(file) => file,
            Err(error) => panic!("{error}"),
        };
        assert_eq!(parse_text(&file.to_json()), Ok(file));
    }
}
