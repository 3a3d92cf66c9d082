//! One walk over a schema's keywords, shared by the two lowerings of a
//! schema: to a Rust type (`types.rs`) and to the checks a server applies
//! (`checks.rs`). [`walk`] decides which form a schema takes (a typed
//! schema, a composition, or a schema without one `type`, whose `allOf`,
//! `oneOf` and `anyOf` come first in that order) and hands it to the
//! lowering's [`Visitor`]; the lowerings say what each form becomes.

use openapiv3::{
    AdditionalProperties, AnySchema, ArrayType, BooleanType, Discriminator, IntegerType,
    NumberType, ObjectType, ReferenceOr, Schema, SchemaKind, StringType, Type,
};

/// The members of a `oneOf`, `anyOf` or `allOf`.
pub(crate) type Members<'s> = &'s [ReferenceOr<Schema>];

/// Properties by name, in document order, as `openapiv3` keeps them.
pub(crate) type Props = indexmap::IndexMap<String, ReferenceOr<Box<Schema>>>;

/// The object keywords of a schema.
pub(crate) struct ObjectShape<'s> {
    /// `properties`.
    pub properties: &'s Props,
    /// `required`.
    pub required: &'s [String],
    /// `additionalProperties`.
    pub additional: Option<&'s AdditionalProperties>,
    /// `minProperties`.
    pub min: Option<usize>,
    /// `maxProperties`.
    pub max: Option<usize>,
}

impl<'s> ObjectShape<'s> {
    /// The keywords of a `type: object` schema.
    pub fn of_object(o: &'s ObjectType) -> Self {
        ObjectShape {
            properties: &o.properties,
            required: &o.required,
            additional: o.additional_properties.as_ref(),
            min: o.min_properties,
            max: o.max_properties,
        }
    }

    /// The object keywords of a schema without one `type`.
    pub fn of_any(a: &'s AnySchema) -> Self {
        ObjectShape {
            properties: &a.properties,
            required: &a.required,
            additional: a.additional_properties.as_ref(),
            min: a.min_properties,
            max: a.max_properties,
        }
    }
}

/// What a lowering makes of each form a schema takes. `s` is the whole
/// schema (its `schema_data`: docs, discriminator, nullability), and
/// `pointer` where it is.
pub(crate) trait Visitor {
    /// What a schema lowers to.
    type Out;
    /// `type: string`.
    fn string(&mut self, s: &Schema, t: &StringType, pointer: &str) -> Self::Out;
    /// `type: integer`.
    fn integer(&mut self, s: &Schema, t: &IntegerType, pointer: &str) -> Self::Out;
    /// `type: number`.
    fn number(&mut self, s: &Schema, t: &NumberType, pointer: &str) -> Self::Out;
    /// `type: boolean`.
    fn boolean(&mut self, s: &Schema, t: &BooleanType, pointer: &str) -> Self::Out;
    /// `type: array`.
    fn array(&mut self, s: &Schema, t: &ArrayType, pointer: &str) -> Self::Out;
    /// `type: object`.
    fn object(&mut self, s: &Schema, shape: ObjectShape<'_>, pointer: &str) -> Self::Out;
    /// `oneOf` or `anyOf`, as `key` says (the members are at
    /// `pointer/key/i`).
    fn union(&mut self, s: &Schema, members: Members<'_>, key: &str, pointer: &str) -> Self::Out;
    /// `allOf`, with the object keywords beside it when the schema has no
    /// `type` (`own`).
    fn all_of(
        &mut self,
        s: &Schema,
        members: Members<'_>,
        own: Option<ObjectShape<'_>>,
        pointer: &str,
    ) -> Self::Out;
    /// `not`.
    fn not(&mut self, s: &Schema, pointer: &str) -> Self::Out;
    /// A schema without one `type` and without a composition: what its
    /// other keywords say.
    fn loose(&mut self, s: &Schema, a: &AnySchema, pointer: &str) -> Self::Out;
}

/// Hands `s` to the `visitor` method of its form.
pub(crate) fn walk<V: Visitor>(visitor: &mut V, s: &Schema, pointer: &str) -> V::Out {
    match &s.schema_kind {
        SchemaKind::Type(Type::String(t)) => visitor.string(s, t, pointer),
        SchemaKind::Type(Type::Integer(t)) => visitor.integer(s, t, pointer),
        SchemaKind::Type(Type::Number(t)) => visitor.number(s, t, pointer),
        SchemaKind::Type(Type::Boolean(t)) => visitor.boolean(s, t, pointer),
        SchemaKind::Type(Type::Array(t)) => visitor.array(s, t, pointer),
        SchemaKind::Type(Type::Object(o)) => visitor.object(s, ObjectShape::of_object(o), pointer),
        SchemaKind::OneOf { one_of } => visitor.union(s, one_of, "oneOf", pointer),
        SchemaKind::AnyOf { any_of } => visitor.union(s, any_of, "anyOf", pointer),
        SchemaKind::AllOf { all_of } => visitor.all_of(s, all_of, None, pointer),
        SchemaKind::Not { .. } => visitor.not(s, pointer),
        SchemaKind::Any(a) => untyped(visitor, s, a, pointer),
    }
}

/// A schema without one `type`: `allOf` first, then `oneOf`, then
/// `anyOf`, then its other keywords.
fn untyped<V: Visitor>(visitor: &mut V, s: &Schema, a: &AnySchema, pointer: &str) -> V::Out {
    if !a.all_of.is_empty() {
        let own = ObjectShape::of_any(a);
        return visitor.all_of(s, &a.all_of, Some(own), pointer);
    }
    if !a.one_of.is_empty() {
        return visitor.union(s, &a.one_of, "oneOf", pointer);
    }
    if !a.any_of.is_empty() {
        return visitor.union(s, &a.any_of, "anyOf", pointer);
    }
    visitor.loose(s, a, pointer)
}

/// The discriminator values that select `member`: the mapping's keys
/// that point at it, or else the component name of its reference.
pub(crate) fn tag_values(d: &Discriminator, member: &ReferenceOr<Schema>) -> Vec<String> {
    let ReferenceOr::Reference { reference } = member else {
        return Vec::new();
    };
    let short = reference.rsplit('/').next().unwrap_or(reference);
    let mapped: Vec<String> = d
        .mapping
        .iter()
        .filter(|(_, target)| *target == reference || *target == short)
        .map(|(k, _)| k.clone())
        .collect();
    if mapped.is_empty() {
        vec![short.to_string()]
    } else {
        mapped
    }
}
