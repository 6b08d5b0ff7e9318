//! The ways a list of Graph entities arrives: a REST page
//! `{"@odata.context": ..., "value": [...]}`, an array of such pages, a bare
//! array of entities (PowerShell), or a single entity.

use serde_json::Value;

use crate::engine::error::ImportError;
use crate::engine::json::{describe, shorten, Node};

/// The entities of a file, each with its path (`value[2]`, `[1].value[0]`,
/// `[3]`, or the root). Never fails: an object whose `value` is not an
/// array is taken as an entity itself.
pub(crate) fn entries<'a>(root: &Node<'a>) -> Vec<Node<'a>> {
    match root.items() {
        Ok(elements) => elements
            .into_iter()
            .flat_map(|element| page_items(&element).unwrap_or_else(|| vec![element]))
            .collect(),
        Err(_) => page_items(root).unwrap_or_else(|| vec![root.clone()]),
    }
}

/// The entities of a page, `None` when `node` is not a page.
fn page_items<'a>(node: &Node<'a>) -> Option<Vec<Node<'a>>> {
    node.get("value")?.items().ok()
}

/// The `@odata.nextLink` of a response, for the REST client to fetch the
/// next page (of an array of pages, the last page's link).
pub fn next_link(value: &Value) -> Option<String> {
    let root = Node::root(value);
    let page = match root.items() {
        Ok(pages) => pages.into_iter().last()?,
        Err(_) => root,
    };
    page.get("@odata.nextLink")?
        .text()
        .ok()
        .filter(|link| !link.trim().is_empty())
}

/// Fails unless `node` is an object, naming what it is instead.
pub(super) fn expect_object(node: &Node, what: &str) -> Result<(), ImportError> {
    match node.value() {
        Value::Object(_) => Ok(()),
        Value::String(text) if text.starts_with("Microsoft.Graph.") => Err(node.error(format!(
            "expected {what} (an object), found the type name \"{}\": PowerShell's \
             ConvertTo-Json cut the data at its default depth, use ConvertTo-Json -Depth 10",
            shorten(text, 80)
        ))),
        other => Err(node.error(format!(
            "expected {what} (an object), found {}",
            describe(other)
        ))),
    }
}

/// An id or a control name: text, trimmed, not empty.
pub(super) fn identifier(field: &Node) -> Result<String, ImportError> {
    let text = field.text()?.trim().to_string();
    if text.is_empty() {
        Err(field.error("expected an identifier, found empty text"))
    } else {
        Ok(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn paths(value: &Value) -> Vec<String> {
        entries(&Node::root(value))
            .iter()
            .map(|node| node.path().to_string())
            .collect()
    }

    #[test]
    fn every_envelope_yields_its_entities() {
        assert_eq!(
            paths(&json!({"@odata.context": "x", "value": [{}, {}]})),
            ["value[0]", "value[1]"]
        );
        assert_eq!(
            paths(&json!([{"value": [{}]}, {"value": [{}, {}]}])),
            ["[0].value[0]", "[1].value[0]", "[1].value[1]"]
        );
        assert_eq!(paths(&json!([{"id": 1}, {"id": 2}])), ["[0]", "[1]"]);
        assert_eq!(paths(&json!({"id": 1})), [""]);
        assert_eq!(paths(&json!({"Value": []})), Vec::<String>::new());
        // `value` that is not an array: the object is an entity.
        assert_eq!(paths(&json!({"value": 3})), [""]);
    }

    #[test]
    fn next_link_of_a_page_or_the_last_page() {
        let page = json!({"@odata.nextLink": "https://next", "value": []});
        assert_eq!(next_link(&page), Some("https://next".to_string()));
        let pages = json!([page, {"value": []}]);
        assert_eq!(next_link(&pages), None);
        assert_eq!(next_link(&json!({"@odata.nextLink": " "})), None);
        assert_eq!(next_link(&json!([])), None);
    }

    #[test]
    fn shallow_powershell_output_gets_a_hint() {
        let value = json!(["Microsoft.Graph.PowerShell.Models.MicrosoftGraphControlScore"]);
        let node = Node::root(&value);
        let error = expect_object(&entries(&node)[0], "a control score");
        assert!(
            error.is_err_and(|e| e.path == "[0]" && e.message.contains("ConvertTo-Json -Depth 10"))
        );
    }
}
