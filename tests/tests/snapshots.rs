//! Snapshots of the whole generated module of each built-in spec, so a
//! change to the generator shows up as a reviewable diff.

use paylink_codegen::generate::generate_str;
use paylink_codegen::providers::{paths, provider_options, PROVIDERS};
use paylink_tests::workspace_root;

#[test]
fn generated_modules() {
    let root = workspace_root();
    for (module, spec) in PROVIDERS {
        let (spec_path, _) = paths(&root, module, spec);
        let text = std::fs::read_to_string(&spec_path).expect("spec is readable");
        let generated = generate_str(spec, &text, &provider_options(&root, module))
            .unwrap_or_else(|e| panic!("{spec}: {e}"));
        insta::assert_snapshot!(*module, generated.code);
    }
}
