//! Whether a schema admits `null`, through references: nullability is a
//! property of the place a type is used, computed from what it points at.
//! A reference to `url-nullable` (`type: [object, "null"]`, or `nullable:
//! true` in 3.0) is `Option<UrlNullable>` wherever it is used, while the
//! named type itself is the non-null part.

use std::collections::HashMap;

use openapiv3::{OpenAPI, ReferenceOr, Schema, SchemaKind};

/// How deep chains of references and combinators are followed.
const MAX_DEPTH: usize = 64;

/// Nullability of schemas, with the answer for each component remembered
/// (unions of references to unions would otherwise be walked again and
/// again).
pub(crate) struct Nullability<'a> {
    api: &'a OpenAPI,
    /// `None` while a component is being looked at: a reference loop
    /// admits nothing more than its other members do.
    components: HashMap<String, Option<bool>>,
}

impl<'a> Nullability<'a> {
    /// Nullability of `api`'s schemas.
    pub fn new(api: &'a OpenAPI) -> Self {
        Nullability {
            api,
            components: HashMap::new(),
        }
    }

    /// Whether `schema` admits `null`: `nullable: true`, a `null`-only
    /// schema, a `oneOf`/`anyOf` with a member that admits it, an `allOf`
    /// whose members all do, or a reference to any of these.
    pub fn of(&mut self, schema: &ReferenceOr<Schema>) -> bool {
        self.at(schema, 0)
    }

    fn at(&mut self, schema: &ReferenceOr<Schema>, depth: usize) -> bool {
        match schema {
            ReferenceOr::Reference { reference } => self.reference(reference, depth),
            ReferenceOr::Item(s) => self.schema(s, depth),
        }
    }

    fn reference(&mut self, reference: &str, depth: usize) -> bool {
        let Some(name) = component_name(reference) else {
            return false;
        };
        if let Some(known) = self.components.get(&name) {
            return known.unwrap_or(false);
        }
        let api = self.api;
        let Some(target) = api.components.as_ref().and_then(|c| c.schemas.get(&name)) else {
            return false;
        };
        self.components.insert(name.clone(), None);
        let nullable = self.at(target, depth + 1);
        self.components.insert(name, Some(nullable));
        nullable
    }

    fn schema(&mut self, s: &Schema, depth: usize) -> bool {
        if s.schema_data.nullable || is_null_only(s) {
            return true;
        }
        if depth > MAX_DEPTH {
            return false;
        }
        match &s.schema_kind {
            SchemaKind::OneOf { one_of: members } | SchemaKind::AnyOf { any_of: members } => {
                members.iter().any(|m| self.at(m, depth + 1))
            }
            SchemaKind::AllOf { all_of } => self.all(all_of, depth),
            SchemaKind::Any(a) if !a.one_of.is_empty() || !a.any_of.is_empty() => a
                .one_of
                .iter()
                .chain(&a.any_of)
                .any(|m| self.at(m, depth + 1)),
            SchemaKind::Any(a) if a.typ.is_none() && a.properties.is_empty() => {
                self.all(&a.all_of, depth)
            }
            _ => false,
        }
    }

    fn all(&mut self, members: &[ReferenceOr<Schema>], depth: usize) -> bool {
        !members.is_empty() && members.iter().all(|m| self.at(m, depth + 1))
    }
}

/// A schema that admits only `null` (`type: "null"` once normalized).
pub(crate) fn is_null_only(s: &Schema) -> bool {
    s.schema_data
        .extensions
        .get("x-oas-type")
        .and_then(|v| v.as_str())
        == Some("null")
}

/// The component schema name a local reference names, unescaped.
pub(crate) fn component_name(reference: &str) -> Option<String> {
    reference
        .strip_prefix("#/components/schemas/")
        .map(|n| n.replace("~1", "/").replace("~0", "~"))
}
