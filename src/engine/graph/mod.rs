//! Microsoft Graph Secure Score import: `GET /security/secureScores` and
//! `GET /security/secureScoreControlProfiles` responses (raw REST pages,
//! lists of pages, or PowerShell `ConvertTo-Json` output) into a
//! [`TenantHistory`].
//!
//! Reading ([`parse_scores`], [`parse_profiles`]) is strict about the fields
//! it uses and ignores every other one; [`build_history`] never fails and
//! reports what it had to guess as the history's warnings. secureScores as
//! Graph sends them are also read straight from the text (`direct`, used by
//! [`crate::engine::file::read`] and [`import_files`]), with the same result.

mod controls;
mod direct;
mod envelope;
mod history;
mod naming;
mod profiles;
mod scores;

use serde_json::Value;

use crate::engine::detect::{detect, Format};
use crate::engine::error::ImportError;
use crate::engine::file::{self, Content};
use crate::engine::json::parse_bytes;
use crate::engine::model::TenantHistory;

pub(crate) use direct::{read_page, read_scores};
pub(crate) use envelope::entries;
pub use envelope::next_link;
pub use history::build_history;
pub use profiles::{parse_profiles, GraphProfile};
pub use scores::{parse_scores, GraphControlScore, GraphScore};

/// Imports a secureScores file and, optionally, a secureScoreControlProfiles
/// file (its pages already merged or given as an array of pages).
///
/// Fails when a file holds another format, when `scores` holds no score at
/// all, or when a field used is unreadable; errors in `profiles` say so
/// after their message.
pub fn import(scores: &Value, profiles: Option<&Value>) -> Result<TenantHistory, ImportError> {
    expect(detect(scores)?, Format::GraphScores)?;
    with_profiles(parse_scores(scores)?, profiles)
}

/// [`import`] from the bytes of the files, as the app reads them: the
/// secureScores straight from the text when they come as Graph sends them
/// (see [`file::read`]). The same history, or the same error (the
/// secureScores file's first).
pub fn import_files(scores: &[u8], profiles: Option<&[u8]>) -> Result<TenantHistory, ImportError> {
    let scores = match file::read(scores)? {
        Content::GraphScores(scores) => scores,
        Content::Json(value, format) => {
            expect(format, Format::GraphScores)?;
            parse_scores(&value)?
        }
    };
    let profiles = profiles.map(parse_bytes).transpose()?;
    with_profiles(scores, profiles.as_ref())
}

/// The history of the scores read, described by the profiles file.
fn with_profiles(
    scores: Vec<GraphScore>,
    profiles: Option<&Value>,
) -> Result<TenantHistory, ImportError> {
    if scores.is_empty() {
        return Err(ImportError::new(
            "",
            "the file holds no secure scores (its list is empty): Microsoft may not \
             have computed a score for this tenant yet",
        ));
    }
    let profiles = match profiles {
        Some(value) => {
            expect(detect(value)?, Format::GraphProfiles)?;
            parse_profiles(value).map_err(|error| ImportError {
                message: format!("{} (in the control profiles)", error.message),
                ..error
            })?
        }
        None => Vec::new(),
    };
    Ok(build_history(scores, &profiles))
}

/// Fails unless a file holds `expected`, naming what it holds instead.
fn expect(found: Format, expected: Format) -> Result<(), ImportError> {
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
