//! The fixture specs of the defect classes against Stoplight Prism, the
//! same way as the providers' specs in `prism.rs` (see `common/prism.rs`
//! for what each call must pass), in static and dynamic mode:
//! - `wire/forms.yaml`: nested form bodies with `encoding` overrides, a
//!   multipart body with nested fields, arrays and objects in every query,
//!   path and header style of the OpenAPI style table, the `name[]`
//!   convention;
//! - `wire/nullable.yaml` (3.1) and `wire/nullable30.yaml` (3.0):
//!   references to nullable schemas, sent and answered both set and `null`;
//! - `wire/unions.yaml`: unions of objects whose fields are all optional,
//!   sent as each member, answered as documented (the `4XX` error union);
//! - `tricky.yaml`: unions, open enums, recursion, a header, a cookie and a
//!   query list.
//!
//! Every operation is called with every input a client can set and, where
//! it has optional ones, with the required ones only (and with explicit
//! `null`s where the fixture allows them). The modules under test are the
//! checked-in ones under `support/` (`tests/tests/generated_fresh.rs`
//! keeps them fresh). Ignored by a plain `cargo test`: `.ci/prism` runs
//! them with `--ignored`. Failures Prism itself causes are listed in
//! [`KNOWN`] with the proof of the cause.

#[path = "common/prism.rs"]
mod prism;

#[path = "support/forms.rs"]
mod forms;
#[path = "support/nullable.rs"]
mod nullable;
#[path = "support/nullable30.rs"]
mod nullable30;
#[path = "support/tricky.rs"]
mod tricky;
#[path = "support/unions.rs"]
mod unions;

use std::collections::BTreeMap;
use std::path::PathBuf;

use prism::{case, outcome, Case, Ctx, FailureKind, Known, Mode, NO_RETRY};

/// Failures that are Prism's (5.16.0), not the client's: each with the
/// place in Prism that causes it. The bytes the client sends in each case
/// are asserted exactly by `tests/tests/wire_forms.rs`; a case beside each
/// known one sends what Prism can read and must pass.
const KNOWN: &[Known] = &[
    // `validator/validators/body.js`, `deserializeFormBody`: a deepObject
    // array of objects is rebuilt from `line_items[0][price]=...` into
    // objects, which are then handed to `parseBrokenJSONArray` as if they
    // were JSON text (`"[object Object]"`): every non-empty array of
    // objects in a form body is answered 415. The case "no line items, no
    // JSON field" sends every other field and passes.
    known_form(
        "every field",
        FailureKind::RequestViolation,
        &[
            "validation rules",
            "Cannot deserialize JSON object array in form data request body",
            "INVALID_CONTENT_TYPE",
        ],
    ),
    known_form("every field", FailureKind::WrongStatus, &["got 415"]),
    known_form(
        "required only",
        FailureKind::RequestViolation,
        &[
            "validation rules",
            "Cannot deserialize JSON object array in form data request body",
            "INVALID_CONTENT_TYPE",
        ],
    ),
    known_form("required only", FailureKind::WrongStatus, &["got 415"]),
    // `body.js`, `parseMultipartFormDataParams`: one string per part
    // name, the last part winning (`labels`, sent as one part per item,
    // arrives as its last item), and no part parsed as JSON (`details`,
    // an object, is sent as an `application/json` part, the default for
    // objects). The case "nested fields only" passes.
    known(
        "POST /files",
        "every field",
        FailureKind::RequestViolation,
        &[
            "validation rules",
            "labels must be array",
            "details must be object",
            "UNPROCESSABLE_ENTITY",
        ],
    ),
    known(
        "POST /files",
        "every field",
        FailureKind::WrongStatus,
        &["got 422"],
    ),
    // `validator/validators/params.js` lower-cases the query's keys
    // before matching them with the object's properties `R`, `G`, `B`
    // (the style table's example): `R=100&G=200&B=150` is never found.
    known(
        "GET /query/exploded",
        "exploded object",
        FailureKind::RequestViolation,
        &[
            "validation rules",
            "must have required property",
            "UNPROCESSABLE_ENTITY",
        ],
    ),
    known(
        "GET /query/exploded",
        "exploded object",
        FailureKind::WrongStatus,
        &["got 422"],
    ),
    // `deserializers/style/form.js`, `deserializeFormStyle`: an absent
    // exploded object parameter is read as `{}`, which lacks the required
    // properties of the optional parameter.
    known(
        "GET /query/exploded",
        "none",
        FailureKind::RequestViolation,
        &[
            "validation rules",
            "must have required property",
            "UNPROCESSABLE_ENTITY",
        ],
    ),
    known(
        "GET /query/exploded",
        "none",
        FailureKind::WrongStatus,
        &["got 422"],
    ),
    // `deserializers/style/delimited.js` throws for an object, and the
    // exception ends the Prism process: any request of the operation.
    known(
        "GET /query/delimited-objects",
        "every style",
        FailureKind::PrismCrashed,
        &["delimited style is only applicable to array parameter"],
    ),
    // `deserializers/style/simple.js` calls `split` on path values it has
    // already split at the commas: a path array or object of more than
    // one item ends the Prism process (`/paths/a/b/.c/.d/;matrix=e/;matrix_x=f`,
    // one item each, passes).
    known(
        "GET /paths/{simple}/{simple_x}/{label}/{label_x}/{matrix}/{matrix_x}",
        "every style",
        FailureKind::PrismCrashed,
        &["value.split is not a function"],
    ),
    known(
        "GET /objects/{simple}/{simple_x}/{label}/{label_x}/{matrix}/{matrix_x}",
        "every style",
        FailureKind::PrismCrashed,
        &["value.split is not a function"],
    ),
    // `deserializers/style/simple.js` calls `split` on the value of an
    // absent array header: a request without the optional `X-Colors`
    // ends the Prism process.
    known(
        "GET /headers",
        "none",
        FailureKind::PrismCrashed,
        &["Cannot read properties of undefined (reading 'split')"],
    ),
    // `validator/index.js`, `checkRequiredBodyIsProvided`: a required body
    // that is JSON `null` is falsy, so "missing", though `null` is what the
    // schema (`type: [object, "null"]`) allows.
    Known {
        spec: "wire/nullable.yaml",
        mode: None,
        operation: "POST /cursor",
        label: "null body",
        asked: None,
        kind: FailureKind::RequestViolation,
        messages: &[
            "validation rules",
            "Body parameter is required",
            "UNPROCESSABLE_ENTITY",
        ],
        cause: "Prism refuses a required JSON body that is `null`",
    },
    Known {
        spec: "wire/nullable.yaml",
        mode: None,
        operation: "POST /cursor",
        label: "null body",
        asked: None,
        kind: FailureKind::WrongStatus,
        messages: &["got 422"],
        cause: "Prism refuses a required JSON body that is `null`",
    },
];

/// A known failure of `wire/forms.yaml` in both modes.
const fn known(
    operation: &'static str,
    label: &'static str,
    kind: FailureKind,
    messages: &'static [&'static str],
) -> Known {
    Known {
        spec: "wire/forms.yaml",
        mode: None,
        operation,
        label,
        asked: None,
        kind,
        messages,
        cause: "Prism cannot read what the spec allows (see KNOWN)",
    }
}

/// A known failure of the form body of `wire/forms.yaml`.
const fn known_form(
    label: &'static str,
    kind: FailureKind,
    messages: &'static [&'static str],
) -> Known {
    known("POST /checkout/sessions", label, kind, messages)
}

/// The fixture spec at `tests/fixtures/<file>`.
fn fixture(file: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures")
        .join(file)
}

/// Runs `cases` against a Prism mock of the fixture `file` in both modes,
/// checking each against [`KNOWN`].
async fn check_both(file: &str, cases: fn() -> Vec<Case>) {
    for mode in [Mode::Static, Mode::Dynamic] {
        prism::check(file, &fixture(file), mode, &cases(), KNOWN).await;
    }
}

// ------------------------------------------------------------------ forms

/// The colours of the OpenAPI style table's examples.
fn colors() -> Vec<String> {
    ["blue", "black", "brown"].map(String::from).to_vec()
}

/// The object of the OpenAPI style table's examples.
fn rgb() -> forms::types::Rgb {
    forms::types::Rgb {
        r: 100,
        g: 200,
        b: 150,
    }
}

/// A checkout session with every field set: arrays of nested objects,
/// a map, and the arrays and object the `encoding` object restyles.
fn full_session() -> forms::types::CheckoutSession {
    use forms::types::{
        CheckoutSession, CheckoutSessionMode, CheckoutSessionOptions, LineItem,
        LineItemAdjustableQuantity,
    };
    CheckoutSession {
        mode: CheckoutSessionMode::Subscription,
        success_url: Some("https://shop.example/done?session={ID}&a=b c".into()),
        line_items: vec![
            LineItem {
                price: "price_123".into(),
                quantity: 1,
                adjustable_quantity: None,
            },
            LineItem {
                price: "price_456".into(),
                quantity: 2,
                adjustable_quantity: Some(LineItemAdjustableQuantity {
                    enabled: Some(true),
                    maximum: Some(5),
                }),
            },
        ],
        metadata: Some(BTreeMap::from([
            ("order".to_string(), "7".to_string()),
            ("note".to_string(), "a&b=c [x]".to_string()),
        ])),
        expand: Some(vec!["customer".into(), "line_items".into()]),
        tags: Some(vec!["spring".into(), "sale".into()]),
        channels: Some(vec!["web".into(), "mobile".into()]),
        options: Some(CheckoutSessionOptions {
            locale: Some("fi".into()),
            retries: Some(3),
        }),
    }
}

/// A file upload with every field set.
fn full_upload() -> forms::types::UploadFileRequest {
    use forms::types::{
        UploadFileRequest, UploadFileRequestDetails, UploadFileRequestFileLinkData,
    };
    UploadFileRequest {
        file: b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec(),
        purpose: "dispute_evidence".into(),
        file_link_data: Some(UploadFileRequestFileLinkData {
            create: Some(true),
            expires_at: Some(1_900_000_000),
            metadata: Some(BTreeMap::from([("case".to_string(), "c-9".to_string())])),
        }),
        labels: Some(vec!["front".into(), "back side".into()]),
        details: Some(UploadFileRequestDetails {
            source: Some("scanner".into()),
            pages: Some(2),
        }),
    }
}

fn forms_cases() -> Vec<Case> {
    use forms::types::{CheckoutSession, CheckoutSessionMode, Filter, FilterCreated, LineItem};
    use forms::Client;
    let client =
        |ctx: &Ctx| Client::with_http_client(&ctx.base_url, ctx.http.clone()).with_retry(NO_RETRY);
    let paths = "/paths/{simple}/{simple_x}/{label}/{label_x}/{matrix}/{matrix_x}";
    let objects = "/objects/{simple}/{simple_x}/{label}/{label_x}/{matrix}/{matrix_x}";
    vec![
        case(
            "POST /checkout/sessions",
            "every field",
            move |ctx| async move {
                let c = client(&ctx);
                outcome(c.create_checkout_session(full_session()).send().await)
            },
        ),
        case(
            "POST /checkout/sessions",
            "no line items, no JSON field",
            move |ctx| async move {
                let body = CheckoutSession {
                    line_items: Vec::new(),
                    options: None,
                    ..full_session()
                };
                outcome(client(&ctx).create_checkout_session(body).send().await)
            },
        ),
        case(
            "POST /checkout/sessions",
            "required only",
            move |ctx| async move {
                let body = CheckoutSession {
                    mode: CheckoutSessionMode::Payment,
                    success_url: None,
                    line_items: vec![LineItem {
                        price: "price_123".into(),
                        quantity: 1,
                        adjustable_quantity: None,
                    }],
                    metadata: None,
                    expand: None,
                    tags: None,
                    channels: None,
                    options: None,
                };
                outcome(client(&ctx).create_checkout_session(body).send().await)
            },
        ),
        case("POST /files", "every field", move |ctx| async move {
            outcome(client(&ctx).upload_file(full_upload()).send().await)
        }),
        case("POST /files", "nested fields only", move |ctx| async move {
            let body = forms::types::UploadFileRequest {
                labels: None,
                details: None,
                ..full_upload()
            };
            outcome(client(&ctx).upload_file(body).send().await)
        }),
        case("POST /files", "required only", move |ctx| async move {
            let body = forms::types::UploadFileRequest {
                file_link_data: None,
                labels: None,
                details: None,
                ..full_upload()
            };
            outcome(client(&ctx).upload_file(body).send().await)
        }),
        case("GET /query/arrays", "every style", move |ctx| async move {
            let c = client(&ctx);
            let call = c
                .query_arrays()
                .form_exploded(colors())
                .form_joined(colors())
                .spaced(colors())
                .piped(colors())
                .expand(colors())
                .deep(colors())
                .color("blue");
            outcome(call.send().await)
        }),
        case("GET /query/arrays", "none", move |ctx| async move {
            outcome(client(&ctx).query_arrays().send().await)
        }),
        case("GET /query/objects", "every style", move |ctx| async move {
            let filter = Filter {
                created: Some(FilterCreated {
                    gte: Some(1_700_000_000),
                    lt: Some(1_800_000_000),
                }),
                status: Some("open".into()),
            };
            let c = client(&ctx);
            let call = c.query_objects().form_joined(rgb()).deep(filter);
            outcome(call.send().await)
        }),
        case("GET /query/objects", "none", move |ctx| async move {
            outcome(client(&ctx).query_objects().send().await)
        }),
        case(
            "GET /query/delimited-objects",
            "every style",
            move |ctx| async move {
                let c = client(&ctx);
                let call = c.query_delimited_objects().spaced(rgb()).piped(rgb());
                outcome(call.send().await)
            },
        ),
        case(
            "GET /query/exploded",
            "exploded object",
            move |ctx| async move { outcome(client(&ctx).query_exploded().color(rgb()).send().await) },
        ),
        case("GET /query/exploded", "none", move |ctx| async move {
            outcome(client(&ctx).query_exploded().send().await)
        }),
        case(
            &format!("GET {paths}"),
            "every style",
            move |ctx| async move {
                let c = client(&ctx);
                let call =
                    c.path_arrays(colors(), colors(), colors(), colors(), colors(), colors());
                outcome(call.send().await)
            },
        ),
        case(
            &format!("GET {objects}"),
            "every style",
            move |ctx| async move {
                let c = client(&ctx);
                let call = c.path_objects(rgb(), rgb(), rgb(), rgb(), rgb(), rgb());
                outcome(call.send().await)
            },
        ),
        case("GET /headers", "every header", move |ctx| async move {
            let c = client(&ctx);
            let call = c
                .header_styles()
                .x_colors(colors())
                .x_rgb(rgb())
                .x_rgb_exploded(rgb());
            outcome(call.send().await)
        }),
        case("GET /headers", "none", move |ctx| async move {
            outcome(client(&ctx).header_styles().send().await)
        }),
    ]
}

#[tokio::test]
#[ignore = "needs Prism: run .ci/prism"]
async fn forms_fixture_static_and_dynamic() {
    check_both("wire/forms.yaml", forms_cases).await;
}

// --------------------------------------------------------- nullable (3.1)

fn nullable_cases() -> Vec<Case> {
    use nullable::types::{Link, Page, UrlNullable};
    use nullable::Client;
    let client =
        |ctx: &Ctx| Client::with_http_client(&ctx.base_url, ctx.http.clone()).with_retry(NO_RETRY);
    let url = |href: &str| UrlNullable { href: href.into() };
    vec![
        case("GET /links/{id}", "all parameters", move |ctx| async move {
            outcome(client(&ctx).get_link("link 1").send().await)
        }),
        case("PUT /links", "every field set", move |ctx| async move {
            let body = Link {
                self_: Some(url("/links/2")),
                previous: Some(url("/links/1")),
                next: Some(Some(url("/links/3"))),
                label: Some(Some("second".into())),
                page: Some(Page { number: 2 }),
                first: Some(Some(Page { number: 1 })),
                wrapped: Some(Some(url("/w"))),
                history: Some(vec![Some(url("/links/0")), None]),
                by_name: Some(BTreeMap::from([
                    ("a".to_string(), Some(url("/a"))),
                    ("gone".to_string(), None),
                ])),
            };
            outcome(client(&ctx).put_link(body).send().await)
        }),
        case("PUT /links", "every field null", move |ctx| async move {
            let body = Link {
                self_: None,
                previous: None,
                next: Some(None),
                label: Some(None),
                page: None,
                first: Some(None),
                wrapped: Some(None),
                history: Some(vec![None]),
                by_name: Some(BTreeMap::from([("gone".to_string(), None)])),
            };
            outcome(client(&ctx).put_link(body).send().await)
        }),
        case("PUT /links", "required only", move |ctx| async move {
            let body = Link {
                self_: Some(url("/links/2")),
                previous: None,
                next: None,
                label: None,
                page: None,
                first: None,
                wrapped: None,
                history: None,
                by_name: None,
            };
            outcome(client(&ctx).put_link(body).send().await)
        }),
        case("POST /cursor", "values", move |ctx| async move {
            let c = client(&ctx);
            let call = c.move_cursor("cursor 7", Some(url("/page/8"))).limit(5);
            outcome(call.send().await)
        }),
        case("POST /cursor", "null body", move |ctx| async move {
            let c = client(&ctx);
            outcome(c.move_cursor("cursor 7", None).send().await)
        }),
    ]
}

#[tokio::test]
#[ignore = "needs Prism: run .ci/prism"]
async fn nullable_fixture_static_and_dynamic() {
    check_both("wire/nullable.yaml", nullable_cases).await;
}

// --------------------------------------------------------- nullable (3.0)

fn nullable30_cases() -> Vec<Case> {
    use nullable30::types::{Link, Url, UrlNullable};
    use nullable30::Client;
    let client =
        |ctx: &Ctx| Client::with_http_client(&ctx.base_url, ctx.http.clone()).with_retry(NO_RETRY);
    let url = |href: &str| UrlNullable { href: href.into() };
    vec![
        case("PUT /links", "every field set", move |ctx| async move {
            let body = Link {
                self_: Some(url("/links/2")),
                previous: Some(url("/links/1")),
                next: Some(Some(url("/links/3"))),
                label: Some(Some("second".into())),
                parent: Some(Url {
                    href: "/links".into(),
                }),
                history: Some(vec![Some(url("/links/0")), None]),
                by_name: Some(BTreeMap::from([
                    ("a".to_string(), Some(url("/a"))),
                    ("gone".to_string(), None),
                ])),
            };
            outcome(client(&ctx).put_link(body).send().await)
        }),
        case("PUT /links", "every field null", move |ctx| async move {
            let body = Link {
                self_: None,
                previous: None,
                next: Some(None),
                label: Some(None),
                parent: None,
                history: Some(vec![None]),
                by_name: Some(BTreeMap::from([("gone".to_string(), None)])),
            };
            outcome(client(&ctx).put_link(body).send().await)
        }),
        case("PUT /links", "required only", move |ctx| async move {
            let body = Link {
                self_: Some(url("/links/2")),
                previous: None,
                next: None,
                label: None,
                parent: None,
                history: None,
                by_name: None,
            };
            outcome(client(&ctx).put_link(body).send().await)
        }),
        case("POST /cursor", "all parameters", move |ctx| async move {
            let c = client(&ctx);
            outcome(c.move_cursor("cursor 7").send().await)
        }),
    ]
}

#[tokio::test]
#[ignore = "needs Prism: run .ci/prism"]
async fn nullable30_fixture_static_and_dynamic() {
    check_both("wire/nullable30.yaml", nullable30_cases).await;
}

// ----------------------------------------------------------------- unions

fn unions_cases() -> Vec<Case> {
    use unions::types::{
        BankAccount, BankAccountType, Card, CardType, PaymentMethod, Wallet, WalletType,
    };
    use unions::Client;
    let client =
        |ctx: &Ctx| Client::with_http_client(&ctx.base_url, ctx.http.clone()).with_retry(NO_RETRY);
    let op = "POST /charges";
    vec![
        case(op, "card", move |ctx| async move {
            let body = PaymentMethod::Card(Card {
                r#type: Some(CardType::Card),
                number: Some("4242424242424242".into()),
                expiry: Some("12/30".into()),
            });
            outcome(client(&ctx).create_charge(body).send().await)
        }),
        case(op, "bank account", move |ctx| async move {
            let body = PaymentMethod::BankAccount(BankAccount {
                r#type: Some(BankAccountType::BankAccount),
                iban: Some("FI2112345600000785".into()),
                holder: Some("Sarah Hopper".into()),
            });
            outcome(client(&ctx).create_charge(body).send().await)
        }),
        case(op, "wallet", move |ctx| async move {
            let body = PaymentMethod::Wallet(Wallet {
                r#type: Some(WalletType::GooglePay),
                token: Some("tok_1".into()),
            });
            outcome(client(&ctx).create_charge(body).send().await)
        }),
        case(op, "empty card", move |ctx| async move {
            let body = PaymentMethod::Card(Card::default());
            outcome(client(&ctx).create_charge(body).send().await)
        }),
    ]
}

#[tokio::test]
#[ignore = "needs Prism: run .ci/prism"]
async fn unions_fixture_static_and_dynamic() {
    check_both("wire/unions.yaml", unions_cases).await;
}

// ----------------------------------------------------------------- tricky

fn tricky_cases() -> Vec<Case> {
    use tricky::types::AddNoteRequest;
    use tricky::Client;
    let client =
        |ctx: &Ctx| Client::with_http_client(&ctx.base_url, ctx.http.clone()).with_retry(NO_RETRY);
    vec![
        case("GET /pets/{id}", "all parameters", move |ctx| async move {
            outcome(client(&ctx).get_pet("felix").send().await)
        }),
        case("POST /notes", "every parameter", move |ctx| async move {
            let c = client(&ctx);
            let call = c.add_note("req-1", AddNoteRequest { text: "hi".into() });
            outcome(call.session("s1").tags(vec![1, 2]).send().await)
        }),
        case("POST /notes", "required only", move |ctx| async move {
            let c = client(&ctx);
            let call = c.add_note("req-1", AddNoteRequest { text: "hi".into() });
            outcome(call.send().await)
        }),
        case(
            "GET /events/{day}/{id}",
            "typed formats in path, query and header",
            move |ctx| async move {
                let parse = |text: &str| text.parse::<paylink::codegen::DateTime>();
                let (Ok(since), Ok(first), Ok(second)) = (
                    parse("2030-12-31T23:59:59.5+05:30"),
                    parse("2030-01-01T00:00:00Z"),
                    parse("2030-01-02T12:00:00-08:00"),
                ) else {
                    panic!("the test's date-times parse");
                };
                let (Ok(day), Ok(id), Ok(opens)) = (
                    "2030-12-31".parse::<paylink::codegen::Date>(),
                    "0f8fad5b-d9cb-469f-a165-70867728950e".parse::<paylink::codegen::Uuid>(),
                    "09:30:00Z".parse::<paylink::codegen::Time>(),
                ) else {
                    panic!("the test's values parse");
                };
                let c = client(&ctx);
                let call = c.get_event(day, id).since(since).at(vec![first, second]);
                outcome(call.x_opens(opens).send().await)
            },
        ),
        case(
            "GET /events/{day}/{id}",
            "required only",
            move |ctx| async move {
                let Ok(day) = "2030-12-31".parse::<paylink::codegen::Date>() else {
                    panic!("the test's date parses");
                };
                let Ok(id) =
                    "0f8fad5b-d9cb-469f-a165-70867728950e".parse::<paylink::codegen::Uuid>()
                else {
                    panic!("the test's uuid parses");
                };
                let c = client(&ctx);
                outcome(c.get_event(day, id).send().await)
            },
        ),
    ]
}

#[tokio::test]
#[ignore = "needs Prism: run .ci/prism"]
async fn tricky_fixture_static_and_dynamic() {
    check_both("tricky.yaml", tricky_cases).await;
}
