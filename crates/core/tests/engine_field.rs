//! Graph data as tenants and tools really produce it (issue 17, "Data from
//! the field"): each shape of `tests/fixtures/field/` imported as the app
//! imports uploads, with what it must compute and the warnings it must give.

mod common;

use chrono::NaiveDate;
use proptest::arbitrary::Arbitrary;
use secure_score_core::engine::detect::Format;
use secure_score_core::engine::file::{self, Content};
use secure_score_core::engine::model::{Category, ControlInfo, Progress, TenantHistory};
use secure_score_core::sources::import::{import, parse, Batch, Imported, Report};

fn fixture(name: &str) -> Vec<u8> {
    let path = format!(
        "{}/../../tests/fixtures/field/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 26).unwrap_or_default()
}

/// The fixtures uploaded together.
fn batch(names: &[&str]) -> Batch {
    let inputs = names
        .iter()
        .map(|name| parse(name, &fixture(name)).map_err(|e| (name.to_string(), e)))
        .collect();
    import(inputs, None, today())
}

/// The one history of the fixtures, their reports, and no error.
fn imported(names: &[&str]) -> (Imported, Vec<Report>) {
    let mut batch = batch(names);
    let errors: Vec<_> = batch.errors().collect();
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(batch.histories.len(), 1);
    (batch.histories.remove(0), batch.reports)
}

/// The warnings of an import but the one every import without control
/// profiles gives.
fn warnings(imported: &Imported) -> Vec<&str> {
    imported
        .warnings
        .iter()
        .map(String::as_str)
        .filter(|w| !w.starts_with("No control profiles were imported: "))
        .collect()
}

/// The one history of a fixture that must import without any other
/// warning.
fn clean(name: &str) -> TenantHistory {
    let (imported, _) = imported(&[name]);
    assert_eq!(warnings(&imported), Vec::<&str>::new(), "{name}");
    imported.history
}

fn dates(history: &TenantHistory) -> Vec<String> {
    history
        .days
        .iter()
        .map(|day| day.date.to_string())
        .collect()
}

fn info<'h>(history: &'h TenantHistory, id: &str) -> Option<&'h ControlInfo> {
    history.controls.iter().find(|c| c.id == id)
}

fn labels(history: &TenantHistory, day: usize) -> Vec<String> {
    history.days[day]
        .comparisons
        .iter()
        .map(|c| format!("{} {}", c.label, c.average_score))
        .collect()
}

// ------------------------------------------- optional parts, bad records

#[test]
fn minus_one_comparison_averages_skip_those_comparisons_only() {
    let (imported, _) = imported(&["minus-one-comparisons.json"]);
    let history = &imported.history;
    assert_eq!(
        dates(history),
        ["2026-11-01", "2026-11-02", "2026-11-03", "2026-11-04"]
    );
    assert_eq!(
        warnings(&imported),
        [
            "minus-one-comparisons.json: averageComparativeScores skipped on 3 days \
             (2026-11-01, 2026-11-02, 2026-11-03): \
             value[1].averageComparativeScores[0].averageScore: expected zero or more, found \
             the negative number -1."
        ]
    );
    // The usable comparison of those days is kept; the last day has both.
    assert_eq!(labels(history, 0), ["Organizations with 1–100 seats 48.98"]);
    assert_eq!(
        labels(history, 3),
        [
            "All organizations 54.65",
            "Organizations with 1–100 seats 48.98"
        ]
    );
    // The scores themselves are all there.
    assert!(history.days.iter().all(|day| day.shown().earned == 11.0));
}

#[test]
fn unusable_optional_parts_are_skipped_by_field_and_day() {
    let (imported, _) = imported(&["optional-parts.json"]);
    let history = &imported.history;
    assert_eq!(dates(history), ["2026-11-01", "2026-11-02"]);
    assert_eq!(
        warnings(&imported),
        [
            "optional-parts.json: controlScores.on skipped on 1 day (2026-11-02): \
             value[0].controlScores[0].on: expected true or false, found the text \"maybe\".",
            "optional-parts.json: licensedUserCount skipped on 1 day (2026-11-02): \
             value[0].licensedUserCount: expected zero or more, found the negative number -5.",
            "optional-parts.json: controlScores.description skipped on 1 day (2026-11-01): \
             value[1].controlScores[0].description: expected text, found an object.",
            "optional-parts.json: controlScores.implementationStatus skipped on 1 day \
             (2026-11-01): value[1].controlScores[0].implementationStatus: expected text, found \
             an array of 1 item.",
            "optional-parts.json: controlScores.scoreInPercentage skipped on 1 day \
             (2026-11-01): value[1].controlScores[0].scoreInPercentage: expected a number, \
             found the text \"n/a\".",
            "optional-parts.json: enabledServices skipped on 1 day (2026-11-01): \
             value[1].enabledServices: expected text, found an object.",
        ]
    );
    let (older, newer) = (&history.days[0], &history.days[1]);
    assert_eq!(newer.licensed_users, None);
    assert_eq!(newer.active_users, Some(20));
    // Without its percentage that day, AdminMFAV2's 10 points possible come
    // from the other day (10 at 100%).
    assert_eq!(older.control("AdminMFAV2").map(|c| c.possible), Some(10.0));
    assert_eq!(older.shown().earned, 11.0);
}

#[test]
fn days_without_what_the_score_needs_are_left_out_alone() {
    let (imported, reports) = imported(&["bad-days.json"]);
    assert_eq!(dates(&imported.history), ["2026-11-01", "2026-11-04"]);
    assert_eq!(
        warnings(&imported),
        [
            "bad-days.json: 2 secure scores could not be read and were left out (the first: \
             value[1].createdDateTime: expected a date and time such as 2024-01-01T00:00:00Z, \
             found the text \"soon\"); 2 other secure scores are imported."
        ]
    );
    assert_eq!(reports[0].days, Some(2));
}

#[test]
fn unusable_profile_parts_and_profiles_are_skipped_by_id() {
    let (imported, reports) = imported(&["bad-days.json", "profile-parts.json"]);
    assert_eq!(reports[1].detail, "2 control profiles");
    assert_eq!(
        warnings(&imported)[1..],
        [
            "profile-parts.json: threats skipped on 1 control profile (AdminMFAV2): \
             value[0].threats: expected text, found an object.",
            "profile-parts.json: rank skipped on 1 control profile (DLPEnabled): \
             value[1].rank: expected a number, found the text \"high\".",
            "profile-parts.json: controlStateUpdates skipped on 1 control profile \
             (DLPEnabled): value[1].controlStateUpdates: expected an array, found the text \
             \"Default\".",
            "profile-parts.json: 1 control profile could not be read and was left out (the \
             first: value[2].maxScore: this required field is missing); 2 other control \
             profiles are imported.",
        ]
    );
    assert!(warnings(&imported)[0].starts_with("bad-days.json: "));
    let mfa = info(&imported.history, "AdminMFAV2");
    assert_eq!(
        mfa.map(|c| (c.title.as_str(), c.threats.len())),
        Some(("Require MFA for administrative roles", 0))
    );
}

// ------------------------------------------------------------- wrappers

#[test]
fn a_logic_app_response_body_is_found_and_named() {
    let (imported, reports) = imported(&["logic-app.json"]);
    assert_eq!(dates(&imported.history), ["2026-11-01", "2026-11-02"]);
    assert_eq!(warnings(&imported), Vec::<&str>::new());
    assert_eq!(reports[0].format, Some(Format::GraphScores));
    assert_eq!(reports[0].detail, "secureScores found at body.value");
    assert_eq!(reports[0].days, Some(2));
}

#[test]
fn a_workflow_result_with_wrapped_profiles_imports_both() {
    let (imported, reports) = imported(&["msp-workflow.json"]);
    assert_eq!(dates(&imported.history), ["2026-11-01", "2026-11-02"]);
    assert_eq!(
        reports[0].detail,
        "2 control profiles; secureScores found at result; \
         secureScoreControlProfiles found at control_profiles"
    );
    assert_eq!(imported.inputs, ["msp-workflow.json"]);
    // The profiles describe the scores: titles, and points possible 10 + 10.
    let titles: Vec<&str> = imported
        .history
        .controls
        .iter()
        .map(|c| c.title.as_str())
        .collect();
    assert_eq!(
        titles,
        [
            "Require MFA for administrative roles",
            "Turn on data loss prevention policies"
        ]
    );
    assert_eq!(imported.history.days[1].possible(), 20.0);
    assert_eq!(warnings(&imported), Vec::<&str>::new());
}

#[test]
fn a_script_output_with_a_page_inside_is_found() {
    let (imported, reports) = imported(&["script-output.json"]);
    assert_eq!(reports[0].detail, "secureScores found at scores.value");
    assert_eq!(dates(&imported.history), ["2026-11-01", "2026-11-02"]);
    assert_eq!(warnings(&imported), Vec::<&str>::new());
}

#[test]
fn the_fast_path_declines_wrappers() {
    for name in ["logic-app.json", "msp-workflow.json", "script-output.json"] {
        let read = file::read(&fixture(name));
        assert!(
            matches!(
                read,
                Ok(Content::Json {
                    format: Format::GraphScores,
                    ..
                })
            ),
            "{name}"
        );
    }
}

// ------------------------------------------------- documentation examples

#[test]
fn documentation_examples_import_despite_trailing_commas_and_key_spaces() {
    let (imported, _) = imported(&["docs-example.json"]);
    let history = &imported.history;
    assert_eq!(dates(history), ["2026-11-01"]);
    assert_eq!(
        warnings(&imported),
        [
            "docs-example.json: The file has 10 trailing commas (a comma before a closing \
             bracket, the first at line 14, column 21), as documentation examples do: JSON \
             does not allow them, they were ignored."
        ]
    );
    // "controlName ", "score ", "averageScore " were read.
    let day = &history.days[0];
    assert_eq!(day.control("AdminMFAV2").map(|c| c.earned), Some(10.0));
    assert_eq!(day.earned(), 11.0);
    assert_eq!(labels(history, 0), ["All organizations 54.65"]);
}

#[test]
fn what_cannot_be_recovered_is_still_refused_where_it_is() {
    let batch = batch(&["docs-example-broken.json"]);
    let errors: Vec<_> = batch.errors().collect();
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].1.path, "line 18, column 19");
    assert_eq!(
        errors[0].1.message,
        "expected a colon `:` after the field name"
    );
}

// --------------------------------------------- values in unusual spellings

#[test]
fn numbers_and_flags_as_text_import() {
    let history = clean("text-values.json");
    let day = &history.days[0];
    assert_eq!(day.shown().earned, 11.0);
    assert_eq!(day.shown().possible, 20.0);
    assert_eq!((day.licensed_users, day.active_users), (Some(25), Some(20)));
    assert_eq!(
        day.control("AdminMFAV2").and_then(|c| c.progress),
        Some(Progress {
            done: 3.0,
            total: 4.0
        })
    );
    assert_eq!(day.control("DLPEnabled").map(|c| c.earned), Some(1.0));
}

#[test]
fn fractional_score_in_percentage_derives_points_possible() {
    let history = clean("fractional-percentage.json");
    let day = &history.days[0];
    let possible = |id: &str| day.control(id).map_or(0.0, |c| c.possible);
    // 1 point at 33.33%: 1 / 0.3333; 2.5 points at 62.5%: 4.
    assert!((possible("AdminMFAV2") - 1.0 / 0.3333).abs() < 1e-9);
    assert_eq!(possible("DLPEnabled"), 4.0);
}

#[test]
fn count_without_total_has_no_progress() {
    let history = clean("count-without-total.json");
    let day = &history.days[0];
    assert_eq!(day.control("AdminMFAV2").map(|c| c.progress), Some(None));
    assert_eq!(
        day.control("DLPEnabled").and_then(|c| c.progress),
        Some(Progress {
            done: 1.0,
            total: 10.0
        })
    );
}

#[test]
fn controls_without_on_import() {
    let history = clean("on-missing.json");
    assert_eq!(history.days[0].controls.len(), 2);
    assert_eq!(history.days[0].earned(), 11.0);
}

#[test]
fn no_licensed_users_with_active_users_import() {
    let history = clean("licensed-zero.json");
    let day = &history.days[0];
    assert_eq!((day.licensed_users, day.active_users), (Some(0), Some(12)));
}

#[test]
fn pascal_case_comparison_keys_import() {
    let history = clean("pascal-comparisons.json");
    assert_eq!(
        labels(&history, 0),
        [
            "All organizations 54.65",
            "Organizations with 1–100 seats 48.98",
            "Organizations in Healthcare 40"
        ]
    );
    assert_eq!(
        history.days[0].comparisons[0].categories,
        [(Category::Identity, 20.1, 59.5)]
    );
}

#[test]
fn html_with_doubled_quotes_is_kept_as_written() {
    let history = clean("html-doubled-quotes.json");
    let day = &history.days[0];
    assert_eq!(
        day.control("AdminMFAV2").map(|c| c.note.as_str()),
        Some("You have <b class=\"\"ok\"\">2 of 2</b> admins with MFA.")
    );
    assert!(info(&history, "AdminMFAV2").is_some_and(|c| c.description.contains(
        "<a href=\"\"https://learn.microsoft.com/entra/identity/authentication/concept-mfa-howitworks\"\""
    )));
}

// ------------------------------------------------------------- properties

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig {
        cases: 64,
        failure_persistence: None,
        ..proptest::prelude::ProptestConfig::default()
    })]

    /// Any byte of the documentation example or of a wrapper replaced, and
    /// the text cut anywhere: an import that holds the engine's invariants,
    /// or an error; never a panic.
    #[test]
    fn edited_field_files_give_sound_histories(
        which in 0..3_usize,
        edits in proptest::collection::vec(
            (proptest::sample::Index::arbitrary(), proptest::prelude::any::<u8>()),
            1..4,
        ),
        cut in proptest::sample::Index::arbitrary(),
    ) {
        let name = ["docs-example.json", "msp-workflow.json", "profile-parts.json"][which];
        let mut bytes = fixture(name);
        for (place, byte) in edits {
            let at = place.index(bytes.len());
            bytes[at] = byte;
        }
        bytes.truncate(cut.index(bytes.len().saturating_add(1)).max(bytes.len() / 2));
        let input = parse(name, &bytes).map_err(|e| (name.to_string(), e));
        let batch = import(vec![input], None, today());
        proptest::prop_assert_eq!(batch.reports.len(), 1);
        for imported in &batch.histories {
            common::assert_invariants(&imported.history);
        }
    }
}
