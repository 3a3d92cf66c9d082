//! The `paylink-codegen` command; all of its logic lives in [`paylink_codegen::cli`].

fn main() -> std::process::ExitCode {
    let code = paylink_codegen::cli::run(
        std::env::args_os(),
        &mut std::io::stdout(),
        &mut std::io::stderr(),
    );
    std::process::ExitCode::from(code)
}
