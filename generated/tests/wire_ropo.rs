//! Ropo One on the wire: the generated client's request and its decoding of
//! every documented response, against a loopback server.

mod common;

use common::MockServer;
use paylink::ropo::{types, Client, GetOnlinePayLinkActionResponse};
use serde_json::json;

/// A client for the mock server. It never retries: these tests read what
/// one call puts on the wire and makes of one answer (retries are tested in
/// `client_calls.rs`).
async fn client(server: &MockServer) -> Client {
    Client::with_base_url(format!("{}/rest", server.base_url))
        .with_bearer_auth("token-123")
        .with_retry(paylink::codegen::RetryPolicy::none())
}

#[tokio::test]
async fn get_online_pay_link_sends_query_and_bearer_token() {
    let server = MockServer::start().await;
    server.respond_json(200, json!({"url": "paylink/pay.php?uuid=abc"}));
    let response = client(&server)
        .await
        .get_online_pay_link_action("INV-1", "https://example.test/back?x=1&y=2")
        .language("fi")
        .send()
        .await
        .expect("documented 200");
    let request = server.single();
    assert_eq!(request.method, "GET");
    assert_eq!(request.path, "/rest/online/paylink");
    assert_eq!(
        request.query,
        [
            ("billnum".to_string(), "INV-1".to_string()),
            (
                "callback_url".to_string(),
                "https://example.test/back?x=1&y=2".to_string()
            ),
            ("language".to_string(), "fi".to_string()),
        ]
    );
    assert_eq!(request.header("authorization"), Some("Bearer token-123"));
    assert_eq!(response.status, 200);
    assert_eq!(
        response.body,
        GetOnlinePayLinkActionResponse::Ok(types::PaylinkResponse {
            url: Some("paylink/pay.php?uuid=abc".into())
        })
    );
}

#[tokio::test]
async fn each_documented_error_decodes_as_problem_details() {
    let server = MockServer::start().await;
    let client = client(&server).await;
    for status in [400u16, 403, 404] {
        server.respond_json(
            status,
            json!({"status": status, "title": "nope", "detail": null}),
        );
        let response = client
            .get_online_pay_link_action("1", "cb")
            .send()
            .await
            .expect("documented");
        let problem = match response.body {
            GetOnlinePayLinkActionResponse::BadRequest(p)
            | GetOnlinePayLinkActionResponse::Forbidden(p)
            | GetOnlinePayLinkActionResponse::NotFound(p) => p,
            other => panic!("{status}: unexpected variant {other:?}"),
        };
        assert_eq!(response.status, status);
        assert_eq!(problem.status, Some(Some(i64::from(status))));
        assert_eq!(problem.title, Some(Some("nope".into())));
        assert_eq!(
            problem.detail,
            Some(None),
            "explicit null is kept apart from absent"
        );
        assert_eq!(problem.r#type, None);
    }
}

#[tokio::test]
async fn undocumented_status_and_bad_body_are_errors_with_the_raw_response() {
    let server = MockServer::start().await;
    let client = client(&server).await;
    server.respond(502, "text/plain", "upstream down");
    let err = client
        .get_online_pay_link_action("1", "cb")
        .send()
        .await
        .expect_err("undocumented");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(502));
    assert_eq!(err.body().map(|b| b.as_ref()), Some(&b"upstream down"[..]));
    server.respond(200, "application/json", "{not json");
    let err = client
        .get_online_pay_link_action("1", "cb")
        .send()
        .await
        .expect_err("bad body");
    assert!(
        matches!(err, paylink::codegen::Error::Decode { .. }),
        "{err}"
    );
    assert_eq!(err.body().map(|b| b.as_ref()), Some(&b"{not json"[..]));
}

#[tokio::test]
async fn missing_credentials_fail_before_sending() {
    let server = MockServer::start().await;
    let client = Client::with_base_url(&server.base_url);
    let err = client
        .get_online_pay_link_action("1", "cb")
        .send()
        .await
        .expect_err("no token");
    assert!(
        matches!(err, paylink::codegen::Error::MissingCredentials { .. }),
        "{err}"
    );
    assert!(server.take().is_empty());
}
