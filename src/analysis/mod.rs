//! Dependency and clinical-risk analysis of a map (no UI code). See `docs/analysis.md`.
//!
//! `Analysis::new(map, today)` recomputes everything from the map in one go (cheap
//! enough to redo after every edit): per-component facts (clinical rating, risk score,
//! dependent user needs, "exposed" flag, date category, risk heat, register rank), the
//! ranking of the risk register, the exposure of each user need and the structural
//! checks. Blast radius is answered on demand. Results name components by their
//! position in `map.components`, so they hold for the map analysed: recompute after an
//! edit. `today` is always a parameter, never the clock, so answers are reproducible.

pub mod areas;
mod checks;
mod clinical;
mod dates;
mod graph;
pub mod money;
pub mod plan;
mod reach;
mod register;
pub mod report;
mod score;

pub use checks::{Check, CheckKind};
pub use clinical::ClinicalRating;
pub use dates::{DateCategory, Deadline, DeadlineKind};
pub use graph::{BlastRadius, DependencyGraph};
pub use money::{ExceedancePoint, Harm, LossRange, MoneyAnalysis, SystemMoney};
pub use register::{RankBy, RegisterFilter, RegisterRow, RiskRegister, ViewRows};
pub use score::{
    HeatLevel, NOT_ASSESSED_SCORED_AS, RiskScore, ScoreInputs, format_points, support_severity,
};

use crate::model::{Component, ComponentId, Kind, Map};
use chrono::NaiveDate;
use reach::Reach;

/// What the analysis knows about one component (at the same position in
/// `Analysis::components` as the component in `map.components`).
#[derive(Clone, Debug, PartialEq)]
pub struct ComponentFacts {
    pub rating: ClinicalRating,
    pub score: RiskScore,
    /// User needs that depend on it, directly or transitively.
    pub dependent_needs: usize,
    /// Supported itself, but resting (directly or transitively) on an at-risk component.
    pub exposed: bool,
    pub deadline: Option<Deadline>,
    pub date_category: DateCategory,
    pub heat: HeatLevel,
    /// Place in the risk register (1 = highest score); None for a user need.
    pub rank: Option<usize>,
}

/// The at-risk components one user need rests on. Components are given by their
/// position in `map.components`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NeedExposure {
    pub need: usize,
    /// How many components its downstream chain holds.
    pub rests_on: usize,
    /// The unsupported, extended-support, shadow-IT and unknown ones among them, in
    /// map order.
    pub at_risk: Vec<usize>,
}

pub struct Analysis {
    today: NaiveDate,
    graph: DependencyGraph,
    reach: Reach,
    components: Vec<ComponentFacts>,
    /// Register order: positions in `map.components`, highest score first.
    ranking: Vec<usize>,
    exposures: Vec<NeedExposure>,
    checks: Vec<Check>,
}

impl Analysis {
    pub fn new(map: &Map, today: NaiveDate) -> Self {
        let graph = DependencyGraph::build(map);
        let reach = Reach::compute(map, &graph);
        let mut components = component_facts(map, &reach, today);
        let ranking = register::ranking(map, &components);
        for (&node, rank) in ranking.iter().zip(1..) {
            components[node].rank = Some(rank);
        }
        let exposures = reach.exposures(|n| counts_as_at_risk(&map.components[n]));
        let checks = checks::run(map, &graph, &reach);
        Self {
            today,
            graph,
            reach,
            components,
            ranking,
            exposures,
            checks,
        }
    }

    pub fn today(&self) -> NaiveDate {
        self.today
    }

    pub fn graph(&self) -> &DependencyGraph {
        &self.graph
    }

    /// One entry per component, in map order.
    pub fn components(&self) -> &[ComponentFacts] {
        &self.components
    }

    pub fn component(&self, id: &ComponentId) -> Option<&ComponentFacts> {
        self.graph.node(id).map(|n| &self.components[n])
    }

    /// Everything that depends on `id`; None if it is not on the map. Components are
    /// given by their position in `map.components`.
    pub fn blast_radius(&self, id: &ComponentId) -> Option<BlastRadius> {
        self.graph.blast_radius(id)
    }

    /// The user needs that depend on `id`, as positions in `map.components`, in map
    /// order (empty if it is not on the map).
    pub fn needs_depending_on(&self, id: &ComponentId) -> Vec<usize> {
        self.graph
            .node(id)
            .map_or_else(Vec::new, |n| self.reach.needs_depending_on(n).collect())
    }

    /// The user needs that depend on the component at `node` (a position in
    /// `map.components`), in map order.
    pub fn needs_depending_on_node(&self, node: usize) -> impl Iterator<Item = usize> + '_ {
        self.reach.needs_depending_on(node)
    }

    /// The risk register's order: positions in `map.components` of every system and
    /// activity, highest score first (see `RiskRegister` for the rows).
    pub fn ranking(&self) -> &[usize] {
        &self.ranking
    }

    /// One entry per user need, in map order.
    pub fn exposures(&self) -> &[NeedExposure] {
        &self.exposures
    }

    pub fn checks(&self) -> &[Check] {
        &self.checks
    }
}

/// An unsupported, extended-support, shadow-IT or unknown system or activity. A user
/// need is what the estate serves, not a part of it that can fall out of support.
pub(crate) fn counts_as_at_risk(component: &Component) -> bool {
    component.kind != Kind::UserNeed && component.status.is_at_risk()
}

fn component_facts(map: &Map, reach: &Reach, today: NaiveDate) -> Vec<ComponentFacts> {
    let settings = &map.settings;
    let mut facts: Vec<ComponentFacts> = map
        .components
        .iter()
        .enumerate()
        .map(|(n, c)| {
            let rating = ClinicalRating::of(c.clinical_risk.as_ref(), &settings.risk_matrix);
            let dependent_needs = reach.count_needs_depending_on(n);
            let deadline = Deadline::of(c);
            let inputs = ScoreInputs {
                rating,
                status: c.status,
                dependent_needs,
                deadline,
                today,
            };
            ComponentFacts {
                rating,
                score: RiskScore::compute(inputs, &settings.score_weights),
                dependent_needs,
                exposed: c.kind != Kind::UserNeed
                    && !c.status.is_at_risk()
                    && reach.rests_on_at_risk(n),
                deadline,
                date_category: DateCategory::of(deadline, today),
                heat: HeatLevel::VeryLow,
                rank: None,
            }
        })
        .collect();
    let highest = facts.iter().map(|f| f.score.total).fold(0.0, f64::max);
    for f in &mut facts {
        f.heat = HeatLevel::of(f.score.total, highest);
    }
    facts
}

#[cfg(test)]
mod tests;
