//! Tenants × controls: on each tenant's newest day, the scored controls it
//! has not completed, gathered per control across the fleet and ranked by
//! how many tenants lack it, then by the points it would bring them all.

use std::collections::BTreeMap;

use crate::engine::model::{Category, ControlState, TenantHistory};
use crate::engine::sort::sort_by;

/// One control missing in part of the fleet.
#[derive(Clone, Debug, PartialEq)]
pub struct ControlGap {
    pub id: String,
    /// The control's title as the first tenant that has one knows it (the
    /// id when none does). Untrusted text.
    pub title: String,
    pub category: Category,
    /// The tenants whose newest day scores the control.
    pub applies: usize,
    /// The tenants lacking it, in the fleet's order.
    pub missing: Vec<TenantGap>,
    /// Points the control would add across the fleet when done everywhere.
    pub points: f64,
}

/// One tenant lacking a control, on its newest day.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TenantGap {
    /// The tenant's index in the kept tenants.
    pub index: usize,
    pub earned: f64,
    pub possible: f64,
    pub state: ControlState,
}

impl TenantGap {
    /// The points the tenant would gain.
    pub fn gain(&self) -> f64 {
        (self.possible - self.earned).max(0.0)
    }
}

/// Every control at least one tenant lacks: most tenants missing first,
/// then the most points across the fleet, then by id. A control counts as
/// lacking where it is scored, has points possible and is not completed
/// (partial included: it still has points to bring).
pub fn control_gaps<H: AsRef<TenantHistory>>(tenants: &[H]) -> Vec<ControlGap> {
    let mut by_id: BTreeMap<&str, ControlGap> = BTreeMap::new();
    for (index, history) in tenants.iter().enumerate() {
        let history = history.as_ref();
        let Some(day) = history.latest() else {
            continue;
        };
        for control in &day.controls {
            if control.possible <= 0.0 || control.state == ControlState::NotScored {
                continue;
            }
            let gap = by_id
                .entry(control.id.as_str())
                .or_insert_with(|| ControlGap {
                    id: control.id.clone(),
                    title: String::new(),
                    category: control.category,
                    applies: 0,
                    missing: Vec::new(),
                    points: 0.0,
                });
            gap.applies += 1;
            if gap.title.is_empty() {
                if let Some(info) = history.info(&control.id).filter(|i| i.title != i.id) {
                    gap.title = info.title.clone();
                }
            }
            if control.state != ControlState::Completed && control.earned < control.possible {
                let missing = TenantGap {
                    index,
                    earned: control.earned,
                    possible: control.possible,
                    state: control.state,
                };
                gap.points += missing.gain();
                gap.missing.push(missing);
            }
        }
    }
    let mut gaps: Vec<ControlGap> = by_id
        .into_values()
        .filter(|g| !g.missing.is_empty())
        .map(|mut g| {
            if g.title.is_empty() {
                g.title = g.id.clone();
            }
            g
        })
        .collect();
    // BTreeMap order is by id: the stable sort keeps it among equals.
    sort_by(&mut gaps, |a, b| {
        b.missing
            .len()
            .cmp(&a.missing.len())
            .then(b.points.total_cmp(&a.points))
    });
    gaps
}
