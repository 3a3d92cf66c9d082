//! No log line shows a credential: every `log` record (reqwest's, and the
//! `tracing` events of hyper-util, tower and axum, which reach `log` when
//! no `tracing` subscriber is set) is captured at `Trace` level while a
//! client holding the secret in every kind of scheme calls a generated
//! server, gets a 500, obtains a token from a token operation that fails,
//! and meets a refused connection. The capture is a
//! test binary of its own, since a logger is global.

#[path = "support/secrets_server.rs"]
mod fixture;
#[path = "common/serve.rs"]
mod serve;

use std::sync::Mutex;

use paylink::codegen::Secret;

/// The credential every call carries.
const SECRET: &str = "sk_live_L0gCapt9reXz";

/// Every record logged, formatted with its level and target.
struct Capture {
    lines: Mutex<Vec<String>>,
}

static CAPTURE: Capture = Capture {
    lines: Mutex::new(Vec::new()),
};

impl log::Log for Capture {
    fn enabled(&self, _: &log::Metadata<'_>) -> bool {
        true
    }

    fn log(&self, record: &log::Record<'_>) {
        let line = format!("{} {} {}", record.level(), record.target(), record.args());
        if let Ok(mut lines) = self.lines.lock() {
            lines.push(line);
        }
    }

    fn flush(&self) {}
}

/// A server for the fixture that answers every operation with a token (or
/// the account operation's documented 500).
struct Issuer;

impl fixture::server::Api for Issuer {
    async fn ropo_token(
        &self,
        _: fixture::server::RopoTokenRequest,
    ) -> fixture::server::Reply<fixture::RopoTokenResponse> {
        fixture::RopoTokenResponse::Created(fixture::types::RopoToken {
            token: Secret::from(SECRET),
        })
        .into()
    }

    async fn frontstream_client_session(
        &self,
        _: fixture::server::FrontstreamClientSessionRequest,
    ) -> fixture::server::Reply<fixture::FrontstreamClientSessionResponse> {
        fixture::FrontstreamClientSessionResponse::Ok(fixture::types::ClientSession {
            token: Secret::from(SECRET),
            expires_at: None,
        })
        .into()
    }

    async fn payroc_authorize(
        &self,
        _: fixture::server::PayrocAuthorizeRequest,
    ) -> fixture::server::Reply<fixture::PayrocAuthorizeResponse> {
        fixture::PayrocAuthorizeResponse::Ok(fixture::types::BearerToken {
            access_token: Secret::from(SECRET),
            refresh_token: Some(Some(Secret::from(SECRET))),
            token_type: "Bearer".into(),
            expires_in: 60,
        })
        .into()
    }

    async fn get_account(
        &self,
        _: fixture::server::GetAccountRequest,
    ) -> fixture::server::Reply<fixture::GetAccountResponse> {
        fixture::GetAccountResponse::InternalServerError.into()
    }
}

/// A client holding the secret in every scheme, for `base`.
fn client(base: &str) -> fixture::Client {
    fixture::Client::with_base_url(base)
        .with_bearer(SECRET)
        .with_api_key(SECRET)
        .with_query_key(SECRET)
        .with_cookie_key(SECRET)
        .with_basic(SECRET, SECRET)
        .with_digest(SECRET)
}

#[tokio::test]
async fn calls_that_succeed_and_fail_log_no_credential() {
    log::set_logger(&CAPTURE).expect("the only logger of this binary");
    log::set_max_level(log::LevelFilter::Trace);

    let base = serve::serve(fixture::server::router(Issuer)).await;
    let client = client(&base);
    let token = client
        .ropo_token(fixture::types::RopoTokenRequest {
            cid: 1,
            apicode: Secret::from(SECRET),
        })
        .send()
        .await;
    assert!(token.is_ok(), "{token:?}");
    let session = client
        .frontstream_client_session(fixture::types::ClientSessionRequest {
            client_id: "c".into(),
            client_secret: Secret::from(SECRET),
        })
        .send()
        .await;
    assert!(session.is_ok(), "{session:?}");
    let authorized = client.payroc_authorize().send().await;
    assert!(authorized.is_ok(), "{authorized:?}");
    // A documented 500, through the query key (the first alternative whose
    // credentials are set is the bearer; every scheme is tried below).
    let failed = client
        .get_account("a", SECRET)
        .x_session_key(SECRET)
        .send()
        .await;
    assert!(failed.is_ok(), "{failed:?}");
    for only in [
        fixture::Client::with_base_url(&base).with_query_key(SECRET),
        fixture::Client::with_base_url(&base).with_cookie_key(SECRET),
        fixture::Client::with_base_url(&base).with_basic(SECRET, SECRET),
        fixture::Client::with_base_url(&base).with_digest(SECRET),
    ] {
        let answered = only.get_account("a", SECRET).send().await;
        assert!(answered.is_ok(), "{only:?}: {answered:?}");
    }
    // An undocumented 500 from a server that is not the fixture's.
    let down = serve::serve(
        axum::Router::new()
            .fallback(|| async { (axum::http::StatusCode::INTERNAL_SERVER_ERROR, "down") }),
    )
    .await;
    let error = self::client(&down).payroc_authorize().send().await;
    assert!(error.is_err());
    log::error!("call failed: {:?}", error.err());
    // A token source whose token operation fails: the call is not sent.
    let exchanged = paylink::payroc::Client::with_base_url(&down)
        .with_server_replaced("https://identity.payroc.com", &down)
        .with_bearer_auth_credentials(SECRET)
        .retrieve_payment_link("JZURRJBUPS")
        .send()
        .await;
    let error = exchanged.expect_err("the token operation answers 500");
    log::error!("call failed: {error} / {error:?}");
    // A refused connection, with the key in the query string.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("address").port();
    drop(listener);
    let refused = fixture::Client::with_base_url(format!("http://127.0.0.1:{port}"))
        .with_query_key(SECRET)
        .get_account("a", SECRET)
        .send()
        .await;
    let error = refused.expect_err("nothing listens");
    log::error!("call failed: {error} / {error:?}");

    let lines = CAPTURE.lines.lock().expect("lock").clone();
    // The capture saw the HTTP stack at work, so finding nothing means
    // something.
    assert!(
        lines
            .iter()
            .any(|l| l.contains("reqwest") || l.contains("hyper")),
        "the HTTP stack logged nothing:\n{}",
        lines.join("\n")
    );
    assert!(lines.iter().any(|l| l.contains("call failed")));
    let leaks: Vec<&String> = lines.iter().filter(|l| l.contains(SECRET)).collect();
    assert!(leaks.is_empty(), "log lines show the secret:\n{leaks:#?}");
}
