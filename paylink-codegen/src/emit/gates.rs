//! The `#[cfg(feature = ...)]` attributes of a module generated with
//! `tag_features`: the gates [`crate::ir::features`] decided, written on
//! the items they gate, and the module docs listing the features.

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::features::{Features, Gate};

/// The attribute of `gate`: none for an item always compiled.
pub(crate) fn cfg(gate: &Gate) -> Option<TokenStream> {
    let Gate::Any(features) = gate else {
        return None;
    };
    Some(match features.as_slice() {
        [one] => quote!(#[cfg(feature = #one)]),
        many => quote!(#[cfg(any(#(feature = #many),*))]),
    })
}

/// [`cfg`] printed, with its line break; empty for an item always
/// compiled.
pub(crate) fn cfg_text(gate: &Gate) -> String {
    let Gate::Any(features) = gate else {
        return String::new();
    };
    let quoted: Vec<String> = features
        .iter()
        .map(|f| format!("feature = {}", proc_macro2::Literal::string(f)))
        .collect();
    match quoted.as_slice() {
        [one] => format!("#[cfg({one})]\n"),
        many => format!("#[cfg(any({}))]\n", many.join(", ")),
    }
}

/// `items` with `gate`'s attribute on each item (after its docs).
pub(crate) fn gated(items: TokenStream, gate: &Gate) -> TokenStream {
    let Some(cfg) = cfg(gate) else {
        return items;
    };
    let mut file: syn::File = match syn::parse2(items) {
        Ok(file) => file,
        Err(e) => {
            let message = format!("paylink-codegen could not gate generated items: {e}");
            return quote!(compile_error!(#message););
        }
    };
    let attr: syn::Attribute = syn::parse_quote!(#cfg);
    for item in &mut file.items {
        if let Some(attrs) = attrs_mut(item) {
            let at = attrs
                .iter()
                .position(|a| !a.path().is_ident("doc"))
                .unwrap_or(attrs.len());
            attrs.insert(at, attr.clone());
        }
    }
    let items = &file.items;
    quote!(#(#items)*)
}

/// An item's outer attributes.
fn attrs_mut(item: &mut syn::Item) -> Option<&mut Vec<syn::Attribute>> {
    Some(match item {
        syn::Item::Const(i) => &mut i.attrs,
        syn::Item::Enum(i) => &mut i.attrs,
        syn::Item::ExternCrate(i) => &mut i.attrs,
        syn::Item::Fn(i) => &mut i.attrs,
        syn::Item::ForeignMod(i) => &mut i.attrs,
        syn::Item::Impl(i) => &mut i.attrs,
        syn::Item::Macro(i) => &mut i.attrs,
        syn::Item::Mod(i) => &mut i.attrs,
        syn::Item::Static(i) => &mut i.attrs,
        syn::Item::Struct(i) => &mut i.attrs,
        syn::Item::Trait(i) => &mut i.attrs,
        syn::Item::TraitAlias(i) => &mut i.attrs,
        syn::Item::Type(i) => &mut i.attrs,
        syn::Item::Union(i) => &mut i.attrs,
        syn::Item::Use(i) => &mut i.attrs,
        _ => return None,
    })
}

/// The module docs' section on its features: what each compiles, and how
/// to turn them on: the values of its inner doc attributes (none without
/// features).
pub(crate) fn module_doc_lines(features: &Features) -> Vec<String> {
    if !features.active() {
        return Vec::new();
    }
    let mut lines = vec![
        String::new(),
        " # Cargo features".to_string(),
        String::new(),
        " Each operation (its client method, request builder, response enum,".to_string(),
        " server handler and route) is compiled only when a feature of one of".to_string(),
        " its tags is on in the including crate, and each type and server".to_string(),
        " schema check only when an operation using it is (the types of events".to_string(),
        " and of token operations are always compiled). `paylink-codegen".to_string(),
        " generate` prints the".to_string(),
        " `[features]` table to add to `Cargo.toml`.".to_string(),
        String::new(),
    ];
    for feature in &features.list {
        lines.push(format!(" - `{}`: {}.", feature.name, feature.origin()));
    }
    lines
}
