//! The fleet: every kept tenant side by side (one [`FleetRow`] each, with
//! its trend), sorted and filtered for the fleet page, and the controls the
//! tenants are missing ranked across the fleet ([`gaps`]).
//!
//! Scores are as the data reports them ([`DayScore::shown`]) on each
//! tenant's newest day, as the Overview's tenants table shows them: an
//! admin's statuses belong to one tenant's dashboard, not to the fleet.

pub mod gaps;

use std::cmp::Ordering;

use chrono::{Days, NaiveDate};

use crate::engine::model::{percent, TenantHistory};
use crate::engine::sort::sort_by;
use crate::engine::summary::change;

/// How many days the trend (sparkline and its table) covers.
pub const TREND_DAYS: usize = 30;

/// One tenant in the fleet.
#[derive(Clone, Debug, PartialEq)]
pub struct FleetRow {
    /// The tenant's index in the kept tenants (what selecting it sets).
    pub index: usize,
    pub id: String,
    pub name: String,
    /// Its newest day's score; `None` for a tenant without any day.
    pub latest: Option<Latest>,
    /// The shown score on each of the fleet's last [`TREND_DAYS`] dates
    /// ([`Fleet::trend_dates`]), `None` where the tenant has no day.
    pub trend: Vec<Option<f64>>,
}

/// A tenant's newest day, and how its score moved before it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Latest {
    pub date: NaiveDate,
    pub score: f64,
    pub possible: f64,
    pub percent: f64,
    /// Score change against the newest day at least 7 (30) days older.
    pub change_7: Option<f64>,
    pub change_30: Option<f64>,
}

/// Every tenant's row and the dates their trends share.
#[derive(Clone, Debug, PartialEq)]
pub struct Fleet {
    /// The last [`TREND_DAYS`] dates up to the newest day of any tenant,
    /// oldest first (empty when no tenant has a day). One axis for all:
    /// a tenant whose data stopped shows a line that stops.
    pub trend_dates: Vec<NaiveDate>,
    pub rows: Vec<FleetRow>,
}

/// The fleet of `tenants`, in their order.
pub fn fleet<H: AsRef<TenantHistory>>(tenants: &[H]) -> Fleet {
    let newest = tenants
        .iter()
        .filter_map(|t| t.as_ref().latest().map(|d| d.date))
        .max();
    let trend_dates: Vec<NaiveDate> = newest
        .map(|end| {
            (0..TREND_DAYS as u64)
                .rev()
                .filter_map(|back| end.checked_sub_days(Days::new(back)))
                .collect()
        })
        .unwrap_or_default();
    let rows = tenants
        .iter()
        .enumerate()
        .map(|(index, history)| {
            let history = history.as_ref();
            FleetRow {
                index,
                id: history.tenant.id.clone(),
                name: history.tenant.name.clone(),
                latest: latest(history),
                trend: trend_dates
                    .iter()
                    .map(|d| history.day(*d).map(|day| day.shown().earned))
                    .collect(),
            }
        })
        .collect();
    Fleet { trend_dates, rows }
}

fn latest(history: &TenantHistory) -> Option<Latest> {
    let day = history.latest()?;
    let shown = day.shown();
    Some(Latest {
        date: day.date,
        score: shown.earned,
        possible: shown.possible,
        percent: percent(shown.earned, shown.possible),
        change_7: change(history, 7),
        change_30: change(history, 30),
    })
}

impl FleetRow {
    /// "Name (id)", or whichever of the two is known.
    pub fn label(&self) -> String {
        match (self.name.trim(), self.id.trim()) {
            ("", "") => "Unnamed tenant".to_string(),
            (name, "") => name.to_string(),
            ("", id) => id.to_string(),
            (name, id) => format!("{name} ({id})"),
        }
    }

    /// True when `query` (trimmed, any case) is part of the name or id.
    pub fn matches(&self, query: &str) -> bool {
        let query = query.trim().to_ascii_lowercase();
        query.is_empty()
            || self.name.to_ascii_lowercase().contains(&query)
            || self.id.to_ascii_lowercase().contains(&query)
    }
}

/// A sortable column of the fleet table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Column {
    Tenant,
    Score,
    Possible,
    Percent,
    Change7,
    Change30,
    Newest,
}

impl Column {
    /// Every column, in table order.
    pub const ALL: [Column; 7] = [
        Column::Tenant,
        Column::Score,
        Column::Possible,
        Column::Percent,
        Column::Change7,
        Column::Change30,
        Column::Newest,
    ];

    /// The column's name in a URL (`?sort=`).
    pub fn slug(self) -> &'static str {
        match self {
            Column::Tenant => "tenant",
            Column::Score => "score",
            Column::Possible => "possible",
            Column::Percent => "percent",
            Column::Change7 => "change7",
            Column::Change30 => "change30",
            Column::Newest => "newest",
        }
    }

    pub fn parse(text: &str) -> Option<Column> {
        Column::ALL.into_iter().find(|c| c.slug() == text)
    }

    /// The header text.
    pub fn label(self) -> &'static str {
        match self {
            Column::Tenant => "Tenant",
            Column::Score => "Score",
            Column::Possible => "Points possible",
            Column::Percent => "Percent",
            Column::Change7 => "7-day change",
            Column::Change30 => "30-day change",
            Column::Newest => "Newest data",
        }
    }

    /// The direction a first click sorts in: names A to Z, numbers and
    /// dates largest (newest) first.
    pub fn descending_first(self) -> bool {
        self != Column::Tenant
    }
}

/// Sorts `rows` by `column` (ties keep their order: stable), through
/// [`crate::engine::sort`]. Missing values (no data, a history too short
/// for a change) go last in both directions.
pub fn sort_rows(rows: &mut [FleetRow], column: Column, descending: bool) {
    let number = |row: &FleetRow| -> Option<f64> {
        let l = row.latest.as_ref()?;
        match column {
            Column::Score => Some(l.score),
            Column::Possible => Some(l.possible),
            Column::Percent => Some(l.percent),
            Column::Change7 => l.change_7,
            Column::Change30 => l.change_30,
            Column::Tenant | Column::Newest => None,
        }
    };
    let directed = |order: Ordering| if descending { order.reverse() } else { order };
    sort_by(rows, |a, b| match column {
        Column::Tenant => directed(
            a.label()
                .to_ascii_lowercase()
                .cmp(&b.label().to_ascii_lowercase()),
        ),
        Column::Newest => missing_last(
            a.latest.map(|l| l.date),
            b.latest.map(|l| l.date),
            |x, y| directed(x.cmp(&y)),
        ),
        _ => missing_last(number(a), number(b), |x, y| directed(x.total_cmp(&y))),
    });
}

fn missing_last<T>(a: Option<T>, b: Option<T>, cmp: impl Fn(T, T) -> Ordering) -> Ordering {
    match (a, b) {
        (Some(a), Some(b)) => cmp(a, b),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

#[cfg(test)]
mod tests;
