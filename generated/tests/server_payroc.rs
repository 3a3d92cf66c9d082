//! The generated Payroc server over real HTTP: an in-test gateway implements
//! `payroc::server::Api`, records every request its handlers receive and is
//! served on a loopback port. The generated client calls every operation and
//! every documented error status; raw requests the client cannot send
//! (missing or mistyped parameters and body fields, no credentials, other
//! media types) are refused before the handler. Functions named
//! `..._constraint_...` send one request per schema constraint of the spec
//! (lengths, patterns, enums, formats, maxima, minItems, non-nullable fields)
//! and expect a 400 naming the field.

#[path = "common/serve.rs"]
mod serve;
#[path = "values/payroc.rs"]
mod values;

use std::sync::{Arc, Mutex};

use axum::http::{HeaderValue, StatusCode};
use paylink::payroc::server::{
    router, router_with_body_limit, Api, CreatePaymentLinkRequest, DeactivatePaymentLinkRequest,
    GenerateBearerTokenRequest, ListPaymentLinkSharingEventsRequest, ListPaymentLinksRequest,
    Reply, RetrievePaymentLinkRequest, SharePaymentLinkRequest, UpdatePaymentLinkRequest,
};
use paylink::payroc::{
    types, Client, CreatePaymentLinkResponse, Credentials, DeactivatePaymentLinkResponse,
    GenerateBearerTokenResponse, ListPaymentLinkSharingEventsResponse, ListPaymentLinksResponse,
    RetrievePaymentLinkResponse, SharePaymentLinkResponse, UpdatePaymentLinkResponse,
};
use serde_json::{json, Value};
use serve::{send_raw, serve, Answer};
use values::*;

/// The identifier the gateway gives a link it creates.
const NEW_LINK_ID: &str = "NEWLINK001";
/// A payment-link identifier whose handlers answer 404 with `with_status(418)`.
const TEAPOT_ID: &str = "TEAPOT0418";
const CREATED_ON: &str = "2024-05-01";

/// A `date` value.
fn date(text: &str) -> paylink::codegen::Date {
    text.parse().expect("a date")
}

const READ_ERRORS: &[u16] = &[400, 401, 403, 404, 406, 500];
const WRITE_ERRORS: &[u16] = &[400, 401, 403, 404, 406, 409, 415, 500];
const DEACTIVATE_ERRORS: &[u16] = &[400, 401, 403, 404, 406, 409, 500];

// ------------------------------------------------------------ the gateway

/// A request as a handler received it.
#[derive(Debug, Clone)]
enum Seen {
    Token(GenerateBearerTokenRequest),
    ListLinks(ListPaymentLinksRequest),
    Create(CreatePaymentLinkRequest),
    Retrieve(RetrievePaymentLinkRequest),
    Update(UpdatePaymentLinkRequest),
    Deactivate(DeactivatePaymentLinkRequest),
    ListEvents(ListPaymentLinkSharingEventsRequest),
    Share(SharePaymentLinkRequest),
}

/// The in-test implementation: answers from fixed data, fails on request
/// for identifiers `ERR<status>...`, and records what it receives.
#[derive(Clone, Default)]
struct Gateway {
    seen: Arc<Mutex<Vec<Seen>>>,
}

impl Gateway {
    fn record(&self, seen: Seen) {
        self.seen.lock().expect("log").push(seen);
    }
}

/// The status an identifier like `ERR404LINK` asks the gateway to fail with.
fn failure_status(id: &str) -> Option<u16> {
    id.strip_prefix("ERR")?.get(..3)?.parse().ok()
}

/// The documented failure `make` builds for the status `id` asks for.
fn failing<T>(id: &str, make: fn(u16) -> Option<T>) -> Option<Reply<T>> {
    make(failure_status(id)?).map(Reply::new)
}

impl Api for Gateway {
    async fn generate_bearer_token(
        &self,
        request: GenerateBearerTokenRequest,
    ) -> Reply<GenerateBearerTokenResponse> {
        self.record(Seen::Token(request));
        GenerateBearerTokenResponse::Ok(issued_token()).into()
    }

    async fn list_payment_links(
        &self,
        request: ListPaymentLinksRequest,
    ) -> Reply<ListPaymentLinksResponse> {
        let (terminal, limit) = (request.processing_terminal_id.clone(), request.limit);
        self.record(Seen::ListLinks(request));
        if let Some(reply) = failing(&terminal, list_links_failure) {
            return reply;
        }
        ListPaymentLinksResponse::Ok(link_page(limit)).into()
    }

    async fn create_payment_link(
        &self,
        request: CreatePaymentLinkRequest,
    ) -> Reply<CreatePaymentLinkResponse> {
        let (terminal, body) = (request.processing_terminal_id.clone(), request.body.clone());
        self.record(Seen::Create(request));
        if let Some(reply) = failing(&terminal, create_failure) {
            return reply;
        }
        let location = format!("/payment-links/{NEW_LINK_ID}");
        Reply::new(CreatePaymentLinkResponse::Created(stored(
            body,
            NEW_LINK_ID,
            types::PaymentLinkStatus::Active,
        )))
        .with_header(
            axum::http::header::LOCATION,
            HeaderValue::from_str(&location).expect("header"),
        )
    }

    async fn retrieve_payment_link(
        &self,
        request: RetrievePaymentLinkRequest,
    ) -> Reply<RetrievePaymentLinkResponse> {
        let id = request.payment_link_id.clone();
        self.record(Seen::Retrieve(request));
        if id == TEAPOT_ID {
            let missing = RetrievePaymentLinkResponse::NotFound(problem(404));
            return Reply::new(missing).with_status(StatusCode::IM_A_TEAPOT);
        }
        if let Some(reply) = failing(&id, retrieve_failure) {
            return reply;
        }
        let link = stored(single_use(), &id, types::PaymentLinkStatus::Active);
        RetrievePaymentLinkResponse::Ok(link).into()
    }

    async fn update_payment_link(
        &self,
        request: UpdatePaymentLinkRequest,
    ) -> Reply<UpdatePaymentLinkResponse> {
        let id = request.payment_link_id.clone();
        self.record(Seen::Update(request));
        if let Some(reply) = failing(&id, update_failure) {
            return reply;
        }
        let link = stored(multi_use(), &id, types::PaymentLinkStatus::Active);
        UpdatePaymentLinkResponse::Ok(link).into()
    }

    async fn deactivate_payment_link(
        &self,
        request: DeactivatePaymentLinkRequest,
    ) -> Reply<DeactivatePaymentLinkResponse> {
        let id = request.payment_link_id.clone();
        self.record(Seen::Deactivate(request));
        if let Some(reply) = failing(&id, deactivate_failure) {
            return reply;
        }
        let link = stored(multi_use(), &id, types::PaymentLinkStatus::Deactivated);
        DeactivatePaymentLinkResponse::Ok(link).into()
    }

    async fn list_payment_link_sharing_events(
        &self,
        request: ListPaymentLinkSharingEventsRequest,
    ) -> Reply<ListPaymentLinkSharingEventsResponse> {
        let (id, limit) = (request.payment_link_id.clone(), request.limit);
        self.record(Seen::ListEvents(request));
        if let Some(reply) = failing(&id, list_events_failure) {
            return reply;
        }
        ListPaymentLinkSharingEventsResponse::Ok(event_page(limit)).into()
    }

    async fn share_payment_link(
        &self,
        request: SharePaymentLinkRequest,
    ) -> Reply<SharePaymentLinkResponse> {
        let (id, body) = (request.payment_link_id.clone(), request.body.clone());
        self.record(Seen::Share(request));
        if let Some(reply) = failing(&id, share_failure) {
            return reply;
        }
        SharePaymentLinkResponse::Created(shared(body)).into()
    }
}

// ------------------------------------------------------ documented failures

fn problem(status: u16) -> types::Problem {
    types::Problem {
        r#type: format!("https://docs.payroc.com/api/errors#{status}"),
        title: format!("Status {status}"),
        status: status.into(),
        detail: format!("The gateway answered {status}."),
    }
}

fn problem_with_errors(status: u16) -> types::ProblemWithErrors {
    types::ProblemWithErrors {
        r#type: format!("https://docs.payroc.com/api/errors#{status}"),
        title: format!("Status {status}"),
        status: status.into(),
        detail: format!("The gateway answered {status}."),
        errors: Some(vec![types::ProblemErrorItem {
            parameter: Some("limit".into()),
            detail: Some("Must be 100 or less".into()),
            message: Some("Invalid value".into()),
        }]),
    }
}

/// `Some(variant)` of `$response` for each documented `$code`, else `None`.
macro_rules! failure {
    ($response:ident, $status:expr, { $($code:literal => $variant:ident($make:ident)),* $(,)? }) => {
        match $status {
            $($code => Some($response::$variant($make($code))),)*
            _ => None,
        }
    };
}

fn list_links_failure(status: u16) -> Option<ListPaymentLinksResponse> {
    failure!(ListPaymentLinksResponse, status, {
        400 => BadRequest(problem_with_errors), 401 => Unauthorized(problem),
        403 => Forbidden(problem), 404 => NotFound(problem),
        406 => NotAcceptable(problem), 500 => InternalServerError(problem_with_errors),
    })
}

fn create_failure(status: u16) -> Option<CreatePaymentLinkResponse> {
    failure!(CreatePaymentLinkResponse, status, {
        400 => BadRequest(problem_with_errors), 401 => Unauthorized(problem),
        403 => Forbidden(problem), 404 => NotFound(problem),
        406 => NotAcceptable(problem), 409 => Conflict(problem),
        415 => UnsupportedMediaType(problem), 500 => InternalServerError(problem_with_errors),
    })
}

fn retrieve_failure(status: u16) -> Option<RetrievePaymentLinkResponse> {
    failure!(RetrievePaymentLinkResponse, status, {
        400 => BadRequest(problem_with_errors), 401 => Unauthorized(problem),
        403 => Forbidden(problem), 404 => NotFound(problem),
        406 => NotAcceptable(problem), 500 => InternalServerError(problem_with_errors),
    })
}

fn update_failure(status: u16) -> Option<UpdatePaymentLinkResponse> {
    failure!(UpdatePaymentLinkResponse, status, {
        400 => BadRequest(problem_with_errors), 401 => Unauthorized(problem),
        403 => Forbidden(problem), 404 => NotFound(problem),
        406 => NotAcceptable(problem), 409 => Conflict(problem),
        415 => UnsupportedMediaType(problem), 500 => InternalServerError(problem_with_errors),
    })
}

fn deactivate_failure(status: u16) -> Option<DeactivatePaymentLinkResponse> {
    failure!(DeactivatePaymentLinkResponse, status, {
        400 => BadRequest(problem_with_errors), 401 => Unauthorized(problem),
        403 => Forbidden(problem), 404 => NotFound(problem),
        406 => NotAcceptable(problem), 409 => Conflict(problem),
        500 => InternalServerError(problem_with_errors),
    })
}

fn list_events_failure(status: u16) -> Option<ListPaymentLinkSharingEventsResponse> {
    failure!(ListPaymentLinkSharingEventsResponse, status, {
        400 => BadRequest(problem_with_errors), 401 => Unauthorized(problem),
        403 => Forbidden(problem), 404 => NotFound(problem),
        406 => NotAcceptable(problem), 500 => InternalServerError(problem_with_errors),
    })
}

fn share_failure(status: u16) -> Option<SharePaymentLinkResponse> {
    failure!(SharePaymentLinkResponse, status, {
        400 => BadRequest(problem_with_errors), 401 => Unauthorized(problem),
        403 => Forbidden(problem), 404 => NotFound(problem),
        406 => NotAcceptable(problem), 409 => Conflict(problem),
        415 => UnsupportedMediaType(problem), 500 => InternalServerError(problem_with_errors),
    })
}

// ------------------------------------------------------------- fixed data

fn issued_token() -> types::BearerToken {
    types::BearerToken {
        access_token: TOKEN.into(),
        token_type: types::BearerTokenType::Bearer,
        expires_in: 3600,
        scope: Some("payment-links".into()),
    }
}

fn assets(id: &str) -> types::PaymentLinkAssets {
    types::PaymentLinkAssets {
        payment_url: format!("https://pay.payroc.com/links/{id}"),
        payment_button: format!("<a href=\"https://pay.payroc.com/links/{id}\">Pay</a>"),
    }
}

/// `link` as the gateway stores it: with its read-only properties set.
fn stored(
    link: types::PaymentLink,
    id: &str,
    status: types::PaymentLinkStatus,
) -> types::PaymentLink {
    match link {
        types::PaymentLink::MultiUse(mut l) => {
            l.payment_link_id = Some(id.into());
            l.assets = Some(assets(id));
            l.status = Some(status);
            l.created_on = Some(date(CREATED_ON));
            types::PaymentLink::MultiUse(l)
        }
        types::PaymentLink::SingleUse(mut l) => {
            l.payment_link_id = Some(id.into());
            l.assets = Some(assets(id));
            l.status = Some(status);
            l.created_on = Some(date(CREATED_ON));
            types::PaymentLink::SingleUse(l)
        }
        other => other,
    }
}

fn page_link(href: &str) -> types::PageLink {
    types::PageLink {
        rel: Some("next".into()),
        method: Some("get".into()),
        href: Some(href.into()),
    }
}

/// The page of links the gateway lists, with the page size it applied.
fn link_page(limit: Option<i64>) -> types::PaymentLinkPage {
    let active = types::PaymentLinkStatus::Active;
    types::PaymentLinkPage {
        limit: Some(limit.unwrap_or(10)),
        count: Some(2),
        has_more: Some(true),
        links: Some(vec![page_link(
            "https://api.payroc.com/v1/processing-terminals/1234001/payment-links?after=JZURRJBUPS",
        )]),
        data: Some(vec![
            stored(multi_use(), LINK_ID, active.clone()),
            stored(single_use(), "KAVSSKCVQT", active),
        ]),
    }
}

/// `event` as the gateway answers it: with its identifier and time.
fn shared(mut event: types::SharingEvent) -> types::SharingEvent {
    event.sharing_event_id = Some("LRDEMXNQRK".into());
    event.date_time = Some("2024-05-01T12:30:00Z".parse().expect("a date-time"));
    event
}

fn event_page(limit: Option<i64>) -> types::SharingEventPage {
    types::SharingEventPage {
        limit: Some(limit.unwrap_or(10)),
        count: Some(1),
        has_more: Some(false),
        links: Some(vec![page_link(
            "https://api.payroc.com/v1/payment-links/JZURRJBUPS/sharing-events?after=LRDEMXNQRK",
        )]),
        data: Some(vec![shared(sharing_event())]),
    }
}

// ---------------------------------------------------------------- harness

/// A served gateway and the log of what its handlers received.
struct Harness {
    base: String,
    seen: Arc<Mutex<Vec<Seen>>>,
}

async fn start() -> Harness {
    let gateway = Gateway::default();
    let seen = gateway.seen.clone();
    let base = serve(router(gateway)).await;
    Harness { base, seen }
}

impl Harness {
    /// A client holding both credentials.
    fn client(&self) -> Client {
        Client::with_base_url(&self.base)
            .with_bearer_auth(TOKEN)
            .with_api_key_auth(API_KEY)
    }

    fn seen(&self) -> Vec<Seen> {
        self.seen.lock().expect("log").clone()
    }

    /// The one request the handlers received.
    fn only(&self) -> Seen {
        let seen = self.seen();
        assert_eq!(seen.len(), 1, "{seen:?}");
        seen[0].clone()
    }

    fn assert_untouched(&self) {
        let seen = self.seen();
        assert!(seen.is_empty(), "the handler was reached: {seen:?}");
    }

    async fn raw(&self, method: &str, path: &str, headers: &[(&str, &str)], body: &str) -> Answer {
        send_raw(method, &format!("{}{path}", self.base), headers, body).await
    }
}

/// The credentials a bearer-token call carries: the token only.
fn bearer_only() -> Credentials {
    Credentials {
        bearer_auth: Some(TOKEN.into()),
        api_key_auth: None,
    }
}

/// Requests are not `PartialEq`; their `Debug` forms show every field.
fn assert_same<T: std::fmt::Debug>(actual: &T, expected: &T) {
    assert_eq!(format!("{actual:#?}"), format!("{expected:#?}"));
}

/// The `Authorization` header carrying [`TOKEN`].
const AUTH: (&str, &str) = ("authorization", "Bearer eyJhbGciOiJSUzI1NiJ9.server.sig");
const JSON: (&str, &str) = ("content-type", "application/json");
const IDEMPOTENCY: (&str, &str) = ("idempotency-key", IDEMPOTENCY_KEY);

/// Every string in a JSON body (or the raw text when it is not JSON); the
/// keys are left out, so `type` or `status` cannot match a problem's keys.
fn texts(answer: &Answer) -> Vec<String> {
    fn walk(value: &Value, out: &mut Vec<String>) {
        match value {
            Value::String(s) => out.push(s.clone()),
            Value::Array(items) => items.iter().for_each(|v| walk(v, out)),
            Value::Object(map) => map.values().for_each(|v| walk(v, out)),
            _ => {}
        }
    }
    match serde_json::from_str::<Value>(&answer.body) {
        Ok(value) => {
            let mut out = Vec::new();
            walk(&value, &mut out);
            out
        }
        Err(_) => vec![answer.body.clone()],
    }
}

/// Whether `answer` is a 400 whose body names `field`.
fn names(answer: &Answer, field: &str) -> bool {
    answer.status == 400 && texts(answer).iter().any(|t| t.contains(field))
}

fn assert_bad_request(answer: &Answer, field: &str) {
    assert!(
        names(answer, field),
        "expected a 400 naming `{field}`: {answer:?}"
    );
}

/// A JSON value with the property at `pointer` replaced (or added) by `new`.
fn set(mut value: Value, pointer: &str, new: Value) -> Value {
    let (parent, key) = pointer.rsplit_once('/').expect("pointer");
    let target = value.pointer_mut(parent).expect("parent");
    match target {
        Value::Array(items) => items[key.parse::<usize>().expect("index")] = new,
        _ => target[key] = new,
    }
    value
}

/// A JSON value without the property at `pointer`.
fn unset(mut value: Value, pointer: &str) -> Value {
    let (parent, key) = pointer.rsplit_once('/').expect("pointer");
    let target = value.pointer_mut(parent).expect("parent");
    target.as_object_mut().expect("object").remove(key);
    value
}

fn to_json(value: &impl serde::Serialize) -> Value {
    serde_json::to_value(value).expect("serializes")
}

fn links_path(terminal: &str) -> String {
    format!("/processing-terminals/{terminal}/payment-links")
}

// ------------------------------------------------------- success paths

#[tokio::test]
async fn generate_bearer_token_hands_the_api_key_to_the_handler() {
    let h = start().await;
    let response = h
        .client()
        .generate_bearer_token()
        .server(h.base.clone())
        .send()
        .await
        .expect("documented response");
    assert_eq!(response.status, 200);
    assert_eq!(
        response.body,
        GenerateBearerTokenResponse::Ok(issued_token())
    );
    let Seen::Token(request) = h.only() else {
        panic!("{:?}", h.seen())
    };
    let credentials = Credentials {
        bearer_auth: None,
        api_key_auth: Some(API_KEY.into()),
    };
    assert_same(&request, &GenerateBearerTokenRequest { credentials });
}

#[tokio::test]
async fn list_payment_links_hands_every_filter_and_cursor_to_the_handler() {
    let h = start().await;
    let response = h
        .client()
        .list_payment_links(TERMINAL)
        .merchant_reference("Ref #7 & co+=/é")
        .link_type(types::PaymentLinkType::SingleUse)
        .charge_type(types::ChargeType::Preset)
        .status(types::PaymentLinkStatus::Expired)
        .recipient_name("Sarah Hazel Hopper")
        .recipient_email("sarah.hopper@example.com")
        .created_on(date("2024-05-01"))
        .expires_on(date("2030-06-30"))
        .before("cursor-b")
        .after("cursor-a")
        .limit(25)
        .send()
        .await
        .expect("documented response");
    assert_eq!(response.status, 200);
    assert_eq!(
        response.body,
        ListPaymentLinksResponse::Ok(link_page(Some(25)))
    );
    let Seen::ListLinks(request) = h.only() else {
        panic!("{:?}", h.seen())
    };
    let expected = ListPaymentLinksRequest {
        processing_terminal_id: TERMINAL.into(),
        merchant_reference: Some("Ref #7 & co+=/é".into()),
        link_type: Some(types::PaymentLinkType::SingleUse),
        charge_type: Some(types::ChargeType::Preset),
        status: Some(types::PaymentLinkStatus::Expired),
        recipient_name: Some("Sarah Hazel Hopper".into()),
        recipient_email: Some("sarah.hopper@example.com".into()),
        created_on: Some(date("2024-05-01")),
        expires_on: Some(date("2030-06-30")),
        before: Some("cursor-b".into()),
        after: Some("cursor-a".into()),
        limit: Some(25),
        credentials: bearer_only(),
    };
    assert_same(&request, &expected);
}

#[tokio::test]
async fn list_payment_links_without_options_hands_over_none() {
    let h = start().await;
    let response = h.client().list_payment_links("Term 7/é").send().await;
    let response = response.expect("documented response");
    assert_eq!(response.body, ListPaymentLinksResponse::Ok(link_page(None)));
    let Seen::ListLinks(request) = h.only() else {
        panic!("{:?}", h.seen())
    };
    let expected = ListPaymentLinksRequest {
        processing_terminal_id: "Term 7/é".into(),
        merchant_reference: None,
        link_type: None,
        charge_type: None,
        status: None,
        recipient_name: None,
        recipient_email: None,
        created_on: None,
        expires_on: None,
        before: None,
        after: None,
        limit: None,
        credentials: bearer_only(),
    };
    assert_same(&request, &expected);
}

#[tokio::test]
async fn create_payment_link_hands_a_multi_use_link_over_and_answers_location() {
    let h = start().await;
    let response = h
        .client()
        .create_payment_link(TERMINAL, multi_use())
        .idempotency_key(IDEMPOTENCY_KEY)
        .send()
        .await
        .expect("documented response");
    assert_eq!(response.status, 201);
    let created = stored(multi_use(), NEW_LINK_ID, types::PaymentLinkStatus::Active);
    assert_eq!(response.body, CreatePaymentLinkResponse::Created(created));
    let location = response
        .headers
        .get("location")
        .and_then(|v| v.to_str().ok());
    assert_eq!(location, Some("/payment-links/NEWLINK001"));
    let Seen::Create(request) = h.only() else {
        panic!("{:?}", h.seen())
    };
    let expected = CreatePaymentLinkRequest {
        processing_terminal_id: TERMINAL.into(),
        idempotency_key: IDEMPOTENCY_KEY.into(),
        body: multi_use(),
        credentials: bearer_only(),
    };
    assert_same(&request, &expected);
}

#[tokio::test]
async fn create_payment_link_hands_a_single_use_link_over() {
    let h = start().await;
    let response = h
        .client()
        .create_payment_link(TERMINAL, single_use())
        .idempotency_key(IDEMPOTENCY_KEY)
        .send()
        .await
        .expect("documented response");
    assert_eq!(response.status, 201);
    let created = stored(single_use(), NEW_LINK_ID, types::PaymentLinkStatus::Active);
    assert_eq!(response.body, CreatePaymentLinkResponse::Created(created));
    let Seen::Create(request) = h.only() else {
        panic!("{:?}", h.seen())
    };
    assert_eq!(request.body, single_use());
    assert_eq!(request.idempotency_key, IDEMPOTENCY_KEY);
}

#[tokio::test]
async fn retrieve_payment_link_hands_the_id_over() {
    let h = start().await;
    let response = h.client().retrieve_payment_link(LINK_ID).send().await;
    let response = response.expect("documented response");
    assert_eq!(response.status, 200);
    let link = stored(single_use(), LINK_ID, types::PaymentLinkStatus::Active);
    assert_eq!(response.body, RetrievePaymentLinkResponse::Ok(link));
    let Seen::Retrieve(request) = h.only() else {
        panic!("{:?}", h.seen())
    };
    let expected = RetrievePaymentLinkRequest {
        payment_link_id: LINK_ID.into(),
        credentials: bearer_only(),
    };
    assert_same(&request, &expected);
}

#[tokio::test]
async fn update_payment_link_hands_the_patch_document_over() {
    let h = start().await;
    let response = h
        .client()
        .update_payment_link(LINK_ID, patch())
        .idempotency_key(IDEMPOTENCY_KEY)
        .send()
        .await
        .expect("documented response");
    assert_eq!(response.status, 200);
    let link = stored(multi_use(), LINK_ID, types::PaymentLinkStatus::Active);
    assert_eq!(response.body, UpdatePaymentLinkResponse::Ok(link));
    let Seen::Update(request) = h.only() else {
        panic!("{:?}", h.seen())
    };
    let expected = UpdatePaymentLinkRequest {
        payment_link_id: LINK_ID.into(),
        idempotency_key: IDEMPOTENCY_KEY.into(),
        body: patch(),
        credentials: bearer_only(),
    };
    assert_same(&request, &expected);
}

#[tokio::test]
async fn update_payment_link_accepts_the_json_patch_media_type() {
    let h = start().await;
    let media = ("content-type", "application/json-patch+json");
    let body = to_json(&patch()).to_string();
    let answer = h
        .raw(
            "PATCH",
            "/payment-links/JZURRJBUPS",
            &[AUTH, IDEMPOTENCY, media],
            &body,
        )
        .await;
    assert_eq!(answer.status, 200, "{answer:?}");
    let Seen::Update(request) = h.only() else {
        panic!("{:?}", h.seen())
    };
    assert_eq!(request.body, patch());
}

#[tokio::test]
async fn deactivate_payment_link_hands_the_idempotency_key_over_given_or_filled() {
    let h = start().await;
    let client = h.client();
    let with_key = client
        .deactivate_payment_link(LINK_ID)
        .idempotency_key(IDEMPOTENCY_KEY);
    let response = with_key.send().await.expect("documented response");
    assert_eq!(response.status, 200);
    let link = stored(multi_use(), LINK_ID, types::PaymentLinkStatus::Deactivated);
    assert_eq!(response.body, DeactivatePaymentLinkResponse::Ok(link));
    let without_key = client.deactivate_payment_link(LINK_ID).send().await;
    assert_eq!(without_key.expect("documented response").status, 200);
    let seen = h.seen();
    let [Seen::Deactivate(first), Seen::Deactivate(second)] = seen.as_slice() else {
        panic!("{seen:?}")
    };
    let expected = DeactivatePaymentLinkRequest {
        payment_link_id: LINK_ID.into(),
        idempotency_key: Some(IDEMPOTENCY_KEY.into()),
        credentials: bearer_only(),
    };
    assert_same(first, &expected);
    // Without one, the client fills a fresh UUID v4.
    let filled = second.idempotency_key.clone().expect("a key");
    assert_eq!((filled.len(), &filled[14..15]), (36, "4"), "{filled}");
    assert_same(
        second,
        &DeactivatePaymentLinkRequest {
            idempotency_key: Some(filled.clone()),
            ..expected
        },
    );
}

#[tokio::test]
async fn list_sharing_events_hands_the_cursors_over() {
    let h = start().await;
    let response = h
        .client()
        .list_payment_link_sharing_events(LINK_ID)
        .before("cursor-b")
        .after("cursor-a")
        .limit(100)
        .send()
        .await
        .expect("documented response");
    assert_eq!(response.status, 200);
    let page = event_page(Some(100));
    assert_eq!(
        response.body,
        ListPaymentLinkSharingEventsResponse::Ok(page)
    );
    let Seen::ListEvents(request) = h.only() else {
        panic!("{:?}", h.seen())
    };
    let expected = ListPaymentLinkSharingEventsRequest {
        payment_link_id: LINK_ID.into(),
        before: Some("cursor-b".into()),
        after: Some("cursor-a".into()),
        limit: Some(100),
        credentials: bearer_only(),
    };
    assert_same(&request, &expected);
}

#[tokio::test]
async fn share_payment_link_hands_the_sharing_event_over() {
    let h = start().await;
    let response = h
        .client()
        .share_payment_link(LINK_ID, sharing_event())
        .idempotency_key(IDEMPOTENCY_KEY)
        .send()
        .await
        .expect("documented response");
    assert_eq!(response.status, 201);
    let answered = shared(sharing_event());
    assert_eq!(response.body, SharePaymentLinkResponse::Created(answered));
    let Seen::Share(request) = h.only() else {
        panic!("{:?}", h.seen())
    };
    let expected = SharePaymentLinkRequest {
        payment_link_id: LINK_ID.into(),
        idempotency_key: IDEMPOTENCY_KEY.into(),
        body: sharing_event(),
        credentials: bearer_only(),
    };
    assert_same(&request, &expected);
}

// -------------------------------------------------- documented failures

/// The identifier that makes the gateway fail with `status`.
fn failing_link(status: u16) -> String {
    format!("ERR{status}LINK")
}

#[tokio::test]
async fn list_payment_links_answers_every_documented_error() {
    let h = start().await;
    let client = h.client();
    for &status in READ_ERRORS {
        let call = client.list_payment_links(format!("ERR{status}")).send();
        let response = call.await.expect("documented response");
        assert_eq!(response.status, status);
        assert_eq!(Some(response.body), list_links_failure(status));
    }
}

#[tokio::test]
async fn create_payment_link_answers_every_documented_error() {
    let h = start().await;
    let client = h.client();
    for &status in WRITE_ERRORS {
        let terminal = format!("ERR{status}");
        let call = client
            .create_payment_link(terminal, multi_use())
            .idempotency_key(IDEMPOTENCY_KEY);
        let response = call.send().await.expect("documented response");
        assert_eq!(response.status, status);
        assert_eq!(Some(response.body), create_failure(status));
    }
}

#[tokio::test]
async fn retrieve_payment_link_answers_every_documented_error() {
    let h = start().await;
    let client = h.client();
    for &status in READ_ERRORS {
        let call = client.retrieve_payment_link(failing_link(status)).send();
        let response = call.await.expect("documented response");
        assert_eq!(response.status, status);
        assert_eq!(Some(response.body), retrieve_failure(status));
    }
}

#[tokio::test]
async fn update_payment_link_answers_every_documented_error() {
    let h = start().await;
    let client = h.client();
    for &status in WRITE_ERRORS {
        let call = client
            .update_payment_link(failing_link(status), patch())
            .idempotency_key(IDEMPOTENCY_KEY);
        let response = call.send().await.expect("documented response");
        assert_eq!(response.status, status);
        assert_eq!(Some(response.body), update_failure(status));
    }
}

#[tokio::test]
async fn deactivate_payment_link_answers_every_documented_error() {
    let h = start().await;
    let client = h.client();
    for &status in DEACTIVATE_ERRORS {
        let call = client.deactivate_payment_link(failing_link(status)).send();
        let response = call.await.expect("documented response");
        assert_eq!(response.status, status);
        assert_eq!(Some(response.body), deactivate_failure(status));
    }
}

#[tokio::test]
async fn list_sharing_events_answers_every_documented_error() {
    let h = start().await;
    let client = h.client();
    for &status in READ_ERRORS {
        let call = client.list_payment_link_sharing_events(failing_link(status));
        let response = call.send().await.expect("documented response");
        assert_eq!(response.status, status);
        assert_eq!(Some(response.body), list_events_failure(status));
    }
}

#[tokio::test]
async fn share_payment_link_answers_every_documented_error() {
    let h = start().await;
    let client = h.client();
    for &status in WRITE_ERRORS {
        let id = failing_link(status);
        let call = client
            .share_payment_link(id, sharing_event())
            .idempotency_key(IDEMPOTENCY_KEY);
        let response = call.send().await.expect("documented response");
        assert_eq!(response.status, status);
        assert_eq!(Some(response.body), share_failure(status));
    }
}

#[tokio::test]
async fn a_single_code_response_keeps_its_code_whatever_with_status_says() {
    let h = start().await;
    let response = h.client().retrieve_payment_link(TEAPOT_ID).send().await;
    let response = response.expect("documented response");
    assert_eq!(response.status, 404);
    assert_eq!(
        response.body,
        RetrievePaymentLinkResponse::NotFound(problem(404))
    );
}

// ------------------------------------------ refused before the handler

/// Every operation: method, path, and a body that would be accepted.
fn every_operation() -> Vec<(&'static str, String, String)> {
    let link = to_json(&multi_use()).to_string();
    let event = to_json(&sharing_event()).to_string();
    let patch = to_json(&patch()).to_string();
    vec![
        ("POST", "/authorize".into(), String::new()),
        ("GET", links_path(TERMINAL), String::new()),
        ("POST", links_path(TERMINAL), link),
        ("GET", "/payment-links/JZURRJBUPS".into(), String::new()),
        ("PATCH", "/payment-links/JZURRJBUPS".into(), patch),
        (
            "POST",
            "/payment-links/JZURRJBUPS/deactivate".into(),
            String::new(),
        ),
        (
            "GET",
            "/payment-links/JZURRJBUPS/sharing-events".into(),
            String::new(),
        ),
        (
            "POST",
            "/payment-links/JZURRJBUPS/sharing-events".into(),
            event,
        ),
    ]
}

#[tokio::test]
async fn every_operation_answers_401_without_credentials() {
    let h = start().await;
    for (method, path, body) in every_operation() {
        let answer = h.raw(method, &path, &[JSON, IDEMPOTENCY], &body).await;
        assert_eq!(answer.status, 401, "{method} {path}: {answer:?}");
    }
    h.assert_untouched();
}

#[tokio::test]
async fn every_operation_wants_its_own_scheme() {
    let h = start().await;
    let api_key = ("x-api-key", API_KEY);
    let basic = ("authorization", "Basic dGVzdDp0ZXN0");
    for (method, path, body) in every_operation() {
        let other = if path == "/authorize" {
            [AUTH, JSON]
        } else {
            [api_key, JSON]
        };
        let answer = h
            .raw(method, &path, &[other[0], other[1], IDEMPOTENCY], &body)
            .await;
        assert_eq!(answer.status, 401, "{method} {path}: {answer:?}");
        let answer = h
            .raw(method, &path, &[basic, JSON, IDEMPOTENCY], &body)
            .await;
        assert_eq!(answer.status, 401, "{method} {path}: {answer:?}");
    }
    h.assert_untouched();
}

#[tokio::test]
async fn a_limit_that_is_no_integer_is_refused() {
    let h = start().await;
    for path in [
        links_path(TERMINAL),
        "/payment-links/JZURRJBUPS/sharing-events".into(),
    ] {
        for limit in ["abc", "2.5", "true", ""] {
            let answer = h
                .raw("GET", &format!("{path}?limit={limit}"), &[AUTH], "")
                .await;
            assert_bad_request(&answer, "limit");
        }
    }
    h.assert_untouched();
}

#[tokio::test]
async fn a_missing_idempotency_key_is_refused() {
    let h = start().await;
    for (method, path, body) in every_operation() {
        let needs_key = matches!(method, "POST" | "PATCH") && !body.is_empty();
        if needs_key {
            let answer = h.raw(method, &path, &[AUTH, JSON], &body).await;
            assert_bad_request(&answer, "Idempotency-Key");
        }
    }
    h.assert_untouched();
}

#[tokio::test]
async fn bodies_that_are_not_json_or_missing_are_refused() {
    let h = start().await;
    let text = ("content-type", "text/plain");
    for (method, path, body) in every_operation() {
        if body.is_empty() {
            continue;
        }
        let answer = h
            .raw(method, &path, &[AUTH, IDEMPOTENCY, text], &body)
            .await;
        assert_eq!(answer.status, 415, "{path}: {answer:?}");
        let answer = h.raw(method, &path, &[AUTH, IDEMPOTENCY, JSON], "").await;
        assert_eq!(answer.status, 400, "{path}: {answer:?}");
        let cut = &body[..body.len() - 1];
        let answer = h.raw(method, &path, &[AUTH, IDEMPOTENCY, JSON], cut).await;
        assert_eq!(answer.status, 400, "{path}: {answer:?}");
    }
    h.assert_untouched();
}

#[tokio::test]
async fn bodies_beyond_the_limit_are_refused() {
    let gateway = Gateway::default();
    let seen = gateway.seen.clone();
    let base = serve(router_with_body_limit(gateway, 64)).await;
    let body = to_json(&multi_use()).to_string();
    let url = format!("{base}{}", links_path(TERMINAL));
    let answer = send_raw("POST", &url, &[AUTH, IDEMPOTENCY, JSON], &body).await;
    assert_eq!(answer.status, 413, "{answer:?}");
    assert!(seen.lock().expect("log").is_empty());
}

#[tokio::test]
async fn unknown_paths_and_methods_are_refused_by_the_router() {
    let h = start().await;
    let answer = h.raw("GET", "/payment-links", &[AUTH], "").await;
    assert_eq!(answer.status, 404);
    let answer = h
        .raw("DELETE", "/payment-links/JZURRJBUPS", &[AUTH], "")
        .await;
    assert_eq!(answer.status, 405);
    let allow = answer.header("allow").unwrap_or_default();
    assert!(
        allow.contains("GET") && allow.contains("PATCH"),
        "Allow: {allow}"
    );
    let answer = h.raw("GET", "/authorize", &[AUTH], "").await;
    assert_eq!(answer.status, 405);
    h.assert_untouched();
}

/// Sends `body` to create a link; the answer.
async fn create_raw(h: &Harness, body: &Value) -> Answer {
    let path = links_path(TERMINAL);
    h.raw("POST", &path, &[AUTH, IDEMPOTENCY, JSON], &body.to_string())
        .await
}

async fn share_raw(h: &Harness, body: &Value) -> Answer {
    let path = "/payment-links/JZURRJBUPS/sharing-events";
    h.raw("POST", path, &[AUTH, IDEMPOTENCY, JSON], &body.to_string())
        .await
}

async fn update_raw(h: &Harness, body: &Value) -> Answer {
    let path = "/payment-links/JZURRJBUPS";
    h.raw("PATCH", path, &[AUTH, IDEMPOTENCY, JSON], &body.to_string())
        .await
}

#[tokio::test]
async fn create_payment_link_refuses_missing_required_fields() {
    let h = start().await;
    let multi = to_json(&multi_use());
    let single = to_json(&single_use());
    let cases = [
        (
            unset(multi.clone(), "/merchantReference"),
            "merchantReference",
        ),
        (unset(multi.clone(), "/order"), "order"),
        (unset(multi.clone(), "/order/charge"), "charge"),
        (unset(multi.clone(), "/order/charge/currency"), "currency"),
        (unset(multi.clone(), "/authType"), "authType"),
        (unset(multi.clone(), "/paymentMethods"), "paymentMethods"),
        (unset(multi.clone(), "/customLabels/0/label"), "label"),
        (
            unset(multi, "/credentialOnFile/mitAgreement"),
            "mitAgreement",
        ),
        (unset(single.clone(), "/expiresOn"), "expiresOn"),
        (unset(single.clone(), "/order/orderId"), "orderId"),
        (unset(single, "/order/charge/amount"), "amount"),
    ];
    for (body, field) in cases {
        assert_bad_request(&create_raw(&h, &body).await, field);
    }
    h.assert_untouched();
}

#[tokio::test]
async fn update_payment_link_refuses_missing_required_fields() {
    let h = start().await;
    let patch = to_json(&patch());
    for (pointer, field) in [("/0/op", "op"), ("/0/path", "path")] {
        let answer = update_raw(&h, &unset(patch.clone(), pointer)).await;
        assert_bad_request(&answer, field);
    }
    h.assert_untouched();
}

#[tokio::test]
async fn share_payment_link_refuses_missing_required_fields() {
    let h = start().await;
    let event = to_json(&sharing_event());
    let cases = [
        ("/sharingMethod", "sharingMethod"),
        ("/recipients", "recipients"),
        ("/recipients/0/name", "name"),
        ("/recipients/0/email", "email"),
    ];
    for (pointer, field) in cases {
        let answer = share_raw(&h, &unset(event.clone(), pointer)).await;
        assert_bad_request(&answer, field);
    }
    h.assert_untouched();
}

/// Bodies with a property of the wrong JSON type, and that property's name.
fn wrong_types() -> Vec<(&'static str, Value, &'static str)> {
    let multi = to_json(&multi_use());
    let single = to_json(&single_use());
    let event = to_json(&sharing_event());
    let patch = to_json(&patch());
    vec![
        (
            "create",
            set(multi.clone(), "/paymentMethods", json!("card")),
            "paymentMethods",
        ),
        (
            "create",
            set(multi.clone(), "/merchantReference", json!(7)),
            "merchantReference",
        ),
        (
            "create",
            set(multi, "/credentialOnFile/tokenize", json!("yes")),
            "tokenize",
        ),
        (
            "create",
            set(single, "/order/charge/amount", json!("49.99")),
            "amount",
        ),
        (
            "share",
            set(event.clone(), "/recipients", json!({"name": "x"})),
            "recipients",
        ),
        (
            "share",
            set(event, "/merchantCopy", json!("yes")),
            "merchantCopy",
        ),
        ("update", set(patch.clone(), "/0/path", json!(5)), "path"),
        (
            "update",
            json!({"op": "remove", "path": "/expiresOn"}),
            "body",
        ),
    ]
}

async fn send_wrong_type(h: &Harness, operation: &str, body: &Value) -> Answer {
    match operation {
        "create" => create_raw(h, body).await,
        "share" => share_raw(h, body).await,
        _ => update_raw(h, body).await,
    }
}

#[tokio::test]
async fn bodies_with_fields_of_the_wrong_type_are_refused() {
    let h = start().await;
    for (operation, body, field) in wrong_types() {
        let answer = send_wrong_type(&h, operation, &body).await;
        assert_eq!(answer.status, 400, "{operation} `{field}`: {answer:?}");
    }
    h.assert_untouched();
}

/// The 400 for a property of the wrong JSON type should name it, like the
/// 400 for a missing one does; serde's message names only the type.
#[tokio::test]
async fn a_field_of_the_wrong_type_is_named_in_the_400() {
    let h = start().await;
    let mut unnamed = Vec::new();
    for (operation, body, field) in wrong_types() {
        let answer = send_wrong_type(&h, operation, &body).await;
        if !names(&answer, field) {
            unnamed.push(format!("{operation} `{field}`: {}", answer.body));
        }
    }
    assert!(
        unnamed.is_empty(),
        "400s not naming the field:\n{}",
        unnamed.join("\n")
    );
}

/// A string path parameter containing a comma is valid (`simple` style only
/// splits arrays), and the generated client sends it as is; the server
/// splits it into a list and refuses it.
#[tokio::test]
async fn a_path_parameter_with_a_comma_is_accepted() {
    let h = start().await;
    let response = h.client().list_payment_links("1234,5678").send().await;
    let status = response.as_ref().map(|r| r.status.as_u16());
    assert_eq!(status.ok(), Some(200), "{response:?}");
    let Seen::ListLinks(request) = h.only() else {
        panic!("{:?}", h.seen())
    };
    assert_eq!(request.processing_terminal_id, "1234,5678");
}

// ------------------------------------------------------ constraints

/// One request that breaks a schema constraint, and the field a 400 names.
struct Violation {
    what: &'static str,
    method: &'static str,
    path: String,
    headers: Vec<(&'static str, String)>,
    body: String,
    field: &'static str,
}

/// A violation of `field` by an authorized `method` request to `path`.
fn violation(
    what: &'static str,
    field: &'static str,
    method: &'static str,
    path: &str,
) -> Violation {
    let headers = vec![(AUTH.0, AUTH.1.to_string())];
    let path = path.to_string();
    let body = String::new();
    Violation {
        what,
        method,
        path,
        headers,
        body,
        field,
    }
}

impl Violation {
    fn header(mut self, name: &'static str, value: &str) -> Self {
        self.headers.push((name, value.to_string()));
        self
    }

    fn idempotent(self) -> Self {
        self.header(IDEMPOTENCY.0, IDEMPOTENCY_KEY)
    }

    fn json(mut self, body: Value) -> Self {
        self.body = body.to_string();
        self.header(JSON.0, JSON.1)
    }
}

/// Sends every violation; fails listing those not answered 400 naming the field.
async fn assert_all_refused(violations: Vec<Violation>) {
    let h = start().await;
    let mut accepted = Vec::new();
    for v in &violations {
        let headers: Vec<(&str, &str)> = v.headers.iter().map(|(k, x)| (*k, x.as_str())).collect();
        let answer = h.raw(v.method, &v.path, &headers, &v.body).await;
        if !names(&answer, v.field) {
            accepted.push(format!(
                "{} (`{}`): {} {}",
                v.what, v.field, answer.status, answer.body
            ));
        }
    }
    let total = violations.len();
    assert!(
        accepted.is_empty(),
        "{} of {total} not refused:\n{}",
        accepted.len(),
        accepted.join("\n")
    );
}

const LONG_TERMINAL: &str = "T123456789012345678901234567890123456789012345678901";

/// Body violations: what, field, the pointer changed, and its new value.
type Breaks = [(&'static str, &'static str, &'static str, Value)];

/// `base` broken at each pointer of `breaks`, sent by `send`.
fn broken(
    base: &Value,
    breaks: &Breaks,
    send: impl Fn(&'static str, &'static str, Value) -> Violation,
) -> Vec<Violation> {
    breaks
        .iter()
        .map(|(what, field, pointer, value)| {
            send(what, field, set(base.clone(), pointer, value.clone()))
        })
        .collect()
}

/// The violations of the `processingTerminalId` path parameter (4 to 50 long).
fn terminal_violations(method: &'static str) -> Vec<Violation> {
    let ids = [
        ("terminal empty", ""),
        ("terminal shorter than 4", "123"),
        ("terminal longer than 50", LONG_TERMINAL),
    ];
    let field = "processingTerminalId";
    let violate = |(what, id)| violation(what, field, method, &links_path(id));
    ids.into_iter().map(violate).collect()
}

/// The violations of the `paymentLinkId` path parameter (exactly 10 long);
/// an empty one only where the route goes on after it (else it is a 404).
fn link_id_violations(method: &'static str, suffix: &str) -> Vec<Violation> {
    let mut ids = vec![
        ("paymentLinkId shorter than 10", "SHORT"),
        ("paymentLinkId longer than 10", "ELEVENCHARS"),
    ];
    if !suffix.is_empty() {
        ids.push(("paymentLinkId empty", ""));
    }
    let violate = |(what, id)| {
        let path = format!("/payment-links/{id}{suffix}");
        violation(what, "paymentLinkId", method, &path)
    };
    ids.into_iter().map(violate).collect()
}

/// An `Idempotency-Key` that is no UUID.
fn key_violation(method: &'static str, path: &str, key: &str) -> Violation {
    let what = "Idempotency-Key not a uuid";
    violation(what, "Idempotency-Key", method, path).header(IDEMPOTENCY.0, key)
}

#[tokio::test]
async fn list_payment_links_constraint_violations_are_refused() {
    let get = |what, field, query: &str| {
        let path = format!("{}?{query}", links_path(TERMINAL));
        violation(what, field, "GET", &path)
    };
    let mut violations = terminal_violations("GET");
    violations.extend([
        get("linkType not in enum", "linkType", "linkType=weekly"),
        get("chargeType not in enum", "chargeType", "chargeType=fixed"),
        get("status not in enum", "status", "status=paused"),
        get(
            "createdOn not a date",
            "createdOn",
            "createdOn=01%2F05%2F2024",
        ),
        get("expiresOn not a date", "expiresOn", "expiresOn=2030-02-30"),
        get("limit above 100", "limit", "limit=101"),
    ]);
    assert_all_refused(violations).await;
}

#[tokio::test]
async fn create_payment_link_constraint_violations_are_refused() {
    let multi = to_json(&multi_use());
    let single = to_json(&single_use());
    let path = links_path(TERMINAL);
    let post = |what, field, body| {
        violation(what, field, "POST", &path)
            .idempotent()
            .json(body)
    };
    let mut violations: Vec<Violation> = terminal_violations("POST")
        .into_iter()
        .map(|v| v.idempotent().json(multi.clone()))
        .collect();
    violations.push(key_violation("POST", &path, "not-a-uuid").json(multi.clone()));
    violations.push(post("type missing", "type", unset(multi.clone(), "/type")));
    violations.extend(broken(
        &single,
        &[(
            "expiresOn not a date",
            "expiresOn",
            "/expiresOn",
            json!("30/06/2030"),
        )],
        post,
    ));
    violations.extend(broken(
        &multi,
        &[
            (
                "type not in the mapping",
                "type",
                "/type",
                json!("recurring"),
            ),
            (
                "authType not in enum",
                "authType",
                "/authType",
                json!("refund"),
            ),
            (
                "paymentMethods item not in enum",
                "paymentMethods",
                "/paymentMethods",
                json!(["cash"]),
            ),
            (
                "currency not upper case",
                "currency",
                "/order/charge/currency",
                json!("usd"),
            ),
            (
                "currency shorter than 3",
                "currency",
                "/order/charge/currency",
                json!("US"),
            ),
            (
                "currency longer than 3",
                "currency",
                "/order/charge/currency",
                json!("USDX"),
            ),
            (
                "charge type not in the mapping",
                "charge",
                "/order/charge/type",
                json!("free"),
            ),
            (
                "customLabels element not in enum",
                "element",
                "/customLabels/0/element",
                json!("header"),
            ),
            (
                "mitAgreement not in enum",
                "mitAgreement",
                "/credentialOnFile/mitAgreement",
                json!("weekly"),
            ),
            (
                "expiresOn not a date",
                "expiresOn",
                "/expiresOn",
                json!("2030-13-01"),
            ),
            ("null expiresOn", "expiresOn", "/expiresOn", Value::Null),
            (
                "null description",
                "description",
                "/order/description",
                Value::Null,
            ),
            (
                "null customLabels",
                "customLabels",
                "/customLabels",
                Value::Null,
            ),
            (
                "null tokenize",
                "tokenize",
                "/credentialOnFile/tokenize",
                Value::Null,
            ),
        ],
        post,
    ));
    assert_all_refused(violations).await;
}

#[tokio::test]
async fn retrieve_payment_link_constraint_violations_are_refused() {
    assert_all_refused(link_id_violations("GET", "")).await;
}

#[tokio::test]
async fn update_payment_link_constraint_violations_are_refused() {
    let patch = to_json(&patch());
    let path = "/payment-links/JZURRJBUPS";
    let send = |what, field, body| {
        violation(what, field, "PATCH", path)
            .idempotent()
            .json(body)
    };
    let mut violations: Vec<Violation> = link_id_violations("PATCH", "")
        .into_iter()
        .map(|v| v.idempotent().json(patch.clone()))
        .collect();
    violations.push(key_violation("PATCH", path, "12345").json(patch.clone()));
    violations.extend(broken(
        &patch,
        &[
            ("op not in enum", "op", "/0/op", json!("rename")),
            ("null from", "from", "/2/from", Value::Null),
        ],
        send,
    ));
    assert_all_refused(violations).await;
}

#[tokio::test]
async fn deactivate_payment_link_constraint_violations_are_refused() {
    let mut violations = link_id_violations("POST", "/deactivate");
    let path = "/payment-links/JZURRJBUPS/deactivate";
    violations.push(key_violation("POST", path, "12345"));
    assert_all_refused(violations).await;
}

#[tokio::test]
async fn list_sharing_events_constraint_violations_are_refused() {
    let mut violations = link_id_violations("GET", "/sharing-events");
    let path = "/payment-links/JZURRJBUPS/sharing-events?limit=101";
    violations.push(violation("limit above 100", "limit", "GET", path));
    assert_all_refused(violations).await;
}

#[tokio::test]
async fn share_payment_link_constraint_violations_are_refused() {
    let event = to_json(&sharing_event());
    let path = "/payment-links/JZURRJBUPS/sharing-events";
    let post = |what, field, body| violation(what, field, "POST", path).idempotent().json(body);
    let mut violations: Vec<Violation> = link_id_violations("POST", "/sharing-events")
        .into_iter()
        .map(|v| v.idempotent().json(event.clone()))
        .collect();
    violations.push(key_violation("POST", path, "key-1").json(event.clone()));
    violations.extend(broken(
        &event,
        &[
            (
                "sharingMethod not in enum",
                "sharingMethod",
                "/sharingMethod",
                json!("sms"),
            ),
            ("no recipients", "recipients", "/recipients", json!([])),
            (
                "email not an email",
                "email",
                "/recipients/0/email",
                json!("not-an-email"),
            ),
            ("null message", "message", "/message", Value::Null),
            (
                "null merchantCopy",
                "merchantCopy",
                "/merchantCopy",
                Value::Null,
            ),
        ],
        post,
    ));
    assert_all_refused(violations).await;
}

/// `4999.0` is an integer to JSON Schema (a number without fraction), so a
/// `type: integer` amount written that way is valid; serde's `i64` refuses it.
#[tokio::test]
async fn an_integer_amount_written_with_a_zero_fraction_is_accepted() {
    let h = start().await;
    let body = set(
        to_json(&single_use()),
        "/order/charge/amount",
        json!(4999.0),
    );
    let answer = create_raw(&h, &body).await;
    assert_eq!(answer.status, 201, "{answer:?}");
    let Seen::Create(request) = h.only() else {
        panic!("{:?}", h.seen())
    };
    assert_eq!(request.body, single_use());
}

#[tokio::test]
async fn a_date_query_parameter_that_is_not_a_date_is_refused_with_a_problem() {
    let h = start().await;
    let path = format!("/processing-terminals/{TERMINAL}/payment-links");
    for bad in ["2024-02-30", "2024-5-01", "yesterday"] {
        let answer = h
            .raw("GET", &format!("{path}?createdOn={bad}"), &[AUTH], "")
            .await;
        assert_eq!(answer.status, 400, "{bad}: {}", answer.body);
        assert!(answer.body.contains("createdOn"), "{bad}: {}", answer.body);
    }
    h.assert_untouched();
    let answer = h
        .raw("GET", &format!("{path}?createdOn=2024-02-29"), &[AUTH], "")
        .await;
    assert_eq!(answer.status, 200, "{}", answer.body);
    let Seen::ListLinks(request) = h.only() else {
        panic!("{:?}", h.seen())
    };
    assert_eq!(request.created_on, Some(date("2024-02-29")));
}
