//! How generated names are chosen, through the whole pipeline on tiny
//! specs: bodies named from their operation, a shared body aliased under
//! each operation's name, enum values and union members named from what
//! the spec says about them, `x-enum-varnames` checked.

mod support;

use paylink_codegen::generate::{generate_str, Generated, Options};
use support::has;

fn generate(yaml: &str) -> Generated {
    let spec = format!("openapi: 3.1.0\ninfo: {{title: T, version: '1'}}\n{yaml}");
    generate_str("t.yaml", &spec, &Options::default()).unwrap_or_else(|e| panic!("{e}"))
}

fn schemas(yaml: &str) -> Generated {
    generate(&format!("paths: {{}}\ncomponents:\n  schemas:\n{yaml}"))
}

const BODIES: &str = "paths:
  /links:
    post:
      operationId: createPaymentLink
      requestBody:
        content:
          application/json:
            schema: {type: object, required: [amount], properties: {amount: {type: integer}, note: {type: string}}}
      responses:
        '201':
          description: made
          content: {application/json: {schema: {type: object, properties: {id: {type: string}}}}}
  /links/{id}:
    put:
      operationId: replacePaymentLink
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      requestBody:
        content:
          application/json:
            schema: {type: object, required: [amount], properties: {amount: {type: integer}, note: {type: string}}}
      responses: {'204': {description: done}}
";

#[test]
fn bodies_are_named_from_their_operation() {
    let code = generate(BODIES).code;
    has(&code, "pub struct CreatePaymentLinkRequest {");
    has(&code, "pub struct CreatePaymentLinkCreated {");
    has(&code, "Created(types::CreatePaymentLinkCreated)");
    assert!(!code.contains("Body {"), "{code}");
}

#[test]
fn a_shared_body_is_found_under_every_operation_name() {
    let code = generate(BODIES).code;
    let types = code.split("pub mod server").next().unwrap_or_default();
    assert_eq!(
        types.matches("pub struct CreatePaymentLinkRequest").count(),
        1
    );
    assert_eq!(
        types
            .matches("pub struct ReplacePaymentLinkRequest")
            .count(),
        0
    );
    has(
        &code,
        "pub type ReplacePaymentLinkRequest = CreatePaymentLinkRequest;",
    );
    has(
        &code,
        "pub fn body(mut self, value: types::ReplacePaymentLinkRequest) -> Self",
    );
}

#[test]
fn a_shared_multipart_body_still_sends_its_fields() {
    let multipart = BODIES.replace(
        "application/json:\n            schema: {type: object, required",
        "multipart/form-data:\n            schema: {type: object, required",
    );
    let code = generate(&multipart).code;
    has(
        &code,
        "pub type ReplacePaymentLinkRequest = CreatePaymentLinkRequest;",
    );
    // Both operations send the fields, the aliased one through its alias.
    let fields = code.matches(r#"multipart_field(form, "amount", value, None)"#);
    assert_eq!(fields.count(), 2, "{code}");
}

#[test]
fn enum_variants_come_from_their_values() {
    let code = schemas("    Kind: {type: string, enum: [one-time, '1', '', '*', multiUse]}\n    Level: {type: integer, enum: [-1, 0, 2]}\n").code;
    for variant in [
        "OneTime,",
        "V1,",
        "Empty,",
        "Asterisk,",
        "MultiUse,",
        "Minus1,",
        "V0,",
        "V2,",
    ] {
        has(&code, variant);
    }
    assert!(!code.contains("Value1"), "{code}");
}

#[test]
fn enum_varnames_are_honoured_when_they_fit() {
    let generated = schemas("    Level:\n      type: integer\n      enum: [1, 2]\n      x-enum-varnames: [Low, High]\n    Mood:\n      type: string\n      enum: [a, b]\n      x-enumNames: [Happy, sad face]\n").code;
    for variant in ["Low,", "High,", "Happy,", "SadFace,"] {
        has(&generated, variant);
    }
}

#[test]
fn enum_varnames_that_do_not_fit_warn_where_they_are() {
    let generated = schemas("    Level:\n      type: integer\n      enum: [1, 2]\n      x-enum-varnames: [Low]\n    Mood:\n      type: string\n      enum: [a, b]\n      x-enumNames: [Happy, 7]\n");
    has(&generated.code, "V1,");
    has(&generated.code, "A,");
    let pointers: Vec<&str> = generated
        .warnings
        .iter()
        .map(|w| w.pointer.as_str())
        .collect();
    assert!(
        pointers.contains(&"#/components/schemas/Level/x-enum-varnames"),
        "{pointers:?}"
    );
    assert!(
        pointers.contains(&"#/components/schemas/Mood/x-enumNames"),
        "{pointers:?}"
    );
    assert!(generated.warnings.iter().all(|w| w.location.is_some()));
}

#[test]
fn enum_varnames_never_become_code() {
    let generated = schemas("    Mood:\n      type: string\n      enum: [a]\n      x-enum-varnames: ['A }; fn evil() { ']\n").code;
    has(&generated, "AFnEvil,");
    assert!(!generated.contains("fn evil"), "{generated}");
}

#[test]
fn inline_union_members_are_named_from_what_tells_them_apart() {
    let code = schemas("    Target:\n      oneOf:\n        - {type: object, required: [type, value], properties: {type: {type: string, enum: [vpc]}, value: {type: string}}}\n        - {type: object, required: [type, value], properties: {type: {type: string, enum: [ip_net]}, value: {type: string}}}\n        - {type: string, format: uuid}\n").code;
    has(&code, "Vpc(TargetVpc)");
    has(&code, "IpNet(TargetIpNet)");
    has(&code, "Uuid(rt::Uuid)");
    assert!(!code.contains("Variant"), "{code}");
}

#[test]
fn nested_names_do_not_repeat_the_owner() {
    let code = schemas("    BearerToken:\n      type: object\n      properties:\n        token_type: {type: string, enum: [Bearer]}\n").code;
    has(&code, "pub token_type: Option<BearerTokenType>,");
}

const SHARED_RESPONSES: &str = "paths:
  /albums/{id}:
    get:
      operationId: getAnAlbum
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses:
        '200': {description: ok, content: {application/json: {schema: {type: string}}}}
        '401': {$ref: '#/components/responses/Unauthorized'}
        '429': {$ref: '#/components/responses/TooManyRequests'}
  /artists/{id}:
    get:
      operationId: getAnArtist
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses:
        '200': {description: ok, content: {application/json: {schema: {type: string}}}}
        '401': {$ref: '#/components/responses/Unauthorized'}
        '404': {$ref: '#/components/responses/not_found'}
        '429': {$ref: '#/components/responses/TooManyRequests'}
components:
  schemas:
    NotFound: {type: object, properties: {path: {type: string}}}
  responses:
    Unauthorized:
      description: bad token
      content: {application/json: {schema: {type: object, required: [error], properties: {error: {type: string}}}}}
    TooManyRequests:
      description: rate limited
      content: {application/json: {schema: {type: object, required: [error], properties: {error: {type: string}}}}}
    not_found:
      description: no such thing
      content: {application/json: {schema: {type: object, properties: {message: {type: string}}}}}
";

#[test]
fn component_response_bodies_are_named_after_the_component() {
    let code = generate(SHARED_RESPONSES).code;
    has(&code, "pub struct Unauthorized {");
    has(
        &code,
        "/// The schema at `#/components/responses/Unauthorized/content/application~1json/schema`.",
    );
    // The same shape under another component's name: an alias with that name.
    has(&code, "pub type TooManyRequests = Unauthorized;");
    // A schema has the plain name: the response's body says what it is.
    has(&code, "pub struct NotFound {");
    has(&code, "pub struct NotFoundResponse {");
    has(&code, "TooManyRequests(types::TooManyRequests)");
    has(&code, "NotFound(types::NotFoundResponse)");
    // No operation's name on them, and no numbered second copy.
    for absent in [
        "GetAnAlbumUnauthorized",
        "GetAnArtistUnauthorized",
        "GetAnArtistTooManyRequests",
        "Unauthorized2",
        "NotFound2",
    ] {
        assert!(!code.contains(absent), "{absent} in {code}");
    }
}
