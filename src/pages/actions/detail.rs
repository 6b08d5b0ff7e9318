//! The details of an expanded action: what it does, the threats, how to do
//! it, impact and cost, progress, the admin-center link, the projected
//! score and the status editor.

use leptos::prelude::*;

use super::microsoft_state::MicrosoftState;
use super::{queue_context, status_editor::StatusEditor, CONTROL};
use crate::components::format;
use crate::components::rich_text::RichText;
use crate::engine::model::ControlInfo;
use crate::engine::plan::project;
use crate::engine::queue::ActionItem;
use crate::sanitize::safe_url;
use crate::state::route::{Page, Route};

/// The details region of an action.
#[component]
pub fn ActionDetail(
    id: String,
    item: Memo<Option<ActionItem>>,
    dom_id: String,
    labelled_by: String,
) -> impl IntoView {
    let ctx = queue_context();
    // Catalog texts do not change with statuses: read them once.
    let Some(info) = item.with_untracked(|i| i.as_ref().map(|i| i.info.clone())) else {
        return ().into_any();
    };
    let note = ctx
        .shown
        .with_untracked(|s| {
            s.as_ref()
                .and_then(|s| s.day().control(&id).map(|c| c.note.clone()))
        })
        .unwrap_or_default();
    let projected = {
        let id = id.clone();
        Memo::new(move |_| {
            let shown = ctx.shown.get()?;
            let points = ctx
                .statuses
                .overrides
                .with(|o| project(shown.day(), o, ctx.today, &[id.as_str()]));
            Some(points.earned + ctx.offset.get())
        })
    };
    let link = Route::page(Page::Actions)
        .with_param(CONTROL, Some(&id))
        .to_hash();
    view! {
        <div class="ss-action-detail" id=dom_id data-testid="action-detail" role="region" aria-labelledby=labelled_by>
            <div class="ss-detail-grid">
                <div class="ss-detail-main">
                    <Section title="What it does" html=info.description.clone() />
                    <Threats info=info.clone() />
                    <Section title="How to do it" html=info.remediation.clone() />
                    {(!note.trim().is_empty()).then(|| view! { <Section title="What the data says" html=note /> })}
                </div>
                <div class="ss-detail-side">
                    <dl class="ss-facts">
                        <dt>"User impact"</dt>
                        <dd>{info.user_impact.label()}</dd>
                        <dt>"Implementation cost"</dt>
                        <dd>{info.implementation_cost.label()}</dd>
                        <dt>"Category"</dt>
                        <dd>{info.category.label()}</dd>
                        <dt>"Service"</dt>
                        <dd>{info.service.label().to_string()}</dd>
                        {(!info.tier.trim().is_empty()).then(|| view! { <dt>"Tier"</dt><dd>{info.tier.clone()}</dd> })}
                        {(info.rank != u32::MAX).then(|| view! { <dt>"Rank"</dt><dd>{info.rank}</dd> })}
                        <dt>"Points"</dt>
                        <dd class="ss-num">
                            {move || item.with(|i| i.as_ref().map(|i| format!("{} of {}", format::points(i.earned), format::points(i.possible))))}
                        </dd>
                        <dt>"State"</dt>
                        <dd>{move || item.with(|i| i.as_ref().map(|i| i.state.label()))}</dd>
                        <Progress item=item />
                    </dl>
                    {(!info.remediation_impact.trim().is_empty()).then(|| view! {
                        <div class="ss-detail-impact">
                            <h4>"What users notice"</h4>
                            <RichText html=info.remediation_impact.clone() />
                        </div>
                    })}
                    {info.deprecated.then(|| view! { <p class="ss-badge ss-badge-muted">"Deprecated by Microsoft"</p> })}
                    <Projection item=item projected=projected />
                    <StatusEditor id=id.clone() item=item />
                    <MicrosoftState item=item />
                    <p class="ss-detail-links">
                        {admin_link(&info)}
                        <a href=link class="ss-deep-link">"Link to this action"</a>
                    </p>
                </div>
            </div>
        </div>
    }
    .into_any()
}

/// A titled rich-text section; "Not stated" where the data has no text.
#[component]
fn Section(title: &'static str, html: String) -> impl IntoView {
    view! {
        <div class="ss-detail-section">
            <h4>{title}</h4>
            {if html.trim().is_empty() {
                view! { <p class="ss-muted">"Not stated in the data."</p> }.into_any()
            } else {
                view! { <RichText html=html /> }.into_any()
            }}
        </div>
    }
}

/// The threats the action helps protect against.
#[component]
fn Threats(info: ControlInfo) -> impl IntoView {
    view! {
        <div class="ss-detail-section ss-threats">
            <h4>"Threats it helps protect against"</h4>
            {if info.threats.is_empty() {
                view! { <p class="ss-muted">"Not stated in the data."</p> }.into_any()
            } else {
                view! {
                    <ul class="ss-chips">
                        {info.threats.into_iter().map(|t| view! { <li class="ss-chip">{t}</li> }).collect_view()}
                    </ul>
                }
                .into_any()
            }}
        </div>
    }
}

/// Partial progress, e.g. "37 of 50".
#[component]
fn Progress(item: Memo<Option<ActionItem>>) -> impl IntoView {
    move || {
        item.with(|i| i.as_ref().and_then(|i| i.progress)).map(|p| {
            let pct = crate::engine::model::percent(p.done, p.total);
            view! {
                <dt>"Progress"</dt>
                <dd>
                    <span class="ss-num">{format!("{} of {}", format::points(p.done), format::points(p.total))}</span>
                    <span class="ss-muted">" (" {format::percent(pct)} ")"</span>
                    <span class="ss-bar" aria-hidden="true">
                        <span class="ss-bar-fill" style:width=format!("{:.2}%", pct.clamp(0.0, 100.0))></span>
                    </span>
                </dd>
            }
        })
    }
}

/// The score if this action were completed.
#[component]
fn Projection(item: Memo<Option<ActionItem>>, projected: Memo<Option<f64>>) -> impl IntoView {
    let ctx = queue_context();
    view! {
        <p class="ss-projection">
            {move || {
                let current = ctx.current.get();
                let value = projected.get().unwrap_or(current.earned);
                let scored = item.with(|i| i.as_ref().is_some_and(|i| i.scored));
                view! {
                    "If completed, your score would be "
                    <strong class="ss-num" data-testid="projected-score" data-value=format::data_number(value)>
                        {format::points(value)}
                    </strong>
                    " of " {format::points(current.possible)}
                    " (" {format::percent(crate::engine::model::percent(value, current.possible))} ")"
                    {if scored {
                        format!(", {} points.", format::delta(value - current.earned))
                    } else {
                        ": a [Not Scored] action does not change the score.".to_string()
                    }}
                }
            }}
        </p>
    }
}

/// The admin-center link, only for an http(s) URL.
fn admin_link(info: &ControlInfo) -> Option<impl IntoView> {
    let url = info.action_url.as_deref().and_then(safe_url)?;
    Some(view! {
        <a href=url target="_blank" rel="noopener noreferrer" class="ss-admin-link">
            "Open in the admin center"
            <span class="ss-visually-hidden">" (opens in a new tab)"</span>
        </a>
    })
}
