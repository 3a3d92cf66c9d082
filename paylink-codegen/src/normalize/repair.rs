//! Repairs for defects real schemas contain: counts that are not counts,
//! `required: true` on a property, integer bounds beyond 64 bits, enum values
//! of the wrong type, defaults and examples that break their own schema.
//! Each repair is a warning at the defect's location; the original value is
//! kept as an `x-paylink-original-<keyword>` extension when it is changed.

use std::hash::BuildHasher;

use serde_json::{Map, Number, Value};

use super::lower::is_of_type;
use super::{value_kind, Ctx};

/// Applies every repair to one schema object.
pub(crate) fn all(ctx: &mut Ctx, map: &mut Map<String, Value>) {
    for key in [
        "minLength",
        "maxLength",
        "minItems",
        "maxItems",
        "minProperties",
        "maxProperties",
    ] {
        count(ctx, map, key);
    }
    for key in ["minimum", "maximum", "multipleOf"] {
        number(ctx, map, key);
    }
    for key in [
        "nullable",
        "readOnly",
        "writeOnly",
        "deprecated",
        "uniqueItems",
        "exclusiveMinimum",
        "exclusiveMaximum",
    ] {
        boolean(ctx, map, key);
    }
    strings(ctx, map, "type");
    strings(ctx, map, "format");
    strings(ctx, map, "pattern");
    strings(ctx, map, "title");
    strings(ctx, map, "description");
    required(ctx, map);
    discriminator(ctx, map);
    unknown_type(ctx, map);
    integer_bounds(ctx, map);
    enumeration(ctx, map);
    example_like(ctx, map, "default");
    example_like(ctx, map, "example");
}

fn set_aside(ctx: &mut Ctx, map: &mut Map<String, Value>, key: &str, why: String) {
    if let Some(v) = map.shift_remove(key) {
        map.insert(format!("x-paylink-original-{key}"), v);
        ctx.at(key, |ctx| {
            ctx.warn(format!(
                "{why}: it is ignored and kept as `x-paylink-original-{key}`"
            ))
            .hint(format!("fix or remove `{key}`"));
        });
    }
}

/// minLength and friends: non-negative integers.
fn count(ctx: &mut Ctx, map: &mut Map<String, Value>, key: &str) {
    let Some(v) = map.get(key) else { return };
    if v.is_u64() {
        return;
    }
    match v.as_f64() {
        Some(f) if f >= 0.0 && f.fract() == 0.0 && f < 1e15 => {
            map.insert(key.into(), Value::Number(Number::from(f as u64)));
        }
        _ => {
            let shown = v.to_string();
            set_aside(
                ctx,
                map,
                key,
                format!("`{key}` must be a non-negative integer, found {shown}"),
            );
        }
    }
}

fn number(ctx: &mut Ctx, map: &mut Map<String, Value>, key: &str) {
    let Some(v) = map.get(key) else { return };
    if v.is_number() {
        return;
    }
    let parsed = v
        .as_str()
        .and_then(|s| s.trim().parse::<f64>().ok())
        .and_then(Number::from_f64);
    let shown = v.to_string();
    match parsed {
        Some(n) => {
            ctx.at(key, |ctx| {
                ctx.warn(format!(
                    "`{key}` must be a number, found the string {shown}: read as {n}"
                ))
                .hint("write the number without quotes");
            });
            map.insert(key.into(), Value::Number(n));
        }
        None => set_aside(
            ctx,
            map,
            key,
            format!("`{key}` must be a number, found {shown}"),
        ),
    }
}

fn boolean(ctx: &mut Ctx, map: &mut Map<String, Value>, key: &str) {
    let Some(v) = map.get(key) else { return };
    match v {
        Value::Bool(_) => {}
        Value::Number(_) if key.starts_with("exclusive") => {}
        Value::String(s) if s == "true" || s == "false" => {
            let b = s == "true";
            ctx.at(key, |ctx| {
                ctx.warn(format!(
                    "`{key}` must be a boolean, found the string \"{b}\": read as {b}"
                ))
                .hint("write the boolean without quotes");
            });
            map.insert(key.into(), Value::Bool(b));
        }
        other => {
            let shown = other.to_string();
            set_aside(
                ctx,
                map,
                key,
                format!("`{key}` must be a boolean, found {shown}"),
            );
        }
    }
}

fn strings(ctx: &mut Ctx, map: &mut Map<String, Value>, key: &str) {
    match map.get(key) {
        None | Some(Value::String(_)) => {}
        Some(Value::Array(_)) if key == "type" => {}
        Some(other) => {
            let found = value_kind(other);
            set_aside(
                ctx,
                map,
                key,
                format!("`{key}` must be a string, found {found}"),
            );
        }
    }
}

/// `required` lists property names; a boolean there is Swagger 2 style.
fn required(ctx: &mut Ctx, map: &mut Map<String, Value>) {
    match map.get_mut("required") {
        None => {}
        Some(Value::Array(names)) => {
            let before = names.len();
            names.retain(Value::is_string);
            if names.len() != before {
                ctx.at("required", |ctx| {
                    ctx.warn("`required` lists property names: entries that are not strings are ignored");
                });
            }
        }
        Some(Value::Bool(_)) => set_aside(
            ctx,
            map,
            "required",
            "`required: true` on a schema is Swagger 2 style; OpenAPI 3 lists required properties in the parent's `required`".into(),
        ),
        Some(other) => {
            let found = value_kind(other);
            set_aside(ctx, map, "required", format!("`required` must be a list of property names, found {found}"));
        }
    }
}

fn discriminator(ctx: &mut Ctx, map: &mut Map<String, Value>) {
    let ok = match map.get("discriminator") {
        None => return,
        Some(Value::Object(d)) => {
            d.get("propertyName").is_some_and(Value::is_string)
                && d.get("mapping").is_none_or(|m| {
                    m.as_object()
                        .is_some_and(|m| m.values().all(Value::is_string))
                })
        }
        Some(_) => false,
    };
    if !ok {
        set_aside(
            ctx,
            map,
            "discriminator",
            "a discriminator needs a string `propertyName` and a `mapping` of strings".into(),
        );
        return;
    }
    let mapping = map.get("discriminator").and_then(|d| d.get("mapping"));
    for (key, target) in mapping.and_then(Value::as_object).into_iter().flatten() {
        if let Some(target) = target.as_str() {
            ctx.record_mapping(key, target);
        }
    }
}

fn unknown_type(ctx: &mut Ctx, map: &mut Map<String, Value>) {
    let Some(t) = map.get("type").and_then(Value::as_str) else {
        return;
    };
    match t {
        "string" | "number" | "integer" | "boolean" | "array" | "object" => {}
        "file" => {
            ctx.at("type", |ctx| {
                ctx.warn("`type: file` is Swagger 2: read as `type: string, format: binary`")
                    .hint("write `type: string` with `format: binary`");
            });
            map.insert("type".into(), Value::String("string".into()));
            map.insert("format".into(), Value::String("binary".into()));
        }
        other => {
            let why = format!("`{other}` is not a JSON Schema type");
            set_aside(ctx, map, "type", why);
        }
    }
}

/// For integer schemas, bounds must be integers within i64.
fn integer_bounds(ctx: &mut Ctx, map: &mut Map<String, Value>) {
    if map.get("type").and_then(Value::as_str) != Some("integer") {
        return;
    }
    for (key, round) in [
        ("minimum", f64::ceil as fn(f64) -> f64),
        ("maximum", f64::floor),
    ] {
        let Some(v) = map.get(key) else { continue };
        if v.is_i64() {
            continue;
        }
        let Some(f) = v.as_f64() else { continue };
        let rounded = round(f);
        if (-9.223_372_036_854_775e18..=9.223_372_036_854_775e18).contains(&rounded) {
            map.insert(key.into(), Value::Number(Number::from(rounded as i64)));
            if rounded != f {
                // The nearest integer inside a fractional bound already
                // satisfies an exclusive one: the bound becomes inclusive.
                let exclusive = if key == "minimum" {
                    "exclusiveMinimum"
                } else {
                    "exclusiveMaximum"
                };
                map.shift_remove(exclusive);
            }
            continue;
        }
        let clamped = if f < 0.0 { i64::MIN } else { i64::MAX };
        let original = v.clone();
        map.insert(format!("x-paylink-original-{key}"), original.clone());
        map.insert(key.into(), Value::Number(Number::from(clamped)));
        ctx.at(key, |ctx| {
            ctx.warn(format!("integer bound {original} is beyond 64 bits: {clamped} is used and the original kept as `x-paylink-original-{key}`"));
        });
    }
    if let Some(m) = map.get("multipleOf") {
        if !m.is_i64() {
            let shown = m.to_string();
            set_aside(
                ctx,
                map,
                "multipleOf",
                format!("`multipleOf: {shown}` on an integer schema is not an integer"),
            );
        }
    }
}

/// Enum values must fit the schema's type; duplicates are dropped.
fn enumeration(ctx: &mut Ctx, map: &mut Map<String, Value>) {
    let ty = map.get("type").and_then(Value::as_str).map(str::to_string);
    let Some(Value::Array(values)) = map.get_mut("enum") else {
        if map.get("enum").is_some() {
            let found = value_kind(&map["enum"]);
            set_aside(
                ctx,
                map,
                "enum",
                format!("`enum` must be a list, found {found}"),
            );
        }
        return;
    };
    let before = values.len();
    let unique = distinct(values.drain(..));
    let removed = before - unique.len();
    if removed > 0 {
        ctx.at("enum", |ctx| {
            ctx.warn(format!(
                "`enum` lists {removed} value(s) more than once: duplicates are ignored"
            ));
        });
    }
    let Some(ty) = ty else {
        map.insert("enum".into(), Value::Array(unique));
        return;
    };
    let misfits = unique
        .iter()
        .filter(|v| !v.is_null() && !is_of_type(v, &ty))
        .count();
    if misfits > 0 && ty == "string" && unique.iter().all(|v| !v.is_array() && !v.is_object()) {
        let original = Value::Array(unique.clone());
        map.insert("x-paylink-original-enum".into(), original);
        let as_strings = distinct(unique.into_iter().map(stringify));
        map.insert("enum".into(), Value::Array(as_strings));
        ctx.at("enum", |ctx| {
            ctx.warn(format!("{misfits} value(s) of a string enum are not strings: read as strings; the original is kept as `x-paylink-original-enum`"))
                .hint("quote the enum values");
        });
        return;
    }
    map.insert("enum".into(), Value::Array(unique));
    if misfits > 0 {
        set_aside(
            ctx,
            map,
            "enum",
            format!("{misfits} value(s) of the enum are not of type {ty}"),
        );
    }
}

/// The values in order, each kept once. Values are found by their
/// hash, so that a list of many values (an `opt_fields` enum of hundreds,
/// or a hostile one of millions) costs time in proportion to its length.
fn distinct(values: impl Iterator<Item = Value>) -> Vec<Value> {
    let mut out: Vec<Value> = Vec::new();
    let mut by_hash: std::collections::HashMap<u64, Vec<usize>> = Default::default();
    let hasher = std::collections::hash_map::RandomState::new();
    for v in values {
        let kept = by_hash.entry(hasher.hash_one(&v)).or_default();
        if kept.iter().all(|&i| out[i] != v) {
            kept.push(out.len());
            out.push(v);
        }
    }
    out
}

fn stringify(v: Value) -> Value {
    match v {
        Value::String(_) | Value::Null => v,
        other => Value::String(other.to_string()),
    }
}

/// `default` and `example` should be instances of the schema's type.
fn example_like(ctx: &mut Ctx, map: &mut Map<String, Value>, key: &str) {
    let (Some(v), Some(ty)) = (map.get(key), map.get("type").and_then(Value::as_str)) else {
        return;
    };
    let nullable = map.get("nullable") == Some(&Value::Bool(true));
    if (v.is_null() && nullable) || is_of_type(v, ty) {
        return;
    }
    let found = value_kind(v);
    ctx.at(key, |ctx| {
        ctx.warn(format!("`{key}` is {found}, but the schema's type is {ty}"))
            .hint(format!("give a `{key}` that the schema accepts"));
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn distinct_keeps_the_first_of_equal_values_in_order() {
        let values = json!([
            "b", "a", "b", 1, 1.0, 1, {"x": 1, "y": 2}, {"y": 2, "x": 1}, null, [1, 2], [2, 1], null
        ]);
        let Value::Array(values) = values else {
            unreachable!()
        };
        let got = distinct(values.into_iter());
        let want = json!(["b", "a", 1, 1.0, {"x": 1, "y": 2}, null, [1, 2], [2, 1]]);
        assert_eq!(Value::Array(got), want);
    }

    #[test]
    fn distinct_takes_many_values() {
        let values = (0..200_000).map(|i| Value::from(i % 100_000));
        let got = distinct(values);
        assert_eq!(got.len(), 100_000);
        assert_eq!(got[99_999], Value::from(99_999));
    }
}
