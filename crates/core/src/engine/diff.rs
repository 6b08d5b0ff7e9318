//! What changed between two days, from the data alone (admin statuses play
//! no part), each change classified:
//! - posture: the tenant did or undid something (earned moved, possible did not);
//! - scope: a control came or went with its service;
//! - catalog: points possible re-weighted, or a control added or retired.
//!
//! Beside them, the controls whose status in Microsoft 365 (Graph
//! `controlStateUpdates`) changed: a change of its own kind, whether or not
//! points moved.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::model::{ControlScore, DayScore, Points, Service, Status, TenantHistory, SAME_POINTS};
use crate::engine::sort::sort_by;
use crate::engine::sort::{map_of, set_of};

/// Why a control's points changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ChangeKind {
    /// The tenant did or undid something: earned changed, possible did not.
    Posture,
    /// The control's service came or went.
    Scope,
    /// Points possible re-weighted, or the control was added or retired.
    Catalog,
}

impl ChangeKind {
    /// Display name.
    pub fn label(self) -> &'static str {
        match self {
            ChangeKind::Posture => "Posture",
            ChangeKind::Scope => "Scope",
            ChangeKind::Catalog => "Catalog",
        }
    }
}

/// One control's points on both days. An added control has `before` 0 of 0,
/// a removed one `after` 0 of 0.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ControlChange {
    pub id: String,
    pub service: Service,
    pub kind: ChangeKind,
    pub before: Points,
    pub after: Points,
}

impl ControlChange {
    /// Points earned after minus before.
    pub fn earned_delta(&self) -> f64 {
        self.after.earned - self.before.earned
    }
}

/// A control whose status in the data changed between the two days.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StateChange {
    pub id: String,
    pub before: Status,
    pub after: Status,
}

/// Totals of one day: the score the pages show and the recomputed sum.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct DayTotals {
    pub shown: Points,
    pub recomputed: Points,
}

impl DayTotals {
    /// The totals of `day`.
    pub fn of(day: &DayScore) -> DayTotals {
        DayTotals {
            shown: day.shown(),
            recomputed: Points {
                earned: day.earned(),
                possible: day.possible(),
            },
        }
    }
}

/// What changed from one day to another. Lists are sorted by id.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DayDiff {
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// Controls of both days whose earned or possible changed.
    pub changed: Vec<ControlChange>,
    /// Controls only on the later day.
    pub added: Vec<ControlChange>,
    /// Controls only on the earlier day.
    pub removed: Vec<ControlChange>,
    /// Controls of both days whose status in the data changed.
    pub states: Vec<StateChange>,
    pub services_added: Vec<Service>,
    pub services_removed: Vec<Service>,
    pub before: DayTotals,
    pub after: DayTotals,
}

impl DayDiff {
    /// Changes that raised points earned (changed, added or removed
    /// controls), largest first.
    pub fn improved(&self) -> Vec<&ControlChange> {
        self.moved(|delta| delta > SAME_POINTS)
    }

    /// Changes that lowered points earned (changed, added or removed
    /// controls), largest drop first.
    pub fn regressed(&self) -> Vec<&ControlChange> {
        self.moved(|delta| delta < -SAME_POINTS)
    }

    fn moved(&self, keep: impl Fn(f64) -> bool) -> Vec<&ControlChange> {
        let mut moved: Vec<&ControlChange> = self
            .changed
            .iter()
            .chain(&self.added)
            .chain(&self.removed)
            .filter(|c| keep(c.earned_delta()))
            .collect();
        sort_by(&mut moved, |a, b| {
            b.earned_delta()
                .abs()
                .total_cmp(&a.earned_delta().abs())
                .then_with(|| a.id.cmp(&b.id))
        });
        moved
    }

    /// True when a service or a control came or went with its service.
    pub fn scope_changed(&self) -> bool {
        !self.services_added.is_empty()
            || !self.services_removed.is_empty()
            || self.all().any(|c| c.kind == ChangeKind::Scope)
    }

    /// True when a control was re-weighted, added or retired by the catalog.
    pub fn catalog_changed(&self) -> bool {
        self.all().any(|c| c.kind == ChangeKind::Catalog)
    }

    fn all(&self) -> impl Iterator<Item = &ControlChange> {
        self.changed.iter().chain(&self.added).chain(&self.removed)
    }
}

/// What changed from the day `from` to the day `to` (normally the earlier
/// first; either order works). None when either date has no day.
pub fn diff(history: &TenantHistory, from: NaiveDate, to: NaiveDate) -> Option<DayDiff> {
    Some(diff_days(history.day(from)?, history.day(to)?))
}

/// What changed from `before` to `after`.
pub fn diff_days(before: &DayScore, after: &DayScore) -> DayDiff {
    let old_services: BTreeSet<&Service> = set_of(&before.services);
    let new_services: BTreeSet<&Service> = set_of(&after.services);
    let services_added: Vec<Service> = new_services
        .difference(&old_services)
        .map(|s| (*s).clone())
        .collect();
    let services_removed: Vec<Service> = old_services
        .difference(&new_services)
        .map(|s| (*s).clone())
        .collect();
    let old_controls = by_id(before);
    let new_controls = by_id(after);

    let mut changed = Vec::new();
    let mut removed = Vec::new();
    let mut states = Vec::new();
    for (id, old) in &old_controls {
        match new_controls.get(id) {
            Some(new) => {
                if old.data_status != new.data_status {
                    states.push(StateChange {
                        id: old.id.clone(),
                        before: old.data_status,
                        after: new.data_status,
                    });
                }
                let earned_moved = moved(old.earned, new.earned);
                let possible_moved = moved(old.possible, new.possible);
                if earned_moved || possible_moved {
                    let kind = if possible_moved {
                        ChangeKind::Catalog
                    } else {
                        ChangeKind::Posture
                    };
                    changed.push(change(old, kind, points(old), points(new)));
                }
            }
            None => {
                let kind = presence_kind(&old.service, &services_removed);
                removed.push(change(old, kind, points(old), Points::default()));
            }
        }
    }
    let added = new_controls
        .iter()
        .filter(|(id, _)| !old_controls.contains_key(*id))
        .map(|(_, new)| {
            let kind = presence_kind(&new.service, &services_added);
            change(new, kind, Points::default(), points(new))
        })
        .collect();

    DayDiff {
        from: before.date,
        to: after.date,
        changed,
        added,
        removed,
        states,
        services_added,
        services_removed,
        before: DayTotals::of(before),
        after: DayTotals::of(after),
    }
}

fn by_id(day: &DayScore) -> BTreeMap<&str, &ControlScore> {
    map_of(day.controls.iter().map(|c| (c.id.as_str(), c)))
}

fn moved(before: f64, after: f64) -> bool {
    (after - before).abs() > SAME_POINTS
}

fn points(control: &ControlScore) -> Points {
    Points {
        earned: control.earned,
        possible: control.possible,
    }
}

fn presence_kind(service: &Service, services_moved: &[Service]) -> ChangeKind {
    if services_moved.contains(service) {
        ChangeKind::Scope
    } else {
        ChangeKind::Catalog
    }
}

fn change(
    control: &ControlScore,
    kind: ChangeKind,
    before: Points,
    after: Points,
) -> ControlChange {
    ControlChange {
        id: control.id.clone(),
        service: control.service.clone(),
        kind,
        before,
        after,
    }
}

/// Markers of one day of the history chart, compared with the day before.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayFlags {
    pub date: NaiveDate,
    /// The shown score (points earned) dropped.
    pub regression: bool,
    /// A service, or a control with its service, came or went.
    pub scope_changed: bool,
    /// A control was re-weighted, added or retired.
    pub catalog_changed: bool,
}

/// One [`DayFlags`] per day of the history, in order; the first day has no
/// flag set.
pub fn day_flags(history: &TenantHistory) -> Vec<DayFlags> {
    let first = history.days.first().map(|day| DayFlags {
        date: day.date,
        regression: false,
        scope_changed: false,
        catalog_changed: false,
    });
    let rest = history.days.windows(2).filter_map(|pair| match pair {
        [before, after] => {
            let diff = diff_days(before, after);
            Some(DayFlags {
                date: after.date,
                regression: after.shown().earned < before.shown().earned - SAME_POINTS,
                scope_changed: diff.scope_changed(),
                catalog_changed: diff.catalog_changed(),
            })
        }
        _ => None,
    });
    first.into_iter().chain(rest).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::model::{Category, ControlState, Reported};

    /// An identity control on `service`, always Partial whatever its points.
    fn control(id: &str, service: Service, earned: f64, possible: f64) -> ControlScore {
        ControlScore {
            service,
            state: ControlState::Partial,
            ..crate::engine::synthetic::control_score(id, Category::Identity, earned, possible)
        }
    }

    fn day(d: u32, services: Vec<Service>, controls: Vec<ControlScore>) -> DayScore {
        let date = NaiveDate::from_ymd_opt(2024, 5, d).unwrap_or_default();
        crate::engine::synthetic::day_score(date, services, controls)
    }

    #[test]
    fn unchanged_days_have_no_changes() {
        let d = day(
            1,
            vec![Service::EntraId],
            vec![control("a", Service::EntraId, 1.0, 2.0)],
        );
        let same = diff_days(&d, &d);
        assert!(same.changed.is_empty() && same.added.is_empty() && same.removed.is_empty());
        assert!(!same.scope_changed() && !same.catalog_changed());
        assert!(same.improved().is_empty() && same.regressed().is_empty());
    }

    #[test]
    fn a_status_change_is_its_own_kind_of_change() {
        let before = day(
            1,
            vec![Service::EntraId],
            vec![
                control("a", Service::EntraId, 1.0, 2.0),
                control("b", Service::EntraId, 0.0, 2.0),
            ],
        );
        let mut after = day(2, vec![Service::EntraId], before.controls.clone());
        after.controls[1].data_status = Status::ThirdParty;
        let changes = diff_days(&before, &after);
        assert_eq!(
            changes.states,
            vec![StateChange {
                id: "b".to_string(),
                before: Status::ToAddress,
                after: Status::ThirdParty
            }]
        );
        // No points moved: no other change.
        assert!(changes.changed.is_empty() && changes.improved().is_empty());
        assert!(diff_days(&before, &before).states.is_empty());
    }

    #[test]
    fn removed_with_its_service_is_scope() {
        let before = day(
            1,
            vec![Service::EntraId, Service::Teams],
            vec![
                control("a", Service::EntraId, 1.0, 2.0),
                control("t", Service::Teams, 3.0, 3.0),
            ],
        );
        let after = day(
            2,
            vec![Service::EntraId],
            vec![control("a", Service::EntraId, 1.0, 2.0)],
        );
        let d = diff_days(&before, &after);
        assert_eq!(d.services_removed, vec![Service::Teams]);
        assert_eq!(d.removed.len(), 1);
        assert_eq!(d.removed.first().map(|c| c.kind), Some(ChangeKind::Scope));
        // t took its 3 earned points with it: a regression of −3.
        let regressed: Vec<(&str, f64)> = d
            .regressed()
            .iter()
            .map(|c| (c.id.as_str(), c.earned_delta()))
            .collect();
        assert_eq!(regressed, vec![("t", -3.0)]);
        assert!(d.scope_changed() && !d.catalog_changed());
    }

    #[test]
    fn totals_keep_shown_and_recomputed() {
        let mut before = day(
            1,
            Vec::new(),
            vec![control("a", Service::EntraId, 1.0, 2.0)],
        );
        before.reported = Some(Reported {
            score: 1.5,
            max: 2.0,
        });
        let after = day(
            2,
            Vec::new(),
            vec![control("a", Service::EntraId, 2.0, 2.0)],
        );
        let d = diff_days(&before, &after);
        assert_eq!(
            d.before.shown,
            Points {
                earned: 1.5,
                possible: 2.0
            }
        );
        assert_eq!(
            d.before.recomputed,
            Points {
                earned: 1.0,
                possible: 2.0
            }
        );
        assert_eq!(
            d.after.shown,
            Points {
                earned: 2.0,
                possible: 2.0
            }
        );
    }
}
