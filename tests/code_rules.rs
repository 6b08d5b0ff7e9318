//! Enforces ARCHITECTURE.md's code rules over the app's and the core
//! crate's code (one wasm), test code left out:
//! - "Sorting goes through `engine::sort`": every other sort (a slice
//!   method, or `collect` into a `BTreeMap` or `BTreeSet`, which sorts its
//!   input) compiles one more copy of the sort into the wasm;
//! - points are compared through `engine::model`'s named tolerances, never
//!   a bare `1e-9` or `0.005`;
//! - every Graph field name is declared once, in `engine::detect::fields`:
//!   the Graph readers (`engine/graph`, `engine/detect`) spell none of its
//!   names as a literal;
//! - each layer of the app names only those below it (the sources no view
//!   nor the host);
//! - only embed looks elements up in the whole (host) document;
//! - the import path (its own wasm chunk) is reached through
//!   `sources::import_path::load` only;
//! - counts are worded by core's `text` (`plural`, `counted`), not by hand;
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

/// The Graph field names `engine/detect/fields.rs` declares: the text of
/// its `pub const NAME: &str = "...";` lines.
fn graph_field_names(text: &str) -> Vec<String> {
    text.lines()
        .filter_map(|line| line.trim().strip_prefix("pub const "))
        .filter_map(|rest| rest.split_once(": &str = \""))
        .filter_map(|(_, name)| name.strip_suffix("\";"))
        .map(str::to_string)
        .collect()
}

/// Code that spells a Graph field name without being one: a noun in a
/// message ("an array of 3 values of mixed kinds").
const NOT_FIELDS: &[&str] = &["plural(items.len(), \"value\")"];

/// Lines that spell one of `names` as a string literal, as `file: line`.
fn graph_field_literals(path: &Path, text: &str, names: &[String]) -> Vec<String> {
    app_code(text)
        .lines()
        .filter(|line| !line.trim_start().starts_with("//"))
        .filter(|line| {
            let code = NOT_FIELDS
                .iter()
                .fold(line.to_string(), |code, not| code.replace(not, ""));
            names
                .iter()
                .any(|name| code.contains(&format!("\"{name}\"")))
        })
        .map(|line| format!("{}: {}", path.display(), line.trim()))
        .collect()
}

#[test]
fn graph_field_names_have_one_home() {
    let engine = Path::new(env!("CARGO_MANIFEST_DIR")).join("crates/core/src/engine");
    let names =
        graph_field_names(&fs::read_to_string(engine.join("detect/fields.rs")).unwrap_or_default());
    assert!(names.len() > 40, "{} field names read", names.len());
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    // The readers and the one writer of Secure Score's Graph resources.
    let elsewhere = [
        "crates/core/src/sources/import.rs",
        "src/sources/rest.rs",
        "src/assess/collect.rs",
        "src/signin/write.rs",
    ];
    let is_graph_reader = |path: &Path| {
        path.starts_with(engine.join("graph"))
            || path.starts_with(engine.join("detect"))
            || path == engine.join("detect.rs")
            || elsewhere.iter().any(|file| path == root.join(file))
    };
    let found: Vec<String> = code_but(Some("engine/detect/fields.rs"))
        .iter()
        .filter(|(path, _)| is_graph_reader(path))
        .flat_map(|(path, text)| graph_field_literals(path, text, &names))
        .collect();
    assert!(
        found.is_empty(),
        "name Graph's fields through engine::detect::fields:\n{}",
        found.join("\n")
    );
    let x = Path::new("x.rs");
    assert_eq!(
        graph_field_literals(x, "let s = node.get(\"currentScore\")?;", &names).len(),
        1
    );
    assert_eq!(
        graph_field_literals(
            x,
            "// \"value\"\nlet n = plural(items.len(), \"value\");\n#[cfg(test)]\nconst S: &str = \"value\";",
            &names
        )
        .len(),
        0
    );
    assert_eq!(
        graph_field_names("/// A.\npub const A: &str = \"a\";\npub const N: u8 = 1;"),
        ["a"]
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

/// Places that pluralise by hand, as `file: text`: an `"s"` added for more
/// than one, or a `== 1` branch that spells "1 <noun>".
fn own_plurals(path: &Path, text: &str) -> Vec<String> {
    let code: String = code_lines(text).collect::<Vec<_>>().join(" ");
    let code: String = code.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut found: Vec<String> = code
        .match_indices("else { \"s\" }")
        .map(|(at, _)| code[..at].chars().rev().take(40).collect::<Vec<_>>())
        .map(|before| before.into_iter().rev().collect::<String>() + "else { \"s\" }")
        .collect();
    found.extend(
        code.match_indices("== 1 {")
            .map(|(at, _)| &code[at + 6..])
            .filter(|after| {
                let after = after.trim_start();
                after.starts_with("\"1 ") || after.starts_with("format!(\"1 ")
            })
            .map(|after| after.trim_start().chars().take(40).collect::<String>()),
    );
    found
        .into_iter()
        .map(|text| format!("{}: {text}", path.display()))
        .collect()
}

#[test]
fn plurals_have_one_home() {
    let found: Vec<String> = code_but(Some("core/src/text.rs"))
        .iter()
        .flat_map(|(path, text)| own_plurals(path, text))
        .collect();
    assert!(
        found.is_empty(),
        "count things with core's text::plural or text::counted:\n{}",
        found.join("\n")
    );
    let x = Path::new("x.rs");
    let by_hand = "let s = if n == 1 {\n    \"1 status\".to_string()\n} else {\n    format!(\"{n} statuses\")\n};";
    assert_eq!(own_plurals(x, by_hand).len(), 1);
    assert_eq!(
        own_plurals(
            x,
            "format!(\"{n} day{}\", if n == 1 { \"\" } else { \"s\" })"
        )
        .len(),
        1
    );
    assert_eq!(own_plurals(x, "let s = plural(n, \"day\");").len(), 0);
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

/// The code of `text` without its comments and test module.
fn code_lines(text: &str) -> impl Iterator<Item = &str> {
    app_code(text)
        .lines()
        .filter(|line| !line.trim_start().starts_with("//"))
}

/// The app's layers, top first: each names only the layers below it (and
/// the utilities `dom`, `lazy`, `assets`, and the core crate). The shell
/// creates everything; pages show the state; embed is the host page's
/// side; sources fill the state they are handed and know no view.
const LAYERS: [(&str, &[&str]); 7] = [
    ("src/pages", &["app"]),
    ("src/embed", &["app", "pages"]),
    ("src/components", &["app", "pages", "embed"]),
    ("src/signin", &["app", "pages", "embed", "components"]),
    ("src/assess", &["app", "pages", "embed", "components"]),
    (
        "src/state",
        &["app", "pages", "embed", "components", "signin", "assess"],
    ),
    (
        "src/sources",
        &["app", "pages", "embed", "components", "assess", "state"],
    ),
];

/// Lines of `text` that name one of `above`'s modules, as `file: line`.
fn upward_paths(path: &Path, text: &str, above: &[&str]) -> Vec<String> {
    code_lines(text)
        .filter(|line| {
            above.iter().any(|module| {
                let named = format!("crate::{module}");
                line.match_indices(&named).any(|(at, _)| {
                    !line[at + named.len()..].starts_with(|c: char| c.is_alphanumeric() || c == '_')
                })
            })
        })
        .map(|line| format!("{}: {}", path.display(), line.trim()))
        .collect()
}

#[test]
fn each_layer_names_only_the_layers_below() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let code = code_but(None);
    let found: Vec<String> = LAYERS
        .iter()
        .flat_map(|(dir, above)| {
            let dir = root.join(dir);
            code.iter()
                .filter(move |(path, _)| path.starts_with(&dir))
                .flat_map(|(path, text)| upward_paths(path, text, above))
        })
        .collect();
    assert!(
        found.is_empty(),
        "a layer takes what it needs from above as arguments (see ARCHITECTURE.md, \
         \"Invariants\"):\n{}",
        found.join("\n")
    );
    let path = Path::new("x.rs");
    let sources = LAYERS[6].1;
    assert_eq!(
        upward_paths(path, "use crate::state::{AppState, use_app};", sources).len(),
        1
    );
    assert_eq!(
        upward_paths(path, "    crate::embed::events::report(&x);", sources).len(),
        1
    );
    assert_eq!(
        upward_paths(path, "/// See [`crate::app::AppState`].", sources).len(),
        0
    );
    assert_eq!(
        upward_paths(path, "use crate::statements;", sources).len(),
        0
    );
}

/// Lines of `text` that look elements up in the whole document, as
/// `file: call`.
fn document_lookups(path: &Path, text: &str) -> Vec<String> {
    let code: String = code_lines(text)
        .flat_map(|line| line.chars().filter(|c| !c.is_whitespace()))
        .collect();
    ["document().", "document()?."]
        .iter()
        .flat_map(|start| code.match_indices(start))
        .map(|(at, start)| &code[at + start.len()..])
        .filter(|call| {
            ["get_element_by_id(", "query_selector", "get_elements_by"]
                .iter()
                .any(|lookup| call.starts_with(lookup))
        })
        .map(|call| {
            format!(
                "{}: document().{}",
                path.display(),
                &call[..call.len().min(40)]
            )
        })
        .collect()
}

#[test]
fn only_embed_looks_at_the_host_page() {
    let embed = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/embed");
    let found: Vec<String> = code_but(None)
        .iter()
        .filter(|(path, _)| !path.starts_with(&embed))
        .flat_map(|(path, text)| document_lookups(path, text))
        .collect();
    assert!(
        found.is_empty(),
        "a portal may show several instances: reach an instance's own elements through \
         a NodeRef or the event's target (crate::dom::closest):\n{}",
        found.join("\n")
    );
    let path = Path::new("x.rs");
    let lookup = "let row = document()\n    .get_element_by_id(&id);";
    assert_eq!(document_lookups(path, lookup).len(), 1);
    assert_eq!(
        document_lookups(path, "web_sys::window()?.document()?.query_selector(\"a\")").len(),
        1
    );
    assert_eq!(
        document_lookups(path, "let a = document().create_element(\"a\");").len(),
        0
    );
}

/// Calls into the import path's code (reading, parsing, the engine's
/// import, the generated history), as `file: line`.
fn import_path_calls(path: &Path, text: &str) -> Vec<String> {
    const ENTRIES: [&str; 8] = [
        "read_batch(",
        "import::import(",
        "import::parse(",
        "add_page(",
        "organization_of(",
        "into_content(",
        "synthetic::",
        "file::read(",
    ];
    code_lines(text)
        .filter(|line| !line.contains("fn ") && ENTRIES.iter().any(|call| line.contains(call)))
        .map(|line| format!("{}: {}", path.display(), line.trim()))
        .collect()
}

#[test]
fn the_import_path_is_reached_through_its_chunk() {
    let app = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    // Its entry points, and the reading of files it holds.
    let homes = [
        app.join("sources/import_path.rs"),
        app.join("sources/upload.rs"),
    ];
    let found: Vec<String> = code_but(None)
        .iter()
        .filter(|(path, _)| path.starts_with(&app) && !homes.contains(path))
        .flat_map(|(path, text)| import_path_calls(path, text))
        .collect();
    assert!(
        found.is_empty(),
        "the import path's code is in a wasm chunk of its own: reach it through \
         sources::import_path::load (see ARCHITECTURE.md, \"Invariants\"):\n{}",
        found.join("\n")
    );
    let path = Path::new("x.rs");
    let direct = "let read = upload::read_batch(&files, &progress).await;";
    assert_eq!(import_path_calls(path, direct).len(), 1);
    assert_eq!(
        import_path_calls(path, "let b = import::import(inputs, None, today);").len(),
        1
    );
    assert_eq!(
        import_path_calls(path, "let read = (path.read_batch)(&files, &p).await;").len(),
        0
    );
    assert_eq!(
        import_path_calls(path, "pub async fn read_batch(files: &[File]) {").len(),
        0
    );
}
