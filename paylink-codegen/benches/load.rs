//! Benchmark: load + normalize + parse into `openapiv3` for the three
//! largest specs of the corpus and the five built-in providers.

use criterion::{criterion_group, criterion_main, Criterion};

mod support;

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("read_spec");
    group.sample_size(20);
    for path in support::corpus_specs_by_size().into_iter().take(3) {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let text = std::fs::read_to_string(&path).expect("corpus spec is readable");
        group.bench_function(&name, |b| {
            b.iter(|| paylink_codegen::read_spec_str(&name, &text).expect("corpus spec reads"))
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
