//! The last stage, write: generated code onto disk, only when it changed
//! and never half-written.

use std::path::{Path, PathBuf};

/// Writes `content` unless the file already holds it; through a temporary
/// file beside it and a rename, so a failure never leaves a half-written
/// file and a file that did not change keeps its modification time (Cargo
/// then rebuilds nothing). Returns whether it wrote.
pub fn write_if_changed(path: &Path, content: &str) -> std::io::Result<bool> {
    use std::io::Write;
    if holds(path, content.as_bytes()) {
        return Ok(false);
    }
    let mut staged = Staged::create(path)?;
    staged.writer().write_all(content.as_bytes())?;
    let file = staged.written()?;
    staged.put_in_place(file)?;
    Ok(true)
}

/// A file being written a piece at a time: into a temporary file beside
/// it, which [`Staged::commit`] renames over it only when the content
/// differs (as [`write_if_changed`] does), and which is removed when the
/// staging is dropped uncommitted (so a failure half-way leaves the old
/// file as it was).
pub struct Staged {
    path: PathBuf,
    tmp: PathBuf,
    writer: Option<std::io::BufWriter<std::fs::File>>,
}

impl Staged {
    /// Starts writing `path`.
    pub fn create(path: &Path) -> std::io::Result<Self> {
        let mut tmp = path.as_os_str().to_owned();
        tmp.push(".tmp");
        let tmp = PathBuf::from(tmp);
        let file = std::fs::File::create(&tmp)?;
        Ok(Staged {
            path: path.to_path_buf(),
            tmp,
            writer: Some(std::io::BufWriter::new(file)),
        })
    }

    /// Where the content goes.
    pub fn writer(&mut self) -> &mut std::io::BufWriter<std::fs::File> {
        self.writer
            .as_mut()
            .expect("the writer is only taken by commit, which consumes the staging")
    }

    /// Puts the content in place unless the file already held it; returns
    /// whether it wrote. Only new content is flushed to the disk before
    /// the rename (so a crash never leaves the file empty): a file that
    /// did not change costs no wait for the disk.
    pub fn commit(mut self) -> std::io::Result<bool> {
        let file = self.written()?;
        if same_files(&self.tmp, &self.path) {
            return Ok(false);
        }
        self.put_in_place(file)?;
        Ok(true)
    }

    /// The temporary file, its buffered content written out.
    fn written(&mut self) -> std::io::Result<std::fs::File> {
        let writer = self.writer.take().expect("the content is finished once");
        writer.into_inner().map_err(|e| e.into_error())
    }

    /// Flushes the temporary file to the disk (so that a crash never
    /// leaves an empty file in place) and renames it over the file.
    fn put_in_place(&self, file: std::fs::File) -> std::io::Result<()> {
        file.sync_all()?;
        std::fs::rename(&self.tmp, &self.path)
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        self.writer = None;
        let _ = std::fs::remove_file(&self.tmp);
    }
}

/// Whether the files at `a` and `b` hold the same bytes.
fn same_files(a: &Path, b: &Path) -> bool {
    let Ok(file) = std::fs::File::open(a) else {
        return false;
    };
    match file.metadata() {
        Ok(meta) => same_bytes(b, file, meta.len()),
        Err(_) => false,
    }
}

/// Whether the file at `path` holds exactly the `len` bytes `other` reads,
/// compared a block at a time, so that neither is held whole.
fn same_bytes(path: &Path, mut other: impl std::io::Read, len: u64) -> bool {
    let Ok(mut file) = std::fs::File::open(path) else {
        return false;
    };
    if file.metadata().map(|m| m.len()).ok() != Some(len) {
        return false;
    }
    let (mut x, mut y) = (vec![0u8; 64 * 1024], vec![0u8; 64 * 1024]);
    loop {
        let (Ok(n), Ok(m)) = (read_full(&mut file, &mut x), read_full(&mut other, &mut y)) else {
            return false;
        };
        if n != m || x[..n] != y[..n] {
            return false;
        }
        if n == 0 {
            return true;
        }
    }
}

/// Reads until `buf` is full or the reader ends; the bytes read.
fn read_full(reader: &mut impl std::io::Read, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        match reader.read(&mut buf[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(filled)
}

/// Whether the file at `path` holds exactly `content`.
fn holds(path: &Path, content: &[u8]) -> bool {
    same_bytes(path, content, content.len() as u64)
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
        staged_writes_replace_only_changed_files(&dir);
        let _ = std::fs::remove_dir_all(&dir);
    }

    /// A staged file replaces the old one only when committed with other
    /// bytes; dropped uncommitted (a failure half-way), it leaves the old
    /// file and no temporary file behind.
    fn staged_writes_replace_only_changed_files(dir: &Path) {
        use std::io::Write;
        let path = dir.join("staged.rs");
        let stage = |content: &str| {
            let mut staged = Staged::create(&path).expect("stages");
            staged
                .writer()
                .write_all(content.as_bytes())
                .expect("writes");
            staged
        };
        let big = "y".repeat(150 * 1024);
        assert!(stage(&big).commit().expect("commits"));
        assert!(!stage(&big).commit().expect("commits"));
        let mut other = big.clone();
        other.replace_range(100_000..100_001, "z");
        assert!(stage(&other).commit().expect("commits"));
        assert_eq!(std::fs::read_to_string(&path).expect("reads"), other);
        drop(stage("half-way"));
        assert_eq!(std::fs::read_to_string(&path).expect("reads"), other);
        assert!(!dir.join("staged.rs.tmp").exists());
        assert!(stage("").commit().expect("commits"));
        assert_eq!(std::fs::read_to_string(&path).expect("reads"), "");
    }
}
