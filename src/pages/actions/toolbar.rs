//! Sort, filters, search, the count of shown actions and the CSV export.

use leptos::prelude::*;

use super::export::queue_csv;
use super::filters::{
    order_slug, StatusFilter, CATEGORY, IMPACT, LEVELS, SEARCH, SERVICE, SORT, STATUS,
};
use super::queue_context;
use crate::components::choice::{options, Choice};
use crate::components::csv;
use crate::engine::model::Category;
use crate::engine::queue::QueueOrder;
use crate::engine::sort::sort;

/// The toolbar above the list.
#[component]
pub fn Toolbar() -> impl IntoView {
    let ctx = queue_context();
    let f = ctx.filters;
    let sorts = options(QueueOrder::ALL.map(|o| (order_slug(o), o.label())));
    let categories = options(
        std::iter::once(("", "All categories"))
            .chain(Category::ALL.map(|c| (c.label(), c.label()))),
    );
    let services = Signal::derive(move || {
        let mut names: Vec<String> = ctx.items.with(|all| {
            all.iter()
                .map(|i| i.info.service.label().to_string())
                .collect()
        });
        sort(&mut names);
        names.dedup();
        std::iter::once((String::new(), "All services".to_string()))
            .chain(names.into_iter().map(|n| (n.clone(), n)))
            .collect::<Vec<_>>()
    });
    let statuses = options(
        StatusFilter::choices()
            .into_iter()
            .map(|s| (s.slug(), s.label())),
    );
    let impacts =
        options(std::iter::once(("", "Any")).chain(LEVELS.map(|l| (l.label(), l.label()))));
    let export = move |_| {
        let text = ctx
            .visible
            .with_untracked(|items| queue_csv(items, |id| ctx.in_plan(id)));
        let tenant = ctx
            .shown
            .with_untracked(|s| s.as_ref().map(|s| s.day().date.to_string()))
            .unwrap_or_default();
        if let Err(message) =
            csv::download_csv(&format!("secure-score-actions-{tenant}.csv"), &text)
        {
            ctx.app
                .error
                .set(Some(format!("The export failed: {message}.")));
        }
    };
    let count = move || {
        let shown = ctx.visible.with(Vec::len);
        let (total, completed) = ctx
            .items
            .with(|all| (all.len(), all.iter().filter(|i| i.completed()).count()));
        format!("Showing {shown} of {total} actions ({completed} completed)")
    };
    view! {
        <div class="ss-card ss-toolbar" role="search" aria-label="Sort and filter the actions">
            <div class="ss-toolbar-fields">
                <label class="ss-field ss-field-search">
                    <span>"Search"</span>
                    <input
                        type="search"
                        data-testid="actions-search"
                        placeholder="Title, service, threat…"
                        value=f.with_untracked(|f| f.search.clone())
                        on:input=move |ev| {
                            let text = event_target_value(&ev);
                            ctx.set_param(SEARCH, (!text.is_empty()).then_some(text.as_str()));
                        }
                    />
                </label>
                <Field label="Sort by" testid="actions-sort" key=SORT default="gain" options=sorts />
                <Field label="Category" testid="filter-category" key=CATEGORY default="" options=categories />
                <Field label="Service" testid="filter-service" key=SERVICE default="" options=services />
                <Field label="Status" testid="filter-status" key=STATUS default="open" options=statuses />
                <Field label="User impact" testid="filter-impact" key=IMPACT default="" options=impacts />
            </div>
            <div class="ss-toolbar-status">
                <p class="ss-count" aria-live="polite" data-testid="actions-count">{count}</p>
                {move || {
                    f.with(|f| f.narrows())
                        .then(|| view! {
                            <button class="ss-button" on:click=move |_| ctx.clear_filters()>"Clear filters"</button>
                        })
                }}
                <button class="ss-button" data-testid="export-csv" on:click=export>
                    "Export CSV"
                </button>
            </div>
        </div>
    }
}

/// One select of the toolbar, kept in the hash under `key` (absent when
/// `default` is chosen).
#[component]
fn Field(
    label: &'static str,
    testid: &'static str,
    key: &'static str,
    default: &'static str,
    #[prop(into)] options: Signal<Vec<(String, String)>>,
) -> impl IntoView {
    let ctx = queue_context();
    let route = ctx.app.router.route;
    let value = Signal::derive(move || route.with(|r| r.param(key).unwrap_or(default).to_string()));
    let on_change = Callback::new(move |value: String| {
        ctx.set_param(key, (value != default).then_some(value.as_str()));
    });
    view! {
        <label class="ss-field">
            <span>{label}</span>
            <Choice options=options value=value on_change=on_change testid=testid />
        </label>
    }
}
