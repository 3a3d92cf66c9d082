//! Benchmark: the `provider!` macro's expansion ([`paylink_codegen::expand::provider`])
//! for the largest spec of the corpus, client and server, and for the
//! largest built-in provider. This is the time the macro adds to a build of
//! the crate that calls it (the compiler then checks the expanded code).

use std::path::PathBuf;

use criterion::{criterion_group, criterion_main, Criterion};

mod support;
use quote::quote;

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("provider_macro");
    group.sample_size(10);
    let payroc = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../specs/payroc.yaml");
    let largest = support::corpus_specs_by_size().into_iter().take(1);
    for path in largest.chain([payroc]) {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let spec = path.display().to_string();
        let args = quote!(spec = #spec, module = "api");
        let once = paylink_codegen::expand::provider(args.clone()).to_string();
        assert!(!once.contains("compile_error"), "{name} expands");
        group.bench_function(&name, |b| {
            b.iter(|| paylink_codegen::expand::provider(args.clone()))
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
