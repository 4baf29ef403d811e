//! The risk of staying and the risk of moving at a date, from the systems' and the
//! steps' DCB0160 assessments.

use super::as_of::as_of;
use crate::analysis::ClinicalRating;
use crate::model::{ClinicalRisk, Kind, Map, Phase, Step};
use chrono::NaiveDate;
use serde::Serialize;

/// One step under way, with its assessments rated through the map's matrix.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MoveRisk {
    pub phase: String,
    /// Position of the step in its phase, from 1.
    pub step: usize,
    pub action: &'static str,
    /// "Replace 'Access register' by 'EPR'".
    pub description: String,
    pub change_rating: Option<u8>,
    pub cutover_rating: Option<u8>,
}

/// Both sides of the choice at one date.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RiskAt {
    pub date: NaiveDate,
    /// Highest rating among the at-risk systems still in place as planned.
    pub staying: Option<u8>,
    /// The at-risk systems still in place as planned, by name.
    pub at_risk_systems: Vec<String>,
    /// Highest rating of the steps under way.
    pub moving: Option<u8>,
    pub steps_under_way: Vec<MoveRisk>,
}

/// The risk of staying (legacy still in place as planned on `date`) and of moving (the
/// steps under way on `date`). A step is under way from its phase's start (or its own
/// start, if earlier) until it takes effect.
pub fn risk_at(map: &Map, date: NaiveDate) -> RiskAt {
    let planned = as_of(map, date);
    let at_risk_systems = planned
        .components
        .iter()
        .filter(|c| c.kind != Kind::UserNeed && c.status.is_at_risk())
        .map(|c| c.name.clone())
        .collect();
    let steps_under_way = under_way(map, date, date);
    RiskAt {
        date,
        staying: staying_rating(&planned),
        at_risk_systems,
        moving: steps_under_way
            .iter()
            .flat_map(|m| [m.change_rating, m.cutover_rating])
            .flatten()
            .max(),
        steps_under_way,
    }
}

/// Highest clinical rating among the at-risk systems of `map`.
pub fn staying_rating(map: &Map) -> Option<u8> {
    let matrix = &map.settings.risk_matrix;
    map.components
        .iter()
        .filter(|c| c.kind != Kind::UserNeed && c.status.is_at_risk())
        .filter_map(|c| ClinicalRating::of(c.clinical_risk.as_ref(), matrix).rating())
        .max()
}

/// Highest rating of the steps under way at any time from `from` to `to` inclusive.
pub fn moving_rating_between(map: &Map, from: NaiveDate, to: NaiveDate) -> Option<u8> {
    under_way(map, from, to)
        .iter()
        .flat_map(|m| [m.change_rating, m.cutover_rating])
        .flatten()
        .max()
}

/// The first and last day a step is under way.
pub fn window(phase: &Phase, step: &Step) -> (NaiveDate, NaiveDate) {
    let end = step.action.takes_effect();
    (phase.start.min(step.action.begins()).min(end), end)
}

fn under_way(map: &Map, from: NaiveDate, to: NaiveDate) -> Vec<MoveRisk> {
    let Some(plan) = &map.plan else {
        return Vec::new();
    };
    let matrix = &map.settings.risk_matrix;
    let rate = |r: &Option<ClinicalRisk>| ClinicalRating::of(r.as_ref(), matrix).rating();
    let mut out = Vec::new();
    for phase in &plan.phases {
        for (i, step) in phase.steps.iter().enumerate() {
            let (begins, ends) = window(phase, step);
            if begins <= to && ends >= from {
                out.push(MoveRisk {
                    phase: phase.name.clone(),
                    step: i + 1,
                    action: step.action.key(),
                    description: super::describe_step(map, step),
                    change_rating: rate(&step.change_risk),
                    cutover_rating: rate(&step.cutover_risk),
                });
            }
        }
    }
    out
}
