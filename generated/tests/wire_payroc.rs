//! Payroc payment links on the wire: for every operation, the identity
//! service's `generateBearerToken` included, what the generated client sends
//! (method, path, query, Idempotency-Key, credentials, JSON body) and how it
//! decodes every documented response (the discriminated payment-link and
//! charge unions, problem details, the 201 `location` header), plus the errors
//! for undocumented statuses, bodies that do not fit and missing credentials.

mod common;

use std::fmt::Debug;
use std::future::Future;

use common::{assert_json_body, assert_no_body, pairs, MockServer, Recorded};
use paylink::codegen::{Error, ResponseValue};
use paylink::payroc::{
    types, Client, CreatePaymentLinkResponse, DeactivatePaymentLinkResponse,
    GenerateBearerTokenResponse, ListPaymentLinkSharingEventsResponse, ListPaymentLinksResponse,
    RetrievePaymentLinkResponse, SharePaymentLinkResponse, UpdatePaymentLinkResponse,
};
use serde_json::{json, Value};

const TOKEN: &str = "eyJhbGciOiJSUzI1NiJ9.payroc.sig";
const API_KEY: &str = "pk_test_5b6f0e1c9a";
const IDEMPOTENCY_KEY: &str = "8e03978e-40d5-43e8-bc93-6894a57f9324";
const TERMINAL: &str = "1234001";
const LINK_ID: &str = "JZURRJBUPS";
const LINKS_PATH: &str = "/v1/processing-terminals/1234001/payment-links";
const LINK_PATH: &str = "/v1/payment-links/JZURRJBUPS";

/// A `date` value.
fn date(text: &str) -> paylink::codegen::Date {
    text.parse().expect("a date")
}

// ---------------------------------------------------------------- helpers

/// A client for the mock server. It never retries: these tests read what
/// one call puts on the wire and makes of one answer (retries are tested in
/// `client_calls.rs`).
fn client(server: &MockServer) -> Client {
    Client::with_base_url(format!("{}/v1", server.base_url))
        .with_bearer_auth(TOKEN)
        .with_api_key_auth(API_KEY)
        .with_retry(paylink::codegen::RetryPolicy::none())
}

/// A payment-link call: the bearer token, never the API key.
fn assert_bearer(request: &Recorded) {
    assert_eq!(
        request.header("authorization"),
        Some(format!("Bearer {TOKEN}").as_str())
    );
    assert_eq!(request.header("x-api-key"), None);
}

fn assert_idempotency_key(request: &Recorded) {
    assert_eq!(request.header("idempotency-key"), Some(IDEMPOTENCY_KEY));
}

fn title(status: u16) -> &'static str {
    match status {
        400 => "Bad request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not found",
        406 => "Not acceptable",
        409 => "Conflict",
        415 => "Unsupported media type",
        _ => "Internal server error",
    }
}

/// The problem-details body the mock answers `status` with: 400 names the
/// offending parameter in `errors`, 500 carries no `errors` (it "may").
fn problem_json(status: u16) -> Value {
    let mut body = json!({
        "type": format!("https://docs.payroc.com/api/errors#{status}"),
        "title": title(status),
        "status": status,
        "detail": format!("The gateway answered {status}."),
    });
    if status == 400 {
        body["errors"] = json!([{
            "parameter": "limit",
            "detail": "Must be 100 or less",
            "message": "Invalid value"
        }]);
    }
    body
}

fn problem(status: u16) -> types::Problem {
    types::Problem {
        r#type: format!("https://docs.payroc.com/api/errors#{status}"),
        title: title(status).into(),
        status: i64::from(status),
        detail: format!("The gateway answered {status}."),
    }
}

fn problem_with_errors(status: u16) -> types::ProblemWithErrors {
    let errors = (status == 400).then(|| {
        vec![types::ProblemErrorItem {
            parameter: Some("limit".into()),
            detail: Some("Must be 100 or less".into()),
            message: Some("Invalid value".into()),
        }]
    });
    let p = problem(status);
    types::ProblemWithErrors {
        r#type: p.r#type,
        title: p.title,
        status: p.status,
        detail: p.detail,
        errors,
    }
}

/// Queues each status with its problem body, calls, and checks the variant.
async fn check_problems<R, Fut>(server: &MockServer, call: impl Fn() -> Fut, cases: Vec<(u16, R)>)
where
    R: PartialEq + Debug,
    Fut: Future<Output = Result<ResponseValue<R>, Error>>,
{
    for (status, expected) in cases {
        server.respond_json(status, problem_json(status));
        let response = call()
            .await
            .unwrap_or_else(|e| panic!("{status} is documented: {e}"));
        assert_eq!(response.status, status);
        assert_eq!(response.body, expected, "status {status}");
        server.single();
    }
}

// --------------------------------------------------------------- fixtures

fn multi_use() -> types::MultiUsePaymentLink {
    types::MultiUsePaymentLink {
        r#type: types::MultiUsePaymentLinkType::MultiUse,
        payment_link_id: None,
        merchant_reference: "LinkRef6543".into(),
        order: types::MultiUseOrder {
            description: Some("Yoga class pass".into()),
            charge: types::Charge::Prompt(types::PromptCharge {
                r#type: types::PromptChargeType::Prompt,
                currency: "USD".into(),
            }),
        },
        auth_type: types::AuthType::Sale,
        payment_methods: vec![
            types::PaymentMethod::Card,
            types::PaymentMethod::BankTransfer,
        ],
        custom_labels: Some(vec![types::CustomLabel {
            element: types::CustomLabelElement::PaymentButton,
            label: "Buy pass".into(),
        }]),
        assets: None,
        status: None,
        created_on: None,
        expires_on: Some("2025-12-31".parse().expect("a date")),
        credential_on_file: Some(types::CredentialOnFile {
            tokenize: Some(true),
            mit_agreement: types::CredentialOnFileMitAgreement::Unscheduled,
        }),
    }
}

fn multi_use_json() -> Value {
    json!({
        "type": "multiUse",
        "merchantReference": "LinkRef6543",
        "order": {
            "description": "Yoga class pass",
            "charge": {"type": "prompt", "currency": "USD"}
        },
        "authType": "sale",
        "paymentMethods": ["card", "bankTransfer"],
        "customLabels": [{"element": "paymentButton", "label": "Buy pass"}],
        "expiresOn": "2025-12-31",
        "credentialOnFile": {"tokenize": true, "mitAgreement": "unscheduled"}
    })
}

/// A single-use link with every optional property left out.
fn single_use() -> types::SingleUsePaymentLink {
    types::SingleUsePaymentLink {
        r#type: types::SingleUsePaymentLinkType::SingleUse,
        payment_link_id: None,
        merchant_reference: "INV-2025-0042".into(),
        order: types::SingleUseOrder {
            order_id: "OrderRef6543".into(),
            description: None,
            charge: types::Charge::Preset(types::PresetCharge {
                r#type: types::PresetChargeType::Preset,
                amount: 4999,
                currency: "USD".into(),
            }),
        },
        auth_type: types::AuthType::PreAuthorization,
        payment_methods: vec![types::PaymentMethod::Card],
        custom_labels: None,
        assets: None,
        status: None,
        created_on: None,
        expires_on: "2025-07-01".parse().expect("a date"),
        credential_on_file: None,
    }
}

fn single_use_json() -> Value {
    json!({
        "type": "singleUse",
        "merchantReference": "INV-2025-0042",
        "order": {
            "orderId": "OrderRef6543",
            "charge": {"type": "preset", "amount": 4999, "currency": "USD"}
        },
        "authType": "preAuthorization",
        "paymentMethods": ["card"],
        "expiresOn": "2025-07-01"
    })
}

fn assets() -> types::PaymentLinkAssets {
    types::PaymentLinkAssets {
        payment_url: format!("https://pay.payroc.com/links/{LINK_ID}"),
        payment_button: format!("<a href=\"https://pay.payroc.com/links/{LINK_ID}\">Pay now</a>"),
    }
}

/// `link` as the gateway returns it: with its read-only properties.
fn stored_json(mut link: Value, status: &str) -> Value {
    let extra = json!({
        "paymentLinkId": LINK_ID,
        "assets": {
            "paymentUrl": format!("https://pay.payroc.com/links/{LINK_ID}"),
            "paymentButton": format!("<a href=\"https://pay.payroc.com/links/{LINK_ID}\">Pay now</a>")
        },
        "status": status,
        "createdOn": "2025-06-01"
    });
    for (k, v) in extra.as_object().expect("object") {
        link[k] = v.clone();
    }
    link
}

fn stored_multi_use(status: types::PaymentLinkStatus) -> types::PaymentLink {
    types::PaymentLink::MultiUse(types::MultiUsePaymentLink {
        payment_link_id: Some(LINK_ID.to_string()),
        assets: Some(assets()),
        status: Some(status),
        created_on: Some("2025-06-01".parse().expect("a date")),
        ..multi_use()
    })
}

fn stored_single_use() -> types::PaymentLink {
    types::PaymentLink::SingleUse(types::SingleUsePaymentLink {
        payment_link_id: Some(LINK_ID.to_string()),
        assets: Some(assets()),
        status: Some(types::PaymentLinkStatus::Active),
        created_on: Some("2025-06-01".parse().expect("a date")),
        ..single_use()
    })
}

fn sharing_event() -> types::SharingEvent {
    types::SharingEvent {
        sharing_event_id: None,
        date_time: None,
        sharing_method: types::SharingEventSharingMethod::Email,
        recipients: vec![
            types::EmailRecipient {
                name: "Sarah Hazel Hopper".into(),
                email: "sarah.hopper@example.com".into(),
            },
            types::EmailRecipient {
                name: "Grace Brewster".into(),
                email: "grace+yoga@example.com".into(),
            },
        ],
        message: Some("Hi Sarah, here is the link for your yoga pass.".into()),
        merchant_copy: Some(true),
    }
}

fn sharing_event_json() -> Value {
    json!({
        "sharingMethod": "email",
        "recipients": [
            {"name": "Sarah Hazel Hopper", "email": "sarah.hopper@example.com"},
            {"name": "Grace Brewster", "email": "grace+yoga@example.com"}
        ],
        "message": "Hi Sarah, here is the link for your yoga pass.",
        "merchantCopy": true
    })
}

fn sent_sharing_event() -> types::SharingEvent {
    types::SharingEvent {
        sharing_event_id: Some("2585".into()),
        date_time: Some("2025-06-01T14:30:00Z".parse().expect("a date-time")),
        ..sharing_event()
    }
}

fn sent_sharing_event_json() -> Value {
    let mut body = sharing_event_json();
    body["sharingEventId"] = json!("2585");
    body["dateTime"] = json!("2025-06-01T14:30:00Z");
    body
}

fn page_link(rel: &str, href: &str) -> types::PageLink {
    types::PageLink {
        rel: Some(rel.into()),
        method: Some("get".into()),
        href: Some(href.into()),
    }
}

// ------------------------------------------------------ generateBearerToken

#[tokio::test]
async fn generate_bearer_token_sends_the_api_key_to_the_identity_server() {
    let server = MockServer::start().await;
    server.respond_json(
        200,
        json!({"access_token": TOKEN, "token_type": "Bearer", "expires_in": 3600, "scope": "service_a service_b"}),
    );
    let response = client(&server)
        .generate_bearer_token()
        .server(&server.base_url)
        .send()
        .await
        .expect("documented 200");
    let request = server.single();
    assert_eq!(request.method, "POST");
    assert_eq!(
        request.path, "/authorize",
        "identity host, not the API base"
    );
    assert!(request.query.is_empty());
    assert_eq!(request.header("x-api-key"), Some(API_KEY));
    assert_eq!(request.header("authorization"), None);
    assert_eq!(request.header("idempotency-key"), None);
    assert_no_body(&request);
    assert_eq!(response.status, 200);
    let expected = types::BearerToken {
        access_token: TOKEN.into(),
        token_type: types::BearerTokenType::Bearer,
        expires_in: 3600,
        scope: Some("service_a service_b".into()),
    };
    assert_eq!(response.body, GenerateBearerTokenResponse::Ok(expected));
}

#[tokio::test]
async fn generate_bearer_token_without_scope_and_with_a_trailing_slash_server() {
    let server = MockServer::start().await;
    server.respond_json(
        200,
        json!({"access_token": "t2", "token_type": "Bearer", "expires_in": 60}),
    );
    let response = client(&server)
        .generate_bearer_token()
        .server(format!("{}/identity/", server.base_url))
        .send()
        .await
        .expect("documented 200");
    assert_eq!(server.single().path, "/identity/authorize");
    let GenerateBearerTokenResponse::Ok(token) = response.body else {
        panic!("expected the 200, got {:?}", response.body);
    };
    assert_eq!(token.scope, None);
    assert_eq!(token.expires_in, 60);
}

// --------------------------------------------------------- listPaymentLinks

fn payment_link_page_json() -> Value {
    json!({
        "limit": 25,
        "count": 2,
        "hasMore": true,
        "links": [{
            "rel": "next",
            "method": "get",
            "href": "https://api.payroc.com/v1/processing-terminals/1234001/payment-links?after=JZURRJBUPS&limit=25"
        }],
        "data": [
            stored_json(multi_use_json(), "active"),
            stored_json(single_use_json(), "active")
        ]
    })
}

fn payment_link_page() -> types::PaymentLinkPage {
    types::PaymentLinkPage {
        limit: Some(25),
        count: Some(2),
        has_more: Some(true),
        links: Some(vec![page_link(
            "next",
            "https://api.payroc.com/v1/processing-terminals/1234001/payment-links?after=JZURRJBUPS&limit=25",
        )]),
        data: Some(vec![
            stored_multi_use(types::PaymentLinkStatus::Active),
            stored_single_use(),
        ]),
    }
}

#[tokio::test]
async fn list_payment_links_sends_every_filter_and_cursor() {
    let server = MockServer::start().await;
    server.respond_json(200, payment_link_page_json());
    let response = client(&server)
        .list_payment_links(TERMINAL)
        .merchant_reference("LinkRef6543")
        .link_type(types::PaymentLinkType::SingleUse)
        .charge_type(types::ChargeType::Preset)
        .status(types::PaymentLinkStatus::Active)
        .recipient_name("Sarah Hazel Hopper")
        .recipient_email("sarah+pay@example.com")
        .created_on(date("2025-06-01"))
        .expires_on(date("2025-07-01"))
        .before("KQZXXJBUPS")
        .after("JZURRJBUPS")
        .limit(25)
        .send()
        .await
        .expect("documented 200");
    let request = server.single();
    assert_eq!(request.method, "GET");
    assert_eq!(request.path, LINKS_PATH);
    let expected = pairs(&[
        ("merchantReference", "LinkRef6543"),
        ("linkType", "singleUse"),
        ("chargeType", "preset"),
        ("status", "active"),
        ("recipientName", "Sarah Hazel Hopper"),
        ("recipientEmail", "sarah+pay@example.com"),
        ("createdOn", "2025-06-01"),
        ("expiresOn", "2025-07-01"),
        ("before", "KQZXXJBUPS"),
        ("after", "JZURRJBUPS"),
        ("limit", "25"),
    ]);
    assert_eq!(request.query, expected);
    assert_bearer(&request);
    assert_eq!(request.header("idempotency-key"), None);
    assert_no_body(&request);
    assert_eq!(response.status, 200);
    assert_eq!(
        response.body,
        ListPaymentLinksResponse::Ok(payment_link_page())
    );
}

#[tokio::test]
async fn list_payment_links_without_options_sends_no_query() {
    let server = MockServer::start().await;
    server.respond_json(200, json!({}));
    let response = client(&server)
        .list_payment_links(TERMINAL)
        .send()
        .await
        .expect("documented 200");
    let request = server.single();
    assert_eq!(request.path, LINKS_PATH);
    assert!(request.query.is_empty(), "{:?}", request.query);
    assert_bearer(&request);
    assert_eq!(
        response.body,
        ListPaymentLinksResponse::Ok(types::PaymentLinkPage::default())
    );
}

#[tokio::test]
async fn list_payment_links_decodes_every_documented_error() {
    let server = MockServer::start().await;
    let client = client(&server);
    let call = || client.list_payment_links(TERMINAL).limit(500).send();
    let cases = vec![
        (
            400,
            ListPaymentLinksResponse::BadRequest(problem_with_errors(400)),
        ),
        (401, ListPaymentLinksResponse::Unauthorized(problem(401))),
        (403, ListPaymentLinksResponse::Forbidden(problem(403))),
        (404, ListPaymentLinksResponse::NotFound(problem(404))),
        (406, ListPaymentLinksResponse::NotAcceptable(problem(406))),
        (
            500,
            ListPaymentLinksResponse::InternalServerError(problem_with_errors(500)),
        ),
    ];
    check_problems(&server, call, cases).await;
}

#[tokio::test]
async fn processing_terminal_id_is_percent_encoded() {
    let server = MockServer::start().await;
    server.respond_json(200, json!({}));
    client(&server)
        .list_payment_links("term 01/β?#")
        .send()
        .await
        .expect("documented 200");
    assert_eq!(
        server.single().path,
        "/v1/processing-terminals/term%2001%2F%CE%B2%3F%23/payment-links"
    );
}

// -------------------------------------------------------- createPaymentLink

#[tokio::test]
async fn create_multi_use_payment_link_sends_the_link_and_reads_location() {
    let server = MockServer::start().await;
    let location = format!("https://api.payroc.com/v1/payment-links/{LINK_ID}");
    server.respond_json_with_headers(
        201,
        stored_json(multi_use_json(), "active"),
        &[("location", &location)],
    );
    let body = types::PaymentLink::MultiUse(multi_use());
    let response = client(&server)
        .create_payment_link(TERMINAL, body)
        .idempotency_key(IDEMPOTENCY_KEY)
        .send()
        .await
        .expect("documented 201");
    let request = server.single();
    assert_eq!(request.method, "POST");
    assert_eq!(request.path, LINKS_PATH);
    assert!(request.query.is_empty());
    assert_idempotency_key(&request);
    assert_bearer(&request);
    assert_json_body(&request, multi_use_json());
    assert_eq!(response.status, 201);
    let header = response
        .headers
        .get("location")
        .and_then(|v| v.to_str().ok());
    assert_eq!(header, Some(location.as_str()));
    let expected = stored_multi_use(types::PaymentLinkStatus::Active);
    assert_eq!(response.body, CreatePaymentLinkResponse::Created(expected));
}

#[tokio::test]
async fn create_single_use_payment_link_leaves_unset_properties_out() {
    let server = MockServer::start().await;
    server.respond_json_with_headers(
        201,
        stored_json(single_use_json(), "active"),
        &[("location", "/v1/payment-links/JZURRJBUPS")],
    );
    let body = types::PaymentLink::SingleUse(single_use());
    let response = client(&server)
        .create_payment_link(TERMINAL, body)
        .idempotency_key(IDEMPOTENCY_KEY)
        .send()
        .await
        .expect("documented 201");
    let request = server.single();
    assert_json_body(&request, single_use_json());
    assert_idempotency_key(&request);
    let header = response
        .headers
        .get("location")
        .and_then(|v| v.to_str().ok());
    assert_eq!(header, Some("/v1/payment-links/JZURRJBUPS"));
    assert_eq!(
        response.body,
        CreatePaymentLinkResponse::Created(stored_single_use())
    );
}

#[tokio::test]
async fn create_payment_link_decodes_every_documented_error() {
    let server = MockServer::start().await;
    let client = client(&server);
    let call = || {
        let body = types::PaymentLink::SingleUse(single_use());
        client
            .create_payment_link(TERMINAL, body)
            .idempotency_key(IDEMPOTENCY_KEY)
            .send()
    };
    let cases = vec![
        (
            400,
            CreatePaymentLinkResponse::BadRequest(problem_with_errors(400)),
        ),
        (401, CreatePaymentLinkResponse::Unauthorized(problem(401))),
        (403, CreatePaymentLinkResponse::Forbidden(problem(403))),
        (404, CreatePaymentLinkResponse::NotFound(problem(404))),
        (406, CreatePaymentLinkResponse::NotAcceptable(problem(406))),
        (409, CreatePaymentLinkResponse::Conflict(problem(409))),
        (
            415,
            CreatePaymentLinkResponse::UnsupportedMediaType(problem(415)),
        ),
        (
            500,
            CreatePaymentLinkResponse::InternalServerError(problem_with_errors(500)),
        ),
    ];
    check_problems(&server, call, cases).await;
}

// ------------------------------------------------------ retrievePaymentLink

#[tokio::test]
async fn retrieve_payment_link_gets_the_link_by_id() {
    let server = MockServer::start().await;
    server.respond_json(200, stored_json(single_use_json(), "active"));
    let response = client(&server)
        .retrieve_payment_link(LINK_ID.to_string())
        .send()
        .await
        .expect("documented 200");
    let request = server.single();
    assert_eq!(request.method, "GET");
    assert_eq!(request.path, LINK_PATH);
    assert!(request.query.is_empty());
    assert_bearer(&request);
    assert_no_body(&request);
    assert_eq!(response.status, 200);
    assert_eq!(
        response.body,
        RetrievePaymentLinkResponse::Ok(stored_single_use())
    );
}

#[tokio::test]
async fn retrieve_payment_link_decodes_every_documented_error() {
    let server = MockServer::start().await;
    let client = client(&server);
    let call = || client.retrieve_payment_link(LINK_ID.to_string()).send();
    let cases = vec![
        (
            400,
            RetrievePaymentLinkResponse::BadRequest(problem_with_errors(400)),
        ),
        (401, RetrievePaymentLinkResponse::Unauthorized(problem(401))),
        (403, RetrievePaymentLinkResponse::Forbidden(problem(403))),
        (404, RetrievePaymentLinkResponse::NotFound(problem(404))),
        (
            406,
            RetrievePaymentLinkResponse::NotAcceptable(problem(406)),
        ),
        (
            500,
            RetrievePaymentLinkResponse::InternalServerError(problem_with_errors(500)),
        ),
    ];
    check_problems(&server, call, cases).await;
}

#[tokio::test]
async fn payment_link_id_is_percent_encoded() {
    let server = MockServer::start().await;
    server.respond_json(200, stored_json(single_use_json(), "active"));
    client(&server)
        .retrieve_payment_link("JZURR/BU PS".to_string())
        .send()
        .await
        .expect("documented 200");
    assert_eq!(server.single().path, "/v1/payment-links/JZURR%2FBU%20PS");
}

/// An id of `..` or `.` must be refused or stay one link's segment; URL
/// normalization must not turn `/payment-links/../deactivate` into
/// `/deactivate`.
#[tokio::test]
async fn a_dot_segment_id_never_reaches_another_resource() {
    let server = MockServer::start().await;
    let client = client(&server);
    for id in ["..", "."] {
        server.respond_json(200, stored_json(multi_use_json(), "deactivated"));
        let refused = client
            .deactivate_payment_link(id.to_string())
            .send()
            .await
            .is_err();
        let paths: Vec<String> = server.take().into_iter().map(|r| r.path).collect();
        let expected = format!("/v1/payment-links/{}/deactivate", id.replace('.', "%2E"));
        assert!(
            (refused && paths.is_empty()) || paths == [expected],
            "POST deactivate for id {id:?} went to {paths:?}"
        );
    }
}

#[tokio::test]
async fn an_idempotency_key_a_header_cannot_carry_is_refused_before_sending() {
    let server = MockServer::start().await;
    let body = types::PaymentLink::SingleUse(single_use());
    let err = client(&server)
        .create_payment_link(TERMINAL, body)
        .idempotency_key("8e03978e\r\nX-Injected: 1")
        .send()
        .await
        .expect_err("a line break cannot go in a header");
    assert!(
        matches!(&err, Error::InvalidParameter { name, .. } if name == "Idempotency-Key"),
        "{err}"
    );
    assert!(server.take().is_empty(), "nothing was sent");
}

// ---------------------------------------------------------- discriminators

#[tokio::test]
async fn payment_link_union_keeps_an_unknown_type_as_sent() {
    let server = MockServer::start().await;
    let unknown = json!({
        "type": "subscription",
        "paymentLinkId": LINK_ID,
        "merchantReference": "SUB-1",
        "interval": {"unit": "month", "count": 1},
        "order": {"charge": {"type": "preset", "amount": 1500, "currency": "EUR"}}
    });
    server.respond_json(200, unknown.clone());
    let response = client(&server)
        .retrieve_payment_link(LINK_ID.to_string())
        .send()
        .await
        .expect("an unknown discriminator still decodes");
    let RetrievePaymentLinkResponse::Ok(link) = response.body else {
        panic!("expected Ok, got {:?}", response.body);
    };
    assert_eq!(link, types::PaymentLink::Unknown(unknown.clone()));
    let resent = serde_json::to_string(&link).expect("serializes");
    assert_eq!(resent, unknown.to_string(), "re-serializes unchanged");
}

#[tokio::test]
async fn charge_union_keeps_an_unknown_or_missing_type_as_sent() {
    let server = MockServer::start().await;
    let mut body = stored_json(multi_use_json(), "active");
    let tiered = json!({"type": "tiered", "currency": "USD", "tiers": [1000, 2500]});
    body["order"]["charge"] = tiered.clone();
    server.respond_json(200, body.clone());
    let response = client(&server)
        .retrieve_payment_link(LINK_ID.to_string())
        .send()
        .await
        .expect("documented 200");
    let RetrievePaymentLinkResponse::Ok(types::PaymentLink::MultiUse(link)) = &response.body else {
        panic!("expected a multi-use link, got {:?}", response.body);
    };
    assert_eq!(link.order.charge, types::Charge::Unknown(tiered));
    assert_eq!(serde_json::to_value(link).expect("serializes"), body);
    let untagged: types::Charge =
        serde_json::from_value(json!({"currency": "USD"})).expect("decodes");
    assert_eq!(untagged, types::Charge::Unknown(json!({"currency": "USD"})));
}

// -------------------------------------------------------- updatePaymentLink

fn patch_op(
    op: types::JsonPatchOperationOp,
    path: &str,
    value: Option<Value>,
    from: Option<&str>,
) -> types::JsonPatchOperation {
    types::JsonPatchOperation {
        op,
        path: path.into(),
        value,
        from: from.map(Into::into),
    }
}

fn patch() -> types::JsonPatchDocument {
    use types::JsonPatchOperationOp as Op;
    vec![
        patch_op(Op::Test, "/status", Some(json!("active")), None),
        patch_op(Op::Replace, "/order/charge/amount", Some(json!(5999)), None),
        patch_op(Op::Replace, "/expiresOn", Some(json!("2025-08-01")), None),
        patch_op(Op::Remove, "/customLabels", None, None),
        patch_op(
            Op::CopyValue,
            "/order/description",
            None,
            Some("/merchantReference"),
        ),
        patch_op(
            Op::Add,
            "/credentialOnFile/tokenize",
            Some(json!(null)),
            None,
        ),
    ]
}

fn patch_json() -> Value {
    json!([
        {"op": "test", "path": "/status", "value": "active"},
        {"op": "replace", "path": "/order/charge/amount", "value": 5999},
        {"op": "replace", "path": "/expiresOn", "value": "2025-08-01"},
        {"op": "remove", "path": "/customLabels"},
        {"op": "copy", "path": "/order/description", "from": "/merchantReference"},
        {"op": "add", "path": "/credentialOnFile/tokenize", "value": null}
    ])
}

fn patched_single_use() -> types::PaymentLink {
    let types::PaymentLink::SingleUse(mut link) = stored_single_use() else {
        unreachable!("fixture is single-use");
    };
    link.order.charge = types::Charge::Preset(types::PresetCharge {
        r#type: types::PresetChargeType::Preset,
        amount: 5999,
        currency: "USD".into(),
    });
    link.order.description = Some("INV-2025-0042".into());
    link.expires_on = date("2025-08-01");
    types::PaymentLink::SingleUse(link)
}

fn patched_single_use_json() -> Value {
    let mut body = stored_json(single_use_json(), "active");
    body["order"]["charge"]["amount"] = json!(5999);
    body["order"]["description"] = json!("INV-2025-0042");
    body["expiresOn"] = json!("2025-08-01");
    body
}

#[tokio::test]
async fn update_payment_link_sends_a_json_patch_array() {
    let server = MockServer::start().await;
    server.respond_json(200, patched_single_use_json());
    let response = client(&server)
        .update_payment_link(LINK_ID.to_string(), patch())
        .idempotency_key(IDEMPOTENCY_KEY)
        .send()
        .await
        .expect("documented 200");
    let request = server.single();
    assert_eq!(request.method, "PATCH");
    assert_eq!(request.path, LINK_PATH);
    assert!(request.query.is_empty());
    assert_idempotency_key(&request);
    assert_bearer(&request);
    assert_json_body(&request, patch_json());
    assert_eq!(response.status, 200);
    assert_eq!(
        response.body,
        UpdatePaymentLinkResponse::Ok(patched_single_use())
    );
}

#[tokio::test]
async fn update_payment_link_decodes_every_documented_error() {
    let server = MockServer::start().await;
    let client = client(&server);
    let call = || {
        client
            .update_payment_link(LINK_ID.to_string(), patch())
            .idempotency_key(IDEMPOTENCY_KEY)
            .send()
    };
    let cases = vec![
        (
            400,
            UpdatePaymentLinkResponse::BadRequest(problem_with_errors(400)),
        ),
        (401, UpdatePaymentLinkResponse::Unauthorized(problem(401))),
        (403, UpdatePaymentLinkResponse::Forbidden(problem(403))),
        (404, UpdatePaymentLinkResponse::NotFound(problem(404))),
        (406, UpdatePaymentLinkResponse::NotAcceptable(problem(406))),
        (409, UpdatePaymentLinkResponse::Conflict(problem(409))),
        (
            415,
            UpdatePaymentLinkResponse::UnsupportedMediaType(problem(415)),
        ),
        (
            500,
            UpdatePaymentLinkResponse::InternalServerError(problem_with_errors(500)),
        ),
    ];
    check_problems(&server, call, cases).await;
}

// ---------------------------------------------------- deactivatePaymentLink

#[tokio::test]
async fn deactivate_payment_link_posts_without_a_body() {
    let server = MockServer::start().await;
    server.respond_json(200, stored_json(multi_use_json(), "deactivated"));
    let response = client(&server)
        .deactivate_payment_link(LINK_ID.to_string())
        .idempotency_key(IDEMPOTENCY_KEY)
        .send()
        .await
        .expect("documented 200");
    let request = server.single();
    assert_eq!(request.method, "POST");
    assert_eq!(request.path, "/v1/payment-links/JZURRJBUPS/deactivate");
    assert!(request.query.is_empty());
    assert_idempotency_key(&request);
    assert_bearer(&request);
    assert_no_body(&request);
    assert_eq!(response.status, 200);
    let expected = stored_multi_use(types::PaymentLinkStatus::Deactivated);
    assert_eq!(response.body, DeactivatePaymentLinkResponse::Ok(expected));
}

#[tokio::test]
async fn deactivate_payment_link_without_idempotency_key_sends_a_fresh_one() {
    let server = MockServer::start().await;
    let mut keys = Vec::new();
    for _ in 0..2 {
        server.respond_json(200, stored_json(multi_use_json(), "deactivated"));
        client(&server)
            .deactivate_payment_link(LINK_ID.to_string())
            .send()
            .await
            .expect("documented 200");
        let request = server.single();
        assert_bearer(&request);
        let key = request
            .header("idempotency-key")
            .expect("a key")
            .to_string();
        assert_eq!((key.len(), &key[14..15]), (36, "4"), "a UUID v4: {key}");
        keys.push(key);
    }
    assert_ne!(keys[0], keys[1], "each call has its own key");
}

#[tokio::test]
async fn deactivate_payment_link_decodes_every_documented_error() {
    let server = MockServer::start().await;
    let client = client(&server);
    let call = || client.deactivate_payment_link(LINK_ID.to_string()).send();
    let cases = vec![
        (
            400,
            DeactivatePaymentLinkResponse::BadRequest(problem_with_errors(400)),
        ),
        (
            401,
            DeactivatePaymentLinkResponse::Unauthorized(problem(401)),
        ),
        (403, DeactivatePaymentLinkResponse::Forbidden(problem(403))),
        (404, DeactivatePaymentLinkResponse::NotFound(problem(404))),
        (
            406,
            DeactivatePaymentLinkResponse::NotAcceptable(problem(406)),
        ),
        (409, DeactivatePaymentLinkResponse::Conflict(problem(409))),
        (
            500,
            DeactivatePaymentLinkResponse::InternalServerError(problem_with_errors(500)),
        ),
    ];
    check_problems(&server, call, cases).await;
}

// --------------------------------------------- listPaymentLinkSharingEvents

fn sharing_event_page_json() -> Value {
    json!({
        "limit": 10,
        "count": 1,
        "hasMore": false,
        "links": [{
            "rel": "previous",
            "method": "get",
            "href": "https://api.payroc.com/v1/payment-links/JZURRJBUPS/sharing-events?before=2585&limit=10"
        }],
        "data": [sent_sharing_event_json()]
    })
}

fn sharing_event_page() -> types::SharingEventPage {
    types::SharingEventPage {
        limit: Some(10),
        count: Some(1),
        has_more: Some(false),
        links: Some(vec![page_link(
            "previous",
            "https://api.payroc.com/v1/payment-links/JZURRJBUPS/sharing-events?before=2585&limit=10",
        )]),
        data: Some(vec![sent_sharing_event()]),
    }
}

#[tokio::test]
async fn list_sharing_events_sends_cursor_paging() {
    let server = MockServer::start().await;
    let client = client(&server);
    server.respond_json(200, sharing_event_page_json());
    let response = client
        .list_payment_link_sharing_events(LINK_ID.to_string())
        .after("2584")
        .limit(10)
        .send()
        .await
        .expect("documented 200");
    let request = server.single();
    assert_eq!(request.method, "GET");
    assert_eq!(request.path, "/v1/payment-links/JZURRJBUPS/sharing-events");
    assert_eq!(request.query, pairs(&[("after", "2584"), ("limit", "10")]));
    assert_bearer(&request);
    assert_no_body(&request);
    let expected = ListPaymentLinkSharingEventsResponse::Ok(sharing_event_page());
    assert_eq!(response.body, expected);
    server.respond_json(200, json!({"data": []}));
    client
        .list_payment_link_sharing_events(LINK_ID.to_string())
        .before("2585")
        .send()
        .await
        .expect("documented 200");
    assert_eq!(server.single().query, pairs(&[("before", "2585")]));
}

#[tokio::test]
async fn list_sharing_events_decodes_every_documented_error() {
    use ListPaymentLinkSharingEventsResponse as R;
    let server = MockServer::start().await;
    let client = client(&server);
    let call = || {
        client
            .list_payment_link_sharing_events(LINK_ID.to_string())
            .send()
    };
    let cases = vec![
        (400, R::BadRequest(problem_with_errors(400))),
        (401, R::Unauthorized(problem(401))),
        (403, R::Forbidden(problem(403))),
        (404, R::NotFound(problem(404))),
        (406, R::NotAcceptable(problem(406))),
        (500, R::InternalServerError(problem_with_errors(500))),
    ];
    check_problems(&server, call, cases).await;
}

// -------------------------------------------------------- sharePaymentLink

#[tokio::test]
async fn share_payment_link_posts_the_recipients() {
    let server = MockServer::start().await;
    server.respond_json(201, sent_sharing_event_json());
    let response = client(&server)
        .share_payment_link(LINK_ID.to_string(), sharing_event())
        .idempotency_key(IDEMPOTENCY_KEY)
        .send()
        .await
        .expect("documented 201");
    let request = server.single();
    assert_eq!(request.method, "POST");
    assert_eq!(request.path, "/v1/payment-links/JZURRJBUPS/sharing-events");
    assert!(request.query.is_empty());
    assert_idempotency_key(&request);
    assert_bearer(&request);
    assert_json_body(&request, sharing_event_json());
    assert_eq!(response.status, 201);
    assert_eq!(
        response.body,
        SharePaymentLinkResponse::Created(sent_sharing_event())
    );
}

#[tokio::test]
async fn share_payment_link_decodes_every_documented_error() {
    let server = MockServer::start().await;
    let client = client(&server);
    let call = || {
        client
            .share_payment_link(LINK_ID.to_string(), sharing_event())
            .idempotency_key(IDEMPOTENCY_KEY)
            .send()
    };
    let cases = vec![
        (
            400,
            SharePaymentLinkResponse::BadRequest(problem_with_errors(400)),
        ),
        (401, SharePaymentLinkResponse::Unauthorized(problem(401))),
        (403, SharePaymentLinkResponse::Forbidden(problem(403))),
        (404, SharePaymentLinkResponse::NotFound(problem(404))),
        (406, SharePaymentLinkResponse::NotAcceptable(problem(406))),
        (409, SharePaymentLinkResponse::Conflict(problem(409))),
        (
            415,
            SharePaymentLinkResponse::UnsupportedMediaType(problem(415)),
        ),
        (
            500,
            SharePaymentLinkResponse::InternalServerError(problem_with_errors(500)),
        ),
    ];
    check_problems(&server, call, cases).await;
}

// ------------------------------------------------------------------ errors

#[tokio::test]
async fn undocumented_status_is_an_error_with_the_raw_response() {
    let server = MockServer::start().await;
    let client = client(&server);
    server.respond(502, "text/plain", "upstream down");
    let err = client
        .list_payment_links(TERMINAL)
        .send()
        .await
        .expect_err("502 is undocumented");
    assert!(matches!(err, Error::UnexpectedStatus(_)), "{err}");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(502));
    assert_eq!(err.body().map(|b| b.as_ref()), Some(&b"upstream down"[..]));
    let body = problem_json(503).to_string();
    server.respond(503, "application/json", body.clone());
    let err = client
        .generate_bearer_token()
        .server(&server.base_url)
        .send()
        .await
        .expect_err("the identity service documents only 200 and 4XX");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(err.body().map(|b| b.as_ref()), Some(body.as_bytes()));
    server.respond(401, "application/json", problem_json(401).to_string());
    let refused = client
        .generate_bearer_token()
        .server(&server.base_url)
        .send()
        .await
        .expect("4XX is documented");
    assert_eq!(refused.status, 401);
    assert_eq!(refused.body, GenerateBearerTokenResponse::Status4xx);
}

async fn expect_decode_error<T: Debug>(
    server: &MockServer,
    status: u16,
    body: &str,
    call: impl Future<Output = Result<T, Error>>,
) {
    server.respond(status, "application/json", body.to_string());
    let err = call.await.expect_err("body does not fit");
    assert!(matches!(err, Error::Decode { .. }), "{status}: {err}");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(status));
    assert_eq!(err.body().map(|b| b.as_ref()), Some(body.as_bytes()));
}

#[tokio::test]
async fn a_body_that_does_not_fit_is_a_decode_error() {
    let server = MockServer::start().await;
    let client = client(&server);
    let call = client.retrieve_payment_link(LINK_ID.to_string()).send();
    expect_decode_error(&server, 200, "{not json", call).await;
    let known_but_incomplete = r#"{"type":"multiUse","merchantReference":"LinkRef6543"}"#;
    let body = types::PaymentLink::MultiUse(multi_use());
    let call = client
        .create_payment_link(TERMINAL, body)
        .idempotency_key(IDEMPOTENCY_KEY)
        .send();
    expect_decode_error(&server, 201, known_but_incomplete, call).await;
    let call = client.deactivate_payment_link(LINK_ID.to_string()).send();
    expect_decode_error(&server, 404, r#"{"title":"Not found"}"#, call).await;
    let call = client
        .generate_bearer_token()
        .server(&server.base_url)
        .send();
    expect_decode_error(&server, 200, r#"{"access_token":"t"}"#, call).await;
}

#[tokio::test]
async fn missing_credentials_fail_before_sending() {
    let server = MockServer::start().await;
    let base = format!("{}/v1", server.base_url);
    let api_key_only = Client::with_base_url(&base).with_api_key_auth(API_KEY);
    let err = api_key_only
        .retrieve_payment_link(LINK_ID.to_string())
        .send()
        .await
        .expect_err("no bearer token");
    assert!(
        matches!(&err, Error::MissingCredentials { schemes } if schemes == &["bearerAuth"]),
        "{err}"
    );
    let bearer_only = Client::with_base_url(&base).with_bearer_auth(TOKEN);
    let err = bearer_only
        .generate_bearer_token()
        .server(&server.base_url)
        .send()
        .await
        .expect_err("no API key");
    assert!(
        matches!(&err, Error::MissingCredentials { schemes } if schemes == &["apiKeyAuth"]),
        "{err}"
    );
    let none = Client::with_base_url(&base);
    let err = none
        .share_payment_link(LINK_ID.to_string(), sharing_event())
        .idempotency_key(IDEMPOTENCY_KEY)
        .send()
        .await
        .expect_err("no credentials");
    assert!(matches!(err, Error::MissingCredentials { .. }), "{err}");
    assert!(server.take().is_empty(), "nothing was sent");
}
