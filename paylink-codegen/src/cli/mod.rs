//! The command line: `paylink-codegen validate SPEC...`.
//!
//! [`run`] takes its arguments and output streams as parameters so tests
//! drive it in-process; `main` only passes the real ones.

mod check;
mod diff;
mod generate;
mod render;

use std::ffi::OsString;
use std::io::Write;
use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::{Diagnostic, Severity, Spec, SpecError};

/// Exit status when every spec was read.
pub const EXIT_OK: u8 = 0;
/// Exit status when any spec had errors.
pub const EXIT_ERRORS: u8 = 1;
/// Exit status for bad usage.
pub const EXIT_USAGE: u8 = 2;

#[derive(Debug, Parser)]
#[command(
    name = "paylink-codegen",
    version,
    about = "OpenAPI to typed Rust for payment-link APIs"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Read each spec (OpenAPI 3.0, 3.1 or 3.2; JSON or YAML) and report
    /// its errors and warnings with the offending lines.
    Validate(ValidateArgs),
    /// Generate typed Rust: with no SPEC, regenerate the built-in providers
    /// from `specs/` into `generated/src/`; with SPEC and `-o FILE`, write
    /// that spec's module to FILE.
    Generate(generate::GenerateArgs),
    /// Compare two versions of a spec (files or `git:REV:PATH`) and report
    /// breaking changes for clients and servers, and the semver impact on
    /// the generated Rust API.
    Diff(diff::DiffArgs),
    /// Check that generated files match their specs: regenerate each in
    /// memory and compare; exit 1 with a diff and the fixing command for
    /// each stale file.
    Check(check::CheckArgs),
}

#[derive(Debug, clap::Args)]
struct ValidateArgs {
    /// Spec files to read.
    #[arg(required = true, value_name = "SPEC")]
    specs: Vec<PathBuf>,
    /// Show at most this many diagnostics per spec (errors first).
    #[arg(long, default_value_t = 20, value_name = "N")]
    limit: usize,
    /// Show every diagnostic.
    #[arg(long, conflicts_with = "limit")]
    all: bool,
    /// Print only the summary line of each spec.
    #[arg(long, short)]
    quiet: bool,
    /// An OpenAPI Overlay 1.0 document to apply to each spec before
    /// reading it; repeat for several, applied in order.
    #[arg(long = "overlay", value_name = "OVERLAY")]
    overlays: Vec<PathBuf>,
    /// Write the spec as the generator reads it (overlays applied, OpenAPI
    /// 3.1 and 3.2 normalized to 3.0) to FILE as JSON, for tools that
    /// should see what the generated code was made from. One spec only.
    #[arg(long, value_name = "FILE")]
    write_spec: Option<PathBuf>,
    /// Colour the output: auto (when writing to a terminal), always or never.
    #[arg(long, default_value = "auto", value_parser = ["auto", "always", "never"])]
    color: String,
}

/// Runs the command line; returns the process exit status.
pub fn run(
    args: impl IntoIterator<Item = impl Into<OsString> + Clone>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let usage = e.use_stderr();
            let text = e.render().to_string();
            let stream: &mut dyn Write = if usage { err } else { out };
            let _ = write!(stream, "{text}");
            return if usage { EXIT_USAGE } else { EXIT_OK };
        }
    };
    match cli.command {
        Command::Validate(args) => validate(&args, out, err),
        Command::Generate(args) => generate::run(&args, out, err),
        Command::Check(args) => check::run(&args, out, err),
        Command::Diff(args) => diff::run(&args, out, err),
    }
}

/// Writes `spec`'s model as JSON, never half-written.
fn write_spec(target: &std::path::Path, spec: &crate::Spec) -> std::io::Result<()> {
    let text = serde_json::to_string_pretty(&spec.model.to_openapi())?;
    crate::write::write_if_changed(target, &text).map(|_| ())
}

fn validate(args: &ValidateArgs, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let color = match args.color.as_str() {
        "always" => true,
        "never" => false,
        _ => std::io::IsTerminal::is_terminal(&std::io::stderr()),
    };
    let limit = if args.all { usize::MAX } else { args.limit };
    let overlays = match crate::overlay::Overlay::read_all(&args.overlays) {
        Ok(overlays) => overlays,
        Err(e) => {
            report_diagnostics(&Err(e), limit, color, err);
            return EXIT_ERRORS;
        }
    };
    if args.write_spec.is_some() && args.specs.len() != 1 {
        let _ = writeln!(err, "error: --write-spec takes exactly one spec");
        return EXIT_USAGE;
    }
    let mut failed = 0;
    for path in &args.specs {
        let result = crate::read_spec_file_model(path, &overlays).map(with_lowering_warnings);
        if let (Some(target), Ok(spec)) = (&args.write_spec, &result) {
            if let Err(e) = write_spec(target, spec) {
                let name = crate::sanitize::terminal(&target.display().to_string());
                let _ = writeln!(err, "error: cannot write {name}: {e}");
                return EXIT_ERRORS;
            }
        }
        let shown = if args.quiet { 0 } else { limit };
        report_diagnostics(&result, shown, color, err);
        let name = crate::sanitize::terminal(&path.display().to_string());
        let _ = writeln!(out, "{}", summary(&name, &result));
        failed += usize::from(result.is_err());
    }
    if args.specs.len() > 1 {
        let ok = args.specs.len() - failed;
        let _ = writeln!(
            out,
            "{ok} of {} specs read; {failed} failed",
            args.specs.len()
        );
    }
    if failed > 0 {
        EXIT_ERRORS
    } else {
        EXIT_OK
    }
}

/// Adds the warnings of lowering to the IR, so that `validate` lists
/// every warning `generate` counts.
fn with_lowering_warnings(mut spec: Spec) -> Spec {
    let (_, mut lowering) = crate::ir::lower(&spec.model);
    spec.source.locate_all(&mut lowering);
    spec.diagnostics.extend(lowering);
    spec
}

fn report_diagnostics(
    result: &Result<Spec, SpecError>,
    limit: usize,
    color: bool,
    err: &mut dyn Write,
) {
    let (source, diagnostics) = match result {
        Ok(spec) => (Some(&spec.source), &spec.diagnostics),
        Err(e) => (e.source.as_deref(), &e.diagnostics),
    };
    print_diagnostics(source, diagnostics, limit, color, err);
}

/// Renders diagnostics, errors first, at most `limit` of them.
fn print_diagnostics(
    source: Option<&crate::Source>,
    diagnostics: &[Diagnostic],
    limit: usize,
    color: bool,
    err: &mut dyn Write,
) {
    let mut ordered: Vec<&Diagnostic> = diagnostics.iter().collect();
    ordered.sort_by_key(|d| std::cmp::Reverse(d.severity));
    for d in ordered.iter().take(limit) {
        let _ = writeln!(err, "{}", render::render(d, source, color));
    }
    if ordered.len() > limit && limit > 0 {
        let rest = ordered.len() - limit;
        let _ = writeln!(
            err,
            "... and {rest} more (use --all to show every diagnostic)\n"
        );
    }
}

/// The built-in providers of the workspace around the current directory;
/// `None` (with the error printed) outside it.
fn built_in_targets(err: &mut dyn Write) -> Option<Vec<crate::manifest::Target>> {
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    let Some(root) = crate::providers::workspace_root(&cwd) else {
        let _ = writeln!(
            err,
            "error: no `specs/` and `generated/src/` here or above: run this in the paylink workspace, or pass --manifest FILE"
        );
        return None;
    };
    // Paths relative to the current directory when it is the root, so
    // reports name `generated/src/x.rs` rather than an absolute path.
    let root = if root == cwd { PathBuf::new() } else { root };
    Some(crate::manifest::built_ins(&root))
}

/// The targets of a manifest; `None` (with its errors printed) when it
/// cannot be read.
fn manifest_targets(
    path: &std::path::Path,
    err: &mut dyn Write,
) -> Option<Vec<crate::manifest::Target>> {
    match crate::manifest::read(path) {
        Ok(targets) => Some(targets),
        Err(diagnostics) => {
            print_diagnostics(None, &diagnostics, usize::MAX, false, err);
            None
        }
    }
}

/// One line per spec: status, name, version and counts.
fn summary(name: &str, result: &Result<Spec, SpecError>) -> String {
    let count = |ds: &[Diagnostic], s: Severity| ds.iter().filter(|d| d.severity == s).count();
    match result {
        Ok(spec) => {
            let ops = spec.model.operations().count();
            let schemas = spec
                .model
                .openapi
                .components
                .as_ref()
                .map_or(0, |c| c.schemas.len());
            let warnings = count(&spec.diagnostics, Severity::Warning);
            format!(
                "ok     {name}: OpenAPI {}, {ops} operations, {schemas} schemas, {warnings} warnings",
                spec.source_version
            )
        }
        Err(e) => format!(
            "FAILED {name}: {} errors, {} warnings",
            count(&e.diagnostics, Severity::Error),
            count(&e.diagnostics, Severity::Warning)
        ),
    }
}
