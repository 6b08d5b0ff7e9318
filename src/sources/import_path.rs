//! The import path: reading and parsing files and an endpoint's answers,
//! the engine's import and the worker's warm-up. Its code is in a wasm
//! chunk of its own that the import worker fetches when it starts, and the
//! page only when the worker cannot run: the Overview's first load carries
//! none of it. Fetching an endpoint (`rest`) stays in the main module, so
//! that its request goes out while the chunk is on its way; it waits for
//! the chunk to read the answers. Everything else reaches the import path
//! through [`load`] (`tests/code_rules.rs` keeps it so).

use chrono::NaiveDate;
use futures_util::future::LocalBoxFuture;

use super::import::{self, Batch, Failed, Parsed};
use super::record::display_url;
use super::upload::{self, ReadBatch};
use super::worker::protocol::Stage;
use super::worker::{days, protocol};
use super::{Failure, Problem};
use crate::engine::baseline::Catalog;
use crate::engine::error::ImportError;
use crate::engine::file::{Content, Pages};
use crate::engine::model::TenantInfo;
use crate::engine::synthetic;
use crate::lazy::split_point;

/// The import path's entry points, functions in its chunk.
#[derive(Clone, Copy)]
pub struct ImportPath {
    pub read_batch: ReadBatchFn,
    /// [`import::add_page`].
    pub add_page: fn(&mut Pages, Vec<u8>) -> Result<Option<String>, ImportError>,
    /// [`Pages::into_content`].
    pub into_content: fn(Pages) -> Content,
    /// [`import::organization_of`].
    pub organization_of: fn(&[u8]) -> Option<TenantInfo>,
    pub import: ImportFn,
    /// Imports a generated Graph history through the same code as a real
    /// import, and discards it (see `worker::job`).
    pub warm_up: fn(),
}

/// [`upload::read_batch`].
pub type ReadBatchFn =
    for<'a> fn(&'a [web_sys::File], &'a dyn Fn(Stage)) -> LocalBoxFuture<'a, ReadBatch>;
/// [`import::import`].
pub type ImportFn = fn(Inputs, Option<&Catalog>, NaiveDate) -> Batch;
/// Each input's parse, or why it failed.
type Inputs = Vec<Result<Parsed, Failed>>;

/// The import path, its chunk fetched on the first call; the error says
/// what to do.
pub async fn load() -> Result<ImportPath, String> {
    chunk().await.map_err(|_| {
        "the app's code for importing could not be downloaded: check the connection and try \
         again"
            .to_string()
    })
}

/// The import path, to read what `url` answered with; else the failure to
/// report for `url`.
pub async fn load_for(url: &str) -> Result<ImportPath, Failure> {
    load()
        .await
        .map_err(|why| Failure::Other(Problem::new(&display_url(url), "", &why)))
}

split_point!(
    secure_score_import_path,
    fn chunk() -> ImportPath {
        ImportPath {
            read_batch,
            add_page: import::add_page,
            into_content: Pages::into_content,
            organization_of: import::organization_of,
            import: import::import,
            warm_up,
        }
    }
);

fn read_batch<'a>(
    files: &'a [web_sys::File],
    progress: &'a dyn Fn(Stage),
) -> LocalBoxFuture<'a, ReadBatch> {
    Box::pin(upload::read_batch(files, progress))
}

/// Days of the generated history [`warm_up`] imports.
const WARM_UP_DAYS: usize = 60;

fn warm_up() {
    let scores = synthetic::scores_json(WARM_UP_DAYS, 80, 0);
    let profiles = synthetic::profiles_json(80);
    let inputs = [("scores.json", scores), ("profiles.json", profiles)]
        .into_iter()
        .map(|(name, text)| import::parse(name, text.as_bytes()).map_err(|e| (name.into(), e)))
        .collect();
    let batch = import::import(inputs, None, NaiveDate::MAX);
    let (_, histories) = protocol::split(batch, Vec::new());
    for days in &histories {
        days::day_chunks(days).for_each(drop);
    }
}
