//! The Graph v1.0 reads of an assessment: where, with which least-privileged
//! delegated permission (from each API's page in Microsoft's Graph
//! reference), and which catalog keys each feeds.

use std::collections::BTreeMap;

use serde_json::Value;

use super::{entra, sharepoint, Findings, Refusal};

/// One read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Read {
    ConditionalAccess,
    SecurityDefaults,
    AuthorizationPolicy,
    AdminConsentPolicy,
    Registration,
    GlobalAdmins,
    Domains,
    SharePoint,
}

impl Read {
    /// Every read, in the order the collector makes them.
    pub const ALL: [Read; 8] = [
        Read::ConditionalAccess,
        Read::SecurityDefaults,
        Read::AuthorizationPolicy,
        Read::AdminConsentPolicy,
        Read::Registration,
        Read::GlobalAdmins,
        Read::Domains,
        Read::SharePoint,
    ];

    /// The path under `{graph}/v1.0`.
    pub fn path(self) -> &'static str {
        match self {
            Read::ConditionalAccess => "/identity/conditionalAccess/policies",
            Read::SecurityDefaults => "/policies/identitySecurityDefaultsEnforcementPolicy",
            Read::AuthorizationPolicy => "/policies/authorizationPolicy",
            Read::AdminConsentPolicy => "/policies/adminConsentRequestPolicy",
            Read::Registration => "/reports/authenticationMethods/userRegistrationDetails",
            Read::GlobalAdmins => {
                "/directoryRoles(roleTemplateId='62e90394-69f5-4237-9190-012177145e10')/members"
            }
            Read::Domains => "/domains",
            Read::SharePoint => "/admin/sharepoint/settings",
        }
    }

    /// True for a list (`value` and `@odata.nextLink` pages).
    pub fn is_list(self) -> bool {
        matches!(
            self,
            Read::ConditionalAccess | Read::Registration | Read::GlobalAdmins | Read::Domains
        )
    }

    /// The least-privileged delegated permission the read needs.
    pub fn scope(self) -> &'static str {
        match self {
            Read::ConditionalAccess
            | Read::SecurityDefaults
            | Read::AuthorizationPolicy
            | Read::AdminConsentPolicy => "Policy.Read.All",
            Read::Registration => "AuditLog.Read.All",
            Read::GlobalAdmins => "RoleManagement.Read.Directory",
            Read::Domains => "Domain.Read.All",
            Read::SharePoint => "SharePointTenantSettings.Read.All",
        }
    }

    /// What the read is for, as the consent explanation says it.
    pub fn purpose(self) -> &'static str {
        match self {
            Read::ConditionalAccess => "Conditional Access policies (MFA, legacy authentication, risk policies, admin sessions)",
            Read::SecurityDefaults => "whether security defaults are on",
            Read::AuthorizationPolicy => "who may consent to apps, register apps and invite guests",
            Read::AdminConsentPolicy => "whether the admin consent workflow is on",
            Read::Registration => "who registered for MFA and self-service password reset (needs Microsoft Entra ID P1)",
            Read::GlobalAdmins => "the Global Administrators",
            Read::Domains => "the domains' password expiry",
            Read::SharePoint => "SharePoint and OneDrive sharing, idle session sign-out and legacy authentication",
        }
    }

    /// The roles (any one) an account needs besides the permission.
    pub fn roles(self) -> &'static str {
        match self {
            Read::SharePoint => "Global Reader or SharePoint Administrator",
            Read::Registration => {
                "Reports Reader, Security Reader, Global Reader or Security Administrator"
            }
            _ => "Global Reader, Security Reader or Security Administrator",
        }
    }

    /// The catalog keys it feeds.
    pub fn keys(self) -> &'static [&'static str] {
        match self {
            Read::ConditionalAccess => &[
                entra::MFA_ALL_USERS,
                entra::MFA_ADMINS,
                "entra.blockLegacyAuthentication",
                "entra.signInRiskPolicy",
                "entra.userRiskPolicy",
                "entra.adminPhishingResistantMfa",
                "entra.adminSignInFrequencyHours",
            ],
            Read::SecurityDefaults => &[
                "entra.blockLegacyAuthentication",
                entra::MFA_ALL_USERS,
                entra::MFA_ADMINS,
            ],
            Read::AuthorizationPolicy => &[
                "entra.usersCanConsentToApps",
                "entra.usersCanRegisterApps",
                "entra.guestInvitesAdminsOnly",
            ],
            Read::AdminConsentPolicy => &["entra.adminConsentWorkflow"],
            Read::Registration => &[
                "users",
                "mfaRegisteredUsers",
                "admins",
                "adminsMfaRegistered",
                "ssprEnabledUsers",
            ],
            Read::GlobalAdmins => &["entra.globalAdmins"],
            Read::Domains => &["entra.passwordsNeverExpire"],
            Read::SharePoint => &[
                "spo.idleSessionSignOut",
                "spo.legacyAuthProtocols",
                "spo.sharingCapability",
            ],
        }
    }

    /// Keys whose evidence also speaks for a control, beside its inputs:
    /// MFA registration is what Microsoft measures, enforcement is what
    /// protects.
    pub fn related(control: &str) -> &'static [&'static str] {
        match control {
            "AdminMFAV2" => &[entra::MFA_ADMINS],
            "MFARegistrationV2" => &[entra::MFA_ALL_USERS],
            _ => &[],
        }
    }

    /// "needs Policy.Read.All …" for a refused read.
    pub(super) fn needs(self, refusal: &Refusal) -> String {
        match refusal.status {
            401 | 403 => format!(
                "not assessed: needs the {} permission and one of these roles: {} (Graph answered {})",
                self.scope(),
                self.roles(),
                refusal.status
            ),
            0 => format!("not assessed: {}", refusal.message),
            status => format!(
                "not assessed: Graph answered HTTP {status}{}",
                if refusal.message.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", refusal.message)
                }
            ),
        }
    }

    /// Reads its answer into `found`.
    pub(super) fn evaluate(
        self,
        value: &Value,
        all: &BTreeMap<Read, &Value>,
        found: &mut Findings,
    ) {
        match self {
            Read::ConditionalAccess => {
                entra::conditional_access(value, all.get(&Read::SecurityDefaults).copied(), found)
            }
            Read::SecurityDefaults => entra::security_defaults(value, found),
            Read::AuthorizationPolicy => entra::authorization(value, found),
            Read::AdminConsentPolicy => entra::admin_consent(value, found),
            Read::Registration => entra::registration(value, found),
            Read::GlobalAdmins => entra::global_admins(value, found),
            Read::Domains => entra::domains(value, found),
            Read::SharePoint => sharepoint::settings(value, found),
        }
    }
}
