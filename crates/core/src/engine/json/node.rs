//! A lenient reader over a JSON value that knows where it is, so that every
//! error names its place (`value[3].controlScores[7].score`).
//!
//! Leniency, for Graph's REST responses and PowerShell's `ConvertTo-Json`
//! alike: field names match case-insensitively and without the spaces
//! around them (`"controlName "` in documentation examples); a field not found on an
//! object is looked up in its `AdditionalProperties` object (the Microsoft
//! Graph PowerShell SDK puts every property it does not model there); `null`
//! is the same as missing; numbers may be written as text (`"12"`, `"3.5"`)
//! and booleans as `"true"` / `"false"`.
//!
//! Strictness: a field that is present with a value that cannot be read is
//! an error naming its path, never silently dropped. Numbers must be finite
//! ("NaN", "Infinity" are refused); points and counts must not be negative.

use chrono::{DateTime, Utc};
use serde_json::{Map, Value};

use super::dates::parse_date_time;
use crate::engine::error::ImportError;
use crate::text::plural;

/// Field holding the properties the Graph PowerShell SDK does not model.
pub(super) const ADDITIONAL_PROPERTIES: &str = "AdditionalProperties";

/// A JSON value and the path that leads to it from the root of the file.
#[derive(Clone, Debug, PartialEq)]
pub struct Node<'a> {
    value: &'a Value,
    path: String,
}

impl<'a> Node<'a> {
    /// The root of a file: its path is empty.
    pub fn root(value: &'a Value) -> Node<'a> {
        Node {
            value,
            path: String::new(),
        }
    }

    /// The value itself.
    pub fn value(&self) -> &'a Value {
        self.value
    }

    /// Where the value is, e.g. `value[0].controlScores[7].score` (empty for
    /// the root).
    pub fn path(&self) -> &str {
        &self.path
    }

    /// An error at this node's path.
    pub fn error(&self, message: impl Into<String>) -> ImportError {
        ImportError::new(self.path.clone(), message)
    }

    /// The field `key` (any case; else from `AdditionalProperties`), `None`
    /// when missing, null, or when this is not an object.
    pub fn get(&self, key: &str) -> Option<Node<'a>> {
        let Value::Object(map) = self.value else {
            return None;
        };
        if let Some((name, value)) = find_field(map, key) {
            return Some(self.child(name, value));
        }
        let (extra_name, extra) = find_field(map, ADDITIONAL_PROPERTIES)?;
        let Value::Object(extra_map) = extra else {
            return None;
        };
        let (name, value) = find_field(extra_map, key)?;
        Some(self.child(extra_name, extra).child(name, value))
    }

    /// Reads the field `key` with `read` if it is there (see [`Node::get`]).
    pub fn optional<T>(
        &self,
        key: &str,
        read: impl FnOnce(&Node<'a>) -> Result<T, ImportError>,
    ) -> Result<Option<T>, ImportError> {
        self.get(key).map(|field| read(&field)).transpose()
    }

    /// Reads the field `key` with `read`; an error naming the field when it
    /// is missing or null.
    pub fn required<T>(
        &self,
        key: &str,
        read: impl FnOnce(&Node<'a>) -> Result<T, ImportError>,
    ) -> Result<T, ImportError> {
        match self.get(key) {
            Some(field) => read(&field),
            None if self.value.is_object() => Err(ImportError::new(
                join_key(&self.path, key),
                "this required field is missing",
            )),
            None => Err(self.error(format!(
                "expected an object with the field \"{key}\", found {}",
                describe(self.value)
            ))),
        }
    }

    /// The non-null fields of an object, each with its path (none when this
    /// is not an object).
    pub fn fields(&self) -> Vec<Node<'a>> {
        match self.value {
            Value::Object(map) => map
                .iter()
                .filter(|(_, value)| !value.is_null())
                .map(|(name, value)| self.child(name, value))
                .collect(),
            _ => Vec::new(),
        }
    }

    /// The elements of an array, each with its `[i]` path.
    pub fn items(&self) -> Result<Vec<Node<'a>>, ImportError> {
        match self.value {
            Value::Array(items) => Ok(items
                .iter()
                .enumerate()
                .map(|(index, value)| Node {
                    value,
                    path: format!("{}[{index}]", self.path),
                })
                .collect()),
            other => Err(self.error(format!("expected an array, found {}", describe(other)))),
        }
    }

    /// A finite number, or text holding one (`"3.5"`).
    pub fn number(&self) -> Result<f64, ImportError> {
        let number = match self.value {
            Value::Number(number) => number.as_f64(),
            Value::String(text) => number_in_text(text),
            _ => None,
        };
        match number {
            Some(number) if number.is_finite() => Ok(number),
            Some(_) => Err(self.error(format!(
                "expected a finite number, found {}",
                describe(self.value)
            ))),
            None => Err(self.error(format!("expected a number, found {}", describe(self.value)))),
        }
    }

    /// A number of points (or a count, a percentage): finite and not
    /// negative.
    pub fn points(&self) -> Result<f64, ImportError> {
        let number = self.number()?;
        if number < 0.0 {
            return Err(self.error(format!(
                "expected zero or more, found the negative number {number}"
            )));
        }
        // Adding 0.0 turns -0.0 into 0.0.
        Ok(number + 0.0)
    }

    /// A whole number, zero or more (`12`, `12.0`, `"12"`).
    pub fn whole(&self) -> Result<u64, ImportError> {
        if let Some(whole) = self.value.as_u64() {
            return Ok(whole);
        }
        whole_of_points(self.points()?).ok_or_else(|| {
            self.error(format!(
                "expected a whole number, found {}",
                describe(self.value)
            ))
        })
    }

    /// A boolean, or the text `"true"` / `"false"` (any case).
    pub fn flag(&self) -> Result<bool, ImportError> {
        match self.value {
            Value::Bool(flag) => Ok(*flag),
            Value::String(text) => flag_in_text(text).ok_or_else(|| {
                self.error(format!(
                    "expected true or false, found {}",
                    describe(self.value)
                ))
            }),
            other => Err(self.error(format!("expected true or false, found {}", describe(other)))),
        }
    }

    /// Text as written; a number or a boolean is taken as its JSON text.
    pub fn text(&self) -> Result<String, ImportError> {
        match self.value {
            Value::String(text) => Ok(text.clone()),
            Value::Number(number) => Ok(number.to_string()),
            Value::Bool(flag) => Ok(flag.to_string()),
            other => Err(self.error(format!("expected text, found {}", describe(other)))),
        }
    }

    /// A list of texts; a single text counts as a list of one, null
    /// elements are skipped.
    pub fn texts(&self) -> Result<Vec<String>, ImportError> {
        if !self.value.is_array() {
            return Ok(vec![self.text()?]);
        }
        self.items()?
            .iter()
            .filter(|item| !item.value.is_null())
            .map(Node::text)
            .collect()
    }

    /// A date and time in UTC, in any spelling [`parse_date_time`] reads.
    pub fn date_time(&self) -> Result<DateTime<Utc>, ImportError> {
        let parsed = match self.value {
            Value::String(text) => parse_date_time(text),
            _ => None,
        };
        parsed.ok_or_else(|| {
            self.error(format!(
                "expected a date and time such as 2024-01-01T00:00:00Z, found {}",
                describe(self.value)
            ))
        })
    }

    /// The node of the field `name` of this object.
    fn child(&self, name: &str, value: &'a Value) -> Node<'a> {
        Node {
            value,
            path: join_key(&self.path, name),
        }
    }
}

/// A number written as text (`" 3.5 "`), as [`Node::number`] reads it, in
/// JSON's number grammar. The spellings of NaN and infinity (`"-Infinity"`)
/// come back as NaN, for the reader to say that the number is not finite.
/// serde_json reads the number, not `str::parse`: core's float tables would
/// add 16 KB gzipped to the wasm for this one use.
pub(crate) fn number_in_text(text: &str) -> Option<f64> {
    let text = text.trim();
    serde_json::from_str(text).ok().or_else(|| {
        let word = text.trim_start_matches(['+', '-']).to_ascii_lowercase();
        matches!(word.as_str(), "nan" | "inf" | "infinity").then_some(f64::NAN)
    })
}

/// A flag written as text (`"True"`), as [`Node::flag`] reads it.
pub(crate) fn flag_in_text(text: &str) -> Option<bool> {
    let text = text.trim();
    if text.eq_ignore_ascii_case("true") {
        Some(true)
    } else if text.eq_ignore_ascii_case("false") {
        Some(false)
    } else {
        None
    }
}

/// Points (finite, not negative) as a whole number, `None` when they have
/// a fraction or do not fit in a `u64`.
pub(crate) fn whole_of_points(points: f64) -> Option<u64> {
    // 2^64 as f64 is exact; `as` is exact below it for whole numbers.
    (points.fract() == 0.0 && points < 18_446_744_073_709_551_616.0).then_some(points as u64)
}

/// The non-null field named `key`: the exact spelling first, else the first
/// spelling equal ignoring ASCII case and surrounding blanks.
fn find_field<'m>(map: &'m Map<String, Value>, key: &str) -> Option<(&'m str, &'m Value)> {
    if let Some((name, value)) = map.get_key_value(key) {
        if !value.is_null() {
            return Some((name.as_str(), value));
        }
    }
    map.iter()
        .find(|(name, value)| name.trim().eq_ignore_ascii_case(key) && !value.is_null())
        .map(|(name, value)| (name.as_str(), value))
}

/// `path.key`, or `key` at the root.
fn join_key(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

/// What a value is, for messages: "an object", "an array of 3 items",
/// "the text \"abc\"", "the number 4", "true", "null".
pub fn describe(value: &Value) -> String {
    match value {
        Value::Null => "null".to_string(),
        Value::Bool(flag) => flag.to_string(),
        Value::Number(number) => format!("the number {number}"),
        Value::String(text) => format!("the text \"{}\"", shorten(text, 40)),
        Value::Array(items) if items.is_empty() => "an empty array".to_string(),
        Value::Array(items) => format!("an array of {}", plural(items.len(), "item")),
        Value::Object(_) => "an object".to_string(),
    }
}

/// At most `limit` characters of `text`, with an ellipsis when cut.
pub fn shorten(text: &str, limit: usize) -> String {
    match text.char_indices().nth(limit) {
        Some((cut, _)) => format!("{}…", text.get(..cut).unwrap_or(text)),
        None => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn ok<T: std::fmt::Debug>(result: Result<T, ImportError>) -> T {
        match result {
            Ok(value) => value,
            Err(error) => panic!("unexpected error: {error}"),
        }
    }

    fn err<T: std::fmt::Debug>(result: Result<T, ImportError>) -> ImportError {
        match result {
            Ok(value) => panic!("expected an error, got {value:?}"),
            Err(error) => error,
        }
    }

    #[test]
    fn paths_follow_fields_and_indexes() {
        let value = json!({"value": [{}, {"controlScores": [{"score": {}}]}]});
        let root = Node::root(&value);
        let items =
            ok(ok(root.required("value", Node::items))[1].required("controlScores", Node::items));
        let error = err(items[0].required("score", Node::number));
        assert_eq!(error.path, "value[1].controlScores[0].score");
        assert_eq!(error.message, "expected a number, found an object");
    }

    #[test]
    fn keys_match_in_any_case_exact_spelling_first() {
        let value = json!({"ControlName": "a", "score": 1, "Score": 2});
        let root = Node::root(&value);
        assert_eq!(ok(root.required("controlName", Node::text)), "a");
        assert_eq!(ok(root.required("score", Node::number)), 1.0);
        assert_eq!(ok(root.required("CONTROLNAME", Node::text)), "a");
        assert_eq!(
            root.get("controlname").map(|n| n.path().to_string()),
            Some("ControlName".into())
        );
    }

    #[test]
    fn keys_match_without_surrounding_blanks() {
        let value = json!({"controlName ": "a", " score": 2, "n": null});
        let root = Node::root(&value);
        assert_eq!(ok(root.required("controlName", Node::text)), "a");
        assert_eq!(
            root.get("score").map(|n| n.path().to_string()),
            Some(" score".into())
        );
        let paths: Vec<String> = root.fields().iter().map(|f| f.path().to_string()).collect();
        assert_eq!(paths, [" score", "controlName "]);
    }

    #[test]
    fn additional_properties_read_like_fields() {
        let value =
            json!({"Score": 1, "AdditionalProperties": {"scoreInPercentage": "50", "Score": 9}});
        let root = Node::root(&value);
        let percentage = root.get("scoreinpercentage");
        assert_eq!(
            percentage.as_ref().map(Node::path),
            Some("AdditionalProperties.scoreInPercentage")
        );
        assert_eq!(ok(root.required("scoreInPercentage", Node::points)), 50.0);
        // A top-level field wins over AdditionalProperties.
        assert_eq!(ok(root.required("score", Node::points)), 1.0);
    }

    #[test]
    fn null_is_missing() {
        let value = json!({"score": null, "AdditionalProperties": null});
        let root = Node::root(&value);
        assert_eq!(root.get("score"), None);
        let error = err(root.required("score", Node::number));
        assert_eq!(error.path, "score");
        assert_eq!(error.message, "this required field is missing");
        assert_eq!(ok(root.optional("score", Node::number)), None);
    }

    #[test]
    fn numbers_in_text_follow_json_grammar() {
        assert_eq!(number_in_text(" 1e3 "), Some(1000.0));
        assert_eq!(number_in_text("0.1"), Some(0.1));
        assert_eq!(number_in_text("-2.5"), Some(-2.5));
        assert_eq!(number_in_text("+1"), None);
        assert_eq!(number_in_text("1,5"), None);
        assert_eq!(number_in_text("\"1\""), None);
        assert!(number_in_text("-Infinity").is_some_and(f64::is_nan));
        assert!(number_in_text("NAN").is_some_and(f64::is_nan));
    }

    #[test]
    fn numbers_as_text_and_rejections() {
        let value = json!(["12", " 3.5 ", 7, "NaN", "inf", "abc", -2, "-0", true]);
        let items = ok(Node::root(&value).items());
        assert_eq!(ok(items[0].points()), 12.0);
        assert_eq!(ok(items[1].points()), 3.5);
        assert_eq!(ok(items[2].whole()), 7);
        assert_eq!(
            err(items[3].number()).message,
            "expected a finite number, found the text \"NaN\""
        );
        assert_eq!(
            err(items[4].number()).message,
            "expected a finite number, found the text \"inf\""
        );
        assert_eq!(
            err(items[5].number()).message,
            "expected a number, found the text \"abc\""
        );
        let negative = err(items[6].points());
        assert_eq!(negative.path, "[6]");
        assert_eq!(
            negative.message,
            "expected zero or more, found the negative number -2"
        );
        assert!(ok(items[7].points()).is_sign_positive());
        assert_eq!(
            err(items[8].number()).message,
            "expected a number, found true"
        );
        assert_eq!(
            err(items[1].whole()).message,
            "expected a whole number, found the text \" 3.5 \""
        );
    }

    #[test]
    fn flags_texts_and_dates() {
        let value = json!({"on": "False", "off": true, "n": 3, "threats": "Phishing", "list": ["a", null, "b"], "at": "2024-01-01T00:00:00Z", "bad": "soon"});
        let root = Node::root(&value);
        assert!(!ok(root.required("on", Node::flag)));
        assert!(ok(root.required("off", Node::flag)));
        assert_eq!(
            err(root.required("n", Node::flag)).message,
            "expected true or false, found the number 3"
        );
        assert_eq!(ok(root.required("n", Node::text)), "3");
        assert_eq!(ok(root.required("threats", Node::texts)), vec!["Phishing"]);
        assert_eq!(ok(root.required("list", Node::texts)), vec!["a", "b"]);
        assert_eq!(
            ok(root.required("at", Node::date_time)).to_rfc3339(),
            "2024-01-01T00:00:00+00:00"
        );
        let bad = err(root.required("bad", Node::date_time));
        assert_eq!(bad.path, "bad");
        assert!(
            bad.message.contains("found the text \"soon\""),
            "{}",
            bad.message
        );
    }

    #[test]
    fn required_on_a_non_object_says_what_it_found() {
        let value = json!([1]);
        let items = ok(Node::root(&value).items());
        let error = err(items[0].required("score", Node::number));
        assert_eq!(error.path, "[0]");
        assert_eq!(
            error.message,
            "expected an object with the field \"score\", found the number 1"
        );
        assert_eq!(err(Node::root(&value).required("x", Node::items)).path, "");
    }

    #[test]
    fn describe_and_shorten() {
        assert_eq!(describe(&json!([1, 2, 3])), "an array of 3 items");
        assert_eq!(describe(&json!([])), "an empty array");
        assert_eq!(shorten("abcdef", 3), "abc…");
        assert_eq!(shorten("éé", 2), "éé");
    }
}
