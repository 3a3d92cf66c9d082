//! Benchmark: load + normalize + parse into `openapiv3` for the three
//! largest specs of the corpus and the five built-in providers.

use std::path::PathBuf;

use criterion::{criterion_group, criterion_main, Criterion};

fn corpus_specs() -> Vec<PathBuf> {
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
    specs.into_iter().take(3).map(|(_, p)| p).collect()
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("read_spec");
    group.sample_size(20);
    for path in corpus_specs() {
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
