//! Benchmark: the `provider!` macro's expansion ([`paylink_codegen::expand::provider`])
//! for the largest spec of the corpus, client and server, and for the
//! largest built-in provider. This is the time the macro adds to a build of
//! the crate that calls it (the compiler then checks the expanded code).

use std::path::PathBuf;

use criterion::{criterion_group, criterion_main, Criterion};
use quote::quote;

fn largest_corpus_spec() -> Option<PathBuf> {
    let root = std::env::var_os("PAYLINK_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus"));
    let dir = std::fs::read_dir(root.join("specs")).ok()?;
    dir.filter_map(|e| e.ok())
        .filter_map(|e| Some((e.metadata().ok()?.len(), e.path())))
        .max_by_key(|(len, _)| *len)
        .map(|(_, path)| path)
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("provider_macro");
    group.sample_size(10);
    let payroc = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../specs/payroc.yaml");
    for path in largest_corpus_spec().into_iter().chain([payroc]) {
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
