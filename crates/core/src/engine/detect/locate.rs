//! Where the Graph entities of a document are. Graph sends a page
//! `{"@odata.context": ..., "value": [...]}`; an endpoint's pages come as an
//! array of pages; PowerShell writes a bare array or a single entity. Tools
//! that automate the calls (Logic Apps, Power Automate, MSP workflows,
//! scripts) save them inside their own object instead:
//! `{"body": {"value": [...]}}`, `{"result": [...], "control_profiles":
//! [[profile], [profile]]}`, `{"tenant": "...", "scores": {...page...}}`.
//! Those are found wherever they sit, and said where. Detecting a format
//! and Graph's lenient reader (`graph::document`) both start here.

use crate::engine::detect::{fields, Format};
use crate::engine::json::Node;

/// How many places a note names before "and N more".
const PLACES_SHOWN: usize = 3;

/// A list of Graph entities of one kind.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Place<'a> {
    pub kind: Format,
    /// Where the list is (`body.value`); `None` at the root, where Graph
    /// and PowerShell put it.
    pub at: Option<String>,
    pub entities: Vec<Node<'a>>,
}

/// The lists of Graph entities of a document: the root's when it is one
/// of the usual shapes and an entity of it tells its kind, else every list
/// found below the root whose entities tell (not looking inside a list
/// found).
pub(crate) fn locate<'a>(root: &Node<'a>) -> Vec<Place<'a>> {
    if let Some(place) = place_of(root, None) {
        return vec![place];
    }
    let mut places = Vec::new();
    search(root, &mut places);
    places
}

/// The kind of one entity, if it tells: secureScores have `controlScores`
/// or `currentScore`; control profiles have `maxScore` and `title` or
/// `actionType`.
fn graph_format(entity: &Node) -> Option<Format> {
    let has = |key: &str| entity.get(key).is_some();
    if has(fields::CONTROL_SCORES) || has(fields::CURRENT_SCORE) {
        Some(Format::GraphScores)
    } else if has(fields::MAX_SCORE) && (has(fields::TITLE) || has(fields::ACTION_TYPE)) {
        Some(Format::GraphProfiles)
    } else {
        None
    }
}

/// "secureScores found at body.value", naming the first few places of
/// `kind` found inside a wrapper; `None` when they are where Graph puts them.
pub(crate) fn found_at(places: &[Place], kind: Format) -> Option<String> {
    let wrapped: Vec<&str> = places
        .iter()
        .filter(|place| place.kind == kind)
        .filter_map(|place| place.at.as_deref())
        .collect();
    if wrapped.is_empty() {
        return None;
    }
    let noun = match kind {
        Format::GraphProfiles => "secureScoreControlProfiles",
        _ => "secureScores",
    };
    let mut shown = wrapped
        .iter()
        .take(PLACES_SHOWN)
        .copied()
        .collect::<Vec<_>>()
        .join(", ");
    if wrapped.len() > PLACES_SHOWN {
        let more = wrapped.len().saturating_sub(PLACES_SHOWN);
        shown = format!("{shown} and {more} more");
    }
    Some(format!("{noun} found at {shown}"))
}

/// Looks for lists below `node`, depth first in the order of the document.
fn search<'a>(node: &Node<'a>, places: &mut Vec<Place<'a>>) {
    let children = match node.items() {
        Ok(items) => items,
        Err(_) => node.fields(),
    };
    for child in children {
        match place_of(&child, Some(child.path().to_string())) {
            Some(place) => places.push(place),
            None => search(&child, places),
        }
    }
}

/// The entities of `node` as a list of one kind, when one of them tells
/// the kind; `at` names the node (a page's list is its `value`).
fn place_of<'a>(node: &Node<'a>, at: Option<String>) -> Option<Place<'a>> {
    let (entities, list) = entities_of(node);
    let kind = entities.iter().find_map(graph_format)?;
    let at = at.map(|_| list.unwrap_or_else(|| node.path().to_string()));
    Some(Place { kind, at, entities })
}

/// The entities of a node, each with its path, and the path of the page's
/// list when `node` is a page: a page's `value` (`value[2]`), the entities
/// of the pages of an array (`[1].value[0]`) and of its arrays (profiles
/// wrapped one by one: `[3][0]`), the elements of an array (`[3]`), or
/// the node itself. An object whose `value` is not an array is an entity.
fn entities_of<'a>(node: &Node<'a>) -> (Vec<Node<'a>>, Option<String>) {
    match node.items() {
        Ok(elements) => (
            elements
                .into_iter()
                .flat_map(|element| {
                    element
                        .items()
                        .ok()
                        .or_else(|| page_items(&element).map(|(items, _)| items))
                        .unwrap_or_else(|| vec![element])
                })
                .collect(),
            None,
        ),
        Err(_) => match page_items(node) {
            Some((items, list)) => (items, Some(list)),
            None => (vec![node.clone()], None),
        },
    }
}

/// The entities of a page and the path of its list, `None` when `node` is
/// not a page.
fn page_items<'a>(node: &Node<'a>) -> Option<(Vec<Node<'a>>, String)> {
    let list = node.get(fields::VALUE)?;
    Some((list.items().ok()?, list.path().to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};

    const SCORE: &str = r#"{"createdDateTime": "2024-01-01", "currentScore": 1}"#;
    const PROFILE: &str = r#"{"id": "x", "maxScore": 1, "title": "X"}"#;

    fn score() -> Value {
        serde_json::from_str(SCORE).unwrap_or_default()
    }

    fn profile() -> Value {
        serde_json::from_str(PROFILE).unwrap_or_default()
    }

    /// Each place: its kind, where, and the paths of its entities.
    fn places(value: &Value) -> Vec<(Format, Option<String>, Vec<String>)> {
        locate(&Node::root(value))
            .into_iter()
            .map(|place| {
                let paths = place.entities.iter().map(|e| e.path().to_string());
                (place.kind, place.at, paths.collect())
            })
            .collect()
    }

    fn at(path: &str) -> Option<String> {
        Some(path.to_string())
    }

    #[test]
    fn the_usual_shapes_are_at_the_root() {
        let scores = Format::GraphScores;
        assert_eq!(
            places(&json!({"@odata.context": "x", "value": [{}, score()]})),
            [(scores, None, vec!["value[0]".into(), "value[1]".into()])]
        );
        assert_eq!(
            places(&json!([{"value": [score()]}, {"value": [{}, {}]}])),
            [(
                scores,
                None,
                vec![
                    "[0].value[0]".into(),
                    "[1].value[0]".into(),
                    "[1].value[1]".into()
                ]
            )]
        );
        assert_eq!(
            places(&json!([score(), 3])),
            [(scores, None, vec!["[0]".into(), "[1]".into()])]
        );
        assert_eq!(places(&score()), [(scores, None, vec![String::new()])]);
        assert_eq!(places(&json!({"Value": []})), []);
        assert_eq!(places(&json!({"value": 3})), []);
    }

    #[test]
    fn wrapped_lists_are_found_at_any_depth() {
        let value = json!({
            "tenant": "contoso",
            "result": [score(), score()],
            "control_profiles": [[profile()], [profile()]],
            "runs": [{"body": {"value": [score()]}}],
        });
        assert_eq!(
            places(&value),
            [
                (
                    Format::GraphProfiles,
                    at("control_profiles"),
                    vec![
                        "control_profiles[0][0]".into(),
                        "control_profiles[1][0]".into()
                    ]
                ),
                (
                    Format::GraphScores,
                    at("result"),
                    vec!["result[0]".into(), "result[1]".into()]
                ),
                (
                    Format::GraphScores,
                    at("runs[0].body.value"),
                    vec!["runs[0].body.value[0]".into()]
                ),
            ]
        );
        let single = json!({"tenant": "t", "score": score()});
        assert_eq!(
            places(&single),
            [(Format::GraphScores, at("score"), vec!["score".into()])]
        );
        // Nothing that tells: nothing found.
        assert_eq!(places(&json!({"a": [{"b": [1, {}]}], "c": "x"})), []);
    }

    #[test]
    fn notes_name_the_wrapped_places() {
        let value = json!({"a": [score()], "b": [score()], "c": [score()], "d": [score()], "p": [profile()]});
        let root = Node::root(&value);
        let found = locate(&root);
        assert_eq!(
            found_at(&found, Format::GraphScores).as_deref(),
            Some("secureScores found at a, b, c and 1 more")
        );
        assert_eq!(
            found_at(&found, Format::GraphProfiles).as_deref(),
            Some("secureScoreControlProfiles found at p")
        );
        let page = json!({"value": [score()]});
        assert_eq!(
            found_at(&locate(&Node::root(&page)), Format::GraphScores),
            None
        );
    }
}
