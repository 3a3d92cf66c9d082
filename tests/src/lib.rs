//! Helpers shared by the workspace's integration tests: where the specs,
//! fixtures and the real-world corpus are.

use std::path::{Path, PathBuf};

/// The workspace root.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ sits in the workspace root")
        .to_path_buf()
}

/// The five built-in provider specs.
pub fn provider_specs() -> Vec<PathBuf> {
    [
        "ropo.json",
        "frontstream.json",
        "onepay.yaml",
        "payroc.yaml",
        "fortis.yaml",
    ]
    .iter()
    .map(|f| workspace_root().join("specs").join(f))
    .collect()
}

/// A fixture file under `tests/fixtures`.
pub fn fixture(relative: &str) -> PathBuf {
    workspace_root()
        .join("tests")
        .join("fixtures")
        .join(relative)
}

/// The corpus of real-world specs: `$PAYLINK_CORPUS`, or `../shared/corpus`
/// beside the workspace. `None` when absent; under CI (`CI=true`) a missing
/// corpus is a failure, not a skip.
pub fn corpus_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("PAYLINK_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("..").join("shared").join("corpus"));
    if dir.join("specs").is_dir() {
        return Some(dir);
    }
    assert!(
        std::env::var("CI").as_deref() != Ok("true"),
        "the spec corpus is missing at {} and CI=true: corpus tests must run in CI",
        dir.display()
    );
    eprintln!("corpus not found at {}: skipping", dir.display());
    None
}

/// Every spec file of the corpus, sorted by name.
pub fn corpus_specs(corpus: &Path) -> Vec<PathBuf> {
    let mut specs: Vec<PathBuf> = std::fs::read_dir(corpus.join("specs"))
        .expect("corpus specs directory is readable")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
        .collect();
    specs.sort();
    specs
}
