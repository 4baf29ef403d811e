//! Components, links and notes. Every component's marker is centred on its position
//! (a map's positions are what the workshop agreed): a box holding its name where
//! there is room, else a small marker with its name beside it, further off with a
//! leader line, shortened, or (on a map too dense to label) left to its tooltip and
//! accessible name. No label overlaps another label or a marker.

use super::detail::{OVERVIEW_LABELS, label_rank};
use super::evolution::{self, Ghost};
use super::geometry::{Point, Rect};
use super::layout::{Layout, LinkShapes};
use super::overlay::{OverlayFill, overlay_fills};
use super::placer::{GAP, Placer};
use super::shape::{Align, Shape, Stroke, StrokeStyle, Text, arrowhead};
use super::style::{Palette, Sizes, StatusStyle, Theme, status_style};
use super::{ComponentShapes, Item, ItemId, MAP_AREA, SceneOptions, font, to_scene};
use crate::model::{Component, Kind, Link, Map, Note};
use std::collections::HashMap;

mod offset;
pub(super) mod redraw;

pub(super) const DIM: f32 = 0.3;
const NOTE_MAX_WIDTH: f32 = 260.0;
/// Farthest (in label heights) a label may sit from its marker, on its leader line.
const LEADER_REACH: f32 = 6.0;

pub struct Layer {
    pub shapes: Vec<Shape>,
    pub items: Vec<Item>,
    /// Each component's run of `shapes`, its marker first.
    pub components: Vec<ComponentShapes>,
    /// Where the rest went, indices into `shapes`.
    pub layout: Layout,
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
    /// Its index in the map.
    index: usize,
    rect: Rect,
    dimmed: bool,
    name: &'a str,
    /// Drawn as a dot in an overview: its plans and its links to other dots are not.
    dot: bool,
}

/// How one component is drawn besides its status.
struct Look<'a> {
    dimmed: bool,
    overlay: &'a OverlayFill,
}

/// Where a component's marker sits and what it takes on the map.
struct Marker {
    /// The small marker, centred on the position.
    small: Rect,
    /// How far badge or inertia bar reach beyond the marker, per side.
    extra: f32,
    /// The small marker's number in the placer.
    taken: usize,
    /// The box holding the name, centred on the position, where it had room.
    named: Option<(Label, Rect)>,
    /// Drawn as a dot (an overview's components not drawn in full).
    dot: bool,
}

pub fn lay_out(map: &Map, options: &SceneOptions, palette: &Palette, sizes: &Sizes) -> Layer {
    let mut occupied = Placer::new(map.components.len());
    let mut depths = Depths::default();
    let mut items = Vec::new();
    let mut groups = Vec::new();
    let mut leaders = Vec::with_capacity(map.components.len());
    let mut run_of = vec![0; map.components.len()];
    let mut placed: HashMap<&str, Placed> = HashMap::new();
    let reference = options.reference_date(map);
    let overlay = overlay_fills(map, options.colour_by, options.theme, reference);
    let no_overlay = OverlayFill {
        fill: None,
        words: None,
    };
    // Every small marker (and planned ghost) is taken before any label is placed, so
    // no label covers one.
    let mut markers: Vec<Marker> = map
        .components
        .iter()
        .map(|c| match options.detail.in_full(&c.id, c.kind) {
            true => small_marker(c, options.theme, palette, sizes, &mut occupied),
            false => dot_marker(c, sizes, &mut occupied),
        })
        .collect();
    let mut ghosts = ghost_markers(map, &markers, sizes, &mut occupied);
    // Labels the user placed are fixed: taken before any other label is placed.
    let mut outsides = offset::fixed_labels(map, &markers, palette, sizes, &mut occupied);
    // User needs first: they anchor the map and get the named boxes first.
    let indexed = map.components.iter().enumerate();
    // Then collapsed groups' boxes: each stands for many components.
    let is_box = |c: &Component| super::groups::group_of_box(&c.id).is_some();
    let order: Vec<usize> = indexed
        .clone()
        .filter(|(_, c)| c.kind == Kind::UserNeed)
        .chain(
            indexed
                .clone()
                .filter(|(_, c)| c.kind != Kind::UserNeed && is_box(c)),
        )
        .chain(indexed.filter(|(_, c)| c.kind != Kind::UserNeed && !is_box(c)))
        .map(|(i, _)| i)
        .collect();
    for &index in &order {
        if markers[index].dot || outsides[index].is_some() {
            continue;
        }
        markers[index].named = named_box(
            &map.components[index],
            &markers[index],
            // A group box's name carries its counts by status: room for them.
            (
                sizes.label_max_width,
                if is_box(&map.components[index]) { 6 } else { 3 },
            ),
            sizes,
            &mut occupied,
        );
    }
    for (&index, planned) in ghosts.iter_mut() {
        let named = Ghost::named(&map.components[index], planned.target, sizes);
        let room = MAP_AREA.contains_rect(&named.rect)
            && occupied.is_free_except(&named.rect.expand(2.0 + GAP), planned.taken);
        if room {
            occupied.insert(named.rect.expand(2.0));
            planned.ghost = named;
        }
    }
    // Where the whole name found no box: beside the marker or off it, else a box
    // with a shorter name, else (a map too dense to label) the name is left out.
    for &index in &order {
        let component = &map.components[index];
        let marker = &mut markers[index];
        if !marker.dot && marker.named.is_none() && outsides[index].is_none() {
            let footprint = marker.small.expand(marker.extra);
            outsides[index] = outside_label(component, &footprint, palette, sizes, &mut occupied);
            if outsides[index].is_none() {
                let short = (sizes.label_max_width * 0.7, 1);
                marker.named = named_box(component, marker, short, sizes, &mut occupied);
            }
        }
    }
    // An overview labels its dots where they fit, most at risk first, up to a budget.
    let mut ranked: Vec<(u8, usize)> = order
        .iter()
        .filter(|&&i| markers[i].dot)
        .filter_map(|&i| label_rank(map.components[i].status).map(|rank| (rank, i)))
        .collect();
    ranked.sort_by_key(|&(rank, _)| rank);
    // Each try costs a search around the dot: a crowded overview stops trying early.
    let (mut labels, mut tries) = (OVERVIEW_LABELS, 2 * OVERVIEW_LABELS);
    for (_, index) in ranked {
        if labels == 0 || tries == 0 {
            break;
        }
        let footprint = markers[index].small;
        let component = &map.components[index];
        outsides[index] = outside_label(component, &footprint, palette, sizes, &mut occupied);
        labels -= usize::from(outsides[index].is_some());
        tries -= 1;
    }
    for index in order {
        let component = &map.components[index];
        let look = Look {
            dimmed: options.dimmed.contains(&component.id),
            overlay: overlay.as_ref().map_or(&no_overlay, |fills| &fills[index]),
        };
        let (first_shape, leaders_before) = (depths.boxes.len(), depths.leaders.len());
        let outside = outsides[index].take();
        // Only a name the user placed is dragged on its own (`offset.rs`).
        let placed_label = component.label_offset.and(outside.as_ref()).map(|o| o.rect);
        let marker = &markers[index];
        let drawn = draw_marker(
            component,
            marker,
            outside,
            &look,
            options,
            palette,
            sizes,
            &mut depths,
        );
        run_of[index] = groups.len();
        groups.push(ComponentShapes {
            id: component.id.clone(),
            shapes: first_shape..depths.boxes.len(),
            label: placed_label,
        });
        leaders.push((depths.leaders.len() > leaders_before).then_some(leaders_before));
        items.push(Item {
            id: ItemId::Component(component.id.clone()),
            hit: drawn.hit,
            segment: None,
            name: item_name(component, map, look.overlay),
        });
        let dimmed = look.dimmed;
        placed.insert(
            component.id.as_str(),
            Placed {
                index,
                rect: drawn.marker,
                dimmed,
                name: &component.name,
                dot: markers[index].dot,
            },
        );
    }
    for note in &map.notes {
        items.push(place_note(note, palette, sizes, &mut occupied, &mut depths));
    }
    for (index, component) in map.components.iter().enumerate() {
        let ghost = ghosts.remove(&index).map(|planned| planned.ghost);
        draw_plan(component, ghost, &placed, palette, sizes, &mut depths);
    }
    let mut drawn_links = Vec::new();
    for (index, link) in map.links.iter().enumerate() {
        let (Some(from), Some(to)) = (placed.get(link.from.as_str()), placed.get(link.to.as_str()))
        else {
            continue;
        };
        if from.dot && to.dot {
            continue;
        }
        let (line, labels_before) = (depths.links.len(), depths.link_labels.len());
        items.push(draw_link(
            link,
            (from, to),
            palette,
            sizes,
            &mut occupied,
            &mut depths,
        ));
        drawn_links.push(LinkShapes {
            link: index,
            ends: [from.index, to.index],
            item: items.len() - 1,
            line,
            label: (depths.link_labels.len() > labels_before)
                .then_some(labels_before..depths.link_labels.len()),
        });
    }
    let Depths {
        links,
        link_labels,
        leaders: leader_lines,
        boxes,
        notes,
    } = depths;
    let links_end = links.len();
    let link_labels_end = links_end + link_labels.len();
    let leaders_end = link_labels_end + leader_lines.len();
    for group in &mut groups {
        group.shapes = group.shapes.start + leaders_end..group.shapes.end + leaders_end;
    }
    for link in &mut drawn_links {
        link.label = link
            .label
            .take()
            .map(|r| r.start + links.len()..r.end + links.len());
    }
    let leaders = leaders
        .into_iter()
        .map(|l| l.map(|l| l + link_labels_end))
        .collect();
    let shapes = [links, link_labels, leader_lines, boxes, notes].concat();
    Layer {
        layout: Layout {
            layer: 0..shapes.len(),
            links_end,
            leaders_end,
            link_labels_end,
            leaders,
            run_of,
            links: drawn_links,
            all_alone: map.components.iter().all(super::layout::drawn_alone),
        },
        shapes,
        items,
        components: groups,
    }
}

/// A component's accessible name: what it is, its status, inertia, plan and overlay.
fn item_name(component: &Component, map: &Map, overlay: &OverlayFill) -> String {
    let mut name = component_name(component);
    if component.inertia {
        name.push_str(", inertia");
    }
    if let Some(words) = evolution::plan_words(component, map) {
        name.push_str(", ");
        name.push_str(&words);
    }
    if let Some(words) = &overlay.words {
        name.push_str(", ");
        name.push_str(words);
    }
    name
}

/// How far a component's badge or inertia bar reach beyond its marker, per side.
pub(super) fn reach(c: &Component, style: &StatusStyle, sizes: &Sizes) -> f32 {
    let mut extra = if style.badge.is_some() {
        sizes.badge_radius
    } else {
        style.outline.width
    };
    if c.inertia {
        extra = extra.max(evolution::inertia_reach(sizes));
    }
    extra
}

/// How far a small marker (with its badge) can reach from its position.
pub fn marker_reach(sizes: &Sizes) -> f32 {
    let (w, _) = small_size(Kind::System, sizes);
    (w / 2.0 + sizes.badge_radius).max(small_size(Kind::UserNeed, sizes).0 / 2.0)
}

/// The small marker: as high as a line of text is tall, a little wider.
fn small_size(kind: Kind, sizes: &Sizes) -> (f32, f32) {
    let h = sizes.label;
    match kind {
        Kind::UserNeed => (h * 2.0, h),
        _ => (h * 1.5, h),
    }
}

fn small_marker(
    c: &Component,
    theme: Theme,
    palette: &Palette,
    sizes: &Sizes,
    occupied: &mut Placer,
) -> Marker {
    let (w, h) = small_size(c.kind, sizes);
    let small = Rect::from_center_size(to_scene(c.evolution, c.visibility), w, h);
    let extra = reach(c, &component_style(c, theme, palette, sizes), sizes);
    let taken = occupied.insert(small.expand(extra));
    Marker {
        small,
        extra,
        taken,
        named: None,
        dot: false,
    }
}

/// An overview's dot: larger for a system at risk.
fn dot_marker(c: &Component, sizes: &Sizes, occupied: &mut Placer) -> Marker {
    let radius = dot_radius(c, sizes);
    let small = Rect::from_center_size(
        to_scene(c.evolution, c.visibility),
        2.0 * radius,
        2.0 * radius,
    );
    let taken = occupied.insert(small);
    Marker {
        small,
        extra: 0.0,
        taken,
        named: None,
        dot: true,
    }
}

pub(super) fn dot_radius(c: &Component, sizes: &Sizes) -> f32 {
    let scale = if c.status.is_at_risk() { 0.3 } else { 0.2 };
    sizes.label * scale
}

/// A component as its marker says: a dot, or its box (with its name where it had room).
#[allow(clippy::too_many_arguments)]
fn draw_marker(
    c: &Component,
    marker: &Marker,
    outside: Option<OutsideLabel>,
    look: &Look,
    options: &SceneOptions,
    palette: &Palette,
    sizes: &Sizes,
    depths: &mut Depths,
) -> Drawn {
    let draw = if marker.dot { draw_dot } else { draw_component };
    draw(c, marker, outside, look, options, palette, sizes, depths)
}

/// An overview's component: a dot in its fill colour (outlined if at risk), with its
/// name beside it if it was given room.
#[allow(clippy::too_many_arguments)]
fn draw_dot(
    c: &Component,
    marker: &Marker,
    outside: Option<OutsideLabel>,
    look: &Look,
    options: &SceneOptions,
    palette: &Palette,
    sizes: &Sizes,
    depths: &mut Depths,
) -> Drawn {
    let style = component_style(c, options.theme, palette, sizes);
    let rect = marker.small;
    let stroke = c
        .status
        .is_at_risk()
        .then(|| Stroke::solid(sizes.outline * 0.5, palette.outline));
    let shapes = vec![Shape::Circle {
        center: rect.center(),
        radius: rect.width() / 2.0,
        fill: Some(look.overlay.fill.unwrap_or(style.fill)),
        stroke,
    }];
    finish_marker(shapes, rect, outside, look, palette, sizes, depths)
}

/// A planned evolution's ghost, at evolution `target`.
struct PlannedGhost {
    target: f64,
    ghost: Ghost,
    /// The ghost marker's number in the placer.
    taken: usize,
}

/// The ghost markers by component index. A plan to be replaced by a component on the
/// map has an arrow to it instead.
fn ghost_markers(
    map: &Map,
    markers: &[Marker],
    sizes: &Sizes,
    occupied: &mut Placer,
) -> HashMap<usize, PlannedGhost> {
    let mut ghosts = HashMap::new();
    for (index, c) in map.components.iter().enumerate() {
        let Some(evolve) = &c.evolve.as_ref().filter(|_| !markers[index].dot) else {
            continue;
        };
        let replaced = evolve
            .replaced_by
            .as_ref()
            .is_some_and(|id| map.component(id).is_some());
        let Some(target) = evolve.evolution.filter(|_| !replaced) else {
            continue;
        };
        let ghost = Ghost::marker(c, target, small_size(Kind::System, sizes));
        let taken = occupied.insert(ghost.rect.expand(2.0));
        ghosts.insert(
            index,
            PlannedGhost {
                target,
                ghost,
                taken,
            },
        );
    }
    ghosts
}

/// The box holding the name wrapped to `(max_width, max_lines)`, centred on the
/// position, if the map has room for it.
fn named_box(
    c: &Component,
    marker: &Marker,
    (max_width, max_lines): (f32, usize),
    sizes: &Sizes,
    occupied: &mut Placer,
) -> Option<(Label, Rect)> {
    let bold = c.kind == Kind::UserNeed;
    let text = label(&c.name, sizes.label, bold, max_width, max_lines);
    let (w, h) = box_size(&text, bold, sizes);
    let rect = Rect::from_center_size(marker.small.center(), w, h);
    let footprint = rect.expand(marker.extra);
    let room = MAP_AREA.contains_rect(&footprint)
        && occupied.is_free_except(&footprint.expand(GAP), marker.taken);
    room.then(|| {
        occupied.insert(footprint);
        (text, rect)
    })
}

/// Where a component was drawn: its marker (links end on it) and its hit area.
struct Drawn {
    marker: Rect,
    hit: Rect,
}

/// Everything drawn for one component: its box and its badge.
pub(super) fn shape_bounds(shapes: &[Shape]) -> Rect {
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
pub(super) fn component_style(
    c: &Component,
    theme: Theme,
    palette: &Palette,
    sizes: &Sizes,
) -> StatusStyle {
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

#[allow(clippy::too_many_arguments)]
fn draw_component(
    c: &Component,
    marker: &Marker,
    outside: Option<OutsideLabel>,
    look: &Look,
    options: &SceneOptions,
    palette: &Palette,
    sizes: &Sizes,
    depths: &mut Depths,
) -> Drawn {
    let bold = c.kind == Kind::UserNeed;
    let style = component_style(c, options.theme, palette, sizes);
    let rect = marker.named.as_ref().map_or(marker.small, |(_, r)| *r);
    let corner = match c.kind {
        Kind::UserNeed => user_need_radius(sizes).min(rect.height() / 2.0),
        Kind::System => 6.0_f32.min(rect.height() / 3.0),
        Kind::Activity => 0.0,
    };
    let mut shapes = vec![Shape::Rect {
        rect,
        corner_radius: corner,
        fill: Some(look.overlay.fill.unwrap_or(style.fill)),
        stroke: Some(style.outline),
    }];
    if let Some((text, _)) = &marker.named {
        shapes.extend(Text::centred_lines(
            &text.lines,
            &rect,
            sizes.label,
            palette.text,
            bold,
        ));
    }
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
    finish_marker(shapes, rect, outside, look, palette, sizes, depths)
}

/// A marker's shapes with its outside name (beside it, or on a leader line), faded if
/// dimmed, into their depths; what was drawn and where it can be hit.
fn finish_marker(
    mut shapes: Vec<Shape>,
    rect: Rect,
    outside: Option<OutsideLabel>,
    look: &Look,
    palette: &Palette,
    sizes: &Sizes,
    depths: &mut Depths,
) -> Drawn {
    let mut hit = shape_bounds(&shapes);
    if let Some(placed) = outside {
        if placed.beside {
            hit = hit.union(&placed.rect);
        } else {
            let line = leader(&rect, &placed.rect, palette, sizes);
            depths.leaders.push(fade(line, look.dimmed));
        }
        shapes.extend(placed.shapes);
    }
    depths
        .boxes
        .extend(shapes.into_iter().map(|s| fade(s, look.dimmed)));
    Drawn { marker: rect, hit }
}

fn fade(shape: Shape, dimmed: bool) -> Shape {
    if dimmed { shape.faded(DIM) } else { shape }
}

/// A component's name drawn outside its small marker.
struct OutsideLabel {
    rect: Rect,
    shapes: Vec<Shape>,
    /// Right beside the marker (no leader line needed).
    beside: bool,
}

/// The name beside the marker (`footprint`: marker, badge and bar) if there is room:
/// right, left, above or below; else nearby with a leader line; the whole name first,
/// then shorter on one line. None if even that finds no room (the tooltip and the
/// accessible name still carry it).
fn outside_label(
    c: &Component,
    footprint: &Rect,
    palette: &Palette,
    sizes: &Sizes,
    occupied: &mut Placer,
) -> Option<OutsideLabel> {
    let bold = c.kind == Kind::UserNeed;
    let p = footprint.center();
    let attempts = [
        (sizes.label_max_width, 3),
        (sizes.label_max_width * 0.7, 1),
        (sizes.label_max_width * 0.45, 1),
    ];
    let pad = 3.0;
    let size_of = |t: &Label| (t.width + 2.0 * pad, t.height);
    let free =
        |r: &Rect, occupied: &Placer| MAP_AREA.contains_rect(r) && occupied.is_free(&r.expand(GAP));
    let beside = |t: &Label, occupied: &Placer| {
        let (w, h) = size_of(t);
        let gap = GAP + 1.0;
        let (right, left) = (
            footprint.max.x + gap + w / 2.0,
            footprint.min.x - gap - w / 2.0,
        );
        // Level with the marker; above or below it; then (near the map's edges) level
        // with its top or its bottom.
        let (hang, rise) = (footprint.min.y + h / 2.0, footprint.max.y - h / 2.0);
        [
            Point::new(right, p.y),
            Point::new(left, p.y),
            Point::new(p.x, footprint.min.y - gap - h / 2.0),
            Point::new(p.x, footprint.max.y + gap + h / 2.0),
            Point::new(right, hang),
            Point::new(right, rise),
            Point::new(left, hang),
            Point::new(left, rise),
        ]
        .into_iter()
        // Kept inside the map: a label above a marker near its edge shifts along.
        .map(|centre| Rect::from_center_size(centre, w, h).clamped_into(&MAP_AREA))
        .find(|r| free(r, occupied))
    };
    // Shorter names are only laid out (measured) when a longer one found no room.
    let mut tried = Vec::with_capacity(attempts.len());
    let mut chosen = None;
    for (width, lines) in attempts {
        let text = label(&c.name, sizes.label, bold, width, lines);
        if let Some(r) = beside(&text, occupied) {
            chosen = Some((text, r, true));
            break;
        }
        tried.push(text);
    }
    let reach = LEADER_REACH * sizes.label * font::LINE_HEIGHT;
    let chosen = chosen.or_else(|| {
        tried.into_iter().find_map(|t| {
            let (w, h) = size_of(&t);
            occupied.find_near(p, w, h, reach).map(|r| (t, r, false))
        })
    })?;
    let (text, rect, beside) = chosen;
    occupied.insert(rect);
    let mut shapes = vec![Shape::Rect {
        rect,
        corner_radius: 2.0,
        fill: Some(palette.background),
        stroke: None,
    }];
    shapes.extend(Text::centred_lines(
        &text.lines,
        &rect,
        sizes.label,
        palette.text,
        bold,
    ));
    Some(OutsideLabel {
        rect,
        shapes,
        beside,
    })
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

/// A thin dashed line from a marker to its label set further off.
fn leader(marker: &Rect, label: &Rect, palette: &Palette, sizes: &Sizes) -> Shape {
    Shape::Polyline {
        points: vec![
            marker.edge_point_towards(label.center()),
            label.edge_point_towards(marker.center()),
        ],
        // Dashed so that it does not read as a dependency.
        stroke: Stroke {
            width: sizes.link * 0.7,
            color: palette.muted_text,
            style: StrokeStyle::Dashed,
        },
        arrowhead: None,
    }
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

/// A component's planned evolution: an arrow to its replacement, or to its ghost at
/// the target stage.
fn draw_plan(
    c: &Component,
    ghost: Option<Ghost>,
    placed: &HashMap<&str, Placed>,
    palette: &Palette,
    sizes: &Sizes,
    depths: &mut Depths,
) {
    let (Some(evolve), Some(from)) = (&c.evolve, placed.get(c.id.as_str())) else {
        return;
    };
    if from.dot {
        return;
    }
    let replacement = evolve
        .replaced_by
        .as_ref()
        .and_then(|id| placed.get(id.as_str()));
    if let Some(to) = replacement {
        let arrow = evolution::replaced_by(&from.rect, &to.rect, palette, sizes);
        depths.links.push(fade(arrow, from.dimmed));
    } else if let Some(ghost) = ghost {
        let plan = evolution::evolve_to(&from.rect, &ghost, palette, sizes);
        depths
            .links
            .extend(plan.arrow.into_iter().map(|s| fade(s, from.dimmed)));
        depths
            .boxes
            .extend(plan.ghost.into_iter().map(|s| fade(s, from.dimmed)));
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
    // The whole label, else a shorter one, wherever along the line it is free.
    let spot = [1.0, 0.5].into_iter().find_map(|shorten| {
        let text = label(text, size, false, sizes.label_max_width * shorten, 1);
        let (w, h) = (text.width + 6.0, text.height);
        [0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8]
            .into_iter()
            .find_map(|t| {
                let c = Point::new(
                    start.x + (end.x - start.x) * t,
                    start.y + (end.y - start.y) * t,
                );
                let r = Rect::from_center_size(c, w, h);
                (MAP_AREA.contains_rect(&r) && occupied.is_free(&r.expand(GAP))).then_some(r)
            })
            .map(|r| (text, r))
    });
    let Some((text, rect)) = spot else {
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
