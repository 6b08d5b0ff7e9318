//! `GET /security/secureScores`: one entity per day, with the score of
//! every control that day.

use chrono::{DateTime, Utc};

use super::envelope::{expect_object, identifier};
use super::skipped::Skipped;
use crate::engine::detect::fields;
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

/// Reads the secureScores of a list (see [`locate`](super::locate)): each
/// one with its date, scores and control names is kept, without the
/// optional parts it cannot use; `skipped` notes what was left out.
pub(super) fn parse_score_list(entities: &[Node], skipped: &mut Skipped) -> Vec<GraphScore> {
    entities
        .iter()
        .filter_map(|node| {
            let mut parts = Skipped::default();
            let read = parse_score(node, &mut parts);
            skipped.record(read, parts)
        })
        .collect()
}

/// One secureScore: an error when it lacks what the score needs; its
/// optional parts that cannot be used are noted in `parts`, by date.
fn parse_score(node: &Node, parts: &mut Skipped) -> Result<GraphScore, ImportError> {
    expect_object(node, "a secureScore")?;
    let created = node.required(fields::CREATED_DATE_TIME, Node::date_time)?;
    let current_score = node.optional(fields::CURRENT_SCORE, Node::points)?;
    let max_score = node.optional(fields::MAX_SCORE, Node::points)?;
    let day = created.date_naive().to_string();
    let controls = match node.get(fields::CONTROL_SCORES) {
        Some(list) => list
            .items()?
            .iter()
            .map(|control| parse_control(control, &day, parts))
            .collect::<Result<_, _>>()?,
        None => Vec::new(),
    };
    let comparisons = match node.get(fields::AVERAGE_COMPARATIVE_SCORES) {
        Some(list) => parse_comparisons(&list, &day, parts),
        None => Vec::new(),
    };
    let id = parts.optional(node, fields::ID, &day, Node::text);
    let tenant_id = parts.optional(node, fields::AZURE_TENANT_ID, &day, Node::text);
    let enabled_services = parts.optional(node, fields::ENABLED_SERVICES, &day, Node::texts);
    let mut count = |field: &str| parts.optional(node, field, &day, Node::whole);
    Ok(GraphScore {
        id: id.unwrap_or_default(),
        tenant_id: tenant_id.unwrap_or_default(),
        created,
        current_score,
        max_score,
        enabled_services: enabled_services.unwrap_or_default(),
        licensed_users: count(fields::LICENSED_USER_COUNT),
        active_users: count(fields::ACTIVE_USER_COUNT),
        comparisons,
        controls,
    })
}

/// One entry of `controlScores`: an error without its name or score.
fn parse_control(
    node: &Node,
    day: &str,
    parts: &mut Skipped,
) -> Result<GraphControlScore, ImportError> {
    expect_object(node, "a control score")?;
    let name = node.required(fields::CONTROL_NAME, identifier)?;
    let score = node.required(fields::SCORE, Node::points)?;
    let list = fields::CONTROL_SCORES;
    let mut text = |key: &str| {
        parts
            .optional_in(list, node, key, day, Node::text)
            .unwrap_or_default()
    };
    let category = text(fields::CONTROL_CATEGORY);
    let description = text(fields::DESCRIPTION);
    let implementation_status = text(fields::IMPLEMENTATION_STATUS);
    let mut points = |key: &str| parts.optional_in(list, node, key, day, Node::points);
    Ok(GraphControlScore {
        name,
        category,
        score,
        description,
        score_in_percentage: points(fields::SCORE_IN_PERCENTAGE),
        implementation_status,
        count: points(fields::COUNT),
        total: points(fields::TOTAL),
        on: parts.optional_in(list, node, fields::ON, day, Node::flag),
    })
}

/// The comparisons, identified by `basis` (never by position); entries
/// without a basis or an average score are skipped, and so are those that
/// cannot be used (Graph writes `-1` for an average it does not have),
/// noted in `parts`.
fn parse_comparisons(list: &Node, day: &str, parts: &mut Skipped) -> Vec<Comparison> {
    let entries = match list.items() {
        Ok(entries) => entries,
        Err(error) => {
            parts.part(fields::AVERAGE_COMPARATIVE_SCORES, day, error);
            return Vec::new();
        }
    };
    let mut comparisons: Vec<Comparison> = entries
        .iter()
        .filter_map(|entry| {
            parse_comparison(entry).unwrap_or_else(|error| {
                parts.part(fields::AVERAGE_COMPARATIVE_SCORES, day, error);
                None
            })
        })
        .collect();
    sort_comparisons(&mut comparisons);
    comparisons
}

/// One comparison, `None` without a basis or an average score.
fn parse_comparison(entry: &Node) -> Result<Option<Comparison>, ImportError> {
    let Some(basis) = entry.optional(fields::BASIS, Node::text)? else {
        return Ok(None);
    };
    let Some(average_score) = entry.optional(fields::AVERAGE_SCORE, Node::points)? else {
        return Ok(None);
    };
    let mut categories = Vec::new();
    for category in Category::ALL {
        let (score_key, max_key) = category_fields(category);
        if let Some(score) = entry.optional(score_key, Node::points)? {
            let max = entry.optional(max_key, Node::points)?;
            categories.push((category, score, max.unwrap_or(0.0)));
        }
    }
    // The fields of a label are read for their basis only.
    let kind = Basis::of(&basis);
    let seats = if kind == Basis::Seats {
        (
            entry.optional(fields::SEAT_SIZE_RANGE_LOWER_VALUE, Node::whole)?,
            entry.optional(fields::SEAT_SIZE_RANGE_UPPER_VALUE, Node::whole)?,
        )
    } else {
        (None, None)
    };
    let industry = if kind == Basis::Industry {
        entry.optional(fields::CATEGORY_VALUE, Node::text)?
    } else {
        None
    };
    let label = kind.label(&basis, seats, industry.as_deref());
    Ok(Some(Comparison {
        label,
        basis,
        average_score,
        categories,
    }))
}

/// A comparison's fields of a category: its average points and points
/// possible.
fn category_fields(category: Category) -> (&'static str, &'static str) {
    match category {
        Category::Identity => (fields::IDENTITY_SCORE, fields::IDENTITY_SCORE_MAX),
        Category::Data => (fields::DATA_SCORE, fields::DATA_SCORE_MAX),
        Category::Device => (fields::DEVICE_SCORE, fields::DEVICE_SCORE_MAX),
        Category::Apps => (fields::APPS_SCORE, fields::APPS_SCORE_MAX),
        Category::Infrastructure => (
            fields::INFRASTRUCTURE_SCORE,
            fields::INFRASTRUCTURE_SCORE_MAX,
        ),
    }
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
    use crate::engine::graph::{parse_graph, GraphData};
    use serde_json::{json, Value};

    fn ok<T: std::fmt::Debug>(result: Result<T, ImportError>) -> T {
        match result {
            Ok(value) => value,
            Err(error) => panic!("unexpected error: {error}"),
        }
    }

    /// The scores of a document, which must be read without any warning.
    fn parse_scores(value: &Value) -> Result<Vec<GraphScore>, ImportError> {
        parse_graph(value).map(|data| {
            assert_eq!(data.warnings, Vec::<String>::new());
            data.scores
        })
    }

    fn score(extra: Value) -> Value {
        let mut base = json!({"createdDateTime": "2024-01-01T00:00:00Z", "controlScores": []});
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
        let not_object = parse_scores(&json!([3, {"currentScore": 1}]));
        assert_eq!(
            not_object,
            Err(ImportError::new(
                "[0]",
                "expected a secureScore (an object), found the number 3"
            ))
        );
        // An unusable comparison is left out, the day kept.
        let seats = parse_graph(&score(json!({"averageComparativeScores": [
            {"basis": "TotalSeats", "averageScore": 1, "SeatSizeRangeLowerValue": "many"},
            {"basis": "AllTenants", "averageScore": 2}]})));
        let GraphData {
            scores, warnings, ..
        } = ok(seats);
        assert_eq!(scores[0].comparisons.len(), 1);
        assert_eq!(
            warnings,
            ["averageComparativeScores skipped on 1 day (2024-01-01): \
              averageComparativeScores[0].SeatSizeRangeLowerValue: expected a number, found \
              the text \"many\"."]
        );
    }
}
