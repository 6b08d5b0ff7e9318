//! The demo tenant "Contoso Demo": 234 days of snapshots scored against the
//! built-in catalog, its newest day the day before "today" (the date the
//! caller passes). No clock, no randomness: every call with the same date
//! gives the same history.
//!
//! The story is written for [`STORY_TODAY`] (2026-04-01 to 2026-11-20). For
//! another today it moves by whole weeks, so that the weekly runs stay on
//! Mondays; its last run is the day before today, the days since the last
//! change carried forward (up to six days more than for [`STORY_TODAY`]).
//!
//! The story: a 48-user company starts at under a quarter of its points.
//! Admin MFA is finished in April, then MFA registration is rolled out to
//! users week by week from May (partial points rising); Defender for Office
//! 365 policies go in late May, legacy authentication is blocked in June.
//! Intune is purchased on 2026-08-03 (its controls raise the points
//! possible, the score dips, then device policies and enrolments catch up).
//! On 2026-09-15 legacy authentication blocking is switched off to
//! troubleshoot a scanner and only switched back on on 2026-09-19 (the
//! score drops for three days). New hires in October lower the MFA ratio
//! for a while. Weekly and monthly reviews are activities; one lapses
//! during the August holidays. Several changes are captured after the
//! daily cut-off (1 AM Pacific time: 09:00 UTC, 08:00 UTC in summer) and
//! show the next day.
//!
//! Snapshots are taken when something changes and on weekly collector runs
//! (Mondays 07:30 UTC); days in between carry the state forward.

use chrono::{DateTime, Days, NaiveDate, TimeDelta, Utc};

use crate::engine::baseline::Catalog;
use crate::engine::evaluate::{evaluate, Cutoff};
use crate::engine::model::{Service, TenantHistory, TenantInfo};
use crate::engine::snapshot::{SettingValue, Snapshot, SnapshotFile};
use crate::engine::sort::sort_by_key;

/// The year of the whole story.
const YEAR: i32 = 2026;

/// The today the story is written for: its newest day is 2026-11-20.
pub const STORY_TODAY: NaiveDate = match NaiveDate::from_ymd_opt(YEAR, 11, 21) {
    Some(today) => today,
    None => NaiveDate::MIN,
};

/// Users registered for MFA, set on Monday collector runs: (month, day, count).
const MFA_REGISTERED: [(u32, u32, u64); 14] = [
    (5, 4, 16),
    (5, 11, 20),
    (5, 18, 24),
    (5, 25, 27),
    (6, 1, 30),
    (6, 8, 33),
    (6, 15, 36),
    (6, 22, 39),
    (6, 29, 42),
    (7, 6, 45),
    (7, 13, 46),
    (10, 12, 47),
    (10, 19, 48),
    (11, 2, 49),
];

/// Devices enrolled in Intune after its purchase, and how many of them run
/// antivirus and a firewall: (month, day, managed, protected).
const DEVICES: [(u32, u32, u64, u64); 7] = [
    (8, 10, 20, 9),
    (8, 17, 31, 18),
    (8, 24, 42, 30),
    (8, 31, 50, 39),
    (9, 7, 54, 45),
    (9, 14, 57, 48),
    (9, 28, 58, 49),
];

/// Mondays without the weekly risky sign-in review (summer holidays).
const REVIEWS_SKIPPED: [(u32, u32); 2] = [(8, 10), (8, 17)];

/// The demo tenant's history as of `today`: [`demo_snapshots`] evaluated
/// against the built-in catalog at the default cut-off.
pub fn demo_history(today: NaiveDate) -> TenantHistory {
    evaluate(
        &demo_snapshots(today),
        &Catalog::builtin(),
        Cutoff::default(),
    )
}

/// The demo tenant's snapshot file as of `today`, oldest snapshot first,
/// the last taken the day before `today`.
pub fn demo_snapshots(today: NaiveDate) -> SnapshotFile {
    let (shift, last_run) = placement(today);
    let mut moments = weekly_runs(last_run);
    moments.extend(events());
    sort_by_key(&mut moments, |moment| moment.at);
    let mut state = initial_state();
    let mut snapshots: Vec<Snapshot> = Vec::new();
    for moment in moments {
        for change in moment.changes {
            change.apply(&mut state, moment.at);
        }
        state.captured_at = moment.at;
        match snapshots.last_mut() {
            Some(last) if last.captured_at == moment.at => *last = state.clone(),
            _ => snapshots.push(state.clone()),
        }
    }
    for snapshot in &mut snapshots {
        moved(snapshot, shift);
    }
    SnapshotFile {
        tenant: TenantInfo {
            id: "7c1f5e2a-4b3d-4e8f-9a6b-2d5c8e1f0a37".into(),
            name: "Contoso Demo".into(),
        },
        snapshots,
        cutoff: None,
    }
}

/// How the story is placed for `today`: the whole weeks it moves by, and
/// the date of its last run in the story's own dates (2026-11-20 to
/// 2026-11-26, the day before `today` once moved). A today chrono cannot
/// move to gives the story as written.
fn placement(today: NaiveDate) -> (TimeDelta, NaiveDate) {
    let story_end = date(11, 20);
    let yesterday = today.pred_opt().unwrap_or(today);
    let weeks = yesterday
        .signed_duration_since(story_end)
        .num_days()
        .div_euclid(7);
    let shift = TimeDelta::try_weeks(weeks).unwrap_or_default();
    match yesterday.checked_sub_signed(shift) {
        Some(last_run) if story_end.checked_add_signed(shift).is_some() => (shift, last_run),
        _ => (TimeDelta::zero(), story_end),
    }
}

/// The snapshot moved by `shift` (every date and time in it).
fn moved(snapshot: &mut Snapshot, shift: TimeDelta) {
    let later = |at: DateTime<Utc>| at.checked_add_signed(shift).unwrap_or(at);
    snapshot.captured_at = later(snapshot.captured_at);
    for at in snapshot.activities.values_mut().flatten() {
        *at = later(*at);
    }
}

/// One change to the tenant.
enum Change {
    Set(&'static str, SettingValue),
    Count(&'static str, u64),
    /// The activity was done at the moment of the change.
    Done(&'static str),
    AddService(Service),
}

impl Change {
    fn apply(self, state: &mut Snapshot, at: DateTime<Utc>) {
        match self {
            Change::Set(key, value) => {
                state.settings.insert(key.into(), value);
            }
            Change::Count(key, count) => {
                state.counts.insert(key.into(), count);
            }
            Change::Done(key) => {
                state.activities.insert(key.into(), Some(at));
            }
            Change::AddService(service) => {
                if !state.services.contains(&service) {
                    state.services.push(service);
                }
            }
        }
    }
}

/// Changes captured together at one instant.
struct Moment {
    at: DateTime<Utc>,
    changes: Vec<Change>,
}

fn on(key: &'static str, value: bool) -> Change {
    Change::Set(key, SettingValue::Bool(value))
}

fn number(key: &'static str, value: f64) -> Change {
    Change::Set(key, SettingValue::Number(value))
}

fn text(key: &'static str, value: &str) -> Change {
    Change::Set(key, SettingValue::Text(value.into()))
}

fn count(key: &'static str, value: u64) -> Change {
    Change::Count(key, value)
}

/// `month`/`day` of [`YEAR`] (the epoch for an impossible date, which the
/// tables never hold: a test checks every snapshot falls in the story).
fn date(month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(YEAR, month, day).unwrap_or_default()
}

/// `month`/`day` of [`YEAR`] at `hour:minute` UTC.
fn at(month: u32, day: u32, hour: u32, minute: u32) -> DateTime<Utc> {
    date(month, day)
        .and_hms_opt(hour, minute, 0)
        .map(|at| at.and_utc())
        .unwrap_or_default()
}

fn moment(month: u32, day: u32, hour: u32, minute: u32, changes: Vec<Change>) -> Moment {
    Moment {
        at: at(month, day, hour, minute),
        changes,
    }
}

/// The tenant as the first collector run sees it, on 2026-04-01 07:30 UTC.
fn initial_state() -> Snapshot {
    let mut state = Snapshot {
        captured_at: at(4, 1, 7, 30),
        services: vec![
            Service::EntraId,
            Service::ExchangeOnline,
            Service::SharePointOnline,
            Service::OneDrive,
            Service::Teams,
            Service::DefenderForOffice365,
            Service::Purview,
        ],
        settings: Default::default(),
        activities: Default::default(),
        counts: Default::default(),
    };
    let changes = vec![
        count("users", 48),
        count("licensedUsers", 50),
        count("activeUsers", 44),
        count("admins", 4),
        count("adminsMfaRegistered", 3),
        count("mfaRegisteredUsers", 12),
        count("ssprEnabledUsers", 48),
        count("labelPolicyUsers", 0),
        count("acceptedDomains", 3),
        count("spfDomains", 3),
        count("dkimDomains", 1),
        count("dmarcDomains", 0),
        on("entra.blockLegacyAuthentication", false),
        on("entra.signInRiskPolicy", false),
        on("entra.userRiskPolicy", false),
        number("entra.globalAdmins", 6.0),
        on("entra.passwordsNeverExpire", true),
        on("entra.adminPhishingResistantMfa", false),
        on("entra.customBannedPasswords", false),
        on("entra.guestInvitesAdminsOnly", false),
        on("entra.adminConsentWorkflow", false),
        on("entra.usersCanConsentToApps", true),
        on("entra.usersCanRegisterApps", true),
        on("exo.mailboxAuditing", true),
        on("exo.modernAuth", true),
        on("exo.usersCanInstallAddins", true),
        on("exo.owaAdditionalStorageProviders", true),
        on("exo.externalCalendarSharing", true),
        on("exo.customerLockbox", false),
        on("mdo.safeLinksEmail", false),
        text("mdo.safeAttachmentsAction", "Off"),
        on("mdo.zapSpam", true),
        on("mdo.zapPhish", true),
        on("mdo.zapMalware", true),
        on("mdo.commonAttachmentsFilter", true),
        number("mdo.phishThresholdLevel", 1.0),
        number("mdo.bulkComplaintLevel", 7.0),
        number("mdo.quarantineRetentionDays", 15.0),
        on("mdo.protectSharePointOneDriveTeams", false),
        on("mdo.safeDocuments", false),
        on("mdo.mailboxIntelligence", false),
        on("mdo.antiPhishingPolicy", true),
        text("mdo.autoForwarding", "Automatic"),
        on("purview.auditLogSearch", false),
        on("purview.dlpPolicies", false),
        on("purview.autoLabeling", false),
        on("spo.idleSessionSignOut", false),
        on("spo.legacyAuthProtocols", false),
        text("spo.sharingCapability", "anyone"),
        number("spo.anyoneLinkExpirationDays", 0.0),
        on("odb.syncManagedDevicesOnly", false),
        text("odb.defaultSharingLink", "anyone"),
        text("teams.externalAccess", "all"),
        on("teams.anonymousJoin", true),
        text("teams.lobbyBypass", "organization"),
    ];
    for change in changes {
        change.apply(&mut state, at(4, 1, 7, 30));
    }
    for never in [
        "entra.riskySignInsReviewed",
        "entra.roleChangesReviewed",
        "exo.forwardingReviewed",
    ] {
        state.activities.insert(never.into(), None);
    }
    state
}

/// The weekly collector runs (Mondays 07:30 UTC, before the cut-off), the
/// first run and the last one (06:00 UTC on `last_run`), with the weekly
/// risky sign-in review from June (except during the holidays).
fn weekly_runs(last_run: NaiveDate) -> Vec<Moment> {
    let mut runs = vec![moment(4, 1, 7, 30, Vec::new())];
    let mut monday = Some(date(4, 6));
    while let Some(day) = monday.filter(|day| *day < last_run) {
        let reviewed = day >= date(6, 1)
            && !REVIEWS_SKIPPED
                .iter()
                .any(|&(month, skipped)| day == date(month, skipped));
        let changes = if reviewed {
            vec![Change::Done("entra.riskySignInsReviewed")]
        } else {
            Vec::new()
        };
        runs.push(Moment {
            at: day
                .and_hms_opt(7, 30, 0)
                .map(|at| at.and_utc())
                .unwrap_or_default(),
            changes,
        });
        monday = day.checked_add_days(Days::new(7));
    }
    runs.push(Moment {
        at: last_run
            .and_hms_opt(6, 0, 0)
            .map(|at| at.and_utc())
            .unwrap_or_default(),
        changes: Vec::new(),
    });
    runs
}

/// Everything that happens besides the weekly runs, each captured when it
/// happens.
fn events() -> Vec<Moment> {
    let mut events = vec![
        moment(4, 13, 10, 5, vec![on("purview.auditLogSearch", true)]),
        moment(4, 20, 7, 15, vec![count("adminsMfaRegistered", 4)]),
        moment(
            4,
            27,
            16,
            40,
            vec![on("exo.owaAdditionalStorageProviders", false)],
        ),
        moment(
            5,
            11,
            11,
            20,
            vec![on("entra.usersCanConsentToApps", false)],
        ),
        moment(5, 18, 15, 10, vec![number("entra.globalAdmins", 3.0)]),
        moment(
            5,
            25,
            9,
            45,
            vec![
                on("mdo.safeLinksEmail", true),
                text("mdo.safeAttachmentsAction", "Monitor"),
            ],
        ),
        // The collector starts reporting admin sign-in frequency.
        moment(
            6,
            1,
            7,
            30,
            vec![number("entra.adminSignInFrequencyHours", 24.0)],
        ),
        moment(
            6,
            8,
            18,
            30,
            vec![on("entra.blockLegacyAuthentication", true)],
        ),
        moment(
            6,
            15,
            16,
            20,
            vec![
                text("spo.sharingCapability", "newAndExistingGuests"),
                number("spo.anyoneLinkExpirationDays", 30.0),
                text("odb.defaultSharingLink", "internal"),
            ],
        ),
        moment(
            6,
            22,
            10,
            30,
            vec![text("mdo.safeAttachmentsAction", "Block")],
        ),
        moment(6, 29, 7, 50, vec![text("mdo.autoForwarding", "Off")]),
        moment(7, 6, 12, 0, vec![on("entra.customBannedPasswords", true)]),
        moment(7, 20, 9, 30, vec![count("dkimDomains", 2)]),
        moment(
            7,
            27,
            11,
            0,
            vec![
                number("mdo.bulkComplaintLevel", 6.0),
                number("mdo.quarantineRetentionDays", 30.0),
            ],
        ),
        // Intune is purchased: its controls apply from the next day.
        moment(
            8,
            3,
            15,
            30,
            vec![
                Change::AddService(Service::Intune),
                on("intune.requireEncryption", false),
                number("intune.minPasswordLength", 4.0),
                number("intune.inactivityLockMinutes", 0.0),
                on("intune.blockJailbroken", false),
                number("intune.wipeAfterFailedSignIns", 0.0),
                number("intune.passwordHistory", 0.0),
                on("intune.requireCompliantDevice", false),
                count("managedDevices", 12),
                count("devicesWithAvAndFirewall", 5),
            ],
        ),
        moment(
            8,
            17,
            10,
            0,
            vec![
                on("intune.requireEncryption", true),
                on("intune.blockJailbroken", true),
            ],
        ),
        moment(
            8,
            24,
            9,
            15,
            vec![
                on("entra.adminConsentWorkflow", true),
                number("intune.minPasswordLength", 8.0),
                number("intune.inactivityLockMinutes", 5.0),
            ],
        ),
        moment(8, 31, 16, 0, vec![count("dmarcDomains", 1)]),
        moment(9, 7, 11, 45, vec![on("exo.usersCanInstallAddins", false)]),
        // The regression: switched off after the cut-off (counts from
        // 09-16), switched back on before the cut-off of 09-19.
        moment(
            9,
            15,
            14,
            20,
            vec![on("entra.blockLegacyAuthentication", false)],
        ),
        moment(
            9,
            19,
            7,
            40,
            vec![on("entra.blockLegacyAuthentication", true)],
        ),
        moment(9, 21, 7, 30, vec![count("labelPolicyUsers", 48)]),
        moment(9, 28, 10, 10, vec![on("odb.syncManagedDevicesOnly", true)]),
        // New hires: more users, not yet registered for MFA.
        moment(
            10,
            5,
            7,
            30,
            vec![
                count("users", 52),
                count("licensedUsers", 55),
                count("activeUsers", 49),
                count("ssprEnabledUsers", 52),
                count("labelPolicyUsers", 52),
            ],
        ),
        moment(
            10,
            5,
            15,
            0,
            vec![text("teams.externalAccess", "allowedDomains")],
        ),
        moment(10, 12, 10, 30, vec![on("entra.signInRiskPolicy", true)]),
        moment(
            10,
            19,
            9,
            20,
            vec![on("exo.externalCalendarSharing", false)],
        ),
        moment(10, 26, 11, 0, vec![count("dkimDomains", 3)]),
    ];
    for (month, day) in [(5, 5), (6, 2), (7, 7), (8, 4), (9, 1), (10, 6), (11, 3)] {
        events.push(moment(
            month,
            day,
            14,
            0,
            vec![Change::Done("exo.forwardingReviewed")],
        ));
    }
    for (month, day) in [(6, 15), (7, 13), (8, 10), (9, 14), (10, 12), (11, 9)] {
        events.push(moment(
            month,
            day,
            13,
            0,
            vec![Change::Done("entra.roleChangesReviewed")],
        ));
    }
    for (month, day, registered) in MFA_REGISTERED {
        events.push(moment(
            month,
            day,
            7,
            30,
            vec![count("mfaRegisteredUsers", registered)],
        ));
    }
    for (month, day, managed, protected) in DEVICES {
        events.push(moment(
            month,
            day,
            7,
            30,
            vec![
                count("managedDevices", managed),
                count("devicesWithAvAndFirewall", protected),
            ],
        ));
    }
    events
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_snapshot_falls_within_the_story_in_order() {
        let file = demo_snapshots(STORY_TODAY);
        let first = at(4, 1, 7, 30);
        let last = at(11, 20, 6, 0);
        assert_eq!(file.snapshots.first().map(|s| s.captured_at), Some(first));
        assert_eq!(file.snapshots.last().map(|s| s.captured_at), Some(last));
        assert!(file
            .snapshots
            .windows(2)
            .all(|pair| pair[0].captured_at < pair[1].captured_at));
        for snapshot in &file.snapshots {
            let done = snapshot.activities.values().flatten();
            assert!(done.into_iter().all(|at| (first..=last).contains(at)));
        }
    }

    #[test]
    fn the_weekly_runs_are_mondays_before_the_cutoff() {
        let runs = weekly_runs(date(11, 20));
        // 04-01, the 33 Mondays from 04-06 to 11-16, and 11-20.
        assert_eq!(runs.len(), 35);
        for run in &runs[1..34] {
            assert_eq!(run.at.format("%a %H:%M").to_string(), "Mon 07:30");
        }
        let reviews = runs.iter().filter(|run| !run.changes.is_empty()).count();
        // Mondays from 06-01 to 11-16: 25, less the two holiday weeks.
        assert_eq!(reviews, 23);
    }

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap_or_default()
    }

    #[test]
    fn the_newest_day_is_the_day_before_today() {
        // (today, days in the history): the story's 234 days, plus the days
        // carried forward to reach yesterday after moving by whole weeks.
        for (today, days) in [
            ("2026-11-21", 234),
            ("2026-11-22", 235),
            ("2026-11-27", 240),
            ("2026-11-28", 234),
            ("2026-12-04", 240),
            ("2027-03-01", 236),
            ("2026-06-01", 236),
        ] {
            let history = demo_history(day(today));
            let newest = history.days.last().map(|d| d.date);
            assert_eq!(newest, day(today).pred_opt(), "{today}");
            assert_eq!(history.days.len(), days, "{today}");
            assert!(
                history.warnings.is_empty(),
                "{today}: {:?}",
                history.warnings
            );
            assert_eq!(history, demo_history(day(today)), "{today}");
        }
    }

    #[test]
    fn the_story_moves_by_whole_weeks() {
        let written = demo_snapshots(STORY_TODAY);
        let moved = demo_snapshots(day("2026-12-04"));
        // 13 days later: moved by one week, its last run six days later
        // (2026-11-26 as written), after one more Monday run.
        let week = TimeDelta::weeks(1);
        let count = written.snapshots.len();
        assert_eq!(moved.snapshots.len(), count + 1);
        for (a, b) in written
            .snapshots
            .iter()
            .zip(&moved.snapshots)
            .take(count - 1)
        {
            assert_eq!(a.captured_at + week, b.captured_at);
            assert_eq!(a.settings, b.settings);
        }
        let last_two: Vec<String> = moved.snapshots[count - 1..]
            .iter()
            .map(|s| s.captured_at.to_rfc3339())
            .collect();
        assert_eq!(
            last_two,
            ["2026-11-30T07:30:00+00:00", "2026-12-03T06:00:00+00:00"]
        );
        // The weekly runs (after the first run, a Wednesday) stay on Mondays.
        let mondays = moved
            .snapshots
            .iter()
            .skip(1)
            .filter(|s| s.captured_at.format("%H:%M").to_string() == "07:30")
            .all(|s| s.captured_at.format("%a").to_string() == "Mon");
        assert!(mondays);
    }

    #[test]
    fn any_date_gives_a_history() {
        for today in [NaiveDate::MIN, NaiveDate::MAX, day("1970-01-01")] {
            assert!(!demo_history(today).days.is_empty(), "{today}");
        }
    }
}
