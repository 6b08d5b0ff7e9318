//! What the page and the import worker say to each other. Pure: tested
//! natively.
//!
//! - The page posts `[request, files]`: a [`Request`] as JSON text and the
//!   `File`s (structured-cloneable, read by the worker itself), or no files
//!   and the endpoint to fetch.
//! - The worker posts `[tag, text]` pairs: [`READY`] once it listens,
//!   [`PROGRESS`] with a [`Stage`]'s label, its name, its done and total
//!   and its pages fetched (null when it has none), [`FETCH_FAILED`] with a
//!   [`Failure`](crate::sources::Failure) when the endpoint could not be
//!   fetched, else [`RESULT`] with a [`Summary`] and, for each history of
//!   the summary in order, its days in [`DAYS`] chunks (binary, in
//!   transferred buffers: [`days`](super::days)), so that the page decodes
//!   them a frame at a time. [`FAILED`] says why the worker could not
//!   start.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::engine::model::{ControlInfo, DayScore, Origin, TenantHistory, TenantInfo};
use crate::sources::import::{megabytes, Batch, Imported, Report};
use crate::sources::{Endpoint, Problem};
use crate::text::plural;

/// The worker listens.
pub const READY: &str = "ready";
/// The label of a [`Stage`] of the import in progress.
pub const PROGRESS: &str = "progress";
/// The [`Summary`] of the batch.
pub const RESULT: &str = "result";
/// A chunk of days of the current history ([`days`](super::days)).
pub const DAYS: &str = "days";
/// The worker could not start or could not understand the request.
pub const FAILED: &str = "failed";
/// The endpoint could not be fetched: a [`Failure`](crate::sources::Failure) as JSON.
pub const FETCH_FAILED: &str = "fetch-failed";

/// What the page asks of the worker, beside the files.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Request {
    /// The JSON of the catalog loaded earlier, if any.
    pub catalog: Option<Value>,
    /// Days after this date are in the future.
    pub today: NaiveDate,
    /// The endpoint to fetch and import, instead of files.
    #[serde(default)]
    pub endpoint: Option<Endpoint>,
}

/// What fetching an endpoint brought beside its inputs.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct FetchedInfo {
    /// Partial content, pages not followed, profiles missing.
    pub warnings: Vec<Problem>,
    pub pages: usize,
    pub bytes: u64,
    /// The tenant Graph's `/organization` names (its id and display name).
    pub organization: Option<TenantInfo>,
}

/// Where an import is, for the progress bar (the same labels whether the
/// worker or the page does the work).
#[derive(Clone, Debug, PartialEq)]
pub enum Stage {
    /// Bytes of file `index` (of `count`) read.
    Reading {
        name: String,
        index: usize,
        count: usize,
        done: u64,
        total: u64,
    },
    /// Parsing the JSON of file `index`.
    Parsing {
        name: String,
        index: usize,
        count: usize,
    },
    /// The engine's import of the batch.
    Importing,
    /// Days of the result decoded by the page.
    Receiving { done: usize, total: usize },
    /// Pages of an endpoint fetched so far, and why it waits, e.g.
    /// "HTTP 429: retry 1 of 4 in 1 s".
    Fetching {
        url: String,
        pages: usize,
        bytes: u64,
        waiting: Option<String>,
    },
}

impl Stage {
    /// What the progress bar says.
    pub fn label(&self) -> String {
        let of = |index: usize, count: usize| {
            if count > 1 {
                format!(" ({} of {count})", index + 1)
            } else {
                String::new()
            }
        };
        match self {
            Stage::Reading {
                name,
                index,
                count,
                done,
                total,
            } => format!(
                "Reading {name}{}: {} of {}",
                of(*index, *count),
                megabytes(*done),
                megabytes(*total)
            ),
            Stage::Parsing { name, index, count } => {
                format!("Reading the JSON of {name}{}", of(*index, *count))
            }
            Stage::Importing => "Computing the scores".to_string(),
            Stage::Receiving { done, total } => {
                format!("Computing the scores: {done} of {total} days received")
            }
            Stage::Fetching {
                url,
                pages,
                bytes,
                waiting,
            } => {
                let waiting = waiting.as_ref().map(|w| format!("; {w}"));
                format!(
                    "Fetching {url}: {} fetched ({}){}",
                    plural(*pages, "page"),
                    megabytes(*bytes),
                    waiting.unwrap_or_default()
                )
            }
        }
    }

    /// Pages fetched, for a fetching stage.
    pub fn pages(&self) -> Option<usize> {
        match self {
            Stage::Fetching { pages, .. } => Some(*pages),
            _ => None,
        }
    }

    /// The stage's name.
    pub fn name(&self) -> StageName {
        match self {
            Stage::Reading { .. } => StageName::Reading,
            Stage::Parsing { .. } => StageName::Parsing,
            Stage::Importing => StageName::Importing,
            Stage::Receiving { .. } => StageName::Receiving,
            Stage::Fetching { .. } => StageName::Fetching,
        }
    }

    /// What the progress bar shows of this stage.
    pub fn progress(&self) -> LoadProgress {
        LoadProgress {
            label: self.label(),
            stage: self.name(),
            value: self.value(),
            pages: self.pages(),
        }
    }

    /// Done and total for a determinate bar (`None`: indeterminate).
    pub fn value(&self) -> Option<(f64, f64)> {
        match self {
            Stage::Reading { done, total, .. } => Some((*done as f64, (*total).max(1) as f64)),
            Stage::Receiving { done, total } => Some((*done as f64, (*total).max(1) as f64)),
            Stage::Parsing { .. } | Stage::Importing | Stage::Fetching { .. } => None,
        }
    }
}

/// What is being done, as the progress bar's `data-stage` says it and the
/// worker posts it: one list for both sides of the worker boundary.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StageName {
    Reading,
    Parsing,
    Importing,
    Receiving,
    Fetching,
    /// The page keeps the imported data in the browser (no [`Stage`]: the
    /// worker never saves).
    Saving,
}

impl StageName {
    pub const ALL: [StageName; 6] = [
        StageName::Reading,
        StageName::Parsing,
        StageName::Importing,
        StageName::Receiving,
        StageName::Fetching,
        StageName::Saving,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            StageName::Reading => "reading",
            StageName::Parsing => "parsing",
            StageName::Importing => "importing",
            StageName::Receiving => "receiving",
            StageName::Fetching => "fetching",
            StageName::Saving => "saving",
        }
    }

    /// The name [`StageName::as_str`] gave; `None` for any other text.
    pub fn parse(text: &str) -> Option<StageName> {
        StageName::ALL.into_iter().find(|s| s.as_str() == text)
    }
}

/// What the progress bar shows, on the page whether the worker or the page
/// itself does the work.
#[derive(Clone, Debug, PartialEq)]
pub struct LoadProgress {
    pub label: String,
    pub stage: StageName,
    /// Done and total, for a determinate bar; `None`: indeterminate.
    pub value: Option<(f64, f64)>,
    /// Pages fetched, for an endpoint.
    pub pages: Option<usize>,
}

/// A history without its days, which follow in [`DAYS`] chunks.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HistoryHead {
    pub tenant: TenantInfo,
    pub origin: Origin,
    pub controls: Vec<ControlInfo>,
    /// The engine's warnings ([`TenantHistory::warnings`]).
    pub engine_warnings: Vec<String>,
    /// How many days follow.
    pub days: usize,
    /// [`Imported::inputs`].
    pub inputs: Vec<String>,
    /// [`Imported::warnings`].
    pub warnings: Vec<String>,
}

/// The batch without the days of its histories.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    pub reports: Vec<Report>,
    pub histories: Vec<HistoryHead>,
    /// Milliseconds each file's parse took (`None`: not parsed).
    pub parse_ms: Vec<Option<f64>>,
    /// The JSON of the batch's catalog, if it held one.
    pub catalog: Option<Value>,
    /// For an endpoint: what its fetch brought beside the inputs.
    #[serde(default)]
    pub fetched: Option<FetchedInfo>,
}

/// Splits a batch into its summary and, per history, its days (to post
/// as [`day_chunks`](super::days::day_chunks)).
pub fn split(batch: Batch, parse_ms: Vec<Option<f64>>) -> (Summary, Vec<Vec<DayScore>>) {
    let mut heads = Vec::new();
    let mut days = Vec::new();
    for imported in batch.histories {
        let history = imported.history;
        heads.push(HistoryHead {
            tenant: history.tenant,
            origin: history.origin,
            controls: history.controls,
            engine_warnings: history.warnings,
            days: history.days.len(),
            inputs: imported.inputs,
            warnings: imported.warnings,
        });
        days.push(history.days);
    }
    let summary = Summary {
        reports: batch.reports,
        histories: heads,
        parse_ms,
        catalog: batch.catalog.map(|c| c.value),
        fetched: None,
    };
    (summary, days)
}

/// Reads a summary back.
pub fn read_summary(text: &str) -> Result<Summary, String> {
    serde_json::from_str(text).map_err(|e| format!("its result is not readable ({e})"))
}

impl HistoryHead {
    /// The imported history, with its days.
    pub fn into_imported(self, days: Vec<DayScore>) -> Imported {
        Imported {
            history: TenantHistory {
                tenant: self.tenant,
                origin: self.origin,
                days,
                controls: self.controls,
                warnings: self.engine_warnings,
            },
            inputs: self.inputs,
            warnings: self.warnings,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::days::{day_chunks, read_days};
    use super::*;
    use crate::engine::demo::{demo_history, STORY_TODAY};
    use crate::sources::import::{import, parse};
    use crate::sources::Failure;

    #[test]
    fn a_batch_survives_the_trip_through_summary_and_chunks() {
        let history = demo_history(STORY_TODAY);
        let batch = Batch {
            histories: vec![Imported {
                history: history.clone(),
                inputs: vec!["a.json".into()],
                warnings: vec!["careful".into()],
            }],
            reports: vec![Report {
                name: "a.json".into(),
                days: Some(history.days.len()),
                ..Report::default()
            }],
            catalog: None,
        };
        let (summary, days) = split(batch, vec![Some(12.0)]);
        assert_eq!(days.len(), 1, "one list of days per history");
        // Through JSON text, as posted; the days through their chunks.
        let summary = read_summary(&serde_json::to_string(&summary).unwrap()).unwrap();
        let head = summary.histories[0].clone();
        assert_eq!(head.days, history.days.len());
        let days = day_chunks(&days[0])
            .flat_map(|c| read_days(&c).unwrap())
            .collect();
        assert_eq!(
            head.into_imported(days),
            Imported {
                history,
                inputs: vec!["a.json".into()],
                warnings: vec!["careful".into()],
            }
        );
        assert_eq!(summary.parse_ms, [Some(12.0)]);
    }

    #[test]
    fn errors_and_the_catalog_cross_unchanged() {
        let catalog = include_bytes!("../../engine/baseline/catalog.json");
        let inputs = vec![
            parse("catalog.json", catalog).map_err(|e| ("catalog.json".into(), e)),
            parse("bad.json", b"{\"a\": ").map_err(|e| ("bad.json".into(), e)),
        ];
        let batch = import(inputs, None, "2026-01-01".parse().unwrap());
        let reports = batch.reports.clone();
        let (summary, _) = split(batch, vec![None, None]);
        let summary = read_summary(&serde_json::to_string(&summary).unwrap()).unwrap();
        assert_eq!(summary.reports, reports);
        assert!(summary.reports[1].error.is_some());
        let value = summary.catalog.unwrap();
        assert!(crate::engine::baseline::Catalog::from_value(&value).is_ok());
    }

    #[test]
    fn stages_say_where_the_import_is() {
        let reading = Stage::Reading {
            name: "big.json".into(),
            index: 1,
            count: 2,
            done: 4 * 1024 * 1024,
            total: 50 * 1024 * 1024,
        };
        assert_eq!(
            reading.label(),
            "Reading big.json (2 of 2): 4.0 MB of 50 MB"
        );
        assert_eq!(reading.value(), Some((4194304.0, 52428800.0)));
        let parsing = Stage::Parsing {
            name: "a.json".into(),
            index: 0,
            count: 1,
        };
        assert_eq!(parsing.label(), "Reading the JSON of a.json");
        assert_eq!(parsing.value(), None);
        assert_eq!(Stage::Importing.label(), "Computing the scores");
        assert_eq!(
            [reading.name(), parsing.name(), Stage::Importing.name()],
            [StageName::Reading, StageName::Parsing, StageName::Importing]
        );
        let receiving = Stage::Receiving {
            done: 30,
            total: 700,
        };
        assert!(receiving.label().contains("30 of 700 days"));
        assert!(read_summary("{}")
            .unwrap_err()
            .starts_with("its result is not readable"));
    }

    #[test]
    fn stage_names_read_back_and_nothing_else_does() {
        for name in StageName::ALL {
            assert_eq!(StageName::parse(name.as_str()), Some(name));
        }
        assert_eq!(StageName::parse("importing "), None);
        assert_eq!(StageName::parse("compressing"), None);
    }

    #[test]
    fn fetching_says_pages_bytes_and_why_it_waits() {
        let mut fetching = Stage::Fetching {
            url: "https://graph.microsoft.com/v1.0/security/secureScores".into(),
            pages: 1,
            bytes: 3 * 1024 * 1024,
            waiting: None,
        };
        assert_eq!(
            fetching.label(),
            "Fetching https://graph.microsoft.com/v1.0/security/secureScores: 1 page fetched (3.0 MB)"
        );
        assert_eq!(
            (fetching.name(), fetching.value(), fetching.pages()),
            (StageName::Fetching, None, Some(1))
        );
        if let Stage::Fetching { pages, waiting, .. } = &mut fetching {
            *pages = 2;
            *waiting = Some("HTTP 429: retry 1 of 4 in 1 s".into());
        }
        assert!(fetching
            .label()
            .ends_with("2 pages fetched (3.0 MB); HTTP 429: retry 1 of 4 in 1 s"));
        assert_eq!(Stage::Importing.pages(), None);
        assert_eq!(
            fetching.progress(),
            LoadProgress {
                label: fetching.label(),
                stage: StageName::Fetching,
                value: None,
                pages: Some(2),
            }
        );
    }

    #[test]
    fn requests_and_fetch_failures_cross_unchanged() {
        let request = Request {
            catalog: None,
            today: NaiveDate::from_ymd_opt(2026, 11, 27).unwrap(),
            endpoint: Some(Endpoint {
                url: "https://example.org/secureScores".into(),
                token: Some("secret".into()),
                timeout_ms: 30_000,
            }),
        };
        let text = serde_json::to_string(&request).unwrap();
        assert_eq!(serde_json::from_str::<Request>(&text).unwrap(), request);
        for failure in [
            Failure::AdminRequired {
                url: "https://example.org".into(),
                status: 401,
                claims: Some("eyJhY2Nlc3NfdG9rZW4iOnt9fQ==".into()),
            },
            Failure::Cancelled,
            Failure::Other(Problem::new(
                "https://example.org",
                "HTTP 500",
                "the server failed",
            )),
        ] {
            let text = serde_json::to_string(&failure).unwrap();
            assert_eq!(serde_json::from_str::<Failure>(&text).unwrap(), failure);
        }
    }
}
