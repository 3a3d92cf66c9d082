//! Compile-fail tests of `paylink::provider!`: each failure is one error on
//! the argument at fault, quoting the spec's file, line, column and JSON
//! pointer where the spec is at fault, and the stubs the expansion still
//! emits keep uses of the module from adding errors. The expected compiler
//! output is checked in beside each case (`tests/ui/*.stderr`); run with
//! `PAYLINK_UI=overwrite` to rewrite it after a deliberate change.
//!
//! Every case is a bin of one scratch crate under `target/macro-ui/`,
//! checked by one `cargo check --message-format=json` into
//! `target/corpus-check-target/`, whose dependencies the corpus check and
//! the binary-crate test share (no extra flags, so no second copy). A case's output is
//! told apart from the others by the bin's name, never by its path, and a
//! case passes only when the compiler ran on it and said exactly the
//! expected errors: a build that stops early (a dependency that fails, a
//! lock file that cannot resolve) fails the test with cargo's own words
//! instead of passing every case for want of errors. The nested cargo gets
//! a cleaned environment (see `paylink_tests::scratch`), so the result does
//! not depend on where the checkout lives or on the caller's settings.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use paylink_codegen::expand::MANIFEST_DIR_OVERRIDE;
use paylink_tests::scratch::{cargo, toml_path, write_if_changed, write_manifest};
use paylink_tests::workspace_root;
use serde_json::Value;

/// One `tests/ui/NAME.rs` case.
struct Case {
    name: String,
    source: PathBuf,
}

/// What the compiler said about one bin, rendered as a person reads it.
#[derive(Default)]
struct Said {
    messages: Vec<String>,
    errors: usize,
}

#[test]
fn macro_errors() {
    let tests_dir = workspace_root().join("tests");
    let cases = cases(&tests_dir.join("ui"));
    assert!(!cases.is_empty(), "no cases in tests/ui");
    let dir = workspace_root().join("target").join("macro-ui");
    write_crate(&dir, &cases);
    let said = check(&dir, &tests_dir, &cases);
    let overwrite = std::env::var("PAYLINK_UI").as_deref() == Ok("overwrite");
    let failures: Vec<String> = cases
        .iter()
        .filter_map(|case| compare(case, said.get(&case.name), overwrite))
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n\n")
    );
}

/// The `.rs` files of `ui/`, sorted.
fn cases(ui: &Path) -> Vec<Case> {
    let mut cases: Vec<Case> = std::fs::read_dir(ui)
        .expect("tests/ui is readable")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "rs"))
        .map(|source| Case {
            name: source
                .file_stem()
                .expect("a case has a name")
                .to_string_lossy()
                .into_owned(),
            source,
        })
        .collect();
    cases.sort_by(|a, b| a.name.cmp(&b.name));
    cases
}

/// The scratch crate: `paylink` with its macro, and one bin per case.
fn write_crate(dir: &Path, cases: &[Case]) {
    let bins: String = cases
        .iter()
        .map(|case| {
            format!(
                "\n[[bin]]\nname = \"{}\"\npath = {}\n",
                case.name,
                toml_path(&case.source)
            )
        })
        .collect();
    write_manifest(dir, "paylink-macro-ui", "macros", &bins);
}

/// Checks every case in one build and sorts the compiler's messages by
/// bin. Panics with cargo's output when the build did not reach every
/// case or something other than a case failed.
fn check(dir: &Path, tests_dir: &Path, cases: &[Case]) -> BTreeMap<String, Said> {
    let target = workspace_root().join("target").join("corpus-check-target");
    let output = cargo_check(dir, &target, tests_dir);
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    let mut said: BTreeMap<String, Said> = BTreeMap::new();
    let mut elsewhere = Vec::new();
    let built: Vec<String> = stdout.lines().filter_map(artifact).collect();
    for message in stdout.lines().filter_map(compiler_message) {
        let (target_name, level, rendered) = message;
        match cases.iter().find(|c| c.name == target_name) {
            Some(_) => {
                let entry = said.entry(target_name).or_default();
                entry.errors += usize::from(level == "error");
                entry.messages.push(normalize(&rendered, tests_dir));
            }
            None if level == "error" => elsewhere.push(format!("{target_name}: {rendered}")),
            None => {}
        }
    }
    assert!(
        elsewhere.is_empty(),
        "something other than a UI case failed to build:\n{}\ncargo said:\n{stderr}",
        elsewhere.join("\n")
    );
    let unreached: Vec<&str> = cases
        .iter()
        .filter(|c| said.get(&c.name).is_none_or(|s| s.errors == 0) && !built.contains(&c.name))
        .map(|c| c.name.as_str())
        .collect();
    assert!(
        unreached.is_empty(),
        "the build stopped before the compiler reported on {unreached:?}; cargo said:\n{stderr}"
    );
    said
}

/// `cargo check` of the scratch crate, with spec paths relative to
/// `tests/` as a user's are relative to their crate.
fn cargo_check(dir: &Path, target: &Path, tests_dir: &Path) -> std::process::Output {
    std::env::set_var(MANIFEST_DIR_OVERRIDE, tests_dir);
    cargo(
        dir,
        target,
        &[
            "check",
            "--bins",
            "--keep-going",
            "--offline",
            "--quiet",
            "--color=never",
            "--message-format=json",
        ],
    )
}

/// The bin a `compiler-artifact` line says was built.
fn artifact(line: &str) -> Option<String> {
    let value: Value = serde_json::from_str(line).ok()?;
    (value["reason"] == "compiler-artifact")
        .then(|| value["target"]["name"].as_str().map(str::to_string))
        .flatten()
}

/// `(bin, level, rendered)` of one `compiler-message` line, leaving out
/// the closing summaries (`aborting due to ...`) that repeat the count.
fn compiler_message(line: &str) -> Option<(String, String, String)> {
    let value: Value = serde_json::from_str(line).ok()?;
    if value["reason"] != "compiler-message" {
        return None;
    }
    let message = &value["message"];
    let level = message["level"].as_str()?.to_string();
    let text = message["message"].as_str().unwrap_or_default();
    if !matches!(level.as_str(), "error" | "warning") || text.starts_with("aborting due to") {
        return None;
    }
    let name = value["target"]["name"].as_str()?.to_string();
    Some((name, level, message["rendered"].as_str()?.to_string()))
}

/// A rendered message with the checkout's location taken out: paths of
/// `tests/` become relative, as the expected files write them.
fn normalize(rendered: &str, tests_dir: &Path) -> String {
    let prefix = format!("{}/", tests_dir.display());
    rendered
        .replace(&prefix, "")
        .lines()
        .map(str::trim_end)
        .collect::<Vec<_>>()
        .join("\n")
        .trim()
        .to_string()
}

/// `None` when the case said exactly what `NAME.stderr` holds; otherwise
/// what went wrong. With `overwrite`, writes the file instead.
fn compare(case: &Case, said: Option<&Said>, overwrite: bool) -> Option<String> {
    let Some(said) = said.filter(|s| s.errors > 0) else {
        return Some(format!(
            "{}: compiled without an error, but it must fail",
            case.name
        ));
    };
    let actual = said.messages.join("\n\n");
    let expected_file = case.source.with_extension("stderr");
    if overwrite {
        write_if_changed(&expected_file, &format!("{actual}\n"));
        return None;
    }
    let expected = std::fs::read_to_string(&expected_file).unwrap_or_default();
    (expected.trim() != actual).then(|| {
        format!(
            "{}: the compiler said\n{actual}\n\nbut {} expects\n{}",
            case.name,
            expected_file.display(),
            expected.trim()
        )
    })
}
