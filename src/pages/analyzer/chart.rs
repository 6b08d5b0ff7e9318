//! The history chart on the page: core's chart geometry written as SVG,
//! and over it one real button per day (a roving-tabindex radio group)
//! placed with the same geometry.

use std::sync::Arc;

use chrono::NaiveDate;
use leptos::html::Div;
use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

use super::data::Shared;
use super::Analyzer;
use crate::chart::svg::{svg, Look};
use crate::chart::{ChartDay, Frame, Geometry, Unit};
use crate::components::format;
use crate::dom::closest;
use crate::engine::model::percent;

/// Milliseconds since the page loaded, sub-millisecond where allowed.
pub fn now() -> f64 {
    window()
        .performance()
        .map(|p| p.now())
        .unwrap_or_else(js_sys::Date::now)
}

/// Height of the chart for a container width.
fn height_for(width: u32) -> u32 {
    if width < 520 {
        240
    } else {
        320
    }
}

/// The chart laid out and written as SVG.
pub struct Drawing {
    pub geometry: Geometry,
    /// Inserted with `inner_html`: numbers and dates only (see the safety
    /// invariant of `chart`).
    pub svg: String,
}

/// The chart drawn for the current range, unit and width; memoized on
/// exactly those (not on the selected day, nor on the theme: colours come
/// from CSS classes). `None` until the width is measured.
pub type Drawn = Option<Shared<Drawing>>;

/// The chart of the page, shared by the chart and the SVG export.
#[derive(Clone, Copy)]
pub struct ChartState {
    pub drawn: Memo<Drawn>,
    /// The container's width in pixels (0 until measured).
    pub width: RwSignal<u32>,
}

/// The chart of the page (provided by the chart card).
pub fn use_chart() -> ChartState {
    expect_context::<ChartState>()
}

/// Provides the chart memo (called once by the chart card).
pub fn provide_chart(analyzer: Analyzer) -> ChartState {
    let width = RwSignal::new(0u32);
    let drawn = Memo::new(move |_| {
        let width = width.get();
        if width == 0 {
            return None;
        }
        let unit = analyzer.unit.get();
        let (from, to) = analyzer.range.get()?;
        let shown = analyzer.window.get();
        analyzer.prepared.with(|p| {
            let p = p.as_ref()?;
            let frame = Frame {
                from,
                to,
                unit,
                width,
                height: height_for(width),
            };
            let start = now();
            let geometry = Geometry::new(&p.days[shown], frame);
            let svg = svg(&geometry, &Look::PAGE);
            LAST_RENDER_MS.with(|ms| ms.set(now() - start));
            Some(Shared(Arc::new(Drawing { geometry, svg })))
        })
    });
    let state = ChartState { drawn, width };
    provide_context(state);
    state
}

thread_local! {
    /// How long the last chart render took (shown in `data-render-ms`).
    static LAST_RENDER_MS: std::cell::Cell<f64> = const { std::cell::Cell::new(0.0) };
}

/// The chart: `analyzer-chart`, with one `analyzer-day` per day of data.
#[component]
pub fn HistoryChart() -> impl IntoView {
    let analyzer = expect_context::<Analyzer>();
    let ChartState { drawn, width } = use_chart();
    let host = NodeRef::<Div>::new();
    // The buttons' container: looking buttons up there, not in the whole
    // chart, skips the SVG's hundreds of nodes.
    let group = NodeRef::<Div>::new();
    observe_width(host, width);

    let svg = move || drawn.with(|d| d.as_ref().map(|d| d.svg.clone()).unwrap_or_default());
    let dates_in_chart = Memo::new(move |_| {
        drawn.with(|d| {
            d.as_ref()
                .map(|d| {
                    d.geometry
                        .days
                        .iter()
                        .map(|day| day.date)
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    });
    // The one day in the tab order: the selected day when it is in the
    // range, else the newest day of the range.
    let tabbable = Memo::new(move |_| {
        let selected = analyzer.selected.get();
        dates_in_chart.with(|days| match selected {
            Some(d) if days.binary_search(&d).is_ok() => Some(d),
            _ => days.last().copied(),
        })
    });

    let on_click = move |ev: web_sys::MouseEvent| {
        if let Some(date) = event_date(ev.target()) {
            analyzer.select(date, false);
        }
    };
    let on_key = move |ev: web_sys::KeyboardEvent| {
        let Some(current) = tabbable.get_untracked() else {
            return;
        };
        let target = dates_in_chart.with_untracked(|days| {
            let i = days.binary_search(&current).ok()?;
            let j = match ev.key().as_str() {
                "ArrowLeft" => i.checked_sub(1)?,
                "ArrowRight" => i + 1,
                "Home" => 0,
                "End" => days.len().checked_sub(1)?,
                _ => return None,
            };
            days.get(j).copied()
        });
        if matches!(
            ev.key().as_str(),
            "ArrowLeft" | "ArrowRight" | "Home" | "End"
        ) {
            ev.prevent_default();
        }
        if let Some(date) = target {
            analyzer.select(date, true);
            focus_day(group, date);
        }
    };

    // One button per day of the range, keyed by the day (and its label):
    // a redraw (range, unit, width) keeps the buttons of the days still
    // shown and only adds or removes the others. Where they sit comes from
    // the chart as one grid template on their container, and the selection
    // from one effect that touches just the buttons whose state changes: a
    // click or a redraw does not re-run hundreds of closures.
    let buttons = Memo::new(move |_| {
        let shown = analyzer.window.get();
        analyzer.prepared.with(|p| {
            p.as_ref()
                .map(|p| p.days[shown].iter().map(DayButton::new).collect::<Vec<_>>())
                .unwrap_or_default()
        })
    });
    let layout = Memo::new(move |_| drawn.with(|d| d.as_ref().map(|d| Layout::of(&d.geometry))));
    let dot = move |date: NaiveDate| {
        drawn.with_untracked(|d| d.as_ref().and_then(|d| dot_of(&d.geometry, date)))
    };
    let button = move |day: DayButton| {
        let selected = analyzer.selected.get_untracked() == Some(day.date);
        let tabbable = tabbable.get_untracked() == Some(day.date);
        view! {
            <button
                type="button"
                role="radio"
                class="ss-an-day"
                data-testid="analyzer-day"
                data-date=day.date.to_string()
                aria-label=day.label.clone()
                title=day.label
                style:--dot=selected.then(|| dot(day.date)).flatten()
                aria-checked=selected.to_string()
                tabindex=if tabbable { "0" } else { "-1" }
            ></button>
        }
    };
    Effect::new(move |_| {
        let selected = analyzer.selected.get();
        let tabbable = tabbable.get();
        let dot = selected
            .and_then(|day| drawn.with(|d| d.as_ref().and_then(|d| dot_of(&d.geometry, day))));
        buttons.track();
        if let Some(group) = group.get() {
            mark_days(&group, selected, tabbable, dot.as_deref());
        }
    });
    let place = move |f: fn(&Layout) -> String| move || layout.with(|l| l.as_ref().map(f));

    view! {
        <div
            class="ss-an-chart"
            data-testid="analyzer-chart"
            node_ref=host
            data-render-ms=move || {
                drawn.track();
                format!("{:.2}", LAST_RENDER_MS.with(|ms| ms.get()))
            }
        >
            // The SVG is generated by us from numbers and formatted dates
            // only: see the safety invariant of `chart`.
            <div class="ss-an-svg" inner_html=svg></div>
            <div
                class="ss-an-hits"
                node_ref=group
                role="radiogroup"
                aria-label="Days of the chart: arrow keys move between days"
                style:left=place(|l| l.left.clone())
                style:top=place(|l| l.top.clone())
                style:width=place(|l| l.width.clone())
                style:height=place(|l| l.height.clone())
                style:grid-template-columns=place(|l| l.columns.clone())
                on:click=on_click
                on:keydown=on_key
            >
                <For each=move || buttons.get() key=DayButton::clone let:day>
                    {button(day)}
                </For>
            </div>
        </div>
    }
}

/// A day's button: its date and its label (date, score, markers), which
/// depend on the day's data only, not on the range or the chart's size.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct DayButton {
    date: NaiveDate,
    label: String,
}

impl DayButton {
    fn new(day: &ChartDay) -> DayButton {
        let mut label = format!(
            "{}: {} of {} points ({})",
            format::date(day.date),
            format::points(day.score),
            format::points(day.possible),
            format::percent(percent(day.score, day.possible)),
        );
        for marker in day.markers() {
            label.push_str(", ");
            label.push_str(marker);
        }
        DayButton {
            date: day.date,
            label,
        }
    }
}

/// Where the day buttons go, in percent of the chart: their container
/// covers the plotting area, and one grid column per day is that day's
/// band (the bands touch, from the plot's left edge to its right edge).
/// Set through the CSSOM (`style:`), which a strict CSP allows, not as
/// style attributes, which `style-src 'self'` refuses.
#[derive(Clone, Debug, PartialEq)]
struct Layout {
    left: String,
    top: String,
    width: String,
    height: String,
    columns: String,
}

impl Layout {
    fn of(chart: &Geometry) -> Layout {
        let (w, h) = (chart.width, chart.height);
        let (left, top, right, bottom) = (
            chart.plot.left,
            chart.plot.top,
            chart.plot.right,
            chart.plot.bottom,
        );
        let span = (right - left).max(1.0);
        let mut columns = String::with_capacity(chart.days.len() * 10);
        for (i, day) in chart.days.iter().enumerate() {
            if i > 0 {
                columns.push(' ');
            }
            let share = ((day.right - day.left) / span * 100.0).max(0.0);
            columns.push_str(&format!("{share:.4}%"));
        }
        let pct = |v: f64, of: f64| format!("{:.3}%", v / of * 100.0);
        Layout {
            left: pct(left, w),
            top: pct(top, h),
            width: pct(right - left, w),
            height: pct(bottom - top, h),
            columns,
        }
    }
}

/// How far down its button a day's score point is (the selected day's dot).
fn dot_of(chart: &Geometry, date: NaiveDate) -> Option<String> {
    let (top, bottom) = (chart.plot.top, chart.plot.bottom);
    let i = chart.days.binary_search_by(|d| d.date.cmp(&date)).ok()?;
    let share = (chart.days[i].y - top) / (bottom - top).max(1.0) * 100.0;
    Some(format!("{:.2}%", share.clamp(0.0, 100.0)))
}

/// Sets `aria-checked`, the roving `tabindex` and the selected day's dot
/// on the day buttons: only the buttons whose state changes are touched.
fn mark_days(
    group: &web_sys::HtmlDivElement,
    selected: Option<NaiveDate>,
    tabbable: Option<NaiveDate>,
    dot: Option<&str>,
) {
    let set = |selector: &str, name: &str, value: &str| {
        if let Ok(list) = group.query_selector_all(selector) {
            for i in 0..list.length() {
                if let Some(Ok(el)) = list.get(i).map(|n| n.dyn_into::<web_sys::Element>()) {
                    let _ = el.set_attribute(name, value);
                }
            }
        }
    };
    set(".ss-an-day[aria-checked=\"true\"]", "aria-checked", "false");
    set(".ss-an-day[tabindex=\"0\"]", "tabindex", "-1");
    // ISO dates: safe inside the selectors.
    if let Some(day) = selected {
        let selector = format!(".ss-an-day[data-date=\"{day}\"]");
        set(&selector, "aria-checked", "true");
        if let (Some(dot), Ok(Some(button))) = (dot, group.query_selector(&selector)) {
            if let Ok(button) = button.dyn_into::<web_sys::HtmlElement>() {
                let _ = button.style().set_property("--dot", dot);
            }
        }
    }
    if let Some(day) = tabbable {
        set(&format!(".ss-an-day[data-date=\"{day}\"]"), "tabindex", "0");
    }
}

/// The date of the day button an event happened on.
fn event_date(target: Option<web_sys::EventTarget>) -> Option<NaiveDate> {
    let day = closest(target, "[data-date]")?;
    super::params::parse_date(&day.get_attribute("data-date")?)
}

/// Moves the focus to a day's button (roving tabindex).
fn focus_day(group: NodeRef<Div>, date: NaiveDate) {
    let Some(group) = group.get_untracked() else {
        return;
    };
    // An ISO date: safe inside the selector.
    if let Ok(Some(button)) = group.query_selector(&format!(".ss-an-day[data-date=\"{date}\"]")) {
        if let Ok(button) = button.dyn_into::<web_sys::HtmlElement>() {
            let _ = button.focus();
        }
    }
}

/// Keeps `width` equal to the element's content width (ResizeObserver),
/// rounded down to whole pixels, and stops observing on unmount.
fn observe_width(host: NodeRef<Div>, width: RwSignal<u32>) {
    type Observer = (web_sys::ResizeObserver, Closure<dyn FnMut(js_sys::Array)>);
    let kept: StoredValue<Option<Observer>, LocalStorage> = StoredValue::new_local(None);
    Effect::new(move |_| {
        let Some(element) = host.get() else {
            return;
        };
        if kept.with_value(Option::is_some) {
            return;
        }
        let measure = move |w: f64| {
            let w = w.floor().max(0.0) as u32;
            if w > 0 && w != width.get_untracked() {
                width.set(w);
            }
        };
        measure(element.client_width() as f64);
        let callback = Closure::<dyn FnMut(js_sys::Array)>::new(move |entries: js_sys::Array| {
            if let Ok(entry) = entries.get(0).dyn_into::<web_sys::ResizeObserverEntry>() {
                measure(entry.content_rect().width());
            }
        });
        if let Ok(observer) = web_sys::ResizeObserver::new(callback.as_ref().unchecked_ref()) {
            observer.observe(&element);
            kept.set_value(Some((observer, callback)));
        }
    });
    on_cleanup(move || {
        let _ = kept.try_update_value(|kept| {
            if let Some((observer, _)) = kept.take() {
                observer.disconnect();
            }
        });
    });
}

/// The legend: HTML (comparison labels come from the data and are shown as
/// text here, never in the SVG).
#[component]
pub fn Legend() -> impl IntoView {
    let analyzer = expect_context::<Analyzer>();
    let bases = Memo::new(move |_| {
        analyzer
            .prepared
            .with(|p| p.as_ref().map(|p| p.bases.clone()).unwrap_or_default())
    });
    let points = move || analyzer.unit.get() == Unit::Points;
    // Which markers the shown range has: only those get a legend entry.
    let marks = Memo::new(move |_| {
        let shown = analyzer.window.get();
        analyzer.prepared.with(|p| {
            let days = p.as_ref().map(|p| &p.days[shown]).unwrap_or(&[]);
            (
                days.iter().any(|d| d.regression),
                days.iter().any(|d| d.scope_change),
                days.iter().any(|d| d.catalog_change),
            )
        })
    });
    view! {
        <ul class="ss-an-legend" aria-label="Legend">
            <li>
                <span class="ss-an-swatch ss-an-sw-score" aria-hidden="true"></span>
                {move || if points() { "Score (points)" } else { "Score (% of possible)" }}
            </li>
            <Show when=points>
                <li>
                    <span class="ss-an-swatch ss-an-sw-max" aria-hidden="true"></span>
                    "Points possible"
                </li>
                {move || {
                    bases
                        .get()
                        .into_iter()
                        .enumerate()
                        .map(|(i, label)| {
                            view! {
                                <li>
                                    <span
                                        class=format!("ss-an-swatch ss-an-sw-avg ss-an-sw-avg-{i}")
                                        aria-hidden="true"
                                    ></span>
                                    "Average: "
                                    {label}
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </Show>
            <Show when=move || marks.get().0>
                <li>
                    <span class="ss-an-swatch ss-an-sw-regress" aria-hidden="true"></span>
                    "Score dropped"
                </li>
            </Show>
            <Show when=move || marks.get().1>
                <li>
                    <span class="ss-an-swatch ss-an-sw-scope" aria-hidden="true"></span>
                    "Scope change (a service came or went)"
                </li>
            </Show>
            <Show when=move || marks.get().2>
                <li>
                    <span class="ss-an-swatch ss-an-sw-catalog" aria-hidden="true"></span>
                    "Catalog change (points re-weighted, control added or retired)"
                </li>
            </Show>
            <Show when=move || !points() && !bases.with(Vec::is_empty)>
                <li class="ss-muted">"Comparison averages are in points: shown in points mode only."</li>
            </Show>
        </ul>
    }
}
