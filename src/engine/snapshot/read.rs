//! Serde plumbing for our strict formats (snapshots and the catalog): errors
//! with field paths, and field readers whose messages an admin understands.

use std::collections::BTreeMap;
use std::fmt;

use chrono::{DateTime, Utc};
use serde::de::{DeserializeOwned, Error, Visitor};
use serde::{Deserialize, Deserializer};
use serde_json::Value;

use crate::engine::error::ImportError;
use crate::engine::model::Service;

/// How many characters of input an error message quotes.
const QUOTED_CHARS: usize = 60;

/// Deserializes `value`, naming the failing field's path
/// (`snapshots[3].counts.users`) in the error.
pub(crate) fn deserialize<T: DeserializeOwned>(value: &Value) -> Result<T, ImportError> {
    serde_path_to_error::deserialize(value).map_err(|error| {
        let path = error.path().to_string();
        let path = if path == "." { String::new() } else { path };
        ImportError::new(path, error.into_inner().to_string())
    })
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

/// Parses JSON text; a syntax error's path is its `line L, column C`.
pub(crate) fn json_value(text: &str) -> Result<Value, ImportError> {
    serde_json::from_str(text.trim_start_matches('\u{feff}')).map_err(|error| {
        let (line, column) = (error.line(), error.column());
        let message = error.to_string();
        let position = format!(" at line {line} column {column}");
        ImportError::new(
            format!("line {line}, column {column}"),
            message.strip_suffix(&position).unwrap_or(&message),
        )
    })
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

/// Reads an RFC 3339 date-time (any offset) as UTC.
pub(super) fn instant<'de, D: Deserializer<'de>>(d: D) -> Result<DateTime<Utc>, D::Error> {
    Rfc3339::deserialize(d).map(|at| at.0)
}

/// Reads activities: key → RFC 3339 date-time, or `null` for never done.
pub(super) fn activities<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<BTreeMap<String, Option<DateTime<Utc>>>, D::Error> {
    let read = BTreeMap::<String, Option<Rfc3339>>::deserialize(d)?;
    Ok(read
        .into_iter()
        .map(|(key, at)| (key, at.map(|at| at.0)))
        .collect())
}

/// Reads counts: key → whole number of 0 or more.
pub(super) fn counts<'de, D: Deserializer<'de>>(d: D) -> Result<BTreeMap<String, u64>, D::Error> {
    let read = BTreeMap::<String, Count>::deserialize(d)?;
    Ok(read
        .into_iter()
        .map(|(key, count)| (key, count.0))
        .collect())
}

/// Reads service names with [`Service::parse`]; a blank name is an error.
pub(super) fn services<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Service>, D::Error> {
    let read = Vec::<ServiceName>::deserialize(d)?;
    Ok(read.into_iter().map(|name| name.0).collect())
}

/// An RFC 3339 date-time, in UTC.
struct Rfc3339(DateTime<Utc>);

impl<'de> Deserialize<'de> for Rfc3339 {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        DateTime::parse_from_rfc3339(text.trim())
            .map(|at| Rfc3339(at.with_timezone(&Utc)))
            .map_err(|_| {
                D::Error::custom(format!(
                    "expected an RFC 3339 date-time such as 2026-11-20T08:00:00Z, found {}",
                    quoted(&text)
                ))
            })
    }
}

/// A non-blank service name, parsed.
struct ServiceName(Service);

impl<'de> Deserialize<'de> for ServiceName {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        if text.trim().is_empty() {
            return Err(D::Error::custom("a service name cannot be empty"));
        }
        Ok(ServiceName(Service::parse(&text)))
    }
}

/// A whole number of 0 or more (`50` or `50.0`).
struct Count(u64);

impl<'de> Deserialize<'de> for Count {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(CountVisitor)
    }
}

/// Reads a [`Count`] from any JSON number, rejecting the others.
struct CountVisitor;

impl CountVisitor {
    fn invalid<E: Error>(found: impl fmt::Display) -> E {
        E::custom(format!(
            "a count must be a whole number of 0 or more, found {found}"
        ))
    }
}

impl Visitor<'_> for CountVisitor {
    type Value = Count;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a whole number of 0 or more")
    }

    fn visit_u64<E: Error>(self, v: u64) -> Result<Count, E> {
        Ok(Count(v))
    }

    fn visit_i64<E: Error>(self, v: i64) -> Result<Count, E> {
        u64::try_from(v).map(Count).map_err(|_| Self::invalid(v))
    }

    fn visit_f64<E: Error>(self, v: f64) -> Result<Count, E> {
        // 2^64 as f64: every whole value below it converts exactly.
        const LIMIT: f64 = 18_446_744_073_709_551_616.0;
        if v.is_finite() && v >= 0.0 && v.fract() == 0.0 && v < LIMIT {
            Ok(Count(v as u64))
        } else {
            Err(Self::invalid(v))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syntax_errors_name_line_and_column() {
        // The unexpected `3` is the 2nd character of line 2.
        let error = json_value("[1, 2\n 3]").err();
        assert_eq!(
            error,
            Some(ImportError::new("line 2, column 2", "expected `,` or `]`"))
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
    fn counts_accept_whole_numbers_only() {
        let read = |value: Value| deserialize::<BTreeMap<String, Count>>(&value).map(|m| m["n"].0);
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
