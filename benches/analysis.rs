//! Analysis of a generated 10,000-component, ~20,000-link map.
//! Targets (2-core machine): full recomputation < 20 ms, one blast radius < 1 ms.

use criterion::{Criterion, criterion_group, criterion_main};
use estate_map::analysis::{Analysis, RiskRegister};
use estate_map::model::generate::generate;
use std::hint::black_box;

fn analysis(c: &mut Criterion) {
    let map = generate(10_000, 1);
    let today = "2026-11-21".parse().expect("a date");
    let analysis = Analysis::new(&map, today);
    // The lowest component has the most dependants: the worst case for a blast radius.
    let lowest = map
        .components
        .iter()
        .min_by(|a, b| a.visibility.total_cmp(&b.visibility))
        .expect("components")
        .id
        .clone();
    let reach = analysis.blast_radius(&lowest).expect("on the map");
    eprintln!(
        "blast radius of the lowest component: {} components, {} user needs",
        reach.components.len(),
        reach.user_needs.len()
    );

    let mut group = c.benchmark_group("analysis_10k");
    group.sample_size(30);
    // Everything recomputed after an edit: graph, reachability, ratings, scores,
    // register ranking, exposure, checks.
    group.bench_function("full_recomputation", |b| {
        b.iter(|| Analysis::new(black_box(&map), today))
    });
    group.bench_function("blast_radius_worst_case", |b| {
        b.iter(|| analysis.blast_radius(black_box(&lowest)))
    });
    // What the register panel does each frame: walk every row.
    group.bench_function("register_rows", |b| {
        b.iter(|| {
            RiskRegister::new(black_box(&map), &analysis)
                .rows()
                .map(|row| row.facts.dependent_needs)
                .sum::<usize>()
        })
    });
    group.finish();
}

criterion_group!(benches, analysis);
criterion_main!(benches);
