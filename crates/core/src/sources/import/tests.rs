use super::*;

fn fixture(path: &str) -> Vec<u8> {
    let full = format!("{}/../../tests/fixtures/{path}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&full).unwrap_or_else(|e| panic!("{full}: {e}"))
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 26).unwrap_or_default()
}

/// Parses and imports fixtures as one batch.
fn batch(paths: &[&str]) -> Batch {
    let inputs = paths
        .iter()
        .map(|path| {
            let name = path.rsplit('/').next().unwrap_or(path).to_string();
            parse(&name, &fixture(path)).map_err(|e| (name, e))
        })
        .collect();
    import(inputs, None, today())
}

fn only_error(paths: &[&str]) -> ImportError {
    let b = batch(paths);
    assert!(b.histories.is_empty(), "imported {:?}", b.histories.len());
    let errors: Vec<_> = b.errors().collect();
    assert_eq!(errors.len(), 1, "{errors:?}");
    errors[0].1.clone()
}

fn warnings(paths: &[&str]) -> Vec<String> {
    let b = batch(paths);
    assert_eq!(
        b.errors().count(),
        0,
        "{:?}",
        b.errors().collect::<Vec<_>>()
    );
    b.histories
        .iter()
        .flat_map(|h| h.warnings.clone())
        .collect()
}

#[test]
fn real_graph_scores_and_profiles_are_joined() {
    let b = batch(&["graph-real/secureScore.json", "graph-real/profiles.json"]);
    assert_eq!(b.errors().count(), 0);
    assert_eq!(b.histories.len(), 1);
    let h = &b.histories[0];
    assert_eq!(h.inputs, ["secureScore.json", "profiles.json"]);
    let day = h.history.latest().unwrap();
    assert_eq!(day.shown().earned, 128.0);
    assert_eq!(day.shown().possible, 274.0);
    // Profiles gave titles.
    assert!(h.history.controls.iter().any(|c| c.title != c.id));
    assert_eq!(b.reports[0].format, Some(Format::GraphScores));
    assert_eq!(b.reports[0].days, Some(1));
    assert_eq!(
        b.reports[0].tenants,
        ["12345678-1234-1234-1234-1234567890abcd"]
    );
    assert_eq!(b.reports[1].format, Some(Format::GraphProfiles));
    assert_eq!(b.reports[1].detail, "200 control profiles");
}

#[test]
fn powershell_output_is_read() {
    let b = batch(&[
        "graph-powershell/secureScores.json",
        "graph-powershell/profiles.json",
    ]);
    assert_eq!(b.errors().count(), 0, "{:?}", b.reports);
    assert_eq!(b.histories.len(), 1);
}

#[test]
fn profiles_alone_and_catalog_alone_say_what_to_add() {
    let error = only_error(&["graph-real/profiles.json"]);
    assert!(
        error.message.contains("together with a secureScores file"),
        "{error}"
    );
    let mut catalog = Vec::new();
    catalog.extend_from_slice(include_bytes!("../../engine/baseline/catalog.json"));
    let parsed = parse("catalog.json", &catalog).unwrap();
    let b = import(vec![Ok(parsed)], None, today());
    assert!(b.histories.is_empty());
    assert_eq!(b.errors().count(), 0);
    assert!(b.catalog.is_some());
    assert!(b.reports[0]
        .detail
        .contains("snapshot files you upload next"));
}

#[test]
fn snapshots_are_evaluated() {
    let b = batch(&["data/snapshots.json"]);
    assert_eq!(b.errors().count(), 0, "{:?}", b.reports);
    let h = &b.histories[0].history;
    assert_eq!(h.tenant.name, "Fabrikam Test");
    assert!(h.days.len() >= 3, "{}", h.days.len());
    assert_eq!(b.reports[0].tenants, ["Fabrikam Test"]);
    assert_eq!(b.reports[0].detail, "2 snapshots");
}

#[test]
fn tenants_are_kept_apart() {
    let b = batch(&["data/two-tenants.json"]);
    assert_eq!(b.histories.len(), 2);
    let days: Vec<usize> = b.histories.iter().map(|h| h.history.days.len()).collect();
    assert_eq!(days, [1, 2]);
    for h in &b.histories {
        assert!(
            h.warnings.iter().all(|w| !w.contains("different tenants")),
            "{:?}",
            h.warnings
        );
    }
    assert_eq!(b.reports[0].tenants.len(), 2);
    assert_eq!(b.reports[0].days, Some(2));
}

#[test]
fn every_bad_input_names_the_place() {
    let cases: [(&str, &str, &str); 10] = [
        ("data/malformed.json", "line 6, column", ""),
        (
            "data/other-shape.json",
            "",
            "this JSON is an object with the fields",
        ),
        ("data/empty.json", "", "the file is empty"),
        ("data/binary.json", "", "binary data"),
        ("data/latin1.json", "", "not valid UTF-8"),
        ("data/missing-field.json", "value[0]", "createdDateTime"),
        (
            "data/null-field.json",
            "value[0].controlScores[0].score",
            "",
        ),
        (
            "data/negative.json",
            "value[0].controlScores[1].score",
            "negative",
        ),
        ("data/nan.json", "value[0].controlScores[0].score", "NaN"),
        ("data/login.html", "line 1, column 1", "web page (HTML)"),
    ];
    for (path, at, says) in cases {
        let error = only_error(&[path]);
        assert!(error.path.starts_with(at), "{path}: {error}");
        assert!(
            error.to_string().contains(says),
            "{path}: {error} does not say {says:?}"
        );
        assert!(!error.message.is_empty());
    }
}

#[test]
fn questionable_inputs_are_imported_with_a_warning() {
    let bom = warnings(&["data/bom.json"]);
    assert!(
        bom.iter()
            .all(|w| !w.contains("UTF") && !w.contains("mark")),
        "{bom:?}"
    );
    let dup = warnings(&["data/duplicate-days.json"]);
    assert!(
        dup.iter().any(|w| w.contains("only the latest score")),
        "{dup:?}"
    );
    let future = warnings(&["data/future.json"]);
    assert!(
        future.iter().any(|w| w.contains("after today")),
        "{future:?}"
    );
    let above = warnings(&["data/above-max.json"]);
    assert!(
        above
            .iter()
            .any(|w| w.contains("more points than the maximum")),
        "{above:?}"
    );
    let zero = warnings(&["data/zero-max.json"]);
    assert!(
        zero.iter().any(|w| w.contains("no points possible")),
        "{zero:?}"
    );
}

#[test]
fn a_bad_file_does_not_stop_the_good_ones() {
    let b = batch(&[
        "data/history-a.json",
        "data/empty.json",
        "data/history-b.json",
    ]);
    assert_eq!(b.histories.len(), 1);
    assert_eq!(b.histories[0].history.days.len(), 5);
    let names: Vec<&str> = b.reports.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, ["history-a.json", "empty.json", "history-b.json"]);
    assert_eq!(
        b.errors().map(|(n, _)| n).collect::<Vec<_>>(),
        ["empty.json"]
    );
}

#[test]
fn sizes() {
    assert!(check_size(MAX_BYTES).is_ok());
    let error = check_size(100 * 1024 * 1024).unwrap_err();
    assert!(
        error
            .message
            .starts_with("the file is 100 MB, more than the 64 MB"),
        "{error}"
    );
    assert_eq!(megabytes(1024 * 1024 + 1024 * 100), "1.1 MB");
    assert_eq!(size_label(12), "12 bytes");
    assert_eq!(size_label(1500), "2 KB");
    assert_eq!(size_label(3 * 1024 * 1024), "3.0 MB");
    assert!(looks_like_html(b"\xEF\xBB\xBF \n<html>"));
    assert!(!looks_like_html(b" {\"a\": \"<\"}"));
    assert!(!looks_like_html(b""));
}

#[test]
fn organization_names_the_tenant_or_nothing() {
    let answer =
        br#"{"value": [{"id": " t-1 ", "displayName": "Contoso Ltd", "verifiedDomains": []}]}"#;
    assert_eq!(
        organization_of(answer),
        Some(TenantInfo {
            id: "t-1".into(),
            name: "Contoso Ltd".into()
        })
    );
    for nothing in [
        &br#"{"value": []}"#[..],
        br#"{"value": [{"id": "t-1", "displayName": " "}]}"#,
        br#"{"value": [{"id": "t-1", "displayName": 5}]}"#,
        b"<html>",
    ] {
        assert_eq!(organization_of(nothing), None);
    }
}
