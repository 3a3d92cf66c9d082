//! The small runtime generated clients share: building requests from
//! parameters as OpenAPI's styles say, sending them, and decoding what comes
//! back without ever panicking on a server's answer.

mod call;
mod encode;
mod enums;
mod error;
mod form;
mod formats;
mod operation;
mod paging;
mod params;
mod response;
mod scalar;
mod secret;
mod signature;
mod token;

pub mod de;
pub mod double_option;
#[cfg(feature = "server")]
pub mod schema;
#[cfg(feature = "server")]
pub mod server;
#[cfg(feature = "server")]
mod stream;
pub mod untagged;

pub use crate::__paylink_object as object;
pub use call::{
    call_options, default_http_client, idempotency_key, retry_after, Call, CallOptions, Calls,
    Hook, RetryPolicy, Sleep,
};
pub use chrono;
pub use enums::{int_enum, str_enum};
pub use error::Error;
pub use form::{file_part, form_body, json_body, multipart_field, FieldEncoding};
pub use formats::{
    Date, DateTime, Decimal, FormatError, Formatted, Int32, Int64, StringFormat, Time, TimeOfDay,
    UInt64, Uuid,
};
pub use futures_util::stream::{Stream, StreamExt};
pub use operation::{page, perform, perform_authorized, Security};
pub use paging::{items, pages, Fetch, Next, Paging, SetCursor};
pub use params::{
    cookie_value, header_value, json_text, path_param, path_text, PathStyle, Query, QueryStyle,
};
pub use response::{execute, json, text, Raw, ResponseValue};
pub use rust_decimal;
pub use secret::{sensitive_header, Secret};
#[cfg(feature = "server")]
pub use signature::verified_router;
pub use signature::{
    Clock, Refusal, Sign, Signature, SignatureEncoding, SystemClock, Verify, DEFAULT_TOLERANCE,
};
pub use std::future::Future;
pub use token::{
    send_authorized, token_answer, token_refused, Authorize, BoxFuture, ClientAuth, Exchange,
    ExchangeShape, Issue, OAuth2ClientCredentials, Token, TokenOptions, TokenRequest, TokenSource,
    Tokens,
};
pub use uuid;

/// A base URL and the HTTP client requests go through.
#[derive(Clone, Debug)]
pub struct ClientCore {
    base_url: String,
    /// `base_url` parsed once, when it parses and has neither query nor
    /// fragment: each request's URL is a copy with its path and query set,
    /// so the scheme and host are not parsed again on every call.
    parsed: Option<reqwest::Url>,
    http: reqwest::Client,
    /// Servers of the spec replaced by others, as (spec's URL, URL used).
    servers: Vec<(String, String)>,
    /// Retry policy, hooks and clock.
    calls: Calls,
}

impl ClientCore {
    /// A core sending to `base_url` (a trailing `/` is ignored) through `http`.
    pub fn new(base_url: impl Into<String>, http: reqwest::Client) -> Self {
        let mut base_url = base_url.into();
        while base_url.ends_with('/') {
            base_url.pop();
        }
        let parsed = reqwest::Url::parse(&base_url)
            .ok()
            .filter(|url| url.has_host() && url.query().is_none() && url.fragment().is_none());
        ClientCore {
            base_url,
            parsed,
            http,
            servers: Vec::new(),
            calls: Calls::default(),
        }
    }

    /// The retry policy, hooks and clock of calls.
    pub fn calls(&self) -> &Calls {
        &self.calls
    }

    /// The same, to change.
    pub fn calls_mut(&mut self) -> &mut Calls {
        &mut self.calls
    }

    /// Sends `request` as `call`, with the client's retry policy and hooks
    /// (and `options` over them).
    pub fn send<'a>(
        &'a self,
        call: &'a Call,
        request: reqwest::RequestBuilder,
        options: &'a CallOptions,
    ) -> impl std::future::Future<Output = Result<Raw, Error>> + Send + 'a {
        call::send(&self.calls, call, request, options)
    }

    /// Sends what the spec sends to the server `spec_url` (an operation's
    /// own server, such as an identity host) to `url` instead.
    pub fn replace_server(&mut self, spec_url: &str, url: impl Into<String>) {
        let spec_url = spec_url.trim_end_matches('/');
        let url = url.into();
        match self.servers.iter_mut().find(|(from, _)| from == spec_url) {
            Some(entry) => entry.1 = url,
            None => self.servers.push((spec_url.to_string(), url)),
        }
    }

    /// The base URL, without a trailing `/`.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The HTTP client.
    pub fn http(&self) -> &reqwest::Client {
        &self.http
    }

    /// `url` as requests go to it: resolved against the base URL when it is
    /// relative (`/oauth/token` against the origin, `token` under the base
    /// path), and with a replaced server swapped for its replacement.
    pub fn url(&self, url: &str) -> String {
        if !(url.starts_with("http://") || url.starts_with("https://")) {
            let origin_end = self
                .base_url
                .find("://")
                .and_then(|i| self.base_url[i + 3..].find('/').map(|j| i + 3 + j))
                .unwrap_or(self.base_url.len());
            return match url.strip_prefix('/') {
                Some(path) => format!("{}/{path}", &self.base_url[..origin_end]),
                None => format!("{}/{url}", self.base_url),
            };
        }
        for (from, to) in &self.servers {
            if let Some(rest) = url.strip_prefix(from.as_str()) {
                if rest.is_empty() || rest.starts_with('/') || rest.starts_with('?') {
                    return format!("{}{rest}", to.trim_end_matches('/'));
                }
            }
        }
        url.to_string()
    }

    /// A request for `path` (already expanded) on `base` or, when `None`,
    /// on the client's base URL.
    pub fn request(
        &self,
        method: reqwest::Method,
        base: Option<&str>,
        path: &str,
    ) -> reqwest::RequestBuilder {
        if let (None, Some(parsed)) = (base, &self.parsed) {
            return self.http.request(method, under(parsed, path));
        }
        let base = base.map_or(self.base_url.as_str(), |b| {
            let b = b.trim_end_matches('/');
            self.servers
                .iter()
                .find(|(from, _)| from == b)
                .map_or(b, |(_, to)| to.trim_end_matches('/'))
        });
        self.http.request(method, format!("{base}{path}"))
    }
}

/// `path` (expanded and escaped, with its query string if any) under
/// `base`: the URL `format!("{base}{path}")` parses to, without parsing the
/// base again.
fn under(base: &reqwest::Url, path: &str) -> reqwest::Url {
    let (path, query) = match path.split_once('?') {
        Some((path, query)) => (path, Some(query)),
        None => (path, None),
    };
    let mut url = base.clone();
    let prefix = base.path().trim_end_matches('/');
    if prefix.is_empty() {
        url.set_path(path);
    } else {
        let mut joined = String::with_capacity(prefix.len() + path.len());
        joined.push_str(prefix);
        joined.push_str(path);
        url.set_path(&joined);
    }
    url.set_query(query);
    url
}

/// Adds an API key to a request where its security scheme says; in a
/// header or cookie it is marked sensitive.
pub fn api_key(
    request: reqwest::RequestBuilder,
    location: ApiKeyLocation,
    name: &str,
    value: &Secret,
) -> Result<reqwest::RequestBuilder, Error> {
    Ok(match location {
        ApiKeyLocation::Header => request.header(name, sensitive_header(name, value.expose())?),
        ApiKeyLocation::Query => request.query(&[(name, value.expose())]),
        ApiKeyLocation::Cookie => {
            let cookie = Secret::from(format!("{name}={}", value.expose()));
            let header = sensitive_header(name, cookie.expose())?;
            request.header(reqwest::header::COOKIE, header)
        }
    })
}

/// Sets `Authorization: <scheme> <value>` (`Bearer`, say), marked sensitive.
pub fn authorization(
    request: reqwest::RequestBuilder,
    scheme: &str,
    value: &Secret,
) -> Result<reqwest::RequestBuilder, Error> {
    let value = value.expose();
    let mut text = String::with_capacity(scheme.len() + 1 + value.len());
    text.push_str(scheme);
    text.push(' ');
    text.push_str(value);
    let header = secret::sensitive_header_from("Authorization", text)?;
    Ok(request.header(reqwest::header::AUTHORIZATION, header))
}

/// Sets HTTP basic authentication (reqwest marks the header sensitive).
pub fn basic_auth(
    request: reqwest::RequestBuilder,
    user: &Secret,
    password: &Secret,
) -> reqwest::RequestBuilder {
    request.basic_auth(user.expose(), Some(password.expose()))
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The URL built on the parsed base is the one the joined text parses to.
    #[test]
    fn urls_under_a_parsed_base_are_the_joined_text_parsed() {
        let bases = [
            "http://127.0.0.1:8080",
            "https://api.example.com/",
            "https://api.example.com/rest",
            "https://api.example.com/v1/payments/",
            "https://bücher.example/äpi",
        ];
        let paths = [
            "/online/paylink",
            "/links/a%2Fb/items?limit=5&cursor=c%20d",
            "/search?q=a,b|c&expand[]=x&empty=",
            "/",
            "/é/%E2%82%AC",
            "?only=query",
            "",
        ];
        for base in bases {
            let core = ClientCore::new(base, reqwest::Client::new());
            let parsed = core.parsed.as_ref().expect("the base parses");
            for path in paths {
                let expected = reqwest::Url::parse(&format!("{}{path}", core.base_url()))
                    .expect("joined text parses");
                assert_eq!(under(parsed, path), expected, "{base} + {path}");
            }
        }
    }

    /// A base that does not parse, or carries a query, takes the text path.
    #[test]
    fn unusual_bases_are_joined_as_text() {
        for base in ["not a url", "https://api.example.com/v1?key=1", "/relative"] {
            let core = ClientCore::new(base, reqwest::Client::new());
            assert!(core.parsed.is_none(), "{base}");
        }
    }
}
