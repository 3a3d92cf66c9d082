//! Small synthetic specs built from the hostile [`atoms`](super::atoms):
//! schemas nested at random (objects, arrays, compositions, enums of odd
//! values, references to missing, odd and self targets, discriminators),
//! deep nesting, operations on odd path templates with parameters of
//! every kind, security schemes and servers with hostile names.

use proptest::prelude::*;
use serde_json::{json, Map, Value};

use super::atoms::{name, odd_value, reference, template, template_names, text, COMPONENT_NAMES};

/// A schema that holds no other schema.
fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(json!({"type": "string"})),
        prop::sample::select(&["int32", "int64", "uint64", "int8", "", "bogus"][..])
            .prop_map(|f| json!({"type": "integer", "format": f})),
        Just(json!({"type": "number", "minimum": 1e308, "maximum": -1e308})),
        Just(json!({"type": "integer", "minimum": u64::MAX, "multipleOf": 0})),
        Just(json!({"type": "boolean"})),
        Just(json!({"type": "string", "format": "date-time"})),
        Just(json!({"type": "string", "format": "binary"})),
        Just(json!({"type": ["string", "null"]})),
        Just(json!({"type": []})),
        Just(json!({"type": "bogus"})),
        Just(json!({"nullable": true})),
        Just(json!({})),
        Just(json!(true)),
        Just(json!(false)),
        reference().prop_map(|r| json!({"$ref": r})),
        prop::collection::vec(odd_value(), 0..5).prop_map(|v| json!({"enum": v})),
        prop::collection::vec(text(), 0..5).prop_map(|v| json!({"type": "string", "enum": v})),
        prop::collection::vec(odd_value(), 1..4)
            .prop_map(|v| json!({"type": "integer", "enum": v})),
        odd_value().prop_map(|v| json!({"const": v})),
        odd_value().prop_map(|v| json!({"type": "string", "default": v, "example": v})),
        (text(), text()).prop_map(|(t, d)| json!({"type": "string", "title": t, "description": d})),
        "[a-z\\[\\](){}*+?|\\\\^$.]{0,8}".prop_map(|p| json!({"type": "string", "pattern": p})),
    ]
}

/// A schema nested up to a few levels.
pub fn schema() -> impl Strategy<Value = Value> {
    leaf().prop_recursive(5, 24, 4, |inner| {
        prop_oneof![
            (
                prop::collection::vec((name(), inner.clone()), 0..4),
                prop::collection::vec(name(), 0..3),
                text(),
            )
                .prop_map(|(props, required, description)| {
                    let properties: Map<String, Value> = props.into_iter().collect();
                    json!({"type": "object", "properties": properties,
                        "required": required, "description": description})
                }),
            inner
                .clone()
                .prop_map(|i| json!({"type": "array", "items": i})),
            (
                prop::sample::select(&["allOf", "oneOf", "anyOf"][..]),
                prop::collection::vec(inner.clone(), 0..4)
            )
                .prop_map(|(k, v)| json!({ k: v })),
            inner
                .clone()
                .prop_map(|i| json!({"type": "object", "additionalProperties": i})),
            (
                prop::collection::vec(inner.clone(), 1..3),
                name(),
                prop::collection::vec((text(), reference()), 0..3)
            )
                .prop_map(|(variants, property, mapping)| {
                    let mapping: Map<String, Value> =
                        mapping.into_iter().map(|(k, r)| (k, json!(r))).collect();
                    json!({"oneOf": variants,
                        "discriminator": {"propertyName": property, "mapping": mapping}})
                }),
            inner
                .clone()
                .prop_map(|i| json!({"allOf": [i], "nullable": true})),
            inner.prop_map(|i| json!({"not": i})),
        ]
    })
}

/// A schema nested `depth` levels through objects and arrays.
pub fn deep_schema() -> impl Strategy<Value = Value> {
    let depth = prop_oneof![4 => 1usize..40, 1 => 40usize..200];
    (depth, any::<u64>()).prop_map(|(depth, bits)| {
        let mut schema = json!({"type": "string"});
        for level in 0..depth {
            schema = if bits.rotate_left(level as u32) & 1 == 0 {
                json!({"type": "array", "items": schema})
            } else {
                json!({"type": "object", "properties": {"n": schema}})
            };
        }
        schema
    })
}

/// One parameter: a name, a place and a schema.
fn parameter() -> impl Strategy<Value = Value> {
    (
        name(),
        prop_oneof![
            12 => prop::sample::select(&["query", "header", "cookie", "path"][..]),
            1 => prop::sample::select(&["body", "", "Query"][..]),
        ],
        any::<bool>(),
        schema(),
        prop::option::weighted(
            0.2,
            prop::sample::select(&["form", "simple", "deepObject", "matrix", "spaceDelimited"][..]),
        ),
    )
        .prop_map(|(name, place, required, schema, style)| {
            let mut parameter =
                json!({"name": name, "in": place, "required": required, "schema": schema});
            if let Some(style) = style {
                parameter["style"] = json!(style);
            }
            parameter
        })
}

/// A response: a status key and a body schema or none.
fn responses() -> impl Strategy<Value = Value> {
    let status = prop::sample::select(
        &[
            "200", "201", "204", "default", "2XX", "999", "abc", "0", "", "1e3",
        ][..],
    );
    prop::collection::vec((status, text(), prop::option::of(schema())), 0..3).prop_map(|rs| {
        let map: Map<String, Value> = rs
            .into_iter()
            .map(|(code, description, schema)| {
                let mut response = json!({ "description": description });
                if let Some(schema) = schema {
                    response["content"] = json!({"application/json": {"schema": schema}});
                }
                (code.to_string(), response)
            })
            .collect();
        Value::Object(map)
    })
}

/// One operation on one path.
fn operation() -> impl Strategy<Value = (String, String, Value)> {
    (
        template(),
        prop::sample::select(
            &[
                "get", "post", "put", "delete", "patch", "head", "options", "trace",
            ][..],
        ),
        prop::option::of(name()),
        text(),
        prop::collection::vec(parameter(), 0..3),
        prop::option::of(schema()),
        responses(),
    )
        .prop_map(
            |(path, method, id, summary, mut parameters, body, responses)| {
                for declared in template_names(&path) {
                    parameters.push(json!({"name": declared, "in": "path", "required": true,
                    "schema": {"type": "string"}}));
                }
                let mut op = json!({"summary": summary, "parameters": parameters,
                "responses": responses});
                if let Some(id) = id {
                    op["operationId"] = json!(id);
                }
                if let Some(body) = body {
                    op["requestBody"] = json!({"content": {"application/json": {"schema": body}}});
                }
                (path, method.to_string(), op)
            },
        )
}

/// A security scheme under a hostile name.
fn security_scheme() -> impl Strategy<Value = (String, Value)> {
    let scheme = prop_oneof![
        name().prop_map(|n| json!({"type": "apiKey", "in": "header", "name": n})),
        name().prop_map(|n| json!({"type": "apiKey", "in": "cookie", "name": n})),
        name().prop_map(|n| json!({"type": "apiKey", "in": "query", "name": n})),
        Just(json!({"type": "http", "scheme": "bearer"})),
        Just(json!({"type": "http", "scheme": "basic"})),
        Just(json!({"type": "oauth2", "flows": {}})),
        Just(json!({"type": "bogus"})),
    ];
    (name(), scheme)
}

/// A whole synthetic spec as a JSON value.
pub fn spec() -> impl Strategy<Value = Value> {
    let schemas = prop::collection::vec(
        (
            prop_oneof![
                prop::sample::select(COMPONENT_NAMES).prop_map(str::to_string),
                name()
            ],
            prop_oneof![4 => schema(), 1 => deep_schema()],
        ),
        0..5,
    );
    (
        prop_oneof![
            12 => prop::sample::select(&["3.0.3", "3.1.0", "3.2.0"][..]),
            1 => prop::sample::select(&["3.0", "2.0", "", "4.0.0"][..]),
        ],
        (text(), text(), text()),
        prop::collection::vec(text(), 0..2),
        prop::collection::vec(operation(), 0..5),
        schemas,
        prop::collection::vec(security_scheme(), 0..3),
    )
        .prop_map(|(version, info, servers, operations, schemas, schemes)| {
            let (title, api_version, description) = info;
            let mut paths = Map::new();
            for (path, method, op) in operations {
                let item = paths.entry(path).or_insert_with(|| json!({}));
                item[method] = op;
            }
            let security: Vec<Value> = schemes.iter().map(|(n, _)| json!({ n: [] })).collect();
            json!({
                "openapi": version,
                "info": {"title": title, "version": api_version, "description": description},
                "servers": servers.into_iter().map(|u| json!({"url": u})).collect::<Vec<_>>(),
                "paths": paths,
                "security": security,
                "components": {
                    "schemas": schemas.into_iter().collect::<Map<_, _>>(),
                    "securitySchemes": schemes.into_iter().collect::<Map<_, _>>(),
                },
            })
        })
}
