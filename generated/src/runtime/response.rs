//! Sending a request and decoding its response.

use bytes::Bytes;
use reqwest::header::HeaderMap;
use reqwest::StatusCode;
use serde::de::DeserializeOwned;

use super::Error;

/// A response as it arrived.
#[derive(Debug, Clone)]
pub struct Raw {
    /// The status.
    pub status: StatusCode,
    /// The headers.
    pub headers: HeaderMap,
    /// The whole body.
    pub body: Bytes,
}

impl Raw {
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
    let response = request.send().await?;
    let status = response.status();
    let headers = response.headers().clone();
    let body = response.bytes().await?;
    Ok(Raw {
        status,
        headers,
        body,
    })
}

/// Decodes a JSON body; a body that does not fit is an error carrying it.
pub fn json<T: DeserializeOwned>(raw: &Raw) -> Result<T, Error> {
    serde_json::from_slice(&raw.body).map_err(|e| decode_error(raw, e.to_string()))
}

/// Decodes a text body; bytes that are not UTF-8 are an error carrying them.
pub fn text(raw: &Raw) -> Result<String, Error> {
    String::from_utf8(raw.body.to_vec()).map_err(|e| decode_error(raw, e.to_string()))
}

fn decode_error(raw: &Raw, message: String) -> Error {
    Error::Decode {
        response: Box::new(raw.clone()),
        message,
    }
}
