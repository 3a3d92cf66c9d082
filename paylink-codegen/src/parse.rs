//! Stage 4, parse: the normalized document into the `openapiv3` model.
//!
//! Normalization is meant to leave nothing this step can refuse. If it does,
//! the failure names the exact place, found by a second, path-tracking pass.
//!
//! The document is read one path item at a time, so that the reader's
//! temporary copies follow the largest item, not the whole document; a
//! caller that has no use for the document afterwards lets each item's JSON
//! go as soon as it is in the model, so that the two are not held whole at
//! once.
//!
//! The path items are not kept in the model's `paths` but as
//! [`PathEntry`]s: `openapiv3`'s `PathItem` holds its eight operation slots
//! inline, about 12 KB an item whatever it declares (125 MB for a spec of
//! 10,000 paths), where a [`PathOperations`] holds only the operations
//! there are.

use indexmap::IndexMap;
use openapiv3::{OpenAPI, Operation, Parameter, PathItem, ReferenceOr, Server};
use serde::Deserialize;
use serde_json::Value;

use crate::diagnostic::{join, push_token, Diagnostic};
use crate::stack;

/// The parsed model: everything but the path items in `openapi` (its
/// `paths` keeps only the `x-` extensions), the path items in `paths`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Model {
    /// The document without its path items.
    pub openapi: OpenAPI,
    /// The path items, in the document's order.
    pub paths: Vec<PathEntry>,
}

/// One entry of `paths`: the template and its item (or a reference to one).
#[derive(Clone, Debug, PartialEq)]
pub struct PathEntry {
    /// The path template, as the spec wrote it.
    pub path: String,
    /// The path item.
    pub item: ReferenceOr<PathOperations>,
}

/// A path item holding only the operations it declares.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PathOperations {
    /// The item's summary.
    pub summary: Option<String>,
    /// The item's description.
    pub description: Option<String>,
    /// Each operation with its lowercase method, in the order of
    /// `PathItem::iter` (get, put, post, delete, options, head, patch,
    /// trace).
    pub operations: Vec<(&'static str, Operation)>,
    /// Servers for every operation of the item.
    pub servers: Vec<Server>,
    /// Parameters for every operation of the item.
    pub parameters: Vec<ReferenceOr<Parameter>>,
    /// The item's `x-` extensions.
    pub extensions: IndexMap<String, Value>,
}

impl PathOperations {
    /// Each operation with its lowercase method.
    pub fn iter(&self) -> impl Iterator<Item = (&'static str, &Operation)> {
        self.operations.iter().map(|(method, op)| (*method, op))
    }
}

impl From<PathItem> for PathOperations {
    fn from(item: PathItem) -> Self {
        let PathItem {
            summary,
            description,
            get,
            put,
            post,
            delete,
            options,
            head,
            patch,
            trace,
            servers,
            parameters,
            extensions,
        } = item;
        let slots = [
            ("get", get),
            ("put", put),
            ("post", post),
            ("delete", delete),
            ("options", options),
            ("head", head),
            ("patch", patch),
            ("trace", trace),
        ];
        Self {
            summary,
            description,
            operations: slots
                .into_iter()
                .filter_map(|(method, op)| Some((method, op?)))
                .collect(),
            servers,
            parameters,
            extensions,
        }
    }
}

impl From<PathOperations> for PathItem {
    fn from(item: PathOperations) -> Self {
        let mut out = PathItem {
            summary: item.summary,
            description: item.description,
            servers: item.servers,
            parameters: item.parameters,
            extensions: item.extensions,
            ..PathItem::default()
        };
        for (method, op) in item.operations {
            let slot = match method {
                "get" => &mut out.get,
                "put" => &mut out.put,
                "post" => &mut out.post,
                "delete" => &mut out.delete,
                "options" => &mut out.options,
                "head" => &mut out.head,
                "patch" => &mut out.patch,
                _ => &mut out.trace,
            };
            *slot = Some(op);
        }
        out
    }
}

impl Model {
    /// Each operation with its path and lowercase method, in the
    /// document's order.
    pub fn operations(&self) -> impl Iterator<Item = (&str, &'static str, &Operation)> {
        self.paths.iter().flat_map(|entry| {
            entry
                .item
                .as_item()
                .into_iter()
                .flat_map(|item| item.iter().map(|(m, op)| (entry.path.as_str(), m, op)))
        })
    }

    /// The whole `openapiv3` model, path items included (as large as the
    /// note at the top of this module says).
    pub fn to_openapi(&self) -> OpenAPI {
        let mut openapi = self.openapi.clone();
        let items = self.paths.iter().map(|entry| {
            let item = match &entry.item {
                ReferenceOr::Item(item) => ReferenceOr::Item(PathItem::from(item.clone())),
                ReferenceOr::Reference { reference } => ReferenceOr::Reference {
                    reference: reference.clone(),
                },
            };
            (entry.path.clone(), item)
        });
        openapi.paths.paths.extend(items);
        openapi
    }
}

/// The model's path items as [`PathEntry`]s, taken out of `openapi`.
fn split(mut openapi: OpenAPI) -> Model {
    let paths = std::mem::take(&mut openapi.paths.paths)
        .into_iter()
        .map(|(path, item)| entry(path, item))
        .collect();
    Model { openapi, paths }
}

fn entry(path: String, item: ReferenceOr<PathItem>) -> PathEntry {
    let item = match item {
        ReferenceOr::Item(item) => ReferenceOr::Item(PathOperations::from(item)),
        ReferenceOr::Reference { reference } => ReferenceOr::Reference { reference },
    };
    PathEntry { path, item }
}

/// Deserializes a normalized document. With `consume`, the JSON of the
/// path items is dropped once they are read (only when the whole document
/// fits the model: otherwise the document stays whole, for the error).
pub fn to_openapi(document: &mut Value, consume: bool) -> Result<Model, Box<Diagnostic>> {
    match by_path_item(document, consume) {
        Some(model) => Ok(model),
        None => whole(document).map(split),
    }
}

/// Path items up to this many are read once, and with `consume` their
/// JSON is let go when all of them are read. A document with more (tens
/// of megabytes) has each item checked first and read again as its JSON
/// is dropped, so that its JSON and its model are never held whole at
/// once: reading twice costs less than holding both.
const READ_ONCE_UP_TO: usize = 1_000;

/// The number of path items from which they are read in two halves at
/// once: below it, starting a thread costs about what the half it reads
/// does (a path item reads in a few microseconds).
const HALVES_FROM: usize = 64;

/// The document without its path items, then each path item; `None`, with
/// the document as it was, when any part does not fit. The path items are
/// read in two halves at once ([`stack::join`]), in order.
fn by_path_item(document: &mut Value, consume: bool) -> Option<Model> {
    let paths = document.get_mut("paths")?.as_object_mut()?;
    let items = std::mem::take(paths);
    *paths = items
        .iter()
        .filter(|(key, _)| !key.starts_with('/'))
        .map(|(key, value)| (key.clone(), value.clone()))
        .collect();
    let twice = consume && path_items(&items).count() > READ_ONCE_UP_TO;
    let openapi = if twice {
        read_checked(document, &items)
    } else {
        OpenAPI::deserialize(&*document).ok()
    };
    let slot = document.get_mut("paths")?;
    let Some(openapi) = openapi else {
        *slot = Value::Object(items);
        return None;
    };
    if twice {
        let owned: Vec<(String, Value)> = items
            .into_iter()
            .filter(|(key, _)| key.starts_with('/'))
            .collect();
        // Cannot fail: every item was read once above, and reading is
        // deterministic.
        let paths = in_halves(owned, |(key, item)| {
            Some(entry(key, ReferenceOr::deserialize(&item).ok()?))
        })?;
        return Some(Model { openapi, paths });
    }
    let listed: Vec<(&String, &Value)> = path_items(&items).collect();
    let paths = in_halves(listed, |(key, item)| {
        Some(entry(key.clone(), ReferenceOr::deserialize(item).ok()?))
    });
    if paths.is_none() || !consume {
        *slot = Value::Object(items);
    }
    paths.map(|paths| Model { openapi, paths })
}

/// The document without its path items, when it and every path item of
/// `items` fit the model; each item is read and let go (the caller reads
/// them again as it drops their JSON). The document and the first half of
/// the items are read on one thread, the second half on another.
fn read_checked(document: &Value, items: &serde_json::Map<String, Value>) -> Option<OpenAPI> {
    let listed: Vec<&Value> = path_items(items).map(|(_, item)| item).collect();
    let (first, second) = listed.split_at(listed.len() / 2);
    let fit = |part: &[&Value]| {
        part.iter()
            .all(|item| ReferenceOr::<PathItem>::deserialize(*item).is_ok())
    };
    let (second_fits, openapi) = stack::join(
        || fit(second),
        || OpenAPI::deserialize(document).ok().filter(|_| fit(first)),
    );
    openapi.filter(|_| second_fits)
}

/// The members of `paths` that are path items (the others are `x-`
/// extensions).
fn path_items(items: &serde_json::Map<String, Value>) -> impl Iterator<Item = (&String, &Value)> {
    items.iter().filter(|(key, _)| key.starts_with('/'))
}

/// `read` of every element of `all`, in order, the second half on another
/// thread when there are [`HALVES_FROM`] or more; `None` when any is
/// `None`.
fn in_halves<T: Send, U: Send>(
    mut all: Vec<T>,
    read: impl Fn(T) -> Option<U> + Sync,
) -> Option<Vec<U>> {
    let read_all = |part: Vec<T>| part.into_iter().map(&read).collect::<Option<Vec<U>>>();
    if all.len() < HALVES_FROM {
        return read_all(all);
    }
    let second = all.split_off(all.len() / 2);
    let (second, first) = stack::join(|| read_all(second), || read_all(all));
    let mut out = first?;
    out.extend(second?);
    Some(out)
}

fn whole(document: &Value) -> Result<OpenAPI, Box<Diagnostic>> {
    match OpenAPI::deserialize(document) {
        Ok(api) => Ok(api),
        Err(_) => Err(Box::new(locate_failure(document))),
    }
}

fn locate_failure(document: &Value) -> Diagnostic {
    let error = match serde_path_to_error::deserialize::<_, OpenAPI>(document) {
        Ok(_) => {
            return Diagnostic::error(
                "#",
                "the document could not be read into the OpenAPI 3.0 model",
            )
        }
        Err(e) => e,
    };
    let mut pointer = String::from("#");
    for segment in error.path().iter() {
        match segment {
            serde_path_to_error::Segment::Seq { index } => {
                push_token(&mut pointer, &index.to_string())
            }
            serde_path_to_error::Segment::Map { key } => push_token(&mut pointer, key),
            serde_path_to_error::Segment::Enum { .. } | serde_path_to_error::Segment::Unknown => {}
        }
    }
    Diagnostic::error(
        pointer,
        format!(
            "this part does not fit the OpenAPI 3.0 model: {}",
            error.inner()
        ),
    )
    .with_hint("check this object against the OpenAPI specification")
}

/// The operations (or, when no single one is at fault, path items) the
/// model cannot hold, each as an error at its pointer: the model's
/// untagged enums lose the place of a failure inside a path item.
pub fn refused_operations(document: &Value) -> Vec<Diagnostic> {
    let Some(Value::Object(paths)) = document.get("paths") else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (path, item) in paths {
        let Err(whole) = openapiv3::PathItem::deserialize(item) else {
            continue;
        };
        let at = join("#/paths", path);
        let before = out.len();
        if let Value::Object(methods) = item {
            for (method, op) in methods {
                if let Err(e) = openapiv3::Operation::deserialize(op) {
                    out.push(refused(join(&at, method), &e));
                }
            }
        }
        if out.len() == before {
            out.push(refused(at, &whole));
        }
    }
    out
}

fn refused(pointer: String, error: &serde_json::Error) -> Diagnostic {
    Diagnostic::error(
        pointer,
        format!("this operation does not fit the OpenAPI 3.0 model: {error}"),
    )
    .with_hint("check this object against the OpenAPI specification")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn document() -> Value {
        serde_json::json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {
                "x-note": {"any": "thing"},
                "/b": {"get": {"operationId": "b", "responses": {"200": {"description": "ok"}}}},
                "not-a-path": {"ignored": true},
                "/a/{id}": {
                    "parameters": [{"name": "id", "in": "path", "required": true,
                        "schema": {"type": "string"}}],
                    "post": {"operationId": "a", "responses": {}}
                }
            }
        })
    }

    /// Read one path item at a time, consumed or not, the model is the
    /// one the whole document gives; unconsumed, the document is intact.
    #[test]
    fn reading_by_path_item_gives_the_whole_document_model() {
        let original = document();
        let whole = whole(&original).map(split).expect("the document fits");
        let mut kept = original.clone();
        assert_eq!(to_openapi(&mut kept, false).ok(), Some(whole.clone()));
        assert_eq!(kept, original);
        let mut consumed = original.clone();
        assert_eq!(to_openapi(&mut consumed, true).ok(), Some(whole));
        let left = consumed["paths"].as_object().expect("paths");
        assert!(left.keys().all(|k| !k.starts_with('/')), "{left:?}");
    }

    /// A path item that does not fit leaves the document whole (for
    /// [`refused_operations`] to find the operation), and the error is the
    /// whole document's.
    #[test]
    fn a_path_item_that_does_not_fit_leaves_the_document_whole() {
        let mut original = document();
        original["paths"]["/b"]["get"]["parameters"] =
            serde_json::json!([{"name": "p", "in": "body"}]);
        for consume in [false, true] {
            let mut doc = original.clone();
            let error = to_openapi(&mut doc, consume).expect_err("refused");
            assert_eq!(doc, original);
            assert!(error.pointer.starts_with("#/paths"), "{}", error.pointer);
            assert_eq!(refused_operations(&doc)[0].pointer, "#/paths/~1b/get");
        }
    }

    /// A document of `n` path items, each with one operation.
    fn many_paths(n: usize) -> Value {
        let mut doc = document();
        let paths = doc["paths"].as_object_mut().expect("paths");
        paths.retain(|key, _| !key.starts_with('/'));
        for i in 0..n {
            let op = serde_json::json!({"operationId": format!("op{i}"), "responses": {}});
            paths.insert(format!("/r{i}"), serde_json::json!({ "get": op }));
        }
        doc
    }

    /// Both ways of reading (once, and checked then read as the JSON is
    /// let go, past [`READ_ONCE_UP_TO`] path items) give the same model,
    /// and both leave the document whole when an item does not fit.
    #[test]
    fn read_once_and_read_twice_agree() {
        for n in [3, READ_ONCE_UP_TO + 1] {
            let original = many_paths(n);
            let whole = whole(&original).map(split).expect("the document fits");
            let mut consumed = original.clone();
            assert_eq!(to_openapi(&mut consumed, true).ok(), Some(whole));
            let left = consumed["paths"].as_object().expect("paths");
            assert!(left.keys().all(|k| !k.starts_with('/')), "{n}");
            let mut refused = original.clone();
            refused["paths"][format!("/r{}", n - 1)]["get"]["parameters"] =
                serde_json::json!([{"name": "p", "in": "body"}]);
            let mut doc = refused.clone();
            assert!(to_openapi(&mut doc, true).is_err(), "{n}");
            assert_eq!(doc, refused, "{n}");
        }
    }

    /// The compact path items give back the model the whole document
    /// gives, in the same order, operations and item fields included.
    #[test]
    fn compact_path_items_give_back_the_whole_model() {
        let mut original = document();
        original["paths"]["/a/{id}"]["get"] =
            serde_json::json!({"operationId": "g", "responses": {}});
        original["paths"]["/a/{id}"]["summary"] = serde_json::json!("item");
        original["paths"]["/a/{id}"]["x-item"] = serde_json::json!(1);
        original["paths"]["/c"] = serde_json::json!({"$ref": "#/paths/~1b"});
        let whole = whole(&original).expect("the document fits");
        let model = to_openapi(&mut original.clone(), true).expect("fits");
        assert_eq!(model.to_openapi(), whole);
        assert!(model.openapi.paths.paths.is_empty());
        let seen: Vec<(&str, &str)> = model.operations().map(|(p, m, _)| (p, m)).collect();
        assert_eq!(
            seen,
            [("/b", "get"), ("/a/{id}", "get"), ("/a/{id}", "post")]
        );
    }
}
