//! `paylink-codegen generate`: the built-in providers, or one spec to one file.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::{print_diagnostics, EXIT_ERRORS, EXIT_OK, EXIT_USAGE};
use clap::parser::ValueSource;
use clap::{Arg, ArgAction, ArgMatches};

use crate::generate::{generate_into, Generated, Layout, Options};
use crate::manifest::Target;
use crate::options::{Kind, OptionInfo, Value, OPTIONS};

#[derive(Debug, clap::Args)]
pub(super) struct GenerateArgs {
    /// The spec to generate from; without it, the built-in providers are
    /// regenerated from `specs/` into `generated/src/`.
    #[arg(value_name = "SPEC", requires = "output")]
    spec: Option<PathBuf>,
    /// Where to write the module.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Show every warning (by default the first few are shown, with the
    /// count of the rest).
    #[arg(long)]
    all: bool,
    /// Regenerate every file a manifest lists (see `paylink-codegen check`),
    /// each with the options the manifest gives it.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["spec", "output"])]
    manifest: Option<PathBuf>,
    /// The generator's options (declared in `options.rs`).
    #[command(flatten)]
    options: OptionArgs,
}

impl GenerateArgs {
    fn options(&self) -> Options {
        (*self.options.0).clone()
    }
}

/// The generator options as flags, one per entry of [`OPTIONS`]: the
/// same names (in kebab case), defaults and help as the builder setters
/// and the macro arguments. Booleans take `--flag` or `--flag=false`;
/// lists take `--flag a,b` or the flag repeated; entries that may hold
/// commas (`--patch "Name: derive(Hash, Eq)"`) take the flag repeated.
/// Boxed, so that `generate`'s arguments stay the size of the others.
#[derive(Debug, Clone)]
struct OptionArgs(Box<Options>);

impl clap::FromArgMatches for OptionArgs {
    fn from_arg_matches(matches: &ArgMatches) -> Result<Self, clap::Error> {
        let mut options = Options::default();
        for info in OPTIONS {
            if matches.value_source(info.name) != Some(ValueSource::CommandLine) {
                continue;
            }
            let value = match info.kind {
                Kind::Switch | Kind::Bool => {
                    Value::Bool(matches.get_one::<bool>(info.name).copied().unwrap_or(true))
                }
                Kind::Str | Kind::OptStr => Value::Str(
                    matches
                        .get_one::<String>(info.name)
                        .cloned()
                        .unwrap_or_default(),
                ),
                Kind::List | Kind::Entries => Value::List(
                    matches
                        .get_many::<String>(info.name)
                        .map(|v| v.cloned().collect())
                        .unwrap_or_default(),
                ),
            };
            options
                .set(info.name, value)
                .map_err(|e| clap::Error::raw(clap::error::ErrorKind::ValueValidation, e))?;
        }
        Ok(OptionArgs(Box::new(options)))
    }

    fn update_from_arg_matches(&mut self, matches: &ArgMatches) -> Result<(), clap::Error> {
        *self = Self::from_arg_matches(matches)?;
        Ok(())
    }
}

impl clap::Args for OptionArgs {
    fn augment_args(mut cmd: clap::Command) -> clap::Command {
        for info in OPTIONS {
            cmd = cmd.arg(option_arg(info));
        }
        cmd
    }

    fn augment_args_for_update(cmd: clap::Command) -> clap::Command {
        Self::augment_args(cmd)
    }
}

fn option_arg(info: &OptionInfo) -> Arg {
    let help = format!("{} [default: {}]", info.summary(), info.default);
    let arg = Arg::new(info.name).long(info.flag).help(help);
    match info.kind {
        Kind::Switch | Kind::Bool => arg
            .value_name("BOOL")
            .num_args(0..=1)
            .require_equals(true)
            .default_missing_value("true")
            .value_parser(clap::value_parser!(bool)),
        Kind::Str | Kind::OptStr => arg.value_name("VALUE").action(ArgAction::Set),
        Kind::List => arg
            .value_name("ITEMS")
            .value_delimiter(',')
            .action(ArgAction::Append),
        Kind::Entries => arg.value_name("ENTRY").action(ArgAction::Append),
    }
}

pub(super) fn run(args: &GenerateArgs, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let (Some(spec), Some(output)) = (&args.spec, &args.output) else {
        if args.options() != Options::default() {
            let _ = writeln!(
                err,
                "error: options apply to SPEC -o FILE; the built-in providers and a manifest's modules have their own"
            );
            return EXIT_USAGE;
        }
        let targets = match &args.manifest {
            Some(manifest) => super::manifest_targets(manifest, err),
            None => super::built_in_targets(err),
        };
        return targets.map_or(EXIT_ERRORS, |targets| many(&targets, args.all, out, err));
    };
    match one(spec, output, &args.options(), args.all, err) {
        Some(g) => {
            let _ = writeln!(
                out,
                "{}: {} operations, {} types, {} warnings, {} ms",
                crate::sanitize::terminal(&output.display().to_string()),
                g.operations,
                g.types,
                g.warnings.len(),
                g.millis
            );
            if let Some(table) = &g.cargo_features {
                let _ = writeln!(
                    out,
                    "\nThe module's operations are compiled under these features; add them to Cargo.toml:\n\n{table}"
                );
            }
            EXIT_OK
        }
        None => EXIT_ERRORS,
    }
}

/// Warnings shown per spec without `--all`.
const WARNINGS_SHOWN: usize = 5;

/// Generates one spec into one file, showing its warnings (all of them
/// with `all`); `None` (with diagnostics printed) on failure.
fn one(
    spec: &Path,
    output: &Path,
    options: &Options,
    all: bool,
    err: &mut dyn Write,
) -> Option<Generated> {
    let name = spec.display().to_string();
    let text = match crate::read_spec_text(spec) {
        Ok(t) => t,
        Err(e) => {
            print_diagnostics(e.source.as_deref(), &e.diagnostics, usize::MAX, false, err);
            return None;
        }
    };
    // Staged beside the output; when that fails (no such folder), the
    // module goes nowhere, so that the spec's own errors still come first.
    let mut staged = crate::write::Staged::create(output);
    let mut nowhere = std::io::sink();
    let writer: &mut (dyn std::io::Write + Send) = match &mut staged {
        Ok(staged) => staged.writer(),
        Err(_) => &mut nowhere,
    };
    match generate_into(&name, &text, options, &Layout::File, writer) {
        Ok(g) => {
            let limit = if all { usize::MAX } else { WARNINGS_SHOWN };
            print_diagnostics(Some(&g.source), &g.warnings, limit, false, err);
            match staged.and_then(crate::write::Staged::commit) {
                Ok(_) => Some(g),
                Err(e) => {
                    let _ = writeln!(err, "error: cannot write {}: {e}", output.display());
                    None
                }
            }
        }
        Err(e) => {
            print_diagnostics(e.source.as_deref(), &e.diagnostics, 20, false, err);
            None
        }
    }
}

/// Generates each target, with a table of what each holds.
fn many(targets: &[Target], all: bool, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let _ = writeln!(
        out,
        "{:<12} {:>10} {:>6} {:>7} {:>8} {:>6}",
        "module", "operations", "types", "lines", "warnings", "ms"
    );
    let mut failed = false;
    for target in targets {
        let module = target
            .output
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        match one(&target.spec, &target.output, &target.options, all, err) {
            Some(g) => {
                let lines = g.lines;
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
