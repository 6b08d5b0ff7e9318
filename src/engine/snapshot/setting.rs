//! A setting's value as a snapshot reports it: a switch, a number or a text.

use std::fmt;

use serde::de::{Error, Visitor};
use serde::{Deserialize, Deserializer, Serialize};

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

impl<'de> Deserialize<'de> for SettingValue {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(SettingVisitor)
    }
}

/// Reads a [`SettingValue`] from a JSON boolean, number or string.
struct SettingVisitor;

impl Visitor<'_> for SettingVisitor {
    type Value = SettingValue;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("true, false, a number or a text")
    }

    fn visit_bool<E: Error>(self, v: bool) -> Result<SettingValue, E> {
        Ok(SettingValue::Bool(v))
    }

    fn visit_i64<E: Error>(self, v: i64) -> Result<SettingValue, E> {
        Ok(SettingValue::Number(v as f64))
    }

    fn visit_u64<E: Error>(self, v: u64) -> Result<SettingValue, E> {
        Ok(SettingValue::Number(v as f64))
    }

    fn visit_f64<E: Error>(self, v: f64) -> Result<SettingValue, E> {
        if v.is_finite() {
            Ok(SettingValue::Number(v))
        } else {
            Err(E::custom(format!(
                "a setting's number must be finite, found {v}"
            )))
        }
    }

    fn visit_str<E: Error>(self, v: &str) -> Result<SettingValue, E> {
        Ok(SettingValue::Text(v.to_string()))
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
        let read =
            |text: &str| serde_json::from_str::<SettingValue>(text).map_err(|e| e.to_string());
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
