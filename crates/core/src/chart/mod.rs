//! The score history chart, laid out once for every surface that shows it:
//! the Score Analyzer's chart in the app and the shared report's.
//! [`Geometry::new`] places everything from the days and a size (the y
//! scale and its ticks, the dated x ticks, the lines with their gaps, each
//! day's point and click band); [`svg::svg`] writes it. The app lays its
//! day buttons over the SVG with the same geometry.
//!
//! # Safety invariant: no text from the data
//!
//! The app inserts the SVG with `inner_html`. That is sound only because
//! every character of it comes from numbers and dates: [`ChartDay`] holds
//! no text, the labels are numbers and dates written by [`crate::format`]
//! (month names are chrono's), the paths are numbers, and the one title a
//! caller may pass is escaped. No control title, tenant name, comparison
//! label or warning may ever reach this module: legends that show such
//! text are the callers' HTML, outside the SVG.

mod axis;
mod geometry;
mod scale;
pub mod svg;
#[cfg(test)]
mod tests;

use chrono::NaiveDate;

pub use axis::XTick;
pub use geometry::{DayMark, Frame, Geometry, Line, Plot, Series, YTick};
pub use scale::Scale;

/// At most this many comparison series are drawn (one line each).
pub const MAX_AVERAGES: usize = 4;

/// One day of the chart's data.
#[derive(Clone, Debug, PartialEq)]
pub struct ChartDay {
    pub date: NaiveDate,
    /// The shown score (points).
    pub score: f64,
    /// Points possible that day.
    pub possible: f64,
    /// Comparison averages in points, by index into the caller's bases
    /// (None where that day does not have that basis).
    pub averages: Vec<Option<f64>>,
    /// The score dropped against the previous day.
    pub regression: bool,
    /// A service, or a control with its service, came or went that day.
    pub scope_change: bool,
    /// A control was re-weighted, added or retired that day.
    pub catalog_change: bool,
}

impl ChartDay {
    /// A day with a score and nothing else to show (no averages, no markers).
    pub fn plain(date: NaiveDate, score: f64, possible: f64) -> ChartDay {
        ChartDay {
            date,
            score,
            possible,
            averages: Vec::new(),
            regression: false,
            scope_change: false,
            catalog_change: false,
        }
    }

    /// The day's markers in words ("score dropped", "scope change",
    /// "catalog change"), for labels and tables.
    pub fn markers(&self) -> Vec<&'static str> {
        [
            (self.regression, "score dropped"),
            (self.scope_change, "scope change"),
            (self.catalog_change, "catalog change"),
        ]
        .into_iter()
        .filter_map(|(marked, words)| marked.then_some(words))
        .collect()
    }
}

/// Score in points, or as a percentage of the points possible.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Unit {
    #[default]
    Points,
    Percent,
}

impl Unit {
    /// The value of the app's `unit` URL parameter.
    pub fn slug(self) -> &'static str {
        match self {
            Unit::Points => "points",
            Unit::Percent => "percent",
        }
    }

    pub fn parse(text: &str) -> Unit {
        if text == "percent" {
            Unit::Percent
        } else {
            Unit::Points
        }
    }
}
