//! The daily cut-off: the instant each day's score is computed.

use chrono::{DateTime, Datelike, NaiveDate, NaiveTime, Utc, Weekday};

/// When each day's score is computed. A day's score reflects the latest
/// snapshot captured strictly before that day's cut-off: a snapshot
/// captured at or after it counts from the next day.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Cutoff {
    /// Microsoft's: 1 AM Pacific time, which is 09:00 UTC, and 08:00 UTC
    /// under daylight saving time.
    #[default]
    Pacific,
    /// A fixed time of day, UTC (a snapshot file's `cutoff`).
    Utc(NaiveTime),
}

/// True when 1 AM on `date` in the Pacific time zone is daylight saving
/// time: from the second Sunday of March (the switch is at 2 AM) to the
/// first Sunday of November (the switch back is at 2 AM, so 1 AM is still
/// daylight time that day).
fn pacific_daylight(date: NaiveDate) -> bool {
    let sunday =
        |month, nth| NaiveDate::from_weekday_of_month_opt(date.year(), month, Weekday::Sun, nth);
    match (sunday(3, 2), sunday(11, 1)) {
        (Some(start), Some(end)) => date > start && date <= end,
        _ => false,
    }
}

impl Cutoff {
    /// A cut-off at `hour:minute` UTC; `None` unless 0 ≤ hour < 24 and
    /// 0 ≤ minute < 60.
    pub fn at_utc(hour: u32, minute: u32) -> Option<Cutoff> {
        NaiveTime::from_hms_opt(hour, minute, 0).map(Cutoff::Utc)
    }

    /// The time of day (UTC) of the cut-off on `date`.
    pub fn time(self, date: NaiveDate) -> NaiveTime {
        match self {
            Cutoff::Utc(time) => time,
            Cutoff::Pacific => {
                let hour = if pacific_daylight(date) { 8 } else { 9 };
                NaiveTime::from_hms_opt(hour, 0, 0).unwrap_or(NaiveTime::MIN)
            }
        }
    }

    /// The cut-off instant of `date`.
    pub fn instant(self, date: NaiveDate) -> DateTime<Utc> {
        date.and_time(self.time(date)).and_utc()
    }

    /// The first day whose cut-off comes after `at`: the day a snapshot
    /// captured at `at` is first scored. `None` past the last date chrono
    /// knows.
    pub fn first_day_after(self, at: DateTime<Utc>) -> Option<NaiveDate> {
        let date = at.date_naive();
        if at.time() < self.time(date) {
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
    fn default_is_one_am_pacific_with_daylight_saving_time() {
        let cutoff = Cutoff::default();
        let at = |d| cutoff.instant(date(d));
        assert_eq!(at("2026-11-20"), utc("2026-11-20T09:00:00Z"));
        assert_eq!(at("2026-07-01"), utc("2026-07-01T08:00:00Z"));
        // 2026: daylight time from Sunday 8 March to Sunday 1 November.
        assert_eq!(at("2026-03-08"), utc("2026-03-08T09:00:00Z"));
        assert_eq!(at("2026-03-09"), utc("2026-03-09T08:00:00Z"));
        assert_eq!(at("2026-11-01"), utc("2026-11-01T08:00:00Z"));
        assert_eq!(at("2026-11-02"), utc("2026-11-02T09:00:00Z"));
        // A summer snapshot at 08:30 UTC is after that day's cut-off.
        assert_eq!(
            cutoff.first_day_after(utc("2026-07-01T08:30:00Z")),
            Some(date("2026-07-02"))
        );
        assert_eq!(
            cutoff.first_day_after(utc("2026-12-01T08:30:00Z")),
            Some(date("2026-12-01"))
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
        assert_eq!(midnight.time(date("2026-07-01")), NaiveTime::MIN);
        // Everything on a date counts from the next date.
        assert_eq!(
            midnight.first_day_after(utc("2026-11-20T00:00:00Z")),
            Some(date("2026-11-21"))
        );
        assert_eq!(Cutoff::at_utc(24, 0), None);
        assert_eq!(Cutoff::at_utc(9, 60), None);
    }
}
