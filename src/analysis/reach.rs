//! Whole-map reachability facts in one pass over the strongly connected components
//! (a cycle behaves as one node): which user needs depend on each component, and
//! whether each component rests on an at-risk one.

use super::graph::DependencyGraph;
use crate::model::Map;
use fixedbitset::FixedBitSet;
use petgraph::algo::kosaraju_scc;

pub(crate) struct Reach {
    /// The user-need nodes; bit `k` of a need set stands for `needs[k]`.
    needs: Vec<usize>,
    /// For each node, the user needs with a path to it (itself excluded).
    needs_above: Vec<FixedBitSet>,
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
        let sccs: Vec<Vec<usize>> = kosaraju_scc(graph.petgraph())
            .into_iter()
            .map(|scc| scc.into_iter().map(|n| n.index()).collect())
            .collect();
        let mut scc_of = vec![0; graph.len()];
        for (s, scc) in sccs.iter().enumerate() {
            for &n in scc {
                scc_of[n] = s;
            }
        }
        let needs: Vec<usize> = (0..graph.len())
            .filter(|&n| graph.is_user_need(n))
            .collect();
        let per_scc_needs = needs_above_sccs(graph, &sccs, &scc_of, &needs);
        let at_risk: Vec<bool> = map
            .components
            .iter()
            .map(|c| c.status.is_at_risk())
            .collect();
        let per_scc_risk = at_risk_below_sccs(graph, &sccs, &scc_of, &at_risk);
        let needs_above = (0..graph.len())
            .map(|n| {
                let mut set = per_scc_needs[scc_of[n]].clone();
                if let Ok(k) = needs.binary_search(&n) {
                    set.set(k, false);
                }
                set
            })
            .collect();
        let rests_on_at_risk = (0..graph.len()).map(|n| per_scc_risk[scc_of[n]]).collect();
        let cycles = sccs.into_iter().filter(|scc| scc.len() > 1).collect();
        Self {
            needs,
            needs_above,
            rests_on_at_risk,
            cycles,
        }
    }

    /// The user-need nodes that depend on `node`, in map order.
    pub fn needs_depending_on(&self, node: usize) -> impl Iterator<Item = usize> + '_ {
        self.needs_above[node].ones().map(|k| self.needs[k])
    }

    pub fn count_needs_depending_on(&self, node: usize) -> usize {
        self.needs_above[node].count_ones(..)
    }

    pub fn rests_on_at_risk(&self, node: usize) -> bool {
        self.rests_on_at_risk[node]
    }

    pub fn cycles(&self) -> &[Vec<usize>] {
        &self.cycles
    }
}

/// Need sets flow from dependants down to dependencies, dependants first. In a cycle
/// every member has a path to every member, so its own needs count too (the caller
/// removes a need from its own set).
fn needs_above_sccs(
    graph: &DependencyGraph,
    sccs: &[Vec<usize>],
    scc_of: &[usize],
    needs: &[usize],
) -> Vec<FixedBitSet> {
    let mut above = vec![FixedBitSet::with_capacity(needs.len()); sccs.len()];
    for s in (0..sccs.len()).rev() {
        let mut carried = above[s].clone();
        for &n in &sccs[s] {
            if let Ok(k) = needs.binary_search(&n) {
                carried.insert(k);
            }
        }
        if sccs[s].len() > 1 {
            above[s] = carried.clone();
        }
        for &n in &sccs[s] {
            for d in graph.dependencies(n) {
                let t = scc_of[d];
                if t != s {
                    above[t].union_with(&carried);
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
    sccs: &[Vec<usize>],
    scc_of: &[usize],
    at_risk: &[bool],
) -> Vec<bool> {
    let mut below = vec![false; sccs.len()];
    let mut holds_at_risk = vec![false; sccs.len()];
    for (s, scc) in sccs.iter().enumerate() {
        holds_at_risk[s] = scc.iter().any(|&n| at_risk[n]);
        let mut found = scc.len() > 1 && holds_at_risk[s];
        for &n in scc {
            for d in graph.dependencies(n) {
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
