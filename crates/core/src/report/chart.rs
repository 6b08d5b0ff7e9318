//! The report's history chart: an inline SVG drawn from numbers and dates
//! only (no text from the data), so it needs no script and no library.

use std::fmt::Write as _;

use chrono::NaiveDate;

use crate::engine::model::SAME_POINTS;

/// One day of the chart: date, score, points possible.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ChartPoint {
    pub date: NaiveDate,
    pub score: f64,
    pub possible: f64,
}

const WIDTH: f64 = 760.0;
const HEIGHT: f64 = 260.0;
const LEFT: f64 = 52.0;
const RIGHT: f64 = 16.0;
const TOP: f64 = 14.0;
const BOTTOM: f64 = 40.0;

/// The SVG of the score (solid line) and points possible (dashed) over
/// time; an empty string without days. Non-finite values count as 0.
pub fn history_svg(days: &[ChartPoint]) -> String {
    let (Some(first), Some(last)) = (days.first(), days.last()) else {
        return String::new();
    };
    let clean = |v: f64| if v.is_finite() { v.max(0.0) } else { 0.0 };
    let top_value = days
        .iter()
        .map(|d| clean(d.score).max(clean(d.possible)))
        .fold(0.0, f64::max);
    let (step, y_max) = nice_scale(top_value);
    let span = (last.date - first.date).num_days().max(1) as f64;
    let plot_w = WIDTH - LEFT - RIGHT;
    let plot_h = HEIGHT - TOP - BOTTOM;
    let x = |date: NaiveDate| {
        if days.len() == 1 {
            LEFT + plot_w / 2.0
        } else {
            LEFT + (date - first.date).num_days() as f64 / span * plot_w
        }
    };
    let y = |value: f64| TOP + plot_h - clean(value) / y_max * plot_h;

    let mut svg = String::with_capacity(4096 + days.len() * 40);
    let _ = write!(
        svg,
        r#"<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-labelledby="chart-title"><title id="chart-title">Score from {} to {}: {} of {} points on the last day</title>"#,
        first.date,
        last.date,
        fmt1(clean(last.score)),
        fmt1(clean(last.possible))
    );
    // Horizontal grid and value labels.
    let mut value = 0.0;
    while value <= y_max + SAME_POINTS {
        let gy = y(value);
        let _ = write!(
            svg,
            r##"<line x1="{LEFT}" x2="{}" y1="{gy:.1}" y2="{gy:.1}" stroke="#d5d9e0" stroke-width="1"/><text x="{}" y="{:.1}" text-anchor="end" font-size="11" fill="#57606a">{}</text>"##,
            WIDTH - RIGHT,
            LEFT - 6.0,
            gy + 4.0,
            fmt1(value)
        );
        value += step;
    }
    // Date labels: first, last and up to four between.
    let ticks = days.len().min(6);
    let mut last_label_x = f64::NEG_INFINITY;
    for i in 0..ticks {
        let index = if ticks == 1 {
            0
        } else {
            i * (days.len() - 1) / (ticks - 1)
        };
        let day = days[index];
        let lx = x(day.date);
        if lx - last_label_x < 70.0 {
            continue;
        }
        last_label_x = lx;
        let anchor = if i == 0 && days.len() > 1 {
            "start"
        } else if i + 1 == ticks && days.len() > 1 {
            "end"
        } else {
            "middle"
        };
        let _ = write!(
            svg,
            r##"<line x1="{lx:.1}" x2="{lx:.1}" y1="{:.1}" y2="{:.1}" stroke="#8c959f"/><text x="{lx:.1}" y="{:.1}" text-anchor="{anchor}" font-size="11" fill="#57606a">{}</text>"##,
            TOP + plot_h,
            TOP + plot_h + 5.0,
            TOP + plot_h + 18.0,
            day.date
        );
    }
    let line = |value: fn(&ChartPoint) -> f64| {
        days.iter()
            .map(|d| format!("{:.1},{:.1}", x(d.date), y(value(d))))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let _ = write!(
        svg,
        r##"<polyline fill="none" stroke="#8c959f" stroke-width="2" stroke-dasharray="6 4" points="{}"/><polyline fill="none" stroke="#0a5bd3" stroke-width="2.5" points="{}"/>"##,
        line(|d| d.possible),
        line(|d| d.score)
    );
    if days.len() == 1 {
        let _ = write!(
            svg,
            r##"<circle cx="{:.1}" cy="{:.1}" r="4" fill="#0a5bd3"/>"##,
            x(first.date),
            y(first.score)
        );
    }
    svg.push_str("</svg>");
    svg
}

/// A round step (1, 2 or 5 × 10^n) giving at most 5 intervals, and the top
/// of the axis (a multiple of it, at least `top`).
fn nice_scale(top: f64) -> (f64, f64) {
    if !top.is_finite() || top <= 0.0 {
        return (1.0, 1.0);
    }
    let rough = top / 5.0;
    let magnitude = 10f64.powf(rough.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * magnitude)
        .find(|s| *s >= rough)
        .unwrap_or(10.0 * magnitude);
    (step, (top / step).ceil() * step)
}

fn fmt1(value: f64) -> String {
    let text = format!("{value:.1}");
    text.strip_suffix(".0").unwrap_or(&text).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: u32, score: f64, possible: f64) -> ChartPoint {
        ChartPoint {
            date: NaiveDate::from_ymd_opt(2026, 3, d).unwrap_or_default(),
            score,
            possible,
        }
    }

    #[test]
    fn scales_are_round() {
        assert_eq!(nice_scale(243.0), (50.0, 250.0));
        assert_eq!(nice_scale(10.0), (2.0, 10.0));
        assert_eq!(nice_scale(0.0), (1.0, 1.0));
        assert_eq!(nice_scale(f64::NAN), (1.0, 1.0));
    }

    #[test]
    fn draws_lines_from_numbers_only() {
        assert_eq!(history_svg(&[]), "");
        let svg = history_svg(&[
            day(1, 10.0, 100.0),
            day(2, 12.5, 100.0),
            day(9, f64::NAN, 100.0),
        ]);
        assert!(svg.starts_with("<svg"), "{svg}");
        assert!(svg.ends_with("</svg>"));
        assert_eq!(svg.matches("<polyline").count(), 2);
        assert!(!svg.contains("NaN") && !svg.contains("inf"), "{svg}");
        assert!(svg.contains("2026-03-01") && svg.contains("2026-03-09"));
        let one = history_svg(&[day(1, 10.0, 100.0)]);
        assert!(one.contains("<circle"));
    }
}
