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

use super::semver::{compare_members, rust_type, Bump, Out};
use super::Side;
use crate::ir::{Api, Encoding, Operation, ParamLocation};

const SERVER_MAJOR: (Bump, Side) = (Bump::Major, Side::Server);

fn handler(op: &Operation) -> String {
    format!("server::Api::{}", op.name)
}

fn request(op: &Operation) -> String {
    format!("server::{}Request", op.type_base)
}

/// The handler of an operation that is gone.
pub(super) fn removed(out: &mut Out, o: &Operation) {
    let message = "handler removed from the trait: implementations of it no longer compile";
    out.push("handler-removed", SERVER_MAJOR, handler(o), message.into());
}

/// The handler of a new operation.
pub(super) fn added(out: &mut Out, n: &Operation) {
    let message = "handler added to the trait: implementations must define it";
    out.push("handler-added", SERVER_MAJOR, handler(n), message.into());
}

/// An operation paired with its counterpart: the handler's name and its
/// request struct.
pub(super) fn compare(out: &mut Out, (old, o): (&Api, &Operation), (new, n): (&Api, &Operation)) {
    if o.name != n.name {
        let message = format!("handler renamed to `{}`", n.name);
        out.push("handler-renamed", SERVER_MAJOR, handler(o), message);
    }
    if o.type_base != n.type_base {
        let message = format!("request struct renamed to `{}`", request(n));
        out.push("type-renamed", SERVER_MAJOR, request(o), message);
        return;
    }
    let prefix = format!("{}::", request(o));
    let (of, nf) = (fields(old, o), fields(new, n));
    compare_members(out, (&prefix, Side::Server), "request field", &of, &nf);
}

/// The fields of an operation's request struct and their types, as
/// `emit::server` writes them.
fn fields(api: &Api, op: &Operation) -> BTreeMap<String, String> {
    let mut out: BTreeMap<String, String> = op
        .params
        .iter()
        .map(|p| {
            let ty = rust_type(api, &p.ty);
            let ty = if p.required || p.location == ParamLocation::Path {
                ty
            } else {
                format!("Option<{ty}>")
            };
            (p.rust.clone(), ty)
        })
        .collect();
    let body = op
        .body
        .as_ref()
        .and_then(|b| b.contents.first().map(|c| (b, c)));
    if let Some((body, c)) = body {
        let ty = match c.encoding {
            Encoding::Json | Encoding::Form | Encoding::Multipart => rust_type(api, &c.ty),
            Encoding::Text => "String".to_string(),
            Encoding::Binary => "Vec<u8>".to_string(),
        };
        let ty = if body.required {
            ty
        } else {
            format!("Option<{ty}>")
        };
        out.insert("body".to_string(), ty);
    }
    out
}
