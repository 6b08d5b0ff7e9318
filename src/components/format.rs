//! Number and date formatting shared by the pages: visible text for people,
//! and machine-readable values for `data-*` attributes.

use chrono::{DateTime, NaiveDate, Utc};

/// The visible formats are core's (pure Rust, tested natively), so a
/// number or a date reads the same on screen and in a shared report.
pub use secure_score_core::format::{date, date_at, date_time, days_along, delta, percent, points};

/// A label as a `data-*` or class value: "Not completed" → `not-completed`.
pub fn slug(label: &str) -> String {
    label.to_ascii_lowercase().replace(' ', "-")
}

/// A value for a `data-*` attribute: plain number, dot as decimal
/// separator, rounded to two decimals.
pub fn data_number(value: f64) -> String {
    points(value)
}

/// `at` in the browser's time zone, as "HH:MM" (with the date, "5 Dec
/// 2026, 11:00", when `with_day`).
pub fn local_time(at: DateTime<Utc>, with_day: bool) -> String {
    let local = js_sys::Date::new(&(at.timestamp_millis() as f64).into());
    let (hour, minute) = (local.get_hours(), local.get_minutes());
    if !with_day {
        return format!("{hour:02}:{minute:02}");
    }
    let day = NaiveDate::from_ymd_opt(
        local.get_full_year() as i32,
        local.get_month() + 1,
        local.get_date(),
    )
    .unwrap_or_default();
    date_at(day, hour, minute)
}

/// The browser's time zone (`Europe/Paris`), empty when it does not say.
pub fn time_zone() -> String {
    let options = js_sys::Intl::DateTimeFormat::new(&js_sys::Array::new(), &js_sys::Object::new())
        .resolved_options();
    js_sys::Reflect::get(&options, &"timeZone".into())
        .ok()
        .and_then(|z| z.as_string())
        .unwrap_or_default()
}
