//! Reading uploaded files without freezing the page: in slices of
//! [`CHUNK_BYTES`] (`Blob.slice` + `arrayBuffer`), yielding to the event
//! loop after each, with progress. Files over the size limit are refused
//! before any byte is read.

use js_sys::{ArrayBuffer, Uint8Array};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use super::import::check_size;
use super::timer::yield_now;
use crate::engine::error::ImportError;

/// Bytes read per slice.
pub const CHUNK_BYTES: u64 = 4 * 1024 * 1024;

/// The files of a `FileList` (an input's or a drop's).
pub fn files_of(list: Option<web_sys::FileList>) -> Vec<web_sys::File> {
    let Some(list) = list else {
        return Vec::new();
    };
    (0..list.length()).filter_map(|i| list.get(i)).collect()
}

/// Reads a whole file; `progress(read, total)` after each slice.
pub async fn read(
    file: &web_sys::File,
    progress: &dyn Fn(u64, u64),
) -> Result<Vec<u8>, ImportError> {
    let size = file.size().max(0.0) as u64;
    check_size(size)?;
    let mut bytes: Vec<u8> = Vec::new();
    bytes
        .try_reserve_exact(usize::try_from(size).unwrap_or(usize::MAX))
        .map_err(|_| {
            ImportError::new(
                "",
                "there is not enough memory to read this file: close other tabs and try again",
            )
        })?;
    let mut start = 0_u64;
    progress(0, size);
    while start < size {
        let end = (start + CHUNK_BYTES).min(size);
        let slice = file
            .slice_with_f64_and_f64(start as f64, end as f64)
            .map_err(|e| unreadable(&e))?;
        let buffer = JsFuture::from(slice.array_buffer())
            .await
            .map_err(|e| unreadable(&e))?;
        let buffer: ArrayBuffer = buffer.unchecked_into();
        let array = Uint8Array::new(&buffer);
        let offset = bytes.len();
        bytes.resize(offset + array.length() as usize, 0);
        array.copy_to(&mut bytes[offset..]);
        start = end;
        progress(start, size);
        yield_now().await;
    }
    Ok(bytes)
}

fn unreadable(error: &wasm_bindgen::JsValue) -> ImportError {
    let name = js_sys::Reflect::get(error, &"name".into())
        .ok()
        .and_then(|n| n.as_string())
        .unwrap_or_default();
    ImportError::new(
        "",
        format!(
            "the browser could not read the file{}: it may have been moved, changed or \
             deleted since you chose it; choose it again",
            if name.is_empty() {
                String::new()
            } else {
                format!(" ({name})")
            }
        ),
    )
}
