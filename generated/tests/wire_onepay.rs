//! OnePay Payment Link API on the wire: what the generated client sends for
//! create, get, update and delete (the raw company API key in
//! `Authorization`, the `app_id` query, the path with its trailing slash and
//! the JSON body), and how it decodes every documented response, against a
//! loopback server.

mod common;

use common::{assert_no_body, pairs, MockServer, Recorded};
use paylink::codegen::Error;
use paylink::onepay::{
    types, Client, CreatePaymentLinkResponse, DeletePaymentLinkResponse, GetPaymentLinkResponse,
    UpdatePaymentLinkResponse, SERVERS,
};
use serde_json::json;

const API_KEY: &str = "ca00d67bf74d77b01fa26dc6780d7ff9522d8f82d30ff813d4c605f2662cea9a";
const APP_ID: &str = "80NR1189D04CD635D8ACD";
const LINK_ID: &str = "8IT20WK7";
const LINK_PATH: &str = "/v3/payment-link/8IT20WK7/";
const PAID_MESSAGE: &str = "Cannot delete a link with successful transactions";

/// The error statuses every operation documents, with a message for each.
const ERRORS: [(u16, &str); 3] = [
    (400, "Invalid app_id"),
    (401, "Unauthorized"),
    (429, "Too many requests"),
];

/// A client for the mock server. It never retries: these tests read what
/// one call puts on the wire and makes of one answer (retries are tested in
/// `client_calls.rs`).
fn client(server: &MockServer) -> Client {
    Client::with_base_url(&server.base_url)
        .with_company_api_key(API_KEY)
        .with_retry(paylink::codegen::RetryPolicy::none())
}

fn error(status: u16, message: &str) -> types::ErrorResponse {
    types::ErrorResponse {
        status: i64::from(status),
        message: message.into(),
    }
}

fn assert_request(request: &Recorded, method: &str, path: &str, query: &[(&str, &str)]) {
    assert_eq!(request.method, method);
    assert_eq!(request.path, path);
    assert_eq!(request.query, pairs(query));
    assert_eq!(request.header("authorization"), Some(API_KEY));
}

fn create_body() -> types::CreatePaymentLinkRequest {
    types::CreatePaymentLinkRequest {
        amount: "500000.00".into(),
        currency: types::Currency::Lkr,
        reference_number: "INV-2024-0042".into(),
        customer_first_name: "Nimal".into(),
        customer_last_name: "Perera".into(),
        customer_email: "nimal@example.lk".into(),
        customer_phone_number: "+94771234567".into(),
        description: Some("Invoice 42: annual maintenance".into()),
        expiration_date: Some("2025-12-31".parse().expect("a date")),
        allow_partial_payment: Some(true),
        minimum_partial_amount: Some("150000.00".into()),
    }
}

fn create_body_json() -> serde_json::Value {
    json!({
        "amount": "500000.00",
        "currency": "LKR",
        "reference_number": "INV-2024-0042",
        "customer_first_name": "Nimal",
        "customer_last_name": "Perera",
        "customer_email": "nimal@example.lk",
        "customer_phone_number": "+94771234567",
        "description": "Invoice 42: annual maintenance",
        "expiration_date": "2025-12-31",
        "allow_partial_payment": true,
        "minimum_partial_amount": "150000.00"
    })
}

fn link_json() -> serde_json::Value {
    json!({
        "link_id": LINK_ID,
        "link_url": "https://payment.onepay.lk/link/8IT20WK7",
        "amount": "5000.00",
        "currency": "LKR",
        "reference_number": "INV-2024-0042",
        "description": "Invoice 42",
        "customer_first_name": "Nimal",
        "customer_last_name": "Perera",
        "customer_email": "nimal@example.lk",
        "customer_phone_number": "+94771234567",
        "expiration_date": "2025-12-31",
        "is_complete": false,
        "is_delete": false,
        "created_at": "2024-05-01T09:30:00Z",
        "updated_at": "2024-05-02T10:00:00Z"
    })
}

fn link() -> types::PaymentLink {
    types::PaymentLink {
        link_id: Some(LINK_ID.into()),
        link_url: "https://payment.onepay.lk/link/8IT20WK7".into(),
        amount: "5000.00".into(),
        currency: Some(types::Currency::Lkr),
        reference_number: Some("INV-2024-0042".into()),
        description: Some("Invoice 42".into()),
        customer_first_name: Some("Nimal".into()),
        customer_last_name: Some("Perera".into()),
        customer_email: Some("nimal@example.lk".into()),
        customer_phone_number: Some("+94771234567".into()),
        expiration_date: Some("2025-12-31".parse().expect("a date")),
        is_complete: false,
        is_delete: false,
        created_at: "2024-05-01T09:30:00Z".parse().expect("a date-time"),
        updated_at: "2024-05-02T10:00:00Z".parse().expect("a date-time"),
    }
}

fn envelope_json(message: &str, data: serde_json::Value) -> serde_json::Value {
    json!({"status": 200, "message": message, "data": data})
}

fn envelope(message: &str, data: types::PaymentLink) -> types::PaymentLinkResponse {
    types::PaymentLinkResponse {
        status: 200,
        message: message.into(),
        data,
    }
}

#[test]
fn default_client_targets_the_documented_server() {
    assert_eq!(SERVERS, ["https://api.onepay.lk"]);
    assert_eq!(Client::new().base_url(), "https://api.onepay.lk");
    assert_eq!(Client::default().base_url(), "https://api.onepay.lk");
}

#[tokio::test]
async fn create_sends_app_id_query_raw_api_key_and_every_body_field() {
    let server = MockServer::start().await;
    server.respond_json(200, envelope_json("Payment link created", link_json()));
    let response = client(&server)
        .create_payment_link(APP_ID, create_body())
        .send()
        .await
        .expect("documented 200");
    let request = server.single();
    assert_request(&request, "POST", "/v3/payment-link/", &[("app_id", APP_ID)]);
    assert_eq!(request.header("content-type"), Some("application/json"));
    assert_eq!(request.json(), create_body_json());
    assert_eq!(response.status, 200);
    assert_eq!(
        response.body,
        CreatePaymentLinkResponse::Ok(envelope("Payment link created", link()))
    );
}

#[tokio::test]
async fn create_leaves_unset_optional_fields_out() {
    let server = MockServer::start().await;
    server.respond_json(200, envelope_json("Payment link created", link_json()));
    let body = types::CreatePaymentLinkRequest {
        currency: types::Currency::Usd,
        description: None,
        expiration_date: None,
        allow_partial_payment: None,
        minimum_partial_amount: None,
        ..create_body()
    };
    client(&server)
        .create_payment_link(APP_ID, body)
        .send()
        .await
        .expect("documented 200");
    let mut expected = create_body_json();
    let fields = expected.as_object_mut().expect("object");
    fields.insert("currency".into(), json!("USD"));
    for optional in [
        "description",
        "expiration_date",
        "allow_partial_payment",
        "minimum_partial_amount",
    ] {
        fields.remove(optional);
    }
    assert_eq!(server.single().json(), expected);
}

#[tokio::test]
async fn create_decodes_each_documented_error() {
    let server = MockServer::start().await;
    let client = client(&server);
    for (status, message) in ERRORS {
        server.respond_json(status, json!({"status": status, "message": message}));
        let response = client
            .create_payment_link(APP_ID, create_body())
            .send()
            .await
            .expect("documented error");
        let e = error(status, message);
        let expected = match status {
            400 => CreatePaymentLinkResponse::BadRequest(e),
            401 => CreatePaymentLinkResponse::Unauthorized(e),
            _ => CreatePaymentLinkResponse::TooManyRequests(e),
        };
        assert_eq!(response.status, status);
        assert_eq!(response.body, expected);
    }
}

#[tokio::test]
async fn get_sends_link_id_in_path_and_app_id_query() {
    let server = MockServer::start().await;
    server.respond_json(200, envelope_json("Payment link found", link_json()));
    let response = client(&server)
        .get_payment_link(LINK_ID, APP_ID)
        .send()
        .await
        .expect("documented 200");
    let request = server.single();
    assert_request(&request, "GET", LINK_PATH, &[("app_id", APP_ID)]);
    assert_no_body(&request);
    assert_eq!(response.status, 200);
    assert_eq!(
        response.body,
        GetPaymentLinkResponse::Ok(envelope("Payment link found", link()))
    );
}

#[tokio::test]
async fn get_percent_encodes_the_link_id_segment() {
    let server = MockServer::start().await;
    server.respond_json(200, envelope_json("ok", link_json()));
    client(&server)
        .get_payment_link("8I T/0?#%", "app id&x=1")
        .send()
        .await
        .expect("documented 200");
    let request = server.single();
    assert_eq!(request.path, "/v3/payment-link/8I%20T%2F0%3F%23%25/");
    assert_eq!(request.query, pairs(&[("app_id", "app id&x=1")]));
}

#[tokio::test]
async fn get_decodes_a_paid_link_with_only_required_fields_and_unlisted_currency() {
    let server = MockServer::start().await;
    let data = json!({
        "link_url": "https://payment.onepay.lk/link/8IT20WK7",
        "amount": "5000.00",
        "currency": "NZD",
        "is_complete": true,
        "is_delete": true,
        "created_at": "2024-05-01T09:30:00Z",
        "updated_at": "2024-05-03T08:00:00Z"
    });
    server.respond_json(200, envelope_json("Payment link found", data));
    let response = client(&server)
        .get_payment_link(LINK_ID, APP_ID)
        .send()
        .await
        .expect("documented 200");
    let GetPaymentLinkResponse::Ok(found) = response.body else {
        panic!("expected Ok, got {:?}", response.body);
    };
    let data = found.data;
    assert_eq!(data.currency, Some(types::Currency::Unknown("NZD".into())));
    assert!(data.is_complete && data.is_delete);
    assert_eq!(data.updated_at, "2024-05-03T08:00:00Z");
    assert_eq!(
        (data.link_id, data.description, data.expiration_date),
        (None, None, None)
    );
}

#[tokio::test]
async fn get_decodes_each_documented_error() {
    let server = MockServer::start().await;
    let client = client(&server);
    for (status, message) in ERRORS {
        server.respond_json(status, json!({"status": status, "message": message}));
        let response = client
            .get_payment_link(LINK_ID, APP_ID)
            .send()
            .await
            .expect("documented error");
        let e = error(status, message);
        let expected = match status {
            400 => GetPaymentLinkResponse::BadRequest(e),
            401 => GetPaymentLinkResponse::Unauthorized(e),
            _ => GetPaymentLinkResponse::TooManyRequests(e),
        };
        assert_eq!(response.status, status);
        assert_eq!(response.body, expected);
    }
}

fn update_body() -> types::UpdatePaymentLinkRequest {
    types::UpdatePaymentLinkRequest {
        app_id: APP_ID.into(),
        description: "Invoice 42 (revised)".into(),
    }
}

#[tokio::test]
async fn update_sends_app_id_in_the_body_not_the_query() {
    let server = MockServer::start().await;
    let mut updated = link_json();
    updated["description"] = json!("Invoice 42 (revised)");
    server.respond_json(200, envelope_json("Payment link updated", updated));
    let response = client(&server)
        .update_payment_link(LINK_ID, update_body())
        .send()
        .await
        .expect("documented 200");
    let request = server.single();
    assert_request(&request, "PUT", LINK_PATH, &[]);
    assert_eq!(request.header("content-type"), Some("application/json"));
    assert_eq!(
        request.json(),
        json!({"app_id": APP_ID, "description": "Invoice 42 (revised)"})
    );
    let mut want = link();
    want.description = Some("Invoice 42 (revised)".into());
    assert_eq!(response.status, 200);
    assert_eq!(
        response.body,
        UpdatePaymentLinkResponse::Ok(envelope("Payment link updated", want))
    );
}

#[tokio::test]
async fn update_decodes_each_documented_error() {
    let server = MockServer::start().await;
    let client = client(&server);
    for (status, message) in ERRORS {
        server.respond_json(status, json!({"status": status, "message": message}));
        let response = client
            .update_payment_link(LINK_ID, update_body())
            .send()
            .await
            .expect("documented error");
        let e = error(status, message);
        let expected = match status {
            400 => UpdatePaymentLinkResponse::BadRequest(e),
            401 => UpdatePaymentLinkResponse::Unauthorized(e),
            _ => UpdatePaymentLinkResponse::TooManyRequests(e),
        };
        assert_eq!(response.status, status);
        assert_eq!(response.body, expected);
    }
}

#[tokio::test]
async fn delete_sends_app_id_query_without_body() {
    let server = MockServer::start().await;
    server.respond_json(
        200,
        json!({"status": 200, "message": "Payment link deleted"}),
    );
    let response = client(&server)
        .delete_payment_link(LINK_ID, APP_ID)
        .send()
        .await
        .expect("documented 200");
    let request = server.single();
    assert_request(&request, "DELETE", LINK_PATH, &[("app_id", APP_ID)]);
    assert_no_body(&request);
    assert_eq!(response.status, 200);
    assert_eq!(
        response.body,
        DeletePaymentLinkResponse::Ok(types::DeletePaymentLinkResponse {
            status: 200,
            message: "Payment link deleted".into(),
        })
    );
}

#[tokio::test]
async fn delete_decodes_each_documented_error() {
    let server = MockServer::start().await;
    let client = client(&server);
    let errors = [(400, PAID_MESSAGE), ERRORS[1], ERRORS[2]];
    for (status, message) in errors {
        server.respond_json(status, json!({"status": status, "message": message}));
        let response = client
            .delete_payment_link(LINK_ID, APP_ID)
            .send()
            .await
            .expect("documented error");
        let e = error(status, message);
        let expected = match status {
            400 => DeletePaymentLinkResponse::BadRequest(e),
            401 => DeletePaymentLinkResponse::Unauthorized(e),
            _ => DeletePaymentLinkResponse::TooManyRequests(e),
        };
        assert_eq!(response.status, status);
        assert_eq!(response.body, expected);
    }
}

#[tokio::test]
async fn undocumented_status_and_bad_body_are_errors_with_the_raw_response() {
    let server = MockServer::start().await;
    let client = client(&server);
    server.respond(404, "text/html", "<h1>Not Found</h1>");
    let err = client
        .get_payment_link(LINK_ID, APP_ID)
        .send()
        .await
        .expect_err("404 is not documented");
    assert!(matches!(err, Error::UnexpectedStatus(_)), "{err}");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(404));
    assert_eq!(
        err.body().map(|b| b.as_ref()),
        Some(&b"<h1>Not Found</h1>"[..])
    );
    let missing_data = json!({"status": 200, "message": "ok"});
    server.respond_json(200, missing_data.clone());
    let err = client
        .get_payment_link(LINK_ID, APP_ID)
        .send()
        .await
        .expect_err("200 without data");
    assert!(matches!(err, Error::Decode { .. }), "{err}");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(200));
    assert_eq!(
        err.body().map(|b| b.as_ref()),
        Some(missing_data.to_string().as_bytes())
    );
}

#[tokio::test]
async fn every_operation_needs_the_company_api_key() {
    let server = MockServer::start().await;
    let client = Client::with_base_url(&server.base_url);
    let results = [
        client
            .create_payment_link(APP_ID, create_body())
            .send()
            .await
            .map(drop),
        client
            .get_payment_link(LINK_ID, APP_ID)
            .send()
            .await
            .map(drop),
        client
            .update_payment_link(LINK_ID, update_body())
            .send()
            .await
            .map(drop),
        client
            .delete_payment_link(LINK_ID, APP_ID)
            .send()
            .await
            .map(drop),
    ];
    for result in results {
        let err = result.expect_err("no API key");
        let Error::MissingCredentials { schemes } = err else {
            panic!("expected MissingCredentials, got {err}");
        };
        assert_eq!(schemes, ["CompanyApiKey"]);
    }
    assert!(server.take().is_empty());
}
