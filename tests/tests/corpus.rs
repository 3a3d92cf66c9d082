//! Every spec of the real-world corpus and the five built-in specs go
//! through the whole reading pipeline without a panic and load; the
//! warnings of each are printed so a run shows what real specs get wrong.

use std::collections::BTreeMap;
use std::panic::catch_unwind;
use std::path::Path;

use paylink_codegen::{read_spec, Severity};
use paylink_tests::{corpus_dir, corpus_specs, provider_specs};

/// Reads one spec, never letting a panic escape; returns a summary line or
/// the failure.
fn read(path: &Path) -> Result<String, String> {
    let outcome = catch_unwind(|| read_spec(path));
    let name = path
        .file_name()
        .unwrap_or_default()
        .to_string_lossy()
        .into_owned();
    match outcome {
        Err(_) => Err(format!("{name}: PANIC")),
        Ok(Err(e)) => Err(format!("{name}: refused: {e}")),
        Ok(Ok(spec)) => {
            let mut kinds: BTreeMap<String, usize> = BTreeMap::new();
            for d in spec
                .diagnostics
                .iter()
                .filter(|d| d.severity == Severity::Warning)
            {
                assert!(
                    d.location.is_some(),
                    "{name}: warning without a location: {d}"
                );
                *kinds.entry(shape_of(&d.message)).or_default() += 1;
            }
            let total: usize = kinds.values().sum();
            let mut line = format!(
                "{name}: {} operations, {total} warnings",
                spec.model.operations().count()
            );
            for (kind, n) in kinds {
                line.push_str(&format!("\n    {n:>5} × {kind}"));
            }
            Ok(line)
        }
    }
}

/// A message with its quoted parts blanked, so like warnings group together.
fn shape_of(message: &str) -> String {
    let mut out = String::new();
    let mut quoted = false;
    for c in message.chars() {
        match c {
            '`' => {
                quoted = !quoted;
                out.push_str(if quoted { "`…" } else { "`" });
            }
            _ if quoted => {}
            c => out.push(c),
        }
    }
    out
}

fn read_all(specs: &[std::path::PathBuf]) -> Vec<String> {
    let mut failures = Vec::new();
    for path in specs {
        match read(path) {
            Ok(line) => println!("{line}"),
            Err(failure) => {
                println!("{failure}");
                failures.push(failure);
            }
        }
    }
    failures
}

#[test]
fn every_corpus_spec_loads_without_a_panic() {
    let Some(corpus) = corpus_dir() else { return };
    let specs = corpus_specs(&corpus);
    assert!(
        specs.len() >= 50,
        "expected the 50-spec corpus, found {}",
        specs.len()
    );
    let failures = read_all(&specs);
    assert!(
        failures.is_empty(),
        "specs that did not load:\n{}",
        failures.join("\n")
    );
}

#[test]
fn built_in_specs_load_without_warnings() {
    for path in provider_specs() {
        let spec = read_spec(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let rendered: Vec<String> = spec.diagnostics.iter().map(ToString::to_string).collect();
        assert!(
            rendered.is_empty(),
            "{}:\n{}",
            path.display(),
            rendered.join("\n")
        );
        assert!(
            spec.model.operations().count() > 0,
            "{} has operations",
            path.display()
        );
    }
}
