//! Wardley annotations on a component: an inertia bar (resistance to change) on the
//! side that faces evolution, and planned evolution: a dashed arrow to a ghost of the
//! box at its target stage, or to the component that will replace it.

use super::decor::STAGES;
use super::geometry::{Point, Rect};
use super::shape::{Shape, Stroke, StrokeStyle, Text, arrowhead};
use super::style::{Palette, Sizes};
use super::{font, to_scene};
use crate::model::{Component, Map};

/// Width of the inertia bar.
fn bar_width(sizes: &Sizes) -> f32 {
    sizes.outline * 4.0
}

/// How far the bar reaches right of its box: clear of a status badge on the corner.
pub fn inertia_reach(sizes: &Sizes) -> f32 {
    sizes.badge_radius + 3.0 + bar_width(sizes)
}

/// A thick bar right of `rect`, a little taller than it.
pub fn inertia_bar(rect: &Rect, palette: &Palette, sizes: &Sizes) -> Shape {
    let left = rect.max.x + sizes.badge_radius + 3.0;
    Shape::Rect {
        rect: Rect::from_min_max(
            Point::new(left, rect.min.y - 3.0),
            Point::new(left + bar_width(sizes), rect.max.y + 3.0),
        ),
        corner_radius: 1.0,
        fill: Some(palette.outline),
        stroke: None,
    }
}

/// The stage an evolution (0..1) falls in: "Genesis" ... "Commodity / utility".
pub fn stage_name(evolution: f64) -> &'static str {
    let index = (evolution * STAGES.len() as f64).floor().max(0.0) as usize;
    STAGES[index.min(STAGES.len() - 1)]
}

/// "evolving to Product / rental by 2027-03-31", "to be replaced by PAS", for the
/// accessible name; None without a plan.
pub fn plan_words(c: &Component, map: &Map) -> Option<String> {
    let evolve = c.evolve.as_ref()?;
    let mut words = match (&evolve.replaced_by, evolve.evolution) {
        (Some(id), _) => {
            let name = map.component(id).map_or(id.as_str(), |r| r.name.as_str());
            format!("to be replaced by {name}")
        }
        (None, Some(target)) => format!("evolving to {}", stage_name(target)),
        (None, None) => return None,
    };
    if let Some(date) = evolve.planned {
        words.push_str(&format!(" by {date}"));
    }
    Some(words)
}

/// Dashed, in the evolution colour, with an arrowhead.
pub fn plan_arrow(from: Point, to: Point, palette: &Palette, sizes: &Sizes) -> Shape {
    Shape::Polyline {
        points: vec![from, to],
        stroke: Stroke {
            width: sizes.link * 1.2,
            color: palette.evolve,
            style: StrokeStyle::Dashed,
        },
        arrowhead: arrowhead(from, to, sizes.arrow),
    }
}

/// Where a planned evolution is drawn: an arrow (behind the boxes) and a ghost at the
/// target stage (with the boxes).
pub struct PlanShapes {
    pub arrow: Vec<Shape>,
    pub ghost: Vec<Shape>,
}

/// A component's ghost at its target stage: its name in a dashed box centred on the
/// target position, or (where that has no room) an empty dashed marker there.
pub struct Ghost {
    pub rect: Rect,
    pub lines: Vec<String>,
}

impl Ghost {
    /// The named ghost of `c` evolving to `target`.
    pub fn named(c: &Component, target: f64, sizes: &Sizes) -> Ghost {
        let size = sizes.label;
        let lines = font::wrap(&c.name, size, false, sizes.label_max_width, 3);
        let widest = lines
            .iter()
            .map(|l| font::text_width(l, size, false))
            .fold(0.0, f32::max);
        let text_height = lines.len() as f32 * size * font::LINE_HEIGHT;
        let (w, h) = (
            widest + 2.0 * sizes.padding_x,
            text_height + 2.0 * sizes.padding_y,
        );
        Ghost {
            rect: Rect::from_center_size(to_scene(target, c.visibility), w, h),
            lines,
        }
    }

    /// The empty ghost marker, `w` x `h`, centred on the target position.
    pub fn marker(c: &Component, target: f64, (w, h): (f32, f32)) -> Ghost {
        Ghost {
            rect: Rect::from_center_size(to_scene(target, c.visibility), w, h),
            lines: Vec::new(),
        }
    }
}

/// The ghost (dashed outline, the name in muted text) and an arrow to it from the box.
pub fn evolve_to(box_rect: &Rect, ghost: &Ghost, palette: &Palette, sizes: &Sizes) -> PlanShapes {
    let from = box_rect.edge_point_towards(ghost.rect.center());
    let to = ghost.rect.edge_point_towards(box_rect.center());
    let mut shapes = vec![Shape::Rect {
        rect: ghost.rect,
        corner_radius: 6.0_f32.min(ghost.rect.height() / 2.0),
        fill: Some(palette.background),
        stroke: Some(Stroke {
            width: sizes.outline,
            color: palette.evolve,
            style: StrokeStyle::Dashed,
        }),
    }];
    let color = palette.muted_text;
    shapes.extend(Text::centred_lines(
        &ghost.lines,
        &ghost.rect,
        sizes.label,
        color,
        false,
    ));
    PlanShapes {
        arrow: vec![plan_arrow(from, to, palette, sizes)],
        ghost: shapes,
    }
}

/// An arrow from the box to the box of the component that will replace it.
pub fn replaced_by(from_rect: &Rect, to_rect: &Rect, palette: &Palette, sizes: &Sizes) -> Shape {
    let from = from_rect.edge_point_towards(to_rect.center());
    let to = to_rect.edge_point_towards(from_rect.center());
    plan_arrow(from, to, palette, sizes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stages_split_evolution_in_quarters() {
        assert_eq!(stage_name(0.0), "Genesis");
        assert_eq!(stage_name(0.26), "Custom-built");
        assert_eq!(stage_name(0.5), "Product / rental");
        assert_eq!(stage_name(0.74), "Product / rental");
        assert_eq!(stage_name(1.0), "Commodity / utility");
    }
}
