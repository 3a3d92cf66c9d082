//! Lowering rules from JSON Schema 2020-12 to the OpenAPI 3.0 dialect, one
//! function per rule. Exact rewrites are silent; approximate ones warn and
//! keep the original as an `x-oas-` extension.

use serde_json::{json, Map, Value};

use super::Ctx;

/// Applies every lowering rule to one schema object.
pub(crate) fn all(ctx: &mut Ctx, map: &mut Map<String, Value>) {
    type_list(ctx, map);
    constant(map);
    exclusive_bound(map, "exclusiveMinimum", "minimum", |excl, min| excl >= min);
    exclusive_bound(map, "exclusiveMaximum", "maximum", |excl, max| excl <= max);
    examples(ctx, map);
    tuple(ctx, map);
    content_keywords(map);
}

/// Keywords that belong to one instance type, moved into that type's branch
/// when a type list is split.
fn keyword_type(keyword: &str) -> Option<&'static str> {
    Some(match keyword {
        "minLength" | "maxLength" | "pattern" => "string",
        "minimum" | "maximum" | "exclusiveMinimum" | "exclusiveMaximum" | "multipleOf" => "number",
        "items" | "prefixItems" | "minItems" | "maxItems" | "uniqueItems" => "array",
        "properties"
        | "required"
        | "additionalProperties"
        | "minProperties"
        | "maxProperties"
        | "patternProperties" => "object",
        _ => return None,
    })
}

/// `type: [T, "null"]` to `type: T, nullable: true`; several types to an
/// `anyOf` of one branch per type; `type: "null"` to a null-only schema.
fn type_list(ctx: &mut Ctx, map: &mut Map<String, Value>) {
    let types: Vec<String> = match map.get("type") {
        Some(Value::Array(items)) => {
            let mut names = Vec::new();
            for item in items {
                match item.as_str() {
                    Some(s) if !names.iter().any(|n| n == s) => names.push(s.to_string()),
                    Some(_) => {}
                    None => {
                        ctx.at("type", |ctx| {
                            ctx.error("every entry of a `type` list must be a type name")
                                .hint("use names such as \"string\" or \"null\"");
                        });
                        return;
                    }
                }
            }
            names
        }
        Some(Value::String(s)) if s == "null" => vec![s.clone()],
        _ => return,
    };
    let (nulls, rest): (Vec<String>, Vec<String>) = types.into_iter().partition(|t| t == "null");
    map.shift_remove("type");
    if !nulls.is_empty() {
        map.insert("nullable".into(), Value::Bool(true));
    }
    match rest.len() {
        0 => {
            map.insert("enum".into(), json!([null]));
            map.insert("x-oas-type".into(), json!("null"));
        }
        1 => {
            map.insert("type".into(), Value::String(rest[0].clone()));
        }
        _ => split_types(map, &rest),
    }
}

fn split_types(map: &mut Map<String, Value>, types: &[String]) {
    let mut branches: Vec<Map<String, Value>> = types
        .iter()
        .map(|t| {
            let mut b = Map::new();
            b.insert("type".into(), Value::String(t.clone()));
            b
        })
        .collect();
    let keys: Vec<String> = map.keys().cloned().collect();
    for key in keys {
        let Some(owner) = keyword_type(&key) else {
            continue;
        };
        let Some(value) = map.shift_remove(&key) else {
            continue;
        };
        for (t, branch) in types.iter().zip(branches.iter_mut()) {
            if t == owner || (owner == "number" && t == "integer") {
                branch.insert(key.clone(), value.clone());
            }
        }
    }
    if let Some(Value::Array(values)) = map.shift_remove("enum") {
        // A type none of the enum's values has admits nothing: no branch.
        let mut kept = Vec::new();
        for (t, mut branch) in types.iter().zip(branches) {
            let mine: Vec<Value> = values
                .iter()
                .filter(|v| is_of_type(v, t))
                .cloned()
                .collect();
            if !mine.is_empty() {
                branch.insert("enum".into(), Value::Array(mine));
                kept.push(branch);
            }
        }
        branches = kept;
    }
    let any_of = Value::Array(branches.into_iter().map(Value::Object).collect());
    match map.shift_remove("anyOf") {
        Some(existing) => {
            let all = map.entry("allOf").or_insert_with(|| json!([]));
            if let Value::Array(all) = all {
                all.push(json!({ "anyOf": existing }));
                all.push(json!({ "anyOf": any_of }));
            }
        }
        None => {
            map.insert("anyOf".into(), any_of);
        }
    }
}

/// Whether a JSON value is an instance of a JSON Schema type name.
pub(crate) fn is_of_type(v: &Value, t: &str) -> bool {
    match t {
        "string" => v.is_string(),
        "integer" => v.is_i64() || v.is_u64() || v.as_f64().is_some_and(|f| f.fract() == 0.0),
        "number" => v.is_number(),
        "boolean" => v.is_boolean(),
        "array" => v.is_array(),
        "object" => v.is_object(),
        "null" => v.is_null(),
        _ => true,
    }
}

/// `const: v` to `enum: [v]`.
fn constant(map: &mut Map<String, Value>) {
    if map.contains_key("enum") {
        return;
    }
    if let Some(v) = map.get("const").cloned() {
        if v.is_null() {
            map.insert("nullable".into(), Value::Bool(true));
        }
        map.insert("enum".into(), Value::Array(vec![v]));
    }
}

/// Numeric `exclusiveMinimum: n` to `minimum: n, exclusiveMinimum: true`,
/// keeping whichever bound is stricter when both are given.
fn exclusive_bound(
    map: &mut Map<String, Value>,
    exclusive: &str,
    inclusive: &str,
    stricter: fn(f64, f64) -> bool,
) {
    let Some(Value::Number(n)) = map.get(exclusive).cloned() else {
        return;
    };
    let excl = n.as_f64().unwrap_or(0.0);
    let wins = match map.get(inclusive).and_then(Value::as_f64) {
        Some(bound) => stricter(excl, bound),
        None => true,
    };
    if wins {
        map.insert(inclusive.into(), Value::Number(n));
        map.insert(exclusive.into(), Value::Bool(true));
    } else {
        map.shift_remove(exclusive);
    }
}

/// Schema `examples: [...]` to `example: first`, all kept as `x-oas-examples`.
fn examples(ctx: &mut Ctx, map: &mut Map<String, Value>) {
    match map.get("examples") {
        Some(Value::Array(items)) => {
            if let (false, Some(first)) = (map.contains_key("example"), items.first().cloned()) {
                map.insert("example".into(), first);
            }
        }
        Some(_) => ctx.at("examples", |ctx| {
            ctx.warn("a schema's `examples` must be a list of values: kept as `x-oas-examples`")
                .hint("write `examples` as a list, or use `example` for one value");
        }),
        None => {}
    }
}

/// `prefixItems` (or draft-4 `items: [...]`): tuple positions have no 3.0
/// form; `items` becomes the union of every position's schema.
fn tuple(ctx: &mut Ctx, map: &mut Map<String, Value>) {
    let positions = match (map.get("prefixItems"), map.get("items")) {
        (Some(Value::Array(p)), _) => p.clone(),
        (None, Some(Value::Array(p))) => {
            let p = p.clone();
            map.shift_remove("items");
            map.insert("prefixItems".into(), Value::Array(p.clone()));
            p
        }
        _ => return,
    };
    let mut union = positions;
    match map.shift_remove("items") {
        Some(Value::Bool(false)) | None => {}
        Some(Value::Bool(true)) => union.push(json!({})),
        Some(rest) => union.push(rest),
    }
    let items = match union.len() {
        0 => json!({}),
        1 => union.remove(0),
        _ => json!({ "anyOf": union }),
    };
    map.insert("items".into(), items);
    ctx.at("prefixItems", |ctx| {
        ctx.warn("tuple positions (`prefixItems`) have no OpenAPI 3.0 form: `items` accepts any of the positions' schemas; the original is kept as `x-oas-prefixItems`");
    });
}

/// `contentEncoding: base64` to `format: byte`; a binary `contentMediaType`
/// to `format: binary`.
fn content_keywords(map: &mut Map<String, Value>) {
    if map.get("type").and_then(Value::as_str) != Some("string") || map.contains_key("format") {
        return;
    }
    let encoding = map.get("contentEncoding").and_then(Value::as_str);
    let media = map.get("contentMediaType").and_then(Value::as_str);
    let format = match (encoding, media) {
        (Some("base64" | "base64url"), _) => "byte",
        (None, Some(m)) if !m.starts_with("text/") && !m.contains("json") && !m.contains("xml") => {
            "binary"
        }
        _ => return,
    };
    map.insert("format".into(), Value::String(format.into()));
}
