//! Every name the generator makes comes from here: case conversion,
//! keyword escaping, names for operations without an `operationId`, and
//! collision handling. The wire name always travels beside the Rust name.

use std::collections::BTreeSet;

use heck::{ToShoutySnakeCase, ToSnakeCase, ToUpperCamelCase};

/// Rust keywords (strict, reserved and edition 2024 `gen`).
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "union", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Type names generated code relies on; a schema with one of these names is
/// renamed so it does not shadow them.
const RESERVED_TYPES: &[&str] = &[
    "Option",
    "Result",
    "Vec",
    "String",
    "Box",
    "Some",
    "None",
    "Ok",
    "Err",
    "Self",
    "BTreeMap",
    "Default",
    "Clone",
    "Copy",
    "Debug",
    "PartialEq",
    "Send",
    "Sync",
    "Sized",
    "ToString",
    "Into",
    "From",
    "Iterator",
    "Fn",
    "Drop",
];

/// Keeps only characters valid in identifiers, with symbols spelled out where
/// they carry meaning (`+1`, `-1`, `>=`).
fn words(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for (i, c) in raw.chars().enumerate() {
        match c {
            '+' => out.push_str(" plus "),
            '-' if i == 0 => out.push_str(" minus "),
            '<' => out.push_str(" lt "),
            '>' => out.push_str(" gt "),
            '=' if i == 0 => out.push_str(" eq "),
            c if c.is_ascii_alphanumeric() => out.push(c),
            _ => out.push(' '),
        }
    }
    out
}

/// `PascalCase` for types and variants; never empty, never starting with a digit.
pub fn type_name(raw: &str) -> String {
    let mut name = words(raw).to_upper_camel_case();
    if name.is_empty() {
        name.push_str("Value");
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, 'V');
    }
    if RESERVED_TYPES.contains(&name.as_str()) {
        name.push_str("Value");
    }
    name
}

/// `SHOUTY_SNAKE_CASE` for statics; never empty, never starting with a digit.
pub fn static_name(raw: &str) -> String {
    let mut name = words(raw).to_shouty_snake_case();
    if name.is_empty() {
        name.push_str("VALUE");
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert_str(0, "S_");
    }
    name
}

/// `snake_case` for fields, parameters and methods; keywords become raw
/// identifiers, or get a `_` where Rust allows no raw form.
pub fn field_name(raw: &str) -> String {
    let mut name = words(raw).to_snake_case();
    if name.is_empty() {
        name.push_str("value");
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, '_');
    }
    escape_keyword(name)
}

/// Names that always mean a credential, compared with case, `_`, `-` and
/// `.` ignored: `token`, `access_token`, `ClientSecret`, `apicode`, ...
const SECRET_NAMES: &[&str] = &[
    "token",
    "accesstoken",
    "refreshtoken",
    "idtoken",
    "sessiontoken",
    "authtoken",
    "bearertoken",
    "clientsecret",
    "secret",
    "password",
    "passwd",
    "passphrase",
    "apikey",
    "apicode",
    "apisecret",
    "secretkey",
    "privatekey",
    "authorization",
];

/// Endings that mean a credential whatever comes before them
/// (`company_api_key`, `X-Api-Key`, `webhook_secret`, `newPassword`).
/// `token` alone is not one: `card_token` names a stored card, not a key.
const SECRET_ENDINGS: &[&str] = &[
    "apikey",
    "secret",
    "password",
    "accesstoken",
    "refreshtoken",
    "secretkey",
    "privatekey",
];

/// Whether a property or parameter named `wire` holds a credential, so
/// its string value is generated as `Secret` (see README, "Secrets").
pub fn is_secret_name(wire: &str) -> bool {
    let flat: String = wire
        .chars()
        .filter(|c| !matches!(c, '_' | '-' | '.' | ' '))
        .flat_map(char::to_lowercase)
        .collect();
    SECRET_NAMES.contains(&flat.as_str()) || SECRET_ENDINGS.iter().any(|e| flat.ends_with(e))
}

/// `snake_case` for a module; a keyword gets a `_` (raw module names read
/// badly in paths and file names).
pub fn module_name(raw: &str) -> String {
    let name = field_name(raw);
    match name.strip_prefix("r#") {
        Some(keyword) => format!("{keyword}_"),
        None => name,
    }
}

fn escape_keyword(name: String) -> String {
    match name.as_str() {
        "self" | "super" | "crate" | "Self" => format!("{name}_"),
        n if KEYWORDS.contains(&n) => format!("r#{name}"),
        _ => name,
    }
}

/// The method name of an operation: its `operationId`, or the method and the
/// path (`POST /api/paylink` → `post_api_paylink`, `{id}` → `by_id`).
pub fn operation_name(operation_id: Option<&str>, method: &str, path: &str) -> String {
    if let Some(id) = operation_id.filter(|id| !field_name(id).trim_start_matches("r#").is_empty())
    {
        return field_name(id);
    }
    let mut raw = method.to_ascii_lowercase();
    for segment in path.split('/').filter(|s| !s.is_empty()) {
        raw.push('_');
        match segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            Some(param) => {
                raw.push_str("by_");
                raw.push_str(param);
            }
            None => raw.push_str(segment),
        }
    }
    field_name(&raw)
}

/// Method names an operation cannot have: the generated `Client` has them
/// (constructors, accessors, its private `authorize`), the traits it
/// derives or every type has give them (`clone`, `fmt`, `into`, ...), or
/// the generated server calls them on its `Arc` of the user's `Api`. An
/// operation named so gets the next free name (`new2`), with a warning.
pub const RESERVED_METHODS: &[&str] = &[
    "new",
    "default",
    "with_base_url",
    "with_http_client",
    "base_url",
    "with_credentials",
    "authorize",
    "clone",
    "clone_from",
    "fmt",
    "eq",
    "ne",
    "hash",
    "into",
    "from",
    "try_into",
    "try_from",
    "drop",
    "as_ref",
    "as_mut",
    "borrow",
    "borrow_mut",
    "to_owned",
    "to_string",
    "type_id",
    "deref",
    "deref_mut",
    "with_token_options",
    "with_token_source",
    "with_server_replaced",
    "with_retry",
    "with_hook",
    "with_retry_clock",
];

/// The chainable setter of a struct's optional field whose Rust name is
/// `field`: `with_description`, `with_type` for `r#type`. Fields are unique
/// within a struct and the prefix is the same for all, so setters are too,
/// and none is `new`, the constructor.
pub fn field_setter(field: &str) -> String {
    format!("with_{}", field.trim_start_matches("r#"))
}

/// The client's setter of the credential of a scheme whose Rust name is
/// `scheme`: `with_api_key`.
pub fn credential_setter(scheme: &str) -> String {
    format!("with_{}", scheme.trim_start_matches("r#"))
}

/// The client's method that obtains the credential of a scheme whose Rust
/// name is `scheme` from a token source: `with_bearer_auth_credentials`.
pub fn token_setter(scheme: &str) -> String {
    format!("{}_credentials", credential_setter(scheme))
}

/// Hands out names unique within one scope, adding `2`, `3`, ... on a clash.
#[derive(Clone, Debug, Default)]
pub struct Namer {
    used: BTreeSet<String>,
}

impl Namer {
    /// A namer where `taken` are already in use.
    pub fn with_taken(taken: &[&str]) -> Self {
        Namer {
            used: taken.iter().map(|s| (*s).to_string()).collect(),
        }
    }

    /// `name`, or `name2`, `name3`, ... if taken; marks it taken.
    pub fn claim(&mut self, name: &str) -> String {
        let (base, raw) = match name.strip_prefix("r#") {
            Some(bare) => (bare, true),
            None => (name, false),
        };
        if self.used.insert(base.to_string()) {
            return name.to_string();
        }
        let mut n = 2;
        loop {
            let candidate = format!("{base}{n}");
            if self.used.insert(candidate.clone()) {
                return if raw && KEYWORDS.contains(&candidate.as_str()) {
                    format!("r#{candidate}")
                } else {
                    candidate
                };
            }
            n += 1;
        }
    }
}

/// The readable name of an HTTP status, for response variants.
pub fn status_name(code: u16) -> String {
    let known = match code {
        200 => "Ok",
        201 => "Created",
        202 => "Accepted",
        203 => "NonAuthoritativeInformation",
        204 => "NoContent",
        206 => "PartialContent",
        301 => "MovedPermanently",
        302 => "Found",
        303 => "SeeOther",
        304 => "NotModified",
        307 => "TemporaryRedirect",
        308 => "PermanentRedirect",
        400 => "BadRequest",
        401 => "Unauthorized",
        402 => "PaymentRequired",
        403 => "Forbidden",
        404 => "NotFound",
        405 => "MethodNotAllowed",
        406 => "NotAcceptable",
        408 => "RequestTimeout",
        409 => "Conflict",
        410 => "Gone",
        411 => "LengthRequired",
        412 => "PreconditionFailed",
        413 => "PayloadTooLarge",
        414 => "UriTooLong",
        415 => "UnsupportedMediaType",
        416 => "RangeNotSatisfiable",
        417 => "ExpectationFailed",
        422 => "UnprocessableEntity",
        423 => "Locked",
        424 => "FailedDependency",
        428 => "PreconditionRequired",
        429 => "TooManyRequests",
        500 => "InternalServerError",
        501 => "NotImplemented",
        502 => "BadGateway",
        503 => "ServiceUnavailable",
        504 => "GatewayTimeout",
        _ => return format!("Status{code}"),
    };
    known.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_names() {
        for name in [
            "token",
            "Token",
            "access_token",
            "refresh_token",
            "client_secret",
            "ClientSecret",
            "apicode",
            "password",
            "api_key",
            "X-Api-Key",
            "company_api_key",
            "AccessToken",
            "Authorization",
            "webhookSecret",
        ] {
            assert!(is_secret_name(name), "{name}");
        }
        for name in [
            "token_type",
            "TokenGuid",
            "ExternalCardToken",
            "TokenizeCard",
            "tokenize",
            "expires_in",
            "cid",
            "ClientId",
            "secret_question_id",
            "password_hint",
        ] {
            assert!(!is_secret_name(name), "{name}");
        }
    }

    #[test]
    fn names() {
        assert_eq!(type_name("paylink-response"), "PaylinkResponse");
        assert_eq!(type_name("+1"), "Plus1");
        assert_eq!(type_name("-1"), "Minus1");
        assert_eq!(type_name("200"), "V200");
        assert_eq!(type_name("Option"), "OptionValue");
        assert_eq!(field_name("type"), "r#type");
        assert_eq!(field_name("self"), "self_");
        assert_eq!(field_setter(&field_name("type")), "with_type");
        assert_eq!(field_setter(&field_name("new")), "with_new");
        assert_eq!(field_setter(&field_name("self")), "with_self_");
        assert_eq!(field_name("PayLinkUrl"), "pay_link_url");
        assert_eq!(field_name("@id"), "id");
        assert_eq!(
            operation_name(None, "POST", "/api/paylink"),
            "post_api_paylink"
        );
        assert_eq!(
            operation_name(None, "get", "/v2/paylinks/{id}"),
            "get_v2_paylinks_by_id"
        );
        assert_eq!(
            operation_name(Some("getOnlinePayLinkAction"), "get", "/x"),
            "get_online_pay_link_action"
        );
    }

    #[test]
    fn namer_resolves_collisions() {
        let mut n = Namer::default();
        assert_eq!(n.claim("a"), "a");
        assert_eq!(n.claim("a"), "a2");
        assert_eq!(n.claim("r#type"), "r#type");
        assert_eq!(n.claim("r#type"), "type2");
    }
}
