//! Scenario tests of the analytics over a hand-built tenant: admin statuses,
//! the action queue, what-if projections, the plan to a target, and day diffs.

use chrono::NaiveDate;
use secure_score_core::engine::diff::{day_flags, diff, ChangeKind, DayFlags};
use secure_score_core::engine::model::{
    Category, ControlInfo, ControlScore, ControlState, DayScore, Level, Origin, Points, Service,
    Status, TenantHistory, TenantInfo,
};
use secure_score_core::engine::plan::{plan_to_target, project, projected_with_planned};
use secure_score_core::engine::queue::{queue, sort, ActionItem, QueueOrder};
use secure_score_core::engine::status::{
    adjusted_by_category, adjusted_points, effective_status, AdminStatus, Overrides,
};
use secure_score_core::engine::synthetic::{control_score, day_score};

fn date(month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, month, day).unwrap_or_default()
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

fn info(control: &ControlScore, impact: Level, cost: Level, rank: u32) -> ControlInfo {
    ControlInfo {
        id: control.id.clone(),
        title: format!("Title of {}", control.id),
        category: control.category,
        service: control.service.clone(),
        max_points: control.possible,
        description: String::new(),
        threats: vec!["Password cracking".to_string()],
        remediation: String::new(),
        remediation_impact: String::new(),
        action_url: None,
        user_impact: impact,
        implementation_cost: cost,
        tier: "Core".to_string(),
        rank,
        scored: control.state != ControlState::NotScored,
        deprecated: false,
        state_updates: Vec::new(),
    }
}

fn day(date: NaiveDate, services: Vec<Service>, controls: Vec<ControlScore>) -> DayScore {
    day_score(date, services, controls)
}

fn history(days: Vec<DayScore>, mut controls: Vec<ControlInfo>) -> TenantHistory {
    controls.sort_by(|a, b| a.id.cmp(&b.id));
    TenantHistory {
        tenant: TenantInfo::default(),
        origin: Origin::Graph,
        days,
        controls,
        warnings: Vec::new(),
    }
}

fn ids(items: &[ActionItem]) -> Vec<&str> {
    items.iter().map(|i| i.id.as_str()).collect()
}

fn status(status: Status, reason: &str, expires: Option<NaiveDate>) -> AdminStatus {
    AdminStatus {
        reason: reason.to_string(),
        expires,
        ..AdminStatus::new(status)
    }
}

/// One day of a small tenant (data earned 3 + 2 + 0 + 5 + 0 = 10 of
/// 10 + 8 + 6 + 5 + 4 = 33) and its catalog.
fn tenant() -> (TenantHistory, DayScore) {
    let controls = vec![
        score("mfa", Category::Identity, Service::EntraId, 3.0, 10.0),
        score("legacy", Category::Identity, Service::EntraId, 2.0, 8.0),
        score("dlp", Category::Data, Service::Purview, 0.0, 6.0),
        score(
            "safe",
            Category::Apps,
            Service::DefenderForOffice365,
            5.0,
            5.0,
        ),
        score("audit", Category::Data, Service::Purview, 0.0, 4.0),
        score("note", Category::Identity, Service::EntraId, 0.0, 0.0),
    ];
    let levels = [
        ("mfa", Level::Low, Level::Low, 1),
        ("legacy", Level::Moderate, Level::Moderate, 2),
        ("dlp", Level::High, Level::Moderate, 3),
        ("safe", Level::Low, Level::Low, 4),
        ("audit", Level::Low, Level::Moderate, 5),
        ("note", Level::Low, Level::Low, 6),
    ];
    let infos = controls
        .iter()
        .zip(levels)
        .map(|(c, (_, impact, cost, rank))| info(c, impact, cost, rank))
        .collect();
    let d = day(
        date(6, 10),
        vec![Service::EntraId, Service::Purview],
        controls,
    );
    (history(vec![d.clone()], infos), d)
}

/// legacy risk accepted through June 10, dlp third party, audit planned.
fn admin_statuses() -> Overrides {
    let mut overrides = Overrides::new();
    overrides.set(
        "legacy",
        status(Status::RiskAccepted, "Legacy printers", Some(date(6, 10))),
    );
    overrides.set("dlp", status(Status::ThirdParty, "Other DLP vendor", None));
    overrides.set("audit", AdminStatus::new(Status::Planned));
    overrides
}

// ---------------------------------------------------------------- statuses

#[test]
fn statuses_change_the_adjusted_score_only() {
    let (_, d) = tenant();
    let overrides = admin_statuses();
    // June 10: mfa 3 + legacy 0 (risk accepted) + dlp 6 (third party)
    //          + safe 5 + audit 0 (planned: nothing now) = 14 of 33.
    assert_eq!(
        adjusted_points(&d, &overrides, date(6, 10)),
        Points {
            earned: 14.0,
            possible: 33.0
        }
    );
    // The data's own score is untouched: 10 of 33.
    assert_eq!((d.earned(), d.possible()), (10.0, 33.0));
    // June 11, the day after expiry: legacy earns its 2 again → 16 of 33.
    assert_eq!(
        adjusted_points(&d, &overrides, date(6, 11)),
        Points {
            earned: 16.0,
            possible: 33.0
        }
    );
    let legacy = d.control("legacy");
    assert_eq!(
        legacy.map(|c| effective_status(c, &overrides, date(6, 11))),
        Some(Status::ToAddress)
    );
}

#[test]
fn alternate_mitigation_earns_full_points() {
    let (_, d) = tenant();
    let mut overrides = Overrides::new();
    overrides.set("mfa", AdminStatus::new(Status::AlternateMitigation));
    // 10 − 3 (data) + 10 (full) = 17 of 33.
    assert_eq!(
        adjusted_points(&d, &overrides, date(6, 10)),
        Points {
            earned: 17.0,
            possible: 33.0
        }
    );
}

#[test]
fn risk_accepted_on_a_completed_control_earns_nothing() {
    let (_, d) = tenant();
    let mut overrides = Overrides::new();
    overrides.set("safe", status(Status::RiskAccepted, "", None));
    // 10 − 5 = 5 of 33: the rule applies literally.
    assert_eq!(
        adjusted_points(&d, &overrides, date(6, 10)),
        Points {
            earned: 5.0,
            possible: 33.0
        }
    );
    // Apps: 0 of 5.
    let apps = adjusted_by_category(&d, &overrides, date(6, 10))
        .into_iter()
        .find(|(c, _)| *c == Category::Apps);
    assert_eq!(
        apps,
        Some((
            Category::Apps,
            Points {
                earned: 0.0,
                possible: 5.0
            }
        ))
    );
}

#[test]
fn per_category_with_statuses() {
    let (_, d) = tenant();
    let by_category = adjusted_by_category(&d, &admin_statuses(), date(6, 10));
    // Identity: mfa 3 + legacy 0 + note 0 of 10 + 8 + 0;
    // Data: dlp 6 + audit 0 of 6 + 4; Apps: safe 5 of 5.
    assert_eq!(
        by_category,
        vec![
            (
                Category::Identity,
                Points {
                    earned: 3.0,
                    possible: 18.0
                }
            ),
            (
                Category::Data,
                Points {
                    earned: 6.0,
                    possible: 10.0
                }
            ),
            (
                Category::Apps,
                Points {
                    earned: 5.0,
                    possible: 5.0
                }
            ),
        ]
    );
}

// ------------------------------------------------------------------- queue

#[test]
fn queue_membership() {
    let (h, d) = tenant();
    let q = queue(&h, &d, &admin_statuses(), date(6, 10));
    // Gains: legacy 8 − 0 = 8 (risk accepted), mfa 10 − 3 = 7, audit 4,
    // then gain 0: safe (completed, Low impact), note (Low impact, Not
    // Scored, ranked after), dlp (High impact, third party).
    assert_eq!(
        ids(&q),
        vec!["legacy", "mfa", "audit", "safe", "note", "dlp"]
    );
    let completed: Vec<&str> = q
        .iter()
        .filter(|i| i.completed())
        .map(|i| i.id.as_str())
        .collect();
    assert_eq!(completed, vec!["safe"]);
    let default: Vec<&str> = q
        .iter()
        .filter(|i| i.in_default_queue())
        .map(|i| i.id.as_str())
        .collect();
    assert_eq!(default, vec!["mfa", "audit", "note"]);
    let legacy = q.iter().find(|i| i.id == "legacy");
    assert_eq!(
        legacy.map(|i| (i.earned, i.possible, i.status, i.data_status)),
        Some((0.0, 8.0, Status::RiskAccepted, Status::ToAddress))
    );
    let note = q.iter().find(|i| i.id == "note");
    assert_eq!(note.map(|i| (i.scored, i.gain)), Some((false, 0.0)));
    // After expiry legacy is back in the default queue with 8 − 2 = 6 to gain.
    let later = queue(&h, &d, &admin_statuses(), date(6, 11));
    let legacy = later.iter().find(|i| i.id == "legacy");
    assert_eq!(
        legacy.map(|i| (i.gain, i.in_default_queue())),
        Some((6.0, true))
    );
}

#[test]
fn queue_orders() {
    let (h, d) = tenant();
    let mut q = queue(&h, &d, &Overrides::new(), date(6, 10));
    // safe is completed (listed, nothing to gain): the orders below are the
    // other actions'.
    assert!(q.iter().any(|i| i.id == "safe" && i.completed()));
    q.retain(|i| !i.completed());
    // Without statuses: mfa 7, legacy 6, dlp 6, audit 4, note 0.
    // legacy and dlp tie on gain: legacy has the lower user impact.
    assert_eq!(ids(&q), vec!["mfa", "legacy", "dlp", "audit", "note"]);
    // Per effort: mfa 7/2 = 3.5, legacy 6/4 = 1.5, audit 4/3 ≈ 1.33,
    // dlp 6/5 = 1.2, note 0/2 = 0.
    sort(&mut q, QueueOrder::PointsPerEffort);
    assert_eq!(ids(&q), vec!["mfa", "legacy", "audit", "dlp", "note"]);
    // Possible: mfa 10, legacy 8, dlp 6, audit 4, note 0.
    sort(&mut q, QueueOrder::PointsPossible);
    assert_eq!(ids(&q), vec!["mfa", "legacy", "dlp", "audit", "note"]);
    // Impact Low: mfa (7), audit (4), note (0); Moderate legacy; High dlp.
    sort(&mut q, QueueOrder::UserImpact);
    assert_eq!(ids(&q), vec!["mfa", "audit", "note", "legacy", "dlp"]);
    // Cost Low: mfa, note; Moderate: legacy (6, lower impact than dlp), dlp, audit (4).
    sort(&mut q, QueueOrder::ImplementationCost);
    assert_eq!(ids(&q), vec!["mfa", "note", "legacy", "dlp", "audit"]);
    sort(&mut q, QueueOrder::Rank);
    assert_eq!(ids(&q), vec!["mfa", "legacy", "dlp", "audit", "note"]);
    // "Title of audit", "... dlp", "... legacy", "... mfa", "... note".
    sort(&mut q, QueueOrder::Title);
    assert_eq!(ids(&q), vec!["audit", "dlp", "legacy", "mfa", "note"]);
    sort(&mut q, QueueOrder::PointsToGain);
    assert_eq!(ids(&q), vec!["mfa", "legacy", "dlp", "audit", "note"]);
}

#[test]
fn control_missing_from_the_catalog_gets_a_minimal_info() {
    let (h, mut d) = tenant();
    d.controls
        .push(score("zz-new", Category::Device, Service::Intune, 0.0, 2.0));
    let q = queue(&h, &d, &Overrides::new(), date(6, 10));
    let new = q.iter().find(|i| i.id == "zz-new");
    assert_eq!(
        new.map(|i| (i.info.title.as_str(), i.info.category, i.gain)),
        Some(("zz-new", Category::Device, 2.0))
    );
}

// ----------------------------------------------------------------- what-if

#[test]
fn what_if_sums() {
    let (_, d) = tenant();
    let overrides = admin_statuses();
    let today = date(6, 10);
    // 14 now (see statuses_change_the_adjusted_score_only).
    // mfa + audit: 14 + (10 − 3) + (4 − 0) = 25.
    assert_eq!(
        project(&d, &overrides, today, &["mfa", "audit"]).earned,
        25.0
    );
    // Repeats, unknown ids, [Not Scored] and already-full actions add nothing.
    assert_eq!(
        project(
            &d,
            &overrides,
            today,
            &["mfa", "mfa", "nope", "note", "dlp"]
        )
        .earned,
        21.0
    );
    // A completed action earns its full points even when risk accepted: 14 + 8 = 22.
    assert_eq!(project(&d, &overrides, today, &["legacy"]).earned, 22.0);
    // Possible never moves.
    assert_eq!(project(&d, &overrides, today, &["mfa"]).possible, 33.0);
    // Planned: audit completes → 14 + 4 = 18.
    assert_eq!(
        projected_with_planned(&d, &overrides, today),
        Points {
            earned: 18.0,
            possible: 33.0
        }
    );
}

#[test]
fn planned_on_a_completed_control_projects_nothing() {
    let (_, d) = tenant();
    let mut overrides = Overrides::new();
    overrides.set("safe", AdminStatus::new(Status::Planned));
    // Data score 10, and safe already earns its 5.
    assert_eq!(
        projected_with_planned(&d, &overrides, date(6, 10)).earned,
        10.0
    );
}

// -------------------------------------------------------------------- plan

/// a gains 6 for cost 2 (ratio 3), b 10 for cost 4 (ratio 2.5), c 3 for
/// cost 3 (ratio 1); nothing earned yet, 19 possible.
fn knapsack_tenant() -> (TenantHistory, DayScore) {
    let a = score("a", Category::Identity, Service::EntraId, 0.0, 6.0);
    let b = score("b", Category::Identity, Service::EntraId, 0.0, 10.0);
    let c = score("c", Category::Identity, Service::EntraId, 0.0, 3.0);
    let infos = vec![
        info(&a, Level::Low, Level::Low, 1),
        info(&b, Level::Moderate, Level::Moderate, 2),
        info(&c, Level::Low, Level::Moderate, 3),
    ];
    let d = day(date(6, 10), vec![Service::EntraId], vec![a, b, c]);
    (history(vec![d.clone()], infos), d)
}

#[test]
fn plan_beats_greedy_by_ratio() {
    let (h, d) = knapsack_tenant();
    let plan = plan_to_target(&h, &d, &Overrides::new(), date(6, 10), 10.0);
    // Greedy by ratio takes a (6) then b (16) for cost 2 + 4 = 6;
    // b alone reaches 10 for cost 4.
    assert_eq!(plan.actions, vec!["b"]);
    assert_eq!(
        (plan.total_cost, plan.reached, plan.reachable),
        (4, 10.0, true)
    );
    // 12: a + b = 16 for 6; b + c = 13 for 7; a + c = 9 falls short.
    // Listed in queue order (gain: b 10, a 6).
    let plan = plan_to_target(&h, &d, &Overrides::new(), date(6, 10), 12.0);
    assert_eq!(plan.actions, vec!["b", "a"]);
    assert_eq!((plan.total_cost, plan.reached), (6, 16.0));
}

#[test]
fn plan_edges() {
    let (h, d) = knapsack_tenant();
    let none = Overrides::new();
    let today = date(6, 10);
    // At or below the current score (0): nothing to do.
    let plan = plan_to_target(&h, &d, &none, today, 0.0);
    assert!(plan.actions.is_empty() && plan.reachable);
    assert_eq!((plan.total_cost, plan.reached), (0, 0.0));
    // Exactly everything: 19 for 2 + 4 + 3 = 9.
    let plan = plan_to_target(&h, &d, &none, today, 19.0);
    assert_eq!(
        (plan.actions.len(), plan.total_cost, plan.reachable),
        (3, 9, true)
    );
    // Above what is possible: every action, unreachable, 19 reached.
    let plan = plan_to_target(&h, &d, &none, today, 20.0);
    assert_eq!(plan.actions, vec!["b", "a", "c"]);
    assert_eq!(
        (plan.total_cost, plan.reached, plan.reachable),
        (9, 19.0, false)
    );
    assert_eq!(plan.target, 20.0);
    // Non-finite targets: NaN and −∞ ask for nothing, +∞ is out of reach.
    for nothing in [f64::NAN, f64::NEG_INFINITY] {
        let plan = plan_to_target(&h, &d, &none, today, nothing);
        assert!(plan.actions.is_empty() && plan.reachable);
    }
    let plan = plan_to_target(&h, &d, &none, today, f64::INFINITY);
    assert_eq!((plan.actions.len(), plan.reachable), (3, false));
}

#[test]
fn plan_leaves_out_risk_accepted_and_resolved_actions() {
    let (h, d) = knapsack_tenant();
    let mut overrides = Overrides::new();
    overrides.set("b", status(Status::RiskAccepted, "", None));
    // Without b only a + c = 9 can be gained: 10 is out of reach.
    let plan = plan_to_target(&h, &d, &overrides, date(6, 10), 10.0);
    assert_eq!(plan.actions, vec!["a", "c"]);
    assert_eq!((plan.reached, plan.reachable), (9.0, false));
    // Third party on a: the score is already 6, so 9 needs only c (cost 3).
    overrides.set("a", AdminStatus::new(Status::ThirdParty));
    let plan = plan_to_target(&h, &d, &overrides, date(6, 10), 9.0);
    assert_eq!(
        (plan.actions, plan.total_cost, plan.reached),
        (vec!["c".to_string()], 3, 9.0)
    );
}

#[test]
fn plan_over_200_actions_is_quick() {
    let levels = [Level::Low, Level::Moderate, Level::High];
    let controls: Vec<ControlScore> = (0..200u32)
        .map(|i| {
            let possible = f64::from(1 + i * 7 % 23);
            score(
                &format!("c{i:03}"),
                Category::Identity,
                Service::EntraId,
                0.0,
                possible,
            )
        })
        .collect();
    let infos = controls
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let impact = levels.get(i % 3).copied().unwrap_or(Level::Low);
            let cost = levels.get(i / 3 % 3).copied().unwrap_or(Level::Low);
            info(c, impact, cost, 1)
        })
        .collect();
    let d = day(date(6, 10), vec![Service::EntraId], controls);
    let h = history(vec![d.clone()], infos);
    let possible = d.possible();
    let started = std::time::Instant::now();
    for share in [0.3, 0.9, 0.999] {
        let plan = plan_to_target(&h, &d, &Overrides::new(), date(6, 10), possible * share);
        assert!(plan.reachable && plan.reached >= possible * share);
    }
    // Generous for unoptimized test builds; release builds take milliseconds.
    assert!(started.elapsed().as_secs() < 10, "{:?}", started.elapsed());
}

// -------------------------------------------------------------------- diff

/// May 1 → May 2: up 2 → 5 (posture), down 4 → 1 (posture), rew 3 of 6 →
/// 3 of 9 (catalog), same unchanged; Intune leaves with gone (scope);
/// retired goes though Exchange stays (catalog); Teams comes with teams
/// (scope); newx appears in Exchange (catalog).
fn two_days() -> TenantHistory {
    let may1 = day(
        date(5, 1),
        vec![Service::EntraId, Service::ExchangeOnline, Service::Intune],
        vec![
            score("up", Category::Identity, Service::EntraId, 2.0, 10.0),
            score("down", Category::Identity, Service::EntraId, 4.0, 4.0),
            score("rew", Category::Apps, Service::ExchangeOnline, 3.0, 6.0),
            score("same", Category::Apps, Service::ExchangeOnline, 1.0, 1.0),
            score("gone", Category::Device, Service::Intune, 2.0, 2.0),
            score("retired", Category::Apps, Service::ExchangeOnline, 1.0, 3.0),
        ],
    );
    let may2 = day(
        date(5, 2),
        vec![Service::Teams, Service::EntraId, Service::ExchangeOnline],
        vec![
            score("up", Category::Identity, Service::EntraId, 5.0, 10.0),
            score("down", Category::Identity, Service::EntraId, 1.0, 4.0),
            score("rew", Category::Apps, Service::ExchangeOnline, 3.0, 9.0),
            score("same", Category::Apps, Service::ExchangeOnline, 1.0, 1.0),
            score("teams", Category::Apps, Service::Teams, 0.0, 5.0),
            score("newx", Category::Apps, Service::ExchangeOnline, 0.0, 2.0),
        ],
    );
    history(vec![may1, may2], Vec::new())
}

fn kinds(changes: &[secure_score_core::engine::diff::ControlChange]) -> Vec<(&str, ChangeKind)> {
    changes.iter().map(|c| (c.id.as_str(), c.kind)).collect()
}

#[test]
fn diff_classifies_every_change() {
    let h = two_days();
    let Some(d) = diff(&h, date(5, 1), date(5, 2)) else {
        panic!("both days exist");
    };
    assert_eq!(
        kinds(&d.changed),
        vec![
            ("down", ChangeKind::Posture),
            ("rew", ChangeKind::Catalog),
            ("up", ChangeKind::Posture),
        ]
    );
    assert_eq!(
        kinds(&d.added),
        vec![("newx", ChangeKind::Catalog), ("teams", ChangeKind::Scope)]
    );
    assert_eq!(
        kinds(&d.removed),
        vec![
            ("gone", ChangeKind::Scope),
            ("retired", ChangeKind::Catalog)
        ]
    );
    assert_eq!(d.services_added, vec![Service::Teams]);
    assert_eq!(d.services_removed, vec![Service::Intune]);
    let rew = d.changed.iter().find(|c| c.id == "rew");
    assert_eq!(
        rew.map(|c| (c.before, c.after)),
        Some((
            Points {
                earned: 3.0,
                possible: 6.0
            },
            Points {
                earned: 3.0,
                possible: 9.0
            }
        ))
    );
    // Before: 2 + 4 + 3 + 1 + 2 + 1 = 13 of 10 + 4 + 6 + 1 + 2 + 3 = 26.
    // After: 5 + 1 + 3 + 1 + 0 + 0 = 10 of 10 + 4 + 9 + 1 + 5 + 2 = 31.
    assert_eq!(
        d.before.recomputed,
        Points {
            earned: 13.0,
            possible: 26.0
        }
    );
    assert_eq!(
        d.after.recomputed,
        Points {
            earned: 10.0,
            possible: 31.0
        }
    );
    assert_eq!(d.after.shown, d.after.recomputed);
}

#[test]
fn diff_improved_and_regressed() {
    let h = two_days();
    let Some(d) = diff(&h, date(5, 1), date(5, 2)) else {
        panic!("both days exist");
    };
    // Improved: up +3. Regressed: down −3, gone −2 (scope), retired −1.
    assert_eq!(
        kinds(&d.improved().into_iter().cloned().collect::<Vec<_>>()),
        vec![("up", ChangeKind::Posture)]
    );
    let regressed: Vec<(&str, ChangeKind, f64)> = d
        .regressed()
        .into_iter()
        .map(|c| (c.id.as_str(), c.kind, c.earned_delta()))
        .collect();
    assert_eq!(
        regressed,
        vec![
            ("down", ChangeKind::Posture, -3.0),
            ("gone", ChangeKind::Scope, -2.0),
            ("retired", ChangeKind::Catalog, -1.0),
        ]
    );
}

#[test]
fn diff_needs_both_days() {
    let h = two_days();
    assert!(diff(&h, date(5, 1), date(5, 3)).is_none());
    assert!(diff(&h, date(4, 30), date(5, 2)).is_none());
    // Backwards works too: up goes 5 → 2, a posture regression.
    let back = diff(&h, date(5, 2), date(5, 1));
    let up = back
        .as_ref()
        .and_then(|d| d.changed.iter().find(|c| c.id == "up"))
        .map(|c| (c.kind, c.earned_delta()));
    assert_eq!(up, Some((ChangeKind::Posture, -3.0)));
}

#[test]
fn day_flags_mark_regressions_scope_and_catalog() {
    let mut h = two_days();
    let Some(may2) = h.days.last().cloned() else {
        panic!("two days");
    };
    // May 3: up completed (posture only, 10 → 15).
    let mut may3 = may2.clone();
    may3.date = date(5, 3);
    for c in may3.controls.iter_mut().filter(|c| c.id == "up") {
        c.earned = 10.0;
    }
    // May 4: rew re-weighted 9 → 12 (catalog only, earned unchanged).
    let mut may4 = may3.clone();
    may4.date = date(5, 4);
    for c in may4.controls.iter_mut().filter(|c| c.id == "rew") {
        c.possible = 12.0;
    }
    h.days.push(may3);
    h.days.push(may4);
    let flags = |date, regression, scope_changed, catalog_changed| DayFlags {
        date,
        regression,
        scope_changed,
        catalog_changed,
    };
    assert_eq!(
        day_flags(&h),
        vec![
            flags(date(5, 1), false, false, false),
            // 13 → 10, Teams/Intune came and went, rew re-weighted.
            flags(date(5, 2), true, true, true),
            flags(date(5, 3), false, false, false),
            flags(date(5, 4), false, false, true),
        ]
    );
    assert!(day_flags(&history(Vec::new(), Vec::new())).is_empty());
}

// ---------------------------------------------------------------- property

mod property {
    use super::*;
    use proptest::prelude::*;

    const LEVELS: [Level; 4] = [Level::Low, Level::Moderate, Level::High, Level::Unknown];

    /// (possible in halves, earned share in quarters, data status, impact,
    /// cost, admin status with expiry offset in days).
    type Spec = (u8, u8, usize, usize, usize, Option<(usize, Option<i8>)>);

    fn spec() -> impl Strategy<Value = Spec> {
        (
            0u8..30,
            0u8..=4,
            0usize..5,
            0usize..4,
            0usize..4,
            proptest::option::of((0usize..5, proptest::option::of(-3i8..3))),
        )
    }

    fn build(specs: &[Spec]) -> (TenantHistory, DayScore, Overrides) {
        let mut controls = Vec::new();
        let mut infos = Vec::new();
        let mut overrides = Overrides::new();
        for (i, &(halves, quarters, data, impact, cost, admin)) in specs.iter().enumerate() {
            let possible = f64::from(halves) / 2.0;
            let earned = possible * f64::from(quarters) / 4.0;
            let id = format!("c{i:02}");
            let mut control = score(&id, Category::Identity, Service::EntraId, earned, possible);
            control.data_status = Status::ALL.get(data).copied().unwrap_or_default();
            let impact = LEVELS.get(impact).copied().unwrap_or(Level::Low);
            let cost = LEVELS.get(cost).copied().unwrap_or(Level::Low);
            infos.push(info(&control, impact, cost, 1));
            controls.push(control);
            if let Some((status, offset)) = admin {
                let expires = offset.and_then(|days| {
                    date(6, 10).checked_add_signed(chrono::Duration::days(i64::from(days)))
                });
                let status = Status::ALL.get(status).copied().unwrap_or_default();
                overrides.set(id, self::status(status, "", expires));
            }
        }
        let d = day(date(6, 10), vec![Service::EntraId], controls);
        (history(vec![d.clone()], infos), d, overrides)
    }

    /// Cost, count and gain of the cheapest, then smallest, then highest
    /// gaining subset of the plan's candidates reaching `target`, by brute
    /// force. Points are multiples of 1/8 here, so the sums are exact.
    fn brute_force(items: &[ActionItem], current: f64, target: f64) -> Option<(u32, usize, f64)> {
        let mut best: Option<(u32, usize, f64)> = None;
        for mask in 0u32..(1 << items.len()) {
            let chosen = items
                .iter()
                .enumerate()
                .filter(|(i, _)| mask >> i & 1 == 1)
                .map(|(_, item)| item);
            let (gain, cost, count) = chosen.fold((0.0, 0u32, 0usize), |(g, c, n), item| {
                (g + item.gain, c + item.effort() as u32, n + 1)
            });
            let better = best.is_none_or(|(c, n, g)| {
                (cost, count) < (c, n) || ((cost, count) == (c, n) && gain > g)
            });
            if current + gain >= target - 1e-9 && better {
                best = Some((cost, count, gain));
            }
        }
        best
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]

        #[test]
        fn analytics_hold_on_random_days(
            specs in proptest::collection::vec(spec(), 0..11),
            target_share in -0.2f64..1.3,
        ) {
            let (h, d, overrides) = build(&specs);
            let today = date(6, 10);
            let adjusted = adjusted_points(&d, &overrides, today);
            prop_assert!(adjusted.earned >= 0.0 && adjusted.earned <= adjusted.possible);
            for (_, points) in adjusted_by_category(&d, &overrides, today) {
                prop_assert!(points.earned >= 0.0 && points.earned <= points.possible);
            }

            let mut q = queue(&h, &d, &overrides, today);
            for order in QueueOrder::ALL {
                sort(&mut q, order);
                prop_assert!(q.iter().all(|i| i.gain >= 0.0 && i.gain <= i.possible));
            }

            let target = adjusted.possible * target_share;
            let plan = plan_to_target(&h, &d, &overrides, today, target);
            if plan.reachable {
                prop_assert!(plan.reached >= target - 1e-6);
            } else {
                prop_assert!(plan.reached < target);
            }
            let candidates: Vec<ActionItem> = queue(&h, &d, &overrides, today)
                .into_iter()
                .filter(|i| i.in_default_queue() && i.scored && i.gain > 0.0)
                .collect();
            if plan.reachable && target > adjusted.earned {
                let best = brute_force(&candidates, adjusted.earned, target);
                let gain = plan.reached - adjusted.earned;
                prop_assert_eq!(best, Some((plan.total_cost, plan.actions.len(), gain)));
            }

            let projected = projected_with_planned(&d, &overrides, today);
            prop_assert!(projected.earned >= adjusted.earned);
            prop_assert!(projected.earned <= projected.possible);
        }

        #[test]
        fn diff_of_random_days_is_consistent(
            first in proptest::collection::vec(spec(), 0..8),
            second in proptest::collection::vec(spec(), 0..8),
        ) {
            let (_, mut a, _) = build(&first);
            let (_, mut b, _) = build(&second);
            a.date = date(6, 1);
            b.date = date(6, 2);
            let h = history(vec![a.clone(), b.clone()], Vec::new());
            let Some(d) = diff(&h, a.date, b.date) else {
                return Err(TestCaseError::fail("both days exist"));
            };
            // Every control of the later day is either kept or added.
            prop_assert_eq!(
                b.controls.len(),
                a.controls.len() - d.removed.len() + d.added.len()
            );
            // Earned moves add up: after − before = Σ deltas.
            let delta: f64 = d.changed.iter().chain(&d.added).chain(&d.removed)
                .map(|c| c.earned_delta()).sum();
            prop_assert!((b.earned() - a.earned() - delta).abs() < 1e-9);
            prop_assert_eq!(day_flags(&h).len(), 2);
        }
    }
}
