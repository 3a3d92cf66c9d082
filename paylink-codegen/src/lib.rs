//! paylink-codegen: reads OpenAPI descriptions of payment-link APIs (3.0, 3.1
//! or 3.2, JSON or YAML) and turns them into typed Rust.
//!
//! The pipeline reads as its modules:
//!
//! 1. [`load`]: bytes to a JSON value, keeping positions; then any
//!    [`overlay`] documents applied to it;
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
mod lex;
pub mod load;
pub mod manifest;
pub mod naming;
pub mod normalize;
pub mod options;
pub mod overlay;
pub mod parse;
pub mod providers;
pub mod resolve;
pub mod sanitize;
pub mod scope;
pub mod stack;
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
    /// The parsed model: the document in `openapiv3`'s types, its path
    /// items held compactly (see [`parse::Model`]).
    pub model: parse::Model,
    /// Warnings, each located.
    pub diagnostics: Vec<Diagnostic>,
    /// Errors that refuse only the operations that reach them, located
    /// (empty unless read with [`read_spec_scoped`]).
    pub scoped: Vec<scope::Scoped>,
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

/// Reads, normalizes, checks and parses the spec at `path`. Every
/// operation counts: an error in any of them refuses the spec.
pub fn read_spec(path: &Path) -> Result<Spec, SpecError> {
    finish(|| load::load_file(path), &[], true)
}

/// As [`read_spec`], with `overlays` applied (see [`read_spec_overlaid`]).
pub fn read_spec_file_overlaid(
    path: &Path,
    overlays: &[overlay::Overlay],
) -> Result<Spec, SpecError> {
    finish(|| load::load_file(path), overlays, true)
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
    read_spec_overlaid(name, text, &[])
}

/// As [`read_spec_str`], with `overlays` applied in order to the loaded
/// document before anything else reads it. Their warnings come first,
/// located in the overlay files; an overlay's error stops the reading.
pub fn read_spec_overlaid(
    name: &str,
    text: &str,
    overlays: &[overlay::Overlay],
) -> Result<Spec, SpecError> {
    finish(|| load::load_str(name, text.to_string()), overlays, true)
}

/// As [`read_spec_overlaid`], but errors inside operations, and
/// references that point nowhere, are set aside in [`Spec::scoped`] for
/// the caller to judge by the operations it keeps ([`scope::split`]);
/// operations the 3.0 reader cannot hold are taken out.
pub fn read_spec_scoped(
    name: &str,
    text: &str,
    overlays: &[overlay::Overlay],
) -> Result<Spec, SpecError> {
    finish(|| load::load_str(name, text.to_string()), overlays, false)
}

/// Loads with `load` and reads the result, on the [`stack::deep`] stack.
fn finish(
    load: impl FnOnce() -> Result<load::Loaded, Box<load::LoadFailure>> + Send,
    overlays: &[overlay::Overlay],
    strict: bool,
) -> Result<Spec, SpecError> {
    stack::deep(|| finish_here(load(), overlays, strict, Keep::Both))
}

/// As [`read_spec_file_overlaid`], for a caller that needs only the model
/// (see [`read_spec_model`]).
pub(crate) fn read_spec_file_model(
    path: &Path,
    overlays: &[overlay::Overlay],
) -> Result<Spec, SpecError> {
    stack::deep(|| finish_here(load::load_file(path), overlays, true, Keep::Model))
}

/// As [`read_spec_scoped`], for a caller that needs only the model:
/// [`Spec::document`] is left empty, and each path item's JSON is dropped
/// as soon as it is read, so that the document and the model are never
/// held whole at once.
pub(crate) fn read_spec_model(
    name: &str,
    text: &str,
    overlays: &[overlay::Overlay],
) -> Result<Spec, SpecError> {
    stack::deep(|| {
        finish_here(
            load::load_str(name, text.to_string()),
            overlays,
            false,
            Keep::Model,
        )
    })
}

/// As [`read_spec_overlaid`] (every operation counts), keeping only what
/// `keep` says: for a caller that needs the two at different times, so
/// that it never holds both (`diff` of two big specs).
pub(crate) fn read_spec_keeping(
    name: &str,
    text: &str,
    overlays: &[overlay::Overlay],
    keep: Keep,
) -> Result<Spec, SpecError> {
    stack::deep(|| finish_here(load::load_str(name, text.to_string()), overlays, true, keep))
}

/// What a read keeps of a spec.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Keep {
    /// The normalized document and the model.
    Both,
    /// The model only: [`Spec::document`] is `null`, and each path item's
    /// JSON is dropped as soon as it is in the model.
    Model,
    /// The normalized document only: the document is not parsed, and
    /// [`Spec::model`] is empty. Errors only the parse finds are not seen.
    Document,
}

fn finish_here(
    loaded: Result<load::Loaded, Box<load::LoadFailure>>,
    overlays: &[overlay::Overlay],
    strict: bool,
    keep: Keep,
) -> Result<Spec, SpecError> {
    let loaded = loaded.map_err(|f| SpecError {
        source: f.source.map(Box::new),
        diagnostics: f.diagnostics.into_vec(),
    })?;
    let load::Loaded {
        source,
        mut value,
        mut diagnostics,
    } = loaded;
    let mut overlaid = apply_overlays(&mut value, overlays)?;
    let mut scoped = Vec::new();
    let mut outcome = stages(&mut value, &mut diagnostics, &mut scoped, keep);
    if keep == Keep::Model {
        value = serde_json::Value::Null;
    }
    if strict || outcome.is_none() {
        // Every operation counts, or the spec is refused anyway: the
        // scoped errors are errors like the others.
        diagnostics.extend_from(scope::split(&scoped, &[], &[]));
        scoped.clear();
        outcome = outcome.filter(|_| !diagnostics.has_errors());
    }
    source.locate_all(diagnostics.items_mut());
    overlaid.extend(diagnostics.into_vec());
    let diagnostics = overlaid;
    match outcome {
        Some((source_version, model)) => {
            for s in &mut scoped {
                source.locate_all(std::slice::from_mut(&mut s.diagnostic));
            }
            Ok(Spec {
                source,
                source_version,
                document: value,
                model,
                diagnostics,
                scoped,
            })
        }
        None => Err(SpecError {
            source: Some(Box::new(source)),
            diagnostics,
        }),
    }
}

/// Applies each overlay in turn; the first with an error stops, and the
/// error names the overlay's file.
fn apply_overlays(
    value: &mut serde_json::Value,
    overlays: &[overlay::Overlay],
) -> Result<Vec<Diagnostic>, SpecError> {
    let mut found = Vec::new();
    for overlay in overlays {
        found.extend(overlay.apply(value));
        if found.iter().any(Diagnostic::is_error) {
            let source = overlay.source();
            return Err(SpecError {
                source: Some(Box::new(Source::new(
                    source.name(),
                    source.text().to_string(),
                    source.format(),
                ))),
                diagnostics: found,
            });
        }
    }
    Ok(found)
}

/// Normalize, resolve, parse; `None` after the first stage with errors
/// that are not scoped to operations (those go to `scoped`).
fn stages(
    value: &mut serde_json::Value,
    diagnostics: &mut Diagnostics,
    scoped: &mut Vec<scope::Scoped>,
    keep: Keep,
) -> Option<(String, parse::Model)> {
    let mut normalized = normalize::normalize(value, diagnostics)?;
    let taken_out = scope::operation_errors(value, diagnostics);
    let any_taken_out = !taken_out.is_empty();
    scoped.extend(taken_out);
    if diagnostics.has_errors() {
        return None;
    }
    if any_taken_out {
        // References inside operations taken out are gone with them.
        normalized
            .refs
            .retain(|r| resolve::lookup(value, &r.pointer).is_some());
    }
    let unresolved = resolve::resolve(value, &mut normalized, diagnostics);
    scoped.extend(scope::reference_errors(
        value,
        &normalized.refs,
        &unresolved,
        diagnostics,
    ));
    if diagnostics.has_errors() {
        return None;
    }
    let model = match keep {
        Keep::Document => Some(parse::Model::default()),
        Keep::Both | Keep::Model => parse(value, diagnostics, scoped, keep == Keep::Model),
    };
    model.map(|model| (normalized.source_version, model))
}

/// Parses the document; an operation the model cannot hold is scoped and
/// taken out, and the rest parsed again (once per such operation).
fn parse(
    value: &mut serde_json::Value,
    diagnostics: &mut Diagnostics,
    scoped: &mut Vec<scope::Scoped>,
    consume: bool,
) -> Option<parse::Model> {
    loop {
        let failure = match parse::to_openapi(value, consume) {
            Ok(api) => return Some(api),
            Err(d) => *d,
        };
        let refused = parse::refused_operations(value);
        if refused.is_empty() {
            diagnostics.push(failure);
            return None;
        }
        diagnostics.extend_from(refused);
        let before = scoped.len();
        scoped.extend(scope::operation_errors(value, diagnostics));
        if scoped.len() == before {
            return None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An operation the `openapiv3` model cannot hold (normalization
    /// repairs every case known, so the document is written by hand) is
    /// taken out and scoped; the rest parses.
    #[test]
    fn an_operation_the_model_refuses_is_taken_out_and_the_rest_parses() {
        let mut document = serde_json::json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {
                "/ok": {"get": {"operationId": "fine", "responses": {}}},
                "/bad": {"post": {
                    "operationId": "bad",
                    "parameters": [{"name": "p", "in": "body"}],
                    "responses": {}
                }}
            }
        });
        let mut diagnostics = Diagnostics::default();
        let mut scoped = Vec::new();
        let api = parse(&mut document, &mut diagnostics, &mut scoped, false);
        let api = api.unwrap_or_else(|| panic!("{diagnostics:?}"));
        assert_eq!(api.operations().count(), 1);
        assert!(!diagnostics.has_errors(), "{diagnostics:?}");
        assert_eq!(scoped.len(), 1);
        assert!(scoped[0]
            .diagnostic
            .pointer
            .starts_with("#/paths/~1bad/post"));
        assert_eq!(scoped[0].operations[0].operation_id.as_deref(), Some("bad"));
    }
}
