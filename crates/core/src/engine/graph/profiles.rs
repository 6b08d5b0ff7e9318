//! `GET /security/secureScoreControlProfiles`: the details of every control
//! (title, points possible, remediation, ...) and its admin-set state.

use super::envelope::{expect_object, identifier};
use super::skipped::Skipped;
use crate::engine::detect::fields;
use crate::engine::error::ImportError;
use crate::engine::json::Node;
use crate::engine::model::Level;
use crate::engine::model::StateUpdate;
use crate::engine::state::sort_updates;

/// A Graph `secureScoreControlProfile`.
#[derive(Clone, Debug, PartialEq)]
pub struct GraphProfile {
    /// Matches `controlScores[].controlName`.
    pub id: String,
    /// The id when no title is given.
    pub title: String,
    /// `maxScore`: points possible (0 for a [Not Scored] action).
    pub max_score: f64,
    pub rank: Option<u32>,
    /// `service` as written ("EXO", "AzureAD", "MDA_SF", ...), may be empty.
    pub service: String,
    pub tier: String,
    pub action_type: String,
    pub action_url: Option<String>,
    pub user_impact: Level,
    pub implementation_cost: Level,
    /// Display text ("Account breach"; Graph's "accountBreach" is spelled out).
    pub threats: Vec<String>,
    /// HTML, kept as is: untrusted.
    pub remediation: String,
    /// HTML, kept as is: untrusted.
    pub remediation_impact: String,
    /// Empty when not given (Graph rarely gives it; scores do).
    pub description: String,
    pub deprecated: bool,
    /// `controlCategory` as written.
    pub category: String,
    /// Its `controlStateUpdates`, oldest first.
    pub updates: Vec<StateUpdate>,
}

/// Reads the control profiles of a list (see [`locate`](super::locate)):
/// each one with its id and points possible is kept, without the optional
/// parts it cannot use; `skipped` notes what was left out.
pub(super) fn parse_profile_list(entities: &[Node], skipped: &mut Skipped) -> Vec<GraphProfile> {
    entities
        .iter()
        .filter_map(|node| {
            let mut parts = Skipped::default();
            let read = parse_profile(node, &mut parts);
            skipped.record(read, parts)
        })
        .collect()
}

/// One profile: an error without its id or points possible; its optional
/// parts that cannot be used are noted in `parts`, by id.
fn parse_profile(node: &Node, parts: &mut Skipped) -> Result<GraphProfile, ImportError> {
    expect_object(node, "a control profile")?;
    let id = node.required(fields::ID, identifier)?;
    let max_score = node.required(fields::MAX_SCORE, Node::points)?;
    let mut text = |key: &str| -> String {
        parts
            .optional(node, key, &id, Node::text)
            .unwrap_or_default()
    };
    let title = non_empty(text(fields::TITLE)).unwrap_or_else(|| id.clone());
    let service = text(fields::SERVICE).trim().to_string();
    let tier = text(fields::TIER);
    let action_type = text(fields::ACTION_TYPE);
    let action_url = non_empty(text(fields::ACTION_URL));
    let user_impact = Level::parse(&text(fields::USER_IMPACT));
    let implementation_cost = Level::parse(&text(fields::IMPLEMENTATION_COST));
    let remediation = text(fields::REMEDIATION);
    let remediation_impact = text(fields::REMEDIATION_IMPACT);
    let description = text(fields::DESCRIPTION);
    let category = text(fields::CONTROL_CATEGORY);
    let rank = parts
        .optional(node, fields::RANK, &id, Node::whole)
        .map(|rank| u32::try_from(rank).unwrap_or(u32::MAX));
    let threats = parts
        .optional(node, fields::THREATS, &id, Node::texts)
        .unwrap_or_default()
        .iter()
        .map(|threat| threat_label(threat))
        .filter(|threat| !threat.is_empty())
        .collect();
    let deprecated = parts.optional(node, fields::DEPRECATED, &id, Node::flag);
    let updates = state_updates(node).unwrap_or_else(|error| {
        parts.part(fields::CONTROL_STATE_UPDATES, &id, error);
        Vec::new()
    });
    Ok(GraphProfile {
        title,
        max_score,
        rank,
        service,
        tier,
        action_type,
        action_url,
        user_impact,
        implementation_cost,
        threats,
        remediation,
        remediation_impact,
        description,
        deprecated: deprecated.unwrap_or(false),
        category,
        updates,
        id,
    })
}

/// `Some(text)` unless blank.
fn non_empty(text: String) -> Option<String> {
    (!text.trim().is_empty()).then_some(text)
}

/// Every `controlStateUpdates` entry, oldest first.
fn state_updates(node: &Node) -> Result<Vec<StateUpdate>, ImportError> {
    let Some(list) = node.get(fields::CONTROL_STATE_UPDATES) else {
        return Ok(Vec::new());
    };
    let mut updates = list
        .items()?
        .iter()
        .map(|update| {
            let text = |key: &str| -> Result<String, ImportError> {
                Ok(update.optional(key, Node::text)?.unwrap_or_default())
            };
            Ok(StateUpdate::read(
                &text(fields::STATE)?,
                &text(fields::COMMENT)?,
                &text(fields::UPDATED_BY)?,
                &text(fields::ASSIGNED_TO)?,
                update.optional(fields::UPDATED_DATE_TIME, Node::date_time)?,
            ))
        })
        .collect::<Result<Vec<_>, ImportError>>()?;
    sort_updates(&mut updates);
    Ok(updates)
}

/// Graph's enum spelling ("phishingOrWhaling") as display text ("Phishing
/// or whaling"); text with spaces ("Account breach") is kept.
fn threat_label(threat: &str) -> String {
    let threat = threat.trim();
    if threat.contains(' ') {
        return threat.to_string();
    }
    let mut label = String::with_capacity(threat.len().saturating_add(4));
    for (index, c) in threat.chars().enumerate() {
        if index == 0 {
            label.push(c.to_ascii_uppercase());
        } else if c.is_ascii_uppercase() {
            label.push(' ');
            label.push(c.to_ascii_lowercase());
        } else {
            label.push(c);
        }
    }
    label
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::graph::parse_graph;
    use crate::engine::model::Status;
    use serde_json::{json, Value};

    /// The profiles of a document, which must be read without any warning.
    fn parse_profiles(value: &Value) -> Result<Vec<GraphProfile>, ImportError> {
        parse_graph(value).map(|data| {
            assert_eq!(data.warnings, Vec::<String>::new());
            data.profiles
        })
    }

    fn one(value: Value) -> GraphProfile {
        match parse_profiles(&value) {
            Ok(mut profiles) if profiles.len() == 1 => profiles.remove(0),
            other => panic!("expected one profile, got {other:?}"),
        }
    }

    #[test]
    fn reads_the_fields_with_their_quirks() {
        let profile = one(json!({
            "Id": "aad_x", "Title": "Do X", "MaxScore": "10", "Rank": 3, "Service": "AzureAD",
            "Tier": "Core", "ActionType": "Config", "ActionUrl": "",
            "UserImpact": "low", "ImplementationCost": "Medium",
            "Threats": ["accountBreach", "Data Exfiltration", ""],
            "Remediation": "<p>Do</p>", "Deprecated": "false", "ControlCategory": "Identity"
        }));
        assert_eq!(profile.id, "aad_x");
        assert_eq!(profile.max_score, 10.0);
        assert_eq!(profile.rank, Some(3));
        assert_eq!(profile.action_url, None);
        assert_eq!(
            (profile.user_impact, profile.implementation_cost),
            (Level::Low, Level::Moderate)
        );
        assert_eq!(profile.threats, ["Account breach", "Data Exfiltration"]);
        assert_eq!(profile.remediation, "<p>Do</p>");
        assert!(!profile.deprecated);
        assert_eq!(profile.updates, Vec::new());
    }

    #[test]
    fn title_defaults_to_id_and_levels_to_unknown() {
        let profile = one(
            json!({"id": "x", "maxScore": 0, "actionType": "Config", "userImpact": null, "rank": 1e12}),
        );
        assert_eq!(profile.title, "x");
        assert_eq!(profile.user_impact, Level::Unknown);
        assert_eq!(profile.rank, Some(u32::MAX));
    }

    #[test]
    fn reads_every_state_update_oldest_first() {
        let profile = one(
            json!({"id": "x", "maxScore": 1, "title": "X", "controlStateUpdates": [
                {"state": "Ignored", "updatedDateTime": "2024-03-01T00:00:00Z",
                 "comment": "Risk accepted, until 2024-06-30: pilot", "updatedBy": "a@contoso.example",
                 "assignedTo": "b@contoso.example"},
                {"state": "ThirdParty", "updatedDateTime": "2024-01-01T00:00:00Z"},
                {"state": "Default"}
            ]}),
        );
        let states: Vec<(&str, Status)> = profile
            .updates
            .iter()
            .map(|u| (u.state.as_str(), u.status))
            .collect();
        assert_eq!(
            states,
            [
                ("Default", Status::ToAddress),
                ("ThirdParty", Status::ThirdParty),
                ("Ignored", Status::RiskAccepted)
            ]
        );
        let newest = &profile.updates[2];
        assert_eq!(newest.reason, "pilot");
        assert_eq!(
            newest.expires.map(|d| d.to_string()),
            Some("2024-06-30".to_string())
        );
        assert_eq!(newest.updated_by, "a@contoso.example");
        assert_eq!(newest.assigned_to, "b@contoso.example");
    }

    #[test]
    fn missing_id_or_max_score_is_an_error() {
        let no_id = parse_profiles(&json!({"value": [{"maxScore": 1, "title": "X"}]}));
        assert_eq!(
            no_id,
            Err(ImportError::new(
                "value[0].id",
                "this required field is missing"
            ))
        );
        let no_max =
            parse_profiles(&json!([{"id": "x", "title": "X"}, {"maxScore": 1, "title": "Y"}]));
        assert_eq!(
            no_max,
            Err(ImportError::new(
                "[0].maxScore",
                "this required field is missing"
            ))
        );
        let negative = parse_profiles(&json!([{"id": "x", "maxScore": "-5", "title": "X"}]));
        assert_eq!(
            negative.map_err(|e| e.path),
            Err("[0].maxScore".to_string())
        );
    }
}
