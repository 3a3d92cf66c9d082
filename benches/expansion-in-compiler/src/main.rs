//! Benchmark: `provider!`'s expansion inside the compiler, as a user's
//! `cargo check` runs it, with the expansion cache off, missing (the first
//! build after a change of the spec, or a clean one) and hit (every other
//! build of the crate).
//!
//! It writes a scratch crate under this crate's `target/` that holds only
//! `timed_macro::provider!(spec = SPEC)`, where `timed-macro` (beside this
//! file) is `paylink::provider!` with a timer around the library's
//! expansion, built at `opt-level = 3` as the README advises. It checks
//! the crate once (building the dependencies), then `--runs` rounds of
//! the three cases in turn (the order rotated every round), each a
//! `cargo check` with `CARGO_INCREMENTAL=0` after `src/lib.rs` is
//! rewritten, and prints each case's median, least and greatest time and
//! the median hit / off ratio. Run it from the repository root with
//!
//! ```sh
//! cargo run --release --manifest-path benches/expansion-in-compiler/Cargo.toml
//! cargo run --release --manifest-path benches/expansion-in-compiler/Cargo.toml -- --runs 15 --spec PATH
//! ```
//!
//! The spec is by default the largest corpus spec (`asana-api.yaml`), read
//! from `../shared/corpus` beside the repository or from `PAYLINK_CORPUS`.
//! The first run builds the scratch crate's dependencies (a few minutes).

use std::path::{Path, PathBuf};
use std::process::Command;

/// The three cases, as the cache sees them.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Case {
    /// `PAYLINK_EXPANSION_CACHE=off`: generated, nothing written.
    Off,
    /// No entry: generated, and the entry written.
    Miss,
    /// The entry of the last build: lexed from it.
    Hit,
}

impl Case {
    const ALL: [Case; 3] = [Case::Off, Case::Miss, Case::Hit];

    fn name(self) -> &'static str {
        match self {
            Case::Off => "off",
            Case::Miss => "miss",
            Case::Hit => "hit",
        }
    }
}

struct Bench {
    repo: PathBuf,
    krate: PathBuf,
    target: PathBuf,
    log: PathBuf,
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let runs = value_of(&args, "--runs").map_or(9, |r| r.parse().expect("--runs takes a number"));
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let repo = repo.canonicalize().expect("the repository root");
    let spec = value_of(&args, "--spec").map_or_else(|| default_spec(&repo), PathBuf::from);
    let spec = spec
        .canonicalize()
        .unwrap_or_else(|e| panic!("the spec {}: {e}", spec.display()));
    let here = repo.join("benches").join("expansion-in-compiler");
    let bench = Bench {
        krate: here.join("target").join("scratch-crate"),
        target: here.join("target").join("scratch-target"),
        log: here.join("target").join("expansion-times.log"),
        repo,
    };
    bench.write_crate(&spec);
    println!("spec: {}", spec.display());
    println!("building the scratch crate's dependencies (once)...");
    bench.check(Case::Miss);
    let mut times: Vec<Vec<f64>> = vec![Vec::new(); Case::ALL.len()];
    for round in 0..runs {
        for i in 0..Case::ALL.len() {
            let index = (i + round) % Case::ALL.len();
            times[index].push(bench.check(Case::ALL[index]));
        }
    }
    report(&times);
}

impl Bench {
    fn write_crate(&self, spec: &Path) {
        let manifest = format!(
            "[package]\nname = \"expansion-scratch\"\nversion = \"0.0.0\"\nedition = \"2021\"\n\
             publish = false\n\n[workspace]\n\n[dependencies]\n\
             paylink = {{ path = {:?}, features = [\"server\"] }}\n\
             timed-macro = {{ path = {:?} }}\n\n\
             [profile.dev]\ndebug = false\n\n[profile.dev.build-override]\nopt-level = 3\n",
            self.repo.join("generated"),
            self.repo
                .join("benches")
                .join("expansion-in-compiler")
                .join("timed-macro"),
        );
        std::fs::create_dir_all(self.krate.join("src")).expect("the scratch crate's directory");
        std::fs::write(self.krate.join("Cargo.toml"), manifest).expect("its manifest");
        let lock = self.krate.join("Cargo.lock");
        if !lock.exists() {
            std::fs::copy(self.repo.join("Cargo.lock"), lock).expect("the workspace's lock file");
        }
        let lib = format!(
            "//! Only the timed macro.\ntimed_macro::provider!(spec = {:?}, module = \"api\");\n",
            spec.display().to_string()
        );
        std::fs::write(self.krate.join("src").join("lib.rs"), lib).expect("its lib.rs");
    }

    /// One `cargo check` of the crate in `case`; the expansion's time.
    fn check(&self, case: Case) -> f64 {
        let lib = self.krate.join("src").join("lib.rs");
        let text = std::fs::read_to_string(&lib).expect("lib.rs");
        std::fs::write(&lib, text).expect("lib.rs rewritten, so that Cargo checks it again");
        if case == Case::Miss {
            let entries = self.target.join("debug").join("paylink-expansions");
            let _ = std::fs::remove_dir_all(entries);
        }
        let _ = std::fs::remove_file(&self.log);
        let mut command = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
        command
            .current_dir(&self.krate)
            .args(["check", "--quiet", "--target-dir"])
            .arg(&self.target)
            .env("CARGO_INCREMENTAL", "0")
            .env("PAYLINK_TIMED_LOG", &self.log)
            .env("RUSTC_WRAPPER", "")
            .env("RUSTC_WORKSPACE_WRAPPER", "")
            .env_remove("CARGO_TARGET_DIR");
        if case == Case::Off {
            command.env("PAYLINK_EXPANSION_CACHE", "off");
        } else {
            command.env_remove("PAYLINK_EXPANSION_CACHE");
        }
        let status = command.status().expect("cargo runs");
        assert!(status.success(), "cargo check of the scratch crate failed");
        let logged = std::fs::read_to_string(&self.log).expect("the macro logged its time");
        logged
            .lines()
            .last()
            .and_then(|line| line.trim().parse().ok())
            .expect("a time in milliseconds")
    }
}

fn report(times: &[Vec<f64>]) {
    println!("\n| cache | median | least | greatest | runs |");
    println!("|---|---|---|---|---|");
    for (case, times) in Case::ALL.iter().zip(times) {
        let mut sorted = times.clone();
        sorted.sort_by(f64::total_cmp);
        println!(
            "| {} | {:.1} ms | {:.1} ms | {:.1} ms | {} |",
            case.name(),
            median(&sorted),
            sorted[0],
            sorted[sorted.len() - 1],
            sorted.len()
        );
    }
    let off = median_of(&times[0]);
    let miss = median_of(&times[1]);
    let hit = median_of(&times[2]);
    println!(
        "\nhit / off: {:.2}; miss / off: {:.2}",
        hit / off,
        miss / off
    );
}

fn median_of(times: &[f64]) -> f64 {
    let mut sorted = times.to_vec();
    sorted.sort_by(f64::total_cmp);
    median(&sorted)
}

fn median(sorted: &[f64]) -> f64 {
    let n = sorted.len();
    if n % 2 == 1 {
        sorted[n / 2]
    } else {
        (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0
    }
}

fn value_of(args: &[String], flag: &str) -> Option<String> {
    let at = args.iter().position(|a| a == flag)?;
    Some(
        args.get(at + 1)
            .unwrap_or_else(|| panic!("{flag} takes a value"))
            .clone(),
    )
}

fn default_spec(repo: &Path) -> PathBuf {
    let corpus = std::env::var_os("PAYLINK_CORPUS")
        .map_or_else(|| repo.join("../shared/corpus"), PathBuf::from);
    corpus.join("specs").join("asana-api.yaml")
}
