//! The OAuth 2 client-credentials flow of a real spec: the OpenAPI
//! Initiative's tic-tac-toe example from the corpus declares
//! `app2AppOauth` (`clientCredentials` at an absolute `tokenUrl`, scope
//! `board:read` on `get-board`). Its generated client, given only the
//! client id and secret, obtains a token from a loopback token endpoint
//! (standing in for the spec's host) and sends it; the endpoint checks the
//! grant as RFC 6749 section 4.4 describes it. The module comes from the
//! corpus through `provider!`, so a missing corpus fails the build.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{json, Value};

paylink::provider!(
    spec = "../../shared/corpus/specs/oai-tictactoe.yaml",
    module = "tictactoe",
    server = false
);

/// What the loopback host saw.
#[derive(Default)]
struct Host {
    grants: AtomicUsize,
    /// The lifetime the token endpoint answers, in seconds.
    expires_in: AtomicUsize,
    /// Each token request's authorization header and form body.
    requests: Mutex<Vec<(String, String)>>,
    /// The bearer tokens the board was read with.
    presented: Mutex<Vec<String>>,
}

/// `client:secret`, base64 (RFC 4648), as HTTP basic authentication sends it.
const BASIC: &str = "Basic Y2xpZW50OnNlY3JldA==";

async fn token(
    State(host): State<Arc<Host>>,
    headers: HeaderMap,
    body: String,
) -> (StatusCode, Json<Value>) {
    let auth = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    host.requests
        .lock()
        .expect("log")
        .push((auth.clone(), body.clone()));
    let has = |pair: &str| body.split('&').any(|p| p == pair);
    let grant = has("grant_type=client_credentials");
    let refresh = has("grant_type=refresh_token") && has("refresh_token=refresh-1");
    if auth != BASIC || !(grant || refresh) || !has("scope=board%3Aread") {
        return (
            StatusCode::BAD_REQUEST,
            Json(json!({"error": "invalid_client"})),
        );
    }
    let n = host.grants.fetch_add(1, Ordering::SeqCst) + 1;
    let answer = json!({
        "access_token": format!("oauth-{n}"),
        "token_type": "Bearer",
        "expires_in": host.expires_in.load(Ordering::SeqCst),
        "refresh_token": "refresh-1",
    });
    (StatusCode::OK, Json(answer))
}

async fn board(State(host): State<Arc<Host>>, headers: HeaderMap) -> (StatusCode, Json<Value>) {
    let bearer = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or_default()
        .to_string();
    host.presented.lock().expect("log").push(bearer.clone());
    if !bearer.starts_with("oauth-") {
        return (StatusCode::UNAUTHORIZED, Json(json!({})));
    }
    let row = json!([".", ".", "."]);
    (
        StatusCode::OK,
        Json(json!({"winner": ".", "board": [row, row, row]})),
    )
}

async fn start() -> (Arc<Host>, String) {
    let host = Arc::new(Host::default());
    host.expires_in.store(3600, Ordering::SeqCst);
    let app = Router::new()
        .route("/oauth/2.0/token", post(token))
        .route("/board", get(board))
        .with_state(host.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("address"));
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    (host, base)
}

#[tokio::test]
async fn client_credentials_obtain_a_scoped_token_once_and_send_it() {
    let (host, base) = start().await;
    let client = tictactoe::Client::with_base_url(&base)
        .with_server_replaced("https://learn.openapis.org", &base)
        .with_app2_app_oauth_credentials("client", "secret");
    for _ in 0..3 {
        let answer = client
            .get_board()
            .send()
            .await
            .expect("a documented answer");
        assert_eq!(answer.status, 200);
        let tictactoe::GetBoardResponse::Ok(status) = answer.body;
        assert_eq!(status.board.map(|b| b.len()), Some(3));
    }
    assert_eq!(host.grants.load(Ordering::SeqCst), 1);
    assert_eq!(*host.presented.lock().expect("log"), vec!["oauth-1"; 3]);
    let requests = host.requests.lock().expect("log").clone();
    assert_eq!(requests.len(), 1, "{requests:?}");
    assert_eq!(requests[0].0, BASIC);
}

#[tokio::test]
async fn a_refused_client_is_a_token_error_with_the_oauth_code_only() {
    let (host, base) = start().await;
    let client = tictactoe::Client::with_base_url(&base)
        .with_server_replaced("https://learn.openapis.org", &base)
        .with_app2_app_oauth_credentials("client", "wrong-secret");
    let error = client.get_board().send().await.expect_err("refused");
    let text = format!("{error} {error:?}");
    assert!(
        text.contains("app2AppOauth") && text.contains("invalid_client"),
        "{text}"
    );
    assert!(!text.contains("wrong-secret"), "{text}");
    assert!(host.presented.lock().expect("log").is_empty());
}

/// A token about to expire is renewed with the refresh token the endpoint
/// gave (RFC 6749 section 6), scoped as the operation needs.
#[tokio::test]
async fn an_expiring_token_is_renewed_with_its_refresh_token() {
    let (host, base) = start().await;
    host.expires_in.store(1, Ordering::SeqCst);
    let client = tictactoe::Client::with_base_url(&base)
        .with_server_replaced("https://learn.openapis.org", &base)
        .with_app2_app_oauth_credentials("client", "secret");
    client.get_board().send().await.expect("first call");
    tokio::time::sleep(std::time::Duration::from_millis(600)).await;
    client.get_board().send().await.expect("second call");
    let requests = host.requests.lock().expect("log").clone();
    let grants: Vec<&str> = requests
        .iter()
        .map(|(_, body)| {
            body.split('&')
                .find(|p| p.starts_with("grant_type="))
                .unwrap_or("")
        })
        .collect();
    assert_eq!(
        grants,
        ["grant_type=client_credentials", "grant_type=refresh_token"]
    );
    assert_eq!(*host.presented.lock().expect("log"), ["oauth-1", "oauth-2"]);
}

/// Records each call its hook sees: operation, method, path template and
/// the status of the answer.
#[derive(Clone, Default)]
struct Seen(Arc<Mutex<Vec<String>>>);

impl paylink::codegen::Hook for Seen {
    fn on_response(
        &self,
        call: &paylink::codegen::Call,
        outcome: Option<(
            paylink::codegen::reqwest::StatusCode,
            &paylink::codegen::reqwest::header::HeaderMap,
        )>,
        _: std::time::Duration,
    ) {
        let status = outcome.map(|(status, _)| status.as_u16());
        let line = format!(
            "{} {} {} {status:?}",
            call.operation, call.method, call.path
        );
        self.0.lock().expect("log").push(line);
    }
}

/// The grant goes through the client's call path: its hooks see the token
/// request (named by the flow, not by its URL) before the call it serves.
#[tokio::test]
async fn hooks_see_the_token_grant() {
    let (_host, base) = start().await;
    let seen = Seen::default();
    let client = tictactoe::Client::with_base_url(&base)
        .with_server_replaced("https://learn.openapis.org", &base)
        .with_app2_app_oauth_credentials("client", "secret")
        .with_hook(seen.clone());
    client
        .get_board()
        .send()
        .await
        .expect("a documented answer");
    let seen = seen.0.lock().expect("log").clone();
    assert_eq!(
        seen,
        [
            "oauth2.clientCredentials POST {tokenUrl} Some(200)",
            "get-board GET /board Some(200)"
        ]
    );
}
