//! A setting's value as a snapshot reports it: a switch, a number or a text.

use std::fmt;

use serde::Serialize;
use serde_json::Value;

use super::read::Strict;
use crate::engine::error::ImportError;

/// The value of one tenant setting (JSON `true`/`false`, a number or a
/// string).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum SettingValue {
    Bool(bool),
    Number(f64),
    Text(String),
}

impl SettingValue {
    /// True when `self` is the value `expected` asks for: the same switch,
    /// the same number, or the same text ignoring case and surrounding
    /// spaces. Values of different kinds never match.
    pub fn matches(&self, expected: &SettingValue) -> bool {
        match (self, expected) {
            (SettingValue::Bool(a), SettingValue::Bool(b)) => a == b,
            (SettingValue::Number(a), SettingValue::Number(b)) => a == b,
            (SettingValue::Text(a), SettingValue::Text(b)) => {
                a.trim().eq_ignore_ascii_case(b.trim())
            }
            _ => false,
        }
    }

    /// The number, when the value is one.
    pub fn number(&self) -> Option<f64> {
        match self {
            SettingValue::Number(n) => Some(*n),
            _ => None,
        }
    }
}

impl fmt::Display for SettingValue {
    /// As JSON writes it: `true`, `60`, `"Block"`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SettingValue::Bool(b) => write!(f, "{b}"),
            SettingValue::Number(n) => write!(f, "{n}"),
            SettingValue::Text(t) => write!(f, "\"{t}\""),
        }
    }
}

impl SettingValue {
    /// Reads a JSON boolean, number or string.
    pub(crate) fn read(node: &Strict) -> Result<SettingValue, ImportError> {
        match node.value() {
            Value::Bool(flag) => Ok(SettingValue::Bool(*flag)),
            Value::Number(number) => match number.as_f64() {
                Some(number) if number.is_finite() => Ok(SettingValue::Number(number)),
                other => Err(node.error(format!(
                    "a setting's number must be finite, found {}",
                    other.unwrap_or(f64::NAN)
                ))),
            },
            Value::String(text) => Ok(SettingValue::Text(text.clone())),
            _ => Err(node.invalid("true, false, a number or a text")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_same_kind_only() {
        let on = SettingValue::Bool(true);
        assert!(on.matches(&SettingValue::Bool(true)));
        assert!(!on.matches(&SettingValue::Bool(false)));
        assert!(!on.matches(&SettingValue::Text("true".into())));
        assert!(SettingValue::Number(6.0).matches(&SettingValue::Number(6.0)));
        assert!(!SettingValue::Number(6.0).matches(&SettingValue::Number(6.5)));
        assert!(SettingValue::Text(" block ".into()).matches(&SettingValue::Text("Block".into())));
        assert!(!SettingValue::Text("Blocked".into()).matches(&SettingValue::Text("Block".into())));
    }

    #[test]
    fn reads_and_shows_json_values() {
        let read = |text: &str| {
            let value: Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
            SettingValue::read(&Strict::at(&value, "")).map_err(|e| e.message)
        };
        assert_eq!(read("false"), Ok(SettingValue::Bool(false)));
        assert_eq!(read("-2"), Ok(SettingValue::Number(-2.0)));
        assert_eq!(read("\"Block\""), Ok(SettingValue::Text("Block".into())));
        assert!(read("[1]").is_err());
        assert_eq!(SettingValue::Number(60.0).to_string(), "60");
        assert_eq!(SettingValue::Number(1.5).to_string(), "1.5");
        assert_eq!(SettingValue::Text("Block".into()).to_string(), "\"Block\"");
        assert_eq!(SettingValue::Number(2.0).number(), Some(2.0));
        assert_eq!(SettingValue::Bool(true).number(), None);
    }
}
