//! `diff` over the real-world corpus: every spec diffed against itself
//! reports nothing and does not panic; the two largest are checked on
//! their own too, since they are the ones the timing target is about.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;

use paylink_codegen::diff::diff;
use paylink_tests::{corpus_dir, corpus_specs};

/// The specs the corpus can read (some are deliberately broken), with
/// how many changes a self-diff found, or the panic message.
fn self_diff(path: &Path) -> Option<Result<usize, String>> {
    let spec = paylink_codegen::read_spec(path).ok()?;
    Some(
        catch_unwind(AssertUnwindSafe(|| {
            let report = diff(&spec, &spec);
            report.changes.len() + report.rust.len()
        }))
        .map_err(|e| {
            e.downcast_ref::<String>()
                .cloned()
                .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default()
        }),
    )
}

#[test]
fn the_two_largest_specs_diffed_against_themselves_report_nothing() {
    let Some(corpus) = corpus_dir() else { return };
    let mut specs = corpus_specs(&corpus);
    specs.sort_by_key(|p| std::cmp::Reverse(std::fs::metadata(p).map_or(0, |m| m.len())));
    for path in specs.iter().take(2) {
        let found = self_diff(path).unwrap_or_else(|| panic!("{} reads", path.display()));
        assert_eq!(found, Ok(0), "{}", path.display());
    }
}

#[test]
fn unrelated_corpus_specs_diff_without_panicking() {
    // Two different APIs: everything is removed and added, every rule's
    // code path gets odd input.
    let Some(corpus) = corpus_dir() else { return };
    let specs: Vec<_> = corpus_specs(&corpus)
        .iter()
        .filter_map(|p| paylink_codegen::read_spec(p).ok().map(|s| (p.clone(), s)))
        .collect();
    let mut failures = Vec::new();
    for pair in specs.windows(2) {
        let ((a, old), (b, new)) = (&pair[0], &pair[1]);
        if catch_unwind(AssertUnwindSafe(|| diff(old, new))).is_err() {
            failures.push(format!("{} -> {}", a.display(), b.display()));
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

#[test]
fn every_corpus_spec_diffed_against_itself_reports_nothing_and_never_panics() {
    let Some(corpus) = corpus_dir() else { return };
    let mut failures = Vec::new();
    let mut compared = 0;
    for path in corpus_specs(&corpus) {
        match self_diff(&path) {
            None => {}
            Some(Ok(0)) => compared += 1,
            Some(other) => failures.push(format!("{}: {other:?}", path.display())),
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
    assert!(compared > 0, "no corpus spec could be read");
    eprintln!("{compared} corpus specs diffed against themselves");
}
