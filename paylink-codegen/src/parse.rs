//! Stage 4, parse: the normalized document into the `openapiv3` model.
//!
//! Normalization is meant to leave nothing this step can refuse. If it does,
//! the failure names the exact place, found by a second, path-tracking pass.

use openapiv3::OpenAPI;
use serde::Deserialize;
use serde_json::Value;

use crate::diagnostic::{join, push_token, Diagnostic};

/// Deserializes a normalized document.
pub fn to_openapi(document: &Value) -> Result<OpenAPI, Box<Diagnostic>> {
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
