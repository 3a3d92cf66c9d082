//! Schema objects: lowering JSON Schema 2020-12 (OpenAPI 3.1/3.2) to the
//! OpenAPI 3.0 schema dialect, repairing common defects, and walking every
//! subschema.

use serde_json::{Map, Value};

use super::kinds::Kind;
use super::{lower, repair, value_kind, Ctx};

/// Keywords of the OpenAPI 3.0 schema object.
const KEYWORDS_30: &[&str] = &[
    "title",
    "multipleOf",
    "maximum",
    "exclusiveMaximum",
    "minimum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "pattern",
    "maxItems",
    "minItems",
    "uniqueItems",
    "maxProperties",
    "minProperties",
    "required",
    "enum",
    "type",
    "allOf",
    "oneOf",
    "anyOf",
    "not",
    "items",
    "properties",
    "additionalProperties",
    "description",
    "format",
    "default",
    "nullable",
    "discriminator",
    "readOnly",
    "writeOnly",
    "xml",
    "externalDocs",
    "example",
    "deprecated",
];

/// JSON Schema keywords that constrain values but have no 3.0 form: kept as
/// extensions with a warning, since generated code will not enforce them.
const UNENFORCED: &[&str] = &[
    "patternProperties",
    "dependentRequired",
    "dependentSchemas",
    "dependencies",
    "if",
    "then",
    "else",
    "unevaluatedProperties",
    "unevaluatedItems",
    "contains",
    "minContains",
    "maxContains",
    "propertyNames",
    "$dynamicRef",
    "$recursiveRef",
];

/// JSON Schema keywords that carry no constraint: kept as extensions quietly.
const ANNOTATIONS: &[&str] = &[
    "$schema",
    "$id",
    "$anchor",
    "$dynamicAnchor",
    "$recursiveAnchor",
    "$comment",
    "$defs",
    "definitions",
    "$vocabulary",
    "contentSchema",
    "contentEncoding",
    "contentMediaType",
    "examples",
    "const",
    "prefixItems",
];

/// Walks one schema (or boolean schema). Always keeps it.
pub(crate) fn walk(ctx: &mut Ctx, value: &mut Value) -> bool {
    match value {
        Value::Bool(true) => *value = Value::Object(Map::new()),
        Value::Bool(false) => *value = serde_json::json!({"not": {}}),
        Value::Object(_) => {}
        other => {
            let found = value_kind(other);
            ctx.error(format!("expected a schema (an object), found {found}"))
                .hint("write the schema as an object, `{}` for any value");
            return true;
        }
    }
    if let Value::Object(map) = value {
        schema_object(ctx, map);
    }
    true
}

fn schema_object(ctx: &mut Ctx, map: &mut Map<String, Value>) {
    if map.contains_key("$ref") {
        if map.keys().all(|k| k == "$ref") {
            ctx.record_ref(map, Kind::Schema);
            return;
        }
        wrap_ref(map);
    }
    lower::all(ctx, map);
    repair::all(ctx, map);
    keep_other_keywords(ctx, map);
    walk_subschemas(ctx, map);
}

/// `{$ref, ...siblings}` becomes `{allOf: [{$ref}], ...siblings}`: 3.1 applies
/// both, and so does this form, which the 3.0 reader keeps.
fn wrap_ref(map: &mut Map<String, Value>) {
    let Some(reference) = map.shift_remove("$ref") else {
        return;
    };
    let wrapped = serde_json::json!({ "$ref": reference });
    match map.get_mut("allOf") {
        Some(Value::Array(items)) => items.insert(0, wrapped),
        _ => {
            map.insert("allOf".into(), Value::Array(vec![wrapped]));
        }
    }
}

fn keep_other_keywords(ctx: &mut Ctx, map: &mut Map<String, Value>) {
    let others: Vec<String> = map
        .keys()
        .filter(|k| !k.starts_with("x-") && !KEYWORDS_30.contains(&k.as_str()))
        .cloned()
        .collect();
    for key in others {
        let Some(v) = map.shift_remove(&key) else {
            continue;
        };
        map.insert(format!("x-oas-{key}"), v);
        if UNENFORCED.contains(&key.as_str()) {
            ctx.at(&key, |ctx| {
                ctx.warn(format!("`{key}` has no OpenAPI 3.0 form: kept as `x-oas-{key}`; generated code does not enforce it"));
            });
        } else if !ANNOTATIONS.contains(&key.as_str()) {
            ctx.at(&key, |ctx| {
                ctx.warn(format!(
                    "`{key}` is not a schema keyword: kept as `x-oas-{key}`"
                ))
                .hint("check the spelling, or prefix custom keywords with `x-`");
            });
        }
    }
}

fn walk_subschemas(ctx: &mut Ctx, map: &mut Map<String, Value>) {
    for key in ["items", "not"] {
        if let Some(v) = map.get_mut(key) {
            ctx.at(key, |ctx| walk(ctx, v));
        }
    }
    if let Some(v) = map.get_mut("additionalProperties") {
        if !v.is_boolean() {
            ctx.at("additionalProperties", |ctx| walk(ctx, v));
        }
    }
    if let Some(v) = map.get_mut("properties") {
        ctx.at("properties", |ctx| walk_named(ctx, v));
    }
    for key in ["allOf", "oneOf", "anyOf"] {
        if let Some(v) = map.get_mut(key) {
            ctx.at(key, |ctx| walk_list(ctx, v));
        }
    }
}

fn walk_named(ctx: &mut Ctx, value: &mut Value) {
    let Value::Object(props) = value else {
        let found = value_kind(value);
        ctx.error(format!(
            "`properties` must map names to schemas, found {found}"
        ))
        .hint("write `properties` as an object");
        return;
    };
    for (name, schema) in props.iter_mut() {
        ctx.at(name, |ctx| walk(ctx, schema));
    }
}

pub(crate) fn walk_list(ctx: &mut Ctx, value: &mut Value) {
    let Value::Array(items) = value else {
        let found = value_kind(value);
        ctx.error(format!("expected a list of schemas, found {found}"))
            .hint("write the schemas as a list");
        return;
    };
    for (i, schema) in items.iter_mut().enumerate() {
        ctx.at(&i.to_string(), |ctx| walk(ctx, schema));
    }
}
