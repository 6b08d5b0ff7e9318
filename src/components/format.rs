//! Number and date formatting shared by the pages: visible text for people,
//! and machine-readable values for `data-*` attributes.

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

/// A value for a `data-*` attribute: plain number, dot as decimal
/// separator, rounded to two decimals.
pub fn data_number(value: f64) -> String {
    points(value)
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

/// Today's date in the browser's time zone.
pub fn today() -> NaiveDate {
    let now = js_sys::Date::new_0();
    NaiveDate::from_ymd_opt(
        now.get_full_year() as i32,
        now.get_month() + 1,
        now.get_date(),
    )
    .unwrap_or_default()
}
