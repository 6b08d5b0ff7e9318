//! The daily cut-off: the instant each day's score is computed.

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};

/// The time of day (UTC) at which each day's score is computed. A day's
/// score reflects the latest snapshot captured strictly before that day's
/// cut-off: a snapshot captured at or after it counts from the next day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cutoff {
    time: NaiveTime,
}

impl Default for Cutoff {
    /// 09:00 UTC, i.e. Microsoft's 01:00 PST (UTC−8). Daylight saving time
    /// is not followed.
    fn default() -> Self {
        Cutoff {
            time: NaiveTime::from_hms_opt(9, 0, 0).unwrap_or(NaiveTime::MIN),
        }
    }
}

impl Cutoff {
    /// A cut-off at `hour:minute` UTC; `None` unless 0 ≤ hour < 24 and
    /// 0 ≤ minute < 60.
    pub fn at_utc(hour: u32, minute: u32) -> Option<Cutoff> {
        NaiveTime::from_hms_opt(hour, minute, 0).map(|time| Cutoff { time })
    }

    /// The time of day, UTC.
    pub fn time(self) -> NaiveTime {
        self.time
    }

    /// The cut-off instant of `date`.
    pub fn instant(self, date: NaiveDate) -> DateTime<Utc> {
        date.and_time(self.time).and_utc()
    }

    /// The first day whose cut-off comes after `at`: the day a snapshot
    /// captured at `at` is first scored. `None` past the last date chrono
    /// knows.
    pub fn first_day_after(self, at: DateTime<Utc>) -> Option<NaiveDate> {
        let date = at.date_naive();
        if at.time() < self.time {
            Some(date)
        } else {
            date.succ_opt()
        }
    }
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

    fn date(text: &str) -> NaiveDate {
        match NaiveDate::parse_from_str(text, "%Y-%m-%d") {
            Ok(date) => date,
            Err(error) => panic!("bad test date {text}: {error}"),
        }
    }

    #[test]
    fn default_is_nine_utc() {
        let cutoff = Cutoff::default();
        assert_eq!(Some(cutoff), Cutoff::at_utc(9, 0));
        assert_eq!(
            cutoff.instant(date("2026-11-20")),
            utc("2026-11-20T09:00:00Z")
        );
    }

    #[test]
    fn a_snapshot_counts_from_the_next_cutoff() {
        let cutoff = Cutoff::default();
        let day = |at| cutoff.first_day_after(utc(at));
        assert_eq!(day("2026-11-20T08:59:59Z"), Some(date("2026-11-20")));
        // At the cut-off itself is no longer before it.
        assert_eq!(day("2026-11-20T09:00:00Z"), Some(date("2026-11-21")));
        assert_eq!(day("2026-11-20T23:59:00Z"), Some(date("2026-11-21")));
        // Year end.
        assert_eq!(day("2026-12-31T10:00:00Z"), Some(date("2027-01-01")));
        assert_eq!(cutoff.first_day_after(DateTime::<Utc>::MAX_UTC), None);
    }

    #[test]
    fn custom_cutoffs() {
        let midnight = Cutoff::at_utc(0, 0).unwrap_or_default();
        assert_eq!(midnight.time(), NaiveTime::MIN);
        // Everything on a date counts from the next date.
        assert_eq!(
            midnight.first_day_after(utc("2026-11-20T00:00:00Z")),
            Some(date("2026-11-21"))
        );
        assert_eq!(Cutoff::at_utc(24, 0), None);
        assert_eq!(Cutoff::at_utc(9, 60), None);
    }
}
