//! One call on the wire: timeouts, retries with backoff and `Retry-After`,
//! idempotency keys, hooks that see every request and response, and (with
//! the `tracing` feature) a span per call. Generated request builders hand
//! each call here with a [`Call`] naming it.

use std::fmt;
use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use reqwest::header::HeaderMap;
use reqwest::StatusCode;

use futures_util::future::Either;
use futures_util::TryFutureExt;

use super::response::read;
use super::token::BoxFuture;
use super::{Error, Raw};

/// What the generated code knows of a call: its operation, method and
/// path template (never the filled path, which may hold identifiers), and
/// whether repeating it is safe.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Call {
    /// The operation's id (or the name the generator gave it).
    pub operation: &'static str,
    /// The HTTP method.
    pub method: &'static str,
    /// The path template, as the spec writes it (on one line, without
    /// control or direction characters).
    pub path: &'static str,
    /// Whether sending it twice has the effect of sending it once: an
    /// idempotent method, or a call carrying an idempotency key.
    pub idempotent: bool,
}

impl Call {
    /// The same call, idempotent because it carries an idempotency key.
    pub fn with_idempotency_key(mut self) -> Self {
        self.idempotent = true;
        self
    }
}

/// When a call is sent again: after a connection error, a timeout, `429`
/// or a `5xx`, and only when the call is idempotent. Attempts wait an
/// exponentially growing, jittered delay, or what `Retry-After` says (a
/// `Retry-After` longer than `max_backoff` ends the retries).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in all, the first included; `1` never retries.
    pub max_attempts: u32,
    /// The delay before the first retry (doubled for each further one).
    pub initial_backoff: Duration,
    /// The longest delay between attempts, `Retry-After` included.
    pub max_backoff: Duration,
    /// No retry starts after this much time since the first attempt.
    pub max_elapsed: Duration,
}

impl RetryPolicy {
    /// Never retry.
    pub const fn none() -> Self {
        RetryPolicy {
            max_attempts: 1,
            initial_backoff: Duration::ZERO,
            max_backoff: Duration::ZERO,
            max_elapsed: Duration::ZERO,
        }
    }

    /// Up to `max_attempts` attempts, other settings as by default.
    pub fn attempts(max_attempts: u32) -> Self {
        RetryPolicy {
            max_attempts: max_attempts.max(1),
            ..RetryPolicy::default()
        }
    }

    /// The delay before attempt `attempt + 1` (`attempt` counts from 1):
    /// full jitter over the exponential backoff.
    fn backoff(&self, attempt: u32) -> Duration {
        let exponent = attempt.saturating_sub(1).min(16);
        let ceiling = self
            .initial_backoff
            .saturating_mul(1 << exponent)
            .min(self.max_backoff);
        ceiling.mul_f64(fastrand::f64())
    }
}

/// Three attempts, from 200 ms up to 5 s apart, within 30 s.
impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(5),
            max_elapsed: Duration::from_secs(30),
        }
    }
}

/// The `timeout` and `retry` setters of a generated request builder (a
/// struct with an `options: CallOptions` field), written once: a builder's
/// `impl` calls `rt::call_options!();`.
#[doc(hidden)]
#[macro_export]
macro_rules! __paylink_call_options {
    () => {
        /// Gives up on each attempt of this call after `timeout`.
        pub fn timeout(mut self, timeout: ::std::time::Duration) -> Self {
            self.options.timeout = ::std::option::Option::Some(timeout);
            self
        }

        /// Retries this call as `policy` says instead of as the client's
        /// policy does.
        pub fn retry(mut self, policy: $crate::codegen::RetryPolicy) -> Self {
            self.options.retry = ::std::option::Option::Some(policy);
            self
        }
    };
}

pub use crate::__paylink_call_options as call_options;

/// Settings of one call, overriding the client's.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CallOptions {
    /// The whole call's timeout, per attempt.
    pub timeout: Option<Duration>,
    /// The retry policy.
    pub retry: Option<RetryPolicy>,
}

/// Sees every request before it is sent and every response (or failure)
/// after: add headers, sign requests, record metrics. Installed with the
/// client's `with_hook`; hooks run in the order they were added.
pub trait Hook: Send + Sync {
    /// Called before each attempt; an error stops the call unsent.
    fn on_request(&self, call: &Call, request: &mut reqwest::Request) -> Result<(), Error> {
        let _ = (call, request);
        Ok(())
    }

    /// Called after each attempt with its outcome: the status and headers,
    /// or `None` when no response arrived.
    fn on_response(
        &self,
        call: &Call,
        outcome: Option<(StatusCode, &HeaderMap)>,
        elapsed: Duration,
    ) {
        let _ = (call, outcome, elapsed);
    }
}

/// Waits between attempts: tokio's timer, or a test's own clock.
pub trait Sleep: Send + Sync {
    /// Waits `delay`.
    fn sleep(&self, delay: Duration) -> BoxFuture<'static, ()>;
}

struct TokioSleep;

impl Sleep for TokioSleep {
    fn sleep(&self, delay: Duration) -> BoxFuture<'static, ()> {
        Box::pin(tokio::time::sleep(delay))
    }
}

/// The client-wide settings of calls: retry policy, hooks and clock.
#[derive(Clone)]
pub struct Calls {
    retry: RetryPolicy,
    hooks: Vec<Arc<dyn Hook>>,
    sleep: Arc<dyn Sleep>,
}

impl Default for Calls {
    fn default() -> Self {
        Calls {
            retry: RetryPolicy::default(),
            hooks: Vec::new(),
            sleep: Arc::new(TokioSleep),
        }
    }
}

impl fmt::Debug for Calls {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Calls")
            .field("retry", &self.retry)
            .field("hooks", &self.hooks.len())
            .finish()
    }
}

impl Calls {
    /// Sets the retry policy.
    pub fn set_retry(&mut self, retry: RetryPolicy) {
        self.retry = retry;
    }

    /// Adds a hook.
    pub fn add_hook(&mut self, hook: impl Hook + 'static) {
        self.hooks.push(Arc::new(hook));
    }

    /// Sets the clock retries wait on.
    pub fn set_sleep(&mut self, sleep: impl Sleep + 'static) {
        self.sleep = Arc::new(sleep);
    }
}

/// A client built with the default timeouts: 10 s to connect, 60 s for a
/// whole call (per attempt).
pub fn default_http_client() -> reqwest::Client {
    reqwest::Client::builder()
        .connect_timeout(Duration::from_secs(10))
        .timeout(Duration::from_secs(60))
        .build()
        .unwrap_or_default()
}

/// A fresh idempotency key: a random UUID (version 4).
pub fn idempotency_key() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// Sends `request` as `call`, retrying as the policy says.
///
/// The request is built once; an attempt that may be followed by another
/// sends a copy of it. The steps below are futures composed without
/// `async` blocks on the path of a call without hooks or subscriber: each
/// async step stores its arguments twice and is moved into the one
/// awaiting it, so nesting them made a call's future several kilobytes
/// copied on every call.
pub fn send<'a>(
    calls: &'a Calls,
    call: &'a Call,
    request: reqwest::RequestBuilder,
    options: &'a CallOptions,
) -> impl Future<Output = Result<Raw, Error>> + Send + 'a {
    let (http, request) = request.build_split();
    retrying(calls, call, http, request, options)
}

/// The attempts of [`send`].
async fn retrying(
    calls: &Calls,
    call: &Call,
    http: reqwest::Client,
    request: reqwest::Result<reqwest::Request>,
    options: &CallOptions,
) -> Result<Raw, Error> {
    let mut request = request?;
    if let Some(timeout) = options.timeout {
        *request.timeout_mut() = Some(timeout);
    }
    let retry = options.retry.unwrap_or(calls.retry);
    let started = Instant::now();
    let mut attempt = 1;
    loop {
        // A body that cannot be copied (a stream) is sent once.
        let spare = (call.idempotent && attempt < retry.max_attempts)
            .then(|| request.try_clone())
            .flatten();
        let outcome = attempt_once(calls, call, &http, request, attempt).await;
        let Some(spare) = spare else {
            return outcome;
        };
        let Some(delay) = retry_delay(&retry, attempt, &outcome) else {
            return outcome;
        };
        if started.elapsed() + delay > retry.max_elapsed {
            return outcome;
        }
        calls.sleep.sleep(delay).await;
        request = spare;
        attempt += 1;
    }
}

/// One attempt: hooks, the exchange, hooks again. Without hooks it is the
/// exchange alone; with hooks, a boxed future (the call's own stays small).
fn attempt_once<'a>(
    calls: &'a Calls,
    call: &'a Call,
    http: &reqwest::Client,
    mut request: reqwest::Request,
    attempt: u32,
) -> impl Future<Output = Result<Raw, Error>> + Send + 'a {
    if calls.hooks.is_empty() {
        return Either::Left(exchange(http, request, call, attempt));
    }
    let hooked = calls
        .hooks
        .iter()
        .try_for_each(|hook| hook.on_request(call, &mut request));
    let started = Instant::now();
    let exchange = hooked.map(|()| exchange(http, request, call, attempt));
    Either::Right(Box::pin(async move {
        let outcome = exchange?.await;
        let seen = outcome.as_ref().ok().map(|raw| (raw.status, &raw.headers));
        for hook in &calls.hooks {
            hook.on_response(call, seen, started.elapsed());
        }
        outcome
    }))
}

/// An attempt's exchange: `reqwest`'s (boxed) future, then the reading of
/// the answer.
#[cfg(not(feature = "tracing"))]
fn exchange(
    http: &reqwest::Client,
    request: reqwest::Request,
    _: &Call,
    _: u32,
) -> impl Future<Output = Result<Raw, Error>> + Send + 'static {
    http.execute(request).err_into().and_then(read)
}

/// The same, inside a span naming the call (never its filled path,
/// headers or body) when a subscriber wants it.
#[cfg(feature = "tracing")]
fn exchange(
    http: &reqwest::Client,
    request: reqwest::Request,
    call: &Call,
    attempt: u32,
) -> impl Future<Output = Result<Raw, Error>> + Send + 'static {
    use tracing::Instrument;
    let span = tracing::info_span!(
        "paylink.call",
        operation = call.operation,
        method = call.method,
        path = call.path,
        attempt,
        status = tracing::field::Empty,
        duration_ms = tracing::field::Empty,
    );
    let exchange = http.execute(request).err_into().and_then(read);
    // No subscriber wants the span: nothing to record.
    if span.is_disabled() {
        return Either::Left(exchange);
    }
    Either::Right(Box::pin(async move {
        let started = Instant::now();
        let outcome = exchange.instrument(span.clone()).await;
        if let Ok(raw) = &outcome {
            span.record("status", raw.status.as_u16());
        }
        span.record("duration_ms", started.elapsed().as_millis() as u64);
        outcome
    }))
}

/// The delay before the next attempt, or `None` when the outcome is final.
fn retry_delay(
    retry: &RetryPolicy,
    attempt: u32,
    outcome: &Result<Raw, Error>,
) -> Option<Duration> {
    if attempt >= retry.max_attempts {
        return None;
    }
    match outcome {
        Ok(raw) if raw.status == StatusCode::TOO_MANY_REQUESTS || raw.status.is_server_error() => {
            // A server asking for a longer wait than the policy allows gets
            // no early retry: the answer is final.
            match retry_after(&raw.headers) {
                Some(asked) if asked > retry.max_backoff => None,
                Some(asked) => Some(asked),
                None => Some(retry.backoff(attempt)),
            }
        }
        Ok(_) => None,
        Err(e) if e.is_retryable() => Some(retry.backoff(attempt)),
        Err(_) => None,
    }
}

/// `Retry-After` as seconds or an HTTP date (RFC 9110 10.2.3).
pub fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let value = headers
        .get(reqwest::header::RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(
        at.duration_since(SystemTime::now())
            .unwrap_or(Duration::ZERO),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_reads_seconds_and_dates() {
        let mut headers = HeaderMap::new();
        headers.insert("retry-after", "7".parse().expect("header"));
        assert_eq!(retry_after(&headers), Some(Duration::from_secs(7)));
        let later = SystemTime::now() + Duration::from_secs(120);
        let date = httpdate::fmt_http_date(later);
        headers.insert("retry-after", date.parse().expect("header"));
        let read = retry_after(&headers).expect("a date");
        assert!(
            read > Duration::from_secs(110) && read <= Duration::from_secs(120),
            "{read:?}"
        );
        headers.insert("retry-after", "soon".parse().expect("header"));
        assert_eq!(retry_after(&headers), None);
    }

    #[test]
    fn backoff_grows_and_is_capped() {
        let policy = RetryPolicy::default();
        for attempt in 1..20 {
            let delay = policy.backoff(attempt);
            let ceiling =
                (policy.initial_backoff * (1 << (attempt - 1).min(16))).min(policy.max_backoff);
            assert!(delay <= ceiling, "{attempt}: {delay:?}");
        }
    }

    #[test]
    fn idempotency_keys_are_version_4_uuids() {
        let key = idempotency_key();
        assert_eq!(key.len(), 36);
        assert_eq!(&key[14..15], "4");
        assert_ne!(key, idempotency_key());
    }
}
