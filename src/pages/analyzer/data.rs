//! What the analyzer computes once per loaded history (the chart's days,
//! their flags, the comparison bases) and once per selection (a day's
//! breakdown, the changes between two days).

use std::ops::Deref;
use std::sync::Arc;

use chrono::NaiveDate;

use crate::chart::{ChartDay, MAX_AVERAGES};
use crate::engine::diff::day_flags;
use crate::engine::model::TenantHistory;

/// An `Arc` compared by identity, so memos holding big values compare in
/// O(1) (the history is replaced, never mutated, when data changes).
#[derive(Debug)]
pub struct Shared<T>(pub Arc<T>);

impl<T> Clone for Shared<T> {
    fn clone(&self) -> Self {
        Shared(Arc::clone(&self.0))
    }
}

impl<T> PartialEq for Shared<T> {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl<T> Deref for Shared<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

/// The whole history, ready for the chart.
#[derive(Debug)]
pub struct Prepared {
    pub history: Arc<TenantHistory>,
    /// One per day of the history, same order.
    pub days: Vec<ChartDay>,
    /// The comparison bases drawn, by index of `ChartDay::averages`: their
    /// labels come from the data (untrusted), shown only as HTML text.
    pub bases: Vec<String>,
}

impl Prepared {
    pub fn new(history: Arc<TenantHistory>) -> Prepared {
        let mut keys: Vec<String> = Vec::new();
        let mut bases: Vec<String> = Vec::new();
        for day in &history.days {
            for c in &day.comparisons {
                match keys.iter().position(|k| *k == c.basis) {
                    Some(i) => bases[i] = label(&c.label, &c.basis),
                    None if keys.len() < MAX_AVERAGES => {
                        keys.push(c.basis.clone());
                        bases.push(label(&c.label, &c.basis));
                    }
                    None => {}
                }
            }
        }
        let flags = day_flags(&history);
        let days = history
            .days
            .iter()
            .zip(flags)
            .map(|(day, flags)| {
                let shown = day.shown();
                ChartDay {
                    date: day.date,
                    score: shown.earned,
                    possible: shown.possible,
                    averages: keys
                        .iter()
                        .map(|k| {
                            day.comparisons
                                .iter()
                                .find(|c| c.basis == *k)
                                .map(|c| c.average_score)
                        })
                        .collect(),
                    regression: flags.regression,
                    scope_change: flags.scope_changed,
                    catalog_change: flags.catalog_changed,
                }
            })
            .collect();
        Prepared {
            history,
            days,
            bases,
        }
    }

    /// Index of the day with this date.
    pub fn index_of(&self, date: NaiveDate) -> Option<usize> {
        self.days.binary_search_by(|d| d.date.cmp(&date)).ok()
    }

    /// The days from `from` to `to` (inclusive) as an index range.
    pub fn window(&self, from: NaiveDate, to: NaiveDate) -> std::ops::Range<usize> {
        let start = self.days.partition_point(|d| d.date < from);
        let end = self.days.partition_point(|d| d.date <= to);
        start..end.max(start)
    }

    pub fn first(&self) -> Option<NaiveDate> {
        self.days.first().map(|d| d.date)
    }

    pub fn last(&self) -> Option<NaiveDate> {
        self.days.last().map(|d| d.date)
    }
}

fn label(label: &str, basis: &str) -> String {
    if label.trim().is_empty() {
        basis.to_string()
    } else {
        label.to_string()
    }
}
