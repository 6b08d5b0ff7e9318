//! From Graph secureScores and control profiles to a [`TenantHistory`]: one
//! day per UTC date, oldest first, every control described.

use std::collections::BTreeSet;

use chrono::NaiveDate;

use super::controls::Controls;
use super::naming::{is_unknown, licensed_services};
use super::profiles::GraphProfile;
use super::scores::GraphScore;
use crate::engine::model::{
    round2, ControlScore, DayScore, Origin, Reported, Service, TenantHistory, TenantInfo,
    REPORTED_TOLERANCE,
};
use crate::engine::sort::{set_of, sort, sort_by, sort_by_key};
use crate::format;
use crate::text::plural;

/// Builds the history of the scores, described by the profiles. Never fails:
/// what had to be guessed is in the history's warnings.
///
/// - One day per UTC date of `createdDateTime`, oldest first; of several
///   scores on one date the latest wins.
/// - Points possible of a control: its profile's `maxScore`; without a
///   profile, `score / (scoreInPercentage / 100)` that day, else as derived
///   on the newest day that allows it, else 0.
/// - Services of a day: its `enabledServices` (licenses this build does not
///   know are skipped) and the services of its controls.
/// - The history's controls are those that appear on some day: profiles of
///   controls never scored are left out.
/// - A control listed twice on one day counts once (the first).
pub fn build_history(scores: Vec<GraphScore>, profiles: &[GraphProfile]) -> TenantHistory {
    let mut warnings = Vec::new();
    let tenant = tenant_of(&scores, &mut warnings);
    let scores = one_per_date(scores, &mut warnings);
    let mut controls = Controls::new(profiles);
    for score in scores.iter().rev() {
        for control in &score.controls {
            controls.learn(control);
        }
    }
    let mut repeats = Repeats::default();
    let newest = scores.last().map(|score| score.created.date_naive());
    let days: Vec<DayScore> = scores
        .into_iter()
        .map(|score| day_of(score, newest, &mut controls, &mut repeats))
        .collect();
    warnings.extend(controls.warnings());
    warnings.extend(repeats.warning());
    warnings.extend(mismatch_warning(&days, controls.without_profile()));
    TenantHistory {
        tenant,
        origin: Origin::Graph,
        days,
        controls: controls.into_infos(),
        warnings,
    }
}

/// The tenant of the newest score; a warning when scores of several tenants
/// are mixed.
fn tenant_of(scores: &[GraphScore], warnings: &mut Vec<String>) -> TenantInfo {
    let tenants: BTreeSet<&str> = set_of(
        scores
            .iter()
            .map(|score| score.tenant_id.trim())
            .filter(|id| !id.is_empty()),
    );
    if tenants.len() > 1 {
        warnings.push(format!(
            "The scores come from {} different tenants ({}): they are shown as one \
             history. Import one tenant at a time.",
            tenants.len(),
            tenants.iter().copied().collect::<Vec<_>>().join(", ")
        ));
    }
    let newest = scores
        .iter()
        .filter(|score| !score.tenant_id.trim().is_empty())
        .max_by_key(|score| score.created);
    TenantInfo {
        id: newest.map_or_else(String::new, |score| score.tenant_id.trim().to_string()),
        name: String::new(),
    }
}

/// The scores oldest first, only the latest of each UTC date.
fn one_per_date(mut scores: Vec<GraphScore>, warnings: &mut Vec<String>) -> Vec<GraphScore> {
    sort_by_key(&mut scores, |score| score.created);
    let mut kept: Vec<GraphScore> = Vec::with_capacity(scores.len());
    let mut replaced = 0_usize;
    let mut newest_replaced: Option<NaiveDate> = None;
    for score in scores {
        let date = score.created.date_naive();
        if kept
            .last()
            .is_some_and(|last| last.created.date_naive() == date)
        {
            kept.pop();
            replaced = replaced.saturating_add(1);
            newest_replaced = Some(date);
        }
        kept.push(score);
    }
    if let Some(date) = newest_replaced {
        warnings.push(format!(
            "{} fell on a date that already had one (the newest on {}): only the \
             latest score of each date is kept.",
            plural(replaced, "secure score"),
            format::date(date)
        ));
    }
    kept
}

/// Controls listed more than once on a day.
#[derive(Default)]
struct Repeats {
    count: usize,
    newest: Option<(String, NaiveDate)>,
}

impl Repeats {
    /// One warning for the whole import, if any control was repeated.
    fn warning(&self) -> Option<String> {
        let (id, date) = self.newest.as_ref()?;
        Some(format!(
            "{} repeated a control already listed that day (the newest: {id} on {}): \
             only the first is counted.",
            plural(self.count, "control score"),
            format::date(*date)
        ))
    }
}

/// The day of one secureScore.
fn day_of(
    score: GraphScore,
    newest: Option<NaiveDate>,
    controls: &mut Controls,
    repeats: &mut Repeats,
) -> DayScore {
    let date = score.created.date_naive();
    let is_newest = newest == Some(date);
    let mut scored: Vec<ControlScore> = score
        .controls
        .into_iter()
        .map(|c| controls.score(c, date, is_newest))
        .collect();
    // Stable: of equal ids, the first listed stays first and is kept.
    sort_by(&mut scored, |a, b| a.id.cmp(&b.id));
    let listed = scored.len();
    let mut repeated_id = None;
    scored.dedup_by(|later, earlier| {
        let same = later.id == earlier.id;
        if same {
            repeated_id = Some(later.id.clone());
        }
        same
    });
    if let Some(id) = repeated_id {
        repeats.count = repeats
            .count
            .saturating_add(listed.saturating_sub(scored.len()));
        repeats.newest = Some((id, date));
    }
    // The controls' services deduplicated before they are cloned.
    let mut of_controls: Vec<&Service> = scored.iter().map(|c| &c.service).collect();
    sort(&mut of_controls);
    of_controls.dedup();
    let mut services: Vec<Service> = score
        .enabled_services
        .iter()
        .flat_map(|entry| licensed_services(entry))
        .chain(of_controls.into_iter().cloned())
        .filter(|service| !is_unknown(service))
        .collect();
    sort(&mut services);
    services.dedup();
    let reported = match (score.current_score, score.max_score) {
        (Some(score), Some(max)) => Some(Reported { score, max }),
        _ => None,
    };
    DayScore {
        date,
        computed_at: Some(score.created),
        services,
        controls: scored,
        excluded: Vec::new(),
        reported,
        comparisons: score.comparisons,
        licensed_users: score.licensed_users,
        active_users: score.active_users,
    }
}

/// One warning for all days whose reported totals differ from the sum of
/// their controls, with the newest example and the likely cause.
fn mismatch_warning(days: &[DayScore], without_profile: usize) -> Option<String> {
    let disagree = |day: &&DayScore| {
        day.reported.is_some_and(|reported| {
            (reported.score - day.earned()).abs() > REPORTED_TOLERANCE
                || (reported.max - day.possible()).abs() > REPORTED_TOLERANCE
        })
    };
    let count = days.iter().filter(disagree).count();
    let newest = days.iter().rev().find(disagree)?;
    let reported = newest.reported?;
    let cause = if without_profile > 0 {
        format!(
            "likely because {} no control profile, so {} points possible \
             {} derived from the scores or unknown",
            match without_profile {
                1 => "1 control has".to_string(),
                n => format!("{n} controls have"),
            },
            if without_profile == 1 { "its" } else { "their" },
            if without_profile == 1 { "is" } else { "are" },
        )
    } else {
        "likely because the control profiles changed since the score was computed, or \
         Microsoft counts controls it does not list"
            .to_string()
    };
    Some(format!(
        "On {} out of {}, the totals Microsoft reported differ from the sum of the \
         controls (the newest: {}, reported {} of {}, recomputed {} of {}), {cause}. \
         The pages show the reported totals.",
        plural(count, "day"),
        days.len(),
        format::date(newest.date),
        round2(reported.score),
        round2(reported.max),
        round2(newest.earned()),
        round2(newest.possible()),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::graph::scores::GraphControlScore;
    use chrono::{DateTime, Utc};

    fn at(text: &str) -> DateTime<Utc> {
        match DateTime::parse_from_rfc3339(text) {
            Ok(at) => at.with_timezone(&Utc),
            Err(error) => panic!("bad test date {text}: {error}"),
        }
    }

    fn control(name: &str, score: f64) -> GraphControlScore {
        GraphControlScore {
            name: name.into(),
            category: "Apps".into(),
            score,
            description: String::new(),
            score_in_percentage: Some(100.0),
            implementation_status: String::new(),
            count: None,
            total: None,
            on: None,
        }
    }

    fn score(created: &str, tenant: &str, controls: Vec<GraphControlScore>) -> GraphScore {
        GraphScore {
            id: String::new(),
            tenant_id: tenant.into(),
            created: at(created),
            current_score: Some(controls.iter().map(|c| c.score).sum()),
            max_score: Some(controls.iter().map(|c| c.score).sum()),
            enabled_services: vec!["HasTeams".into(), "HasCLB".into()],
            licensed_users: Some(10),
            active_users: None,
            comparisons: Vec::new(),
            controls,
        }
    }

    #[test]
    fn days_oldest_first_latest_of_a_date_wins() {
        let history = build_history(
            vec![
                score("2024-01-03T00:00:00Z", "t", vec![control("mdo_a", 3.0)]),
                score("2024-01-01T23:00:00Z", "t", vec![control("mdo_a", 2.0)]),
                score("2024-01-01T01:00:00Z", "t", vec![control("mdo_a", 1.0)]),
            ],
            &[],
        );
        let dates: Vec<String> = history.days.iter().map(|d| d.date.to_string()).collect();
        assert_eq!(dates, ["2024-01-01", "2024-01-03"]);
        // 23:00 is later than 01:00 on 2024-01-01: its 2 points win.
        assert_eq!(history.days[0].earned(), 2.0);
        assert_eq!(history.tenant.id, "t");
        assert!(history.warnings.iter().any(|w| w.starts_with(
            "1 secure score fell on a date that already had one (the newest on 1 Jan 2024)"
        )));
    }

    #[test]
    fn services_and_repeated_controls() {
        let history = build_history(
            vec![score(
                "2024-01-01T00:00:00Z",
                "t",
                vec![
                    control("spo_b", 1.0),
                    control("Custom", 0.0),
                    control("spo_b", 5.0),
                ],
            )],
            &[],
        );
        let day = &history.days[0];
        // HasTeams → Teams, HasCLB skipped, spo_b → SharePoint, Custom → unknown (skipped).
        assert_eq!(day.services, [Service::SharePointOnline, Service::Teams]);
        let ids: Vec<&str> = day.controls.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, ["Custom", "spo_b"]);
        assert_eq!(day.control("spo_b").map(|c| c.earned), Some(1.0));
        assert_eq!(day.licensed_users, Some(10));
        assert!(history.warnings.iter().any(|w| w
            .starts_with("1 control score repeated a control already listed that day (the newest: spo_b on 1 Jan 2024)")));
    }

    #[test]
    fn mixed_tenants_and_mismatch_are_warned() {
        let mut off = score("2024-01-02T00:00:00Z", "b", vec![control("mdo_a", 1.0)]);
        off.max_score = Some(10.0);
        let history = build_history(
            vec![
                score("2024-01-01T00:00:00Z", "a", vec![control("mdo_a", 1.0)]),
                off,
            ],
            &[],
        );
        assert_eq!(history.tenant.id, "b");
        assert!(history
            .warnings
            .iter()
            .any(|w| w.starts_with("The scores come from 2 different tenants (a, b)")));
        // Day 2 reports 1 of 10; its control gives 1 of 1 (1 point at 100%).
        assert!(history.warnings.iter().any(|w| w.starts_with(
            "On 1 day out of 2, the totals Microsoft reported differ from the sum of the controls \
             (the newest: 2 Jan 2024, reported 1 of 10, recomputed 1 of 1), likely because 1 control has"
        )), "{:?}", history.warnings);
    }

    #[test]
    fn no_scores_give_an_empty_history() {
        let history = build_history(Vec::new(), &[]);
        assert_eq!((history.days.len(), history.controls.len()), (0, 0));
        assert!(history.warnings.is_empty());
    }
}
