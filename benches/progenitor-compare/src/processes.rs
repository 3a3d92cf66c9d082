//! The comparison as whole processes, start-up included: the
//! `paylink-codegen` binary (`generate SPEC -o OUT --client`, on its own
//! allocator) against this crate's `progenitor-gen SPEC OUT` (progenitor
//! with prettyplease, on the system's), each started `runs` times per
//! spec, the two interleaved and the order swapped every round. Both
//! binaries are built (release) first, so the numbers are of the code
//! checked out.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use progenitor_compare::{corpus_spec, COMPARED};

use crate::median_ms;

/// Builds both binaries and prints the table; a note instead when they
/// cannot be built.
pub fn report(dir: &Path, runs: usize) {
    println!("whole processes: paylink-codegen `generate --client` against progenitor-gen, median of {runs}, interleaved");
    let (paylink, progenitor) = match binaries() {
        Ok(found) => found,
        Err(e) => {
            println!("skipped: {e}\n");
            return;
        }
    };
    println!(
        "{:<34} {:>14} {:>12} {:>7}",
        "spec", "progenitor ms", "paylink ms", "ratio"
    );
    let mut log_sum = 0.0;
    for spec in COMPARED {
        let path = corpus_spec(spec);
        let ours = |out: &Path| {
            let mut c = Command::new(&paylink);
            c.arg("generate")
                .arg(&path)
                .arg("-o")
                .arg(out)
                .arg("--client");
            c
        };
        let theirs = |out: &Path| {
            let mut c = Command::new(&progenitor);
            c.arg(&path).arg(out);
            c
        };
        let [mut p, mut q] = interleaved(
            runs,
            || theirs(&dir.join("p.rs")),
            || ours(&dir.join("q.rs")),
        );
        let (p, q) = (median_ms(&mut p), median_ms(&mut q));
        log_sum += (q / p).ln();
        println!("{spec:<34} {p:>14.1} {q:>12.1} {:>7.2}", q / p);
    }
    let geomean = (log_sum / COMPARED.len() as f64).exp();
    println!("geometric mean of the ratios (paylink / progenitor): {geomean:.2}\n");
}

/// The two commands' times, `runs` each after one round that warms the
/// caches, in turn and the order swapped every round.
fn interleaved(
    runs: usize,
    theirs: impl Fn() -> Command,
    ours: impl Fn() -> Command,
) -> [Vec<Duration>; 2] {
    let mut times = [Vec::new(), Vec::new()];
    for round in 0..=runs {
        let (tp, tq) = if round % 2 == 0 {
            let tp = run(theirs());
            (tp, run(ours()))
        } else {
            let tq = run(ours());
            (run(theirs()), tq)
        };
        if round > 0 {
            times[0].push(tp);
            times[1].push(tq);
        }
    }
    times
}

/// How long one process takes, from start to exit; panics when it fails.
fn run(mut command: Command) -> Duration {
    let started = Instant::now();
    let status = command
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .unwrap_or_else(|e| panic!("{command:?}: {e}"));
    let took = started.elapsed();
    assert!(status.success(), "{command:?}: {status}");
    took
}

/// `paylink-codegen` and `progenitor-gen`, built in release.
fn binaries() -> Result<(PathBuf, PathBuf), String> {
    let bench = Path::new(env!("CARGO_MANIFEST_DIR"));
    let repo = bench.join("../..");
    build(
        &repo.join("Cargo.toml"),
        &["-p", "paylink-codegen", "--bin", "paylink-codegen"],
    )?;
    build(&bench.join("Cargo.toml"), &["--bin", "progenitor-gen"])?;
    let found = |path: PathBuf| {
        if path.is_file() {
            Ok(path)
        } else {
            Err(format!("{} was not built", path.display()))
        }
    };
    Ok((
        found(repo.join("target/release/paylink-codegen"))?,
        found(bench.join("target/release/progenitor-gen"))?,
    ))
}

/// `cargo build --release` of the manifest's `what`.
fn build(manifest: &Path, what: &[&str]) -> Result<(), String> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let status = Command::new(cargo)
        .args(["build", "--release", "--quiet", "--manifest-path"])
        .arg(manifest)
        .args(what)
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!(
            "cargo build of {} failed: {status}",
            manifest.display()
        ))
    }
}
