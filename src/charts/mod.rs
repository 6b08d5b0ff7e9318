//! Charts drawn with plotters into SVG strings, and the date formatting of
//! their axes. Nothing here reads imported text: see the safety invariant
//! in [`history_chart`].

pub mod dates;
pub mod history_chart;
