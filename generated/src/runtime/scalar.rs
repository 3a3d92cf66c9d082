//! Parameters that are scalars (strings, integers, booleans, unit enum
//! variants) written straight into the text they travel in, without going
//! through a `serde_json::Value` first: the common case of every query
//! string and path. Anything else (floats, lists, objects) is declined and
//! written from its JSON value as before, so the text is the same either
//! way: the text `serde_json` gives the scalar, percent-encoded.

use std::fmt::{self, Display, Write};

use super::encode::{push_escaped, Kept};
use serde::ser::{self, Impossible, Serialize};

/// What writing a value did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Written {
    /// The value is a scalar and its text was appended.
    Text,
    /// The value is `null` (`None`, `()`): nothing was appended.
    Null,
    /// The value is not a scalar this writer handles: nothing was appended.
    Declined,
}

/// Appends the text of `value` to `out`, percent-encoded with `set` (or as
/// is without one), when it is a scalar.
pub(crate) fn write<T: Serialize + ?Sized>(
    value: &T,
    out: &mut String,
    set: Option<Kept>,
) -> Written {
    match value.serialize(Writer { out, set }) {
        Ok(true) => Written::Text,
        Ok(false) => Written::Null,
        Err(Declined) => Written::Declined,
    }
}

/// Not a scalar, or not one written here.
#[derive(Debug)]
struct Declined;

impl Display for Declined {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("not a scalar")
    }
}

impl std::error::Error for Declined {}

impl ser::Error for Declined {
    fn custom<M: Display>(_: M) -> Self {
        Declined
    }
}

/// Serializes one scalar into `out`; `Ok(false)` for null.
struct Writer<'a> {
    out: &'a mut String,
    set: Option<Kept>,
}

impl Writer<'_> {
    fn text(self, text: &str) -> Result<bool, Declined> {
        match self.set {
            Some(kept) => push_escaped(self.out, text, kept),
            None => self.out.push_str(text),
        }
        Ok(true)
    }

    /// Digits and `true`/`false` need no escaping in any set.
    fn plain(self, value: impl Display) -> Result<bool, Declined> {
        write!(self.out, "{value}").map_err(|_| Declined)?;
        Ok(true)
    }
}

type No = Impossible<bool, Declined>;

impl<'a> ser::Serializer for Writer<'a> {
    type Ok = bool;
    type Error = Declined;
    type SerializeSeq = No;
    type SerializeTuple = No;
    type SerializeTupleStruct = No;
    type SerializeTupleVariant = No;
    type SerializeMap = No;
    type SerializeStruct = No;
    type SerializeStructVariant = No;

    fn serialize_bool(self, v: bool) -> Result<bool, Declined> {
        self.plain(v)
    }
    fn serialize_i8(self, v: i8) -> Result<bool, Declined> {
        self.plain(v)
    }
    fn serialize_i16(self, v: i16) -> Result<bool, Declined> {
        self.plain(v)
    }
    fn serialize_i32(self, v: i32) -> Result<bool, Declined> {
        self.plain(v)
    }
    fn serialize_i64(self, v: i64) -> Result<bool, Declined> {
        self.plain(v)
    }
    fn serialize_u8(self, v: u8) -> Result<bool, Declined> {
        self.plain(v)
    }
    fn serialize_u16(self, v: u16) -> Result<bool, Declined> {
        self.plain(v)
    }
    fn serialize_u32(self, v: u32) -> Result<bool, Declined> {
        self.plain(v)
    }
    fn serialize_u64(self, v: u64) -> Result<bool, Declined> {
        self.plain(v)
    }
    /// `serde_json`'s own float text (and `null` for NaN) is kept.
    fn serialize_f32(self, _: f32) -> Result<bool, Declined> {
        Err(Declined)
    }
    fn serialize_f64(self, _: f64) -> Result<bool, Declined> {
        Err(Declined)
    }
    fn serialize_char(self, v: char) -> Result<bool, Declined> {
        self.text(v.encode_utf8(&mut [0; 4]))
    }
    fn serialize_str(self, v: &str) -> Result<bool, Declined> {
        self.text(v)
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<bool, Declined> {
        Err(Declined)
    }
    fn serialize_none(self) -> Result<bool, Declined> {
        Ok(false)
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<bool, Declined> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<bool, Declined> {
        Ok(false)
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<bool, Declined> {
        Ok(false)
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<bool, Declined> {
        self.text(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<bool, Declined> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<bool, Declined> {
        Err(Declined)
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<No, Declined> {
        Err(Declined)
    }
    fn serialize_tuple(self, _: usize) -> Result<No, Declined> {
        Err(Declined)
    }
    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<No, Declined> {
        Err(Declined)
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<No, Declined> {
        Err(Declined)
    }
    fn serialize_map(self, _: Option<usize>) -> Result<No, Declined> {
        Err(Declined)
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<No, Declined> {
        Err(Declined)
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<No, Declined> {
        Err(Declined)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::encode::{text, DATA};
    use serde::Serialize;

    #[derive(Serialize)]
    enum Color {
        #[serde(rename = "dark blue")]
        DarkBlue,
    }

    #[derive(Serialize)]
    struct Id(u64);

    #[derive(Serialize)]
    struct Pair {
        a: u8,
    }

    fn written(value: &impl Serialize) -> (Written, String) {
        let mut out = String::from("x=");
        let w = write(value, &mut out, Some(DATA));
        (w, out)
    }

    /// Whatever is written is the text the JSON value path writes.
    fn same_as_json(value: &impl Serialize) {
        let json = serde_json::to_value(value).expect("json");
        let (w, out) = written(value);
        assert_eq!(w, Written::Text);
        let expected = crate::runtime::encode::escape(&text(&json));
        assert_eq!(out, format!("x={expected}"));
    }

    #[test]
    fn scalars_are_written_as_their_json_text() {
        same_as_json(&"a b/c,é~");
        same_as_json(&String::new());
        same_as_json(&'&');
        same_as_json(&-42i64);
        same_as_json(&u64::MAX);
        same_as_json(&true);
        same_as_json(&Some(7u8));
        same_as_json(&Color::DarkBlue);
        same_as_json(&Id(9));
        same_as_json(&crate::runtime::Secret::from("k y"));
    }

    #[test]
    fn nulls_write_nothing() {
        assert_eq!(written(&None::<String>), (Written::Null, "x=".into()));
        assert_eq!(written(&()), (Written::Null, "x=".into()));
    }

    #[test]
    fn the_rest_is_declined_unwritten() {
        for (w, out) in [
            written(&1.5f64),
            written(&f32::NAN),
            written(&vec![1, 2]),
            written(&Pair { a: 1 }),
            written(&serde_json::json!({"a": 1})),
            written(&Some(vec![1])),
        ] {
            assert_eq!((w, out.as_str()), (Written::Declined, "x="));
        }
    }

    #[test]
    fn without_a_set_text_is_as_is() {
        let mut out = String::new();
        assert_eq!(write("a b", &mut out, None), Written::Text);
        assert_eq!(out, "a b");
    }
}
