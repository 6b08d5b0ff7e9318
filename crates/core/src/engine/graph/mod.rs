//! Microsoft Graph Secure Score import: `GET /security/secureScores` and
//! `GET /security/secureScoreControlProfiles` responses (raw REST pages,
//! lists of pages, or PowerShell `ConvertTo-Json` output) into a
//! [`TenantHistory`].
//!
//! Reading ([`parse_graph`]) finds the data wherever a tool saved it
//! (`locate`), reads every record on its own and leaves out, with a
//! warning, the records without what the score needs and the optional parts
//! that cannot be used (`skipped`); it ignores every field it does not use.
//! [`build_history`] never fails and reports what it had to guess as the
//! history's warnings. secureScores as Graph sends them are also read
//! straight from the text (`direct`, which `engine::file` uses for files'
//! bytes), with the same result: that path gives up on anything the
//! lenient reader would warn about.

mod controls;
mod direct;
mod document;
mod envelope;
mod history;
mod naming;
mod profiles;
mod scores;
mod skipped;

use serde_json::Value;

use crate::engine::detect::{detect, Format};
use crate::engine::error::ImportError;
use crate::engine::model::TenantHistory;

pub(crate) use direct::{read_page, read_scores};
pub use document::{parse_graph, GraphData};
pub use envelope::next_link;
pub use history::build_history;
pub use profiles::GraphProfile;
pub use scores::{GraphControlScore, GraphScore};

/// Imports a secureScores file and, optionally, a secureScoreControlProfiles
/// file (its pages already merged or given as an array of pages). Profiles
/// in the secureScores file (a wrapper holding both) describe them too.
///
/// Fails when a file holds another format, when `scores` holds no score at
/// all, or when none of its scores can be read; errors in `profiles` say so
/// after their message. What reading left out comes first in the history's
/// warnings.
pub fn import(scores: &Value, profiles: Option<&Value>) -> Result<TenantHistory, ImportError> {
    expect(detect(scores)?, Format::GraphScores)?;
    with_profiles(parse_graph(scores)?, profiles)
}

/// The history of the scores read, described by the profiles read with
/// them and those of the profiles file.
pub(crate) fn with_profiles(
    data: GraphData,
    profiles: Option<&Value>,
) -> Result<TenantHistory, ImportError> {
    if data.scores.is_empty() {
        return Err(ImportError::new(
            "",
            "the file holds no secure scores (its list is empty): Microsoft may not \
             have computed a score for this tenant yet",
        ));
    }
    let mut warnings = data.warnings;
    let mut all_profiles = data.profiles;
    if let Some(value) = profiles {
        let in_profiles = |error: ImportError| ImportError {
            message: format!("{} (in the control profiles)", error.message),
            ..error
        };
        expect(detect(value)?, Format::GraphProfiles)?;
        let read = parse_graph(value).map_err(in_profiles)?;
        all_profiles.extend(read.profiles);
        warnings.extend(read.warnings);
    }
    let mut history = build_history(data.scores, &all_profiles);
    warnings.append(&mut history.warnings);
    history.warnings = warnings;
    Ok(history)
}

/// Fails unless a file holds `expected`, naming what it holds instead.
pub(crate) fn expect(found: Format, expected: Format) -> Result<(), ImportError> {
    if found == expected {
        Ok(())
    } else {
        Err(ImportError::new(
            "",
            format!(
                "this file holds {}, not {}",
                found.label(),
                expected.label()
            ),
        ))
    }
}
