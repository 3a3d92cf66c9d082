//! The `paylink-codegen` command line, built inside this package so that
//! integration tests can run it as a process (under a memory cap and a time
//! limit) through `CARGO_BIN_EXE_paylink-cli`. It is the same code as the
//! real binary's `main`: all of the command's logic is in
//! [`paylink_codegen::cli::run`].

fn main() -> std::process::ExitCode {
    let code = paylink_codegen::cli::run(
        std::env::args_os(),
        &mut std::io::stdout(),
        &mut std::io::stderr(),
    );
    std::process::ExitCode::from(code)
}
