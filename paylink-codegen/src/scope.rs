//! Errors scoped to operations: a defect inside one operation, or a
//! dangling `$ref` that only some operations reach, refuses only those
//! operations. Whether it refuses the spec depends on what is generated:
//! an error an operation that is generated reaches stays an error naming
//! both the defect and the operation; one that only operations left out
//! (by the `tags` and `operations` options) reach is a warning.
//!
//! Reading a spec sets such errors aside as [`Scoped`]; [`split`] decides
//! once the selection is known. An operation with a defect the 3.0 reader
//! cannot hold is taken out of the document, so the rest can be read.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use crate::diagnostic::{join, split_pointer, Diagnostic, Diagnostics, Severity};
use crate::naming::{operation_names, OperationSite};
use crate::normalize::RefSite;

/// The HTTP methods of a path item.
const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// One operation of the document, as selection options name it.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct OperationKey {
    /// The path template.
    pub path: String,
    /// The method, lower case.
    pub method: String,
    /// `operationId`, when given.
    pub operation_id: Option<String>,
    /// Its tags.
    pub tags: Vec<String>,
    /// Its method name (chosen over the whole document, as generated).
    pub name: String,
}

impl OperationKey {
    /// How messages name it: its method name and `METHOD /path`.
    pub fn describe(&self) -> String {
        format!(
            "`{}` ({} {})",
            self.name,
            self.method.to_ascii_uppercase(),
            self.path
        )
    }

    /// Whether the `tags` and `operations` options keep it (all of them
    /// when both are empty).
    pub fn selected(&self, tags: &[String], names: &[String]) -> bool {
        let tagged = tags.is_empty() || self.tags.iter().any(|t| tags.contains(t));
        let named = names.is_empty()
            || names
                .iter()
                .any(|n| *n == self.name || Some(n.as_str()) == self.operation_id.as_deref());
        tagged && named
    }
}

/// An error that refuses only the operations that reach it.
#[derive(Clone, Debug)]
pub struct Scoped {
    /// The error.
    pub diagnostic: Diagnostic,
    /// The operations it is in or that reach it.
    pub operations: Vec<OperationKey>,
    /// Whether the operations were taken out of the document.
    pub removed: bool,
}

/// Separates scoped errors into errors (a selected operation reaches
/// them, the message naming it) and warnings (none does).
pub fn split(scoped: &[Scoped], tags: &[String], names: &[String]) -> Vec<Diagnostic> {
    scoped
        .iter()
        .map(|s| {
            let selected: Vec<&OperationKey> = s
                .operations
                .iter()
                .filter(|op| op.selected(tags, names))
                .collect();
            let mut d = s.diagnostic.clone();
            if let Some(op) = selected.first() {
                let how = if s.removed {
                    "is in"
                } else {
                    "is reached from"
                };
                d.message = format!("{}; it {how} operation {}", d.message, op.describe());
                d.severity = Severity::Error;
            } else {
                let ops: Vec<String> = s.operations.iter().map(OperationKey::describe).collect();
                d.message = format!(
                    "{}; only operations that are not generated reach it ({}), so it is ignored",
                    d.message,
                    ops.join(", ")
                );
                d.severity = Severity::Warning;
            }
            d
        })
        .collect()
}

/// After normalization: takes the errors found inside operations (or
/// their path items) out of `diags`, and those operations out of the
/// document.
pub fn operation_errors(document: &mut Value, diags: &mut Diagnostics) -> Vec<Scoped> {
    let mut scoped = Vec::new();
    let mut remove = BTreeSet::new();
    let names = method_names(document);
    diags.retain(|d| {
        if !d.is_error() {
            return true;
        }
        let Some((path, method)) = operation_at(&d.pointer) else {
            return true;
        };
        let operations = keys(document, &names, &path, method.as_deref());
        if operations.is_empty() {
            return true;
        }
        remove.insert((path, method));
        scoped.push(Scoped {
            diagnostic: d.clone(),
            operations,
            removed: true,
        });
        false
    });
    for (path, method) in remove {
        take_out(document, &path, method.as_deref());
    }
    scoped
}

/// After resolution: the errors at `unresolved` references (dangling or
/// external) taken out of `diags`, scoped to the operations that reach
/// them; those nothing reaches become warnings at once.
pub fn reference_errors(
    document: &Value,
    refs: &[RefSite],
    unresolved: &[String],
    diags: &mut Diagnostics,
) -> Vec<Scoped> {
    let graph = Graph::new(document, refs);
    let mut scoped = Vec::new();
    let mut warnings = Vec::new();
    diags.retain(|d| {
        let Some(site) = d.pointer.strip_suffix("/$ref") else {
            return true;
        };
        if !d.is_error() || !unresolved.iter().any(|u| u == site) {
            return true;
        }
        let operations = graph.reaching(site);
        if operations.is_empty() {
            let mut w = d.clone();
            w.severity = Severity::Warning;
            w.message = format!("{}; no operation reaches it, so it is ignored", w.message);
            warnings.push(w);
        } else {
            scoped.push(Scoped {
                diagnostic: d.clone(),
                operations,
                removed: false,
            });
        }
        false
    });
    for w in warnings {
        diags.push(w);
    }
    scoped
}

/// The path and method (none: the whole path item) a pointer lies in.
fn operation_at(pointer: &str) -> Option<(String, Option<String>)> {
    let tokens = split_pointer(pointer);
    if tokens.first().map(String::as_str) != Some("paths") {
        return None;
    }
    let path = tokens.get(1)?.clone();
    let method = tokens
        .get(2)
        .filter(|m| METHODS.contains(&m.as_str()))
        .cloned();
    Some((path, method))
}

/// The method name of every operation of the document, by path and
/// method, chosen over all of them as lowering chooses them.
fn method_names(document: &Value) -> BTreeMap<(String, String), String> {
    let Some(Value::Object(paths)) = document.get("paths") else {
        return BTreeMap::new();
    };
    let mut at = Vec::new();
    let mut sites = Vec::new();
    for (path, item) in paths {
        let Value::Object(item) = item else { continue };
        for (method, op) in item.iter().filter(|(m, _)| METHODS.contains(&m.as_str())) {
            at.push((path.clone(), method.clone()));
            sites.push(OperationSite {
                operation_id: op.get("operationId").and_then(Value::as_str),
                method,
                path,
            });
        }
    }
    at.into_iter().zip(operation_names(&sites)).collect()
}

/// The operations of a path item (or the one `method` names).
fn keys(
    document: &Value,
    names: &BTreeMap<(String, String), String>,
    path: &str,
    method: Option<&str>,
) -> Vec<OperationKey> {
    let Some(Value::Object(item)) = document.get("paths").and_then(|p| p.get(path)) else {
        return Vec::new();
    };
    item.iter()
        .filter(|(m, _)| METHODS.contains(&m.as_str()) && method.is_none_or(|x| x == *m))
        .map(|(m, op)| OperationKey {
            name: names
                .get(&(path.to_string(), m.clone()))
                .cloned()
                .unwrap_or_default(),
            path: path.to_string(),
            method: m.clone(),
            operation_id: op
                .get("operationId")
                .and_then(Value::as_str)
                .map(str::to_string),
            tags: op
                .get("tags")
                .and_then(Value::as_array)
                .map(|t| {
                    t.iter()
                        .filter_map(|t| t.as_str().map(str::to_string))
                        .collect()
                })
                .unwrap_or_default(),
        })
        .collect()
}

fn take_out(document: &mut Value, path: &str, method: Option<&str>) {
    let Some(Value::Object(paths)) = document.get_mut("paths") else {
        return;
    };
    match method {
        None => {
            paths.shift_remove(path);
        }
        Some(m) => {
            if let Some(Value::Object(item)) = paths.get_mut(path) {
                item.shift_remove(m);
            }
        }
    }
}

/// Which operations reach a place, through the references between them.
struct Graph<'d> {
    document: &'d Value,
    /// The method names of the document's operations.
    names: BTreeMap<(String, String), String>,
    /// The sites referring to each target pointer.
    referrers: BTreeMap<String, Vec<&'d str>>,
}

impl<'d> Graph<'d> {
    fn new(document: &'d Value, refs: &'d [RefSite]) -> Self {
        let mut referrers: BTreeMap<String, Vec<&str>> = BTreeMap::new();
        for site in refs {
            if let Some(fragment) = site.target.strip_prefix('#') {
                let target = format!("#{}", crate::resolve::percent_decode(fragment));
                referrers.entry(target).or_default().push(&site.pointer);
            }
        }
        Graph {
            document,
            names: method_names(document),
            referrers,
        }
    }

    /// The operations whose content holds `pointer`, directly or through
    /// references to what holds it.
    fn reaching(&self, pointer: &str) -> Vec<OperationKey> {
        let mut found = BTreeSet::new();
        let mut seen = BTreeSet::new();
        let mut pending = vec![pointer.to_string()];
        while let Some(place) = pending.pop() {
            if let Some((path, method)) = operation_at(&place) {
                found.extend(keys(self.document, &self.names, &path, method.as_deref()));
                continue;
            }
            for prefix in prefixes(&place) {
                if !seen.insert(prefix.clone()) {
                    continue;
                }
                let sites = self.referrers.get(&prefix).into_iter().flatten();
                pending.extend(sites.map(|s| s.to_string()));
            }
        }
        found.into_iter().collect()
    }
}

/// `#/a/b/c`, `#/a/b`, `#/a`: the places that hold a pointer.
fn prefixes(pointer: &str) -> Vec<String> {
    let tokens = split_pointer(pointer);
    let mut out = Vec::with_capacity(tokens.len());
    let mut current = String::from("#");
    for token in tokens {
        current = join(&current, &token);
        out.push(current.clone());
    }
    out
}
