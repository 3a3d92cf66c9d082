//! The whole pipeline for one spec, from text to a formatted module: read
//! (load, normalize, resolve, parse), lower to the IR, emit and format.
//! Does no I/O: callers decide where the code goes.

use std::time::Instant;

use crate::emit::{self, EmitOptions};
use crate::{ir, read_spec_str, Diagnostic, SpecError};

/// Options for one generated module.
#[derive(Clone, Debug)]
pub struct Options {
    /// Path of the runtime module in the generated code.
    pub runtime: String,
    /// Emit the client: `Client` and a request builder per operation.
    pub client: bool,
    /// Emit the `server` module: a trait to implement and an axum router
    /// (needs the `paylink` crate's `server` feature).
    pub server: bool,
    /// Put the `server` module behind `#[cfg(feature = "...")]` of the
    /// crate that includes it.
    pub server_feature: Option<String>,
}

impl Default for Options {
    /// Client and server, through `::paylink::codegen`.
    fn default() -> Self {
        Options {
            runtime: "::paylink::codegen".to_string(),
            client: true,
            server: true,
            server_feature: None,
        }
    }
}

/// A generated module and what went into it.
#[derive(Debug)]
pub struct Generated {
    /// The formatted module source.
    pub code: String,
    /// Number of operations.
    pub operations: usize,
    /// Number of named types.
    pub types: usize,
    /// Warnings from reading and lowering, located.
    pub warnings: Vec<Diagnostic>,
    /// Wall time of the whole pipeline, in milliseconds.
    pub millis: u128,
}

/// Generates the module for the spec `text`; `name` is the spec's file name
/// (it decides JSON or YAML and appears in the header).
pub fn generate_str(name: &str, text: &str, options: &Options) -> Result<Generated, SpecError> {
    let started = Instant::now();
    let spec = read_spec_str(name, text)?;
    let (api, lowering) = ir::lower(&spec.openapi);
    let mut warnings = spec.diagnostics;
    let mut lowering = lowering;
    spec.source.locate_all(&mut lowering);
    warnings.extend(lowering);
    let file_name = std::path::Path::new(name)
        .file_name()
        .map_or_else(|| name.to_string(), |n| n.to_string_lossy().into_owned());
    let emit_options = EmitOptions {
        runtime: options.runtime.clone(),
        spec_name: file_name,
        spec_hash: emit::spec_hash(text.as_bytes()),
        client: options.client,
        server: options.server,
        server_feature: options.server_feature.clone(),
    };
    let code = emit::module(&api, &emit_options).map_err(|message| SpecError {
        diagnostics: vec![Diagnostic::error("#", message)
            .with_hint("this is a bug in paylink-codegen; please report it with the spec")],
        source: Some(Box::new(spec.source)),
    })?;
    Ok(Generated {
        code,
        operations: api.operations.len(),
        types: api.types.len(),
        warnings,
        millis: started.elapsed().as_millis(),
    })
}
