//! The customisation options (`replace`, `patch`, `rename`), read from
//! their text and applied to the lowered types.
//!
//! Each entry names a type: a component schema by its name in
//! `#/components/schemas`, or (for `patch` and `rename`) a generated type by
//! its Rust name, as the generator chose it before any renaming. `replace`
//! takes effect while lowering (the replaced schema is not lowered at all,
//! so none of its inline parts becomes a type either); `patch` and `rename`
//! are applied to the lowered types, patches first. A name that matches
//! nothing is an error listing the nearest names: these options come from
//! the user, and a typo must not pass unnoticed.

use std::collections::BTreeMap;

use super::{Api, RustPath, TypeId, TypeKind};
use crate::diagnostic::Diagnostic;

/// The customisation options, checked.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Customisation {
    /// Component schemas replaced by a user type, by component name.
    pub replace: BTreeMap<String, RustPath>,
    /// Extra derives and attributes, by component or type name.
    pub patches: BTreeMap<String, Patch>,
    /// New Rust names, by component or type name.
    pub renames: BTreeMap<String, String>,
}

/// What the `patch` option adds to one type.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Patch {
    /// Extra derives, as checked paths (`Hash`, `schemars::JsonSchema`).
    pub derives: Vec<String>,
    /// Extra attributes, each the checked text inside `#[...]`.
    pub attrs: Vec<String>,
}

impl Patch {
    /// Whether it adds nothing.
    pub fn is_empty(&self) -> bool {
        self.derives.is_empty() && self.attrs.is_empty()
    }
}

impl Customisation {
    /// Reads the options' entries: `replace` as `Name=path::Type`, `patch`
    /// as `Name: derive(A, B), attribute(...)`, `rename` as
    /// `Name=NewName`. The error names the option and the entry.
    pub fn read(replace: &[String], patch: &[String], rename: &[String]) -> Result<Self, String> {
        let mut custom = Customisation::default();
        for entry in replace {
            let (name, text) = split(entry, '=', "replace", "Name=crate::path::Type")?;
            let path = RustPath::parse(text)
                .map_err(|why| format!("`replace`: in `{entry}`, the type `{text}` {why}"))?;
            if custom.replace.insert(name.to_string(), path).is_some() {
                return Err(format!("`replace`: `{name}` is replaced twice"));
            }
        }
        for entry in patch {
            let (name, text) = split(entry, ':', "patch", "Name: derive(Hash, Eq)")?;
            let read = read_patch(text).map_err(|why| format!("`patch`: in `{entry}`, {why}"))?;
            let patch = custom.patches.entry(name.to_string()).or_default();
            for derive in read.derives {
                if !patch.derives.contains(&derive) {
                    patch.derives.push(derive);
                }
            }
            patch.attrs.extend(read.attrs);
        }
        for entry in rename {
            let (name, new) = split(entry, '=', "rename", "Name=NewName")?;
            check_type_name(new).map_err(|why| format!("`rename`: in `{entry}`, {why}"))?;
            if custom
                .renames
                .insert(name.to_string(), new.to_string())
                .is_some()
            {
                return Err(format!("`rename`: `{name}` is renamed twice"));
            }
        }
        Ok(custom)
    }

    /// Whether no option asks for anything.
    pub fn is_empty(&self) -> bool {
        self.replace.is_empty() && self.patches.is_empty() && self.renames.is_empty()
    }
}

/// `Name<sep>rest`, both sides trimmed and not empty.
fn split<'e>(
    entry: &'e str,
    separator: char,
    option: &str,
    example: &str,
) -> Result<(&'e str, &'e str), String> {
    match entry.split_once(separator) {
        Some((name, rest)) if !name.trim().is_empty() && !rest.trim().is_empty() => {
            Ok((name.trim(), rest.trim()))
        }
        _ => Err(format!(
            "`{option}`: `{entry}` is not of the form `{example}`"
        )),
    }
}

/// `derive(A, B), attribute, ...`: the derives as paths, the rest as
/// attributes (syn's `Meta`).
fn read_patch(text: &str) -> Result<Patch, String> {
    use syn::punctuated::Punctuated;
    let parser = Punctuated::<syn::Meta, syn::Token![,]>::parse_terminated;
    let metas = syn::parse::Parser::parse_str(parser, text).map_err(|_| {
        format!("`{text}` is not a list of attributes such as `derive(Hash, Eq), serde(deny_unknown_fields)`")
    })?;
    let mut patch = Patch::default();
    for meta in metas {
        match &meta {
            syn::Meta::List(list) if list.path.is_ident("derive") => {
                let paths = list
                    .parse_args_with(Punctuated::<syn::Path, syn::Token![,]>::parse_terminated)
                    .map_err(|_| format!("`{}` derives something that is not a path such as `Hash` or `schemars::JsonSchema`", quote::quote!(#meta)))?;
                patch
                    .derives
                    .extend(paths.iter().map(|p| flat(quote::quote!(#p))));
            }
            _ => patch.attrs.push(quote::quote!(#meta).to_string()),
        }
    }
    if patch.is_empty() {
        return Err("nothing is added".into());
    }
    Ok(patch)
}

fn flat(tokens: proc_macro2::TokenStream) -> String {
    tokens.to_string().replace(' ', "")
}

/// A new type name must be one the generator itself could have chosen: a
/// Rust identifier in upper camel case that shadows nothing generated code
/// relies on (`String`, `Option`, ...).
fn check_type_name(name: &str) -> Result<(), String> {
    let proper = crate::naming::type_name(name);
    if proper == name && syn::parse_str::<syn::Ident>(name).is_ok() {
        Ok(())
    } else {
        Err(format!(
            "`{name}` cannot name a generated type (`{proper}` can)"
        ))
    }
}

/// The `replace` entries that name no component schema, as errors.
pub(crate) fn check_replacements<'a>(
    custom: &Customisation,
    components: impl Iterator<Item = &'a String> + Clone,
) -> Vec<Diagnostic> {
    custom
        .replace
        .keys()
        .filter(|name| !components.clone().any(|c| c == *name))
        .map(|name| {
            unknown(
                "replace",
                name,
                components.clone().map(String::as_str),
                "component schema",
            )
        })
        .collect()
}

/// Applies `patch` and then `rename` to the lowered types; `components`
/// maps component names to their types.
pub(crate) fn apply(
    api: &mut Api,
    components: &BTreeMap<String, TypeId>,
    custom: &Customisation,
) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    for (name, patch) in &custom.patches {
        let Some(id) = resolve(api, components, "patch", name, &mut errors) else {
            continue;
        };
        match not_patchable(api, id, name, components) {
            Some(error) => errors.push(error),
            None => {
                if let Some(def) = api.types.get_mut(&id) {
                    merge(&mut def.patch, patch);
                }
            }
        }
    }
    let renames: Vec<_> = custom
        .renames
        .iter()
        .filter_map(|(name, new)| {
            resolve(api, components, "rename", name, &mut errors).map(|id| (id, name, new))
        })
        .collect();
    for (id, name, new) in renames {
        errors.extend(rename_one(api, id, (name, new), components));
    }
    errors
}

fn merge(into: &mut Patch, patch: &Patch) {
    for derive in &patch.derives {
        if !into.derives.contains(derive) {
            into.derives.push(derive.clone());
        }
    }
    into.attrs.extend(patch.attrs.iter().cloned());
}

/// The type `name` means: a component schema's first, else a generated
/// type's Rust name; an error in `errors` when it means none.
fn resolve(
    api: &Api,
    components: &BTreeMap<String, TypeId>,
    option: &str,
    name: &str,
    errors: &mut Vec<Diagnostic>,
) -> Option<TypeId> {
    if let Some(id) = components.get(name).filter(|id| api.types.contains_key(id)) {
        return Some(*id);
    }
    if let Some((id, _)) = api.types.iter().find(|(_, def)| def.name == name) {
        return Some(*id);
    }
    let names = components
        .keys()
        .map(String::as_str)
        .chain(api.types.values().map(|d| d.name.as_str()));
    let what = "component schema or generated type";
    errors.push(unknown(option, name, names, what));
    None
}

/// Why the type cannot take derives and attributes, when it cannot: only
/// emitted items can.
fn not_patchable(
    api: &Api,
    id: TypeId,
    name: &str,
    components: &BTreeMap<String, TypeId>,
) -> Option<Diagnostic> {
    let what = match &api.types.get(&id)?.kind {
        TypeKind::Alias(_) => "is a type alias, which takes no derives or attributes".to_string(),
        TypeKind::External(path) => format!("is replaced by `{path}`, which is not generated"),
        _ => return None,
    };
    let message = format!("`patch`: `{name}` {what}");
    Some(
        Diagnostic::error(pointer_of(components, name), message)
            .with_hint("patch the struct, enum or union it stands for"),
    )
}

/// Renames the type `id` from `name` to `new`; the error when it cannot.
fn rename_one(
    api: &mut Api,
    id: TypeId,
    (name, new): (&str, &str),
    components: &BTreeMap<String, TypeId>,
) -> Option<Diagnostic> {
    let at = pointer_of(components, name);
    if let TypeKind::External(path) = &api.types.get(&id)?.kind {
        let message = format!(
            "`rename`: `{name}` is replaced by `{path}`: there is no generated type to rename"
        );
        return Some(Diagnostic::error(at, message));
    }
    let taken = api.types.iter().any(|(other, def)| {
        *other != id && def.name == new && !matches!(def.kind, TypeKind::External(_))
    });
    if taken {
        let message = format!("`rename`: `{new}` is already the name of another generated type");
        return Some(
            Diagnostic::error(at, message)
                .with_hint("choose a name no other type has, or rename that type too"),
        );
    }
    if let Some(def) = api.types.get_mut(&id) {
        def.name = new.to_string();
    }
    None
}

/// Where a named type is in the spec: its component schema, or the
/// components as a whole for a type named by its Rust name.
fn pointer_of(components: &BTreeMap<String, TypeId>, name: &str) -> String {
    if components.contains_key(name) {
        crate::diagnostic::join("#/components/schemas", name)
    } else {
        "#/components/schemas".to_string()
    }
}

/// An error for a name that matches nothing, with the nearest names.
fn unknown<'a>(
    option: &str,
    name: &str,
    names: impl Iterator<Item = &'a str>,
    what: &str,
) -> Diagnostic {
    let mut near: Vec<(usize, &str)> = names
        .map(|n| {
            (
                crate::options::distance(&name.to_lowercase(), &n.to_lowercase()),
                n,
            )
        })
        .filter(|(d, n)| *d <= (name.len().max(n.len()) / 3).max(2))
        .collect();
    near.sort();
    near.dedup_by(|a, b| a.1 == b.1);
    let hint = if near.is_empty() {
        "names are those of `#/components/schemas`, or of the generated types".to_string()
    } else {
        let list: Vec<String> = near.iter().take(3).map(|(_, n)| format!("`{n}`")).collect();
        format!("did you mean {}?", list.join(", "))
    };
    Diagnostic::error(
        "#/components/schemas",
        format!("`{option}`: no {what} is named `{name}`"),
    )
    .with_hint(hint)
}

#[cfg(test)]
mod tests {
    use super::Customisation;

    fn read(replace: &[&str], patch: &[&str], rename: &[&str]) -> Result<Customisation, String> {
        let owned = |items: &[&str]| items.iter().map(ToString::to_string).collect::<Vec<_>>();
        Customisation::read(&owned(replace), &owned(patch), &owned(rename))
    }

    #[test]
    fn entries_are_read() {
        let custom = read(
            &["Money = crate::money::Money"],
            &[
                "Pet: derive(Hash, Eq)",
                "Pet: derive(Eq, schemars::JsonSchema), serde(deny_unknown_fields)",
            ],
            &["Pet=Animal"],
        )
        .expect("reads");
        assert_eq!(custom.replace["Money"].to_string(), "crate::money::Money");
        let pet = &custom.patches["Pet"];
        assert_eq!(pet.derives, ["Hash", "Eq", "schemars::JsonSchema"]);
        assert_eq!(pet.attrs, ["serde (deny_unknown_fields)"]);
        assert_eq!(custom.renames["Pet"], "Animal");
    }

    #[test]
    fn bad_entries_name_the_option_and_the_entry() {
        for (result, expected) in [
            (
                read(&["Money"], &[], &[]),
                "`replace`: `Money` is not of the form",
            ),
            (
                read(&["Money={ panic!() }"], &[], &[]),
                "the type `{ panic!() }` is not a Rust type",
            ),
            (
                read(&[], &["Pet: derive(1 + 2)"], &[]),
                "derives something that is not a path",
            ),
            (
                read(&[], &["Pet: derive(Hash"], &[]),
                "is not a list of attributes",
            ),
            (
                read(&[], &[], &["Pet=String"]),
                "`String` cannot name a generated type",
            ),
            (read(&[], &[], &["Pet=my pet"]), "`my pet` cannot name"),
            (read(&[], &[], &["Pet=A", "Pet=B"]), "renamed twice"),
        ] {
            let error = result.expect_err(expected);
            assert!(error.contains(expected), "{error}");
        }
    }
}
