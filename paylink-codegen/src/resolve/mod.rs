//! Stage 3, resolve: every `$ref` must point into the same document, at
//! something that exists, and chains of references (plain aliases and `allOf`
//! inclusion) must end. Recursion through properties or items is fine: that
//! is a recursive type, not a loop.
//!
//! Before that, `$anchor` references are rewritten to pointers
//! ([`anchors`]); after it, references where a schema belongs must name a
//! schema ([`targets`]), and the nesting reached by following references
//! is bounded ([`depth`]).

mod anchors;
mod depth;
mod targets;

pub use depth::MAX_REF_DEPTH;

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde_json::Value;

use crate::diagnostic::{split_pointer, Diagnostics};
use crate::normalize::{Normalized, RefSite};

/// Checks every reference of a normalized document; `$anchor` references
/// are rewritten to pointers in place. Returns the sites (pointers of the
/// objects holding a `$ref`) whose reference points nowhere or outside
/// the document.
pub fn resolve(
    document: &mut Value,
    normalized: &mut Normalized,
    diags: &mut Diagnostics,
) -> Vec<String> {
    anchors::rewrite(document, &mut normalized.refs, diags);
    let (unresolved, decoded) = check_all(document, normalized, diags);
    canonical(document, &mut normalized.refs, decoded);
    unresolved
}

/// Writes each reference that was written percent-encoded (`A%20B`) as
/// the pointer it decodes to, so that every later stage reads one form.
fn canonical(document: &mut Value, refs: &mut [RefSite], decoded: Vec<(usize, String)>) {
    for (index, target) in decoded {
        let Some(site) = refs.get_mut(index) else {
            continue;
        };
        let holder = site
            .pointer
            .strip_prefix('#')
            .and_then(|p| document.pointer_mut(p));
        if let Some(Value::Object(holder)) = holder {
            holder.insert("$ref".to_string(), Value::String(target.clone()));
            site.target = target;
        }
    }
}

/// Checks every site; the unresolved sites, and the sites whose reference
/// decodes to another text (by index, with that text).
fn check_all(
    document: &Value,
    normalized: &Normalized,
    diags: &mut Diagnostics,
) -> (Vec<String>, Vec<(usize, String)>) {
    let refs = &normalized.refs;
    let mut decoded = Vec::new();
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut resolved = Vec::new();
    let mut unresolved = Vec::new();
    for (index, site) in refs.iter().enumerate() {
        if anchors::is_anchor(&site.target) {
            continue;
        }
        let Some(target) = check_site(document, site, diags) else {
            unresolved.push(site.pointer.clone());
            continue;
        };
        if target != site.target {
            decoded.push((index, target.clone()));
        }
        if let Some(node) = lookup(document, &target) {
            if site.is_schema {
                targets::check_schema_target(site, &target, node, diags);
            }
            let chained = chained_refs(node).into_iter().map(|(_, t)| t);
            edges.entry(target.clone()).or_default().extend(chained);
        }
        resolved.push((site.pointer.as_str(), target));
    }
    targets::check_mappings(document, &normalized.mappings, diags);
    let depth_edges: Vec<depth::Edge<'_>> = resolved
        .iter()
        .map(|(site, target)| depth::Edge { site, target })
        .collect();
    depth::check(&depth_edges, diags);
    for cycle in find_cycles(&edges) {
        let pointer = loop_site(document, &cycle);
        diags
            .error(&pointer, format!("`$ref` loop: {} → {}", cycle.join(" → "), cycle[0]))
            .hint("a reference chain (through `$ref` or `allOf`) must end at a definition; break the loop");
    }
    (unresolved, decoded)
}

/// Where the loop's first node refers to the next one.
fn loop_site(document: &Value, cycle: &[String]) -> String {
    let next = cycle.get(1).unwrap_or(&cycle[0]);
    lookup(document, &cycle[0])
        .map(chained_refs)
        .and_then(|refs| refs.into_iter().find(|(_, t)| t == next))
        .map_or_else(|| cycle[0].clone(), |(at, _)| format!("{}{at}", cycle[0]))
}

/// Returns the normalized target pointer when the site's reference is local
/// and points at something; otherwise reports why not.
fn check_site(document: &Value, site: &RefSite, diags: &mut Diagnostics) -> Option<String> {
    let pointer = format!("{}/$ref", site.pointer);
    let target = site.target.as_str();
    let Some(fragment) = target.strip_prefix('#') else {
        diags
            .error(
                &pointer,
                format!("external `$ref` \"{target}\": paylink reads one self-contained document"),
            )
            .hint(
                "bundle the spec into one file first, for example with `npx @redocly/cli bundle`",
            );
        return None;
    };
    let decoded = percent_decode(fragment);
    let normalized = format!("#{decoded}");
    if lookup(document, &normalized).is_some() {
        return Some(normalized);
    }
    let hint = suggestion(document, &normalized)
        .map(|s| format!("did you mean \"{s}\"?"))
        .unwrap_or_else(|| "check the name and path of the target".to_string());
    diags
        .error(
            &pointer,
            format!("`$ref` \"{target}\" points to nothing in this document"),
        )
        .hint(hint);
    None
}

/// Follows a JSON pointer; a token that normalization moved to `x-oas-<token>`
/// (such as `$defs` or `webhooks`) is found there.
pub fn lookup<'v>(document: &'v Value, pointer: &str) -> Option<&'v Value> {
    let mut node = document;
    for token in split_pointer(pointer) {
        node = match node {
            Value::Object(map) => map
                .get(&token)
                .or_else(|| map.get(&format!("x-oas-{token}")))?,
            Value::Array(items) => items.get(token.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(node)
}

/// References a node stands for directly (its own `$ref`, or its `allOf`
/// members', which a merge must expand): where each is written, relative
/// to the node, and its target.
fn chained_refs(node: &Value) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let Value::Object(map) = node else { return out };
    if let Some(Value::String(r)) = map.get("$ref") {
        out.push(("/$ref".to_string(), r.clone()));
    }
    if let Some(Value::Array(all)) = map.get("allOf") {
        for (i, member) in all.iter().enumerate() {
            if let Some(Value::String(r)) = member.get("$ref") {
                out.push((format!("/allOf/{i}/$ref"), r.clone()));
            }
        }
    }
    out.into_iter()
        .filter_map(|(at, r)| Some((at, format!("#{}", percent_decode(r.strip_prefix('#')?)))))
        .collect()
}

/// Every cycle in the graph, each reported once, starting at its least node.
/// The walk keeps its own stack: reference chains can be far longer than
/// the thread's stack is deep.
fn find_cycles(edges: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    let mut cycles = Vec::new();
    let mut done: BTreeSet<&str> = BTreeSet::new();
    for start in edges.keys() {
        walk_from(start, edges, &mut done, &mut cycles);
    }
    cycles
}

/// Depth-first from `start`: `path` holds the nodes being walked with the
/// iterator over their successors, `on_path` their positions in it.
fn walk_from<'e>(
    start: &'e str,
    edges: &'e BTreeMap<String, BTreeSet<String>>,
    done: &mut BTreeSet<&'e str>,
    cycles: &mut Vec<Vec<String>>,
) {
    type Successors<'e> = Box<dyn Iterator<Item = &'e String> + 'e>;
    let successors =
        |node: &'e str| -> Successors<'e> { Box::new(edges.get(node).into_iter().flatten()) };
    if done.contains(start) {
        return;
    }
    let mut path: Vec<(&'e str, Successors<'e>)> = vec![(start, successors(start))];
    let mut on_path: HashMap<&'e str, usize> = HashMap::from([(start, 0)]);
    while let Some((node, next)) = path.last_mut() {
        let node = *node;
        let Some(next) = next.next() else {
            path.pop();
            on_path.remove(node);
            done.insert(node);
            continue;
        };
        if let Some(&at) = on_path.get(next.as_str()) {
            record_cycle(path[at..].iter().map(|(n, _)| *n), cycles);
        } else if !done.contains(next.as_str()) {
            on_path.insert(next, path.len());
            path.push((next, successors(next)));
        }
    }
}

/// Keeps a cycle, rotated to start at its least node, unless already kept.
fn record_cycle<'e>(nodes: impl Iterator<Item = &'e str>, cycles: &mut Vec<Vec<String>>) {
    let mut cycle: Vec<String> = nodes.map(str::to_string).collect();
    let least = cycle
        .iter()
        .enumerate()
        .min_by_key(|(_, s)| *s)
        .map_or(0, |(i, _)| i);
    cycle.rotate_left(least);
    if !cycles.contains(&cycle) {
        cycles.push(cycle);
    }
}

/// A reference's URI fragment with `%7B` and friends decoded to the
/// characters they stand for.
pub(crate) fn percent_decode(s: &str) -> String {
    if !s.contains('%') {
        return s.to_string();
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok());
        match (bytes[i], hex.and_then(|h| u8::from_str_radix(h, 16).ok())) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// A key in the target's parent that differs only in case, if there is one.
fn suggestion(document: &Value, pointer: &str) -> Option<String> {
    let mut tokens = split_pointer(pointer);
    let last = tokens.pop()?;
    let mut parent_ptr = String::from("#");
    for t in &tokens {
        crate::diagnostic::push_token(&mut parent_ptr, t);
    }
    let Value::Object(parent) = lookup(document, &parent_ptr)? else {
        return None;
    };
    let found = parent.keys().find(|k| k.eq_ignore_ascii_case(&last))?;
    Some(crate::diagnostic::join(&parent_ptr, found))
}
