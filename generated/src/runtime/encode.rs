//! The one writer of name and value pairs behind query strings, form
//! bodies and multipart fields: OpenAPI's `style` and `explode` (the style
//! table of the specification, after RFC 6570) and `deepObject` brackets for
//! nested objects and arrays (`line_items[0][price]=price_123`).
//!
//! Pairs are written in one of two spellings. [`Spelling::Query`] is the
//! style table byte for byte: names and values are percent-encoded down to
//! RFC 3986 `unreserved` (so a comma, pipe, bracket, `+`, `&` or space inside
//! a value is `%2C`, `%7C`, `%5B`, `%2B`, `%26`, `%20`), while the delimiters
//! a style adds stay as the table writes them (`,`, `|`, `%20`, `[`, `]`): the
//! value's own characters and the structure never look alike.
//! [`Spelling::Raw`] writes plain text, for multipart parts (which carry no
//! escaping) and for form bodies, which percent-encode every pair afterwards.

use std::borrow::Cow;

use serde_json::Value;

use super::QueryStyle;

/// The bytes a percent-encoding leaves as they are: ASCII letters and
/// digits plus a few punctuation marks; every other byte (all of UTF-8's
/// multi-byte sequences included) becomes `%XX`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Kept(&'static [bool; 256]);

/// The table of [`Kept`]: letters, digits and the bytes of `marks`.
const fn kept_table(marks: &[u8]) -> [bool; 256] {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 128 {
        table[b] = (b as u8).is_ascii_alphanumeric();
        b += 1;
    }
    let mut i = 0;
    while i < marks.len() {
        table[marks[i] as usize] = true;
        i += 1;
    }
    table
}

impl Kept {
    /// Whether `byte` goes out as it is.
    fn keeps(self, byte: u8) -> bool {
        self.0[usize::from(byte)]
    }
}

/// What names and values keep: RFC 3986 `unreserved`
/// (`A-Z a-z 0-9 - . _ ~`).
pub(crate) const DATA: Kept = Kept(&kept_table(b"-._~"));

/// What a parameter's wire name in a query keeps: as [`DATA`], and
/// brackets, so names such as `expand[]` or `created[gte]` go out as the
/// spec writes them.
pub(crate) const NAME: Kept = Kept(&kept_table(b"-._~[]"));

/// Appends `text` to `out`, percent-encoding (upper-case hex) every byte
/// that `kept` does not keep. Runs of kept bytes are copied at once.
pub(crate) fn push_escaped(out: &mut String, text: &str, kept: Kept) {
    out.reserve(text.len());
    let mut run = 0;
    for (i, &byte) in text.as_bytes().iter().enumerate() {
        if kept.keeps(byte) {
            continue;
        }
        // Bytes run..i are kept ASCII, so both ends are char boundaries.
        if run < i {
            out.push_str(&text[run..i]);
        }
        out.push_str(percent_encoding::percent_encode_byte(byte));
        run = i + 1;
    }
    if run < text.len() {
        out.push_str(&text[run..]);
    }
}

/// `text` percent-encoded down to RFC 3986 `unreserved`; a space is `%20`.
pub(crate) fn escape(text: &str) -> String {
    escaped(text, DATA)
}

/// `text` percent-encoded, keeping what `kept` keeps.
fn escaped(text: &str, kept: Kept) -> String {
    let mut out = String::new();
    push_escaped(&mut out, text, kept);
    out
}

/// How pairs are spelled.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Spelling {
    /// Escaped data, literal delimiters: what a query string carries.
    Query,
    /// Plain text.
    Raw,
}

impl Spelling {
    fn data<'a>(self, text: &'a str) -> Cow<'a, str> {
        match self {
            Spelling::Query => Cow::Owned(escape(text)),
            Spelling::Raw => Cow::Borrowed(text),
        }
    }

    fn name<'a>(self, text: &'a str) -> Cow<'a, str> {
        match self {
            Spelling::Query => Cow::Owned(escaped(text, NAME)),
            Spelling::Raw => Cow::Borrowed(text),
        }
    }

    /// The delimiter of `spaceDelimited`.
    fn space(self) -> &'static str {
        match self {
            Spelling::Query => "%20",
            Spelling::Raw => " ",
        }
    }
}

/// A scalar as text; arrays and objects nested where a style has no form
/// for them are written as JSON text.
pub(crate) fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// Name and value pairs, in the order they were written.
#[derive(Clone, Debug)]
pub(crate) struct Pairs {
    spelling: Spelling,
    /// The pairs.
    pub(crate) list: Vec<(String, String)>,
}

impl Pairs {
    /// No pairs yet, to be written in `spelling`.
    pub(crate) fn new(spelling: Spelling) -> Self {
        Pairs {
            spelling,
            list: Vec::new(),
        }
    }

    fn spelling(&self) -> Spelling {
        self.spelling
    }

    /// One pair whose value is a scalar.
    pub(crate) fn scalar(&mut self, name: &str, value: &Value) {
        let s = self.spelling();
        let pair = (s.name(name).into_owned(), s.data(&text(value)).into_owned());
        self.list.push(pair);
    }

    /// `value` under `name` as `style` and `explode` say (a `null` writes
    /// nothing).
    pub(crate) fn styled(&mut self, name: &str, value: &Value, style: QueryStyle, explode: bool) {
        match (value, style) {
            (Value::Null, _) => {}
            (Value::Array(_) | Value::Object(_), QueryStyle::DeepObject) => {
                let key = self.spelling().name(name).into_owned();
                self.deep(key, value, name.ends_with("[]"));
            }
            (Value::Array(items), _) if explode => {
                for item in items {
                    self.scalar(name, item);
                }
            }
            (Value::Object(map), _) if explode => {
                for (k, item) in map {
                    self.scalar(k, item);
                }
            }
            (Value::Array(items), _) => {
                let joined = self.joined(items.iter(), style);
                self.list
                    .push((self.spelling().name(name).into_owned(), joined));
            }
            (Value::Object(map), _) => {
                let flat = map
                    .iter()
                    .flat_map(|(k, v)| [Value::String(k.clone()), v.clone()])
                    .collect::<Vec<_>>();
                let joined = self.joined(flat.iter(), style);
                self.list
                    .push((self.spelling().name(name).into_owned(), joined));
            }
            (scalar, _) => self.scalar(name, scalar),
        }
    }

    /// Values joined by the delimiter of `style` (`,` for `form`).
    fn joined<'v>(&self, items: impl Iterator<Item = &'v Value>, style: QueryStyle) -> String {
        let s = self.spelling();
        let sep = match style {
            QueryStyle::SpaceDelimited => s.space(),
            QueryStyle::PipeDelimited => "|",
            QueryStyle::Form | QueryStyle::DeepObject => ",",
        };
        items
            .map(|v| s.data(&text(v)).into_owned())
            .collect::<Vec<_>>()
            .join(sep)
    }

    /// `value` in brackets under `key` (already spelled): objects as
    /// `key[name]`, arrays indexed as `key[0]`, or repeated as `key[]` when
    /// the wire name already ends in `[]`. A nested `null` is an empty
    /// value (`key[name]=`); an empty array or object writes nothing.
    pub(crate) fn deep(&mut self, key: String, value: &Value, repeat: bool) {
        let s = self.spelling();
        match value {
            Value::Object(map) => {
                for (k, item) in map {
                    self.deep(format!("{key}[{}]", s.data(k)), item, false);
                }
            }
            Value::Array(items) if repeat => {
                for item in items {
                    self.deep(key.clone(), item, false);
                }
            }
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    self.deep(format!("{key}[{i}]"), item, false);
                }
            }
            scalar => {
                let pair = (key, s.data(&text(scalar)).into_owned());
                self.list.push(pair);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The same sets written with `percent_encoding`'s own sets: the
    /// escaper must agree with it byte for byte.
    mod oracle {
        use percent_encoding::{AsciiSet, NON_ALPHANUMERIC};
        pub const DATA: &AsciiSet = &NON_ALPHANUMERIC
            .remove(b'-')
            .remove(b'.')
            .remove(b'_')
            .remove(b'~');
        pub const NAME: &AsciiSet = &DATA.remove(b'[').remove(b']');
    }

    #[test]
    fn escaping_agrees_with_percent_encoding() {
        let every_ascii: String = (0u8..128).map(char::from).collect();
        let texts = [
            "",
            "plain-text_1.2~",
            "a b&c=d/e?f#g[h]i",
            "é, ü and 💳",
            "%41%",
            every_ascii.as_str(),
        ];
        for text in texts {
            for (kept, set) in [(DATA, oracle::DATA), (NAME, oracle::NAME)] {
                let mut out = String::from("x=");
                push_escaped(&mut out, text, kept);
                let expected = percent_encoding::utf8_percent_encode(text, set).to_string();
                assert_eq!(out, format!("x={expected}"), "{text:?}");
            }
        }
    }
    use serde_json::json;

    fn query(name: &str, value: Value, style: QueryStyle, explode: bool) -> String {
        let mut pairs = Pairs::new(Spelling::Query);
        pairs.styled(name, &value, style, explode);
        pairs
            .list
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("&")
    }

    #[test]
    fn data_is_escaped_down_to_unreserved() {
        assert_eq!(
            escape("a b+c,d|e[f]&g=h~i.j-k_l"),
            "a%20b%2Bc%2Cd%7Ce%5Bf%5D%26g%3Dh~i.j-k_l"
        );
        assert_eq!(escape("é/?#"), "%C3%A9%2F%3F%23");
    }

    #[test]
    fn delimiters_inside_values_are_escaped_and_the_styles_own_are_not() {
        let v = json!(["a,b", "c|d", "e f"]);
        assert_eq!(
            query("x", v.clone(), QueryStyle::Form, false),
            "x=a%2Cb,c%7Cd,e%20f"
        );
        assert_eq!(
            query("x", v.clone(), QueryStyle::PipeDelimited, false),
            "x=a%2Cb|c%7Cd|e%20f"
        );
        assert_eq!(
            query("x", v, QueryStyle::SpaceDelimited, false),
            "x=a%2Cb%20c%7Cd%20e%20f"
        );
    }

    #[test]
    fn deep_objects_nest_and_index() {
        let v = json!({"a": {"b": [{"c": 1}, {"c": null}]}, "d e": "f"});
        assert_eq!(
            query("q", v, QueryStyle::DeepObject, true),
            "q[a][b][0][c]=1&q[a][b][1][c]=&q[d%20e]=f"
        );
    }

    #[test]
    fn a_name_ending_in_brackets_repeats() {
        let v = json!(["a", "b"]);
        assert_eq!(
            query("expand[]", v.clone(), QueryStyle::Form, true),
            "expand[]=a&expand[]=b"
        );
        assert_eq!(
            query("expand[]", v, QueryStyle::DeepObject, true),
            "expand[]=a&expand[]=b"
        );
    }

    #[test]
    fn raw_spelling_keeps_text() {
        let mut pairs = Pairs::new(Spelling::Raw);
        pairs.styled("c", &json!(["x y", "z"]), QueryStyle::SpaceDelimited, false);
        pairs.styled("m", &json!({"k": "a&b"}), QueryStyle::DeepObject, true);
        assert_eq!(
            pairs.list,
            [("c".into(), "x y z".into()), ("m[k]".into(), "a&b".into())]
        );
    }
}
