//! `GET /security/secureScores`: one entity per day, with the score of
//! every control that day.

use chrono::{DateTime, Utc};
use serde_json::Value;

use super::envelope::{entries, expect_object, identifier};
use crate::engine::error::ImportError;
use crate::engine::json::Node;
use crate::engine::model::{Category, Comparison};
use crate::engine::sort::sort_by_key;

/// A Graph `secureScore`: the tenant's score as computed at `created`.
#[derive(Clone, Debug, PartialEq)]
pub struct GraphScore {
    pub id: String,
    /// `azureTenantId`, empty when not given.
    pub tenant_id: String,
    /// `createdDateTime`: when Microsoft computed it.
    pub created: DateTime<Utc>,
    /// `currentScore`, as Microsoft reports it.
    pub current_score: Option<f64>,
    /// `maxScore`, as Microsoft reports it.
    pub max_score: Option<f64>,
    /// `enabledServices` as written ("HasEXOP2", ...).
    pub enabled_services: Vec<String>,
    pub licensed_users: Option<u64>,
    pub active_users: Option<u64>,
    /// `averageComparativeScores`, in the order All organizations, seats,
    /// industry, then any other basis as given.
    pub comparisons: Vec<Comparison>,
    pub controls: Vec<GraphControlScore>,
}

/// One entry of a secureScore's `controlScores`.
#[derive(Clone, Debug, PartialEq)]
pub struct GraphControlScore {
    /// `controlName`, never empty: the id of the control profile.
    pub name: String,
    /// `controlCategory` as written, empty when not given.
    pub category: String,
    /// `score`: points earned.
    pub score: f64,
    /// May hold HTML: untrusted.
    pub description: String,
    /// `scoreInPercentage`, 0..100.
    pub score_in_percentage: Option<f64>,
    /// May hold HTML: untrusted.
    pub implementation_status: String,
    pub count: Option<f64>,
    pub total: Option<f64>,
    pub on: Option<bool>,
}

/// Reads every secureScore of a response in any envelope (page, array of
/// pages, bare array, single object; any key case). An empty page gives an
/// empty list.
pub fn parse_scores(value: &Value) -> Result<Vec<GraphScore>, ImportError> {
    entries(&Node::root(value))
        .iter()
        .map(parse_score)
        .collect()
}

fn parse_score(node: &Node) -> Result<GraphScore, ImportError> {
    expect_object(node, "a secureScore")?;
    let controls = match node.get("controlScores") {
        Some(list) => list
            .items()?
            .iter()
            .map(parse_control)
            .collect::<Result<_, _>>()?,
        None => Vec::new(),
    };
    let comparisons = match node.get("averageComparativeScores") {
        Some(list) => parse_comparisons(&list)?,
        None => Vec::new(),
    };
    Ok(GraphScore {
        id: node.optional("id", Node::text)?.unwrap_or_default(),
        tenant_id: node
            .optional("azureTenantId", Node::text)?
            .unwrap_or_default(),
        created: node.required("createdDateTime", Node::date_time)?,
        current_score: node.optional("currentScore", Node::points)?,
        max_score: node.optional("maxScore", Node::points)?,
        enabled_services: node
            .optional("enabledServices", Node::texts)?
            .unwrap_or_default(),
        licensed_users: node.optional("licensedUserCount", Node::whole)?,
        active_users: node.optional("activeUserCount", Node::whole)?,
        comparisons,
        controls,
    })
}

fn parse_control(node: &Node) -> Result<GraphControlScore, ImportError> {
    expect_object(node, "a control score")?;
    Ok(GraphControlScore {
        name: node.required("controlName", identifier)?,
        category: node
            .optional("controlCategory", Node::text)?
            .unwrap_or_default(),
        score: node.required("score", Node::points)?,
        description: node
            .optional("description", Node::text)?
            .unwrap_or_default(),
        score_in_percentage: node.optional("scoreInPercentage", Node::points)?,
        implementation_status: node
            .optional("implementationStatus", Node::text)?
            .unwrap_or_default(),
        count: node.optional("count", Node::points)?,
        total: node.optional("total", Node::points)?,
        on: node.optional("on", Node::flag)?,
    })
}

/// The comparisons, identified by `basis` (never by position); entries
/// without a basis or an average score are skipped.
fn parse_comparisons(list: &Node) -> Result<Vec<Comparison>, ImportError> {
    let mut comparisons = Vec::new();
    for entry in list.items()? {
        let Some(basis) = entry.optional("basis", Node::text)? else {
            continue;
        };
        let Some(average_score) = entry.optional("averageScore", Node::points)? else {
            continue;
        };
        let mut categories = Vec::new();
        for category in Category::ALL {
            let key = category.label().to_ascii_lowercase();
            if let Some(score) = entry.optional(&format!("{key}Score"), Node::points)? {
                let max = entry.optional(&format!("{key}ScoreMax"), Node::points)?;
                categories.push((category, score, max.unwrap_or(0.0)));
            }
        }
        // The fields of a label are read for their basis only.
        let kind = Basis::of(&basis);
        let seats = if kind == Basis::Seats {
            (
                entry.optional("SeatSizeRangeLowerValue", Node::whole)?,
                entry.optional("SeatSizeRangeUpperValue", Node::whole)?,
            )
        } else {
            (None, None)
        };
        let industry = if kind == Basis::Industry {
            entry.optional("categoryValue", Node::text)?
        } else {
            None
        };
        let label = kind.label(&basis, seats, industry.as_deref());
        comparisons.push(Comparison {
            label,
            basis,
            average_score,
            categories,
        });
    }
    sort_comparisons(&mut comparisons);
    Ok(comparisons)
}

/// All organizations first, then size, then industry, then the rest (in
/// the order given).
pub(super) fn sort_comparisons(comparisons: &mut [Comparison]) {
    sort_by_key(comparisons, |comparison| Basis::of(&comparison.basis));
}

/// What a comparison compares with, in display order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Basis {
    /// `AllTenants`.
    All,
    /// `TotalSeats`: labelled by its seat range.
    Seats,
    /// `IndustryTypes`: labelled by its `categoryValue`.
    Industry,
    Other,
}

impl Basis {
    /// The basis of a `basis` text, in any case.
    pub(super) fn of(basis: &str) -> Basis {
        [
            ("AllTenants", Basis::All),
            ("TotalSeats", Basis::Seats),
            ("IndustryTypes", Basis::Industry),
        ]
        .into_iter()
        .find(|(name, _)| basis.eq_ignore_ascii_case(name))
        .map_or(Basis::Other, |(_, kind)| kind)
    }

    /// "All organizations", "Organizations with 1–100 seats" (from the
    /// seat range), "Organizations in Healthcare" (from the industry),
    /// "Organizations by X".
    pub(super) fn label(
        self,
        basis: &str,
        (lower, upper): (Option<u64>, Option<u64>),
        industry: Option<&str>,
    ) -> String {
        match self {
            Basis::All => "All organizations".to_string(),
            Basis::Seats => match (lower, upper) {
                (Some(lower), Some(upper)) => format!("Organizations with {lower}–{upper} seats"),
                (Some(lower), None) => format!("Organizations with {lower} or more seats"),
                (None, Some(upper)) => format!("Organizations with up to {upper} seats"),
                (None, None) => "Organizations of a similar size".to_string(),
            },
            Basis::Industry => match industry {
                Some(industry) if !industry.trim().is_empty() => {
                    format!("Organizations in {}", industry.trim())
                }
                _ => "Organizations in the same industry".to_string(),
            },
            Basis::Other => format!("Organizations by {basis}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn ok<T: std::fmt::Debug>(result: Result<T, ImportError>) -> T {
        match result {
            Ok(value) => value,
            Err(error) => panic!("unexpected error: {error}"),
        }
    }

    fn score(extra: Value) -> Value {
        let mut base = json!({"createdDateTime": "2024-01-01T00:00:00Z"});
        if let (Some(base), Value::Object(extra)) = (base.as_object_mut(), extra) {
            base.extend(extra);
        }
        base
    }

    #[test]
    fn reads_the_fields_and_defaults() {
        let value = score(json!({
            "id": "t_2024-01-01", "azureTenantId": "t", "currentScore": 3, "maxScore": "10",
            "enabledServices": ["HasEXOP2"], "licensedUserCount": "25", "activeUserCount": 20,
            "controlScores": [{"controlName": " mdo_x ", "controlCategory": "Apps", "score": "1.5",
                "scoreInPercentage": 50, "count": "1", "total": "2", "on": "true",
                "lastSynced": "2024-01-01T17:12:14Z", "implementationStatus": "<b>ok</b>"}]
        }));
        let scores = ok(parse_scores(&value));
        assert_eq!(scores.len(), 1);
        let first = &scores[0];
        assert_eq!(
            (first.current_score, first.max_score),
            (Some(3.0), Some(10.0))
        );
        assert_eq!(
            (first.licensed_users, first.active_users),
            (Some(25), Some(20))
        );
        let control = &first.controls[0];
        assert_eq!(control.name, "mdo_x");
        assert_eq!(control.score, 1.5);
        assert_eq!(
            (control.count, control.total, control.on),
            (Some(1.0), Some(2.0), Some(true))
        );
        assert_eq!(control.implementation_status, "<b>ok</b>");
        let bare = ok(parse_scores(&score(json!({}))));
        assert_eq!((bare[0].current_score, bare[0].controls.len()), (None, 0));
    }

    #[test]
    fn comparisons_by_basis_in_any_order() {
        let value = score(json!({"averageComparativeScores": [
            {"basis": "IndustryTypes", "averageScore": 40, "categoryValue": "Healthcare"},
            {"basis": "Other", "averageScore": 1},
            {"averageScore": 5},
            {"basis": "TotalSeats", "averageScore": "48.98", "SeatSizeRangeLowerValue": "1",
             "SeatSizeRangeUpperValue": "100", "identityScore": 34.16, "identityScoreMax": 59.5, "dataScore": 0.5},
            {"basis": "AllTenants", "averageScore": 54.65},
            {"basis": "NoAverage"}
        ]}));
        let comparisons = &ok(parse_scores(&value))[0].comparisons;
        let labels: Vec<&str> = comparisons.iter().map(|c| c.label.as_str()).collect();
        assert_eq!(
            labels,
            [
                "All organizations",
                "Organizations with 1–100 seats",
                "Organizations in Healthcare",
                "Organizations by Other"
            ]
        );
        assert_eq!(comparisons[1].average_score, 48.98);
        assert_eq!(
            comparisons[1].categories,
            vec![
                (Category::Identity, 34.16, 59.5),
                (Category::Data, 0.5, 0.0)
            ]
        );
    }

    #[test]
    fn errors_name_the_path() {
        let missing =
            parse_scores(&json!({"value": [score(json!({"controlScores": [{"score": 1}]}))]}));
        assert_eq!(
            missing,
            Err(ImportError::new(
                "value[0].controlScores[0].controlName",
                "this required field is missing"
            ))
        );
        let empty = parse_scores(&score(
            json!({"controlScores": [{"controlName": " ", "score": 1}]}),
        ));
        assert_eq!(
            empty,
            Err(ImportError::new(
                "controlScores[0].controlName",
                "expected an identifier, found empty text"
            ))
        );
        let no_date = parse_scores(&json!([{"currentScore": 1}]));
        assert_eq!(
            no_date,
            Err(ImportError::new(
                "[0].createdDateTime",
                "this required field is missing"
            ))
        );
        let not_object = parse_scores(&json!([3]));
        assert_eq!(
            not_object,
            Err(ImportError::new(
                "[0]",
                "expected a secureScore (an object), found the number 3"
            ))
        );
        let seats = parse_scores(&score(json!({"averageComparativeScores": [
            {"basis": "TotalSeats", "averageScore": 1, "SeatSizeRangeLowerValue": "many"}]})));
        assert_eq!(
            seats.map_err(|e| e.path),
            Err("averageComparativeScores[0].SeatSizeRangeLowerValue".to_string())
        );
    }
}
