//! The shareable report: one self-contained, read-only HTML file with the
//! overview, the action queue and the score history of the shown tenant.
//! It has its data inside, inline CSS and an inline SVG chart, no script,
//! and a Content Security Policy that forbids every request, so it opens
//! offline from a file and can be printed or saved as PDF by the browser.
//!
//! Pure Rust (string building, every value from the data escaped by
//! [`html::Html::text`]): built and tested natively.

pub mod assessment;
pub mod fleet;
pub mod html;

use std::fmt::Write as _;

use chrono::NaiveDate;

use crate::chart::{self, ChartDay, Geometry, Unit};
use crate::engine::live::Comparison;
use crate::engine::model::{round2, TenantHistory, SAME_POINTS};
use crate::engine::queue::{queue, ActionItem};
use crate::engine::status::{adjusted_by_category, Overrides};
use crate::engine::summary::ScoreSummary;
use crate::format;
use crate::sanitize::{self, Node, Tag};

use html::Html;

/// What to leave out of the report.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ReportOptions {
    /// Leave out the tenant's name and id (also where they occur in any
    /// other text, e.g. a control title).
    pub hide_tenant: bool,
    /// Leave out licensed and active user counts and per-user progress.
    pub hide_users: bool,
    /// Every kept tenant side by side ([`fleet::render`]) instead of the
    /// shown tenant's report.
    pub all_tenants: bool,
}

/// The file name of a report made on `today`.
pub fn file_name(today: NaiveDate) -> String {
    format!("secure-score-report-{today}.html")
}

/// The report of the newest day of `history`, with the admin's statuses
/// as they stand on `today` (also the generation date shown), and our
/// assessment of the tenant's settings when one was made.
pub fn render(
    history: &TenantHistory,
    overrides: &Overrides,
    assessment: Option<&Comparison>,
    today: NaiveDate,
    options: ReportOptions,
) -> String {
    let tenant = &history.tenant;
    let hidden: Vec<&str> = if options.hide_tenant {
        vec![tenant.name.as_str(), tenant.id.as_str()]
    } else {
        Vec::new()
    };
    let mut h = Html::new(&hidden);
    let label = (!options.hide_tenant)
        .then(|| tenant_label(history))
        .flatten();

    start(&mut h);
    if let Some(label) = &label {
        h.raw(" – ").text(label);
    }
    if let Some(day) = history.latest() {
        h.raw(" – ").text(&format::date(day.date));
    }
    end_head(&mut h);
    h.raw("<header>\n<h1>Secure Score report</h1>\n");
    h.raw("<p class=\"muted\">");
    if let Some(label) = &label {
        h.raw("<span class=\"tenant\">")
            .text(label)
            .raw("</span> · ");
    }
    match history.latest() {
        Some(day) => {
            h.raw("Data of <time datetime=\"")
                .text(&day.date.to_string())
                .raw("\">");
            h.text(&format::date(day.date)).raw("</time>");
        }
        None => {
            h.raw("No data");
        }
    }
    h.raw(" · Generated ")
        .text(&format::date(today))
        .raw("</p>\n");
    h.raw("<p class=\"note screen\">A read-only snapshot made with Secure Score: the data is inside this file, \
        it opens offline and makes no requests. <strong>Print / save as PDF:</strong> use your browser's Print \
        command (Ctrl+P or ⌘P) and choose “Save as PDF”.</p>\n</header>\n");

    let Some(numbers) = ScoreSummary::of(history, overrides, today) else {
        h.raw("<p>No score history was loaded.</p>\n</main>\n</body>\n</html>\n");
        return h.finish();
    };
    let Some(day) = history.latest() else {
        return h.finish();
    };
    overview(&mut h, history, &numbers, overrides, today, options);
    comparisons(&mut h, day, numbers.reported.earned);
    actions(&mut h, history, overrides, today, options);
    if let Some(comparison) = assessment {
        assessment::section(&mut h, comparison, options);
    }
    history_section(&mut h, history);
    let _ = writeln!(
        h,
        "<footer class=\"muted\"><p>Scores as of the daily computation of {}. \
         The score measures how many recommended protections are in place, not how likely a breach is.</p></footer>",
        numbers.date
    );
    h.raw("</main>\n</body>\n</html>\n");
    h.finish()
}

/// The document up to the title's text, which the caller writes after
/// "Secure Score report".
fn start(h: &mut Html) {
    h.raw("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        // No request of any kind: no script, no fetch, no image, no font;
        // only the inline stylesheet below.
        .raw("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'\">\n")
        .raw("<meta name=\"referrer\" content=\"no-referrer\">\n")
        .raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .raw("<meta name=\"generator\" content=\"Secure Score\">\n<title>Secure Score report");
}

/// Closes the title and the head (with the stylesheet) and opens the body.
fn end_head(h: &mut Html) {
    h.raw("</title>\n<style>\n")
        .raw(include_str!("report.css"))
        .raw("</style>\n</head>\n<body>\n<main>\n");
}

/// "Name (id)", whichever is known, `None` when neither is.
fn tenant_label(history: &TenantHistory) -> Option<String> {
    let info = &history.tenant;
    match (info.name.trim(), info.id.trim()) {
        ("", "") => None,
        (name, "") => Some(name.to_string()),
        ("", id) => Some(id.to_string()),
        (name, id) => Some(format!("{name} ({id})")),
    }
}

fn overview(
    h: &mut Html,
    history: &TenantHistory,
    numbers: &ScoreSummary,
    overrides: &Overrides,
    today: NaiveDate,
    options: ReportOptions,
) {
    let Some(day) = history.latest() else {
        return;
    };
    let current = numbers.adjusted;
    let pct = current.percent();
    h.raw("<section id=\"overview\">\n<h2>Overview</h2>\n<div class=\"score\">\n");
    let _ = writeln!(
        h,
        "<p><span class=\"big num\" data-testid=\"score-current\" data-value=\"{}\">{}</span> of \
         <span class=\"num\" data-testid=\"score-max\" data-value=\"{}\">{}</span> points</p>\n\
         <p><span class=\"big num\" data-testid=\"score-percent\" data-value=\"{}\">{}</span></p>",
        format::points(current.earned),
        format::points(current.earned),
        format::points(current.possible),
        format::points(current.possible),
        format::points(pct),
        format::percent(pct),
    );
    h.raw("</div>\n");
    let changed = (numbers.adjusted.earned - numbers.reported.earned).abs() > SAME_POINTS;
    if changed {
        let _ = writeln!(
            h,
            "<p>With the statuses set in the app. As reported: <span class=\"num\">{}</span> of \
             <span class=\"num\">{}</span> ({}).</p>",
            format::points(numbers.reported.earned),
            format::points(numbers.reported.possible),
            format::percent(numbers.reported.percent())
        );
    }
    h.raw("<ul class=\"facts\">\n");
    for (label, change) in [("7 days", numbers.change_7), ("30 days", numbers.change_30)] {
        let (class, text) = match change {
            None => ("", "no data".to_string()),
            Some(c) if round2(c) > 0.0 => ("up", format!("▲ {}", format::delta(c))),
            Some(c) if round2(c) < 0.0 => ("down", format!("▼ {}", format::delta(c))),
            Some(_) => ("", "no change".to_string()),
        };
        let _ = writeln!(
            h,
            "<li>Change over {label}: <span class=\"num {class}\">{text}</span></li>"
        );
    }
    if let Some(at) = day.computed_at {
        let _ = writeln!(h, "<li>Computed {}</li>", format::date_time(at));
    }
    if !options.hide_users {
        if let Some(users) = day.licensed_users {
            let _ = writeln!(
                h,
                "<li>Licensed users: <span class=\"num\">{users}</span></li>"
            );
        }
        if let Some(users) = day.active_users {
            let _ = writeln!(
                h,
                "<li>Active users: <span class=\"num\">{users}</span></li>"
            );
        }
    }
    h.raw("</ul>\n");

    let categories = adjusted_by_category(day, overrides, today);
    if !categories.is_empty() {
        // The bars' column has no header (an empty th is nameless): they
        // draw the percent beside them and are hidden from screen readers.
        h.raw(
            "<h3>Points by category</h3>\n<table>\n<thead><tr><th scope=\"col\">Category</th>\
            <th scope=\"col\" class=\"num\">Points</th><th scope=\"col\" class=\"num\">Percent</th>\
            <td class=\"bar-col\"></td></tr></thead>\n<tbody>\n",
        );
        for (category, points) in categories {
            let pct = points.percent().clamp(0.0, 100.0);
            let _ = writeln!(
                h,
                "<tr data-category=\"{label}\"><th scope=\"row\">{label}</th><td class=\"num\">{} / {}</td>\
                 <td class=\"num\">{}</td><td><svg class=\"bar\" viewBox=\"0 0 100 10\" preserveAspectRatio=\"none\" aria-hidden=\"true\">\
                 <rect width=\"100\" height=\"10\" rx=\"2\" fill=\"#e4e7ec\"/><rect width=\"{pct:.2}\" height=\"10\" rx=\"2\" fill=\"#0a5bd3\"/></svg></td></tr>",
                format::points(points.earned),
                format::points(points.possible),
                format::percent(points.percent()),
                label = category.label(),
            );
        }
        h.raw("</tbody>\n</table>\n");
        if changed || !overrides.is_empty() {
            h.raw("<p class=\"muted\">Recomputed from the controls, with the statuses set in the app.</p>\n");
        }
    }
    h.raw("</section>\n");
}

fn comparisons(h: &mut Html, day: &crate::engine::model::DayScore, yours: f64) {
    if day.comparisons.is_empty() {
        return;
    }
    h.raw("<section id=\"comparisons\">\n<h2>Compared with similar organizations</h2>\n<table>\n\
        <thead><tr><th scope=\"col\">Group</th><th scope=\"col\" class=\"num\">Average score</th>\
        <th scope=\"col\" class=\"num\">Yours</th><th scope=\"col\" class=\"num\">Difference</th></tr></thead>\n<tbody>\n");
    for c in &day.comparisons {
        let diff = yours - c.average_score;
        h.raw("<tr><th scope=\"row\">").text(&c.label).raw("</th>");
        let _ = writeln!(
            h,
            "<td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num {}\">{}</td></tr>",
            format::points(c.average_score),
            format::points(yours),
            if diff >= 0.0 { "up" } else { "down" },
            format::delta(diff)
        );
    }
    h.raw("</tbody>\n</table>\n<p class=\"muted\">Scores as reported.</p>\n</section>\n");
}

fn actions(
    h: &mut Html,
    history: &TenantHistory,
    overrides: &Overrides,
    today: NaiveDate,
    options: ReportOptions,
) {
    let Some(day) = history.latest() else {
        return;
    };
    let items = queue(history, day, overrides, today);
    let (open, closed): (Vec<&ActionItem>, Vec<&ActionItem>) = items
        .iter()
        .filter(|i| !i.completed())
        .partition(|i| i.in_default_queue());
    let gain: f64 = open.iter().map(|i| i.gain).sum();
    h.raw("<section id=\"actions\">\n<h2>Improvement actions</h2>\n");
    let _ = writeln!(
        h,
        "<p>{} actions to address, worth up to <span class=\"num\">{}</span> points, ordered by points to gain.</p>",
        open.len(),
        format::points(gain)
    );
    action_table(h, &open, options);
    if !closed.is_empty() {
        h.raw("<h3>Risk accepted or resolved otherwise</h3>\n");
        action_table(h, &closed, options);
    }
    h.raw("</section>\n");
}

fn action_table(h: &mut Html, items: &[&ActionItem], options: ReportOptions) {
    if items.is_empty() {
        h.raw("<p class=\"muted\">None.</p>\n");
        return;
    }
    h.raw("<table class=\"actions\">\n<thead><tr><th scope=\"col\">Action</th><th scope=\"col\">Category</th>\
        <th scope=\"col\" class=\"num\">Points to gain</th><th scope=\"col\" class=\"num\">Points</th>\
        <th scope=\"col\">Status</th><th scope=\"col\">User impact</th></tr></thead>\n<tbody>\n");
    for item in items {
        h.raw("<tr data-control=\"").text(&item.id).raw("\"");
        let _ = write!(h, " data-points-gain=\"{}\">", format::points(item.gain));
        h.raw("<td><div class=\"action-title\">")
            .text(&item.info.title)
            .raw("</div>");
        if !item.scored {
            h.raw("<div class=\"muted\">Not scored</div>");
        }
        if let (Some(progress), false) = (item.progress, options.hide_users) {
            let _ = write!(
                h,
                "<div class=\"muted\">Progress: <span class=\"num\">{} of {}</span></div>",
                format::points(progress.done),
                format::points(progress.total)
            );
        }
        let remediation = sanitize::sanitize(&item.info.remediation);
        if !remediation.is_empty() {
            h.raw("<div class=\"remediation\">");
            rich_text(h, &remediation);
            h.raw("</div>");
        }
        h.raw("</td><td>")
            .text(item.info.category.label())
            .raw("</td>");
        let _ = write!(
            h,
            "<td class=\"num\">{}</td><td class=\"num\">{} / {}</td>",
            format::points(item.gain),
            format::points(item.earned),
            format::points(item.possible)
        );
        h.raw("<td>").text(status_label(item));
        let note = status_note(item, options);
        if !note.is_empty() {
            h.raw("<div class=\"muted\">").text(&note).raw("</div>");
        }
        h.raw("</td><td>");
        h.text(item.info.user_impact.label()).raw("</td></tr>\n");
    }
    h.raw("</tbody>\n</table>\n");
}

/// Why, until when and who set the status; the person's address left out
/// when the report hides users.
fn status_note(item: &ActionItem, options: ReportOptions) -> String {
    if item.status == crate::engine::model::Status::ToAddress {
        return String::new();
    }
    let note = &item.status_note;
    let mut parts = Vec::new();
    if !note.reason.is_empty() {
        parts.push(format!("“{}”", note.reason));
    }
    if let Some(last) = note.expires {
        parts.push(format!("until {}", format::date(last)));
    }
    let by = if options.hide_users && !note.set_by.is_empty() {
        "an admin"
    } else {
        note.set_by.as_str()
    };
    match (by.is_empty(), note.set_on) {
        (false, Some(day)) => parts.push(format!("set by {by} on {}", format::date(day))),
        (false, None) => parts.push(format!("set by {by}")),
        (true, Some(day)) => parts.push(format!("set on {}", format::date(day))),
        (true, None) => {}
    }
    parts.join(", ")
}

fn status_label(item: &ActionItem) -> &'static str {
    if item.in_default_queue() && item.state == crate::engine::model::ControlState::Partial {
        return match item.status {
            crate::engine::model::Status::Planned => "Planned (partly done)",
            _ => "Partly done",
        };
    }
    item.status.label()
}

/// Sanitized rich text as HTML of our own: only the sanitizer's elements,
/// every text and URL escaped.
fn rich_text(h: &mut Html, nodes: &[Node]) {
    for node in nodes {
        match node {
            Node::Text(text) => {
                h.text(text);
            }
            Node::Element(tag, children) => {
                let name = match tag {
                    Tag::Paragraph => "p",
                    Tag::Break => {
                        h.raw("<br>");
                        continue;
                    }
                    Tag::UnorderedList => "ul",
                    Tag::OrderedList => "ol",
                    Tag::ListItem => "li",
                    Tag::Emphasis => "em",
                    Tag::Strong => "strong",
                    Tag::Code => "code",
                };
                h.raw("<").raw(name).raw(">");
                rich_text(h, children);
                h.raw("</").raw(name).raw(">");
            }
            Node::Link(href, children) => match sanitize::safe_url(href) {
                // A link whose address holds a hidden word keeps only its text.
                Some(url) if !h.hides(&url) => {
                    h.raw("<a href=\"")
                        .text(&url)
                        .raw("\" rel=\"noreferrer noopener\">");
                    rich_text(h, children);
                    h.raw("</a>");
                }
                _ => rich_text(h, children),
            },
        }
    }
}

fn history_section(h: &mut Html, history: &TenantHistory) {
    let points: Vec<ChartDay> = history
        .days
        .iter()
        .map(|d| {
            let shown = d.shown();
            ChartDay::plain(d.date, shown.earned, shown.possible)
        })
        .collect();
    // `render` comes here only with a day of data.
    let (Some(first), Some(last)) = (points.first(), points.last()) else {
        return;
    };
    h.raw("<section id=\"history\">\n<h2>Score history</h2>\n");
    let _ = writeln!(
        h,
        "<p class=\"muted\">{} days, {} to {}; scores as reported.</p>",
        points.len(),
        format::date(first.date),
        format::date(last.date)
    );
    h.raw("<p class=\"legend\"><span class=\"score-line\">━ Score</span><span>┅ Points possible</span></p>\n");
    let geometry = Geometry::new(
        &points,
        chart::Frame {
            from: first.date,
            to: last.date,
            unit: Unit::Points,
            width: 760,
            height: 260,
        },
    );
    let title = format!(
        "Score from {} to {}: {} of {} points on the last day",
        format::date(first.date),
        format::date(last.date),
        format::points(last.score),
        format::points(last.possible)
    );
    let look = chart::svg::Look {
        title: Some(&title),
        colours: chart::svg::LIGHT,
        background: None,
    };
    h.raw(&chart::svg::svg(&geometry, &look));
    h.raw("\n<table class=\"history\">\n<thead><tr><th scope=\"col\">Date</th><th scope=\"col\" class=\"num\">Score</th>\
        <th scope=\"col\" class=\"num\">Points possible</th><th scope=\"col\" class=\"num\">Percent</th>\
        <th scope=\"col\" class=\"num\">Change</th></tr></thead>\n<tbody>\n");
    let mut previous: Option<f64> = None;
    let mut rows = Vec::with_capacity(points.len());
    for p in &points {
        let change = previous.map(|before| p.score - before);
        previous = Some(p.score);
        rows.push(format!(
            "<tr data-date=\"{}\"><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>\n",
            p.date,
            format::date(p.date),
            format::points(p.score),
            format::points(p.possible),
            format::percent(crate::engine::model::percent(p.score, p.possible)),
            change.map(format::delta).unwrap_or_default()
        ));
    }
    // Newest first.
    for row in rows.iter().rev() {
        h.raw(row);
    }
    h.raw("</tbody>\n</table>\n</section>\n");
}

#[cfg(test)]
mod tests;
