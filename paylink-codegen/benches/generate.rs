//! Benchmark: the whole generation (read, normalize, lower, emit, format)
//! of the five built-in providers and the three largest corpus specs, with
//! the peak memory of each. Every spec runs in a child process of its own so
//! its peak resident set is its own.
//!
//! `cargo bench -p paylink-codegen --bench generate` prints one row a spec.
//! Under `cargo test` (no `--bench` argument) each spec runs once, as a test.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use paylink_codegen::generate::{generate_str, Options};
use paylink_codegen::providers::PROVIDERS;

const ONE: &str = "PAYLINK_BENCH_ONE";

fn main() {
    let runs = if std::env::args().any(|a| a == "--bench") {
        10
    } else {
        1
    };
    if let Ok(path) = std::env::var(ONE) {
        measure(Path::new(&path), runs);
        return;
    }
    println!(
        "{:<34} {:>9} {:>10} {:>9} {:>8}",
        "spec", "best ms", "median ms", "peak MB", "lines"
    );
    for spec in specs() {
        let output = Command::new(std::env::current_exe().expect("bench binary path"))
            .args(std::env::args().skip(1))
            .env(ONE, &spec)
            .output()
            .expect("child runs");
        let name = spec
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        let row = String::from_utf8_lossy(&output.stdout);
        assert!(
            output.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        println!("{name:<34} {}", row.trim_end());
    }
}

/// Generates one spec `runs` times and prints best and median time, peak
/// memory and output size.
fn measure(path: &Path, runs: usize) {
    let text = std::fs::read_to_string(path).expect("spec is readable");
    let name = path
        .file_name()
        .unwrap_or_default()
        .to_string_lossy()
        .into_owned();
    let mut times = Vec::with_capacity(runs);
    let mut lines = 0;
    for _ in 0..runs {
        let started = Instant::now();
        let generated = generate_str(&name, &text, &Options::default()).expect("spec generates");
        times.push(started.elapsed().as_secs_f64() * 1000.0);
        lines = generated.code.lines().count();
    }
    times.sort_by(f64::total_cmp);
    let peak_mb = peak_kb() as f64 / 1024.0;
    println!(
        "{:>9.1} {:>10.1} {:>9.1} {:>8}",
        times[0],
        times[times.len() / 2],
        peak_mb,
        lines
    );
}

/// The process's peak resident set (`VmHWM`) in kB; 0 where /proc is absent.
fn peak_kb() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
        .unwrap_or(0)
}

fn specs() -> Vec<PathBuf> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut out: Vec<PathBuf> = PROVIDERS
        .iter()
        .map(|(_, spec)| root.join("specs").join(spec))
        .collect();
    let corpus = std::env::var_os("PAYLINK_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("../shared/corpus"));
    let mut sized: Vec<(u64, PathBuf)> = std::fs::read_dir(corpus.join("specs"))
        .map(|dir| {
            dir.filter_map(Result::ok)
                .filter_map(|e| Some((e.metadata().ok()?.len(), e.path())))
                .collect()
        })
        .unwrap_or_default();
    sized.sort_by_key(|s| std::cmp::Reverse(s.0));
    out.extend(sized.into_iter().take(3).map(|(_, p)| p));
    out
}
