//! Level of detail. A big map drawn small (a 10,000-system estate fitted to a window
//! or a page) is a wall of overlapping boxes: there the scene is an overview that
//! draws what can be read in full (user needs, systems at risk, whatever the caller
//! keeps, such as the selection) and the rest as small dots in their status colour,
//! with labels only where they fit. Zoomed in (or on a large enough page) everything
//! is drawn again.
//!
//! The threshold is the rendered size: a view is crowded when it holds more than
//! `SMALL_MAP` components and gives each fewer than `MIN_PIXELS_PER_COMPONENT` square
//! pixels (a 30 x 30 pixel square; a small marker is about 20 x 14 pixels at a
//! window's fit zoom).

use super::geometry::Rect;
use super::to_scene;
use crate::model::{ComponentId, Kind, Map, SupportStatus};
use std::collections::HashSet;

/// Maps at most this big are always drawn in full.
pub const SMALL_MAP: usize = 500;
/// Rendered area per component in view below which the view is crowded.
pub const MIN_PIXELS_PER_COMPONENT: f32 = 900.0;
/// Most labels an overview places (the kept components' first, then at-risk systems',
/// most at risk first), so that it stays a picture.
pub const OVERVIEW_LABELS: usize = 150;

/// How much of the map a scene draws.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Detail {
    /// Every component with its marker and (where there is room) its label.
    #[default]
    Full,
    /// User needs and `keep` drawn in full, systems at risk as larger dots and the
    /// rest as small dots; labels for at most `OVERVIEW_LABELS` of them, beside their
    /// dots; only the links that touch a component drawn in full.
    Overview { keep: HashSet<ComponentId> },
}

impl Detail {
    /// Whether `c` keeps its marker and label in an overview.
    pub(super) fn in_full(&self, id: &ComponentId, kind: Kind) -> bool {
        match self {
            Detail::Full => true,
            Detail::Overview { keep } => kind == Kind::UserNeed || keep.contains(id),
        }
    }
}

/// How much a dotted component is at risk: its labels are placed in this order
/// (lowest first); None: never labelled in an overview.
pub(super) fn label_rank(status: SupportStatus) -> Option<u8> {
    match status {
        SupportStatus::Unsupported => Some(0),
        SupportStatus::Unknown => Some(1),
        SupportStatus::ShadowIt => Some(2),
        SupportStatus::ExtendedSupport => Some(3),
        SupportStatus::Supported => None,
    }
}

/// Whether `components` in view drawn on `pixels` square pixels are too crowded to
/// draw in full.
pub fn crowded(components: usize, pixels: f32) -> bool {
    components > SMALL_MAP && pixels < MIN_PIXELS_PER_COMPONENT * components as f32
}

/// The detail for drawing `view` (scene units) of `map` at `pixels_per_unit`,
/// keeping `keep` in full in an overview.
pub fn detail_for(
    map: &Map,
    view: &Rect,
    pixels_per_unit: f32,
    keep: impl FnOnce() -> HashSet<ComponentId>,
) -> Detail {
    if map.components.len() <= SMALL_MAP {
        return Detail::Full;
    }
    let in_view = map
        .components
        .iter()
        .filter(|c| view.contains(to_scene(c.evolution, c.visibility)))
        .count();
    let area = super::MAP_AREA;
    let width = (view.max.x.min(area.max.x) - view.min.x.max(area.min.x)).max(0.0);
    let height = (view.max.y.min(area.max.y) - view.min.y.max(area.min.y)).max(0.0);
    let pixels = width * height * pixels_per_unit.powi(2);
    if crowded(in_view, pixels) {
        Detail::Overview { keep: keep() }
    } else {
        Detail::Full
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::generate::generate;
    use crate::scene::{MAP_AREA, Point, SceneOptions, Shape, build};

    #[test]
    fn crowding_is_measured_in_pixels_per_component() {
        assert!(!crowded(500, 1.0), "small maps are always drawn in full");
        // 1,000 components on a million pixels: 1,000 each.
        assert!(!crowded(1_000, 1_000_000.0));
        assert!(crowded(1_000, 800_000.0));
        assert!(crowded(10_000, 1_000_000.0));
        assert!(!crowded(10_000, 9_000_000.0));
    }

    #[test]
    fn a_big_map_fitted_is_an_overview_and_zoomed_in_is_full() {
        let map = generate(2_000, 1);
        // The whole map area at 0.75 pixels per unit: 900,000 pixels for 2,000.
        let fit = detail_for(&map, &MAP_AREA, 0.75, HashSet::new);
        assert!(matches!(fit, Detail::Overview { .. }));
        // A tenth of the width and height at ten times the zoom: about 20 of them in
        // view on the same pixels.
        let corner = Rect::from_min_size(Point::new(800.0, 500.0), 160.0, 100.0);
        assert_eq!(detail_for(&map, &corner, 7.5, HashSet::new), Detail::Full);
        let small = generate(400, 1);
        assert_eq!(
            detail_for(&small, &MAP_AREA, 0.1, HashSet::new),
            Detail::Full
        );
    }

    fn map_labels(scene: &crate::scene::Scene) -> Vec<Rect> {
        scene
            .shapes
            .iter()
            .filter_map(|s| match s {
                Shape::Text(t) if MAP_AREA.contains_rect(&t.bounds()) => Some(t.bounds()),
                _ => None,
            })
            .collect()
    }

    fn markers(scene: &crate::scene::Scene) -> std::collections::HashMap<&ComponentId, &Shape> {
        scene
            .components
            .iter()
            .map(|c| (&c.id, &scene.shapes[c.shapes.start]))
            .collect()
    }

    #[test]
    fn an_overview_of_10k_is_a_picture_with_few_labels_none_overlapping() {
        let map = generate(10_000, 1);
        let selected = map.components[5_000].id.clone();
        let keep: HashSet<ComponentId> = [selected.clone()].into();
        let options = SceneOptions {
            detail: Detail::Overview { keep },
            ..SceneOptions::default()
        };
        let scene = build(&map, &options);
        let labels = map_labels(&scene);
        // At most three lines for each of the 50 user needs and the one kept, one or
        // three for each dot's label.
        let needs = map.components.iter().filter(|c| c.kind == Kind::UserNeed);
        let bound = 3 * (needs.count() + 1 + OVERVIEW_LABELS);
        assert!(
            (10..=bound).contains(&labels.len()),
            "{} labels",
            labels.len()
        );
        for (i, a) in labels.iter().enumerate() {
            for b in &labels[i + 1..] {
                assert!(!a.intersects(b), "labels overlap: {a:?} {b:?}");
            }
        }
        let markers = markers(&scene);
        assert_eq!(
            markers.len(),
            map.components.len(),
            "every component is drawn"
        );
        let dots = markers
            .values()
            .filter(|m| matches!(m, Shape::Circle { .. }))
            .count();
        assert!(dots > 9_000, "{dots} dots");
        // User needs and the kept component keep their boxes, centred on their spots.
        for c in &map.components {
            let full = c.kind == Kind::UserNeed || c.id == selected;
            let marker = markers[&c.id];
            assert_eq!(matches!(marker, Shape::Rect { .. }), full, "{}", c.name);
            let centre = marker.bounds().center();
            assert!(centre.distance(to_scene(c.evolution, c.visibility)) < 0.5);
        }
        assert_eq!(
            scene.items.iter().filter(|i| i.segment.is_none()).count(),
            10_000
        );
    }

    #[test]
    fn full_detail_draws_every_component_as_its_box() {
        let map = generate(600, 2);
        let scene = build(&map, &SceneOptions::default());
        let markers = markers(&scene);
        assert_eq!(markers.len(), 600);
        assert!(markers.values().all(|m| matches!(m, Shape::Rect { .. })));
    }
}
