use chrono::NaiveDate;

use super::*;
use crate::engine::model::{
    Category, Comparison, ControlInfo, ControlScore, DayScore, Level, Origin, Progress, Reported,
    Service, Status, TenantInfo,
};
use crate::engine::queue::minimal_info;
use crate::engine::status::AdminStatus;
use crate::engine::synthetic::control_score;

const HOSTILE: &str = "</style><script>alert(1)</script><img src=x onerror=alert(2)>";
const NAME: &str = "Contoso Ltd";
const ID: &str = "3f2504e0-4f89-11d3-9a0c-0305e82c3301";

fn date(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, 1).unwrap_or_default() + chrono::Days::new(u64::from(d))
}

fn control(id: &str, category: Category, earned: f64, possible: f64) -> ControlScore {
    ControlScore {
        progress: (id == "mfa").then_some(Progress {
            done: 37.0,
            total: 50.0,
        }),
        ..control_score(id, category, earned, possible)
    }
}

fn info(id: &str, title: &str, remediation: &str) -> ControlInfo {
    ControlInfo {
        title: title.to_string(),
        remediation: remediation.to_string(),
        user_impact: Level::Low,
        ..minimal_info(&control(id, Category::Identity, 0.0, 10.0))
    }
}

/// 40 days; a hostile control title; the tenant name inside a title, a
/// remediation link and a comparison label.
fn history() -> TenantHistory {
    let days = (0..40)
        .map(|d| {
            let mfa = if d >= 35 { 7.4 } else { 2.0 };
            let controls = vec![
                control("admins", Category::Identity, 10.0, 10.0),
                control("hostile", Category::Data, 0.0, 5.0),
                control("mfa", Category::Identity, mfa, 10.0),
                control("teams", Category::Apps, 1.0, 3.0),
            ];
            let earned: f64 = controls.iter().map(|c| c.earned).sum();
            DayScore {
                date: date(d),
                computed_at: None,
                services: vec![Service::EntraId],
                controls,
                excluded: Vec::new(),
                // Reported a little apart from the recomputed sum, as Graph may be.
                reported: Some(Reported {
                    score: earned + 0.5,
                    max: 28.0,
                }),
                comparisons: vec![Comparison {
                    basis: "AllTenants".into(),
                    label: format!("Tenants like {NAME}"),
                    average_score: 12.25,
                    categories: Vec::new(),
                }],
                licensed_users: Some(4321),
                active_users: Some(1234),
            }
        })
        .collect();
    TenantHistory {
        tenant: TenantInfo {
            id: ID.into(),
            name: NAME.into(),
        },
        origin: Origin::Graph,
        days,
        controls: vec![
            info("admins", "Use least privileged admin roles", ""),
            info("hostile", HOSTILE, "<p>Step <b>one</b><script>alert(3)</script></p><a href=\"javascript:alert(4)\">bad</a> <a href=\"https://admin.example/contoso ltd\">portal</a>"),
            info("mfa", "Require MFA for Contoso Ltd users", "<ul><li>Open Entra</li></ul>"),
            info("teams", "Restrict Teams guests", "Text & \"quotes\""),
        ],
        warnings: vec![format!("warning about {NAME}")],
    }
}

fn today() -> NaiveDate {
    date(39)
}

fn report(options: ReportOptions) -> String {
    render(&history(), &Overrides::new(), None, today(), options)
}

#[test]
fn hostile_text_is_escaped_everywhere() {
    let html = report(ReportOptions::default());
    // The only <script, <style> and <img are ours (none, one, none).
    assert!(!html.to_ascii_lowercase().contains("<script"), "script");
    assert!(!html.contains("<img"));
    assert_eq!(html.matches("<style>").count(), 1);
    assert_eq!(html.matches("</style>").count(), 1);
    assert!(html.contains("&lt;/style&gt;&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(!html.contains("javascript:"));
    for tag in tags(&html) {
        let name = tag.split_whitespace().next().unwrap_or_default();
        assert!(ALLOWED.contains(&name.trim_start_matches('/')), "tag {tag}");
        assert!(
            !tag.contains(" on") && !tag.contains(" src="),
            "attribute in {tag}"
        );
    }
    assert!(html.contains("Text &amp; &quot;quotes&quot;"));
    // Sanitized remediation keeps its safe structure and http(s) links.
    assert!(html.contains("<p>Step <strong>one</strong></p>"));
    assert!(html.contains("<a href=\"https://admin.example/contoso ltd\""));
    assert!(html.contains("<ul><li>Open Entra</li></ul>"));
}

#[test]
fn nothing_is_requested() {
    let html = report(ReportOptions::default());
    assert!(html.contains("http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'"));
    for needle in ["<script", "<link", "<img", "<iframe", "url(", "@import"] {
        assert!(!html.contains(needle), "{needle}");
    }
    assert!(tags(&html).all(|t| !t.contains("src=")));
}

/// Every element the report may contain.
const ALLOWED: [&str; 42] = [
    "!doctype", "html", "head", "meta", "title", "style", "body", "main", "header", "footer",
    "section", "h1", "h2", "h3", "p", "span", "strong", "em", "code", "br", "ul", "ol", "li", "a",
    "div", "time", "table", "thead", "tbody", "tr", "th", "td", "svg", "rect", "g", "text", "path",
    "rect/", "b", "i", "small", "caption",
];

/// The inside of every tag of `html` (escaped text never holds a raw `<`).
fn tags(html: &str) -> impl Iterator<Item = &str> {
    html.split('<')
        .skip(1)
        .map(|rest| rest.split('>').next().unwrap_or_default())
}

#[test]
fn numbers_match_the_engine() {
    let h = history();
    let overrides = Overrides::new();
    let day = h.latest().cloned().unwrap_or_else(|| panic!("day"));
    let html = report(ReportOptions::default());
    // Reported score of the last day: 10 + 0 + 7.4 + 1 + 0.5 = 18.9 of 28.
    assert_eq!(day.shown().earned, 18.9);
    assert!(
        html.contains("data-testid=\"score-current\" data-value=\"18.9\">18.9<"),
        "score"
    );
    assert!(html.contains("data-testid=\"score-max\" data-value=\"28\">28<"));
    assert!(html.contains(&format!(
        "data-value=\"{}\">{}<",
        format::points(day.shown().percent()),
        format::percent(day.shown().percent())
    )));
    // Change over 7 days: 7.4 − 2 = +5.4; over 30 days the same.
    assert!(html.contains("▲ +5.4"));
    // Categories as the engine computes them.
    for (category, points) in adjusted_by_category(&day, &overrides, today()) {
        let row = format!(
            "<th scope=\"row\">{}</th><td class=\"num\">{} / {}</td>",
            category.label(),
            format::points(points.earned),
            format::points(points.possible)
        );
        assert!(html.contains(&row), "{row}");
    }
    // The queue in the engine's order, with its gains.
    let items = queue(&h, &day, &overrides, today());
    let mut at = 0;
    for item in items.iter().filter(|i| i.in_default_queue()) {
        let marker = format!(
            "data-control=\"{}\" data-points-gain=\"{}\"",
            item.id,
            format::points(item.gain)
        );
        let found = html[at..]
            .find(&marker)
            .unwrap_or_else(|| panic!("{marker}"));
        at += found;
    }
    // Comparisons, users, history rows.
    assert!(html.contains("<td class=\"num\">12.25</td>"));
    assert!(html.contains("Licensed users: <span class=\"num\">4321</span>"));
    assert!(html.contains("Progress: <span class=\"num\">37 of 50</span>"));
    assert_eq!(html.matches("<tr data-date=").count(), 40);
    assert!(html.contains("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"ss-chart-svg\""));
    // The chart's title and axis: dates for people.
    assert!(html.contains(&format!(
        ">Score from {} to {}: 18.9 of 28 points on the last day</title>",
        format::date(date(0)),
        format::date(date(39))
    )));
    assert!(
        html.contains(" Mar 2026</text>"),
        "the year at the first date tick"
    );
    assert!(html.contains(&format!("data-date=\"{}\"", date(0))));
}

#[test]
fn statuses_change_the_score_as_on_the_overview() {
    let h = history();
    let mut overrides = Overrides::new();
    overrides.set("hostile", AdminStatus::new(Status::ThirdParty));
    overrides.set("teams", AdminStatus::new(Status::RiskAccepted));
    let numbers = ScoreSummary::of(&h, &overrides, today());
    // 18.9 + 5 (third party) − 1 (risk accepted).
    assert_eq!(numbers.map(|n| round2(n.adjusted.earned)), Some(22.9));
    let html = render(&h, &overrides, None, today(), ReportOptions::default());
    assert!(html.contains("data-value=\"22.9\">22.9<"));
    assert!(html.contains("Risk accepted or resolved otherwise"));
    assert!(html.contains("Resolved through third party"));
}

#[test]
fn statuses_show_their_reason_expiry_and_who_and_redaction_hides_the_person() {
    let mut h = history();
    if let Some(mfa) = h.controls.iter_mut().find(|c| c.id == "mfa") {
        mfa.state_updates = vec![crate::engine::model::StateUpdate::read(
            "Ignored",
            "Risk accepted, until 2026-12-31: legacy kiosk",
            "soc.lead@contoso.example",
            "",
            today().and_hms_opt(9, 0, 0).map(|t| t.and_utc()),
        )];
    }
    for day in &mut h.days {
        for c in &mut day.controls {
            if c.id == "mfa" {
                c.data_status = Status::RiskAccepted;
            }
        }
    }
    let mut overrides = Overrides::new();
    overrides.set(
        "teams",
        AdminStatus {
            reason: "Teams is retired".to_string(),
            ..AdminStatus::new(Status::RiskAccepted).set_on(today())
        },
    );
    let shown = render(&h, &overrides, None, today(), ReportOptions::default());
    assert!(shown.contains(
        "“legacy kiosk”, until 31 Dec 2026, set by soc.lead@contoso.example on 9 Apr 2026"
    ));
    assert!(shown.contains("“Teams is retired”, set by you (this browser) on 9 Apr 2026"));
    let redacted = render(
        &h,
        &overrides,
        None,
        today(),
        ReportOptions {
            hide_users: true,
            ..ReportOptions::default()
        },
    );
    assert!(!redacted.contains("soc.lead@"), "the person's address");
    assert!(redacted.contains("“legacy kiosk”, until 31 Dec 2026, set by an admin"));
}

#[test]
fn redaction_removes_the_tenant_and_user_counts() {
    let shown = report(ReportOptions::default());
    assert!(shown.contains(NAME) && shown.contains(ID));
    let html = report(ReportOptions {
        hide_tenant: true,
        hide_users: true,
        all_tenants: false,
    });
    let lower = html.to_ascii_lowercase();
    assert!(!lower.contains(&NAME.to_ascii_lowercase()), "tenant name");
    assert!(!lower.contains(ID), "tenant id");
    assert!(!lower.contains("contoso"), "name inside a link");
    assert!(html.contains("Require MFA for [redacted] users"));
    assert!(
        !html.contains("4321") && !html.contains("1234"),
        "user counts"
    );
    assert!(!html.contains("37 of 50"), "per-user progress");
    // Everything else is still there.
    assert!(html.contains("data-value=\"18.9\""));
    // Only the tenant: user counts stay.
    let tenant_only = report(ReportOptions {
        hide_tenant: true,
        hide_users: false,
        all_tenants: false,
    });
    assert!(tenant_only.contains("4321") && !tenant_only.contains(NAME));
}

#[test]
fn empty_history_gives_a_valid_page() {
    let mut h = history();
    h.days.clear();
    let html = render(
        &h,
        &Overrides::new(),
        None,
        today(),
        ReportOptions::default(),
    );
    assert!(html.contains("No score history was loaded."));
    assert!(html.ends_with("</html>\n"));
}

#[test]
fn file_name_has_the_date() {
    assert_eq!(file_name(date(4)), "secure-score-report-2026-03-05.html");
}

#[test]
fn our_assessment_shows_evidence_and_with_users_left_out_counts_people() {
    use crate::engine::live::{AssessedControl, Comparison, Evidence, Unassessed};
    use crate::engine::model::{Category, ControlState, Points};
    let comparison = Comparison {
        controls: vec![AssessedControl {
            id: "MFARegistrationV2".into(),
            title: "Ensure all users can complete MFA".into(),
            category: Category::Identity,
            ours: ControlState::Partial,
            points: Points {
                earned: 4.5,
                possible: 9.0,
            },
            note: String::new(),
            evidence: vec![Evidence {
                summary: "2 users have not registered for MFA.".into(),
                items: vec!["dan@contoso.example".into(), "eve@contoso.example".into()],
                people: true,
            }],
            microsoft: Some(ControlState::Completed),
        }],
        score: Points {
            earned: 4.5,
            possible: 9.0,
        },
        microsoft_score: Some(Points {
            earned: 9.0,
            possible: 9.0,
        }),
        not_assessed: vec![Unassessed {
            id: "spo_idle_session_timeout".into(),
            title: "Sign out idle SharePoint sessions".into(),
            why: "needs SharePointTenantSettings.Read.All".into(),
        }],
        out_of_reach: Vec::new(),
    };
    let h = history();
    let shown = render(
        &h,
        &Overrides::new(),
        Some(&comparison),
        today(),
        ReportOptions::default(),
    );
    assert!(shown.contains("<h2>Our assessment</h2>"));
    assert!(shown.contains("data-earned=\"4.5\" data-possible=\"9\">4.5 of 9</span>"));
    assert!(shown.contains("We agree with Microsoft on 0 of 1 controls."));
    assert!(
        shown.contains("Microsoft counts it done"),
        "the disagreement explained"
    );
    assert!(shown.contains("dan@contoso.example, eve@contoso.example"));
    assert!(shown.contains("Not assessed (1)"));
    assert!(shown.contains("needs SharePointTenantSettings.Read.All"));

    let redacted = render(
        &h,
        &Overrides::new(),
        Some(&comparison),
        today(),
        ReportOptions {
            hide_users: true,
            ..ReportOptions::default()
        },
    );
    assert!(!redacted.contains("dan@contoso.example"));
    assert!(redacted.contains("2 users left out of this report"));
    assert!(redacted.contains("2 users have not registered for MFA."));

    let without = render(
        &h,
        &Overrides::new(),
        None,
        today(),
        ReportOptions::default(),
    );
    assert!(!without.contains("Our assessment"));
}
