//! The list of generated files a crate keeps: the built-in providers, or a
//! small TOML manifest of a user's own specs, outputs and options, read by
//! `paylink-codegen generate --manifest` and `paylink-codegen check`.
//!
//! ```toml
//! # paylink.toml: paths are relative to this file
//! [[module]]
//! spec = "specs/acme.yaml"
//! output = "src/acme.rs"
//! server = false
//! tags = ["links"]
//! ```
//!
//! Every key besides `spec` and `output` is a generator option, under its
//! [`options`](crate::options) name, with the same defaults as the CLI.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use toml::Spanned;

use crate::diagnostic::{join, Location};
use crate::generate::Options;
use crate::options::{option_names, Value};
use crate::providers::{paths, provider_options, PROVIDERS};
use crate::Diagnostic;

/// One generated file: where its spec is, where it goes, and how.
#[derive(Clone, Debug)]
pub struct Target {
    /// The spec, as the user named it (relative to the manifest's folder).
    pub spec: PathBuf,
    /// The generated file.
    pub output: PathBuf,
    /// The generator options.
    pub options: Options,
}

/// The built-in providers of the workspace at `root`.
pub fn built_ins(root: &Path) -> Vec<Target> {
    PROVIDERS
        .iter()
        .map(|(module, spec)| {
            let (spec, output) = paths(root, module, spec);
            Target {
                spec,
                output,
                options: provider_options(root, module),
            }
        })
        .collect()
}

/// The targets of the manifest at `path`; paths inside it are taken
/// relative to its folder. Errors are located in the manifest.
pub fn read(path: &Path) -> Result<Vec<Target>, Vec<Diagnostic>> {
    let name = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| {
        vec![
            Diagnostic::error("#", format!("cannot read the manifest {name}: {e}"))
                .with_hint("pass the path of a TOML file with [[module]] tables"),
        ]
    })?;
    let base = path.parent().map(Path::to_path_buf).unwrap_or_default();
    parse(&name, &text, &base)
}

/// The raw manifest: `[[module]]` tables of spanned values.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    #[serde(default)]
    module: Vec<BTreeMap<String, Spanned<toml::Value>>>,
}

/// Parses manifest text; `name` names it in diagnostics.
pub fn parse(name: &str, text: &str, base: &Path) -> Result<Vec<Target>, Vec<Diagnostic>> {
    let raw: Raw = toml::from_str(text).map_err(|e| {
        let offset = e.span().map_or(0, |s| s.start);
        vec![Diagnostic::error("#", format!("the manifest is not valid: {}", e.message()))
            .with_hint("the manifest is TOML: one [[module]] table per generated file, with `spec` and `output`")
            .at(locate(name, text, offset))]
    })?;
    let mut targets = Vec::new();
    let mut errors = Vec::new();
    for (index, table) in raw.module.iter().enumerate() {
        let at = |key: &str| join(&join(&join("#", "module"), &index.to_string()), key);
        let mut error = |key: &str, offset: usize, message: String, hint: &str| {
            errors.push(
                Diagnostic::error(at(key), message)
                    .with_hint(hint)
                    .at(locate(name, text, offset)),
            );
        };
        let path_of = |key: &'static str| match table
            .get(key)
            .map(|v| (v.get_ref(), v.span().start))
        {
            Some((toml::Value::String(s), _)) => Ok(base.join(s)),
            Some((_, offset)) => Err((key, offset, format!("`{key}` must be a string (a path)"))),
            None => Err((key, 0, format!("module {} has no `{key}`", index + 1))),
        };
        let (spec, output) = match (path_of("spec"), path_of("output")) {
            (Ok(spec), Ok(output)) => (spec, output),
            (Err((key, offset, message)), _) | (_, Err((key, offset, message))) => {
                error(
                    key,
                    offset,
                    message,
                    "each [[module]] needs `spec` and `output` paths",
                );
                continue;
            }
        };
        let mut options = Options::default();
        for (key, value) in table.iter().filter(|(k, _)| *k != "spec" && *k != "output") {
            let result = option_value(value.get_ref())
                .ok_or_else(|| "not a boolean, string or list of strings".to_string())
                .and_then(|v| {
                    options
                        .set(key, v)
                        .and_then(|()| options.check_one(key))
                        .map_err(|e| e.to_string())
                });
            if let Err(message) = result {
                let hint = format!("the keys are spec, output, {}", option_names());
                error(key, value.span().start, message, &hint);
            }
        }
        // Overlays, like the spec, are relative to the manifest's folder.
        for overlay in &mut options.overlays {
            *overlay = base.join(&*overlay).display().to_string();
        }
        targets.push(Target {
            spec,
            output,
            options,
        });
    }
    if errors.is_empty() {
        Ok(targets)
    } else {
        Err(errors)
    }
}

/// A TOML value as an option value.
fn option_value(value: &toml::Value) -> Option<Value> {
    match value {
        toml::Value::Boolean(b) => Some(Value::Bool(*b)),
        toml::Value::String(s) => Some(Value::Str(s.clone())),
        toml::Value::Array(items) => items
            .iter()
            .map(|v| v.as_str().map(str::to_string))
            .collect::<Option<Vec<_>>>()
            .map(Value::List),
        _ => None,
    }
}

/// Line and column of a byte offset.
fn locate(name: &str, text: &str, offset: usize) -> Location {
    let offset = offset.min(text.len());
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    Location {
        file: name.to_string(),
        line,
        column,
        offset,
        len: 1,
    }
}
