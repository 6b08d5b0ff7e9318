//! The controls of an import: each control name matched to its profile, or
//! described from its scores alone, and scored day by day.

use std::collections::BTreeMap;
use std::rc::Rc;

use super::naming::{category_of, profile_service, service_of_name};
use super::profiles::GraphProfile;
use super::scores::GraphControlScore;
use crate::text::plural;
use chrono::NaiveDate;

use crate::engine::model::{Category, ControlInfo, ControlScore, ControlState, Progress, Status};
use crate::engine::state::{data_status_on, newest_status_on};

/// Category of a control whose category is unknown or missing.
const FALLBACK_CATEGORY: Category = Category::Apps;

/// How many names a warning lists before "and N more".
const NAMES_SHOWN: usize = 10;

/// The controls seen so far and the profiles to describe them.
pub(super) struct Controls<'p> {
    /// Profiles by lowercase id (the first of duplicate ids wins).
    profiles: BTreeMap<String, &'p GraphProfile>,
    /// Whether any profile was given at all.
    any_profile: bool,
    /// The id of every control name seen: its profile's (a name matches a
    /// profile id in any case), else the name. Looked up once per name,
    /// not once per day.
    ids: BTreeMap<String, Rc<str>>,
    known: BTreeMap<Rc<str>, Known<'p>>,
}

/// A control seen in the scores.
struct Known<'p> {
    info: ControlInfo,
    profile: Option<&'p GraphProfile>,
    /// Without a profile: points possible derived from the newest score
    /// that allows it.
    derived: Option<f64>,
    /// False while its category is [`FALLBACK_CATEGORY`] by default.
    categorized: bool,
}

impl<'p> Controls<'p> {
    /// Controls described by `profiles`.
    pub(super) fn new(profiles: &'p [GraphProfile]) -> Self {
        let mut by_id = BTreeMap::new();
        for profile in profiles {
            by_id
                .entry(profile.id.to_ascii_lowercase())
                .or_insert(profile);
        }
        Controls {
            profiles: by_id,
            any_profile: !profiles.is_empty(),
            ids: BTreeMap::new(),
            known: BTreeMap::new(),
        }
    }

    /// Learns what a control score tells about its control. Call it for the
    /// newest day first: the newest description and derivation win.
    pub(super) fn learn(&mut self, control: &GraphControlScore) {
        let derived = derived_possible(control);
        let known = self.entry(control);
        if known.profile.is_none() && known.derived.is_none() {
            if let Some(possible) = derived {
                known.derived = Some(possible);
                known.info.max_points = possible;
            }
        }
        if !known.categorized {
            if let Some(category) = category_of(&[&control.category]) {
                known.info.category = category;
                known.categorized = true;
            }
        }
        if known.info.description.trim().is_empty() {
            known.info.description.clone_from(&control.description);
        }
    }

    /// The control's score on `day`; `newest`: the history's newest day,
    /// which carries the latest state even if set after it.
    ///
    /// Points possible: the profile's `maxScore`; without a profile, derived
    /// from this day's score and percentage, else from the newest day that
    /// allows it, else 0.
    pub(super) fn score(
        &mut self,
        control: GraphControlScore,
        day: NaiveDate,
        newest: bool,
    ) -> ControlScore {
        let derived_today = derived_possible(&control);
        let known = self.entry(&control);
        let possible = match known.profile {
            Some(profile) => profile.max_score,
            None => derived_today.unwrap_or(known.info.max_points),
        };
        let earned = control.score;
        let state = if known.profile.is_some() && possible == 0.0 {
            ControlState::NotScored
        } else if possible > 0.0 && earned >= possible {
            ControlState::Completed
        } else if earned > 0.0 && earned < possible {
            ControlState::Partial
        } else {
            ControlState::NotCompleted
        };
        let progress = match (control.count, control.total) {
            (Some(done), Some(total)) if total > 0.0 => Some(Progress { done, total }),
            _ => None,
        };
        ControlScore {
            id: known.info.id.clone(),
            category: known.info.category,
            service: known.info.service.clone(),
            earned,
            possible,
            state,
            progress,
            data_status: known.profile.map_or(Status::ToAddress, |p| {
                if newest {
                    newest_status_on(&p.updates, day)
                } else {
                    data_status_on(&p.updates, day)
                }
            }),
            note: control.implementation_status,
        }
    }

    /// How many controls seen have no profile.
    pub(super) fn without_profile(&self) -> usize {
        self.known.values().filter(|k| k.profile.is_none()).count()
    }

    /// What had to be guessed about the controls, once per import.
    pub(super) fn warnings(&self) -> Vec<String> {
        let mut warnings = Vec::new();
        let unmatched = self.ids(|k| k.profile.is_none());
        if !unmatched.is_empty() {
            let what = if self.any_profile {
                format!(
                    "{} of the {} controls {} no control profile ({})",
                    unmatched.len(),
                    self.known.len(),
                    if unmatched.len() == 1 { "has" } else { "have" },
                    name_list(&unmatched)
                )
            } else {
                "No control profiles were imported".to_string()
            };
            warnings.push(format!(
                "{what}: their titles are their ids, their threats and remediation are \
                 unknown, and their points possible are derived from their scores. Import \
                 every page of secureScoreControlProfiles to complete them."
            ));
        }
        let unknown = self.ids(|k| k.profile.is_none() && k.derived.is_none());
        if !unknown.is_empty() {
            warnings.push(format!(
                "{} without a profile never scored above 0%, so their points possible are \
                 unknown and count as 0: {}.",
                plural(unknown.len(), "control"),
                name_list(&unknown)
            ));
        }
        let uncategorized = self.ids(|k| !k.categorized);
        if !uncategorized.is_empty() {
            warnings.push(format!(
                "{} have no known category and are counted under {}: {}.",
                plural(uncategorized.len(), "control"),
                FALLBACK_CATEGORY.label(),
                name_list(&uncategorized)
            ));
        }
        warnings
    }

    /// Details of every control seen, sorted by id.
    pub(super) fn into_infos(self) -> Vec<ControlInfo> {
        self.known.into_values().map(|k| k.info).collect()
    }

    /// The control of a score, described on first sight.
    fn entry(&mut self, control: &GraphControlScore) -> &mut Known<'p> {
        let profiles = &self.profiles;
        let profile_of = |name: &str| profiles.get(&name.to_ascii_lowercase()).copied();
        let id = match self.ids.get(control.name.as_str()) {
            Some(id) => Rc::clone(id),
            None => {
                let id: Rc<str> = profile_of(&control.name)
                    .map_or(control.name.as_str(), |p| p.id.as_str())
                    .into();
                self.ids.insert(control.name.clone(), Rc::clone(&id));
                id
            }
        };
        self.known
            .entry(id)
            .or_insert_with(|| describe(control, profile_of(&control.name)))
    }

    /// Ids of the known controls matching `filter`, sorted.
    fn ids(&self, filter: impl Fn(&Known) -> bool) -> Vec<&str> {
        self.known
            .iter()
            .filter(|(_, known)| filter(known))
            .map(|(id, _)| &**id)
            .collect()
    }
}

/// `score / (scoreInPercentage / 100)` when the percentage is above 0 and
/// the result is a positive finite number.
fn derived_possible(control: &GraphControlScore) -> Option<f64> {
    let percentage = control.score_in_percentage.filter(|p| *p > 0.0)?;
    let possible = control.score / (percentage / 100.0);
    (possible.is_finite() && possible > 0.0).then_some(possible)
}

/// A control as its profile describes it, else as its score does.
fn describe<'p>(control: &GraphControlScore, profile: Option<&'p GraphProfile>) -> Known<'p> {
    let category = category_of(&[
        profile.map_or("", |p| p.category.as_str()),
        &control.category,
    ]);
    let info = match profile {
        Some(p) => ControlInfo {
            id: p.id.clone(),
            title: p.title.clone(),
            category: category.unwrap_or(FALLBACK_CATEGORY),
            service: profile_service(&p.service, &p.id),
            max_points: p.max_score,
            description: if p.description.trim().is_empty() {
                control.description.clone()
            } else {
                p.description.clone()
            },
            threats: p.threats.clone(),
            remediation: p.remediation.clone(),
            remediation_impact: p.remediation_impact.clone(),
            action_url: p.action_url.clone(),
            user_impact: p.user_impact,
            implementation_cost: p.implementation_cost,
            tier: p.tier.clone(),
            rank: p.rank.unwrap_or(u32::MAX),
            scored: p.max_score > 0.0,
            deprecated: p.deprecated,
            state_updates: p.updates.clone(),
        },
        None => ControlInfo {
            description: control.description.clone(),
            ..ControlInfo::untitled(
                &control.name,
                category.unwrap_or(FALLBACK_CATEGORY),
                service_of_name(&control.name),
            )
        },
    };
    Known {
        info,
        profile,
        derived: None,
        categorized: category.is_some(),
    }
}

/// `a, b, c` or `a, b, ... j and 3 more`.
fn name_list(names: &[&str]) -> String {
    let shown = names
        .iter()
        .take(NAMES_SHOWN)
        .copied()
        .collect::<Vec<_>>()
        .join(", ");
    match names.len().checked_sub(NAMES_SHOWN) {
        Some(more) if more > 0 => format!("{shown} and {more} more"),
        _ => shown,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::model::StateUpdate;
    use crate::engine::model::{Level, Service};

    const DAY: NaiveDate = NaiveDate::from_ymd_opt(2024, 5, 1).expect("a date");

    fn control(name: &str, score: f64, percentage: Option<f64>) -> GraphControlScore {
        GraphControlScore {
            name: name.into(),
            category: "Identity".into(),
            score,
            description: format!("about {name}"),
            score_in_percentage: percentage,
            implementation_status: "status".into(),
            count: None,
            total: None,
            on: None,
        }
    }

    fn profile(id: &str, max_score: f64) -> GraphProfile {
        GraphProfile {
            id: id.into(),
            title: format!("Title of {id}"),
            max_score,
            rank: Some(4),
            service: "EXO".into(),
            tier: "Core".into(),
            action_type: "Config".into(),
            action_url: None,
            user_impact: Level::Low,
            implementation_cost: Level::High,
            threats: vec!["Phishing".into()],
            remediation: "<p>fix</p>".into(),
            remediation_impact: String::new(),
            description: String::new(),
            deprecated: false,
            category: "Data".into(),
            updates: vec![StateUpdate::read("ThirdParty", "", "", "", None)],
        }
    }

    #[test]
    fn states_from_earned_and_possible() {
        let profiles = [profile("full", 5.0), profile("none", 0.0)];
        let mut controls = Controls::new(&profiles);
        let state = |controls: &mut Controls, name: &str, score: f64| {
            controls.score(control(name, score, None), DAY, true).state
        };
        assert_eq!(state(&mut controls, "full", 5.0), ControlState::Completed);
        assert_eq!(state(&mut controls, "full", 6.0), ControlState::Completed);
        assert_eq!(state(&mut controls, "full", 2.5), ControlState::Partial);
        assert_eq!(
            state(&mut controls, "full", 0.0),
            ControlState::NotCompleted
        );
        assert_eq!(state(&mut controls, "none", 0.0), ControlState::NotScored);
        // Without profile nor percentage: possible 0, so never Completed.
        assert_eq!(
            state(&mut controls, "mystery", 0.0),
            ControlState::NotCompleted
        );
    }

    #[test]
    fn profile_matches_in_any_case_and_describes_the_control() {
        let profiles = [profile("exo_Audit", 3.0)];
        let mut controls = Controls::new(&profiles);
        let scored = controls.score(
            GraphControlScore {
                count: Some(2.0),
                total: Some(4.0),
                ..control("EXO_audit", 1.0, Some(33.0))
            },
            DAY,
            true,
        );
        assert_eq!(scored.id, "exo_Audit");
        assert_eq!(scored.possible, 3.0);
        assert_eq!(scored.category, Category::Data);
        assert_eq!(scored.service, Service::ExchangeOnline);
        assert_eq!(scored.data_status, Status::ThirdParty);
        assert_eq!(
            scored.progress,
            Some(Progress {
                done: 2.0,
                total: 4.0
            })
        );
        let infos = controls.into_infos();
        assert_eq!(infos.len(), 1);
        assert_eq!(infos[0].title, "Title of exo_Audit");
        assert_eq!(infos[0].description, "about EXO_audit");
        assert_eq!(infos[0].rank, 4);
    }

    #[test]
    fn possible_is_derived_without_profile() {
        let mut controls = Controls::new(&[]);
        // Newest day: 0% (nothing to derive); older day: 3 points at 25%.
        controls.learn(&control("mdo_a", 0.0, Some(0.0)));
        controls.learn(&control("mdo_a", 3.0, Some(25.0)));
        // 3 / (25 / 100) = 12 possible, used on days that cannot derive it.
        assert_eq!(
            controls
                .score(control("mdo_a", 0.0, Some(0.0)), DAY, true)
                .possible,
            12.0
        );
        // A day with its own percentage derives its own: 6 / 0.5 = 12.
        assert_eq!(
            controls
                .score(control("mdo_a", 6.0, Some(50.0)), DAY, true)
                .state,
            ControlState::Partial
        );
        let scored = controls.score(control("mdo_a", 6.0, Some(100.0)), DAY, true);
        assert_eq!(
            (scored.possible, scored.state),
            (6.0, ControlState::Completed)
        );
        assert_eq!(scored.service, Service::DefenderForOffice365);
        assert_eq!(controls.without_profile(), 1);
        let infos = controls.into_infos();
        assert_eq!(
            (infos[0].max_points, infos[0].title.as_str()),
            (12.0, "mdo_a")
        );
    }

    #[test]
    fn warnings_name_the_guessed_controls() {
        let profiles = [profile("known", 1.0)];
        let mut controls = Controls::new(&profiles);
        controls.learn(&control("known", 1.0, Some(100.0)));
        controls.learn(&control("zero", 0.0, Some(0.0)));
        controls.learn(&GraphControlScore {
            category: "Network".into(),
            ..control("odd", 2.0, Some(100.0))
        });
        let warnings = controls.warnings();
        assert_eq!(warnings.len(), 3, "{warnings:?}");
        assert!(warnings[0].starts_with("2 of the 3 controls have no control profile (odd, zero)"));
        assert!(warnings[1].starts_with("1 control without a profile never scored above 0%"));
        assert!(warnings[1].ends_with(": zero."));
        assert!(
            warnings[2].ends_with("counted under Apps: odd."),
            "{}",
            warnings[2]
        );
    }

    #[test]
    fn name_lists_are_capped() {
        let names: Vec<String> = (0..13).map(|i| format!("c{i:02}")).collect();
        let refs: Vec<&str> = names.iter().map(String::as_str).collect();
        assert_eq!(
            name_list(&refs),
            "c00, c01, c02, c03, c04, c05, c06, c07, c08, c09 and 3 more"
        );
        assert_eq!(name_list(&refs[..2]), "c00, c01");
    }
}
