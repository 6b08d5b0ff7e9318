use std::collections::BTreeMap;

use chrono::{TimeZone, Utc};
use serde_json::{json, Value};

use super::*;
use crate::engine::baseline::Catalog;
use crate::engine::evaluate::{evaluate, Cutoff};
use crate::engine::model::{ControlState, Service, TenantInfo};

const GA: &str = "62e90394-69f5-4237-9190-012177145e10";

fn policy(name: &str, state: &str, extra: Value) -> Value {
    let mut p = json!({
        "id": name, "displayName": name, "state": state,
        "conditions": {"users": {"includeUsers": ["All"], "excludeUsers": [], "excludeGroups": [], "includeRoles": []},
                       "clientAppTypes": ["all"], "signInRiskLevels": [], "userRiskLevels": []},
        "grantControls": {"operator": "OR", "builtInControls": ["mfa"], "authenticationStrength": null},
        "sessionControls": null
    });
    merge(&mut p, extra);
    p
}

fn merge(into: &mut Value, from: Value) {
    match (into, from) {
        (Value::Object(a), Value::Object(b)) => {
            for (k, v) in b {
                merge(a.entry(k).or_insert(Value::Null), v);
            }
        }
        (slot, v) => *slot = v,
    }
}

/// A tenant with: legacy authentication blocked for all but one break-glass
/// account; a sign-in risk policy in report-only; a user risk policy on;
/// phishing-resistant MFA and 4-hour sessions for admins; users may consent.
fn answers() -> BTreeMap<Read, Answer> {
    let policies = json!([
        policy(
            "Block legacy authentication",
            "enabled",
            json!({
            "conditions": {"clientAppTypes": ["exchangeActiveSync", "other"], "users": {"excludeUsers": ["breakglass"]}},
            "grantControls": {"builtInControls": ["block"]}})
        ),
        policy(
            "Sign-in risk (pilot)",
            "enabledForReportingButNotEnforced",
            json!({"conditions": {"signInRiskLevels": ["high", "medium"]}})
        ),
        policy(
            "User risk",
            "enabled",
            json!({"conditions": {"userRiskLevels": ["high"]}, "grantControls": {"builtInControls": ["passwordChange"]}})
        ),
        policy(
            "Admins: phishing-resistant",
            "enabled",
            json!({
            "conditions": {"users": {"includeUsers": [], "includeRoles": [GA]}},
            "grantControls": {"builtInControls": [], "authenticationStrength": {"id": "00000000-0000-0000-0000-000000000004"}},
            "sessionControls": {"signInFrequency": {"value": 4, "type": "hours", "isEnabled": true}}})
        ),
    ]);
    let registration = json!([
        {"userPrincipalName": "a@x", "isAdmin": true, "isMfaRegistered": true, "isSsprEnabled": true},
        {"userPrincipalName": "b@x", "isAdmin": true, "isMfaRegistered": false, "isSsprEnabled": true},
        {"userPrincipalName": "c@x", "isAdmin": false, "isMfaRegistered": true, "isSsprEnabled": false},
        {"userPrincipalName": "d@x", "isAdmin": false, "isMfaRegistered": false, "isSsprEnabled": false},
    ]);
    BTreeMap::from([
        (Read::ConditionalAccess, Ok(policies)),
        (Read::SecurityDefaults, Ok(json!({"isEnabled": false}))),
        (
            Read::AuthorizationPolicy,
            Ok(
                json!({"allowInvitesFrom": "everyone", "defaultUserRolePermissions": {
            "allowedToCreateApps": false, "permissionGrantPoliciesAssigned": ["ManagePermissionGrantsForSelf.microsoft-user-default-low"]}}),
            ),
        ),
        (Read::AdminConsentPolicy, Ok(json!({"isEnabled": true}))),
        (Read::Registration, Ok(registration)),
        (
            Read::GlobalAdmins,
            Ok(json!([{"userPrincipalName": "a@x"}, {"userPrincipalName": "b@x"}])),
        ),
        (
            Read::Domains,
            Ok(
                json!([{"id": "x.example", "isVerified": true, "passwordValidityPeriodInDays": 2147483647}]),
            ),
        ),
        (
            Read::SharePoint,
            Err(Refusal {
                status: 403,
                message: "Access denied".into(),
            }),
        ),
    ])
}

fn assessed() -> LiveAssessment {
    let at = Utc
        .with_ymd_and_hms(2026, 12, 4, 10, 0, 0)
        .single()
        .unwrap_or_default();
    assess(
        &answers(),
        TenantInfo {
            id: "t".into(),
            name: "Contoso".into(),
        },
        vec![Service::EntraId, Service::SharePointOnline],
        at,
    )
}

fn setting(a: &LiveAssessment, key: &str) -> Option<SettingValue> {
    a.file.snapshots[0].settings.get(key).cloned()
}

#[test]
fn conditional_access_policies_decide_with_report_only_named_and_exclusions_shown() {
    let a = assessed();
    assert_eq!(
        setting(&a, "entra.blockLegacyAuthentication"),
        Some(SettingValue::Bool(true))
    );
    assert!(a.evidence["entra.blockLegacyAuthentication"]
        .summary
        .contains("“Block legacy authentication” (excludes 1 user)"));
    assert_eq!(
        setting(&a, "entra.signInRiskPolicy"),
        Some(SettingValue::Bool(false))
    );
    assert!(a.evidence["entra.signInRiskPolicy"]
        .summary
        .contains("Report-only, so not enforced: “Sign-in risk (pilot)”"));
    assert_eq!(
        setting(&a, "entra.userRiskPolicy"),
        Some(SettingValue::Bool(true))
    );
    assert_eq!(
        setting(&a, "entra.adminPhishingResistantMfa"),
        Some(SettingValue::Bool(true))
    );
    assert_eq!(
        setting(&a, "entra.adminSignInFrequencyHours"),
        Some(SettingValue::Number(4.0))
    );
    // MFA: no policy for all users; the admins' phishing-resistant one counts.
    assert_eq!(
        setting(&a, "entra.mfaRequiredForAllUsers"),
        Some(SettingValue::Bool(false))
    );
    assert_eq!(
        setting(&a, "entra.mfaRequiredForAdmins"),
        Some(SettingValue::Bool(true))
    );
}

#[test]
fn security_defaults_block_legacy_authentication_without_a_policy() {
    let mut answers = answers();
    answers.insert(Read::ConditionalAccess, Ok(json!([])));
    answers.insert(Read::SecurityDefaults, Ok(json!({"isEnabled": true})));
    let a = assess(
        &answers,
        TenantInfo::default(),
        vec![Service::EntraId],
        Utc.with_ymd_and_hms(2026, 12, 4, 10, 0, 0)
            .single()
            .unwrap_or_default(),
    );
    assert_eq!(
        setting(&a, "entra.blockLegacyAuthentication"),
        Some(SettingValue::Bool(true))
    );
    assert!(a.evidence["entra.blockLegacyAuthentication"]
        .summary
        .starts_with("Security defaults are on"));
    assert_eq!(
        setting(&a, "entra.mfaRequiredForAllUsers"),
        Some(SettingValue::Bool(true))
    );
    // Refused, the same key is "not assessed"; with defaults read, it is not.
    answers.insert(
        Read::ConditionalAccess,
        Err(Refusal {
            status: 403,
            message: String::new(),
        }),
    );
    let a = assess(
        &answers,
        TenantInfo::default(),
        vec![Service::EntraId],
        Utc.with_ymd_and_hms(2026, 12, 4, 10, 0, 0)
            .single()
            .unwrap_or_default(),
    );
    assert!(!a
        .not_assessed
        .contains_key("entra.blockLegacyAuthentication"));
    assert!(a.not_assessed["entra.signInRiskPolicy"].contains("Policy.Read.All"));
}

#[test]
fn registration_counts_with_the_people_missing() {
    let a = assessed();
    let counts = &a.file.snapshots[0].counts;
    assert_eq!(
        [
            counts["users"],
            counts["mfaRegisteredUsers"],
            counts["admins"],
            counts["adminsMfaRegistered"],
            counts["ssprEnabledUsers"]
        ],
        [4, 2, 2, 1, 2]
    );
    let admins = &a.evidence["adminsMfaRegistered"];
    assert_eq!(
        (admins.items.clone(), admins.people),
        (vec!["b@x".to_string()], true)
    );
    assert_eq!(
        setting(&a, "entra.globalAdmins"),
        Some(SettingValue::Number(2.0))
    );
    assert_eq!(
        setting(&a, "entra.usersCanConsentToApps"),
        Some(SettingValue::Bool(true))
    );
    assert_eq!(
        setting(&a, "entra.guestInvitesAdminsOnly"),
        Some(SettingValue::Bool(false))
    );
    assert_eq!(
        setting(&a, "entra.passwordsNeverExpire"),
        Some(SettingValue::Bool(true))
    );
}

#[test]
fn a_refused_read_marks_its_keys_with_what_it_needs_and_the_rest_is_kept() {
    let a = assessed();
    for key in [
        "spo.idleSessionSignOut",
        "spo.legacyAuthProtocols",
        "spo.sharingCapability",
    ] {
        let why = &a.not_assessed[key];
        assert!(
            why.contains("SharePointTenantSettings.Read.All")
                && why.contains("SharePoint Administrator"),
            "{why}"
        );
        assert_eq!(setting(&a, key), None);
    }
    assert_eq!(a.not_assessed.len(), 3);
}

#[test]
fn the_snapshot_round_trips_and_scores_the_assessed_controls() {
    let a = assessed();
    let back = crate::engine::snapshot::parse_text(&a.to_json());
    assert_eq!(back.as_ref().ok(), Some(&a.file));
    let catalog = Catalog::builtin();
    let history = evaluate(&a.file, &catalog, Cutoff::default());
    let day = history.latest();
    let state = |id: &str| day.and_then(|d| d.control(id)).map(|c| c.state);
    assert_eq!(
        state("BlockLegacyAuthentication"),
        Some(ControlState::Completed)
    );
    assert_eq!(state("SigninRiskPolicy"), Some(ControlState::NotCompleted));
    assert_eq!(state("MFARegistrationV2"), Some(ControlState::Partial));
    assert_eq!(state("OneAdmin"), Some(ControlState::Completed));
    assert_eq!(state("IntegratedApps"), Some(ControlState::NotCompleted));
    let inputs = |id: &str| {
        catalog
            .controls()
            .iter()
            .find(|c| c.info.id == id)
            .map(|c| c.measure.inputs())
            .unwrap_or_default()
    };
    assert!(a.assessed(&inputs("MFARegistrationV2")));
    assert!(!a.assessed(&inputs("spo_idle_session_timeout")));
    assert!(!a.assessed(&inputs("exo_mailboxaudit")));
}

#[test]
fn graph_reaches_the_entra_controls_and_says_how_to_get_the_others() {
    let catalog = Catalog::builtin();
    let reachable = reachable(&catalog);
    for id in [
        "AdminMFAV2",
        "MFARegistrationV2",
        "BlockLegacyAuthentication",
        "SigninRiskPolicy",
        "UserRiskPolicy",
        "SelfServicePasswordReset",
        "PWAgePolicyNew",
        "OneAdmin",
        "IntegratedApps",
        "aad_guest_invites_restricted",
        "spo_idle_session_timeout",
        "spo_external_sharing_limited",
    ] {
        assert!(reachable.contains(&id), "{id}");
    }
    assert!(!reachable.contains(&"exo_mailboxaudit"));
    assert!(out_of_reach("exo.mailboxAuditing").contains("Get-OrganizationConfig"));
    assert!(out_of_reach("entra.riskySignInsReviewed").contains("activities"));
}

#[test]
fn the_comparison_scores_what_was_assessed_and_explains_each_disagreement() {
    use crate::engine::synthetic::{control_score, day_score};
    let a = assessed();
    let catalog = Catalog::builtin();
    let ours = evaluate(&a.file, &catalog, Cutoff::default());
    // Microsoft: legacy authentication not done, sign-in risk done.
    let mut legacy = control_score(
        "BlockLegacyAuthentication",
        crate::engine::model::Category::Identity,
        0.0,
        8.0,
    );
    legacy.state = ControlState::NotCompleted;
    let mut risk = control_score(
        "SigninRiskPolicy",
        crate::engine::model::Category::Identity,
        7.0,
        7.0,
    );
    risk.state = ControlState::Completed;
    let day = ours.latest().map(|d| d.date).unwrap_or_default();
    let microsoft = crate::engine::model::TenantHistory {
        tenant: TenantInfo::default(),
        origin: crate::engine::model::Origin::Graph,
        days: vec![day_score(day, vec![Service::EntraId], vec![legacy, risk])],
        controls: Vec::new(),
        warnings: Vec::new(),
    };
    let c = compare(&a, &ours, Some(&microsoft), &catalog);
    let row = |id: &str| c.controls.iter().find(|r| r.id == id).cloned();
    let legacy = row("BlockLegacyAuthentication");
    assert_eq!(
        legacy.as_ref().and_then(AssessedControl::agrees),
        Some(false)
    );
    assert!(legacy
        .and_then(|r| r.disagreement())
        .is_some_and(|d| d.starts_with("We find it done (Met by Conditional Access")));
    let risk = row("SigninRiskPolicy");
    assert!(risk
        .and_then(|r| r.disagreement())
        .is_some_and(|d| d.contains("Report-only, so not enforced")));
    assert_eq!(
        row("OneAdmin").and_then(|r| r.agrees()),
        None,
        "not in Microsoft's score"
    );
    assert_eq!(c.agreement(), (0, 2));
    let mfa = row("MFARegistrationV2")
        .map(|r| r.evidence)
        .unwrap_or_default();
    assert!(mfa.iter().any(|e| e
        .summary
        .starts_with("No enabled Conditional Access policy requires MFA for all users")));
    // Our score counts only the assessed controls.
    let assessed_possible: f64 = c.controls.iter().map(|r| r.points.possible).sum();
    assert_eq!(c.score.possible, assessed_possible);
    assert!(c.controls.iter().all(|r| !r.id.starts_with("exo_")));
    assert!(c
        .not_assessed
        .iter()
        .any(|u| u.id == "spo_idle_session_timeout"
            && u.why.contains("SharePointTenantSettings.Read.All")));
    assert!(c
        .out_of_reach
        .iter()
        .any(|u| u.id == "exo_mailboxaudit" && u.why.contains("Get-OrganizationConfig")));
    assert_eq!(c.microsoft_score.map(|p| p.possible), Some(15.0));
}
