//! Benchmark: what the generated code costs the compiler. `cargo check`
//! time of progenitor's module against paylink's, on the nexus spec
//! (`progenitor-nexus.json`), and of paylink's alone on the largest
//! corpus spec.
//!
//! Run it from the repository root with
//!
//! ```sh
//! cargo run --release --manifest-path benches/progenitor-compare/Cargo.toml --bin check-compare
//! cargo run --release --manifest-path benches/progenitor-compare/Cargo.toml --bin check-compare -- --runs 5
//! ```
//!
//! For each module it writes a scratch crate under this crate's target
//! folder (`target/check-compare/`, or under `CARGO_TARGET_DIR`), all of
//! them sharing one target folder of their own:
//!
//! - **progenitor**: progenitor's module, formatted as `progenitor-gen`
//!   writes it, in a crate with the dependencies its generated code needs
//!   (`progenitor-client` 0.15, `reqwest` 0.13, `serde`, `serde_json`,
//!   `serde_urlencoded`, `chrono`, `uuid`, `regress`, `futures`,
//!   `bytes`, `base64`, `rand`: [`PROGENITOR_DEPENDENCIES`]);
//! - **paylink client**: `paylink-codegen generate SPEC -o FILE --client`,
//!   in a crate that depends on the repository's `paylink` crate
//!   (`generated/`) by path, with the repository's `Cargo.lock`;
//! - **paylink client+server**: `generate SPEC -o FILE` (client and server),
//!   the same with the `paylink` crate's `server` feature.
//!
//! The module is `src/api.rs`, and `src/lib.rs` holds `pub mod api;`. Each
//! crate is checked once (which builds its dependencies), then `cargo
//! check` of the crate alone is timed `--runs` times (3 by default) with
//! `CARGO_INCREMENTAL=0`, `src/lib.rs` touched before each run, the
//! crates of a spec taking turns so that each round meets the same load
//! of the machine; the table
//! prints the medians of whole `cargo check` processes, in wall time and
//! in CPU time (user and system, of Cargo and the compiler: steadier than
//! wall time on a machine shared with other builds), the ratios paylink /
//! progenitor (the targets: client at most 0.7x, client and server at
//! most 1.0x) and each module's line count. The compiler's messages go to
//! `check.log` in each crate. The corpus is
//! read from `../shared/corpus` beside the repository, or from
//! `PAYLINK_CORPUS`.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant, SystemTime};

use progenitor_compare::{
    corpus_spec, largest_corpus_spec, paylink_generate, progenitor_generate, wait_cpu,
};

/// The dependencies of progenitor 0.15's generated code: those of its
/// README (with `reqwest` 0.13, the version `progenitor-client` 0.15
/// uses), plus `futures`, `uuid`, `regress`, `serde_json`, and `base64`
/// and `rand` (multipart boundaries), which the nexus module uses.
const PROGENITOR_DEPENDENCIES: &str = r#"base64 = "0.22"
bytes = "1"
chrono = { version = "0.4", default-features = false, features = ["serde"] }
futures = "0.3"
futures-core = "0.3"
progenitor-client = "0.15"
rand = "0.9"
regress = "0.10"
reqwest = { version = "0.13", default-features = false, features = ["json", "stream", "query", "form"] }
serde = { version = "1", features = ["derive"] }
serde_json = "1"
serde_urlencoded = "0.7"
uuid = { version = "1", features = ["serde", "v4"] }
"#;

/// Which generator made a module, and with what.
#[derive(Clone, Copy, PartialEq)]
enum Kind {
    /// progenitor's client.
    Progenitor,
    /// paylink's `generate --client`.
    Client,
    /// paylink's client and server.
    ClientServer,
}

impl Kind {
    fn label(self) -> &'static str {
        match self {
            Kind::Progenitor => "progenitor",
            Kind::Client => "paylink client",
            Kind::ClientServer => "paylink client+server",
        }
    }

    fn slug(self) -> &'static str {
        match self {
            Kind::Progenitor => "progenitor",
            Kind::Client => "client",
            Kind::ClientServer => "client-server",
        }
    }
}

/// One module's measure: medians in seconds.
struct Measured {
    kind: Kind,
    wall_s: f64,
    cpu_s: f64,
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let runs = args
        .iter()
        .position(|a| a == "--runs")
        .and_then(|at| args.get(at + 1))
        .and_then(|n| n.parse().ok())
        .unwrap_or(3usize)
        .max(1);
    let root = scratch_root();
    std::fs::create_dir_all(&root).expect("scratch folder");
    println!(
        "`cargo check` of the generated module alone (CARGO_INCREMENTAL=0, dependencies built first), median of {runs}"
    );
    println!("scratch crates in {}", root.display());
    let nexus = corpus_spec("progenitor-nexus.json");
    let kinds = [Kind::Progenitor, Kind::Client, Kind::ClientServer];
    report(&root, &nexus, &kinds, runs);
    report(&root, &largest_corpus_spec(), &kinds[1..], runs);
}

/// `target/check-compare` of this crate (or of `CARGO_TARGET_DIR`).
fn scratch_root() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target"))
        .join("check-compare")
}

/// Measures each kind of module of `spec` and prints the table: the
/// crates are checked in turn, run after run, so that each round meets
/// the same load of the machine.
fn report(root: &Path, spec: &Path, kinds: &[Kind], runs: usize) {
    let name = spec
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let stem = name.split('.').next().unwrap_or("spec").to_string();
    let target = root.join("target");
    let crates: Vec<(PathBuf, usize)> = kinds
        .iter()
        .map(|&kind| {
            let krate = root.join(format!("{stem}-{}", kind.slug()));
            let lines = write_crate(&krate, spec, kind);
            // The first check builds the dependencies; it is not counted.
            cargo_check(&krate, &target);
            (krate, lines)
        })
        .collect();
    let mut times: Vec<(Vec<Duration>, Vec<Duration>)> =
        vec![(Vec::new(), Vec::new()); kinds.len()];
    for _ in 0..runs {
        for ((krate, _), (walls, cpus)) in crates.iter().zip(&mut times) {
            let (wall, cpu) = time_check(krate, &target);
            walls.push(wall);
            cpus.push(cpu);
        }
    }
    println!("\n{name}");
    println!(
        "{:<24} {:>8} {:>7} {:>8} {:>7} {:>8}",
        "module", "wall s", "ratio", "CPU s", "ratio", "lines"
    );
    let mut measured: Vec<Measured> = Vec::new();
    for ((&kind, (_, lines)), (walls, cpus)) in kinds.iter().zip(&crates).zip(&mut times) {
        let (wall_s, cpu_s) = (median_s(walls), median_s(cpus));
        measured.push(Measured {
            kind,
            wall_s,
            cpu_s,
        });
        let base = measured.iter().find(|m| m.kind == Kind::Progenitor);
        let ratio = |of: fn(&Measured) -> f64, value: f64| {
            base.map_or_else(|| "-".to_string(), |b| format!("{:.2}", value / of(b)))
        };
        println!(
            "{:<24} {wall_s:>8.2} {:>7} {cpu_s:>8.2} {:>7} {lines:>8}",
            kind.label(),
            ratio(|m| m.wall_s, wall_s),
            ratio(|m| m.cpu_s, cpu_s),
        );
    }
}

/// Writes the scratch crate of `spec`'s module of `kind` into `krate`;
/// the module's line count.
fn write_crate(krate: &Path, spec: &Path, kind: Kind) -> usize {
    let src = krate.join("src");
    std::fs::create_dir_all(&src).expect("scratch crate folder");
    let module = src.join("api.rs");
    let generated = match kind {
        Kind::Progenitor => progenitor_generate(spec, &module).map(drop),
        Kind::Client => paylink_generate(spec, &module, &["--client"]),
        Kind::ClientServer => paylink_generate(spec, &module, &[]),
    };
    if let Err(e) = generated {
        panic!("{}: {e}", spec.display());
    }
    std::fs::write(krate.join("Cargo.toml"), manifest(krate, kind)).expect("manifest");
    std::fs::write(
        src.join("lib.rs"),
        "//! The generated module.\n\npub mod api;\n",
    )
    .expect("lib.rs");
    if kind != Kind::Progenitor {
        // The repository's lock: the versions the `paylink` crate is tested with.
        let lock = repository().join("Cargo.lock");
        std::fs::copy(&lock, krate.join("Cargo.lock")).expect("the repository's Cargo.lock");
    }
    let text = std::fs::read_to_string(&module).expect("the module");
    text.lines().count()
}

/// The repository's root.
fn repository() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The scratch crate's `Cargo.toml`: a workspace of its own.
fn manifest(krate: &Path, kind: Kind) -> String {
    let name = krate
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let dependencies = match kind {
        Kind::Progenitor => PROGENITOR_DEPENDENCIES.to_string(),
        Kind::Client | Kind::ClientServer => {
            let path = repository().join("generated");
            let path = path.canonicalize().unwrap_or(path);
            let features = if kind == Kind::ClientServer {
                r#", features = ["server"]"#
            } else {
                ""
            };
            format!(
                "paylink = {{ path = {:?}{features} }}\n",
                path.display().to_string()
            )
        }
    };
    format!(
        "[package]\nname = \"{name}\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n[workspace]\n\n[dependencies]\n{dependencies}"
    )
}

/// One timed check of `krate` alone (its `src/lib.rs` touched first): its
/// wall and CPU time.
fn time_check(krate: &Path, target: &Path) -> (Duration, Duration) {
    touch(&krate.join("src/lib.rs"));
    let started = Instant::now();
    let cpu = cargo_check(krate, target);
    (started.elapsed(), cpu)
}

/// The median of some durations, in seconds.
fn median_s(times: &mut [Duration]) -> f64 {
    times.sort();
    times[times.len() / 2].as_secs_f64()
}

/// Sets a file's modification time to now, so Cargo checks its crate again.
fn touch(file: &Path) {
    let handle = std::fs::File::options()
        .append(true)
        .open(file)
        .expect("lib.rs opens");
    handle
        .set_modified(SystemTime::now())
        .expect("lib.rs touched");
}

/// `cargo check` of `krate` into `target`, panicking with the start of
/// its errors if it fails; the CPU time it and the compiler used.
fn cargo_check(krate: &Path, target: &Path) -> Duration {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let log = krate.join("check.log");
    let child = Command::new(cargo)
        .arg("check")
        .arg("--quiet")
        .arg("--manifest-path")
        .arg(krate.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", target)
        .env("CARGO_INCREMENTAL", "0")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(&log).expect("check.log"))
        .spawn()
        .expect("cargo runs");
    let (exit, cpu) = wait_cpu(child);
    if exit != 0 {
        let errors = std::fs::read_to_string(&log).unwrap_or_default();
        let start: String = errors.chars().take(4000).collect();
        panic!("cargo check of {} failed:\n{start}", krate.display());
    }
    cpu
}
