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

use openapiv3::{OpenAPI, PathItem, ReferenceOr};
use serde::Deserialize;
use serde_json::Value;

use crate::diagnostic::{join, push_token, Diagnostic};

/// Deserializes a normalized document. With `consume`, the JSON of each
/// path item is dropped once it is read (only when the whole document
/// fits the model: otherwise the document stays whole, for the error).
pub fn to_openapi(document: &mut Value, consume: bool) -> Result<OpenAPI, Box<Diagnostic>> {
    match by_path_item(document, consume) {
        Some(api) => Ok(api),
        None => whole(document),
    }
}

/// The document without its path items, then each path item; `None`, with
/// the document as it was, when any part does not fit.
fn by_path_item(document: &mut Value, consume: bool) -> Option<OpenAPI> {
    let paths = document.get_mut("paths")?.as_object_mut()?;
    let items = std::mem::take(paths);
    *paths = items
        .iter()
        .filter(|(key, _)| !key.starts_with('/'))
        .map(|(key, value)| (key.clone(), value.clone()))
        .collect();
    let fits = |items: &serde_json::Map<String, Value>| {
        items
            .iter()
            .filter(|(key, _)| key.starts_with('/'))
            .all(|(_, item)| ReferenceOr::<PathItem>::deserialize(item).is_ok())
    };
    let api = OpenAPI::deserialize(&*document)
        .ok()
        .filter(|_| !consume || fits(&items));
    let slot = document.get_mut("paths")?;
    let Some(mut api) = api else {
        *slot = Value::Object(items);
        return None;
    };
    let count = items.keys().filter(|key| key.starts_with('/')).count();
    api.paths.paths.reserve(count);
    if consume {
        // Cannot fail: every item was read once above, and reading is
        // deterministic.
        for (key, item) in items.into_iter().filter(|(key, _)| key.starts_with('/')) {
            api.paths
                .paths
                .insert(key, ReferenceOr::deserialize(&item).ok()?);
        }
        return Some(api);
    }
    for (key, item) in items.iter().filter(|(key, _)| key.starts_with('/')) {
        match ReferenceOr::deserialize(item) {
            Ok(read) => api.paths.paths.insert(key.clone(), read),
            Err(_) => {
                *slot = Value::Object(items);
                return None;
            }
        };
    }
    *slot = Value::Object(items);
    Some(api)
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
        let whole = whole(&original).expect("the document fits");
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
}
