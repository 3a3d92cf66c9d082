//! FrontStream's Payment API: an implementation answering every valid
//! create and delete with a pay link. The spec documents no 401 or 403, so
//! no handler can answer them: a layer in front of the generated router
//! answers 401 for an access token other than [`super::TOKEN`] (the
//! generated server itself refuses a request without one), and the session
//! operation (from the overlay) issues that token to any client.

use paylink::codegen::Secret;
use paylink::frontstream::server::{
    self, Api, CreateClientSessionRequest, DeleteApiPaylinkRequest, PostApiPaylinkRequest, Reply,
};
use paylink::frontstream::types::{ClientSessionResponse, PayLinkResponse};
use paylink::frontstream::{
    CreateClientSessionResponse, DeleteApiPaylinkResponse, PostApiPaylinkResponse,
};

/// The implementation: stateless, every link is made up.
struct FrontStream;

/// A pay link response for link number `n`.
fn link(n: usize) -> PayLinkResponse {
    PayLinkResponse {
        pay_link_url: Some(Some(format!("https://pay.example/paylink/{n}"))),
    }
}

impl Api for FrontStream {
    async fn create_client_session(
        &self,
        request: CreateClientSessionRequest,
    ) -> Reply<CreateClientSessionResponse> {
        CreateClientSessionResponse::Ok(ClientSessionResponse {
            token: Secret::from(super::TOKEN),
            client_id: Some(Some(request.body.client_id)),
            expiration_date: Some(None),
        })
        .into()
    }

    async fn post_api_paylink(
        &self,
        request: PostApiPaylinkRequest,
    ) -> Reply<PostApiPaylinkResponse> {
        let lines = request.body.map_or(0, |b| b.payment_lines.len());
        PostApiPaylinkResponse::Ok(link(lines)).into()
    }

    async fn delete_api_paylink(
        &self,
        request: DeleteApiPaylinkRequest,
    ) -> Reply<DeleteApiPaylinkResponse> {
        DeleteApiPaylinkResponse::Ok(link(request.pay_link_id.len())).into()
    }
}

/// The router: the generated server at the root (the spec lists no
/// server), behind the access-token check.
pub fn router() -> axum::Router {
    server::router(FrontStream).layer(axum::middleware::from_fn(check_token))
}

/// Lets through the session operation and calls presenting the token.
async fn check_token(
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let token = request
        .headers()
        .get("AccessToken")
        .and_then(|v| v.to_str().ok());
    if request.uri().path() == "/api/ClientSession" || token == Some(super::TOKEN) {
        return next.run(request).await;
    }
    let mut refused = axum::response::Response::default();
    *refused.status_mut() = axum::http::StatusCode::UNAUTHORIZED;
    refused
}
