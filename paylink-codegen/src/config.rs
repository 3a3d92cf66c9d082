//! The build.rs API: a [`Config`] builder, in the manner of prost-build.
//!
//! [`Config::generate`] runs the pipeline on a spec's text and returns the
//! module; it does no I/O. [`Config::compile`] reads a spec file, writes its
//! module into `OUT_DIR` (unformatted unless [`Config::formatted`] asks;
//! only when the content changed, so Cargo does not rebuild for nothing)
//! and tells Cargo to rerun the build script when the
//! spec changes. The setters of the generator's options are declared with
//! the options themselves, in [`crate::options`].
//!
//! ```no_run
//! // build.rs
//! fn main() -> Result<(), paylink_codegen::Error> {
//!     paylink_codegen::Config::new()
//!         .server(false)
//!         .compile("specs/acme.yaml")?;
//!     Ok(())
//! }
//! ```
//!
//! and in the crate, `paylink::include_provider!("acme");` (or
//! `include!(concat!(env!("OUT_DIR"), "/acme.rs"));`) defines `pub mod acme`.

use std::fmt;
use std::path::{Path, PathBuf};

use crate::generate::{generate_layout, generate_unformatted, Generated, Layout};
use crate::options::{OptionError, Options};
use crate::{naming, SpecError};

/// Generator settings for a build script; see the [module docs](self).
#[derive(Clone, Debug, Default)]
pub struct Config {
    pub(crate) options: Options,
    module: Option<String>,
    out_dir: Option<PathBuf>,
    formatted: bool,
}

/// What went wrong in [`Config::generate`] or [`Config::compile`]. Its
/// `Debug` is its `Display`, so that a build script returning it prints
/// the located diagnostics rather than a struct dump.
#[derive(thiserror::Error)]
pub enum Error {
    /// The spec could not be read or generated; each diagnostic says where.
    #[error("{0}")]
    Spec(Box<SpecError>),
    /// The options contradict each other or hold an unusable value.
    #[error("{0}")]
    Option(#[from] OptionError),
    /// A file could not be read or written.
    #[error("{action} {}: {source}", path.display())]
    Io {
        /// `cannot read` or `cannot write`.
        action: &'static str,
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// Neither [`Config::out_dir`] nor the `OUT_DIR` variable is set.
    #[error("OUT_DIR is not set: call compile() from a build script, or set Config::out_dir")]
    NoOutDir,
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl From<SpecError> for Error {
    fn from(error: SpecError) -> Self {
        Error::Spec(Box::new(error))
    }
}

impl Config {
    /// A configuration with every option at its default: client and
    /// server, through `::paylink::codegen`.
    ///
    /// # Example
    ///
    /// ```no_run
    /// paylink_codegen::Config::new().compile("specs/acme.yaml")?;
    /// # Ok::<(), paylink_codegen::Error>(())
    /// ```
    pub fn new() -> Self {
        Config::default()
    }

    /// A configuration with these options.
    ///
    /// # Example
    ///
    /// ```
    /// let options = paylink_codegen::Options { types_only: true, ..Default::default() };
    /// let config = paylink_codegen::Config::with_options(options);
    /// assert!(config.options().types_only);
    /// ```
    pub fn with_options(options: Options) -> Self {
        Config {
            options,
            ..Config::default()
        }
    }

    /// The options as set so far.
    ///
    /// # Example
    ///
    /// ```
    /// let mut config = paylink_codegen::Config::new();
    /// config.tags(["links"]);
    /// assert_eq!(config.options().tags, ["links"]);
    /// ```
    pub fn options(&self) -> &Options {
        &self.options
    }

    /// The name of the generated module (and of its file in `OUT_DIR`);
    /// by default the spec's file name in snake case (`acme.yaml`: `acme`).
    ///
    /// # Example
    ///
    /// ```no_run
    /// paylink_codegen::Config::new().module("acme_v2").compile("specs/acme.yaml")?;
    /// # Ok::<(), paylink_codegen::Error>(())
    /// ```
    pub fn module(&mut self, name: impl Into<String>) -> &mut Self {
        self.module = Some(name.into());
        self
    }

    /// Where [`compile`](Self::compile) writes; by default `OUT_DIR`.
    ///
    /// # Example
    ///
    /// ```no_run
    /// paylink_codegen::Config::new().out_dir("src/generated").compile("specs/acme.yaml")?;
    /// # Ok::<(), paylink_codegen::Error>(())
    /// ```
    pub fn out_dir(&mut self, dir: impl Into<PathBuf>) -> &mut Self {
        self.out_dir = Some(dir.into());
        self
    }

    /// Whether [`compile`](Self::compile) writes the module formatted, as
    /// the CLI does; by default it writes the module's tokens a piece a
    /// line, since only the compiler reads `OUT_DIR` and formatting is most
    /// of the generation's time. Ask for it to read the module or the
    /// compiler's errors in it.
    ///
    /// # Example
    ///
    /// ```no_run
    /// paylink_codegen::Config::new().formatted(true).compile("specs/acme.yaml")?;
    /// # Ok::<(), paylink_codegen::Error>(())
    /// ```
    pub fn formatted(&mut self, formatted: bool) -> &mut Self {
        self.formatted = formatted;
        self
    }

    /// Generates the module file for a spec's text, as the CLI writes it
    /// (`generate SPEC -o FILE` with the same options); `file_name` names
    /// the spec in diagnostics and in the header, and its extension decides
    /// JSON or YAML. No I/O.
    ///
    /// # Example
    ///
    /// ```
    /// let spec = "openapi: 3.1.0\ninfo: {title: Acme, version: '1'}\npaths: {}\n";
    /// let generated = paylink_codegen::Config::new().generate("acme.yaml", spec)?;
    /// assert!(generated.code.starts_with("// @generated by paylink-codegen"));
    /// # Ok::<(), paylink_codegen::Error>(())
    /// ```
    pub fn generate(&self, file_name: &str, text: &str) -> Result<Generated, Error> {
        self.options.check()?;
        Ok(generate_layout(
            file_name,
            text,
            &self.options,
            &Layout::File,
        )?)
    }

    /// As [`generate`](Self::generate), as one `pub mod NAME { ... }` item
    /// that `include!` can bring in (NAME from [`module`](Self::module) or
    /// the file name).
    ///
    /// # Example
    ///
    /// ```
    /// let spec = "openapi: 3.1.0\ninfo: {title: Acme, version: '1'}\npaths: {}\n";
    /// let generated = paylink_codegen::Config::new().generate_item("acme.yaml", spec)?;
    /// assert!(generated.code.contains("pub mod acme {"));
    /// # Ok::<(), paylink_codegen::Error>(())
    /// ```
    pub fn generate_item(&self, file_name: &str, text: &str) -> Result<Generated, Error> {
        self.options.check()?;
        let layout = Layout::Module(self.module_name(Path::new(file_name)));
        Ok(generate_layout(file_name, text, &self.options, &layout)?)
    }

    /// Reads the spec at `spec` (relative to the build script's directory,
    /// the package root), writes `OUT_DIR/NAME.rs` (unformatted unless
    /// [`formatted`](Self::formatted) asks) when its content changed, and
    /// prints `cargo:rerun-if-changed` for the spec. Returns
    /// the path written. The spec's warnings are counted in one
    /// `cargo:warning` line.
    ///
    /// # Example
    ///
    /// ```no_run
    /// let file = paylink_codegen::Config::new().compile("specs/acme.yaml")?;
    /// # Ok::<(), paylink_codegen::Error>(())
    /// ```
    pub fn compile(&self, spec: impl AsRef<Path>) -> Result<PathBuf, Error> {
        let spec = spec.as_ref();
        println!("cargo:rerun-if-changed={}", spec.display());
        for overlay in &self.options.overlays {
            println!("cargo:rerun-if-changed={overlay}");
        }
        let text = crate::read_spec_text(spec)?;
        let name = spec.display().to_string();
        let generated = if self.formatted {
            self.generate_item(&name, &text)?
        } else {
            self.options.sides()?;
            let layout = Layout::Module(self.module_name(spec));
            generate_unformatted(&name, &text, &self.options, &layout)?
        };
        if !generated.warnings.is_empty() {
            println!(
                "cargo:warning={}: {} warnings; `paylink-codegen validate {}` shows them",
                spec.display(),
                generated.warnings.len(),
                spec.display()
            );
        }
        let dir = match &self.out_dir {
            Some(dir) => dir.clone(),
            None => std::env::var_os("OUT_DIR")
                .map(PathBuf::from)
                .ok_or(Error::NoOutDir)?,
        };
        let path = dir.join(format!("{}.rs", self.module_name(spec)));
        crate::write::write_if_changed(&path, &generated.code).map_err(|source| Error::Io {
            action: "cannot write",
            path: path.clone(),
            source,
        })?;
        Ok(path)
    }

    /// The module's name: as set, or the spec file's stem in snake case.
    fn module_name(&self, spec: &Path) -> String {
        self.module.clone().unwrap_or_else(|| module_name_for(spec))
    }
}

/// The default module name of a spec file: its stem, as a snake-case
/// identifier (`Acme-API.v2.yaml`: `acme_api_v2`).
pub fn module_name_for(spec: &Path) -> String {
    let stem = spec
        .file_stem()
        .map_or_else(|| "api".into(), |s| s.to_string_lossy());
    naming::module_name(&stem)
}
