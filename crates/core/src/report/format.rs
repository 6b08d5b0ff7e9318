//! Number and date formatting for people, shared by the report and the
//! app's pages (`components::format` re-exports it), so a number reads the
//! same in the report and on screen.

use chrono::{DateTime, NaiveDate, Utc};

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

/// A date and time for people, in UTC ("25 Nov 2026, 03:12 UTC").
pub fn date_time(at: DateTime<Utc>) -> String {
    at.format("%-d %b %Y, %H:%M UTC").to_string()
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
        let day = NaiveDate::from_ymd_opt(2026, 11, 5).unwrap_or_default();
        assert_eq!(date(day), "5 Nov 2026");
    }
}
