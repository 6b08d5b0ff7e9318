//! The Score Analyzer page: the score history as a chart (with a table
//! alternative and exports), a day picked on it broken down control by
//! control, and what changed against the previous (or any other) day.
//!
//! All of the page's state is in the URL hash (see [`params`]), so a
//! reload or a shared link opens the same range and day.

mod breakdown;
mod changes;
mod chart;
pub mod data;
pub mod export;
pub mod params;
mod table;

use std::ops::Range;
use std::sync::Arc;

use chrono::NaiveDate;
use leptos::prelude::*;

use crate::chart::Unit;
use crate::state::route::Router;
use crate::state::use_app;
use data::{Prepared, Shared};
use params::{Params, RangeKind};

/// What the parts of the page share, provided as a context.
#[derive(Clone, Copy)]
pub struct Analyzer {
    pub prepared: Memo<Option<Shared<Prepared>>>,
    pub params: Memo<Params>,
    pub unit: Memo<Unit>,
    /// The chart's first and last date.
    pub range: Memo<Option<(NaiveDate, NaiveDate)>>,
    /// The days of the range, as indexes into `prepared.days`.
    pub window: Memo<Range<usize>>,
    /// The selected day: the URL's `day` when the history has it, else the
    /// newest day.
    pub selected: Memo<Option<NaiveDate>>,
    /// The day the selected one is compared with: the URL's `vs`, else
    /// the day before it in the history.
    pub compare_with: Memo<Option<NaiveDate>>,
    pub router: Router,
}

impl Analyzer {
    /// Builds the page state from the app's history and route.
    pub fn from_app() -> Analyzer {
        let app = use_app();
        let router = app.router;
        let prepared = Memo::new(move |previous: Option<&Option<Shared<Prepared>>>| {
            let history = app.history()?;
            // Same history as before: keep the prepared data.
            if let Some(Some(p)) = previous {
                if Arc::ptr_eq(&p.history, &history) {
                    return Some(p.clone());
                }
            }
            Some(Shared(Arc::new(Prepared::new(history))))
        });
        let params = Memo::new(move |_| router.route.with(Params::from_route));
        let unit = Memo::new(move |_| params.with(|p| p.unit));
        let range = Memo::new(move |_| {
            let spec = params.with(|p| (p.range, p.from, p.to));
            prepared.with(|p| {
                let p = p.as_ref()?;
                let (first, last) = (p.first()?, p.last()?);
                let params = Params {
                    range: spec.0,
                    from: spec.1,
                    to: spec.2,
                    day: None,
                    vs: None,
                    unit: Unit::Points,
                };
                Some(params.resolve(first, last))
            })
        });
        let window = Memo::new(move |_| {
            prepared.with(|p| match (p, range.get()) {
                (Some(p), Some((from, to))) => p.window(from, to),
                _ => 0..0,
            })
        });
        let selected = Memo::new(move |_| {
            let wanted = params.with(|p| p.day);
            prepared.with(|p| {
                let p = p.as_ref()?;
                wanted
                    .filter(|d| p.index_of(*d).is_some())
                    .or_else(|| p.last())
            })
        });
        let compare_with = Memo::new(move |_| {
            let vs = params.with(|p| p.vs);
            let day = selected.get()?;
            prepared.with(|p| {
                let p = p.as_ref()?;
                match vs.filter(|d| *d != day && p.index_of(*d).is_some()) {
                    Some(d) => Some(d),
                    None => {
                        let i = p.index_of(day)?;
                        i.checked_sub(1).map(|j| p.days[j].date)
                    }
                }
            })
        });
        Analyzer {
            prepared,
            params,
            unit,
            range,
            window,
            selected,
            compare_with,
            router,
        }
    }

    /// Sets (or, with `None`, removes) URL parameters of the page. With
    /// `replace`, the browser history gets no new entry.
    pub fn set(&self, changes: &[(&str, Option<String>)], replace: bool) {
        let mut route = self.router.route.get_untracked();
        for (key, value) in changes {
            route = route.with_param(key, value.as_deref());
        }
        self.router.go(route, replace);
    }

    /// Selects a day. The range goes into the URL too, so that a shared
    /// link shows the same chart whatever the default.
    pub fn select(&self, day: NaiveDate, replace: bool) {
        let range = self.params.with_untracked(|p| p.range.slug());
        self.set(
            &[("range", Some(range)), ("day", Some(day.to_string()))],
            replace,
        );
    }
}

/// The Analyzer page.
#[component]
pub fn AnalyzerPage() -> impl IntoView {
    let analyzer = Analyzer::from_app();
    provide_context(analyzer);
    let has_data = move || {
        analyzer
            .prepared
            .with(|p| p.as_ref().is_some_and(|p| !p.days.is_empty()))
    };
    view! {
        <section class="ss-page ss-analyzer" aria-labelledby="ss-analyzer-title">
            <h1 id="ss-analyzer-title">"Score Analyzer"</h1>
            <Show
                when=has_data
                fallback=|| {
                    view! {
                        <div class="ss-card">
                            <p>"No score history is loaded."</p>
                            <p>
                                <a href="#/data">"Load data on the Data page"</a>
                            </p>
                        </div>
                    }
                }
            >
                <ChartCard />
                <DayCards />
            </Show>
        </section>
    }
}

/// The chart with its controls, legend, table and exports.
#[component]
fn ChartCard() -> impl IntoView {
    chart::provide_chart(expect_context::<Analyzer>());
    view! {
        <section class="ss-card ss-an-chart-card" aria-labelledby="ss-an-history-title">
            <div class="ss-an-head">
                <h2 id="ss-an-history-title">"Score history"</h2>
                <RangeControls />
                <UnitToggle />
            </div>
            <chart::Legend />
            <chart::HistoryChart />
            <p class="ss-muted ss-an-hint">
                "Click a day, or focus the chart and use the arrow keys, Home and End, to see its breakdown below."
            </p>
            <div class="ss-an-exports">
                <export::ExportButtons />
            </div>
            <table::HistoryTable />
        </section>
    }
}

/// The range select, and the date inputs of a custom range.
#[component]
fn RangeControls() -> impl IntoView {
    let analyzer = expect_context::<Analyzer>();
    let kind = Memo::new(move |_| analyzer.params.with(|p| p.range));
    let bounds = Memo::new(move |_| {
        analyzer
            .prepared
            .with(|p| p.as_ref().and_then(|p| Some((p.first()?, p.last()?))))
    });
    let on_range = move |ev| {
        let Some(choice) = RangeKind::parse(&event_target_value(&ev)) else {
            return;
        };
        let mut changes = vec![("range", Some(choice.slug()))];
        if choice == RangeKind::Custom {
            // Start the custom range from what is shown now.
            if let Some((from, to)) = analyzer.range.get_untracked() {
                changes.push(("from", Some(from.to_string())));
                changes.push(("to", Some(to.to_string())));
            }
        } else {
            changes.push(("from", None));
            changes.push(("to", None));
        }
        analyzer.set(&changes, false);
    };
    let date_input = move |key: &'static str, label: &'static str| {
        let value = move || {
            analyzer
                .range
                .get()
                .map(|(from, to)| if key == "from" { from } else { to }.to_string())
                .unwrap_or_default()
        };
        view! {
            <label class="ss-an-field">
                <span>{label}</span>
                <input
                    type="date"
                    data-testid=format!("range-{key}")
                    prop:value=value
                    min=move || bounds.get().map(|b| b.0.to_string())
                    max=move || bounds.get().map(|b| b.1.to_string())
                    on:change=move |ev| {
                        if let Some(date) = params::parse_date(&event_target_value(&ev)) {
                            analyzer.set(&[(key, Some(date.to_string()))], false);
                        }
                    }
                />
            </label>
        }
    };
    view! {
        <div class="ss-an-range">
            <label class="ss-an-field">
                <span>"Range"</span>
                <select data-testid="range-select" on:change=on_range prop:value=move || kind.get().slug()>
                    {RangeKind::CHOICES
                        .into_iter()
                        .map(|k| {
                            view! {
                                <option value=k.slug() selected=move || kind.get() == k>
                                    {k.label()}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </label>
            <Show when=move || kind.get() == RangeKind::Custom>
                {date_input("from", "From")}
                {date_input("to", "To")}
            </Show>
        </div>
    }
}

/// Points or percent.
#[component]
fn UnitToggle() -> impl IntoView {
    let analyzer = expect_context::<Analyzer>();
    let button = move |unit: Unit, label: &'static str| {
        view! {
            <button
                type="button"
                class="ss-button"
                data-testid=format!("unit-{}", unit.slug())
                aria-pressed=move || (analyzer.unit.get() == unit).to_string()
                on:click=move |_| {
                    let value = (unit == Unit::Percent).then(|| unit.slug().to_string());
                    analyzer.set(&[("unit", value)], false);
                }
            >
                {label}
            </button>
        }
    };
    view! {
        <div class="ss-an-unit" role="group" aria-label="Show the score as">
            {button(Unit::Points, "Points")}
            {button(Unit::Percent, "Percent")}
        </div>
    }
}

/// The selected day: its summary, what changed, and its controls.
#[component]
fn DayCards() -> impl IntoView {
    view! {
        <breakdown::DaySummary />
        <changes::WhatChanged />
        <breakdown::DayControls />
    }
}
