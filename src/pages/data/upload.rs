//! The file picker and the list of the last import's inputs.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::components::help_link::HelpLink;
use crate::components::table_scroll::TableScroll;
use crate::sources::import::{megabytes, size_label, MAX_BYTES};
use crate::sources::upload::{files_of, json_files};
use crate::sources::use_sources;

/// The file picker (`file-input`).
#[component]
pub fn UploadCard() -> impl IntoView {
    let sources = use_sources();
    // Files the input holds, emptied so that choosing the same again fires
    // `change` again.
    let chosen = |ev: leptos::ev::Event| {
        let input = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())?;
        let files = files_of(input.files());
        input.set_value("");
        Some(files)
    };
    let on_change = move |ev| {
        if let Some(files) = chosen(ev) {
            sources.upload(files);
        }
    };
    let on_folder = move |ev| {
        let Some(files) = chosen(ev) else { return };
        let json = json_files(files);
        if json.is_empty() {
            sources.say(
                "The chosen folder",
                "It holds no .json file: choose the folder the exports were saved in.",
            );
        } else {
            sources.upload(json);
        }
    };
    view! {
        <section class="ss-card ss-data-upload" aria-labelledby="ss-data-upload-title">
            <h2 id="ss-data-upload-title">"Upload files"</h2>
            <p>
                "Microsoft Graph " <code>"secureScores"</code> " and "
                <code>"secureScoreControlProfiles"</code>
                " responses (as returned, several pages, or PowerShell's ConvertTo-Json \
                 output), Secure Score snapshot files, or a baseline catalog. Select the \
                 scores and the profiles together: the profiles give the actions their \
                 titles and points."
            </p>
            <label class="ss-data-file">
                <span>"Choose JSON files"</span>
                <input
                    type="file"
                    multiple
                    accept=".json,application/json"
                    data-testid="file-input"
                    on:change=on_change
                />
            </label>
            <label class="ss-data-file">
                <span>"Choose a folder"</span>
                <input
                    type="file"
                    multiple
                    prop:webkitdirectory=true
                    data-testid="folder-input"
                    on:change=on_folder
                />
            </label>
            <p class="ss-muted ss-data-hint">
                "Or drop files anywhere on the page. Up to " {megabytes(MAX_BYTES)}
                " per file. Files of several tenants (one or more each) are kept apart and \
                 compared on the Fleet page; from a folder, its .json files are read."
            </p>
            <details class="ss-details ss-data-export" data-testid="export-howto">
                <summary>"How to export them without signing in here"</summary>
                <p>"With Microsoft Graph PowerShell, as an account with a security read role:"</p>
                // Focusable: the keyboard scrolls its long lines.
                <pre tabindex="0"><code>
                    "Connect-MgGraph -Scopes SecurityEvents.Read.All\n\
                     Get-MgSecuritySecureScore -All | ConvertTo-Json -Depth 10 -AsArray | Out-File secureScores.json\n\
                     Get-MgSecuritySecureScoreControlProfile -All | ConvertTo-Json -Depth 10 -AsArray | Out-File profiles.json"
                </code></pre>
                <p>
                    "Or copy both answers from Graph Explorer. "
                    <HelpLink topic="get-files" label="Step by step" />
                </p>
            </details>
        </section>
    }
}

/// The inputs of the last import: name, format, days, tenant.
#[component]
pub fn FileList() -> impl IntoView {
    let sources = use_sources();
    move || {
        let rows = sources.report.files.get();
        (!rows.is_empty()).then(|| {
            let rows = rows
                .into_iter()
                .map(|row| {
                    let ok = row.error.is_none();
                    let status = if ok { "ok" } else { "error" };
                    let tenants = if row.tenants.is_empty() {
                        "—".to_string()
                    } else {
                        row.tenants.join(", ")
                    };
                    let what = match (&row.format, row.detail.is_empty()) {
                        (Some(format), true) => format.clone(),
                        (Some(format), false) => format!("{format} ({})", row.detail),
                        (None, _) => "not recognized".to_string(),
                    };
                    view! {
                        <tr
                            data-testid="file-row"
                            data-name=row.name.clone()
                            data-status=status
                            data-format=row.format.clone().unwrap_or_default()
                            data-days=row.days.map(|d| d.to_string())
                            data-parse-ms=row.parse_ms.map(|ms| format!("{ms:.0}"))
                        >
                            <th scope="row" class="ss-data-name">
                                {row.name.clone()}
                                {row.size.map(|s| view! { <span class="ss-muted ss-data-size">{size_label(s)}</span> })}
                            </th>
                            <td>{what}</td>
                            <td class="ss-num">{row.days.map_or_else(|| "—".to_string(), |d| d.to_string())}</td>
                            <td class="ss-data-name">{tenants}</td>
                            <td>
                                {match row.error {
                                    None => view! { <span class="ss-data-ok">"Imported"</span> }.into_any(),
                                    Some(error) => view! { <span class="ss-data-bad">{error}</span> }.into_any(),
                                }}
                            </td>
                        </tr>
                    }
                })
                .collect_view();
            view! {
                <section class="ss-card ss-data-files" aria-labelledby="ss-data-files-title">
                    <h2 id="ss-data-files-title">"Last import"</h2>
                    <TableScroll label="Last import">
                        <table>
                            <thead>
                                <tr>
                                    <th scope="col">"File"</th>
                                    <th scope="col">"Format"</th>
                                    <th scope="col" class="ss-num">"Days"</th>
                                    <th scope="col">"Tenant"</th>
                                    <th scope="col">"Result"</th>
                                </tr>
                            </thead>
                            <tbody>{rows}</tbody>
                        </table>
                    </TableScroll>
                </section>
            }
        })
    }
}
