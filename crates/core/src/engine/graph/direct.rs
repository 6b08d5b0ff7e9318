//! secureScores read straight from the text when they come as Graph sends
//! them: a page `{"@odata.context": ..., "value": [...]}`, an array of
//! pages, or a bare array of secureScores, with Graph's camelCase names and
//! its numbers, counts and flags as numbers or text.
//!
//! [`read_scores`] gives up on anything else (PowerShell's spellings and
//! `AdditionalProperties`, a single object, a value of an unexpected type,
//! a syntax error, ...): the caller then parses the file to a value and
//! reads it leniently, which gives the messages and paths. When it does not
//! give up, the file is detected as secureScores and its scores are exactly
//! what [`parse_scores`](super::parse_scores) reads from its value.

use std::fmt;

use chrono::{DateTime, Utc};
use serde::de::{DeserializeSeed, Deserializer, Error, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;

use super::scores::{sort_comparisons, Basis, GraphControlScore, GraphScore};
use crate::engine::detect::fields;
use crate::engine::json::typed::{
    give_up, see_once, set_once, Flag, Key, Keys, Points, Skipped, Texts, When, Whole,
};
use crate::engine::model::{Category, Comparison};

/// The secureScores of a file's text (without its BOM), `None` when the
/// text is not one of the usual shapes or holds no secureScore.
pub(crate) fn read_scores(text: &str) -> Option<Vec<GraphScore>> {
    read(text).map(|found| found.scores)
}

/// A page as an endpoint sends it (`{"value": [...], "@odata.nextLink":
/// ...}`): its secureScores and the link to the next page, as
/// [`next_link`](super::next_link) reads it from the page's value. `None`
/// where [`read_scores`] gives up, when the text is not one page, and when
/// the link is not text.
pub(crate) fn read_page(text: &str) -> Option<(Vec<GraphScore>, Option<String>)> {
    let found = read(text)?;
    let link = found.link.filter(|link| !link.trim().is_empty());
    found.page.then_some((found.scores, link))
}

fn read(text: &str) -> Option<Found> {
    let mut found = Found::default();
    let mut deserializer = serde_json::Deserializer::from_str(text);
    Root(&mut found).deserialize(&mut deserializer).ok()?;
    deserializer.end().ok()?;
    (found.first_tells && !found.scores.is_empty()).then_some(found)
}

/// The secureScores read so far, in the order of the file.
#[derive(Default)]
struct Found {
    scores: Vec<GraphScore>,
    /// Whether the first has `controlScores` or `currentScore`: then the
    /// file is detected as secureScores whatever follows.
    first_tells: bool,
    /// Whether the root is one page (an object), not an array.
    page: bool,
    /// The root page's `@odata.nextLink`.
    link: Option<String>,
}

impl Found {
    fn push(&mut self, score: GraphScore, tells: bool) {
        if self.scores.is_empty() {
            self.first_tells = tells;
        }
        self.scores.push(score);
    }
}

fn expecting(f: &mut fmt::Formatter, what: &str) -> fmt::Result {
    f.write_str(what)
}

/// The whole file: a page, or an array of pages and secureScores.
struct Root<'f>(&'f mut Found);

/// The keys of a page at the root. `format` names our own formats: the
/// lenient path says what such a file holds.
#[derive(Clone, Copy)]
enum PageKey {
    Items,
    Format,
    NextLink,
}

const PAGE_KEYS: &[(&str, PageKey)] = &[
    (fields::VALUE, PageKey::Items),
    ("format", PageKey::Format),
    (fields::ODATA_NEXT_LINK, PageKey::NextLink),
];

impl<'de> DeserializeSeed<'de> for Root<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Root<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        expecting(f, "a page or an array")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut items = false;
        while let Some(key) = map.next_key_seed(Keys(PAGE_KEYS))? {
            match key {
                Key::Known(PageKey::Items) => {
                    see_once(&mut items)?;
                    map.next_value_seed(Entities(&mut *self.0))?;
                }
                Key::Known(PageKey::Format) => return give_up(),
                Key::Known(PageKey::NextLink) => {
                    set_once(&mut self.0.link, map.next_value()?)?;
                }
                Key::Other => {
                    map.next_value::<Skipped>()?;
                }
            }
        }
        // Without `value` the object would be a single secureScore.
        if items {
            self.0.page = true;
            Ok(())
        } else {
            give_up()
        }
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq
            .next_element_seed(Entity {
                found: &mut *self.0,
                may_be_page: true,
            })?
            .is_some()
        {}
        Ok(())
    }
}

/// The `value` array of a page: secureScores.
struct Entities<'f>(&'f mut Found);

impl<'de> DeserializeSeed<'de> for Entities<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for Entities<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        expecting(f, "an array of secureScores")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq
            .next_element_seed(Entity {
                found: &mut *self.0,
                may_be_page: false,
            })?
            .is_some()
        {}
        Ok(())
    }
}

/// The `value` of an element of the root array: `true` when it makes the
/// element a page (an array), `false` when null (the element is a
/// secureScore).
struct PageItems<'f>(&'f mut Found);

impl<'de> DeserializeSeed<'de> for PageItems<'_> {
    type Value = bool;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<bool, D::Error> {
        deserializer.deserialize_option(self)
    }
}

impl<'de> Visitor<'de> for PageItems<'_> {
    type Value = bool;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        expecting(f, "an array of secureScores or null")
    }

    fn visit_none<E: Error>(self) -> Result<bool, E> {
        Ok(false)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<bool, D::Error> {
        Entities(self.0).deserialize(deserializer).map(|()| true)
    }
}

/// A secureScore; an element of the root array may be a page instead.
struct Entity<'f> {
    found: &'f mut Found,
    may_be_page: bool,
}

#[derive(Clone, Copy)]
enum ScoreKey {
    Id,
    TenantId,
    Created,
    CurrentScore,
    MaxScore,
    EnabledServices,
    LicensedUsers,
    ActiveUsers,
    Comparisons,
    Controls,
    /// `value`: makes an element of the root array a page.
    PageItems,
}

const SCORE_KEYS: &[(&str, ScoreKey)] = &[
    (fields::ID, ScoreKey::Id),
    (fields::AZURE_TENANT_ID, ScoreKey::TenantId),
    (fields::CREATED_DATE_TIME, ScoreKey::Created),
    (fields::CURRENT_SCORE, ScoreKey::CurrentScore),
    (fields::MAX_SCORE, ScoreKey::MaxScore),
    (fields::ENABLED_SERVICES, ScoreKey::EnabledServices),
    (fields::LICENSED_USER_COUNT, ScoreKey::LicensedUsers),
    (fields::ACTIVE_USER_COUNT, ScoreKey::ActiveUsers),
    (fields::AVERAGE_COMPARATIVE_SCORES, ScoreKey::Comparisons),
    (fields::CONTROL_SCORES, ScoreKey::Controls),
    (fields::VALUE, ScoreKey::PageItems),
];

/// The fields of a secureScore read so far (null is the same as missing).
#[derive(Default)]
struct ScoreFields {
    id: Option<String>,
    tenant_id: Option<String>,
    created: Option<DateTime<Utc>>,
    current_score: Option<f64>,
    max_score: Option<f64>,
    enabled_services: Option<Vec<String>>,
    licensed_users: Option<u64>,
    active_users: Option<u64>,
    comparisons: Option<Vec<Comparison>>,
    controls: Option<Vec<GraphControlScore>>,
}

impl<'de> DeserializeSeed<'de> for Entity<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Entity<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        expecting(f, "a secureScore")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut fields = ScoreFields::default();
        let mut page_items_seen = false;
        let mut is_page = false;
        while let Some(key) = map.next_key_seed(Keys(SCORE_KEYS))? {
            let Key::Known(key) = key else {
                map.next_value::<Skipped>()?;
                continue;
            };
            match key {
                ScoreKey::Id => set_once(&mut fields.id, map.next_value()?)?,
                ScoreKey::TenantId => set_once(&mut fields.tenant_id, map.next_value()?)?,
                ScoreKey::Created => set_once(
                    &mut fields.created,
                    map.next_value::<Option<When>>()?.map(|at| at.0),
                )?,
                ScoreKey::CurrentScore => set_once(
                    &mut fields.current_score,
                    map.next_value::<Option<Points>>()?.map(|p| p.0),
                )?,
                ScoreKey::MaxScore => set_once(
                    &mut fields.max_score,
                    map.next_value::<Option<Points>>()?.map(|p| p.0),
                )?,
                ScoreKey::EnabledServices => set_once(
                    &mut fields.enabled_services,
                    map.next_value::<Option<Texts>>()?.map(|t| t.0),
                )?,
                ScoreKey::LicensedUsers => set_once(
                    &mut fields.licensed_users,
                    map.next_value::<Option<Whole>>()?.map(|w| w.0),
                )?,
                ScoreKey::ActiveUsers => set_once(
                    &mut fields.active_users,
                    map.next_value::<Option<Whole>>()?.map(|w| w.0),
                )?,
                ScoreKey::Comparisons => set_once(
                    &mut fields.comparisons,
                    map.next_value::<Option<Comparisons>>()?.map(|c| c.0),
                )?,
                ScoreKey::Controls => set_once(
                    &mut fields.controls,
                    map.next_value::<Option<Controls>>()?.map(|c| c.0),
                )?,
                ScoreKey::PageItems if self.may_be_page => {
                    see_once(&mut page_items_seen)?;
                    is_page = map.next_value_seed(PageItems(&mut *self.found))?;
                }
                ScoreKey::PageItems => {
                    map.next_value::<Skipped>()?;
                }
            }
        }
        if is_page {
            return Ok(());
        }
        let tells = fields.controls.is_some() || fields.current_score.is_some();
        let Some(created) = fields.created else {
            return give_up();
        };
        self.found.push(
            GraphScore {
                id: fields.id.unwrap_or_default(),
                tenant_id: fields.tenant_id.unwrap_or_default(),
                created,
                current_score: fields.current_score,
                max_score: fields.max_score,
                enabled_services: fields.enabled_services.unwrap_or_default(),
                licensed_users: fields.licensed_users,
                active_users: fields.active_users,
                comparisons: fields.comparisons.unwrap_or_default(),
                controls: fields.controls.unwrap_or_default(),
            },
            tells,
        );
        Ok(())
    }
}

/// `controlScores`.
struct Controls(Vec<GraphControlScore>);

impl<'de> Deserialize<'de> for Controls {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Controls, D::Error> {
        deserializer.deserialize_seq(ControlsVisitor)
    }
}

struct ControlsVisitor;

impl<'de> Visitor<'de> for ControlsVisitor {
    type Value = Controls;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        expecting(f, "control scores")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Controls, A::Error> {
        let mut controls = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(control) = seq.next_element::<Control>()? {
            controls.push(control.0);
        }
        Ok(Controls(controls))
    }
}

/// One entry of `controlScores`.
struct Control(GraphControlScore);

#[derive(Clone, Copy)]
enum ControlKey {
    Name,
    Category,
    Score,
    Description,
    Percentage,
    Status,
    Count,
    Total,
    On,
}

const CONTROL_KEYS: &[(&str, ControlKey)] = &[
    (fields::CONTROL_CATEGORY, ControlKey::Category),
    (fields::CONTROL_NAME, ControlKey::Name),
    (fields::DESCRIPTION, ControlKey::Description),
    (fields::SCORE, ControlKey::Score),
    (fields::SCORE_IN_PERCENTAGE, ControlKey::Percentage),
    (fields::IMPLEMENTATION_STATUS, ControlKey::Status),
    (fields::COUNT, ControlKey::Count),
    (fields::TOTAL, ControlKey::Total),
    (fields::ON, ControlKey::On),
];

/// The fields of a control score read so far.
#[derive(Default)]
struct ControlFields {
    name: Option<String>,
    category: Option<String>,
    score: Option<f64>,
    description: Option<String>,
    score_in_percentage: Option<f64>,
    implementation_status: Option<String>,
    count: Option<f64>,
    total: Option<f64>,
    on: Option<bool>,
}

impl<'de> Deserialize<'de> for Control {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Control, D::Error> {
        deserializer.deserialize_map(ControlVisitor)
    }
}

struct ControlVisitor;

impl<'de> Visitor<'de> for ControlVisitor {
    type Value = Control;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        expecting(f, "a control score")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Control, A::Error> {
        let mut fields = ControlFields::default();
        while let Some(key) = map.next_key_seed(Keys(CONTROL_KEYS))? {
            let Key::Known(key) = key else {
                map.next_value::<Skipped>()?;
                continue;
            };
            let points = |map: &mut A| Ok(map.next_value::<Option<Points>>()?.map(|p| p.0));
            match key {
                ControlKey::Name => set_once(&mut fields.name, map.next_value()?)?,
                ControlKey::Category => set_once(&mut fields.category, map.next_value()?)?,
                ControlKey::Score => set_once(&mut fields.score, points(&mut map)?)?,
                ControlKey::Description => set_once(&mut fields.description, map.next_value()?)?,
                ControlKey::Percentage => {
                    set_once(&mut fields.score_in_percentage, points(&mut map)?)?
                }
                ControlKey::Status => {
                    set_once(&mut fields.implementation_status, map.next_value()?)?
                }
                ControlKey::Count => set_once(&mut fields.count, points(&mut map)?)?,
                ControlKey::Total => set_once(&mut fields.total, points(&mut map)?)?,
                ControlKey::On => set_once(
                    &mut fields.on,
                    map.next_value::<Option<Flag>>()?.map(|f| f.0),
                )?,
            }
        }
        let (Some(name), Some(score)) = (fields.name.and_then(identifier), fields.score) else {
            return give_up();
        };
        Ok(Control(GraphControlScore {
            name,
            category: fields.category.unwrap_or_default(),
            score,
            description: fields.description.unwrap_or_default(),
            score_in_percentage: fields.score_in_percentage,
            implementation_status: fields.implementation_status.unwrap_or_default(),
            count: fields.count,
            total: fields.total,
            on: fields.on,
        }))
    }
}

/// A control name as the lenient reader takes it: trimmed, not empty.
fn identifier(name: String) -> Option<String> {
    let trimmed = name.trim();
    if trimmed.is_empty() {
        None
    } else if trimmed.len() == name.len() {
        Some(name)
    } else {
        Some(trimmed.to_string())
    }
}

/// `averageComparativeScores`, in display order.
struct Comparisons(Vec<Comparison>);

impl<'de> Deserialize<'de> for Comparisons {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Comparisons, D::Error> {
        deserializer.deserialize_seq(ComparisonsVisitor)
    }
}

struct ComparisonsVisitor;

impl<'de> Visitor<'de> for ComparisonsVisitor {
    type Value = Comparisons;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        expecting(f, "comparisons")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Comparisons, A::Error> {
        let mut comparisons = Vec::new();
        while let Some(entry) = seq.next_element::<Option<ComparisonEntry>>()? {
            comparisons.extend(entry.and_then(|entry| entry.0));
        }
        sort_comparisons(&mut comparisons);
        Ok(Comparisons(comparisons))
    }
}

/// One entry of `averageComparativeScores`: `None` without a basis or an
/// average score (skipped, as the lenient reader does).
struct ComparisonEntry(Option<Comparison>);

#[derive(Clone, Copy)]
enum ComparisonKey {
    Basis,
    Average,
    Score(Category),
    ScoreMax(Category),
    SeatsLower,
    SeatsUpper,
    Industry,
}

const COMPARISON_KEYS: &[(&str, ComparisonKey)] = &[
    (fields::BASIS, ComparisonKey::Basis),
    (fields::AVERAGE_SCORE, ComparisonKey::Average),
    (
        fields::IDENTITY_SCORE,
        ComparisonKey::Score(Category::Identity),
    ),
    (
        fields::IDENTITY_SCORE_MAX,
        ComparisonKey::ScoreMax(Category::Identity),
    ),
    (fields::DATA_SCORE, ComparisonKey::Score(Category::Data)),
    (
        fields::DATA_SCORE_MAX,
        ComparisonKey::ScoreMax(Category::Data),
    ),
    (fields::DEVICE_SCORE, ComparisonKey::Score(Category::Device)),
    (
        fields::DEVICE_SCORE_MAX,
        ComparisonKey::ScoreMax(Category::Device),
    ),
    (fields::APPS_SCORE, ComparisonKey::Score(Category::Apps)),
    (
        fields::APPS_SCORE_MAX,
        ComparisonKey::ScoreMax(Category::Apps),
    ),
    (
        fields::INFRASTRUCTURE_SCORE,
        ComparisonKey::Score(Category::Infrastructure),
    ),
    (
        fields::INFRASTRUCTURE_SCORE_MAX,
        ComparisonKey::ScoreMax(Category::Infrastructure),
    ),
    (
        fields::SEAT_SIZE_RANGE_LOWER_VALUE,
        ComparisonKey::SeatsLower,
    ),
    (
        fields::SEAT_SIZE_RANGE_UPPER_VALUE,
        ComparisonKey::SeatsUpper,
    ),
    (fields::CATEGORY_VALUE, ComparisonKey::Industry),
];

/// The fields of a comparison read so far.
struct ComparisonFields {
    basis: Option<String>,
    average_score: Option<f64>,
    /// Score and maximum of each category, in [`Category::ALL`] order.
    categories: [(Category, Option<f64>, Option<f64>); 5],
    seats: (Option<u64>, Option<u64>),
    industry: Option<String>,
}

impl ComparisonFields {
    fn category(
        &mut self,
        category: Category,
    ) -> Option<&mut (Category, Option<f64>, Option<f64>)> {
        self.categories.iter_mut().find(|(c, _, _)| *c == category)
    }
}

impl<'de> Deserialize<'de> for ComparisonEntry {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<ComparisonEntry, D::Error> {
        deserializer.deserialize_map(ComparisonVisitor)
    }
}

struct ComparisonVisitor;

impl<'de> Visitor<'de> for ComparisonVisitor {
    type Value = ComparisonEntry;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        expecting(f, "a comparison")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<ComparisonEntry, A::Error> {
        let mut fields = ComparisonFields {
            basis: None,
            average_score: None,
            categories: Category::ALL.map(|category| (category, None, None)),
            seats: (None, None),
            industry: None,
        };
        while let Some(key) = map.next_key_seed(Keys(COMPARISON_KEYS))? {
            let Key::Known(key) = key else {
                map.next_value::<Skipped>()?;
                continue;
            };
            let points = |map: &mut A| Ok(map.next_value::<Option<Points>>()?.map(|p| p.0));
            let whole = |map: &mut A| Ok(map.next_value::<Option<Whole>>()?.map(|w| w.0));
            match key {
                ComparisonKey::Basis => set_once(&mut fields.basis, map.next_value()?)?,
                ComparisonKey::Average => set_once(&mut fields.average_score, points(&mut map)?)?,
                ComparisonKey::Score(category) => {
                    let value = points(&mut map)?;
                    match fields.category(category) {
                        Some((_, score, _)) => set_once(score, value)?,
                        None => return give_up(),
                    }
                }
                ComparisonKey::ScoreMax(category) => {
                    let value = points(&mut map)?;
                    match fields.category(category) {
                        Some((_, _, max)) => set_once(max, value)?,
                        None => return give_up(),
                    }
                }
                ComparisonKey::SeatsLower => set_once(&mut fields.seats.0, whole(&mut map)?)?,
                ComparisonKey::SeatsUpper => set_once(&mut fields.seats.1, whole(&mut map)?)?,
                ComparisonKey::Industry => set_once(&mut fields.industry, map.next_value()?)?,
            }
        }
        let (Some(basis), Some(average_score)) = (fields.basis, fields.average_score) else {
            return Ok(ComparisonEntry(None));
        };
        let categories = fields
            .categories
            .iter()
            .filter_map(|(category, score, max)| Some((*category, (*score)?, max.unwrap_or(0.0))))
            .collect();
        let label = Basis::of(&basis).label(&basis, fields.seats, fields.industry.as_deref());
        Ok(ComparisonEntry(Some(Comparison {
            label,
            basis,
            average_score,
            categories,
        })))
    }
}

#[cfg(test)]
mod tests;
