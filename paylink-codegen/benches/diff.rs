//! Benchmark: `diff` of the two largest corpus specs against themselves
//! (the specs are read once, outside the timing; both the document walk and
//! the lowering of both sides to the IR are timed).

use criterion::{criterion_group, criterion_main, Criterion};

mod support;

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("diff");
    group.sample_size(10);
    for path in support::corpus_specs_by_size().into_iter().take(2) {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let spec = paylink_codegen::read_spec(&path).expect("corpus spec reads");
        group.bench_function(&name, |b| {
            b.iter(|| paylink_codegen::diff::diff(&spec, &spec))
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
