//! CSV for people's spreadsheets: proper quoting, guarded against formula
//! injection, and a file download through a Blob (no server involved).

use wasm_bindgen::JsCast;

/// One CSV cell: a leading `=`, `+`, `-`, `@` (or tab / carriage return)
/// gets a `'` so that a spreadsheet never reads it as a formula; cells
/// holding a comma, quote or line break are quoted, quotes doubled.
pub fn cell(text: &str) -> String {
    let guarded = match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{text}"),
        _ => text.to_string(),
    };
    if guarded.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", guarded.replace('"', "\"\""))
    } else {
        guarded
    }
}

/// A number cell: never guarded (a negative number stays a number).
pub fn number(value: f64) -> String {
    super::format::data_number(value)
}

/// Rows of already-encoded cells to CSV text with CRLF line ends.
pub fn to_csv(rows: &[Vec<String>]) -> String {
    let mut out = String::new();
    for row in rows {
        out.push_str(&row.join(","));
        out.push_str("\r\n");
    }
    out
}

/// Offers CSV `text` as a file download named `name`, with a byte-order
/// mark so that spreadsheets read it as UTF-8.
pub fn download_csv(name: &str, text: &str) -> Result<(), String> {
    download(name, "text/csv;charset=utf-8", &format!("\u{feff}{text}"))
}

/// Offers `text` as a file download named `name` of type `mime`.
pub fn download(name: &str, mime: &str, text: &str) -> Result<(), String> {
    let parts = js_sys::Array::new();
    parts.push(&text.into());
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)
        .map_err(|_| "could not create the file".to_string())?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)
        .map_err(|_| "could not create the file".to_string())?;
    let document = leptos::prelude::document();
    let link: web_sys::HtmlAnchorElement = document
        .create_element("a")
        .map_err(|_| "could not start the download".to_string())?
        .unchecked_into();
    link.set_href(&url);
    link.set_download(name);
    link.set_attribute("hidden", "").ok();
    if let Some(body) = document.body() {
        let _ = body.append_child(&link);
        link.click();
        let _ = body.remove_child(&link);
    }
    // Revoked later: revoking at once can cancel the download.
    leptos::prelude::set_timeout(
        move || {
            let _ = web_sys::Url::revoke_object_url(&url);
        },
        std::time::Duration::from_secs(60),
    );
    Ok(())
}
