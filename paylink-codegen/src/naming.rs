//! Every name the generator makes comes from here: case conversion,
//! keyword escaping, names for operations without an `operationId`, and
//! collision handling. The wire name always travels beside the Rust name.
//!
//! # How names are chosen
//!
//! The rule is stable (it depends on the spec alone, never on the order a
//! map happened to be walked) and every name goes through [`type_name`] or
//! [`field_name`], which keep only identifier characters: spec text never
//! becomes code. Clashes within one scope get `2`, `3`, ... from [`Namer`].
//!
//! - **Component schemas** keep their spec name in Pascal case
//!   (`payment-link` → `PaymentLink`): that is the name users search for.
//!   A dotted namespace ending in a version that more than half of the
//!   component names start with is left out of every name that has it
//!   ([`component_hints`]: Twilio's `api.v2010.account.call` →
//!   `AccountCall`), unless that would make two names one.
//! - **Operations** are named from their `operationId`, or method and path
//!   (`POST /api/paylink` → `post_api_paylink`), chosen over all of a
//!   spec's operations at once ([`operation_names`]: an id that repeats
//!   its path, or starts with the group most ids share, is named by what
//!   follows; a plain id is kept whole); their types from that name
//!   in Pascal case (the *base*): the inline request body is
//!   `{Base}Request` (`CreatePaymentLinkRequest`), an inline response body
//!   `{Base}{Status}` (`CreatePaymentLinkCreated`, `GetAccountOk`) beside the
//!   response enum `{Base}Response`, an inline parameter type
//!   `{Base}{Parameter}`.
//! - **Nested inline types** are named from their owner and their place
//!   ([`nested_type_name`]): the property (`PaymentLink` + `status` →
//!   `PaymentLinkStatus`), `Item` for array items, `Value` for map values.
//!   Words the owner ends with are not repeated (`PaymentLink` +
//!   `link_type` → `PaymentLinkType`), and a name longer than
//!   [`LONG_NAME`] characters drops the owner's last words until it fits
//!   (`ImportFromUrlInput` + `duplicateValidationStrategy` →
//!   `ImportFromUrlDuplicateValidationStrategy`): the property's own words,
//!   the ones a reader finds in the field, are always kept.
//! - **Shared shapes**: an inline schema of exactly the shape and docs of
//!   one met before is that type, named after its first owner in document
//!   order (components, then operations in path order). An operation whose
//!   request or response body is such a shared type still gets its own
//!   name, as an alias (`pub type CreatePaymentLinkRequest =
//!   GetAccountRequest;`), so every operation's body is found under the
//!   operation's name. A type nested in several operations' bodies is
//!   named from its place alone (`PutFilesIdRequestSharedLink` →
//!   `SharedLink`), or after the words the operations' names share when
//!   another type has that name (`FoldersFolderUploadEmail`); see
//!   `ir::names::neutral_names`.
//! - **References into a schema** (`#/components/schemas/A/properties/b`)
//!   name the schema there from its owner and place, as nested types are
//!   (`AB`).
//! - **Enum values** are named from the value ([`enum_variant`]):
//!   `"one-time"` → `OneTime`, `"1"` and `1` → `V1`, `-1` → `Minus1`,
//!   `""` → `Empty`, `"*"` → `Asterisk`; the spec's `x-enum-varnames` or
//!   `x-enumNames` win when they are a list of strings as long as the
//!   `enum` (otherwise a located warning and the values' names); `ValueN`
//!   (N the position) only for a value with nothing to spell, such as
//!   `"日本"`.
//! - **Union variants** (`oneOf`/`anyOf`) are named from, in order: the
//!   referenced type (without the union's name around it: `MultiUsePaymentLink`
//!   in `PaymentLink` → `MultiUse`), the member's `title`, the single value
//!   of its discriminator or of another one-value enum property (`{"type":
//!   {"enum": ["ip"]}}` → `Ip`), a required property no other member has,
//!   its format (`Uuid`, `Ipv4`), its one or few enum values, its JSON type
//!   (`String`, `Integer`, `Array`); `VariantN` only when none of these
//!   tells the members apart.

use std::collections::{BTreeMap, BTreeSet};

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

/// The cases names are made in.
#[derive(Clone, Copy)]
enum Case {
    Type,
    Field,
    Static,
}

/// The names made so far on this thread, one table per [`Case`], by the
/// text they were made from. A large spec names the same properties,
/// parameters and enum values thousands of times (asana's `gid`,
/// `resource_type`, its `opt_fields` values), and a conversion costs more
/// than a lookup. Names are made from text of at most [`REMEMBERED_LONGEST`]
/// bytes only, and a table is emptied when it holds
/// [`REMEMBERED_MOST`]: what a spec says cannot make it grow without end.
#[derive(Default)]
struct Remembered {
    tables: [std::collections::HashMap<Box<str>, String>; 3],
}

/// The longest text whose name is remembered.
const REMEMBERED_LONGEST: usize = 64;

/// The most names a table remembers.
const REMEMBERED_MOST: usize = 1 << 14;

thread_local! {
    static REMEMBERED: std::cell::RefCell<Remembered> = std::cell::RefCell::default();
}

/// `make(raw)`, remembered in `case`'s table.
fn remembered(case: Case, raw: &str, make: fn(&str) -> String) -> String {
    if raw.len() > REMEMBERED_LONGEST {
        return make(raw);
    }
    let known = REMEMBERED.with(|r| r.borrow().tables[case as usize].get(raw).cloned());
    if let Some(name) = known {
        return name;
    }
    // Made outside the borrow: making one name may make others.
    let name = make(raw);
    REMEMBERED.with(|r| {
        let table = &mut r.borrow_mut().tables[case as usize];
        if table.len() >= REMEMBERED_MOST {
            table.clear();
        }
        table.insert(raw.into(), name.clone());
    });
    name
}

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
    remembered(Case::Type, raw, make_type_name)
}

fn make_type_name(raw: &str) -> String {
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

/// What each component schema's type is named from: its name, less the
/// dotted namespace ending in a version segment (`api.v2010.`) that more
/// than half of the names (two at least) start with. The namespace is
/// kept everywhere when leaving it out would give two schemas one type
/// name, or a name nothing is left of.
pub fn component_hints<'a>(names: &[&'a str]) -> BTreeMap<&'a str, &'a str> {
    let whole = || names.iter().map(|n| (*n, *n)).collect();
    let Some(namespace) = common_namespace(names) else {
        return whole();
    };
    let hints: BTreeMap<&str, &str> = names
        .iter()
        .map(|n| (*n, n.strip_prefix(namespace).unwrap_or(n)))
        .collect();
    let mut seen = BTreeSet::new();
    let distinct = hints
        .values()
        .all(|h| !words(h).trim().is_empty() && seen.insert(type_name(h)));
    if distinct {
        hints
    } else {
        whole()
    }
}

/// The namespace (`api.v2010.`, its final dot included) more than half of
/// `names` start with: their dotted segments up to the first that is a
/// version.
fn common_namespace<'a>(names: &[&'a str]) -> Option<&'a str> {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for name in names {
        let mut end = 0;
        for segment in name.split('.') {
            end += segment.len() + 1;
            if end >= name.len() {
                break;
            }
            if is_version(segment) {
                *counts.entry(&name[..end]).or_default() += 1;
                break;
            }
        }
    }
    counts
        .into_iter()
        .find(|(_, n)| *n >= 2 && *n * 2 > names.len())
        .map(|(namespace, _)| namespace)
}

/// Names longer than this are shortened where the generator composed them
/// (see [`nested_type_name`]); the spec's own names are kept whole.
pub const LONG_NAME: usize = 40;

/// The name of an inline type nested in the type `owner` (a Pascal case
/// name) at `part` (a property's wire name, `item`, `value`, a variant's
/// label): `owner` and `part` joined, without repeating the words `owner`
/// ends with, and with `owner`'s last words dropped while the name is
/// longer than [`LONG_NAME`] (its first word is always kept).
pub fn nested_type_name(owner: &str, part: &str) -> String {
    let part = type_name(part);
    let mut own = pascal_words(owner);
    let tail = pascal_words(&part);
    let overlap = (1..tail.len())
        .rev()
        .find(|&k| own.ends_with(&tail[..k]))
        .unwrap_or(0);
    let tail = &tail[overlap..];
    let tail_len: usize = tail.iter().map(|w| w.len()).sum();
    while own.len() > 1 && own.iter().map(|w| w.len()).sum::<usize>() + tail_len > LONG_NAME {
        own.pop();
    }
    let mut name: String = own.concat();
    name.push_str(&tail.concat());
    if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) {
        return type_name(&name);
    }
    name
}

/// The words of a Pascal case name, each starting at an upper-case letter
/// (digits stay with the word before them): `ApiV2010Account` → `Api`,
/// `V2010`, `Account`.
pub(crate) fn pascal_words(name: &str) -> Vec<&str> {
    let mut words = Vec::new();
    let mut start = 0;
    for (i, c) in name.char_indices().skip(1) {
        if c.is_ascii_uppercase() {
            words.push(&name[start..i]);
            start = i;
        }
    }
    if start < name.len() {
        words.push(&name[start..]);
    }
    words
}

/// The variant name of an enum value, or `None` when it has nothing to
/// spell (the caller then numbers it). Letters and digits make the name
/// (`"one-time"` → `OneTime`, `"1"` → `V1`); a value of symbols only is
/// spelled out (`"*"` → `Asterisk`); `""` is `Empty`.
pub fn enum_variant(wire: &str) -> Option<String> {
    if wire.is_empty() {
        return Some("Empty".into());
    }
    if !words(wire).trim().is_empty() {
        return Some(type_name(wire));
    }
    let spelled: Option<Vec<&str>> = wire.chars().map(symbol_name).collect();
    spelled.map(|words| type_name(&words.join(" ")))
}

/// The word for a symbol an enum value may consist of.
fn symbol_name(c: char) -> Option<&'static str> {
    Some(match c {
        '*' => "asterisk",
        '.' => "dot",
        '/' => "slash",
        '\\' => "backslash",
        '_' => "underscore",
        ' ' => "space",
        '#' => "hash",
        '@' => "at",
        '&' => "and",
        '%' => "percent",
        '!' => "bang",
        '?' => "question",
        ',' => "comma",
        ':' => "colon",
        ';' => "semicolon",
        '$' => "dollar",
        '~' => "tilde",
        '^' => "caret",
        '|' => "pipe",
        '(' => "open paren",
        ')' => "close paren",
        '[' => "open bracket",
        ']' => "close bracket",
        '{' => "open brace",
        '}' => "close brace",
        '\'' => "quote",
        '"' => "double quote",
        '`' => "backtick",
        '-' => "dash",
        '=' => "equals",
        _ => return None,
    })
}

/// The variant name of an integer enum value: `1` → `V1`, `-1` → `Minus1`.
pub fn int_variant(wire: i64) -> String {
    if wire < 0 {
        format!("Minus{}", wire.unsigned_abs())
    } else {
        format!("V{wire}")
    }
}

/// `SHOUTY_SNAKE_CASE` for statics; never empty, never starting with a digit.
pub fn static_name(raw: &str) -> String {
    remembered(Case::Static, raw, make_static_name)
}

fn make_static_name(raw: &str) -> String {
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
    remembered(Case::Field, raw, make_field_name)
}

fn make_field_name(raw: &str) -> String {
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

/// An operation as its method name is chosen: its `operationId`, its
/// method and its path.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OperationSite<'a> {
    /// The `operationId`, when given.
    pub operation_id: Option<&'a str>,
    /// The HTTP method, any case.
    pub method: &'a str,
    /// The path template.
    pub path: &'a str,
}

/// The method name of one operation, alone in its spec (see
/// [`operation_names`]).
pub fn operation_name(operation_id: Option<&str>, method: &str, path: &str) -> String {
    let site = OperationSite {
        operation_id,
        method,
        path,
    };
    operation_names(&[site]).pop().unwrap_or_default()
}

/// The method names of a spec's operations (in the order given, before
/// clashes are numbered by [`Namer`]), by the rule of the module docs:
///
/// - an `operationId` written plainly is the name, whole
///   (`skipUsersPlaybackToPreviousTrack` → `skip_users_playback_to_previous_track`);
/// - one that repeats the operation's method and path before its own name
///   (HubSpot's `get-/crm/v3/objects/companies/{companyId}_getById`) is
///   named by that name (`get_by_id`), and one that is nothing but the
///   method and path (`post-/crm/v3/lists_/crm/v3/lists`) as an operation
///   without an `operationId`;
/// - one that is a group, `/`, and a name (GitHub's
///   `enterprise-admin/delete-user`) is named by the name (`delete_user`)
///   when more than half of the spec's operations (two at least) are in
///   that group: it tells little apart; in another group it is kept whole
///   (`repos/get` → `repos_get`);
/// - without an `operationId`, the method and the path after the prefix
///   every operation shares up to its last version segment
///   ([`shared_prefix`]; `GET /crm/v3/lists/{listId}` → `get_lists_by_list_id`);
/// - a name of the last two kinds that another operation's name also
///   takes keeps what tells it apart: the group (the whole id), or the path's literal segments that not all of those
///   operations have (`files_get_by_id` and `folders_get_by_id`; when
///   none differs, all of them after the shared prefix but versions).
pub fn operation_names(sites: &[OperationSite<'_>]) -> Vec<String> {
    let prefix = shared_prefix(sites.iter().map(|s| s.path));
    let common = common_group(sites);
    let parts: Vec<NameParts> = sites
        .iter()
        .map(|s| name_parts(s, prefix, common))
        .collect();
    let mut uses: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, p) in parts.iter().enumerate() {
        uses.entry(p.name.as_str()).or_default().push(i);
    }
    let mut names: Vec<String> = parts.iter().map(|p| p.name.clone()).collect();
    for members in uses.values().filter(|m| m.len() > 1) {
        let qualified: Vec<&NameParts> = members
            .iter()
            .map(|&i| &parts[i])
            .filter(|p| !p.qualifier.is_empty())
            .collect();
        for &i in members {
            let own = &parts[i];
            if own.qualifier.is_empty() {
                continue;
            }
            let telling: Vec<&str> = own
                .qualifier
                .iter()
                .filter(|w| !qualified.iter().all(|q| q.qualifier.contains(w)))
                .map(String::as_str)
                .collect();
            let unversioned: Vec<&str> = own
                .qualifier
                .iter()
                .map(String::as_str)
                .filter(|w| !is_version(w))
                .collect();
            let words = match (telling.is_empty(), unversioned.is_empty()) {
                (false, _) => telling,
                (true, false) => unversioned,
                (true, true) => own.qualifier.iter().map(String::as_str).collect(),
            };
            names[i] = field_name(&format!("{} {}", words.join(" "), own.raw));
        }
    }
    names
}

/// An operation's name before clashes: `name` (snake case, from `raw`),
/// and the words that may tell it apart from another of that name.
struct NameParts {
    name: String,
    raw: String,
    qualifier: Vec<String>,
}

/// The group (GitHub's `enterprise-admin` of `enterprise-admin/delete-user`)
/// that more than half of the operations' ids start with (two at least),
/// if any.
fn common_group<'a>(sites: &[OperationSite<'a>]) -> Option<&'a str> {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for site in sites {
        if let Some((group, _)) = site.operation_id.and_then(grouped) {
            *counts.entry(group).or_default() += 1;
        }
    }
    counts
        .into_iter()
        .find(|(_, n)| *n >= 2 && *n * 2 > sites.len())
        .map(|(group, _)| group)
}

/// An `operationId` written as a group, `/` and a name.
fn grouped(id: &str) -> Option<(&str, &str)> {
    let spellable = |s: &str| !field_name(s).trim_start_matches("r#").is_empty();
    id.split_once('/')
        .filter(|(group, own)| !own.contains('/') && spellable(group) && spellable(own))
}

fn name_parts(site: &OperationSite<'_>, prefix: usize, common: Option<&str>) -> NameParts {
    let from_path = || {
        let raw = path_words(site.method, site.path, prefix);
        NameParts {
            name: field_name(&raw),
            raw,
            qualifier: Vec::new(),
        }
    };
    let spellable = |s: &str| !field_name(s).trim_start_matches("r#").is_empty();
    let Some(id) = site.operation_id.filter(|id| spellable(id)) else {
        return from_path();
    };
    let named = |raw: &str, qualifier: Vec<String>| NameParts {
        name: field_name(raw),
        raw: raw.to_string(),
        qualifier,
    };
    if let Some(rest) = after_method_and_path(id, site.method, site.path) {
        return match rest {
            Some(own) if !own.starts_with('/') && spellable(own) => {
                named(own, literal_segments(site.path, prefix))
            }
            _ => from_path(),
        };
    }
    match grouped(id) {
        Some((group, own)) if Some(group) == common => named(own, vec![group.to_string()]),
        _ => named(id, Vec::new()),
    }
}

/// What follows an `operationId` that starts with its method, `-` and its
/// path: `Some(None)` when nothing does, `Some(Some(rest))` after a `_`.
fn after_method_and_path<'a>(id: &'a str, method: &str, path: &str) -> Option<Option<&'a str>> {
    let head = id.get(..method.len())?;
    if !head.eq_ignore_ascii_case(method) {
        return None;
    }
    let rest = id[method.len()..].strip_prefix('-')?.strip_prefix(path)?;
    if rest.is_empty() {
        return Some(None);
    }
    rest.strip_prefix('_').map(Some)
}

/// The words of an operation without a name of its own: its method, then
/// its path's segments after the first `prefix`, a parameter as
/// `by_<name>`.
fn path_words(method: &str, path: &str, prefix: usize) -> String {
    let mut raw = method.to_ascii_lowercase();
    for segment in segments(path).skip(prefix) {
        raw.push('_');
        match segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            Some(param) => {
                raw.push_str("by_");
                raw.push_str(param);
            }
            None => raw.push_str(segment),
        }
    }
    raw
}

fn segments(path: &str) -> impl Iterator<Item = &str> {
    path.split('/').filter(|s| !s.is_empty())
}

fn is_literal(segment: &str) -> bool {
    !segment.contains(['{', '}'])
}

/// A path's segments after the first `prefix` that hold no parameter.
fn literal_segments(path: &str, prefix: usize) -> Vec<String> {
    segments(path)
        .skip(prefix)
        .filter(|s| is_literal(s))
        .map(str::to_string)
        .collect()
}

/// Whether a path segment names a version: `v3`, `v2beta1`, `V1`,
/// `2010-04-01`.
fn is_version(segment: &str) -> bool {
    let bytes = segment.as_bytes();
    let numbered = matches!(bytes, [b'v' | b'V', d, ..] if d.is_ascii_digit())
        && segment.chars().all(|c| c.is_ascii_alphanumeric());
    let dated = bytes.len() == 10
        && bytes.iter().enumerate().all(|(i, b)| match i {
            4 | 7 => *b == b'-',
            _ => b.is_ascii_digit(),
        });
    numbered || dated
}

/// How many leading path segments every one of `paths` shares and are
/// left out of the names built from paths: the literal segments they all
/// start with, up to and including the last that names a version
/// (`/crm/v3` of `/crm/v3/lists` and `/crm/v3/lists/{listId}`); none when
/// no shared segment is a version, or when a path would keep no literal
/// segment.
pub fn shared_prefix<'a>(paths: impl Iterator<Item = &'a str> + Clone) -> usize {
    let mut all = paths.clone();
    let Some(first) = all.next() else { return 0 };
    let mut shared: Vec<&str> = segments(first).take_while(|s| is_literal(s)).collect();
    for path in all {
        let same = segments(path)
            .zip(&shared)
            .take_while(|(a, b)| a == *b)
            .count();
        shared.truncate(same);
    }
    let mut len = shared
        .iter()
        .rposition(|s| is_version(s))
        .map_or(0, |i| i + 1);
    while len > 0
        && paths
            .clone()
            .any(|p| !segments(p).skip(len).any(is_literal))
    {
        len = shared[..len - 1]
            .iter()
            .rposition(|s| is_version(s))
            .map_or(0, |i| i + 1);
    }
    len
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

    /// Whether `name` is taken.
    pub fn taken(&self, name: &str) -> bool {
        self.used.contains(name.strip_prefix("r#").unwrap_or(name))
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
    fn remembered_names_are_the_names_made() {
        let long = "x".repeat(REMEMBERED_LONGEST + 1);
        for raw in [
            "resource_type",
            "opt_fields",
            "+1",
            "",
            "type",
            "9lives",
            &long,
        ] {
            for _ in 0..2 {
                assert_eq!(type_name(raw), make_type_name(raw), "{raw}");
                assert_eq!(field_name(raw), make_field_name(raw), "{raw}");
                assert_eq!(static_name(raw), make_static_name(raw), "{raw}");
            }
        }
        let held = |case: Case| REMEMBERED.with(|r| r.borrow().tables[case as usize].len());
        assert!(held(Case::Type) >= 6, "short names are remembered");
        assert!(REMEMBERED
            .with(|r| !r.borrow().tables[Case::Type as usize].contains_key(long.as_str())));
    }

    #[test]
    fn remembering_is_bounded() {
        for i in 0..=REMEMBERED_MOST {
            field_name(&format!("property {i}"));
        }
        let held = REMEMBERED.with(|r| r.borrow().tables[Case::Field as usize].len());
        assert!(held <= REMEMBERED_MOST, "{held}");
        assert_eq!(field_name("property 7"), "property_7");
    }

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
            "get_paylinks_by_id"
        );
        assert_eq!(
            operation_name(Some("getOnlinePayLinkAction"), "get", "/x"),
            "get_online_pay_link_action"
        );
    }

    /// Nested names drawn from the corpus: what they were, what they are.
    #[test]
    fn nested_names_from_the_corpus() {
        // payroc: a property whose words the owner ends with.
        assert_eq!(
            nested_type_name("PaymentLink", "linkType"),
            "PaymentLinkType"
        );
        assert_eq!(nested_type_name("PaymentLink", "link"), "PaymentLinkLink");
        assert_eq!(
            nested_type_name("PaymentLink", "status"),
            "PaymentLinkStatus"
        );
        // hubspot-files-v3: was `ImportFromUrlInputDuplicateValidationStrategy`.
        assert_eq!(
            nested_type_name("ImportFromUrlInput", "duplicateValidationStrategy"),
            "ImportFromUrlDuplicateValidationStrategy"
        );
        // sendgrid-mail-v3: was `SendMailBodyMailSettingsBypassListManagement`.
        assert_eq!(
            nested_type_name("SendMailRequestMailSettings", "bypass_list_management"),
            "SendMailRequestMailBypassListManagement"
        );
        // asana: `CustomFieldSettings` + `custom_field`, then deeper.
        assert_eq!(
            nested_type_name("CustomFieldSettingsCustomFieldEnumValue", "name"),
            "CustomFieldSettingsCustomFieldEnumName"
        );
        assert_eq!(
            nested_type_name("SearchRecipientOk", "item"),
            "SearchRecipientOkItem"
        );
        assert_eq!(nested_type_name("Owner", "200"), "OwnerV200");
        // A long property keeps its words; the owner keeps its first.
        let long = nested_type_name("Abc", "aVeryLongPropertyNameThatGoesOnAndOnForever");
        assert_eq!(long, "AbcAVeryLongPropertyNameThatGoesOnAndOnForever");
        for (owner, part) in [("X", ""), ("", "1"), ("", "")] {
            let name = nested_type_name(owner, part);
            assert!(!name.is_empty() && !name.starts_with(|c: char| c.is_ascii_digit()));
        }
    }

    /// Enum values drawn from the corpus (payroc, resend, box, nexus).
    #[test]
    fn enum_variants_from_values() {
        assert_eq!(enum_variant("one-time").as_deref(), Some("OneTime"));
        assert_eq!(enum_variant("multiUse").as_deref(), Some("MultiUse"));
        assert_eq!(enum_variant("SHORT_URL").as_deref(), Some("ShortUrl"));
        assert_eq!(enum_variant("1").as_deref(), Some("V1"));
        assert_eq!(enum_variant("").as_deref(), Some("Empty"));
        assert_eq!(enum_variant("*").as_deref(), Some("Asterisk"));
        assert_eq!(enum_variant("+").as_deref(), Some("Plus"));
        assert_eq!(enum_variant("-").as_deref(), Some("Minus"));
        assert_eq!(enum_variant("=").as_deref(), Some("Eq"));
        assert_eq!(enum_variant("!=").as_deref(), Some("BangEquals"));
        assert_eq!(enum_variant("None").as_deref(), Some("NoneValue"));
        assert_eq!(enum_variant("日本"), None);
        assert_eq!(int_variant(1), "V1");
        assert_eq!(int_variant(0), "V0");
        assert_eq!(int_variant(-1), "Minus1");
        assert_eq!(int_variant(i64::MIN), "Minus9223372036854775808");
    }

    fn names_of(ops: &[(Option<&str>, &str, &str)]) -> Vec<String> {
        let sites: Vec<OperationSite> = ops
            .iter()
            .map(|&(operation_id, method, path)| OperationSite {
                operation_id,
                method,
                path,
            })
            .collect();
        operation_names(&sites)
    }

    /// HubSpot's ids repeat the method and path before their own name
    /// (hubspot-files-v3, hubspot-webhooks-v3, hubspot-cms-pages-v3).
    #[test]
    fn ids_with_their_path_are_named_by_what_follows() {
        let got = names_of(&[
            (
                Some("post-/files/v3/files_upload"),
                "post",
                "/files/v3/files",
            ),
            (
                Some("get-/files/v3/files/{fileId}_getById"),
                "get",
                "/files/v3/files/{fileId}",
            ),
            (
                Some("get-/files/v3/folders/{folderId}_getById"),
                "get",
                "/files/v3/folders/{folderId}",
            ),
            (
                Some("get-/files/v3/files/stat/{path}_getMetadata"),
                "get",
                "/files/v3/files/stat/{path}",
            ),
        ]);
        assert_eq!(
            got,
            [
                "upload",
                "files_get_by_id",
                "folders_get_by_id",
                "get_metadata"
            ]
        );
        let webhooks = names_of(&[
            (
                Some("get-/webhooks/v3/{appId}/settings_getAll"),
                "get",
                "/webhooks/v3/{appId}/settings",
            ),
            (
                Some("get-/webhooks/v3/{appId}/subscriptions_getAll"),
                "get",
                "/webhooks/v3/{appId}/subscriptions",
            ),
            (
                Some("put-/webhooks/v3/{appId}/settings_configure"),
                "put",
                "/webhooks/v3/{appId}/settings",
            ),
        ]);
        assert_eq!(
            webhooks,
            ["settings_get_all", "subscriptions_get_all", "configure"]
        );
        let site = "/cms/v3/pages/site-pages/{objectId}/revisions/{revisionId}/restore-to-draft";
        let landing =
            "/cms/v3/pages/landing-pages/{objectId}/revisions/{revisionId}/restore-to-draft";
        let site_id = format!("post-{site}_restorePreviousVersionToDraft");
        let landing_id = format!("post-{landing}_restorePreviousVersionToDraft");
        let pages = names_of(&[
            (Some(&site_id), "post", site),
            (Some(&landing_id), "post", landing),
        ]);
        assert_eq!(
            pages,
            [
                "site_pages_restore_previous_version_to_draft",
                "landing_pages_restore_previous_version_to_draft"
            ]
        );
    }

    /// hubspot-crm-lists-v3 repeats the path where the name would be, and
    /// hubspot-crm-payments-v3 writes the path alone: named from the path
    /// after the shared `/crm/v3`.
    #[test]
    fn ids_of_method_and_path_alone_are_named_from_the_path() {
        let got = names_of(&[
            (Some("get-/crm/v3/lists_/crm/v3/lists"), "get", "/crm/v3/lists"),
            (
                Some("put-/crm/v3/lists/{listId}/update-list-name_/crm/v3/lists/{listId}/update-list-name"),
                "put",
                "/crm/v3/lists/{listId}/update-list-name",
            ),
            (
                Some("get-/crm/v3/objects/payments/{paymentsId}"),
                "get",
                "/crm/v3/objects/payments/{paymentsId}",
            ),
        ]);
        assert_eq!(
            got,
            [
                "get_lists",
                "put_lists_by_list_id_update_list_name",
                "get_objects_payments_by_payments_id"
            ]
        );
        // An id that only starts like one keeps its words.
        let other = names_of(&[(Some("get-/other_thing"), "get", "/x")]);
        assert_eq!(other, ["get_other_thing"]);
        // Non-ASCII text where the method would end does not panic.
        assert_eq!(names_of(&[(Some("a日"), "get", "/x")]), ["a"]);
    }

    /// github-ghes-3.6-diff: 86 of its 155 ids are `enterprise-admin/...`,
    /// the group most operations share; resend-api's groups are each a
    /// few operations and stay.
    #[test]
    fn grouped_ids_drop_the_group_most_operations_share() {
        let got = names_of(&[
            (
                Some("enterprise-admin/delete-user"),
                "delete",
                "/admin/users/{username}",
            ),
            (
                Some("enterprise-admin/get-audit-log"),
                "get",
                "/enterprises/{e}/audit-log",
            ),
            (
                Some("enterprise-admin/update-ldap-mapping-for-team"),
                "patch",
                "/admin/ldap/teams/{team_id}/mapping",
            ),
            (Some("orgs/get-audit-log"), "get", "/orgs/{org}/audit-log"),
            (Some("repos/get"), "get", "/repos/{owner}/{repo}"),
            (
                Some("enterprise-admin/update-user"),
                "patch",
                "/admin/users/{u}",
            ),
            (Some("updateUser"), "patch", "/users/{u}"),
        ]);
        assert_eq!(
            got,
            [
                "delete_user",
                "get_audit_log",
                "update_ldap_mapping_for_team",
                "orgs_get_audit_log",
                "repos_get",
                "enterprise_admin_update_user",
                "update_user"
            ]
        );
        let resend = names_of(&[
            (Some("emails/send"), "post", "/emails"),
            (Some("emails/list"), "get", "/emails"),
            (Some("domains/verify"), "post", "/domains/{id}/verify"),
            (Some("domains/list"), "get", "/domains"),
        ]);
        assert_eq!(
            resend,
            [
                "emails_send",
                "emails_list",
                "domains_verify",
                "domains_list"
            ]
        );
    }

    /// Names the spec writes plainly are its own: kept whole, however
    /// long (spotify-web-api, pagerduty-rest), and never qualified: the
    /// id carrying a path gives way.
    #[test]
    fn plain_ids_are_kept_whole() {
        let got = names_of(&[
            (
                Some("skipUsersPlaybackToPreviousTrack"),
                "post",
                "/me/player/previous",
            ),
            (
                Some("getAnalyticsMetricsIncidentsEscalationPolicyAll"),
                "post",
                "/analytics/metrics/incidents/escalation_policies/all",
            ),
            (Some("getById"), "get", "/v1/things/{id}"),
            (Some("get-/v1/items/{id}_getById"), "get", "/v1/items/{id}"),
        ]);
        assert_eq!(
            got,
            [
                "skip_users_playback_to_previous_track",
                "get_analytics_metrics_incidents_escalation_policy_all",
                "get_by_id",
                "items_get_by_id"
            ]
        );
    }

    /// The prefix every path shares, up to its last version segment.
    #[test]
    fn shared_prefixes() {
        let prefix = |paths: &[&str]| shared_prefix(paths.iter().copied());
        assert_eq!(prefix(&["/crm/v3/lists", "/crm/v3/lists/{listId}"]), 2);
        assert_eq!(prefix(&["/cms/v3/pages/a", "/cms/pages/v3/b"]), 0);
        assert_eq!(
            prefix(&[
                "/2010-04-01/Accounts/{AccountSid}/Calls.json",
                "/2010-04-01/Accounts.json"
            ]),
            1
        );
        // frontstream: no version, nothing dropped.
        assert_eq!(prefix(&["/api/paylink", "/api/paylink"]), 0);
        // A path left without a literal segment keeps the prefix.
        assert_eq!(prefix(&["/v1", "/v1/users"]), 0);
        assert_eq!(prefix(&["/api/v1/v2", "/api/v1/v2/x"]), 2);
        assert_eq!(prefix(&[]), 0);
        assert_eq!(
            operation_name(None, "post", "/api/paylink"),
            "post_api_paylink"
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

    /// The names Twilio's specs give their schemas (from the corpus:
    /// twilio-api-v2010.json) and variations on them.
    #[test]
    fn a_versioned_namespace_most_components_share_is_left_out() {
        let hints = |names: &[&str]| -> Vec<String> {
            let hints = component_hints(names);
            names.iter().map(|n| type_name(hints[n])).collect()
        };
        let twilio = [
            "api.v2010.account",
            "api.v2010.account.call",
            "api.v2010.account.call.call_feedback_summary",
            "account_enum_status",
        ];
        assert_eq!(
            hints(&twilio),
            [
                "Account",
                "AccountCall",
                "AccountCallCallFeedbackSummary",
                "AccountEnumStatus"
            ]
        );
        // Half is not more than half: the namespace stays.
        let half = [
            "api.v2010.account",
            "api.v2010.call",
            "account_status",
            "call_status",
        ];
        assert_eq!(hints(&half)[0], "ApiV2010Account");
        // Without a version segment a dotted prefix is the spec's own word.
        let plain = ["billing.invoice", "billing.payment", "billing.refund"];
        assert_eq!(hints(&plain)[0], "BillingInvoice");
        // Leaving it out would make two names one: it stays on all.
        let clash = ["api.v1.account", "api.v1.call", "account"];
        assert_eq!(hints(&clash), ["ApiV1Account", "ApiV1Call", "Account"]);
        // A name that is only the namespace keeps it (nothing would be left).
        let bare = ["api.v1", "api.v1.account", "api.v1.call"];
        assert_eq!(hints(&bare), ["ApiV1", "Account", "Call"]);
    }
}
