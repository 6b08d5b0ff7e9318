//! One control against one snapshot on one day: points earned, state,
//! progress and a note saying why.

use chrono::{DateTime, TimeDelta, Utc};

use crate::engine::baseline::{Control, Measure};
use crate::engine::model::{ControlScore, ControlState, Progress, Status};
use crate::engine::snapshot::{SettingValue, Snapshot};
use crate::format;

/// How far a control is from done, before points.
struct Outcome {
    /// Share of the points earned, 0 to 1.
    fraction: f64,
    progress: Option<Progress>,
    note: String,
}

impl Outcome {
    fn done(note: String) -> Outcome {
        Outcome {
            fraction: 1.0,
            progress: None,
            note,
        }
    }

    fn not_done(note: String) -> Outcome {
        Outcome {
            fraction: 0.0,
            progress: None,
            note,
        }
    }
}

/// Scores `control` as `snapshot` shows it at the day's cut-off `cutoff_at`.
/// Data that is missing or unusable leaves the control not completed, with
/// a note saying so.
pub(super) fn assess(
    control: &Control,
    snapshot: &Snapshot,
    cutoff_at: DateTime<Utc>,
) -> ControlScore {
    let outcome = match &control.measure {
        Measure::Setting { key, equals } => setting(snapshot, key, equals),
        Measure::Ratio { done, total } => ratio(snapshot, done, total),
        Measure::Threshold {
            key,
            at_least,
            at_most,
        } => threshold(snapshot, key, *at_least, *at_most),
        Measure::Activity { key, within_days } => activity(snapshot, key, *within_days, cutoff_at),
        Measure::NotScored => {
            Outcome::not_done("[Not Scored]: listed for review, earns no points".into())
        }
    };
    let info = &control.info;
    let (possible, state) = if control.measure.is_scored() {
        let state = if outcome.fraction >= 1.0 {
            ControlState::Completed
        } else if outcome.fraction > 0.0 {
            ControlState::Partial
        } else {
            ControlState::NotCompleted
        };
        (info.max_points, state)
    } else {
        (0.0, ControlState::NotScored)
    };
    ControlScore {
        id: info.id.clone(),
        category: info.category,
        service: info.service.clone(),
        earned: possible * outcome.fraction,
        possible,
        state,
        progress: outcome.progress,
        data_status: Status::default(),
        note: outcome.note,
    }
}

/// Completed when setting `key` matches `expected`.
fn setting(snapshot: &Snapshot, key: &str, expected: &SettingValue) -> Outcome {
    match snapshot.settings.get(key) {
        None => Outcome::not_done(format!("setting {key} not reported")),
        Some(value) if value.matches(expected) => Outcome::done(format!("{key} is {value}")),
        Some(value) => Outcome::not_done(format!("{key} is {value}; expected {expected}")),
    }
}

/// Partial credit for count `done_key` out of count `total_key`; a done
/// count above the total counts as the total.
fn ratio(snapshot: &Snapshot, done_key: &str, total_key: &str) -> Outcome {
    let count = |key: &str| snapshot.counts.get(key).copied();
    let (done, total) = match (count(done_key), count(total_key)) {
        (Some(done), Some(total)) => (done, total),
        (None, _) => return Outcome::not_done(format!("count {done_key} not reported")),
        (_, None) => return Outcome::not_done(format!("count {total_key} not reported")),
    };
    if total == 0 {
        return Outcome::not_done(format!("nothing to count: {total_key} is 0"));
    }
    let counted = done.min(total);
    let mut note = format!("{counted} of {total} ({done_key} of {total_key})");
    if done > total {
        note.push_str(&format!(
            "; {done_key} was reported as {done}, more than {total_key}"
        ));
    }
    // counted ≤ total, and converting to f64 keeps the order: at most 1.
    let fraction = counted as f64 / total as f64;
    Outcome {
        fraction,
        progress: Some(Progress {
            done: counted as f64,
            total: total as f64,
        }),
        note,
    }
}

/// Completed when the number in setting `key` is within the bounds.
fn threshold(
    snapshot: &Snapshot,
    key: &str,
    at_least: Option<f64>,
    at_most: Option<f64>,
) -> Outcome {
    let value = match snapshot.settings.get(key) {
        None => return Outcome::not_done(format!("setting {key} not reported")),
        Some(value) => value,
    };
    let Some(number) = value.number() else {
        return Outcome::not_done(format!("{key} is {value}, not a number"));
    };
    let high_enough = at_least.is_none_or(|low| number >= low);
    let low_enough = at_most.is_none_or(|high| number <= high);
    if high_enough && low_enough {
        return Outcome::done(format!("{key} is {number}"));
    }
    let expected = match (at_least, at_most) {
        (Some(low), Some(high)) => format!("between {low} and {high}"),
        (Some(low), None) => format!("at least {low}"),
        (None, Some(high)) => format!("at most {high}"),
        (None, None) => String::new(),
    };
    Outcome::not_done(format!("{key} is {number}; expected {expected}"))
}

/// Completed when activity `key` was last done at most `within_days` days
/// before `cutoff_at` (exactly `within_days` days still counts; a date after
/// the cut-off counts as done).
fn activity(snapshot: &Snapshot, key: &str, within_days: u32, cutoff_at: DateTime<Utc>) -> Outcome {
    let last = match snapshot.activities.get(key) {
        None => return Outcome::not_done(format!("activity {key} not reported")),
        Some(None) => return Outcome::not_done(format!("{key}: never done")),
        Some(Some(last)) => *last,
    };
    let age = cutoff_at.signed_duration_since(last);
    let within = TimeDelta::try_days(i64::from(within_days)).is_some_and(|limit| age <= limit);
    let note = format!(
        "{key} last done {}, {} days before the cut-off; needed within {within_days} days",
        format::date_time(last),
        age.num_days()
    );
    if within {
        Outcome::done(note)
    } else {
        Outcome::not_done(note)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::model::{Category, ControlInfo, Level, Service};
    use std::collections::BTreeMap;

    fn at(text: &str) -> DateTime<Utc> {
        match DateTime::parse_from_rfc3339(text) {
            Ok(at) => at.with_timezone(&Utc),
            Err(error) => panic!("bad test date {text}: {error}"),
        }
    }

    fn control(measure: Measure) -> Control {
        Control {
            info: ControlInfo {
                id: "c".into(),
                title: "C".into(),
                category: Category::Identity,
                service: Service::EntraId,
                max_points: 10.0,
                description: String::new(),
                threats: Vec::new(),
                remediation: String::new(),
                remediation_impact: String::new(),
                action_url: None,
                user_impact: Level::Low,
                implementation_cost: Level::Low,
                tier: String::new(),
                rank: 1,
                scored: measure.is_scored(),
                deprecated: false,
                state_updates: Vec::new(),
            },
            measure,
        }
    }

    fn snapshot() -> Snapshot {
        Snapshot {
            captured_at: at("2026-11-20T08:00:00Z"),
            services: vec![Service::EntraId],
            settings: BTreeMap::from([
                ("on".to_string(), SettingValue::Bool(true)),
                ("level".to_string(), SettingValue::Number(6.0)),
                ("mode".to_string(), SettingValue::Text("Block".into())),
            ]),
            activities: BTreeMap::from([
                ("reviewed".to_string(), Some(at("2026-11-13T09:00:00Z"))),
                ("never".to_string(), None),
            ]),
            counts: BTreeMap::from([
                ("users".to_string(), 50),
                ("registered".to_string(), 37),
                ("none".to_string(), 0),
                ("many".to_string(), 60),
            ]),
        }
    }

    fn score(measure: Measure) -> ControlScore {
        assess(&control(measure), &snapshot(), at("2026-11-20T09:00:00Z"))
    }

    fn setting_is(key: &str, equals: SettingValue) -> Measure {
        Measure::Setting {
            key: key.into(),
            equals,
        }
    }

    fn ratio_of(done: &str, total: &str) -> Measure {
        Measure::Ratio {
            done: done.into(),
            total: total.into(),
        }
    }

    fn between(at_least: Option<f64>, at_most: Option<f64>) -> Measure {
        Measure::Threshold {
            key: "level".into(),
            at_least,
            at_most,
        }
    }

    fn reviewed_within(days: u32) -> Measure {
        Measure::Activity {
            key: "reviewed".into(),
            within_days: days,
        }
    }

    #[test]
    fn settings() {
        let done = score(setting_is("on", SettingValue::Bool(true)));
        assert_eq!((done.earned, done.state), (10.0, ControlState::Completed));
        assert_eq!(done.note, "on is true");
        let off = score(setting_is("on", SettingValue::Bool(false)));
        assert_eq!((off.earned, off.state), (0.0, ControlState::NotCompleted));
        assert_eq!(off.note, "on is true; expected false");
        let text = score(setting_is("mode", SettingValue::Text("block".into())));
        assert_eq!(text.state, ControlState::Completed);
        let missing = score(setting_is("exo.x", SettingValue::Bool(true)));
        assert_eq!(
            (missing.earned, missing.note.as_str()),
            (0.0, "setting exo.x not reported")
        );
    }

    #[test]
    fn ratios_earn_in_proportion() {
        // 10 points × 37/50 = 7.4.
        let partial = score(ratio_of("registered", "users"));
        assert_eq!((partial.earned, partial.possible), (7.4, 10.0));
        assert_eq!(partial.state, ControlState::Partial);
        assert_eq!(
            partial.progress,
            Some(Progress {
                done: 37.0,
                total: 50.0
            })
        );
        assert_eq!(partial.note, "37 of 50 (registered of users)");

        let none = score(ratio_of("none", "users"));
        assert_eq!((none.earned, none.state), (0.0, ControlState::NotCompleted));
        assert_eq!(
            none.progress,
            Some(Progress {
                done: 0.0,
                total: 50.0
            })
        );

        let empty = score(ratio_of("registered", "none"));
        assert_eq!((empty.earned, empty.progress), (0.0, None));
        assert_eq!(empty.note, "nothing to count: none is 0");

        // 60 of 50 counts as 50 of 50.
        let over = score(ratio_of("many", "users"));
        assert_eq!((over.earned, over.state), (10.0, ControlState::Completed));
        assert_eq!(
            over.progress,
            Some(Progress {
                done: 50.0,
                total: 50.0
            })
        );
        assert_eq!(
            over.note,
            "50 of 50 (many of users); many was reported as 60, more than users"
        );

        assert_eq!(score(ratio_of("x", "users")).note, "count x not reported");
        assert_eq!(
            score(ratio_of("registered", "y")).note,
            "count y not reported"
        );
    }

    #[test]
    fn thresholds_include_their_bounds() {
        // level is 6.
        let state = |measure| score(measure).state;
        assert_eq!(state(between(None, Some(6.0))), ControlState::Completed);
        assert_eq!(state(between(None, Some(5.0))), ControlState::NotCompleted);
        assert_eq!(state(between(Some(6.0), None)), ControlState::Completed);
        assert_eq!(state(between(Some(7.0), None)), ControlState::NotCompleted);
        assert_eq!(
            state(between(Some(1.0), Some(30.0))),
            ControlState::Completed
        );
        assert_eq!(
            score(between(Some(7.0), Some(30.0))).note,
            "level is 6; expected between 7 and 30"
        );
        let text = score(Measure::Threshold {
            key: "mode".into(),
            at_least: Some(1.0),
            at_most: None,
        });
        assert_eq!(
            (text.state, text.note.as_str()),
            (
                ControlState::NotCompleted,
                "mode is \"Block\", not a number"
            )
        );
    }

    #[test]
    fn activities_count_within_their_window() {
        // Reviewed 2026-11-13 09:00, cut-off 2026-11-20 09:00: exactly 7 days.
        let week = score(reviewed_within(7));
        assert_eq!(week.state, ControlState::Completed);
        assert_eq!(
            week.note,
            "reviewed last done 13 Nov 2026, 09:00 UTC, 7 days before the cut-off; needed within 7 days"
        );
        assert_eq!(score(reviewed_within(6)).state, ControlState::NotCompleted);
        let never = score(Measure::Activity {
            key: "never".into(),
            within_days: 30,
        });
        assert_eq!(
            (never.state, never.note.as_str()),
            (ControlState::NotCompleted, "never: never done")
        );
        let unknown = score(Measure::Activity {
            key: "x".into(),
            within_days: 30,
        });
        assert_eq!(unknown.note, "activity x not reported");
    }

    #[test]
    fn not_scored_earns_and_weighs_nothing() {
        let listed = score(Measure::NotScored);
        assert_eq!((listed.earned, listed.possible), (0.0, 0.0));
        assert_eq!(listed.state, ControlState::NotScored);
    }
}
