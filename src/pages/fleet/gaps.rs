//! Tenants × controls: the controls most tenants lack, ranked (`gap-row`),
//! and for the selected one (`?control=`) the tenants lacking it
//! (`gap-tenant`), each opening that tenant's action.

use leptos::prelude::*;

use super::export::gaps_csv;
use super::open_tenant;
use crate::components::table_scroll::TableScroll;
use crate::components::{csv, format};
use crate::engine::fleet::gaps::{control_gaps, ControlGap};
use crate::engine::fleet::Fleet;
use crate::sources::clock;
use crate::state::route::{Page, Route};
use crate::state::use_app;

/// Rows shown before "Show all".
const FIRST: usize = 20;

#[component]
pub fn ControlGaps(fleet: Memo<Fleet>) -> impl IntoView {
    let app = use_app();
    let gaps = Memo::new(move |_| app.tenants.with(|t| control_gaps(t)));
    let all = RwSignal::new(false);
    let selected = Memo::new(move |_| {
        app.router
            .route
            .with(|r| r.param("control").map(str::to_string))
    });
    // A tenant's id and label.
    let tenant = move |index: usize| {
        fleet.with(|f| {
            f.rows
                .get(index)
                .map(|r| (r.id.clone(), r.label()))
                .unwrap_or_default()
        })
    };
    let export = move |_| {
        let text = gaps.with_untracked(|g| fleet.with_untracked(|f| gaps_csv(g, &f.rows)));
        let today = clock::today();
        if let Err(message) =
            csv::download_csv(&format!("secure-score-fleet-gaps-{today}.csv"), &text)
        {
            app.error
                .set(Some(format!("The export failed: {message}.")));
        }
    };
    let rows = move || {
        let tenants = fleet.with(|f| f.rows.len());
        gaps.with(|gaps| {
            let count = if all.get() { gaps.len() } else { FIRST };
            gaps.iter()
                .take(count)
                .map(|gap| gap_row(gap, tenants, selected))
                .collect_view()
        })
    };
    let more = move || {
        let n = gaps.with(Vec::len);
        (n > FIRST && !all.get()).then(|| {
            view! {
                <button type="button" class="ss-button" on:click=move |_| all.set(true)>
                    {format!("Show all {n} controls")}
                </button>
            }
        })
    };
    let detail = move || {
        let id = selected.get()?;
        gaps.with(|gaps| {
            let gap = gaps.iter().find(|g| g.id == id)?;
            Some(detail_view(gap, tenant))
        })
    };
    view! {
        <section class="ss-card ss-fleet-gaps" aria-labelledby="ss-fleet-gaps-title">
            <h2 id="ss-fleet-gaps-title">"Controls the fleet is missing"</h2>
            <p class="ss-muted">
                "Scored controls not completed on each tenant's newest day (partly done \
                 included), most tenants first, then the most points they would bring across \
                 the fleet. Select one to see which tenants lack it."
            </p>
            {move || gaps.with(Vec::is_empty).then(|| view! {
                <p data-testid="gaps-none">"Every tenant has completed every scored control."</p>
            })}
            <div class="ss-fleet-toolbar">
                <button class="ss-button" data-testid="gaps-export-csv" on:click=export>
                    "Export CSV"
                </button>
            </div>
            <TableScroll label="Controls the fleet is missing">
                <table class="ss-fleet-gap-table">
                    <thead>
                        <tr>
                            <th scope="col">"Control"</th>
                            <th scope="col">"Category"</th>
                            <th scope="col" class="ss-num">"Tenants missing it"</th>
                            <th scope="col" class="ss-num">"Points across the fleet"</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </TableScroll>
            {more}
            {detail}
        </section>
    }
}

/// One control: its title selects it (`aria-pressed`).
fn gap_row(gap: &ControlGap, tenants: usize, selected: Memo<Option<String>>) -> impl IntoView {
    let app = use_app();
    let id = gap.id.clone();
    let pressed = {
        let id = id.clone();
        move || {
            selected
                .with(|s| s.as_deref() == Some(id.as_str()))
                .to_string()
        }
    };
    let select = {
        let id = id.clone();
        move |_| {
            let next = app.router.route.with_untracked(|r| {
                let again = r.param("control") == Some(id.as_str());
                r.with_param("control", (!again).then_some(id.as_str()))
            });
            app.router.go(next, true);
        }
    };
    view! {
        <tr
            data-testid="gap-row"
            data-control=id
            data-missing=gap.missing.len().to_string()
            data-points=format::data_number(gap.points)
        >
            <th scope="row">
                <button type="button" class="ss-link-button" aria-pressed=pressed on:click=select>
                    {gap.title.clone()}
                </button>
            </th>
            <td>{gap.category.label()}</td>
            <td class="ss-num">{format!("{} of {}", gap.missing.len(), tenants)}</td>
            <td class="ss-num">{format::points(gap.points)}</td>
        </tr>
    }
}

/// The tenants lacking the selected control (`gap-detail`).
fn detail_view(gap: &ControlGap, tenant: impl Fn(usize) -> (String, String)) -> impl IntoView {
    let app = use_app();
    let rows = gap
        .missing
        .iter()
        .map(|t| {
            let index = t.index;
            let action = Route::page(Page::Actions).with_param("control", Some(gap.id.as_str()));
            let href = action.to_hash();
            let (id, name) = tenant(index);
            view! {
                <tr data-testid="gap-tenant" data-tenant=id>
                    <th scope="row">
                        <a
                            href=href
                            on:click=move |ev| {
                                ev.prevent_default();
                                open_tenant(app, index, action.clone());
                            }
                        >
                            {name}
                        </a>
                    </th>
                    <td>{t.state.label()}</td>
                    <td class="ss-num">
                        {format::points(t.earned)} " / " {format::points(t.possible)}
                    </td>
                    <td class="ss-num" data-value=format::data_number(t.gain())>
                        {format::points(t.gain())}
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="ss-fleet-gap-detail" data-testid="gap-detail" data-control=gap.id.clone() role="region" aria-label="Tenants lacking the selected control">
            <h3>{format!("Tenants lacking {}", gap.title)}</h3>
            <p class="ss-muted">
                {format!(
                    "{} of the {} tenants it applies to; {} points to gain in all. \
                     A tenant opens on its improvement action.",
                    gap.missing.len(),
                    gap.applies,
                    format::points(gap.points),
                )}
            </p>
            <TableScroll label="Tenants lacking the control">
                <table>
                    <thead>
                        <tr>
                            <th scope="col">"Tenant"</th>
                            <th scope="col">"State"</th>
                            <th scope="col" class="ss-num">"Points"</th>
                            <th scope="col" class="ss-num">"To gain"</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </TableScroll>
        </div>
    }
}
