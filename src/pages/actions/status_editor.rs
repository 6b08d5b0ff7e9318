//! The status an admin sets on an action: To address, Planned, Risk accepted
//! (with a required reason and an optional expiry date) or resolved.

use chrono::NaiveDate;
use leptos::prelude::*;

use super::filters::{parse_status, status_slug};
use super::microsoft_state::SaveToMicrosoft;
use super::queue_context;
use crate::components::choice::Choice;
use crate::components::format;
use crate::engine::model::Status;
use crate::engine::queue::ActionItem;
use crate::engine::status::AdminStatus;

/// The status select of an action and what goes with it.
#[component]
pub fn StatusEditor(id: String, item: Memo<Option<ActionItem>>) -> impl IntoView {
    let ctx = queue_context();
    let statuses = ctx.statuses;
    let today = ctx.today;
    let admin = {
        let id = id.clone();
        Memo::new(move |_| statuses.overrides.with(|o| o.get(&id).cloned()))
    };
    // A choice not saved yet: Risk accepted waits for its reason.
    let pending = RwSignal::new(None::<Status>);
    let reason = RwSignal::new(String::new());
    let expires = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let shown_status = move || {
        pending
            .get()
            .or_else(|| item.with(|i| i.as_ref().map(|i| i.status)))
            .unwrap_or_default()
    };
    let data_status = move || {
        item.with(|i| i.as_ref().map(|i| i.data_status))
            .unwrap_or_default()
    };
    let select_id = format!("ss-status-{id}");
    let reason_id = format!("ss-reason-{id}");
    let expires_id = format!("ss-expires-{id}");
    let error_id = format!("ss-reason-error-{id}");
    let reason_box = NodeRef::<leptos::html::Textarea>::new();

    let apply = {
        let id = id.clone();
        move |status: Status| {
            if status == data_status() {
                statuses.reset(&id);
            } else {
                statuses.set(&id, AdminStatus::new(status).set_on(today));
            }
        }
    };
    let open_form = move || {
        let current = admin.get_untracked();
        reason.set(
            current
                .as_ref()
                .map(|a| a.reason.clone())
                .unwrap_or_default(),
        );
        expires.set(
            current
                .and_then(|a| a.expires)
                .map(|d| d.to_string())
                .unwrap_or_default(),
        );
        error.set(None);
        pending.set(Some(Status::RiskAccepted));
    };
    let on_change = {
        let apply = apply.clone();
        Callback::new(move |value: String| {
            let Some(status) = parse_status(&value) else {
                return;
            };
            if status == Status::RiskAccepted {
                open_form();
            } else {
                pending.set(None);
                apply(status);
            }
        })
    };
    let save = {
        let id = id.clone();
        move || {
            let why = reason.get_untracked().trim().to_string();
            if why.is_empty() {
                error.set(Some("Give a reason for accepting the risk.".to_string()));
                if let Some(textarea) = reason_box.get_untracked() {
                    let _ = textarea.focus();
                }
                return;
            }
            let text = expires.get_untracked();
            let until = if text.trim().is_empty() {
                None
            } else {
                match NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d") {
                    Ok(date) if date >= today => Some(date),
                    Ok(_) => {
                        error.set(Some("The expiry date is in the past.".to_string()));
                        return;
                    }
                    Err(_) => {
                        error.set(Some("The expiry date is not a date.".to_string()));
                        return;
                    }
                }
            };
            statuses.set(
                &id,
                AdminStatus {
                    reason: why,
                    expires: until,
                    ..AdminStatus::new(Status::RiskAccepted).set_on(today)
                },
            );
            error.set(None);
            pending.set(None);
        }
    };
    let reset = {
        let id = id.clone();
        move |_| {
            pending.set(None);
            statuses.reset(&id);
        }
    };

    view! {
        <div class="ss-status-editor">
            <label for=select_id.clone()>"Status"</label>
            <Choice
                id=select_id
                testid="action-status"
                options=Status::ALL.map(|s| (status_slug(s).to_string(), s.label().to_string())).to_vec()
                value=Signal::derive(move || status_slug(shown_status()).to_string())
                on_change=on_change
            />
            {move || {
                (pending.get() == Some(Status::RiskAccepted))
                    .then(|| {
                        let save = save.clone();
                        view! {
                            <form
                                class="ss-risk-form"
                                novalidate
                                on:submit=move |ev| {
                                    ev.prevent_default();
                                    save();
                                }
                            >
                                <label for=reason_id.clone()>"Reason (required)"</label>
                                <textarea
                                    node_ref=reason_box
                                    id=reason_id.clone()
                                    rows="2"
                                    required
                                    aria-required="true"
                                    aria-invalid=move || error.get().is_some().to_string()
                                    aria-describedby=error_id.clone()
                                    prop:value=move || reason.get()
                                    on:input=move |ev| reason.set(event_target_value(&ev))
                                ></textarea>
                                <label for=expires_id.clone()>"Expires after (optional)"</label>
                                <input
                                    id=expires_id.clone()
                                    type="date"
                                    min=today.to_string()
                                    prop:value=move || expires.get()
                                    on:input=move |ev| expires.set(event_target_value(&ev))
                                />
                                <p class="ss-form-error" id=error_id.clone() role="alert">
                                    {move || error.get()}
                                </p>
                                <div class="ss-form-buttons">
                                    <button type="submit" class="ss-button ss-primary">"Accept the risk"</button>
                                    <button type="button" class="ss-button" on:click=move |_| pending.set(None)>
                                        "Cancel"
                                    </button>
                                </div>
                            </form>
                        }
                    })
            }}
            <p class="ss-status-note ss-muted" data-testid="status-note">
                {move || note(admin.get(), data_status(), today)}
            </p>
            <SaveToMicrosoft id=id.clone() admin=admin />
            {move || {
                admin.with(Option::is_some)
                    .then(|| {
                        let reset = reset.clone();
                        view! {
                            <button class="ss-button ss-reset-status" on:click=reset>
                                "Reset to the data's status"
                            </button>
                        }
                    })
            }}
            <p class="ss-muted ss-status-help">
                "Risk accepted earns no points; resolved through a third party or an alternate mitigation earns the full points. "
                "Planned changes nothing until done; it counts in the planning projection."
            </p>
        </div>
    }
}

/// Where the status comes from, in words.
fn note(admin: Option<AdminStatus>, data: Status, today: NaiveDate) -> String {
    match admin {
        Some(a) if a.has_lapsed(today) => format!(
            "Your status {} lapsed: it expired on {}; the data's status ({}) applies.",
            a.status.label(),
            a.expires.map(format::date).unwrap_or_default(),
            data.label()
        ),
        Some(a) => {
            let mut text = match a.since {
                Some(day) => format!("Set by you on {}", format::date(day)),
                None => "Set by you".to_string(),
            };
            if !a.reason.is_empty() {
                text.push_str(&format!(": “{}”", a.reason));
            }
            if let Some(until) = a.expires {
                text.push_str(&format!(", until {}", format::date(until)));
            }
            text.push('.');
            text
        }
        None if data != Status::ToAddress => {
            format!("Status in the data (Microsoft 365): {}.", data.label())
        }
        None => String::new(),
    }
}
