//! Semver impact on the generated server module: the handler methods of
//! the `server::Api` trait and the `server::*Request` structs they take.
//!
//! Implementors write one method per operation, so any change to the set
//! of methods breaks them: a method added (the implementation lacks it), a
//! method removed or renamed (the implementation has one the trait does not
//! declare). Request structs are plain structs read by handlers and built
//! by tests: a field removed or retyped breaks handlers, a field added
//! breaks struct literals.

use std::collections::BTreeMap;

use super::semver::{compare_members, Bump, Generated, Out};
use super::Side;
use crate::ir::surface::Handler;

const SERVER_MAJOR: (Bump, Side) = (Bump::Major, Side::Server);

fn handler(h: &Handler) -> String {
    format!("server::Api::{}", h.name)
}

fn request(h: &Handler) -> String {
    format!("server::{}", h.request)
}

/// The handler of an operation that is gone.
pub(super) fn removed(out: &mut Out, o: &Handler) {
    let message = "handler removed from the trait: implementations of it no longer compile";
    out.push("handler-removed", SERVER_MAJOR, handler(o), message.into());
}

/// The handler of a new operation.
pub(super) fn added(out: &mut Out, n: &Handler) {
    let message = "handler added to the trait: implementations must define it";
    out.push("handler-added", SERVER_MAJOR, handler(n), message.into());
}

/// An operation paired with its counterpart (each by its index): the
/// handler's name and its request struct.
pub(super) fn compare(
    out: &mut Out,
    (old, i): (&Generated<'_>, usize),
    (new, j): (&Generated<'_>, usize),
) {
    let (o, n) = (&old.server.handlers[i], &new.server.handlers[j]);
    if o.name != n.name {
        let message = format!("handler renamed to `{}`", n.name);
        out.push("handler-renamed", SERVER_MAJOR, handler(o), message);
    }
    if o.request != n.request {
        let message = format!("request struct renamed to `{}`", request(n));
        out.push("type-renamed", SERVER_MAJOR, request(o), message);
        return;
    }
    let prefix = format!("{}::", request(o));
    let (of, nf) = (fields(o), fields(n));
    compare_members(out, (&prefix, Side::Server), "request field", &of, &nf);
}

/// The fields of a handler's request struct and their types.
fn fields(h: &Handler) -> BTreeMap<String, String> {
    h.fields
        .iter()
        .map(|f| (f.rust.clone(), f.ty.to_string()))
        .collect()
}
