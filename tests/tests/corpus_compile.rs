//! Every spec of the real-world corpus generates, and the generated module
//! compiles against the `paylink` crate.
//!
//! The specs are generated in-process (a panic is a failure naming its spec)
//! into a scratch crate at `target/corpus-check/`, one module per spec, which
//! is its own workspace and builds into `target/corpus-check-target/` so it
//! never waits on the lock of the running `cargo test`. Files are written only
//! when their content changed, so a second run is incremental. `cargo check`
//! runs once over the crate; its errors are attributed to modules by file, and
//! a per-spec table is printed. The full check output is kept at
//! `target/corpus-check/check.log`.
//!
//! Each module also gets a test module (`src/<module>/router_check.rs`,
//! written from the module's own `server::Api` trait) that builds its
//! router: axum refuses a bad route only when the router is built, so
//! `cargo test` then runs every module's router builder in the same
//! scratch crate and fails on a panic.

use std::collections::{BTreeMap, BTreeSet};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::time::Instant;

use paylink_codegen::generate::{generate_str, Options};
use paylink_tests::scratch::{cargo, write_if_changed, write_manifest};
use paylink_tests::{corpus_dir, corpus_specs, stubs, workspace_root};
use quote::quote;

/// How many of the corpus specs must generate and compile.
const REQUIRED: usize = 48;

/// Distinct errors printed per failing spec.
const ERRORS_SHOWN: usize = 5;

/// One corpus spec: its file, its module, and what generating it gave.
struct Entry {
    spec: String,
    module: String,
    generated: Result<Stats, String>,
}

/// Counts from a spec that generated.
struct Stats {
    operations: usize,
    types: usize,
    lines: usize,
    warnings: usize,
    code: String,
}

/// One compiler diagnostic located in a module file.
#[derive(Debug)]
struct CompileError {
    line: usize,
    message: String,
}

/// What `cargo check` said, by module file stem.
#[derive(Default)]
struct CheckReport {
    errors: BTreeMap<String, Vec<CompileError>>,
    warnings: BTreeMap<String, usize>,
    unattributed: Vec<String>,
    success: bool,
    seconds: f64,
}

/// Strict and reserved keywords a module may not be named.
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "box", "break", "const", "continue", "crate", "do", "dyn", "else",
    "enum", "extern", "false", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match",
    "mod", "move", "mut", "priv", "pub", "ref", "return", "self", "static", "struct", "super",
    "trait", "true", "try", "type", "unsafe", "use", "where", "while", "yield",
];

/// `text` as a snake-case identifier usable as a module name.
fn identifier(text: &str) -> String {
    let mut id: String = text
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect();
    if id.is_empty() || id.starts_with(|c: char| c.is_ascii_digit()) || KEYWORDS.contains(&&*id) {
        id.insert_str(0, "spec_");
    }
    id
}

/// One unique module name per spec: the file stem, or the whole file name
/// where two specs share a stem, numbered if still ambiguous.
fn module_names(specs: &[PathBuf]) -> Vec<String> {
    let stem = |p: &PathBuf| identifier(&p.file_stem().unwrap_or_default().to_string_lossy());
    let mut stems: BTreeMap<String, usize> = BTreeMap::new();
    for p in specs {
        *stems.entry(stem(p)).or_default() += 1;
    }
    let mut taken = BTreeSet::new();
    specs
        .iter()
        .map(|p| {
            let mut name = stem(p);
            if stems[&name] > 1 {
                name = identifier(&p.file_name().unwrap_or_default().to_string_lossy());
            }
            let base = name.clone();
            let mut n = 2;
            while !taken.insert(name.clone()) {
                name = format!("{base}_{n}");
                n += 1;
            }
            name
        })
        .collect()
}

/// The message of a caught panic.
fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "non-string panic payload".to_string())
}

/// Generates one spec, never letting a panic escape.
fn generate(path: &Path) -> Result<Stats, String> {
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let text = std::fs::read_to_string(path).map_err(|e| format!("unreadable: {e}"))?;
    let options = Options::default();
    let outcome = catch_unwind(AssertUnwindSafe(|| generate_str(&name, &text, &options)));
    match outcome {
        Err(payload) => Err(format!("generator PANIC: {}", panic_message(&*payload))),
        Ok(Err(e)) => Err(format!("generation refused: {e}")),
        Ok(Ok(g)) => Ok(Stats {
            operations: g.operations,
            types: g.types,
            lines: g.code.lines().count(),
            warnings: g.warnings.len(),
            code: g.code,
        }),
    }
}

/// The profile of the scratch crate: no debug info, which the router
/// tests do not need and the largest modules make slow to link.
const PROFILE: &str = "\n[profile.dev]\ndebug = 0\n";

/// The hand-written module that builds request bodies of two of the
/// corpus modules with their constructors (issue: types people can hold),
/// and the modules it uses.
const EXAMPLES: &str = "building_values";
const EXAMPLES_USE: [&str; 2] = ["box_api", "pagerduty_rest"];

/// Writes the scratch crate: manifest, lock file seed, `lib.rs` (with the
/// modules that generated and are not in `left_out`, and [`EXAMPLES`] when
/// the modules it uses are in) and one module per spec, each ending in its
/// router test module.
fn write_crate(dir: &Path, entries: &[Entry], left_out: &BTreeSet<String>) {
    write_manifest(dir, "paylink-corpus-check", "server", PROFILE);
    let mut lib = String::from(
        "//! One module per corpus spec; written by `corpus_compile`.\n#![warn(missing_docs)]\n",
    );
    for entry in entries {
        if let Ok(stats) = &entry.generated {
            if !left_out.contains(&entry.module) {
                lib.push_str(&format!("pub mod {};\n", entry.module));
            }
            let file = dir.join("src").join(format!("{}.rs", entry.module));
            write_if_changed(&file, &format!("{}{}", stats.code, stubs::DECLARATION));
            let check = dir.join("src").join(&entry.module).join("router_check.rs");
            write_if_changed(&check, &router_check(&entry.spec, &stats.code));
        }
    }
    let present = |m: &str| {
        !left_out.contains(m) && entries.iter().any(|e| e.module == m && e.generated.is_ok())
    };
    if !left_out.contains(EXAMPLES) && EXAMPLES_USE.iter().all(|m| present(m)) {
        lib.push_str(&format!("pub mod {EXAMPLES};\n"));
    }
    let examples = workspace_root()
        .join("tests")
        .join("fixtures")
        .join("corpus")
        .join(format!("{EXAMPLES}.rs"));
    let text = std::fs::read_to_string(&examples)
        .unwrap_or_else(|e| panic!("{}: {e}", examples.display()));
    write_if_changed(&dir.join("src").join(format!("{EXAMPLES}.rs")), &text);
    write_if_changed(&dir.join("src").join("lib.rs"), &lib);
}

/// A module's router test: `Stub` implements its `Api` with operations
/// that never answer, and `router_builds` builds the router.
fn router_check(spec: &str, code: &str) -> String {
    let tests = quote! {
        #[test]
        fn router_builds() {
            let _router = router(Stub);
        }
    };
    stubs::module(code, |_| quote!(::std::future::pending()), tests)
        .unwrap_or_else(|e| panic!("{spec}: {e}"))
}

/// Runs every module's `router_builds` test: the modules whose test did
/// not pass, each with the reason (its panic message when it panicked).
fn run_router_tests(dir: &Path, modules: &[&str]) -> Vec<String> {
    let target = workspace_root().join("target").join("corpus-check-target");
    let started = Instant::now();
    let output = cargo(
        dir,
        &target,
        &[
            "test",
            "--lib",
            "--color=never",
            "router_check::router_builds",
        ],
    );
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    write_if_changed(&dir.join("router-tests.log"), &text);
    println!("router tests: {:.1} s", started.elapsed().as_secs_f64());
    modules
        .iter()
        .filter(|m| !text.contains(&format!("test {m}::router_check::router_builds ... ok")))
        .map(|m| match panic_line(&text, m) {
            Some(message) => format!("{m}: the router panicked: {message}"),
            None => format!(
                "{m}: the router test did not pass; see {}",
                dir.join("router-tests.log").display()
            ),
        })
        .collect()
}

/// The message of the panic in `module`'s router test, from test output.
fn panic_line(text: &str, module: &str) -> Option<String> {
    let header = format!("---- {module}::router_check::router_builds stdout ----");
    let mut lines = text.lines().skip_while(|l| *l != header).skip(1);
    let first = lines.find(|l| l.contains("panicked at"))?;
    let message = lines.next().unwrap_or("");
    Some(format!("{} {message}", first.trim()))
}

/// Splits a short-format diagnostic `src/m.rs:12:5: error[E1]: text` into
/// module stem, line, severity and message.
fn parse_short(line: &str) -> Option<(String, usize, &str, String)> {
    let (location, rest) = line.split_once(": ")?;
    let (kind, message) = rest.split_once(": ")?;
    let severity = if kind.starts_with("error") {
        "error"
    } else if kind.starts_with("warning") {
        "warning"
    } else {
        return None;
    };
    let mut parts = location.rsplitn(3, ':');
    let _column = parts.next()?;
    let line_no: usize = parts.next()?.parse().ok()?;
    let file = Path::new(parts.next()?);
    if file.parent() != Some(Path::new("src")) {
        return None;
    }
    let stem = file.file_stem()?.to_string_lossy().into_owned();
    Some((stem, line_no, severity, format!("{kind}: {message}")))
}

/// Sorts every line of the check output into the report.
fn parse_check(output: &str, report: &mut CheckReport) {
    for line in output.lines() {
        match parse_short(line) {
            Some((stem, line, "error", message)) => {
                report
                    .errors
                    .entry(stem)
                    .or_default()
                    .push(CompileError { line, message });
            }
            Some((stem, ..)) => *report.warnings.entry(stem).or_default() += 1,
            None if is_stray_error(line) => report.unattributed.push(line.to_string()),
            None => {}
        }
    }
}

/// An error line not located in a module, other than cargo's summaries.
fn is_stray_error(line: &str) -> bool {
    line.starts_with("error")
        && !line.starts_with("error: aborting due to")
        && !line.starts_with("error: could not compile")
}

/// Runs `cargo clippy` (a compile check plus lints) on the scratch crate
/// and parses what it said.
fn cargo_check(dir: &Path) -> CheckReport {
    let target = workspace_root().join("target").join("corpus-check-target");
    let started = Instant::now();
    let output = cargo(
        dir,
        &target,
        &["clippy", "--message-format=short", "--color=never"],
    );
    let seconds = started.elapsed().as_secs_f64();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    write_if_changed(&dir.join("check.log"), &text);
    let mut report = CheckReport {
        success: output.status.success(),
        seconds,
        ..CheckReport::default()
    };
    parse_check(&text, &mut report);
    report
}

/// Up to `n` errors of a module with distinct messages, in order.
fn distinct(errors: &[CompileError], n: usize) -> Vec<&CompileError> {
    let mut seen = BTreeSet::new();
    errors
        .iter()
        .filter(|e| seen.insert(e.message.as_str()))
        .take(n)
        .collect()
}

/// `text` cut to `n` characters.
fn clip(text: &str, n: usize) -> String {
    match text.char_indices().nth(n) {
        Some((i, _)) => format!("{}…", &text[..i]),
        None => text.to_string(),
    }
}

/// One table row for an entry.
fn row(entry: &Entry, report: &CheckReport) -> String {
    let Ok(stats) = &entry.generated else {
        let reason = entry.generated.as_ref().err().map_or("", |e| e.as_str());
        return format!("{:<38} {:>60}", entry.spec, clip(reason, 60));
    };
    let errors = report
        .errors
        .get(&entry.module)
        .map_or(&[][..], Vec::as_slice);
    let first = errors.first().map_or_else(String::new, |e| {
        clip(&format!("{}: {}", e.line, e.message), 70)
    });
    format!(
        "{:<38} {:>5} {:>5} {:>7} {:>5} {:>6} {:>6}  {first}",
        entry.spec,
        stats.operations,
        stats.types,
        stats.lines,
        stats.warnings,
        report.warnings.get(&entry.module).copied().unwrap_or(0),
        errors.len(),
    )
}

/// Prints the per-spec table.
fn print_table(entries: &[Entry], report: &CheckReport) {
    println!(
        "{:<38} {:>5} {:>5} {:>7} {:>5} {:>6} {:>6}  first error",
        "spec", "ops", "types", "lines", "gwarn", "rwarn", "errors"
    );
    for entry in entries {
        println!("{}", row(entry, report));
    }
    println!("(gwarn: generator warnings; rwarn: rustc warnings; errors: rustc errors)");
}

/// The failures, each with its first distinct errors; empty when all pass.
fn failures(entries: &[Entry], report: &CheckReport) -> Vec<String> {
    let mut out = Vec::new();
    for entry in entries {
        match (&entry.generated, report.errors.get(&entry.module)) {
            (Err(reason), _) => out.push(format!("{}: {reason}", entry.spec)),
            (Ok(_), Some(errors)) => {
                let mut text = format!(
                    "{} (src/{}.rs): {} errors",
                    entry.spec,
                    entry.module,
                    errors.len()
                );
                for e in distinct(errors, ERRORS_SHOWN) {
                    text.push_str(&format!("\n    line {}: {}", e.line, e.message));
                }
                out.push(text);
            }
            (Ok(_), None) => {}
        }
    }
    out
}

/// Prints the errors that belong to no spec's module.
fn print_unattributed(entries: &[Entry], report: &CheckReport) {
    let modules: BTreeSet<&str> = entries.iter().map(|e| e.module.as_str()).collect();
    for (stem, errors) in &report.errors {
        if !modules.contains(stem.as_str()) {
            for e in errors {
                println!("unattributed: src/{stem}.rs:{}: {}", e.line, e.message);
            }
        }
    }
    for stray in &report.unattributed {
        println!("unattributed: {stray}");
    }
}

/// Generates every corpus spec, in order, with its module name.
fn generate_all(specs: &[PathBuf]) -> Vec<Entry> {
    specs
        .iter()
        .zip(module_names(specs))
        .map(|(path, module)| Entry {
            spec: path
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .into(),
            module,
            generated: generate(path),
        })
        .collect()
}

#[test]
#[ignore = "compiles 50 generated modules; run with --ignored (CI does)"]
fn every_corpus_spec_generates_and_compiles() {
    let Some(corpus) = corpus_dir() else { return };
    let specs = corpus_specs(&corpus);
    let started = Instant::now();
    let entries = generate_all(&specs);
    println!(
        "generated {} specs in {:.1?}",
        entries.len(),
        started.elapsed()
    );
    let dir = workspace_root().join("target").join("corpus-check");
    write_crate(&dir, &entries, &BTreeSet::new());
    let report = cargo_check(&dir);
    println!("cargo clippy: {:.1} s", report.seconds);
    print_table(&entries, &report);
    assert!(
        report.success || !report.errors.is_empty(),
        "cargo check failed without a located error; see {}",
        dir.join("check.log").display()
    );
    let failed = failures(&entries, &report);
    let passed = entries.len() - failed.len();
    println!("\n{passed} of {} specs generate and compile", entries.len());
    println!("failures:\n{}", failed.join("\n"));
    print_unattributed(&entries, &report);
    assert!(
        !report.errors.contains_key(EXAMPLES),
        "the bodies built in {EXAMPLES}.rs do not compile: {:?}",
        report.errors.get(EXAMPLES)
    );
    assert!(
        passed >= REQUIRED,
        "only {passed} of {} specs generate and compile (need {REQUIRED}):\n{}",
        entries.len(),
        failed.join("\n")
    );
    let warned: Vec<_> = report.warnings.iter().filter(|(_, n)| **n > 0).collect();
    assert!(
        warned.is_empty(),
        "generated modules must compile without warnings: {warned:?}"
    );
    check_routers(&dir, &entries, &report);
}

/// Builds the router of every module that compiled (a module that did not
/// is left out of the crate for this run) and fails if one panics.
fn check_routers(dir: &Path, entries: &[Entry], report: &CheckReport) {
    let failed: BTreeSet<String> = report.errors.keys().cloned().collect();
    let modules: Vec<&str> = entries
        .iter()
        .filter(|e| e.generated.is_ok() && !failed.contains(&e.module))
        .map(|e| e.module.as_str())
        .collect();
    if !failed.is_empty() {
        write_crate(dir, entries, &failed);
    }
    let panicked = run_router_tests(dir, &modules);
    println!(
        "{} of {} routers build",
        modules.len() - panicked.len(),
        modules.len()
    );
    assert!(
        panicked.is_empty(),
        "routers that do not build:\n{}",
        panicked.join("\n")
    );
    run_examples(dir);
}

/// Runs the tests of [`EXAMPLES`]: the bodies built from required fields,
/// and with an optional nested value, serialize to what the spec asks.
fn run_examples(dir: &Path) {
    let target = workspace_root().join("target").join("corpus-check-target");
    let output = cargo(dir, &target, &["test", "--lib", "--color=never", EXAMPLES]);
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        output.status.success() && text.contains("test result: ok. 2 passed"),
        "the tests of {EXAMPLES}.rs:\n{text}"
    );
    println!("{EXAMPLES}: 2 tests passed");
}

#[test]
fn short_diagnostics_are_attributed_to_module_files() {
    let mut report = CheckReport::default();
    let output = "src/box_api.rs:12:5: error[E0412]: cannot find type `Foo` in this scope\n\
                  src/box_api.rs:40:1: warning: unused import: `super::rt`\n\
                  /abs/generated/src/lib.rs:3:1: error: elsewhere\n\
                  error: could not compile `paylink-corpus-check` (lib) due to 1 previous error\n\
                  error: linker failure\n";
    parse_check(output, &mut report);
    let errors = &report.errors["box_api"];
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].line, 12);
    assert_eq!(
        errors[0].message,
        "error[E0412]: cannot find type `Foo` in this scope"
    );
    assert_eq!(report.warnings["box_api"], 1);
    assert_eq!(report.unattributed, ["error: linker failure"]);
    let names = module_names(&[
        PathBuf::from("a/progenitor-param-overrides.json"),
        PathBuf::from("a/progenitor-param-overrides.yaml"),
        PathBuf::from("a/3d-secure.yaml"),
        PathBuf::from("a/type.json"),
    ]);
    assert_eq!(
        names,
        [
            "progenitor_param_overrides_json",
            "progenitor_param_overrides_yaml",
            "spec_3d_secure",
            "spec_type"
        ]
    );
}
