//! Tenant snapshots × baseline catalog → one score per day.
//!
//! Rules:
//! - A day's score reflects the latest snapshot captured strictly before
//!   that day's cut-off ([`Cutoff`], 09:00 UTC by default); a day with no new
//!   snapshot carries the previous one forward (activities still age).
//! - Days run from the first snapshot's first cut-off to the last
//!   snapshot's first cut-off, one per calendar day: a snapshot captured
//!   at 10:00 UTC adds the next day. At most [`MAX_DAYS`] days are kept
//!   (the newest), with a warning.
//! - A control applies when its service is among the snapshot's services;
//!   the others are excluded with the reason. [Not Scored] controls are
//!   listed with 0 points possible.
//! - Snapshots captured at the same instant: the later in the file wins.

mod assess;
mod cutoff;

use std::collections::BTreeSet;

use chrono::{DateTime, Days, NaiveDate, Utc};

use crate::engine::baseline::{Catalog, Measure};
use crate::engine::model::{DayScore, Exclusion, Origin, Service, TenantHistory};
use crate::engine::snapshot::{quoted, Snapshot, SnapshotFile};
use crate::engine::sort::set_of;
use crate::engine::sort::sort_by_key;
use crate::format;

pub use cutoff::Cutoff;

/// The most days one history holds (about ten years).
pub const MAX_DAYS: u64 = 3660;

/// The count key a snapshot reports licensed users with.
pub const LICENSED_USERS: &str = "licensedUsers";
/// The count key a snapshot reports active users with.
pub const ACTIVE_USERS: &str = "activeUsers";

/// How many unknown service names a warning lists.
const SERVICES_LISTED: usize = 5;

/// Scores every day of `file` against `catalog`. Never fails: a file
/// without snapshots gives a history without days.
pub fn evaluate(file: &SnapshotFile, catalog: &Catalog, cutoff: Cutoff) -> TenantHistory {
    let mut snapshots: Vec<(NaiveDate, &Snapshot)> = file
        .snapshots
        .iter()
        .filter_map(|s| cutoff.first_day_after(s.captured_at).map(|day| (day, s)))
        .collect();
    sort_by_key(&mut snapshots, |(_, s)| s.captured_at);
    let mut warnings = Vec::new();
    warnings.extend(unknown_services_warning(&snapshots, catalog));
    let days = match (snapshots.first(), snapshots.last()) {
        (Some(&(first, _)), Some(&(last, _))) => {
            let start = capped_start(first, last, &mut warnings);
            daily_scores(&snapshots, start, last, catalog, cutoff)
        }
        _ => Vec::new(),
    };
    TenantHistory {
        tenant: file.tenant.clone(),
        origin: Origin::Snapshots,
        days,
        controls: catalog.info(),
        warnings,
    }
}

/// The first day kept: `first`, or the start of the last [`MAX_DAYS`] days
/// (with a warning) when the snapshots span more.
fn capped_start(first: NaiveDate, last: NaiveDate, warnings: &mut Vec<String>) -> NaiveDate {
    match last.checked_sub_days(Days::new(MAX_DAYS - 1)) {
        Some(start) if start > first => {
            let span = (last - first).num_days().saturating_add(1);
            warnings.push(format!(
                "The snapshots span {span} days, from {} to {}: only the last \
                 {MAX_DAYS} days, from {}, are scored.",
                format::date(first),
                format::date(last),
                format::date(start)
            ));
            start
        }
        _ => first,
    }
}

/// One score per day from `start` to `last`, each from the latest snapshot
/// first scored on or before that day. `snapshots` are sorted by capture.
fn daily_scores(
    snapshots: &[(NaiveDate, &Snapshot)],
    start: NaiveDate,
    last: NaiveDate,
    catalog: &Catalog,
    cutoff: Cutoff,
) -> Vec<DayScore> {
    let mut days: Vec<DayScore> = Vec::new();
    let mut next = 0;
    let mut current: Option<&Snapshot> = None;
    // How many snapshots were taken in when the last day was scored.
    let mut last_scored_with = None;
    let mut day = start;
    loop {
        while let Some(&(first_day, snapshot)) = snapshots.get(next) {
            if first_day > day {
                break;
            }
            current = Some(snapshot);
            next += 1;
        }
        if let Some(snapshot) = current {
            let at = cutoff.instant(day);
            let score = match days.last() {
                Some(previous) if last_scored_with == Some(next) => {
                    carried_forward(previous, day, at, snapshot, catalog)
                }
                _ => day_score(day, at, snapshot, catalog),
            };
            days.push(score);
            last_scored_with = Some(next);
        }
        match day.succ_opt() {
            Some(following) if day < last => day = following,
            _ => break,
        }
    }
    days
}

/// The score of `date`, computed at its cut-off `at` from `snapshot`.
fn day_score(
    date: NaiveDate,
    at: DateTime<Utc>,
    snapshot: &Snapshot,
    catalog: &Catalog,
) -> DayScore {
    let services: BTreeSet<&Service> = set_of(&snapshot.services);
    let mut controls = Vec::new();
    let mut excluded = Vec::new();
    for control in catalog.controls() {
        if services.contains(&control.info.service) {
            controls.push(assess::assess(control, snapshot, at));
        } else {
            excluded.push(Exclusion {
                id: control.info.id.clone(),
                reason: format!(
                    "{} is not among the tenant's services",
                    control.info.service.label()
                ),
            });
        }
    }
    DayScore {
        date,
        computed_at: Some(at),
        services: services.into_iter().cloned().collect(),
        controls,
        excluded,
        reported: None,
        comparisons: Vec::new(),
        licensed_users: snapshot.counts.get(LICENSED_USERS).copied(),
        active_users: snapshot.counts.get(ACTIVE_USERS).copied(),
    }
}

/// `previous`, scored from the same `snapshot`, moved to `date`: only the
/// activities, which age, are assessed again.
fn carried_forward(
    previous: &DayScore,
    date: NaiveDate,
    at: DateTime<Utc>,
    snapshot: &Snapshot,
    catalog: &Catalog,
) -> DayScore {
    let mut day = previous.clone();
    day.date = date;
    day.computed_at = Some(at);
    let activities = catalog
        .controls()
        .iter()
        .filter(|c| matches!(c.measure, Measure::Activity { .. }));
    for control in activities {
        let id = control.info.id.as_str();
        if let Ok(index) = day.controls.binary_search_by(|c| c.id.as_str().cmp(id)) {
            if let Some(score) = day.controls.get_mut(index) {
                *score = assess::assess(control, snapshot, at);
            }
        }
    }
    day
}

/// A warning naming the services the snapshots list that neither this
/// build nor the catalog knows (likely misspelt: their controls would be
/// excluded).
fn unknown_services_warning(
    snapshots: &[(NaiveDate, &Snapshot)],
    catalog: &Catalog,
) -> Option<String> {
    let known: BTreeSet<&Service> = set_of(catalog.controls().iter().map(|c| &c.info.service));
    let unknown: BTreeSet<&str> = set_of(
        snapshots
            .iter()
            .flat_map(|(_, s)| &s.services)
            .filter(|service| matches!(service, Service::Other(_)) && !known.contains(service))
            .map(Service::label),
    );
    if unknown.is_empty() {
        return None;
    }
    let mut listed: Vec<String> = unknown
        .iter()
        .take(SERVICES_LISTED)
        .map(|name| quoted(name))
        .collect();
    if unknown.len() > SERVICES_LISTED {
        listed.push(format!("and {} more", unknown.len() - SERVICES_LISTED));
    }
    Some(format!(
        "The snapshots name services that no catalog control belongs to: {}. Check their \
         spelling (for example \"Exchange Online\", \"EXO\").",
        listed.join(", ")
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::model::TenantInfo;

    fn date(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap_or_else(|e| panic!("{text}: {e}"))
    }

    fn snapshot(captured_at: &str, services: Vec<Service>) -> Snapshot {
        Snapshot {
            captured_at: DateTime::parse_from_rfc3339(captured_at)
                .map(|at| at.with_timezone(&Utc))
                .unwrap_or_else(|e| panic!("{captured_at}: {e}")),
            services,
            settings: Default::default(),
            activities: Default::default(),
            counts: Default::default(),
        }
    }

    fn builtin_file(snapshots: Vec<Snapshot>) -> SnapshotFile {
        SnapshotFile {
            tenant: TenantInfo::default(),
            snapshots,
            cutoff: None,
        }
    }

    #[test]
    fn spans_up_to_max_days_are_kept_whole() {
        let mut warnings = Vec::new();
        let last = date("2026-11-20");
        // 3659 days before 2026-11-20 is 2016-11-13: exactly MAX_DAYS days.
        assert_eq!(
            capped_start(date("2016-11-13"), last, &mut warnings),
            date("2016-11-13")
        );
        assert!(warnings.is_empty());
        assert_eq!(
            capped_start(date("2016-11-12"), last, &mut warnings),
            date("2016-11-13")
        );
        assert_eq!(
            warnings,
            [
                "The snapshots span 3661 days, from 12 Nov 2016 to 20 Nov 2026: only the last 3660 \
              days, from 13 Nov 2016, are scored."
            ]
        );
    }

    #[test]
    fn snapshots_past_the_last_date_are_skipped() {
        let mut last = snapshot("2026-11-20T08:00:00Z", vec![Service::EntraId]);
        last.captured_at = DateTime::<Utc>::MAX_UTC;
        let file = builtin_file(vec![
            snapshot("2026-11-20T08:00:00Z", vec![Service::EntraId]),
            last,
        ]);
        let history = evaluate(&file, &Catalog::builtin(), Cutoff::default());
        assert_eq!(history.days.len(), 1);
    }

    #[test]
    fn carried_forward_days_equal_days_scored_afresh() {
        let file = crate::engine::demo::demo_snapshots(crate::engine::demo::STORY_TODAY);
        let catalog = Catalog::builtin();
        let cutoff = Cutoff::default();
        let history = evaluate(&file, &catalog, cutoff);
        for day in &history.days {
            let at = cutoff.instant(day.date);
            let latest = file.snapshots.iter().rfind(|s| s.captured_at < at);
            let Some(snapshot) = latest else {
                panic!("no snapshot before {at}")
            };
            assert_eq!(*day, day_score(day.date, at, snapshot, &catalog));
        }
    }

    #[test]
    fn unknown_services_are_listed_up_to_five() {
        let names = ["A", "B", "C", "D", "E", "F", "G"];
        let services = names
            .iter()
            .map(|name| Service::Other((*name).into()))
            .collect();
        let file = builtin_file(vec![snapshot("2026-11-20T08:00:00Z", services)]);
        let history = evaluate(&file, &Catalog::builtin(), Cutoff::default());
        assert_eq!(
            history.warnings,
            [
                "The snapshots name services that no catalog control belongs to: \"A\", \"B\", \
              \"C\", \"D\", \"E\", and 2 more. Check their spelling (for example \"Exchange \
              Online\", \"EXO\")."
            ]
        );
        // Every builtin control is excluded: none of its services is there.
        let day = &history.days[0];
        assert!(day.controls.is_empty());
        assert_eq!(day.excluded.len(), Catalog::builtin().controls().len());
    }
}
