//! Where everything of the chart goes, in pixels.

use chrono::NaiveDate;

use super::axis::{x_ticks, XTick};
use super::{ChartDay, Scale, Unit, MAX_AVERAGES};
use crate::engine::model::percent;
use crate::format;

/// What the chart shows, and how big.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Frame {
    /// First and last date of the x axis (the days drawn lie within).
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub unit: Unit,
    /// In pixels; anything under [`Frame::MIN`] is drawn at that size.
    pub width: u32,
    pub height: u32,
}

impl Frame {
    /// The least width and height drawn.
    pub const MIN: u32 = 120;
}

/// The plotting area, in pixels.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Plot {
    pub left: f64,
    pub top: f64,
    pub right: f64,
    pub bottom: f64,
}

/// The margins around the plot: the value labels on the left, the date
/// labels below.
const LEFT: f64 = 52.0;
const RIGHT: f64 = 16.0;
const TOP: f64 = 12.0;
const BOTTOM: f64 = 26.0;

/// A labelled value on the y axis.
#[derive(Clone, Debug, PartialEq)]
pub struct YTick {
    pub y: f64,
    pub label: String,
}

/// What a line shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Series {
    /// A comparison average (points mode only), by index of
    /// [`ChartDay::averages`].
    Average(usize),
    /// The points possible (points mode only).
    Possible,
    Score,
}

/// One series: its runs of consecutive days, each a polyline in pixels. A
/// missing day, or a value that is not a number, ends a run: a gap in the
/// data is a gap in the line.
#[derive(Clone, Debug, PartialEq)]
pub struct Line {
    pub series: Series,
    pub runs: Vec<Vec<(f64, f64)>>,
}

/// Where one day of data sits, and its markers.
#[derive(Clone, Debug, PartialEq)]
pub struct DayMark {
    pub date: NaiveDate,
    /// The score's point.
    pub x: f64,
    pub y: f64,
    /// The day's band, where a click selects it: from halfway to the
    /// previous day's point to halfway to the next (the plot's edges at
    /// the ends), so the bands touch and cover the plot.
    pub left: f64,
    pub right: f64,
    pub regression: bool,
    pub scope_change: bool,
    pub catalog_change: bool,
}

/// The whole chart laid out, for any renderer.
#[derive(Clone, Debug, PartialEq)]
pub struct Geometry {
    pub width: f64,
    pub height: f64,
    pub plot: Plot,
    pub y_ticks: Vec<YTick>,
    pub x_ticks: Vec<XTick>,
    /// Drawn in this order: averages, points possible, score on top.
    pub lines: Vec<Line>,
    /// One per day of data, oldest first.
    pub days: Vec<DayMark>,
    /// Whether the days are far enough apart (8 px) for a dot each.
    pub dots: bool,
}

impl Geometry {
    /// Lays out `days` (oldest first, strictly by date, within the frame's
    /// dates). Every calendar day of the frame gets an equal column and
    /// its point in the middle: one day alone is centred.
    pub fn new(days: &[ChartDay], frame: Frame) -> Geometry {
        let width = f64::from(frame.width.max(Frame::MIN));
        let height = f64::from(frame.height.max(Frame::MIN));
        let plot = Plot {
            left: LEFT,
            top: TOP,
            right: width - RIGHT,
            bottom: height - BOTTOM,
        };
        let from = frame.from;
        let columns = ((frame.to - from).num_days() + 1).max(1) as f64;
        let column = (plot.right - plot.left) / columns;
        let x = |date: NaiveDate| plot.left + ((date - from).num_days() as f64 + 0.5) * column;

        let unit = frame.unit;
        let value = |d: &ChartDay| match unit {
            Unit::Points => d.score,
            Unit::Percent => percent(d.score, d.possible),
        };
        let averages = match unit {
            Unit::Points => days
                .iter()
                .map(|d| d.averages.len())
                .max()
                .unwrap_or(0)
                .min(MAX_AVERAGES),
            Unit::Percent => 0,
        };
        let average = |i: usize| move |d: &ChartDay| d.averages.get(i).copied().flatten();
        // The full scale is on the axis: 100%, or the points possible.
        let full_scale = match unit {
            Unit::Points => 0.0,
            Unit::Percent => 100.0,
        };
        let highest = |high: f64, v: f64| if v.is_finite() { high.max(v) } else { high };
        let high = days.iter().fold(full_scale, |high, d| match unit {
            Unit::Points => (0..averages)
                .filter_map(|i| average(i)(d))
                .chain([d.score, d.possible])
                .fold(high, highest),
            Unit::Percent => highest(high, value(d)),
        });
        let scale = Scale::to_fit(high);
        let y = |v: f64| plot.bottom - v.max(0.0) / scale.top * (plot.bottom - plot.top);

        let y_ticks = scale
            .ticks()
            .map(|v| YTick {
                y: y(v),
                label: match unit {
                    Unit::Points => format::points(v),
                    Unit::Percent => format::percent(v),
                },
            })
            .collect();
        let x_ticks = x_ticks(from, frame.to, width, x);

        let line = |series: Series, of: &dyn Fn(&ChartDay) -> Option<f64>| Line {
            series,
            runs: runs(days, of)
                .into_iter()
                .map(|run| match run.as_slice() {
                    // A lone day is a short level stroke, so that it shows.
                    [(date, v)] => vec![
                        (x(*date) - 0.3 * column, y(*v)),
                        (x(*date) + 0.3 * column, y(*v)),
                    ],
                    _ => run.iter().map(|(date, v)| (x(*date), y(*v))).collect(),
                })
                .collect(),
        };
        let mut lines: Vec<Line> = (0..averages)
            .map(|i| line(Series::Average(i), &average(i)))
            .collect();
        if unit == Unit::Points {
            lines.push(line(Series::Possible, &|d| Some(d.possible)));
        }
        lines.push(line(Series::Score, &|d| Some(value(d))));

        let mut marks: Vec<DayMark> = days
            .iter()
            .map(|d| {
                let v = value(d);
                DayMark {
                    date: d.date,
                    x: x(d.date),
                    y: y(if v.is_finite() { v } else { 0.0 }),
                    left: plot.left,
                    right: plot.right,
                    regression: d.regression,
                    scope_change: d.scope_change,
                    catalog_change: d.catalog_change,
                }
            })
            .collect();
        for i in 1..marks.len() {
            let middle = (marks[i - 1].x + marks[i].x) / 2.0;
            marks[i - 1].right = middle;
            marks[i].left = middle;
        }
        Geometry {
            width,
            height,
            plot,
            y_ticks,
            x_ticks,
            lines,
            days: marks,
            dots: column >= 8.0,
        }
    }
}

/// Runs of consecutive days (no date skipped) whose value is a number.
fn runs(days: &[ChartDay], value: &dyn Fn(&ChartDay) -> Option<f64>) -> Vec<Vec<(NaiveDate, f64)>> {
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
