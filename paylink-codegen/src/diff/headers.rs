//! Response headers of one status against their counterparts: removed,
//! added, made required or optional, and their schemas (given by `schema` or by the schema of a single
//! `content` entry, as for parameters).

use serde_json::Value;

use super::schema::compare as compare_schema;
use super::walk::{entries, flag, join, resolve, Dir, Node, Walker};

/// The schema of a parameter or header object: its `schema`, else the
/// schema of its one `content` entry.
pub(super) fn schema_of<'a>(node: &Node<'a>) -> Option<Node<'a>> {
    if let Some(schema) = node.value.get("schema") {
        return Some(Node {
            ptr: join(&node.ptr, "schema"),
            value: schema,
        });
    }
    let content = entries(node.value, "content");
    let [(media, entry)] = content.as_slice() else {
        return None;
    };
    let at = join(&join(&node.ptr, "content"), media);
    entry.get("schema").map(|schema| Node {
        ptr: join(&at, "schema"),
        value: schema,
    })
}

/// The headers of a response, after references, without `Content-Type`
/// (which the spec says is ignored here).
fn headers<'a>(doc: &'a Value, response: &Node<'a>) -> Vec<(String, Node<'a>)> {
    let base = join(&response.ptr, "headers");
    entries(response.value, "headers")
        .into_iter()
        .filter(|(name, _)| !name.eq_ignore_ascii_case("content-type"))
        .map(|(name, raw)| (name.clone(), resolve(doc, &join(&base, name), raw)))
        .collect()
}

/// Compares the headers of response `old` with those of `new`.
pub(super) fn compare(w: &mut Walker<'_>, old: &Node<'_>, new: &Node<'_>) {
    let (old_list, new_list) = (headers(w.old, old), headers(w.new, new));
    let find = |list: &[(String, Node<'_>)], name: &str| {
        list.iter().position(|(n, _)| n.eq_ignore_ascii_case(name))
    };
    for (name, o) in &old_list {
        let Some(i) = find(&new_list, name) else {
            let id = if flag(o.value, "required") {
                "response-header-removed"
            } else {
                "response-optional-header-removed"
            };
            w.report(id, &o.ptr, &new.ptr, format!("header `{name}` removed"));
            continue;
        };
        let n = &new_list[i].1;
        match (flag(o.value, "required"), flag(n.value, "required")) {
            (true, false) => w.report(
                "response-header-made-optional",
                &o.ptr,
                &n.ptr,
                format!("header `{name}` is no longer required"),
            ),
            (false, true) => w.report(
                "response-header-made-required",
                &o.ptr,
                &n.ptr,
                format!("header `{name}` is now required"),
            ),
            _ => {}
        }
        if let (Some(os), Some(ns)) = (schema_of(o), schema_of(n)) {
            compare_schema(w, Dir::Response, &os, &ns);
        }
    }
    for (name, n) in &new_list {
        if find(&old_list, name).is_some() {
            continue;
        }
        let (id, what) = if flag(n.value, "required") {
            ("response-required-header-added", "required header")
        } else {
            ("response-header-added", "header")
        };
        w.report(id, &old.ptr, &n.ptr, format!("{what} `{name}` added"));
    }
}
