//! A generated server's request handling against a hand-written axum
//! handler for the same route, in the same process and run.
//!
//! The route is OnePay's `POST /v3/payment-link/?app_id=...`: an API key
//! header, a required query parameter and a JSON body whose amount must
//! match a pattern, whose currency must be one of ten codes and whose
//! expiration date must be a date. Both servers check exactly those rules,
//! decode into the same generated types and answer with the same JSON.
//! Each request goes through the whole axum router in memory (no socket),
//! so the numbers are the cost of routing, reading, checking, calling the
//! handler and writing the response.
//!
//! `cargo bench -p paylink --features server --bench server`
//!
//! Rounds alternate between the two servers; the report gives each one's
//! median time per request over the rounds and their ratio. Under
//! `cargo test` (no `--bench` argument) one short round runs, as a test
//! that both servers answer alike.

use std::hint::black_box;
use std::sync::LazyLock;
use std::time::{Duration, Instant};

use axum::body::{to_bytes, Body};
use axum::extract::Query;
use axum::http::{header, HeaderMap, Request, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::{Json, Router};
use paylink::onepay::server::{
    self, CreatePaymentLinkRequest as Create, DeletePaymentLinkRequest, GetPaymentLinkRequest,
    Reply, UpdatePaymentLinkRequest,
};
use paylink::onepay::types::{
    CreatePaymentLinkRequest, Currency, ErrorResponse, PaymentLink, PaymentLinkResponse,
};
use paylink::onepay::{
    CreatePaymentLinkResponse, DeletePaymentLinkResponse, GetPaymentLinkResponse,
    UpdatePaymentLinkResponse,
};
use tower::ServiceExt;

const BODY: &str = r#"{"amount":"5000.00","currency":"LKR","reference_number":"INV-1001","customer_first_name":"Ada","customer_last_name":"Lovelace","customer_email":"ada@example.com","customer_phone_number":"+94771234567","description":"Invoice 1001","expiration_date":"2026-12-31","allow_partial_payment":false}"#;

/// The answer both servers give: the link made from the request.
/// When the answered links were created.
const CREATED: &str = "2026-11-22T10:00:00Z";

fn link(body: &CreatePaymentLinkRequest) -> PaymentLinkResponse {
    PaymentLinkResponse {
        status: 200,
        message: "created".to_string(),
        data: PaymentLink {
            link_id: Some("8IT20WK7".to_string()),
            link_url: "https://pay.example/8IT20WK7".to_string(),
            amount: body.amount.clone(),
            currency: Some(body.currency.clone()),
            reference_number: Some(body.reference_number.clone()),
            description: body.description.clone(),
            customer_first_name: Some(body.customer_first_name.clone()),
            customer_last_name: Some(body.customer_last_name.clone()),
            customer_email: Some(body.customer_email.clone()),
            customer_phone_number: Some(body.customer_phone_number.clone()),
            expiration_date: body.expiration_date.clone(),
            is_complete: false,
            is_delete: false,
            created_at: CREATED.parse().expect("a date-time"),
            updated_at: CREATED.parse().expect("a date-time"),
        },
    }
}

fn refusal() -> ErrorResponse {
    ErrorResponse {
        status: 401,
        message: "unknown key".to_string(),
    }
}

/// The implementation behind the generated router.
struct Generated;

impl server::Api for Generated {
    async fn create_payment_link(&self, request: Create) -> Reply<CreatePaymentLinkResponse> {
        if request.credentials.company_api_key.is_none() {
            return CreatePaymentLinkResponse::Unauthorized(refusal()).into();
        }
        CreatePaymentLinkResponse::Ok(link(&request.body)).into()
    }

    async fn get_payment_link(&self, _: GetPaymentLinkRequest) -> Reply<GetPaymentLinkResponse> {
        GetPaymentLinkResponse::Unauthorized(refusal()).into()
    }

    async fn update_payment_link(
        &self,
        _: UpdatePaymentLinkRequest,
    ) -> Reply<UpdatePaymentLinkResponse> {
        UpdatePaymentLinkResponse::Unauthorized(refusal()).into()
    }

    async fn delete_payment_link(
        &self,
        _: DeletePaymentLinkRequest,
    ) -> Reply<DeletePaymentLinkResponse> {
        DeletePaymentLinkResponse::Unauthorized(refusal()).into()
    }
}

#[derive(serde::Deserialize)]
struct AppId {
    #[allow(dead_code)]
    app_id: String,
}

static AMOUNT: LazyLock<regex::Regex> =
    LazyLock::new(|| regex::Regex::new(r"^[0-9]+(\.[0-9]+)?$").expect("pattern"));

fn bad_request(message: &str) -> Response {
    let body = ErrorResponse {
        status: 400,
        message: message.to_string(),
    };
    (StatusCode::BAD_REQUEST, Json(body)).into_response()
}

/// The same route written by hand with axum's extractors.
async fn hand_written(
    Query(_app): Query<AppId>,
    headers: HeaderMap,
    Json(body): Json<CreatePaymentLinkRequest>,
) -> Response {
    if !headers.contains_key(header::AUTHORIZATION) {
        return (StatusCode::UNAUTHORIZED, Json(refusal())).into_response();
    }
    let amounts = std::iter::once(&body.amount).chain(body.minimum_partial_amount.as_ref());
    if amounts.into_iter().any(|a| !AMOUNT.is_match(a)) {
        return bad_request("amount must match ^[0-9]+(\\.[0-9]+)?$");
    }
    if matches!(body.currency, Currency::Unknown(_)) {
        return bad_request("currency must be one of the listed codes");
    }
    // `expiration_date` is a `Date`: `Json` refused the body if it was not.
    (StatusCode::OK, Json(link(&body))).into_response()
}

fn request() -> Request<Body> {
    Request::post("/v3/payment-link/?app_id=APP-1")
        .header(header::AUTHORIZATION, "company-key")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(BODY))
        .expect("request")
}

/// Sends one request through `app` and reads the whole answer.
async fn once(app: &Router) -> usize {
    let response = app.clone().oneshot(request()).await.expect("infallible");
    assert_eq!(response.status(), StatusCode::OK);
    let body = to_bytes(response.into_body(), usize::MAX)
        .await
        .expect("body");
    body.len()
}

/// Time per request over `n` requests.
async fn round(app: &Router, n: u32) -> Duration {
    let started = Instant::now();
    for _ in 0..n {
        black_box(once(app).await);
    }
    started.elapsed() / n
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn main() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("runtime");
    let generated = server::router(Generated);
    let hand = Router::new().route("/v3/payment-link/", axum::routing::post(hand_written));
    let (rounds, per_round) = if std::env::args().any(|a| a == "--bench") {
        (30, 2_000)
    } else {
        (2, 10)
    };
    runtime.block_on(async {
        let (a, b) = (once(&generated).await, once(&hand).await);
        assert_eq!(a, b, "both servers answer with the same body");
        round(&generated, per_round).await;
        round(&hand, per_round).await;
        let (mut gen_times, mut hand_times) = (Vec::new(), Vec::new());
        for i in 0..rounds {
            if i % 2 == 0 {
                gen_times.push(round(&generated, per_round).await);
                hand_times.push(round(&hand, per_round).await);
            } else {
                hand_times.push(round(&hand, per_round).await);
                gen_times.push(round(&generated, per_round).await);
            }
        }
        let (g, h) = (median(gen_times), median(hand_times));
        println!("onepay POST /v3/payment-link/ ({rounds} rounds of {per_round} requests)");
        println!(
            "  generated server:   {:>8.2} µs/request",
            g.as_secs_f64() * 1e6
        );
        println!(
            "  hand-written axum:  {:>8.2} µs/request",
            h.as_secs_f64() * 1e6
        );
        println!(
            "  ratio generated / hand-written: {:.3}",
            g.as_secs_f64() / h.as_secs_f64()
        );
    });
}
