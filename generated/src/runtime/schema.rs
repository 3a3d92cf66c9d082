//! Schema checks for generated servers (feature `server`): the rules of a
//! spec's schemas as static data, applied to a request's values before they
//! become typed, and the reading of parameter texts as the values their
//! schemas describe.
//!
//! Generated code writes one `static` per component schema and refers to
//! it, so recursive schemas need no boxing and nothing is built per request.

use std::sync::OnceLock;

use serde_json::{Map, Value};

/// The rules of one schema.
#[derive(Debug)]
pub enum Schema {
    /// Anything goes.
    Any,
    /// Another schema (a component).
    Ref(&'static Schema),
    /// `null`, or a value passing the inner schema.
    Nullable(&'static Schema),
    /// One of these values.
    Enum(&'static [Literal]),
    /// A string.
    String(&'static Text),
    /// An integer.
    Integer(&'static Number),
    /// A number.
    Number(&'static Number),
    /// `true` or `false`.
    Boolean,
    /// An array.
    Array(&'static List),
    /// An object.
    Object(&'static Object),
    /// At least one of these (`oneOf`, `anyOf`).
    AnyOf(&'static [Schema]),
    /// All of these (`allOf`).
    AllOf(&'static [Schema]),
    /// The alternative a discriminator property names.
    Tagged(&'static Tagged),
}

/// A union with a discriminator.
#[derive(Debug)]
pub struct Tagged {
    /// The discriminator property.
    pub property: &'static str,
    /// Each tag value and the alternative it selects.
    pub variants: &'static [(&'static str, Schema)],
}

/// A value of an enum.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Literal {
    /// `null`.
    Null,
    /// A boolean.
    Bool(bool),
    /// An integer.
    Int(i64),
    /// A number.
    Num(f64),
    /// A string.
    Str(&'static str),
}

/// String rules.
#[derive(Debug)]
pub struct Text {
    /// `minLength`, in characters.
    pub min_length: Option<usize>,
    /// `maxLength`, in characters.
    pub max_length: Option<usize>,
    /// `pattern`.
    pub pattern: Option<&'static Pattern>,
    /// `format`, for the formats that are checked.
    pub format: Option<Format>,
}

impl Text {
    /// A string without rules; generated rules name what they set and take
    /// the rest from here (`..Text::ANY`).
    pub const ANY: Text = Text {
        min_length: None,
        max_length: None,
        pattern: None,
        format: None,
    };
}

/// The formats that are checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// `date`: `2024-02-29`.
    Date,
    /// `date-time`: `2024-02-29T12:00:00Z`.
    DateTime,
    /// `time`: `12:00:00Z`.
    Time,
    /// `email`.
    Email,
    /// `uuid`.
    Uuid,
    /// `uri`: absolute, with a scheme.
    Uri,
    /// `ipv4`.
    Ipv4,
    /// `ipv6`.
    Ipv6,
    /// `hostname`.
    Hostname,
    /// A string holding an `int32`, as [`Int32`](super::Int32) reads it.
    Int32,
    /// A string holding an `int64`, as [`Int64`](super::Int64) reads it.
    Int64,
    /// A string holding a `uint64`, as [`UInt64`](super::UInt64) reads it.
    UInt64,
    /// A string holding a `decimal`, as [`Decimal`](super::Decimal) reads it.
    Decimal,
}

/// A `pattern`, compiled on first use.
#[derive(Debug)]
pub struct Pattern {
    source: &'static str,
    compiled: OnceLock<Option<regex::Regex>>,
}

impl Pattern {
    /// A pattern from its source (unanchored, as JSON Schema reads it).
    pub const fn new(source: &'static str) -> Self {
        Pattern {
            source,
            compiled: OnceLock::new(),
        }
    }

    /// Whether `text` matches; a pattern that does not compile matches
    /// everything (the generator warns about such patterns).
    pub fn matches(&self, text: &str) -> bool {
        self.compiled
            .get_or_init(|| regex::Regex::new(self.source).ok())
            .as_ref()
            .is_none_or(|r| r.is_match(text))
    }
}

/// Integer and number rules.
#[derive(Debug)]
pub struct Number {
    /// `minimum`.
    pub minimum: Option<f64>,
    /// `maximum`.
    pub maximum: Option<f64>,
    /// Whether `minimum` is exclusive.
    pub exclusive_minimum: bool,
    /// Whether `maximum` is exclusive.
    pub exclusive_maximum: bool,
    /// `multipleOf`.
    pub multiple_of: Option<f64>,
}

impl Number {
    /// A number without rules; generated rules name what they set and take
    /// the rest from here (`..Number::ANY`).
    pub const ANY: Number = Number {
        minimum: None,
        maximum: None,
        exclusive_minimum: false,
        exclusive_maximum: false,
        multiple_of: None,
    };
}

/// Array rules.
#[derive(Debug)]
pub struct List {
    /// Every item's schema.
    pub items: &'static Schema,
    /// `minItems`.
    pub min_items: Option<usize>,
    /// `maxItems`.
    pub max_items: Option<usize>,
    /// `uniqueItems`.
    pub unique: bool,
}

/// Object rules.
#[derive(Debug)]
pub struct Object {
    /// Known properties: name and schema.
    pub properties: &'static [(&'static str, Schema)],
    /// Properties a request must send.
    pub required: &'static [&'static str],
    /// What other properties may be.
    pub additional: Additional,
    /// `minProperties`.
    pub min_properties: Option<usize>,
    /// `maxProperties`.
    pub max_properties: Option<usize>,
}

impl Object {
    /// An object without rules: no known properties, any others, no
    /// bounds. Generated rules name what they set and take the rest from
    /// here (`..Object::ANY`).
    pub const ANY: Object = Object {
        properties: &[],
        required: &[],
        additional: Additional::Any,
        min_properties: None,
        max_properties: None,
    };
}

/// `additionalProperties`.
#[derive(Debug)]
pub enum Additional {
    /// Anything.
    Any,
    /// None allowed.
    Forbidden,
    /// Each must pass this schema.
    Only(&'static Schema),
}

/// A value that breaks a rule: where, which rule, and how.
#[derive(Debug, Clone, PartialEq)]
pub struct Violation {
    /// Where in the value: `lines[0].amount`; empty for the value itself.
    pub path: String,
    /// The schema keyword broken: `maxLength`, `required`, `type`...
    pub rule: &'static str,
    /// What is wrong.
    pub message: String,
}

pub(crate) type Checked = Result<(), Violation>;

pub(crate) fn violation(path: &str, rule: &'static str, message: String) -> Checked {
    Err(Violation {
        path: path.to_string(),
        rule,
        message,
    })
}

/// How deep references are followed; deeper values pass.
pub(crate) const MAX_DEPTH: usize = 128;

impl Schema {
    /// Checks `value`, naming the first rule it breaks.
    pub fn validate(&self, value: &Value) -> Checked {
        self.at(value, &mut String::new(), 0)
    }

    pub(crate) fn at(&self, value: &Value, path: &mut String, depth: usize) -> Checked {
        if depth > MAX_DEPTH {
            return Ok(());
        }
        match self {
            Schema::Any => Ok(()),
            Schema::Ref(inner) => inner.at(value, path, depth + 1),
            Schema::Nullable(inner) if value.is_null() => {
                let _ = inner;
                Ok(())
            }
            Schema::Nullable(inner) => inner.at(value, path, depth + 1),
            Schema::Enum(values) => one_of_values(values, value, path),
            Schema::String(text) => match value {
                Value::String(s) => text.check(s, path),
                other => wrong_type(path, "a string", other),
            },
            Schema::Integer(number) => match value.as_f64() {
                Some(n) if n.fract() == 0.0 => number.check(n, path),
                _ => wrong_type(path, "an integer", value),
            },
            Schema::Number(number) => match value.as_f64() {
                Some(n) => number.check(n, path),
                None => wrong_type(path, "a number", value),
            },
            Schema::Boolean => match value {
                Value::Bool(_) => Ok(()),
                other => wrong_type(path, "a boolean", other),
            },
            Schema::Array(list) => match value {
                Value::Array(items) => list.check(items, path, depth),
                other => wrong_type(path, "an array", other),
            },
            Schema::Object(object) => match value {
                Value::Object(map) => object.check(map, path, depth),
                other => wrong_type(path, "an object", other),
            },
            Schema::AnyOf(members) => any_of(members, value, path, depth),
            Schema::AllOf(members) => members
                .iter()
                .try_for_each(|m| m.at(value, path, depth + 1)),
            Schema::Tagged(tagged) => tagged.check(value, path, depth),
        }
    }

    /// Whether the schema says nothing about the value's type, so a
    /// parameter's text may be read as a string as well as guessed.
    pub fn is_untyped(&self) -> bool {
        matches!(self.shape(), Schema::Any)
    }

    /// The schema of an object's undeclared properties (`Any` for others).
    fn additional(&self) -> &Schema {
        match self.shape() {
            Schema::Object(Object {
                additional: Additional::Only(schema),
                ..
            }) => schema,
            _ => &Schema::Any,
        }
    }

    /// The declared properties of an object schema (none for others).
    pub fn property_names(&self) -> &'static [(&'static str, Schema)] {
        let mut current = self;
        for _ in 0..MAX_DEPTH {
            match current {
                Schema::Ref(inner) | Schema::Nullable(inner) => current = inner,
                Schema::Object(o) => return o.properties,
                _ => return &[],
            }
        }
        &[]
    }

    /// Whether the value is a list, so that a parameter's text is split at
    /// its style's separator.
    pub fn is_list(&self) -> bool {
        matches!(self.shape(), Schema::Array(_))
    }

    /// The schema this one stands for, through references, `null`
    /// allowances and the first member of `allOf` and `anyOf`: what a
    /// parameter's text is read as.
    fn shape(&self) -> &Schema {
        let mut current = self;
        for _ in 0..MAX_DEPTH {
            current = match current {
                Schema::Ref(inner) | Schema::Nullable(inner) => inner,
                Schema::Tagged(tagged) => match tagged.variants.first() {
                    Some((_, first)) => first,
                    None => return &Schema::Any,
                },
                Schema::AllOf(members) | Schema::AnyOf(members) => {
                    match members.iter().find(|m| !matches!(m.shape(), Schema::Any)) {
                        Some(m) => m,
                        None => return &Schema::Any,
                    }
                }
                other => return other,
            };
        }
        &Schema::Any
    }
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

pub(crate) fn wrong_type(path: &str, expected: &str, got: &Value) -> Checked {
    violation(
        path,
        "type",
        format!("must be {expected}, not {}", kind(got)),
    )
}

pub(crate) fn one_of_values(values: &[Literal], value: &Value, path: &str) -> Checked {
    if values.iter().any(|l| l.matches(value)) {
        return Ok(());
    }
    let listed: Vec<String> = values.iter().map(Literal::to_string).collect();
    violation(
        path,
        "enum",
        format!("must be one of {}, not {value}", listed.join(", ")),
    )
}

fn any_of(members: &[Schema], value: &Value, path: &mut String, depth: usize) -> Checked {
    let mut first = None;
    for member in members {
        match member.at(value, path, depth + 1) {
            Ok(()) => return Ok(()),
            Err(e) => {
                first.get_or_insert(e);
            }
        }
    }
    match first {
        Some(e) if members.len() == 1 => Err(e),
        Some(e) => violation(
            path,
            "oneOf",
            format!(
                "must fit one of its {} alternatives (the first: {})",
                members.len(),
                describe(&e)
            ),
        ),
        None => Ok(()),
    }
}

fn describe(v: &Violation) -> String {
    if v.path.is_empty() {
        format!("{} ({})", v.message, v.rule)
    } else {
        format!("`{}` {} ({})", v.path, v.message, v.rule)
    }
}

impl Tagged {
    fn check(&self, value: &Value, path: &mut String, depth: usize) -> Checked {
        let Value::Object(map) = value else {
            return wrong_type(path, "an object", value);
        };
        let at = child(path, self.property);
        let Some(tag) = map.get(self.property) else {
            return violation(&at, "required", "is required".to_string());
        };
        let chosen = tag
            .as_str()
            .and_then(|t| self.variants.iter().find(|(v, _)| *v == t));
        match chosen {
            Some((_, schema)) => schema.at(value, path, depth + 1),
            None => {
                let names: Vec<String> = self
                    .variants
                    .iter()
                    .map(|(v, _)| format!("\"{v}\""))
                    .collect();
                violation(
                    &at,
                    "discriminator",
                    format!("must be one of {}, not {tag}", names.join(", ")),
                )
            }
        }
    }
}

impl Literal {
    fn matches(&self, value: &Value) -> bool {
        match (self, value) {
            (Literal::Null, Value::Null) => true,
            (Literal::Bool(b), Value::Bool(v)) => b == v,
            (Literal::Int(i), Value::Number(n)) => {
                n.as_i64() == Some(*i) || n.as_f64() == Some(*i as f64)
            }
            (Literal::Num(f), Value::Number(n)) => n.as_f64() == Some(*f),
            (Literal::Str(s), Value::String(v)) => s == v,
            _ => false,
        }
    }
}

impl std::fmt::Display for Literal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Literal::Null => f.write_str("null"),
            Literal::Bool(b) => write!(f, "{b}"),
            Literal::Int(i) => write!(f, "{i}"),
            Literal::Num(n) => write!(f, "{n}"),
            Literal::Str(s) => write!(f, "\"{s}\""),
        }
    }
}

impl Text {
    pub(crate) fn check(&self, s: &str, path: &str) -> Checked {
        if self.min_length.is_some() || self.max_length.is_some() {
            let length = s.chars().count();
            if let Some(min) = self.min_length.filter(|m| length < *m) {
                return violation(
                    path,
                    "minLength",
                    format!("must be at least {min} characters long"),
                );
            }
            if let Some(max) = self.max_length.filter(|m| length > *m) {
                return violation(
                    path,
                    "maxLength",
                    format!("must be at most {max} characters long"),
                );
            }
        }
        if let Some(pattern) = self.pattern.filter(|p| !p.matches(s)) {
            return violation(
                path,
                "pattern",
                format!("must match the pattern `{}`", pattern.source),
            );
        }
        match self.format.filter(|f| !f.accepts(s)) {
            Some(format) => violation(path, "format", format!("must be a valid {}", format.name())),
            None => Ok(()),
        }
    }
}

impl Number {
    pub(crate) fn check(&self, n: f64, path: &str) -> Checked {
        if let Some(min) = self.minimum {
            if n < min || (self.exclusive_minimum && n == min) {
                let rule = if self.exclusive_minimum {
                    "exclusiveMinimum"
                } else {
                    "minimum"
                };
                let word = if self.exclusive_minimum {
                    "greater than"
                } else {
                    "at least"
                };
                return violation(path, rule, format!("must be {word} {min}"));
            }
        }
        if let Some(max) = self.maximum {
            if n > max || (self.exclusive_maximum && n == max) {
                let rule = if self.exclusive_maximum {
                    "exclusiveMaximum"
                } else {
                    "maximum"
                };
                let word = if self.exclusive_maximum {
                    "less than"
                } else {
                    "at most"
                };
                return violation(path, rule, format!("must be {word} {max}"));
            }
        }
        match self.multiple_of {
            Some(m) if !is_multiple(n, m) => {
                violation(path, "multipleOf", format!("must be a multiple of {m}"))
            }
            _ => Ok(()),
        }
    }
}

fn is_multiple(n: f64, m: f64) -> bool {
    let q = n / m;
    (q - q.round()).abs() <= 1e-9 * q.abs().max(1.0)
}

impl List {
    fn check(&self, items: &[Value], path: &mut String, depth: usize) -> Checked {
        if let Some(min) = self.min_items.filter(|m| items.len() < *m) {
            return violation(path, "minItems", format!("must have at least {min} items"));
        }
        if let Some(max) = self.max_items.filter(|m| items.len() > *m) {
            return violation(path, "maxItems", format!("must have at most {max} items"));
        }
        if self.unique {
            for (i, item) in items.iter().enumerate() {
                if items[..i].contains(item) {
                    return violation(
                        path,
                        "uniqueItems",
                        format!("must not repeat items (item {i} does)"),
                    );
                }
            }
        }
        for (i, item) in items.iter().enumerate() {
            let len = path.len();
            path.push_str(&format!("[{i}]"));
            let result = self.items.at(item, path, depth + 1);
            path.truncate(len);
            result?;
        }
        Ok(())
    }
}

impl Object {
    fn check(&self, map: &Map<String, Value>, path: &mut String, depth: usize) -> Checked {
        if let Some(missing) = self.required.iter().find(|r| !map.contains_key(**r)) {
            let at = child(path, missing);
            return violation(&at, "required", "is required".to_string());
        }
        if let Some(min) = self.min_properties.filter(|m| map.len() < *m) {
            return violation(
                path,
                "minProperties",
                format!("must have at least {min} properties"),
            );
        }
        if let Some(max) = self.max_properties.filter(|m| map.len() > *m) {
            return violation(
                path,
                "maxProperties",
                format!("must have at most {max} properties"),
            );
        }
        for (name, value) in map {
            let known = self.properties.iter().find(|(n, _)| n == name);
            let len = path.len();
            *path = child(path, name);
            let result = match (known, &self.additional) {
                (Some((_, schema)), _) => schema.at(value, path, depth + 1),
                (None, Additional::Any) => Ok(()),
                (None, Additional::Forbidden) => violation(
                    path,
                    "additionalProperties",
                    "is not allowed here".to_string(),
                ),
                (None, Additional::Only(schema)) => schema.at(value, path, depth + 1),
            };
            path.truncate(len);
            result?;
        }
        Ok(())
    }
}

pub(crate) fn child(path: &str, name: &str) -> String {
    if path.is_empty() {
        name.to_string()
    } else {
        format!("{path}.{name}")
    }
}

impl Format {
    fn name(self) -> &'static str {
        match self {
            Format::Date => "date",
            Format::DateTime => "date-time",
            Format::Time => "time",
            Format::Email => "email",
            Format::Uuid => "uuid",
            Format::Uri => "uri",
            Format::Ipv4 => "ipv4",
            Format::Ipv6 => "ipv6",
            Format::Hostname => "hostname",
            Format::Int32 => "int32",
            Format::Int64 => "int64",
            Format::UInt64 => "uint64",
            Format::Decimal => "decimal",
        }
    }

    fn accepts(self, s: &str) -> bool {
        match self {
            Format::Date => is_date(s),
            Format::DateTime => is_date_time(s),
            Format::Time => is_time(s),
            Format::Email => is_email(s),
            Format::Uuid => is_uuid(s),
            Format::Uri => is_uri(s),
            Format::Ipv4 => s.parse::<std::net::Ipv4Addr>().is_ok(),
            Format::Ipv6 => s.parse::<std::net::Ipv6Addr>().is_ok(),
            Format::Hostname => is_hostname(s),
            Format::Int32 => super::Int32::parse(s).is_ok(),
            Format::Int64 => super::Int64::parse(s).is_ok(),
            Format::UInt64 => super::UInt64::parse(s).is_ok(),
            Format::Decimal => super::Decimal::parse(s).is_ok(),
        }
    }
}

/// `YYYY-MM-DD`, as [`Date`](super::Date) reads it.
fn is_date(s: &str) -> bool {
    super::Date::parse(s).is_ok()
}

/// RFC 3339 `full-time`: `hh:mm:ss[.frac](Z|±hh:mm)`; a [`Time`](super::Time)
/// also reads a time without offset, which the format does not allow.
fn is_time(s: &str) -> bool {
    super::Time::parse(s).is_ok_and(|t| t.value().offset.is_some())
}

fn is_date_time(s: &str) -> bool {
    super::DateTime::parse(s).is_ok()
}

fn is_email(s: &str) -> bool {
    let Some((local, domain)) = s.rsplit_once('@') else {
        return false;
    };
    !local.is_empty()
        && local.len() <= 64
        && !local.chars().any(|c| c.is_whitespace() || c == '@')
        && is_hostname(domain)
        && domain.contains('.')
}

fn is_uuid(s: &str) -> bool {
    super::Uuid::parse(s).is_ok()
}

fn is_uri(s: &str) -> bool {
    let Some((scheme, rest)) = s.split_once(':') else {
        return false;
    };
    let mut chars = scheme.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        && !rest.chars().any(|c| c.is_whitespace() || c.is_control())
}

fn is_hostname(s: &str) -> bool {
    let s = s.strip_suffix('.').unwrap_or(s);
    !s.is_empty()
        && s.len() <= 253
        && s.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        })
}

/// Reads parameter texts as the JSON value `schema` describes: integers,
/// numbers and booleans parsed, strings kept, several texts (or a list
/// schema) as an array. Texts that do not parse are an error naming what
/// was expected. Without a typed schema, numbers and booleans are guessed.
pub fn from_texts(schema: &Schema, texts: &[String]) -> Result<Value, Violation> {
    match schema.shape() {
        Schema::Array(list) => {
            let items = texts
                .iter()
                .enumerate()
                .map(|(i, t)| {
                    scalar(list.items, t).map_err(|mut v| {
                        v.path = format!("[{i}]");
                        v
                    })
                })
                .collect::<Result<Vec<_>, _>>()?;
            Ok(Value::Array(items))
        }
        _ if texts.len() == 1 => scalar(schema, &texts[0]),
        _ => Ok(Value::Array(
            texts
                .iter()
                .map(|t| scalar(schema, t))
                .collect::<Result<_, _>>()?,
        )),
    }
}

/// Reads `name=value` pairs (a form body, a `deepObject`) as an object,
/// each property's texts as its schema describes them.
pub fn object_from_texts(schema: &Schema, pairs: &[(String, String)]) -> Result<Value, Violation> {
    let properties: &[(&str, Schema)] = match schema.shape() {
        Schema::Object(o) => o.properties,
        _ => &[],
    };
    let mut grouped: Vec<(&str, Vec<String>)> = Vec::new();
    for (name, text) in pairs {
        match grouped.iter_mut().find(|(n, _)| n == name) {
            Some((_, texts)) => texts.push(text.clone()),
            None => grouped.push((name, vec![text.clone()])),
        }
    }
    let mut map = Map::new();
    for (name, texts) in grouped {
        let property = properties
            .iter()
            .find(|(n, _)| *n == name)
            .map_or_else(|| schema.additional(), |(_, s)| s);
        let value = from_texts(property, &texts).map_err(|mut v| {
            v.path = if v.path.is_empty() || v.path.starts_with('[') {
                format!("{name}{}", v.path)
            } else {
                format!("{name}.{}", v.path)
            };
            v
        })?;
        map.insert(name.to_string(), value);
    }
    Ok(Value::Object(map))
}

fn scalar(schema: &Schema, text: &str) -> Result<Value, Violation> {
    let fail = |expected: &str| {
        Err(Violation {
            path: String::new(),
            rule: "type",
            message: format!("must be {expected}, not `{text}`"),
        })
    };
    match schema.shape() {
        Schema::String(_) => Ok(Value::String(text.to_string())),
        Schema::Integer(_) => match text.parse::<i64>() {
            Ok(i) => Ok(Value::from(i)),
            Err(_) => match text.parse::<u64>() {
                Ok(u) => Ok(Value::from(u)),
                Err(_) => fail("an integer"),
            },
        },
        Schema::Number(_) => match text.parse::<f64>().ok().filter(|f| f.is_finite()) {
            Some(f) if text.parse::<i64>().is_ok() => Ok(Value::from(f as i64)),
            Some(f) => Ok(serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
            None => fail("a number"),
        },
        Schema::Boolean => match text {
            "true" => Ok(Value::Bool(true)),
            "false" => Ok(Value::Bool(false)),
            _ => fail("`true` or `false`"),
        },
        Schema::Enum(values)
            if values
                .iter()
                .all(|l| matches!(l, Literal::Str(_) | Literal::Null)) =>
        {
            Ok(Value::String(text.to_string()))
        }
        _ => Ok(guess(text)),
    }
}

/// A raw text as the JSON value it most likely is: numbers and booleans
/// as such, anything else as a string.
pub fn guess(text: &str) -> Value {
    match serde_json::from_str::<Value>(text) {
        Ok(v @ (Value::Number(_) | Value::Bool(_))) => v,
        _ => Value::String(text.to_string()),
    }
}
