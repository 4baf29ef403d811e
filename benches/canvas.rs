//! Headless frame time of the whole window (toolbar, inspector, canvas with legend):
//! `Context::run_ui` plus `tessellate`, for generated maps of 1,000 and 10,000
//! components fitted to a 1600x1000 window. Targets: 2 ms and 16 ms median (the 10k
//! idle frame at most 7.8 ms).
//!
//! "first frame 10k": launch to the first full frame of a 10,000-component map: the
//! file's bytes parsed, a fresh context (fonts) and app, and the frames until the
//! view has fitted the map, each tessellated. Target: 500 ms median. Printed beside
//! it: the peak heap from launch until the money figures are in (the resident total
//! under software GL adds the driver and the window's buffers to this).

use criterion::{Criterion, criterion_group, criterion_main};
use egui::{Event, Pos2, RawInput, Rect, Vec2};
use estate_map::model::{from_json_bytes, generate::generate, to_json_bytes};
use estate_map::ui::{Document, EstateApp};
use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The system allocator, counting the bytes in use and their peak.
struct Counting;

static IN_USE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let now = IN_USE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
        PEAK.fetch_max(now, Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        IN_USE.fetch_sub(layout.size(), Ordering::Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

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
        let mut output = ctx.run_ui(input(frame), |ui| app.frame_ui(ui));
        // No painter takes the font atlas here (debug builds insist it is taken).
        output.textures_delta.clear();
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

/// Loads `bytes` into a new window and draws until the map is fitted (the canvas fits
/// over its first frames, as a window or zoom change reaches the layout a frame late).
fn launch(bytes: &[u8]) -> usize {
    launched(bytes).1
}

/// The window [`launch`] opens, and the vertices of its first full frame.
fn launched(bytes: &[u8]) -> (EstateApp, usize) {
    let map = from_json_bytes(bytes).expect("a valid map");
    let ctx = egui::Context::default();
    let mut app = EstateApp::new(&ctx, Document::new(map, None));
    let mut vertices = 0;
    for frame in 0..3 {
        let mut output = ctx.run_ui(input(frame), |ui| app.frame_ui(ui));
        output.textures_delta.clear();
        let meshes = ctx.tessellate(output.shapes, output.pixels_per_point);
        vertices = meshes
            .iter()
            .map(|m| match &m.primitive {
                egui::epaint::Primitive::Mesh(mesh) => mesh.vertices.len(),
                egui::epaint::Primitive::Callback(_) => 0,
            })
            .sum();
    }
    (app, vertices)
}

/// The peak heap, in MB, from reading the file until the money figures are in.
fn peak_heap_mb(bytes: &[u8]) -> f64 {
    PEAK.store(IN_USE.load(Ordering::Relaxed), Ordering::Relaxed);
    let (mut app, _) = launched(bytes);
    assert!(app.wait_for_money().is_some(), "the money figures came");
    PEAK.load(Ordering::Relaxed) as f64 / 1e6
}

fn first_frame(c: &mut Criterion) {
    let bytes = to_json_bytes(&generate(10_000, 1));
    assert!(launch(&bytes) > 10_000, "the map is drawn");
    eprintln!(
        "peak heap, launch to money figures, 10k: {:.1} MB",
        peak_heap_mb(&bytes)
    );
    let mut group = c.benchmark_group("start-up");
    group.sample_size(10);
    group.bench_function("first frame 10k", |b| {
        b.iter(|| black_box(launch(black_box(&bytes))))
    });
    group.finish();
}

fn frames(c: &mut Criterion) {
    bench_map(c, 1_000);
    bench_map(c, 10_000);
    first_frame(c);
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = frames
}
criterion_main!(benches);
