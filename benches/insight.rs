//! Frame time of the whole window on a generated 10,000-component map with impact
//! highlighting on: after an edit (analysis, dimmed set and scene all recomputed), a
//! drag step, and when toggling impact (dimmed set and scene only); then, impact off,
//! a component added and deleted again. A plain frame recomputes nothing. After an
//! edit the analysis runs on a worker (`ui::analysis_job`), and the scene is kept
//! incrementally (`scene::update_components`, `update_membership`: a status key
//! restyles, a drag step, an add or a delete lays out again only what changed and what
//! its new place covers) with its meshes patched in place, so an edit frame measures
//! that, the copy of the map the workers read and the panels, with analyses running
//! beside it on the other core. Targets (2-core machine): no change <= 7.8 ms; after an
//! edit, a drag step, and an add or delete frame <= 16 ms median. 2 December 2026:
//! 2.2 ms, 6.0 ms, 8.5 ms, and 20.0 ms for the three frames of an add and a delete
//! (UI-thread CPU 5.7 ms per edit frame, 8.5 ms per drag step, 7.0 ms per frame adding
//! or deleting; a drag step took 30 ms and more when it built the scene again).

use criterion::{Criterion, criterion_group, criterion_main};
use egui::{Event, Key, Modifiers, PointerButton, Pos2, RawInput, Rect, Vec2};
use estate_map::analysis::Analysis;
use estate_map::edit::Position;
use estate_map::model::generate::generate;
use estate_map::model::{Component, Map};
use estate_map::ui::{Document, EstateApp};
use std::hint::black_box;

fn input(events: Vec<Event>, time: f64) -> RawInput {
    RawInput {
        time: Some(time),
        screen_rect: Some(Rect::from_min_size(Pos2::ZERO, Vec2::new(1600.0, 1000.0))),
        events,
        ..RawInput::default()
    }
}

fn key_event(key: Key, modifiers: Modifiers, pressed: bool) -> Event {
    Event::Key {
        key,
        physical_key: None,
        pressed,
        repeat: false,
        modifiers,
    }
}

/// A key pressed and released within the frame: egui takes a second press of a key it
/// believes still down for a repeat, which actions ignore.
fn key(key: Key, modifiers: Modifiers) -> Vec<Event> {
    vec![
        key_event(key, modifiers, true),
        key_event(key, modifiers, false),
    ]
}

struct Window {
    ctx: egui::Context,
    app: EstateApp,
    /// Seconds since start: frames are further apart than keys typed as a word (see
    /// `ui::keys::WORD_GAP`), so each status key is a key, not a letter of a name.
    time: f64,
}

impl Window {
    fn frame(&mut self, events: Vec<Event>) {
        let app = &mut self.app;
        self.time += 0.3;
        let mut output = self
            .ctx
            .run_ui(input(events, self.time), |ui| app.frame_ui(ui));
        // No painter takes the font atlas here (debug builds insist it is taken).
        output.textures_delta.clear();
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
    let mut window = Window {
        ctx,
        app,
        time: 0.0,
    };
    for _ in 0..3 {
        window.frame(vec![]);
    }
    window.frame(key(Key::F, Modifiers::COMMAND));
    window.frame(vec![]);
    window.frame(vec![Event::Text(target.clone())]);
    window.frame(key(Key::Enter, Modifiers::NONE));
    window.frame(key(Key::I, Modifiers::NONE));
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

/// CPU time of this thread so far, in milliseconds (Linux; 0 elsewhere): the UI thread's
/// share of an edit frame, whatever the workers and other processes take meanwhile.
fn thread_cpu_ms() -> f64 {
    let stat = std::fs::read_to_string("/proc/thread-self/stat").unwrap_or_default();
    let after_name = stat.rsplit(')').next().unwrap_or("");
    let fields: Vec<f64> = after_name
        .split_whitespace()
        .filter_map(|f| f.parse().ok())
        .collect();
    // utime and stime, fields 14 and 15 of the line (11 and 12 after the name), in
    // clock ticks of 10 ms.
    fields
        .get(10)
        .zip(fields.get(11))
        .map_or(0.0, |(u, s)| (u + s) * 10.0)
}

fn frames(c: &mut Criterion) {
    let mut w = window();
    // Printed beside the medians: wall time also counts the analysis and money workers
    // and other processes competing for the cores.
    let (start, n) = (thread_cpu_ms(), 60);
    for i in 0..n {
        let status = if i % 2 == 0 { Key::Num2 } else { Key::Num3 };
        w.frame(key(status, Modifiers::NONE));
    }
    eprintln!(
        "UI thread CPU per edit frame: {:.1} ms",
        (thread_cpu_ms() - start) / f64::from(n)
    );
    w.app.wait_for_analysis();
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
    let revision = w.app.document().revision();
    let mut n: u64 = 0;
    c.bench_function("frame, 10k components, impact on, after an edit", |b| {
        b.iter(|| {
            n += 1;
            let status = if n.is_multiple_of(2) {
                Key::Num2
            } else {
                Key::Num3
            };
            w.frame(key(status, Modifiers::NONE));
        })
    });
    let edits = w.app.document().revision() - revision;
    assert!(
        edits >= n / 2,
        "every frame edits: {edits} edits in {n} frames"
    );
    // On a map this big the analysis after an edit runs on a worker, one job at a time
    // (unless a filter left this case out).
    assert!(n == 0 || w.app.analysis_runs() > runs, "edits are analysed");
    w.app.wait_for_analysis();

    c.bench_function("frame, 10k components, toggling impact", |b| {
        b.iter(|| w.frame(key(Key::I, Modifiers::NONE)))
    });
    if !w.app.impact() {
        w.frame(key(Key::I, Modifiers::NONE));
    }
    w.app.wait_for_analysis();
    drag(c, &mut w);
    add_and_delete(c, &mut w);
}

/// A component added (N, its name typed, Enter) and deleted again: the last two of the
/// three frames edit which components there are and what is selected.
fn add_and_delete(c: &mut Criterion, w: &mut Window) {
    let count = w.app.document().map.components.len();
    // Impact off: with it on, a new selection fades the map anew. The pointer off the
    // map: N adds in the middle of the view.
    w.frame(key(Key::I, Modifiers::NONE));
    assert!(!w.app.impact());
    w.frame(vec![Event::PointerGone]);
    let cycle = |w: &mut Window| {
        w.frame(key(Key::N, Modifiers::NONE));
        let mut named = vec![Event::Text("Lab kiosk".into())];
        named.extend(key(Key::Enter, Modifiers::NONE));
        w.frame(named);
        assert_eq!(w.app.document().map.components.len(), count + 1, "added");
        w.frame(key(Key::Delete, Modifiers::NONE));
        assert_eq!(w.app.document().map.components.len(), count, "deleted");
    };
    cycle(w);
    let (cpu, n) = (thread_cpu_ms(), 10);
    for _ in 0..n {
        cycle(w);
    }
    eprintln!(
        "UI thread CPU per frame adding or deleting: {:.1} ms",
        (thread_cpu_ms() - cpu) / f64::from(3 * n)
    );
    c.bench_function(
        "three frames, 10k components: N, name and add, delete",
        |b| b.iter(|| cycle(w)),
    );
}

/// Dragging the selected component about: every frame is a drag step (a move laid out
/// again among the rest, `scene::update_incrementally`).
fn drag(c: &mut Criterion, w: &mut Window) {
    let selected = w.app.selection().component_ids()[0].clone();
    let from = {
        let target = w.app.document().map.component(&selected).expect("selected");
        w.app
            .screen_of(Position::new(target.visibility, target.evolution))
    };
    let button = |pos, pressed| Event::PointerButton {
        pos,
        button: PointerButton::Primary,
        pressed,
        modifiers: Modifiers::NONE,
    };
    w.frame(vec![Event::PointerMoved(from), button(from, true)]);
    // Round and round a small circle, so that each step lands somewhere new.
    let mut step = 0.0_f32;
    let mut next = || {
        step += 1.0;
        let angle = step * 0.7;
        from + Vec2::new(30.0 * angle.cos(), 30.0 * angle.sin())
    };
    // The press takes whatever is drawn on top there (deep systems crowd the bottom).
    let revision = w.app.document().revision();
    w.frame(vec![Event::PointerMoved(next())]);
    let id = w.app.selection().component_ids()[0].clone();
    let start = {
        let dragged = w.app.document().map.component(&id).expect("dragged");
        (dragged.visibility, dragged.evolution)
    };
    assert!(w.app.document().revision() > revision, "the drag began");
    let (cpu, n) = (thread_cpu_ms(), 60);
    for _ in 0..n {
        w.frame(vec![Event::PointerMoved(next())]);
    }
    eprintln!(
        "UI thread CPU per drag step: {:.1} ms",
        (thread_cpu_ms() - cpu) / f64::from(n)
    );
    c.bench_function("frame, 10k components, impact on, drag step", |b| {
        b.iter(|| w.frame(vec![Event::PointerMoved(next())]))
    });
    let to = next();
    w.frame(vec![Event::PointerMoved(to), button(to, false)]);
    let map = &w.app.document().map;
    let moved = map.component(&id).expect("still there");
    assert_ne!(
        (moved.visibility, moved.evolution),
        start,
        "the drag moved the component"
    );
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10);
    targets = frames
}
criterion_main!(benches);
