//! Enforces ARCHITECTURE.md's rule "Sorting goes through `engine::sort`":
//! every other sort (a slice method, or `collect` into a `BTreeMap` or
//! `BTreeSet`, which sorts its input) compiles one more copy of the sort
//! into the wasm. Test code may sort as it likes.

use std::fs;
use std::path::{Path, PathBuf};

/// The source files under `dir`, `engine/sort.rs` and test files left out.
fn sources(dir: &Path, found: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            sources(&path, found);
        } else if path.extension().is_some_and(|e| e == "rs")
            && !path.ends_with("engine/sort.rs")
            && !path.ends_with("tests.rs")
        {
            found.push(path);
        }
    }
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
    // The app's code and the core crate's: one wasm.
    let mut files = Vec::new();
    for dir in ["src", "crates/core/src"] {
        let before = files.len();
        sources(&Path::new(env!("CARGO_MANIFEST_DIR")).join(dir), &mut files);
        assert!(files.len() > before + 20, "the sources of {dir} were found");
    }
    let found: Vec<String> = files
        .iter()
        .flat_map(|path| offenders(path, &fs::read_to_string(path).unwrap_or_default()))
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
