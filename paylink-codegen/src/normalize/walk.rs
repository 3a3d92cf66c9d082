//! The walker: visits every object of the document by its kind (from the
//! table in [`super::kinds`]), checks field types, fills what 3.0 requires,
//! and keeps fields newer versions added as `x-oas-<field>` extensions.
//!
//! Every `walk_*` function returns whether its node stays; a node that the
//! 3.0 reader cannot hold at all is taken out by its container, always with
//! a warning naming it.

use serde_json::{Map, Value};

use super::kinds::{self, describe, field, Item, Kind, Shape};
use super::{schema, value_kind, Ctx};

/// Walks one value that should hold `item`.
pub(crate) fn walk_item(ctx: &mut Ctx, value: &mut Value, item: Item) -> bool {
    match item {
        Item::Any => true,
        Item::Str => coerce_str(ctx, value),
        Item::Bool => coerce_bool(ctx, value),
        Item::Obj(Kind::Schema) | Item::RefOr(Kind::Schema) => schema::walk(ctx, value),
        Item::Obj(kind) | Item::RefOr(kind) => match value {
            Value::Object(map) if matches!(item, Item::RefOr(_)) && map.contains_key("$ref") => {
                walk_ref(ctx, map, kind)
            }
            Value::Object(_) => walk_object(ctx, value, kind),
            other => {
                let found = value_kind(other);
                ctx.error(format!(
                    "expected {} (an object), found {found}",
                    describe(kind)
                ))
                .hint("fix the type of this value");
                true
            }
        },
    }
}

fn coerce_str(ctx: &mut Ctx, value: &mut Value) -> bool {
    let text = match value {
        Value::String(_) => return true,
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        other => {
            let found = value_kind(other);
            ctx.error(format!("expected a string, found {found}"))
                .hint("write this value as a string");
            return true;
        }
    };
    ctx.warn(format!(
        "expected a string, found `{text}`: read as \"{text}\""
    ))
    .hint("quote the value");
    *value = Value::String(text);
    true
}

fn coerce_bool(ctx: &mut Ctx, value: &mut Value) -> bool {
    let b = match value {
        Value::Bool(_) => return true,
        Value::String(s) if s == "true" || s == "false" => s == "true",
        other => {
            let found = value_kind(other);
            ctx.error(format!("expected a boolean, found {found}"))
                .hint("write true or false");
            return true;
        }
    };
    ctx.warn(format!(
        "expected a boolean, found the string \"{b}\": read as {b}"
    ))
    .hint("write the boolean without quotes");
    *value = Value::Bool(b);
    true
}

/// A `$ref` outside schemas: records the reference; siblings have no place
/// in 3.0 and are reported.
fn walk_ref(ctx: &mut Ctx, map: &mut Map<String, Value>, kind: Kind) -> bool {
    if !ctx.record_ref(map, kind) {
        return true;
    }
    let siblings: Vec<String> = map.keys().filter(|k| *k != "$ref").cloned().collect();
    for key in siblings {
        ctx.at(&key, |ctx| {
            ctx.warn(format!(
                "`{key}` beside `$ref` is not carried over: the 3.0 reader keeps only the reference"
            ))
            .hint("move it into the referenced object if it matters");
        });
    }
    true
}

/// Walks an object of a known kind.
pub(crate) fn walk_object(ctx: &mut Ctx, value: &mut Value, kind: Kind) -> bool {
    let Value::Object(map) = value else {
        return true;
    };
    match kind {
        Kind::Paths => walk_dynamic(ctx, map, Item::RefOr(Kind::PathItem), check_path_key),
        Kind::Callback if map.contains_key("$ref") => {
            ctx.warn("a referenced callback inside an operation has no place in the 3.0 reader: it is left out")
                .hint("define the callback inline");
            return false;
        }
        Kind::Callback => walk_dynamic(ctx, map, Item::RefOr(Kind::PathItem), |_, _| true),
        Kind::Responses => super::checks::responses(ctx, map),
        Kind::SecurityRequirement => walk_dynamic(ctx, map, Item::Str, |_, _| true),
        _ => walk_fields(ctx, map, kind),
    }
    super::checks::after(ctx, map, kind)
}

fn check_path_key(ctx: &mut Ctx, key: &str) -> bool {
    if !key.starts_with('/') {
        ctx.warn(format!("path `{key}` does not start with `/`"))
            .hint("paths are relative to the server URL and start with `/`");
    }
    true
}

/// Objects whose keys are names chosen by the author (paths, callbacks,
/// security requirements).
pub(crate) fn walk_dynamic(
    ctx: &mut Ctx,
    map: &mut Map<String, Value>,
    item: Item,
    check_key: fn(&mut Ctx, &str) -> bool,
) {
    retain_entries(ctx, map, true, |ctx, key, v| {
        check_key(ctx, key)
            && match v {
                Value::Array(_) if item == Item::Str => walk_list(ctx, v, item),
                Value::Null if item == Item::Str => {
                    ctx.warn("the scopes are null: read as an empty list")
                        .hint("write the scopes as a list, `[]` when there are none");
                    *v = Value::Array(Vec::new());
                    true
                }
                Value::String(scope) if item == Item::Str => {
                    let scope = scope.clone();
                    ctx.warn(format!(
                        "the scopes are one string: read as the list [\"{scope}\"]"
                    ))
                    .hint("write the scopes as a list");
                    *v = Value::Array(vec![Value::String(scope)]);
                    true
                }
                _ if item == Item::Str => {
                    let found = value_kind(v);
                    ctx.error(format!("expected a list of scope names, found {found}"))
                        .hint("write the scopes as a list, `[]` when there are none");
                    true
                }
                _ => walk_item(ctx, v, item),
            }
    });
}

/// Visits each entry of `map` at its pointer (skipping `x-` extensions when
/// asked) and removes the entries `visit` does not keep.
pub(crate) fn retain_entries(
    ctx: &mut Ctx,
    map: &mut Map<String, Value>,
    skip_extensions: bool,
    mut visit: impl FnMut(&mut Ctx, &str, &mut Value) -> bool,
) {
    let keys: Vec<String> = map
        .keys()
        .filter(|k| !(skip_extensions && k.starts_with("x-")))
        .cloned()
        .collect();
    for key in keys {
        let keep = match map.get_mut(&key) {
            Some(v) => ctx.at(&key, |ctx| visit(ctx, &key, v)),
            None => true,
        };
        if !keep {
            map.shift_remove(&key);
        }
    }
}

fn walk_fields(ctx: &mut Ctx, map: &mut Map<String, Value>, kind: Kind) {
    let keys: Vec<String> = map
        .keys()
        .filter(|k| !k.starts_with("x-"))
        .cloned()
        .collect();
    for key in keys {
        let Some(f) = field(kind, &key) else {
            ctx.at(&key, |ctx| {
                ctx.warn(format!(
                    "{} has no field `{key}`: it is ignored",
                    describe(kind)
                ))
                .hint("check the spelling, or prefix custom fields with `x-`");
            });
            continue;
        };
        let keep = ctx.at(&key, |ctx| walk_field(ctx, map, &key, f.shape));
        if !keep {
            map.shift_remove(&key);
        } else if let Some(note) = f.later {
            keep_as_extension(ctx, map, &key, note);
        }
    }
    fill_required(ctx, map, kind);
}

/// Moves a field 3.0 has no place for to `x-oas-<key>`.
pub(crate) fn keep_as_extension(
    ctx: &mut Ctx,
    map: &mut Map<String, Value>,
    key: &str,
    note: &str,
) {
    if let Some(v) = map.shift_remove(key) {
        map.insert(format!("x-oas-{key}"), v);
        if !note.is_empty() {
            ctx.at(key, |ctx| {
                ctx.warn(format!("{note}: kept as `x-oas-{key}`"));
            });
        }
    }
}

fn walk_field(ctx: &mut Ctx, map: &mut Map<String, Value>, key: &str, shape: Shape) -> bool {
    let Some(value) = map.get_mut(key) else {
        return true;
    };
    if value.is_null() && shape != Shape::One(Item::Any) {
        ctx.warn(format!("`{key}` is null: it is ignored"))
            .hint("remove the field or give it a value");
        return false;
    }
    match shape {
        Shape::One(item) => walk_item(ctx, value, item),
        Shape::List(item) => walk_list(ctx, value, item),
        Shape::Map(item) => walk_map(ctx, value, item),
    }
}

fn walk_list(ctx: &mut Ctx, value: &mut Value, item: Item) -> bool {
    let Value::Array(items) = value else {
        let found = value_kind(value);
        ctx.error(format!("expected a list, found {found}"))
            .hint("write this value as a list");
        return true;
    };
    let mut position = 0;
    items.retain_mut(|v| {
        let keep = ctx.at(&position.to_string(), |ctx| walk_item(ctx, v, item));
        position += 1;
        keep
    });
    true
}

fn walk_map(ctx: &mut Ctx, value: &mut Value, item: Item) -> bool {
    let Value::Object(map) = value else {
        let found = value_kind(value);
        ctx.error(format!("expected a map of names to values, found {found}"))
            .hint("write this value as an object");
        return true;
    };
    retain_entries(ctx, map, item != Item::Str, |ctx, _, v| {
        walk_item(ctx, v, item)
    });
    true
}

fn fill_required(ctx: &mut Ctx, map: &mut Map<String, Value>, kind: Kind) {
    for (name, fill) in kinds::required(kind) {
        if map.contains_key(*name) {
            continue;
        }
        match fill {
            Some(json) => {
                let what = describe(kind);
                ctx.warn(format!("{what} must have `{name}`: `{json}` is used"))
                    .hint(format!("add `{name}`"));
                let v = serde_json::from_str(json).unwrap_or(Value::Null);
                map.insert((*name).to_string(), v);
            }
            None => {
                let what = describe(kind);
                ctx.error(format!("{what} must have `{name}`"))
                    .hint(format!("add `{name}`"));
            }
        }
    }
}
