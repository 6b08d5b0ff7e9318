//! The fleet table (`fleet-row`): one row per tenant, sortable by every
//! column (header buttons, `aria-sort`), filtered by name or id and to
//! stale data; a row opens that tenant's dashboard. Sort and filter live
//! in the route (`?sort=&dir=&q=&stale=1`): back from a tenant's
//! dashboard finds the table as it was.

use chrono::NaiveDate;
use leptos::prelude::*;

use super::export::fleet_csv;
use super::open_tenant;
use super::sparkline::{Sparkline, TrendTable};
use crate::components::table_scroll::TableScroll;
use crate::components::{csv, format};
use crate::dom::closest;
use crate::engine::fleet::{sort_rows, Column, Fleet, FleetRow};
use crate::sources::clock;
use crate::sources::schedule::stale_by;
use crate::state::route::{Page, Route};
use crate::state::{use_app, AppState};

/// The table's sort and filters, as the route holds them.
#[derive(Clone, Debug, PartialEq)]
struct View {
    column: Column,
    descending: bool,
    query: String,
    stale_only: bool,
}

impl View {
    /// Default: by tenant, A to Z.
    fn of(route: &Route) -> View {
        let column = route
            .param("sort")
            .and_then(Column::parse)
            .unwrap_or(Column::Tenant);
        View {
            column,
            descending: route
                .param("dir")
                .map_or(column.descending_first(), |d| d == "desc"),
            query: route.param("q").unwrap_or_default().to_string(),
            stale_only: route.param("stale") == Some("1"),
        }
    }
}

#[component]
pub fn FleetTable(fleet: Memo<Fleet>) -> impl IntoView {
    let app = use_app();
    let today = clock::today();
    let view = Memo::new(move |_| app.router.route.with(View::of));
    let set = move |key: &str, value: Option<&str>| {
        let next = app
            .router
            .route
            .with_untracked(|r| r.with_param(key, value));
        app.router.go(next, true);
    };
    // The rows shown: filtered, then sorted through engine::sort.
    let shown = Memo::new(move |_| {
        let v = view.get();
        fleet.with(|f| {
            let mut rows: Vec<FleetRow> = f
                .rows
                .iter()
                .filter(|r| r.matches(&v.query))
                .filter(|r| !v.stale_only || is_stale(r, today))
                .cloned()
                .collect();
            sort_rows(&mut rows, v.column, v.descending);
            rows
        })
    });
    let header = move |column: Column| {
        let aria = move || {
            let v = view.get();
            match (v.column == column, v.descending) {
                (false, _) => "none",
                (true, false) => "ascending",
                (true, true) => "descending",
            }
        };
        let sort = move |_| {
            let v = view.get_untracked();
            let descending = if v.column == column {
                !v.descending
            } else {
                column.descending_first()
            };
            let next = app.router.route.with_untracked(|r| {
                r.with_param("sort", Some(column.slug()))
                    .with_param("dir", Some(if descending { "desc" } else { "asc" }))
            });
            app.router.go(next, true);
        };
        view! {
            <th scope="col" class:ss-num=column != Column::Tenant aria-sort=aria>
                <button
                    type="button"
                    class="ss-fleet-sort"
                    data-testid="fleet-sort"
                    data-sort=column.slug()
                    on:click=sort
                >
                    {column.label()}
                    <span class="ss-fleet-sort-mark" aria-hidden="true">
                        {move || match aria() {
                            "ascending" => "▲",
                            "descending" => "▼",
                            _ => "",
                        }}
                    </span>
                </button>
            </th>
        }
    };
    let export = move |_| {
        let text = fleet.with_untracked(|f| {
            shown.with_untracked(|rows| fleet_csv(rows, &f.trend_dates, today))
        });
        if let Err(message) = csv::download_csv(&format!("secure-score-fleet-{today}.csv"), &text) {
            app.error
                .set(Some(format!("The export failed: {message}.")));
        }
    };
    let total = move || fleet.with(|f| f.rows.len());
    view! {
        <section class="ss-card ss-fleet-tenants" aria-labelledby="ss-fleet-title">
            <h2 id="ss-fleet-title">"Tenants"</h2>
            <div class="ss-fleet-toolbar">
                <label class="ss-fleet-filter">
                    "Filter by name or id "
                    <input
                        type="search"
                        data-testid="fleet-filter"
                        prop:value=move || view.with(|v| v.query.clone())
                        on:input=move |ev| {
                            let q = event_target_value(&ev);
                            set("q", (!q.is_empty()).then_some(q.as_str()));
                        }
                    />
                </label>
                <label>
                    <input
                        type="checkbox"
                        data-testid="fleet-stale-only"
                        prop:checked=move || view.with(|v| v.stale_only)
                        on:change=move |ev| set("stale", event_target_checked(&ev).then_some("1"))
                    />
                    " Only stale data"
                </label>
                <p class="ss-muted ss-fleet-count" role="status" data-testid="fleet-count">
                    {move || format!("{} of {} tenants shown", shown.with(Vec::len), total())}
                </p>
                <button class="ss-button" data-testid="fleet-export-csv" on:click=export>
                    "Export CSV"
                </button>
            </div>
            <TableScroll label="Tenants">
                <table class="ss-fleet-table">
                    <caption class="ss-visually-hidden">
                        "Tenants: select a column header to sort, a tenant to open its dashboard"
                    </caption>
                    <thead>
                        <tr>
                            {header(Column::Tenant)}
                            {header(Column::Score)}
                            {header(Column::Possible)}
                            {header(Column::Percent)}
                            {header(Column::Change7)}
                            {header(Column::Change30)}
                            <th scope="col">"Trend (30 days)"</th>
                            {header(Column::Newest)}
                        </tr>
                    </thead>
                    // Keyed: a sort or a filter moves the rows' nodes
                    // instead of building them again. One listener opens
                    // any row's tenant (a listener per row costs 50 more).
                    <tbody on:click=move |ev| open_clicked_row(app, &ev)>
                        <For each=move || shown.get() key=row_key let(row)>
                            {row_view(row, today)}
                        </For>
                    </tbody>
                </table>
            </TableScroll>
            <TrendTable fleet=fleet shown=shown />
        </section>
    }
}

fn is_stale(row: &FleetRow, today: NaiveDate) -> bool {
    row.latest.is_none_or(|l| stale_by(l.date, today).is_some())
}

/// What a row shows: a row whose key is unchanged keeps its nodes.
type RowKey = (
    usize,
    String,
    String,
    Option<(NaiveDate, [u64; 4])>,
    Vec<u64>,
);

fn row_key(row: &FleetRow) -> RowKey {
    let bits = |v: Option<f64>| v.map_or(u64::MAX, f64::to_bits);
    (
        row.index,
        row.id.clone(),
        row.name.clone(),
        row.latest.map(|l| {
            (
                l.date,
                [
                    l.score.to_bits(),
                    l.possible.to_bits(),
                    bits(l.change_7),
                    bits(l.change_30),
                ],
            )
        }),
        row.trend.iter().map(|v| bits(*v)).collect(),
    )
}

/// Opens the tenant of the row a click landed in (`data-index`). Its
/// link is followed here too: the browser would go to the Overview of the
/// tenant shown before.
fn open_clicked_row(app: AppState, ev: &web_sys::MouseEvent) {
    let index = closest(ev.target(), "tr[data-index]")
        .and_then(|row| row.get_attribute("data-index"))
        .and_then(|index| index.parse().ok());
    if let Some(index) = index {
        ev.prevent_default();
        open_tenant(app, index, Route::page(Page::Overview));
    }
}

/// One tenant's row. The name is a link (keyboard: Tab, Enter); a click
/// anywhere on the row opens the tenant too ([`open_clicked_row`]).
fn row_view(row: FleetRow, today: NaiveDate) -> impl IntoView {
    let index = row.index;
    let label = row.label();
    let Some(l) = row.latest else {
        return view! {
            <tr data-testid="fleet-row" data-tenant=row.id.clone() data-index=index class="ss-fleet-row">
                <th scope="row">
                    <a href="#/overview">{label}</a>
                </th>
                <td colspan="7" class="ss-muted">"no data"</td>
            </tr>
        }
        .into_any();
    };
    let change = |value: Option<f64>| match value {
        Some(v) => {
            let class = if v > 0.0 {
                "ss-num ss-fleet-up"
            } else if v < 0.0 {
                "ss-num ss-fleet-down"
            } else {
                "ss-num"
            };
            view! { <td class=class data-value=format::data_number(v)>{format::delta(v)}</td> }
                .into_any()
        }
        None => view! { <td class="ss-num ss-muted">"—"</td> }.into_any(),
    };
    let stale = stale_by(l.date, today);
    view! {
        <tr
            data-testid="fleet-row"
            data-tenant=row.id.clone()
            data-value=format::data_number(l.score)
            data-stale=stale.is_some().to_string()
            data-index=index
            class="ss-fleet-row"
        >
            <th scope="row">
                <a href="#/overview">{label}</a>
            </th>
            <td class="ss-num">{format::points(l.score)}</td>
            <td class="ss-num">{format::points(l.possible)}</td>
            <td class="ss-num">{format::percent(l.percent)}</td>
            {change(l.change_7)}
            {change(l.change_30)}
            <td><Sparkline values=row.trend /></td>
            <td class="ss-num">
                <time datetime=l.date.to_string()>{format::date(l.date)}</time>
                {stale.map(|days| view! {
                    " "
                    <span class="ss-fleet-stale" title="Microsoft computes a new score every day">
                        {format!("stale, {days} days old")}
                    </span>
                })}
            </td>
        </tr>
    }
    .into_any()
}
