//! OpenAPI Overlay 1.0 documents in every front end: `generate`,
//! `validate` and `diff` (`--overlay`), the build-script `Config`, the
//! `provider!` expansion and a manifest; a target that matches nothing is a
//! warning located in the overlay, a broken overlay an error located there.

use paylink_codegen::{expand, Config};
use paylink_tests::{fixture, run_cli, workspace_root};
use quote::quote;

fn path(relative: &str) -> String {
    fixture(relative).display().to_string()
}

/// What the hosts overlay does, seen in generated code.
fn assert_overlaid(code: &str) {
    assert!(code.contains("with overlay `hosts.overlay.yaml`"), "header");
    assert!(code.contains("pub fn sandbox() -> Self"), "environment");
    assert!(code.contains("pub fn production() -> Self"), "environment");
    assert!(
        code.contains("\"https://sandbox.example.com/api\""),
        "server"
    );
    assert!(!code.contains("get_internal_link"), "removed operation");
    assert!(code.contains("pub note: Option<String>"), "merged property");
}

#[test]
fn generate_applies_overlays_in_order() {
    let out = workspace_root().join("target/overlay-test/api.rs");
    std::fs::create_dir_all(out.parent().expect("a folder")).expect("scratch folder");
    let out_arg = out.display().to_string();
    let (status, _, err) = run_cli(&[
        "generate",
        &path("overlay/api.yaml"),
        "-o",
        &out_arg,
        "--overlay",
        &path("overlay/hosts.overlay.yaml"),
    ]);
    assert_eq!(status, 0, "{err}");
    assert_overlaid(&std::fs::read_to_string(&out).expect("written"));
    let (status, _, err) = run_cli(&["generate", &path("overlay/api.yaml"), "-o", &out_arg]);
    assert_eq!(status, 0, "{err}");
    let plain = std::fs::read_to_string(&out).expect("written");
    assert!(plain.contains("get_internal_link") && !plain.contains("pub fn sandbox"));
}

#[test]
fn a_target_matching_nothing_is_a_warning_located_in_the_overlay() {
    let (status, out, err) = run_cli(&[
        "validate",
        &path("overlay/api.yaml"),
        "--overlay",
        &path("overlay/nothing.overlay.yaml"),
    ]);
    assert_eq!(status, 0, "{out}{err}");
    assert!(err.contains("nothing.overlay.yaml:4:"), "{err}");
    assert!(err.contains("matches nothing in the spec"), "{err}");
    assert!(err.contains("#/actions/0/target"), "{err}");
}

#[test]
fn a_broken_overlay_is_an_error_located_in_the_overlay() {
    let broken = path("overlay/broken.overlay.yaml");
    for args in [
        vec!["validate", &path("overlay/api.yaml"), "--overlay", &broken],
        vec![
            "generate",
            &path("overlay/api.yaml"),
            "-o",
            "target/overlay-test/never.rs",
            "--overlay",
            &broken,
        ],
        vec![
            "diff",
            &path("overlay/api.yaml"),
            &path("overlay/api.yaml"),
            "--overlay",
            &broken,
        ],
    ] {
        let (status, _, err) = run_cli(&args);
        assert_eq!(status, 1, "{args:?}: {err}");
        assert!(err.contains("is not a JSONPath"), "{args:?}: {err}");
        assert!(err.contains("broken.overlay.yaml"), "{args:?}: {err}");
    }
    assert!(!workspace_root()
        .join("target/overlay-test/never.rs")
        .exists());
}

#[test]
fn diff_compares_both_versions_overlaid() {
    let (old, new) = (
        path("overlay/api.yaml"),
        path("overlay/api-without-internal.yaml"),
    );
    let (status, out, err) = run_cli(&["diff", &old, &new, "--fail-on", "breaking"]);
    assert_eq!(status, 1, "the removal breaks clients: {out}{err}");
    assert!(
        out.contains("getInternalLink") || out.contains("internal"),
        "{out}"
    );
    let hosts = path("overlay/hosts.overlay.yaml");
    let (status, out, err) = run_cli(&[
        "diff",
        &old,
        &new,
        "--fail-on",
        "breaking",
        "--overlay",
        &hosts,
    ]);
    assert_eq!(status, 0, "the overlay removes it from both: {out}{err}");
}

#[test]
fn config_applies_overlays() {
    let mut config = Config::new();
    config.overlays([path("overlay/hosts.overlay.yaml")]);
    let text = std::fs::read_to_string(fixture("overlay/api.yaml")).expect("spec");
    let generated = config.generate("api.yaml", &text).expect("generates");
    assert_overlaid(&generated.code);
}

#[test]
fn provider_macro_applies_overlays_relative_to_the_crate() {
    std::env::set_var(
        expand::MANIFEST_DIR_OVERRIDE,
        workspace_root().join("tests"),
    );
    let tokens = expand::provider(quote!(
        spec = "fixtures/overlay/api.yaml",
        module = "api",
        overlays = ["fixtures/overlay/hosts.overlay.yaml"]
    ));
    let code = tokens.to_string();
    assert!(!code.contains("compile_error"), "{code}");
    assert!(code.contains("fn sandbox"), "environment constructor");
    assert!(
        code.contains("hosts.overlay.yaml\")"),
        "the overlay is an input Cargo tracks"
    );
}

#[test]
fn an_environment_that_names_an_existing_method_is_a_warning() {
    let text = std::fs::read_to_string(fixture("overlay/api.yaml"))
        .expect("spec")
        .replace(
            "  - url: /api\n",
            "  - url: https://a.example.com\n    x-paylink-environment: getLink\n  - url: https://b.example.com\n    x-paylink-environment: new\n  - url: /relative\n    x-paylink-environment: local\n",
        );
    let generated = Config::new()
        .generate("api.yaml", &text)
        .expect("generates");
    let messages: Vec<&str> = generated
        .warnings
        .iter()
        .map(|w| w.message.as_str())
        .collect();
    assert_eq!(messages.len(), 3, "{messages:?}");
    assert!(
        messages[0].contains("`get_link` is already a method"),
        "{messages:?}"
    );
    assert!(
        messages[1].contains("`new` is already a method"),
        "{messages:?}"
    );
    assert!(messages[2].contains("is not absolute"), "{messages:?}");
    assert_eq!(
        generated.warnings[0].pointer,
        "#/servers/0/x-paylink-environment"
    );
    assert!(!generated.code.contains("pub fn local()"));
}
