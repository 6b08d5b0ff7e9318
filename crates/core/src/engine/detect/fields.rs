//! The name of every Microsoft Graph field the Secure Score readers use,
//! declared once and spelled as Graph v1.0 sends it: the fast path
//! (`graph::direct`) matches these spellings exactly, the lenient reader
//! ([`Node::get`](crate::engine::json::Node::get)) in any case, so
//! PowerShell's `PascalCase` needs no spelling of its own. Here rather than
//! in `graph` because detection needs them too, and `graph` builds on
//! `detect`. `tests/code_rules.rs` reads this file: no other reader code
//! spells these names.

// The page an endpoint sends: `{"@odata.context": ..., "value": [...]}`.

/// A page's entities.
pub const VALUE: &str = "value";
/// The link to the next page, on every page but the last.
pub const ODATA_NEXT_LINK: &str = "@odata.nextLink";
/// Which entity set the page is of (names `secureScoreControlProfiles` for
/// those).
pub const ODATA_CONTEXT: &str = "@odata.context";

// secureScore.

/// Of a secureScore and of a secureScoreControlProfile (the control's id).
pub const ID: &str = "id";
pub const AZURE_TENANT_ID: &str = "azureTenantId";
/// When Microsoft computed the score.
pub const CREATED_DATE_TIME: &str = "createdDateTime";
pub const CURRENT_SCORE: &str = "currentScore";
/// Of a secureScore (the tenant's points possible) and of a
/// secureScoreControlProfile (the control's).
pub const MAX_SCORE: &str = "maxScore";
/// The licenses the score counts ("HasEXOP2", ...).
pub const ENABLED_SERVICES: &str = "enabledServices";
pub const LICENSED_USER_COUNT: &str = "licensedUserCount";
pub const ACTIVE_USER_COUNT: &str = "activeUserCount";
/// The averages of other organizations (averageComparativeScore).
pub const AVERAGE_COMPARATIVE_SCORES: &str = "averageComparativeScores";
/// The score of every control that day (controlScore).
pub const CONTROL_SCORES: &str = "controlScores";

// controlScore, an entry of `controlScores`.

/// The id of the secureScoreControlProfile the score is of.
pub const CONTROL_NAME: &str = "controlName";
/// Of a controlScore and of a secureScoreControlProfile ("Identity", ...).
pub const CONTROL_CATEGORY: &str = "controlCategory";
/// Of a controlScore and of a secureScoreControlProfile; may hold HTML.
pub const DESCRIPTION: &str = "description";
/// Points earned.
pub const SCORE: &str = "score";
pub const SCORE_IN_PERCENTAGE: &str = "scoreInPercentage";
/// How far the control is done, as text ("10 of 50 users"); may hold HTML.
pub const IMPLEMENTATION_STATUS: &str = "implementationStatus";
// The progress: items done (`count`) out of `total`.
pub const COUNT: &str = "count";
pub const TOTAL: &str = "total";
/// Whether the control is on, for controls that are a switch.
pub const ON: &str = "on";

// averageComparativeScore, an entry of `averageComparativeScores`.

/// What the average compares with: `AllTenants`, `TotalSeats`,
/// `IndustryTypes`, ...
pub const BASIS: &str = "basis";
pub const AVERAGE_SCORE: &str = "averageScore";
// Each category's average points and points possible.
pub const IDENTITY_SCORE: &str = "identityScore";
pub const IDENTITY_SCORE_MAX: &str = "identityScoreMax";
pub const DATA_SCORE: &str = "dataScore";
pub const DATA_SCORE_MAX: &str = "dataScoreMax";
pub const DEVICE_SCORE: &str = "deviceScore";
pub const DEVICE_SCORE_MAX: &str = "deviceScoreMax";
pub const APPS_SCORE: &str = "appsScore";
pub const APPS_SCORE_MAX: &str = "appsScoreMax";
pub const INFRASTRUCTURE_SCORE: &str = "infrastructureScore";
pub const INFRASTRUCTURE_SCORE_MAX: &str = "infrastructureScoreMax";
// The seat range of a `TotalSeats` average (Graph spells these two with a
// capital S).
pub const SEAT_SIZE_RANGE_LOWER_VALUE: &str = "SeatSizeRangeLowerValue";
pub const SEAT_SIZE_RANGE_UPPER_VALUE: &str = "SeatSizeRangeUpperValue";
/// The industry of an `IndustryTypes` average.
pub const CATEGORY_VALUE: &str = "categoryValue";

// secureScoreControlProfile (also `id`, `maxScore`, `controlCategory`,
// `description` above).

pub const TITLE: &str = "title";
/// The service the control is of ("EXO", "AzureAD", "MDA_SF", ...).
pub const SERVICE: &str = "service";
pub const TIER: &str = "tier";
/// "Config", "Review", "Behavior", ...
pub const ACTION_TYPE: &str = "actionType";
pub const ACTION_URL: &str = "actionUrl";
pub const USER_IMPACT: &str = "userImpact";
pub const IMPLEMENTATION_COST: &str = "implementationCost";
/// What to do, in HTML.
pub const REMEDIATION: &str = "remediation";
/// What doing it changes for users, in HTML.
pub const REMEDIATION_IMPACT: &str = "remediationImpact";
pub const RANK: &str = "rank";
pub const THREATS: &str = "threats";
pub const DEPRECATED: &str = "deprecated";
/// The states admins set on the control, each a controlStateUpdate.
pub const CONTROL_STATE_UPDATES: &str = "controlStateUpdates";

// controlStateUpdate, an entry of `controlStateUpdates`.

/// "Default", "Ignored", "ThirdParty", "Reviewed".
pub const STATE: &str = "state";
pub const COMMENT: &str = "comment";
pub const UPDATED_BY: &str = "updatedBy";
pub const ASSIGNED_TO: &str = "assignedTo";
pub const UPDATED_DATE_TIME: &str = "updatedDateTime";

// What a secureScoreControlProfile update (PATCH) sends beside `state` and
// `comment`: Graph asks for the vendor of the profile.

pub const VENDOR_INFORMATION: &str = "vendorInformation";
pub const PROVIDER: &str = "provider";
pub const PROVIDER_VERSION: &str = "providerVersion";
pub const SUB_PROVIDER: &str = "subProvider";
pub const VENDOR: &str = "vendor";

// organization (`/organization`), which names the tenant.

pub const DISPLAY_NAME: &str = "displayName";
