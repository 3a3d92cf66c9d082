//! The Payroc implementation: every operation answers a request carrying the
//! test credentials with a fixed, schema-valid 2xx body (a link of the
//! requested type, a page of links or sharing events, a token); a bearer
//! token other than [`super::TOKEN`] gets the documented 401 problem.
//!
//! `generateBearerToken` documents no error response, so its handler cannot
//! refuse a wrong API key; a middleware answers those with a 401 problem, as
//! the generated server does when the key is missing.

use axum::extract::Request;
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use paylink::codegen::Secret;
use paylink::payroc::server::{
    self, Api, CreatePaymentLinkRequest, DeactivatePaymentLinkRequest, GenerateBearerTokenRequest,
    ListPaymentLinkSharingEventsRequest, ListPaymentLinksRequest, Reply,
    RetrievePaymentLinkRequest, SharePaymentLinkRequest, UpdatePaymentLinkRequest,
};
use paylink::payroc::{
    types, CreatePaymentLinkResponse, Credentials, DeactivatePaymentLinkResponse,
    GenerateBearerTokenResponse, ListPaymentLinkSharingEventsResponse, ListPaymentLinksResponse,
    RetrievePaymentLinkResponse, SharePaymentLinkResponse, UpdatePaymentLinkResponse,
};

/// The identifier of the links the gateway answers with when the request's
/// own one is not a valid identifier.
const LINK_ID: &str = "JZURRJBUPS";

/// The router.
pub fn router() -> axum::Router {
    server::router(Gateway).layer(axum::middleware::from_fn(refuse_wrong_api_key))
}

/// Answers `POST /authorize` with a wrong `x-api-key` with a 401 problem;
/// passes everything else on.
async fn refuse_wrong_api_key(request: Request, next: Next) -> Response {
    let key = request
        .headers()
        .get("x-api-key")
        .map(HeaderValue::as_bytes);
    let wrong = key.is_some_and(|k| k != super::API_KEY.as_bytes());
    if wrong && request.method() == Method::POST && request.uri().path() == "/authorize" {
        let problem = types::Problem {
            detail: "The API key is not valid.".into(),
            ..unauthorized()
        };
        let body = serde_json::to_string(&problem).unwrap_or_default();
        let json = [(header::CONTENT_TYPE, "application/problem+json")];
        return (StatusCode::UNAUTHORIZED, json, body).into_response();
    }
    next.run(request).await
}

/// The implementation.
struct Gateway;

/// Whether the request carries the test bearer token.
fn authorized(credentials: &Credentials) -> bool {
    credentials.bearer_auth == Some(Secret::from(super::TOKEN))
}

fn unauthorized() -> types::Problem {
    types::Problem {
        r#type: "https://docs.payroc.com/api/errors#unauthorized".into(),
        title: "Unauthorized".into(),
        status: 401,
        detail: "The bearer token is missing, invalid or expired.".into(),
    }
}

/// `id` when it is 10 ASCII letters or digits (so it fits the identifier's
/// length and the `uri` of the assets), else the fixed one.
fn link_id(id: &str) -> &str {
    if id.len() == 10 && id.bytes().all(|b| b.is_ascii_alphanumeric()) {
        id
    } else {
        LINK_ID
    }
}

fn assets(id: &str) -> types::PaymentLinkAssets {
    types::PaymentLinkAssets {
        payment_url: format!("https://pay.payroc.com/links/{id}"),
        payment_button: format!("<a href=\"https://pay.payroc.com/links/{id}\">Pay</a>"),
    }
}

fn charge() -> types::Charge {
    types::Charge::Preset(types::PresetCharge {
        r#type: types::PresetChargeType::Preset,
        amount: 4999,
        currency: "USD".into(),
    })
}

/// A stored multi-use link.
fn multi_use(id: &str, reference: &str, status: types::PaymentLinkStatus) -> types::PaymentLink {
    types::PaymentLink::MultiUse(types::MultiUsePaymentLink {
        r#type: types::MultiUsePaymentLinkType::MultiUse,
        payment_link_id: Some(id.into()),
        merchant_reference: reference.into(),
        order: types::MultiUseOrder {
            description: Some("Yoga class".into()),
            charge: charge(),
        },
        auth_type: types::AuthType::Sale,
        payment_methods: vec![types::PaymentMethod::Card],
        custom_labels: None,
        assets: Some(assets(id)),
        status: Some(status),
        created_on: Some("2024-05-01".parse().expect("a date")),
        expires_on: Some("2030-12-31".parse().expect("a date")),
        credential_on_file: None,
    })
}

/// A stored single-use link.
fn single_use(id: &str, reference: &str, status: types::PaymentLinkStatus) -> types::PaymentLink {
    types::PaymentLink::SingleUse(types::SingleUsePaymentLink {
        r#type: types::SingleUsePaymentLinkType::SingleUse,
        payment_link_id: Some(id.into()),
        merchant_reference: reference.into(),
        order: types::SingleUseOrder {
            order_id: "OrderRef-42".into(),
            description: None,
            charge: charge(),
        },
        auth_type: types::AuthType::PreAuthorization,
        payment_methods: vec![types::PaymentMethod::Card],
        custom_labels: None,
        assets: Some(assets(id)),
        status: Some(status),
        created_on: Some("2024-05-01".parse().expect("a date")),
        expires_on: "2030-06-30".parse().expect("a date"),
        credential_on_file: None,
    })
}

fn sharing_event(message: Option<String>, merchant_copy: Option<bool>) -> types::SharingEvent {
    types::SharingEvent {
        sharing_event_id: Some("LRDEMXNQRK".into()),
        date_time: Some("2024-05-01T12:30:00Z".parse().expect("a date-time")),
        sharing_method: types::SharingEventSharingMethod::Email,
        recipients: vec![types::EmailRecipient {
            name: "Sarah Hazel Hopper".into(),
            email: "sarah.hopper@example.com".into(),
        }],
        message,
        merchant_copy,
    }
}

impl Api for Gateway {
    async fn generate_bearer_token(
        &self,
        _request: GenerateBearerTokenRequest,
    ) -> Reply<GenerateBearerTokenResponse> {
        GenerateBearerTokenResponse::Ok(types::BearerToken {
            access_token: super::TOKEN.into(),
            token_type: types::BearerTokenType::Bearer,
            expires_in: 3600,
            scope: Some("payment-links".into()),
        })
        .into()
    }

    async fn list_payment_links(
        &self,
        request: ListPaymentLinksRequest,
    ) -> Reply<ListPaymentLinksResponse> {
        if !authorized(&request.credentials) {
            return ListPaymentLinksResponse::Unauthorized(unauthorized()).into();
        }
        let active = types::PaymentLinkStatus::Active;
        let link = match request.link_type {
            Some(types::PaymentLinkType::SingleUse) => single_use(LINK_ID, "LinkRef-7", active),
            _ => multi_use(LINK_ID, "LinkRef-7", active),
        };
        ListPaymentLinksResponse::Ok(types::PaymentLinkPage {
            limit: Some(request.limit.unwrap_or(10)),
            count: Some(1),
            has_more: Some(false),
            links: Some(Vec::new()),
            data: Some(vec![link]),
        })
        .into()
    }

    async fn create_payment_link(
        &self,
        request: CreatePaymentLinkRequest,
    ) -> Reply<CreatePaymentLinkResponse> {
        if !authorized(&request.credentials) {
            return CreatePaymentLinkResponse::Unauthorized(unauthorized()).into();
        }
        let active = types::PaymentLinkStatus::Active;
        let link = match &request.body {
            types::PaymentLink::SingleUse(l) => single_use(LINK_ID, &l.merchant_reference, active),
            types::PaymentLink::MultiUse(l) => multi_use(LINK_ID, &l.merchant_reference, active),
            types::PaymentLink::Unknown(_) => multi_use(LINK_ID, "LinkRef-7", active),
        };
        let location = HeaderValue::from_static("/payment-links/JZURRJBUPS");
        Reply::new(CreatePaymentLinkResponse::Created(link)).with_header(header::LOCATION, location)
    }

    async fn retrieve_payment_link(
        &self,
        request: RetrievePaymentLinkRequest,
    ) -> Reply<RetrievePaymentLinkResponse> {
        if !authorized(&request.credentials) {
            return RetrievePaymentLinkResponse::Unauthorized(unauthorized()).into();
        }
        let id = link_id(&request.payment_link_id);
        let link = single_use(id, "LinkRef-8", types::PaymentLinkStatus::Active);
        RetrievePaymentLinkResponse::Ok(link).into()
    }

    async fn update_payment_link(
        &self,
        request: UpdatePaymentLinkRequest,
    ) -> Reply<UpdatePaymentLinkResponse> {
        if !authorized(&request.credentials) {
            return UpdatePaymentLinkResponse::Unauthorized(unauthorized()).into();
        }
        let id = link_id(&request.payment_link_id);
        let link = multi_use(id, "LinkRef-7", types::PaymentLinkStatus::Active);
        UpdatePaymentLinkResponse::Ok(link).into()
    }

    async fn deactivate_payment_link(
        &self,
        request: DeactivatePaymentLinkRequest,
    ) -> Reply<DeactivatePaymentLinkResponse> {
        if !authorized(&request.credentials) {
            return DeactivatePaymentLinkResponse::Unauthorized(unauthorized()).into();
        }
        let id = link_id(&request.payment_link_id);
        let link = multi_use(id, "LinkRef-7", types::PaymentLinkStatus::Deactivated);
        DeactivatePaymentLinkResponse::Ok(link).into()
    }

    async fn list_payment_link_sharing_events(
        &self,
        request: ListPaymentLinkSharingEventsRequest,
    ) -> Reply<ListPaymentLinkSharingEventsResponse> {
        if !authorized(&request.credentials) {
            return ListPaymentLinkSharingEventsResponse::Unauthorized(unauthorized()).into();
        }
        ListPaymentLinkSharingEventsResponse::Ok(types::SharingEventPage {
            limit: Some(request.limit.unwrap_or(10)),
            count: Some(1),
            has_more: Some(false),
            links: Some(Vec::new()),
            data: Some(vec![sharing_event(None, Some(false))]),
        })
        .into()
    }

    async fn share_payment_link(
        &self,
        request: SharePaymentLinkRequest,
    ) -> Reply<SharePaymentLinkResponse> {
        if !authorized(&request.credentials) {
            return SharePaymentLinkResponse::Unauthorized(unauthorized()).into();
        }
        let body = request.body;
        SharePaymentLinkResponse::Created(sharing_event(body.message, body.merchant_copy)).into()
    }
}
