//! `provider!` as `paylink-macros` defines it (a call of
//! `paylink_codegen::expand::provider`), timed: each expansion appends its
//! time in milliseconds, on a line of its own, to the file named by
//! `PAYLINK_TIMED_LOG`. For the `expansion-in-compiler` bench only.

use std::io::Write;

/// Expands as `paylink::provider!` does, and logs how long it took.
#[proc_macro]
pub fn provider(input: proc_macro::TokenStream) -> proc_macro::TokenStream {
    let started = std::time::Instant::now();
    let expanded = paylink_codegen::expand::provider(input.into());
    let millis = started.elapsed().as_secs_f64() * 1e3;
    if let Some(log) = std::env::var_os("PAYLINK_TIMED_LOG") {
        if let Ok(mut file) = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(log)
        {
            let _ = writeln!(file, "{millis:.1}");
        }
    }
    expanded.into()
}
