//! Headless frame time of the whole window (toolbar, inspector, canvas with legend):
//! `Context::run_ui` plus `tessellate`, for generated maps of 1,000 and 10,000
//! components fitted to a 1600x1000 window. Targets: 2 ms and 16 ms median.

use criterion::{Criterion, criterion_group, criterion_main};
use egui::{Event, Pos2, RawInput, Rect, Vec2};
use estate_map::model::generate::generate;
use estate_map::ui::{Document, EstateApp};
use std::hint::black_box;

fn input(frame: u64) -> RawInput {
    // The pointer wanders over the map, as a facilitator's hand does.
    let x = 300.0 + (frame % 200) as f32;
    RawInput {
        screen_rect: Some(Rect::from_min_size(Pos2::ZERO, Vec2::new(1600.0, 1000.0))),
        events: vec![Event::PointerMoved(Pos2::new(x, 400.0))],
        ..RawInput::default()
    }
}

fn bench_map(c: &mut Criterion, components: usize) {
    let ctx = egui::Context::default();
    let mut app = EstateApp::new(&ctx, Document::new(generate(components, 1), None));
    let mut frame = 0;
    let mut run = || {
        frame += 1;
        let output = ctx.run_ui(input(frame), |ui| app.frame_ui(ui));
        ctx.tessellate(output.shapes, output.pixels_per_point)
    };
    // Fonts, scene and fit settle in the first frames.
    for _ in 0..3 {
        run();
    }
    c.bench_function(&format!("canvas frame, {components} components"), |b| {
        b.iter(|| black_box(run()))
    });
}

fn frames(c: &mut Criterion) {
    bench_map(c, 1_000);
    bench_map(c, 10_000);
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = frames
}
criterion_main!(benches);
