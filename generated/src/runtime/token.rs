//! Credentials that must be obtained before they are used. A
//! [`TokenSource`] fetches a token (an OAuth 2 client-credentials grant, or a
//! provider's own token operation declared with `x-paylink-token`); the
//! client's [`Tokens`] keep each token until shortly before it expires; and
//! [`send_authorized`] applies it to a call, fetching once for any number of
//! concurrent calls (single flight), once per call for single-use tokens,
//! and retrying a call once with a fresh token after a `401`.

use std::collections::HashMap;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use futures_util::future::{ready, Either};

use super::{Call, CallOptions, ClientCore, Error, Raw, Secret};

/// A boxed future that can move between threads.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// A token as a source obtained it.
#[derive(Clone, Debug)]
pub struct Token {
    /// The token itself.
    pub value: Secret,
    /// How long it stays valid from now, when known.
    pub expires_in: Option<Duration>,
    /// A refresh token, when the grant gave one.
    pub refresh_token: Option<Secret>,
}

/// What a source is asked for.
#[derive(Clone, Copy, Debug)]
pub struct TokenRequest<'a> {
    /// The scopes the call needs (OAuth 2); empty when the scheme has none.
    pub scopes: &'a [&'a str],
    /// The refresh token of the previous token, when there was one.
    pub refresh_token: Option<&'a Secret>,
}

/// A credential that must be obtained: implemented for OAuth 2 client
/// credentials ([`OAuth2ClientCredentials`]) and for declared token
/// operations ([`Exchange`]); users may implement it for anything else and
/// install it with the client's `with_token_source`.
pub trait TokenSource<C>: Send + Sync {
    /// Obtains a fresh token; `client` is the client that needs it.
    fn fetch<'a>(
        &'a self,
        client: &'a C,
        request: TokenRequest<'a>,
    ) -> BoxFuture<'a, Result<Token, Error>>;

    /// Whether each token serves one call only (then none is cached).
    fn single_use(&self) -> bool {
        false
    }
}

/// When cached tokens are renewed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TokenOptions {
    /// A token is renewed this long before it expires (at most half its
    /// lifetime). Default: 60 seconds.
    pub refresh_margin: Duration,
    /// A token is never kept longer than this, whatever its lifetime says;
    /// `None` (the default) trusts the lifetime.
    pub max_lifetime: Option<Duration>,
}

impl Default for TokenOptions {
    fn default() -> Self {
        TokenOptions {
            refresh_margin: Duration::from_secs(60),
            max_lifetime: None,
        }
    }
}

/// The client's token sources by security scheme, and their cached tokens.
/// Clones of a client share the cache.
pub struct Tokens<C> {
    sources: HashMap<String, Arc<Source<C>>>,
    options: TokenOptions,
}

struct Source<C> {
    source: Arc<dyn TokenSource<C>>,
    /// One slot per scope set: a lock held while a token is fetched, so
    /// concurrent calls wait for that fetch instead of starting their own.
    slots: Mutex<HashMap<String, Arc<tokio::sync::Mutex<Slot>>>>,
}

#[derive(Default)]
struct Slot {
    token: Option<(Secret, Option<Instant>)>,
    refresh_token: Option<Secret>,
}

impl<C> Clone for Tokens<C> {
    fn clone(&self) -> Self {
        Tokens {
            sources: self.sources.clone(),
            options: self.options,
        }
    }
}

impl<C> Default for Tokens<C> {
    fn default() -> Self {
        Tokens {
            sources: HashMap::new(),
            options: TokenOptions::default(),
        }
    }
}

/// Names the schemes only: tokens never show.
impl<C> fmt::Debug for Tokens<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut schemes: Vec<&str> = self.sources.keys().map(String::as_str).collect();
        schemes.sort_unstable();
        f.debug_struct("Tokens")
            .field("schemes", &schemes)
            .field("options", &self.options)
            .finish()
    }
}

impl<C> Tokens<C> {
    /// Obtains the credential of `scheme` from `source` from now on.
    pub fn insert(&mut self, scheme: &str, source: impl TokenSource<C> + 'static) {
        let source = Source {
            source: Arc::new(source),
            slots: Mutex::new(HashMap::new()),
        };
        self.sources.insert(scheme.to_string(), Arc::new(source));
    }

    /// Stops obtaining the credential of `scheme`.
    pub fn remove(&mut self, scheme: &str) {
        self.sources.remove(scheme);
    }

    /// Whether `scheme` has a source.
    pub fn has(&self, scheme: &str) -> bool {
        self.sources.contains_key(scheme)
    }

    /// Sets when tokens are renewed.
    pub fn set_options(&mut self, options: TokenOptions) {
        self.options = options;
    }

    /// A valid token for `scheme` and `scopes`: the cached one while it is
    /// fresh, else a new one, fetched once however many calls wait for it.
    pub async fn token(&self, client: &C, scheme: &str, scopes: &[&str]) -> Result<Secret, Error> {
        let Some(source) = self.sources.get(scheme) else {
            return Err(Error::MissingCredentials {
                schemes: vec![scheme.to_string()],
            });
        };
        let failed = |e: Error| Error::Token {
            scheme: scheme.to_string(),
            source: Box::new(e),
        };
        let request = TokenRequest {
            scopes,
            refresh_token: None,
        };
        if source.source.single_use() {
            return Ok(source
                .source
                .fetch(client, request)
                .await
                .map_err(failed)?
                .value);
        }
        let slot = source.slot(scopes);
        let mut slot = slot.lock().await;
        if let Some((value, renew_at)) = &slot.token {
            if renew_at.is_none_or(|at| Instant::now() < at) {
                return Ok(value.clone());
            }
        }
        let refresh = slot.refresh_token.clone();
        let request = TokenRequest {
            refresh_token: refresh.as_ref(),
            ..request
        };
        let token = source.source.fetch(client, request).await.map_err(failed)?;
        let renew_at = self.renew_at(token.expires_in);
        slot.token = Some((token.value.clone(), renew_at));
        if token.refresh_token.is_some() {
            slot.refresh_token = token.refresh_token;
        }
        Ok(token.value)
    }

    /// Forgets `value` (a token the server refused) so the next call
    /// fetches a new one; a newer token already cached is kept.
    pub async fn reject(&self, scheme: &str, scopes: &[&str], value: &Secret) {
        let Some(source) = self.sources.get(scheme) else {
            return;
        };
        let slot = source.slot(scopes);
        let mut slot = slot.lock().await;
        if slot
            .token
            .as_ref()
            .is_some_and(|(cached, _)| cached == value)
        {
            slot.token = None;
        }
    }

    fn renew_at(&self, expires_in: Option<Duration>) -> Option<Instant> {
        let lifetime = match (expires_in, self.options.max_lifetime) {
            (Some(a), Some(b)) => a.min(b),
            (a, b) => a.or(b)?,
        };
        let margin = self.options.refresh_margin.min(lifetime / 2);
        Some(Instant::now() + (lifetime - margin))
    }
}

impl<C> Source<C> {
    fn slot(&self, scopes: &[&str]) -> Arc<tokio::sync::Mutex<Slot>> {
        let mut sorted = scopes.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        let key = sorted.join(" ");
        let mut slots = match self.slots.lock() {
            Ok(slots) => slots,
            Err(poisoned) => poisoned.into_inner(),
        };
        slots.entry(key).or_default().clone()
    }
}

/// What a generated client tells [`send_authorized`] about its credentials.
pub trait Authorize: Sized + Sync {
    /// Whether a fixed credential for `scheme` is set.
    fn has_credential(&self, scheme: &str) -> bool;

    /// Adds `scheme`'s credential to `request`: `token` when given (one a
    /// source obtained), else the fixed one.
    fn apply_credential(
        &self,
        request: reqwest::RequestBuilder,
        scheme: &str,
        token: Option<&Secret>,
    ) -> Result<reqwest::RequestBuilder, Error>;

    /// The token sources.
    fn tokens(&self) -> &Tokens<Self>;

    /// The base URL and HTTP client.
    fn core(&self) -> &ClientCore;
}

/// Applies the first alternative of `alternatives` whose credentials are
/// all available (set, or obtainable from a source) and sends the request.
/// When a token from a source was used and the server answers `401`, the
/// token is forgotten and the call is sent once more with a fresh one.
/// `scopes` lists the OAuth 2 scopes the operation names per scheme.
///
/// Credentials that are all set are applied at once and the call is the
/// client's send alone; only calls that obtain tokens await in here.
pub fn send_authorized<'a, C: Authorize>(
    client: &'a C,
    (call, options): (&'a Call, &'a CallOptions),
    request: reqwest::RequestBuilder,
    alternatives: &'a [&'a [&'a str]],
    scopes: &'a [(&'a str, &'a [&'a str])],
) -> impl Future<Output = Result<Raw, Error>> + Send + 'a {
    let usable = |s: &&str| client.has_credential(s) || client.tokens().has(s);
    let chosen = alternatives.iter().find(|set| set.iter().all(usable));
    let set = |scheme: &&str| client.has_credential(scheme);
    match chosen {
        _ if alternatives.is_empty() => Either::Left(client.core().send(call, request, options)),
        None => Either::Right(Either::Left(ready(Err(Error::MissingCredentials {
            schemes: alternatives.iter().map(|set| set.join(" + ")).collect(),
        })))),
        Some(chosen) if chosen.iter().all(set) => {
            match chosen.iter().try_fold(request, |r, scheme| {
                client.apply_credential(r, scheme, None)
            }) {
                Ok(request) => Either::Left(client.core().send(call, request, options)),
                Err(e) => Either::Right(Either::Left(ready(Err(e)))),
            }
        }
        Some(chosen) => Either::Right(Either::Right(Box::pin(send_with_tokens(
            client,
            (call, options),
            request,
            chosen,
            scopes,
        )))),
    }
}

/// [`send_authorized`] when some credential comes from a token source.
async fn send_with_tokens<C: Authorize>(
    client: &C,
    (call, options): (&Call, &CallOptions),
    request: reqwest::RequestBuilder,
    chosen: &[&str],
    scopes: &[(&str, &[&str])],
) -> Result<Raw, Error> {
    let scopes_of = |scheme: &str| {
        scopes
            .iter()
            .find(|(s, _)| *s == scheme)
            .map_or(&[][..], |(_, scopes)| *scopes)
    };
    let mut retry = true;
    let mut request = request;
    loop {
        // A body that cannot be copied (a stream) is sent once, without retry.
        let spare = if retry { request.try_clone() } else { None };
        let mut used = Vec::new();
        for scheme in chosen.iter() {
            request = if client.has_credential(scheme) {
                client.apply_credential(request, scheme, None)?
            } else {
                let token = client
                    .tokens()
                    .token(client, scheme, scopes_of(scheme))
                    .await?;
                let request = client.apply_credential(request, scheme, Some(&token))?;
                used.push((*scheme, token));
                request
            };
        }
        let raw = client.core().send(call, request, options).await?;
        match spare {
            Some(spare) if raw.status == reqwest::StatusCode::UNAUTHORIZED => {
                for (scheme, token) in &used {
                    client
                        .tokens()
                        .reject(scheme, scopes_of(scheme), token)
                        .await;
                }
                request = spare;
                retry = false;
            }
            _ => return Ok(raw),
        }
    }
}

/// Where a token operation's answer holds the token and its lifetime, as
/// `x-paylink-token` declares.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ExchangeShape {
    /// JSON pointer to the token (`/access_token`).
    pub token: &'static str,
    /// JSON pointer to its lifetime in seconds, when the answer gives one.
    pub expires_in: Option<&'static str>,
    /// A fixed lifetime in seconds, when the answer gives none.
    pub lifetime: Option<u64>,
    /// Whether a token serves one call only.
    pub single_use: bool,
}

impl ExchangeShape {
    /// Reads the token out of the token operation's decoded answer.
    pub fn read(&self, body: &serde_json::Value) -> Result<Token, Error> {
        let value = match body.pointer(self.token) {
            Some(serde_json::Value::String(s)) if !s.is_empty() => Secret::from(s.as_str()),
            _ => {
                return Err(Error::InvalidToken {
                    message: format!("the answer has no token at `{}`", self.token),
                })
            }
        };
        let declared = self
            .expires_in
            .and_then(|p| body.pointer(p))
            .and_then(seconds);
        let expires_in = declared.or(self.lifetime.map(Duration::from_secs));
        Ok(Token {
            value,
            expires_in,
            refresh_token: None,
        })
    }
}

/// A lifetime in seconds, as a number or a numeric string.
fn seconds(value: &serde_json::Value) -> Option<Duration> {
    let n = match value {
        serde_json::Value::Number(n) => n.as_f64()?,
        serde_json::Value::String(s) => s.trim().parse().ok()?,
        _ => return None,
    };
    (n.is_finite() && n >= 0.0).then(|| Duration::from_secs_f64(n.min(1e9)))
}

/// The function a generated client uses to call its token operation with
/// `input` and return the decoded success answer as JSON.
pub type Issue<C, I> = for<'a> fn(&'a C, &'a I) -> BoxFuture<'a, Result<serde_json::Value, Error>>;

/// A token obtained by calling one of the API's own operations, declared
/// with `x-paylink-token` (the generated `with_<scheme>_credentials`
/// methods install it).
pub struct Exchange<C, I> {
    input: I,
    issue: Issue<C, I>,
    shape: ExchangeShape,
}

impl<C, I> Exchange<C, I> {
    /// Calls `issue` with `input` for each token; `shape` says where the
    /// token is in the answer.
    pub fn new(input: I, issue: Issue<C, I>, shape: ExchangeShape) -> Self {
        Exchange {
            input,
            issue,
            shape,
        }
    }
}

impl<C: Sync, I: Send + Sync> TokenSource<C> for Exchange<C, I> {
    fn fetch<'a>(
        &'a self,
        client: &'a C,
        _: TokenRequest<'a>,
    ) -> BoxFuture<'a, Result<Token, Error>> {
        Box::pin(async move {
            let body = (self.issue)(client, &self.input).await?;
            self.shape.read(&body)
        })
    }

    fn single_use(&self) -> bool {
        self.shape.single_use
    }
}

/// The decoded success answer of a token operation, as JSON.
pub fn token_answer<T: serde::Serialize>(body: &T) -> Result<serde_json::Value, Error> {
    serde_json::to_value(body).map_err(|e| Error::InvalidToken {
        message: e.to_string(),
    })
}

/// A token operation answered with something other than its success.
pub fn token_refused(status: reqwest::StatusCode) -> Error {
    Error::InvalidToken {
        message: format!("the token operation answered {status}"),
    }
}

/// How an OAuth 2 client authenticates at the token endpoint.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ClientAuth {
    /// HTTP basic authentication (`client_secret_basic`), the default the
    /// OAuth 2 specification asks servers to support.
    #[default]
    Basic,
    /// `client_id` and `client_secret` in the form body
    /// (`client_secret_post`).
    Body,
}

/// The OAuth 2 client-credentials grant (RFC 6749 section 4.4), with
/// refresh tokens when the server gives them.
#[derive(Clone, Debug)]
pub struct OAuth2ClientCredentials {
    token_url: String,
    refresh_url: Option<String>,
    client_id: Secret,
    client_secret: Secret,
    auth: ClientAuth,
}

impl OAuth2ClientCredentials {
    /// A grant at `token_url` (relative URLs are taken from the client's
    /// base URL) for `client_id` and `client_secret`.
    pub fn new(
        token_url: impl Into<String>,
        client_id: impl Into<Secret>,
        client_secret: impl Into<Secret>,
    ) -> Self {
        OAuth2ClientCredentials {
            token_url: token_url.into(),
            refresh_url: None,
            client_id: client_id.into(),
            client_secret: client_secret.into(),
            auth: ClientAuth::Basic,
        }
    }

    /// Refreshes at `url` instead of the token URL.
    pub fn with_refresh_url(mut self, url: impl Into<String>) -> Self {
        self.refresh_url = Some(url.into());
        self
    }

    /// Authenticates the client as `auth` says.
    pub fn with_client_auth(mut self, auth: ClientAuth) -> Self {
        self.auth = auth;
        self
    }

    async fn grant(
        &self,
        (core, call): (&ClientCore, &Call),
        url: &str,
        form: &[(&str, &str)],
    ) -> Result<Token, Error> {
        let url = core.url(url);
        let mut fields: Vec<(&str, &str)> = form.to_vec();
        let mut request = core
            .http()
            .post(url)
            .header(reqwest::header::ACCEPT, "application/json");
        match self.auth {
            ClientAuth::Basic => {
                let id = form_urlencoded(self.client_id.expose());
                let secret = Secret::from(form_urlencoded(self.client_secret.expose()));
                request = request.basic_auth(id, Some(secret.expose()));
            }
            ClientAuth::Body => {
                fields.push(("client_id", self.client_id.expose()));
                fields.push(("client_secret", self.client_secret.expose()));
            }
        }
        // Through the client's call path: its hooks and spans see the grant.
        let options = CallOptions::default();
        let raw = core
            .send(call, request.form(&fields), &options)
            .await?
            .holding_credentials();
        if !raw.status.is_success() {
            return Err(oauth_error(&raw));
        }
        let answer: OAuthAnswer =
            serde_json::from_slice(&raw.body).map_err(|e| Error::InvalidToken {
                message: format!("the token endpoint's answer did not decode: {e}"),
            })?;
        Ok(Token {
            value: answer.access_token,
            expires_in: answer.expires_in.as_ref().and_then(seconds),
            refresh_token: answer.refresh_token,
        })
    }
}

impl<C: Authorize> TokenSource<C> for OAuth2ClientCredentials {
    fn fetch<'a>(
        &'a self,
        client: &'a C,
        request: TokenRequest<'a>,
    ) -> BoxFuture<'a, Result<Token, Error>> {
        Box::pin(async move {
            let scope = request.scopes.join(" ");
            let core = client.core();
            if let Some(refresh) = request.refresh_token {
                let url = self.refresh_url.as_deref().unwrap_or(&self.token_url);
                let mut form = vec![
                    ("grant_type", "refresh_token"),
                    ("refresh_token", refresh.expose()),
                ];
                if !scope.is_empty() {
                    form.push(("scope", &scope));
                }
                // A refused refresh falls back to the grant itself.
                if let Ok(token) = self.grant((core, &REFRESH_TOKEN), url, &form).await {
                    return Ok(token);
                }
            }
            let mut form = vec![("grant_type", "client_credentials")];
            if !scope.is_empty() {
                form.push(("scope", &scope));
            }
            self.grant((core, &CLIENT_CREDENTIALS), &self.token_url, &form)
                .await
        })
    }
}

/// The client-credentials grant as hooks and spans see it: the token
/// endpoint is named by the flow's field, not by its URL.
const CLIENT_CREDENTIALS: Call = Call {
    operation: "oauth2.clientCredentials",
    method: "POST",
    path: "{tokenUrl}",
    idempotent: false,
};

/// The refresh of a token obtained by the grant (RFC 6749 section 6).
const REFRESH_TOKEN: Call = Call {
    operation: "oauth2.refreshToken",
    method: "POST",
    path: "{refreshUrl}",
    idempotent: false,
};

#[derive(serde::Deserialize)]
struct OAuthAnswer {
    access_token: Secret,
    #[serde(default)]
    expires_in: Option<serde_json::Value>,
    #[serde(default)]
    refresh_token: Option<Secret>,
}

/// The `error` code of an OAuth 2 error answer (never its other fields).
fn oauth_error(raw: &Raw) -> Error {
    let code = serde_json::from_slice::<serde_json::Value>(&raw.body)
        .ok()
        .and_then(|v| v.get("error").and_then(|e| e.as_str()).map(error_code));
    let message = match code {
        Some(code) => format!("the token endpoint answered {} ({code})", raw.status),
        None => format!("the token endpoint answered {}", raw.status),
    };
    Error::InvalidToken { message }
}

/// An OAuth 2 error code as it may be shown: its own characters (RFC 6749
/// allows printable ASCII but quotes and backslashes), at most 64.
fn error_code(code: &str) -> String {
    code.chars()
        .filter(|c| c.is_ascii_graphic() && !matches!(c, '"' | '\\'))
        .take(64)
        .collect()
}

/// `application/x-www-form-urlencoded` encoding of one value, as RFC 6749
/// asks for the client id and secret in basic authentication.
fn form_urlencoded(value: &str) -> String {
    super::encode::escape(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lifetimes_read_as_numbers_or_numeric_strings() {
        let shape = ExchangeShape {
            token: "/t",
            expires_in: Some("/e"),
            lifetime: Some(7),
            single_use: false,
        };
        let read = |v: serde_json::Value| shape.read(&v).map(|t| t.expires_in);
        assert_eq!(
            read(serde_json::json!({"t": "x", "e": 30})).ok(),
            Some(Some(Duration::from_secs(30)))
        );
        assert_eq!(
            read(serde_json::json!({"t": "x", "e": "5"})).ok(),
            Some(Some(Duration::from_secs(5)))
        );
        assert_eq!(
            read(serde_json::json!({"t": "x"})).ok(),
            Some(Some(Duration::from_secs(7)))
        );
        assert!(read(serde_json::json!({"e": 1})).is_err());
        assert!(read(serde_json::json!({"t": ""})).is_err());
    }

    #[test]
    fn relative_and_replaced_token_urls() {
        let mut core = ClientCore::new("https://a.test/v1/", reqwest::Client::new());
        assert_eq!(core.url("/oauth/token"), "https://a.test/oauth/token");
        assert_eq!(core.url("token"), "https://a.test/v1/token");
        assert_eq!(core.url("https://b.test/t"), "https://b.test/t");
        core.replace_server("https://b.test", "http://127.0.0.1:1/");
        assert_eq!(core.url("https://b.test/t"), "http://127.0.0.1:1/t");
        assert_eq!(core.url("https://b.testing/t"), "https://b.testing/t");
    }

    #[test]
    fn renewal_keeps_a_margin_of_at_most_half_the_lifetime() {
        let tokens: Tokens<()> = Tokens::default();
        let now = Instant::now();
        let at = tokens
            .renew_at(Some(Duration::from_secs(10)))
            .expect("a lifetime");
        assert!(
            at >= now + Duration::from_secs(5) && at <= Instant::now() + Duration::from_secs(5)
        );
        assert!(tokens.renew_at(None).is_none());
    }
}
