//! `paylink-codegen generate`: the built-in providers, or one spec to one file.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::{print_diagnostics, EXIT_ERRORS, EXIT_OK};
use crate::generate::{generate_str, Generated, Options};
use crate::providers::{built_in_options, paths, workspace_root, PROVIDERS};

#[derive(Debug, clap::Args)]
pub(super) struct GenerateArgs {
    /// The spec to generate from; without it, the built-in providers are
    /// regenerated from `specs/` into `generated/src/`.
    #[arg(value_name = "SPEC", requires = "output")]
    spec: Option<PathBuf>,
    /// Where to write the module.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// The path generated code uses for the runtime.
    #[arg(long, default_value = "::paylink::codegen", value_name = "PATH")]
    runtime: String,
    /// Emit the client (with `--server`: both; neither flag: both).
    #[arg(long)]
    client: bool,
    /// Emit the server side: a trait to implement and an axum router
    /// (needs the `paylink` crate's `server` feature). Neither flag: both.
    #[arg(long)]
    server: bool,
    /// Put the server side behind `#[cfg(feature = "NAME")]` of the crate
    /// that includes the module.
    #[arg(long, value_name = "NAME")]
    server_feature: Option<String>,
}

impl GenerateArgs {
    fn options(&self) -> Options {
        let both = !self.client && !self.server;
        Options {
            runtime: self.runtime.clone(),
            client: self.client || both,
            server: self.server || both,
            server_feature: self.server_feature.clone(),
        }
    }
}

pub(super) fn run(args: &GenerateArgs, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    match (&args.spec, &args.output) {
        (Some(spec), Some(output)) => {
            let options = args.options();
            match one(spec, output, &options, err) {
                Some(g) => {
                    let _ = writeln!(
                        out,
                        "{}: {} operations, {} types, {} warnings, {} ms",
                        output.display(),
                        g.operations,
                        g.types,
                        g.warnings.len(),
                        g.millis
                    );
                    EXIT_OK
                }
                None => EXIT_ERRORS,
            }
        }
        _ => built_ins(out, err),
    }
}

/// Generates one spec into one file; `None` (with diagnostics printed) on failure.
fn one(spec: &Path, output: &Path, options: &Options, err: &mut dyn Write) -> Option<Generated> {
    let name = spec.display().to_string();
    let text = match std::fs::read_to_string(spec) {
        Ok(t) => t,
        Err(e) => {
            let _ = writeln!(err, "error: cannot read {name}: {e}");
            return None;
        }
    };
    match generate_str(&name, &text, options) {
        Ok(g) => match write_if_changed(output, &g.code) {
            Ok(_) => Some(g),
            Err(e) => {
                let _ = writeln!(err, "error: cannot write {}: {e}", output.display());
                None
            }
        },
        Err(e) => {
            print_diagnostics(e.source.as_deref(), &e.diagnostics, 20, false, err);
            None
        }
    }
}

fn built_ins(out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    let Some(root) = workspace_root(&cwd) else {
        let _ = writeln!(
            err,
            "error: no `specs/` and `generated/src/` here or above: run this in the paylink workspace, or pass SPEC -o FILE"
        );
        return EXIT_ERRORS;
    };
    let options = built_in_options();
    let _ = writeln!(
        out,
        "{:<12} {:>10} {:>6} {:>7} {:>8} {:>6}",
        "provider", "operations", "types", "lines", "warnings", "ms"
    );
    let mut failed = false;
    for (module, spec) in PROVIDERS {
        let (spec_path, output) = paths(&root, module, spec);
        match one(&spec_path, &output, &options, err) {
            Some(g) => {
                let lines = g.code.lines().count();
                let _ = writeln!(
                    out,
                    "{module:<12} {:>10} {:>6} {lines:>7} {:>8} {:>6}",
                    g.operations,
                    g.types,
                    g.warnings.len(),
                    g.millis
                );
            }
            None => failed = true,
        }
    }
    if failed {
        EXIT_ERRORS
    } else {
        EXIT_OK
    }
}

/// Writes `content` unless the file already holds it; through a temporary
/// file and a rename, so a failure never leaves a half-written file.
pub fn write_if_changed(path: &Path, content: &str) -> std::io::Result<bool> {
    if std::fs::read_to_string(path).is_ok_and(|old| old == content) {
        return Ok(false);
    }
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".tmp");
    let tmp = PathBuf::from(tmp);
    std::fs::write(&tmp, content)?;
    std::fs::rename(&tmp, path)?;
    Ok(true)
}
