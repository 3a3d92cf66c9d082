//! FrontStream's Payment API served by its generated server: an in-test
//! implementation of `server::Api` answers on a loopback port, the generated
//! client calls it, and raw requests the client cannot send are refused
//! before the handler.
//!
//! The `AccessToken` header is the security scheme `accessToken` the
//! overlay declares (the spec has it as a plain header parameter): a
//! request without it is refused with 401 before the handler. Functions whose
//! names contain `constraint` send one request per schema constraint of the
//! create body; they fail until the generated server validates constraints.

#[path = "common/serve.rs"]
mod serve;
#[path = "values/frontstream.rs"]
mod values;

use std::sync::{Arc, Mutex};

use paylink::codegen::Secret;
use paylink::frontstream::server::{
    router, Api, CreateClientSessionRequest, DeleteApiPaylinkRequest, PostApiPaylinkRequest, Reply,
};
use paylink::frontstream::types::{
    BrokenRule, ClientSessionResponse, PayLinkResponse, ProblemDetails,
};
use paylink::frontstream::{
    Client, CreateClientSessionResponse, DeleteApiPaylinkResponse, PostApiPaylinkResponse,
};
use serde_json::{json, Value};
use serve::{send_raw, serve, Answer};
use values::*;

/// An implementation recording every request it is handed. The create
/// answers 400 for the API key `bad` and 404 for the access token `gone`;
/// the delete answers 400 for the link `bad`.
#[derive(Clone, Default)]
struct FrontStream {
    posts: Arc<Mutex<Vec<PostApiPaylinkRequest>>>,
    deletes: Arc<Mutex<Vec<DeleteApiPaylinkRequest>>>,
}

impl FrontStream {
    fn posts(&self) -> Vec<PostApiPaylinkRequest> {
        self.posts.lock().expect("lock").clone()
    }

    fn deletes(&self) -> Vec<DeleteApiPaylinkRequest> {
        self.deletes.lock().expect("lock").clone()
    }
}

/// The broken rules answered with a 400.
fn broken(message: &str) -> Vec<BrokenRule> {
    vec![BrokenRule {
        error_code: Some(17),
        message: Some(Some(message.to_string())),
        logger_message: Some(None),
    }]
}

/// The problem answered with a 404, with an extension member.
fn not_found() -> ProblemDetails {
    let mut problem = ProblemDetails {
        title: Some(Some("Not Found".into())),
        status: Some(Some(404)),
        detail: Some(None),
        ..ProblemDetails::default()
    };
    problem
        .additional_properties
        .insert("traceId".into(), json!("t-1"));
    problem
}

/// A successful answer carrying `url`.
fn link(url: String) -> PayLinkResponse {
    PayLinkResponse {
        pay_link_url: Some(Some(url)),
    }
}

impl Api for FrontStream {
    /// Issues [`ACCESS_TOKEN`] to the client `c-1` with the secret `s-1`.
    async fn create_client_session(
        &self,
        request: CreateClientSessionRequest,
    ) -> Reply<CreateClientSessionResponse> {
        let body = request.body;
        match (body.client_id.as_str(), body.client_secret.expose()) {
            ("c-1", "s-1") => CreateClientSessionResponse::Ok(ClientSessionResponse {
                token: Secret::from(ACCESS_TOKEN),
                client_id: Some(Some(body.client_id.clone())),
                expiration_date: Some(None),
            }),
            _ => CreateClientSessionResponse::BadRequest(broken("unknown client")),
        }
        .into()
    }

    async fn post_api_paylink(
        &self,
        request: PostApiPaylinkRequest,
    ) -> Reply<PostApiPaylinkResponse> {
        self.posts.lock().expect("lock").push(request.clone());
        let key = request.body.as_ref().map(|b| b.api_key.expose());
        match (
            request
                .credentials
                .access_token
                .as_ref()
                .map_or("", |t| t.expose()),
            key,
        ) {
            ("gone", _) => PostApiPaylinkResponse::NotFound(not_found()),
            (_, Some("bad")) => PostApiPaylinkResponse::BadRequest(broken("bad key")),
            (_, key) => {
                let url = format!("https://pay.example/{}", key.unwrap_or("none"));
                PostApiPaylinkResponse::Ok(link(url))
            }
        }
        .into()
    }

    async fn delete_api_paylink(
        &self,
        request: DeleteApiPaylinkRequest,
    ) -> Reply<DeleteApiPaylinkResponse> {
        self.deletes.lock().expect("lock").push(request.clone());
        match request.pay_link_id.as_str() {
            "bad" => DeleteApiPaylinkResponse::BadRequest(broken("in use")),
            id => DeleteApiPaylinkResponse::Ok(link(format!("https://pay.example/{id}"))),
        }
        .into()
    }
}

/// Serves a fresh implementation; it and the base URL.
async fn start() -> (FrontStream, String) {
    let api = FrontStream::default();
    let base = serve(router(api.clone())).await;
    (api, base)
}

#[tokio::test]
async fn post_api_paylink_reaches_the_handler_with_header_and_body() {
    let (api, base) = start().await;
    let body = create_body("key-1");
    let response = Client::with_base_url(&base)
        .with_access_token(ACCESS_TOKEN)
        .post_api_paylink()
        .body(body.clone())
        .send()
        .await
        .expect("documented response");
    assert_eq!(response.status, 200);
    let url = "https://pay.example/key-1".to_string();
    assert_eq!(response.body, PostApiPaylinkResponse::Ok(link(url)));
    let posts = api.posts();
    assert_eq!(posts.len(), 1);
    assert_eq!(
        posts[0]
            .credentials
            .access_token
            .as_ref()
            .map_or("", |t| t.expose()),
        ACCESS_TOKEN
    );
    assert_eq!(posts[0].body, Some(body));
}

#[tokio::test]
async fn post_api_paylink_without_a_body_reaches_the_handler_as_none() {
    let (api, base) = start().await;
    let response = Client::with_base_url(&base)
        .with_access_token(ACCESS_TOKEN)
        .post_api_paylink()
        .send()
        .await
        .expect("documented response");
    let url = "https://pay.example/none".to_string();
    assert_eq!(response.body, PostApiPaylinkResponse::Ok(link(url)));
    let posts = api.posts();
    assert_eq!(posts.len(), 1);
    assert_eq!(posts[0].body, None);
}

#[tokio::test]
async fn post_api_paylink_documented_errors_reach_the_client() {
    let (_, base) = start().await;
    let client = Client::with_base_url(&base);
    let response = client
        .clone()
        .with_access_token(ACCESS_TOKEN)
        .post_api_paylink()
        .body(create_body("bad"))
        .send()
        .await
        .expect("documented 400");
    assert_eq!(response.status, 400);
    assert_eq!(
        response.body,
        PostApiPaylinkResponse::BadRequest(broken("bad key"))
    );
    let response = client
        .with_access_token("gone")
        .post_api_paylink()
        .body(create_body("key"))
        .send()
        .await
        .expect("documented 404");
    assert_eq!(response.status, 404);
    assert_eq!(response.body, PostApiPaylinkResponse::NotFound(not_found()));
}

#[tokio::test]
async fn delete_api_paylink_reaches_the_handler_with_every_parameter() {
    let (api, base) = start().await;
    let response = Client::with_base_url(&base)
        .with_access_token(ACCESS_TOKEN)
        .delete_api_paylink("link 42")
        .integration_source("erp")
        .send()
        .await
        .expect("documented response");
    assert_eq!(response.status, 200);
    let url = "https://pay.example/link 42".to_string();
    assert_eq!(response.body, DeleteApiPaylinkResponse::Ok(link(url)));
    let deletes = api.deletes();
    assert_eq!(deletes.len(), 1);
    assert_eq!(deletes[0].pay_link_id, "link 42");
    assert_eq!(deletes[0].integration_source.as_deref(), Some("erp"));
    assert_eq!(
        deletes[0]
            .credentials
            .access_token
            .as_ref()
            .map_or("", |t| t.expose()),
        ACCESS_TOKEN
    );
}

/// A string header parameter holding a comma is one value, not a list.
#[tokio::test]
async fn an_access_token_with_a_comma_reaches_the_handler() {
    let (api, base) = start().await;
    let result = Client::with_base_url(&base)
        .with_access_token("tok,en")
        .delete_api_paylink("1")
        .send()
        .await;
    let response = result.expect("documented response");
    assert_eq!(response.status, 200, "{:?}", response.body);
    assert_eq!(
        api.deletes()[0]
            .credentials
            .access_token
            .as_ref()
            .map_or("", |t| t.expose()),
        "tok,en"
    );
}

#[tokio::test]
async fn delete_api_paylink_documented_error_reaches_the_client() {
    let (api, base) = start().await;
    let response = Client::with_base_url(&base)
        .with_access_token(ACCESS_TOKEN)
        .delete_api_paylink("bad")
        .send()
        .await
        .expect("documented 400");
    assert_eq!(response.status, 400);
    assert_eq!(
        response.body,
        DeleteApiPaylinkResponse::BadRequest(broken("in use"))
    );
    assert_eq!(api.deletes()[0].integration_source, None);
}

/// A valid create body as raw JSON.
fn valid_json() -> Value {
    json!({
        "ApiKey": "key",
        "RedirectUrl": "https://shop.example/done",
        "PaymentLines": [{"Type": 1, "Recurring": 0, "Amount": "5.00"}]
    })
}

/// Posts `body` raw with the access token and `content_type`.
async fn post_raw(base: &str, content_type: &str, body: &str) -> Answer {
    let headers = [
        ("AccessToken", ACCESS_TOKEN),
        ("content-type", content_type),
    ];
    send_raw("POST", &format!("{base}/api/paylink"), &headers, body).await
}

/// Posts the valid body changed by `change`, as JSON.
async fn post_changed(base: &str, change: impl FnOnce(&mut Value)) -> Answer {
    let mut body = valid_json();
    change(&mut body);
    post_raw(base, "application/json", &body.to_string()).await
}

/// Whether `answer` is a 400 naming `name`; a description when not.
fn refused_naming(answer: &Answer, name: &str) -> Result<(), String> {
    if answer.status == 400 && answer.body.contains(name) {
        Ok(())
    } else {
        Err(format!("`{name}`: {} {}", answer.status, answer.body))
    }
}

#[tokio::test]
async fn post_api_paylink_accepts_every_json_media_type_of_the_spec() {
    let (api, base) = start().await;
    let body = valid_json().to_string();
    for media in [
        "application/json",
        "application/json-patch+json",
        "text/json",
    ] {
        let answer = post_raw(&base, media, &body).await;
        assert_eq!(answer.status, 200, "{media}: {}", answer.body);
        assert_eq!(
            answer.json()["PayLinkUrl"],
            "https://pay.example/key",
            "{media}"
        );
    }
    assert_eq!(api.posts().len(), 3);
}

#[tokio::test]
async fn post_api_paylink_without_the_access_token_header_is_401() {
    let (api, base) = start().await;
    let headers = [("content-type", "application/json")];
    let body = valid_json().to_string();
    let answer = send_raw("POST", &format!("{base}/api/paylink"), &headers, &body).await;
    assert_eq!(answer.status, 401, "{}", answer.body);
    assert!(api.posts().is_empty(), "the handler must not run");
}

#[tokio::test]
async fn post_api_paylink_with_malformed_json_is_400() {
    let (api, base) = start().await;
    let answer = post_raw(&base, "application/json", r#"{"ApiKey": "k","#).await;
    assert_eq!(answer.status, 400, "{}", answer.body);
    assert!(api.posts().is_empty(), "the handler must not run");
}

#[tokio::test]
async fn post_api_paylink_with_another_content_type_is_415() {
    let (api, base) = start().await;
    let answer = post_raw(&base, "text/plain", &valid_json().to_string()).await;
    assert_eq!(answer.status, 415, "{}", answer.body);
    assert!(api.posts().is_empty(), "the handler must not run");
}

#[tokio::test]
async fn post_api_paylink_without_a_required_body_field_is_400() {
    let (api, base) = start().await;
    let mut failures = Vec::new();
    for name in ["ApiKey", "RedirectUrl", "PaymentLines"] {
        let answer = post_changed(&base, |b| drop(b.as_object_mut().unwrap().remove(name))).await;
        failures.extend(refused_naming(&answer, name).err());
    }
    for name in ["Type", "Recurring"] {
        let answer = post_changed(&base, |b| {
            drop(b["PaymentLines"][0].as_object_mut().unwrap().remove(name))
        })
        .await;
        failures.extend(refused_naming(&answer, name).err());
    }
    assert_eq!(failures, Vec::<String>::new());
    assert!(api.posts().is_empty(), "the handler must not run");
}

/// A field of the wrong JSON type is refused with 400 naming the field.
#[tokio::test]
async fn post_api_paylink_with_a_field_of_the_wrong_json_type_is_400_naming_it() {
    let (api, base) = start().await;
    let cases = vec![
        ("/ApiKey".to_string(), json!(7)),
        ("/PaymentLines".to_string(), json!("many")),
        ("/PaymentLines/0/Type".to_string(), json!("abc")),
        ("/ShowTransactionId".to_string(), json!("yes")),
    ];
    let failures = unrefused(&base, cases).await;
    assert!(api.posts().is_empty(), "the handler must not run");
    assert_eq!(failures, Vec::<String>::new());
}

#[tokio::test]
async fn post_api_paylink_takes_the_access_token_from_its_header() {
    let (api, base) = start().await;
    let answer = post_raw(&base, "application/json", &valid_json().to_string()).await;
    assert_eq!(answer.status, 200, "{}", answer.body);
    assert_eq!(
        api.posts()[0]
            .credentials
            .access_token
            .as_ref()
            .map_or("", |t| t.expose()),
        ACCESS_TOKEN
    );
}

#[tokio::test]
async fn delete_api_paylink_without_a_required_parameter_is_400() {
    let (api, base) = start().await;
    let url = format!("{base}/api/paylink");
    let answer = send_raw("DELETE", &url, &[("AccessToken", ACCESS_TOKEN)], "").await;
    assert_eq!(refused_naming(&answer, "PayLinkId"), Ok(()));
    let answer = send_raw("DELETE", &format!("{url}?PayLinkId=1"), &[], "").await;
    assert_eq!(answer.status, 401, "no access token: {}", answer.body);
    assert!(api.deletes().is_empty(), "the handler must not run");
}

/// Sets the member at JSON pointer `pointer` of `body` (its parent must
/// exist) to `value`.
fn set(body: &mut Value, pointer: &str, value: Value) {
    let (parent, name) = pointer.rsplit_once('/').expect("a JSON pointer");
    body.pointer_mut(parent)
        .and_then(Value::as_object_mut)
        .expect("the parent is an object")
        .insert(name.to_string(), value);
}

/// Sends one raw create per `(pointer, value)`, the valid body with the
/// member at `pointer` set to `value`, and lists those not refused with a
/// 400 naming the member.
async fn unrefused(base: &str, cases: Vec<(String, Value)>) -> Vec<String> {
    let mut failures = Vec::new();
    for (pointer, value) in cases {
        let name = pointer.rsplit('/').next().unwrap_or_default();
        let answer = post_changed(base, |b| set(b, &pointer, value)).await;
        failures.extend(refused_naming(&answer, name).err());
    }
    failures
}

/// The body's string fields and their `maxLength`.
const MAX_LENGTHS: &[(&str, usize)] = &[
    ("IpAddress", 40),
    ("RedirectUrl", 500),
    ("TranId", 100),
    ("TransactionIdText", 100),
    ("PoweredByText", 100),
    ("PoweredByUrl", 500),
    ("DonateButtonText", 100),
    ("Language", 35),
    ("DefaultCountryCode", 2),
    ("Theme", 5000),
    ("FirstName", 50),
    ("LastName", 50),
    ("Email", 100),
    ("Street", 50),
    ("City", 50),
    ("Zip", 10),
    ("State", 50),
    ("Country", 2),
    ("Phone", 20),
    ("ExternalCardToken", 200),
    ("ExternalCheckToken", 200),
    ("ExternalEventId", 10),
    ("ExternalEventName", 500),
];

#[tokio::test]
async fn post_api_paylink_constraint_max_length_of_body_strings() {
    let (api, base) = start().await;
    let mut cases = Vec::new();
    for &(name, max) in MAX_LENGTHS {
        cases.push((format!("/{name}"), json!("a".repeat(max + 1))));
    }
    for (name, max) in [("Amount", 7), ("ExternalLineId", 100)] {
        let pointer = format!("/PaymentLines/0/{name}");
        cases.push((pointer, json!("1".repeat(max + 1))));
    }
    assert_eq!(unrefused(&base, cases).await, Vec::<String>::new());
    assert!(api.posts().is_empty(), "the handler must not run");
}

#[tokio::test]
async fn post_api_paylink_constraint_max_items_of_theme_fonts() {
    let (api, base) = start().await;
    let cases = vec![("/ThemeFonts".to_string(), json!(vec!["Roboto"; 51]))];
    assert_eq!(unrefused(&base, cases).await, Vec::<String>::new());
    assert!(api.posts().is_empty(), "the handler must not run");
}

#[tokio::test]
async fn post_api_paylink_constraint_email_format() {
    let (api, base) = start().await;
    let cases = vec![("/Email".to_string(), json!("not an email"))];
    assert_eq!(unrefused(&base, cases).await, Vec::<String>::new());
    assert!(api.posts().is_empty(), "the handler must not run");
}

#[tokio::test]
async fn post_api_paylink_constraint_int32_format_of_line_integers() {
    let (api, base) = start().await;
    let big = json!(1_i64 << 40);
    let cases = vec![
        ("/PaymentLines/0/Type".to_string(), big.clone()),
        ("/PaymentLines/0/Recurring".to_string(), big),
    ];
    assert_eq!(unrefused(&base, cases).await, Vec::<String>::new());
    assert!(api.posts().is_empty(), "the handler must not run");
}

#[tokio::test]
async fn post_api_paylink_constraint_additional_properties_are_refused() {
    let (api, base) = start().await;
    let cases = vec![
        ("/Surprise".to_string(), json!(1)),
        ("/PaymentLines/0/Extra".to_string(), json!(1)),
    ];
    assert_eq!(unrefused(&base, cases).await, Vec::<String>::new());
    assert!(api.posts().is_empty(), "the handler must not run");
}

#[tokio::test]
async fn post_api_paylink_constraint_null_for_non_nullable_fields() {
    let pointers = [
        "/ApiKey",
        "/RedirectUrl",
        "/PaymentLines",
        "/PaymentLines/0/Type",
        "/PaymentLines/0/Recurring",
    ];
    let (api, base) = start().await;
    let cases = pointers
        .iter()
        .map(|p| (p.to_string(), Value::Null))
        .collect();
    assert_eq!(unrefused(&base, cases).await, Vec::<String>::new());
    assert!(api.posts().is_empty(), "the handler must not run");
}

/// The session operation is served: a client given the client id and
/// secret obtains an access token from it for the call.
#[tokio::test]
async fn a_client_with_the_client_secret_obtains_an_access_token() {
    let (api, base) = start().await;
    let credentials = paylink::frontstream::types::ClientSessionRequest {
        client_id: "c-1".into(),
        client_secret: Secret::from("s-1"),
    };
    let response = Client::with_base_url(&base)
        .with_access_token_credentials(credentials)
        .delete_api_paylink("link-1")
        .send()
        .await
        .expect("documented response");
    assert_eq!(response.status, 200);
    let deletes = api.deletes();
    let presented = deletes[0]
        .credentials
        .access_token
        .as_ref()
        .map(Secret::expose);
    assert_eq!(presented, Some(ACCESS_TOKEN));
}
