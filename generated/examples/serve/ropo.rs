//! Ropo One: an implementation answering every valid request with a payment
//! link, served under the spec's first server path `/rest`. A bearer token
//! other than [`super::TOKEN`] gets the documented 403; the token operation
//! (from the overlay) issues that token.

use paylink::codegen::Secret;
use paylink::ropo::server::{self, Api, CreateTokenRequest, GetOnlinePayLinkActionRequest, Reply};
use paylink::ropo::types::{HttpApiProblem, PaylinkResponse, TokenResponse};
use paylink::ropo::{CreateTokenResponse, GetOnlinePayLinkActionResponse};

/// The implementation: stateless, every link is made up from the request.
struct Ropo;

impl Api for Ropo {
    async fn create_token(&self, _: CreateTokenRequest) -> Reply<CreateTokenResponse> {
        CreateTokenResponse::Created(TokenResponse {
            token: Secret::from(super::TOKEN),
        })
        .into()
    }

    async fn get_online_pay_link_action(
        &self,
        request: GetOnlinePayLinkActionRequest,
    ) -> Reply<GetOnlinePayLinkActionResponse> {
        if request.credentials.bearer_auth != Some(Secret::from(super::TOKEN)) {
            return GetOnlinePayLinkActionResponse::Forbidden(forbidden()).into();
        }
        let url = format!(
            "https://pay.example/paylink?billnum={}",
            request.billnum.len()
        );
        GetOnlinePayLinkActionResponse::Ok(PaylinkResponse { url: Some(url) }).into()
    }
}

/// The problem answered for a token that is not the accepted one.
fn forbidden() -> HttpApiProblem {
    HttpApiProblem {
        status: Some(Some(403)),
        r#type: Some(Some("about:blank".to_string())),
        title: Some(Some("Forbidden".to_string())),
        detail: Some(Some("the bearer token is not valid".to_string())),
    }
}

/// The router: the generated server nested under `/rest`.
pub fn router() -> axum::Router {
    axum::Router::new().nest("/rest", server::router(Ropo))
}
