//! The fleet report: every kept tenant's score side by side and the
//! controls the fleet misses most, in the same self-contained HTML file as
//! a tenant's report. With `hide_tenant`, tenants are "Tenant 1", "Tenant
//! 2", ... in the fleet's order, and every tenant's name and id is removed
//! from any other text too.

use std::fmt::Write as _;

use chrono::NaiveDate;

use super::html::Html;
use super::{end_head, format, start, ReportOptions};
use crate::engine::fleet::gaps::control_gaps;
use crate::engine::fleet::{fleet, FleetRow};
use crate::engine::model::TenantHistory;

/// Controls listed in the report's ranking.
const GAPS_SHOWN: usize = 20;

/// The fleet report of `tenants` made on `today`; `stale` says how many
/// days old a newest day is when that makes it stale.
pub fn render<H: AsRef<TenantHistory>>(
    tenants: &[H],
    today: NaiveDate,
    options: ReportOptions,
    stale: impl Fn(NaiveDate) -> Option<i64>,
) -> String {
    let hidden: Vec<&str> = if options.hide_tenant {
        tenants
            .iter()
            .flat_map(|t| {
                [
                    t.as_ref().tenant.name.as_str(),
                    t.as_ref().tenant.id.as_str(),
                ]
            })
            .collect()
    } else {
        Vec::new()
    };
    let mut h = Html::new(&hidden);
    let fleet = fleet(tenants);
    let label = |row: &FleetRow| {
        if options.hide_tenant {
            format!("Tenant {}", row.index + 1)
        } else {
            row.label()
        }
    };
    start(&mut h);
    h.raw(" – fleet of ")
        .raw(&fleet.rows.len().to_string())
        .raw(" tenants");
    end_head(&mut h);
    let _ = writeln!(
        h,
        "<header>\n<h1>Secure Score fleet report</h1>\n<p class=\"muted\">{} tenants · Generated {}</p>",
        fleet.rows.len(),
        format::date(today)
    );
    h.raw("<p class=\"note screen\">A read-only snapshot made with Secure Score: the data is inside this file, \
        it opens offline and makes no requests. Scores as each tenant's data reports its newest day.</p>\n</header>\n");

    h.raw("<section id=\"tenants\">\n<h2>Tenants</h2>\n<table>\n<thead><tr><th scope=\"col\">Tenant</th>\
        <th scope=\"col\" class=\"num\">Score</th><th scope=\"col\" class=\"num\">Points possible</th>\
        <th scope=\"col\" class=\"num\">Percent</th><th scope=\"col\" class=\"num\">7-day change</th>\
        <th scope=\"col\" class=\"num\">30-day change</th><th scope=\"col\">Newest data</th></tr></thead>\n<tbody>\n");
    for row in &fleet.rows {
        h.raw("<tr data-testid=\"fleet-row\"><th scope=\"row\">")
            .text(&label(row))
            .raw("</th>");
        let Some(l) = row.latest else {
            h.raw("<td colspan=\"6\" class=\"muted\">no data</td></tr>\n");
            continue;
        };
        let change = |c: Option<f64>| match c {
            Some(c) => format!(
                "<td class=\"num {}\">{}</td>",
                if c > 0.0 {
                    "up"
                } else if c < 0.0 {
                    "down"
                } else {
                    ""
                },
                format::delta(c)
            ),
            None => "<td class=\"num muted\">—</td>".to_string(),
        };
        let _ = write!(
            h,
            "<td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>{}{}<td><time datetime=\"{}\">{}</time>",
            format::points(l.score),
            format::points(l.possible),
            format::percent(l.percent),
            change(l.change_7),
            change(l.change_30),
            l.date,
            format::date(l.date),
        );
        if let Some(days) = stale(l.date) {
            let _ = write!(h, " <span class=\"down\">(stale: {days} days old)</span>");
        }
        h.raw("</td></tr>\n");
    }
    h.raw("</tbody>\n</table>\n</section>\n");

    let gaps = control_gaps(tenants);
    h.raw("<section id=\"gaps\">\n<h2>Controls the fleet is missing</h2>\n");
    if gaps.is_empty() {
        h.raw("<p>Every tenant has completed every scored control.</p>\n");
    } else {
        let _ = writeln!(
            h,
            "<p class=\"muted\">The {} controls most tenants have not completed (partly done included), \
             with the points they would bring across the fleet.</p>",
            gaps.len().min(GAPS_SHOWN)
        );
        h.raw("<table>\n<thead><tr><th scope=\"col\">Control</th><th scope=\"col\">Category</th>\
            <th scope=\"col\" class=\"num\">Tenants missing it</th><th scope=\"col\" class=\"num\">Points</th>\
            <th scope=\"col\">Tenants</th></tr></thead>\n<tbody>\n");
        for gap in gaps.iter().take(GAPS_SHOWN) {
            h.raw("<tr><th scope=\"row\">")
                .text(&gap.title)
                .raw("</th><td>")
                .text(gap.category.label())
                .raw("</td>");
            let _ = write!(
                h,
                "<td class=\"num\">{} of {}</td><td class=\"num\">{}</td><td>",
                gap.missing.len(),
                gap.applies,
                format::points(gap.points)
            );
            let names: Vec<String> = gap
                .missing
                .iter()
                .filter_map(|t| fleet.rows.get(t.index).map(label))
                .collect();
            h.text(&names.join(", ")).raw("</td></tr>\n");
        }
        h.raw("</tbody>\n</table>\n");
    }
    h.raw("</section>\n<footer class=\"muted\"><p>The score measures how many recommended protections \
        are in place, not how likely a breach is.</p></footer>\n</main>\n</body>\n</html>\n");
    h.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::model::{Category, Origin, Service, TenantInfo};
    use crate::engine::synthetic::{control_score, day_score};
    use std::sync::Arc;

    const HOSTILE: &str = "<script>alert(1)</script>";

    fn tenant(id: &str, name: &str, earned: f64) -> Arc<TenantHistory> {
        let date = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap_or_default();
        let controls = vec![control_score("mfa", Category::Identity, earned, 10.0)];
        Arc::new(TenantHistory {
            tenant: TenantInfo {
                id: id.to_string(),
                name: name.to_string(),
            },
            origin: Origin::Graph,
            days: vec![day_score(date, vec![Service::EntraId], controls)],
            controls: Vec::new(),
            warnings: Vec::new(),
        })
    }

    fn tenants() -> Vec<Arc<TenantHistory>> {
        vec![
            tenant("11111111-aaaa", "Contoso", 4.0),
            tenant("22222222-bbbb", HOSTILE, 10.0),
            tenant("33333333-cccc", "Fabrikam", 0.0),
        ]
    }

    fn report(hide_tenant: bool) -> String {
        let today = NaiveDate::from_ymd_opt(2026, 12, 10).unwrap_or_default();
        let options = ReportOptions {
            hide_tenant,
            all_tenants: true,
            ..ReportOptions::default()
        };
        render(&tenants(), today, options, |d| Some((today - d).num_days()))
    }

    #[test]
    fn every_tenant_and_the_fleets_gaps_are_in_the_report() {
        let html = report(false);
        assert_eq!(html.matches("data-testid=\"fleet-row\"").count(), 3);
        assert!(html.contains("Contoso (11111111-aaaa)") && html.contains("Fabrikam"));
        assert!(html.contains(
            "<td class=\"num\">4</td><td class=\"num\">10</td><td class=\"num\">40%</td>"
        ));
        assert!(html.contains("(stale: 9 days old)"));
        // mfa: lacking in Contoso (6 points) and Fabrikam (10), done in the other.
        assert!(html.contains("<td class=\"num\">2 of 3</td><td class=\"num\">16</td><td>Contoso (11111111-aaaa), Fabrikam (33333333-cccc)</td>"));
        assert!(!html.contains(HOSTILE) && html.contains("&lt;script&gt;"));
        assert!(!html.contains("<script"));
    }

    #[test]
    fn redacted_tenants_are_numbered_and_named_nowhere() {
        let html = report(true);
        for word in [
            "Contoso",
            "Fabrikam",
            "11111111-aaaa",
            "33333333-cccc",
            "alert(1)",
        ] {
            assert!(!html.contains(word), "{word} left in the report");
        }
        assert!(html.contains("<th scope=\"row\">Tenant 1</th>"));
        assert!(html.contains("<td>Tenant 1, Tenant 3</td>"));
    }
}
