//! Renders untrusted HTML (from Graph) as safe DOM nodes, through
//! [`crate::sanitize`]: never `inner_html`.

use leptos::prelude::*;

use crate::sanitize::{sanitize, Node, Tag};

/// Untrusted HTML shown as sanitized rich text: text, paragraphs, line
/// breaks, lists, emphasis and http(s) links that open in a new tab.
#[component]
pub fn RichText(
    /// The untrusted HTML.
    #[prop(into)]
    html: String,
) -> impl IntoView {
    view! { <div class="ss-rich-text">{render(sanitize(&html))}</div> }
}

fn render(nodes: Vec<Node>) -> AnyView {
    nodes.into_iter().map(render_node).collect_view().into_any()
}

fn render_node(node: Node) -> AnyView {
    match node {
        Node::Text(text) => text.into_any(),
        Node::Link(href, children) => view! {
            <a href=href target="_blank" rel="noopener noreferrer">{render(children)}</a>
        }
        .into_any(),
        Node::Element(tag, children) => {
            let inner = render(children);
            match tag {
                Tag::Paragraph => view! { <p>{inner}</p> }.into_any(),
                Tag::Break => view! { <br /> }.into_any(),
                Tag::UnorderedList => view! { <ul>{inner}</ul> }.into_any(),
                Tag::OrderedList => view! { <ol>{inner}</ol> }.into_any(),
                Tag::ListItem => view! { <li>{inner}</li> }.into_any(),
                Tag::Emphasis => view! { <em>{inner}</em> }.into_any(),
                Tag::Strong => view! { <strong>{inner}</strong> }.into_any(),
                Tag::Code => view! { <code>{inner}</code> }.into_any(),
            }
        }
    }
}
