//! One fixture pair per diff rule under `tests/fixtures/diff/<rule-id>/`,
//! and the exact set of changes each must produce: rule id, level, side,
//! old pointer and new pointer. Pairs under `equivalent/` describe the same
//! API in another form and must report nothing (or, where an optional field
//! was added, exactly the one info entry).
//!
//! The expected rows were written from the fixtures: each pair changes one
//! thing, and the rows say where, in both documents.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use paylink_codegen::diff::{diff, Level, Side, RULES};
use paylink_tests::fixture;

/// (rule, level, side, old pointer, new pointer); side "" for none.
type Row = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
);

const CASES: &[(&str, &[Row])] = &[
    ("default-server-changed", &[
        ("default-server-changed", "warning", "client", "#/servers/0", "#/servers/0"),
    ]),
    ("discriminator-changed", &[
        ("discriminator-changed", "breaking", "both", "#/components/schemas/Pet/discriminator", "#/components/schemas/Pet/discriminator"),
        ("discriminator-changed", "breaking", "both", "#/components/schemas/Pet/discriminator/mapping/dog", "#/components/schemas/Pet/discriminator"),
        ("discriminator-changed", "breaking", "both", "#/components/schemas/Owner", "#/components/schemas/Owner/discriminator"),
    ]),
    ("operation-added", &[
        ("operation-added", "warning", "server", "#/paths/~1pets", "#/paths/~1pets/delete"),
    ]),
    ("operation-id-changed", &[
        ("operation-id-changed", "info", "", "#/paths/~1pets/get", "#/paths/~1pets/get"),
    ]),
    ("operation-removed", &[
        ("operation-removed", "breaking", "client", "#/paths/~1pets/delete", "#/paths/~1pets"),
    ]),
    ("operation-renamed", &[
        ("operation-renamed", "breaking", "both", "#/paths/~1pets/get", "#/paths/~1animals/get"),
    ]),
    ("parameter-added-optional", &[
        ("parameter-added-optional", "info", "", "#/paths/~1pets/get", "#/paths/~1pets/get/parameters/0"),
    ]),
    ("parameter-added-required", &[
        ("parameter-added-required", "breaking", "client", "#/paths/~1pets/get", "#/paths/~1pets/get/parameters/0"),
    ]),
    ("parameter-location-changed", &[
        ("parameter-location-changed", "breaking", "both", "#/paths/~1pets/get/parameters/0", "#/paths/~1pets/get/parameters/0"),
    ]),
    ("parameter-made-required", &[
        ("parameter-made-required", "breaking", "client", "#/paths/~1pets/get/parameters/0", "#/paths/~1pets/get/parameters/0"),
    ]),
    ("parameter-removed", &[
        ("parameter-removed", "warning", "both", "#/paths/~1pets/get/parameters/0", "#/paths/~1pets/get"),
    ]),
    ("parameter-style-changed", &[
        ("parameter-style-changed", "breaking", "both", "#/paths/~1pets/get/parameters/0", "#/paths/~1pets/get/parameters/0"),
    ]),
    ("path-parameter-renamed", &[
        ("path-parameter-renamed", "info", "", "#/paths/~1pets~1{id}", "#/paths/~1pets~1{petId}"),
    ]),
    ("path-removed", &[
        ("path-removed", "breaking", "client", "#/paths/~1owners", "#/paths"),
    ]),
    ("request-body-made-required", &[
        ("request-body-made-required", "breaking", "client", "#/paths/~1pets/post/requestBody", "#/paths/~1pets/post/requestBody"),
    ]),
    ("request-body-removed", &[
        ("request-body-removed", "warning", "both", "#/paths/~1pets/post/requestBody", "#/paths/~1pets/post"),
    ]),
    ("request-constraint-tightened", &[
        ("request-constraint-tightened", "breaking", "client", "#/paths/~1pets/post/parameters/0/schema/maximum", "#/paths/~1pets/post/parameters/0/schema/maximum"),
        ("request-constraint-tightened", "breaking", "client", "#/paths/~1pets/post/requestBody/content/application~1json/schema/properties/name", "#/paths/~1pets/post/requestBody/content/application~1json/schema/properties/name/pattern"),
        ("request-constraint-tightened", "breaking", "client", "#/paths/~1pets/post/requestBody/content/application~1json/schema/properties/name/maxLength", "#/paths/~1pets/post/requestBody/content/application~1json/schema/properties/name/maxLength"),
    ]),
    ("request-constraint-loosened", &[
        ("request-constraint-loosened", "warning", "server", "#/paths/~1pets/post/parameters/0/schema/maximum", "#/paths/~1pets/post/parameters/0/schema/maximum"),
        ("request-constraint-loosened", "warning", "server", "#/paths/~1pets/post/requestBody/content/application~1json/schema/properties/name/maxLength", "#/paths/~1pets/post/requestBody/content/application~1json/schema/properties/name"),
        ("request-constraint-loosened", "warning", "server", "#/paths/~1pets/post/requestBody/content/application~1json/schema/properties/tag", "#/paths/~1pets/post/requestBody/content/application~1json/schema/properties/tag"),
        ("request-constraint-loosened", "warning", "server", "#/paths/~1pets/post/requestBody/content/application~1json/schema/properties/nickname", "#/paths/~1pets/post/requestBody/content/application~1json/schema/properties/nickname"),
    ]),
    ("request-enum-value-added", &[
        ("request-enum-value-added", "warning", "server", "#/paths/~1pets/post/requestBody/content/application~1json/schema/properties/kind/enum", "#/paths/~1pets/post/requestBody/content/application~1json/schema/properties/kind/enum"),
    ]),
    ("request-enum-value-removed", &[
        ("request-enum-value-removed", "breaking", "client", "#/paths/~1pets/post/requestBody/content/application~1json/schema/properties/kind/enum", "#/paths/~1pets/post/requestBody/content/application~1json/schema/properties/kind/enum"),
    ]),
    ("request-media-type-removed", &[
        ("request-media-type-removed", "breaking", "client", "#/paths/~1pets/post/requestBody/content/application~1x-www-form-urlencoded", "#/paths/~1pets/post/requestBody/content"),
    ]),
    ("request-nullable-removed", &[
        ("request-nullable-removed", "breaking", "client", "#/paths/~1pets/post/requestBody/content/application~1json/schema/properties/nickname", "#/paths/~1pets/post/requestBody/content/application~1json/schema/properties/nickname"),
    ]),
    ("request-property-added", &[
        ("request-property-added", "info", "", "#/paths/~1pets/post/requestBody/content/application~1json/schema", "#/paths/~1pets/post/requestBody/content/application~1json/schema/properties/age"),
    ]),
    ("request-property-made-required", &[
        ("request-property-made-required", "breaking", "client", "#/paths/~1pets/post/requestBody/content/application~1json/schema/properties/name", "#/paths/~1pets/post/requestBody/content/application~1json/schema/properties/name"),
    ]),
    ("request-property-removed", &[
        ("request-property-removed", "warning", "both", "#/paths/~1pets/post/requestBody/content/application~1json/schema/properties/tag", "#/paths/~1pets/post/requestBody/content/application~1json/schema"),
    ]),
    ("request-required-property-added", &[
        ("request-required-property-added", "breaking", "client", "#/paths/~1pets/post/requestBody/content/application~1json/schema", "#/paths/~1pets/post/requestBody/content/application~1json/schema/properties/age"),
    ]),
    ("request-type-changed", &[
        ("request-type-changed", "breaking", "both", "#/components/schemas/Pet/properties/age", "#/components/schemas/Pet/properties/age"),
        ("request-type-changed", "breaking", "both", "#/paths/~1pets/post/parameters/0/schema", "#/paths/~1pets/post/parameters/0/schema"),
        ("request-type-changed", "breaking", "both", "#/paths/~1pets/post/parameters/1/content/application~1json/schema", "#/paths/~1pets/post/parameters/1/content/application~1json/schema"),
        ("request-type-changed", "breaking", "both", "#/paths/~1pets/post/parameters/2/schema", "#/paths/~1pets/post/parameters/2/schema"),
    ]),
    ("request-variant-added", &[
        ("request-variant-added", "warning", "server", "#/paths/~1pets/post/requestBody/content/application~1json/schema", "#/paths/~1pets/post/requestBody/content/application~1json/schema/oneOf/1"),
    ]),
    ("request-variant-removed", &[
        ("request-variant-removed", "breaking", "client", "#/paths/~1pets/post/requestBody/content/application~1json/schema/oneOf/0", "#/paths/~1pets/post/requestBody/content/application~1json/schema"),
    ]),
    ("response-constraint-loosened", &[
        ("response-constraint-loosened", "warning", "client", "#/components/schemas/Pet/properties/name/maxLength", "#/components/schemas/Pet/properties/name/maxLength"),
        ("response-constraint-loosened", "warning", "client", "#/components/schemas/Pet/properties/name/pattern", "#/components/schemas/Pet/properties/name/pattern"),
    ]),
    ("response-constraint-tightened", &[
        ("response-constraint-tightened", "warning", "server", "#/components/schemas/Pet/properties/name/maxLength", "#/components/schemas/Pet/properties/name/maxLength"),
        ("response-constraint-tightened", "warning", "server", "#/components/schemas/Pet/properties/status", "#/components/schemas/Pet/properties/status/enum"),
        ("response-constraint-tightened", "warning", "server", "#/components/schemas/Pet/properties/tag", "#/components/schemas/Pet/properties/tag"),
    ]),
    ("response-enum-value-added", &[
        ("response-enum-value-added", "warning", "client", "#/components/schemas/Pet/properties/status/enum", "#/components/schemas/Pet/properties/status/enum"),
    ]),
    ("response-enum-value-removed", &[
        ("response-enum-value-removed", "warning", "server", "#/components/schemas/Pet/properties/status/enum", "#/components/schemas/Pet/properties/status/enum"),
    ]),
    ("response-header-added", &[
        ("response-header-added", "info", "", "#/paths/~1pets/get/responses/200", "#/paths/~1pets/get/responses/200/headers/X-Next"),
    ]),
    ("response-header-made-optional", &[
        ("response-header-made-optional", "warning", "client", "#/components/headers/RateLimit", "#/components/headers/RateLimit"),
    ]),
    ("response-header-made-required", &[
        ("response-header-made-required", "warning", "server", "#/components/headers/RateLimit", "#/components/headers/RateLimit"),
    ]),
    ("response-header-removed", &[
        ("response-header-removed", "breaking", "client", "#/paths/~1pets/get/responses/200/headers/X-Rate-Limit", "#/paths/~1pets/get/responses/200"),
        ("response-type-changed", "breaking", "both", "#/paths/~1pets/get/responses/200/headers/X-Trace/schema", "#/paths/~1pets/get/responses/200/headers/X-Trace/schema"),
    ]),
    ("response-media-type-removed", &[
        ("response-media-type-removed", "breaking", "client", "#/paths/~1pets/get/responses/200/content/text~1csv", "#/paths/~1pets/get/responses/200/content"),
    ]),
    ("response-nullable-added", &[
        ("response-nullable-added", "breaking", "client", "#/components/schemas/Pet/properties/name", "#/components/schemas/Pet/properties/name"),
    ]),
    ("response-optional-header-removed", &[
        ("response-optional-header-removed", "warning", "client", "#/paths/~1pets/get/responses/200/headers/X-Next", "#/paths/~1pets/get/responses/200"),
    ]),
    ("response-optional-property-removed", &[
        ("response-optional-property-removed", "warning", "client", "#/components/schemas/Pet/properties/tag", "#/components/schemas/Pet"),
    ]),
    ("response-property-added", &[
        ("response-property-added", "info", "", "#/components/schemas/Pet", "#/components/schemas/Pet/properties/name"),
    ]),
    ("response-property-made-optional", &[
        ("response-property-made-optional", "breaking", "client", "#/components/schemas/Pet/properties/name", "#/components/schemas/Pet/properties/name"),
    ]),
    ("response-property-made-required", &[
        ("response-property-made-required", "breaking", "server", "#/components/schemas/Pet/properties/name", "#/components/schemas/Pet/properties/name"),
    ]),
    ("response-required-header-added", &[
        ("response-required-header-added", "warning", "server", "#/paths/~1pets/get/responses/200", "#/paths/~1pets/get/responses/200/headers/X-Rate-Limit"),
    ]),
    ("response-property-removed", &[
        ("response-property-removed", "breaking", "client", "#/components/schemas/Pet/properties/name", "#/components/schemas/Pet"),
    ]),
    ("response-required-property-added", &[
        ("response-required-property-added", "breaking", "server", "#/components/schemas/Pet", "#/components/schemas/Pet/properties/name"),
    ]),
    ("response-status-added", &[
        ("response-status-added", "warning", "client", "#/paths/~1pets/get/responses", "#/paths/~1pets/get/responses/404"),
    ]),
    ("response-status-removed", &[
        ("response-status-removed", "breaking", "both", "#/paths/~1pets/get/responses/404", "#/paths/~1pets/get/responses"),
    ]),
    ("response-type-changed", &[
        ("response-type-changed", "breaking", "both", "#/components/schemas/Pet/properties/id", "#/components/schemas/Pet/properties/id"),
    ]),
    ("response-variant-added", &[
        ("response-variant-added", "warning", "client", "#/components/schemas/Pet", "#/components/schemas/Pet/oneOf/1"),
    ]),
    ("response-variant-removed", &[
        ("response-variant-removed", "warning", "server", "#/components/schemas/Pet/oneOf/1", "#/components/schemas/Pet"),
    ]),
    ("security-added", &[
        ("security-added", "breaking", "client", "#/paths/~1pets/get", "#/paths/~1pets/get/security"),
    ]),
    ("security-changed", &[
        ("security-changed", "breaking", "both", "#/security", "#/security"),
    ]),
    ("security-loosened", &[
        ("security-loosened", "warning", "server", "#/security", "#/security"),
    ]),
    ("security-removed", &[
        ("security-removed", "warning", "server", "#/paths/~1pets/get", "#/paths/~1pets/get/security"),
    ]),
    ("security-scopes-added", &[
        ("security-scopes-added", "breaking", "client", "#/security", "#/security"),
    ]),
    ("server-removed", &[
        ("server-removed", "breaking", "client", "#/servers/1", "#/servers"),
    ]),
];

/// Equivalent pairs: nothing at all, except the additions noted.
const EQUIVALENT: &[(&str, &[Row])] = &[
    ("reordering", &[]),
    ("whitespace-key-order", &[]),
    ("json-yaml", &[]),
    ("ref-move", &[]),
    ("allof-split", &[]),
    (
        "optional-request-field",
        &[(
            "request-property-added",
            "info",
            "",
            "#/paths/~1pets/post/requestBody/content/application~1json/schema",
            "#/paths/~1pets/post/requestBody/content/application~1json/schema/properties/age",
        )],
    ),
    (
        "response-field",
        &[(
            "response-property-added",
            "info",
            "",
            "#/components/schemas/Pet",
            "#/components/schemas/Pet/properties/name",
        )],
    ),
];

/// The one file of `dir` called `stem.*`.
fn spec_file(dir: &Path, stem: &str) -> PathBuf {
    ["yaml", "json"]
        .iter()
        .map(|ext| dir.join(format!("{stem}.{ext}")))
        .find(|p| p.is_file())
        .unwrap_or_else(|| panic!("{} has no {stem}.yaml or {stem}.json", dir.display()))
}

/// The changes of one fixture pair, as rows.
fn found(dir: &Path) -> BTreeSet<(String, String, String, String, String)> {
    let read = |stem| {
        let path = spec_file(dir, stem);
        paylink_codegen::read_spec(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    };
    let report = diff(&read("old"), &read("new"));
    report
        .changes
        .iter()
        .map(|c| {
            (
                c.rule.id.to_string(),
                c.level().to_string(),
                c.side().map(|s| s.to_string()).unwrap_or_default(),
                c.old.clone(),
                c.new.clone(),
            )
        })
        .collect()
}

fn check(dir: &Path, name: &str, rows: &[Row], failures: &mut String) {
    let expected: BTreeSet<_> = rows
        .iter()
        .map(|r| (r.0.into(), r.1.into(), r.2.into(), r.3.into(), r.4.into()))
        .collect();
    let actual = found(dir);
    if actual != expected {
        let _ = writeln!(failures, "{name}:");
        for row in expected.difference(&actual) {
            let _ = writeln!(failures, "  missing    {row:?}");
        }
        for row in actual.difference(&expected) {
            let _ = writeln!(failures, "  unexpected {row:?}");
        }
    }
}

#[test]
fn every_rule_fixture_reports_exactly_its_changes() {
    let mut failures = String::new();
    for (name, rows) in CASES {
        check(&fixture(&format!("diff/{name}")), name, rows, &mut failures);
    }
    assert!(failures.is_empty(), "\n{failures}");
}

#[test]
fn equivalent_documents_report_nothing_breaking() {
    let mut failures = String::new();
    for (name, rows) in EQUIVALENT {
        assert!(rows.iter().all(|r| r.1 == "info"), "{name}");
        check(
            &fixture(&format!("diff/equivalent/{name}")),
            name,
            rows,
            &mut failures,
        );
    }
    assert!(failures.is_empty(), "\n{failures}");
}

#[test]
fn every_rule_has_a_fixture_that_reports_it() {
    for rule in RULES {
        let case = CASES.iter().find(|(name, _)| *name == rule.id);
        let Some((_, rows)) = case else {
            panic!("no fixture for rule `{}`", rule.id);
        };
        assert!(
            rows.iter().any(|r| r.0 == rule.id),
            "fixture of `{}` does not report it",
            rule.id
        );
        let level = rows.iter().find(|r| r.0 == rule.id).map(|r| r.1);
        assert_eq!(level, Some(rule.level.as_str()));
    }
    assert_eq!(
        CASES.len(),
        RULES.len(),
        "a fixture for a rule that does not exist"
    );
}

#[test]
fn reversing_a_pair_never_breaks_clients() {
    // Reading a removal backwards is an addition: never breaking, and at
    // most work for servers (an operation to implement).
    for name in ["operation-removed", "path-removed", "parameter-removed"] {
        let dir = fixture(&format!("diff/{name}"));
        let read =
            |stem| paylink_codegen::read_spec(&spec_file(&dir, stem)).expect("fixture reads");
        let report = diff(&read("new"), &read("old"));
        assert!(
            !report.has_at_least(Level::Breaking),
            "{name}: {:?}",
            report.changes
        );
        assert!(
            report
                .changes
                .iter()
                .all(|c| c.side().is_none_or(|s| s == Side::Server)),
            "{name}: {:?}",
            report.changes
        );
        assert!(!report.changes.is_empty(), "{name}");
    }
}

#[test]
fn a_changed_pattern_says_its_direction_is_not_computed() {
    let dir = fixture("diff/response-constraint-loosened");
    let read = |stem| paylink_codegen::read_spec(&spec_file(&dir, stem)).expect("fixture reads");
    let report = diff(&read("old"), &read("new"));
    let messages: Vec<&str> = report.changes.iter().map(|c| c.message.as_str()).collect();
    assert!(
        messages.contains(&"`pattern` changed from \"^[a-z]+$\" to \"^[a-z0-9]+$\" (whether it accepts more or fewer values is not computed)"),
        "{messages:?}"
    );
    assert!(
        messages.contains(&"`maxLength` changed from 20 to 50"),
        "{messages:?}"
    );
}

#[test]
fn the_readme_rule_table_matches_the_rule_table() {
    let readme = std::fs::read_to_string(paylink_tests::workspace_root().join("README.md"))
        .expect("README.md is readable");
    for rule in RULES {
        let side = rule.side.map_or("none".to_string(), |s| s.to_string());
        let row = format!(
            "| `{}` | {} | {side} | {} |",
            rule.id,
            rule.level,
            rule.why.replace('|', "\\|")
        );
        assert!(readme.contains(&row), "README lacks the row {row}");
    }
}
