//! Side-by-side comparison of every loaded tenant.

use std::sync::Arc;

use leptos::prelude::*;

use crate::components::format;
use crate::components::table_scroll::TableScroll;
use crate::engine::model::{Category, TenantHistory};
use crate::state::use_app;

/// The tenants table; shown only when more than one tenant is loaded.
#[component]
pub fn TenantTable(tenants: Vec<Arc<TenantHistory>>) -> impl IntoView {
    let app = use_app();
    let rows = tenants
        .iter()
        .enumerate()
        .map(|(index, history)| {
            let name = tenant_label(history);
            let Some(day) = history.latest() else {
                return view! {
                    <tr>
                        <th scope="row">{name}</th>
                        <td colspan="7" class="ss-muted">"no data"</td>
                    </tr>
                }
                .into_any();
            };
            let shown = day.shown();
            let by_category = day.by_category();
            let cells = Category::ALL
                .into_iter()
                .map(|cat| {
                    let text = by_category
                        .iter()
                        .find(|(c, _)| *c == cat)
                        .map(|(_, p)| format::percent(p.percent()))
                        .unwrap_or_else(|| "—".to_string());
                    view! { <td class="ss-num">{text}</td> }
                })
                .collect_view();
            let current = move || app.selected.get() == index;
            view! {
                <tr aria-current=move || current().then_some("true")>
                    <th scope="row">
                        <button
                            class="ss-link-button"
                            title="Show this tenant"
                            on:click=move |_| app.selected.set(index)
                        >
                            {name}
                        </button>
                    </th>
                    <td class="ss-num">
                        {format::points(shown.earned)} " / " {format::points(shown.possible)}
                    </td>
                    <td class="ss-num">{format::percent(shown.percent())}</td>
                    {cells}
                </tr>
            }
            .into_any()
        })
        .collect_view();
    view! {
        <section class="ss-card ss-tenants" aria-labelledby="ss-tenants-title">
            <h2 id="ss-tenants-title">"Tenants side by side"</h2>
            <TableScroll label="Tenants side by side">
                <table>
                    <thead>
                        <tr>
                            <th scope="col">"Tenant"</th>
                            <th scope="col" class="ss-num">"Score"</th>
                            <th scope="col" class="ss-num">"Percent"</th>
                            {Category::ALL
                                .into_iter()
                                .map(|c| view! { <th scope="col" class="ss-num">{c.label()}</th> })
                                .collect_view()}
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </TableScroll>
            <p class="ss-muted">
                "Scores as reported, newest day of each tenant. Select a name to show that tenant; "
                "sort, filter, trends and the controls they miss are on the "
                <a href="#/fleet">"Fleet page"</a> "."
            </p>
        </section>
    }
}

/// "Name (id)", or whichever of the two is known.
pub fn tenant_label(history: &TenantHistory) -> String {
    let info = &history.tenant;
    match (info.name.trim(), info.id.trim()) {
        ("", "") => "Unnamed tenant".to_string(),
        (name, "") => name.to_string(),
        ("", id) => id.to_string(),
        (name, id) => format!("{name} ({id})"),
    }
}
