//! Schemas to types: every schema becomes a built-in type, a reference to a
//! named type, or a new named type hoisted out with a readable name (its
//! parent's name and its place). What cannot be typed precisely becomes
//! `serde_json::Value` with a warning, never a failure.

use std::collections::{BTreeMap, HashMap};

use openapiv3::{
    AdditionalProperties, AnySchema, ArrayType, BooleanType, Discriminator, IntegerFormat,
    IntegerType, NumberFormat, NumberType, OpenAPI, ReferenceOr, Schema, SchemaData, SchemaKind,
    StringFormat, StringType, Type, VariantOrUnknownOrEmpty,
};

use super::names;
use super::nullable::{component_name, is_null_only, Nullability};
use super::visit::{tag_values, walk, Members, ObjectShape, Props, Visitor};
use super::{
    Field, Formats, Formatted, RustPath, Struct, TypeDef, TypeId, TypeKind, TypeRef, Union, Variant,
};
use crate::diagnostic::{join, Diagnostic};
use crate::naming::{field_name, is_secret_name, nested_type_name, type_name, Namer};

/// Builds the named types of one API.
pub(crate) struct TypeSpace<'a> {
    api: &'a OpenAPI,
    namer: Namer,
    names: BTreeMap<TypeId, String>,
    /// Where each named type's schema is, for its doc when it has none.
    origins: BTreeMap<TypeId, String>,
    /// Hoisted types by their shape, so an inline schema met again (as
    /// `allOf` merges do) is one type, not one per place.
    shapes: HashMap<String, TypeId>,
    next_id: TypeId,
    defs: BTreeMap<TypeId, TypeDef>,
    components: HashMap<String, TypeId>,
    /// What each component's type and its nested types are named from
    /// (`naming::component_hints`).
    hints: HashMap<String, String>,
    nullability: Nullability<'a>,
    warnings: Vec<Diagnostic>,
    /// The last name given up by [`Self::share`], with its id and origin,
    /// for [`Self::lower_owned`] to take back as an alias.
    given_up: Option<(TypeId, (String, String))>,
    /// Set while lowering a multipart body: `format: binary` strings are
    /// bytes there.
    pub binary_strings: bool,
    /// Whether `date-time`, `date`, `time` and `uuid` get their own types.
    formats: Formats,
    /// Component schemas the `replace` option gives a user type, by name.
    replaced: BTreeMap<String, RustPath>,
    /// The type of each `$ref` that points inside a schema (see
    /// `pointers`), so one pointer is one type.
    pointed: HashMap<String, TypeRef>,
    /// The string enums made so far, by their values, when the spec gives
    /// no variant names: a list of values met again (an operation's
    /// `opt_fields` in every operation of a resource) is named once.
    str_enums: HashMap<Vec<Option<String>>, TypeKind>,
    /// The pointers being lowered: one met again is a loop.
    pointing: Vec<String>,
    /// The type base of the operation being lowered (none for components).
    pub owner: Option<String>,
    /// The operations that own each hoisted type, first owner first (see
    /// `names::neutral_names`).
    owners: BTreeMap<TypeId, Vec<String>>,
}

impl<'a> TypeSpace<'a> {
    /// Reserves a name for every component schema, so references resolve
    /// before their targets are lowered.
    pub fn new(api: &'a OpenAPI, formats: Formats) -> Self {
        let mut space = TypeSpace {
            api,
            namer: Namer::default(),
            names: BTreeMap::new(),
            origins: BTreeMap::new(),
            shapes: HashMap::new(),
            str_enums: HashMap::new(),
            next_id: 0,
            defs: BTreeMap::new(),
            components: HashMap::new(),
            hints: HashMap::new(),
            nullability: Nullability::new(api),
            warnings: Vec::new(),
            given_up: None,
            binary_strings: false,
            formats,
            replaced: BTreeMap::new(),
            pointed: HashMap::new(),
            pointing: Vec::new(),
            owner: None,
            owners: BTreeMap::new(),
        };
        let names: Vec<&str> = component_schemas(api).keys().map(String::as_str).collect();
        let hints = crate::naming::component_hints(&names);
        for name in names {
            let hint = hints.get(name).copied().unwrap_or(name);
            let id = space.reserve(hint, &join("#/components/schemas", name));
            space.components.insert(name.to_string(), id);
            space.hints.insert(name.to_string(), hint.to_string());
        }
        space
    }

    /// Gives the component schemas named in `replaced` the user's types
    /// instead of their own (the `replace` option).
    pub fn replace(&mut self, replaced: &BTreeMap<String, RustPath>) {
        self.replaced = replaced.clone();
    }

    /// The type of each component schema, by name.
    pub fn component_ids(&self) -> BTreeMap<String, TypeId> {
        self.components
            .iter()
            .map(|(name, id)| (name.clone(), *id))
            .collect()
    }

    /// Lowers every component schema under its reserved name. The named
    /// type is the schema's non-null part: the places that use it add the
    /// `Option` when the schema admits `null`. A replaced one is the
    /// user's type, and nothing of its schema is lowered.
    pub fn lower_components(&mut self) {
        for (name, schema) in component_schemas(self.api) {
            let id = self.components[name];
            let pointer = join("#/components/schemas", name);
            if let Some(path) = self.replaced.get(name).cloned() {
                let doc = schema.as_item().and_then(|s| docs(&s.schema_data));
                self.put(id, doc, TypeKind::External(path));
                continue;
            }
            let hint = self
                .hints
                .get(name)
                .cloned()
                .unwrap_or_else(|| name.clone());
            let (ty, _) = self.lower_inner(schema, Some(id), &hint, &pointer);
            if !self.defs.contains_key(&id) {
                let doc = schema.as_item().and_then(|s| docs(&s.schema_data));
                self.put(id, doc, TypeKind::Alias(ty));
            }
        }
    }

    /// `name` when no type has it yet, else `name` with `suffix` (which
    /// [`Namer::claim`] numbers if that is taken too).
    pub fn free_name(&self, name: &str, suffix: &str) -> String {
        if self.namer.taken(name) {
            format!("{name}{suffix}")
        } else {
            name.to_string()
        }
    }

    /// Lowers a schema used somewhere; `hint` names any type it needs.
    pub fn lower(&mut self, schema: &ReferenceOr<Schema>, hint: &str, pointer: &str) -> TypeRef {
        let (ty, nullable) = self.lower_inner(schema, None, hint, pointer);
        if nullable {
            TypeRef::Nullable(Box::new(ty))
        } else {
            ty
        }
    }

    /// Lowers the schema an operation owns (a request or response body):
    /// like [`Self::lower`], but when its shape was met before, the shared
    /// type also gets `hint`'s name, as an alias, so that every operation's
    /// body is found under the operation's name.
    pub fn lower_owned(
        &mut self,
        schema: &ReferenceOr<Schema>,
        hint: &str,
        pointer: &str,
    ) -> TypeRef {
        self.given_up = None;
        let first = self.next_id;
        let (ty, nullable) = self.lower_inner(schema, None, hint, pointer);
        let ty = match (ty, self.given_up.take()) {
            (TypeRef::Named(shared), Some((id, (name, origin))))
                if shared < first && id == first =>
            {
                self.names.insert(id, name);
                self.origins.insert(id, origin);
                self.put(id, None, TypeKind::Alias(TypeRef::Named(shared)))
            }
            (ty, _) => ty,
        };
        if nullable {
            TypeRef::Nullable(Box::new(ty))
        } else {
            ty
        }
    }

    /// Lowers a boxed schema (as properties and items hold them).
    pub fn lower_boxed(
        &mut self,
        schema: &ReferenceOr<Box<Schema>>,
        hint: &str,
        pointer: &str,
    ) -> TypeRef {
        self.lower(&unbox(schema), hint, pointer)
    }

    /// The types, made acceptable to rustc (recursion settled, nesting
    /// within its limits, in these types and in `operations`' own), and
    /// the warnings.
    pub fn finish(
        mut self,
        operations: &mut [super::Operation],
    ) -> (BTreeMap<TypeId, TypeDef>, Vec<Diagnostic>) {
        names::neutral_names(&mut self.defs, &self.owners);
        super::recursion::settle(&mut self.defs, &self.origins, &mut self.warnings);
        super::limits::fit(
            &mut self.defs,
            &self.origins,
            operations,
            &mut self.warnings,
        );
        (self.defs, self.warnings)
    }

    fn reserve(&mut self, hint: &str, pointer: &str) -> TypeId {
        let id = self.next_id;
        self.next_id += 1;
        let name = self.namer.claim(&type_name(hint));
        self.names.insert(id, name);
        self.origins.insert(id, pointer.to_string());
        id
    }

    fn put(&mut self, id: TypeId, doc: Option<String>, kind: TypeKind) -> TypeRef {
        let name = self.names[&id].clone();
        let doc = doc.or_else(|| {
            self.origins
                .get(&id)
                .map(|p| format!("The schema at `{p}`."))
        });
        self.defs.insert(
            id,
            TypeDef {
                name,
                doc,
                kind,
                patch: super::Patch::default(),
            },
        );
        TypeRef::Named(id)
    }

    /// Defines a hoisted type, or reuses an identical one defined before
    /// (the reserved name of `id` is then given up).
    fn share(&mut self, id: TypeId, doc: Option<String>, kind: TypeKind) -> TypeRef {
        let key = format!("{doc:?}{kind:?}");
        if let Some(&existing) = self.shapes.get(&key) {
            let name = self.names.remove(&id);
            let origin = self.origins.remove(&id);
            self.given_up = name.zip(origin).map(|n| (id, n));
            self.owned_by(existing);
            return TypeRef::Named(existing);
        }
        self.shapes.insert(key, id);
        self.owned_by(id);
        self.put(id, doc, kind)
    }

    /// Notes that the operation being lowered, if any, owns type `id`.
    fn owned_by(&mut self, id: TypeId) {
        let Some(owner) = &self.owner else { return };
        let owners = self.owners.entry(id).or_default();
        if !owners.contains(owner) {
            owners.push(owner.clone());
        }
    }

    /// Defines a named type under `target` or a new name from `hint`.
    fn define(
        &mut self,
        target: Option<TypeId>,
        hint: &str,
        pointer: &str,
        doc: Option<String>,
        kind: TypeKind,
    ) -> TypeRef {
        match target {
            Some(id) => self.put(id, doc, kind),
            None => {
                let id = self.reserve(hint, pointer);
                self.share(id, doc, kind)
            }
        }
    }

    /// A type that needs no name of its own: an alias when it is a component.
    fn plain(&mut self, target: Option<TypeId>, doc: Option<String>, ty: TypeRef) -> TypeRef {
        match target {
            Some(id) => self.put(id, doc, TypeKind::Alias(ty)),
            None => ty,
        }
    }

    fn warn(&mut self, pointer: &str, message: String) -> TypeRef {
        self.warnings.push(
            Diagnostic::warning(pointer, message).with_hint(
                "the value is kept as `serde_json::Value`; the rest of the API is typed",
            ),
        );
        TypeRef::Json
    }

    /// The type (without nullability) and whether the schema admits
    /// `null`, directly or through what it refers to.
    fn lower_inner(
        &mut self,
        schema: &ReferenceOr<Schema>,
        target: Option<TypeId>,
        hint: &str,
        pointer: &str,
    ) -> (TypeRef, bool) {
        let mut pointed_null = false;
        let ty = match schema {
            ReferenceOr::Reference { reference } => {
                let ty = match self.reference(reference, pointer) {
                    TypeRef::Nullable(inner) => {
                        pointed_null = true;
                        *inner
                    }
                    ty => ty,
                };
                self.plain(target, None, ty)
            }
            ReferenceOr::Item(s) => self.schema(s, target, hint, pointer),
        };
        let nullable = pointed_null || self.nullability.of(schema);
        match ty {
            TypeRef::Nullable(inner) => (*inner, true),
            ty => (ty, nullable),
        }
    }

    fn reference(&mut self, reference: &str, pointer: &str) -> TypeRef {
        let id = component_name(reference).and_then(|n| self.components.get(&n).copied());
        match id {
            Some(id) => TypeRef::Named(id),
            None => self.pointed(reference, pointer),
        }
    }

    /// The type of a `$ref` that points inside a schema (`nullable` when
    /// the schema there admits `null`): lowered once per pointer, named
    /// from its owner and place; a pointer to nowhere, or one that loops
    /// back to itself, is `serde_json::Value` with a warning at `pointer`.
    fn pointed(&mut self, reference: &str, pointer: &str) -> TypeRef {
        if let Some(ty) = self.pointed.get(reference) {
            return ty.clone();
        }
        if self.pointing.iter().any(|p| p == reference) {
            return self.warn(
                pointer,
                format!("`$ref` \"{reference}\" refers back to itself through the schemas it points into (a recursive type through a pointer is not typed)"),
            );
        }
        if self.pointing.len() >= super::pointers::MAX_NESTED {
            return self.warn(
                pointer,
                format!(
                    "`$ref` \"{reference}\" is reached through more than {} pointers into schemas",
                    super::pointers::MAX_NESTED
                ),
            );
        }
        let names = &self.names;
        let components = &self.components;
        let component = |name: &str| components.get(name).and_then(|id| names.get(id)).cloned();
        let target = match super::pointers::resolve(self.api, reference, &component) {
            Ok(target) => target,
            Err(message) => return self.warn(pointer, message),
        };
        let at = reference.to_string();
        self.pointing.push(at.clone());
        let (ty, nullable) = self.lower_inner(&target.schema, None, &target.hint, &at);
        self.pointing.pop();
        let ty = if nullable {
            TypeRef::Nullable(Box::new(ty))
        } else {
            ty
        };
        self.pointed.insert(at, ty.clone());
        ty
    }

    fn schema(&mut self, s: &Schema, target: Option<TypeId>, hint: &str, pointer: &str) -> TypeRef {
        let doc = docs(&s.schema_data);
        if let Some(path) = super::rust_path::extension(&s.schema_data, pointer, &mut self.warnings)
        {
            return self.define(target, hint, pointer, doc, TypeKind::External(path));
        }
        let mut lowering = Lowering {
            space: self,
            target,
            hint,
            doc,
        };
        walk(&mut lowering, s, pointer)
    }

    /// A schema without one `type` nor a composition: an object when it
    /// has object keywords, an array with `items`, a string enum when its
    /// values are strings, else what its `type` says.
    fn loose(
        &mut self,
        a: &AnySchema,
        data: &SchemaData,
        target: Option<TypeId>,
        hint: &str,
        doc: Option<String>,
        pointer: &str,
    ) -> TypeRef {
        if !a.properties.is_empty()
            || a.additional_properties.is_some()
            || a.typ.as_deref() == Some("object")
        {
            return self.object(ObjectShape::of_any(a), target, hint, doc, pointer);
        }
        if let Some(items) = &a.items {
            let item = self.lower_boxed(
                items,
                &nested_type_name(hint, "item"),
                &join(pointer, "items"),
            );
            return self.plain(target, doc, TypeRef::Array(Box::new(item)));
        }
        let strings: Vec<Option<String>> = a
            .enumeration
            .iter()
            .map(|v| v.as_str().map(str::to_string))
            .collect();
        let nulls = a.enumeration.iter().filter(|v| v.is_null()).count();
        let texts = strings.iter().flatten().count();
        if texts > 0 && texts + nulls == strings.len() {
            let given = self.given_names(data, strings.len(), pointer);
            let kind = self.str_enum(&strings, given.as_deref());
            return self.define(target, hint, pointer, doc, kind);
        }
        let ty = match a.typ.as_deref() {
            Some("string") => self.formatted(a.format.as_deref()),
            Some("integer") => TypeRef::I64,
            Some("number") => TypeRef::F64,
            Some("boolean") => TypeRef::Bool,
            _ => TypeRef::Json,
        };
        self.plain(target, doc, ty)
    }

    fn object(
        &mut self,
        shape: ObjectShape<'_>,
        target: Option<TypeId>,
        hint: &str,
        doc: Option<String>,
        pointer: &str,
    ) -> TypeRef {
        let closed = matches!(shape.additional, Some(AdditionalProperties::Any(false)));
        if shape.properties.is_empty() && !closed {
            let value = match shape.additional {
                Some(AdditionalProperties::Schema(s)) => self.lower(
                    s,
                    &nested_type_name(hint, "value"),
                    &join(pointer, "additionalProperties"),
                ),
                _ => TypeRef::Json,
            };
            return self.plain(target, doc, TypeRef::Map(Box::new(value)));
        }
        let id = target.unwrap_or_else(|| self.reserve(hint, pointer));
        let name = self.names[&id].clone();
        let fields = self.fields(&shape, &name, pointer);
        let additional = match shape.additional {
            Some(AdditionalProperties::Schema(s)) => Some(self.lower(
                s,
                &nested_type_name(&name, "value"),
                &join(pointer, "additionalProperties"),
            )),
            Some(AdditionalProperties::Any(true)) => Some(TypeRef::Json),
            _ => None,
        };
        let kind = TypeKind::Struct(Struct {
            fields,
            additional,
            closed,
        });
        match target {
            Some(_) => self.put(id, doc, kind),
            None => self.share(id, doc, kind),
        }
    }

    fn fields(&mut self, shape: &ObjectShape<'_>, owner: &str, pointer: &str) -> Vec<Field> {
        let mut namer = Namer::with_taken(&[super::surface::ADDITIONAL_PROPERTIES]);
        let mut fields = Vec::with_capacity(shape.properties.len());
        let props = join(pointer, "properties");
        for (wire, prop) in shape.properties {
            let prop = unbox(prop);
            let hint = nested_type_name(owner, wire);
            let (ty, nullable) = self.lower_inner(&prop, None, &hint, &join(&props, wire));
            let data = prop.as_item().map(|s| &s.schema_data);
            let ty = secret_by_name(ty, wire, data);
            fields.push(Field {
                rust: namer.claim(&field_name(wire)),
                wire: wire.clone(),
                ty,
                required: shape.required.contains(wire),
                nullable,
                boxed: false,
                doc: data.and_then(docs),
                default: data.and_then(|d| d.default.clone()),
                read_only: data.is_some_and(|d| d.read_only),
                write_only: data.is_some_and(|d| d.write_only),
            });
        }
        fields
    }

    fn union(
        &mut self,
        members: Members<'_>,
        tag: Option<&Discriminator>,
        target: Option<TypeId>,
        hint: &str,
        doc: Option<String>,
        pointer: &str,
    ) -> TypeRef {
        // Whether the union admits `null` is the caller's to say (see
        // `lower_inner`): here are only the types of its other members.
        let kept = without_null_members(members);
        if kept.len() == 1 {
            let (ty, _) = self.lower_inner(kept[0], target, hint, pointer);
            return self.plain_if_missing(target, doc, ty);
        }
        let id = target.unwrap_or_else(|| self.reserve(hint, pointer));
        let owner = self.names[&id].clone();
        let mut namer = Namer::default();
        let mut variants = Vec::with_capacity(kept.len());
        let tag_name = tag.map(|d| d.property_name.as_str());
        // Members that point inside another schema are labelled by what
        // they point at.
        let resolved: Vec<Option<ReferenceOr<Schema>>> =
            kept.iter().map(|m| self.pointed_schema(m)).collect();
        let labelled: Vec<&ReferenceOr<Schema>> = kept
            .iter()
            .zip(&resolved)
            .map(|(m, r)| r.as_ref().unwrap_or(m))
            .collect();
        let labels = names::member_labels(&labelled, tag_name);
        for (i, (member, label)) in kept.iter().zip(labels).enumerate() {
            let member_hint = match &label {
                Some(label) => nested_type_name(&owner, label),
                None => nested_type_name(&owner, &format!("Variant{}", i + 1)),
            };
            let at = join(pointer, &i.to_string());
            let (ty, _) = self.lower_inner(member, None, &member_hint, &at);
            let from_type = names::without_owner(&self.variant_name(&ty), &owner);
            let name = match (&ty, label) {
                (TypeRef::Named(id), _) if self.is_component(*id) => from_type,
                (_, Some(label)) => label,
                _ => from_type,
            };
            let name = namer.claim(&name);
            let tag_values = tag.map(|d| tag_values(d, member)).unwrap_or_default();
            variants.push(Variant {
                name,
                ty,
                tag_values,
                boxed: false,
            });
        }
        let tag = tag.map(|d| d.property_name.clone());
        let kind = TypeKind::Union(Union { variants, tag });
        match target {
            Some(_) => self.put(id, doc, kind),
            None => self.share(id, doc, kind),
        }
    }

    /// The schema a member that points inside another schema names.
    fn pointed_schema(&self, member: &ReferenceOr<Schema>) -> Option<ReferenceOr<Schema>> {
        let ReferenceOr::Reference { reference } = member else {
            return None;
        };
        if component_name(reference).is_some_and(|n| self.components.contains_key(&n)) {
            return None;
        }
        let component = |name: &str| {
            let id = self.components.get(name)?;
            self.names.get(id).cloned()
        };
        super::pointers::resolve(self.api, reference, &component)
            .ok()
            .map(|p| p.schema)
    }

    /// For a component whose union collapsed to one member: an alias.
    fn plain_if_missing(
        &mut self,
        target: Option<TypeId>,
        doc: Option<String>,
        ty: TypeRef,
    ) -> TypeRef {
        match target {
            Some(id) if self.defs.contains_key(&id) => TypeRef::Named(id),
            _ => self.plain(target, doc, ty),
        }
    }

    /// Component schemas were reserved first, so their ids come first.
    fn is_component(&self, id: TypeId) -> bool {
        id < self.components.len()
    }

    /// The names `x-enum-varnames`/`x-enumNames` give, checked.
    fn given_names(&mut self, data: &SchemaData, count: usize, at: &str) -> Option<Vec<String>> {
        names::given_names(data, count, at, &mut self.warnings)
    }

    /// [`names::str_enum`], the same values named once.
    fn str_enum(&mut self, values: &[Option<String>], given: Option<&[String]>) -> TypeKind {
        if given.is_some() {
            return names::str_enum(values, given);
        }
        if let Some(kind) = self.str_enums.get(values) {
            return kind.clone();
        }
        let kind = names::str_enum(values, None);
        self.str_enums.insert(values.to_vec(), kind.clone());
        kind
    }

    fn variant_name(&self, ty: &TypeRef) -> String {
        match ty {
            TypeRef::Named(id) => self.names[id].clone(),
            TypeRef::Str | TypeRef::Secret => "String".into(),
            TypeRef::Formatted(f) => f.rust_name().into(),
            TypeRef::I32 | TypeRef::I64 | TypeRef::U32 | TypeRef::U64 => "Integer".into(),
            TypeRef::F32 | TypeRef::F64 => "Number".into(),
            TypeRef::Bool => "Boolean".into(),
            TypeRef::Binary => "Bytes".into(),
            TypeRef::Json => "Value".into(),
            TypeRef::Array(_) => "Array".into(),
            TypeRef::Map(_) => "Object".into(),
            TypeRef::Nullable(inner) => self.variant_name(inner),
        }
    }

    fn all_of(
        &mut self,
        members: Members<'_>,
        own: Option<ObjectShape<'_>>,
        target: Option<TypeId>,
        hint: &str,
        doc: Option<String>,
        pointer: &str,
    ) -> TypeRef {
        let own_empty = own.as_ref().is_none_or(|o| o.properties.is_empty());
        if members.len() == 1 && own_empty {
            let (ty, _) = self.lower_inner(&members[0], target, hint, &join(pointer, "allOf/0"));
            return self.plain_if_missing(target, doc, ty);
        }
        let mut merged = Merged::default();
        let mut ok = true;
        for member in members {
            ok &= self.merge(member, &mut merged, 0);
        }
        if let Some(own) = own {
            merged.add(&own);
        }
        if !ok {
            let ty = self.warn(
                pointer,
                "`allOf` of schemas that are not all objects cannot be merged".into(),
            );
            return self.plain(target, doc, ty);
        }
        let shape = ObjectShape {
            properties: &merged.properties,
            required: &merged.required,
            additional: merged.additional.as_ref(),
            min: None,
            max: None,
        };
        self.object(shape, target, hint, doc, pointer)
    }

    /// Adds an `allOf` member's properties; false when it is not an object.
    fn merge(&self, member: &ReferenceOr<Schema>, merged: &mut Merged, depth: usize) -> bool {
        if depth > 32 {
            return false;
        }
        let schema = match member {
            ReferenceOr::Reference { reference } => {
                let name = super::nullable::component_name(reference).unwrap_or_default();
                if let Some(s) = component_schemas(self.api).get(&name) {
                    return self.merge(s, merged, depth + 1);
                }
                // A pointer inside a schema (`#/components/schemas/Tag/allOf/0`).
                let component = |name: &str| {
                    let id = self.components.get(name)?;
                    self.names.get(id).cloned()
                };
                return match super::pointers::resolve(self.api, reference, &component) {
                    Ok(target) => self.merge(&target.schema, merged, depth + 1),
                    Err(_) => false,
                };
            }
            ReferenceOr::Item(s) => s,
        };
        match &schema.schema_kind {
            SchemaKind::Type(Type::Object(o)) => {
                merged.add(&ObjectShape::of_object(o));
                true
            }
            SchemaKind::AllOf { all_of } => all_of.iter().all(|m| self.merge(m, merged, depth + 1)),
            SchemaKind::Any(a)
                if a.one_of.is_empty() && a.any_of.is_empty() && a.items.is_none() =>
            {
                let nested = a.all_of.iter().all(|m| self.merge(m, merged, depth + 1));
                merged.add(&ObjectShape::of_any(a));
                nested && matches!(a.typ.as_deref(), None | Some("object"))
            }
            _ => false,
        }
    }
}

/// Properties merged from `allOf` members.
#[derive(Default)]
struct Merged {
    properties: Props,
    required: Vec<String>,
    additional: Option<AdditionalProperties>,
}

impl Merged {
    fn add(&mut self, shape: &ObjectShape<'_>) {
        for (k, v) in shape.properties {
            self.properties.insert(k.clone(), v.clone());
        }
        for r in shape.required {
            if !self.required.contains(r) {
                self.required.push(r.clone());
            }
        }
        if let Some(a) = shape.additional {
            self.additional = Some(a.clone());
        }
    }
}

fn component_schemas(api: &OpenAPI) -> &indexmap::IndexMap<String, ReferenceOr<Schema>> {
    static EMPTY: std::sync::OnceLock<indexmap::IndexMap<String, ReferenceOr<Schema>>> =
        std::sync::OnceLock::new();
    api.components
        .as_ref()
        .map_or_else(|| EMPTY.get_or_init(Default::default), |c| &c.schemas)
}

fn unbox(schema: &ReferenceOr<Box<Schema>>) -> ReferenceOr<Schema> {
    match schema {
        ReferenceOr::Reference { reference } => ReferenceOr::Reference {
            reference: reference.clone(),
        },
        ReferenceOr::Item(s) => ReferenceOr::Item((**s).clone()),
    }
}

/// Title and description joined as doc text.
pub(crate) fn docs(data: &SchemaData) -> Option<String> {
    let parts: Vec<&str> = [data.title.as_deref(), data.description.as_deref()]
        .into_iter()
        .flatten()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    let mut parts = parts;
    parts.dedup();
    (!parts.is_empty()).then(|| parts.join("\n\n"))
}

/// `x-paylink-secret` on a schema: `true` makes a string a `Secret`,
/// `false` keeps it a `String` whatever its format or name.
pub(crate) fn secret_mark(data: &SchemaData) -> Option<bool> {
    data.extensions.get("x-paylink-secret")?.as_bool()
}

/// A string named like a credential (`token`, `client_secret`: see
/// [`is_secret_name`]) is a `Secret`, unless its schema says
/// `x-paylink-secret: false`.
pub(crate) fn secret_by_name(ty: TypeRef, wire: &str, data: Option<&SchemaData>) -> TypeRef {
    let opted_out = data.and_then(secret_mark) == Some(false);
    match ty {
        TypeRef::Str | TypeRef::Formatted(_) if !opted_out && is_secret_name(wire) => {
            TypeRef::Secret
        }
        other => other,
    }
}

impl TypeSpace<'_> {
    /// `password` is a `Secret`; `binary` is bytes in multipart bodies;
    /// `date-time`, `date`, `time`, `uuid` and numbers written as text
    /// (`int32`, `int64`, `uint64`, `decimal`) are [`Formatted`] types
    /// (unless the formats are kept as strings); others are `String`.
    fn string_type(&self, format: &VariantOrUnknownOrEmpty<StringFormat>) -> TypeRef {
        match format {
            VariantOrUnknownOrEmpty::Item(StringFormat::Password) => TypeRef::Secret,
            VariantOrUnknownOrEmpty::Item(StringFormat::Binary) if self.binary_strings => {
                TypeRef::Binary
            }
            VariantOrUnknownOrEmpty::Item(StringFormat::Date) => self.formatted(Some("date")),
            VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => {
                self.formatted(Some("date-time"))
            }
            VariantOrUnknownOrEmpty::Unknown(name) => self.formatted(Some(name)),
            _ => TypeRef::Str,
        }
    }

    /// A string of the format named `name`: its own type when it has one
    /// and formats are typed, `String` otherwise.
    fn formatted(&self, name: Option<&str>) -> TypeRef {
        match name.and_then(Formatted::from_name) {
            Some(f) if self.formats == Formats::Typed => TypeRef::Formatted(f),
            _ => TypeRef::Str,
        }
    }
}

impl TypeRef {
    /// A `Secret` as the plain string it holds (`x-paylink-secret: false`).
    fn not_secret(self) -> TypeRef {
        match self {
            TypeRef::Secret => TypeRef::Str,
            other => other,
        }
    }
}

fn integer_type(format: &VariantOrUnknownOrEmpty<IntegerFormat>) -> TypeRef {
    match format {
        VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32) => TypeRef::I32,
        VariantOrUnknownOrEmpty::Unknown(f) if f == "uint32" => TypeRef::U32,
        VariantOrUnknownOrEmpty::Unknown(f) if f == "uint64" => TypeRef::U64,
        _ => TypeRef::I64,
    }
}

/// The members that admit more than `null` (those that admit only `null`
/// make the union nullable instead).
fn without_null_members(members: Members<'_>) -> Vec<&ReferenceOr<Schema>> {
    members
        .iter()
        .filter(|m| !m.as_item().is_some_and(is_null_only))
        .collect()
}

/// The type space lowering one schema, as [`walk`] hands it over: where
/// its type goes (`target`), what names a type it needs (`hint`), and its
/// docs (taken by the one type it defines).
struct Lowering<'s, 'a, 'h> {
    space: &'s mut TypeSpace<'a>,
    target: Option<TypeId>,
    hint: &'h str,
    doc: Option<String>,
}

impl Visitor for Lowering<'_, '_, '_> {
    type Out = TypeRef;

    fn string(&mut self, s: &Schema, st: &StringType, pointer: &str) -> TypeRef {
        let (space, doc) = (&mut *self.space, self.doc.take());
        if st.enumeration.iter().all(Option::is_none) {
            let ty = match secret_mark(&s.schema_data) {
                Some(true) => TypeRef::Secret,
                Some(false) => space.string_type(&st.format).not_secret(),
                None => space.string_type(&st.format),
            };
            space.plain(self.target, doc, ty)
        } else {
            let given = space.given_names(&s.schema_data, st.enumeration.len(), pointer);
            let kind = space.str_enum(&st.enumeration, given.as_deref());
            space.define(self.target, self.hint, pointer, doc, kind)
        }
    }

    fn integer(&mut self, s: &Schema, it: &IntegerType, pointer: &str) -> TypeRef {
        let (space, doc) = (&mut *self.space, self.doc.take());
        if it.enumeration.iter().all(Option::is_none) {
            let ty = integer_type(&it.format);
            space.plain(self.target, doc, ty)
        } else {
            let given = space.given_names(&s.schema_data, it.enumeration.len(), pointer);
            let kind = names::int_enum(&it.enumeration, given.as_deref());
            space.define(self.target, self.hint, pointer, doc, kind)
        }
    }

    fn number(&mut self, _: &Schema, nt: &NumberType, _: &str) -> TypeRef {
        let ty = match nt.format {
            VariantOrUnknownOrEmpty::Item(NumberFormat::Float) => TypeRef::F32,
            _ => TypeRef::F64,
        };
        self.space.plain(self.target, self.doc.take(), ty)
    }

    fn boolean(&mut self, _: &Schema, _: &BooleanType, _: &str) -> TypeRef {
        self.space
            .plain(self.target, self.doc.take(), TypeRef::Bool)
    }

    fn array(&mut self, _: &Schema, at: &ArrayType, pointer: &str) -> TypeRef {
        let item = match &at.items {
            Some(items) => self.space.lower_boxed(
                items,
                &nested_type_name(self.hint, "item"),
                &join(pointer, "items"),
            ),
            None => TypeRef::Json,
        };
        let ty = TypeRef::Array(Box::new(item));
        self.space.plain(self.target, self.doc.take(), ty)
    }

    fn object(&mut self, _: &Schema, shape: ObjectShape<'_>, pointer: &str) -> TypeRef {
        let doc = self.doc.take();
        self.space
            .object(shape, self.target, self.hint, doc, pointer)
    }

    fn union(&mut self, s: &Schema, members: Members<'_>, key: &str, pointer: &str) -> TypeRef {
        let tag = s.schema_data.discriminator.as_ref();
        let (doc, at) = (self.doc.take(), join(pointer, key));
        self.space
            .union(members, tag, self.target, self.hint, doc, &at)
    }

    fn all_of(
        &mut self,
        _: &Schema,
        members: Members<'_>,
        own: Option<ObjectShape<'_>>,
        pointer: &str,
    ) -> TypeRef {
        let doc = self.doc.take();
        self.space
            .all_of(members, own, self.target, self.hint, doc, pointer)
    }

    fn not(&mut self, _: &Schema, pointer: &str) -> TypeRef {
        let ty = self
            .space
            .warn(pointer, "a `not` schema cannot be typed".into());
        self.space.plain(self.target, self.doc.take(), ty)
    }

    fn loose(&mut self, s: &Schema, a: &AnySchema, pointer: &str) -> TypeRef {
        let doc = self.doc.take();
        self.space
            .loose(a, &s.schema_data, self.target, self.hint, doc, pointer)
    }
}
