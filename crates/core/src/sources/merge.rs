//! Building a tenant's history up across imports: histories are kept apart
//! by [`tenant_key`] and merged day by day, so that the browser keeps more
//! days than a source does (Graph keeps 90).
//!
//! Rules:
//! - A day present in both keeps the one computed last (`computed_at`);
//!   on a tie, or when neither says, the newer import's.
//! - Control details: the newer import's, except where it only has a
//!   placeholder (its title is its id, e.g. Graph scores imported without
//!   their control profiles) and the older one has a real title.
//! - Merging a history with itself changes nothing.
//! - At most [`MAX_DAYS`] days are kept: the newest.

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::NaiveDate;

use crate::engine::evaluate::MAX_DAYS;
use crate::engine::model::{ControlInfo, DayScore, Origin, TenantHistory, TenantInfo};
use crate::engine::sort::map_of;

/// Histories of the same tenant and origin share a key: scores from Graph
/// and scores evaluated from snapshots are not comparable and are kept
/// apart. The id (or, without one, the name) is compared case-insensitively.
pub fn tenant_key(history: &TenantHistory) -> String {
    let origin = match history.origin {
        Origin::Graph => "graph",
        Origin::Snapshots => "snapshots",
    };
    let id = history.tenant.id.trim();
    let name = history.tenant.name.trim();
    let who = if !id.is_empty() {
        format!("id:{}", id.to_ascii_lowercase())
    } else if !name.is_empty() {
        format!("name:{}", name.to_ascii_lowercase())
    } else {
        "unnamed".to_string()
    };
    format!("{origin}/{who}")
}

/// Names `history` after `organization` (Graph's `/organization`) when it is
/// that tenant's and its data named none: Graph's secureScores carry only
/// the tenant's id.
pub fn name_after(history: &mut TenantHistory, organization: &TenantInfo) {
    let same = history
        .tenant
        .id
        .trim()
        .eq_ignore_ascii_case(organization.id.trim());
    if same && history.tenant.name.trim().is_empty() {
        history.tenant.name = organization.name.trim().to_string();
    }
}

/// `older` and `newer` (of the same tenant) as one history. Takes both by
/// value: days and controls move, nothing is copied.
pub fn merge(older: TenantHistory, newer: TenantHistory) -> TenantHistory {
    let mut days: BTreeMap<NaiveDate, DayScore> =
        map_of(older.days.into_iter().map(|d| (d.date, d)));
    for day in newer.days {
        let keep_old =
            days.get(&day.date)
                .is_some_and(|old| match (old.computed_at, day.computed_at) {
                    (Some(old), Some(new)) => old > new,
                    _ => false,
                });
        if !keep_old {
            days.insert(day.date, day);
        }
    }
    let mut days: Vec<DayScore> = days.into_values().collect();
    let cap = usize::try_from(MAX_DAYS).unwrap_or(usize::MAX);
    if days.len() > cap {
        days.drain(..days.len() - cap);
    }

    let mut controls: BTreeMap<String, ControlInfo> =
        map_of(older.controls.into_iter().map(|c| (c.id.clone(), c)));
    for info in newer.controls {
        let placeholder = info.title.trim() == info.id;
        let keep_old = placeholder
            && controls
                .get(&info.id)
                .is_some_and(|old| old.title.trim() != old.id);
        if !keep_old {
            controls.insert(info.id.clone(), info);
        }
    }
    let controls = controls.into_values().collect();

    let mut tenant = newer.tenant;
    if tenant.name.trim().is_empty() {
        tenant.name = older.tenant.name;
    }
    if tenant.id.trim().is_empty() {
        tenant.id = older.tenant.id;
    }
    let mut warnings = newer.warnings;
    warnings.dedup();
    TenantHistory {
        tenant,
        origin: newer.origin,
        days,
        controls,
        warnings,
    }
}

/// Merges every history of `incoming` into `stored`, by tenant key: the
/// result has one history per key, in `stored`'s order with new tenants
/// after. Returns the keys `incoming` touched, in its order. A stored
/// history is copied only when it is merged into and shared elsewhere.
pub fn merge_all(
    stored: &mut Vec<Arc<TenantHistory>>,
    incoming: Vec<TenantHistory>,
) -> Vec<String> {
    let mut touched = Vec::new();
    for history in incoming {
        let key = tenant_key(&history);
        match stored.iter().position(|h| tenant_key(h) == key) {
            Some(index) => {
                let older = Arc::unwrap_or_clone(stored.remove(index));
                stored.insert(index, Arc::new(merge(older, history)));
            }
            None => stored.push(Arc::new(history)),
        }
        if !touched.contains(&key) {
            touched.push(key);
        }
    }
    touched
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::model::{Category, Level, Service};
    use chrono::{TimeZone, Utc};

    fn day(date: &str, hour: Option<u32>, score: f64) -> DayScore {
        let date: NaiveDate = date.parse().unwrap();
        DayScore {
            date,
            computed_at: hour.map(|h| Utc.from_utc_datetime(&date.and_hms_opt(h, 0, 0).unwrap())),
            services: Vec::new(),
            controls: Vec::new(),
            excluded: Vec::new(),
            reported: Some(crate::engine::model::Reported { score, max: 100.0 }),
            comparisons: Vec::new(),
            licensed_users: None,
            active_users: None,
        }
    }

    fn info(id: &str, title: &str) -> ControlInfo {
        ControlInfo {
            id: id.into(),
            title: title.into(),
            category: Category::Identity,
            service: Service::EntraId,
            max_points: 1.0,
            description: String::new(),
            threats: Vec::new(),
            remediation: String::new(),
            remediation_impact: String::new(),
            action_url: None,
            user_impact: Level::Low,
            implementation_cost: Level::Low,
            tier: String::new(),
            rank: 0,
            scored: true,
            deprecated: false,
            state_updates: Vec::new(),
        }
    }

    fn history(id: &str, days: Vec<DayScore>, controls: Vec<ControlInfo>) -> TenantHistory {
        TenantHistory {
            tenant: TenantInfo {
                id: id.into(),
                name: String::new(),
            },
            origin: Origin::Graph,
            days,
            controls,
            warnings: Vec::new(),
        }
    }

    fn scores(h: &TenantHistory) -> Vec<(String, f64)> {
        h.days
            .iter()
            .map(|d| (d.date.to_string(), d.reported.map_or(-1.0, |r| r.score)))
            .collect()
    }

    #[test]
    fn overlapping_days_are_a_union_and_the_newest_computation_wins() {
        let older = history(
            "t",
            vec![
                day("2026-01-01", Some(1), 10.0),
                day("2026-01-02", Some(1), 20.0),
                day("2026-01-03", Some(5), 30.0),
            ],
            vec![info("A", "Alpha")],
        );
        let newer = history(
            "t",
            vec![
                day("2026-01-02", Some(3), 21.0),
                day("2026-01-03", Some(2), 99.0),
                day("2026-01-04", None, 40.0),
            ],
            vec![info("A", "A"), info("B", "Beta")],
        );
        let merged = merge(older, newer);
        assert_eq!(
            scores(&merged),
            [
                ("2026-01-01".into(), 10.0),
                ("2026-01-02".into(), 21.0),
                ("2026-01-03".into(), 30.0),
                ("2026-01-04".into(), 40.0),
            ]
        );
        // A placeholder title does not replace a real one.
        let titles: Vec<&str> = merged.controls.iter().map(|c| c.title.as_str()).collect();
        assert_eq!(titles, ["Alpha", "Beta"]);
    }

    #[test]
    fn merging_the_same_data_twice_changes_nothing() {
        let h = history(
            "t",
            vec![
                day("2026-01-01", Some(1), 10.0),
                day("2026-01-02", None, 5.0),
            ],
            vec![info("A", "Alpha"), info("B", "B")],
        );
        assert_eq!(merge(h.clone(), h.clone()), h);
        let mut stored = vec![Arc::new(h.clone())];
        let touched = merge_all(&mut stored, vec![h.clone()]);
        assert_eq!(stored, vec![Arc::new(h)]);
        assert_eq!(touched, ["graph/id:t"]);
    }

    #[test]
    fn tenants_and_origins_are_kept_apart() {
        let a = history("A", vec![day("2026-01-01", None, 1.0)], Vec::new());
        let b = history("b", vec![day("2026-01-01", None, 2.0)], Vec::new());
        let a_again = history(" a ", vec![day("2026-01-02", None, 3.0)], Vec::new());
        let mut snap = history("a", vec![day("2026-01-05", None, 4.0)], Vec::new());
        snap.origin = Origin::Snapshots;
        let mut stored = Vec::new();
        let touched = merge_all(&mut stored, vec![a, b, a_again, snap]);
        assert_eq!(touched, ["graph/id:a", "graph/id:b", "snapshots/id:a"]);
        assert_eq!(stored.len(), 3);
        assert_eq!(stored[0].days.len(), 2);
        let mut unnamed = history("", Vec::new(), Vec::new());
        assert_eq!(tenant_key(&unnamed), "graph/unnamed");
        unnamed.tenant.name = "Contoso".into();
        assert_eq!(tenant_key(&unnamed), "graph/name:contoso");
    }

    #[test]
    fn the_newest_days_are_kept_up_to_the_cap() {
        let start: NaiveDate = "2000-01-01".parse().unwrap();
        let days: Vec<DayScore> = (0..MAX_DAYS + 5)
            .map(|i| day(&(start + chrono::Days::new(i)).to_string(), None, 1.0))
            .collect();
        let last = days.last().unwrap().date;
        let merged = merge(
            history("t", Vec::new(), Vec::new()),
            history("t", days, Vec::new()),
        );
        assert_eq!(merged.days.len() as u64, MAX_DAYS);
        assert_eq!(merged.days.last().unwrap().date, last);
    }

    #[test]
    fn organization_names_its_own_unnamed_tenant_only() {
        let organization = TenantInfo {
            id: "T-1".into(),
            name: " Contoso Ltd ".into(),
        };
        let mut unnamed = history("t-1", Vec::new(), Vec::new());
        name_after(&mut unnamed, &organization);
        assert_eq!(unnamed.tenant.name, "Contoso Ltd");
        let mut named = unnamed.clone();
        named.tenant.name = "Kept".into();
        name_after(&mut named, &organization);
        assert_eq!(named.tenant.name, "Kept");
        let mut other = history("t-2", Vec::new(), Vec::new());
        name_after(&mut other, &organization);
        assert_eq!(other.tenant.name, "");
    }
}
