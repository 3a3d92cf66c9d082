//! Semver impact of the client's credential surface: the `Credentials`
//! struct (one field per security scheme, built with struct literals), the
//! `with_<scheme>` setters, the `with_<scheme>_credentials` methods of
//! schemes with a token source, and the environment constructors.

use super::semver::{rust_type, Bump, Out};
use super::Side;
use crate::emit::{credential_field_type, exchange_inputs};
use crate::ir::{Api, SecurityScheme, TokenSpec};
use crate::naming::{credential_setter, token_setter};

/// Compares the credential surface of `old` and `new`.
pub(super) fn compare(out: &mut Out, old: &Api, new: &Api) {
    for o in &old.schemes {
        let field = format!("Credentials::{}", o.rust);
        match new.schemes.iter().find(|n| n.rust == o.rust) {
            None => out.push(
                "credential-removed",
                (Bump::Major, Side::Both),
                field,
                format!(
                    "removed, and `Client::{}` with it",
                    credential_setter(&o.rust)
                ),
            ),
            Some(n) if credential_field_type(&o.kind) != credential_field_type(&n.kind) => out
                .push(
                    "credential-type-changed",
                    (Bump::Major, Side::Both),
                    field,
                    format!(
                        "now `{}` (was `{}`)",
                        credential_field_type(&n.kind),
                        credential_field_type(&o.kind)
                    ),
                ),
            Some(n) => token_setter_changes(out, (old, o), (new, n)),
        }
    }
    for n in new
        .schemes
        .iter()
        .filter(|n| !old.schemes.iter().any(|o| o.rust == n.rust))
    {
        out.push(
            "credential-added",
            (Bump::Major, Side::Both),
            format!("Credentials::{}", n.rust),
            "added: struct literals of `Credentials` need it".into(),
        );
        if n.token.is_some() {
            token_setter_added(out, n);
        }
    }
    environments(out, old, new);
}

/// The arguments of a scheme's `with_<scheme>_credentials`, from the
/// emitter's own [`exchange_inputs`].
fn token_arguments(api: &Api, scheme: &SecurityScheme) -> Option<Vec<String>> {
    match scheme.token.as_ref()? {
        TokenSpec::ClientCredentials { .. } => Some(vec!["Secret".into(), "Secret".into()]),
        TokenSpec::Exchange(exchange) => {
            let inputs = exchange_inputs(api, exchange)?;
            let mut args: Vec<String> = inputs
                .credentials
                .iter()
                .map(|s| credential_field_type(&s.kind))
                .collect();
            args.extend(inputs.body.map(|content| rust_type(api, &content.ty)));
            Some(args)
        }
    }
}

fn token_setter_changes(
    out: &mut Out,
    (old, o): (&Api, &SecurityScheme),
    (new, n): (&Api, &SecurityScheme),
) {
    let item = format!("Client::{}", token_setter(&o.rust));
    match (token_arguments(old, o), token_arguments(new, n)) {
        (Some(_), None) => out.push(
            "token-setter-removed",
            (Bump::Major, Side::Client),
            item,
            "removed: the scheme's credential is no longer obtained by the client".into(),
        ),
        (None, Some(_)) => token_setter_added(out, n),
        (Some(a), Some(b)) if a != b => out.push(
            "token-setter-changed",
            (Bump::Major, Side::Client),
            item,
            format!("now takes ({}) (was ({}))", b.join(", "), a.join(", ")),
        ),
        _ => {}
    }
}

fn token_setter_added(out: &mut Out, scheme: &SecurityScheme) {
    out.push(
        "token-setter-added",
        (Bump::Minor, Side::Client),
        format!("Client::{}", token_setter(&scheme.rust)),
        "added: the client can obtain the scheme's credential itself".into(),
    );
}

fn environments(out: &mut Out, old: &Api, new: &Api) {
    let names = |api: &Api| -> Vec<String> {
        api.servers
            .iter()
            .filter_map(|s| s.environment.clone())
            .collect()
    };
    let (o, n) = (names(old), names(new));
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
