//! One operation: the client method, its request builder and the enum of
//! its documented responses.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{code, doc, sentence};
use super::{ident, rust_tokens, Scope};
pub(crate) use crate::ir::surface::body_field;
use crate::ir::surface::{self, client_param_type, Method, ResponseEnum};
use crate::ir::{Api, Content, Encoding, Operation, Status, Style, TypeKind, TypeRef};

/// The client method and request builder of `op`, named and typed as the
/// surface's `method` says.
pub(crate) fn emit(api: &Api, op: &Operation, method: &Method) -> TokenStream {
    let variants = variants(api, op);
    let client_method = client_method(api, op, method);
    let builder = builder(api, op, method, &variants);
    quote! { #client_method #builder }
}

/// A value the caller passes: positional when required, a setter otherwise.
struct Input {
    name: proc_macro2::Ident,
    ty: TokenStream,
    /// `impl Into<String>` for strings (`impl Into<Secret>` for secrets,
    /// `impl Into<rt::DateTime>` for formats, which a chrono value is),
    /// else the type itself.
    arg: TokenStream,
    convert: TokenStream,
    doc: Option<String>,
}

/// The input `item` of the surface, whose IR type is `ty`.
fn input(api: &Api, item: &surface::Input, ty: &TypeRef, doc: Option<String>) -> Input {
    let name = ident(&item.rust);
    let ty_tokens = rust_tokens(&item.ty, Scope::Client);
    let (arg, convert) = argument(api, ty, &ty_tokens);
    Input {
        name,
        ty: ty_tokens,
        arg,
        convert,
        doc,
    }
}

/// How a value of `ty` (written `tokens`) is taken as an argument:
/// `impl Into<String>` for strings, `impl Into<rt::Secret>` for secrets,
/// `impl Into<rt::DateTime>` for formats (which a chrono value is), else
/// the type itself; and what turns the argument into the value (`.into()`).
pub(crate) fn argument(
    api: &Api,
    ty: &TypeRef,
    tokens: &TokenStream,
) -> (TokenStream, TokenStream) {
    match resolve_alias(api, ty) {
        TypeRef::Str => (quote!(impl Into<String>), quote!(.into())),
        TypeRef::Secret => (quote!(impl Into<rt::Secret>), quote!(.into())),
        TypeRef::Formatted(_) => (quote!(impl Into<#tokens>), quote!(.into())),
        _ => (tokens.clone(), quote!()),
    }
}

/// The type an alias chain ends at.
pub(crate) fn resolve_alias<'a>(api: &'a Api, ty: &'a TypeRef) -> &'a TypeRef {
    let mut current = ty;
    for _ in 0..16 {
        match current {
            TypeRef::Named(id) => match api.types.get(id).map(|d| &d.kind) {
                Some(TypeKind::Alias(next)) => current = next,
                _ => return current,
            },
            _ => return current,
        }
    }
    current
}

/// The body inputs: the first encoding is `body`, others `body_<encoding>`.
fn body_inputs<'o>(api: &Api, op: &'o Operation, method: &Method) -> Vec<(Input, &'o Content)> {
    let Some(body) = &op.body else {
        return Vec::new();
    };
    body.contents
        .iter()
        .zip(&method.bodies)
        .map(|(c, item)| {
            let text = format!(
                "The request body as `{}`.{}",
                c.media_type,
                body.description
                    .as_deref()
                    .map(|d| format!("\n\n{d}"))
                    .unwrap_or_default()
            );
            (input(api, item, &c.ty, Some(text)), c)
        })
        .collect()
}

/// Whether the first body is an argument of the method.
fn body_required(method: &Method) -> bool {
    method.bodies.first().is_some_and(|b| b.positional)
}

fn client_method(api: &Api, op: &Operation, method: &Method) -> TokenStream {
    let name = ident(&method.name);
    let builder = ident(&method.builder);
    let required: Vec<Input> = op
        .params
        .iter()
        .zip(&method.params)
        .filter(|(_, item)| item.positional)
        .map(|(p, item)| input(api, item, client_param_type(p), p.description.clone()))
        .collect();
    let bodies = body_inputs(api, op, method);
    let required_body = bodies
        .first()
        .filter(|_| body_required(method))
        .map(|(i, _)| i);
    let args = required.iter().chain(required_body).map(|i| {
        let (n, a) = (&i.name, &i.arg);
        quote!(#n: #a)
    });
    let inits = required.iter().chain(required_body).map(|i| {
        let (n, c) = (&i.name, &i.convert);
        if required_body.is_some_and(|b| b.name == *n) {
            quote!(#n: Some(#n #c))
        } else if c.is_empty() {
            quote!(#n)
        } else {
            quote!(#n: #n #c)
        }
    });
    let optional = method
        .params
        .iter()
        .filter(|item| !item.positional)
        .map(|item| ident(&item.rust));
    let optional_bodies = bodies
        .iter()
        .filter(|(i, _)| required_body.is_none_or(|b| b.name != i.name))
        .map(|(i, _)| &i.name);
    let server = method.server.then(|| quote!(server: None,));
    let docs = doc(Some(&operation_doc(op)));
    quote! {
        impl Client {
            #docs
            pub fn #name(&self, #(#args),*) -> #builder<'_> {
                #builder {
                    client: self,
                    #(#inits,)*
                    #(#optional: None,)*
                    #(#optional_bodies: None,)*
                    #server
                    options: rt::CallOptions::default(),
                }
            }
        }
    }
}

fn operation_doc(op: &Operation) -> String {
    let mut parts: Vec<String> = [op.summary.as_deref(), op.description.as_deref()]
        .into_iter()
        .flatten()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect();
    parts.dedup();
    parts.push(format!("`{} {}`", op.method, code(&op.path)));
    if op.deprecated {
        parts.push("Deprecated by the spec.".to_string());
    }
    parts.join("\n\n")
}

fn builder(
    api: &Api,
    op: &Operation,
    method: &Method,
    variants: &[ResponseVariant],
) -> TokenStream {
    let name = ident(&method.builder);
    let title = sentence(&format!(
        "Request builder for [`Client::{}`].",
        method.name.trim_start_matches("r#")
    ));
    let params: Vec<(Input, bool)> = op
        .params
        .iter()
        .zip(&method.params)
        .map(|(p, item)| {
            (
                input(api, item, client_param_type(p), p.description.clone()),
                item.positional,
            )
        })
        .collect();
    let fields = params.iter().map(|(i, pos)| {
        let (n, t) = (&i.name, &i.ty);
        if *pos {
            quote!(#n: #t,)
        } else {
            quote!(#n: Option<#t>,)
        }
    });
    let bodies = body_inputs(api, op, method);
    let body_fields = bodies.iter().map(|(i, _)| {
        let (n, t) = (&i.name, &i.ty);
        quote!(#n: Option<#t>,)
    });
    let setters = params
        .iter()
        .filter(|(_, pos)| !pos)
        .map(|(i, _)| setter(i));
    let required_body = body_required(method);
    let body_setters = bodies
        .iter()
        .enumerate()
        .filter(|(n, _)| *n > 0 || !required_body)
        .map(|(_, (i, _))| setter(i));
    let server_field = method.server.then(|| quote!(server: Option<String>,));
    let server_setter = method.server.then(|| {
        quote! {
            /// Sends to `url` instead of the operation's own server.
            pub fn server(mut self, url: impl Into<String>) -> Self {
                self.server = Some(url.into());
                self
            }
        }
    });
    let send = super::send::send(api, op, variants);
    let paging = super::paging::methods(api, op, method, variants);
    quote! {
        #title
        #[derive(Debug, Clone)]
        pub struct #name<'a> {
            client: &'a Client,
            #(#fields)*
            #(#body_fields)*
            #server_field
            options: rt::CallOptions,
        }

        impl<'a> #name<'a> {
            #(#setters)*
            #(#body_setters)*
            #server_setter

            rt::call_options!();

            #send
        }

        #paging
    }
}

fn setter(i: &Input) -> TokenStream {
    let (n, a, c) = (&i.name, &i.arg, &i.convert);
    let given = i.doc.as_deref().filter(|d| !d.trim().is_empty());
    let docs = doc(given.or(Some("Sets this optional value.")));
    quote! {
        #docs
        pub fn #n(mut self, value: #a) -> Self {
            self.#n = Some(value #c);
            self
        }
    }
}

/// One variant of an operation's response enum.
pub(crate) struct ResponseVariant {
    pub name: String,
    pub status: Status,
    /// The media type and encoding of the body, `None` without a body.
    pub content: Option<Content>,
    pub doc: String,
}

/// The variant of `status` carrying a JSON body, and that body.
pub(crate) fn json_variant(
    variants: &[ResponseVariant],
    status: Status,
) -> Option<(&ResponseVariant, &Content)> {
    variants.iter().find_map(|v| {
        let content = v
            .content
            .as_ref()
            .filter(|c| c.encoding == Encoding::Json)?;
        (v.status == status).then_some((v, content))
    })
}

/// The variants of `op`'s response enum, as the surface names them, with
/// the responses they stand for.
pub(crate) fn variants(api: &Api, op: &Operation) -> Vec<ResponseVariant> {
    let response = surface::response_enum(api, op);
    variants_of(op, &response)
}

fn variants_of(op: &Operation, response: &ResponseEnum) -> Vec<ResponseVariant> {
    let variant = |v: &surface::ResponseVariant| {
        let r = &op.responses[v.response];
        let doc = match r.description.trim() {
            "" => format!("`{}`", status_key(r.status)),
            text => format!("`{}`: {text}", status_key(r.status)),
        };
        let content = v.content.map(|c| r.contents[c].clone());
        let doc = match &content {
            Some(c) => format!("{doc} (`{}`)", c.media_type),
            None => doc,
        };
        ResponseVariant {
            name: v.item.name.clone(),
            status: v.status,
            content,
            doc,
        }
    };
    response.variants.iter().map(variant).collect()
}

pub(crate) fn status_key(status: Status) -> String {
    match status {
        Status::Code(c) => c.to_string(),
        Status::Range(r) => format!("{r}XX"),
        Status::Default => "default".to_string(),
    }
}

/// The enum of `op`'s documented responses, named and typed as the
/// surface's `response` says: what the client decodes and what a server
/// handler answers.
pub(crate) fn response_enum(op: &Operation, response: &ResponseEnum) -> TokenStream {
    let name = ident(&response.name);
    let title = sentence(&format!(
        "The documented responses of `{} {}`.",
        op.method,
        code(&op.path)
    ));
    let docs = variants_of(op, response);
    let arms = response.variants.iter().zip(&docs).map(|(v, d)| {
        let n = ident(&v.item.name);
        let docs = doc(Some(&d.doc));
        match &v.item.payload {
            Some(t) => {
                let t = rust_tokens(t, Scope::Client);
                quote!(#docs #n(#t),)
            }
            None => quote!(#docs #n,),
        }
    });
    let undocumented = response.undocumented.as_ref().map(|v| {
        let n = ident(&v.name);
        let t = v.payload.iter().map(|t| rust_tokens(t, Scope::Client));
        quote! {
            /// The spec documents no responses: the raw body.
            #n(#(#t)*),
        }
    });
    quote! {
        #title
        #[derive(Debug, Clone, PartialEq)]
        pub enum #name {
            #(#arms)*
            #undocumented
        }
    }
}

/// Whether a parameter's style needs the query writer's style argument.
pub(crate) fn query_style(style: Style) -> TokenStream {
    match style {
        Style::SpaceDelimited => quote!(rt::QueryStyle::SpaceDelimited),
        Style::PipeDelimited => quote!(rt::QueryStyle::PipeDelimited),
        Style::DeepObject => quote!(rt::QueryStyle::DeepObject),
        _ => quote!(rt::QueryStyle::Form),
    }
}

/// The fields of a multipart body's struct (through aliases: a body
/// shaped like another operation's is an alias of it), when it is one.
pub(crate) fn multipart_fields<'a>(api: &'a Api, ty: &TypeRef) -> Option<&'a [crate::ir::Field]> {
    let TypeRef::Named(id) = resolve_alias(api, ty) else {
        return None;
    };
    match &api.types.get(id)?.kind {
        TypeKind::Struct(s) => Some(&s.fields),
        _ => None,
    }
}
