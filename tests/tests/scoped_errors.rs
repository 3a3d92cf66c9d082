//! A defect in one operation refuses that operation, not the spec: with
//! the `operations` or `tags` option selecting others, the spec generates
//! and the defect is a located warning naming the operation it is in or
//! that reaches it; selecting that operation (or every operation) makes
//! it an error naming both the defect and the operation. Null security
//! scopes are read as an empty list with a warning. The spec is
//! `tests/fixtures/scoped/defects.yaml`.

use paylink_codegen::generate::{generate_str, Generated, Options};
use paylink_codegen::{Diagnostic, SpecError};
use paylink_tests::{fixture, run_cli};

const SPEC: &str = "defects.yaml";

fn generate(tags: &[&str], operations: &[&str]) -> Result<Generated, SpecError> {
    let text = std::fs::read_to_string(fixture("scoped/defects.yaml")).expect("fixture");
    let options = Options {
        tags: tags.iter().map(ToString::to_string).collect(),
        operations: operations.iter().map(ToString::to_string).collect(),
        ..Options::default()
    };
    generate_str(SPEC, &text, &options)
}

/// The one diagnostic at `pointer`.
fn at<'d>(diagnostics: &'d [Diagnostic], pointer: &str) -> &'d Diagnostic {
    let found: Vec<&Diagnostic> = diagnostics
        .iter()
        .filter(|d| d.pointer == pointer)
        .collect();
    assert_eq!(
        found.len(),
        1,
        "one diagnostic at {pointer}: {diagnostics:#?}"
    );
    found[0]
}

const NULL_SCOPES: &str = "#/paths/~1scopes/get/security/0/oauth2";
const NAMELESS: &str = "#/paths/~1broken/get/parameters/0";
const NOWHERE: &str = "#/components/schemas/Bad/properties/b/$ref";
const SHARED: &str = "#/paths/~1shared/parameters/0";
const UNUSED: &str = "#/components/schemas/Unused/properties/c/$ref";

#[test]
fn other_operations_generate_with_located_warnings() {
    for (tags, operations) in [(vec![], vec!["fine"]), (vec!["sound"], vec![])] {
        let generated = generate(&tags, &operations).expect("the sound operation generates");
        assert_eq!(generated.operations, 1);
        assert!(
            generated.code.contains("pub fn fine("),
            "{}",
            generated.code
        );
        let w = &generated.warnings;
        assert!(
            w.iter().all(|d| !d.is_error() && d.location.is_some()),
            "{w:#?}"
        );
        assert!(at(w, NULL_SCOPES).message.contains("empty list"));
        let nameless = at(w, NAMELESS);
        assert!(nameless.message.contains("`name`"), "{nameless}");
        assert!(
            nameless.message.contains("`broken` (GET /broken)"),
            "{nameless}"
        );
        let nowhere = at(w, NOWHERE);
        assert!(
            nowhere.message.contains("#/components/schemas/Nowhere"),
            "{nowhere}"
        );
        assert!(
            nowhere.message.contains("`dangling` (GET /dangling)"),
            "{nowhere}"
        );
        let shared = at(w, SHARED);
        assert!(
            shared.message.contains("`shared_get`") && shared.message.contains("`shared_delete`"),
            "{shared}"
        );
        assert!(at(w, UNUSED).message.contains("no operation reaches it"));
    }
}

#[test]
fn null_scopes_are_read_as_none() {
    let generated = generate(&[], &["nullScopes"]).expect("generates");
    assert!(
        generated.code.contains("pub fn null_scopes("),
        "{}",
        generated.code
    );
    assert!(at(&generated.warnings, NULL_SCOPES).location.is_some());
}

#[test]
fn a_selected_operation_reaching_a_dangling_reference_is_refused_naming_both() {
    let error = generate(&[], &["dangling"]).expect_err("refused");
    let d = at(&error.diagnostics, NOWHERE);
    assert!(d.is_error(), "{d}");
    assert!(
        d.message.contains("\"#/components/schemas/Nowhere\""),
        "{d}"
    );
    assert!(
        d.message.contains("operation `dangling` (GET /dangling)"),
        "{d}"
    );
    assert_eq!(d.location.as_ref().map(|l| l.line), Some(73), "{d}");
    // The defects of operations left out stay warnings.
    assert!(!at(&error.diagnostics, NAMELESS).is_error());
}

#[test]
fn a_selected_operation_with_a_defect_is_refused_naming_it() {
    let error = generate(&[], &["broken"]).expect_err("refused");
    let d = at(&error.diagnostics, NAMELESS);
    assert!(
        d.is_error() && d.message.contains("operation `broken` (GET /broken)"),
        "{d}"
    );
    let error = generate(&[], &["sharedDelete"]).expect_err("refused");
    let d = at(&error.diagnostics, SHARED);
    assert!(
        d.is_error() && d.message.contains("`shared_delete` (DELETE /shared)"),
        "{d}"
    );
}

#[test]
fn every_operation_selected_means_every_defect_is_an_error() {
    let error = generate(&[], &[]).expect_err("refused");
    for pointer in [NAMELESS, NOWHERE, SHARED] {
        assert!(at(&error.diagnostics, pointer).is_error(), "{pointer}");
    }
    assert!(!at(&error.diagnostics, UNUSED).is_error());
    let text = std::fs::read_to_string(fixture("scoped/defects.yaml")).expect("fixture");
    let read = paylink_codegen::read_spec_str(SPEC, &text).expect_err("validate refuses it");
    assert!(at(&read.diagnostics, NOWHERE).is_error());
}

#[test]
fn the_cli_generates_the_selected_operation() {
    let out = std::env::temp_dir().join(format!("paylink-scoped-{}.rs", std::process::id()));
    let (status, stdout, stderr) = run_cli(&[
        "generate",
        &fixture("scoped/defects.yaml").display().to_string(),
        "-o",
        &out.display().to_string(),
        "--operations",
        "fine",
    ]);
    assert_eq!(status, 0, "{stderr}");
    assert!(stdout.contains("1 operations"), "{stdout}");
    let _ = std::fs::remove_file(out);
}
