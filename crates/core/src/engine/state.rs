//! Microsoft's own action states (Graph `controlStateUpdates`): what each
//! means here, the comment this app writes beside a state and reads back,
//! and which state applied on a given day.
//!
//! | this app | Graph `state` | the comment starts with |
//! |---|---|---|
//! | To address | `Default` | (nothing) |
//! | Planned | `Default` | `Planned` |
//! | Risk accepted | `Ignored` | `Risk accepted` |
//! | Resolved through third party | `ThirdParty` | `Resolved through third party` |
//! | Resolved through alternate mitigation | `Reviewed` | `Resolved through alternate mitigation` |
//!
//! Graph documents four states; Planned has none, so it travels as
//! `Default` with its label in the comment. The comment reads as a sentence
//! in Microsoft's portal: `Risk accepted, until 2027-03-31: the scanner
//! needs SMTP AUTH`.

use chrono::{DateTime, NaiveDate, Utc};

use super::model::{StateUpdate, Status, TenantHistory};
use super::sort::sort_by_key;
use super::status::AdminStatus;

// The type is the model's (a control's info holds its updates); reading
// one from Graph's fields, with this module's mapping, is here.
impl StateUpdate {
    /// Reads one entry from its Graph fields.
    pub fn read(
        state: &str,
        comment: &str,
        updated_by: &str,
        assigned_to: &str,
        updated: Option<DateTime<Utc>>,
    ) -> StateUpdate {
        let from_state = from_graph(state);
        let said = read_comment(comment);
        let status = match (from_state, said.status) {
            (Status::ToAddress, Some(Status::Planned)) => Status::Planned,
            _ => from_state,
        };
        StateUpdate {
            status,
            state: state.trim().to_string(),
            reason: said.reason,
            expires: said.expires,
            updated_by: updated_by.trim().to_string(),
            assigned_to: assigned_to.trim().to_string(),
            updated,
        }
    }
}

/// Sorts updates oldest first (undated ones before every dated one, in
/// their order): the order [`applying_on`] and the history views expect.
pub fn sort_updates(updates: &mut [StateUpdate]) {
    sort_by_key(updates, |u| u.updated);
}

/// The update in force on `day` (updates sorted by [`sort_updates`]): the
/// newest dated on or before it; `None` before the first.
pub fn applying_on(updates: &[StateUpdate], day: NaiveDate) -> Option<&StateUpdate> {
    updates
        .iter()
        .rev()
        .find(|u| u.since().is_none_or(|since| since <= day))
}

/// The data's status of a control on `day`, from its sorted updates.
pub fn data_status_on(updates: &[StateUpdate], day: NaiveDate) -> Status {
    applying_on(updates, day).map_or(Status::ToAddress, |u| u.status_on(day))
}

/// The data's status of a control on the newest day of its history: the
/// latest state, even one set after that day's score was taken (it is the
/// state the admin sees in Microsoft's portal now).
pub fn newest_status_on(updates: &[StateUpdate], day: NaiveDate) -> Status {
    updates
        .last()
        .map_or(Status::ToAddress, |u| u.status_on(day))
}

/// Adds a state Microsoft 365 accepted (saved from this app) to a
/// history: to the control's updates, and to its newest day's status.
pub fn record_update(history: &mut TenantHistory, control: &str, update: StateUpdate) {
    let Some(info) = history.controls.iter_mut().find(|c| c.id == control) else {
        return;
    };
    info.state_updates.push(update);
    sort_updates(&mut info.state_updates);
    let updates = info.state_updates.clone();
    if let Some(day) = history.days.last_mut() {
        let date = day.date;
        if let Some(score) = day.controls.iter_mut().find(|c| c.id == control) {
            score.data_status = newest_status_on(&updates, date);
        }
    }
}

/// Whether a control's state can be saved to Microsoft 365: Defender for
/// Endpoint's recommendations (`scid_…`) take theirs from Defender
/// Vulnerability Management's exceptions, not from `controlStateUpdates`
/// (tools that write states refuse them too). The error says where to go.
pub fn writable(control: &str) -> Result<(), &'static str> {
    if control.trim().to_ascii_lowercase().starts_with("scid_") {
        Err(
            "This is a Microsoft Defender for Endpoint recommendation: its status is set as an \
             exception in Microsoft Defender Vulnerability Management, not through Secure Score.",
        )
    } else {
        Ok(())
    }
}

/// Maps a Graph `state` to a status, case-insensitively (also the spelled
/// out names some exports use); unknown states are To address.
pub fn from_graph(state: &str) -> Status {
    match state.trim().to_ascii_lowercase().as_str() {
        "ignored" | "riskaccepted" | "risk accepted" => Status::RiskAccepted,
        "thirdparty" | "third party" => Status::ThirdParty,
        "alternatemitigation" | "alternate mitigation" | "reviewed" => Status::AlternateMitigation,
        "planned" => Status::Planned,
        _ => Status::ToAddress,
    }
}

/// The Graph `state` that carries a status (see the module table).
pub fn to_graph(status: Status) -> &'static str {
    match status {
        Status::ToAddress | Status::Planned => "Default",
        Status::RiskAccepted => "Ignored",
        Status::ThirdParty => "ThirdParty",
        Status::AlternateMitigation => "Reviewed",
    }
}

/// The comment written with a status: its label, expiry and reason.
pub fn write_comment(status: &AdminStatus) -> String {
    if status.status == Status::ToAddress {
        return status.reason.trim().to_string();
    }
    let mut comment = status.status.label().to_string();
    if let Some(last) = status.expires {
        comment.push_str(&format!(", until {last}"));
    }
    let reason = status.reason.trim();
    if !reason.is_empty() {
        comment.push_str(": ");
        comment.push_str(reason);
    }
    comment
}

/// What a comment says: the status it names (when written as
/// [`write_comment`] writes), its expiry, and the rest as the reason.
#[derive(Debug, PartialEq)]
pub struct Comment {
    pub status: Option<Status>,
    pub expires: Option<NaiveDate>,
    pub reason: String,
}

/// Reads a comment back; any other text is all reason.
pub fn read_comment(comment: &str) -> Comment {
    let text = comment.trim();
    let plain = || Comment {
        status: None,
        expires: None,
        reason: text.to_string(),
    };
    let Some((status, rest)) = Status::ALL
        .into_iter()
        .filter(|s| *s != Status::ToAddress)
        .find_map(|s| strip_prefix_ignoring_case(text, s.label()).map(|rest| (s, rest)))
    else {
        return plain();
    };
    let (expires, rest) = match rest.strip_prefix(", until ") {
        Some(after) => {
            let date = after.get(..10).and_then(|d| d.parse::<NaiveDate>().ok());
            match date {
                Some(date) => (Some(date), &after[10..]),
                None => return plain(),
            }
        }
        None => (None, rest),
    };
    let reason = if rest.is_empty() {
        ""
    } else if let Some(reason) = rest.strip_prefix(':') {
        reason.trim()
    } else {
        return plain();
    };
    Comment {
        status: Some(status),
        expires,
        reason: reason.to_string(),
    }
}

fn strip_prefix_ignoring_case<'t>(text: &'t str, prefix: &str) -> Option<&'t str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &text[prefix.len()..])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    fn at(day: NaiveDate) -> Option<DateTime<Utc>> {
        day.and_hms_opt(15, 30, 0).map(|t| t.and_utc())
    }

    fn admin(status: Status, reason: &str, expires: Option<NaiveDate>) -> AdminStatus {
        AdminStatus {
            reason: reason.to_string(),
            expires,
            ..AdminStatus::new(status)
        }
    }

    #[test]
    fn every_status_round_trips_through_state_and_comment() {
        for status in Status::ALL {
            for (reason, expires) in [
                ("", None),
                ("the scanner needs SMTP AUTH: until replaced", None),
                ("covered by Contoso EDR", Some(date(2027, 3, 31))),
            ] {
                let set = admin(status, reason, expires);
                let back = StateUpdate::read(
                    to_graph(status),
                    &write_comment(&set),
                    "admin@contoso.example",
                    "",
                    None,
                );
                assert_eq!(back.status, status, "{status:?} {reason:?}");
                assert_eq!(back.reason, reason, "{status:?}");
                let kept_expiry = if status == Status::ToAddress {
                    None
                } else {
                    expires
                };
                assert_eq!(back.expires, kept_expiry, "{status:?}");
            }
        }
    }

    #[test]
    fn comments_read_as_sentences_in_the_portal() {
        let set = admin(
            Status::RiskAccepted,
            "the scanner needs SMTP AUTH",
            Some(date(2027, 3, 31)),
        );
        assert_eq!(
            write_comment(&set),
            "Risk accepted, until 2027-03-31: the scanner needs SMTP AUTH"
        );
        assert_eq!(write_comment(&admin(Status::Planned, "", None)), "Planned");
    }

    #[test]
    fn graph_states_map_to_statuses_and_back() {
        assert_eq!(from_graph("Ignored"), Status::RiskAccepted);
        assert_eq!(from_graph(" thirdParty "), Status::ThirdParty);
        assert_eq!(from_graph("Reviewed"), Status::AlternateMitigation);
        assert_eq!(from_graph("Default"), Status::ToAddress);
        assert_eq!(from_graph("something new"), Status::ToAddress);
        assert_eq!(to_graph(Status::Planned), "Default");
        assert_eq!(to_graph(Status::RiskAccepted), "Ignored");
        assert_eq!(to_graph(Status::AlternateMitigation), "Reviewed");
    }

    #[test]
    fn defender_for_endpoint_recommendations_are_not_written() {
        assert!(writable("scid_2010").is_err_and(|why| why.contains("Vulnerability Management")));
        assert!(writable(" SCID_91 ").is_err());
        assert_eq!(writable("AdminMFAV2"), Ok(()));
    }

    #[test]
    fn the_state_wins_over_a_comment_that_names_another_status() {
        // Changed in the portal to Third party, comment left as it was.
        let update = StateUpdate::read("ThirdParty", "Risk accepted: old reason", "", "", None);
        assert_eq!(update.status, Status::ThirdParty);
        assert_eq!(update.reason, "old reason");
        // Planned only rides on Default.
        let update = StateUpdate::read("Ignored", "Planned: next quarter", "", "", None);
        assert_eq!(update.status, Status::RiskAccepted);
    }

    #[test]
    fn other_comments_are_all_reason() {
        for text in [
            "Handled by the SOC",
            "Planned? not yet",
            "Risk accepted, until soon: x",
            "Risk acceptedness",
        ] {
            let read = read_comment(text);
            assert_eq!(read.status, None, "{text}");
            assert_eq!(read.reason, text);
        }
    }

    #[test]
    fn each_state_applies_from_its_day_on() {
        let mut updates = vec![
            StateUpdate::read("ThirdParty", "", "b@x", "", at(date(2024, 3, 10))),
            StateUpdate::read("Ignored", "", "a@x", "", at(date(2024, 3, 1))),
        ];
        sort_updates(&mut updates);
        assert_eq!(
            data_status_on(&updates, date(2024, 2, 28)),
            Status::ToAddress
        );
        assert_eq!(
            data_status_on(&updates, date(2024, 3, 1)),
            Status::RiskAccepted
        );
        assert_eq!(
            data_status_on(&updates, date(2024, 3, 9)),
            Status::RiskAccepted
        );
        assert_eq!(
            data_status_on(&updates, date(2024, 3, 10)),
            Status::ThirdParty
        );
        assert_eq!(
            applying_on(&updates, date(2024, 3, 5)).map(|u| u.updated_by.as_str()),
            Some("a@x")
        );
    }

    #[test]
    fn undated_states_apply_every_day_until_a_dated_one() {
        let mut updates = vec![
            StateUpdate::read("Ignored", "", "", "", at(date(2024, 3, 10))),
            StateUpdate::read("ThirdParty", "", "", "", None),
        ];
        sort_updates(&mut updates);
        assert_eq!(
            data_status_on(&updates, date(2020, 1, 1)),
            Status::ThirdParty
        );
        assert_eq!(
            data_status_on(&updates, date(2024, 3, 10)),
            Status::RiskAccepted
        );
    }

    #[test]
    fn a_saved_state_lands_on_the_newest_day_only() {
        use crate::engine::model::{Category, Service};
        use crate::engine::synthetic::{control_score, day_score};
        let control = control_score("a", Category::Identity, 0.0, 5.0);
        let mut history = TenantHistory {
            tenant: Default::default(),
            origin: crate::engine::model::Origin::Graph,
            days: vec![
                day_score(
                    date(2024, 3, 1),
                    vec![Service::EntraId],
                    vec![control.clone()],
                ),
                day_score(
                    date(2024, 3, 2),
                    vec![Service::EntraId],
                    vec![control.clone()],
                ),
            ],
            controls: vec![crate::engine::queue::minimal_info(&control)],
            warnings: Vec::new(),
        };
        let saved = StateUpdate::read("ThirdParty", "", "me@x", "", at(date(2024, 3, 4)));
        record_update(&mut history, "a", saved.clone());
        assert_eq!(history.controls[0].state_updates, vec![saved]);
        assert_eq!(history.days[0].controls[0].data_status, Status::ToAddress);
        assert_eq!(history.days[1].controls[0].data_status, Status::ThirdParty);
    }

    #[test]
    fn a_state_with_an_expiry_lapses_the_day_after() {
        let updates = vec![StateUpdate::read(
            "Ignored",
            "Risk accepted, until 2024-03-05: pilot",
            "",
            "",
            at(date(2024, 3, 1)),
        )];
        assert_eq!(
            data_status_on(&updates, date(2024, 3, 5)),
            Status::RiskAccepted
        );
        assert_eq!(
            data_status_on(&updates, date(2024, 3, 6)),
            Status::ToAddress
        );
    }
}
