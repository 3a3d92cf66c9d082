//! `$anchor` references (`$ref: '#pet'`, OpenAPI 3.1 and 3.2): each is
//! rewritten to the JSON pointer of the schema that declares the anchor, so
//! that every later stage sees ordinary pointers. An anchor no schema
//! declares is a located error.

use std::collections::HashMap;

use serde_json::Value;

use crate::diagnostic::{push_token, Diagnostics};
use crate::normalize::RefSite;

/// The keys a schema declares its anchor under: normalization keeps 3.1's
/// `$anchor` as an extension, since 3.0 has no such keyword.
const ANCHOR_KEYS: &[&str] = &["x-oas-$anchor", "$anchor"];

/// Whether a reference is a plain-name fragment (`#pet`) rather than a
/// JSON pointer (`#/components/...`) or the whole document (`#`).
pub(super) fn is_anchor(target: &str) -> bool {
    target
        .strip_prefix('#')
        .is_some_and(|f| !f.is_empty() && !f.starts_with('/'))
}

/// Rewrites every anchor reference of `refs` (and the `$ref` in the
/// document) to the pointer of the schema declaring the anchor.
pub(super) fn rewrite(document: &mut Value, refs: &mut [RefSite], diags: &mut Diagnostics) {
    if !refs.iter().any(|r| is_anchor(&r.target)) {
        return;
    }
    let mut anchors = HashMap::new();
    collect(document, &mut String::from("#"), &mut anchors);
    for site in refs.iter_mut().filter(|r| is_anchor(&r.target)) {
        let name = crate::resolve::percent_decode(&site.target[1..]);
        match anchors.get(&name) {
            Some(pointer) => {
                if let Some(Value::Object(map)) = document.pointer_mut(&json_pointer(&site.pointer))
                {
                    map.insert("$ref".into(), Value::String(pointer.clone()));
                }
                site.target.clone_from(pointer);
            }
            None => {
                diags
                    .error(
                        &format!("{}/$ref", site.pointer),
                        format!("`$ref` \"{}\" names the anchor `{name}`, which no schema declares", site.target),
                    )
                    .hint(format!("add `$anchor: {name}` to the schema meant, or refer to it by JSON pointer (`#/components/schemas/...`)"));
            }
        }
    }
}

/// Every declared anchor and the pointer of its schema (the first one wins).
fn collect(value: &Value, pointer: &mut String, out: &mut HashMap<String, String>) {
    match value {
        Value::Object(map) => {
            for key in ANCHOR_KEYS {
                if let Some(Value::String(name)) = map.get(*key) {
                    out.entry(name.clone()).or_insert_with(|| pointer.clone());
                }
            }
            for (key, member) in map {
                let len = pointer.len();
                push_token(pointer, key);
                collect(member, pointer, out);
                pointer.truncate(len);
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                let len = pointer.len();
                push_token(pointer, &i.to_string());
                collect(item, pointer, out);
                pointer.truncate(len);
            }
        }
        _ => {}
    }
}

/// `#/a/b` as serde_json's pointer syntax (`/a/b`).
fn json_pointer(pointer: &str) -> String {
    pointer.strip_prefix('#').unwrap_or(pointer).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn anchors_become_pointers_and_unknown_ones_are_errors() {
        let mut doc = json!({
            "components": {"schemas": {"Pet": {"x-oas-$anchor": "pet", "type": "object"}}},
            "use": {"$ref": "#pet"},
            "bad": {"$ref": "#nope"}
        });
        let site = |p: &str, t: &str| RefSite {
            pointer: p.into(),
            target: t.into(),
            is_schema: true,
        };
        let mut refs = vec![site("#/use", "#pet"), site("#/bad", "#nope")];
        let mut diags = Diagnostics::default();
        rewrite(&mut doc, &mut refs, &mut diags);
        assert_eq!(doc["use"]["$ref"], "#/components/schemas/Pet");
        assert_eq!(refs[0].target, "#/components/schemas/Pet");
        assert_eq!(diags.items().len(), 1);
        assert_eq!(diags.items()[0].pointer, "#/bad/$ref");
        assert!(!is_anchor("#") && !is_anchor("#/a") && is_anchor("#a"));
    }
}
