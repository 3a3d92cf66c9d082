//! OnePay's Payment Link API: an implementation answering every valid
//! request with a link that fits the spec's schemas. Values from the
//! request are echoed only where they are known to fit (constraints are
//! not yet checked before the handler). Deleted link IDs are remembered so
//! that reading one back shows `is_delete: true`, as the spec's soft delete
//! says. An `Authorization` header other than [`super::API_KEY`] gets the
//! documented 401.

use std::collections::HashSet;
use std::sync::Mutex;

use paylink::codegen::Secret;
use paylink::onepay::server::{
    self, Api, CreatePaymentLinkRequest, DeletePaymentLinkRequest, GetPaymentLinkRequest, Reply,
    UpdatePaymentLinkRequest,
};
use paylink::onepay::types::{self, Currency, ErrorResponse, PaymentLink, PaymentLinkResponse};
use paylink::onepay::{
    CreatePaymentLinkResponse, Credentials, DeletePaymentLinkResponse, GetPaymentLinkResponse,
    UpdatePaymentLinkResponse,
};

/// The link ID answered when the requested one does not fit the schema.
const LINK_ID: &str = "8IT20WK7";

/// The implementation: links are made up from the request; only the IDs
/// of deleted links are kept.
#[derive(Default)]
struct OnePay {
    deleted: Mutex<HashSet<String>>,
}

impl OnePay {
    /// Whether link `id` was deleted.
    fn is_deleted(&self, id: &str) -> bool {
        self.deleted.lock().is_ok_and(|d| d.contains(id))
    }

    /// Marks link `id` as deleted.
    fn delete(&self, id: &str) {
        if let Ok(mut deleted) = self.deleted.lock() {
            deleted.insert(id.to_string());
        }
    }
}

/// The 401 body when `credentials` do not hold the accepted key.
fn refused(credentials: &Credentials) -> Option<ErrorResponse> {
    (credentials.company_api_key != Some(Secret::from(super::API_KEY))).then(|| ErrorResponse {
        status: 401,
        message: "the company API key is not valid".to_string(),
    })
}

/// Whether `text` fits the `Amount` pattern `^[0-9]+(\.[0-9]+)?$`.
fn is_amount(text: &str) -> bool {
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    match text.split_once('.') {
        Some((whole, fraction)) => digits(whole) && digits(fraction),
        None => digits(text),
    }
}

/// `id` when it has the schema's eight characters, else [`LINK_ID`].
fn link_id(id: &str) -> String {
    if id.chars().count() == 8 { id } else { LINK_ID }.to_string()
}

/// A link with `id`, `amount` and `currency`; every required field set.
fn link(id: String, amount: &str, currency: Currency) -> PaymentLink {
    let amount = if is_amount(amount) { amount } else { "5000.00" };
    let currency = match currency {
        Currency::Unknown(_) => Currency::Lkr,
        known => known,
    };
    PaymentLink {
        link_id: Some(id),
        link_url: "https://payment.onepay.lk/link/8IT20WK7".to_string(),
        amount: amount.to_string(),
        currency: Some(currency),
        reference_number: Some("INV-1".to_string()),
        description: None,
        customer_first_name: Some("Ann".to_string()),
        customer_last_name: Some("Perera".to_string()),
        customer_email: Some("ann@example.com".to_string()),
        customer_phone_number: Some("+94771234567".to_string()),
        expiration_date: Some("2030-12-31".parse().expect("a date")),
        is_complete: false,
        is_delete: false,
        created_at: "2025-01-01T10:00:00Z".parse().expect("a date-time"),
        updated_at: "2025-01-02T10:00:00Z".parse().expect("a date-time"),
    }
}

/// The success envelope around `data`.
fn envelope(data: PaymentLink) -> PaymentLinkResponse {
    PaymentLinkResponse {
        status: 200,
        message: "OK".to_string(),
        data,
    }
}

impl Api for OnePay {
    async fn create_payment_link(
        &self,
        request: CreatePaymentLinkRequest,
    ) -> Reply<CreatePaymentLinkResponse> {
        if let Some(error) = refused(&request.credentials) {
            return CreatePaymentLinkResponse::Unauthorized(error).into();
        }
        let body = request.body;
        let mut data = link(LINK_ID.to_string(), &body.amount, body.currency);
        data.reference_number = Some(body.reference_number);
        data.description = body.description;
        data.customer_first_name = Some(body.customer_first_name);
        data.customer_last_name = Some(body.customer_last_name);
        data.customer_email = Some(body.customer_email);
        data.customer_phone_number = Some(body.customer_phone_number);
        CreatePaymentLinkResponse::Ok(envelope(data)).into()
    }

    async fn get_payment_link(
        &self,
        request: GetPaymentLinkRequest,
    ) -> Reply<GetPaymentLinkResponse> {
        if let Some(error) = refused(&request.credentials) {
            return GetPaymentLinkResponse::Unauthorized(error).into();
        }
        let mut data = link(link_id(&request.link_id), "5000.00", Currency::Lkr);
        data.is_delete = self.is_deleted(&request.link_id);
        GetPaymentLinkResponse::Ok(envelope(data)).into()
    }

    async fn update_payment_link(
        &self,
        request: UpdatePaymentLinkRequest,
    ) -> Reply<UpdatePaymentLinkResponse> {
        if let Some(error) = refused(&request.credentials) {
            return UpdatePaymentLinkResponse::Unauthorized(error).into();
        }
        let mut data = link(link_id(&request.link_id), "5000.00", Currency::Lkr);
        data.description = Some(request.body.description);
        data.is_delete = self.is_deleted(&request.link_id);
        UpdatePaymentLinkResponse::Ok(envelope(data)).into()
    }

    async fn delete_payment_link(
        &self,
        request: DeletePaymentLinkRequest,
    ) -> Reply<DeletePaymentLinkResponse> {
        if let Some(error) = refused(&request.credentials) {
            return DeletePaymentLinkResponse::Unauthorized(error).into();
        }
        self.delete(&request.link_id);
        DeletePaymentLinkResponse::Ok(types::DeletePaymentLinkResponse {
            status: 200,
            message: "The payment link was deleted".to_string(),
        })
        .into()
    }
}

/// The router: the generated server at the root (the spec's server is absolute).
pub fn router() -> axum::Router {
    server::router(OnePay::default())
}
