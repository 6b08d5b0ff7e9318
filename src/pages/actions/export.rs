//! The queue as shown (columns, sort and filters) exported as CSV.

use crate::components::csv::{cell, number, to_csv};
use crate::engine::queue::ActionItem;

/// The header and one row per action, in the given order.
pub fn queue_csv(items: &[ActionItem], in_plan: impl Fn(&str) -> bool) -> String {
    let header = [
        "Action",
        "Control id",
        "Category",
        "Service",
        "Points earned",
        "Points possible",
        "Points to gain",
        "Status",
        "Status reason",
        "Status expires",
        "Status set by",
        "Status set on",
        "User impact",
        "Implementation cost",
        "Scored",
        "In target plan",
    ];
    let mut rows = vec![header.iter().map(|h| cell(h)).collect::<Vec<_>>()];
    for item in items {
        rows.push(vec![
            cell(&item.info.title),
            cell(&item.id),
            cell(item.info.category.label()),
            cell(item.info.service.label()),
            number(item.earned),
            number(item.possible),
            number(item.gain),
            cell(item.status.label()),
            cell(&item.status_note.reason),
            cell(&date(item.status_note.expires)),
            cell(&item.status_note.set_by),
            cell(&date(item.status_note.set_on)),
            cell(item.info.user_impact.label()),
            cell(item.info.implementation_cost.label()),
            cell(if item.scored {
                "Yes"
            } else {
                "No [Not Scored]"
            }),
            cell(if in_plan(&item.id) { "Yes" } else { "No" }),
        ]);
    }
    to_csv(&rows)
}

/// YYYY-MM-DD, or nothing.
fn date(day: Option<chrono::NaiveDate>) -> String {
    day.map(|d| d.to_string()).unwrap_or_default()
}
