//! An action's status in Microsoft 365 (Graph `controlStateUpdates`): the
//! current state with who set it and when, the history of changes, and the
//! button that saves the admin's status there.

use chrono::NaiveDate;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::queue_context;
use crate::components::format;
use crate::engine::model::StateUpdate;
use crate::engine::queue::ActionItem;
use crate::engine::status::AdminStatus;
use crate::signin::{use_sign_in, SignIn};
use crate::sources::Sources;
use crate::state::statuses::Statuses;

/// One state in words: "Risk accepted, set by a@x on 4 Dec 2026: “why”,
/// until 31 Mar 2027".
pub fn describe(update: &StateUpdate) -> String {
    let mut text = update.status.label().to_string();
    match (update.updated_by.is_empty(), update.since()) {
        (false, Some(day)) => text.push_str(&format!(
            ", set by {} on {}",
            update.updated_by,
            format::date(day)
        )),
        (false, None) => text.push_str(&format!(", set by {}", update.updated_by)),
        (true, Some(day)) => text.push_str(&format!(", set on {}", format::date(day))),
        (true, None) => {}
    }
    if !update.reason.is_empty() {
        text.push_str(&format!(": “{}”", update.reason));
    }
    if let Some(last) = update.expires {
        text.push_str(&format!(", until {}", format::date(last)));
    }
    if !update.assigned_to.is_empty() {
        text.push_str(&format!(" (assigned to {})", update.assigned_to));
    }
    text
}

/// The action's states in Microsoft 365, newest first; nothing when it
/// never had one.
#[component]
pub fn MicrosoftState(item: Memo<Option<ActionItem>>) -> impl IntoView {
    let today = queue_context().today;
    let updates = Memo::new(move |_| {
        item.with(|i| {
            i.as_ref()
                .map(|i| i.info.state_updates.clone())
                .unwrap_or_default()
        })
    });
    move || {
        let updates = updates.get();
        let current = updates.last()?.clone();
        let lapsed = lapsed_note(&current, today);
        let count = updates.len();
        let history = updates
            .iter()
            .rev()
            .map(|u| view! { <li data-state=u.state.clone()>{describe(u)}</li> })
            .collect_view();
        Some(view! {
            <div class="ss-detail-section ss-ms-state" data-testid="microsoft-state" data-state=current.state.clone()>
                <h4>"In Microsoft 365"</h4>
                <p>{describe(&current)} "."</p>
                {lapsed.map(|text| view! { <p class="ss-muted" data-testid="state-lapsed">{text}</p> })}
                <details>
                    <summary>{format!("History of changes ({count})")}</summary>
                    <ol class="ss-ms-history" data-testid="state-history">{history}</ol>
                </details>
            </div>
        })
    }
}

/// "It lapsed on …" once the expiry written with the state has passed.
fn lapsed_note(update: &StateUpdate, today: NaiveDate) -> Option<String> {
    let last = update.expires.filter(|last| today > *last)?;
    Some(format!(
        "Its expiry ({}) has passed: the action counts as To address again until someone \
         reviews it.",
        format::date(last)
    ))
}

/// Where the admin's own status lives, and the button that saves it to
/// Microsoft 365 when signed in to this tenant.
#[component]
pub fn SaveToMicrosoft(id: String, admin: Memo<Option<AdminStatus>>) -> impl IntoView {
    let ctx = queue_context();
    let sign_in = use_sign_in();
    let sources = use_context::<Sources>();
    let tenant = Memo::new(move |_| {
        ctx.app
            .history()
            .map(|h| h.tenant.id.clone())
            .unwrap_or_default()
    });
    let can_save = move || sign_in.is_some_and(|s| s.can_save(&tenant.get()));
    let offers_sign_in = move || sign_in.is_some_and(|s| s.config.with(Option::is_some));
    let busy = RwSignal::new(false);
    let statuses = ctx.statuses;
    let outcome = {
        let id = id.clone();
        move || statuses.saves.with(|all| all.get(&id).cloned())
    };
    let save = Callback::new(move |()| {
        let (Some(sign_in), Some(status)) = (sign_in, admin.get_untracked()) else {
            return;
        };
        busy.set(true);
        statuses.saves.update(|all| {
            all.remove(&id);
        });
        spawn_local(save_status(
            sign_in,
            sources,
            statuses,
            tenant.get_untracked(),
            id.clone(),
            status,
            busy,
        ));
    });
    view! {
        <Show when=move || admin.with(Option::is_some)>
            <Show
                when=can_save
                fallback=move || view! {
                    <p class="ss-muted ss-status-local" data-testid="status-local-only">
                        "Kept in this browser only: your colleagues and Microsoft's portal do not see it. "
                        {move || if offers_sign_in() {
                            "Sign in with Microsoft to save it to Microsoft 365, or export your statuses from the Data page to pass them on."
                        } else {
                            "Export your statuses from the Data page to pass them on."
                        }}
                    </p>
                }
            >
                <button class="ss-button" data-testid="status-save" disabled=move || busy.get() on:click=move |_| save.run(())>
                    {move || if busy.get() { "Saving to Microsoft 365…" } else { "Save to Microsoft 365" }}
                </button>
                <p class="ss-muted ss-status-local">
                    "Not yet saved: only this browser has it until you save it."
                </p>
            </Show>
        </Show>
        {move || outcome().map(|result| match result {
            Ok(text) => view! { <p class="ss-status-saved" role="status" data-testid="status-saved">{text}</p> }.into_any(),
            Err(text) => view! { <p class="ss-form-error" role="alert" data-testid="status-save-error">{text}</p> }.into_any(),
        })}
    }
}

/// Saves, then lets the data carry the status: the state Microsoft 365
/// accepted joins the tenant's history and the browser's copy goes.
async fn save_status(
    sign_in: SignIn,
    sources: Option<Sources>,
    statuses: Statuses,
    tenant: String,
    id: String,
    status: AdminStatus,
    busy: RwSignal<bool>,
) {
    let now =
        chrono::DateTime::from_timestamp_millis(js_sys::Date::now() as i64).unwrap_or_default();
    let result = sign_in.save_status(&tenant, &id, &status, now).await;
    let _ = busy.try_set(false);
    let result = result.map(|update| {
        if let Some(sources) = sources {
            sources.record_state(&id, update);
        }
        statuses.reset(&id);
        "Saved to Microsoft 365: your colleagues see it after their next refresh, and so does \
         Microsoft's portal."
            .to_string()
    });
    let _ = statuses.saves.try_update(|all| {
        all.insert(id, result);
    });
}
