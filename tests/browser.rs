//! Component tests in headless Chromium (wasm-bindgen-test): the app's
//! pieces mounted into a real DOM.
#![cfg(target_arch = "wasm32")]

use secure_score::state::route::{Page, Route};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn route_round_trips_through_the_hash() {
    let route = Route::parse("#/analyzer?day=2026-03-01&range=90");
    assert_eq!(route.page, Page::Analyzer);
    assert_eq!(route.param("day"), Some("2026-03-01"));
    assert_eq!(route.param("range"), Some("90"));
    assert_eq!(Route::parse(&route.to_hash()), route);
}

#[wasm_bindgen_test]
fn route_encodes_and_decodes_odd_values() {
    let route = Route::page(Page::Actions).with_param("control", Some("a&b=c d#e"));
    let hash = route.to_hash();
    assert!(!hash[1..].contains('#'), "{hash}");
    assert_eq!(Route::parse(&hash).param("control"), Some("a&b=c d#e"));
}

#[wasm_bindgen_test]
fn unknown_page_falls_back_to_overview() {
    assert_eq!(Route::parse("#/nope").page, Page::Overview);
    assert_eq!(Route::parse("").page, Page::Overview);
}

/// What the component tests share: waiting for a condition, a host
/// element in the page, the app state over some tenants, a mounted app
/// removed when dropped, and element lookups.
mod support {
    use std::sync::Arc;

    use leptos::prelude::*;
    use secure_score::engine::model::TenantHistory;
    use secure_score::sources::SourceInfo;
    use secure_score::state::route::Router;
    use secure_score::state::theme::Theme;
    use secure_score::state::AppState;
    use wasm_bindgen::JsCast;

    /// Waits until `check` holds, polling it once per turn of the event
    /// loop, so that effects, microtasks and due timers run in between.
    /// Panics naming `what` if it still fails after 5 s: a bound for a
    /// slow machine, not a pause (a passing check returns at once).
    pub async fn until(what: &str, check: impl Fn() -> bool) {
        let clock = web_sys::window().unwrap().performance().unwrap();
        let give_up = clock.now() + 5_000.0;
        while !check() {
            assert!(clock.now() < give_up, "waited 5 s for {what}");
            timeout(0).await;
        }
    }

    /// Lets the page run for a while, for the one check that something
    /// did NOT happen and no later event marks that the page is done (a
    /// clicked link's payload not running). Everything else waits with
    /// [`until`].
    pub async fn settle() {
        timeout(30).await;
    }

    /// A `setTimeout` of `ms` milliseconds.
    async fn timeout(ms: i32) {
        let promise = js_sys::Promise::new(&mut |resolve, _| {
            web_sys::window()
                .unwrap()
                .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
                .unwrap();
        });
        wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
    }

    /// The address's hash. The router writes it after the next paint,
    /// well after the page has drawn the route's change (`Router::go`).
    pub fn hash() -> String {
        web_sys::window().unwrap().location().hash().unwrap()
    }

    /// Replaces the page's hash (the route) without a navigation.
    pub fn go_to(hash: &str) {
        web_sys::window()
            .unwrap()
            .history()
            .unwrap()
            .replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(hash))
            .unwrap();
    }

    /// A `<div>` with `attributes`, appended to the body.
    pub fn host(attributes: &[(&str, &str)]) -> web_sys::HtmlElement {
        let document = web_sys::window().unwrap().document().unwrap();
        let host: web_sys::HtmlElement = document.create_element("div").unwrap().unchecked_into();
        for (name, value) in attributes {
            host.set_attribute(name, value).unwrap();
        }
        document.body().unwrap().append_child(&host).unwrap();
        host
    }

    /// The app's state over `tenants`, the first shown, light theme.
    pub fn app_state(tenants: Vec<Arc<TenantHistory>>) -> AppState {
        AppState {
            tenants: RwSignal::new(tenants),
            selected: RwSignal::new(0),
            source: RwSignal::new(SourceInfo::Demo),
            error: RwSignal::new(None),
            router: Router::follow_location(),
            theme: RwSignal::new(Theme::Light),
        }
    }

    /// A mounted app: unmounted and removed when dropped, so that tests
    /// leave nothing behind for the next.
    pub struct Mounted {
        pub host: web_sys::HtmlElement,
        _handle: Box<dyn std::any::Any>,
    }

    impl Mounted {
        pub fn new(host: web_sys::HtmlElement, handle: impl std::any::Any) -> Mounted {
            Mounted {
                host,
                _handle: Box::new(handle),
            }
        }
    }

    impl std::ops::Deref for Mounted {
        type Target = web_sys::HtmlElement;
        fn deref(&self) -> &web_sys::HtmlElement {
            &self.host
        }
    }

    impl Drop for Mounted {
        fn drop(&mut self) {
            self.host.remove();
        }
    }

    /// Clicks `link` as a user would, except that a link to a new tab
    /// (`target=_blank`) opens none: a new tab would hide this page, which
    /// pauses its animation frames, and with them the router's address
    /// writes, for every later test. Such a link (`noopener`) would run
    /// nothing in this page anyway; its click handlers still run.
    pub fn click_link(link: &web_sys::HtmlElement) {
        if link.get_attribute("target").as_deref() != Some("_blank") {
            link.click();
            return;
        }
        let window = web_sys::window().unwrap();
        let no_tab = wasm_bindgen::closure::Closure::<dyn FnMut(web_sys::Event)>::new(
            |event: web_sys::Event| event.prevent_default(),
        );
        let listener = no_tab.as_ref().unchecked_ref();
        window
            .add_event_listener_with_callback("click", listener)
            .unwrap();
        link.click();
        window
            .remove_event_listener_with_callback("click", listener)
            .unwrap();
    }

    /// Every element under `host` matching `selector`.
    pub fn all(host: &web_sys::Element, selector: &str) -> Vec<web_sys::HtmlElement> {
        let list = host.query_selector_all(selector).unwrap();
        (0..list.length())
            .map(|i| list.get(i).unwrap().unchecked_into())
            .collect()
    }

    /// The element under `host` matching `selector`; panics when none does.
    pub fn one(host: &web_sys::Element, selector: &str) -> web_sys::HtmlElement {
        host.query_selector(selector)
            .unwrap()
            .unwrap_or_else(|| panic!("no {selector}"))
            .unchecked_into()
    }
}

// ---- rich text (sanitized Graph HTML) ----
mod rich_text {
    use leptos::prelude::*;
    use secure_score::components::rich_text::RichText;
    use wasm_bindgen::JsCast;
    use wasm_bindgen_test::*;

    fn mount(html: &'static str) -> web_sys::HtmlElement {
        let document = web_sys::window().unwrap().document().unwrap();
        let host: web_sys::HtmlElement = document.create_element("div").unwrap().unchecked_into();
        document.body().unwrap().append_child(&host).unwrap();
        leptos::mount::mount_to(host.clone(), move || view! { <RichText html=html /> }).forget();
        host
    }

    #[wasm_bindgen_test]
    fn hostile_remediation_renders_as_harmless_text() {
        let host = mount(
            r#"<p>Step <script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">
            <a href="javascript:window.__pwned=3">click</a> <a href="https://learn.microsoft.com/x" onclick="window.__pwned=4">docs</a></p>"#,
        );
        assert!(host.query_selector("script").unwrap().is_none());
        assert!(host.query_selector("img").unwrap().is_none());
        let links = host.query_selector_all("a").unwrap();
        assert_eq!(links.length(), 1);
        let link: web_sys::Element = links.get(0).unwrap().unchecked_into();
        assert_eq!(
            link.get_attribute("href").as_deref(),
            Some("https://learn.microsoft.com/x")
        );
        assert!(link.get_attribute("onclick").is_none());
        assert_eq!(
            link.get_attribute("rel").as_deref(),
            Some("noopener noreferrer")
        );
        super::support::click_link(link.unchecked_ref());
        let pwned = js_sys::Reflect::get(&web_sys::window().unwrap(), &"__pwned".into()).unwrap();
        assert!(pwned.is_undefined(), "a payload ran");
        assert_eq!(host.text_content().unwrap().trim(), "Step click docs");
    }

    #[wasm_bindgen_test]
    fn lists_and_emphasis_survive() {
        let host = mount("<ol><li>Open <em>Entra ID</em></li><li>Save</li></ol>");
        assert_eq!(host.query_selector_all("ol > li").unwrap().length(), 2);
        assert_eq!(
            host.query_selector("li em")
                .unwrap()
                .unwrap()
                .text_content()
                .unwrap(),
            "Entra ID"
        );
    }
}

// ---- analyzer page (history chart, day breakdown, what changed) ----
mod analyzer {
    use std::sync::Arc;

    use chrono::NaiveDate;
    use leptos::prelude::*;
    use secure_score::chart::ChartDay;
    use secure_score::engine::model::*;
    use secure_score::pages::analyzer::export::history_csv;
    use secure_score::pages::analyzer::AnalyzerPage;
    use secure_score::state::statuses::provide_statuses;
    use wasm_bindgen::JsCast;
    use wasm_bindgen_test::*;

    use secure_score::engine::synthetic::{control_score, day_score};

    use super::support::{all, app_state, go_to, hash, host, one, until, Mounted};

    const HOSTILE: &str = "<img src=x onerror=\"window.__analyzer_pwned=1\">Evil & co";

    fn date(offset: i64) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 1, 1).unwrap() + chrono::Duration::days(offset)
    }

    fn info(id: &str, title: &str, category: Category, service: Service, max: f64) -> ControlInfo {
        ControlInfo {
            id: id.into(),
            title: title.into(),
            category,
            service,
            max_points: max,
            description: String::new(),
            threats: Vec::new(),
            remediation: String::new(),
            remediation_impact: String::new(),
            action_url: None,
            user_impact: Level::Low,
            implementation_cost: Level::Low,
            tier: "Core".into(),
            rank: 1,
            scored: true,
            deprecated: false,
            state_updates: Vec::new(),
        }
    }

    fn score(
        id: &str,
        category: Category,
        service: Service,
        earned: f64,
        possible: f64,
    ) -> ControlScore {
        ControlScore {
            service,
            ..control_score(id, category, earned, possible)
        }
    }

    /// `n` days from 2026-01-01: MFA completed on day 20 (+10), the DLP
    /// policy lost 2.5 points on day 25, Teams (and its control) arrived on
    /// day 30; a control with a hostile title throughout.
    fn history(n: i64) -> TenantHistory {
        let days = (0..n)
            .map(|i| {
                let mut services = vec![Service::EntraId, Service::Purview];
                let mut controls = vec![
                    score(
                        "AdminMFA",
                        Category::Identity,
                        Service::EntraId,
                        if i >= 20 { 10.0 } else { 0.0 },
                        10.0,
                    ),
                    score(
                        "DLPPolicy",
                        Category::Data,
                        Service::Purview,
                        if i >= 25 { 2.5 } else { 5.0 },
                        5.0,
                    ),
                    score("Hostile", Category::Apps, Service::EntraId, 1.0 / 3.0, 3.0),
                ];
                if i >= 30 {
                    services.push(Service::Teams);
                    controls.push(score(
                        "TeamsGuests",
                        Category::Apps,
                        Service::Teams,
                        2.0,
                        4.0,
                    ));
                }
                day_score(date(i), services, controls)
            })
            .collect();
        let mut controls = vec![
            info(
                "AdminMFA",
                "Require MFA for administrators",
                Category::Identity,
                Service::EntraId,
                10.0,
            ),
            info(
                "DLPPolicy",
                "Turn on DLP policies",
                Category::Data,
                Service::Purview,
                5.0,
            ),
            info("Hostile", HOSTILE, Category::Apps, Service::EntraId, 3.0),
            info(
                "TeamsGuests",
                "Restrict Teams guests",
                Category::Apps,
                Service::Teams,
                4.0,
            ),
        ];
        controls.sort_by(|a, b| a.id.cmp(&b.id));
        TenantHistory {
            tenant: TenantInfo {
                id: "t1".into(),
                name: HOSTILE.into(),
            },
            origin: Origin::Snapshots,
            days,
            controls,
            warnings: Vec::new(),
        }
    }

    /// A mounted page: unmounted and removed when dropped, so that tests
    /// leave nothing behind for the next.
    /// Mounts the page at `hash` over a history of `n` days.
    async fn mount(hash: &str, n: i64) -> Mounted {
        mount_history(hash, history(n)).await
    }

    /// Mounts the page at `hash` over `history`.
    async fn mount_history(hash: &str, history: TenantHistory) -> Mounted {
        go_to(hash);
        let host = host(&[("style", "width: 900px")]);
        let history = Arc::new(history);
        let handle = leptos::mount::mount_to(host.clone(), move || {
            provide_context(app_state(vec![history.clone()]));
            provide_statuses();
            view! { <AnalyzerPage /> }
        });
        // The chart waits for the page's width, measured in an effect.
        until("the chart and its day buttons", || {
            host.query_selector(".ss-an-svg svg").unwrap().is_some()
                && host
                    .query_selector("[data-testid=analyzer-day]")
                    .unwrap()
                    .is_some()
        })
        .await;
        Mounted::new(host, handle)
    }

    /// Dispatches `new <ctor>(kind, { bubbles: true, key })` on `target`.
    fn fire(target: &web_sys::Element, ctor: &str, kind: &str, key: Option<&str>) {
        let window = web_sys::window().unwrap();
        let constructor: js_sys::Function = js_sys::Reflect::get(&window, &ctor.into())
            .unwrap()
            .unchecked_into();
        let init = js_sys::Object::new();
        js_sys::Reflect::set(&init, &"bubbles".into(), &true.into()).unwrap();
        if let Some(key) = key {
            js_sys::Reflect::set(&init, &"key".into(), &key.into()).unwrap();
        }
        let args = js_sys::Array::of2(&kind.into(), &init);
        let event: web_sys::Event = js_sys::Reflect::construct(&constructor, &args)
            .unwrap()
            .unchecked_into();
        target.dispatch_event(&event).unwrap();
    }

    fn attr(el: &web_sys::HtmlElement, name: &str) -> String {
        el.get_attribute(name).unwrap_or_default()
    }

    fn chart_days(n: i64) -> Vec<ChartDay> {
        (0..n)
            .map(|i| ChartDay {
                date: date(i),
                score: 10.0 + i as f64,
                possible: 100.0,
                averages: vec![Some(30.0)],
                regression: i == 3,
                scope_change: i == 5,
                catalog_change: i == 6,
            })
            .collect()
    }

    #[wasm_bindgen_test]
    fn history_csv_has_header_quoting_and_changes() {
        let days = chart_days(3);
        let csv = history_csv(&days[1..], Some(&days[0]));
        let lines: Vec<&str> = csv.split("\r\n").collect();
        assert_eq!(
            lines[0],
            "date,score,possible,percent,change,score_dropped,scope_change,catalog_change"
        );
        assert_eq!(lines[1], "2026-01-02,11,100,11,1,false,false,false");
        assert_eq!(lines[2], "2026-01-03,12,100,12,1,false,false,false");
        assert_eq!(lines.len(), 4);
        assert_eq!(lines[3], "");
        assert_eq!(
            secure_score::components::csv::cell("a,\"b\""),
            "\"a,\"\"b\"\"\""
        );
        assert_eq!(secure_score::components::csv::cell("=1+1"), "'=1+1");
    }

    #[wasm_bindgen_test]
    async fn page_shows_the_range_and_the_selected_day() {
        let host = mount("#/analyzer?range=30&day=2026-01-21", 40).await;
        let days = all(&host, "[data-testid=analyzer-day]");
        assert_eq!(days.len(), 30);
        assert_eq!(attr(&days[0], "data-date"), "2026-01-11");
        assert_eq!(attr(&days[29], "data-date"), "2026-02-09");
        // Roving tabindex: only the selected day is tabbable.
        let tabbable: Vec<String> = days
            .iter()
            .filter(|d| attr(d, "tabindex") == "0")
            .map(|d| attr(d, "data-date"))
            .collect();
        assert_eq!(tabbable, vec!["2026-01-21".to_string()]);
        assert_eq!(
            attr(&one(&host, "[data-testid=selected-day]"), "data-date"),
            "2026-01-21"
        );
        // Dates as people read them, one convention on the whole page: the
        // selected day, its button, its table row, the compare choices and
        // the chart's axis (the year at its first tick); ISO only in the
        // machine-readable attributes.
        let text = |selector: &str| one(&host, selector).text_content().unwrap();
        assert_eq!(text("[data-testid=selected-day]"), "21 Jan 2026");
        assert!(attr(&days[10], "aria-label").starts_with("21 Jan 2026: "));
        assert_eq!(
            text("[data-testid=history-table] tr[data-date='2026-01-21'] time"),
            "21 Jan 2026"
        );
        assert!(text("[data-testid=compare-select]").contains("20 Jan 2026"));
        let labels: Vec<String> = all(&host, ".ss-an-svg text")
            .iter()
            .map(|t| t.text_content().unwrap())
            .filter(|t| t.contains(' '))
            .collect();
        assert!(labels.len() >= 3, "{labels:?}");
        assert!(
            labels[0].ends_with(" Jan 2026") || labels[0].ends_with(" Feb 2026"),
            "{labels:?}"
        );
        assert!(
            labels[1..].iter().all(|l| l.split(' ').count() == 2),
            "{labels:?}"
        );
        assert!(!host.inner_html().contains("01/2"), "no digit-order dates");
        // The controls add up to the day's score.
        let rows = all(&host, "[data-testid=day-control-row]");
        assert_eq!(rows.len(), 3);
        let sum: f64 = rows
            .iter()
            .map(|r| attr(r, "data-points").parse::<f64>().unwrap())
            .sum();
        let shown: f64 = attr(&one(&host, "[data-testid=day-score]"), "data-value")
            .parse()
            .unwrap();
        assert!((sum - shown).abs() < 0.01, "{sum} vs {shown}");
        // MFA was completed that day.
        let improved = one(&host, "[data-testid=changes-improved]");
        assert_eq!(all(&improved, "li").len(), 1);
        assert!(improved
            .text_content()
            .unwrap()
            .contains("Require MFA for administrators"));
        assert!(improved.text_content().unwrap().contains("Posture"));
        // The table has a row per day of the range.
        assert_eq!(all(&host, "[data-testid=history-table] tbody tr").len(), 30);
    }

    #[wasm_bindgen_test]
    async fn untrusted_titles_stay_text_and_never_reach_the_svg() {
        let host = mount("#/analyzer?range=all", 12).await;
        let svg = one(&host, ".ss-an-svg");
        assert!(svg.query_selector("svg").unwrap().is_some());
        let markup = svg.inner_html();
        assert!(!markup.contains("Evil") && !markup.contains("onerror"));
        assert!(host
            .query_selector(".ss-an-controls img")
            .unwrap()
            .is_none());
        assert!(host.text_content().unwrap().contains(HOSTILE));
        let pwned =
            js_sys::Reflect::get(&web_sys::window().unwrap(), &"__analyzer_pwned".into()).unwrap();
        assert!(pwned.is_undefined());
    }

    #[wasm_bindgen_test]
    async fn arrow_keys_click_and_range_change_move_the_selection() {
        let host = mount("#/analyzer?range=90", 40).await;
        let selected = || attr(&one(&host, "[data-testid=selected-day]"), "data-date");
        // The address changes last (after the next paint): once it shows
        // the day, the page shows it too.
        let address_shows = |part: &'static str| until(part, move || hash().contains(part));
        assert_eq!(selected(), "2026-02-09", "defaults to the newest day");
        let key = |k: &str| {
            let focused = one(&host, "[data-testid=analyzer-day][tabindex='0']");
            fire(&focused, "KeyboardEvent", "keydown", Some(k));
        };
        key("ArrowLeft");
        address_shows("day=2026-02-08").await;
        assert_eq!(selected(), "2026-02-08");
        key("Home");
        address_shows("day=2026-01-01").await;
        assert_eq!(selected(), "2026-01-01");
        // The first day has nothing to compare with.
        assert!(host
            .query_selector("[data-testid=changes-none]")
            .unwrap()
            .is_some());
        key("ArrowRight");
        address_shows("day=2026-01-02").await;
        assert_eq!(selected(), "2026-01-02");
        one(&host, "[data-testid=analyzer-day][data-date='2026-01-26']").click();
        address_shows("day=2026-01-26").await;
        assert_eq!(selected(), "2026-01-26");
        // DLP lost points that day.
        let regressed = one(&host, "[data-testid=changes-regressed]");
        assert!(regressed
            .text_content()
            .unwrap()
            .contains("Turn on DLP policies"));
        // Range 30 leaves 30 days.
        let select: web_sys::HtmlSelectElement =
            one(&host, "[data-testid=range-select]").unchecked_into();
        select.set_value("30");
        fire(&select, "Event", "change", None);
        address_shows("range=30").await;
        assert_eq!(all(&host, "[data-testid=analyzer-day]").len(), 30);
    }

    #[wasm_bindgen_test]
    async fn a_reported_total_that_differs_is_shown_and_explained() {
        let mut graph = history(5);
        graph.origin = Origin::Graph;
        graph.days[4].reported = Some(Reported {
            score: 20.0,
            max: 30.0,
        });
        graph.warnings =
            vec!["2026-01-05: Microsoft reports 20 points; the controls add up to 5.33.".into()];
        let host = mount_history("#/analyzer?range=all", graph).await;
        assert_eq!(
            attr(&one(&host, "[data-testid=day-score]"), "data-value"),
            "20"
        );
        let note = one(&host, "[data-testid=total-differs]")
            .text_content()
            .unwrap();
        assert!(note.contains("reported 20 of 30"), "{note}");
        assert!(
            note.contains("2026-01-05: Microsoft reports 20 points"),
            "{note}"
        );
        // The totals row still adds up the controls listed.
        let total: f64 = attr(
            &one(&host, "[data-testid=day-control-total]"),
            "data-points",
        )
        .parse()
        .unwrap();
        assert!((total - (5.0 + 1.0 / 3.0)).abs() < 1e-9, "{total}");
    }
}

// ---- dashboard: overview and improvement actions pages ----
mod dashboard {
    use std::sync::Arc;

    use chrono::NaiveDate;
    use leptos::prelude::*;
    use secure_score::components::csv;
    use secure_score::components::score_card::{ScoreCard, ScoreSummary};
    use secure_score::engine::model::*;
    use secure_score::pages::actions::ActionsPage;
    use secure_score::pages::overview::OverviewPage;
    use secure_score::state::statuses::provide_statuses;
    use wasm_bindgen::JsCast;
    use wasm_bindgen_test::*;

    use secure_score::engine::synthetic::control_score;

    use super::support::{
        all, app_state, click_link, go_to, hash, host, one, settle, until, Mounted,
    };

    /// Every way the Graph text fields have been seen to attack a page.
    const EVIL_HTML: &str = r#"<p>Do <script>window.__dash_pwned = 1</script>this
        <img src=x onerror="window.__dash_pwned = 2"><a href="javascript:window.__dash_pwned=3">now</a>
        <a href="https://learn.microsoft.com/x" onclick="window.__dash_pwned=4">docs</a>
        <iframe src="javascript:window.__dash_pwned=5"></iframe><svg onload="window.__dash_pwned=6"></svg></p>"#;
    const EVIL_TITLE: &str = "<img src=x onerror=\"window.__dash_pwned=7\">Evil title";

    fn day(offset: i64) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 1, 1).unwrap() + chrono::Duration::days(offset)
    }

    fn info(id: &str, title: &str, category: Category, max: f64, impact: Level) -> ControlInfo {
        ControlInfo {
            id: id.into(),
            title: title.into(),
            category,
            service: Service::EntraId,
            max_points: max,
            description: format!("<p>What {id} does.</p>"),
            threats: vec!["Account breach".into(), "Password spray".into()],
            remediation: "<ol><li>Open the admin center</li><li>Save</li></ol>".into(),
            remediation_impact: "Users sign in again.".into(),
            action_url: Some("https://admin.microsoft.com/x".into()),
            user_impact: impact,
            implementation_cost: Level::Low,
            tier: "Core".into(),
            rank: 1,
            scored: max > 0.0,
            deprecated: false,
            state_updates: Vec::new(),
        }
    }

    fn score(id: &str, category: Category, earned: f64, possible: f64) -> ControlScore {
        ControlScore {
            progress: (id == "MFA").then_some(Progress {
                done: 37.0,
                total: 50.0,
            }),
            note: if id == "Hostile" {
                EVIL_HTML.into()
            } else {
                String::new()
            },
            ..control_score(id, category, earned, possible)
        }
    }

    /// `n` days; on the last: MFA 3 of 10 (37 of 50 users), DLP 0 of 6,
    /// Hostile 0 of 4, Teams 2 of 2 (done), Info 0 of 0 ([Not Scored]).
    /// MFA gains a point a day over the last 10 days. `reported` adds a
    /// Graph-style reported total 1.5 above the recomputed one.
    fn history(id: &str, n: i64, reported: bool) -> TenantHistory {
        let days = (0..n)
            .map(|i| {
                let mfa = (3.0 - (n - 1 - i) as f64).max(0.0);
                let controls = vec![
                    score("DLP", Category::Data, 0.0, 6.0),
                    score("Hostile", Category::Apps, 0.0, 4.0),
                    score("Info", Category::Identity, 0.0, 0.0),
                    score("MFA", Category::Identity, mfa, 10.0),
                    score("Teams", Category::Apps, 2.0, 2.0),
                ];
                let earned: f64 = controls.iter().map(|c| c.earned).sum();
                DayScore {
                    date: day(i),
                    computed_at: None,
                    services: vec![Service::EntraId, Service::Purview],
                    controls,
                    excluded: vec![Exclusion {
                        id: "Gone".into(),
                        reason: "Intune is not licensed".into(),
                    }],
                    reported: reported.then_some(Reported {
                        score: earned + 1.5,
                        max: 22.0,
                    }),
                    comparisons: if reported {
                        vec![Comparison {
                            basis: "AllTenants".into(),
                            label: "All organizations".into(),
                            average_score: 9.25,
                            categories: vec![(Category::Identity, 2.0, 10.0)],
                        }]
                    } else {
                        Vec::new()
                    },
                    licensed_users: None,
                    active_users: None,
                }
            })
            .collect();
        let mut hostile = info("Hostile", EVIL_TITLE, Category::Apps, 4.0, Level::Moderate);
        hostile.description = EVIL_HTML.into();
        hostile.remediation = EVIL_HTML.into();
        hostile.remediation_impact = EVIL_HTML.into();
        hostile.action_url = Some("javascript:window.__dash_pwned=8".into());
        hostile.threats = vec![EVIL_TITLE.into()];
        TenantHistory {
            tenant: TenantInfo {
                id: id.into(),
                name: format!("Tenant {id}"),
            },
            origin: if reported {
                Origin::Graph
            } else {
                Origin::Snapshots
            },
            days,
            controls: vec![
                info(
                    "DLP",
                    "Turn on DLP policies",
                    Category::Data,
                    6.0,
                    Level::Low,
                ),
                hostile,
                info(
                    "Info",
                    "Review the audit log",
                    Category::Identity,
                    0.0,
                    Level::Low,
                ),
                info("MFA", "Require MFA", Category::Identity, 10.0, Level::High),
                info(
                    "Teams",
                    "Restrict Teams guests",
                    Category::Apps,
                    2.0,
                    Level::Low,
                ),
            ],
            warnings: Vec::new(),
        }
    }

    /// A host element styled as the app's root.
    fn root() -> web_sys::HtmlElement {
        host(&[("class", "ss-root")])
    }

    /// Mounts a page at `hash` over `tenants`, as the shell would.
    async fn mount(hash: &str, tenants: Vec<TenantHistory>, actions: bool) -> Mounted {
        go_to(hash);
        let host = root();
        let tenants: Vec<Arc<TenantHistory>> = tenants.into_iter().map(Arc::new).collect();
        let handle = leptos::mount::mount_to(host.clone(), move || {
            provide_context(app_state(tenants.clone()));
            provide_statuses();
            if actions {
                view! { <ActionsPage /> }.into_any()
            } else {
                view! { <OverviewPage /> }.into_any()
            }
        });
        until("the page", || {
            host.query_selector(".ss-page").unwrap().is_some()
        })
        .await;
        Mounted::new(host, handle)
    }

    /// The `data-value` of the element with `testid`, if there is one.
    fn shown(host: &web_sys::Element, testid: &str) -> Option<f64> {
        host.query_selector(&format!("[data-testid={testid}]"))
            .unwrap()?
            .get_attribute("data-value")?
            .parse()
            .ok()
    }

    /// Waits until the statuses' score shows `score`.
    async fn status_score_shows(host: &web_sys::Element, score: f64) {
        let what = format!("the statuses' score to show {score}");
        until(&what, || shown(host, "status-score") == Some(score)).await;
    }

    fn value(host: &web_sys::Element, testid: &str) -> f64 {
        one(host, &format!("[data-testid={testid}]"))
            .get_attribute("data-value")
            .unwrap()
            .parse()
            .unwrap()
    }

    /// Sets a form control's value and fires `change` (as a user would).
    fn choose(el: &web_sys::HtmlElement, value: &str) {
        js_sys::Reflect::set(el, &"value".into(), &value.into()).unwrap();
        fire(el, "change");
    }

    fn fire(el: &web_sys::Element, kind: &str) {
        let init = js_sys::Object::new();
        js_sys::Reflect::set(&init, &"bubbles".into(), &true.into()).unwrap();
        let constructor: js_sys::Function =
            js_sys::Reflect::get(&web_sys::window().unwrap(), &"Event".into())
                .unwrap()
                .unchecked_into();
        let event: web_sys::Event =
            js_sys::Reflect::construct(&constructor, &js_sys::Array::of2(&kind.into(), &init))
                .unwrap()
                .unchecked_into();
        el.dispatch_event(&event).unwrap();
    }

    fn storage() -> web_sys::Storage {
        web_sys::window().unwrap().local_storage().unwrap().unwrap()
    }

    fn pwned() -> wasm_bindgen::JsValue {
        js_sys::Reflect::get(&web_sys::window().unwrap(), &"__dash_pwned".into()).unwrap()
    }

    #[wasm_bindgen_test]
    fn score_card_works_alone_with_changes_or_no_data() {
        let long = history("a", 40, false);
        let host = root();
        let summary = ScoreSummary::of_latest(&long, None).unwrap();
        // 40 days: MFA went 0 → 3 over the last 3 days; 30 days ago it was 0 too.
        assert_eq!(summary.change_7, Some(3.0));
        assert_eq!(summary.change_30, Some(3.0));
        let _a = leptos::mount::mount_to(
            host.clone(),
            move || view! { <ScoreCard summary=summary.clone() /> },
        );
        assert_eq!(value(&host, "score-current"), 5.0);
        assert_eq!(value(&host, "score-max"), 22.0);
        assert_eq!(value(&host, "score-percent"), 22.73);
        assert_eq!(all(&host, "svg circle").len(), 2);
        let text = host.text_content().unwrap();
        assert!(text.contains("+3") && !text.contains("no data"), "{text}");
        assert!(!text.contains("As reported"), "no statuses, one score");

        // 5 days: no 7- or 30-day comparison; statuses change the score.
        let short = history("b", 5, false);
        let adjusted = Points {
            earned: 9.0,
            possible: 22.0,
        };
        let summary = ScoreSummary::of_latest(&short, Some(adjusted)).unwrap();
        assert_eq!((summary.change_7, summary.change_30), (None, None));
        let host = root();
        let _b = leptos::mount::mount_to(
            host.clone(),
            move || view! { <ScoreCard summary=summary.clone() /> },
        );
        assert_eq!(value(&host, "score-current"), 9.0);
        let changes: Vec<String> = all(&host, ".ss-score-changes li")
            .iter()
            .map(|li| li.text_content().unwrap())
            .collect();
        assert_eq!(changes.len(), 2);
        assert!(changes.iter().all(|c| c.contains("no data")), "{changes:?}");
        let text = host.text_content().unwrap();
        assert!(
            text.contains("As reported: 5 of 22") && text.contains("With your statuses: 9"),
            "{text}"
        );
    }

    #[wasm_bindgen_test]
    async fn overview_numbers_add_up_and_tenants_compare() {
        storage().clear().unwrap();
        let page = mount(
            "#/overview",
            vec![history("t1", 40, false), history("t2", 3, true)],
            false,
        )
        .await;
        let host = &page.host;
        let current = value(host, "score-current");
        assert_eq!((current, value(host, "score-max")), (5.0, 22.0));
        let rows = all(host, "[data-testid=category-row]");
        let categories: Vec<String> = rows
            .iter()
            .map(|r| r.get_attribute("data-category").unwrap())
            .collect();
        assert_eq!(categories, ["Identity", "Data", "Apps"]);
        let sum: f64 = rows
            .iter()
            .map(|r| {
                r.get_attribute("data-earned")
                    .unwrap()
                    .parse::<f64>()
                    .unwrap()
            })
            .sum();
        assert_eq!(sum, current);
        // Top actions by gain, linking to their details; none for done or [Not Scored].
        let links: Vec<String> = all(host, ".ss-top-list a")
            .iter()
            .map(|a| a.get_attribute("href").unwrap())
            .collect();
        assert_eq!(
            links,
            [
                "#/actions?control=MFA",
                "#/actions?control=DLP",
                "#/actions?control=Hostile"
            ]
        );
        // The untrusted title is text.
        assert!(host.text_content().unwrap().contains(EVIL_TITLE));
        assert!(host.query_selector("img").unwrap().is_none());
        // No comparison data for this tenant: no comparison card.
        assert!(host.query_selector(".ss-comparisons").unwrap().is_none());
        // The excluded control, collapsed, with its reason.
        let excluded = one(host, ".ss-coverage details");
        assert!(excluded
            .text_content()
            .unwrap()
            .contains("Intune is not licensed"));
        assert!(!excluded.has_attribute("open"));
        // Two tenants side by side; choosing the second shows it, with comparisons.
        let tenants = all(host, ".ss-tenants tbody tr");
        assert_eq!(tenants.len(), 2);
        assert!(tenants[1]
            .text_content()
            .unwrap()
            .contains("Tenant t2 (t2)"));
        one(&tenants[1], "button").click();
        until("the second tenant's score", || {
            shown(host, "score-current") == Some(6.5)
        })
        .await;
        // Reported 1.5 above the recomputed 5.
        assert_eq!(value(host, "score-current"), 6.5);
        assert!(one(host, ".ss-comparisons")
            .text_content()
            .unwrap()
            .contains("All organizations"));
    }

    #[wasm_bindgen_test]
    async fn overview_without_data_points_to_the_data_page() {
        let page = mount("#/overview", Vec::new(), false).await;
        assert!(page
            .host
            .query_selector("[data-testid=score-current]")
            .unwrap()
            .is_none());
        let link = one(&page.host, ".ss-empty a");
        assert_eq!(link.get_attribute("href").as_deref(), Some("#/data"));
    }

    #[wasm_bindgen_test]
    async fn hostile_graph_text_in_an_action_renders_harmless() {
        storage().clear().unwrap();
        let page = mount(
            "#/actions?control=Hostile",
            vec![history("t1", 3, false)],
            true,
        )
        .await;
        let host = &page.host;
        let row = one(host, "[data-testid=action-row][data-control=Hostile]");
        let detail = one(&row, "[data-testid=action-detail]");
        assert_eq!(
            one(&row, ".ss-action-toggle")
                .get_attribute("aria-expanded")
                .as_deref(),
            Some("true")
        );
        for tag in ["script", "img", "iframe", "svg", "object", "embed"] {
            assert!(
                detail.query_selector(tag).unwrap().is_none(),
                "a <{tag}> in the details"
            );
        }
        for el in all(host, "*") {
            let names = el.get_attribute_names();
            for i in 0..names.length() {
                let name = names.get(i).as_string().unwrap();
                assert!(!name.starts_with("on"), "{name} on <{}>", el.tag_name());
            }
        }
        for link in all(host, "a") {
            let href = link
                .get_attribute("href")
                .unwrap_or_default()
                .to_ascii_lowercase();
            assert!(!href.contains("javascript:"), "{href}");
            if link.get_attribute("target").as_deref() == Some("_blank") {
                assert_eq!(
                    link.get_attribute("rel").as_deref(),
                    Some("noopener noreferrer")
                );
            }
        }
        // No admin-center link for a javascript: URL; the docs link survives.
        assert!(detail.query_selector(".ss-admin-link").unwrap().is_none());
        assert!(detail
            .query_selector("a[href='https://learn.microsoft.com/x']")
            .unwrap()
            .is_some());
        // The title and threats are text.
        assert!(row.text_content().unwrap().contains(EVIL_TITLE));
        for link in all(&detail, "a") {
            click_link(&link);
        }
        // Nothing marks the end of a payload that never runs.
        settle().await;
        assert!(pwned().is_undefined(), "a payload ran");
    }

    #[wasm_bindgen_test]
    async fn details_show_steps_progress_and_the_projection() {
        storage().clear().unwrap();
        let page = mount("#/actions", vec![history("t1", 3, true)], true).await;
        let host = &page.host;
        let ids: Vec<String> = all(host, "[data-testid=action-row]")
            .iter()
            .map(|r| r.get_attribute("data-control").unwrap())
            .collect();
        // Default queue by gain: MFA 7, DLP 6, Hostile 4, then [Not Scored]; Teams is done.
        assert_eq!(ids, ["MFA", "DLP", "Hostile", "Info"]);
        assert!(one(host, "[data-control=Info]")
            .text_content()
            .unwrap()
            .contains("[Not Scored]"));
        assert_eq!(
            one(host, "[data-testid=actions-count]")
                .text_content()
                .unwrap(),
            // The fifth action is completed: listed under Completed and All.
            "Showing 4 of 5 actions (1 completed)"
        );
        let row = one(host, "[data-control=MFA]");
        assert_eq!(row.get_attribute("data-points-gain").as_deref(), Some("7"));
        one(&row, ".ss-action-toggle").click();
        until("MFA's details", || {
            row.query_selector("[data-testid=action-detail]")
                .unwrap()
                .is_some()
                && hash().contains("control=MFA")
        })
        .await;
        let detail = one(&row, "[data-testid=action-detail]");
        let text = detail.text_content().unwrap();
        for expected in [
            "What MFA does.",
            "Account breach",
            "Open the admin center",
            "Users sign in again.",
            "37 of 50",
            "High",
        ] {
            assert!(text.contains(expected), "{expected} in {text}");
        }
        assert_eq!(all(&detail, "ol li").len(), 2);
        let admin = one(&detail, ".ss-admin-link");
        assert_eq!(
            admin.get_attribute("href").as_deref(),
            Some("https://admin.microsoft.com/x")
        );
        assert_eq!(admin.get_attribute("target").as_deref(), Some("_blank"));
        // Reported 5 + 1.5; completing MFA adds its 7 missing points.
        assert_eq!(value(host, "status-score"), 6.5);
        assert_eq!(value(&detail, "projected-score"), 13.5);
        assert!(hash().contains("control=MFA"));
    }

    #[wasm_bindgen_test]
    async fn a_status_changes_the_score_persists_and_resets() {
        storage().clear().unwrap();
        let page = mount("#/actions?control=DLP", vec![history("t1", 3, true)], true).await;
        let host = &page.host;
        assert_eq!(value(host, "status-score"), 6.5);
        let select = one(host, "[data-control=DLP] [data-testid=action-status]");
        choose(&select, "third-party");
        status_score_shows(host, 12.5).await;
        // Full points: + the 6 missing; the open row stays, now resolved.
        assert_eq!(value(host, "status-score"), 12.5);
        let row = one(host, "[data-control=DLP]");
        assert_eq!(
            row.get_attribute("data-status").as_deref(),
            Some("third-party")
        );
        assert_eq!(row.get_attribute("data-points-gain").as_deref(), Some("0"));
        let saved = storage()
            .get_item("secure-score.statuses.t1")
            .unwrap()
            .unwrap();
        assert!(
            saved.contains("\"DLP\"") && saved.contains("ThirdParty"),
            "{saved}"
        );
        drop(page);

        // A new page reads it back: the overview shows both scores.
        let page = mount("#/overview", vec![history("t1", 3, true)], false).await;
        assert_eq!(value(&page.host, "score-current"), 12.5);
        let text = page.host.text_content().unwrap();
        assert!(text.contains("As reported: 6.5"), "{text}");
        // Resolved: out of the top actions.
        assert!(page
            .host
            .query_selector(".ss-top-list [data-control=DLP]")
            .unwrap()
            .is_none());
        drop(page);

        // Risk accepted needs a reason; planned shows in the projection.
        let page = mount(
            "#/actions?status=all&control=MFA",
            vec![history("t1", 3, true)],
            true,
        )
        .await;
        let host = &page.host;
        assert_eq!(
            one(host, "[data-control=DLP]")
                .get_attribute("data-status")
                .as_deref(),
            Some("third-party")
        );
        choose(
            &one(host, "[data-control=MFA] [data-testid=action-status]"),
            "risk-accepted",
        );
        until("the risk form", || {
            host.query_selector("[data-control=MFA] .ss-risk-form")
                .unwrap()
                .is_some()
        })
        .await;
        let form = one(host, "[data-control=MFA] .ss-risk-form");
        one(&form, "button[type=submit]").click();
        let error = one(&form, ".ss-form-error");
        until("the form's error", || {
            error.text_content().is_some_and(|t| !t.is_empty())
        })
        .await;
        assert!(one(&form, ".ss-form-error")
            .text_content()
            .unwrap()
            .contains("reason"));
        assert_eq!(
            value(host, "status-score"),
            12.5,
            "nothing saved without a reason"
        );
        let reason = one(&form, "textarea");
        js_sys::Reflect::set(&reason, &"value".into(), &"Legacy devices".into()).unwrap();
        fire(&reason, "input");
        one(&form, "button[type=submit]").click();
        status_score_shows(host, 9.5).await;
        // Risk accepted earns nothing: MFA's 3 points go.
        assert_eq!(value(host, "status-score"), 9.5);
        assert!(storage()
            .get_item("secure-score.statuses.t1")
            .unwrap()
            .unwrap()
            .contains("Legacy devices"));

        // Reset one, then all.
        one(host, "[data-control=MFA] .ss-reset-status").click();
        status_score_shows(host, 12.5).await;
        assert_eq!(value(host, "status-score"), 12.5);
        one(host, "[data-testid=reset-all-statuses]").click();
        let confirm = one(host, ".ss-confirm");
        until("the reset's confirmation", || !confirm.hidden()).await;
        one(host, "[data-testid=reset-all-confirm]").click();
        status_score_shows(host, 6.5).await;
        assert_eq!(value(host, "status-score"), 6.5);
        assert!(storage()
            .get_item("secure-score.statuses.t1")
            .unwrap()
            .is_none());
    }

    #[wasm_bindgen_test]
    async fn sort_filter_search_and_target_plan() {
        storage().clear().unwrap();
        let page = mount("#/actions?sort=title", vec![history("t1", 3, false)], true).await;
        let host = &page.host;
        let ids = || -> Vec<String> {
            all(host, "[data-testid=action-row]")
                .iter()
                .map(|r| r.get_attribute("data-control").unwrap())
                .collect()
        };
        // "<img..." sorts first, then Require MFA, Review..., Turn on DLP.
        assert_eq!(ids(), ["Hostile", "MFA", "Info", "DLP"]);
        choose(&one(host, "[data-testid=filter-category]"), "Identity");
        until("Identity's actions", || ids() == ["MFA", "Info"]).await;
        assert_eq!(ids(), ["MFA", "Info"]);
        choose(&one(host, "[data-testid=filter-category]"), "");
        let search = one(host, "[data-testid=actions-search]");
        js_sys::Reflect::set(&search, &"value".into(), &"dlp".into()).unwrap();
        fire(&search, "input");
        until("the search's result and address", || {
            ids() == ["DLP"] && hash().contains("q=dlp")
        })
        .await;
        assert_eq!(ids(), ["DLP"]);
        js_sys::Reflect::set(&search, &"value".into(), &"".into()).unwrap();
        fire(&search, "input");
        choose(&one(host, "[data-testid=actions-sort]"), "gain");
        until("the actions by gain", || {
            ids() == ["MFA", "DLP", "Hostile", "Info"]
        })
        .await;
        assert_eq!(ids(), ["MFA", "DLP", "Hostile", "Info"]);

        // Target 8 from 5: DLP (gain 6, low impact and cost) is cheaper than MFA (gain 7, high impact).
        let number = one(host, "#ss-target-number");
        js_sys::Reflect::set(&number, &"value".into(), &"8".into()).unwrap();
        fire(&number, "change");
        until("the plan for 8", || plan_reaches(host) == Some("11".into())).await;
        let planned: Vec<String> = all(host, ".ss-action.ss-in-plan")
            .iter()
            .map(|r| r.get_attribute("data-control").unwrap())
            .collect();
        assert_eq!(planned, ["DLP"]);
        let headline = one(host, ".ss-plan-headline");
        assert_eq!(
            headline.get_attribute("data-reached").as_deref(),
            Some("11")
        );
        assert_eq!(
            headline.get_attribute("data-reachable").as_deref(),
            Some("true")
        );
        // The maximum: every action.
        js_sys::Reflect::set(&number, &"value".into(), &"22".into()).unwrap();
        fire(&number, "change");
        until("the plan for 22", || {
            plan_reaches(host) == Some("22".into())
        })
        .await;
        assert_eq!(all(host, ".ss-action.ss-in-plan").len(), 3);
        assert_eq!(
            one(host, ".ss-plan-headline")
                .get_attribute("data-reached")
                .as_deref(),
            Some("22")
        );
        drop(page);

        // A risk accepted (saved earlier in this browser) puts the maximum out of reach.
        storage()
            .set_item(
                "secure-score.statuses.t1",
                r#"{"Hostile":{"status":"RiskAccepted","reason":"x"}}"#,
            )
            .unwrap();
        let page = mount("#/actions", vec![history("t1", 3, false)], true).await;
        let host = &page.host;
        assert!(
            host.query_selector("[data-control=Hostile]")
                .unwrap()
                .is_none(),
            "risk accepted: not in the default queue"
        );
        let number = one(host, "#ss-target-number");
        js_sys::Reflect::set(&number, &"value".into(), &"22".into()).unwrap();
        fire(&number, "change");
        until("the plan for 22, out of reach", || {
            plan_reaches(host) == Some("18".into())
        })
        .await;
        let headline = one(host, ".ss-plan-headline");
        assert_eq!(
            headline.get_attribute("data-reachable").as_deref(),
            Some("false")
        );
        assert_eq!(
            headline.get_attribute("data-reached").as_deref(),
            Some("18")
        );
        assert!(headline.text_content().unwrap().contains("Out of reach"));
    }

    /// The score the target plan's headline reaches, once there is a plan.
    fn plan_reaches(host: &web_sys::Element) -> Option<String> {
        host.query_selector(".ss-plan-headline")
            .unwrap()?
            .get_attribute("data-reached")
    }

    #[wasm_bindgen_test]
    fn csv_cells_are_quoted_and_formula_safe() {
        assert_eq!(csv::cell("plain"), "plain");
        assert_eq!(csv::cell("a,b"), "\"a,b\"");
        assert_eq!(csv::cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv::cell("two\nlines"), "\"two\nlines\"");
        for formula in ["=1+1", "+1", "-1", "@SUM(A1)", "\tx"] {
            assert!(
                csv::cell(formula).starts_with('\'') || csv::cell(formula).starts_with("\"'"),
                "{formula}"
            );
        }
        assert_eq!(
            csv::cell("=HYPERLINK(\"x\",\"y\")"),
            "\"'=HYPERLINK(\"\"x\"\",\"\"y\"\")\""
        );
        assert_eq!(csv::number(-2.5), "-2.5");
        assert_eq!(csv::to_csv(&[vec!["a".into(), "b".into()]]), "a,b\r\n");
    }
}

// ---- embedding: mount elements and data-* configuration, the widget, events ----
mod embed {
    use std::cell::RefCell;
    use std::rc::Rc;
    use std::sync::Arc;

    use chrono::NaiveDate;
    use leptos::prelude::*;
    use secure_score::embed::{self, Embed, View};
    use secure_score::engine::model::*;
    use secure_score::engine::synthetic::{control_score, day_score};
    use secure_score::state::route::{Page, Route};
    use secure_score::state::statuses::provide_statuses;
    use secure_score::state::AppState;
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;
    use wasm_bindgen_test::*;

    use super::support::{app_state, go_to, hash, until};

    fn date(offset: u64) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 2, 1).unwrap() + chrono::Days::new(offset)
    }

    /// `days` days of one control whose points grow by `step` a day.
    fn history(id: &str, name: &str, days: u64, step: f64) -> Arc<TenantHistory> {
        let days = (0..days)
            .map(|d| {
                let mfa = ControlScore {
                    state: ControlState::Partial,
                    ..control_score("MFA", Category::Identity, 10.0 + step * d as f64, 100.0)
                };
                day_score(date(d), vec![Service::EntraId], vec![mfa])
            })
            .collect();
        Arc::new(TenantHistory {
            tenant: TenantInfo {
                id: id.into(),
                name: name.into(),
            },
            origin: Origin::Snapshots,
            days,
            controls: Vec::new(),
            warnings: Vec::new(),
        })
    }

    type Listener = Closure<dyn FnMut(web_sys::CustomEvent)>;

    /// The app's events that reach the document: (name, target id, detail JSON).
    struct Recorder {
        seen: Rc<RefCell<Vec<(String, String, String)>>>,
        listeners: Vec<(String, Listener)>,
    }

    impl Recorder {
        fn new() -> Recorder {
            let seen = Rc::new(RefCell::new(Vec::new()));
            let document = web_sys::window().unwrap().document().unwrap();
            let listeners = [
                "securescore:loaded",
                "securescore:dayselected",
                "securescore:error",
            ]
            .into_iter()
            .map(|name| {
                let seen = seen.clone();
                let closure = Listener::new(move |event: web_sys::CustomEvent| {
                    let target: web_sys::Element = event.target().unwrap().unchecked_into();
                    let detail = js_sys::JSON::stringify(&event.detail()).unwrap();
                    seen.borrow_mut()
                        .push((event.type_(), target.id(), String::from(detail)));
                });
                document
                    .add_event_listener_with_callback(name, closure.as_ref().unchecked_ref())
                    .unwrap();
                (name.to_string(), closure)
            })
            .collect();
            Recorder { seen, listeners }
        }

        fn of(&self, name: &str) -> Vec<(String, String)> {
            self.seen
                .borrow()
                .iter()
                .filter(|(n, _, _)| n == name)
                .map(|(_, target, detail)| (target.clone(), detail.clone()))
                .collect()
        }
    }

    impl Drop for Recorder {
        fn drop(&mut self) {
            let document = web_sys::window().unwrap().document().unwrap();
            for (name, closure) in &self.listeners {
                let _ = document
                    .remove_event_listener_with_callback(name, closure.as_ref().unchecked_ref());
            }
        }
    }

    /// A host element `<div id=id ...attributes>` in the body.
    fn host(id: &str, attributes: &[(&str, &str)]) -> web_sys::Element {
        let document = web_sys::window().unwrap().document().unwrap();
        let element = document.create_element("div").unwrap();
        element.set_id(id);
        for (name, value) in attributes {
            element.set_attribute(name, value).unwrap();
        }
        document.body().unwrap().append_child(&element).unwrap();
        element
    }

    /// Mounts an instance the way `embed::mount` does, over a state with
    /// the given tenants; returns the state and the unmount handle.
    fn mount(
        element: &web_sys::Element,
        tenants: Vec<Arc<TenantHistory>>,
    ) -> (Rc<RefCell<Option<AppState>>>, Box<dyn std::any::Any>) {
        let config = Embed::read(
            element,
            true,
            "https://portal.example/score/index.html#/overview",
        );
        let out = Rc::new(RefCell::new(None));
        let slot = out.clone();
        let handle = embed::mount_one(element.clone(), config, move || {
            let state = AppState {
                theme: RwSignal::new(secure_score::state::theme::initial_theme(
                    embed::config().theme.as_deref(),
                )),
                ..app_state(tenants)
            };
            provide_context(state);
            provide_statuses();
            embed::connect(state);
            *slot.borrow_mut() = Some(state);
            match embed::widget_view(state) {
                Some(widget) => widget,
                None => view! { <div class="ss-root" data-theme=move || state.theme.get().name()>"full"</div> }.into_any(),
            }
        })
        .unwrap();
        (out, Box::new(handle))
    }

    fn number(element: &web_sys::Element, selector: &str) -> f64 {
        element
            .query_selector(selector)
            .unwrap()
            .unwrap_or_else(|| panic!("{selector}"))
            .get_attribute("data-value")
            .unwrap()
            .parse()
            .unwrap()
    }

    #[wasm_bindgen_test]
    fn data_attributes_configure_an_instance() {
        let element = host(
            "embed-config",
            &[
                ("data-view", "Widget"),
                ("data-theme", "dark"),
                ("data-tenant", "t2"),
                ("data-source", "/api/securescore"),
                ("data-dashboard", "javascript:alert(1)"),
            ],
        );
        let config = Embed::read(&element, true, "#/overview");
        assert_eq!(config.view, View::Widget);
        assert_eq!(config.theme.as_deref(), Some("dark"));
        assert_eq!(config.tenant.as_deref(), Some("t2"));
        assert_eq!(config.source.as_deref(), Some("/api/securescore"));
        // A script URL is refused: the default link stays.
        assert_eq!(config.dashboard, "#/overview");
        element
            .set_attribute("data-dashboard", "/portal/security")
            .unwrap();
        assert_eq!(
            Embed::read(&element, true, "#/overview").dashboard,
            "/portal/security"
        );
        // On the app's own site (the body), a host's attributes mean nothing.
        let own = Embed::read(&element, false, "#/overview");
        assert_eq!((own.view, own.theme, own.source), (View::Full, None, None));
        assert_eq!(
            embed::safe_link("HTTPS://x.org/a:b").as_deref(),
            Some("HTTPS://x.org/a:b")
        );
        assert_eq!(
            embed::safe_link("index.html?a=b:c").as_deref(),
            Some("index.html?a=b:c")
        );
        assert_eq!(embed::safe_link("data:text/html,x"), None);
        element.remove();
    }

    #[wasm_bindgen_test]
    async fn widget_shows_the_score_trend_and_link_and_sends_events() {
        let recorder = Recorder::new();
        let element = host(
            "embed-widget",
            &[
                ("data-view", "widget"),
                ("data-theme", "dark"),
                ("data-tenant", "t2"),
            ],
        );
        // t1 rises 1 point a day, t2 falls 0.5 a day: data-tenant shows t2 first.
        let (state, handle) = mount(
            &element,
            vec![
                history("t1", "First", 20, 1.0),
                history("t2", "Second", 20, -0.5),
            ],
        );
        until("the loaded event", || {
            !recorder.of("securescore:loaded").is_empty()
        })
        .await;
        let state = state.borrow().unwrap();
        assert_eq!(state.selected.get_untracked(), 1);
        let root = element.query_selector(".ss-root").unwrap().unwrap();
        assert_eq!(root.get_attribute("data-theme").as_deref(), Some("dark"));
        assert!(
            element.query_selector(".ss-header, nav").unwrap().is_none(),
            "no header or nav"
        );
        let widget = element
            .query_selector("[data-testid=widget]")
            .unwrap()
            .unwrap();
        // Day 19 of t2: 10 − 9.5 = 0.5 of 100; 7 days before: 4.
        assert_eq!(number(&widget, "[data-testid=widget-score]"), 0.5);
        let text = widget.text_content().unwrap();
        assert!(text.contains("of 100 points"), "{text}");
        assert!(text.contains("0.5%"), "{text}");
        assert!(text.contains("▼") && text.contains("−3.5"), "{text}");
        assert_eq!(number(&widget, ".ss-widget-trend"), -3.5);
        assert!(text.contains("Second"), "{text}");
        let link = widget.query_selector("a.ss-widget-link").unwrap().unwrap();
        assert_eq!(
            link.get_attribute("href").as_deref(),
            Some("https://portal.example/score/index.html#/overview")
        );

        // loaded: on start, from the mount element, with the widget's number.
        let loaded = recorder.of("securescore:loaded");
        assert_eq!(loaded.len(), 1, "{loaded:?}");
        assert_eq!(loaded[0].0, "embed-widget");
        let detail: serde_json::Value = serde_json::from_str(&loaded[0].1).unwrap();
        assert_eq!(detail["score"], 0.5);
        assert_eq!(detail["maximum"], 100.0);
        assert_eq!(detail["percent"], 0.5);
        assert_eq!(detail["date"], date(19).to_string());
        assert_eq!(detail["tenant"]["id"], "t2");

        // Another tenant: a new loaded event and a new number.
        state.selected.set(0);
        until("a second loaded event", || {
            recorder.of("securescore:loaded").len() > 1
        })
        .await;
        let loaded = recorder.of("securescore:loaded");
        assert_eq!(loaded.len(), 2, "{loaded:?}");
        let detail: serde_json::Value = serde_json::from_str(&loaded[1].1).unwrap();
        assert_eq!(detail["score"], 29.0);
        assert_eq!(number(&widget, "[data-testid=widget-score]"), 29.0);
        assert!(widget.text_content().unwrap().contains("▲"));

        // error: each new message once, shown in the widget too.
        state.error.set(Some("The endpoint answered 500".into()));
        until("the error event", || {
            !recorder.of("securescore:error").is_empty()
        })
        .await;
        let errors = recorder.of("securescore:error");
        assert_eq!(errors.len(), 1);
        assert!(errors[0].1.contains("The endpoint answered 500"));
        assert!(widget
            .text_content()
            .unwrap()
            .contains("The endpoint answered 500"));
        // An error a page shows itself, reported from outside any reactive
        // owner (as an async task does): to this instance's mount element.
        embed::events::report_error_for(&state, "bad.json: value[0]: expected an object");
        let errors = recorder.of("securescore:error");
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert_eq!(errors[1].0, "embed-widget");
        assert!(errors[1].1.contains("expected an object"));
        // The widget has no analyzer: no day events.
        state.router.go(
            Route::page(Page::Analyzer).with_param("day", Some("2026-02-03")),
            true,
        );
        // The router writes the address after the next paint, long after
        // the effects of the route ran: a day event would be sent by then.
        until("the address", || hash().contains("day=2026-02-03")).await;
        assert!(recorder.of("securescore:dayselected").is_empty());
        go_to("#/overview");
        drop(handle);
        element.remove();
    }

    #[wasm_bindgen_test]
    async fn full_view_sends_the_selected_day() {
        let recorder = Recorder::new();
        let element = host("embed-full", &[("data-source", "/api/score")]);
        let (state, handle) = mount(&element, vec![history("t1", "First", 10, 1.0)]);
        // The instance's effects have run once: its loaded event is out.
        until("the loaded event", || {
            !recorder.of("securescore:loaded").is_empty()
        })
        .await;
        // Outside any reactive owner (as in an async task), the page's
        // instance is the configuration.
        let outside = embed::config();
        assert!(outside.embedded);
        assert_eq!(outside.source.as_deref(), Some("/api/score"));
        assert_eq!(
            outside.host_element().map(|e| e.id()).as_deref(),
            Some("embed-full")
        );
        let state = state.borrow().unwrap();
        assert!(element
            .query_selector("[data-testid=widget]")
            .unwrap()
            .is_none());
        let analyzer = Route::page(Page::Analyzer);
        state
            .router
            .go(analyzer.with_param("day", Some("2026-02-03")), true);
        let days_sent = |n| recorder.of("securescore:dayselected").len() >= n;
        until("the first day event", || days_sent(1)).await;
        state
            .router
            .go(analyzer.with_param("day", Some("2026-02-05")), true);
        until("the second day event", || days_sent(2)).await;
        // Other parameters alone are no new day.
        state.router.go(
            analyzer
                .with_param("day", Some("2026-02-05"))
                .with_param("range", Some("30")),
            true,
        );
        // Once the address shows it (after the next paint), a day event
        // for it would have been sent.
        until("the address", || hash().contains("range=30")).await;
        let days = recorder.of("securescore:dayselected");
        let dates: Vec<&str> = days.iter().map(|(_, d)| d.as_str()).collect();
        assert_eq!(
            dates,
            vec![r#"{"date":"2026-02-03"}"#, r#"{"date":"2026-02-05"}"#]
        );
        assert!(days.iter().all(|(target, _)| target == "embed-full"));
        go_to("#/overview");
        drop(handle);
        // Unmounted: forgotten.
        assert!(!embed::config().embedded);
        element.remove();
    }
}

// ---- data: sources, the Data page and the loading flow (issue 6) ----
mod data {
    use std::sync::Arc;

    use leptos::prelude::*;
    use secure_score::engine::demo::{demo_history, STORY_TODAY};
    use secure_score::engine::model::TenantHistory;
    use secure_score::pages::data::{DataPage, TenantSwitcher};
    use secure_score::sources::SourceInfo;
    use secure_score::sources::{provide_idle, retry, Problem, Sources};
    use secure_score::state::statuses::provide_statuses;
    use secure_score::state::AppState;
    use wasm_bindgen::JsCast;
    use wasm_bindgen_test::*;

    use super::support::{self, app_state, host, until};

    struct Mounted {
        page: support::Mounted,
        sources: Sources,
        app: AppState,
    }

    impl Mounted {
        fn query(&self, testid: &str) -> Option<web_sys::Element> {
            self.page
                .query_selector(&format!("[data-testid={testid}]"))
                .unwrap()
        }

        fn all(&self, testid: &str) -> Vec<web_sys::Element> {
            let list = self
                .page
                .query_selector_all(&format!("[data-testid={testid}]"))
                .unwrap();
            (0..list.length())
                .filter_map(|i| list.item(i)?.dyn_into().ok())
                .collect()
        }
    }

    /// Mounts the Data page and the tenant switcher on `tenants`.
    async fn mount(tenants: Vec<TenantHistory>) -> Mounted {
        let host = host(&[]);
        let slot = Arc::new(std::sync::Mutex::new(None));
        let inner = slot.clone();
        let handle = leptos::mount::mount_to(host.clone(), move || {
            let app = app_state(tenants.into_iter().map(Arc::new).collect());
            provide_context(app);
            provide_statuses();
            let sources = provide_idle(app.shown());
            *inner.lock().unwrap() = Some((app, sources));
            view! {
                <div class="ss-root">
                    <TenantSwitcher />
                    <DataPage />
                </div>
            }
        });
        until("the Data page", || {
            host.query_selector("[data-testid=source-status]")
                .unwrap()
                .is_some()
        })
        .await;
        let (app, sources) = slot.lock().unwrap().take().unwrap();
        Mounted {
            page: support::Mounted::new(host, handle),
            sources,
            app,
        }
    }

    fn file(name: &str, text: &str) -> web_sys::File {
        let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
        web_sys::File::new_with_str_sequence(&parts, name).unwrap()
    }

    /// Waits until `n` uploads or fetches have finished. The page has
    /// drawn what they changed by then: the count goes up last, and the
    /// page's effects (microtasks) run before a poll (a later task) sees it.
    async fn finished(m: &Mounted, n: u32) {
        let what = format!("{n} imports to finish");
        until(&what, || m.sources.load.finished.get_untracked() >= n).await;
    }

    const SCORES: &str = r#"{"value": [
        {"azureTenantId": "tenant-a", "createdDateTime": "2026-01-01T00:00:00Z",
         "currentScore": 5, "maxScore": 10,
         "controlScores": [{"controlName": "AdminMFAV2", "controlCategory": "Identity",
                            "score": 5, "scoreInPercentage": 50}]},
        {"azureTenantId": "tenant-b", "createdDateTime": "2026-01-01T00:00:00Z",
         "currentScore": 2, "maxScore": 10,
         "controlScores": [{"controlName": "AdminMFAV2", "controlCategory": "Identity",
                            "score": 2, "scoreInPercentage": 20}]}]}"#;

    #[wasm_bindgen_test]
    async fn the_page_has_every_hook_and_a_password_token_field() {
        let m = mount(vec![demo_history(STORY_TODAY)]).await;
        for hook in [
            "file-input",
            "source-url",
            "source-token",
            "source-connect",
            "source-status",
            "import-error",
            "clear-local-data",
        ] {
            assert!(m.query(hook).is_some(), "{hook}");
        }
        let token = m.query("source-token").unwrap();
        assert_eq!(token.get_attribute("type").as_deref(), Some("password"));
        let input = m.query("file-input").unwrap();
        assert!(input.has_attribute("multiple"));
        let status = m.query("source-status").unwrap();
        assert_eq!(status.get_attribute("data-kind").as_deref(), Some("demo"));
        let alert = m.query("import-error").unwrap();
        assert_eq!(alert.get_attribute("role").as_deref(), Some("alert"));
        assert_eq!(alert.text_content().unwrap_or_default().trim(), "");
        // One tenant: no switcher; no admin panel, no progress.
        assert!(m.query("tenant-switcher").is_none());
        assert!(m.query("admin-required").is_none());
        assert!(m.query("source-progress").is_none());
    }

    #[wasm_bindgen_test]
    async fn problems_name_their_source_and_place() {
        let m = mount(vec![demo_history(STORY_TODAY)]).await;
        m.sources.report.errors.set(vec![Problem::new(
            "scores.json",
            "value[0].controlScores[2].score",
            "expected zero or more, found the negative number -3",
        )]);
        m.sources.report.warnings.set(vec![Problem::new(
            "b.json",
            "",
            "a day is dated after today",
        )]);
        m.sources.report.admin_required.set(Some((
            "https://graph.example/v1.0/security/secureScores".into(),
            403,
        )));
        until("the problems and the admin panel", || {
            m.query("import-error")
                .and_then(|e| e.text_content())
                .is_some_and(|t| t.contains("scores.json"))
                && m.query("admin-required").is_some()
        })
        .await;
        let text = m.query("import-error").unwrap().text_content().unwrap();
        assert!(text.contains("scores.json"), "{text}");
        assert!(text.contains("value[0].controlScores[2].score"), "{text}");
        assert!(text.contains("negative number -3"), "{text}");
        assert!(text.contains("Warning"), "{text}");
        let panel = m.query("admin-required").unwrap();
        assert_eq!(panel.get_attribute("data-status").as_deref(), Some("403"));
        let words = panel.text_content().unwrap();
        for needed in [
            "Global Reader",
            "Security Reader",
            "SecurityEvents.Read.All",
        ] {
            assert!(words.contains(needed), "{needed}");
        }
    }

    #[wasm_bindgen_test]
    async fn an_upload_keeps_tenants_apart_and_a_bad_file_keeps_the_data() {
        let m = mount(vec![demo_history(STORY_TODAY)]).await;
        m.sources.upload(vec![file("two.json", SCORES)]);
        finished(&m, 1).await;
        let rows = m.all("file-row");
        assert_eq!(rows.len(), 1);
        assert_eq!(
            rows[0].get_attribute("data-format").as_deref(),
            Some("Microsoft Graph secureScores")
        );
        assert_eq!(m.app.tenants.get_untracked().len(), 2);
        assert_eq!(
            m.app.source.get_untracked(),
            SourceInfo::Files(vec!["two.json".into()])
        );
        // The switcher lists both and shows the selected one.
        let switcher: web_sys::HtmlSelectElement =
            m.query("tenant-switcher").unwrap().unchecked_into();
        assert_eq!(switcher.length(), 2);

        // A broken file: an error naming it; the tenants stay.
        m.sources
            .upload(vec![file("broken.json", "{\n  \"value\": [1,,2]\n}")]);
        finished(&m, 2).await;
        let text = m.query("import-error").unwrap().text_content().unwrap();
        assert!(text.contains("broken.json"), "{text}");
        assert!(text.contains("line 2, column"), "{text}");
        assert_eq!(m.app.tenants.get_untracked().len(), 2);
        assert_eq!(
            m.all("file-row")[0].get_attribute("data-status").as_deref(),
            Some("error")
        );

        // Clear: back to the demo.
        m.sources.clear();
        until("the demo", || {
            m.app.source.get_untracked() == SourceInfo::Demo
        })
        .await;
        assert_eq!(m.app.source.get_untracked(), SourceInfo::Demo);
        assert_eq!(m.app.tenants.get_untracked().len(), 1);
    }

    #[wasm_bindgen_test]
    fn retry_after_dates_are_read_in_the_browser_too() {
        let now = chrono::DateTime::from_timestamp(1_795_694_400, 0).unwrap();
        assert_eq!(
            retry::decide(0, 429, Some("2"), now),
            retry::Decision::Retry { after_ms: 2000 }
        );
        assert_eq!(retry::decide(4, 500, None, now), retry::Decision::Stop);
    }
}
