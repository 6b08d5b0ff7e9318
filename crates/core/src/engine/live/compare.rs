//! Our assessment beside Microsoft's: per control our result, its evidence,
//! Microsoft's state for the same control and whether the two agree; our
//! score over what we could assess; what we could not, and why.

use super::{out_of_reach, Evidence, LiveAssessment, Read};
use crate::engine::baseline::Catalog;
use crate::engine::model::{Category, ControlState, Points, TenantHistory};

/// One assessed control.
#[derive(Clone, Debug, PartialEq)]
pub struct AssessedControl {
    pub id: String,
    pub title: String,
    pub category: Category,
    pub ours: ControlState,
    pub points: Points,
    /// The evaluation's own words ("3 of 4 (mfaRegisteredUsers of users)").
    pub note: String,
    pub evidence: Vec<Evidence>,
    /// Microsoft's state of the same control on its newest day; `None`
    /// where Microsoft's score does not list it.
    pub microsoft: Option<ControlState>,
}

impl AssessedControl {
    /// `None` when there is nothing to compare with.
    pub fn agrees(&self) -> Option<bool> {
        let microsoft = self.microsoft?;
        Some(done(self.ours) == done(microsoft))
    }

    /// Why the two differ, in words; `None` when they agree.
    pub fn disagreement(&self) -> Option<String> {
        if self.agrees() != Some(false) {
            return None;
        }
        let found = self
            .evidence
            .iter()
            .map(|e| e.summary.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        Some(if done(self.ours) {
            format!(
                "We find it done ({found}); Microsoft's score does not count it yet. Microsoft \
                 computes its score once a day (allow up to 48 hours after a change), and its \
                 check may ask for more than ours."
            )
        } else {
            format!(
                "Microsoft counts it done; we find: {found} Microsoft's check may accept what \
                 ours does not (a report-only policy, exclusions, another way to meet it), or \
                 its score may still reflect a setting changed in the last 48 hours."
            )
        })
    }
}

fn done(state: ControlState) -> bool {
    matches!(state, ControlState::Completed)
}

/// A control we could not assess, and why (or how to get it).
#[derive(Clone, Debug, PartialEq)]
pub struct Unassessed {
    pub id: String,
    pub title: String,
    pub why: String,
}

/// The whole comparison.
#[derive(Clone, Debug, PartialEq)]
pub struct Comparison {
    pub controls: Vec<AssessedControl>,
    /// Our score over the assessed, scored controls.
    pub score: Points,
    /// Microsoft's points for the same controls, when it lists them.
    pub microsoft_score: Option<Points>,
    /// Refused reads' controls: "needs <permission> …".
    pub not_assessed: Vec<Unassessed>,
    /// Controls no read feeds: the PowerShell that shows them.
    pub out_of_reach: Vec<Unassessed>,
}

impl Comparison {
    /// Our points per category, in [`Category::ALL`] order, only those with
    /// assessed controls.
    pub fn by_category(&self) -> Vec<(Category, Points)> {
        Category::ALL
            .into_iter()
            .filter_map(|category| {
                let mut of = self
                    .controls
                    .iter()
                    .filter(|c| c.category == category)
                    .peekable();
                of.peek()?;
                Some((
                    category,
                    of.fold(Points::default(), |sum, c| add(sum, c.points)),
                ))
            })
            .collect()
    }

    /// How many compared controls agree, of how many could be compared.
    pub fn agreement(&self) -> (usize, usize) {
        let compared: Vec<bool> = self
            .controls
            .iter()
            .filter_map(AssessedControl::agrees)
            .collect();
        (compared.iter().filter(|a| **a).count(), compared.len())
    }
}

fn add(a: Points, b: Points) -> Points {
    Points {
        earned: a.earned + b.earned,
        possible: a.possible + b.possible,
    }
}

/// Compares `ours` (the assessment evaluated against `catalog`) with
/// `microsoft` (the same tenant's history from Graph, if read).
pub fn compare(
    assessment: &LiveAssessment,
    ours: &TenantHistory,
    microsoft: Option<&TenantHistory>,
    catalog: &Catalog,
) -> Comparison {
    let day = ours.latest();
    let theirs = microsoft.and_then(TenantHistory::latest);
    let mut result = Comparison {
        controls: Vec::new(),
        score: Points::default(),
        microsoft_score: None,
        not_assessed: Vec::new(),
        out_of_reach: Vec::new(),
    };
    for control in catalog.controls() {
        let inputs = control.measure.inputs();
        if inputs.is_empty() {
            continue;
        }
        let id = control.info.id.clone();
        let title = control.info.title.clone();
        if !assessment.assessed(&inputs) {
            let refused = inputs
                .iter()
                .find_map(|(_, key)| assessment.not_assessed.get(*key).cloned());
            match refused {
                Some(why) => result.not_assessed.push(Unassessed { id, title, why }),
                None => {
                    let how = inputs
                        .iter()
                        .map(|(_, key)| out_of_reach(key))
                        .next()
                        .unwrap_or_default();
                    result.out_of_reach.push(Unassessed {
                        id,
                        title,
                        why: format!(
                            "Microsoft Graph v1.0 does not expose it. To include it: {how}."
                        ),
                    });
                }
            }
            continue;
        }
        let Some(scored) = day.and_then(|d| d.control(&id)) else {
            continue;
        };
        let microsoft_control =
            theirs.and_then(|d| d.controls.iter().find(|c| c.id.eq_ignore_ascii_case(&id)));
        let points = Points {
            earned: scored.earned,
            possible: scored.possible,
        };
        result.score = add(result.score, points);
        if let Some(m) = microsoft_control {
            let sum = result.microsoft_score.unwrap_or_default();
            result.microsoft_score = Some(add(
                sum,
                Points {
                    earned: m.earned,
                    possible: m.possible,
                },
            ));
        }
        result.controls.push(AssessedControl {
            evidence: inputs
                .iter()
                .map(|(_, key)| *key)
                .chain(Read::related(&id).iter().copied())
                .filter_map(|key| assessment.evidence.get(key).cloned())
                .collect(),
            id,
            title,
            category: control.info.category,
            ours: scored.state,
            points,
            note: scored.note.clone(),
            microsoft: microsoft_control.map(|m| m.state),
        });
    }
    result
}
