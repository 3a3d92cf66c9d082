//! Cargo features per tag (the `tag_features` option): which feature of
//! the including crate each operation and each named type is compiled
//! under, decided once here as plain data the emitters read.
//!
//! Each tag the kept operations use becomes the feature
//! `<prefix><tag>`, the tag made into a Cargo feature name (see
//! [`feature_name`]); operations without a tag share `<prefix>untagged`.
//! An operation is compiled when any of its tags' features is on. A named
//! type is compiled when any operation reaching it is (through fields,
//! items and variants); a type reached from code that is always compiled
//! (the events, a token operation the client calls itself, or a type no
//! operation reaches) is always compiled, and so is everything it reaches.

use std::collections::{BTreeMap, BTreeSet};

use super::{Api, Operation, TokenSpec, TypeId, TypeRef};
use crate::diagnostic::{push_token, Diagnostic};

/// When an item is compiled.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Gate {
    /// Always.
    #[default]
    Always,
    /// When any of these features is on (sorted, at least one).
    Any(Vec<String>),
}

impl Gate {
    /// The gate of an item used by items gated by `gates`: always when
    /// any of them is, else when any of their features is on.
    pub fn union<'a>(gates: impl IntoIterator<Item = &'a Gate>) -> Gate {
        let mut features = BTreeSet::new();
        for gate in gates {
            match gate {
                Gate::Always => return Gate::Always,
                Gate::Any(names) => features.extend(names.iter().cloned()),
            }
        }
        match features.is_empty() {
            true => Gate::Always,
            false => Gate::Any(features.into_iter().collect()),
        }
    }
}

/// One feature and the tags it stands for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Feature {
    /// The Cargo feature's name, prefix included.
    pub name: String,
    /// The tags whose operations it compiles, as the spec writes them;
    /// empty for the feature of untagged operations.
    pub tags: Vec<String>,
}

impl Feature {
    /// What the feature compiles, in words: `` the tag `Payment Links` ``,
    /// `operations without a tag`; the tags' text sanitized for a comment.
    pub fn origin(&self) -> String {
        let tags: Vec<String> = self
            .tags
            .iter()
            .map(|t| format!("`{}`", crate::sanitize::code(t)))
            .collect();
        match tags.is_empty() {
            true => "operations without a tag".to_string(),
            false => format!("the tag {}", tags.join(", ")),
        }
    }
}

/// The features of a module and what each item is compiled under.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Features {
    /// Every feature, sorted by name; empty when the option is off.
    pub list: Vec<Feature>,
    /// Each operation's gate, in [`Api::operations`]' order.
    pub operations: Vec<Gate>,
    /// The gates of the named types that are not always compiled.
    pub types: BTreeMap<TypeId, Gate>,
}

/// The gate of items always compiled.
pub static ALWAYS: Gate = Gate::Always;

impl Features {
    /// Whether the module has features at all.
    pub fn active(&self) -> bool {
        !self.list.is_empty()
    }

    /// The gate of the `index`-th operation.
    pub fn operation(&self, index: usize) -> &Gate {
        self.operations.get(index).unwrap_or(&ALWAYS)
    }

    /// Each operation's gate by its method name (which is unique).
    pub fn by_name<'a>(&'a self, api: &'a Api) -> BTreeMap<&'a str, &'a Gate> {
        let gates = api.operations.iter().enumerate();
        gates
            .map(|(i, op)| (op.name.as_str(), self.operation(i)))
            .collect()
    }

    /// The gate of the named type `id`.
    pub fn of_type(&self, id: TypeId) -> &Gate {
        self.types.get(&id).unwrap_or(&ALWAYS)
    }

    /// The `[features]` table a user adds to the including crate's
    /// `Cargo.toml`: one line per feature (naming its tags in a comment),
    /// and `<prefix>all` turning every one on, unless a tag took that name.
    pub fn cargo_table(&self, prefix: &str) -> String {
        let mut out = String::from("[features]\n");
        for feature in &self.list {
            out.push_str(&format!("{} = []  # {}\n", feature.name, feature.origin()));
        }
        let all = format!("{prefix}all");
        if !self.list.iter().any(|f| f.name == all) {
            let names: Vec<String> = self.list.iter().map(|f| format!("{:?}", f.name)).collect();
            out.push_str(&format!("{all} = [{}]\n", names.join(", ")));
        }
        out
    }
}

/// The most features a type's gate names: a type used by more tags is
/// always compiled (it is needed by most of the API anyway, and a gate
/// naming hundreds of features helps no one).
pub const MOST_FEATURES_PER_TYPE: usize = 32;

/// The longest part of a feature name made from a tag, in bytes.
const LONGEST_NAME: usize = 64;

/// The features of `api`'s operations, named with `prefix`, none of them
/// named as one of `reserved` (the including crate's other features the
/// module names), with a warning for each tag whose name had to change
/// beyond lowercasing and spaces made `-` (another character replaced or
/// dropped, the name cut, or a number added to keep it unique).
pub fn plan(api: &Api, prefix: &str, reserved: &[&str]) -> (Features, Vec<Diagnostic>) {
    let (names, list, warnings) = name_features(api, prefix, reserved);
    let operations: Vec<Gate> = api
        .operations
        .iter()
        .map(|op| operation_gate(api, op, &names))
        .collect();
    let types = type_gates(api, &operations);
    let features = Features {
        list,
        operations,
        types,
    };
    (features, warnings)
}

/// The key of operations without a tag in the map of tags to features.
const UNTAGGED: Option<&str> = None;

/// Each tag's feature (and the untagged operations' under `None`), the
/// features sorted by name, and the warnings about changed names.
fn name_features(
    api: &Api,
    prefix: &str,
    reserved: &[&str],
) -> (
    BTreeMap<Option<String>, String>,
    Vec<Feature>,
    Vec<Diagnostic>,
) {
    let mut taken: BTreeSet<String> = reserved.iter().map(|r| r.to_string()).collect();
    let mut names = BTreeMap::new();
    let mut warnings = Vec::new();
    if api.operations.iter().any(|op| op.tags.is_empty()) {
        let name = claim(&mut taken, &format!("{prefix}untagged"));
        names.insert(UNTAGGED.map(str::to_string), name);
    }
    // Sorted by the tag's text, so that a name does not depend on the
    // order of the document.
    let tags: BTreeSet<&str> = api
        .operations
        .iter()
        .flat_map(|op| op.tags.iter().map(String::as_str))
        .collect();
    for tag in tags {
        let wanted = format!("{prefix}{}", feature_name(tag));
        let name = claim(&mut taken, &wanted);
        if name != format!("{prefix}{}", plainly(tag)) {
            warnings.push(renamed(api, tag, &name));
        }
        names.insert(Some(tag.to_string()), name);
    }
    let mut list: Vec<Feature> = names
        .iter()
        .map(|(tag, name)| Feature {
            name: name.clone(),
            tags: tag.iter().cloned().collect(),
        })
        .collect();
    list.sort_by(|a, b| a.name.cmp(&b.name));
    (names, list, warnings)
}

/// `wanted`, or `wanted-2`, `wanted-3`... the first not taken; taken.
fn claim(taken: &mut BTreeSet<String>, wanted: &str) -> String {
    let mut name = wanted.to_string();
    let mut n = 2;
    while taken.contains(&name) {
        name = format!("{wanted}-{n}");
        n += 1;
    }
    taken.insert(name.clone());
    name
}

/// A tag made into a Cargo feature name: lowercase ASCII letters, digits,
/// `_` and `-`; every other run of characters becomes one `-`, none at
/// either end; at most 64 bytes; `tag` when nothing is left.
pub fn feature_name(tag: &str) -> String {
    let mut out = String::new();
    for c in tag.chars() {
        let c = c.to_ascii_lowercase();
        if c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' {
            out.push(c);
        } else if !out.ends_with('-') {
            out.push('-');
        }
        if out.len() >= LONGEST_NAME {
            break;
        }
    }
    let trimmed = out.trim_matches('-');
    match trimmed.is_empty() {
        true => "tag".to_string(),
        false => trimmed.to_string(),
    }
}

/// A tag's name lowercased, with its spaces as `-`: what a feature name
/// made from it is expected to be, without a warning.
fn plainly(tag: &str) -> String {
    tag.trim()
        .to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join("-")
}

/// The warning that `tag`'s feature is `name`: at the tag's declaration,
/// else at the first operation using it.
fn renamed(api: &Api, tag: &str, name: &str) -> Diagnostic {
    let message = format!(
        "the tag `{}` is compiled under the Cargo feature `{name}`",
        crate::sanitize::code(tag)
    );
    Diagnostic::warning(tag_pointer(api, tag), message).with_hint(
        "feature names keep lowercase ASCII letters, digits, `_` and `-`, and are made unique with `-2`, `-3`...",
    )
}

/// Where `tag` is declared, or first used.
fn tag_pointer(api: &Api, tag: &str) -> String {
    if let Some(i) = api.tags.iter().position(|(name, _)| name == tag) {
        return format!("#/tags/{i}/name");
    }
    for op in &api.operations {
        if let Some(i) = op.tags.iter().position(|t| t == tag) {
            let mut pointer = String::from("#/paths");
            push_token(&mut pointer, &op.path);
            push_token(&mut pointer, &op.method.to_ascii_lowercase());
            return format!("{pointer}/tags/{i}");
        }
    }
    "#".to_string()
}

/// An operation's gate: its tags' features; always for a token operation
/// the client calls itself to obtain credentials.
fn operation_gate(api: &Api, op: &Operation, names: &BTreeMap<Option<String>, String>) -> Gate {
    if is_token_operation(api, op) {
        return Gate::Always;
    }
    let features: Vec<String> = match op.tags.is_empty() {
        true => names.get(&None).cloned().into_iter().collect(),
        false => op
            .tags
            .iter()
            .filter_map(|t| names.get(&Some(t.clone())).cloned())
            .collect(),
    };
    Gate::union(&[Gate::Any(features)])
}

fn is_token_operation(api: &Api, op: &Operation) -> bool {
    api.schemes.iter().any(|s| match &s.token {
        Some(TokenSpec::Exchange(exchange)) => exchange.operation == op.name,
        _ => false,
    })
}

/// The named types an operation names itself: its parameters', bodies',
/// responses' and page items' types.
fn operation_types(op: &Operation) -> Vec<&TypeRef> {
    let params = op.params.iter().map(|p| &p.ty);
    let bodies = op
        .body
        .iter()
        .flat_map(|b| b.contents.iter().map(|c| &c.ty));
    let responses = op.responses.iter().flat_map(|r| &r.contents).map(|c| &c.ty);
    let items = op.paging.iter().map(|p| &p.item);
    params.chain(bodies).chain(responses).chain(items).collect()
}

/// The gates of the types that are not always compiled.
fn type_gates(api: &Api, operations: &[Gate]) -> BTreeMap<TypeId, Gate> {
    let mut features: BTreeMap<TypeId, BTreeSet<&str>> = BTreeMap::new();
    let mut crowded = BTreeSet::new();
    let mut roots: Vec<&TypeRef> = Vec::new();
    roots.extend(
        api.events
            .iter()
            .flat_map(|e| operation_types(&e.operation)),
    );
    for (op, gate) in api.operations.iter().zip(operations) {
        match gate {
            Gate::Always => roots.extend(operation_types(op)),
            Gate::Any(names) => {
                for name in names {
                    spread(api, operation_types(op), name, &mut features, &mut crowded);
                }
            }
        }
    }
    // Types no operation reaches are always compiled (they are part of
    // the module's API, and no tag chose them), and so are those used by
    // too many features.
    let others: Vec<TypeRef> = api
        .types
        .keys()
        .filter(|id| !features.contains_key(id) || crowded.contains(id))
        .map(|id| TypeRef::Named(*id))
        .collect();
    roots.extend(&others);
    let mut always = BTreeSet::new();
    walk(api, roots, |id| always.insert(id));
    features
        .into_iter()
        .filter(|(id, _)| !always.contains(id))
        .map(|(id, names)| {
            (
                id,
                Gate::Any(names.into_iter().map(str::to_string).collect()),
            )
        })
        .collect()
}

/// Adds `feature` to the types reached from `start`; a type whose gate
/// would name more than [`MOST_FEATURES_PER_TYPE`] features is marked
/// `crowded` instead, and the walk stops there (it and what it reaches
/// become always compiled).
fn spread<'a>(
    api: &'a Api,
    start: Vec<&'a TypeRef>,
    feature: &'a str,
    features: &mut BTreeMap<TypeId, BTreeSet<&'a str>>,
    crowded: &mut BTreeSet<TypeId>,
) {
    walk(api, start, |id| {
        if crowded.contains(&id) {
            return false;
        }
        let names = features.entry(id).or_default();
        if names.len() >= MOST_FEATURES_PER_TYPE && !names.contains(feature) {
            crowded.insert(id);
            return false;
        }
        names.insert(feature)
    });
}

/// Walks the named types reached from `start` through fields, items and
/// variants, entering each type whose `enter` says so (once it says no,
/// what only it reaches is not walked from it).
fn walk<'a>(api: &'a Api, start: Vec<&'a TypeRef>, mut enter: impl FnMut(TypeId) -> bool) {
    let mut pending = start;
    while let Some(ty) = pending.pop() {
        match ty {
            TypeRef::Named(id) if enter(*id) => {
                if let Some(def) = api.types.get(id) {
                    pending.extend(super::select::members(&def.kind));
                }
            }
            TypeRef::Array(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => {
                pending.push(inner)
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_become_cargo_feature_names() {
        for (tag, name) in [
            ("Payment Links", "payment-links"),
            ("  --Weird__Name!! ", "weird__name"),
            ("a.b/c", "a-b-c"),
            ("日本", "tag"),
            ("", "tag"),
            ("Ünïcode", "n-code"),
        ] {
            assert_eq!(feature_name(tag), name, "{tag:?}");
        }
        let long = feature_name(&"ab".repeat(100));
        assert_eq!(long.len(), LONGEST_NAME);
    }

    #[test]
    fn names_taken_get_a_number() {
        let mut taken = BTreeSet::from(["server".to_string()]);
        assert_eq!(claim(&mut taken, "server"), "server-2");
        assert_eq!(claim(&mut taken, "server"), "server-3");
        assert_eq!(claim(&mut taken, "pets"), "pets");
    }

    #[test]
    fn a_union_of_gates_is_always_when_one_is() {
        let a = Gate::Any(vec!["a".into()]);
        let b = Gate::Any(vec!["b".into(), "a".into()]);
        assert_eq!(
            Gate::union([&a, &b]),
            Gate::Any(vec!["a".into(), "b".into()])
        );
        assert_eq!(Gate::union([&a, &Gate::Always]), Gate::Always);
        assert_eq!(Gate::union([]), Gate::Always);
    }
}
