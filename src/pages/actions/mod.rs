//! The Improvement actions page: the queue of actions with sort, filters,
//! search, details, admin statuses, a target-score plan and CSV export.

mod detail;
mod export;
mod filters;
mod microsoft_state;
mod planning;
mod row;
mod status_editor;
mod target;
mod toolbar;

use std::collections::BTreeSet;
use std::sync::Arc;

use chrono::NaiveDate;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::components::no_data::NoData;
use crate::engine::model::{DayScore, Points, TenantHistory};
use crate::engine::plan::{plan_to_target, Plan};
use crate::engine::queue::{queue, sort, ActionItem};
use crate::engine::sort::set_of;
use crate::engine::summary::{reported_offset, with_statuses};
use crate::sources::clock;
use crate::state::statuses::{use_statuses, Statuses};
use crate::state::{use_app, AppState};

pub use filters::{order_slug, parse_status, status_slug, Filters, StatusFilter};

/// The route key of the expanded (deep-linked) action.
pub const CONTROL: &str = "control";

/// The shown history, compared by identity (a deep compare of a long
/// history on every change would be wasted work).
#[derive(Clone)]
pub(crate) struct Shown(pub Arc<TenantHistory>);

impl PartialEq for Shown {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl Shown {
    /// The newest day (the queue is of that day).
    pub fn day(&self) -> &DayScore {
        // `Shown` is only built for a history with days.
        &self.0.days[self.0.days.len() - 1]
    }
}

/// A plan to a target, on the reported scale.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct TargetPlan {
    pub plan: Plan,
    /// Projected score once the plan is done (reported scale).
    pub reached: f64,
    /// Sum of the plan's gains.
    pub gain: f64,
}

/// Everything the parts of the page share. Cheap to copy.
#[derive(Clone, Copy)]
pub(crate) struct Queue {
    pub app: AppState,
    pub shown: Memo<Option<Shown>>,
    pub statuses: Statuses,
    pub today: NaiveDate,
    /// The whole queue with the admin's statuses, in the engine's order:
    /// a new sort order leaves it (and every row reading it) alone.
    pub items: Memo<Vec<ActionItem>>,
    /// The actions that pass the filters, in the chosen order.
    pub visible: Memo<Vec<ActionItem>>,
    pub filters: Memo<Filters>,
    /// Ids of the expanded actions.
    pub expanded: RwSignal<BTreeSet<String>>,
    /// The target score (points, reported scale) the plan aims at.
    pub target: RwSignal<Option<f64>>,
    pub plan: Memo<Option<TargetPlan>>,
    /// Reported minus recomputed score of the day (see `reported_offset`).
    pub offset: Memo<f64>,
    /// The score with the admin's statuses.
    pub current: Memo<Points>,
}

impl Queue {
    /// True when the action is in the target plan.
    pub fn in_plan(&self, id: &str) -> bool {
        self.plan.with(|p| {
            p.as_ref()
                .is_some_and(|p| p.plan.actions.iter().any(|a| a == id))
        })
    }

    /// Changes one parameter of the hash (replacing the history entry).
    pub fn set_param(&self, key: &str, value: Option<&str>) {
        let router = self.app.router;
        let next = router.route.with_untracked(|r| r.with_param(key, value));
        router.go(next, true);
    }

    /// Removes every filter (keeps the sort).
    pub fn clear_filters(&self) {
        let router = self.app.router;
        let mut next = router.route.get_untracked();
        for key in filters::FILTER_KEYS {
            next = next.with_param(key, None);
        }
        router.go(next, true);
    }

    /// Expands or collapses an action; the hash follows the last one
    /// expanded, so it is a deep link.
    pub fn toggle(&self, id: &str) {
        let open = self.expanded.with_untracked(|e| e.contains(id));
        self.expanded.update(|e| {
            if open {
                e.remove(id);
            } else {
                e.insert(id.to_string());
            }
        });
        let linked = self
            .app
            .router
            .route
            .with_untracked(|r| r.param(CONTROL) == Some(id));
        if !open {
            self.set_param(CONTROL, Some(id));
        } else if linked {
            self.set_param(CONTROL, None);
        }
    }
}

fn queue_context() -> Queue {
    expect_context::<Queue>()
}

/// The DOM id of an action's row.
pub fn row_dom_id(id: &str) -> String {
    format!("ss-action-{id}")
}

/// The Improvement actions page.
#[component]
pub fn ActionsPage() -> impl IntoView {
    let app = use_app();
    let statuses = use_statuses();
    let today = clock::today();
    let shown = Memo::new(move |_| app.history().filter(|h| !h.days.is_empty()).map(Shown));
    let filters = Memo::new(move |_| app.router.route.with(Filters::from_route));
    let items = Memo::new(move |_| {
        let Some(shown) = shown.get() else {
            return Vec::new();
        };
        statuses
            .overrides
            .with(|o| queue(&shown.0, shown.day(), o, today))
    });
    let offset = Memo::new(move |_| {
        shown
            .with(|s| s.as_ref().map(|s| reported_offset(s.day(), today)))
            .unwrap_or_default()
    });
    let current = Memo::new(move |_| {
        shown
            .with(|s| {
                s.as_ref().map(|s| {
                    statuses
                        .overrides
                        .with(|o| with_statuses(s.day(), o, today))
                })
            })
            .unwrap_or_default()
    });
    let target = RwSignal::new(None::<f64>);
    let plan = Memo::new(move |_| {
        let goal = target.get()?;
        let shown = shown.get()?;
        let offset = offset.get();
        let plan = statuses
            .overrides
            .with(|o| plan_to_target(&shown.0, shown.day(), o, today, goal - offset));
        let gain = items.with(|all| {
            all.iter()
                .filter(|i| plan.actions.contains(&i.id))
                .map(|i| i.gain)
                .sum()
        });
        let reached = plan.reached + offset;
        // The target as the user chose it (the engine got it unscaled).
        let plan = Plan {
            target: goal,
            ..plan
        };
        Some(TargetPlan {
            plan,
            reached,
            gain,
        })
    });
    // The deep-linked action starts expanded.
    let linked = app
        .router
        .route
        .with_untracked(|r| r.param(CONTROL).map(str::to_string));
    let expanded = RwSignal::new(set_of(linked.iter().cloned()));
    let visible = Memo::new(move |_| {
        let filters = filters.get();
        let open = expanded.get();
        let planned: Vec<String> = plan
            .with(|p| p.as_ref().map(|p| p.plan.actions.clone()))
            .unwrap_or_default();
        let mut list = items.with(|all| {
            all.iter()
                .filter(|i| filters.matches(i, open.contains(&i.id), planned.contains(&i.id)))
                .cloned()
                .collect::<Vec<_>>()
        });
        sort(&mut list, filters.sort);
        list
    });
    let ctx = Queue {
        app,
        shown,
        statuses,
        today,
        items,
        visible,
        filters,
        expanded,
        target,
        plan,
        offset,
        current,
    };
    provide_context(ctx);
    let page = NodeRef::<leptos::html::Section>::new();

    // A deep link that another hash change brings (e.g. a link on this page).
    Effect::watch(
        move || {
            app.router
                .route
                .with(|r| r.param(CONTROL).map(str::to_string))
        },
        move |id, _, _| {
            if let Some(id) = id {
                if !expanded.with_untracked(|e| e.contains(id)) {
                    expanded.update(|e| {
                        e.insert(id.clone());
                    });
                    reveal(ctx, page, id.clone());
                }
            }
        },
        false,
    );
    if let Some(id) = linked {
        reveal(ctx, page, id);
    }

    let content = move || {
        if shown.with(Option::is_none) {
            return view! { <NoData /> }.into_any();
        }
        view! {
            <div class="ss-actions-top">
                <planning::Planning />
                <target::Target />
            </div>
            <toolbar::Toolbar />
            <ActionList />
        }
        .into_any()
    };
    view! {
        <section class="ss-page ss-actions" node_ref=page>
            <h1>"Improvement actions"</h1>
            {content}
        </section>
    }
}

/// Shows a deep-linked action: clears filters that would hide it, then
/// scrolls to it and focuses its toggle once it is drawn.
fn reveal(ctx: Queue, page: NodeRef<leptos::html::Section>, id: String) {
    let hidden = ctx.items.with_untracked(|all| {
        all.iter().find(|i| i.id == id).is_some_and(|item| {
            let in_plan = ctx.plan.with_untracked(|p| {
                p.as_ref()
                    .is_some_and(|p| p.plan.actions.contains(&item.id))
            });
            !ctx.filters
                .with_untracked(|f| f.matches(item, true, in_plan))
        })
    });
    if hidden {
        ctx.clear_filters();
    }
    request_animation_frame(move || {
        let selector = format!("[id=\"{}\"]", row_dom_id(&id));
        let Some(row) = page
            .get_untracked()
            .and_then(|page| page.query_selector(&selector).ok().flatten())
        else {
            return;
        };
        row.scroll_into_view();
        if let Some(toggle) = row
            .query_selector(".ss-action-toggle")
            .ok()
            .flatten()
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = toggle.focus();
        }
    });
}

/// The list of actions.
#[component]
fn ActionList() -> impl IntoView {
    let ctx = queue_context();
    let ids = Memo::new(move |_| {
        ctx.visible
            .with(|v| v.iter().map(|i| i.id.clone()).collect::<Vec<_>>())
    });
    view! {
        <div class="ss-action-list">
            <div class="ss-action-head" aria-hidden="true">
                <span>"Action"</span>
                <span class="ss-num">"Points"</span>
                <span class="ss-num">"To gain"</span>
                <span>"User impact"</span>
                <span>"Cost"</span>
                <span>"Status"</span>
            </div>
            <div role="list" aria-label="Improvement actions">
                <For each=move || ids.get() key=|id| id.clone() let:id>
                    <row::ActionRow id=id />
                </For>
            </div>
            {move || {
                ids.with(Vec::is_empty)
                    .then(|| {
                        view! {
                            <p class="ss-card ss-muted">
                                "No action matches these filters. "
                                <button class="ss-link-button" on:click=move |_| ctx.clear_filters()>
                                    "Clear the filters"
                                </button>
                            </p>
                        }
                    })
            }}
        </div>
    }
}
