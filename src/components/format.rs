//! Number and date formatting shared by the pages: visible text for people,
//! and machine-readable values for `data-*` attributes.

use chrono::NaiveDate;

/// The visible formats are the report's (pure Rust, tested natively), so a
/// number reads the same on screen and in a shared report.
pub use crate::report::format::{date, date_time, delta, percent, points};

/// A value for a `data-*` attribute: plain number, dot as decimal
/// separator, rounded to two decimals.
pub fn data_number(value: f64) -> String {
    points(value)
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
