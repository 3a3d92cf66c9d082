//! A credential value that does not show itself: API keys, tokens,
//! passwords and client secrets are held as [`Secret`], whose `Debug` and
//! `Display` print `***`, whose bytes are zeroed when it is dropped, and
//! whose text is read only through [`Secret::expose`] where it goes on the
//! wire.

use std::fmt;
use std::hash::{Hash, Hasher};

use reqwest::header::HeaderValue;
use zeroize::Zeroize;

use super::Error;

/// A credential: printed as `***`, zeroed on drop, compared in constant time.
///
/// ```
/// use paylink::codegen::Secret;
///
/// let key = Secret::from("sk_live_123");
/// assert_eq!(format!("{key:?} {key}"), "*** ***");
/// assert_eq!(key.expose(), "sk_live_123");
/// ```
///
/// It serializes and deserializes as the plain string, so a schema field
/// held as `Secret` keeps its wire form.
#[derive(Clone, Default)]
pub struct Secret(String);

impl Secret {
    /// A secret holding `value`.
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The value itself, for the one place it is needed: the request (or the
    /// check of a presented credential). Never log or print it.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// Whether the value is empty.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl Drop for Secret {
    fn drop(&mut self) {
        self.0.zeroize();
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Secret(value)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Secret(value.to_string())
    }
}

impl From<&String> for Secret {
    fn from(value: &String) -> Self {
        Secret(value.clone())
    }
}

/// Equal when the values are; the time taken depends on the lengths only,
/// not on where the values differ.
impl PartialEq for Secret {
    fn eq(&self, other: &Self) -> bool {
        constant_time_eq(self.0.as_bytes(), other.0.as_bytes())
    }
}

impl Eq for Secret {}

/// Hashes the value, so a struct deriving `Hash` may hold a secret; the
/// hash reveals nothing a `HashMap` lookup would not.
impl Hash for Secret {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.0.hash(state);
    }
}

impl serde::Serialize for Secret {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> serde::Deserialize<'de> for Secret {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(Secret)
    }
}

/// Compares every byte whatever the first difference, so the time taken
/// does not tell an attacker how much of a guess was right.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let diff = a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y));
    std::hint::black_box(diff) == 0
}

/// A header value carrying a credential, marked sensitive so that HTTP
/// layers leave it out of their `Debug` output; text a header cannot carry
/// is an error that names the header and never echoes the value.
pub fn sensitive_header(name: &str, value: &str) -> Result<HeaderValue, Error> {
    let mut header = HeaderValue::from_str(value).map_err(|_| unfit_header(name))?;
    header.set_sensitive(true);
    Ok(header)
}

/// As [`sensitive_header`], but the header takes `text`'s buffer instead of
/// a copy of it (one copy of the credential fewer); refused text is wiped.
pub(crate) fn sensitive_header_from(name: &str, mut text: String) -> Result<HeaderValue, Error> {
    // The bytes `HeaderValue` accepts: visible ASCII, space, tab, obs-text.
    if !text.bytes().all(|b| (b >= 0x20 && b != 0x7f) || b == b'\t') {
        text.zeroize();
        return Err(unfit_header(name));
    }
    let mut header =
        HeaderValue::from_maybe_shared(bytes::Bytes::from(text)).map_err(|_| unfit_header(name))?;
    header.set_sensitive(true);
    Ok(header)
}

fn unfit_header(name: &str) -> Error {
    Error::InvalidParameter {
        name: name.to_string(),
        message: "the credential cannot be sent in an HTTP header".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hidden_in_debug_and_display() {
        let s = Secret::from("hunter2");
        assert_eq!(format!("{s:?}|{s}|{s:>10}|{s:#?}"), "***|***|***|***");
        assert_eq!(format!("{:?}", Some(s.clone())), "Some(***)");
    }

    #[test]
    fn equality_and_serde() {
        assert_eq!(Secret::from("a"), Secret::from(String::from("a")));
        assert_ne!(Secret::from("a"), Secret::from("b"));
        assert_ne!(Secret::from("a"), Secret::from("ab"));
        let json = serde_json::to_string(&Secret::from("t\"k")).unwrap();
        assert_eq!(json, r#""t\"k""#);
        let back: Secret = serde_json::from_str(&json).unwrap();
        assert_eq!(back.expose(), "t\"k");
    }

    #[test]
    fn sensitive_headers() {
        let header = sensitive_header("x-api-key", "k").unwrap();
        assert!(header.is_sensitive());
        assert_eq!(format!("{header:?}"), "Sensitive");
        let err = sensitive_header("x-api-key", "bad\nvalue-123").unwrap_err();
        let shown = format!("{err} {err:?}");
        assert!(shown.contains("x-api-key") && !shown.contains("value-123"));
        let header = sensitive_header_from("Authorization", "Bearer t\u{e9}\t~".into()).unwrap();
        assert!(header.is_sensitive());
        assert_eq!(header.as_bytes(), "Bearer t\u{e9}\t~".as_bytes());
        for bad in ["Bearer a\nb", "Bearer a\rb", "Bearer \u{7f}", "Bearer \0"] {
            let err = sensitive_header_from("Authorization", bad.into()).unwrap_err();
            assert!(matches!(err, Error::InvalidParameter { .. }), "{bad:?}");
            assert!(sensitive_header("x", bad).is_err(), "{bad:?}");
        }
    }
}
