//! A YAML 1.2 reader that builds a JSON value and keeps positions.
//!
//! Events come from `saphyr-parser`; this module resolves scalars by the
//! YAML 1.2 core schema (so `2022-03-10` stays a string, as JSON would have
//! it), expands aliases and `<<` merge keys, and turns non-string mapping
//! keys (`200:`) into strings with a warning, since OpenAPI keys are strings.
//!
//! Aliases are where a small YAML file becomes a huge value (the "billion
//! laughs" and merge-key bombs), so every expansion is paid for: the nodes
//! and string bytes an alias copies are counted against a budget that grows
//! with what the file writes out (as go-yaml's alias ratio does), and the
//! depth an alias rebuilds counts against [`MAX_DEPTH`] like written nesting.
//! Each limit is checked before the copy is made, and stops the read with a
//! located error.

use std::borrow::Cow;
use std::collections::HashMap;

use saphyr_parser::{Event, Parser, ScalarStyle, ScanError, Span as YSpan, StrInput, Tag};
use serde_json::{Number, Value};

use super::json::Parsed;
use super::layout::Layout;
use super::source::{Source, Span};
use super::{Members, ParseError, ParseWarning, MAX_DEPTH};

/// Nodes aliases may copy beyond the number the file writes out: aliases
/// can at most double a document, plus this many nodes (a few megabytes).
pub const ALIAS_NODE_ALLOWANCE: usize = 100_000;

/// String bytes (keys and values) aliases may copy beyond the file's own
/// length.
pub const ALIAS_BYTE_ALLOWANCE: usize = 10 << 20;
use crate::diagnostic::push_token;

/// Reads the first YAML document of `source`, recording where every node is:
/// a large document a run of members at a time on several threads
/// ([`super::parts`]) when it is written so that this reads it to the
/// same result, and in one pass otherwise.
pub fn parse(source: &Source) -> Result<Parsed, ParseError> {
    match super::parts::parse(source) {
        Some(parsed) => Ok(parsed),
        None => parse_whole(source),
    }
}

/// Reads the first YAML document of `source` in one pass.
pub(super) fn parse_whole(source: &Source) -> Result<Parsed, ParseError> {
    let mut b = Builder::new(source, None);
    let value = b.document().map_err(|mut e| {
        e.pointer.clone_from(&b.pointer);
        e
    })?;
    Ok((value, b.layout, b.warnings))
}

/// A part of the source read on its own: whole members of one block
/// mapping, written at the start of a line.
#[derive(Clone, Debug)]
pub(super) struct Part {
    /// The part's bytes in the source.
    pub range: std::ops::Range<usize>,
    /// The lines of the source before it.
    pub line: usize,
    /// The pointer of the mapping whose members it holds.
    pub pointer: String,
    /// The collections around that mapping.
    pub depth: usize,
}

/// What a [`Part`] holds: its members, the layout of its mapping (the
/// mapping's own node first) and the warnings it gave, in order.
pub(super) type PartRead = (serde_json::Map<String, Value>, Layout, Vec<ParseWarning>);

/// Reads one part of the source; `None` when it is not a mapping, does
/// not read, or holds an anchor, an alias or a merge key (which can reach
/// past the part, so only the whole document reads them as it should).
pub(super) fn parse_part(source: &Source, part: Part) -> Option<PartRead> {
    let mut b = Builder::new(source, Some(part));
    let value = b.document().ok()?;
    match value {
        Value::Object(members) if !b.shared => Some((members, b.layout, b.warnings)),
        _ => None,
    }
}

struct Builder<'a> {
    source: &'a Source,
    /// For ASCII text a character index is a byte offset.
    ascii: bool,
    /// Where the text read starts in the source: its byte and the lines
    /// before it.
    origin: (usize, usize),
    /// Whether an anchor, an alias or a merge key was read.
    shared: bool,
    /// Whether the text read is a [`Part`], which stops at the first
    /// thing shared.
    in_part: bool,
    parser: Parser<'a, StrInput<'a>>,
    anchors: HashMap<usize, Anchored>,
    layout: Layout,
    pointer: String,
    warnings: Vec<ParseWarning>,
    /// Mappings and sequences open around the current event.
    depth: usize,
    /// Nodes the file writes out (every event that makes a node).
    written: usize,
    /// What aliases copied so far.
    copied: Size,
}

/// How big a value is: its nodes, the bytes of its strings, and its height
/// (0 for a scalar, 1 + the tallest member for a collection).
#[derive(Clone, Copy, Debug, Default)]
struct Size {
    nodes: usize,
    bytes: usize,
    height: usize,
}

impl Size {
    fn scalar(value: &Value) -> Self {
        let bytes = match value {
            Value::String(s) => s.len(),
            _ => 0,
        };
        Size {
            nodes: 1,
            bytes,
            height: 0,
        }
    }

    /// Adds a member of a collection (and its key's bytes).
    fn add_member(&mut self, member: Size, key_bytes: usize) {
        self.nodes = self.nodes.saturating_add(member.nodes);
        self.bytes = self.bytes.saturating_add(member.bytes + key_bytes);
        self.height = self.height.max(member.height + 1);
    }
}

/// A node read: the value and its size.
type Read = Result<(Value, Size), ParseError>;

/// An anchored value, with its size so an alias can be priced before it
/// is copied.
struct Anchored {
    value: Value,
    size: Size,
}

/// A scalar event's parts.
struct Scalar<'a> {
    text: Cow<'a, str>,
    style: ScalarStyle,
    tag: Option<Cow<'a, Tag>>,
}

impl<'a> Builder<'a> {
    /// A builder for the whole source, or for one part of it.
    fn new(source: &'a Source, part: Option<Part>) -> Self {
        let text = source.text();
        let in_part = part.is_some();
        let part = part.unwrap_or_else(|| Part {
            range: 0..text.len(),
            line: 0,
            pointer: String::from("#"),
            depth: 0,
        });
        let range = part.range.start..part.range.end.min(text.len());
        let read = &text[range.clone()];
        Builder {
            source,
            // Character indexes count from the start of the text read.
            ascii: read.is_ascii(),
            origin: (range.start, part.line),
            shared: false,
            in_part,
            parser: Parser::new_from_str(read),
            anchors: HashMap::new(),
            layout: Layout::default(),
            pointer: part.pointer,
            warnings: Vec::new(),
            depth: part.depth,
            written: 0,
            copied: Size::default(),
        }
    }

    fn byte(&self, m: saphyr_parser::Marker) -> usize {
        if self.ascii {
            self.origin.0 + m.index()
        } else {
            self.source.offset_of(self.origin.1 + m.line(), m.col())
        }
    }

    fn offset(&self, span: &YSpan) -> usize {
        self.byte(span.start)
    }

    fn byte_span(&self, span: &YSpan) -> Span {
        Span {
            start: self.byte(span.start),
            end: self.byte(span.end),
        }
    }

    /// Reads the node that starts with `ev` as a node of the layout.
    fn located(
        &mut self,
        key: Option<Span>,
        ev: Event<'a>,
        span: YSpan,
    ) -> Result<(Value, Size), ParseError> {
        let handle = self.layout.open(key, self.offset(&span));
        let value = self.node(ev, span)?;
        self.layout.close(handle);
        Ok(value)
    }

    fn scan_error(&self, e: &ScanError) -> ParseError {
        let m = e.marker();
        let mut offset = self.source.offset_of(self.origin.1 + m.line(), m.col());
        if e.info().contains("tab") {
            offset = first_tab_of_line(self.source.text(), offset);
        }
        let hint = if e.info().contains("tab") {
            "YAML indentation must use spaces; replace the tab characters"
        } else if offset >= self.source.text().len() {
            "the file ends inside a value; check that it was written completely"
        } else {
            "fix the YAML syntax at this position"
        };
        ParseError {
            pointer: String::new(),
            offset,
            message: format!("invalid YAML: {}", e.info()),
            hint: hint.into(),
        }
    }

    fn next(&mut self) -> Result<(Event<'a>, YSpan), ParseError> {
        if self.shared && self.in_part {
            // A part that shares stops here: the whole document is read.
            return Err(ParseError {
                pointer: String::new(),
                offset: self.origin.0,
                message: "an anchor, alias or merge key in a part".into(),
                hint: String::new(),
            });
        }
        match self.parser.next_event() {
            Some(Ok(ev)) => Ok(ev),
            Some(Err(e)) => Err(self.scan_error(&e)),
            None => Err(ParseError {
                pointer: String::new(),
                offset: self.source.text().len(),
                message: "unexpected end of the YAML stream".into(),
                hint: "the file ends inside a value; check that it was written completely".into(),
            }),
        }
    }

    fn warn(&mut self, span: &YSpan, message: String, hint: &str) {
        let offset = self.offset(span);
        self.warnings.push(ParseWarning {
            offset,
            pointer: self.pointer.clone(),
            message,
            hint: hint.into(),
        });
    }

    fn document(&mut self) -> Result<Value, ParseError> {
        loop {
            let (ev, span) = self.next()?;
            match ev {
                Event::StreamStart | Event::DocumentStart(_) | Event::Nothing => continue,
                Event::StreamEnd => {
                    return Err(ParseError {
                        pointer: String::new(),
                        offset: 0,
                        message: "the file holds no YAML document".into(),
                        hint: "an OpenAPI document starts with `openapi: 3.x.y`".into(),
                    })
                }
                ev => {
                    let (value, _) = self.located(None, ev, span)?;
                    self.finish()?;
                    return Ok(value);
                }
            }
        }
    }

    fn finish(&mut self) -> Result<(), ParseError> {
        loop {
            let (ev, span) = self.next()?;
            match ev {
                Event::DocumentEnd | Event::Nothing => continue,
                Event::StreamEnd => return Ok(()),
                _ => {
                    self.warn(
                        &span,
                        "the file holds more than one YAML document: only the first is read".into(),
                        "split the documents into separate files",
                    );
                    return Ok(());
                }
            }
        }
    }

    fn node(&mut self, ev: Event<'a>, span: YSpan) -> Result<(Value, Size), ParseError> {
        self.written += 1;
        let (read, anchor) = match ev {
            Event::Scalar(text, style, anchor, tag) => {
                let v = self.scalar(&Scalar { text, style, tag }, &span);
                let size = Size::scalar(&v);
                ((v, size), anchor)
            }
            Event::SequenceStart(anchor, _) => (self.nested(Self::sequence, span)?, anchor),
            Event::MappingStart(anchor, _) => (self.nested(Self::mapping, span)?, anchor),
            Event::Alias(id) => return self.alias(id, &span),
            _ => {
                return Err(ParseError {
                    pointer: String::new(),
                    offset: self.offset(&span),
                    message: "unexpected YAML event".into(),
                    hint: "fix the YAML syntax at this position".into(),
                })
            }
        };
        if anchor > 0 {
            self.shared = true;
            let (value, size) = &read;
            let anchored = Anchored {
                value: value.clone(),
                size: *size,
            };
            self.anchors.insert(anchor, anchored);
        }
        Ok(read)
    }

    /// A copy of an anchored value, once it is known to fit the budgets.
    fn alias(&mut self, id: usize, span: &YSpan) -> Result<(Value, Size), ParseError> {
        self.shared = true;
        let Some(size) = self.anchors.get(&id).map(|a| a.size) else {
            return Ok((Value::Null, Size::scalar(&Value::Null)));
        };
        self.check_alias(size, span)?;
        self.copied.nodes += size.nodes;
        self.copied.bytes += size.bytes;
        let value = self.anchors.get(&id).map(|a| a.value.clone());
        Ok((value.unwrap_or(Value::Null), size))
    }

    /// Refuses an alias that would nest too deep or copy past the budgets.
    fn check_alias(&self, size: Size, span: &YSpan) -> Result<(), ParseError> {
        let error = |message: String, hint: &str| ParseError {
            pointer: String::new(),
            offset: self.offset(span),
            message,
            hint: hint.into(),
        };
        if self.depth + size.height > MAX_DEPTH {
            return Err(error(
                format!(
                    "this alias nests the document {} levels deep, past the limit of {MAX_DEPTH}",
                    self.depth + size.height
                ),
                "aliases nest like written values; flatten the anchored value or write it out with `$ref`",
            ));
        }
        let node_budget = ALIAS_NODE_ALLOWANCE.saturating_add(self.written);
        if self.copied.nodes.saturating_add(size.nodes) > node_budget {
            return Err(error(
                format!(
                    "YAML aliases copy more than {node_budget} nodes (the {} the file writes out plus {ALIAS_NODE_ALLOWANCE}): an alias bomb",
                    self.written
                ),
                "share repeated parts with `$ref` instead of YAML aliases, or write them out",
            ));
        }
        let byte_budget = ALIAS_BYTE_ALLOWANCE.saturating_add(self.source.text().len());
        if self.copied.bytes.saturating_add(size.bytes) > byte_budget {
            return Err(error(
                format!(
                    "YAML aliases copy more than {byte_budget} bytes of text (the file's length plus {ALIAS_BYTE_ALLOWANCE}): an alias bomb"
                ),
                "share repeated parts with `$ref` instead of YAML aliases, or write them out",
            ));
        }
        Ok(())
    }

    fn nested(
        &mut self,
        read: fn(&mut Self, YSpan) -> Read,
        span: YSpan,
    ) -> Result<(Value, Size), ParseError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(ParseError {
                pointer: String::new(),
                offset: self.offset(&span),
                message: format!("the document nests deeper than {MAX_DEPTH} levels"),
                hint: "flatten the document; no real API description nests this deep".into(),
            });
        }
        let v = read(self, span);
        self.depth -= 1;
        v
    }

    fn sequence(&mut self, _start: YSpan) -> Result<(Value, Size), ParseError> {
        let mut items = Vec::new();
        let mut size = Size {
            nodes: 1,
            bytes: 0,
            height: 1,
        };
        loop {
            let (ev, span) = self.next()?;
            if matches!(ev, Event::SequenceEnd) {
                items.shrink_to_fit();
                return Ok((Value::Array(items), size));
            }
            let len = self.pointer.len();
            push_token(&mut self.pointer, &items.len().to_string());
            let (v, item) = self.located(None, ev, span)?;
            self.pointer.truncate(len);
            size.add_member(item, 0);
            items.push(v);
        }
    }

    fn mapping(&mut self, _start: YSpan) -> Result<(Value, Size), ParseError> {
        let mut members = Members::default();
        let mut size = Size {
            nodes: 1,
            bytes: 0,
            height: 1,
        };
        loop {
            let (ev, span) = self.next()?;
            let key =
                match ev {
                    Event::MappingEnd => return Ok((members.into_value(), size)),
                    Event::Scalar(text, style, _, tag) => Scalar { text, style, tag },
                    Event::Alias(id) => self.alias_key(id, &span)?,
                    _ => return Err(ParseError {
                        pointer: String::new(),
                        offset: self.offset(&span),
                        message: "a mapping key must be a scalar".into(),
                        hint: "OpenAPI keys are strings; write the key as a plain or quoted string"
                            .into(),
                    }),
                };
            self.member(&mut members, &mut size, key, span)?;
        }
    }

    fn alias_key(&mut self, id: usize, span: &YSpan) -> Result<Scalar<'a>, ParseError> {
        self.shared = true;
        match self.anchors.get(&id).map(|a| &a.value) {
            Some(Value::String(s)) => Ok(Scalar {
                text: Cow::Owned(s.clone()),
                style: ScalarStyle::SingleQuoted,
                tag: None,
            }),
            _ => Err(ParseError {
                pointer: String::new(),
                offset: self.offset(span),
                message: "an alias used as a mapping key must name a string".into(),
                hint: "write the key out".into(),
            }),
        }
    }

    fn member(
        &mut self,
        members: &mut Members,
        size: &mut Size,
        key: Scalar<'a>,
        span: YSpan,
    ) -> Result<(), ParseError> {
        let merge = key.style == ScalarStyle::Plain && key.text == "<<" && key.tag.is_none();
        let name = self.key_string(&key, &span);
        let len = self.pointer.len();
        push_token(&mut self.pointer, &name);
        let key_span = self.byte_span(&span);
        let (ev, vspan) = self.next()?;
        let (value, value_size) = self.located(Some(key_span), ev, vspan)?;
        size.add_member(value_size, name.len());
        if merge {
            self.shared = true;
            self.pointer.truncate(len);
            merge_into(members, value);
            return Ok(());
        }
        if let Some(name) = members.insert(name, value) {
            self.warn(
                &span,
                format!("duplicate key `{name}`: the last one is used"),
                "remove one of the two entries",
            );
        }
        self.pointer.truncate(len);
        Ok(())
    }

    fn key_string(&mut self, key: &Scalar<'a>, span: &YSpan) -> String {
        let resolved = self.scalar(key, span);
        match resolved {
            Value::String(s) => s,
            other => {
                let kind = kind_name(&other);
                let text = key.text.to_string();
                let len = self.pointer.len();
                push_token(&mut self.pointer, &text);
                self.warn(
                    span,
                    format!("mapping key `{text}` is {kind}: read as the string \"{text}\""),
                    "OpenAPI keys are strings; quote the key",
                );
                self.pointer.truncate(len);
                text
            }
        }
    }

    fn scalar(&mut self, s: &Scalar<'a>, span: &YSpan) -> Value {
        if let Some(tag) = &s.tag {
            return self.tagged(s, tag, span);
        }
        if s.style != ScalarStyle::Plain {
            return Value::String(s.text.to_string());
        }
        match resolve_plain(&s.text) {
            Plain::Value(v) => v,
            Plain::NonFinite => {
                self.warn(
                    span,
                    format!("`{}` has no JSON equivalent: read as a string", s.text),
                    "use a large finite number or a string",
                );
                Value::String(s.text.to_string())
            }
        }
    }

    fn tagged(&mut self, s: &Scalar<'a>, tag: &Tag, span: &YSpan) -> Value {
        let text = s.text.as_ref();
        let value = match (tag.is_yaml_core_schema(), tag.suffix.as_str()) {
            (true, "str" | "binary" | "timestamp") => Some(Value::String(text.into())),
            (true, "null") => Some(Value::Null),
            (true, "bool" | "int" | "float") => match resolve_plain(text) {
                Plain::Value(v) if !v.is_string() && !v.is_null() => Some(v),
                _ => None,
            },
            _ => None,
        };
        value.unwrap_or_else(|| {
            self.warn(
                span,
                format!("tag `{tag}` on `{text}` is not understood: read as a string"),
                "remove the tag",
            );
            Value::String(text.into())
        })
    }
}

/// The result of resolving a plain scalar.
enum Plain {
    Value(Value),
    /// `.inf` or `.nan`, which JSON cannot hold.
    NonFinite,
}

/// Whether a plain scalar reads as a string (not null, a boolean or a
/// number) by the YAML 1.2 core schema.
pub(super) fn plain_is_string(text: &str) -> bool {
    matches!(resolve_plain(text), Plain::Value(Value::String(_)))
}

/// Resolves a plain scalar by the YAML 1.2 core schema.
fn resolve_plain(text: &str) -> Plain {
    let v = match text {
        "" | "~" | "null" | "Null" | "NULL" => Value::Null,
        "true" | "True" | "TRUE" => Value::Bool(true),
        "false" | "False" | "FALSE" => Value::Bool(false),
        _ => match number(text) {
            Some(Some(n)) => Value::Number(n),
            Some(None) => return Plain::NonFinite,
            None => Value::String(text.into()),
        },
    };
    Plain::Value(v)
}

/// `Some(Some(n))` for a number, `Some(None)` for infinities and NaN,
/// `None` for anything that is not a number.
fn number(text: &str) -> Option<Option<Number>> {
    let first = text.as_bytes()[0];
    if !(first.is_ascii_digit() || matches!(first, b'-' | b'+' | b'.')) {
        return None;
    }
    if let Some(n) = integer(text) {
        return Some(Some(n));
    }
    let lower = text.trim_start_matches(['+', '-']).to_ascii_lowercase();
    if lower == ".inf" || lower == ".nan" {
        return Some(None);
    }
    if !is_core_float(text) {
        return None;
    }
    text.parse::<f64>().ok().map(Number::from_f64)
}

fn integer(text: &str) -> Option<Number> {
    if let Some(hex) = text.strip_prefix("0x") {
        return u64::from_str_radix(hex, 16).ok().map(Number::from);
    }
    if let Some(oct) = text.strip_prefix("0o") {
        return u64::from_str_radix(oct, 8).ok().map(Number::from);
    }
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let text = text.strip_prefix('+').unwrap_or(text);
    if let Ok(i) = text.parse::<i64>() {
        return Some(i.into());
    }
    text.parse::<u64>().ok().map(Number::from)
}

/// `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`
fn is_core_float(text: &str) -> bool {
    let s = text.strip_prefix(['-', '+']).unwrap_or(text);
    let (mantissa, exponent) = match s.find(['e', 'E']) {
        Some(i) => (&s[..i], Some(&s[i + 1..])),
        None => (s, None),
    };
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits = |d: &str| d.bytes().all(|b| b.is_ascii_digit());
    let mantissa_ok = digits(int) && digits(frac) && !(int.is_empty() && frac.is_empty());
    let exponent_ok = exponent.is_none_or(|e| {
        let e = e.strip_prefix(['-', '+']).unwrap_or(e);
        !e.is_empty() && digits(e)
    });
    mantissa_ok && exponent_ok
}

/// The first tab on the line of `offset`, at or before it (the scanner
/// reports tab errors after skipping the indentation).
fn first_tab_of_line(text: &str, offset: usize) -> usize {
    let offset = offset.min(text.len());
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    text[line_start..offset]
        .find('\t')
        .map_or(offset, |i| line_start + i)
}

fn merge_into(members: &mut Members, value: Value) {
    let sources = match value {
        Value::Array(items) => items,
        other => vec![other],
    };
    for source in sources {
        if let Value::Object(entries) = source {
            for (k, v) in entries {
                members.insert_absent(k, v);
            }
        }
    }
}

fn kind_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(n) if n.is_f64() => "a float",
        Value::Number(_) => "an integer",
        Value::String(_) => "a string",
        Value::Array(_) => "a sequence",
        Value::Object(_) => "a mapping",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::source::Format;
    use serde_json::json;

    fn read(text: &str) -> (Value, Vec<ParseWarning>) {
        let s = Source::new("t.yaml", text.into(), Format::Yaml);
        let (v, _, w) = parse(&s).unwrap();
        (v, w)
    }

    #[test]
    fn core_schema_scalars() {
        let (v, _) =
            read("a: 2022-03-10\nb: 12\nc: 1.5\nd: ~\ne: yes\nf: '12'\ng: 0x1F\nh: true\n");
        assert_eq!(
            v,
            json!({"a": "2022-03-10", "b": 12, "c": 1.5, "d": null, "e": "yes", "f": "12", "g": 31, "h": true})
        );
    }

    #[test]
    fn integer_keys_become_strings_with_a_warning() {
        let (v, w) = read("responses:\n  200:\n    description: ok\n");
        assert_eq!(v, json!({"responses": {"200": {"description": "ok"}}}));
        assert_eq!(w.len(), 1);
        assert_eq!(w[0].pointer, "#/responses/200");
    }

    #[test]
    fn aliases_and_merge_keys() {
        let (v, _) = read("base: &b {x: 1, y: 2}\nuse: *b\nmerged:\n  <<: *b\n  y: 3\n");
        assert_eq!(v["use"], json!({"x": 1, "y": 2}));
        assert_eq!(v["merged"], json!({"x": 1, "y": 3}));
    }

    #[test]
    fn spans_point_at_keys() {
        let text = "a:\n  b: [1, 2]\n";
        let s = Source::new("t.yaml", text.into(), Format::Yaml);
        let (_, layout, _) = parse(&s).unwrap();
        let b = layout.find(text, &["a".to_string(), "b".into()]);
        assert_eq!(s.location(b).line, 2);
        let item = layout.find(text, &["a".to_string(), "b".into(), "1".into()]);
        assert_eq!(s.location(item).column, 10);
    }

    fn refused(text: &str) -> ParseError {
        let s = Source::new("t.yaml", text.into(), Format::Yaml);
        parse(&s).expect_err("the document is refused")
    }

    #[test]
    fn billion_laughs_is_refused_at_the_alias_that_breaks_the_budget() {
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..10 {
            let refs = vec![format!("*a{}", i - 1); 10].join(", ");
            text.push_str(&format!("a{i}: &a{i} [{refs}]\n"));
        }
        let e = refused(&text);
        assert!(e.message.contains("alias bomb"), "{e:?}");
        let line = text[..e.offset].matches('\n').count() + 1;
        assert!((5..=10).contains(&line), "located at line {line}: {e:?}");
    }

    #[test]
    fn merge_key_bomb_is_refused() {
        let mut text = String::from("m0: &m0 {k0: v, k1: v, k2: v, k3: v}\n");
        for i in 1..12 {
            let members: Vec<String> = (0..8)
                .map(|j| format!("c{j}: {{<<: *m{}}}", i - 1))
                .collect();
            text.push_str(&format!(
                "m{i}: &m{i} {{<<: *m{}, {}}}\n",
                i - 1,
                members.join(", ")
            ));
        }
        assert!(refused(&text).message.contains("alias bomb"));
    }

    #[test]
    fn aliases_count_against_the_depth_limit() {
        let mut text = String::from("d0: &d0 {x: 1}\n");
        for i in 1..200 {
            text.push_str(&format!("d{i}: &d{i} {{n: *d{}}}\n", i - 1));
        }
        let e = refused(&text);
        assert!(e.message.contains("levels deep"), "{e:?}");
        assert!(e.hint.contains("flatten"), "{e:?}");
    }

    #[test]
    fn long_strings_copied_by_aliases_are_counted() {
        let long = "y".repeat(1 << 20);
        let mut text = format!("s: &s {long}\nl:\n");
        for _ in 0..40 {
            text.push_str("  - *s\n");
        }
        assert!(refused(&text).message.contains("bytes"));
    }

    #[test]
    fn ordinary_sharing_is_accepted() {
        let mut text = String::from("base: &b {type: object, properties: {id: {type: string}}}\n");
        for i in 0..500 {
            text.push_str(&format!("s{i}: *b\n"));
        }
        let (v, _) = read(&text);
        assert_eq!(v["s499"]["properties"]["id"]["type"], "string");
    }

    #[test]
    fn tabs_are_a_located_error() {
        let s = Source::new("t.yaml", "a:\n\tb: 1\n".into(), Format::Yaml);
        let e = parse(&s).unwrap_err();
        assert!(e.hint.contains("tab"), "{e:?}");
    }
}
