//! The improvement action queue of one day and its sort orders.
//!
//! The queue lists every applicable control: those not fully earned (with
//! the admin's statuses), the [Not Scored] ones (gain 0), those an admin
//! marked Risk accepted or resolved, and the completed ones (fully earned),
//! as Microsoft's portal does; the last two groups are left out of the
//! default view ([`ActionItem::in_default_queue`]).

use std::cmp::Ordering;

use chrono::NaiveDate;

use super::model::{
    ControlInfo, ControlScore, ControlState, DayScore, Progress, Status, TenantHistory, SAME_POINTS,
};
use super::status::{effective_points, effective_status, scored_possible, AdminStatus, Overrides};
use crate::engine::sort::sort_by;

/// One action of the queue: the catalog details and how it stands that day.
#[derive(Clone, Debug, PartialEq)]
pub struct ActionItem {
    pub id: String,
    /// Catalog details (a minimal one, titled by id, when the history has none).
    pub info: ControlInfo,
    /// Points earned with the admin's statuses.
    pub earned: f64,
    /// Points possible that day (0 for [Not Scored]).
    pub possible: f64,
    /// `possible - earned`, never negative.
    pub gain: f64,
    pub state: ControlState,
    /// The status that counts: the admin's unless expired, else the data's.
    pub status: Status,
    /// The status the data carries.
    pub data_status: Status,
    /// Why, until when, who and when of the status that counts.
    pub status_note: StatusNote,
    pub progress: Option<Progress>,
    /// False for [Not Scored] actions.
    pub scored: bool,
}

/// What goes with a status: its reason, expiry, who set it and when.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct StatusNote {
    pub reason: String,
    pub expires: Option<NaiveDate>,
    /// A person's address from Microsoft 365, or "you (this browser)".
    pub set_by: String,
    pub set_on: Option<NaiveDate>,
}

/// Who set a status kept in this browser.
pub const SET_HERE: &str = "you (this browser)";

impl StatusNote {
    /// The note of the status that counts for a control: the admin's own
    /// while it applies, else Microsoft 365's latest state.
    fn of(admin: Option<&AdminStatus>, info: &ControlInfo) -> StatusNote {
        match (admin, info.state_updates.last()) {
            (Some(a), _) => StatusNote {
                reason: a.reason.clone(),
                expires: a.expires,
                set_by: SET_HERE.to_string(),
                set_on: a.since,
            },
            (None, Some(u)) => StatusNote {
                reason: u.reason.clone(),
                expires: u.expires,
                set_by: u.updated_by.clone(),
                set_on: u.since(),
            },
            (None, None) => StatusNote::default(),
        }
    }
}

impl ActionItem {
    /// False for Risk accepted, resolved and completed actions, which the UI
    /// shows only on demand.
    pub fn in_default_queue(&self) -> bool {
        matches!(self.status, Status::ToAddress | Status::Planned) && !self.completed()
    }

    /// True when every point is earned and no admin status explains it: the
    /// control is done.
    pub fn completed(&self) -> bool {
        self.scored
            && self.gain == 0.0
            && matches!(self.status, Status::ToAddress | Status::Planned)
    }

    /// Effort of the action: user impact weight + implementation cost weight.
    pub fn effort(&self) -> f64 {
        self.info.user_impact.weight() + self.info.implementation_cost.weight()
    }

    /// Points to gain per unit of effort.
    pub fn gain_per_effort(&self) -> f64 {
        self.gain / self.effort()
    }
}

/// The queue of `day`, sorted by [`QueueOrder::PointsToGain`]. `today`
/// decides whether admin statuses have expired.
pub fn queue(
    history: &TenantHistory,
    day: &DayScore,
    overrides: &Overrides,
    today: NaiveDate,
) -> Vec<ActionItem> {
    let mut items: Vec<ActionItem> = day
        .controls
        .iter()
        .map(|control| action_item(history, control, overrides, today))
        .collect();
    sort(&mut items, QueueOrder::default());
    items
}

fn action_item(
    history: &TenantHistory,
    control: &ControlScore,
    overrides: &Overrides,
    today: NaiveDate,
) -> ActionItem {
    let status = effective_status(control, overrides, today);
    let earned = effective_points(control, status);
    let possible = scored_possible(control);
    let missing = possible - earned;
    let info = history
        .info(&control.id)
        .cloned()
        .unwrap_or_else(|| minimal_info(control));
    ActionItem {
        id: control.id.clone(),
        status_note: StatusNote::of(overrides.active(&control.id, today), &info),
        info,
        earned,
        possible,
        gain: if missing > SAME_POINTS { missing } else { 0.0 },
        state: control.state,
        status,
        data_status: control.data_status,
        progress: control.progress,
        scored: control.state != ControlState::NotScored,
    }
}

/// Catalog details for a control the history does not describe: titled by
/// its id, unknown impact and cost, ranked last.
pub fn minimal_info(control: &ControlScore) -> ControlInfo {
    ControlInfo {
        max_points: control.possible,
        scored: control.state != ControlState::NotScored,
        ..ControlInfo::untitled(&control.id, control.category, control.service.clone())
    }
}

/// How the queue is sorted. Every order ends with the default chain (gain
/// descending, lower user impact, lower rank, id), so sorting is
/// deterministic. Lower levels come first; Unknown comes after High.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum QueueOrder {
    #[default]
    PointsToGain,
    PointsPerEffort,
    PointsPossible,
    UserImpact,
    ImplementationCost,
    Rank,
    Title,
}

impl QueueOrder {
    /// Every order, in the order of the sort select.
    pub const ALL: [QueueOrder; 7] = [
        QueueOrder::PointsToGain,
        QueueOrder::PointsPerEffort,
        QueueOrder::PointsPossible,
        QueueOrder::UserImpact,
        QueueOrder::ImplementationCost,
        QueueOrder::Rank,
        QueueOrder::Title,
    ];

    /// Display name.
    pub fn label(self) -> &'static str {
        match self {
            QueueOrder::PointsToGain => "Points to gain",
            QueueOrder::PointsPerEffort => "Points per effort",
            QueueOrder::PointsPossible => "Points possible",
            QueueOrder::UserImpact => "User impact",
            QueueOrder::ImplementationCost => "Implementation cost",
            QueueOrder::Rank => "Rank",
            QueueOrder::Title => "Title",
        }
    }
}

/// Sorts actions in `order` (stable, deterministic).
pub fn sort(items: &mut [ActionItem], order: QueueOrder) {
    sort_by(items, |a, b| {
        primary(a, b, order).then_with(|| default_chain(a, b))
    });
}

fn primary(a: &ActionItem, b: &ActionItem, order: QueueOrder) -> Ordering {
    match order {
        QueueOrder::PointsToGain => Ordering::Equal,
        QueueOrder::PointsPerEffort => b.gain_per_effort().total_cmp(&a.gain_per_effort()),
        QueueOrder::PointsPossible => b.possible.total_cmp(&a.possible),
        QueueOrder::UserImpact => a.info.user_impact.cmp(&b.info.user_impact),
        QueueOrder::ImplementationCost => {
            a.info.implementation_cost.cmp(&b.info.implementation_cost)
        }
        QueueOrder::Rank => a.info.rank.cmp(&b.info.rank),
        QueueOrder::Title => a
            .info
            .title
            .to_ascii_lowercase()
            .cmp(&b.info.title.to_ascii_lowercase()),
    }
}

fn default_chain(a: &ActionItem, b: &ActionItem) -> Ordering {
    b.gain
        .total_cmp(&a.gain)
        .then_with(|| a.info.user_impact.cmp(&b.info.user_impact))
        .then_with(|| a.info.rank.cmp(&b.info.rank))
        .then_with(|| a.id.cmp(&b.id))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::model::Level;
    use crate::engine::model::{Category, Origin, Service, TenantInfo};
    use crate::engine::status::AdminStatus;

    /// An Entra ID identity control, its state following from its points.
    fn score(id: &str, earned: f64, possible: f64) -> ControlScore {
        crate::engine::synthetic::control_score(id, Category::Identity, earned, possible)
    }

    fn info(id: &str, title: &str, impact: Level, cost: Level, rank: u32) -> ControlInfo {
        ControlInfo {
            title: title.to_string(),
            user_impact: impact,
            implementation_cost: cost,
            rank,
            ..minimal_info(&score(id, 0.0, 1.0))
        }
    }

    fn history(controls: Vec<ControlInfo>, day: DayScore) -> TenantHistory {
        TenantHistory {
            tenant: TenantInfo::default(),
            origin: Origin::Graph,
            days: vec![day],
            controls,
            warnings: Vec::new(),
        }
    }

    fn day(controls: Vec<ControlScore>) -> DayScore {
        let date = NaiveDate::from_ymd_opt(2024, 5, 1).unwrap_or_default();
        crate::engine::synthetic::day_score(date, vec![Service::EntraId], controls)
    }

    fn item(id: &str, gain: f64, possible: f64, info: ControlInfo) -> ActionItem {
        ActionItem {
            id: id.to_string(),
            info,
            earned: possible - gain,
            possible,
            gain,
            state: ControlState::NotCompleted,
            status: Status::ToAddress,
            data_status: Status::ToAddress,
            status_note: StatusNote::default(),
            progress: None,
            scored: true,
        }
    }

    #[test]
    fn the_status_note_is_the_admins_while_it_applies_else_microsofts() {
        use crate::engine::model::StateUpdate;
        use crate::engine::status::AdminStatus;
        let today = NaiveDate::from_ymd_opt(2024, 5, 1).unwrap_or_default();
        let mut info = info("a", "A", Level::Low, Level::Low, 1);
        info.state_updates = vec![StateUpdate::read(
            "ThirdParty",
            "Resolved through third party: Contoso EDR",
            "soc@contoso.example",
            "",
            today.and_hms_opt(8, 0, 0).map(|t| t.and_utc()),
        )];
        let microsoft = StatusNote::of(None, &info);
        assert_eq!(
            (
                microsoft.reason.as_str(),
                microsoft.set_by.as_str(),
                microsoft.set_on
            ),
            ("Contoso EDR", "soc@contoso.example", Some(today))
        );
        let mine = AdminStatus {
            reason: "pilot".to_string(),
            ..AdminStatus::new(Status::RiskAccepted).set_on(today)
        };
        let local = StatusNote::of(Some(&mine), &info);
        assert_eq!(
            (local.reason.as_str(), local.set_by.as_str()),
            ("pilot", SET_HERE)
        );
    }

    fn ids(items: &[ActionItem]) -> Vec<&str> {
        items.iter().map(|i| i.id.as_str()).collect()
    }

    #[test]
    fn membership_and_minimal_info() {
        let d = day(vec![
            score("done", 5.0, 5.0),
            score("half", 2.0, 4.0),
            score("info", 0.0, 0.0),
            score("risk", 6.0, 6.0),
            score("third", 0.0, 3.0),
            score("unknown", 0.0, 1.0),
        ]);
        let known = ["done", "half", "info", "risk", "third"]
            .iter()
            .map(|id| info(id, &id.to_ascii_uppercase(), Level::Low, Level::Low, 1))
            .collect();
        let h = history(known, d.clone());
        let mut overrides = Overrides::new();
        overrides.set("risk", AdminStatus::new(Status::RiskAccepted));
        overrides.set("third", AdminStatus::new(Status::ThirdParty));
        let today = d.date;
        let q = queue(&h, &d, &overrides, today);
        // gains: risk 6 (6 − 0), half 2, unknown 1, third 0 (3 − 3), info 0,
        // done 0 (fully earned, no admin status: completed).
        assert_eq!(
            ids(&q),
            vec!["risk", "half", "unknown", "done", "info", "third"]
        );
        let completed: Vec<&str> = q
            .iter()
            .filter(|i| i.completed())
            .map(|i| i.id.as_str())
            .collect();
        assert_eq!(completed, vec!["done"]);
        let default: Vec<&str> = q
            .iter()
            .filter(|i| i.in_default_queue())
            .map(|i| i.id.as_str())
            .collect();
        assert_eq!(default, vec!["half", "unknown", "info"]);
        let unknown = q.iter().find(|i| i.id == "unknown");
        assert_eq!(unknown.map(|i| i.info.title.as_str()), Some("unknown"));
        assert_eq!(unknown.map(|i| i.info.user_impact), Some(Level::Unknown));
        let not_scored = q.iter().find(|i| i.id == "info");
        assert_eq!(not_scored.map(|i| (i.scored, i.gain)), Some((false, 0.0)));
    }

    #[test]
    fn planned_on_a_completed_control_is_completed_out_of_the_default_view() {
        let d = day(vec![score("done", 5.0, 5.0)]);
        let h = history(Vec::new(), d.clone());
        let mut overrides = Overrides::new();
        overrides.set("done", AdminStatus::new(Status::Planned));
        let q = queue(&h, &d, &overrides, d.date);
        assert_eq!(ids(&q), vec!["done"]);
        assert!(q[0].completed() && !q[0].in_default_queue());
    }

    fn sample() -> Vec<ActionItem> {
        vec![
            // effort 2, ratio 4/2 = 2
            item("a", 4.0, 4.0, info("a", "zeta", Level::Low, Level::Low, 5)),
            // effort 6, ratio 9/6 = 1.5
            item(
                "b",
                9.0,
                10.0,
                info("b", "Alpha", Level::High, Level::High, 1),
            ),
            // effort 4, ratio 4/4 = 1
            item(
                "c",
                4.0,
                12.0,
                info("c", "beta", Level::Moderate, Level::Moderate, 3),
            ),
            // effort 3, ratio 6/3 = 2
            item(
                "d",
                6.0,
                6.0,
                info("d", "Gamma", Level::Low, Level::Moderate, 2),
            ),
        ]
    }

    fn sorted(order: QueueOrder) -> Vec<String> {
        let mut items = sample();
        sort(&mut items, order);
        items.into_iter().map(|i| i.id).collect()
    }

    #[test]
    fn every_order() {
        // gain 9, 6, then a and c tie at 4: a has lower user impact.
        assert_eq!(sorted(QueueOrder::PointsToGain), ["b", "d", "a", "c"]);
        // ratios 2 (a, d: d gains more), 1.5, 1.
        assert_eq!(sorted(QueueOrder::PointsPerEffort), ["d", "a", "b", "c"]);
        assert_eq!(sorted(QueueOrder::PointsPossible), ["c", "b", "d", "a"]);
        // Low: d (gain 6) before a (gain 4); then Moderate, High.
        assert_eq!(sorted(QueueOrder::UserImpact), ["d", "a", "c", "b"]);
        // Low a; Moderate d (gain 6), c (gain 4); High b.
        assert_eq!(sorted(QueueOrder::ImplementationCost), ["a", "d", "c", "b"]);
        assert_eq!(sorted(QueueOrder::Rank), ["b", "d", "c", "a"]);
        // Case-insensitive: alpha, beta, gamma, zeta.
        assert_eq!(sorted(QueueOrder::Title), ["b", "c", "d", "a"]);
    }

    #[test]
    fn id_breaks_the_last_ties() {
        let same = info("x", "Same", Level::Low, Level::Low, 1);
        let mut items = vec![item("y", 1.0, 1.0, same.clone()), item("x", 1.0, 1.0, same)];
        for order in QueueOrder::ALL {
            sort(&mut items, order);
            assert_eq!(ids(&items), vec!["x", "y"], "{}", order.label());
        }
    }

    #[test]
    fn nan_gain_does_not_break_sorting() {
        let mut items = sample();
        if let Some(first) = items.first_mut() {
            first.gain = f64::NAN;
        }
        for order in QueueOrder::ALL {
            sort(&mut items, order);
            assert_eq!(items.len(), 4);
        }
    }
}
