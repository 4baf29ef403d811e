//! Warnings about the map's structure: things that are allowed but probably mistakes,
//! each naming the components concerned.

use super::graph::DependencyGraph;
use super::reach::Reach;
use crate::model::{ComponentId, Kind, Map};
use serde::Serialize;
use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckKind {
    /// Components that depend on each other, directly or round a loop.
    Cycle,
    /// A dependency drawn above its dependant (value chains run downwards).
    UpwardLink,
    /// A user need that depends on nothing.
    NeedWithoutDependencies,
    /// A component (not a user need) with no links at all.
    Unlinked,
    /// A link naming a component that is not on the map.
    MissingComponent,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Check {
    pub kind: CheckKind,
    /// The components concerned, so the app can select them.
    pub components: Vec<ComponentId>,
    pub message: String,
}

impl fmt::Display for Check {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// All checks, grouped by kind in the order of `CheckKind`, each group in map order.
pub(crate) fn run(map: &Map, graph: &DependencyGraph, reach: &Reach) -> Vec<Check> {
    let mut checks = Vec::new();
    cycles(map, graph, reach, &mut checks);
    upward_links(map, graph, &mut checks);
    unlinked(map, graph, &mut checks);
    missing_components(map, graph, &mut checks);
    checks
}

fn cycles(map: &Map, graph: &DependencyGraph, reach: &Reach, checks: &mut Vec<Check>) {
    let mut found: Vec<Vec<usize>> = reach.cycles().to_vec();
    found.extend(
        (0..graph.len())
            .filter(|&n| graph.has_self_link(n))
            .map(|n| vec![n]),
    );
    for members in &mut found {
        members.sort_unstable();
    }
    found.sort();
    for members in found {
        let names: Vec<String> = members
            .iter()
            .map(|&n| map.components[n].describe())
            .collect();
        let message = match names.as_slice() {
            [one] => format!("dependency cycle: {one} depends on itself"),
            [rest @ .., last] => format!(
                "dependency cycle: {} and {last} depend on each other",
                rest.join(", ")
            ),
            [] => continue,
        };
        checks.push(Check {
            kind: CheckKind::Cycle,
            components: members
                .iter()
                .map(|&n| map.components[n].id.clone())
                .collect(),
            message,
        });
    }
}

fn upward_links(map: &Map, graph: &DependencyGraph, checks: &mut Vec<Check>) {
    for (from, to) in graph.links() {
        let (dependant, dependency) = (&map.components[from], &map.components[to]);
        if dependency.visibility > dependant.visibility {
            checks.push(Check {
                kind: CheckKind::UpwardLink,
                components: vec![dependant.id.clone(), dependency.id.clone()],
                message: format!(
                    "upward link: {} depends on {}, which is drawn above it",
                    dependant.describe(),
                    dependency.describe()
                ),
            });
        }
    }
}

fn unlinked(map: &Map, graph: &DependencyGraph, checks: &mut Vec<Check>) {
    let mut needs = Vec::new();
    let mut loose = Vec::new();
    for (n, component) in map.components.iter().enumerate() {
        let no_dependencies = graph.dependencies(n).next().is_none();
        if component.kind == Kind::UserNeed {
            if no_dependencies {
                needs.push(Check {
                    kind: CheckKind::NeedWithoutDependencies,
                    components: vec![component.id.clone()],
                    message: format!("user need {} depends on nothing", component.describe()),
                });
            }
        } else if no_dependencies && graph.dependants(n).next().is_none() {
            loose.push(Check {
                kind: CheckKind::Unlinked,
                components: vec![component.id.clone()],
                message: format!(
                    "{} has no links: nothing depends on it and it depends on nothing",
                    component.describe()
                ),
            });
        }
    }
    checks.extend(needs);
    checks.extend(loose);
}

fn missing_components(map: &Map, graph: &DependencyGraph, checks: &mut Vec<Check>) {
    for &position in graph.dangling_links() {
        let link = &map.links[position];
        let present: Vec<ComponentId> = [&link.from, &link.to]
            .into_iter()
            .filter(|id| graph.node(id).is_some())
            .cloned()
            .collect();
        checks.push(Check {
            kind: CheckKind::MissingComponent,
            components: present,
            message: format!(
                "link {} -> {} names a component that is not on the map",
                link.from, link.to
            ),
        });
    }
}
