//! Statuses an admin sets on actions in this app, and the score they give.
//!
//! The data's own result ([`ControlScore::earned`], [`ControlScore::data_status`])
//! is never changed: the score with the admin's statuses is computed beside it,
//! so pages can show both.
//!
//! Rules, applied literally whatever the data says:
//! - To address and Planned earn what the data gives (Planned only counts in
//!   the projection, see [`crate::engine::plan`]); Planned on a Completed
//!   control therefore changes nothing.
//! - Risk accepted earns 0, even on a control the data says is Completed; the
//!   control stays in the points possible.
//! - Resolved through third party / alternate mitigation earn the full points.
//! - An admin status applies from the day it was set up to and including
//!   its expiry date; outside those days the control has the data's status.
//! - [Not Scored] controls count 0 earned of 0 possible whatever the status.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::model::{Category, ControlScore, ControlState, DayScore, Points, Status};

/// A status an admin set on one action, as persisted in the browser.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminStatus {
    pub status: Status,
    /// Why (expected for Risk accepted); free text.
    #[serde(default)]
    pub reason: String,
    /// Last day the status applies; it lapses the day after.
    #[serde(default)]
    pub expires: Option<NaiveDate>,
    /// The day it was set: it applies from then on (`None`: every day, as
    /// statuses kept before this was recorded).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub since: Option<NaiveDate>,
}

impl AdminStatus {
    /// A status with no reason and no expiry.
    pub fn new(status: Status) -> Self {
        AdminStatus {
            status,
            reason: String::new(),
            expires: None,
            since: None,
        }
    }

    /// The same status, set on `day`.
    pub fn set_on(self, day: NaiveDate) -> Self {
        AdminStatus {
            since: Some(day),
            ..self
        }
    }

    /// True on the days the status applies: from the day it was set
    /// through its expiry.
    pub fn is_active(&self, day: NaiveDate) -> bool {
        self.since.is_none_or(|first_day| first_day <= day)
            && self.expires.is_none_or(|last_day| day <= last_day)
    }

    /// True once its expiry has passed on `today`.
    pub fn has_lapsed(&self, today: NaiveDate) -> bool {
        self.expires.is_some_and(|last_day| today > last_day)
    }
}

/// The admin's statuses by control id. Serializes as a JSON object
/// `{ "<control id>": AdminStatus, ... }`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Overrides {
    statuses: BTreeMap<String, AdminStatus>,
}

impl Overrides {
    /// No statuses set.
    pub fn new() -> Self {
        Overrides::default()
    }

    /// Sets (or replaces) the status of a control. Setting To address is kept:
    /// it overrides a non-default status the data carries.
    pub fn set(&mut self, id: impl Into<String>, status: AdminStatus) {
        self.statuses.insert(id.into(), status);
    }

    /// Removes the admin's status of a control (back to the data's status),
    /// returning it.
    pub fn reset(&mut self, id: &str) -> Option<AdminStatus> {
        self.statuses.remove(id)
    }

    /// Removes every admin status.
    pub fn reset_all(&mut self) {
        self.statuses.clear();
    }

    /// The status set on a control, expired or not.
    pub fn get(&self, id: &str) -> Option<&AdminStatus> {
        self.statuses.get(id)
    }

    /// The status set on a control if it still applies on `today`.
    pub fn active(&self, id: &str, today: NaiveDate) -> Option<&AdminStatus> {
        self.get(id).filter(|s| s.is_active(today))
    }

    /// Every status set, by control id.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &AdminStatus)> {
        self.statuses.iter().map(|(id, s)| (id.as_str(), s))
    }

    /// True when no status is set.
    pub fn is_empty(&self) -> bool {
        self.statuses.is_empty()
    }
}

/// What a statuses file says it is (`"format"`).
pub const FILE_FORMAT: &str = "secure-score-statuses";

/// The statuses an admin keeps in a browser, by tenant id, as a file a
/// team passes on: `{"format": "secure-score-statuses", "version": 1,
/// "tenants": {"<tenant id>": {"<control id>": AdminStatus}}}`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusFile {
    pub format: String,
    pub version: u32,
    pub tenants: BTreeMap<String, Overrides>,
}

impl StatusFile {
    /// The file of these tenants' statuses.
    pub fn new(tenants: BTreeMap<String, Overrides>) -> StatusFile {
        StatusFile {
            format: FILE_FORMAT.to_string(),
            version: 1,
            tenants,
        }
    }

    /// Reads a statuses file; the error says what is wrong with it.
    pub fn read(text: &str) -> Result<StatusFile, String> {
        let file: StatusFile = serde_json::from_str(text.trim_start_matches('\u{feff}'))
            .map_err(|e| format!("this is not a statuses file exported by Secure Score ({e})"))?;
        if file.format != FILE_FORMAT {
            return Err(format!(
                "this file's format is \"{}\", not \"{FILE_FORMAT}\"",
                file.format
            ));
        }
        if file.version != 1 {
            return Err(format!(
                "this statuses file is version {}: this build reads version 1",
                file.version
            ));
        }
        Ok(file)
    }

    /// How many statuses it holds.
    pub fn count(&self) -> usize {
        self.tenants.values().map(|o| o.statuses.len()).sum()
    }
}

impl Overrides {
    /// Adds `other`'s statuses; of a control set in both, `other`'s wins.
    pub fn merge(&mut self, other: Overrides) {
        self.statuses.extend(other.statuses);
    }
}

/// The status that counts for a control on `today`: the admin's unless it
/// expired, else the data's.
pub fn effective_status(control: &ControlScore, overrides: &Overrides, today: NaiveDate) -> Status {
    overrides
        .active(&control.id, today)
        .map_or(control.data_status, |s| s.status)
}

/// Points a control earns under `status` (see the module rules).
pub fn effective_points(control: &ControlScore, status: Status) -> f64 {
    if control.state == ControlState::NotScored {
        return 0.0;
    }
    match status {
        Status::RiskAccepted => 0.0,
        Status::ThirdParty | Status::AlternateMitigation => control.possible,
        Status::ToAddress | Status::Planned => control.earned,
    }
}

/// Points a control earns on `today` with the admin's statuses.
pub fn effective_earned(control: &ControlScore, overrides: &Overrides, today: NaiveDate) -> f64 {
    effective_points(control, effective_status(control, overrides, today))
}

/// Points possible of a control: 0 for [Not Scored].
pub fn scored_possible(control: &ControlScore) -> f64 {
    if control.state == ControlState::NotScored {
        0.0
    } else {
        control.possible
    }
}

/// The day's score with the admin's statuses: earned recomputed with
/// effective points, possible unchanged. `today` decides expiry.
pub fn adjusted_points(day: &DayScore, overrides: &Overrides, today: NaiveDate) -> Points {
    sum_points(day.controls.iter(), overrides, today)
}

/// [`adjusted_points`] per category, in [`Category::ALL`] order, only the
/// categories that have controls that day.
pub fn adjusted_by_category(
    day: &DayScore,
    overrides: &Overrides,
    today: NaiveDate,
) -> Vec<(Category, Points)> {
    Category::ALL
        .into_iter()
        .filter_map(|category| {
            let mut controls = day.controls.iter().filter(|c| c.category == category);
            let first = controls.next()?;
            let points = sum_points(std::iter::once(first).chain(controls), overrides, today);
            Some((category, points))
        })
        .collect()
}

fn sum_points<'a>(
    controls: impl Iterator<Item = &'a ControlScore>,
    overrides: &Overrides,
    today: NaiveDate,
) -> Points {
    controls.fold(Points::default(), |total, c| Points {
        earned: total.earned + effective_earned(c, overrides, today),
        possible: total.possible + scored_possible(c),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::model::Service;
    use crate::engine::synthetic::{control_score as control, day_score};

    fn date(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2024, 5, d).unwrap_or_default()
    }

    fn day(controls: Vec<ControlScore>) -> DayScore {
        day_score(date(1), vec![Service::EntraId], controls)
    }

    fn with(status: Status, expires: Option<NaiveDate>) -> AdminStatus {
        AdminStatus {
            reason: "why".to_string(),
            expires,
            ..AdminStatus::new(status)
        }
    }

    #[test]
    fn points_per_status() {
        let partial = control("a", Category::Identity, 3.0, 10.0);
        assert_eq!(effective_points(&partial, Status::ToAddress), 3.0);
        assert_eq!(effective_points(&partial, Status::Planned), 3.0);
        assert_eq!(effective_points(&partial, Status::RiskAccepted), 0.0);
        assert_eq!(effective_points(&partial, Status::ThirdParty), 10.0);
        assert_eq!(
            effective_points(&partial, Status::AlternateMitigation),
            10.0
        );
    }

    #[test]
    fn completed_control_follows_the_rules_literally() {
        let done = control("a", Category::Identity, 10.0, 10.0);
        // Planned on a completed control changes nothing.
        assert_eq!(effective_points(&done, Status::Planned), 10.0);
        // Risk accepted earns nothing even when the data says completed.
        assert_eq!(effective_points(&done, Status::RiskAccepted), 0.0);
    }

    #[test]
    fn not_scored_earns_nothing_whatever_the_status() {
        let info_only = control("n", Category::Data, 0.0, 0.0);
        assert_eq!(effective_points(&info_only, Status::ThirdParty), 0.0);
        assert_eq!(scored_possible(&info_only), 0.0);
    }

    #[test]
    fn expiry_applies_through_its_day_and_lapses_after() {
        let mut overrides = Overrides::new();
        overrides.set("a", with(Status::RiskAccepted, Some(date(10))));
        let c = control("a", Category::Identity, 3.0, 10.0);
        assert_eq!(
            effective_status(&c, &overrides, date(9)),
            Status::RiskAccepted
        );
        assert_eq!(
            effective_status(&c, &overrides, date(10)),
            Status::RiskAccepted
        );
        assert_eq!(
            effective_status(&c, &overrides, date(11)),
            Status::ToAddress
        );
        assert_eq!(effective_earned(&c, &overrides, date(10)), 0.0);
        assert_eq!(effective_earned(&c, &overrides, date(11)), 3.0);
    }

    #[test]
    fn a_status_applies_from_the_day_it_was_set() {
        let mut overrides = Overrides::new();
        overrides.set("a", AdminStatus::new(Status::ThirdParty).set_on(date(5)));
        let c = control("a", Category::Identity, 0.0, 10.0);
        assert_eq!(effective_earned(&c, &overrides, date(4)), 0.0);
        assert_eq!(effective_earned(&c, &overrides, date(5)), 10.0);
        assert!(!overrides.get("a").is_some_and(|s| s.has_lapsed(date(30))));
    }

    #[test]
    fn falls_back_to_the_data_status() {
        let mut c = control("a", Category::Identity, 0.0, 8.0);
        c.data_status = Status::ThirdParty;
        let mut overrides = Overrides::new();
        assert_eq!(
            effective_status(&c, &overrides, date(1)),
            Status::ThirdParty
        );
        assert_eq!(effective_earned(&c, &overrides, date(1)), 8.0);
        // An explicit To address overrides the data's status.
        overrides.set("a", AdminStatus::new(Status::ToAddress));
        assert_eq!(effective_earned(&c, &overrides, date(1)), 0.0);
        assert_eq!(
            overrides.reset("a").map(|s| s.status),
            Some(Status::ToAddress)
        );
        assert_eq!(effective_earned(&c, &overrides, date(1)), 8.0);
    }

    #[test]
    fn set_reset_and_reset_all() {
        let mut overrides = Overrides::new();
        overrides.set("a", AdminStatus::new(Status::Planned));
        overrides.set("b", AdminStatus::new(Status::ThirdParty));
        overrides.set("a", AdminStatus::new(Status::RiskAccepted));
        let ids: Vec<(&str, Status)> = overrides.iter().map(|(id, s)| (id, s.status)).collect();
        assert_eq!(
            ids,
            vec![("a", Status::RiskAccepted), ("b", Status::ThirdParty)]
        );
        assert_eq!(overrides.reset("zzz"), None);
        overrides.reset_all();
        assert!(overrides.is_empty());
    }

    #[test]
    fn adjusted_points_and_per_category() {
        let d = day(vec![
            control("a", Category::Identity, 3.0, 10.0),
            control("b", Category::Identity, 5.0, 5.0),
            control("c", Category::Data, 0.0, 4.0),
            control("n", Category::Data, 0.0, 0.0),
        ]);
        let mut overrides = Overrides::new();
        overrides.set("b", with(Status::RiskAccepted, None));
        overrides.set("c", with(Status::ThirdParty, None));
        overrides.set("n", with(Status::ThirdParty, None));
        // earned: a 3 + b 0 (risk accepted) + c 4 (third party) + n 0 = 7
        // possible: 10 + 5 + 4 + 0 = 19
        let total = adjusted_points(&d, &overrides, date(1));
        assert_eq!(
            total,
            Points {
                earned: 7.0,
                possible: 19.0
            }
        );
        // Identity: 3 + 0 of 15; Data: 4 + 0 of 4.
        assert_eq!(
            adjusted_by_category(&d, &overrides, date(1)),
            vec![
                (
                    Category::Identity,
                    Points {
                        earned: 3.0,
                        possible: 15.0
                    }
                ),
                (
                    Category::Data,
                    Points {
                        earned: 4.0,
                        possible: 4.0
                    }
                ),
            ]
        );
        // Without statuses it is the data's own sum: 3 + 5 + 0 = 8 of 19.
        let plain = adjusted_points(&d, &Overrides::new(), date(1));
        assert_eq!(
            plain,
            Points {
                earned: d.earned(),
                possible: d.possible()
            }
        );
    }

    #[test]
    fn a_statuses_file_round_trips_and_refuses_other_files() {
        let mut contoso = Overrides::new();
        contoso.set(
            "a",
            with(Status::RiskAccepted, Some(date(3))).set_on(date(1)),
        );
        let file = StatusFile::new(BTreeMap::from([("tid-1".to_string(), contoso.clone())]));
        let text = serde_json::to_string(&file).unwrap_or_default();
        let back = StatusFile::read(&text);
        assert_eq!(back.as_ref().map(StatusFile::count), Ok(1));
        assert_eq!(back.map(|f| f.tenants), Ok(file.tenants));
        assert!(StatusFile::read("{}").is_err_and(|e| e.contains("not a statuses file")));
        assert!(
            StatusFile::read(r#"{"format":"x","version":1,"tenants":{}}"#)
                .is_err_and(|e| e.contains("\"x\""))
        );
        assert!(
            StatusFile::read(r#"{"format":"secure-score-statuses","version":2,"tenants":{}}"#)
                .is_err_and(|e| e.contains("version 2"))
        );
        let mut mine = Overrides::new();
        mine.set("a", AdminStatus::new(Status::Planned));
        mine.set("b", AdminStatus::new(Status::Planned));
        mine.merge(contoso);
        assert_eq!(mine.get("a").map(|s| s.status), Some(Status::RiskAccepted));
        assert_eq!(mine.get("b").map(|s| s.status), Some(Status::Planned));
    }

    #[test]
    fn persists_as_a_json_object() {
        let mut overrides = Overrides::new();
        overrides.set("a", with(Status::RiskAccepted, Some(date(3))));
        let json = serde_json::to_string(&overrides).unwrap_or_default();
        assert_eq!(
            json,
            r#"{"a":{"status":"RiskAccepted","reason":"why","expires":"2024-05-03"}}"#
        );
        let back: Result<Overrides, _> = serde_json::from_str(r#"{"a":{"status":"Planned"}}"#);
        assert_eq!(
            back.ok().and_then(|o| o.get("a").cloned()),
            Some(AdminStatus::new(Status::Planned))
        );
    }
}
