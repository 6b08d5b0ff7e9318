//! Engine benchmark: parses and scores generated inputs and prints MB/s and
//! ms (median of several runs), and the time per day × control at several
//! sizes to show that the work grows linearly.
//!
//! Run: `cargo bench --bench engine` (add `-- --quick` for fewer runs).

use std::hint::black_box;
use std::time::Instant;

use secure_score::engine::{graph, json};

const CONTROLS: usize = 80;

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let runs = if quick { 3 } else { 15 };
    println!("engine benchmark ({runs} runs each, median; min..max)");

    let profiles = profiles_json(CONTROLS);
    for days in [90, 180, 365] {
        let scores = scores_json(days, CONTROLS);
        let bytes = scores.len() + profiles.len();
        let timing = measure(runs, || {
            let scores = json::parse_bytes(scores.as_bytes()).expect("generated scores parse");
            let profiles =
                json::parse_bytes(profiles.as_bytes()).expect("generated profiles parse");
            let history = graph::import(&scores, Some(&profiles)).expect("generated input imports");
            black_box(history.days.len());
        });
        report(
            &format!("graph import {days} days x {CONTROLS} controls"),
            bytes,
            days * CONTROLS,
            timing,
        );
    }
}

/// Median, min and max of `runs` timings of `work`, in milliseconds.
fn measure(runs: usize, mut work: impl FnMut()) -> (f64, f64, f64) {
    let mut times: Vec<f64> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            work();
            start.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    times.sort_by(f64::total_cmp);
    (times[times.len() / 2], times[0], times[times.len() - 1])
}

fn report(name: &str, bytes: usize, cells: usize, (median, min, max): (f64, f64, f64)) {
    let mb = bytes as f64 / 1_000_000.0;
    println!(
        "{name:<48} {mb:>6.2} MB  {median:>8.2} ms ({min:.2}..{max:.2})  {:>7.1} MB/s  {:>6.3} us/day-control",
        mb / (median / 1000.0),
        median * 1000.0 / cells as f64,
    );
}

/// A `secureScores` response of `days` days (newest first, as Graph sends
/// it), each with `controls` control scores that drift over time.
fn scores_json(days: usize, controls: usize) -> String {
    let end = chrono::NaiveDate::from_ymd_opt(2026, 11, 20).expect("valid date");
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
                r#"{{"controlCategory":"{}","controlName":"control_{c}","description":"Control {c} description with <b>HTML</b>.","score":{score},"scoreInPercentage":{},"implementationStatus":"{} of 50 users","count":"{}","total":"50","lastSynced":"{date}T06:00:00Z"}}"#,
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
fn profiles_json(controls: usize) -> String {
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
