//! The chart as a table (`history-table`), for screen readers and copying.

use std::sync::Arc;

use leptos::prelude::*;

use super::data::{Prepared, Shared};

use super::Analyzer;
use crate::components::format;
use crate::components::table_scroll::TableScroll;
use crate::engine::model::percent;

/// One row of the table: a day of the prepared history, by index.
#[derive(Clone)]
struct Line {
    prepared: Shared<Prepared>,
    index: usize,
}

impl Line {
    /// Rows keep their DOM while the history stays the same: a new range
    /// adds and removes rows at the ends, it does not rebuild the others.
    fn key(&self) -> (usize, usize) {
        (Arc::as_ptr(&self.prepared.0) as usize, self.index)
    }

    fn view(self) -> impl IntoView {
        let p = &self.prepared;
        let i = self.index;
        let day = &p.days[i];
        let change = i.checked_sub(1).map(|j| day.score - p.days[j].score);
        let notes = day.markers();
        let date = day.date.to_string();
        view! {
            <tr data-date=date.clone()>
                <th scope="row">
                    <time datetime=date.clone()>{format::date(day.date)}</time>
                </th>
                <td class="ss-num">{format::points(day.score)}</td>
                <td class="ss-num">{format::points(day.possible)}</td>
                <td class="ss-num">{format::percent(percent(day.score, day.possible))}</td>
                <td class="ss-num">{change.map(format::delta).unwrap_or_default()}</td>
                <td>{notes.join(", ")}</td>
            </tr>
        }
    }
}

/// The days of the shown range, newest first, in a collapsible section.
#[component]
pub fn HistoryTable() -> impl IntoView {
    let analyzer = expect_context::<Analyzer>();
    let lines = move || {
        let window = analyzer.window.get();
        analyzer.prepared.with(|p| match p {
            Some(p) => window
                .rev()
                .map(|index| Line {
                    prepared: p.clone(),
                    index,
                })
                .collect(),
            None => Vec::new(),
        })
    };
    view! {
        <details class="ss-an-table">
            <summary>"Show the scores as a table"</summary>
            <TableScroll label="Daily scores" class="ss-an-scroll">
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
                    <tbody>
                        <For each=lines key=Line::key let:line>
                            {line.view()}
                        </For>
                    </tbody>
                </table>
            </TableScroll>
        </details>
    }
}
