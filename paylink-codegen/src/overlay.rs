//! Stage 1b, overlay: OpenAPI Overlay 1.0 documents applied to a loaded
//! spec before it is normalized.
//!
//! An overlay changes a spec its user cannot edit (a provider's document
//! kept verbatim): each of its `actions` selects nodes of the spec with an
//! RFC 9535 JSONPath `target` and either `remove`s them or merges its
//! `update` into them. Actions run in order, each on the result of the
//! previous ones. An object `update` is merged into an object target
//! recursively (objects merged key by key, any other value replaced); an
//! array target gets the `update` appended, as the Overlay specification
//! says. A target that matches nothing is a warning, located in the
//! overlay; everything wrong with the overlay itself is an error located
//! there too.

use serde_json::{Map, Value};
use serde_json_path::JsonPath;

use crate::diagnostic::{join, split_pointer, Diagnostic, Diagnostics};
use crate::load::{load_file, load_str, Loaded};
use crate::{Source, SpecError};

/// Most nodes the updates of one overlay may copy into a spec: an update
/// applied to every node of a large spec must not exhaust memory.
const MAX_COPIED_NODES: usize = 2_000_000;

/// An overlay document, read and checked.
#[derive(Debug)]
pub struct Overlay {
    source: Source,
    actions: Vec<Action>,
}

/// One action: a parsed target and what to do there.
#[derive(Debug)]
struct Action {
    /// `#/actions/N`, for locating what the action causes.
    pointer: String,
    target: JsonPath,
    /// The target as written.
    text: String,
    change: Change,
}

#[derive(Debug)]
enum Change {
    Remove,
    Update(Value),
}

impl Overlay {
    /// Reads the overlay at `path`.
    pub fn read(path: &std::path::Path) -> Result<Overlay, SpecError> {
        Self::from_loaded(load_file(path))
    }

    /// Reads the overlays at `paths`, in order; the first that cannot be
    /// used is the error.
    pub fn read_all<P: AsRef<std::path::Path>>(paths: &[P]) -> Result<Vec<Overlay>, SpecError> {
        paths.iter().map(|p| Self::read(p.as_ref())).collect()
    }

    /// Reads an overlay from text; `name` names the file in diagnostics
    /// and decides JSON or YAML by its extension.
    pub fn from_str(name: &str, text: &str) -> Result<Overlay, SpecError> {
        Self::from_loaded(load_str(name, text.to_string()))
    }

    /// The overlay's file and text.
    pub fn source(&self) -> &Source {
        &self.source
    }

    fn from_loaded(
        loaded: Result<Loaded, Box<crate::load::LoadFailure>>,
    ) -> Result<Overlay, SpecError> {
        let loaded = loaded.map_err(|f| SpecError {
            source: f.source.map(Box::new),
            diagnostics: f.diagnostics.into_vec(),
        })?;
        let mut diagnostics = loaded.diagnostics;
        let actions = check_document(&loaded.value, &mut diagnostics);
        loaded.source.locate_all(diagnostics.items_mut());
        if diagnostics.has_errors() {
            return Err(SpecError {
                source: Some(Box::new(loaded.source)),
                diagnostics: diagnostics.into_vec(),
            });
        }
        Ok(Overlay {
            source: loaded.source,
            actions,
        })
    }

    /// Applies every action to `document`, in order. The diagnostics are
    /// located in the overlay; an error leaves `document` partly changed,
    /// so a caller stops at it.
    pub fn apply(&self, document: &mut Value) -> Vec<Diagnostic> {
        let mut diagnostics = Diagnostics::default();
        let mut copied = 0usize;
        for action in &self.actions {
            let pointers: Vec<String> = action
                .target
                .query_located(document)
                .locations()
                .map(|l| l.to_json_pointer())
                .collect();
            if pointers.is_empty() {
                diagnostics
                    .warn(
                        &join(&action.pointer, "target"),
                        format!("`{}` matches nothing in the spec", action.text),
                    )
                    .hint("check the target against the spec; the action changed nothing");
                continue;
            }
            match &action.change {
                Change::Remove => remove_all(document, pointers),
                Change::Update(update) => {
                    copied = copied.saturating_add(node_count(update) * pointers.len());
                    if copied > MAX_COPIED_NODES {
                        diagnostics
                            .error(&join(&action.pointer, "update"), format!("the updates copy more than {MAX_COPIED_NODES} nodes into the spec"))
                            .hint("narrow the target or shrink the update");
                        break;
                    }
                    update_all(document, &pointers, update, action, &mut diagnostics);
                }
            }
        }
        let mut diagnostics = diagnostics.into_vec();
        self.source.locate_all(&mut diagnostics);
        diagnostics
    }
}

/// The actions of an overlay document, with an error for everything
/// that does not follow the Overlay specification.
fn check_document(value: &Value, diagnostics: &mut Diagnostics) -> Vec<Action> {
    let Some(root) = value.as_object() else {
        diagnostics
            .error(
                "#",
                "an overlay is an object with `overlay`, `info` and `actions`",
            )
            .hint("see the OpenAPI Overlay Specification 1.0");
        return Vec::new();
    };
    match root.get("overlay").and_then(Value::as_str) {
        Some(v) if v.starts_with("1.") => {}
        Some(v) => {
            diagnostics
                .error(
                    "#/overlay",
                    format!("overlay version `{v}` is not supported"),
                )
                .hint("write `overlay: 1.0.0`");
        }
        None => {
            diagnostics
                .error("#", "this is not an overlay document: `overlay` is missing")
                .hint("an overlay starts with `overlay: 1.0.0`, then `info` and `actions`");
        }
    }
    check_info(root.get("info"), diagnostics);
    let Some(actions) = root.get("actions").and_then(Value::as_array) else {
        diagnostics
            .error("#", "`actions` is missing or is not a list")
            .hint("list the changes under `actions`, each with a `target`");
        return Vec::new();
    };
    actions
        .iter()
        .enumerate()
        .filter_map(|(i, a)| action(&format!("#/actions/{i}"), a, diagnostics))
        .collect()
}

fn check_info(info: Option<&Value>, diagnostics: &mut Diagnostics) {
    let has = |key: &str| info.and_then(|i| i.get(key)).is_some_and(Value::is_string);
    if !has("title") || !has("version") {
        diagnostics
            .error(
                "#/info",
                "`info` needs a `title` and a `version`, both strings",
            )
            .hint("add `info: {title: ..., version: ...}`");
    }
}

/// One action, checked; `None` when it is unusable (with an error).
fn action(pointer: &str, value: &Value, diagnostics: &mut Diagnostics) -> Option<Action> {
    let Some(object) = value.as_object() else {
        diagnostics.error(pointer, "an action is an object with a `target`");
        return None;
    };
    let Some(text) = object.get("target").and_then(Value::as_str) else {
        diagnostics
            .error(pointer, "the action has no `target` string")
            .hint("add a JSONPath such as `$.info`");
        return None;
    };
    let target = match JsonPath::parse(text) {
        Ok(target) => target,
        Err(e) => {
            diagnostics
                .error(
                    &join(pointer, "target"),
                    format!("`{text}` is not a JSONPath: {e}"),
                )
                .hint("write an RFC 9535 JSONPath starting with `$`");
            return None;
        }
    };
    let change = change(pointer, object, diagnostics)?;
    Some(Action {
        pointer: pointer.to_string(),
        target,
        text: text.to_string(),
        change,
    })
}

fn change(
    pointer: &str,
    object: &Map<String, Value>,
    diagnostics: &mut Diagnostics,
) -> Option<Change> {
    let remove = match object.get("remove") {
        None => false,
        Some(Value::Bool(b)) => *b,
        Some(_) => {
            diagnostics.error(&join(pointer, "remove"), "`remove` takes `true` or `false`");
            return None;
        }
    };
    match (remove, object.get("update")) {
        (true, update) => {
            if update.is_some() {
                diagnostics
                    .warn(
                        &join(pointer, "update"),
                        "`update` is ignored where `remove` is true",
                    )
                    .hint("split the action in two, or drop one of them");
            }
            Some(Change::Remove)
        }
        (false, Some(update)) => Some(Change::Update(update.clone())),
        (false, None) => {
            diagnostics
                .warn(
                    pointer,
                    "the action has neither `update` nor `remove: true`: it does nothing",
                )
                .hint("add an `update`, or `remove: true`");
            None
        }
    }
}

/// Removes the nodes at `pointers`: deepest and last first, so that no
/// removal moves a node still to be removed.
fn remove_all(document: &mut Value, pointers: Vec<String>) {
    let mut paths: Vec<Vec<String>> = pointers.iter().map(|p| split_pointer(p)).collect();
    paths.sort_by(|a, b| compare_paths(b, a));
    for path in paths {
        let Some((last, parent)) = path.split_last() else {
            // `$` itself: the whole document cannot go; it becomes empty.
            *document = Value::Object(Map::new());
            continue;
        };
        match node_mut(document, parent) {
            Some(Value::Object(map)) => {
                map.shift_remove(last);
            }
            Some(Value::Array(items)) => {
                if let Ok(i) = last.parse::<usize>() {
                    if i < items.len() {
                        items.remove(i);
                    }
                }
            }
            _ => {}
        }
    }
}

/// Orders paths token by token, array indices as numbers.
fn compare_paths(a: &[String], b: &[String]) -> std::cmp::Ordering {
    for (x, y) in a.iter().zip(b) {
        let order = match (x.parse::<usize>(), y.parse::<usize>()) {
            (Ok(x), Ok(y)) => x.cmp(&y),
            _ => x.cmp(y),
        };
        if order.is_ne() {
            return order;
        }
    }
    a.len().cmp(&b.len())
}

fn update_all(
    document: &mut Value,
    pointers: &[String],
    update: &Value,
    action: &Action,
    diagnostics: &mut Diagnostics,
) {
    for pointer in pointers {
        match node_mut(document, &split_pointer(pointer)) {
            Some(Value::Array(items)) => items.push(update.clone()),
            Some(Value::Object(target)) => match update {
                Value::Object(update) => merge(target, update),
                _ => {
                    diagnostics
                        .error(&join(&action.pointer, "update"), format!("`{}` selects an object (#{pointer}), which only an object can update", action.text))
                        .hint("make the update an object of the properties to set");
                }
            },
            Some(_) => {
                diagnostics
                    .error(&join(&action.pointer, "target"), format!("`{}` selects a single value (#{pointer}); an update needs an object or a list", action.text))
                    .hint("target the object that holds the value, and update that property");
            }
            None => {}
        }
    }
}

/// Merges `update` into `target`: objects key by key, recursively; any
/// other value replaces what was there.
fn merge(target: &mut Map<String, Value>, update: &Map<String, Value>) {
    for (key, value) in update {
        match (target.get_mut(key), value) {
            (Some(Value::Object(inner)), Value::Object(value)) => merge(inner, value),
            _ => {
                target.insert(key.clone(), value.clone());
            }
        }
    }
}

fn node_mut<'a>(document: &'a mut Value, path: &[String]) -> Option<&'a mut Value> {
    path.iter().try_fold(document, |node, token| match node {
        Value::Object(map) => map.get_mut(token),
        Value::Array(items) => token.parse::<usize>().ok().and_then(|i| items.get_mut(i)),
        _ => None,
    })
}

/// Nodes of a value, counted without recursion.
fn node_count(value: &Value) -> usize {
    let mut count = 0;
    let mut stack = vec![value];
    while let Some(v) = stack.pop() {
        count += 1;
        match v {
            Value::Object(map) => stack.extend(map.values()),
            Value::Array(items) => stack.extend(items),
            _ => {}
        }
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn overlay(actions: &str) -> Overlay {
        let text = format!("overlay: 1.0.0\ninfo: {{title: t, version: '1'}}\nactions:\n{actions}");
        Overlay::from_str("o.yaml", &text).expect("the overlay reads")
    }

    #[test]
    fn update_merges_objects_and_appends_to_lists() {
        let mut doc =
            json!({"info": {"title": "a", "contact": {"name": "x"}}, "servers": [{"url": "/r"}]});
        let o = overlay("  - target: $.info\n    update: {title: b, contact: {email: e}}\n  - target: $.servers\n    update: {url: 'https://h'}\n");
        assert!(o.apply(&mut doc).is_empty());
        assert_eq!(
            doc,
            json!({"info": {"title": "b", "contact": {"name": "x", "email": "e"}}, "servers": [{"url": "/r"}, {"url": "https://h"}]})
        );
    }

    #[test]
    fn remove_takes_many_nodes_without_shifting_the_rest() {
        let mut doc = json!({"a": [{"x": 1}, {"x": 2, "y": 1}, {"x": 3}, {"x": 4, "y": 2}]});
        let o = overlay("  - target: $.a[?@.y]\n    remove: true\n");
        assert!(o.apply(&mut doc).is_empty());
        assert_eq!(doc, json!({"a": [{"x": 1}, {"x": 3}]}));
    }

    #[test]
    fn a_target_matching_nothing_is_a_located_warning() {
        let mut doc = json!({"info": {}});
        let o = overlay("  - target: $.paths['/nope']\n    remove: true\n");
        let d = o.apply(&mut doc);
        assert_eq!(d.len(), 1);
        assert!(!d[0].is_error());
        assert_eq!(d[0].pointer, "#/actions/0/target");
        let location = d[0].location.as_ref().expect("located");
        assert_eq!((location.file.as_str(), location.line), ("o.yaml", 4));
    }

    #[test]
    fn updating_a_single_value_is_an_error() {
        let mut doc = json!({"info": {"title": "a"}});
        let o = overlay("  - target: $.info.title\n    update: {x: 1}\n");
        let d = o.apply(&mut doc);
        assert!(d.iter().any(Diagnostic::is_error), "{d:?}");
    }

    #[test]
    fn a_bad_overlay_is_refused_with_located_errors() {
        let e = Overlay::from_str("o.yaml", "overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions:\n  - target: '$[?'\n    remove: true\n")
            .expect_err("the JSONPath is invalid");
        assert_eq!(e.diagnostics[0].pointer, "#/actions/0/target");
        assert_eq!(e.diagnostics[0].location.as_ref().map(|l| l.line), Some(4));
        let e = Overlay::from_str("o.yaml", "openapi: 3.1.0\n").expect_err("not an overlay");
        assert!(e.diagnostics[0].message.contains("not an overlay"));
    }

    #[test]
    fn updates_that_copy_too_much_are_refused() {
        let items: Vec<Value> = (0..3000).map(|i| json!({"n": i})).collect();
        let mut doc = json!({"a": items});
        let big: Vec<String> = (0..1000).map(|i| format!("k{i}: {i}")).collect();
        let o = overlay(&format!(
            "  - target: $.a[*]\n    update: {{{}}}\n",
            big.join(", ")
        ));
        let d = o.apply(&mut doc);
        assert!(
            d.iter()
                .any(|d| d.is_error() && d.message.contains("copy more than")),
            "{d:?}"
        );
    }
}
