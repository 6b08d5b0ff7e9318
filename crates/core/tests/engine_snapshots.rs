//! Scenario tests of the baseline catalog, our snapshot format, the daily
//! evaluation at the cut-off, and the demo tenant; property tests that
//! random input never panics and scores stay within their bounds.

mod common;

use std::sync::OnceLock;

use chrono::{DateTime, NaiveDate, Utc};
use proptest::prelude::*;
use secure_score_core::engine::baseline::{Catalog, Measure};
use secure_score_core::engine::demo::{demo_history, demo_snapshots, STORY_TODAY};
use secure_score_core::engine::error::ImportError;
use secure_score_core::engine::evaluate::{evaluate, Cutoff, MAX_DAYS};
use secure_score_core::engine::model::{
    Category, ControlScore, ControlState, DayScore, Exclusion, Origin, Progress, Service,
    TenantHistory,
};
use secure_score_core::engine::snapshot::{
    parse, parse_text, SettingValue, Snapshot, SnapshotFile,
};
use serde_json::{json, Value};

const SNAPSHOT_DOC: &str = include_str!("../../../docs/snapshot-format.md");

// ---------------------------------------------------------------- helpers

/// A small catalog whose points are easy to add up by hand:
/// Exchange 3 + 1 + 8, SharePoint 5, Entra ID 9 + 5, and one [Not Scored].
fn test_catalog() -> Catalog {
    let text = json!({
        "format": "secure-score/catalog",
        "version": "test",
        "controls": [
            {"id": "exo_audit", "title": "Audit mailboxes", "category": "Apps",
             "service": "Exchange Online", "maxScore": 3,
             "measure": {"kind": "setting", "key": "exo.audit", "equals": true}},
            {"id": "spo_sharing", "title": "Limit sharing", "category": "Data",
             "service": "SharePoint Online", "maxScore": 5,
             "measure": {"kind": "setting", "key": "spo.sharing", "equals": "existingGuests"}},
            {"id": "MFARegistrationV2", "title": "Register MFA", "category": "Identity",
             "service": "Entra ID", "maxScore": 9,
             "measure": {"kind": "ratio", "done": "mfaRegisteredUsers", "total": "users"}},
            {"id": "mdo_bulkthreshold", "title": "BCL", "category": "Apps",
             "service": "Exchange Online", "maxScore": 1,
             "measure": {"kind": "threshold", "key": "mdo.bcl", "atMost": 6}},
            {"id": "mdo_phishthresholdlevel", "title": "Phish level", "category": "Apps",
             "service": "Exchange Online", "maxScore": 8,
             "measure": {"kind": "threshold", "key": "mdo.phish", "atLeast": 2}},
            {"id": "review", "title": "Review weekly", "category": "Identity",
             "service": "Entra ID", "maxScore": 5,
             "measure": {"kind": "activity", "key": "review", "withinDays": 7}},
            {"id": "RoleOverlap", "title": "[Not Scored] Least privilege", "category": "Identity",
             "service": "Entra ID", "measure": {"kind": "notScored"}}
        ]
    })
    .to_string();
    Catalog::from_json(&text).unwrap_or_else(|error| panic!("test catalog: {error}"))
}

/// A snapshot file of `snapshots` (JSON objects) for tenant "t1".
fn file(snapshots: Vec<Value>) -> SnapshotFile {
    let value = json!({
        "format": "secure-score/snapshots",
        "version": 1,
        "tenant": {"id": "t1", "name": "Tenant One"},
        "snapshots": snapshots
    });
    parse(&value).unwrap_or_else(|error| panic!("test file: {error}"))
}

/// A snapshot at `captured_at` with Exchange and Entra ID, everything done
/// except the ratio (37 of 50) and, unless changed, the review (never).
fn snapshot(captured_at: &str) -> Value {
    json!({
        "capturedAt": captured_at,
        "services": ["Exchange Online", "Entra ID"],
        "settings": {"exo.audit": true, "mdo.bcl": 6, "mdo.phish": 2},
        "activities": {"review": null},
        "counts": {"users": 50, "mfaRegisteredUsers": 37}
    })
}

fn snapshot_with(captured_at: &str, change: impl FnOnce(&mut Value)) -> Value {
    let mut value = snapshot(captured_at);
    change(&mut value);
    value
}

fn history(snapshots: Vec<Value>) -> TenantHistory {
    evaluate(&file(snapshots), &test_catalog(), Cutoff::default())
}

fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap_or_else(|e| panic!("{text}: {e}"))
}

fn instant(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .map(|at| at.with_timezone(&Utc))
        .unwrap_or_else(|e| panic!("{text}: {e}"))
}

fn day<'a>(history: &'a TenantHistory, text: &str) -> &'a DayScore {
    history
        .day(date(text))
        .unwrap_or_else(|| panic!("no day {text} in {:?}", dates(history)))
}

fn control<'a>(day: &'a DayScore, id: &str) -> &'a ControlScore {
    day.control(id)
        .unwrap_or_else(|| panic!("{id} does not apply on {}", day.date))
}

fn dates(history: &TenantHistory) -> Vec<String> {
    history.days.iter().map(|d| d.date.to_string()).collect()
}

fn assert_close(actual: f64, expected: f64) {
    assert!(
        (actual - expected).abs() < 1e-9,
        "expected {expected}, found {actual}"
    );
}

// ---------------------------------------------------------------- scoring rules

#[test]
fn controls_apply_only_to_the_tenants_services() {
    let history = history(vec![snapshot("2026-11-20T08:00:00Z")]);
    let today = day(&history, "2026-11-20");
    assert_eq!(
        today.excluded,
        [Exclusion {
            id: "spo_sharing".into(),
            reason: "SharePoint Online is not among the tenant's services".into()
        }]
    );
    assert!(today.control("spo_sharing").is_none());
    // Exchange 3 + 1 + 8, Entra ID 9 + 5; SharePoint's 5 left out.
    assert_close(today.possible(), 26.0);
    assert_eq!(today.services, [Service::ExchangeOnline, Service::EntraId]);

    let with_sharepoint = history_with_services(&["Exchange Online", "Entra ID", "SharePoint"]);
    let today = day(&with_sharepoint, "2026-11-20");
    assert!(today.excluded.is_empty());
    assert_close(today.possible(), 31.0);
}

fn history_with_services(services: &[&str]) -> TenantHistory {
    history(vec![snapshot_with("2026-11-20T08:00:00Z", |s| {
        s["services"] = json!(services);
    })])
}

#[test]
fn ratios_earn_partial_credit() {
    let history = history(vec![snapshot("2026-11-20T08:00:00Z")]);
    let mfa = control(day(&history, "2026-11-20"), "MFARegistrationV2");
    // 9 points × 37/50 = 6.66.
    assert_close(mfa.earned, 6.66);
    assert_eq!(mfa.possible, 9.0);
    assert_eq!(mfa.state, ControlState::Partial);
    assert_eq!(
        mfa.progress,
        Some(Progress {
            done: 37.0,
            total: 50.0
        })
    );
}

#[test]
fn not_scored_controls_are_listed_but_count_in_neither_sum() {
    let history = history(vec![snapshot("2026-11-20T08:00:00Z")]);
    let today = day(&history, "2026-11-20");
    let listed = control(today, "RoleOverlap");
    assert_eq!(listed.state, ControlState::NotScored);
    assert_eq!((listed.earned, listed.possible), (0.0, 0.0));
    // Earned: audit 3 + BCL 1 + phish 8 + MFA 6.66 + review 0 = 18.66 of 26.
    assert_close(today.earned(), 18.66);
    assert_close(today.possible(), 26.0);
    let info = history
        .info("RoleOverlap")
        .map(|i| (i.scored, i.max_points));
    assert_eq!(info, Some((false, 0.0)));
}

#[test]
fn settings_must_equal_their_value() {
    let history = history(vec![
        snapshot("2026-11-19T08:00:00Z"),
        snapshot_with("2026-11-20T08:00:00Z", |s| {
            s["settings"]["exo.audit"] = json!(false)
        }),
        snapshot_with("2026-11-21T08:00:00Z", |s| {
            s["settings"]["exo.audit"] = json!("true")
        }),
    ]);
    let audit = |text| control(day(&history, text), "exo_audit").clone();
    assert_eq!(
        (audit("2026-11-19").earned, audit("2026-11-19").state),
        (3.0, ControlState::Completed)
    );
    assert_eq!(audit("2026-11-20").state, ControlState::NotCompleted);
    assert_eq!(
        audit("2026-11-20").note,
        "exo.audit is false; expected true"
    );
    // A text is not a switch.
    assert_eq!(audit("2026-11-21").earned, 0.0);
}

#[test]
fn thresholds_pass_at_their_bounds_and_fail_beyond() {
    let with = |captured: &str, bcl: f64, phish: f64| {
        snapshot_with(captured, move |s| {
            s["settings"]["mdo.bcl"] = json!(bcl);
            s["settings"]["mdo.phish"] = json!(phish);
        })
    };
    let history = history(vec![
        with("2026-11-19T08:00:00Z", 6.0, 2.0),
        with("2026-11-20T08:00:00Z", 7.0, 1.0),
        with("2026-11-21T08:00:00Z", 0.0, 4.0),
    ]);
    let states = |text| {
        let today = day(&history, text);
        (
            control(today, "mdo_bulkthreshold").state,
            control(today, "mdo_phishthresholdlevel").state,
        )
    };
    use ControlState::{Completed, NotCompleted};
    // At most 6: 6 passes, 7 fails, 0 passes. At least 2: 2 passes, 1 fails.
    assert_eq!(states("2026-11-19"), (Completed, Completed));
    assert_eq!(states("2026-11-20"), (NotCompleted, NotCompleted));
    assert_eq!(states("2026-11-21"), (Completed, Completed));
    let bcl = control(day(&history, "2026-11-20"), "mdo_bulkthreshold");
    assert_eq!(bcl.note, "mdo.bcl is 7; expected at most 6");
}

#[test]
fn activities_count_within_n_days_of_each_cutoff_and_age_while_carried_forward() {
    // Reviewed 11-13 09:00: 7 days before the 11-20 cut-off exactly.
    let history = history(vec![
        snapshot_with("2026-11-13T10:00:00Z", |s| {
            s["activities"]["review"] = json!("2026-11-13T09:00:00Z");
        }),
        snapshot_with("2026-11-22T08:00:00Z", |s| {
            s["activities"]["review"] = json!("2026-11-13T09:00:00Z");
        }),
    ]);
    // Days 11-14 .. 11-22; 11-14 .. 11-21 carry the first snapshot forward.
    assert_eq!(
        dates(&history).first().map(String::as_str),
        Some("2026-11-14")
    );
    let review = |text| control(day(&history, text), "review").clone();
    assert_eq!(review("2026-11-14").state, ControlState::Completed);
    assert_eq!(review("2026-11-20").state, ControlState::Completed);
    assert_eq!(review("2026-11-20").earned, 5.0);
    // 8 days before the 11-21 cut-off, on a carried-forward day.
    assert_eq!(review("2026-11-21").state, ControlState::NotCompleted);
    assert_eq!(
        review("2026-11-21").note,
        "review last done 13 Nov 2026, 09:00 UTC, 8 days before the cut-off; needed within 7 days"
    );
    assert_eq!(review("2026-11-22").state, ControlState::NotCompleted);

    // One minute later than the boundary: the 11-20 cut-off is 6 days 23:59 after.
    let later = self::history(vec![snapshot_with("2026-11-19T10:00:00Z", |s| {
        s["activities"]["review"] = json!("2026-11-13T09:01:00Z");
    })]);
    assert_eq!(
        control(day(&later, "2026-11-20"), "review").state,
        ControlState::Completed
    );
    // And one minute earlier: 7 days 00:01 before the cut-off.
    let earlier = self::history(vec![snapshot_with("2026-11-19T10:00:00Z", |s| {
        s["activities"]["review"] = json!("2026-11-13T08:59:00Z");
    })]);
    assert_eq!(
        control(day(&earlier, "2026-11-20"), "review").state,
        ControlState::NotCompleted
    );
}

#[test]
fn missing_or_empty_data_leaves_controls_not_completed_with_a_note() {
    let history = history(vec![snapshot_with("2026-11-20T08:00:00Z", |s| {
        s["settings"] = json!({});
        s["activities"] = json!({});
        s["counts"] = json!({"users": 0, "mfaRegisteredUsers": 0});
    })]);
    let today = day(&history, "2026-11-20");
    let notes: Vec<(&str, &str)> = today
        .controls
        .iter()
        .filter(|c| c.state == ControlState::NotCompleted)
        .map(|c| (c.id.as_str(), c.note.as_str()))
        .collect();
    assert_eq!(
        notes,
        [
            ("MFARegistrationV2", "nothing to count: users is 0"),
            ("exo_audit", "setting exo.audit not reported"),
            ("mdo_bulkthreshold", "setting mdo.bcl not reported"),
            ("mdo_phishthresholdlevel", "setting mdo.phish not reported"),
            ("review", "activity review not reported"),
        ]
    );
    assert_eq!(today.earned(), 0.0);
}

// ---------------------------------------------------------------- days and the cut-off

#[test]
fn a_snapshot_before_the_cutoff_counts_that_day_after_it_the_next() {
    let audit_on = |at: &str| snapshot_with(at, |s| s["settings"]["exo.audit"] = json!(true));
    let audit_off = |at: &str| snapshot_with(at, |s| s["settings"]["exo.audit"] = json!(false));
    let earned_on = |history: &TenantHistory, text| control(day(history, text), "exo_audit").earned;

    // 08:59 UTC is before the 09:00 cut-off: counts on 11-20.
    let before = history(vec![
        audit_off("2026-11-19T08:00:00Z"),
        audit_on("2026-11-20T08:59:00Z"),
    ]);
    assert_eq!(dates(&before), ["2026-11-19", "2026-11-20"]);
    assert_eq!(earned_on(&before, "2026-11-19"), 0.0);
    assert_eq!(earned_on(&before, "2026-11-20"), 3.0);

    // 09:01 UTC is after it: 11-20 still shows the earlier state, 11-21 the new one.
    let after = history(vec![
        audit_off("2026-11-19T08:00:00Z"),
        audit_on("2026-11-20T09:01:00Z"),
    ]);
    assert_eq!(dates(&after), ["2026-11-19", "2026-11-20", "2026-11-21"]);
    assert_eq!(earned_on(&after, "2026-11-20"), 0.0);
    assert_eq!(earned_on(&after, "2026-11-21"), 3.0);

    // Exactly at the cut-off is not before it.
    let at = history(vec![
        audit_off("2026-11-19T08:00:00Z"),
        audit_on("2026-11-20T09:00:00Z"),
    ]);
    assert_eq!(earned_on(&at, "2026-11-20"), 0.0);
    assert_eq!(earned_on(&at, "2026-11-21"), 3.0);

    // Offsets are converted: 09:30+01:00 is 08:30 UTC.
    let offset = history(vec![
        audit_off("2026-11-19T08:00:00Z"),
        audit_on("2026-11-20T09:30:00+01:00"),
    ]);
    assert_eq!(earned_on(&offset, "2026-11-20"), 3.0);
}

#[test]
fn the_cutoff_is_configurable() {
    let snapshots = file(vec![
        snapshot_with("2026-11-19T08:00:00Z", |s| {
            s["settings"]["exo.audit"] = json!(false)
        }),
        snapshot("2026-11-20T16:00:00Z"),
    ]);
    let five_pm = Cutoff::at_utc(17, 0).unwrap_or_else(|| panic!("17:00 is a time"));
    let history = evaluate(&snapshots, &test_catalog(), five_pm);
    // 16:00 is before 17:00: the change counts on 11-20, the last day.
    assert_eq!(dates(&history), ["2026-11-19", "2026-11-20"]);
    assert_eq!(
        control(day(&history, "2026-11-20"), "exo_audit").earned,
        3.0
    );
    assert_eq!(
        day(&history, "2026-11-20").computed_at,
        Some(instant("2026-11-20T17:00:00Z"))
    );
    // With the default 09:00 it counts on 11-21.
    let default = evaluate(&snapshots, &test_catalog(), Cutoff::default());
    assert_eq!(dates(&default), ["2026-11-19", "2026-11-20", "2026-11-21"]);
    assert_eq!(
        control(day(&default, "2026-11-20"), "exo_audit").earned,
        0.0
    );
}

#[test]
fn a_file_may_set_its_own_cutoff() {
    let with = |cutoff: Value| {
        parse(&json!({
            "format": "secure-score/snapshots",
            "version": 1,
            "tenant": {"id": "t1", "name": "Tenant One"},
            "cutoff": cutoff,
            "snapshots": [snapshot("2026-11-19T08:00:00Z"), snapshot("2026-11-20T16:00:00Z")]
        }))
    };
    let own = with(json!("17:00")).unwrap_or_else(|error| panic!("{error}"));
    assert_eq!(
        own.cutoff.map(|t| t.to_string()).as_deref(),
        Some("17:00:00")
    );
    let five_pm = Cutoff::at_utc(17, 0).unwrap_or_else(|| panic!("17:00 is a time"));
    assert_eq!(own.cutoff.map(Cutoff::Utc), Some(five_pm));
    // Without one: Microsoft's, and the 16:00 snapshot counts the next day.
    let plain = file(vec![
        snapshot("2026-11-19T08:00:00Z"),
        snapshot("2026-11-20T16:00:00Z"),
    ]);
    assert_eq!(plain.cutoff, None);
    assert_eq!(
        dates(&evaluate(&plain, &test_catalog(), Cutoff::default())),
        ["2026-11-19", "2026-11-20", "2026-11-21"]
    );
    for bad in [json!("25:00"), json!("9am"), json!(9)] {
        let error = with(bad.clone()).expect_err("a bad cutoff is refused");
        assert_eq!(error.path, "cutoff", "{bad}: {error}");
    }
}

#[test]
fn days_without_snapshots_carry_the_state_forward() {
    let history = history(vec![
        snapshot("2026-11-01T07:00:00Z"),
        snapshot_with("2026-11-05T10:00:00Z", |s| {
            s["counts"]["mfaRegisteredUsers"] = json!(50)
        }),
    ]);
    // The second snapshot is after the 11-05 cut-off: first scored 11-06.
    assert_eq!(
        dates(&history),
        [
            "2026-11-01",
            "2026-11-02",
            "2026-11-03",
            "2026-11-04",
            "2026-11-05",
            "2026-11-06"
        ]
    );
    let first = day(&history, "2026-11-01");
    for text in ["2026-11-02", "2026-11-03", "2026-11-04", "2026-11-05"] {
        assert_eq!(day(&history, text).controls, first.controls, "{text}");
    }
    // 9 × 37/50 = 6.66, then 9 × 50/50 = 9.
    assert_close(control(first, "MFARegistrationV2").earned, 6.66);
    assert_eq!(
        control(day(&history, "2026-11-06"), "MFARegistrationV2").earned,
        9.0
    );
}

#[test]
fn days_run_from_the_first_snapshots_cutoff_to_the_last_ones() {
    // 10:00 is after the cut-off: the first day is the next one, and so is the last.
    let history = history(vec![
        snapshot("2026-11-25T10:00:00Z"),
        snapshot("2026-11-28T10:00:00Z"),
        snapshot("2026-11-27T01:00:00Z"),
    ]);
    assert_eq!(
        dates(&history),
        ["2026-11-26", "2026-11-27", "2026-11-28", "2026-11-29"]
    );
    for day in &history.days {
        assert_eq!(day.computed_at, Some(Cutoff::default().instant(day.date)));
    }
    // Month and year ends are ordinary days.
    let year_end = self::history(vec![
        snapshot("2026-12-30T08:00:00Z"),
        snapshot("2027-01-01T12:00:00Z"),
    ]);
    assert_eq!(
        dates(&year_end),
        ["2026-12-30", "2026-12-31", "2027-01-01", "2027-01-02"]
    );
}

#[test]
fn snapshots_in_any_order_and_ties_go_to_the_later_in_the_file() {
    let history = history(vec![
        snapshot_with("2026-11-20T08:00:00Z", |s| {
            s["settings"]["exo.audit"] = json!(false)
        }),
        snapshot("2026-11-19T08:00:00Z"),
        snapshot_with("2026-11-20T08:00:00Z", |s| {
            s["settings"]["exo.audit"] = json!(true)
        }),
    ]);
    assert_eq!(dates(&history), ["2026-11-19", "2026-11-20"]);
    assert_eq!(
        control(day(&history, "2026-11-20"), "exo_audit").earned,
        3.0
    );
}

#[test]
fn the_history_says_where_it_comes_from() {
    let catalog = test_catalog();
    let history = history(vec![snapshot("2026-11-20T08:00:00Z")]);
    assert_eq!(history.origin, Origin::Snapshots);
    assert_eq!(
        (history.tenant.id.as_str(), history.tenant.name.as_str()),
        ("t1", "Tenant One")
    );
    assert_eq!(history.controls, catalog.info());
    let ids: Vec<&str> = history.controls.iter().map(|c| c.id.as_str()).collect();
    // Sorted by id (byte order: upper case first).
    assert_eq!(
        ids,
        [
            "MFARegistrationV2",
            "RoleOverlap",
            "exo_audit",
            "mdo_bulkthreshold",
            "mdo_phishthresholdlevel",
            "review",
            "spo_sharing"
        ]
    );
    let today = day(&history, "2026-11-20");
    let day_ids: Vec<&str> = today.controls.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(
        day_ids,
        [
            "MFARegistrationV2",
            "RoleOverlap",
            "exo_audit",
            "mdo_bulkthreshold",
            "mdo_phishthresholdlevel",
            "review"
        ]
    );
    assert_eq!(today.reported, None);
    assert!(history.warnings.is_empty(), "{:?}", history.warnings);
    assert_eq!(control(today, "exo_audit").category, Category::Apps);
}

#[test]
fn licensed_and_active_users_come_from_the_counts() {
    let history = history(vec![snapshot_with("2026-11-20T08:00:00Z", |s| {
        s["counts"]["licensedUsers"] = json!(55);
        s["counts"]["activeUsers"] = json!(49);
    })]);
    let today = day(&history, "2026-11-20");
    assert_eq!(
        (today.licensed_users, today.active_users),
        (Some(55), Some(49))
    );
}

#[test]
fn unknown_services_are_warned_about() {
    let history = history_with_services(&["Exchange Online", "Entra ID", "Exchnage"]);
    assert_eq!(
        history.warnings,
        [
            "The snapshots name services that no catalog control belongs to: \"Exchnage\". \
          Check their spelling (for example \"Exchange Online\", \"EXO\")."
        ]
    );
}

#[test]
fn very_long_spans_keep_the_newest_days_with_a_warning() {
    let history = history(vec![
        snapshot("2000-01-01T08:00:00Z"),
        snapshot("2026-11-20T08:00:00Z"),
    ]);
    assert_eq!(history.days.len() as u64, MAX_DAYS);
    assert_eq!(
        history.days.last().map(|d| d.date),
        Some(date("2026-11-20"))
    );
    // 2026-11-20 minus 3659 days: 3652 days back is 2016-11-20 (ten years with
    // the leap days of 2020 and 2024), 7 more is 2016-11-13.
    assert_eq!(
        history.days.first().map(|d| d.date),
        Some(date("2016-11-13"))
    );
    assert_eq!(history.warnings.len(), 1);
    // 2000-01-01 to 2026-01-01: 26 × 365 + 7 leap days = 9497; to 11-20: + 323;
    // both ends included: 9821.
    assert!(
        history.warnings[0]
            .starts_with("The snapshots span 9821 days, from 1 Jan 2000 to 20 Nov 2026"),
        "{}",
        history.warnings[0]
    );
}

#[test]
fn a_file_without_snapshots_has_no_days() {
    let empty = SnapshotFile {
        tenant: Default::default(),
        snapshots: Vec::new(),
        cutoff: None,
    };
    let history = evaluate(&empty, &test_catalog(), Cutoff::default());
    assert!(history.days.is_empty());
    assert_eq!(history.controls.len(), 7);
}

// ---------------------------------------------------------------- catalog

fn catalog_error(controls: Value) -> String {
    let text =
        json!({"format": "secure-score/catalog", "version": "1", "controls": controls}).to_string();
    match Catalog::from_json(&text) {
        Ok(catalog) => panic!(
            "expected an error, read {} controls",
            catalog.controls().len()
        ),
        Err(error) => error.to_string(),
    }
}

fn control_json(id: &str) -> Value {
    json!({"id": id, "title": "T", "category": "Apps", "service": "EXO", "maxScore": 3,
           "measure": {"kind": "setting", "key": "k", "equals": true}})
}

#[test]
fn catalog_errors_name_the_control() {
    assert_eq!(
        catalog_error(json!([
            control_json("A"),
            control_json("B"),
            control_json("A")
        ])),
        "controls[2] (id \"A\"): duplicate id: controls[0] has the same id"
    );
    let mut bad_points = control_json("X");
    bad_points["maxScore"] = json!(-3);
    assert_eq!(
        catalog_error(json!([control_json("A"), bad_points])),
        "controls[1] (id \"X\"): points must be positive, found -3"
    );
    let mut bad_kind = control_json("Y");
    bad_kind["measure"] = json!({"kind": "percentage", "key": "k"});
    assert_eq!(
        catalog_error(json!([bad_kind])),
        "controls[0] (id \"Y\"): unknown measure kind \"percentage\"; expected setting, ratio, \
         threshold, activity or notScored"
    );
    let mut bad_category = control_json("Z");
    bad_category["category"] = json!("Network");
    assert_eq!(
        catalog_error(json!([bad_category])),
        "controls[0] (id \"Z\"): unknown category \"Network\"; expected Identity, Data, Device, \
         Apps or Infrastructure"
    );
    let mut untitled = control_json("U");
    untitled["title"] = json!("");
    assert_eq!(
        catalog_error(json!([untitled])),
        "controls[0] (id \"U\"): the title is empty"
    );
    let mut missing_measure = control_json("M");
    missing_measure.as_object_mut().map(|o| o.remove("measure"));
    assert_eq!(
        catalog_error(json!([missing_measure])),
        "controls[0] (id \"M\"): missing field `measure`"
    );
    assert_eq!(
        Catalog::from_json("{\"format\": \"secure-score/catalog\",")
            .map(|c| c.version().to_string()),
        Err(ImportError::new(
            "line 1, column 34",
            "the file ends in the middle of the JSON data: it may be truncated"
        ))
    );
}

#[test]
fn the_builtin_catalog_is_valid_and_complete() {
    let builtin = Catalog::from_json(include_str!("../src/engine/baseline/catalog.json"))
        .unwrap_or_else(|error| panic!("builtin catalog: {error}"));
    assert_eq!(Catalog::builtin(), builtin);
    assert!(
        builtin.controls().len() >= 45,
        "{}",
        builtin.controls().len()
    );
    let not_scored = builtin
        .controls()
        .iter()
        .filter(|c| !c.measure.is_scored())
        .count();
    assert!(not_scored >= 4, "{not_scored}");
    for category in Category::ALL {
        assert!(
            builtin
                .controls()
                .iter()
                .any(|c| c.info.category == category),
            "{category:?}"
        );
    }
    for service in [
        Service::ExchangeOnline,
        Service::SharePointOnline,
        Service::OneDrive,
        Service::EntraId,
        Service::Teams,
        Service::DefenderForOffice365,
        Service::Intune,
    ] {
        assert!(
            builtin.controls().iter().any(|c| c.info.service == service),
            "{service:?}"
        );
    }
    let kinds = |kind: fn(&Measure) -> bool| {
        builtin
            .controls()
            .iter()
            .filter(|c| kind(&c.measure))
            .count()
    };
    assert!(kinds(|m| matches!(m, Measure::Setting { .. })) > 0);
    assert!(kinds(|m| matches!(m, Measure::Ratio { .. })) > 0);
    assert!(
        kinds(|m| matches!(
            m,
            Measure::Threshold {
                at_least: Some(_),
                ..
            }
        )) > 0
    );
    assert!(
        kinds(|m| matches!(
            m,
            Measure::Threshold {
                at_most: Some(_),
                ..
            }
        )) > 0
    );
    assert!(kinds(|m| matches!(m, Measure::Activity { .. })) > 0);
    for id in [
        "AdminMFAV2",
        "MFARegistrationV2",
        "BlockLegacyAuthentication",
        "SelfServicePasswordReset",
        "SigninRiskPolicy",
        "UserRiskPolicy",
        "OneAdmin",
        "PWAgePolicyNew",
        "aad_admin_consent_workflow",
        "mdo_safelinksforemail",
        "mdo_zapspam",
        "mdo_zapphish",
        "mdo_zapmalware",
        "spo_idle_session_timeout",
        "spo_legacy_auth",
        "mip_search_auditlog",
    ] {
        let found = builtin.controls().iter().find(|c| c.info.id == id);
        let Some(found) = found else {
            panic!("{id} is missing")
        };
        let info = &found.info;
        assert!(
            !info.description.is_empty() && !info.remediation.is_empty(),
            "{id}"
        );
        assert!(
            !info.threats.is_empty() && !info.remediation_impact.is_empty(),
            "{id}"
        );
        assert!(
            info.action_url
                .as_deref()
                .is_some_and(|u| u.starts_with("https://")),
            "{id}"
        );
    }
    let info = builtin.info();
    assert!(info.windows(2).all(|pair| pair[0].id < pair[1].id));
}

// ---------------------------------------------------------------- snapshot files

fn snapshot_error(snapshots: Vec<Value>) -> String {
    let text = json!({"format": "secure-score/snapshots", "version": 1,
                      "tenant": {"id": "t", "name": "n"}, "snapshots": snapshots})
    .to_string();
    match parse_text(&text) {
        Ok(file) => panic!("expected an error, read {} snapshots", file.snapshots.len()),
        Err(error) => error.to_string(),
    }
}

#[test]
fn snapshot_errors_name_the_field() {
    let ok = snapshot("2026-11-20T08:00:00Z");
    assert_eq!(
        snapshot_error(vec![
            ok.clone(),
            snapshot_with("2026-11-21T08:00:00Z", |s| s["counts"]["users"] = json!(-5))
        ]),
        "snapshots[1].counts.users: a count must be a whole number of 0 or more, found -5"
    );
    assert_eq!(
        snapshot_error(vec![ok.clone(), snapshot_with("2026-11-21T08:00:00Z", |s| s["counts"]["users"] = json!("50"))]),
        "snapshots[1].counts.users: invalid type: string \"50\", expected a whole number of 0 or more"
    );
    assert_eq!(
        snapshot_error(vec![snapshot_with("2026-13-01T08:00:00Z", |_| ())]),
        "snapshots[0].capturedAt: expected an RFC 3339 date-time such as 2026-11-20T08:00:00Z, \
         found \"2026-13-01T08:00:00Z\""
    );
    assert_eq!(
        snapshot_error(vec![
            ok.clone(),
            snapshot_with("2026-11-21T08:00:00Z", |s| s["activities"]["review"] =
                json!("last week"))
        ]),
        "snapshots[1].activities.review: expected an RFC 3339 date-time such as \
         2026-11-20T08:00:00Z, found \"last week\""
    );
    assert_eq!(
        snapshot_error(vec![snapshot_with("2026-11-20T08:00:00Z", |s| s
            ["services"] =
            json!(["EXO", " "]))]),
        "snapshots[0].services[1]: a service name cannot be empty"
    );
    assert_eq!(
        snapshot_error(vec![snapshot_with("2026-11-20T08:00:00Z", |s| s["settings"]["exo.audit"] = json!({"on": true}))]),
        "snapshots[0].settings.exo.audit: invalid type: map, expected true, false, a number or a text"
    );
    assert_eq!(
        snapshot_error(vec![json!("not a snapshot")]),
        "snapshots[0]: invalid type: string \"not a snapshot\", expected struct Snapshot"
    );
}

#[test]
fn unknown_versions_and_formats_are_refused() {
    let refused = |value: Value| parse(&value).map(|_| ()).map_err(|e| e.to_string());
    assert_eq!(
        refused(
            json!({"format": "secure-score/snapshots", "version": 2, "tenant": {}, "snapshots": []})
        ),
        Err(
            "version: version 2 is not supported: this app reads snapshot files of version 1"
                .into()
        )
    );
    assert_eq!(
        refused(json!({"format": "secure-score/snapshots", "tenant": {}})),
        Err("version: missing: expected \"version\": 1".into())
    );
    assert_eq!(
        refused(json!({"format": "secure-score/catalog", "version": 1})),
        Err("format: expected \"secure-score/snapshots\", found \"secure-score/catalog\"".into())
    );
    assert_eq!(
        refused(json!([1, 2])),
        Err(
            "format: missing: a snapshot file starts with \"format\": \"secure-score/snapshots\""
                .into()
        )
    );
}

// ---------------------------------------------------------------- demo tenant

#[test]
fn the_demo_spans_more_than_200_days_and_is_deterministic() {
    let demo = demo_history(STORY_TODAY);
    assert_eq!(demo, demo_history(STORY_TODAY));
    // 2026-04-01 to 2026-11-20: 30 + 31 + 30 + 31 + 31 + 30 + 31 + 20 = 234 days.
    assert_eq!(demo.days.len(), 234);
    assert_eq!(dates(&demo).first().map(String::as_str), Some("2026-04-01"));
    assert_eq!(dates(&demo).last().map(String::as_str), Some("2026-11-20"));
    assert!(demo
        .days
        .windows(2)
        .all(|pair| pair[0].date.succ_opt() == Some(pair[1].date)));
    assert_eq!(demo.tenant.name, "Contoso Demo");
    assert_eq!(demo.origin, Origin::Snapshots);
    assert!(demo.warnings.is_empty(), "{:?}", demo.warnings);
    // Far fewer snapshots than days: the days in between are carried forward.
    let snapshots = demo_snapshots(STORY_TODAY);
    assert!(
        snapshots.snapshots.len() < 100,
        "{}",
        snapshots.snapshots.len()
    );
}

#[test]
fn the_demo_reads_back_from_its_own_file() {
    let text = demo_snapshots(STORY_TODAY).to_json();
    let read = parse_text(&text).unwrap_or_else(|error| panic!("demo file: {error}"));
    assert_eq!(read, demo_snapshots(STORY_TODAY));
    assert_eq!(
        evaluate(&read, &Catalog::builtin(), Cutoff::default()),
        demo_history(STORY_TODAY)
    );
}

#[test]
fn the_demo_rolls_mfa_out_gradually() {
    let demo = demo_history(STORY_TODAY);
    let mfa = |text| control(day(&demo, text), "MFARegistrationV2").clone();
    // 12, 27 then 46 of 48 users registered: 9 × 12/48 = 2.25, 9 × 27/48 = 5.0625,
    // 9 × 46/48 = 8.625.
    assert_close(mfa("2026-05-01").earned, 2.25);
    assert_close(mfa("2026-05-26").earned, 5.0625);
    assert_close(mfa("2026-07-20").earned, 8.625);
    assert_eq!(mfa("2026-07-20").state, ControlState::Partial);
    // It never goes down until the new hires arrive.
    let earned: Vec<f64> = demo
        .days
        .iter()
        .take_while(|d| d.date < date("2026-10-05"))
        .map(|d| control(d, "MFARegistrationV2").earned)
        .collect();
    assert!(earned.windows(2).all(|pair| pair[0] <= pair[1]));
    assert!(earned.windows(2).filter(|pair| pair[0] < pair[1]).count() >= 10);
    // Four new hires on 2026-10-05: 46 of 52, 9 × 46/52 ≈ 7.96.
    assert_close(mfa("2026-10-05").earned, 9.0 * 46.0 / 52.0);
}

#[test]
fn the_demo_regression_drops_then_recovers() {
    let demo = demo_history(STORY_TODAY);
    let earned = |text| day(&demo, text).earned();
    let blocked = |text| control(day(&demo, text), "BlockLegacyAuthentication").state;
    // Switched off 09-15 14:20 (after the cut-off), back on 09-19 07:40 (before it).
    assert_eq!(blocked("2026-09-15"), ControlState::Completed);
    for text in ["2026-09-16", "2026-09-17", "2026-09-18"] {
        assert_eq!(blocked(text), ControlState::NotCompleted, "{text}");
        // Nothing else changes: exactly its 8 points are lost.
        assert_close(earned(text), earned("2026-09-15") - 8.0);
    }
    assert_eq!(blocked("2026-09-19"), ControlState::Completed);
    assert_eq!(earned("2026-09-19"), earned("2026-09-15"));
}

#[test]
fn the_demo_adds_intune_which_raises_the_points_possible() {
    let demo = demo_history(STORY_TODAY);
    // Purchased 08-03 15:30, after the cut-off: it applies from 08-04.
    let before = day(&demo, "2026-08-03");
    let after = day(&demo, "2026-08-04");
    assert!(!before.services.contains(&Service::Intune));
    assert!(after.services.contains(&Service::Intune));
    assert!(before
        .excluded
        .iter()
        .any(|e| e.id == "intune_mobile_device_encryption"
            && e.reason == "Intune is not among the tenant's services"));
    // Seven controls of 3 points and one of 8.
    assert_close(after.possible() - before.possible(), 29.0);
    assert!(after.shown().percent() < before.shown().percent());
}

#[test]
fn the_demo_ends_between_55_and_70_percent_with_not_scored_actions() {
    let demo = demo_history(STORY_TODAY);
    let Some(last) = demo.latest() else {
        panic!("no day")
    };
    let percent = last.shown().percent();
    assert!((55.0..=70.0).contains(&percent), "{percent}");
    let Some(first) = demo.days.first() else {
        panic!("no day")
    };
    assert!(first.shown().percent() < 35.0);
    let not_scored = last
        .controls
        .iter()
        .filter(|c| c.state == ControlState::NotScored)
        .count();
    assert!(not_scored >= 4, "{not_scored}");
    assert!(last
        .controls
        .iter()
        .any(|c| c.state == ControlState::Partial));
    assert!(!last.excluded.is_empty());
}

// ---------------------------------------------------------------- documentation

/// The first ```json block of the snapshot format document.
fn doc_example() -> &'static str {
    let start = SNAPSHOT_DOC
        .find("```json\n")
        .map(|i| i + "```json\n".len());
    let Some(start) = start else {
        panic!("no json example")
    };
    let Some(length) = SNAPSHOT_DOC[start..].find("```") else {
        panic!("unterminated example")
    };
    &SNAPSHOT_DOC[start..start + length]
}

#[test]
fn the_documented_example_reads_and_scores() {
    let file = parse_text(doc_example()).unwrap_or_else(|error| panic!("doc example: {error}"));
    let history = evaluate(&file, &Catalog::builtin(), Cutoff::default());
    assert!(history.warnings.is_empty(), "{:?}", history.warnings);
    assert!(history.days.len() >= 2);
}

#[test]
fn every_key_the_builtin_catalog_reads_is_documented() {
    for control in Catalog::builtin().controls() {
        for (section, key) in control.measure.inputs() {
            assert!(
                SNAPSHOT_DOC.contains(&format!("`{key}`")),
                "{section} key {key} (control {}) is not in docs/snapshot-format.md",
                control.info.id
            );
        }
    }
}

// ---------------------------------------------------------------- properties

/// The built-in catalog, read once for all property test cases.
fn builtin() -> &'static Catalog {
    static BUILTIN: OnceLock<Catalog> = OnceLock::new();
    BUILTIN.get_or_init(Catalog::builtin)
}

/// Settings, counts and activity keys the builtin catalog reads, plus one
/// it does not.
fn keys(section: &str) -> Vec<String> {
    let mut keys: Vec<String> = builtin()
        .controls()
        .iter()
        .flat_map(|c| c.measure.inputs())
        .filter(|(s, _)| *s == section)
        .map(|(_, key)| key.to_string())
        .collect();
    keys.push("unknown.key".into());
    keys
}

/// 10000-01-01T00:00:00Z: RFC 3339 writes four-digit years only.
const YEAR_10000: i64 = 253_402_300_800;

/// An instant around 2026-09-27 (1 790 000 000 s), ± 18 days.
fn any_instant() -> impl Strategy<Value = DateTime<Utc>> {
    (1_788_400_000_i64..1_791_600_000)
        .prop_map(|s| DateTime::from_timestamp(s, 0).unwrap_or_default())
}

/// When an activity was done: mostly near the snapshots, sometimes at the
/// ends of time (the span limit itself is tested above, and costs seconds
/// here).
fn any_activity_instant() -> impl Strategy<Value = DateTime<Utc>> {
    prop_oneof![
        8 => any_instant(),
        1 => Just(DateTime::<Utc>::MIN_UTC),
        1 => Just(DateTime::<Utc>::MAX_UTC),
    ]
}

fn any_setting() -> impl Strategy<Value = SettingValue> {
    prop_oneof![
        any::<bool>().prop_map(SettingValue::Bool),
        // Quarters and extremes: decimal text that reads back exactly.
        prop_oneof![
            Just(1e308),
            Just(-1e308),
            (-400..400_i32).prop_map(|n| f64::from(n) / 4.0)
        ]
        .prop_map(SettingValue::Number),
        prop_oneof![Just("Block"), Just(""), Just("internal"), Just("é")]
            .prop_map(|t| SettingValue::Text(t.into())),
    ]
}

fn any_snapshot() -> impl Strategy<Value = Snapshot> {
    let services = prop::sample::subsequence(
        vec![
            Service::EntraId,
            Service::ExchangeOnline,
            Service::SharePointOnline,
            Service::OneDrive,
            Service::Teams,
            Service::DefenderForOffice365,
            Service::Intune,
            Service::Purview,
            Service::DefenderForEndpoint,
            Service::Other("Foo".into()),
        ],
        0..10,
    );
    let settings =
        prop::collection::btree_map(prop::sample::select(keys("settings")), any_setting(), 0..40);
    let counts = prop::collection::btree_map(
        prop::sample::select(keys("counts")),
        prop_oneof![Just(0_u64), Just(u64::MAX), 0..100_u64],
        0..20,
    );
    let activities = prop::collection::btree_map(
        prop::sample::select(keys("activities")),
        prop::option::of(any_activity_instant()),
        0..5,
    );
    (any_instant(), services, settings, counts, activities).prop_map(
        |(captured_at, services, settings, counts, activities)| Snapshot {
            captured_at,
            services,
            settings,
            activities,
            counts,
        },
    )
}

/// JSON values made of the snapshot format's own names, to reach deep into
/// the reader.
fn any_json() -> impl Strategy<Value = Value> {
    let names = prop::sample::select(vec![
        "format",
        "version",
        "tenant",
        "snapshots",
        "capturedAt",
        "services",
        "settings",
        "activities",
        "counts",
        "id",
        "name",
        "users",
        "controls",
        "measure",
        "kind",
    ]);
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<f64>().prop_map(|n| json!(n)),
        prop::sample::select(vec![
            "secure-score/snapshots",
            "secure-score/catalog",
            "2026-11-20T08:00:00Z",
            "EXO",
            ""
        ])
        .prop_map(|s| json!(s)),
    ];
    leaf.prop_recursive(4, 48, 6, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map(names.clone(), inner, 0..6).prop_map(|map| Value::Object(
                map.into_iter().map(|(k, v)| (k.to_string(), v)).collect()
            )),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 64,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn random_snapshot_files_score_within_bounds(
        snapshots in prop::collection::vec(any_snapshot(), 0..8),
        hour in 0..24_u32,
    ) {
        let file = SnapshotFile { tenant: Default::default(), snapshots, cutoff: None };
        let cutoff = Cutoff::at_utc(hour, 0).unwrap_or_default();
        let history = evaluate(&file, builtin(), cutoff);
        common::assert_invariants(&history);
        prop_assert!(history.days.len() as u64 <= MAX_DAYS);
        prop_assert!(history.days.windows(2).all(|pair| pair[0].date < pair[1].date));
        for day in &history.days {
            let (earned, possible) = (day.earned(), day.possible());
            prop_assert!(0.0 <= earned && earned <= possible, "{} {earned} of {possible}", day.date);
            for control in &day.controls {
                prop_assert!(0.0 <= control.earned && control.earned <= control.possible, "{control:?}");
            }
            prop_assert!(day.controls.windows(2).all(|pair| pair[0].id < pair[1].id));
        }
        // What the engine writes, it reads back.
        let writable = |at: &DateTime<Utc>| (0..YEAR_10000).contains(&at.timestamp());
        let all_writable = file.snapshots.iter().all(|s| {
            writable(&s.captured_at) && s.activities.values().flatten().all(writable)
        });
        if !file.snapshots.is_empty() && all_writable {
            prop_assert_eq!(parse_text(&file.to_json()), Ok(file.clone()));
        }
    }

    #[test]
    fn random_json_gives_an_error_or_a_sound_history(value in any_json()) {
        let _ = parse(&value);
        let _ = Catalog::from_value(&value);
        let wrapped = json!({"format": "secure-score/snapshots", "version": 1, "tenant": {"id": "t", "name": ""}, "snapshots": [value]});
        if let Ok(file) = parse(&wrapped) {
            common::assert_invariants(&evaluate(&file, builtin(), Cutoff::default()));
        }
    }

    #[test]
    fn random_text_never_panics(text in ".{0,200}") {
        let _ = parse_text(&text);
        let _ = Catalog::from_json(&text);
    }
}
