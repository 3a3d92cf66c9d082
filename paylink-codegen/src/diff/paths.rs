//! The document level: servers, global security, and which operation of
//! the old version became which of the new one.
//!
//! Operations are paired by path and method; a path missing from the new
//! version is paired with a new path of the same shape (`/pets/{id}` and
//! `/pets/{petId}`), which is a rename of its parameters only; an operation
//! still missing is looked for by its `operationId` among the new
//! operations, which is a move. What stays unpaired was removed or added.

use std::collections::BTreeSet;

use serde_json::Value;

use super::operation;
use super::walk::{entries, items, join, resolve, str_field, Node, Walker};

/// The HTTP methods a path item holds operations under.
const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// One operation of one document.
pub(super) struct Op<'a> {
    pub path: &'a str,
    pub method: &'static str,
    pub id: Option<&'a str>,
    /// The operation object.
    pub node: Node<'a>,
    /// The path item it belongs to (for its shared parameters).
    pub item: Node<'a>,
}

/// Compares the two documents of `w`.
pub(super) fn document(w: &mut Walker<'_>) {
    let (old, new) = (w.old, w.new);
    servers(w, ("#", old), ("#", new));
    global_security(w);
    let old_ops = operations(old);
    let new_ops = operations(new);
    let renamed_paths = pair_paths(w, &old_ops, &new_ops);
    let mut new_used = vec![false; new_ops.len()];
    let mut removed: Vec<&Op<'_>> = Vec::new();
    let mut moved_from: BTreeSet<&str> = BTreeSet::new();
    for o in &old_ops {
        let target = renamed_paths
            .iter()
            .find(|(from, _)| *from == o.path)
            .map_or(o.path, |(_, to)| to.as_str());
        let same = find(&new_ops, &new_used, |n| {
            n.path == target && n.method == o.method
        });
        if let Some(ni) = same {
            new_used[ni] = true;
            operation::compare(w, o, &new_ops[ni]);
            continue;
        }
        match moved(o, &old_ops, &new_ops, &new_used) {
            Some(ni) => {
                new_used[ni] = true;
                moved_from.insert(o.path);
                let n = &new_ops[ni];
                let message = format!(
                    "operation `{}` moved from {} {} to {} {}",
                    o.id.unwrap_or_default(),
                    o.method.to_uppercase(),
                    o.path,
                    n.method.to_uppercase(),
                    n.path
                );
                w.report("operation-renamed", &o.node.ptr, &n.node.ptr, message);
                operation::compare(w, o, n);
            }
            None => removed.push(o),
        }
    }
    report_removed(w, &removed, &new_ops, &renamed_paths, &moved_from);
    report_added(w, &old_ops, &new_ops, &new_used, &renamed_paths);
}

fn find(ops: &[Op<'_>], used: &[bool], pred: impl Fn(&Op<'_>) -> bool) -> Option<usize> {
    ops.iter()
        .enumerate()
        .find(|(i, op)| !used[*i] && pred(op))
        .map(|(i, _)| i)
}

/// A new operation with the same `operationId` at a method and path the old
/// version did not have.
fn moved(o: &Op<'_>, old_ops: &[Op<'_>], new_ops: &[Op<'_>], used: &[bool]) -> Option<usize> {
    let id = o.id?;
    find(new_ops, used, |n| {
        n.id == Some(id)
            && !old_ops
                .iter()
                .any(|x| x.path == n.path && x.method == n.method)
    })
}

/// Every operation of a document, in document order.
fn operations(doc: &Value) -> Vec<Op<'_>> {
    let mut out = Vec::new();
    for (path, item) in entries(doc, "paths") {
        let item = resolve(doc, &join("#/paths", path), item);
        for &method in METHODS {
            let Some(op) = item.value.get(method).filter(|v| v.is_object()) else {
                continue;
            };
            out.push(Op {
                path,
                method,
                id: str_field(op, "operationId"),
                node: Node {
                    ptr: join(&item.ptr, method),
                    value: op,
                },
                item: item.clone(),
            });
        }
    }
    out
}

/// `/pets/{id}` to `/pets/{}`: the shape parameter renames keep.
pub(super) fn shape(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut in_param = false;
    for c in path.chars() {
        match c {
            '{' => {
                in_param = true;
                out.push('{');
            }
            '}' => {
                in_param = false;
                out.push('}');
            }
            _ if in_param => {}
            c => out.push(c),
        }
    }
    out
}

/// Pairs old paths missing from the new version with new paths of the same
/// shape that the old version lacks, reporting each pair once.
fn pair_paths(w: &mut Walker<'_>, old_ops: &[Op<'_>], new_ops: &[Op<'_>]) -> Vec<(String, String)> {
    let paths = |ops: &[Op<'_>]| -> Vec<String> {
        let mut seen: Vec<String> = Vec::new();
        for op in ops {
            if !seen.iter().any(|p| p == op.path) {
                seen.push(op.path.to_string());
            }
        }
        seen
    };
    let (old_paths, new_paths) = (paths(old_ops), paths(new_ops));
    let mut pairs: Vec<(String, String)> = Vec::new();
    for o in old_paths.iter().filter(|p| !new_paths.contains(p)) {
        let free = new_paths.iter().find(|n| {
            !old_paths.contains(n) && shape(n) == shape(o) && !pairs.iter().any(|(_, t)| t == *n)
        });
        if let Some(n) = free {
            let message = format!("path parameters renamed: `{o}` is now `{n}`");
            w.report(
                "path-parameter-renamed",
                &join("#/paths", o),
                &join("#/paths", n),
                message,
            );
            pairs.push((o.clone(), n.clone()));
        }
    }
    pairs
}

/// One `path-removed` for a path gone with all its operations, else one
/// `operation-removed` each.
fn report_removed(
    w: &mut Walker<'_>,
    removed: &[&Op<'_>],
    new_ops: &[Op<'_>],
    renamed: &[(String, String)],
    moved_from: &BTreeSet<&str>,
) {
    let path_survives = |path: &str| {
        new_ops.iter().any(|n| n.path == path) || renamed.iter().any(|(from, _)| from == path)
    };
    let mut paths_done: BTreeSet<&str> = BTreeSet::new();
    for o in removed {
        if !path_survives(o.path) && !moved_from.contains(o.path) {
            if paths_done.insert(o.path) {
                let message = format!("path `{}` removed", o.path);
                w.report("path-removed", &o.item.ptr, "#/paths", message);
            }
            continue;
        }
        let target = renamed
            .iter()
            .find(|(from, _)| from == o.path)
            .map_or(o.path, |(_, to)| to.as_str());
        let new_ptr = if new_ops.iter().any(|n| n.path == target) {
            join("#/paths", target)
        } else {
            "#/paths".to_string()
        };
        let message = format!("operation {} {} removed", o.method.to_uppercase(), o.path);
        w.report("operation-removed", &o.node.ptr, &new_ptr, message);
    }
}

fn report_added(
    w: &mut Walker<'_>,
    old_ops: &[Op<'_>],
    new_ops: &[Op<'_>],
    used: &[bool],
    renamed: &[(String, String)],
) {
    for (n, _) in new_ops.iter().zip(used).filter(|(_, used)| !**used) {
        let source = renamed
            .iter()
            .find(|(_, to)| to == n.path)
            .map_or(n.path, |(from, _)| from.as_str());
        let old_ptr = if old_ops.iter().any(|o| o.path == source) {
            join("#/paths", source)
        } else {
            "#/paths".to_string()
        };
        let message = format!("operation {} {} added", n.method.to_uppercase(), n.path);
        w.report("operation-added", &old_ptr, &n.node.ptr, message);
    }
}

/// The base URLs of a `servers` list, variables replaced by their defaults.
fn server_urls(list: &[Value]) -> Vec<String> {
    list.iter()
        .filter_map(|s| {
            let mut url = str_field(s, "url")?.to_string();
            for (name, var) in entries(s, "variables") {
                if let Some(default) = str_field(var, "default") {
                    url = url.replace(&format!("{{{name}}}"), default);
                }
            }
            Some(url.trim_end_matches('/').to_string())
        })
        .collect()
}

/// Compares the `servers` of two objects (the document or an operation),
/// given with their pointers. An object without servers inherits them, so
/// only lists present on both sides are compared.
pub(super) fn servers(w: &mut Walker<'_>, old: (&str, &Value), new: (&str, &Value)) {
    let (old_list, new_list) = (items(old.1, "servers"), items(new.1, "servers"));
    if old_list.is_empty() || new_list.is_empty() {
        return;
    }
    let (old_urls, new_urls) = (server_urls(old_list), server_urls(new_list));
    let (old_ptr, new_ptr) = (join(old.0, "servers"), join(new.0, "servers"));
    for (i, url) in old_urls.iter().enumerate() {
        if !new_urls.contains(url) {
            let at = join(&old_ptr, &i.to_string());
            w.report(
                "server-removed",
                &at,
                &new_ptr,
                format!("server `{url}` removed"),
            );
        }
    }
    let (Some(old_first), Some(new_first)) = (old_urls.first(), new_urls.first()) else {
        return;
    };
    if old_first != new_first && new_urls.contains(old_first) {
        let message = format!("the first server changed from `{old_first}` to `{new_first}`");
        w.report(
            "default-server-changed",
            &join(&old_ptr, "0"),
            &join(&new_ptr, "0"),
            message,
        );
    }
}

/// The global `security`: operations that do not set their own use it.
fn global_security(w: &mut Walker<'_>) {
    let (old, new) = (w.old.get("security"), w.new.get("security"));
    if old.is_none() && new.is_none() {
        return;
    }
    let ptr = |v: Option<&Value>| if v.is_some() { "#/security" } else { "#" };
    operation::security(w, (ptr(old), old), (ptr(new), new));
}
