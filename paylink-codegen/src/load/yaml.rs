//! A YAML 1.2 reader that builds a JSON value and keeps positions.
//!
//! Events come from `saphyr-parser`; this module resolves scalars by the
//! YAML 1.2 core schema (so `2022-03-10` stays a string, as JSON would have
//! it), expands aliases and `<<` merge keys, and turns non-string mapping
//! keys (`200:`) into strings with a warning, since OpenAPI keys are strings.

use std::borrow::Cow;
use std::collections::HashMap;

use saphyr_parser::{Event, Parser, ScalarStyle, ScanError, Span as YSpan, StrInput, Tag};
use serde_json::{Map, Number, Value};

use super::json::Parsed;
use super::layout::Layout;
use super::source::{Source, Span};
use super::{ParseError, ParseWarning, MAX_DEPTH};
use crate::diagnostic::push_token;

/// Reads the first YAML document of `source`, recording where every node is.
pub fn parse(source: &Source) -> Result<Parsed, ParseError> {
    let mut b = Builder {
        source,
        ascii: source.text().is_ascii(),
        parser: Parser::new_from_str(source.text()),
        anchors: HashMap::new(),
        layout: Layout::default(),
        pointer: String::from("#"),
        warnings: Vec::new(),
        depth: 0,
    };
    let value = b.document()?;
    Ok((value, b.layout, b.warnings))
}

struct Builder<'a> {
    source: &'a Source,
    /// For ASCII text a character index is a byte offset.
    ascii: bool,
    parser: Parser<'a, StrInput<'a>>,
    anchors: HashMap<usize, Value>,
    layout: Layout,
    pointer: String,
    warnings: Vec<ParseWarning>,
    depth: usize,
}

/// A scalar event's parts.
struct Scalar<'a> {
    text: Cow<'a, str>,
    style: ScalarStyle,
    tag: Option<Cow<'a, Tag>>,
}

impl<'a> Builder<'a> {
    fn byte(&self, m: saphyr_parser::Marker) -> usize {
        if self.ascii {
            m.index()
        } else {
            self.source.offset_of(m.line(), m.col())
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
    ) -> Result<Value, ParseError> {
        let handle = self.layout.open(key, self.offset(&span));
        let value = self.node(ev, span)?;
        self.layout.close(handle);
        Ok(value)
    }

    fn scan_error(&self, e: &ScanError) -> ParseError {
        let m = e.marker();
        let mut offset = self.source.offset_of(m.line(), m.col());
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
            offset,
            message: format!("invalid YAML: {}", e.info()),
            hint: hint.into(),
        }
    }

    fn next(&mut self) -> Result<(Event<'a>, YSpan), ParseError> {
        match self.parser.next_event() {
            Some(Ok(ev)) => Ok(ev),
            Some(Err(e)) => Err(self.scan_error(&e)),
            None => Err(ParseError {
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
                        offset: 0,
                        message: "the file holds no YAML document".into(),
                        hint: "an OpenAPI document starts with `openapi: 3.x.y`".into(),
                    })
                }
                ev => {
                    let value = self.located(None, ev, span)?;
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

    fn node(&mut self, ev: Event<'a>, span: YSpan) -> Result<Value, ParseError> {
        match ev {
            Event::Scalar(text, style, anchor, tag) => {
                let v = self.scalar(&Scalar { text, style, tag }, &span);
                self.anchor(anchor, &v);
                Ok(v)
            }
            Event::SequenceStart(anchor, _) => {
                let v = self.nested(Self::sequence, span)?;
                self.anchor(anchor, &v);
                Ok(v)
            }
            Event::MappingStart(anchor, _) => {
                let v = self.nested(Self::mapping, span)?;
                self.anchor(anchor, &v);
                Ok(v)
            }
            Event::Alias(id) => Ok(self.anchors.get(&id).cloned().unwrap_or(Value::Null)),
            _ => Err(ParseError {
                offset: self.offset(&span),
                message: "unexpected YAML event".into(),
                hint: "fix the YAML syntax at this position".into(),
            }),
        }
    }

    fn anchor(&mut self, anchor: usize, value: &Value) {
        if anchor > 0 {
            self.anchors.insert(anchor, value.clone());
        }
    }

    fn nested(
        &mut self,
        read: fn(&mut Self, YSpan) -> Result<Value, ParseError>,
        span: YSpan,
    ) -> Result<Value, ParseError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(ParseError {
                offset: self.offset(&span),
                message: format!("the document nests deeper than {MAX_DEPTH} levels"),
                hint: "flatten the document; no real API description nests this deep".into(),
            });
        }
        let v = read(self, span);
        self.depth -= 1;
        v
    }

    fn sequence(&mut self, _start: YSpan) -> Result<Value, ParseError> {
        let mut items = Vec::new();
        loop {
            let (ev, span) = self.next()?;
            if matches!(ev, Event::SequenceEnd) {
                return Ok(Value::Array(items));
            }
            let len = self.pointer.len();
            push_token(&mut self.pointer, &items.len().to_string());
            let v = self.located(None, ev, span)?;
            self.pointer.truncate(len);
            items.push(v);
        }
    }

    fn mapping(&mut self, _start: YSpan) -> Result<Value, ParseError> {
        let mut map = Map::new();
        loop {
            let (ev, span) = self.next()?;
            let key =
                match ev {
                    Event::MappingEnd => return Ok(Value::Object(map)),
                    Event::Scalar(text, style, _, tag) => Scalar { text, style, tag },
                    Event::Alias(id) => self.alias_key(id, &span)?,
                    _ => return Err(ParseError {
                        offset: self.offset(&span),
                        message: "a mapping key must be a scalar".into(),
                        hint: "OpenAPI keys are strings; write the key as a plain or quoted string"
                            .into(),
                    }),
                };
            self.member(&mut map, key, span)?;
        }
    }

    fn alias_key(&mut self, id: usize, span: &YSpan) -> Result<Scalar<'a>, ParseError> {
        match self.anchors.get(&id) {
            Some(Value::String(s)) => Ok(Scalar {
                text: Cow::Owned(s.clone()),
                style: ScalarStyle::SingleQuoted,
                tag: None,
            }),
            _ => Err(ParseError {
                offset: self.offset(span),
                message: "an alias used as a mapping key must name a string".into(),
                hint: "write the key out".into(),
            }),
        }
    }

    fn member(
        &mut self,
        map: &mut Map<String, Value>,
        key: Scalar<'a>,
        span: YSpan,
    ) -> Result<(), ParseError> {
        let merge = key.style == ScalarStyle::Plain && key.text == "<<" && key.tag.is_none();
        let name = self.key_string(&key, &span);
        let len = self.pointer.len();
        push_token(&mut self.pointer, &name);
        let key_span = self.byte_span(&span);
        let (ev, vspan) = self.next()?;
        let value = self.located(Some(key_span), ev, vspan)?;
        if merge {
            self.pointer.truncate(len);
            merge_into(map, value);
            return Ok(());
        }
        if map.contains_key(&name) {
            self.warn(
                &span,
                format!("duplicate key `{name}`: the last one is used"),
                "remove one of the two entries",
            );
        }
        self.pointer.truncate(len);
        map.insert(name, value);
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

fn merge_into(map: &mut Map<String, Value>, value: Value) {
    let sources = match value {
        Value::Array(items) => items,
        other => vec![other],
    };
    for source in sources {
        if let Value::Object(entries) = source {
            for (k, v) in entries {
                map.entry(k).or_insert(v);
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

    #[test]
    fn tabs_are_a_located_error() {
        let s = Source::new("t.yaml", "a:\n\tb: 1\n".into(), Format::Yaml);
        let e = parse(&s).unwrap_err();
        assert!(e.hint.contains("tab"), "{e:?}");
    }
}
