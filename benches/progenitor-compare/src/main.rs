//! Benchmark: paylink against progenitor (`progenitor-impl` 0.15), in one
//! run, in one process, on the four corpus specs progenitor generates
//! ([`COMPARED`]); then paylink alone on the largest corpus spec and on a
//! 4 MB synthetic spec (time and peak memory), the stages of paylink's
//! generation, and the `provider!` macro's expansion.
//!
//! This crate is a workspace of its own (so the repository's workspace,
//! its `cargo clippy --workspace` and CI never build progenitor). Run it
//! from the repository root with
//!
//! ```sh
//! cargo run --release --manifest-path benches/progenitor-compare/Cargo.toml
//! cargo run --release --manifest-path benches/progenitor-compare/Cargo.toml -- --runs 21
//! ```
//!
//! (add `--features mimalloc` to run both generators on the allocator of
//! the `paylink-codegen` binary, or `--features jemalloc` on the one a
//! procedural macro gets inside the compiler, whose binary exports
//! jemalloc's `malloc`; by default both run on the system's, as in a build
//! script). The corpus is read from `../shared/corpus` beside
//! the repository, or from `PAYLINK_CORPUS`. What each part measures:
//!
//! - **Compared.** progenitor as its README's `build.rs` example does it
//!   (parse into `openapiv3`, `Generator::generate_tokens` with the default
//!   settings, `prettyplease::unparse`, write the file: what a progenitor
//!   user gets; `cargo progenitor` formats with rustfmt instead, which
//!   costs more) against paylink's `generate SPEC -o FILE --client` through
//!   the command line's own entry point (reading, generating, formatting
//!   with prettyplease and writing; everything but starting the process).
//!   Each side runs `--runs` times (11 by default), the two interleaved
//!   and the order swapped every round; the table prints each median, the
//!   ratio paylink / progenitor and the geometric mean of the ratios.
//! - **Whole processes.** The same comparison with each generation a
//!   process of its own, start-up included: the `paylink-codegen` binary
//!   (on its allocator, mimalloc) against this crate's `progenitor-gen`
//!   (see below), both built in release first; medians and ratios as
//!   above.
//! - **Stages.** paylink's generation split into load (text to JSON
//!   value), read (normalize, resolve, parse into the model), IR (lower and
//!   select), emit (the emitters' pieces: code printed as text, and token
//!   streams unformatted), format (parse and print the token pieces with
//!   prettyplease) and write; medians.
//! - **Large.** `generate --client` and `generate` (client and server) of
//!   the largest corpus spec and of a synthetic spec of at least 4 MB
//!   (payment-API-like resources, made here), each in a child process of
//!   this binary: its in-process time and its peak resident set (`wait4`).
//! - **Macro.** `paylink_codegen::expand::provider` (what `provider!`
//!   runs) on the largest corpus spec, client and server as the macro's
//!   defaults are; median.
//!
//! `--expansion` runs only the macro's part, `--runs` times (with
//! `--features jemalloc` for the compiler's allocator).
//! `--write-synthetic FILE` only writes the synthetic spec. For whole
//! processes (start-up included), the `progenitor-gen` binary of
//! this crate is a tiny progenitor command line (`progenitor-gen SPEC
//! OUT`) to time against `paylink-codegen generate SPEC -o OUT --client`.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use progenitor_compare::{
    corpus_spec, largest_corpus_spec, paylink_generate, progenitor_generate, wait, COMPARED,
};

mod processes;
mod stages;
mod synthetic;

/// With the `mimalloc` feature, both generators run on the allocator of
/// the `paylink-codegen` binary.
#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// With the `jemalloc` feature, both run on the allocator a procedural
/// macro gets inside the compiler.
#[cfg(all(feature = "jemalloc", not(feature = "mimalloc")))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

/// The argument that makes this binary a measured child: `--child SPEC
/// OUT FLAGS...` generates with paylink and prints its milliseconds.
const CHILD: &str = "--child";

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some(CHILD) {
        return child(&args[2..]);
    }
    if let (Some("--write-synthetic"), Some(path)) = (args.get(1).map(String::as_str), args.get(2))
    {
        std::fs::write(path, synthetic::spec(4_000_000)).expect("synthetic spec");
        return;
    }
    let runs = runs(&args);
    if args.iter().any(|a| a == EXPANSION_ONLY) {
        return expansion(runs);
    }
    let dir = std::env::temp_dir().join(format!("progenitor-compare-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("scratch folder");
    compare(&dir, runs);
    processes::report(&dir, runs);
    stages::report(&dir, runs);
    large(&dir);
    expansion(runs.min(7));
    let _ = std::fs::remove_dir_all(&dir);
}

/// The argument that runs only the `provider!` expansion, `--runs` times.
const EXPANSION_ONLY: &str = "--expansion";

/// `--runs N` (at least 1), 11 by default.
fn runs(args: &[String]) -> usize {
    args.iter()
        .position(|a| a == "--runs")
        .and_then(|at| args.get(at + 1))
        .and_then(|n| n.parse().ok())
        .unwrap_or(11usize)
        .max(1)
}

/// The median of some durations, in milliseconds.
pub fn median_ms(times: &mut [Duration]) -> f64 {
    times.sort();
    let mid = times.len() / 2;
    let median = if times.len().is_multiple_of(2) {
        (times[mid - 1] + times[mid]) / 2
    } else {
        times[mid]
    };
    median.as_secs_f64() * 1e3
}

/// How long `f` takes, panicking with the spec's name if it fails.
pub fn timed<T>(what: &str, f: impl FnOnce() -> Result<T, String>) -> Duration {
    let started = Instant::now();
    if let Err(e) = f() {
        panic!("{what}: {e}");
    }
    started.elapsed()
}

fn compare(dir: &Path, runs: usize) {
    println!("paylink `generate --client` against progenitor 0.15 (prettyplease), median of {runs}, interleaved");
    println!(
        "{:<34} {:>8} {:>14} {:>12} {:>7}",
        "spec", "size KB", "progenitor ms", "paylink ms", "ratio"
    );
    let out_p = dir.join("progenitor.rs");
    let out_q = dir.join("paylink.rs");
    let mut times: Vec<[Vec<Duration>; 2]> = vec![[Vec::new(), Vec::new()]; COMPARED.len()];
    for round in 0..=runs {
        for (spec, pair) in COMPARED.iter().zip(&mut times) {
            let path = corpus_spec(spec);
            let p = || timed(spec, || progenitor_generate(&path, &out_p));
            let q = || timed(spec, || paylink_generate(&path, &out_q, &["--client"]));
            let (tp, tq) = if round % 2 == 0 {
                let tp = p();
                (tp, q())
            } else {
                let tq = q();
                (p(), tq)
            };
            // Round 0 warms the caches and is not counted.
            if round > 0 {
                pair[0].push(tp);
                pair[1].push(tq);
            }
        }
    }
    let mut log_sum = 0.0;
    for (spec, [p, q]) in COMPARED.iter().zip(&mut times) {
        let size = std::fs::metadata(corpus_spec(spec)).map_or(0, |m| m.len());
        let (p, q) = (median_ms(p), median_ms(q));
        log_sum += (q / p).ln();
        println!(
            "{spec:<34} {:>8.0} {p:>14.1} {q:>12.1} {:>7.2}",
            size as f64 / 1e3,
            q / p
        );
    }
    let geomean = (log_sum / COMPARED.len() as f64).exp();
    println!("geometric mean of the ratios (paylink / progenitor): {geomean:.2}\n");
}

/// Paylink alone on the largest corpus spec and a 4 MB synthetic one:
/// time and peak memory of a child process each.
fn large(dir: &Path) {
    let synthetic = dir.join("synthetic-4mb.json");
    std::fs::write(&synthetic, synthetic::spec(4_000_000)).expect("synthetic spec");
    println!(
        "paylink alone, each run a child process: in-process time, peak resident set; median of 3"
    );
    println!(
        "{:<26} {:>8} {:<16} {:>9} {:>9}",
        "spec", "size KB", "command", "ms", "peak MB"
    );
    for spec in [largest_corpus_spec(), synthetic] {
        for flags in [&["--client"][..], &[][..]] {
            let measured: Vec<(f64, f64)> = (0..3).map(|_| in_child(&spec, dir, flags)).collect();
            let mut ms: Vec<f64> = measured.iter().map(|m| m.0).collect();
            ms.sort_by(f64::total_cmp);
            let peak = measured.iter().map(|m| m.1).fold(0.0, f64::max);
            let name = spec.file_name().map(|n| n.to_string_lossy().into_owned());
            let command = format!("generate {}", flags.join(" "));
            println!(
                "{:<26} {:>8.0} {command:<16} {:>9.0} {peak:>9.1}",
                name.unwrap_or_default(),
                std::fs::metadata(&spec).map_or(0, |m| m.len()) as f64 / 1e3,
                ms[1],
            );
        }
    }
    println!();
}

/// Runs one generation in a child of this binary: its milliseconds and
/// its peak resident set in MB.
fn in_child(spec: &Path, dir: &Path, flags: &[&str]) -> (f64, f64) {
    let exe = std::env::current_exe().expect("the bench's own path");
    let mut command = Command::new(exe);
    command.arg(CHILD).arg(spec).arg(dir.join("large.rs"));
    let mut child = command
        .args(flags)
        .stdout(Stdio::piped())
        .spawn()
        .expect("the child starts");
    let mut stdout = String::new();
    if let Some(mut pipe) = child.stdout.take() {
        use std::io::Read as _;
        pipe.read_to_string(&mut stdout)
            .expect("the child's output");
    }
    let (exit, peak_kb) = wait(child);
    assert_eq!(exit, 0, "generating {} failed", spec.display());
    let ms = stdout
        .trim()
        .parse::<f64>()
        .expect("the child prints its milliseconds");
    (ms, peak_kb as f64 / 1024.0)
}

/// The measured child: generates and prints its milliseconds.
fn child(args: &[String]) {
    let [spec, out, flags @ ..] = args else {
        panic!("usage: {CHILD} SPEC OUT FLAGS...");
    };
    let flags: Vec<&str> = flags.iter().map(String::as_str).collect();
    let started = Instant::now();
    if let Err(e) = paylink_generate(Path::new(spec), Path::new(out), &flags) {
        panic!("{spec}: {e}");
    }
    println!("{}", started.elapsed().as_secs_f64() * 1e3);
}

/// `provider!`'s expansion of the largest corpus spec, in this process.
fn expansion(runs: usize) {
    let spec: PathBuf = largest_corpus_spec();
    let literal = format!("{:?}", spec.display().to_string());
    let args: proc_macro2::TokenStream = format!("spec = {literal}, module = \"api\"")
        .parse()
        .expect("macro arguments lex");
    let mut times = Vec::new();
    for round in 0..=runs {
        let started = Instant::now();
        let expanded = paylink_codegen::expand::provider(args.clone());
        let elapsed = started.elapsed();
        assert!(
            !expanded.to_string().contains("compile_error"),
            "{} expands",
            spec.display()
        );
        if round > 0 {
            times.push(elapsed);
        }
    }
    println!(
        "provider! expansion of {} (client and server) on {}: median of {runs}: {:.0} ms",
        spec.file_name().unwrap_or_default().to_string_lossy(),
        allocator(),
        median_ms(&mut times)
    );
}

/// The allocator this binary runs on.
fn allocator() -> &'static str {
    if cfg!(feature = "mimalloc") {
        "mimalloc"
    } else if cfg!(feature = "jemalloc") {
        "jemalloc"
    } else {
        "the system's allocator"
    }
}
