//! FrontStream's Payment API: an implementation answering every valid
//! create and delete with a pay link. The spec has no security schemes and
//! documents no 401 or 403, so the `AccessToken` header is not checked.

use paylink::frontstream::server::{
    self, Api, DeleteApiPaylinkRequest, PostApiPaylinkRequest, Reply,
};
use paylink::frontstream::types::PayLinkResponse;
use paylink::frontstream::{DeleteApiPaylinkResponse, PostApiPaylinkResponse};

/// The implementation: stateless, every link is made up.
struct FrontStream;

/// A pay link response for link number `n`.
fn link(n: usize) -> PayLinkResponse {
    PayLinkResponse {
        pay_link_url: Some(Some(format!("https://pay.example/paylink/{n}"))),
    }
}

impl Api for FrontStream {
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

/// The router: the generated server at the root (the spec lists no server).
pub fn router() -> axum::Router {
    server::router(FrontStream)
}
