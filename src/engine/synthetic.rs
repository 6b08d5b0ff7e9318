//! Generated Microsoft Graph responses of any size, for the benchmark, the
//! browser performance harness and tests. Deterministic: the same arguments
//! give the same text.

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
