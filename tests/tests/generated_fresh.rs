//! Checked-in generated code must be exactly what the generator writes
//! today: the built-in providers in `generated/src/`, the round-trip
//! fixture modules (client only, and client with server), those of the
//! wire fixtures (nested forms and every parameter style, nullable
//! references, unions) and the secrets fixture. A stale file fails with
//! the command that fixes it.

use paylink_codegen::generate::{generate_str, Options};
use paylink_codegen::providers::{paths, provider_options, PROVIDERS};
use paylink_tests::workspace_root;
use std::path::Path;

/// The options of the fixture modules: through `paylink::codegen`, with
/// or without the server.
fn fixture_options(server: bool) -> Options {
    Options {
        runtime: "paylink::codegen".into(),
        client: Some(true),
        server: Some(server),
        ..Options::default()
    }
}

fn compare(spec: &Path, output: &Path, options: &Options, fix: &str) -> Option<String> {
    let text = std::fs::read_to_string(spec).expect("spec is readable");
    let name = spec.file_name().unwrap_or_default().to_string_lossy();
    let generated = generate_str(&name, &text, options)
        .unwrap_or_else(|e| panic!("{} does not generate: {e}", spec.display()));
    let current = std::fs::read_to_string(output).unwrap_or_default();
    if current == generated.code {
        return None;
    }
    let line = current
        .lines()
        .zip(generated.code.lines())
        .position(|(a, b)| a != b)
        .map_or_else(
            || current.lines().count().min(generated.code.lines().count()) + 1,
            |i| i + 1,
        );
    Some(format!(
        "{} is out of date (first difference at line {line}); run `{fix}`",
        output.display()
    ))
}

#[test]
fn checked_in_generated_code_is_fresh() {
    let root = workspace_root();
    let mut stale = Vec::new();
    for (module, spec) in PROVIDERS {
        let (spec, output) = paths(&root, module, spec);
        stale.extend(compare(
            &spec,
            &output,
            &provider_options(&root, module),
            "cargo run -p paylink-codegen -- generate",
        ));
    }
    stale.extend(compare(
        &root.join("tests/fixtures/tricky.yaml"),
        &root.join("generated/tests/support/tricky.rs"),
        &fixture_options(false),
        "cargo run -p paylink-codegen -- generate tests/fixtures/tricky.yaml -o generated/tests/support/tricky.rs --runtime paylink::codegen --client",
    ));
    stale.extend(compare(
        &root.join("tests/fixtures/tricky.yaml"),
        &root.join("generated/tests/support/tricky_server.rs"),
        &fixture_options(true),
        "cargo run -p paylink-codegen -- generate tests/fixtures/tricky.yaml -o generated/tests/support/tricky_server.rs --runtime paylink::codegen",
    ));
    for name in ["forms", "nullable", "nullable30", "pointers", "unions"] {
        stale.extend(compare(
            &root.join(format!("tests/fixtures/wire/{name}.yaml")),
            &root.join(format!("generated/tests/support/{name}.rs")),
            &fixture_options(true),
            &format!("cargo run -p paylink-codegen -- generate tests/fixtures/wire/{name}.yaml -o generated/tests/support/{name}.rs --runtime paylink::codegen"),
        ));
    }
    stale.extend(compare(
        &root.join("tests/fixtures/secrets.yaml"),
        &root.join("generated/tests/support/secrets_server.rs"),
        &fixture_options(true),
        "cargo run -p paylink-codegen -- generate tests/fixtures/secrets.yaml -o generated/tests/support/secrets_server.rs --runtime paylink::codegen",
    ));
    assert!(stale.is_empty(), "{}", stale.join("\n"));
}
