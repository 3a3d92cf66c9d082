//! A binary crate that includes a generated module and calls one operation
//! of it compiles with every warning denied: generated code is
//! warning-free however little of it a user calls (in a binary, every
//! unused `pub` item of a private module would otherwise be dead code).
//!
//! The scratch crate lives at `target/bin-crate/` and builds into
//! `target/corpus-check-target/`, beside the corpus check, whose
//! dependencies (the `paylink` crate with `server`) it shares.

use std::path::Path;

use paylink_codegen::generate::{generate_str, Options};
use paylink_tests::scratch::{cargo, write_if_changed, write_manifest};
use paylink_tests::workspace_root;

/// `main.rs`: one call of the client, nothing else of the module.
const MAIN: &str = "//! Calls one operation of a generated module.\n\
#![deny(warnings, clippy::all)]\n\n\
mod payroc;\n\n\
fn main() {\n    \
    let client = payroc::Client::new();\n    \
    let request = client.retrieve_payment_link(\"JZURRJBUPS\");\n    \
    drop(request.send());\n\
}\n";

#[test]
fn a_binary_using_one_operation_has_no_warnings() {
    let dir = workspace_root().join("target").join("bin-crate");
    write_crate(&dir, &Options::default());
    let target = workspace_root().join("target").join("corpus-check-target");
    let output = cargo(
        &dir,
        &target,
        &["clippy", "--offline", "--color=never", "--bins"],
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success() && !stderr.contains("warning"),
        "a binary using one operation does not build cleanly:\n{stderr}"
    );
}

/// The crate: the Payroc module generated as a user would (client and
/// server), and a `main` that uses one request of it.
fn write_crate(dir: &Path, options: &Options) {
    let spec = workspace_root().join("specs").join("payroc.yaml");
    let text = std::fs::read_to_string(&spec).expect("the Payroc spec is readable");
    let generated = generate_str("payroc.yaml", &text, options).expect("the Payroc spec generates");
    write_manifest(dir, "paylink-bin-crate", "server", "");
    write_if_changed(&dir.join("src").join("payroc.rs"), &generated.code);
    write_if_changed(&dir.join("src").join("main.rs"), MAIN);
}
