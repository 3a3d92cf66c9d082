//! The whole pipeline for one spec, from text to a formatted module: read
//! (load, normalize, resolve, parse), lower to the IR, select operations,
//! emit and format. Reads no file but the overlays the options name, and
//! writes none: callers decide where the code goes.

use std::time::Instant;

use proc_macro2::TokenStream;

pub use crate::emit::Layout;
use crate::emit::{self, EmitOptions};
use crate::ir::features::Feature;
use crate::ir::{self, Api};
use crate::overlay::Overlay;
use crate::{read_spec_model, scope, Diagnostic, SpecError};

pub use crate::options::{Options, Sides};

/// A generated module and what went into it.
#[derive(Debug)]
pub struct Generated {
    /// The formatted module source (empty from [`generate_into`], which
    /// writes it out instead).
    pub code: String,
    /// Number of lines of the module source.
    pub lines: usize,
    /// Number of operations.
    pub operations: usize,
    /// Number of named types.
    pub types: usize,
    /// Warnings from reading and lowering, located.
    pub warnings: Vec<Diagnostic>,
    /// Wall time of the whole pipeline, in milliseconds.
    pub millis: u128,
    /// The spec's text, for showing the warnings with their lines.
    pub source: crate::Source,
    /// The Cargo features the module's operations and types are compiled
    /// under (`tag_features`), sorted by name; empty without the option.
    pub features: Vec<Feature>,
    /// The `[features]` table to add to the including crate's
    /// `Cargo.toml`, with `tag_features`.
    pub cargo_features: Option<String>,
}

/// Generates the module file for the spec `text`; `name` is the spec's file
/// name (it decides JSON or YAML and appears in the header).
pub fn generate_str(name: &str, text: &str, options: &Options) -> Result<Generated, SpecError> {
    generate_layout(name, text, options, &Layout::File)
}

/// As [`generate_str`], laid out as `layout` says.
pub fn generate_layout(
    name: &str,
    text: &str,
    options: &Options,
    layout: &Layout,
) -> Result<Generated, SpecError> {
    crate::stack::deep(|| generate_here(name, text, options, layout, None))
}

/// As [`generate_layout`], writing the module to `out` as it is formatted
/// instead of returning it, so that the text is never held whole (the
/// module of a 10,000-operation spec is 50 MB); [`Generated::code`] is
/// then empty. On an error, part of the module may have been written:
/// write to a staging file ([`crate::write::Staged`]).
pub fn generate_into(
    name: &str,
    text: &str,
    options: &Options,
    layout: &Layout,
    out: &mut (dyn std::io::Write + Send),
) -> Result<Generated, SpecError> {
    crate::stack::deep(|| generate_here(name, text, options, layout, Some(out)))
}

/// As [`generate_layout`], unformatted: the header, then the module's
/// tokens as text, a piece a line ([`emit::module_unformatted`]). For a
/// build script's `include!`, which only the compiler reads: formatting
/// is most of a generation's time.
pub fn generate_unformatted(
    name: &str,
    text: &str,
    options: &Options,
    layout: &Layout,
) -> Result<Generated, SpecError> {
    crate::stack::deep(|| {
        let started = Instant::now();
        let prepared = prepare(name, text, options, Header::With)?;
        let emitted = emit::module_unformatted(&prepared.api, &prepared.emit, layout);
        finished(prepared, emitted, started)
    })
}

/// The spec size from which the memory freed after reading is handed
/// back before emitting: the holes it leaves matter to the peak of a big
/// spec (see [`crate::stack::release_free_memory`]), while for a small one
/// the pages handed back only fault in again as the module is printed.
const RELEASE_FROM: usize = 1 << 20;

fn generate_here(
    name: &str,
    text: &str,
    options: &Options,
    layout: &Layout,
    out: Option<&mut (dyn std::io::Write + Send)>,
) -> Result<Generated, SpecError> {
    let started = Instant::now();
    let prepared = prepare(name, text, options, Header::With)?;
    if text.len() >= RELEASE_FROM {
        crate::stack::release_free_memory();
    }
    let emitted = match out {
        Some(out) => emit::module_into(&prepared.api, &prepared.emit, layout, out)
            .map(|lines| (String::new(), lines)),
        None => emit::module(&prepared.api, &prepared.emit, layout),
    };
    finished(prepared, emitted, started)
}

/// What a generation made, or the emitter's error.
fn finished(
    prepared: Prepared,
    emitted: Result<(String, usize), String>,
    started: Instant,
) -> Result<Generated, SpecError> {
    let (code, lines) = match emitted {
        Ok(emitted) => emitted,
        Err(message) => return Err(internal(Some(prepared.source), message)),
    };
    let cargo_features = prepared
        .feature_prefix
        .as_deref()
        .map(|prefix| prepared.api.features.cargo_table(prefix));
    Ok(Generated {
        features: prepared.api.features.list.clone(),
        cargo_features,
        code,
        lines,
        operations: prepared.api.operations.len(),
        types: prepared.api.types.len(),
        warnings: prepared.warnings,
        millis: started.elapsed().as_millis(),
        source: prepared.source,
    })
}

/// The module file's tokens (what `provider!` expands to inside its
/// `mod`), with the warnings met on the way. They are the tokens of the
/// CLI's file but for the trailing commas formatting adds and drops: no
/// one reads a macro's expansion, so it is not formatted.
pub fn generate_tokens(
    name: &str,
    text: &str,
    options: &Options,
) -> Result<(TokenStream, Vec<Diagnostic>), SpecError> {
    let (code, warnings) = generate_token_text(name, text, options)?;
    let tokens = code
        .parse::<TokenStream>()
        .map_err(|e| internal(None, format!("generated code does not lex: {e}")))?;
    Ok((tokens, warnings))
}

/// As [`generate_tokens`], the tokens as text (see
/// [`emit::module_token_text`]), for a caller that lexes them itself: a
/// procedural macro lexes them once through the compiler.
pub fn generate_token_text(
    name: &str,
    text: &str,
    options: &Options,
) -> Result<(String, Vec<Diagnostic>), SpecError> {
    crate::stack::deep(|| {
        let prepared = prepare(name, text, options, Header::Without)?;
        match emit::module_token_text(&prepared.api, &prepared.emit) {
            Ok(code) => Ok((code, prepared.warnings)),
            Err(message) => Err(internal(Some(prepared.source), message)),
        }
    })
}

/// As [`generate_token_text`], the text handed to `add` a piece at a time
/// (see [`emit::module_text_pieces`]), on the calling thread, which must
/// already run on a deep stack ([`crate::stack::here`]): for a procedural
/// macro, which lexes each piece through the compiler while the next ones
/// are made.
pub(crate) fn generate_text_pieces(
    name: &str,
    text: &str,
    options: &Options,
    add: &mut dyn FnMut(emit::TextPiece),
) -> Result<Vec<Diagnostic>, SpecError> {
    let prepared = prepare(name, text, options, Header::Without)?;
    match emit::module_text_pieces(&prepared.api, &prepared.emit, add) {
        Ok(()) => Ok(prepared.warnings),
        Err(message) => Err(internal(Some(prepared.source), message)),
    }
}

/// A spec read, lowered and filtered, with what to emit.
struct Prepared {
    api: Api,
    /// The `tag_features` prefix, when the option is set.
    feature_prefix: Option<String>,
    emit: EmitOptions,
    warnings: Vec<Diagnostic>,
    source: crate::Source,
}

/// Whether the output starts with the generated-file header
/// ([`emit::header`]), which names the spec's hash: the files written
/// have it; a macro's tokens and the token text do not, and their spec is
/// then not hashed.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Header {
    With,
    Without,
}

fn prepare(
    name: &str,
    text: &str,
    options: &Options,
    header: Header,
) -> Result<Prepared, SpecError> {
    let overlays = Overlay::read_all(&options.overlays)?;
    let hash = || spec_hash(text, &overlays);
    let read = || read_spec_model(name, text, &overlays);
    let (hash, spec) = match header {
        Header::Without => (String::new(), read()),
        Header::With if text.len() >= HASH_BESIDE_FROM => crate::stack::join(hash, read),
        Header::With => (hash(), read()),
    };
    let spec = spec?;
    let scoped = scope::split(&spec.scoped, &options.tags, &options.operations);
    if scoped.iter().any(Diagnostic::is_error) {
        let mut diagnostics = spec.diagnostics;
        diagnostics.extend(scoped);
        return Err(SpecError {
            diagnostics,
            source: Some(Box::new(spec.source)),
        });
    }
    let custom = match options.customisation() {
        Ok(custom) => custom,
        Err(e) => return Err(option_error(spec.source, e.to_string())),
    };
    let (mut api, mut lowering) = ir::lower_custom(&spec.model, options.formats(), &custom);
    let emit = match emit_options(name, hash, &overlays, options)
        .and_then(|emit| ir::select(&mut api, &options.tags, &options.operations).map(|()| emit))
    {
        Ok(emit) => emit,
        Err(message) => return Err(option_error(spec.source, message)),
    };
    let feature_prefix = match options.feature_prefix() {
        Ok(prefix) => prefix.map(str::to_string),
        Err(e) => return Err(option_error(spec.source, e.to_string())),
    };
    if let Some(prefix) = &feature_prefix {
        let reserved: Vec<&str> = options.server_feature.iter().map(String::as_str).collect();
        let (features, warnings) = ir::features::plan(&api, prefix, &reserved);
        api.features = features;
        lowering.extend(warnings);
    }
    spec.source.locate_all(&mut lowering);
    let mut warnings = spec.diagnostics;
    warnings.extend(scoped);
    let refused = lowering.iter().any(Diagnostic::is_error);
    warnings.extend(lowering);
    if refused {
        return Err(SpecError {
            diagnostics: warnings,
            source: Some(Box::new(spec.source)),
        });
    }
    Ok(Prepared {
        api,
        feature_prefix,
        emit,
        warnings,
        source: spec.source,
    })
}

/// The hash of the spec and its overlays, for the header.
fn spec_hash(text: &str, overlays: &[Overlay]) -> String {
    let parts: Vec<&[u8]> = std::iter::once(text.as_bytes())
        .chain(overlays.iter().map(|o| o.source().text().as_bytes()))
        .collect();
    emit::spec_hash_of(&parts)
}

/// The spec size from which the spec is hashed on a thread of its own
/// while it is read: below it, starting the thread costs about what it
/// saves.
const HASH_BESIDE_FROM: usize = 32 << 10;

fn emit_options(
    name: &str,
    spec_hash: String,
    overlays: &[Overlay],
    options: &Options,
) -> Result<EmitOptions, String> {
    let sides = options.sides().map_err(|e| e.to_string())?;
    Ok(EmitOptions {
        runtime: options.runtime.clone(),
        spec_name: file_name(name),
        overlay_names: overlays
            .iter()
            .map(|o| file_name(o.source().name()))
            .collect(),
        spec_hash,
        client: sides.client,
        server: sides.server,
        server_feature: options.server_feature.clone(),
        derives: options.derive_paths().map_err(|e| e.to_string())?,
    })
}

/// The last component of a path, for the header.
fn file_name(path: &str) -> String {
    std::path::Path::new(path)
        .file_name()
        .map_or_else(|| path.to_string(), |n| n.to_string_lossy().into_owned())
}

fn option_error(source: crate::Source, message: String) -> SpecError {
    SpecError {
        diagnostics: vec![Diagnostic::error("#", message)
            .with_hint("change the generator options; the spec itself was read")],
        source: Some(Box::new(source)),
    }
}

fn internal(source: Option<crate::Source>, message: String) -> SpecError {
    SpecError {
        diagnostics: vec![Diagnostic::error("#", message)
            .with_hint("this is a bug in paylink-codegen; please report it with the spec")],
        source: source.map(Box::new),
    }
}
