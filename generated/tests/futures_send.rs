//! The futures and streams of generated calls are `Send`, so a call can be
//! spawned on a multi-threaded runtime. `send` does not name `Send` in its
//! signature (proving it there cost every generated module about a tenth
//! of its `cargo check` time); the compiler sees it through the future's
//! type, and these checks fail to compile if that ever stops being true.
//! They name every operation the five providers have (an operation added
//! to a provider's spec must be added here), and fixtures with form,
//! multipart and streamed bodies, credentials and token sources.

#[path = "support/forms.rs"]
mod forms;
#[path = "support/secrets_server.rs"]
mod secrets_server;
#[path = "support/tricky.rs"]
mod tricky;

use paylink::codegen::Stream;
use paylink::{fortis, frontstream, onepay, payroc, ropo};

/// Compiles only when what `send` returns is `Send`.
fn sends<B, F: std::future::Future + Send>(_send: fn(B) -> F) {}

/// Compiles only when the stream `pages` or `items` returns is `Send`.
fn streams<B, S: Stream + Send>(_stream: fn(B) -> S) {}

/// Checks `send` of each request builder named.
macro_rules! all_send {
    ($($builder:path),* $(,)?) => {
        $(sends(<$builder>::send);)*
    };
}

#[test]
fn every_providers_call_future_is_send() {
    all_send!(
        ropo::GetOnlinePayLinkAction,
        ropo::CreateToken,
        frontstream::PostApiPaylink,
        frontstream::DeleteApiPaylink,
        frontstream::CreateClientSession,
        onepay::CreatePaymentLink,
        onepay::GetPaymentLink,
        onepay::UpdatePaymentLink,
        onepay::DeletePaymentLink,
        payroc::GenerateBearerToken,
        payroc::ListPaymentLinks,
        payroc::CreatePaymentLink,
        payroc::RetrievePaymentLink,
        payroc::UpdatePaymentLink,
        payroc::DeactivatePaymentLink,
        payroc::ListPaymentLinkSharingEvents,
        payroc::SharePaymentLink,
        fortis::ListPaylinks,
        fortis::CreatePaylink,
        fortis::GetPaylink,
        fortis::UpdatePaylink,
        fortis::DeletePaylink,
        fortis::ResendPaylinkNotification,
    );
}

#[test]
fn fixture_call_futures_are_send() {
    all_send!(
        tricky::GetPet,
        tricky::AddNote,
        tricky::GetEvent,
        forms::CreateCheckoutSession,
        forms::UploadFile,
        forms::QueryArrays,
        forms::QueryObjects,
        forms::QueryDelimitedObjects,
        forms::QueryExploded,
        forms::PathArrays,
        forms::PathObjects,
        forms::HeaderStyles,
        secrets_server::RopoToken,
        secrets_server::FrontstreamClientSession,
        secrets_server::PayrocAuthorize,
        secrets_server::GetAccount,
    );
}

#[test]
fn page_streams_are_send() {
    streams(payroc::ListPaymentLinks::pages);
    streams(payroc::ListPaymentLinks::items);
    streams(payroc::ListPaymentLinkSharingEvents::pages);
    streams(payroc::ListPaymentLinkSharingEvents::items);
    streams(fortis::ListPaylinks::pages);
    streams(fortis::ListPaylinks::items);
}
