//! Choosing the variant of a union without a discriminator.
//!
//! Serde's `untagged` takes the first variant that decodes, and an object
//! whose properties are all optional decodes from any object: every error
//! body would read as the first error variant, its content lost. Generated
//! unions instead rank their object variants by how well a value fits
//! their [`Shape`] (required properties present, no unknown property where
//! `additionalProperties` is `false`, `const` and `enum` values matching,
//! most documented properties present), try them in that order, and keep
//! the value as sent when none fits.

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

/// What an object variant looks like on the wire.
#[derive(Clone, Copy, Debug)]
pub struct Shape {
    /// Properties that must be present.
    pub required: &'static [&'static str],
    /// Every documented property.
    pub known: &'static [&'static str],
    /// Whether undocumented properties rule the variant out
    /// (`additionalProperties: false`).
    pub closed: bool,
    /// Properties whose value is one of a list (`const`, `enum`). With one
    /// value (a `const`), another value rules the variant out; with more,
    /// it only counts against the variant.
    pub values: &'static [(&'static str, &'static [Literal])],
}

/// A `const` or `enum` value.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Literal {
    /// A string.
    Str(&'static str),
    /// An integer.
    Int(i64),
}

impl Literal {
    fn matches(&self, value: &Value) -> bool {
        match self {
            Literal::Str(s) => value.as_str() == Some(*s),
            Literal::Int(i) => value.as_i64() == Some(*i),
        }
    }
}

/// The order in which to try the variants of a union for `value`: the
/// object variants (`Some` shape) that fit, best first, then the others
/// (`None`: strings, numbers, lists, maps, nested unions) in the spec's
/// order. Object variants that do not fit are left out.
pub fn ranked(value: &Value, shapes: &[Option<Shape>]) -> Vec<usize> {
    let mut fitting: Vec<(usize, (usize, usize))> = Vec::new();
    let mut others = Vec::new();
    for (index, shape) in shapes.iter().enumerate() {
        match (shape, value) {
            (None, _) => others.push(index),
            (Some(shape), Value::Object(object)) => {
                if let Some(score) = score(shape, object) {
                    fitting.push((index, score));
                }
            }
            (Some(_), _) => {}
        }
    }
    // Most matched properties first, then fewest unknown ones; the spec's
    // order among equals (the sort is stable).
    fitting.sort_by(|(_, (m1, u1)), (_, (m2, u2))| m2.cmp(m1).then(u1.cmp(u2)));
    fitting.into_iter().map(|(i, _)| i).chain(others).collect()
}

/// How well an object fits a shape: documented properties it has with
/// fitting values, and properties it has that the shape does not know;
/// `None` when it cannot be this variant.
fn score(shape: &Shape, object: &Map<String, Value>) -> Option<(usize, usize)> {
    if shape.required.iter().any(|r| !object.contains_key(*r)) {
        return None;
    }
    let mut matched = 0;
    let mut unknown = 0;
    for (key, value) in object {
        if !shape.known.contains(&key.as_str()) {
            unknown += 1;
            continue;
        }
        let allowed = shape.values.iter().find(|(name, _)| name == key);
        match allowed {
            Some((_, list)) if !list.iter().any(|l| l.matches(value)) => {
                if list.len() == 1 {
                    return None;
                }
            }
            _ => matched += 1,
        }
    }
    if (shape.closed && unknown > 0) || (matched == 0 && !object.is_empty()) {
        return None;
    }
    Some((matched, unknown))
}

/// `value` as a `T`, or `None` when it does not decode.
pub fn decode<T: DeserializeOwned>(value: &Value) -> Option<T> {
    T::deserialize(value).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const VALIDATION: Shape = Shape {
        required: &[],
        known: &["errors", "request_id"],
        closed: false,
        values: &[],
    };
    const AUTH: Shape = Shape {
        required: &[],
        known: &["message", "realm"],
        closed: true,
        values: &[],
    };
    const CARD: Shape = Shape {
        required: &["type"],
        known: &["type", "number"],
        closed: false,
        values: &[("type", &[Literal::Str("card")])],
    };

    #[test]
    fn the_variant_with_the_most_known_properties_comes_first() {
        let shapes = [Some(VALIDATION), Some(AUTH)];
        assert_eq!(
            ranked(&json!({"message": "no", "realm": "api"}), &shapes),
            [1]
        );
        assert_eq!(ranked(&json!({"errors": []}), &shapes), [0]);
        assert_eq!(ranked(&json!({}), &shapes), [0, 1]);
    }

    #[test]
    fn unknown_properties_rule_out_closed_variants_only() {
        let shapes = [Some(AUTH), Some(VALIDATION)];
        let value = json!({"message": "no", "request_id": "r1", "extra": 1});
        assert_eq!(ranked(&value, &shapes), [1]);
    }

    #[test]
    fn a_const_mismatch_or_a_missing_required_property_rules_out() {
        let shapes = [Some(CARD), None];
        assert_eq!(ranked(&json!({"type": "card"}), &shapes), [0, 1]);
        assert_eq!(ranked(&json!({"type": "bank"}), &shapes), [1]);
        assert_eq!(ranked(&json!({"number": "4242"}), &shapes), [1]);
        assert_eq!(ranked(&json!("text"), &shapes), [1]);
    }
}
