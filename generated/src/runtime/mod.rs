//! The small runtime generated clients share: building requests from
//! parameters as OpenAPI's styles say, sending them, and decoding what comes
//! back without ever panicking on a server's answer.

mod error;
mod params;
mod response;

pub mod double_option;
#[cfg(feature = "server")]
pub mod schema;
#[cfg(feature = "server")]
pub mod server;
#[cfg(feature = "server")]
mod stream;

pub use error::Error;
pub use params::{cookie_value, form_text, header_value, path_param, Query, QueryStyle};
pub use response::{execute, json, text, Raw, ResponseValue};

/// A base URL and the HTTP client requests go through.
#[derive(Clone, Debug)]
pub struct ClientCore {
    base_url: String,
    http: reqwest::Client,
}

impl ClientCore {
    /// A core sending to `base_url` (a trailing `/` is ignored) through `http`.
    pub fn new(base_url: impl Into<String>, http: reqwest::Client) -> Self {
        let mut base_url = base_url.into();
        while base_url.ends_with('/') {
            base_url.pop();
        }
        ClientCore { base_url, http }
    }

    /// The base URL, without a trailing `/`.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The HTTP client.
    pub fn http(&self) -> &reqwest::Client {
        &self.http
    }

    /// A request for `path` (already expanded) on `base` or, when `None`,
    /// on the client's base URL.
    pub fn request(
        &self,
        method: reqwest::Method,
        base: Option<&str>,
        path: &str,
    ) -> reqwest::RequestBuilder {
        let base = base.map_or(self.base_url.as_str(), |b| b.trim_end_matches('/'));
        self.http.request(method, format!("{base}{path}"))
    }
}

/// Adds an API key to a request where its security scheme says.
pub fn api_key(
    request: reqwest::RequestBuilder,
    location: ApiKeyLocation,
    name: &str,
    value: &str,
) -> reqwest::RequestBuilder {
    match location {
        ApiKeyLocation::Header => request.header(name, value),
        ApiKeyLocation::Query => request.query(&[(name, value)]),
        ApiKeyLocation::Cookie => {
            request.header(reqwest::header::COOKIE, format!("{name}={value}"))
        }
    }
}

/// Where an API key travels.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ApiKeyLocation {
    /// In a request header.
    Header,
    /// In the query string.
    Query,
    /// In a cookie.
    Cookie,
}
