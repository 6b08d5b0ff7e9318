//! The date axis: which dates get a tick, and their labels.

use chrono::{Datelike, Months, NaiveDate};

use crate::format;

/// A labelled date on the x axis.
#[derive(Clone, Debug, PartialEq)]
pub struct XTick {
    pub date: NaiveDate,
    /// The tick's position, in pixels.
    pub x: f64,
    /// Where the label is centred: the tick, moved inwards where the label
    /// would leave the picture.
    pub label_x: f64,
    pub label: String,
}

/// Text size of the labels, in pixels.
pub const FONT_SIZE: f64 = 12.0;
/// The least room between two labels, in pixels.
const GAP: f64 = 12.0;

/// A distance between ticks: days aligned on the calendar, or month starts.
#[derive(Clone, Copy)]
enum Step {
    Days(i64),
    Months(i32),
}

/// The candidates, densest first: every day, 2, 3 days, a week (Mondays),
/// two weeks, then month starts every 1, 2, 3, 6, 12, 24, 60, 120 months.
const STEPS: [Step; 13] = [
    Step::Days(1),
    Step::Days(2),
    Step::Days(3),
    Step::Days(7),
    Step::Days(14),
    Step::Months(1),
    Step::Months(2),
    Step::Months(3),
    Step::Months(6),
    Step::Months(12),
    Step::Months(24),
    Step::Months(60),
    Step::Months(120),
];

/// The ticks of `from..=to`: the densest step whose labels do not overlap
/// and stay inside `0..width`; `x` places a date. The labels give the year
/// at the first tick and where it changes ([`format::days_along`]). At
/// worst the first day alone.
pub fn x_ticks(
    from: NaiveDate,
    to: NaiveDate,
    width: f64,
    x: impl Fn(NaiveDate) -> f64,
) -> Vec<XTick> {
    for step in STEPS {
        let dates = dates(step, from, to);
        // Cheap rejection before any label is written: the narrowest
        // label ("Dec") is 1.8 em.
        if dates.is_empty() || dates.len() as f64 * (1.8 * FONT_SIZE + GAP) > width + GAP {
            continue;
        }
        let ticks = labelled(&dates, step, width, &x);
        if fits(&ticks) {
            return ticks;
        }
    }
    labelled(&[from], Step::Days(1), width, &x)
}

/// The dates of `from..=to` on the step.
fn dates(step: Step, from: NaiveDate, to: NaiveDate) -> Vec<NaiveDate> {
    match step {
        Step::Days(n) => {
            // Aligned to the calendar (days since Monday 5 Jan 1970), so
            // ticks stay put when the range moves by a day.
            let since = (from - NaiveDate::from_ymd_opt(1970, 1, 5).unwrap_or(from)).num_days();
            let first = from + chrono::Duration::days((n - since.rem_euclid(n)) % n);
            std::iter::successors(Some(first), |d| {
                d.checked_add_signed(chrono::Duration::days(n))
            })
            .take_while(|d| *d <= to)
            .collect()
        }
        Step::Months(n) => {
            let start = from.with_day(1).unwrap_or(from);
            std::iter::successors(Some(start), |d| d.checked_add_months(Months::new(1)))
                .take_while(|d| *d <= to)
                .filter(|d| *d >= from && (d.year() * 12 + d.month0() as i32).rem_euclid(n) == 0)
                .collect()
        }
    }
}

fn labelled(
    dates: &[NaiveDate],
    step: Step,
    width: f64,
    x: impl Fn(NaiveDate) -> f64,
) -> Vec<XTick> {
    let labels = match step {
        Step::Days(_) => format::days_along(dates),
        Step::Months(_) => format::months_along(dates),
    };
    dates
        .iter()
        .zip(labels)
        .map(|(&date, label)| {
            let half = label_width(&label) / 2.0;
            let at = x(date);
            XTick {
                date,
                x: at,
                label_x: at.min(width - half).max(half),
                label,
            }
        })
        .collect()
}

/// Whether each label ends, plus the gap, before the next begins.
fn fits(ticks: &[XTick]) -> bool {
    ticks.windows(2).all(|pair| {
        let (a, b) = (&pair[0], &pair[1]);
        a.label_x + label_width(&a.label) / 2.0 + GAP <= b.label_x - label_width(&b.label) / 2.0
    })
}

/// A generous estimate of a label's width in pixels: 0.6 em a character,
/// 0.3 em a space (digits and letters of sans-serif fonts are narrower).
pub fn label_width(label: &str) -> f64 {
    label
        .chars()
        .map(|c| if c == ' ' { 0.3 } else { 0.6 })
        .sum::<f64>()
        * FONT_SIZE
}
