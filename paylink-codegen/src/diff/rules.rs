//! The rule table: every kind of change [`super::diff`] reports, with its
//! level, the side it breaks and why, defined once here.
//!
//! The sides are defined against the old version:
//!
//! * **client**: a client built for the old version, talking to a server of
//!   the new version, fails or misbehaves;
//! * **server**: a server implementing the old version, or a handler written
//!   against the old generated server trait, no longer conforms to (or
//!   compiles against) the new version;
//! * **both**: each of the above.
//!
//! Direction decides most levels and sides. A request is written by clients
//! and read by servers: tightening it rejects what old clients send
//! (client), loosening it lets new clients send what old servers do not
//! accept or handle (server). A response is written by servers and read by
//! clients: loosening it lets servers send what old clients cannot read
//! (client), tightening it means old servers may send what the new version
//! forbids (server). Additions a server must implement (an operation, a
//! request enum value or variant) are server warnings: nothing deployed
//! breaks, but the implementation has work to do.

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
const SERVER: Option<Side> = Some(Side::Server);
const BOTH: Option<Side> = Some(Side::Both);

/// Every rule, in the order the README lists them.
pub const RULES: &[Rule] = &[
    rule("path-removed", Breaking, CLIENT, "Clients calling any operation of the path get 404 or 405."),
    rule("operation-removed", Breaking, CLIENT, "Clients calling the operation get 404 or 405."),
    rule("operation-renamed", Breaking, BOTH, "The operation (same operationId) moved to another method or path, so clients calling the old one miss it and servers of the old version do not serve the new one."),
    rule("path-parameter-renamed", Info, None, "Only the names of path parameters changed: the URLs on the wire are the same."),
    rule("operation-id-changed", Info, None, "The URL is unchanged, but tools that name code after operationId rename it."),
    rule("operation-added", Warning, SERVER, "Old clients never call it, but servers of the old version answer 404 or 405 to clients of the new one until they implement it."),
    rule("parameter-added-required", Breaking, CLIENT, "Clients that do not send the new parameter are rejected."),
    rule("parameter-added-optional", Info, None, "Old clients do not send it, and servers of the old version still answer requests that carry it."),
    rule("parameter-made-required", Breaking, CLIENT, "Clients that omitted the parameter are rejected."),
    rule("parameter-removed", Warning, BOTH, "Clients that still send it silently lose its effect, and servers of the old version that require it reject clients of the new one."),
    rule("parameter-location-changed", Breaking, BOTH, "Each side looks for the parameter where the other version no longer puts it."),
    rule("parameter-style-changed", Breaking, BOTH, "The same value is serialized differently, so clients and servers of different versions misread each other."),
    rule("request-body-made-required", Breaking, CLIENT, "Clients that send no body are rejected."),
    rule("request-body-removed", Warning, BOTH, "The server no longer reads the body clients send, and servers of the old version that require it reject clients of the new one."),
    rule("request-media-type-removed", Breaking, CLIENT, "Clients sending that media type are rejected with 415."),
    rule("request-required-property-added", Breaking, CLIENT, "Clients that do not send the new property are rejected."),
    rule("request-property-made-required", Breaking, CLIENT, "Clients that omitted the property are rejected."),
    rule("request-property-added", Info, None, "An optional request property breaks nobody."),
    rule("request-property-removed", Warning, BOTH, "Clients that still send it lose its effect (or are rejected for an unknown property), and servers of the old version that require it reject clients of the new one."),
    rule("request-type-changed", Breaking, BOTH, "Values of the old type or format are rejected by the new version, or values of the new one cannot be decoded by servers and handlers written for the old one."),
    rule("request-constraint-tightened", Breaking, CLIENT, "Values clients sent under the old limits are rejected under the new ones."),
    rule("request-constraint-loosened", Warning, SERVER, "Clients of the new version may send values outside the old limits, which servers of the old version reject or do not handle."),
    rule("request-enum-value-removed", Breaking, CLIENT, "Clients sending the removed value are rejected."),
    rule("request-enum-value-added", Warning, SERVER, "Clients of the new version may send the value, which servers of the old version reject or do not handle."),
    rule("request-nullable-removed", Breaking, CLIENT, "Clients sending null are rejected."),
    rule("request-variant-removed", Breaking, CLIENT, "Clients sending a value of the removed variant are rejected."),
    rule("request-variant-added", Warning, SERVER, "Clients of the new version may send the new shape, which servers of the old version reject or do not handle."),
    rule("response-status-removed", Breaking, BOTH, "Clients that handled the status will get another, possibly undocumented, answer in the same situation, and servers of the old version still send it to clients of the new one, which treat it as unexpected."),
    rule("response-status-added", Warning, CLIENT, "Clients built from the old version treat the new status as unexpected."),
    rule("response-media-type-removed", Breaking, CLIENT, "Clients asking for that media type get 406 or a body they cannot decode."),
    rule("response-property-removed", Breaking, CLIENT, "Clients reading a required property find it missing and fail to decode."),
    rule("response-optional-property-removed", Warning, CLIENT, "Clients reading the property always find it absent."),
    rule("response-property-made-optional", Breaking, CLIENT, "Clients that rely on the property being present fail to decode when it is absent."),
    rule("response-required-property-added", Breaking, SERVER, "Servers of the old version do not send the property, so clients of the new version fail to decode their responses."),
    rule("response-property-made-required", Breaking, SERVER, "Servers of the old version may omit the property, so clients of the new version fail to decode their responses."),
    rule("response-nullable-added", Breaking, CLIENT, "Clients that do not expect null fail to decode it."),
    rule("response-type-changed", Breaking, BOTH, "Values the server now sends do not fit the type or format old clients decode into, or values servers of the old version send do not fit the new one."),
    rule("response-constraint-loosened", Warning, CLIENT, "Clients may receive values outside the limits they were promised."),
    rule("response-constraint-tightened", Warning, SERVER, "Servers of the old version may send values outside the new limits, which clients of the new version were promised they would not get."),
    rule("response-enum-value-added", Warning, CLIENT, "Clients receive a value they do not know; generated enums keep it in their `Unknown` variant, exhaustive handling elsewhere may not."),
    rule("response-enum-value-removed", Warning, SERVER, "Servers of the old version still send the value, which clients of the new version do not know (generated enums keep it in their `Unknown` variant)."),
    rule("response-variant-added", Warning, CLIENT, "Clients receive a shape they do not know; generated unions keep it as raw JSON."),
    rule("response-variant-removed", Warning, SERVER, "Servers of the old version still send the shape, which clients of the new version do not know (generated unions keep it as raw JSON)."),
    rule("response-property-added", Info, None, "Clients ignore properties they do not know."),
    rule("response-header-removed", Breaking, CLIENT, "Clients reading a required response header find it missing."),
    rule("response-optional-header-removed", Warning, CLIENT, "Clients reading the header always find it absent."),
    rule("response-header-made-optional", Warning, CLIENT, "Clients that rely on the header find it absent from some responses."),
    rule("response-header-made-required", Warning, SERVER, "Servers of the old version may omit the header clients of the new version expect."),
    rule("response-required-header-added", Warning, SERVER, "Servers of the old version do not send the header clients of the new version expect."),
    rule("response-header-added", Info, None, "Clients ignore headers they do not know."),
    rule("discriminator-changed", Breaking, BOTH, "Values are told apart by a different property or tag value (or by none), so both sides may pick the wrong variant."),
    rule("security-added", Breaking, CLIENT, "Clients that sent no credentials are rejected with 401."),
    rule("security-changed", Breaking, BOTH, "The credentials old clients send satisfy no scheme the new version accepts, and servers of the old version do not accept the new ones."),
    rule("security-scopes-added", Breaking, CLIENT, "Tokens granted the old scopes lack the new ones, so clients are rejected with 403."),
    rule("security-removed", Warning, SERVER, "Clients of the new version may call without credentials, which servers of the old version reject with 401; servers of the new version must serve anonymous callers."),
    rule("security-loosened", Warning, SERVER, "Servers of the old version reject credentials the new version accepts (another scheme, or fewer scopes)."),
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
