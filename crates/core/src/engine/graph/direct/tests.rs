//! The fast path against the lenient reader: whenever [`read_scores`]
//! takes a text, the lenient path must detect secureScores and read exactly
//! the same scores; where it gives up, the lenient path decides.

use proptest::prelude::*;
use serde_json::{json, Value};

use super::read_scores;
use crate::engine::detect::{detect, Format};
use crate::engine::graph::{parse_graph, GraphScore};
use crate::engine::json::{decode, parse_text};
use crate::engine::synthetic::scores_json;

/// What the lenient path reads from `text`: the scores when it detects
/// secureScores and reads them, with nothing else and no warning (what the
/// fast path gives), else `None`.
fn lenient(text: &str) -> Option<Vec<GraphScore>> {
    let value = parse_text(text).ok()?;
    if detect(&value) != Ok(Format::GraphScores) {
        return None;
    }
    let data = parse_graph(&value).ok()?;
    let plain = data.profiles.is_empty() && data.found_at.is_empty() && data.warnings.is_empty();
    plain.then_some(data.scores)
}

/// Checks that the fast path agrees with the lenient one on `text`; true
/// when the fast path took it.
fn agrees(text: &str) -> bool {
    match read_scores(text) {
        Some(fast) => {
            let Some(reference) = lenient(text) else {
                panic!(
                    "the fast path took a text the lenient path refuses or warns about: \
                     {text:.300}"
                )
            };
            assert!(fast == reference, "different scores for {text:.300}");
            true
        }
        None => false,
    }
}

fn fixture(path: &str) -> String {
    let full = format!("{}/../../tests/fixtures/{path}", env!("CARGO_MANIFEST_DIR"));
    let bytes = std::fs::read(&full).unwrap_or_else(|e| panic!("{full}: {e}"));
    decode(&bytes).map_or_else(|_| String::new(), str::to_string)
}

#[test]
fn synthetic_histories_take_the_fast_path() {
    for (days, controls, padding) in [(1, 1, 0), (3, 80, 0), (40, 7, 30), (365, 3, 0)] {
        assert!(
            agrees(&scores_json(days, controls, padding)),
            "{days} x {controls}"
        );
    }
}

#[test]
fn real_graph_capture_takes_the_fast_path() {
    assert!(agrees(&fixture("graph-real/secureScore.json")));
    // Profiles are not secureScores: the lenient path says what they are.
    assert_eq!(read_scores(&fixture("graph-real/profiles.json")), None);
    // PowerShell's PascalCase and AdditionalProperties: lenient only.
    assert_eq!(
        read_scores(&fixture("graph-powershell/secureScores.json")),
        None
    );
    assert_eq!(
        read_scores(&fixture("graph-powershell/profiles.json")),
        None
    );
}

/// The fixtures of a folder the fast path takes, sorted; every fixture
/// checked against the lenient path.
fn taken_in(folder: &str) -> Vec<String> {
    let dir = format!(
        "{}/../../tests/fixtures/{folder}",
        env!("CARGO_MANIFEST_DIR")
    );
    let mut taken = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{dir}: {e}")) {
        let name = entry.map(|e| e.file_name()).unwrap_or_default();
        let name = name.to_string_lossy().to_string();
        if agrees(&fixture(&format!("{folder}/{name}"))) {
            taken.push(name);
        }
    }
    taken.sort();
    taken
}

#[test]
fn data_fixtures_agree() {
    // Every well-formed Graph file; none with an error to report.
    assert_eq!(
        taken_in("data"),
        [
            "above-max.json",
            "bom.json",
            "duplicate-days.json",
            "future.json",
            "history-a.json",
            "history-b.json",
            "two-tenants.json",
            "zero-max.json"
        ]
    );
}

#[test]
fn field_fixtures_agree() {
    // Graph's pages with values in unusual spellings; not the files with a
    // part or a day to leave out, a wrapper, trailing commas or key spaces,
    // PascalCase, or profiles.
    assert_eq!(
        taken_in("field"),
        [
            "count-without-total.json",
            "fractional-percentage.json",
            "html-doubled-quotes.json",
            "licensed-zero.json",
            "on-missing.json",
            "text-values.json"
        ]
    );
}

/// The real capture's secureScore object.
fn real_score() -> Value {
    let text = fixture("graph-real/secureScore.json");
    let value = parse_text(&text).unwrap_or_else(|e| panic!("{e}"));
    value["value"][0].clone()
}

fn text_of(value: &Value) -> String {
    value.to_string()
}

#[test]
fn envelopes_graph_sends_are_taken() {
    let score = real_score();
    let page = json!({"@odata.context": "x", "value": [score, score]});
    assert!(agrees(&text_of(&page)));
    assert!(agrees(&text_of(&json!([page, {"value": []}, page]))));
    assert!(agrees(&text_of(&json!([score, score]))));
    // A page and a secureScore side by side, and a `value` of null.
    let mut null_value = score.clone();
    null_value["value"] = Value::Null;
    assert!(agrees(&text_of(&json!([page, null_value]))));
}

#[test]
fn unusual_shapes_are_left_to_the_lenient_path() {
    let score = real_score();
    let mut cases = vec![
        json!(score),                             // a single object
        json!({"value": []}),                     // an empty page
        json!([]),                                // an empty array
        json!({"Value": [score]}),                // another case
        json!({"value": [score], "format": "x"}), // our own format tag
        json!({"value": [score], "AdditionalProperties": {}}),
        json!({"value": [{"createdDateTime": "2024-01-01"}, score]}), // first tells nothing
        json!({"value": 3}),
        json!([1, score]),
    ];
    let mut pascal = score.clone();
    pascal["CurrentScore"] = json!(1);
    cases.push(json!([pascal]));
    let mut number_id = score.clone();
    number_id["id"] = json!(7);
    cases.push(json!([number_id]));
    let mut blank_name = score.clone();
    blank_name["controlScores"][0]["controlName"] = json!("  ");
    cases.push(json!([blank_name]));
    let mut spaced_key = score.clone();
    if let Some(control) = spaced_key["controlScores"][0].as_object_mut() {
        if let Some(name) = control.remove("controlName") {
            control.insert("controlName ".into(), name);
        }
    }
    cases.push(json!([spaced_key]));
    let mut minus_one = score.clone();
    minus_one["averageComparativeScores"][0]["averageScore"] = json!(-1);
    cases.push(json!({"value": [minus_one]}));
    for case in &cases {
        agrees(&text_of(case));
    }
    let took = |text: &str| read_scores(text).is_some();
    assert!(!took(&text_of(&cases[0])));
    assert!(!took(&text_of(&cases[3])));
    assert!(!took(&text_of(&cases[4])));
    assert!(!took(&text_of(&cases[6])));
    // A key with a trailing blank, a -1 average: the lenient path reads them.
    let last = cases.len();
    assert!(!took(&text_of(&cases[last - 2])));
    assert!(!took(&text_of(&cases[last - 1])));
    // Duplicate keys: a value keeps the last, the fast path gives up.
    let duplicate = r#"[{"createdDateTime": "2024-01-01", "currentScore": 1, "currentScore": 2}]"#;
    assert!(!agrees(duplicate));
    assert_eq!(
        lenient(duplicate).map(|s| s[0].current_score),
        Some(Some(2.0))
    );
    // Values nobody reads still have to be valid JSON.
    let surrogate = r#"[{"createdDateTime": "2024-01-01", "currentScore": 1, "x": "\ud800"}]"#;
    assert!(!agrees(surrogate));
    assert!(parse_text(surrogate).is_err());
    assert!(!agrees(
        r#"[{"createdDateTime": "2024-01-01", "currentScore": 1}] x"#
    ));
}

#[test]
fn text_numbers_nulls_and_trimming_read_the_same() {
    let mut score = real_score();
    score["currentScore"] = json!("128");
    score["licensedUserCount"] = json!("25.0");
    score["activeUserCount"] = json!(3.0);
    score["enabledServices"] = json!("HasEXOP2");
    score["maxScore"] = Value::Null;
    score["controlScores"][0]["controlName"] = json!(" AdminMFAV2 ");
    score["controlScores"][0]["on"] = json!(" TRUE ");
    score["controlScores"][1]["score"] = json!("-0");
    score["controlScores"][2]["description"] = Value::Null;
    score["averageComparativeScores"][0]["basis"] = json!("industryTypes");
    score["averageComparativeScores"][0]["categoryValue"] = json!(" Healthcare ");
    score["averageComparativeScores"][1]["averageScore"] = Value::Null;
    assert!(agrees(&text_of(&json!({"value": [score]}))));
}

/// Replacements that exercise every reader's edge.
fn nasty_values() -> Vec<Value> {
    vec![
        Value::Null,
        json!(-1),
        json!(-0.0),
        json!(0),
        json!(2.5),
        json!(1e308),
        json!(u64::MAX),
        json!("NaN"),
        json!("12"),
        json!(" 7 "),
        json!("-5"),
        json!(""),
        json!(" "),
        json!("true"),
        json!("FALSE"),
        json!("2024-02-29"),
        json!("2024-13-45T00:00:00Z"),
        json!("/Date(1704067200000)/"),
        json!("TotalSeats"),
        json!({}),
        json!([]),
        json!([null, "a"]),
        json!({"value": []}),
        json!(true),
    ]
}

/// Every JSON pointer of a value.
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

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 96,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    /// Any value of a small generated history replaced by an odd one.
    #[test]
    fn edited_values_agree(
        edits in prop::collection::vec((any::<prop::sample::Index>(), 0..24_usize), 1..4),
        shape in 0..3_usize,
    ) {
        let text = scores_json(3, 4, 0);
        let mut value = parse_text(&text).unwrap_or(Value::Null);
        value = match shape {
            0 => value,
            1 => value["value"].clone(),
            _ => json!([value, {"value": []}]),
        };
        let nasty = nasty_values();
        for (place, replacement) in edits {
            let mut all = Vec::new();
            pointers(&value, String::new(), &mut all);
            let pointer = place.get(&all).clone();
            let new_value = nasty.get(replacement).cloned().unwrap_or(Value::Null);
            if pointer.is_empty() {
                value = new_value;
            } else if let Some(slot) = value.pointer_mut(&pointer) {
                *slot = new_value;
            }
        }
        agrees(&text_of(&value));
    }

    /// Any byte of the real capture replaced, and the text cut anywhere.
    #[test]
    fn edited_bytes_agree(
        edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..4),
        cut in any::<prop::sample::Index>(),
    ) {
        let mut bytes = fixture("graph-real/secureScore.json").into_bytes();
        for (place, byte) in edits {
            let at = place.index(bytes.len());
            if let Some(slot) = bytes.get_mut(at) {
                *slot = byte;
            }
        }
        let keep = cut.index(bytes.len().saturating_add(1)).max(bytes.len() * 9 / 10);
        bytes.truncate(keep);
        if let Ok(text) = decode(&bytes) {
            agrees(text);
        }
    }
}
