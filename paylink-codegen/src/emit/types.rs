//! Named types: structs with serde renames, enums that keep unknown values,
//! unions (tagged by their discriminator, or untagged), aliases, and
//! transparent newtypes for aliases that refer back to themselves.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::doc;
use super::{ident, type_tokens, Scope};
use crate::ir::{Api, EnumValue, Field, Patch, Struct, TypeDef, TypeKind, TypeRef, Union};
use crate::naming::Namer;

/// What the options add to an item: derives it does not have yet, then
/// attributes.
#[derive(Clone, Default)]
pub(crate) struct Extra {
    derives: Vec<syn::Path>,
    attrs: Vec<syn::Meta>,
}

/// Every named type of the API, one at a time (a type replaced by the
/// user's is not emitted); `derives` are added to every struct, enum and
/// union that does not derive them already, and each type's own patch
/// after them.
pub(crate) fn each(
    api: &Api,
    derives: &[syn::Path],
    sink: &mut dyn FnMut(TokenStream),
) -> Result<(), String> {
    for def in api.types.values() {
        if matches!(def.kind, TypeKind::External(_)) {
            continue;
        }
        let extra = extra(derives, &def.patch).map_err(|e| format!("`{}`: {e}", def.name))?;
        sink(type_def(api, def, &extra));
    }
    Ok(())
}

/// The options' derives followed by the type's own, and its attributes.
fn extra(derives: &[syn::Path], patch: &Patch) -> Result<Extra, String> {
    let mut all = derives.to_vec();
    let flat = |path: &syn::Path| quote!(#path).to_string().replace(' ', "");
    for text in &patch.derives {
        let path: syn::Path = syn::parse_str(text).map_err(|e| format!("derive `{text}`: {e}"))?;
        if !all.iter().any(|d| flat(d) == flat(&path)) {
            all.push(path);
        }
    }
    let attrs = patch
        .attrs
        .iter()
        .map(|text| syn::parse_str(text).map_err(|e| format!("attribute `{text}`: {e}")))
        .collect::<Result<_, _>>()?;
    Ok(Extra {
        derives: all,
        attrs,
    })
}

/// The `#[derive(...)]` of an item: its own derives, then the extra ones
/// it does not have yet; then the extra attributes (after the derive, so
/// that a derive's helper attribute such as `serde(...)` follows it).
pub(crate) fn derive(own: TokenStream, extra: &Extra) -> TokenStream {
    let attrs = &extra.attrs;
    if extra.derives.is_empty() {
        return quote!(#[derive(#own)] #(#[#attrs])*);
    }
    let flat = |tokens: String| tokens.replace(' ', "");
    let own_names: Vec<String> = own
        .to_string()
        .split(',')
        .map(|d| flat(d.to_string()))
        .collect();
    let derives = extra
        .derives
        .iter()
        .filter(|path| !own_names.contains(&flat(quote!(#path).to_string())))
        .map(|path| quote!(#path));
    let items = std::iter::once(own).chain(derives);
    quote!(#[derive(#(#items),*)] #(#[#attrs])*)
}

fn type_def(api: &Api, def: &TypeDef, derives: &Extra) -> TokenStream {
    let docs = doc(def.doc.as_deref());
    let name = ident(&def.name);
    let body = match &def.kind {
        TypeKind::Struct(s) => structure(api, &def.name, s, derives),
        TypeKind::StrEnum(values) => str_enum(&def.name, values, derives),
        TypeKind::IntEnum(values) => int_enum(&def.name, values, derives),
        TypeKind::Union(u) if u.tag.is_some() => tagged_union(api, &def.name, u, derives),
        TypeKind::Union(u) => super::untagged::emit(api, &def.name, u, derives),
        TypeKind::Alias(ty) => {
            let ty = type_tokens(api, ty, Scope::Types);
            quote!(pub type #name = #ty;)
        }
        TypeKind::Newtype(ty) => newtype(api, &def.name, ty, derives),
        // Not emitted: `each` leaves it out, and its uses name the path.
        TypeKind::External(_) => return TokenStream::new(),
    };
    quote! { #docs #body }
}

/// A struct of one field that reads and writes as the field alone: what a
/// recursive alias (`type Tree = Vec<Tree>`, refused by rustc) becomes.
fn newtype(api: &Api, name: &str, ty: &TypeRef, derives: &Extra) -> TokenStream {
    let name = ident(name);
    let ty = type_tokens(api, ty, Scope::Types);
    let derive = derive(
        quote!(
            Debug,
            Clone,
            PartialEq,
            Default,
            rt::serde::Serialize,
            rt::serde::Deserialize
        ),
        derives,
    );
    quote! {
        #derive
        #[serde(crate = "rt::serde", transparent)]
        pub struct #name(pub #ty);
    }
}

fn structure(api: &Api, name: &str, s: &Struct, derives: &Extra) -> TokenStream {
    let build = super::builders::constructor(api, name, s);
    let name = ident(name);
    let fields = s.fields.iter().map(|f| field(api, f));
    let additional = s.additional.as_ref().map(|ty| {
        let ty = type_tokens(api, ty, Scope::Types);
        quote! {
            /// Properties beside the documented ones.
            #[serde(flatten)]
            pub additional_properties: ::std::collections::BTreeMap<String, #ty>,
        }
    });
    let all_optional = s.fields.iter().all(|f| !f.required);
    let default = all_optional.then(|| quote!(Default,));
    let derive = derive(
        quote!(Debug, Clone, PartialEq, #default rt::serde::Serialize, rt::serde::Deserialize),
        derives,
    );
    quote! {
        #derive
        #[serde(crate = "rt::serde")]
        pub struct #name {
            #(#fields)*
            #additional
        }

        #build
    }
}

fn field(api: &Api, f: &Field) -> TokenStream {
    let mut text = f
        .doc
        .clone()
        .unwrap_or_else(|| format!("The `{}` property.", f.wire));
    if let Some(default) = &f.default {
        text.push_str(&format!("\n\nDefaults to `{default}` when absent."));
    }
    for (flag, note) in [
        (f.read_only, "Read-only: sent by the server only."),
        (f.write_only, "Write-only: sent by the client only."),
    ] {
        if flag {
            if !text.is_empty() {
                text.push_str("\n\n");
            }
            text.push_str(note);
        }
    }
    let docs = doc(Some(&text));
    let name = ident(&f.rust);
    let mut inner = type_tokens(api, &f.ty, Scope::Types);
    if f.boxed {
        inner = quote!(Box<#inner>);
    }
    let wire = &f.wire;
    let rename = (f.rust.trim_start_matches("r#") != f.wire).then(|| quote!(rename = #wire,));
    let (ty, extra) = match (f.required, f.nullable) {
        (true, false) => (inner, quote!()),
        (true, true) => (quote!(Option<#inner>), quote!()),
        (false, false) => (
            quote!(Option<#inner>),
            quote!(default, skip_serializing_if = "Option::is_none",),
        ),
        (false, true) => (
            quote!(Option<Option<#inner>>),
            quote!(
                default,
                skip_serializing_if = "Option::is_none",
                with = "rt::double_option",
            ),
        ),
    };
    let attr = if rename.is_some() || !extra.is_empty() {
        quote!(#[serde(#rename #extra)])
    } else {
        quote!()
    };
    quote! {
        #docs
        #attr
        pub #name: #ty,
    }
}

fn fallback_name(values: &[&str]) -> String {
    let mut namer = Namer::with_taken(values);
    namer.claim("Unknown")
}

fn str_enum(name: &str, values: &[EnumValue<String>], derives: &Extra) -> TokenStream {
    let ty = ident(name);
    let taken: Vec<&str> = values.iter().map(|v| v.rust.as_str()).collect();
    let other = ident(&fallback_name(&taken));
    let variants: Vec<_> = values.iter().map(|v| ident(&v.rust)).collect();
    let wires: Vec<&str> = values.iter().map(|v| v.wire.as_str()).collect();
    let docs = wires.iter().map(|w| format!(" `{}`", super::docs::code(w)));
    let derive = derive(
        quote!(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord),
        derives,
    );
    quote! {
        #derive
        pub enum #ty {
            #( #[doc = #docs] #variants, )*
            /// A value this version of the spec does not list, kept as sent.
            #other(String),
        }

        impl #ty {
            /// The value as it is written on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #( Self::#variants => #wires, )*
                    Self::#other(value) => value,
                }
            }
        }

        impl ::std::fmt::Display for #ty {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl From<&str> for #ty {
            fn from(value: &str) -> Self {
                match value {
                    #( #wires => Self::#variants, )*
                    other => Self::#other(other.to_string()),
                }
            }
        }

        impl ::std::str::FromStr for #ty {
            type Err = ::std::convert::Infallible;
            fn from_str(value: &str) -> Result<Self, Self::Err> {
                Ok(Self::from(value))
            }
        }

        impl rt::serde::Serialize for #ty {
            fn serialize<S: rt::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> rt::serde::Deserialize<'de> for #ty {
            fn deserialize<D: rt::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = <String as rt::serde::Deserialize>::deserialize(deserializer)?;
                Ok(Self::from(value.as_str()))
            }
        }
    }
}

fn int_enum(name: &str, values: &[EnumValue<i64>], derives: &Extra) -> TokenStream {
    let ty = ident(name);
    let taken: Vec<&str> = values.iter().map(|v| v.rust.as_str()).collect();
    let other = ident(&fallback_name(&taken));
    let variants: Vec<_> = values.iter().map(|v| ident(&v.rust)).collect();
    let wires: Vec<i64> = values.iter().map(|v| v.wire).collect();
    let docs = wires.iter().map(|w| format!(" `{w}`"));
    let derive = derive(
        quote!(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord),
        derives,
    );
    quote! {
        #derive
        pub enum #ty {
            #( #[doc = #docs] #variants, )*
            /// A value this version of the spec does not list, kept as sent.
            #other(i64),
        }

        impl #ty {
            /// The value as it is written on the wire.
            pub fn value(&self) -> i64 {
                match self {
                    #( Self::#variants => #wires, )*
                    Self::#other(value) => *value,
                }
            }
        }

        impl From<i64> for #ty {
            fn from(value: i64) -> Self {
                match value {
                    #( #wires => Self::#variants, )*
                    other => Self::#other(other),
                }
            }
        }

        impl rt::serde::Serialize for #ty {
            fn serialize<S: rt::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_i64(self.value())
            }
        }

        impl<'de> rt::serde::Deserialize<'de> for #ty {
            fn deserialize<D: rt::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                <i64 as rt::serde::Deserialize>::deserialize(deserializer).map(Self::from)
            }
        }
    }
}

pub(crate) fn variant_type(api: &Api, ty: &TypeRef, boxed: bool) -> TokenStream {
    let inner = type_tokens(api, ty, Scope::Types);
    if boxed {
        quote!(Box<#inner>)
    } else {
        inner
    }
}

fn tagged_union(api: &Api, name: &str, u: &Union, derives: &Extra) -> TokenStream {
    let ty = ident(name);
    let tag = u.tag.clone().unwrap_or_default();
    let tag_doc = super::docs::code(&tag);
    let taken: Vec<&str> = u.variants.iter().map(|v| v.name.as_str()).collect();
    let other = ident(&Namer::with_taken(&taken).claim("Unknown"));
    let variants = u.variants.iter().map(|v| {
        let name = ident(&v.name);
        let inner = variant_type(api, &v.ty, v.boxed);
        let docs = format!(
            " `{tag_doc}`: {}",
            v.tag_values
                .iter()
                .map(|t| format!("`{}`", super::docs::code(t)))
                .collect::<Vec<_>>()
                .join(", ")
        );
        quote!(#[doc = #docs] #name(#inner),)
    });
    let names: Vec<_> = u.variants.iter().map(|v| ident(&v.name)).collect();
    let arms = u.variants.iter().filter(|v| !v.tag_values.is_empty()).map(|v| {
        let name = ident(&v.name);
        let values = &v.tag_values;
        quote! {
            Some(#(#values)|*) => rt::serde_json::from_value(value).map(Self::#name).map_err(rt::serde::de::Error::custom),
        }
    });
    let derive = derive(quote!(Debug, Clone, PartialEq), derives);
    quote! {
        #derive
        pub enum #ty {
            #(#variants)*
            /// A value whose discriminator this version of the spec does not list, kept as sent.
            #other(rt::serde_json::Value),
        }

        impl rt::serde::Serialize for #ty {
            fn serialize<S: rt::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match self {
                    #( Self::#names(value) => rt::serde::Serialize::serialize(value, serializer), )*
                    Self::#other(value) => rt::serde::Serialize::serialize(value, serializer),
                }
            }
        }

        impl<'de> rt::serde::Deserialize<'de> for #ty {
            fn deserialize<D: rt::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = <rt::serde_json::Value as rt::serde::Deserialize>::deserialize(deserializer)?;
                let tag = value.get(#tag).and_then(rt::serde_json::Value::as_str).map(str::to_owned);
                match tag.as_deref() {
                    #(#arms)*
                    _ => Ok(Self::#other(value)),
                }
            }
        }
    }
}
