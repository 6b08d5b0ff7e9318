//! The report's "Our assessment" section: our score from the live tenant's
//! settings beside Microsoft's, per category and per control with its
//! evidence, and what was not assessed. With "leave out user counts" the
//! people named in evidence are counted, not named.

use std::fmt::Write as _;

use super::format;
use super::html::Html;
use super::ReportOptions;
use crate::engine::live::{Comparison, Evidence, Unassessed};
use crate::text::plural;

/// Writes the section.
pub fn section(h: &mut Html, comparison: &Comparison, options: ReportOptions) {
    let score = comparison.score;
    h.raw("<section id=\"assessment\">\n<h2>Our assessment</h2>\n");
    let _ = write!(
        h,
        "<p>Assessed from the tenant's settings read through Microsoft Graph, with Secure Score's own \
         baseline: <span class=\"num\" data-testid=\"assessment-score\" data-earned=\"{}\" data-possible=\"{}\">{} of {}</span> \
         points ({}) over the {} controls assessed",
        format::points(score.earned),
        format::points(score.possible),
        format::points(score.earned),
        format::points(score.possible),
        format::percent(score.percent()),
        comparison.controls.len(),
    );
    if let Some(theirs) = comparison.microsoft_score {
        let _ = write!(
            h,
            "; Microsoft's score gives the same controls <span class=\"num\">{} of {}</span>",
            format::points(theirs.earned),
            format::points(theirs.possible)
        );
    }
    let (agree, compared) = comparison.agreement();
    let _ = writeln!(
        h,
        ". We agree with Microsoft on {agree} of {compared} controls.</p>"
    );

    h.raw("<table>\n<thead><tr><th scope=\"col\">Category</th><th scope=\"col\" class=\"num\">Points</th>\
        <th scope=\"col\" class=\"num\">Percent</th></tr></thead>\n<tbody>\n");
    for (category, points) in comparison.by_category() {
        let _ = writeln!(
            h,
            "<tr><th scope=\"row\">{}</th><td class=\"num\">{} / {}</td><td class=\"num\">{}</td></tr>",
            category.label(),
            format::points(points.earned),
            format::points(points.possible),
            format::percent(points.percent())
        );
    }
    h.raw("</tbody>\n</table>\n");

    h.raw("<table class=\"actions\">\n<thead><tr><th scope=\"col\">Control</th><th scope=\"col\">Our result</th>\
        <th scope=\"col\">Microsoft</th><th scope=\"col\">Evidence</th></tr></thead>\n<tbody>\n");
    for control in &comparison.controls {
        h.raw("<tr data-testid=\"assessment-row\" data-control=\"")
            .text(&control.id)
            .raw("\"><th scope=\"row\">")
            .text(&control.title)
            .raw("</th><td>")
            .text(control.ours.label());
        let _ = write!(
            h,
            " <span class=\"muted num\">{} of {}</span></td><td>",
            format::points(control.points.earned),
            format::points(control.points.possible)
        );
        h.text(
            control
                .microsoft
                .map_or("Not in Microsoft's score", |s| s.label()),
        );
        if let Some(why) = control.disagreement() {
            h.raw("<div class=\"muted\">").text(&why).raw("</div>");
        }
        h.raw("</td><td>");
        for evidence in &control.evidence {
            evidence_item(h, evidence, options);
        }
        h.raw("</td></tr>\n");
    }
    h.raw("</tbody>\n</table>\n");
    unassessed(h, "Not assessed", &comparison.not_assessed);
    unassessed(
        h,
        "Out of Microsoft Graph's reach",
        &comparison.out_of_reach,
    );
    h.raw("</section>\n");
}

/// A finding's sentence and what is behind it; people only counted when
/// the report leaves users out.
fn evidence_item(h: &mut Html, evidence: &Evidence, options: ReportOptions) {
    h.raw("<div>").text(&evidence.summary).raw("</div>");
    if evidence.items.is_empty() {
        return;
    }
    if evidence.people && options.hide_users {
        let _ = write!(
            h,
            "<div class=\"muted\">{} left out of this report</div>",
            plural(evidence.items.len(), "user")
        );
        return;
    }
    h.raw("<div class=\"muted\">")
        .text(&evidence.items.join(", "))
        .raw("</div>");
}

fn unassessed(h: &mut Html, title: &str, list: &[Unassessed]) {
    if list.is_empty() {
        return;
    }
    let _ = writeln!(h, "<h3>{title} ({})</h3>\n<ul>", list.len());
    for u in list {
        h.raw("<li data-control=\"")
            .text(&u.id)
            .raw("\"><strong>")
            .text(&u.title)
            .raw("</strong>: ")
            .text(&u.why)
            .raw("</li>\n");
    }
    h.raw("</ul>\n");
}
