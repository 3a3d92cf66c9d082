//! The generated Fortis (Zeamster v2) paylinks server over real HTTP: an
//! in-test [`Api`] implementation records every request it is handed and is
//! served on a loopback port; the generated client calls it for every
//! operation, checking the typed answer it decodes and that the handler got
//! exactly the parameters, body and the three API-key headers sent. Raw
//! requests the client cannot send (bad types, broken JSON, missing fields
//! or credentials) must be refused before the handler runs; the
//! `..._constraint_...` tests send one request per schema constraint of the
//! spec and expect a 400 naming the field.

#[path = "common/serve.rs"]
mod serve;
#[path = "values/fortis.rs"]
mod values;

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use axum::http::StatusCode;
use paylink::codegen::Secret;
use paylink::fortis::server::{
    router, router_with_body_limit, Api, CreatePaylinkRequest, DeletePaylinkRequest,
    GetPaylinkRequest, ListPaylinksRequest, Reply, ResendPaylinkNotificationRequest,
    UpdatePaylinkRequest,
};
use paylink::fortis::{
    types, Client, CreatePaylinkResponse, Credentials, DeletePaylinkResponse, GetPaylinkResponse,
    ListPaylinksResponse, ResendPaylinkNotificationResponse, UpdatePaylinkResponse,
};
use serde_json::{json, Value};
use serve::{send_raw, serve, Answer};
use values::*;

/// A well-formed paylink id the implementation answers 404 for.
const MISSING: &str = "11ec000000000000000dead0";

// ------------------------------------------------------- the implementation

/// One request as the handler received it.
#[derive(Debug, Clone)]
enum Seen {
    List(ListPaylinksRequest),
    Create(CreatePaylinkRequest),
    Get(GetPaylinkRequest),
    Update(UpdatePaylinkRequest),
    Delete(DeletePaylinkRequest),
    Resend(ResendPaylinkNotificationRequest),
}

/// Records every request and answers with the documented fixtures: `MISSING`
/// is unknown to delete and resend; create picks its 2XX status from the
/// body's `paylink_api_id` (`reply-201` and so on).
#[derive(Clone, Default)]
struct Recorder {
    seen: Arc<Mutex<Vec<Seen>>>,
}

impl Recorder {
    fn record(&self, seen: Seen) {
        self.seen.lock().expect("lock").push(seen);
    }

    /// Every request so far; clears the record.
    fn take(&self) -> Vec<Seen> {
        std::mem::take(&mut *self.seen.lock().expect("lock"))
    }

    /// The one request made since the last `take`.
    fn single(&self) -> Seen {
        let mut all = self.take();
        assert_eq!(all.len(), 1, "expected exactly one request, got {all:?}");
        all.remove(0)
    }

    /// Asserts the handler was not called.
    fn assert_untouched(&self) {
        let all = self.take();
        assert!(all.is_empty(), "the handler ran: {all:?}");
    }
}

impl Api for Recorder {
    async fn list_paylinks(&self, request: ListPaylinksRequest) -> Reply<ListPaylinksResponse> {
        self.record(Seen::List(request));
        ListPaylinksResponse::Ok(page_of(paylink(ID, EMAIL))).into()
    }

    async fn create_paylink(&self, request: CreatePaylinkRequest) -> Reply<CreatePaylinkResponse> {
        let status = create_status(request.body.paylink.paylink_api_id.as_deref());
        self.record(Seen::Create(request));
        let reply = Reply::new(CreatePaylinkResponse::Status2xx(wrapped(ID, EMAIL)));
        match status {
            Some(status) => reply.with_status(status),
            None => reply,
        }
    }

    async fn get_paylink(&self, request: GetPaylinkRequest) -> Reply<GetPaylinkResponse> {
        let answer = wrapped(&request.id, EMAIL);
        self.record(Seen::Get(request));
        GetPaylinkResponse::Ok(answer).into()
    }

    async fn update_paylink(&self, request: UpdatePaylinkRequest) -> Reply<UpdatePaylinkResponse> {
        let email = request.body.paylink.email.as_deref().unwrap_or(EMAIL);
        let answer = wrapped(&request.id, email);
        self.record(Seen::Update(request));
        UpdatePaylinkResponse::Ok(answer).into()
    }

    async fn delete_paylink(&self, request: DeletePaylinkRequest) -> Reply<DeletePaylinkResponse> {
        let known = request.id != MISSING;
        self.record(Seen::Delete(request));
        match known {
            true => DeletePaylinkResponse::NoContent.into(),
            false => DeletePaylinkResponse::NotFound.into(),
        }
    }

    async fn resend_paylink_notification(
        &self,
        request: ResendPaylinkNotificationRequest,
    ) -> Reply<ResendPaylinkNotificationResponse> {
        let known = request.id != MISSING;
        self.record(Seen::Resend(request));
        match known {
            true => ResendPaylinkNotificationResponse::NoContent.into(),
            false => ResendPaylinkNotificationResponse::NotFound.into(),
        }
    }
}

/// The status create's handler chooses for its 2XX answer.
fn create_status(paylink_api_id: Option<&str>) -> Option<StatusCode> {
    let code = paylink_api_id?.strip_prefix("reply-")?.parse().ok()?;
    StatusCode::from_u16(code).ok()
}

// ----------------------------------------------------------------- helpers

/// The implementation served on a loopback port, and its base URL.
async fn start() -> (Recorder, String) {
    let recorder = Recorder::default();
    let base = serve(router(recorder.clone())).await;
    (recorder, base)
}

/// A client for `base` with all three credentials set.
fn client(base: &str) -> Client {
    Client::with_base_url(base)
        .with_user_id(USER_ID)
        .with_user_api_key(USER_API_KEY)
        .with_developer_id(DEVELOPER_ID)
}

/// The handler got the three credentials the client sent.
fn assert_credentials(credentials: &Credentials) {
    assert_eq!(
        credentials.user_id.as_ref().map(Secret::expose),
        Some(USER_ID)
    );
    assert_eq!(
        credentials.user_api_key.as_ref().map(Secret::expose),
        Some(USER_API_KEY)
    );
    assert_eq!(
        credentials.developer_id.as_ref().map(Secret::expose),
        Some(DEVELOPER_ID)
    );
}

/// The three credential headers.
const AUTH: [(&str, &str); 3] = [
    ("user-id", USER_ID),
    ("user-api-key", USER_API_KEY),
    ("developer-id", DEVELOPER_ID),
];

/// The credential headers plus a JSON content type.
fn json_headers() -> Vec<(&'static str, &'static str)> {
    let mut headers = AUTH.to_vec();
    headers.push(("content-type", "application/json"));
    headers
}

/// A 400 whose body names `field`.
fn assert_bad_request(answer: &Answer, field: &str) {
    assert_eq!(answer.status, 400, "{answer:?}");
    assert!(
        answer.body.contains(field),
        "400 names `{field}`: {answer:?}"
    );
}

/// Sends `body` with `method` to `base{path}` with credentials and JSON.
async fn send_json(method: &str, base: &str, path: &str, body: &str) -> Answer {
    send_raw(method, &format!("{base}{path}"), &json_headers(), body).await
}

// ----------------------------------------------------------------- fixtures

/// The documented paylink example, with `id` and `email` as given.
fn paylink(id: &str, email: &str) -> types::Paylink {
    types::Paylink {
        id: id.into(),
        cc_product_transaction_id: "11eca9f76a959008955ce03b".into(),
        ach_product_transaction_id: None,
        location_id: UUID.into(),
        paylink_api_id: None,
        contact_id: "11e999d31a7ab26aa1f36f05".into(),
        amount_due: "99999999.99".parse().expect("a decimal"),
        cell_phone: "1111111111".into(),
        email: email.into(),
        description: None,
        expire_date: "2022-04-10".parse().expect("a date"),
        status_id: types::StatusId::V0,
        display_product_transaction_receipt_details: types::IntBoolean::V1,
        display_billing_fields: types::IntBoolean::V1,
        delivery_method: types::DeliveryMethod::V1,
        active: types::IntBoolean::V1,
        created_ts: 1647964123,
        modified_ts: 1647964123,
        created_user_id: UUID.into(),
        modified_user_id: UUID.into(),
        links: types::PaylinkLinks {
            self_: link(&format!("{{{{url}}}}/v2/paylinks/{id}")),
        },
    }
}

fn link(href: &str) -> types::Link {
    types::Link { href: href.into() }
}

fn wrapped(id: &str, email: &str) -> types::PaylinkResponse {
    types::PaylinkResponse {
        paylink: paylink(id, email),
    }
}

/// The documented list example: one paylink, first of two pages.
fn page_of(item: types::Paylink) -> types::PaylinkListResponse {
    let href = |page: u8| link(&format!("{{{{url}}}}/v2/paylinks?page_size=1&page={page}"));
    types::PaylinkListResponse {
        paylinks: vec![item],
        meta: types::ListMeta {
            pagination: types::Pagination {
                links: types::PaginationLinks {
                    self_: href(1),
                    next: Some(href(2)),
                    last: Some(href(2)),
                },
                total_count: 2,
                page_count: 2,
                current_page: 0,
                per_page: 1,
            },
            sort: types::SortMeta {
                attributes: BTreeMap::from([("created_ts".to_string(), "desc".to_string())]),
            },
        },
    }
}

// ----------------------------------------------------------- list paylinks

fn seen_list(seen: Seen) -> ListPaylinksRequest {
    match seen {
        Seen::List(request) => request,
        other => panic!("expected list_paylinks, got {other:?}"),
    }
}

#[tokio::test]
async fn list_paylinks_passes_paging_sort_expand_and_credentials() {
    let (recorder, base) = start().await;
    let expand = vec![
        types::PaylinkExpand::Contact,
        types::PaylinkExpand::PaymentUrl,
    ];
    let response = client(&base)
        .list_paylinks()
        .page(2)
        .page_size(10)
        .sort("created_ts")
        .expand(expand.clone())
        .send()
        .await
        .expect("documented response");
    assert_eq!(response.status, 200);
    let expected = page_of(paylink(ID, EMAIL));
    assert_eq!(response.body, ListPaylinksResponse::Ok(expected));
    let request = seen_list(recorder.single());
    assert_eq!(request.page, Some(2));
    assert_eq!(request.page_size, Some(10));
    assert_eq!(request.sort.as_deref(), Some("created_ts"));
    assert_eq!(request.expand, Some(expand));
    assert_eq!(request.filter, None);
    assert_credentials(&request.credentials);
}

#[tokio::test]
async fn list_paylinks_without_parameters_hands_the_handler_nothing() {
    let (recorder, base) = start().await;
    let response = client(&base).list_paylinks().send().await.expect("200");
    assert_eq!(response.status, 200);
    let request = seen_list(recorder.single());
    assert_eq!(
        (request.page, request.page_size, request.sort),
        (None, None, None)
    );
    assert_eq!((request.expand, request.filter), (None, None));
    assert_credentials(&request.credentials);
}

/// The client writes the exploded `filter` object as bare `column=value`
/// pairs, as the spec says; the server looks for a pair named `filter`.
#[tokio::test]
async fn list_paylinks_filter_columns_reach_the_handler() {
    let (recorder, base) = start().await;
    let filter = BTreeMap::from([
        ("email".to_string(), EMAIL.to_string()),
        ("status_id".to_string(), "0".to_string()),
    ]);
    let response = client(&base)
        .list_paylinks()
        .filter(filter.clone())
        .send()
        .await;
    assert_eq!(response.expect("200").status, 200);
    assert_eq!(seen_list(recorder.single()).filter, Some(filter));
}

#[tokio::test]
async fn list_paylinks_refuses_non_integer_paging() {
    let (recorder, base) = start().await;
    let url = |query: &str| format!("{base}/paylinks?{query}");
    let answer = send_raw("GET", &url("page=abc"), &AUTH, "").await;
    assert_bad_request(&answer, "page");
    let answer = send_raw("GET", &url("page_size=1.5"), &AUTH, "").await;
    assert_bad_request(&answer, "page_size");
    let answer = send_raw("GET", &url("page=1&page_size=ten"), &AUTH, "").await;
    assert_bad_request(&answer, "page_size");
    recorder.assert_untouched();
}

#[tokio::test]
async fn list_paylinks_constraint_expand_enum() {
    let (recorder, base) = start().await;
    let url = format!("{base}/paylinks?expand=contact,bogus");
    let answer = send_raw("GET", &url, &AUTH, "").await;
    assert_bad_request(&answer, "expand");
    recorder.assert_untouched();
}

// ----------------------------------------------------------- create paylink

fn seen_create(seen: Seen) -> CreatePaylinkRequest {
    match seen {
        Seen::Create(request) => request,
        other => panic!("expected create_paylink, got {other:?}"),
    }
}

#[tokio::test]
async fn create_paylink_passes_the_wrapped_body_and_credentials() {
    let (recorder, base) = start().await;
    let body = create_body(Some("reply-201"));
    let response = client(&base)
        .create_paylink(body.clone())
        .send()
        .await
        .expect("documented response");
    assert_eq!(response.status, 201);
    let expected = CreatePaylinkResponse::Status2xx(wrapped(ID, EMAIL));
    assert_eq!(response.body, expected);
    let request = seen_create(recorder.single());
    assert_eq!(request.body, body);
    assert_credentials(&request.credentials);
}

#[tokio::test]
async fn create_paylink_accepts_an_empty_paylink() {
    let (recorder, base) = start().await;
    let body = types::PaylinkCreateRequest {
        paylink: types::PaylinkCreate::default(),
    };
    let response = client(&base).create_paylink(body.clone()).send().await;
    assert_eq!(response.expect("2XX").status, 200);
    assert_eq!(seen_create(recorder.single()).body, body);
}

/// The 2XX answer takes the handler's status when it is a 2xx one and
/// falls back to 200 otherwise.
#[tokio::test]
async fn create_paylink_range_status_is_chosen_by_the_handler() {
    let (recorder, base) = start().await;
    for (api_id, status) in [
        (None, 200),
        (Some("reply-202"), 202),
        (Some("reply-299"), 299),
        (Some("reply-404"), 200),
        (Some("reply-500"), 200),
    ] {
        let client = client(&base);
        let response = client.create_paylink(create_body(api_id)).send().await;
        let response = response.expect("2XX");
        assert_eq!(response.status, status, "{api_id:?}");
        let expected = CreatePaylinkResponse::Status2xx(wrapped(ID, EMAIL));
        assert_eq!(response.body, expected);
    }
    assert_eq!(recorder.take().len(), 5);
}

#[tokio::test]
async fn create_paylink_refuses_a_missing_or_malformed_body() {
    let (recorder, base) = start().await;
    let answer = send_json("POST", &base, "/paylinks", "").await;
    assert_bad_request(&answer, "body");
    let answer = send_json("POST", &base, "/paylinks", r#"{"paylink": {"#).await;
    assert_eq!(answer.status, 400, "{answer:?}");
    let answer = send_json("POST", &base, "/paylinks", r#"{"link": {}}"#).await;
    assert_bad_request(&answer, "paylink");
    recorder.assert_untouched();
}

/// A field of the wrong JSON type is refused, but the 400 does not say
/// which field: serde_json's message carries no path.
#[tokio::test]
async fn create_paylink_names_a_field_of_the_wrong_type() {
    let (recorder, base) = start().await;
    for (field, value) in [
        ("amount_due", json!("lots")),
        ("email", json!(5)),
        ("delivery_method", json!("email")),
    ] {
        let body = json!({ "paylink": { field: value } }).to_string();
        let answer = send_json("POST", &base, "/paylinks", &body).await;
        assert_bad_request(&answer, field);
    }
    let answer = send_json("POST", &base, "/paylinks", r#"{"paylink": 7}"#).await;
    assert_bad_request(&answer, "paylink");
    recorder.assert_untouched();
}

#[tokio::test]
async fn create_paylink_refuses_other_media_types_and_large_bodies() {
    let recorder = Recorder::default();
    let base = serve(router_with_body_limit(recorder.clone(), 64)).await;
    let mut headers = AUTH.to_vec();
    headers.push(("content-type", "text/plain"));
    let url = format!("{base}/paylinks");
    let answer = send_raw("POST", &url, &headers, r#"{"paylink": {}}"#).await;
    assert_eq!(answer.status, 415, "{answer:?}");
    let large = json!({ "paylink": { "description": "x".repeat(100) } }).to_string();
    let answer = send_json("POST", &base, "/paylinks", &large).await;
    assert_eq!(answer.status, 413, "{answer:?}");
    recorder.assert_untouched();
}

/// One body per constraint on the paylink's fields (shared by create and
/// update, whose field sets and constraints are the same).
fn paylink_field_violations() -> Vec<(&'static str, Value)> {
    let mut cases = Vec::new();
    for field in [
        "cc_product_transaction_id",
        "ach_product_transaction_id",
        "location_id",
        "contact_id",
    ] {
        cases.push((field, json!("1".repeat(23))));
        cases.push((field, json!("1".repeat(37))));
    }
    cases.extend([
        ("amount_due", json!(100000000.0)),
        ("expire_date", json!("10-03-2022")),
        ("expire_date", json!("2022-3-10")),
        ("expire_date", json!("2022-03-100")),
        ("email", json!("a@b.")),
        ("email", json!(format!("{}@example.com", "a".repeat(120)))),
        ("cell_phone", json!("")),
        ("cell_phone", json!("12345678901")),
        ("contact_api_id", json!("")),
        ("contact_api_id", json!("c".repeat(65))),
        ("paylink_api_id", json!("p".repeat(65))),
        ("delivery_method", json!(4)),
        ("status_id", json!(2)),
        ("email", Value::Null),
        ("delivery_method", Value::Null),
    ]);
    cases
}

/// A short account of an answer that should have been a 400.
fn account(what: &str, answer: &Answer) -> String {
    let body: String = answer.body.chars().take(80).collect();
    format!("{what} -> {} {body}", answer.status)
}

/// Sends each body with `method` to `path`; the cases not answered with a
/// 400 naming their field.
async fn unrejected_bodies(base: &str, method: &str, path: &str) -> Vec<String> {
    let mut accepted = Vec::new();
    for (field, value) in paylink_field_violations() {
        let body = json!({ "paylink": { field: value } }).to_string();
        let answer = send_json(method, base, path, &body).await;
        if answer.status != 400 || !answer.body.contains(field) {
            accepted.push(account(&body, &answer));
        }
    }
    let answer = send_json(method, base, path, r#"{"paylink": null}"#).await;
    if answer.status != 400 || !answer.body.contains("paylink") {
        accepted.push(account("null paylink", &answer));
    }
    accepted
}

#[tokio::test]
async fn create_paylink_constraint_body_fields() {
    let (recorder, base) = start().await;
    let accepted = unrejected_bodies(&base, "POST", "/paylinks").await;
    assert!(accepted.is_empty(), "not refused: {accepted:#?}");
    recorder.assert_untouched();
}

// -------------------------------------------------------------- get paylink

fn seen_get(seen: Seen) -> GetPaylinkRequest {
    match seen {
        Seen::Get(request) => request,
        other => panic!("expected get_paylink, got {other:?}"),
    }
}

#[tokio::test]
async fn get_paylink_passes_id_expand_and_credentials() {
    let (recorder, base) = start().await;
    let expand = vec![
        types::PaylinkExpand::CreatedUser,
        types::PaylinkExpand::Contact,
        types::PaylinkExpand::PaymentUrl,
    ];
    let response = client(&base)
        .get_paylink(ID)
        .expand(expand.clone())
        .send()
        .await
        .expect("documented response");
    assert_eq!(response.status, 200);
    assert_eq!(response.body, GetPaylinkResponse::Ok(wrapped(ID, EMAIL)));
    let request = seen_get(recorder.single());
    assert_eq!(request.id, ID);
    assert_eq!(request.expand, Some(expand));
    assert_credentials(&request.credentials);
}

#[tokio::test]
async fn get_paylink_passes_a_uuid_style_id_without_expand() {
    let (recorder, base) = start().await;
    let response = client(&base).get_paylink(UUID).send().await.expect("200");
    assert_eq!(response.body, GetPaylinkResponse::Ok(wrapped(UUID, EMAIL)));
    let request = seen_get(recorder.single());
    assert_eq!((request.id.as_str(), request.expand), (UUID, None));
}

/// A path id is a plain string, yet the server splits it at commas as if
/// it were a list and then fails to read a string from the list.
#[tokio::test]
async fn get_paylink_accepts_an_id_with_a_comma() {
    let (recorder, base) = start().await;
    let id = "11eca9f78d3654da,9f92abd0";
    let response = client(&base).get_paylink(id).send().await;
    let response = response.expect("an id with a comma is a valid string");
    assert_eq!(response.body, GetPaylinkResponse::Ok(wrapped(id, EMAIL)));
    assert_eq!(seen_get(recorder.single()).id, id);
}

#[tokio::test]
async fn paths_without_an_id_are_not_routed() {
    let (recorder, base) = start().await;
    for method in ["GET", "PUT", "DELETE"] {
        let answer = send_json(method, &base, "/paylinks/", r#"{"paylink": {}}"#).await;
        assert_eq!(answer.status, 404, "{method}: {answer:?}");
    }
    recorder.assert_untouched();
}

/// An empty path segment matches `{id}`: the handler runs with an empty
/// required path parameter instead of the request being refused.
#[tokio::test]
async fn resend_paylink_notification_refuses_an_empty_id() {
    let (recorder, base) = start().await;
    let answer = send_raw("POST", &format!("{base}/paylinks//resend"), &AUTH, "").await;
    assert!(answer.status == 400 || answer.status == 404, "{answer:?}");
    recorder.assert_untouched();
}

/// Sends `method` to `/paylinks/{id}{suffix}` with a too short and a too
/// long id; the answers that are not a 400 naming `id`.
async fn unrejected_ids(base: &str, method: &str, suffix: &str, body: &str) -> Vec<String> {
    let mut accepted = Vec::new();
    for id in ["1".repeat(23), "1".repeat(37)] {
        let answer = send_json(method, base, &format!("/paylinks/{id}{suffix}"), body).await;
        if answer.status != 400 || !answer.body.contains("id") {
            accepted.push(account(&id, &answer));
        }
    }
    accepted
}

#[tokio::test]
async fn get_paylink_constraint_id_length_and_expand_enum() {
    let (recorder, base) = start().await;
    let mut accepted = unrejected_ids(&base, "GET", "", "").await;
    let url = format!("{base}/paylinks/{ID}?expand=payment_url,everything");
    let answer = send_raw("GET", &url, &AUTH, "").await;
    if answer.status != 400 || !answer.body.contains("expand") {
        accepted.push(account("expand", &answer));
    }
    assert!(accepted.is_empty(), "not refused: {accepted:#?}");
    recorder.assert_untouched();
}

// ----------------------------------------------------------- update paylink

fn seen_update(seen: Seen) -> UpdatePaylinkRequest {
    match seen {
        Seen::Update(request) => request,
        other => panic!("expected update_paylink, got {other:?}"),
    }
}

#[tokio::test]
async fn update_paylink_passes_id_body_and_credentials() {
    let (recorder, base) = start().await;
    let body = update_body("newmail@mailer.com");
    let response = client(&base)
        .update_paylink(ID, body.clone())
        .send()
        .await
        .expect("documented response");
    assert_eq!(response.status, 200);
    let expected = UpdatePaylinkResponse::Ok(wrapped(ID, "newmail@mailer.com"));
    assert_eq!(response.body, expected);
    let request = seen_update(recorder.single());
    assert_eq!(request.id, ID);
    assert_eq!(request.body, body);
    assert_credentials(&request.credentials);
}

#[tokio::test]
async fn update_paylink_passes_every_field() {
    let (recorder, base) = start().await;
    let body = types::PaylinkUpdateRequest {
        paylink: types::PaylinkUpdate {
            cc_product_transaction_id: Some("11ec9bbbc02c6176b04f35e7".into()),
            ach_product_transaction_id: Some("11ec9bbbc02c6176b04f35e8".into()),
            location_id: Some(UUID.into()),
            amount_due: Some(12.5),
            expire_date: Some("2030-12-31".parse().expect("a date")),
            email: Some("a@b.cd".into()),
            cell_phone: Some("5551234567".into()),
            contact_id: Some("11ec939cccb05bf494a312a1".into()),
            contact_api_id: Some("crm-42".into()),
            paylink_api_id: Some(String::new()),
            delivery_method: Some(types::DeliveryMethod::V2),
            status_id: Some(types::StatusId::V1),
        },
    };
    let response = client(&base).update_paylink(ID, body.clone()).send().await;
    assert_eq!(response.expect("200").status, 200);
    assert_eq!(seen_update(recorder.single()).body, body);
}

#[tokio::test]
async fn update_paylink_refuses_bad_bodies() {
    let (recorder, base) = start().await;
    let path = format!("/paylinks/{ID}");
    let answer = send_json("PUT", &base, &path, "").await;
    assert_bad_request(&answer, "body");
    let answer = send_json("PUT", &base, &path, r#"{"paylink": {"email": "a@b.cd",}}"#).await;
    assert_eq!(answer.status, 400, "{answer:?}");
    let answer = send_json("PUT", &base, &path, r#"{"email": "a@b.cd"}"#).await;
    assert_bad_request(&answer, "paylink");
    recorder.assert_untouched();
}

/// As for create: a wrongly typed field is refused without being named.
#[tokio::test]
async fn update_paylink_names_a_field_of_the_wrong_type() {
    let (recorder, base) = start().await;
    let path = format!("/paylinks/{ID}");
    let answer = send_json("PUT", &base, &path, r#"{"paylink": {"status_id": "paid"}}"#).await;
    assert_bad_request(&answer, "status_id");
    recorder.assert_untouched();
}

#[tokio::test]
async fn update_paylink_constraint_id_length() {
    let (recorder, base) = start().await;
    let body = r#"{"paylink": {"email": "a@b.cd"}}"#;
    let accepted = unrejected_ids(&base, "PUT", "", body).await;
    assert!(accepted.is_empty(), "not refused: {accepted:#?}");
    recorder.assert_untouched();
}

#[tokio::test]
async fn update_paylink_constraint_body_fields() {
    let (recorder, base) = start().await;
    let accepted = unrejected_bodies(&base, "PUT", &format!("/paylinks/{ID}")).await;
    assert!(accepted.is_empty(), "not refused: {accepted:#?}");
    recorder.assert_untouched();
}

// ----------------------------------------------------------- delete paylink

fn seen_delete(seen: Seen) -> DeletePaylinkRequest {
    match seen {
        Seen::Delete(request) => request,
        other => panic!("expected delete_paylink, got {other:?}"),
    }
}

#[tokio::test]
async fn delete_paylink_answers_no_content() {
    let (recorder, base) = start().await;
    let response = client(&base).delete_paylink(ID).send().await;
    let response = response.expect("documented response");
    assert_eq!(response.status, 204);
    assert_eq!(response.body, DeletePaylinkResponse::NoContent);
    let request = seen_delete(recorder.single());
    assert_eq!(request.id, ID);
    assert_credentials(&request.credentials);
}

#[tokio::test]
async fn delete_paylink_answers_not_found_without_a_body() {
    let (recorder, base) = start().await;
    let response = client(&base).delete_paylink(MISSING).send().await;
    let response = response.expect("documented response");
    assert_eq!(response.status, 404);
    assert_eq!(response.body, DeletePaylinkResponse::NotFound);
    assert_eq!(seen_delete(recorder.single()).id, MISSING);
    let answer = send_raw("DELETE", &format!("{base}/paylinks/{MISSING}"), &AUTH, "").await;
    assert_eq!((answer.status, answer.body.as_str()), (404, ""));
}

#[tokio::test]
async fn delete_paylink_constraint_id_length() {
    let (recorder, base) = start().await;
    let accepted = unrejected_ids(&base, "DELETE", "", "").await;
    assert!(accepted.is_empty(), "not refused: {accepted:#?}");
    recorder.assert_untouched();
}

// ------------------------------------------------------ resend notification

fn seen_resend(seen: Seen) -> ResendPaylinkNotificationRequest {
    match seen {
        Seen::Resend(request) => request,
        other => panic!("expected resend_paylink_notification, got {other:?}"),
    }
}

#[tokio::test]
async fn resend_paylink_notification_answers_no_content() {
    let (recorder, base) = start().await;
    let response = client(&base).resend_paylink_notification(ID).send().await;
    let response = response.expect("documented response");
    assert_eq!(response.status, 204);
    assert_eq!(response.body, ResendPaylinkNotificationResponse::NoContent);
    let request = seen_resend(recorder.single());
    assert_eq!(request.id, ID);
    assert_credentials(&request.credentials);
}

#[tokio::test]
async fn resend_paylink_notification_answers_not_found_without_a_body() {
    let (recorder, base) = start().await;
    let client = client(&base);
    let response = client.resend_paylink_notification(MISSING).send().await;
    let response = response.expect("documented response");
    assert_eq!(response.status, 404);
    assert_eq!(response.body, ResendPaylinkNotificationResponse::NotFound);
    assert_eq!(seen_resend(recorder.single()).id, MISSING);
    let url = format!("{base}/paylinks/{MISSING}/resend");
    let answer = send_raw("POST", &url, &AUTH, "").await;
    assert_eq!((answer.status, answer.body.as_str()), (404, ""));
}

#[tokio::test]
async fn resend_paylink_notification_constraint_id_length() {
    let (recorder, base) = start().await;
    let accepted = unrejected_ids(&base, "POST", "/resend", "").await;
    assert!(accepted.is_empty(), "not refused: {accepted:#?}");
    recorder.assert_untouched();
}

// ------------------------------------------------- credentials and routing

/// Every operation as a raw request: method, path and body.
fn operations() -> [(&'static str, String, &'static str); 6] {
    let body = r#"{"paylink": {}}"#;
    [
        ("GET", "/paylinks".into(), ""),
        ("POST", "/paylinks".into(), body),
        ("GET", format!("/paylinks/{ID}"), ""),
        ("PUT", format!("/paylinks/{ID}"), body),
        ("DELETE", format!("/paylinks/{ID}"), ""),
        ("POST", format!("/paylinks/{ID}/resend"), ""),
    ]
}

#[tokio::test]
async fn every_operation_refuses_missing_credentials_with_401() {
    let (recorder, base) = start().await;
    let json = ("content-type", "application/json");
    for (method, path, body) in operations() {
        let url = format!("{base}{path}");
        let answer = send_raw(method, &url, &[json], body).await;
        assert_eq!(answer.status, 401, "{method} {path}: {answer:?}");
        for left_out in 0..AUTH.len() {
            let mut headers: Vec<_> = AUTH.to_vec();
            let (name, _) = headers.remove(left_out);
            headers.push(json);
            let answer = send_raw(method, &url, &headers, body).await;
            assert_eq!(answer.status, 401, "{method} {path} without {name}");
        }
    }
    recorder.assert_untouched();
}

#[tokio::test]
async fn every_operation_reaches_its_handler_with_credentials() {
    let (recorder, base) = start().await;
    for (method, path, body) in operations() {
        let answer = send_json(method, &base, &path, body).await;
        assert!(answer.status < 300, "{method} {path}: {answer:?}");
    }
    let seen = recorder.take();
    assert_eq!(seen.len(), 6, "{seen:?}");
}

#[tokio::test]
async fn unknown_paths_and_methods_are_refused_by_the_router() {
    let (recorder, base) = start().await;
    let answer = send_raw("GET", &format!("{base}/v2/paylinks"), &AUTH, "").await;
    assert_eq!(answer.status, 404);
    let answer = send_raw("PATCH", &format!("{base}/paylinks/{ID}"), &AUTH, "").await;
    assert_eq!(answer.status, 405);
    let allow = answer.header("allow").unwrap_or_default();
    for method in ["GET", "PUT", "DELETE"] {
        assert!(allow.contains(method), "Allow: {allow}");
    }
    let answer = send_raw("GET", &format!("{base}/paylinks/{ID}/resend"), &AUTH, "").await;
    assert_eq!(answer.status, 405);
    assert!(answer.header("allow").unwrap_or_default().contains("POST"));
    recorder.assert_untouched();
}
