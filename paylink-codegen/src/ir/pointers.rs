//! `$ref`s that point inside a schema rather than at a component:
//! `#/components/schemas/CustomFieldsFieldValue/properties/data_type`,
//! `#/components/schemas/Tag/allOf/0`,
//! `#/components/responses/Conflict/content/application~1json/schema`.
//! The pointer is followed through the schema's structure (properties,
//! items, map values, `allOf`/`oneOf`/`anyOf` members, `not`) to the
//! schema it names, and that schema gets the name its owner and place give
//! it, as a nested type would ([`nested_type_name`]). A pointer to nowhere,
//! into something that is not a schema, or through more references than
//! [`MAX_FOLLOWED`] is an error message for a located warning, never a
//! panic.

use openapiv3::{AdditionalProperties, OpenAPI, ReferenceOr, Schema, SchemaKind, Type as OaType};

use super::names;
use super::nullable::component_name;
use crate::diagnostic::split_pointer;
use crate::naming::{nested_type_name, type_name};

/// How many references met along one pointer are followed (a chain of
/// pointers through pointers, or a loop of them, stops here).
pub(super) const MAX_FOLLOWED: usize = 16;

/// How many pointers into schemas may be lowered one inside another (a
/// chain of them, each naming the next).
pub(super) const MAX_NESTED: usize = 64;

/// How many steps one pointer may take inside its schema.
const MAX_STEPS: usize = 64;

/// The schema a pointer names, and the name its owner and place give it.
#[derive(Debug)]
pub(super) struct Pointed {
    /// The schema (possibly itself a reference, lowered as any other).
    pub schema: ReferenceOr<Schema>,
    /// The name for a type it needs.
    pub hint: String,
}

/// Follows `reference` (a local JSON pointer that names no component
/// schema) to the schema it names. `component` gives a component schema's
/// Rust name, so a place inside it is named from that name.
pub(super) fn resolve(
    api: &OpenAPI,
    reference: &str,
    component: &dyn Fn(&str) -> Option<String>,
) -> Result<Pointed, String> {
    follow(api, reference, component, 0)
}

fn follow(
    api: &OpenAPI,
    reference: &str,
    component: &dyn Fn(&str) -> Option<String>,
    followed: usize,
) -> Result<Pointed, String> {
    if followed >= MAX_FOLLOWED {
        return Err(format!(
            "`$ref` \"{reference}\" goes through more than {MAX_FOLLOWED} references"
        ));
    }
    let Some(fragment) = reference.strip_prefix('#') else {
        return Err(format!(
            "`$ref` \"{reference}\" is not a local JSON pointer"
        ));
    };
    let decoded = format!("#{}", crate::resolve::percent_decode(fragment));
    let tokens = split_pointer(&decoded);
    if tokens.len() > MAX_STEPS {
        return Err(format!(
            "`$ref` \"{reference}\" is more than {MAX_STEPS} steps deep"
        ));
    }
    let (start, hint, rest) = root(api, &tokens, component)
        .ok_or_else(|| format!("`$ref` \"{reference}\" does not point into a schema"))?;
    let mut here = Pointed {
        schema: start.clone(),
        hint,
    };
    let mut rest = rest;
    while !rest.is_empty() {
        here = match &here.schema {
            ReferenceOr::Reference { reference: inner } => {
                through(api, inner, component, followed + 1)?
            }
            ReferenceOr::Item(schema) => {
                let (next, hint, taken) = step(schema, &here.hint, rest).ok_or_else(|| {
                    format!(
                        "`$ref` \"{reference}\" names nothing at `{}`",
                        rest.join("/")
                    )
                })?;
                rest = &rest[taken..];
                Pointed { schema: next, hint }
            }
        };
    }
    Ok(here)
}

/// The schema a reference met along a pointer names: a component, or
/// another pointer followed in turn.
fn through(
    api: &OpenAPI,
    reference: &str,
    component: &dyn Fn(&str) -> Option<String>,
    followed: usize,
) -> Result<Pointed, String> {
    if let Some(name) = component_name(reference) {
        if let Some(schema) = component_schema(api, &name) {
            let hint = component(&name).unwrap_or_else(|| type_name(&name));
            return Ok(Pointed {
                schema: schema.clone(),
                hint,
            });
        }
    }
    follow(api, reference, component, followed)
}

fn component_schema<'a>(api: &'a OpenAPI, name: &str) -> Option<&'a ReferenceOr<Schema>> {
    api.components.as_ref()?.schemas.get(name)
}

/// Where a pointer's schema steps start: a component schema, or the
/// schema of a component response, request body, parameter or header.
fn root<'t>(
    api: &OpenAPI,
    tokens: &'t [String],
    component: &dyn Fn(&str) -> Option<String>,
) -> Option<(ReferenceOr<Schema>, String, &'t [String])> {
    let components = api.components.as_ref()?;
    let [first, kind, name, rest @ ..] = tokens else {
        return None;
    };
    if first != "components" {
        return None;
    }
    let hint = type_name(name);
    match kind.as_str() {
        "schemas" => {
            let schema = components.schemas.get(name)?.clone();
            let hint = component(name).unwrap_or(hint);
            Some((schema, hint, rest))
        }
        "responses" | "requestBodies" => {
            let [content, media, schema, rest @ ..] = rest else {
                return None;
            };
            if content != "content" || schema != "schema" {
                return None;
            }
            let content = match kind.as_str() {
                "responses" => &components.responses.get(name)?.as_item()?.content,
                _ => &components.request_bodies.get(name)?.as_item()?.content,
            };
            let schema = content.get(media)?.schema.clone()?;
            Some((schema, hint, rest))
        }
        "parameters" => {
            let [schema, rest @ ..] = rest else {
                return None;
            };
            let data = components
                .parameters
                .get(name)?
                .as_item()?
                .parameter_data_ref();
            match (&data.format, schema.as_str()) {
                (openapiv3::ParameterSchemaOrContent::Schema(s), "schema") => {
                    Some((s.clone(), hint, rest))
                }
                _ => None,
            }
        }
        "headers" => {
            let [schema, rest @ ..] = rest else {
                return None;
            };
            let header = components.headers.get(name)?.as_item()?;
            match (&header.format, schema.as_str()) {
                (openapiv3::ParameterSchemaOrContent::Schema(s), "schema") => {
                    Some((s.clone(), hint, rest))
                }
                _ => None,
            }
        }
        _ => None,
    }
}

/// One step into `schema` (named `hint`) along `rest`: the schema reached,
/// its name, and how many tokens the step took.
fn step(
    schema: &Schema,
    hint: &str,
    rest: &[String],
) -> Option<(ReferenceOr<Schema>, String, usize)> {
    let (key, after) = rest.split_first()?;
    let index = || after.first().and_then(|i| i.parse::<usize>().ok());
    let member = |members: &[ReferenceOr<Schema>], fallback: &str| {
        let i = index()?;
        let target = members.get(i)?.clone();
        // A pointer through an `allOf` part into its properties names
        // them as the owner's own: the parts are merged into the owner.
        if fallback == "Part" && after.len() > 1 {
            return Some((target, hint.to_string(), 2));
        }
        let refs: Vec<&ReferenceOr<Schema>> = members.iter().collect();
        let label = names::member_labels(&refs, None)
            .into_iter()
            .nth(i)
            .flatten();
        let part = label.unwrap_or_else(|| format!("{fallback}{}", i + 1));
        Some((target, nested_type_name(hint, &part), 2))
    };
    let any = match &schema.schema_kind {
        SchemaKind::Any(a) => Some(a),
        _ => None,
    };
    match key.as_str() {
        "properties" => {
            let name = after.first()?;
            let properties = match &schema.schema_kind {
                SchemaKind::Type(OaType::Object(o)) => &o.properties,
                SchemaKind::Any(a) => &a.properties,
                _ => return None,
            };
            let target = unbox(properties.get(name)?);
            Some((target, nested_type_name(hint, name), 2))
        }
        "items" => {
            let items = match &schema.schema_kind {
                SchemaKind::Type(OaType::Array(a)) => a.items.as_ref(),
                SchemaKind::Any(a) => a.items.as_ref(),
                _ => None,
            }?;
            Some((unbox(items), nested_type_name(hint, "item"), 1))
        }
        "additionalProperties" => {
            let additional = match &schema.schema_kind {
                SchemaKind::Type(OaType::Object(o)) => o.additional_properties.as_ref(),
                SchemaKind::Any(a) => a.additional_properties.as_ref(),
                _ => None,
            };
            match additional? {
                AdditionalProperties::Schema(s) => {
                    Some(((**s).clone(), nested_type_name(hint, "value"), 1))
                }
                AdditionalProperties::Any(_) => None,
            }
        }
        "oneOf" => match &schema.schema_kind {
            SchemaKind::OneOf { one_of } => member(one_of, "Variant"),
            _ => member(&any?.one_of, "Variant"),
        },
        "anyOf" => match &schema.schema_kind {
            SchemaKind::AnyOf { any_of } => member(any_of, "Variant"),
            _ => member(&any?.any_of, "Variant"),
        },
        "allOf" => match &schema.schema_kind {
            SchemaKind::AllOf { all_of } => member(all_of, "Part"),
            _ => member(&any?.all_of, "Part"),
        },
        "not" => match &schema.schema_kind {
            SchemaKind::Not { not } => Some(((**not).clone(), nested_type_name(hint, "not"), 1)),
            _ => None,
        },
        _ => None,
    }
}

fn unbox(schema: &ReferenceOr<Box<Schema>>) -> ReferenceOr<Schema> {
    match schema {
        ReferenceOr::Reference { reference } => ReferenceOr::Reference {
            reference: reference.clone(),
        },
        ReferenceOr::Item(s) => ReferenceOr::Item((**s).clone()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn api(json: serde_json::Value) -> OpenAPI {
        serde_json::from_value(json).expect("an OpenAPI document")
    }

    fn spec() -> OpenAPI {
        api(serde_json::json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {},
            "components": {"schemas": {
                "FieldValue": {"type": "object", "properties": {
                    "data_type": {"type": "string", "enum": ["a", "b"]},
                    "value": {"oneOf": [
                        {"type": "object", "title": "Boolean", "properties": {"value": {"type": "boolean"}}},
                        {"type": "object", "title": "Float", "properties": {"value": {"type": "number"}}}
                    ]},
                    "tags": {"type": "array", "items": {"type": "object", "properties": {"id": {"type": "string"}}}},
                    "alias": {"$ref": "#/components/schemas/Other"}
                }},
                "Other": {"type": "object", "properties": {"id": {"type": "integer"}}},
                "Tagged": {"allOf": [
                    {"type": "object", "properties": {"id": {"type": "string"}}},
                    {"type": "object", "properties": {"label": {"type": "string"}}}
                ]},
                "Loop": {"type": "object", "properties": {
                    "a": {"$ref": "#/components/schemas/Loop/properties/b/properties/x"},
                    "b": {"$ref": "#/components/schemas/Loop/properties/a/properties/x"}
                }}
            }}
        }))
    }

    fn named(reference: &str) -> Result<String, String> {
        let api = spec();
        resolve(&api, reference, &|n| Some(type_name(n))).map(|p| p.hint)
    }

    /// pagerduty-rest's pointers into `CustomFieldsFieldValue`, in small.
    #[test]
    fn places_are_named_from_owner_and_place() {
        let at = "#/components/schemas/FieldValue";
        assert_eq!(
            named(&format!("{at}/properties/data_type")).unwrap(),
            "FieldValueDataType"
        );
        assert_eq!(
            named(&format!("{at}/properties/value/oneOf/1")).unwrap(),
            "FieldValueValueFloat"
        );
        assert_eq!(
            named(&format!("{at}/properties/tags/items")).unwrap(),
            "FieldValueTagsItem"
        );
        // Through an `allOf` part: its properties are the owner's.
        assert_eq!(
            named("#/components/schemas/Tagged/allOf/1/properties/label").unwrap(),
            "TaggedLabel"
        );
        // Through a reference met on the way: named from the component.
        assert_eq!(
            named(&format!("{at}/properties/alias/properties/id")).unwrap(),
            "OtherId"
        );
    }

    #[test]
    fn pointers_to_nowhere_are_messages() {
        let at = "#/components/schemas/FieldValue";
        for bad in [
            format!("{at}/properties/missing"),
            format!("{at}/properties/value/oneOf/7"),
            format!("{at}/properties/value/oneOf/x"),
            format!("{at}/items"),
            format!("{at}/properties"),
            "#/components/schemas/Nothing/properties/a".to_string(),
            "#/paths/~1x".to_string(),
            "other.json#/a".to_string(),
            format!("{at}{}", "/properties/data_type".repeat(40)),
        ] {
            let err = named(&bad).expect_err(&bad);
            assert!(err.contains("$ref"), "{bad}: {err}");
        }
    }

    #[test]
    fn loops_of_pointers_stop() {
        let err = named("#/components/schemas/Loop/properties/a/properties/x").unwrap_err();
        assert!(err.contains("more than 16 references"), "{err}");
    }
}
