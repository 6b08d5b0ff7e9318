//! Trailing commas (`[1, 2,]`, `{"a": 1,}`), as in the documentation
//! examples admins copy from Microsoft's pages: JSON refuses them, but what
//! was meant is plain, so they are blanked out and the file is read with a
//! warning.

/// Where a comma is, counted as admins count (line and column from 1, the
/// column in characters).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Place {
    pub line: usize,
    pub column: usize,
}

/// The text with every trailing comma outside strings replaced by a space
/// (so that the lines and columns of any later error stay those of the
/// file), with how many there were and where the first was; `None` when
/// there is none. Only a comma after a value and before `]` or `}` counts:
/// `[,]` is left for the parser to refuse.
pub(super) fn blank_trailing_commas(text: &str) -> Option<(String, usize, Place)> {
    let mut blanked: Vec<usize> = Vec::new();
    let mut in_string = false;
    let mut escaped = false;
    // The last character outside strings that is not blank, and a comma
    // waiting for what follows it.
    let mut last = ' ';
    let mut pending: Option<usize> = None;
    for (index, c) in text.char_indices() {
        if in_string {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
                last = '"';
            }
            continue;
        }
        if c.is_whitespace() {
            continue;
        }
        if let Some(comma) = pending.take() {
            if c == ']' || c == '}' {
                blanked.push(comma);
            }
        }
        match c {
            '"' => in_string = true,
            ',' if !matches!(last, '[' | '{' | ',' | ':') => pending = Some(index),
            _ => {}
        }
        last = c;
    }
    let first = *blanked.first()?;
    let mut bytes = text.as_bytes().to_vec();
    for &at in &blanked {
        if let Some(byte) = bytes.get_mut(at) {
            *byte = b' ';
        }
    }
    // A comma is one byte: replacing it by a space keeps the text UTF-8.
    let repaired = String::from_utf8(bytes).ok()?;
    Some((repaired, blanked.len(), place_of(text, first)))
}

/// The line and column of the byte at `offset`.
fn place_of(text: &str, offset: usize) -> Place {
    let before = text.get(..offset).unwrap_or_default();
    let line_start = before.rfind('\n').map_or(0, |at| at.saturating_add(1));
    Place {
        line: before.matches('\n').count().saturating_add(1),
        column: before
            .get(line_start..)
            .unwrap_or_default()
            .chars()
            .count()
            .saturating_add(1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commas_before_closers_are_blanked_and_the_first_placed() {
        let text = "{\n  \"a\": [1, 2,],\n  \"b\": \"x,]\",\n}";
        let Some((repaired, count, first)) = blank_trailing_commas(text) else {
            panic!("no comma found");
        };
        assert_eq!(repaired, "{\n  \"a\": [1, 2 ],\n  \"b\": \"x,]\" \n}");
        assert_eq!(count, 2);
        assert_eq!(
            first,
            Place {
                line: 2,
                column: 13
            }
        );
    }

    #[test]
    fn other_commas_are_left_alone() {
        assert_eq!(blank_trailing_commas("[1, 2]"), None);
        assert_eq!(blank_trailing_commas("[,]"), None);
        assert_eq!(blank_trailing_commas("[1,,]"), None);
        assert_eq!(blank_trailing_commas(r#"["a\",]"]"#), None);
        // Columns count characters: "é" is two bytes.
        let found = blank_trailing_commas("[\"é\",]").map(|(_, _, first)| first);
        assert_eq!(found, Some(Place { line: 1, column: 5 }));
    }
}
