//! Frame time of the whole window on a generated 10,000-component map with impact
//! highlighting on: after an edit (analysis, dimmed set and scene all recomputed) and
//! when toggling impact (dimmed set and scene only). A plain frame recomputes nothing.

use criterion::{Criterion, criterion_group, criterion_main};
use egui::{Event, Key, Modifiers, Pos2, RawInput, Rect, Vec2};
use estate_map::analysis::Analysis;
use estate_map::model::generate::generate;
use estate_map::model::{Component, Map};
use estate_map::ui::{Document, EstateApp};
use std::hint::black_box;

fn input(events: Vec<Event>) -> RawInput {
    RawInput {
        screen_rect: Some(Rect::from_min_size(Pos2::ZERO, Vec2::new(1600.0, 1000.0))),
        events,
        ..RawInput::default()
    }
}

fn key(key: Key, modifiers: Modifiers) -> Event {
    Event::Key {
        key,
        physical_key: None,
        pressed: true,
        repeat: false,
        modifiers,
    }
}

struct Window {
    ctx: egui::Context,
    app: EstateApp,
}

impl Window {
    fn frame(&mut self, events: Vec<Event>) {
        let app = &mut self.app;
        let output = self.ctx.run_ui(input(events), |ui| app.frame_ui(ui));
        black_box(self.ctx.tessellate(output.shapes, output.pixels_per_point));
    }
}

/// The name of the lowest component whose blast radius is at most half the map (the
/// very lowest ones hold up nearly all of it), so both halves of the highlight are big.
fn deep_component(map: &Map) -> String {
    let analysis = Analysis::new(map, chrono::NaiveDate::MIN);
    let mut by_depth: Vec<&Component> = map.components.iter().collect();
    by_depth.sort_by(|a, b| a.visibility.total_cmp(&b.visibility));
    by_depth
        .into_iter()
        .find(|c| {
            let radius = analysis
                .blast_radius(&c.id)
                .map_or(0, |r| r.components.len());
            radius <= map.components.len() / 2
        })
        .expect("some component holds up at most half the map")
        .name
        .clone()
}

/// The app on a 10k map with a deep component found, selected and impact on.
fn window() -> Window {
    let map = generate(10_000, 1);
    let target = deep_component(&map);
    let ctx = egui::Context::default();
    let app = EstateApp::new(&ctx, Document::new(map, None));
    let mut window = Window { ctx, app };
    for _ in 0..3 {
        window.frame(vec![]);
    }
    window.frame(vec![key(Key::F, Modifiers::COMMAND)]);
    window.frame(vec![]);
    window.frame(vec![Event::Text(target.clone())]);
    window.frame(vec![key(Key::Enter, Modifiers::NONE)]);
    window.frame(vec![key(Key::I, Modifiers::NONE)]);
    window.frame(vec![]);
    assert!(window.app.impact(), "impact is on");
    let selected = window.app.selection().component_ids();
    let map = &window.app.document().map;
    let names: Vec<&str> = selected
        .iter()
        .filter_map(|id| map.component(id))
        .map(|c| c.name.as_str())
        .collect();
    assert_eq!(names, [target.as_str()], "the search selected the target");
    assert!(window.app.dimmed().len() >= map.components.len() / 2);
    window
}

fn frames(c: &mut Criterion) {
    let mut w = window();
    let runs = w.app.analysis_runs();
    c.bench_function("frame, 10k components, impact on, no change", |b| {
        b.iter(|| w.frame(vec![]))
    });
    assert_eq!(
        w.app.analysis_runs(),
        runs,
        "no recomputation without edits"
    );

    // Statuses 2 and 3 in turn: every frame is an edit.
    let mut n = 0;
    c.bench_function("frame, 10k components, impact on, after an edit", |b| {
        b.iter(|| {
            n += 1;
            let status = if n % 2 == 0 { Key::Num2 } else { Key::Num3 };
            w.frame(vec![key(status, Modifiers::NONE)]);
        })
    });
    assert!(w.app.analysis_runs() > runs, "edits recompute the analysis");

    c.bench_function("frame, 10k components, toggling impact", |b| {
        b.iter(|| w.frame(vec![key(Key::I, Modifiers::NONE)]))
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10);
    targets = frames
}
criterion_main!(benches);
