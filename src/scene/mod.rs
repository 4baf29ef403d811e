//! The one scene: a map turned into backend-neutral primitives in map units (f32, y
//! down). The egui canvas and every exporter draw this scene, so layout (label
//! wrapping and placement, status encoding, axes, legend, title block) lives only here.
//!
//! The map area is a fixed `MAP_AREA` (evolution 0..1 left to right, visibility 1..0
//! top to bottom); axes, legend and frame sit in margins around it.
//!
//! Drawing a scene (what the SVG writer does, and what a painter should do):
//! - paint `shapes` in order; colours have straight alpha;
//! - `Shape::Rect` / `Circle`: fill, then each of `stroke.passes()` (a double outline
//!   is two thin strokes, the second inset), dashed when a pass has a `dash`;
//! - `Shape::Polyline`: the line, then `arrowhead` filled in the stroke colour;
//! - `Shape::Text`: DejaVu Sans (`font::REGULAR_TTF` / `BOLD_TTF`) at `size`;
//!   `anchor` is the baseline point per `align`, `top_left()` the line box corner;
//!   a `rotated` text turns a quarter turn anticlockwise about `anchor`.

mod board_summary;
pub mod card;
mod compare;
mod crop;
mod decor;
mod detail;
mod evolution;
pub mod font;
mod geometry;
pub mod groups;
mod incremental;
mod layout;
mod legend;
mod map_layer;
mod occupancy;
mod overlay;
mod placer;
pub mod roadmap;
mod shape;
mod style;
mod wardley;

pub use board_summary::{NO_FACTS as BOARD_SUMMARY_NO_FACTS, PANEL_LEFT as BOARD_SUMMARY_LEFT};
pub use board_summary::{PAGE as BOARD_SUMMARY_PAGE, page as board_summary_page};
pub use compare::{ChangeMark, mark_changes};
pub use crop::build_view;
pub use decor::STAGES as STAGE_NAMES;
pub use detail::{Detail, crowded, detail_for};
pub use evolution::stage_name;
pub use geometry::{Color, Point, Rect};
pub use incremental::{
    bring_up_to_date, update as update_incrementally, update_components, update_membership,
};
pub use layout::{Layout, Splice};
pub use legend::{LegendExtras, legend};
pub use overlay::{ColourBy, date_fill, heat_fill};
pub use shape::{Align, Shape, Stroke, StrokePass, StrokeStyle, Text, arrowhead};
pub use style::{Badge, Palette, Sizes, StatusStyle, Theme, status_fill, status_style};
pub use wardley::{annotation_radius, annotations_box_rect, label_anchor_of, label_offset_at};

use crate::model::{ComponentId, Map, NoteId};
use chrono::NaiveDate;
use std::collections::HashSet;

/// Where the map's unit square is drawn: evolution -> x, visibility -> y (1.0 on top).
pub const MAP_AREA: Rect = Rect::from_min_max(Point::new(0.0, 0.0), Point::new(1600.0, 1000.0));

/// The scene position of a map position.
pub fn to_scene(evolution: f64, visibility: f64) -> Point {
    Point::new(
        MAP_AREA.min.x + evolution as f32 * MAP_AREA.width(),
        MAP_AREA.max.y - visibility as f32 * MAP_AREA.height(),
    )
}

/// The map position `(evolution, visibility)` of a scene point, clamped to 0..1.
pub fn from_scene(p: Point) -> (f64, f64) {
    let evolution = (p.x - MAP_AREA.min.x) / MAP_AREA.width();
    let visibility = (MAP_AREA.max.y - p.y) / MAP_AREA.height();
    (
        f64::from(evolution.clamp(0.0, 1.0)),
        f64::from(visibility.clamp(0.0, 1.0)),
    )
}

/// What an item of the scene stands for.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum ItemId {
    Component(ComponentId),
    Link { from: ComponentId, to: ComponentId },
    Note(NoteId),
}

/// A pickable thing on the map, for hit-testing and accessibility.
#[derive(Clone, Debug, PartialEq)]
pub struct Item {
    pub id: ItemId,
    /// Hit rectangle in map units.
    pub hit: Rect,
    /// For links: the drawn segment, for precise hit-testing.
    pub segment: Option<(Point, Point)>,
    /// Accessible name, e.g. "EPR, system, unsupported".
    pub name: String,
}

/// The run of a scene's shapes that draws one component, its marker (box or pill,
/// centred on the component's position) first.
#[derive(Clone, Debug, PartialEq)]
pub struct ComponentShapes {
    pub id: ComponentId,
    pub shapes: std::ops::Range<usize>,
    /// Where its name is drawn when placed at the user's offset (`label_offset`), for
    /// dragging the name on the canvas.
    pub label: Option<Rect>,
}

/// The board-pack frame around the map.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FrameOptions {
    /// Title, organisation and "as of" date above the map.
    pub title_block: bool,
    /// Defaults to the date the map was last modified.
    pub as_of: Option<NaiveDate>,
    pub subtitle: Option<String>,
    /// E.g. "Draft, for discussion", under the legend.
    pub footer: Option<String>,
    pub legend: bool,
    /// A small table of component counts by status, top right.
    pub summary: bool,
    /// The board summary panel right of the map: top 10 risks by expected loss with
    /// their harm statements, the estate's expected loss, counts by status and the
    /// loss-exceedance curve.
    pub board_summary: bool,
}

impl FrameOptions {
    /// Title block and legend: what a board pack needs.
    pub fn board_pack() -> Self {
        Self {
            title_block: true,
            legend: true,
            ..Self::default()
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct SceneOptions {
    pub theme: Theme,
    /// Larger text and thicker lines for projectors.
    pub presenter: bool,
    /// Components drawn faded (e.g. to highlight the impact of one failure).
    pub dimmed: HashSet<ComponentId>,
    pub frame: FrameOptions,
    /// What component fills show; outlines and badges always show status.
    pub colour_by: ColourBy,
    /// The day the risk and dates overlays measure from; see `reference_date`.
    pub today: Option<NaiveDate>,
    /// Everything, or (a big map drawn small) an overview; see `detail.rs`.
    pub detail: Detail,
}

impl SceneOptions {
    /// The day overlays measure end-of-support and contract dates from: `today` if
    /// set, else the frame's as-of date, else the day the map was last modified, so a
    /// scene never depends on the clock.
    pub fn reference_date(&self, map: &Map) -> NaiveDate {
        self.today
            .or(self.frame.as_of)
            .unwrap_or_else(|| map.modified.date_naive())
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Scene {
    /// Everything drawn, with a margin.
    pub bounds: Rect,
    /// Back to front.
    pub shapes: Vec<Shape>,
    pub items: Vec<Item>,
    /// Set only in a cropped view for export (see `build_view`).
    pub clip: Option<Clip>,
    /// Which shapes draw which component (an SVG group each).
    pub components: Vec<ComponentShapes>,
    /// Where `build` drew the rest of the map layer, for keeping the scene edit by edit;
    /// None in scenes made otherwise (a cropped view, a legend, a page).
    pub layout: Option<Layout>,
}

/// The first `count` shapes are drawn clipped to `rect`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Clip {
    pub rect: Rect,
    pub count: usize,
}

impl Scene {
    /// The item under `p`: a note or component box first (they are drawn on top), else
    /// a link passing within `tolerance` map units.
    pub fn item_at(&self, p: Point, tolerance: f32) -> Option<&Item> {
        let boxes = self.items.iter().rev().filter(|i| i.segment.is_none());
        let on_box = boxes
            .filter(|i| i.hit.contains(p))
            .min_by_key(|i| match i.id {
                ItemId::Note(_) => 0,
                _ => 1,
            });
        on_box.or_else(|| {
            self.items
                .iter()
                .filter_map(|i| i.segment.map(|(a, b)| (i, distance_to_segment(p, a, b))))
                .filter(|&(_, d)| d <= tolerance)
                .min_by(|x, y| x.1.total_cmp(&y.1))
                .map(|(i, _)| i)
        })
    }
}

fn distance_to_segment(p: Point, a: Point, b: Point) -> f32 {
    let (dx, dy) = (b.x - a.x, b.y - a.y);
    let length2 = dx * dx + dy * dy;
    let t = if length2 > 0.0 {
        (((p.x - a.x) * dx + (p.y - a.y) * dy) / length2).clamp(0.0, 1.0)
    } else {
        0.0
    };
    p.distance(Point::new(a.x + t * dx, a.y + t * dy))
}

/// White space kept around everything drawn.
const MARGIN: f32 = 16.0;

/// The map area and everything in `shapes`, with a margin.
fn bounds_with_margin(shapes: &[Shape]) -> Rect {
    shapes
        .iter()
        .map(Shape::bounds)
        .fold(MAP_AREA, |a, b| a.union(&b))
        .expand(MARGIN)
}

/// Lays out `map` as a scene.
pub fn build(map: &Map, options: &SceneOptions) -> Scene {
    // Collapsed groups are drawn as one box each; the frame counts the real components.
    let (full, collapsed) = (map, groups::collapse(map));
    let map = collapsed.as_ref().unwrap_or(map);
    let sizes = Sizes::new(options.presenter);
    let palette = Palette::for_theme(options.theme);
    let mut shapes = decor::axes(&palette, &sizes);
    wardley::relabel_stages(&mut shapes, map);
    shapes.extend(wardley::behind(map, &palette, &sizes));
    let mut layer = map_layer::lay_out(map, options, &palette, &sizes);
    let offset = shapes.len();
    let components: Vec<ComponentShapes> = std::mem::take(&mut layer.components)
        .into_iter()
        .map(|c| ComponentShapes {
            shapes: c.shapes.start + offset..c.shapes.end + offset,
            ..c
        })
        .collect();
    shapes.extend(layer.shapes);
    let layout = layer.layout.offset(offset);
    // Marks sit on each component's marker (its first shape), not on its label.
    let markers: std::collections::HashMap<&ComponentId, Rect> = components
        .iter()
        .filter_map(|c| shapes.get(c.shapes.start).map(|m| (&c.id, m.bounds())))
        .collect();
    let marks = wardley::on_top(map, &mut layer.items, &markers, &palette, &sizes);
    shapes.extend(marks);
    shapes.extend(groups::stack_marks(&shapes, &components));
    shapes.extend(decor::frame(full, options, &palette, &sizes));
    let bounds = bounds_with_margin(&shapes);
    Scene {
        bounds,
        shapes,
        items: layer.items,
        clip: None,
        components,
        layout: Some(layout),
    }
}

#[cfg(test)]
mod position_tests;
#[cfg(test)]
mod tests;
