//! The impls every generated enum of values shares, written once as
//! macros: a generated string enum defines its variants, `as_str` and
//! `From<&str>` (what differs from one enum to the next) and calls
//! [`str_enum!`](crate::codegen::str_enum) for `Display`, `FromStr` and the
//! serde impls, which read and write the value as text through those two.
//! An integer enum defines `value` and `From<i64>` and calls
//! [`int_enum!`](crate::codegen::int_enum).
//!
//! A generated module compiles the same impls as before; it only no
//! longer spells them out, so it is shorter to generate, to read and to
//! format.

/// `Display`, `FromStr` and serde's `Serialize` and `Deserialize` for a
/// generated string enum, through its `as_str` and `From<&str>`: the value
/// is written as its wire text, and any text reads (a value the spec does
/// not list becomes the enum's fallback variant).
#[doc(hidden)]
#[macro_export]
macro_rules! __paylink_str_enum {
    ($ty:ident) => {
        impl ::std::fmt::Display for $ty {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::str::FromStr for $ty {
            type Err = ::std::convert::Infallible;
            fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                ::std::result::Result::Ok(Self::from(value))
            }
        }

        impl $crate::codegen::serde::Serialize for $ty {
            fn serialize<S: $crate::codegen::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> $crate::codegen::serde::Deserialize<'de> for $ty {
            fn deserialize<D: $crate::codegen::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                let value =
                    <::std::string::String as $crate::codegen::serde::Deserialize>::deserialize(
                        deserializer,
                    )?;
                ::std::result::Result::Ok(Self::from(value.as_str()))
            }
        }
    };
}

/// serde's `Serialize` and `Deserialize` for a generated integer enum,
/// through its `value` and `From<i64>`.
#[doc(hidden)]
#[macro_export]
macro_rules! __paylink_int_enum {
    ($ty:ident) => {
        impl $crate::codegen::serde::Serialize for $ty {
            fn serialize<S: $crate::codegen::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_i64(self.value())
            }
        }

        impl<'de> $crate::codegen::serde::Deserialize<'de> for $ty {
            fn deserialize<D: $crate::codegen::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                <i64 as $crate::codegen::serde::Deserialize>::deserialize(deserializer)
                    .map(Self::from)
            }
        }
    };
}

pub use crate::__paylink_int_enum as int_enum;
pub use crate::__paylink_str_enum as str_enum;
