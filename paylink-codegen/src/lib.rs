//! paylink-codegen: reads OpenAPI descriptions of payment-link APIs (3.0, 3.1
//! or 3.2, JSON or YAML) and turns them into typed Rust.
//!
//! The pipeline reads as its modules:
//!
//! 1. [`load`]: bytes to a JSON value, keeping positions;
//! 2. [`normalize`]: 3.1 and 3.2 lowered to the 3.0 shape, defects repaired;
//! 3. [`resolve`]: every `$ref` checked, loops found;
//! 4. [`parse`]: the result read into the `openapiv3` model;
//! 5. [`ir`]: lowered to the generator's plain-data representation;
//! 6. [`emit`]: types, client and server as one formatted Rust module;
//! 7. [`write`]: onto disk, only when the content changed.
//!
//! [`generate`] runs them all for one spec with the [`Options`] declared
//! in [`options`]; [`Config`] is the build.rs front end over it, and
//! [`expand`] the `provider!` macro's.
//!
//! For spec drift: [`check`] compares generated files (the built-in
//! providers, or those a [`manifest`] lists) with what the generator writes
//! today, and [`diff`] reports what changed between two versions of a spec
//! and whom it breaks.
//!
//! Each stage collects its diagnostics; the pipeline stops after a stage
//! that found errors. [`read_spec`] runs them all.

pub mod check;
pub mod cli;
pub mod config;
pub mod diagnostic;
pub mod diff;
pub mod emit;
pub mod expand;
pub mod generate;
pub mod ir;
pub mod load;
pub mod manifest;
pub mod naming;
pub mod normalize;
pub mod options;
pub mod parse;
pub mod providers;
pub mod resolve;
pub mod sanitize;
pub mod write;

use std::path::Path;

pub use config::{Config, Error};
pub use diagnostic::{Diagnostic, Diagnostics, Location, Severity};
pub use load::Source;
pub use options::Options;

/// A spec that was read: the normalized document and its `openapiv3` model.
#[derive(Debug)]
pub struct Spec {
    /// The file and its text, for locating diagnostics.
    pub source: Source,
    /// The `openapi` version the file declared.
    pub source_version: String,
    /// The normalized document (OpenAPI 3.0.3 with `x-oas-` extensions).
    pub document: serde_json::Value,
    /// The parsed model.
    pub openapi: openapiv3::OpenAPI,
    /// Warnings, each located.
    pub diagnostics: Vec<Diagnostic>,
}

/// A spec that could not be read.
#[derive(Debug)]
pub struct SpecError {
    /// The file and its text, when it could be decoded.
    pub source: Option<Box<Source>>,
    /// Located diagnostics; at least one is an error.
    pub diagnostics: Vec<Diagnostic>,
}

impl std::fmt::Display for SpecError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let errors: Vec<String> = self
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .map(ToString::to_string)
            .collect();
        f.write_str(&errors.join("\n"))
    }
}

impl std::error::Error for SpecError {}

/// Reads, normalizes, checks and parses the spec at `path`.
pub fn read_spec(path: &Path) -> Result<Spec, SpecError> {
    finish(load::load_file(path))
}

/// The text of the spec file at `path`: a byte-order mark dropped, bytes
/// that are not UTF-8 a located error, I/O errors an error naming the file.
/// Every command that reads a spec file reads it through this.
pub fn read_spec_text(path: &Path) -> Result<String, SpecError> {
    let name = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| SpecError {
        source: None,
        diagnostics: vec![Diagnostic::error("#", format!("cannot read {name}: {e}"))
            .with_hint("check the path and the file's permissions")],
    })?;
    load::decode_text(&name, &bytes).map_err(|f| SpecError {
        source: f.source.map(Box::new),
        diagnostics: f.diagnostics.into_vec(),
    })
}

/// As [`read_spec`], from text; `name` names the file in diagnostics and
/// decides JSON or YAML by its extension.
pub fn read_spec_str(name: &str, text: &str) -> Result<Spec, SpecError> {
    finish(load::load_str(name, text.to_string()))
}

fn finish(loaded: Result<load::Loaded, Box<load::LoadFailure>>) -> Result<Spec, SpecError> {
    let loaded = loaded.map_err(|f| SpecError {
        source: f.source.map(Box::new),
        diagnostics: f.diagnostics.into_vec(),
    })?;
    let load::Loaded {
        source,
        mut value,
        mut diagnostics,
    } = loaded;
    let outcome = stages(&mut value, &mut diagnostics);
    source.locate_all(diagnostics.items_mut());
    let diagnostics = diagnostics.into_vec();
    match outcome {
        Some((source_version, openapi)) => Ok(Spec {
            source,
            source_version,
            document: value,
            openapi,
            diagnostics,
        }),
        None => Err(SpecError {
            source: Some(Box::new(source)),
            diagnostics,
        }),
    }
}

/// Normalize, resolve, parse; `None` after the first stage with errors.
fn stages(
    value: &mut serde_json::Value,
    diagnostics: &mut Diagnostics,
) -> Option<(String, openapiv3::OpenAPI)> {
    let mut normalized = normalize::normalize(value, diagnostics)?;
    if diagnostics.has_errors() {
        return None;
    }
    resolve::resolve(value, &mut normalized, diagnostics);
    if diagnostics.has_errors() {
        return None;
    }
    match parse::to_openapi(value) {
        Ok(api) => Some((normalized.source_version, api)),
        Err(d) => {
            diagnostics.push(*d);
            None
        }
    }
}
