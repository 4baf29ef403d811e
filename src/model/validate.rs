//! Semantic checks on a parsed map. Every problem is collected once, each naming the
//! component (by name), link or note it concerns and, where one exists, its repair.

use super::component::{Component, Likelihood};
use super::error::Problem;
use super::ids::ComponentId;
use super::map::{Link, Map, Note};
use super::repair::Fix;
use super::settings::MoneySettings;
use std::collections::{HashMap, HashSet};

/// A problem's message and its repair.
type Found = (String, Option<Fix>);

pub fn validate(map: &Map) -> Vec<Problem> {
    let mut problems = Vec::new();
    // The first component with an id is the one links name (as the graph reads it).
    let mut names: HashMap<&ComponentId, &str> = HashMap::new();
    for c in &map.components {
        names.entry(&c.id).or_insert(c.name.as_str());
    }
    let mut seen = HashSet::new();
    for (i, c) in map.components.iter().enumerate() {
        let found = component_problems(i, c, &names, &mut seen);
        report(&mut problems, found, || {
            format!("component {}", c.describe())
        });
    }
    let mut seen = HashSet::new();
    for (i, link) in map.links.iter().enumerate() {
        let found = link_problems(i, link, &names, &mut seen);
        report(&mut problems, found, || {
            format!(
                "link {} -> {}",
                end_name(&names, &link.from),
                end_name(&names, &link.to)
            )
        });
    }
    let mut seen = HashSet::new();
    for (i, note) in map.notes.iter().enumerate() {
        let found = note_problems(i, note, &mut seen);
        report(&mut problems, found, || format!("note {}", note.id));
    }
    let fixed = |messages: Vec<String>, fix| messages.into_iter().map(|m| (m, Some(fix))).collect();
    report(
        &mut problems,
        fixed(matrix_problems(map), Fix::ResetRiskMatrix),
        || "settings.risk_matrix".into(),
    );
    report(
        &mut problems,
        fixed(weight_problems(map), Fix::ResetScoreWeights),
        || "settings.score_weights".into(),
    );
    problems.extend(super::plan::problems(map));
    let money = money_problems(&map.settings.money);
    report(
        &mut problems,
        money.into_iter().map(|(_, m)| (m, None)).collect(),
        || "settings.money".into(),
    );
    problems
}

/// What is wrong with the expected-loss settings, as (field, message) pairs: the field
/// is the key under `settings.money` ("outage_days.low", or "outage_days" when the
/// range's order is wrong), and the message names it. Every figure must be a finite
/// number, zero or more; a range must read low <= likely <= high; draws 1 to 1,000,000.
pub fn money_problems(money: &MoneySettings) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let f = &money.failures_per_year;
    let ranges = [
        ("failures_per_year.supported", f.supported),
        ("failures_per_year.extended_support", f.extended_support),
        ("failures_per_year.unsupported", f.unsupported),
        ("failures_per_year.shadow_it", f.shadow_it),
        ("failures_per_year.unknown", f.unknown),
        (
            "extra_failures_per_year_past_end_of_support",
            money.extra_failures_per_year_past_end_of_support,
        ),
        ("outage_days", money.outage_days),
    ];
    for (name, range) in ranges {
        let parts = [
            ("low", range.low),
            ("likely", range.likely),
            ("high", range.high),
        ];
        let mut usable = true;
        for (part, value) in parts {
            let key = format!("{name}.{part}");
            if let Some(m) = amount_problem(value) {
                out.push((key.clone(), format!("{key} {m}")));
                usable = false;
            }
        }
        if usable && !(range.low <= range.likely && range.likely <= range.high) {
            out.push((
                name.to_string(),
                format!(
                    "{name} must read low <= likely <= high, not low {}, likely {}, high {}",
                    range.low, range.likely, range.high
                ),
            ));
        }
    }
    let key = "cost_gbp_per_patient_day";
    if let Some(m) = amount_problem(money.cost_gbp_per_patient_day) {
        out.push((key.into(), format!("{key} {m}")));
    }
    if !(1..=1_000_000).contains(&money.draws) {
        out.push((
            "draws".into(),
            format!("draws must be 1 to 1,000,000, not {}", money.draws),
        ));
    }
    out
}

/// Why a money figure is unusable, if it is.
fn amount_problem(value: f64) -> Option<String> {
    if !value.is_finite() {
        Some("is not a finite number".into())
    } else if value < 0.0 {
        Some(format!("is {value}: it must be zero or more"))
    } else {
        None
    }
}

/// `'EPR'` for a component on the map, the bare id for one that is not.
fn end_name(names: &HashMap<&ComponentId, &str>, id: &ComponentId) -> String {
    match names.get(id) {
        Some(name) => format!("'{name}'"),
        None => id.to_string(),
    }
}

/// The location text is only built for elements that have problems (maps are large).
fn report(problems: &mut Vec<Problem>, found: Vec<Found>, location: impl FnOnce() -> String) {
    if found.is_empty() {
        return;
    }
    let location = location();
    problems.extend(
        found
            .into_iter()
            .map(|(m, fix)| Problem::new(&location, m).with_fix(fix)),
    );
}

/// Why a position coordinate is unusable, if it is.
fn unit_problem(value: f64, what: &str) -> Option<String> {
    if !value.is_finite() {
        Some(format!("{what} is not a finite number"))
    } else if !(0.0..=1.0).contains(&value) {
        Some(format!("{what} {value} is outside 0..1"))
    } else {
        None
    }
}

fn component_problems<'a>(
    i: usize,
    c: &'a Component,
    names: &HashMap<&ComponentId, &str>,
    seen: &mut HashSet<&'a ComponentId>,
) -> Vec<Found> {
    let mut out = Vec::new();
    if c.id.as_str().trim().is_empty() {
        out.push(("id is empty".to_string(), Some(Fix::RenumberComponent(i))));
    } else if !seen.insert(&c.id) {
        let first = names.get(&c.id).copied().unwrap_or_default();
        out.push((
            format!("duplicate id '{}' (also used by '{first}')", c.id),
            Some(Fix::RenumberComponent(i)),
        ));
    }
    if c.name.trim().is_empty() {
        out.push(("name is empty".to_string(), Some(Fix::NameComponent(i))));
    }
    let clamp = Some(Fix::ClampComponent(i));
    out.extend(unit_problem(c.visibility, "visibility").map(|m| (m, clamp)));
    out.extend(unit_problem(c.evolution, "evolution").map(|m| (m, clamp)));
    if let Some(cost) = c.annual_cost_gbp
        && !(cost.is_finite() && cost >= 0.0)
    {
        out.push((
            format!("annual cost {cost} must be zero or more"),
            Some(Fix::ClearCost(i)),
        ));
    }
    if let Some(evolve) = &c.evolve {
        if let Some(e) = evolve.evolution {
            out.extend(unit_problem(e, "evolve target").map(|m| (m, clamp)));
        }
        let clear = Some(Fix::ClearReplacedBy(i));
        match &evolve.replaced_by {
            Some(target) if target == &c.id => {
                out.push(("is marked as replaced by itself".into(), clear));
            }
            Some(target) if !names.contains_key(target) => out.push((
                format!("is replaced by '{target}', which is not a component on this map"),
                clear,
            )),
            _ => {}
        }
    }
    out
}

/// At most one problem per link: every one is repaired by dropping the link.
fn link_problems<'a>(
    i: usize,
    link: &'a Link,
    names: &HashMap<&ComponentId, &str>,
    seen: &mut HashSet<(&'a ComponentId, &'a ComponentId)>,
) -> Vec<Found> {
    let missing: Vec<String> = [("from", &link.from), ("to", &link.to)]
        .iter()
        .filter(|(_, id)| !names.contains_key(id))
        .map(|(end, id)| format!("\"{end}\" names '{id}'"))
        .collect();
    let first = seen.insert((&link.from, &link.to));
    let message = if !missing.is_empty() {
        let which = if missing.len() == 1 {
            "which is not a component"
        } else {
            "which are not components"
        };
        format!("{}, {which} on this map", missing.join(" and "))
    } else if link.from == link.to {
        "a component cannot depend on itself".into()
    } else if !first {
        "duplicate link".into()
    } else {
        return Vec::new();
    };
    vec![(message, Some(Fix::DropLink(i)))]
}

fn note_problems<'a>(i: usize, note: &'a Note, seen: &mut HashSet<&'a str>) -> Vec<Found> {
    let mut out = Vec::new();
    if !seen.insert(note.id.as_str()) {
        out.push((
            format!("duplicate id '{}'", note.id),
            Some(Fix::RenumberNote(i)),
        ));
    }
    let clamp = Some(Fix::ClampNote(i));
    out.extend(unit_problem(note.visibility, "visibility").map(|m| (m, clamp)));
    out.extend(unit_problem(note.evolution, "evolution").map(|m| (m, clamp)));
    out
}

fn matrix_problems(map: &Map) -> Vec<String> {
    let matrix = &map.settings.risk_matrix;
    Likelihood::ALL
        .iter()
        .filter(|l| matrix.row(**l).iter().any(|r| !(1..=5).contains(r)))
        .map(|l| format!("ratings for likelihood '{}' must each be 1 to 5", l.label()))
        .collect()
}

fn weight_problems(map: &Map) -> Vec<String> {
    let w = &map.settings.score_weights;
    [
        ("clinical", w.clinical),
        ("support", w.support),
        ("dependants", w.dependants),
        ("expiry", w.expiry),
    ]
    .iter()
    .filter(|(_, value)| !(value.is_finite() && *value >= 0.0))
    .map(|(name, value)| format!("weight \"{name}\" is {value}; it must be zero or more"))
    .collect()
}
