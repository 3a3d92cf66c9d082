//! Stage 3, resolve: every `$ref` must point into the same document, at
//! something that exists, and chains of references (plain aliases and `allOf`
//! inclusion) must end. Recursion through properties or items is fine: that
//! is a recursive type, not a loop.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use crate::diagnostic::{split_pointer, Diagnostics};
use crate::normalize::RefSite;

/// Checks every reference of a normalized document; returns the sites
/// (pointers of the objects holding a `$ref`) whose reference points
/// nowhere or outside the document.
pub fn resolve(document: &Value, refs: &[RefSite], diags: &mut Diagnostics) -> Vec<String> {
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut unresolved = Vec::new();
    for site in refs {
        let Some(target) = check_site(document, site, diags) else {
            unresolved.push(site.pointer.clone());
            continue;
        };
        if let Some(node) = lookup(document, &target) {
            let targets = chained_refs(node).into_iter().map(|(_, t)| t);
            edges.entry(target).or_default().extend(targets);
        }
    }
    for cycle in find_cycles(&edges) {
        let pointer = loop_site(document, &cycle);
        diags
            .error(&pointer, format!("`$ref` loop: {} → {}", cycle.join(" → "), cycle[0]))
            .hint("a reference chain (through `$ref` or `allOf`) must end at a definition; break the loop");
    }
    unresolved
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
fn find_cycles(edges: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    let mut cycles = Vec::new();
    let mut done: BTreeSet<&str> = BTreeSet::new();
    for start in edges.keys() {
        let mut path: Vec<&str> = Vec::new();
        visit(start, edges, &mut path, &mut done, &mut cycles);
    }
    cycles
}

fn visit<'e>(
    node: &'e str,
    edges: &'e BTreeMap<String, BTreeSet<String>>,
    path: &mut Vec<&'e str>,
    done: &mut BTreeSet<&'e str>,
    cycles: &mut Vec<Vec<String>>,
) {
    if let Some(at) = path.iter().position(|n| *n == node) {
        let mut cycle: Vec<String> = path[at..].iter().map(|s| s.to_string()).collect();
        let least = cycle
            .iter()
            .enumerate()
            .min_by_key(|(_, s)| *s)
            .map_or(0, |(i, _)| i);
        cycle.rotate_left(least);
        if !cycles.contains(&cycle) {
            cycles.push(cycle);
        }
        return;
    }
    if done.contains(node) {
        return;
    }
    path.push(node);
    for next in edges.get(node).into_iter().flatten() {
        visit(next, edges, path, done, cycles);
    }
    path.pop();
    done.insert(node);
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
