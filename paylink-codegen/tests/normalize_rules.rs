//! Normalization rules, one test each: how an OpenAPI 3.1 or 3.2 document
//! (or a defective 3.0 one) is lowered to the OpenAPI 3.0 shape, which
//! diagnostics that produces and the JSON pointer each names, and that the
//! result reads into the 3.0 model.
//!
//! Exact rewrites must be silent. Anything that changes or drops meaning must
//! warn at the pointer of what it changed, and keep the original as an
//! `x-oas-<field>` or `x-paylink-original-<keyword>` extension.

use openapiv3::{ReferenceOr, StatusCode};
use paylink_codegen::normalize::normalize;
use paylink_codegen::{read_spec_str, Diagnostic, Diagnostics, Severity, Spec};
use serde_json::{json, Value};

/// `base` with the fields of `extra` added (or replaced).
fn merged(mut base: Value, extra: Value) -> Value {
    if let (Value::Object(base), Value::Object(extra)) = (&mut base, extra) {
        base.extend(extra);
    }
    base
}

/// A minimal document of `version` with the top-level fields of `extra`.
fn api(version: &str, extra: Value) -> Value {
    let base = json!({"openapi": version, "info": {"title": "t", "version": "1"}, "paths": {}});
    merged(base, extra)
}

/// A document whose only operation is `GET /a`.
fn op_doc(version: &str, operation: Value) -> Value {
    api(version, json!({"paths": {"/a": {"get": operation}}}))
}

/// Runs `normalize` alone; the document must be accepted.
fn lower(mut doc: Value) -> (Value, Vec<Diagnostic>) {
    let mut diags = Diagnostics::default();
    let normalized = normalize(&mut doc, &mut diags);
    assert!(normalized.is_some(), "refused: {:#?}", diags.items());
    (doc, diags.into_vec())
}

/// Runs the whole pipeline on `doc` written as JSON text; it must succeed.
fn read(doc: &Value) -> Spec {
    let text = serde_json::to_string_pretty(doc).expect("serializable");
    match read_spec_str("spec.json", &text) {
        Ok(spec) => spec,
        Err(e) => panic!(
            "the pipeline refused the document:\n{e}\n{:#?}",
            e.diagnostics
        ),
    }
}

/// `lower`, then checks that the full pipeline accepts the same document,
/// produces the same normalized JSON and reports the same diagnostics.
fn lower_and_read(doc: Value) -> (Value, Vec<Diagnostic>) {
    let spec = read(&doc);
    let (out, diags) = lower(doc);
    assert_eq!(spec.document, out, "pipeline and normalize disagree");
    let pointers = |d: &[Diagnostic]| d.iter().map(|d| d.pointer.clone()).collect::<Vec<_>>();
    assert_eq!(pointers(&spec.diagnostics), pointers(&diags));
    (out, diags)
}

/// The normalized form of `schema`, placed at `#/components/schemas/S` of
/// a document of `version`, with the document's diagnostics.
fn schema_after(version: &str, schema: Value) -> (Value, Vec<Diagnostic>) {
    let doc = api(version, json!({"components": {"schemas": {"S": schema}}}));
    let (out, diags) = lower_and_read(doc);
    (out["components"]["schemas"]["S"].clone(), diags)
}

fn schema31(schema: Value) -> (Value, Vec<Diagnostic>) {
    schema_after("3.1.0", schema)
}

fn schema30(schema: Value) -> (Value, Vec<Diagnostic>) {
    schema_after("3.0.3", schema)
}

/// Asserts that the 3.1 schema `input` becomes `expected`, without warnings.
fn quiet31(input: Value, expected: Value) {
    let (schema, diags) = schema31(input);
    assert_eq!(schema, expected);
    assert_quiet(&diags);
}

/// The pointer of `rest` inside the schema `S`.
fn s(rest: &str) -> String {
    format!("#/components/schemas/S{rest}")
}

/// Asserts that `diags` are exactly `expected`, all of `severity`: as many,
/// and each `(pointer, part of the message)` found, in any order.
fn assert_exactly(diags: &[Diagnostic], severity: Severity, expected: &[(&str, &str)]) {
    let found: Vec<String> = diags.iter().map(ToString::to_string).collect();
    assert_eq!(diags.len(), expected.len(), "diagnostics: {found:#?}");
    for (pointer, part) in expected {
        assert!(
            diags.iter().any(|d| d.severity == severity
                && d.pointer == *pointer
                && d.message.contains(part)),
            "no {severity} at {pointer} saying {part:?}; found {found:#?}"
        );
    }
}

fn assert_warnings(diags: &[Diagnostic], expected: &[(&str, &str)]) {
    assert_exactly(diags, Severity::Warning, expected);
}

fn assert_quiet(diags: &[Diagnostic]) {
    assert_exactly(diags, Severity::Warning, &[]);
}

#[test]
fn type_list_with_null_becomes_nullable() {
    quiet31(
        json!({"type": ["string", "null"], "maxLength": 3}),
        json!({"type": "string", "nullable": true, "maxLength": 3}),
    );
}

#[test]
fn type_list_of_several_types_becomes_any_of_one_branch_per_type() {
    quiet31(
        json!({
            "description": "either",
            "type": ["string", "integer"],
            "minLength": 1,
            "minimum": 0,
            "enum": ["a", 1, "b", 2],
        }),
        json!({
            "description": "either",
            "anyOf": [
                {"type": "string", "minLength": 1, "enum": ["a", "b"]},
                {"type": "integer", "minimum": 0, "enum": [1, 2]},
            ],
        }),
    );
}

/// `enum: ["a"]` allows only "a"; splitting the type list must not leave an
/// integer branch without an enum, which would accept every integer.
#[test]
fn type_list_branch_without_enum_values_accepts_nothing_more() {
    let (schema, diags) = schema31(json!({"type": ["string", "integer"], "enum": ["a"]}));
    let branches = match schema.get("anyOf") {
        Some(Value::Array(branches)) => branches.clone(),
        _ => vec![schema.clone()],
    };
    assert!(
        branches.iter().all(|b| b.get("enum").is_some()),
        "a branch accepts values outside the enum: {schema:#}"
    );
    assert_quiet(&diags);
}

#[test]
fn null_type_alone_becomes_null_only_schema() {
    quiet31(
        json!({"type": "null"}),
        json!({"nullable": true, "enum": [null], "x-oas-type": "null"}),
    );
}

#[test]
fn const_becomes_single_value_enum() {
    quiet31(
        json!({"type": "string", "const": "x"}),
        json!({"type": "string", "enum": ["x"], "x-oas-const": "x"}),
    );
    quiet31(
        json!({"type": "string", "const": null}),
        json!({"type": "string", "nullable": true, "enum": [null], "x-oas-const": null}),
    );
}

#[test]
fn numeric_exclusive_bounds_become_boolean_flags() {
    let cases = json!([
        [{"exclusiveMinimum": 5}, {"minimum": 5, "exclusiveMinimum": true}],
        [{"exclusiveMinimum": 5, "minimum": 7}, {"minimum": 7}],
        [{"exclusiveMaximum": 10}, {"maximum": 10, "exclusiveMaximum": true}],
        [{"exclusiveMaximum": 10, "maximum": 3}, {"maximum": 3}],
    ]);
    let number = |extra: &Value| merged(json!({"type": "number"}), extra.clone());
    for case in cases.as_array().expect("a list") {
        quiet31(number(&case[0]), number(&case[1]));
    }
}

#[test]
fn schema_examples_list_gives_the_first_as_example() {
    quiet31(
        json!({"type": "string", "examples": ["a", "b"]}),
        json!({"type": "string", "example": "a", "x-oas-examples": ["a", "b"]}),
    );

    let (schema, diags) = schema31(json!({"type": "string", "examples": {"one": "a"}}));
    assert_eq!(
        schema,
        json!({"type": "string", "x-oas-examples": {"one": "a"}})
    );
    assert_warnings(&diags, &[(&s("/examples"), "must be a list of values")]);
}

#[test]
fn prefix_items_become_union_of_positions() {
    let (schema, diags) = schema31(json!({
        "type": "array",
        "prefixItems": [{"type": "string"}, {"type": "integer"}],
        "items": false,
    }));
    assert_eq!(
        schema,
        json!({
            "type": "array",
            "items": {"anyOf": [{"type": "string"}, {"type": "integer"}]},
            "x-oas-prefixItems": [{"type": "string"}, {"type": "integer"}],
        })
    );
    assert_warnings(&diags, &[(&s("/prefixItems"), "tuple positions")]);
}

#[test]
fn ref_with_siblings_in_a_schema_is_wrapped_in_all_of() {
    let doc = api(
        "3.1.0",
        json!({"components": {"schemas": {
            "Base": {"type": "object"},
            "S": {"$ref": "#/components/schemas/Base", "description": "d", "readOnly": true},
        }}}),
    );
    let (out, diags) = lower_and_read(doc);
    assert_eq!(
        out["components"]["schemas"]["S"],
        json!({
            "allOf": [{"$ref": "#/components/schemas/Base"}],
            "description": "d",
            "readOnly": true,
        })
    );
    assert_quiet(&diags);
}

#[test]
fn ref_with_siblings_outside_schemas_warns_at_the_sibling() {
    let doc = api(
        "3.1.0",
        json!({
            "paths": {"/a": {"get": {
                "parameters": [{"$ref": "#/components/parameters/P", "description": "here"}],
                "responses": {"200": {"description": "ok"}},
            }}},
            "components": {"parameters": {
                "P": {"name": "p", "in": "query", "schema": {"type": "string"}},
            }},
        }),
    );
    let spec = read(&doc);
    let (_, diags) = lower_and_read(doc);
    assert_warnings(
        &diags,
        &[("#/paths/~1a/get/parameters/0/description", "beside `$ref`")],
    );
    let openapi = spec.model.to_openapi();
    let item = openapi.paths.paths["/a"].as_item().expect("inline path");
    let get = item.get.as_ref().expect("GET");
    assert!(matches!(
        &get.parameters[0],
        ReferenceOr::Reference { reference } if reference == "#/components/parameters/P"
    ));
}

#[test]
fn webhooks_only_document_gets_empty_paths() {
    let doc = json!({
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "webhooks": {"paid": {"post": {"requestBody": {"content": {
            "application/json": {"schema": {"type": ["string", "null"]}},
        }}}}},
    });
    let (out, diags) = lower_and_read(doc);
    assert_eq!(out["paths"], json!({}));
    assert!(out.get("webhooks").is_none());
    assert_eq!(
        out["x-oas-webhooks"],
        json!({"paid": {"post": {
            "requestBody": {"content": {
                "application/json": {"schema": {"type": "string", "nullable": true}},
            }},
            "responses": {},
        }}})
    );
    assert_quiet(&diags);
}

#[test]
fn missing_paths_in_a_3_0_document_warns() {
    let (out, diags) = lower_and_read(json!({
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
    }));
    assert_eq!(out["paths"], json!({}));
    assert_warnings(&diags, &[("#", "must have `paths`")]);
}

#[test]
fn operation_without_responses() {
    let (out, diags) = lower_and_read(op_doc("3.1.0", json!({"operationId": "a"})));
    assert_eq!(
        out["paths"]["/a"]["get"],
        json!({"operationId": "a", "responses": {}})
    );
    assert_quiet(&diags);

    let (out, diags) = lower_and_read(op_doc("3.0.3", json!({"operationId": "a"})));
    assert_eq!(
        out["paths"]["/a"]["get"],
        json!({"operationId": "a", "responses": {}})
    );
    assert_warnings(&diags, &[("#/paths/~1a/get", "must have `responses`")]);
}

#[test]
fn integer_bounds_beyond_64_bits_are_clamped() {
    let (schema, diags) = schema31(json!({
        "type": "integer",
        "minimum": -1e20,
        "maximum": 18_446_744_073_709_551_615_u64,
    }));
    assert_eq!(
        schema,
        json!({
            "type": "integer",
            "minimum": i64::MIN,
            "maximum": i64::MAX,
            "x-paylink-original-minimum": -1e20,
            "x-paylink-original-maximum": 18_446_744_073_709_551_615_u64,
        })
    );
    assert_warnings(
        &diags,
        &[
            (&s("/minimum"), "beyond 64 bits"),
            (&s("/maximum"), "beyond 64 bits"),
        ],
    );
}

#[test]
fn fractional_integer_bounds_are_rounded_inward() {
    quiet31(
        json!({"type": "integer", "minimum": 0.5, "maximum": 9.5}),
        json!({"type": "integer", "minimum": 1, "maximum": 9}),
    );
}

/// `exclusiveMinimum: 0.5` on integers allows 1: after rounding to 1 the
/// bound must be inclusive, or 1 (and 9 at the top) would be refused.
#[test]
fn fractional_exclusive_integer_bounds_become_inclusive() {
    let (schema, diags) = schema31(json!({
        "type": "integer",
        "exclusiveMinimum": 0.5,
        "exclusiveMaximum": 9.5,
    }));
    assert_eq!(schema["minimum"], json!(1));
    assert_eq!(schema["maximum"], json!(9));
    for flag in ["exclusiveMinimum", "exclusiveMaximum"] {
        assert_ne!(schema.get(flag), Some(&json!(true)), "{schema:#}");
    }
    assert_quiet(&diags);
}

#[test]
fn boolean_schemas_become_objects() {
    let doc = api(
        "3.1.0",
        json!({"components": {"schemas": {
            "Any": true,
            "Never": false,
            "S": {
                "type": "object",
                "properties": {"a": true, "b": false},
                "additionalProperties": false,
            },
        }}}),
    );
    let (out, diags) = lower_and_read(doc);
    assert_eq!(
        out["components"]["schemas"],
        json!({
            "Any": {},
            "Never": {"not": {}},
            "S": {
                "type": "object",
                "properties": {"a": {}, "b": {"not": {}}},
                "additionalProperties": false,
            },
        })
    );
    assert_quiet(&diags);
}

#[test]
fn json_schema_only_keywords_are_kept_as_extensions() {
    let (schema, diags) = schema31(json!({
        "type": "object",
        "patternProperties": {"^x": {"type": "string"}},
        "if": {"required": ["a"]},
        "$comment": "note",
        "$id": "urn:s",
        "maxProperites": 3,
    }));
    assert_eq!(
        schema,
        json!({
            "type": "object",
            "x-oas-patternProperties": {"^x": {"type": "string"}},
            "x-oas-if": {"required": ["a"]},
            "x-oas-$comment": "note",
            "x-oas-$id": "urn:s",
            "x-oas-maxProperites": 3,
        })
    );
    assert_warnings(
        &diags,
        &[
            (&s("/patternProperties"), "has no OpenAPI 3.0 form"),
            (&s("/if"), "has no OpenAPI 3.0 form"),
            (&s("/maxProperites"), "is not a schema keyword"),
        ],
    );
}

#[test]
fn newer_fields_outside_schemas() {
    let ok = json!({"200": {"description": "ok"}});
    let doc = json!({
        "openapi": "3.2.0",
        "info": {
            "title": "t",
            "version": "1",
            "summary": "short",
            "license": {"name": "MIT", "identifier": "MIT"},
        },
        "paths": {"/a": {
            "get": {
                "parameters": [
                    {"name": "q", "in": "querystring", "content": {
                        "application/x-www-form-urlencoded": {"schema": {"type": "object"}},
                    }},
                    {"name": "n", "in": "query", "schema": {"type": "string"}},
                ],
                "responses": ok,
            },
            "query": {"responses": ok},
        }},
        "components": {"securitySchemes": {
            "mtls": {"type": "mutualTLS"},
            "key": {"type": "apiKey", "name": "k", "in": "header"},
        }},
    });
    let (out, diags) = lower_and_read(doc);
    assert_eq!(
        out["info"],
        json!({
            "title": "t",
            "version": "1",
            "x-oas-summary": "short",
            "license": {"name": "MIT", "x-oas-identifier": "MIT"},
        })
    );
    assert_eq!(
        out["paths"]["/a"],
        json!({
            "get": {
                "parameters": [{"name": "n", "in": "query", "schema": {"type": "string"}}],
                "responses": ok,
            },
            "x-oas-query": {"responses": ok},
        })
    );
    assert_eq!(
        out["components"]["securitySchemes"],
        json!({"key": {"type": "apiKey", "name": "k", "in": "header"}})
    );
    assert_warnings(
        &diags,
        &[
            ("#/paths/~1a/get/parameters/0", "`querystring` parameter"),
            ("#/paths/~1a/query", "QUERY operations"),
            ("#/components/securitySchemes/mtls", "`mutualTLS` has no"),
        ],
    );
}

#[test]
fn content_keywords_become_formats() {
    let (schema, diags) = schema31(json!({"type": "object", "properties": {
        "data": {"type": "string", "contentEncoding": "base64"},
        "image": {"type": "string", "contentMediaType": "image/png"},
    }}));
    assert_eq!(
        schema["properties"],
        json!({
            "data": {"type": "string", "format": "byte", "x-oas-contentEncoding": "base64"},
            "image": {"type": "string", "format": "binary", "x-oas-contentMediaType": "image/png"},
        })
    );
    assert_quiet(&diags);
}

#[test]
fn repair_path_parameter_not_marked_required() {
    let doc = api(
        "3.0.3",
        json!({"paths": {"/a/{id}": {"get": {
            "parameters": [{"name": "id", "in": "path", "schema": {"type": "string"}}],
            "responses": {"200": {"description": "ok"}},
        }}}}),
    );
    let (out, diags) = lower_and_read(doc);
    assert_eq!(
        out["paths"]["/a/{id}"]["get"]["parameters"][0],
        json!({"name": "id", "in": "path", "schema": {"type": "string"}, "required": true})
    );
    assert_warnings(
        &diags,
        &[(
            "#/paths/~1a~1{id}/get/parameters/0",
            "`id` is not marked `required: true`",
        )],
    );
}

#[test]
fn repair_string_enum_with_numbers() {
    let (schema, diags) = schema30(json!({"type": "string", "enum": ["a", 1, 2.5]}));
    assert_eq!(
        schema,
        json!({
            "type": "string",
            "enum": ["a", "1", "2.5"],
            "x-paylink-original-enum": ["a", 1, 2.5],
        })
    );
    assert_warnings(&diags, &[(&s("/enum"), "2 value(s) of a string enum")]);
}

/// `"1"` and `1` are different values, but the same once read as strings:
/// the repaired enum must not list `"1"` twice.
#[test]
fn repair_stringified_enum_values_stay_unique() {
    let (schema, diags) = schema30(json!({"type": "string", "enum": ["1", 1]}));
    assert_eq!(schema["enum"], json!(["1"]));
    assert!(!diags.is_empty() && diags.iter().all(|d| d.pointer == s("/enum")));
}

#[test]
fn repair_duplicate_enum_values() {
    let (schema, diags) = schema30(json!({"type": "string", "enum": ["a", "b", "a"]}));
    assert_eq!(schema, json!({"type": "string", "enum": ["a", "b"]}));
    assert_warnings(&diags, &[(&s("/enum"), "more than once")]);
}

#[test]
fn repair_required_true_on_a_property() {
    let (schema, diags) = schema30(json!({
        "type": "object",
        "properties": {"p": {"type": "string", "required": true}},
    }));
    assert_eq!(
        schema["properties"]["p"],
        json!({"type": "string", "x-paylink-original-required": true})
    );
    assert_warnings(&diags, &[(&s("/properties/p/required"), "Swagger 2 style")]);
}

#[test]
fn repair_negative_min_length() {
    let (schema, diags) = schema30(json!({"type": "string", "minLength": -1}));
    assert_eq!(
        schema,
        json!({"type": "string", "x-paylink-original-minLength": -1})
    );
    assert_warnings(&diags, &[(&s("/minLength"), "non-negative integer")]);
}

#[test]
fn repair_type_file() {
    let (schema, diags) = schema30(json!({"type": "file"}));
    assert_eq!(schema, json!({"type": "string", "format": "binary"}));
    assert_warnings(&diags, &[(&s("/type"), "`type: file` is Swagger 2")]);
}

#[test]
fn repair_invalid_status_code_key() {
    let ok = json!({"description": "ok"});
    let doc = op_doc(
        "3.0.3",
        json!({"responses": {"200": ok, "2000": {"description": "typo"}}}),
    );
    let (out, diags) = lower_and_read(doc);
    assert_eq!(out["paths"]["/a"]["get"]["responses"], json!({"200": ok}));
    assert_warnings(
        &diags,
        &[("#/paths/~1a/get/responses/2000", "not an HTTP status code")],
    );
}

#[test]
fn repair_response_without_description() {
    let content = json!({"application/json": {"schema": {"type": "string"}}});
    let doc = op_doc("3.0.3", json!({"responses": {"200": {"content": content}}}));
    let (out, diags) = lower_and_read(doc);
    assert_eq!(
        out["paths"]["/a"]["get"]["responses"]["200"],
        json!({"content": content, "description": ""})
    );
    assert_warnings(
        &diags,
        &[("#/paths/~1a/get/responses/200", "must have `description`")],
    );
}

#[test]
fn repair_null_default_on_a_non_nullable_schema() {
    let (schema, diags) = schema30(json!({"type": "string", "default": null}));
    assert_eq!(schema, json!({"type": "string", "default": null}));
    assert_warnings(&diags, &[(&s("/default"), "`default` is null")]);

    let (_, diags) = schema30(json!({"type": "string", "nullable": true, "default": null}));
    assert_quiet(&diags);
}

#[test]
fn yaml_integer_keys_become_strings() {
    let text = "\
openapi: 3.0.3
info:
  title: t
  version: '1'
paths:
  /a:
    get:
      responses:
        200:
          description: ok
        404:
          description: missing
";
    let spec = read_spec_str("spec.yaml", text).expect("readable");
    assert_eq!(
        spec.document["paths"]["/a"]["get"]["responses"],
        json!({"200": {"description": "ok"}, "404": {"description": "missing"}})
    );
    assert_warnings(
        &spec.diagnostics,
        &[
            ("#/paths/~1a/get/responses/200", "mapping key `200`"),
            ("#/paths/~1a/get/responses/404", "mapping key `404`"),
        ],
    );
    for (d, line) in spec.diagnostics.iter().zip([9, 11]) {
        assert_eq!(d.location.as_ref().map(|l| l.line), Some(line), "{d}");
    }
    let openapi = spec.model.to_openapi();
    let item = openapi.paths.paths["/a"].as_item().expect("inline");
    let responses = &item.get.as_ref().expect("GET").responses.responses;
    assert!(responses.contains_key(&StatusCode::Code(200)));
    assert!(responses.contains_key(&StatusCode::Code(404)));
}

#[test]
fn version_is_rewritten_and_the_original_recorded() {
    for version in ["3.1.0", "3.2.0"] {
        let original = api(version, json!({}));
        let mut doc = original.clone();
        let mut diags = Diagnostics::default();
        let normalized = normalize(&mut doc, &mut diags).expect("accepted");
        assert_eq!(normalized.source_version, version);
        assert_eq!(
            doc,
            json!({
                "openapi": "3.0.3",
                "info": {"title": "t", "version": "1"},
                "paths": {},
                "x-paylink-source-version": version,
            })
        );
        assert_quiet(diags.items());
        let spec = read(&original);
        assert_eq!(spec.source_version, version);
        assert_eq!(spec.model.openapi.openapi, "3.0.3");
    }
}

#[test]
fn swagger_and_unknown_versions_are_refused() {
    let cases = [
        (
            json!({"swagger": "2.0", "info": {"title": "t", "version": "1"}, "paths": {}}),
            ("#/swagger", "Swagger 2.0"),
        ),
        (
            api("4.0.0", json!({})),
            ("#/openapi", "`4.0.0` is not supported"),
        ),
    ];
    for (original, expected) in cases {
        let mut doc = original.clone();
        let mut diags = Diagnostics::default();
        assert!(normalize(&mut doc, &mut diags).is_none());
        assert_eq!(doc, original, "a refused document is left as it was");
        assert_exactly(diags.items(), Severity::Error, &[expected]);

        let err = read_spec_str("spec.json", &original.to_string()).expect_err("refused");
        assert_exactly(&err.diagnostics, Severity::Error, &[expected]);
    }
}
