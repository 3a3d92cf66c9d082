//! The rule table: every kind of change [`super::diff`] reports, with its
//! level, the side it breaks and why, defined once here.
//!
//! Direction decides most levels. A request is written by clients and read
//! by servers: what the new version accepts must include everything the old
//! one accepted, so tightening it breaks clients. A response is written by
//! servers and read by clients: what the new version may send must stay
//! within what the old one promised, so loosening it breaks clients.

use super::{Level, Side};

/// One kind of change.
#[derive(Debug, PartialEq, Eq)]
pub struct Rule {
    /// Stable kebab-case id.
    pub id: &'static str,
    /// How serious it is.
    pub level: Level,
    /// Who it breaks; `None` for info.
    pub side: Option<Side>,
    /// Why it breaks, in one sentence.
    pub why: &'static str,
}

const fn rule(id: &'static str, level: Level, side: Option<Side>, why: &'static str) -> Rule {
    Rule {
        id,
        level,
        side,
        why,
    }
}

use Level::{Breaking, Info, Warning};
const CLIENT: Option<Side> = Some(Side::Client);
const BOTH: Option<Side> = Some(Side::Both);

/// Every rule, in the order the README lists them.
pub const RULES: &[Rule] = &[
    rule("path-removed", Breaking, CLIENT, "Clients calling any operation of the path get 404 or 405."),
    rule("operation-removed", Breaking, CLIENT, "Clients calling the operation get 404 or 405."),
    rule("operation-renamed", Breaking, CLIENT, "The operation (same operationId) moved to another method or path, so clients calling the old one miss it."),
    rule("path-parameter-renamed", Info, None, "Only the names of path parameters changed: the URLs on the wire are the same."),
    rule("operation-id-changed", Info, None, "The URL is unchanged, but tools that name code after operationId rename it."),
    rule("operation-added", Info, None, "A new operation breaks nobody."),
    rule("parameter-added-required", Breaking, CLIENT, "Clients that do not send the new parameter are rejected."),
    rule("parameter-added-optional", Info, None, "An optional parameter breaks nobody."),
    rule("parameter-made-required", Breaking, CLIENT, "Clients that omitted the parameter are rejected."),
    rule("parameter-removed", Warning, CLIENT, "The server no longer reads it, so clients that still send it silently lose its effect."),
    rule("parameter-location-changed", Breaking, CLIENT, "Clients send the parameter where the server no longer reads it."),
    rule("parameter-style-changed", Breaking, BOTH, "The same value is serialized differently, so clients and servers of different versions misread each other."),
    rule("request-body-made-required", Breaking, CLIENT, "Clients that send no body are rejected."),
    rule("request-body-removed", Warning, CLIENT, "The server no longer reads the body clients send."),
    rule("request-media-type-removed", Breaking, CLIENT, "Clients sending that media type are rejected with 415."),
    rule("request-required-property-added", Breaking, CLIENT, "Clients that do not send the new property are rejected."),
    rule("request-property-made-required", Breaking, CLIENT, "Clients that omitted the property are rejected."),
    rule("request-property-added", Info, None, "An optional request property breaks nobody."),
    rule("request-property-removed", Warning, CLIENT, "The server no longer reads it (or rejects it as unknown), so clients that still send it lose its effect."),
    rule("request-type-changed", Breaking, CLIENT, "Values clients sent under the old type or format are not valid under the new one."),
    rule("request-constraint-tightened", Breaking, CLIENT, "Values clients sent under the old limits are rejected under the new ones."),
    rule("request-enum-value-removed", Breaking, CLIENT, "Clients sending the removed value are rejected."),
    rule("request-enum-value-added", Info, None, "Clients keep sending the old values; servers see one more they must handle."),
    rule("request-nullable-removed", Breaking, CLIENT, "Clients sending null are rejected."),
    rule("request-variant-removed", Breaking, CLIENT, "Clients sending a value of the removed variant are rejected."),
    rule("request-variant-added", Info, None, "Clients keep sending the old variants; servers see one more they must handle."),
    rule("response-status-removed", Breaking, CLIENT, "Clients that handled the status will get another, possibly undocumented, answer in the same situation."),
    rule("response-status-added", Warning, CLIENT, "Clients built from the old version treat the new status as unexpected."),
    rule("response-media-type-removed", Breaking, CLIENT, "Clients asking for that media type get 406 or a body they cannot decode."),
    rule("response-property-removed", Breaking, CLIENT, "Clients reading a required property find it missing and fail to decode."),
    rule("response-optional-property-removed", Warning, CLIENT, "Clients reading the property always find it absent."),
    rule("response-property-made-optional", Breaking, CLIENT, "Clients that rely on the property being present fail to decode when it is absent."),
    rule("response-nullable-added", Breaking, CLIENT, "Clients that do not expect null fail to decode it."),
    rule("response-type-changed", Breaking, CLIENT, "Values the server now sends do not fit the type or format clients decode into."),
    rule("response-constraint-loosened", Warning, CLIENT, "Clients may receive values outside the limits they were promised."),
    rule("response-enum-value-added", Warning, CLIENT, "Clients receive a value they do not know; generated enums keep it in their `Unknown` variant, exhaustive handling elsewhere may not."),
    rule("response-enum-value-removed", Info, None, "Clients simply stop receiving that value."),
    rule("response-variant-added", Warning, CLIENT, "Clients receive a shape they do not know; generated unions keep it as raw JSON."),
    rule("response-variant-removed", Info, None, "Clients simply stop receiving that shape."),
    rule("response-property-added", Info, None, "Clients ignore properties they do not know."),
    rule("discriminator-changed", Breaking, BOTH, "Values are told apart by a different property or tag value, so both sides pick the wrong variant."),
    rule("security-added", Breaking, CLIENT, "Clients that sent no credentials are rejected with 401."),
    rule("security-changed", Breaking, CLIENT, "The credentials clients send no longer satisfy any accepted scheme."),
    rule("server-removed", Breaking, CLIENT, "Clients configured with the removed base URL call a server that is gone."),
    rule("default-server-changed", Warning, CLIENT, "Clients using the first server as their default now call another one."),
];

/// The rule with this id.
///
/// # Panics
///
/// When no rule has the id: rule ids are compile-time constants of this
/// module, so that is a bug in the diff code, caught by its tests.
pub fn rule_for(id: &str) -> &'static Rule {
    RULES
        .iter()
        .find(|r| r.id == id)
        .unwrap_or_else(|| panic!("no diff rule `{id}`"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_kebab_case_and_info_breaks_nobody() {
        let mut seen = std::collections::HashSet::new();
        for r in RULES {
            assert!(seen.insert(r.id), "duplicate {}", r.id);
            assert!(r.id.chars().all(|c| c.is_ascii_lowercase() || c == '-'));
            assert_eq!(r.level == Level::Info, r.side.is_none(), "{}", r.id);
            assert!(r.why.ends_with('.'), "{}", r.why);
        }
    }
}
