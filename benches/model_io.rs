//! Load and save of a generated 10,000-component, ~20,000-link map.
//! Targets (2-core machine): load < 100 ms, save < 100 ms.

use criterion::{Criterion, criterion_group, criterion_main};
use estate_map::model::{from_json_bytes, generate::generate, save_file, to_json_bytes};
use std::hint::black_box;

fn model_io(c: &mut Criterion) {
    let map = generate(10_000, 1);
    let bytes = to_json_bytes(&map);
    let dir = tempfile::tempdir().expect("temporary folder");
    let path = dir.path().join("estate.json");
    let mut group = c.benchmark_group("model_io_10k");
    group.sample_size(20);
    group.bench_function("load", |b| {
        b.iter(|| from_json_bytes(black_box(&bytes)).expect("valid"))
    });
    group.bench_function("serialise", |b| b.iter(|| to_json_bytes(black_box(&map))));
    group.bench_function("save_file", |b| {
        b.iter(|| save_file(black_box(&map), &path).expect("saved"))
    });
    group.finish();
}

criterion_group!(benches, model_io);
criterion_main!(benches);
