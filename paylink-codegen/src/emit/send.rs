//! The `send` method of a request builder: the path, query, headers,
//! cookies, credentials and body, then the decoding of each documented
//! response. Nothing in it can panic on what a server sends.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::ident;
use super::operation::{body_field, multipart_fields, query_style, resolve_alias, ResponseVariant};
use crate::ir::{
    Api, Content, Encoding, Field, Operation, Param, ParamLocation, PropertyEncoding, Status,
    Style, TypeRef,
};

pub(crate) fn send(api: &Api, op: &Operation, variants: &[ResponseVariant]) -> TokenStream {
    let response = ident(&op.response_type);
    let path = path(op);
    let query = query(op);
    let method = ident(&op.method);
    let server = match op.servers.iter().find(|s| s.starts_with("http")) {
        Some(url) => quote!(Some(this.server.as_deref().unwrap_or(#url))),
        None if !op.servers.is_empty() => quote!(this.server.as_deref()),
        None => quote!(None),
    };
    let headers = headers(api, op);
    let body = body(api, op);
    let decode = decode(op, variants);
    // A response that can carry a credential (a token) is kept out of the
    // `Debug` of the errors that hold it.
    let hide = api
        .responses_hold_secrets(op)
        .then(|| quote!(let raw = raw.holding_credentials();));
    let mutable = if op
        .params
        .iter()
        .any(|p| p.location == ParamLocation::Header || p.location == ParamLocation::Cookie)
        || op.body.is_some()
    {
        quote!(mut)
    } else {
        quote!()
    };
    let build = quote! {
        |this| {
            #path
            #query
            let #mutable request = this.client.core.request(rt::reqwest::Method::#method, #server, &query.target(path));
            #headers
            #body
            Ok(request)
        }
    };
    let decode = quote! {
        |raw| {
            #hide
            #decode
        }
    };
    let perform = perform(op, build, decode);
    quote! {
        /// Sends the request and decodes the documented response; the future is `Send`.
        pub fn send(self) -> impl rt::Future<Output = Result<rt::ResponseValue<#response>, rt::Error>> + 'a {
            #perform
        }
    }
}

/// `let path = ...;`: the path with its parameters put in. Each
/// parameter's text is bound to a local first (named after the
/// parameter), so that the `format!` call names them in its template
/// (`"/accounts/{account_id}"`), which prettyplease prints as written:
/// it does not format a macro's arguments.
fn path(op: &Operation) -> TokenStream {
    let mut template = String::new();
    let mut locals = Vec::new();
    let mut taken = std::collections::BTreeSet::new();
    let mut rest = op.path.as_str();
    while let Some(start) = rest.find('{') {
        let Some(len) = rest[start..].find('}') else {
            break;
        };
        template.push_str(&rest[..start].replace('{', "{{").replace('}', "}}"));
        let name = &rest[start + 1..start + len];
        match op
            .params
            .iter()
            .find(|p| p.location == ParamLocation::Path && p.wire == name)
        {
            Some(p) => {
                let local = path_local(&p.rust, &mut taken);
                template.push_str(&format!("{{{local}}}"));
                locals.push(path_param(p, &ident(&local)));
            }
            None => template.push_str(&format!("{{{{{name}}}}}")),
        }
        rest = &rest[start + len + 1..];
    }
    template.push_str(&rest.replace('{', "{{").replace('}', "}}"));
    if locals.is_empty() {
        let literal = template.replace("{{", "{").replace("}}", "}");
        quote!(let path = #literal;)
    } else {
        quote! {
            #(#locals)*
            let path = &format!(#template);
        }
    }
}

/// `let local = rt::path_text(...)?;` for the path parameter `p`
/// (`rt::path_param` with its style, for another style or exploded).
fn path_param(p: &Param, local: &Ident) -> TokenStream {
    let field = ident(&p.rust);
    let name = &p.wire;
    let value = json_or_value(p, &quote!(&this.#field));
    let explode = p.explode;
    let style = match p.style {
        Style::Label => quote!(rt::PathStyle::Label),
        Style::Matrix => quote!(rt::PathStyle::Matrix),
        _ if explode => quote!(rt::PathStyle::Simple),
        _ => return quote!(let #local = rt::path_text(#name, #value)?;),
    };
    quote!(let #local = rt::path_param(#name, #value, #style, #explode)?;)
}

/// The local a path parameter's text is bound to: its field's name, plain
/// (a `format!` template cannot name a raw identifier), with `_` after a
/// keyword or a name the request closure uses (`this`, `path`, `rt`), and
/// a number after a name already taken.
fn path_local(field: &str, taken: &mut std::collections::BTreeSet<String>) -> String {
    let plain = field.trim_start_matches("r#");
    let mut local = if field.starts_with("r#") || matches!(plain, "this" | "path" | "rt") {
        format!("{plain}_")
    } else {
        plain.to_string()
    };
    let base = local.clone();
    let mut n = 2;
    while !taken.insert(local.clone()) {
        local = format!("{base}{n}");
        n += 1;
    }
    local
}

/// The value of `p` as written, `value` or, for a JSON `content`
/// parameter, its JSON text.
fn json_or_value(p: &Param, value: &TokenStream) -> TokenStream {
    if p.style == Style::Json {
        let wire = &p.wire;
        quote!(&rt::json_text(#wire, #value)?)
    } else {
        value.clone()
    }
}

fn query(op: &Operation) -> TokenStream {
    let pushes = op
        .params
        .iter()
        .filter(|p| p.location == ParamLocation::Query)
        .map(|p| {
            let field = ident(&p.rust);
            let wire = &p.wire;
            let push = |value: TokenStream| {
                if p.style == Style::Json {
                    return quote!(query.push_json(#wire, #value)?;);
                }
                let style = query_style(p.style);
                let explode = p.explode;
                quote!(query.push(#wire, #value, #style, #explode)?;)
            };
            if p.required {
                push(quote!(&this.#field))
            } else {
                let push = push(quote!(value));
                quote! {
                    if let Some(value) = &this.#field {
                        #push
                    }
                }
            }
        });
    let pushes: Vec<TokenStream> = pushes.collect();
    if pushes.is_empty() {
        quote!(let query = rt::Query::new();)
    } else {
        quote! {
            let mut query = rt::Query::new();
            #(#pushes)*
        }
    }
}

fn headers(api: &Api, op: &Operation) -> TokenStream {
    let secret = |p: &Param| *resolve_alias(api, &p.ty) == TypeRef::Secret;
    let header_params = op
        .params
        .iter()
        .filter(|p| p.location == ParamLocation::Header)
        .map(|p| {
            let field = ident(&p.rust);
            let wire = &p.wire;
            let explode = p.explode;
            if secret(p) {
                return secret_header(p);
            }
            if p.idempotency_key {
                // Filled once per call: every retry sends the same key.
                return quote! {
                    let idempotency_key = this.#field.clone().unwrap_or_else(rt::idempotency_key);
                    request = request.header(#wire, rt::header_value(#wire, &idempotency_key, #explode)?);
                };
            }
            if p.required {
                let value = json_or_value(p, &quote!(&this.#field));
                quote!(request = request.header(#wire, rt::header_value(#wire, #value, #explode)?);)
            } else {
                let value = json_or_value(p, &quote!(value));
                quote! {
                    if let Some(value) = &this.#field {
                        request = request.header(#wire, rt::header_value(#wire, #value, #explode)?);
                    }
                }
            }
        });
    let cookies: Vec<&Param> = op
        .params
        .iter()
        .filter(|p| p.location == ParamLocation::Cookie)
        .collect();
    // A cookie holding a credential makes the whole `Cookie` header sensitive.
    let cookie_value = if cookies.iter().any(|p| secret(p)) {
        quote!(rt::sensitive_header("Cookie", &cookies.join("; "))?)
    } else {
        quote!(cookies.join("; "))
    };
    let cookie_code = (!cookies.is_empty()).then(|| {
        let pushes = cookies.iter().map(|p| {
            let field = ident(&p.rust);
            let wire = &p.wire;
            if p.required {
                let value = json_or_value(p, &quote!(&this.#field));
                quote!(cookies.push(format!("{}={}", #wire, rt::cookie_value(#wire, #value)?));)
            } else {
                let value = json_or_value(p, &quote!(value));
                quote! {
                    if let Some(value) = &this.#field {
                        cookies.push(format!("{}={}", #wire, rt::cookie_value(#wire, #value)?));
                    }
                }
            }
        });
        quote! {
            let mut cookies: Vec<String> = Vec::new();
            #(#pushes)*
            if !cookies.is_empty() {
                request = request.header(rt::reqwest::header::COOKIE, #cookie_value);
            }
        }
    });
    quote! { #(#header_params)* #cookie_code }
}

/// A header parameter holding a credential (`AccessToken`, say): sent as
/// is, marked sensitive.
fn secret_header(p: &Param) -> TokenStream {
    let field = ident(&p.rust);
    let wire = &p.wire;
    if p.required {
        quote!(request = request.header(#wire, rt::sensitive_header(#wire, this.#field.expose())?);)
    } else {
        quote! {
            if let Some(value) = &this.#field {
                request = request.header(#wire, rt::sensitive_header(#wire, value.expose())?);
            }
        }
    }
}

/// Sends the request, with the credentials its security requirements
/// name (obtaining tokens, and retrying once after a `401`, through
/// [`rt::perform_authorized`]), and decodes the answer: `build` and
/// `decode` are closures, not methods, because a closure is compiled
/// only where the call is awaited, so that a crate compiles the serde
/// code of the operations it calls, not of all of them.
fn perform(op: &Operation, build: TokenStream, decode: TokenStream) -> TokenStream {
    // Spec text that tracing spans and hooks show: one line, no control
    // or direction characters.
    let operation = crate::sanitize::inline(
        op.operation_id
            .as_deref()
            .unwrap_or(op.name.trim_start_matches("r#")),
    );
    let path = crate::sanitize::inline(&op.path);
    let method = &op.method;
    let idempotent = op.idempotent();
    let call = quote! {
        const CALL: rt::Call = rt::Call {
            operation: #operation,
            method: #method,
            path: #path,
            idempotent: #idempotent,
        };
    };
    if op.security.is_empty() {
        return quote! {
            #call
            rt::perform(&self.client.core, (&CALL, self.options), self, #build, #decode)
        };
    }
    let sets = op.security.iter().map(|set| quote!(&[#(#set),*]));
    let scopes = op
        .scopes
        .iter()
        .map(|(scheme, scopes)| quote!((#scheme, &[#(#scopes),*])));
    quote! {
        #call
        const SECURITY: rt::Security = (&[#(#sets),*], &[#(#scopes),*]);
        rt::perform_authorized(self.client, (&CALL, self.options, SECURITY), self, #build, #decode)
    }
}

fn body(api: &Api, op: &Operation) -> TokenStream {
    let Some(body) = &op.body else {
        return TokenStream::new();
    };
    let arms = body.contents.iter().enumerate().map(|(i, c)| {
        let field = ident(&body_field(i, c.encoding));
        let apply = apply_body(api, c);
        quote! {
            if let Some(body) = &this.#field {
                request = #apply;
            }
        }
    });
    quote!(#(#arms)*)
}

fn apply_body(api: &Api, c: &Content) -> TokenStream {
    let media = &c.media_type;
    let typed = quote!(request.header(rt::reqwest::header::CONTENT_TYPE, #media));
    match c.encoding {
        Encoding::Json => quote!(#typed.body(rt::json_body(body)?)),
        Encoding::Form => {
            let encodings = c.encodings.iter().map(field_encoding);
            quote!(#typed.body(rt::form_body(body, &[#(#encodings),*])?))
        }
        Encoding::Text | Encoding::Binary => quote!(#typed.body(body.clone())),
        Encoding::Multipart => {
            let form = multipart(api, c);
            quote!({ #form request.multipart(form) })
        }
    }
}

/// An `encoding` entry as the runtime's `FieldEncoding`.
fn field_encoding(e: &PropertyEncoding) -> TokenStream {
    let name = &e.property;
    let style = match e.style {
        Some((style, explode)) => {
            let style = query_style(style);
            quote!(Some((#style, #explode)))
        }
        None => quote!(None),
    };
    let content_type = match &e.content_type {
        Some(m) => quote!(Some(#m)),
        None => quote!(None),
    };
    quote!(rt::FieldEncoding { name: #name, style: #style, content_type: #content_type })
}

fn multipart(api: &Api, c: &Content) -> TokenStream {
    let Some(fields) = multipart_fields(api, &c.ty) else {
        return quote! {
            let form = rt::multipart_field(rt::reqwest::multipart::Form::new(), "body", body, None)?;
        };
    };
    let parts = fields.iter().map(|f| {
        let field = ident(&f.rust);
        let wire = &f.wire;
        let encoding = c.encodings.iter().find(|e| &e.property == wire);
        let add = multipart_part(f, encoding);
        if f.required && !f.nullable {
            quote! {
                let value = &body.#field;
                #add
            }
        } else if f.required || !f.nullable {
            quote! {
                if let Some(value) = &body.#field {
                    #add
                }
            }
        } else {
            quote! {
                if let Some(Some(value)) = &body.#field {
                    #add
                }
            }
        }
    });
    quote! {
        let mut form = rt::reqwest::multipart::Form::new();
        #(#parts)*
    }
}

/// The statement adding one field to a multipart form: a file part for
/// bytes (one per item of a list of them), text parts otherwise.
fn multipart_part(f: &Field, encoding: Option<&PropertyEncoding>) -> TokenStream {
    let wire = &f.wire;
    let content_type = match encoding.and_then(|e| e.content_type.as_deref()) {
        Some(m) => quote!(Some(#m)),
        None => quote!(None),
    };
    match &f.ty {
        TypeRef::Binary => quote! {
            form = form.part(#wire, rt::file_part(value.clone(), #wire, #content_type)?);
        },
        TypeRef::Array(item) if **item == TypeRef::Binary => quote! {
            for item in value {
                form = form.part(#wire, rt::file_part(item.clone(), #wire, #content_type)?);
            }
        },
        _ => {
            let encoding = match encoding {
                Some(e) => {
                    let e = field_encoding(e);
                    quote!(Some(&#e))
                }
                None => quote!(None),
            };
            quote!(form = rt::multipart_field(form, #wire, value, #encoding)?;)
        }
    }
}

fn decode(op: &Operation, variants: &[ResponseVariant]) -> TokenStream {
    let response = ident(&op.response_type);
    if variants.is_empty() {
        return quote! {
            let body = #response::Undocumented(raw.body.clone());
            Ok(raw.into_value(body))
        };
    }
    let mut statuses: Vec<Status> = variants.iter().map(|v| v.status).collect();
    statuses.dedup();
    if statuses == [Status::Default] {
        let all: Vec<&ResponseVariant> = variants.iter().collect();
        let value = status_value(&response, &all);
        return quote! {
            let body = #value;
            Ok(raw.into_value(body))
        };
    }
    let has_default = statuses.contains(&Status::Default);
    let arms = statuses.iter().map(|status| {
        let pattern = match status {
            Status::Code(c) => {
                let c = proc_macro2::Literal::u16_unsuffixed(*c);
                quote!(#c)
            }
            Status::Range(r) => {
                let lo = proc_macro2::Literal::u16_unsuffixed(r * 100);
                let hi = proc_macro2::Literal::u16_unsuffixed(r * 100 + 99);
                quote!(#lo..=#hi)
            }
            Status::Default => quote!(_),
        };
        let mine: Vec<&ResponseVariant> = variants.iter().filter(|v| v.status == *status).collect();
        let value = status_value(&response, &mine);
        quote!(#pattern => #value,)
    });
    let fallback = (!has_default).then(|| quote!(_ => return Err(raw.unexpected()),));
    quote! {
        let body = match raw.status.as_u16() {
            #(#arms)*
            #fallback
        };
        Ok(raw.into_value(body))
    }
}

/// The value for one status: decoded by the response's media type when it
/// documents several.
fn status_value(response: &Ident, mine: &[&ResponseVariant]) -> TokenStream {
    if mine.len() == 1 {
        return variant_value(response, mine[0]);
    }
    let arms = mine.iter().filter_map(|v| {
        let media = v.content.as_ref()?.media_type.to_ascii_lowercase();
        let value = variant_value(response, v);
        Some(quote!(Some(#media) => #value,))
    });
    let first = variant_value(response, mine[0]);
    quote! {
        match raw.media_type().as_deref() {
            #(#arms)*
            _ => #first,
        }
    }
}

fn variant_value(response: &Ident, v: &ResponseVariant) -> TokenStream {
    let name = ident(&v.name);
    match &v.content {
        None => quote!(#response::#name),
        Some(c) => {
            let payload = match c.encoding {
                Encoding::Json => quote!(rt::json(&raw)?),
                Encoding::Binary => quote!(raw.body.clone()),
                _ => quote!(rt::text(&raw)?),
            };
            quote!(#response::#name(#payload))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::path_local;

    #[test]
    fn path_locals_are_plain_and_distinct() {
        let mut taken = std::collections::BTreeSet::new();
        let locals: Vec<String> = ["id", "r#type", "type_", "this", "path", "rt", "query", "id"]
            .iter()
            .map(|f| path_local(f, &mut taken))
            .collect();
        assert_eq!(
            locals,
            ["id", "type_", "type_2", "this_", "path_", "rt_", "query", "id2"]
        );
    }
}
