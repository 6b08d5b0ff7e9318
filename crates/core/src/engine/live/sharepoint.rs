//! SharePoint and OneDrive tenant settings (`/admin/sharepoint/settings`).

use serde_json::Value;

use super::{Evidence, Findings};
use crate::engine::snapshot::SettingValue;

fn said(summary: String) -> Evidence {
    Evidence {
        summary,
        ..Evidence::default()
    }
}

/// Idle session sign-out, legacy authentication and sharing.
pub(super) fn settings(value: &Value, found: &mut Findings) {
    if let Some(on) = value
        .pointer("/idleSessionSignOut/isEnabled")
        .and_then(Value::as_bool)
    {
        let after = value
            .pointer("/idleSessionSignOut/signOutAfterInSeconds")
            .and_then(Value::as_i64)
            .map(|s| format!(" after {} minutes", s / 60))
            .unwrap_or_default();
        let summary = if on {
            format!("Idle sessions on unmanaged devices are signed out{after}.")
        } else {
            "Idle session sign-out is off.".to_string()
        };
        found.setting(
            "spo.idleSessionSignOut",
            SettingValue::Bool(on),
            said(summary),
        );
    }
    if let Some(on) = value
        .pointer("/isLegacyAuthProtocolsEnabled")
        .and_then(Value::as_bool)
    {
        let summary = if on {
            "Legacy authentication protocols are allowed."
        } else {
            "Legacy authentication protocols are blocked."
        };
        found.setting(
            "spo.legacyAuthProtocols",
            SettingValue::Bool(on),
            said(summary.to_string()),
        );
    }
    if let Some(capability) = value.pointer("/sharingCapability").and_then(Value::as_str) {
        // Graph's names, in the catalog's words.
        let ours = match capability {
            "disabled" => "onlyPeopleInOrganization",
            "existingExternalUserSharingOnly" => "existingGuests",
            "externalUserSharingOnly" => "newAndExistingGuests",
            "externalUserAndGuestSharing" => "anyone",
            other => other,
        };
        found.setting(
            "spo.sharingCapability",
            SettingValue::Text(ours.to_string()),
            said(format!("External sharing: {capability}.")),
        );
    }
}
