//! Our own assessment of a live tenant: the answers of a few Microsoft Graph
//! v1.0 reads (Conditional Access, security defaults, authorization and
//! consent policies, authentication methods registration, Global
//! Administrators, domains, SharePoint settings) turned into a snapshot in
//! our documented format, with the evidence behind each setting.
//!
//! Pure: the app's collector (`crate::assess`) fetches, this reads. A read
//! that was refused marks the settings it feeds "not assessed" with the
//! permission or role it needs; it never fails the rest.

mod compare;
mod entra;
mod reach;
mod reads;
mod sharepoint;

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::Value;

use super::baseline::Catalog;
use super::model::{Service, TenantInfo};
use super::snapshot::{SettingValue, Snapshot, SnapshotFile};
use super::sort::map_of;

pub use compare::{compare, AssessedControl, Comparison, Unassessed};
pub use reach::out_of_reach;
pub use reads::Read;

/// What one read answered: its JSON (every page's `value` joined into one
/// array for a list), or why Graph refused it.
pub type Answer = Result<Value, Refusal>;

/// A read Graph refused.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Refusal {
    /// HTTP status (0: no answer, e.g. the network).
    pub status: u16,
    /// Graph's message, or what went wrong.
    pub message: String,
}

/// Why a setting has the value it has: a sentence, and the policies or
/// people behind it (people are redacted in shared reports).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Evidence {
    pub summary: String,
    /// Policy names, or people's sign-in names.
    pub items: Vec<String>,
    /// True when `items` are people.
    pub people: bool,
}

/// The settings and counts read, with their evidence; keys as the catalog
/// names them (`entra.blockLegacyAuthentication`, `mfaRegisteredUsers`).
#[derive(Default)]
struct Findings {
    settings: BTreeMap<String, SettingValue>,
    counts: BTreeMap<String, u64>,
    evidence: BTreeMap<String, Evidence>,
}

impl Findings {
    fn setting(&mut self, key: &str, value: SettingValue, evidence: Evidence) {
        self.settings.insert(key.to_string(), value);
        self.evidence.insert(key.to_string(), evidence);
    }

    fn count(&mut self, key: &str, value: u64, evidence: Evidence) {
        self.counts.insert(key.to_string(), value);
        self.evidence.insert(key.to_string(), evidence);
    }
}

/// The assessment of one tenant at one instant.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LiveAssessment {
    /// One snapshot: download it, import it, merge it as any other.
    pub file: SnapshotFile,
    /// Evidence by setting or count key.
    pub evidence: BTreeMap<String, Evidence>,
    /// Keys not assessed, with what reading them needs.
    pub not_assessed: BTreeMap<String, String>,
}

impl LiveAssessment {
    /// Whether every input of a control was read (it is then scored on
    /// what the tenant has, not on what we could not see).
    pub fn assessed(&self, inputs: &[(&str, &str)]) -> bool {
        let snapshot = self.file.snapshots.first();
        !inputs.is_empty()
            && inputs.iter().all(|(kind, key)| {
                snapshot.is_some_and(|s| match *kind {
                    "counts" => s.counts.contains_key(*key),
                    "activities" => s.activities.contains_key(*key),
                    _ => s.settings.contains_key(*key),
                })
            })
    }

    /// The snapshot file's text, with the evidence beside it (a top-level
    /// field readers ignore).
    pub fn to_json(&self) -> String {
        let mut value: Value = serde_json::from_str(&self.file.to_json()).unwrap_or(Value::Null);
        if let (Some(object), Ok(evidence)) =
            (value.as_object_mut(), serde_json::to_value(&self.evidence))
        {
            object.insert("evidence".to_string(), evidence);
            object.insert(
                "generatedBy".to_string(),
                Value::String("Secure Score: Assess settings (Microsoft Graph v1.0)".to_string()),
            );
        }
        serde_json::to_string_pretty(&value).unwrap_or_default()
    }
}

/// Assesses the answers: one snapshot captured at `at`, for `services`
/// (the tenant's, as Microsoft's score lists them).
pub fn assess(
    answers: &BTreeMap<Read, Answer>,
    tenant: TenantInfo,
    services: Vec<Service>,
    at: DateTime<Utc>,
) -> LiveAssessment {
    let mut found = Findings::default();
    let mut not_assessed = BTreeMap::new();
    for read in Read::ALL {
        match answers.get(&read) {
            Some(Ok(value)) => read.evaluate(value, &answers_of(answers), &mut found),
            Some(Err(refusal)) => {
                for key in read.keys() {
                    not_assessed.insert(key.to_string(), read.needs(refusal));
                }
            }
            None => {
                for key in read.keys() {
                    not_assessed.insert(key.to_string(), "not read".to_string());
                }
            }
        }
    }
    // A key another read settled (security defaults block legacy
    // authentication without any policy) is assessed.
    not_assessed
        .retain(|key, _| !found.settings.contains_key(key) && !found.counts.contains_key(key));
    LiveAssessment {
        file: SnapshotFile {
            tenant,
            snapshots: vec![Snapshot {
                captured_at: at,
                services,
                settings: found.settings,
                activities: BTreeMap::new(),
                counts: found.counts,
            }],
            cutoff: None,
        },
        evidence: found.evidence,
        not_assessed,
    }
}

/// The successful answers, for reads that combine two (Conditional Access
/// and security defaults).
fn answers_of(answers: &BTreeMap<Read, Answer>) -> BTreeMap<Read, &Value> {
    map_of(
        answers
            .iter()
            .filter_map(|(read, answer)| answer.as_ref().ok().map(|v| (*read, v))),
    )
}

/// The catalog controls Graph v1.0 can assess: every input is fed by a read.
pub fn reachable(catalog: &Catalog) -> Vec<&str> {
    let fed: Vec<&str> = Read::ALL
        .iter()
        .flat_map(|r| r.keys().iter().copied())
        .collect();
    catalog
        .controls()
        .iter()
        .filter(|c| {
            let inputs = c.measure.inputs();
            !inputs.is_empty() && inputs.iter().all(|(_, key)| fed.contains(key))
        })
        .map(|c| c.info.id.as_str())
        .collect()
}

#[cfg(test)]
mod tests;
