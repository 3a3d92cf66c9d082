//! OnePay's Payment Link API served by its generated server: an in-test
//! implementation of `server::Api` answers on a loopback port, the generated
//! client calls it, and raw requests the client cannot send are refused
//! before the handler.
//!
//! Functions whose names contain `constraint` send one request per schema
//! constraint of an operation's inputs.

#[path = "common/serve.rs"]
mod serve;
#[path = "values/onepay.rs"]
mod values;

use std::sync::{Arc, Mutex};

use paylink::onepay::server::{
    router, Api, CreatePaymentLinkRequest, DeletePaymentLinkRequest, GetPaymentLinkRequest, Reply,
    UpdatePaymentLinkRequest,
};
use paylink::onepay::types::{self, Currency, ErrorResponse, PaymentLink, PaymentLinkResponse};
use paylink::onepay::{
    Client, CreatePaymentLinkResponse, DeletePaymentLinkResponse, GetPaymentLinkResponse,
    UpdatePaymentLinkResponse,
};
use serde_json::{json, Value};
use serve::{send_raw, serve, Answer};
use values::*;

/// The link ID whose deletion is refused: it has been paid.
const PAID: &str = "PAID0001";

/// A request the handler was handed.
#[derive(Debug, Clone)]
enum Seen {
    Create(CreatePaymentLinkRequest),
    Get(GetPaymentLinkRequest),
    Update(UpdatePaymentLinkRequest),
    Delete(DeletePaymentLinkRequest),
}

/// An implementation recording every request. Any API key but [`KEY`] is
/// answered 401; the App ID `invalid` 400 and `busy` 429.
#[derive(Clone, Default)]
struct OnePay {
    seen: Arc<Mutex<Vec<Seen>>>,
}

impl OnePay {
    fn seen(&self) -> Vec<Seen> {
        self.seen.lock().expect("lock").clone()
    }

    fn record(&self, seen: Seen) {
        self.seen.lock().expect("lock").push(seen);
    }
}

/// An error envelope.
fn error(status: i64, message: &str) -> ErrorResponse {
    ErrorResponse {
        status,
        message: message.to_string(),
    }
}

/// The documented error for `key` and `app_id`, if any: 401, 400 or 429.
fn refusal(key: Option<&str>, app_id: &str) -> Option<(u16, ErrorResponse)> {
    match (key, app_id) {
        (k, _) if k != Some(KEY) => Some((401, error(401, "invalid API key"))),
        (_, "invalid") => Some((400, error(400, "invalid app_id"))),
        (_, "busy") => Some((429, error(429, "slow down"))),
        _ => None,
    }
}

/// A link `id` with `description`.
fn link(id: &str, description: Option<&str>) -> PaymentLink {
    PaymentLink {
        link_id: Some(id.to_string()),
        link_url: format!("https://pay.onepay.example/{id}"),
        amount: "5000.00".into(),
        currency: Some(Currency::Lkr),
        reference_number: Some("INV-1".into()),
        description: description.map(str::to_string),
        customer_first_name: Some("Ann".into()),
        customer_last_name: Some("Perera".into()),
        customer_email: Some("ann@example.com".into()),
        customer_phone_number: Some("+94771234567".into()),
        expiration_date: Some("2030-01-31".parse().expect("a date")),
        is_complete: false,
        is_delete: false,
        created_at: "2025-01-01T10:00:00Z".parse().expect("a date-time"),
        updated_at: "2025-01-02T10:00:00Z".parse().expect("a date-time"),
    }
}

/// The success envelope around `data`.
fn envelope(data: PaymentLink) -> PaymentLinkResponse {
    PaymentLinkResponse {
        status: 200,
        message: "ok".into(),
        data,
    }
}

/// The API key a request carried, if any.
fn key_of(credentials: &paylink::onepay::Credentials) -> Option<&str> {
    credentials
        .company_api_key
        .as_ref()
        .map(paylink::codegen::Secret::expose)
}

impl Api for OnePay {
    async fn create_payment_link(
        &self,
        request: CreatePaymentLinkRequest,
    ) -> Reply<CreatePaymentLinkResponse> {
        self.record(Seen::Create(request.clone()));
        let key = key_of(&request.credentials);
        match refusal(key, &request.app_id) {
            Some((400, e)) => CreatePaymentLinkResponse::BadRequest(e),
            Some((401, e)) => CreatePaymentLinkResponse::Unauthorized(e),
            Some((_, e)) => CreatePaymentLinkResponse::TooManyRequests(e),
            None => {
                let mut data = link(LINK, request.body.description.as_deref());
                data.amount = request.body.amount;
                data.currency = Some(request.body.currency);
                CreatePaymentLinkResponse::Ok(envelope(data))
            }
        }
        .into()
    }

    async fn get_payment_link(
        &self,
        request: GetPaymentLinkRequest,
    ) -> Reply<GetPaymentLinkResponse> {
        self.record(Seen::Get(request.clone()));
        let key = key_of(&request.credentials);
        match refusal(key, &request.app_id) {
            Some((400, e)) => GetPaymentLinkResponse::BadRequest(e),
            Some((401, e)) => GetPaymentLinkResponse::Unauthorized(e),
            Some((_, e)) => GetPaymentLinkResponse::TooManyRequests(e),
            None => GetPaymentLinkResponse::Ok(envelope(link(&request.link_id, None))),
        }
        .into()
    }

    async fn update_payment_link(
        &self,
        request: UpdatePaymentLinkRequest,
    ) -> Reply<UpdatePaymentLinkResponse> {
        self.record(Seen::Update(request.clone()));
        let key = key_of(&request.credentials);
        match refusal(key, &request.body.app_id) {
            Some((400, e)) => UpdatePaymentLinkResponse::BadRequest(e),
            Some((401, e)) => UpdatePaymentLinkResponse::Unauthorized(e),
            Some((_, e)) => UpdatePaymentLinkResponse::TooManyRequests(e),
            None => {
                let data = link(&request.link_id, Some(&request.body.description));
                UpdatePaymentLinkResponse::Ok(envelope(data))
            }
        }
        .into()
    }

    async fn delete_payment_link(
        &self,
        request: DeletePaymentLinkRequest,
    ) -> Reply<DeletePaymentLinkResponse> {
        self.record(Seen::Delete(request.clone()));
        let key = key_of(&request.credentials);
        match refusal(key, &request.app_id) {
            Some((400, e)) => DeletePaymentLinkResponse::BadRequest(e),
            Some((401, e)) => DeletePaymentLinkResponse::Unauthorized(e),
            Some((_, e)) => DeletePaymentLinkResponse::TooManyRequests(e),
            None if request.link_id == PAID => DeletePaymentLinkResponse::BadRequest(paid()),
            None => DeletePaymentLinkResponse::Ok(types::DeletePaymentLinkResponse {
                status: 200,
                message: format!("deleted {}", request.link_id),
            }),
        }
        .into()
    }
}

/// The documented refusal to delete a paid link.
fn paid() -> ErrorResponse {
    error(400, "Cannot delete a link with successful transactions")
}

/// Serves a fresh implementation; it and the base URL.
async fn start() -> (OnePay, String) {
    let api = OnePay::default();
    let base = serve(router(api.clone())).await;
    (api, base)
}

/// A client for `base` holding `key`.
fn client(base: &str, key: &str) -> Client {
    Client::with_base_url(base).with_company_api_key(key)
}

#[tokio::test]
async fn create_payment_link_reaches_the_handler_with_query_body_and_key() {
    let (api, base) = start().await;
    let response = client(&base, KEY)
        .create_payment_link("app 1&2", create_body())
        .send()
        .await
        .expect("documented response");
    assert_eq!(response.status, 200);
    let mut data = link(LINK, Some("Order 77"));
    data.amount = "1250.50".into();
    data.currency = Some(Currency::Usd);
    assert_eq!(response.body, CreatePaymentLinkResponse::Ok(envelope(data)));
    let seen = api.seen();
    let [Seen::Create(request)] = seen.as_slice() else {
        panic!("one create expected: {seen:?}");
    };
    assert_eq!(request.app_id, "app 1&2");
    assert_eq!(request.body, create_body());
    assert_eq!(key_of(&request.credentials), Some(KEY));
}

#[tokio::test]
async fn get_payment_link_reaches_the_handler_with_path_query_and_key() {
    let (api, base) = start().await;
    let response = client(&base, KEY)
        .get_payment_link(LINK, "app-1")
        .send()
        .await
        .expect("documented response");
    assert_eq!(response.status, 200);
    assert_eq!(
        response.body,
        GetPaymentLinkResponse::Ok(envelope(link(LINK, None)))
    );
    let seen = api.seen();
    let [Seen::Get(request)] = seen.as_slice() else {
        panic!("one get expected: {seen:?}");
    };
    assert_eq!(
        (request.link_id.as_str(), request.app_id.as_str()),
        (LINK, "app-1")
    );
    assert_eq!(key_of(&request.credentials), Some(KEY));
}

/// A link ID with a space and a slash arrives percent-decoded.
#[tokio::test]
async fn get_payment_link_decodes_an_encoded_path_parameter() {
    let (api, base) = start().await;
    let id = "AB CD/EF";
    let response = client(&base, KEY)
        .get_payment_link(id, "app-1")
        .send()
        .await
        .expect("documented response");
    assert_eq!(response.status, 200);
    let seen = api.seen();
    let [Seen::Get(request)] = seen.as_slice() else {
        panic!("one get expected: {seen:?}");
    };
    assert_eq!(request.link_id, id);
}

/// A string path parameter holding a comma is one value, not a list.
#[tokio::test]
async fn get_payment_link_with_a_comma_in_the_link_id_reaches_the_handler() {
    let (api, base) = start().await;
    let id = "AB,CD,EF";
    let result = client(&base, KEY)
        .get_payment_link(id, "app-1")
        .send()
        .await;
    let response = result.expect("documented response");
    assert_eq!(response.status, 200, "{:?}", response.body);
    let seen = api.seen();
    let [Seen::Get(request)] = seen.as_slice() else {
        panic!("one get expected: {seen:?}");
    };
    assert_eq!(request.link_id, id);
}

#[tokio::test]
async fn update_payment_link_reaches_the_handler_with_path_body_and_key() {
    let (api, base) = start().await;
    let response = client(&base, KEY)
        .update_payment_link(LINK, update_body("app-1"))
        .send()
        .await
        .expect("documented response");
    assert_eq!(response.status, 200);
    let expected = envelope(link(LINK, Some("new text")));
    assert_eq!(response.body, UpdatePaymentLinkResponse::Ok(expected));
    let seen = api.seen();
    let [Seen::Update(request)] = seen.as_slice() else {
        panic!("one update expected: {seen:?}");
    };
    assert_eq!(request.link_id, LINK);
    assert_eq!(request.body, update_body("app-1"));
    assert_eq!(key_of(&request.credentials), Some(KEY));
}

#[tokio::test]
async fn delete_payment_link_reaches_the_handler_with_path_query_and_key() {
    let (api, base) = start().await;
    let response = client(&base, KEY)
        .delete_payment_link(LINK, "app-1")
        .send()
        .await
        .expect("documented response");
    assert_eq!(response.status, 200);
    let expected = types::DeletePaymentLinkResponse {
        status: 200,
        message: format!("deleted {LINK}"),
    };
    assert_eq!(response.body, DeletePaymentLinkResponse::Ok(expected));
    let seen = api.seen();
    let [Seen::Delete(request)] = seen.as_slice() else {
        panic!("one delete expected: {seen:?}");
    };
    assert_eq!(
        (request.link_id.as_str(), request.app_id.as_str()),
        (LINK, "app-1")
    );
    assert_eq!(key_of(&request.credentials), Some(KEY));
}

/// The key and App ID of each documented error, with its status and body.
fn error_cases() -> [(&'static str, &'static str, u16, ErrorResponse); 3] {
    [
        (KEY, "invalid", 400, error(400, "invalid app_id")),
        ("wrong-key", "app-1", 401, error(401, "invalid API key")),
        (KEY, "busy", 429, error(429, "slow down")),
    ]
}

#[tokio::test]
async fn create_payment_link_documented_errors_reach_the_client() {
    let (_, base) = start().await;
    for (key, app_id, status, body) in error_cases() {
        let response = client(&base, key)
            .create_payment_link(app_id, create_body())
            .send()
            .await
            .expect("documented response");
        let expected = match status {
            400 => CreatePaymentLinkResponse::BadRequest(body),
            401 => CreatePaymentLinkResponse::Unauthorized(body),
            _ => CreatePaymentLinkResponse::TooManyRequests(body),
        };
        assert_eq!(
            (response.status.as_u16(), response.body),
            (status, expected)
        );
    }
}

#[tokio::test]
async fn get_payment_link_documented_errors_reach_the_client() {
    let (_, base) = start().await;
    for (key, app_id, status, body) in error_cases() {
        let response = client(&base, key)
            .get_payment_link(LINK, app_id)
            .send()
            .await
            .expect("documented response");
        let expected = match status {
            400 => GetPaymentLinkResponse::BadRequest(body),
            401 => GetPaymentLinkResponse::Unauthorized(body),
            _ => GetPaymentLinkResponse::TooManyRequests(body),
        };
        assert_eq!(
            (response.status.as_u16(), response.body),
            (status, expected)
        );
    }
}

#[tokio::test]
async fn update_payment_link_documented_errors_reach_the_client() {
    let (_, base) = start().await;
    for (key, app_id, status, body) in error_cases() {
        let response = client(&base, key)
            .update_payment_link(LINK, update_body(app_id))
            .send()
            .await
            .expect("documented response");
        let expected = match status {
            400 => UpdatePaymentLinkResponse::BadRequest(body),
            401 => UpdatePaymentLinkResponse::Unauthorized(body),
            _ => UpdatePaymentLinkResponse::TooManyRequests(body),
        };
        assert_eq!(
            (response.status.as_u16(), response.body),
            (status, expected)
        );
    }
}

#[tokio::test]
async fn delete_payment_link_documented_errors_reach_the_client() {
    let (_, base) = start().await;
    for (key, app_id, status, body) in error_cases() {
        let response = client(&base, key)
            .delete_payment_link(LINK, app_id)
            .send()
            .await
            .expect("documented response");
        let expected = match status {
            400 => DeletePaymentLinkResponse::BadRequest(body),
            401 => DeletePaymentLinkResponse::Unauthorized(body),
            _ => DeletePaymentLinkResponse::TooManyRequests(body),
        };
        assert_eq!(
            (response.status.as_u16(), response.body),
            (status, expected)
        );
    }
    let response = client(&base, KEY)
        .delete_payment_link(PAID, "app-1")
        .send()
        .await
        .expect("documented response");
    assert_eq!(response.status, 400);
    assert_eq!(response.body, DeletePaymentLinkResponse::BadRequest(paid()));
}

/// Sends `method` to `base` + `path` with the API key (when `key`) and a
/// JSON `body` (when not empty).
async fn raw(base: &str, method: &str, path: &str, key: bool, body: &str) -> Answer {
    let mut headers = vec![("content-type", "application/json")];
    if key {
        headers.push(("authorization", KEY));
    }
    send_raw(method, &format!("{base}{path}"), &headers, body).await
}

/// Whether `answer` is a 400 naming `name`; a description when not.
fn refused_naming(answer: &Answer, name: &str) -> Result<(), String> {
    if answer.status == 400 && answer.body.contains(name) {
        Ok(())
    } else {
        Err(format!("`{name}`: {} {}", answer.status, answer.body))
    }
}

/// A valid create body as raw JSON.
fn create_json() -> Value {
    serde_json::to_value(create_body()).expect("serializes")
}

/// Creates with the valid body changed by `change`.
async fn create_changed(base: &str, change: impl FnOnce(&mut Value)) -> Answer {
    let mut body = create_json();
    change(&mut body);
    raw(
        base,
        "POST",
        "/v3/payment-link/?app_id=a",
        true,
        &body.to_string(),
    )
    .await
}

/// Updates link `id` with `{"app_id": "a", "description": "d"}` changed by `change`.
async fn update_changed(base: &str, id: &str, change: impl FnOnce(&mut Value)) -> Answer {
    let mut body = json!({"app_id": "a", "description": "d"});
    change(&mut body);
    let path = format!("/v3/payment-link/{id}/");
    raw(base, "PUT", &path, true, &body.to_string()).await
}

#[tokio::test]
async fn create_payment_link_without_app_id_is_400() {
    let (api, base) = start().await;
    let body = create_json().to_string();
    let answer = raw(&base, "POST", "/v3/payment-link/", true, &body).await;
    assert_eq!(refused_naming(&answer, "app_id"), Ok(()));
    assert!(api.seen().is_empty(), "the handler must not run");
}

#[tokio::test]
async fn create_payment_link_with_malformed_missing_or_mistyped_body_is_refused() {
    let (api, base) = start().await;
    let path = "/v3/payment-link/?app_id=a";
    let answer = raw(&base, "POST", path, true, r#"{"amount": "1""#).await;
    assert_eq!(answer.status, 400, "malformed: {}", answer.body);
    let answer = raw(&base, "POST", path, true, "").await;
    assert_eq!(answer.status, 400, "no body: {}", answer.body);
    let url = format!("{base}{path}");
    let headers = [("authorization", KEY), ("content-type", "text/plain")];
    let answer = send_raw("POST", &url, &headers, &create_json().to_string()).await;
    assert_eq!(answer.status, 415, "text/plain: {}", answer.body);
    assert!(api.seen().is_empty(), "the handler must not run");
}

#[tokio::test]
async fn create_payment_link_without_a_required_body_field_is_400() {
    let (api, base) = start().await;
    let required = [
        "amount",
        "currency",
        "reference_number",
        "customer_first_name",
        "customer_last_name",
        "customer_email",
        "customer_phone_number",
    ];
    let mut failures = Vec::new();
    for name in required {
        let answer = create_changed(&base, |b| drop(b.as_object_mut().unwrap().remove(name))).await;
        failures.extend(refused_naming(&answer, name).err());
    }
    assert_eq!(failures, Vec::<String>::new());
    assert!(api.seen().is_empty(), "the handler must not run");
}

/// A field of the wrong JSON type is refused with 400 naming the field.
#[tokio::test]
async fn create_and_update_with_a_field_of_the_wrong_json_type_are_400_naming_it() {
    let (api, base) = start().await;
    let mut failures = Vec::new();
    let answer = create_changed(&base, |b| b["allow_partial_payment"] = json!("yes")).await;
    failures.extend(refused_naming(&answer, "allow_partial_payment").err());
    let answer = create_changed(&base, |b| b["amount"] = json!(12.5)).await;
    failures.extend(refused_naming(&answer, "amount").err());
    let answer = update_changed(&base, LINK, |b| b["description"] = json!(["x"])).await;
    failures.extend(refused_naming(&answer, "description").err());
    assert!(api.seen().is_empty(), "the handler must not run");
    assert_eq!(failures, Vec::<String>::new());
}

#[tokio::test]
async fn get_and_delete_payment_link_without_app_id_are_400() {
    let (api, base) = start().await;
    for method in ["GET", "DELETE"] {
        let answer = raw(
            &base,
            method,
            &format!("/v3/payment-link/{LINK}/"),
            true,
            "",
        )
        .await;
        assert_eq!(refused_naming(&answer, "app_id"), Ok(()), "{method}");
    }
    assert!(api.seen().is_empty(), "the handler must not run");
}

#[tokio::test]
async fn update_payment_link_with_malformed_missing_or_incomplete_body_is_400() {
    let (api, base) = start().await;
    let path = format!("/v3/payment-link/{LINK}/");
    let answer = raw(&base, "PUT", &path, true, "{").await;
    assert_eq!(answer.status, 400, "malformed: {}", answer.body);
    let answer = raw(&base, "PUT", &path, true, "").await;
    assert_eq!(answer.status, 400, "no body: {}", answer.body);
    let mut failures = Vec::new();
    for name in ["app_id", "description"] {
        let answer = update_changed(&base, LINK, |b| {
            drop(b.as_object_mut().unwrap().remove(name))
        })
        .await;
        failures.extend(refused_naming(&answer, name).err());
    }
    assert_eq!(failures, Vec::<String>::new());
    assert!(api.seen().is_empty(), "the handler must not run");
}

#[tokio::test]
async fn every_operation_without_the_api_key_is_401() {
    let (api, base) = start().await;
    let link_path = format!("/v3/payment-link/{LINK}/");
    let create = create_json().to_string();
    let update = json!({"app_id": "a", "description": "d"}).to_string();
    let requests = [
        (
            "POST",
            "/v3/payment-link/?app_id=a".to_string(),
            create.as_str(),
        ),
        ("GET", format!("{link_path}?app_id=a"), ""),
        ("PUT", link_path.clone(), update.as_str()),
        ("DELETE", format!("{link_path}?app_id=a"), ""),
    ];
    for (method, path, body) in requests {
        let answer = raw(&base, method, &path, false, body).await;
        assert_eq!(answer.status, 401, "{method}: {}", answer.body);
    }
    assert!(api.seen().is_empty(), "the handler must not run");
}

/// Sends one raw create per `(field, change)` and lists those not refused
/// with a 400 naming the field.
async fn unrefused_creates(base: &str, cases: Vec<(&str, Value)>) -> Vec<String> {
    let mut failures = Vec::new();
    for (name, value) in cases {
        let answer = create_changed(base, |b| b[name] = value).await;
        failures.extend(refused_naming(&answer, name).err());
    }
    failures
}

#[tokio::test]
async fn create_payment_link_constraint_amount_patterns() {
    let (api, base) = start().await;
    let cases = vec![
        ("amount", json!("12,50")),
        ("minimum_partial_amount", json!("-5")),
    ];
    assert_eq!(unrefused_creates(&base, cases).await, Vec::<String>::new());
    assert!(api.seen().is_empty(), "the handler must not run");
}

#[tokio::test]
async fn create_payment_link_constraint_currency_enum() {
    let (api, base) = start().await;
    let cases = vec![("currency", json!("XYZ"))];
    assert_eq!(unrefused_creates(&base, cases).await, Vec::<String>::new());
    assert!(api.seen().is_empty(), "the handler must not run");
}

#[tokio::test]
async fn create_payment_link_constraint_expiration_date_format() {
    let (api, base) = start().await;
    let cases = vec![("expiration_date", json!("31/12/2030"))];
    assert_eq!(unrefused_creates(&base, cases).await, Vec::<String>::new());
    assert!(api.seen().is_empty(), "the handler must not run");
}

#[tokio::test]
async fn create_payment_link_constraint_null_for_non_nullable_fields() {
    let (api, base) = start().await;
    let names = [
        "amount",
        "currency",
        "reference_number",
        "customer_email",
        "description",
        "expiration_date",
        "allow_partial_payment",
        "minimum_partial_amount",
    ];
    let cases = names.iter().map(|&n| (n, Value::Null)).collect();
    assert_eq!(unrefused_creates(&base, cases).await, Vec::<String>::new());
    assert!(api.seen().is_empty(), "the handler must not run");
}

#[tokio::test]
async fn get_and_delete_payment_link_constraint_link_id_length() {
    let (api, base) = start().await;
    let mut failures = Vec::new();
    for method in ["GET", "DELETE"] {
        for id in ["SEVEN77", "NINE99999"] {
            let path = format!("/v3/payment-link/{id}/?app_id=a");
            let answer = raw(&base, method, &path, true, "").await;
            failures.extend(refused_naming(&answer, "link_id").err());
        }
    }
    assert_eq!(failures, Vec::<String>::new());
    assert!(api.seen().is_empty(), "the handler must not run");
}

#[tokio::test]
async fn update_payment_link_constraint_link_id_length() {
    let (api, base) = start().await;
    let mut failures = Vec::new();
    for id in ["SEVEN77", "NINE99999"] {
        let answer = update_changed(&base, id, |_| ()).await;
        failures.extend(refused_naming(&answer, "link_id").err());
    }
    assert_eq!(failures, Vec::<String>::new());
    assert!(api.seen().is_empty(), "the handler must not run");
}

#[tokio::test]
async fn update_payment_link_constraint_null_for_non_nullable_fields() {
    let (api, base) = start().await;
    let mut failures = Vec::new();
    for name in ["app_id", "description"] {
        let answer = update_changed(&base, LINK, |b| b[name] = Value::Null).await;
        failures.extend(refused_naming(&answer, name).err());
    }
    assert_eq!(failures, Vec::<String>::new());
    assert!(api.seen().is_empty(), "the handler must not run");
}

#[tokio::test]
async fn an_expiration_date_that_is_not_a_date_is_refused_and_one_that_is_kept_as_sent() {
    let (api, base) = start().await;
    for bad in ["2030-02-30", "31/12/2030", "2030-12-31T00:00:00Z", ""] {
        let answer = create_changed(&base, |b| b["expiration_date"] = json!(bad)).await;
        assert_eq!(refused_naming(&answer, "expiration_date"), Ok(()), "{bad}");
    }
    assert!(api.seen().is_empty(), "the handler must not run");
    let answer = create_changed(&base, |b| b["expiration_date"] = json!("2032-02-29")).await;
    assert_eq!(answer.status, 200, "{}", answer.body);
    let seen = api.seen();
    let [Seen::Create(request)] = seen.as_slice() else {
        panic!("one create expected: {seen:?}");
    };
    let date = request.body.expiration_date.as_ref().expect("sent");
    assert_eq!(date.as_str(), "2032-02-29");
    assert_eq!(
        date.value(),
        &paylink::codegen::chrono::NaiveDate::from_ymd_opt(2032, 2, 29).expect("a day")
    );
}
