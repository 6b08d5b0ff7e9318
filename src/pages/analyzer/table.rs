//! The chart as a table (`history-table`), for screen readers and copying.

use leptos::prelude::*;

use super::{dates, Analyzer};
use crate::components::format;
use crate::engine::model::percent;

/// The days of the shown range, newest first, in a collapsible section.
#[component]
pub fn HistoryTable() -> impl IntoView {
    let analyzer = expect_context::<Analyzer>();
    let rows = move || {
        let window = analyzer.window.get();
        let format = dates();
        analyzer.prepared.with(|p| {
            let Some(p) = p.as_ref() else {
                return Vec::new();
            };
            window
                .clone()
                .rev()
                .map(|i| {
                    let day = &p.days[i];
                    let change = i.checked_sub(1).map(|j| day.score - p.days[j].score);
                    let mut notes = Vec::new();
                    if day.regression {
                        notes.push("score dropped");
                    }
                    if day.scope_change {
                        notes.push("scope change");
                    }
                    if day.catalog_change {
                        notes.push("catalog change");
                    }
                    view! {
                        <tr data-date=day.date.to_string()>
                            <th scope="row">
                                <time datetime=day.date.to_string()>{format.long(day.date)}</time>
                            </th>
                            <td class="ss-num">{format::points(day.score)}</td>
                            <td class="ss-num">{format::points(day.possible)}</td>
                            <td class="ss-num">{format::percent(percent(day.score, day.possible))}</td>
                            <td class="ss-num">{change.map(format::delta).unwrap_or_default()}</td>
                            <td>{notes.join(", ")}</td>
                        </tr>
                    }
                })
                .collect::<Vec<_>>()
        })
    };
    view! {
        <details class="ss-an-table">
            <summary>"Show the scores as a table"</summary>
            <div class="ss-an-scroll">
                <table data-testid="history-table">
                    <caption class="ss-visually-hidden">"Daily score of the shown range, newest first"</caption>
                    <thead>
                        <tr>
                            <th scope="col">"Date"</th>
                            <th scope="col" class="ss-num">"Score"</th>
                            <th scope="col" class="ss-num">"Possible"</th>
                            <th scope="col" class="ss-num">"Percent"</th>
                            <th scope="col" class="ss-num">"Change"</th>
                            <th scope="col">"Notes"</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </details>
    }
}
