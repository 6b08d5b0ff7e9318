//! When a new daily Secure Score is due. Microsoft computes the score once a
//! day, at about 1 AM Pacific time (09:00 UTC in winter, 08:00 UTC under
//! daylight saving time); Graph serves it a while later. Pure: tested
//! natively.

use chrono::{DateTime, Duration, NaiveDate, Utc};

use crate::engine::evaluate::Cutoff;

/// How long after the computation the new score is fetched.
const MARGIN_HOURS: i64 = 1;
/// A tenant's data is stale when its newest day is older than this many
/// days (yesterday's score is the newest Microsoft can have; one more day
/// allows for a computation that is late).
pub const STALE_AFTER_DAYS: i64 = 2;

/// How many days old the newest day is, when that makes the data stale.
pub fn stale_by(newest: NaiveDate, today: NaiveDate) -> Option<i64> {
    let age = (today - newest).num_days();
    (age > STALE_AFTER_DAYS).then_some(age)
}

/// When Microsoft computes the score of `date`: 1 AM Pacific time (the
/// engine's default cut-off).
pub fn computed_at(date: NaiveDate) -> DateTime<Utc> {
    Cutoff::Pacific.instant(date)
}

/// When to read again after reading at `last`: an hour after the next
/// daily computation.
pub fn next_refresh(last: DateTime<Utc>) -> DateTime<Utc> {
    let today = last.date_naive();
    [today, today + Duration::days(1)]
        .into_iter()
        .map(|date| computed_at(date) + Duration::hours(MARGIN_HOURS))
        .find(|due| *due > last)
        .unwrap_or(last + Duration::days(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text)
            .unwrap()
            .with_timezone(&Utc)
    }

    fn date(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn data_is_stale_more_than_two_days_after_its_newest_day() {
        let today = date("2026-12-04");
        assert_eq!(stale_by(date("2026-12-03"), today), None);
        assert_eq!(stale_by(date("2026-12-02"), today), None);
        assert_eq!(stale_by(date("2026-12-01"), today), Some(3));
        assert_eq!(stale_by(date("2025-12-04"), today), Some(365));
        assert_eq!(stale_by(date("2026-12-05"), today), None);
    }

    #[test]
    fn the_next_refresh_is_an_hour_after_the_next_computation() {
        assert_eq!(
            next_refresh(at("2026-12-04T07:30:00Z")),
            at("2026-12-04T10:00:00Z")
        );
        assert_eq!(
            next_refresh(at("2026-12-04T10:00:00Z")),
            at("2026-12-05T10:00:00Z")
        );
        assert_eq!(
            next_refresh(at("2026-12-04T16:00:00Z")),
            at("2026-12-05T10:00:00Z")
        );
        assert_eq!(
            next_refresh(at("2026-07-01T09:30:00Z")),
            at("2026-07-02T09:00:00Z")
        );
        assert_eq!(
            next_refresh(at("2026-07-01T08:30:00Z")),
            at("2026-07-01T09:00:00Z")
        );
    }
}
