//! The code the generator prints itself, without a syntax tree (see
//! `paylink_codegen::emit::verify_text`), is laid out exactly as
//! prettyplease lays out the same code: every piece of text of every
//! corpus spec, built-in spec and fixture, client alone and both sides,
//! is printed again by prettyplease and compared, line by line.

use std::path::PathBuf;

use paylink_codegen::generate::{generate_str, Options};
use paylink_tests::{corpus_dir, corpus_specs, fixture, provider_specs, run_cli};

/// The specs checked: the built-in five, the fixtures the checked-in
/// modules come from, and the corpus when present.
fn specs() -> Vec<PathBuf> {
    let mut specs = provider_specs();
    for name in ["tricky.yaml", "secrets.yaml"] {
        specs.push(fixture(name));
    }
    let wire = fixture("wire");
    let mut fixtures: Vec<PathBuf> = std::fs::read_dir(&wire)
        .map(|dir| dir.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    fixtures.sort();
    specs.extend(fixtures.into_iter().filter(|p| p.is_file()));
    if let Some(corpus) = corpus_dir() {
        specs.extend(corpus_specs(&corpus));
    }
    specs
}

#[test]
fn printed_text_is_laid_out_as_prettyplease_lays_it_out() {
    // Left on: every test of this file checks.
    paylink_codegen::emit::verify_text(true);
    let out = std::env::temp_dir().join(format!("paylink-printed-{}.rs", std::process::id()));
    let module = out.to_str().expect("a UTF-8 path");
    let mut failures = Vec::new();
    for spec in specs() {
        let path = spec.to_str().expect("a UTF-8 path");
        for flags in [&["--client"][..], &[][..]] {
            let mut args = vec!["generate", path, "-o", module];
            args.extend(flags);
            let (status, _, err) = run_cli(&args);
            if status != 0 {
                let first: String = err.lines().take(400).collect::<Vec<_>>().join("\n");
                failures.push(format!("{path} {flags:?}:\n{first}"));
            }
        }
    }
    let _ = std::fs::remove_file(&out);
    assert!(
        failures.is_empty(),
        "{} generations failed:\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

/// Hostile specs (some refused, by design) never make printed text that
/// differs from prettyplease's or does not lex.
#[test]
fn hostile_specs_print_as_prettyplease_prints() {
    paylink_codegen::emit::verify_text(true);
    let out = std::env::temp_dir().join(format!("paylink-hostile-{}.rs", std::process::id()));
    let module = out.to_str().expect("a UTF-8 path");
    let mut specs: Vec<PathBuf> = std::fs::read_dir(fixture("hostile"))
        .expect("the hostile fixtures")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
        .collect();
    specs.sort();
    assert!(!specs.is_empty(), "no hostile fixtures");
    for spec in specs {
        let path = spec.to_str().expect("a UTF-8 path");
        for flags in [&["--client"][..], &[][..]] {
            let mut args = vec!["generate", path, "-o", module];
            args.extend(flags);
            let (_, _, err) = run_cli(&args);
            assert!(
                !err.contains("printed text differs") && !err.contains("does not lex"),
                "{path} {flags:?}: {err}"
            );
        }
    }
    let _ = std::fs::remove_file(&out);
}

/// Items behind a feature per tag carry their `#[cfg]` where prettyplease
/// puts it: after their docs.
#[test]
fn gated_items_are_laid_out_as_prettyplease_lays_them_out() {
    paylink_codegen::emit::verify_text(true);
    let mut specs = vec![fixture("features/tagged.yaml")];
    specs.extend(provider_specs());
    for spec in specs {
        let text = std::fs::read_to_string(&spec).expect("the spec is readable");
        for client_only in [true, false] {
            let mut options = Options {
                tag_features: Some("tag-".to_string()),
                ..Options::default()
            };
            if client_only {
                options.client = Some(true);
            }
            let name = spec.file_name().expect("a file").to_string_lossy();
            if let Err(e) = generate_str(&name, &text, &options) {
                panic!("{}: {e}", spec.display());
            }
        }
    }
}
