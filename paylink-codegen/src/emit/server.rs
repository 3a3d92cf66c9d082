//! The server side of a module: a trait with one async method per
//! operation, a typed request per operation, and an axum router that reads
//! each request (parameters, credentials, body) before the handler runs and
//! answers what it cannot read with problem details.

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::checks::Statics;
use super::docs::{code, doc, sentence};
use super::format::{made, made_pretty, made_text, Piece, Sink};
use super::gates::{cfg, gated};
use super::operation::{variants, ResponseVariant};
use super::send::query_style;
use super::text::{pad, Doc};
use super::{ident, rust_tokens, Scope};
use crate::ir::features::{Gate, ALWAYS};
use crate::ir::surface::{self, Handler, ServerSurface};
use crate::ir::{
    Api, Content, Encoding, Operation, Param, ParamLocation, PathPiece, SchemeKind, Status, Style,
    TypeKind, TypeRef, WebhookSignature,
};

/// Which routers a `server` module offers.
#[derive(Clone, Copy)]
pub(crate) enum Routers<'a> {
    /// The API's server: `router(api)`.
    Server,
    /// An events receiver: `router(api, secret)` checking the declared
    /// signature, or `router(api)` when none is declared; and
    /// `router_with_verifier` either way.
    Receiver(Option<&'a WebhookSignature>),
}

/// The `server` module of the API.
pub(crate) fn emit(
    api: &Api,
    surface: &ServerSurface,
    gate: Option<TokenStream>,
    sink: &mut Sink<'_>,
) {
    emit_with(api, surface, gate, Routers::Server, sink);
}

/// The `server` module of `api`, with `routers`.
pub(crate) fn emit_with(
    api: &Api,
    surface: &ServerSurface,
    gate: Option<TokenStream>,
    routers: Routers<'_>,
    sink: &mut Sink<'_>,
) {
    let handlers = || api.operations.iter().zip(&surface.handlers);
    let gates = api.features.by_name(api);
    let op_gate = |op: &Operation| gate_of(&gates, op);
    // The routes and the dispatchers come together; the dispatchers, one
    // piece at the end, are made again there by the thread printing them,
    // rather than kept by every thread until then.
    let all_routes = || match api.features.active() {
        false => routes(api, &gates),
        true => gated_routes(api, &gates),
    };
    let (routes, _) = all_routes();
    let (build, route_fns) = match api.features.active() {
        false => router_body(routes),
        true => gated_router_body(routes),
    };
    let module_doc = match routers {
        Routers::Server => quote!(
            /// The server side: implement [`Api`](server::Api) and serve it with [`router`](server::router).
        ),
        Routers::Receiver(_) => quote!(
            /// The receiver: implement [`Api`](server::Api), one method per event, and serve it with [`router`](server::router).
        ),
    };
    sink(Piece::Open(quote! {
        #module_doc
        #gate
        pub mod server
    }));
    sink(Piece::Items(quote! {
        use super::rt;
        use rt::server::axum;
        pub use rt::server::Reply;
        // The runtime's types the handlers and the rules' statics name (a
        // module without operations names none of them).
        #[allow(unused_imports)]
        use rt::server::{
            Additional, Format, List, Literal, Number, Object, PathPiece, Pattern, Problem, Schema,
            StatusRule, Tagged, Text,
        };
    }));
    sink(Piece::OpenTrait(quote! {
        /// The API's operations, each taking its typed request.
        pub trait Api: Send + Sync + 'static
    }));
    // A few methods a piece: the formatter's syntax tree follows the piece.
    // Each piece's methods are made only by the thread printing it.
    let all: Vec<_> = handlers().collect();
    for chunk in all.chunks(ITEMS_PER_PIECE) {
        sink(Piece::Items(made(|| {
            let methods = chunk
                .iter()
                .map(|(op, h)| trait_method(op, h, cfg(op_gate(op))));
            quote!(#(#methods)*)
        })));
    }
    sink(Piece::Close);
    for (op, h) in handlers() {
        sink(Piece::Items(made(|| {
            gated(request_struct(op, h), op_gate(op))
        })));
    }
    let credentials = (!api.operations.is_empty()).then(|| read_credentials(api));
    let routers = router_fns(routers, build);
    sink(Piece::Items(quote! {
        #routers
    }));
    for route_fn in route_fns {
        sink(Piece::Items(route_fn));
    }
    sink(Piece::Items(quote!(#credentials)));
    let mut statics = Statics::default();
    let served = || handlers().filter(|(op, _)| op.route.is_some());
    for (op, h) in served() {
        let gate = op_gate(op);
        statics.use_for(gate);
        let named = named_statics(api, op, &mut statics);
        let text = made_text(|margin| handler(op, h, &named, gate, margin));
        sink(Piece::Text(text));
        let items = made(|| gated(read_tokens(api, op, h, named), gate));
        sink(Piece::Items(items));
    }
    for (op, _) in served() {
        let piece = made_pretty(|margin| respond(op, &variants(api, op), op_gate(op), margin));
        sink(piece);
    }
    sink(Piece::Items(made(|| {
        let (_, dispatchers) = all_routes();
        quote!(#(#dispatchers)*)
    })));
    // A few statics a piece, so that the threads share them (a large
    // spec's rules are a tenth of its server); only the thread printing a
    // piece makes its tokens.
    let count = statics.len();
    for start in (0..count).step_by(STATICS_PER_PIECE) {
        let range = start..count.min(start + STATICS_PER_PIECE);
        sink(Piece::Text(made_text(|margin| {
            statics.items(&api.checks, range, margin)
        })));
    }
    sink(Piece::Close);
}

/// The public router functions, `build` making the routes.
fn router_fns(routers: Routers<'_>, build: TokenStream) -> TokenStream {
    let plain = quote! {
        /// An axum router serving `api`, accepting bodies up to 2 MiB.
        pub fn router<A: Api>(api: A) -> axum::Router {
            router_with_body_limit(api, 2 * 1024 * 1024)
        }
    };
    let Routers::Receiver(signature) = routers else {
        return quote! {
            #plain

            /// An axum router serving `api`, accepting bodies up to `limit` bytes (413 beyond).
            pub fn router_with_body_limit<A: Api>(api: A, limit: usize) -> axum::Router {
                let state = (::std::sync::Arc::new(api), limit);
                #build.with_state(state)
            }
        };
    };
    let entry = match signature {
        Some(_) => quote! {
            /// An axum router serving `api`: each event at `/<event>`, its signature checked
            /// with `secret` as the spec declares ([`signature`](super::signature)) before the
            /// handler runs (401 when refused), bodies up to 2 MiB (413 beyond).
            pub fn router<A: Api>(api: A, secret: impl Into<rt::Secret>) -> axum::Router {
                router_with_body_limit(api, secret, 2 * 1024 * 1024)
            }

            /// The same, accepting bodies up to `limit` bytes.
            pub fn router_with_body_limit<A: Api>(
                api: A,
                secret: impl Into<rt::Secret>,
                limit: usize,
            ) -> axum::Router {
                router_with_verifier(api, super::signature(secret), limit)
            }
        },
        None => quote! {
            /// An axum router serving `api`: each event at `/<event>`, bodies up to 2 MiB.
            /// The spec declares no signature: see [`router_with_verifier`] to check one.
            pub fn router<A: Api>(api: A) -> axum::Router {
                router_with_body_limit(api, 2 * 1024 * 1024)
            }

            /// The same, accepting bodies up to `limit` bytes (413 beyond).
            pub fn router_with_body_limit<A: Api>(api: A, limit: usize) -> axum::Router {
                unverified(api, limit)
            }
        },
    };
    quote! {
        #entry

        /// An axum router serving `api`, each request checked by `verifier` before the
        /// handler runs (401 when refused), bodies up to `limit` bytes (413 beyond).
        pub fn router_with_verifier<A: Api>(
            api: A,
            verifier: impl rt::Verify + 'static,
            limit: usize,
        ) -> axum::Router {
            rt::verified_router(unverified(api, limit), verifier, limit)
        }

        /// The routes, with no signature check.
        fn unverified<A: Api>(api: A, limit: usize) -> axum::Router {
            let state = (::std::sync::Arc::new(api), limit);
            #build.with_state(state)
        }
    }
}

fn trait_method(op: &Operation, h: &Handler, cfg: Option<TokenStream>) -> TokenStream {
    let name = ident(&h.name);
    let request = ident(&h.request);
    let response = ident(&h.response);
    let route = format!("`{} {}`", op.method, code(&op.path));
    let given = [op.summary.as_deref(), op.description.as_deref()]
        .into_iter()
        .flatten()
        .find(|d| !d.trim().is_empty());
    let docs = doc(Some(given.unwrap_or(&route)));
    quote! {
        #docs
        #cfg
        fn #name(&self, request: #request) -> impl ::std::future::Future<Output = Reply<super::#response>> + Send;
    }
}

/// The request struct of `h`, its fields named and typed as the surface
/// says: the parameters, then the body.
fn request_struct(op: &Operation, h: &Handler) -> TokenStream {
    let name = ident(&h.request);
    let title = sentence(&format!(
        "The request of [`Api::{}`].",
        h.name.trim_start_matches("r#")
    ));
    let (params, body) = h.fields.split_at(op.params.len().min(h.fields.len()));
    let fields = op.params.iter().zip(params).map(|(p, f)| {
        let field = ident(&f.rust);
        let ty = rust_tokens(&f.ty, Scope::Server);
        let docs = doc(p
            .description
            .as_deref()
            .filter(|d| !d.trim().is_empty())
            .or(Some(&format!("The `{}` parameter.", p.wire))));
        quote!(#docs pub #field: #ty,)
    });
    let body = body.iter().map(|f| {
        let (field, ty) = (ident(&f.rust), rust_tokens(&f.ty, Scope::Server));
        quote! {
            /// The request body.
            pub #field: #ty,
        }
    });
    quote! {
        #title
        #[derive(Debug, Clone)]
        pub struct #name {
            #(#fields)*
            #(#body)*
            /// The credentials the request carried, for the handler to verify.
            pub credentials: super::Credentials,
        }
    }
}

/// Routes a router function adds at most: a chain of thousands of
/// `.route(...)` calls in one expression overflows rustc's stack.
const ROUTES_PER_FN: usize = 100;

/// The trait methods handed to the formatter at once.
const ITEMS_PER_PIECE: usize = 64;

/// Statics printed in one piece: a component's rules can run to hundreds
/// of lines.
const STATICS_PER_PIECE: usize = 8;

/// The expression building the router from `routes` (one `.route(...)`
/// call each), and the functions it calls: up to [`ROUTES_PER_FN`] routes
/// one chain, more a chain of functions of that many each.
fn router_body(routes: Vec<TokenStream>) -> (TokenStream, Vec<TokenStream>) {
    if routes.len() <= ROUTES_PER_FN {
        return (quote!(axum::Router::new() #(#routes)*), Vec::new());
    }
    let chunks: Vec<&[TokenStream]> = routes.chunks(ROUTES_PER_FN).collect();
    let names: Vec<_> = (0..chunks.len())
        .map(|i| format_ident!("routes_{}", i + 1))
        .collect();
    let fns = chunks.iter().zip(&names).map(|(chunk, name)| {
        quote! {
            /// One part of the router's routes (see [`router_with_body_limit`]).
            fn #name<A: Api>(
                router: axum::Router<(::std::sync::Arc<A>, usize)>,
            ) -> axum::Router<(::std::sync::Arc<A>, usize)> {
                router #(#chunk)*
            }
        }
    });
    let (last, rest) = names.split_last().expect("more than one chunk");
    let build = quote!({
        let router = axum::Router::new();
        #(let router = #rest::<A>(router);)*
        #last::<A>(router)
    });
    (build, fns.collect())
}

/// The operations of one axum route, by method, in document order.
type Methods<'a> = Vec<(&'a str, Vec<&'a Operation>)>;

/// The router's `.route(...)` calls and the dispatchers of routes that
/// several operations share for one method (their paths differ in text
/// inside a segment, which the handler checks).
fn routes(api: &Api, gates: &Gates<'_>) -> (Vec<TokenStream>, Vec<TokenStream>) {
    let mut dispatchers = Vec::new();
    let routes: Vec<TokenStream> = route_table(api)
        .into_iter()
        .map(|(path, methods)| {
            let methods = methods.into_iter().map(|(method, ops)| {
                let method = format_ident!("{}", method.to_ascii_lowercase());
                let handler = method_handler(gates, ops, &mut dispatchers);
                quote!(.#method(#handler::<A>))
            });
            quote!(.route(#path, axum::routing::MethodRouter::new() #(#methods)*))
        })
        .collect();
    (routes, dispatchers)
}

/// As [`routes`] for a module with features: one statement per route and
/// method, compiled when one of its operations is, adding the route to
/// `router` (axum merges the methods of one path).
fn gated_routes(api: &Api, gates: &Gates<'_>) -> (Vec<TokenStream>, Vec<TokenStream>) {
    let mut dispatchers = Vec::new();
    let mut routes = Vec::new();
    for (path, methods) in route_table(api) {
        for (method, ops) in methods {
            let cfg = cfg(&Gate::union(ops.iter().map(|op| gate_of(gates, op))));
            let method = format_ident!("{}", method.to_ascii_lowercase());
            let handler = method_handler(gates, ops, &mut dispatchers);
            routes.push(quote! {
                #cfg
                let router = router.route(#path, axum::routing::MethodRouter::new().#method(#handler::<A>));
            });
        }
    }
    (routes, dispatchers)
}

/// The router's build from [`gated_routes`]' statements, and the functions
/// holding them, [`ROUTES_PER_FN`] a function.
fn gated_router_body(routes: Vec<TokenStream>) -> (TokenStream, Vec<TokenStream>) {
    let chunks: Vec<&[TokenStream]> = routes.chunks(ROUTES_PER_FN).collect();
    let names: Vec<_> = (0..chunks.len().max(1))
        .map(|i| format_ident!("routes_{}", i + 1))
        .collect();
    let fns = names.iter().enumerate().map(|(i, name)| {
        let chunk = chunks.get(i).copied().unwrap_or_default();
        quote! {
            /// One part of the router's routes (see [`router_with_body_limit`]),
            /// each compiled when one of its operations is.
            #[allow(clippy::let_and_return)]
            fn #name<A: Api>(
                router: axum::Router<(::std::sync::Arc<A>, usize)>,
            ) -> axum::Router<(::std::sync::Arc<A>, usize)> {
                #(#chunk)*
                router
            }
        }
    });
    let last = format_ident!("routes_{}", names.len());
    let rest = &names[..names.len() - 1];
    let build = quote!({
        let router = axum::Router::new();
        #(let router = #rest::<A>(router);)*
        #last::<A>(router)
    });
    (build, fns.collect())
}

/// The operations' gates by method name ([`crate::ir::features::Features::by_name`]).
type Gates<'a> = BTreeMap<&'a str, &'a Gate>;

/// The gate of `op`.
fn gate_of<'a>(gates: &Gates<'a>, op: &Operation) -> &'a Gate {
    gates.get(op.name.as_str()).copied().unwrap_or(&ALWAYS)
}

/// The handler of a route's method: the operation's, or a dispatcher
/// trying each of `ops` (added to `dispatchers`).
fn method_handler(
    gates: &Gates<'_>,
    mut ops: Vec<&Operation>,
    dispatchers: &mut Vec<TokenStream>,
) -> proc_macro2::Ident {
    if let [op] = ops.as_slice() {
        return op_fn("handle", op);
    }
    ops.sort_by_key(|op| std::cmp::Reverse(captured_text(op)));
    let name = format_ident!("dispatch_{}", dispatchers.len());
    dispatchers.push(dispatcher(gates, &name, &ops));
    name
}

/// The routes of `api`'s served operations: by axum path, then method.
fn route_table(api: &Api) -> Vec<(String, Methods<'_>)> {
    let mut table: Vec<(String, Methods<'_>)> = Vec::new();
    for op in &api.operations {
        let Some(route) = &op.route else { continue };
        let path = axum_path(route);
        let at = match table.iter().position(|(p, _)| *p == path) {
            Some(at) => at,
            None => {
                table.push((path, Vec::new()));
                table.len() - 1
            }
        };
        let methods = &mut table[at].1;
        match methods.iter_mut().find(|(m, _)| *m == op.method) {
            Some((_, ops)) => ops.push(op),
            None => methods.push((&op.method, vec![op])),
        }
    }
    table
}

/// The axum path of a route: a segment of plain text as it is, any other
/// (one with a parameter, or text axum 0.8 would read as a capture: a
/// leading `:` or `*`) a capture named by its position, which the
/// handler matches against the route's pieces.
fn axum_path(route: &[Vec<PathPiece>]) -> String {
    let mut path = String::new();
    for (i, segment) in route.iter().enumerate() {
        path.push('/');
        match segment.as_slice() {
            [] => {}
            [PathPiece::Text(text)] if !text.starts_with([':', '*']) => path.push_str(text),
            _ => path.push_str(&format!("{{p{}}}", i + 1)),
        }
    }
    path
}

/// How much literal text an operation's captured segments hold: of the
/// operations sharing a route, the one with more is tried first.
fn captured_text(op: &Operation) -> usize {
    let segments = op.route.iter().flatten();
    segments
        .filter(|s| !matches!(s.as_slice(), [] | [PathPiece::Text(_)]))
        .flatten()
        .map(|piece| match piece {
            PathPiece::Text(text) => text.len(),
            PathPiece::Param(_) => 0,
        })
        .sum()
}

/// The route of an operation as `&[&[PathPiece]]`.
fn route_pieces(op: &Operation) -> TokenStream {
    let segments = op.route.iter().flatten().map(|segment| {
        let pieces = segment.iter().map(|piece| match piece {
            PathPiece::Text(text) => quote!(PathPiece::Text(#text)),
            PathPiece::Param(name) => quote!(PathPiece::Param(#name)),
        });
        quote!(&[#(#pieces),*])
    });
    quote!(&[#(#segments),*])
}

/// The server module's function `{role}_{operation}` of `op`: its
/// handler (`handle`), its reading (`read`) or its reply (`respond`).
fn op_fn(role: &str, op: &Operation) -> proc_macro2::Ident {
    format_ident!("{role}_{}", op.name.trim_start_matches("r#"))
}

/// A handler trying each of `ops` in turn, answering 404 when the path is
/// none of theirs.
fn dispatcher(gates: &Gates<'_>, name: &proc_macro2::Ident, ops: &[&Operation]) -> TokenStream {
    let gate = cfg(&Gate::union(ops.iter().map(|op| gate_of(gates, op))));
    let tries = ops.iter().map(|op| {
        let handler = op_fn("handle", op);
        let route = route_pieces(op);
        let cfg = cfg(gate_of(gates, op));
        quote! {
            #cfg
            if rt::server::match_path(request.uri().path(), #route).is_some() {
                return #handler(state, request).await;
            }
        }
    });
    quote! {
        /// Serves the operations sharing one route and method: the first whose path matches.
        #gate
        async fn #name<A: Api>(
            state: axum::extract::State<(::std::sync::Arc<A>, usize)>,
            request: axum::extract::Request,
        ) -> axum::response::Response {
            #(#tries)*
            axum::response::IntoResponse::into_response(Problem::not_found())
        }
    }
}

fn read_credentials(api: &Api) -> TokenStream {
    let fields = api.schemes.iter().map(|s| {
        let field = ident(&s.rust);
        let read = match &s.kind {
            SchemeKind::ApiKey { location, name } => {
                let loc = match location {
                    ParamLocation::Query => quote!(rt::ApiKeyLocation::Query),
                    ParamLocation::Cookie => quote!(rt::ApiKeyLocation::Cookie),
                    _ => quote!(rt::ApiKeyLocation::Header),
                };
                quote!(rt::server::api_key(headers, query, #loc, #name))
            }
            SchemeKind::Bearer => quote!(rt::server::bearer(headers)),
            SchemeKind::OtherHttp(scheme) => quote!(rt::server::authorization(headers, #scheme)),
            SchemeKind::Basic => quote!(rt::server::basic(headers)),
        };
        quote!(#field: #read,)
    });
    let has = api.schemes.iter().map(|s| {
        let wire = &s.wire;
        let field = ident(&s.rust);
        quote!(#wire => credentials.#field.is_some(),)
    });
    let refused = quote!(Err(Problem::unauthorized(
        "the operation's credentials are missing"
    )));
    let authorize = if api.schemes.is_empty() {
        quote! {
            /// Refuses a request needing credentials: the spec has no security
            /// schemes, so only an operation needing none is served.
            fn authorize(_credentials: &super::Credentials, alternatives: &[&[&str]]) -> Result<(), Problem> {
                if alternatives.is_empty() { Ok(()) } else { #refused }
            }
        }
    } else {
        quote! {
            /// Refuses a request satisfying none of `alternatives`, each a set of
            /// schemes whose credentials must all be present (none: no credentials
            /// needed).
            fn authorize(credentials: &super::Credentials, alternatives: &[&[&str]]) -> Result<(), Problem> {
                let has = |scheme: &str| match scheme {
                    #(#has)*
                    _ => false,
                };
                if alternatives.is_empty() || alternatives.iter().any(|set| set.iter().all(|s| has(s))) {
                    Ok(())
                } else {
                    #refused
                }
            }
        }
    };
    quote! {
        /// The credentials a request carries, for every scheme of the spec.
        #[allow(unused_variables)]
        fn credentials(headers: &axum::http::HeaderMap, query: &[(String, String)]) -> super::Credentials {
            super::Credentials { #(#fields)* }
        }

        #authorize
    }
}

/// The statics an operation's handler names: its parameters' and body's
/// rules, and its list of problem bodies.
struct Named<'a> {
    params: Vec<TokenStream>,
    /// Whether the body is required, the content read, and its rules.
    body: Option<(bool, &'a Content, TokenStream)>,
    problems: Option<proc_macro2::Ident>,
}

/// The statics the handler of `op` names. Every thread names them (so
/// that all agree on their names); only the one printing the handler
/// makes its tokens.
fn named_statics<'a>(api: &'a Api, op: &'a Operation, statics: &mut Statics) -> Named<'a> {
    let params = op
        .params
        .iter()
        .map(|p| {
            let hint = format!("{} {}", op.name, p.rust);
            statics.reference(&api.checks, &hint, &p.check)
        })
        .collect();
    let body = body_content(op).map(|(required, c)| {
        let schema = statics.reference(&api.checks, &format!("{} body", op.name), &c.check);
        (required, c, schema)
    });
    let problems =
        statics.problem_bodies("problem bodies", super::problems::bodies(&api.checks, op));
    Named {
        params,
        body,
        problems,
    }
}

/// The handler of `op` (under `gate`): it reads the request, calls the
/// `Api` method and writes its reply, or answers the problem. Printed as
/// text (see `super::text`) for lines indented by `margin` columns.
fn handler(op: &Operation, h: &Handler, named: &Named<'_>, gate: &Gate, margin: usize) -> String {
    let method = ident(&h.name);
    let (handle, respond) = (op_fn("handle", op), op_fn("respond", op));
    let read = Doc::word(op_fn("read", op).to_string());
    // Only an operation with a body uses the limit, and awaits its reading.
    let (limit, reading, awaited) = match named.body {
        Some(_) => {
            let args = vec![Doc::word("request"), Doc::word("limit"), read];
            (
                "limit",
                Doc::call("rt::server::read_request", args),
                ".await",
            )
        }
        None => {
            let args = vec![Doc::word("request"), read];
            ("_", Doc::call("rt::server::read_head", args), "")
        }
    };
    let mut out = super::gates::cfg_text(gate);
    out.push_str(&format!(
        "async fn {handle}<A: Api>(\n    state: axum::extract::State<(::std::sync::Arc<A>, usize)>,\n    request: axum::extract::Request,\n) -> axum::response::Response {{\n    let axum::extract::State((api, {limit})) = state;\n"
    ));
    // `match` on the reading when that fits on a line, else on a binding
    // of it, broken.
    let inline = format!("    match {}{awaited} {{\n", reading.flat());
    if margin + inline.len() - 1 <= super::text::WIDTH {
        out.push_str(&inline);
    } else {
        out.push_str("    let reading = ");
        reading.print(margin, (4, 18), awaited.len() + 1, &mut out);
        out.push_str(awaited);
        out.push_str(";\n    match reading {\n");
    }
    let call = Doc::word(format!("api.{method}(request).await"));
    let respond = Doc::call(respond.to_string(), vec![call]);
    arm("Ok(request)", &respond, (8, margin), &mut out);
    let refused = match &named.problems {
        Some(list) => Doc::call("problem.respond", vec![Doc::word(list.to_string())]),
        None => Doc::call(
            "axum::response::IntoResponse::into_response",
            vec![Doc::word("problem")],
        ),
    };
    arm("Err(problem)", &refused, (8, margin), &mut out);
    out.push_str("    }\n}\n");
    out
}

/// The function reading a request of `op` (see [`read_fn`]).
fn read_tokens(api: &Api, op: &Operation, h: &Handler, named: Named<'_>) -> TokenStream {
    let read = op_fn("read", op);
    let request = ident(&h.request);
    let params = op
        .params
        .iter()
        .zip(&named.params)
        .map(|(p, schema)| read_param(api, op, p, schema));
    let fields = op.params.iter().map(|p| ident(&p.rust));
    let sets = op.security.iter().map(|set| quote!(&[#(#set),*]));
    // An operation needing no credentials is not refused for any.
    let authorize =
        (!op.security.is_empty()).then(|| quote!(authorize(&__credentials, &[#(#sets),*])?;));
    let (body_read, body_field) = match &named.body {
        Some((required, c, schema)) => {
            let (read, field) = read_body(api, *required, c, schema);
            (Some(read), field)
        }
        None => (None, TokenStream::new()),
    };
    let route = route_pieces(op);
    let head = quote! {
        let Some(__path) = rt::server::match_path(__head.uri.path(), #route) else {
            return Err(Problem::not_found());
        };
        let __query = rt::server::query_pairs(__head.uri.query());
        let __credentials = credentials(&__head.headers, &__query);
        #authorize
        #(#params)*
    };
    let built = quote!(#request { #(#fields,)* #body_field credentials: __credentials });
    read_fn(op, (&read, &request), head, body_read, built)
}

/// The function `read` reading a request of `op` into its struct
/// `request`: its head (path, credentials, parameters) first. With a body
/// (`body` reading it), it returns what reads the body, which
/// `rt::server::read_request` calls once the body has arrived, so that
/// only the runtime awaits. Without one, it builds the request (`built`).
fn read_fn(
    op: &Operation,
    (read, request): (&proc_macro2::Ident, &proc_macro2::Ident),
    head: TokenStream,
    body: Option<TokenStream>,
    built: TokenStream,
) -> TokenStream {
    let op_name = op.name.trim_start_matches("r#");
    // Locals start with `__`, which no parameter name can, so parameters
    // never shadow them.
    let Some(body) = body else {
        let doc = sentence(&format!(
            "Reads a `{op_name}` request: its path, credentials and parameters."
        ));
        return quote! {
            #doc
            #[allow(unused_variables)]
            fn #read(__head: &axum::http::request::Parts) -> Result<#request, Problem> {
                #head
                Ok(#built)
            }
        };
    };
    let doc = sentence(&format!(
        "Reads the path, credentials and parameters of a `{op_name}` request; what it returns reads the body."
    ));
    quote! {
        #doc
        #[allow(unused_variables)]
        fn #read(
            __head: &axum::http::request::Parts,
        ) -> Result<impl FnOnce(&axum::http::request::Parts, rt::server::Bytes) -> Result<#request, Problem>, Problem> {
            #head
            Ok(move |__head: &axum::http::request::Parts, __bytes: rt::server::Bytes| {
                #body
                Ok(#built)
            })
        }
    }
}

fn read_param(api: &Api, op: &Operation, p: &Param, schema: &TokenStream) -> TokenStream {
    let field = ident(&p.rust);
    let wire = &p.wire;
    let required = p.required || p.location == ParamLocation::Path;
    let value = match p.location {
        ParamLocation::Path => {
            let style = match p.style {
                Style::Label => quote!(rt::PathStyle::Label),
                Style::Matrix => quote!(rt::PathStyle::Matrix),
                _ => quote!(rt::PathStyle::Simple),
            };
            let explode = p.explode;
            return quote!(let #field = rt::server::path(&__path, #wire, #style, #explode, #schema)?;);
        }
        ParamLocation::Query if p.style == Style::Json => {
            quote!(rt::server::query_json(&__query, #wire, #required, #schema)?)
        }
        ParamLocation::Query if p.style == Style::Form && p.explode && is_object(api, &p.ty) => {
            let others = op
                .params
                .iter()
                .filter(|o| o.location == ParamLocation::Query && o.wire != p.wire)
                .map(|o| o.wire.as_str());
            quote!(rt::server::query_object(&__query, #wire, #required, #schema, &[#(#others),*])?)
        }
        ParamLocation::Query => {
            let style = quote::format_ident!("{}", query_style(p.style));
            let explode = p.explode;
            quote!(rt::server::query(&__query, #wire, rt::QueryStyle::#style, #explode, #required, #schema)?)
        }
        ParamLocation::Header => {
            quote!(rt::server::header_param(&__head.headers, #wire, #required, #schema)?)
        }
        ParamLocation::Cookie => {
            quote!(rt::server::cookie(&__head.headers, #wire, #required, #schema)?)
        }
    };
    if required {
        quote! {
            let Some(#field) = #value else {
                return Err(Problem::bad_request(concat!("`", #wire, "` is required")));
            };
        }
    } else {
        quote!(let #field = #value;)
    }
}

/// Whether a parameter's type is an object (a struct or a map).
fn is_object(api: &Api, ty: &TypeRef) -> bool {
    match super::operation::resolve_alias(api, ty) {
        TypeRef::Map(_) => true,
        TypeRef::Named(id) => matches!(
            api.types.get(id).map(|d| &d.kind),
            Some(TypeKind::Struct(_))
        ),
        _ => false,
    }
}

/// Whether the body is required, and the content the server reads (the
/// first).
fn body_content(op: &Operation) -> Option<(bool, &Content)> {
    op.body
        .as_ref()
        .and_then(|b| b.contents.first().map(|c| (b.required, c)))
}

/// Reading the body (content `c`, checked by `schema`), and its field of
/// the request.
fn read_body(
    api: &Api,
    required: bool,
    c: &Content,
    schema: &TokenStream,
) -> (TokenStream, TokenStream) {
    let ty = rust_tokens(&surface::request_body_type(api, c), Scope::Server);
    let value = match c.encoding {
        Encoding::Json => {
            quote!(rt::server::json_body::<#ty>(&__head.headers, &__bytes, #required, #schema)?)
        }
        Encoding::Form | Encoding::Multipart => {
            quote!(rt::server::form_body::<#ty>(&__bytes, #required, #schema)?)
        }
        Encoding::Text => {
            quote!((!__bytes.is_empty()).then(|| String::from_utf8_lossy(&__bytes).into_owned()))
        }
        Encoding::Binary => quote!((!__bytes.is_empty()).then(|| __bytes.to_vec())),
    };
    let read = if required {
        quote! {
            let Some(__value) = #value else {
                return Err(Problem::bad_request("the request body is required"));
            };
        }
    } else {
        quote!(let __value = #value;)
    };
    (read, quote!(body: __value,))
}

/// The function writing a reply of `op`: each variant with its status
/// (for a range or `default`, the one the handler chose), media type and
/// the handler's headers. Printed as text (see `super::text`), under
/// `gate`, for lines to be indented by `margin` columns.
fn respond(op: &Operation, variants: &[ResponseVariant], gate: &Gate, margin: usize) -> String {
    let response = ident(&op.response_type);
    let name = op.name.trim_start_matches("r#");
    let respond = op_fn("respond", op);
    let mut out = super::docs::sentence_text(&format!("Writes a reply of [`Api::{name}`]."));
    out.push_str(&super::gates::cfg_text(gate));
    let head =
        format!("fn {respond}(reply: Reply<super::{response}>) -> axum::response::Response {{");
    if margin + head.len() <= super::text::WIDTH {
        out.push_str(&head);
    } else {
        out.push_str(&format!(
            "fn {respond}(\n    reply: Reply<super::{response}>,\n) -> axum::response::Response {{"
        ));
    }
    out.push_str("\n    let __chosen = reply.status;\n    let response = match reply.response {\n");
    for v in variants {
        let variant = ident(&v.name);
        let status = match v.status {
            Status::Code(c) => format!("StatusRule::Code({c})"),
            Status::Range(r) => format!("StatusRule::Range({r})"),
            Status::Default => "StatusRule::Default".to_string(),
        };
        let chosen = Doc::word(format!("{status}.pick(__chosen)"));
        let (pattern, write) = match &v.content {
            None => (
                format!("super::{response}::{variant}"),
                Doc::call("rt::server::empty_response", vec![chosen]),
            ),
            Some(c) if c.encoding == Encoding::Json => (
                format!("super::{response}::{variant}(value)"),
                Doc::call(
                    "rt::server::json_response",
                    vec![chosen, Doc::word("&value")],
                ),
            ),
            Some(c) => (
                format!("super::{response}::{variant}(value)"),
                Doc::call(
                    "rt::server::raw_response",
                    vec![chosen, Doc::string(&c.media_type), Doc::word("value")],
                ),
            ),
        };
        arm(&pattern, &write, (8, margin), &mut out);
    }
    if variants.is_empty() {
        let write = Doc::call(
            "rt::server::raw_response",
            vec![
                Doc::word("__chosen.unwrap_or(axum::http::StatusCode::OK)"),
                Doc::string("application/octet-stream"),
                Doc::word("value"),
            ],
        );
        arm(
            &format!("super::{response}::Undocumented(value)"),
            &write,
            (8, margin),
            &mut out,
        );
    }
    out.push_str("    };\n    rt::server::with_headers(response, reply.headers)\n}\n");
    out
}

/// One arm of a `match` whose arms are `indent` columns in: `pattern =>
/// write,` on a line when it fits, else `write` in a block of its own.
fn arm(pattern: &str, write: &Doc, (indent, margin): (usize, usize), out: &mut String) {
    let line = format!("{pattern} => {},", write.flat());
    pad(indent, out);
    if margin + indent + line.len() <= super::text::WIDTH {
        out.push_str(&line);
        out.push('\n');
        return;
    }
    out.push_str(pattern);
    out.push_str(" => {\n");
    pad(indent + 4, out);
    write.print(margin, (indent + 4, indent + 4), 0, out);
    out.push('\n');
    pad(indent, out);
    out.push_str("}\n");
}
