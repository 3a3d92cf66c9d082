//! `oneOf`/`anyOf` variants and the discriminator.
//!
//! Variants are matched, in order of confidence: by the target of their
//! `$ref`; by identical content (a variant moved behind a reference, or a
//! component renamed); by the same type, in order (an inline variant that
//! was edited). Matched variants are compared; the rest were added or
//! removed.

use serde_json::Value;

use super::effective::{effective, Effective};
use super::schema::{compare, name_of};
use super::walk::{ref_target, resolve, str_field, Dir, Node, Walker};

/// Compares the variants of two merged schemas.
pub(super) fn variants(w: &mut Walker<'_>, dir: Dir, o: &Effective<'_>, n: &Effective<'_>) {
    if o.variants.is_empty() && n.variants.is_empty() {
        return;
    }
    let pairs = match_variants(w, o, n);
    let mut new_used = vec![false; n.variants.len()];
    for (oi, ov) in o.variants.iter().enumerate() {
        match pairs.iter().find(|p| p.0 == oi) {
            Some(&(_, ni)) => {
                new_used[ni] = true;
                compare(w, dir, ov, &n.variants[ni]);
            }
            None => {
                let id = match dir {
                    Dir::Request => "request-variant-removed",
                    Dir::Response => "response-variant-removed",
                };
                let what = name_of(ov, &format!("variant {oi}"));
                w.report(id, &ov.ptr, &n.ptr, format!("variant {what} removed"));
            }
        }
    }
    for (ni, nv) in n.variants.iter().enumerate().filter(|(i, _)| !new_used[*i]) {
        let id = match dir {
            Dir::Request => "request-variant-added",
            Dir::Response => "response-variant-added",
        };
        let what = name_of(nv, &format!("variant {ni}"));
        w.report(id, &o.ptr, &nv.ptr, format!("variant {what} added"));
    }
}

/// Pairs of (old index, new index) of matching variants.
fn match_variants(w: &Walker<'_>, o: &Effective<'_>, n: &Effective<'_>) -> Vec<(usize, usize)> {
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    let old_keys: Vec<Keys> = o.variants.iter().map(|v| keys(w.old, v)).collect();
    let new_keys: Vec<Keys> = n.variants.iter().map(|v| keys(w.new, v)).collect();
    let passes: [fn(&Keys, &Keys) -> bool; 3] = [
        |a, b| a.reference.is_some() && a.reference == b.reference,
        |a, b| a.content == b.content,
        |a, b| a.reference.is_none() && b.reference.is_none() && a.ty == b.ty,
    ];
    for same in passes {
        for (oi, ok) in old_keys.iter().enumerate() {
            if pairs.iter().any(|p| p.0 == oi) {
                continue;
            }
            let found = new_keys
                .iter()
                .enumerate()
                .find(|(ni, nk)| !pairs.iter().any(|p| p.1 == *ni) && same(ok, nk));
            if let Some((ni, _)) = found {
                pairs.push((oi, ni));
            }
        }
    }
    pairs
}

/// What a variant is matched by.
struct Keys {
    reference: Option<String>,
    content: String,
    ty: Option<String>,
}

fn keys(doc: &Value, node: &Node<'_>) -> Keys {
    let target = resolve(doc, &node.ptr, node.value);
    Keys {
        reference: ref_target(node.value).map(str::to_string),
        content: canonical(target.value),
        ty: effective(doc, node).ty.map(str::to_string),
    }
}

/// JSON text with object keys sorted, so key order does not matter.
fn canonical(value: &Value) -> String {
    match value {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            let fields: Vec<String> = keys
                .iter()
                .map(|k| format!("{}:{}", Value::String((*k).clone()), canonical(&map[*k])))
                .collect();
            format!("{{{}}}", fields.join(","))
        }
        Value::Array(items) => {
            let items: Vec<String> = items.iter().map(canonical).collect();
            format!("[{}]", items.join(","))
        }
        other => other.to_string(),
    }
}

/// Compares discriminators: the tag property and the values that select
/// each variant. A discriminator added to a union is reported too: the
/// values on the wire may be the same, but generated code of the new
/// version picks the variant by the tag, where the old one tried each.
pub(super) fn discriminator(w: &mut Walker<'_>, o: &Effective<'_>, n: &Effective<'_>) {
    let Some((od, op)) = &o.discriminator else {
        if let Some((_, np)) = n.discriminator.as_ref().filter(|_| !n.variants.is_empty()) {
            w.report("discriminator-changed", &o.ptr, np, "discriminator added");
        }
        return;
    };
    let Some((nd, np)) = &n.discriminator else {
        w.report("discriminator-changed", op, &n.ptr, "discriminator removed");
        return;
    };
    let (old_prop, new_prop) = (str_field(od, "propertyName"), str_field(nd, "propertyName"));
    if old_prop != new_prop {
        let message = format!(
            "discriminator property changed from `{}` to `{}`",
            old_prop.unwrap_or(""),
            new_prop.unwrap_or("")
        );
        w.report("discriminator-changed", op, np, message);
    }
    mapping(w, (od, op), (nd, np), n);
}

/// Each old tag value must still select the same schema.
fn mapping(w: &mut Walker<'_>, old: (&Value, &str), new: (&Value, &str), n: &Effective<'_>) {
    let Some(old_map) = old.0.get("mapping").and_then(Value::as_object) else {
        return;
    };
    let new_map = new.0.get("mapping").and_then(Value::as_object);
    for (tag, target) in old_map {
        let Some(target) = target.as_str() else {
            continue;
        };
        let now = new_map
            .and_then(|m| m.get(tag))
            .and_then(Value::as_str)
            .or_else(|| implicit(tag, target, n));
        let message = match now {
            Some(now) if now == target => continue,
            Some(now) => format!("tag value `{tag}` now selects `{now}` instead of `{target}`"),
            None => format!("tag value `{tag}` no longer selects a variant"),
        };
        let at = super::walk::join(&super::walk::join(old.1, "mapping"), tag);
        w.report("discriminator-changed", &at, new.1, message);
    }
}

/// Without a mapping entry, a tag value selects the variant whose
/// component is named like it.
fn implicit<'a>(tag: &str, target: &str, n: &Effective<'a>) -> Option<&'a str> {
    let name = target.rsplit('/').next()?;
    if name != tag {
        return None;
    }
    n.variants
        .iter()
        .filter_map(|v| ref_target(v.value))
        .find(|r| r.rsplit('/').next() == Some(tag))
}
