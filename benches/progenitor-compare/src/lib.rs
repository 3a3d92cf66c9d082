//! The two generators as the comparison runs them, each from a spec file
//! to a formatted module file: progenitor as its README's `build.rs`
//! example does it (`serde_json`/`serde_yaml` into `openapiv3`,
//! `Generator::generate_tokens` with the default settings, `syn::parse2`
//! and `prettyplease::unparse`), and paylink as `paylink-codegen generate
//! SPEC -o FILE --client` does it (the command line's own entry point,
//! called in the same process). Also the child-process measure of peak
//! memory the bench uses for the large specs.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

/// The four corpus specs progenitor 0.15 generates (it reads OpenAPI 3.0
/// only, and refuses the other corpus specs or panics on them).
pub const COMPARED: [&str; 4] = [
    "progenitor-nexus.json",
    "twilio-lookups-v2.yaml",
    "pagerduty-slack-integration.json",
    "progenitor-buildomat.json",
];

/// The corpus folder: `PAYLINK_CORPUS`, or `../shared/corpus` beside the
/// repository (where the project's tests find it).
pub fn corpus() -> PathBuf {
    std::env::var_os("PAYLINK_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus"))
}

/// The path of a corpus spec by file name.
pub fn corpus_spec(name: &str) -> PathBuf {
    corpus().join("specs").join(name)
}

/// The corpus's largest spec (by size).
pub fn largest_corpus_spec() -> PathBuf {
    let dir = corpus().join("specs");
    let entries =
        std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()));
    entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .max_by_key(|p| std::fs::metadata(p).map_or(0, |m| m.len()))
        .expect("the corpus has specs")
}

/// Generates `spec` with progenitor into `out`, formatted; the number of
/// bytes written.
pub fn progenitor_generate(spec: &Path, out: &Path) -> Result<usize, String> {
    let text = std::fs::read_to_string(spec).map_err(|e| format!("{}: {e}", spec.display()))?;
    let yaml = spec.extension().is_some_and(|e| e == "yaml" || e == "yml");
    let document: openapiv3::OpenAPI = if yaml {
        serde_yaml::from_str(&text).map_err(|e| e.to_string())?
    } else {
        serde_json::from_str(&text).map_err(|e| e.to_string())?
    };
    let settings = progenitor_impl::GenerationSettings::default();
    let mut generator = progenitor_impl::Generator::new(&settings);
    let tokens = generator
        .generate_tokens(&document)
        .map_err(|e| e.to_string())?;
    let file: syn::File = syn::parse2(tokens).map_err(|e| e.to_string())?;
    let code = prettyplease::unparse(&file);
    std::fs::write(out, &code).map_err(|e| format!("{}: {e}", out.display()))?;
    Ok(code.len())
}

/// Runs `paylink-codegen generate SPEC -o OUT` with `flags` in this
/// process (its output and diagnostics dropped).
pub fn paylink_generate(spec: &Path, out: &Path, flags: &[&str]) -> Result<(), String> {
    let mut args: Vec<OsString> = vec!["paylink-codegen".into(), "generate".into()];
    args.push(spec.into());
    args.push("-o".into());
    args.push(out.into());
    args.extend(flags.iter().map(OsString::from));
    let mut sink = std::io::sink();
    let mut errors = Vec::new();
    match paylink_codegen::cli::run(args, &mut sink, &mut errors) {
        0 => Ok(()),
        code => Err(format!(
            "paylink-codegen exited {code}: {}",
            String::from_utf8_lossy(&errors)
        )),
    }
}

/// Waits for a child: its exit status and peak resident set in kB (the
/// memory bench's own helper, shared by path).
#[path = "../../../paylink-codegen/benches/support/peak.rs"]
mod peak;
pub use peak::{wait, wait_cpu};
