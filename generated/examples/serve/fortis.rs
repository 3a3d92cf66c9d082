//! The Fortis (Zeamster v2) paylinks implementation served for Schemathesis:
//! every valid request gets a 2xx answer whose body fits the spec's
//! `Paylink` schema. Answers start from the documented example paylink and
//! take over the path id and the request's fields wherever they also fit the
//! response schema (lengths, dates, enum values); create answers 201, delete
//! and resend 204.
//!
//! Credentials: `user-id` must be [`super::USER`], `user-api-key`
//! [`super::API_KEY`] and `developer-id` [`super::TOKEN`]. The spec documents
//! no 401 or 403 response, so no handler can answer one; a layer in front of
//! the generated router refuses wrong values with the same 401 problem the
//! generated server sends when a credential is missing.

use std::collections::HashSet;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

use axum::extract::Request;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use paylink::codegen::server::Problem;
use paylink::fortis::server::{
    self, Api, CreatePaylinkRequest, DeletePaylinkRequest, GetPaylinkRequest, ListPaylinksRequest,
    Reply, ResendPaylinkNotificationRequest, UpdatePaylinkRequest,
};
use paylink::fortis::types::{self, Paylink, PaylinkCreate, PaylinkUpdate};
use paylink::fortis::{
    CreatePaylinkResponse, DeletePaylinkResponse, GetPaylinkResponse, ListPaylinksResponse,
    ResendPaylinkNotificationResponse, UpdatePaylinkResponse,
};

/// The router: the generated server behind the credential check.
pub fn router() -> axum::Router {
    server::router(Paylinks::default()).layer(axum::middleware::from_fn(check_credentials))
}

/// Each credential header and the only value accepted for it.
const EXPECTED: [(&str, &str); 3] = [
    ("user-id", super::USER),
    ("user-api-key", super::API_KEY),
    ("developer-id", super::TOKEN),
];

/// Refuses a request carrying a credential header with another value; a
/// missing one is left to the generated server, which answers 401 itself.
async fn check_credentials(request: Request, next: Next) -> Response {
    let wrong = EXPECTED.iter().any(|(name, value)| {
        request
            .headers()
            .get(*name)
            .is_some_and(|sent| sent.as_bytes() != value.as_bytes())
    });
    if wrong {
        return Problem::unauthorized("the credentials are not valid").into_response();
    }
    next.run(request).await
}

/// The implementation: answering from the documented example, and
/// remembering which paylinks were deleted (a 404 for them afterwards).
#[derive(Default)]
struct Paylinks {
    deleted: Mutex<HashSet<String>>,
    created: AtomicU64,
}

impl Paylinks {
    /// A fresh id for a created paylink (24 hex digits, as Fortis ids are).
    fn fresh_id(&self) -> String {
        let n = self.created.fetch_add(1, Ordering::Relaxed) + 1;
        format!("{n:024x}")
    }

    fn is_deleted(&self, id: &str) -> bool {
        self.deleted.lock().is_ok_and(|d| d.contains(id))
    }
}

/// The 404 of a deleted paylink, in an operation's `4XX` range.
fn gone<T>(response: T) -> Reply<T> {
    Reply::new(response).with_status(axum::http::StatusCode::NOT_FOUND)
}

impl Api for Paylinks {
    async fn list_paylinks(&self, request: ListPaylinksRequest) -> Reply<ListPaylinksResponse> {
        ListPaylinksResponse::Ok(page(&request)).into()
    }

    async fn create_paylink(&self, request: CreatePaylinkRequest) -> Reply<CreatePaylinkResponse> {
        let mut paylink = sample(&self.fresh_id());
        apply(&mut paylink, &from_create(request.body.paylink));
        let body = types::PaylinkResponse { paylink };
        Reply::new(CreatePaylinkResponse::Status2xx(body))
            .with_status(axum::http::StatusCode::CREATED)
    }

    async fn get_paylink(&self, request: GetPaylinkRequest) -> Reply<GetPaylinkResponse> {
        if self.is_deleted(&request.id) {
            return gone(GetPaylinkResponse::Status4xx);
        }
        let paylink = sample(&request.id);
        GetPaylinkResponse::Ok(types::PaylinkResponse { paylink }).into()
    }

    async fn update_paylink(&self, request: UpdatePaylinkRequest) -> Reply<UpdatePaylinkResponse> {
        if self.is_deleted(&request.id) {
            return gone(UpdatePaylinkResponse::Status4xx);
        }
        let mut paylink = sample(&request.id);
        apply(&mut paylink, &request.body.paylink);
        UpdatePaylinkResponse::Ok(types::PaylinkResponse { paylink }).into()
    }

    async fn delete_paylink(&self, request: DeletePaylinkRequest) -> Reply<DeletePaylinkResponse> {
        let fresh = self
            .deleted
            .lock()
            .is_ok_and(|mut d| d.insert(request.id.clone()));
        if fresh {
            DeletePaylinkResponse::NoContent.into()
        } else {
            DeletePaylinkResponse::NotFound.into()
        }
    }

    async fn resend_paylink_notification(
        &self,
        request: ResendPaylinkNotificationRequest,
    ) -> Reply<ResendPaylinkNotificationResponse> {
        if self.is_deleted(&request.id) {
            return ResendPaylinkNotificationResponse::NotFound.into();
        }
        ResendPaylinkNotificationResponse::NoContent.into()
    }
}

/// The id of the documented example paylink.
const EXAMPLE_ID: &str = "11eca9f78d3654da9f92abd0";
/// The user and location id of the documented example.
const EXAMPLE_USER: &str = "11111111-1111-1111-1111-111111111111";

/// The documented example paylink, under `id` when it is a valid id.
fn sample(id: &str) -> Paylink {
    let id = fit(Some(id), 24, 36).unwrap_or_else(|| EXAMPLE_ID.to_string());
    Paylink {
        links: types::PaylinkLinks {
            self_: link(&format!("/v2/paylinks/{id}")),
        },
        id,
        cc_product_transaction_id: "11eca9f76a959008955ce03b".into(),
        ach_product_transaction_id: None,
        location_id: EXAMPLE_USER.into(),
        paylink_api_id: None,
        contact_id: "11e999d31a7ab26aa1f36f05".into(),
        amount_due: "99999999.99".parse().expect("a decimal"),
        cell_phone: "1111111111".into(),
        email: "jones@emailr.com".into(),
        description: None,
        expire_date: "2022-04-10".parse().expect("a date"),
        status_id: types::StatusId::V0,
        display_product_transaction_receipt_details: types::IntBoolean::V1,
        display_billing_fields: types::IntBoolean::V1,
        delivery_method: types::DeliveryMethod::V1,
        active: types::IntBoolean::V1,
        created_ts: 1647964123,
        modified_ts: 1647964123,
        created_user_id: EXAMPLE_USER.into(),
        modified_user_id: EXAMPLE_USER.into(),
    }
}

fn link(href: &str) -> types::Link {
    types::Link { href: href.into() }
}

/// A page holding the example paylink, echoing the paging asked for.
fn page(request: &ListPaylinksRequest) -> types::PaylinkListResponse {
    let number = request.page.unwrap_or(1);
    let size = request.page_size.unwrap_or(20);
    let href = |n: i64| link(&format!("/v2/paylinks?page_size={size}&page={n}"));
    let column = request.sort.clone().unwrap_or_else(|| "created_ts".into());
    types::PaylinkListResponse {
        paylinks: vec![sample(EXAMPLE_ID)],
        meta: types::ListMeta {
            pagination: types::Pagination {
                links: types::PaginationLinks {
                    self_: href(number),
                    next: None,
                    last: Some(href(number)),
                },
                total_count: 1,
                page_count: 1,
                current_page: number.saturating_sub(1),
                per_page: size,
            },
            sort: types::SortMeta {
                attributes: [(column, "desc".to_string())].into(),
            },
        },
    }
}

/// Create's fields as an update: the two bodies carry the same fields.
fn from_create(create: PaylinkCreate) -> PaylinkUpdate {
    PaylinkUpdate {
        cc_product_transaction_id: create.cc_product_transaction_id,
        ach_product_transaction_id: create.ach_product_transaction_id,
        location_id: create.location_id,
        amount_due: create.amount_due,
        expire_date: create.expire_date,
        email: create.email,
        cell_phone: create.cell_phone,
        contact_id: create.contact_id,
        contact_api_id: create.contact_api_id,
        paylink_api_id: create.paylink_api_id,
        delivery_method: create.delivery_method,
        status_id: create.status_id,
    }
}

/// Takes over the fields of `changes` that fit the response schema.
fn apply(paylink: &mut Paylink, changes: &PaylinkUpdate) {
    let id = |value: &Option<String>| fit(value.as_deref(), 24, 36);
    if let Some(value) = id(&changes.cc_product_transaction_id) {
        paylink.cc_product_transaction_id = value;
    }
    if let Some(value) = id(&changes.ach_product_transaction_id) {
        paylink.ach_product_transaction_id = Some(value);
    }
    if let Some(value) = id(&changes.location_id) {
        paylink.location_id = value;
    }
    if let Some(value) = id(&changes.contact_id) {
        paylink.contact_id = value;
    }
    if let Some(value) = fit(changes.paylink_api_id.as_deref(), 0, 64) {
        paylink.paylink_api_id = Some(value);
    }
    apply_contact_and_terms(paylink, changes);
}

/// The recipient, amount, date and enum fields of [`apply`].
fn apply_contact_and_terms(paylink: &mut Paylink, changes: &PaylinkUpdate) {
    if let Some(value) = fit(changes.email.as_deref(), 5, 128) {
        paylink.email = value;
    }
    if let Some(value) = fit(changes.cell_phone.as_deref(), 1, 10) {
        paylink.cell_phone = value;
    }
    if let Some(value) = changes.amount_due.and_then(amount) {
        paylink.amount_due = value;
    }
    // A `Date`: the router refused a body whose date was not one.
    if let Some(value) = &changes.expire_date {
        paylink.expire_date = value.clone();
    }
    if let Some(value @ (types::StatusId::V0 | types::StatusId::V1)) = changes.status_id {
        paylink.status_id = value;
    }
    match changes.delivery_method {
        Some(types::DeliveryMethod::Unknown(_)) | None => {}
        Some(value) => paylink.delivery_method = value,
    }
}

/// `value` when its length in characters lies in `min..=max`.
fn fit(value: Option<&str>, min: usize, max: usize) -> Option<String> {
    value
        .filter(|v| (min..=max).contains(&v.chars().count()))
        .map(str::to_string)
}

/// An amount as the decimal string responses carry (at most 12 characters).
fn amount(value: f64) -> Option<paylink::codegen::Decimal> {
    let text = format!("{value:.2}");
    if !value.is_finite() || text.len() > 12 {
        return None;
    }
    text.parse().ok()
}
