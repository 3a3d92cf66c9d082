//! The `paylink-codegen` command; all of its logic lives in [`paylink_codegen::cli`].

/// mimalloc: generation allocates and frees many small values, and
/// glibc's allocator took a third of the time (see the `mimalloc`
/// feature).
#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    let code = paylink_codegen::cli::run(
        std::env::args_os(),
        &mut std::io::stdout(),
        &mut std::io::stderr(),
    );
    std::process::ExitCode::from(code)
}
