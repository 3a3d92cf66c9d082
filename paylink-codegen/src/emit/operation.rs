//! One operation: the client method, its request builder and the enum of
//! its documented responses.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{code, doc, sentence};
use super::{ident, type_tokens, Scope};
use crate::ir::{
    Api, Content, Encoding, Operation, Param, ParamLocation, Status, Style, TypeKind, TypeRef,
};
use crate::naming::{status_name, Namer};

/// The client method and request builder of `op`.
pub(crate) fn emit(api: &Api, op: &Operation) -> TokenStream {
    let variants = variants(op);
    let method = client_method(api, op);
    let builder = builder(api, op, &variants);
    quote! { #method #builder }
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

fn input(api: &Api, name: &str, ty: &TypeRef, doc: Option<String>) -> Input {
    let name = ident(name);
    let ty_tokens = type_tokens(api, ty, Scope::Client);
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

/// Required values are arguments of the client method; an idempotency key
/// is a setter even when required, since the client fills it.
pub(crate) fn positional(p: &Param) -> bool {
    (p.required || p.location == ParamLocation::Path) && !p.idempotency_key
}

/// The body inputs: the first encoding is `body`, others `body_<encoding>`.
fn body_inputs<'o>(api: &Api, op: &'o Operation) -> Vec<(Input, &'o Content)> {
    let Some(body) = &op.body else {
        return Vec::new();
    };
    body.contents
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let name = body_field(i, c.encoding);
            let text = format!(
                "The request body as `{}`.{}",
                c.media_type,
                body.description
                    .as_deref()
                    .map(|d| format!("\n\n{d}"))
                    .unwrap_or_default()
            );
            (input(api, &name, &c.ty, Some(text)), c)
        })
        .collect()
}

fn body_required(op: &Operation) -> bool {
    op.body
        .as_ref()
        .is_some_and(|b| b.required && !b.contents.is_empty())
}

fn client_method(api: &Api, op: &Operation) -> TokenStream {
    let name = ident(&op.name);
    let builder = ident(&op.type_base);
    let required: Vec<Input> = op
        .params
        .iter()
        .filter(|p| positional(p))
        .map(|p| input(api, &p.rust, &p.ty, p.description.clone()))
        .collect();
    let bodies = body_inputs(api, op);
    let required_body = bodies.first().filter(|_| body_required(op)).map(|(i, _)| i);
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
    let optional = op
        .params
        .iter()
        .filter(|p| !positional(p))
        .map(|p| ident(&p.rust));
    let optional_bodies = bodies
        .iter()
        .filter(|(i, _)| required_body.is_none_or(|b| b.name != i.name))
        .map(|(i, _)| &i.name);
    let server = (!op.servers.is_empty()).then(|| quote!(server: None,));
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

fn builder(api: &Api, op: &Operation, variants: &[ResponseVariant]) -> TokenStream {
    let name = ident(&op.type_base);
    let method = &op.name;
    let title = sentence(&format!(
        "Request builder for [`Client::{}`].",
        method.trim_start_matches("r#")
    ));
    let params: Vec<(Input, bool)> = op
        .params
        .iter()
        .map(|p| {
            (
                input(api, &p.rust, &p.ty, p.description.clone()),
                positional(p),
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
    let bodies = body_inputs(api, op);
    let body_fields = bodies.iter().map(|(i, _)| {
        let (n, t) = (&i.name, &i.ty);
        quote!(#n: Option<#t>,)
    });
    let setters = params
        .iter()
        .filter(|(_, pos)| !pos)
        .map(|(i, _)| setter(i));
    let required_body = body_required(op);
    let body_setters = bodies
        .iter()
        .enumerate()
        .filter(|(n, _)| *n > 0 || !required_body)
        .map(|(_, (i, _))| setter(i));
    let server_field = (!op.servers.is_empty()).then(|| quote!(server: Option<String>,));
    let server_setter = (!op.servers.is_empty()).then(|| {
        quote! {
            /// Sends to `url` instead of the operation's own server.
            pub fn server(mut self, url: impl Into<String>) -> Self {
                self.server = Some(url.into());
                self
            }
        }
    });
    let send = super::send::send(api, op, variants);
    let paging = super::paging::methods(api, op, variants);
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

            /// Gives up on each attempt of this call after `timeout`.
            pub fn timeout(mut self, timeout: std::time::Duration) -> Self {
                self.options.timeout = Some(timeout);
                self
            }

            /// Retries this call as `policy` says instead of as the client's
            /// policy does.
            pub fn retry(mut self, policy: rt::RetryPolicy) -> Self {
                self.options.retry = Some(policy);
                self
            }

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

pub(crate) fn variants(op: &Operation) -> Vec<ResponseVariant> {
    let mut namer = Namer::default();
    let mut out = Vec::new();
    for r in &op.responses {
        let word = status_word(r.status);
        let doc = match r.description.trim() {
            "" => format!("`{}`", status_key(r.status)),
            text => format!("`{}`: {text}", status_key(r.status)),
        };
        if r.contents.is_empty() {
            out.push(ResponseVariant {
                name: namer.claim(&word),
                status: r.status,
                content: None,
                doc,
            });
            continue;
        }
        let several = r.contents.len() > 1;
        for c in &r.contents {
            let base = if several {
                format!("{word}{}", encoding_word(c.encoding))
            } else {
                word.clone()
            };
            out.push(ResponseVariant {
                name: namer.claim(&base),
                status: r.status,
                content: Some(c.clone()),
                doc: format!("{doc} (`{}`)", c.media_type),
            });
        }
    }
    out
}

fn status_word(status: Status) -> String {
    match status {
        Status::Code(c) => status_name(c),
        Status::Range(r) => format!("Status{r}xx"),
        Status::Default => "Default".to_string(),
    }
}

pub(crate) fn status_key(status: Status) -> String {
    match status {
        Status::Code(c) => c.to_string(),
        Status::Range(r) => format!("{r}XX"),
        Status::Default => "default".to_string(),
    }
}

/// The builder field of a body's `index`-th media type: `body` for the
/// first, `body_<encoding>` for the others.
pub(crate) fn body_field(index: usize, encoding: Encoding) -> String {
    if index == 0 {
        "body".to_string()
    } else {
        format!("body_{}", encoding_word(encoding).to_lowercase())
    }
}

fn encoding_word(e: Encoding) -> &'static str {
    match e {
        Encoding::Json => "Json",
        Encoding::Form => "Form",
        Encoding::Multipart => "Multipart",
        Encoding::Text => "Text",
        Encoding::Binary => "Binary",
    }
}

/// The Rust type a response body decodes to.
pub(crate) fn payload_type(api: &Api, c: &Content) -> TokenStream {
    match c.encoding {
        Encoding::Json => type_tokens(api, &c.ty, Scope::Client),
        Encoding::Binary => quote!(rt::Bytes),
        Encoding::Text | Encoding::Form | Encoding::Multipart => quote!(String),
    }
}

/// The enum of `op`'s documented responses: what the client decodes and
/// what a server handler answers.
pub(crate) fn response_enum(api: &Api, op: &Operation) -> TokenStream {
    let variants = &variants(op);
    let name = ident(&op.response_type);
    let title = sentence(&format!(
        "The documented responses of `{} {}`.",
        op.method,
        code(&op.path)
    ));
    let arms = variants.iter().map(|v| {
        let n = ident(&v.name);
        let docs = doc(Some(&v.doc));
        match &v.content {
            Some(c) => {
                let t = payload_type(api, c);
                quote!(#docs #n(#t),)
            }
            None => quote!(#docs #n,),
        }
    });
    let undocumented = variants.is_empty().then(|| {
        quote! {
            /// The spec documents no responses: the raw body.
            Undocumented(rt::Bytes),
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
