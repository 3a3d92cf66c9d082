//! Events: the requests an API sends rather than serves. 3.1 `webhooks`
//! (carried through normalization as `x-oas-webhooks`) and operations'
//! `callbacks` are lowered as operations, with the same parameter, body
//! and response lowering as the paths, and each is given the route
//! `/<name>` for the receiver and the sender. `x-paylink-webhook-signature`
//! says how they are signed.

use openapiv3::{OpenAPI, Operation as Op, PathItem, ReferenceOr};

use crate::parse::{PathEntry, PathOperations};
use serde_json::{Map, Value};

use super::operations::Lowerer;
use super::{
    Event, EventSource, Operation, ParamLocation, SecurityScheme, SignatureEncoding,
    SignatureScheme, WebhookSignature,
};
use crate::diagnostic::{join, Diagnostic};
use crate::naming::{Namer, RESERVED_METHODS};

/// The extension declaring how events are signed.
pub const SIGNATURE_EXTENSION: &str = "x-paylink-webhook-signature";

/// Where normalization keeps 3.1 webhooks.
const WEBHOOKS_EXTENSION: &str = "x-oas-webhooks";

/// One declared event before lowering: where it is, and its path item.
struct Declared {
    source: EventSource,
    /// Pointer to its path item in the source document.
    pointer: String,
    item: PathOperations,
}

/// Lowers every webhook and callback, named apart from one another (they
/// live in their own module) with the method names every client has
/// taken.
pub(super) fn lower(
    lowerer: &mut Lowerer<'_>,
    paths: &[Operation],
    schemes: &[SecurityScheme],
) -> Vec<Event> {
    let mut declared = webhooks(lowerer);
    declared.extend(callbacks(lowerer, paths));
    let outer = std::mem::replace(&mut lowerer.names, Namer::with_taken(RESERVED_METHODS));
    let mut events = Vec::new();
    for d in &declared {
        let several = d.item.iter().count() > 1;
        for (method, op) in d.item.iter() {
            let at = join(&d.pointer, method);
            let operation = event_operation(lowerer, d, (method, op), several, schemes, &at);
            events.push(Event {
                source: d.source.clone(),
                operation,
            });
        }
    }
    lowerer.names = outer;
    events
}

/// The key an event is named by when it has no operationId.
fn event_key(source: &EventSource) -> &str {
    match source {
        EventSource::Webhook(name) => name,
        EventSource::Callback { name, .. } => name,
    }
}

fn event_operation(
    lowerer: &mut Lowerer<'_>,
    d: &Declared,
    (method, op): (&str, &Op),
    several: bool,
    schemes: &[SecurityScheme],
    pointer: &str,
) -> Operation {
    let key = event_key(&d.source);
    let mut named = op.clone();
    if named.operation_id.is_none() {
        named.operation_id = Some(if several {
            format!("{key} {method}")
        } else {
            key.to_string()
        });
    }
    // No braces in the path lowered: a callback's expression names no
    // path parameter.
    let mut lowered = lowerer.operation("/", method, &d.item, &named, schemes, pointer);
    lowered.operation_id.clone_from(&op.operation_id);
    let bare = lowered.name.trim_start_matches("r#").to_string();
    lowered.path = format!("/{bare}");
    // A snake-case name is one plain segment: always a route.
    lowered.route = super::routes::route(&lowered.path)
        .ok()
        .map(|(route, _)| route);
    lowered.security.clear();
    lowered.scopes.clear();
    lowered.servers.clear();
    lowered.server_environments.clear();
    let (kept, dropped): (Vec<_>, Vec<_>) = std::mem::take(&mut lowered.params)
        .into_iter()
        .partition(|p| p.location != ParamLocation::Path);
    for p in dropped {
        lowerer.warnings.push(Diagnostic::warning(
            pointer,
            format!("path parameter `{}` of an event is left out: events are received at a path of their own", p.wire),
        ));
    }
    lowered.params = kept;
    lowered
}

/// The 3.1 webhooks, in document order.
fn webhooks(lowerer: &mut Lowerer<'_>) -> Vec<Declared> {
    let Some(Value::Object(map)) = lowerer.openapi.extensions.get(WEBHOOKS_EXTENSION) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    for (name, value) in map {
        let pointer = join("#/webhooks", name);
        if let Some(item) = path_item(value, &pointer, &mut lowerer.warnings) {
            found.push(Declared {
                source: EventSource::Webhook(name.clone()),
                pointer,
                item: item.into(),
            });
        }
    }
    found
}

/// A webhook's path item, or `None` with a warning.
fn path_item(value: &Value, pointer: &str, warnings: &mut Vec<Diagnostic>) -> Option<PathItem> {
    if let Some(reference) = value.get("$ref").and_then(Value::as_str) {
        warnings.push(Diagnostic::warning(
            pointer,
            format!(
                "webhook reference \"{reference}\" is not followed: the webhook is not generated"
            ),
        ));
        return None;
    }
    match serde_json::from_value::<PathItem>(value.clone()) {
        Ok(item) => Some(item),
        Err(e) => {
            warnings.push(Diagnostic::warning(
                pointer,
                format!("the webhook cannot be read ({e}): it is not generated"),
            ));
            None
        }
    }
}

/// The callbacks of the paths' operations, in document order.
fn callbacks(lowerer: &Lowerer<'_>, paths: &[Operation]) -> Vec<Declared> {
    let mut found = Vec::new();
    let mut index = 0;
    for PathEntry { path, item } in lowerer.paths {
        let ReferenceOr::Item(item) = item else {
            continue;
        };
        for (method, op) in item.iter() {
            let owner = paths.get(index).map(|o| o.name.clone()).unwrap_or_default();
            index += 1;
            let at = join(&join(&join("#/paths", path), method), "callbacks");
            for (name, callback) in &op.callbacks {
                for (expression, item) in callback {
                    found.push(Declared {
                        source: EventSource::Callback {
                            operation: owner.clone(),
                            name: name.clone(),
                            expression: expression.clone(),
                        },
                        pointer: join(&join(&at, name), expression),
                        item: item.clone().into(),
                    });
                }
            }
        }
    }
    found
}

/// `x-paylink-webhook-signature`, read; `None` when absent, or after an
/// error naming what is wrong (a receiver that cannot check the declared
/// signature must not be generated).
pub(super) fn signature(
    openapi: &OpenAPI,
    warnings: &mut Vec<Diagnostic>,
) -> Option<WebhookSignature> {
    let value = openapi.extensions.get(SIGNATURE_EXTENSION)?;
    let pointer = join("#", SIGNATURE_EXTENSION);
    match read_signature(value) {
        Ok(signature) => Some(signature),
        Err((field, message)) => {
            let at = if field.is_empty() {
                pointer
            } else {
                join(&pointer, field)
            };
            warnings.push(Diagnostic::error(at, message).with_hint(SIGNATURE_HINT));
            None
        }
    }
}

const SIGNATURE_HINT: &str = "write `x-paylink-webhook-signature: {scheme: hmac-sha256 | timestamped-hmac-sha256 | fields-hmac-sha256, header: X-Signature, encoding: hex | base64, prefix: \"sha256=\", tolerance: 300, fields: [/id, /amount], separator: \"|\"}`";

/// The fields of a declaration.
const KEYS: [&str; 7] = [
    "scheme",
    "header",
    "encoding",
    "prefix",
    "tolerance",
    "fields",
    "separator",
];

/// At most this many signed fields, each pointer at most this long.
const MAX_FIELDS: usize = 64;
const MAX_POINTER: usize = 256;

type Problem = (&'static str, String);

fn read_signature(value: &Value) -> Result<WebhookSignature, Problem> {
    let Value::Object(map) = value else {
        return Err((
            "",
            "the signature declaration must be an object".to_string(),
        ));
    };
    if let Some(unknown) = map.keys().find(|k| !KEYS.contains(&k.as_str())) {
        return Err((
            "",
            format!("unknown field `{}`", crate::sanitize::inline(unknown)),
        ));
    }
    let scheme = match text(map, "scheme")? {
        Some("hmac-sha256") => SignatureScheme::HmacSha256,
        Some("timestamped-hmac-sha256") => SignatureScheme::TimestampedHmacSha256,
        Some("fields-hmac-sha256") => SignatureScheme::FieldsHmacSha256,
        Some(_) => {
            return Err((
                "scheme",
                "`scheme` is `hmac-sha256`, `timestamped-hmac-sha256` or `fields-hmac-sha256`"
                    .into(),
            ))
        }
        None => return Err(("", "`scheme` is required".into())),
    };
    let header = text(map, "header")?.unwrap_or("X-Signature").to_string();
    if header.is_empty() || header.len() > 100 || !header.bytes().all(is_token_byte) {
        return Err((
            "header",
            "`header` must be an HTTP header name (letters, digits and `-`, at most 100)".into(),
        ));
    }
    let encoding = match text(map, "encoding")? {
        None | Some("hex") => SignatureEncoding::Hex,
        Some("base64") => SignatureEncoding::Base64,
        Some(_) => return Err(("encoding", "`encoding` is `hex` or `base64`".into())),
    };
    let prefix = text(map, "prefix")?.unwrap_or("").to_string();
    if prefix.len() > 64 || !prefix.bytes().all(|b| b.is_ascii_graphic()) {
        return Err((
            "prefix",
            "`prefix` must be at most 64 visible ASCII characters".into(),
        ));
    }
    let tolerance = match map.get("tolerance") {
        None => 300,
        Some(v) => v.as_u64().filter(|t| (1..=86_400).contains(t)).ok_or((
            "tolerance",
            "`tolerance` is a number of seconds from 1 to 86400".to_string(),
        ))?,
    };
    let foreign: &[&'static str] = match scheme {
        SignatureScheme::HmacSha256 => &["tolerance", "fields", "separator"],
        SignatureScheme::TimestampedHmacSha256 => &["prefix", "fields", "separator"],
        SignatureScheme::FieldsHmacSha256 => &["tolerance"],
    };
    if let Some(field) = foreign.iter().find(|f| map.contains_key(**f)) {
        return Err((field, format!("`{field}` does not apply to this scheme")));
    }
    let fields = match scheme {
        SignatureScheme::FieldsHmacSha256 => signed_fields(map)?,
        _ => Vec::new(),
    };
    let separator = text(map, "separator")?.unwrap_or("|").to_string();
    if separator.len() > 16 || separator.chars().any(char::is_control) {
        return Err((
            "separator",
            "`separator` must be at most 16 bytes, without control characters".into(),
        ));
    }
    Ok(WebhookSignature {
        scheme,
        header,
        encoding,
        prefix,
        tolerance,
        fields,
        separator,
    })
}

/// `fields`: a non-empty list of JSON pointers (each starting with `/`).
fn signed_fields(map: &Map<String, Value>) -> Result<Vec<String>, Problem> {
    let wrong = || {
        (
            "fields",
            format!(
                "`fields` is a list of 1 to {MAX_FIELDS} JSON pointers such as `/id`, each starting with `/` (at most {MAX_POINTER} bytes)"
            ),
        )
    };
    let Some(value) = map.get("fields") else {
        return Err(("", "`fields` is required by `fields-hmac-sha256`".into()));
    };
    let Value::Array(items) = value else {
        return Err(wrong());
    };
    if items.is_empty() || items.len() > MAX_FIELDS {
        return Err(wrong());
    }
    items
        .iter()
        .map(|item| match item {
            Value::String(p) if is_pointer(p) => Ok(p.clone()),
            _ => Err(wrong()),
        })
        .collect()
}

/// A JSON pointer to a field (RFC 6901): starts with `/`, every `~` is
/// `~0` or `~1`, no control character.
fn is_pointer(text: &str) -> bool {
    text.starts_with('/')
        && text.len() <= MAX_POINTER
        && !text.chars().any(char::is_control)
        && text
            .split('~')
            .skip(1)
            .all(|rest| rest.starts_with('0') || rest.starts_with('1'))
}

fn text<'v>(map: &'v Map<String, Value>, field: &'static str) -> Result<Option<&'v str>, Problem> {
    match map.get(field) {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => Err((field, format!("`{field}` must be a string"))),
    }
}

/// A byte of an HTTP token (RFC 9110 5.6.2).
fn is_token_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}
