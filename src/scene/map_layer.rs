//! Components, links and notes: boxes and labels placed so that no text overlaps a box
//! or other text, with a leader line when a box had to move off its true position.

use super::evolution;
use super::geometry::{Point, Rect};
use super::overlay::{OverlayFill, overlay_fills};
use super::placer::{GAP, Placer};
use super::shape::{Align, Shape, Stroke, StrokeStyle, Text, arrowhead};
use super::style::{Palette, Sizes, StatusStyle, Theme, status_style};
use super::{Item, ItemId, MAP_AREA, SceneOptions, font, to_scene};
use crate::model::{Component, Kind, Link, Map, Note};
use std::collections::HashMap;

const DIM: f32 = 0.3;
const NOTE_MAX_WIDTH: f32 = 260.0;

pub struct Layer {
    pub shapes: Vec<Shape>,
    pub items: Vec<Item>,
}

/// The shapes of each depth, drawn back to front.
#[derive(Default)]
struct Depths {
    links: Vec<Shape>,
    link_labels: Vec<Shape>,
    leaders: Vec<Shape>,
    boxes: Vec<Shape>,
    notes: Vec<Shape>,
}

struct Placed<'a> {
    rect: Rect,
    dimmed: bool,
    name: &'a str,
}

/// How one component is drawn besides its status.
struct Look<'a> {
    dimmed: bool,
    overlay: &'a OverlayFill,
}

pub fn lay_out(map: &Map, options: &SceneOptions, palette: &Palette, sizes: &Sizes) -> Layer {
    let mut occupied = Placer::new(map.components.len());
    let mut depths = Depths::default();
    let mut items = Vec::new();
    let mut placed: HashMap<&str, Placed> = HashMap::new();
    let reference = options.reference_date(map);
    let overlay = overlay_fills(map, options.colour_by, options.theme, reference);
    let no_overlay = OverlayFill {
        fill: None,
        words: None,
    };
    // User needs first: they anchor the map and get the best spots.
    let indexed = map.components.iter().enumerate();
    let order = indexed
        .clone()
        .filter(|(_, c)| c.kind == Kind::UserNeed)
        .chain(indexed.filter(|(_, c)| c.kind != Kind::UserNeed));
    for (index, component) in order {
        let look = Look {
            dimmed: options.dimmed.contains(&component.id),
            overlay: overlay.as_ref().map_or(&no_overlay, |fills| &fills[index]),
        };
        let first_shape = depths.boxes.len();
        let rect = place_component(
            component,
            &look,
            options,
            palette,
            sizes,
            &mut occupied,
            &mut depths,
        );
        let mut name = component_name(component);
        if component.inertia {
            name.push_str(", inertia");
        }
        if let Some(words) = evolution::plan_words(component, map) {
            name.push_str(", ");
            name.push_str(&words);
        }
        if let Some(words) = &look.overlay.words {
            name.push_str(", ");
            name.push_str(words);
        }
        items.push(Item {
            id: ItemId::Component(component.id.clone()),
            hit: shape_bounds(&depths.boxes[first_shape..]),
            segment: None,
            name,
        });
        let dimmed = look.dimmed;
        placed.insert(
            component.id.as_str(),
            Placed {
                rect,
                dimmed,
                name: &component.name,
            },
        );
    }
    for note in &map.notes {
        items.push(place_note(note, palette, sizes, &mut occupied, &mut depths));
    }
    for component in map.components.iter().filter(|c| c.evolve.is_some()) {
        draw_plan(
            component,
            &placed,
            palette,
            sizes,
            &mut occupied,
            &mut depths,
        );
    }
    for link in &map.links {
        let (Some(from), Some(to)) = (placed.get(link.from.as_str()), placed.get(link.to.as_str()))
        else {
            continue;
        };
        items.push(draw_link(
            link,
            (from, to),
            palette,
            sizes,
            &mut occupied,
            &mut depths,
        ));
    }
    let Depths {
        links,
        link_labels,
        leaders,
        boxes,
        notes,
    } = depths;
    let shapes = [links, link_labels, leaders, boxes, notes].concat();
    Layer { shapes, items }
}

/// Everything drawn for one component: its box and its badge.
fn shape_bounds(shapes: &[Shape]) -> Rect {
    let first = shapes.first().map(Shape::bounds).unwrap_or_default();
    shapes
        .iter()
        .map(Shape::bounds)
        .fold(first, |a, b| a.union(&b))
}

/// "EPR, system, unsupported"; "Stroke patient, user need" (needs carry no status).
pub fn component_name(c: &Component) -> String {
    let kind = c.kind.label().to_lowercase();
    match c.kind {
        Kind::UserNeed => format!("{}, {kind}", c.name),
        // "shadow IT", not "shadow it": only the first word is lowered.
        _ => format!("{}, {kind}, {}", c.name, lower_first(c.status.label())),
    }
}

fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_lowercase().chain(chars).collect()
    })
}

/// A system or activity shows its status; a user need is a plain pill, as in the
/// legend: it is what the estate serves, so a support status means nothing for it.
fn component_style(c: &Component, theme: Theme, palette: &Palette, sizes: &Sizes) -> StatusStyle {
    match c.kind {
        Kind::UserNeed => StatusStyle {
            fill: palette.background,
            outline: Stroke::solid(sizes.outline, palette.outline),
            badge: None,
        },
        _ => status_style(c.status, theme, sizes),
    }
}

struct Label {
    lines: Vec<String>,
    width: f32,
    height: f32,
}

fn label(text: &str, size: f32, bold: bool, max_width: f32, max_lines: usize) -> Label {
    let lines = font::wrap(text, size, bold, max_width, max_lines);
    let width = lines
        .iter()
        .map(|l| font::text_width(l, size, bold))
        .fold(0.0, f32::max);
    let height = lines.len().max(1) as f32 * size * font::LINE_HEIGHT;
    Label {
        lines,
        width,
        height,
    }
}

fn place_component(
    c: &Component,
    look: &Look,
    options: &SceneOptions,
    palette: &Palette,
    sizes: &Sizes,
    occupied: &mut Placer,
    depths: &mut Depths,
) -> Rect {
    let bold = c.kind == Kind::UserNeed;
    let p = to_scene(c.evolution, c.visibility);
    let style = component_style(c, options.theme, palette, sizes);
    let mut extra = if style.badge.is_some() {
        sizes.badge_radius
    } else {
        style.outline.width
    };
    if c.inertia {
        extra = extra.max(evolution::inertia_reach(sizes));
    }
    // Full label on up to three lines; if there is no room, one shorter line; if there is
    // still no room (a very dense map), the box sits on its position regardless.
    let attempts = [(sizes.label_max_width, 3), (sizes.label_max_width * 0.7, 1)];
    let mut chosen = None;
    for (max_width, max_lines) in attempts {
        let text = label(&c.name, sizes.label, bold, max_width, max_lines);
        let (w, h) = box_size(&text, bold, sizes);
        if let Some(rect) = occupied.find_spot(p, w, h, extra) {
            chosen = Some((text, rect));
            break;
        }
    }
    let (text, rect) = chosen.unwrap_or_else(|| {
        let text = label(&c.name, sizes.label, bold, sizes.label_max_width * 0.7, 1);
        let (w, h) = box_size(&text, bold, sizes);
        let rect = Rect::from_center_size(p, w, h).clamped_into(&MAP_AREA.expand(-extra));
        (text, rect)
    });
    occupied.insert(rect.expand(extra));

    let corner = match c.kind {
        Kind::UserNeed => user_need_radius(sizes),
        Kind::System => 6.0,
        Kind::Activity => 0.0,
    };
    let mut shapes = vec![Shape::Rect {
        rect,
        corner_radius: corner,
        fill: Some(look.overlay.fill.unwrap_or(style.fill)),
        stroke: Some(style.outline),
    }];
    let color = palette.text;
    shapes.extend(Text::centred_lines(
        &text.lines,
        &rect,
        sizes.label,
        color,
        bold,
    ));
    if let Some(badge) = style.badge {
        shapes.extend(badge_shapes(
            Point::new(rect.max.x, rect.min.y),
            badge.glyph(),
            palette,
            sizes,
        ));
    }
    if c.inertia {
        shapes.push(evolution::inertia_bar(&rect, palette, sizes));
    }
    let fade = |s: Shape| if look.dimmed { s.faded(DIM) } else { s };
    if !rect.expand(-2.0).contains(p) {
        depths
            .leaders
            .extend(leader(p, &rect, palette, sizes).into_iter().map(fade));
    }
    depths.boxes.extend(shapes.into_iter().map(fade));
    rect
}

/// User needs are pills: round ends as high as one line of text.
fn user_need_radius(sizes: &Sizes) -> f32 {
    (sizes.label * font::LINE_HEIGHT + 2.0 * sizes.padding_y) / 2.0
}

fn box_size(text: &Label, bold_pill: bool, sizes: &Sizes) -> (f32, f32) {
    // A pill's round ends need more room at the sides.
    let padding = if bold_pill {
        sizes.padding_x + user_need_radius(sizes) * 0.4
    } else {
        sizes.padding_x
    };
    (
        text.width + 2.0 * padding,
        text.height + 2.0 * sizes.padding_y,
    )
}

pub fn badge_shapes(center: Point, glyph: &str, palette: &Palette, sizes: &Sizes) -> Vec<Shape> {
    let size = sizes.small;
    vec![
        Shape::Circle {
            center,
            radius: sizes.badge_radius,
            fill: Some(palette.badge_fill),
            stroke: Some(Stroke::solid(1.5, palette.background)),
        },
        Shape::Text(Text::line(
            glyph,
            center.x,
            center.y - size * font::LINE_HEIGHT / 2.0,
            size,
            palette.badge_text,
            Align::Center,
            true,
        )),
    ]
}

/// A dot at the true position and a thin line to the moved box.
fn leader(p: Point, rect: &Rect, palette: &Palette, sizes: &Sizes) -> Vec<Shape> {
    vec![
        Shape::Polyline {
            points: vec![p, rect.edge_point_towards(p)],
            // Dashed so that it does not read as a dependency.
            stroke: Stroke {
                width: sizes.link * 0.7,
                color: palette.muted_text,
                style: StrokeStyle::Dashed,
            },
            arrowhead: None,
        },
        Shape::Circle {
            center: p,
            radius: 4.0,
            fill: Some(palette.muted_text),
            stroke: None,
        },
    ]
}

fn place_note(
    note: &Note,
    palette: &Palette,
    sizes: &Sizes,
    occupied: &mut Placer,
    depths: &mut Depths,
) -> Item {
    let p = to_scene(note.evolution, note.visibility);
    // A note's position is its top-left corner. If the map has no room for the whole
    // text, a narrower block, then the first two lines, then the first line, shorter if need be (the
    // accessible name keeps the whole text); as a last resort it overlaps.
    let attempts = [
        (NOTE_MAX_WIDTH, 6),
        (NOTE_MAX_WIDTH * 0.7, 8),
        (NOTE_MAX_WIDTH, 2),
        (NOTE_MAX_WIDTH, 1),
        (NOTE_MAX_WIDTH * 0.6, 1),
    ];
    let sized = |(max_width, max_lines): (f32, usize)| {
        let text = label(&note.text, sizes.small, false, max_width, max_lines);
        let (w, h) = box_size(&text, false, sizes);
        (text, Rect::from_min_size(p, w, h))
    };
    let fitted = attempts.into_iter().find_map(|attempt| {
        let (text, at) = sized(attempt);
        let spot = occupied.find_spot(at.center(), at.width(), at.height(), 1.0);
        spot.map(|rect| (text, rect))
    });
    let (text, rect) = fitted.unwrap_or_else(|| {
        let (text, at) = sized((NOTE_MAX_WIDTH, 2));
        (text, at.clamped_into(&MAP_AREA))
    });
    occupied.insert(rect);
    depths.notes.push(Shape::Rect {
        rect,
        corner_radius: 2.0,
        fill: Some(palette.note_fill),
        stroke: Some(Stroke::solid(1.0, palette.note_outline)),
    });
    let top = rect.min.y + sizes.padding_y;
    for (i, line) in text.lines.iter().enumerate() {
        depths.notes.push(Shape::Text(Text::line(
            line.clone(),
            rect.min.x + sizes.padding_x,
            top + i as f32 * sizes.small * font::LINE_HEIGHT,
            sizes.small,
            palette.text,
            Align::Left,
            false,
        )));
    }
    Item {
        id: ItemId::Note(note.id.clone()),
        hit: rect,
        segment: None,
        name: format!("note: {}", note.text),
    }
}

/// A component's planned evolution: an arrow to its replacement, or to a ghost of it at
/// the target stage.
fn draw_plan(
    c: &Component,
    placed: &HashMap<&str, Placed>,
    palette: &Palette,
    sizes: &Sizes,
    occupied: &mut Placer,
    depths: &mut Depths,
) {
    let (Some(evolve), Some(from)) = (&c.evolve, placed.get(c.id.as_str())) else {
        return;
    };
    let replacement = evolve
        .replaced_by
        .as_ref()
        .and_then(|id| placed.get(id.as_str()));
    let fade = |s: Shape| if from.dimmed { s.faded(DIM) } else { s };
    if let Some(to) = replacement {
        let arrow = evolution::replaced_by(&from.rect, &to.rect, palette, sizes);
        depths.links.push(fade(arrow));
    } else if let Some(target) = evolve.evolution {
        let plan = evolution::evolve_to(c, &from.rect, target, palette, sizes, occupied);
        depths.links.extend(plan.arrow.into_iter().map(fade));
        depths.boxes.extend(plan.ghost.into_iter().map(fade));
    }
}

fn draw_link(
    link: &Link,
    (from, to): (&Placed, &Placed),
    palette: &Palette,
    sizes: &Sizes,
    occupied: &mut Placer,
    depths: &mut Depths,
) -> Item {
    let start = from.rect.edge_point_towards(to.rect.center());
    let end = to.rect.edge_point_towards(from.rect.center());
    let fade = |s: Shape| {
        if from.dimmed || to.dimmed {
            s.faded(DIM)
        } else {
            s
        }
    };
    depths.links.push(fade(Shape::Polyline {
        points: vec![start, end],
        stroke: Stroke::solid(sizes.link, palette.link),
        arrowhead: arrowhead(start, end, sizes.arrow),
    }));
    if let Some(text) = link.label.as_deref().filter(|t| !t.trim().is_empty()) {
        let shapes = link_label(text, start, end, palette, sizes, occupied);
        depths.link_labels.extend(shapes.into_iter().map(fade));
    }
    let mut name = format!("link from {} to {}", from.name, to.name);
    if let Some(label) = &link.label {
        name.push_str(&format!(": {label}"));
    }
    Item {
        id: ItemId::Link {
            from: link.from.clone(),
            to: link.to.clone(),
        },
        hit: Rect::spanning(start, end).expand(4.0),
        segment: Some((start, end)),
        name,
    }
}

/// A link label on a background patch, somewhere along the line where it is free; left
/// out if the line is too crowded (the accessible name still carries it).
fn link_label(
    text: &str,
    start: Point,
    end: Point,
    palette: &Palette,
    sizes: &Sizes,
    occupied: &mut Placer,
) -> Vec<Shape> {
    let size = sizes.small;
    let text = label(text, size, false, sizes.label_max_width, 1);
    let (w, h) = (text.width + 6.0, text.height);
    let spot = [0.5, 0.4, 0.6, 0.3, 0.7].into_iter().find_map(|t| {
        let c = Point::new(
            start.x + (end.x - start.x) * t,
            start.y + (end.y - start.y) * t,
        );
        let r = Rect::from_center_size(c, w, h);
        (MAP_AREA.contains_rect(&r) && occupied.is_free(&r.expand(GAP))).then_some(r)
    });
    let Some(rect) = spot else {
        return Vec::new();
    };
    occupied.insert(rect);
    let mut shapes = vec![Shape::Rect {
        rect,
        corner_radius: 2.0,
        fill: Some(palette.background),
        stroke: None,
    }];
    let color = palette.muted_text;
    shapes.extend(Text::centred_lines(&text.lines, &rect, size, color, false));
    shapes
}
