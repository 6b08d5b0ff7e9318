//! Reading our strict formats (snapshots and the catalog): a small reader
//! over a JSON value whose errors name their path
//! (`snapshots[3].counts.users`) in serde's words ("invalid type: map,
//! expected a string", "missing field \`id\`"), and field readers whose
//! messages an admin understands.
//!
//! Hand-written rather than derived: serde's derives wrapped in a
//! path-tracking deserializer cost far more WebAssembly than this.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveTime, Utc};
use serde_json::Value;

use super::{SettingValue, Snapshot, SnapshotFile};
use crate::engine::error::ImportError;
use crate::engine::model::{Service, TenantInfo};

/// How many characters of input an error message quotes.
const QUOTED_CHARS: usize = 60;

/// The fields of a snapshot, as unknown-field errors list them.
const SNAPSHOT_FIELDS: [&str; 5] = ["capturedAt", "services", "settings", "activities", "counts"];

/// A value of a strict format and the path that leads to it from the root
/// of the file. Unlike the lenient [`crate::engine::json::Node`], names
/// match exactly, `null` is a value, and numbers are never read from text.
pub(crate) struct Strict<'a> {
    value: &'a Value,
    path: String,
}

/// Reads one field of an object: its name and the field itself.
pub(crate) type FieldReader<'r, 'a> =
    dyn FnMut(&'a str, Strict<'a>) -> Result<(), ImportError> + 'r;

impl<'a> Strict<'a> {
    /// `value`, found at `path` (empty for the root of a file).
    pub(crate) fn at(value: &'a Value, path: impl Into<String>) -> Strict<'a> {
        Strict {
            value,
            path: path.into(),
        }
    }

    /// The value itself.
    pub(crate) fn value(&self) -> &'a Value {
        self.value
    }

    /// An error at this value's path.
    pub(crate) fn error(&self, message: impl Into<String>) -> ImportError {
        ImportError::new(self.path.clone(), message)
    }

    /// `invalid type: map, expected {expected}`.
    pub(crate) fn invalid(&self, expected: &str) -> ImportError {
        self.error(format!(
            "invalid type: {}, expected {expected}",
            unexpected(self.value)
        ))
    }

    /// The error of this object without the field `name`.
    pub(crate) fn missing(&self, name: &str) -> ImportError {
        self.error(format!("missing field `{name}`"))
    }

    /// `slot`'s value, else the error of this object without `name`.
    pub(crate) fn need<T>(&self, slot: Option<T>, name: &str) -> Result<T, ImportError> {
        slot.ok_or_else(|| self.missing(name))
    }

    /// The error of the field `name`, which is none of `known`.
    pub(crate) fn unknown(&self, name: &str, known: &[&str]) -> ImportError {
        let quoted: Vec<String> = known.iter().map(|known| format!("`{known}`")).collect();
        let expected = match quoted.as_slice() {
            [] => "there are no fields".to_string(),
            [one] => format!("expected {one}"),
            [one, two] => format!("expected {one} or {two}"),
            _ => format!("expected one of {}", quoted.join(", ")),
        };
        self.error(format!("unknown field `{name}`, {expected}"))
    }

    /// The field `key` of this object.
    pub(crate) fn field(&self, key: &str, value: &'a Value) -> Strict<'a> {
        let path = if self.path.is_empty() {
            key.to_string()
        } else {
            format!("{}.{key}", self.path)
        };
        Strict { value, path }
    }

    /// Calls `read` on every field of this object, in the order of the
    /// file; `what` names the object for the error when this is none.
    pub(crate) fn fields(
        &self,
        what: &str,
        read: &mut FieldReader<'_, 'a>,
    ) -> Result<(), ImportError> {
        let Value::Object(map) = self.value else {
            return Err(self.invalid(what));
        };
        for (key, value) in map {
            read(key, self.field(key, value))?;
        }
        Ok(())
    }

    /// The elements of an array, each read with `read`.
    pub(crate) fn list<T>(
        &self,
        read: impl Fn(&Strict<'a>) -> Result<T, ImportError>,
    ) -> Result<Vec<T>, ImportError> {
        let Value::Array(items) = self.value else {
            return Err(self.invalid("a sequence"));
        };
        items
            .iter()
            .enumerate()
            .map(|(index, value)| {
                read(&Strict {
                    value,
                    path: format!("{}[{index}]", self.path),
                })
            })
            .collect()
    }

    /// The values of an object by key, each read with `read`.
    pub(crate) fn map<T>(
        &self,
        read: impl Fn(&Strict<'a>) -> Result<T, ImportError>,
    ) -> Result<BTreeMap<String, T>, ImportError> {
        let Value::Object(map) = self.value else {
            return Err(self.invalid("a map"));
        };
        let mut read_map = BTreeMap::new();
        for (key, value) in map {
            read_map.insert(key.clone(), read(&self.field(key, value))?);
        }
        Ok(read_map)
    }

    /// `None` for `null`, else the value read with `read`.
    pub(crate) fn nullable<T>(
        &self,
        read: impl Fn(&Strict<'a>) -> Result<T, ImportError>,
    ) -> Result<Option<T>, ImportError> {
        if self.value.is_null() {
            Ok(None)
        } else {
            read(self).map(Some)
        }
    }

    /// A JSON string.
    pub(crate) fn text(&self) -> Result<String, ImportError> {
        match self.value {
            Value::String(text) => Ok(text.clone()),
            _ => Err(self.invalid("a string")),
        }
    }

    /// Any JSON number.
    pub(crate) fn float(&self) -> Result<f64, ImportError> {
        self.value.as_f64().ok_or_else(|| self.invalid("f64"))
    }

    /// A JSON integer from 0 to [`u32::MAX`].
    pub(crate) fn small(&self) -> Result<u32, ImportError> {
        match self.value {
            Value::Number(number) if !number.is_f64() => number
                .as_u64()
                .and_then(|whole| u32::try_from(whole).ok())
                .ok_or_else(|| {
                    self.error(format!("invalid value: integer `{number}`, expected u32"))
                }),
            _ => Err(self.invalid("u32")),
        }
    }

    /// `true` or `false`.
    pub(crate) fn flag(&self) -> Result<bool, ImportError> {
        self.value
            .as_bool()
            .ok_or_else(|| self.invalid("a boolean"))
    }
}

/// What a value is, as serde's messages say it: `null`, `boolean `true``,
/// `integer `3``, `floating point `2.5``, `string "x"`, `sequence`, `map`.
fn unexpected(value: &Value) -> String {
    match value {
        Value::Null => "null".to_string(),
        Value::Bool(flag) => format!("boolean `{flag}`"),
        Value::Number(number) if number.is_f64() => {
            let float = number.as_f64().unwrap_or_default();
            let mut text = float.to_string();
            if float.is_finite() && !text.contains('.') {
                text.push_str(".0");
            }
            format!("floating point `{text}`")
        }
        Value::Number(number) => format!("integer `{number}`"),
        Value::String(text) => format!("string {text:?}"),
        Value::Array(_) => "sequence".to_string(),
        Value::Object(_) => "map".to_string(),
    }
}

/// Reads a snapshot file whose format and version are checked: unknown
/// top-level fields are ignored.
pub(super) fn file(value: &Value) -> Result<SnapshotFile, ImportError> {
    let root = Strict::at(value, "");
    let (mut tenant, mut snapshots, mut cutoff) = (None, None, None);
    root.fields("struct SnapshotFile", &mut |key, field| {
        match key {
            "tenant" => tenant = Some(tenant_info(&field)?),
            "snapshots" => snapshots = Some(field.list(snapshot)?),
            "cutoff" => cutoff = Some(time_of_day(&field)?),
            _ => {}
        }
        Ok(())
    })?;
    Ok(SnapshotFile {
        tenant: root.need(tenant, "tenant")?,
        snapshots: root.need(snapshots, "snapshots")?,
        cutoff,
    })
}

/// A time of day in UTC, `"HH:MM"`.
fn time_of_day(node: &Strict) -> Result<NaiveTime, ImportError> {
    let text = node.text()?;
    NaiveTime::parse_from_str(text.trim(), "%H:%M").map_err(|_| {
        node.error(format!(
            "expected a time of day in UTC such as \"09:00\", found {text:?}"
        ))
    })
}

/// Reads the tenant's id and name; other fields are ignored.
fn tenant_info(node: &Strict) -> Result<TenantInfo, ImportError> {
    let (mut id, mut name) = (None, None);
    node.fields("struct TenantInfo", &mut |key, field| {
        match key {
            "id" => id = Some(field.text()?),
            "name" => name = Some(field.text()?),
            _ => {}
        }
        Ok(())
    })?;
    Ok(TenantInfo {
        id: node.need(id, "id")?,
        name: node.need(name, "name")?,
    })
}

/// Reads one snapshot; an unknown field is an error.
fn snapshot(node: &Strict) -> Result<Snapshot, ImportError> {
    let (mut captured_at, mut services) = (None, None);
    let (mut settings, mut activities, mut counts) =
        (BTreeMap::new(), BTreeMap::new(), BTreeMap::new());
    node.fields("struct Snapshot", &mut |key, field| {
        match key {
            "capturedAt" => captured_at = Some(instant(&field)?),
            "services" => services = Some(field.list(service)?),
            "settings" => settings = field.map(SettingValue::read)?,
            "activities" => activities = field.map(|at| at.nullable(instant))?,
            "counts" => counts = field.map(count)?,
            _ => return Err(field.unknown(key, &SNAPSHOT_FIELDS)),
        }
        Ok(())
    })?;
    Ok(Snapshot {
        captured_at: node.need(captured_at, "capturedAt")?,
        services: node.need(services, "services")?,
        settings,
        activities,
        counts,
    })
}

/// Reads an RFC 3339 date-time (any offset) as UTC.
fn instant(node: &Strict) -> Result<DateTime<Utc>, ImportError> {
    let text = node.text()?;
    DateTime::parse_from_rfc3339(text.trim())
        .map(|at| at.with_timezone(&Utc))
        .map_err(|_| {
            node.error(format!(
                "expected an RFC 3339 date-time such as 2026-11-20T08:00:00Z, found {}",
                quoted(&text)
            ))
        })
}

/// Reads a service name with [`Service::parse`]; a blank name is an error.
fn service(node: &Strict) -> Result<Service, ImportError> {
    let text = node.text()?;
    if text.trim().is_empty() {
        return Err(node.error("a service name cannot be empty"));
    }
    Ok(Service::parse(&text))
}

/// Reads a count: a whole number of 0 or more (`50` or `50.0`).
fn count(node: &Strict) -> Result<u64, ImportError> {
    // 2^64 as f64: every whole value below it converts exactly.
    const LIMIT: f64 = 18_446_744_073_709_551_616.0;
    let Value::Number(number) = node.value() else {
        return Err(node.invalid("a whole number of 0 or more"));
    };
    let invalid = |found: &dyn std::fmt::Display| {
        node.error(format!(
            "a count must be a whole number of 0 or more, found {found}"
        ))
    };
    if let Some(count) = number.as_u64() {
        return Ok(count);
    }
    if let Some(negative) = number.as_i64() {
        return Err(invalid(&negative));
    }
    let float = number.as_f64().unwrap_or(f64::NAN);
    if float.is_finite() && float >= 0.0 && float.fract() == 0.0 && float < LIMIT {
        Ok(float as u64)
    } else {
        Err(invalid(&float))
    }
}

/// Fails unless the top-level `"format"` of `value` is `expected`; `what`
/// names the file for the message ("a snapshot file").
pub(crate) fn check_format(value: &Value, expected: &str, what: &str) -> Result<(), ImportError> {
    match value.get("format") {
        Some(Value::String(text)) if text.trim().eq_ignore_ascii_case(expected) => Ok(()),
        Some(other) => Err(ImportError::new(
            "format",
            format!("expected \"{expected}\", found {}", json_text(other)),
        )),
        None => Err(ImportError::new(
            "format",
            format!("missing: {what} starts with \"format\": \"{expected}\""),
        )),
    }
}

/// `text` in double quotes, cut to a readable length.
pub(crate) fn quoted(text: &str) -> String {
    format!("\"{}\"", shorten(text))
}

/// A JSON value as a message shows it: text quoted, anything else as JSON,
/// cut to a readable length.
pub(crate) fn json_text(value: &Value) -> String {
    match value {
        Value::String(text) => quoted(text),
        other => shorten(&other.to_string()),
    }
}

/// `text` cut to [`QUOTED_CHARS`] characters, with an ellipsis when cut.
fn shorten(text: &str) -> String {
    let mut chars = text.chars();
    let mut shown: String = chars.by_ref().take(QUOTED_CHARS).collect();
    if chars.next().is_some() {
        shown.push('…');
    }
    shown
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syntax_errors_are_worded_as_an_uploads_are() {
        // The unexpected `3` is the 2nd character of line 2.
        let error = crate::engine::snapshot::parse_text("\u{feff}[1, 2\n 3]").err();
        assert_eq!(
            error,
            Some(ImportError::new(
                "line 2, column 2",
                "expected a comma `,` or a closing bracket `]`"
            ))
        );
    }

    #[test]
    fn quotes_are_cut_to_a_readable_length() {
        assert_eq!(quoted("abc"), "\"abc\"");
        let long = "é".repeat(61);
        // 60 characters kept, then an ellipsis.
        assert_eq!(quoted(&long), format!("\"{}…\"", "é".repeat(60)));
        assert_eq!(json_text(&serde_json::json!([1, 2])), "[1,2]");
        assert_eq!(json_text(&serde_json::json!("x")), "\"x\"");
    }

    #[test]
    fn errors_use_serdes_wording() {
        let value = serde_json::json!([null, true, 3, -3, 7.0, 1e30, "x\"y", [], {}]);
        let found: Vec<String> = value
            .as_array()
            .into_iter()
            .flatten()
            .map(unexpected)
            .collect();
        assert_eq!(
            found,
            [
                "null",
                "boolean `true`",
                "integer `3`",
                "integer `-3`",
                "floating point `7.0`",
                "floating point `1000000000000000000000000000000.0`",
                "string \"x\\\"y\"",
                "sequence",
                "map"
            ]
        );
        let node = Strict::at(&value, "x");
        assert_eq!(
            node.unknown("a", &["b"]).message,
            "unknown field `a`, expected `b`"
        );
        assert_eq!(
            node.unknown("a", &["b", "c", "d"]).message,
            "unknown field `a`, expected one of `b`, `c`, `d`"
        );
        assert_eq!(
            node.missing("id"),
            ImportError::new("x", "missing field `id`")
        );
        let rank = serde_json::json!({"a": -1, "b": 5_000_000_000_u64, "c": 1.0, "d": 7});
        let small = |key: &str| Strict::at(&rank[key], key).small().map_err(|e| e.message);
        assert_eq!(
            small("a"),
            Err("invalid value: integer `-1`, expected u32".into())
        );
        assert_eq!(
            small("b"),
            Err("invalid value: integer `5000000000`, expected u32".into())
        );
        assert_eq!(
            small("c"),
            Err("invalid type: floating point `1.0`, expected u32".into())
        );
        assert_eq!(small("d"), Ok(7));
    }

    #[test]
    fn counts_accept_whole_numbers_only() {
        let read = |value: Value| Strict::at(&value, "").map(count).map(|m| m["n"]);
        assert_eq!(read(serde_json::json!({"n": 50})), Ok(50));
        assert_eq!(read(serde_json::json!({"n": 50.0})), Ok(50));
        let error = read(serde_json::json!({"n": -1})).err();
        assert_eq!(
            error,
            Some(ImportError::new(
                "n",
                "a count must be a whole number of 0 or more, found -1"
            ))
        );
        assert!(read(serde_json::json!({"n": 1e30})).is_err());
        assert!(read(serde_json::json!({"n": "5"})).is_err());
    }
}
