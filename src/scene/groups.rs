//! Collapsed groups (`Map::groups`): each is drawn as one box at its members' mean
//! position, named with the group's name and its counts by status, in the most at-risk
//! status among its members; links to a member are drawn to the box. The canvas and
//! every export get this from `scene::build`, so they agree.

use super::geometry::Point;
use super::shape::{Shape, Stroke, StrokeStyle};
use super::{ComponentShapes, MAP_AREA};
use crate::model::{Component, ComponentId, Kind, Link, Map, SupportStatus};
use std::collections::{HashMap, HashSet};

/// The prefix of a group box's id in the scene; a map's own ids never hold a colon.
const BOX_ID_PREFIX: &str = "group:";

/// The id the box of the group at `index` in `map.groups` has in the scene.
pub fn box_id(index: usize) -> ComponentId {
    ComponentId(format!("{BOX_ID_PREFIX}{index}"))
}

/// Which group (its position in `map.groups`) a scene id is the box of.
pub fn group_of_box(id: &ComponentId) -> Option<usize> {
    id.as_str().strip_prefix(BOX_ID_PREFIX)?.parse().ok()
}

/// Most at risk first: the box takes the first status any member has.
const WORST_FIRST: [SupportStatus; 5] = [
    SupportStatus::Unsupported,
    SupportStatus::ShadowIt,
    SupportStatus::ExtendedSupport,
    SupportStatus::Unknown,
    SupportStatus::Supported,
];

fn status_words(status: SupportStatus) -> &'static str {
    match status {
        SupportStatus::Supported => "supported",
        SupportStatus::ExtendedSupport => "extended support",
        SupportStatus::Unsupported => "unsupported",
        SupportStatus::ShadowIt => "shadow IT",
        SupportStatus::Unknown => "unknown",
    }
}

/// "12 systems: 3 unsupported, 1 shadow IT, 8 supported" (most at risk first; user
/// needs counted apart, they carry no status).
pub fn counts_line(members: &[&Component]) -> String {
    let systems: Vec<&&Component> = members
        .iter()
        .filter(|c| c.kind != Kind::UserNeed)
        .collect();
    let needs = members.len() - systems.len();
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let mut line = plural(systems.len(), "system", "systems");
    if needs > 0 {
        line = format!("{line}, {}", plural(needs, "user need", "user needs"));
    }
    let counts: Vec<String> = WORST_FIRST
        .iter()
        .map(|&s| (s, systems.iter().filter(|c| c.status == s).count()))
        .filter(|&(_, n)| n > 0)
        .map(|(s, n)| format!("{n} {}", status_words(s)))
        .collect();
    if counts.is_empty() {
        line
    } else {
        format!("{line}: {}", counts.join(", "))
    }
}

/// The map as drawn with its collapsed groups folded into boxes; None when no group is
/// collapsed (the map is drawn as it is). A component in two collapsed groups goes
/// into the first.
pub fn collapse(map: &Map) -> Option<Map> {
    if !map.groups.iter().any(|g| g.collapsed) {
        return None;
    }
    let index: HashMap<&ComponentId, usize> = map
        .components
        .iter()
        .enumerate()
        .map(|(n, c)| (&c.id, n))
        .collect();
    let mut folded_into: HashMap<ComponentId, ComponentId> = HashMap::new();
    let mut boxes = Vec::new();
    for (g, group) in map.groups.iter().enumerate().filter(|(_, g)| g.collapsed) {
        let members: Vec<&Component> = group
            .members
            .iter()
            .filter(|id| !folded_into.contains_key(*id))
            .filter_map(|id| index.get(id).map(|&n| &map.components[n]))
            .collect();
        if members.is_empty() {
            continue;
        }
        let id = box_id(g);
        let count = members.len() as f64;
        let visibility = members.iter().map(|c| c.visibility).sum::<f64>() / count;
        let evolution = members.iter().map(|c| c.evolution).sum::<f64>() / count;
        let name = format!("{} ({})", group.name, counts_line(&members));
        let all_needs = members.iter().all(|c| c.kind == Kind::UserNeed);
        let status = WORST_FIRST
            .into_iter()
            .find(|&s| {
                members
                    .iter()
                    .any(|c| c.kind != Kind::UserNeed && c.status == s)
            })
            .unwrap_or(SupportStatus::Unknown);
        let kind = if all_needs {
            Kind::UserNeed
        } else {
            Kind::System
        };
        for c in &members {
            folded_into.insert(c.id.clone(), id.clone());
        }
        boxes.push(
            Component::new(id, name, visibility, evolution)
                .with_kind(kind)
                .with_status(status),
        );
    }
    let mut out = map.clone();
    out.components.retain(|c| !folded_into.contains_key(&c.id));
    out.components.extend(boxes);
    let mut seen = HashSet::new();
    out.links = map
        .links
        .iter()
        .filter_map(|l| {
            let from = folded_into.get(&l.from).unwrap_or(&l.from);
            let to = folded_into.get(&l.to).unwrap_or(&l.to);
            let touches_box = from != &l.from || to != &l.to;
            if from == to || !seen.insert((from.clone(), to.clone())) {
                return None;
            }
            let mut link = Link::new(from.clone(), to.clone());
            if !touches_box {
                link = l.clone();
            }
            Some(link)
        })
        .collect();
    // A pipeline variant or replacement that points into a folded group points at
    // nothing drawn; the box stands for it.
    for c in &mut out.components {
        if let Some(of) = c.pipeline_of.as_ref().and_then(|p| folded_into.get(p)) {
            c.pipeline_of = Some(of.clone());
        }
        if let Some(evolve) = &mut c.evolve
            && let Some(by) = evolve.replaced_by.as_ref().and_then(|r| folded_into.get(r))
        {
            evolve.replaced_by = Some(by.clone());
        }
    }
    Some(out)
}

/// A second outline peeking out above and right of each group box, so a box that
/// stands for many components reads as a stack, not one system.
pub fn stack_marks(shapes: &[Shape], components: &[ComponentShapes]) -> Vec<Shape> {
    const STEP: f32 = 5.0;
    components
        .iter()
        .filter(|c| group_of_box(&c.id).is_some())
        .filter_map(|c| match shapes.get(c.shapes.start)? {
            Shape::Rect {
                rect,
                stroke: Some(stroke),
                ..
            } => {
                let (min, max) = (rect.min, rect.max);
                let top = (min.y - STEP).max(MAP_AREA.min.y);
                Some(Shape::Polyline {
                    points: vec![
                        Point::new(min.x + STEP, min.y),
                        Point::new(min.x + STEP, top),
                        Point::new(max.x + STEP, top),
                        Point::new(max.x + STEP, max.y - STEP),
                        Point::new(max.x, max.y - STEP),
                    ],
                    stroke: Stroke {
                        width: stroke.width.clamp(1.0, 2.0),
                        color: stroke.color,
                        style: StrokeStyle::Solid,
                    },
                    arrowhead: None,
                })
            }
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests;
