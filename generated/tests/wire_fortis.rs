//! Fortis (Zeamster v2) paylinks on the wire: for every operation, what the
//! generated client sends (method, path, the comma-separated `expand` list,
//! `page`/`page_size`/`sort`, the free-form column filter, the three API-key
//! headers, the wrapped JSON body) and how it decodes every documented
//! response (the 2XX create, 200 reads, and the body-less 204/404 of delete
//! and resend), plus the errors for undocumented statuses, bodies that do not
//! fit and missing credentials.

mod common;

use std::collections::BTreeMap;

use common::{assert_json_body, assert_no_body, pairs, MockServer, Recorded};
use paylink::codegen::Error;
use paylink::fortis::{
    types, Client, CreatePaylinkResponse, DeletePaylinkResponse, GetPaylinkResponse,
    ListPaylinksResponse, ResendPaylinkNotificationResponse, UpdatePaylinkResponse,
};
use serde_json::{json, Value};

const USER_ID: &str = "11e95f8ec39de8fbdb0a4f1a";
const USER_API_KEY: &str = "d8a1f0e2b3c4d5e6f7a8b9c0d1e2f3a4";
const DEVELOPER_ID: &str = "dev_paylink_tests";
const ID: &str = "11eca9f78d3654da9f92abd0";
const PAYLINK_PATH: &str = "/v2/paylinks/11eca9f78d3654da9f92abd0";
const USER: &str = "11111111-1111-1111-1111-111111111111";

// ---------------------------------------------------------------- helpers

/// A client for the mock server. It never retries: these tests read what
/// one call puts on the wire and makes of one answer (retries are tested in
/// `client_calls.rs`).
fn client(server: &MockServer) -> Client {
    Client::with_base_url(format!("{}/v2", server.base_url))
        .with_user_id(USER_ID)
        .with_user_api_key(USER_API_KEY)
        .with_developer_id(DEVELOPER_ID)
        .with_retry(paylink::codegen::RetryPolicy::none())
}

fn assert_credentials(request: &Recorded) {
    assert_eq!(request.header("user-id"), Some(USER_ID));
    assert_eq!(request.header("user-api-key"), Some(USER_API_KEY));
    assert_eq!(request.header("developer-id"), Some(DEVELOPER_ID));
    assert_eq!(request.header("authorization"), None);
}

// --------------------------------------------------------------- fixtures

/// The documented paylink example, with `email` as given.
fn paylink_json(email: &str) -> Value {
    json!({
        "id": ID,
        "cc_product_transaction_id": "11eca9f76a959008955ce03b",
        "ach_product_transaction_id": null,
        "location_id": USER,
        "paylink_api_id": null,
        "contact_id": "11e999d31a7ab26aa1f36f05",
        "amount_due": "99999999.99",
        "cell_phone": "1111111111",
        "email": email,
        "description": null,
        "expire_date": "2022-04-10",
        "status_id": 0,
        "display_product_transaction_receipt_details": 1,
        "display_billing_fields": 1,
        "delivery_method": 1,
        "active": 1,
        "created_ts": 1647964123,
        "modified_ts": 1647964123,
        "created_user_id": USER,
        "modified_user_id": USER,
        "_links": {"self": {"href": "{{url}}/v2/paylinks/11eca9f78d3654da9f92abd0"}}
    })
}

fn paylink(email: &str) -> types::Paylink {
    types::Paylink {
        id: ID.into(),
        cc_product_transaction_id: "11eca9f76a959008955ce03b".into(),
        ach_product_transaction_id: None,
        location_id: USER.into(),
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
        created_user_id: USER.into(),
        modified_user_id: USER.into(),
        links: types::PaylinkLinks {
            self_: link("{{url}}/v2/paylinks/11eca9f78d3654da9f92abd0"),
        },
    }
}

fn link(href: &str) -> types::Link {
    types::Link { href: href.into() }
}

fn wrapped(email: &str) -> types::PaylinkResponse {
    types::PaylinkResponse {
        paylink: paylink(email),
    }
}

fn wrapped_json(email: &str) -> Value {
    json!({ "paylink": paylink_json(email) })
}

/// The documented create example: a card paylink notified by email and SMS.
fn create_request() -> types::PaylinkCreateRequest {
    types::PaylinkCreateRequest {
        paylink: types::PaylinkCreate {
            location_id: Some(USER.into()),
            cc_product_transaction_id: Some("11ec9bbbc02c6176b04f35e7".into()),
            expire_date: Some("2022-03-10".parse().expect("a date")),
            amount_due: Some(99999999.99),
            email: Some("jones@emailr.com".into()),
            cell_phone: Some("1111111111".into()),
            contact_id: Some("11ec939cccb05bf494a312a1".into()),
            delivery_method: Some(types::DeliveryMethod::V3),
            ..Default::default()
        },
    }
}

fn create_request_json() -> Value {
    json!({"paylink": {
        "location_id": USER,
        "cc_product_transaction_id": "11ec9bbbc02c6176b04f35e7",
        "expire_date": "2022-03-10",
        "amount_due": 99999999.99,
        "email": "jones@emailr.com",
        "cell_phone": "1111111111",
        "contact_id": "11ec939cccb05bf494a312a1",
        "delivery_method": 3
    }})
}

// ------------------------------------------------------------ listPaylinks

fn list_json() -> Value {
    json!({
        "paylinks": [paylink_json("ezekiel@zeamster.com")],
        "meta": {
            "pagination": {
                "links": {
                    "self": {"href": "{{url}}/v2/paylinks?page_size=1&page=1"},
                    "next": {"href": "{{url}}/v2/paylinks?page_size=1&page=2"},
                    "last": {"href": "{{url}}/v2/paylinks?page_size=1&page=2"}
                },
                "totalCount": 2,
                "pageCount": 2,
                "currentPage": 0,
                "perPage": 1
            },
            "sort": {"attributes": {"created_ts": "desc"}}
        }
    })
}

fn list() -> types::PaylinkListResponse {
    types::PaylinkListResponse {
        paylinks: vec![paylink("ezekiel@zeamster.com")],
        meta: types::ListMeta {
            pagination: types::Pagination {
                links: types::PaginationLinks {
                    self_: link("{{url}}/v2/paylinks?page_size=1&page=1"),
                    next: Some(link("{{url}}/v2/paylinks?page_size=1&page=2")),
                    last: Some(link("{{url}}/v2/paylinks?page_size=1&page=2")),
                },
                total_count: 2,
                page_count: 2,
                current_page: 0,
                per_page: 1,
            },
            sort: types::SortMeta {
                attributes: [("created_ts".to_string(), "desc".to_string())].into(),
            },
        },
    }
}

fn filter() -> BTreeMap<String, String> {
    [("email", "jones+paylinks@emailr.com"), ("status_id", "0")]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

#[tokio::test]
async fn list_paylinks_sends_filters_paging_sort_and_expand() {
    use types::PaylinkExpand as E;
    let server = MockServer::start().await;
    server.respond_json(200, list_json());
    let response = client(&server)
        .list_paylinks()
        .filter(filter())
        .page(1)
        .page_size(1)
        .sort("created_ts")
        .expand(vec![E::CreatedUser, E::Contact, E::PaymentUrl])
        .send()
        .await
        .expect("documented 200");
    let request = server.single();
    assert_eq!(request.method, "GET");
    assert_eq!(request.path, "/v2/paylinks");
    let expected = pairs(&[
        ("email", "jones+paylinks@emailr.com"),
        ("status_id", "0"),
        ("page", "1"),
        ("page_size", "1"),
        ("sort", "created_ts"),
        ("expand", "created_user,contact,payment_url"),
    ]);
    assert_eq!(request.query, expected);
    assert_eq!(request.query_value("filter"), None);
    assert_credentials(&request);
    assert_no_body(&request);
    assert_eq!(response.status, 200);
    assert_eq!(response.body, ListPaylinksResponse::Ok(list()));
}

#[tokio::test]
async fn list_paylinks_without_options_sends_no_query() {
    let server = MockServer::start().await;
    let mut body = list_json();
    body["paylinks"] = json!([]);
    let links = &mut body["meta"]["pagination"]["links"];
    links
        .as_object_mut()
        .expect("object")
        .retain(|k, _| k == "self");
    server.respond_json(200, body);
    let response = client(&server)
        .list_paylinks()
        .send()
        .await
        .expect("documented 200");
    let request = server.single();
    assert_eq!(request.path, "/v2/paylinks");
    assert!(request.query.is_empty(), "{:?}", request.query);
    assert_credentials(&request);
    let ListPaylinksResponse::Ok(page) = response.body else {
        panic!("expected the 200, got {:?}", response.body);
    };
    assert!(page.paylinks.is_empty());
    assert_eq!(page.meta.pagination.links.next, None);
    assert_eq!(page.meta.pagination.links.last, None);
}

// ------------------------------------------------------------ createPaylink

#[tokio::test]
async fn create_paylink_sends_the_wrapped_body() {
    let server = MockServer::start().await;
    server.respond_json(201, wrapped_json("jones@emailr.com"));
    let response = client(&server)
        .create_paylink(create_request())
        .send()
        .await
        .expect("documented 2XX");
    let request = server.single();
    assert_eq!(request.method, "POST");
    assert_eq!(request.path, "/v2/paylinks");
    assert!(request.query.is_empty());
    assert_credentials(&request);
    assert_json_body(&request, create_request_json());
    assert_eq!(response.status, 201);
    assert_eq!(
        response.body,
        CreatePaylinkResponse::Status2xx(wrapped("jones@emailr.com"))
    );
}

#[tokio::test]
async fn create_paylink_sends_only_the_fields_set_and_takes_any_2xx() {
    let server = MockServer::start().await;
    let client = client(&server);
    let body = types::PaylinkCreateRequest {
        paylink: types::PaylinkCreate {
            ach_product_transaction_id: Some("11ec9bbbc02c6176b04f35e8".into()),
            amount_due: Some(25.5),
            paylink_api_id: Some("INV-2025-0042".into()),
            contact_api_id: Some("crm-7781".into()),
            delivery_method: Some(types::DeliveryMethod::V0),
            status_id: Some(types::StatusId::V0),
            ..Default::default()
        },
    };
    for status in [200u16, 202] {
        server.respond_json(status, wrapped_json("jones@emailr.com"));
        let response = client.create_paylink(body.clone()).send().await;
        let response = response.unwrap_or_else(|e| panic!("{status} is 2XX: {e}"));
        assert_eq!(response.status, status);
        let expected = CreatePaylinkResponse::Status2xx(wrapped("jones@emailr.com"));
        assert_eq!(response.body, expected);
        let sent = json!({"paylink": {
            "ach_product_transaction_id": "11ec9bbbc02c6176b04f35e8",
            "amount_due": 25.5,
            "paylink_api_id": "INV-2025-0042",
            "contact_api_id": "crm-7781",
            "delivery_method": 0,
            "status_id": 0
        }});
        assert_json_body(&server.single(), sent);
    }
}

// --------------------------------------------------------------- getPaylink

#[tokio::test]
async fn get_paylink_sends_the_id_and_expand() {
    use types::PaylinkExpand as E;
    let server = MockServer::start().await;
    let client = client(&server);
    server.respond_json(200, wrapped_json("jones@emailr.com"));
    let response = client
        .get_paylink(ID)
        .expand(vec![E::CreatedUser, E::Contact, E::PaymentUrl])
        .send()
        .await
        .expect("documented 200");
    let request = server.single();
    assert_eq!(request.method, "GET");
    assert_eq!(request.path, PAYLINK_PATH);
    let expected = pairs(&[("expand", "created_user,contact,payment_url")]);
    assert_eq!(request.query, expected);
    assert_credentials(&request);
    assert_no_body(&request);
    assert_eq!(response.status, 200);
    let expected = GetPaylinkResponse::Ok(wrapped("jones@emailr.com"));
    assert_eq!(response.body, expected);
    server.respond_json(200, wrapped_json("jones@emailr.com"));
    client.get_paylink(ID).send().await.expect("documented 200");
    assert!(server.single().query.is_empty(), "expand left out");
}

#[tokio::test]
async fn every_expand_value_is_written_as_the_spec_spells_it() {
    use types::PaylinkExpand as E;
    let server = MockServer::start().await;
    server.respond_json(200, wrapped_json("jones@emailr.com"));
    let all = vec![
        E::Contact,
        E::EmailBlacklist,
        E::SmsBlacklist,
        E::Location,
        E::Tags,
        E::CreatedUser,
        E::PaymentUrl,
        E::Unknown("transactions".into()),
    ];
    client(&server)
        .get_paylink(ID)
        .expand(all)
        .send()
        .await
        .expect("documented 200");
    let expected =
        "contact,email_blacklist,sms_blacklist,location,tags,created_user,payment_url,transactions";
    assert_eq!(server.single().query, pairs(&[("expand", expected)]));
}

#[tokio::test]
async fn paylink_values_outside_the_examples_decode_and_reencode() {
    let server = MockServer::start().await;
    let mut body = paylink_json("jones@emailr.com");
    body["ach_product_transaction_id"] = json!("11ec9bbbc02c6176b04f35e8");
    body["paylink_api_id"] = json!("INV-2025-0042");
    body["description"] = json!("Invoice 42");
    body["status_id"] = json!(1);
    body["delivery_method"] = json!(7);
    body["active"] = json!(0);
    let body = json!({ "paylink": body });
    server.respond_json(200, body.clone());
    let response = client(&server).get_paylink(ID).send().await;
    let answer = response.expect("documented 200").body;
    let GetPaylinkResponse::Ok(decoded) = answer else {
        panic!("expected the 200, got {answer:?}");
    };
    let p = &decoded.paylink;
    assert_eq!(
        p.ach_product_transaction_id.as_deref(),
        Some("11ec9bbbc02c6176b04f35e8")
    );
    assert_eq!(p.paylink_api_id.as_deref(), Some("INV-2025-0042"));
    assert_eq!(p.description.as_deref(), Some("Invoice 42"));
    assert_eq!(p.status_id, types::StatusId::V1);
    assert_eq!(p.delivery_method, types::DeliveryMethod::Unknown(7));
    assert_eq!(p.active, types::IntBoolean::V0);
    assert_eq!(serde_json::to_value(&decoded).expect("serializes"), body);
}

// ------------------------------------------------------------ updatePaylink

#[tokio::test]
async fn update_paylink_sends_only_the_changed_fields() {
    let server = MockServer::start().await;
    server.respond_json(200, wrapped_json("newmail@mailer.com"));
    let body = types::PaylinkUpdateRequest {
        paylink: types::PaylinkUpdate {
            email: Some("newmail@mailer.com".into()),
            ..Default::default()
        },
    };
    let response = client(&server)
        .update_paylink(ID, body)
        .send()
        .await
        .expect("documented 200");
    let request = server.single();
    assert_eq!(request.method, "PUT");
    assert_eq!(request.path, PAYLINK_PATH);
    assert!(request.query.is_empty());
    assert_credentials(&request);
    let sent = json!({"paylink": {"email": "newmail@mailer.com"}});
    assert_json_body(&request, sent);
    assert_eq!(response.status, 200);
    let expected = UpdatePaylinkResponse::Ok(wrapped("newmail@mailer.com"));
    assert_eq!(response.body, expected);
}

#[tokio::test]
async fn update_paylink_sends_every_field_it_is_given() {
    let server = MockServer::start().await;
    server.respond_json(200, wrapped_json("jones@emailr.com"));
    let body = types::PaylinkUpdateRequest {
        paylink: types::PaylinkUpdate {
            cc_product_transaction_id: Some("11ec9bbbc02c6176b04f35e7".into()),
            ach_product_transaction_id: Some("11ec9bbbc02c6176b04f35e8".into()),
            location_id: Some(USER.into()),
            amount_due: Some(120.25),
            expire_date: Some("2022-05-01".parse().expect("a date")),
            email: Some("jones@emailr.com".into()),
            cell_phone: Some("5555550100".into()),
            contact_id: Some("11ec939cccb05bf494a312a1".into()),
            contact_api_id: Some("crm-7781".into()),
            paylink_api_id: Some("INV-2025-0042".into()),
            delivery_method: Some(types::DeliveryMethod::V2),
            status_id: Some(types::StatusId::V1),
        },
    };
    client(&server)
        .update_paylink(ID, body)
        .send()
        .await
        .expect("documented 200");
    let sent = json!({"paylink": {
        "cc_product_transaction_id": "11ec9bbbc02c6176b04f35e7",
        "ach_product_transaction_id": "11ec9bbbc02c6176b04f35e8",
        "location_id": USER,
        "amount_due": 120.25,
        "expire_date": "2022-05-01",
        "email": "jones@emailr.com",
        "cell_phone": "5555550100",
        "contact_id": "11ec939cccb05bf494a312a1",
        "contact_api_id": "crm-7781",
        "paylink_api_id": "INV-2025-0042",
        "delivery_method": 2,
        "status_id": 1
    }});
    assert_json_body(&server.single(), sent);
}

// ----------------------------------------------------- deletePaylink, resend

#[tokio::test]
async fn delete_paylink_answers_204_or_404_without_a_body() {
    let server = MockServer::start().await;
    let client = client(&server);
    let cases = [
        (204u16, DeletePaylinkResponse::NoContent),
        (404, DeletePaylinkResponse::NotFound),
    ];
    for (status, expected) in cases {
        server.respond_empty(status);
        let response = client.delete_paylink(ID).send().await;
        let response = response.unwrap_or_else(|e| panic!("{status} is documented: {e}"));
        assert_eq!(response.status, status);
        assert_eq!(response.body, expected);
        let request = server.single();
        assert_eq!(request.method, "DELETE");
        assert_eq!(request.path, PAYLINK_PATH);
        assert!(request.query.is_empty());
        assert_credentials(&request);
        assert_no_body(&request);
    }
}

#[tokio::test]
async fn resend_paylink_notification_answers_204_or_404_without_a_body() {
    use ResendPaylinkNotificationResponse as R;
    let server = MockServer::start().await;
    let client = client(&server);
    for (status, expected) in [(204u16, R::NoContent), (404, R::NotFound)] {
        server.respond_empty(status);
        let response = client.resend_paylink_notification(ID).send().await;
        let response = response.unwrap_or_else(|e| panic!("{status} is documented: {e}"));
        assert_eq!(response.status, status);
        assert_eq!(response.body, expected);
        let request = server.single();
        assert_eq!(request.method, "POST");
        assert_eq!(request.path, format!("{PAYLINK_PATH}/resend"));
        assert!(request.query.is_empty());
        assert_credentials(&request);
        assert_no_body(&request);
    }
}

// -------------------------------------------------------------- path param

#[tokio::test]
async fn a_refused_request_decodes_as_the_client_error_range() {
    let server = MockServer::start().await;
    server.respond(422, "text/plain", "bad expand");
    let response = client(&server)
        .get_paylink(ID)
        .send()
        .await
        .expect("4XX is documented");
    assert_eq!(response.status, 422);
    assert_eq!(response.body, GetPaylinkResponse::Status4xx);
}

#[tokio::test]
async fn paylink_ids_are_percent_encoded_in_the_path() {
    let server = MockServer::start().await;
    let client = client(&server);
    let id = "11eca9f7/8d36 54da?x#y";
    let encoded = "/v2/paylinks/11eca9f7%2F8d36%2054da%3Fx%23y";
    server.respond_json(200, wrapped_json("jones@emailr.com"));
    client.get_paylink(id).send().await.expect("documented 200");
    assert_eq!(server.single().path, encoded);
    server.respond_empty(204);
    client
        .delete_paylink(id)
        .send()
        .await
        .expect("documented 204");
    assert_eq!(server.single().path, encoded);
    server.respond_empty(204);
    client
        .resend_paylink_notification(id)
        .send()
        .await
        .expect("204");
    assert_eq!(server.single().path, format!("{encoded}/resend"));
}

/// Whether every path is one paylink's own segment under `/v2/paylinks/`.
fn all_on_one_paylink(paths: &[String]) -> bool {
    let one = |p: &String| {
        p.strip_prefix("/v2/paylinks/")
            .is_some_and(|rest| !rest.is_empty() && !rest.contains('/'))
    };
    !paths.is_empty() && paths.iter().all(one)
}

/// An id of `..` or `.` must be refused or stay one paylink's segment; URL
/// normalization must not turn `DELETE /paylinks/..` into `DELETE /`.
#[tokio::test]
async fn a_dot_segment_id_never_reaches_another_resource() {
    let server = MockServer::start().await;
    let client = client(&server);
    for id in ["..", "."] {
        server.respond_empty(204);
        let refused = client.delete_paylink(id).send().await.is_err();
        let paths: Vec<String> = server.take().into_iter().map(|r| r.path).collect();
        assert!(
            (refused && paths.is_empty()) || all_on_one_paylink(&paths),
            "DELETE for id {id:?} went to {paths:?}"
        );
    }
}

// ------------------------------------------------------------------ errors

#[tokio::test]
async fn undocumented_status_is_an_error_with_the_raw_response() {
    let server = MockServer::start().await;
    let client = client(&server);
    let body = r#"{"status":502,"message":"upstream"}"#;
    server.respond(502, "application/json", body);
    let err = client.get_paylink(ID).send().await.expect_err("502");
    assert!(matches!(err, Error::UnexpectedStatus(_)), "{err}");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(502));
    assert_eq!(err.body().map(|b| b.as_ref()), Some(body.as_bytes()));
    server.respond(500, "text/html", "<h1>Server Error</h1>");
    let err = client.delete_paylink(ID).send().await.expect_err("500");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(500));
    assert_eq!(
        err.body().map(|b| b.as_ref()),
        Some(&b"<h1>Server Error</h1>"[..])
    );
    server.respond_empty(200);
    let err = client.resend_paylink_notification(ID).send().await;
    let err = err.expect_err("200 is not documented for resend");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(200));
}

fn assert_decode_error(err: &Error, status: u16, body: &str) {
    assert!(matches!(err, Error::Decode { .. }), "{status}: {err}");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(status));
    assert_eq!(err.body().map(|b| b.as_ref()), Some(body.as_bytes()));
}

#[tokio::test]
async fn a_body_that_does_not_fit_is_a_decode_error() {
    let server = MockServer::start().await;
    let client = client(&server);
    server.respond(200, "application/json", "{not json");
    let err = client.list_paylinks().send().await.expect_err("bad JSON");
    assert_decode_error(&err, 200, "{not json");
    let mut paylink = paylink_json("jones@emailr.com");
    paylink["amount_due"] = json!(99.5);
    let body = json!({ "paylink": paylink }).to_string();
    server.respond(201, "application/json", body.clone());
    let err = client.create_paylink(create_request()).send().await;
    assert_decode_error(&err.expect_err("number amount"), 201, &body);
    let unwrapped = paylink_json("jones@emailr.com").to_string();
    server.respond(200, "application/json", unwrapped.clone());
    let err = client.get_paylink(ID).send().await.expect_err("no wrapper");
    assert_decode_error(&err, 200, &unwrapped);
}

#[tokio::test]
async fn missing_credentials_fail_before_sending() {
    let server = MockServer::start().await;
    let base = format!("{}/v2", server.base_url);
    let all_three = ["user-id + user-api-key + developer-id".to_string()];
    let none = Client::with_base_url(&base);
    let err = none.list_paylinks().send().await.expect_err("no keys");
    assert!(
        matches!(&err, Error::MissingCredentials { schemes } if schemes[..] == all_three),
        "{err}"
    );
    let two_of_three = Client::with_base_url(&base)
        .with_user_id(USER_ID)
        .with_user_api_key(USER_API_KEY);
    let err = two_of_three
        .delete_paylink(ID)
        .send()
        .await
        .expect_err("no developer-id");
    assert!(
        matches!(&err, Error::MissingCredentials { schemes } if schemes[..] == all_three),
        "{err}"
    );
    assert!(server.take().is_empty(), "nothing was sent");
}
