//! Webhooks and callbacks: how they are read, named and routed, what the
//! `events` module holds, and how `x-paylink-webhook-signature` is read
//! (a declaration that cannot be read is an error at its pointer).

use paylink_codegen::generate::{generate_str, Options};

const SPEC: &str = r##"openapi: 3.1.0
info: {title: Links, version: '1'}
security: [{key: []}]
paths:
  /links:
    post:
      operationId: createLink
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties: {callbackUrl: {type: string}}
      responses:
        '201': {description: Created.}
      callbacks:
        paid:
          '{$request.body#/callbackUrl}':
            post:
              requestBody:
                required: true
                content:
                  application/json:
                    schema: {$ref: '#/components/schemas/Paid'}
              responses:
                '204': {description: Received.}
webhooks:
  link.expired:
    post:
      summary: A link expired.
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              required: [id]
              properties: {id: {type: string, minLength: 3}}
      responses:
        '200': {description: Received.}
  new:
    post:
      responses:
        '200': {description: Received.}
  "weird */ name `{x}`":
    parameters:
      - {name: id, in: path, required: true, schema: {type: string}}
    put:
      responses:
        '200': {description: Received.}
    delete:
      responses:
        '200': {description: Received.}
components:
  securitySchemes:
    key: {type: apiKey, in: header, name: X-Key}
  schemas:
    Paid:
      type: object
      required: [link]
      properties: {link: {type: string}, amount: {type: integer}}
"##;

fn generate(spec: &str, options: &Options) -> String {
    generate_str("t.yaml", spec, options)
        .unwrap_or_else(|e| panic!("{e}"))
        .code
}

fn events_module(code: &str) -> &str {
    let start = code.find("pub mod events").expect("an events module");
    &code[start..]
}

#[test]
fn webhooks_and_callbacks_become_one_method_each() {
    let code = generate(SPEC, &Options::default());
    let events = events_module(&code);
    for method in [
        "fn link_expired(",
        "fn new2(",
        "fn weird_name_x_put(",
        "fn weird_name_x_delete(",
        "fn paid(",
    ] {
        assert_eq!(
            events.matches(method).count(),
            2,
            "{method}: sender and receiver"
        );
    }
    assert!(events.contains("let path = \"/link_expired\";"));
    assert!(
        events.contains(".route(\n                    \"/paid\""),
        "{events}"
    );
    // Spec text is documentation only, through the sanitizer.
    assert!(code
        .contains("the callback `paid` of `create_link`, sent to `{$request.body#/callbackUrl}`"));
    // Backticks in a key cannot end the code span it is quoted in.
    assert!(
        code.contains("the webhook `weird */ name '{x}'` (`PUT`)"),
        "{code}"
    );
    // The paths' security is not the events': no credential is required.
    assert!(!events.contains("authorize(&__credentials"), "{events}");
    assert!(code.contains("authorize(&__credentials, &[&[\"key\"]])?;"));
    // The body schema is checked by the receiver as by any server.
    let flat: String = events.split_whitespace().collect();
    assert!(flat.contains("rt::server::json_body::<super::types::LinkExpiredRequest,>(&__head.headers,&__bytes,true,&LINK_EXPIRED_BODY)"));
    // No signature declared: the router takes none.
    assert!(events.contains("pub fn router<A: Api>(api: A) -> axum::Router"));
    assert!(!events.contains("pub fn signature("));
    syn::parse_file(&code).expect("the module parses");
}

#[test]
fn a_path_parameter_of_an_event_is_left_out_with_a_warning() {
    let generated = generate_str("t.yaml", SPEC, &Options::default()).expect("generates");
    let warning = generated
        .warnings
        .iter()
        .find(|w| w.message.contains("path parameter `id` of an event"))
        .expect("a warning");
    assert_eq!(warning.pointer, "#/webhooks/weird *~1 name `{x}`/put");
}

#[test]
fn a_spec_without_events_has_no_events_module() {
    let spec = SPEC
        .split("webhooks:")
        .next()
        .unwrap()
        .replace("      callbacks:", "      x-none:");
    let code = generate(&spec, &Options::default());
    assert!(!code.contains("pub mod events"));
}

#[test]
fn selection_keeps_events_and_their_types() {
    let spec = SPEC.replacen(
        "paths:\n",
        "paths:\n  /other:\n    get:\n      operationId: other\n      responses:\n        '204': {description: No.}\n",
        1,
    );
    let options = Options {
        operations: vec!["other".into()],
        ..Options::default()
    };
    let code = generate(&spec, &options);
    assert!(
        code.contains("pub struct Paid"),
        "the callback's payload type is kept"
    );
    assert!(events_module(&code).contains("fn paid("));
}

fn signed(declaration: &str) -> String {
    SPEC.replace(
        "security: [{key: []}]",
        &format!("security: [{{key: []}}]\nx-paylink-webhook-signature: {declaration}"),
    )
}

#[test]
fn a_declared_signature_is_checked_by_the_router_and_used_by_the_sender() {
    let spec = signed("{scheme: timestamped-hmac-sha256, header: Webhook-Signature, encoding: base64, tolerance: 120}");
    let code = generate(&spec, &Options::default());
    let events = events_module(&code);
    assert!(events.contains("rt::Signature::timestamped(secret)"));
    assert!(events.contains(".header(\"Webhook-Signature\")"));
    assert!(events.contains(".encoding(rt::SignatureEncoding::Base64)"));
    assert!(events.contains(".tolerance(::std::time::Duration::from_secs(120u64))"));
    let flat: String = events.split_whitespace().collect();
    assert!(flat.contains("pubfnrouter<A:Api>(api:A,secret:implInto<rt::Secret>)->axum::Router"));
    assert!(events.contains("router_with_verifier(api, super::signature(secret), limit)"));
    assert!(events.contains("Client::with_base_url(base_url).with_hook(signature(secret))"));

    let code = generate(
        &signed("{scheme: hmac-sha256, prefix: 'sha256='}"),
        &Options::default(),
    );
    let events = events_module(&code);
    assert!(events.contains("rt::Signature::hmac_sha256(secret)"));
    assert!(events.contains(".header(\"X-Signature\")"));
    assert!(events.contains(".prefix(\"sha256=\")"));
}

#[test]
fn a_fields_signature_names_its_fields_in_order() {
    let spec = signed(
        "{scheme: fields-hmac-sha256, fields: [/link, /amount, '/a~1b'], separator: '.', header: X-Fields-Signature, prefix: 'v1='}",
    );
    let code = generate(&spec, &Options::default());
    let events = events_module(&code);
    let flat: String = events.split_whitespace().collect();
    assert!(
        flat.contains(
            "rt::Signature::fields_hmac_sha256(secret,[\"/link\",\"/amount\",\"/a~1b\"])"
        ),
        "{events}"
    );
    assert!(events.contains(".separator(\".\")"));
    assert!(events.contains(".prefix(\"v1=\")"));
    assert!(events.contains(".header(\"X-Fields-Signature\")"));
    assert!(events.contains("router_with_verifier(api, super::signature(secret), limit)"));
    assert!(events.contains("the payload fields `/link`, `/amount`, `/a~1b` joined by `.`"));
    syn::parse_file(&code).expect("the module parses");

    // The separator defaults to `|`.
    let code = generate(
        &signed("{scheme: fields-hmac-sha256, fields: [/link]}"),
        &Options::default(),
    );
    assert!(events_module(&code).contains(".separator(\"|\")"));
}

#[test]
fn a_signature_that_cannot_be_read_is_a_located_error() {
    let cases = [
        ("{scheme: rot13}", "#/x-paylink-webhook-signature/scheme"),
        ("{header: X-Sig}", "#/x-paylink-webhook-signature"),
        (
            "{scheme: hmac-sha256, header: 'X Sig\"'}",
            "#/x-paylink-webhook-signature/header",
        ),
        (
            "{scheme: hmac-sha256, encoding: base32}",
            "#/x-paylink-webhook-signature/encoding",
        ),
        (
            "{scheme: hmac-sha256, tolerance: 30}",
            "#/x-paylink-webhook-signature/tolerance",
        ),
        (
            "{scheme: timestamped-hmac-sha256, prefix: v1=}",
            "#/x-paylink-webhook-signature/prefix",
        ),
        (
            "{scheme: timestamped-hmac-sha256, tolerance: 0}",
            "#/x-paylink-webhook-signature/tolerance",
        ),
        (
            "{scheme: hmac-sha256, prefix: \"a\\nb\"}",
            "#/x-paylink-webhook-signature/prefix",
        ),
        (
            "{scheme: hmac-sha256, secret: x}",
            "#/x-paylink-webhook-signature",
        ),
        ("hmac", "#/x-paylink-webhook-signature"),
        (
            "{scheme: fields-hmac-sha256}",
            "#/x-paylink-webhook-signature",
        ),
        (
            "{scheme: fields-hmac-sha256, fields: []}",
            "#/x-paylink-webhook-signature/fields",
        ),
        (
            "{scheme: fields-hmac-sha256, fields: /id}",
            "#/x-paylink-webhook-signature/fields",
        ),
        (
            "{scheme: fields-hmac-sha256, fields: [/id, amount]}",
            "#/x-paylink-webhook-signature/fields",
        ),
        (
            "{scheme: fields-hmac-sha256, fields: [/id, 3]}",
            "#/x-paylink-webhook-signature/fields",
        ),
        (
            "{scheme: fields-hmac-sha256, fields: [/a~2]}",
            "#/x-paylink-webhook-signature/fields",
        ),
        (
            "{scheme: fields-hmac-sha256, fields: [/id], separator: 1}",
            "#/x-paylink-webhook-signature/separator",
        ),
        (
            "{scheme: fields-hmac-sha256, fields: [/id], separator: \"\\n\"}",
            "#/x-paylink-webhook-signature/separator",
        ),
        (
            "{scheme: fields-hmac-sha256, fields: [/id], tolerance: 30}",
            "#/x-paylink-webhook-signature/tolerance",
        ),
        (
            "{scheme: hmac-sha256, fields: [/id]}",
            "#/x-paylink-webhook-signature/fields",
        ),
        (
            "{scheme: timestamped-hmac-sha256, separator: ','}",
            "#/x-paylink-webhook-signature/separator",
        ),
    ];
    for (declaration, pointer) in cases {
        let error = generate_str("t.yaml", &signed(declaration), &Options::default())
            .expect_err(declaration);
        let found = error
            .diagnostics
            .iter()
            .find(|d| d.is_error())
            .expect("an error");
        assert_eq!(found.pointer, pointer, "{declaration}: {}", found.message);
        assert!(
            found.location.is_some(),
            "{declaration}: located in the file"
        );
    }
}
