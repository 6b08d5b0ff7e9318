//! Which of the accepted formats a JSON file holds, so that one file picker
//! takes them all.

pub mod fields;
pub(crate) mod locate;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::engine::error::ImportError;
use crate::engine::json::{describe, shorten, Node};
use crate::text::plural;
use locate::locate;

/// Our snapshot files' top-level `"format"`.
pub const SNAPSHOTS_FORMAT: &str = "secure-score/snapshots";
/// Our baseline catalog's top-level `"format"`.
pub const CATALOG_FORMAT: &str = "secure-score/catalog";

/// The accepted formats, for messages.
const ACCEPTED: &str = "expected Microsoft Graph secureScores, secureScoreControlProfiles, \
     or a Secure Score snapshot or catalog file";

/// How many field names a description lists.
const FIELDS_SHOWN: usize = 6;

/// A kind of file the app imports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Format {
    /// Our tenant snapshots (`"format": "secure-score/snapshots"`).
    TenantSnapshots,
    /// Microsoft Graph `GET /security/secureScores`.
    GraphScores,
    /// Microsoft Graph `GET /security/secureScoreControlProfiles`.
    GraphProfiles,
    /// Our baseline catalog (`"format": "secure-score/catalog"`).
    Catalog,
}

impl Format {
    /// Display name.
    pub fn label(self) -> &'static str {
        match self {
            Format::TenantSnapshots => "Secure Score tenant snapshots",
            Format::GraphScores => "Microsoft Graph secureScores",
            Format::GraphProfiles => "Microsoft Graph secureScoreControlProfiles",
            Format::Catalog => "a Secure Score baseline catalog",
        }
    }
}

/// Tells which format `value` holds.
///
/// - A top-level `"format"` names our own formats.
/// - Graph entities, in any envelope (page, array of pages, bare array,
///   single object), inside any wrapper and in any key case: secureScores
///   have `controlScores` or `currentScore`; control profiles have
///   `maxScore` and `title` or `actionType` (see [`locate`]). A document
///   holding secureScores is secureScores (it may hold profiles too).
/// - A page with an empty `value` (or an array of such pages) is taken by
///   its `@odata.context` when it names secureScoreControlProfiles, else as
///   secureScores, whose import then says that it holds no score.
/// - Anything else (including an empty array) is an error saying what the
///   JSON looks like.
pub fn detect(value: &Value) -> Result<Format, ImportError> {
    let root = Node::root(value);
    if let Some(tag) = root.get("format") {
        return own_format(&tag);
    }
    let places = locate(&root);
    if let Some(first) = places.first() {
        let scores = places.iter().any(|place| place.kind == Format::GraphScores);
        return Ok(if scores {
            Format::GraphScores
        } else {
            first.kind
        });
    }
    if let Some(context) = empty_pages_context(&root) {
        return Ok(
            if context
                .to_ascii_lowercase()
                .contains("securescorecontrolprofiles")
            {
                Format::GraphProfiles
            } else {
                Format::GraphScores
            },
        );
    }
    Err(ImportError::new(
        "",
        format!("this JSON is {}; {ACCEPTED}", looks_like(value)),
    ))
}

/// The format named by our files' `"format"` field.
fn own_format(tag: &Node) -> Result<Format, ImportError> {
    let text = tag.text()?;
    match text.trim().to_ascii_lowercase().as_str() {
        SNAPSHOTS_FORMAT => Ok(Format::TenantSnapshots),
        CATALOG_FORMAT => Ok(Format::Catalog),
        _ => Err(tag.error(format!(
            "\"{}\" is not a format this app reads; expected \"{SNAPSHOTS_FORMAT}\" or \
             \"{CATALOG_FORMAT}\"",
            shorten(&text, 60)
        ))),
    }
}

/// For an empty page, or a non-empty array of empty pages, the
/// `@odata.context` of the first (empty when absent); `None` when `root` is
/// not made of empty pages.
fn empty_pages_context(root: &Node) -> Option<String> {
    let pages = match root.items() {
        Ok(pages) if !pages.is_empty() => pages,
        Ok(_) => return None,
        Err(_) => vec![root.clone()],
    };
    let is_empty_page = |page: &Node| {
        page.get(fields::VALUE)
            .is_some_and(|v| v.value().as_array().is_some_and(Vec::is_empty))
    };
    if !pages.iter().all(is_empty_page) {
        return None;
    }
    let context = pages.first()?.get(fields::ODATA_CONTEXT);
    Some(context.and_then(|c| c.text().ok()).unwrap_or_default())
}

/// What the JSON looks like, e.g. "an array of 3 numbers" or "an object
/// with the fields \"name\", \"version\"".
fn looks_like(value: &Value) -> String {
    match value {
        Value::Array(items) => {
            let Some(first) = items.first() else {
                return "an empty array".to_string();
            };
            let noun = kind_noun(first);
            if items.iter().all(|item| kind_noun(item) == noun) {
                let fields = match first {
                    Value::Object(map) if !map.is_empty() => {
                        format!(" (the first has {})", field_list(map))
                    }
                    _ => String::new(),
                };
                format!("an array of {}{fields}", plural(items.len(), noun))
            } else {
                format!(
                    "an array of {} of mixed kinds",
                    plural(items.len(), "value")
                )
            }
        }
        Value::Object(map) if map.is_empty() => "an empty object".to_string(),
        Value::Object(map) => format!("an object with {}", field_list(map)),
        other => describe(other),
    }
}

/// The noun for a value's kind.
fn kind_noun(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "true/false value",
        Value::Number(_) => "number",
        Value::String(_) => "text",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// `the fields "a", "b" and 3 more`.
fn field_list(map: &serde_json::Map<String, Value>) -> String {
    let names: Vec<String> = map
        .keys()
        .take(FIELDS_SHOWN)
        .map(|key| format!("\"{}\"", shorten(key, 40)))
        .collect();
    let more = map.len().saturating_sub(FIELDS_SHOWN);
    let noun = if map.len() == 1 {
        "the field"
    } else {
        "the fields"
    };
    if more > 0 {
        format!("{noun} {} and {more} more", names.join(", "))
    } else {
        format!("{noun} {}", names.join(", "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn format_of(value: Value) -> Result<Format, ImportError> {
        detect(&value)
    }

    #[test]
    fn own_formats_by_tag() {
        assert_eq!(
            format_of(json!({"format": "secure-score/snapshots"})),
            Ok(Format::TenantSnapshots)
        );
        assert_eq!(
            format_of(json!({"Format": " Secure-Score/Catalog "})),
            Ok(Format::Catalog)
        );
        let unknown = format_of(json!({"format": "other/thing"}));
        assert_eq!(unknown.as_ref().map_err(|e| e.path.as_str()), Err("format"));
        let not_text = format_of(json!({"format": [1]}));
        assert_eq!(
            not_text,
            Err(ImportError::new(
                "format",
                "expected text, found an array of 1 item"
            ))
        );
    }

    #[test]
    fn graph_scores_in_every_envelope() {
        let entity = json!({"createdDateTime": "2024-01-01", "controlScores": []});
        assert_eq!(
            format_of(json!({"value": [entity]})),
            Ok(Format::GraphScores)
        );
        assert_eq!(
            format_of(json!([{"value": [entity]}])),
            Ok(Format::GraphScores)
        );
        assert_eq!(format_of(json!([entity])), Ok(Format::GraphScores));
        assert_eq!(format_of(entity), Ok(Format::GraphScores));
        assert_eq!(
            format_of(json!({"CurrentScore": 1})),
            Ok(Format::GraphScores)
        );
        assert_eq!(
            format_of(json!([{"AdditionalProperties": {"controlScores": []}}])),
            Ok(Format::GraphScores)
        );
    }

    #[test]
    fn graph_profiles() {
        assert_eq!(
            format_of(json!({"value": [{"maxScore": 1, "title": "t"}]})),
            Ok(Format::GraphProfiles)
        );
        assert_eq!(
            format_of(json!([{"MaxScore": 1, "ActionType": "Config"}])),
            Ok(Format::GraphProfiles)
        );
        // A first entity that tells nothing does not decide.
        assert_eq!(
            format_of(json!([{}, {"maxScore": 1, "title": "t"}])),
            Ok(Format::GraphProfiles)
        );
    }

    #[test]
    fn empty_pages_follow_their_context() {
        assert_eq!(format_of(json!({"value": []})), Ok(Format::GraphScores));
        assert_eq!(
            format_of(
                json!({"@odata.context": "https://graph.microsoft.com/v1.0/$metadata#security/secureScoreControlProfiles", "value": []})
            ),
            Ok(Format::GraphProfiles)
        );
        assert_eq!(
            format_of(json!([{"value": []}, {"value": []}])),
            Ok(Format::GraphScores)
        );
    }

    #[test]
    fn anything_else_is_described() {
        let message = |value: Value| match detect(&value) {
            Ok(format) => panic!("detected {format:?}"),
            Err(error) => error.message,
        };
        assert_eq!(
            message(json!([1, 2, 3])),
            "this JSON is an array of 3 numbers; expected Microsoft Graph secureScores, \
             secureScoreControlProfiles, or a Secure Score snapshot or catalog file"
        );
        assert!(message(json!([])).starts_with("this JSON is an empty array;"));
        assert!(message(json!({})).starts_with("this JSON is an empty object;"));
        assert!(message(json!("x")).starts_with("this JSON is the text \"x\";"));
        assert!(message(json!([1, "a"]))
            .starts_with("this JSON is an array of 2 values of mixed kinds;"));
        assert!(message(json!([{"name": 1}]))
            .starts_with("this JSON is an array of 1 object (the first has the field \"name\");"));
        assert!(message(json!({"a": 1, "b": 2, "c": 3, "d": 4, "e": 5, "f": 6, "g": 7, "h": 8}))
            .starts_with("this JSON is an object with the fields \"a\", \"b\", \"c\", \"d\", \"e\", \"f\" and 2 more;"));
        assert!(message(json!({"value": [1]}))
            .starts_with("this JSON is an object with the field \"value\";"));
    }
}
