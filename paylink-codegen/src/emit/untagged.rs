//! Unions without a discriminator: an enum with one variant per member and
//! a fallback that keeps the value as sent. Serialization is serde's
//! `untagged`; decoding tries the variants in the order
//! `rt::untagged::ranked` gives from each object variant's shape (required
//! and documented properties, `additionalProperties: false`, `const` and
//! `enum` values), so that an object whose properties are all optional is
//! not taken for the first variant that happens to decode.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::ident;
use super::types::{derive, payload, Extra};
use crate::ir::surface::VariantItem;
use crate::ir::{Api, Struct, TypeKind, TypeRef, Union};

/// The enum and its `Deserialize`, its variants named and typed as the
/// surface's `items` say, with the `fallback` last.
pub(crate) fn emit(
    api: &Api,
    name: &str,
    u: &Union,
    (items, fallback): (&[VariantItem], &VariantItem),
    derives: &Extra,
) -> TokenStream {
    let ty = ident(name);
    let other = ident(&fallback.name);
    let variants = items.iter().map(|item| {
        let name = ident(&item.name);
        let inner = payload(item);
        let docs = format!(" The value as `{}`.", inner.to_string().replace(' ', ""));
        quote!(#[doc = #docs] #name(#inner),)
    });
    let derive = derive(
        &["Debug", "Clone", "PartialEq", "rt::serde::Serialize"],
        derives,
    );
    let shapes = u.variants.iter().map(|v| shape(api, &v.ty));
    let arms = items.iter().enumerate().map(|(i, v)| {
        let name = ident(&v.name);
        let i = Literal::usize_unsuffixed(i);
        quote!(#i => rt::untagged::decode(&value).map(Self::#name),)
    });
    quote! {
        #derive
        #[serde(crate = "rt::serde", untagged)]
        pub enum #ty {
            #(#variants)*
            /// A value that fits none of the documented variants, kept as sent.
            #other(rt::serde_json::Value),
        }

        impl<'de> rt::serde::Deserialize<'de> for #ty {
            fn deserialize<D: rt::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                const SHAPES: &[Option<rt::untagged::Shape>] = &[#(#shapes),*];
                let value = <rt::serde_json::Value as rt::serde::Deserialize>::deserialize(deserializer)?;
                for index in rt::untagged::ranked(&value, SHAPES) {
                    let decoded = match index {
                        #(#arms)*
                        _ => None,
                    };
                    if let Some(decoded) = decoded {
                        return Ok(decoded);
                    }
                }
                Ok(Self::#other(value))
            }
        }
    }
}

/// `Some(Shape { .. })` for a variant that is a struct (through aliases),
/// `None` for the others.
fn shape(api: &Api, ty: &TypeRef) -> TokenStream {
    match object(api, ty, 0) {
        Some(s) => {
            let required = s.fields.iter().filter(|f| f.required).map(|f| &f.wire);
            let known = s.fields.iter().map(|f| &f.wire);
            let closed = s.closed;
            let values = s.fields.iter().filter_map(|f| {
                let literals = literals(api, &f.ty)?;
                let wire = &f.wire;
                Some(quote!((#wire, &[#(#literals),*])))
            });
            quote!(Some(rt::untagged::Shape {
                required: &[#(#required),*],
                known: &[#(#known),*],
                closed: #closed,
                values: &[#(#values),*],
            }))
        }
        None => quote!(None),
    }
}

/// The struct a type is, through aliases.
fn object<'a>(api: &'a Api, ty: &TypeRef, depth: usize) -> Option<&'a Struct> {
    let TypeRef::Named(id) = ty else { return None };
    match &api.types.get(id)?.kind {
        TypeKind::Struct(s) => Some(s),
        TypeKind::Alias(inner) if depth < 16 => object(api, inner, depth + 1),
        _ => None,
    }
}

/// The values an enum field may take, as `rt::untagged::Literal`s.
fn literals(api: &Api, ty: &TypeRef) -> Option<Vec<TokenStream>> {
    let TypeRef::Named(id) = ty else { return None };
    match &api.types.get(id)?.kind {
        TypeKind::StrEnum(values) => Some(
            values
                .iter()
                .map(|v| {
                    let wire = &v.wire;
                    quote!(rt::untagged::Literal::Str(#wire))
                })
                .collect(),
        ),
        TypeKind::IntEnum(values) => Some(
            values
                .iter()
                .map(|v| {
                    let wire = Literal::u64_unsuffixed(v.wire.unsigned_abs());
                    let sign = (v.wire < 0).then(|| quote!(-));
                    quote!(rt::untagged::Literal::Int(#sign #wire))
                })
                .collect(),
        ),
        _ => None,
    }
}
