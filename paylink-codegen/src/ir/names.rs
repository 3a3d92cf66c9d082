//! Names the IR takes from a schema's content rather than from its place:
//! enum variants from their values (or the spec's `x-enum-varnames` /
//! `x-enumNames`, checked), and labels of union members from what tells
//! them apart. The rule is the one `naming`'s module docs state; every
//! name goes through `naming`'s sanitizing.

use openapiv3::{ReferenceOr, Schema, SchemaData, SchemaKind, Type};
use serde_json::Value;

use super::{EnumValue, TypeKind};
use crate::diagnostic::{join, Diagnostic};
use crate::naming::{enum_variant, int_variant, type_name, Namer};

/// The extensions that name an enum's values, in the order they are read.
const VARNAME_EXTENSIONS: &[&str] = &["x-enum-varnames", "x-enumNames"];

/// The names a schema's `x-enum-varnames` (or `x-enumNames`) gives its
/// `count` enum values, in order; `None` without one. One that is not a
/// list of `count` strings, each with something to spell, is ignored with
/// a warning at its pointer.
pub(super) fn given_names(
    data: &SchemaData,
    count: usize,
    pointer: &str,
    warnings: &mut Vec<Diagnostic>,
) -> Option<Vec<String>> {
    let (key, value) = VARNAME_EXTENSIONS
        .iter()
        .find_map(|k| data.extensions.get(*k).map(|v| (*k, v)))?;
    let at = join(pointer, key);
    let problem = match value {
        Value::Array(items) if items.len() != count => Some(format!(
            "`{key}` names {} values but the enum has {count}",
            items.len()
        )),
        Value::Array(items) => match items.iter().position(|v| !spellable(v)) {
            Some(i) => Some(format!(
                "`{key}` entry {i} is not a string with letters or digits"
            )),
            None => {
                return Some(
                    items
                        .iter()
                        .filter_map(Value::as_str)
                        .map(type_name)
                        .collect(),
                )
            }
        },
        _ => Some(format!("`{key}` is not a list of names")),
    };
    if let Some(message) = problem {
        warnings.push(
            Diagnostic::warning(&at, message)
                .with_hint("the enum's variants are named from its values instead"),
        );
    }
    None
}

fn spellable(v: &Value) -> bool {
    v.as_str()
        .is_some_and(|s| s.chars().any(|c| c.is_ascii_alphanumeric()))
}

/// A string enum of `values` (in spec order, `None` for a `null` entry),
/// named by `given` (aligned with `values`) or from the values.
pub(super) fn str_enum(values: &[Option<String>], given: Option<&[String]>) -> TypeKind {
    let mut namer = Namer::default();
    let mut out: Vec<EnumValue<String>> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for (i, wire) in values.iter().enumerate() {
        let Some(wire) = wire else { continue };
        if !seen.insert(wire.as_str()) {
            continue;
        }
        let name = given
            .and_then(|g| g.get(i).cloned())
            .or_else(|| enum_variant(wire))
            .unwrap_or_else(|| format!("Value{}", i + 1));
        out.push(EnumValue {
            rust: namer.claim(&name),
            wire: wire.clone(),
        });
    }
    TypeKind::StrEnum(out)
}

/// An integer enum of `values` (in spec order, `None` for `null`), named
/// by `given` or from the values (`V1`, `Minus1`).
pub(super) fn int_enum(values: &[Option<i64>], given: Option<&[String]>) -> TypeKind {
    let mut namer = Namer::default();
    let mut out: Vec<EnumValue<i64>> = Vec::new();
    for (i, wire) in values.iter().enumerate() {
        let Some(wire) = *wire else { continue };
        if out.iter().any(|v| v.wire == wire) {
            continue;
        }
        let name = given
            .and_then(|g| g.get(i).cloned())
            .unwrap_or_else(|| int_variant(wire));
        out.push(EnumValue {
            rust: namer.claim(&name),
            wire,
        });
    }
    TypeKind::IntEnum(out)
}

/// A variant named after its type, without the union's own name around it:
/// `MultiUsePaymentLink` in `PaymentLink` reads as `PaymentLink::MultiUse`.
pub(super) fn without_owner(name: &str, owner: &str) -> String {
    let rest = name
        .strip_suffix(owner)
        .filter(|r| !r.is_empty())
        .or_else(|| name.strip_prefix(owner).filter(|r| !r.is_empty()));
    match rest {
        Some(r) if r.starts_with(|c: char| c.is_ascii_uppercase()) => r.to_string(),
        _ => name.to_string(),
    }
}

/// A label for each union member that tells it apart from the others
/// (see `naming`'s rule), or `None` where only its type or position can
/// name it. `tag` is the discriminator's property.
pub(super) fn member_labels(
    members: &[&ReferenceOr<Schema>],
    tag: Option<&str>,
) -> Vec<Option<String>> {
    let labels: Vec<Option<String>> = members
        .iter()
        .enumerate()
        .map(|(i, m)| m.as_item().and_then(|s| label(s, members, i, tag)))
        .collect();
    // A label shared by two members tells neither apart.
    let mut uses: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
    for l in labels.iter().flatten() {
        *uses.entry(l.as_str()).or_default() += 1;
    }
    labels
        .iter()
        .map(|l| l.clone().filter(|l| uses.get(l.as_str()) == Some(&1)))
        .collect()
}

fn label(
    s: &Schema,
    members: &[&ReferenceOr<Schema>],
    index: usize,
    tag: Option<&str>,
) -> Option<String> {
    let title = s
        .schema_data
        .title
        .as_deref()
        .filter(|t| !t.trim().is_empty());
    if let Some(title) = title.and_then(enum_variant) {
        return Some(title);
    }
    let props = properties(s);
    let constant = |name: &str| {
        props
            .iter()
            .find(|(p, _)| *p == name)
            .and_then(|(_, v)| one_value(v))
    };
    if let Some(value) = tag.and_then(constant) {
        return Some(value);
    }
    if let Some(value) = props.iter().find_map(|(_, v)| one_value(v)) {
        return Some(value);
    }
    if let Some(prop) = own_required(s, members, index).or_else(|| own_property(s, members, index))
    {
        return enum_variant(&prop);
    }
    if let Some(format) = format(s) {
        return enum_variant(&format);
    }
    few_values(s)
}

/// The properties of an object member, by wire name, with those of its
/// inline `allOf` members (pagerduty-rest's `allOf: [{$ref: Reference},
/// {properties: {type: {enum: [account_reference]}}}]`).
fn properties(s: &Schema) -> Vec<(&str, &Schema)> {
    let (map, all_of) = match &s.schema_kind {
        SchemaKind::Type(Type::Object(o)) => (Some(&o.properties), None),
        SchemaKind::Any(a) => (Some(&a.properties), Some(&a.all_of)),
        SchemaKind::AllOf { all_of } => (None, Some(all_of)),
        _ => return Vec::new(),
    };
    let own = map
        .into_iter()
        .flatten()
        .filter_map(|(k, v)| Some((k.as_str(), v.as_item()?.as_ref())));
    let merged = all_of
        .into_iter()
        .flatten()
        .filter_map(ReferenceOr::as_item)
        .flat_map(|m| match &m.schema_kind {
            SchemaKind::Type(Type::Object(o)) => Some(&o.properties),
            SchemaKind::Any(a) => Some(&a.properties),
            _ => None,
        })
        .flatten()
        .filter_map(|(k, v)| Some((k.as_str(), v.as_item()?.as_ref())));
    own.chain(merged).collect()
}

/// The name of the one value a property may have (`enum` of one string).
fn one_value(s: &Schema) -> Option<String> {
    match &s.schema_kind {
        SchemaKind::Type(Type::String(st)) => match st.enumeration.as_slice() {
            [Some(v)] => enum_variant(v),
            _ => None,
        },
        SchemaKind::Any(a) => match a.enumeration.as_slice() {
            [Value::String(v)] => enum_variant(v),
            _ => None,
        },
        _ => None,
    }
}

/// Unions with more members than this are not searched for a property of
/// one member alone (the search compares every member with every other).
const MAX_COMPARED_MEMBERS: usize = 64;

/// The first required property of member `index` that no other member
/// declares (among its first few required ones, in unions of few
/// members: hostile specs stay cheap).
fn own_required(s: &Schema, members: &[&ReferenceOr<Schema>], index: usize) -> Option<String> {
    if members.len() > MAX_COMPARED_MEMBERS {
        return None;
    }
    let required = match &s.schema_kind {
        SchemaKind::Type(Type::Object(o)) => &o.required,
        SchemaKind::Any(a) => &a.required,
        _ => return None,
    };
    let elsewhere = |name: &str| {
        members.iter().enumerate().any(|(j, m)| {
            j != index
                && m.as_item()
                    .is_some_and(|o| properties(o).iter().any(|(p, _)| *p == name))
        })
    };
    required.iter().take(8).find(|r| !elsewhere(r)).cloned()
}

/// Where no required property tells member `index` apart: the first of
/// its properties (among its first few) that no other member declares
/// (pagerduty-rest's extractions: `template` beside `regex`).
fn own_property(s: &Schema, members: &[&ReferenceOr<Schema>], index: usize) -> Option<String> {
    if members.len() > MAX_COMPARED_MEMBERS {
        return None;
    }
    let elsewhere = |name: &str| {
        members.iter().enumerate().any(|(j, m)| {
            j != index
                && m.as_item()
                    .is_some_and(|o| properties(o).iter().any(|(p, _)| *p == name))
        })
    };
    properties(s)
        .into_iter()
        .take(8)
        .map(|(p, _)| p)
        .find(|p| !elsewhere(p))
        .map(str::to_string)
}

/// The `format` of a string member.
fn format(s: &Schema) -> Option<String> {
    match &s.schema_kind {
        SchemaKind::Type(Type::String(st)) => match &st.format {
            openapiv3::VariantOrUnknownOrEmpty::Item(f) => {
                Some(format!("{f:?}").trim_matches('"').to_string())
            }
            openapiv3::VariantOrUnknownOrEmpty::Unknown(f) => Some(f.clone()),
            openapiv3::VariantOrUnknownOrEmpty::Empty => None,
        },
        SchemaKind::Any(a) => a.format.clone(),
        _ => None,
    }
}

/// A string enum member of up to three values: `AOrBOrC`.
fn few_values(s: &Schema) -> Option<String> {
    let SchemaKind::Type(Type::String(st)) = &s.schema_kind else {
        return None;
    };
    let values: Vec<String> = st.enumeration.iter().flatten().cloned().collect();
    if values.is_empty() || values.len() > 3 {
        return None;
    }
    if !values
        .iter()
        .all(|v| v.chars().any(|c| c.is_ascii_alphanumeric()))
    {
        return None;
    }
    enum_variant(&values.join(" or "))
}

/// Renames the nested types several operations own, which were named
/// after the first of them (Box's `POST /folders` body used
/// `PutFoldersIdRequestFolderUploadEmail`), to their place alone: the
/// name without the first owner's type base and the word for the body it
/// sits in (`Request`, a status: `FolderUploadEmail`), or, when another
/// type has that name, after the words all the owners' names share
/// (`PutFoldersId` and `PostFolders`: `FoldersFolderUploadEmail`). The
/// name is kept when what is left is a single word (`Item`, `Parent`: too
/// vague to find) or both are taken, so no name gets a number.
pub(super) fn neutral_names(
    defs: &mut std::collections::BTreeMap<super::TypeId, super::TypeDef>,
    owners: &std::collections::BTreeMap<super::TypeId, Vec<String>>,
) {
    let mut taken: std::collections::BTreeSet<String> =
        defs.values().map(|d| d.name.clone()).collect();
    for (id, owned) in owners {
        let [first, _, ..] = owned.as_slice() else {
            continue;
        };
        let Some(def) = defs.get_mut(id) else {
            continue;
        };
        let Some(neutral) = neutral_name(&def.name, first) else {
            continue;
        };
        let shared = shared_words(owned);
        let candidates = [
            Some(neutral.clone()),
            (!shared.is_empty()).then(|| shared + &neutral),
        ];
        if let Some(name) = candidates
            .into_iter()
            .flatten()
            .find(|c| !taken.contains(c))
        {
            taken.insert(name.clone());
            taken.remove(&def.name);
            def.name = name;
        }
    }
}

/// The words of the first name that every one of `names` has, in order.
fn shared_words(names: &[String]) -> String {
    let words: Vec<Vec<&str>> = names
        .iter()
        .map(|n| crate::naming::pascal_words(n))
        .collect();
    let Some((first, others)) = words.split_first() else {
        return String::new();
    };
    first
        .iter()
        .filter(|w| others.iter().all(|o| o.contains(w)))
        .copied()
        .collect()
}

/// The words for the bodies an operation's types sit in: its request,
/// and its responses by status (see `naming::status_name`).
const BODY_WORDS: &[&str] = &[
    "Request",
    "Ok",
    "Created",
    "Accepted",
    "NoContent",
    "PartialContent",
    "Default",
    "Status2xx",
    "BadRequest",
    "NotFound",
    "Conflict",
    "UnprocessableEntity",
];

/// `name` (of a type nested in an operation whose type base is `base`)
/// without `base` and the body word after it, when at least two words
/// are left.
fn neutral_name(name: &str, base: &str) -> Option<String> {
    let rest = name.strip_prefix(base)?;
    let rest = BODY_WORDS
        .iter()
        .find_map(|w| {
            rest.strip_prefix(w)
                .filter(|r| r.starts_with(|c: char| c.is_ascii_uppercase()))
        })
        .unwrap_or(rest);
    let words = rest.chars().filter(char::is_ascii_uppercase).count();
    (words >= 2 && rest.starts_with(|c: char| c.is_ascii_uppercase())).then(|| rest.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schema(json: serde_json::Value) -> ReferenceOr<Schema> {
        serde_json::from_value(json).expect("a schema")
    }

    fn labels(members: &[serde_json::Value], tag: Option<&str>) -> Vec<Option<String>> {
        let members: Vec<ReferenceOr<Schema>> = members.iter().cloned().map(schema).collect();
        let refs: Vec<&ReferenceOr<Schema>> = members.iter().collect();
        member_labels(&refs, tag)
    }

    /// progenitor-nexus's `IpNet`-like and `VpcFirewallRuleTarget` unions:
    /// objects told apart by a one-value `type`.
    #[test]
    fn members_named_by_their_one_value_property() {
        let got = labels(
            &[
                serde_json::json!({"type": "object", "required": ["type", "value"], "properties": {
                    "type": {"type": "string", "enum": ["vpc"]}, "value": {"type": "string"}}}),
                serde_json::json!({"type": "object", "required": ["type", "value"], "properties": {
                    "type": {"type": "string", "enum": ["ip_net"]}, "value": {"type": "string"}}}),
            ],
            Some("type"),
        );
        assert_eq!(got, [Some("Vpc".to_string()), Some("IpNet".to_string())]);
    }

    /// Externally tagged Rust enums (propolis-server): one required
    /// property each.
    #[test]
    fn members_named_by_their_own_required_property() {
        let got = labels(
            &[
                serde_json::json!({"type": "object", "required": ["Running"], "properties": {"Running": {"type": "string"}}}),
                serde_json::json!({"type": "object", "required": ["Stopped"], "properties": {"Stopped": {"type": "string"}}}),
                serde_json::json!({"type": "string", "format": "uuid"}),
                serde_json::json!({"type": "string", "enum": ["all", "none"]}),
            ],
            None,
        );
        let want = ["Running", "Stopped", "Uuid", "AllOrNone"];
        assert_eq!(got, want.map(|w| Some(w.to_string())));
    }

    /// pagerduty-rest: extractions told apart by a property only one has
    /// (none required), and a creator told apart by the one-value `type`
    /// of an inline `allOf` part.
    #[test]
    fn members_named_by_an_own_property_or_an_all_of_part() {
        let got = labels(
            &[
                serde_json::json!({"type": "object", "properties": {"target": {"type": "string"}, "template": {"type": "string"}}}),
                serde_json::json!({"type": "object", "properties": {"target": {"type": "string"}, "regex": {"type": "string"}, "source": {"type": "string"}}}),
            ],
            None,
        );
        assert_eq!(
            got,
            [Some("Template".to_string()), Some("Regex".to_string())]
        );
        let got = labels(
            &[
                serde_json::json!({"$ref": "#/components/schemas/UserReference"}),
                serde_json::json!({"allOf": [
                    {"$ref": "#/components/schemas/Reference"},
                    {"type": "object", "properties": {"type": {"type": "string", "enum": ["account_reference"]}}}
                ]}),
            ],
            None,
        );
        assert_eq!(got, [None, Some("AccountReference".to_string())]);
    }

    /// Members nothing tells apart get no label (and so `VariantN`).
    #[test]
    fn members_alike_get_no_label() {
        let same = serde_json::json!({"type": "object", "properties": {"a": {"type": "string"}}});
        assert_eq!(labels(&[same.clone(), same], None), [None, None]);
        let titled = serde_json::json!({"title": "A", "type": "object"});
        assert_eq!(labels(&[titled.clone(), titled], None), [None, None]);
    }

    /// box-api: `POST /folders` and `PUT /folders/{folder_id}` share the
    /// body's `folder_upload_email`.
    #[test]
    fn shared_nested_names_lose_their_first_owner() {
        assert_eq!(
            neutral_name("PutFoldersIdRequestFolderUploadEmail", "PutFoldersId").as_deref(),
            Some("FolderUploadEmail")
        );
        assert_eq!(
            neutral_name("PutFoldersIdRequestFolderUploadEmailAccess", "PutFoldersId").as_deref(),
            Some("FolderUploadEmailAccess")
        );
        assert_eq!(
            neutral_name("ListThingsOkDataItem", "ListThings").as_deref(),
            Some("DataItem")
        );
        // One word left, or another owner's name: kept.
        assert_eq!(
            neutral_name("PutFoldersIdRequestParent", "PutFoldersId"),
            None
        );
        assert_eq!(neutral_name("ListThingsOkItem", "ListThings"), None);
        assert_eq!(neutral_name("OtherRequestFolder", "PutFoldersId"), None);
        assert_eq!(
            shared_words(&["PutFoldersId".into(), "PostFolders".into()]),
            "Folders"
        );
        assert_eq!(shared_words(&["ListThings".into(), "GetThing".into()]), "");
        // `Requested` is not the word `Request`.
        assert_eq!(
            neutral_name("GetXRequestedBy", "GetX").as_deref(),
            Some("RequestedBy")
        );
    }

    #[test]
    fn given_names_are_checked() {
        let data = |ext: serde_json::Value| {
            let mut d = SchemaData::default();
            d.extensions.insert("x-enum-varnames".into(), ext);
            d
        };
        let mut warnings = Vec::new();
        let ok = given_names(
            &data(serde_json::json!(["Low", "high-ish"])),
            2,
            "#/x",
            &mut warnings,
        );
        assert_eq!(ok, Some(vec!["Low".to_string(), "HighIsh".to_string()]));
        assert!(warnings.is_empty());
        for bad in [
            serde_json::json!(["Low"]),
            serde_json::json!(["Low", 2]),
            serde_json::json!(["Low", "--"]),
            serde_json::json!("Low"),
        ] {
            let mut warnings = Vec::new();
            assert_eq!(
                given_names(&data(bad.clone()), 2, "#/x", &mut warnings),
                None
            );
            assert_eq!(warnings.len(), 1, "{bad}");
            assert_eq!(warnings[0].pointer, "#/x/x-enum-varnames", "{bad}");
        }
        let kind = str_enum(
            &[Some("a".into()), None, Some("b".into())],
            Some(&["First".into(), "Null".into(), "Second".into()]),
        );
        let TypeKind::StrEnum(values) = kind else {
            panic!()
        };
        let names: Vec<&str> = values.iter().map(|v| v.rust.as_str()).collect();
        assert_eq!(names, ["First", "Second"]);
    }
}
