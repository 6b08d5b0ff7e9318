//! Exports: the shown range of the history as CSV, and the chart as a
//! standalone SVG file in the page's theme.

use leptos::prelude::*;

use super::{chart, Analyzer};
use crate::chart::svg::{svg, Ink, Look};
use crate::chart::ChartDay;
use crate::components::{csv, format};
use crate::dom::closest;
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
    let app = crate::state::use_app();
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
    let picture = move |ev: leptos::ev::MouseEvent| {
        let Some(drawing) = drawn.get_untracked() else {
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
        let colours = Ink::ALL.map(|ink| read(theme_property(ink)));
        let background = read("--ss-surface");
        let look = Look {
            title: Some("Secure Score history"),
            colours: std::array::from_fn(|i| colours[i].as_str()),
            background: Some(&background),
        };
        let text = svg(&drawing.geometry, &look);
        if let Err(e) = csv::download(&name("svg"), "image/svg+xml", &text) {
            app.error.set(Some(e));
        }
    };
    view! {
        <button type="button" class="ss-button" data-testid="export-history-csv" on:click=csv>
            "Export range as CSV"
        </button>
        <button type="button" class="ss-button" data-testid="export-chart-svg" on:click=picture>
            "Export chart as SVG"
        </button>
    }
}

/// The custom property of the stylesheet (style/main.css) that gives an
/// ink its colour in the current theme.
fn theme_property(ink: Ink) -> &'static str {
    match ink {
        Ink::Grid => "--ss-border",
        Ink::Axis | Ink::Text => "--ss-muted",
        Ink::Score => "--ss-chart-score",
        Ink::Possible => "--ss-chart-max",
        Ink::Average => "--ss-chart-avg",
        Ink::Scope => "--ss-warn",
        Ink::Catalog => "--ss-an-catalog",
        Ink::Regression => "--ss-bad",
    }
}
