//! Generated Microsoft Graph responses of any size, for the benchmark, the
//! browser performance harness, tests and the import worker's warm-up, and
//! the pieces of hand-built histories tests share. Deterministic: the same
//! arguments give the same result.

use chrono::NaiveDate;

use crate::engine::model::{Category, ControlScore, ControlState, DayScore, Service, Status};
use crate::engine::sort::sort_by;

/// A control's score on a day, its state following from its points (none
/// possible: [Not Scored]); Entra ID, to address, no progress, no note.
pub fn control_score(id: &str, category: Category, earned: f64, possible: f64) -> ControlScore {
    let state = if possible == 0.0 {
        ControlState::NotScored
    } else if earned >= possible {
        ControlState::Completed
    } else if earned > 0.0 {
        ControlState::Partial
    } else {
        ControlState::NotCompleted
    };
    ControlScore {
        id: id.to_string(),
        category,
        service: Service::EntraId,
        earned,
        possible,
        state,
        progress: None,
        data_status: Status::ToAddress,
        note: String::new(),
    }
}

/// A day of `controls` (sorted by id, as a history keeps them) with
/// `services`; nothing excluded or reported.
pub fn day_score(
    date: NaiveDate,
    services: Vec<Service>,
    mut controls: Vec<ControlScore>,
) -> DayScore {
    sort_by(&mut controls, |a, b| a.id.cmp(&b.id));
    DayScore {
        date,
        computed_at: None,
        services,
        controls,
        excluded: Vec::new(),
        reported: None,
        comparisons: Vec::new(),
        licensed_users: None,
        active_users: None,
    }
}

/// A `secureScores` response of `days` days (newest first, as Graph sends
/// it), each with `controls` control scores that drift over time, each
/// description padded with `padding` extra characters (to make big files).
pub fn scores_json(days: usize, controls: usize, padding: usize) -> String {
    let end = chrono::NaiveDate::from_ymd_opt(2026, 11, 20).unwrap_or_default();
    let pad = " lorem ipsum".repeat(padding / 12);
    let mut out = String::from(
        r#"{"@odata.context":"https://graph.microsoft.com/v1.0/$metadata#security/secureScores","value":["#,
    );
    for d in 0..days {
        let date = end - chrono::Duration::days(d as i64);
        let mut current = 0.0;
        let mut list = String::new();
        for c in 0..controls {
            let max = (c % 10 + 1) as f64;
            let score = if (c + d) % 3 == 0 {
                max
            } else {
                max * ((c * 7 + d) % 5) as f64 / 5.0
            };
            current += score;
            if c > 0 {
                list.push(',');
            }
            list.push_str(&format!(
                r#"{{"controlCategory":"{}","controlName":"control_{c}","description":"Control {c} description with <b>HTML</b>.{pad}","score":{score},"scoreInPercentage":{},"implementationStatus":"{} of 50 users","count":"{}","total":"50","lastSynced":"{date}T06:00:00Z"}}"#,
                ["Identity", "Data", "Device", "Apps", "Infrastructure"][c % 5],
                score / max * 100.0,
                (c + d) % 50,
                (c + d) % 50,
            ));
        }
        if d > 0 {
            out.push(',');
        }
        out.push_str(&format!(
            r#"{{"id":"t_{date}","azureTenantId":"00000000-0000-0000-0000-000000000001","activeUserCount":50,"createdDateTime":"{date}T09:00:00Z","currentScore":{current},"enabledServices":["HasEXOP2","HasSPOP2","HasAADP2","HasMDOP2"],"licensedUserCount":50,"maxScore":{},"averageComparativeScores":[{{"basis":"AllTenants","averageScore":54.6}}],"controlScores":[{list}]}}"#,
            (0..controls).map(|c| (c % 10 + 1) as f64).sum::<f64>(),
        ));
    }
    out.push_str("]}");
    out
}

/// A `secureScoreControlProfiles` response for the generated controls.
pub fn profiles_json(controls: usize) -> String {
    let items: Vec<String> = (0..controls)
        .map(|c| {
            format!(
                r#"{{"id":"control_{c}","title":"Control {c}","maxScore":"{}","rank":{c},"service":"{}","tier":"Core","actionType":"Config","userImpact":"Low","implementationCost":"Moderate","threats":["Account breach"],"remediation":"<ol><li>Do step one.</li></ol>","remediationImpact":"None","deprecated":false,"controlCategory":"{}","controlStateUpdates":[{{"state":"Default"}}]}}"#,
                c % 10 + 1,
                ["EXO", "SPO", "AzureAD", "MDO"][c % 4],
                ["Identity", "Data", "Device", "Apps", "Infrastructure"][c % 5],
            )
        })
        .collect();
    format!(r#"{{"value":[{}]}}"#, items.join(","))
}

/// A tenant snapshot file of `days` daily snapshots covering every input of
/// the built-in catalog, with values that change from day to day.
pub fn snapshots_json(days: usize) -> String {
    use crate::engine::baseline::{Catalog, Measure};
    use crate::engine::model::Service;
    use crate::engine::model::TenantInfo;
    use crate::engine::snapshot::{SettingValue, Snapshot, SnapshotFile};

    let catalog = Catalog::builtin();
    let start = chrono::NaiveDate::from_ymd_opt(2025, 11, 21)
        .unwrap_or_default()
        .and_hms_opt(6, 0, 0)
        .unwrap_or_default()
        .and_utc();
    let snapshots = (0..days)
        .map(|d| {
            let captured_at = start + chrono::Duration::days(d as i64);
            let mut snapshot = Snapshot {
                captured_at,
                services: Service::KNOWN.to_vec(),
                settings: Default::default(),
                activities: Default::default(),
                counts: Default::default(),
            };
            for (i, control) in catalog.controls().iter().enumerate() {
                let on = (i + d / 7) % 3 != 0;
                match &control.measure {
                    Measure::Setting { key, equals } => {
                        let value = if on {
                            equals.clone()
                        } else {
                            SettingValue::Text("off".into())
                        };
                        snapshot.settings.insert(key.clone(), value);
                    }
                    Measure::Threshold {
                        key,
                        at_least,
                        at_most,
                    } => {
                        let inside = at_least.or(*at_most).unwrap_or(1.0);
                        let value = if on { inside } else { inside * 3.0 + 1.0 };
                        snapshot
                            .settings
                            .insert(key.clone(), SettingValue::Number(value));
                    }
                    Measure::Ratio { done, total } => {
                        snapshot.counts.insert(total.clone(), 500);
                        snapshot
                            .counts
                            .insert(done.clone(), ((d * 3 + i) % 500) as u64);
                    }
                    Measure::Activity { key, .. } => {
                        let when = captured_at - chrono::Duration::days(((d + i) % 45) as i64);
                        snapshot.activities.insert(key.clone(), Some(when));
                    }
                    Measure::NotScored => {}
                }
            }
            snapshot
        })
        .collect();
    SnapshotFile {
        tenant: TenantInfo {
            id: "00000000-0000-0000-0000-000000000002".into(),
            name: "Synthetic".into(),
        },
        snapshots,
        cutoff: None,
    }
    .to_json()
}
