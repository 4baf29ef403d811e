//! The dependency graph: one node per component (node `i` is `map.components[i]`), one
//! edge per link, from the dependant to its dependency (A needs B: edge A -> B).
//! Rebuilt from scratch after each edit: it is cheap (see `benches/analysis.rs`).

use crate::model::{ComponentId, Kind, Map};
use fixedbitset::FixedBitSet;
use petgraph::Direction::{Incoming, Outgoing};
use petgraph::graph::{DiGraph, NodeIndex};
use std::collections::HashMap;

pub struct DependencyGraph {
    graph: DiGraph<(), ()>,
    index: HashMap<ComponentId, usize>,
    user_needs: FixedBitSet,
    /// Links (by position in `map.links`) naming a component that is not on the map.
    /// A validated map has none; an analysis must still not fail on one.
    dangling_links: Vec<usize>,
}

/// Everything that depends on one component, directly or transitively, as positions in
/// `map.components` (valid for the map the graph was built from).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BlastRadius {
    /// Every dependant component, user needs included, in map order.
    pub components: Vec<usize>,
    /// The user needs among them, in map order.
    pub user_needs: Vec<usize>,
}

impl DependencyGraph {
    pub fn build(map: &Map) -> Self {
        let count = map.components.len();
        let mut graph = DiGraph::with_capacity(count, map.links.len());
        let mut index = HashMap::with_capacity(count);
        let mut user_needs = FixedBitSet::with_capacity(count);
        for (i, component) in map.components.iter().enumerate() {
            graph.add_node(());
            // With duplicate ids (an invalid map) the first component keeps the id.
            index.entry(component.id.clone()).or_insert(i);
            user_needs.set(i, component.kind == Kind::UserNeed);
        }
        let mut dangling_links = Vec::new();
        for (position, link) in map.links.iter().enumerate() {
            match (index.get(&link.from), index.get(&link.to)) {
                (Some(&from), Some(&to)) => {
                    graph.add_edge(NodeIndex::new(from), NodeIndex::new(to), ());
                }
                _ => dangling_links.push(position),
            }
        }
        Self {
            graph,
            index,
            user_needs,
            dangling_links,
        }
    }

    pub fn len(&self) -> usize {
        self.graph.node_count()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The node (= position in `map.components`) of a component.
    pub fn node(&self, id: &ComponentId) -> Option<usize> {
        self.index.get(id).copied()
    }

    pub fn is_user_need(&self, node: usize) -> bool {
        self.user_needs.contains(node)
    }

    pub fn dangling_links(&self) -> &[usize] {
        &self.dangling_links
    }

    pub(crate) fn petgraph(&self) -> &DiGraph<(), ()> {
        &self.graph
    }

    /// What `node` depends on directly.
    pub fn dependencies(&self, node: usize) -> impl Iterator<Item = usize> + '_ {
        self.graph
            .neighbors_directed(NodeIndex::new(node), Outgoing)
            .map(NodeIndex::index)
    }

    /// What depends on `node` directly.
    pub fn dependants(&self, node: usize) -> impl Iterator<Item = usize> + '_ {
        self.graph
            .neighbors_directed(NodeIndex::new(node), Incoming)
            .map(NodeIndex::index)
    }

    /// Every link as (dependant, dependency), in map order.
    pub fn links(&self) -> impl Iterator<Item = (usize, usize)> + '_ {
        self.graph
            .edge_indices()
            .filter_map(|e| self.graph.edge_endpoints(e))
            .map(|(from, to)| (from.index(), to.index()))
    }

    pub fn has_self_link(&self, node: usize) -> bool {
        let n = NodeIndex::new(node);
        self.graph.contains_edge(n, n)
    }

    /// Every node with a path to `node` (its upstream chain), never `node` itself.
    pub fn upstream(&self, node: usize) -> FixedBitSet {
        self.reach(node, |n| self.dependants(n))
    }

    /// Every node `node` has a path to (its downstream chain), never `node` itself.
    pub fn downstream(&self, node: usize) -> FixedBitSet {
        self.reach(node, |n| self.dependencies(n))
    }

    /// Iterative depth-first search, so that a long chain cannot overflow the stack.
    fn reach<I: Iterator<Item = usize>>(
        &self,
        start: usize,
        next: impl Fn(usize) -> I,
    ) -> FixedBitSet {
        let mut seen = FixedBitSet::with_capacity(self.len());
        let mut stack = vec![start];
        while let Some(n) = stack.pop() {
            for m in next(n) {
                if !seen.put(m) {
                    stack.push(m);
                }
            }
        }
        // A cycle through `start` leads back to it; it is not its own dependant.
        seen.set(start, false);
        seen
    }

    /// Every component and user need that depends on `id`, or None if it is not on the map.
    pub fn blast_radius(&self, id: &ComponentId) -> Option<BlastRadius> {
        let upstream = self.upstream(self.node(id)?);
        let mut radius = BlastRadius::default();
        for n in upstream.ones() {
            radius.components.push(n);
            if self.is_user_need(n) {
                radius.user_needs.push(n);
            }
        }
        Some(radius)
    }
}
