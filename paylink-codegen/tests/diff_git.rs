//! `paylink-codegen diff git:REV:PATH NEW`: the built binary run in a
//! temporary git repository, comparing the committed spec with the edited
//! working copy.

use std::path::{Path, PathBuf};
use std::process::Command;

const OLD: &str = "openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /pets:
    get:
      operationId: listPets
      responses:
        '200': {description: ok}
    delete:
      operationId: deletePets
      responses:
        '204': {description: gone}
";

const NEW: &str = "openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /pets:
    get:
      operationId: listPets
      responses:
        '200': {description: ok}
";

fn git(dir: &Path, args: &[&str]) {
    let status = Command::new("git")
        .current_dir(dir)
        .args(args)
        .status()
        .expect("git runs");
    assert!(status.success(), "git {args:?}");
}

/// A fresh repository with `spec.yaml` committed as OLD and edited to NEW.
fn repository() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("paylink-diff-git-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    git(&dir, &["init", "-q"]);
    std::fs::write(dir.join("spec.yaml"), OLD).expect("write");
    git(&dir, &["add", "spec.yaml"]);
    git(
        &dir,
        &[
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@example.com",
            "commit",
            "-qm",
            "old",
        ],
    );
    std::fs::write(dir.join("spec.yaml"), NEW).expect("write");
    dir
}

fn diff(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_paylink-codegen"))
        .current_dir(dir)
        .arg("diff")
        .args(args)
        .output()
        .expect("binary runs");
    let text = |b: Vec<u8>| String::from_utf8(b).expect("UTF-8");
    (
        output.status.code().unwrap_or(-1),
        text(output.stdout),
        text(output.stderr),
    )
}

#[test]
fn a_committed_spec_is_compared_with_the_working_copy() {
    let dir = repository();
    let (status, out, err) = diff(
        &dir,
        &[
            "git:HEAD:spec.yaml",
            "spec.yaml",
            "--format",
            "github",
            "--fail-on",
            "breaking",
        ],
    );
    assert_eq!(status, 1, "{err}");
    assert!(
        out.starts_with("::error file=spec.yaml,line=4,title=operation-removed (client)::operation DELETE /pets removed."),
        "{out}"
    );
    // The same revision on both sides: nothing changed.
    let (status, out, err) = diff(
        &dir,
        &[
            "git:HEAD:spec.yaml",
            "git:HEAD:spec.yaml",
            "--fail-on",
            "warning",
        ],
    );
    assert_eq!(status, 0, "{err}");
    assert!(out.contains("0 breaking, 0 warnings, 0 info"), "{out}");
    // A path the revision does not have.
    let (status, _, err) = diff(&dir, &["git:HEAD:missing.yaml", "spec.yaml"]);
    assert_eq!(status, 1);
    assert!(err.contains("git show HEAD:missing.yaml failed"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}
