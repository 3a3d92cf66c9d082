//! The pointer fixture (`tests/fixtures/wire/pointers.yaml`): a body whose
//! properties are `$ref`s into another schema's properties. The
//! implementation answers every request the generated checks let through
//! with the payment it was given, so Schemathesis judges those checks: its
//! negative-data check sends values breaking the rules the pointers name
//! and expects them refused.

#[path = "../../tests/support/pointers.rs"]
mod api;

use api::server::{self, Api, CreatePaymentRequest, Reply};
use api::types::Payment;
use api::CreatePaymentResponse;

/// The implementation: stateless, it echoes the payment.
struct Payments;

impl Api for Payments {
    async fn create_payment(&self, request: CreatePaymentRequest) -> Reply<CreatePaymentResponse> {
        let body = request.body;
        CreatePaymentResponse::Created(Payment::new(body.currency, body.method, body.amount)).into()
    }
}

/// The router: the generated server at the root.
pub fn router() -> axum::Router {
    server::router(Payments)
}
