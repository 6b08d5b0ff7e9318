//! The chart as SVG text, written from a [`Geometry`]: the app's chart (its
//! stylesheet recolours the inks by class, for the themes), its downloaded
//! file and the shared report (colours written in).

use std::fmt::Write as _;

use super::axis::FONT_SIZE;
use super::{Geometry, Series};

/// A colour of the chart, named by what it draws.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ink {
    Grid,
    Axis,
    Text,
    Score,
    Possible,
    Average,
    Scope,
    Catalog,
    Regression,
}

impl Ink {
    pub const ALL: [Ink; 9] = [
        Ink::Grid,
        Ink::Axis,
        Ink::Text,
        Ink::Score,
        Ink::Possible,
        Ink::Average,
        Ink::Scope,
        Ink::Catalog,
        Ink::Regression,
    ];

    /// The class the app's stylesheet colours it by.
    pub fn class(self) -> &'static str {
        match self {
            Ink::Grid => "ss-ch-grid",
            Ink::Axis => "ss-ch-axis",
            Ink::Text => "ss-ch-text",
            Ink::Score => "ss-ch-score",
            Ink::Possible => "ss-ch-max",
            Ink::Average => "ss-ch-avg",
            Ink::Scope => "ss-ch-scope",
            Ink::Catalog => "ss-ch-catalog",
            Ink::Regression => "ss-ch-regress",
        }
    }
}

/// The light theme's colours of [`Ink::ALL`]: the report's, and what the
/// app's SVG says before its stylesheet applies.
pub const LIGHT: [&str; 9] = [
    "#d5d9e0", "#8c959e", "#57606a", "#0a5bd3", "#8c959f", "#b35c00", "#8a5a00", "#6f42c1",
    "#b3261e",
];

/// How the SVG presents itself.
#[derive(Clone, Copy, Debug)]
pub struct Look<'a> {
    /// `None`: decorative, hidden from screen readers (the app's page,
    /// where the day buttons over it carry the names); else an image with
    /// this title (the report, a downloaded file).
    pub title: Option<&'a str>,
    /// The colour of each ink of [`Ink::ALL`], in that order.
    pub colours: [&'a str; 9],
    /// A background filling the picture (a downloaded file).
    pub background: Option<&'a str>,
}

impl Look<'static> {
    /// On the app's page: decorative, the light colours, which the page's
    /// stylesheet overrides by class.
    pub const PAGE: Look<'static> = Look {
        title: None,
        colours: LIGHT,
        background: None,
    };
}

/// The dashes of the comparison averages, and their opacity, by index.
const AVERAGE_STYLES: [(&str, &str); 4] = [
    ("2 3", "1"),
    ("8 3 2 3", "1"),
    ("1 4", "0.7"),
    ("10 4", "0.6"),
];

/// The complete `<svg>` element.
pub fn svg(chart: &Geometry, look: &Look) -> String {
    let colour = |ink: Ink| clean_colour(look.colours[ink as usize]);
    let paint =
        |attr: &str, ink: Ink| format!(r#"class="{}" {attr}="{}""#, ink.class(), colour(ink));
    let (w, h, plot) = (chart.width, chart.height, chart.plot);
    let mut out = String::with_capacity(4096 + chart.days.len() * 64);
    let _ = write!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="ss-chart-svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" font-family="system-ui, sans-serif" font-size="{FONT_SIZE}""#
    );
    match look.title {
        None => out.push_str(r#" aria-hidden="true" focusable="false">"#),
        Some(title) => {
            let _ = write!(
                out,
                r#" role="img" aria-labelledby="ss-chart-title"><title id="ss-chart-title">{}</title>"#,
                escape(title)
            );
        }
    }
    if let Some(background) = look.background {
        let _ = write!(
            out,
            r#"<rect width="100%" height="100%" fill="{}"/>"#,
            clean_colour(background)
        );
    }

    let mut grid = String::new();
    let mut axis = format!(
        "M{:.1} {:.1}V{:.1}H{:.1}",
        plot.left, plot.top, plot.bottom, plot.right
    );
    let mut text = String::new();
    for tick in &chart.y_ticks {
        let _ = write!(grid, "M{:.1} {:.1}H{:.1}", plot.left, tick.y, plot.right);
        let _ = write!(axis, "M{:.1} {:.1}h4", plot.left - 4.0, tick.y);
        let _ = write!(
            text,
            r#"<text x="{:.1}" y="{:.1}" text-anchor="end">{}</text>"#,
            plot.left - 6.0,
            tick.y + 4.0,
            tick.label
        );
    }
    for tick in &chart.x_ticks {
        let _ = write!(axis, "M{:.1} {:.1}v4", tick.x, plot.bottom);
        let _ = write!(
            text,
            r#"<text x="{:.1}" y="{:.1}" text-anchor="middle">{}</text>"#,
            tick.label_x,
            plot.bottom + 18.0,
            tick.label
        );
    }
    let _ = write!(
        out,
        r#"<path {} fill="none" d="{grid}"/><path {} fill="none" d="{axis}"/><g {}>{text}</g>"#,
        paint("stroke", Ink::Grid),
        paint("stroke", Ink::Axis),
        paint("fill", Ink::Text)
    );

    for line in &chart.lines {
        let mut d = String::new();
        for run in &line.runs {
            for (i, (x, y)) in run.iter().enumerate() {
                let _ = write!(d, "{}{x:.1} {y:.1}", if i == 0 { 'M' } else { 'L' });
            }
        }
        if d.is_empty() {
            continue;
        }
        let style = match line.series {
            Series::Score => format!(r#"class="ss-ch-score" stroke="{}""#, colour(Ink::Score)),
            Series::Possible => format!(
                r#"class="ss-ch-max" stroke="{}" stroke-dasharray="6 4""#,
                colour(Ink::Possible)
            ),
            Series::Average(i) => {
                let (dashes, opacity) = AVERAGE_STYLES[i % AVERAGE_STYLES.len()];
                format!(
                    r#"class="ss-ch-avg ss-ch-avg-{i}" stroke="{}" stroke-dasharray="{dashes}" opacity="{opacity}""#,
                    colour(Ink::Average)
                )
            }
        };
        let _ = write!(
            out,
            r#"<path {style} fill="none" stroke-width="2" stroke-linejoin="round" d="{d}"/>"#
        );
    }
    markers(&mut out, chart, &colour);
    out.push_str("</svg>");
    out
}

/// Scope change days (a dashed vertical line), catalog change days (a
/// dotted vertical line with a diamond on top), the days' dots where
/// there is room, and regression days (a down triangle over the score):
/// one path per kind.
fn markers(out: &mut String, chart: &Geometry, colour: &dyn Fn(Ink) -> String) {
    let plot = chart.plot;
    let (mut scope, mut catalog, mut dots, mut regress) =
        (String::new(), String::new(), String::new(), String::new());
    for day in &chart.days {
        if day.scope_change {
            let _ = write!(scope, "M{:.1} {:.1}V{:.1}", day.x, plot.top, plot.bottom);
        }
        if day.catalog_change {
            let _ = write!(
                catalog,
                "M{:.1} {:.1}V{:.1}M{:.1} {:.1}l4 4l-4 4l-4 -4z",
                day.x,
                plot.top + 8.0,
                plot.bottom,
                day.x,
                plot.top
            );
        }
        if chart.dots {
            let _ = write!(
                dots,
                "M{:.1} {:.1}m-2.5 0a2.5 2.5 0 1 0 5 0a2.5 2.5 0 1 0 -5 0",
                day.x, day.y
            );
        }
        if day.regression {
            let _ = write!(
                regress,
                "M{:.1} {:.1}l-5 -8h10z",
                day.x,
                (day.y - 5.0).max(plot.top + 6.0)
            );
        }
    }
    if !scope.is_empty() {
        let _ = write!(
            out,
            r#"<path class="ss-ch-scope" fill="none" stroke="{}" stroke-width="1.5" stroke-dasharray="4 3" d="{scope}"/>"#,
            colour(Ink::Scope)
        );
    }
    if !catalog.is_empty() {
        let _ = write!(
            out,
            r#"<path class="ss-ch-catalog" fill="none" stroke="{}" stroke-width="1.5" stroke-dasharray="1.5 3" d="{catalog}"/>"#,
            colour(Ink::Catalog)
        );
    }
    if !dots.is_empty() {
        let _ = write!(
            out,
            r#"<path class="ss-ch-dots" fill="{}" d="{dots}"/>"#,
            colour(Ink::Score)
        );
    }
    if !regress.is_empty() {
        let _ = write!(
            out,
            r#"<path class="ss-ch-regress" fill="{}" d="{regress}"/>"#,
            colour(Ink::Regression)
        );
    }
}

/// A colour kept to the characters of CSS colour syntax (a downloaded
/// file's colours are read from the page's stylesheet).
fn clean_colour(colour: &str) -> String {
    colour
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || "#(),.% -".contains(*c))
        .collect()
}

/// A title as SVG text.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}
