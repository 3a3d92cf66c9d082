//! `paylink-codegen diff` driven in-process: the JSON shape, the markdown
//! table, GitHub annotation lines, and exit statuses with `--fail-on`.

use paylink_codegen::cli::run;
use paylink_tests::fixture;

/// Runs `paylink-codegen diff ARGS...`: (status, stdout, stderr).
fn diff(args: &[&str]) -> (u8, String, String) {
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let argv = ["paylink-codegen", "diff"]
        .iter()
        .chain(args)
        .map(|s| s.to_string());
    let status = run(argv.collect::<Vec<_>>(), &mut out, &mut err);
    let text = |b: Vec<u8>| String::from_utf8(b).expect("output is UTF-8");
    (status, text(out), text(err))
}

/// The old and new spec paths of a fixture pair.
fn pair(name: &str) -> (String, String) {
    let path = |stem: &str| {
        fixture(&format!("diff/{name}/{stem}.yaml"))
            .display()
            .to_string()
    };
    (path("old"), path("new"))
}

#[test]
fn json_has_the_documented_shape() {
    let (old, new) = pair("operation-removed");
    let (status, out, err) = diff(&["--format", "json", &old, &new]);
    assert_eq!(status, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("valid JSON");
    assert_eq!(v["old"], old.as_str());
    assert_eq!(v["new"], new.as_str());
    assert_eq!(
        v["summary"],
        serde_json::json!({"breaking": 1, "warning": 0, "info": 0})
    );
    assert_eq!(
        v["changes"],
        serde_json::json!([{
            "rule": "operation-removed",
            "level": "breaking",
            "side": "client",
            "old_pointer": "#/paths/~1pets/delete",
            "new_pointer": "#/paths/~1pets",
            "new_line": 4,
            "message": "operation DELETE /pets removed",
            "why": "Clients calling the operation get 404 or 405."
        }])
    );
    assert_eq!(v["rust"]["bump"], "major");
    assert_eq!(
        v["rust"]["changes"],
        serde_json::json!([
            {
                "rule": "method-removed",
                "bump": "major",
                "side": "client",
                "item": "Client::delete_pets",
                "message": "removed"
            },
            {
                "rule": "handler-removed",
                "bump": "major",
                "side": "server",
                "item": "server::Api::delete_pets",
                "message": "handler removed from the trait: implementations of it no longer compile"
            }
        ])
    );
}

#[test]
fn info_changes_have_a_null_side_in_json() {
    let (old, new) = pair("parameter-added-optional");
    let (_, out, _) = diff(&["--format", "json", &old, &new]);
    let v: serde_json::Value = serde_json::from_str(&out).expect("valid JSON");
    assert_eq!(v["changes"][0]["side"], serde_json::Value::Null);
    assert_eq!(v["changes"][0]["level"], "info");
}

#[test]
fn markdown_is_a_table() {
    let (old, new) = pair("parameter-removed");
    let (status, out, _) = diff(&["--format", "markdown", &old, &new]);
    assert_eq!(status, 0);
    assert!(
        out.contains("**0 breaking, 1 warning, 0 info**; Rust API: **major**."),
        "{out}"
    );
    assert!(
        out.contains("| Level | Rule | Side | Change | Old | New |\n|---|---|---|---|---|---|\n"),
        "{out}"
    );
    assert!(
        out.contains("| warning | `parameter-removed` | both | query parameter `limit` removed | `#/paths/~1pets/get/parameters/0` | `#/paths/~1pets/get` |"),
        "{out}"
    );
    assert!(
        out.contains("| Bump | Rule | Side | Item | Change |\n|---|---|---|---|---|\n| major | `setter-removed` | client | `ListPets::limit` | setter removed |\n| major | `request-field-removed` | server | `server::ListPetsRequest::limit` | request field removed |\n"),
        "{out}"
    );
}

#[test]
fn github_annotations_point_at_the_new_spec() {
    let (old, new) = pair("response-status-removed");
    let (status, out, _) = diff(&["--format", "github", &old, &new]);
    assert_eq!(status, 0);
    let lines: Vec<&str> = out.lines().collect();
    // `#/paths/~1pets/get/responses` is line 7 of the new spec.
    assert_eq!(
        lines,
        [
            format!("::error file={new},line=7,title=response-status-removed (both)::response `404` removed. Clients that handled the status will get another, possibly undocumented, answer in the same situation, and servers of the old version still send it to clients of the new one, which treat it as unexpected."),
            "::notice title=Rust API%3A major::1 change to the generated Rust API".to_string(),
        ]
    );
    let (old, new) = pair("response-enum-value-added");
    let (_, out, _) = diff(&["--format", "github", &old, &new]);
    assert!(
        out.starts_with(&format!("::warning file={new},line=")),
        "{out}"
    );
    let (old, new) = pair("operation-added");
    let (_, out, _) = diff(&["--format", "github", &old, &new]);
    assert!(
        out.starts_with(&format!(
            "::warning file={new},line=9,title=operation-added (server)::"
        )),
        "{out}"
    );
    let (old, new) = pair("parameter-added-optional");
    let (_, out, _) = diff(&["--format", "github", &old, &new]);
    assert!(
        out.starts_with(&format!(
            "::notice file={new},line=8,title=parameter-added-optional::"
        )),
        "{out}"
    );
}

#[test]
fn text_groups_changes_by_level() {
    let (old, new) = pair("request-constraint-tightened");
    let (status, out, _) = diff(&[&old, &new]);
    assert_eq!(status, 0);
    assert!(
        out.starts_with(&format!("{old} -> {new}: 3 breaking, 0 warnings, 0 info\n")),
        "{out}"
    );
    assert!(out.contains("\nbreaking (3):\n  request-constraint-tightened [client] `maximum` changed from 100 to 50\n"), "{out}");
    assert!(out.contains("      why: Values clients sent under the old limits are rejected under the new ones.\n"), "{out}");
    assert!(
        out.contains("\nRust API impact: patch (0 changes)\n"),
        "{out}"
    );
}

#[test]
fn fail_on_sets_the_exit_status() {
    let cases: &[(&str, Option<&str>, u8)] = &[
        ("operation-removed", None, 0),
        ("operation-removed", Some("breaking"), 1),
        ("operation-removed", Some("warning"), 1),
        ("parameter-removed", Some("breaking"), 0),
        ("parameter-removed", Some("warning"), 1),
        ("operation-added", Some("breaking"), 0),
        ("operation-added", Some("warning"), 1),
        ("parameter-added-optional", Some("warning"), 0),
        ("equivalent/reordering", Some("warning"), 0),
    ];
    for (name, level, expected) in cases {
        let (old, new) = pair(name);
        let mut args = vec![old.as_str(), new.as_str()];
        if let Some(level) = level {
            args.extend(["--fail-on", level]);
        }
        let (status, _, err) = diff(&args);
        assert_eq!(status, *expected, "{name} {level:?}: {err}");
    }
}

#[test]
fn bad_usage_exits_2() {
    let (old, new) = pair("operation-removed");
    assert_eq!(diff(&["--format", "xml", &old, &new]).0, 2);
    assert_eq!(diff(&["--fail-on", "info", &old, &new]).0, 2);
    assert_eq!(diff(&[&old]).0, 2);
    let (status, _, err) = diff(&["git:HEAD", &new]);
    assert_eq!(status, 2);
    assert!(err.contains("git:REV:PATH"), "{err}");
}

#[test]
fn unreadable_or_invalid_specs_exit_1_with_located_diagnostics() {
    let (_, new) = pair("operation-removed");
    let missing = fixture("diff/no-such-file.yaml").display().to_string();
    let (status, out, err) = diff(&[&missing, &new]);
    assert_eq!((status, out.as_str()), (1, ""));
    assert!(err.contains("cannot read"), "{err}");
    let broken = fixture("malformed/truncated.json").display().to_string();
    let (status, _, err) = diff(&[&new, &broken]);
    assert_eq!(status, 1);
    assert!(err.contains("truncated.json:12:32"), "{err}");
}
