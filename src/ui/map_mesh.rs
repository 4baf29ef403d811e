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
use egui::{Painter, Pos2, Rect, Vec2};
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
    bounds: scene::Rect,
    mesh: Arc<Mesh>,
}

#[derive(Default)]
pub struct MapMesh {
    key: Option<Key>,
    zoom: f32,
    chunks: Vec<Chunk>,
    /// The zoom seen last frame, and when it last changed.
    last_zoom: f32,
    zoom_changed_at: f64,
    /// The visible chunks moved into place for `placed_for`; reused while the view
    /// stays still, which is most frames.
    placed: Vec<Arc<Mesh>>,
    placed_for: Option<(Vec2, f32, scene::Rect)>,
}

impl MapMesh {
    /// Paints `scene` through `view`; rebuilds the meshes when they are stale.
    pub fn paint(
        &mut self,
        painter: &Painter,
        canvas: Rect,
        view: &View,
        scene: &Arc<Scene>,
        labels: bool,
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
        if self.key != Some(key) || (settled && self.zoom != view.zoom) {
            self.build(painter, view.zoom, scene, key);
        } else if self.zoom != view.zoom {
            ctx.request_repaint_after(std::time::Duration::from_secs_f64(SETTLE_SECONDS));
        }
        let visible = view.visible(painter.clip_rect());
        let translation = (canvas.min + view.offset).to_vec2();
        let scale = view.zoom / self.zoom;
        if self.placed_for != Some((translation, scale, visible)) {
            self.place(translation, scale, &visible);
        }
        for mesh in &self.placed {
            painter.add(egui::Shape::Mesh(mesh.clone()));
        }
    }

    fn place(&mut self, translation: Vec2, scale: f32, visible: &scene::Rect) {
        let transform = TSTransform::new(translation, scale);
        self.placed = self
            .chunks
            .iter()
            .filter(|c| c.bounds.intersects(visible))
            .map(|c| {
                let mut mesh = (*c.mesh).clone();
                mesh.transform(transform);
                Arc::new(mesh)
            })
            .collect();
        self.placed_for = Some((translation, scale, *visible));
    }

    fn build(&mut self, painter: &Painter, zoom: f32, scene: &Scene, key: Key) {
        let at_origin = View {
            zoom,
            offset: Vec2::ZERO,
        };
        let origin = Rect::from_min_size(Pos2::ZERO, Vec2::ZERO);
        // No feathering: the window asks for multisampling instead, which smooths the
        // edges without doubling every shape's vertices.
        let options = TessellationOptions {
            feathering: false,
            ..painter.ctx().tessellation_options(|o| *o)
        };
        self.chunks = scene
            .shapes
            .chunks(CHUNK)
            .map(|shapes| tessellate(painter, origin, &at_origin, shapes, &key, options))
            .collect();
        // Text laid out just now may have grown the font atlas: check again next frame.
        let atlas = painter.ctx().fonts(|f| f.font_image_size());
        self.key = (atlas == key.atlas).then_some(key);
        self.zoom = zoom;
        self.placed_for = None;
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
        bounds,
        mesh: Arc::new(mesh),
    }
}
