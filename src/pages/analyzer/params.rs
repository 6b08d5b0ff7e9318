//! The analyzer's state in the URL hash:
//! `#/analyzer?range=90&day=2026-03-14&vs=2026-03-01&unit=percent`
//! (`range` is 30, 90, 180, all or custom with `from` and `to`).

use chrono::NaiveDate;

use crate::chart::Unit;
use crate::state::route::Route;

/// The chart's date range, as the user picked it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RangeKind {
    /// The last N calendar days up to the newest day.
    Days(u32),
    All,
    Custom,
}

impl RangeKind {
    /// The choices of the range select, in order.
    pub const CHOICES: [RangeKind; 5] = [
        RangeKind::Days(30),
        RangeKind::Days(90),
        RangeKind::Days(180),
        RangeKind::All,
        RangeKind::Custom,
    ];

    /// When the URL says nothing.
    pub const DEFAULT: RangeKind = RangeKind::Days(90);

    pub fn slug(self) -> String {
        match self {
            RangeKind::Days(n) => n.to_string(),
            RangeKind::All => "all".into(),
            RangeKind::Custom => "custom".into(),
        }
    }

    pub fn label(self) -> String {
        match self {
            RangeKind::Days(n) => format!("Last {n} days"),
            RangeKind::All => "All history".into(),
            RangeKind::Custom => "Custom range".into(),
        }
    }

    pub fn parse(text: &str) -> Option<RangeKind> {
        match text {
            "all" => Some(RangeKind::All),
            "custom" => Some(RangeKind::Custom),
            n => n
                .parse::<u32>()
                .ok()
                .filter(|n| (1..=3660).contains(n))
                .map(RangeKind::Days),
        }
    }
}

/// Everything the analyzer reads from the route.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Params {
    pub range: RangeKind,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub day: Option<NaiveDate>,
    /// The day to compare the selected day with, instead of the previous.
    pub vs: Option<NaiveDate>,
    pub unit: Unit,
}

/// A `YYYY-MM-DD` date.
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").ok()
}

impl Params {
    pub fn from_route(route: &Route) -> Params {
        let date = |key| route.param(key).and_then(parse_date);
        Params {
            range: route
                .param("range")
                .and_then(RangeKind::parse)
                .unwrap_or(RangeKind::DEFAULT),
            from: date("from"),
            to: date("to"),
            day: date("day"),
            vs: date("vs"),
            unit: route.param("unit").map(Unit::parse).unwrap_or_default(),
        }
    }

    /// The first and last date of the chart for a history from `first` to
    /// `last`: never outside the history, never reversed.
    pub fn resolve(&self, first: NaiveDate, last: NaiveDate) -> (NaiveDate, NaiveDate) {
        let (from, to) = match self.range {
            RangeKind::Days(n) => (last - chrono::Duration::days(i64::from(n) - 1), last),
            RangeKind::All => (first, last),
            RangeKind::Custom => (self.from.unwrap_or(first), self.to.unwrap_or(last)),
        };
        let clamp = |d: NaiveDate| d.clamp(first, last);
        let (from, to) = (clamp(from), clamp(to));
        if from <= to {
            (from, to)
        } else {
            (to, from)
        }
    }
}
