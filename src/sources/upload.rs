//! Reading uploaded files without freezing the page: in slices of
//! [`CHUNK_BYTES`] (`Blob.slice` + `arrayBuffer`), yielding to the event
//! loop after each, with progress. Files over the size limit are refused
//! before any byte is read. The import worker and the page (its fallback)
//! both read a batch with [`read_batch`].

use js_sys::{ArrayBuffer, Uint8Array};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use super::error_text;
use super::import::{self, check_size, Failed, Parsed};
use super::timer::{now_ms, yield_now, Span};
use super::worker::protocol::Stage;
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

/// The JSON files (by name) of a chosen folder: a folder of exports may
/// hold other files too, which are not read.
pub fn json_files(files: Vec<web_sys::File>) -> Vec<web_sys::File> {
    files
        .into_iter()
        .filter(|f| f.name().to_ascii_lowercase().ends_with(".json"))
        .collect()
}

/// The names of the folders among a drop's items. Read while the drop
/// event runs: its items are gone after it.
pub fn dropped_folders(data: &web_sys::DataTransfer) -> Vec<String> {
    let items = data.items();
    (0..items.length())
        .filter_map(|i| items.get(i)?.webkit_get_as_entry().ok().flatten())
        .filter(|entry| entry.is_directory())
        .map(|entry| entry.name())
        .collect()
}

/// A batch of files read and parsed, in order.
pub struct ReadBatch {
    pub inputs: Vec<Result<Parsed, Failed>>,
    /// Milliseconds each file's parse and format detection took.
    pub parse_ms: Vec<Option<f64>>,
}

/// Reads and parses each file in turn, telling `progress` where it is.
pub async fn read_batch(files: &[web_sys::File], progress: &dyn Fn(Stage)) -> ReadBatch {
    let count = files.len();
    let mut batch = ReadBatch {
        inputs: Vec::new(),
        parse_ms: Vec::new(),
    };
    for (index, file) in files.iter().enumerate() {
        let name = file.name();
        let reading = Span::start("read");
        let read = read(file, &|done, total| {
            progress(Stage::Reading {
                name: name.clone(),
                index,
                count,
                done,
                total,
            })
        })
        .await;
        drop(reading);
        match read {
            Ok(bytes) => {
                progress(Stage::Parsing {
                    name: name.clone(),
                    index,
                    count,
                });
                yield_now().await;
                let started = now_ms();
                let parsing = Span::start("parse");
                let parsed = import::parse(&name, &bytes);
                drop(parsing);
                batch.parse_ms.push(Some(now_ms() - started));
                drop(bytes);
                batch.inputs.push(parsed.map_err(|e| (name, e)));
                yield_now().await;
            }
            Err(error) => {
                batch.parse_ms.push(None);
                batch.inputs.push(Err((name, error)));
            }
        }
    }
    batch
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
    let name = error_text(error, "name");
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
