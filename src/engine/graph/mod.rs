//! Microsoft Graph Secure Score import: `GET /security/secureScores` and
//! `GET /security/secureScoreControlProfiles` responses (raw REST pages,
//! lists of pages, or PowerShell `ConvertTo-Json` output) into a
//! [`TenantHistory`].
//!
//! Reading ([`parse_scores`], [`parse_profiles`]) is strict about the fields
//! it uses and ignores every other one; [`build_history`] never fails and
//! reports what it had to guess as the history's warnings.

mod controls;
mod envelope;
mod history;
mod naming;
mod profiles;
mod scores;

use serde_json::Value;

use crate::engine::detect::{detect, Format};
use crate::engine::error::ImportError;
use crate::engine::model::TenantHistory;

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
    expect_format(scores, Format::GraphScores)?;
    let scores = parse_scores(scores)?;
    if scores.is_empty() {
        return Err(ImportError::new(
            "",
            "the file holds no secure scores (its list is empty): Microsoft may not \
             have computed a score for this tenant yet",
        ));
    }
    let profiles = match profiles {
        Some(value) => {
            expect_format(value, Format::GraphProfiles)?;
            parse_profiles(value).map_err(|error| ImportError {
                message: format!("{} (in the control profiles)", error.message),
                ..error
            })?
        }
        None => Vec::new(),
    };
    Ok(build_history(scores, &profiles))
}

/// Fails unless `value` holds `expected`, naming what it holds instead.
fn expect_format(value: &Value, expected: Format) -> Result<(), ImportError> {
    let found = detect(value)?;
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
