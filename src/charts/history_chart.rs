//! The score history chart: plotters draws it into an SVG string, and the
//! page lays real, focusable DOM elements (one per day) over it using the
//! pixel positions returned here.
//!
//! # Safety invariant: no untrusted text in the SVG
//!
//! The page inserts [`ChartRender::svg`] with `inner_html`. That is sound
//! only because every character of it is generated here from numbers:
//! plotters' shapes, axis labels that are dates formatted by
//! [`DateFormat`] (digits and a punctuation separator) and numbers we
//! format, and marker paths built from numbers. No control title, tenant
//! name, comparison label, warning or any other text from imported data
//! may ever be passed to this module. Legends and labels that show such
//! text are HTML outside the SVG, rendered as text nodes.

use chrono::{Datelike, Months, NaiveDate};
use plotters::coord::ranged1d::{DefaultFormatting, KeyPointHint};
use plotters::prelude::*;
use std::fmt::Write as _;
use std::ops::Range;

use super::dates::DateFormat;
use crate::engine::model::SAME_POINTS;

/// At most this many comparison series are drawn (one line each).
pub const MAX_AVERAGES: usize = 4;

/// One day of the chart's data.
#[derive(Clone, Debug, PartialEq)]
pub struct ChartDay {
    pub date: NaiveDate,
    /// The shown score (points).
    pub score: f64,
    /// Points possible that day.
    pub possible: f64,
    /// Comparison averages in points, by index into the chart's bases
    /// (None where that day does not have that basis).
    pub averages: Vec<Option<f64>>,
    /// The score dropped against the previous day.
    pub regression: bool,
    /// A service, or a control with its service, came or went that day.
    pub scope_change: bool,
    /// A control was re-weighted, added or retired that day.
    pub catalog_change: bool,
}

impl ChartDay {
    /// The day's markers in words ("score dropped", "scope change",
    /// "catalog change"), for labels and the table.
    pub fn markers(&self) -> Vec<&'static str> {
        [
            (self.regression, "score dropped"),
            (self.scope_change, "scope change"),
            (self.catalog_change, "catalog change"),
        ]
        .into_iter()
        .filter_map(|(marked, words)| marked.then_some(words))
        .collect()
    }
}

/// Score in points, or as a percentage of the points possible.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Unit {
    #[default]
    Points,
    Percent,
}

impl Unit {
    /// The value of the `unit` URL parameter.
    pub fn slug(self) -> &'static str {
        match self {
            Unit::Points => "points",
            Unit::Percent => "percent",
        }
    }

    pub fn parse(text: &str) -> Unit {
        if text == "percent" {
            Unit::Percent
        } else {
            Unit::Points
        }
    }
}

/// What to draw and how big.
#[derive(Clone, Debug, PartialEq)]
pub struct ChartRequest {
    /// The days with data, oldest first, all within `from..=to`.
    pub days: Vec<ChartDay>,
    /// First and last date of the x axis.
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub unit: Unit,
    pub width: u32,
    pub height: u32,
    pub dates: DateFormat,
}

/// Where one day sits on the chart, in SVG pixels.
#[derive(Clone, Debug, PartialEq)]
pub struct DayHit {
    pub date: NaiveDate,
    /// The day's band: clicking anywhere from `left` to `right` selects it.
    pub left: f64,
    pub right: f64,
    /// The score point.
    pub x: f64,
    pub y: f64,
}

/// The drawn chart.
#[derive(Clone, Debug, PartialEq)]
pub struct ChartRender {
    /// A complete `<svg>` document (see the module's safety invariant).
    pub svg: String,
    pub width: u32,
    pub height: u32,
    /// The plotting area: left, top, right, bottom, in pixels.
    pub plot: (f64, f64, f64, f64),
    /// One entry per day of data, oldest first.
    pub days: Vec<DayHit>,
}

/// Colours plotters writes, each tied to a CSS class so the page's theme
/// (custom properties) decides the real colour. The values are the light
/// theme's, so the SVG still looks right without the stylesheet.
struct Ink {
    rgb: (u8, u8, u8),
    class: &'static str,
}

const GRID: Ink = Ink {
    rgb: (0xd5, 0xd9, 0xe0),
    class: "ss-ch-grid",
};
const AXIS: Ink = Ink {
    rgb: (0x8c, 0x95, 0x9e),
    class: "ss-ch-axis",
};
const TEXT: Ink = Ink {
    rgb: (0x57, 0x60, 0x6a),
    class: "ss-ch-text",
};
const SCORE: Ink = Ink {
    rgb: (0x0a, 0x5b, 0xd3),
    class: "ss-ch-score",
};
const MAX: Ink = Ink {
    rgb: (0x8c, 0x95, 0x9f),
    class: "ss-ch-max",
};
const AVERAGES: [Ink; MAX_AVERAGES] = [
    Ink {
        rgb: (0xb3, 0x5c, 0x00),
        class: "ss-ch-avg ss-ch-avg-0",
    },
    Ink {
        rgb: (0xb3, 0x5c, 0x01),
        class: "ss-ch-avg ss-ch-avg-1",
    },
    Ink {
        rgb: (0xb3, 0x5c, 0x02),
        class: "ss-ch-avg ss-ch-avg-2",
    },
    Ink {
        rgb: (0xb3, 0x5c, 0x03),
        class: "ss-ch-avg ss-ch-avg-3",
    },
];

impl Ink {
    fn color(&self) -> RGBColor {
        RGBColor(self.rgb.0, self.rgb.1, self.rgb.2)
    }
    fn hex(&self) -> String {
        format!("#{:02X}{:02X}{:02X}", self.rgb.0, self.rgb.1, self.rgb.2)
    }
}

const MARGIN_TOP: u32 = 12;
const MARGIN_RIGHT: u32 = 16;
const Y_LABELS: u32 = 52;
const X_LABELS: u32 = 26;
/// plotters writes `font-size = size / 1.24`: this gives 12px text.
const FONT_SIZE: f64 = 12.0 * 1.24;

/// Draws the chart. Fails only on an empty range or a plotters error.
pub fn render(req: &ChartRequest) -> Result<ChartRender, String> {
    let span = (req.to - req.from).num_days();
    if span < 0 || req.width < 80 || req.height < 80 {
        return Err("nothing to draw".into());
    }
    let width = req.width;
    let height = req.height;
    let x_of = |date: NaiveDate| (date - req.from).num_days() as f64;
    let x_range = -0.5..(span as f64 + 0.5);
    let value = |d: &ChartDay| match req.unit {
        Unit::Points => d.score,
        Unit::Percent => crate::engine::model::percent(d.score, d.possible),
    };

    let (y_top, y_ticks) = y_axis(req);
    let plot_width = width.saturating_sub(Y_LABELS + MARGIN_RIGHT) as f64;
    let (x_ticks, x_label_kind) = x_axis(req.from, req.to, plot_width);
    let tick_x: Vec<f64> = x_ticks.iter().map(|d| x_of(*d)).collect();

    let mut svg = String::with_capacity(16 * 1024 + req.days.len() * 24);
    let mut hits = Vec::with_capacity(req.days.len());
    let plot;
    {
        let root = SVGBackend::with_string(&mut svg, (width, height)).into_drawing_area();
        let mut chart = ChartBuilder::on(&root)
            .margin_top(MARGIN_TOP)
            .margin_right(MARGIN_RIGHT)
            .x_label_area_size(X_LABELS)
            .y_label_area_size(Y_LABELS)
            .build_cartesian_2d(
                Ticked {
                    range: x_range,
                    ticks: tick_x,
                },
                Ticked {
                    range: 0.0..y_top,
                    ticks: y_ticks,
                },
            )
            .map_err(|e| e.to_string())?;

        let from = req.from;
        let dates = &req.dates;
        let x_fmt = move |x: &f64| {
            let date = from + chrono::Duration::days(x.round() as i64);
            match x_label_kind {
                XLabel::Day => dates.short(date),
                XLabel::Month => dates.month(date),
            }
        };
        let unit = req.unit;
        let y_fmt = move |y: &f64| match unit {
            Unit::Points => format_number(*y),
            Unit::Percent => format!("{}%", format_number(*y)),
        };
        let label_font = ("sans-serif", FONT_SIZE).into_font().color(&TEXT.color());
        chart
            .configure_mesh()
            .bold_line_style(GRID.color().stroke_width(1))
            .light_line_style(TRANSPARENT)
            .axis_style(AXIS.color().stroke_width(1))
            .label_style(label_font)
            .x_label_formatter(&x_fmt)
            .y_label_formatter(&y_fmt)
            .set_all_tick_mark_size(4)
            .draw()
            .map_err(|e| e.to_string())?;

        // Comparison averages are in points: in percent mode they would
        // need the other organizations' maximum, which the data lacks.
        if req.unit == Unit::Points {
            let count = req.days.iter().map(|d| d.averages.len()).max().unwrap_or(0);
            for (i, ink) in AVERAGES.iter().enumerate().take(count) {
                let style = ink.color().stroke_width(2);
                for run in runs(&req.days, |d| d.averages.get(i).copied().flatten()) {
                    chart
                        .draw_series(LineSeries::new(line(&run, x_of), style))
                        .map_err(|e| e.to_string())?;
                }
            }
            let style = MAX.color().stroke_width(2);
            for run in runs(&req.days, |d| Some(d.possible)) {
                chart
                    .draw_series(LineSeries::new(line(&run, x_of), style))
                    .map_err(|e| e.to_string())?;
            }
        }
        let style = SCORE.color().stroke_width(2);
        for run in runs(&req.days, |d| Some(value(d))) {
            chart
                .draw_series(LineSeries::new(line(&run, x_of), style))
                .map_err(|e| e.to_string())?;
        }

        let (xs, ys) = chart.plotting_area().get_pixel_range();
        plot = (
            xs.start as f64,
            ys.start as f64,
            xs.end as f64,
            ys.end as f64,
        );
        for day in &req.days {
            let (x, y) = chart.backend_coord(&(x_of(day.date), value(day)));
            hits.push(DayHit {
                date: day.date,
                left: 0.0,
                right: 0.0,
                x: x as f64,
                y: y as f64,
            });
        }
        root.present().map_err(|e| e.to_string())?;
    }
    // Bands: from halfway to the previous day's point to halfway to the next.
    let n = hits.len();
    for i in 0..n {
        let left = if i == 0 {
            plot.0
        } else {
            (hits[i - 1].x + hits[i].x) / 2.0
        };
        let right = if i + 1 == n {
            plot.2
        } else {
            (hits[i].x + hits[i + 1].x) / 2.0
        };
        hits[i].left = left;
        hits[i].right = right;
    }

    let markers = markers(&req.days, &hits, plot);
    let svg = themed(svg, &markers);
    Ok(ChartRender {
        svg,
        width,
        height,
        plot,
        days: hits,
    })
}

/// A linear f64 axis whose labelled values we choose (plotters' own
/// `with_key_points` has no default formatting, which the mesh requires).
struct Ticked {
    range: Range<f64>,
    ticks: Vec<f64>,
}

impl Ranged for Ticked {
    type FormatOption = DefaultFormatting;
    type ValueType = f64;

    fn map(&self, value: &f64, limit: (i32, i32)) -> i32 {
        let span = self.range.end - self.range.start;
        if span <= 0.0 {
            return (limit.0 + limit.1) / 2;
        }
        let ratio = (value - self.range.start) / span;
        limit.0 + ((limit.1 - limit.0) as f64 * ratio + 1e-3).floor() as i32
    }

    fn key_points<H: KeyPointHint>(&self, _hint: H) -> Vec<f64> {
        self.ticks.clone()
    }

    fn range(&self) -> Range<f64> {
        self.range.clone()
    }
}

/// Consecutive days (no gap in the dates) that have a value: one line each,
/// so a gap in the data shows as a gap in the line.
fn runs(days: &[ChartDay], value: impl Fn(&ChartDay) -> Option<f64>) -> Vec<Vec<(NaiveDate, f64)>> {
    let mut out: Vec<Vec<(NaiveDate, f64)>> = Vec::new();
    let mut last: Option<NaiveDate> = None;
    for day in days {
        match value(day) {
            Some(v) if v.is_finite() => {
                let continues = last.is_some_and(|prev| (day.date - prev).num_days() == 1);
                match out.last_mut() {
                    Some(run) if continues => run.push((day.date, v)),
                    _ => out.push(vec![(day.date, v)]),
                }
                last = Some(day.date);
            }
            _ => last = None,
        }
    }
    out
}

/// The points of one run; a lone day becomes a short level stroke so that
/// it still shows.
fn line(run: &[(NaiveDate, f64)], x_of: impl Fn(NaiveDate) -> f64) -> Vec<(f64, f64)> {
    match run {
        [(date, v)] => vec![(x_of(*date) - 0.3, *v), (x_of(*date) + 0.3, *v)],
        _ => run.iter().map(|(date, v)| (x_of(*date), *v)).collect(),
    }
}

/// The y axis: its top and its labelled values.
fn y_axis(req: &ChartRequest) -> (f64, Vec<f64>) {
    if req.unit == Unit::Percent {
        return (100.0, (0..=4).map(|i| i as f64 * 25.0).collect());
    }
    let high = req
        .days
        .iter()
        .flat_map(|d| {
            std::iter::once(d.score.max(d.possible)).chain(d.averages.iter().flatten().copied())
        })
        .filter(|v| v.is_finite())
        .fold(0.0_f64, f64::max);
    let step = nice_step(high.max(1.0) / 4.0);
    let top = ((high / step).floor() + 1.0) * step;
    let count = (top / step).round() as usize;
    (top, (0..=count).map(|i| i as f64 * step).collect())
}

/// 1, 2, 2.5 or 5 times a power of ten, at least `raw`.
fn nice_step(raw: f64) -> f64 {
    let power = 10f64.powf(raw.log10().floor());
    [1.0, 2.0, 2.5, 5.0, 10.0]
        .into_iter()
        .map(|m| m * power)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * power)
}

/// A number for an axis label: no decimals when whole.
fn format_number(value: f64) -> String {
    if (value - value.round()).abs() < SAME_POINTS {
        format!("{}", value.round() as i64)
    } else {
        format!("{value:.1}")
    }
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum XLabel {
    Day,
    Month,
}

/// The labelled dates of the x axis: every day, 2, 3 days, a week, two
/// weeks, or month starts every 1, 2, 3, 6 or 12 months, whichever is the
/// densest that leaves about 70 pixels per label.
fn x_axis(from: NaiveDate, to: NaiveDate, plot_width: f64) -> (Vec<NaiveDate>, XLabel) {
    let days = (to - from).num_days() + 1;
    let max_labels = ((plot_width / 70.0).floor() as i64).max(2);
    for step in [1_i64, 2, 3, 7, 14] {
        if (days + step - 1) / step <= max_labels {
            // Aligned to the calendar (days since 1970), so ticks stay put
            // when the range moves by a day.
            let ticks = (0..days)
                .map(|i| from + chrono::Duration::days(i))
                .filter(|d| {
                    let n = (*d - NaiveDate::from_ymd_opt(1970, 1, 5).unwrap_or(*d)).num_days();
                    n.rem_euclid(step) == 0
                })
                .collect();
            return (ticks, XLabel::Day);
        }
    }
    let months =
        (to.year() - from.year()) as i64 * 12 + to.month() as i64 - from.month() as i64 + 1;
    let step = [1_i64, 2, 3, 6, 12, 24, 60]
        .into_iter()
        .find(|s| (months + s - 1) / s <= max_labels)
        .unwrap_or(120);
    let mut ticks = Vec::new();
    let mut month = from.with_day(1).unwrap_or(from);
    while month <= to {
        let index = month.year() as i64 * 12 + month.month0() as i64;
        if month >= from && index.rem_euclid(step) == 0 {
            ticks.push(month);
        }
        match month.checked_add_months(Months::new(1)) {
            Some(next) => month = next,
            None => break,
        }
    }
    let kind = if days > 120 {
        XLabel::Month
    } else {
        XLabel::Day
    };
    (ticks, kind)
}

/// Regression days (a down triangle over the score), scope change days (a
/// dashed vertical line) and catalog change days (a dotted vertical line
/// with a diamond on top): one path per kind, built from numbers only.
fn markers(days: &[ChartDay], hits: &[DayHit], plot: (f64, f64, f64, f64)) -> String {
    let mut scope = String::new();
    let mut catalog = String::new();
    let mut regress = String::new();
    let mut dots = String::new();
    let spacing = if hits.len() > 1 {
        (plot.2 - plot.0) / hits.len() as f64
    } else {
        100.0
    };
    for (day, hit) in days.iter().zip(hits) {
        if day.scope_change {
            let _ = write!(scope, "M{:.1} {:.1}V{:.1}", hit.x, plot.1, plot.3);
        }
        if day.catalog_change {
            let _ = write!(
                catalog,
                "M{:.1} {:.1}V{:.1}M{:.1} {:.1}l4 4l-4 4l-4 -4z",
                hit.x,
                plot.1 + 8.0,
                plot.3,
                hit.x,
                plot.1
            );
        }
        if day.regression {
            let (x, y) = (hit.x, (hit.y - 5.0).max(plot.1 + 6.0));
            let _ = write!(regress, "M{:.1} {:.1}l-5 -8h10z", x, y);
        }
        if spacing >= 8.0 {
            let _ = write!(
                dots,
                "M{:.1} {:.1}m-2.5 0a2.5 2.5 0 1 0 5 0a2.5 2.5 0 1 0 -5 0",
                hit.x, hit.y
            );
        }
    }
    let mut out = String::new();
    if !scope.is_empty() {
        let _ = write!(
            out,
            r##"<path class="ss-ch-scope" fill="none" stroke="#8A5A00" stroke-width="1.5" stroke-dasharray="4 3" d="{scope}"/>"##
        );
    }
    if !catalog.is_empty() {
        let _ = write!(
            out,
            r##"<path class="ss-ch-catalog" fill="none" stroke="#6F42C1" stroke-width="1.5" stroke-dasharray="1.5 3" d="{catalog}"/>"##
        );
    }
    if !dots.is_empty() {
        let _ = write!(
            out,
            r##"<path class="ss-ch-dots" fill="#0A5BD3" d="{dots}"/>"##
        );
    }
    if !regress.is_empty() {
        let _ = write!(
            out,
            r##"<path class="ss-ch-regress" fill="#B3261E" d="{regress}"/>"##
        );
    }
    out
}

/// Ties plotters' colours to CSS classes, marks the SVG decorative (the
/// DOM hit regions carry the accessible names) and adds the markers.
fn themed(svg: String, markers: &str) -> String {
    let mut svg = svg.replacen(
        "<svg ",
        r#"<svg class="ss-chart-svg" aria-hidden="true" focusable="false" "#,
        1,
    );
    for ink in [&GRID, &AXIS, &TEXT, &SCORE, &MAX]
        .into_iter()
        .chain(AVERAGES.iter())
    {
        let hex = ink.hex();
        for attr in ["stroke", "fill"] {
            let from = format!("{attr}=\"{hex}\"");
            let to = format!("{attr}=\"{hex}\" class=\"{}\"", ink.class);
            svg = svg.replace(&from, &to);
        }
    }
    match svg.rfind("</svg>") {
        Some(end) => svg.insert_str(end, markers),
        None => svg.push_str(markers),
    }
    svg
}

/// The SVG as a standalone file: the theme's colours (already resolved by
/// the caller from CSS, as `class → colour` pairs) in a `<style>`, and a
/// background. Colours are filtered to characters of CSS colour syntax.
pub fn standalone(svg: &str, colours: &[(&str, String)], background: &str) -> String {
    let clean = |c: &str| -> String {
        c.chars()
            .filter(|ch| ch.is_ascii_alphanumeric() || "#(),.% -".contains(*ch))
            .collect()
    };
    let mut style = String::from(
        "<style>text{font-family:system-ui,sans-serif}.ss-ch-max{stroke-dasharray:6 4}.ss-ch-avg{stroke-dasharray:2 3}\
         .ss-ch-avg-1{stroke-dasharray:8 3 2 3}.ss-ch-avg-2{stroke-dasharray:1 4}.ss-ch-avg-3{stroke-dasharray:10 4}",
    );
    for (class, colour) in colours {
        let colour = clean(colour);
        if colour.is_empty() {
            continue;
        }
        let selector: String = class
            .split(' ')
            .next()
            .unwrap_or("")
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
            .collect();
        let _ = write!(style, ".{selector}[stroke]{{stroke:{colour}}}.{selector}[fill]:not([fill=none]){{fill:{colour}}}");
    }
    style.push_str("</style>");
    let background = clean(background);
    let mut out = svg
        .replacen(r#" aria-hidden="true" focusable="false""#, "", 1)
        .replacen(r#"class="ss-chart-svg" "#, "", 1);
    if let Some(start) = out.find('>') {
        let insert = format!(
            "<title>Secure Score history</title>{style}<rect width=\"100%\" height=\"100%\" fill=\"{background}\"/>"
        );
        out.insert_str(start + 1, &insert);
    }
    out
}

/// The CSS classes of the chart whose colours [`standalone`] needs, with the
/// custom property each takes its colour from.
pub const THEME_CLASSES: [(&str, &str); 10] = [
    ("ss-ch-grid", "--ss-border"),
    ("ss-ch-axis", "--ss-muted"),
    ("ss-ch-text", "--ss-muted"),
    ("ss-ch-score", "--ss-chart-score"),
    ("ss-ch-dots", "--ss-chart-score"),
    ("ss-ch-max", "--ss-chart-max"),
    ("ss-ch-avg", "--ss-chart-avg"),
    ("ss-ch-scope", "--ss-warn"),
    ("ss-ch-catalog", "--ss-an-catalog"),
    ("ss-ch-regress", "--ss-bad"),
];
