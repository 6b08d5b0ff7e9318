//! The score an admin sees first, computed in one place for the Overview,
//! the widget, the embedding events and the shared report: the newest
//! day's reported score, the same with the admin's statuses (on the
//! reported scale), and the change over 7 and 30 days.

use chrono::{DateTime, Days, NaiveDate, Utc};

use super::model::{DayScore, Points, TenantHistory, SAME_POINTS};
use super::status::{adjusted_points, Overrides};

/// How far the reported score is from the engine's recomputed one (0 for
/// data without a reported score). Adding it puts a recomputed or
/// projected score on the reported scale, so that "with your statuses"
/// and "if completed" agree with the score as reported.
pub fn reported_offset(day: &DayScore, today: NaiveDate) -> f64 {
    day.shown().earned - adjusted_points(day, &Overrides::new(), today).earned
}

/// The day's score with the admin's statuses, on the reported scale.
pub fn with_statuses(day: &DayScore, overrides: &Overrides, today: NaiveDate) -> Points {
    let adjusted = adjusted_points(day, overrides, today);
    Points {
        earned: adjusted.earned + reported_offset(day, today),
        possible: day.shown().possible,
    }
}

/// How much the newest day's shown score moved since the newest day at
/// least `days` days before it; `None` when the history is not that long.
pub fn change(history: &TenantHistory, days: u64) -> Option<f64> {
    let day = history.latest()?;
    let then = day.date.checked_sub_days(Days::new(days))?;
    let before: &DayScore = history.days.iter().rev().find(|d| d.date <= then)?;
    Some(day.shown().earned - before.shown().earned)
}

/// Everything the score card (and the report's header) shows.
#[derive(Clone, Debug, PartialEq)]
pub struct ScoreSummary {
    /// The day the score is of.
    pub date: NaiveDate,
    /// When the source computed it.
    pub computed_at: Option<DateTime<Utc>>,
    /// The score as the data reports it.
    pub reported: Points,
    /// The score with the admin's statuses applied (equal to `reported`
    /// when they change nothing).
    pub adjusted: Points,
    /// Change of the reported score against 7 and 30 days before `date`;
    /// `None` where the history is shorter.
    pub change_7: Option<f64>,
    pub change_30: Option<f64>,
}

impl ScoreSummary {
    /// The newest day of `history` with the admin's statuses.
    pub fn of(history: &TenantHistory, overrides: &Overrides, today: NaiveDate) -> Option<Self> {
        let adjusted = with_statuses(history.latest()?, overrides, today);
        ScoreSummary::of_latest(history, Some(adjusted))
    }

    /// The summary of the newest day of `history`; `adjusted` is that
    /// day's score with the admin's statuses, when known.
    pub fn of_latest(history: &TenantHistory, adjusted: Option<Points>) -> Option<ScoreSummary> {
        let latest = history.latest()?;
        let reported = latest.shown();
        Some(ScoreSummary {
            date: latest.date,
            computed_at: latest.computed_at,
            reported,
            adjusted: adjusted.unwrap_or(reported),
            change_7: change(history, 7),
            change_30: change(history, 30),
        })
    }

    /// True when the admin's statuses change the score.
    pub fn statuses_change_score(&self) -> bool {
        (self.adjusted.earned - self.reported.earned).abs() > SAME_POINTS
            || (self.adjusted.possible - self.reported.possible).abs() > SAME_POINTS
    }
}
