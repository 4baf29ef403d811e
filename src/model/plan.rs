//! The plan off legacy: phases over time, each holding steps (replace, retire, change a
//! status, move), one-off costs, the new systems' start dates and the Green Book
//! appraisal settings. Optional: a map without a plan has none of this. The key names
//! are the file format (`docs/file-format.md`, "Plan").

use super::component::{ClinicalRisk, SupportStatus};
use super::error::Problem;
use super::ids::ComponentId;
use super::map::Map;
use super::repair::Fix;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::{BTreeMap, HashSet};

/// The whole plan: appraisal settings, phases in order, new systems.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Plan {
    #[serde(default, skip_serializing_if = "AppraisalSettings::is_default")]
    pub appraisal: AppraisalSettings,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub phases: Vec<Phase>,
    /// Systems the plan brings in: they do not exist before their `from` date, and
    /// their `annual_cost_gbp` counts only from then (and never when doing nothing).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub new_systems: Vec<NewSystem>,
    /// Fields written by a newer Estate Map, kept and written back unchanged.
    #[serde(flatten)]
    pub extra: BTreeMap<String, Value>,
}

/// Green Book appraisal settings.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct AppraisalSettings {
    /// The first day of year 0 (none: the first phase's start, else today).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start: Option<NaiveDate>,
    /// How many years the appraisal covers (year 0 to years - 1).
    pub years: u32,
    /// The discount rate a year (Green Book social time preference rate: 3.5 %).
    pub discount_rate: f64,
    /// Uplift on one-off costs: 2.0 adds 200 % (the Green Book upper bound for
    /// equipment and development projects).
    pub optimism_bias: f64,
    /// Why the optimism bias differs from the default, recorded when it is changed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub optimism_bias_reason: Option<String>,
}

impl AppraisalSettings {
    pub const DEFAULT_YEARS: u32 = 5;
    pub const DEFAULT_DISCOUNT_RATE: f64 = 0.035;
    pub const DEFAULT_OPTIMISM_BIAS: f64 = 2.0;

    pub fn is_default(&self) -> bool {
        *self == Self::default()
    }
}

impl Default for AppraisalSettings {
    fn default() -> Self {
        Self {
            start: None,
            years: Self::DEFAULT_YEARS,
            discount_rate: Self::DEFAULT_DISCOUNT_RATE,
            optimism_bias: Self::DEFAULT_OPTIMISM_BIAS,
            optimism_bias_reason: None,
        }
    }
}

/// A named stretch of the plan, e.g. "Phase 1: stabilise".
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Phase {
    /// Short and unique within the plan, e.g. `"p1"`.
    pub id: String,
    pub name: String,
    pub start: NaiveDate,
    pub end: NaiveDate,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub steps: Vec<Step>,
    /// One-off costs of the phase (migration, data cleansing, training...).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub costs: Vec<OneOffCost>,
    #[serde(flatten)]
    pub extra: BTreeMap<String, Value>,
}

impl Phase {
    pub fn new(
        id: impl Into<String>,
        name: impl Into<String>,
        start: NaiveDate,
        end: NaiveDate,
    ) -> Self {
        Self {
            id: id.into(),
            name: name.into(),
            start,
            end,
            steps: Vec::new(),
            costs: Vec::new(),
            extra: BTreeMap::new(),
        }
    }

    /// "phase 'Stabilise' (p1)", how problems and warnings name a phase.
    pub fn describe(&self) -> String {
        format!("phase '{}' ({})", self.name, self.id)
    }
}

/// One change to the estate, with its own assessment of the risk of making it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Step {
    #[serde(flatten)]
    pub action: Action,
    /// DCB0160 assessment of the change itself (e.g. data migration errors).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub change_risk: Option<ClinicalRisk>,
    /// DCB0160 assessment of the outage at cut-over.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cutover_risk: Option<ClinicalRisk>,
    /// Planned outage of the services resting on the system at cut-over, in days.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cutover_days: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl Step {
    pub fn new(action: Action) -> Self {
        Self {
            action,
            change_risk: None,
            cutover_risk: None,
            cutover_days: None,
            note: None,
        }
    }
}

/// What a step does. Written as `"action": "replace"` etc. beside the step's fields.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum Action {
    /// `from` is replaced by `to`. Both run from `parallel_from` to `parallel_to`
    /// (inclusive); `from` is gone from the day after `parallel_to`. Without
    /// `parallel_from` there is no parallel running (big bang): `to` takes over the day
    /// after `parallel_to`.
    Replace {
        from: ComponentId,
        to: ComponentId,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        parallel_from: Option<NaiveDate>,
        parallel_to: NaiveDate,
    },
    /// `component` is switched off and gone (with its links) from `on`.
    Retire {
        component: ComponentId,
        on: NaiveDate,
    },
    /// `component`'s status changes on `on` (an upgrade, extended support bought);
    /// `end_of_support` replaces its end-of-support date (none: no date, so an
    /// upgrade is not expired by the old one).
    SetStatus {
        component: ComponentId,
        status: SupportStatus,
        on: NaiveDate,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        end_of_support: Option<NaiveDate>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reason: Option<String>,
    },
    /// `component` moves to `evolution` (0..1) on `on`.
    Move {
        component: ComponentId,
        evolution: f64,
        on: NaiveDate,
    },
}

impl Action {
    /// The file's name for the action.
    pub fn key(&self) -> &'static str {
        match self {
            Action::Replace { .. } => "replace",
            Action::Retire { .. } => "retire",
            Action::SetStatus { .. } => "set_status",
            Action::Move { .. } => "move",
        }
    }

    /// The day the step takes effect: the old system gone (the day after `parallel_to`
    /// for a replacement), the new status or position in place.
    pub fn takes_effect(&self) -> NaiveDate {
        match self {
            Action::Replace { parallel_to, .. } => parallel_to.succ_opt().unwrap_or(*parallel_to),
            Action::Retire { on, .. } | Action::SetStatus { on, .. } | Action::Move { on, .. } => {
                *on
            }
        }
    }

    /// The first day the step changes anything (parallel running starts).
    pub fn begins(&self) -> NaiveDate {
        match self {
            Action::Replace {
                parallel_from: Some(from),
                ..
            } => *from,
            _ => self.takes_effect(),
        }
    }

    /// Every component the step names, with the key naming it.
    pub fn components(&self) -> Vec<(&'static str, &ComponentId)> {
        match self {
            Action::Replace { from, to, .. } => vec![("from", from), ("to", to)],
            Action::Retire { component, .. }
            | Action::SetStatus { component, .. }
            | Action::Move { component, .. } => vec![("component", component)],
        }
    }
}

/// What a one-off cost pays for.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CostKind {
    Migration,
    /// Data cleansing and reconciliation, the hardest part of a migration.
    DataCleansing,
    Training,
    #[default]
    Other,
}

impl CostKind {
    pub const ALL: [CostKind; 4] = [
        CostKind::Migration,
        CostKind::DataCleansing,
        CostKind::Training,
        CostKind::Other,
    ];

    pub fn label(self) -> &'static str {
        match self {
            CostKind::Migration => "Migration",
            CostKind::DataCleansing => "Data cleansing and reconciliation",
            CostKind::Training => "Training",
            CostKind::Other => "Other",
        }
    }
}

/// Which NHS budget pays: capital (assets, one-off builds) or revenue (running costs,
/// software as a service).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Funding {
    #[default]
    Capital,
    Revenue,
}

impl Funding {
    pub fn label(self) -> &'static str {
        match self {
            Funding::Capital => "Capital",
            Funding::Revenue => "Revenue",
        }
    }
}

/// A cost paid once, on `date`, before optimism bias.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OneOffCost {
    pub label: String,
    pub amount_gbp: f64,
    pub date: NaiveDate,
    #[serde(default)]
    pub kind: CostKind,
    /// Default capital.
    #[serde(default)]
    pub capital_or_revenue: Funding,
    /// The system the cost is for, if one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub component: Option<ComponentId>,
}

/// A system the plan brings in, live from `from`. Its run cost is the component's
/// `annual_cost_gbp` (revenue).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NewSystem {
    pub component: ComponentId,
    pub from: NaiveDate,
}

impl Plan {
    /// Every step with the phase holding it, in file order.
    pub fn steps(&self) -> impl Iterator<Item = (&Phase, &Step)> {
        self.phases
            .iter()
            .flat_map(|p| p.steps.iter().map(move |s| (p, s)))
    }

    /// Every one-off cost with its phase.
    pub fn costs(&self) -> impl Iterator<Item = (&Phase, &OneOffCost)> {
        self.phases
            .iter()
            .flat_map(|p| p.costs.iter().map(move |c| (p, c)))
    }

    /// When `id` comes into being, if the plan brings it in.
    pub fn new_system_from(&self, id: &ComponentId) -> Option<NaiveDate> {
        self.new_systems
            .iter()
            .find(|n| &n.component == id)
            .map(|n| n.from)
    }

    /// The first day of year 0: the setting, else the first phase's start.
    pub fn start(&self) -> Option<NaiveDate> {
        self.appraisal
            .start
            .or_else(|| self.phases.iter().map(|p| p.start).min())
    }
}

/// The plan's content problems, each naming the phase and step (numbered from 1) or
/// cost it concerns: dangling component ids, dates out of order, negative amounts,
/// unusable appraisal settings. Timing that is merely unwise (a step outside its
/// phase, a big bang) is a warning of the plan analysis, not a problem.
pub fn problems(map: &Map) -> Vec<Problem> {
    let Some(plan) = &map.plan else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let known: HashSet<&ComponentId> = map.components.iter().map(|c| &c.id).collect();
    let mut push = |location: String, message: String| {
        let fix = message
            .contains("which is not a component on this map")
            .then_some(Fix::DropDanglingPlanReferences);
        out.push(Problem::new(location, message).with_fix(fix))
    };
    let a = &plan.appraisal;
    if a.years == 0 || a.years > 100 {
        push(
            "plan.appraisal".into(),
            format!("years is {}; it must be 1 to 100", a.years),
        );
    }
    if !(a.discount_rate.is_finite() && (0.0..1.0).contains(&a.discount_rate)) {
        push(
            "plan.appraisal".into(),
            format!(
                "discount rate {} must be 0 or more and below 1",
                a.discount_rate
            ),
        );
    }
    if !(a.optimism_bias.is_finite() && a.optimism_bias >= 0.0) {
        push(
            "plan.appraisal".into(),
            format!("optimism bias {} must be zero or more", a.optimism_bias),
        );
    }
    let mut ids = HashSet::new();
    for phase in &plan.phases {
        let at = format!("plan {}", phase.describe());
        if phase.id.trim().is_empty() {
            push(at.clone(), "id is empty".into());
        } else if !ids.insert(phase.id.as_str()) {
            push(at.clone(), format!("duplicate phase id '{}'", phase.id));
        }
        if phase.end < phase.start {
            push(
                at.clone(),
                format!("ends ({}) before it starts ({})", phase.end, phase.start),
            );
        }
        for (i, step) in phase.steps.iter().enumerate() {
            let at = format!("{at}, step {} ({})", i + 1, step.action.key());
            for (key, id) in step.action.components() {
                if !known.contains(id) {
                    push(
                        at.clone(),
                        format!("\"{key}\" names '{id}', which is not a component on this map"),
                    );
                }
            }
            match &step.action {
                Action::Replace {
                    from,
                    to,
                    parallel_from,
                    parallel_to,
                } => {
                    if from == to {
                        push(at.clone(), "a system cannot replace itself".into());
                    }
                    if let Some(start) = parallel_from
                        && start > parallel_to
                    {
                        push(
                            at.clone(),
                            format!(
                                "parallel running ends ({parallel_to}) before it starts ({start})"
                            ),
                        );
                    }
                }
                Action::Move { evolution, .. } => {
                    if !(evolution.is_finite() && (0.0..=1.0).contains(evolution)) {
                        push(at.clone(), format!("evolution {evolution} is outside 0..1"));
                    }
                }
                Action::Retire { .. } | Action::SetStatus { .. } => {}
            }
            if let Some(days) = step.cutover_days
                && !(days.is_finite() && days >= 0.0)
            {
                push(
                    at.clone(),
                    format!("cut-over days {days} must be zero or more"),
                );
            }
        }
        for (i, cost) in phase.costs.iter().enumerate() {
            let at = format!("{at}, cost {} '{}'", i + 1, cost.label);
            if !(cost.amount_gbp.is_finite() && cost.amount_gbp >= 0.0) {
                push(
                    at.clone(),
                    format!("amount {} must be zero or more", cost.amount_gbp),
                );
            }
            if let Some(id) = &cost.component
                && !known.contains(id)
            {
                push(
                    at.clone(),
                    format!("\"component\" names '{id}', which is not a component on this map"),
                );
            }
        }
    }
    let mut seen = HashSet::new();
    for (i, new) in plan.new_systems.iter().enumerate() {
        let at = format!("plan new system {} ({})", i + 1, new.component);
        if !known.contains(&new.component) {
            push(
                at.clone(),
                format!(
                    "\"component\" names '{}', which is not a component on this map",
                    new.component
                ),
            );
        }
        if !seen.insert(&new.component) {
            push(at, "is listed more than once".into());
        }
    }
    out
}

/// Drops the steps and new systems naming a component not on the map, and clears such
/// a cost's `component`.
pub fn drop_dangling(map: &mut Map) {
    let known: HashSet<ComponentId> = map.components.iter().map(|c| c.id.clone()).collect();
    let Some(plan) = &mut map.plan else {
        return;
    };
    for phase in &mut plan.phases {
        phase.steps.retain(|s| {
            s.action
                .components()
                .iter()
                .all(|(_, id)| known.contains(*id))
        });
        for cost in &mut phase.costs {
            if cost
                .component
                .as_ref()
                .is_some_and(|id| !known.contains(id))
            {
                cost.component = None;
            }
        }
    }
    plan.new_systems.retain(|n| known.contains(&n.component));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Consequence, Likelihood};

    fn date(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn steps_read_and_write_with_plain_keys() {
        let json = serde_json::json!({
            "appraisal": {"years": 6, "discount_rate": 0.035, "optimism_bias": 0.5, "optimism_bias_reason": "fixed price"},
            "phases": [{
                "id": "p1", "name": "Stabilise", "start": "2027-01-01", "end": "2027-12-31",
                "steps": [
                    {"action": "replace", "from": "c1", "to": "c2",
                     "parallel_from": "2027-01-01", "parallel_to": "2027-06-30",
                     "change_risk": {"likelihood": "medium", "consequence": "major"},
                     "cutover_days": 1.0},
                    {"action": "retire", "component": "c3", "on": "2027-09-01"},
                    {"action": "set_status", "component": "c4", "status": "extended_support",
                     "on": "2027-02-01", "end_of_support": "2029-01-31",
                     "reason": "extended support bought"},
                    {"action": "move", "component": "c5", "evolution": 0.8, "on": "2027-03-01"}
                ],
                "costs": [{"label": "Data cleansing", "amount_gbp": 20000.0,
                           "date": "2027-02-01", "kind": "data_cleansing",
                           "capital_or_revenue": "revenue"}]
            }],
            "new_systems": [{"component": "c2", "from": "2027-01-01"}]
        });
        let plan: Plan = serde_json::from_value(json.clone()).unwrap();
        assert_eq!(plan.appraisal.years, 6);
        assert_eq!(plan.appraisal.discount_rate, 0.035);
        let phase = &plan.phases[0];
        assert_eq!(phase.steps.len(), 4);
        assert_eq!(
            phase.steps[0].action,
            Action::Replace {
                from: ComponentId::new("c1"),
                to: ComponentId::new("c2"),
                parallel_from: Some(date("2027-01-01")),
                parallel_to: date("2027-06-30"),
            }
        );
        assert_eq!(
            phase.steps[0].change_risk,
            Some(ClinicalRisk {
                likelihood: Some(Likelihood::Medium),
                consequence: Some(Consequence::Major)
            })
        );
        assert_eq!(phase.steps[0].action.takes_effect(), date("2027-07-01"));
        assert_eq!(phase.costs[0].kind, CostKind::DataCleansing);
        assert_eq!(phase.costs[0].capital_or_revenue, Funding::Revenue);
        assert_eq!(
            plan.new_system_from(&ComponentId::new("c2")),
            Some(date("2027-01-01"))
        );
        // Written back as read.
        assert_eq!(serde_json::to_value(&plan).unwrap(), json);
    }

    #[test]
    fn defaults_are_the_green_book_figures_and_are_left_out() {
        let plan: Plan = serde_json::from_str("{}").unwrap();
        assert_eq!(plan.appraisal.years, 5);
        assert_eq!(plan.appraisal.discount_rate, 0.035);
        assert_eq!(plan.appraisal.optimism_bias, 2.0);
        assert_eq!(serde_json::to_string(&plan).unwrap(), "{}");
    }

    #[test]
    fn unknown_keys_survive() {
        let json = serde_json::json!({
            "future": 1,
            "phases": [{"id": "p1", "name": "A", "start": "2027-01-01",
                        "end": "2027-02-01", "colour": "red"}]
        });
        let plan: Plan = serde_json::from_value(json.clone()).unwrap();
        assert_eq!(serde_json::to_value(&plan).unwrap(), json);
    }

    #[test]
    fn problems_name_the_phase_and_step() {
        use crate::model::Component;
        let mut map = Map::new("t");
        map.components
            .push(Component::new(ComponentId::new("c1"), "Old", 0.5, 0.2));
        let mut phase = Phase::new("p1", "Stabilise", date("2027-06-01"), date("2027-01-01"));
        phase.steps.push(Step::new(Action::Replace {
            from: ComponentId::new("c1"),
            to: ComponentId::new("c9"),
            parallel_from: Some(date("2027-05-01")),
            parallel_to: date("2027-04-01"),
        }));
        phase.costs.push(OneOffCost {
            label: "Training".into(),
            amount_gbp: -5.0,
            date: date("2027-02-01"),
            kind: CostKind::Training,
            capital_or_revenue: Funding::Revenue,
            component: None,
        });
        let mut plan = Plan::default();
        plan.appraisal.years = 0;
        plan.phases.push(phase);
        map.plan = Some(plan);
        let found: Vec<String> = crate::model::validate(&map)
            .iter()
            .map(|p| p.to_string())
            .collect();
        assert_eq!(
            found,
            [
                "plan.appraisal: years is 0; it must be 1 to 100",
                "plan phase 'Stabilise' (p1): ends (2027-01-01) before it starts (2027-06-01)",
                "plan phase 'Stabilise' (p1), step 1 (replace): \"to\" names 'c9', which is not a component on this map",
                "plan phase 'Stabilise' (p1), step 1 (replace): parallel running ends (2027-04-01) before it starts (2027-05-01)",
                "plan phase 'Stabilise' (p1), cost 1 'Training': amount -5 must be zero or more",
            ]
        );
        Fix::DropDanglingPlanReferences.apply(&mut map);
        assert!(map.plan.as_ref().unwrap().phases[0].steps.is_empty());
    }
}
