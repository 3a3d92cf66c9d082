//! The async client: a `Client` with credentials typed from the security
//! schemes, and for each operation a method that returns a request builder
//! (path parameters and required values positional, optional ones as
//! setters) whose `send` returns a typed response.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs::{code, doc, sentence};
use super::format::{made_piece, pretty_unless, Piece, Sink};
use super::gates::cfg_text;
use super::ident;
use crate::ir::surface::{ClientSurface, Surface};
use crate::ir::{Api, ParamLocation, SchemeKind};

/// What the client and the server share: the servers, the credentials
/// and each operation's response enum.
pub(crate) fn shared(api: &Api, surface: &Surface, sink: &mut Sink<'_>) {
    sink(made_piece(|margin| {
        let (text, overflows) = super::client_text::shared(api, &surface.credentials, margin);
        pretty_unless(text, overflows)
    }));
    for (i, (op, response)) in api.operations.iter().zip(&surface.responses).enumerate() {
        sink(made_piece(|margin| {
            let cfg = cfg_text(api.features.operation(i));
            let (text, overflows) = super::operation::response_enum(op, response, &cfg, margin);
            pretty_unless(text, overflows)
        }));
    }
}

/// What a `Client` is for: calling the API, or sending its events.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    /// The API's client.
    Api,
    /// The events' sender (`events::Client`).
    Sender,
}

/// The client and its request builders, one operation at a time.
pub(crate) fn emit(api: &Api, surface: &ClientSurface, sink: &mut Sink<'_>) {
    emit_as(api, surface, Role::Api, sink);
}

/// [`emit`], for `role`.
pub(crate) fn emit_as(api: &Api, surface: &ClientSurface, role: Role, sink: &mut Sink<'_>) {
    sink(made_piece(|margin| {
        match super::client_text::client(api, role, margin) {
            Some((text, overflows)) => pretty_unless(text, overflows),
            None => Piece::Items(client(api, role)),
        }
    }));
    for (i, (op, method)) in api.operations.iter().zip(&surface.methods).enumerate() {
        sink(made_piece(|margin| {
            let cfg = cfg_text(api.features.operation(i));
            let (text, overflows) = super::operation::emit(api, op, method, &cfg, margin);
            pretty_unless(text, overflows)
        }));
    }
}

fn client(api: &Api, role: Role) -> TokenStream {
    let what = match role {
        Role::Api => "Client for",
        Role::Sender => "Sender of the events of",
    };
    let title = sentence(&format!(
        "{what} `{}` {}.",
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
    let secured = has_security(api);
    let setters = api.schemes.iter().map(|s| credential_setter(s, secured));
    let authorize = authorize(api);
    let token_methods = secured.then(|| super::tokens::client_methods(api));
    let issuers = secured.then(|| super::tokens::issuers(api));
    let tokens_field = secured.then(|| quote!(tokens: rt::Tokens<Client>,));
    let tokens_init = secured.then(|| quote!(tokens: rt::Tokens::default(),));
    let environments = api.servers.iter().filter_map(environment);
    let base_url_doc: &[&str] = if role == Role::Sender {
        &[
            " A sender to the receiver at `base_url`: each event goes to",
            " `<base_url>/<event>`.",
        ]
    } else if api.servers.iter().any(|s| s.url.starts_with("http")) {
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
            #tokens_field
        }

        impl Client {
            #new
            #(#environments)*

            #(#[doc = #base_url_doc])*
            pub fn with_base_url(base_url: impl Into<String>) -> Self {
                Self::with_http_client(base_url, rt::default_http_client())
            }

            /// A client for `base_url` sending through `http`, a fully
            /// configured `reqwest::Client` (its own timeouts, proxy, TLS).
            pub fn with_http_client(base_url: impl Into<String>, http: rt::reqwest::Client) -> Self {
                Client {
                    core: rt::ClientCore::new(base_url, http),
                    credentials: Credentials::default(),
                    #tokens_init
                }
            }

            /// The base URL requests go to.
            pub fn base_url(&self) -> &str {
                self.core.base_url()
            }

            /// Retries calls as `policy` says (by default three attempts,
            /// for idempotent calls and calls with an idempotency key only).
            pub fn with_retry(mut self, policy: rt::RetryPolicy) -> Self {
                self.core.calls_mut().set_retry(policy);
                self
            }

            /// Adds a hook that sees every request before it is sent and
            /// every response after (headers, signatures, metrics).
            pub fn with_hook(mut self, hook: impl rt::Hook + 'static) -> Self {
                self.core.calls_mut().add_hook(hook);
                self
            }

            /// Waits between retries on `clock` instead of tokio's timer.
            pub fn with_retry_clock(mut self, clock: impl rt::Sleep + 'static) -> Self {
                self.core.calls_mut().set_sleep(clock);
                self
            }

            /// Sends what the spec sends to the server `spec_url` (an
            /// operation's own server, such as an identity host) to `url`
            /// instead: a test server, a proxy, another environment.
            pub fn with_server_replaced(mut self, spec_url: &str, url: impl Into<String>) -> Self {
                self.core.replace_server(spec_url, url);
                self
            }

            /// Replaces all credentials.
            pub fn with_credentials(mut self, credentials: Credentials) -> Self {
                self.credentials = credentials;
                self
            }

            #(#setters)*
            #token_methods
        }

        #authorize
        #default_impl
        #issuers
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
    let replaces = server
        .replaces
        .iter()
        .map(|(from, to)| quote!(client.core.replace_server(#from, #to);));
    let body = if server.replaces.is_empty() {
        quote!(Self::with_base_url(#url))
    } else {
        quote! {
            let mut client = Self::with_base_url(#url);
            #(#replaces)*
            client
        }
    };
    Some(quote! {
        #docs
        pub fn #name() -> Self {
            #body
        }
    })
}

fn credential_setter(s: &crate::ir::SecurityScheme, secured: bool) -> TokenStream {
    let field = ident(&s.rust);
    let setter = format_ident!("{}", crate::naming::credential_setter(&s.rust));
    let docs = sentence(&format!(
        "Sets the credential for the `{}` scheme{}.",
        code(&s.wire),
        if secured {
            " (and stops obtaining it from a token source)"
        } else {
            ""
        }
    ));
    let wire = &s.wire;
    let forget = secured.then(|| quote!(self.tokens.remove(#wire);));
    match s.kind {
        SchemeKind::Basic => quote! {
            #docs
            pub fn #setter(mut self, user: impl Into<rt::Secret>, password: impl Into<rt::Secret>) -> Self {
                self.credentials.#field = Some((user.into(), password.into()));
                #forget
                self
            }
        },
        _ => quote! {
            #docs
            pub fn #setter(mut self, value: impl Into<rt::Secret>) -> Self {
                self.credentials.#field = Some(value.into());
                #forget
                self
            }
        },
    }
}

/// Whether any operation needs credentials: only then does the client
/// choose and obtain them.
pub(crate) fn has_security(api: &Api) -> bool {
    !api.schemes.is_empty() && api.operations.iter().any(|op| !op.security.is_empty())
}

/// The client's side of [`rt::Authorize`]: which fixed credentials are
/// set, how each scheme's credential is applied, and the token sources.
fn authorize(api: &Api) -> TokenStream {
    if !has_security(api) {
        return TokenStream::new();
    }
    let has = api.schemes.iter().map(|s| {
        let wire = &s.wire;
        let field = ident(&s.rust);
        quote!(#wire => self.credentials.#field.is_some(),)
    });
    let apply = api.schemes.iter().map(apply_credential);
    // Basic authentication takes no token: with only such schemes the
    // parameter is unused.
    let token = if api.schemes.iter().any(|s| s.kind != SchemeKind::Basic) {
        quote!(token)
    } else {
        quote!(_token)
    };
    quote! {
        impl rt::Authorize for Client {
            fn has_credential(&self, scheme: &str) -> bool {
                match scheme {
                    #(#has)*
                    _ => false,
                }
            }

            /// Adds one scheme's credential (`token` when a source obtained
            /// it), in a header marked sensitive where it travels in a header.
            fn apply_credential(
                &self,
                request: rt::reqwest::RequestBuilder,
                scheme: &str,
                #token: Option<&rt::Secret>,
            ) -> Result<rt::reqwest::RequestBuilder, rt::Error> {
                match scheme {
                    #(#apply)*
                    _ => Ok(request),
                }
            }

            fn tokens(&self) -> &rt::Tokens<Self> {
                &self.tokens
            }

            fn core(&self) -> &rt::ClientCore {
                &self.core
            }
        }
    }
}

fn apply_credential(s: &crate::ir::SecurityScheme) -> TokenStream {
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
        SchemeKind::Basic => {
            return quote! {
                #wire => match &self.credentials.#field {
                    Some((user, password)) => Ok(rt::basic_auth(request, user, password)),
                    None => Ok(request),
                },
            }
        }
        SchemeKind::OtherHttp(scheme) => quote!(rt::authorization(request, #scheme, value)),
    };
    quote! {
        #wire => match token.or(self.credentials.#field.as_ref()) {
            Some(value) => #applied,
            None => Ok(request),
        },
    }
}
