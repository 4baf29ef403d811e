//! The Green Book business case of a plan against doing nothing (`docs/analysis.md`,
//! "Business case").

use super::as_of::{as_of, do_nothing};
use super::risk::{moving_rating_between, staying_rating};
use crate::analysis::{Analysis, MoneyAnalysis};
use crate::model::{Action, AppraisalSettings, ComponentId, Funding, Map};
use chrono::{Months, NaiveDate};
use serde::Serialize;

/// One year of the appraisal. Year 0 starts on the appraisal's start date and is not
/// discounted; year t's factor is 1 / (1 + r)^t.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AppraisalYear {
    pub year: u32,
    /// First day of the year.
    pub start: NaiveDate,
    /// Last day of the year.
    pub end: NaiveDate,
    /// Run costs of today's estate plus its expected loss.
    pub do_nothing_gbp: f64,
    /// Run costs as planned, one-off costs with optimism bias, expected loss as the
    /// plan changes the estate, and the cost of cut-over outages.
    pub plan_gbp: f64,
    pub discount_factor: f64,
    pub do_nothing_run_gbp: f64,
    pub do_nothing_loss_gbp: f64,
    pub plan_run_gbp: f64,
    /// One-off costs of the year, optimism bias included.
    pub plan_one_off_gbp: f64,
    pub plan_loss_gbp: f64,
    /// Planned cut-over outages: days times the daily cost of the services stopped.
    pub plan_cutover_gbp: f64,
    /// The plan's spending on capital budgets: one-off capital costs with bias.
    pub capital_gbp: f64,
    /// The plan's spending on revenue budgets: run costs and one-off revenue costs
    /// with bias.
    pub revenue_gbp: f64,
    /// do_nothing_gbp - plan_gbp: what the plan saves this year (negative: costs).
    pub difference_gbp: f64,
    pub discounted_difference_gbp: f64,
    pub cumulative_discounted_gbp: f64,
    /// Highest DCB0160 rating among the at-risk systems still in place at mid-year if
    /// nothing is done (None: none is rated).
    pub risk_of_staying: Option<u8>,
    /// Highest DCB0160 rating of the steps under way during the year (change or
    /// cut-over; None: none under way or none rated).
    pub risk_of_move: Option<u8>,
}

/// A plan's appraisal.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Appraisal {
    pub start: NaiveDate,
    pub discount_rate: f64,
    pub optimism_bias: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub optimism_bias_reason: Option<String>,
    /// Which expected annual loss of the money analysis counts: the estate's median.
    pub expected_loss_measure: &'static str,
    pub years: Vec<AppraisalYear>,
    /// Sum over the years of (do nothing - plan) x discount factor.
    pub npv_gbp: f64,
    /// The first year whose cumulative discounted difference is 0 or more (to half a
    /// penny); None if never within the appraisal.
    pub payback_year: Option<u32>,
    /// One-off costs before optimism bias, over the whole appraisal.
    pub one_off_before_bias_gbp: f64,
}

/// Rounding noise below half a penny is no difference.
const PENNY: f64 = 0.005;

/// Appraises `map`'s plan (an empty plan if it has none) over `settings.years` from
/// `settings.start`, else the plan's first phase start, else `today`.
///
/// - Run costs: `annual_cost_gbp`, prorated by the days of the year a system exists
///   as planned (a replaced one up to `parallel_to`, a retired one up to the day before
///   `on`, a new one from its `from`): both count during parallel running. Doing
///   nothing counts today's systems (no new ones) for every whole year.
/// - One-off costs: in the year of their date, times (1 + optimism bias); dated
///   outside the appraisal, left out (`warnings` says so).
/// - Expected loss: the estate's median expected annual loss (`analysis::money`) of
///   the estate as planned at mid-year (the year's start plus six months), and, for
///   doing nothing, of today's estate at mid-year (its end-of-support dates passing).
/// - Cut-over: each step's `cutover_days` times the daily cost of the services
///   resting on the system it changes (as today), in the year the step takes effect.
pub fn appraise(map: &Map, settings: &AppraisalSettings, today: NaiveDate) -> Appraisal {
    let plan = map.plan.clone().unwrap_or_default();
    let start = settings.start.or_else(|| plan.start()).unwrap_or(today);
    let years = settings.years.clamp(1, 100);
    let rate = settings.discount_rate;
    let bias = settings.optimism_bias;
    let baseline = do_nothing(map);
    let today_money = {
        let analysis = Analysis::new(map, start);
        MoneyAnalysis::new(map, &analysis)
    };
    let daily_cost = |id: &ComponentId| {
        map.component_index(id)
            .and_then(|i| today_money.system(i))
            .map_or(0.0, |s| s.harm.daily_cost_gbp)
    };
    let alive = lifetimes(map);
    let mut out = Vec::new();
    let mut cumulative = 0.0;
    let mut one_off_before_bias = 0.0;
    for t in 0..years {
        let from = add_years(start, t);
        let until = add_years(start, t + 1);
        let days = (until - from).num_days().max(1) as f64;
        let mid = from.checked_add_months(Months::new(6)).unwrap_or(from);
        let do_nothing_run: f64 = baseline
            .components
            .iter()
            .filter_map(|c| c.annual_cost_gbp)
            .sum();
        let plan_run: f64 = map
            .components
            .iter()
            .filter_map(|c| {
                let cost = c.annual_cost_gbp?;
                let (born, gone) = alive(&c.id);
                let overlap = (gone.min(until) - born.max(from)).num_days().max(0) as f64;
                Some(cost * overlap / days)
            })
            .sum();
        let (mut capital, mut revenue_one_off) = (0.0, 0.0);
        for (_, cost) in plan.costs() {
            if cost.date >= from && cost.date < until {
                one_off_before_bias += cost.amount_gbp;
                let uplifted = cost.amount_gbp * (1.0 + bias);
                match cost.capital_or_revenue {
                    Funding::Capital => capital += uplifted,
                    Funding::Revenue => revenue_one_off += uplifted,
                }
            }
        }
        let cutover: f64 = plan
            .steps()
            .filter(|(_, s)| {
                let day = s.action.takes_effect();
                day >= from && day < until
            })
            .map(|(_, s)| {
                let id = match &s.action {
                    Action::Replace { from, .. } => from,
                    Action::Retire { component, .. }
                    | Action::SetStatus { component, .. }
                    | Action::Move { component, .. } => component,
                };
                s.cutover_days.unwrap_or(0.0) * daily_cost(id)
            })
            .sum();
        let staying = as_of(&baseline, mid);
        let do_nothing_loss = estate_loss(&staying, mid);
        let plan_loss = estate_loss(&as_of(map, mid), mid);
        let do_nothing_gbp = do_nothing_run + do_nothing_loss;
        let plan_one_off = capital + revenue_one_off;
        let plan_gbp = plan_run + plan_one_off + plan_loss + cutover;
        let factor = 1.0 / (1.0 + rate).powi(t as i32);
        let difference = do_nothing_gbp - plan_gbp;
        let discounted = difference * factor;
        cumulative += discounted;
        let last = until.pred_opt().unwrap_or(until);
        out.push(AppraisalYear {
            year: t,
            start: from,
            end: last,
            do_nothing_gbp,
            plan_gbp,
            discount_factor: factor,
            do_nothing_run_gbp: do_nothing_run,
            do_nothing_loss_gbp: do_nothing_loss,
            plan_run_gbp: plan_run,
            plan_one_off_gbp: plan_one_off,
            plan_loss_gbp: plan_loss,
            plan_cutover_gbp: cutover,
            capital_gbp: capital,
            revenue_gbp: plan_run + revenue_one_off,
            difference_gbp: difference,
            discounted_difference_gbp: discounted,
            cumulative_discounted_gbp: cumulative,
            risk_of_staying: staying_rating(&staying),
            risk_of_move: moving_rating_between(map, from, last),
        });
    }
    let npv = out.iter().map(|y| y.discounted_difference_gbp).sum();
    let payback_year = out
        .iter()
        .find(|y| y.cumulative_discounted_gbp >= -PENNY)
        .map(|y| y.year);
    Appraisal {
        start,
        discount_rate: rate,
        optimism_bias: bias,
        optimism_bias_reason: settings.optimism_bias_reason.clone(),
        expected_loss_measure: "median",
        years: out,
        npv_gbp: npv,
        payback_year,
        one_off_before_bias_gbp: one_off_before_bias,
    }
}

/// `date` plus `years` whole years (29 February becomes 28 February).
pub fn add_years(date: NaiveDate, years: u32) -> NaiveDate {
    date.checked_add_months(Months::new(12 * years))
        .unwrap_or(NaiveDate::MAX)
}

/// The estate's median expected annual loss as it stands on `date`.
fn estate_loss(map: &Map, date: NaiveDate) -> f64 {
    let analysis = Analysis::new(map, date);
    MoneyAnalysis::new(map, &analysis).estate().median
}

/// For each component, the first day it exists and the first day it no longer does.
fn lifetimes(map: &Map) -> impl Fn(&ComponentId) -> (NaiveDate, NaiveDate) + '_ {
    move |id: &ComponentId| {
        let Some(plan) = &map.plan else {
            return (NaiveDate::MIN, NaiveDate::MAX);
        };
        let born = plan.new_system_from(id).unwrap_or(NaiveDate::MIN);
        let gone = plan
            .steps()
            .filter_map(|(_, s)| match &s.action {
                Action::Replace { from, .. } if from == id => Some(s.action.takes_effect()),
                Action::Retire { component, on } if component == id => Some(*on),
                _ => None,
            })
            .min()
            .unwrap_or(NaiveDate::MAX);
        (born, gone.max(born))
    }
}
