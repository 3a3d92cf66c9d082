//! Schemas to checks: the rules a server applies to a value it receives
//! beyond its Rust type (lengths, patterns, ranges, enums, formats, array
//! sizes, required and unknown properties, `null`). Plain data: a
//! component schema is checked once, under its name, and referenced.

use std::collections::BTreeMap;

use openapiv3::{
    AdditionalProperties, AnySchema, ArrayType, BooleanType, IntegerFormat, IntegerType,
    NumberType, OpenAPI, ReferenceOr, Schema, StringFormat, StringType, VariantOrUnknownOrEmpty,
};

use super::visit::{tag_values, walk, Members, ObjectShape, Visitor};
use crate::diagnostic::{join, Diagnostic};

/// The rules of one schema.
#[derive(Clone, Debug, PartialEq)]
pub enum Check {
    /// Anything goes.
    Any,
    /// The check of the component schema of this name.
    Ref(String),
    /// `null`, or a value passing the inner check.
    Nullable(Box<Check>),
    /// One of these values.
    Enum(Vec<serde_json::Value>),
    /// A string.
    Str(StrRule),
    /// An integer.
    Int(NumRule),
    /// A number.
    Num(NumRule),
    /// `true` or `false`.
    Bool,
    /// An array.
    Array(ArrayRule),
    /// An object.
    Object(ObjectRule),
    /// At least one of these (`oneOf` and `anyOf`: generated unions take
    /// the variant that fits best, so exclusivity is not enforced).
    AnyOf(Vec<Check>),
    /// All of these.
    AllOf(Vec<Check>),
    /// The alternative a discriminator property names.
    Tagged(TaggedRule),
}

impl Check {
    /// The checks nested directly in this one, in the order their rules
    /// are written: the inner check, the items, the properties then the
    /// additional properties, the members, the variants.
    pub fn children(&self) -> Vec<&Check> {
        match self {
            Check::Nullable(inner) => vec![inner],
            Check::Array(rule) => vec![&rule.items],
            Check::Object(rule) => {
                let mut out: Vec<&Check> = rule.properties.iter().map(|p| &p.check).collect();
                if let Additional::Only(c) = &rule.additional {
                    out.push(c);
                }
                out
            }
            Check::AnyOf(members) | Check::AllOf(members) => members.iter().collect(),
            Check::Tagged(rule) => rule.variants.iter().map(|(_, c)| c).collect(),
            Check::Any
            | Check::Ref(_)
            | Check::Enum(_)
            | Check::Str(_)
            | Check::Int(_)
            | Check::Num(_)
            | Check::Bool => Vec::new(),
        }
    }
}

/// A union with a discriminator.
#[derive(Clone, Debug, PartialEq)]
pub struct TaggedRule {
    /// The discriminator property.
    pub property: String,
    /// Each tag value and the check of the alternative it selects.
    pub variants: Vec<(String, Check)>,
}

/// String rules.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct StrRule {
    /// `minLength`, in characters.
    pub min_length: Option<usize>,
    /// `maxLength`, in characters.
    pub max_length: Option<usize>,
    /// `pattern` (unanchored, as JSON Schema reads it).
    pub pattern: Option<String>,
    /// A format the server checks.
    pub format: Option<Format>,
}

/// The formats a server checks; others are documentation only.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// `date` (RFC 3339 full-date).
    Date,
    /// `date-time` (RFC 3339).
    DateTime,
    /// `time` (RFC 3339 full-time).
    Time,
    /// `email`.
    Email,
    /// `uuid`.
    Uuid,
    /// `uri` (absolute).
    Uri,
    /// `ipv4`.
    Ipv4,
    /// `ipv6`.
    Ipv6,
    /// `hostname`.
    Hostname,
    /// A string holding an `int32`.
    Int32,
    /// A string holding an `int64`.
    Int64,
    /// A string holding a `uint64`.
    UInt64,
    /// A string holding a `decimal`.
    Decimal,
}

impl Format {
    fn parse(name: &str) -> Option<Format> {
        Some(match name {
            "date" => Format::Date,
            "date-time" => Format::DateTime,
            "time" => Format::Time,
            "email" => Format::Email,
            "uuid" => Format::Uuid,
            "uri" => Format::Uri,
            "ipv4" => Format::Ipv4,
            "ipv6" => Format::Ipv6,
            "hostname" => Format::Hostname,
            "int32" => Format::Int32,
            "int64" => Format::Int64,
            "uint64" => Format::UInt64,
            "decimal" => Format::Decimal,
            _ => return None,
        })
    }
}

/// Integer and number rules.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct NumRule {
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

/// Array rules.
#[derive(Clone, Debug, PartialEq)]
pub struct ArrayRule {
    /// The check of every item.
    pub items: Box<Check>,
    /// `minItems`.
    pub min_items: Option<usize>,
    /// `maxItems`.
    pub max_items: Option<usize>,
    /// `uniqueItems`.
    pub unique: bool,
}

/// Object rules.
#[derive(Clone, Debug, PartialEq)]
pub struct ObjectRule {
    /// Known properties.
    pub properties: Vec<Property>,
    /// What other properties may be.
    pub additional: Additional,
    /// `minProperties`.
    pub min_properties: Option<usize>,
    /// `maxProperties`.
    pub max_properties: Option<usize>,
}

/// One property of an object.
#[derive(Clone, Debug, PartialEq)]
pub struct Property {
    /// Its name on the wire.
    pub name: String,
    /// Its check.
    pub check: Check,
    /// Whether it is required.
    pub required: bool,
    /// `readOnly`: a request need not send it even when required.
    pub read_only: bool,
}

/// `additionalProperties`.
#[derive(Clone, Debug, PartialEq)]
pub enum Additional {
    /// Absent or `true`.
    Any,
    /// `false`.
    Forbidden,
    /// A schema every other property must pass.
    Only(Box<Check>),
}

/// How deep inline schemas are followed; deeper ones are not checked.
const MAX_DEPTH: usize = 64;

/// Builds checks for one API, warning about rules it cannot apply.
pub(crate) struct Checker<'a> {
    api: &'a OpenAPI,
    warnings: Vec<Diagnostic>,
    /// The checks of the schemas `$ref`s point at inside other schemas
    /// (`#/components/schemas/A/properties/b`), by reference: each is
    /// checked once and named, like a component, so that a pointer used
    /// many times, or inside its own target, costs one check.
    pointed: BTreeMap<String, Check>,
}

impl<'a> Checker<'a> {
    /// A checker of `api`'s schemas.
    pub fn new(api: &'a OpenAPI) -> Self {
        Checker {
            api,
            warnings: Vec::new(),
            pointed: BTreeMap::new(),
        }
    }

    /// The checks of every component schema, by name.
    pub fn components(&mut self) -> BTreeMap<String, Check> {
        let Some(components) = self.api.components.as_ref() else {
            return BTreeMap::new();
        };
        components
            .schemas
            .iter()
            .map(|(name, s)| {
                let at = join("#/components/schemas", name);
                (name.clone(), self.check(s, &at, 0))
            })
            .collect()
    }

    /// Warnings met so far, and the checks of the places pointers named,
    /// by reference (to add to the components' checks: a reference is never
    /// a component's name, which the spec writes without `#/`).
    pub fn finish(self) -> (Vec<Diagnostic>, BTreeMap<String, Check>) {
        (self.warnings, self.pointed)
    }

    /// The check of a schema or reference at `pointer`.
    pub fn check(&mut self, schema: &ReferenceOr<Schema>, pointer: &str, depth: usize) -> Check {
        match schema {
            ReferenceOr::Reference { reference } => {
                match super::nullable::component_name(reference) {
                    Some(name) if self.component_exists(&name) => Check::Ref(name),
                    _ => self.pointer(reference),
                }
            }
            ReferenceOr::Item(s) => self.schema(s, pointer, depth),
        }
    }

    /// The check of the schema `reference` points at inside another one,
    /// by name: its rules are made on first use (a pointer met again while
    /// they are being made, in a cycle, names them too). One that names
    /// nothing, or a component's name, checks nothing here (the types
    /// already warned about it).
    fn pointer(&mut self, reference: &str) -> Check {
        if self.component_exists(reference) {
            return Check::Any;
        }
        if !self.pointed.contains_key(reference) {
            let Ok(pointed) = super::pointers::resolve(self.api, reference, &|_| None) else {
                return Check::Any;
            };
            self.pointed.insert(reference.to_string(), Check::Any);
            let check = self.check(&pointed.schema, reference, 0);
            self.pointed.insert(reference.to_string(), check);
        }
        Check::Ref(reference.to_string())
    }

    fn component_exists(&self, name: &str) -> bool {
        self.api
            .components
            .as_ref()
            .is_some_and(|c| c.schemas.contains_key(name))
    }

    fn boxed(&mut self, schema: &ReferenceOr<Box<Schema>>, pointer: &str, depth: usize) -> Check {
        match schema {
            ReferenceOr::Reference { reference } => self.check(
                &ReferenceOr::Reference {
                    reference: reference.clone(),
                },
                pointer,
                depth,
            ),
            ReferenceOr::Item(s) => self.schema(s, pointer, depth),
        }
    }

    fn schema(&mut self, s: &Schema, pointer: &str, depth: usize) -> Check {
        // A schema given a user type (`x-rust-type`) is checked by that
        // type's `Deserialize`, not here.
        if depth > MAX_DEPTH || super::rust_path::usable(&s.schema_data).is_some() {
            return Check::Any;
        }
        let mut level = Level {
            checker: self,
            depth: depth + 1,
        };
        let check = walk(&mut level, s, pointer);
        if s.schema_data.nullable && !matches!(check, Check::Any) {
            Check::Nullable(Box::new(check))
        } else {
            check
        }
    }

    /// `oneOf`/`anyOf`: by the discriminator when there is one.
    fn union(
        &mut self,
        s: &Schema,
        members: &[ReferenceOr<Schema>],
        key: &str,
        pointer: &str,
        depth: usize,
    ) -> Check {
        let Some(d) = &s.schema_data.discriminator else {
            return self.members(members, key, pointer, depth, Check::AnyOf);
        };
        let at = join(pointer, key);
        let mut variants = Vec::new();
        for (i, member) in members.iter().enumerate() {
            let check = self.check(member, &join(&at, &i.to_string()), depth);
            for value in tag_values(d, member) {
                variants.push((value, check.clone()));
            }
        }
        if variants.is_empty() {
            return self.members(members, key, pointer, depth, Check::AnyOf);
        }
        Check::Tagged(TaggedRule {
            property: d.property_name.clone(),
            variants,
        })
    }

    fn members(
        &mut self,
        members: &[ReferenceOr<Schema>],
        key: &str,
        pointer: &str,
        depth: usize,
        make: fn(Vec<Check>) -> Check,
    ) -> Check {
        let at = join(pointer, key);
        let checks: Vec<Check> = members
            .iter()
            .enumerate()
            .map(|(i, m)| self.check(m, &join(&at, &i.to_string()), depth))
            .collect();
        if key != "allOf" && checks.contains(&Check::Any) {
            return Check::Any;
        }
        let mut checks: Vec<Check> = checks.into_iter().filter(|c| *c != Check::Any).collect();
        match checks.len() {
            0 => Check::Any,
            1 => checks.remove(0),
            _ => make(checks),
        }
    }

    /// A string check whose pattern is dropped, with a warning, when the
    /// server's regular expressions cannot read it.
    fn string(&mut self, t: &StringType, pointer: &str) -> Check {
        let mut rule = StrRule {
            min_length: t.min_length,
            max_length: t.max_length,
            pattern: t.pattern.clone(),
            format: match &t.format {
                VariantOrUnknownOrEmpty::Item(StringFormat::Date) => Some(Format::Date),
                VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => Some(Format::DateTime),
                VariantOrUnknownOrEmpty::Unknown(f) => Format::parse(f),
                _ => None,
            },
        };
        self.keep_readable_pattern(&mut rule, pointer);
        Check::Str(rule)
    }

    fn keep_readable_pattern(&mut self, rule: &mut StrRule, pointer: &str) {
        let Some(pattern) = &rule.pattern else { return };
        if let Err(e) = regex_syntax::Parser::new().parse(pattern) {
            let first = e.to_string().lines().last().unwrap_or_default().to_string();
            self.warnings.push(
                Diagnostic::warning(
                    join(pointer, "pattern"),
                    format!("the pattern is not checked by generated servers: {first}"),
                )
                .with_hint("Rust's regex crate reads it differently from ECMA-262 (look-around and backreferences are not supported)"),
            );
            rule.pattern = None;
        }
    }

    fn array(&mut self, a: &ArrayType, pointer: &str, depth: usize) -> Check {
        let items = match &a.items {
            Some(items) => self.boxed(items, &join(pointer, "items"), depth),
            None => Check::Any,
        };
        Check::Array(ArrayRule {
            items: Box::new(items),
            min_items: a.min_items,
            max_items: a.max_items,
            unique: a.unique_items,
        })
    }

    fn shape(&mut self, shape: &ObjectShape<'_>, pointer: &str, depth: usize) -> Check {
        let at = join(pointer, "properties");
        let properties = shape
            .properties
            .iter()
            .map(|(name, s)| {
                let read_only = matches!(s, ReferenceOr::Item(s) if s.schema_data.read_only);
                Property {
                    name: name.clone(),
                    check: self.boxed(s, &join(&at, name), depth),
                    required: shape.required.contains(name),
                    read_only,
                }
            })
            .chain(
                shape
                    .required
                    .iter()
                    .filter(|r| !shape.properties.contains_key(*r))
                    .map(|r| Property {
                        name: r.clone(),
                        check: Check::Any,
                        required: true,
                        read_only: false,
                    }),
            )
            .collect();
        let additional = match shape.additional {
            None | Some(AdditionalProperties::Any(true)) => Additional::Any,
            Some(AdditionalProperties::Any(false)) => Additional::Forbidden,
            Some(AdditionalProperties::Schema(s)) => {
                match self.check(s, &join(pointer, "additionalProperties"), depth) {
                    Check::Any => Additional::Any,
                    c => Additional::Only(Box::new(c)),
                }
            }
        };
        Check::Object(ObjectRule {
            properties,
            additional,
            min_properties: shape.min,
            max_properties: shape.max,
        })
    }

    /// A schema without one `type` nor a composition: its keywords
    /// decide what it checks.
    fn loose(&mut self, a: &AnySchema, pointer: &str, depth: usize) -> Check {
        if !a.enumeration.is_empty() {
            return Check::Enum(a.enumeration.clone());
        }
        match a.typ.as_deref() {
            Some("string") => {
                let mut rule = StrRule {
                    min_length: a.min_length,
                    max_length: a.max_length,
                    pattern: a.pattern.clone(),
                    format: a.format.as_deref().and_then(Format::parse),
                };
                self.keep_readable_pattern(&mut rule, pointer);
                Check::Str(rule)
            }
            Some("integer") => Check::Int(any_numbers(a)),
            Some("number") => Check::Num(any_numbers(a)),
            Some("boolean") => Check::Bool,
            Some("array") => {
                let items = match &a.items {
                    Some(items) => self.boxed(items, &join(pointer, "items"), depth),
                    None => Check::Any,
                };
                Check::Array(ArrayRule {
                    items: Box::new(items),
                    min_items: a.min_items,
                    max_items: a.max_items,
                    unique: a.unique_items.unwrap_or(false),
                })
            }
            Some("object") => self.any_object(a, pointer, depth),
            _ if !a.properties.is_empty() => self.any_object(a, pointer, depth),
            _ => Check::Any,
        }
    }

    fn any_object(&mut self, a: &AnySchema, pointer: &str, depth: usize) -> Check {
        self.shape(&ObjectShape::of_any(a), pointer, depth)
    }
}

/// The checker at one depth of nesting, as [`walk`] hands it a schema.
struct Level<'c, 'a> {
    checker: &'c mut Checker<'a>,
    depth: usize,
}

impl Visitor for Level<'_, '_> {
    type Out = Check;

    fn string(&mut self, _: &Schema, t: &StringType, pointer: &str) -> Check {
        string(t).unwrap_or_else(|| self.checker.string(t, pointer))
    }

    fn integer(&mut self, _: &Schema, t: &IntegerType, _: &str) -> Check {
        integer(t)
    }

    fn number(&mut self, _: &Schema, t: &NumberType, _: &str) -> Check {
        number(t)
    }

    fn boolean(&mut self, _: &Schema, t: &BooleanType, _: &str) -> Check {
        enumerated(&t.enumeration).unwrap_or(Check::Bool)
    }

    fn array(&mut self, _: &Schema, t: &ArrayType, pointer: &str) -> Check {
        self.checker.array(t, pointer, self.depth)
    }

    fn object(&mut self, _: &Schema, shape: ObjectShape<'_>, pointer: &str) -> Check {
        self.checker.shape(&shape, pointer, self.depth)
    }

    fn union(&mut self, s: &Schema, members: Members<'_>, key: &str, pointer: &str) -> Check {
        self.checker.union(s, members, key, pointer, self.depth)
    }

    /// The members only: the object keywords beside them are not checked.
    fn all_of(
        &mut self,
        _: &Schema,
        members: Members<'_>,
        _: Option<ObjectShape<'_>>,
        pointer: &str,
    ) -> Check {
        let depth = self.depth;
        self.checker
            .members(members, "allOf", pointer, depth, Check::AllOf)
    }

    fn not(&mut self, _: &Schema, _: &str) -> Check {
        Check::Any
    }

    fn loose(&mut self, _: &Schema, a: &AnySchema, pointer: &str) -> Check {
        self.checker.loose(a, pointer, self.depth)
    }
}

/// An enum check of `values`; `None` when there are none.
fn enumerated<T: serde::Serialize>(values: &[Option<T>]) -> Option<Check> {
    if values.is_empty() {
        return None;
    }
    let values = values
        .iter()
        .map(|v| serde_json::to_value(v).unwrap_or_default())
        .collect();
    Some(Check::Enum(values))
}

fn string(t: &StringType) -> Option<Check> {
    enumerated(&t.enumeration)
}

/// An integer check; `format: int32` bounds it to the 32-bit range its
/// Rust type (`i32`) holds.
fn integer(t: &IntegerType) -> Check {
    enumerated(&t.enumeration).unwrap_or_else(|| {
        let int32 = matches!(
            t.format,
            VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32)
        );
        let (low, high) = if int32 {
            (Some(i32::MIN as f64), Some(i32::MAX as f64))
        } else {
            (None, None)
        };
        let minimum = match (t.minimum.map(|v| v as f64), low) {
            (Some(m), Some(l)) => Some(m.max(l)),
            (m, l) => m.or(l),
        };
        let maximum = match (t.maximum.map(|v| v as f64), high) {
            (Some(m), Some(h)) => Some(m.min(h)),
            (m, h) => m.or(h),
        };
        Check::Int(NumRule {
            minimum,
            maximum,
            exclusive_minimum: t.exclusive_minimum
                && t.minimum.is_some_and(|m| Some(m as f64) == minimum),
            exclusive_maximum: t.exclusive_maximum
                && t.maximum.is_some_and(|m| Some(m as f64) == maximum),
            multiple_of: t.multiple_of.filter(|m| *m > 0).map(|m| m as f64),
        })
    })
}

fn number(t: &NumberType) -> Check {
    enumerated(&t.enumeration).unwrap_or_else(|| {
        Check::Num(NumRule {
            minimum: t.minimum,
            maximum: t.maximum,
            exclusive_minimum: t.exclusive_minimum && t.minimum.is_some(),
            exclusive_maximum: t.exclusive_maximum && t.maximum.is_some(),
            multiple_of: t.multiple_of.filter(|m| *m > 0.0),
        })
    })
}

fn any_numbers(a: &AnySchema) -> NumRule {
    NumRule {
        minimum: a.minimum,
        maximum: a.maximum,
        exclusive_minimum: a.exclusive_minimum.unwrap_or(false) && a.minimum.is_some(),
        exclusive_maximum: a.exclusive_maximum.unwrap_or(false) && a.maximum.is_some(),
        multiple_of: a.multiple_of.filter(|m| *m > 0.0),
    }
}
