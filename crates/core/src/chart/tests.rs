use chrono::{Datelike, NaiveDate};

use super::axis::label_width;
use super::svg::{svg, Look};
use super::*;

fn date(offset: i64) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or_default() + chrono::Duration::days(offset)
}

fn days(n: i64) -> Vec<ChartDay> {
    (0..n)
        .map(|i| ChartDay {
            averages: vec![Some(30.0)],
            regression: i == 3,
            scope_change: i == 5,
            catalog_change: i == 6,
            ..ChartDay::plain(date(i), 10.0 + i as f64, 100.0)
        })
        .collect()
}

fn frame(from: NaiveDate, to: NaiveDate, unit: Unit, width: u32) -> Frame {
    Frame {
        from,
        to,
        unit,
        width,
        height: 320,
    }
}

#[test]
fn value_ticks_are_round() {
    assert_eq!(
        Scale::to_fit(243.0),
        Scale {
            step: 50.0,
            top: 250.0
        }
    );
    assert_eq!(
        Scale::to_fit(100.0),
        Scale {
            step: 20.0,
            top: 100.0
        }
    );
    assert_eq!(
        Scale::to_fit(10.0),
        Scale {
            step: 2.0,
            top: 10.0
        }
    );
    assert_eq!(
        Scale::to_fit(1.2),
        Scale {
            step: 0.25,
            top: 1.25
        }
    );
    for nothing in [0.0, -5.0, f64::NAN, f64::INFINITY] {
        assert_eq!(
            Scale::to_fit(nothing),
            Scale {
                step: 0.2,
                top: 1.0
            }
        );
    }
    for high in (1..5000).map(|i| f64::from(i) * 0.37) {
        let scale = Scale::to_fit(high);
        let power = 10f64.powf(scale.step.log10().floor());
        let mantissa = scale.step / power;
        assert!(
            [1.0, 2.0, 2.5, 5.0]
                .iter()
                .any(|m| (m - mantissa).abs() < 1e-9),
            "{high}: step {}",
            scale.step
        );
        // The first step at or above the values (an axis shows 1 at least).
        let high = high.max(1.0);
        assert!(
            scale.top >= high && scale.top - scale.step < high,
            "{high}: {scale:?}"
        );
        let ticks: Vec<f64> = scale.ticks().collect();
        assert!(ticks.len() >= 2 && ticks.len() <= 6, "{high}: {ticks:?}");
        assert_eq!(ticks.last().copied(), Some(scale.top));
    }
}

#[test]
fn date_labels_never_overlap_and_stay_inside() {
    let from = date(0);
    for width in [200, 375, 640, 900, 1400] {
        for n in 1..=1000 {
            let to = date(n - 1);
            let chart = Geometry::new(&[], frame(from, to, Unit::Points, width));
            let ticks = &chart.x_ticks;
            assert!(!ticks.is_empty(), "{width} px, {n} days: no tick");
            for tick in ticks {
                let half = label_width(&tick.label) / 2.0;
                assert!(tick.date >= from && tick.date <= to);
                assert!(
                    tick.label_x - half >= 0.0 && tick.label_x + half <= chart.width,
                    "{width}/{n}: {tick:?}"
                );
                assert!(tick.x >= chart.plot.left && tick.x <= chart.plot.right);
            }
            for pair in ticks.windows(2) {
                let (a, b) = (&pair[0], &pair[1]);
                assert!(
                    a.label_x + label_width(&a.label) / 2.0
                        < b.label_x - label_width(&b.label) / 2.0,
                    "{width} px, {n} days: {a:?} overlaps {b:?}"
                );
            }
        }
    }
}

#[test]
fn date_ticks_are_round_and_name_the_year_once() {
    // 10 days at 900 px: every day, the year on the first label only.
    let chart = Geometry::new(&[], frame(date(0), date(9), Unit::Points, 900));
    let labels: Vec<&str> = chart.x_ticks.iter().map(|t| t.label.as_str()).collect();
    assert_eq!(labels[..3], ["1 Jan 2026", "2 Jan", "3 Jan"]);
    // 90 days at 640 px: Mondays or every second one.
    let chart = Geometry::new(&[], frame(date(0), date(89), Unit::Points, 640));
    assert!(chart
        .x_ticks
        .iter()
        .all(|t| t.date.weekday() == chrono::Weekday::Mon));
    // Across New Year, the new year is named where it starts.
    let chart = Geometry::new(&[], frame(date(-20), date(20), Unit::Points, 900));
    let with_year: Vec<&str> = chart
        .x_ticks
        .iter()
        .map(|t| t.label.as_str())
        .filter(|l| l.contains("20"))
        .collect();
    assert_eq!(with_year.len(), 2, "{:?}", chart.x_ticks);
    assert!(with_year[0].ends_with("2025") && with_year[1].ends_with("2026"));
    // Three years: month starts, named "Jan 2025" then "Jul" ...
    let chart = Geometry::new(&[], frame(date(-700), date(400), Unit::Points, 900));
    assert!(chart.x_ticks.iter().all(|t| t.date.day() == 1));
    assert!(chart.x_ticks[0]
        .label
        .ends_with(&chart.x_ticks[0].date.year().to_string()));
    assert!(
        chart.x_ticks.iter().any(|t| t.label.len() == 3),
        "{:?}",
        chart.x_ticks
    );
}

#[test]
fn days_sit_in_order_and_their_bands_cover_the_plot() {
    let data = days(30);
    let chart = Geometry::new(&data, frame(date(0), date(29), Unit::Points, 800));
    assert_eq!(chart.days.len(), 30);
    assert_eq!(chart.days[0].left, chart.plot.left);
    assert_eq!(chart.days[29].right, chart.plot.right);
    for pair in chart.days.windows(2) {
        assert!(pair[0].x < pair[1].x);
        assert_eq!(pair[0].right, pair[1].left, "bands touch");
    }
    // Higher score, higher on screen.
    assert!(chart.days[29].y < chart.days[0].y);
    assert!(chart.days[3].regression && chart.days[5].scope_change && chart.days[6].catalog_change);
    let series: Vec<Series> = chart.lines.iter().map(|l| l.series).collect();
    assert_eq!(
        series,
        [Series::Average(0), Series::Possible, Series::Score]
    );
    // Percent: the score alone, on a 0 to 100 scale.
    let percent = Geometry::new(&data, frame(date(0), date(29), Unit::Percent, 800));
    let series: Vec<Series> = percent.lines.iter().map(|l| l.series).collect();
    assert_eq!(series, [Series::Score]);
    assert_eq!(
        percent.y_ticks.last().map(|t| t.label.as_str()),
        Some("100%")
    );
}

#[test]
fn one_day_is_centred() {
    let data = days(1);
    let chart = Geometry::new(&data, frame(date(0), date(0), Unit::Percent, 300));
    let day = &chart.days[0];
    assert_eq!(day.x, (chart.plot.left + chart.plot.right) / 2.0);
    assert_eq!((day.left, day.right), (chart.plot.left, chart.plot.right));
    // A lone day still shows: a short level stroke around its point.
    let score = &chart.lines[0].runs;
    assert_eq!(score.len(), 1);
    assert_eq!(score[0].len(), 2);
    assert!(score[0][0].0 < day.x && score[0][1].0 > day.x && score[0][0].1 == day.y);
    assert!(chart.dots);
}

#[test]
fn gaps_split_the_lines() {
    // Days 0-4, then 7-9 (two days missing), and day 3's score not a number.
    let mut data: Vec<ChartDay> = days(10)
        .into_iter()
        .filter(|d| d.date < date(5) || d.date >= date(7))
        .collect();
    data[3].score = f64::NAN;
    let chart = Geometry::new(&data, frame(date(0), date(9), Unit::Points, 800));
    let runs = |series: Series| {
        chart
            .lines
            .iter()
            .find(|l| l.series == series)
            .map(|l| l.runs.iter().map(Vec::len).collect::<Vec<_>>())
    };
    // Score: 0-2, 4 alone (a level stroke of two points), 7-9.
    assert_eq!(runs(Series::Score), Some(vec![3, 2, 3]));
    assert_eq!(runs(Series::Possible), Some(vec![5, 3]));
    assert_eq!(
        chart.days.len(),
        8,
        "a day whose score is not a number keeps its band"
    );
}

#[test]
fn values_that_are_not_numbers_draw_nothing_strange() {
    let mut data = days(5);
    data[1].score = f64::INFINITY;
    data[2].possible = f64::NAN;
    data[3].averages = vec![Some(f64::NEG_INFINITY)];
    for unit in [Unit::Points, Unit::Percent] {
        let chart = Geometry::new(&data, frame(date(0), date(4), unit, 640));
        let text = svg(&chart, &Look::PAGE);
        assert!(!text.contains("NaN") && !text.contains("inf"), "{text}");
        assert!(chart
            .days
            .iter()
            .all(|d| d.x.is_finite() && d.y.is_finite()));
    }
    // Nothing at all, and a frame too small to draw in.
    let empty = Geometry::new(&[], frame(date(0), date(0), Unit::Points, 0));
    assert_eq!((empty.width, empty.height), (f64::from(Frame::MIN), 320.0));
    assert!(svg(&empty, &Look::PAGE).ends_with("</svg>"));
}

#[test]
fn the_svg_is_numbers_and_dates() {
    let data = days(30);
    let chart = Geometry::new(&data, frame(date(0), date(29), Unit::Points, 800));
    let page = svg(&chart, &Look::PAGE);
    assert!(page.starts_with("<svg") && page.ends_with("</svg>"));
    assert!(page.contains(r#"aria-hidden="true""#) && !page.contains("<title"));
    for class in [
        "ss-ch-score",
        "ss-ch-max",
        "ss-ch-avg-0",
        "ss-ch-regress",
        "ss-ch-scope",
        "ss-ch-catalog",
        "ss-ch-dots",
    ] {
        assert!(page.contains(class), "{class}");
    }
    // One path per series, not an element per point.
    assert!(page.matches("<path").count() < 15);
    assert!(page.contains(" Jan 2026<") && page.contains(">100<"));
    // Every text is a number or a date.
    for text in page.split("<text").skip(1) {
        let content = &text[text.find('>').unwrap_or(0) + 1..text.find("</text>").unwrap_or(0)];
        assert!(
            content
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || " .%".contains(c)),
            "{content}"
        );
    }
    let picture = svg(
        &chart,
        &Look {
            title: Some("Score <history> & more"),
            colours: ["red; x:url(evil)"; 9],
            background: Some("#fff"),
        },
    );
    assert!(
        picture.contains(r#"role="img""#) && picture.contains("Score &lt;history&gt; &amp; more")
    );
    assert!(
        picture.contains(r#"stroke="red xurl(evil)""#),
        "colours keep to CSS colour syntax"
    );
    assert!(picture.contains(r##"<rect width="100%" height="100%" fill="#fff"/>"##));
}
