//! `provider!`'s expansion cache, through Cargo: a build writes one entry
//! beside the compiler's output; the next build of the crate, with the
//! spec unchanged, lexes the entry's text instead of generating it again
//! (shown by an item added to the entry, which only a build that uses it
//! can see); a changed spec, or the cache turned off, generates afresh.
//!
//! The scratch crate lives at `target/expansion-cache/` and builds into
//! `target/corpus-check-target/`, whose dependencies it shares.

use std::path::{Path, PathBuf};

use paylink_tests::scratch::{cargo_with, write_if_changed, write_manifest_with};
use paylink_tests::workspace_root;
use sha2::{Digest, Sha256};

/// The entry format's first line (see `paylink_codegen::expand::cache`).
const MAGIC: &str = "paylink-codegen expansion cache 1";

/// An item the test adds to the cached text.
const ADDED: &str =
    "/// Added to the cached text by the test.\npub const FROM_THE_CACHE: bool = true;\n";

const LIB: &str = "//! A provider expanded by `provider!`.\n\
paylink::provider!(spec = \"ropo.json\");\n";

const LIB_USING_ADDED: &str = "//! A provider expanded by `provider!`.\n\
paylink::provider!(spec = \"ropo.json\");\n\n\
/// Compiles only if the expansion is the cached text the test changed.\n\
pub const SEEN: bool = ropo::FROM_THE_CACHE;\n";

#[test]
fn a_rebuild_lexes_the_cached_expansion_until_the_spec_changes() {
    let dir = workspace_root().join("target").join("expansion-cache");
    let target = workspace_root().join("target").join("corpus-check-target");
    let spec = std::fs::read_to_string(workspace_root().join("specs").join("ropo.json"))
        .expect("the Ropo spec reads");
    write_manifest_with(&dir, "paylink-expansion-cache", &["macros", "server"], "");
    write_if_changed(&dir.join("ropo.json"), &spec);
    write_if_changed(&dir.join("src").join("lib.rs"), LIB);
    let entries = target.join("debug").join("paylink-expansions");
    let _ = std::fs::remove_dir_all(&entries);

    check(&dir, &target, &[], true, "the first build");
    let entry = only_entry(&entries);
    let (key, body) = read_entry(&entry);
    assert!(
        body.contains("pub struct Client"),
        "the entry holds the module"
    );

    // The same spec: the entry, with the item added, is what the build sees.
    write_entry(&entry, &key, &format!("{body}{ADDED}"));
    write_if_changed(&dir.join("src").join("lib.rs"), LIB_USING_ADDED);
    check(
        &dir,
        &target,
        &[],
        true,
        "a build reading the changed entry",
    );
    // Turned off, the cache is not read: the item is not there.
    let said = check(
        &dir,
        &target,
        &[("PAYLINK_EXPANSION_CACHE", "off")],
        false,
        "a build with the cache off",
    );
    assert!(said.contains("FROM_THE_CACHE"), "{said}");
    assert_eq!(
        read_entry(&entry).0,
        key,
        "nothing is written when it is off"
    );

    // A changed spec has another key: the module is generated afresh and
    // the entry replaced.
    write_if_changed(&dir.join("ropo.json"), &format!("{spec}\n"));
    let said = check(&dir, &target, &[], false, "a build of a changed spec");
    assert!(said.contains("FROM_THE_CACHE"), "{said}");
    assert_eq!(only_entry(&entries), entry, "one entry a call site");
    let (new_key, new_body) = read_entry(&entry);
    assert_ne!(new_key, key);
    assert_eq!(new_body, body, "a blank line more gives the same module");
    write_if_changed(&dir.join("ropo.json"), &spec);
    write_if_changed(&dir.join("src").join("lib.rs"), LIB);
}

/// Runs `cargo check` on the crate with `envs`, expecting `success`;
/// returns what it said.
fn check(dir: &Path, target: &Path, envs: &[(&str, &str)], success: bool, what: &str) -> String {
    // A build of the crate expands the macro again only when a file of it
    // changed since the last: make sure one did.
    let lib = dir.join("src").join("lib.rs");
    let text = std::fs::read_to_string(&lib).expect("lib.rs reads");
    std::fs::write(&lib, text).expect("lib.rs writes");
    let output = cargo_with(dir, target, &["check", "--offline", "--color=never"], envs);
    let said = String::from_utf8_lossy(&output.stderr).into_owned();
    assert_eq!(output.status.success(), success, "{what}:\n{said}");
    said
}

/// The one entry in `entries`.
fn only_entry(entries: &Path) -> PathBuf {
    let found: Vec<PathBuf> = std::fs::read_dir(entries)
        .unwrap_or_else(|e| panic!("{}: {e}", entries.display()))
        .map(|e| e.expect("a directory entry").path())
        .collect();
    assert_eq!(found.len(), 1, "one entry and nothing else: {found:?}");
    let name = found[0].file_name().unwrap().to_string_lossy().into_owned();
    assert!(
        name.starts_with("paylink_expansion_cache-ropo-") && name.ends_with(".expansion"),
        "{name}"
    );
    found[0].clone()
}

/// The key and body of the entry at `path`, its header checked.
fn read_entry(path: &Path) -> (String, String) {
    let stored = std::fs::read_to_string(path).expect("the entry reads");
    let mut lines = stored.splitn(4, '\n');
    assert_eq!(lines.next(), Some(MAGIC));
    let key = lines
        .next()
        .and_then(|l| l.strip_prefix("key "))
        .expect("key line");
    let body_line = lines
        .next()
        .and_then(|l| l.strip_prefix("body "))
        .expect("body line");
    let body = lines.next().expect("body");
    assert_eq!(body_line, body_line_of(body));
    (key.to_string(), body.to_string())
}

/// Writes an entry holding `body` under `key`, as the cache does.
fn write_entry(path: &Path, key: &str, body: &str) {
    let header = format!("{MAGIC}\nkey {key}\nbody {}\n", body_line_of(body));
    std::fs::write(path, format!("{header}{body}")).expect("the entry writes");
}

fn body_line_of(body: &str) -> String {
    let hash: String = Sha256::digest(body.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    format!("{:020} {hash}", body.len())
}
