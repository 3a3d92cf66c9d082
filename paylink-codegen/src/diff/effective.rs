//! The effective schema: a schema with its `$ref` followed and its `allOf`
//! branches merged into one set of properties, required names, type and
//! constraints. Comparing merged schemas, never branches pairwise, is what
//! makes splitting a schema into an equivalent `allOf` a non-change.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::walk::{entries, flag, items, join, resolve, str_field, Node};

/// How deep `allOf` inside `allOf` is merged; deeper (or looping) branches
/// are left out rather than followed forever.
const MAX_DEPTH: usize = 16;

/// Keywords that limit values, compared by [`super::schema`].
pub(super) const LIMITS: &[&str] = &[
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
    "minLength",
    "maxLength",
    "pattern",
    "minItems",
    "maxItems",
    "uniqueItems",
    "minProperties",
    "maxProperties",
];

/// One merged schema.
#[derive(Debug, Default)]
pub(super) struct Effective<'a> {
    /// Where the schema (after its references) is defined.
    pub ptr: String,
    /// `type`, or the one its keywords imply (`properties`: object).
    pub ty: Option<&'a str>,
    /// `format`, with its pointer.
    pub format: Option<&'a str>,
    /// `nullable`.
    pub nullable: bool,
    /// `readOnly`.
    pub read_only: bool,
    /// `writeOnly`.
    pub write_only: bool,
    /// Properties by name, in the order met; the first definition wins.
    pub properties: Vec<(String, Node<'a>)>,
    /// Required property names from every branch.
    pub required: BTreeSet<String>,
    /// `enum` values and the pointer of the `enum` keyword.
    pub enum_values: Option<(Vec<&'a Value>, String)>,
    /// `items`.
    pub items: Option<Node<'a>>,
    /// `additionalProperties`, as written (a boolean or a schema).
    pub additional: Option<Node<'a>>,
    /// `oneOf` and `anyOf` variants, each at its position pointer.
    pub variants: Vec<Node<'a>>,
    /// `discriminator` and its pointer.
    pub discriminator: Option<(&'a Value, String)>,
    /// Constraint keywords: value and the keyword's pointer.
    pub limits: BTreeMap<&'static str, (&'a Value, String)>,
}

impl<'a> Effective<'a> {
    /// The property called `name`.
    pub fn property(&self, name: &str) -> Option<&Node<'a>> {
        self.properties
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, node)| node)
    }
}

/// Follows references from `node` in `doc` and merges its `allOf`.
pub(super) fn effective<'a>(doc: &'a Value, node: &Node<'a>) -> Effective<'a> {
    let start = resolve(doc, &node.ptr, node.value);
    let mut out = Effective {
        ptr: start.ptr.clone(),
        ..Effective::default()
    };
    let mut seen = BTreeSet::new();
    merge(doc, &start, &mut out, &mut seen, 0);
    out.nullable = nullable(doc, &start, 0);
    if out.ty.is_none() {
        out.ty = implied_type(&out);
    }
    out
}

/// Adds one schema and, recursively, its `allOf` branches to `out`.
fn merge<'a>(
    doc: &'a Value,
    node: &Node<'a>,
    out: &mut Effective<'a>,
    seen: &mut BTreeSet<String>,
    depth: usize,
) {
    let node = resolve(doc, &node.ptr, node.value);
    if depth > MAX_DEPTH || !seen.insert(node.ptr.clone()) {
        return;
    }
    let (ptr, v) = (&node.ptr, node.value);
    out.ty = out.ty.or(str_field(v, "type"));
    out.format = out.format.or(str_field(v, "format"));
    out.read_only |= flag(v, "readOnly");
    out.write_only |= flag(v, "writeOnly");
    merge_properties(v, ptr, out);
    merge_keywords(v, ptr, out);
    for (i, branch) in items(v, "allOf").iter().enumerate() {
        let at = join(&join(ptr, "allOf"), &i.to_string());
        merge(
            doc,
            &Node {
                ptr: at,
                value: branch,
            },
            out,
            seen,
            depth + 1,
        );
    }
}

fn merge_properties<'a>(v: &'a Value, ptr: &str, out: &mut Effective<'a>) {
    let props = join(ptr, "properties");
    for (name, schema) in entries(v, "properties") {
        if out.property(name).is_none() {
            let node = Node {
                ptr: join(&props, name),
                value: schema,
            };
            out.properties.push((name.clone(), node));
        }
    }
    for name in items(v, "required").iter().filter_map(Value::as_str) {
        out.required.insert(name.to_string());
    }
}

/// Keywords where the first branch that has them wins (`allOf` of
/// conflicting values describes nothing valid, so which wins is moot).
fn merge_keywords<'a>(v: &'a Value, ptr: &str, out: &mut Effective<'a>) {
    if out.enum_values.is_none() {
        if let Some(values) = v.get("enum").and_then(Value::as_array) {
            out.enum_values = Some((values.iter().collect(), join(ptr, "enum")));
        }
    }
    let child = |key: &str| {
        v.get(key).map(|value| Node {
            ptr: join(ptr, key),
            value,
        })
    };
    out.items = out.items.take().or_else(|| child("items"));
    out.additional = out
        .additional
        .take()
        .or_else(|| child("additionalProperties"));
    for key in ["oneOf", "anyOf"] {
        for (i, variant) in items(v, key).iter().enumerate() {
            out.variants.push(Node {
                ptr: join(&join(ptr, key), &i.to_string()),
                value: variant,
            });
        }
    }
    if out.discriminator.is_none() {
        out.discriminator = v
            .get("discriminator")
            .map(|d| (d, join(ptr, "discriminator")));
    }
    for &key in LIMITS {
        if let Some(value) = v.get(key) {
            out.limits
                .entry(key)
                .or_insert_with(|| (value, join(ptr, key)));
        }
    }
}

/// `nullable` of a schema: its own flag, or, for a schema that is only an
/// `allOf`, all of its branches being nullable (null must pass each one).
fn nullable(doc: &Value, node: &Node<'_>, depth: usize) -> bool {
    let node = resolve(doc, &node.ptr, node.value);
    if flag(node.value, "nullable") {
        return true;
    }
    let branches = items(node.value, "allOf");
    if depth > MAX_DEPTH || branches.is_empty() || node.value.get("type").is_some() {
        return false;
    }
    branches.iter().all(|b| {
        let branch = Node {
            ptr: node.ptr.clone(),
            value: b,
        };
        nullable(doc, &branch, depth + 1)
    })
}

/// The type a schema without `type` is written for, judged by its
/// keywords, so `{properties: ...}` and `{type: object, properties: ...}`
/// compare equal.
fn implied_type(e: &Effective<'_>) -> Option<&'static str> {
    if !e.properties.is_empty() || e.additional.is_some() {
        Some("object")
    } else if e.items.is_some() {
        Some("array")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn all_of_branches_merge_into_one_schema() {
        let doc = json!({"components": {"schemas": {
            "Base": {"type": "object", "properties": {"id": {"type": "string"}}, "required": ["id"]}
        }}});
        let schema = json!({"allOf": [
            {"$ref": "#/components/schemas/Base"},
            {"properties": {"name": {"type": "string", "maxLength": 5}}, "required": ["name"]}
        ]});
        let e = effective(
            &doc,
            &Node {
                ptr: "#/s".into(),
                value: &schema,
            },
        );
        assert_eq!(e.ty, Some("object"));
        let names: Vec<&str> = e.properties.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["id", "name"]);
        assert_eq!(
            e.property("id").map(|n| n.ptr.as_str()),
            Some("#/components/schemas/Base/properties/id")
        );
        assert_eq!(e.required.len(), 2);
        assert!(!e.nullable);
    }
}
