//! Typed serde readers for fast paths: they take straight from the text
//! what [`Node`](super::Node) takes from a value, for the usual spellings,
//! and fail on anything else so that the caller falls back to `Node` (whose
//! results, messages and paths are the reference).
//!
//! - Keys match exactly; a key equal to a known one ignoring case and
//!   surrounding blanks, and
//!   `AdditionalProperties` (any case), fail: only `Node` reads those.
//! - Scalars accept what `Node` accepts for them from JSON numbers, booleans
//!   and text, through the same conversions, and fail where `Node` fails.
//! - Values that are not read are still parsed and validated as a value is
//!   ([`Skipped`]), so that a text accepted here is valid JSON for
//!   [`parse_bytes`](super::parse_bytes) too (serde's `IgnoredAny` lets
//!   lone UTF-16 surrogates through).

use std::fmt;

use chrono::{DateTime, Utc};
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;

use super::dates::parse_date_time;
use super::node::{flag_in_text, number_in_text, whole_of_points, ADDITIONAL_PROPERTIES};

/// Why a fast path gave up; never shown (the lenient reader says why).
fn unusual<E: de::Error>() -> E {
    E::custom("not a usual spelling: read leniently")
}

/// A key of an object: one of a table of known keys, or another one.
pub(crate) enum Key<K> {
    Known(K),
    Other,
}

/// Reads a key against a table of known keys (exact spelling); fails on a
/// key that only differs from a known one by case or surrounding blanks, and on
/// `AdditionalProperties`.
pub(crate) struct Keys<K: 'static>(pub &'static [(&'static str, K)]);

impl<'de, K: Copy> DeserializeSeed<'de> for Keys<K> {
    type Value = Key<K>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Key<K>, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<K: Copy> Visitor<'_> for Keys<K> {
    type Value = Key<K>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a field name")
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<Key<K>, E> {
        if let Some((_, known)) = self.0.iter().find(|(name, _)| *name == key) {
            return Ok(Key::Known(*known));
        }
        let differs_by_case = self
            .0
            .iter()
            .any(|(name, _)| name.eq_ignore_ascii_case(key.trim()));
        if differs_by_case || key.trim().eq_ignore_ascii_case(ADDITIONAL_PROPERTIES) {
            Err(unusual())
        } else {
            Ok(Key::Other)
        }
    }
}

/// Stores `value` in `slot`, failing when the key was already seen (a
/// value keeps the last of duplicate keys; the fast path does not guess).
pub(crate) fn set_once<T, E: de::Error>(slot: &mut Option<T>, value: Option<T>) -> Result<(), E> {
    if slot.is_some() {
        return Err(unusual());
    }
    *slot = value;
    Ok(())
}

/// Marks a key as seen, failing when it was seen before.
pub(crate) fn see_once<E: de::Error>(seen: &mut bool) -> Result<(), E> {
    if std::mem::replace(seen, true) {
        Err(unusual())
    } else {
        Ok(())
    }
}

/// Fails the fast path: the lenient reader reads (or refuses) this.
pub(crate) fn give_up<T, E: de::Error>() -> Result<T, E> {
    Err(unusual())
}

/// Any JSON value, parsed and dropped.
pub(crate) struct Skipped;

impl<'de> Deserialize<'de> for Skipped {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Skipped, D::Error> {
        deserializer.deserialize_any(Skipped)
    }
}

impl<'de> Visitor<'de> for Skipped {
    type Value = Skipped;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Skipped, E> {
        Ok(Skipped)
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Skipped, E> {
        Ok(Skipped)
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Skipped, E> {
        Ok(Skipped)
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Skipped, E> {
        Ok(Skipped)
    }

    fn visit_str<E: de::Error>(self, _: &str) -> Result<Skipped, E> {
        Ok(Skipped)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Skipped, E> {
        Ok(Skipped)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Skipped, A::Error> {
        while seq.next_element::<Skipped>()?.is_some() {}
        Ok(Skipped)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Skipped, A::Error> {
        while map.next_entry::<Skipped, Skipped>()?.is_some() {}
        Ok(Skipped)
    }
}

/// [`Node::points`](super::Node::points): a finite number, zero or more,
/// or text holding one.
pub(crate) struct Points(pub f64);

/// Points as [`Node::points`](super::Node::points) takes them.
fn points<E: de::Error>(number: f64) -> Result<f64, E> {
    if number.is_finite() && number >= 0.0 {
        // Adding 0.0 turns -0.0 into 0.0.
        Ok(number + 0.0)
    } else {
        Err(unusual())
    }
}

impl<'de> Deserialize<'de> for Points {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Points, D::Error> {
        deserializer.deserialize_any(NumberVisitor).map(Points)
    }
}

/// A number as points; text holding one.
struct NumberVisitor;

impl Visitor<'_> for NumberVisitor {
    type Value = f64;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("points")
    }

    fn visit_i64<E: de::Error>(self, number: i64) -> Result<f64, E> {
        points(number as f64)
    }

    fn visit_u64<E: de::Error>(self, number: u64) -> Result<f64, E> {
        points(number as f64)
    }

    fn visit_f64<E: de::Error>(self, number: f64) -> Result<f64, E> {
        points(number)
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<f64, E> {
        number_in_text(text).map_or_else(give_up, points)
    }
}

/// [`Node::whole`](super::Node::whole): a whole number, zero or more
/// (`12`, `12.0`, `"12"`).
pub(crate) struct Whole(pub u64);

impl<'de> Deserialize<'de> for Whole {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Whole, D::Error> {
        deserializer.deserialize_any(WholeVisitor).map(Whole)
    }
}

/// A whole number; a whole float or text holding one.
struct WholeVisitor;

impl WholeVisitor {
    fn of_points<E: de::Error>(number: f64) -> Result<u64, E> {
        whole_of_points(points(number)?).map_or_else(give_up, Ok)
    }
}

impl Visitor<'_> for WholeVisitor {
    type Value = u64;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a whole number")
    }

    fn visit_i64<E: de::Error>(self, number: i64) -> Result<u64, E> {
        Self::of_points(number as f64)
    }

    fn visit_u64<E: de::Error>(self, number: u64) -> Result<u64, E> {
        Ok(number)
    }

    fn visit_f64<E: de::Error>(self, number: f64) -> Result<u64, E> {
        Self::of_points(number)
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<u64, E> {
        number_in_text(text).map_or_else(give_up, Self::of_points)
    }
}

/// [`Node::flag`](super::Node::flag): a boolean, or `"true"` / `"false"`.
pub(crate) struct Flag(pub bool);

impl<'de> Deserialize<'de> for Flag {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Flag, D::Error> {
        deserializer.deserialize_any(FlagVisitor).map(Flag)
    }
}

/// A boolean, or text holding one.
struct FlagVisitor;

impl Visitor<'_> for FlagVisitor {
    type Value = bool;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("true or false")
    }

    fn visit_bool<E: de::Error>(self, flag: bool) -> Result<bool, E> {
        Ok(flag)
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<bool, E> {
        flag_in_text(text).map_or_else(give_up, Ok)
    }
}

/// [`Node::texts`](super::Node::texts) for text only: an array of texts
/// (null elements skipped) or a single text.
pub(crate) struct Texts(pub Vec<String>);

impl<'de> Deserialize<'de> for Texts {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Texts, D::Error> {
        deserializer.deserialize_any(TextsVisitor).map(Texts)
    }
}

/// Texts, or one text.
struct TextsVisitor;

impl<'de> Visitor<'de> for TextsVisitor {
    type Value = Vec<String>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("texts")
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Vec<String>, E> {
        Ok(vec![text.to_string()])
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<String>, A::Error> {
        let mut texts = Vec::new();
        while let Some(text) = seq.next_element::<Option<String>>()? {
            texts.extend(text);
        }
        Ok(texts)
    }
}

/// [`Node::date_time`](super::Node::date_time): text in any spelling
/// [`parse_date_time`] reads.
pub(crate) struct When(pub DateTime<Utc>);

impl<'de> Deserialize<'de> for When {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<When, D::Error> {
        deserializer.deserialize_any(WhenVisitor).map(When)
    }
}

/// A date and time written as text.
struct WhenVisitor;

impl Visitor<'_> for WhenVisitor {
    type Value = DateTime<Utc>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a date and time")
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<DateTime<Utc>, E> {
        parse_date_time(text).map_or_else(give_up, Ok)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::json::{parse_bytes, Node};

    /// `text` read by `T`, `None` when it gives up.
    fn typed<T: for<'de> Deserialize<'de>>(text: &str) -> Option<T> {
        serde_json::from_str(text).ok()
    }

    /// The same scalars through [`Node`] and the typed readers.
    #[test]
    fn scalars_agree_with_node() {
        let samples = [
            "12",
            "12.0",
            "\" 3.5 \"",
            "-0",
            "\"-0\"",
            "-2",
            "\"-0.5\"",
            "1e308",
            "\"1e400\"",
            "\"NaN\"",
            "\"inf\"",
            "\"abc\"",
            "true",
            "\"True\"",
            "\" false \"",
            "\"yes\"",
            "18446744073709551615",
            "\"18446744073709551615\"",
            "2.5",
            "\"2024-01-01\"",
            "\"2024-01-01T10:00:00+02:00\"",
            "\"/Date(1704067200000)/\"",
            "\"soon\"",
            "{}",
            "[]",
            "\"x\"",
        ];
        for sample in samples {
            let Ok(value) = parse_bytes(sample.as_bytes()) else {
                panic!("{sample} does not parse")
            };
            let node = Node::root(&value);
            assert_eq!(
                typed::<Points>(sample).map(|p| p.0.to_bits()),
                node.points().ok().map(f64::to_bits),
                "points of {sample}"
            );
            assert_eq!(
                typed::<Whole>(sample).map(|w| w.0),
                node.whole().ok(),
                "whole of {sample}"
            );
            assert_eq!(
                typed::<Flag>(sample).map(|f| f.0),
                node.flag().ok(),
                "flag of {sample}"
            );
            assert_eq!(
                typed::<When>(sample).map(|w| w.0),
                node.date_time().ok(),
                "date of {sample}"
            );
        }
    }

    #[test]
    fn texts_take_a_list_or_one_text() {
        let list = typed::<Texts>(r#"["a", null, "b"]"#).map(|t| t.0);
        assert_eq!(list, Some(vec!["a".to_string(), "b".to_string()]));
        assert_eq!(
            typed::<Texts>(r#""a""#).map(|t| t.0),
            Some(vec!["a".into()])
        );
        // Numbers are text to Node: the fast path leaves them to it.
        assert!(typed::<Texts>("[1]").is_none());
    }

    #[test]
    fn skipped_values_are_validated_like_a_value() {
        for text in [r#"{"a": "\ud800"}"#, "[1e400]", "[\"\u{1}\"]"] {
            assert!(parse_bytes(text.as_bytes()).is_err(), "{text}");
            assert!(typed::<Skipped>(text).is_none(), "{text}");
        }
        assert!(typed::<Skipped>(r#"{"a": [1, {"b": null}], "c": "\ud83d\ude00"}"#).is_some());
    }

    #[derive(Clone, Copy, Debug, PartialEq)]
    enum Field {
        Score,
    }

    fn key(text: &str) -> Result<Option<Field>, serde_json::Error> {
        let mut deserializer = serde_json::Deserializer::from_str(text);
        Keys(&[("score", Field::Score)])
            .deserialize(&mut deserializer)
            .map(|key| match key {
                Key::Known(field) => Some(field),
                Key::Other => None,
            })
    }

    #[test]
    fn keys_match_exactly_and_refuse_other_cases() {
        assert_eq!(key(r#""score""#).ok(), Some(Some(Field::Score)));
        assert_eq!(key(r#""other""#).ok(), Some(None));
        assert!(key(r#""Score""#).is_err());
        assert!(key(r#""additionalProperties""#).is_err());
    }
}
