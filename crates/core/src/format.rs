//! Number and date formatting for people, shared by the report, the
//! history chart and the app's pages (`components::format` re-exports it),
//! so a number or a date reads the same in the report and on screen.
//!
//! Dates have one convention, the day and the month's name: "5 Dec 2026",
//! unambiguous in our English UI whatever the reader's locale (05/12 is
//! May in one country and December in the next). "5 Dec" and "Dec" alone
//! only where the year is given nearby (a chart axis gives it at its first
//! tick and where it changes); "Dec 2026" for a month. ISO `YYYY-MM-DD`
//! (`NaiveDate`'s `Display`) only in machine-readable places: `<time
//! datetime>`, `data-*` attributes, URLs, file names, CSV. This module is
//! the one place with a `format("%…")` date pattern (`tests/code_rules.rs`).

use chrono::{DateTime, Datelike, NaiveDate, Timelike, Utc};

use crate::engine::model::round2;

/// Points for people: at most two decimals, no trailing zeros ("42.5").
pub fn points(value: f64) -> String {
    let rounded = round2(value);
    let text = format!("{rounded:.2}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    match text {
        "-0" | "" => "0".to_string(),
        t => t.to_string(),
    }
}

/// A percentage for people, one decimal ("42.3%").
pub fn percent(value: f64) -> String {
    let rounded = (value * 10.0).round() / 10.0;
    let text = format!("{rounded:.1}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    format!("{}%", if text == "-0" { "0" } else { text })
}

/// A signed change for people ("+3.5", "−2", "0").
pub fn delta(value: f64) -> String {
    let rounded = round2(value);
    if rounded > 0.0 {
        format!("+{}", points(rounded))
    } else if rounded < 0.0 {
        format!("−{}", points(-rounded))
    } else {
        "0".to_string()
    }
}

/// A date for people ("25 Nov 2026").
pub fn date(day: NaiveDate) -> String {
    day.format("%-d %b %Y").to_string()
}

/// A date without its year ("25 Nov"), where the year is given nearby.
fn day_month(day: NaiveDate) -> String {
    day.format("%-d %b").to_string()
}

/// A month for people ("Nov 2026").
fn month_year(day: NaiveDate) -> String {
    day.format("%b %Y").to_string()
}

/// A month without its year ("Nov"), where the year is given nearby.
fn month(day: NaiveDate) -> String {
    day.format("%b").to_string()
}

/// Days in a row (a chart's axis, a table's columns), oldest first: the
/// year at the first and where it changes, not repeated in between ("30
/// Dec 2026", "31 Dec", "1 Jan 2027").
pub fn days_along(days: &[NaiveDate]) -> Vec<String> {
    along(days, date, day_month)
}

/// Months in a row, as [`days_along`] ("Dec 2026", "Jan 2027", "Feb").
pub fn months_along(months: &[NaiveDate]) -> Vec<String> {
    along(months, month_year, month)
}

fn along(
    days: &[NaiveDate],
    with_year: fn(NaiveDate) -> String,
    without: fn(NaiveDate) -> String,
) -> Vec<String> {
    let mut year = None;
    days.iter()
        .map(|&day| {
            let new_year = year != Some(day.year());
            year = Some(day.year());
            if new_year {
                with_year(day)
            } else {
                without(day)
            }
        })
        .collect()
}

/// A date and a wall-clock time for people ("25 Nov 2026, 03:12"), in
/// whatever time zone the caller read them.
pub fn date_at(day: NaiveDate, hour: u32, minute: u32) -> String {
    format!("{}, {hour:02}:{minute:02}", date(day))
}

/// A date and time for people, in UTC ("25 Nov 2026, 03:12 UTC").
pub fn date_time(at: DateTime<Utc>) -> String {
    format!("{} UTC", date_at(at.date_naive(), at.hour(), at.minute()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_like_the_pages() {
        assert_eq!(points(42.5), "42.5");
        assert_eq!(points(-0.001), "0");
        assert_eq!(points(10.0), "10");
        assert_eq!(percent(42.349), "42.3%");
        assert_eq!(percent(0.0), "0%");
        assert_eq!(delta(3.456), "+3.46");
        assert_eq!(delta(-2.0), "−2");
        assert_eq!(delta(0.001), "0");
    }

    #[test]
    fn dates_name_the_month_day_first() {
        let day = NaiveDate::from_ymd_opt(2026, 11, 5).unwrap_or_default();
        assert_eq!(date(day), "5 Nov 2026");
        assert_eq!(day_month(day), "5 Nov");
        assert_eq!(month_year(day), "Nov 2026");
        assert_eq!(month(day), "Nov");
        assert_eq!(date_at(day, 7, 5), "5 Nov 2026, 07:05");
        let new_year = |d: i64| day + chrono::Duration::days(d);
        assert_eq!(
            days_along(&[new_year(55), new_year(56), new_year(57), new_year(58)]),
            ["30 Dec 2026", "31 Dec", "1 Jan 2027", "2 Jan"]
        );
        assert_eq!(
            months_along(&[new_year(26), new_year(57), new_year(88)]),
            ["Dec 2026", "Jan 2027", "Feb"]
        );
        let at = day.and_hms_opt(3, 12, 0).unwrap_or_default().and_utc();
        assert_eq!(date_time(at), "5 Nov 2026, 03:12 UTC");
    }
}
