//! `paylink-codegen check`: every generated file against what the
//! generator writes today. A single-character change to any built-in spec,
//! or to any generated file, is caught with a reason, a diff and the
//! fixing command; `generate --manifest` fixes what `check` reports.

use std::path::{Path, PathBuf};

use paylink_codegen::check::{check, parse_header, Outcome, Reason};
use paylink_codegen::manifest::{self, built_ins};
use paylink_codegen::providers::{OVERLAYS, PROVIDERS};
use paylink_tests::{run_cli, workspace_root};

/// A copy of the built-in specs and generated modules, with a manifest
/// listing them under the built-in options, in a scratch folder.
fn copy_of_built_ins(case: &str) -> PathBuf {
    let root = workspace_root()
        .join("target")
        .join("check-test")
        .join(case);
    let _ = std::fs::remove_dir_all(&root);
    std::fs::create_dir_all(root.join("specs")).expect("scratch specs");
    std::fs::create_dir_all(root.join("out")).expect("scratch out");
    let mut manifest =
        String::from("# the built-in providers, as `paylink-codegen generate` writes them\n");
    for (module, spec) in PROVIDERS {
        let from = workspace_root().join("specs").join(spec);
        std::fs::copy(&from, root.join("specs").join(spec)).expect("copy spec");
        let generated = workspace_root()
            .join("generated/src")
            .join(format!("{module}.rs"));
        std::fs::copy(&generated, root.join("out").join(format!("{module}.rs")))
            .expect("copy module");
        let overlays: Vec<String> = OVERLAYS
            .iter()
            .filter(|(m, _)| m == module)
            .map(|(_, overlay)| {
                let from = workspace_root().join("specs").join(overlay);
                std::fs::copy(&from, root.join("specs").join(overlay)).expect("copy overlay");
                format!("\"specs/{overlay}\"")
            })
            .collect();
        manifest.push_str(&format!(
            "\n[[module]]\nspec = \"specs/{spec}\"\noutput = \"out/{module}.rs\"\nruntime = \"crate::codegen\"\nclient = true\nserver = true\nserver_feature = \"server\"\noverlays = [{}]\n",
            overlays.join(", ")
        ));
    }
    std::fs::write(root.join("paylink.toml"), manifest).expect("manifest");
    root
}

fn check_manifest(root: &Path) -> (u8, String, String) {
    let manifest = root.join("paylink.toml").display().to_string();
    run_cli(&["check", "--manifest", &manifest])
}

/// `text` with the character at about `fraction` of its length replaced
/// by another one.
fn one_character_changed(text: &str, fraction: f64) -> String {
    let chars: Vec<char> = text.chars().collect();
    let at = ((chars.len() as f64 * fraction) as usize).min(chars.len() - 1);
    let replacement = match chars[at] {
        'a' => 'b',
        c if c.is_ascii_alphanumeric() => 'a',
        ' ' => '_',
        _ => ' ',
    };
    let mut changed = chars.clone();
    changed[at] = replacement;
    changed.into_iter().collect()
}

const FRACTIONS: [f64; 6] = [0.0, 0.13, 0.37, 0.5, 0.71, 0.99];

#[test]
fn the_built_in_modules_are_fresh() {
    for target in built_ins(&workspace_root()) {
        let outcome = check(&target);
        assert!(
            matches!(outcome, Outcome::Fresh),
            "{}: {outcome:?}",
            target.output.display()
        );
    }
    let (status, out, _) = check_manifest(&copy_of_built_ins("fresh"));
    assert_eq!(status, 0, "{out}");
    assert!(
        out.ends_with("5 of 5 generated files are up to date\n"),
        "{out}"
    );
}

#[test]
fn a_single_character_changed_in_any_built_in_spec_is_caught() {
    for (module, spec) in PROVIDERS {
        for fraction in FRACTIONS {
            let root = copy_of_built_ins(&format!("spec-{module}"));
            let path = root.join("specs").join(spec);
            let text = std::fs::read_to_string(&path).expect("spec");
            std::fs::write(&path, one_character_changed(&text, fraction)).expect("write");
            let (status, out, _) = check_manifest(&root);
            assert_eq!(status, 1, "{spec} changed at {fraction}: {out}");
            let line = out
                .lines()
                .find(|l| l.contains(&format!("out/{module}.rs")))
                .expect("the module is reported");
            let spec_changed = line.starts_with("STALE") && line.contains("the spec changed");
            assert!(
                spec_changed || line.starts_with("FAILED"),
                "{spec} at {fraction}: {line}"
            );
            assert!(
                out.contains("4 of 5 generated files are up to date"),
                "{out}"
            );
            if spec_changed {
                assert!(
                    out.contains("fix: paylink-codegen generate --manifest"),
                    "{out}"
                );
            }
        }
    }
}

#[test]
fn a_changed_overlay_is_caught_and_named_as_the_cause() {
    for (module, overlay) in OVERLAYS {
        let root = copy_of_built_ins(&format!("overlay-{module}"));
        let path = root.join("specs").join(overlay);
        let text = std::fs::read_to_string(&path).expect("overlay");
        let changed = text.replacen("description: ", "description: Changed. ", 1);
        assert_ne!(changed, text, "{overlay} has a description to change");
        std::fs::write(&path, changed).expect("write");
        let (status, out, _) = check_manifest(&root);
        assert_eq!(status, 1, "{overlay} changed: {out}");
        let line = out
            .lines()
            .find(|l| l.contains(&format!("out/{module}.rs")))
            .expect("the module is reported");
        assert!(
            line.starts_with("STALE") && line.contains("one of its overlays"),
            "{line}"
        );
        assert!(
            out.contains("4 of 5 generated files are up to date"),
            "{out}"
        );
    }
}

#[test]
fn a_single_character_changed_in_any_generated_file_is_caught() {
    for (module, _) in PROVIDERS {
        for fraction in FRACTIONS {
            let root = copy_of_built_ins(&format!("module-{module}"));
            let path = root.join("out").join(format!("{module}.rs"));
            let text = std::fs::read_to_string(&path).expect("module");
            std::fs::write(&path, one_character_changed(&text, fraction)).expect("write");
            let (status, out, _) = check_manifest(&root);
            assert_eq!(status, 1, "{module}.rs changed at {fraction}: {out}");
            assert!(out.contains(&format!("STALE  {}", path.display())), "{out}");
            assert!(out.contains("+++ "), "a diff: {out}");
        }
    }
}

#[test]
fn the_header_says_whether_the_spec_or_the_file_changed() {
    let root = copy_of_built_ins("reasons");
    let targets = manifest::read(&root.join("paylink.toml")).expect("manifest");
    let onepay = targets
        .iter()
        .find(|t| t.output.ends_with("onepay.rs"))
        .expect("onepay");
    let text = std::fs::read_to_string(&onepay.output).expect("module");
    let (version, hash) = parse_header(&text).expect("header");
    assert_eq!(version, env!("CARGO_PKG_VERSION"));
    assert_eq!(hash.len(), 64);

    std::fs::write(
        &onepay.output,
        text.replace("pub struct Client", "pub struct  Client"),
    )
    .expect("edit");
    let Outcome::Stale { reason, diff } = check(onepay) else {
        panic!("stale")
    };
    assert_eq!(reason, Reason::Edited);
    assert!(
        diff.contains("-pub struct  Client") && diff.contains("+pub struct Client"),
        "{diff}"
    );

    let older = text.replacen(env!("CARGO_PKG_VERSION"), "0.0.1", 1);
    std::fs::write(&onepay.output, older).expect("older generator");
    let Outcome::Stale { reason, .. } = check(onepay) else {
        panic!("stale")
    };
    assert!(
        matches!(reason, Reason::GeneratorChanged { .. }),
        "{reason:?}"
    );

    std::fs::remove_file(&onepay.output).expect("remove");
    let Outcome::Stale { reason, .. } = check(onepay) else {
        panic!("stale")
    };
    assert_eq!(reason, Reason::Missing);
}

#[test]
fn generate_with_the_manifest_fixes_what_check_reports() {
    let root = copy_of_built_ins("fix");
    let spec = root.join("specs").join("fortis.yaml");
    let text = std::fs::read_to_string(&spec).expect("spec");
    std::fs::write(&spec, text.replacen("title:", "title: ", 1)).expect("write");
    assert_eq!(check_manifest(&root).0, 1);
    let manifest = root.join("paylink.toml").display().to_string();
    let (status, out, err) = run_cli(&["generate", "--manifest", &manifest]);
    assert_eq!(status, 0, "{out}{err}");
    assert_eq!(check_manifest(&root).0, 0);
}

#[test]
fn manifest_errors_are_located() {
    let dir = workspace_root()
        .join("target")
        .join("check-test")
        .join("manifest-errors");
    std::fs::create_dir_all(&dir).expect("dir");
    let path = dir.join("paylink.toml");
    std::fs::write(&path, "[[module]]\nspec = \"a.yaml\"\noutput = \"a.rs\"\nservr = false\n\n[[module]]\nspec = \"b.yaml\"\n").expect("write");
    let (status, _, err) = run_cli(&["check", "--manifest", &path.display().to_string()]);
    assert_eq!(status, 1);
    assert!(err.contains("paylink.toml:4:9"), "{err}");
    assert!(err.contains("unknown option `servr`"), "{err}");
    assert!(err.contains("#/module/1/output"), "{err}");
    std::fs::write(&path, "[[module]\n").expect("write");
    let (_, _, err) = run_cli(&["check", "--manifest", &path.display().to_string()]);
    assert!(err.contains("paylink.toml:1:"), "{err}");
}

#[test]
fn options_without_a_spec_are_refused() {
    let (status, _, err) = run_cli(&["generate", "--server=false"]);
    assert_eq!(status, 2, "{err}");
}
