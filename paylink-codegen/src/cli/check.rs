//! `paylink-codegen check [--manifest FILE]`: is every generated file what
//! the generator writes for its spec today? The built-in providers by
//! default, or the modules a manifest lists. Nothing is written.
//!
//! Exit status: 0 when every file matches; 1 when any is stale (each with
//! its reason, a unified diff and the command that fixes it) or its spec
//! cannot be read; 2 for bad usage.

use std::io::Write;
use std::path::PathBuf;

use super::{print_diagnostics, EXIT_ERRORS, EXIT_OK};
use crate::check::{check, Outcome};
use crate::manifest::Target;

#[derive(Debug, clap::Args)]
pub(super) struct CheckArgs {
    /// A manifest (TOML) listing specs, outputs and options; without it,
    /// the built-in providers of the workspace around the current directory.
    #[arg(long, value_name = "FILE")]
    manifest: Option<PathBuf>,
}

impl CheckArgs {
    /// The command that regenerates what this check covers.
    fn fix(&self) -> String {
        match &self.manifest {
            Some(manifest) => format!("paylink-codegen generate --manifest {}", manifest.display()),
            None => "cargo run --release -p paylink-codegen -- generate".to_string(),
        }
    }
}

pub(super) fn run(args: &CheckArgs, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let targets = match &args.manifest {
        Some(manifest) => super::manifest_targets(manifest, err),
        None => super::built_in_targets(err),
    };
    let Some(targets) = targets else {
        return EXIT_ERRORS;
    };
    let fix = args.fix();
    let mut bad = 0;
    for target in &targets {
        bad += usize::from(!report(target, &check(target), &fix, out, err));
    }
    let fresh = targets.len() - bad;
    let _ = writeln!(
        out,
        "{fresh} of {} generated files are up to date",
        targets.len()
    );
    if bad == 0 {
        EXIT_OK
    } else {
        EXIT_ERRORS
    }
}

/// Prints one target's outcome; true when it is fresh.
fn report(
    target: &Target,
    outcome: &Outcome,
    fix: &str,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> bool {
    let output = target.output.display();
    match outcome {
        Outcome::Fresh => {
            let _ = writeln!(out, "fresh  {output}");
            true
        }
        Outcome::Stale { reason, diff } => {
            let _ = writeln!(out, "STALE  {output}: {reason}");
            let _ = write!(out, "{diff}");
            let _ = writeln!(out, "fix: {fix}\n");
            false
        }
        Outcome::Failed(e) => {
            let _ = writeln!(
                out,
                "FAILED {output}: its spec {} cannot be generated",
                target.spec.display()
            );
            print_diagnostics(e.source.as_deref(), &e.diagnostics, 20, false, err);
            false
        }
        Outcome::Unreadable(message) => {
            let _ = writeln!(out, "FAILED {output}: {message}");
            false
        }
    }
}
