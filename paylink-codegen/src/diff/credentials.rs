//! Semver impact of the client's credential surface: the `Credentials`
//! struct (one field per security scheme, built with struct literals), the
//! `with_<scheme>` setters, the `with_<scheme>_credentials` methods of
//! schemes with a token source, and the environment constructors.

use super::semver::{Bump, Generated, Out};
use super::Side;
use crate::ir::surface::{Credential, TokenSetter};

/// Compares the credential surface of `old` and `new`.
pub(super) fn compare(out: &mut Out, old: &Generated<'_>, new: &Generated<'_>) {
    for o in &old.credentials {
        let field = format!("Credentials::{}", o.field);
        match find(&new.credentials, &o.field) {
            None => out.push(
                "credential-removed",
                (Bump::Major, Side::Both),
                field,
                format!("removed, and `Client::{}` with it", o.setter),
            ),
            Some(n) if o.ty != n.ty => out.push(
                "credential-type-changed",
                (Bump::Major, Side::Both),
                field,
                format!("now `{}` (was `{}`)", n.ty, o.ty),
            ),
            Some(_) => token_setter_changes(out, (old, new), &o.field),
        }
    }
    for n in new
        .credentials
        .iter()
        .filter(|n| find(&old.credentials, &n.field).is_none())
    {
        out.push(
            "credential-added",
            (Bump::Major, Side::Both),
            format!("Credentials::{}", n.field),
            "added: struct literals of `Credentials` need it".into(),
        );
        if let Some(setter) = token_setter(new, &n.field) {
            token_setter_added(out, setter);
        }
    }
    environments(out, old, new);
}

fn find<'c>(credentials: &'c [Credential], field: &str) -> Option<&'c Credential> {
    credentials.iter().find(|c| c.field == field)
}

fn token_setter<'g>(g: &'g Generated<'_>, scheme: &str) -> Option<&'g TokenSetter> {
    g.client.token_setters.iter().find(|t| t.scheme == scheme)
}

fn token_setter_changes(out: &mut Out, (old, new): (&Generated<'_>, &Generated<'_>), scheme: &str) {
    let args =
        |t: &TokenSetter| -> Vec<String> { t.args.iter().map(ToString::to_string).collect() };
    match (token_setter(old, scheme), token_setter(new, scheme)) {
        (Some(o), None) => out.push(
            "token-setter-removed",
            (Bump::Major, Side::Client),
            format!("Client::{}", o.name),
            "removed: the scheme's credential is no longer obtained by the client".into(),
        ),
        (None, Some(n)) => token_setter_added(out, n),
        (Some(o), Some(n)) if args(o) != args(n) => out.push(
            "token-setter-changed",
            (Bump::Major, Side::Client),
            format!("Client::{}", o.name),
            format!(
                "now takes ({}) (was ({}))",
                args(n).join(", "),
                args(o).join(", ")
            ),
        ),
        _ => {}
    }
}

fn token_setter_added(out: &mut Out, setter: &TokenSetter) {
    out.push(
        "token-setter-added",
        (Bump::Minor, Side::Client),
        format!("Client::{}", setter.name),
        "added: the client can obtain the scheme's credential itself".into(),
    );
}

fn environments(out: &mut Out, old: &Generated<'_>, new: &Generated<'_>) {
    let (o, n) = (&old.client.environments, &new.client.environments);
    for name in o.iter().filter(|e| !n.contains(e)) {
        let message = "removed: the environment's constructor is gone".to_string();
        out.push(
            "environment-removed",
            (Bump::Major, Side::Client),
            format!("Client::{name}"),
            message,
        );
    }
    for name in n.iter().filter(|e| !o.contains(e)) {
        let message = "added".to_string();
        out.push(
            "environment-added",
            (Bump::Minor, Side::Client),
            format!("Client::{name}"),
            message,
        );
    }
}
