//! Compile-fail tests of `paylink::provider!`: each failure is one error on
//! the argument at fault, quoting the spec's file, line, column and JSON
//! pointer where the spec is at fault, and the stubs the expansion still
//! emits keep uses of the module from adding errors. The expected compiler
//! output is checked in beside each case (`tests/ui/*.stderr`); run with
//! `TRYBUILD=overwrite` to rewrite it after a deliberate change.

use paylink_codegen::expand::MANIFEST_DIR_OVERRIDE;

#[test]
fn macro_errors() {
    // trybuild compiles each case in a crate of its own under `target/`;
    // spec paths stay relative to this crate, as a user's are to theirs.
    std::env::set_var(MANIFEST_DIR_OVERRIDE, env!("CARGO_MANIFEST_DIR"));
    let cases = trybuild::TestCases::new();
    cases.compile_fail("ui/*.rs");
}
