//! With the `tracing` feature, each attempt of a call is a `paylink.call`
//! span naming the operation, method, path template, attempt, status and
//! duration; a capturing subscriber sees exactly those, and nothing it
//! records (spans of the client, events of the HTTP stack) shows the
//! credential or the filled path. A test binary of its own, since the
//! subscriber is global.

#[path = "common/serve.rs"]
mod serve;

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

use axum::http::StatusCode;
use axum::routing::get;
use axum::Router;
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};

const SECRET: &str = "sk_live_Tr4ceMeNot";

/// A span's name and its fields as text.
type Span = (String, BTreeMap<String, String>);

/// Span names with their fields, and every event's fields, as text.
#[derive(Default)]
struct Capture {
    next: AtomicU64,
    spans: Mutex<BTreeMap<u64, Span>>,
    events: Mutex<Vec<String>>,
}

struct Fields<'a>(&'a mut BTreeMap<String, String>);

impl Visit for Fields<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        self.0
            .insert(field.name().to_string(), format!("{value:?}"));
    }

    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.insert(field.name().to_string(), value.to_string());
    }
}

impl Subscriber for Capture {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }

    fn new_span(&self, attributes: &Attributes<'_>) -> Id {
        let id = self.next.fetch_add(1, Ordering::SeqCst) + 1;
        let mut fields = BTreeMap::new();
        attributes.record(&mut Fields(&mut fields));
        let name = attributes.metadata().name().to_string();
        self.spans.lock().expect("spans").insert(id, (name, fields));
        Id::from_u64(id)
    }

    fn record(&self, span: &Id, values: &Record<'_>) {
        if let Some((_, fields)) = self.spans.lock().expect("spans").get_mut(&span.into_u64()) {
            values.record(&mut Fields(fields));
        }
    }

    fn record_follows_from(&self, _: &Id, _: &Id) {}

    fn event(&self, event: &Event<'_>) {
        let mut fields = BTreeMap::new();
        event.record(&mut Fields(&mut fields));
        self.events
            .lock()
            .expect("events")
            .push(format!("{} {fields:?}", event.metadata().target()));
    }

    fn enter(&self, _: &Id) {}

    fn exit(&self, _: &Id) {}
}

#[tokio::test]
async fn each_attempt_is_a_span_with_the_call_and_no_secret() {
    let capture: &'static Capture = Box::leak(Box::default());
    tracing::subscriber::set_global_default(Forward(capture)).expect("the only subscriber");

    let attempts = std::sync::Arc::new(AtomicU64::new(0));
    let counter = attempts.clone();
    let app = Router::new().route(
        "/rest/online/paylink",
        get(move || {
            let n = counter.fetch_add(1, Ordering::SeqCst);
            async move {
                if n == 0 {
                    (StatusCode::SERVICE_UNAVAILABLE, "{}")
                } else {
                    (StatusCode::OK, r#"{"url":"paylink/pay.php"}"#)
                }
            }
        }),
    );
    let base = serve::serve(app).await;
    let answer = paylink::ropo::Client::with_base_url(format!("{base}/rest"))
        .with_bearer_auth(SECRET)
        .with_retry(paylink::codegen::RetryPolicy {
            initial_backoff: std::time::Duration::from_millis(1),
            ..Default::default()
        })
        .get_online_pay_link_action("bill-7731", "https://shop.example/back")
        .send()
        .await
        .expect("second attempt");
    assert_eq!(answer.status, 200);

    let spans: Vec<BTreeMap<String, String>> = capture
        .spans
        .lock()
        .expect("spans")
        .values()
        .filter(|(name, _)| name == "paylink.call")
        .map(|(_, fields)| fields.clone())
        .collect();
    assert_eq!(spans.len(), 2, "{spans:#?}");
    for (n, span) in spans.iter().enumerate() {
        assert_eq!(
            span.get("operation").map(String::as_str),
            Some("getOnlinePayLinkAction")
        );
        assert_eq!(span.get("method").map(String::as_str), Some("GET"));
        assert_eq!(
            span.get("path").map(String::as_str),
            Some("/online/paylink")
        );
        assert_eq!(span.get("attempt"), Some(&(n + 1).to_string()));
        assert!(span.contains_key("duration_ms"), "{span:?}");
    }
    assert_eq!(spans[0].get("status").map(String::as_str), Some("503"));
    assert_eq!(spans[1].get("status").map(String::as_str), Some("200"));

    let everything = format!(
        "{:?} {:?}",
        capture.spans.lock().expect("spans"),
        capture.events.lock().expect("events")
    );
    assert!(
        !everything.contains(SECRET),
        "a secret was recorded: {everything}"
    );
    assert!(
        !everything.contains("bill-7731"),
        "the filled query was recorded: {everything}"
    );
}

/// The global subscriber: forwards to the leaked capture.
struct Forward(&'static Capture);

impl Subscriber for Forward {
    fn enabled(&self, metadata: &Metadata<'_>) -> bool {
        self.0.enabled(metadata)
    }
    fn new_span(&self, attributes: &Attributes<'_>) -> Id {
        self.0.new_span(attributes)
    }
    fn record(&self, span: &Id, values: &Record<'_>) {
        self.0.record(span, values)
    }
    fn record_follows_from(&self, span: &Id, follows: &Id) {
        self.0.record_follows_from(span, follows)
    }
    fn event(&self, event: &Event<'_>) {
        self.0.event(event)
    }
    fn enter(&self, span: &Id) {
        self.0.enter(span)
    }
    fn exit(&self, span: &Id) {
        self.0.exit(span)
    }
}
