//! Risk in pounds and patient harm (see `docs/analysis.md`, "Risk in money"):
//!
//! expected annual loss = failures a year x outage days x daily cost of the user needs
//! that rest on the system,
//!
//! simulated over the map's ranges (`settings.money`) with a fixed seed, so the same map
//! always gives the same figures on every platform. Each range is the trust's
//! uncertainty about one input: one draw of it per simulated year is shared by every
//! system that uses it (all unsupported systems fail at the drawn unsupported rate), so
//! a system's loss is its daily cost times a distribution shared by every system of its
//! kind, and the estate's total adds the systems up draw by draw. A system's own
//! failure-rate override is its own uncertainty, drawn on its own stream.
//!
//! Slower than the rest of the analysis (thousands of draws): the app runs it off the
//! UI thread. No UI code here.

use super::Analysis;
use crate::model::{Component, Consequence, Kind, Map, MoneySettings, Range3, SupportStatus};
use chrono::NaiveDate;
use rand_pcg::Pcg64;
use rand_pcg::rand_core::{Rng, SeedableRng};
use serde::Serialize;
use std::collections::BTreeMap;

/// Median and 90 % range (5th and 95th percentiles) of a loss, pounds a year.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct LossRange {
    pub median: f64,
    pub p5: f64,
    pub p95: f64,
}

impl LossRange {
    fn scaled(self, factor: f64) -> Self {
        Self {
            median: self.median * factor,
            p5: self.p5 * factor,
            p95: self.p95 * factor,
        }
    }

    /// "£1.1m a year (90 % range £0.2m to £3.4m)".
    pub fn describe(&self) -> String {
        format!(
            "{} a year (90 % range {} to {})",
            format_gbp_short(self.median),
            format_gbp_short(self.p5),
            format_gbp_short(self.p95)
        )
    }
}

/// Whom a system's failure would hurt: the user needs in its blast radius.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Harm {
    /// Positions in `map.components` of the user needs that depend on it, in map order.
    pub user_needs: Vec<usize>,
    /// Patients a day those needs serve, summed over the needs that record it; None if
    /// none does.
    pub patients_per_day: Option<f64>,
    /// The worst `harm_if_lost` among them; None if none records one.
    pub worst: Option<Consequence>,
    /// In an estate: the areas where services stop (those user needs' areas and the
    /// system's own), sorted; empty on a map without areas.
    pub areas: Vec<String>,
    /// What a day without those services costs, pounds.
    pub daily_cost_gbp: f64,
    /// Whether any of them records an outage cost (or patients, when the map prices a
    /// patient day): without one the loss is unknown rather than nothing.
    pub costed: bool,
}

/// The money facts of one system or activity.
#[derive(Clone, Debug, PartialEq)]
pub struct SystemMoney {
    pub harm: Harm,
    /// Failures a year it is modelled with: its override, or its status's default plus
    /// the extra for the years it is past end of support.
    pub failures_per_year: Range3,
    /// Whether `failures_per_year` is the system's own override.
    pub overridden: bool,
    pub expected_loss: LossRange,
    /// The plain-English statement for a board member.
    pub statement: String,
}

/// One point of the estate's loss-exceedance curve: the chance that the estate's
/// expected annual loss exceeds `loss_gbp`.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct ExceedancePoint {
    pub loss_gbp: f64,
    pub probability: f64,
}

/// Money and harm for a whole map.
#[derive(Clone, Debug, PartialEq)]
pub struct MoneyAnalysis {
    /// One entry per component, in map order; None for a user need.
    systems: Vec<Option<SystemMoney>>,
    estate: LossRange,
    curve: Vec<ExceedancePoint>,
    draws: usize,
    has_service_facts: bool,
    /// Systems and activities, highest expected loss first.
    ranking: Vec<usize>,
    /// Place of each component in `ranking` (1 = highest loss); None for a user need.
    ranks: Vec<Option<usize>>,
}

/// Draws in a run whatever the settings say, so a typo cannot hang the app.
const MAX_DRAWS: usize = 1_000_000;
/// Points of the loss-exceedance curve.
const CURVE_POINTS: usize = 101;

impl MoneyAnalysis {
    /// `analysis` must have been made from `map`.
    pub fn new(map: &Map, analysis: &Analysis) -> Self {
        let settings = &map.settings.money;
        let draws = (settings.draws as usize).clamp(1, MAX_DRAWS);
        let today = analysis.today();
        let daily_costs: Vec<(f64, bool)> = map
            .components
            .iter()
            .map(|c| need_daily_cost(c, settings))
            .collect();
        let shared = SharedDraws::new(settings, draws);
        let mut estate_draws = vec![0.0; draws];
        let mut classes: BTreeMap<(SupportStatus, i64), Class> = BTreeMap::new();
        let mut systems: Vec<Option<SystemMoney>> = Vec::with_capacity(map.components.len());
        for (node, c) in map.components.iter().enumerate() {
            if c.kind == Kind::UserNeed {
                systems.push(None);
                continue;
            }
            let harm = harm_of(map, analysis, node, &daily_costs);
            let (failures_per_year, unit) = match c.failures_per_year {
                Some(own) => {
                    let own = sane(own);
                    let unit = shared.own_unit_loss(
                        own,
                        settings.seed,
                        &c.id.to_string(),
                        harm.daily_cost_gbp,
                        &mut estate_draws,
                    );
                    (own, unit)
                }
                None => {
                    let days_past = days_past_end_of_support(c, today);
                    let class = classes.entry((c.status, days_past)).or_insert_with(|| {
                        Class::new(&shared, settings, c.status, years(days_past))
                    });
                    class.daily_cost += harm.daily_cost_gbp;
                    (class.failures, class.unit)
                }
            };
            let expected_loss = unit.scaled(harm.daily_cost_gbp);
            let statement = statement(map, c, &harm, &expected_loss);
            systems.push(Some(SystemMoney {
                harm,
                failures_per_year,
                overridden: c.failures_per_year.is_some(),
                expected_loss,
                statement,
            }));
        }
        for class in classes.values() {
            if class.daily_cost > 0.0 {
                for (total, unit) in estate_draws.iter_mut().zip(&class.draws) {
                    *total += class.daily_cost * unit;
                }
            }
        }
        let has_service_facts = map.components.iter().any(|c| {
            c.kind == Kind::UserNeed
                && (c.patients_per_day.is_some()
                    || c.outage_cost_gbp_per_day.is_some()
                    || c.harm_if_lost.is_some())
        });
        let (ranking, ranks) = loss_ranking(analysis, &systems);
        estate_draws.sort_unstable_by(f64::total_cmp);
        Self {
            estate: percentiles(&estate_draws),
            curve: exceedance_curve(&estate_draws),
            systems,
            draws,
            has_service_facts,
            ranking,
            ranks,
        }
    }

    /// The component at `node`'s money facts; None for a user need.
    pub fn system(&self, node: usize) -> Option<&SystemMoney> {
        self.systems.get(node)?.as_ref()
    }

    /// The whole estate's expected annual loss.
    pub fn estate(&self) -> LossRange {
        self.estate
    }

    /// From no loss up to the largest simulated, chance of exceeding falling.
    pub fn exceedance_curve(&self) -> &[ExceedancePoint] {
        &self.curve
    }

    pub fn draws(&self) -> usize {
        self.draws
    }

    /// Any user need records patients a day, an outage cost or the harm if lost.
    pub fn has_service_facts(&self) -> bool {
        self.has_service_facts
    }

    /// Systems and activities as positions in `map.components`, highest expected loss
    /// (median, then 95th percentile) first; ties keep the risk-score order.
    pub fn ranking(&self) -> &[usize] {
        &self.ranking
    }

    /// Place in `ranking` (1 = highest loss) of the component at `node`.
    pub fn rank(&self, node: usize) -> Option<usize> {
        self.ranks.get(node).copied().flatten()
    }
}

/// What a day without a user need's service costs, and whether that is known.
fn need_daily_cost(c: &Component, settings: &MoneySettings) -> (f64, bool) {
    if c.kind != Kind::UserNeed {
        return (0.0, false);
    }
    match (c.outage_cost_gbp_per_day, c.patients_per_day) {
        (Some(cost), _) => (non_negative(cost), true),
        (None, Some(patients)) if settings.cost_gbp_per_patient_day > 0.0 => (
            non_negative(patients) * non_negative(settings.cost_gbp_per_patient_day),
            true,
        ),
        _ => (0.0, false),
    }
}

fn harm_of(map: &Map, analysis: &Analysis, node: usize, daily_costs: &[(f64, bool)]) -> Harm {
    let mut harm = Harm::default();
    for need in analysis.needs_depending_on_node(node) {
        let c = &map.components[need];
        harm.user_needs.push(need);
        if let Some(patients) = c.patients_per_day {
            *harm.patients_per_day.get_or_insert(0.0) += non_negative(patients);
        }
        harm.worst = harm.worst.max(c.harm_if_lost);
        let (cost, costed) = daily_costs[need];
        harm.daily_cost_gbp += cost;
        harm.costed |= costed;
        harm.areas.extend(c.areas.iter().cloned());
    }
    harm.areas
        .extend(map.components[node].areas.iter().cloned());
    harm.areas.sort();
    harm.areas.dedup();
    // Kept for every system of an estate: no room to spare.
    harm.user_needs.shrink_to_fit();
    harm.areas.shrink_to_fit();
    harm
}

fn non_negative(value: f64) -> f64 {
    if value.is_finite() {
        value.max(0.0)
    } else {
        0.0
    }
}

/// A range with its values non-negative and in order, whatever the file said.
fn sane(range: Range3) -> Range3 {
    let mut v = [range.low, range.likely, range.high].map(non_negative);
    v.sort_unstable_by(f64::total_cmp);
    Range3::new(v[0], v[1], v[2])
}

/// Days since end of support (0 if it has not passed or there is none): a support
/// that ends on a day still runs that day.
fn days_past_end_of_support(c: &Component, today: NaiveDate) -> i64 {
    c.end_of_support
        .map_or(0, |end| (today - end).num_days().max(0))
}

fn years(days: i64) -> f64 {
    days as f64 / 365.25
}

/// Draws of the inputs every system shares: outage days, the extra failures a year
/// per year past end of support, and failures a year for each status.
struct SharedDraws {
    outage_days: Vec<f64>,
    extra: Vec<f64>,
    by_status: [Vec<f64>; 5],
}

impl SharedDraws {
    fn new(settings: &MoneySettings, draws: usize) -> Self {
        let mut rng = Pcg64::seed_from_u64(settings.seed);
        let outage = sane(settings.outage_days);
        let extra = sane(settings.extra_failures_per_year_past_end_of_support);
        let statuses = SupportStatus::ALL.map(|s| sane(settings.failures_per_year.of(s)));
        let outage_days = latin_hypercube(&mut rng, draws, outage);
        let extra = latin_hypercube(&mut rng, draws, extra);
        let by_status = statuses.map(|range| latin_hypercube(&mut rng, draws, range));
        Self {
            outage_days,
            extra,
            by_status,
        }
    }

    /// A system's own failure rate, on a stream of its own (seeded by the map's seed
    /// and its id, so other systems' overrides do not move it): the loss of one pound
    /// a day, and its draws added to the estate's.
    fn own_unit_loss(
        &self,
        failures: Range3,
        seed: u64,
        id: &str,
        daily_cost: f64,
        estate: &mut [f64],
    ) -> LossRange {
        let mut rng = Pcg64::seed_from_u64(seed ^ fnv1a(id));
        let rates = latin_hypercube(&mut rng, self.outage_days.len(), failures);
        let mut unit_draws: Vec<f64> = self
            .outage_days
            .iter()
            .zip(rates)
            .map(|(days, rate)| days * rate)
            .collect();
        for (total, unit) in estate.iter_mut().zip(&unit_draws) {
            *total += daily_cost * unit;
        }
        unit_draws.sort_unstable_by(f64::total_cmp);
        percentiles(&unit_draws)
    }
}

/// Systems without an override that share a status and a number of days past end of
/// support: one distribution of the loss per pound a day.
struct Class {
    failures: Range3,
    /// Loss per pound a day, draw by draw (in draw order).
    draws: Vec<f64>,
    unit: LossRange,
    /// The daily cost of every system in the class, summed.
    daily_cost: f64,
}

impl Class {
    fn new(
        shared: &SharedDraws,
        settings: &MoneySettings,
        status: SupportStatus,
        past: f64,
    ) -> Self {
        let index = SupportStatus::ALL
            .iter()
            .position(|&s| s == status)
            .expect("every status is in ALL");
        let base = sane(settings.failures_per_year.of(status));
        let extra = sane(settings.extra_failures_per_year_past_end_of_support);
        let failures = Range3::new(
            base.low + extra.low * past,
            base.likely + extra.likely * past,
            base.high + extra.high * past,
        );
        let draws: Vec<f64> = shared
            .outage_days
            .iter()
            .zip(&shared.by_status[index])
            .zip(&shared.extra)
            .map(|((days, rate), extra)| days * (rate + extra * past))
            .collect();
        let mut sorted = draws.clone();
        sorted.sort_unstable_by(f64::total_cmp);
        Self {
            failures,
            unit: percentiles(&sorted),
            draws,
            daily_cost: 0.0,
        }
    }
}

/// A uniform draw in [0, 1) from the top 53 bits: the same on every platform.
fn unit(rng: &mut Pcg64) -> f64 {
    (rng.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
}

/// `draws` triangular draws over `range`, one from each of `draws` equal slices of
/// probability, in shuffled order (Latin hypercube sampling): percentiles settle with
/// far fewer draws than independent sampling needs.
fn latin_hypercube(rng: &mut Pcg64, draws: usize, range: Range3) -> Vec<f64> {
    let mut values: Vec<f64> = (0..draws)
        .map(|i| triangular(range, (i as f64 + unit(rng)) / draws as f64))
        .collect();
    // Fisher-Yates, with the same portable draws.
    for i in (1..draws).rev() {
        let j = ((unit(rng) * (i + 1) as f64) as usize).min(i);
        values.swap(i, j);
    }
    values
}

/// The triangular distribution's inverse CDF at `u`; exact when the range is a point.
fn triangular(range: Range3, u: f64) -> f64 {
    let Range3 { low, likely, high } = range;
    let width = high - low;
    if width <= 0.0 {
        return low;
    }
    let split = (likely - low) / width;
    if u < split {
        low + (u * width * (likely - low)).sqrt()
    } else {
        high - ((1.0 - u) * width * (high - likely)).sqrt()
    }
}

/// Linear interpolation between the closest ranks of sorted values.
fn percentile(sorted: &[f64], p: f64) -> f64 {
    match sorted {
        [] => 0.0,
        [only] => *only,
        _ => {
            let position = p * (sorted.len() - 1) as f64;
            let below = position.floor() as usize;
            let above = (below + 1).min(sorted.len() - 1);
            let (a, b) = (sorted[below], sorted[above]);
            if a == b {
                a
            } else {
                a + (b - a) * (position - below as f64)
            }
        }
    }
}

fn percentiles(sorted: &[f64]) -> LossRange {
    LossRange {
        median: percentile(sorted, 0.5),
        p5: percentile(sorted, 0.05),
        p95: percentile(sorted, 0.95),
    }
}

fn exceedance_curve(sorted: &[f64]) -> Vec<ExceedancePoint> {
    (0..CURVE_POINTS)
        .map(|k| {
            let q = k as f64 / (CURVE_POINTS - 1) as f64;
            ExceedancePoint {
                loss_gbp: percentile(sorted, q),
                probability: 1.0 - q,
            }
        })
        .collect()
}

/// FNV-1a: a stable hash of an id (std's hasher may change between releases).
fn fnv1a(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

fn loss_ranking(
    analysis: &Analysis,
    systems: &[Option<SystemMoney>],
) -> (Vec<usize>, Vec<Option<usize>>) {
    let mut ranking: Vec<usize> = analysis.ranking().to_vec();
    // Stable: ties keep the risk-score order.
    ranking.sort_by(|&a, &b| {
        let (a, b) = (
            systems[a].as_ref().map(|s| s.expected_loss),
            systems[b].as_ref().map(|s| s.expected_loss),
        );
        let (a, b) = (a.unwrap_or_default(), b.unwrap_or_default());
        b.median.total_cmp(&a.median).then(b.p95.total_cmp(&a.p95))
    });
    let mut ranks = vec![None; systems.len()];
    for (&node, rank) in ranking.iter().zip(1..) {
        ranks[node] = Some(rank);
    }
    (ranking, ranks)
}

/// "If Windows Server 2012 R2 VMs fail, 2 services stop: Patient with suspected stroke
/// and Clinician reviewing scans (about 140 patients a day); worst harm: catastrophic;
/// expected loss £1.1m a year (90 % range £0.2m to £3.4m)".
fn statement(map: &Map, c: &Component, harm: &Harm, loss: &LossRange) -> String {
    if harm.user_needs.is_empty() {
        return format!(
            "If {} {}, no user need on the map depends on it: no service loss",
            c.name,
            fails(&c.name)
        );
    }
    let names: Vec<&str> = harm
        .user_needs
        .iter()
        .map(|&n| map.components[n].name.as_str())
        .collect();
    let services = match names.len() {
        1 => "1 service stops".to_string(),
        n => format!("{n} services stop"),
    };
    let mut text = format!(
        "If {} {}, {services}: {}",
        c.name,
        fails(&c.name),
        join_and(&names)
    );
    if let Some(patients) = harm.patients_per_day {
        text.push_str(&format!(
            " (about {} patients a day)",
            format_count(patients)
        ));
    }
    if !harm.areas.is_empty() {
        let areas: Vec<&str> = harm.areas.iter().map(String::as_str).collect();
        text.push_str(&format!("; areas affected: {}", join_and(&areas)));
    }
    text.push_str(&format!(
        "; worst harm: {}",
        harm.worst
            .map_or("not recorded".to_string(), |h| h.label().to_lowercase())
    ));
    if harm.costed {
        text.push_str(&format!("; expected loss {}", loss.describe()));
    } else {
        text.push_str("; expected loss not known (no outage cost recorded for these services)");
    }
    // Kept for every system of an estate: no room to spare.
    text.shrink_to_fit();
    text
}

/// "fail" after a name that reads as a plural ("VMs", "Lab analysers"), else "fails"
/// ("PACS", "Windows", "Interface server"): a name's last word is plural when it ends in
/// a lower-case "s" after a capital ("PCs") or, in an ordinary word, not in "ss", "us"
/// or "is", nor is it a product name that only looks plural.
fn fails(name: &str) -> &'static str {
    const SINGULAR: [&str; 10] = [
        "windows",
        "teams",
        "news",
        "series",
        "analytics",
        "devops",
        "ops",
        "kubernetes",
        "atlas",
        "canvas",
    ];
    // A qualifier in brackets at the end ("Blood gas machines (ED)") is not the noun.
    let name = match name.trim_end().strip_suffix(')') {
        Some(rest) => rest.rfind('(').map_or(name, |at| &rest[..at]),
        None => name,
    };
    let last = name
        .split_whitespace()
        .next_back()
        .unwrap_or("")
        .trim_matches(|ch: char| !ch.is_alphanumeric());
    let chars: Vec<char> = last.chars().collect();
    let plural = match chars.as_slice() {
        [.., before, 's'] if before.is_uppercase() => true,
        [.., before, 's'] if before.is_lowercase() => {
            let lower = last.to_lowercase();
            !["ss", "us", "is"].iter().any(|end| lower.ends_with(end))
                && !SINGULAR.contains(&lower.as_str())
        }
        _ => false,
    };
    if plural { "fail" } else { "fails" }
}

/// "A", "A and B", "A, B and C".
fn join_and(names: &[&str]) -> String {
    match names {
        [] => String::new(),
        [only] => (*only).to_string(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// "140", "1,250".
fn format_count(value: f64) -> String {
    super::report::format_gbp(value.round())
        .trim_start_matches('£')
        .to_string()
}

/// Pounds in a board's words: "£1.1m", "£250k", "£2.5k", "£900".
pub fn format_gbp_short(amount: f64) -> String {
    let amount = non_negative(amount);
    if amount >= 999_500.0 {
        let m = amount / 1e6;
        if m >= 100.0 {
            format!("£{m:.0}m")
        } else {
            format!("£{}m", trim(format!("{m:.1}")))
        }
    } else if amount >= 9_995.0 {
        format!("£{:.0}k", amount / 1e3)
    } else if amount >= 1_000.0 {
        format!("£{}k", trim(format!("{:.1}", amount / 1e3)))
    } else {
        format!("£{amount:.0}")
    }
}

fn trim(text: String) -> String {
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}

#[cfg(test)]
mod tests {
    #[test]
    fn plural_names_fail_and_singular_ones_fail_s() {
        for name in [
            "Windows Server 2012 R2 VMs",
            "Ward PCs",
            "Lab analysers",
            "Blood gas machines (ED)",
        ] {
            assert_eq!(super::fails(name), "fail", "{name}");
        }
        for name in [
            "PACS",
            "Interface server",
            "Windows",
            "Microsoft Teams",
            "Nurse call system",
            "Service bus",
            "Data warehouse access",
            "Genomics analysis",
            "",
        ] {
            assert_eq!(super::fails(name), "fails", "{name}");
        }
    }

    use super::*;

    #[test]
    fn triangular_stays_in_its_range_and_hits_its_corners() {
        let r = Range3::new(1.0, 2.0, 5.0);
        assert_eq!(triangular(r, 0.0), 1.0);
        assert!((triangular(r, 0.25) - 2.0).abs() < 1e-12);
        assert!((triangular(r, 1.0) - 5.0).abs() < 1e-12);
        assert_eq!(triangular(Range3::exact(3.0), 0.7), 3.0);
    }

    #[test]
    fn percentiles_interpolate_between_ranks() {
        let sorted: Vec<f64> = (0..=100).map(f64::from).collect();
        assert_eq!(percentile(&sorted, 0.5), 50.0);
        assert_eq!(percentile(&sorted, 0.05), 5.0);
        assert!((percentile(&[0.0, 10.0], 0.95) - 9.5).abs() < 1e-12);
    }

    #[test]
    fn pounds_read_as_a_board_says_them() {
        assert_eq!(format_gbp_short(1_100_000.0), "£1.1m");
        assert_eq!(format_gbp_short(200_000.0), "£200k");
        assert_eq!(format_gbp_short(2_500.0), "£2.5k");
        assert_eq!(format_gbp_short(3_000_000.0), "£3m");
        assert_eq!(format_gbp_short(999.4), "£999");
        assert_eq!(format_gbp_short(0.0), "£0");
    }

    #[test]
    fn names_are_joined_with_and() {
        assert_eq!(join_and(&["A"]), "A");
        assert_eq!(join_and(&["A", "B", "C"]), "A, B and C");
    }
}
