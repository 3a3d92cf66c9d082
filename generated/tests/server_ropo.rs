//! Ropo One served by its generated server: an in-test implementation of
//! `server::Api` answers on a loopback port, the generated client calls it,
//! and raw requests the client cannot send are refused before the handler.
//!
//! The spec declares no schema constraints on the operation's inputs (its
//! parameters are plain strings), so there are no `constraint` tests here.

#[path = "common/serve.rs"]
mod serve;

use std::sync::{Arc, Mutex};

use paylink::codegen::Secret;
use paylink::ropo::server::{
    router, Api, CreateTokenRequest, GetOnlinePayLinkActionRequest, Reply,
};
use paylink::ropo::types::{
    HttpApiProblem, PaylinkResponse, TokenError, TokenRequest, TokenResponse,
};
use paylink::ropo::{Client, CreateTokenResponse, GetOnlinePayLinkActionResponse as PayLink};
use serve::{send_raw, serve};

/// The bearer token the tests send.
const TOKEN: &str = "jwt.for.tests";

/// An implementation recording every request it is handed; the billing
/// number picks the answer (`bad`, `forbidden`, `missing`, else 200).
#[derive(Clone, Default)]
struct Ropo {
    seen: Arc<Mutex<Vec<GetOnlinePayLinkActionRequest>>>,
}

impl Ropo {
    /// The requests the handler was handed so far.
    fn seen(&self) -> Vec<GetOnlinePayLinkActionRequest> {
        self.seen.lock().expect("lock").clone()
    }
}

/// A problem body with `status` and `title`.
fn problem(status: i64, title: &str) -> HttpApiProblem {
    HttpApiProblem {
        status: Some(Some(status)),
        r#type: Some(None),
        title: Some(Some(title.to_string())),
        detail: Some(Some(format!("{title} ({status})"))),
    }
}

impl Api for Ropo {
    /// Issues [`TOKEN`] for the customer `c-1` with the API code `code-1`.
    async fn create_token(&self, request: CreateTokenRequest) -> Reply<CreateTokenResponse> {
        match (request.body.cid.as_str(), request.body.apicode.expose()) {
            ("c-1", "code-1") => CreateTokenResponse::Created(TokenResponse {
                token: Secret::from(TOKEN),
            }),
            _ => CreateTokenResponse::BadRequest(TokenError {
                error_id: 7,
                error_text: "unknown customer".into(),
            }),
        }
        .into()
    }

    async fn get_online_pay_link_action(
        &self,
        request: GetOnlinePayLinkActionRequest,
    ) -> Reply<PayLink> {
        self.seen.lock().expect("lock").push(request.clone());
        match request.billnum.as_str() {
            "bad" => PayLink::BadRequest(problem(400, "bad billnum")),
            "forbidden" => PayLink::Forbidden(problem(403, "not yours")),
            "missing" => PayLink::NotFound(problem(404, "no such bill")),
            bill => PayLink::Ok(PaylinkResponse {
                url: Some(format!("https://pay.example/{bill}")),
            }),
        }
        .into()
    }
}

/// Serves a fresh implementation; it and the base URL.
async fn start() -> (Ropo, String) {
    let ropo = Ropo::default();
    let base = serve(router(ropo.clone())).await;
    (ropo, base)
}

/// A client for `base` holding the test token.
fn client(base: &str) -> Client {
    Client::with_base_url(base).with_bearer_auth(TOKEN)
}

#[tokio::test]
async fn get_online_pay_link_reaches_the_handler_with_every_parameter() {
    let (ropo, base) = start().await;
    let callback = "https://shop.example/back?x=1&y=a b";
    let response = client(&base)
        .get_online_pay_link_action("INV-7", callback)
        .service("tink")
        .language("fi")
        .send()
        .await
        .expect("documented response");
    assert_eq!(response.status, 200);
    let url = Some("https://pay.example/INV-7".to_string());
    assert_eq!(response.body, PayLink::Ok(PaylinkResponse { url }));
    let seen = ropo.seen();
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].billnum, "INV-7");
    assert_eq!(seen[0].callback_url, callback);
    assert_eq!(seen[0].service.as_deref(), Some("tink"));
    assert_eq!(seen[0].language.as_deref(), Some("fi"));
    assert_eq!(
        seen[0].credentials.bearer_auth.as_ref().map(Secret::expose),
        Some(TOKEN)
    );
}

#[tokio::test]
async fn get_online_pay_link_leaves_absent_optional_parameters_unset() {
    let (ropo, base) = start().await;
    let response = client(&base)
        .get_online_pay_link_action("1", "cb")
        .send()
        .await
        .expect("documented response");
    assert_eq!(response.status, 200);
    let seen = ropo.seen();
    assert_eq!(seen.len(), 1);
    assert_eq!(
        (seen[0].billnum.as_str(), seen[0].callback_url.as_str()),
        ("1", "cb")
    );
    assert_eq!(seen[0].service, None);
    assert_eq!(seen[0].language, None);
}

#[tokio::test]
async fn get_online_pay_link_documented_errors_reach_the_client() {
    let (_, base) = start().await;
    let client = client(&base);
    let cases = [
        ("bad", 400, PayLink::BadRequest(problem(400, "bad billnum"))),
        (
            "forbidden",
            403,
            PayLink::Forbidden(problem(403, "not yours")),
        ),
        (
            "missing",
            404,
            PayLink::NotFound(problem(404, "no such bill")),
        ),
    ];
    for (bill, status, expected) in cases {
        let response = client
            .get_online_pay_link_action(bill, "cb")
            .send()
            .await
            .expect("documented response");
        assert_eq!(response.status, status, "{bill}");
        assert_eq!(response.body, expected, "{bill}");
    }
}

/// Sends a raw GET to `/online/paylink{query}` with `headers`.
async fn get_raw(base: &str, query: &str, headers: &[(&str, &str)]) -> serve::Answer {
    send_raw("GET", &format!("{base}/online/paylink{query}"), headers, "").await
}

#[tokio::test]
async fn get_online_pay_link_without_a_required_query_parameter_is_400() {
    let (ropo, base) = start().await;
    let auth = format!("Bearer {TOKEN}");
    let headers = [("authorization", auth.as_str())];
    for (query, name) in [
        ("?callback_url=cb", "billnum"),
        ("?billnum=1", "callback_url"),
    ] {
        let answer = get_raw(&base, query, &headers).await;
        assert_eq!(answer.status, 400, "{query}: {}", answer.body);
        assert!(answer.body.contains(name), "{query}: {}", answer.body);
    }
    assert!(ropo.seen().is_empty(), "the handler must not run");
}

#[tokio::test]
async fn get_online_pay_link_without_a_bearer_token_is_401() {
    let (ropo, base) = start().await;
    let query = "?billnum=1&callback_url=cb";
    let answer = get_raw(&base, query, &[]).await;
    assert_eq!(answer.status, 401, "{}", answer.body);
    let basic = [("authorization", "Basic dXNlcjpwYXNz")];
    let answer = get_raw(&base, query, &basic).await;
    assert_eq!(answer.status, 401, "another scheme: {}", answer.body);
    assert!(ropo.seen().is_empty(), "the handler must not run");
}

#[tokio::test]
async fn the_router_refuses_unknown_paths_and_methods() {
    let (_, base) = start().await;
    let auth = format!("Bearer {TOKEN}");
    let headers = [("authorization", auth.as_str())];
    let answer = send_raw("GET", &format!("{base}/online/nowhere"), &headers, "").await;
    assert_eq!(answer.status, 404);
    let url = format!("{base}/online/paylink?billnum=1&callback_url=cb");
    let answer = send_raw("POST", &url, &headers, "").await;
    assert_eq!(answer.status, 405);
    let allow = answer.header("allow").unwrap_or_default();
    assert!(allow.contains("GET"), "Allow: {allow}");
}

/// The token operation is served: the generated client obtains the token
/// from it and sends it on the next call.
#[tokio::test]
async fn a_client_with_the_long_lived_credentials_obtains_the_token() {
    let (ropo, base) = start().await;
    let credentials = TokenRequest {
        cid: "c-1".into(),
        apicode: Secret::from("code-1"),
    };
    let response = Client::with_base_url(&base)
        .with_bearer_auth_credentials(credentials)
        .get_online_pay_link_action("42", "https://shop.example/back")
        .send()
        .await
        .expect("documented response");
    assert_eq!(response.status, 200);
    let seen = ropo.seen();
    let presented = seen[0].credentials.bearer_auth.as_ref().map(Secret::expose);
    assert_eq!(presented, Some(TOKEN));
}

/// Refused long-lived credentials are a token error naming the scheme,
/// and the call is not sent.
#[tokio::test]
async fn refused_long_lived_credentials_are_a_token_error() {
    let (ropo, base) = start().await;
    let credentials = TokenRequest {
        cid: "c-2".into(),
        apicode: Secret::from("code-1"),
    };
    let error = Client::with_base_url(&base)
        .with_bearer_auth_credentials(credentials)
        .get_online_pay_link_action("42", "https://shop.example/back")
        .send()
        .await
        .expect_err("the token is refused");
    assert!(
        error.to_string().contains("`bearerAuth`") && error.to_string().contains("400"),
        "{error}"
    );
    assert!(ropo.seen().is_empty());
}
