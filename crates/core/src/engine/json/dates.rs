//! Dates and times as Graph, PowerShell 7 and Windows PowerShell 5 write
//! them.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};

/// Parses a date-time, always to UTC:
/// RFC 3339 (`2024-01-01T00:00:00Z`, any offset, any fraction digits);
/// without an offset (`2024-01-01T00:00:00`, `2024-01-01 00:00:00.123`) or a
/// bare date (`2024-01-01`), both taken as UTC; and the
/// `/Date(1704067200000)/` form of Windows PowerShell's `ConvertTo-Json`.
pub fn parse_date_time(text: &str) -> Option<DateTime<Utc>> {
    let text = text.trim();
    if let Ok(at) = DateTime::parse_from_rfc3339(text) {
        return Some(at.with_timezone(&Utc));
    }
    if let Some(at) = ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%d %H:%M:%S%.f"]
        .iter()
        .find_map(|format| NaiveDateTime::parse_from_str(text, format).ok())
    {
        return Some(at.and_utc());
    }
    if let Ok(date) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        return date.and_hms_opt(0, 0, 0).map(|at| at.and_utc());
    }
    windows_powershell_date(text)
}

/// `/Date(1704067200000)/` or `/Date(1704067200000+0100)/`: milliseconds
/// since 1970 in UTC (the offset only says how it was displayed).
fn windows_powershell_date(text: &str) -> Option<DateTime<Utc>> {
    let inner = text.strip_prefix("/Date(")?.strip_suffix(")/")?;
    let digits_end = inner
        .char_indices()
        .skip(1)
        .find(|(_, c)| *c == '+' || *c == '-')
        .map_or(inner.len(), |(index, _)| index);
    let millis: i64 = inner.get(..digits_end)?.parse().ok()?;
    DateTime::from_timestamp_millis(millis)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(text: &str) -> DateTime<Utc> {
        match DateTime::parse_from_rfc3339(text) {
            Ok(at) => at.with_timezone(&Utc),
            Err(error) => panic!("bad test date {text}: {error}"),
        }
    }

    #[test]
    fn reads_graph_and_powershell_spellings() {
        let midnight = utc("2024-01-01T00:00:00Z");
        assert_eq!(parse_date_time("2024-01-01T00:00:00Z"), Some(midnight));
        assert_eq!(
            parse_date_time(" 2024-01-01T00:00:00.0000000Z "),
            Some(midnight)
        );
        assert_eq!(parse_date_time("2024-01-01T01:00:00+01:00"), Some(midnight));
        assert_eq!(parse_date_time("2024-01-01T00:00:00"), Some(midnight));
        assert_eq!(
            parse_date_time("2024-01-01 00:00:00.5"),
            Some(utc("2024-01-01T00:00:00.5Z"))
        );
        assert_eq!(parse_date_time("2024-01-01"), Some(midnight));
        // 1704067200 s = 2024-01-01T00:00:00Z (19723 days * 86400).
        assert_eq!(parse_date_time("/Date(1704067200000)/"), Some(midnight));
        assert_eq!(
            parse_date_time("/Date(1704067200000+0100)/"),
            Some(midnight)
        );
        // One millisecond before 1970.
        assert_eq!(
            parse_date_time("/Date(-1)/"),
            Some(utc("1969-12-31T23:59:59.999Z"))
        );
    }

    #[test]
    fn rejects_other_text() {
        for text in [
            "",
            "yesterday",
            "2024-13-01",
            "/Date(abc)/",
            "/Date(99999999999999999999)/",
        ] {
            assert_eq!(parse_date_time(text), None, "{text}");
        }
    }
}
