//! No credential shows: every public generated and runtime type that can
//! hold one (clients with credentials set, their request builders,
//! `Credentials`, token requests and responses, server request structs,
//! the credentials a generated server hands its handler, `rt::Error`
//! values) is formatted with `{:?}`, `{:#?}` and, where it has one, `{}`,
//! and the distinctive secret below must appear in none of them. A failing
//! call's error (a refused connection, a 500 from a loopback server, a
//! credential a header cannot carry) must not show it either.
//!
//! The five built-in providers are covered as generated; the token
//! exchanges that their specs do not declare (Ropo One's `POST /rest/token`,
//! FrontStream's `POST /api/ClientSession`) are covered by
//! `tests/fixtures/secrets.yaml`, which copies their shapes and exercises
//! every kind of security scheme.

#[path = "support/secrets_server.rs"]
mod fixture;
#[path = "values/fortis.rs"]
mod fortis_values;
#[path = "values/frontstream.rs"]
mod frontstream_values;
#[path = "values/onepay.rs"]
mod onepay_values;
#[path = "values/payroc.rs"]
mod payroc_values;
#[path = "common/serve.rs"]
mod serve;

use std::fmt::{Debug, Display};
use std::sync::{Arc, Mutex};

use paylink::codegen::{self as rt, Secret};

/// The credential every test sets; distinctive enough that finding any
/// part of it in printed text is a leak.
const SECRET: &str = "sk_live_Q7vX2mZp9LwR4tYs";

/// Parts of [`SECRET`] that a truncating formatter might still print.
const FRAGMENTS: &[&str] = &[SECRET, "Q7vX2mZp", "9LwR4tYs"];

/// Panics when `shown` (the text of `what`) contains any part of the secret.
fn assert_hidden(what: &str, shown: &str) {
    for fragment in FRAGMENTS {
        assert!(
            !shown.contains(fragment),
            "{what} shows the secret (`{fragment}`):\n{shown}"
        );
    }
}

/// `value` formatted with `{:?}` and `{:#?}` shows no secret.
fn debug_hidden(what: &str, value: &impl Debug) {
    assert_hidden(what, &format!("{value:?}"));
    assert_hidden(what, &format!("{value:#?}"));
}

/// `value` formatted with `{:?}`, `{:#?}` and `{}` shows no secret.
fn all_hidden(what: &str, value: &(impl Debug + Display)) {
    debug_hidden(what, value);
    assert_hidden(what, &format!("{value}"));
}

/// The secret, for a credential field or a setter.
fn secret() -> Secret {
    Secret::from(SECRET)
}

#[test]
fn the_secret_type_shows_stars_and_gives_its_value_only_when_asked() {
    let s = secret();
    assert_eq!(format!("{s:?}"), "***");
    assert_eq!(format!("{s}"), "***");
    assert_eq!(s.expose(), SECRET);
    assert_eq!(s, Secret::from(SECRET.to_string()));
    // Sanity for the checks below: a plain string would be caught.
    let caught = std::panic::catch_unwind(|| debug_hidden("a String", &SECRET.to_string()));
    assert!(caught.is_err(), "assert_hidden must catch a plain string");
}

#[test]
fn ropo_client_builders_credentials_and_server_requests() {
    use paylink::ropo::{server, Client, Credentials};
    let credentials = Credentials {
        bearer_auth: Some(secret()),
    };
    debug_hidden("ropo Credentials", &credentials);
    let client = Client::with_base_url("https://ropo.example/rest").with_bearer_auth(SECRET);
    debug_hidden("ropo Client", &client);
    let client = client.with_credentials(credentials.clone());
    debug_hidden("ropo Client", &client);
    let builder = client
        .get_online_pay_link_action("INV-1", "https://shop.example/back")
        .service("tink")
        .language("fi");
    debug_hidden("ropo GetOnlinePayLinkAction", &builder);
    let request = server::GetOnlinePayLinkActionRequest {
        billnum: "INV-1".into(),
        callback_url: "https://shop.example/back".into(),
        service: None,
        language: None,
        credentials,
    };
    debug_hidden("ropo GetOnlinePayLinkActionRequest", &request);
}

#[test]
fn frontstream_client_builders_token_parameters_and_server_requests() {
    use frontstream_values::create_body;
    use paylink::frontstream::{server, Client, Credentials};
    let credentials = || Credentials {
        access_token: Some(secret()),
    };
    debug_hidden("frontstream Credentials", &credentials());
    let session = paylink::frontstream::types::ClientSessionRequest {
        client_id: "client".into(),
        client_secret: secret(),
    };
    debug_hidden("frontstream ClientSessionRequest", &session);
    let client = Client::with_base_url("https://frontstream.example").with_access_token(SECRET);
    debug_hidden("frontstream Client", &client);
    let exchanging = Client::with_base_url("https://frontstream.example")
        .with_access_token_credentials(session.clone());
    debug_hidden("frontstream Client with a token source", &exchanging);
    // The access token is the `accessToken` scheme's credential; the body's
    // `ApiKey` is a credential too.
    let body = create_body(SECRET);
    debug_hidden("frontstream PayLinkRequest", &body);
    let post = client.post_api_paylink().body(body.clone());
    debug_hidden("frontstream PostApiPaylink", &post);
    let delete = client
        .delete_api_paylink("link-1")
        .integration_source("tests");
    debug_hidden("frontstream DeleteApiPaylink", &delete);
    let session_call = exchanging.create_client_session(session);
    debug_hidden("frontstream CreateClientSession", &session_call);
    let token = paylink::frontstream::types::ClientSessionResponse {
        token: secret(),
        client_id: None,
        expiration_date: None,
    };
    debug_hidden("frontstream ClientSessionResponse", &token);
    let request = server::PostApiPaylinkRequest {
        body: Some(body),
        credentials: credentials(),
    };
    debug_hidden("frontstream PostApiPaylinkRequest", &request);
    let request = server::DeleteApiPaylinkRequest {
        pay_link_id: "link-1".into(),
        integration_source: None,
        credentials: credentials(),
    };
    debug_hidden("frontstream DeleteApiPaylinkRequest", &request);
}

#[test]
fn onepay_client_builders_credentials_and_server_requests() {
    use onepay_values::{create_body, update_body};
    use paylink::onepay::{server, Client, Credentials};
    let credentials = Credentials {
        company_api_key: Some(secret()),
    };
    debug_hidden("onepay Credentials", &credentials);
    let client = Client::new().with_company_api_key(SECRET);
    debug_hidden("onepay Client", &client);
    debug_hidden(
        "onepay CreatePaymentLink",
        &client.create_payment_link("app", create_body()),
    );
    debug_hidden(
        "onepay GetPaymentLink",
        &client.get_payment_link("link", "app"),
    );
    debug_hidden(
        "onepay UpdatePaymentLink",
        &client.update_payment_link("link", update_body("app")),
    );
    debug_hidden(
        "onepay DeletePaymentLink",
        &client.delete_payment_link("link", "app"),
    );
    let request = server::GetPaymentLinkRequest {
        link_id: "link".into(),
        app_id: "app".into(),
        credentials: credentials.clone(),
    };
    debug_hidden("onepay GetPaymentLinkRequest", &request);
    let request = server::CreatePaymentLinkRequest {
        app_id: "app".into(),
        body: create_body(),
        credentials,
    };
    debug_hidden("onepay CreatePaymentLinkRequest", &request);
}

#[test]
fn payroc_client_builders_token_response_and_server_requests() {
    use paylink::payroc::types::{BearerToken, BearerTokenType};
    use paylink::payroc::{server, Client, Credentials, GenerateBearerTokenResponse};
    use payroc_values::{multi_use, patch, sharing_event};
    let credentials = Credentials {
        bearer_auth: Some(secret()),
        api_key_auth: Some(secret()),
    };
    debug_hidden("payroc Credentials", &credentials);
    let client = Client::new()
        .with_api_key_auth(SECRET)
        .with_bearer_auth(SECRET);
    debug_hidden("payroc Client", &client);
    debug_hidden(
        "payroc GenerateBearerToken",
        &client.generate_bearer_token(),
    );
    debug_hidden(
        "payroc ListPaymentLinks",
        &client.list_payment_links("1234001").limit(5),
    );
    debug_hidden(
        "payroc CreatePaymentLink",
        &client
            .create_payment_link("1234001", multi_use())
            .idempotency_key("idem"),
    );
    debug_hidden(
        "payroc RetrievePaymentLink",
        &client.retrieve_payment_link("LINK"),
    );
    debug_hidden(
        "payroc UpdatePaymentLink",
        &client
            .update_payment_link("LINK", patch())
            .idempotency_key("idem"),
    );
    debug_hidden(
        "payroc DeactivatePaymentLink",
        &client.deactivate_payment_link("LINK"),
    );
    debug_hidden(
        "payroc ListPaymentLinkSharingEvents",
        &client.list_payment_link_sharing_events("LINK"),
    );
    debug_hidden(
        "payroc SharePaymentLink",
        &client
            .share_payment_link("LINK", sharing_event())
            .idempotency_key("idem"),
    );
    // The token response: its body is `{access_token, ...}`.
    let token = BearerToken {
        access_token: secret(),
        token_type: BearerTokenType::Bearer,
        expires_in: 3600,
        scope: None,
    };
    debug_hidden("payroc BearerToken", &token);
    let from_wire: BearerToken = serde_json::from_value(serde_json::json!({
        "access_token": SECRET, "token_type": "Bearer", "expires_in": 3600
    }))
    .expect("a token body decodes");
    debug_hidden("payroc BearerToken (decoded)", &from_wire);
    assert_eq!(from_wire.access_token.expose(), SECRET);
    debug_hidden(
        "payroc GenerateBearerTokenResponse",
        &GenerateBearerTokenResponse::Ok(token),
    );
    let request = server::GenerateBearerTokenRequest {
        credentials: credentials.clone(),
    };
    debug_hidden("payroc GenerateBearerTokenRequest", &request);
    let request = server::RetrievePaymentLinkRequest {
        payment_link_id: "LINK".into(),
        credentials,
    };
    debug_hidden("payroc RetrievePaymentLinkRequest", &request);
}

#[test]
fn fortis_client_builders_credentials_and_server_requests() {
    use fortis_values::{create_body, update_body};
    use paylink::fortis::{server, Client, Credentials};
    let credentials = Credentials {
        user_id: Some(secret()),
        user_api_key: Some(secret()),
        developer_id: Some(secret()),
    };
    debug_hidden("fortis Credentials", &credentials);
    let client = Client::new()
        .with_user_id(SECRET)
        .with_user_api_key(SECRET)
        .with_developer_id(SECRET);
    debug_hidden("fortis Client", &client);
    debug_hidden("fortis ListPaylinks", &client.list_paylinks().page(2));
    debug_hidden(
        "fortis CreatePaylink",
        &client.create_paylink(create_body(None)),
    );
    debug_hidden("fortis GetPaylink", &client.get_paylink("id"));
    debug_hidden(
        "fortis UpdatePaylink",
        &client.update_paylink("id", update_body("a@b.example")),
    );
    debug_hidden("fortis DeletePaylink", &client.delete_paylink("id"));
    debug_hidden(
        "fortis ResendPaylinkNotification",
        &client.resend_paylink_notification("id"),
    );
    let request = server::GetPaylinkRequest {
        id: "id".into(),
        expand: None,
        credentials,
    };
    debug_hidden("fortis GetPaylinkRequest", &request);
}

#[test]
fn token_exchange_bodies_are_secrets_by_the_name_and_format_rules() {
    use fixture::types::{
        Account, BearerToken, ClientSession, ClientSessionRequest, RopoToken, RopoTokenRequest,
    };
    let ropo_request = RopoTokenRequest {
        cid: 7,
        apicode: secret(),
    };
    debug_hidden("RopoTokenRequest", &ropo_request);
    let ropo: RopoToken =
        serde_json::from_value(serde_json::json!({ "token": SECRET })).expect("decodes");
    debug_hidden("RopoToken", &ropo);
    let session_request = ClientSessionRequest {
        client_id: "client-1".into(),
        client_secret: secret(),
    };
    debug_hidden("ClientSessionRequest", &session_request);
    assert!(format!("{session_request:?}").contains("client-1"));
    let session: ClientSession = serde_json::from_value(
        serde_json::json!({ "Token": SECRET, "ExpiresAt": "2030-01-01T00:00:00Z" }),
    )
    .expect("decodes");
    debug_hidden("ClientSession", &session);
    let token: BearerToken = serde_json::from_value(serde_json::json!({
        "access_token": SECRET, "refresh_token": SECRET, "token_type": "Bearer", "expires_in": 60
    }))
    .expect("decodes");
    debug_hidden("BearerToken", &token);
    let account: Account = serde_json::from_value(serde_json::json!({
        "id": "a", "pin": SECRET, "recovery": SECRET
    }))
    .expect("decodes");
    debug_hidden("Account", &account);
    // Serialized, the secrets are the plain strings again.
    let wire = serde_json::to_value(&session_request).expect("encodes");
    assert_eq!(wire["ClientSecret"], SECRET);
    // What the rules leave alone stays a plain string.
    let plain = Account {
        id: "a".into(),
        pin: None,
        recovery: None,
        secret: Some("nonce".into()),
        card_token: Some("card".into()),
    };
    let shown = format!("{plain:?}");
    assert!(shown.contains("nonce") && shown.contains("card"), "{shown}");
}

/// A fixture client holding the secret in every scheme.
/// A client holding the secret in every scheme; it does not retry, so
/// each call reaches the handler once.
fn fixture_client(base: &str) -> fixture::Client {
    fixture::Client::with_base_url(base)
        .with_retry(rt::RetryPolicy::none())
        .with_bearer(SECRET)
        .with_api_key(SECRET)
        .with_query_key(SECRET)
        .with_cookie_key(SECRET)
        .with_basic(SECRET, SECRET)
        .with_digest(SECRET)
}

#[test]
fn fixture_client_with_every_scheme_and_its_builders() {
    use fixture::types::{ClientSessionRequest, RopoTokenRequest};
    let client = fixture_client("http://localhost:8080");
    debug_hidden("fixture Client", &client);
    debug_hidden(
        "fixture RopoToken builder",
        &client.ropo_token(RopoTokenRequest {
            cid: 1,
            apicode: secret(),
        }),
    );
    debug_hidden(
        "fixture FrontstreamClientSession builder",
        &client.frontstream_client_session(ClientSessionRequest {
            client_id: "c".into(),
            client_secret: secret(),
        }),
    );
    debug_hidden(
        "fixture PayrocAuthorize builder",
        &client.payroc_authorize(),
    );
    debug_hidden(
        "fixture GetAccount builder",
        &client.get_account("a", SECRET).x_session_key(SECRET),
    );
}

/// A fixture server that keeps the `Debug` text of every request its
/// handlers are handed.
#[derive(Clone, Default)]
struct Recorder {
    seen: Arc<Mutex<Vec<String>>>,
    credentials: Arc<Mutex<Vec<fixture::Credentials>>>,
}

impl Recorder {
    fn record(&self, request: &impl Debug, credentials: &fixture::Credentials) {
        self.seen
            .lock()
            .expect("lock")
            .push(format!("{request:?}\n{request:#?}"));
        self.credentials
            .lock()
            .expect("lock")
            .push(credentials.clone());
    }
}

impl fixture::server::Api for Recorder {
    async fn ropo_token(
        &self,
        request: fixture::server::RopoTokenRequest,
    ) -> fixture::server::Reply<fixture::RopoTokenResponse> {
        self.record(&request, &request.credentials);
        fixture::RopoTokenResponse::Created(fixture::types::RopoToken { token: secret() }).into()
    }

    async fn frontstream_client_session(
        &self,
        request: fixture::server::FrontstreamClientSessionRequest,
    ) -> fixture::server::Reply<fixture::FrontstreamClientSessionResponse> {
        self.record(&request, &request.credentials);
        fixture::FrontstreamClientSessionResponse::Ok(fixture::types::ClientSession {
            token: secret(),
            expires_at: None,
        })
        .into()
    }

    async fn payroc_authorize(
        &self,
        request: fixture::server::PayrocAuthorizeRequest,
    ) -> fixture::server::Reply<fixture::PayrocAuthorizeResponse> {
        self.record(&request, &request.credentials);
        fixture::PayrocAuthorizeResponse::Ok(fixture::types::BearerToken {
            access_token: secret(),
            refresh_token: None,
            token_type: "Bearer".into(),
            expires_in: 60,
        })
        .into()
    }

    async fn get_account(
        &self,
        request: fixture::server::GetAccountRequest,
    ) -> fixture::server::Reply<fixture::GetAccountResponse> {
        self.record(&request, &request.credentials);
        assert_eq!(request.access_token.expose(), SECRET);
        fixture::GetAccountResponse::InternalServerError.into()
    }
}

#[tokio::test]
async fn a_generated_server_hands_handlers_secrets_and_token_responses_stay_hidden() {
    use fixture::types::{ClientSessionRequest, RopoTokenRequest};
    let recorder = Recorder::default();
    let base = serve::serve(fixture::server::router(recorder.clone())).await;
    let client = fixture_client(&base);

    let ropo = client
        .ropo_token(RopoTokenRequest {
            cid: 1,
            apicode: secret(),
        })
        .send()
        .await
        .expect("a token");
    debug_hidden("RopoTokenResponse", &ropo);
    let fixture::RopoTokenResponse::Created(token) = ropo.body;
    assert_eq!(token.token.expose(), SECRET);

    let session = client
        .frontstream_client_session(ClientSessionRequest {
            client_id: "c".into(),
            client_secret: secret(),
        })
        .send()
        .await
        .expect("a session");
    debug_hidden("FrontstreamClientSessionResponse", &session);

    let authorized = client.payroc_authorize().send().await.expect("a token");
    debug_hidden("PayrocAuthorizeResponse", &authorized);

    let account = client
        .get_account("a", SECRET)
        .x_session_key(SECRET)
        .send()
        .await
        .expect("a documented 500");
    debug_hidden("GetAccountResponse", &account);

    let seen = recorder.seen.lock().expect("lock").clone();
    assert_eq!(seen.len(), 4, "every handler ran");
    for text in &seen {
        assert_hidden("a server request", text);
    }
    // The handler got the values themselves, behind `Secret`.
    let credentials = recorder.credentials.lock().expect("lock").clone();
    let authorize = &credentials[2];
    assert_eq!(authorize.api_key.as_ref().map(Secret::expose), Some(SECRET));
    let account = &credentials[3];
    assert_eq!(account.bearer.as_ref().map(Secret::expose), Some(SECRET));
}

#[tokio::test]
async fn a_refused_connection_does_not_show_a_query_key() {
    // A port that was just free: nothing listens on it any more.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("address").port();
    drop(listener);
    let base = format!("http://127.0.0.1:{port}");
    // Only the query key is set, so it is the credential in the URL.
    let client = fixture::Client::with_base_url(&base).with_query_key(SECRET);
    let error = client
        .get_account("a", "header-token")
        .send()
        .await
        .expect_err("nothing listens");
    assert!(matches!(error, rt::Error::Transport(_)), "{error:?}");
    all_hidden("a transport error", &error);
    let source = std::error::Error::source(&error).expect("the reqwest error");
    assert_hidden("its source", &format!("{source} {source:?}"));
    // The error still says where the request went.
    assert!(
        format!("{error:?}").contains(&format!("127.0.0.1:{port}/accounts/a")),
        "{error:?}"
    );
}

#[tokio::test]
async fn a_500_does_not_show_a_credential() {
    let app = axum::Router::new()
        .fallback(|| async { (axum::http::StatusCode::INTERNAL_SERVER_ERROR, "down") });
    let base = serve::serve(app).await;
    let client =
        paylink::ropo::Client::with_base_url(format!("{base}/rest")).with_bearer_auth(SECRET);
    let error = client
        .get_online_pay_link_action("INV-1", "https://shop.example")
        .send()
        .await
        .expect_err("an undocumented 500");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(500));
    all_hidden("an unexpected-status error", &error);

    let client = fixture_client(&base);
    let error = client
        .ropo_token(fixture::types::RopoTokenRequest {
            cid: 1,
            apicode: secret(),
        })
        .send()
        .await
        .expect_err("an undocumented 500");
    all_hidden("an unexpected-status error", &error);
}

#[tokio::test]
async fn a_token_response_that_does_not_decode_is_an_error_without_its_body() {
    // 201 is documented for the token operation, but this body lacks
    // `token`; the error keeps the body, which holds a credential.
    let body = format!(r#"{{"tokn":"{SECRET}"}}"#);
    let answer = body.clone();
    let app = axum::Router::new().fallback(move || {
        let answer = answer.clone();
        async move {
            (
                axum::http::StatusCode::CREATED,
                [("content-type", "application/json")],
                answer,
            )
        }
    });
    let base = serve::serve(app).await;
    let client = fixture_client(&base);
    let error = client
        .ropo_token(fixture::types::RopoTokenRequest {
            cid: 1,
            apicode: secret(),
        })
        .send()
        .await
        .expect_err("the body does not decode");
    assert!(matches!(error, rt::Error::Decode { .. }), "{error:?}");
    all_hidden("a decode error of a token response", &error);
    // The body is still there for whoever asks for it.
    assert_eq!(error.body().map(|b| b.to_vec()), Some(body.into_bytes()));
    assert!(format!("{error:?}").contains("hidden"), "{error:?}");
}

#[tokio::test]
async fn a_credential_a_header_cannot_carry_is_an_error_without_it() {
    let bad = format!("{SECRET}\r\nX-Injected: 1");
    // A scheme's credential, in each kind of header.
    let clients = [
        fixture::Client::with_base_url("http://127.0.0.1:9").with_bearer(bad.as_str()),
        fixture::Client::with_base_url("http://127.0.0.1:9").with_cookie_key(bad.as_str()),
        fixture::Client::with_base_url("http://127.0.0.1:9").with_digest(bad.as_str()),
    ];
    for client in &clients {
        let error = client
            .get_account("a", "ok")
            .send()
            .await
            .expect_err("refused before sending");
        assert!(
            matches!(error, rt::Error::InvalidParameter { .. }),
            "{error:?}"
        );
        all_hidden("an invalid credential error", &error);
    }
    let client = fixture::Client::with_base_url("http://127.0.0.1:9").with_api_key(bad.as_str());
    let error = client
        .payroc_authorize()
        .send()
        .await
        .expect_err("refused before sending");
    assert!(
        matches!(&error, rt::Error::InvalidParameter { name, .. } if name == "x-api-key"),
        "{error:?}"
    );
    all_hidden("an invalid API key error", &error);
    // A credential sent as a header parameter.
    let client = fixture::Client::with_base_url("http://127.0.0.1:9").with_bearer("ok");
    let error = client
        .get_account("a", bad.as_str())
        .send()
        .await
        .expect_err("refused before sending");
    assert!(
        matches!(&error, rt::Error::InvalidParameter { name, .. } if name == "AccessToken"),
        "{error:?}"
    );
    all_hidden("an invalid header parameter error", &error);
    // The runtime helper directly.
    let error = rt::sensitive_header("x-api-key", &bad).expect_err("a line break");
    all_hidden("sensitive_header's error", &error);
}

#[test]
fn credential_headers_are_marked_sensitive() {
    let header = rt::sensitive_header("x-api-key", SECRET).expect("a header value");
    assert!(header.is_sensitive());
    debug_hidden("a sensitive HeaderValue", &header);
}

/// Clients holding token sources, the sources, the tokens they obtain and
/// the errors of a failed fetch show no secret.
#[test]
fn token_sources_and_what_they_hold_show_no_secret() {
    let ropo = paylink::ropo::Client::test_fi().with_bearer_auth_credentials(
        paylink::ropo::types::TokenRequest {
            cid: "customer".into(),
            apicode: secret(),
        },
    );
    debug_hidden("ropo Client with a token source", &ropo);
    let payroc = paylink::payroc::Client::uat().with_bearer_auth_credentials(SECRET);
    debug_hidden("payroc Client with a token source", &payroc);
    let grant = rt::OAuth2ClientCredentials::new("https://auth.example/token", "client", SECRET)
        .with_client_auth(rt::ClientAuth::Body);
    debug_hidden("OAuth2ClientCredentials", &grant);
    let token = rt::Token {
        value: secret(),
        expires_in: None,
        refresh_token: Some(secret()),
    };
    debug_hidden("Token", &token);
    let shape = rt::ExchangeShape {
        token: "/access_token",
        expires_in: None,
        lifetime: Some(60),
        single_use: false,
    };
    let read = shape
        .read(&serde_json::json!({ "access_token": SECRET }))
        .expect("a token");
    debug_hidden("Token read from an answer", &read);
    let missing = shape
        .read(&serde_json::json!({ "token": SECRET }))
        .expect_err("no token at the pointer");
    all_hidden("InvalidToken", &missing);
    let failed = rt::Error::Token {
        scheme: "bearerAuth".into(),
        source: Box::new(missing),
    };
    all_hidden("Error::Token", &failed);
}
