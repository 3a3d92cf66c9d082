//! The shape of an OpenAPI 3.0 document, as a table: for each object kind,
//! which fields it has and what each holds. Fields that newer versions added
//! are marked with the version; the walker keeps them as `x-oas-<field>`
//! extensions, since the 3.0 reader has no place for them.

/// The object kinds of OpenAPI.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    Document,
    Info,
    Contact,
    License,
    Server,
    ServerVariable,
    Paths,
    PathItem,
    Operation,
    ExternalDocs,
    Parameter,
    RequestBody,
    MediaType,
    Encoding,
    Responses,
    Response,
    Header,
    Example,
    Link,
    Callback,
    Components,
    Schema,
    SecurityScheme,
    OAuthFlows,
    OAuthFlow,
    SecurityRequirement,
    Tag,
}

/// What one value holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Item {
    Str,
    Bool,
    Any,
    Obj(Kind),
    RefOr(Kind),
}

/// How a field holds its items.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Shape {
    One(Item),
    Map(Item),
    List(Item),
}

/// One field of an object kind.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Field {
    pub shape: Shape,
    /// `None` for 3.0 fields; for newer fields, the note that goes with
    /// keeping them as an extension (empty when nothing is lost).
    pub later: Option<&'static str>,
}

const fn one(item: Item) -> Option<Field> {
    Some(Field {
        shape: Shape::One(item),
        later: None,
    })
}

const fn map(item: Item) -> Option<Field> {
    Some(Field {
        shape: Shape::Map(item),
        later: None,
    })
}

const fn list(item: Item) -> Option<Field> {
    Some(Field {
        shape: Shape::List(item),
        later: None,
    })
}

const fn later(shape: Shape, note: &'static str) -> Option<Field> {
    Some(Field {
        shape,
        later: Some(note),
    })
}

const S: Item = Item::Str;
const B: Item = Item::Bool;
const ANY: Shape = Shape::One(Item::Any);

/// The field `key` of an object of `kind`; `None` when 3.0 has no such field.
pub(crate) fn field(kind: Kind, key: &str) -> Option<Field> {
    use Item::{Obj, RefOr};
    use Kind as K;
    match (kind, key) {
        (K::Document, "openapi") => one(S),
        (K::Document, "info") => one(Obj(K::Info)),
        (K::Document, "servers") => list(Obj(K::Server)),
        (K::Document, "paths") => one(Obj(K::Paths)),
        (K::Document, "components") => one(Obj(K::Components)),
        (K::Document, "security") => list(Obj(K::SecurityRequirement)),
        (K::Document, "tags") => list(Obj(K::Tag)),
        (K::Document, "externalDocs") => one(Obj(K::ExternalDocs)),
        (K::Document, "webhooks") => later(Shape::Map(RefOr(K::PathItem)), ""),
        (K::Document, "jsonSchemaDialect" | "$self") => later(ANY, ""),

        (K::Info, "title" | "description" | "termsOfService" | "version") => one(S),
        (K::Info, "contact") => one(Obj(K::Contact)),
        (K::Info, "license") => one(Obj(K::License)),
        (K::Info, "summary") => later(Shape::One(S), ""),
        (K::Contact, "name" | "url" | "email") => one(S),
        (K::License, "name" | "url") => one(S),
        (K::License, "identifier") => later(Shape::One(S), ""),

        (K::Server, "url" | "description") => one(S),
        (K::Server, "variables") => map(Obj(K::ServerVariable)),
        (K::Server, "name") => later(Shape::One(S), ""),
        (K::ServerVariable, "enum") => list(S),
        (K::ServerVariable, "default" | "description") => one(S),

        (K::PathItem, "summary" | "description") => one(S),
        (K::PathItem, "get" | "put" | "post" | "delete" | "options" | "head" | "patch" | "trace") => {
            one(Obj(K::Operation))
        }
        (K::PathItem, "servers") => list(Obj(K::Server)),
        (K::PathItem, "parameters") => list(RefOr(K::Parameter)),
        (K::PathItem, "query") => later(
            Shape::One(Obj(K::Operation)),
            "QUERY operations have no OpenAPI 3.0 form; no code is generated for them",
        ),
        (K::PathItem, "additionalOperations") => later(
            Shape::Map(Obj(K::Operation)),
            "operations with custom HTTP methods have no OpenAPI 3.0 form; no code is generated for them",
        ),

        (K::Operation, "tags") => list(S),
        (K::Operation, "summary" | "description" | "operationId") => one(S),
        (K::Operation, "externalDocs") => one(Obj(K::ExternalDocs)),
        (K::Operation, "parameters") => list(RefOr(K::Parameter)),
        (K::Operation, "requestBody") => one(RefOr(K::RequestBody)),
        (K::Operation, "responses") => one(Obj(K::Responses)),
        (K::Operation, "callbacks") => map(Obj(K::Callback)),
        (K::Operation, "deprecated") => one(B),
        (K::Operation, "security") => list(Obj(K::SecurityRequirement)),
        (K::Operation, "servers") => list(Obj(K::Server)),

        (K::Parameter, "name" | "in") => one(S),
        (K::Parameter | K::Header, "description" | "style") => one(S),
        (
            K::Parameter | K::Header,
            "required" | "deprecated" | "allowEmptyValue" | "explode" | "allowReserved",
        ) => one(B),
        (K::Parameter | K::Header | K::MediaType, "schema") => one(RefOr(K::Schema)),
        (K::Parameter | K::Header | K::MediaType, "example") => Some(Field {
            shape: ANY,
            later: None,
        }),
        (K::Parameter | K::Header | K::MediaType, "examples") => map(RefOr(K::Example)),
        (K::Parameter | K::Header, "content") => map(Obj(K::MediaType)),

        (K::RequestBody, "description") => one(S),
        (K::RequestBody, "content") => map(Obj(K::MediaType)),
        (K::RequestBody, "required") => one(B),

        (K::MediaType, "encoding") => map(Obj(K::Encoding)),
        (K::MediaType, "itemSchema") => later(
            Shape::One(RefOr(K::Schema)),
            "sequential media types (itemSchema) have no OpenAPI 3.0 form",
        ),
        (K::MediaType, "itemEncoding" | "prefixEncoding") => later(ANY, ""),
        (K::Encoding, "contentType" | "style") => one(S),
        (K::Encoding, "headers") => map(RefOr(K::Header)),
        (K::Encoding, "explode" | "allowReserved") => one(B),

        (K::Response, "description") => one(S),
        (K::Response, "headers") => map(RefOr(K::Header)),
        (K::Response, "content") => map(Obj(K::MediaType)),
        (K::Response, "links") => map(RefOr(K::Link)),
        (K::Response, "summary") => later(Shape::One(S), ""),

        (K::Example, "summary" | "description" | "externalValue") => one(S),
        (K::Example, "value") => Some(Field {
            shape: ANY,
            later: None,
        }),
        (K::Example, "dataValue" | "serializedValue") => later(ANY, ""),

        (K::Link, "operationRef" | "operationId" | "description") => one(S),
        (K::Link, "parameters" | "requestBody") => Some(Field {
            shape: ANY,
            later: None,
        }),
        (K::Link, "server") => one(Obj(K::Server)),

        (K::Components, "schemas") => map(RefOr(K::Schema)),
        (K::Components, "responses") => map(RefOr(K::Response)),
        (K::Components, "parameters") => map(RefOr(K::Parameter)),
        (K::Components, "examples") => map(RefOr(K::Example)),
        (K::Components, "requestBodies") => map(RefOr(K::RequestBody)),
        (K::Components, "headers") => map(RefOr(K::Header)),
        (K::Components, "securitySchemes") => map(RefOr(K::SecurityScheme)),
        (K::Components, "links") => map(RefOr(K::Link)),
        (K::Components, "callbacks") => map(RefOr(K::Callback)),
        (K::Components, "pathItems") => later(Shape::Map(RefOr(K::PathItem)), ""),
        (K::Components, "mediaTypes") => later(Shape::Map(RefOr(K::MediaType)), ""),

        (
            K::SecurityScheme,
            "type" | "description" | "name" | "in" | "scheme" | "bearerFormat" | "openIdConnectUrl",
        ) => one(S),
        (K::SecurityScheme, "flows") => one(Obj(K::OAuthFlows)),
        (K::SecurityScheme, "deprecated" | "oauth2MetadataUrl") => later(ANY, ""),
        (K::OAuthFlows, "implicit" | "password" | "clientCredentials" | "authorizationCode") => {
            one(Obj(K::OAuthFlow))
        }
        (K::OAuthFlows, "deviceAuthorization") => later(
            Shape::One(Obj(K::OAuthFlow)),
            "the OAuth device authorization flow has no OpenAPI 3.0 form",
        ),
        (K::OAuthFlow, "authorizationUrl" | "tokenUrl" | "refreshUrl") => one(S),
        (K::OAuthFlow, "scopes") => map(S),
        (K::OAuthFlow, "deviceAuthorizationUrl") => later(Shape::One(S), ""),

        (K::Tag, "name" | "description") => one(S),
        (K::Tag, "externalDocs") => one(Obj(K::ExternalDocs)),
        (K::Tag, "summary" | "parent" | "kind") => later(Shape::One(S), ""),
        (K::ExternalDocs, "description" | "url") => one(S),
        _ => None,
    }
}

/// The fields an object of `kind` must have, and what stands in for each
/// when it is missing (`None`: nothing sensible can, so it is an error).
pub(crate) fn required(kind: Kind) -> &'static [(&'static str, Option<&'static str>)] {
    match kind {
        Kind::Info => &[("title", Some("\"\"")), ("version", Some("\"\""))],
        Kind::Server => &[("url", None)],
        Kind::Parameter => &[("name", None), ("in", None)],
        Kind::Response => &[("description", Some("\"\""))],
        Kind::RequestBody => &[("content", Some("{}"))],
        Kind::SecurityScheme => &[("type", None)],
        Kind::Tag => &[("name", None)],
        Kind::ExternalDocs => &[("url", Some("\"\""))],
        Kind::OAuthFlow => &[("scopes", Some("{}"))],
        _ => &[],
    }
}

/// A readable name for messages.
pub(crate) fn describe(kind: Kind) -> &'static str {
    match kind {
        Kind::Document => "the document",
        Kind::Info => "an Info object",
        Kind::Contact => "a Contact object",
        Kind::License => "a License object",
        Kind::Server => "a Server object",
        Kind::ServerVariable => "a Server Variable object",
        Kind::Paths => "the Paths object",
        Kind::PathItem => "a Path Item",
        Kind::Operation => "an Operation",
        Kind::ExternalDocs => "an External Documentation object",
        Kind::Parameter => "a Parameter",
        Kind::RequestBody => "a Request Body",
        Kind::MediaType => "a Media Type object",
        Kind::Encoding => "an Encoding object",
        Kind::Responses => "a Responses object",
        Kind::Response => "a Response",
        Kind::Header => "a Header",
        Kind::Example => "an Example",
        Kind::Link => "a Link",
        Kind::Callback => "a Callback",
        Kind::Components => "the Components object",
        Kind::Schema => "a Schema",
        Kind::SecurityScheme => "a Security Scheme",
        Kind::OAuthFlows => "an OAuth Flows object",
        Kind::OAuthFlow => "an OAuth Flow",
        Kind::SecurityRequirement => "a Security Requirement",
        Kind::Tag => "a Tag",
    }
}
