//! The fleet table and the control gaps as CSV, as shown (filtered and
//! sorted), through the same guarded cells as the action queue's export.

use chrono::NaiveDate;

use crate::components::csv::{cell, number, to_csv};
use crate::engine::fleet::gaps::ControlGap;
use crate::engine::fleet::FleetRow;
use crate::sources::schedule::stale_by;

/// One line per tenant: its numbers, then its score on each trend date.
pub fn fleet_csv(rows: &[FleetRow], trend_dates: &[NaiveDate], today: NaiveDate) -> String {
    let mut header: Vec<String> = [
        "Tenant",
        "Tenant id",
        "Score",
        "Points possible",
        "Percent",
        "7-day change",
        "30-day change",
        "Newest data",
        "Stale (days old)",
    ]
    .iter()
    .map(|h| cell(h))
    .collect();
    header.extend(trend_dates.iter().map(|d| cell(&format!("Score on {d}"))));
    let optional = |v: Option<f64>| v.map(number).unwrap_or_default();
    let mut lines = vec![header];
    for row in rows {
        let l = row.latest;
        let mut line = vec![
            cell(&row.name),
            cell(&row.id),
            optional(l.map(|l| l.score)),
            optional(l.map(|l| l.possible)),
            optional(l.map(|l| l.percent)),
            optional(l.and_then(|l| l.change_7)),
            optional(l.and_then(|l| l.change_30)),
            l.map(|l| l.date.to_string()).unwrap_or_default(),
            l.and_then(|l| stale_by(l.date, today))
                .map(|d| d.to_string())
                .unwrap_or_default(),
        ];
        line.extend(row.trend.iter().map(|v| optional(*v)));
        lines.push(line);
    }
    to_csv(&lines)
}

/// One line per control, in rank order, naming the tenants lacking it.
pub fn gaps_csv(gaps: &[ControlGap], tenants: &[FleetRow]) -> String {
    let header = [
        "Control",
        "Control id",
        "Category",
        "Tenants missing it",
        "Tenants it applies to",
        "Points across the fleet",
        "Tenants missing it (names)",
    ];
    let mut lines = vec![header.iter().map(|h| cell(h)).collect::<Vec<_>>()];
    for gap in gaps {
        let names: Vec<String> = gap
            .missing
            .iter()
            .filter_map(|t| tenants.get(t.index).map(FleetRow::label))
            .collect();
        lines.push(vec![
            cell(&gap.title),
            cell(&gap.id),
            cell(gap.category.label()),
            gap.missing.len().to_string(),
            gap.applies.to_string(),
            number(gap.points),
            cell(&names.join("; ")),
        ]);
    }
    to_csv(&lines)
}
