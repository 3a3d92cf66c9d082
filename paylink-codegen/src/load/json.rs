//! A JSON reader that keeps positions and forgives what real specs get wrong.
//!
//! serde_json refuses a whole document for one bad escape such as `"\d"` in
//! a pattern; published specs contain such strings. This reader accepts
//! them, keeps the text as written and reports a warning at the spot. Input
//! that cannot be read at all (truncation, a missing comma) is an error with
//! its byte offset.

use serde_json::{Number, Value};

use super::layout::Layout;
use super::source::Span;
use super::{Members, ParseError, ParseWarning, MAX_DEPTH};
use crate::diagnostic::push_token;

/// What a successful read gives: the value, where its nodes are, and the
/// warnings.
pub type Parsed = (Value, Layout, Vec<ParseWarning>);

/// Reads `text` as JSON, recording where every node is.
pub fn parse(text: &str) -> Result<Parsed, ParseError> {
    let mut p = Parser {
        src: text.as_bytes(),
        text,
        pos: 0,
        depth: 0,
        layout: Layout::default(),
        pointer: String::from("#"),
        warnings: Vec::new(),
    };
    p.skip_ws();
    let value = p.node(None).map_err(|e| p.located(e))?;
    p.skip_ws();
    if p.pos < p.src.len() {
        return Err(p.error("unexpected text after the end of the document"));
    }
    Ok((value, p.layout, p.warnings))
}

struct Parser<'a> {
    src: &'a [u8],
    text: &'a str,
    pos: usize,
    depth: usize,
    layout: Layout,
    pointer: String,
    warnings: Vec<ParseWarning>,
}

impl Parser<'_> {
    /// The error with the pointer of the node it was found in.
    fn located(&self, mut e: ParseError) -> ParseError {
        e.pointer.clone_from(&self.pointer);
        e
    }

    fn error(&self, message: &str) -> ParseError {
        let (message, hint) = if self.pos >= self.src.len() {
            (
                "unexpected end of file: the document is truncated".to_string(),
                "the file ends inside a value; check that it was written completely",
            )
        } else {
            let found = self.text[self.pos..].chars().next().unwrap_or(' ');
            (
                format!("{message}, found `{found}`"),
                "fix the JSON syntax at this position",
            )
        };
        ParseError {
            pointer: String::new(),
            offset: self.pos,
            message,
            hint: hint.to_string(),
        }
    }

    fn warn(&mut self, offset: usize, message: String, hint: &str) {
        self.warnings.push(ParseWarning {
            offset,
            pointer: self.pointer.clone(),
            message,
            hint: hint.to_string(),
        });
    }

    /// Reads one value as a node of the layout.
    fn node(&mut self, key: Option<Span>) -> Result<Value, ParseError> {
        let handle = self.layout.open(key, self.pos);
        let value = self.value()?;
        self.layout.close(handle);
        Ok(value)
    }

    fn skip_ws(&mut self) {
        while let Some(b' ' | b'\n' | b'\r' | b'\t') = self.src.get(self.pos) {
            self.pos += 1;
        }
    }

    fn peek(&self) -> Option<u8> {
        self.src.get(self.pos).copied()
    }

    fn value(&mut self) -> Result<Value, ParseError> {
        match self.peek() {
            Some(b'{') => self.nested(Self::object),
            Some(b'[') => self.nested(Self::array),
            Some(b'"') => Ok(Value::String(self.string()?)),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(b't') => self.literal("true", Value::Bool(true)),
            Some(b'f') => self.literal("false", Value::Bool(false)),
            Some(b'n') => self.literal("null", Value::Null),
            _ => Err(self.error("expected a JSON value")),
        }
    }

    fn nested(
        &mut self,
        read: fn(&mut Self) -> Result<Value, ParseError>,
    ) -> Result<Value, ParseError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(ParseError {
                pointer: String::new(),
                offset: self.pos,
                message: format!("the document nests deeper than {MAX_DEPTH} levels"),
                hint: "flatten the document; no real API description nests this deep".into(),
            });
        }
        let value = read(self);
        self.depth -= 1;
        value
    }

    fn literal(&mut self, word: &str, value: Value) -> Result<Value, ParseError> {
        if self.src[self.pos..].starts_with(word.as_bytes()) {
            self.pos += word.len();
            Ok(value)
        } else {
            Err(self.error("expected a JSON value"))
        }
    }

    fn object(&mut self) -> Result<Value, ParseError> {
        self.pos += 1;
        let mut members = Members::default();
        self.skip_ws();
        if self.peek() == Some(b'}') {
            self.pos += 1;
            return Ok(members.into_value());
        }
        loop {
            self.skip_ws();
            if self.peek() != Some(b'"') {
                return Err(self.error("expected a string key"));
            }
            let key_start = self.pos;
            let key = self.string()?;
            let key_span = Span {
                start: key_start,
                end: self.pos,
            };
            self.skip_ws();
            if self.peek() != Some(b':') {
                return Err(self.error("expected `:` after an object key"));
            }
            self.pos += 1;
            self.skip_ws();
            let len = self.pointer.len();
            push_token(&mut self.pointer, &key);
            let value = self.node(Some(key_span))?;
            if let Some(key) = members.insert(key, value) {
                self.warn(
                    key_start,
                    format!("duplicate key `{key}`: the last one is used"),
                    "remove one of the two entries",
                );
            }
            self.pointer.truncate(len);
            if self.end_of_list(b'}', "`,` or `}` after an object member")? {
                return Ok(members.into_value());
            }
        }
    }

    fn array(&mut self) -> Result<Value, ParseError> {
        self.pos += 1;
        let mut items = Vec::new();
        self.skip_ws();
        if self.peek() == Some(b']') {
            self.pos += 1;
            return Ok(Value::Array(items));
        }
        loop {
            self.skip_ws();
            let len = self.pointer.len();
            push_token(&mut self.pointer, &items.len().to_string());
            let value = self.node(None)?;
            self.pointer.truncate(len);
            items.push(value);
            if self.end_of_list(b']', "`,` or `]` after an array item")? {
                items.shrink_to_fit();
                return Ok(Value::Array(items));
            }
        }
    }

    /// After a member: true at the closing bracket, false after a comma.
    /// A comma right before the closing bracket is forgiven with a warning.
    fn end_of_list(&mut self, close: u8, expected: &str) -> Result<bool, ParseError> {
        self.skip_ws();
        match self.peek() {
            Some(b) if b == close => {
                self.pos += 1;
                Ok(true)
            }
            Some(b',') => {
                let comma = self.pos;
                self.pos += 1;
                self.skip_ws();
                if self.peek() == Some(close) {
                    self.warn(comma, "trailing comma".into(), "remove the comma");
                    self.pos += 1;
                    return Ok(true);
                }
                Ok(false)
            }
            _ => Err(self.error(&format!("expected {expected}"))),
        }
    }

    fn string(&mut self) -> Result<String, ParseError> {
        self.pos += 1;
        let mut out = String::new();
        loop {
            let run = self.pos;
            while let Some(&b) = self.src.get(self.pos) {
                if b == b'"' || b == b'\\' || b < 0x20 {
                    break;
                }
                self.pos += 1;
            }
            out.push_str(&self.text[run..self.pos]);
            match self.peek() {
                None => return Err(self.error("unterminated string")),
                Some(b'"') => {
                    self.pos += 1;
                    out.shrink_to_fit();
                    return Ok(out);
                }
                Some(b'\\') => self.escape(&mut out)?,
                Some(c) => {
                    self.warn(
                        self.pos,
                        format!("raw control character U+{c:04X} inside a string"),
                        "write it as an escape such as \\n or \\t",
                    );
                    out.push(c as char);
                    self.pos += 1;
                }
            }
        }
    }

    fn escape(&mut self, out: &mut String) -> Result<(), ParseError> {
        let at = self.pos;
        self.pos += 1;
        let Some(c) = self.peek() else {
            return Err(self.error("unterminated string"));
        };
        self.pos += 1;
        let simple = match c {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => return self.unicode_escape(at, out),
            _ => {
                let ch = self.text[at + 1..].chars().next().unwrap_or('?');
                self.pos = at + 1 + ch.len_utf8();
                self.warn(
                    at,
                    format!("invalid escape `\\{ch}` in a string: kept as written"),
                    "JSON allows only \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX; write `\\\\` for a backslash",
                );
                out.push('\\');
                out.push(ch);
                return Ok(());
            }
        };
        out.push(simple);
        Ok(())
    }

    fn hex4(&mut self) -> Option<u32> {
        let digits = self.text.get(self.pos..self.pos + 4)?;
        let code = u32::from_str_radix(digits, 16).ok()?;
        self.pos += 4;
        Some(code)
    }

    fn unicode_escape(&mut self, at: usize, out: &mut String) -> Result<(), ParseError> {
        let Some(first) = self.hex4() else {
            self.pos = at;
            return Err(self.error("`\\u` must be followed by four hex digits"));
        };
        let code = if (0xD800..0xDC00).contains(&first) && self.src[self.pos..].starts_with(b"\\u")
        {
            let save = self.pos;
            self.pos += 2;
            match self.hex4() {
                Some(low @ 0xDC00..=0xDFFF) => 0x10000 + ((first - 0xD800) << 10) + (low - 0xDC00),
                _ => {
                    self.pos = save;
                    first
                }
            }
        } else {
            first
        };
        match char::from_u32(code) {
            Some(c) => out.push(c),
            None => {
                self.warn(
                    at,
                    format!("`\\u{first:04X}` is an unpaired surrogate: replaced by U+FFFD"),
                    "escape a character outside the BMP as a surrogate pair",
                );
                out.push('\u{FFFD}');
            }
        }
        Ok(())
    }

    fn number(&mut self) -> Result<Value, ParseError> {
        let start = self.pos;
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        let digits = self.pos;
        self.skip_digits();
        if self.pos == digits {
            return Err(self.error("expected digits in a number"));
        }
        let mut integral = true;
        if self.peek() == Some(b'.') {
            integral = false;
            self.pos += 1;
            self.skip_digits();
        }
        if let Some(b'e' | b'E') = self.peek() {
            integral = false;
            self.pos += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.pos += 1;
            }
            self.skip_digits();
        }
        let literal = &self.text[start..self.pos];
        Ok(Value::Number(self.read_number(start, literal, integral)?))
    }

    fn skip_digits(&mut self) {
        while let Some(b'0'..=b'9') = self.peek() {
            self.pos += 1;
        }
    }

    fn read_number(
        &mut self,
        at: usize,
        literal: &str,
        integral: bool,
    ) -> Result<Number, ParseError> {
        if integral {
            if let Ok(i) = literal.parse::<i64>() {
                return Ok(i.into());
            }
            if let Ok(u) = literal.parse::<u64>() {
                return Ok(u.into());
            }
        }
        let float = literal.parse::<f64>().ok().and_then(Number::from_f64);
        match float {
            Some(n) => {
                if integral {
                    self.warn(
                        at,
                        format!("integer {literal} does not fit in 64 bits: read as {n}"),
                        "use a string for identifiers this large",
                    );
                }
                Ok(n)
            }
            None => {
                self.pos = at;
                Err(self.error("number out of range"))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_nested_values_and_records_spans() {
        let text = r#"{"a": [1, {"b/c": null}], "d": "x"}"#;
        let (v, layout, w) = parse(text).unwrap();
        assert_eq!(v, json!({"a": [1, {"b/c": null}], "d": "x"}));
        assert!(w.is_empty());
        let tokens = ["a".to_string(), "1".into(), "b/c".into()];
        let key = layout.find(text, &tokens);
        assert_eq!(&text[key.start..key.end], "\"b/c\"");
        let missing = layout.find(text, &["d".to_string(), "nope".into()]);
        assert_eq!(&text[missing.start..missing.end], "\"d\"");
    }

    #[test]
    fn bad_escape_is_a_warning_and_kept() {
        let (v, _, w) = parse(r#"{"p": "^\d+$"}"#).unwrap();
        assert_eq!(v["p"], "^\\d+$");
        assert_eq!(w.len(), 1);
        assert_eq!(w[0].pointer, "#/p");
    }

    #[test]
    fn surrogate_pairs_decode() {
        let (v, _, _) = parse(r#""Hello \ud83d\udc4d""#).unwrap();
        assert_eq!(v, "Hello 👍");
    }

    #[test]
    fn truncation_is_an_error_at_the_end() {
        let e = parse(r#"{"a": [1, 2"#).unwrap_err();
        assert!(e.message.contains("truncated"), "{}", e.message);
        assert_eq!(e.offset, 11);
    }

    #[test]
    fn big_integers_keep_u64() {
        let (v, _, _) = parse("18446744073709551615").unwrap();
        assert_eq!(v.as_u64(), Some(u64::MAX));
    }
}
