//! The last stage, write: generated code onto disk, only when it changed
//! and never half-written.

use std::fs::File;
use std::io::{BufReader, BufWriter, Read, Seek, Write};
use std::path::{Path, PathBuf};

/// Writes `content` unless the file already holds it; through a temporary
/// file beside it and a rename, so a failure never leaves a half-written
/// file and a file that did not change keeps its modification time (Cargo
/// then rebuilds nothing). Returns whether it wrote.
pub fn write_if_changed(path: &Path, content: &str) -> std::io::Result<bool> {
    let mut staged = Staged::create(path)?;
    staged.writer().write_all(content.as_bytes())?;
    staged.commit()
}

/// A file being written a piece at a time. While the pieces are the
/// bytes the file already holds, they are only compared with it, and
/// nothing is written; from the first byte that differs (or when there is
/// no file), they go to a temporary file beside it, which
/// [`Staged::commit`] renames over the file, and which is removed when the
/// staging is dropped uncommitted (so a failure half-way leaves the old
/// file as it was).
pub struct Staged {
    path: PathBuf,
    tmp: PathBuf,
    state: State,
    /// Whether the temporary file was made (and is removed on drop).
    made_tmp: bool,
}

/// Where a [`Staged`] file's bytes stand.
enum State {
    /// Every byte so far is the old file's byte at the same place; `old`
    /// reads on from the `matched`-th.
    Same { old: BufReader<File>, matched: u64 },
    /// The content differs from the old file, or there is none: it goes
    /// to the temporary file.
    New(BufWriter<File>),
    /// The temporary file could not be made or written when the content
    /// turned out to differ: the error [`Staged::commit`] returns (the
    /// rest of the content is dropped, so that the caller's own errors
    /// still come first).
    Failed(std::io::Error),
}

/// The bytes compared with the old file at a time.
const BLOCK: usize = 64 * 1024;

impl Staged {
    /// Starts writing `path`: compared with the file while it holds the
    /// same bytes, or into the temporary file at once when there is none
    /// (an error then says that it cannot be made, such as when the folder
    /// is missing).
    pub fn create(path: &Path) -> std::io::Result<Self> {
        let mut tmp = path.as_os_str().to_owned();
        tmp.push(".tmp");
        let tmp = PathBuf::from(tmp);
        let old = File::open(path)
            .ok()
            .filter(|old| old.metadata().is_ok_and(|m| m.is_file()));
        let (state, made_tmp) = match old {
            Some(old) => {
                let old = BufReader::with_capacity(BLOCK, old);
                (State::Same { old, matched: 0 }, false)
            }
            None => (State::New(BufWriter::new(File::create(&tmp)?)), true),
        };
        Ok(Staged {
            path: path.to_path_buf(),
            tmp,
            state,
            made_tmp,
        })
    }

    /// Where the content goes.
    pub fn writer(&mut self) -> &mut (dyn Write + Send) {
        self
    }

    /// Puts the content in place unless the file already held it; returns
    /// whether it wrote. Only new content is flushed to the disk before
    /// the rename (so a crash never leaves the file empty): a file that
    /// did not change costs no write at all.
    pub fn commit(mut self) -> std::io::Result<bool> {
        let writer = match std::mem::replace(&mut self.state, State::Failed(closed())) {
            State::Same { mut old, matched } => {
                let mut byte = [0u8; 1];
                if matches!(read_full(&mut old, &mut byte), Ok(0)) {
                    return Ok(false);
                }
                // The content is a shorter start of the old file.
                self.copied(old.into_inner(), matched)?
            }
            State::New(writer) => writer,
            State::Failed(e) => return Err(e),
        };
        let file = writer.into_inner().map_err(|e| e.into_error())?;
        file.sync_all()?;
        std::fs::rename(&self.tmp, &self.path)?;
        self.made_tmp = false;
        Ok(true)
    }

    /// Makes the temporary file.
    fn make_tmp(&mut self) -> std::io::Result<BufWriter<File>> {
        let file = File::create(&self.tmp)?;
        self.made_tmp = true;
        Ok(BufWriter::new(file))
    }

    /// From the `Same` state: on into the temporary file, which first
    /// gets the old file's bytes matched so far (the content written so
    /// far).
    fn diverge(&mut self) {
        self.state = match std::mem::replace(&mut self.state, State::Failed(closed())) {
            State::Same { old, matched } => match self.copied(old.into_inner(), matched) {
                Ok(writer) => State::New(writer),
                Err(e) => State::Failed(e),
            },
            other => other,
        };
    }

    /// The temporary file with the first `len` bytes of `old`.
    fn copied(&mut self, mut old: File, len: u64) -> std::io::Result<BufWriter<File>> {
        let mut writer = self.make_tmp()?;
        old.rewind()?;
        let copied = std::io::copy(&mut old.take(len), &mut writer)?;
        if copied != len {
            return Err(std::io::Error::other(format!(
                "{} changed while it was being regenerated",
                self.path.display()
            )));
        }
        Ok(writer)
    }

    /// The length of the start of `buf` that is the old file's next bytes
    /// (all of it when they match), reading that many.
    fn matching(old: &mut BufReader<File>, buf: &[u8]) -> std::io::Result<usize> {
        let mut scratch = [0u8; 4096];
        let mut done = 0;
        while done < buf.len() {
            let want = (buf.len() - done).min(scratch.len());
            let got = read_full(old, &mut scratch[..want])?;
            let same = scratch[..got]
                .iter()
                .zip(&buf[done..done + got])
                .take_while(|(a, b)| a == b)
                .count();
            done += same;
            if same < want {
                return Ok(done);
            }
        }
        Ok(done)
    }
}

/// The error of a staging used after it ended (never seen: commit
/// consumes the staging).
fn closed() -> std::io::Error {
    std::io::Error::other("the staged file was already committed")
}

impl Write for Staged {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if let State::Same { old, matched } = &mut self.state {
            match Self::matching(old, buf) {
                Ok(n) if n == buf.len() => {
                    *matched += n as u64;
                    return Ok(n);
                }
                Ok(n) => {
                    // The first `n` bytes match: keep them, then differ.
                    *matched += n as u64;
                    self.diverge();
                    self.write_new(&buf[n..])?;
                    return Ok(buf.len());
                }
                // The old file cannot be read on: the content goes to the
                // temporary file from here.
                Err(_) => self.diverge(),
            }
        }
        self.write_new(buf)?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match &mut self.state {
            State::New(writer) => writer.flush(),
            _ => Ok(()),
        }
    }
}

impl Staged {
    /// Writes `buf` into the temporary file; a failure is kept for
    /// [`Staged::commit`] and the rest of the content dropped.
    fn write_new(&mut self, buf: &[u8]) -> std::io::Result<()> {
        if let State::New(writer) = &mut self.state {
            if let Err(e) = writer.write_all(buf) {
                self.state = State::Failed(e);
            }
        }
        Ok(())
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        self.state = State::Failed(closed());
        if self.made_tmp {
            let _ = std::fs::remove_file(&self.tmp);
        }
    }
}

/// Reads until `buf` is full or the reader ends; the bytes read.
fn read_full(reader: &mut impl Read, buf: &mut [u8]) -> std::io::Result<usize> {
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
        let missing = dir.join("missing.rs");
        assert!(write_if_changed(&missing, "").expect("writes"));
        assert!(missing.exists());
        assert!(!dir.join("missing.rs.tmp").exists());
        assert!(Staged::create(&dir.join("no-folder").join("m.rs")).is_err());
        staged_writes_replace_only_changed_files(&dir);
        let _ = std::fs::remove_dir_all(&dir);
    }

    /// A staged file replaces the old one only when committed with other
    /// bytes; dropped uncommitted (a failure half-way), it leaves the old
    /// file and no temporary file behind.
    fn staged_writes_replace_only_changed_files(dir: &Path) {
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
        staged_pieces_diverge_anywhere(dir);
    }

    /// Written a piece at a time (as a module is streamed), the content is
    /// compared piece by piece: a difference inside a piece, at a piece's
    /// edge, or past the old file's end all end as the new content, and
    /// the same pieces again leave the file (and its time) alone.
    fn staged_pieces_diverge_anywhere(dir: &Path) {
        let path = dir.join("pieces.rs");
        let write = |content: &[u8], piece: usize| {
            let mut staged = Staged::create(&path).expect("stages");
            for chunk in content.chunks(piece) {
                staged.writer().write_all(chunk).expect("writes");
            }
            staged.commit().expect("commits")
        };
        let old: Vec<u8> = (0..100_000u32).map(|i| (i % 251) as u8).collect();
        for (at, piece) in [
            (0, 1000),
            (4_999, 1000),
            (5_000, 1000),
            (99_999, 7),
            (50_000, 100_000),
        ] {
            std::fs::write(&path, &old).expect("old file");
            let mut new = old.clone();
            new[at] ^= 0xff;
            assert!(write(&new, piece), "difference at {at}, pieces of {piece}");
            assert_eq!(std::fs::read(&path).expect("reads"), new);
            let time = std::fs::metadata(&path)
                .and_then(|m| m.modified())
                .expect("time");
            assert!(!write(&new, piece));
            let again = std::fs::metadata(&path)
                .and_then(|m| m.modified())
                .expect("time");
            assert_eq!(time, again);
        }
        std::fs::write(&path, &old).expect("old file");
        let mut longer = old.clone();
        longer.extend_from_slice(b"more");
        assert!(write(&longer, 4096));
        assert_eq!(std::fs::read(&path).expect("reads"), longer);
        assert!(write(&old, 4096));
        assert_eq!(std::fs::read(&path).expect("reads"), old);
        assert!(!dir.join("pieces.rs.tmp").exists());
    }
}
