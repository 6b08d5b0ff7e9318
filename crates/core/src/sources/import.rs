//! From the bytes of files (or endpoint responses) to tenant histories:
//! each input is parsed and its format detected, then the batch is
//! imported as a whole. Pure: no browser, tested natively.
//!
//! - Graph secureScores of every input are joined, grouped by tenant
//!   (`azureTenantId`, case-insensitive), and described by the control
//!   profiles of every input of the batch (profiles are the same for every
//!   tenant): uploading `secureScore.json` and `profiles.json` together
//!   gives titles and points possible to the scores.
//! - Snapshot files are evaluated against the catalog of the batch, else
//!   the last catalog loaded, else the built-in one.
//! - A catalog alone, or control profiles alone, add no scores: they are
//!   listed, and the input says what to upload with them.
//! - Graph data is found wherever a tool saved it (the report says where);
//!   a file may hold both scores and profiles. What reading left out
//!   (records or optional parts that cannot be used) or repaired (trailing
//!   commas) is warned about, naming the file.
//! - An input that fails is reported with its name and the place in it;
//!   the others of the batch are imported.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::engine::baseline::Catalog;
use crate::engine::detect::{fields, Format};
use crate::engine::error::ImportError;
use crate::engine::evaluate::{evaluate, Cutoff};
use crate::engine::file::{self, Content, Pages};
use crate::engine::graph::{build_history, parse_graph, GraphProfile, GraphScore};
use crate::engine::model::{TenantHistory, TenantInfo, REPORTED_TOLERANCE};
use crate::engine::snapshot;
use crate::engine::sort::set_of;
use crate::format;
use crate::text::{counted, plural};

/// The largest file or response read: larger ones are refused before
/// reading (a Graph export of two years of daily scores is about 50 MB).
pub const MAX_BYTES: u64 = 64 * 1024 * 1024;

/// An input parsed and recognized.
#[derive(Clone, Debug)]
pub struct Parsed {
    /// The file name, or the URL.
    pub name: String,
    /// Its format and what it holds.
    pub content: Content,
}

/// What became of one input, for the list of files.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Report {
    pub name: String,
    pub format: Option<Format>,
    /// Days of scores it holds (distinct dates), when it holds scores.
    pub days: Option<usize>,
    /// The tenants it is about, by id or name.
    pub tenants: Vec<String>,
    /// What else it holds, e.g. "200 control profiles".
    pub detail: String,
    /// Why it was not used.
    pub error: Option<ImportError>,
}

/// A history imported from the batch, and the inputs it came from.
#[derive(Clone, Debug, PartialEq)]
pub struct Imported {
    pub history: TenantHistory,
    pub inputs: Vec<String>,
    /// The engine's warnings and this module's checks.
    pub warnings: Vec<String>,
}

/// The result of a batch.
#[derive(Clone, Debug, Default)]
pub struct Batch {
    pub histories: Vec<Imported>,
    pub reports: Vec<Report>,
    /// The catalog the batch held, if any (for later snapshot files).
    pub catalog: Option<LoadedCatalog>,
}

/// A catalog and the JSON it was read from (what the import worker is
/// handed: [`Catalog::from_value`] reads it back).
#[derive(Clone, Debug)]
pub struct LoadedCatalog {
    pub catalog: Catalog,
    pub value: Value,
}

impl Batch {
    /// The inputs that failed, with their errors.
    pub fn errors(&self) -> impl Iterator<Item = (&str, &ImportError)> {
        self.reports
            .iter()
            .filter_map(|r| r.error.as_ref().map(|e| (r.name.as_str(), e)))
    }
}

/// Refuses an input larger than [`MAX_BYTES`], before reading it.
pub fn check_size(size: u64) -> Result<(), ImportError> {
    if size > MAX_BYTES {
        Err(ImportError::new(
            "",
            format!(
                "the file is {}, more than the {} this app reads: export fewer days \
                 (e.g. Graph's $top or a date filter) or split it into several files",
                megabytes(size),
                megabytes(MAX_BYTES)
            ),
        ))
    } else {
        Ok(())
    }
}

/// "12.3 MB".
pub fn megabytes(bytes: u64) -> String {
    let mb = bytes as f64 / (1024.0 * 1024.0);
    if mb >= 10.0 {
        format!("{mb:.0} MB")
    } else {
        format!("{mb:.1} MB")
    }
}

/// A file size for people: "512 bytes", "12 KB", "3.4 MB".
pub fn size_label(bytes: u64) -> String {
    if bytes < 1024 {
        format!("{bytes} bytes")
    } else if bytes < 1024 * 1024 {
        format!("{} KB", bytes.div_ceil(1024))
    } else {
        megabytes(bytes)
    }
}

/// True when the bytes look like a web page rather than JSON: they start
/// with `<` (after a BOM and blank space).
pub fn looks_like_html(bytes: &[u8]) -> bool {
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    body.iter()
        .find(|b| !b.is_ascii_whitespace())
        .is_some_and(|&b| b == b'<')
}

/// The tenant Graph's `/organization` answer names: its first entry's `id`
/// and `displayName`; `None` when it names none.
pub fn organization_of(bytes: &[u8]) -> Option<TenantInfo> {
    let value: Value = serde_json::from_slice(bytes).ok()?;
    let first = value.get(fields::VALUE)?.get(0)?;
    let text = |key: &str| first.get(key)?.as_str().map(str::trim).map(str::to_string);
    let (id, name) = (text(fields::ID)?, text(fields::DISPLAY_NAME)?);
    (!id.is_empty() && !name.is_empty()).then_some(TenantInfo { id, name })
}

/// Parses one input and tells its format (Graph secureScores are read
/// straight away: see [`file::read`]).
pub fn parse(name: &str, bytes: &[u8]) -> Result<Parsed, ImportError> {
    check_input(bytes)?;
    Ok(Parsed {
        name: name.to_string(),
        content: file::read(bytes)?,
    })
}

/// Adds the next page of an endpoint's answer to `pages` and returns its
/// link to the page after it, with the errors of [`parse`].
pub fn add_page(pages: &mut Pages, bytes: Vec<u8>) -> Result<Option<String>, ImportError> {
    check_input(&bytes)?;
    pages.add(bytes)
}

/// Refuses an input too large, or a web page.
fn check_input(bytes: &[u8]) -> Result<(), ImportError> {
    check_size(bytes.len() as u64)?;
    if looks_like_html(bytes) {
        return Err(ImportError::new(
            "line 1, column 1",
            "this is a web page (HTML), not JSON: save the JSON data itself, not the page \
             that shows it",
        ));
    }
    Ok(())
}

/// An input that could not be parsed: its name and why.
pub type Failed = (String, ImportError);

/// Imports a batch of inputs, in order; those that could not be parsed are
/// listed with their error. `catalog` is the catalog loaded earlier,
/// `today` the date after which days are in the future.
pub fn import(
    inputs: Vec<Result<Parsed, Failed>>,
    catalog: Option<&Catalog>,
    today: NaiveDate,
) -> Batch {
    let mut batch = Batch::default();
    let mut reports: Vec<(usize, Report)> = Vec::new();

    // Catalogs first: snapshot files of the batch use them.
    let mut catalogs = Vec::new();
    let mut profiles: Vec<(String, Vec<GraphProfile>)> = Vec::new();
    let mut scores: Vec<(String, Vec<GraphScore>)> = Vec::new();
    let mut snapshots = Vec::new();
    // What reading each file left out or repaired, by file name.
    let mut read_warnings: Vec<(String, Vec<String>)> = Vec::new();
    for (index, input) in inputs.into_iter().enumerate() {
        let input = match input {
            Ok(input) => input,
            Err((name, error)) => {
                reports.push((
                    index,
                    Report {
                        name,
                        error: Some(error),
                        ..Report::default()
                    },
                ));
                continue;
            }
        };
        let mut report = Report {
            name: input.name.clone(),
            format: Some(input.content.format()),
            ..Report::default()
        };
        let (value, format, mut repairs) = match input.content {
            Content::GraphScores(found) => {
                take_scores(found, &input.name, &mut report, &mut scores);
                reports.push((index, report));
                continue;
            }
            Content::Json {
                value,
                format,
                repairs,
            } => (value, format, repairs),
        };
        match format {
            Format::GraphScores | Format::GraphProfiles => match parse_graph(&value) {
                Ok(data) => {
                    let mut details = Vec::new();
                    if !data.profiles.is_empty() {
                        details.push(plural(data.profiles.len(), "control profile"));
                        profiles.push((input.name.clone(), data.profiles));
                    }
                    details.extend(data.found_at);
                    report.detail = details.join("; ");
                    repairs.extend(data.warnings);
                    if format == Format::GraphScores {
                        take_scores(data.scores, &input.name, &mut report, &mut scores);
                    }
                }
                Err(error) => report.error = Some(error),
            },
            Format::Catalog => match Catalog::from_value(&value) {
                Ok(found) => {
                    report.detail = format!("{} controls", found.controls().len());
                    for repair in repairs.drain(..) {
                        report.detail.push_str("; ");
                        report.detail.push_str(&repair);
                    }
                    catalogs.push(LoadedCatalog {
                        catalog: found,
                        value,
                    });
                }
                Err(error) => report.error = Some(error),
            },
            Format::TenantSnapshots => match snapshot::parse(&value) {
                Ok(file) => {
                    report.detail = plural(file.snapshots.len(), "snapshot");
                    let who = if file.tenant.name.trim().is_empty() {
                        file.tenant.id.trim()
                    } else {
                        file.tenant.name.trim()
                    };
                    report.tenants = distinct([who].into_iter());
                    snapshots.push((index, input.name.clone(), file));
                }
                Err(error) => report.error = Some(error),
            },
        }
        read_warnings.push((input.name.clone(), repairs));
        reports.push((index, report));
    }

    // Snapshots × catalog.
    let chosen = catalogs.last().map(|c| &c.catalog).or(catalog).cloned();
    let builtin;
    let catalog_used = match &chosen {
        Some(c) => c,
        None => {
            builtin = Catalog::builtin();
            &builtin
        }
    };
    for (index, name, file) in snapshots {
        let cutoff = file.cutoff.map_or(Cutoff::default(), Cutoff::Utc);
        let history = evaluate(&file, catalog_used, cutoff);
        if let Some((_, report)) = reports.iter_mut().find(|(i, _)| *i == index) {
            report.days = Some(history.days.len());
            if history.days.is_empty() {
                report.error = Some(ImportError::new(
                    "snapshots",
                    "no day could be scored from these snapshots",
                ));
                continue;
            }
        }
        let names = vec![name];
        let history = with_read_warnings(history, &names, &read_warnings);
        batch.histories.push(imported(history, names, today));
    }

    // Graph scores, by tenant, with every profile of the batch.
    let all_profiles: Vec<GraphProfile> = profiles.iter().flat_map(|(_, p)| p.clone()).collect();
    let mut by_tenant: BTreeMap<String, (Vec<GraphScore>, Vec<String>)> = BTreeMap::new();
    for (name, list) in scores {
        for score in list {
            let entry = by_tenant
                .entry(score.tenant_id.trim().to_ascii_lowercase())
                .or_default();
            if !entry.1.contains(&name) {
                entry.1.push(name.clone());
            }
            entry.0.push(score);
        }
    }
    let joined = !by_tenant.is_empty();
    for (_, (list, mut names)) in by_tenant {
        for (name, _) in &profiles {
            if !names.contains(name) {
                names.push(name.clone());
            }
        }
        let history = build_history(list, &all_profiles);
        let history = with_read_warnings(history, &names, &read_warnings);
        batch.histories.push(imported(history, names, today));
    }
    if !joined {
        for (_, report) in reports.iter_mut() {
            if report.format == Some(Format::GraphProfiles) && report.error.is_none() {
                report.error = Some(ImportError::new(
                    "",
                    "control profiles describe the actions but hold no scores: upload them \
                     together with a secureScores file (select both files at once)",
                ));
            }
        }
    }
    if !catalogs.is_empty()
        && !reports
            .iter()
            .any(|(_, r)| r.format == Some(Format::TenantSnapshots))
    {
        for (_, report) in reports.iter_mut() {
            if report.format == Some(Format::Catalog) && report.error.is_none() {
                report.detail.push_str(
                    "; used for the snapshot files you upload next (a catalog alone holds no scores)",
                );
            }
        }
    }

    batch.catalog = catalogs.pop();
    batch.reports = reports.into_iter().map(|(_, r)| r).collect();
    batch
}

/// Reports the secureScores read from an input and keeps them; a file
/// without any score is an error.
fn take_scores(
    found: Vec<GraphScore>,
    name: &str,
    report: &mut Report,
    scores: &mut Vec<(String, Vec<GraphScore>)>,
) {
    if found.is_empty() {
        report.error = Some(ImportError::new(
            "",
            "the file holds no secure scores (its list is empty): Microsoft may \
             not have computed a score for this tenant yet",
        ));
        return;
    }
    let dates: BTreeSet<NaiveDate> = set_of(found.iter().map(|s| s.created.date_naive()));
    report.days = Some(dates.len());
    report.tenants = distinct(found.iter().map(|s| s.tenant_id.trim()));
    scores.push((name.to_string(), found));
}

/// The history with, first among its warnings, what reading its files left
/// out or repaired, each naming its file.
fn with_read_warnings(
    mut history: TenantHistory,
    names: &[String],
    read_warnings: &[(String, Vec<String>)],
) -> TenantHistory {
    let mut warnings: Vec<String> = read_warnings
        .iter()
        .filter(|(name, _)| names.contains(name))
        .flat_map(|(name, list)| list.iter().map(move |warning| format!("{name}: {warning}")))
        .collect();
    warnings.append(&mut history.warnings);
    history.warnings = warnings;
    history
}

/// A history with the warnings of the engine and of [`checks`].
fn imported(history: TenantHistory, inputs: Vec<String>, today: NaiveDate) -> Imported {
    // This module's checks first: they are about the data itself, the
    // engine's are mostly about missing control profiles.
    let mut warnings = checks(&history, today);
    warnings.extend(history.warnings.iter().cloned());
    Imported {
        history,
        inputs,
        warnings,
    }
}

/// What the engine accepts but an admin should know: days in the future,
/// controls earning more than their maximum, days with nothing possible.
pub fn checks(history: &TenantHistory, today: NaiveDate) -> Vec<String> {
    let mut warnings = Vec::new();
    let future: Vec<NaiveDate> = history
        .days
        .iter()
        .map(|d| d.date)
        .filter(|d| *d > today)
        .collect();
    if let Some(last) = future.last() {
        warnings.push(format!(
            "{} dated after today (the latest: {last}): check the clock of the system that \
             exported them. They are shown as they are.",
            counted(future.len(), "day is", "days are")
        ));
    }
    let mut above = 0_usize;
    let mut example = None;
    for day in &history.days {
        for control in &day.controls {
            if control.possible > 0.0 && control.earned > control.possible + REPORTED_TOLERANCE {
                above = above.saturating_add(1);
                example = Some((
                    day.date,
                    control.id.clone(),
                    control.earned,
                    control.possible,
                ));
            }
        }
    }
    if let Some((date, id, earned, possible)) = example {
        warnings.push(format!(
            "{} earned more points than the maximum (the newest: controlScores \
             {id} on {}, {earned} of {possible}).",
            plural(above, "control score"),
            format::date(date)
        ));
    }
    let zero: Vec<NaiveDate> = history
        .days
        .iter()
        .filter(|d| d.shown().possible <= 0.0)
        .map(|d| d.date)
        .collect();
    if let Some(last) = zero.last() {
        warnings.push(format!(
            "{} no points possible (a maximum score of 0; the newest: {}): their \
             percentage shows as 0.",
            counted(zero.len(), "day has", "days have"),
            format::date(*last)
        ));
    }
    warnings
}

fn distinct<'a>(items: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut seen: Vec<String> = Vec::new();
    for item in items.filter(|i| !i.is_empty()) {
        if !seen.iter().any(|s| s.eq_ignore_ascii_case(item)) {
            seen.push(item.to_string());
        }
    }
    seen
}

#[cfg(test)]
mod tests;
