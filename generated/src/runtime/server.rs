//! Helpers for generated servers (feature `server`): reading parameters,
//! credentials and bodies as the spec describes them, and answering what
//! cannot be read with RFC 7807 problem details before a handler runs.

use axum::http::request::Parts;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
pub use bytes::Bytes;
use serde::de::DeserializeOwned;
use serde_json::{json, Value};

pub use axum;

pub use super::schema::{
    Additional, Format, List, Literal, Number, Object, Pattern, Schema, Tagged, Text, Violation,
};

use super::schema::{from_texts, object_from_texts};
use super::stream::Refusal;
use super::{QueryStyle, Secret};

/// Reads a request of an operation without a body: `read` checks the
/// path, credentials and parameters of its head. The body is not read.
pub fn read_head<R>(
    request: axum::extract::Request,
    read: impl FnOnce(&Parts) -> Result<R, Problem>,
) -> Result<R, Problem> {
    let (head, _) = request.into_parts();
    read(&head)
}

/// Reads a request of an operation with a body: `read` checks the head
/// first (path, credentials, parameters) and returns what reads the body;
/// only then is the body received, up to `limit` bytes (413 beyond).
///
/// The one `async` step of reading, written once: each generated
/// operation's reading is a plain function.
pub async fn read_request<R, B>(
    request: axum::extract::Request,
    limit: usize,
    read: impl FnOnce(&Parts) -> Result<B, Problem>,
) -> Result<R, Problem>
where
    B: FnOnce(&Parts, Bytes) -> Result<R, Problem>,
{
    let (head, body) = request.into_parts();
    let finish = read(&head)?;
    let bytes = axum::body::to_bytes(body, limit)
        .await
        .map_err(|_| Problem::payload_too_large(limit))?;
    finish(&head, bytes)
}

/// Where a value travels, for naming it in a problem.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place<'a> {
    /// A path parameter.
    Path(&'a str),
    /// A query parameter.
    Query(&'a str),
    /// A header.
    Header(&'a str),
    /// A cookie.
    Cookie(&'a str),
    /// The body.
    Body,
}

impl Place<'_> {
    /// The field at fault: the parameter with `path` inside it, or `path`
    /// inside the body (`body` for the body itself).
    fn field(self, path: &str) -> String {
        let name = match self {
            Place::Path(n) | Place::Query(n) | Place::Header(n) | Place::Cookie(n) => n,
            Place::Body if path.is_empty() => return "body".to_string(),
            Place::Body => return path.to_string(),
        };
        if path.is_empty() || path.starts_with('[') {
            format!("{name}{path}")
        } else {
            format!("{name}.{path}")
        }
    }

    fn describe(self, path: &str) -> String {
        let field = self.field(path);
        match self {
            Place::Path(_) => format!("path parameter `{field}`"),
            Place::Query(_) => format!("query parameter `{field}`"),
            Place::Header(_) => format!("header `{field}`"),
            Place::Cookie(_) => format!("cookie `{field}`"),
            Place::Body if path.is_empty() => "the body".to_string(),
            Place::Body => format!("body field `{field}`"),
        }
    }
}

/// An RFC 7807 problem: what a request got wrong.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    /// The status to answer with.
    pub status: StatusCode,
    /// A short summary of the kind of problem.
    pub title: &'static str,
    /// What exactly is wrong, naming the field and the rule.
    pub detail: String,
    /// The field at fault (`amount`, `lines[0].amount`), when there is one.
    pub field: Option<String>,
    /// The schema keyword broken (`maxLength`, `required`), when there is one.
    pub rule: Option<&'static str>,
}

impl Problem {
    fn new(status: StatusCode, title: &'static str, detail: String) -> Self {
        Problem {
            status,
            title,
            detail,
            field: None,
            rule: None,
        }
    }

    /// 400: `what` (`query parameter \`limit\``, `body`) breaks a rule of
    /// its schema.
    pub fn invalid(what: Place<'_>, violation: Violation) -> Self {
        let field = what.field(&violation.path);
        let detail = format!(
            "{} {} ({})",
            what.describe(&violation.path),
            violation.message,
            violation.rule
        );
        Problem {
            field: Some(field),
            rule: Some(violation.rule),
            ..Problem::bad_request(detail)
        }
    }
    /// 400: a parameter or body is missing or does not fit.
    pub fn bad_request(detail: impl Into<String>) -> Self {
        Problem::new(StatusCode::BAD_REQUEST, "Bad Request", detail.into())
    }

    /// 401: the operation's credentials are missing.
    pub fn unauthorized(detail: impl Into<String>) -> Self {
        Problem::new(StatusCode::UNAUTHORIZED, "Unauthorized", detail.into())
    }

    /// 404: the path is none of the operation's (or of the operations
    /// sharing its route).
    pub fn not_found() -> Self {
        Problem::new(
            StatusCode::NOT_FOUND,
            "Not Found",
            "no operation serves this path".to_string(),
        )
    }

    /// 413: the body is larger than the server accepts.
    pub fn payload_too_large(limit: usize) -> Self {
        Problem::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "Payload Too Large",
            format!("the body is larger than {limit} bytes"),
        )
    }

    /// 415: the body's content type is not one the operation accepts.
    pub fn unsupported_media_type(detail: impl Into<String>) -> Self {
        Problem::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "Unsupported Media Type",
            detail.into(),
        )
    }
}

/// How an operation's documented response for a status carries a problem.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProblemBody {
    /// The status.
    pub status: u16,
    /// The documented media type.
    pub media_type: &'static str,
    /// A JSON value of the documented schema.
    pub template: &'static str,
    /// Where in it the detail goes (a JSON pointer).
    pub detail_at: Option<&'static str>,
    /// The longest detail that schema allows, in characters.
    pub max_length: Option<usize>,
}

impl Problem {
    /// The problem as `bodies` say the operation documents its status, or
    /// as problem details when it documents none.
    pub fn respond(self, bodies: &[ProblemBody]) -> Response {
        let Some(body) = bodies.iter().find(|b| b.status == self.status.as_u16()) else {
            return self.into_response();
        };
        let Ok(mut value) = serde_json::from_str::<Value>(body.template) else {
            return self.into_response();
        };
        if let Some(slot) = body.detail_at.and_then(|at| value.pointer_mut(at)) {
            let detail = match body.max_length {
                Some(max) => self.detail.chars().take(max).collect(),
                None => self.detail.clone(),
            };
            *slot = Value::String(detail);
        }
        (
            self.status,
            [(header::CONTENT_TYPE, body.media_type)],
            value.to_string(),
        )
            .into_response()
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let mut body = json!({
            "type": "about:blank",
            "title": self.title,
            "status": self.status.as_u16(),
            "detail": self.detail,
        });
        if let (Some(field), Some(rule)) = (self.field, self.rule) {
            body["field"] = Value::String(field);
            body["rule"] = Value::String(rule.to_string());
        }
        (
            self.status,
            [(header::CONTENT_TYPE, "application/problem+json")],
            body.to_string(),
        )
            .into_response()
    }
}

/// The query string's pairs, decoded.
pub fn query_pairs(query: Option<&str>) -> Vec<(String, String)> {
    let Some(query) = query else {
        return Vec::new();
    };
    query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (decode(k), decode(v))
        })
        .collect()
}

fn decode(s: &str) -> String {
    let s = s.replace('+', " ");
    percent_encoding::percent_decode_str(&s)
        .decode_utf8_lossy()
        .into_owned()
}

/// Reads `T` from parameter texts as `schema` describes them, checking
/// the schema's rules first.
fn read<T: DeserializeOwned>(
    place: Place<'_>,
    texts: &[String],
    schema: &Schema,
) -> Result<T, Problem> {
    let value = from_texts(schema, texts).map_err(|v| Problem::invalid(place, v))?;
    match typed(place, value, schema) {
        Err(_) if schema.is_untyped() => {
            let strings = match texts {
                [one] => Value::String(one.clone()),
                many => Value::Array(many.iter().cloned().map(Value::String).collect()),
            };
            typed(place, strings, schema)
        }
        result => result,
    }
}

/// `value` checked against `schema`, then as `T`.
fn typed<T: DeserializeOwned>(
    place: Place<'_>,
    value: Value,
    schema: &Schema,
) -> Result<T, Problem> {
    schema
        .validate(&value)
        .map_err(|v| Problem::invalid(place, v))?;
    serde_json::from_value(value)
        .map_err(|e| Problem::bad_request(format!("{} does not fit: {e}", place.describe(""))))
}

/// A query parameter written in `style`; `None` when absent and optional.
pub fn query<T: DeserializeOwned>(
    pairs: &[(String, String)],
    name: &str,
    style: QueryStyle,
    explode: bool,
    required: bool,
    schema: &Schema,
) -> Result<Option<T>, Problem> {
    if style == QueryStyle::DeepObject {
        return deep_object(pairs, name, required, schema);
    }
    let mut values: Vec<String> = pairs
        .iter()
        .filter(|(k, _)| k == name)
        .map(|(_, v)| v.clone())
        .collect();
    let separator = match style {
        QueryStyle::Form if !explode => Some(','),
        QueryStyle::SpaceDelimited => Some(' '),
        QueryStyle::PipeDelimited => Some('|'),
        _ => None,
    };
    if let (Some(sep), [single], true) = (separator, values.as_slice(), schema.is_list()) {
        if single.contains(sep) {
            values = single.split(sep).map(str::to_string).collect();
        }
    }
    if values.is_empty() {
        return missing("query parameter", name, required);
    }
    if schema.is_list() && values.iter().all(String::is_empty) {
        values.clear();
    }
    read(Place::Query(name), &values, schema).map(Some)
}

/// An object query parameter written `form` and exploded: each of its
/// properties is a pair of its own (`?email=a&status=1`). The pairs are
/// its declared properties, or, when it declares none, every pair that
/// is not one of the operation's `others` parameters.
pub fn query_object<T: DeserializeOwned>(
    pairs: &[(String, String)],
    name: &str,
    required: bool,
    schema: &Schema,
    others: &[&str],
) -> Result<Option<T>, Problem> {
    let declared = schema.property_names();
    let fields: Vec<(String, String)> = pairs
        .iter()
        .filter(|(k, _)| match declared {
            [] => !others.contains(&k.as_str()),
            names => names.iter().any(|(n, _)| n == k),
        })
        .cloned()
        .collect();
    if fields.is_empty() {
        return missing("query parameter", name, required);
    }
    let place = Place::Query(name);
    let value = object_from_texts(schema, &fields).map_err(|v| Problem::invalid(place, v))?;
    typed(place, value, schema).map(Some)
}

/// A cookie parameter; `None` when absent and optional.
pub fn cookie<T: DeserializeOwned>(
    headers: &HeaderMap,
    name: &str,
    required: bool,
    schema: &Schema,
) -> Result<Option<T>, Problem> {
    let values: Vec<String> = cookie_pairs(headers)
        .into_iter()
        .filter(|(k, _)| k == name)
        .map(|(_, v)| {
            percent_encoding::percent_decode_str(&v)
                .decode_utf8_lossy()
                .into_owned()
        })
        .collect();
    if values.is_empty() {
        return missing("cookie", name, required);
    }
    read(Place::Cookie(name), &values, schema).map(Some)
}

fn deep_object<T: DeserializeOwned>(
    pairs: &[(String, String)],
    name: &str,
    required: bool,
    schema: &Schema,
) -> Result<Option<T>, Problem> {
    let prefix = format!("{name}[");
    let fields: Vec<(String, String)> = pairs
        .iter()
        .filter_map(|(k, v)| {
            let field = k.strip_prefix(&prefix)?.strip_suffix(']')?;
            Some((field.to_string(), v.clone()))
        })
        .collect();
    if fields.is_empty() {
        return missing("query parameter", name, required);
    }
    let place = Place::Query(name);
    let value = object_from_texts(schema, &fields).map_err(|v| Problem::invalid(place, v))?;
    typed(place, value, schema).map(Some)
}

fn missing<T>(what: &str, name: &str, required: bool) -> Result<Option<T>, Problem> {
    if required {
        Err(Problem::bad_request(format!("{what} `{name}` is required")))
    } else {
        Ok(None)
    }
}

/// The request's cookies as name and value pairs.
pub fn cookie_pairs(headers: &HeaderMap) -> Vec<(String, String)> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|c| c.trim().split_once('='))
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// One piece of a path segment in a generated server's route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathPiece {
    /// Literal text, percent-encoded as clients send it.
    Text(&'static str),
    /// A parameter, by its wire name.
    Param(&'static str),
}

/// The path parameters of a request as sent (percent-encoded), by wire name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PathParams<'a>(Vec<(&'static str, &'a str)>);

impl<'a> PathParams<'a> {
    /// The text sent for `name`.
    pub fn get(&self, name: &str) -> Option<&'a str> {
        self.0.iter().find(|(n, _)| *n == name).map(|(_, v)| *v)
    }
}

/// The parameters of `path` when it is one of `route`'s paths (one list
/// of pieces per segment between `/`); `None` when it is not. A
/// parameter that is a whole segment may be empty (its reader then says
/// so); one inside a segment takes at least one character. Where the text after a
/// parameter also occurs in its value, the later parameters take as
/// little as they can (`{name}.{ext}` reads `a.b.json` as `a.b` and
/// `json`). A parameter written twice must be sent the same both times.
pub fn match_path<'a>(path: &'a str, route: &[&[PathPiece]]) -> Option<PathParams<'a>> {
    let mut segments = path.split('/');
    if segments.next() != Some("") {
        return None;
    }
    let mut params = Vec::new();
    for pieces in route {
        let segment = segments.next()?;
        for (name, value) in match_segment(segment, pieces)? {
            match params.iter().find(|(n, _)| *n == name) {
                Some((_, sent)) if *sent != value => return None,
                Some(_) => {}
                None => params.push((name, value)),
            }
        }
    }
    match segments.next() {
        Some(_) => None,
        None => Some(PathParams(params)),
    }
}

/// The parameters of one segment matched against its pieces, read from
/// the right: each parameter but the first ends before the last place
/// its following text can start.
fn match_segment<'a>(
    segment: &'a str,
    pieces: &[PathPiece],
) -> Option<Vec<(&'static str, &'a str)>> {
    if let [PathPiece::Param(name)] = pieces {
        return Some(vec![(*name, segment)]);
    }
    let (mut rest, mut pieces) = (segment, pieces);
    if let Some((PathPiece::Text(text), more)) = pieces.split_first() {
        rest = rest.strip_prefix(text)?;
        pieces = more;
    }
    if let Some((PathPiece::Text(text), more)) = pieces.split_last() {
        rest = rest.strip_suffix(text)?;
        pieces = more;
    }
    let mut found = Vec::new();
    loop {
        match pieces {
            [] => return rest.is_empty().then_some(found),
            [PathPiece::Param(name)] => {
                found.push((*name, rest));
                return (!rest.is_empty()).then_some(found);
            }
            [more @ .., PathPiece::Text(text), PathPiece::Param(name)] if !more.is_empty() => {
                let at = last_split(rest, text)?;
                found.push((*name, &rest[at + text.len()..]));
                rest = &rest[..at];
                pieces = more;
            }
            _ => return None,
        }
    }
}

/// The last place `text` starts in `rest` with at least one character
/// before it and after it.
fn last_split(rest: &str, text: &str) -> Option<usize> {
    let last = rest.len().checked_sub(text.len() + 1)?;
    (1..=last)
        .rev()
        .find(|&at| rest.is_char_boundary(at) && rest[at..].starts_with(text))
}

/// A path parameter written in `style` (`simple`, `label` or `matrix`):
/// percent-decoded, the style's prefix taken off, lists split at their
/// delimiter.
pub fn path<T: DeserializeOwned>(
    params: &PathParams<'_>,
    name: &str,
    style: super::PathStyle,
    explode: bool,
    schema: &Schema,
) -> Result<T, Problem> {
    let Some(sent) = params.get(name) else {
        return Err(Problem::bad_request(format!(
            "path parameter `{name}` is required"
        )));
    };
    let Ok(raw) = percent_encoding::percent_decode_str(sent).decode_utf8() else {
        return Err(Problem::bad_request(format!(
            "path parameter `{name}` is not UTF-8 text"
        )));
    };
    let (text, separator) = match style {
        super::PathStyle::Simple => (Some(&*raw), ","),
        super::PathStyle::Label => (raw.strip_prefix('.'), if explode { "." } else { "," }),
        super::PathStyle::Matrix => {
            let prefix = format!(";{name}");
            let rest = raw.strip_prefix(&prefix);
            (rest.map(|r| r.strip_prefix('=').unwrap_or(r)), ",")
        }
    };
    let Some(text) = text.filter(|t| !t.is_empty() || style != super::PathStyle::Simple) else {
        return Err(Problem::bad_request(format!(
            "path parameter `{name}` is empty or not written in its style"
        )));
    };
    let values: Vec<String> = match (schema.is_list(), style, explode) {
        (true, super::PathStyle::Matrix, true) => {
            let repeat = format!(";{name}=");
            text.split(repeat.as_str()).map(str::to_string).collect()
        }
        (true, _, _) => text.split(separator).map(str::to_string).collect(),
        (false, _, _) => vec![text.to_string()],
    };
    read(Place::Path(name), &values, schema)
}

/// A query parameter whose `content` is JSON; `None` when absent and
/// optional.
pub fn query_json<T: DeserializeOwned>(
    pairs: &[(String, String)],
    name: &str,
    required: bool,
    schema: &Schema,
) -> Result<Option<T>, Problem> {
    let Some((_, text)) = pairs.iter().find(|(k, _)| k == name) else {
        return missing("query parameter", name, required);
    };
    let value: Value = serde_json::from_str(text)
        .map_err(|e| Problem::bad_request(format!("query parameter `{name}` is not JSON: {e}")))?;
    typed(Place::Query(name), value, schema).map(Some)
}

/// A header parameter (`simple` style); `None` when absent and optional.
pub fn header_param<T: DeserializeOwned>(
    headers: &HeaderMap,
    name: &str,
    required: bool,
    schema: &Schema,
) -> Result<Option<T>, Problem> {
    let Some(raw) = headers.get(name).and_then(|v| v.to_str().ok()) else {
        return missing("header", name, required);
    };
    let values = if schema.is_list() {
        raw.split(',').map(|s| s.trim().to_string()).collect()
    } else {
        vec![raw.to_string()]
    };
    read(Place::Header(name), &values, schema).map(Some)
}

/// A bearer token from `Authorization`.
pub fn bearer(headers: &HeaderMap) -> Option<Secret> {
    authorization(headers, "bearer")
}

/// The credential of `Authorization: <scheme> <credential>`, the scheme
/// compared without regard to case.
pub fn authorization(headers: &HeaderMap, scheme: &str) -> Option<Secret> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (sent, credential) = value.split_once(' ')?;
    sent.eq_ignore_ascii_case(scheme)
        .then(|| Secret::from(credential.trim()))
}

/// User and password from a basic `Authorization`.
pub fn basic(headers: &HeaderMap) -> Option<(Secret, Secret)> {
    use base64::Engine;
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, encoded) = value.split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return None;
    }
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(encoded.trim())
        .ok()?;
    // Held as a secret at once, so the decoded text is zeroed when dropped.
    let text = Secret::from(String::from_utf8(decoded).ok()?);
    let (user, password) = text.expose().split_once(':')?;
    Some((Secret::from(user), Secret::from(password)))
}

/// An API key from its header, query parameter or cookie.
pub fn api_key(
    headers: &HeaderMap,
    pairs: &[(String, String)],
    location: super::ApiKeyLocation,
    name: &str,
) -> Option<Secret> {
    match location {
        super::ApiKeyLocation::Header => headers.get(name)?.to_str().ok().map(Secret::from),
        super::ApiKeyLocation::Query => pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| Secret::from(v)),
        super::ApiKeyLocation::Cookie => cookie_pairs(headers)
            .into_iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| Secret::from(v)),
    }
}

/// A JSON body: 415 when another content type is sent, 400 when it does
/// not fit, `None` when absent and optional.
pub fn json_body<T: DeserializeOwned>(
    headers: &HeaderMap,
    body: &Bytes,
    required: bool,
    schema: &Schema,
) -> Result<Option<T>, Problem> {
    if body.is_empty() {
        return missing("body", "body", required);
    }
    let media = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| {
            v.split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase()
        })
        .unwrap_or_default();
    let is_json = media == "application/json" || media.ends_with("+json") || media == "text/json";
    if !is_json {
        return Err(Problem::unsupported_media_type(format!(
            "expected a JSON body, got `{media}`"
        )));
    }
    if !matches!(schema, Schema::Any) {
        super::stream::check_json(schema, body).map_err(|refusal| match refusal {
            Refusal::Invalid(v) => Problem::invalid(Place::Body, v),
            Refusal::Malformed(e) => Problem::bad_request(format!("the body is not JSON: {e}")),
        })?;
    }
    match serde_json::from_slice(body) {
        Ok(value) => Ok(Some(value)),
        Err(e) => decode_leniently(body)
            .ok_or_else(|| Problem::bad_request(format!("the body does not fit its type: {e}")))
            .map(Some),
    }
}

/// A body that passed its schema but not its type's decoder, decoded
/// again with integral numbers written as such: JSON Schema counts `5.0`
/// as an integer, serde's integers do not.
fn decode_leniently<T: DeserializeOwned>(body: &Bytes) -> Option<T> {
    fn integral(value: &mut Value) {
        match value {
            Value::Number(n) => {
                if let Some(f) = n
                    .as_f64()
                    .filter(|f| n.is_f64() && f.fract() == 0.0 && f.abs() < 9.0e15)
                {
                    *value = Value::from(f as i64);
                }
            }
            Value::Array(items) => items.iter_mut().for_each(integral),
            Value::Object(map) => map.values_mut().for_each(integral),
            _ => {}
        }
    }
    let mut value: Value = serde_json::from_slice(body).ok()?;
    integral(&mut value);
    serde_json::from_value(value).ok()
}

/// A handler's answer: one of the operation's documented responses, the
/// exact status for a range or `default` response, and headers to send.
#[derive(Debug, Clone)]
pub struct Reply<T> {
    /// The documented response.
    pub response: T,
    /// The status for a range (`4XX`) or `default` response; ignored for a
    /// response documented with one code.
    pub status: Option<StatusCode>,
    /// Headers sent with the response (the spec's documented response
    /// headers among them).
    pub headers: HeaderMap,
}

impl<T> Reply<T> {
    /// A reply with the response's own status and no extra headers.
    pub fn new(response: T) -> Self {
        Reply {
            response,
            status: None,
            headers: HeaderMap::new(),
        }
    }

    /// Sets the status of a range or `default` response (`409` for a `4XX`).
    pub fn with_status(mut self, status: StatusCode) -> Self {
        self.status = Some(status);
        self
    }

    /// Adds a header.
    pub fn with_header(mut self, name: header::HeaderName, value: header::HeaderValue) -> Self {
        self.headers.append(name, value);
        self
    }
}

impl<T> From<T> for Reply<T> {
    fn from(response: T) -> Self {
        Reply::new(response)
    }
}

/// Which statuses a documented response covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusRule {
    /// One code.
    Code(u16),
    /// A range: `4` for `4XX`.
    Range(u16),
    /// `default`: any code the spec does not list.
    Default,
}

impl StatusRule {
    /// The status to answer with: the chosen one when this rule covers it,
    /// else the rule's first code (`4XX` answers 400, `default` 500).
    pub fn pick(self, chosen: Option<StatusCode>) -> StatusCode {
        let fallback = match self {
            StatusRule::Code(code) => code,
            StatusRule::Range(range) => range * 100,
            StatusRule::Default => 500,
        };
        let covered = |s: StatusCode| match self {
            StatusRule::Code(code) => s.as_u16() == code,
            StatusRule::Range(range) => s.as_u16() / 100 == range,
            StatusRule::Default => true,
        };
        match chosen {
            Some(s) if covered(s) => s,
            _ => StatusCode::from_u16(fallback).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
        }
    }
}

/// `response` with `headers` added.
pub fn with_headers(mut response: Response, headers: HeaderMap) -> Response {
    if !headers.is_empty() {
        response.headers_mut().extend(headers);
    }
    response
}

/// A response without a body.
pub fn empty_response(status: StatusCode) -> Response {
    status.into_response()
}

/// A JSON response; a value that cannot be serialized is a 500 problem.
pub fn json_response(status: StatusCode, value: &impl serde::Serialize) -> Response {
    match serde_json::to_vec(value) {
        Ok(body) => (status, [(header::CONTENT_TYPE, "application/json")], body).into_response(),
        Err(e) => Problem::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "Internal Server Error",
            format!("the response did not serialize: {e}"),
        )
        .into_response(),
    }
}

/// A response with a body of a given media type.
pub fn raw_response(
    status: StatusCode,
    media_type: &'static str,
    body: impl Into<axum::body::Body>,
) -> Response {
    (status, [(header::CONTENT_TYPE, media_type)], body.into()).into_response()
}

/// A form-urlencoded body as `T`.
pub fn form_body<T: DeserializeOwned>(
    body: &Bytes,
    required: bool,
    schema: &Schema,
) -> Result<Option<T>, Problem> {
    if body.is_empty() {
        return missing("body", "body", required);
    }
    let text = String::from_utf8_lossy(body);
    let pairs = query_pairs(Some(&text));
    let value = object_from_texts(schema, &pairs).map_err(|v| Problem::invalid(Place::Body, v))?;
    typed(Place::Body, value, schema).map(Some)
}

#[cfg(test)]
mod tests {
    use super::{match_path, PathParams, PathPiece};
    use PathPiece::{Param, Text};

    fn params<'a>(path: &'a str, route: &[&[PathPiece]]) -> Option<Vec<(&'static str, &'a str)>> {
        match_path(path, route).map(|PathParams(list)| list)
    }

    #[test]
    fn parameters_inside_a_segment_leave_the_last_text_to_the_last_one() {
        let route: &[&[PathPiece]] = &[&[Text("k")], &[Param("id"), Text("."), Param("ext")]];
        assert_eq!(
            params("/k/a.b.json", route),
            Some(vec![("ext", "json"), ("id", "a.b")])
        );
        assert_eq!(params("/k/ab", route), None);
        assert_eq!(params("/k/.json", route), None);
        assert_eq!(params("/k/a.", route), None);
        assert_eq!(params("/k/a.b/c", route), None);
        let repeated: &[&[PathPiece]] = &[&[Text("v"), Param("a"), Text("aa"), Param("b")]];
        assert_eq!(
            params("/vxaaaay", repeated),
            Some(vec![("b", "y"), ("a", "xaa")])
        );
        assert_eq!(
            params("/vaaaa", repeated),
            Some(vec![("b", "a"), ("a", "a")])
        );
    }

    #[test]
    fn literal_segments_and_slashes_must_match_exactly() {
        let route: &[&[PathPiece]] = &[&[Text("t")], &[], &[Text(":x")]];
        assert!(params("/t//:x", route).is_some());
        assert_eq!(params("/t/:x", route), None);
        assert_eq!(params("/t//:x/", route), None);
        assert_eq!(params("t//:x", route), None);
        let whole: &[&[PathPiece]] = &[&[Text("a")], &[Param("id")]];
        assert_eq!(params("/a/", whole), Some(vec![("id", "")]));
        let root: &[&[PathPiece]] = &[&[]];
        assert_eq!(params("/", root), Some(vec![]));
        assert_eq!(params("", root), None);
    }

    #[test]
    fn a_parameter_written_twice_must_be_sent_the_same() {
        let route: &[&[PathPiece]] = &[&[Param("id")], &[Param("id")]];
        assert_eq!(params("/1/1", route), Some(vec![("id", "1")]));
        assert_eq!(params("/1/2", route), None);
    }
}
