//! Reading and validating a catalog file: every error names the control by
//! index and id (`controls[12] (id "X"): points must be positive, found -3`).

use std::collections::HashMap;

use serde_json::Value;

use super::measure::Measure;
use super::{Catalog, Control};
use crate::engine::detect::CATALOG_FORMAT;
use crate::engine::error::ImportError;
use crate::engine::model::{Category, ControlInfo, Level, Service};
use crate::engine::snapshot::{check_format, quoted, Strict};
use crate::engine::sort::sort_by;

/// The most points one control may be worth (Microsoft's are 1 to 15).
const MAX_POINTS: f64 = 1000.0;

/// The fields of a control, as unknown-field errors list them.
const CONTROL_FIELDS: [&str; 16] = [
    "id",
    "title",
    "category",
    "service",
    "maxScore",
    "measure",
    "description",
    "threats",
    "remediation",
    "userImpactNote",
    "actionUrl",
    "userImpact",
    "implementationCost",
    "tier",
    "rank",
    "deprecated",
];

/// One control as a catalog file writes it; `None` for a required field
/// not (yet) read.
#[derive(Default)]
struct WireControl {
    id: Option<String>,
    title: Option<String>,
    category: Option<String>,
    service: Option<String>,
    max_score: Option<f64>,
    measure: Option<Measure>,
    description: String,
    threats: Vec<String>,
    remediation: String,
    user_impact_note: String,
    action_url: Option<String>,
    user_impact: String,
    implementation_cost: String,
    tier: String,
    rank: Option<u32>,
    deprecated: bool,
}

/// Reads and validates a catalog, its controls sorted by id.
pub(super) fn catalog(value: &Value) -> Result<Catalog, ImportError> {
    check_format(value, CATALOG_FORMAT, "a catalog file")?;
    // The top level: unknown fields are ignored, controls read one by one.
    let root = Strict::at(value, "");
    let (mut version, mut raw_controls) = (None, None);
    root.fields("struct WireCatalog", &mut |key, field| {
        match key {
            "version" => version = Some(field.text()?),
            "controls" => raw_controls = Some(field.list(|raw| Ok(raw.value()))?),
            _ => {}
        }
        Ok(())
    })?;
    let version = root.need(version, "version")?;
    let raw_controls = root.need(raw_controls, "controls")?;
    let version = version.trim();
    if version.is_empty() {
        return Err(ImportError::new("version", "the version is empty"));
    }
    if raw_controls.is_empty() {
        return Err(ImportError::new(
            "controls",
            "the catalog holds no controls: add at least one",
        ));
    }
    let mut first_index: HashMap<String, usize> = HashMap::new();
    let mut controls = Vec::with_capacity(raw_controls.len());
    for (index, raw) in raw_controls.into_iter().enumerate() {
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
    sort_by(&mut controls, |a, b| a.info.id.cmp(&b.info.id));
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
    let node = Strict::at(raw, place.clone());
    let mut wire = WireControl::default();
    node.fields("struct WireControl", &mut |key, field| {
        match key {
            "id" => wire.id = Some(field.text()?),
            "title" => wire.title = Some(field.text()?),
            "category" => wire.category = Some(field.text()?),
            "service" => wire.service = Some(field.text()?),
            "maxScore" => wire.max_score = field.nullable(Strict::float)?,
            "measure" => wire.measure = Some(Measure::read(&field)?),
            "description" => wire.description = field.text()?,
            "threats" => wire.threats = field.list(Strict::text)?,
            "remediation" => wire.remediation = field.text()?,
            "userImpactNote" => wire.user_impact_note = field.text()?,
            "actionUrl" => wire.action_url = field.nullable(Strict::text)?,
            "userImpact" => wire.user_impact = field.text()?,
            "implementationCost" => wire.implementation_cost = field.text()?,
            "tier" => wire.tier = field.text()?,
            "rank" => wire.rank = field.nullable(Strict::small)?,
            "deprecated" => wire.deprecated = field.flag()?,
            _ => return Err(field.unknown(key, &CONTROL_FIELDS)),
        }
        Ok(())
    })?;
    let id = node.need(wire.id, "id")?;
    let title = node.need(wire.title, "title")?;
    let category = node.need(wire.category, "category")?;
    let service = node.need(wire.service, "service")?;
    let measure = node.need(wire.measure, "measure")?;
    let id = id.trim();
    if id.is_empty() {
        return Err(fail("the id is empty".into()));
    }
    let title = title.trim();
    if title.is_empty() {
        return Err(fail("the title is empty".into()));
    }
    let category = Category::parse(&category).ok_or_else(|| {
        fail(format!(
            "unknown category {}; expected Identity, Data, Device, Apps or Infrastructure",
            quoted(&category)
        ))
    })?;
    if service.trim().is_empty() {
        return Err(fail("the service is empty".into()));
    }
    let max_points = points(wire.max_score, measure.is_scored()).map_err(fail)?;
    check_measure(&measure).map_err(fail)?;
    Ok(Control {
        info: ControlInfo {
            id: id.to_string(),
            title: title.to_string(),
            category,
            service: Service::parse(&service),
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
            scored: measure.is_scored(),
            deprecated: wire.deprecated,
            state_updates: Vec::new(),
        },
        measure,
    })
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
