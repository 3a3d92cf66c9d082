//! One operation against its counterpart: parameters, request body,
//! responses, security and servers.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::headers::schema_of;
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
    if let (Some(old), Some(new)) = (schema_of(&o.node), schema_of(&n.node)) {
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
        super::headers::compare(w, &ob, &nb);
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

/// One security alternative: the schemes it needs, each with its scopes.
type Alternative = BTreeMap<String, BTreeSet<String>>;

/// `security` as alternatives; no requirement at all is the one empty
/// alternative.
fn alternatives(security: Option<&Value>) -> Vec<Alternative> {
    let list = security
        .and_then(Value::as_array)
        .map_or(&[][..], Vec::as_slice);
    if list.is_empty() {
        return vec![Alternative::new()];
    }
    list.iter()
        .map(|alt| {
            alt.as_object()
                .map(|m| {
                    let scopes = |v: &Value| {
                        v.as_array()
                            .map(|a| a.iter().filter_map(Value::as_str).map(str::to_string))
                            .into_iter()
                            .flatten()
                            .collect()
                    };
                    m.iter().map(|(k, v)| (k.clone(), scopes(v))).collect()
                })
                .unwrap_or_default()
        })
        .collect()
}

/// Whether credentials meeting `have` meet `need`: every scheme `need`
/// names, with at least its scopes (`schemes_only` ignores scopes).
fn meets(have: &Alternative, need: &Alternative, schemes_only: bool) -> bool {
    need.iter().all(|(scheme, scopes)| {
        have.get(scheme)
            .is_some_and(|got| schemes_only || scopes.is_subset(got))
    })
}

fn names(alts: &[Alternative]) -> String {
    let text: Vec<String> = alts
        .iter()
        .map(|a| {
            if a.is_empty() {
                return "none".to_string();
            }
            let parts: Vec<String> = a
                .iter()
                .map(|(scheme, scopes)| {
                    if scopes.is_empty() {
                        scheme.clone()
                    } else {
                        let list: Vec<&str> = scopes.iter().map(String::as_str).collect();
                        format!("{scheme}[{}]", list.join(","))
                    }
                })
                .collect();
            parts.join("+")
        })
        .collect();
    text.join(" or ")
}

/// The rule for credentials meeting `from` but no alternative of `to`:
/// whether a scheme matches but a scope is missing, or nothing matches.
fn unmet(from: &Alternative, to: &[Alternative]) -> Option<bool> {
    if to.iter().any(|b| meets(from, b, false)) {
        return None;
    }
    Some(to.iter().any(|b| meets(from, b, true)))
}

/// Compares two security requirements both ways. Client side: credentials
/// that met an old alternative must meet a new one. Server side: a server
/// of the old version must accept credentials meeting any new alternative.
pub(super) fn security(
    w: &mut Walker<'_>,
    old: (&str, Option<&Value>),
    new: (&str, Option<&Value>),
) {
    let (old_alts, new_alts) = (alternatives(old.1), alternatives(new.1));
    let message = format!(
        "security changed from {} to {}",
        names(&old_alts),
        names(&new_alts)
    );
    let client = old_alts.iter().find_map(|alt| {
        Some(match unmet(alt, &new_alts)? {
            _ if alt.is_empty() => "security-added",
            true => "security-scopes-added",
            false => "security-changed",
        })
    });
    if let Some(id) = client {
        w.report(id, old.0, new.0, message.clone());
        if id == "security-changed" {
            // That rule covers both sides.
            return;
        }
    }
    let server = new_alts.iter().find_map(|alt| {
        unmet(alt, &old_alts)?;
        Some(if alt.is_empty() {
            "security-removed"
        } else {
            "security-loosened"
        })
    });
    if let Some(id) = server {
        w.report(id, old.0, new.0, message);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn scopes_count_when_credentials_are_matched() {
        let alts = alternatives(Some(&json!([{"oauth": ["read", "write"]}, {}])));
        assert_eq!(alts.len(), 2);
        let read = alternatives(Some(&json!([{"oauth": ["read"]}])));
        assert!(meets(&alts[0], &read[0], false));
        assert!(!meets(&read[0], &alts[0], false));
        assert!(meets(&read[0], &alts[0], true));
        assert_eq!(unmet(&read[0], &alts[..1]), Some(true));
        assert_eq!(unmet(&read[0], &alts), None, "the empty alternative");
        assert_eq!(names(&alts), "oauth[read,write] or none");
    }
}
