//! Dates on the chart axis and in labels: numeric, in the browser locale's
//! order of day, month and year (03/14 in the US, 14/03 in the UK, 14.03 in
//! Germany), formatted with chrono.
//!
//! The order is read once from `Intl.DateTimeFormat().formatToParts()`:
//! the browser knows its locale, chrono does the formatting.

use chrono::{Datelike, NaiveDate};
use wasm_bindgen::JsValue;

/// The order of the numeric date fields in a locale.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DateOrder {
    /// 14/03/2026
    DayMonthYear,
    /// 03/14/2026
    MonthDayYear,
    /// 2026-03-14
    YearMonthDay,
}

/// How to write a date as numbers in one locale.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DateFormat {
    pub order: DateOrder,
    /// Between the fields, e.g. "/", ".", "-" (at most a few punctuation
    /// characters and spaces, never letters or digits).
    pub separator: String,
}

impl Default for DateFormat {
    /// ISO order, for when the browser cannot tell.
    fn default() -> Self {
        DateFormat {
            order: DateOrder::YearMonthDay,
            separator: "-".to_string(),
        }
    }
}

impl DateFormat {
    /// The format from `formatToParts` output: `(type, value)` pairs such as
    /// `("month", "03"), ("literal", "/"), ("day", "14"), ...`.
    pub fn from_parts<'a>(parts: impl IntoIterator<Item = (&'a str, &'a str)>) -> DateFormat {
        let mut fields = Vec::new();
        let mut separator: Option<String> = None;
        for (kind, value) in parts {
            match kind {
                "day" | "month" | "year" => fields.push(kind),
                "literal" if fields.len() == 1 && separator.is_none() => {
                    let clean: String = value
                        .chars()
                        .filter(|c| !c.is_alphanumeric() && !c.is_control())
                        .take(3)
                        .collect();
                    separator = Some(clean);
                }
                _ => {}
            }
        }
        let order = match fields.as_slice() {
            ["day", "month", ..] | ["day", "year", "month"] => DateOrder::DayMonthYear,
            ["month", ..] => DateOrder::MonthDayYear,
            ["year", ..] => DateOrder::YearMonthDay,
            _ => return DateFormat::default(),
        };
        let separator = separator
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| "/".to_string());
        DateFormat { order, separator }
    }

    /// The format of `locale` (a BCP 47 tag such as "en-GB"), or of the
    /// browser's own locale when `None`.
    pub fn for_locale(locale: Option<&str>) -> DateFormat {
        let locales = js_sys::Array::new();
        if let Some(tag) = locale {
            locales.push(&JsValue::from_str(tag));
        }
        let options = js_sys::Object::new();
        for (key, value) in [
            ("year", "numeric"),
            ("month", "2-digit"),
            ("day", "2-digit"),
            ("timeZone", "UTC"),
        ] {
            let _ = js_sys::Reflect::set(&options, &key.into(), &value.into());
        }
        // A locale tag the browser rejects throws a RangeError: fall back
        // to the browser's own locale, then to ISO.
        let format =
            match js_sys::Intl::DateTimeFormat::supported_locales_of(&locales, &options).length() {
                0 if locale.is_some() => return DateFormat::default(),
                _ => js_sys::Intl::DateTimeFormat::new(&locales, &options),
            };
        // 3 February 2001: day, month and year all differ.
        let date = js_sys::Date::new(&JsValue::from_f64(
            js_sys::Date::utc(2001.0, 1.0) + 2.0 * 86_400_000.0,
        ));
        let parts = format.format_to_parts(&date);
        let pairs: Vec<(String, String)> = parts
            .iter()
            .map(|part| {
                let get = |key: &str| {
                    js_sys::Reflect::get(&part, &key.into())
                        .ok()
                        .and_then(|v| v.as_string())
                        .unwrap_or_default()
                };
                (get("type"), get("value"))
            })
            .collect();
        DateFormat::from_parts(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
    }

    /// The browser's format, read once.
    pub fn browser() -> DateFormat {
        thread_local! {
            static BROWSER: DateFormat = DateFormat::for_locale(None);
        }
        BROWSER.with(Clone::clone)
    }

    /// Day and month, e.g. "03/14" or "14.03".
    pub fn short(&self, date: NaiveDate) -> String {
        let (d, m, s) = (date.day(), date.month(), &self.separator);
        match self.order {
            DateOrder::DayMonthYear => format!("{d:02}{s}{m:02}"),
            DateOrder::MonthDayYear | DateOrder::YearMonthDay => format!("{m:02}{s}{d:02}"),
        }
    }

    /// Day, month and year, e.g. "03/14/2026" or "2026-03-14".
    pub fn long(&self, date: NaiveDate) -> String {
        let (y, d, m, s) = (date.year(), date.day(), date.month(), &self.separator);
        match self.order {
            DateOrder::DayMonthYear => format!("{d:02}{s}{m:02}{s}{y}"),
            DateOrder::MonthDayYear => format!("{m:02}{s}{d:02}{s}{y}"),
            DateOrder::YearMonthDay => format!("{y}{s}{m:02}{s}{d:02}"),
        }
    }

    /// Month and year, e.g. "03/2026" or "2026-03", for month ticks.
    pub fn month(&self, date: NaiveDate) -> String {
        let (y, m, s) = (date.year(), date.month(), &self.separator);
        match self.order {
            DateOrder::YearMonthDay => format!("{y}{s}{m:02}"),
            _ => format!("{m:02}{s}{y}"),
        }
    }
}
