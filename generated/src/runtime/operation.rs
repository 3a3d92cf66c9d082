//! One operation's `send`, written once: a generated request builder's
//! `send` hands over its request (built by a closure) and its decoding of
//! the documented responses (another closure), and these functions send
//! and decode. The asynchronous part is generic, so the compiler checks it
//! here once instead of once per operation in every generated module.

use super::token::BoxFuture;
use super::{send_authorized, Authorize, Call, CallOptions, ClientCore, Error, Raw, ResponseValue};

/// The response of one call, decoded.
type Decoded<T> = Result<ResponseValue<T>, Error>;

/// Builds the request of `call` with `request` (at once, before the
/// returned future is polled), sends it with the client's policy and
/// `options`, and decodes the answer with `decode`.
pub fn send_operation<'a, T: Send + 'a>(
    core: &'a ClientCore,
    call: &'static Call,
    options: CallOptions,
    request: impl FnOnce() -> Result<reqwest::RequestBuilder, Error>,
    decode: impl FnOnce(Raw) -> Decoded<T> + Send + 'a,
) -> BoxFuture<'a, Decoded<T>> {
    let request = request();
    Box::pin(async move {
        let raw = core.send(call, request?, &options).await?;
        decode(raw)
    })
}

/// [`send_operation`] for an operation with security requirements: the
/// credentials of the first of `alternatives` the client can satisfy are
/// applied (see [`send_authorized`]); `scopes` lists the OAuth 2 scopes
/// the operation names per scheme.
pub fn send_operation_authorized<'a, C: Authorize, T: Send + 'a>(
    client: &'a C,
    call: &'static Call,
    options: CallOptions,
    alternatives: &'static [&'static [&'static str]],
    scopes: &'static [(&'static str, &'static [&'static str])],
    request: impl FnOnce() -> Result<reqwest::RequestBuilder, Error>,
    decode: impl FnOnce(Raw) -> Decoded<T> + Send + 'a,
) -> BoxFuture<'a, Decoded<T>> {
    let request = request();
    Box::pin(async move {
        let raw = send_authorized(client, (call, &options), request?, alternatives, scopes).await?;
        decode(raw)
    })
}
