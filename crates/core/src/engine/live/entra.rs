//! Microsoft Entra ID settings from Graph's answers: Conditional Access and
//! security defaults, authorization and consent policies, authentication
//! methods registration, Global Administrators, domains.

use serde_json::Value;

use super::{Evidence, Findings};
use crate::engine::snapshot::SettingValue;
use crate::text::plural;

/// The built-in authentication strength "Phishing-resistant MFA".
const PHISHING_RESISTANT: &str = "00000000-0000-0000-0000-000000000004";
/// A password that never expires, as `passwordValidityPeriodInDays` says it.
const NEVER_EXPIRES: i64 = 2_147_483_647;
/// Whether Conditional Access (or security defaults) requires MFA of every
/// user, and of admins: evidence beside the registration counts that
/// Microsoft's MFA controls measure (not read by the catalog).
pub const MFA_ALL_USERS: &str = "entra.mfaRequiredForAllUsers";
pub const MFA_ADMINS: &str = "entra.mfaRequiredForAdmins";
/// How many names an evidence lists before "and N more".
const NAMES_LISTED: usize = 20;

fn text<'v>(value: &'v Value, pointer: &str) -> &'v str {
    value.pointer(pointer).and_then(Value::as_str).unwrap_or("")
}

fn list<'v>(value: &'v Value, pointer: &str) -> Vec<&'v str> {
    value
        .pointer(pointer)
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default()
}

fn flag(value: &Value, pointer: &str) -> Option<bool> {
    value.pointer(pointer).and_then(Value::as_bool)
}

fn items(value: &Value) -> &[Value] {
    value.as_array().map(Vec::as_slice).unwrap_or(&[])
}

fn has(values: &[&str], wanted: &str) -> bool {
    values.iter().any(|v| v.eq_ignore_ascii_case(wanted))
}

/// A Conditional Access policy, as far as the checks need it.
struct Policy<'v>(&'v Value);

impl Policy<'_> {
    fn name(&self) -> String {
        let name = text(self.0, "/displayName");
        if name.is_empty() {
            text(self.0, "/id").to_string()
        } else {
            name.to_string()
        }
    }

    fn enabled(&self) -> bool {
        text(self.0, "/state").eq_ignore_ascii_case("enabled")
    }

    fn report_only(&self) -> bool {
        text(self.0, "/state").eq_ignore_ascii_case("enabledForReportingButNotEnforced")
    }

    fn all_users(&self) -> bool {
        has(&list(self.0, "/conditions/users/includeUsers"), "All")
    }

    fn admin_roles(&self) -> bool {
        !list(self.0, "/conditions/users/includeRoles").is_empty()
    }

    fn grants(&self, control: &str) -> bool {
        has(&list(self.0, "/grantControls/builtInControls"), control)
    }

    /// "“name” (excludes 2 users and 1 group)".
    fn described(&self) -> String {
        let users = list(self.0, "/conditions/users/excludeUsers").len();
        let groups = list(self.0, "/conditions/users/excludeGroups").len();
        let roles = list(self.0, "/conditions/users/excludeRoles").len();
        let mut excluded = Vec::new();
        for (count, what) in [(users, "user"), (groups, "group"), (roles, "role")] {
            if count > 0 {
                excluded.push(plural(count, what));
            }
        }
        if excluded.is_empty() {
            format!("“{}”", self.name())
        } else {
            format!("“{}” (excludes {})", self.name(), excluded.join(" and "))
        }
    }
}

/// The policies that pass `check`: enforced ones, and report-only ones
/// (which enforce nothing and are named as such).
fn matching<'v>(
    policies: &'v [Value],
    check: impl Fn(&Policy) -> bool,
) -> (Vec<Policy<'v>>, Vec<Policy<'v>>) {
    let passing: Vec<Policy> = policies.iter().map(Policy).filter(|p| check(p)).collect();
    let (enforced, rest): (Vec<Policy>, Vec<Policy>) =
        passing.into_iter().partition(Policy::enabled);
    (
        enforced,
        rest.into_iter().filter(Policy::report_only).collect(),
    )
}

/// A switch set by whether any enforced policy passes `check`.
fn by_policy(
    found: &mut Findings,
    key: &str,
    policies: &[Value],
    what: &str,
    check: impl Fn(&Policy) -> bool,
) {
    let (enforced, report_only) = matching(policies, check);
    let names = |ps: &[Policy]| ps.iter().map(Policy::described).collect::<Vec<_>>();
    let evidence = if enforced.is_empty() {
        let mut summary = format!("No enabled Conditional Access policy {what}.");
        if !report_only.is_empty() {
            summary.push_str(&format!(
                " Report-only, so not enforced: {}.",
                names(&report_only).join(", ")
            ));
        }
        Evidence {
            summary,
            items: names(&report_only),
            people: false,
        }
    } else {
        Evidence {
            summary: format!(
                "Met by Conditional Access: {} {what}.",
                names(&enforced).join(", ")
            ),
            items: names(&enforced),
            people: false,
        }
    };
    found.setting(key, SettingValue::Bool(!enforced.is_empty()), evidence);
}

/// Conditional Access: legacy authentication, sign-in and user risk,
/// phishing-resistant MFA and sign-in frequency for admins. Legacy
/// authentication is left to security defaults when they are on.
pub(super) fn conditional_access(value: &Value, defaults: Option<&Value>, found: &mut Findings) {
    let policies = items(value);
    let defaults_on = defaults.and_then(|d| flag(d, "/isEnabled")) == Some(true);
    if !defaults_on {
        by_policy(
            found,
            "entra.blockLegacyAuthentication",
            policies,
            "blocks legacy authentication for all users",
            |p| {
                let clients = list(p.0, "/conditions/clientAppTypes");
                p.all_users()
                    && p.grants("block")
                    && has(&clients, "exchangeActiveSync")
                    && has(&clients, "other")
            },
        );
    }
    by_policy(
        found,
        "entra.signInRiskPolicy",
        policies,
        "acts on sign-in risk",
        |p| {
            !list(p.0, "/conditions/signInRiskLevels").is_empty()
                && (p.grants("mfa") || p.grants("block"))
        },
    );
    by_policy(
        found,
        "entra.userRiskPolicy",
        policies,
        "acts on user risk",
        |p| {
            !list(p.0, "/conditions/userRiskLevels").is_empty()
                && (p.grants("passwordChange") || p.grants("mfa") || p.grants("block"))
        },
    );
    by_policy(
        found,
        "entra.adminPhishingResistantMfa",
        policies,
        "requires phishing-resistant MFA for admin roles",
        |p| {
            p.admin_roles()
                && text(p.0, "/grantControls/authenticationStrength/id") == PHISHING_RESISTANT
        },
    );
    sign_in_frequency(policies, found);
    // At every sign-in: a policy that asks only on risk does not count.
    let requires_mfa = |p: &Policy| {
        (p.grants("mfa") || !text(p.0, "/grantControls/authenticationStrength/id").is_empty())
            && list(p.0, "/conditions/signInRiskLevels").is_empty()
            && list(p.0, "/conditions/userRiskLevels").is_empty()
    };
    if !defaults_on {
        by_policy(
            found,
            MFA_ALL_USERS,
            policies,
            "requires MFA for all users",
            |p| p.all_users() && requires_mfa(p),
        );
        by_policy(
            found,
            MFA_ADMINS,
            policies,
            "requires MFA for admin roles",
            |p| (p.admin_roles() || p.all_users()) && requires_mfa(p),
        );
    }
}

/// The shortest sign-in frequency an enforced policy sets for admin roles,
/// in hours; 0 when none does (which no threshold accepts).
fn sign_in_frequency(policies: &[Value], found: &mut Findings) {
    let hours = |p: &Policy| -> Option<f64> {
        let frequency = p.0.pointer("/sessionControls/signInFrequency")?;
        if flag(frequency, "/isEnabled") == Some(false) {
            return None;
        }
        let value = frequency.pointer("/value").and_then(Value::as_f64)?;
        let per = if text(frequency, "/type").eq_ignore_ascii_case("days") {
            24.0
        } else {
            1.0
        };
        Some(value * per)
    };
    let set: Vec<(String, f64)> = policies
        .iter()
        .map(Policy)
        .filter(|p| p.enabled() && p.admin_roles())
        .filter_map(|p| hours(&p).map(|h| (p.described(), h)))
        .collect();
    let shortest = set
        .iter()
        .map(|(_, h)| *h)
        .fold(None, |min: Option<f64>, h| {
            Some(min.map_or(h, |m| m.min(h)))
        });
    let evidence = match shortest {
        Some(h) => Evidence {
            summary: format!(
                "Admins sign in again every {h} hours (the shortest of {}).",
                set.len()
            ),
            items: set
                .iter()
                .map(|(name, h)| format!("{name}: {h} hours"))
                .collect(),
            people: false,
        },
        None => Evidence {
            summary:
                "No enabled Conditional Access policy sets a sign-in frequency for admin roles."
                    .to_string(),
            ..Evidence::default()
        },
    };
    found.setting(
        "entra.adminSignInFrequencyHours",
        SettingValue::Number(shortest.unwrap_or(0.0)),
        evidence,
    );
}

/// Security defaults on: legacy authentication is blocked for everyone.
pub(super) fn security_defaults(value: &Value, found: &mut Findings) {
    if flag(value, "/isEnabled") == Some(true) {
        for key in [MFA_ALL_USERS, MFA_ADMINS] {
            found.setting(
                key,
                SettingValue::Bool(true),
                Evidence {
                    summary: "Security defaults are on: everyone registers for MFA and is asked for it when needed, admins at every sign-in.".to_string(),
                    ..Evidence::default()
                },
            );
        }
        found.setting(
            "entra.blockLegacyAuthentication",
            SettingValue::Bool(true),
            Evidence {
                summary: "Security defaults are on: they block legacy authentication and require MFA registration for everyone.".to_string(),
                ..Evidence::default()
            },
        );
    }
}

/// Who may consent to apps, register apps and invite guests.
pub(super) fn authorization(value: &Value, found: &mut Findings) {
    let grants = list(
        value,
        "/defaultUserRolePermissions/permissionGrantPoliciesAssigned",
    );
    let self_consent: Vec<String> = grants
        .iter()
        .filter(|g| g.starts_with("ManagePermissionGrantsForSelf."))
        .map(|g| g.to_string())
        .collect();
    found.setting(
        "entra.usersCanConsentToApps",
        SettingValue::Bool(!self_consent.is_empty()),
        Evidence {
            summary: if self_consent.is_empty() {
                "Users cannot consent to apps themselves.".to_string()
            } else {
                format!(
                    "Users may consent to apps under {}.",
                    self_consent.join(", ")
                )
            },
            items: self_consent,
            people: false,
        },
    );
    if let Some(create) = flag(value, "/defaultUserRolePermissions/allowedToCreateApps") {
        found.setting(
            "entra.usersCanRegisterApps",
            SettingValue::Bool(create),
            Evidence {
                summary: if create {
                    "Users may register applications."
                } else {
                    "Only admins register applications."
                }
                .to_string(),
                ..Evidence::default()
            },
        );
    }
    let invites = text(value, "/allowInvitesFrom");
    if !invites.is_empty() {
        let restricted = invites.eq_ignore_ascii_case("adminsAndGuestInviters")
            || invites.eq_ignore_ascii_case("none");
        found.setting(
            "entra.guestInvitesAdminsOnly",
            SettingValue::Bool(restricted),
            Evidence {
                summary: format!("Guest invitations: allowInvitesFrom is {invites}."),
                ..Evidence::default()
            },
        );
    }
}

/// The admin consent workflow.
pub(super) fn admin_consent(value: &Value, found: &mut Findings) {
    if let Some(on) = flag(value, "/isEnabled") {
        found.setting(
            "entra.adminConsentWorkflow",
            SettingValue::Bool(on),
            Evidence {
                summary: if on {
                    "Users can ask an admin to consent to an app."
                } else {
                    "The admin consent workflow is off."
                }
                .to_string(),
                ..Evidence::default()
            },
        );
    }
}

/// "a, b, … and 3 more".
fn people(names: &[&str]) -> Vec<String> {
    let mut listed: Vec<String> = names
        .iter()
        .take(NAMES_LISTED)
        .map(|n| n.to_string())
        .collect();
    if names.len() > NAMES_LISTED {
        listed.push(format!("and {} more", names.len() - NAMES_LISTED));
    }
    listed
}

/// Who registered for MFA and self-service password reset.
pub(super) fn registration(value: &Value, found: &mut Findings) {
    let users = items(value);
    fn name<'v>(u: &&'v Value) -> &'v str {
        text(u, "/userPrincipalName")
    }
    let is = |u: &&Value, key: &str| flag(u, key) == Some(true);
    let admins: Vec<&Value> = users.iter().filter(|u| is(u, "/isAdmin")).collect();
    fn missing<'v>(among: &[&'v Value], key: &str) -> Vec<&'v str> {
        among
            .iter()
            .filter(|u| flag(u, key) != Some(true))
            .map(name)
            .collect()
    }
    let all: Vec<&Value> = users.iter().collect();
    fn count(n: usize) -> u64 {
        u64::try_from(n).unwrap_or(u64::MAX)
    }
    /// The entry of those of `among` with `key` set, naming who lacks it.
    fn registered<'v>(
        entry: &'static str,
        among: &[&'v Value],
        key: &str,
        lacking: &str,
    ) -> (&'static str, u64, String, Vec<&'v str>) {
        let names = missing(among, key);
        (
            entry,
            count(among.len() - names.len()),
            format!("{} {lacking}", names.len()),
            names,
        )
    }
    let entries = [
        (
            "users",
            count(all.len()),
            format!("{} users in the registration report.", all.len()),
            Vec::new(),
        ),
        (
            "admins",
            count(admins.len()),
            format!("{} of them hold an admin role.", admins.len()),
            Vec::new(),
        ),
        registered(
            "mfaRegisteredUsers",
            &all,
            "/isMfaRegistered",
            "users have not registered for MFA.",
        ),
        registered(
            "adminsMfaRegistered",
            &admins,
            "/isMfaRegistered",
            "admins have not registered for MFA.",
        ),
        registered(
            "ssprEnabledUsers",
            &all,
            "/isSsprEnabled",
            "users cannot reset their own password.",
        ),
    ];
    for (key, value, summary, names) in entries {
        found.count(
            key,
            value,
            Evidence {
                summary,
                people: !names.is_empty(),
                items: people(&names),
            },
        );
    }
}

/// How many Global Administrators, and who.
pub(super) fn global_admins(value: &Value, found: &mut Findings) {
    let names: Vec<&str> = items(value)
        .iter()
        .map(|m| {
            let upn = text(m, "/userPrincipalName");
            if upn.is_empty() {
                text(m, "/displayName")
            } else {
                upn
            }
        })
        .collect();
    found.setting(
        "entra.globalAdmins",
        SettingValue::Number(names.len() as f64),
        Evidence {
            summary: format!("{} Global Administrators.", names.len()),
            items: people(&names),
            people: true,
        },
    );
}

/// Whether passwords never expire on every verified domain.
pub(super) fn domains(value: &Value, found: &mut Findings) {
    let expiring: Vec<String> = items(value)
        .iter()
        .filter(|d| flag(d, "/isVerified") != Some(false))
        .filter_map(|d| {
            let days = d
                .pointer("/passwordValidityPeriodInDays")
                .and_then(Value::as_i64)?;
            (days < NEVER_EXPIRES).then(|| format!("{}: every {days} days", text(d, "/id")))
        })
        .collect();
    found.setting(
        "entra.passwordsNeverExpire",
        SettingValue::Bool(expiring.is_empty()),
        Evidence {
            summary: if expiring.is_empty() {
                "Passwords never expire on any verified domain.".to_string()
            } else {
                format!("Passwords expire on {} domains.", expiring.len())
            },
            items: expiring,
            people: false,
        },
    );
}
