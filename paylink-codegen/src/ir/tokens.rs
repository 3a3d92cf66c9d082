//! Token sources of security schemes: the OAuth 2 client-credentials flow,
//! and token operations declared with `x-paylink-token`, checked against
//! the operation they name. A declaration that cannot be used is a located
//! warning and the scheme keeps taking its credential as given.

use openapiv3::{OpenAPI, SecurityScheme as Scheme};
use serde_json::Value;

use super::{Exchange, Operation, SchemeKind, SecurityScheme, Status, TokenSpec};
use crate::diagnostic::{join, Diagnostic};

/// The extension declaring a token operation on a security scheme.
pub const TOKEN_EXTENSION: &str = "x-paylink-token";

/// Sets each scheme's token source, from its declaration or its flows.
pub(super) fn attach(
    openapi: &OpenAPI,
    schemes: &mut [SecurityScheme],
    operations: &[Operation],
    warnings: &mut Vec<Diagnostic>,
) {
    let Some(components) = &openapi.components else {
        return;
    };
    for scheme in schemes.iter_mut() {
        let Some(raw) = components
            .security_schemes
            .get(&scheme.wire)
            .and_then(|s| s.as_item())
        else {
            continue;
        };
        let pointer = join(
            &join("#/components/securitySchemes", &scheme.wire),
            TOKEN_EXTENSION,
        );
        scheme.token = match extensions(raw).get(TOKEN_EXTENSION) {
            Some(declared) => match exchange(declared, scheme, operations) {
                Ok(exchange) => Some(TokenSpec::Exchange(exchange)),
                Err(message) => {
                    warnings.push(
                        Diagnostic::warning(
                            &pointer,
                            format!("{message}: the scheme's credential must be given as is"),
                        )
                        .with_hint(
                            "see the README's \"Tokens\" section for the extension's fields",
                        ),
                    );
                    None
                }
            },
            None => client_credentials(raw),
        };
    }
}

fn extensions(scheme: &Scheme) -> &indexmap::IndexMap<String, Value> {
    match scheme {
        Scheme::APIKey { extensions, .. }
        | Scheme::HTTP { extensions, .. }
        | Scheme::OAuth2 { extensions, .. }
        | Scheme::OpenIDConnect { extensions, .. } => extensions,
    }
}

fn client_credentials(scheme: &Scheme) -> Option<TokenSpec> {
    let Scheme::OAuth2 { flows, .. } = scheme else {
        return None;
    };
    let flow = flows.client_credentials.as_ref()?;
    Some(TokenSpec::ClientCredentials {
        token_url: flow.token_url.clone(),
        refresh_url: flow.refresh_url.clone(),
    })
}

/// The declared exchange, or why it cannot be used.
fn exchange(
    declared: &Value,
    scheme: &SecurityScheme,
    operations: &[Operation],
) -> Result<Exchange, String> {
    let Some(fields) = declared.as_object() else {
        return Err(format!("`{TOKEN_EXTENSION}` is not an object"));
    };
    if let Some(unknown) = fields.keys().find(|k| {
        !["operation", "token", "expiresIn", "lifetime", "singleUse"].contains(&k.as_str())
    }) {
        return Err(format!("unknown field `{unknown}`"));
    }
    if scheme.kind == SchemeKind::Basic {
        return Err("a basic-authentication scheme takes no token".to_string());
    }
    let named = string(fields.get("operation"), "operation")?.ok_or("`operation` is missing")?;
    let op = operations
        .iter()
        .find(|op| names(op, named))
        .ok_or_else(|| format!("`operation` names no operation: `{named}` (an operationId, or a method and path such as `POST /token`)"))?;
    if let Some(p) = op.params.iter().find(|p| p.required) {
        return Err(format!(
            "the token operation `{}` has the required parameter `{}`; only a body can be given to it",
            op.name, p.wire
        ));
    }
    let credentials = credentials(op, &scheme.wire)?;
    let status = success(op)?;
    let token = pointer(fields.get("token"), "token")?.ok_or("`token` is missing")?;
    let expires_in = pointer(fields.get("expiresIn"), "expiresIn")?;
    let lifetime = match fields.get("lifetime") {
        None => None,
        Some(v) => Some(
            v.as_u64()
                .ok_or("`lifetime` is not a whole number of seconds")?,
        ),
    };
    let single_use = match fields.get("singleUse") {
        None => false,
        Some(v) => v.as_bool().ok_or("`singleUse` is not a boolean")?,
    };
    Ok(Exchange {
        operation: op.name.clone(),
        status,
        credentials,
        token,
        expires_in,
        lifetime,
        single_use,
    })
}

/// Whether `named` is `op`'s operationId or its `METHOD /path`.
fn names(op: &Operation, named: &str) -> bool {
    if op.operation_id.as_deref() == Some(named) {
        return true;
    }
    named.split_once(' ').is_some_and(|(method, path)| {
        method.eq_ignore_ascii_case(&op.method) && path.trim() == op.path
    })
}

/// The schemes of the token operation's first alternative; an alternative
/// needing the scheme the token feeds would need the token to get it.
fn credentials(op: &Operation, fed: &str) -> Result<Vec<String>, String> {
    if op.security.is_empty() {
        return Ok(Vec::new());
    }
    op.security
        .iter()
        .find(|set| !set.iter().any(|s| s == fed))
        .cloned()
        .ok_or_else(|| format!("the token operation `{}` itself needs `{fed}`", op.name))
}

/// The status of the success answer whose JSON body holds the token.
fn success(op: &Operation) -> Result<Status, String> {
    op.json_success().map(|(status, _)| status).ok_or_else(|| {
        format!(
            "the token operation `{}` documents no success answer with a JSON body",
            op.name
        )
    })
}

fn string<'v>(value: Option<&'v Value>, field: &str) -> Result<Option<&'v str>, String> {
    match value {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => Err(format!("`{field}` is not a string")),
    }
}

/// A JSON pointer (`/access_token`): empty or starting with `/`, of
/// printable characters.
fn pointer(value: Option<&Value>, field: &str) -> Result<Option<String>, String> {
    let Some(text) = string(value, field)? else {
        return Ok(None);
    };
    let printable = text.chars().all(|c| !c.is_control());
    if !text.starts_with('/') || !printable || text.len() > 256 {
        return Err(format!(
            "`{field}` is not a JSON pointer such as `/access_token`"
        ));
    }
    Ok(Some(text.to_string()))
}
