//! The `provider!` macro's expansion, kept here so the macro crate is a
//! thin shell and tests can call it directly.
//!
//! `provider!(spec = "specs/acme.yaml", server = false)` expands to
//! `pub mod acme { ... }` holding the tokens of the module file
//! `paylink-codegen generate specs/acme.yaml -o FILE --server=false`
//! writes (unformatted, so but for the trailing commas formatting adds and
//! drops), plus one `include_bytes!` of the spec (and of each overlay) so
//! that Cargo rebuilds the crate when one of them changes. The arguments are the generator
//! [`options`](crate::options) under the same names, plus `spec` and
//! `module`. A failure becomes one compile error on the argument at fault
//! (on the spec argument for the spec's own errors, quoting its file,
//! line, column and JSON pointer), and the module is still emitted with
//! stubs of `Client` and `types`, so that the user sees that one error
//! rather than one per use of the module.
//!
//! Inside the compiler, an expansion's text is kept beside the compiler's
//! output ([`cache`]), and the next build of the crate lexes it while the
//! spec, overlays, options and generator are unchanged.

use std::path::{Path, PathBuf};

use proc_macro2::{Span, TokenStream};
use quote::quote;
use syn::parse::{Parse, ParseStream};
use syn::punctuated::Punctuated;
use syn::{Expr, Ident, Lit, LitStr, Token};

pub mod cache;

use crate::config::module_name_for;
use crate::generate::generate_text_pieces;
use crate::lex::{self, Lex, Lexer};
use crate::options::{closest, option_names, OptionError, Options, Value, OPTIONS};
use crate::sanitize::terminal;
use crate::{Diagnostic, SpecError};

/// The variable that, when set, replaces `CARGO_MANIFEST_DIR` as the base
/// of relative spec paths: for test harnesses (trybuild) that compile the
/// calling code in a crate of their own, away from the spec files.
pub const MANIFEST_DIR_OVERRIDE: &str = "PAYLINK_MANIFEST_DIR_OVERRIDE";

/// Diagnostics quoted in one compile error, at most.
const ERRORS_QUOTED: usize = 5;

/// Expands `provider!(...)`; never fails: errors become `compile_error!`.
/// Runs on the compiler's thread: `proc_macro2` works only there.
pub fn provider(input: TokenStream) -> TokenStream {
    crate::stack::here(|| expand(input))
}

fn expand(input: TokenStream) -> TokenStream {
    let args = match syn::parse2::<Args>(input) {
        Ok(args) => args,
        Err(e) => return e.to_compile_error(),
    };
    let module = module_of(&args);
    match Request::from_args(args) {
        Ok(request) => request.expand(),
        Err(e) => with_stubs(e, module.as_ref()),
    }
}

/// The module the arguments name, if they name one usable, so that an
/// error in another argument still defines it.
fn module_of(args: &Args) -> Option<Ident> {
    let find = |name: &str| args.0.iter().find(|arg| arg.name == name);
    match find("module") {
        Some(arg) => module_ident(arg).ok(),
        None => find("spec")
            .and_then(|arg| string_literal(arg).ok())
            .and_then(|spec| default_module(&spec).ok()),
    }
}

/// The error, and the module with stubs of the items every generated
/// module has (`types`, `server`, `Client` and its constructors), so that
/// uses of them add no errors of their own.
fn with_stubs(error: syn::Error, module: Option<&Ident>) -> TokenStream {
    let error = error.to_compile_error();
    let Some(module) = module else {
        return error;
    };
    quote! {
        #error
        #[allow(dead_code, missing_docs)]
        pub mod #module {
            pub mod types {}
            pub mod server {}
            pub struct Client;
            impl Client {
                pub fn new() -> Self { Client }
                pub fn with_base_url(_base_url: &str) -> Self { Client }
            }
        }
    }
}

/// `name = value`, comma separated.
struct Args(Punctuated<Arg, Token![,]>);

struct Arg {
    name: Ident,
    value: Expr,
}

impl Parse for Args {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        Ok(Args(Punctuated::parse_terminated(input)?))
    }
}

impl Parse for Arg {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let name: Ident = input.parse()?;
        input.parse::<Token![=]>()?;
        Ok(Arg {
            name,
            value: input.parse()?,
        })
    }
}

/// The macro's arguments, checked.
struct Request {
    spec: LitStr,
    module: Ident,
    options: Options,
}

impl Request {
    fn from_args(args: Args) -> syn::Result<Request> {
        let mut spec = None;
        let mut module = None;
        let mut options = Options::default();
        for arg in args.0 {
            match arg.name.to_string().as_str() {
                "spec" => spec = Some(string_literal(&arg)?),
                "module" => module = Some(module_ident(&arg)?),
                name => set_option(&mut options, name, &arg)?,
            }
        }
        let spec = spec.ok_or_else(|| {
            syn::Error::new(
                Span::call_site(),
                "`provider!` needs the spec: `provider!(spec = \"specs/acme.yaml\")`",
            )
        })?;
        options
            .check()
            .map_err(|e| syn::Error::new(Span::call_site(), e))?;
        let module = match module {
            Some(module) => module,
            None => default_module(&spec)?,
        };
        Ok(Request {
            spec,
            module,
            options,
        })
    }

    fn expand(&self) -> TokenStream {
        let path = spec_path(&self.spec.value());
        let bytes = match std::fs::read(&path) {
            Ok(bytes) => bytes,
            Err(e) => {
                let message = format!(
                    "cannot read the spec `{}`: {e}\n  help: the path is relative to the calling crate's directory, where its Cargo.toml is",
                    self.spec.value(),
                );
                return self.failed(message);
            }
        };
        let text = match crate::load::decode_text(&self.spec.value(), &bytes) {
            Ok(text) => text,
            Err(failure) => {
                let e = crate::SpecError {
                    source: None,
                    diagnostics: failure.diagnostics.into_vec(),
                };
                return self.failed(spec_message(&e));
            }
        };
        // Overlays, like the spec, are relative to the calling crate.
        let mut options = self.options.clone();
        let overlays: Vec<PathBuf> = options.overlays.iter().map(|o| spec_path(o)).collect();
        options.overlays = overlays.iter().map(|o| o.display().to_string()).collect();
        let name = self.spec.value();
        let inputs = cache::Inputs {
            name: &name,
            text: &text,
            overlays: &overlays,
            options: &options,
        };
        let entry = self.cache_entry(&inputs);
        match tokens(&name, &text, &options, entry.as_ref()) {
            Ok(tokens) => self.module(tokens, &path, &overlays),
            Err(message) => self.failed(message),
        }
    }

    /// This call site's cache entry ([`cache`]), inside the compiler only:
    /// elsewhere (tests, benchmarks) every expansion is made afresh.
    fn cache_entry(&self, inputs: &cache::Inputs<'_>) -> Option<cache::Entry> {
        if !lex::in_compiler() {
            return None;
        }
        let directory = cache::directory(std::env::var_os(cache::CACHE_VAR), std::env::args_os())?;
        let krate: String = std::env::var("CARGO_CRATE_NAME")
            .unwrap_or_default()
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        let site = format!("{krate}-{}", self.module);
        cache::Entry::new(&directory, &site, inputs)
    }

    /// `pub mod NAME { generated; include_bytes!(spec and overlays) }`.
    fn module(&self, tokens: TokenStream, path: &Path, overlays: &[PathBuf]) -> TokenStream {
        let module = &self.module;
        let inputs = std::iter::once(path)
            .chain(overlays.iter().map(PathBuf::as_path))
            .map(|p| p.display().to_string());
        quote! {
            pub mod #module {
                #tokens
                #(const _: &[u8] = include_bytes!(#inputs);)*
            }
        }
    }

    /// One compile error on the spec argument, and a module of stubs.
    fn failed(&self, message: String) -> TokenStream {
        with_stubs(
            syn::Error::new(self.spec.span(), message),
            Some(&self.module),
        )
    }
}

/// The module's tokens: lexed from the cache's `entry` when it holds
/// them, else generated (their text handed to the entry's writer); or the
/// error's message.
fn tokens(
    name: &str,
    text: &str,
    options: &Options,
    entry: Option<&cache::Entry>,
) -> Result<TokenStream, String> {
    if let Some(tokens) = entry.and_then(cached) {
        return Ok(tokens);
    }
    let writer = entry.map(cache::Entry::writer);
    match generate_apart(name, text, options, writer.as_ref()) {
        Ok(Ok(tokens)) => {
            if let Some(writer) = writer {
                writer.finish();
            }
            Ok(tokens)
        }
        Ok(Err(e)) => Err(format!("generated code does not lex: {e}")),
        Err(e) => Err(spec_message(&e)),
    }
}

/// The module's tokens, made as text with `proc_macro2`'s own tokens
/// rather than the compiler's: inside a procedural macro every token made
/// or read through the compiler's bridge is a call into the compiler, and
/// a large module has millions. The compiler lexes the text a piece at a
/// time, on this thread, while other threads make the next pieces (see
/// [`crate::lex`]). The inner result is a lexing error.
/// The text lexed is also handed to `writer`, for the cache.
fn generate_apart(
    name: &str,
    text: &str,
    options: &Options,
    writer: Option<&cache::Writer>,
) -> Result<Result<TokenStream, String>, SpecError> {
    /// Hands `proc_macro2` back to the compiler, also on a panic.
    struct Unforce;
    impl Drop for Unforce {
        fn drop(&mut self) {
            proc_macro2::fallback::unforce();
        }
    }
    if !lex::in_compiler() {
        return lexed::<TokenStream>(name, text, options, writer);
    }
    let lexed = {
        proc_macro2::fallback::force();
        let _unforce = Unforce;
        lexed::<lex::CompilerStream>(name, text, options, writer)
    };
    Ok(lexed?.map(lex::from_compiler))
}

/// The module's pieces, lexed into `S` as they come; their text is then
/// handed to `writer`.
fn lexed<S: Lex>(
    name: &str,
    text: &str,
    options: &Options,
    writer: Option<&cache::Writer>,
) -> Result<Result<S, String>, SpecError> {
    let mut lexer = Lexer::<S>::new();
    generate_text_pieces(name, text, options, &mut |piece| {
        lexer.add(&piece);
        if let Some(writer) = writer {
            writer.add(piece.into_text());
        }
    })?;
    Ok(lexer.finish())
}

/// The tokens of the text `entry` holds, lexed by the compiler, when it
/// holds one that lexes.
fn cached(entry: &cache::Entry) -> Option<TokenStream> {
    let loaded = entry.load()?;
    let stream = <lex::CompilerStream as Lex>::lex(loaded.text()).ok()?;
    Some(lex::from_compiler(stream))
}

fn string_literal(arg: &Arg) -> syn::Result<LitStr> {
    match &arg.value {
        Expr::Lit(syn::ExprLit {
            lit: Lit::Str(s), ..
        }) => Ok(s.clone()),
        other => Err(syn::Error::new_spanned(
            other,
            format!("`{}` takes a string", arg.name),
        )),
    }
}

fn module_ident(arg: &Arg) -> syn::Result<Ident> {
    let name = string_literal(arg)?;
    name.parse::<Ident>().map_err(|_| {
        syn::Error::new(
            name.span(),
            "`module` takes a module name, such as `module = \"acme\"`",
        )
    })
}

fn default_module(spec: &LitStr) -> syn::Result<Ident> {
    let name = module_name_for(Path::new(&spec.value()));
    syn::parse_str::<Ident>(&name).map_err(|_| {
        syn::Error::new(
            spec.span(),
            "no module name can be made from this file name: add `module = \"name\"`",
        )
    })
}

/// Sets a generator option from a macro argument, with the error on the
/// name (unknown option) or on the value (wrong type).
fn set_option(options: &mut Options, name: &str, arg: &Arg) -> syn::Result<()> {
    let Some(info) = OPTIONS.iter().find(|o| o.name == name) else {
        let suggestion =
            closest(name).map_or_else(String::new, |n| format!("did you mean `{n}`? "));
        return Err(syn::Error::new(
            arg.name.span(),
            format!(
                "unknown option `{name}`; {suggestion}the options are: spec, module, {}",
                option_names()
            ),
        ));
    };
    let wrong_type = || OptionError::WrongType {
        name: info.name,
        kind: info.kind,
    };
    value(&arg.value)
        .ok_or_else(wrong_type)
        .and_then(|v| options.set(name, v))
        .and_then(|()| options.check_one(name))
        .map_err(|e| syn::Error::new_spanned(&arg.value, e.to_string()))
}

/// A literal value: `true`, `"text"`, `["a", "b"]`; `None` otherwise.
fn value(expr: &Expr) -> Option<Value> {
    match expr {
        Expr::Lit(lit) => match &lit.lit {
            Lit::Bool(b) => Some(Value::Bool(b.value)),
            Lit::Str(s) => Some(Value::Str(s.value())),
            _ => None,
        },
        Expr::Array(array) => array
            .elems
            .iter()
            .map(|e| match e {
                Expr::Lit(syn::ExprLit {
                    lit: Lit::Str(s), ..
                }) => Some(s.value()),
                _ => None,
            })
            .collect::<Option<Vec<_>>>()
            .map(Value::List),
        _ => None,
    }
}

/// The spec's path: relative ones from the calling crate's directory.
fn spec_path(spec: &str) -> PathBuf {
    let spec = Path::new(spec);
    if spec.is_absolute() {
        return spec.to_path_buf();
    }
    let base = std::env::var_os(MANIFEST_DIR_OVERRIDE)
        .or_else(|| std::env::var_os("CARGO_MANIFEST_DIR"))
        .map(PathBuf::from)
        .unwrap_or_default();
    base.join(spec)
}

/// The spec's errors, located, as one message.
fn spec_message(error: &SpecError) -> String {
    let errors: Vec<&Diagnostic> = error.diagnostics.iter().filter(|d| d.is_error()).collect();
    let mut message = String::from("the spec cannot be used:");
    for d in errors.iter().take(ERRORS_QUOTED) {
        message.push_str("\n  ");
        message.push_str(&quote_diagnostic(d));
    }
    if errors.len() > ERRORS_QUOTED {
        message.push_str(&format!(
            "\n  ... and {} more errors",
            errors.len() - ERRORS_QUOTED
        ));
    }
    message
}

/// One diagnostic for a compile error, which the user reads on a
/// terminal: spec text in it passes through [`terminal`].
fn quote_diagnostic(d: &Diagnostic) -> String {
    let place = d.location.as_ref().map_or_else(String::new, |l| {
        format!("{}:{}:{}: ", terminal(&l.file), l.line, l.column)
    });
    let mut text = format!(
        "{place}{} (at {})",
        terminal(&d.message),
        terminal(&d.pointer)
    );
    if let Some(hint) = &d.hint {
        text.push_str(&format!("\n    help: {}", terminal(hint)));
    }
    text
}
