//! Stage 4, parse: the normalized document into the `openapiv3` model.
//!
//! Normalization is meant to leave nothing this step can refuse. If it does,
//! the failure names the exact place, found by a second, path-tracking pass.

use openapiv3::OpenAPI;
use serde::Deserialize;
use serde_json::Value;

use crate::diagnostic::{push_token, Diagnostic};

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
