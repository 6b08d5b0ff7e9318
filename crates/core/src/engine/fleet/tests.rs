use std::sync::Arc;

use chrono::NaiveDate;

use super::gaps::control_gaps;
use super::*;
use crate::engine::model::{
    Category, ControlInfo, Origin, Reported, Service, TenantHistory, TenantInfo,
};
use crate::engine::synthetic::{control_score, day_score};

fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

/// A tenant whose days (date, reported score of 100 possible) are given,
/// each day with `controls` as (id, earned, possible).
fn tenant(
    id: &str,
    name: &str,
    days: &[(&str, f64)],
    controls: &[(&str, f64, f64)],
) -> Arc<TenantHistory> {
    let days = days
        .iter()
        .map(|(d, score)| {
            let cs = controls
                .iter()
                .map(|(c, e, p)| control_score(c, Category::Identity, *e, *p))
                .collect();
            let mut day = day_score(date(d), vec![Service::EntraId], cs);
            day.reported = Some(Reported {
                score: *score,
                max: 100.0,
            });
            day
        })
        .collect();
    let mut info = ControlInfo::untitled("MFA", Category::Identity, Service::EntraId);
    info.title = "Require MFA".to_string();
    Arc::new(TenantHistory {
        tenant: TenantInfo {
            id: id.to_string(),
            name: name.to_string(),
        },
        origin: Origin::Graph,
        days,
        controls: vec![info],
        warnings: Vec::new(),
    })
}

fn three() -> Vec<Arc<TenantHistory>> {
    vec![
        tenant(
            "t-a",
            "Contoso",
            &[
                ("2026-11-01", 40.0),
                ("2026-11-24", 50.0),
                ("2026-12-01", 55.0),
            ],
            &[
                ("MFA", 0.0, 10.0),
                ("Audit", 5.0, 5.0),
                ("Legacy", 1.0, 4.0),
            ],
        ),
        tenant(
            "t-b",
            "Fabrikam",
            &[("2026-11-20", 70.0), ("2026-11-28", 72.5)],
            &[
                ("MFA", 10.0, 10.0),
                ("Audit", 0.0, 5.0),
                ("Legacy", 0.0, 4.0),
            ],
        ),
        tenant("t-c", "", &[], &[]),
    ]
}

#[test]
fn each_tenant_has_its_newest_score_and_its_changes() {
    let fleet = fleet(&three());
    let a = &fleet.rows[0];
    assert_eq!(
        (a.index, a.id.as_str(), a.label().as_str()),
        (0, "t-a", "Contoso (t-a)")
    );
    let l = a.latest.unwrap();
    assert_eq!(
        (l.date, l.score, l.possible),
        (date("2026-12-01"), 55.0, 100.0)
    );
    assert!((l.percent - 55.0).abs() < 1e-9);
    // 7 days before 1 Dec is 24 Nov; 30 days before is 1 Nov.
    assert_eq!((l.change_7, l.change_30), (Some(5.0), Some(15.0)));
    let b = fleet.rows[1].latest.unwrap();
    // 7 days before 28 Nov is 21 Nov: the newest day on or before it is 20 Nov.
    assert_eq!((b.score, b.change_7, b.change_30), (72.5, Some(2.5), None));
    assert_eq!(fleet.rows[2].latest, None);
    assert_eq!(fleet.rows[2].label(), "t-c");
}

#[test]
fn trends_share_the_fleets_last_thirty_days() {
    let fleet = fleet(&three());
    assert_eq!(fleet.trend_dates.len(), TREND_DAYS);
    assert_eq!(fleet.trend_dates.first(), Some(&date("2026-11-02")));
    assert_eq!(fleet.trend_dates.last(), Some(&date("2026-12-01")));
    let a = &fleet.rows[0].trend;
    assert_eq!(a.iter().flatten().count(), 2);
    assert_eq!(a.last(), Some(&Some(55.0)));
    // Fabrikam's data stops on 28 Nov: three empty days end its trend.
    let b = &fleet.rows[1].trend;
    assert_eq!(&b[TREND_DAYS - 4..], &[Some(72.5), None, None, None]);
    assert!(fleet.rows[2].trend.iter().all(Option::is_none));
    assert_eq!(
        super::fleet::<Arc<TenantHistory>>(&[]).trend_dates,
        Vec::new()
    );
}

#[test]
fn sorting_by_every_column_keeps_missing_values_last() {
    let rows = fleet(&three()).rows;
    let order = |column, descending| {
        let mut rows = rows.clone();
        sort_rows(&mut rows, column, descending);
        rows.iter()
            .map(|r| r.id.as_str())
            .collect::<Vec<_>>()
            .join(",")
    };
    assert_eq!(order(Column::Score, true), "t-b,t-a,t-c");
    assert_eq!(order(Column::Score, false), "t-a,t-b,t-c");
    assert_eq!(order(Column::Percent, true), "t-b,t-a,t-c");
    assert_eq!(order(Column::Change7, false), "t-b,t-a,t-c");
    assert_eq!(order(Column::Change30, false), "t-a,t-b,t-c");
    assert_eq!(order(Column::Change30, true), "t-a,t-b,t-c");
    assert_eq!(order(Column::Newest, true), "t-a,t-b,t-c");
    assert_eq!(order(Column::Newest, false), "t-b,t-a,t-c");
    // By label, any case: "Contoso (t-a)", "Fabrikam (t-b)", "t-c".
    assert_eq!(order(Column::Tenant, false), "t-a,t-b,t-c");
    assert_eq!(order(Column::Tenant, true), "t-c,t-b,t-a");
    // Equal possible points: the stable sort keeps the fleet's order.
    assert_eq!(order(Column::Possible, true), "t-a,t-b,t-c");
}

#[test]
fn columns_round_trip_through_their_slugs() {
    for column in Column::ALL {
        assert_eq!(Column::parse(column.slug()), Some(column));
    }
    assert_eq!(Column::parse("nonsense"), None);
}

#[test]
fn the_filter_matches_name_or_id_in_any_case() {
    let rows = fleet(&three()).rows;
    let kept = |q: &str| {
        rows.iter()
            .filter(|r| r.matches(q))
            .map(|r| r.id.as_str())
            .collect::<Vec<_>>()
    };
    assert_eq!(kept("  FABRI "), ["t-b"]);
    assert_eq!(kept("t-"), ["t-a", "t-b", "t-c"]);
    assert_eq!(kept(""), ["t-a", "t-b", "t-c"]);
    assert!(kept("nowhere").is_empty());
}

#[test]
fn the_filter_folds_ascii_letters_and_matches_others_as_written() {
    let row = FleetRow {
        index: 0,
        id: "T-X".into(),
        name: "Ölwerk GmbH".into(),
        latest: None,
        trend: Vec::new(),
    };
    assert!(row.matches("GMBH"));
    assert!(row.matches("t-x"));
    assert!(row.matches("Ölwerk"));
    // Unicode case tables stay out of the wasm (clippy.toml).
    assert!(!row.matches("ölwerk"));
}

#[test]
fn gaps_rank_controls_by_tenants_missing_then_points() {
    let gaps = control_gaps(&three());
    let summary: Vec<_> = gaps
        .iter()
        .map(|g| (g.id.as_str(), g.missing.len(), g.applies, g.points))
        .collect();
    // Legacy: missing in both (3 + 4 points); MFA and Audit in one each,
    // MFA bringing more.
    assert_eq!(
        summary,
        [
            ("Legacy", 2, 2, 7.0),
            ("MFA", 1, 2, 10.0),
            ("Audit", 1, 2, 5.0)
        ]
    );
    assert_eq!(gaps[1].title, "Require MFA");
    assert_eq!(gaps[0].title, "Legacy");
    let legacy: Vec<_> = gaps[0]
        .missing
        .iter()
        .map(|t| (t.index, t.gain()))
        .collect();
    assert_eq!(legacy, [(0, 3.0), (1, 4.0)]);
}

#[test]
fn completed_and_not_scored_controls_are_no_gap() {
    let done = tenant(
        "t",
        "",
        &[("2026-12-01", 10.0)],
        &[("Done", 3.0, 3.0), ("Free", 0.0, 0.0)],
    );
    assert!(control_gaps(&[done]).is_empty());
    assert!(control_gaps::<Arc<TenantHistory>>(&[]).is_empty());
}

#[test]
fn a_generated_fleet_of_fifty_tenants_stays_consistent() {
    // 50 tenants × 90 days × 80 controls, the scale the fleet view is for.
    let tenants: Vec<Arc<TenantHistory>> = (0..50)
        .map(|t| {
            let controls: Vec<(String, f64, f64)> = (0..80)
                .map(|c| (format!("c{c:02}"), ((c + t) % 4) as f64, 3.0))
                .collect();
            let refs: Vec<(&str, f64, f64)> = controls
                .iter()
                .map(|(i, e, p)| (i.as_str(), *e, *p))
                .collect();
            let dates: Vec<String> = (0..90)
                .map(|d| (date("2026-09-03") + chrono::Duration::days(d)).to_string())
                .collect();
            let days: Vec<(&str, f64)> = dates.iter().map(|d| (d.as_str(), t as f64)).collect();
            tenant(&format!("t{t:02}"), "", &days, &refs)
        })
        .collect();
    let fleet = fleet(&tenants);
    assert_eq!(fleet.rows.len(), 50);
    assert!(fleet
        .rows
        .iter()
        .all(|r| r.trend.iter().all(Option::is_some)));
    let mut rows = fleet.rows;
    sort_rows(&mut rows, Column::Score, true);
    assert_eq!(rows[0].id, "t49");
    let gaps = control_gaps(&tenants);
    assert_eq!(gaps.len(), 80);
    // Earned (c + t) % 4 of 3: done where it is 3, a quarter of the tenants
    // (12 or 13 of 50); the rest lack it.
    assert!(gaps
        .iter()
        .all(|g| g.applies == 50 && (37..=38).contains(&g.missing.len())));
    assert!(gaps
        .windows(2)
        .all(|w| w[0].missing.len() >= w[1].missing.len()));
}
