//! The one error type of generated clients.

use std::fmt;

use bytes::Bytes;
use reqwest::header::HeaderMap;
use reqwest::StatusCode;

use super::Raw;

/// What can go wrong calling an operation.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// A parameter could not be written into the request.
    InvalidParameter {
        /// The parameter's name on the wire.
        name: String,
        /// Why.
        message: String,
    },
    /// The request body could not be written (before anything was sent).
    InvalidBody {
        /// Why; never the body's content.
        message: String,
    },
    /// The request could not be built (a malformed URL or header), so it
    /// was not sent.
    InvalidRequest(reqwest::Error),
    /// The operation needs credentials the client was not given.
    MissingCredentials {
        /// The sets of security schemes that would satisfy the operation.
        schemes: Vec<String>,
    },
    /// The request could not be sent or the response not read. Its URL is
    /// kept without the query string, where API keys may travel.
    Transport(reqwest::Error),
    /// The server answered with a status the spec does not document.
    UnexpectedStatus(Box<Raw>),
    /// A documented response's body did not decode as the spec says.
    Decode {
        /// The response as it arrived.
        response: Box<Raw>,
        /// What did not fit, and where in the body (`data[0].amount`).
        message: String,
        /// The decoder's own error.
        source: Option<Box<dyn std::error::Error + Send + Sync>>,
    },
    /// The credential of a security scheme could not be obtained from its
    /// token source.
    Token {
        /// The security scheme's name in the spec.
        scheme: String,
        /// Why: the token request's own error.
        source: Box<Error>,
    },
    /// A list's pages could not be followed: a page was not the documented
    /// success answer, or its items did not decode.
    Paging {
        /// Why.
        message: String,
    },
    /// A token request was answered, but not with a usable token.
    InvalidToken {
        /// Why; never the token or the answer's body.
        message: String,
    },
}

impl Error {
    /// Whether sending the same request again may succeed: a connection
    /// error or timeout, `429` or a `5xx`. (Retrying is only safe for
    /// idempotent calls; the client's retry policy checks that too.)
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Transport(e) => e.is_connect() || e.is_timeout() || e.is_request(),
            other => other
                .status()
                .is_some_and(|s| s == StatusCode::TOO_MANY_REQUESTS || s.is_server_error()),
        }
    }

    /// The response, when one arrived.
    pub fn response(&self) -> Option<&Raw> {
        match self {
            Error::UnexpectedStatus(raw) | Error::Decode { response: raw, .. } => Some(raw),
            _ => None,
        }
    }

    /// The response status, when a response arrived.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Transport(e) | Error::InvalidRequest(e) => e.status(),
            other => other.response().map(|r| r.status),
        }
    }

    /// The response headers, when a response arrived.
    pub fn headers(&self) -> Option<&HeaderMap> {
        self.response().map(|r| &r.headers)
    }

    /// The raw response body, when a response arrived.
    pub fn body(&self) -> Option<&Bytes> {
        self.response().map(|r| &r.body)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::InvalidParameter { name, message } => write!(f, "parameter `{name}`: {message}"),
            Error::MissingCredentials { schemes } => {
                write!(
                    f,
                    "the operation needs credentials for one of: {}",
                    schemes.join(", ")
                )
            }
            Error::InvalidBody { message } => write!(f, "the request body was not sent: {message}"),
            Error::InvalidRequest(e) => write!(f, "the request could not be built: {e}"),
            Error::Transport(e) => write!(f, "request failed: {e}"),
            Error::UnexpectedStatus(raw) => {
                write!(
                    f,
                    "undocumented response status {} ({} bytes)",
                    raw.status,
                    raw.body.len()
                )
            }
            Error::Decode {
                response, message, ..
            } => {
                write!(f, "response {} did not decode: {message}", response.status)
            }
            Error::Token { scheme, source } => {
                write!(f, "no token for the security scheme `{scheme}`: {source}")
            }
            Error::InvalidToken { message } => write!(f, "{message}"),
            Error::Paging { message } => write!(f, "paging: {message}"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Transport(e) | Error::InvalidRequest(e) => Some(e),
            Error::Token { source, .. } => Some(source.as_ref()),
            Error::Decode {
                source: Some(source),
                ..
            } => Some(source.as_ref()),
            _ => None,
        }
    }
}

/// The error keeps the request's scheme, host and path; the query string
/// (where an API key may travel) and any user name or password in the URL
/// are left out, so neither `Display` nor `Debug` can show a credential.
impl From<reqwest::Error> for Error {
    fn from(e: reqwest::Error) -> Self {
        // A builder error happened before anything was sent.
        let before_sending = e.is_builder();
        let e = without_credentials(e);
        if before_sending {
            Error::InvalidRequest(e)
        } else {
            Error::Transport(e)
        }
    }
}

fn without_credentials(e: reqwest::Error) -> reqwest::Error {
    let Some(url) = e.url() else {
        return e;
    };
    let mut url = url.clone();
    if url.query().is_some() {
        url.set_query(Some("***"));
    }
    if url.password().is_some() || !url.username().is_empty() {
        // Setting both can only fail for URLs without a host, which a
        // request that was sent cannot have.
        let _ = url.set_password(None);
        let _ = url.set_username("");
    }
    url.set_fragment(None);
    e.with_url(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn errors_before_sending_are_not_transport_errors_and_hide_the_query() {
        let request = reqwest::Client::new().get("http://user:secret@127.0.0.1:1/p?api_key=secret");
        let err = super::super::execute(request).await.unwrap_err();
        assert!(matches!(err, Error::Transport(_)), "{err:?}");
        assert!(!err.to_string().contains("secret"), "{err}");
        let bad = reqwest::Client::new()
            .get("http://127.0.0.1:1/p")
            .header("x", "a\nb");
        let err = super::super::execute(bad).await.unwrap_err();
        assert!(matches!(err, Error::InvalidRequest(_)), "{err:?}");
    }
}
