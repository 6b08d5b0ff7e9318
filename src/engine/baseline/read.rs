//! Reading and validating a catalog file: every error names the control by
//! index and id (`controls[12] (id "X"): points must be positive, found -3`).

use std::collections::HashMap;

use serde::Deserialize;
use serde_json::Value;

use super::measure::Measure;
use super::{Catalog, Control};
use crate::engine::detect::CATALOG_FORMAT;
use crate::engine::error::ImportError;
use crate::engine::model::{Category, ControlInfo, Level, Service};
use crate::engine::snapshot::{check_format, deserialize, quoted};

/// The most points one control may be worth (Microsoft's are 1 to 15).
const MAX_POINTS: f64 = 1000.0;

/// The top level of a catalog file; controls are read one by one.
#[derive(Deserialize)]
struct WireCatalog {
    version: String,
    controls: Vec<Value>,
}

/// One control as a catalog file writes it.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct WireControl {
    id: String,
    title: String,
    category: String,
    service: String,
    #[serde(default)]
    max_score: Option<f64>,
    measure: Measure,
    #[serde(default)]
    description: String,
    #[serde(default)]
    threats: Vec<String>,
    #[serde(default)]
    remediation: String,
    #[serde(default)]
    user_impact_note: String,
    #[serde(default)]
    action_url: Option<String>,
    #[serde(default)]
    user_impact: String,
    #[serde(default)]
    implementation_cost: String,
    #[serde(default)]
    tier: String,
    #[serde(default)]
    rank: Option<u32>,
    #[serde(default)]
    deprecated: bool,
}

/// Reads and validates a catalog, its controls sorted by id.
pub(super) fn catalog(value: &Value) -> Result<Catalog, ImportError> {
    check_format(value, CATALOG_FORMAT, "a catalog file")?;
    let wire: WireCatalog = deserialize(value)?;
    let version = wire.version.trim();
    if version.is_empty() {
        return Err(ImportError::new("version", "the version is empty"));
    }
    if wire.controls.is_empty() {
        return Err(ImportError::new(
            "controls",
            "the catalog holds no controls: add at least one",
        ));
    }
    let mut first_index: HashMap<String, usize> = HashMap::new();
    let mut controls = Vec::with_capacity(wire.controls.len());
    for (index, raw) in wire.controls.iter().enumerate() {
        let control = control(index, raw)?;
        if let Some(first) = first_index.get(&control.info.id) {
            return Err(ImportError::new(
                place(index, raw),
                format!("duplicate id: controls[{first}] has the same id"),
            ));
        }
        first_index.insert(control.info.id.clone(), index);
        controls.push(control);
    }
    controls.sort_by(|a, b| a.info.id.cmp(&b.info.id));
    Ok(Catalog {
        version: version.to_string(),
        controls,
    })
}

/// `controls[3] (id "X")`, or `controls[3]` when the id is unreadable.
fn place(index: usize, raw: &Value) -> String {
    match raw.get("id").and_then(Value::as_str) {
        Some(id) if !id.trim().is_empty() => {
            format!("controls[{index}] (id {})", quoted(id.trim()))
        }
        _ => format!("controls[{index}]"),
    }
}

/// Reads and validates the control at `index`.
fn control(index: usize, raw: &Value) -> Result<Control, ImportError> {
    let place = place(index, raw);
    let fail = |message: String| ImportError::new(place.clone(), message);
    check_kind(raw).map_err(fail)?;
    let wire: WireControl = deserialize(raw).map_err(|error| ImportError {
        path: join(&place, &error.path),
        message: error.message,
    })?;
    let id = wire.id.trim();
    if id.is_empty() {
        return Err(fail("the id is empty".into()));
    }
    let title = wire.title.trim();
    if title.is_empty() {
        return Err(fail("the title is empty".into()));
    }
    let category = Category::parse(&wire.category).ok_or_else(|| {
        fail(format!(
            "unknown category {}; expected Identity, Data, Device, Apps or Infrastructure",
            quoted(&wire.category)
        ))
    })?;
    if wire.service.trim().is_empty() {
        return Err(fail("the service is empty".into()));
    }
    let max_points = points(wire.max_score, wire.measure.is_scored()).map_err(fail)?;
    check_measure(&wire.measure).map_err(fail)?;
    Ok(Control {
        info: ControlInfo {
            id: id.to_string(),
            title: title.to_string(),
            category,
            service: Service::parse(&wire.service),
            max_points,
            description: wire.description,
            threats: wire.threats,
            remediation: wire.remediation,
            remediation_impact: wire.user_impact_note,
            action_url: wire.action_url.filter(|url| !url.trim().is_empty()),
            user_impact: Level::parse(&wire.user_impact),
            implementation_cost: Level::parse(&wire.implementation_cost),
            tier: wire.tier,
            rank: wire.rank.unwrap_or(u32::MAX),
            scored: wire.measure.is_scored(),
            deprecated: wire.deprecated,
        },
        measure: wire.measure,
    })
}

/// `place` followed by a path inside the control.
fn join(place: &str, inner: &str) -> String {
    if inner.is_empty() {
        place.to_string()
    } else if inner.starts_with('[') {
        format!("{place}{inner}")
    } else {
        format!("{place}.{inner}")
    }
}

/// Fails when `"measure": {"kind": ...}` names no known kind.
fn check_kind(raw: &Value) -> Result<(), String> {
    let kind = raw
        .get("measure")
        .and_then(|measure| measure.get("kind"))
        .and_then(Value::as_str);
    match kind {
        Some(kind) if !Measure::KINDS.contains(&kind) => Err(format!(
            "unknown measure kind {}; expected setting, ratio, threshold, activity or notScored",
            quoted(kind)
        )),
        _ => Ok(()),
    }
}

/// The points possible: positive for a scored control, 0 (or absent) for a
/// [Not Scored] one.
fn points(max_score: Option<f64>, scored: bool) -> Result<f64, String> {
    match (scored, max_score) {
        (true, None) => Err("points are missing: a scored control needs \"maxScore\"".into()),
        (true, Some(points)) if points.is_nan() || points <= 0.0 => {
            Err(format!("points must be positive, found {points}"))
        }
        (true, Some(points)) if points > MAX_POINTS => Err(format!(
            "points must be at most {MAX_POINTS}, found {points}"
        )),
        (true, Some(points)) => Ok(points),
        (false, Some(points)) if points != 0.0 => Err(format!(
            "a notScored control earns no points: \"maxScore\" must be 0 or absent, found {points}"
        )),
        (false, _) => Ok(0.0),
    }
}

/// Fails on a measure that could never be met or names no key.
fn check_measure(measure: &Measure) -> Result<(), String> {
    if measure
        .inputs()
        .iter()
        .any(|(_, key)| key.trim().is_empty())
    {
        return Err("the measure names an empty key".into());
    }
    match measure {
        Measure::Ratio { done, total } if done == total => Err(format!(
            "the measure's done and total counts are the same ({}): it would always be complete",
            quoted(done)
        )),
        Measure::Threshold {
            at_least: None,
            at_most: None,
            ..
        } => Err("a threshold measure needs \"atLeast\", \"atMost\" or both".into()),
        Measure::Threshold {
            at_least: Some(low),
            at_most: Some(high),
            ..
        } if low > high => Err(format!(
            "\"atLeast\" ({low}) is above \"atMost\" ({high}): no value can pass"
        )),
        Measure::Activity { within_days: 0, .. } => Err("\"withinDays\" must be at least 1".into()),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn control_json() -> Value {
        json!({
            "id": "X", "title": "Do X", "category": "Identity", "service": "Entra ID",
            "maxScore": 5, "measure": {"kind": "setting", "key": "k", "equals": true}
        })
    }

    /// The error of a catalog whose second control is `control_json()`
    /// with id "B" and `change` applied.
    fn error_with(change: impl Fn(&mut Value)) -> ImportError {
        let mut control = control_json();
        control["id"] = json!("B");
        change(&mut control);
        let file = json!({
            "format": "secure-score/catalog", "version": "1",
            "controls": [control_json(), control]
        });
        match catalog(&file) {
            Ok(catalog) => panic!("expected an error, read {catalog:?}"),
            Err(error) => error,
        }
    }

    fn assert_error(change: impl Fn(&mut Value), path: &str, message: &str) {
        let error = error_with(change);
        assert_eq!(error.path, path, "{error}");
        assert!(error.message.starts_with(message), "{error}");
    }

    fn measure(measure: Value) -> impl Fn(&mut Value) {
        move |control| control["measure"] = measure.clone()
    }

    #[test]
    fn reads_a_control() {
        let mut control = control_json();
        control["id"] = json!("Y");
        let file = json!({"format": "secure-score/catalog", "version": " 2026.11 ",
                          "controls": [control, control_json()]});
        let catalog = match catalog(&file) {
            Ok(catalog) => catalog,
            Err(error) => panic!("{error}"),
        };
        assert_eq!(catalog.version, "2026.11");
        // Sorted by id; defaults for the optional fields.
        let info = &catalog.controls[0].info;
        assert_eq!((info.id.as_str(), info.max_points), ("X", 5.0));
        assert_eq!(info.service, Service::EntraId);
        assert_eq!(
            (info.rank, info.scored, info.action_url.clone()),
            (u32::MAX, true, None)
        );
        assert_eq!(info.user_impact, Level::Unknown);
    }

    #[test]
    fn validation_errors_name_the_control() {
        const B: &str = "controls[1] (id \"B\")";
        assert_error(
            |c| c["id"] = json!("X"),
            "controls[1] (id \"X\")",
            "duplicate id: controls[0] has the same id",
        );
        assert_error(|c| c["id"] = json!(""), "controls[1]", "the id is empty");
        assert_error(
            |c| c["maxScore"] = json!(-3),
            B,
            "points must be positive, found -3",
        );
        assert_error(
            |c| c["maxScore"] = json!(0),
            B,
            "points must be positive, found 0",
        );
        assert_error(
            |c| c["maxScore"] = json!(5000),
            B,
            "points must be at most 1000, found 5000",
        );
        assert_error(
            |c| c["maxScore"] = Value::Null,
            B,
            "points are missing: a scored control needs \"maxScore\"",
        );
        assert_error(
            measure(json!({"kind": "notScored"})),
            B,
            "a notScored control earns no points: \"maxScore\" must be 0 or absent, found 5",
        );
        assert_error(
            |c| c["measure"]["kind"] = json!("percent"),
            B,
            "unknown measure kind \"percent\"; expected setting, ratio, threshold, activity or \
             notScored",
        );
        assert_error(
            |c| c["category"] = json!("Network"),
            B,
            "unknown category \"Network\"; expected Identity, Data, Device, Apps or Infrastructure",
        );
        assert_error(|c| c["title"] = json!(" "), B, "the title is empty");
        assert_error(|c| c["service"] = json!(""), B, "the service is empty");
        assert_error(
            measure(json!({"kind": "threshold", "key": "n"})),
            B,
            "a threshold measure needs \"atLeast\", \"atMost\" or both",
        );
        assert_error(
            measure(json!({"kind": "threshold", "key": "n", "atLeast": 10, "atMost": 5})),
            B,
            "\"atLeast\" (10) is above \"atMost\" (5): no value can pass",
        );
        assert_error(
            measure(json!({"kind": "activity", "key": "a", "withinDays": 0})),
            B,
            "\"withinDays\" must be at least 1",
        );
        assert_error(
            measure(json!({"kind": "ratio", "done": "u", "total": "u"})),
            B,
            "the measure's done and total counts are the same (\"u\"): it would always be \
             complete",
        );
        assert_error(
            |c| c["measure"]["key"] = json!(""),
            B,
            "the measure names an empty key",
        );
        assert_error(
            |c| c["measure"]["equals"] = json!([1]),
            "controls[1] (id \"B\").measure",
            "invalid type: sequence, expected true, false, a number or a text",
        );
        assert_error(
            |c| c["threats"] = json!(["a", 2]),
            "controls[1] (id \"B\").threats[1]",
            "invalid type: integer `2`, expected a string",
        );
        assert_error(
            |c| c["maxscore"] = json!(2),
            "controls[1] (id \"B\").maxscore",
            "unknown field `maxscore`",
        );
    }

    #[test]
    fn top_level_errors() {
        let read = |value: Value| catalog(&value).err().map(|e| e.to_string());
        assert_eq!(
            read(json!({"format": "secure-score/catalog", "version": "1", "controls": []})),
            Some("controls: the catalog holds no controls: add at least one".into())
        );
        assert_eq!(
            read(json!({"format": "secure-score/catalog", "version": " ", "controls": []})),
            Some("version: the version is empty".into())
        );
        assert_eq!(
            read(json!({"format": "secure-score/snapshots"})),
            Some(
                "format: expected \"secure-score/catalog\", found \"secure-score/snapshots\""
                    .into()
            )
        );
        assert_eq!(
            read(json!({"format": "secure-score/catalog", "version": 1, "controls": []})),
            Some("version: invalid type: integer `1`, expected a string".into())
        );
    }
}
