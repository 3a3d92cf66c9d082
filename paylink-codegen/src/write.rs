//! The last stage, write: generated code onto disk, only when it changed
//! and never half-written.

use std::path::{Path, PathBuf};

/// Writes `content` unless the file already holds it; through a temporary
/// file beside it and a rename, so a failure never leaves a half-written
/// file and a file that did not change keeps its modification time (Cargo
/// then rebuilds nothing). Returns whether it wrote.
pub fn write_if_changed(path: &Path, content: &str) -> std::io::Result<bool> {
    if holds(path, content.as_bytes()) {
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

/// Whether the file at `path` holds exactly `content`: compared a block at
/// a time, so that checking a big module does not hold a second copy.
fn holds(path: &Path, content: &[u8]) -> bool {
    use std::io::Read;
    let Ok(mut file) = std::fs::File::open(path) else {
        return false;
    };
    if file.metadata().map(|m| m.len()).ok() != Some(content.len() as u64) {
        return false;
    }
    let mut block = vec![0u8; 64 * 1024];
    let mut rest = content;
    loop {
        match file.read(&mut block) {
            Ok(0) => return rest.is_empty(),
            Ok(n) if n <= rest.len() && block[..n] == rest[..n] => rest = &rest[n..],
            Ok(_) => return false,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(_) => return false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A file is rewritten only when its bytes differ, whatever the
    /// difference: the same length, longer, shorter, or past the first
    /// block.
    #[test]
    fn a_file_is_written_only_when_its_bytes_differ() {
        let dir = std::env::temp_dir().join(format!("paylink-write-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("scratch folder");
        let path = dir.join("module.rs");
        let big = "x".repeat(200 * 1024);
        let mut changed = big.clone();
        changed.replace_range(150_000..150_001, "y");
        let cases = [
            (big.as_str(), true),
            (big.as_str(), false),
            (changed.as_str(), true),
            (&big[..100], true),
            (big.as_str(), true),
            ("", true),
            ("", false),
        ];
        for (i, (content, written)) in cases.into_iter().enumerate() {
            assert_eq!(
                write_if_changed(&path, content).expect("writes"),
                written,
                "case {i}"
            );
            assert_eq!(std::fs::read_to_string(&path).expect("reads"), content);
        }
        assert!(!holds(&dir.join("missing.rs"), b""));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
