//! Mutations of real specs: a corpus spec cut down to a few of its paths
//! (and the components they reach, so each case stays small), then a few
//! nodes renamed, replaced, removed, nested deeper, twinned under a name
//! that meets theirs after case conversion, or turned into references to
//! themselves or to odd targets.

use std::collections::BTreeSet;

use proptest::prelude::*;
use proptest::sample::Index;
use serde_json::{json, Map, Value};

use super::atoms::{name, odd_value, reference, text};

/// What to do to one node (chosen by an [`Index`] over the document).
#[derive(Clone, Debug)]
pub enum Mutation {
    /// Replace a string with hostile text.
    Text(Index, String),
    /// Rename an object's key.
    Rename(Index, Index, String),
    /// Replace a node with an odd value.
    Replace(Index, Value),
    /// Remove a node from its parent.
    Remove(Index),
    /// Wrap a node in `levels` arrays, objects or compositions.
    Nest(Index, usize, u8),
    /// Add a sibling key that meets an existing one after case conversion.
    CaseTwin(Index, Index, u8),
    /// Replace a node with a reference to itself or one of its parents.
    SelfRef(Index, Index),
    /// Replace a node with a reference to an odd target.
    OddRef(Index, String),
}

/// A list of mutations.
pub fn mutations() -> impl Strategy<Value = Vec<Mutation>> {
    let one = prop_oneof![
        3 => (any::<Index>(), text()).prop_map(|(i, t)| Mutation::Text(i, t)),
        3 => (any::<Index>(), any::<Index>(), name()).prop_map(|(i, k, n)| Mutation::Rename(i, k, n)),
        2 => (any::<Index>(), odd_value()).prop_map(|(i, v)| Mutation::Replace(i, v)),
        1 => any::<Index>().prop_map(Mutation::Remove),
        1 => (any::<Index>(), 1usize..150, any::<u8>()).prop_map(|(i, l, k)| Mutation::Nest(i, l, k)),
        2 => (any::<Index>(), any::<Index>(), any::<u8>()).prop_map(|(i, k, v)| Mutation::CaseTwin(i, k, v)),
        1 => (any::<Index>(), any::<Index>()).prop_map(|(i, a)| Mutation::SelfRef(i, a)),
        1 => (any::<Index>(), reference()).prop_map(|(i, r)| Mutation::OddRef(i, r)),
    ];
    prop::collection::vec(one, 1..5)
}

/// `document` with at most `keep` of its paths (chosen by `pick`) and the
/// components those reach through `$ref`, followed transitively.
pub fn cut_down(document: &Value, picks: &[Index]) -> Value {
    let mut out = document.clone();
    let Some(object) = out.as_object_mut() else {
        return out;
    };
    let paths = document.get("paths").and_then(Value::as_object);
    let mut kept = Map::new();
    if let Some(paths) = paths.filter(|p| !p.is_empty()) {
        for pick in picks {
            let (key, item) = paths
                .iter()
                .nth(pick.index(paths.len()))
                .expect("index in range");
            kept.insert(key.clone(), item.clone());
        }
    }
    object.insert("paths".into(), Value::Object(kept));
    object.remove("webhooks");
    let components = object.remove("components");
    let reached = reached_components(&out, components.as_ref());
    if let Some(object) = out.as_object_mut() {
        object.insert("components".into(), reached);
    }
    out
}

/// The members of `components` that `document` reaches, transitively;
/// security schemes are kept whole.
fn reached_components(document: &Value, components: Option<&Value>) -> Value {
    let Some(components) = components.and_then(Value::as_object) else {
        return json!({});
    };
    let mut kept: Map<String, Value> = Map::new();
    if let Some(schemes) = components.get("securitySchemes") {
        kept.insert("securitySchemes".into(), schemes.clone());
    }
    let mut seen = BTreeSet::new();
    let mut pending = Vec::new();
    collect_refs(document, &mut pending);
    while let Some(target) = pending.pop() {
        let Some((kind, name)) = component_of(&target) else {
            continue;
        };
        if !seen.insert((kind.clone(), name.clone())) {
            continue;
        }
        let Some(member) = components.get(&kind).and_then(|k| k.get(&name)) else {
            continue;
        };
        collect_refs(member, &mut pending);
        let section = kept.entry(kind).or_insert_with(|| json!({}));
        section[name] = member.clone();
    }
    Value::Object(kept)
}

/// Every `$ref` string under `value`.
fn collect_refs(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                match (key.as_str(), child) {
                    ("$ref", Value::String(target)) => out.push(target.clone()),
                    _ => collect_refs(child, out),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|i| collect_refs(i, out)),
        _ => {}
    }
}

/// `#/components/KIND/NAME...` as (kind, name), unescaped.
fn component_of(target: &str) -> Option<(String, String)> {
    let rest = target.strip_prefix("#/components/")?;
    let mut tokens = rest.split('/');
    let unescape = |t: &str| t.replace("~1", "/").replace("~0", "~");
    Some((unescape(tokens.next()?), unescape(tokens.next()?)))
}

/// The JSON pointer of every node, parents before children.
fn pointers(value: &Value) -> Vec<String> {
    let mut out = Vec::new();
    walk(value, String::new(), &mut out);
    out
}

fn walk(value: &Value, pointer: String, out: &mut Vec<String>) {
    out.push(pointer.clone());
    let escape = |k: &str| k.replace('~', "~0").replace('/', "~1");
    match value {
        Value::Object(map) => {
            for (k, child) in map {
                walk(child, format!("{pointer}/{}", escape(k)), out);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                walk(child, format!("{pointer}/{i}"), out);
            }
        }
        _ => {}
    }
}

/// Applies `mutations` in order.
pub fn apply(document: &mut Value, mutations: &[Mutation]) {
    for mutation in mutations {
        apply_one(document, mutation);
    }
}

fn apply_one(document: &mut Value, mutation: &Mutation) {
    let all = pointers(document);
    let pick = |i: &Index, among: &[String]| -> Option<String> {
        (!among.is_empty()).then(|| among[i.index(among.len())].clone())
    };
    let of_kind = |keep: fn(&Value) -> bool| -> Vec<String> {
        all.iter()
            .filter(|p| document.pointer(p).is_some_and(keep))
            .cloned()
            .collect()
    };
    match mutation {
        Mutation::Text(i, text) => {
            if let Some(p) = pick(i, &of_kind(Value::is_string)) {
                set(document, &p, Value::String(text.clone()));
            }
        }
        Mutation::Rename(i, k, name) => {
            if let Some(p) = pick(i, &of_kind(non_empty_object)) {
                rename(document, &p, k, name);
            }
        }
        Mutation::Replace(i, value) => {
            if let Some(p) = pick(i, &all[1..]) {
                set(document, &p, value.clone());
            }
        }
        Mutation::Remove(i) => {
            if let Some(p) = pick(i, &all[1..]) {
                remove(document, &p);
            }
        }
        Mutation::Nest(i, levels, kind) => {
            if let Some(p) = pick(i, &of_kind(Value::is_object)) {
                let inner = document.pointer(&p).cloned().unwrap_or_default();
                set(document, &p, nest(inner, *levels, *kind));
            }
        }
        Mutation::CaseTwin(i, k, variant) => {
            if let Some(p) = pick(i, &of_kind(non_empty_object)) {
                twin(document, &p, k, *variant);
            }
        }
        Mutation::SelfRef(i, a) => {
            if let Some(p) = pick(i, &of_kind(Value::is_object)) {
                let ancestors: Vec<String> = all
                    .iter()
                    .filter(|q| p.starts_with(q.as_str()))
                    .cloned()
                    .collect();
                let target = pick(a, &ancestors).unwrap_or_default();
                set(document, &p, json!({ "$ref": format!("#{target}") }));
            }
        }
        Mutation::OddRef(i, target) => {
            if let Some(p) = pick(i, &of_kind(Value::is_object)) {
                set(document, &p, json!({ "$ref": target }));
            }
        }
    }
}

fn non_empty_object(value: &Value) -> bool {
    value.as_object().is_some_and(|m| !m.is_empty())
}

fn set(document: &mut Value, pointer: &str, value: Value) {
    if let Some(slot) = document.pointer_mut(pointer) {
        *slot = value;
    }
}

fn remove(document: &mut Value, pointer: &str) {
    let Some((parent, last)) = pointer.rsplit_once('/') else {
        return;
    };
    let key = last.replace("~1", "/").replace("~0", "~");
    match document.pointer_mut(parent) {
        Some(Value::Object(map)) => {
            map.shift_remove(&key);
        }
        Some(Value::Array(items)) => {
            if let Ok(i) = key.parse::<usize>() {
                if i < items.len() {
                    items.remove(i);
                }
            }
        }
        _ => {}
    }
}

fn rename(document: &mut Value, pointer: &str, key: &Index, name: &str) {
    if let Some(Value::Object(map)) = document.pointer_mut(pointer) {
        let old = map.keys().nth(key.index(map.len())).cloned();
        if let Some(value) = old.and_then(|old| map.shift_remove(&old)) {
            map.insert(name.to_string(), value);
        }
    }
}

fn twin(document: &mut Value, pointer: &str, key: &Index, variant: u8) {
    if let Some(Value::Object(map)) = document.pointer_mut(pointer) {
        let Some((old, value)) = map
            .iter()
            .nth(key.index(map.len()))
            .map(|(k, v)| (k.clone(), v.clone()))
        else {
            return;
        };
        map.insert(case_variant(&old, variant), value);
    }
}

/// A spelling of `name` that case conversion may take to the same Rust name.
fn case_variant(name: &str, variant: u8) -> String {
    match variant % 6 {
        0 => name.to_uppercase(),
        1 => name.to_lowercase(),
        2 => name.replace(['_', '-'], " "),
        3 => format!("{name}_"),
        4 => name.replace('_', "-").replace(' ', "."),
        _ => {
            let mut chars = name.chars();
            chars.next().map_or_else(
                || "_".to_string(),
                |c| c.to_uppercase().chain(chars).collect(),
            )
        }
    }
}

/// `inner` wrapped `levels` times.
fn nest(mut inner: Value, levels: usize, kind: u8) -> Value {
    for level in 0..levels {
        inner = match (kind as usize + level) % 4 {
            0 => json!({"type": "array", "items": inner}),
            1 => json!({"type": "object", "properties": {"n": inner}}),
            2 => json!({"allOf": [inner]}),
            _ => json!({"type": "object", "additionalProperties": inner}),
        };
    }
    inner
}
