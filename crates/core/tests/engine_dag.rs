//! Enforces ARCHITECTURE.md's rule "the engine's modules import each other
//! as a DAG": no module of `src/engine` reaches, through the others it
//! uses, back to itself. Test code may use what it likes.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

/// Module name → the engine modules its code names.
type Uses = BTreeMap<String, BTreeSet<String>>;

/// The code of a file before its `#[cfg(test)]` module, without comments.
fn code(text: &str) -> String {
    let text = text.find("#[cfg(test)]").map_or(text, |at| &text[..at]);
    text.lines()
        .filter(|line| !line.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The names `code` reaches through `prefix`: `prefix name` and each item
/// of `prefix {a, b::c}`.
fn named_after(code: &str, prefix: &str) -> Vec<String> {
    let mut names = Vec::new();
    for (at, _) in code.match_indices(prefix) {
        let rest = &code[at + prefix.len()..];
        let group = rest.strip_prefix('{').map(|inner| {
            let mut depth = 0;
            let end = inner
                .find(|c| {
                    depth += match c {
                        '{' => 1,
                        '}' => -1,
                        _ => 0,
                    };
                    depth < 0
                })
                .unwrap_or(inner.len());
            let mut items = Vec::new();
            let mut depth = 0;
            let mut start = 0;
            for (i, c) in inner[..end].char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        items.push(&inner[start..i]);
                        start = i + 1;
                    }
                    _ => {}
                }
            }
            items.push(&inner[start..end]);
            items
        });
        for item in group.unwrap_or_else(|| vec![rest]) {
            let item = item.trim_start();
            let name: String = item
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            names.push(name);
        }
    }
    names
}

/// Every `.rs` file below `dir` but `tests.rs` files, with the path of its
/// parts relative to the engine folder.
fn files(dir: &Path, parts: &[String], found: &mut Vec<(Vec<String>, String)>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().to_string();
        let mut here = parts.to_vec();
        here.push(name.clone());
        if path.is_dir() {
            files(&path, &here, found);
        } else if name.ends_with(".rs") && name != "tests.rs" {
            found.push((here, fs::read_to_string(&path).unwrap_or_default()));
        }
    }
}

/// The engine's modules and what each uses.
fn engine_uses(engine: &Path) -> Uses {
    let mut found = Vec::new();
    files(engine, &[], &mut found);
    let modules: BTreeSet<String> = found
        .iter()
        .map(|(parts, _)| parts[0].trim_end_matches(".rs").to_string())
        .filter(|name| name != "mod")
        .collect();
    let mut uses = Uses::new();
    for (parts, text) in &found {
        let module = parts[0].trim_end_matches(".rs").to_string();
        if module == "mod" {
            continue;
        }
        // `super::` climbs from the file's module to the engine.
        let depth = parts.len() - usize::from(parts.last().is_some_and(|p| p == "mod.rs"));
        let code = code(text);
        let names = named_after(&code, "crate::engine::")
            .into_iter()
            .chain(named_after(&code, &"super::".repeat(depth)));
        let used = uses.entry(module.clone()).or_default();
        used.extend(names.filter(|name| *name != module && modules.contains(name)));
    }
    uses
}

/// A cycle as `a -> b -> a`, if the uses have one.
fn cycle(uses: &Uses) -> Option<String> {
    fn visit(
        module: &str,
        uses: &Uses,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<String> {
        if let Some(at) = path.iter().position(|m| m == module) {
            let mut cycle = path[at..].to_vec();
            cycle.push(module.to_string());
            return Some(cycle.join(" -> "));
        }
        if done.contains(module) {
            return None;
        }
        path.push(module.to_string());
        for next in uses.get(module).into_iter().flatten() {
            if let Some(cycle) = visit(next, uses, path, done) {
                return Some(cycle);
            }
        }
        path.pop();
        done.insert(module.to_string());
        None
    }
    let mut done = BTreeSet::new();
    uses.keys()
        .find_map(|module| visit(module, uses, &mut Vec::new(), &mut done))
}

#[test]
fn the_engine_modules_import_each_other_as_a_dag() {
    let uses = engine_uses(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src/engine"));
    // The scanner sees the layers it guards.
    for (module, used) in [("file", "graph"), ("graph", "detect"), ("state", "model")] {
        assert!(
            uses[module].contains(used),
            "{module} uses {used}: {uses:?}"
        );
    }
    assert_eq!(cycle(&uses), None, "the engine's modules: {uses:#?}");
}

#[test]
fn the_rule_sees_each_form_of_use() {
    let text = "use crate::engine::{model::{A, B}, sort};\nuse super::json::Node;\n\
        // use crate::engine::plan;\nfn f() { crate::engine::diff::x(); }\n\
        #[cfg(test)]\nmod tests { use crate::engine::queue; }";
    let code = code(text);
    assert_eq!(
        named_after(&code, "crate::engine::"),
        ["model", "sort", "diff"]
    );
    assert_eq!(named_after(&code, "super::"), ["json"]);
    let uses = Uses::from([
        ("a".to_string(), BTreeSet::from(["b".to_string()])),
        ("b".to_string(), BTreeSet::from(["a".to_string()])),
    ]);
    assert_eq!(cycle(&uses), Some("a -> b -> a".to_string()));
}
