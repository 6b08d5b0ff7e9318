//! One action of the queue: a summary line that expands to the details.

use leptos::prelude::*;

use super::{detail::ActionDetail, filters::item_slug, queue_context, row_dom_id};
use crate::components::format;
use crate::components::help_link::HelpLink;
use crate::engine::model::Status;
use crate::engine::queue::ActionItem;

/// One action row, by id: its data follows the queue (statuses, sort).
#[component]
pub fn ActionRow(id: String) -> impl IntoView {
    let ctx = queue_context();
    let item = {
        let id = id.clone();
        Memo::new(move |_| {
            ctx.items
                .with(|all| all.iter().find(|i| i.id == id).cloned())
        })
    };
    let open = {
        let id = id.clone();
        Memo::new(move |_| ctx.expanded.with(|e| e.contains(&id)))
    };
    let in_plan = {
        let id = id.clone();
        Memo::new(move |_| ctx.in_plan(&id))
    };
    // What never changes for an id: read once.
    let (title, category, service) = item
        .with_untracked(|i| {
            i.as_ref().map(|i| {
                (
                    i.info.title.clone(),
                    i.info.category.label(),
                    i.info.service.label().to_string(),
                )
            })
        })
        .unwrap_or_default();
    let row_id = row_dom_id(&id);
    let control = id.clone();
    let detail_id = format!("{row_id}-detail");
    let title_id = format!("{row_id}-title");
    let field = move |f: fn(&ActionItem) -> String| {
        move || item.with(|i| i.as_ref().map(f).unwrap_or_default())
    };
    let toggle = {
        let id = id.clone();
        move |_| ctx.toggle(&id)
    };
    // The rest of the line as one block, redrawn when the action changes.
    let line = move || {
        let plan = in_plan.get();
        item.with(|i| i.as_ref().map(|i| line(i, plan)))
    };
    view! {
        <div
            class="ss-action"
            class:ss-open=move || open.get()
            class:ss-in-plan=move || in_plan.get()
            role="listitem"
            id=row_id
            data-testid="action-row"
            data-control=control
            data-points-gain=field(|i| format::data_number(i.gain))
            data-status=field(|i| item_slug(i).to_string())
            data-category=category
            data-service=service
        >
            <div class="ss-action-line">
                <h3 class="ss-action-title" id=title_id.clone()>
                    <button
                        class="ss-action-toggle"
                        aria-expanded=move || open.get().to_string()
                        aria-controls=detail_id.clone()
                        on:click=toggle
                    >
                        <span class="ss-chevron" aria-hidden="true"></span>
                        <span>{title}</span>
                    </button>
                </h3>
                {line}
            </div>
            {move || {
                open.get()
                    .then(|| {
                        view! {
                            <ActionDetail
                                id=id.clone()
                                item=item
                                dom_id=detail_id.clone()
                                labelled_by=title_id.clone()
                            />
                        }
                    })
            }}
        </div>
    }
}

/// Badges, points, gain, impact, cost and status of an action.
fn line(i: &ActionItem, in_plan: bool) -> impl IntoView {
    let gain = if i.gain > 0.0 {
        format!("+{}", format::points(i.gain))
    } else {
        "—".to_string()
    };
    view! {
        <span class="ss-action-badges">
            {(!i.scored).then(|| view! {
                <span class="ss-badge ss-badge-muted">"[Not Scored]"</span>
                " "
                <HelpLink topic="not-scored" label="What is this?" />
            })}
            {in_plan.then(|| view! { <span class="ss-badge ss-badge-plan">"In plan"</span> })}
            <span class="ss-muted ss-action-meta">
                {format!("{} · {}", i.info.category.label(), i.info.service.label())}
            </span>
        </span>
        <span class="ss-action-points ss-num">
            <span class="ss-cell-label">"Points "</span>
            {format!("{} / {}", format::points(i.earned), format::points(i.possible))}
        </span>
        <span class="ss-action-gain ss-num">
            <span class="ss-cell-label">"To gain "</span>
            {gain}
        </span>
        <span class="ss-action-impact">
            <span class="ss-cell-label">"User impact: "</span>
            {i.info.user_impact.label()}
        </span>
        <span class="ss-action-cost">
            <span class="ss-cell-label">"Cost: "</span>
            {i.info.implementation_cost.label()}
        </span>
        <span class="ss-action-status" class:ss-status-set=i.status != Status::ToAddress>
            <span class="ss-cell-label">"Status: "</span>
            {i.status.label()}
            {status_note(i).map(|note| view! { <span class="ss-action-status-note" data-testid="action-status-note">{note}</span> })}
        </span>
    }
}

/// Under a status other than To address: why, until when, by whom and when.
fn status_note(i: &ActionItem) -> Option<String> {
    if i.status == Status::ToAddress {
        return None;
    }
    let note = &i.status_note;
    let mut parts = Vec::new();
    if !note.reason.is_empty() {
        parts.push(format!("“{}”", note.reason));
    }
    if let Some(last) = note.expires {
        parts.push(format!("until {}", format::date(last)));
    }
    match (note.set_by.is_empty(), note.set_on) {
        (false, Some(day)) => parts.push(format!("by {}, {}", note.set_by, format::date(day))),
        (false, None) => parts.push(format!("by {}", note.set_by)),
        (true, Some(day)) => parts.push(format::date(day)),
        (true, None) => {}
    }
    (!parts.is_empty()).then(|| parts.join(" · "))
}
