//! The events an instance dispatches on its mount element (bubbling, and
//! composed so they cross a shadow root), for the host page:
//!
//! - `securescore:loaded`, detail `{score, maximum, percent, date, tenant:
//!   {id, name}}`: when a history is shown, on start and on every change of
//!   the data, the shown tenant or the score (e.g. a status the admin sets);
//!   numbers as in the `data-value` hooks (two decimals), date `YYYY-MM-DD`.
//! - `securescore:dayselected`, detail `{date}`: when the Score Analyzer's
//!   selected day changes (its `day` URL parameter).
//! - `securescore:error`, detail `{message}`: whenever the app-level error
//!   is set.

use std::cell::RefCell;

use js_sys::{Object, Reflect};
use leptos::prelude::*;
use wasm_bindgen::JsValue;

use super::{Embed, View};
use crate::engine::model::round2;
use crate::engine::summary::with_statuses;
use crate::sources::clock;
use crate::state::route::Page;
use crate::state::statuses::use_statuses;
use crate::state::AppState;

/// Name of the event sent when a score is shown.
pub const LOADED: &str = "securescore:loaded";
/// Name of the event sent when the analyzer's day changes.
pub const DAY_SELECTED: &str = "securescore:dayselected";
/// Name of the event sent when an error is shown.
pub const ERROR: &str = "securescore:error";

/// What `securescore:loaded` tells, compared to send each change once.
#[derive(Clone, Debug, PartialEq)]
pub struct Loaded {
    pub score: f64,
    pub maximum: f64,
    pub percent: f64,
    pub date: String,
    pub tenant_id: String,
    pub tenant_name: String,
}

impl Loaded {
    fn detail(&self) -> JsValue {
        let tenant = object(&[
            ("id", JsValue::from_str(&self.tenant_id)),
            ("name", JsValue::from_str(&self.tenant_name)),
        ]);
        object(&[
            ("score", JsValue::from_f64(self.score)),
            ("maximum", JsValue::from_f64(self.maximum)),
            ("percent", JsValue::from_f64(self.percent)),
            ("date", JsValue::from_str(&self.date)),
            ("tenant", tenant),
        ])
    }
}

/// Dispatches the events of this instance from now on.
pub fn connect(state: AppState, embed: &Embed) {
    let Some(target) = embed
        .host_element()
        .or_else(|| document().body().map(Into::into))
    else {
        return;
    };
    // Where errors reported without a reactive owner go (see report_error_for).
    let registered: web_sys::EventTarget = target.clone().into();
    TARGETS.with(|t| t.borrow_mut().push((state.error, registered)));
    on_cleanup(move || TARGETS.with(|t| t.borrow_mut().retain(|(s, _)| *s != state.error)));
    let target = StoredValue::new_local(target);
    let send = move |name: &str, detail: JsValue| {
        target.with_value(|t| dispatch(t, name, &detail));
    };

    // loaded: the score the app shows (with the admin's statuses, as the
    // Overview's score-current and the widget).
    let statuses = use_statuses();
    let today = clock::today();
    // While the sources load the configured data, what shows is not yet
    // the host's data: no event until they are done.
    let sources = use_context::<crate::sources::Sources>();
    let loaded = Memo::new(move |_| {
        if sources.is_some_and(|s| s.load.starting.get()) {
            return None;
        }
        let history = state.history()?;
        let day = history.latest()?;
        let points = statuses
            .overrides
            .with(|overrides| with_statuses(day, overrides, today));
        Some(Loaded {
            score: round2(points.earned),
            maximum: round2(points.possible),
            percent: round2(points.percent()),
            date: day.date.to_string(),
            tenant_id: history.tenant.id.clone(),
            tenant_name: history.tenant.name.clone(),
        })
    });
    Effect::new(move |_| {
        if let Some(loaded) = loaded.get() {
            send(LOADED, loaded.detail());
        }
    });

    // error: every new message of the app-level alert.
    Effect::new(move |previous: Option<Option<String>>| {
        let message = state.error.get();
        if let Some(text) = message.as_deref().filter(|t| !t.trim().is_empty()) {
            if previous.flatten().as_deref() != Some(text) {
                send(ERROR, object(&[("message", JsValue::from_str(text))]));
            }
        }
        message
    });

    // dayselected: the analyzer's `day` parameter; the widget has no analyzer.
    if embed.view == View::Full {
        let day = Memo::new(move |_| {
            state.router.route.with(|r| {
                (r.page == Page::Analyzer)
                    .then(|| r.param("day").map(str::to_string))
                    .flatten()
            })
        });
        Effect::new(move |previous: Option<Option<String>>| {
            let current = day.get();
            let previous = previous.flatten();
            if let Some(date) = current.as_deref() {
                if previous.as_deref() != Some(date) {
                    send(DAY_SELECTED, object(&[("date", JsValue::from_str(date))]));
                }
            }
            // Leaving the analyzer keeps the last day: coming back to the
            // same day is no change.
            current.or(previous)
        });
    }
}

thread_local! {
    /// The mount element of every connected instance, by its app state's
    /// error signal.
    static TARGETS: RefCell<Vec<(RwSignal<Option<String>>, web_sys::EventTarget)>> =
        const { RefCell::new(Vec::new()) };
}

/// Sends an error to the host of the instance whose state is `app`,
/// without showing it in the app (for errors a component shows itself,
/// e.g. an import error on the Data page). Works outside a reactive owner
/// (in `spawn_local` tasks).
pub fn report_error_for(app: &AppState, message: &str) {
    let target = TARGETS.with(|t| {
        t.borrow()
            .iter()
            .find(|(error, _)| *error == app.error)
            .map(|(_, target)| target.clone())
    });
    send_error(target, message);
}

fn send_error(target: Option<web_sys::EventTarget>, message: &str) {
    let target = target.or_else(|| document().body().map(Into::into));
    if let Some(target) = target {
        dispatch(
            &target,
            ERROR,
            &object(&[("message", JsValue::from_str(message))]),
        );
    }
}

/// Dispatches a bubbling, composed CustomEvent `name` with `detail`.
pub fn dispatch(target: &web_sys::EventTarget, name: &str, detail: &JsValue) {
    let init = web_sys::CustomEventInit::new();
    init.set_bubbles(true);
    init.set_composed(true);
    init.set_detail(detail);
    if let Ok(event) = web_sys::CustomEvent::new_with_event_init_dict(name, &init) {
        let _ = target.dispatch_event(&event);
    }
}

fn object(pairs: &[(&str, JsValue)]) -> JsValue {
    let object = Object::new();
    for (key, value) in pairs {
        let _ = Reflect::set(&object, &JsValue::from_str(key), value);
    }
    object.into()
}
