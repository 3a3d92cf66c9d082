//! Ways to build a struct that name only what is required: `new` takes
//! the required fields in the spec's order, and a chainable `with_` setter
//! per optional field takes the value itself (`Option` only where `null`
//! means something: an optional nullable field, whose `None` sends `null`).
//! Setter names come from [`crate::naming::field_setter`].

use proc_macro2::TokenStream;
use quote::quote;

use super::operation::argument;
use super::{ident, type_tokens, Scope};
use crate::ir::{Api, Field, Struct};
use crate::naming::field_setter;

/// The `impl` block of the struct `name`: its constructor and setters.
pub(crate) fn constructor(api: &Api, name: &str, s: &Struct) -> TokenStream {
    let ty = ident(name);
    let required: Vec<&Field> = s.fields.iter().filter(|f| f.required).collect();
    let params = required.iter().map(|f| param(api, f));
    let inits = s.fields.iter().map(|f| init(api, f));
    let additional = s
        .additional
        .as_ref()
        .map(|_| quote!(additional_properties: ::std::collections::BTreeMap::new(),));
    let setters = s
        .fields
        .iter()
        .filter(|f| !f.required)
        .map(|f| setter(api, f));
    let doc = if required.is_empty() {
        format!(" Builds `{name}` with every field left out; set them with the `with_` methods.")
    } else {
        format!(
            " Builds `{name}` from its required fields, in the spec's order; the optional ones are left out (set them with the `with_` methods)."
        )
    };
    quote! {
        impl #ty {
            #[doc = #doc]
            pub fn new(#(#params),*) -> Self {
                Self {
                    #(#inits)*
                    #additional
                }
            }

            #(#setters)*
        }
    }
}

/// The field's type without `Option` or `Box`.
fn inner(api: &Api, f: &Field) -> TokenStream {
    type_tokens(api, &f.ty, Scope::Types)
}

/// A required field as a constructor argument: the value (`impl Into` for
/// strings and formats), or an `Option` when it may be `null`.
fn param(api: &Api, f: &Field) -> TokenStream {
    let name = ident(&f.rust);
    let inner = inner(api, f);
    if f.nullable {
        quote!(#name: Option<#inner>)
    } else {
        let (arg, _) = argument(api, &f.ty, &inner);
        quote!(#name: #arg)
    }
}

/// The field's value in `new`: the argument converted, or left out.
fn init(api: &Api, f: &Field) -> TokenStream {
    let name = ident(&f.rust);
    if !f.required {
        return quote!(#name: None,);
    }
    let value = match (f.nullable, f.boxed) {
        (true, false) => return quote!(#name,),
        (true, true) => quote!(#name.map(Box::new)),
        (false, boxed) => {
            let (_, convert) = argument(api, &f.ty, &inner(api, f));
            if convert.is_empty() && !boxed {
                return quote!(#name,);
            }
            boxed_if(boxed, quote!(#name #convert))
        }
    };
    quote!(#name: #value,)
}

/// `with_<field>`: sets an optional field and hands the value back.
fn setter(api: &Api, f: &Field) -> TokenStream {
    let name = ident(&f.rust);
    let method = ident(&field_setter(&f.rust));
    let inner = inner(api, f);
    let wire = super::docs::code(&f.wire);
    let (arg, value, doc) = if f.nullable {
        let value = if f.boxed {
            quote!(value.map(Box::new))
        } else {
            quote!(value)
        };
        let doc = format!(" Sets `{wire}`; `None` sends `null`.");
        (quote!(Option<#inner>), value, doc)
    } else {
        let (arg, convert) = argument(api, &f.ty, &inner);
        let doc = format!(" Sets `{wire}`.");
        (arg, boxed_if(f.boxed, quote!(value #convert)), doc)
    };
    quote! {
        #[doc = #doc]
        pub fn #method(mut self, value: #arg) -> Self {
            self.#name = Some(#value);
            self
        }
    }
}

fn boxed_if(boxed: bool, value: TokenStream) -> TokenStream {
    if boxed {
        quote!(Box::new(#value))
    } else {
        value
    }
}
