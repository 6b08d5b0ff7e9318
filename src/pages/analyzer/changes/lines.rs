//! The "What changed" card's content as plain data, formatted once per
//! pair of days: the card's parts compare it and update only what differs.

use crate::components::format;
use crate::engine::diff::{ChangeKind, ControlChange, DayDiff, StateChange};
use crate::engine::model::{Service, TenantHistory, SAME_POINTS};

/// What a change kind means, for the label's tooltip.
fn explain(kind: ChangeKind) -> &'static str {
    match kind {
        ChangeKind::Posture => {
            "The tenant did or undid something: points earned moved, points possible did not."
        }
        ChangeKind::Scope => "The control came or went with its service.",
        ChangeKind::Catalog => {
            "Microsoft re-weighted the control's points, or added or retired it."
        }
    }
}

/// A control's title, else its id. Untrusted text: shown as a text node.
fn title(history: &TenantHistory, id: &str) -> String {
    history
        .info(id)
        .map(|i| i.title.clone())
        .filter(|t| !t.trim().is_empty())
        .unwrap_or_else(|| id.to_string())
}

/// One control in a list of changes. Keyed by all of it: an item that
/// reads the same on two selections keeps its DOM.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Line {
    pub id: String,
    /// Untrusted text from the data: rendered as a text node only.
    pub title: String,
    /// `data-before` and `data-after` (points earned), for moved controls.
    pub numbers: Option<(String, String)>,
    pub text: String,
    pub kind_class: String,
    pub kind_label: String,
    pub explain: &'static str,
}

impl Line {
    fn state(history: &TenantHistory, c: &StateChange) -> Line {
        Line {
            id: c.id.clone(),
            title: title(history, &c.id),
            numbers: None,
            text: format!("{} → {}", c.before.label(), c.after.label()),
            kind_class: "ss-an-kind ss-an-kind-status".to_string(),
            kind_label: "Status change".to_string(),
            explain: "The action's status was changed in Microsoft 365 (by an admin, in the \
                      portal or through Graph): it applies from that day on.",
        }
    }

    fn new(history: &TenantHistory, c: &ControlChange, text: String, numbers: bool) -> Line {
        Line {
            id: c.id.clone(),
            title: title(history, &c.id),
            numbers: numbers.then(|| {
                (
                    format::data_number(c.before.earned),
                    format::data_number(c.after.earned),
                )
            }),
            text,
            kind_class: format!(
                "ss-an-kind ss-an-kind-{}",
                c.kind.label().to_ascii_lowercase()
            ),
            kind_label: format!("{} change", c.kind.label()),
            explain: explain(c.kind),
        }
    }
}

/// Everything the card shows for one diff.
#[derive(Clone, Debug, PartialEq)]
pub struct Lines {
    pub from: String,
    pub to: String,
    pub from_long: String,
    pub to_long: String,
    /// Score and points possible: before, after, change as shown, change
    /// as `data-value`.
    pub score: [String; 4],
    pub possible: [String; 4],
    pub improved: Vec<Line>,
    pub regressed: Vec<Line>,
    /// Controls that came or went, or were re-weighted, without moving
    /// points earned (the others are in `improved` or `regressed`).
    pub added: Vec<Line>,
    pub removed: Vec<Line>,
    pub reweighted: Vec<Line>,
    /// Controls whose status in Microsoft 365 changed.
    pub states: Vec<Line>,
    pub services_added: String,
    pub services_removed: String,
}

impl Lines {
    /// The card's content for `diff`.
    pub fn new(history: &TenantHistory, diff: &DayDiff) -> Lines {
        let presence = |id: &str| {
            if diff.added.iter().any(|c| c.id == id) {
                " (added)"
            } else if diff.removed.iter().any(|c| c.id == id) {
                " (removed)"
            } else {
                ""
            }
        };
        let moved = |c: &&ControlChange| {
            let text = format!(
                "{} → {} points ({}){}",
                format::points(c.before.earned),
                format::points(c.after.earned),
                format::delta(c.earned_delta()),
                presence(&c.id),
            );
            Line::new(history, c, text, true)
        };
        let still = |list: &[ControlChange], possible: bool| -> Vec<Line> {
            list.iter()
                .filter(|c| c.earned_delta().abs() <= SAME_POINTS)
                .map(|c| {
                    let text = if possible {
                        format!(
                            "{} → {} points possible",
                            format::points(c.before.possible),
                            format::points(c.after.possible)
                        )
                    } else {
                        format!(
                            "{} of {} points",
                            format::points(c.after.earned.max(c.before.earned)),
                            format::points(c.after.possible.max(c.before.possible))
                        )
                    };
                    Line::new(history, c, text, false)
                })
                .collect()
        };
        let totals = |before: f64, after: f64| {
            [
                format::points(before),
                format::points(after),
                format::delta(after - before),
                format::data_number(after - before),
            ]
        };
        let (before, after) = (diff.before.shown, diff.after.shown);
        Lines {
            from: diff.from.to_string(),
            to: diff.to.to_string(),
            from_long: format::date(diff.from),
            to_long: format::date(diff.to),
            score: totals(before.earned, after.earned),
            possible: totals(before.possible, after.possible),
            improved: diff.improved().iter().map(moved).collect(),
            regressed: diff.regressed().iter().map(moved).collect(),
            added: still(&diff.added, false),
            removed: still(&diff.removed, false),
            reweighted: still(&diff.changed, true),
            states: diff
                .states
                .iter()
                .map(|c| Line::state(history, c))
                .collect(),
            services_added: services(&diff.services_added),
            services_removed: services(&diff.services_removed),
        }
    }
}

fn services(list: &[Service]) -> String {
    list.iter()
        .map(|s| s.label().to_string())
        .collect::<Vec<_>>()
        .join(", ")
}
