//! Credentials the client obtains itself: per scheme with a token source a
//! `with_<scheme>_credentials` method taking the long-lived credentials
//! (an OAuth 2 client id and secret, or what a declared token operation
//! takes), plus the function that calls a declared token operation.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs::{code, sentence};
use super::operation::{body_field, json_variant, variants};
use super::{ident, type_tokens, Scope};
use crate::ir::surface::{exchange_inputs, ExchangeInputs};
use crate::ir::{Api, Exchange, Operation, SchemeKind, SecurityScheme, TokenSpec};
use crate::naming::token_setter;

/// The client's setters of the long-lived credentials its token sources
/// take, one per scheme that obtains tokens (the rest of the client is
/// printed as text, see `super::client_text`).
pub(crate) fn token_setters(api: &Api) -> TokenStream {
    let setters = api.schemes.iter().filter_map(|s| match &s.token {
        Some(TokenSpec::ClientCredentials {
            token_url,
            refresh_url,
        }) => Some(client_credentials(s, token_url, refresh_url.as_deref())),
        Some(TokenSpec::Exchange(exchange)) => exchange_setter(api, s, exchange),
        None => None,
    });
    quote!(#(#setters)*)
}

fn client_credentials(
    s: &SecurityScheme,
    token_url: &str,
    refresh_url: Option<&str>,
) -> TokenStream {
    let wire = &s.wire;
    let field = ident(&s.rust);
    let setter = format_ident!("{}", token_setter(&s.rust));
    let docs = [
        sentence(&format!(
            "Obtains the `{}` credential with the OAuth 2 client-credentials flow at `{}`:",
            code(wire),
            code(token_url)
        )),
        sentence("tokens are requested with the scopes each operation names, kept until"),
        sentence("shortly before they expire, refreshed when the server gave a refresh"),
        sentence("token, and renewed once when a call is answered `401`."),
    ];
    let refresh = refresh_url.map(|url| quote!(.with_refresh_url(#url)));
    quote! {
        #(#docs)*
        pub fn #setter(mut self, client_id: impl Into<rt::Secret>, client_secret: impl Into<rt::Secret>) -> Self {
            self.credentials.#field = None;
            self.tokens.insert(
                #wire,
                rt::OAuth2ClientCredentials::new(#token_url, client_id, client_secret) #refresh,
            );
            self
        }
    }
}

/// The argument a declared token operation's body is passed as, unless
/// a credential already has that name.
fn body_arg(inputs: &ExchangeInputs<'_>) -> proc_macro2::Ident {
    let taken = inputs
        .credentials
        .iter()
        .any(|s| s.rust == "body" || s.rust.starts_with("body_"));
    if taken {
        format_ident!("token_body")
    } else {
        format_ident!("body")
    }
}

fn exchange_setter(api: &Api, s: &SecurityScheme, exchange: &Exchange) -> Option<TokenStream> {
    let inputs = exchange_inputs(api, exchange)?;
    let op = inputs.operation;
    let wire = &s.wire;
    let field = ident(&s.rust);
    let setter = format_ident!("{}", token_setter(&s.rust));
    let issuer = format_ident!("issue_{}_token", s.rust.trim_start_matches("r#"));
    let mut args = Vec::new();
    let mut sets = Vec::new();
    for scheme in &inputs.credentials {
        let name = ident(&scheme.rust);
        if scheme.kind == SchemeKind::Basic {
            let (user, password) = (
                format_ident!("{}_user", scheme.rust.trim_start_matches("r#")),
                format_ident!("{}_password", scheme.rust.trim_start_matches("r#")),
            );
            args.push(quote!(#user: impl Into<rt::Secret>, #password: impl Into<rt::Secret>));
            sets.push(quote!(self.credentials.#name = Some((#user.into(), #password.into()));));
        } else {
            args.push(quote!(#name: impl Into<rt::Secret>));
            sets.push(quote!(self.credentials.#name = Some(#name.into());));
        }
    }
    let input = match inputs.body {
        Some(content) => {
            let body = body_arg(&inputs);
            let ty = type_tokens(api, &content.ty, Scope::Client);
            args.push(quote!(#body: #ty));
            quote!(#body)
        }
        None => quote!(()),
    };
    let shape = shape(exchange);
    let docs = exchange_docs(s, op, exchange);
    Some(quote! {
        #(#docs)*
        pub fn #setter(mut self, #(#args),*) -> Self {
            #(#sets)*
            self.credentials.#field = None;
            self.tokens.insert(#wire, rt::Exchange::new(#input, #issuer, #shape));
            self
        }
    })
}

fn exchange_docs(s: &SecurityScheme, op: &Operation, exchange: &Exchange) -> Vec<TokenStream> {
    let lifetime = match (&exchange.expires_in, exchange.lifetime) {
        _ if exchange.single_use => {
            "and a new one is obtained for every call (each serves one call).".to_string()
        }
        (Some(p), _) => format!(
            "kept for the seconds `{}` gives, renewed shortly before.",
            code(p)
        ),
        (None, Some(n)) => format!("kept for {n} seconds, renewed shortly before."),
        (None, None) => "kept until the server refuses it.".to_string(),
    };
    vec![
        sentence(&format!(
            "Obtains the `{}` credential by calling `{} {}` ([`Client::{}`]) with what",
            code(&s.wire),
            op.method,
            code(&op.path),
            op.name.trim_start_matches("r#")
        )),
        sentence(&format!(
            "is given here: the token is read from `{}` of the answer,",
            code(&exchange.token)
        )),
        sentence(&lifetime),
        sentence("A call answered `401` is sent once more with a new token."),
    ]
}

fn shape(exchange: &Exchange) -> TokenStream {
    let token = &exchange.token;
    let expires_in = match &exchange.expires_in {
        Some(p) => quote!(Some(#p)),
        None => quote!(None),
    };
    let lifetime = match exchange.lifetime {
        Some(n) => quote!(Some(#n)),
        None => quote!(None),
    };
    let single_use = exchange.single_use;
    quote! {
        rt::ExchangeShape {
            token: #token,
            expires_in: #expires_in,
            lifetime: #lifetime,
            single_use: #single_use,
        }
    }
}

/// The functions that call each declared token operation.
pub(crate) fn issuers(api: &Api) -> TokenStream {
    let issuers = api.schemes.iter().filter_map(|s| match &s.token {
        Some(TokenSpec::Exchange(exchange)) => issuer(api, s, exchange),
        _ => None,
    });
    quote!(#(#issuers)*)
}

fn issuer(api: &Api, s: &SecurityScheme, exchange: &Exchange) -> Option<TokenStream> {
    let inputs = exchange_inputs(api, exchange)?;
    let op = inputs.operation;
    let all = variants(api, op);
    let (variant, _) = json_variant(&all, exchange.status)?;
    let name = format_ident!("issue_{}_token", s.rust.trim_start_matches("r#"));
    let method = ident(&op.name);
    let response = ident(&op.response_type);
    let variant = ident(&variant.name);
    let (input, input_ty, call) = match (inputs.body, op.body.as_ref()) {
        (Some(content), Some(body)) => {
            let ty = type_tokens(api, &content.ty, Scope::Client);
            let call = if body.required {
                quote!(client.#method(input.clone()))
            } else {
                let setter = ident(&body_field(0, content.encoding));
                quote!(client.#method().#setter(input.clone()))
            };
            (quote!(input), ty, call)
        }
        _ => (quote!(_input), quote!(()), quote!(client.#method())),
    };
    let refused = (all.len() > 1).then(|| quote!(_ => Err(rt::token_refused(answer.status)),));
    let docs = sentence(&format!(
        "Calls [`Client::{}`] for a `{}` token.",
        op.name.trim_start_matches("r#"),
        code(&s.wire)
    ));
    Some(quote! {
        #docs
        fn #name<'a>(client: &'a Client, #input: &'a #input_ty) -> rt::BoxFuture<'a, Result<rt::serde_json::Value, rt::Error>> {
            Box::pin(async move {
                let answer = #call.send().await?;
                match answer.body {
                    #response::#variant(body) => rt::token_answer(&body),
                    #refused
                }
            })
        }
    })
}
