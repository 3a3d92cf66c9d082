//! The expansion cache: a `provider!` expansion's token text kept on disk
//! beside the compiler's output, so that a build of the calling crate
//! whose spec, overlays, options and generator are unchanged lexes the
//! text it made last time instead of reading, lowering and emitting the
//! spec again. Cargo rebuilds a crate, and so expands its macros, on
//! every change to any of its files; the spec rarely changes between two.
//!
//! - **Where.** `paylink-expansions/` beside the directory the compiler
//!   writes to (its `--out-dir`, so `target/debug/paylink-expansions/`
//!   under Cargo), or the directory [`CACHE_VAR`] names; [`CACHE_VAR`]
//!   set to `off` turns the cache off. Without either (a compiler run by
//!   hand, an editor's macro server) nothing is cached. One file a call
//!   site (crate, module and spec path), replaced when its key changes,
//!   so the directory does not grow with edits.
//! - **The key** is the SHA-256 of the generator's identity (its version
//!   and the path, size and modification time of the library the macro
//!   runs from, so that a rebuilt generator never meets an old entry),
//!   the spec's name and text, each overlay's bytes and the options.
//! - **An entry is used only whole:** its header names the key and the
//!   body's length and SHA-256, checked before the body is lexed. It is
//!   written to a file of its own and renamed into place, so a reader
//!   never sees half of one. Any failure to read or write is a miss:
//!   the expansion is made as if there were no cache.

use std::ffi::OsString;
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::mpsc;

use sha2::{Digest, Sha256};

use crate::emit::hex;
use crate::options::Options;

/// The variable that turns the cache off (`off`) or names its directory.
pub const CACHE_VAR: &str = "PAYLINK_EXPANSION_CACHE";

/// The directory made beside the compiler's output directory.
pub const DIRECTORY: &str = "paylink-expansions";

/// The first line of every entry; a new format takes a new number.
const MAGIC: &str = "paylink-codegen expansion cache 1";

/// Entries longer than this are not read (a generated module of the
/// largest specs is tens of megabytes).
const MAX_ENTRY: u64 = 1 << 30;

/// One call site's entry: where it is and the key it must hold.
#[derive(Debug)]
pub struct Entry {
    path: PathBuf,
    key: String,
}

/// What an entry's key is made of, beside the generator's identity.
pub struct Inputs<'a> {
    /// The spec's name as the macro was given it.
    pub name: &'a str,
    /// The spec's text.
    pub text: &'a str,
    /// The overlays' paths, in order; each is read for the key.
    pub overlays: &'a [PathBuf],
    /// The options the expansion is made with.
    pub options: &'a Options,
}

impl Entry {
    /// The entry for the call site `site` (a file name: the crate and
    /// module) in `directory`, for `inputs`, when the generator's identity
    /// is known and every overlay reads; `None` means no caching.
    pub fn new(directory: &Path, site: &str, inputs: &Inputs<'_>) -> Option<Entry> {
        let identity = identity()?;
        Entry::with_identity(directory, site, inputs, &identity)
    }

    /// As [`Entry::new`], for a generator known as `identity`.
    pub fn with_identity(
        directory: &Path,
        site: &str,
        inputs: &Inputs<'_>,
        identity: &str,
    ) -> Option<Entry> {
        let mut hasher = Sha256::new();
        for part in [MAGIC, identity, inputs.name, inputs.text] {
            framed(&mut hasher, part.as_bytes());
        }
        for overlay in inputs.overlays {
            framed(&mut hasher, &std::fs::read(overlay).ok()?);
        }
        framed(&mut hasher, format!("{:?}", inputs.options).as_bytes());
        let key = hex(&hasher.finalize());
        let mut site_hash = Sha256::new();
        framed(&mut site_hash, site.as_bytes());
        framed(&mut site_hash, inputs.name.as_bytes());
        let file = format!("{}-{}.expansion", site, &hex(&site_hash.finalize())[..16]);
        Some(Entry {
            path: directory.join(file),
            key,
        })
    }

    /// Where the entry is kept.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The text kept for this key, when the entry holds it whole.
    pub fn load(&self) -> Option<Loaded> {
        let mut file = std::fs::File::open(&self.path).ok()?;
        if file.metadata().ok()?.len() > MAX_ENTRY {
            return None;
        }
        let mut stored = String::new();
        file.read_to_string(&mut stored).ok()?;
        let (header, start) = Header::read(&stored)?;
        let body = &stored[start..];
        let whole = header.key == self.key
            && header.length == body.len()
            && header.body_hash == hex(&Sha256::digest(body.as_bytes()));
        whole.then_some(Loaded { stored, start })
    }

    /// Keeps `text` for this key, replacing what the entry held.
    pub fn store(&self, text: &str) {
        let writer = self.writer();
        writer.add(text.to_string());
        writer.finish();
    }

    /// A writer of the entry's new text, which takes it a part at a time
    /// and writes it on a thread of its own; best effort: a failure, or a
    /// writer dropped before [`Writer::finish`], leaves the old entry or
    /// none, never half of one.
    pub fn writer(&self) -> Writer {
        let (parts, received) = mpsc::channel();
        let path = self.path.clone();
        let key = self.key.clone();
        let thread = std::thread::Builder::new()
            .name("paylink-cache".into())
            .spawn(move || {
                let _ = write_entry(&path, &key, &received);
            })
            .ok();
        Writer {
            parts: Some(parts),
            thread,
        }
    }
}

/// A stored entry's text, checked.
pub struct Loaded {
    stored: String,
    start: usize,
}

impl Loaded {
    /// The text the entry keeps.
    pub fn text(&self) -> &str {
        &self.stored[self.start..]
    }
}

/// What a [`Writer`] hands its thread.
enum Part {
    Text(String),
    End,
}

/// The writing of an entry, under way (see [`Entry::writer`]).
pub struct Writer {
    parts: Option<mpsc::Sender<Part>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Writer {
    /// Appends `text` to the entry's text.
    pub fn add(&self, text: String) {
        if let Some(parts) = &self.parts {
            let _ = parts.send(Part::Text(text));
        }
    }

    /// Ends the text and waits until the entry is in place (or given up).
    pub fn finish(mut self) {
        if let Some(parts) = self.parts.take() {
            let _ = parts.send(Part::End);
        }
        self.join();
    }

    fn join(&mut self) {
        self.parts = None;
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for Writer {
    /// A writer dropped unfinished gives the entry up: its thread sees the
    /// parts end without [`Part::End`] and removes what it wrote.
    fn drop(&mut self) {
        self.join();
    }
}

/// Writes the parts received to a staging file beside `path`, behind a
/// header of a fixed length written first as blanks and last for real,
/// and renames it to `path` once the end is received.
fn write_entry(path: &Path, key: &str, parts: &mpsc::Receiver<Part>) -> std::io::Result<()> {
    let directory = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(directory)?;
    let staging = directory.join(format!(
        ".{}.{}.{}.partial",
        path.file_name().and_then(|n| n.to_str()).unwrap_or("entry"),
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0),
    ));
    let written = (|| {
        let mut file = std::io::BufWriter::new(std::fs::File::create(&staging)?);
        file.write_all(&[b' '; Header::LENGTH])?;
        let mut hasher = Sha256::new();
        let mut length = 0;
        loop {
            match parts.recv() {
                Ok(Part::Text(text)) => {
                    hasher.update(text.as_bytes());
                    file.write_all(text.as_bytes())?;
                    length += text.len();
                }
                Ok(Part::End) => break,
                Err(_) => return Err(std::io::Error::other("the text was given up")),
            }
        }
        let header = Header {
            key: key.to_string(),
            length,
            body_hash: hex(&hasher.finalize()),
        };
        file.seek(SeekFrom::Start(0))?;
        file.write_all(header.render().as_bytes())?;
        file.flush()
    })();
    let renamed = written.and_then(|()| std::fs::rename(&staging, path));
    if renamed.is_err() {
        let _ = std::fs::remove_file(&staging);
    }
    remove_stale_staging(path);
    renamed
}

/// Staging files of `path`'s entry left by writers that did not finish
/// (a compiler stopped while it wrote), once they are older than
/// [`STALE_AFTER`]; younger ones may be another compiler's, writing.
fn remove_stale_staging(path: &Path) {
    let (Some(directory), Some(name)) = (path.parent(), path.file_name()) else {
        return;
    };
    let prefix = format!(".{}.", name.to_string_lossy());
    let Ok(listing) = std::fs::read_dir(directory) else {
        return;
    };
    for file in listing.flatten() {
        let file_name = file.file_name();
        let file_name = file_name.to_string_lossy();
        if !file_name.starts_with(&prefix) || !file_name.ends_with(".partial") {
            continue;
        }
        let age = file
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|modified| modified.elapsed().ok());
        if age.is_some_and(|age| age > STALE_AFTER) {
            let _ = std::fs::remove_file(file.path());
        }
    }
}

/// The age after which an unfinished writer's staging file is removed.
const STALE_AFTER: std::time::Duration = std::time::Duration::from_secs(600);

/// An entry's header: the key, and the length and hash of the body.
#[derive(Debug, PartialEq, Eq)]
struct Header {
    key: String,
    length: usize,
    body_hash: String,
}

impl Header {
    /// The header's length in bytes, whatever it holds: the key and the
    /// hash are 64 hex digits, the length 20 decimal ones.
    const LENGTH: usize = MAGIC.len() + 1 + 4 + 64 + 1 + 5 + 20 + 1 + 64 + 1;

    fn render(&self) -> String {
        let text = format!(
            "{MAGIC}\nkey {}\nbody {:020} {}\n",
            self.key, self.length, self.body_hash
        );
        debug_assert_eq!(text.len(), Header::LENGTH);
        text
    }

    /// The header at the start of `stored`, and where the body starts.
    fn read(stored: &str) -> Option<(Header, usize)> {
        let head = stored.get(..Header::LENGTH)?;
        let mut lines = head.lines();
        if lines.next()? != MAGIC {
            return None;
        }
        let key = lines.next()?.strip_prefix("key ")?;
        let (length, body_hash) = lines.next()?.strip_prefix("body ")?.split_once(' ')?;
        let header = Header {
            key: key.to_string(),
            length: length.parse().ok()?,
            body_hash: body_hash.to_string(),
        };
        (header.render() == head).then_some((header, Header::LENGTH))
    }
}

/// The cache's directory, from [`CACHE_VAR`]'s value (`setting`) and the
/// compiler's arguments: `None` when it is off or the compiler says
/// nothing of where it writes.
pub fn directory(
    setting: Option<OsString>,
    arguments: impl Iterator<Item = OsString>,
) -> Option<PathBuf> {
    match setting {
        Some(value) if value == "off" => return None,
        Some(value) if !value.is_empty() => return Some(PathBuf::from(value)),
        _ => {}
    }
    let out_dir = out_dir(arguments)?;
    Some(out_dir.parent().unwrap_or(&out_dir).join(DIRECTORY))
}

/// The compiler's `--out-dir`, written as one argument or two.
fn out_dir(mut arguments: impl Iterator<Item = OsString>) -> Option<PathBuf> {
    while let Some(argument) = arguments.next() {
        if argument == "--out-dir" {
            return arguments.next().map(PathBuf::from);
        }
        if let Some(value) = argument.to_str().and_then(|a| a.strip_prefix("--out-dir=")) {
            return Some(PathBuf::from(value));
        }
    }
    None
}

/// `bytes` hashed with their length before them, so that no two lists of
/// parts hash alike.
fn framed(hasher: &mut Sha256, bytes: &[u8]) {
    hasher.update((bytes.len() as u64).to_le_bytes());
    hasher.update(bytes);
}

/// The generator's identity: its version, and the path, size and
/// modification time of the library this code was loaded from (the
/// procedural macro's), which Cargo rewrites whenever the generator or
/// any of its dependencies changes.
#[cfg(unix)]
fn identity() -> Option<String> {
    let library = library_path()?;
    let metadata = std::fs::metadata(&library).ok()?;
    let modified = metadata
        .modified()
        .ok()?
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?;
    Some(format!(
        "{} {} {} {}",
        env!("CARGO_PKG_VERSION"),
        library.display(),
        metadata.len(),
        modified.as_nanos()
    ))
}

/// Elsewhere the library is not found, and nothing is cached.
#[cfg(not(unix))]
fn identity() -> Option<String> {
    None
}

/// The file of the library (or program) this function was loaded from.
#[cfg(unix)]
fn library_path() -> Option<PathBuf> {
    use std::os::unix::ffi::OsStrExt;
    let address = library_path as *const () as *const libc::c_void;
    // SAFETY: `dladdr` only reads `address` and fills `info`, which is
    // plain data that all-zero bytes initialise.
    let mut info: libc::Dl_info = unsafe { std::mem::zeroed() };
    // SAFETY: as above; `info` outlives the call.
    let found = unsafe { libc::dladdr(address, &mut info) };
    if found == 0 || info.dli_fname.is_null() {
        return None;
    }
    // SAFETY: `dli_fname` is a NUL-terminated string the loader keeps
    // while the object is loaded, which it is: this code runs from it.
    let name = unsafe { std::ffi::CStr::from_ptr(info.dli_fname) };
    let path = PathBuf::from(std::ffi::OsStr::from_bytes(name.to_bytes()));
    path.is_absolute().then_some(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!(
            "paylink-cache-{name}-{}-{:?}",
            std::process::id(),
            std::thread::current().id()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        dir
    }

    fn entry(dir: &Path, text: &str, options: &Options) -> Entry {
        let inputs = Inputs {
            name: "specs/acme.yaml",
            text,
            overlays: &[],
            options,
        };
        Entry::with_identity(dir, "crate-acme", &inputs, "generator 1").expect("no overlay to read")
    }

    #[test]
    fn a_stored_text_is_loaded_for_the_same_key_only() {
        let dir = scratch("key");
        let options = Options::default();
        let first = entry(&dir, "openapi: 3.1.0", &options);
        assert!(first.load().is_none(), "an empty cache misses");
        first.store("pub mod types {}\n");
        assert_eq!(
            first.load().as_ref().map(Loaded::text),
            Some("pub mod types {}\n")
        );

        let changed_spec = entry(&dir, "openapi: 3.0.3", &options);
        assert_eq!(changed_spec.path(), first.path(), "one file a call site");
        assert!(changed_spec.load().is_none(), "another spec misses");
        let server_off = Options {
            server: Some(false),
            ..Options::default()
        };
        assert!(entry(&dir, "openapi: 3.1.0", &server_off).load().is_none());
        let inputs = Inputs {
            name: "specs/acme.yaml",
            text: "openapi: 3.1.0",
            overlays: &[],
            options: &options,
        };
        let rebuilt = Entry::with_identity(&dir, "crate-acme", &inputs, "generator 2").unwrap();
        assert!(rebuilt.load().is_none(), "another generator misses");

        changed_spec.store("pub mod other {}\n");
        assert!(first.load().is_none(), "the entry was replaced");
        assert_eq!(
            changed_spec.load().as_ref().map(Loaded::text),
            Some("pub mod other {}\n")
        );
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_damaged_entry_misses() {
        let dir = scratch("damaged");
        let options = Options::default();
        let entry = entry(&dir, "openapi: 3.1.0", &options);
        entry.store("pub struct Client;\n");
        let stored = std::fs::read_to_string(entry.path()).unwrap();

        let flipped = stored.replace("Client", "Clienx");
        std::fs::write(entry.path(), flipped).unwrap();
        assert!(entry.load().is_none(), "a changed body misses");

        std::fs::write(entry.path(), &stored[..stored.len() - 3]).unwrap();
        assert!(entry.load().is_none(), "a cut body misses");

        std::fs::write(entry.path(), format!("{stored}pub fn extra() {{}}")).unwrap();
        assert!(entry.load().is_none(), "a longer body misses");

        std::fs::write(entry.path(), stored.replacen("cache 1", "cache 0", 1)).unwrap();
        assert!(entry.load().is_none(), "another format misses");

        std::fs::write(entry.path(), &stored).unwrap();
        assert_eq!(
            entry.load().as_ref().map(Loaded::text),
            Some("pub struct Client;\n")
        );
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_writer_joins_its_parts_and_one_given_up_leaves_the_old_entry() {
        let dir = scratch("writer");
        let options = Options::default();
        let entry = entry(&dir, "openapi: 3.1.0", &options);
        let writer = entry.writer();
        for part in ["pub mod a {\n", "pub struct B;\n", "}\n"] {
            writer.add(part.to_string());
        }
        writer.finish();
        let whole = "pub mod a {\npub struct B;\n}\n";
        assert_eq!(entry.load().as_ref().map(Loaded::text), Some(whole));

        let given_up = entry.writer();
        given_up.add("pub mod half {".to_string());
        drop(given_up);
        assert_eq!(entry.load().as_ref().map(Loaded::text), Some(whole));
        let names: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names.len(), 1, "no staging file is left: {names:?}");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_stale_staging_file_is_removed_and_a_fresh_one_kept() {
        let dir = scratch("stale");
        let options = Options::default();
        let entry = entry(&dir, "openapi: 3.1.0", &options);
        std::fs::create_dir_all(&dir).unwrap();
        let name = entry
            .path()
            .file_name()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let stale = dir.join(format!(".{name}.1.1.partial"));
        let fresh = dir.join(format!(".{name}.2.2.partial"));
        let other = dir.join(".other.expansion.3.3.partial");
        for file in [&stale, &fresh, &other] {
            std::fs::write(file, "half").unwrap();
        }
        let old = std::time::SystemTime::now() - STALE_AFTER - std::time::Duration::from_secs(60);
        for file in [&stale, &other] {
            std::fs::File::options()
                .write(true)
                .open(file)
                .unwrap()
                .set_modified(old)
                .unwrap();
        }
        entry.store("text");
        assert!(
            !stale.exists(),
            "a stale staging file of the entry is removed"
        );
        assert!(fresh.exists(), "one being written is kept");
        assert!(other.exists(), "another entry's is left to it");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn an_overlay_is_part_of_the_key_and_one_missing_means_no_entry() {
        let dir = scratch("overlay");
        std::fs::create_dir_all(&dir).unwrap();
        let overlay = dir.join("overlay.yaml");
        std::fs::write(&overlay, "overlay: 1.0.0").unwrap();
        let options = Options::default();
        let overlays = [overlay.clone()];
        let inputs = Inputs {
            name: "specs/acme.yaml",
            text: "openapi: 3.1.0",
            overlays: &overlays,
            options: &options,
        };
        let before = Entry::with_identity(&dir, "site", &inputs, "g").unwrap();
        before.store("a");
        std::fs::write(&overlay, "overlay: 1.0.0\nactions: []").unwrap();
        let after = Entry::with_identity(&dir, "site", &inputs, "g").unwrap();
        assert!(after.load().is_none(), "a changed overlay misses");
        std::fs::remove_file(&overlay).unwrap();
        assert!(Entry::with_identity(&dir, "site", &inputs, "g").is_none());
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_store_into_a_directory_that_cannot_be_made_is_a_quiet_miss() {
        let dir = scratch("blocked");
        std::fs::create_dir_all(dir.parent().unwrap()).unwrap();
        std::fs::write(&dir, "a file where the directory would be").unwrap();
        let options = Options::default();
        let entry = entry(&dir.join("below"), "openapi: 3.1.0", &options);
        entry.store("text");
        assert!(entry.load().is_none());
        let _ = std::fs::remove_file(&dir);
    }

    #[test]
    fn the_directory_follows_the_setting_then_the_compilers_out_dir() {
        let args = |list: &[&str]| {
            list.iter()
                .map(OsString::from)
                .collect::<Vec<_>>()
                .into_iter()
        };
        let cargo = args(&[
            "rustc",
            "--crate-name",
            "x",
            "--out-dir",
            "/t/debug/deps",
            "-C",
            "x",
        ]);
        assert_eq!(
            directory(None, cargo.clone()),
            Some(PathBuf::from("/t/debug/paylink-expansions"))
        );
        assert_eq!(
            directory(
                Some("".into()),
                args(&["rustc", "--out-dir=/t/release/deps"])
            ),
            Some(PathBuf::from("/t/release/paylink-expansions"))
        );
        assert_eq!(directory(Some("off".into()), cargo.clone()), None);
        assert_eq!(
            directory(Some("/elsewhere".into()), cargo),
            Some(PathBuf::from("/elsewhere"))
        );
        assert_eq!(
            directory(None, args(&["rust-analyzer-proc-macro-srv"])),
            None
        );
        assert_eq!(directory(None, args(&["rustc", "--out-dir"])), None);
    }

    #[cfg(unix)]
    #[test]
    fn the_generator_is_known_by_the_file_it_runs_from() {
        let identity = identity().expect("the test binary is found");
        let exe = std::env::current_exe().unwrap();
        assert!(identity.starts_with(env!("CARGO_PKG_VERSION")));
        assert!(
            identity.contains(&*exe.to_string_lossy()),
            "{identity} names {}",
            exe.display()
        );
    }
}
