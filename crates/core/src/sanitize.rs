//! Turns untrusted HTML (Graph's `remediation`, `description`,
//! `implementationStatus`, ...) into a tree of safe nodes: text, paragraphs,
//! line breaks, lists, emphasis and http(s) links. Everything else is
//! dropped (scripts, styles, event handlers, other URL schemes) or unwrapped
//! to its text. The UI renders the tree with ordinary DOM nodes, never with
//! `inner_html`, so nothing from the input can execute.
//!
//! Pure Rust, no browser APIs: tested natively.

/// A node of sanitized rich text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Node {
    /// Text, entities decoded, whitespace collapsed. Rendered as a text node.
    Text(String),
    /// An allowed element and its children.
    Element(Tag, Vec<Node>),
    /// A link whose `href` is an absolute http(s) URL.
    Link(String, Vec<Node>),
}

/// The elements that survive sanitizing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tag {
    Paragraph,
    Break,
    UnorderedList,
    OrderedList,
    ListItem,
    Emphasis,
    Strong,
    Code,
}

impl Tag {
    fn from_name(name: &str) -> Option<Tag> {
        Some(match name {
            "p" | "div" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "blockquote" => Tag::Paragraph,
            "br" => Tag::Break,
            "ul" => Tag::UnorderedList,
            "ol" => Tag::OrderedList,
            "li" => Tag::ListItem,
            "em" | "i" => Tag::Emphasis,
            "strong" | "b" => Tag::Strong,
            "code" | "kbd" | "samp" => Tag::Code,
            _ => return None,
        })
    }
}

/// Elements whose content is dropped with them.
const DROPPED_WITH_CONTENT: [&str; 10] = [
    "script", "style", "iframe", "object", "embed", "template", "noscript", "textarea", "title",
    "svg",
];

/// Deeper nesting than this is flattened into its parent (keeps rendering
/// recursion bounded whatever the input).
const MAX_DEPTH: usize = 24;

/// Sanitizes `html` into safe nodes. Never fails: malformed markup is read
/// as leniently as a browser would, unknown tags are unwrapped.
pub fn sanitize(html: &str) -> Vec<Node> {
    let mut builder = Builder::default();
    let mut rest = html;
    while !rest.is_empty() {
        match rest.find('<') {
            None => {
                builder.text(rest);
                break;
            }
            Some(at) => {
                builder.text(&rest[..at]);
                rest = &rest[at..];
            }
        }
        rest = read_markup(rest, &mut builder);
    }
    builder.finish()
}

/// The text of `html` alone, for search and CSV export.
pub fn plain_text(html: &str) -> String {
    let mut out = String::new();
    append_text(&sanitize(html), &mut out);
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn append_text(nodes: &[Node], out: &mut String) {
    for node in nodes {
        match node {
            Node::Text(text) => out.push_str(text),
            Node::Element(tag, children) => {
                if !matches!(tag, Tag::Emphasis | Tag::Strong | Tag::Code) {
                    out.push(' ');
                }
                append_text(children, out);
                if !matches!(tag, Tag::Emphasis | Tag::Strong | Tag::Code) {
                    out.push(' ');
                }
            }
            Node::Link(_, children) => append_text(children, out),
        }
    }
}

/// Reads one piece of markup at the start of `input` (which starts with
/// `<`) and returns what follows it.
fn read_markup<'a>(input: &'a str, builder: &mut Builder) -> &'a str {
    if let Some(comment) = input.strip_prefix("<!--") {
        return comment.find("-->").map_or("", |end| &comment[end + 3..]);
    }
    let Some(end) = find_tag_end(input) else {
        // A lone '<' that never closes is text.
        builder.text("<");
        return &input[1..];
    };
    let inner = &input[1..end];
    let after = &input[end + 1..];
    if inner.starts_with('!') || inner.starts_with('?') {
        return after; // doctype, processing instruction
    }
    let (closing, body) = match inner.strip_prefix('/') {
        Some(body) => (true, body),
        None => (false, inner),
    };
    let name: String = body
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase();
    if name.is_empty() {
        builder.text(&input[..=end]);
        return after;
    }
    if closing {
        builder.close(&name);
        return after;
    }
    if DROPPED_WITH_CONTENT.contains(&name.as_str()) {
        return skip_element_content(after, &name);
    }
    let self_closing = body.trim_end().ends_with('/');
    builder.open(&name, &body[name.len()..], self_closing);
    after
}

/// The index of the `>` that ends the tag at the start of `input`,
/// skipping `>` inside quoted attribute values.
fn find_tag_end(input: &str) -> Option<usize> {
    let mut quote: Option<char> = None;
    for (i, c) in input.char_indices().skip(1) {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '>') => return Some(i),
            (None, '<') if i == 1 => return None,
            _ => {}
        }
    }
    None
}

/// Skips everything up to and including `</name>` (case-insensitive).
fn skip_element_content<'a>(input: &'a str, name: &str) -> &'a str {
    let lower = input.to_ascii_lowercase();
    let needle = format!("</{name}");
    match lower.find(&needle) {
        Some(at) => {
            let rest = &input[at..];
            rest.find('>').map_or("", |end| &rest[end + 1..])
        }
        None => "",
    }
}

/// The value of the `href` attribute in a tag's attribute text.
fn href_of(attributes: &str) -> Option<String> {
    let mut rest = attributes;
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == '/');
        if rest.is_empty() {
            return None;
        }
        let name_end = rest
            .find(|c: char| c == '=' || c.is_whitespace() || c == '/')
            .unwrap_or(rest.len());
        let name = rest[..name_end].to_ascii_lowercase();
        rest = rest[name_end..].trim_start();
        let value = if let Some(after_eq) = rest.strip_prefix('=') {
            let after_eq = after_eq.trim_start();
            let (value, remaining) = match after_eq.chars().next() {
                Some(q @ ('"' | '\'')) => {
                    let body = &after_eq[1..];
                    let end = body.find(q).unwrap_or(body.len());
                    (&body[..end], body.get(end + 1..).unwrap_or(""))
                }
                _ => {
                    let end = after_eq.find(char::is_whitespace).unwrap_or(after_eq.len());
                    (&after_eq[..end], &after_eq[end..])
                }
            };
            rest = remaining;
            value
        } else {
            ""
        };
        if name == "href" {
            return Some(decode_entities(value));
        }
    }
}

/// Keeps only absolute http(s) URLs.
pub fn safe_url(url: &str) -> Option<String> {
    let trimmed: String = url.chars().filter(|c| !c.is_control()).collect();
    let trimmed = trimmed.trim();
    let lower = trimmed.to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://")).then(|| trimmed.to_string())
}

/// Decodes the entities Graph uses (`&amp;`, `&nbsp;`, `&#39;`, `&#x27;`, ...).
fn decode_entities(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let end = rest
            .char_indices()
            .take(12)
            .find(|(_, c)| *c == ';')
            .map(|(i, _)| i);
        let decoded = end.and_then(|end| entity(&rest[1..end]).map(|c| (c, end)));
        match decoded {
            Some((c, end)) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn entity(name: &str) -> Option<char> {
    let named = match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => ' ',
        "ndash" => '–',
        "mdash" => '—',
        "hellip" => '…',
        "rsquo" => '’',
        "lsquo" => '‘',
        "rdquo" => '”',
        "ldquo" => '“',
        _ => {
            let code = if let Some(hex) = name.strip_prefix("#x").or(name.strip_prefix("#X")) {
                u32::from_str_radix(hex, 16).ok()?
            } else {
                name.strip_prefix('#')?.parse::<u32>().ok()?
            };
            return char::from_u32(code).filter(|c| !c.is_control() || c.is_whitespace());
        }
    };
    Some(named)
}

/// What an open element becomes when it closes.
enum Open {
    Element(Tag),
    Link(String),
    /// An unknown or unsafe element: its children go to the parent.
    Unwrapped,
}

struct Frame {
    name: String,
    kind: Open,
    children: Vec<Node>,
}

#[derive(Default)]
struct Builder {
    root: Vec<Node>,
    stack: Vec<Frame>,
}

impl Builder {
    fn children(&mut self) -> &mut Vec<Node> {
        match self.stack.last_mut() {
            Some(frame) => &mut frame.children,
            None => &mut self.root,
        }
    }

    fn text(&mut self, raw: &str) {
        if raw.is_empty() {
            return;
        }
        let decoded = decode_entities(raw);
        let mut collapsed = String::with_capacity(decoded.len());
        let mut last_space =
            matches!(self.children().last(), Some(Node::Text(t)) if t.ends_with(' '));
        for c in decoded.chars() {
            if c.is_whitespace() {
                if !last_space {
                    collapsed.push(' ');
                }
                last_space = true;
            } else if !c.is_control() {
                collapsed.push(c);
                last_space = false;
            }
        }
        let children = self.children();
        if let Some(Node::Text(previous)) = children.last_mut() {
            previous.push_str(&collapsed);
        } else if !collapsed.trim().is_empty() || !children.is_empty() {
            children.push(Node::Text(collapsed));
        }
    }

    fn open(&mut self, name: &str, attributes: &str, self_closing: bool) {
        let kind = match (name, Tag::from_name(name)) {
            ("a", _) => href_of(attributes)
                .and_then(|href| safe_url(&href))
                .map_or(Open::Unwrapped, Open::Link),
            (_, Some(Tag::Break)) => {
                self.children().push(Node::Element(Tag::Break, Vec::new()));
                return;
            }
            (_, Some(tag)) => Open::Element(tag),
            (_, None) => Open::Unwrapped,
        };
        if self_closing || matches!(name, "img" | "hr" | "input" | "meta" | "link" | "wbr") {
            return;
        }
        if self.stack.len() >= MAX_DEPTH {
            return; // flattened: its content joins the current element
        }
        self.stack.push(Frame {
            name: name.to_string(),
            kind,
            children: Vec::new(),
        });
    }

    fn close(&mut self, name: &str) {
        if let Some(depth) = self.stack.iter().rposition(|f| f.name == name) {
            while self.stack.len() > depth {
                self.pop();
            }
        }
    }

    fn pop(&mut self) {
        let Some(frame) = self.stack.pop() else {
            return;
        };
        let mut children = frame.children;
        trim_edges(&mut children);
        match frame.kind {
            Open::Element(tag) => {
                if !children.is_empty() {
                    self.children().push(Node::Element(tag, children));
                }
            }
            Open::Link(href) => {
                if children.is_empty() {
                    children.push(Node::Text(href.clone()));
                }
                self.children().push(Node::Link(href, children));
            }
            Open::Unwrapped => {
                for child in children {
                    match (self.children().last_mut(), child) {
                        (Some(Node::Text(previous)), Node::Text(text)) => previous.push_str(&text),
                        (_, child) => self.children().push(child),
                    }
                }
            }
        }
    }

    fn finish(mut self) -> Vec<Node> {
        while !self.stack.is_empty() {
            self.pop();
        }
        trim_edges(&mut self.root);
        self.root
    }
}

/// Trims whitespace at the start and end of a run of children and drops
/// text nodes left empty.
fn trim_edges(children: &mut Vec<Node>) {
    if let Some(Node::Text(text)) = children.first_mut() {
        *text = text.trim_start().to_string();
    }
    if let Some(Node::Text(text)) = children.last_mut() {
        *text = text.trim_end().to_string();
    }
    children.retain(|n| !matches!(n, Node::Text(t) if t.is_empty()));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Node {
        Node::Text(s.to_string())
    }

    #[test]
    fn keeps_lists_emphasis_and_paragraphs() {
        let nodes = sanitize(
            "<ol> <li>In the <em>Admin Center</em>, select <b>Users</b>.</li><li>Save</li> </ol>",
        );
        assert_eq!(
            nodes,
            vec![Node::Element(
                Tag::OrderedList,
                vec![
                    Node::Element(
                        Tag::ListItem,
                        vec![
                            text("In the "),
                            Node::Element(Tag::Emphasis, vec![text("Admin Center")]),
                            text(", select "),
                            Node::Element(Tag::Strong, vec![text("Users")]),
                            text("."),
                        ]
                    ),
                    Node::Element(Tag::ListItem, vec![text("Save")]),
                ]
            )]
        );
    }

    #[test]
    fn drops_scripts_styles_and_their_content() {
        let nodes = sanitize(
            "Hi<script>window.pwned=1</script><STYLE>p{}</STYLE> there<iframe src=x></iframe>",
        );
        assert_eq!(nodes, vec![text("Hi there")]);
    }

    #[test]
    fn drops_event_handlers_by_keeping_no_attributes() {
        let nodes = sanitize(r#"<p onclick="alert(1)">a<img src=x onerror="alert(2)">b</p>"#);
        assert_eq!(nodes, vec![Node::Element(Tag::Paragraph, vec![text("ab")])]);
    }

    #[test]
    fn keeps_only_http_links() {
        let nodes = sanitize(
            r#"<a href="https://aad.portal.azure.com/#view/X">portal</a> <a href="javascript:alert(1)">bad</a> <a href=" JaVaScRiPt:x">bad2</a> <a href="data:text/html,x">bad3</a>"#,
        );
        assert_eq!(
            nodes,
            vec![
                Node::Link(
                    "https://aad.portal.azure.com/#view/X".to_string(),
                    vec![text("portal")]
                ),
                text(" bad bad2 bad3"),
            ]
        );
    }

    #[test]
    fn link_scheme_hidden_by_entities_or_control_chars_is_refused() {
        let nodes =
            sanitize("<a href=\"jav&#x09;ascript:alert(1)\">x</a><a href='java\tscript:y'>y</a>");
        assert_eq!(nodes, vec![text("xy")]);
    }

    #[test]
    fn decodes_entities_once() {
        let nodes =
            sanitize("to&nbsp;<em>Yes</em> &amp;lt;script&amp;gt; &#39;a&#x27; &bogus; & done");
        assert_eq!(
            nodes,
            vec![
                text("to "),
                Node::Element(Tag::Emphasis, vec![text("Yes")]),
                text(" &lt;script&gt; 'a' &bogus; & done"),
            ]
        );
    }

    #[test]
    fn encoded_markup_stays_text() {
        // &lt;script&gt; is text that reads "<script>", never an element.
        let nodes = sanitize("&lt;script&gt;alert(1)&lt;/script&gt;");
        assert_eq!(nodes, vec![text("<script>alert(1)</script>")]);
    }

    #[test]
    fn malformed_markup_never_fails() {
        for input in [
            "<",
            "<<",
            "a < b > c",
            "<p",
            "</p>",
            "<a href='x",
            "<!-- open",
            "<p><li>x</ul>",
            "<script>never closed",
            "\u{0}<b>\u{1}</b>",
            "<é>x</é>",
            "<a href=\"https://ok\">",
        ] {
            let _ = sanitize(input);
            let _ = plain_text(input);
        }
        assert_eq!(sanitize("a < b"), vec![text("a < b")]);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        /// Any input: no panic, and every surviving link is http(s).
        #[test]
        fn any_input_is_safe(input in "(<[/!]?[a-zA-Z]{0,8}( [a-z]{1,6}(=(\"[^\"]{0,12}\"|'[^']{0,12}'|[^ >]{0,12}))?){0,3} ?/?>|&#?[a-z0-9]{0,6};?|[^<&]{0,10}){0,40}") {
            fn links_safe(nodes: &[Node]) -> bool {
                nodes.iter().all(|n| match n {
                    Node::Link(href, c) => safe_url(href).is_some() && links_safe(c),
                    Node::Element(_, c) => links_safe(c),
                    Node::Text(_) => true,
                })
            }
            proptest::prop_assert!(links_safe(&sanitize(&input)));
        }
    }

    #[test]
    fn deep_nesting_is_flattened() {
        let html = "<b>".repeat(10_000) + "deep" + &"</b>".repeat(10_000);
        let nodes = sanitize(&html);
        fn depth(nodes: &[Node]) -> usize {
            nodes
                .iter()
                .map(|n| match n {
                    Node::Element(_, c) | Node::Link(_, c) => 1 + depth(c),
                    Node::Text(_) => 0,
                })
                .max()
                .unwrap_or(0)
        }
        assert!(depth(&nodes) <= MAX_DEPTH);
        assert_eq!(plain_text(&html), "deep");
    }

    #[test]
    fn whitespace_around_dropped_elements_collapses() {
        assert_eq!(
            sanitize("Step <script>x</script> <img src=x> next"),
            vec![text("Step next")]
        );
    }

    #[test]
    fn plain_text_separates_blocks() {
        assert_eq!(
            plain_text("<p>One</p><p>Two <em>three</em></p><ul><li>a</li><li>b</li></ul>"),
            "One Two three a b"
        );
    }

    #[test]
    fn whitespace_is_collapsed_like_html() {
        let nodes = sanitize("\n\t\t\tIdle session sign-out\n            <br/>\n\t\t\tThis policy");
        assert_eq!(
            nodes,
            vec![
                text("Idle session sign-out "),
                Node::Element(Tag::Break, vec![]),
                text(" This policy"),
            ]
        );
    }
}
