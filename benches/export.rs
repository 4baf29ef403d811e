//! Board-pack export of a generated 1,000-component map (scene layout included).
//! Targets (2-core machine): SVG < 50 ms, PNG 3000x2000 < 300 ms, PDF < 300 ms; the
//! 1k scene alone < 10.85 ms (its figure before label placement was rewritten).
//! The overview scene of a 10,000-component map (what a fitted window or an A4 page
//! shows of it, see `scene::Detail`): target < 16 ms.

use criterion::{Criterion, criterion_group, criterion_main};
use estate_map::export::{ExportOptions, Format, Size, export};
use estate_map::model::generate::generate;
use estate_map::scene;
use std::hint::black_box;

fn export_1k(c: &mut Criterion) {
    let map = generate(1000, 1);
    let mut options = ExportOptions::board_pack();
    options.scene.frame.summary = true;
    let mut group = c.benchmark_group("export_1k");
    group.sample_size(10);
    group.bench_function("scene", |b| {
        b.iter(|| scene::build(black_box(&map), &options.scene))
    });
    // The risk colouring adds one analysis of the map to the layout.
    let mut heat = options.scene.clone();
    heat.colour_by = scene::ColourBy::Risk;
    heat.today = "2026-11-22".parse().ok();
    group.bench_function("scene_risk_colouring", |b| {
        b.iter(|| scene::build(black_box(&map), &heat))
    });
    group.bench_function("svg", |b| {
        b.iter(|| export(black_box(&map), Format::Svg, &options).expect("svg"))
    });
    let png = ExportOptions {
        size: Size::Pixels {
            width: Some(3000),
            height: Some(2000),
        },
        ..options.clone()
    };
    group.bench_function("png_3000x2000", |b| {
        b.iter(|| export(black_box(&map), Format::Png, &png).expect("png"))
    });
    group.bench_function("pdf", |b| {
        b.iter(|| export(black_box(&map), Format::Pdf, &options).expect("pdf"))
    });
    group.finish();
}

fn overview_10k(c: &mut Criterion) {
    let map = generate(10_000, 1);
    let options = scene::SceneOptions {
        detail: scene::Detail::Overview {
            keep: Default::default(),
        },
        ..ExportOptions::board_pack().scene
    };
    let mut group = c.benchmark_group("export_10k");
    group.sample_size(10);
    group.bench_function("overview scene", |b| {
        b.iter(|| scene::build(black_box(&map), &options))
    });
    group.finish();
}

criterion_group!(benches, export_1k, overview_10k);
criterion_main!(benches);
