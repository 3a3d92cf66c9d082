//! `paylink-codegen diff OLD NEW`: the changes between two versions of a
//! spec, and whether they break clients, servers or the generated Rust API.
//!
//! Each side is a file or `git:REV:PATH` (read with `git show REV:PATH` in
//! the current directory). Exit status: 0, or 1 with `--fail-on LEVEL` when
//! a change at that level or above exists; 1 also when a spec cannot be
//! read (its diagnostics are printed, as `validate` does); 2 for bad usage.

use std::io::Write;
use std::process::Command;

use super::{print_diagnostics, EXIT_ERRORS, EXIT_OK, EXIT_USAGE};
use crate::diff::format::{render, Context, Format};
use crate::diff::{diff_documents, report, rust_impact, Level, Report};
use crate::overlay::Overlay;
use crate::{read_spec_keeping, Keep, Spec};

#[derive(Debug, clap::Args)]
pub(super) struct DiffArgs {
    /// The old version: a file, or `git:REV:PATH` (e.g. `git:main:specs/api.yaml`).
    #[arg(value_name = "OLD")]
    old: String,
    /// The new version: a file, or `git:REV:PATH`.
    #[arg(value_name = "NEW")]
    new: String,
    /// Output format.
    #[arg(long, default_value = "text", value_parser = ["text", "json", "markdown", "github"])]
    format: String,
    /// Exit with status 1 when a change at this level or above exists.
    #[arg(long, value_name = "LEVEL", value_parser = ["breaking", "warning"])]
    fail_on: Option<String>,
    /// An OpenAPI Overlay 1.0 document applied to both versions before
    /// they are compared; repeat for several, applied in order.
    #[arg(long = "overlay", value_name = "OVERLAY")]
    overlays: Vec<std::path::PathBuf>,
}

/// Where one side of the comparison is read from.
enum Input<'a> {
    File(&'a str),
    Git { rev: &'a str, path: &'a str },
}

impl<'a> Input<'a> {
    /// `git:REV:PATH` or a file path; `None` for a `git:` without both parts.
    fn parse(arg: &'a str) -> Option<Self> {
        let Some(rest) = arg.strip_prefix("git:") else {
            return Some(Input::File(arg));
        };
        let (rev, path) = rest.split_once(':')?;
        (!rev.is_empty() && !path.is_empty()).then_some(Input::Git { rev, path })
    }

    /// The file name: what JSON or YAML is told by, and annotations name.
    fn file(&self) -> &'a str {
        match self {
            Input::File(path) | Input::Git { path, .. } => path,
        }
    }

    fn read(&self) -> Result<Vec<u8>, String> {
        match self {
            Input::File(path) => {
                std::fs::read(path).map_err(|e| format!("cannot read {path}: {e}"))
            }
            Input::Git { rev, path } => git_show(rev, path),
        }
    }
}

/// `git show REV:PATH` in the current directory.
fn git_show(rev: &str, path: &str) -> Result<Vec<u8>, String> {
    let object = format!("{rev}:{path}");
    let output = Command::new("git")
        .args(["show", &object])
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        return Err(format!("git show {object} failed: {}", stderr.trim()));
    }
    Ok(output.stdout)
}

pub(super) fn run(args: &DiffArgs, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let (Some(old_input), Some(new_input)) = (Input::parse(&args.old), Input::parse(&args.new))
    else {
        let _ = writeln!(
            err,
            "error: a git input is written `git:REV:PATH`, e.g. `git:HEAD:specs/api.yaml`"
        );
        return EXIT_USAGE;
    };
    let format = match args.format.as_str() {
        "json" => Format::Json,
        "markdown" => Format::Markdown,
        "github" => Format::Github,
        _ => Format::Text,
    };
    let overlays = match Overlay::read_all(&args.overlays) {
        Ok(overlays) => overlays,
        Err(e) => {
            print_diagnostics(e.source.as_deref(), &e.diagnostics, 20, false, err);
            return EXIT_ERRORS;
        }
    };
    let (Some(old_text), Some(new_text)) = (text(&old_input, err), text(&new_input, err)) else {
        return EXIT_ERRORS;
    };
    let Some((report, new)) = compare(
        (&old_input, &old_text),
        (&new_input, &new_text),
        &overlays,
        err,
    ) else {
        return EXIT_ERRORS;
    };
    let ctx = Context {
        old: &args.old,
        new: &args.new,
        new_file: new_input.file(),
        new_source: Some(&new.source),
    };
    let text = render(&report, format, &ctx);
    // JSON escapes what it must itself; the other formats quote spec text
    // as it is, so control characters are shown rather than obeyed.
    let text = match format {
        Format::Json => text,
        _ => crate::sanitize::terminal(&text),
    };
    let _ = out.write_all(text.as_bytes());
    let threshold = match args.fail_on.as_deref() {
        Some("warning") => Some(Level::Warning),
        Some(_) => Some(Level::Breaking),
        None => None,
    };
    if threshold.is_some_and(|level| report.has_at_least(level)) {
        EXIT_ERRORS
    } else {
        EXIT_OK
    }
}

/// The report, and the new side (its source names the lines of the
/// changes). Each spec is read twice: first for its model, lowered and
/// dropped, then for its document, so that the four (two documents, two
/// models) are never held at once; the first reads find every error.
fn compare(
    old: (&Input<'_>, &str),
    new: (&Input<'_>, &str),
    overlays: &[Overlay],
    err: &mut dyn Write,
) -> Option<(Report, Spec)> {
    let lowered = |(input, text): (&Input<'_>, &str), err: &mut dyn Write| {
        let spec = read(input, text, overlays, Keep::Model, err)?;
        let api = crate::ir::lower(&spec.model).0;
        drop(spec);
        crate::stack::release_free_memory();
        Some(api)
    };
    let old_api = lowered(old, err);
    let new_api = lowered(new, err);
    let rust = rust_impact(&old_api?, &new_api?);
    crate::stack::release_free_memory();
    let old_spec = read(old.0, old.1, overlays, Keep::Document, err)?;
    let new_spec = read(new.0, new.1, overlays, Keep::Document, err)?;
    let changes = diff_documents(&old_spec.document, &new_spec.document);
    drop(old_spec);
    Some((report(changes, rust), new_spec))
}

/// One side's text; `None` (with the error printed) on failure.
fn text(input: &Input<'_>, err: &mut dyn Write) -> Option<String> {
    let bytes = match input.read() {
        Ok(bytes) => bytes,
        Err(e) => {
            let _ = writeln!(err, "error: {}", crate::sanitize::terminal(&e));
            return None;
        }
    };
    match crate::load::decode_text(input.file(), &bytes) {
        Ok(text) => Some(text),
        Err(failure) => {
            let diagnostics = failure.diagnostics.into_vec();
            print_diagnostics(None, &diagnostics, 20, false, err);
            None
        }
    }
}

/// Reads and checks one side, keeping what `keep` says; `None` (with
/// diagnostics printed) on failure.
fn read(
    input: &Input<'_>,
    text: &str,
    overlays: &[Overlay],
    keep: Keep,
    err: &mut dyn Write,
) -> Option<Spec> {
    match read_spec_keeping(input.file(), text, overlays, keep) {
        Ok(spec) => Some(spec),
        Err(e) => {
            print_diagnostics(e.source.as_deref(), &e.diagnostics, 20, false, err);
            None
        }
    }
}
