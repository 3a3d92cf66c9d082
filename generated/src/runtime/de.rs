//! Reading a generated struct from an object, written once here.
//!
//! serde's derive writes, for every struct, a field enum with its own
//! visitor, a visitor for the object form and one for the array form (a
//! struct read from `[1, "x"]` by position). OpenAPI objects are never
//! arrays, and the compiler type-checks all of it for every struct of a
//! module. A generated struct instead names its fields, their kinds and
//! property names in [`object!`](crate::codegen::object), which implements
//! [`Object`] (one loop over the object's keys, matching each against the
//! property names) and `Deserialize` through it; the bookkeeping
//! (duplicates, missing properties, the keys nobody documented) is in the
//! generic functions below.
//!
//! What reads is what serde's derive read from an object: a property given
//! twice is an error, a required property missing is an error unless its
//! type reads from nothing (an `Option` is `None`), unknown properties are
//! skipped or, with `additionalProperties`, kept.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

pub use serde::de::MapAccess;
use serde::de::{Error, IgnoredAny, Visitor};
use serde::{Deserialize, Deserializer};

/// A generated struct read from an object's properties.
pub trait Object<'de>: Sized {
    /// Reads the properties from `map`, in whatever order they come.
    fn read<M: MapAccess<'de>>(map: M) -> Result<Self, M::Error>;
}

/// Reads an [`Object`] from `deserializer`, which must hold an object.
pub fn object<'de, T: Object<'de>, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
    deserializer.deserialize_map(ObjectVisitor(PhantomData))
}

struct ObjectVisitor<T>(PhantomData<T>);

impl<'de, T: Object<'de>> Visitor<'de> for ObjectVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = std::any::type_name::<T>();
        let short = name.rsplit("::").next().unwrap_or(name);
        write!(f, "a `{short}` object")
    }

    fn visit_map<M: MapAccess<'de>>(self, map: M) -> Result<T, M::Error> {
        T::read(map)
    }
}

/// A property name, borrowed from the input when it can be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Key<'de>(Cow<'de, str>);

impl Key<'_> {
    /// The name as written.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The name, owned.
    pub fn into_string(self) -> String {
        self.0.into_owned()
    }
}

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_identifier(KeyVisitor)
    }
}

struct KeyVisitor;

impl<'de> Visitor<'de> for KeyVisitor {
    type Value = Key<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a property name")
    }

    fn visit_borrowed_str<E: Error>(self, value: &'de str) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Borrowed(value)))
    }

    fn visit_str<E: Error>(self, value: &str) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Owned(value.to_owned())))
    }

    fn visit_string<E: Error>(self, value: String) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Owned(value)))
    }

    fn visit_bytes<E: Error>(self, value: &[u8]) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Owned(String::from_utf8_lossy(value).into_owned())))
    }

    fn visit_u64<E: Error>(self, value: u64) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Owned(value.to_string())))
    }
}

/// The next property name of `map`, or `None` after the last.
pub fn key<'de, M: MapAccess<'de>>(map: &mut M) -> Result<Option<Key<'de>>, M::Error> {
    map.next_key()
}

/// Reads the value of property `name` into `slot`; an error if the
/// property was given before.
pub fn field<'de, M: MapAccess<'de>, T: Deserialize<'de>>(
    map: &mut M,
    slot: &mut Option<T>,
    name: &'static str,
) -> Result<(), M::Error> {
    if slot.is_some() {
        return Err(M::Error::duplicate_field(name));
    }
    *slot = Some(map.next_value()?);
    Ok(())
}

/// Skips the value of a property nobody documented.
pub fn skip<'de, M: MapAccess<'de>>(map: &mut M) -> Result<(), M::Error> {
    map.next_value::<IgnoredAny>().map(|_| ())
}

/// Keeps the value of a property nobody documented in `into` (the
/// struct's `additional_properties`); given twice, the later one stays.
pub fn extra<'de, M: MapAccess<'de>, V: Deserialize<'de>>(
    map: &mut M,
    into: &mut BTreeMap<String, V>,
    key: Key<'de>,
) -> Result<(), M::Error> {
    into.insert(key.into_string(), map.next_value()?);
    Ok(())
}

/// The value of required property `name`: what was read, or, when the
/// property is missing, what its type reads from nothing (`None` for an
/// `Option`, an error naming the property for every other type).
pub fn required<'de, T: Deserialize<'de>, E: Error>(
    slot: Option<T>,
    name: &'static str,
) -> Result<T, E> {
    match slot {
        Some(value) => Ok(value),
        None => T::deserialize(Missing(name, PhantomData)),
    }
}

/// The value of an optional property, read as `Option<T>`: absent and
/// `null` are both `None` (as serde's derive read an `Option` field).
/// The slot holds `Option<Option<T>>`, so that a property given twice is
/// an error even when it was `null` the first time. It cannot fail, and
/// `name` is not used: [`required`], `optional` and [`nullable`] take the
/// same arguments and return a `Result` so that `object!` calls them alike.
pub fn optional<T, E: Error>(slot: Option<Option<T>>, _name: &'static str) -> Result<Option<T>, E> {
    Ok(slot.flatten())
}

/// The value of an optional property that admits `null`: `None` when
/// absent, `Some(None)` for `null`, `Some(Some(v))` for a value.
pub fn nullable<T, E: Error>(
    slot: Option<Option<T>>,
    _name: &'static str,
) -> Result<Option<Option<T>>, E> {
    Ok(slot)
}

/// A property that is not there: `None` to an `Option`, an error to
/// anything else.
struct Missing<E>(&'static str, PhantomData<E>);

impl<'de, E: Error> Deserializer<'de> for Missing<E> {
    type Error = E;

    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, E> {
        Err(E::missing_field(self.0))
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
        visitor.visit_none()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct newtype_struct seq tuple
        tuple_struct map struct enum identifier ignored_any
    }
}

/// [`Object`] and serde's `Deserialize` for a generated struct, from its
/// fields, each with its kind and its property name, and the field that
/// keeps undocumented properties, if any:
///
/// ```ignore
/// rt::object!(Link {
///     amount: required("amount"),
///     note: optional("note"),
///     cleared: nullable("cleared"),
/// });
/// rt::object!(Tags { id: required("id") }, additional_properties);
/// ```
///
/// `required`, `optional` and `nullable` are the functions of this module
/// that turn what was read into the field's value (`T`, `Option<T>`,
/// `Option<Option<T>>`). The reading code's own names are the macro's
/// (hygiene), so a property named `key` or `map` cannot clash with them.
#[doc(hidden)]
#[macro_export]
macro_rules! __paylink_object {
    ($ty:ident { $( $field:ident : $kind:ident ( $wire:literal ) ),* $(,)? } $(, $extra:ident)? $(,)?) => {
        impl<'de> $crate::codegen::de::Object<'de> for $ty {
            fn read<M: $crate::codegen::de::MapAccess<'de>>(
                mut map: M,
            ) -> ::std::result::Result<Self, M::Error> {
                $( let mut $field = ::std::option::Option::None; )*
                $( let mut $extra = ::std::collections::BTreeMap::new(); )?
                while let ::std::option::Option::Some(key) = $crate::codegen::de::key(&mut map)? {
                    match key.as_str() {
                        $( $wire => $crate::codegen::de::field(&mut map, &mut $field, $wire)?, )*
                        _ => $crate::__paylink_object!(@other map key $($extra)?),
                    }
                }
                ::std::result::Result::Ok(Self {
                    $( $field: $crate::codegen::de::$kind($field, $wire)?, )*
                    $( $extra, )?
                })
            }
        }

        impl<'de> $crate::codegen::serde::Deserialize<'de> for $ty {
            fn deserialize<D: $crate::codegen::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                $crate::codegen::de::object(deserializer)
            }
        }
    };
    (@other $map:ident $key:ident) => {
        $crate::codegen::de::skip(&mut $map)?
    };
    (@other $map:ident $key:ident $extra:ident) => {
        $crate::codegen::de::extra(&mut $map, &mut $extra, $key)?
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq)]
    struct Link {
        amount: i64,
        note: Option<String>,
        cleared: Option<Option<String>>,
        nullable: Option<i64>,
        additional_properties: BTreeMap<String, serde_json::Value>,
    }

    crate::__paylink_object!(
        Link {
            amount: required("amount"),
            note: optional("note"),
            cleared: nullable("cleared"),
            nullable: required("nullable"),
        },
        additional_properties
    );

    #[derive(Debug, PartialEq)]
    struct Clash {
        key: String,
        map: i64,
    }

    crate::__paylink_object!(Clash {
        key: required("key"),
        map: required("map")
    });

    #[derive(Debug, PartialEq)]
    struct Nothing {}

    crate::__paylink_object!(Nothing {});

    #[test]
    fn fields_named_like_the_reading_code_and_empty_structs_read() {
        let clash: Clash = serde_json::from_str(r#"{"map": 2, "x": 0, "key": "k"}"#).unwrap();
        assert_eq!(
            clash,
            Clash {
                key: "k".into(),
                map: 2
            }
        );
        let nothing: Nothing = serde_json::from_str(r#"{"a": {"b": [1]}}"#).unwrap();
        assert_eq!(nothing, Nothing {});
    }

    fn read(json: &str) -> Result<Link, String> {
        serde_json::from_str(json).map_err(|e| e.to_string())
    }

    #[test]
    fn properties_read_in_any_order_and_unknown_ones_are_kept() {
        let link = read(r#"{"x": [1], "note": "hi", "amount": 5, "cleared": null}"#).unwrap();
        assert_eq!(link.amount, 5);
        assert_eq!(link.note.as_deref(), Some("hi"));
        assert_eq!(link.cleared, Some(None));
        assert_eq!(link.nullable, None);
        assert_eq!(link.additional_properties["x"], serde_json::json!([1]));
        let null = read(r#"{"amount": 5, "note": null}"#).unwrap();
        assert_eq!(null.note, None);
        let absent = read(r#"{"amount": 5}"#).unwrap();
        assert_eq!(absent.cleared, None);
        let set = read(r#"{"amount": 5, "cleared": "yes"}"#).unwrap();
        assert_eq!(set.cleared, Some(Some("yes".into())));
    }

    #[test]
    fn what_serde_refused_is_refused() {
        let missing = read(r#"{"note": "hi"}"#).unwrap_err();
        assert!(missing.contains("missing field `amount`"), "{missing}");
        let twice = read(r#"{"amount": 1, "amount": 2}"#).unwrap_err();
        assert!(twice.contains("duplicate field `amount`"), "{twice}");
        let twice = read(r#"{"amount": 1, "note": null, "note": "x"}"#).unwrap_err();
        assert!(twice.contains("duplicate field `note`"), "{twice}");
        let wrong = read(r#"{"amount": "5"}"#).unwrap_err();
        assert!(wrong.contains("invalid type"), "{wrong}");
        let array = read(r#"[5, "hi"]"#).unwrap_err();
        assert!(array.contains("expected a `Link` object"), "{array}");
    }

    #[test]
    fn keys_with_escapes_and_owned_input_read() {
        let link = read(r#"{"am\u006funt": 5}"#).unwrap();
        assert_eq!(link.amount, 5);
        let value = serde_json::json!({"amount": 7, "note": "n"});
        let link: Link = serde_json::from_value(value).unwrap();
        assert_eq!((link.amount, link.note.as_deref()), (7, Some("n")));
        let link: Link = serde_json::from_reader(&br#"{"amount": 9}"#[..]).unwrap();
        assert_eq!(link.amount, 9);
    }
}
