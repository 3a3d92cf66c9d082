//! The generated Rust surface as plain data: what code written against a
//! generated module can name. Per module: the `types` items (names, kinds,
//! fields with their declared types, enum and union variants with their
//! payloads, boxed or not), the response enums, the `Client`'s methods and
//! request builders, the credentials, and the `server::Api` trait's
//! handlers with their request structs.
//!
//! It is computed once from the IR ([`Surface::of`]); the emitters print
//! the names and types it holds, and `diff` compares two of them, so what
//! `diff` reports is what the emitters write.

use std::collections::BTreeMap;
use std::fmt;

use super::{
    Api, Content, Encoding, EnumValue, Exchange, Field, Operation, Param, ParamLocation, RustPath,
    SchemeKind, SecurityScheme, Status, Struct, TokenSpec, TypeDef, TypeId, TypeKind, TypeRef,
    Union,
};
use crate::naming::{credential_setter, status_name, Namer};

/// The name of a struct's field holding the properties beside the
/// documented ones: claimed before any property's, so never taken.
pub const ADDITIONAL_PROPERTIES: &str = "additional_properties";

/// The sides a module has: `Client` and its builders, `server`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sides {
    /// The client and its request builders.
    pub client: bool,
    /// The `server` module.
    pub server: bool,
}

/// What one generated module offers its users.
#[derive(Clone, Debug)]
pub struct Surface {
    /// The `types` module's items by type id (a type replaced by the
    /// user's is listed, as [`ItemKind::External`], but not emitted).
    pub types: BTreeMap<TypeId, TypeItem>,
    /// One response enum per operation, in operation order: the client
    /// decodes into them, servers answer with them.
    pub responses: Vec<ResponseEnum>,
    /// The `Credentials` struct's fields, one per security scheme.
    pub credentials: Vec<Credential>,
    /// The client, when the module has one.
    pub client: Option<ClientSurface>,
    /// The `server` module, when the module has one.
    pub server: Option<ServerSurface>,
}

/// A named type of the `types` module.
#[derive(Clone, Debug, PartialEq)]
pub struct TypeItem {
    /// Its Rust name.
    pub name: String,
    /// What it is.
    pub kind: ItemKind,
}

/// The kinds of `types` items.
#[derive(Clone, Debug, PartialEq)]
pub enum ItemKind {
    /// A struct: its fields, then the map of other properties.
    Struct {
        /// The documented properties' fields, in the spec's order.
        fields: Vec<FieldItem>,
        /// The [`ADDITIONAL_PROPERTIES`] field, when other properties are kept.
        additional: Option<FieldItem>,
    },
    /// An enum of string or integer values: unit variants, then the
    /// fallback keeping an unlisted value.
    Enum {
        /// The listed values' variants.
        variants: Vec<VariantItem>,
        /// The variant of unlisted values (`Unknown(String)`).
        fallback: VariantItem,
    },
    /// A `oneOf`/`anyOf`: one variant per member, then the fallback.
    Union {
        /// The members' variants; a recursive payload is boxed.
        variants: Vec<VariantItem>,
        /// The variant of values no member takes.
        fallback: VariantItem,
        /// Whether a discriminator property selects the variant.
        tagged: bool,
    },
    /// `pub type Name = T;`
    Alias(RustType),
    /// `pub struct Name(pub T);`
    Newtype(RustType),
    /// The user's type in place of the schema's: not emitted.
    External(RustPath),
}

/// A struct field.
#[derive(Clone, Debug, PartialEq)]
pub struct FieldItem {
    /// Its Rust name.
    pub rust: String,
    /// Its type as declared, `Box` and `Option`s included.
    pub ty: RustType,
    /// Whether it may be absent (an `Option` skipped when `None`).
    pub optional: bool,
    /// Whether it may be `null`.
    pub nullable: bool,
}

/// A variant of an enum, a union or a response enum.
#[derive(Clone, Debug, PartialEq)]
pub struct VariantItem {
    /// Its Rust name.
    pub name: String,
    /// Its payload as declared (`Box<T>` when boxed); `None` for a unit variant.
    pub payload: Option<RustType>,
}

/// An operation's response enum.
#[derive(Clone, Debug, PartialEq)]
pub struct ResponseEnum {
    /// The enum's name.
    pub name: String,
    /// One variant per documented response and media type.
    pub variants: Vec<ResponseVariant>,
    /// The variant holding the raw body when the spec documents no
    /// response.
    pub undocumented: Option<VariantItem>,
}

/// A variant of a response enum, and the response it stands for.
#[derive(Clone, Debug, PartialEq)]
pub struct ResponseVariant {
    /// The variant and its payload.
    pub item: VariantItem,
    /// The response's status.
    pub status: Status,
    /// The response's index in [`Operation::responses`].
    pub response: usize,
    /// The media type's index in its `contents`; `None` without a body.
    pub content: Option<usize>,
}

/// A field of the `Credentials` struct.
#[derive(Clone, Debug, PartialEq)]
pub struct Credential {
    /// The field's name (the scheme's Rust name).
    pub field: String,
    /// What it holds when set (the field is an `Option` of it).
    pub ty: RustType,
    /// The `Client` method setting it.
    pub setter: String,
}

/// The client: `Client`'s operation methods and its constructors.
#[derive(Clone, Debug, PartialEq)]
pub struct ClientSurface {
    /// One method per operation, in operation order.
    pub methods: Vec<Method>,
    /// The environment constructors (`Client::sandbox()`).
    pub environments: Vec<String>,
    /// The `with_<scheme>_credentials` methods, in scheme order.
    pub token_setters: Vec<TokenSetter>,
}

/// A `Client` method and its request builder.
#[derive(Clone, Debug, PartialEq)]
pub struct Method {
    /// The method's name.
    pub name: String,
    /// The request builder's name.
    pub builder: String,
    /// One input per parameter, in [`Operation::params`]' order.
    pub params: Vec<Input>,
    /// One input per body media type, in the spec's order: `body`, then
    /// `body_<encoding>`.
    pub bodies: Vec<Input>,
    /// Whether the builder has a `server` setter (the operation has
    /// servers of its own).
    pub server: bool,
    /// The builder's `pages` and `items` streams, for a list operation.
    pub pages: Option<Pages>,
}

/// The `pages` and `items` streams of a list operation's request builder.
#[derive(Clone, Debug, PartialEq)]
pub struct Pages {
    /// The response variant a page comes in.
    pub variant: String,
    /// What `pages` yields.
    pub page: RustType,
    /// What `items` yields.
    pub item: RustType,
}

/// A value a caller passes: an argument of the method, or a setter of
/// the builder.
#[derive(Clone, Debug, PartialEq)]
pub struct Input {
    /// Its Rust name (the argument's, or the setter's and field's).
    pub rust: String,
    /// Its type.
    pub ty: RustType,
    /// Whether it is an argument of the method rather than a setter.
    pub positional: bool,
}

impl Method {
    /// The method's arguments, in order: `name: type`.
    pub fn args(&self) -> impl Iterator<Item = &Input> {
        self.inputs().filter(|i| i.positional)
    }

    /// The builder's setters, in order (`server` last, when it has one).
    pub fn setters(&self) -> Vec<(String, RustType)> {
        let mut out: Vec<(String, RustType)> = self
            .inputs()
            .filter(|i| !i.positional)
            .map(|i| (i.rust.clone(), i.ty.clone()))
            .collect();
        if self.server {
            out.push(("server".into(), RustType::Plain("String")));
        }
        out
    }

    fn inputs(&self) -> impl Iterator<Item = &Input> {
        self.params.iter().chain(&self.bodies)
    }
}

/// The `server` module: the `Api` trait's handlers.
#[derive(Clone, Debug, PartialEq)]
pub struct ServerSurface {
    /// One handler per operation, in operation order.
    pub handlers: Vec<Handler>,
}

/// A handler of the `server::Api` trait and the request it takes.
#[derive(Clone, Debug, PartialEq)]
pub struct Handler {
    /// The trait method's name.
    pub name: String,
    /// The request struct's name.
    pub request: String,
    /// The request struct's fields (parameters, then `body`), with their
    /// declared types; the `credentials` field every request has is not
    /// listed.
    pub fields: Vec<Input>,
    /// The response enum it answers with.
    pub response: String,
}

/// A Rust type as generated code writes it.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum RustType {
    /// A type of the `types` module, by name.
    Named(String),
    /// The user's type (`x-rust-type`, the `replace` option).
    External(RustPath),
    /// A type of the runtime, by its name there (`Secret`, `DateTime`, `Bytes`).
    Runtime(&'static str),
    /// `serde_json::Value`, through the runtime.
    Json,
    /// A type every scope knows by this name: `String`, `i64`, `bool`, `u8`.
    Plain(&'static str),
    /// `Vec<T>`.
    Vec(Box<RustType>),
    /// `BTreeMap<String, T>`.
    Map(Box<RustType>),
    /// `Option<T>`.
    Option(Box<RustType>),
    /// `Box<T>`.
    Box(Box<RustType>),
    /// A tuple.
    Tuple(Vec<RustType>),
}

impl RustType {
    /// `Option<self>`.
    pub fn optional(self) -> RustType {
        RustType::Option(Box::new(self))
    }

    /// `self` wrapped in an `Option` when `optional`.
    pub fn optional_if(self, optional: bool) -> RustType {
        if optional {
            self.optional()
        } else {
            self
        }
    }
}

impl fmt::Display for RustType {
    /// The type as `diff` shows it: named types bare, runtime types
    /// without the runtime's path (`Option<Box<Pet>>`, `Secret`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RustType::Named(name) => f.write_str(name),
            RustType::External(path) => write!(f, "{path}"),
            RustType::Runtime(name) | RustType::Plain(name) => f.write_str(name),
            RustType::Json => f.write_str("serde_json::Value"),
            RustType::Vec(t) => write!(f, "Vec<{t}>"),
            RustType::Map(t) => write!(f, "BTreeMap<String, {t}>"),
            RustType::Option(t) => write!(f, "Option<{t}>"),
            RustType::Box(t) => write!(f, "Box<{t}>"),
            RustType::Tuple(items) => {
                let items: Vec<String> = items.iter().map(ToString::to_string).collect();
                write!(f, "({})", items.join(", "))
            }
        }
    }
}

impl Surface {
    /// The surface of the module generated for `api` with `sides`.
    pub fn of(api: &Api, sides: Sides) -> Surface {
        Surface {
            types: types(api),
            ..Surface::calls(api, sides)
        }
    }

    /// As [`Surface::of`] without the `types` module: the surface of the
    /// operations, for a module sharing another's types (the events').
    pub fn calls(api: &Api, sides: Sides) -> Surface {
        Surface {
            types: BTreeMap::new(),
            responses: api
                .operations
                .iter()
                .map(|op| response_enum(api, op))
                .collect(),
            credentials: api.schemes.iter().map(credential).collect(),
            client: sides.client.then(|| client(api)),
            server: sides.server.then(|| server(api)),
        }
    }
}

/// The `types` module's items.
pub fn types(api: &Api) -> BTreeMap<TypeId, TypeItem> {
    api.types
        .iter()
        .map(|(id, def)| (*id, type_item(api, def)))
        .collect()
}

/// The client of `api`'s operations.
pub fn client(api: &Api) -> ClientSurface {
    ClientSurface {
        methods: api.operations.iter().map(|op| method(api, op)).collect(),
        environments: api
            .servers
            .iter()
            .filter_map(|s| s.environment.clone())
            .collect(),
        token_setters: api
            .schemes
            .iter()
            .filter_map(|s| token_setter(api, s))
            .collect(),
    }
}

/// The server of `api`'s operations.
pub fn server(api: &Api) -> ServerSurface {
    ServerSurface {
        handlers: api.operations.iter().map(|op| handler(api, op)).collect(),
    }
}

/// A type reference as generated code writes it.
pub fn rust_type(api: &Api, ty: &TypeRef) -> RustType {
    let boxed = |t: &TypeRef| Box::new(rust_type(api, t));
    match ty {
        TypeRef::Named(id) => match api.types.get(id).map(|d| (&d.kind, &d.name)) {
            Some((TypeKind::External(path), _)) => RustType::External(path.clone()),
            Some((_, name)) => RustType::Named(name.clone()),
            None => RustType::Named("?".into()),
        },
        TypeRef::Str => RustType::Plain("String"),
        TypeRef::Secret => RustType::Runtime("Secret"),
        TypeRef::Formatted(f) => RustType::Runtime(f.rust_name()),
        TypeRef::I32 => RustType::Plain("i32"),
        TypeRef::I64 => RustType::Plain("i64"),
        TypeRef::U32 => RustType::Plain("u32"),
        TypeRef::U64 => RustType::Plain("u64"),
        TypeRef::F32 => RustType::Plain("f32"),
        TypeRef::F64 => RustType::Plain("f64"),
        TypeRef::Bool => RustType::Plain("bool"),
        TypeRef::Binary => bytes(),
        TypeRef::Json => RustType::Json,
        TypeRef::Array(item) => RustType::Vec(boxed(item)),
        TypeRef::Map(value) => RustType::Map(boxed(value)),
        TypeRef::Nullable(inner) => RustType::Option(boxed(inner)),
    }
}

/// `Vec<u8>`.
fn bytes() -> RustType {
    RustType::Vec(Box::new(RustType::Plain("u8")))
}

fn type_item(api: &Api, def: &TypeDef) -> TypeItem {
    let kind = match &def.kind {
        TypeKind::Struct(s) => structure(api, s),
        TypeKind::StrEnum(values) => enumeration(values, RustType::Plain("String")),
        TypeKind::IntEnum(values) => enumeration(values, RustType::Plain("i64")),
        TypeKind::Union(u) => union(api, u),
        TypeKind::Alias(ty) => ItemKind::Alias(rust_type(api, ty)),
        TypeKind::Newtype(ty) => ItemKind::Newtype(rust_type(api, ty)),
        TypeKind::External(path) => ItemKind::External(path.clone()),
    };
    TypeItem {
        name: def.name.clone(),
        kind,
    }
}

fn structure(api: &Api, s: &Struct) -> ItemKind {
    let additional = s.additional.as_ref().map(|ty| FieldItem {
        rust: ADDITIONAL_PROPERTIES.into(),
        ty: RustType::Map(Box::new(rust_type(api, ty))),
        optional: false,
        nullable: false,
    });
    ItemKind::Struct {
        fields: s.fields.iter().map(|f| field(api, f)).collect(),
        additional,
    }
}

/// A field's type: boxed when recursive, an `Option` when it may be
/// absent or `null`, two when it may be both.
fn field(api: &Api, f: &Field) -> FieldItem {
    let mut ty = rust_type(api, &f.ty);
    if f.boxed {
        ty = RustType::Box(Box::new(ty));
    }
    let ty = match (f.required, f.nullable) {
        (true, false) => ty,
        (true, true) | (false, false) => ty.optional(),
        (false, true) => ty.optional().optional(),
    };
    FieldItem {
        rust: f.rust.clone(),
        ty,
        optional: !f.required,
        nullable: f.nullable,
    }
}

fn enumeration<T>(values: &[EnumValue<T>], unlisted: RustType) -> ItemKind {
    let taken: Vec<&str> = values.iter().map(|v| v.rust.as_str()).collect();
    ItemKind::Enum {
        variants: values
            .iter()
            .map(|v| VariantItem {
                name: v.rust.clone(),
                payload: None,
            })
            .collect(),
        fallback: VariantItem {
            name: Namer::with_taken(&taken).claim("Unknown"),
            payload: Some(unlisted),
        },
    }
}

/// A union's variants; the fallback is `Unknown` for a tagged union (an
/// unlisted tag) and `Other` for an untagged one (no member fits).
fn union(api: &Api, u: &Union) -> ItemKind {
    let taken: Vec<&str> = u.variants.iter().map(|v| v.name.as_str()).collect();
    let fallback = if u.tag.is_some() { "Unknown" } else { "Other" };
    let variants = u.variants.iter().map(|v| {
        let ty = rust_type(api, &v.ty);
        let payload = if v.boxed {
            RustType::Box(Box::new(ty))
        } else {
            ty
        };
        VariantItem {
            name: v.name.clone(),
            payload: Some(payload),
        }
    });
    ItemKind::Union {
        variants: variants.collect(),
        fallback: VariantItem {
            name: Namer::with_taken(&taken).claim(fallback),
            payload: Some(RustType::Json),
        },
        tagged: u.tag.is_some(),
    }
}

/// Required values are arguments of the client method; an idempotency key
/// is a setter even when required, since the client fills it.
pub fn positional(p: &Param) -> bool {
    (p.required || p.location == ParamLocation::Path) && !p.idempotency_key
}

/// The type a client takes for `p`: its own, without `null` for a query
/// parameter. A query cannot carry `null` (the runtime leaves the pair
/// out, as it does an absent value), so a setter of a nullable query
/// parameter takes the value itself, `.limit(5)`, and an argument cannot
/// be `None`.
pub fn client_param_type(p: &Param) -> &TypeRef {
    match &p.ty {
        TypeRef::Nullable(inner) if p.location == ParamLocation::Query => inner,
        ty => ty,
    }
}

/// The builder field of a body's `index`-th media type: `body` for the
/// first, `body_<encoding>` for the others.
pub fn body_field(index: usize, encoding: Encoding) -> String {
    if index == 0 {
        "body".to_string()
    } else {
        format!("body_{}", encoding_word(encoding).to_lowercase())
    }
}

/// The word naming an encoding in variant and field names.
pub fn encoding_word(e: Encoding) -> &'static str {
    match e {
        Encoding::Json => "Json",
        Encoding::Form => "Form",
        Encoding::Multipart => "Multipart",
        Encoding::Text => "Text",
        Encoding::Binary => "Binary",
    }
}

fn method(api: &Api, op: &Operation) -> Method {
    let params = op.params.iter().map(|p| Input {
        rust: p.rust.clone(),
        ty: rust_type(api, client_param_type(p)),
        positional: positional(p),
    });
    let required = op
        .body
        .as_ref()
        .is_some_and(|b| b.required && !b.contents.is_empty());
    let bodies = op.body.iter().flat_map(|b| b.contents.iter().enumerate());
    let bodies = bodies.map(|(i, c)| Input {
        rust: body_field(i, c.encoding),
        ty: rust_type(api, &c.ty),
        positional: i == 0 && required,
    });
    Method {
        name: op.name.clone(),
        builder: op.type_base.clone(),
        params: params.collect(),
        bodies: bodies.collect(),
        server: !op.servers.is_empty(),
        pages: pages(api, op),
    }
}

/// The streams of `op`'s builder: when the IR found how it pages, its
/// cursor is one of its parameters, and the paged response is JSON.
pub fn pages(api: &Api, op: &Operation) -> Option<Pages> {
    let paging = op.paging.as_ref()?;
    op.params.iter().find(|p| p.rust == paging.param)?;
    let response = response_enum(api, op);
    let variant = response.variants.iter().find(|v| {
        let content = v.content.map(|c| &op.responses[v.response].contents[c]);
        v.status == paging.status && content.is_some_and(|c| c.encoding == Encoding::Json)
    })?;
    Some(Pages {
        variant: variant.item.name.clone(),
        page: variant.item.payload.clone()?,
        item: rust_type(api, &paging.item),
    })
}

/// The name of an operation's request struct in `server`.
pub fn request_name(op: &Operation) -> String {
    format!("{}Request", op.type_base)
}

fn handler(api: &Api, op: &Operation) -> Handler {
    let params = op.params.iter().map(|p| Input {
        rust: p.rust.clone(),
        ty: rust_type(api, &p.ty).optional_if(!p.required && p.location != ParamLocation::Path),
        positional: false,
    });
    let body = op
        .body
        .as_ref()
        .and_then(|b| b.contents.first().map(|c| (b, c)));
    let body = body.map(|(b, c)| Input {
        rust: "body".into(),
        ty: request_body_type(api, c).optional_if(!b.required),
        positional: false,
    });
    Handler {
        name: op.name.clone(),
        request: request_name(op),
        fields: params.chain(body).collect(),
        response: op.response_type.clone(),
    }
}

/// The type a server reads a request body of `c`'s media type as.
pub fn request_body_type(api: &Api, c: &Content) -> RustType {
    match c.encoding {
        Encoding::Json | Encoding::Form | Encoding::Multipart => rust_type(api, &c.ty),
        Encoding::Text => RustType::Plain("String"),
        Encoding::Binary => bytes(),
    }
}

/// The type a response body of `c`'s media type decodes to.
pub fn response_body_type(api: &Api, c: &Content) -> RustType {
    match c.encoding {
        Encoding::Json => rust_type(api, &c.ty),
        Encoding::Binary => RustType::Runtime("Bytes"),
        Encoding::Text | Encoding::Form | Encoding::Multipart => RustType::Plain("String"),
    }
}

/// The response enum of `op`: a variant per documented response, named by
/// its status (and by its encoding when it has several media types).
pub fn response_enum(api: &Api, op: &Operation) -> ResponseEnum {
    let mut namer = Namer::default();
    let mut variants = Vec::new();
    for (index, r) in op.responses.iter().enumerate() {
        let word = status_word(r.status);
        let several = r.contents.len() > 1;
        let mut variant = |base: &str, content: Option<usize>, payload| ResponseVariant {
            item: VariantItem {
                name: namer.claim(base),
                payload,
            },
            status: r.status,
            response: index,
            content,
        };
        if r.contents.is_empty() {
            variants.push(variant(&word, None, None));
        }
        for (i, c) in r.contents.iter().enumerate() {
            let base = match several {
                true => format!("{word}{}", encoding_word(c.encoding)),
                false => word.clone(),
            };
            variants.push(variant(&base, Some(i), Some(response_body_type(api, c))));
        }
    }
    let undocumented = variants.is_empty().then(|| VariantItem {
        name: "Undocumented".into(),
        payload: Some(RustType::Runtime("Bytes")),
    });
    ResponseEnum {
        name: op.response_type.clone(),
        variants,
        undocumented,
    }
}

fn status_word(status: Status) -> String {
    match status {
        Status::Code(c) => status_name(c),
        Status::Range(r) => format!("Status{r}xx"),
        Status::Default => "Default".to_string(),
    }
}

/// The `Credentials` field of `scheme`.
pub fn credential(scheme: &SecurityScheme) -> Credential {
    let secret = || RustType::Runtime("Secret");
    let ty = match scheme.kind {
        SchemeKind::Basic => RustType::Tuple(vec![secret(), secret()]),
        _ => secret(),
    };
    Credential {
        field: scheme.rust.clone(),
        ty,
        setter: credential_setter(&scheme.rust),
    }
}

/// What a declared token operation is called with: the credentials of
/// its own security requirement and its body (the first media type), as
/// `with_<scheme>_credentials` takes them. `None` when the operation was
/// not kept.
pub struct ExchangeInputs<'a> {
    /// The token operation.
    pub operation: &'a Operation,
    /// The schemes whose credentials it needs.
    pub credentials: Vec<&'a SecurityScheme>,
    /// Its body, when it takes one.
    pub body: Option<&'a Content>,
}

/// The inputs of `exchange`'s token operation in `api`.
pub fn exchange_inputs<'a>(api: &'a Api, exchange: &Exchange) -> Option<ExchangeInputs<'a>> {
    let operation = api
        .operations
        .iter()
        .find(|op| op.name == exchange.operation)?;
    let credentials = exchange
        .credentials
        .iter()
        .filter_map(|w| api.schemes.iter().find(|s| &s.wire == w))
        .collect();
    let body = operation.body.as_ref().and_then(|b| b.contents.first());
    Some(ExchangeInputs {
        operation,
        credentials,
        body,
    })
}

/// A `with_<scheme>_credentials` method of `Client`: the client obtains
/// the scheme's credential itself from what it is given.
#[derive(Clone, Debug, PartialEq)]
pub struct TokenSetter {
    /// The scheme's field in `Credentials`.
    pub scheme: String,
    /// The method's name.
    pub name: String,
    /// Its arguments' types, in order.
    pub args: Vec<RustType>,
}

/// The token setter of `scheme`, when the client can obtain its
/// credential (and, for a declared token operation, that operation was
/// kept).
pub fn token_setter(api: &Api, scheme: &SecurityScheme) -> Option<TokenSetter> {
    let secret = || RustType::Runtime("Secret");
    let args = match scheme.token.as_ref()? {
        TokenSpec::ClientCredentials { .. } => vec![secret(), secret()],
        TokenSpec::Exchange(exchange) => {
            let inputs = exchange_inputs(api, exchange)?;
            let credentials = inputs.credentials.iter().map(|s| credential(s).ty);
            let body = inputs.body.map(|content| rust_type(api, &content.ty));
            credentials.chain(body).collect()
        }
    };
    Some(TokenSetter {
        scheme: scheme.rust.clone(),
        name: crate::naming::token_setter(&scheme.rust),
        args,
    })
}
