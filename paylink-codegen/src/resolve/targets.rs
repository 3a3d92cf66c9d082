//! What references point at: a `$ref` where a schema belongs must name a
//! schema (not the whole document, not a string such as `#/info/title`),
//! and each discriminator mapping entry must name a schema that exists.
//! Without these checks such references quietly became untyped JSON.

use serde_json::Value;

use super::lookup;
use crate::diagnostic::{split_pointer, Diagnostics};
use crate::normalize::RefSite;

/// Keywords whose value is one schema.
const SCHEMA_FIELDS: &[&str] = &[
    "schema",
    "items",
    "not",
    "additionalProperties",
    "additionalItems",
    "contains",
    "propertyNames",
    "if",
    "then",
    "else",
    "unevaluatedItems",
    "unevaluatedProperties",
    "contentSchema",
];

/// Keywords whose value is a map or list of schemas.
const SCHEMA_COLLECTIONS: &[&str] = &[
    "schemas",
    "properties",
    "patternProperties",
    "dependentSchemas",
    "$defs",
    "definitions",
    "allOf",
    "anyOf",
    "oneOf",
    "prefixItems",
];

/// Reports a schema reference whose target is no schema.
pub(super) fn check_schema_target(
    site: &RefSite,
    target: &str,
    node: &Value,
    diags: &mut Diagnostics,
) {
    let pointer = format!("{}/$ref", site.pointer);
    let tokens = split_pointer(target);
    let refused = if tokens.is_empty() {
        Some("the whole document".to_string())
    } else if !(node.is_object() || node.is_boolean()) {
        Some(format!(
            "{}, not a schema",
            crate::normalize::value_kind(node)
        ))
    } else {
        None
    };
    if let Some(what) = refused {
        diags
            .error(
                &pointer,
                format!(
                    "`$ref` \"{}\" is used as a schema but points to {what}",
                    site.target
                ),
            )
            .hint("point the reference at a schema, such as `#/components/schemas/Name`");
        return;
    }
    if !schema_position(&tokens) {
        diags
            .warn(
                &pointer,
                format!(
                    "`$ref` \"{}\" is used as a schema but points to something that is not one: its values are typed as any JSON",
                    site.target
                ),
            )
            .hint("point the reference at a schema, such as `#/components/schemas/Name`");
    }
}

/// Whether the node at `tokens` is where a schema is written; places under
/// a vendor extension (`x-...`) are taken on trust.
fn schema_position(tokens: &[String]) -> bool {
    let unprefixed = |t: &str| t.strip_prefix("x-oas-").unwrap_or(t).to_string();
    let last = tokens.last().map(|t| unprefixed(t));
    let parent = tokens.len().checked_sub(2).map(|i| unprefixed(&tokens[i]));
    last.is_some_and(|t| SCHEMA_FIELDS.contains(&t.as_str()))
        || parent.is_some_and(|t| SCHEMA_COLLECTIONS.contains(&t.as_str()))
        || tokens
            .iter()
            .any(|t| t.starts_with("x-") && !t.starts_with("x-oas-"))
}

/// Reports each discriminator mapping entry that names no schema.
pub(super) fn check_mappings(
    document: &Value,
    mappings: &[(String, String)],
    diags: &mut Diagnostics,
) {
    for (pointer, target) in mappings {
        let found = if let Some(fragment) = target.strip_prefix('#') {
            lookup(document, &format!("#{}", super::percent_decode(fragment))).is_some()
        } else if target.contains('/') || target.contains('.') {
            // A URI of another document: reported as an external reference
            // would be, but only as a warning, since the mapping is advisory.
            false
        } else {
            lookup(
                document,
                &crate::diagnostic::join("#/components/schemas", target),
            )
            .is_some()
        };
        if !found {
            diags
                .warn(
                    pointer,
                    format!("this discriminator mapping names \"{target}\", which is not a schema of this document: the entry is ignored"),
                )
                .hint("name a schema of `components/schemas`, by name or as `#/components/schemas/Name`");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(p: &str) -> Vec<String> {
        split_pointer(p)
    }

    #[test]
    fn schema_positions() {
        assert!(schema_position(&t("#/components/schemas/Pet")));
        assert!(schema_position(&t(
            "#/components/schemas/Pet/properties/id"
        )));
        assert!(schema_position(&t(
            "#/paths/~1a/get/responses/200/content/application~1json/schema"
        )));
        assert!(schema_position(&t("#/components/schemas/A/allOf/0")));
        assert!(schema_position(&t("#/x-shared/Thing")));
        assert!(!schema_position(&t("#/info")));
        assert!(!schema_position(&t("#/components/responses/NotFound")));
    }
}
