//! The admin's own statuses as a file: exported to pass them on, imported
//! from a colleague (statuses set without signing in live in one browser).

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::components::csv::download;
use crate::sources::clock;
use crate::state::statuses::{export_all, import_all, use_statuses};
use crate::text::counted;

/// The "Your statuses" card (`statuses-export`, `statuses-import`).
#[component]
pub fn StatusesCard() -> impl IntoView {
    let statuses = use_statuses();
    let result = RwSignal::new(None::<Result<String, String>>);
    let export = move |_| {
        let file = export_all();
        let text = serde_json::to_string_pretty(&file).unwrap_or_default();
        let name = format!("secure-score-statuses-{}.json", clock::today());
        result.set(Some(match download(&name, "application/json", &text) {
            Ok(()) => Ok(format!(
                "{} exported to {name}.",
                statuses_count(file.count())
            )),
            Err(why) => Err(format!("The file could not be saved: {why}.")),
        }));
    };
    let import = move |ev: leptos::ev::Event| {
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        let Some(file) = input.files().and_then(|f| f.get(0)) else {
            return;
        };
        input.set_value("");
        spawn_local(async move {
            let text = JsFuture::from(file.text())
                .await
                .ok()
                .and_then(|t| t.as_string());
            let outcome = match text {
                None => Err(format!("{} could not be read.", file.name())),
                Some(text) => import_all(&text, &statuses)
                    .map(|n| format!("{} imported from {}.", statuses_count(n), file.name()))
                    .map_err(|why| format!("{} was not imported: {why}.", file.name())),
            };
            let _ = result.try_set(Some(outcome));
        });
    };
    view! {
        <section class="ss-card ss-data-statuses" aria-labelledby="ss-data-statuses-title">
            <h2 id="ss-data-statuses-title">"Your statuses"</h2>
            <p>
                "Statuses you set without signing in are kept in this browser only. Export \
                 them to a file to pass them on; importing a colleague's file adds theirs \
                 (theirs win where you both set one action). Signed in, save them to \
                 Microsoft 365 from each action instead: the whole team sees them there."
            </p>
            <div class="ss-data-actions">
                <button type="button" class="ss-button" data-testid="statuses-export" on:click=export>
                    "Export statuses"
                </button>
                <label class="ss-data-file">
                    <span>"Import statuses"</span>
                    <input type="file" accept=".json,application/json" data-testid="statuses-import" on:change=import />
                </label>
            </div>
            {move || result.get().map(|r| match r {
                Ok(text) => view! { <p role="status" data-testid="statuses-result">{text}</p> }.into_any(),
                Err(text) => view! { <p class="ss-form-error" role="alert" data-testid="statuses-result">{text}</p> }.into_any(),
            })}
        </section>
    }
}

/// "1 status", "3 statuses".
fn statuses_count(count: usize) -> String {
    counted(count, "status", "statuses")
}
