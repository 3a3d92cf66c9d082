//! The `Client` struct, its constructors and credential setters, its side
//! of `rt::Authorize` and its `Default`, printed as text in prettyplease's
//! layout (see `super::pretty`): the one piece of a small client module
//! that prettyplease printed. A client whose schemes obtain tokens
//! through an OAuth 2 flow or a token operation is left to the token
//! printer (`super::client`), which writes their setters and issuers.
//!
//! Every word comes from the generator: names from [`crate::naming`],
//! literals written by proc-macro2, docs through [`crate::sanitize`].

use super::client::{has_security, Role};
use super::docs::{code as quoted, doc_text, sentence_text};
use super::pretty::{Code, Expr, Link};
use super::{rust_text, Scope};
use crate::ir::surface::Credential;
use crate::ir::{Api, ParamLocation, SchemeKind, SecurityScheme, Server};
use crate::naming::credential_setter;

/// `SERVERS` and the `Credentials` struct (a field per scheme, named and
/// typed as the surface's `fields` say) as text, and whether a line
/// overflows.
pub(crate) fn shared(api: &Api, fields: &[Credential], margin: usize) -> (String, bool) {
    let mut code = Code::new(margin);
    code.lines("/// The servers the spec lists, variables set to their defaults.");
    let servers = api.servers.iter().map(|s| Expr::string(&s.url)).collect();
    code.expr(
        "pub const SERVERS: &[&str] = ",
        &Expr::Array(servers).by_ref(),
        ";",
    );
    code.lines(CREDENTIALS_DOC);
    code.line("#[derive(Clone, Debug, Default)]");
    if fields.is_empty() {
        code.line("pub struct Credentials {}");
        return (code.out, code.overflow);
    }
    code.open("pub struct Credentials {");
    for (s, field) in api.schemes.iter().zip(fields) {
        code.lines(&doc_text(Some(&credential_doc(s))));
        let ty = rust_text(&field.ty.clone().optional(), Scope::Client);
        code.line(&format!("pub {}: {ty},", field.field));
    }
    code.close("}");
    (code.out, code.overflow)
}

const CREDENTIALS_DOC: &str = "\
/// Credentials for the spec's security schemes; each operation uses
/// the ones its security requirements name. Every value is an
/// `rt::Secret`: `Debug` shows `***`, never the credential.
";

/// The doc of a scheme's field of `Credentials`: its name, how it is
/// sent, and its description.
fn credential_doc(s: &SecurityScheme) -> String {
    let what = match &s.kind {
        SchemeKind::ApiKey { location, name } => {
            format!("API key sent as the {} `{name}`.", location_word(*location))
        }
        SchemeKind::Bearer => "Bearer token, sent as `Authorization: Bearer <token>`.".to_string(),
        SchemeKind::Basic => "User name and password for HTTP basic authentication.".to_string(),
        SchemeKind::OtherHttp(scheme) => {
            format!("Credentials sent as `Authorization: {scheme} <value>`.")
        }
    };
    match s.description.as_deref() {
        Some(d) => format!("`{}`: {what}\n\n{d}", s.wire),
        None => format!("`{}`: {what}", s.wire),
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

/// The client's items as text and whether prettyplease must print them:
/// when a line overflows, or when a scheme obtains tokens (its setters
/// and issuers are written by `super::tokens` as token text, which only
/// prettyplease lays out).
pub(crate) fn client(api: &Api, role: Role, margin: usize) -> (String, bool) {
    let secured = has_security(api);
    let mut code = Code::new(margin);
    structure(api, role, secured, &mut code);
    constructors(api, role, secured, &mut code);
    for scheme in &api.schemes {
        setter(scheme, secured, &mut code);
    }
    let mut tokens = false;
    if secured {
        token_methods(api, &mut code);
        tokens |= token_text(&super::tokens::token_setters(api), &mut code);
    }
    code.close("}");
    if secured {
        authorize(api, &mut code);
    }
    if default_server(api).is_some() {
        code.open("impl Default for Client {");
        code.open("fn default() -> Self {");
        code.line("Self::new()");
        code.close("}");
        code.close("}");
    }
    if secured {
        tokens |= token_text(&super::tokens::issuers(api), &mut code);
    }
    (code.out, code.overflow || tokens)
}

/// Items made as tokens, written on one line as their text; whether there
/// were any.
fn token_text(items: &proc_macro2::TokenStream, code: &mut Code) -> bool {
    if items.is_empty() {
        return false;
    }
    code.as_is(&items.to_string());
    true
}

/// The spec's first server, when it is absolute: `Client::new` goes there.
fn default_server(api: &Api) -> Option<&Server> {
    api.servers.first().filter(|s| s.url.starts_with("http"))
}

/// The struct, with its doc, then the head of its `impl`.
fn structure(api: &Api, role: Role, secured: bool, code: &mut Code) {
    let what = match role {
        Role::Api => "Client for",
        Role::Sender => "Sender of the events of",
    };
    code.lines(&sentence_text(&format!(
        "{what} `{}` {}.",
        quoted(&api.title),
        quoted(&api.version)
    )));
    code.line("#[derive(Clone, Debug)]");
    code.open("pub struct Client {");
    code.line("core: rt::ClientCore,");
    code.line("credentials: Credentials,");
    if secured {
        code.line("tokens: rt::Tokens<Client>,");
    }
    code.close("}");
    code.open("impl Client {");
}

/// `new`, a constructor per named environment, and the methods every
/// client has.
fn constructors(api: &Api, role: Role, secured: bool, code: &mut Code) {
    if let Some(server) = default_server(api) {
        code.lines(&sentence_text(&format!(
            "A client for the spec's first server, `{}`.",
            quoted(&server.url)
        )));
        code.open("pub fn new() -> Self {");
        code.expr("", &base_url_call(&server.url), "");
        code.close("}");
    }
    for server in &api.servers {
        environment(server, code);
    }
    for line in base_url_doc(api, role) {
        code.as_is(&format!("///{line}"));
    }
    code.signature(
        "pub fn with_base_url",
        &["base_url: impl Into<String>".to_string()],
        " -> Self",
    );
    code.line("Self::with_http_client(base_url, rt::default_http_client())");
    code.close("}");
    code.lines(WITH_HTTP_CLIENT_DOC);
    code.signature(
        "pub fn with_http_client",
        &[
            "base_url: impl Into<String>".to_string(),
            "http: rt::reqwest::Client".to_string(),
        ],
        " -> Self",
    );
    let mut fields = vec![
        field("core", "rt::ClientCore::new(base_url, http)"),
        field("credentials", "Credentials::default()"),
    ];
    if secured {
        fields.push(field("tokens", "rt::Tokens::default()"));
    }
    code.expr("", &Expr::Struct("Client".to_string(), fields), "");
    code.close("}");
    every_client(code);
}

/// A struct literal's field with its value.
fn field(name: &str, value: &str) -> (String, Option<Expr>) {
    (name.to_string(), Some(Expr::word(value)))
}

/// `Self::with_base_url("url")`.
fn base_url_call(url: &str) -> Expr {
    Expr::call("Self::with_base_url", vec![Expr::string(url)])
}

/// The doc lines of `with_base_url` (each after its `///`).
fn base_url_doc(api: &Api, role: Role) -> &'static [&'static str] {
    if role == Role::Sender {
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
    }
}

const WITH_HTTP_CLIENT_DOC: &str = "\
/// A client for `base_url` sending through `http`, a fully
/// configured `reqwest::Client` (its own timeouts, proxy, TLS).
";

/// The methods every client has after its constructors, whatever the
/// spec: their lines never depend on it.
fn every_client(code: &mut Code) {
    code.lines("/// The base URL requests go to.");
    code.open("pub fn base_url(&self) -> &str {");
    code.line("self.core.base_url()");
    code.close("}");
    code.lines(
        "/// Retries calls as `policy` says (by default three attempts,\n\
         /// for idempotent calls and calls with an idempotency key only).",
    );
    method(
        code,
        "with_retry",
        &["mut self", "policy: rt::RetryPolicy"],
        &["self.core.calls_mut().set_retry(policy);"],
    );
    code.lines(
        "/// Adds a hook that sees every request before it is sent and\n\
         /// every response after (headers, signatures, metrics).",
    );
    method(
        code,
        "with_hook",
        &["mut self", "hook: impl rt::Hook + 'static"],
        &["self.core.calls_mut().add_hook(hook);"],
    );
    code.lines("/// Waits between retries on `clock` instead of tokio's timer.");
    method(
        code,
        "with_retry_clock",
        &["mut self", "clock: impl rt::Sleep + 'static"],
        &["self.core.calls_mut().set_sleep(clock);"],
    );
    code.lines(
        "/// Sends what the spec sends to the server `spec_url` (an\n\
         /// operation's own server, such as an identity host) to `url`\n\
         /// instead: a test server, a proxy, another environment.",
    );
    method(
        code,
        "with_server_replaced",
        &["mut self", "spec_url: &str", "url: impl Into<String>"],
        &["self.core.replace_server(spec_url, url);"],
    );
    code.lines("/// Replaces all credentials.");
    method(
        code,
        "with_credentials",
        &["mut self", "credentials: Credentials"],
        &["self.credentials = credentials;"],
    );
}

/// `pub fn name(params) -> Self { statements; self }`.
fn method(code: &mut Code, name: &str, params: &[&str], statements: &[&str]) {
    let params: Vec<String> = params.iter().map(|p| p.to_string()).collect();
    code.signature(&format!("pub fn {name}"), &params, " -> Self");
    for statement in statements {
        code.line(statement);
    }
    code.line("self");
    code.close("}");
}

/// The constructor of a server that names its environment.
fn environment(server: &Server, code: &mut Code) {
    let Some(name) = server.environment.as_deref() else {
        return;
    };
    let name = super::ident(name).to_string();
    let url = &server.url;
    let quoted = quoted(url);
    let text = match &server.description {
        Some(d) => format!("A client for the `{name}` environment, `{quoted}`: {d}"),
        None => format!("A client for the `{name}` environment, `{quoted}`."),
    };
    code.lines(&doc_text(Some(&text)));
    code.open(&format!("pub fn {name}() -> Self {{"));
    if server.replaces.is_empty() {
        code.expr("", &base_url_call(url), "");
    } else {
        code.expr("let mut client = ", &base_url_call(url), ";");
        for (from, to) in &server.replaces {
            let replace = Expr::word("client").chain(vec![
                Link::field("core"),
                Link::call("replace_server", vec![Expr::string(from), Expr::string(to)]),
            ]);
            code.expr("", &replace, ";");
        }
        code.line("client");
    }
    code.close("}");
}

/// The setter of one scheme's fixed credential.
fn setter(s: &SecurityScheme, secured: bool, code: &mut Code) {
    code.lines(&sentence_text(&format!(
        "Sets the credential for the `{}` scheme{}.",
        quoted(&s.wire),
        if secured {
            " (and stops obtaining it from a token source)"
        } else {
            ""
        }
    )));
    let name = credential_setter(&s.rust);
    let (params, value) = match s.kind {
        SchemeKind::Basic => (
            vec![
                "mut self".to_string(),
                "user: impl Into<rt::Secret>".to_string(),
                "password: impl Into<rt::Secret>".to_string(),
            ],
            Expr::Tuple(vec![
                Expr::word("user.into()"),
                Expr::word("password.into()"),
            ]),
        ),
        _ => (
            vec![
                "mut self".to_string(),
                "value: impl Into<rt::Secret>".to_string(),
            ],
            Expr::word("value.into()"),
        ),
    };
    code.signature(&format!("pub fn {name}"), &params, " -> Self");
    let target = format!("self.credentials.{} = ", s.rust);
    code.expr(&target, &Expr::call("Some", vec![value]), ";");
    if secured {
        let forget = Expr::word("self").chain(vec![
            Link::field("tokens"),
            Link::call("remove", vec![Expr::string(&s.wire)]),
        ]);
        code.expr("", &forget, ";");
    }
    code.line("self");
    code.close("}");
}

/// `with_token_options` and `with_token_source`.
fn token_methods(api: &Api, code: &mut Code) {
    code.lines("/// Sets when tokens obtained from token sources are renewed.");
    method(
        code,
        "with_token_options",
        &["mut self", "options: rt::TokenOptions"],
        &["self.tokens.set_options(options);"],
    );
    code.lines(
        "/// Obtains the credential of the security scheme named `scheme` in\n\
         /// the spec from `source` from now on, instead of a fixed one.",
    );
    let params = [
        "mut self",
        "scheme: &str",
        "source: impl rt::TokenSource<Client> + 'static",
    ]
    .map(String::from);
    code.signature("pub fn with_token_source", &params, " -> Self");
    for s in &api.schemes {
        code.open(&format!("if scheme == {} {{", Expr::string(&s.wire).flat()));
        code.line(&format!("self.credentials.{} = None;", s.rust));
        code.close("}");
    }
    code.line("self.tokens.insert(scheme, source);");
    code.line("self");
    code.close("}");
}

/// The client's side of `rt::Authorize`.
fn authorize(api: &Api, code: &mut Code) {
    code.open("impl rt::Authorize for Client {");
    code.open("fn has_credential(&self, scheme: &str) -> bool {");
    code.open("match scheme {");
    for s in &api.schemes {
        let set = Expr::word("self").chain(vec![
            Link::field("credentials"),
            Link::field(s.rust.clone()),
            Link::call("is_some", Vec::new()),
        ]);
        code.arm(&Expr::string(&s.wire).flat(), &set);
    }
    code.line("_ => false,");
    code.close("}");
    code.close("}");
    code.lines(
        "/// Adds one scheme's credential (`token` when a source obtained\n\
         /// it), in a header marked sensitive where it travels in a header.",
    );
    // Basic authentication takes no token: with only such schemes the
    // parameter is unused.
    let token = if api.schemes.iter().any(|s| s.kind != SchemeKind::Basic) {
        "token"
    } else {
        "_token"
    };
    let params = [
        "&self".to_string(),
        "request: rt::reqwest::RequestBuilder".to_string(),
        "scheme: &str".to_string(),
        format!("{token}: Option<&rt::Secret>"),
    ];
    code.signature(
        "fn apply_credential",
        &params,
        " -> Result<rt::reqwest::RequestBuilder, rt::Error>",
    );
    code.open("match scheme {");
    for s in &api.schemes {
        apply_arm(s, code);
    }
    code.line("_ => Ok(request),");
    code.close("}");
    code.close("}");
    code.open("fn tokens(&self) -> &rt::Tokens<Self> {");
    code.line("&self.tokens");
    code.close("}");
    code.open("fn core(&self) -> &rt::ClientCore {");
    code.line("&self.core");
    code.close("}");
    code.close("}");
}

/// One scheme's arm of `apply_credential`: its value (a source's token
/// first) applied where the scheme sends it.
fn apply_arm(s: &SecurityScheme, code: &mut Code) {
    code.open(&format!("{} => {{", Expr::string(&s.wire).flat()));
    let field = format!("self.credentials.{}", s.rust);
    let (scrutinee, pattern) = match &s.kind {
        SchemeKind::Basic => (format!("&{field}"), "Some((user, password))"),
        _ => (format!("token.or({field}.as_ref())"), "Some(value)"),
    };
    let applied = applied(&s.kind);
    code.open(&format!("match {scrutinee} {{"));
    code.arm(pattern, &applied);
    code.line("None => Ok(request),");
    code.close("}");
    code.close("}");
}

/// What an arm of `apply_credential` gives when the scheme's value is
/// set: the request with the value (`user` and `password` for basic
/// authentication) where the scheme sends it.
fn applied(kind: &SchemeKind) -> Expr {
    let request = Expr::word("request");
    let value = Expr::word("value");
    match kind {
        SchemeKind::ApiKey { location, name } => {
            let location = match location {
                ParamLocation::Query => "rt::ApiKeyLocation::Query",
                ParamLocation::Cookie => "rt::ApiKeyLocation::Cookie",
                _ => "rt::ApiKeyLocation::Header",
            };
            Expr::call(
                "rt::api_key",
                vec![request, Expr::word(location), Expr::string(name), value],
            )
        }
        SchemeKind::Bearer => Expr::call(
            "rt::authorization",
            vec![request, Expr::string("Bearer"), value],
        ),
        SchemeKind::OtherHttp(scheme) => Expr::call(
            "rt::authorization",
            vec![request, Expr::string(scheme), value],
        ),
        SchemeKind::Basic => Expr::call(
            "Ok",
            vec![Expr::call(
                "rt::basic_auth",
                vec![request, Expr::word("user"), Expr::word("password")],
            )],
        ),
    }
}
