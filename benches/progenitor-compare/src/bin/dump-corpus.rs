//! Writes what `paylink-codegen generate` makes of every corpus spec
//! (client and server, and `--client` alone) into a folder, so that two
//! builds of the generator can be compared byte for byte:
//!
//! ```sh
//! cargo run --release --bin dump-corpus -- /tmp/before
//! # change the generator, then
//! cargo run --release --bin dump-corpus -- /tmp/after
//! diff -r /tmp/before /tmp/after
//! ```
//!
//! A spec the generator refuses leaves its error text instead.

use std::path::PathBuf;

use progenitor_compare::{corpus, paylink_generate};

fn main() {
    let out = PathBuf::from(std::env::args().nth(1).expect("usage: dump-corpus OUTDIR"));
    std::fs::create_dir_all(&out).expect("the output folder");
    let mut specs: Vec<PathBuf> = std::fs::read_dir(corpus().join("specs"))
        .expect("the corpus")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    specs.sort();
    for spec in &specs {
        let stem = spec.file_name().unwrap_or_default().to_string_lossy();
        for (suffix, flags) in [("all", &[][..]), ("client", &["--client"][..])] {
            let file = out.join(format!("{stem}.{suffix}.rs"));
            if let Err(e) = paylink_generate(spec, &file, flags) {
                std::fs::write(out.join(format!("{stem}.{suffix}.error")), e).expect("written");
            }
        }
    }
    println!("{} specs written to {}", specs.len(), out.display());
}
