//! A tenant's last 30 days as a small line, and its table alternative:
//! every shown tenant's score on each of those days (`fleet-trend-table`),
//! built only when opened (50 tenants × 30 days is 1,500 cells).

use chrono::NaiveDate;
use leptos::prelude::*;

use crate::components::format;
use crate::components::table_scroll::TableScroll;
use crate::engine::fleet::{Fleet, FleetRow};

/// The drawing's size in its own units: tenths of the CSS pixels
/// (fleet.css), so that every point is a whole number (integers format
/// several times faster than floats, 3,000 of them for 50 rows).
const WIDTH: f64 = 1200.0;
const HEIGHT: f64 = 280.0;

/// The line of `values` (the fleet's trend dates, oldest first), scaled
/// between the row's own lowest and highest score; days without data
/// leave a gap. Drawn as SVG elements from numbers, hidden from screen
/// readers: the change columns and the trend table say the same.
#[component]
pub fn Sparkline(values: Vec<Option<f64>>) -> impl IntoView {
    use std::fmt::Write;
    let known = values.iter().flatten().copied();
    let (low, high) = known.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
        (lo.min(v), hi.max(v))
    });
    let step = WIDTH / (values.len().max(2) - 1) as f64;
    let y = |v: f64| {
        if high > low {
            HEIGHT - 20.0 - (v - low) / (high - low) * (HEIGHT - 40.0)
        } else {
            HEIGHT / 2.0
        }
    };
    // One polyline per run of consecutive days with data.
    let mut runs: Vec<String> = Vec::new();
    let mut current = String::new();
    for (i, value) in values.iter().enumerate() {
        match value {
            Some(v) => {
                let (x, y) = ((i as f64 * step).round() as i32, y(*v).round() as i32);
                let _ = write!(current, "{x},{y} ");
            }
            None if !current.is_empty() => runs.push(std::mem::take(&mut current)),
            None => {}
        }
    }
    if !current.is_empty() {
        runs.push(current);
    }
    let lines = runs
        .into_iter()
        .map(|points| {
            // A lone day is a dot: a polyline of one point draws nothing.
            let points = if points.trim().contains(' ') {
                points
            } else {
                let p = points.trim().to_string();
                format!("{p} {p}")
            };
            view! { <polyline points=points /> }
        })
        .collect_view();
    view! {
        // Literal attributes: part of the cloned template, not set one by
        // one (50 rows). The viewBox is WIDTH × HEIGHT; fleet.css sizes it.
        <svg class="ss-fleet-spark" viewBox="0 0 1200 280" aria-hidden="true">
            {lines}
        </svg>
    }
}

/// The trends as a table, one row per shown tenant, one column per day.
#[component]
pub fn TrendTable(fleet: Memo<Fleet>, shown: Memo<Vec<FleetRow>>) -> impl IntoView {
    let open = RwSignal::new(false);
    let table = move || {
        open.get().then(|| {
            let dates: Vec<NaiveDate> = fleet.with(|f| f.trend_dates.clone());
            // The year at the first column and where it changes.
            let head = dates
                .iter()
                .zip(format::days_along(&dates))
                .map(|(d, label)| {
                    view! {
                        <th scope="col" class="ss-num">
                            <time datetime=d.to_string()>{label}</time>
                        </th>
                    }
                })
                .collect_view();
            let rows = shown
                .get()
                .into_iter()
                .map(|row| {
                    let cells =
                        row.trend
                            .iter()
                            .map(|v| match v {
                                Some(v) => view! { <td class="ss-num">{format::points(*v)}</td> }
                                    .into_any(),
                                None => view! { <td class="ss-num ss-muted">"—"</td> }.into_any(),
                            })
                            .collect_view();
                    view! {
                        <tr data-tenant=row.id.clone()>
                            <th scope="row">{row.label()}</th>
                            {cells}
                        </tr>
                    }
                })
                .collect_view();
            view! {
                <TableScroll label="Score per day, last 30 days">
                    <table data-testid="fleet-trend-table">
                        <caption class="ss-visually-hidden">"Score per day, last 30 days"</caption>
                        <thead>
                            <tr>
                                <th scope="col">"Tenant"</th>
                                {head}
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                </TableScroll>
            }
        })
    };
    view! {
        <details
            class="ss-details ss-fleet-trends"
            on:toggle=move |ev| {
                use wasm_bindgen::JsCast;
                if let Some(details) = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) {
                    open.set(details.has_attribute("open"));
                }
            }
        >
            <summary>"The trends as a table"</summary>
            {table}
        </details>
    }
}
