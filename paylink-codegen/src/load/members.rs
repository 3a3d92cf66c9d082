//! The members of a JSON object as a reader collects them (both readers,
//! JSON and YAML, build their objects with it).
//!
//! A spec holds a great many small objects. Up to [`SCANNED`] members are
//! kept in a list, and a key is found by comparing it with each (cheaper
//! than hashing it); the finished map is built once at its exact size, each
//! key hashed once. A larger object becomes a map as it passes [`SCANNED`]
//! members, and gives back its spare room when it ends: a map built an
//! entry at a time keeps room for more (four entries and a hash table for a
//! map of one), which made a spec's document about twice the size it needs
//! to be.

use serde_json::map::Entry;
use serde_json::{Map, Value};

/// Members of small objects are compared by a scan rather than a hash.
const SCANNED: usize = 16;

/// An object being read.
pub(crate) enum Members {
    /// At most [`SCANNED`] members, in order.
    Listed(Vec<(String, Value)>),
    /// More, in order.
    Hashed(Map<String, Value>),
}

impl Default for Members {
    fn default() -> Self {
        Members::Listed(Vec::new())
    }
}

impl Members {
    /// Sets `key` to `value`, where an earlier member with that key stood
    /// if there is one (the last value wins, at the first one's place);
    /// returns the key when there was one (for the reader's warning).
    pub(crate) fn insert(&mut self, key: String, value: Value) -> Option<String> {
        match self {
            Members::Hashed(map) => match map.entry(key) {
                Entry::Vacant(slot) => {
                    slot.insert(value);
                    None
                }
                Entry::Occupied(mut slot) => {
                    slot.insert(value);
                    Some(slot.key().clone())
                }
            },
            Members::Listed(list) => match list.iter_mut().find(|(k, _)| *k == key) {
                Some(slot) => {
                    slot.1 = value;
                    Some(key)
                }
                None => {
                    self.push(key, value);
                    None
                }
            },
        }
    }

    /// Adds `key` unless a member already has it (a YAML merge key's
    /// members, which do not override the mapping's own).
    pub(crate) fn insert_absent(&mut self, key: String, value: Value) {
        match self {
            Members::Hashed(map) => {
                map.entry(key).or_insert(value);
            }
            Members::Listed(list) if list.iter().any(|(k, _)| *k == key) => {}
            Members::Listed(_) => self.push(key, value),
        }
    }

    /// Appends a member whose key is new.
    fn push(&mut self, key: String, value: Value) {
        match self {
            Members::Hashed(map) => {
                map.insert(key, value);
            }
            Members::Listed(list) if list.len() < SCANNED => list.push((key, value)),
            Members::Listed(list) => {
                let mut map = Map::with_capacity(2 * SCANNED);
                map.extend(list.drain(..));
                map.insert(key, value);
                *self = Members::Hashed(map);
            }
        }
    }

    /// The object, with no spare capacity.
    pub(crate) fn into_value(self) -> Value {
        let map = match self {
            Members::Hashed(map) => map.into_iter().collect(),
            Members::Listed(list) => {
                let mut map = Map::with_capacity(list.len());
                map.extend(list);
                map
            }
        };
        Value::Object(map)
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
