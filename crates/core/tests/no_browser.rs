//! Enforces ARCHITECTURE.md's rule "core knows nothing of the browser": the
//! crate can only name what its Cargo.toml lists, so this keeps the list to
//! the pure crates (`cargo tree -p secure-score-core` shows the whole graph).

/// The crates core may depend on.
const ALLOWED: [&str; 3] = ["serde", "serde_json", "chrono"];

/// The names listed in its dependency sections (any target's, and build's;
/// not dev's: the tests run natively).
fn dependencies(manifest: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut in_dependencies = false;
    for line in manifest.lines().map(str::trim) {
        if line.starts_with('[') {
            in_dependencies = line.trim_matches(['[', ']']).ends_with("dependencies")
                && !line.contains("dev-dependencies");
        } else if in_dependencies && !line.is_empty() && !line.starts_with('#') {
            let name = line.split(['=', '.', ' ']).next().unwrap_or_default();
            names.push(name.to_string());
        }
    }
    names
}

#[test]
fn core_depends_on_no_browser_crate() {
    let manifest = include_str!("../Cargo.toml");
    let names = dependencies(manifest);
    assert!(names.contains(&"serde".to_string()), "{names:?}");
    let others: Vec<&String> = names
        .iter()
        .filter(|name| !ALLOWED.contains(&name.as_str()))
        .collect();
    assert!(
        others.is_empty(),
        "core depends on serde, serde_json and chrono only; found {others:?}"
    );
}

#[test]
fn the_rule_sees_a_dependency_in_any_form() {
    let manifest = "[dependencies]\nserde.workspace = true\nweb-sys = \"0.3\"\n\
        [target.'cfg(target_arch = \"wasm32\")'.dependencies]\njs-sys = { version = \"0.3\" }\n\
        [dev-dependencies]\nproptest = \"1\"\n";
    assert_eq!(dependencies(manifest), ["serde", "web-sys", "js-sys"]);
}
