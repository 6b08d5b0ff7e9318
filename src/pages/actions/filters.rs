//! Sort, filters and search of the queue, kept in the URL hash so that a
//! view survives a reload and can be shared.

use crate::engine::model::{Category, Level, Status};
use crate::engine::queue::{ActionItem, QueueOrder};
use crate::state::route::Route;

/// Which statuses the queue shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum StatusFilter {
    /// To address and Planned (the default queue).
    #[default]
    Open,
    /// Everything, Risk accepted, resolved and completed included.
    All,
    /// Completed actions (every point earned).
    Completed,
    /// One status.
    Only(Status),
}

impl StatusFilter {
    /// Every choice of the status select.
    pub fn choices() -> Vec<StatusFilter> {
        let mut all = vec![
            StatusFilter::Open,
            StatusFilter::All,
            StatusFilter::Completed,
        ];
        all.extend(Status::ALL.into_iter().map(StatusFilter::Only));
        all
    }

    /// The value in the hash and the select.
    pub fn slug(self) -> &'static str {
        match self {
            StatusFilter::Open => "open",
            StatusFilter::All => "all",
            StatusFilter::Completed => COMPLETED,
            StatusFilter::Only(status) => status_slug(status),
        }
    }

    /// Display name.
    pub fn label(self) -> &'static str {
        match self {
            StatusFilter::Open => "To address + planned",
            StatusFilter::All => "All statuses",
            StatusFilter::Completed => "Completed",
            StatusFilter::Only(status) => status.label(),
        }
    }

    fn parse(text: &str) -> StatusFilter {
        StatusFilter::choices()
            .into_iter()
            .find(|f| f.slug() == text)
            .unwrap_or_default()
    }

    fn matches(self, item: &ActionItem) -> bool {
        match self {
            StatusFilter::Open => item.in_default_queue(),
            StatusFilter::All => true,
            StatusFilter::Completed => item.completed(),
            StatusFilter::Only(status) => item.status == status && !item.completed(),
        }
    }
}

/// The machine-readable word of completed actions.
const COMPLETED: &str = "completed";

/// An action's status as the row's `data-status` says it: `completed` for a
/// completed one, else its status's word.
pub fn item_slug(item: &ActionItem) -> &'static str {
    if item.completed() {
        COMPLETED
    } else {
        status_slug(item.status)
    }
}

/// A status as a short machine-readable word (hash, select values, tests).
pub fn status_slug(status: Status) -> &'static str {
    match status {
        Status::ToAddress => "to-address",
        Status::Planned => "planned",
        Status::RiskAccepted => "risk-accepted",
        Status::ThirdParty => "third-party",
        Status::AlternateMitigation => "alternate-mitigation",
    }
}

/// The status of a slug.
pub fn parse_status(text: &str) -> Option<Status> {
    Status::ALL.into_iter().find(|s| status_slug(*s) == text)
}

/// A sort order as a short word.
pub fn order_slug(order: QueueOrder) -> &'static str {
    match order {
        QueueOrder::PointsToGain => "gain",
        QueueOrder::PointsPerEffort => "effort",
        QueueOrder::PointsPossible => "possible",
        QueueOrder::UserImpact => "impact",
        QueueOrder::ImplementationCost => "cost",
        QueueOrder::Rank => "rank",
        QueueOrder::Title => "title",
    }
}

/// Every level, in the order of the impact select.
pub const LEVELS: [Level; 4] = [Level::Low, Level::Moderate, Level::High, Level::Unknown];

/// Hash keys of the view.
pub const SORT: &str = "sort";
pub const CATEGORY: &str = "category";
pub const SERVICE: &str = "service";
pub const STATUS: &str = "status";
pub const IMPACT: &str = "impact";
pub const SEARCH: &str = "q";
pub const PLAN_ONLY: &str = "plan";
/// Every filter key (not the sort), to clear them at once.
pub const FILTER_KEYS: [&str; 6] = [CATEGORY, SERVICE, STATUS, IMPACT, SEARCH, PLAN_ONLY];

/// The queue view as the hash describes it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Filters {
    pub sort: QueueOrder,
    pub category: Option<Category>,
    /// A service by its display name.
    pub service: Option<String>,
    pub status: StatusFilter,
    pub impact: Option<Level>,
    pub search: String,
    /// Only the actions of the target plan.
    pub plan_only: bool,
}

impl Filters {
    /// Reads the view from a route; unknown values fall back to defaults.
    pub fn from_route(route: &Route) -> Filters {
        Filters {
            sort: route
                .param(SORT)
                .and_then(|s| QueueOrder::ALL.into_iter().find(|o| order_slug(*o) == s))
                .unwrap_or_default(),
            category: route.param(CATEGORY).and_then(Category::parse),
            service: route
                .param(SERVICE)
                .filter(|s| !s.is_empty())
                .map(str::to_string),
            status: route
                .param(STATUS)
                .map(StatusFilter::parse)
                .unwrap_or_default(),
            impact: route.param(IMPACT).and_then(|text| {
                LEVELS
                    .into_iter()
                    .find(|l| l.label().eq_ignore_ascii_case(text))
            }),
            search: route.param(SEARCH).unwrap_or_default().to_string(),
            plan_only: route.param(PLAN_ONLY) == Some("1"),
        }
    }

    /// True when any filter (not the sort) narrows the queue.
    pub fn narrows(&self) -> bool {
        self.category.is_some()
            || self.service.is_some()
            || self.status != StatusFilter::Open
            || self.impact.is_some()
            || !self.search.trim().is_empty()
            || self.plan_only
    }

    /// True when `item` passes every filter. `keep_status` lets an action
    /// through whatever its status (an expanded action does not vanish
    /// when its status changes); `in_plan` says whether it is in the plan.
    pub fn matches(&self, item: &ActionItem, keep_status: bool, in_plan: bool) -> bool {
        self.category.is_none_or(|c| item.info.category == c)
            && self
                .service
                .as_deref()
                .is_none_or(|s| item.info.service.label() == s)
            && (keep_status || self.status.matches(item))
            && self.impact.is_none_or(|l| item.info.user_impact == l)
            && (!self.plan_only || in_plan)
            && matches_search(item, &self.search)
    }
}

/// Every word of `query` appears (case-insensitively) in the action's title,
/// id, category, service or threats.
fn matches_search(item: &ActionItem, query: &str) -> bool {
    if query.trim().is_empty() {
        return true;
    }
    let haystack = format!(
        "{} {} {} {} {}",
        item.info.title,
        item.id,
        item.info.category.label(),
        item.info.service.label(),
        item.info.threats.join(" "),
    )
    .to_ascii_lowercase();
    query
        .to_ascii_lowercase()
        .split_whitespace()
        .all(|word| haystack.contains(word))
}
