//! A string builder for the report's HTML: every value from the data goes
//! through [`Html::text`] (escaped, and redacted when the user asked to
//! leave the tenant out); only literal markup of this module's callers goes
//! through [`Html::raw`].

use crate::engine::sort::sort_by_key;
use std::borrow::Cow;
use std::fmt;

/// Builds the report document.
pub struct Html {
    out: String,
    /// Words removed from every text and attribute value (tenant name, id).
    hidden: Vec<String>,
}

/// What replaces a hidden word.
pub const REDACTED: &str = "[redacted]";

impl Html {
    /// An empty document that removes `hidden` words from every value.
    /// Words shorter than 3 characters are ignored (removing them would
    /// mangle ordinary text).
    pub fn new(hidden: &[&str]) -> Html {
        let mut hidden: Vec<String> = hidden
            .iter()
            .map(|w| w.trim().to_string())
            .filter(|w| w.chars().count() >= 3)
            .collect();
        // Longest first: a name containing the other is removed whole.
        sort_by_key(&mut hidden, |w| std::cmp::Reverse(w.len()));
        hidden.dedup();
        Html {
            out: String::with_capacity(64 * 1024),
            hidden,
        }
    }

    /// Appends trusted markup (literals of the report code, numbers).
    pub fn raw(&mut self, markup: &str) -> &mut Self {
        self.out.push_str(markup);
        self
    }

    /// Appends untrusted text, escaped for element content and quoted
    /// attribute values alike.
    pub fn text(&mut self, text: &str) -> &mut Self {
        let redacted = redact(text, &self.hidden);
        escape_into(&redacted, &mut self.out);
        self
    }

    /// Appends `<tag class="class">text</tag>`; `tag` and `class` are literals.
    pub fn element(&mut self, tag: &str, class: &str, text: &str) -> &mut Self {
        self.raw("<").raw(tag);
        if !class.is_empty() {
            self.raw(" class=\"").raw(class).raw("\"");
        }
        self.raw(">").text(text).raw("</").raw(tag).raw(">")
    }

    /// True when `text` holds a hidden word.
    pub fn hides(&self, text: &str) -> bool {
        matches!(redact(text, &self.hidden), Cow::Owned(_))
    }

    /// The document.
    pub fn finish(self) -> String {
        self.out
    }
}

impl fmt::Write for Html {
    /// Formatted trusted markup (numbers): same as [`Html::raw`].
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.out.push_str(s);
        Ok(())
    }
}

/// `text` escaped for HTML element content and quoted attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    escape_into(text, &mut out);
    out
}

fn escape_into(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // Control characters other than whitespace are not valid HTML text.
            c if c.is_control() && !matches!(c, '\n' | '\t' | '\r') => out.push(' '),
            c => out.push(c),
        }
    }
}

/// `text` with every occurrence of a hidden word (ASCII case-insensitive)
/// replaced by [`REDACTED`]. Borrowed when nothing was hidden.
pub fn redact<'a>(text: &'a str, hidden: &[String]) -> Cow<'a, str> {
    let mut current: Cow<'a, str> = Cow::Borrowed(text);
    for word in hidden {
        if let Some(replaced) = replace_ignore_ascii_case(&current, word) {
            current = Cow::Owned(replaced);
        }
    }
    current
}

/// Replaces `needle` in `haystack`, ASCII case-insensitively; `None` when
/// it does not occur. Matching bytes of two valid UTF-8 strings (where only
/// ASCII letters fold) always starts and ends on character boundaries.
fn replace_ignore_ascii_case(haystack: &str, needle: &str) -> Option<String> {
    let (hay, pin) = (haystack.as_bytes(), needle.as_bytes());
    if pin.is_empty() || hay.len() < pin.len() {
        return None;
    }
    let mut out = String::new();
    let mut start = 0;
    let mut i = 0;
    let mut found = false;
    while i + pin.len() <= hay.len() {
        if hay[i..i + pin.len()].eq_ignore_ascii_case(pin) {
            out.push_str(&haystack[start..i]);
            out.push_str(REDACTED);
            i += pin.len();
            start = i;
            found = true;
        } else {
            i += 1;
        }
    }
    found.then(|| {
        out.push_str(&haystack[start..]);
        out
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            escape(r#"</style><script>alert("x" & 'y')</script>"#),
            "&lt;/style&gt;&lt;script&gt;alert(&quot;x&quot; &amp; &#39;y&#39;)&lt;/script&gt;"
        );
        assert_eq!(escape("a\u{0}b\nc"), "a b\nc");
    }

    #[test]
    fn redacts_case_insensitively_and_keeps_other_text() {
        let hidden = vec!["Contoso Ltd".to_string(), "abc-123".to_string()];
        assert_eq!(
            redact("CONTOSO LTD (ABC-123) · contoso ltd", &hidden),
            "[redacted] ([redacted]) · [redacted]"
        );
        assert!(matches!(redact("Fabrikam", &hidden), Cow::Borrowed(_)));
        // Multi-byte text around a match stays intact.
        assert_eq!(
            redact("Zürich–contoso ltd–Ørsted", &hidden),
            "Zürich–[redacted]–Ørsted"
        );
    }

    #[test]
    fn short_words_are_not_hidden() {
        let mut html = Html::new(&["ab", " ", "Contoso"]);
        html.text("ab Contoso");
        assert_eq!(html.finish(), "ab [redacted]");
    }
}
