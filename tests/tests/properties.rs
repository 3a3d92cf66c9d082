//! Property tests of the generator as a security boundary: corpus specs
//! mutated at random, and small synthetic specs built from hostile pieces
//! (names, texts, nesting, references, path templates), go through the
//! library's `validate` (read and lower), `generate` (client and server)
//! and `diff`. Each must return a result or a located error: never panic,
//! never report an internal error, never emit a module that `syn` cannot
//! parse; a spec diffed with itself has no changes.
//!
//! `PAYLINK_PROPTEST_CASES` sets the cases per property (the default keeps
//! the run short for CI); `PAYLINK_PROPTEST_SEED` picks another fixed seed
//! (the default seed makes CI's run the same every time). The `#[ignore]`d
//! [`sampled_modules_compile`] compiles a sample of generated modules in one
//! crate, with the server on; `.ci/run` runs it.

#[path = "properties/atoms.rs"]
mod atoms;
#[path = "properties/mutate.rs"]
mod mutate;
#[path = "properties/synthetic.rs"]
mod synthetic;

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::fmt::Write as _;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::{Arc, Mutex, Once, OnceLock};

use paylink_codegen::diff::format::{render, Context, Format};
use paylink_codegen::generate::{generate_str, Options};
use paylink_codegen::{read_spec_str, SpecError};
use paylink_tests::scratch::{cargo, write_if_changed, write_manifest};
use paylink_tests::{corpus_dir, corpus_specs, workspace_root};
use proptest::prelude::*;
use proptest::sample::Index;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, RngSeed, TestCaseError, TestRunner};
use serde_json::Value;

/// Cases per property when `PAYLINK_PROPTEST_CASES` is unset: sized for a
/// debug build on a loaded two-core machine.
const DEFAULT_CASES: u32 = 48;

/// The seed when `PAYLINK_PROPTEST_SEED` is unset.
const DEFAULT_SEED: u64 = 0x0070_6179_6c69_6e6b;

fn env_number(name: &str) -> Option<u64> {
    let text = std::env::var(name).ok()?;
    Some(
        text.parse()
            .unwrap_or_else(|_| panic!("{name}={text} is not a number")),
    )
}

fn config() -> Config {
    let cases = env_number("PAYLINK_PROPTEST_CASES").map_or(DEFAULT_CASES, |n| n as u32);
    let seed = env_number("PAYLINK_PROPTEST_SEED").unwrap_or(DEFAULT_SEED);
    Config {
        cases,
        rng_seed: RngSeed::Fixed(seed),
        failure_persistence: None,
        max_shrink_iters: 256,
        ..Config::default()
    }
}

thread_local! {
    /// Whether this thread is inside [`guarded`].
    static GUARDED: Cell<bool> = const { Cell::new(false) };
    /// The last panic [`guarded`] met on this thread, with its place.
    static LAST_PANIC: RefCell<String> = const { RefCell::new(String::new()) };
    /// Specs this thread checked, and how many of them generated.
    static COUNTS: Cell<(usize, usize)> = const { Cell::new((0, 0)) };
}

/// A panic hook that records panics inside [`guarded`] (message and
/// place) instead of printing them, and leaves the others to the default.
fn install_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let previous = Arc::new(std::panic::take_hook());
        std::panic::set_hook(Box::new(move |info| {
            if GUARDED.with(Cell::get) {
                LAST_PANIC.with(|p| *p.borrow_mut() = info.to_string());
            } else {
                previous(info);
            }
        }));
    });
}

/// Runs `f`; a panic becomes a failure of the case naming `what` and the
/// panic's message and place.
fn guarded<T>(what: &str, f: impl FnOnce() -> T) -> Result<T, TestCaseError> {
    install_hook();
    GUARDED.with(|g| g.set(true));
    let result = catch_unwind(AssertUnwindSafe(f));
    GUARDED.with(|g| g.set(false));
    result.map_err(|_| {
        let message = LAST_PANIC.with(|p| std::mem::take(&mut *p.borrow_mut()));
        TestCaseError::fail(format!("{what} panicked: {message}"))
    })
}

/// A refusal must hold an error, and every error must name the file, a
/// line and column, and a JSON pointer; none may be an internal error.
fn assert_located(what: &str, name: &str, error: &SpecError) -> Result<(), TestCaseError> {
    let errors: Vec<_> = error.diagnostics.iter().filter(|d| d.is_error()).collect();
    prop_assert!(!errors.is_empty(), "{what}: refused without an error");
    for d in errors {
        let located = d
            .location
            .as_ref()
            .is_some_and(|l| l.file == name && l.line >= 1 && l.column >= 1);
        prop_assert!(located, "{what}: error without a location: {d:?}");
        prop_assert!(d.pointer.starts_with('#'), "{what}: no JSON pointer: {d:?}");
        prop_assert!(
            !d.hint.as_deref().unwrap_or("").contains("this is a bug"),
            "{what}: internal error: {d:?}"
        );
    }
    Ok(())
}

/// What one spec gave: the generated module, when there was one.
type Outcome = Option<String>;

/// Validates, generates and diffs the spec `text` (called `name`); with
/// `old`, also diffs that version against this one.
fn check_spec(name: &str, text: &str, old: Option<(&str, &str)>) -> Result<Outcome, TestCaseError> {
    let read = guarded("validate", || {
        read_spec_str(name, text).map(|spec| {
            let lowered = paylink_codegen::ir::lower(&spec.model);
            (spec, lowered.1.len())
        })
    })?;
    let spec = match read {
        Ok((spec, _)) => Some(spec),
        Err(e) => {
            assert_located("validate", name, &e)?;
            None
        }
    };
    let generated = guarded("generate", || generate_str(name, text, &Options::default()))?;
    COUNTS.with(|c| c.set((c.get().0 + 1, c.get().1)));
    let code = match generated {
        Ok(g) => {
            // On the library's deep stack: `syn` recurses once per level
            // of nesting in the generated types, as the generator does.
            let unparsable = paylink_codegen::stack::deep(|| {
                syn::parse_file(&g.code).err().map(|e| e.to_string())
            });
            if let Some(e) = unparsable {
                let kept = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("unparsable.rs");
                let _ = std::fs::write(&kept, &g.code);
                return Err(TestCaseError::fail(format!(
                    "generated code does not parse: {e} (kept at {})",
                    kept.display()
                )));
            }
            COUNTS.with(|c| c.set((c.get().0, c.get().1 + 1)));
            Some(g.code)
        }
        Err(e) => {
            assert_located("generate", name, &e)?;
            None
        }
    };
    if let Some(spec) = &spec {
        check_diff(name, spec, old)?;
    }
    Ok(code)
}

/// A spec diffed with itself has no changes; diffed with `old` it gives a
/// report every format renders.
fn check_diff(
    name: &str,
    spec: &paylink_codegen::Spec,
    old: Option<(&str, &str)>,
) -> Result<(), TestCaseError> {
    let same = guarded("diff", || paylink_codegen::diff::diff(spec, spec))?;
    prop_assert!(
        same.changes.is_empty() && same.rust.is_empty(),
        "a spec diffed with itself has changes: {:?} {:?}",
        same.changes,
        same.rust
    );
    let Some((old_name, old_text)) = old else {
        return Ok(());
    };
    let Ok(old_spec) = read_spec_str(old_name, old_text) else {
        return Ok(());
    };
    let report = guarded("diff", || paylink_codegen::diff::diff(&old_spec, spec))?;
    let ctx = Context {
        old: old_name,
        new: name,
        new_file: name,
        new_source: Some(&spec.source),
    };
    for format in [Format::Text, Format::Json, Format::Markdown, Format::Github] {
        guarded("diff rendering", || render(&report, format, &ctx))?;
    }
    Ok(())
}

/// `value` as a spec file: JSON or YAML.
fn as_file(value: &Value, yaml: bool) -> (String, String) {
    if yaml {
        let text = serde_yaml::to_string(value).expect("a JSON value is YAML");
        ("spec.yaml".to_string(), text)
    } else {
        let text = serde_json::to_string_pretty(value).expect("a JSON value prints");
        ("spec.json".to_string(), text)
    }
}

/// A corpus spec: its file name, text and loaded document.
struct CorpusSpec {
    name: String,
    text: String,
    document: Value,
}

/// The corpus's spec files (`None` when absent, and not under CI).
fn corpus_files() -> Option<&'static [std::path::PathBuf]> {
    static FILES: OnceLock<Option<Vec<std::path::PathBuf>>> = OnceLock::new();
    FILES
        .get_or_init(|| corpus_dir().map(|dir| corpus_specs(&dir)))
        .as_deref()
}

/// Corpus spec `index`, loaded once.
fn corpus_spec(index: usize) -> Arc<CorpusSpec> {
    static LOADED: OnceLock<Mutex<HashMap<usize, Arc<CorpusSpec>>>> = OnceLock::new();
    let cache = LOADED.get_or_init(Default::default);
    if let Some(spec) = cache.lock().expect("cache").get(&index) {
        return spec.clone();
    }
    let path = &corpus_files().expect("corpus present")[index];
    let name = path
        .file_name()
        .unwrap_or_default()
        .to_string_lossy()
        .into_owned();
    let text = paylink_codegen::read_spec_text(path).expect("a corpus spec decodes");
    let document = paylink_codegen::load::load_str(&name, text.clone())
        .unwrap_or_else(|e| panic!("corpus spec {name} loads: {:?}", e.diagnostics))
        .value;
    let spec = Arc::new(CorpusSpec {
        name,
        text,
        document,
    });
    cache.lock().expect("cache").insert(index, spec.clone());
    spec
}

/// A corpus case: which spec, which of its paths, what mutations, and
/// whether to write it as YAML.
fn corpus_case() -> impl Strategy<Value = (Index, Vec<Index>, Vec<mutate::Mutation>, bool)> {
    (
        any::<Index>(),
        prop::collection::vec(any::<Index>(), 1..4),
        mutate::mutations(),
        any::<bool>(),
    )
}

/// The mutated spec of a corpus case, as a file, with the cut-down
/// original for diffing.
fn corpus_mutant(
    files: usize,
    case: &(Index, Vec<Index>, Vec<mutate::Mutation>, bool),
) -> ((String, String), (String, String)) {
    let (spec, paths, mutations, yaml) = case;
    let original = corpus_spec(spec.index(files));
    let mut document = mutate::cut_down(&original.document, paths);
    let before = as_file(&document, false);
    mutate::apply(&mut document, mutations);
    let (name, text) = as_file(&document, *yaml);
    let prefixed = |n: &str| format!("{}-{n}", original.name.replace('.', "-"));
    ((prefixed(&name), text), (prefixed(&before.0), before.1))
}

/// Runs the property `test` over `strategy`; fails with proptest's
/// smallest failing case, and prints how many specs it checked.
fn run_property<S: Strategy>(
    what: &str,
    strategy: &S,
    test: impl Fn(S::Value) -> Result<(), TestCaseError>,
) {
    let config = config();
    let started = std::time::Instant::now();
    let mut runner = TestRunner::new(config.clone());
    let result = runner.run(strategy, test);
    let (checked, generated) = COUNTS.with(Cell::get);
    eprintln!(
        "{what}: {} cases (seed {:?}), {checked} specs checked, {generated} generated, {:.1} s",
        config.cases,
        config.rng_seed,
        started.elapsed().as_secs_f64()
    );
    if let Err(e) = result {
        panic!("{what}: {e}");
    }
}

#[test]
fn synthetic_specs_never_panic_and_generate_parsable_code() {
    run_property(
        "synthetic specs",
        &(synthetic::spec(), any::<bool>()),
        |(document, yaml)| {
            let (name, text) = as_file(&document, yaml);
            check_spec(&name, &text, None).map(|_| ())
        },
    );
}

#[test]
fn mutated_corpus_specs_never_panic_and_generate_parsable_code() {
    let Some(files) = corpus_files() else {
        return;
    };
    assert!(files.len() >= 50, "the corpus has {} specs", files.len());
    run_property("mutated corpus specs", &corpus_case(), |case| {
        // The cut-down spec before mutation must hold too.
        let ((name, text), (old_name, old_text)) = corpus_mutant(files.len(), &case);
        check_spec(&old_name, &old_text, None)?;
        check_spec(&name, &text, Some((&old_name, &old_text))).map(|_| ())
    });
}

/// Whole corpus specs, unmutated, still read: a corpus spec that stopped
/// loading would make the mutation property test nothing.
#[test]
fn every_corpus_spec_loads_for_mutation() {
    let Some(files) = corpus_files() else {
        return;
    };
    for (i, path) in files.iter().enumerate() {
        let spec = corpus_spec(i);
        assert!(
            spec.document.get("paths").is_some() || spec.document.get("webhooks").is_some(),
            "{}: no paths",
            path.display()
        );
        assert!(!spec.text.is_empty());
    }
}

/// Modules in the compile sample.
const SAMPLE: usize = 24;

#[test]
#[ignore = "compiles a sample of generated modules with cargo; run with --ignored (CI does)"]
fn sampled_modules_compile() {
    let mut modules = Vec::new();
    let mut runner = TestRunner::new(config());
    let synthetic = (synthetic::spec(), any::<bool>());
    let mut draws = 0;
    while modules.len() < SAMPLE * 2 / 3 && draws < SAMPLE * 20 {
        draws += 1;
        let (document, yaml) = synthetic.new_tree(&mut runner).expect("a case").current();
        let (name, text) = as_file(&document, yaml);
        if let Some(code) = check_spec(&name, &text, None).expect("the property holds") {
            modules.push((format!("synthetic_{draws}"), code));
        }
    }
    if let Some(files) = corpus_files() {
        let corpus = corpus_case();
        while modules.len() < SAMPLE && draws < SAMPLE * 40 {
            draws += 1;
            let case = corpus.new_tree(&mut runner).expect("a case").current();
            let ((name, text), _) = corpus_mutant(files.len(), &case);
            if let Some(code) = check_spec(&name, &text, None).expect("the property holds") {
                modules.push((format!("corpus_{draws}"), code));
            }
        }
    }
    assert!(
        modules.len() >= SAMPLE / 2,
        "only {} of {draws} sampled specs generated",
        modules.len()
    );
    compile(&modules);
}

/// Builds one crate holding `modules` (with the server on) and checks it.
fn compile(modules: &[(String, String)]) {
    let dir = workspace_root().join("target").join("proptest-compile");
    write_manifest(&dir, "paylink-proptest-compile", "server", "");
    let mut lib = String::from("//! Generated modules of sampled property-test specs.\n");
    for (module, code) in modules {
        write_if_changed(&dir.join("src").join(format!("{module}.rs")), code);
        let _ = writeln!(lib, "pub mod {module};");
    }
    write_if_changed(&dir.join("src").join("lib.rs"), &lib);
    let target = workspace_root().join("target").join("corpus-check-target");
    let output = cargo(
        &dir,
        &target,
        &["check", "--color=never", "--message-format=short"],
    );
    let text = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "sampled modules do not compile (crate at {}):\n{}",
        dir.display(),
        text.lines()
            .filter(|l| l.contains("error"))
            .take(40)
            .collect::<Vec<_>>()
            .join("\n")
    );
}
