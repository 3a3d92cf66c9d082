//! Webhooks and callbacks end to end, on two corpus specs made to declare a
//! signature by an overlay: Resend's 17 webhooks (timestamped signatures,
//! base64, in `Webhook-Signature`) and the OpenAPI callback example's
//! `onData` callback (HMAC-SHA256 hex after `sha256=`, in
//! `X-Hub-Signature-256`), and the same callback signed over two of its
//! payload fields (`fields-hmac-sha256`). For each, the generated sender sends every
//! event to the generated receiver on loopback and the handler gets the
//! body sent; a bad signature, a stale or replayed timestamp, a body over
//! the limit and a body that breaks its schema are refused before the
//! handler runs. Bodies are built from each event's schema in the spec,
//! so a payload type that drops or renames a field fails the round trip.

use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use paylink::codegen::{reqwest, serde, Clock, Signature, Verify};
use serde_json::{json, Map, Value};

paylink::provider!(
    spec = "../../shared/corpus/specs/resend-api.yaml",
    module = "resend",
    operations = ["emails/get"],
    overlays = ["fixtures/events/resend-signature.overlay.yaml"]
);

paylink::provider!(
    spec = "../../shared/corpus/specs/oai-callback-example.yaml",
    module = "streams",
    overlays = ["fixtures/events/callback-signature.overlay.yaml"]
);

paylink::provider!(
    spec = "../../shared/corpus/specs/oai-callback-example.yaml",
    module = "stamped",
    overlays = ["fixtures/events/callback-timestamped-signature.overlay.yaml"]
);

paylink::provider!(
    spec = "../../shared/corpus/specs/oai-callback-example.yaml",
    module = "fielded",
    overlays = ["fixtures/events/callback-fields-signature.overlay.yaml"]
);

const SECRET: &str = "whsec_loopback_test";

/// Every event a handler ran for: its name and its body as JSON.
type Seen = Arc<Mutex<Vec<(&'static str, Value)>>>;

/// Records each event and answers as the spec says a receiver should.
#[derive(Clone, Default)]
struct Recorder {
    seen: Seen,
}

impl Recorder {
    fn record(&self, event: &'static str, body: &impl serde::Serialize) {
        let value = serde_json::to_value(body).expect("a body serializes");
        self.seen.lock().expect("seen").push((event, value));
    }

    fn count(&self) -> usize {
        self.seen.lock().expect("seen").len()
    }
}

/// The receiver of Resend's webhooks: one method per event, each
/// recording its body and answering `2XX`.
macro_rules! resend_receiver {
    ($($method:ident $request:ident $response:ident;)*) => {
        impl resend::events::server::Api for Recorder {
            $(
                fn $method(
                    &self,
                    request: resend::events::server::$request,
                ) -> impl std::future::Future<
                    Output = resend::events::server::Reply<resend::events::$response>,
                > + Send {
                    self.record(stringify!($method), &request.body);
                    async { resend::events::$response::Status2xx.into() }
                }
            )*
        }
    };
}

resend_receiver! {
    email_sent EmailSentRequest EmailSentResponse;
    email_delivered EmailDeliveredRequest EmailDeliveredResponse;
    email_delivery_delayed EmailDeliveryDelayedRequest EmailDeliveryDelayedResponse;
    email_bounced EmailBouncedRequest EmailBouncedResponse;
    email_complained EmailComplainedRequest EmailComplainedResponse;
    email_opened EmailOpenedRequest EmailOpenedResponse;
    email_clicked EmailClickedRequest EmailClickedResponse;
    email_failed EmailFailedRequest EmailFailedResponse;
    email_scheduled EmailScheduledRequest EmailScheduledResponse;
    email_suppressed EmailSuppressedRequest EmailSuppressedResponse;
    email_received EmailReceivedRequest EmailReceivedResponse;
    contact_created ContactCreatedRequest ContactCreatedResponse;
    contact_updated ContactUpdatedRequest ContactUpdatedResponse;
    contact_deleted ContactDeletedRequest ContactDeletedResponse;
    domain_created DomainCreatedRequest DomainCreatedResponse;
    domain_updated DomainUpdatedRequest DomainUpdatedResponse;
    domain_deleted DomainDeletedRequest DomainDeletedResponse;
}

/// The receiver of the callback example's `onData` in each of its
/// modules (one per signature scheme): records the body, answers 202.
macro_rules! callback_receiver {
    ($($module:ident),*) => {
        $(
            impl $module::events::server::Api for Recorder {
                fn on_data(
                    &self,
                    request: $module::events::server::OnDataRequest,
                ) -> impl std::future::Future<
                    Output = $module::events::server::Reply<$module::events::OnDataResponse>,
                > + Send {
                    self.record("on_data", &request.body);
                    async { $module::events::OnDataResponse::Accepted.into() }
                }
            }
        )*
    };
}

callback_receiver!(streams, stamped, fielded);

/// Serves `app` on a loopback port; its base URL.
async fn serve(app: axum::Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("address"));
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    base
}

/// A clock `self.0` seconds ahead of now (behind when negative).
struct Shifted(i64);

impl Clock for Shifted {
    fn now(&self) -> SystemTime {
        let by = Duration::from_secs(self.0.unsigned_abs());
        if self.0 < 0 {
            SystemTime::now() - by
        } else {
            SystemTime::now() + by
        }
    }
}

fn spec(file: &str) -> Value {
    let path = paylink_tests::workspace_root()
        .join("..")
        .join("shared")
        .join("corpus")
        .join("specs")
        .join(file);
    let text = std::fs::read_to_string(&path).expect("the corpus spec");
    serde_yaml::from_str(&text).expect("the spec parses")
}

/// A body of the callback example's `onData`, built from its schema.
fn callback_body() -> Value {
    let doc = spec("oai-callback-example.yaml");
    let schema = &doc["paths"]["/streams"]["post"]["callbacks"]["onData"]
        ["{$request.query.callbackUrl}/data"]["post"]["requestBody"]["content"]["application/json"]
        ["schema"];
    instance(&doc, schema, 0)
}

/// A value of `schema`: every property, the example, first enum value or
/// const where the spec gives one, a plausible value of the format
/// otherwise.
fn instance(doc: &Value, schema: &Value, depth: usize) -> Value {
    if let Some(Value::String(reference)) = schema.get("$ref") {
        let name = reference.rsplit('/').next().unwrap_or_default();
        return instance(doc, &doc["components"]["schemas"][name], depth + 1);
    }
    if let Some(Value::Array(all)) = schema.get("allOf") {
        let mut merged = Map::new();
        for part in all {
            if let Value::Object(map) = instance(doc, part, depth + 1) {
                merged.extend(map);
            }
        }
        return Value::Object(merged);
    }
    for union in ["oneOf", "anyOf"] {
        if let Some(first) = schema.get(union).and_then(|u| u.get(0)) {
            return instance(doc, first, depth + 1);
        }
    }
    if let Some(value) = schema.get("const") {
        return value.clone();
    }
    if let Some(value) = schema.get("enum").and_then(|e| e.get(0)) {
        return value.clone();
    }
    if let Some(value) = schema.get("example") {
        return value.clone();
    }
    let kind = schema
        .get("type")
        .and_then(Value::as_str)
        .unwrap_or("object");
    match kind {
        "object" => {
            let mut object = Map::new();
            if let Some(Value::Object(properties)) = schema.get("properties") {
                for (name, property) in properties {
                    if depth < 12 {
                        object.insert(name.clone(), instance(doc, property, depth + 1));
                    }
                }
            }
            Value::Object(object)
        }
        "array" => {
            let n = schema.get("minItems").and_then(Value::as_u64).unwrap_or(1);
            let item = instance(doc, &schema["items"], depth + 1);
            Value::Array((0..n).map(|_| item.clone()).collect())
        }
        "integer" => json!(schema.get("minimum").and_then(Value::as_i64).unwrap_or(7)),
        "number" => json!(1.5),
        "boolean" => json!(true),
        _ => json!(match schema.get("format").and_then(Value::as_str) {
            Some("date-time") => "2024-05-06T07:08:09Z",
            Some("date") => "2024-05-06",
            Some("email") => "someone@example.com",
            Some("uri") => "https://example.com/hook",
            Some("uuid") => "0b6c3a8e-2f1d-4c3e-9a7b-5d6e7f8a9b0c",
            _ => "text",
        }),
    }
}

/// The body each Resend event is sent with, from its schema.
fn resend_bodies() -> Vec<(&'static str, String, Value)> {
    let doc = spec("resend-api.yaml");
    let names = [
        ("email_sent", "email.sent"),
        ("email_delivered", "email.delivered"),
        ("email_delivery_delayed", "email.delivery_delayed"),
        ("email_bounced", "email.bounced"),
        ("email_complained", "email.complained"),
        ("email_opened", "email.opened"),
        ("email_clicked", "email.clicked"),
        ("email_failed", "email.failed"),
        ("email_scheduled", "email.scheduled"),
        ("email_suppressed", "email.suppressed"),
        ("email_received", "email.received"),
        ("contact_created", "contact.created"),
        ("contact_updated", "contact.updated"),
        ("contact_deleted", "contact.deleted"),
        ("domain_created", "domain.created"),
        ("domain_updated", "domain.updated"),
        ("domain_deleted", "domain.deleted"),
    ];
    let webhooks = doc["webhooks"].as_object().expect("webhooks");
    assert_eq!(webhooks.len(), names.len(), "every Resend webhook is sent");
    names
        .iter()
        .map(|(method, key)| {
            let schema =
                &webhooks[*key]["post"]["requestBody"]["content"]["application/json"]["schema"];
            (*method, key.to_string(), instance(&doc, schema, 0))
        })
        .collect()
}

/// Sends Resend event `method` with `body` through the typed sender.
async fn send_resend(
    sender: &resend::events::Client,
    method: &str,
    body: Value,
) -> Result<u16, paylink::codegen::Error> {
    macro_rules! send {
        ($($name:ident),*) => {
            match method {
                $(stringify!($name) => sender
                    .$name(serde_json::from_value(body).expect(concat!(stringify!($name), " body")))
                    .send()
                    .await
                    .map(|r| r.status.as_u16()),)*
                other => panic!("no event {other}"),
            }
        };
    }
    send!(
        email_sent,
        email_delivered,
        email_delivery_delayed,
        email_bounced,
        email_complained,
        email_opened,
        email_clicked,
        email_failed,
        email_scheduled,
        email_suppressed,
        email_received,
        contact_created,
        contact_updated,
        contact_deleted,
        domain_created,
        domain_updated,
        domain_deleted
    )
}

#[tokio::test]
async fn resend_every_webhook_from_sender_to_receiver() {
    let recorder = Recorder::default();
    let base = serve(resend::events::server::router(recorder.clone(), SECRET)).await;
    let sender = resend::events::sender(&base, SECRET);
    let bodies = resend_bodies();
    for (method, key, body) in &bodies {
        let status = send_resend(&sender, method, body.clone())
            .await
            .unwrap_or_else(|e| panic!("{key}: {e}"));
        assert_eq!(status, 200, "{key}");
    }
    let seen = recorder.seen.lock().expect("seen").clone();
    assert_eq!(seen.len(), bodies.len());
    for ((method, key, body), (handled, received)) in bodies.iter().zip(&seen) {
        assert_eq!(method, handled, "{key} reached its own handler");
        assert_eq!(received, body, "{key} arrived as sent");
        assert_eq!(received["type"], json!(key), "{key}");
    }
}

/// A request to `url` with `body` and the signature header `value`.
async fn post(url: &str, header: &str, value: &str, body: Vec<u8>) -> (u16, Value) {
    let response = reqwest::Client::new()
        .post(url)
        .header("content-type", "application/json")
        .header(header, value)
        .body(body)
        .send()
        .await
        .expect("the receiver answers");
    let status = response.status().as_u16();
    let problem = response.json().await.unwrap_or(Value::Null);
    (status, problem)
}

#[tokio::test]
async fn resend_refuses_before_the_handler() {
    let recorder = Recorder::default();
    let app = resend::events::server::router_with_body_limit(recorder.clone(), SECRET, 4096);
    let url = format!("{}/email_sent", serve(app).await);
    let (_, _, body) = resend_bodies().remove(0);
    let bytes = serde_json::to_vec(&body).expect("json");
    let header = "webhook-signature";
    let good = resend::events::signature(SECRET)
        .value(&bytes)
        .expect("signed");

    let wrong = resend::events::signature("whsec_wrong")
        .value(&bytes)
        .expect("signed");
    let (status, problem) = post(&url, header, &wrong, bytes.clone()).await;
    assert_eq!(status, 401, "{problem}");
    assert!(problem["detail"]
        .as_str()
        .unwrap_or("")
        .contains("does not match"));

    let tampered: Vec<u8> = [&bytes[..], b" "].concat();
    assert_eq!(post(&url, header, &good, tampered).await.0, 401);

    let stale = resend::events::signature(SECRET)
        .clock(Shifted(-301))
        .value(&bytes)
        .expect("signed");
    let (status, problem) = post(&url, header, &stale, bytes.clone()).await;
    assert_eq!(status, 401);
    assert!(
        problem["detail"].as_str().unwrap_or("").contains("300 s"),
        "{problem}"
    );
    // A request captured and replayed once its window has passed: the
    // same bytes, the same header.
    let captured = resend::events::signature(SECRET)
        .clock(Shifted(-3600))
        .value(&bytes)
        .expect("signed");
    assert!(Signature::timestamped(SECRET)
        .header(header)
        .encoding(paylink::codegen::SignatureEncoding::Base64)
        .clock(Shifted(-3600))
        .verify(&headers(header, &captured), &bytes)
        .is_ok());
    assert_eq!(post(&url, header, &captured, bytes.clone()).await.0, 401);

    let missing = reqwest::Client::new()
        .post(&url)
        .body(bytes.clone())
        .send()
        .await
        .expect("answer");
    assert_eq!(missing.status().as_u16(), 401);

    let mut large = body.clone();
    large["data"]["subject"] = json!("x".repeat(5000));
    let large = serde_json::to_vec(&large).expect("json");
    let signed = resend::events::signature(SECRET)
        .value(&large)
        .expect("signed");
    assert_eq!(post(&url, header, &signed, large).await.0, 413);

    let broken = serde_json::to_vec(&json!({"type": "email.sent"})).expect("json");
    let signed = resend::events::signature(SECRET)
        .value(&broken)
        .expect("signed");
    let (status, problem) = post(&url, header, &signed, broken).await;
    assert_eq!(status, 400, "a body missing required fields: {problem}");

    assert_eq!(recorder.count(), 0, "no handler ran");
    assert_eq!(post(&url, header, &good, bytes).await.0, 200);
    assert_eq!(recorder.count(), 1);
}

#[tokio::test]
async fn resend_sender_with_the_wrong_secret_is_refused() {
    let recorder = Recorder::default();
    let base = serve(resend::events::server::router(recorder.clone(), SECRET)).await;
    let (method, _, body) = resend_bodies().remove(3);
    let wrong = resend::events::sender(&base, "whsec_wrong");
    let error = send_resend(&wrong, method, body.clone()).await.unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(401));
    let late = resend::events::Client::with_base_url(&base)
        .with_hook(resend::events::signature(SECRET).clock(Shifted(-900)));
    let error = send_resend(&late, method, body.clone()).await.unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(401));
    let unsigned = resend::events::Client::with_base_url(&base);
    assert!(send_resend(&unsigned, method, body).await.is_err());
    assert_eq!(recorder.count(), 0);
}

fn headers(name: &str, value: &str) -> reqwest::header::HeaderMap {
    let mut map = reqwest::header::HeaderMap::new();
    map.insert(
        reqwest::header::HeaderName::from_bytes(name.as_bytes()).expect("name"),
        value.parse().expect("value"),
    );
    map
}

#[tokio::test]
async fn callback_from_sender_to_receiver_and_refusals() {
    let recorder = Recorder::default();
    let app = streams::events::server::router_with_body_limit(recorder.clone(), SECRET, 1024);
    let base = serve(app).await;
    let body = callback_body();
    let sender = streams::events::sender(&base, SECRET);
    let typed = serde_json::from_value(body.clone()).expect("the callback's body");
    let answer = sender.on_data().body(typed).send().await.expect("sent");
    assert_eq!(answer.status.as_u16(), 202);
    assert_eq!(answer.body, streams::events::OnDataResponse::Accepted);
    assert_eq!(
        *recorder.seen.lock().expect("seen"),
        vec![("on_data", body.clone())]
    );

    let url = format!("{base}/on_data");
    let header = "x-hub-signature-256";
    let bytes = serde_json::to_vec(&body).expect("json");
    let good = streams::events::signature(SECRET)
        .value(&bytes)
        .expect("signed");
    assert!(good.starts_with("sha256="));
    let hex_only = good.trim_start_matches("sha256=").to_string();
    assert_eq!(post(&url, header, &hex_only, bytes.clone()).await.0, 401);
    let wrong = streams::events::signature("whsec_wrong")
        .value(&bytes)
        .expect("signed");
    assert_eq!(post(&url, header, &wrong, bytes.clone()).await.0, 401);
    let large = serde_json::to_vec(&json!({"userData": "x".repeat(2000)})).expect("json");
    let signed = streams::events::signature(SECRET)
        .value(&large)
        .expect("signed");
    assert_eq!(post(&url, header, &signed, large).await.0, 413);
    let broken = serde_json::to_vec(&json!({"timestamp": "yesterday"})).expect("json");
    let signed = streams::events::signature(SECRET)
        .value(&broken)
        .expect("signed");
    assert_eq!(post(&url, header, &signed, broken).await.0, 400);
    assert_eq!(
        recorder.count(),
        1,
        "no refused request reached the handler"
    );
    assert_eq!(post(&url, header, &good, bytes).await.0, 202);
    assert_eq!(recorder.count(), 2);
}

/// The callback with a timestamped signature and a 120 s window: the
/// sender's event is accepted; one signed 121 s ago or 121 s ahead is
/// refused, and so is a request captured and replayed an hour later (the
/// same bytes and header, valid when it was sent); none reaches the
/// handler.
#[tokio::test]
async fn timestamped_callback_refuses_stale_and_replayed_requests() {
    let recorder = Recorder::default();
    let app = stamped::events::server::router_with_body_limit(recorder.clone(), SECRET, 1024);
    let base = serve(app).await;
    let body = callback_body();
    let typed = serde_json::from_value(body.clone()).expect("the callback's body");
    let answer = stamped::events::sender(&base, SECRET)
        .on_data()
        .body(typed)
        .send()
        .await
        .expect("sent");
    assert_eq!(answer.status.as_u16(), 202);
    assert_eq!(recorder.count(), 1);

    let url = format!("{base}/on_data");
    let header = "x-callback-signature";
    let bytes = serde_json::to_vec(&body).expect("json");
    let at = |clock: Shifted| {
        stamped::events::signature(SECRET)
            .clock(clock)
            .value(&bytes)
            .expect("signed")
    };
    let (status, problem) = post(&url, header, &at(Shifted(-121)), bytes.clone()).await;
    assert_eq!(status, 401, "{problem}");
    assert!(
        problem["detail"].as_str().unwrap_or("").contains("120 s"),
        "{problem}"
    );
    assert_eq!(
        post(&url, header, &at(Shifted(121)), bytes.clone()).await.0,
        401
    );
    let captured = at(Shifted(-3600));
    assert!(Signature::timestamped(SECRET)
        .header(header)
        .clock(Shifted(-3600))
        .verify(&headers(header, &captured), &bytes)
        .is_ok());
    assert_eq!(post(&url, header, &captured, bytes.clone()).await.0, 401);
    assert_eq!(
        recorder.count(),
        1,
        "no refused request reached the handler"
    );
    assert_eq!(post(&url, header, &at(Shifted(-60)), bytes).await.0, 202);
    assert_eq!(recorder.count(), 2);
}

/// The callback signed over `/timestamp` and `/userData` only: the sender's
/// event is accepted; a signed field changed is refused with 401 before
/// the handler, a field outside the set may change, and a body that is not
/// JSON is refused.
#[tokio::test]
async fn fields_signature_from_sender_to_receiver_and_refusals() {
    let recorder = Recorder::default();
    let base = serve(fielded::events::server::router(recorder.clone(), SECRET)).await;
    let body = json!({"timestamp": "2024-05-06T07:08:09Z", "userData": "paid 12.50"});
    let sender = fielded::events::sender(&base, SECRET);
    let typed = serde_json::from_value(body.clone()).expect("the callback's body");
    let answer = sender.on_data().body(typed).send().await.expect("sent");
    assert_eq!(answer.status.as_u16(), 202);
    assert_eq!(recorder.count(), 1);

    let url = format!("{base}/on_data");
    let header = "x-fields-signature";
    let bytes = serde_json::to_vec(&body).expect("json");
    let good = fielded::events::signature(SECRET)
        .value(&bytes)
        .expect("signed");
    // The same value as the runtime's scheme built by hand: the overlay's
    // fields, in order, base64.
    let by_hand = Signature::fields_hmac_sha256(SECRET, ["/timestamp", "/userData"])
        .encoding(paylink::codegen::SignatureEncoding::Base64)
        .value(&bytes)
        .expect("signed");
    assert_eq!(good, by_hand);
    let changed = json!({"timestamp": "2024-05-06T07:08:09Z", "userData": "paid 99.00"});
    let changed = serde_json::to_vec(&changed).expect("json");
    let (status, problem) = post(&url, header, &good, changed).await;
    assert_eq!(status, 401, "{problem}");
    let moved = json!({"timestamp": "2025-01-01T00:00:00Z", "userData": "paid 12.50"});
    let moved = serde_json::to_vec(&moved).expect("json");
    assert_eq!(post(&url, header, &good, moved).await.0, 401);
    let (status, problem) = post(&url, header, &good, b"userData=paid".to_vec()).await;
    assert_eq!(status, 401);
    assert!(problem.to_string().contains("not JSON"), "{problem}");
    assert_eq!(
        recorder.count(),
        1,
        "no refused request reached the handler"
    );

    // A field outside the signed set is not authenticated.
    let extra = json!({"timestamp": "2024-05-06T07:08:09Z", "userData": "paid 12.50", "note": "x"});
    let extra = serde_json::to_vec(&extra).expect("json");
    assert_eq!(post(&url, header, &good, extra).await.0, 202);
    assert_eq!(post(&url, header, &good, bytes).await.0, 202);
    assert_eq!(recorder.count(), 3);
}

/// Generated bodies against the Resend receiver: any JSON value in any
/// field, or bytes that are not JSON at all. Correctly signed, the
/// receiver answers 200 (and the handler runs once) or 400 (and it does
/// not), never anything else; the spec's own body is always accepted.
/// The same request with one signature character changed is refused with
/// 401 and never reaches the handler.
mod properties {
    use super::*;
    use proptest::collection::{btree_map, vec};
    use proptest::prelude::*;

    fn json_value() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::from),
            any::<i64>().prop_map(Value::from),
            "[a-z0-9 :.@-]{0,12}".prop_map(Value::from),
        ];
        leaf.prop_recursive(3, 24, 4, |inner| {
            prop_oneof![
                vec(inner.clone(), 0..4).prop_map(Value::Array),
                btree_map("[a-z_]{1,8}", inner, 0..4)
                    .prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        })
    }

    /// A body for event `event`: the spec's (mode 0), one field replaced
    /// (mode 1), or raw bytes (mode 2).
    fn body(valid: &Value, mode: u8, field: &str, value: Value, raw: Vec<u8>) -> Vec<u8> {
        match mode {
            0 => serde_json::to_vec(valid).expect("json"),
            1 => {
                let mut changed = valid.clone();
                changed[field] = value;
                serde_json::to_vec(&changed).expect("json")
            }
            _ => raw,
        }
    }

    fn flip(signature: &str, at: usize) -> String {
        let mut chars: Vec<char> = signature.chars().collect();
        let i = at % chars.len();
        chars[i] = if chars[i] == 'A' { 'B' } else { 'A' };
        chars.into_iter().collect()
    }

    #[test]
    fn receiver_answers_only_200_400_or_401() {
        let runtime = tokio::runtime::Runtime::new().expect("runtime");
        let recorder = Recorder::default();
        let app = resend::events::server::router(recorder.clone(), SECRET);
        let base = runtime.block_on(serve(app));
        let bodies = resend_bodies();
        let fields = vec!["type", "created_at", "data", "extra"];
        let config = ProptestConfig {
            cases: 96,
            ..ProptestConfig::default()
        };
        proptest!(config, |(
            event in 0..bodies.len(),
            mode in 0u8..3,
            field in proptest::sample::select(fields.clone()),
            value in json_value(),
            raw in vec(any::<u8>(), 0..48),
            at in any::<usize>(),
        )| {
            let (method, _, valid) = &bodies[event];
            let bytes = body(valid, mode, field, value, raw);
            let url = format!("{base}/{method}");
            let signature = resend::events::signature(SECRET).value(&bytes).expect("signed");
            let before = recorder.count();
            let (status, _) = runtime.block_on(post(&url, "webhook-signature", &flip(&signature, at), bytes.clone()));
            prop_assert_eq!(status, 401);
            prop_assert_eq!(recorder.count(), before);
            let (status, problem) = runtime.block_on(post(&url, "webhook-signature", &signature, bytes));
            prop_assert!(status == 200 || status == 400, "{} {}", status, problem);
            if mode == 0 {
                prop_assert_eq!(status, 200);
            }
            let ran = usize::from(status == 200);
            prop_assert_eq!(recorder.count(), before + ran);
        });
    }
}
