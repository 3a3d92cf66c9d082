//! Token sources end to end, for the three built-in providers whose calls
//! carry a short-lived token: a client given only the long-lived
//! credentials (`with_<scheme>_credentials`) calls every operation against
//! the provider's generated server on loopback, whose generated token
//! operation issues the tokens (see `common/tokens.rs`). The tests count
//! the token requests: one for 50 concurrent calls, one more after expiry,
//! one per call for single-use tokens, and after a `401` exactly one retry
//! with a new token, then the error.

#[path = "values/frontstream.rs"]
mod frontstream_values;
#[path = "values/payroc.rs"]
mod payroc_values;
#[path = "common/serve.rs"]
mod serve;
#[path = "common/tokens.rs"]
mod tokens;

use std::sync::Arc;
use std::time::Duration;

use paylink::codegen::{Error, Secret, TokenOptions};
use serve::serve;
use tokens::{guarded, Desk, Presented};

/// The options a test sets to make a token expire soon on the client.
fn short(lifetime: Duration) -> TokenOptions {
    TokenOptions {
        refresh_margin: Duration::ZERO,
        max_lifetime: Some(lifetime),
    }
}

/// Runs `call` 50 times at once on clones of one client; their statuses.
async fn fifty<C, F, Fut>(client: C, call: F) -> Vec<u16>
where
    C: Clone + Send + 'static,
    F: Fn(C) -> Fut + Copy + Send + 'static,
    Fut: std::future::Future<Output = Result<u16, Error>> + Send,
{
    let tasks: Vec<_> = (0..50)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move { call(client).await })
        })
        .collect();
    let mut statuses = Vec::new();
    for task in tasks {
        statuses.push(task.await.expect("task").expect("a documented answer"));
    }
    statuses
}

mod ropo {
    use super::*;
    use paylink::ropo::server::{
        router, Api, CreateTokenRequest, GetOnlinePayLinkActionRequest, Reply,
    };
    use paylink::ropo::types::{PaylinkResponse, TokenError, TokenRequest, TokenResponse};
    use paylink::ropo::{Client, CreateTokenResponse, GetOnlinePayLinkActionResponse};

    #[derive(Clone)]
    struct Ropo(Arc<Desk>);

    impl Api for Ropo {
        async fn create_token(&self, request: CreateTokenRequest) -> Reply<CreateTokenResponse> {
            if request.body.cid != "c-1" || request.body.apicode.expose() != "code-1" {
                let error = TokenError {
                    error_id: 1,
                    error_text: "refused".into(),
                };
                return CreateTokenResponse::BadRequest(error).into();
            }
            let token = Secret::from(self.0.issue());
            CreateTokenResponse::Created(TokenResponse { token }).into()
        }

        async fn get_online_pay_link_action(
            &self,
            request: GetOnlinePayLinkActionRequest,
        ) -> Reply<GetOnlinePayLinkActionResponse> {
            let url = Some(format!("paylink/pay.php?uuid={}", request.billnum));
            GetOnlinePayLinkActionResponse::Ok(PaylinkResponse { url }).into()
        }
    }

    /// Ropo's tokens live two hours; the server here keeps them an hour.
    async fn start() -> (Arc<Desk>, Client) {
        let desk = Desk::new(
            "/token",
            Presented::Bearer,
            Duration::from_secs(3600),
            false,
            "",
        );
        let base = serve(guarded(router(Ropo(desk.clone())), &desk)).await;
        let credentials = TokenRequest {
            cid: "c-1".into(),
            apicode: Secret::from("code-1"),
        };
        let client = Client::with_base_url(base).with_bearer_auth_credentials(credentials);
        (desk, client)
    }

    async fn call(client: Client) -> Result<u16, Error> {
        let answer = client
            .get_online_pay_link_action("bill-1", "https://shop.example/back")
            .send()
            .await?;
        Ok(answer.status.as_u16())
    }

    #[tokio::test]
    async fn every_operation_with_the_long_lived_credentials_only() {
        let (desk, client) = start().await;
        assert_eq!(call(client.clone()).await.expect("answer"), 200);
        assert_eq!((desk.issued(), desk.calls()), (1, 1));
    }

    #[tokio::test]
    async fn fifty_concurrent_calls_fetch_one_token() {
        let (desk, client) = start().await;
        let statuses = fifty(client, call).await;
        assert!(statuses.iter().all(|s| *s == 200), "{statuses:?}");
        assert_eq!((desk.issued(), desk.calls()), (1, 50));
    }

    #[tokio::test]
    async fn an_expired_token_is_fetched_again() {
        let (desk, client) = start().await;
        let client = client.with_token_options(short(Duration::from_millis(200)));
        call(client.clone()).await.expect("first call");
        call(client.clone()).await.expect("second call, same token");
        assert_eq!(desk.issued(), 1);
        tokio::time::sleep(Duration::from_millis(300)).await;
        call(client).await.expect("after expiry");
        assert_eq!((desk.issued(), desk.calls()), (2, 3));
    }

    #[tokio::test]
    async fn a_refused_token_is_renewed_once_then_the_401_is_the_error() {
        let (desk, client) = start().await;
        call(client.clone()).await.expect("first call");
        desk.revoke_all();
        assert_eq!(call(client.clone()).await.expect("renewed"), 200);
        assert_eq!((desk.issued(), desk.calls()), (2, 2));
        desk.refuse_all();
        let error = call(client).await.expect_err("refused twice");
        assert_eq!(error.status().map(|s| s.as_u16()), Some(401), "{error}");
        assert_eq!((desk.issued(), desk.calls()), (3, 2));
    }

    #[tokio::test]
    async fn a_token_set_directly_is_used_as_is() {
        let (desk, client) = start().await;
        let token = desk.issue();
        let client = client.with_bearer_auth(token);
        call(client.clone()).await.expect("first call");
        call(client).await.expect("second call");
        assert_eq!((desk.issued(), desk.calls()), (1, 2));
    }
}

mod payroc {
    use super::payroc_values::*;
    use super::*;
    use paylink::payroc::server::*;
    use paylink::payroc::types;
    use paylink::payroc::*;

    #[derive(Clone)]
    struct Gateway {
        desk: Arc<Desk>,
        /// The `expires_in` the token operation answers.
        expires_in: i64,
    }

    fn missing() -> types::Problem {
        types::Problem {
            r#type: "about:blank".into(),
            title: "Not Found".into(),
            status: 404,
            detail: "no such link".into(),
        }
    }

    /// Every operation but the token one answers a documented 404: these
    /// tests are about the credentials, not the payment links.
    impl Api for Gateway {
        async fn generate_bearer_token(
            &self,
            request: GenerateBearerTokenRequest,
        ) -> Reply<GenerateBearerTokenResponse> {
            let key = request
                .credentials
                .api_key_auth
                .as_ref()
                .map(Secret::expose);
            if key != Some(API_KEY) {
                return GenerateBearerTokenResponse::Status4xx.into();
            }
            GenerateBearerTokenResponse::Ok(types::BearerToken {
                access_token: Secret::from(self.desk.issue()),
                token_type: types::BearerTokenType::Bearer,
                expires_in: self.expires_in,
                scope: None,
            })
            .into()
        }

        async fn list_payment_links(
            &self,
            _: ListPaymentLinksRequest,
        ) -> Reply<ListPaymentLinksResponse> {
            ListPaymentLinksResponse::NotFound(missing()).into()
        }

        async fn create_payment_link(
            &self,
            _: CreatePaymentLinkRequest,
        ) -> Reply<CreatePaymentLinkResponse> {
            CreatePaymentLinkResponse::NotFound(missing()).into()
        }

        async fn retrieve_payment_link(
            &self,
            _: RetrievePaymentLinkRequest,
        ) -> Reply<RetrievePaymentLinkResponse> {
            RetrievePaymentLinkResponse::NotFound(missing()).into()
        }

        async fn update_payment_link(
            &self,
            _: UpdatePaymentLinkRequest,
        ) -> Reply<UpdatePaymentLinkResponse> {
            UpdatePaymentLinkResponse::NotFound(missing()).into()
        }

        async fn deactivate_payment_link(
            &self,
            _: DeactivatePaymentLinkRequest,
        ) -> Reply<DeactivatePaymentLinkResponse> {
            DeactivatePaymentLinkResponse::NotFound(missing()).into()
        }

        async fn list_payment_link_sharing_events(
            &self,
            _: ListPaymentLinkSharingEventsRequest,
        ) -> Reply<ListPaymentLinkSharingEventsResponse> {
            ListPaymentLinkSharingEventsResponse::NotFound(missing()).into()
        }

        async fn share_payment_link(
            &self,
            _: SharePaymentLinkRequest,
        ) -> Reply<SharePaymentLinkResponse> {
            SharePaymentLinkResponse::NotFound(missing()).into()
        }
    }

    const REFUSAL: &str =
        r#"{"type":"about:blank","title":"Unauthorized","status":401,"detail":"token refused"}"#;

    /// A server whose tokens live `expires_in` seconds, and a client given
    /// only the API key. The token operation lives on the identity host,
    /// replaced here by the loopback server.
    async fn start(expires_in: i64) -> (Arc<Desk>, Client) {
        let (desk, client, _) = serve_gateway(expires_in, API_KEY).await;
        (desk, client)
    }

    async fn serve_gateway(expires_in: i64, key: &str) -> (Arc<Desk>, Client, String) {
        let lifetime = Duration::from_secs(expires_in as u64);
        let desk = Desk::new("/authorize", Presented::Bearer, lifetime, false, REFUSAL);
        let gateway = Gateway {
            desk: desk.clone(),
            expires_in,
        };
        let base = serve(guarded(router(gateway), &desk)).await;
        let client = Client::with_base_url(&base)
            .with_server_replaced("https://identity.payroc.com", &base)
            .with_bearer_auth_credentials(key);
        (desk, client, base)
    }

    async fn call(client: Client) -> Result<u16, Error> {
        let answer = client.retrieve_payment_link(LINK_ID).send().await?;
        Ok(answer.status.as_u16())
    }

    /// Each operation once; their statuses.
    async fn every_operation(client: &Client) -> Vec<u16> {
        let share = sharing_event();
        let statuses = [
            client
                .list_payment_links(TERMINAL)
                .send()
                .await
                .map(|a| a.status),
            client
                .create_payment_link(TERMINAL, multi_use())
                .idempotency_key(IDEMPOTENCY_KEY)
                .send()
                .await
                .map(|a| a.status),
            client
                .retrieve_payment_link(LINK_ID)
                .send()
                .await
                .map(|a| a.status),
            client
                .update_payment_link(LINK_ID, patch())
                .idempotency_key(IDEMPOTENCY_KEY)
                .send()
                .await
                .map(|a| a.status),
            client
                .deactivate_payment_link(LINK_ID)
                .send()
                .await
                .map(|a| a.status),
            client
                .list_payment_link_sharing_events(LINK_ID)
                .send()
                .await
                .map(|a| a.status),
            client
                .share_payment_link(LINK_ID, share)
                .idempotency_key(IDEMPOTENCY_KEY)
                .send()
                .await
                .map(|a| a.status),
        ];
        statuses
            .into_iter()
            .map(|s| s.expect("a documented answer").as_u16())
            .collect()
    }

    #[tokio::test]
    async fn every_operation_with_the_api_key_only() {
        let (desk, client) = start(3600).await;
        assert_eq!(every_operation(&client).await, vec![404; 7]);
        assert_eq!((desk.issued(), desk.calls()), (1, 7));
    }

    #[tokio::test]
    async fn fifty_concurrent_calls_fetch_one_token() {
        let (desk, client) = start(3600).await;
        let statuses = fifty(client, call).await;
        assert!(statuses.iter().all(|s| *s == 404), "{statuses:?}");
        assert_eq!((desk.issued(), desk.calls()), (1, 50));
    }

    /// The token says it lives one second; the client renews it before.
    #[tokio::test]
    async fn a_token_is_renewed_before_its_expires_in() {
        let (desk, client) = start(1).await;
        call(client.clone()).await.expect("first call");
        tokio::time::sleep(Duration::from_millis(1100)).await;
        assert_eq!(call(client).await.expect("renewed"), 404);
        assert_eq!((desk.issued(), desk.calls()), (2, 2));
    }

    #[tokio::test]
    async fn a_refused_token_is_renewed_once_then_the_401_is_the_answer() {
        let (desk, client) = start(3600).await;
        call(client.clone()).await.expect("first call");
        desk.revoke_all();
        assert_eq!(call(client.clone()).await.expect("renewed"), 404);
        assert_eq!((desk.issued(), desk.calls()), (2, 2));
        desk.refuse_all();
        let answer = client
            .retrieve_payment_link(LINK_ID)
            .send()
            .await
            .expect("documented 401");
        assert!(matches!(
            answer.body,
            RetrievePaymentLinkResponse::Unauthorized(_)
        ));
        assert_eq!((desk.issued(), desk.calls()), (3, 2));
    }

    #[tokio::test]
    async fn a_refused_api_key_is_a_token_error_naming_the_scheme() {
        let (desk, client, _) = serve_gateway(3600, "wrong").await;
        let error = call(client).await.expect_err("the key is refused");
        assert!(matches!(error, Error::Token { .. }), "{error:?}");
        assert!(error.to_string().contains("`bearerAuth`"), "{error}");
        assert_eq!(desk.calls(), 0);
    }

    /// The `uat` environment sends the token operation to the UAT
    /// identity host, which the operation's servers name.
    #[test]
    fn the_uat_environment_has_its_own_identity_host() {
        let client = Client::uat();
        let debug = format!("{client:?}");
        assert!(debug.contains("identity.uat.payroc.com"), "{debug}");
    }
}

mod frontstream {
    use super::frontstream_values::create_body;
    use super::*;
    use paylink::frontstream::server::*;
    use paylink::frontstream::types::{
        BrokenRule, ClientSessionRequest, ClientSessionResponse, PayLinkResponse,
    };
    use paylink::frontstream::*;

    #[derive(Clone)]
    struct FrontStream(Arc<Desk>);

    fn link() -> PayLinkResponse {
        PayLinkResponse {
            pay_link_url: Some(Some("https://pay.example/1".into())),
        }
    }

    impl Api for FrontStream {
        async fn create_client_session(
            &self,
            request: CreateClientSessionRequest,
        ) -> Reply<CreateClientSessionResponse> {
            if request.body.client_secret.expose() != "s-1" {
                let rule = BrokenRule {
                    error_code: Some(1),
                    message: Some(Some("refused".into())),
                    logger_message: Some(None),
                };
                return CreateClientSessionResponse::BadRequest(vec![rule]).into();
            }
            CreateClientSessionResponse::Ok(ClientSessionResponse {
                token: Secret::from(self.0.issue()),
                client_id: Some(Some(request.body.client_id)),
                expiration_date: Some(None),
            })
            .into()
        }

        async fn post_api_paylink(
            &self,
            _: PostApiPaylinkRequest,
        ) -> Reply<PostApiPaylinkResponse> {
            PostApiPaylinkResponse::Ok(link()).into()
        }

        async fn delete_api_paylink(
            &self,
            _: DeleteApiPaylinkRequest,
        ) -> Reply<DeleteApiPaylinkResponse> {
            DeleteApiPaylinkResponse::Ok(link()).into()
        }
    }

    /// Tokens serve one call and live five hours.
    async fn start() -> (Arc<Desk>, Client) {
        let lifetime = Duration::from_secs(5 * 3600);
        let desk = Desk::new(
            "/api/ClientSession",
            Presented::Header("accesstoken"),
            lifetime,
            true,
            "",
        );
        let base = serve(guarded(router(FrontStream(desk.clone())), &desk)).await;
        let credentials = ClientSessionRequest {
            client_id: "c-1".into(),
            client_secret: Secret::from("s-1"),
        };
        let client = Client::with_base_url(base).with_access_token_credentials(credentials);
        (desk, client)
    }

    async fn call(client: Client) -> Result<u16, Error> {
        Ok(client
            .delete_api_paylink("link-1")
            .send()
            .await?
            .status
            .as_u16())
    }

    #[tokio::test]
    async fn every_operation_gets_a_token_of_its_own() {
        let (desk, client) = start().await;
        let post = client
            .post_api_paylink()
            .body(create_body("key-1"))
            .send()
            .await;
        assert_eq!(post.expect("answer").status, 200);
        assert_eq!(call(client).await.expect("answer"), 200);
        assert_eq!((desk.issued(), desk.calls()), (2, 2));
    }

    #[tokio::test]
    async fn fifty_concurrent_calls_fetch_fifty_single_use_tokens() {
        let (desk, client) = start().await;
        let statuses = fifty(client, call).await;
        assert!(statuses.iter().all(|s| *s == 200), "{statuses:?}");
        assert_eq!((desk.issued(), desk.calls()), (50, 50));
    }

    #[tokio::test]
    async fn a_refused_token_is_replaced_once_then_the_401_is_the_error() {
        let (desk, client) = start().await;
        desk.refuse_all();
        let error = call(client).await.expect_err("refused twice");
        assert_eq!(error.status().map(|s| s.as_u16()), Some(401), "{error}");
        assert_eq!((desk.issued(), desk.calls()), (2, 0));
    }
}
