//! The walker both documents are compared with: `$ref` resolution, the
//! visited set that stops recursion, and the list of changes found.

use std::collections::HashSet;

use serde_json::Value;

use super::rules::rule_for;
use super::Change;
use crate::diagnostic::split_pointer;

/// How deep a chain of `$ref` to `$ref` is followed before giving up.
const MAX_REF_CHAIN: usize = 32;

/// A node of one document and the pointer where it is written (after
/// following references, so the pointer names the definition).
#[derive(Clone, Debug)]
pub(super) struct Node<'a> {
    pub ptr: String,
    pub value: &'a Value,
}

/// Which way data flows through a schema: this decides whether tightening
/// or loosening it breaks clients.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(super) enum Dir {
    /// Written by clients, read by servers.
    Request,
    /// Written by servers, read by clients.
    Response,
}

/// State of one comparison.
pub(super) struct Walker<'a> {
    pub old: &'a Value,
    pub new: &'a Value,
    changes: Vec<Change>,
    /// Schema pairs already compared, per direction: a recursive schema is
    /// compared once, and a component used in many places is reported once,
    /// at its definition.
    visited: HashSet<(String, String, Dir)>,
    /// Schemas being compared, nested.
    depth: usize,
}

/// Deepest schema nesting compared. The resolve stage refuses documents
/// whose reference chains nest deeper, so this bound only holds when
/// recursive schemas form long cycles; it keeps the walk off the end of
/// the stack.
const MAX_COMPARE_DEPTH: usize = crate::resolve::MAX_REF_DEPTH;

impl<'a> Walker<'a> {
    pub fn new(old: &'a Value, new: &'a Value) -> Self {
        Walker {
            old,
            new,
            changes: Vec::new(),
            visited: HashSet::new(),
            depth: 0,
        }
    }

    /// Enters one level of schema nesting; false past the depth bound
    /// (then the level is not compared). Pair every call with
    /// [`Walker::leave`].
    pub fn enter(&mut self) -> bool {
        self.depth += 1;
        self.depth <= MAX_COMPARE_DEPTH
    }

    /// Leaves the level [`Walker::enter`] entered.
    pub fn leave(&mut self) {
        self.depth -= 1;
    }

    /// Records a change found by rule `id`.
    pub fn report(&mut self, id: &str, old: &str, new: &str, message: impl Into<String>) {
        self.changes.push(Change {
            rule: rule_for(id),
            old: old.to_string(),
            new: new.to_string(),
            message: message.into(),
        });
    }

    /// Marks a pair as visited; false when it already was.
    pub fn first_visit(&mut self, old: &str, new: &str, dir: Dir) -> bool {
        self.visited.insert((old.to_string(), new.to_string(), dir))
    }

    pub fn finish(self) -> Vec<Change> {
        self.changes
    }
}

/// Follows `$ref` from `value` (written at `ptr`) in `doc` to what it
/// points at. An unresolvable reference is returned as it is: the resolve
/// stage has reported it already, and comparing the reference objects still
/// notices when it changed.
pub(super) fn resolve<'a>(doc: &'a Value, ptr: &str, value: &'a Value) -> Node<'a> {
    let mut node = Node {
        ptr: ptr.to_string(),
        value,
    };
    for _ in 0..MAX_REF_CHAIN {
        let Some(target) = node.value.get("$ref").and_then(Value::as_str) else {
            return node;
        };
        match lookup(doc, target) {
            Some(found) => {
                node = Node {
                    ptr: target.to_string(),
                    value: found,
                }
            }
            None => return node,
        }
    }
    node
}

/// The node at a local reference such as `#/components/schemas/Pet`.
fn lookup<'a>(doc: &'a Value, reference: &str) -> Option<&'a Value> {
    if !reference.starts_with('#') {
        return None;
    }
    let mut current = doc;
    for token in split_pointer(&crate::resolve::percent_decode(reference)) {
        current = match current {
            Value::Object(map) => map.get(&token)?,
            Value::Array(items) => items.get(token.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(current)
}

/// The `$ref` target of a node, when it is a reference.
pub(super) fn ref_target(value: &Value) -> Option<&str> {
    value.get("$ref").and_then(Value::as_str)
}

/// A string field of an object.
pub(super) fn str_field<'v>(value: &'v Value, key: &str) -> Option<&'v str> {
    value.get(key).and_then(Value::as_str)
}

/// A boolean field of an object, `false` when absent.
pub(super) fn flag(value: &Value, key: &str) -> bool {
    value.get(key).and_then(Value::as_bool).unwrap_or(false)
}

/// The entries of an object field, in document order (none when absent).
pub(super) fn entries<'v>(value: &'v Value, key: &str) -> Vec<(&'v String, &'v Value)> {
    value
        .get(key)
        .and_then(Value::as_object)
        .map(|m| m.iter().collect())
        .unwrap_or_default()
}

/// The items of an array field (none when absent).
pub(super) fn items<'v>(value: &'v Value, key: &str) -> &'v [Value] {
    value
        .get(key)
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice)
}

/// `pointer/token`, escaped.
pub(super) fn join(pointer: &str, token: &str) -> String {
    crate::diagnostic::join(pointer, token)
}

/// A short rendering of a JSON value for messages.
pub(super) fn show(value: &Value) -> String {
    let text = value.to_string();
    if text.chars().count() > 60 {
        let cut: String = text.chars().take(57).collect();
        format!("{cut}...")
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn references_are_followed_to_their_definition() {
        let doc = json!({"components": {"schemas": {
            "A": {"$ref": "#/components/schemas/B"},
            "B": {"type": "string"},
            "L": {"$ref": "#/components/schemas/L"}
        }}});
        let start = json!({"$ref": "#/components/schemas/A"});
        let node = resolve(&doc, "#/x", &start);
        assert_eq!(node.ptr, "#/components/schemas/B");
        assert_eq!(node.value, &json!({"type": "string"}));
        let looped = json!({"$ref": "#/components/schemas/L"});
        assert_eq!(resolve(&doc, "#/y", &looped).ptr, "#/components/schemas/L");
        let missing = json!({"$ref": "#/components/schemas/Z"});
        assert_eq!(resolve(&doc, "#/z", &missing).ptr, "#/z");
    }

    #[test]
    fn percent_escapes_are_decoded() {
        let decode = crate::resolve::percent_decode;
        assert_eq!(decode("#/paths/~1a%7Bb%7D"), "#/paths/~1a{b}");
        assert_eq!(decode("100%"), "100%");
    }
}
