//! Hostile input: documents written to break the generator, each attacking
//! one thing (alias bombs, nesting rebuilt by aliases or references, spec
//! text shaped as code or control characters, misleading references and
//! names). The small ones are `tests/fixtures/hostile/`; the big ones are
//! written by the tests into a scratch folder, never checked in.
//!
//! Every document goes through the command line as a separate process,
//! `validate`, `generate --client --server` and `diff`, each under a
//! virtual-memory cap and a time limit: the test fails on an abort, a
//! panic, a stack overflow, a hang, or raw control characters on the
//! terminal, and checks each document's expected error or warning (with its
//! location). [`generated_docs_run_no_spec_text`] compiles the modules of the
//! injection documents in one crate and runs `cargo test --doc` over it:
//! no doctest may come from spec text.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use paylink_tests::scratch::{cargo, write_if_changed, write_manifest};
use paylink_tests::stubs;
use paylink_tests::{fixture, workspace_root};
use quote::quote;

/// Virtual memory each run may use, in KiB (`ulimit -v`).
const MEMORY_CAP_KIB: u64 = 2_000_000;

/// Wall time each run may take (debug build, shared machine).
const TIME_LIMIT: Duration = Duration::from_secs(120);

/// What a document must give.
#[derive(Clone, Copy, Debug)]
enum Expect {
    /// Read and generated without warnings or errors.
    Clean,
    /// Read and generated; a warning containing this text.
    Warns(&'static str),
    /// Refused; an error containing this text, located.
    Fails(&'static str),
}

use Expect::{Clean, Fails, Warns};

/// Every fixture and what it must give.
const FIXTURES: &[(&str, Expect)] = &[
    // Class 1: aborts and memory.
    ("alias-billion-laughs.yaml", Fails("alias bomb")),
    ("alias-merge-bomb.yaml", Fails("alias bomb")),
    ("alias-merge-list-bomb.yaml", Fails("alias bomb")),
    ("alias-exponential-pairs.yaml", Fails("alias bomb")),
    (
        "alias-depth-chain.yaml",
        Fails("levels deep, past the limit"),
    ),
    (
        "alias-depth-schemas.yaml",
        Fails("levels deep, past the limit"),
    ),
    ("alias-key-not-string.yaml", Fails("must name a string")),
    ("alias-unknown-anchor.yaml", Fails("unknown anchor")),
    ("deep-flow.yaml", Fails("recursion limit")),
    ("deep-array.json", Fails("nests deeper than")),
    ("ref-self-loop.json", Fails("`$ref` loop")),
    ("recursive-tree.yaml", Clean),
    // Class 3: generated code rustc refuses.
    ("recursive-array-alias.yaml", Clean),
    ("recursive-map-alias.json", Clean),
    ("recursive-mutual-aliases.yaml", Clean),
    ("recursive-nullable-alias.json", Clean),
    ("recursive-oneof-alias.yaml", Clean),
    (
        "recursive-empty-cycle.json",
        Warns("without an object, a list or a map in between"),
    ),
    (
        "recursive-union-self.yaml",
        Warns("without an object, a list or a map in between"),
    ),
    (
        "deep-inline-arrays.json",
        Warns("levels the Rust compiler can check"),
    ),
    (
        "deep-inline-objects.yaml",
        Warns("levels the Rust compiler can check"),
    ),
    // Class 2: spec text as code.
    ("inject-description-fence.yaml", Clean),
    ("inject-list-fence.yaml", Clean),
    ("inject-ordered-list-fence.yaml", Clean),
    ("inject-quote-fence.yaml", Clean),
    ("inject-quote-indented.yaml", Clean),
    ("inject-heading-indented.yaml", Clean),
    ("inject-list-indented.yaml", Clean),
    ("inject-nested-quote-list-fence.yaml", Clean),
    ("inject-unclosed-fence.yaml", Clean),
    ("inject-tilde-fence.json", Clean),
    ("inject-title.json", Clean),
    ("inject-version.json", Clean),
    ("inject-server-url.json", Clean),
    ("inject-security-scheme-name.json", Clean),
    ("inject-schema-key.json", Clean),
    ("inject-enum-value.json", Clean),
    ("inject-discriminator-key.json", Clean),
    ("inject-path-key.json", Warns("is not declared")),
    ("inject-parameter-description.json", Clean),
    ("inject-summary.yaml", Clean),
    ("inject-bidi.json", Clean),
    ("inject-control-chars.json", Clean),
    ("inject-comment-end.json", Clean),
    ("inject-webhooks.yaml", Clean),
    ("inject-rust-type.yaml", Warns("`x-rust-type` is refused")),
    (
        "inject-string-literals.json",
        Warns("not checked by generated servers"),
    ),
    // Class 4: diagnostics.
    ("bom.yaml", Clean),
    ("bom.json", Clean),
    ("not-utf8.yaml", Fails("not valid UTF-8")),
    ("ref-root.json", Fails("points to the whole document")),
    (
        "ref-pointer-loops.yaml",
        Warns("refers back to itself through the schemas it points into"),
    ),
    (
        "ref-info-title.yaml",
        Fails("points to a string, not a schema"),
    ),
    (
        "ref-non-schema-object.json",
        Warns("points to something that is not one"),
    ),
    (
        "discriminator-missing-target.yaml",
        Warns("which is not a schema of this document"),
    ),
    ("anchor-ref.yaml", Clean),
    ("anchor-missing.yaml", Fails("which no schema declares")),
    (
        "header-reserved-names.yaml",
        Warns("is ignored by OpenAPI's rules"),
    ),
    (
        "header-invalid-name.json",
        Warns("is not a valid header name"),
    ),
    (
        "cookie-invalid-name.yaml",
        Warns("is not a valid cookie name"),
    ),
    (
        "duplicate-operation-id.yaml",
        Warns("is already used by the operation"),
    ),
    (
        "collide-method-names.yaml",
        Warns("is a method every generated client or server already has"),
    ),
    (
        "terminal-escape-in-key.json",
        Warns("is not an HTTP status code"),
    ),
    ("terminal-bidi-in-ref.json", Fails("points to nothing")),
    // Shapes from the property test (tests/tests/properties.rs), each
    // generated and compiled with the server.
    // At the reader's depth limit the nesting is past what rustc can
    // check: cut with a warning, so the module still compiles.
    (
        "prop-deep-nesting-at-limit.json",
        Warns("levels the Rust compiler can check"),
    ),
    ("prop-case-twins.yaml", Clean),
    ("prop-keyword-names.yaml", Clean),
    ("prop-unicode-names.json", Clean),
    ("prop-empty-names.yaml", Clean),
    (
        "prop-enum-odd-values.json",
        Warns("are not of type integer"),
    ),
    ("prop-huge-numbers.json", Warns("is beyond 64 bits")),
    ("prop-description-terminators.yaml", Clean),
    // Class 3: path templates a router could panic on.
    ("route-unbalanced-open.yaml", Warns("is never closed")),
    ("route-unbalanced-close.json", Warns("closes no parameter")),
    ("route-empty-param.yaml", Clean),
    // Path parameters named like the client's locals.
    ("path-param-locals.yaml", Clean),
    (
        "route-adjacent-params.json",
        Warns("with nothing between them"),
    ),
    ("route-mid-segment.yaml", Clean),
    ("route-shared-segment.json", Clean),
    ("route-colon-star.yaml", Clean),
    ("route-param-with-slash.json", Clean),
    (
        "route-same-shape.yaml",
        Warns("cannot tell this operation's requests"),
    ),
    (
        "route-fragment.json",
        Warns("is not sent as part of the path"),
    ),
    ("route-slashes.yaml", Clean),
    ("route-percent-space.json", Clean),
    ("route-dot-segment.yaml", Warns("resolves away")),
    (
        "route-no-leading-slash.json",
        Warns("does not start with `/`"),
    ),
    ("route-literal-vs-param.yaml", Clean),
    ("route-repeated-param.json", Clean),
    ("route-backslash-control.yaml", Warns("turns into `/`")),
    ("route-head-get-options.json", Clean),
];

/// Requests sent through the routers of the route fixtures, as the
/// generated client writes them: fixture, method, path, and what the
/// handler's request must show (its `Debug`), or `None` for a 404.
const REQUESTS: &[(&str, &str, &str, Option<&str>)] = &[
    (
        "route-unbalanced-open.yaml",
        "GET",
        "/a/7",
        Some("GetClosedRequest { id: \"7\""),
    ),
    (
        "route-unbalanced-open.yaml",
        "GET",
        "/a/%7Bid",
        Some("GetClosedRequest { id: \"{id\""),
    ),
    (
        "route-unbalanced-close.json",
        "GET",
        "/b/5/c",
        Some("GetCRequest { id: \"5\""),
    ),
    (
        "route-unbalanced-close.json",
        "GET",
        "/b/id%7D/c",
        Some("GetCRequest { id: \"id}\""),
    ),
    (
        "route-empty-param.yaml",
        "GET",
        "/d/xyz",
        Some("GetEmptyRequest { "),
    ),
    ("route-empty-param.yaml", "GET", "/d/xyz", Some(": \"xyz\"")),
    (
        "route-adjacent-params.json",
        "GET",
        "/f/ab",
        Some("GetOneRequest { a: \"ab\""),
    ),
    (
        "route-mid-segment.yaml",
        "GET",
        "/k/report.final.pdf",
        Some("GetByExtRequest { id: \"report.final\", ext: \"pdf\""),
    ),
    ("route-mid-segment.yaml", "GET", "/k/nodot", None),
    (
        "route-mid-segment.yaml",
        "GET",
        "/files/a%20b%2Fc.json",
        Some("GetJsonRequest { name: \"a b/c\""),
    ),
    ("route-mid-segment.yaml", "GET", "/files/.json", None),
    (
        "route-mid-segment.yaml",
        "GET",
        "/v1/2020-01-05/x42y",
        Some("GetRangeRequest { a: \"2020-01\", b: \"05\", n: 42"),
    ),
    ("route-mid-segment.yaml", "GET", "/v1/2020-01-05/x42z", None),
    (
        "route-shared-segment.json",
        "GET",
        "/s/data.csv",
        Some("GetCsvRequest { a: \"data\""),
    ),
    (
        "route-shared-segment.json",
        "GET",
        "/s/data",
        Some("GetPlainRequest { a: \"data\""),
    ),
    (
        "route-shared-segment.json",
        "GET",
        "/s/v2",
        Some("GetVersionedRequest { a: 2"),
    ),
    (
        "route-colon-star.yaml",
        "GET",
        "/c/:name",
        Some("GetColonRequest {"),
    ),
    (
        "route-colon-star.yaml",
        "GET",
        "/c/*rest",
        Some("GetStarRequest {"),
    ),
    (
        "route-colon-star.yaml",
        "GET",
        "/c/abc",
        Some("GetIdRequest { id: \"abc\""),
    ),
    (
        "route-colon-star.yaml",
        "POST",
        "/c/9/levels:append",
        Some("AppendLevelRequest { id: \"9\""),
    ),
    (
        "route-param-with-slash.json",
        "GET",
        "/p/zz/q",
        Some("GetSlashedRequest { a_b: \"zz\""),
    ),
    (
        "route-same-shape.yaml",
        "GET",
        "/u/3",
        Some("GetByIdRequest { id: \"3\""),
    ),
    (
        "route-same-shape.yaml",
        "DELETE",
        "/u/3",
        Some("DeleteUserRequest { user: \"3\""),
    ),
    (
        "route-fragment.json",
        "GET",
        "/files/9",
        Some("GetFileRequest { id: \"9\""),
    ),
    (
        "route-fragment.json",
        "PUT",
        "/files/9",
        Some("PutFileRequest { id: \"9\""),
    ),
    (
        "route-fragment.json",
        "GET",
        "/search",
        Some("SearchRequest {"),
    ),
    ("route-slashes.yaml", "GET", "/t", Some("GetBareRequest {")),
    (
        "route-slashes.yaml",
        "GET",
        "/t/",
        Some("GetTrailingRequest {"),
    ),
    (
        "route-slashes.yaml",
        "GET",
        "/t//x",
        Some("GetDoubleRequest {"),
    ),
    ("route-slashes.yaml", "GET", "/", Some("GetRootRequest {")),
    (
        "route-percent-space.json",
        "GET",
        "/p/100%/a%20b/caf%C3%A9/i%201",
        Some("GetOddRequest { id: \"i 1\""),
    ),
    (
        "route-percent-space.json",
        "GET",
        "/q/%7Bx%7D",
        Some("GetEncodedBracesRequest {"),
    ),
    ("route-dot-segment.yaml", "GET", "/b", Some("GetBRequest {")),
    (
        "route-no-leading-slash.json",
        "GET",
        "/items",
        Some("ListItemsRequest {"),
    ),
    (
        "route-literal-vs-param.yaml",
        "GET",
        "/w/static",
        Some("GetStaticRequest {"),
    ),
    (
        "route-literal-vs-param.yaml",
        "GET",
        "/w/other",
        Some("GetAnyRequest { rest: \"other\""),
    ),
    (
        "route-literal-vs-param.yaml",
        "GET",
        "/w/other/x",
        Some("GetDeeperRequest { rest: \"other\""),
    ),
    (
        "route-literal-vs-param.yaml",
        "GET",
        "/w/static/q",
        Some("GetStaticDeeperRequest { y: \"q\""),
    ),
    (
        "route-repeated-param.json",
        "GET",
        "/r/1/s/1",
        Some("GetTwiceRequest { id: \"1\""),
    ),
    ("route-repeated-param.json", "GET", "/r/1/s/2", None),
    (
        "route-backslash-control.yaml",
        "GET",
        "/ok",
        Some("GetOkRequest {"),
    ),
    (
        "route-head-get-options.json",
        "GET",
        "/h/1",
        Some("GetHRequest { id: \"1\""),
    ),
    ("route-head-get-options.json", "HEAD", "/h/1", Some("")),
    (
        "route-head-get-options.json",
        "OPTIONS",
        "/h/1",
        Some("OptionsHRequest { id: \"1\""),
    ),
    (
        "route-head-get-options.json",
        "TRACE",
        "/h/1",
        Some("TraceHRequest { id: \"1\""),
    ),
    (
        "route-head-get-options.json",
        "PATCH",
        "/h/1",
        Some("PatchHRequest { other: \"1\""),
    ),
];

/// What one run of the command line gave.
struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
    what: String,
}

/// The scratch folder of these tests.
fn scratch() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("hostile");
    std::fs::create_dir_all(&dir).expect("scratch folder");
    dir
}

/// Runs the command line with `args` under the memory cap and time limit.
fn run(args: &[&std::ffi::OsStr]) -> Run {
    let dir = scratch();
    let tag = format!("{:?}", std::thread::current().id())
        .replace(|c: char| !c.is_ascii_alphanumeric(), "");
    let (out_path, err_path) = (
        dir.join(format!("{tag}.out")),
        dir.join(format!("{tag}.err")),
    );
    let script = format!("ulimit -v {MEMORY_CAP_KIB} && exec \"$0\" \"$@\"");
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(script)
        .arg(env!("CARGO_BIN_EXE_paylink-cli"))
        .args(args)
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&out_path).expect("stdout file"))
        .stderr(std::fs::File::create(&err_path).expect("stderr file"))
        .spawn()
        .expect("the command line starts");
    let what = args
        .iter()
        .map(|a| a.to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join(" ");
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if started.elapsed() > TIME_LIMIT {
            let _ = child.kill();
            let _ = child.wait();
            panic!("`{what}` did not finish in {TIME_LIMIT:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let read =
        |p: &Path| String::from_utf8_lossy(&std::fs::read(p).unwrap_or_default()).into_owned();
    Run {
        code: status.code(),
        stdout: read(&out_path),
        stderr: read(&err_path),
        what,
    }
}

impl Run {
    /// Fails on a signal, an unexpected exit status, a panic or an abort,
    /// and on control characters reaching the terminal.
    fn assert_sound(&self) {
        let all = format!("{}{}", self.stdout, self.stderr);
        assert!(
            matches!(self.code, Some(0 | 1)),
            "`{}` ended with {:?} (a signal or a crash):\n{}",
            self.what,
            self.code,
            tail(&self.stderr)
        );
        for bad in [
            "panicked",
            "overflowed its stack",
            "fatal runtime error",
            "memory allocation",
        ] {
            assert!(
                !all.contains(bad),
                "`{}`: {bad}:\n{}",
                self.what,
                tail(&all)
            );
        }
        let raw = all
            .chars()
            .find(|c| (c.is_control() && *c != '\n' && *c != '\t') || is_bidi(*c));
        assert!(
            raw.is_none(),
            "`{}` printed the raw control character {raw:?}",
            self.what
        );
    }
}

fn is_bidi(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// The last lines of a long output.
fn tail(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(30)..].join("\n")
}

/// The three commands on one document; returns validate's and generate's
/// runs and the generated code (when generation succeeded).
fn attack(spec: &Path) -> (Run, Run, Option<String>) {
    let output = scratch().join(format!(
        "{}.rs",
        spec.file_stem().unwrap_or_default().to_string_lossy()
    ));
    let _ = std::fs::remove_file(&output);
    let validate = run(&["validate".as_ref(), "--all".as_ref(), spec.as_os_str()]);
    validate.assert_sound();
    let generate = run(&[
        "generate".as_ref(),
        spec.as_os_str(),
        "-o".as_ref(),
        output.as_os_str(),
        "--client".as_ref(),
        "--server".as_ref(),
    ]);
    generate.assert_sound();
    let diff = run(&["diff".as_ref(), spec.as_os_str(), spec.as_os_str()]);
    diff.assert_sound();
    let code = std::fs::read_to_string(&output).ok();
    (validate, generate, code)
}

/// Checks a document against what it must give.
fn check(spec: &Path, expect: Expect) -> Result<(), String> {
    let name = spec
        .file_name()
        .unwrap_or_default()
        .to_string_lossy()
        .into_owned();
    let (validate, generate, code) = attack(spec);
    let located = |run: &Run| run.stderr.contains(&format!("{name}:"));
    let problem = match expect {
        Clean if validate.code != Some(0) || generate.code != Some(0) => {
            Some(format!("expected success:\n{}", tail(&validate.stderr)))
        }
        Clean if validate.stderr.contains('⚠') || generate.stderr.contains('⚠') => {
            Some(format!("expected no warnings:\n{}", tail(&validate.stderr)))
        }
        Warns(_) if validate.code != Some(0) || generate.code != Some(0) => Some(format!(
            "expected success with a warning:\n{}",
            tail(&validate.stderr)
        )),
        Warns(text) | Fails(text)
            if !validate.stderr.contains(text) || !generate.stderr.contains(text) =>
        {
            Some(format!(
                "validate and generate must both say \"{text}\":\nvalidate:\n{}\ngenerate:\n{}",
                tail(&validate.stderr),
                tail(&generate.stderr)
            ))
        }
        Warns(_) | Fails(_) if !located(&validate) || !located(&generate) => Some(format!(
            "the diagnostic must name the file and line:\n{}",
            tail(&validate.stderr)
        )),
        Fails(_) if validate.code != Some(1) || generate.code != Some(1) => {
            Some("expected exit status 1 from validate and generate".to_string())
        }
        _ => None,
    };
    if let Some(problem) = problem {
        return Err(format!("{name}: {problem}"));
    }
    if let Some(code) = code {
        generated_code_is_inert(&code).map_err(|e| format!("{name}: {e}"))?;
    }
    Ok(())
}

/// The generated module carries no control or direction characters, its
/// header is two comment lines, and no doc line opens a code block that
/// is not `text`.
fn generated_code_is_inert(code: &str) -> Result<(), String> {
    if let Some(c) = code
        .chars()
        .find(|c| (c.is_control() && *c != '\n') || is_bidi(*c) || *c == '\u{200f}')
    {
        return Err(format!("the module holds the character {c:?}"));
    }
    let mut lines = code.lines();
    let header_ok = lines.next().is_some_and(|l| l.starts_with("// @generated"))
        && lines
            .next()
            .is_some_and(|l| l.starts_with("// Do not edit"))
        && lines
            .next()
            .is_some_and(|l| !l.starts_with("//") || l.starts_with("//!"));
    if !header_ok {
        return Err("the header is not exactly two comment lines".into());
    }
    let mut in_fence = false;
    for line in code.lines() {
        let doc = line.trim_start();
        let Some(text) = doc.strip_prefix("///").or_else(|| doc.strip_prefix("//!")) else {
            in_fence = false;
            continue;
        };
        let text = text.strip_prefix(' ').unwrap_or(text);
        let fence = text.trim_start_matches(['>', ' ', '-', '*', '+']);
        if !(fence.starts_with("```") || fence.starts_with("~~~")) {
            continue;
        }
        let expected = if in_fence { "```" } else { "```text" };
        if text != expected {
            return Err(format!("doc line opens a code block: {line:?}"));
        }
        in_fence = !in_fence;
    }
    Ok(())
}

#[test]
fn every_hostile_fixture_is_refused_or_generated_safely() {
    let dir = fixture("hostile");
    let mut on_disk: Vec<String> = std::fs::read_dir(&dir)
        .expect("fixtures")
        .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
        .collect();
    on_disk.sort();
    let mut listed: Vec<String> = FIXTURES.iter().map(|(n, _)| n.to_string()).collect();
    listed.sort();
    assert_eq!(
        on_disk, listed,
        "every fixture needs an expectation in FIXTURES"
    );
    assert!(FIXTURES.len() >= 60);
    let failures: Vec<String> = FIXTURES
        .iter()
        .filter_map(|(name, expect)| check(&dir.join(name), *expect).err())
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// A YAML document whose anchor holds `string` and which aliases it
/// `copies` times.
fn string_bomb(string_len: usize, copies: usize) -> String {
    let mut text = format!(
        "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths: {{}}\nx-s: &s {}\nx-l:\n",
        "y".repeat(string_len)
    );
    for _ in 0..copies {
        text.push_str("  - *s\n");
    }
    text
}

/// Schemas each holding a property that refers to the next: nesting
/// through references, `n` deep.
fn property_chain(n: usize) -> String {
    let mut schemas = serde_json::Map::new();
    for i in 0..n {
        schemas.insert(
            format!("S{i}"),
            serde_json::json!({"type": "object", "properties": {
                "next": {"$ref": format!("#/components/schemas/S{}", i + 1)}}}),
        );
    }
    schemas.insert(format!("S{n}"), serde_json::json!({"type": "string"}));
    let doc = serde_json::json!({
        "openapi": "3.0.3", "info": {"title": "t", "version": "1"},
        "paths": {"/a": {"post": {"operationId": "post",
            "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/S0"}}}},
            "responses": {"200": {"description": "ok"}}}}},
        "components": {"schemas": schemas}
    });
    doc.to_string()
}

/// Schemas that are each only a reference to the next.
fn alias_chain(n: usize) -> String {
    let mut schemas = serde_json::Map::new();
    for i in 0..n {
        schemas.insert(
            format!("S{i}"),
            serde_json::json!({"$ref": format!("#/components/schemas/S{}", i + 1)}),
        );
    }
    schemas.insert(format!("S{n}"), serde_json::json!({"type": "string"}));
    serde_json::json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"},
        "paths": {}, "components": {"schemas": schemas}})
    .to_string()
}

/// A 65 KB YAML document whose anchors each nest the previous one.
fn alias_depth_65k() -> String {
    let mut text = String::from(
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\nx-d:\n  d0: &d0 {x: 1}\n",
    );
    let mut i = 1;
    while text.len() < 65_000 {
        let _ = writeln!(text, "  d{i}: &d{i} {{n: *d{}}}", i - 1);
        i += 1;
    }
    text
}

/// A spec with `n` operations, each with a path parameter and a body or
/// response that refers to one of a hundred schemas.
fn many_operations(n: usize) -> String {
    let mut paths = serde_json::Map::new();
    for i in 0..n {
        let schema = serde_json::json!({"$ref": format!("#/components/schemas/Item{}", i % 100)});
        let mut op = serde_json::json!({"operationId": format!("op{i}"),
            "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
            "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": schema}}}}});
        if i % 2 == 1 {
            op["requestBody"] = serde_json::json!({"required": true, "content": {"application/json": {"schema": schema}}});
        }
        let method = if i % 2 == 1 { "post" } else { "get" };
        paths.insert(format!("/r{i}/{{id}}"), serde_json::json!({ method: op }));
    }
    let schemas: serde_json::Map<String, serde_json::Value> = (0..100)
        .map(|i| {
            (format!("Item{i}"), serde_json::json!({"type": "object", "required": ["id"],
                "properties": {"id": {"type": "string"}, "amount": {"type": "integer", "format": "int64"}}}))
        })
        .collect();
    serde_json::json!({"openapi": "3.0.3", "info": {"title": "big", "version": "1"},
        "servers": [{"url": "https://api.example.com"}], "paths": paths,
        "components": {"schemas": schemas}})
    .to_string()
}

#[test]
fn generated_bombs_and_chains_are_refused_with_located_errors() {
    let dir = scratch();
    let cases: Vec<(&str, String, Expect)> = vec![
        (
            "string-bomb.yaml",
            string_bomb(1 << 20, 40),
            Fails("bytes of text"),
        ),
        (
            "alias-depth-65k.yaml",
            alias_depth_65k(),
            Fails("levels deep, past the limit"),
        ),
        (
            "property-chain-2000.json",
            property_chain(2000),
            Fails("following `$ref` from here nests"),
        ),
        (
            "alias-chain-5000.json",
            alias_chain(5000),
            Fails("following `$ref` from here nests"),
        ),
        (
            "property-chain-150.json",
            property_chain(150),
            Warns("levels the Rust compiler can check"),
        ),
        ("alias-chain-400.json", alias_chain(400), Clean),
    ];
    let mut failures = Vec::new();
    for (name, text, expect) in cases {
        let path = dir.join(name);
        std::fs::write(&path, text).expect("scratch spec");
        if let Err(e) = check(&path, expect) {
            failures.push(e);
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn a_big_spec_generates_within_the_caps() {
    let path = scratch().join("many-operations.json");
    std::fs::write(&path, many_operations(2_000)).expect("scratch spec");
    let (validate, generate, code) = attack(&path);
    assert_eq!(validate.code, Some(0), "{}", tail(&validate.stderr));
    assert_eq!(generate.code, Some(0), "{}", tail(&generate.stderr));
    let code = code.expect("a module");
    assert!(code.contains("op1999"), "the last operation is generated");
    router_is_chunked(&code, 2_000);
}

/// Most routes one expression may chain: one chain of thousands overflows
/// rustc's stack (a 10,000-operation server did).
const ROUTES_PER_CHAIN: usize = 100;

/// The router of `code` adds its `routes` routes in chains of at most
/// [`ROUTES_PER_CHAIN`], each in a function of its own.
fn router_is_chunked(code: &str, routes: usize) {
    let server = code
        .split("pub fn router_with_body_limit")
        .nth(1)
        .expect("a router");
    let chains: Vec<usize> = server
        .split("fn routes_")
        .skip(1)
        .map(|f| f.matches(".route(").count())
        .collect();
    assert!(chains.len() > 1, "the router is built in one chain");
    assert!(
        chains.iter().all(|&n| n <= ROUTES_PER_CHAIN),
        "a chain adds more than {ROUTES_PER_CHAIN} routes: {chains:?}"
    );
    assert_eq!(chains.iter().sum::<usize>(), routes, "every route is added");
}

/// An object of `n` string properties, the body and response of one
/// operation.
fn wide_object(n: usize) -> String {
    let properties: serde_json::Map<String, serde_json::Value> = (0..n)
        .map(|i| (format!("p{i}"), serde_json::json!({"type": "string"})))
        .collect();
    let wide = serde_json::json!({"$ref": "#/components/schemas/Wide"});
    serde_json::json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"},
        "paths": {"/wide": {"post": {"operationId": "postWide",
            "requestBody": {"content": {"application/json": {"schema": wide}}},
            "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": wide}}}}}}},
        "components": {"schemas": {"Wide": {"type": "object", "properties": properties}}}})
    .to_string()
}

/// The documents whose generated code rustc refused before (recursive
/// aliases, deep nesting, long chains, big servers and structs): the
/// fixtures, then the big ones written here. Name and text of each.
fn rustc_limit_documents() -> Vec<(String, String)> {
    let mut documents: Vec<(String, String)> = FIXTURES
        .iter()
        .filter(|(name, expect)| {
            let attacks_rustc = ["recursive-", "deep-inline-"]
                .iter()
                .any(|p| name.starts_with(p));
            attacks_rustc && !matches!(expect, Fails(_))
        })
        .map(|(name, _)| {
            let text = std::fs::read_to_string(fixture("hostile").join(name)).expect("fixture");
            (name.to_string(), text)
        })
        .collect();
    documents.extend([
        ("property-chain-150.json".into(), property_chain(150)),
        ("alias-chain-400.json".into(), alias_chain(400)),
        ("many-operations-250.json".into(), many_operations(250)),
        ("wide-object-5000.json".into(), wide_object(5_000)),
    ]);
    documents
}

/// Every hostile fixture and generated chain, read, generated with the
/// server and diffed against itself on a thread with just the room the
/// pipeline needs ([`paylink_codegen::stack::NEEDED`]), so that the
/// pipeline runs on that thread rather than a deep one: at the readers'
/// depth limit nothing overflows it (an overflow aborts this test).
#[cfg(target_os = "linux")]
#[test]
fn the_depth_limit_fits_the_room_a_caller_needs() {
    let dir = scratch().join("room");
    std::fs::create_dir_all(&dir).expect("scratch folder");
    let chains = [
        ("alias-depth-65k.yaml", alias_depth_65k()),
        ("property-chain-150.json", property_chain(150)),
        ("property-chain-2000.json", property_chain(2000)),
        ("alias-chain-400.json", alias_chain(400)),
    ];
    let mut specs: Vec<PathBuf> = FIXTURES
        .iter()
        .map(|(name, _)| fixture("hostile").join(name))
        .collect();
    for (name, text) in chains {
        let path = dir.join(name);
        std::fs::write(&path, text).expect("scratch spec");
        specs.push(path);
    }
    let out = dir.join("out.rs");
    std::thread::Builder::new()
        .stack_size(paylink_codegen::stack::NEEDED + (256 << 10))
        .spawn(move || {
            assert!(paylink_codegen::stack::has_room());
            for spec in &specs {
                let spec = spec.to_str().expect("a UTF-8 path");
                let out = out.to_str().expect("a UTF-8 path");
                paylink_tests::run_cli(&["generate", spec, "-o", out, "--server"]);
                paylink_tests::run_cli(&["validate", spec]);
                paylink_tests::run_cli(&["diff", spec, spec]);
            }
        })
        .expect("a thread")
        .join()
        .expect("every spec was read without overflowing the stack");
}

/// Generates `text` on a thread with the stack of a main thread (8 MiB),
/// where the command line and build scripts run: formatting the server's
/// validation rules of a schema nested a hundred levels deep recurses
/// deeper than a test thread's 2 MiB allow.
fn generate_on_main_sized_stack(
    name: &str,
    text: String,
    options: &paylink_codegen::Options,
) -> paylink_codegen::generate::Generated {
    let (name, options) = (name.to_string(), options.clone());
    std::thread::Builder::new()
        .stack_size(8 << 20)
        .spawn(move || {
            paylink_codegen::generate::generate_str(&name, &text, &options)
                .unwrap_or_else(|e| panic!("{name}: {e}"))
        })
        .expect("a thread")
        .join()
        .expect("generation finished")
}

#[test]
#[ignore = "builds a crate of generated modules in debug mode; run with --ignored (CI does)"]
fn generated_code_within_rustc_limits_builds() {
    let dir = workspace_root().join("target").join("hostile-build");
    std::fs::create_dir_all(dir.join("src")).expect("scratch crate");
    write_manifest(&dir, "paylink-hostile-build", "server", "");
    let mut lib =
        String::from("//! Generated modules of the documents that attack rustc's limits.\n");
    let options = paylink_codegen::Options::default();
    for (name, text) in rustc_limit_documents() {
        let generated = generate_on_main_sized_stack(&name, text, &options);
        if name.starts_with("many-operations") {
            router_is_chunked(&generated.code, 250);
        }
        let module = name.split('.').next().unwrap_or(&name).replace('-', "_");
        write_if_changed(
            &dir.join("src").join(format!("{module}.rs")),
            &generated.code,
        );
        let _ = writeln!(lib, "pub mod {module};");
    }
    write_if_changed(&dir.join("src").join("lib.rs"), &lib);
    let target = workspace_root().join("target").join("corpus-check-target");
    let started = Instant::now();
    let output = cargo(&dir, &target, &["build", "--color=never"]);
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        output.status.success(),
        "the build failed:\n{}",
        tail(&text)
    );
    assert!(
        !text.contains("warning"),
        "the build warned:\n{}",
        tail(&text)
    );
    eprintln!("debug build of the modules: {:?}", started.elapsed());
}

#[test]
fn a_spec_file_name_cannot_break_out_of_the_header() {
    let dir = scratch().join("names");
    std::fs::create_dir_all(&dir).expect("folder");
    let evil = dir.join("evil\n```rust\nfn main() {}\n```\n\u{1b}[31m.json");
    std::fs::copy(fixture("hostile").join("inject-title.json"), &evil).expect("copy");
    let (validate, generate, code) = attack(&evil);
    assert_eq!(validate.code, Some(0), "{}", tail(&validate.stderr));
    assert_eq!(generate.code, Some(0), "{}", tail(&generate.stderr));
    generated_code_is_inert(&code.expect("a module")).expect("inert module");
}

#[test]
#[ignore = "builds a crate of generated modules and runs its doctests; run with --ignored (CI does)"]
fn generated_docs_run_no_spec_text() {
    let dir = workspace_root().join("target").join("hostile-doc");
    std::fs::create_dir_all(dir.join("src")).expect("scratch crate");
    write_manifest(&dir, "paylink-hostile-doc", "server", "");
    let mut lib = String::from(
        "//! Generated modules of the hostile injection, name-collision and property fixtures.\n",
    );
    let options = paylink_codegen::Options::default();
    for (name, expect) in FIXTURES {
        let compiled = ["inject-", "collide-", "prop-"]
            .iter()
            .any(|prefix| name.starts_with(prefix));
        if !compiled || matches!(expect, Fails(_)) {
            continue;
        }
        let text = std::fs::read_to_string(fixture("hostile").join(name)).expect("fixture");
        let generated = paylink_codegen::generate::generate_str(name, &text, &options)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let module = name.split('.').next().unwrap_or(name).replace('-', "_");
        std::fs::write(dir.join("src").join(format!("{module}.rs")), generated.code)
            .expect("module");
        let _ = writeln!(lib, "pub mod {module};");
    }
    std::fs::write(dir.join("src").join("lib.rs"), lib).expect("lib.rs");
    let target = workspace_root().join("target").join("corpus-check-target");
    let output = cargo(&dir, &target, &["test", "--doc", "--color=never"]);
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        output.status.success(),
        "the doc tests failed:\n{}",
        tail(&text)
    );
    assert!(!text.contains("SPEC TEXT RAN"), "{}", tail(&text));
    let counts: Vec<&str> = text.lines().filter(|l| l.starts_with("running ")).collect();
    assert!(
        !counts.is_empty(),
        "no doctest run was reported:\n{}",
        tail(&text)
    );
    assert!(
        counts.iter().all(|l| *l == "running 0 tests"),
        "doctests ran from generated docs: {counts:?}\n{}",
        tail(&text)
    );
}

/// The module name of a fixture.
fn module_name(fixture: &str) -> String {
    fixture.replace(['-', '.'], "_")
}

/// The tests of one module's router: it builds, and, for a route
/// fixture, each of its [`REQUESTS`] reaches the handler it names.
fn router_tests(fixture: &str) -> proc_macro2::TokenStream {
    let requests =
        REQUESTS
            .iter()
            .filter(|(f, ..)| *f == fixture)
            .map(|(_, method, path, expected)| {
                let expected = match expected {
                    Some(text) => quote!(Some(#text)),
                    None => quote!(None),
                };
                quote!((#method, #path, #expected))
            });
    let sends = fixture.starts_with("route-").then(|| {
        quote! {
            #[tokio::test]
            async fn requests_reach_their_handlers() {
                use ::paylink::runtime::server::axum;
                let cases: &[(&str, &str, Option<&str>)] = &[#(#requests),*];
                assert!(!cases.is_empty(), "a route fixture needs requests");
                for (method, path, expected) in cases {
                    let request = axum::http::Request::builder()
                        .method(*method)
                        .uri(*path)
                        .body(axum::body::Body::empty())
                        .expect("a request");
                    let response = tower::ServiceExt::oneshot(router(Stub), request)
                        .await
                        .expect("routers are infallible");
                    let status = response.status();
                    let body = axum::body::to_bytes(response.into_body(), usize::MAX)
                        .await
                        .expect("a body");
                    let body = String::from_utf8_lossy(&body);
                    match expected {
                        Some(text) => assert!(
                            status == 200 && body.contains(text),
                            "{method} {path}: expected 200 with {text:?}, got {status} {body}"
                        ),
                        None => assert_eq!(status, 404, "{method} {path}: {body}"),
                    }
                }
            }
        }
    });
    quote! {
        #[test]
        fn router_builds() {
            let _router = router(Stub);
        }
        #sends
    }
}

#[test]
#[ignore = "builds a crate of generated servers and calls their routers; run with --ignored (CI does)"]
fn generated_routers_build_and_route_requests() {
    // Generating and parsing the deepest fixtures recurses as deep as they
    // nest: a main thread's stack, not a test thread's.
    std::thread::Builder::new()
        .stack_size(64 << 20)
        .spawn(build_and_route)
        .expect("a thread")
        .join()
        .unwrap_or_else(|e| std::panic::resume_unwind(e));
}

fn build_and_route() {
    let dir = workspace_root().join("target").join("hostile-routes");
    std::fs::create_dir_all(dir.join("src")).expect("scratch crate");
    write_manifest(
        &dir,
        "paylink-hostile-routes",
        "server",
        "\n[dev-dependencies]\ntokio = { version = \"1\", features = [\"macros\", \"rt\"] }\n\
         tower = { version = \"0.5\", features = [\"util\"] }\n",
    );
    let mut lib =
        String::from("//! Generated servers of the hostile fixtures, with router tests.\n");
    let options = paylink_codegen::Options::default();
    let mut modules = 0;
    for (name, expect) in FIXTURES {
        if matches!(expect, Fails(_)) {
            continue;
        }
        let text = std::fs::read(fixture("hostile").join(name)).expect("fixture");
        let text = String::from_utf8_lossy(&text);
        let Ok(generated) = paylink_codegen::generate::generate_str(name, &text, &options) else {
            continue;
        };
        let module = module_name(name);
        let answer: fn(&syn::Type) -> proc_macro2::TokenStream = if name.starts_with("route-") {
            |ty| quote!(async move { Reply::new(#ty::Ok(format!("{request:?}"))) })
        } else {
            |_| quote!(::std::future::pending())
        };
        let check = stubs::module(&generated.code, answer, router_tests(name))
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let code = format!("{}{}", generated.code, stubs::DECLARATION);
        write_if_changed(&dir.join("src").join(format!("{module}.rs")), &code);
        write_if_changed(
            &dir.join("src").join(&module).join("router_check.rs"),
            &check,
        );
        let _ = writeln!(lib, "pub mod {module};");
        modules += 1;
    }
    write_if_changed(&dir.join("src").join("lib.rs"), &lib);
    let target = workspace_root().join("target").join("corpus-check-target");
    let output = cargo(&dir, &target, &["test", "--lib", "--color=never"]);
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        output.status.success(),
        "the router tests failed:\n{}",
        tail(&text)
    );
    let built = text
        .lines()
        .filter(|l| l.contains("router_builds ... ok"))
        .count();
    assert_eq!(
        built,
        modules,
        "every module's router builds:\n{}",
        tail(&text)
    );
    let routed = text
        .lines()
        .filter(|l| l.contains("requests_reach_their_handlers ... ok"))
        .count();
    let route_fixtures = FIXTURES
        .iter()
        .filter(|(n, _)| n.starts_with("route-"))
        .count();
    assert_eq!(
        routed,
        route_fixtures,
        "every route fixture's requests reach their handlers:\n{}",
        tail(&text)
    );
}
