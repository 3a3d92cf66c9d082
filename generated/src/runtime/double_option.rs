//! Serde helpers for fields that are both optional and nullable:
//! `Option<Option<T>>`, where `None` leaves the field out, `Some(None)` sends
//! an explicit `null` and `Some(Some(v))` sends the value.
//!
//! Use with `#[serde(default, skip_serializing_if = "Option::is_none", with = "...::double_option")]`.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Writes `Some(None)` as `null` and `Some(Some(v))` as `v`.
pub fn serialize<T: Serialize, S: Serializer>(
    value: &Option<Option<T>>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match value {
        Some(inner) => inner.serialize(serializer),
        None => serializer.serialize_none(),
    }
}

/// Reads a present field: `null` as `Some(None)`, a value as `Some(Some(v))`.
/// An absent field is `None` through `#[serde(default)]`.
pub fn deserialize<'de, T: Deserialize<'de>, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(deserializer).map(Some)
}
