//! When to try a request to an endpoint again, and after how long: a pure
//! policy (no clock, no browser), tested natively.
//!
//! - 429 Too Many Requests and every 5xx are retried, at most
//!   [`MAX_RETRIES`] times; every other status is final.
//! - The wait is the response's `Retry-After` (seconds, or an HTTP date)
//!   when it has one, else an exponential backoff: 0.5 s, 1 s, 2 s, 4 s.
//! - A `Retry-After` longer than [`MAX_WAIT_MS`] is not waited for: the
//!   fetch stops and says when to try again.

use chrono::{DateTime, NaiveDateTime, Utc};

/// Retries after the first attempt, at most.
pub const MAX_RETRIES: u32 = 4;
/// The first backoff; each retry waits twice as long as the one before.
pub const BASE_DELAY_MS: u64 = 500;
/// The longest wait a `Retry-After` may ask for before the fetch gives up.
pub const MAX_WAIT_MS: u64 = 120_000;

/// What to do after a response.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Decision {
    /// Send the request again after this many milliseconds.
    Retry { after_ms: u64 },
    /// The status is final, or the retries are used up.
    Stop,
    /// The endpoint asks to wait longer than [`MAX_WAIT_MS`].
    WaitTooLong { after_ms: u64 },
}

/// The claims a 401's `WWW-Authenticate` header asks for in a Conditional
/// Access challenge (`error="insufficient_claims", claims="<base64>"`), as
/// sent; `None` for any other 401.
pub fn challenge_claims(header: &str) -> Option<String> {
    let lower = header.to_ascii_lowercase();
    if !lower.contains("insufficient_claims") {
        return None;
    }
    let start = lower.find("claims=\"")? + "claims=\"".len();
    let rest = &header[start..];
    let value = &rest[..rest.find('"')?];
    (!value.trim().is_empty()).then(|| value.trim().to_string())
}

/// The `code` and `message` of a Graph-style error body
/// (`{"error": {"code", "message"}}`, or those fields at the top), each
/// trimmed, either possibly empty; `None` when the body is not JSON.
pub fn graph_error(body: &[u8]) -> Option<(String, String)> {
    let value = serde_json::from_slice::<serde_json::Value>(body).ok()?;
    let error = value.get("error").unwrap_or(&value);
    let text = |key: &str| {
        error
            .get(key)
            .and_then(serde_json::Value::as_str)
            .unwrap_or("")
            .trim()
            .to_string()
    };
    Some((text("code"), text("message")))
}

/// True for the statuses worth another try: 429 and 5xx.
pub fn retryable(status: u16) -> bool {
    status == 429 || (500..=599).contains(&status)
}

/// What to do after a response with `status`, when `retries_done` retries
/// were already sent. `retry_after` is the response's `Retry-After` header;
/// `now` reads its HTTP-date form.
pub fn decide(
    retries_done: u32,
    status: u16,
    retry_after: Option<&str>,
    now: DateTime<Utc>,
) -> Decision {
    if !retryable(status) || retries_done >= MAX_RETRIES {
        return Decision::Stop;
    }
    let after_ms = retry_after
        .and_then(|value| parse_retry_after(value, now))
        .unwrap_or_else(|| backoff_ms(retries_done));
    if after_ms > MAX_WAIT_MS {
        Decision::WaitTooLong { after_ms }
    } else {
        Decision::Retry { after_ms }
    }
}

/// The backoff before retry number `retries_done + 1`: 500 ms doubled per
/// retry already sent.
pub fn backoff_ms(retries_done: u32) -> u64 {
    BASE_DELAY_MS.saturating_mul(1_u64 << retries_done.min(20))
}

/// Reads a `Retry-After` value as milliseconds to wait: a whole number of
/// seconds, or an HTTP date (IMF-fixdate, RFC 850 or asctime form; a date
/// in the past means no wait). `None` when unreadable.
pub fn parse_retry_after(value: &str, now: DateTime<Utc>) -> Option<u64> {
    let value = value.trim();
    if value.is_empty() {
        return None;
    }
    if value.bytes().all(|b| b.is_ascii_digit()) {
        let seconds: u64 = value.parse().unwrap_or(u64::MAX);
        return Some(seconds.saturating_mul(1000));
    }
    let at = http_date(value)?;
    let wait = (at - now).num_milliseconds();
    Some(u64::try_from(wait).unwrap_or(0))
}

/// An HTTP date in any of the three forms RFC 9110 asks recipients to read.
fn http_date(value: &str) -> Option<DateTime<Utc>> {
    if let Ok(at) = DateTime::parse_from_rfc2822(value) {
        return Some(at.with_timezone(&Utc));
    }
    // RFC 850: "Sunday, 06-Nov-94 08:49:37 GMT"; asctime: "Sun Nov  6 08:49:37 1994".
    let squeezed = value.split_whitespace().collect::<Vec<_>>().join(" ");
    ["%A, %d-%b-%y %H:%M:%S GMT", "%a %b %e %H:%M:%S %Y"]
        .iter()
        .find_map(|format| NaiveDateTime::parse_from_str(&squeezed, format).ok())
        .map(|naive| naive.and_utc())
}

/// "2 s", "1 min 30 s", "2 h 5 min": a wait for people.
pub fn describe_wait(ms: u64) -> String {
    let seconds = ms.div_ceil(1000);
    let (hours, minutes, secs) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
    match (hours, minutes, secs) {
        (0, 0, s) => format!("{s} s"),
        (0, m, 0) => format!("{m} min"),
        (0, m, s) => format!("{m} min {s} s"),
        (h, 0, _) => format!("{h} h"),
        (h, m, _) => format!("{h} h {m} min"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn graph_errors_are_read_wherever_their_fields_are() {
        let nested = br#"{"error": {"code": "Forbidden", "message": " Missing role "}}"#;
        assert_eq!(
            graph_error(nested),
            Some(("Forbidden".into(), "Missing role".into()))
        );
        assert_eq!(
            graph_error(br#"{"message": "x"}"#),
            Some((String::new(), "x".into()))
        );
        assert_eq!(graph_error(b"<html>"), None);
    }
    use chrono::TimeZone;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 26, 12, 0, 0).unwrap()
    }

    #[test]
    fn which_statuses_are_retried() {
        for status in [429, 500, 502, 503, 504, 599] {
            assert!(retryable(status), "{status}");
        }
        for status in [200, 206, 301, 400, 401, 403, 404, 408, 600] {
            assert!(!retryable(status), "{status}");
        }
    }

    #[test]
    fn exponential_backoff_then_stop_after_four_retries() {
        let waits: Vec<Decision> = (0..5).map(|n| decide(n, 503, None, now())).collect();
        assert_eq!(
            waits,
            [
                Decision::Retry { after_ms: 500 },
                Decision::Retry { after_ms: 1000 },
                Decision::Retry { after_ms: 2000 },
                Decision::Retry { after_ms: 4000 },
                Decision::Stop,
            ]
        );
        assert_eq!(decide(0, 404, Some("1"), now()), Decision::Stop);
        assert_eq!(decide(0, 401, None, now()), Decision::Stop);
        assert_eq!(backoff_ms(u32::MAX), BASE_DELAY_MS << 20);
    }

    #[test]
    fn retry_after_in_seconds_wins_over_the_backoff() {
        assert_eq!(
            decide(0, 429, Some("1"), now()),
            Decision::Retry { after_ms: 1000 }
        );
        assert_eq!(
            decide(3, 429, Some(" 0 "), now()),
            Decision::Retry { after_ms: 0 }
        );
        assert_eq!(
            decide(0, 503, Some("3600"), now()),
            Decision::WaitTooLong {
                after_ms: 3_600_000
            }
        );
        // Unreadable: the backoff.
        assert_eq!(
            decide(1, 429, Some("soon"), now()),
            Decision::Retry { after_ms: 1000 }
        );
        assert_eq!(
            decide(0, 429, Some("-5"), now()),
            Decision::Retry { after_ms: 500 }
        );
        assert_eq!(
            parse_retry_after("99999999999999999999999", now()),
            Some(u64::MAX)
        );
    }

    #[test]
    fn retry_after_as_an_http_date() {
        assert_eq!(
            parse_retry_after("Thu, 26 Nov 2026 12:00:30 GMT", now()),
            Some(30_000)
        );
        assert_eq!(
            parse_retry_after("Thursday, 26-Nov-26 12:01:00 GMT", now()),
            Some(60_000)
        );
        assert_eq!(
            parse_retry_after("Thu Nov 26 12:00:05 2026", now()),
            Some(5_000)
        );
        // In the past: no wait.
        assert_eq!(
            parse_retry_after("Wed, 25 Nov 2026 12:00:00 GMT", now()),
            Some(0)
        );
        assert_eq!(parse_retry_after("", now()), None);
        assert_eq!(parse_retry_after("Thu, 99 Nov 2026", now()), None);
    }

    #[test]
    fn waits_for_people() {
        assert_eq!(describe_wait(1), "1 s");
        assert_eq!(describe_wait(90_000), "1 min 30 s");
        assert_eq!(describe_wait(120_000), "2 min");
        assert_eq!(describe_wait(3_600_000), "1 h");
        assert_eq!(describe_wait(7_500_000), "2 h 5 min");
    }

    #[test]
    fn conditional_access_challenges_give_their_claims() {
        let header = r#"Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", error="insufficient_claims", claims="eyJhY2Nlc3NfdG9rZW4iOnt9fQ==""#;
        assert_eq!(
            challenge_claims(header).as_deref(),
            Some("eyJhY2Nlc3NfdG9rZW4iOnt9fQ==")
        );
        assert_eq!(challenge_claims(r#"Bearer error="invalid_token""#), None);
        assert_eq!(
            challenge_claims(r#"Bearer error="insufficient_claims""#),
            None
        );
        assert_eq!(
            challenge_claims(r#"Bearer error="insufficient_claims", claims="""#),
            None
        );
    }
}
