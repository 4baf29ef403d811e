//! An edit that moved, renamed or restyled components, kept without building the scene
//! again: the changed components are laid out afresh among the rest, and so is any
//! other component or link label their new markers would cover; the links of all of
//! them are drawn again. Everything else stays where it was, so markers stay on their
//! positions and no label covers another label or a marker, as in a full build (which
//! might have placed some labels differently: placement is order-dependent).
//!
//! Left to a full build: components with what else is drawn from their position
//! (plans, marks, pipelines, labels placed by hand), and a new marker under a note's or
//! a plan's text.

use super::super::layout::{Depth, drawn_alone};
use super::super::map_layer::redraw::{Redo, label_reach, marker_footprint, redraw};
use super::super::placer::{GAP, Placer};
use super::super::style::{Badge, Palette, Sizes};
use super::super::{ItemId, Rect, Scene, SceneOptions, Shape, Splice, bounds_with_margin};
use crate::model::{Component, ComponentId, Map};
use std::collections::HashSet;

/// Brings `scene` (built from the map before, whose changed components `changed` holds
/// with their old values) up to `map`, drawing the links `new_links` (places in the
/// layout's links) again too; the splices made in order, or None if the edit is left
/// to a full build (then the caller builds again: `scene` may be half done).
pub(super) fn replace(
    scene: &mut Scene,
    changed: &[(usize, &Component)],
    new_links: &[usize],
    map: &Map,
    options: &SceneOptions,
    dimmed: &HashSet<ComponentId>,
) -> Option<Vec<Splice>> {
    let layout = scene.layout.as_ref()?;
    if layout.run_of.len() != map.components.len() {
        return None;
    }
    for &(index, old) in changed {
        let new = map.components.get(index)?;
        if new.id != old.id || new.kind != old.kind || !drawn_alone(old) || !drawn_alone(new) {
            return None;
        }
    }
    let changed_ids: HashSet<&ComponentId> = changed.iter().map(|(_, c)| &c.id).collect();
    let planned_to = |c: &Component| {
        let to = c.evolve.as_ref().and_then(|e| e.replaced_by.as_ref());
        to.is_some_and(|id| changed_ids.contains(id))
    };
    if map.components.iter().any(planned_to) {
        return None;
    }
    let (palette, sizes) = (
        Palette::for_theme(options.theme),
        Sizes::new(options.presenter),
    );
    let footprints: Vec<Rect> = changed
        .iter()
        .map(|(i, _)| marker_footprint(&map.components[*i], options, &palette, &sizes).expand(GAP))
        .collect();
    let under = |r: &Rect| footprints.iter().any(|f| f.intersects(r));

    // What the new markers cover: other components' names, link labels.
    let mut redo_runs = vec![false; scene.components.len()];
    for (index, _) in changed {
        redo_runs[layout.run_of[*index]] = true;
    }
    let mut relabel = vec![false; layout.links.len()];
    for &n in new_links {
        *relabel.get_mut(n)? = true;
    }
    let glyphs = [Badge::Warning.glyph(), Badge::Question.glyph()];
    for at in layout.layer.clone() {
        let Shape::Text(text) = &scene.shapes[at] else {
            continue;
        };
        // A label's background reaches a little beyond its text.
        if glyphs.contains(&text.text.as_str()) || !under(&text.bounds().expand(3.0)) {
            continue;
        }
        let run = scene.components.partition_point(|c| c.shapes.start <= at);
        if run > 0 && scene.components[run - 1].shapes.contains(&at) {
            redo_runs[run - 1] = true;
            continue;
        }
        let label = |l: &super::super::layout::LinkShapes| {
            l.label.as_ref().is_some_and(|r| r.contains(&at))
        };
        match layout.links.iter().position(label) {
            Some(link) => relabel[link] = true,
            // A note's or a plan's text: left to a full build.
            None => return None,
        }
    }
    // A name's box the new markers would touch (a full build gives a box only room
    // clear of every marker).
    for (run, c) in scene.components.iter().enumerate() {
        let named = matches!(scene.shapes.get(c.shapes.start + 1), Some(Shape::Text(_)));
        if named && !redo_runs[run] && under(&scene.shapes[c.shapes.start].bounds()) {
            redo_runs[run] = true;
        }
    }

    // Runs are in the scene's order (user needs first), which the layout keeps.
    let mut index_of_run = vec![0; scene.components.len()];
    for (index, &run) in layout.run_of.iter().enumerate() {
        index_of_run[run] = index;
    }
    let mut redo = Vec::new();
    for run in (0..redo_runs.len()).filter(|&r| redo_runs[r]) {
        let c = &map.components[index_of_run[run]];
        let item = &scene.items.get(run)?.id;
        if !drawn_alone(c) || *item != ItemId::Component(c.id.clone()) {
            return None;
        }
        redo.push(Redo {
            index: index_of_run[run],
            // A dot's run holds its name when it has one.
            labelled: scene.components[run].shapes.len() > 1,
        });
    }
    let redone = |index: usize| redo_runs[layout.run_of[index]];
    for (n, drawn) in layout.links.iter().enumerate() {
        relabel[n] |= drawn.ends.iter().any(|&end| redone(end));
    }
    let marker_of = |index: usize| {
        let run = scene.components.get(*layout.run_of.get(index)?)?;
        match scene.shapes.get(run.shapes.start)? {
            Shape::Rect { rect, .. } => Some((*rect, false)),
            Shape::Circle { center, radius, .. } => {
                let d = 2.0 * radius;
                Some((Rect::from_center_size(*center, d, d), true))
            }
            _ => None,
        }
    };

    // Where anything is placed again: around the markers laid out again and along the
    // links drawn again. What is kept there is taken before anything is placed.
    let mut region: Vec<Rect> = Vec::with_capacity(redo.len());
    for r in &redo {
        let footprint = marker_footprint(&map.components[r.index], options, &palette, &sizes);
        region.push(footprint.expand(label_reach(&sizes)));
    }
    let centre = |index: usize| {
        let c = &map.components[index];
        super::super::to_scene(c.evolution, c.visibility)
    };
    for drawn in (layout.links.iter().zip(&relabel)).filter_map(|(d, r)| r.then_some(d)) {
        let [from, to] = drawn.ends;
        let line = Rect::spanning(centre(from), centre(to));
        region.push(line.expand(sizes.label_max_width + 4.0 * GAP));
    }
    let in_region = |r: &Rect| region.iter().any(|g| g.intersects(r));
    let mut kept = vec![true; scene.shapes.len()];
    for r in &redo {
        let run = scene.components[layout.run_of[r.index]].shapes.clone();
        kept[run].fill(false);
    }
    for (drawn, _) in (layout.links.iter().zip(&relabel)).filter(|(_, r)| **r) {
        if let Some(label) = drawn.label.clone() {
            kept[label].fill(false);
        }
    }
    let mut occupied = Placer::new(map.components.len());
    for at in layout.layer.clone().filter(|&at| kept[at]) {
        match &scene.shapes[at] {
            // Lines are never kept clear of.
            Shape::Polyline { .. } => {}
            shape => {
                let bounds = shape.bounds();
                if in_region(&bounds) {
                    occupied.insert(bounds);
                }
            }
        }
    }
    let links: Vec<(usize, [usize; 2])> = (layout.links.iter().zip(&relabel))
        .filter(|(_, r)| **r)
        .map(|(d, _)| (d.link, d.ends))
        .collect();
    let (components, links) = redraw(
        map,
        (options, dimmed),
        &palette,
        &sizes,
        &mut occupied,
        &redo,
        &links,
        &marker_of,
    );
    if links.len() != relabel.iter().filter(|&&r| r).count() {
        // A link whose end is not drawn any more: not what an unchanged detail gives.
        return None;
    }

    let mut splices = Vec::new();
    for c in components {
        let run = scene.layout.as_ref()?.run_of[c.index];
        let shapes = scene.components[run].shapes.clone();
        splices.push(scene.splice(shapes, c.run));
        let layout = scene.layout.as_ref()?;
        match (layout.leaders[run], c.leader) {
            (Some(at), Some(line)) => splices.push(scene.splice(at..at + 1, vec![line])),
            (Some(at), None) => {
                splices.push(scene.splice(at..at + 1, Vec::new()));
                scene.layout.as_mut()?.leaders[run] = None;
            }
            (None, Some(line)) => {
                let at = layout.leaders_end;
                splices.push(scene.splice(at..at, vec![line]));
                let layout = scene.layout.as_mut()?;
                layout.leaders[run] = Some(at);
                layout.grew(Depth::Leaders, at, 1);
            }
            (None, None) => {}
        }
        let item = &mut scene.items[run];
        item.hit = c.hit;
        item.name = c.name;
    }
    for l in links {
        let layout = scene.layout.as_ref()?;
        let n = layout.links.iter().position(|d| d.link == l.index)?;
        let (line, label, item) = (
            layout.links[n].line,
            layout.links[n].label.clone(),
            layout.links[n].item,
        );
        splices.push(scene.splice(line..line + 1, vec![l.line]));
        let count = l.label.len();
        match label {
            Some(range) => {
                splices.push(scene.splice(range, l.label));
                let layout = scene.layout.as_mut()?;
                if count == 0 {
                    layout.links[n].label = None;
                }
            }
            None if count > 0 => {
                let at = scene.layout.as_ref()?.link_labels_end;
                splices.push(scene.splice(at..at, l.label));
                let layout = scene.layout.as_mut()?;
                layout.links[n].label = Some(at..at + count);
                layout.grew(Depth::LinkLabels, at, count);
            }
            None => {}
        }
        scene.items[item] = l.item;
    }
    scene.bounds = bounds_with_margin(&scene.shapes);
    Some(splices)
}
