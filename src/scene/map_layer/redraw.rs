//! Some components and links laid out again among a scene's others, with the marker,
//! label and link code `lay_out` uses, for a scene kept edit by edit
//! (`incremental::replace`). The caller fills the placer with everything it keeps.

use super::{
    Depths, LEADER_REACH, Look, Marker, Placed, component_style, dot_marker, dot_radius, draw_link,
    draw_marker, item_name, named_box, outside_label, reach, small_marker, small_size,
};
use crate::model::{Component, ComponentId, Kind, Map};
use crate::scene::font;
use crate::scene::geometry::Rect;
use crate::scene::overlay::OverlayFill;
use crate::scene::placer::{GAP, Placer};
use crate::scene::style::{Palette, Sizes};
use crate::scene::{Item, SceneOptions, Shape, to_scene};
use std::collections::{HashMap, HashSet};

/// A component to lay out again.
pub struct Redo {
    /// Its index in the map.
    pub index: usize,
    /// For an overview's dot: whether its name was shown (dots are labelled within a
    /// budget, which this keeps).
    pub labelled: bool,
}

/// A component drawn again: its run, its leader line, its hit area and name.
pub struct RedrawnComponent {
    pub index: usize,
    pub run: Vec<Shape>,
    pub leader: Option<Shape>,
    pub hit: Rect,
    pub name: String,
}

/// A link drawn again: its line, its label's shapes and its item.
pub struct RedrawnLink {
    pub index: usize,
    pub line: Shape,
    pub label: Vec<Shape>,
    pub item: Item,
}

/// Where a component that is not drawn again is drawn: its marker, and whether it is
/// an overview's dot.
pub type Kept<'a> = &'a dyn Fn(usize) -> Option<(Rect, bool)>;

/// What `c`'s marker will take on the map (its badge or bar too): a small marker, or
/// an overview's dot.
pub fn marker_footprint(
    c: &Component,
    options: &SceneOptions,
    palette: &Palette,
    sizes: &Sizes,
) -> Rect {
    let centre = to_scene(c.evolution, c.visibility);
    if !options.detail.in_full(&c.id, c.kind) {
        let d = 2.0 * dot_radius(c, sizes);
        return Rect::from_center_size(centre, d, d);
    }
    let (w, h) = small_size(c.kind, sizes);
    let style = component_style(c, options.theme, palette, sizes);
    Rect::from_center_size(centre, w, h).expand(reach(c, &style, sizes))
}

/// How far beyond a marker's footprint its name can be placed (beside it, off it on a
/// leader line, or in a box centred on it), room kept around the name included.
pub fn label_reach(sizes: &Sizes) -> f32 {
    let widest = sizes.label_max_width + 6.0;
    LEADER_REACH * sizes.label * font::LINE_HEIGHT + 2.0 * widest + 4.0 * GAP
}

/// Lays out `redo` (the map's order: user needs first) and draws them, then the links
/// `links` (map indices, with those of the components they join) between them and the
/// components `kept` says are drawn.
#[allow(clippy::too_many_arguments)]
pub fn redraw(
    map: &Map,
    (options, dimmed): (&SceneOptions, &HashSet<ComponentId>),
    palette: &Palette,
    sizes: &Sizes,
    occupied: &mut Placer,
    redo: &[Redo],
    links: &[(usize, [usize; 2])],
    kept: Kept,
) -> (Vec<RedrawnComponent>, Vec<RedrawnLink>) {
    let component = |r: &Redo| &map.components[r.index];
    // Every marker is taken before any label is placed, as `lay_out` does.
    let mut markers: Vec<Marker> = redo
        .iter()
        .map(|r| {
            let c = component(r);
            match options.detail.in_full(&c.id, c.kind) {
                true => small_marker(c, options.theme, palette, sizes, occupied),
                false => dot_marker(c, sizes, occupied),
            }
        })
        .collect();
    let needs_first: Vec<usize> = (0..redo.len())
        .filter(|&i| component(&redo[i]).kind == Kind::UserNeed)
        .chain((0..redo.len()).filter(|&i| component(&redo[i]).kind != Kind::UserNeed))
        .collect();
    for &i in &needs_first {
        if !markers[i].dot {
            let room = (sizes.label_max_width, 3);
            markers[i].named = named_box(component(&redo[i]), &markers[i], room, sizes, occupied);
        }
    }
    let mut outsides: Vec<_> = redo.iter().map(|_| None).collect();
    for &i in &needs_first {
        let (c, marker) = (component(&redo[i]), &mut markers[i]);
        if marker.dot {
            if redo[i].labelled {
                outsides[i] = outside_label(c, &marker.small, palette, sizes, occupied);
            }
        } else if marker.named.is_none() {
            let footprint = marker.small.expand(marker.extra);
            outsides[i] = outside_label(c, &footprint, palette, sizes, occupied);
            if outsides[i].is_none() {
                let short = (sizes.label_max_width * 0.7, 1);
                marker.named = named_box(c, marker, short, sizes, occupied);
            }
        }
    }
    let no_overlay = OverlayFill {
        fill: None,
        words: None,
    };
    let mut drawn = HashMap::new();
    let mut components = Vec::with_capacity(redo.len());
    for (i, r) in redo.iter().enumerate() {
        let c = component(r);
        let look = Look {
            dimmed: dimmed.contains(&c.id),
            overlay: &no_overlay,
        };
        let mut depths = Depths::default();
        let (outside, marker) = (outsides[i].take(), &markers[i]);
        let done = draw_marker(
            c,
            marker,
            outside,
            &look,
            options,
            palette,
            sizes,
            &mut depths,
        );
        drawn.insert(r.index, (done.marker, marker.dot));
        components.push(RedrawnComponent {
            index: r.index,
            run: depths.boxes,
            leader: depths.leaders.pop(),
            hit: done.hit,
            name: item_name(c, map, &no_overlay),
        });
    }
    let placed = |index: usize| {
        let (rect, dot) = drawn.get(&index).copied().or_else(|| kept(index))?;
        let c = map.components.get(index)?;
        Some(Placed {
            index,
            rect,
            dimmed: dimmed.contains(&c.id),
            name: &c.name,
            dot,
        })
    };
    let mut redrawn_links = Vec::with_capacity(links.len());
    for &(index, [from, to]) in links {
        let (Some(link), Some(from), Some(to)) = (map.links.get(index), placed(from), placed(to))
        else {
            continue;
        };
        let mut depths = Depths::default();
        let item = draw_link(link, (&from, &to), palette, sizes, occupied, &mut depths);
        let Some(line) = depths.links.pop() else {
            continue;
        };
        redrawn_links.push(RedrawnLink {
            index,
            line,
            label: depths.link_labels,
            item,
        });
    }
    (components, redrawn_links)
}
