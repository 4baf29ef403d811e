//! The map drawn as cached meshes. Tessellating thousands of boxes, lines and labels
//! every frame is what makes a big map slow, so the scene is tessellated once per map
//! change, zoom level and font atlas, in chunks of consecutive shapes (keeping the
//! scene's back-to-front order); each frame only moves the visible chunks into place.
//! While the zoom is changing the cached meshes are scaled, and rebuilt crisp once it
//! settles.

use super::paint;
use super::view::View;
use crate::scene::{self, Scene};
use egui::epaint::{Mesh, TessellationOptions, Tessellator, emath::TSTransform};
use egui::{Painter, Rect, Vec2};
use std::sync::Arc;

/// Shapes per chunk: small enough to cull, large enough to keep per-chunk costs low.
const CHUNK: usize = 256;
/// How long the zoom must rest before the meshes are rebuilt at the new zoom.
const SETTLE_SECONDS: f64 = 0.25;
/// With more components than this in view, labels merge into an unreadable grey and
/// cost most of the frame: they are left out until the user zooms in (hovering still
/// names each component), and curves are drawn with fewer vertices (`Detail::Dense`).
pub const LABEL_LIMIT: usize = 3000;

#[derive(Clone, Copy, Debug, PartialEq)]
struct Key {
    scene: usize,
    /// Whether labels are drawn, and curves in full detail (see `LABEL_LIMIT`).
    labels: bool,
    pixels_per_point: f32,
    atlas: [usize; 2],
}

struct Chunk {
    /// The scene's shapes it draws (`CHUNK` of them, until a restyle splices some).
    shapes: std::ops::Range<usize>,
    bounds: scene::Rect,
    mesh: Arc<Mesh>,
}

#[derive(Default)]
pub struct MapMesh {
    key: Option<Key>,
    zoom: f32,
    /// Where the meshes were tessellated: the view's translation then.
    built_at: Vec2,
    chunks: Vec<Chunk>,
    /// The zoom seen last frame, and when it last changed.
    last_zoom: f32,
    zoom_changed_at: f64,
    /// The visible chunks moved into place for `placed_for`; reused while the view
    /// stays still, which is most frames.
    /// By chunk number.
    placed: Vec<(usize, Arc<Mesh>)>,
    placed_for: Option<(Vec2, f32, scene::Rect)>,
}

impl MapMesh {
    /// Paints `scene` through `view`; rebuilds the meshes when they are stale, and
    /// only those of the chunks `splices` touched (taken) when the scene was restyled.
    pub fn paint(
        &mut self,
        painter: &Painter,
        canvas: Rect,
        view: &View,
        scene: &Arc<Scene>,
        labels: bool,
        splices: &mut Vec<scene::Splice>,
    ) {
        let ctx = painter.ctx();
        let now = ctx.input(|i| i.time);
        if view.zoom != self.last_zoom {
            self.last_zoom = view.zoom;
            self.zoom_changed_at = now;
        }
        let key = Key {
            // The scene is rebuilt (a new allocation) whenever the map changes.
            scene: Arc::as_ptr(scene) as usize,
            labels,
            pixels_per_point: ctx.pixels_per_point(),
            atlas: ctx.fonts(|f| f.font_image_size()),
        };
        let settled = now - self.zoom_changed_at >= SETTLE_SECONDS;
        let translation = (canvas.min + view.offset).to_vec2();
        if self.key != Some(key) || (settled && self.zoom != view.zoom) {
            self.build(painter, translation, view.zoom, scene, key);
        } else if !splices.is_empty() {
            self.patch(painter, scene, key, splices);
        }
        splices.clear();
        if self.key == Some(key) && self.zoom != view.zoom {
            ctx.request_repaint_after(std::time::Duration::from_secs_f64(SETTLE_SECONDS));
        }
        let visible = view.visible(painter.clip_rect());
        let scale = view.zoom / self.zoom;
        if self.placed_for != Some((translation, scale, visible)) {
            self.place(translation, scale, &visible);
        }
        for (_, mesh) in &self.placed {
            painter.add(egui::Shape::Mesh(mesh.clone()));
        }
    }

    fn place(&mut self, translation: Vec2, scale: f32, visible: &scene::Rect) {
        self.placed = (0..self.chunks.len())
            .filter(|&n| self.chunks[n].bounds.intersects(visible))
            .map(|n| (n, self.placed_mesh(n, translation, scale)))
            .collect();
        self.placed_for = Some((translation, scale, *visible));
    }

    /// Chunk `n`'s mesh moved into place.
    fn placed_mesh(&self, n: usize, translation: Vec2, scale: f32) -> Arc<Mesh> {
        // Vertices sit at `built_at + zoom * p`; wanted: `translation + view zoom * p`.
        let transform = TSTransform::new(translation - scale * self.built_at, scale);
        let chunk = &self.chunks[n];
        // Where the view has not moved since the meshes were made (the first frame after
        // a change, when memory is at its peak), they are drawn as they are.
        if transform == TSTransform::IDENTITY {
            return chunk.mesh.clone();
        }
        let mut mesh = (*chunk.mesh).clone();
        mesh.transform(transform);
        Arc::new(mesh)
    }

    /// Tessellates again only the chunks whose shapes `splices` replaced, and moves the
    /// later chunks' shape ranges along.
    fn patch(&mut self, painter: &Painter, scene: &Scene, key: Key, splices: &[scene::Splice]) {
        let mut dirty = vec![false; self.chunks.len()];
        for s in splices {
            let (end, new_end) = (s.at + s.removed, s.at + s.inserted);
            let delta = s.inserted as isize - s.removed as isize;
            let shift = |i: usize| i.checked_add_signed(delta).unwrap_or(i);
            let first = self.chunks.iter().position(|c| c.shapes.end > s.at);
            // An insertion where one chunk ends and the next starts goes into the next.
            let last = match s.removed {
                0 => first,
                _ => self.chunks.iter().rposition(|c| c.shapes.start < end),
            };
            let (Some(first), Some(last)) = (first, last) else {
                self.key = None;
                return;
            };
            for (n, chunk) in self.chunks.iter_mut().enumerate().skip(first) {
                let r = chunk.shapes.clone();
                chunk.shapes = match n {
                    // The first chunk the splice touches takes what it inserted; the
                    // chunks it ran over end empty, the last keeps the rest of its own.
                    n if n == first && n == last => r.start..shift(r.end),
                    n if n == first => r.start..new_end,
                    n if n < last => new_end..new_end,
                    n if n == last => new_end..shift(r.end),
                    _ => shift(r.start)..shift(r.end),
                };
                dirty[n] |= n <= last;
            }
        }
        if self.chunks.last().map(|c| c.shapes.end) != Some(scene.shapes.len()) {
            // Not the scene the meshes were made of after all.
            self.key = None;
            return;
        }
        let at_origin = View {
            zoom: self.zoom,
            offset: Vec2::ZERO,
        };
        let origin = Rect::from_min_size(self.built_at.to_pos2(), Vec2::ZERO);
        let options = tessellation_options(painter);
        let placed_for = self.placed_for;
        for n in (0..self.chunks.len()).filter(|&n| dirty[n]) {
            let range = self.chunks[n].shapes.clone();
            let shapes = &scene.shapes[range.clone()];
            let mut chunk = tessellate(painter, origin, &at_origin, shapes, &key, options);
            chunk.shapes = range;
            self.chunks[n] = chunk;
            if let Some((translation, scale, visible)) = placed_for {
                let mesh = self.placed_mesh(n, translation, scale);
                let visible = self.chunks[n].bounds.intersects(&visible);
                match self.placed.iter().position(|(p, _)| *p == n) {
                    Some(i) if visible => self.placed[i].1 = mesh,
                    Some(i) => drop(self.placed.remove(i)),
                    None if visible => {
                        let i = self.placed.partition_point(|(p, _)| *p < n);
                        self.placed.insert(i, (n, mesh));
                    }
                    None => {}
                }
            }
        }
        // Text laid out just now may have grown the font atlas: build again then.
        let atlas = painter.ctx().fonts(|f| f.font_image_size());
        if atlas != key.atlas {
            self.key = None;
        }
    }

    fn build(&mut self, painter: &Painter, at: Vec2, zoom: f32, scene: &Scene, key: Key) {
        let at_origin = View {
            zoom,
            offset: Vec2::ZERO,
        };
        let origin = Rect::from_min_size(at.to_pos2(), Vec2::ZERO);
        let options = tessellation_options(painter);
        self.chunks = scene
            .shapes
            .chunks(CHUNK)
            .enumerate()
            .map(|(n, shapes)| {
                let mut chunk = tessellate(painter, origin, &at_origin, shapes, &key, options);
                chunk.shapes = n * CHUNK..n * CHUNK + shapes.len();
                chunk
            })
            .collect();
        // Text laid out just now may have grown the font atlas: check again next frame.
        let atlas = painter.ctx().fonts(|f| f.font_image_size());
        self.key = (atlas == key.atlas).then_some(key);
        self.zoom = zoom;
        self.built_at = at;
        self.placed_for = None;
    }
}

fn tessellation_options(painter: &Painter) -> TessellationOptions {
    // No feathering: the window asks for multisampling instead, which smooths the
    // edges without doubling every shape's vertices.
    TessellationOptions {
        feathering: false,
        ..painter.ctx().tessellation_options(|o| *o)
    }
}

fn tessellate(
    painter: &Painter,
    origin: Rect,
    view: &View,
    shapes: &[scene::Shape],
    key: &Key,
    options: TessellationOptions,
) -> Chunk {
    let mut egui_shapes = Vec::new();
    let mut bounds = shapes.first().map(scene::Shape::bounds).unwrap_or_default();
    for shape in shapes {
        bounds = bounds.union(&shape.bounds());
        // Axis and frame text sits outside the map area and always stays.
        let map_label =
            matches!(shape, scene::Shape::Text(t) if scene::MAP_AREA.contains_rect(&t.bounds()));
        if key.labels || !map_label {
            // Labels go when the view is dense, and fine curves with them.
            let detail = if key.labels {
                paint::Detail::Full
            } else {
                paint::Detail::Dense
            };
            paint::to_egui(painter, origin, view, shape, detail, &mut egui_shapes);
        }
    }
    let atlas = painter.ctx().fonts(|f| f.font_image_size());
    let mut tessellator = Tessellator::new(key.pixels_per_point, options, atlas, Vec::new());
    let mut mesh = Mesh::default();
    for shape in egui_shapes {
        tessellator.tessellate_shape(shape, &mut mesh);
    }
    Chunk {
        shapes: 0..shapes.len(),
        bounds,
        mesh: Arc::new(mesh),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::SupportStatus;
    use crate::model::generate::generate;
    use crate::scene::{SceneOptions, build, update_incrementally};
    use std::collections::HashSet;

    /// Every vertex of the meshes, in drawing order.
    fn vertices(mesh: &MapMesh) -> Vec<egui::epaint::Vertex> {
        mesh.chunks
            .iter()
            .flat_map(|c| c.mesh.vertices.iter().copied())
            .collect()
    }

    fn paint(
        ctx: &egui::Context,
        mesh: &mut MapMesh,
        scene: &Arc<Scene>,
        splices: &mut Vec<scene::Splice>,
    ) {
        let view = View {
            zoom: 0.5,
            offset: Vec2::new(20.0, 30.0),
        };
        let canvas = Rect::from_min_size(egui::Pos2::ZERO, Vec2::new(900.0, 600.0));
        let mut output = ctx.run_ui(egui::RawInput::default(), |ui| {
            mesh.paint(ui.painter(), canvas, &view, scene, true, splices);
        });
        output.textures_delta.clear();
    }

    /// The canvas's options: title block as of a given day.
    fn canvas_options() -> SceneOptions {
        let day = chrono::NaiveDate::from_ymd_opt(2026, 12, 2);
        SceneOptions {
            today: day,
            frame: scene::FrameOptions {
                title_block: true,
                as_of: day,
                ..scene::FrameOptions::default()
            },
            ..SceneOptions::default()
        }
    }

    #[test]
    fn a_restyled_scene_patches_its_chunks_into_the_meshes_a_build_makes() {
        let ctx = egui::Context::default();
        let mut map = generate(400, 3);
        let options = canvas_options();
        let mut scene = Arc::new(build(&map, &options));
        let mut shadow = map.clone();
        let (mut patched, mut splices) = (MapMesh::default(), Vec::new());
        // The atlas grows over the first frames; then the meshes stay.
        for _ in 0..3 {
            paint(&ctx, &mut patched, &scene, &mut splices);
        }
        // Systems given a badge where they had none, until some were restyled so.
        let mut grown = 0;
        for n in (0..map.components.len()).step_by(7) {
            let c = &mut map.components[n];
            if c.kind == crate::model::Kind::UserNeed || c.status.is_at_risk() {
                continue;
            }
            c.status = SupportStatus::Unsupported;
            let dimmed = HashSet::new();
            let scene_now = Arc::make_mut(&mut scene);
            if let Some(done) =
                update_incrementally(scene_now, &mut shadow, &map, &options, &dimmed)
            {
                grown += done.iter().filter(|s| s.inserted > s.removed).count();
                splices.extend(done);
            } else {
                scene = Arc::new(build(&map, &options));
            }
            paint(&ctx, &mut patched, &scene, &mut splices);
            if grown >= 3 && patched.chunks.iter().any(|c| c.shapes.len() > CHUNK) {
                break;
            }
        }
        assert!(grown >= 3, "{grown} badges added by a restyle");
        let mut fresh = MapMesh::default();
        for _ in 0..2 {
            paint(&ctx, &mut fresh, &scene, &mut Vec::new());
        }
        assert_eq!(vertices(&patched), vertices(&fresh));
        let ranges: Vec<_> = patched.chunks.iter().map(|c| c.shapes.clone()).collect();
        assert!(ranges.windows(2).all(|w| w[0].end == w[1].start));
        // Patched, not built again: the chunks that took a badge are longer.
        assert!(ranges.iter().any(|r| r.len() > CHUNK), "{ranges:?}");
        assert_eq!(ranges.last().map(|r| r.end), Some(scene.shapes.len()));
    }

    #[test]
    fn an_insertion_where_two_chunks_meet_goes_into_the_later() {
        let ctx = egui::Context::default();
        let map = generate(400, 3);
        let mut scene = Arc::new(build(&map, &SceneOptions::default()));
        assert!(scene.shapes.len() > 2 * CHUNK);
        let (mut patched, mut splices) = (MapMesh::default(), Vec::new());
        for _ in 0..3 {
            paint(&ctx, &mut patched, &scene, &mut splices);
        }
        let extra = scene.shapes[0].clone();
        Arc::make_mut(&mut scene)
            .shapes
            .splice(CHUNK..CHUNK, [extra.clone(), extra]);
        splices.push(scene::Splice {
            at: CHUNK,
            removed: 0,
            inserted: 2,
        });
        paint(&ctx, &mut patched, &scene, &mut splices);
        let ranges: Vec<_> = patched.chunks.iter().map(|c| c.shapes.clone()).collect();
        assert_eq!(ranges[0], 0..CHUNK, "the chunk before keeps its own");
        assert_eq!(
            ranges[1],
            CHUNK..2 * CHUNK + 2,
            "the later one takes the two"
        );
        let mut fresh = MapMesh::default();
        for _ in 0..2 {
            paint(&ctx, &mut fresh, &scene, &mut Vec::new());
        }
        assert_eq!(vertices(&patched), vertices(&fresh));
    }

    #[test]
    fn a_dragged_scene_patches_its_chunks_into_the_meshes_a_build_makes() {
        let ctx = egui::Context::default();
        let mut map = generate(400, 5);
        let options = canvas_options();
        let mut scene = Arc::new(build(&map, &options));
        let mut shadow = map.clone();
        let (mut patched, mut splices) = (MapMesh::default(), Vec::new());
        for _ in 0..3 {
            paint(&ctx, &mut patched, &scene, &mut splices);
        }
        // Three systems dragged through the crowd, step by step.
        let mut kept = 0;
        for step in 0..15 {
            for n in [40, 160, 300] {
                let c = &mut map.components[n];
                c.evolution = (0.1 + 0.05 * step as f64 + 0.01 * n as f64) % 1.0;
                c.visibility = 0.2 + 0.03 * step as f64;
            }
            let scene_now = Arc::make_mut(&mut scene);
            match update_incrementally(scene_now, &mut shadow, &map, &options, &HashSet::new()) {
                Some(done) => {
                    kept += 1;
                    splices.extend(done);
                }
                None => scene = Arc::new(build(&map, &options)),
            }
            paint(&ctx, &mut patched, &scene, &mut splices);
        }
        assert!(kept >= 10, "{kept} of 15 drag steps kept incrementally");
        let mut fresh = MapMesh::default();
        for _ in 0..2 {
            paint(&ctx, &mut fresh, &scene, &mut Vec::new());
        }
        assert_eq!(vertices(&patched), vertices(&fresh));
        let ranges: Vec<_> = patched.chunks.iter().map(|c| c.shapes.clone()).collect();
        assert!(ranges.windows(2).all(|w| w[0].end == w[1].start));
        assert_eq!(ranges.last().map(|r| r.end), Some(scene.shapes.len()));
    }
}
