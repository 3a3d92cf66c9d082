//! Stage 5, lower: the `openapiv3` model to the generator's intermediate
//! representation: plain data, no token streams. Types live in one map
//! keyed by id, so output order is the order types were met: deterministic.

mod checks;
pub mod custom;
mod events;
pub mod features;
mod limits;
mod names;
mod nullable;
mod operations;
mod paging;
mod pointers;
mod recursion;
mod routes;
pub mod rust_path;
mod select;
mod styles;
pub mod surface;
mod tokens;
mod types;
mod visit;

use std::collections::BTreeMap;

pub use checks::{Additional, ArrayRule, Check, Format, NumRule, ObjectRule, Property, StrRule};
pub use custom::{Customisation, Patch};
pub use operations::{lower, lower_custom, lower_with};
pub use rust_path::RustPath;
pub use select::select;
pub use surface::{RustType, Surface};

/// Identifies a named type.
pub type TypeId = usize;

/// Everything emitters need to know about one API.
#[derive(Clone, Debug, Default)]
pub struct Api {
    /// `info.title`.
    pub title: String,
    /// `info.version`.
    pub version: String,
    /// `info.description`.
    pub description: Option<String>,
    /// Servers, with variables replaced by their defaults.
    pub servers: Vec<Server>,
    /// Security schemes, in declaration order.
    pub schemes: Vec<SecurityScheme>,
    /// Operations, in document order.
    pub operations: Vec<Operation>,
    /// Named types.
    pub types: BTreeMap<TypeId, TypeDef>,
    /// Tags with their descriptions.
    pub tags: Vec<(String, Option<String>)>,
    /// The checks of component schemas, by component name.
    pub checks: BTreeMap<String, Check>,
    /// Webhooks and callbacks: requests the API sends, in document order
    /// (webhooks first).
    pub events: Vec<Event>,
    /// How events are signed (`x-paylink-webhook-signature`).
    pub signature: Option<WebhookSignature>,
    /// The Cargo features operations and types are compiled under (none
    /// unless the `tag_features` option asks: [`features::plan`]).
    pub features: features::Features,
}

impl Api {
    /// Whether a value of `ty` can hold a `Secret`, through any field,
    /// item or variant of the types it names.
    pub fn holds_secret(&self, ty: &TypeRef) -> bool {
        let mut seen = std::collections::BTreeSet::new();
        self.reaches_secret(ty, &mut seen)
    }

    /// Whether an operation's documented responses can carry a `Secret`
    /// (a token operation's, say).
    pub fn responses_hold_secrets(&self, op: &Operation) -> bool {
        op.responses
            .iter()
            .flat_map(|r| &r.contents)
            .any(|c| self.holds_secret(&c.ty))
    }

    fn reaches_secret(&self, ty: &TypeRef, seen: &mut std::collections::BTreeSet<TypeId>) -> bool {
        match ty {
            TypeRef::Secret => true,
            TypeRef::Array(t) | TypeRef::Map(t) | TypeRef::Nullable(t) => {
                self.reaches_secret(t, seen)
            }
            TypeRef::Named(id) if seen.insert(*id) => match self.types.get(id).map(|d| &d.kind) {
                Some(TypeKind::Struct(s)) => {
                    s.fields.iter().any(|f| self.reaches_secret(&f.ty, seen))
                        || s.additional
                            .as_ref()
                            .is_some_and(|t| self.reaches_secret(t, seen))
                }
                Some(TypeKind::Union(u)) => {
                    u.variants.iter().any(|v| self.reaches_secret(&v.ty, seen))
                }
                Some(TypeKind::Alias(t) | TypeKind::Newtype(t)) => self.reaches_secret(t, seen),
                _ => false,
            },
            _ => false,
        }
    }
}

/// A request the API sends rather than serves: a webhook, or a callback of
/// one of its operations. Its operation is lowered as the paths' are, and
/// is routed at `/<name>` by the receiver and sent there by the sender.
#[derive(Clone, Debug)]
pub struct Event {
    /// Where the spec declares it.
    pub source: EventSource,
    /// The request and its answers (no security, no servers: the
    /// signature stands for the credentials, the receiver's URL for the
    /// server).
    pub operation: Operation,
}

/// Where an event is declared.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EventSource {
    /// A top-level `webhooks` entry, by its key.
    Webhook(String),
    /// A `callbacks` entry of an operation.
    Callback {
        /// The method name of the operation declaring it.
        operation: String,
        /// The callback's key.
        name: String,
        /// The runtime expression of its URL (`{$request.body#/callbackUrl}`),
        /// kept for documentation: it is not evaluated.
        expression: String,
    },
}

/// How events are signed, from `x-paylink-webhook-signature`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WebhookSignature {
    /// The scheme.
    pub scheme: SignatureScheme,
    /// The header carrying the signature (an HTTP token).
    pub header: String,
    /// How signature bytes are written.
    pub encoding: SignatureEncoding,
    /// Text before the signature (plain HMAC only).
    pub prefix: String,
    /// How far a timestamp may be from now, in seconds (timestamped only).
    pub tolerance: u64,
    /// The signed fields, JSON pointers in order (fields scheme only).
    pub fields: Vec<String>,
    /// The text between two signed values (fields scheme only).
    pub separator: String,
}

/// The signature schemes of [`WebhookSignature`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SignatureScheme {
    /// HMAC-SHA256 of the raw body (`hmac-sha256`).
    HmacSha256,
    /// `t=<unix seconds>,v1=<HMAC-SHA256 of "<t>.<body>">`
    /// (`timestamped-hmac-sha256`).
    TimestampedHmacSha256,
    /// HMAC-SHA256 of the values of named payload fields, joined by a
    /// separator (`fields-hmac-sha256`).
    FieldsHmacSha256,
}

/// How signature bytes are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SignatureEncoding {
    /// Hex.
    Hex,
    /// Base64.
    Base64,
}

/// One server URL.
#[derive(Clone, Debug)]
pub struct Server {
    /// The URL.
    pub url: String,
    /// What it is.
    pub description: Option<String>,
    /// The name of its client constructor (`sandbox`, `production`), from
    /// the server's `x-paylink-environment`; `None` without one, or when
    /// the name cannot be used (a warning says why).
    pub environment: Option<String>,
    /// For an environment: the operations' own servers it replaces, as
    /// (the operation's default server, its server for this environment),
    /// from operation servers naming the same environment.
    pub replaces: Vec<(String, String)>,
}

/// A security scheme and how its credential travels.
#[derive(Clone, Debug)]
pub struct SecurityScheme {
    /// The scheme's name in the spec.
    pub wire: String,
    /// Its Rust name (snake case).
    pub rust: String,
    /// How it is applied.
    pub kind: SchemeKind,
    /// Its description.
    pub description: Option<String>,
    /// How its credential is obtained, when the client can obtain it.
    pub token: Option<TokenSpec>,
}

/// How a scheme's credential (a token) is obtained from longer-lived ones.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TokenSpec {
    /// The OAuth 2 client-credentials flow.
    ClientCredentials {
        /// Where tokens are requested.
        token_url: String,
        /// Where they are refreshed, when not at `token_url`.
        refresh_url: Option<String>,
    },
    /// One of the API's own operations, declared with `x-paylink-token`.
    Exchange(Exchange),
}

/// A token operation and where its answer holds the token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Exchange {
    /// The operation's method name ([`Operation::name`]).
    pub operation: String,
    /// The success response whose body holds the token.
    pub status: Status,
    /// The schemes the token operation itself needs (their credentials
    /// are what the client is given instead of the token).
    pub credentials: Vec<String>,
    /// JSON pointer to the token in that body.
    pub token: String,
    /// JSON pointer to its lifetime in seconds, when the body has one.
    pub expires_in: Option<String>,
    /// A fixed lifetime in seconds.
    pub lifetime: Option<u64>,
    /// Whether each token serves one call only.
    pub single_use: bool,
}

/// How a list operation's pages are followed (detected from the spec, or
/// declared with `x-paylink-pagination`).
#[derive(Clone, Debug, PartialEq)]
pub struct Paging {
    /// The success response whose body is a page.
    pub status: Status,
    /// JSON pointer to the items array in a page.
    pub items: String,
    /// The type of one item.
    pub item: TypeRef,
    /// JSON pointer to a "there are more" flag.
    pub has_more: Option<String>,
    /// How the next page is asked for.
    pub next: NextPage,
    /// The Rust name of the query parameter that takes the cursor or page
    /// number.
    pub param: String,
}

/// How the next page is asked for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NextPage {
    /// The page holds the next cursor at this pointer.
    Cursor(String),
    /// The cursor is the field at this pointer of the page's last item.
    LastItem(String),
    /// The page links to the next page (a URL, a link object or an array
    /// of links with `rel: next`) at `from`; the cursor is the link's query
    /// parameter `param`.
    Link {
        /// Pointer to the link.
        from: String,
        /// The link's query parameter holding the cursor.
        param: String,
    },
    /// Pages are numbered from `first`; `total` points at the page count.
    Number {
        /// The first page's number.
        first: u64,
        /// Pointer to the number of pages.
        total: Option<String>,
    },
}

/// How a credential is applied to a request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SchemeKind {
    /// An API key in a header, the query or a cookie.
    ApiKey {
        /// `header`, `query` or `cookie`.
        location: ParamLocation,
        /// The header, parameter or cookie name.
        name: String,
    },
    /// `Authorization: Bearer <token>` (also OAuth 2 and OpenID Connect).
    Bearer,
    /// `Authorization: Basic ...`.
    Basic,
    /// Another HTTP scheme: `Authorization: <scheme> <credentials>`.
    OtherHttp(String),
}

/// Where a parameter travels.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParamLocation {
    /// In the path.
    Path,
    /// In the query string.
    Query,
    /// In a header.
    Header,
    /// In a cookie.
    Cookie,
}

/// How a parameter is written (`style`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    /// `simple` (path, header).
    Simple,
    /// `label` (path).
    Label,
    /// `matrix` (path).
    Matrix,
    /// `form` (query, cookie).
    Form,
    /// `spaceDelimited`.
    SpaceDelimited,
    /// `pipeDelimited`.
    PipeDelimited,
    /// `deepObject`.
    DeepObject,
    /// No style: the parameter's `content` is JSON, and the value is sent
    /// as JSON text.
    Json,
}

/// One operation.
#[derive(Clone, Debug)]
pub struct Operation {
    /// Method name (snake case), unique.
    pub name: String,
    /// Base for the names of types made for this operation (Pascal case);
    /// also the name of its request builder.
    pub type_base: String,
    /// The name of its response enum.
    pub response_type: String,
    /// `operationId`, when given.
    pub operation_id: Option<String>,
    /// Upper-case HTTP method.
    pub method: String,
    /// The path template.
    pub path: String,
    /// `summary`.
    pub summary: Option<String>,
    /// `description`.
    pub description: Option<String>,
    /// `deprecated`.
    pub deprecated: bool,
    /// Tags.
    pub tags: Vec<String>,
    /// Parameters: path-item ones merged with the operation's.
    pub params: Vec<Param>,
    /// The request body.
    pub body: Option<Body>,
    /// Documented responses: codes first, then ranges, then `default`.
    pub responses: Vec<Response>,
    /// Security: any one of these sets, each needing all of its schemes.
    /// Empty: no credentials. A set that is empty makes credentials optional.
    pub security: Vec<Vec<String>>,
    /// The OAuth 2 scopes its security requirements name, per scheme
    /// (schemes without scopes are left out).
    pub scopes: Vec<(String, Vec<String>)>,
    /// Servers of this operation (empty: the API's).
    pub servers: Vec<String>,
    /// Those of its servers that name an environment, as (environment
    /// name, URL).
    pub server_environments: Vec<(String, String)>,
    /// How its pages are followed, when it lists something in pages.
    pub paging: Option<Paging>,
    /// How servers route it: the path's segments (split at `/`, the first
    /// one empty) as the client sends them. `None`: left out of the
    /// server's router, with a warning saying why.
    pub route: Option<Vec<Vec<PathPiece>>>,
}

/// One piece of a path segment.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum PathPiece {
    /// Literal text, percent-encoded as the client's URL parser sends it.
    Text(String),
    /// A parameter, by its wire name.
    Param(String),
}

impl Operation {
    /// The first success response (a `2xx` code or the `2XX` range) with a
    /// JSON body: its status and that body.
    pub fn json_success(&self) -> Option<(Status, &Content)> {
        self.responses.iter().find_map(|r| {
            let success = matches!(r.status, Status::Code(200..=299) | Status::Range(2));
            let json = r.contents.iter().find(|c| c.encoding == Encoding::Json)?;
            success.then_some((r.status, json))
        })
    }

    /// Whether sending it twice has the effect of sending it once: an
    /// idempotent method (RFC 9110 9.2.2), or a call carrying an
    /// idempotency key (which the client always fills). Only such calls
    /// are retried.
    pub fn idempotent(&self) -> bool {
        matches!(
            self.method.as_str(),
            "GET" | "HEAD" | "PUT" | "DELETE" | "OPTIONS" | "TRACE"
        ) || self.params.iter().any(|p| p.idempotency_key)
    }
}

/// One parameter.
#[derive(Clone, Debug)]
pub struct Param {
    /// Rust name, unique within the operation.
    pub rust: String,
    /// Name on the wire.
    pub wire: String,
    /// Where it travels.
    pub location: ParamLocation,
    /// Whether the caller must give it.
    pub required: bool,
    /// Style.
    pub style: Style,
    /// Explode.
    pub explode: bool,
    /// Its type.
    pub ty: TypeRef,
    /// What a server checks beyond the type.
    pub check: Check,
    /// Its description.
    pub description: Option<String>,
    /// Whether it is deprecated.
    pub deprecated: bool,
    /// Whether it is an idempotency key (a header named `Idempotency-Key`
    /// or `X-Idempotency-Key`, or marked `x-paylink-idempotency-key`): the
    /// client fills it with a fresh UUID unless the caller sets it, and
    /// may then retry the call.
    pub idempotency_key: bool,
}

/// A request body.
#[derive(Clone, Debug)]
pub struct Body {
    /// Whether it must be sent.
    pub required: bool,
    /// Its description.
    pub description: Option<String>,
    /// One entry per distinct encoding, in the spec's order.
    pub contents: Vec<Content>,
}

/// One media type of a body.
#[derive(Clone, Debug)]
pub struct Content {
    /// The media type as written (`application/json`).
    pub media_type: String,
    /// How it is encoded.
    pub encoding: Encoding,
    /// The type of the value.
    pub ty: TypeRef,
    /// What a server checks beyond the type (of a request body), or the
    /// shape it writes (of a response body).
    pub check: Check,
    /// The spec's `encoding` entries (form and multipart bodies), in the
    /// spec's order.
    pub encodings: Vec<PropertyEncoding>,
}

/// How one property of a form or multipart body is written: its entry in
/// the media type's `encoding`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PropertyEncoding {
    /// The property's wire name.
    pub property: String,
    /// `style` and `explode`, when the entry gives either (defaults filled).
    pub style: Option<(Style, bool)>,
    /// `contentType`, when given.
    pub content_type: Option<String>,
}

/// Body encodings the client knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Encoding {
    /// JSON (`application/json`, `*/*+json`, `text/json`).
    Json,
    /// `application/x-www-form-urlencoded`.
    Form,
    /// `multipart/form-data`.
    Multipart,
    /// Text (`text/*`, XML).
    Text,
    /// Bytes (`application/octet-stream` and other binary types).
    Binary,
}

/// One documented response.
#[derive(Clone, Debug)]
pub struct Response {
    /// Status code, range or default.
    pub status: Status,
    /// Its description.
    pub description: String,
    /// Its media types; empty when it has no body.
    pub contents: Vec<Content>,
    /// Documented headers: wire name and description.
    pub headers: Vec<(String, Option<String>)>,
}

/// A response's status key.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Status {
    /// One code.
    Code(u16),
    /// `1XX` to `5XX`.
    Range(u16),
    /// `default`.
    Default,
}

/// The string formats that get a type of their own, unless the option
/// `formats_as_strings` keeps them `String`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Formatted {
    /// `date-time`: `rt::DateTime`.
    DateTime,
    /// `date`: `rt::Date`.
    Date,
    /// `time`: `rt::Time`.
    Time,
    /// `uuid`: `rt::Uuid`.
    Uuid,
    /// A string holding an `int32`: `rt::Int32`.
    Int32,
    /// A string holding an `int64` (JSON numbers lose precision past
    /// 2^53, so APIs send large integers as text): `rt::Int64`.
    Int64,
    /// A string holding a `uint64`: `rt::UInt64`.
    UInt64,
    /// A string holding a `decimal` (an amount of money, say): `rt::Decimal`.
    Decimal,
}

impl Formatted {
    /// The format named `name` in a spec, when it is one of these.
    pub fn from_name(name: &str) -> Option<Formatted> {
        match name {
            "date-time" => Some(Formatted::DateTime),
            "date" => Some(Formatted::Date),
            "time" => Some(Formatted::Time),
            "uuid" => Some(Formatted::Uuid),
            "int32" => Some(Formatted::Int32),
            "int64" => Some(Formatted::Int64),
            "uint64" => Some(Formatted::UInt64),
            "decimal" => Some(Formatted::Decimal),
            _ => None,
        }
    }

    /// The runtime type's name (`DateTime`), as generated code and `diff`
    /// write it after `rt::`.
    pub fn rust_name(self) -> &'static str {
        match self {
            Formatted::DateTime => "DateTime",
            Formatted::Date => "Date",
            Formatted::Time => "Time",
            Formatted::Uuid => "Uuid",
            Formatted::Int32 => "Int32",
            Formatted::Int64 => "Int64",
            Formatted::UInt64 => "UInt64",
            Formatted::Decimal => "Decimal",
        }
    }
}

/// How `lower` types strings with a format.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Formats {
    /// `date-time`, `date`, `time`, `uuid`, and strings holding numbers
    /// (`int32`, `int64`, `uint64`, `decimal`) as [`Formatted`] types.
    #[default]
    Typed,
    /// Every string as `String` (the option `formats_as_strings`).
    Strings,
}

/// A type as used somewhere: a named type or a built-in one.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum TypeRef {
    /// A named type.
    Named(TypeId),
    /// `String`.
    Str,
    /// A string holding a credential (`format: password`, `x-paylink-secret`
    /// or a credential's name): `Secret`, which never shows its value.
    Secret,
    /// A string of a typed format (`date-time`, `date`, `time`, `uuid`, or
    /// a number written as text): the runtime's value that keeps the text
    /// it was read from.
    Formatted(Formatted),
    /// `i32`.
    I32,
    /// `i64`.
    I64,
    /// `u32`.
    U32,
    /// `u64`.
    U64,
    /// `f32`.
    F32,
    /// `f64`.
    F64,
    /// `bool`.
    Bool,
    /// Bytes (`format: binary` in multipart and binary bodies).
    Binary,
    /// Any JSON value.
    Json,
    /// `Vec<T>`.
    Array(Box<TypeRef>),
    /// A map from strings to `T`.
    Map(Box<TypeRef>),
    /// `Option<T>` for nullable values in lists, maps and aliases.
    Nullable(Box<TypeRef>),
}

/// A named type.
#[derive(Clone, Debug)]
pub struct TypeDef {
    /// Its Rust name.
    pub name: String,
    /// Doc text: title and description.
    pub doc: Option<String>,
    /// What it is.
    pub kind: TypeKind,
    /// Derives and attributes the `patch` option adds to it.
    pub patch: Patch,
}

/// The kinds of named types.
#[derive(Clone, Debug)]
pub enum TypeKind {
    /// A struct.
    Struct(Struct),
    /// A string enum that keeps unknown values.
    StrEnum(Vec<EnumValue<String>>),
    /// An integer enum that keeps unknown values.
    IntEnum(Vec<EnumValue<i64>>),
    /// `oneOf`/`anyOf`.
    Union(Union),
    /// Another type under this name.
    Alias(TypeRef),
    /// Another type wrapped in a struct of its own (`#[serde(transparent)]`):
    /// an alias that refers back to itself through a list or map, which a
    /// Rust type alias cannot.
    Newtype(TypeRef),
    /// A type of the user's in place of the schema's (`x-rust-type`, or the
    /// `replace` option): nothing is emitted, and every use of the schema
    /// writes this path.
    External(RustPath),
}

/// A struct's fields.
#[derive(Clone, Debug, Default)]
pub struct Struct {
    /// Known properties.
    pub fields: Vec<Field>,
    /// `additionalProperties` beside them.
    pub additional: Option<TypeRef>,
    /// Whether other properties are refused (`additionalProperties: false`).
    pub closed: bool,
}

/// One field.
#[derive(Clone, Debug)]
pub struct Field {
    /// Rust name.
    pub rust: String,
    /// Wire name.
    pub wire: String,
    /// Type (without the nullability).
    pub ty: TypeRef,
    /// Whether it is required.
    pub required: bool,
    /// Whether it may be `null`.
    pub nullable: bool,
    /// Whether it is boxed (recursion).
    pub boxed: bool,
    /// Doc text.
    pub doc: Option<String>,
    /// The spec's `default`, applied by the server when the field is absent.
    pub default: Option<serde_json::Value>,
    /// `readOnly`.
    pub read_only: bool,
    /// `writeOnly`.
    pub write_only: bool,
}

/// One value of an enum.
#[derive(Clone, Debug)]
pub struct EnumValue<T> {
    /// Variant name.
    pub rust: String,
    /// The value on the wire.
    pub wire: T,
}

/// A `oneOf`/`anyOf`.
#[derive(Clone, Debug)]
pub struct Union {
    /// Variants in the spec's order.
    pub variants: Vec<Variant>,
    /// The discriminator property, when there is one.
    pub tag: Option<String>,
}

/// One variant of a union.
#[derive(Clone, Debug)]
pub struct Variant {
    /// Variant name.
    pub name: String,
    /// Its type.
    pub ty: TypeRef,
    /// Discriminator values that select it.
    pub tag_values: Vec<String>,
    /// Whether it is boxed (recursion).
    pub boxed: bool,
}
