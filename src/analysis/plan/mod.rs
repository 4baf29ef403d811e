//! The plan off legacy, analysed (no UI code; see `docs/analysis.md`, "Plans"): the
//! estate as planned at any date ([`as_of`]), the Green Book business case against
//! doing nothing ([`appraise`]), the risk of staying and of moving at a date
//! ([`risk_at`]), warnings against big bangs and broken dependencies ([`warnings`])
//! and a suggested order of work in migration waves ([`waves`]).

mod appraise;
mod as_of;
mod report;
mod risk;
#[cfg(test)]
mod tests;

pub use appraise::{Appraisal, AppraisalYear, add_years, appraise};
pub use as_of::{GHOST_KEY, as_of, do_nothing, is_ghost};
pub use report::{PlanReport, pounds};
pub use risk::{MoveRisk, RiskAt, moving_rating_between, risk_at, staying_rating, window};

use crate::analysis::{Analysis, MoneyAnalysis};
use crate::model::{Action, ComponentId, Kind, Map, Step};
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::BTreeMap;

/// A phase switching off this many systems on one day is a big bang.
pub const BIG_BANG_SWITCH_OFFS: usize = 3;
/// Systems per suggested migration wave.
pub const WAVE_SIZE: usize = 3;

/// `'Access register'` for a component on the map, the bare id otherwise.
fn name(map: &Map, id: &ComponentId) -> String {
    match map.component(id) {
        Some(c) => format!("'{}'", c.name),
        None => id.to_string(),
    }
}

/// "replace 'Access register' by 'EPR' (parallel running 2027-04-01 to 2027-09-30)".
pub fn describe_step(map: &Map, step: &Step) -> String {
    match &step.action {
        Action::Replace {
            from,
            to,
            parallel_from,
            parallel_to,
        } => match parallel_from {
            Some(start) => format!(
                "replace {} by {} (parallel running {start} to {parallel_to})",
                name(map, from),
                name(map, to)
            ),
            None => format!(
                "replace {} by {} on {} (no parallel running)",
                name(map, from),
                name(map, to),
                step.action.takes_effect()
            ),
        },
        Action::Retire { component, on } => format!("retire {} on {on}", name(map, component)),
        Action::SetStatus {
            component,
            status,
            on,
            ..
        } => format!(
            "set {} to {} on {on}",
            name(map, component),
            status.label().to_lowercase()
        ),
        Action::Move {
            component,
            evolution,
            on,
        } => format!(
            "move {} to evolution {evolution} on {on}",
            name(map, component)
        ),
    }
}

/// What a warning is about, for filtering and tests.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum WarningKind {
    /// A replacement with no parallel running.
    BigBangReplacement,
    /// A phase switching off several systems on one day.
    BigBangSwitchOff,
    /// A step removes a system something still depends on.
    RetiresDependedOn,
    /// A step or cost names a component not on the map.
    MissingComponent,
    /// A replacement starts before the new system it moves to is live.
    ReplacementNotLive,
    /// A step takes effect outside its phase's dates.
    OutsidePhase,
    /// A one-off cost dated outside the appraisal, left out of it.
    CostOutsideAppraisal,
    /// The optimism bias differs from the default without a recorded reason.
    BiasWithoutReason,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Warning {
    pub kind: WarningKind,
    pub message: String,
}

/// Everything unwise about a plan, in phase and step order.
pub fn warnings(map: &Map, today: NaiveDate) -> Vec<Warning> {
    let Some(plan) = &map.plan else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut warn = |kind, message| out.push(Warning { kind, message });
    for phase in &plan.phases {
        let mut switch_offs: BTreeMap<NaiveDate, Vec<String>> = BTreeMap::new();
        for (i, step) in phase.steps.iter().enumerate() {
            let at = format!("{}, step {}", phase.describe(), i + 1);
            let missing: Vec<String> = step
                .action
                .components()
                .into_iter()
                .filter(|(_, id)| map.component(id).is_none())
                .map(|(key, id)| format!("\"{key}\" names '{id}'"))
                .collect();
            if !missing.is_empty() {
                warn(
                    WarningKind::MissingComponent,
                    format!(
                        "{at}: {}, not a component on this map",
                        missing.join(" and ")
                    ),
                );
                continue;
            }
            let effect = step.action.takes_effect();
            if effect < phase.start || step.action.begins() > phase.end {
                warn(
                    WarningKind::OutsidePhase,
                    format!(
                        "{at}: {} falls outside the phase ({} to {})",
                        describe_step(map, step),
                        phase.start,
                        phase.end
                    ),
                );
            }
            match &step.action {
                Action::Replace {
                    from,
                    to,
                    parallel_from,
                    parallel_to,
                } => {
                    if parallel_from.is_none_or(|start| start >= *parallel_to) {
                        warn(
                            WarningKind::BigBangReplacement,
                            format!(
                                "{at}: {} is replaced by {} with no parallel running (big \
                                 bang); run both side by side until the new one is proven",
                                name(map, from),
                                name(map, to)
                            ),
                        );
                    }
                    if let Some(live) = plan.new_system_from(to)
                        && live > step.action.begins()
                    {
                        warn(
                            WarningKind::ReplacementNotLive,
                            format!(
                                "{at}: {} takes over from {} on {} but is not live until \
                                 {live}",
                                name(map, to),
                                name(map, from),
                                step.action.begins()
                            ),
                        );
                    }
                    switch_offs.entry(effect).or_default().push(name(map, from));
                }
                Action::Retire { component, on } => {
                    switch_offs
                        .entry(*on)
                        .or_default()
                        .push(name(map, component));
                    let users = still_depending(map, component, *on);
                    if !users.is_empty() {
                        warn(
                            WarningKind::RetiresDependedOn,
                            format!(
                                "{at}: {} is retired on {on} while {} still depend{} on it",
                                name(map, component),
                                users.join(", "),
                                if users.len() == 1 { "s" } else { "" }
                            ),
                        );
                    }
                }
                Action::SetStatus { .. } | Action::Move { .. } => {}
            }
        }
        for (day, names) in switch_offs {
            if names.len() >= BIG_BANG_SWITCH_OFFS {
                warn(
                    WarningKind::BigBangSwitchOff,
                    format!(
                        "{}: {} systems are switched off on {day} ({}); stagger them",
                        phase.describe(),
                        names.len(),
                        names.join(", ")
                    ),
                );
            }
        }
        for (i, cost) in phase.costs.iter().enumerate() {
            if let Some(id) = &cost.component
                && map.component(id).is_none()
            {
                warn(
                    WarningKind::MissingComponent,
                    format!(
                        "{}, cost {} '{}': \"component\" names '{id}', not a component on \
                         this map",
                        phase.describe(),
                        i + 1,
                        cost.label
                    ),
                );
            }
        }
    }
    let settings = &plan.appraisal;
    let start = settings.start.or_else(|| plan.start()).unwrap_or(today);
    let end = add_years(start, settings.years.clamp(1, 100));
    for (phase, cost) in plan.costs() {
        if cost.date < start || cost.date >= end {
            warn(
                WarningKind::CostOutsideAppraisal,
                format!(
                    "{}: cost '{}' on {} falls outside the appraisal ({start} to {}) and is \
                     left out of it",
                    phase.describe(),
                    cost.label,
                    cost.date,
                    end.pred_opt().unwrap_or(end)
                ),
            );
        }
    }
    if settings.optimism_bias != crate::model::AppraisalSettings::DEFAULT_OPTIMISM_BIAS
        && settings
            .optimism_bias_reason
            .as_deref()
            .is_none_or(|r| r.trim().is_empty())
    {
        warn(
            WarningKind::BiasWithoutReason,
            format!(
                "optimism bias is {:.0} % instead of the Green Book's 200 % with no reason \
                 recorded",
                settings.optimism_bias * 100.0
            ),
        );
    }
    out
}

/// Names of the systems and needs that still depend on `id` when it goes on `on`.
fn still_depending(map: &Map, id: &ComponentId, on: NaiveDate) -> Vec<String> {
    let before = as_of(map, on.pred_opt().unwrap_or(on));
    let after = as_of(map, on);
    before
        .links
        .iter()
        .filter(|l| &l.to == id && after.component(&l.from).is_some())
        .map(|l| name(map, &l.from))
        .collect()
}

/// One system in the suggested order of work.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct WaveSystem {
    pub id: ComponentId,
    pub name: String,
    pub status: crate::model::SupportStatus,
    /// Median expected annual loss, pounds.
    pub expected_loss_gbp: f64,
    /// User needs depending on it, directly or transitively.
    pub dependent_needs: usize,
    /// What the plan does to it, if anything ("replace ... (phase 'X')").
    pub planned: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Wave {
    /// From 1.
    pub wave: usize,
    pub systems: Vec<WaveSystem>,
}

/// The suggested order of work: today's at-risk systems (not supported), highest
/// median expected loss first, then most dependent user needs, then name; in waves of
/// [`WAVE_SIZE`].
pub fn waves(map: &Map, today: NaiveDate) -> Vec<Wave> {
    let analysis = Analysis::new(map, today);
    let money = MoneyAnalysis::new(map, &analysis);
    let planned = |id: &ComponentId| {
        map.plan.as_ref().and_then(|plan| {
            plan.steps()
                .find(|(_, s)| s.action.components().iter().any(|(_, c)| *c == id))
                .map(|(phase, s)| format!("{} ({})", describe_step(map, s), phase.describe()))
        })
    };
    let mut systems: Vec<WaveSystem> = map
        .components
        .iter()
        .enumerate()
        .filter(|(_, c)| c.kind != Kind::UserNeed && c.status.is_at_risk())
        .map(|(i, c)| WaveSystem {
            id: c.id.clone(),
            name: c.name.clone(),
            status: c.status,
            expected_loss_gbp: money.system(i).map_or(0.0, |s| s.expected_loss.median),
            dependent_needs: analysis.components()[i].dependent_needs,
            planned: planned(&c.id),
        })
        .collect();
    systems.sort_by(|a, b| {
        b.expected_loss_gbp
            .total_cmp(&a.expected_loss_gbp)
            .then(b.dependent_needs.cmp(&a.dependent_needs))
            .then_with(|| a.name.cmp(&b.name))
    });
    systems
        .chunks(WAVE_SIZE)
        .enumerate()
        .map(|(i, chunk)| Wave {
            wave: i + 1,
            systems: chunk.to_vec(),
        })
        .collect()
}
