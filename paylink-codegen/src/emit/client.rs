//! The async client: a `Client` with credentials typed from the security
//! schemes, and for each operation a method that returns a request builder
//! (path parameters and required values positional, optional ones as
//! setters) whose `send` returns a typed response.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs::{code, doc, sentence};
use super::format::{Piece, Sink};
use super::ident;
use crate::ir::{Api, ParamLocation, SchemeKind};

/// What the client and the server share: the servers, the credentials
/// and each operation's response enum.
pub(crate) fn shared(api: &Api, sink: &mut Sink<'_>) {
    let servers = api.servers.iter().map(|s| s.url.as_str());
    let credentials = credentials(api);
    sink(Piece::Items(quote! {
        /// The servers the spec lists, variables set to their defaults.
        pub const SERVERS: &[&str] = &[#(#servers),*];

        #credentials
    }));
    for op in &api.operations {
        sink(Piece::Items(super::operation::response_enum(api, op)));
    }
}

/// The client and its request builders, one operation at a time.
pub(crate) fn emit(api: &Api, sink: &mut Sink<'_>) {
    sink(Piece::Items(client(api)));
    for op in &api.operations {
        sink(Piece::Items(super::operation::emit(api, op)));
    }
}

fn client(api: &Api) -> TokenStream {
    let title = sentence(&format!(
        "Client for `{}` {}.",
        code(&api.title),
        code(&api.version)
    ));
    let default_server = api.servers.first().filter(|s| s.url.starts_with("http"));
    let new = default_server.map(|s| {
        let url = &s.url;
        let note = sentence(&format!(
            "A client for the spec's first server, `{}`.",
            code(url)
        ));
        quote! {
            #note
            pub fn new() -> Self {
                Self::with_base_url(#url)
            }
        }
    });
    let default_impl = default_server.map(|_| {
        quote! {
            impl Default for Client {
                fn default() -> Self {
                    Self::new()
                }
            }
        }
    });
    let setters = api.schemes.iter().map(credential_setter);
    let authorize = authorize(api);
    let environments = api.servers.iter().filter_map(environment);
    let base_url_doc: &[&str] = if api.servers.iter().any(|s| s.url.starts_with("http")) {
        &[" A client for `base_url` (for example one of [`SERVERS`])."]
    } else {
        &[
            " A client for `base_url`.",
            "",
            " The spec names no absolute server URL: pass the provider's base URL,",
            " from its documentation.",
        ]
    };
    quote! {
        #title
        #[derive(Clone, Debug)]
        pub struct Client {
            core: rt::ClientCore,
            credentials: Credentials,
        }

        impl Client {
            #new
            #(#environments)*

            #(#[doc = #base_url_doc])*
            pub fn with_base_url(base_url: impl Into<String>) -> Self {
                Self::with_http_client(base_url, rt::reqwest::Client::new())
            }

            /// A client for `base_url` sending through `http`.
            pub fn with_http_client(base_url: impl Into<String>, http: rt::reqwest::Client) -> Self {
                Client {
                    core: rt::ClientCore::new(base_url, http),
                    credentials: Credentials::default(),
                }
            }

            /// The base URL requests go to.
            pub fn base_url(&self) -> &str {
                self.core.base_url()
            }

            /// Replaces all credentials.
            pub fn with_credentials(mut self, credentials: Credentials) -> Self {
                self.credentials = credentials;
                self
            }

            #(#setters)*
            #authorize
        }

        #default_impl
    }
}

/// The constructor of a server that names its environment.
fn environment(server: &crate::ir::Server) -> Option<TokenStream> {
    let name = ident(server.environment.as_deref()?);
    let url = &server.url;
    let quoted = code(url);
    let text = match &server.description {
        Some(d) => format!("A client for the `{name}` environment, `{quoted}`: {d}"),
        None => format!("A client for the `{name}` environment, `{quoted}`."),
    };
    let docs = doc(Some(&text));
    Some(quote! {
        #docs
        pub fn #name() -> Self {
            Self::with_base_url(#url)
        }
    })
}

fn credential_type(kind: &SchemeKind) -> TokenStream {
    match kind {
        SchemeKind::Basic => quote!(Option<(rt::Secret, rt::Secret)>),
        _ => quote!(Option<rt::Secret>),
    }
}

fn credentials(api: &Api) -> TokenStream {
    let fields = api.schemes.iter().map(|s| {
        let name = ident(&s.rust);
        let ty = credential_type(&s.kind);
        let what = match &s.kind {
            SchemeKind::ApiKey { location, name } => {
                format!("API key sent as the {} `{name}`.", location_word(*location))
            }
            SchemeKind::Bearer => {
                "Bearer token, sent as `Authorization: Bearer <token>`.".to_string()
            }
            SchemeKind::Basic => {
                "User name and password for HTTP basic authentication.".to_string()
            }
            SchemeKind::OtherHttp(scheme) => {
                format!("Credentials sent as `Authorization: {scheme} <value>`.")
            }
        };
        let text = match s.description.as_deref() {
            Some(d) => format!("`{}`: {what}\n\n{d}", s.wire),
            None => format!("`{}`: {what}", s.wire),
        };
        let docs = doc(Some(&text));
        quote! { #docs pub #name: #ty, }
    });
    quote! {
        /// Credentials for the spec's security schemes; each operation uses
        /// the ones its security requirements name. Every value is an
        /// `rt::Secret`: `Debug` shows `***`, never the credential.
        #[derive(Clone, Debug, Default)]
        pub struct Credentials {
            #(#fields)*
        }
    }
}

fn location_word(location: ParamLocation) -> &'static str {
    match location {
        ParamLocation::Header => "header",
        ParamLocation::Query => "query parameter",
        ParamLocation::Cookie => "cookie",
        ParamLocation::Path => "path parameter",
    }
}

fn credential_setter(s: &crate::ir::SecurityScheme) -> TokenStream {
    let field = ident(&s.rust);
    let setter = format_ident!("{}", crate::naming::credential_setter(&s.rust));
    let docs = sentence(&format!(
        "Sets the credential for the `{}` scheme.",
        code(&s.wire)
    ));
    match s.kind {
        SchemeKind::Basic => quote! {
            #docs
            pub fn #setter(mut self, user: impl Into<rt::Secret>, password: impl Into<rt::Secret>) -> Self {
                self.credentials.#field = Some((user.into(), password.into()));
                self
            }
        },
        _ => quote! {
            #docs
            pub fn #setter(mut self, value: impl Into<rt::Secret>) -> Self {
                self.credentials.#field = Some(value.into());
                self
            }
        },
    }
}

fn authorize(api: &Api) -> TokenStream {
    if api.schemes.is_empty() || api.operations.iter().all(|op| op.security.is_empty()) {
        return TokenStream::new();
    }
    let has = api.schemes.iter().map(|s| {
        let wire = &s.wire;
        let field = ident(&s.rust);
        quote!(#wire => self.credentials.#field.is_some(),)
    });
    let apply = api.schemes.iter().map(|s| {
        let wire = &s.wire;
        let field = ident(&s.rust);
        let applied = match &s.kind {
            SchemeKind::ApiKey { location, name } => {
                let loc = match location {
                    ParamLocation::Query => quote!(rt::ApiKeyLocation::Query),
                    ParamLocation::Cookie => quote!(rt::ApiKeyLocation::Cookie),
                    _ => quote!(rt::ApiKeyLocation::Header),
                };
                quote!(rt::api_key(request, #loc, #name, value))
            }
            SchemeKind::Bearer => quote!(rt::authorization(request, "Bearer", value)),
            SchemeKind::Basic => quote!(Ok(rt::basic_auth(request, &value.0, &value.1))),
            SchemeKind::OtherHttp(scheme) => quote!(rt::authorization(request, #scheme, value)),
        };
        quote! {
            #wire => match &self.credentials.#field {
                Some(value) => #applied,
                None => Ok(request),
            },
        }
    });
    quote! {
        /// Applies the first alternative of `alternatives` whose credentials
        /// are all set; no alternatives means the operation needs none.
        fn authorize(
            &self,
            mut request: rt::reqwest::RequestBuilder,
            alternatives: &[&[&str]],
        ) -> Result<rt::reqwest::RequestBuilder, rt::Error> {
            if alternatives.is_empty() {
                return Ok(request);
            }
            let Some(chosen) = alternatives.iter().find(|set| set.iter().all(|s| self.has_credential(s))) else {
                return Err(rt::Error::MissingCredentials {
                    schemes: alternatives.iter().map(|set| set.join(" + ")).collect(),
                });
            };
            for scheme in chosen.iter() {
                request = self.apply_credential(request, scheme)?;
            }
            Ok(request)
        }

        fn has_credential(&self, scheme: &str) -> bool {
            match scheme {
                #(#has)*
                _ => false,
            }
        }

        /// Adds one scheme's credential, in a header marked sensitive
        /// where it travels in a header.
        fn apply_credential(&self, request: rt::reqwest::RequestBuilder, scheme: &str) -> Result<rt::reqwest::RequestBuilder, rt::Error> {
            match scheme {
                #(#apply)*
                _ => Ok(request),
            }
        }
    }
}
