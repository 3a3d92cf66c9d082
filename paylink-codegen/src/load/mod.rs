//! Stage 1, load: bytes to a JSON value, from JSON or YAML.
//!
//! The value is what later stages work on; the [`Source`] keeps the text so
//! that any JSON pointer can be turned back into file, line and column.

mod json;
mod layout;
mod source;
mod yaml;

pub use layout::Layout;
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

/// Members of small maps are compared by a scan rather than a hash.
const SCANNED: usize = 16;

/// The members of a JSON object as a reader collects them. A spec holds
/// a great many small objects: up to [`SCANNED`] members are kept in a
/// list and a key is found by comparing it with each (cheaper than
/// hashing it), and the finished map is built once at its exact size,
/// each key hashed once. A map built an entry at a time keeps room for
/// more (four entries and a hash table for a map of one), which made a
/// spec's document about twice the size it needs to be; a larger object
/// becomes a map as it passes [`SCANNED`] members, and gives back its
/// spare room when it ends.
#[derive(Default)]
pub(crate) struct Members {
    listed: Vec<(String, serde_json::Value)>,
    map: Option<serde_json::Map<String, serde_json::Value>>,
}

impl Members {
    /// Sets `key` to `value`, where an earlier member with that key stood
    /// if there is one (the last value wins, at the first one's place);
    /// returns the key when there was one (for the reader's warning).
    pub(crate) fn insert(&mut self, key: String, value: serde_json::Value) -> Option<String> {
        use serde_json::map::Entry;
        if let Some(map) = &mut self.map {
            return match map.entry(key) {
                Entry::Vacant(slot) => {
                    slot.insert(value);
                    None
                }
                Entry::Occupied(mut slot) => {
                    slot.insert(value);
                    Some(slot.key().clone())
                }
            };
        }
        if let Some(slot) = self.listed.iter_mut().find(|(k, _)| *k == key) {
            slot.1 = value;
            return Some(key);
        }
        self.push(key, value);
        None
    }

    /// Adds `key` unless a member already has it (a YAML merge key's
    /// members, which do not override the mapping's own).
    pub(crate) fn insert_absent(&mut self, key: String, value: serde_json::Value) {
        if let Some(map) = &mut self.map {
            map.entry(key).or_insert(value);
        } else if !self.listed.iter().any(|(k, _)| *k == key) {
            self.push(key, value);
        }
    }

    fn push(&mut self, key: String, value: serde_json::Value) {
        self.listed.push((key, value));
        if self.listed.len() > SCANNED {
            let mut map = serde_json::Map::with_capacity(2 * SCANNED);
            map.extend(self.listed.drain(..));
            self.map = Some(map);
        }
    }

    /// The object, with no spare capacity.
    pub(crate) fn into_value(self) -> serde_json::Value {
        let map = match self.map {
            Some(map) => map.into_iter().collect(),
            None => {
                let mut map = serde_json::Map::with_capacity(self.listed.len());
                map.extend(self.listed);
                map
            }
        };
        serde_json::Value::Object(map)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The same members, small enough to be scanned and large enough to
    /// be hashed: duplicates keep the first place and the last value, and
    /// a merged member never overrides one already there.
    #[test]
    fn members_keep_order_and_the_last_duplicate() {
        for count in [3, SCANNED + 5] {
            let mut members = Members::default();
            for i in 0..count {
                assert_eq!(members.insert(format!("k{i}"), Value::from(i)), None);
            }
            assert_eq!(
                members.insert("k1".into(), Value::from("last")),
                Some("k1".to_string())
            );
            members.insert_absent("k0".into(), Value::from("merged"));
            members.insert_absent("new".into(), Value::from("merged"));
            let Value::Object(map) = members.into_value() else {
                panic!("an object");
            };
            let keys: Vec<&str> = map.keys().map(String::as_str).collect();
            let mut expected: Vec<String> = (0..count).map(|i| format!("k{i}")).collect();
            expected.push("new".into());
            assert_eq!(keys, expected);
            assert_eq!(map["k1"], "last");
            assert_eq!(map["k0"], 0);
            assert_eq!(map["new"], "merged");
        }
    }
}
