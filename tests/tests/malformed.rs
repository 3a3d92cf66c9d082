//! Malformed input: every fixture under `tests/fixtures/malformed` has one
//! defect (truncation, tabs, reference loops, wrong types, an unsupported
//! version, invalid UTF-8, runaway nesting, ...).
//!
//! For each of them the suite checks, without panicking, that:
//!
//! * `paylink-codegen validate` exits with status 1, names the file and
//!   prints a `FAILED` summary line;
//! * [`paylink_codegen::read_spec`] returns an error with at least one
//!   error-severity diagnostic at the exact line and column (worked out by
//!   hand from the fixture), with a hint and, where it matters, the JSON
//!   pointer.
//!
//! Two fixtures are valid but imperfect (a duplicate key and a bad escape;
//! an OpenAPI 3.2 `query` operation): they must load, exit 0 and carry
//! located warnings. Bad usage must exit 2.
//!
//! Each table-driven test checks every row and reports all failures at once.

use std::fmt::Write as _;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

use paylink_codegen::{Diagnostic, Severity};
use paylink_tests::fixture;

/// One expected diagnostic: in `file`, at `line`:`column` (1-based, in
/// characters), at `pointer` when given, with a message containing
/// `message_contains`.
struct Case {
    file: &'static str,
    line: usize,
    column: usize,
    pointer: Option<&'static str>,
    message_contains: &'static str,
}

/// Fixtures that must not load; each row is one error that must be reported.
/// A file with several defects has several rows.
const ERRORS: &[Case] = &[
    // The file stops after `"description": "ok"` (31 characters, no newline).
    Case {
        file: "truncated.json",
        line: 12,
        column: 32,
        pointer: None,
        message_contains: "truncated",
    },
    // The file stops inside nested flow mappings (80 characters, no newline).
    Case {
        file: "truncated.yaml",
        line: 9,
        column: 81,
        pointer: None,
        message_contains: "invalid YAML",
    },
    // `\tresponses:` under `get:`: the tab is the first character of line 8.
    Case {
        file: "tabs.yaml",
        line: 8,
        column: 1,
        pointer: None,
        message_contains: "tab",
    },
    // A: {$ref: B}, B: {$ref: A}; reported at the reference written in A.
    Case {
        file: "ref-loop.yaml",
        line: 18,
        column: 7,
        pointer: Some("#/components/schemas/A/$ref"),
        message_contains: "loop",
    },
    // A: {allOf: [{$ref: B}]}, B: {allOf: [{$ref: A}]}; reported at the
    // reference written in A, as for the plain loop.
    Case {
        file: "ref-allof-loop.json",
        line: 9,
        column: 12,
        pointer: Some("#/components/schemas/A/allOf/0/$ref"),
        message_contains: "loop",
    },
    Case {
        file: "ref-nowhere.json",
        line: 12,
        column: 28,
        pointer: Some("#/paths/~1pets/get/responses/200/content/application~1json/schema/$ref"),
        message_contains: "points to nothing",
    },
    Case {
        file: "ref-external.yaml",
        line: 14,
        column: 17,
        pointer: Some("#/paths/~1pets/get/responses/200/content/application~1json/schema/$ref"),
        message_contains: "external",
    },
    // Three wrong types in one file: `info` a string, `parameters` an
    // object, `responses` a number.
    Case {
        file: "wrong-types.yaml",
        line: 2,
        column: 1,
        pointer: Some("#/info"),
        message_contains: "found a string",
    },
    Case {
        file: "wrong-types.yaml",
        line: 6,
        column: 7,
        pointer: Some("#/paths/~1pets/get/parameters"),
        message_contains: "expected a list, found an object",
    },
    Case {
        file: "wrong-types.yaml",
        line: 9,
        column: 7,
        pointer: Some("#/paths/~1pets/get/responses"),
        message_contains: "found a number",
    },
    Case {
        file: "wrong-paths.yaml",
        line: 5,
        column: 1,
        pointer: Some("#/paths"),
        message_contains: "found a list",
    },
    Case {
        file: "empty.json",
        line: 1,
        column: 1,
        pointer: Some("#"),
        message_contains: "empty",
    },
    // Blank lines, spaces and comments only.
    Case {
        file: "whitespace.yaml",
        line: 1,
        column: 1,
        pointer: Some("#"),
        message_contains: "no YAML document",
    },
    // `"swagger"` is the second member, on line 3.
    Case {
        file: "swagger2.json",
        line: 3,
        column: 3,
        pointer: Some("#/swagger"),
        message_contains: "Swagger 2.0",
    },
    // `openapi: 4.0.0` is on line 5, after a comment, `info` and its fields.
    Case {
        file: "openapi-4.yaml",
        line: 5,
        column: 1,
        pointer: Some("#/openapi"),
        message_contains: "4.0.0",
    },
    // OpenAPI 3.2: `additionalOperations` a list, `query.parameters` a string.
    Case {
        file: "openapi-32-malformed.yaml",
        line: 7,
        column: 5,
        pointer: Some("#/paths/~1pets/additionalOperations"),
        message_contains: "found a list",
    },
    Case {
        file: "openapi-32-malformed.yaml",
        line: 10,
        column: 7,
        pointer: Some("#/paths/~1pets/query/parameters"),
        message_contains: "expected a list, found a string",
    },
    // The byte 0xE9 (Latin-1 `é`) in `"Caf\xE9"` on line 4, after
    // `    "title": "Caf` (17 characters).
    Case {
        file: "not-utf8.json",
        line: 4,
        column: 18,
        pointer: None,
        message_contains: "UTF-8",
    },
    // Line 5 is `  "x-deep": ` and 250 `[`. The root object is level 1, the
    // first `[` (column 13) level 2, so the 128th `[` (column 140) is the
    // first one past the limit of 128 levels.
    Case {
        file: "deep.json",
        line: 5,
        column: 140,
        pointer: None,
        message_contains: "nests deeper",
    },
    // As above in YAML: `x-deep: ` then 250 `[`, the first at column 9.
    Case {
        file: "deep.yaml",
        line: 5,
        column: 136,
        pointer: None,
        message_contains: "nests deeper",
    },
    // `[` is on line 2 after two spaces.
    Case {
        file: "root-array.json",
        line: 2,
        column: 3,
        pointer: Some("#"),
        message_contains: "found a list",
    },
    // The root mapping starts on line 2, after a comment.
    Case {
        file: "missing-openapi.yaml",
        line: 2,
        column: 1,
        pointer: Some("#"),
        message_contains: "`openapi`",
    },
];

/// Fixtures that must load; each row is one warning that must be reported.
const WARNINGS: &[Case] = &[
    // The second `"title"` of `info`, on line 6 after four spaces.
    Case {
        file: "duplicate-and-bad-escape.json",
        line: 6,
        column: 5,
        pointer: Some("#/info/title"),
        message_contains: "duplicate key `title`",
    },
    // The backslash of `"^\d+$"` on line 13: `        "pattern": "^` is
    // 21 characters.
    Case {
        file: "duplicate-and-bad-escape.json",
        line: 13,
        column: 22,
        pointer: Some("#/components/schemas/Code/pattern"),
        message_contains: "invalid escape `\\d`",
    },
    Case {
        file: "openapi-32-valid.yaml",
        line: 18,
        column: 5,
        pointer: Some("#/paths/~1pets/query"),
        message_contains: "QUERY",
    },
];

/// The path of a fixture in this suite.
fn path_of(file: &str) -> PathBuf {
    fixture(&format!("malformed/{file}"))
}

/// Each file of a table once, in table order.
fn files(cases: &[Case]) -> Vec<&'static str> {
    let mut out: Vec<&'static str> = Vec::new();
    for case in cases {
        if !out.contains(&case.file) {
            out.push(case.file);
        }
    }
    out
}

/// What one command-line run produced.
struct Run {
    code: u8,
    out: String,
    err: String,
}

/// Runs the command line in-process; `Err` with the panic message if it
/// panicked.
fn cli(args: &[&str]) -> Result<Run, String> {
    let mut out = Vec::new();
    let mut err = Vec::new();
    let argv: Vec<String> = std::iter::once("paylink-codegen")
        .chain(args.iter().copied())
        .map(String::from)
        .collect();
    let code = catch_unwind(AssertUnwindSafe(|| {
        paylink_codegen::cli::run(argv, &mut out, &mut err)
    }))
    .map_err(|p| panic_message(p.as_ref()))?;
    Ok(Run {
        code,
        out: String::from_utf8_lossy(&out).into_owned(),
        err: String::from_utf8_lossy(&err).into_owned(),
    })
}

/// `validate --color never FILE`.
fn validate(path: &Path) -> Result<Run, String> {
    let path = path.display().to_string();
    cli(&["validate", "--color", "never", &path])
}

/// `read_spec` on a fixture; `Err` with the panic message if it panicked.
fn read(path: &Path) -> Result<Result<paylink_codegen::Spec, paylink_codegen::SpecError>, String> {
    catch_unwind(|| paylink_codegen::read_spec(path)).map_err(|p| panic_message(p.as_ref()))
}

fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic without a message".to_string())
}

/// 1-based line and column (in characters) of a byte offset of `bytes`.
fn line_col(bytes: &[u8], offset: usize) -> (usize, usize) {
    let before = &bytes[..offset.min(bytes.len())];
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let column = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count()
        + 1;
    (line, column)
}

/// Checks that `diagnostics` hold one of `severity` matching `case` (errors
/// must also carry a hint); on failure, says what was found instead.
fn check_case(
    case: &Case,
    severity: Severity,
    path: &Path,
    diagnostics: &[Diagnostic],
) -> Result<(), String> {
    let name = path.display().to_string();
    let mut problems = Vec::new();
    let candidates: Vec<&Diagnostic> = diagnostics
        .iter()
        .filter(|d| d.severity == severity && d.message.contains(case.message_contains))
        .collect();
    if candidates.is_empty() {
        return Err(format!(
            "expected {} whose message contains {:?}; found:\n{}",
            severity_name(severity),
            case.message_contains,
            list(diagnostics)
        ));
    }
    for d in &candidates {
        match check_one(case, &name, path, d) {
            Ok(()) => return Ok(()),
            Err(p) => problems.push(format!("  {d}\n    -> {p}")),
        }
    }
    Err(format!(
        "expected {} at {}:{}{} containing {:?}; the candidates are wrong:\n{}",
        severity_name(severity),
        case.line,
        case.column,
        case.pointer.map(|p| format!(" ({p})")).unwrap_or_default(),
        case.message_contains,
        problems.join("\n")
    ))
}

fn severity_name(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "an error",
        Severity::Warning => "a warning",
    }
}

fn check_one(case: &Case, name: &str, path: &Path, d: &Diagnostic) -> Result<(), String> {
    let mut wrong = Vec::new();
    if let Some(pointer) = case.pointer {
        if d.pointer != pointer {
            wrong.push(format!("pointer is {}, expected {pointer}", d.pointer));
        }
    }
    let hint_missing = d.hint.as_deref().is_none_or(|h| h.trim().is_empty());
    if d.is_error() && hint_missing {
        wrong.push("no hint".to_string());
    }
    match &d.location {
        None => wrong.push("no location".to_string()),
        Some(loc) => {
            if loc.file != name {
                wrong.push(format!("location names {:?}, expected {name:?}", loc.file));
            }
            if (loc.line, loc.column) != (case.line, case.column) {
                wrong.push(format!(
                    "located at {}:{}, expected {}:{}",
                    loc.line, loc.column, case.line, case.column
                ));
            }
            let bytes = std::fs::read(path).unwrap_or_default();
            if loc.offset > bytes.len() {
                wrong.push(format!(
                    "offset {} is past the end of the file ({} bytes)",
                    loc.offset,
                    bytes.len()
                ));
            } else if line_col(&bytes, loc.offset) != (loc.line, loc.column) {
                let (l, c) = line_col(&bytes, loc.offset);
                wrong.push(format!(
                    "offset {} is at {l}:{c}, but the location says {}:{}",
                    loc.offset, loc.line, loc.column
                ));
            }
        }
    }
    if wrong.is_empty() {
        Ok(())
    } else {
        Err(wrong.join("; "))
    }
}

fn list(diagnostics: &[Diagnostic]) -> String {
    if diagnostics.is_empty() {
        return "  (none)".to_string();
    }
    diagnostics
        .iter()
        .map(|d| {
            let at = d
                .location
                .as_ref()
                .map(|l| format!(" [{}:{}]", l.line, l.column))
                .unwrap_or_default();
            format!("  {d}{at}")
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Panics with every failure, one block per fixture, if there are any.
fn report(what: &str, failures: &[String]) {
    if failures.is_empty() {
        return;
    }
    let mut text = format!("{} {what} failed:\n", failures.len());
    for f in failures {
        let _ = writeln!(text, "\n{f}");
    }
    panic!("{text}");
}

#[test]
fn fixtures_are_as_described() {
    let empty = std::fs::read(path_of("empty.json")).expect("empty.json exists");
    assert!(empty.is_empty(), "empty.json must be 0 bytes");
    let bytes = std::fs::read(path_of("not-utf8.json")).expect("not-utf8.json exists");
    assert!(
        std::str::from_utf8(&bytes).is_err(),
        "not-utf8.json must hold invalid UTF-8"
    );
    let text = std::fs::read_to_string(path_of("whitespace.yaml")).expect("whitespace.yaml");
    assert!(text
        .lines()
        .all(|l| l.trim().is_empty() || l.trim_start().starts_with('#')));
    let tabs = std::fs::read_to_string(path_of("tabs.yaml")).expect("tabs.yaml");
    assert!(tabs.lines().nth(7).is_some_and(|l| l.starts_with('\t')));
    for deep in ["deep.json", "deep.yaml"] {
        let text = std::fs::read_to_string(path_of(deep)).expect("deep fixture");
        let nesting = text.matches('[').count();
        assert!(
            nesting > paylink_codegen::load::MAX_DEPTH + 1,
            "{deep} must nest deeper than the limit"
        );
    }
    for file in files(ERRORS).into_iter().chain(files(WARNINGS)) {
        assert!(path_of(file).is_file(), "missing fixture {file}");
    }
}

#[test]
fn validate_fails_each_malformed_fixture_with_exit_1() {
    let mut failures = Vec::new();
    for file in files(ERRORS) {
        let path = path_of(file);
        let name = path.display().to_string();
        let run = match validate(&path) {
            Ok(run) => run,
            Err(panic) => {
                failures.push(format!("{file}: validate panicked: {panic}"));
                continue;
            }
        };
        let mut wrong = Vec::new();
        if run.code != 1 {
            wrong.push(format!("exit code {}, expected 1", run.code));
        }
        let summary = run.out.lines().find(|l| l.contains(&name));
        match summary {
            None => wrong.push("the summary does not name the file".to_string()),
            Some(line) if !line.starts_with(&format!("FAILED {name}:")) => {
                wrong.push(format!("the summary line is {line:?}, expected FAILED"))
            }
            Some(_) => {}
        }
        if !run.err.contains("error") && !run.err.contains('×') {
            wrong.push("no error is shown".to_string());
        }
        if !run.err.contains(file) {
            wrong.push("the diagnostics do not name the file".to_string());
        }
        if !wrong.is_empty() {
            failures.push(format!(
                "{file}: {}\n--- stdout\n{}--- stderr\n{}",
                wrong.join("; "),
                run.out,
                run.err
            ));
        }
    }
    report("fixture(s) on the command line", &failures);
}

#[test]
fn read_spec_reports_each_error_where_it_is() {
    let mut failures = Vec::new();
    for case in ERRORS {
        let path = path_of(case.file);
        let result = match read(&path) {
            Ok(result) => result,
            Err(panic) => {
                failures.push(format!("{}: read_spec panicked: {panic}", case.file));
                continue;
            }
        };
        let error = match result {
            Ok(spec) => {
                failures.push(format!(
                    "{}: read_spec succeeded (OpenAPI {}), expected an error; warnings:\n{}",
                    case.file,
                    spec.source_version,
                    list(&spec.diagnostics)
                ));
                continue;
            }
            Err(e) => e,
        };
        if !error.diagnostics.iter().any(Diagnostic::is_error) {
            failures.push(format!(
                "{}: an Err without any error diagnostic",
                case.file
            ));
            continue;
        }
        if let Err(why) = check_case(case, Severity::Error, &path, &error.diagnostics) {
            failures.push(format!("{}: {why}", case.file));
        }
    }
    report("case(s)", &failures);
}

#[test]
fn read_spec_str_agrees_with_read_spec() {
    let mut failures = Vec::new();
    for file in files(ERRORS) {
        let path = path_of(file);
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let name = path.display().to_string();
        let from_str = catch_unwind(|| paylink_codegen::read_spec_str(&name, &text));
        let from_file = read(&path);
        let (Ok(Err(a)), Ok(Err(b))) = (from_str, from_file) else {
            failures.push(format!(
                "{file}: read_spec_str and read_spec do not both return an error"
            ));
            continue;
        };
        // The displayed form holds the location, message, pointer and hint.
        let key = |ds: &[Diagnostic]| -> Vec<String> {
            ds.iter()
                .filter(|d| d.is_error())
                .map(ToString::to_string)
                .collect()
        };
        if key(&a.diagnostics) != key(&b.diagnostics) {
            failures.push(format!(
                "{file}: read_spec_str gives\n{}\nread_spec gives\n{}",
                list(&a.diagnostics),
                list(&b.diagnostics)
            ));
        }
    }
    report("fixture(s)", &failures);
}

#[test]
fn imperfect_but_valid_fixtures_load_with_located_warnings() {
    let mut failures = Vec::new();
    for file in files(WARNINGS) {
        let path = path_of(file);
        let name = path.display().to_string();
        match validate(&path) {
            Err(panic) => failures.push(format!("{file}: validate panicked: {panic}")),
            Ok(run) => {
                let ok_line = run
                    .out
                    .lines()
                    .any(|l| l.starts_with(&format!("ok     {name}:")));
                let warned = run.err.contains('⚠') || run.err.contains("warning");
                if run.code != 0 || !ok_line || !warned {
                    failures.push(format!(
                        "{file}: exit code {} (expected 0), summary ok: {ok_line}\n--- stdout\n{}--- stderr\n{}",
                        run.code, run.out, run.err
                    ));
                }
            }
        }
    }
    for case in WARNINGS {
        let path = path_of(case.file);
        match read(&path) {
            Err(panic) => failures.push(format!("{}: read_spec panicked: {panic}", case.file)),
            Ok(Err(e)) => failures.push(format!(
                "{}: read_spec failed, expected it to load:\n{}",
                case.file,
                list(&e.diagnostics)
            )),
            Ok(Ok(spec)) => {
                if let Err(why) = check_case(case, Severity::Warning, &path, &spec.diagnostics) {
                    failures.push(format!("{}: {why}", case.file));
                }
            }
        }
    }
    report("case(s)", &failures);
}

#[test]
fn valid_32_document_keeps_its_version_and_operations() {
    let spec = paylink_codegen::read_spec(&path_of("openapi-32-valid.yaml"))
        .unwrap_or_else(|e| panic!("the 3.2 fixture must load:\n{e}"));
    assert_eq!(spec.source_version, "3.2.0");
    assert_eq!(
        spec.model.operations().count(),
        1,
        "only GET has a 3.0 form"
    );
    assert!(
        spec.diagnostics.iter().all(|d| !d.is_error()),
        "{}",
        list(&spec.diagnostics)
    );
    let pets = &spec.document["paths"]["/pets"];
    assert!(
        pets.get("x-oas-query").is_some(),
        "the query operation is kept"
    );
}

#[test]
fn bad_escape_is_kept_as_written() {
    let spec = paylink_codegen::read_spec(&path_of("duplicate-and-bad-escape.json"))
        .unwrap_or_else(|e| panic!("the fixture must load:\n{e}"));
    let schema = &spec.document["components"]["schemas"]["Code"];
    assert_eq!(schema["pattern"], "^\\d+$");
    assert_eq!(spec.document["info"]["title"], "Duplicates again");
}

#[test]
fn a_missing_file_exits_1_with_a_located_error() {
    let path = path_of("no-such-file.yaml");
    let run = validate(&path).expect("validate must not panic");
    let name = path.display().to_string();
    assert_eq!(run.code, 1, "stdout:\n{}\nstderr:\n{}", run.out, run.err);
    assert!(
        run.out.starts_with(&format!("FAILED {name}:")),
        "stdout:\n{}",
        run.out
    );
    assert!(run.err.contains("cannot read"), "stderr:\n{}", run.err);
    let error = paylink_codegen::read_spec(&path).expect_err("a missing file is an error");
    assert!(error.source.is_none());
    let d = error
        .diagnostics
        .iter()
        .find(|d| d.is_error())
        .expect("an error diagnostic");
    let loc = d.location.as_ref().expect("the error is located");
    assert_eq!(
        (loc.file.as_str(), loc.line, loc.column),
        (name.as_str(), 1, 1)
    );
    assert!(d.hint.as_deref().is_some_and(|h| !h.is_empty()));
}

#[test]
fn one_bad_file_among_good_ones_fails_the_run() {
    let good = paylink_tests::provider_specs()
        .into_iter()
        .next()
        .expect("a provider spec");
    let bad = path_of("ref-loop.yaml");
    let run = cli(&[
        "validate",
        "--color",
        "never",
        "--quiet",
        &good.display().to_string(),
        &bad.display().to_string(),
    ])
    .expect("validate must not panic");
    assert_eq!(run.code, 1, "stdout:\n{}\nstderr:\n{}", run.out, run.err);
    assert!(
        run.out.contains("1 of 2 specs read; 1 failed"),
        "stdout:\n{}",
        run.out
    );
}

#[test]
fn bad_usage_exits_2() {
    let fixture = path_of("empty.json").display().to_string();
    let usages: &[&[&str]] = &[
        &["validate"],
        &["validate", "--bogus", &fixture],
        &["validate", "--color", "sometimes", &fixture],
        &["validate", "--limit", "many", &fixture],
        &["frobnicate"],
        &[],
    ];
    let mut failures = Vec::new();
    for args in usages {
        match cli(args) {
            Err(panic) => failures.push(format!("{args:?}: panicked: {panic}")),
            Ok(run) if run.code != 2 || run.err.trim().is_empty() => failures.push(format!(
                "{args:?}: exit code {} (expected 2)\n--- stdout\n{}--- stderr\n{}",
                run.code, run.out, run.err
            )),
            Ok(_) => {}
        }
    }
    report("usage(s)", &failures);
}

/// A generation that fails leaves the module already there as it was
/// (its bytes and its time) and no temporary file; the same spec again
/// leaves it alone, and another spec replaces it.
#[test]
fn a_failed_generation_leaves_the_module_in_place() {
    let mut specs = paylink_tests::provider_specs().into_iter();
    let (one, two) = (
        specs.next().expect("a provider spec"),
        specs.next().expect("a second provider spec"),
    );
    let dir = std::env::temp_dir().join(format!("paylink-kept-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("scratch folder");
    let out = dir.join("module.rs");
    let out_text = out.display().to_string();
    let generate = |spec: &Path| {
        cli(&["generate", &spec.display().to_string(), "-o", &out_text])
            .expect("generate must not panic")
    };
    let stamp = || {
        let bytes = std::fs::read(&out).expect("the module");
        let time = std::fs::metadata(&out).and_then(|m| m.modified());
        (bytes, time.expect("a time"))
    };
    assert_eq!(generate(&one).code, 0);
    let first = stamp();
    let failed = generate(&path_of("ref-loop.yaml"));
    assert_eq!(failed.code, 1, "stderr:\n{}", failed.err);
    assert!(stamp() == first, "a failed generation changed the module");
    assert_eq!(generate(&one).code, 0);
    assert!(stamp() == first, "the same module was rewritten");
    assert_eq!(generate(&two).code, 0);
    assert_ne!(stamp().0, first.0);
    assert!(!dir.join("module.rs.tmp").exists());
    let _ = std::fs::remove_dir_all(&dir);
}
