//! Engine benchmark: parses and scores generated inputs and prints MB/s and
//! ms (median of several runs), and the time per day × control at several
//! sizes to show that the work grows linearly.
//!
//! Run: `cargo bench -p secure-score-core --bench engine` (add `-- --quick`
//! for fewer runs, and `-- --emit DIR` to also write the generated Graph
//! files there, for the browser performance harness `tests/e2e/perf.mjs`;
//! cargo runs benches in `crates/core`, so give DIR as an absolute path).

use std::hint::black_box;
use std::time::Instant;

use secure_score_core::engine::baseline::Catalog;
use secure_score_core::engine::evaluate::{evaluate, Cutoff};
use secure_score_core::engine::file::{self, Content};
use secure_score_core::engine::snapshot;
use secure_score_core::engine::synthetic::{profiles_json, scores_json, snapshots_json};
use secure_score_core::engine::{graph, json};

const CONTROLS: usize = 80;

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let runs = if quick { 3 } else { 15 };
    println!("engine benchmark ({runs} runs each, median; min..max)");

    let profiles = profiles_json(CONTROLS);
    let args: Vec<String> = std::env::args().collect();
    if let Some(dir) = args
        .iter()
        .position(|a| a == "--emit")
        .and_then(|i| args.get(i + 1))
    {
        emit(std::path::Path::new(dir), &profiles);
    }
    let catalog = Catalog::builtin();
    for days in [90, 180, 365] {
        let text = snapshots_json(days);
        let timing = measure(runs, || {
            let file = snapshot::parse_text(&text).expect("generated snapshots parse");
            let history = evaluate(&file, &catalog, Cutoff::default());
            black_box(history.days.len());
        });
        let cells = days * catalog.controls().len();
        report(
            &format!(
                "snapshots {days} days x {} controls",
                catalog.controls().len()
            ),
            text.len(),
            cells,
            timing,
        );
    }

    // Graph: the app's path (`file::import_graph`: secureScores straight
    // from the text when Graph's shapes allow it), then the lenient path
    // alone (bytes → JSON value → path-tracking reader) for comparison.
    let big = scores_json(365, CONTROLS, BIG_PADDING);
    let timing = measure(runs.min(5), || {
        let scores = file::read(big.as_bytes()).expect("generated scores read");
        black_box(scores.format());
    });
    report(
        "graph parse 50 MB (365 x 80, long texts)",
        big.len(),
        365 * CONTROLS,
        timing,
    );
    let timing = measure(runs.min(5), || {
        let scores = json::parse_bytes(big.as_bytes()).expect("generated scores parse");
        black_box(
            graph::parse_graph(&scores)
                .map(|d| d.scores.len())
                .unwrap_or(0),
        );
    });
    report(
        "graph parse 50 MB, lenient path",
        big.len(),
        365 * CONTROLS,
        timing,
    );
    for days in [90, 180, 365] {
        let scores = scores_json(days, CONTROLS, 0);
        let bytes = scores.len() + profiles.len();
        let timing = measure(runs, || {
            let history = file::import_graph(scores.as_bytes(), Some(profiles.as_bytes()))
                .expect("generated input imports");
            black_box(history.days.len());
        });
        report(
            &format!("graph import {days} days x {CONTROLS} controls"),
            bytes,
            days * CONTROLS,
            timing,
        );
    }
    let scores = scores_json(365, CONTROLS, 0);
    let bytes = scores.len() + profiles.len();
    let timing = measure(runs, || {
        let scores = json::parse_bytes(scores.as_bytes()).expect("generated scores parse");
        let profiles = json::parse_bytes(profiles.as_bytes()).expect("generated profiles parse");
        let history = graph::import(&scores, Some(&profiles)).expect("generated input imports");
        black_box(history.days.len());
    });
    report(
        &format!("graph import 365 x {CONTROLS}, lenient path"),
        bytes,
        365 * CONTROLS,
        timing,
    );
    // Where the time of an import goes: reading the files, then scoring.
    let timing = measure(runs, || {
        black_box(file::read(scores.as_bytes()).expect("generated scores read"));
        let profiles = json::parse_bytes(profiles.as_bytes()).expect("generated profiles parse");
        black_box(graph::parse_graph(&profiles).expect("generated profiles read"));
    });
    report(
        &format!("  of which reading 365 x {CONTROLS}"),
        bytes,
        365 * CONTROLS,
        timing,
    );
    let Ok(Content::GraphScores(read)) = file::read(scores.as_bytes()) else {
        panic!("the generated scores do not take the fast path")
    };
    let read_profiles = json::parse_bytes(profiles.as_bytes())
        .and_then(|value| graph::parse_graph(&value).map(|data| data.profiles))
        .expect("generated profiles read");
    // Copies made beforehand: only scoring is timed.
    let mut copies: Vec<_> = (0..runs).map(|_| read.clone()).collect();
    let timing = measure(runs, || {
        let history = graph::build_history(copies.pop().unwrap_or_default(), &read_profiles);
        black_box(history.days.len());
    });
    report(
        &format!("  of which scoring 365 x {CONTROLS} (build_history)"),
        bytes,
        365 * CONTROLS,
        timing,
    );
}

/// Writes the inputs the browser harness imports: 365 days x 80 controls,
/// and the same padded to about 50 MB.
fn emit(dir: &std::path::Path, profiles: &str) {
    std::fs::create_dir_all(dir).expect("create the --emit folder");
    let files = [
        ("graph-profiles-80.json", profiles.to_string()),
        ("graph-scores-365x80.json", scores_json(365, CONTROLS, 0)),
        (
            "graph-scores-50mb.json",
            scores_json(365, CONTROLS, BIG_PADDING),
        ),
    ];
    for (name, text) in files {
        std::fs::write(dir.join(name), &text).expect("write an --emit file");
        println!(
            "wrote {} ({:.1} MB)",
            dir.join(name).display(),
            text.len() as f64 / 1e6
        );
    }
}

/// Description padding that makes 365 x 80 controls about 50 MB.
const BIG_PADDING: usize = 1_460;

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
