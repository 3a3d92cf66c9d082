//! FrontStream Payment API on the wire: what the generated client sends for
//! `POST /api/paylink` and `DELETE /api/paylink` (the `AccessToken` header,
//! the query and the JSON body), and how it decodes every documented
//! response, against a loopback server.

mod common;

use common::{pairs, MockServer, Recorded};
use paylink::frontstream::{types, Client, DeleteApiPaylinkResponse, PostApiPaylinkResponse};
use serde_json::json;

const ACCESS_TOKEN: &str = "fs-access-token-8c1e";
const PAY_LINK_URL: &str = "https://secure.frontstream.com/paylink/Zx81Qa7T";

/// A client for the mock server. It never retries: these tests read what
/// one call puts on the wire and makes of one answer (retries are tested in
/// `client_calls.rs`).
fn client(server: &MockServer) -> Client {
    Client::with_base_url(&server.base_url)
        .with_access_token(ACCESS_TOKEN)
        .with_retry(paylink::codegen::RetryPolicy::none())
}

fn s(value: &str) -> Option<Option<String>> {
    Some(Some(value.to_string()))
}

/// A request body with every property set.
fn full_request() -> types::PayLinkRequest {
    types::PayLinkRequest {
        api_key: "api-key-1234".into(),
        processor_guid: s("5b0c7c1e-2f4a-4d55-9b1e-8e3d1f0a6c21"),
        integration_source: s("ERP-Connector"),
        ip_address: s("203.0.113.7"),
        redirect_url: "https://merchant.example/thanks?order=42".into(),
        payment_lines: vec![
            types::PayLinkPaymentLine {
                amount: s("125.50"),
                r#type: 5,
                recurring: 0,
                external_line_id: s("LINE-1"),
            },
            types::PayLinkPaymentLine {
                amount: s("20.00"),
                r#type: 1,
                recurring: 4,
                external_line_id: s("LINE-2"),
            },
        ],
        tran_id: s("INV-2024-0042"),
        show_transaction_id: Some(Some(true)),
        transaction_id_text: s("Invoice#:"),
        powered_by_text: s("Powered by Example Co"),
        powered_by_url: s("https://example.co"),
        donate_button_text: s("Pay now"),
        language: s("en"),
        default_country_code: s("US"),
        theme: s(".p-button{border-radius:25px;}"),
        theme_fonts: Some(Some(vec![
            "Open Sans:400,500,600,700".into(),
            "Roboto:400, 700".into(),
        ])),
        first_name: s("Ada"),
        last_name: s("Lovelace"),
        email: s("ada@example.com"),
        street: s("1 Main St"),
        city: s("Springfield"),
        zip: s("12345-1234"),
        state: s("IL"),
        country: s("US"),
        phone: s("+12025550123"),
        tokenize_card: Some(Some(false)),
        token_guid: s("0f8fad5b-d9cb-469f-a165-70867728950e"),
        external_card_token: s("ext-card-77"),
        external_check_token: s("ext-check-88"),
        external_event_id: s("EV-10"),
        external_event_name: s("Spring Gala"),
    }
}

/// [`full_request`] as it must appear on the wire.
fn full_request_json() -> serde_json::Value {
    json!({
        "ApiKey": "api-key-1234",
        "ProcessorGuid": "5b0c7c1e-2f4a-4d55-9b1e-8e3d1f0a6c21",
        "IntegrationSource": "ERP-Connector",
        "IpAddress": "203.0.113.7",
        "RedirectUrl": "https://merchant.example/thanks?order=42",
        "PaymentLines": [
            {"Amount": "125.50", "Type": 5, "Recurring": 0, "ExternalLineId": "LINE-1"},
            {"Amount": "20.00", "Type": 1, "Recurring": 4, "ExternalLineId": "LINE-2"}
        ],
        "TranId": "INV-2024-0042",
        "ShowTransactionId": true,
        "TransactionIdText": "Invoice#:",
        "PoweredByText": "Powered by Example Co",
        "PoweredByUrl": "https://example.co",
        "DonateButtonText": "Pay now",
        "Language": "en",
        "DefaultCountryCode": "US",
        "Theme": ".p-button{border-radius:25px;}",
        "ThemeFonts": ["Open Sans:400,500,600,700", "Roboto:400, 700"],
        "FirstName": "Ada",
        "LastName": "Lovelace",
        "Email": "ada@example.com",
        "Street": "1 Main St",
        "City": "Springfield",
        "Zip": "12345-1234",
        "State": "IL",
        "Country": "US",
        "Phone": "+12025550123",
        "TokenizeCard": false,
        "TokenGuid": "0f8fad5b-d9cb-469f-a165-70867728950e",
        "ExternalCardToken": "ext-card-77",
        "ExternalCheckToken": "ext-check-88",
        "ExternalEventId": "EV-10",
        "ExternalEventName": "Spring Gala"
    })
}

/// The body with only the required properties, plus one explicit null.
fn minimal_request() -> types::PayLinkRequest {
    let mut r = without_optionals(full_request());
    r.payment_lines = vec![types::PayLinkPaymentLine {
        amount: None,
        r#type: 12,
        recurring: 0,
        external_line_id: None,
    }];
    r.tran_id = Some(None);
    r
}

fn without_optionals(mut r: types::PayLinkRequest) -> types::PayLinkRequest {
    r.processor_guid = None;
    r.integration_source = None;
    r.ip_address = None;
    r.tran_id = None;
    r.show_transaction_id = None;
    r.transaction_id_text = None;
    r.powered_by_text = None;
    r.powered_by_url = None;
    r.donate_button_text = None;
    r.language = None;
    r.default_country_code = None;
    r.theme = None;
    r.theme_fonts = None;
    r.first_name = None;
    r.last_name = None;
    r.email = None;
    r.street = None;
    r.city = None;
    r.zip = None;
    r.state = None;
    r.country = None;
    r.phone = None;
    r.tokenize_card = None;
    r.token_guid = None;
    r.external_card_token = None;
    r.external_check_token = None;
    r.external_event_id = None;
    r.external_event_name = None;
    r
}

fn assert_post_line(request: &Recorded) {
    assert_eq!(request.method, "POST");
    assert_eq!(request.path, "/api/paylink");
    assert!(request.query.is_empty(), "{:?}", request.query);
    assert_eq!(request.header("accesstoken"), Some(ACCESS_TOKEN));
    assert_eq!(request.header("authorization"), None);
}

fn pay_link(url: &str) -> types::PayLinkResponse {
    types::PayLinkResponse {
        pay_link_url: Some(Some(url.into())),
    }
}

fn broken_rules_json() -> serde_json::Value {
    json!([
        {"ErrorCode": 1001, "Message": "ApiKey is invalid", "LoggerMessage": null},
        {"ErrorCode": 1020, "Message": "PaymentLines[0].Amount is out of range"}
    ])
}

fn broken_rules() -> Vec<types::BrokenRule> {
    vec![
        types::BrokenRule {
            error_code: Some(1001),
            message: s("ApiKey is invalid"),
            logger_message: Some(None),
        },
        types::BrokenRule {
            error_code: Some(1020),
            message: s("PaymentLines[0].Amount is out of range"),
            logger_message: None,
        },
    ]
}

#[tokio::test]
async fn post_paylink_sends_access_token_and_every_body_property() {
    let server = MockServer::start().await;
    server.respond_json(200, json!({"PayLinkUrl": PAY_LINK_URL}));
    let response = client(&server)
        .post_api_paylink()
        .body(full_request())
        .send()
        .await
        .expect("documented 200");
    let request = server.single();
    assert_post_line(&request);
    assert_eq!(request.header("content-type"), Some("application/json"));
    assert_eq!(request.json(), full_request_json());
    assert_eq!(response.status, 200);
    assert_eq!(
        response.body,
        PostApiPaylinkResponse::Ok(pay_link(PAY_LINK_URL))
    );
}

#[tokio::test]
async fn post_paylink_leaves_unset_properties_out_and_sends_explicit_null() {
    let server = MockServer::start().await;
    server.respond_json(200, json!({"PayLinkUrl": PAY_LINK_URL}));
    client(&server)
        .post_api_paylink()
        .body(minimal_request())
        .send()
        .await
        .expect("documented 200");
    let request = server.single();
    assert_post_line(&request);
    assert_eq!(
        request.json(),
        json!({
            "ApiKey": "api-key-1234",
            "RedirectUrl": "https://merchant.example/thanks?order=42",
            "PaymentLines": [{"Type": 12, "Recurring": 0}],
            "TranId": null
        })
    );
}

#[tokio::test]
async fn post_paylink_without_body_sends_neither_body_nor_content_type() {
    let server = MockServer::start().await;
    server.respond_json(200, json!({"PayLinkUrl": PAY_LINK_URL}));
    client(&server)
        .post_api_paylink()
        .send()
        .await
        .expect("documented 200");
    let request = server.single();
    assert_post_line(&request);
    assert_eq!(request.header("content-type"), None);
    assert!(request.body.is_empty());
}

#[tokio::test]
async fn post_paylink_decodes_200_with_null_and_missing_url() {
    let server = MockServer::start().await;
    let client = client(&server);
    for (body, expected) in [(json!({"PayLinkUrl": null}), Some(None)), (json!({}), None)] {
        server.respond_json(200, body);
        let response = client
            .post_api_paylink()
            .send()
            .await
            .expect("documented 200");
        let want = types::PayLinkResponse {
            pay_link_url: expected,
        };
        assert_eq!(response.body, PostApiPaylinkResponse::Ok(want));
    }
}

#[tokio::test]
async fn post_paylink_decodes_400_as_broken_rules() {
    let server = MockServer::start().await;
    server.respond_json(400, broken_rules_json());
    let response = client(&server)
        .post_api_paylink()
        .body(full_request())
        .send()
        .await
        .expect("documented 400");
    assert_eq!(response.status, 400);
    assert_eq!(
        response.body,
        PostApiPaylinkResponse::BadRequest(broken_rules())
    );
}

#[tokio::test]
async fn post_paylink_decodes_404_as_problem_details_with_extensions() {
    let server = MockServer::start().await;
    server.respond_json(
        404,
        json!({
            "type": "https://tools.ietf.org/html/rfc7231#section-6.5.4",
            "title": "Not Found",
            "status": 404,
            "detail": null,
            "traceId": "00-4bf92f3577b34da6-00"
        }),
    );
    let response = client(&server)
        .post_api_paylink()
        .body(full_request())
        .send()
        .await
        .expect("documented 404");
    assert_eq!(response.status, 404);
    let PostApiPaylinkResponse::NotFound(problem) = response.body else {
        panic!("expected NotFound, got {:?}", response.body);
    };
    assert_eq!(
        problem.r#type,
        s("https://tools.ietf.org/html/rfc7231#section-6.5.4")
    );
    assert_eq!(problem.title, s("Not Found"));
    assert_eq!(problem.status, Some(Some(404)));
    assert_eq!(problem.detail, Some(None));
    assert_eq!(problem.instance, None);
    assert_eq!(
        problem.additional_properties,
        [("traceId".to_string(), json!("00-4bf92f3577b34da6-00"))].into()
    );
}

#[tokio::test]
async fn delete_paylink_sends_query_and_access_token_without_body() {
    let server = MockServer::start().await;
    server.respond_json(200, json!({"PayLinkUrl": PAY_LINK_URL}));
    let response = client(&server)
        .delete_api_paylink("Zx81Qa7T")
        .integration_source("ERP-Connector")
        .send()
        .await
        .expect("documented 200");
    let request = server.single();
    assert_eq!(request.method, "DELETE");
    assert_eq!(request.path, "/api/paylink");
    assert_eq!(
        request.query,
        pairs(&[
            ("PayLinkId", "Zx81Qa7T"),
            ("IntegrationSource", "ERP-Connector")
        ])
    );
    assert_eq!(request.header("accesstoken"), Some(ACCESS_TOKEN));
    assert_eq!(request.header("content-type"), None);
    assert!(request.body.is_empty());
    assert_eq!(response.status, 200);
    assert_eq!(
        response.body,
        DeleteApiPaylinkResponse::Ok(pay_link(PAY_LINK_URL))
    );
}

#[tokio::test]
async fn delete_paylink_escapes_query_and_omits_unset_integration_source() {
    let server = MockServer::start().await;
    server.respond_json(200, json!({}));
    client(&server)
        .delete_api_paylink("a b+c&d=e/f")
        .send()
        .await
        .expect("documented 200");
    let request = server.single();
    assert_eq!(request.query, pairs(&[("PayLinkId", "a b+c&d=e/f")]));
    assert_eq!(request.query_value("IntegrationSource"), None);
}

#[tokio::test]
async fn delete_paylink_decodes_400_as_broken_rules() {
    let server = MockServer::start().await;
    server.respond_json(400, broken_rules_json());
    let response = client(&server)
        .delete_api_paylink("Zx81Qa7T")
        .send()
        .await
        .expect("documented 400");
    assert_eq!(response.status, 400);
    assert_eq!(
        response.body,
        DeleteApiPaylinkResponse::BadRequest(broken_rules())
    );
}

#[tokio::test]
async fn undocumented_status_and_bad_body_are_errors_with_the_raw_response() {
    let server = MockServer::start().await;
    let client = client(&server);
    server.respond(500, "text/plain", "internal error");
    let err = client
        .delete_api_paylink("Zx81Qa7T")
        .send()
        .await
        .expect_err("undocumented 500");
    assert!(
        matches!(err, paylink::codegen::Error::UnexpectedStatus(_)),
        "{err}"
    );
    assert_eq!(err.status().map(|s| s.as_u16()), Some(500));
    assert_eq!(err.body().map(|b| b.as_ref()), Some(&b"internal error"[..]));
    server.respond_json(400, json!({"ErrorCode": 1}));
    let err = client
        .post_api_paylink()
        .send()
        .await
        .expect_err("400 body is not an array");
    assert!(
        matches!(err, paylink::codegen::Error::Decode { .. }),
        "{err}"
    );
    assert_eq!(err.status().map(|s| s.as_u16()), Some(400));
    assert_eq!(
        err.body().map(|b| b.as_ref()),
        Some(&br#"{"ErrorCode":1}"#[..])
    );
}

#[tokio::test]
async fn access_token_that_cannot_be_a_header_fails_without_sending() {
    let server = MockServer::start().await;
    let err = client(&server)
        .with_access_token("bad\ntoken")
        .post_api_paylink()
        .send()
        .await
        .expect_err("newline in a header value");
    assert!(err.response().is_none(), "{err}");
    assert!(server.take().is_empty());
}
