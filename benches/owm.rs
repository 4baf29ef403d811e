//! Import of a 5,000-component OWM text (about 10,000 links).
//! Target (2-core machine): import < 100 ms, plain OWM and our commented export alike.

use criterion::{Criterion, criterion_group, criterion_main};
use estate_map::interop::owm;
use estate_map::model::generate::generate;
use std::hint::black_box;

fn owm_import(c: &mut Criterion) {
    let map = generate(5_000, 1);
    let ours = owm::export(&map);
    // What OWM users write: the same statements without our estate comments.
    let plain: String = ours
        .lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .map(|l| format!("{l}\n"))
        .collect();
    assert_eq!(owm::import(&plain).map.components.len(), 5_000);
    let mut group = c.benchmark_group("owm_5k");
    group.sample_size(20);
    group.bench_function("import_plain", |b| {
        b.iter(|| owm::import(black_box(&plain)))
    });
    group.bench_function("import_with_estate_comments", |b| {
        b.iter(|| owm::import(black_box(&ours)))
    });
    group.bench_function("export", |b| b.iter(|| owm::export(black_box(&map))));
    group.finish();
}

criterion_group!(benches, owm_import);
criterion_main!(benches);
