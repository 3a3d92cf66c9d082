//! Modules generated with `tag_features` build cleanly (clippy with every
//! warning denied) whatever subset of their features is on: none, one
//! tag's, and all, with the server: the routes, handlers, response enums
//! and types of the operations turned off disappear together.
//!
//! The scratch crate lives at `target/tag-features-crate/` and builds into
//! `target/corpus-check-target/`, beside the corpus check, whose
//! dependencies (the `paylink` crate with `server`) it shares.

use std::path::Path;

use paylink_codegen::generate::{generate_str, Generated, Options};
use paylink_tests::scratch::{cargo, write_if_changed, write_manifest};
use paylink_tests::workspace_root;

/// `lib.rs`: the two modules, every warning denied.
const LIB: &str = "//! Modules generated with a feature per tag.\n\
#![deny(warnings, clippy::all)]\n\n\
pub mod payroc;\n\
pub mod pets;\n";

/// The module of `spec` (relative to the workspace) with the features
/// named by `prefix`, client and server.
fn generate(spec: &str, prefix: &str) -> Generated {
    let path = workspace_root().join(spec);
    let text = std::fs::read_to_string(&path).expect("the spec is readable");
    let options = Options {
        tag_features: Some(prefix.to_string()),
        ..Options::default()
    };
    let name = path.file_name().expect("a file").to_string_lossy();
    generate_str(&name, &text, &options).expect("the spec generates")
}

/// Runs clippy on the crate in `dir` with `features` (a `--features` list).
fn clippy(dir: &Path, features: &str) {
    let target = workspace_root().join("target").join("corpus-check-target");
    let mut args = vec![
        "clippy",
        "--offline",
        "--color=never",
        "--lib",
        "--no-default-features",
    ];
    if !features.is_empty() {
        args.extend(["--features", features]);
    }
    let output = cargo(dir, &target, &args);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success() && !stderr.contains("warning"),
        "with features [{features}] the crate does not build cleanly:\n{stderr}"
    );
}

#[test]
fn every_subset_of_tag_features_builds_without_warnings() {
    let payroc = generate("specs/payroc.yaml", "payroc-");
    let pets = generate("tests/fixtures/features/tagged.yaml", "pets-");
    let names =
        |g: &Generated| -> Vec<String> { g.features.iter().map(|f| f.name.clone()).collect() };
    assert_eq!(
        names(&payroc),
        [
            "payroc-identity",
            "payroc-payment-links",
            "payroc-sharing-events"
        ]
    );
    let dir = workspace_root().join("target").join("tag-features-crate");
    let tables = [&payroc, &pets].map(|g| g.cargo_features.clone().expect("a [features] table"));
    // One `[features]` table: the second module's lines without its header.
    let table = format!(
        "{}{}",
        tables[0],
        tables[1].trim_start_matches("[features]\n")
    );
    write_manifest(
        &dir,
        "paylink-tag-features",
        "server",
        &format!("\n{table}"),
    );
    write_if_changed(&dir.join("src").join("payroc.rs"), &payroc.code);
    write_if_changed(&dir.join("src").join("pets.rs"), &pets.code);
    write_if_changed(&dir.join("src").join("lib.rs"), LIB);
    clippy(&dir, "");
    clippy(&dir, "payroc-payment-links,pets-store-orders");
    clippy(&dir, "payroc-all,pets-all");
}
