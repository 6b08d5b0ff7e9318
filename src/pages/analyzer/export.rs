//! Exports: the shown range of the history as CSV, and the chart as a
//! standalone SVG file.

use leptos::prelude::*;

use super::{chart, Analyzer};
use crate::charts::history_chart::{self, ChartDay};
use crate::components::dom::closest;
use crate::components::{csv, format};
use crate::engine::model::percent;

/// The days as CSV (CRLF line ends): date, score, possible, percent, the
/// change against the previous day of data, and the day's flags (score
/// dropped, scope change, catalog change). `before`
/// is the day of data before the first one, for its change.
pub fn history_csv(days: &[ChartDay], before: Option<&ChartDay>) -> String {
    let mut out = String::from(
        "date,score,possible,percent,change,score_dropped,scope_change,catalog_change\r\n",
    );
    let mut previous = before;
    for day in days {
        let change = previous
            .map(|p| format::data_number(day.score - p.score))
            .unwrap_or_default();
        let fields = [
            day.date.to_string(),
            format::data_number(day.score),
            format::data_number(day.possible),
            format::data_number(percent(day.score, day.possible)),
            change,
            day.regression.to_string(),
            day.scope_change.to_string(),
            day.catalog_change.to_string(),
        ];
        // Numbers and dates only: no field needs guarding, but quote any
        // that would need it all the same.
        let line: Vec<String> = fields
            .iter()
            .map(|f| {
                if f.starts_with('-') {
                    f.clone()
                } else {
                    csv::cell(f)
                }
            })
            .collect();
        out.push_str(&line.join(","));
        out.push_str("\r\n");
        previous = Some(day);
    }
    out
}

/// The CSV export of the shown range (`export-history-csv`) and the SVG
/// export of the chart (`export-chart-svg`).
#[component]
pub fn ExportButtons() -> impl IntoView {
    let analyzer = expect_context::<Analyzer>();
    let drawn = chart::use_chart().drawn;
    let app = crate::app::use_app();
    let name = move |ext: &str| {
        let (from, to) = analyzer.range.get_untracked().unzip();
        format!(
            "secure-score-history-{}-{}.{ext}",
            from.map(|d| d.to_string()).unwrap_or_default(),
            to.map(|d| d.to_string()).unwrap_or_default()
        )
    };
    let csv = move |_| {
        let text = analyzer.prepared.with_untracked(|p| {
            let p = p.as_ref()?;
            let shown = analyzer.window.get_untracked();
            let before = shown.start.checked_sub(1).and_then(|i| p.days.get(i));
            Some(history_csv(&p.days[shown], before))
        });
        if let Some(text) = text {
            if let Err(e) = csv::download_csv(&name("csv"), &text) {
                app.error.set(Some(e));
            }
        }
    };
    let svg = move |ev: leptos::ev::MouseEvent| {
        let Some(Ok(chart)) = drawn.get_untracked() else {
            return;
        };
        // This instance's chart: a portal may show several.
        let root = closest(ev.target(), ".ss-root")
            .and_then(|root| root.query_selector(".ss-an-chart").ok().flatten());
        let style = root.and_then(|el| window().get_computed_style(&el).ok().flatten());
        let read = |var: &str| {
            style
                .as_ref()
                .and_then(|s| s.get_property_value(var).ok())
                .map(|v| v.trim().to_string())
                .unwrap_or_default()
        };
        let colours: Vec<(&str, String)> = history_chart::THEME_CLASSES
            .iter()
            .map(|(class, var)| (*class, read(var)))
            .collect();
        let text = history_chart::standalone(&chart.svg, &colours, &read("--ss-surface"));
        if let Err(e) = csv::download(&name("svg"), "image/svg+xml", &text) {
            app.error.set(Some(e));
        }
    };
    view! {
        <button type="button" class="ss-button" data-testid="export-history-csv" on:click=csv>
            "Export range as CSV"
        </button>
        <button type="button" class="ss-button" data-testid="export-chart-svg" on:click=svg>
            "Export chart as SVG"
        </button>
    }
}
