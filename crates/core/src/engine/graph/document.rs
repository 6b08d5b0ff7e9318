//! The lenient reading of a whole document: the secureScores and control
//! profiles wherever they sit (`detect::locate`), each record read on its
//! own so that one unusable record or part never rejects the others.

use serde_json::Value;

use super::profiles::{parse_profile_list, GraphProfile};
use super::scores::{parse_score_list, GraphScore};
use super::skipped::Skipped;
use crate::engine::detect::locate::{found_at, locate};
use crate::engine::detect::Format;
use crate::engine::error::ImportError;
use crate::engine::json::Node;

/// What a document holds of Microsoft Graph Secure Score data.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct GraphData {
    /// In the order of the document.
    pub scores: Vec<GraphScore>,
    pub profiles: Vec<GraphProfile>,
    /// Where the data was found when a tool saved it inside its own object
    /// ("secureScores found at body.value"), for the list of files.
    pub found_at: Vec<String>,
    /// What was left out (see [`Skipped`]), for the admin.
    pub warnings: Vec<String>,
}

/// Reads the secureScores and control profiles of a document, in any
/// envelope, inside any wrapper, in any key case.
///
/// A record lacking what the score needs (a date, scores, control names;
/// a profile's id and points possible) is left out with a warning, and so
/// is an optional part that cannot be used. Fails only when secureScores
/// (or, without any, control profiles) were found and none could be read,
/// with the first one's error.
pub fn parse_graph(value: &Value) -> Result<GraphData, ImportError> {
    let root = Node::root(value);
    let places = locate(&root);
    let (mut scores, mut profiles) = (Vec::new(), Vec::new());
    let (mut skipped_scores, mut skipped_profiles) = (Skipped::default(), Skipped::default());
    for place in &places {
        match place.kind {
            Format::GraphProfiles => {
                profiles.extend(parse_profile_list(&place.entities, &mut skipped_profiles))
            }
            _ => scores.extend(parse_score_list(&place.entities, &mut skipped_scores)),
        }
    }
    // secureScores none of which could be read, or only profiles none of
    // which could: nothing to show but why.
    let unread = match (scores.is_empty(), profiles.is_empty()) {
        (true, true) => skipped_scores
            .first_record_error()
            .or(skipped_profiles.first_record_error()),
        (true, false) => skipped_scores.first_record_error(),
        _ => None,
    };
    if let Some(error) = unread {
        return Err(error.clone());
    }
    let mut warnings = skipped_scores.warnings("day", "secure score", scores.len());
    warnings.extend(skipped_profiles.warnings(
        "control profile",
        "control profile",
        profiles.len(),
    ));
    Ok(GraphData {
        found_at: [Format::GraphScores, Format::GraphProfiles]
            .into_iter()
            .filter_map(|kind| found_at(&places, kind))
            .collect(),
        scores,
        profiles,
        warnings,
    })
}
