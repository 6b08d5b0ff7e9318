//! How a control is measured against a snapshot: the `"measure"` object of
//! a catalog control, tagged by `"kind"`.

use serde::Deserialize;

use crate::engine::snapshot::SettingValue;

/// What a control checks in a snapshot.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(tag = "kind", rename_all = "camelCase", deny_unknown_fields)]
pub enum Measure {
    /// Completed when setting `key` equals `equals` (see
    /// [`SettingValue::matches`]).
    Setting { key: String, equals: SettingValue },
    /// Partial credit: count `done` out of count `total` (e.g. users
    /// registered for MFA out of all users).
    Ratio { done: String, total: String },
    /// Completed when the number in setting `key` is at least `at_least`
    /// and at most `at_most` (one of them may be absent).
    #[serde(rename_all = "camelCase")]
    Threshold {
        key: String,
        #[serde(default)]
        at_least: Option<f64>,
        #[serde(default)]
        at_most: Option<f64>,
    },
    /// Completed when activity `key` was last done at most `within_days`
    /// days before the day's cut-off.
    #[serde(rename_all = "camelCase")]
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
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(json: serde_json::Value) -> Result<Measure, String> {
        serde_json::from_value(json).map_err(|e| e.to_string())
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
