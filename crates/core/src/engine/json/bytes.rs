//! From the bytes of a file to a JSON value: encoding checks first (empty,
//! UTF-16, binary, not UTF-8), then JSON syntax, each failure worded for an
//! admin with the place it happened.

use serde_json::Value;

use super::commas::blank_trailing_commas;
use crate::engine::error::ImportError;

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// Parses a file's bytes as JSON.
///
/// A UTF-8 byte order mark is skipped. Errors about the file as a whole
/// (empty, UTF-16, binary, not UTF-8) have an empty path; JSON syntax errors
/// have the path `line L, column C` (column counted in characters).
pub fn parse_bytes(bytes: &[u8]) -> Result<Value, ImportError> {
    parse_text(decode(bytes)?)
}

/// Parses JSON text (a leading byte order mark skipped): the one text to
/// JSON path of uploads, snapshots and catalogs, syntax errors at their
/// line and column in words an admin acts on.
pub(crate) fn parse_text(text: &str) -> Result<Value, ImportError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    serde_json::from_str(text).map_err(|error| syntax_error(text, &error))
}

/// A file's JSON value, and what had to be repaired to read it.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Document {
    pub value: Value,
    /// One warning per kind of repair (trailing commas), for the admin.
    pub repairs: Vec<String>,
}

/// Parses the text of an uploaded file as [`parse_text`] does, except that
/// trailing commas (as in documentation examples) are ignored with a
/// warning. Any other syntax error is refused, at its line and column.
pub(crate) fn parse_document(text: &str) -> Result<Document, ImportError> {
    let error = match serde_json::from_str(text) {
        Ok(value) => {
            return Ok(Document {
                value,
                repairs: Vec::new(),
            })
        }
        Err(error) => error,
    };
    let Some((repaired, count, first)) = blank_trailing_commas(text) else {
        return Err(syntax_error(text, &error));
    };
    let value = parse_text(&repaired)?;
    let commas = if count == 1 {
        "a trailing comma (a comma before a closing bracket, at".to_string()
    } else {
        format!("{count} trailing commas (a comma before a closing bracket, the first at")
    };
    Ok(Document {
        value,
        repairs: vec![format!(
            "The file has {commas} line {}, column {}), as documentation examples \
             do: JSON does not allow them, they were ignored.",
            first.line, first.column
        )],
    })
}

/// Checks the encoding and returns the text without its UTF-8 BOM; the
/// errors of [`parse_bytes`] about the file as a whole.
pub(crate) fn decode(bytes: &[u8]) -> Result<&str, ImportError> {
    if bytes.is_empty() {
        return Err(file_error("the file is empty"));
    }
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return Err(file_error(UTF16_MESSAGE));
    }
    if let Some(kind) = archive_kind(bytes) {
        return Err(file_error(format!(
            "the file is {kind}, not JSON: extract the JSON file from it first"
        )));
    }
    if let Some(offset) = first_nul(bytes) {
        return Err(file_error(if looks_utf16(bytes) {
            UTF16_MESSAGE.to_string()
        } else {
            format!(
                "the file holds binary data (a NUL byte at byte offset {offset}), not JSON text"
            )
        }));
    }
    let (body, skipped) = match bytes.strip_prefix(UTF8_BOM) {
        Some(rest) => (rest, UTF8_BOM.len()),
        None => (bytes, 0),
    };
    let text = std::str::from_utf8(body).map_err(|error| {
        let offset = error.valid_up_to();
        let byte = body.get(offset).copied().unwrap_or_default();
        file_error(format!(
            "the file is not valid UTF-8 (byte 0x{byte:02X} at byte offset {}): \
             save it as UTF-8, it may be in a legacy encoding such as Windows-1252",
            offset.saturating_add(skipped)
        ))
    })?;
    if text.trim().is_empty() {
        return Err(file_error("the file is empty (only blank space)"));
    }
    Ok(text)
}

const UTF16_MESSAGE: &str = "the file is UTF-16 encoded (Windows PowerShell 5 writes UTF-16 \
     with `>` and Out-File): save it as UTF-8, e.g. `... | Out-File -Encoding utf8 file.json`";

/// The offset of the first NUL byte. Blocks are tested whole first (a
/// loop without early exit, which the compiler vectorizes): a byte-by-byte
/// search took as long as parsing a third of the file.
fn first_nul(bytes: &[u8]) -> Option<usize> {
    let mut offset = 0_usize;
    for block in bytes.chunks(64) {
        if block.iter().fold(false, |found, &b| found | (b == 0)) {
            return block
                .iter()
                .position(|&b| b == 0)
                .map(|at| offset.saturating_add(at));
        }
        offset = offset.saturating_add(block.len());
    }
    None
}

/// An error about the whole file.
fn file_error(message: impl Into<String>) -> ImportError {
    ImportError::new("", message)
}

/// Names well-known compressed formats by their magic bytes.
fn archive_kind(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"PK\x03\x04") {
        Some("a ZIP archive (or an Office document)")
    } else if bytes.starts_with(b"\x1F\x8B") {
        Some("a gzip archive")
    } else {
        None
    }
}

/// UTF-16 without a BOM: ASCII text with a NUL byte beside every character,
/// so about half the bytes of the start of the file are NUL.
fn looks_utf16(bytes: &[u8]) -> bool {
    let head = bytes.get(..bytes.len().min(256)).unwrap_or(bytes);
    let nuls = head.iter().filter(|&&b| b == 0).count();
    head.len() >= 4 && nuls.saturating_mul(10) >= head.len().saturating_mul(4)
}

/// A JSON syntax error at `line L, column C`, reworded for admins.
fn syntax_error(text: &str, error: &serde_json::Error) -> ImportError {
    let column = char_column(text, error.line(), error.column());
    let full = error.to_string();
    let core = full
        .rsplit_once(" at line ")
        .map_or(full.as_str(), |(message, _)| message);
    ImportError::new(
        format!("line {}, column {column}", error.line()),
        reword(core),
    )
}

/// serde_json's messages in words an admin acts on.
fn reword(message: &str) -> String {
    let text = match message {
        "trailing comma" => {
            "a comma is followed by a closing bracket (a trailing comma, as in \
             some documentation examples): remove that last comma"
        }
        "trailing characters" => "there is more text after the end of the JSON data",
        "expected value" => "expected a JSON value (text in double quotes, a number, an object or an array)",
        "key must be a string" => "field names must be in double quotes",
        "expected `:`" => "expected a colon `:` after the field name",
        "expected `,` or `}`" => "expected a comma `,` or a closing brace `}`",
        "expected `,` or `]`" => "expected a comma `,` or a closing bracket `]`",
        "number out of range" => "this number is too large",
        "invalid number" => "this is not a valid number",
        "invalid escape" => "invalid backslash escape in text (write \\\\ for a backslash)",
        "recursion limit exceeded" => "the data is nested too deeply",
        "expected ident" => "expected true, false or null",
        _ if message.starts_with("EOF while parsing") => {
            "the file ends in the middle of the JSON data: it may be truncated"
        }
        _ if message.starts_with("control character") => {
            "text contains a raw control character (such as a tab or a line break): it must be escaped"
        }
        _ => return format!("invalid JSON: {message}"),
    };
    text.to_string()
}

/// serde_json counts columns in bytes; admins count characters.
fn char_column(text: &str, line: usize, byte_column: usize) -> usize {
    let Some(line_text) = text.split('\n').nth(line.saturating_sub(1)) else {
        return byte_column;
    };
    let within = byte_column.min(line_text.len());
    let chars = line_text
        .char_indices()
        .take_while(|(index, _)| *index < within)
        .count();
    chars.saturating_add(byte_column.saturating_sub(line_text.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error_of(bytes: &[u8]) -> ImportError {
        match parse_bytes(bytes) {
            Ok(value) => panic!("expected an error, got {value}"),
            Err(error) => error,
        }
    }

    #[test]
    fn parses_plain_and_bom_prefixed_json() {
        assert_eq!(parse_bytes(b"{\"a\": 1}"), Ok(serde_json::json!({"a": 1})));
        assert_eq!(parse_bytes(b"\xEF\xBB\xBF[1]"), Ok(serde_json::json!([1])));
    }

    #[test]
    fn empty_and_blank_files_are_named_empty() {
        assert_eq!(error_of(b"").message, "the file is empty");
        assert_eq!(error_of(b"").path, "");
        assert!(error_of(b" \r\n\t")
            .message
            .starts_with("the file is empty"));
        assert!(error_of(b"\xEF\xBB\xBF")
            .message
            .starts_with("the file is empty"));
    }

    #[test]
    fn utf16_with_and_without_bom() {
        assert!(error_of(b"\xFF\xFE{\x00}\x00").message.contains("UTF-16"));
        assert!(error_of(b"\xFE\xFF\x00{\x00}").message.contains("UTF-16"));
        assert!(error_of(b"{\x00\"\x00a\x00\"\x00:\x001\x00}\x00")
            .message
            .contains("UTF-16"));
    }

    #[test]
    fn binary_names_the_offset_of_the_nul_byte() {
        // 7 text bytes, then NUL at offset 7: too few NULs to look like UTF-16.
        let error = error_of(b"{\"a\": 1\x00 and some more text here}");
        assert_eq!(error.path, "");
        assert!(error.message.contains("byte offset 7"), "{}", error.message);
        assert!(error_of(b"PK\x03\x04rest").message.contains("ZIP"));
        assert!(error_of(b"\x1F\x8B\x08").message.contains("gzip"));
    }

    #[test]
    fn nul_bytes_are_found_in_any_block() {
        for at in [0, 1, 63, 64, 65, 200] {
            let mut bytes = vec![b'a'; 300];
            bytes[at] = 0;
            bytes[at + 50] = 0;
            assert_eq!(first_nul(&bytes), Some(at));
        }
        assert_eq!(first_nul(&[b'a'; 130]), None);
        assert_eq!(first_nul(b""), None);
    }

    #[test]
    fn non_utf8_names_the_byte_and_offset_after_the_bom() {
        // BOM (3 bytes) + `{"a":"caf` (9 bytes) then 0xE9 at offset 12.
        let error = error_of(b"\xEF\xBB\xBF{\"a\":\"caf\xE9\"}");
        assert!(
            error.message.contains("0xE9 at byte offset 12"),
            "{}",
            error.message
        );
    }

    #[test]
    fn trailing_comma_says_where() {
        let error = error_of(b"{\n  \"a\": 1,\n}");
        assert_eq!(error.path, "line 3, column 1");
        assert!(
            error.message.contains("trailing comma"),
            "{}",
            error.message
        );
    }

    #[test]
    fn documents_ignore_trailing_commas_with_a_warning() {
        let document = parse_document("{\n  \"a\": [1,],\n  \"b\": 2,\n}");
        assert_eq!(
            document,
            Ok(Document {
                value: serde_json::json!({"a": [1], "b": 2}),
                repairs: vec![
                    "The file has 2 trailing commas (a comma before a closing bracket, the \
                     first at line 2, column 10), as documentation examples do: JSON does \
                     not allow them, they were ignored."
                        .to_string()
                ],
            })
        );
        // Another error is still refused, at its own place.
        let broken = parse_document("{\n  \"a\": [1,],\n  \"b\" 2\n}");
        assert_eq!(
            broken.map_err(|e| (e.path, e.message)),
            Err((
                "line 3, column 7".to_string(),
                "expected a colon `:` after the field name".to_string()
            ))
        );
        assert_eq!(parse_document("[1]").map(|d| d.repairs.len()), Ok(0));
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        // `["é" x]`: `x` is the 6th character but the 7th byte (é takes 2).
        let error = error_of("[\"é\" x]".as_bytes());
        assert_eq!(error.path, "line 1, column 6");
        assert_eq!(
            error.message,
            "expected a comma `,` or a closing bracket `]`"
        );
    }

    #[test]
    fn truncated_file_is_reported_as_such() {
        let error = error_of(b"{\"value\": [");
        assert!(error.message.contains("truncated"), "{}", error.message);
    }
}
