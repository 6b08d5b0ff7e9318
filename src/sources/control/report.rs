//! What the last import or fetch reported: its inputs, errors and warnings,
//! and an endpoint's refusal (the Data page shows them).

use leptos::prelude::*;

use crate::sources::import::Batch;
use crate::sources::Problem;

/// One input of the last import, for the list.
#[derive(Clone, Debug, PartialEq)]
pub struct FileRow {
    pub name: String,
    pub size: Option<u64>,
    pub format: Option<String>,
    pub days: Option<usize>,
    pub tenants: Vec<String>,
    pub detail: String,
    pub error: Option<String>,
    /// Milliseconds the JSON parse and format detection took.
    pub parse_ms: Option<f64>,
}

/// The last action's report. Cheap to copy.
#[derive(Clone, Copy)]
pub struct ImportReport {
    /// Errors of the last action (the `import-error` region).
    pub errors: RwSignal<Vec<Problem>>,
    /// Warnings of the last action.
    pub warnings: RwSignal<Vec<Problem>>,
    /// The endpoint (display URL) and status when it answered 401/403.
    pub admin_required: RwSignal<Option<(String, u16)>>,
    /// The inputs of the last import.
    pub files: RwSignal<Vec<FileRow>>,
}

impl ImportReport {
    pub(super) fn new() -> ImportReport {
        ImportReport {
            errors: RwSignal::new(Vec::new()),
            warnings: RwSignal::new(Vec::new()),
            admin_required: RwSignal::new(None),
            files: RwSignal::new(Vec::new()),
        }
    }

    /// Clears the messages of the previous action (its inputs stay listed).
    pub(super) fn clear_messages(&self) {
        let _ = self.errors.try_set(Vec::new());
        let _ = self.warnings.try_set(Vec::new());
        let _ = self.admin_required.try_set(None);
    }

    pub(super) fn add_error(&self, problem: Problem) {
        let _ = self.errors.try_update(|e| e.push(problem));
    }

    pub(super) fn add_warning(&self, problem: Problem) {
        let _ = self.warnings.try_update(|w| w.push(problem));
    }

    /// Lists a batch's inputs, with their sizes and parse times when known.
    pub(super) fn list(&self, batch: &Batch, sizes: &[u64], times: &[Option<f64>]) {
        let rows = batch
            .reports
            .iter()
            .enumerate()
            .map(|(i, report)| FileRow {
                name: report.name.clone(),
                size: sizes.get(i).copied(),
                format: report.format.map(|f| f.label().to_string()),
                days: report.days,
                tenants: report.tenants.clone(),
                detail: report.detail.clone(),
                error: report.error.as_ref().map(ToString::to_string),
                parse_ms: times.get(i).copied().flatten(),
            })
            .collect();
        let _ = self.files.try_set(rows);
    }
}
