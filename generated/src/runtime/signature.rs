//! Signed events: a sender signs each webhook or callback it sends, and a
//! receiver checks the signature on the raw body before the event's
//! handler runs.
//!
//! [`Verify`] checks a request (headers and raw body), [`Sign`] makes the
//! header that a matching [`Verify`] accepts. [`Signature`] implements
//! both for the common schemes:
//!
//! - HMAC-SHA256 over the raw body, hex or base64, in a header of the
//!   spec's choosing, optionally behind a prefix (`sha256=<hex>`);
//! - timestamped HMAC-SHA256, `t=<unix seconds>,v1=<signature>` over
//!   `"<t>.<body>"`, refused when the timestamp is further than a
//!   tolerance from now (a replayed or stale request), with an injectable
//!   clock;
//! - HMAC-SHA256 over a set of payload fields: the values at named JSON
//!   pointers of the body, in the declared order, joined by a separator
//!   (`|` by default). A string is its text, any other value its JSON
//!   text as `serde_json` writes it (`10.50` is `10.5`), `null` and a
//!   missing field the empty string (so neither a value's JSON type nor
//!   the difference between `null`, `""` and absent is signed); a body
//!   that is not JSON is refused. Only the named fields are
//!   authenticated: a receiver must not trust the others.
//!
//! The secret is a [`Secret`]; signatures are compared in constant time
//! (`hmac`'s `verify_slice`), and no refusal names the secret or the
//! expected signature.

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use hmac::{Hmac, Mac};
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use sha2::Sha256;

use super::{Call, Error, Hook, Secret};

type HmacSha256 = Hmac<Sha256>;

/// Checks a request before its handler runs: its headers and raw body.
pub trait Verify: Send + Sync {
    /// `Ok` when the request is authentic; the reason it is not otherwise.
    fn verify(&self, headers: &HeaderMap, body: &[u8]) -> Result<(), Refusal>;
}

/// Signs a request body: the header a matching [`Verify`] accepts.
pub trait Sign: Send + Sync {
    /// The header name and value carrying the signature of `body`.
    fn sign(&self, body: &[u8]) -> Result<(HeaderName, HeaderValue), Error>;
}

/// Why a signature was refused. Its text names the header and the rule,
/// never the secret or the signature expected.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// The signature header is absent.
    Missing(String),
    /// The header is not in the scheme's form.
    Malformed(String),
    /// The timestamp is further from now than the tolerance.
    Stale {
        /// The signature header.
        header: String,
        /// The tolerance, in seconds.
        tolerance: u64,
    },
    /// No signature in the header matches the body.
    Mismatch(String),
    /// The body is not JSON, so the fields signed in the header cannot be
    /// read (fields scheme only).
    NotJson(String),
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Refusal::Missing(h) => write!(f, "the signature header `{h}` is missing"),
            Refusal::Malformed(h) => write!(f, "the signature header `{h}` is malformed"),
            Refusal::Stale { header, tolerance } => write!(
                f,
                "the timestamp of `{header}` is more than {tolerance} s away from now"
            ),
            Refusal::Mismatch(h) => write!(f, "the signature in `{h}` does not match the body"),
            Refusal::NotJson(h) => write!(
                f,
                "the body is not JSON: the fields signed in `{h}` cannot be read"
            ),
        }
    }
}

impl std::error::Error for Refusal {}

/// How signature bytes are written in the header.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SignatureEncoding {
    /// Lower-case hex (upper case is accepted too).
    Hex,
    /// Standard base64 with padding.
    Base64,
}

impl SignatureEncoding {
    fn encode(self, bytes: &[u8]) -> String {
        match self {
            SignatureEncoding::Hex => hex::encode(bytes),
            SignatureEncoding::Base64 => base64::engine::general_purpose::STANDARD.encode(bytes),
        }
    }

    fn decode(self, text: &str) -> Option<Vec<u8>> {
        match self {
            SignatureEncoding::Hex => hex::decode(text).ok(),
            SignatureEncoding::Base64 => {
                base64::engine::general_purpose::STANDARD.decode(text).ok()
            }
        }
    }
}

/// The time timestamped signatures are made and judged at.
pub trait Clock: Send + Sync {
    /// Now.
    fn now(&self) -> SystemTime;
}

/// The system's clock.
#[derive(Clone, Copy, Debug, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> SystemTime {
        SystemTime::now()
    }
}

/// The scheme of a [`Signature`].
#[derive(Clone, Debug, PartialEq, Eq)]
enum Scheme {
    /// HMAC-SHA256 of the body.
    Hmac,
    /// HMAC-SHA256 of `"<t>.<body>"`, in `t=…,v1=…`, within a tolerance.
    Timestamped(Duration),
    /// HMAC-SHA256 of the values at `fields` (JSON pointers), joined by
    /// `separator`.
    Fields {
        /// The signed fields, in order.
        fields: Vec<String>,
        /// The text between two values.
        separator: String,
    },
}

/// The default separator of the fields scheme.
pub const DEFAULT_SEPARATOR: &str = "|";

/// The default tolerance of timestamped signatures: five minutes.
pub const DEFAULT_TOLERANCE: Duration = Duration::from_secs(300);

/// An HMAC-SHA256 signature scheme with its secret: signs as a sender,
/// verifies as a receiver, and (as a [`Hook`]) signs every request a
/// generated client sends.
///
/// ```
/// use paylink::codegen::{Signature, SignatureEncoding, Sign, Verify};
///
/// let signature = Signature::hmac_sha256("whsec_test")
///     .header("X-Signature")
///     .encoding(SignatureEncoding::Base64);
/// let (name, value) = signature.sign(b"{}").unwrap();
/// let mut headers = paylink::codegen::reqwest::header::HeaderMap::new();
/// headers.insert(name, value);
/// assert!(signature.verify(&headers, b"{}").is_ok());
/// assert!(signature.verify(&headers, b"{ }").is_err());
/// ```
#[derive(Clone)]
pub struct Signature {
    secret: Secret,
    scheme: Scheme,
    header: String,
    encoding: SignatureEncoding,
    prefix: String,
    clock: Arc<dyn Clock>,
}

impl fmt::Debug for Signature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Signature")
            .field("secret", &self.secret)
            .field("scheme", &self.scheme)
            .field("header", &self.header)
            .field("encoding", &self.encoding)
            .field("prefix", &self.prefix)
            .finish()
    }
}

impl Signature {
    /// HMAC-SHA256 over the raw body, hex in `X-Signature` until the
    /// setters say otherwise.
    pub fn hmac_sha256(secret: impl Into<Secret>) -> Self {
        Signature {
            secret: secret.into(),
            scheme: Scheme::Hmac,
            header: "x-signature".to_string(),
            encoding: SignatureEncoding::Hex,
            prefix: String::new(),
            clock: Arc::new(SystemClock),
        }
    }

    /// `t=<unix seconds>,v1=<HMAC-SHA256 of "<t>.<body>">`, hex in
    /// `X-Signature` until the setters say otherwise, accepted within
    /// [`DEFAULT_TOLERANCE`] of now.
    pub fn timestamped(secret: impl Into<Secret>) -> Self {
        Signature {
            scheme: Scheme::Timestamped(DEFAULT_TOLERANCE),
            ..Signature::hmac_sha256(secret)
        }
    }

    /// HMAC-SHA256 over the values of the payload's `fields` (JSON
    /// pointers such as `/id` or `/amount/value`), in that order, joined
    /// by [`DEFAULT_SEPARATOR`] until [`separator`](Self::separator) says
    /// otherwise; hex in `X-Signature` until the setters say otherwise.
    ///
    /// A string value is signed as its text, any other value as its JSON
    /// text (`serde_json`'s: `10.50` is `10.5`), `null` and a missing
    /// field as the empty string. A body that is not JSON is refused.
    /// Only these fields are authenticated.
    ///
    /// ```
    /// use paylink::codegen::{Signature, Sign, Verify};
    ///
    /// let signature = Signature::fields_hmac_sha256("whsec_test", ["/id", "/amount"]);
    /// let (name, value) = signature.sign(br#"{"id":"l_1","amount":500}"#).unwrap();
    /// let mut headers = paylink::codegen::reqwest::header::HeaderMap::new();
    /// headers.insert(name, value);
    /// assert!(signature.verify(&headers, br#"{"amount":500,"id":"l_1","note":"x"}"#).is_ok());
    /// assert!(signature.verify(&headers, br#"{"id":"l_1","amount":5}"#).is_err());
    /// ```
    pub fn fields_hmac_sha256<F>(secret: impl Into<Secret>, fields: F) -> Self
    where
        F: IntoIterator,
        F::Item: Into<String>,
    {
        Signature {
            scheme: Scheme::Fields {
                fields: fields.into_iter().map(Into::into).collect(),
                separator: DEFAULT_SEPARATOR.to_string(),
            },
            ..Signature::hmac_sha256(secret)
        }
    }

    /// The text between two field values; fields scheme only.
    pub fn separator(mut self, separator: &str) -> Self {
        if let Scheme::Fields { separator: s, .. } = &mut self.scheme {
            *s = separator.to_string();
        }
        self
    }

    /// The header carrying the signature (matched without regard to case).
    pub fn header(mut self, name: &str) -> Self {
        self.header = name.to_ascii_lowercase();
        self
    }

    /// How the signature bytes are written.
    pub fn encoding(mut self, encoding: SignatureEncoding) -> Self {
        self.encoding = encoding;
        self
    }

    /// Text before the signature in the header (`sha256=`); plain HMAC and
    /// fields only.
    pub fn prefix(mut self, prefix: &str) -> Self {
        self.prefix = prefix.to_string();
        self
    }

    /// How far a timestamp may be from now, either way; timestamped only.
    pub fn tolerance(mut self, tolerance: Duration) -> Self {
        if let Scheme::Timestamped(t) = &mut self.scheme {
            *t = tolerance;
        }
        self
    }

    /// The clock timestamps are made and judged by (a test's own).
    pub fn clock(mut self, clock: impl Clock + 'static) -> Self {
        self.clock = Arc::new(clock);
        self
    }

    /// The name of the signature header, in lower case.
    pub fn header_name(&self) -> &str {
        &self.header
    }

    fn mac(&self) -> HmacSha256 {
        // HMAC takes a key of any length: this never fails.
        HmacSha256::new_from_slice(self.secret.expose().as_bytes())
            .unwrap_or_else(|_| unreachable!("HMAC accepts keys of any length"))
    }

    fn mac_of(&self, timestamp: Option<u64>, body: &[u8]) -> HmacSha256 {
        let mut mac = self.mac();
        if let Some(t) = timestamp {
            mac.update(t.to_string().as_bytes());
            mac.update(b".");
        }
        mac.update(body);
        mac
    }

    fn now_secs(&self) -> u64 {
        self.clock
            .now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs())
    }

    /// What is signed of `body`: the body itself, or for the fields
    /// scheme its fields' values joined (`None` when the body is not JSON).
    fn signed<'b>(&self, body: &'b [u8]) -> Option<std::borrow::Cow<'b, [u8]>> {
        let Scheme::Fields { fields, separator } = &self.scheme else {
            return Some(std::borrow::Cow::Borrowed(body));
        };
        let document: serde_json::Value = serde_json::from_slice(body).ok()?;
        let values: Vec<String> = fields
            .iter()
            .map(|pointer| field_text(&document, pointer))
            .collect();
        Some(std::borrow::Cow::Owned(
            values.join(separator.as_str()).into_bytes(),
        ))
    }

    /// The header's text for `body`; an error only for the fields scheme,
    /// when `body` is not JSON.
    pub fn value(&self, body: &[u8]) -> Result<String, Error> {
        let signed = self.signed(body).ok_or_else(|| Error::InvalidBody {
            message: "the body is not JSON: its fields cannot be signed".to_string(),
        })?;
        Ok(match self.scheme {
            Scheme::Hmac | Scheme::Fields { .. } => {
                let tag = self.mac_of(None, &signed).finalize().into_bytes();
                format!("{}{}", self.prefix, self.encoding.encode(&tag))
            }
            Scheme::Timestamped(_) => {
                let t = self.now_secs();
                let tag = self.mac_of(Some(t), &signed).finalize().into_bytes();
                format!("t={t},v1={}", self.encoding.encode(&tag))
            }
        })
    }

    fn matches(&self, timestamp: Option<u64>, body: &[u8], presented: &str) -> bool {
        let Some(bytes) = self.encoding.decode(presented.trim()) else {
            return false;
        };
        self.mac_of(timestamp, body).verify_slice(&bytes).is_ok()
    }

    fn verify_timestamped(
        &self,
        text: &str,
        body: &[u8],
        tolerance: Duration,
    ) -> Result<(), Refusal> {
        let malformed = || Refusal::Malformed(self.header.clone());
        let mut timestamp = None;
        let mut signatures = Vec::new();
        for part in text.split(',') {
            let (key, value) = part.trim().split_once('=').ok_or_else(malformed)?;
            match key {
                "t" if timestamp.is_none() => {
                    timestamp = Some(value.parse::<u64>().map_err(|_| malformed())?)
                }
                "t" => return Err(malformed()),
                "v1" => signatures.push(value),
                _ => {}
            }
        }
        let t = timestamp.ok_or_else(malformed)?;
        if signatures.is_empty() {
            return Err(malformed());
        }
        if self.now_secs().abs_diff(t) > tolerance.as_secs() {
            return Err(Refusal::Stale {
                header: self.header.clone(),
                tolerance: tolerance.as_secs(),
            });
        }
        // Every candidate is checked, so the time taken does not say which matched.
        let matched = signatures
            .iter()
            .fold(false, |any, s| self.matches(Some(t), body, s) | any);
        matched
            .then_some(())
            .ok_or_else(|| Refusal::Mismatch(self.header.clone()))
    }
}

impl Verify for Signature {
    fn verify(&self, headers: &HeaderMap, body: &[u8]) -> Result<(), Refusal> {
        let value = headers
            .get(self.header.as_str())
            .ok_or_else(|| Refusal::Missing(self.header.clone()))?;
        let text = value
            .to_str()
            .map_err(|_| Refusal::Malformed(self.header.clone()))?;
        let signed = self
            .signed(body)
            .ok_or_else(|| Refusal::NotJson(self.header.clone()))?;
        match self.scheme {
            Scheme::Hmac | Scheme::Fields { .. } => {
                let presented = text
                    .strip_prefix(self.prefix.as_str())
                    .ok_or_else(|| Refusal::Malformed(self.header.clone()))?;
                self.matches(None, &signed, presented)
                    .then_some(())
                    .ok_or_else(|| Refusal::Mismatch(self.header.clone()))
            }
            Scheme::Timestamped(tolerance) => self.verify_timestamped(text, &signed, tolerance),
        }
    }
}

impl Sign for Signature {
    fn sign(&self, body: &[u8]) -> Result<(HeaderName, HeaderValue), Error> {
        let invalid = |message: &str| Error::InvalidParameter {
            name: self.header.clone(),
            message: message.to_string(),
        };
        let name = HeaderName::from_bytes(self.header.as_bytes())
            .map_err(|_| invalid("not a valid header name"))?;
        let mut value = HeaderValue::from_str(&self.value(body)?)
            .map_err(|_| invalid("the signature prefix cannot be sent in a header"))?;
        value.set_sensitive(true);
        Ok((name, value))
    }
}

/// The text a field is signed as: a string's own text, another value's
/// JSON text, the empty string for `null` or a field that is absent.
fn field_text(document: &serde_json::Value, pointer: &str) -> String {
    match document.pointer(pointer) {
        None | Some(serde_json::Value::Null) => String::new(),
        Some(serde_json::Value::String(text)) => text.clone(),
        Some(other) => other.to_string(),
    }
}

/// Signs every attempt of a call (a retry gets a fresh timestamp); a body
/// that is a stream, which cannot be read twice, is an error.
impl Hook for Signature {
    fn on_request(&self, _call: &Call, request: &mut reqwest::Request) -> Result<(), Error> {
        let body = match request.body() {
            None => &[][..],
            Some(body) => body.as_bytes().ok_or_else(|| Error::InvalidBody {
                message: "a streamed body cannot be signed".to_string(),
            })?,
        };
        let (name, value) = self.sign(body)?;
        request.headers_mut().insert(name, value);
        Ok(())
    }
}

/// `router` with every request's signature checked by `verifier` before
/// any handler runs: the body is read (up to `limit` bytes, 413 beyond),
/// a refused signature is answered 401 with problem details, and an
/// accepted request goes on with the same body.
#[cfg(feature = "server")]
pub fn verified_router(
    router: axum::Router,
    verifier: impl Verify + 'static,
    limit: usize,
) -> axum::Router {
    let verifier: Arc<dyn Verify> = Arc::new(verifier);
    router.layer(axum::middleware::from_fn(
        move |request: axum::extract::Request, next: axum::middleware::Next| {
            let verifier = Arc::clone(&verifier);
            async move {
                match verified(&*verifier, request, limit).await {
                    Ok(request) => next.run(request).await,
                    Err(problem) => axum::response::IntoResponse::into_response(problem),
                }
            }
        },
    ))
}

/// The request again when its signature is accepted.
#[cfg(feature = "server")]
async fn verified(
    verifier: &dyn Verify,
    request: axum::extract::Request,
    limit: usize,
) -> Result<axum::extract::Request, super::server::Problem> {
    let (head, body) = request.into_parts();
    let bytes = axum::body::to_bytes(body, limit)
        .await
        .map_err(|_| super::server::Problem::payload_too_large(limit))?;
    verifier
        .verify(&head.headers, &bytes)
        .map_err(|refusal| super::server::Problem::unauthorized(refusal.to_string()))?;
    Ok(axum::extract::Request::from_parts(
        head,
        axum::body::Body::from(bytes),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A clock stopped at `secs` after the epoch.
    struct At(u64);

    impl Clock for At {
        fn now(&self) -> SystemTime {
            UNIX_EPOCH + Duration::from_secs(self.0)
        }
    }

    const BODY: &[u8] = br#"{"id":"evt_1","type":"link.paid"}"#;

    fn headers(name: &str, value: &str) -> HeaderMap {
        let mut map = HeaderMap::new();
        map.insert(
            HeaderName::from_bytes(name.as_bytes()).unwrap(),
            HeaderValue::from_str(value).unwrap(),
        );
        map
    }

    /// RFC 4231, test case 2: key `Jefe`, data `what do ya want for nothing?`.
    #[test]
    fn rfc_4231_vector() {
        let s = Signature::hmac_sha256("Jefe");
        assert_eq!(
            s.value(b"what do ya want for nothing?").unwrap(),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }

    /// Computed with
    /// `printf '%s' "$BODY" | openssl dgst -sha256 -hmac whsec_test -hex`
    /// (and `-binary | openssl base64` for base64).
    #[test]
    fn hex_and_base64_vectors() {
        let hex = "a3d21cfe875ea64849b6cbc14e571402d21d9211073f0a3e14bb038b9bb9ac72";
        let b64 = "o9Ic/odepkhJtsvBTlcUAtIdkhEHPwo+FLsDi5u5rHI=";
        let s = Signature::hmac_sha256("whsec_test");
        assert_eq!(s.value(BODY).unwrap(), hex);
        assert!(s.verify(&headers("X-Signature", hex), BODY).is_ok());
        assert!(s
            .verify(&headers("x-signature", &hex.to_uppercase()), BODY)
            .is_ok());
        let s = s.encoding(SignatureEncoding::Base64).header("Sig");
        assert_eq!(s.value(BODY).unwrap(), b64);
        assert!(s.verify(&headers("sig", b64), BODY).is_ok());
    }

    #[test]
    fn prefix_is_required_and_stripped() {
        let s = Signature::hmac_sha256("whsec_test").prefix("sha256=");
        let hex = "a3d21cfe875ea64849b6cbc14e571402d21d9211073f0a3e14bb038b9bb9ac72";
        assert_eq!(s.value(BODY).unwrap(), format!("sha256={hex}"));
        let with = headers("x-signature", &format!("sha256={hex}"));
        assert!(s.verify(&with, BODY).is_ok());
        let without = headers("x-signature", hex);
        assert_eq!(
            s.verify(&without, BODY),
            Err(Refusal::Malformed("x-signature".into()))
        );
    }

    #[test]
    fn refusals() {
        let s = Signature::hmac_sha256("whsec_test");
        assert_eq!(
            s.verify(&HeaderMap::new(), BODY),
            Err(Refusal::Missing("x-signature".into()))
        );
        let good = s.value(BODY).unwrap();
        let refused = s.verify(&headers("x-signature", &good), b"{}");
        assert_eq!(refused, Err(Refusal::Mismatch("x-signature".into())));
        let other = Signature::hmac_sha256("whsec_other");
        assert!(other.verify(&headers("x-signature", &good), BODY).is_err());
        assert!(s.verify(&headers("x-signature", "zz"), BODY).is_err());
        assert!(s
            .verify(&headers("x-signature", &good[..10]), BODY)
            .is_err());
    }

    /// `printf '%s' "1700000000.$BODY" | openssl dgst -sha256 -hmac whsec_test -hex`.
    #[test]
    fn timestamped_vector_and_window() {
        let v1 = "6328c689f9560ad7d1b99cc433bd10d9fd615a801b0569cf8fde65515f2a4650";
        let header = format!("t=1700000000,v1={v1}");
        let at = |now| Signature::timestamped("whsec_test").clock(At(now));
        assert_eq!(at(1_700_000_000).value(BODY).unwrap(), header);
        let sent = headers("x-signature", &header);
        assert!(at(1_700_000_000).verify(&sent, BODY).is_ok());
        assert!(at(1_700_000_300).verify(&sent, BODY).is_ok());
        assert!(at(1_699_999_700).verify(&sent, BODY).is_ok());
        let stale = Refusal::Stale {
            header: "x-signature".into(),
            tolerance: 300,
        };
        assert_eq!(at(1_700_000_301).verify(&sent, BODY), Err(stale.clone()));
        assert_eq!(at(1_699_999_699).verify(&sent, BODY), Err(stale));
        let narrow = at(1_700_000_010).tolerance(Duration::from_secs(5));
        assert!(matches!(
            narrow.verify(&sent, BODY),
            Err(Refusal::Stale { tolerance: 5, .. })
        ));
    }

    #[test]
    fn timestamped_forms() {
        let s = Signature::timestamped("whsec_test").clock(At(1_700_000_000));
        let v1 = "6328c689f9560ad7d1b99cc433bd10d9fd615a801b0569cf8fde65515f2a4650";
        let rotated = format!("t=1700000000,v1={},v1={v1},v0=ignored", "00".repeat(32));
        assert!(s.verify(&headers("x-signature", &rotated), BODY).is_ok());
        // The timestamp is signed: moving it breaks the signature.
        let moved = format!("t=1700000001,v1={v1}");
        assert!(matches!(
            s.verify(&headers("x-signature", &moved), BODY),
            Err(Refusal::Mismatch(_))
        ));
        for bad in [
            "v1=ab",
            "t=x,v1=ab",
            "t=1700000000",
            "garbage",
            "t=1,t=2,v1=ab",
        ] {
            assert!(
                matches!(
                    s.verify(&headers("x-signature", bad), BODY),
                    Err(Refusal::Malformed(_))
                ),
                "{bad}"
            );
        }
    }

    const LINK: &[u8] = br#"{"id":"lnk_1","amount":1250,"status":"paid","note":"hi"}"#;

    fn link_signature() -> Signature {
        Signature::fields_hmac_sha256("whsec_test", ["/id", "/amount", "/status"])
    }

    /// `printf '%s' 'lnk_1|1250|paid' | openssl dgst -sha256 -hmac whsec_test`
    /// (and `-binary | openssl base64` for base64).
    #[test]
    fn fields_vectors() {
        let hex = "66c3276a66dea93c5f5aac53d5c01ec724eafc0e277be4487550fa0547ad96ba";
        let s = link_signature();
        assert_eq!(s.value(LINK).unwrap(), hex);
        assert!(s.verify(&headers("x-signature", hex), LINK).is_ok());
        let s = link_signature()
            .encoding(SignatureEncoding::Base64)
            .prefix("v1=");
        let b64 = "v1=ZsMnambeqTxfWqxT1cAexyTq/A4ne+RIdVD6BUetlro=";
        assert_eq!(s.value(LINK).unwrap(), b64);
        assert!(s.verify(&headers("x-signature", b64), LINK).is_ok());
    }

    /// Null and missing fields are empty, a nested value is its JSON text:
    /// `printf '%s' 'lnk_1::true:{"b":[1,2]}:' | openssl dgst -sha256 -hmac whsec_test`.
    #[test]
    fn fields_null_missing_and_nested() {
        let body = br#"{"id":"lnk_1","gone":null,"meta":{"paid":true,"a":{"b":[1,2]}}}"#;
        let s = Signature::fields_hmac_sha256(
            "whsec_test",
            ["/id", "/gone", "/meta/paid", "/meta/a", "/absent"],
        )
        .separator(":");
        let hex = "5f1113f3106669f9538d83a501f7ef31f5654f55ce5f20d63290d6dcdf238b8b";
        assert_eq!(s.value(body).unwrap(), hex);
        // Only signed fields count, not their order in the body nor the
        // fields left out: dropping `gone` (null) keeps the signature.
        let reordered = br#"{"meta":{"a":{"b":[1,2]},"paid":true},"id":"lnk_1"}"#;
        assert!(s.verify(&headers("x-signature", hex), reordered).is_ok());
        // A pointer that is not one names no field: empty, no panic.
        let odd = Signature::fields_hmac_sha256("k", ["id", "", "/~2"]);
        assert!(odd.value(body).is_ok());
    }

    #[test]
    fn fields_tampering() {
        let s = link_signature();
        let good = s.value(LINK).unwrap();
        let sent = headers("x-signature", &good);
        let unsigned_changed = br#"{"id":"lnk_1","amount":1250,"status":"paid","note":"changed"}"#;
        assert!(s.verify(&sent, unsigned_changed).is_ok());
        let mismatch = Err(Refusal::Mismatch("x-signature".into()));
        for tampered in [
            &br#"{"id":"lnk_1","amount":125,"status":"paid","note":"hi"}"#[..],
            br#"{"id":"lnk_2","amount":1250,"status":"paid"}"#,
            br#"{"id":"lnk_1","amount":1250}"#,
        ] {
            assert_eq!(s.verify(&sent, tampered), mismatch);
        }
        // Values are signed as text, not typed: the string "1250" reads as
        // the number 1250 (the payload's schema, not the signature, tells
        // them apart).
        let retyped = br#"{"id":"lnk_1","amount":"1250","status":"paid"}"#;
        assert!(s.verify(&sent, retyped).is_ok());
        // The separator is signed: another one is another signature.
        assert!(s.clone().separator(",").verify(&sent, LINK).is_err());
        // Another scheme over the same header refuses it.
        assert!(Signature::hmac_sha256("whsec_test")
            .verify(&sent, LINK)
            .is_err());
    }

    #[test]
    fn fields_refuse_a_body_that_is_not_json() {
        let s = link_signature();
        let good = s.value(LINK).unwrap();
        for body in [&b"id=lnk_1&amount=1250"[..], b"", b"{\"id\":", b"\xff\xfe"] {
            assert_eq!(
                s.verify(&headers("x-signature", &good), body),
                Err(Refusal::NotJson("x-signature".into()))
            );
            assert!(matches!(s.value(body), Err(Error::InvalidBody { .. })));
            assert!(s.sign(body).is_err());
        }
        // A body scheme signs any bytes.
        assert!(Signature::hmac_sha256("k").value(b"\xff").is_ok());
    }

    #[test]
    fn signs_requests_and_hides_the_secret() {
        let s = Signature::hmac_sha256("whsec_test").header("X-Sig");
        let call = Call {
            operation: "e",
            method: "POST",
            path: "/e",
            idempotent: false,
        };
        let mut request = reqwest::Client::new()
            .post("http://localhost/e")
            .body(BODY.to_vec())
            .build()
            .unwrap();
        s.on_request(&call, &mut request).unwrap();
        let value = request.headers().get("x-sig").unwrap();
        assert!(value.is_sensitive());
        assert_eq!(value.to_str().unwrap(), s.value(BODY).unwrap());
        let shown = format!("{s:?}");
        assert!(!shown.contains("whsec_test"), "{shown}");
        assert!(Signature::hmac_sha256("k")
            .header("bad header")
            .sign(BODY)
            .is_err());
    }

    #[cfg(feature = "server")]
    #[tokio::test]
    async fn verified_router_checks_before_the_handler() {
        use std::sync::atomic::{AtomicUsize, Ordering};
        use tower::ServiceExt as _;

        let ran = Arc::new(AtomicUsize::new(0));
        let seen = Arc::clone(&ran);
        let handler = move |body: bytes::Bytes| async move {
            seen.fetch_add(1, Ordering::SeqCst);
            body
        };
        let router = axum::Router::new().route("/e", axum::routing::post(handler));
        let s = Signature::hmac_sha256("whsec_test");
        let app = verified_router(router, s.clone(), 64);
        let send = |body: &[u8], signature: &str| {
            axum::http::Request::post("/e")
                .header("x-signature", signature)
                .body(axum::body::Body::from(body.to_vec()))
                .unwrap()
        };
        let ok = app
            .clone()
            .oneshot(send(BODY, &s.value(BODY).unwrap()))
            .await
            .unwrap();
        assert_eq!(ok.status(), 200);
        let echoed = axum::body::to_bytes(ok.into_body(), 1024).await.unwrap();
        assert_eq!(&echoed[..], BODY);
        let bad = app
            .clone()
            .oneshot(send(BODY, &s.value(b"x").unwrap()))
            .await
            .unwrap();
        assert_eq!(bad.status(), 401);
        let big = vec![b'a'; 65];
        let large = app
            .clone()
            .oneshot(send(&big, &s.value(&big).unwrap()))
            .await
            .unwrap();
        assert_eq!(large.status(), 413);
        assert_eq!(ran.load(Ordering::SeqCst), 1);
    }
}
