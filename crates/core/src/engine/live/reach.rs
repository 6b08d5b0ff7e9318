//! What an admin runs to put into a snapshot what Graph v1.0 cannot read.

/// For a catalog key no read feeds: where it lives and the PowerShell (or
/// portal page) that shows it, to write into a snapshot file's settings.
pub fn out_of_reach(key: &str) -> &'static str {
    const BY_PREFIX: [(&str, &str); 16] = [
        ("entra.customBannedPasswords", "Graph beta only: Get-MgBetaDirectorySetting (the \"Password Rule Settings\" template), Microsoft Graph PowerShell"),
        ("entra.riskySignInsReviewed", "an activity: write the date you last reviewed risky sign-ins into the snapshot's activities"),
        ("entra.roleChangesReviewed", "an activity: write the date you last reviewed role changes into the snapshot's activities"),
        ("spo.anyoneLinkExpirationDays", "SharePoint Online PowerShell: Get-SPOTenant | Select RequireAnonymousLinksExpireInDays"),
        ("exo.forwardingReviewed", "an activity: write the date you last reviewed mail forwarding into the snapshot's activities"),
        ("exo.", "Exchange Online PowerShell: Connect-ExchangeOnline, then Get-OrganizationConfig, Get-OwaMailboxPolicy and Get-SharingPolicy"),
        ("mdo.", "Exchange Online PowerShell: Get-AtpPolicyForO365, Get-SafeLinksPolicy, Get-SafeAttachmentPolicy, Get-AntiPhishPolicy, Get-HostedContentFilterPolicy, Get-MalwareFilterPolicy"),
        ("purview.", "Security & Compliance PowerShell: Connect-IPPSSession, then Get-AdminAuditLogConfig, Get-DlpCompliancePolicy, Get-AutoSensitivityLabelPolicy"),
        ("odb.", "SharePoint Online PowerShell: Get-SPOTenantSyncClientRestriction and Get-SPOTenant | Select DefaultSharingLinkType"),
        ("teams.", "Microsoft Teams PowerShell: Get-CsTenantFederationConfiguration and Get-CsTeamsMeetingPolicy -Identity Global"),
        ("intune.", "Microsoft Graph PowerShell: Get-MgDeviceManagementDeviceCompliancePolicy (needs DeviceManagementConfiguration.Read.All; not read by this build)"),
        ("mde.", "the Microsoft Defender portal: Settings, Endpoints, Advanced features"),
        ("mdca.", "the Microsoft Defender portal: Settings, Cloud Apps"),
        ("acceptedDomains", "Exchange Online PowerShell: Get-AcceptedDomain, then each domain's SPF, DKIM (Get-DkimSigningConfig) and DMARC records"),
        ("labelPolicyUsers", "Security & Compliance PowerShell: Get-LabelPolicy, and the users its scope covers"),
        ("managedDevices", "Microsoft Graph PowerShell: Get-MgDeviceManagementManagedDevice (needs DeviceManagementManagedDevices.Read.All; not read by this build)"),
    ];
    BY_PREFIX
        .iter()
        .find(|(prefix, _)| key.starts_with(prefix))
        .map_or("not read by this build: write it into a snapshot file's settings or counts (docs/snapshot-format.md)", |(_, how)| how)
}
