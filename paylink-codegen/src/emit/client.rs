//! The async client: a `Client` with credentials typed from the security
//! schemes, and for each operation a method that returns a request builder
//! (path parameters and required values positional, optional ones as
//! setters) whose `send` returns a typed response.

use super::format::{made_piece, pretty_unless, Sink};
use super::gates::cfg_text;
use crate::ir::surface::{ClientSurface, Surface};
use crate::ir::Api;

/// What the client and the server share: the servers, the credentials
/// and each operation's response enum.
pub(crate) fn shared(api: &Api, surface: &Surface, sink: &mut Sink<'_>) {
    sink(made_piece(|margin| {
        let (text, overflows) = super::client_text::shared(api, &surface.credentials, margin);
        pretty_unless(text, overflows)
    }));
    for (i, (op, response)) in api.operations.iter().zip(&surface.responses).enumerate() {
        sink(made_piece(|margin| {
            let cfg = cfg_text(api.features.operation(i));
            let (text, overflows) = super::operation::response_enum(op, response, &cfg, margin);
            pretty_unless(text, overflows)
        }));
    }
}

/// What a `Client` is for: calling the API, or sending its events.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    /// The API's client.
    Api,
    /// The events' sender (`events::Client`).
    Sender,
}

/// The client and its request builders, one operation at a time.
pub(crate) fn emit(api: &Api, surface: &ClientSurface, sink: &mut Sink<'_>) {
    emit_as(api, surface, Role::Api, sink);
}

/// [`emit`], for `role`.
pub(crate) fn emit_as(api: &Api, surface: &ClientSurface, role: Role, sink: &mut Sink<'_>) {
    sink(made_piece(|margin| {
        let (text, overflows) = super::client_text::client(api, role, margin);
        pretty_unless(text, overflows)
    }));
    for (i, (op, method)) in api.operations.iter().zip(&surface.methods).enumerate() {
        sink(made_piece(|margin| {
            let cfg = cfg_text(api.features.operation(i));
            let (text, overflows) = super::operation::emit(api, op, method, &cfg, margin);
            pretty_unless(text, overflows)
        }));
    }
}

/// Whether any operation needs credentials: only then does the client
/// choose and obtain them.
pub(crate) fn has_security(api: &Api) -> bool {
    !api.schemes.is_empty() && api.operations.iter().any(|op| !op.security.is_empty())
}
