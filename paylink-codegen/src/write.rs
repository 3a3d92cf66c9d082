//! The last stage, write: generated code onto disk, only when it changed
//! and never half-written.

use std::path::{Path, PathBuf};

/// Writes `content` unless the file already holds it; through a temporary
/// file beside it and a rename, so a failure never leaves a half-written
/// file and a file that did not change keeps its modification time (Cargo
/// then rebuilds nothing). Returns whether it wrote.
pub fn write_if_changed(path: &Path, content: &str) -> std::io::Result<bool> {
    if std::fs::read(path).is_ok_and(|old| old == content.as_bytes()) {
        return Ok(false);
    }
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".tmp");
    let tmp = PathBuf::from(tmp);
    std::fs::write(&tmp, content)?;
    if let Err(e) = std::fs::rename(&tmp, path) {
        let _ = std::fs::remove_file(&tmp);
        return Err(e);
    }
    Ok(true)
}
