//! One operation against its counterpart: parameters, request body,
//! responses, security and servers.

use std::collections::BTreeSet;

use serde_json::Value;

use super::paths::{servers, Op};
use super::schema::compare as compare_schema;
use super::walk::{entries, flag, items, join, resolve, str_field, Dir, Node, Walker};

/// Compares operation `o` of the old document with `n` of the new one.
pub(super) fn compare(w: &mut Walker<'_>, o: &Op<'_>, n: &Op<'_>) {
    if let (Some(old_id), Some(new_id)) = (o.id, n.id) {
        if old_id != new_id {
            let message = format!("operationId changed from `{old_id}` to `{new_id}`");
            w.report("operation-id-changed", &o.node.ptr, &n.node.ptr, message);
        }
    }
    parameters(w, o, n);
    request_body(w, o, n);
    responses(w, o, n);
    let (old_sec, new_sec) = (o.node.value.get("security"), n.node.value.get("security"));
    if old_sec.is_some() || new_sec.is_some() {
        // An operation without its own `security` uses the global one.
        let side = |op: &Op<'_>, own: Option<&Value>, doc: &'_ Value| -> (String, Option<Value>) {
            match own {
                Some(v) => (join(&op.node.ptr, "security"), Some(v.clone())),
                None => (op.node.ptr.clone(), doc.get("security").cloned()),
            }
        };
        let (op, ov) = side(o, old_sec, w.old);
        let (np, nv) = side(n, new_sec, w.new);
        security(w, (&op, ov.as_ref()), (&np, nv.as_ref()));
    }
    servers(w, (&o.node.ptr, o.node.value), (&n.node.ptr, n.node.value));
}

/// One parameter of an operation, after references.
struct Param<'a> {
    name: &'a str,
    location: &'a str,
    /// What it is matched by: `path#<position>` for path parameters, so a
    /// renamed path parameter is still the same one; else location and name.
    key: String,
    node: Node<'a>,
}

/// The parameters of an operation: its path item's, overridden by its own.
fn params<'a>(doc: &'a Value, op: &Op<'a>) -> Vec<Param<'a>> {
    let positions: Vec<&str> = op
        .path
        .split('{')
        .skip(1)
        .filter_map(|s| s.split('}').next())
        .collect();
    let mut out: Vec<Param<'a>> = Vec::new();
    for owner in [&op.item, &op.node] {
        let base = join(&owner.ptr, "parameters");
        for (i, raw) in items(owner.value, "parameters").iter().enumerate() {
            let node = resolve(doc, &join(&base, &i.to_string()), raw);
            let (Some(name), Some(location)) =
                (str_field(node.value, "name"), str_field(node.value, "in"))
            else {
                continue;
            };
            let key = match positions.iter().position(|p| *p == name) {
                Some(at) if location == "path" => format!("path#{at}"),
                _ => format!("{location}:{name}"),
            };
            out.retain(|p| p.key != key);
            out.push(Param {
                name,
                location,
                key,
                node,
            });
        }
    }
    out
}

fn parameters(w: &mut Walker<'_>, o: &Op<'_>, n: &Op<'_>) {
    let old = params(w.old, o);
    let new = params(w.new, n);
    let mut new_used = vec![false; new.len()];
    for op in &old {
        let exact = new.iter().position(|np| np.key == op.key);
        let moved = || {
            new.iter().enumerate().position(|(i, np)| {
                !new_used[i] && np.name == op.name && !old.iter().any(|x| x.key == np.key)
            })
        };
        match exact.or_else(moved) {
            Some(i) => {
                new_used[i] = true;
                parameter(w, op, &new[i]);
            }
            None => {
                let message = format!("{} parameter `{}` removed", op.location, op.name);
                w.report("parameter-removed", &op.node.ptr, &n.node.ptr, message);
            }
        }
    }
    for np in new
        .iter()
        .zip(&new_used)
        .filter(|(_, u)| !**u)
        .map(|(p, _)| p)
    {
        let (id, what) = if required(np) {
            ("parameter-added-required", "required")
        } else {
            ("parameter-added-optional", "optional")
        };
        let message = format!("{what} {} parameter `{}` added", np.location, np.name);
        w.report(id, &o.node.ptr, &np.node.ptr, message);
    }
}

fn required(p: &Param<'_>) -> bool {
    p.location == "path" || flag(p.node.value, "required")
}

/// `style` and `explode` as the spec defines their defaults.
fn style(p: &Param<'_>) -> (String, bool) {
    let default = match p.location {
        "query" | "cookie" => "form",
        _ => "simple",
    };
    let style = str_field(p.node.value, "style").unwrap_or(default);
    let explode = p
        .node
        .value
        .get("explode")
        .and_then(Value::as_bool)
        .unwrap_or(style == "form");
    (style.to_string(), explode)
}

fn parameter(w: &mut Walker<'_>, o: &Param<'_>, n: &Param<'_>) {
    let (op, np) = (&o.node.ptr, &n.node.ptr);
    if o.location != n.location {
        let message = format!(
            "parameter `{}` moved from {} to {}",
            o.name, o.location, n.location
        );
        w.report("parameter-location-changed", op, np, message);
        return;
    }
    if !required(o) && required(n) {
        w.report(
            "parameter-made-required",
            op,
            np,
            format!("parameter `{}` is now required", o.name),
        );
    }
    let (os, ns) = (style(o), style(n));
    if os != ns {
        let message = format!(
            "parameter `{}` serialization changed from style {} explode {} to style {} explode {}",
            o.name, os.0, os.1, ns.0, ns.1
        );
        w.report("parameter-style-changed", op, np, message);
    }
    if let (Some(os), Some(ns)) = (o.node.value.get("schema"), n.node.value.get("schema")) {
        let old = Node {
            ptr: join(op, "schema"),
            value: os,
        };
        let new = Node {
            ptr: join(np, "schema"),
            value: ns,
        };
        compare_schema(w, Dir::Request, &old, &new);
    }
}

/// A media type as matched: lower case, without parameters.
fn media_key(media: &str) -> String {
    media
        .split(';')
        .next()
        .unwrap_or(media)
        .trim()
        .to_ascii_lowercase()
}

/// Compares the `content` maps of two bodies in one direction.
fn contents(w: &mut Walker<'_>, dir: Dir, old: &Node<'_>, new: &Node<'_>) {
    let (old_ptr, new_ptr) = (join(&old.ptr, "content"), join(&new.ptr, "content"));
    let new_content = entries(new.value, "content");
    for (media, o) in entries(old.value, "content") {
        let found = new_content
            .iter()
            .find(|(m, _)| media_key(m) == media_key(media));
        let at = join(&old_ptr, media);
        let Some((new_media, n)) = found else {
            let id = match dir {
                Dir::Request => "request-media-type-removed",
                Dir::Response => "response-media-type-removed",
            };
            let there = if new_content.is_empty() {
                new.ptr.clone()
            } else {
                new_ptr.clone()
            };
            w.report(id, &at, &there, format!("media type `{media}` removed"));
            continue;
        };
        if let (Some(os), Some(ns)) = (o.get("schema"), n.get("schema")) {
            let old = Node {
                ptr: join(&at, "schema"),
                value: os,
            };
            let new = Node {
                ptr: join(&join(&new_ptr, new_media), "schema"),
                value: ns,
            };
            compare_schema(w, dir, &old, &new);
        }
    }
}

fn request_body(w: &mut Walker<'_>, o: &Op<'_>, n: &Op<'_>) {
    let (old, new) = (body(w.old, o), body(w.new, n));
    match (old, new) {
        (None, Some(nb)) if flag(nb.value, "required") => w.report(
            "request-body-made-required",
            &o.node.ptr,
            &nb.ptr,
            "a required request body was added",
        ),
        (Some(ob), None) => w.report(
            "request-body-removed",
            &ob.ptr,
            &n.node.ptr,
            "the request body was removed",
        ),
        (Some(ob), Some(nb)) => {
            if !flag(ob.value, "required") && flag(nb.value, "required") {
                w.report(
                    "request-body-made-required",
                    &ob.ptr,
                    &nb.ptr,
                    "the request body is now required",
                );
            }
            contents(w, Dir::Request, &ob, &nb);
        }
        _ => {}
    }
}

/// The request body of an operation, after references.
fn body<'a>(doc: &'a Value, op: &Op<'a>) -> Option<Node<'a>> {
    let ptr = join(&op.node.ptr, "requestBody");
    op.node
        .value
        .get("requestBody")
        .map(|b| resolve(doc, &ptr, b))
}

/// The response of `list` with status `code`, ignoring the case of `2XX`.
fn find_status<'a>(list: &[(&String, &'a Value)], code: &str) -> Option<(String, &'a Value)> {
    list.iter()
        .find(|(c, _)| c.eq_ignore_ascii_case(code))
        .map(|(c, v)| (c.to_string(), *v))
}

fn responses(w: &mut Walker<'_>, o: &Op<'_>, n: &Op<'_>) {
    let (old_ptr, new_ptr) = (
        join(&o.node.ptr, "responses"),
        join(&n.node.ptr, "responses"),
    );
    let (old, new) = (
        entries(o.node.value, "responses"),
        entries(n.node.value, "responses"),
    );
    for (code, ov) in &old {
        let at = join(&old_ptr, code);
        let Some((new_code, nv)) = find_status(&new, code) else {
            w.report(
                "response-status-removed",
                &at,
                &new_ptr,
                format!("response `{code}` removed"),
            );
            continue;
        };
        let ob = resolve(w.old, &at, ov);
        let nb = resolve(w.new, &join(&new_ptr, &new_code), nv);
        contents(w, Dir::Response, &ob, &nb);
    }
    for (code, _) in new.iter().filter(|(c, _)| *c != "default") {
        if find_status(&old, code).is_none() {
            let at = join(&new_ptr, code);
            w.report(
                "response-status-added",
                &old_ptr,
                &at,
                format!("response `{code}` added"),
            );
        }
    }
}

/// `security` as alternatives, each a set of scheme names; no requirement
/// at all is the one empty alternative.
fn alternatives(security: Option<&Value>) -> Vec<BTreeSet<String>> {
    let list = security
        .and_then(Value::as_array)
        .map_or(&[][..], Vec::as_slice);
    if list.is_empty() {
        return vec![BTreeSet::new()];
    }
    list.iter()
        .map(|alt| {
            alt.as_object()
                .map(|m| m.keys().cloned().collect())
                .unwrap_or_default()
        })
        .collect()
}

/// Reports credentials that satisfied the old requirement but not the new:
/// a client that could use alternative `A` still can when some new
/// alternative needs only schemes of `A`.
pub(super) fn security(
    w: &mut Walker<'_>,
    old: (&str, Option<&Value>),
    new: (&str, Option<&Value>),
) {
    let (old_alts, new_alts) = (alternatives(old.1), alternatives(new.1));
    let names = |alts: &[BTreeSet<String>]| -> String {
        let text: Vec<String> = alts
            .iter()
            .map(|a| {
                if a.is_empty() {
                    "none".to_string()
                } else {
                    a.iter().cloned().collect::<Vec<_>>().join("+")
                }
            })
            .collect();
        text.join(" or ")
    };
    for alt in &old_alts {
        if new_alts.iter().any(|b| b.is_subset(alt)) {
            continue;
        }
        let id = if alt.is_empty() {
            "security-added"
        } else {
            "security-changed"
        };
        let message = format!(
            "security changed from {} to {}",
            names(&old_alts),
            names(&new_alts)
        );
        w.report(id, old.0, new.0, message);
        return;
    }
}
