//! Sending a request and decoding its response.

use std::fmt;
use std::future::Future;

use bytes::Bytes;
use futures_util::TryFutureExt;
use reqwest::header::HeaderMap;
use reqwest::StatusCode;
use serde::de::DeserializeOwned;

use super::Error;

/// A response as it arrived.
#[derive(Clone)]
pub struct Raw {
    /// The status.
    pub status: StatusCode,
    /// The headers.
    pub headers: HeaderMap,
    /// The whole body.
    pub body: Bytes,
    /// Whether the body may carry a credential, so `Debug` leaves it out.
    hidden: bool,
}

/// The body is shown as text, unless the operation's responses can carry a
/// credential (a token operation's): then only its length.
impl fmt::Debug for Raw {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = f.debug_struct("Raw");
        out.field("status", &self.status)
            .field("headers", &self.headers);
        if self.hidden {
            let note = format!("<{} bytes, hidden: may hold a credential>", self.body.len());
            out.field("body", &format_args!("{note}"));
        } else {
            out.field("body", &self.body);
        }
        out.finish()
    }
}

impl Raw {
    /// The same response, its body left out of `Debug` because it may hold
    /// a credential; [`Raw::body`](Self::body) still gives it.
    pub fn holding_credentials(mut self) -> Self {
        self.hidden = true;
        self
    }

    /// The media type of the body (`Content-Type` without parameters), lower-cased.
    pub fn media_type(&self) -> Option<String> {
        let value = self
            .headers
            .get(reqwest::header::CONTENT_TYPE)?
            .to_str()
            .ok()?;
        Some(
            value
                .split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase(),
        )
    }

    /// The error for a response the spec does not document.
    pub fn unexpected(self) -> Error {
        Error::UnexpectedStatus(Box::new(self))
    }

    /// `body`, decoded from this response, with its status and headers.
    pub fn into_value<T>(self, body: T) -> ResponseValue<T> {
        ResponseValue {
            status: self.status,
            headers: self.headers,
            body,
        }
    }
}

/// A decoded response with its status and headers.
#[derive(Debug, Clone)]
pub struct ResponseValue<T> {
    /// The status.
    pub status: StatusCode,
    /// The headers.
    pub headers: HeaderMap,
    /// The decoded body.
    pub body: T,
}

impl<T> ResponseValue<T> {
    /// The decoded body.
    pub fn into_inner(self) -> T {
        self.body
    }
}

/// Sends a request and reads the whole response.
pub async fn execute(request: reqwest::RequestBuilder) -> Result<Raw, Error> {
    read(request.send().await?).await
}

/// Reads a whole response: the status and headers now, the body when it
/// has arrived (a plain future, no `async` state of its own).
pub(crate) fn read(
    mut response: reqwest::Response,
) -> impl Future<Output = Result<Raw, Error>> + Send + 'static {
    let status = response.status();
    let headers = std::mem::take(response.headers_mut());
    response.bytes().err_into().map_ok(move |body| Raw {
        status,
        headers,
        body,
        hidden: false,
    })
}

/// Decodes a JSON body; a body that does not fit is an error carrying it.
pub fn json<T: DeserializeOwned>(raw: &Raw) -> Result<T, Error> {
    serde_json::from_slice(&raw.body).map_err(|e| decode_failure::<T>(raw, e))
}

/// The error of a body that did not decode. The body is read a second
/// time to say where in it decoding failed: the first read, the one every
/// good answer takes, keeps no path.
fn decode_failure<T: DeserializeOwned>(raw: &Raw, first: serde_json::Error) -> Error {
    let mut reader = serde_json::Deserializer::from_slice(&raw.body);
    let (message, source) = match serde_path_to_error::deserialize::<_, T>(&mut reader) {
        Err(e) if e.path().to_string() != "." => {
            let path = e.path().to_string();
            let inner = e.into_inner();
            (format!("at `{path}`: {inner}"), inner)
        }
        // At the top level, or trailing data after a value that fits.
        _ => (first.to_string(), first),
    };
    Error::Decode {
        response: Box::new(raw.clone()),
        message,
        source: Some(Box::new(source)),
    }
}

/// Decodes a text body; bytes that are not UTF-8 are an error carrying them.
pub fn text(raw: &Raw) -> Result<String, Error> {
    String::from_utf8(raw.body.to_vec()).map_err(|e| decode_error(raw, e.to_string()))
}

fn decode_error(raw: &Raw, message: String) -> Error {
    Error::Decode {
        response: Box::new(raw.clone()),
        message,
        source: None,
    }
}
