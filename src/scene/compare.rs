//! The changes between two versions of a map marked on the newer one's scene: added
//! components ringed, status changes ringed with the old status, moves as a trail from
//! the old place, removed components as ghosts where they stood; with a key below.

use super::geometry::{Color, Point, Rect};
use super::shape::{Align, Shape, Stroke, StrokeStyle, Text, arrowhead};
use super::style::{Palette, Sizes, Theme};
use super::{ItemId, Scene, font, to_scene};
use crate::edit::diff::MapDiff;
use crate::model::{ComponentId, Map};
use std::collections::HashMap;

/// NHS Blue marks what is new or changed; removals are grey ghosts.
const CHANGE: Color = Color::hex(0x005EB8);
const GHOST: Color = Color::hex(0x6B6B6B);

/// How each kind of change is drawn, for the key and for accessible names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChangeMark {
    Added,
    StatusChanged,
    Moved,
    Removed,
}

impl ChangeMark {
    pub const ALL: [ChangeMark; 4] = [
        ChangeMark::Added,
        ChangeMark::StatusChanged,
        ChangeMark::Moved,
        ChangeMark::Removed,
    ];

    pub fn label(self) -> &'static str {
        match self {
            ChangeMark::Added => "added",
            ChangeMark::StatusChanged => "status changed",
            ChangeMark::Moved => "moved (trail from the old place)",
            ChangeMark::Removed => "removed (ghost)",
        }
    }
}

fn ring(rect: Rect, style: StrokeStyle, width: f32) -> Shape {
    Shape::Rect {
        rect: rect.expand(width * 2.5),
        corner_radius: 6.0,
        fill: None,
        stroke: Some(Stroke {
            width,
            color: CHANGE,
            style,
        }),
    }
}

fn tag(text: impl Into<String>, rect: &Rect, size: f32, color: Color) -> Shape {
    let top = rect.min.y - size * font::LINE_HEIGHT - 4.0;
    Shape::Text(Text::line(
        text,
        rect.min.x,
        top,
        size,
        color,
        Align::Left,
        true,
    ))
}

/// Adds the marks of `diff` (from `old` to the map `scene` was built from) to `scene`,
/// appending each change to the accessible name of the component it concerns.
pub fn mark_changes(scene: &mut Scene, old: &Map, diff: &MapDiff, theme: Theme, presenter: bool) {
    let sizes = Sizes::new(presenter);
    let palette = Palette::for_theme(theme);
    let width = sizes.outline * 1.8;
    let small = sizes.small * 0.85;
    let hits: HashMap<ComponentId, usize> = scene
        .items
        .iter()
        .enumerate()
        .filter_map(|(i, item)| match &item.id {
            ItemId::Component(id) => Some((id.clone(), i)),
            _ => None,
        })
        .collect();
    let mut shapes = Vec::new();
    let mut words: Vec<(usize, String)> = Vec::new();
    for entry in &diff.added {
        if let Some(&i) = hits.get(&ComponentId::new(entry.id.clone())) {
            let rect = scene.items[i].hit;
            shapes.push(ring(rect, StrokeStyle::Solid, width));
            shapes.push(tag("new", &rect, small, CHANGE));
            words.push((i, "added".into()));
        }
    }
    for change in &diff.summary.status_changes {
        if let Some(&i) = hits.get(&ComponentId::new(change.id.clone())) {
            let rect = scene.items[i].hit;
            shapes.push(ring(rect, StrokeStyle::Dashed, width));
            let was = format!("was {}", change.old.label());
            shapes.push(tag(was.clone(), &rect, small, CHANGE));
            words.push((i, format!("status changed, {}", was.to_lowercase())));
        }
    }
    for id in &diff.summary.moved {
        let id = ComponentId::new(id.clone());
        let (Some(before), Some(&i)) = (old.component(&id), hits.get(&id)) else {
            continue;
        };
        let from = to_scene(before.evolution, before.visibility);
        let rect = scene.items[i].hit;
        let tip = rect.edge_point_towards(from);
        if from.distance(tip) > 4.0 {
            let stroke = Stroke {
                width: sizes.link,
                color: CHANGE,
                style: StrokeStyle::Dashed,
            };
            shapes.push(Shape::Circle {
                center: from,
                radius: sizes.badge_radius * 0.4,
                fill: Some(CHANGE),
                stroke: None,
            });
            shapes.push(Shape::Polyline {
                points: vec![from, tip],
                stroke,
                arrowhead: arrowhead(from, tip, sizes.arrow),
            });
        }
        words.push((i, "moved".into()));
    }
    for entry in &diff.removed {
        let Some(before) = old.component(&ComponentId::new(entry.id.clone())) else {
            continue;
        };
        let centre = to_scene(before.evolution, before.visibility);
        let text_width = font::text_width(&entry.name, sizes.label, false);
        let rect = Rect::from_center_size(
            centre,
            text_width + 2.0 * sizes.padding_x,
            sizes.label * font::LINE_HEIGHT + 2.0 * sizes.padding_y,
        );
        shapes.push(Shape::Rect {
            rect,
            corner_radius: 4.0,
            fill: Some(palette.background.with_alpha(200)),
            stroke: Some(Stroke {
                width: sizes.outline,
                color: GHOST,
                style: StrokeStyle::Dashed,
            }),
        });
        shapes.extend(Text::centred_lines(
            std::slice::from_ref(&entry.name),
            &rect,
            sizes.label,
            GHOST,
            false,
        ));
        shapes.push(tag("removed", &rect, small, GHOST));
    }
    for (i, word) in words {
        scene.items[i].name.push_str(", ");
        scene.items[i].name.push_str(&word);
    }
    let key = key_row(scene.bounds, &sizes, width, small);
    for shape in shapes.iter().chain(&key) {
        scene.bounds = scene.bounds.union(&shape.bounds().expand(8.0));
    }
    scene.shapes.extend(shapes);
    scene.shapes.extend(key);
}

/// "Changes: [ring] added  [dashed ring] status changed ..." below everything else.
fn key_row(bounds: Rect, sizes: &Sizes, width: f32, size: f32) -> Vec<Shape> {
    let mut shapes = Vec::new();
    let top = bounds.max.y + 8.0;
    let height = size * font::LINE_HEIGHT;
    let mut x = bounds.min.x + 24.0;
    let title = Text::line("Changes:", x, top, size, Color::BLACK, Align::Left, true);
    x += title.width + 16.0;
    shapes.push(Shape::Text(title));
    for mark in ChangeMark::ALL {
        let swatch = Rect::from_min_size(Point::new(x, top + 2.0), 28.0, height - 4.0);
        match mark {
            ChangeMark::Added => {
                shapes.push(ring(swatch.expand(-width * 2.5), StrokeStyle::Solid, width))
            }
            ChangeMark::StatusChanged => {
                shapes.push(ring(
                    swatch.expand(-width * 2.5),
                    StrokeStyle::Dashed,
                    width,
                ));
            }
            ChangeMark::Moved => {
                let (a, b) = (
                    Point::new(swatch.min.x, swatch.center().y),
                    Point::new(swatch.max.x, swatch.center().y),
                );
                shapes.push(Shape::Polyline {
                    points: vec![a, b],
                    stroke: Stroke {
                        width: sizes.link,
                        color: CHANGE,
                        style: StrokeStyle::Dashed,
                    },
                    arrowhead: arrowhead(a, b, sizes.arrow),
                });
            }
            ChangeMark::Removed => shapes.push(Shape::Rect {
                rect: swatch,
                corner_radius: 4.0,
                fill: None,
                stroke: Some(Stroke {
                    width: sizes.outline,
                    color: GHOST,
                    style: StrokeStyle::Dashed,
                }),
            }),
        }
        x = swatch.max.x + 8.0;
        let label = Text::line(mark.label(), x, top, size, Color::BLACK, Align::Left, false);
        x += label.width + 24.0;
        shapes.push(Shape::Text(label));
    }
    shapes
}
