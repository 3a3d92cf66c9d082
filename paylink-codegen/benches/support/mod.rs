//! What the benchmarks share: where the real-world corpus is, and its
//! specs by size.

use std::path::PathBuf;

/// The corpus specs, largest first: `$PAYLINK_CORPUS/specs`, or the
/// corpus beside the workspace. Empty when there is none.
pub fn corpus_specs_by_size() -> Vec<PathBuf> {
    let root = std::env::var_os("PAYLINK_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus"));
    let mut specs: Vec<(u64, PathBuf)> = std::fs::read_dir(root.join("specs"))
        .map(|dir| {
            dir.filter_map(|e| e.ok())
                .filter_map(|e| Some((e.metadata().ok()?.len(), e.path())))
                .collect()
        })
        .unwrap_or_default();
    specs.sort_by_key(|s| std::cmp::Reverse(s.0));
    specs.into_iter().map(|(_, p)| p).collect()
}
