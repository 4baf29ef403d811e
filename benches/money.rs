//! Money analysis (expected loss and harm of every system, the estate's percentiles and
//! loss-exceedance curve) of a generated 10,000-component map with service facts on its
//! user needs, at the default 10,000 draws. Target (2-core machine): under 300 ms.

use criterion::{Criterion, criterion_group, criterion_main};
use estate_map::analysis::{Analysis, MoneyAnalysis};
use estate_map::model::{Kind, generate::generate};
use std::hint::black_box;

fn money(c: &mut Criterion) {
    let mut map = generate(10_000, 1);
    for (k, need) in map
        .components
        .iter_mut()
        .filter(|c| c.kind == Kind::UserNeed)
        .enumerate()
    {
        need.patients_per_day = Some(20.0 + k as f64);
        need.outage_cost_gbp_per_day = Some(1_000.0 * (k % 7 + 1) as f64);
    }
    let today = "2026-11-21".parse().expect("a date");
    let analysis = Analysis::new(&map, today);
    eprintln!("draws: {}", map.settings.money.draws);
    let mut group = c.benchmark_group("money_10k");
    group.sample_size(10);
    group.bench_function("money_analysis", |b| {
        b.iter(|| MoneyAnalysis::new(black_box(&map), &analysis))
    });
    group.finish();
}

criterion_group!(benches, money);
criterion_main!(benches);
