//! An edit that added or removed components or links (an add, a delete, a paste, a new
//! link, their undo), or an overview that keeps other components in full (the
//! selection changed), kept without building the scene again. What went is spliced
//! out (its run, leader, item, links); what came goes in as a placeholder at its place
//! in the drawing order and is then laid out like any changed component
//! (`replace.rs`), with the links that now join a component drawn in full.
//!
//! Left to a full build: a map drawing plans, marks or hand-placed labels (what went
//! may have drawn more than its run), and whatever `replace` leaves to one.

use super::super::layout::{Depth, LinkShapes};
use super::super::{
    ComponentShapes, Item, ItemId, Rect, Scene, SceneOptions, Shape, Splice, Stroke, to_scene,
};
use super::replace::replace;
use crate::model::{Component, ComponentId, Kind, Map};
use std::collections::{HashMap, HashSet};

/// Brings `scene` up to `map`, which differs from the map it was built from in the
/// components and links it holds and in the components `changed` (their indices in
/// `map`, as they were); the options may keep other components in full. The splices
/// made, or None: the caller builds the scene again (`scene` may be half done).
pub(super) fn update(
    scene: &mut Scene,
    changed: &[(usize, &Component)],
    map: &Map,
    options: &SceneOptions,
    dimmed: &HashSet<ComponentId>,
) -> Option<Vec<Splice>> {
    if !scene.layout.as_ref()?.all_alone {
        return None;
    }
    let index_of: HashMap<&str, usize> = (map.components.iter().enumerate())
        .map(|(i, c)| (c.id.as_str(), i))
        .collect();
    if index_of.len() != map.components.len() {
        return None;
    }
    let mut splices = Vec::new();
    for run in (0..scene.components.len()).rev() {
        if !index_of.contains_key(scene.components[run].id.as_str()) {
            remove_run(scene, run, &mut splices)?;
        }
    }

    // The links drawn are those with an end drawn in full.
    let in_full = |i: usize| {
        let c = &map.components[i];
        options.detail.in_full(&c.id, c.kind)
    };
    let ends = |from: &str, to: &str| Some([*index_of.get(from)?, *index_of.get(to)?]);
    let wanted: HashMap<(&str, &str), usize> = (map.links.iter().enumerate())
        .filter(|(_, l)| {
            ends(l.from.as_str(), l.to.as_str()).is_some_and(|[a, b]| in_full(a) || in_full(b))
        })
        .map(|(j, l)| ((l.from.as_str(), l.to.as_str()), j))
        .collect();
    let layout = scene.layout.as_ref()?;
    let mut drawn = HashSet::new();
    let mut gone = Vec::new();
    for (n, link) in layout.links.iter().enumerate() {
        let ItemId::Link { from, to } = &scene.items.get(link.item)?.id else {
            return None;
        };
        match wanted.get(&(from.as_str(), to.as_str())) {
            Some(&j) => {
                drawn.insert(j);
            }
            None => gone.push(n),
        }
    }
    for &n in gone.iter().rev() {
        remove_link(scene, n, &mut splices)?;
    }

    let order = |i: usize| (map.components[i].kind != Kind::UserNeed, i);
    let present: HashSet<&str> = scene.components.iter().map(|c| c.id.as_str()).collect();
    let added: Vec<usize> = (0..map.components.len())
        .filter(|&i| !present.contains(map.components[i].id.as_str()))
        .collect();
    for &i in &added {
        let key = order(i);
        let run = (scene.components).partition_point(|c| {
            index_of
                .get(c.id.as_str())
                .is_some_and(|&at| order(at) < key)
        });
        insert_run(scene, run, &map.components[i], &mut splices)?;
    }
    if scene.components.len() != map.components.len() {
        return None;
    }
    let layout = scene.layout.as_mut()?;
    layout.run_of = vec![0; map.components.len()];
    for (run, c) in scene.components.iter().enumerate() {
        layout.run_of[*index_of.get(c.id.as_str())?] = run;
    }
    for link in &mut layout.links {
        let ItemId::Link { from, to } = &scene.items.get(link.item)?.id else {
            return None;
        };
        link.link = *wanted.get(&(from.as_str(), to.as_str()))?;
        link.ends = ends(from.as_str(), to.as_str())?;
    }

    let mut new_links: Vec<usize> = wanted
        .values()
        .copied()
        .filter(|j| !drawn.contains(j))
        .collect();
    new_links.sort_unstable();
    for &j in &new_links {
        let link = &map.links[j];
        insert_link(
            scene,
            j,
            ends(link.from.as_str(), link.to.as_str())?,
            map,
            &mut splices,
        )?;
    }
    let layout = scene.layout.as_ref()?;
    let new_links: Vec<usize> = (layout.links.iter().enumerate())
        .filter(|(_, l)| new_links.binary_search(&l.link).is_ok())
        .map(|(n, _)| n)
        .collect();
    let mut all: Vec<(usize, &Component)> = changed.to_vec();
    all.extend(added.iter().map(|&i| (i, &map.components[i])));
    let placed = replace(scene, &all, &new_links, map, options, dimmed)?;
    splices.extend(placed);
    Some(splices)
}

/// Splices out run `run` (with its leader) and its item.
fn remove_run(scene: &mut Scene, run: usize, splices: &mut Vec<Splice>) -> Option<()> {
    if let Some(at) = scene.layout.as_ref()?.leaders[run] {
        splices.push(scene.splice(at..at + 1, Vec::new()));
    }
    let shapes = scene.components[run].shapes.clone();
    splices.push(scene.splice(shapes, Vec::new()));
    scene.components.remove(run);
    scene.items.remove(run);
    let layout = scene.layout.as_mut()?;
    layout.leaders.remove(run);
    for link in &mut layout.links {
        link.item -= usize::from(link.item > run);
    }
    Some(())
}

/// Splices out the `n`th link drawn (its line and label) and its item.
fn remove_link(scene: &mut Scene, n: usize, splices: &mut Vec<Splice>) -> Option<()> {
    if let Some(label) = scene.layout.as_ref()?.links.get(n)?.label.clone() {
        splices.push(scene.splice(label, Vec::new()));
    }
    let line = scene.layout.as_ref()?.links[n].line;
    splices.push(scene.splice(line..line + 1, Vec::new()));
    let layout = scene.layout.as_mut()?;
    let item = layout.links.remove(n).item;
    for link in &mut layout.links {
        link.item -= usize::from(link.item > item);
    }
    scene.items.remove(item);
    Some(())
}

/// A placeholder run for `c` at `run` in the drawing order, and its item.
fn insert_run(
    scene: &mut Scene,
    run: usize,
    c: &Component,
    splices: &mut Vec<Splice>,
) -> Option<()> {
    let layout = scene.layout.as_ref()?;
    let at = match scene.components.get(run) {
        Some(next) => next.shapes.start,
        None => scene
            .components
            .last()
            .map_or(layout.leaders_end, |c| c.shapes.end),
    };
    let rect = Rect::from_center_size(to_scene(c.evolution, c.visibility), 1.0, 1.0);
    let placeholder = Shape::Rect {
        rect,
        corner_radius: 0.0,
        fill: None,
        stroke: None,
    };
    splices.push(scene.splice(at..at, vec![placeholder]));
    scene.layout.as_mut()?.grew(Depth::Runs, at, 1);
    scene.components.insert(
        run,
        ComponentShapes {
            id: c.id.clone(),
            shapes: at..at + 1,
            label: None,
        },
    );
    scene.items.insert(
        run,
        Item {
            id: ItemId::Component(c.id.clone()),
            hit: rect,
            segment: None,
            name: String::new(),
        },
    );
    let layout = scene.layout.as_mut()?;
    layout.leaders.insert(run, None);
    for link in &mut layout.links {
        link.item += usize::from(link.item >= run);
    }
    Some(())
}

/// A placeholder line for map link `j` among the links drawn, in map order, and its
/// item among theirs.
fn insert_link(
    scene: &mut Scene,
    j: usize,
    ends: [usize; 2],
    map: &Map,
    splices: &mut Vec<Splice>,
) -> Option<()> {
    let layout = scene.layout.as_ref()?;
    let place = layout.links.partition_point(|l| l.link < j);
    let item = match layout.links.get(place) {
        Some(next) => next.item,
        None => layout
            .links
            .last()
            .map_or(scene.items.len(), |l| l.item + 1),
    };
    let centre = |i: usize| {
        let c = &map.components[i];
        to_scene(c.evolution, c.visibility)
    };
    let (a, b) = (centre(ends[0]), centre(ends[1]));
    let at = layout.links_end;
    let line = Shape::Polyline {
        points: vec![a, b],
        stroke: Stroke::solid(1.0, super::super::Color::BLACK),
        arrowhead: None,
    };
    splices.push(scene.splice(at..at, vec![line]));
    let link = &map.links[j];
    scene.items.insert(
        item,
        Item {
            id: ItemId::Link {
                from: link.from.clone(),
                to: link.to.clone(),
            },
            hit: Rect::spanning(a, b),
            segment: Some((a, b)),
            name: String::new(),
        },
    );
    let layout = scene.layout.as_mut()?;
    layout.grew(Depth::Links, at, 1);
    for l in &mut layout.links {
        l.item += usize::from(l.item >= item);
    }
    layout.links.insert(
        place,
        LinkShapes {
            link: j,
            ends,
            item,
            line: at,
            label: None,
        },
    );
    Some(())
}
