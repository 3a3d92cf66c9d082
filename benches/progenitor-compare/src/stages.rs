//! paylink's generation split into its stages, each timed alone through
//! the library's public stages: load (`load::load_str`: text to a JSON
//! value), read (`read_spec_scoped`, which loads again, minus the load:
//! normalize, resolve, parse into the model), IR (`ir::lower_with` and
//! `ir::select`), emit (`emit::module_unformatted`: the emitters' pieces,
//! the code they print as text and the token streams written flat, on the
//! same threads as a generation), format (`emit::module`, which emits and
//! formats piece by piece, minus the emit: prettyplease on the pieces made
//! of tokens) and write (the text to a file).
//! The command line reads the model only (`read_spec_model`, not public)
//! and streams the text to the file as it is formatted; the sum here is
//! within a few percent of its time.

use std::path::Path;
use std::time::{Duration, Instant};

use paylink_codegen::emit::{self, EmitOptions};
use paylink_codegen::generate::Layout;
use paylink_codegen::{ir, load, Options};
use progenitor_compare::{corpus_spec, largest_corpus_spec, COMPARED};

use crate::median_ms;

/// The stages' names, in order.
const STAGES: [&str; 6] = ["load", "read", "ir", "emit", "format", "write"];

/// Prints the split for the compared specs and the largest corpus spec.
pub fn report(dir: &Path, runs: usize) {
    println!("paylink `generate --client` by stage, ms (median of {runs}); share of the sum");
    print!("{:<34}", "spec");
    for stage in STAGES {
        print!(" {stage:>13}");
    }
    println!(" {:>8}", "sum");
    let specs = COMPARED.iter().map(|s| corpus_spec(s));
    for spec in specs.chain([largest_corpus_spec()]) {
        let mut times: [Vec<Duration>; 6] = Default::default();
        for round in 0..=runs {
            let split = split(&spec, &dir.join("stages.rs"));
            if round > 0 {
                for (t, d) in times.iter_mut().zip(split) {
                    t.push(d);
                }
            }
        }
        row(&spec, &mut times);
    }
    println!();
}

fn row(spec: &Path, times: &mut [Vec<Duration>; 6]) {
    let medians: Vec<f64> = times.iter_mut().map(|t| median_ms(t)).collect();
    let sum: f64 = medians.iter().sum();
    let name = spec.file_name().unwrap_or_default().to_string_lossy();
    print!("{name:<34}");
    for m in &medians {
        print!(" {m:>7.1} {:>4.0}%", 100.0 * m / sum);
    }
    println!(" {sum:>8.1}");
}

/// One generation, stage by stage: each stage's time.
fn split(spec: &Path, out: &Path) -> [Duration; 6] {
    let name = spec.display().to_string();
    let text = std::fs::read_to_string(spec).expect("the spec reads");
    let started = Instant::now();
    let loaded = load::load_str(&name, text.clone());
    let load = started.elapsed();
    assert!(loaded.is_ok(), "{name} loads");
    drop(loaded);
    let started = Instant::now();
    let read = paylink_codegen::read_spec_scoped(&name, &text, &[]).expect("the spec reads");
    let read_time = started.elapsed().saturating_sub(load);
    let started = Instant::now();
    let (mut api, _) = ir::lower_with(&read.model, Options::default().formats());
    ir::select(&mut api, &[], &[]).expect("every operation");
    let lower = started.elapsed();
    let options = emit_options(&name, &text);
    let started = Instant::now();
    let flat = emit::module_unformatted(&api, &options, &Layout::File).expect("the pieces");
    let emit_time = started.elapsed();
    drop(flat);
    let started = Instant::now();
    let (code, _) = emit::module(&api, &options, &Layout::File).expect("the module");
    let format = started.elapsed().saturating_sub(emit_time);
    let started = Instant::now();
    std::fs::write(out, code).expect("the module is written");
    let write = started.elapsed();
    [load, read_time, lower, emit_time, format, write]
}

/// What `generate --client` emits.
fn emit_options(name: &str, text: &str) -> EmitOptions {
    EmitOptions {
        runtime: Options::default().runtime,
        spec_name: name.to_string(),
        overlay_names: Vec::new(),
        spec_hash: emit::spec_hash(text.as_bytes()),
        client: true,
        server: false,
        server_feature: None,
        derives: Vec::new(),
    }
}
