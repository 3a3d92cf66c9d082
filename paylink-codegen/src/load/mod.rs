//! Stage 1, load: bytes to a JSON value, from JSON or YAML.
//!
//! The value is what later stages work on; the [`Source`] keeps the text so
//! that any JSON pointer can be turned back into file, line and column.

mod json;
mod layout;
mod members;
mod parts;
mod source;
mod yaml;

pub use layout::Layout;
pub(crate) use members::Members;
pub use source::{Format, Source, Span};

use std::path::Path;

use serde_json::Value;

use crate::diagnostic::{Diagnostic, Diagnostics, Location};

/// Deepest nesting either reader accepts, so a hostile file cannot overflow
/// the stack of this or any later stage.
pub const MAX_DEPTH: usize = 128;

/// A document that could be read, with what was wrong in it.
#[derive(Debug)]
pub struct Loaded {
    /// The file and its text.
    pub source: Source,
    /// The document as JSON.
    pub value: Value,
    /// Warnings found while reading (bad escapes, integer keys, ...).
    pub diagnostics: Diagnostics,
}

/// Why a document could not be read at all.
#[derive(Debug)]
pub struct LoadFailure {
    /// The file, when its text could be decoded.
    pub source: Option<Source>,
    /// The located error, plus any warnings found before it.
    pub diagnostics: Diagnostics,
}

/// A reader's fatal error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// Byte offset of the problem.
    pub offset: usize,
    /// JSON pointer of the node being read (filled in by the reader).
    pub pointer: String,
    /// What is wrong.
    pub message: String,
    /// What to do.
    pub hint: String,
}

/// A reader's warning.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseWarning {
    /// Byte offset of the problem.
    pub offset: usize,
    /// JSON pointer of the enclosing node.
    pub pointer: String,
    /// What is wrong.
    pub message: String,
    /// What to do.
    pub hint: String,
}

/// Reads a spec file from disk.
pub fn load_file(path: &Path) -> Result<Loaded, Box<LoadFailure>> {
    let name = path.display().to_string();
    match std::fs::read(path) {
        Ok(bytes) => load_bytes(&name, &bytes),
        Err(e) => Err(Box::new(LoadFailure {
            source: None,
            diagnostics: single(
                Diagnostic::error("#", format!("cannot read {name}: {e}"))
                    .with_hint("check the path and the file's permissions")
                    .at(crate::diagnostic::Location {
                        file: name,
                        line: 1,
                        column: 1,
                        offset: 0,
                        len: 0,
                    }),
            ),
        })),
    }
}

/// Reads a spec from bytes; `name` is used in diagnostics and decides the
/// format by its extension (`.json`, `.yaml`, `.yml`; otherwise sniffed).
pub fn load_bytes(name: &str, bytes: &[u8]) -> Result<Loaded, Box<LoadFailure>> {
    load_str(name, decode_text(name, bytes)?)
}

/// A file's bytes as text: a UTF-8 byte-order mark dropped, and a byte
/// that is not UTF-8 a located error.
pub fn decode_text(name: &str, bytes: &[u8]) -> Result<String, Box<LoadFailure>> {
    decode(bytes).map_err(|offset| {
        let valid = String::from_utf8_lossy(&bytes[..offset]).into_owned();
        let prefix = Source::new(name, valid, Format::Json);
        let location = prefix.location(Span {
            start: offset,
            end: offset + 1,
        });
        let d = Diagnostic::error("#", format!("the file is not valid UTF-8 (byte {offset})"))
            .with_hint("save the file as UTF-8")
            .at(Location { offset, ..location });
        Box::new(LoadFailure {
            source: None,
            diagnostics: single(d),
        })
    })
}

/// Reads a spec from text (a leading byte-order mark is dropped).
pub fn load_str(name: &str, text: String) -> Result<Loaded, Box<LoadFailure>> {
    let text = match text.strip_prefix('\u{FEFF}') {
        Some(rest) => rest.to_string(),
        None => text,
    };
    let format = detect_format(name, &text);
    let mut source = Source::new(name, text, format);
    if source.text().trim().is_empty() {
        let d = Diagnostic::error("#", "the file is empty")
            .with_hint("an OpenAPI document starts with `openapi: 3.x.y`");
        return Err(fail(source, d));
    }
    match parse(&source) {
        Ok((value, layout, warnings)) => {
            source.set_layout(layout);
            let diagnostics = warnings_to_diagnostics(&source, warnings);
            Ok(Loaded {
                source,
                value,
                diagnostics,
            })
        }
        Err(e) => {
            let pointer = if e.pointer.is_empty() {
                "#".to_string()
            } else {
                e.pointer
            };
            let d = Diagnostic::error(pointer, e.message)
                .with_hint(e.hint)
                .at(source.location(Span {
                    start: e.offset,
                    end: e.offset + 1,
                }));
            Err(fail(source, d))
        }
    }
}

fn fail(source: Source, mut d: Diagnostic) -> Box<LoadFailure> {
    if d.location.is_none() {
        d.location = Some(source.location(Span { start: 0, end: 0 }));
    }
    Box::new(LoadFailure {
        source: Some(source),
        diagnostics: single(d),
    })
}

fn single(d: Diagnostic) -> Diagnostics {
    let mut all = Diagnostics::default();
    all.push(d);
    all
}

/// The text without a byte-order mark, or the offset of the first byte that
/// is not UTF-8.
fn decode(bytes: &[u8]) -> Result<String, usize> {
    let (bom, bytes) = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => (3, rest),
        None => (0, bytes),
    };
    String::from_utf8(bytes.to_vec()).map_err(|e| bom + e.utf8_error().valid_up_to())
}

fn detect_format(name: &str, text: &str) -> Format {
    let lower = name.to_ascii_lowercase();
    if lower.ends_with(".json") {
        return Format::Json;
    }
    if lower.ends_with(".yaml") || lower.ends_with(".yml") {
        return Format::Yaml;
    }
    match text.trim_start().as_bytes().first() {
        Some(b'{' | b'[') => Format::Json,
        _ => Format::Yaml,
    }
}

fn parse(source: &Source) -> Result<json::Parsed, ParseError> {
    match source.format() {
        Format::Json => json::parse(source.text()),
        Format::Yaml => yaml::parse(source),
    }
}

fn warnings_to_diagnostics(source: &Source, warnings: Vec<ParseWarning>) -> Diagnostics {
    let mut out = Diagnostics::default();
    for w in warnings {
        let location = source.location(Span {
            start: w.offset,
            end: w.offset + 1,
        });
        out.push(
            Diagnostic::warning(w.pointer, w.message)
                .with_hint(w.hint)
                .at(location),
        );
    }
    out
}
