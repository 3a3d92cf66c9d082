//! Page streams of list operations: `pages()` and `items()` on the request
//! builder, following the cursor, link or page number the IR's
//! [`Paging`](crate::ir::Paging) names.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{code, sentence};
use super::operation::ResponseVariant;
use super::{ident, rust_tokens, type_tokens, Scope};
use crate::ir::surface::{client_param_type, Method};
use crate::ir::{Api, NextPage, Operation, Paging};

/// The builder's `pages` and `items`, when the surface says `op`'s
/// builder has them ([`crate::ir::surface::pages`]), with its types.
pub(crate) fn methods(
    api: &Api,
    op: &Operation,
    method: &Method,
    variants: &[ResponseVariant],
) -> TokenStream {
    let (Some(paging), Some(pages)) = (&op.paging, &method.pages) else {
        return TokenStream::new();
    };
    let Some(param) = op.params.iter().find(|p| p.rust == paging.param) else {
        return TokenStream::new();
    };
    let builder = ident(&op.type_base);
    let response = ident(&op.response_type);
    let variant_name = ident(&pages.variant);
    let page = rust_tokens(&pages.page, Scope::Client);
    let item = rust_tokens(&pages.item, Scope::Client);
    let setter = ident(&param.rust);
    let param_ty = type_tokens(api, client_param_type(param), Scope::Client);
    let shape = shape(paging);
    let others = (variants.len() > 1).then(|| quote!(_ => None,));
    let how = how(paging);
    quote! {
        impl<'a> #builder<'a> {
            const PAGING: rt::Paging = #shape;

            #how
            pub fn pages(self) -> impl rt::Stream<Item = Result<#page, rt::Error>> + 'a {
                rt::pages(self, Self::PAGING, Self::fetch_page, Self::set_cursor)
            }

            /// Every item of every page, in order (see [`Self::pages`]).
            pub fn items(self) -> impl rt::Stream<Item = Result<#item, rt::Error>> + 'a {
                rt::items(self, Self::PAGING, Self::fetch_page, Self::set_cursor)
            }

            fn fetch_page(self) -> impl rt::Future<Output = Result<#page, rt::Error>> + 'a {
                rt::page(self.send(), |body| match body {
                    #response::#variant_name(page) => Some(page),
                    #others
                })
            }

            fn set_cursor(self, value: &rt::serde_json::Value) -> Option<Self> {
                // A number read out of a link's query comes as text.
                let value: #param_ty = rt::serde_json::from_value(value.clone())
                    .ok()
                    .or_else(|| rt::serde_json::from_str(value.as_str()?).ok())?;
                Some(self.#setter(value))
            }
        }
    }
}

/// The doc of `pages`: what it follows.
fn how(paging: &Paging) -> TokenStream {
    let text = match &paging.next {
        NextPage::Cursor(from) => format!("Every page, from this one on, each asked for with the cursor at `{}` of the one before.", code(from)),
        NextPage::LastItem(field) => format!("Every page, from this one on, each asked for with `{}` of the last item before.", code(field)),
        NextPage::Link { from, param } => format!("Every page, from this one on, each asked for with the `{}` of the next link at `{}`.", code(param), code(from)),
        NextPage::Number { .. } => "Every page, from the first on, by page number.".to_string(),
    };
    let end = "The list ends at an empty page or when the page says it is the last.";
    let a = sentence(&text);
    let b = sentence(end);
    quote!(#a #b)
}

fn shape(paging: &Paging) -> TokenStream {
    let items = &paging.items;
    let has_more = match &paging.has_more {
        Some(p) => quote!(Some(#p)),
        None => quote!(None),
    };
    let next = match &paging.next {
        NextPage::Cursor(from) => quote!(rt::Next::Cursor { from: #from }),
        NextPage::LastItem(field) => quote!(rt::Next::LastItem { field: #field }),
        NextPage::Link { from, param } => quote!(rt::Next::Link { from: #from, param: #param }),
        NextPage::Number { first, total } => {
            let total = match total {
                Some(p) => quote!(Some(#p)),
                None => quote!(None),
            };
            quote!(rt::Next::Number { first: #first, total: #total })
        }
    };
    quote! {
        rt::Paging {
            items: #items,
            has_more: #has_more,
            next: #next,
        }
    }
}
