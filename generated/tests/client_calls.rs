//! The production client against loopback servers: per-call timeouts,
//! retries of idempotent calls on 429 and 5xx with `Retry-After` honoured
//! (on a recording clock, so no test waits), the same idempotency key on
//! every attempt, no retry of a call that is not idempotent, the attempt
//! cap, and hooks that change requests and observe responses.

#[path = "values/payroc.rs"]
mod payroc_values;
#[path = "common/serve.rs"]
mod serve;

use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use paylink::codegen::{BoxFuture, Call, Error, Hook, RetryPolicy, Sleep};
use serve::serve;

/// A clock that records each wait and returns at once.
#[derive(Clone, Default)]
struct Clock(Arc<Mutex<Vec<Duration>>>);

impl Sleep for Clock {
    fn sleep(&self, delay: Duration) -> BoxFuture<'static, ()> {
        self.0.lock().expect("clock").push(delay);
        Box::pin(async {})
    }
}

impl Clock {
    fn waits(&self) -> Vec<Duration> {
        self.0.lock().expect("clock").clone()
    }
}

/// One scripted answer: status, extra headers, body.
type Answer = (u16, Vec<(&'static str, String)>, &'static str);

/// A server answering from a script: the n-th request gets the n-th
/// answer (the last one repeats); it records each request's headers.
#[derive(Clone)]
struct Script {
    answers: Arc<Vec<Answer>>,
    seen: Arc<Mutex<Vec<HeaderMap>>>,
    delay: Duration,
}

impl Script {
    fn new(answers: Vec<Answer>) -> Self {
        Script {
            answers: Arc::new(answers),
            seen: Arc::default(),
            delay: Duration::ZERO,
        }
    }

    fn attempts(&self) -> usize {
        self.seen.lock().expect("seen").len()
    }

    fn header(&self, n: usize, name: &str) -> Option<String> {
        let seen = self.seen.lock().expect("seen");
        seen.get(n)?.get(name)?.to_str().ok().map(str::to_string)
    }
}

async fn answer(State(script): State<Script>, headers: HeaderMap) -> Response {
    let n = {
        let mut seen = script.seen.lock().expect("seen");
        seen.push(headers);
        seen.len() - 1
    };
    if !script.delay.is_zero() {
        tokio::time::sleep(script.delay).await;
    }
    let (status, extra, body) = &script.answers[n.min(script.answers.len() - 1)];
    let mut response = (
        StatusCode::from_u16(*status).expect("status"),
        [("content-type", "application/json")],
        *body,
    )
        .into_response();
    for (name, value) in extra {
        response
            .headers_mut()
            .insert(*name, value.parse().expect("header value"));
    }
    response
}

/// Ropo's payment-link call (a GET) served from `script`.
async fn ropo(script: &Script) -> (paylink::ropo::Client, Clock) {
    let app = Router::new()
        .route("/rest/online/paylink", get(answer))
        .route("/rest/token", post(answer))
        .with_state(script.clone());
    let base = serve(app).await;
    let clock = Clock::default();
    let client = paylink::ropo::Client::with_base_url(format!("{base}/rest"))
        .with_bearer_auth("token")
        .with_retry_clock(clock.clone());
    (client, clock)
}

const LINK: &str = r#"{"url":"paylink/pay.php?uuid=1"}"#;
const PROBLEM: &str = r#"{"status":503,"title":"busy"}"#;

async fn get_link(client: &paylink::ropo::Client) -> Result<u16, Error> {
    let answer = client
        .get_online_pay_link_action("bill", "https://shop.example/back")
        .send()
        .await?;
    Ok(answer.status.as_u16())
}

#[tokio::test]
async fn a_slow_server_trips_the_per_call_timeout() {
    let mut script = Script::new(vec![(200, vec![], LINK)]);
    script.delay = Duration::from_secs(5);
    let (client, _) = ropo(&script).await;
    let error = client
        .get_online_pay_link_action("bill", "https://shop.example/back")
        .timeout(Duration::from_millis(200))
        .retry(RetryPolicy::none())
        .send()
        .await
        .expect_err("the server is too slow");
    let Error::Transport(e) = &error else {
        panic!("{error:?}")
    };
    assert!(e.is_timeout(), "{error}");
    assert!(error.is_retryable());
}

#[tokio::test]
async fn a_503_with_retry_after_seconds_is_retried_after_that_long() {
    let retry_after = vec![("retry-after", "2".to_string())];
    let script = Script::new(vec![
        (503, retry_after.clone(), PROBLEM),
        (503, retry_after, PROBLEM),
        (200, vec![], LINK),
    ]);
    let (client, clock) = ropo(&script).await;
    assert_eq!(get_link(&client).await.expect("third attempt"), 200);
    assert_eq!(script.attempts(), 3);
    assert_eq!(clock.waits(), [Duration::from_secs(2); 2]);
}

#[tokio::test]
async fn a_429_with_an_http_date_is_retried_at_that_date() {
    let at = httpdate(SystemTime::now() + Duration::from_secs(3));
    let script = Script::new(vec![
        (429, vec![("retry-after", at)], PROBLEM),
        (200, vec![], LINK),
    ]);
    let (client, clock) = ropo(&script).await;
    assert_eq!(get_link(&client).await.expect("second attempt"), 200);
    let waits = clock.waits();
    assert_eq!(waits.len(), 1);
    // The date has a one-second resolution.
    assert!(
        waits[0] > Duration::from_secs(1) && waits[0] <= Duration::from_secs(3),
        "{waits:?}"
    );
}

/// An HTTP date (RFC 9110 5.6.7), written here so the test does not use
/// the runtime's own reader to check it.
fn httpdate(at: SystemTime) -> String {
    let secs = at
        .duration_since(SystemTime::UNIX_EPOCH)
        .expect("after 1970")
        .as_secs();
    let (days, rest) = (secs / 86_400, secs % 86_400);
    let weekday = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"][(days % 7) as usize];
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    let names = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    format!(
        "{weekday}, {day:02} {} {year} {:02}:{:02}:{:02} GMT",
        names[(month - 1) as usize],
        rest / 3600,
        rest % 3600 / 60,
        rest % 60
    )
}

#[tokio::test]
async fn retries_stop_at_the_attempt_cap_with_the_last_answer() {
    let script = Script::new(vec![(500, vec![], PROBLEM)]);
    let (client, clock) = ropo(&script).await;
    let error = get_link(&client).await.expect_err("always 500");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(500));
    assert_eq!(
        script.attempts(),
        3,
        "the default policy makes three attempts"
    );
    let waits = clock.waits();
    assert_eq!(waits.len(), 2);
    assert!(
        waits[0] <= Duration::from_millis(200) && waits[1] <= Duration::from_millis(400),
        "{waits:?}"
    );
    // A policy of its own for one call.
    let before = script.attempts();
    let five = client
        .get_online_pay_link_action("bill", "https://shop.example/back")
        .retry(RetryPolicy::attempts(5))
        .send()
        .await;
    assert!(five.is_err());
    assert_eq!(script.attempts() - before, 5);
}

#[tokio::test]
async fn a_retry_after_longer_than_the_policy_allows_ends_the_retries() {
    let script = Script::new(vec![(
        503,
        vec![("retry-after", "3600".to_string())],
        PROBLEM,
    )]);
    let (client, clock) = ropo(&script).await;
    assert!(get_link(&client).await.is_err());
    assert_eq!((script.attempts(), clock.waits().len()), (1, 0));
}

#[tokio::test]
async fn a_post_without_an_idempotency_key_is_never_retried() {
    let script = Script::new(vec![
        (503, vec![], PROBLEM),
        (201, vec![], r#"{"token":"t"}"#),
    ]);
    let (client, clock) = ropo(&script).await;
    let credentials = paylink::ropo::types::TokenRequest {
        cid: "c".into(),
        apicode: "a".into(),
    };
    let error = client
        .create_token(credentials)
        .send()
        .await
        .expect_err("undocumented 503");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
    assert_eq!((script.attempts(), clock.waits().len()), (1, 0));
}

#[tokio::test]
async fn every_attempt_of_a_call_carries_the_same_idempotency_key() {
    use payroc_values::*;
    let created = serde_json::to_string(&multi_use()).expect("json");
    let created: &'static str = Box::leak(created.into_boxed_str());
    let script = Script::new(vec![
        (
            503,
            vec![],
            r#"{"type":"t","title":"busy","status":503,"detail":"d"}"#,
        ),
        (
            502,
            vec![],
            r#"{"type":"t","title":"busy","status":502,"detail":"d"}"#,
        ),
        (
            201,
            vec![("location", "/payment-links/X".to_string())],
            created,
        ),
    ]);
    let app = Router::new()
        .route(
            "/v1/processing-terminals/{terminal}/payment-links",
            post(answer),
        )
        .with_state(script.clone());
    let base = serve(app).await;
    let clock = Clock::default();
    let client = paylink::payroc::Client::with_base_url(format!("{base}/v1"))
        .with_bearer_auth(TOKEN)
        .with_retry_clock(clock.clone());
    let answer = client
        .create_payment_link(TERMINAL, multi_use())
        .send()
        .await
        .expect("created on the third attempt");
    assert_eq!(answer.status, 201);
    assert_eq!(script.attempts(), 3);
    let keys: Vec<Option<String>> = (0..3)
        .map(|n| script.header(n, "idempotency-key"))
        .collect();
    let first = keys[0].clone().expect("a key");
    assert_eq!(
        (first.len(), &first[14..15]),
        (36, "4"),
        "a UUID v4: {first}"
    );
    assert!(
        keys.iter().all(|k| k.as_deref() == Some(first.as_str())),
        "{keys:?}"
    );
    // The next call has a key of its own.
    let again = client
        .create_payment_link(TERMINAL, multi_use())
        .send()
        .await;
    assert!(again.is_ok());
    let next = script.header(3, "idempotency-key").expect("a key");
    assert_ne!(next, first);
}

/// A hook signing every request and counting answers by status.
#[derive(Default)]
struct Signer {
    seen: Mutex<Vec<(&'static str, Option<u16>)>>,
}

impl Hook for Signer {
    fn on_request(&self, call: &Call, request: &mut reqwest::Request) -> Result<(), Error> {
        let signature = format!("sig:{}:{}", call.operation, request.url().path());
        let value = signature.parse().expect("header value");
        request.headers_mut().insert("x-signature", value);
        Ok(())
    }

    fn on_response(
        &self,
        call: &Call,
        outcome: Option<(reqwest::StatusCode, &reqwest::header::HeaderMap)>,
        _: Duration,
    ) {
        let status = outcome.map(|(s, _)| s.as_u16());
        self.seen
            .lock()
            .expect("seen")
            .push((call.operation, status));
    }
}

/// Forwards to a shared hook, so the test keeps a handle on it.
struct Shared(Arc<Signer>);

impl Hook for Shared {
    fn on_request(&self, call: &Call, request: &mut reqwest::Request) -> Result<(), Error> {
        self.0.on_request(call, request)
    }

    fn on_response(
        &self,
        call: &Call,
        outcome: Option<(reqwest::StatusCode, &reqwest::header::HeaderMap)>,
        elapsed: Duration,
    ) {
        self.0.on_response(call, outcome, elapsed)
    }
}

#[tokio::test]
async fn a_hook_signs_each_attempt_and_sees_each_answer() {
    let script = Script::new(vec![(503, vec![], PROBLEM), (200, vec![], LINK)]);
    let (client, _) = ropo(&script).await;
    let signer = Arc::new(Signer::default());
    let client = client.with_hook(Shared(signer.clone()));
    assert_eq!(get_link(&client).await.expect("second attempt"), 200);
    let expected = "sig:getOnlinePayLinkAction:/rest/online/paylink";
    assert_eq!(script.header(0, "x-signature").as_deref(), Some(expected));
    assert_eq!(script.header(1, "x-signature").as_deref(), Some(expected));
    let seen = signer.seen.lock().expect("seen").clone();
    assert_eq!(
        seen,
        [
            ("getOnlinePayLinkAction", Some(503)),
            ("getOnlinePayLinkAction", Some(200))
        ]
    );
}

#[tokio::test]
async fn a_hook_error_stops_the_call_unsent() {
    struct Refuse;
    impl Hook for Refuse {
        fn on_request(&self, _: &Call, _: &mut reqwest::Request) -> Result<(), Error> {
            Err(Error::InvalidBody {
                message: "refused by a hook".into(),
            })
        }
    }
    let script = Script::new(vec![(200, vec![], LINK)]);
    let (client, _) = ropo(&script).await;
    let error = get_link(&client.with_hook(Refuse))
        .await
        .expect_err("refused");
    assert!(error.to_string().contains("refused by a hook"), "{error}");
    assert_eq!(script.attempts(), 0);
}

#[tokio::test]
async fn a_refused_connection_is_retried_then_reported() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("address").port();
    drop(listener);
    let clock = Clock::default();
    let client = paylink::ropo::Client::with_base_url(format!("http://127.0.0.1:{port}/rest"))
        .with_bearer_auth("token")
        .with_retry_clock(clock.clone());
    let error = get_link(&client).await.expect_err("nothing listens");
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
    assert_eq!(clock.waits().len(), 2, "three attempts");
}

#[tokio::test]
async fn a_body_that_does_not_decode_names_where_and_keeps_the_serde_error() {
    let script = Script::new(vec![(200, vec![], r#"{"url": 5}"#)]);
    let (client, _) = ropo(&script).await;
    let error = get_link(&client).await.expect_err("url is a number");
    let Error::Decode { message, .. } = &error else {
        panic!("{error:?}")
    };
    assert!(message.starts_with("at `url`: invalid type"), "{message}");
    let source = std::error::Error::source(&error).expect("the serde error");
    assert!(source.to_string().contains("invalid type"), "{source}");
    assert_eq!(
        error.body().map(|b| b.as_ref()),
        Some(&br#"{"url": 5}"#[..])
    );
    assert!(!error.is_retryable());
}

#[tokio::test]
async fn a_body_with_trailing_data_does_not_decode() {
    let script = Script::new(vec![(200, vec![], r#"{"url": "x"} {"url": "y"}"#)]);
    let (client, _) = ropo(&script).await;
    let error = get_link(&client).await.expect_err("trailing data");
    let Error::Decode { message, .. } = &error else {
        panic!("{error:?}")
    };
    assert!(message.contains("trailing characters"), "{message}");
}
