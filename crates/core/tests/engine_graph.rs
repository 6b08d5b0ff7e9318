//! Scenario tests of the Microsoft Graph import: the real captured
//! responses, their PowerShell and hand-edited variants, malformed files,
//! and mutated files that must fail cleanly, never panic.

mod common;

use proptest::prelude::*;
use secure_score_core::engine::detect::{detect, Format};
use secure_score_core::engine::error::ImportError;
use secure_score_core::engine::file::{self, import_graph};
use secure_score_core::engine::graph::{import, next_link, parse_graph};
use secure_score_core::engine::json::parse_bytes;
use secure_score_core::engine::model::{
    Category, ControlState, Level, Points, Progress, Service, Status, TenantHistory,
};
use secure_score_core::engine::synthetic::{profiles_json, scores_json};
use serde_json::{json, Value};

// The repository's fixtures, which the browser tests upload too.
const REAL_SCORES: &[u8] = include_bytes!("../../../tests/fixtures/graph-real/secureScore.json");
const REAL_PROFILES: &[u8] = include_bytes!("../../../tests/fixtures/graph-real/profiles.json");
const PS_SCORES: &[u8] =
    include_bytes!("../../../tests/fixtures/graph-powershell/secureScores.json");
const PS_PROFILES: &[u8] = include_bytes!("../../../tests/fixtures/graph-powershell/profiles.json");

fn json_of(bytes: &[u8]) -> Value {
    parse_bytes(bytes).unwrap_or_else(|error| panic!("fixture does not parse: {error}"))
}

/// What a fixture holds, read without any warning.
fn read(bytes: &[u8]) -> secure_score_core::engine::graph::GraphData {
    let data = parse_graph(&json_of(bytes)).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(data.warnings, Vec::<String>::new());
    data
}

fn history_of(scores: &Value, profiles: Option<&Value>) -> TenantHistory {
    import(scores, profiles).unwrap_or_else(|error| panic!("import failed: {error}"))
}

fn import_error(scores: &Value, profiles: Option<&Value>) -> ImportError {
    match import(scores, profiles) {
        Ok(history) => panic!("expected an error, got {} days", history.days.len()),
        Err(error) => error,
    }
}

fn real_history() -> TenantHistory {
    history_of(&json_of(REAL_SCORES), Some(&json_of(REAL_PROFILES)))
}

/// The real secureScore object (the only entry of the captured page).
fn real_score_object() -> Value {
    json_of(REAL_SCORES)["value"][0].clone()
}

/// A page of the real secureScore with `change` applied to it.
fn real_page_with(change: impl FnOnce(&mut Value)) -> Value {
    let mut score = real_score_object();
    change(&mut score);
    json!({ "value": [score] })
}

// ---------------------------------------------------------------- real data

#[test]
fn real_capture_shows_the_reported_128_of_274() {
    let history = real_history();
    assert_eq!(history.days.len(), 1);
    let Some(day) = history.latest() else {
        panic!("no day")
    };
    assert_eq!(day.date.to_string(), "2024-01-01");
    assert_eq!(
        day.shown(),
        Points {
            earned: 128.0,
            possible: 274.0
        }
    );
    assert_eq!(day.controls.len(), 68);
    assert_eq!(history.tenant.id, "12345678-1234-1234-1234-1234567890abcd");
    assert_eq!((day.licensed_users, day.active_users), (Some(0), Some(1)));
}

#[test]
fn real_capture_recomputed_totals_and_the_mismatch_warning() {
    let history = real_history();
    let Some(day) = history.latest() else {
        panic!("no day")
    };
    // Earned: the 68 scores sum to 128.
    // Possible: the 41 controls with a profile: sum of maxScore = 171;
    // the 27 without: 11 at 100% derive their score as possible,
    // 1+3+6+9+2+5+8+1+9+7+7 = 58; the other 16 are at 0%: unknown, 0.
    // 171 + 58 = 229.
    assert_eq!(day.earned(), 128.0);
    assert_eq!(day.possible(), 229.0);
    let mismatch = history
        .warnings
        .iter()
        .find(|w| w.contains("totals Microsoft reported differ"))
        .unwrap_or_else(|| panic!("no mismatch warning in {:?}", history.warnings));
    assert!(mismatch.contains("On 1 day out of 1"), "{mismatch}");
    assert!(
        mismatch.contains("(the newest: 1 Jan 2024, reported 128 of 274, recomputed 128 of 229)"),
        "{mismatch}"
    );
    assert!(
        mismatch.contains("27 controls have no control profile"),
        "{mismatch}"
    );
}

#[test]
fn real_capture_categories_and_states() {
    let history = real_history();
    let Some(day) = history.latest() else {
        panic!("no day")
    };
    // Apps: 53 controls, earned 71, possible 163 (derived: zapspam 1,
    // zapphish 3, zapmalware 6, safelinksforemail 9, spamaction 5 = 24).
    // Identity: 11 controls, earned 8+1+8+9+10+7+7 = 50, possible
    // 5+4+8+1+8+9+10+7+7+0+0 = 59. Data: dlp 5 + sensitivity labels 2 = 7 of 7.
    assert_eq!(
        day.by_category(),
        vec![
            (
                Category::Identity,
                Points {
                    earned: 50.0,
                    possible: 59.0
                }
            ),
            (
                Category::Data,
                Points {
                    earned: 7.0,
                    possible: 7.0
                }
            ),
            (
                Category::Apps,
                Points {
                    earned: 71.0,
                    possible: 163.0
                }
            ),
        ]
    );
    let completed = day
        .controls
        .iter()
        .filter(|c| c.state == ControlState::Completed)
        .count();
    let not_completed = day
        .controls
        .iter()
        .filter(|c| c.state == ControlState::NotCompleted)
        .count();
    // Every control is either at 100% (earned = possible > 0) or at 0 points.
    assert_eq!((completed, not_completed), (28, 40));
    // count/total pairs: 22 × (1, 1) and 20 × (0, 1) have total > 0.
    assert_eq!(
        day.controls.iter().filter(|c| c.progress.is_some()).count(),
        42
    );
    assert!(day
        .controls
        .iter()
        .all(|c| c.data_status == Status::ToAddress));
}

#[test]
fn real_capture_every_control_has_its_details() {
    let history = real_history();
    let Some(day) = history.latest() else {
        panic!("no day")
    };
    // 68 controls appear; the 159 profiles never scored are left out.
    assert_eq!(history.controls.len(), 68);
    let ids: Vec<&str> = history.controls.iter().map(|c| c.id.as_str()).collect();
    let mut sorted = ids.clone();
    sorted.sort_unstable();
    assert_eq!(ids, sorted);
    let day_ids: Vec<&str> = day.controls.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(day_ids, ids);
    let with_profile = history.controls.iter().filter(|c| c.title != c.id).count();
    assert_eq!(with_profile, 41);
    let profiles = read(REAL_PROFILES).profiles;
    for profile in profiles.iter().filter(|p| history.info(&p.id).is_some()) {
        let Some(info) = history.info(&profile.id) else {
            continue;
        };
        assert_eq!(info.title, profile.title);
        assert_eq!(info.threats, profile.threats, "{}", info.id);
        assert_eq!(info.remediation, profile.remediation, "{}", info.id);
        assert!(
            !info.remediation.is_empty(),
            "{} has no remediation",
            info.id
        );
    }
    // 17 of the 41 profiles list threats; one score (mdo_autoforwardingmode)
    // has an empty description, every other control has one.
    let threatened = history
        .controls
        .iter()
        .filter(|c| !c.threats.is_empty())
        .count();
    assert_eq!(threatened, 17);
    let undescribed: Vec<&str> = history
        .controls
        .iter()
        .filter(|c| c.description.trim().is_empty())
        .map(|c| c.id.as_str())
        .collect();
    assert_eq!(undescribed, ["mdo_autoforwardingmode"]);
    let Some(admin_mfa) = history.info("AdminMFAV2") else {
        panic!("AdminMFAV2 missing")
    };
    assert_eq!(
        admin_mfa.title,
        "Ensure multifactor authentication is enabled for all users in administrative roles"
    );
    assert_eq!(
        admin_mfa.threats,
        [
            "Password Cracking",
            "Account Breach",
            "Elevation of Privilege"
        ]
    );
    assert!(admin_mfa
        .remediation
        .starts_with("<ol><li>We provide step-by-step guidance"));
    assert_eq!(
        (admin_mfa.service.clone(), admin_mfa.category),
        (Service::EntraId, Category::Identity)
    );
    assert_eq!((admin_mfa.max_points, admin_mfa.rank), (10.0, 1));
    assert_eq!(
        (admin_mfa.user_impact, admin_mfa.implementation_cost),
        (Level::Low, Level::Low)
    );
    let Some(mfa_score) = day.control("AdminMFAV2") else {
        panic!("AdminMFAV2 not scored")
    };
    assert_eq!((mfa_score.earned, mfa_score.possible), (10.0, 10.0));
    assert_eq!(mfa_score.state, ControlState::Completed);
    assert_eq!(
        mfa_score.progress,
        Some(Progress {
            done: 1.0,
            total: 1.0
        })
    );
    assert!(mfa_score.note.starts_with("You have 0 out of 1 users"));
}

#[test]
fn real_capture_controls_without_profile_are_derived() {
    let history = real_history();
    let Some(day) = history.latest() else {
        panic!("no day")
    };
    // mdo_zapmalware: score 6 at 100% → 6 / (100 / 100) = 6 possible.
    let Some(zap) = day.control("mdo_zapmalware") else {
        panic!("mdo_zapmalware missing")
    };
    assert_eq!(
        (zap.earned, zap.possible, zap.state),
        (6.0, 6.0, ControlState::Completed)
    );
    assert_eq!(zap.service, Service::DefenderForOffice365);
    let Some(info) = history.info("mdo_zapmalware") else {
        panic!("mdo_zapmalware info missing")
    };
    assert_eq!(
        (info.title.as_str(), info.max_points),
        ("mdo_zapmalware", 6.0)
    );
    assert!(
        info.description.starts_with("<p>Zero-hour auto purge"),
        "{}",
        info.description
    );
    // spo_idle_session_timeout: 0 at 0%: nothing to derive from.
    let Some(idle) = day.control("spo_idle_session_timeout") else {
        panic!("spo_idle_session_timeout missing")
    };
    assert_eq!(
        (idle.possible, idle.service.clone()),
        (0.0, Service::SharePointOnline)
    );
    assert_eq!(
        day.control("PWAgePolicyNew").map(|c| c.service.clone()),
        Some(Service::Other("Unknown".into()))
    );
    let unknown = history
        .warnings
        .iter()
        .find(|w| w.contains("never scored above 0%"))
        .unwrap_or_else(|| panic!("no unknown-possible warning in {:?}", history.warnings));
    assert!(
        unknown.starts_with("16 controls without a profile"),
        "{unknown}"
    );
    assert!(unknown.contains("OneAdmin"), "{unknown}");
    assert!(history
        .warnings
        .iter()
        .any(|w| w.starts_with("27 of the 68 controls have no control profile")));
}

#[test]
fn real_capture_services_and_comparisons() {
    let history = real_history();
    let Some(day) = history.latest() else {
        panic!("no day")
    };
    // enabledServices: HasOCAS, HasCLB (skipped), HasMDOP1/2, HasEXOP2, HasSPOP2
    // (+ OneDrive), HasAADFree; controls add Azure ATP (Identity) and MIP/mip_ (Purview).
    assert_eq!(
        day.services,
        [
            Service::ExchangeOnline,
            Service::SharePointOnline,
            Service::OneDrive,
            Service::EntraId,
            Service::DefenderForOffice365,
            Service::DefenderForCloudApps,
            Service::DefenderForIdentity,
            Service::Purview,
        ]
    );
    let labels: Vec<(&str, f64)> = day
        .comparisons
        .iter()
        .map(|c| (c.label.as_str(), c.average_score))
        .collect();
    assert_eq!(
        labels,
        [
            ("All organizations", 54.65),
            ("Organizations with 1–100 seats", 48.98)
        ]
    );
    assert!(day.comparisons[0]
        .categories
        .contains(&(Category::Identity, 36.02, 59.42)));
    assert_eq!(day.comparisons[1].categories.len(), 5);
}

#[test]
fn real_files_are_detected_and_profiles_page_has_a_next_link() {
    let scores = json_of(REAL_SCORES);
    let profiles = json_of(REAL_PROFILES);
    assert_eq!(detect(&scores), Ok(Format::GraphScores));
    assert_eq!(detect(&profiles), Ok(Format::GraphProfiles));
    assert_eq!(
        next_link(&profiles).as_deref(),
        Some("https://graph.microsoft.com/v1.0/security/secureScoreControlProfiles?$skiptoken=00000000-0000-0000-0000-00000000")
    );
    assert_eq!(next_link(&scores), None);
}

#[test]
fn real_on_flags_are_read_from_text() {
    let scores = read(REAL_SCORES).scores;
    let controls = &scores[0].controls;
    // 16 controls have `on`: "true" for indexes 8, 11 and 16, "false" for 13.
    let on: Vec<usize> = (0..controls.len())
        .filter(|&i| controls[i].on == Some(true))
        .collect();
    assert_eq!(on, [8, 11, 16]);
    assert_eq!(controls.iter().filter(|c| c.on == Some(false)).count(), 13);
    assert_eq!(controls[8].count, None);
    assert_eq!(
        (controls[21].count, controls[21].total),
        (Some(1.0), Some(1.0))
    );
}

#[test]
fn real_mixed_case_levels() {
    let profiles = read(REAL_PROFILES).profiles;
    assert_eq!(profiles.len(), 200);
    let count = |pick: fn(&secure_score_core::engine::graph::GraphProfile) -> Level,
                 level: Level| {
        profiles.iter().filter(|p| pick(p) == level).count()
    };
    // implementationCost: "Unknown" 140; "low" 23 + "Low" 5; "Medium" 23 +
    // "medium" 3 + "Moderate" 3; "high" 3.
    let cost = |p: &secure_score_core::engine::graph::GraphProfile| p.implementation_cost;
    assert_eq!(
        [Level::Unknown, Level::Low, Level::Moderate, Level::High].map(|l| count(cost, l)),
        [140, 28, 29, 3]
    );
    // userImpact: "Unknown" 138 + null 19; "low" 16 + "Low" 2; "Moderate" 6 +
    // "medium" 3 + "moderate" 2; "high" 8 + "High" 6.
    let impact = |p: &secure_score_core::engine::graph::GraphProfile| p.user_impact;
    assert_eq!(
        [Level::Unknown, Level::Low, Level::Moderate, Level::High].map(|l| count(impact, l)),
        [157, 18, 11, 14]
    );
}

// ----------------------------------------------------------------- variants

#[test]
fn powershell_fixture_reads_additional_properties() {
    let history = history_of(&json_of(PS_SCORES), Some(&json_of(PS_PROFILES)));
    let Some(day) = history.latest() else {
        panic!("no day")
    };
    assert_eq!(
        day.shown(),
        Points {
            earned: 128.0,
            possible: 274.0
        }
    );
    // Possible: mdo_atpprotection 5 + dlp 5 + AdminMFAV2 10 (profiles)
    // + zapmalware 6/1.00 = 6 + SSPR 1/1.00 = 1 (derived) + mip_auto 0 = 27.
    // Earned: 0 + 5 + 10 + 6 + 1 + 0 = 22.
    assert_eq!((day.earned(), day.possible()), (22.0, 27.0));
    let Some(zap) = day.control("mdo_zapmalware") else {
        panic!("mdo_zapmalware missing")
    };
    assert_eq!(
        zap.progress,
        Some(Progress {
            done: 1.0,
            total: 1.0
        })
    );
    assert!(zap.note.starts_with("<p> 100% of users"));
    assert_eq!(
        day.comparisons
            .iter()
            .map(|c| c.label.as_str())
            .collect::<Vec<_>>(),
        ["All organizations", "Organizations with 1–100 seats"]
    );
    assert_eq!(day.comparisons[1].categories.len(), 5);
    assert_eq!(history.info("AdminMFAV2").map(|i| i.threats.len()), Some(3));
    let scores = read(PS_SCORES).scores;
    assert_eq!(scores[0].controls[1].on, Some(true));
}

/// `ConvertTo-Json` of the PowerShell SDK's objects: PascalCase keys, and a
/// control score's unmodeled properties under `AdditionalProperties`.
fn powershell_shape(value: &Value) -> Value {
    const MODELED: [&str; 4] = ["controlCategory", "controlName", "description", "score"];
    match value {
        Value::Array(items) => Value::Array(items.iter().map(powershell_shape).collect()),
        Value::Object(map) => {
            let is_control_score = map.contains_key("controlName");
            let mut out = serde_json::Map::new();
            let mut extra = serde_json::Map::new();
            for (key, item) in map {
                if is_control_score && !MODELED.contains(&key.as_str()) {
                    extra.insert(key.clone(), item.clone());
                } else {
                    let mut pascal = key.clone();
                    if let Some(first) = pascal.get_mut(0..1) {
                        first.make_ascii_uppercase();
                    }
                    out.insert(pascal, powershell_shape(item));
                }
            }
            out.insert("AdditionalProperties".into(), Value::Object(extra));
            Value::Object(out)
        }
        other => other.clone(),
    }
}

#[test]
fn pascal_case_whole_files_import_the_same() {
    let scores = json_of(REAL_SCORES);
    let profiles = json_of(REAL_PROFILES);
    let shaped_scores = powershell_shape(&scores["value"]);
    let shaped_profiles = powershell_shape(&profiles["value"]);
    assert!(
        shaped_scores[0]["ControlScores"][0]["AdditionalProperties"]["scoreInPercentage"]
            .is_number()
    );
    assert_eq!(
        history_of(&shaped_scores, Some(&shaped_profiles)),
        real_history()
    );
}

#[test]
fn bare_list_single_object_and_pages_import_the_same() {
    let expected = real_history();
    let scores = json_of(REAL_SCORES);
    let profiles = json_of(REAL_PROFILES);
    let bare = scores["value"].clone();
    let single = scores["value"][0].clone();
    let pages_of_scores = json!([scores.clone()]);
    assert_eq!(history_of(&bare, Some(&profiles)), expected);
    assert_eq!(history_of(&single, Some(&profiles)), expected);
    assert_eq!(history_of(&pages_of_scores, Some(&profiles)), expected);
    // Profiles in two pages: 120 then 80.
    let Some(all) = profiles["value"].as_array() else {
        panic!("profiles are not a page")
    };
    let (first, second) = all.split_at(120);
    let pages = json!([
        {"@odata.nextLink": "https://graph.microsoft.com/next", "value": first},
        {"value": second}
    ]);
    assert_eq!(history_of(&scores, Some(&pages)), expected);
    assert_eq!(next_link(&pages), None);
    let bare_profiles = profiles["value"].clone();
    assert_eq!(history_of(&scores, Some(&bare_profiles)), expected);
}

/// Every number written as text: `128` → `"128"`.
fn numbers_as_text(value: &Value) -> Value {
    match value {
        Value::Number(number) => Value::String(number.to_string()),
        Value::Array(items) => Value::Array(items.iter().map(numbers_as_text).collect()),
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(key, item)| (key.clone(), numbers_as_text(item)))
                .collect(),
        ),
        other => other.clone(),
    }
}

#[test]
fn numbers_as_text_import_the_same() {
    let scores = numbers_as_text(&json_of(REAL_SCORES));
    let profiles = numbers_as_text(&json_of(REAL_PROFILES));
    assert_eq!(scores["value"][0]["controlScores"][23]["score"], json!("6"));
    assert_eq!(history_of(&scores, Some(&profiles)), real_history());
}

#[test]
fn comparisons_are_found_by_basis_in_any_order() {
    let page = real_page_with(|score| {
        score["averageComparativeScores"] = json!([
            {"basis": "IndustryTypes", "averageScore": 40.5, "categoryValue": "Technology",
             "identityScore": 30, "identityScoreMax": 60},
            {"basis": "TotalSeats", "averageScore": 48.98, "SeatSizeRangeUpperValue": "100",
             "SeatSizeRangeLowerValue": "1"},
            {"averageScore": 54.65, "basis": "AllTenants", "dataScore": 0.46, "dataScoreMax": 3.27}
        ]);
    });
    let history = history_of(&page, None);
    let Some(day) = history.latest() else {
        panic!("no day")
    };
    let found: Vec<(&str, &str, f64)> = day
        .comparisons
        .iter()
        .map(|c| (c.basis.as_str(), c.label.as_str(), c.average_score))
        .collect();
    assert_eq!(
        found,
        [
            ("AllTenants", "All organizations", 54.65),
            ("TotalSeats", "Organizations with 1–100 seats", 48.98),
            ("IndustryTypes", "Organizations in Technology", 40.5),
        ]
    );
    assert_eq!(
        day.comparisons[0].categories,
        [(Category::Data, 0.46, 3.27)]
    );
    assert_eq!(
        day.comparisons[2].categories,
        [(Category::Identity, 30.0, 60.0)]
    );
}

fn score_on(created: &str, current: f64) -> Value {
    let mut score = real_score_object();
    score["createdDateTime"] = json!(created);
    score["currentScore"] = json!(current);
    score
}

#[test]
fn days_given_newest_first_come_out_oldest_first() {
    let page = json!({"value": [
        score_on("2024-01-03T00:00:00Z", 130.0),
        score_on("2024-01-02T00:00:00Z", 129.0),
        score_on("2024-01-01T00:00:00Z", 128.0),
    ]});
    let history = history_of(&page, Some(&json_of(REAL_PROFILES)));
    let days: Vec<(String, f64)> = history
        .days
        .iter()
        .map(|d| (d.date.to_string(), d.shown().earned))
        .collect();
    assert_eq!(
        days,
        [
            ("2024-01-01".to_string(), 128.0),
            ("2024-01-02".to_string(), 129.0),
            ("2024-01-03".to_string(), 130.0)
        ]
    );
    // Days 2 and 3 report 129 and 130 but their controls still sum to 128,
    // and all three have 274 reported against 229 recomputed possible.
    assert!(
        history
            .warnings
            .iter()
            .any(|w| w.contains("On 3 days out of 3")
                && w.contains(
                    "(the newest: 3 Jan 2024, reported 130 of 274, recomputed 128 of 229)"
                )),
        "{:?}",
        history.warnings
    );
    // The same control warnings once, not once per day.
    assert_eq!(
        history
            .warnings
            .iter()
            .filter(|w| w.contains("never scored above 0%"))
            .count(),
        1
    );
}

#[test]
fn duplicate_day_keeps_the_latest() {
    let page = json!({"value": [
        score_on("2024-01-01T12:00:00Z", 128.0),
        score_on("2024-01-01T00:30:00Z", 100.0),
        score_on("2023-12-31T23:59:59Z", 90.0),
    ]});
    let history = history_of(&page, None);
    let days: Vec<(String, f64)> = history
        .days
        .iter()
        .map(|d| (d.date.to_string(), d.shown().earned))
        .collect();
    // 12:00 is later than 00:30 on 2024-01-01: 128 wins over 100.
    assert_eq!(
        days,
        [
            ("2023-12-31".to_string(), 90.0),
            ("2024-01-01".to_string(), 128.0)
        ]
    );
    assert!(history.warnings.iter().any(|w| w.starts_with(
        "1 secure score fell on a date that already had one (the newest on 1 Jan 2024)"
    )));
}

#[test]
fn without_profiles_every_control_is_derived() {
    let history = history_of(&json_of(REAL_SCORES), None);
    let Some(day) = history.latest() else {
        panic!("no day")
    };
    // Every control at 100% derives possible = score, the rest count 0:
    // possible = earned = 128.
    assert_eq!((day.earned(), day.possible()), (128.0, 128.0));
    assert!(history
        .warnings
        .iter()
        .any(|w| w.starts_with("No control profiles were imported")));
}

// ------------------------------------------------------------------- errors

#[test]
fn trailing_comma_of_a_documentation_example_says_where() {
    let text = "{\n  \"value\": [\n    {\n      \"createdDateTime\": \"2019-03-19T15:21:00Z\",\n      \"currentScore\": 387.0,\n    }\n  ]\n}\n";
    let Err(error) = parse_bytes(text.as_bytes()) else {
        panic!("a trailing comma parsed")
    };
    // The `}` after the trailing comma: line 6, after 4 spaces → column 5.
    assert_eq!(error.path, "line 6, column 5");
    assert!(
        error.message.contains("trailing comma"),
        "{}",
        error.message
    );
    assert_eq!(
        error.to_string(),
        format!("line 6, column 5: {}", error.message)
    );
}

#[test]
fn score_that_is_an_object_names_its_path() {
    let page = real_page_with(|score| score["controlScores"][7]["score"] = json!({"value": 3}));
    let error = import_error(&page, None);
    assert_eq!(error.path, "value[0].controlScores[7].score");
    assert_eq!(error.message, "expected a number, found an object");
}

#[test]
fn nan_like_and_negative_scores_are_refused() {
    for (bad, message) in [
        (
            json!("NaN"),
            "expected a finite number, found the text \"NaN\"",
        ),
        (
            json!("-Infinity"),
            "expected a finite number, found the text \"-Infinity\"",
        ),
        (
            json!(-1),
            "expected zero or more, found the negative number -1",
        ),
        (
            json!("-0.5"),
            "expected zero or more, found the negative number -0.5",
        ),
    ] {
        let page = real_page_with(|score| score["controlScores"][2]["score"] = bad.clone());
        assert_eq!(
            import_error(&page, None),
            ImportError::new("value[0].controlScores[2].score", message)
        );
    }
    let page = real_page_with(|score| score["maxScore"] = json!(-274));
    assert_eq!(import_error(&page, None).path, "value[0].maxScore");
    // One profile of 200 unusable: left out, the others describe the scores.
    let mut profiles = json_of(REAL_PROFILES);
    profiles["value"][5]["maxScore"] = json!("NaN");
    let history = history_of(&json_of(REAL_SCORES), Some(&profiles));
    assert_eq!(
        history.warnings[0],
        "1 control profile could not be read and was left out (the first: \
         value[5].maxScore: expected a finite number, found the text \"NaN\"); 199 other \
         control profiles are imported."
    );
    // None usable: the error, in the control profiles.
    let only_bad = json!({ "value": [profiles["value"][5].clone()] });
    assert_eq!(
        import_error(&json_of(REAL_SCORES), Some(&only_bad)),
        ImportError::new(
            "value[0].maxScore",
            "expected a finite number, found the text \"NaN\" (in the control profiles)"
        )
    );
}

#[test]
fn missing_required_fields_are_named() {
    let page = real_page_with(|score| {
        if let Some(control) = score["controlScores"][3].as_object_mut() {
            control.remove("controlName");
        }
    });
    assert_eq!(
        import_error(&page, None),
        ImportError::new(
            "value[0].controlScores[3].controlName",
            "this required field is missing"
        )
    );
    let page = real_page_with(|score| score["controlScores"][4]["controlName"] = Value::Null);
    assert_eq!(
        import_error(&page, None).path,
        "value[0].controlScores[4].controlName"
    );
    let page = real_page_with(|score| score["createdDateTime"] = json!("last Monday"));
    let error = import_error(&page, None);
    assert_eq!(error.path, "value[0].createdDateTime");
    assert!(
        error.message.starts_with("expected a date and time"),
        "{}",
        error.message
    );
}

#[test]
fn unusable_files_say_why() {
    let Err(empty) = parse_bytes(b"") else {
        panic!("empty parsed")
    };
    assert_eq!(empty, ImportError::new("", "the file is empty"));

    let text = std::str::from_utf8(REAL_SCORES).unwrap_or_else(|e| panic!("{e}"));
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    let Err(error) = parse_bytes(&utf16) else {
        panic!("UTF-16 parsed")
    };
    assert!(
        error.message.starts_with("the file is UTF-16 encoded"),
        "{}",
        error.message
    );

    // A PNG header: its first NUL byte is at offset 8.
    let Err(binary) = parse_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR") else {
        panic!("binary parsed")
    };
    assert!(
        binary.message.contains("NUL byte at byte offset 8"),
        "{}",
        binary.message
    );
}

#[test]
fn wrong_or_empty_files_are_refused_by_import() {
    let profiles = json_of(REAL_PROFILES);
    assert_eq!(
        import_error(&profiles, None).message,
        "this file holds Microsoft Graph secureScoreControlProfiles, not Microsoft Graph secureScores"
    );
    let scores = json_of(REAL_SCORES);
    assert_eq!(
        import_error(&scores, Some(&scores)).message,
        "this file holds Microsoft Graph secureScores, not Microsoft Graph secureScoreControlProfiles"
    );
    let empty_page = json!({"@odata.context": "https://graph.microsoft.com/v1.0/$metadata#security/secureScores", "value": []});
    assert!(import_error(&empty_page, None)
        .message
        .starts_with("the file holds no secure scores"));
    assert_eq!(
        import_error(&json!([1, 2, 3]), None).message,
        "this JSON is an array of 3 numbers; expected Microsoft Graph secureScores, \
         secureScoreControlProfiles, or a Secure Score snapshot or catalog file"
    );
}

// --------------------------------------------------------------- robustness

#[test]
fn every_truncation_of_the_real_file_fails_cleanly() {
    let content_end = REAL_SCORES.trim_ascii_end().len();
    for end in (0..content_end).step_by(37).chain([content_end - 1]) {
        let Some(prefix) = REAL_SCORES.get(..end) else {
            panic!("bad offset {end}")
        };
        assert!(
            parse_bytes(prefix).is_err(),
            "a prefix of {end} bytes parsed"
        );
    }
    assert!(parse_bytes(&REAL_SCORES[..content_end]).is_ok());
}

/// Every JSON pointer of a value, e.g. `/value/0/controlScores/7/score`.
fn pointers(value: &Value, at: String, into: &mut Vec<String>) {
    match value {
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                pointers(item, format!("{at}/{index}"), into);
            }
        }
        Value::Object(map) => {
            for (key, item) in map {
                let escaped = key.replace('~', "~0").replace('/', "~1");
                pointers(item, format!("{at}/{escaped}"), into);
            }
        }
        _ => {}
    }
    into.push(at);
}

fn nasty_values() -> Vec<Value> {
    vec![
        Value::Null,
        json!(-1),
        json!(-0.0),
        json!(0),
        json!(1e308),
        json!(u64::MAX),
        json!("NaN"),
        json!("1e400"),
        json!("-5"),
        json!(""),
        json!("true"),
        json!("2024-13-45T00:00:00Z"),
        json!("/Date(99999999999999999)/"),
        json!("Microsoft.Graph.PowerShell.Models.MicrosoftGraphControlScore"),
        json!({}),
        json!([]),
        json!([null]),
        json!({"value": []}),
        json!(true),
    ]
}

/// Imports and, when it works, reads every view of the result.
/// An import of any input gives an error or a history that holds the
/// engine's invariants.
fn import_is_sound(scores: &Value, profiles: Option<&Value>) {
    if let Ok(history) = import(scores, profiles) {
        common::assert_invariants(&history);
    }
    let _ = detect(scores);
    let _ = next_link(scores);
}

#[test]
fn the_invariant_check_fails_on_a_broken_history() {
    let good = import_graph(
        scores_json(3, 4, 0).as_bytes(),
        Some(profiles_json(4).as_bytes()),
    )
    .expect("generated input imports");
    common::assert_invariants(&good);
    let mut swapped = good.clone();
    swapped.days.swap(0, 1);
    let mut unsorted = good.clone();
    unsorted.days[0].controls.swap(0, 1);
    let mut negative = good;
    negative.days[2].controls[0].earned = -1.0;
    for broken in [swapped, unsorted, negative] {
        assert!(std::panic::catch_unwind(|| common::assert_invariants(&broken)).is_err());
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 160,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn mutated_values_give_sound_histories(
        edits in prop::collection::vec((any::<prop::sample::Index>(), 0..19_usize, any::<bool>()), 1..5)
    ) {
        let mut scores = json_of(REAL_SCORES);
        let mut profiles = json_of(REAL_PROFILES);
        let nasty = nasty_values();
        for (place, replacement, in_scores) in edits {
            let target = if in_scores { &mut scores } else { &mut profiles };
            let mut all = Vec::new();
            pointers(target, String::new(), &mut all);
            let pointer = place.get(&all).clone();
            let new_value = nasty.get(replacement).cloned().unwrap_or(Value::Null);
            if pointer.is_empty() {
                *target = new_value;
            } else if let Some(slot) = target.pointer_mut(&pointer) {
                *slot = new_value;
            }
        }
        import_is_sound(&scores, Some(&profiles));
    }

    #[test]
    fn mutated_bytes_give_sound_histories(
        edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..6),
        cut in any::<prop::sample::Index>(),
    ) {
        let mut bytes = PS_SCORES.to_vec();
        for (place, byte) in edits {
            let at = place.index(bytes.len());
            bytes[at] = byte;
        }
        let keep = cut.index(bytes.len().saturating_add(1)).max(bytes.len() / 2);
        bytes.truncate(keep);
        if let Ok(value) = parse_bytes(&bytes) {
            import_is_sound(&value, Some(&json_of(PS_PROFILES)));
        }
    }
}

// ------------------------------------------------------ fast path (bytes)

/// What the lenient path gives for the files' bytes: JSON values, then
/// [`import`].
fn lenient_import(scores: &[u8], profiles: Option<&[u8]>) -> Result<TenantHistory, ImportError> {
    let scores = parse_bytes(scores)?;
    let profiles = profiles.map(parse_bytes).transpose()?;
    import(&scores, profiles.as_ref())
}

fn data_fixtures() -> Vec<(String, Vec<u8>)> {
    let dir = format!("{}/../../tests/fixtures/data", env!("CARGO_MANIFEST_DIR"));
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{dir}: {e}"))
        .filter_map(Result::ok)
        .map(|entry| {
            let name = entry.file_name().to_string_lossy().to_string();
            let bytes = std::fs::read(entry.path()).unwrap_or_else(|e| panic!("{name}: {e}"));
            (name, bytes)
        })
        .collect();
    files.sort();
    files
}

#[test]
fn importing_bytes_gives_the_lenient_history() {
    let synthetic_scores = scores_json(30, 12, 0);
    let synthetic_profiles = profiles_json(10);
    let cases: [(&[u8], Option<&[u8]>); 6] = [
        (REAL_SCORES, Some(REAL_PROFILES)),
        (REAL_SCORES, None),
        (PS_SCORES, Some(PS_PROFILES)),
        (PS_SCORES, Some(REAL_PROFILES)),
        (
            synthetic_scores.as_bytes(),
            Some(synthetic_profiles.as_bytes()),
        ),
        (synthetic_scores.as_bytes(), None),
    ];
    for (scores, profiles) in cases {
        let fast = import_graph(scores, profiles);
        assert!(fast.is_ok(), "{fast:?}");
        assert_eq!(fast, lenient_import(scores, profiles));
    }
}

#[test]
fn importing_bytes_gives_the_lenient_errors() {
    // A profiles file given as scores, and scores given as profiles.
    assert_eq!(
        import_graph(REAL_PROFILES, None),
        lenient_import(REAL_PROFILES, None)
    );
    assert_eq!(
        import_graph(REAL_SCORES, Some(REAL_SCORES)),
        lenient_import(REAL_SCORES, Some(REAL_SCORES))
    );
    for (name, bytes) in data_fixtures() {
        assert_eq!(
            import_graph(&bytes, None),
            lenient_import(&bytes, None),
            "{name}"
        );
        // What a file holds, or why it cannot be read: the same either way.
        assert_eq!(
            file::read(&bytes).map(|content| content.format()),
            parse_bytes(&bytes).and_then(|value| detect(&value)),
            "{name}"
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 24,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    /// Generated histories of any size, in each envelope Graph uses.
    #[test]
    fn generated_histories_import_the_same_from_bytes(
        days in 1..40_usize,
        controls in 1..30_usize,
        padding in 0..40_usize,
        envelope in 0..3_usize,
    ) {
        let page = scores_json(days, controls, padding);
        let text = match envelope {
            0 => page,
            1 => format!("[{page}, {page}]"),
            _ => json_of(page.as_bytes())["value"].to_string(),
        };
        let profiles = profiles_json(controls.div_ceil(2));
        let read = file::read(text.as_bytes());
        prop_assert!(matches!(read, Ok(file::Content::GraphScores(_))));
        let fast = import_graph(text.as_bytes(), Some(profiles.as_bytes()));
        prop_assert!(fast.is_ok());
        prop_assert_eq!(fast, lenient_import(text.as_bytes(), Some(profiles.as_bytes())));
    }
}
