//! Whole-map reachability facts in one pass over the strongly connected components
//! (a cycle behaves as one node): which user needs depend on each component, and
//! whether each component rests on an at-risk one.

use super::NeedExposure;
use super::counts_as_at_risk;
use super::graph::DependencyGraph;
use crate::model::Map;
use fixedbitset::FixedBitSet;
use petgraph::algo::kosaraju_scc;
use petgraph::graph::NodeIndex;

pub(crate) struct Reach {
    /// The user-need nodes; bit `k` of a need set stands for `needs[k]`.
    needs: Vec<usize>,
    /// The strongly connected component of each node.
    scc_of: Vec<usize>,
    /// For each strongly connected component, the user needs with a path to its
    /// members (a need inside a cycle included: see `needs_above`).
    needs_above_scc: Vec<FixedBitSet>,
    /// For each node, whether an at-risk component lies on its downstream chain.
    rests_on_at_risk: Vec<bool>,
    /// The nodes of each dependency cycle (components of 2 or more; self links are
    /// rejected by validation and reported by the checks).
    cycles: Vec<Vec<usize>>,
}

impl Reach {
    pub fn compute(map: &Map, graph: &DependencyGraph) -> Self {
        // Iterative (kosaraju, not the recursive tarjan) so long chains cannot overflow
        // the stack. Order: dependencies before their dependants.
        let sccs = kosaraju_scc(graph.petgraph());
        let mut scc_of = vec![0; graph.len()];
        for (s, scc) in sccs.iter().enumerate() {
            for n in scc {
                scc_of[n.index()] = s;
            }
        }
        let needs: Vec<usize> = (0..graph.len())
            .filter(|&n| graph.is_user_need(n))
            .collect();
        let needs_above_scc = needs_above_sccs(graph, &sccs, &scc_of, &needs);
        let at_risk: Vec<bool> = map.components.iter().map(counts_as_at_risk).collect();
        let per_scc_risk = at_risk_below_sccs(graph, &sccs, &scc_of, &at_risk);
        let rests_on_at_risk = (0..graph.len()).map(|n| per_scc_risk[scc_of[n]]).collect();
        let cycles = sccs
            .into_iter()
            .filter(|scc| scc.len() > 1)
            .map(|scc| scc.into_iter().map(NodeIndex::index).collect())
            .collect();
        Self {
            needs,
            scc_of,
            needs_above_scc,
            rests_on_at_risk,
            cycles,
        }
    }

    /// The need bits (see `needs`) of the user needs that depend on `node`: those with
    /// a path to it, never `node` itself.
    fn needs_above(&self, node: usize) -> impl Iterator<Item = usize> + '_ {
        let own = self.needs.binary_search(&node).ok();
        self.needs_above_scc[self.scc_of[node]]
            .ones()
            .filter(move |&k| Some(k) != own)
    }

    /// The user-need nodes that depend on `node`, in map order.
    pub fn needs_depending_on(&self, node: usize) -> impl Iterator<Item = usize> + '_ {
        self.needs_above(node).map(|k| self.needs[k])
    }

    pub fn count_needs_depending_on(&self, node: usize) -> usize {
        let set = &self.needs_above_scc[self.scc_of[node]];
        let own = self.needs.binary_search(&node).ok();
        set.count_ones(..) - usize::from(own.is_some_and(|k| set.contains(k)))
    }

    /// The exposure of each user need, in map order, read off the need sets rather
    /// than searched once per need.
    pub fn exposures(&self, at_risk: impl Fn(usize) -> bool) -> Vec<NeedExposure> {
        let mut exposures: Vec<NeedExposure> = self
            .needs
            .iter()
            .map(|&need| NeedExposure {
                need,
                rests_on: 0,
                at_risk: Vec::new(),
            })
            .collect();
        for node in 0..self.scc_of.len() {
            let risky = at_risk(node);
            for k in self.needs_above(node) {
                exposures[k].rests_on += 1;
                if risky {
                    exposures[k].at_risk.push(node);
                }
            }
        }
        exposures
    }

    pub fn rests_on_at_risk(&self, node: usize) -> bool {
        self.rests_on_at_risk[node]
    }

    pub fn cycles(&self) -> &[Vec<usize>] {
        &self.cycles
    }
}

/// Need sets flow from dependants down to dependencies, dependants first. Each set
/// also holds the needs inside its own component: in a cycle every member has a path
/// to every member; a node's own bit is left out when the set is read.
fn needs_above_sccs(
    graph: &DependencyGraph,
    sccs: &[Vec<NodeIndex>],
    scc_of: &[usize],
    needs: &[usize],
) -> Vec<FixedBitSet> {
    let mut above = vec![FixedBitSet::with_capacity(needs.len()); sccs.len()];
    for s in (0..sccs.len()).rev() {
        // Dependencies come earlier in the order: split so `s` can flow into them.
        let (earlier, rest) = above.split_at_mut(s);
        let carried = &mut rest[0];
        for n in &sccs[s] {
            if let Ok(k) = needs.binary_search(&n.index()) {
                carried.insert(k);
            }
        }
        for n in &sccs[s] {
            for d in graph.dependencies(n.index()) {
                let t = scc_of[d];
                if t != s {
                    earlier[t].union_with(carried);
                }
            }
        }
    }
    above
}

/// Whether each component's downstream chain holds an at-risk component, dependencies
/// first. Within a cycle, every member rests on every other member.
fn at_risk_below_sccs(
    graph: &DependencyGraph,
    sccs: &[Vec<NodeIndex>],
    scc_of: &[usize],
    at_risk: &[bool],
) -> Vec<bool> {
    let mut below = vec![false; sccs.len()];
    let mut holds_at_risk = vec![false; sccs.len()];
    for (s, scc) in sccs.iter().enumerate() {
        holds_at_risk[s] = scc.iter().any(|n| at_risk[n.index()]);
        let mut found = scc.len() > 1 && holds_at_risk[s];
        for n in scc {
            for d in graph.dependencies(n.index()) {
                let t = scc_of[d];
                if t != s {
                    found |= holds_at_risk[t] || below[t];
                }
            }
        }
        below[s] = found;
    }
    below
}
