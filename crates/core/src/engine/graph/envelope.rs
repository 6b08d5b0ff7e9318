//! What every Graph reader shares: the next page's link, and the checks of
//! an entity and of its identifiers.

use serde_json::Value;

use crate::engine::detect::fields;
use crate::engine::error::ImportError;
use crate::engine::json::{describe, shorten, Node};

/// The `@odata.nextLink` of a response, for the REST client to fetch the
/// next page (of an array of pages, the last page's link).
pub fn next_link(value: &Value) -> Option<String> {
    let root = Node::root(value);
    let page = match root.items() {
        Ok(pages) => pages.into_iter().last()?,
        Err(_) => root,
    };
    page.get(fields::ODATA_NEXT_LINK)?
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
        let error = expect_object(&node.items().unwrap_or_default()[0], "a control score");
        assert!(
            error.is_err_and(|e| e.path == "[0]" && e.message.contains("ConvertTo-Json -Depth 10"))
        );
    }
}
