//! Rules for single object kinds that the field table cannot express:
//! status-code keys, parameter locations and styles, body encodings,
//! security scheme types, and the fields 3.0 requires but 3.1 made optional.

use serde_json::{Map, Value};

use super::kinds::{Item, Kind};
use super::walk::{keep_as_extension, retain_entries, walk_item};
use super::Ctx;

/// The Responses object: `default`, status codes and ranges.
pub(crate) fn responses(ctx: &mut Ctx, map: &mut Map<String, Value>) {
    retain_entries(ctx, map, true, |ctx, key, v| {
        status_key_ok(ctx, key) && walk_item(ctx, v, Item::RefOr(Kind::Response))
    });
    if map.keys().all(|k| k.starts_with("x-")) && ctx.minor == 0 {
        ctx.warn("the operation documents no responses")
            .hint("add at least one response, e.g. `200` or `default`");
    }
}

fn status_key_ok(ctx: &mut Ctx, key: &str) -> bool {
    let b = key.as_bytes();
    let ok = key == "default"
        || (b.len() == 3
            && (b'1'..=b'5').contains(&b[0])
            && ((b[1].is_ascii_digit() && b[2].is_ascii_digit())
                || (b[1].eq_ignore_ascii_case(&b'X') && b[2].eq_ignore_ascii_case(&b'X'))));
    if !ok {
        ctx.warn(format!("`{key}` is not an HTTP status code, a range like `4XX`, or `default`: the response is left out"))
            .hint("use a status code from 100 to 599, a range such as `2XX`, or `default`");
    }
    ok
}

/// Checks that run after an object's fields were walked. Returns whether
/// the object stays.
pub(crate) fn after(ctx: &mut Ctx, map: &mut Map<String, Value>, kind: Kind) -> bool {
    match kind {
        Kind::Parameter => parameter(ctx, map),
        Kind::Header => {
            schema_or_content(ctx, map, "header");
            true
        }
        Kind::SecurityScheme => security_scheme(ctx, map),
        Kind::Operation => {
            operation_id(ctx, map);
            if !map.contains_key("responses") {
                if ctx.minor == 0 {
                    ctx.warn("an OpenAPI 3.0 operation must have `responses`: none are assumed")
                        .hint("add the responses the operation can give");
                }
                map.insert("responses".into(), Value::Object(Map::new()));
            }
            true
        }
        Kind::OAuthFlows => {
            oauth_flows(ctx, map);
            true
        }
        Kind::Encoding => {
            encoding(ctx, map);
            true
        }
        _ => true,
    }
}

fn parameter(ctx: &mut Ctx, map: &mut Map<String, Value>) -> bool {
    let location = map
        .get("in")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string();
    let styles: &[&str] = match location.as_str() {
        "path" => &["matrix", "label", "simple"],
        "query" => &["form", "spaceDelimited", "pipeDelimited", "deepObject"],
        "header" => &["simple"],
        "cookie" => &["form"],
        "" => return true,
        "querystring" => {
            ctx.warn("a `querystring` parameter (OpenAPI 3.2) has no 3.0 form: it is left out")
                .hint("describe the query string as individual `query` parameters");
            return false;
        }
        other => {
            ctx.at("in", |ctx| {
                ctx.error(format!(
                    "parameter location `{other}` is not one of path, query, header, cookie"
                ))
                .hint("use path, query, header or cookie");
            });
            return true;
        }
    };
    if location == "header" || location == "cookie" {
        wire_name(ctx, map, &location);
    }
    if location == "path" && map.get("required") != Some(&Value::Bool(true)) {
        let name = map
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or("?")
            .to_string();
        ctx.warn(format!(
            "path parameter `{name}` is not marked `required: true`: it is treated as required"
        ))
        .hint("path parameters are always required; add `required: true`");
        map.insert("required".into(), Value::Bool(true));
    }
    if let Some(style) = map.get("style").and_then(Value::as_str) {
        if !styles.contains(&style) {
            let note = format!("style `{style}` is not allowed for a {location} parameter; the default style applies");
            keep_as_extension(ctx, map, "style", &note);
        }
    }
    schema_or_content(ctx, map, "parameter");
    true
}

/// An Encoding object: a style it cannot have is set aside with a warning,
/// and the defaults the 3.0 reader would get wrong are written out. The
/// reader takes a missing `explode` as false, where the spec defaults it to
/// true for `form`; and `explode` alone means style `form`. After this, an
/// entry has a `style` exactly when it gives a style or `explode`.
fn encoding(ctx: &mut Ctx, map: &mut Map<String, Value>) {
    const STYLES: [&str; 4] = ["form", "spaceDelimited", "pipeDelimited", "deepObject"];
    if let Some(style) = map.get("style").and_then(Value::as_str) {
        if !STYLES.contains(&style) {
            let note = format!("style `{style}` is not one a body property can have (form, spaceDelimited, pipeDelimited, deepObject); the property is written as if it gave no style");
            keep_as_extension(ctx, map, "style", &note);
        }
    }
    if map.contains_key("explode") && !map.contains_key("style") {
        map.insert("style".into(), Value::String("form".into()));
    }
    if map.get("style").and_then(Value::as_str) == Some("form") && !map.contains_key("explode") {
        map.insert("explode".into(), Value::Bool(true));
    }
}

/// A second operation with the same operationId: its generated names are
/// made unique, which the user should hear about.
fn operation_id(ctx: &mut Ctx, map: &Map<String, Value>) {
    let Some(id) = map.get("operationId").and_then(Value::as_str) else {
        return;
    };
    if let Some(first) = ctx.claim_operation_id(id) {
        ctx.at("operationId", |ctx| {
            ctx.warn(format!(
                "operationId `{id}` is already used by the operation at {first}: this one's generated method and types are renamed"
            ))
            .hint("give every operation its own operationId");
        });
    }
}

/// Header names OpenAPI says a header parameter must not use: the
/// parameter is ignored by the specification's rules.
const RESERVED_HEADERS: &[&str] = &["accept", "content-type", "authorization"];

/// Header and cookie names: RFC 9110 tokens, and not the reserved headers.
fn wire_name(ctx: &mut Ctx, map: &Map<String, Value>, location: &str) {
    let Some(name) = map.get("name").and_then(Value::as_str) else {
        return;
    };
    let token = !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b));
    if !token {
        ctx.at("name", |ctx| {
            ctx.warn(format!(
                "`{name}` is not a valid {location} name: requests carrying it fail"
            ))
            .hint("HTTP header and cookie names are tokens: letters, digits and !#$%&'*+-.^_`|~");
        });
    } else if location == "header" && RESERVED_HEADERS.contains(&name.to_ascii_lowercase().as_str())
    {
        ctx.at("name", |ctx| {
            ctx.warn(format!(
                "a header parameter named `{name}` is ignored by OpenAPI's rules: it is still generated, but it competes with the value the client sets itself"
            ))
            .hint("describe `Accept` and `Content-Type` with the responses' and request body's media types, and `Authorization` with a security scheme");
        });
    }
}

fn schema_or_content(ctx: &mut Ctx, map: &mut Map<String, Value>, what: &str) {
    match (map.contains_key("schema"), map.contains_key("content")) {
        (false, false) => {
            ctx.warn(format!(
                "the {what} has neither `schema` nor `content`: any value is accepted"
            ))
            .hint("add a `schema`");
            map.insert("schema".into(), Value::Object(Map::new()));
        }
        (true, true) => keep_as_extension(
            ctx,
            map,
            "content",
            &format!("a {what} may have `schema` or `content`, not both; `schema` is used"),
        ),
        _ => {}
    }
}

fn security_scheme(ctx: &mut Ctx, map: &mut Map<String, Value>) -> bool {
    let required: &[&str] = match map.get("type").and_then(Value::as_str) {
        Some("apiKey") => &["name", "in"],
        Some("http") => &["scheme"],
        Some("oauth2") => &["flows"],
        Some("openIdConnect") => &["openIdConnectUrl"],
        None => return true,
        Some(other) => {
            ctx.warn(format!(
                "security scheme type `{other}` has no OpenAPI 3.0 form: the scheme is left out"
            ))
            .hint("operations that require it are generated without its credentials");
            return false;
        }
    };
    for name in required {
        if !map.contains_key(*name) {
            ctx.error(format!("this security scheme must have `{name}`"))
                .hint(format!("add `{name}`"));
        }
    }
    if let Some(location) = map.get("in").and_then(Value::as_str) {
        if map.get("type").and_then(Value::as_str) == Some("apiKey")
            && !["query", "header", "cookie"].contains(&location)
        {
            ctx.at("in", |ctx| {
                ctx.error(format!("an API key cannot be sent in `{location}`"))
                    .hint("use query, header or cookie");
            });
        }
    }
    true
}

fn oauth_flows(ctx: &mut Ctx, map: &mut Map<String, Value>) {
    let needs: [(&str, &[&str]); 4] = [
        ("implicit", &["authorizationUrl"]),
        ("password", &["tokenUrl"]),
        ("clientCredentials", &["tokenUrl"]),
        ("authorizationCode", &["authorizationUrl", "tokenUrl"]),
    ];
    for (flow, urls) in needs {
        let Some(Value::Object(f)) = map.get_mut(flow) else {
            continue;
        };
        for url in urls {
            if !f.contains_key(*url) {
                ctx.at(flow, |ctx| {
                    ctx.warn(format!(
                        "the {flow} flow must have `{url}`: an empty URL is used"
                    ))
                    .hint(format!("add `{url}`"));
                });
                f.insert((*url).into(), Value::String(String::new()));
            }
        }
    }
}
