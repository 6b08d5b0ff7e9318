//! How a control is measured against a snapshot: the `"measure"` object of
//! a catalog control, tagged by `"kind"`.

use serde_json::Value;

use crate::engine::error::ImportError;
use crate::engine::snapshot::{SettingValue, Strict};

/// What a control checks in a snapshot.
#[derive(Clone, Debug, PartialEq)]
pub enum Measure {
    /// Completed when setting `key` equals `equals` (see
    /// [`SettingValue::matches`]).
    Setting { key: String, equals: SettingValue },
    /// Partial credit: count `done` out of count `total` (e.g. users
    /// registered for MFA out of all users).
    Ratio { done: String, total: String },
    /// Completed when the number in setting `key` is at least `at_least`
    /// and at most `at_most` (one of them may be absent).
    Threshold {
        key: String,
        at_least: Option<f64>,
        at_most: Option<f64>,
    },
    /// Completed when activity `key` was last done at most `within_days`
    /// days before the day's cut-off.
    Activity { key: String, within_days: u32 },
    /// [Not Scored]: listed for review, counted in neither sum.
    NotScored,
}

impl Measure {
    /// The `"kind"` names, as a catalog writes them.
    pub const KINDS: [&'static str; 5] = ["setting", "ratio", "threshold", "activity", "notScored"];

    /// False for [`Measure::NotScored`].
    pub fn is_scored(&self) -> bool {
        !matches!(self, Measure::NotScored)
    }

    /// The snapshot keys the measure reads, with the snapshot section each
    /// is in: `("settings", key)`, `("counts", key)` or `("activities", key)`.
    pub fn inputs(&self) -> Vec<(&'static str, &str)> {
        match self {
            Measure::Setting { key, .. } | Measure::Threshold { key, .. } => {
                vec![("settings", key)]
            }
            Measure::Ratio { done, total } => vec![("counts", done), ("counts", total)],
            Measure::Activity { key, .. } => vec![("activities", key)],
            Measure::NotScored => Vec::new(),
        }
    }

    /// Reads the `"measure"` object of a catalog control, tagged by
    /// `"kind"`. An unknown field is an error; errors inside the measure
    /// name the measure (an error in `"kind"` names `kind`).
    pub(super) fn read(node: &Strict) -> Result<Measure, ImportError> {
        let Value::Object(map) = node.value() else {
            return Err(node.invalid("internally tagged enum Measure"));
        };
        let kind = match map.get("kind") {
            Some(Value::String(kind)) => kind.as_str(),
            Some(other) => return Err(node.field("kind", other).invalid("variant identifier")),
            None => return Err(node.missing("kind")),
        };
        let names: &[&str] = match kind {
            "setting" => &["key", "equals"],
            "ratio" => &["done", "total"],
            "threshold" => &["key", "atLeast", "atMost"],
            "activity" => &["key", "withinDays"],
            "notScored" => return Ok(Measure::NotScored),
            _ => {
                let kinds: Vec<String> = Measure::KINDS.iter().map(|k| format!("`{k}`")).collect();
                return Err(node.field("kind", &map["kind"]).error(format!(
                    "unknown variant `{kind}`, expected one of {}",
                    kinds.join(", ")
                )));
            }
        };
        let (mut key, mut equals, mut done, mut total) = (None, None, None, None);
        let (mut at_least, mut at_most, mut within_days) = (None, None, None);
        node.fields("internally tagged enum Measure", &mut |name, field| {
            match name {
                "kind" => {}
                _ if !names.contains(&name) => return Err(field.unknown(name, names)),
                "key" => key = Some(field.text()?),
                "equals" => equals = Some(SettingValue::read(&field)?),
                "done" => done = Some(field.text()?),
                "total" => total = Some(field.text()?),
                "atLeast" => at_least = field.nullable(Strict::float)?,
                "atMost" => at_most = field.nullable(Strict::float)?,
                _ => within_days = Some(field.small()?),
            }
            Ok(())
        })
        .map_err(|error| node.error(error.message))?;
        Ok(match kind {
            "setting" => Measure::Setting {
                key: node.need(key, "key")?,
                equals: node.need(equals, "equals")?,
            },
            "ratio" => Measure::Ratio {
                done: node.need(done, "done")?,
                total: node.need(total, "total")?,
            },
            "threshold" => Measure::Threshold {
                key: node.need(key, "key")?,
                at_least,
                at_most,
            },
            _ => Measure::Activity {
                key: node.need(key, "key")?,
                within_days: node.need(within_days, "withinDays")?,
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(json: serde_json::Value) -> Result<Measure, String> {
        Measure::read(&Strict::at(&json, "")).map_err(|e| e.message)
    }

    #[test]
    fn reads_every_kind() {
        assert_eq!(
            read(serde_json::json!({"kind": "setting", "key": "a", "equals": "Block"})),
            Ok(Measure::Setting {
                key: "a".into(),
                equals: SettingValue::Text("Block".into())
            })
        );
        assert_eq!(
            read(serde_json::json!({"kind": "ratio", "done": "d", "total": "t"})),
            Ok(Measure::Ratio {
                done: "d".into(),
                total: "t".into()
            })
        );
        assert_eq!(
            read(serde_json::json!({"kind": "threshold", "key": "n", "atMost": 6})),
            Ok(Measure::Threshold {
                key: "n".into(),
                at_least: None,
                at_most: Some(6.0)
            })
        );
        assert_eq!(
            read(serde_json::json!({"kind": "activity", "key": "r", "withinDays": 7})),
            Ok(Measure::Activity {
                key: "r".into(),
                within_days: 7
            })
        );
        assert_eq!(
            read(serde_json::json!({"kind": "notScored"})),
            Ok(Measure::NotScored)
        );
    }

    #[test]
    fn rejects_misspelt_fields() {
        let error = read(serde_json::json!({"kind": "activity", "key": "r", "withinDay": 7}));
        assert!(error.is_err_and(|e| e.starts_with("unknown field `withinDay`")));
    }

    #[test]
    fn lists_its_inputs() {
        let ratio = Measure::Ratio {
            done: "d".into(),
            total: "t".into(),
        };
        assert_eq!(ratio.inputs(), [("counts", "d"), ("counts", "t")]);
        assert!(Measure::NotScored.inputs().is_empty());
        assert!(!Measure::NotScored.is_scored());
        assert!(ratio.is_scored());
    }
}
