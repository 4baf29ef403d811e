//! Views of an estate map: one area (a source map's title in `Component::areas`), the
//! at-risk systems with everything that depends on them, or both. `view_map` is the one
//! function that makes a view; the canvas, exports and the register's rows all take it.
//!
//! A component with no areas belongs to no area: it shows in the whole estate, never in
//! an area's view (an asset-register import or a hand-added system would otherwise
//! crowd every area). Areas match by name, ignoring case and surrounding spaces.

use super::{DependencyGraph, counts_as_at_risk};
use crate::model::{ComponentId, Map};
use std::collections::{BTreeSet, HashSet};

/// Which part of the map is shown.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct MapView {
    /// Only the components on this area (None: every area).
    pub area: Option<String>,
    /// Only at-risk systems (unsupported, extended support, shadow IT, unknown) and
    /// everything that depends on them, directly or transitively.
    pub at_risk: bool,
}

impl MapView {
    pub fn area(name: impl Into<String>) -> Self {
        Self {
            area: Some(name.into()),
            at_risk: false,
        }
    }

    pub fn at_risk() -> Self {
        Self {
            area: None,
            at_risk: true,
        }
    }

    /// The whole map.
    pub fn is_all(&self) -> bool {
        self.area.is_none() && !self.at_risk
    }

    /// What the view shows, e.g. "Stroke area: at risk and what depends on it".
    pub fn label(&self) -> String {
        const AT_RISK: &str = "at risk and what depends on it";
        match (&self.area, self.at_risk) {
            (None, false) => "Whole map".to_string(),
            (None, true) => format!("Whole map: {AT_RISK}"),
            (Some(area), false) => format!("{area} area"),
            (Some(area), true) => format!("{area} area: {AT_RISK}"),
        }
    }
}

/// `--area` or a saved view named an area the map does not have.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownArea {
    pub name: String,
    /// The areas the map has, sorted.
    pub known: Vec<String>,
}

impl std::fmt::Display for UnknownArea {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.known.is_empty() {
            write!(
                f,
                "the map has no area '{}': no component lists any areas (merge area maps into an estate first)",
                self.name
            )
        } else {
            write!(
                f,
                "the map has no area '{}'; its areas are: {}",
                self.name,
                self.known.join(", ")
            )
        }
    }
}

impl std::error::Error for UnknownArea {}

/// Every area named on the map, once each (the first spelling met), sorted
/// alphabetically ignoring case.
pub fn areas_of(map: &Map) -> Vec<String> {
    let mut seen = HashSet::new();
    let mut areas: Vec<String> = map
        .components
        .iter()
        .flat_map(|c| &c.areas)
        .filter(|a| !a.trim().is_empty() && seen.insert(area_key(a)))
        .cloned()
        .collect();
    areas.sort_by_key(|a| area_key(a));
    areas
}

fn area_key(name: &str) -> String {
    name.trim().to_lowercase()
}

/// The map's own spelling of the area `name`.
pub fn find_area(map: &Map, name: &str) -> Result<String, UnknownArea> {
    let known = areas_of(map);
    let key = area_key(name);
    known
        .iter()
        .find(|a| area_key(a) == key)
        .cloned()
        .ok_or_else(|| UnknownArea {
            name: name.trim().to_string(),
            known,
        })
}

/// The ids the view keeps, in map order.
pub fn view_members(map: &Map, view: &MapView) -> Result<Vec<ComponentId>, UnknownArea> {
    let mut keep: Vec<bool> = match &view.area {
        None => vec![true; map.components.len()],
        Some(name) => {
            let key = area_key(&find_area(map, name)?);
            map.components
                .iter()
                .map(|c| c.areas.iter().any(|a| area_key(a) == key))
                .collect()
        }
    };
    if view.at_risk {
        keep = at_risk_and_dependants(map, &keep);
    }
    Ok(map
        .components
        .iter()
        .zip(keep)
        .filter(|(_, k)| *k)
        .map(|(c, _)| c.id.clone())
        .collect())
}

/// The map the view shows: its components, the links among them and the groups that
/// still have members; everything else (settings, notes, title) as it was, with the
/// view named in the title so no one mistakes it for the whole estate. The whole map
/// is returned as it is.
pub fn view_map(map: &Map, view: &MapView) -> Result<Map, UnknownArea> {
    if view.is_all() {
        return Ok(map.clone());
    }
    let view = MapView {
        area: view
            .area
            .as_deref()
            .map(|a| find_area(map, a))
            .transpose()?,
        at_risk: view.at_risk,
    };
    let kept: HashSet<ComponentId> = view_members(map, &view)?.into_iter().collect();
    let mut out = map.clone();
    out.title = format!("{} \u{2014} {}", map.title, view.label());
    out.components.retain(|c| kept.contains(&c.id));
    out.links
        .retain(|l| kept.contains(&l.from) && kept.contains(&l.to));
    for group in &mut out.groups {
        group.members.retain(|m| kept.contains(m));
    }
    out.groups.retain(|g| !g.members.is_empty());
    Ok(out)
}

/// Among the components `within` marks, the at-risk ones and every one that depends on
/// them (links followed upward inside `within` only).
fn at_risk_and_dependants(map: &Map, within: &[bool]) -> Vec<bool> {
    let graph = DependencyGraph::build(map);
    let mut keep = vec![false; map.components.len()];
    let mut stack: Vec<usize> = (0..map.components.len())
        .filter(|&n| within[n] && counts_as_at_risk(&map.components[n]))
        .collect();
    for &n in &stack {
        keep[n] = true;
    }
    while let Some(n) = stack.pop() {
        for m in graph.dependants(n) {
            if within[m] && !keep[m] {
                keep[m] = true;
                stack.push(m);
            }
        }
    }
    keep
}

/// The distinct areas of these components (e.g. the dependants of a system), sorted.
pub fn areas_spanned(map: &Map, nodes: impl IntoIterator<Item = usize>) -> Vec<&str> {
    let mut seen = BTreeSet::new();
    let mut areas = Vec::new();
    for n in nodes {
        for a in &map.components[n].areas {
            if seen.insert(area_key(a)) {
                areas.push(a.as_str());
            }
        }
    }
    areas.sort_by_key(|a| area_key(a));
    areas
}

#[cfg(test)]
mod tests;
