//! Checking a JSON body against its schema while it is parsed, without
//! building a tree: keys and strings are borrowed from the body, so a body
//! that passes costs one allocation-free pass before it is decoded into its
//! type. Only `oneOf`/`anyOf`/`allOf` members and arrays with unique items,
//! which need a value more than once, are read into a tree.

use std::fmt;

use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use serde_json::Value;

use super::schema::{child, one_of_values, violation, Schema, Violation, MAX_DEPTH};

/// Why a body was refused.
pub(crate) enum Refusal {
    /// It is JSON, but breaks a rule of its schema.
    Invalid(Violation),
    /// It is not JSON.
    Malformed(String),
}

/// Checks the JSON text `bytes` against `schema`.
pub(crate) fn check_json(schema: &Schema, bytes: &[u8]) -> Result<(), Refusal> {
    let mut state = State {
        path: String::new(),
        violation: None,
        depth: 0,
    };
    let mut parser = serde_json::Deserializer::from_slice(bytes);
    let seed = Seed {
        schema,
        state: &mut state,
    };
    match seed.deserialize(&mut parser).and_then(|()| parser.end()) {
        Ok(()) => Ok(()),
        Err(e) => Err(match state.violation.take() {
            Some(v) => Refusal::Invalid(v),
            None => Refusal::Malformed(e.to_string()),
        }),
    }
}

/// Where the check is, and the first rule broken.
struct State {
    path: String,
    violation: Option<Violation>,
    depth: usize,
}

impl State {
    /// Records `result`'s violation and stops the parse.
    fn stop<E: de::Error>(&mut self, result: Result<(), Violation>) -> Result<(), E> {
        result.map_err(|v| {
            self.violation = Some(v);
            E::custom("the body breaks a rule of its schema")
        })
    }

    fn mismatch<E: de::Error>(&mut self, expected: &str, got: &str) -> Result<(), E> {
        let result = violation(&self.path, "type", format!("must be {expected}, not {got}"));
        self.stop(result)
    }
}

/// A schema without its references and `null` allowance; and that allowance.
fn resolve(schema: &Schema) -> (&Schema, bool) {
    let (mut current, mut null_ok) = (schema, false);
    for _ in 0..MAX_DEPTH {
        match current {
            Schema::Ref(inner) => current = inner,
            Schema::Nullable(inner) => {
                null_ok = true;
                current = inner;
            }
            _ => break,
        }
    }
    (current, null_ok)
}

struct Seed<'s, 'c> {
    schema: &'s Schema,
    state: &'c mut State,
}

impl<'de> DeserializeSeed<'de> for Seed<'_, '_> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        let (schema, null_ok) = resolve(self.schema);
        if self.state.depth > MAX_DEPTH {
            return IgnoredAny::deserialize(deserializer).map(|_| ());
        }
        match schema {
            Schema::Any => IgnoredAny::deserialize(deserializer).map(|_| ()),
            Schema::AnyOf(_) | Schema::AllOf(_) | Schema::Tagged(_) => {
                let value = Value::deserialize(deserializer)?;
                if null_ok && value.is_null() {
                    return Ok(());
                }
                let result = schema.at(&value, &mut self.state.path, self.state.depth);
                self.state.stop(result)
            }
            Schema::Array(list) if list.unique => {
                let value = Value::deserialize(deserializer)?;
                if null_ok && value.is_null() {
                    return Ok(());
                }
                let result = schema.at(&value, &mut self.state.path, self.state.depth);
                self.state.stop(result)
            }
            _ => deserializer.deserialize_any(Visit {
                schema,
                null_ok,
                state: self.state,
            }),
        }
    }
}

struct Visit<'s, 'c> {
    schema: &'s Schema,
    null_ok: bool,
    state: &'c mut State,
}

impl Visit<'_, '_> {
    fn scalar<E: de::Error>(self, value: Value, kind: &str) -> Result<(), E> {
        let result = match self.schema {
            Schema::Enum(values) => one_of_values(values, &value, &self.state.path),
            Schema::String(text) => match value.as_str() {
                Some(s) => text.check(s, &self.state.path),
                None => return self.state.mismatch("a string", kind),
            },
            Schema::Number(number) => match value.as_f64() {
                Some(n) => number.check(n, &self.state.path),
                None => return self.state.mismatch("a number", kind),
            },
            Schema::Integer(number) => match value.as_f64() {
                Some(n) if n.fract() == 0.0 => number.check(n, &self.state.path),
                _ => return self.state.mismatch("an integer", kind),
            },
            Schema::Boolean if value.is_boolean() => Ok(()),
            Schema::Boolean => return self.state.mismatch("a boolean", kind),
            Schema::Array(_) => return self.state.mismatch("an array", kind),
            Schema::Object(_) => return self.state.mismatch("an object", kind),
            _ => Ok(()),
        };
        self.state.stop(result)
    }
}

impl<'de> Visitor<'de> for Visit<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<(), E> {
        self.scalar(Value::Bool(v), "a boolean")
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<(), E> {
        self.scalar(Value::from(v), "a number")
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<(), E> {
        self.scalar(Value::from(v), "a number")
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<(), E> {
        self.scalar(Value::from(v), "a number")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<(), E> {
        match self.schema {
            Schema::String(text) => {
                let result = text.check(v, &self.state.path);
                self.state.stop(result)
            }
            _ => self.scalar(Value::String(v.to_string()), "a string"),
        }
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        match self.schema {
            _ if self.null_ok => Ok(()),
            Schema::Any => Ok(()),
            Schema::Enum(_) => self.scalar(Value::Null, "null"),
            Schema::String(_) => self.state.mismatch("a string", "null"),
            Schema::Integer(_) => self.state.mismatch("an integer", "null"),
            Schema::Number(_) => self.state.mismatch("a number", "null"),
            Schema::Boolean => self.state.mismatch("a boolean", "null"),
            Schema::Array(_) => self.state.mismatch("an array", "null"),
            Schema::Object(_) => self.state.mismatch("an object", "null"),
            _ => Ok(()),
        }
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let Schema::Array(list) = self.schema else {
            return self.scalar(Value::Array(Vec::new()), "an array");
        };
        let state = self.state;
        state.depth += 1;
        let mut count = 0;
        loop {
            let len = state.path.len();
            state.path.push_str(&format!("[{count}]"));
            let seed = Seed {
                schema: list.items,
                state: &mut *state,
            };
            let item = seq.next_element_seed(seed)?;
            state.path.truncate(len);
            if item.is_none() {
                break;
            }
            count += 1;
        }
        state.depth -= 1;
        let result = match (list.min_items, list.max_items) {
            (Some(min), _) if count < min => violation(
                &state.path,
                "minItems",
                format!("must have at least {min} items"),
            ),
            (_, Some(max)) if count > max => violation(
                &state.path,
                "maxItems",
                format!("must have at most {max} items"),
            ),
            _ => Ok(()),
        };
        state.stop(result)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let Schema::Object(object) = self.schema else {
            return self.scalar(Value::Object(Default::default()), "an object");
        };
        let state = self.state;
        state.depth += 1;
        let mut seen = vec![false; object.required.len()];
        let mut count = 0;
        while let Some(key) = map.next_key::<Key<'de>>()? {
            let name = key.as_str();
            count += 1;
            if let Some(i) = object.required.iter().position(|r| *r == name) {
                seen[i] = true;
            }
            let known = object.properties.iter().find(|(n, _)| *n == name);
            let schema = match (known, &object.additional) {
                (Some((_, schema)), _) => schema,
                (None, super::schema::Additional::Any) => &Schema::Any,
                (None, super::schema::Additional::Only(schema)) => *schema,
                (None, super::schema::Additional::Forbidden) => {
                    let at = child(&state.path, name);
                    let result =
                        violation(&at, "additionalProperties", "is not allowed here".into());
                    return state.stop(result);
                }
            };
            let len = state.path.len();
            state.path = child(&state.path, name);
            map.next_value_seed(Seed {
                schema,
                state: &mut *state,
            })?;
            state.path.truncate(len);
        }
        state.depth -= 1;
        let result = object_counts(object, &seen, count, &state.path);
        state.stop(result)
    }
}

/// The rules an object's members decide once all are read: required
/// members present, and the number of members.
fn object_counts(
    object: &super::schema::Object,
    seen: &[bool],
    count: usize,
    path: &str,
) -> Result<(), Violation> {
    if let Some(i) = seen.iter().position(|s| !s) {
        return violation(
            &child(path, object.required[i]),
            "required",
            "is required".into(),
        );
    }
    if let Some(min) = object.min_properties.filter(|m| count < *m) {
        return violation(
            path,
            "minProperties",
            format!("must have at least {min} properties"),
        );
    }
    match object.max_properties.filter(|m| count > *m) {
        Some(max) => violation(
            path,
            "maxProperties",
            format!("must have at most {max} properties"),
        ),
        None => Ok(()),
    }
}

/// An object key, borrowed from the body when it has no escapes.
enum Key<'de> {
    Borrowed(&'de str),
    Owned(String),
}

impl Key<'_> {
    fn as_str(&self) -> &str {
        match self {
            Key::Borrowed(s) => s,
            Key::Owned(s) => s,
        }
    }
}

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;

        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string key")
            }

            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key::Borrowed(v))
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key::Owned(v.to_string()))
            }
        }

        deserializer.deserialize_str(KeyVisitor)
    }
}
