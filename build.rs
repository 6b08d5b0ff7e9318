//! With the `split` feature (index.html turns it on for trunk's builds),
//! the wasm keeps its relocations: `scripts/split-wasm.mjs` needs them to
//! cut it into the main module and the pages' chunks. A feature rather
//! than a rustflag, so that release_env's flags and the build cache of
//! every other build (clippy, tests) stay as they are.
fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    if std::env::var_os("CARGO_FEATURE_SPLIT").is_some() {
        println!("cargo:rustc-link-arg-bins=--emit-relocs");
    }
}
