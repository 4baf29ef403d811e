//! One-click repairs for the content problems validation finds, so a map with a dangling
//! link or a duplicate id still opens. A fix names its element by its place in the map's
//! lists as validated: problems are found again after every change, so it stays current.

use super::component::Evolve;
use super::map::Map;
use super::settings::{RiskMatrix, ScoreWeights};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Fix {
    /// Drops the link at this index of `links`.
    DropLink(usize),
    /// Gives the component at this index a fresh id; links keep naming the first one.
    RenumberComponent(usize),
    /// Brings the component's position (and planned evolution) into 0..1.
    ClampComponent(usize),
    /// Gives a nameless component a placeholder name.
    NameComponent(usize),
    /// Clears an annual cost that is negative.
    ClearCost(usize),
    /// Clears a "replaced by" that names no other component on the map.
    ClearReplacedBy(usize),
    RenumberNote(usize),
    ClampNote(usize),
    ResetRiskMatrix,
    ResetScoreWeights,
    /// Drops the plan's steps and new systems naming a component not on the map, and
    /// the cost links to one (left by deleting a component the plan names).
    DropDanglingPlanReferences,
}

/// Keeps a coordinate on the map; a value that is not a number goes to the middle.
pub fn clamp_unit(v: f64) -> f64 {
    if v.is_finite() {
        v.clamp(0.0, 1.0)
    } else {
        0.5
    }
}

impl Fix {
    /// The button's text.
    pub fn label(self) -> &'static str {
        match self {
            Fix::DropLink(_) => "Drop the link",
            Fix::RenumberComponent(_) | Fix::RenumberNote(_) => "Give it a new id",
            Fix::ClampComponent(_) | Fix::ClampNote(_) => "Move it onto the map",
            Fix::NameComponent(_) => "Name it \"Unnamed\"",
            Fix::ClearCost(_) => "Clear the cost",
            Fix::ClearReplacedBy(_) => "Clear \"replaced by\"",
            Fix::ResetRiskMatrix => "Reset the matrix",
            Fix::ResetScoreWeights => "Reset the weights",
            Fix::DropDanglingPlanReferences => "Drop what names missing systems",
        }
    }

    /// Repairs `map` in place; a fix whose element is gone does nothing.
    pub fn apply(self, map: &mut Map) {
        match self {
            Fix::DropLink(i) => {
                if i < map.links.len() {
                    map.links.remove(i);
                }
            }
            Fix::RenumberComponent(i) => {
                if i < map.components.len() {
                    let id = map.allocate_component_id();
                    map.components[i].id = id;
                }
            }
            Fix::ClampComponent(i) => {
                if let Some(c) = map.components.get_mut(i) {
                    c.visibility = clamp_unit(c.visibility);
                    c.evolution = clamp_unit(c.evolution);
                    if let Some(Evolve {
                        evolution: Some(e), ..
                    }) = c.evolve.as_mut()
                    {
                        *e = clamp_unit(*e);
                    }
                }
            }
            Fix::NameComponent(i) => {
                if let Some(c) = map.components.get_mut(i) {
                    c.name = "Unnamed".into();
                }
            }
            Fix::ClearCost(i) => {
                if let Some(c) = map.components.get_mut(i) {
                    c.annual_cost_gbp = None;
                }
            }
            Fix::ClearReplacedBy(i) => {
                if let Some(evolve) = map.components.get_mut(i).and_then(|c| c.evolve.as_mut()) {
                    evolve.replaced_by = None;
                }
            }
            Fix::RenumberNote(i) => {
                if i < map.notes.len() {
                    let id = map.allocate_note_id();
                    map.notes[i].id = id;
                }
            }
            Fix::ClampNote(i) => {
                if let Some(n) = map.notes.get_mut(i) {
                    n.visibility = clamp_unit(n.visibility);
                    n.evolution = clamp_unit(n.evolution);
                }
            }
            Fix::ResetRiskMatrix => map.settings.risk_matrix = RiskMatrix::default(),
            Fix::ResetScoreWeights => map.settings.score_weights = ScoreWeights::default(),
            Fix::DropDanglingPlanReferences => super::plan::drop_dangling(map),
        }
    }
}
