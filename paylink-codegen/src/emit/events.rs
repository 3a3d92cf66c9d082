//! The `events` module: the API's webhooks and callbacks as a module of
//! their own, emitted by the client and server emitters over the events'
//! operations. Its `Client` is the sender (each event sent to
//! `<base URL>/<event>`), its `server` module the receiver (a trait with
//! one method per event and a router serving each at `/<event>`), and
//! `signature` the scheme the spec declares, which the receiver checks
//! before any handler runs and the sender signs with.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{code, sentence};
use super::format::{Piece, Sink};
use super::server::Routers;
use super::EmitOptions;
use crate::ir::surface::{Sides, Surface};
use crate::ir::{Api, EventSource, SignatureEncoding, SignatureScheme, WebhookSignature};

/// The `events` module, when the API has events and a client or server
/// is emitted.
pub(crate) fn emit(
    api: &Api,
    options: &EmitOptions,
    gate: Option<TokenStream>,
    sink: &mut Sink<'_>,
) {
    if api.events.is_empty() || !(options.client || options.server) {
        return;
    }
    let events = events_api(api);
    let list = api.events.iter().map(|e| sentence(&listing(e)));
    let signature = api.signature.as_ref();
    sink(Piece::Open(quote! {
        /// The API's webhooks and callbacks: the requests it sends. Each event is
        /// received at `/<event>` by [`events::server::router`](events::server) and sent
        /// there by [`events::Client`], relative to the receiver's base URL:
        ///
        #(#list)*
        pub mod events
    }));
    let signature_fn = signature.map(|s| signature_fn(s, options.client));
    sink(Piece::Items(quote! {
        use super::rt;
        #[allow(unused_imports)]
        use super::types;

        #signature_fn
    }));
    let sides = Sides {
        client: options.client,
        server: options.server,
    };
    let surface = Surface::calls(&events, sides);
    super::client::shared(&events, &surface, sink);
    if let Some(client) = &surface.client {
        super::client::emit_as(&events, client, super::client::Role::Sender, sink);
    }
    if let Some(server) = &surface.server {
        let routers = Routers::Receiver(signature);
        super::server::emit_with(&events, server, gate, routers, sink);
    }
    sink(Piece::Close);
}

/// The API seen from its events: their operations, no servers, no
/// security schemes (the signature stands for credentials).
fn events_api(api: &Api) -> Api {
    Api {
        title: api.title.clone(),
        version: api.version.clone(),
        description: None,
        servers: Vec::new(),
        schemes: Vec::new(),
        operations: api.events.iter().map(|e| e.operation.clone()).collect(),
        types: api.types.clone(),
        tags: Vec::new(),
        checks: api.checks.clone(),
        events: Vec::new(),
        signature: None,
        features: Default::default(),
    }
}

/// A key quoted for the docs: an empty one said, not shown as an empty span.
fn quoted(key: &str) -> String {
    match code(key) {
        text if text.trim().is_empty() => "with an empty name".to_string(),
        text => format!("`{text}`"),
    }
}

/// One line of the module's list of events.
fn listing(event: &crate::ir::Event) -> String {
    let name = event.operation.name.trim_start_matches("r#");
    match &event.source {
        EventSource::Webhook(key) => format!(
            "- `{name}`: the webhook {} (`{}`).",
            quoted(key),
            event.operation.method
        ),
        EventSource::Callback {
            operation,
            name: key,
            expression,
        } => format!(
            "- `{name}`: the callback {} of `{}`, sent to {} (`{}`).",
            quoted(key),
            code(operation.trim_start_matches("r#")),
            quoted(expression),
            event.operation.method
        ),
    }
}

/// `signature(secret)`, the declared scheme, and (with a client)
/// `sender(url, secret)`.
fn signature_fn(s: &WebhookSignature, client: bool) -> TokenStream {
    let header = &s.header;
    let (make, what) = constructor(s);
    let (encoding, encoding_word) = match s.encoding {
        SignatureEncoding::Hex => (quote!(rt::SignatureEncoding::Hex), "hex"),
        SignatureEncoding::Base64 => (quote!(rt::SignatureEncoding::Base64), "base64"),
    };
    let prefix = &s.prefix;
    let extra = match s.scheme {
        SignatureScheme::HmacSha256 if !s.prefix.is_empty() => quote!(.prefix(#prefix)),
        SignatureScheme::HmacSha256 => TokenStream::new(),
        SignatureScheme::TimestampedHmacSha256 => {
            let secs = s.tolerance;
            quote!(.tolerance(::std::time::Duration::from_secs(#secs)))
        }
        SignatureScheme::FieldsHmacSha256 => {
            let separator = &s.separator;
            let prefix = (!s.prefix.is_empty()).then(|| quote!(.prefix(#prefix)));
            quote!(.separator(#separator) #prefix)
        }
    };
    let window = match s.scheme {
        SignatureScheme::TimestampedHmacSha256 => format!(", within {} s of now", s.tolerance),
        _ if s.prefix.is_empty() => String::new(),
        _ => format!(", after `{}`", code(&s.prefix)),
    };
    let title = sentence(&format!(
        "The signature the spec declares, made with `secret`: {what}, {encoding_word}, in `{}`{window}.",
        code(header)
    ));
    let sender = client.then(|| {
        quote! {
            /// A sender of events to `base_url`, signing each with `secret`.
            pub fn sender(base_url: impl Into<String>, secret: impl Into<rt::Secret>) -> Client {
                Client::with_base_url(base_url).with_hook(signature(secret))
            }
        }
    });
    quote! {
        #title
        ///
        /// The receiver's router checks it before any handler runs; a sender signs with it.
        pub fn signature(secret: impl Into<rt::Secret>) -> rt::Signature {
            rt::Signature::#make
                .header(#header)
                .encoding(#encoding)
                #extra
        }

        #sender
    }
}

/// The runtime constructor of the scheme (with its arguments), and what it
/// signs, for the docs.
fn constructor(s: &WebhookSignature) -> (TokenStream, String) {
    match s.scheme {
        SignatureScheme::HmacSha256 => (
            quote!(hmac_sha256(secret)),
            "HMAC-SHA256 of the raw body".to_string(),
        ),
        SignatureScheme::TimestampedHmacSha256 => (
            quote!(timestamped(secret)),
            "`t=<unix seconds>,v1=<HMAC-SHA256 of \"<t>.<body>\">`".to_string(),
        ),
        SignatureScheme::FieldsHmacSha256 => {
            let fields = &s.fields;
            let listed: Vec<String> = fields.iter().map(|f| format!("`{}`", code(f))).collect();
            (
                quote!(fields_hmac_sha256(secret, [#(#fields),*])),
                format!(
                    "HMAC-SHA256 of the payload fields {} {} (only they are signed)",
                    listed.join(", "),
                    if s.separator.is_empty() {
                        "run together".to_string()
                    } else {
                        format!("joined by `{}`", code(&s.separator))
                    }
                ),
            )
        }
    }
}
