//! What every generated operation does once its request is built: send
//! it (with the credentials its security requirements name), decode the
//! answer into the operation's response enum, and, for a list, pick the
//! page out of that enum.
//!
//! A generated request builder's `send` is a plain function: it hands the
//! builder here with a [`Call`], a closure building the request and one
//! decoding the answer. The async steps are these generic functions,
//! written once, instead of an `async fn` per operation in every
//! generated module.

use std::future::Future;

use reqwest::RequestBuilder;

use super::call::{Call, CallOptions};
use super::token::{send_authorized, Authorize};
use super::{ClientCore, Error, Raw, ResponseValue};

/// The credentials an operation accepts: the alternatives (each a set of
/// schemes used together) and the OAuth 2 scopes it names per scheme.
pub type Security = (
    &'static [&'static [&'static str]],
    &'static [(&'static str, &'static [&'static str])],
);

/// Sends the request of an operation without security requirements and
/// decodes the answer: `request` builds the request from the builder
/// when the future is first polled (a request that cannot be built, such
/// as a parameter that does not encode, is the error, and nothing is
/// sent), and `decode` reads the documented responses.
///
/// Generated code passes closures, not methods or function pointers: a
/// closure is compiled only where the call is awaited, so a crate
/// compiles the request and decoding of the operations it calls.
pub async fn perform<B, T>(
    core: &ClientCore,
    (call, options): (&'static Call, CallOptions),
    builder: B,
    request: impl FnOnce(&B) -> Result<RequestBuilder, Error>,
    decode: impl FnOnce(Raw) -> Result<ResponseValue<T>, Error>,
) -> Result<ResponseValue<T>, Error> {
    let request = request(&builder)?;
    drop(builder);
    let raw = core.send(call, request, &options).await?;
    decode(raw)
}

/// [`perform`] for an operation with security requirements: the first
/// alternative whose credentials the client has (or can obtain) is
/// applied, as [`send_authorized`] does.
pub async fn perform_authorized<C: Authorize, B, T>(
    client: &C,
    (call, options, (alternatives, scopes)): (&'static Call, CallOptions, Security),
    builder: B,
    request: impl FnOnce(&B) -> Result<RequestBuilder, Error>,
    decode: impl FnOnce(Raw) -> Result<ResponseValue<T>, Error>,
) -> Result<ResponseValue<T>, Error> {
    let request = request(&builder)?;
    drop(builder);
    let raw = send_authorized(client, (call, &options), request, alternatives, scopes).await?;
    decode(raw)
}

/// The page of a list operation's answer: `pick` takes it out of the
/// response enum's success variant; any other documented answer ends the
/// list with an error naming its status. Not boxed, and without a `Send`
/// bound: the future is `Send` when `answer` is, which the compiler works
/// out only where a page stream is used.
pub async fn page<T, P>(
    answer: impl Future<Output = Result<ResponseValue<T>, Error>>,
    pick: fn(T) -> Option<P>,
) -> Result<P, Error> {
    let answer = answer.await?;
    let status = answer.status;
    pick(answer.body).ok_or_else(|| Error::Paging {
        message: format!("a page was answered {status}"),
    })
}
