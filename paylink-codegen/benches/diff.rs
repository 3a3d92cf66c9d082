//! Benchmark: `diff` of the two largest corpus specs against themselves
//! (the specs are read once, outside the timing; both the document walk and
//! the lowering of both sides to the IR are timed).

use std::path::PathBuf;

use criterion::{criterion_group, criterion_main, Criterion};

fn largest_specs() -> Vec<PathBuf> {
    let root = std::env::var_os("PAYLINK_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus"));
    let mut specs: Vec<(u64, PathBuf)> = std::fs::read_dir(root.join("specs"))
        .map(|dir| {
            dir.filter_map(|e| e.ok())
                .filter_map(|e| Some((e.metadata().ok()?.len(), e.path())))
                .collect()
        })
        .unwrap_or_default();
    specs.sort_by_key(|s| std::cmp::Reverse(s.0));
    specs.into_iter().take(2).map(|(_, p)| p).collect()
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("diff");
    group.sample_size(10);
    for path in largest_specs() {
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
