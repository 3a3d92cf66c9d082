//! A tiny progenitor command line, for timing whole processes against
//! `paylink-codegen generate --client`: `progenitor-gen SPEC OUT` reads
//! the spec, generates progenitor's client with the default settings and
//! writes it formatted with prettyplease (see
//! [`progenitor_compare::progenitor_generate`]).

use std::path::Path;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [spec, out] = args.as_slice() else {
        eprintln!("usage: progenitor-gen SPEC OUT");
        return ExitCode::from(2);
    };
    match progenitor_compare::progenitor_generate(Path::new(spec), Path::new(out)) {
        Ok(_) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
