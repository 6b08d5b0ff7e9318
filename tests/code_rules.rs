//! Enforces three of ARCHITECTURE.md's rules over the app's and the core
//! crate's code (one wasm), test code left out:
//! - "Sorting goes through `engine::sort`": every other sort (a slice
//!   method, or `collect` into a `BTreeMap` or `BTreeSet`, which sorts its
//!   input) compiles one more copy of the sort into the wasm;
//! - points are compared through `engine::model`'s named tolerances, never
//!   a bare `1e-9` or `0.005`.
//!
//! - visible dates use one convention, written by core's `format`: no
//!   chrono date pattern (`.format("%…")`) nor a locale's date order
//!   (`DateFormat`, `to_locale_date_string`) anywhere else.
//!
//! And one of the repo's docs: every hook `docs/test-hooks.md` lists is set
//! somewhere in the code.

use std::fs;
use std::path::{Path, PathBuf};

/// The source files under `dir`, the file ending in `home` (where a rule
/// lives) and test files left out.
fn sources(dir: &Path, home: Option<&str>, found: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            sources(&path, home, found);
        } else if path.extension().is_some_and(|e| e == "rs")
            && home.is_none_or(|home| !path.ends_with(home))
            && !path.ends_with("tests.rs")
        {
            found.push(path);
        }
    }
}

/// Every source file but `home`, with its text.
fn code_but(home: Option<&str>) -> Vec<(PathBuf, String)> {
    let mut files = Vec::new();
    for dir in ["src", "crates/core/src"] {
        let before = files.len();
        sources(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join(dir),
            home,
            &mut files,
        );
        assert!(files.len() > before + 20, "the sources of {dir} were found");
    }
    files
        .into_iter()
        .map(|path| {
            let text = fs::read_to_string(&path).unwrap_or_default();
            (path, text)
        })
        .collect()
}

/// The code of a file before its `#[cfg(test)]` module.
fn app_code(text: &str) -> &str {
    text.find("#[cfg(test)]").map_or(text, |at| &text[..at])
}

/// Statements that sort outside `engine::sort`, as `file: statement`.
fn offenders(path: &Path, text: &str) -> Vec<String> {
    app_code(text)
        .split(';')
        .filter(|statement| {
            let slice_sort = [".sort()", ".sort_by(", ".sort_by_key(", ".sort_unstable"]
                .iter()
                .any(|call| statement.contains(call));
            let sorted_collect = statement.contains(".collect")
                && (statement.contains("collect::<BTree")
                    || statement.contains(": BTreeMap<")
                        && statement.contains("= ")
                        && statement.trim_end().ends_with(".collect()")
                    || statement.contains(": BTreeSet<")
                        && statement.contains("= ")
                        && statement.trim_end().ends_with(".collect()"));
            slice_sort || sorted_collect
        })
        .map(|statement| format!("{}: {}", path.display(), statement.trim()))
        .collect()
}

#[test]
fn sorting_goes_through_engine_sort() {
    let found: Vec<String> = code_but(Some("engine/sort.rs"))
        .iter()
        .flat_map(|(path, text)| offenders(path, text))
        .collect();
    assert!(
        found.is_empty(),
        "use engine::sort instead:\n{}",
        found.join("\n\n")
    );
}

#[test]
fn the_rule_sees_each_kind_of_sort() {
    let path = Path::new("x.rs");
    assert_eq!(
        offenders(path, "fn f(v: &mut [u8]) { v.sort_by_key(|x| *x); }").len(),
        1
    );
    assert_eq!(
        offenders(
            path,
            "let s: BTreeSet<&str> = names\n    .iter()\n    .collect();"
        )
        .len(),
        1
    );
    assert_eq!(
        offenders(path, "let s: BTreeSet<&str> = set_of(names.iter());").len(),
        0
    );
    assert_eq!(
        offenders(
            path,
            "fn f() {}\n#[cfg(test)]\nmod t { fn g(v: &mut [u8]) { v.sort(); } }"
        )
        .len(),
        0
    );
}

/// Lines that compare with a bare tolerance, as `file: line`.
fn bare_tolerances(path: &Path, text: &str) -> Vec<String> {
    app_code(text)
        .lines()
        .filter(|line| !line.trim_start().starts_with("//"))
        .filter(|line| line.contains("1e-9") || line.contains("0.005"))
        .map(|line| format!("{}: {}", path.display(), line.trim()))
        .collect()
}

#[test]
fn tolerances_have_one_home() {
    let found: Vec<String> = code_but(Some("engine/model.rs"))
        .iter()
        .flat_map(|(path, text)| bare_tolerances(path, text))
        .collect();
    assert!(
        found.is_empty(),
        "use engine::model's SAME_POINTS, REPORTED_TOLERANCE or shown_differently:\n{}",
        found.join("\n")
    );
    assert_eq!(
        bare_tolerances(Path::new("x.rs"), "if (a - b).abs() < 1e-9 {}").len(),
        1
    );
    assert_eq!(
        bare_tolerances(
            Path::new("x.rs"),
            "// 1e-9\n#[cfg(test)]\nconst E: f64 = 0.005;"
        )
        .len(),
        0
    );
}

/// Lines that write a date their own way, as `file: line`.
fn own_date_formats(path: &Path, text: &str) -> Vec<String> {
    app_code(text)
        .lines()
        .filter(|line| !line.trim_start().starts_with("//"))
        .filter(|line| {
            line.contains(".format(\"%")
                || line.contains("DateFormat")
                || line.contains("to_locale_date_string")
        })
        .map(|line| format!("{}: {}", path.display(), line.trim()))
        .collect()
}

#[test]
fn dates_have_one_home() {
    let found: Vec<String> = code_but(Some("core/src/format.rs"))
        .iter()
        .flat_map(|(path, text)| own_date_formats(path, text))
        .collect();
    assert!(
        found.is_empty(),
        "write dates with core's format (date, date_time, days_along...):\n{}",
        found.join("\n")
    );
    let x = Path::new("x.rs");
    assert_eq!(
        own_date_formats(x, "let s = day.format(\"%d/%m\").to_string();").len(),
        1
    );
    assert_eq!(
        own_date_formats(x, "let f = DateFormat::browser();").len(),
        1
    );
    assert_eq!(
        own_date_formats(
            x,
            "// .format(\"%d\")\n#[cfg(test)]\nfn t() { d.format(\"%a\"); }"
        )
        .len(),
        0
    );
}

/// The hooks `docs/test-hooks.md` lists: the first column's names.
fn documented_hooks(text: &str) -> Vec<String> {
    text.lines()
        .filter_map(|line| line.strip_prefix("| "))
        .filter_map(|row| row.split(" |").next())
        .flat_map(|cell| cell.split('`').skip(1).step_by(2))
        .filter(|name| {
            !name.is_empty()
                && name
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        })
        .map(str::to_string)
        .collect()
}

#[test]
fn every_documented_hook_is_in_the_code() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let hooks =
        documented_hooks(&fs::read_to_string(root.join("docs/test-hooks.md")).unwrap_or_default());
    assert!(hooks.len() > 60, "{} hooks read", hooks.len());
    let code: String = code_but(None).into_iter().map(|(_, text)| text).collect();
    // The navigation links are `nav-<slug>`, made from each page's slug.
    let missing: Vec<&String> = hooks
        .iter()
        .filter(|hook| {
            let name = hook.strip_prefix("nav-").unwrap_or(hook);
            !code.contains(&format!("\"{name}\""))
        })
        .collect();
    assert!(
        missing.is_empty(),
        "documented hooks no code sets: {missing:?}"
    );
    assert_eq!(
        documented_hooks("| hook | element |\n| `a-b`, `c` | x `not-this` |"),
        ["a-b", "c"]
    );
}
