//! Core types shared by every part of the engine: what a control is, what it
//! scored on one day, and a tenant's daily history.
//!
//! Points are `f64` and are never rounded here: rounding happens only for
//! display (see [`round2`]).

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// The five Secure Score categories.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Category {
    Identity,
    Data,
    Device,
    Apps,
    Infrastructure,
}

impl Category {
    /// Every category, in display order.
    pub const ALL: [Category; 5] = [
        Category::Identity,
        Category::Data,
        Category::Device,
        Category::Apps,
        Category::Infrastructure,
    ];

    /// Display name.
    pub fn label(self) -> &'static str {
        match self {
            Category::Identity => "Identity",
            Category::Data => "Data",
            Category::Device => "Device",
            Category::Apps => "Apps",
            Category::Infrastructure => "Infrastructure",
        }
    }

    /// Case-insensitive parse of a category name.
    pub fn parse(text: &str) -> Option<Category> {
        Category::ALL
            .into_iter()
            .find(|c| c.label().eq_ignore_ascii_case(text.trim()))
    }
}

/// A Microsoft 365 service a control belongs to, normalized from the many
/// spellings Graph and PowerShell use.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Service {
    ExchangeOnline,
    SharePointOnline,
    OneDrive,
    EntraId,
    Teams,
    DefenderForOffice365,
    Intune,
    DefenderForCloudApps,
    DefenderForEndpoint,
    DefenderForIdentity,
    Purview,
    /// A service this build does not know by name, kept as written.
    Other(String),
}

impl Service {
    /// The services the baseline catalog covers, in display order.
    pub const KNOWN: [Service; 11] = [
        Service::EntraId,
        Service::ExchangeOnline,
        Service::SharePointOnline,
        Service::OneDrive,
        Service::Teams,
        Service::DefenderForOffice365,
        Service::Intune,
        Service::DefenderForCloudApps,
        Service::DefenderForEndpoint,
        Service::DefenderForIdentity,
        Service::Purview,
    ];

    /// Display name.
    pub fn label(&self) -> &str {
        match self {
            Service::ExchangeOnline => "Exchange Online",
            Service::SharePointOnline => "SharePoint Online",
            Service::OneDrive => "OneDrive",
            Service::EntraId => "Entra ID",
            Service::Teams => "Teams",
            Service::DefenderForOffice365 => "Defender for Office 365",
            Service::Intune => "Intune",
            Service::DefenderForCloudApps => "Defender for Cloud Apps",
            Service::DefenderForEndpoint => "Defender for Endpoint",
            Service::DefenderForIdentity => "Defender for Identity",
            Service::Purview => "Purview",
            Service::Other(name) => name,
        }
    }

    /// Parses a service name as the catalog, Graph profiles (`service`:
    /// "EXO", "AzureAD", "MDO", ...) or our snapshots write it.
    /// Unknown names become [`Service::Other`]; never fails.
    pub fn parse(text: &str) -> Service {
        let key: String = text
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        match key.as_str() {
            "exchangeonline" | "exchange" | "exo" => Service::ExchangeOnline,
            "sharepointonline" | "sharepoint" | "spo" => Service::SharePointOnline,
            "onedrive" | "onedriveforbusiness" | "odb" => Service::OneDrive,
            "entraid" | "entra" | "azuread" | "aad" | "azureactivedirectory" => Service::EntraId,
            "teams" | "msteams" | "microsoftteams" => Service::Teams,
            "defenderforoffice365" | "mdo" | "office365atp" | "atp" => {
                Service::DefenderForOffice365
            }
            "intune" | "microsoftintune" => Service::Intune,
            "defenderforcloudapps" | "mcas" | "mda" | "cloudappsecurity" => {
                Service::DefenderForCloudApps
            }
            "defenderforendpoint" | "mde" | "mdatp" => Service::DefenderForEndpoint,
            "defenderforidentity" | "mdi" | "azureatp" => Service::DefenderForIdentity,
            "purview" | "mip" | "informationprotection" => Service::Purview,
            _ => Service::Other(text.trim().to_string()),
        }
    }
}

/// User impact or implementation cost of a control.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Level {
    Low,
    Moderate,
    High,
    Unknown,
}

impl Level {
    /// Display name.
    pub fn label(self) -> &'static str {
        match self {
            Level::Low => "Low",
            Level::Moderate => "Moderate",
            Level::High => "High",
            Level::Unknown => "Unknown",
        }
    }

    /// Case-insensitive parse; "Medium" means Moderate; anything else is Unknown.
    pub fn parse(text: &str) -> Level {
        match text.trim().to_ascii_lowercase().as_str() {
            "low" => Level::Low,
            "moderate" | "medium" => Level::Moderate,
            "high" => Level::High,
            _ => Level::Unknown,
        }
    }

    /// Effort weight used to rank actions by points per unit of effort
    /// (Unknown weighs as Moderate).
    pub fn weight(self) -> f64 {
        match self {
            Level::Low => 1.0,
            Level::Moderate | Level::Unknown => 2.0,
            Level::High => 3.0,
        }
    }
}

/// Everything the UI shows about a control, whatever the day.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ControlInfo {
    pub id: String,
    pub title: String,
    pub category: Category,
    pub service: Service,
    /// Points possible (0 for a [Not Scored] control).
    pub max_points: f64,
    /// What the control does. May hold HTML from Graph: untrusted.
    pub description: String,
    /// Threats it helps protect against, as display text.
    pub threats: Vec<String>,
    /// How to get it done. May hold HTML from Graph: untrusted.
    pub remediation: String,
    /// What users notice when it is done. May hold HTML: untrusted.
    pub remediation_impact: String,
    /// Admin-center page, when known.
    pub action_url: Option<String>,
    pub user_impact: Level,
    pub implementation_cost: Level,
    /// "Core", "Defense in depth", "Advanced", ... as written by the source.
    pub tier: String,
    /// Lower ranks come first among equals.
    pub rank: u32,
    /// False for [Not Scored] actions: listed, counted in neither sum.
    pub scored: bool,
    pub deprecated: bool,
    /// Microsoft's states of this action (Graph `controlStateUpdates`),
    /// oldest first.
    #[serde(default)]
    pub state_updates: Vec<StateUpdate>,
}

impl ControlInfo {
    /// Details for a control known only by its id: titled by it, no
    /// points, no texts, unknown impact and cost, ranked last, scored.
    pub fn untitled(id: &str, category: Category, service: Service) -> ControlInfo {
        ControlInfo {
            id: id.to_string(),
            title: id.to_string(),
            category,
            service,
            max_points: 0.0,
            description: String::new(),
            threats: Vec::new(),
            remediation: String::new(),
            remediation_impact: String::new(),
            action_url: None,
            user_impact: Level::Unknown,
            implementation_cost: Level::Unknown,
            tier: String::new(),
            rank: u32::MAX,
            scored: true,
            deprecated: false,
            state_updates: Vec::new(),
        }
    }
}

/// One entry of a control's `controlStateUpdates`, read
/// ([`StateUpdate::read`], in `engine::state`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StateUpdate {
    /// What the state and its comment mean here.
    pub status: Status,
    /// Graph's `state` as written ("Default", "Ignored", ...).
    pub state: String,
    /// The comment without the status and expiry this app writes in it.
    pub reason: String,
    /// Last day the state applies, when its comment says so.
    pub expires: Option<NaiveDate>,
    /// `updatedBy`: a person's address, redacted in shared reports.
    pub updated_by: String,
    pub assigned_to: String,
    /// `updatedDateTime`; an undated state applies to every day.
    pub updated: Option<DateTime<Utc>>,
}

impl StateUpdate {
    /// The status on `day`: this one until its expiry, To address after.
    pub fn status_on(&self, day: NaiveDate) -> Status {
        if self.expires.is_some_and(|last| day > last) {
            Status::ToAddress
        } else {
            self.status
        }
    }

    /// The day from which it applies (`None`: every day).
    pub fn since(&self) -> Option<NaiveDate> {
        self.updated.map(|at| at.date_naive())
    }
}

/// How far a control is from done, as the data says.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ControlState {
    Completed,
    Partial,
    NotCompleted,
    NotScored,
}

impl ControlState {
    /// Every state, from done to not scored.
    pub const ALL: [ControlState; 4] = [
        ControlState::Completed,
        ControlState::Partial,
        ControlState::NotCompleted,
        ControlState::NotScored,
    ];

    /// Display name.
    pub fn label(self) -> &'static str {
        match self {
            ControlState::Completed => "Completed",
            ControlState::Partial => "Partial",
            ControlState::NotCompleted => "Not completed",
            ControlState::NotScored => "Not scored",
        }
    }
}

/// A status an admin sets on an action. Completed is never set by hand: it
/// is [`ControlState::Completed`], derived from the data.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Status {
    #[default]
    ToAddress,
    Planned,
    RiskAccepted,
    ThirdParty,
    AlternateMitigation,
}

impl Status {
    /// Every status, in the order of the status select.
    pub const ALL: [Status; 5] = [
        Status::ToAddress,
        Status::Planned,
        Status::RiskAccepted,
        Status::ThirdParty,
        Status::AlternateMitigation,
    ];

    /// Display name.
    pub fn label(self) -> &'static str {
        match self {
            Status::ToAddress => "To address",
            Status::Planned => "Planned",
            Status::RiskAccepted => "Risk accepted",
            Status::ThirdParty => "Resolved through third party",
            Status::AlternateMitigation => "Resolved through alternate mitigation",
        }
    }

    /// True for the statuses that earn the control's full points.
    pub fn earns_full_points(self) -> bool {
        matches!(self, Status::ThirdParty | Status::AlternateMitigation)
    }
}

/// Partial progress, e.g. 37 of 50 users registered for MFA.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Progress {
    pub done: f64,
    pub total: f64,
}

/// One control on one day.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ControlScore {
    pub id: String,
    pub category: Category,
    pub service: Service,
    /// Points earned as the data says (before any admin status).
    pub earned: f64,
    /// Points possible that day (0 for [Not Scored]).
    pub possible: f64,
    pub state: ControlState,
    pub progress: Option<Progress>,
    /// The status the data itself carries (Graph `controlStateUpdates`),
    /// kept beside any status an admin sets in this app.
    pub data_status: Status,
    /// The source's own words on the state, e.g. Graph `implementationStatus`.
    /// May hold HTML: untrusted.
    pub note: String,
}

/// A control that did not apply on a day, and why.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Exclusion {
    pub id: String,
    pub reason: String,
}

/// Totals a source reported itself (Graph `currentScore` / `maxScore`).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Reported {
    pub score: f64,
    pub max: f64,
}

/// Earned and possible points of one category.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Points {
    pub earned: f64,
    pub possible: f64,
}

impl Points {
    /// Percentage earned, 0 when nothing is possible.
    pub fn percent(self) -> f64 {
        percent(self.earned, self.possible)
    }
}

/// Average score of comparable organizations (Graph `averageComparativeScores`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Comparison {
    /// Graph's `basis`: "AllTenants", "TotalSeats", "IndustryTypes", ...
    pub basis: String,
    /// A readable label, e.g. "Organizations of 1-100 seats".
    pub label: String,
    pub average_score: f64,
    /// Per-category averages where given: (category, score, max).
    pub categories: Vec<(Category, f64, f64)>,
}

/// The score of one day: every control that applied, those that did not, and
/// what the source reported.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DayScore {
    pub date: NaiveDate,
    /// When the source computed or captured this state.
    pub computed_at: Option<DateTime<Utc>>,
    /// Services the tenant had that day (purchased or detected).
    pub services: Vec<Service>,
    /// Applicable and [Not Scored] controls, sorted by id.
    pub controls: Vec<ControlScore>,
    pub excluded: Vec<Exclusion>,
    pub reported: Option<Reported>,
    pub comparisons: Vec<Comparison>,
    pub licensed_users: Option<u64>,
    pub active_users: Option<u64>,
}

impl DayScore {
    /// Points earned recomputed from the controls (data statuses only).
    pub fn earned(&self) -> f64 {
        self.controls.iter().map(|c| c.earned).sum()
    }

    /// Points possible recomputed from the controls.
    pub fn possible(&self) -> f64 {
        self.controls.iter().map(|c| c.possible).sum()
    }

    /// The score the pages show: the reported one where the source gives
    /// it, else the recomputed one.
    pub fn shown(&self) -> Points {
        match self.reported {
            Some(r) => Points {
                earned: r.score,
                possible: r.max,
            },
            None => Points {
                earned: self.earned(),
                possible: self.possible(),
            },
        }
    }

    /// Recomputed points per category, in [`Category::ALL`] order, only the
    /// categories that have controls.
    pub fn by_category(&self) -> Vec<(Category, Points)> {
        Category::ALL
            .into_iter()
            .filter_map(|cat| {
                let mut points = Points::default();
                let mut any = false;
                for c in self.controls.iter().filter(|c| c.category == cat) {
                    any = true;
                    points.earned += c.earned;
                    points.possible += c.possible;
                }
                any.then_some((cat, points))
            })
            .collect()
    }

    /// The control with this id, if it applied that day.
    pub fn control(&self, id: &str) -> Option<&ControlScore> {
        self.controls
            .binary_search_by(|c| c.id.as_str().cmp(id))
            .ok()
            .map(|i| &self.controls[i])
    }
}

/// Which tenant the data is about.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct TenantInfo {
    pub id: String,
    pub name: String,
}

/// Where a history came from, which decides how it is checked.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Origin {
    /// Our tenant snapshots evaluated against the baseline catalog.
    Snapshots,
    /// Microsoft Graph `secureScores` (+ control profiles).
    Graph,
}

/// A tenant's daily scores, oldest first, with the details of every control
/// that appears on any day.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TenantHistory {
    pub tenant: TenantInfo,
    pub origin: Origin,
    /// One entry per day, strictly increasing dates.
    pub days: Vec<DayScore>,
    /// Details of every control, sorted by id.
    pub controls: Vec<ControlInfo>,
    /// Non-fatal findings while importing (e.g. reported and recomputed
    /// totals disagree), for the UI to show.
    pub warnings: Vec<String>,
}

impl TenantHistory {
    /// The newest day, if any.
    pub fn latest(&self) -> Option<&DayScore> {
        self.days.last()
    }

    /// The day with this date, if any.
    pub fn day(&self, date: NaiveDate) -> Option<&DayScore> {
        self.days
            .binary_search_by(|d| d.date.cmp(&date))
            .ok()
            .map(|i| &self.days[i])
    }

    /// Details of the control with this id.
    pub fn info(&self, id: &str) -> Option<&ControlInfo> {
        self.controls
            .binary_search_by(|c| c.id.as_str().cmp(id))
            .ok()
            .map(|i| &self.controls[i])
    }
}

/// `earned / possible` as a percentage, 0 when nothing is possible.
pub fn percent(earned: f64, possible: f64) -> f64 {
    if possible > 0.0 {
        earned / possible * 100.0
    } else {
        0.0
    }
}

/// Rounds to two decimals for display (half away from zero). The engine
/// itself never rounds.
pub fn round2(value: f64) -> f64 {
    (value * 100.0).round() / 100.0
}

/// Points closer than this are equal: sums of floats differ by such noise.
pub const SAME_POINTS: f64 = 1e-9;

/// A recomputed total further than this from the one Graph reports (to the
/// hundredth), or a control's points further above its maximum, disagree.
pub const REPORTED_TOLERANCE: f64 = 0.01;

/// Whether `a` and `b` show differently at two decimals, as pages show
/// points.
pub fn shown_differently(a: f64, b: f64) -> bool {
    round2(a) != round2(b)
}
