//! Semantic checks on a parsed map. Every problem is collected, each naming the
//! component, link or note it concerns.

use super::component::{Component, Likelihood};
use super::error::Problem;
use super::ids::ComponentId;
use super::map::{Link, Map, Note};
use std::collections::HashSet;

pub fn validate(map: &Map) -> Vec<Problem> {
    let mut problems = Vec::new();
    let ids: HashSet<&ComponentId> = map.components.iter().map(|c| &c.id).collect();
    let mut seen = HashSet::new();
    for c in &map.components {
        let messages = component_problems(c, &ids, &mut seen);
        report(&mut problems, messages, || {
            format!("component {}", c.describe())
        });
    }
    let mut seen = HashSet::new();
    for link in &map.links {
        let messages = link_problems(link, &ids, &mut seen);
        report(&mut problems, messages, || {
            format!("link {} -> {}", link.from, link.to)
        });
    }
    let mut seen = HashSet::new();
    for note in &map.notes {
        let messages = note_problems(note, &mut seen);
        report(&mut problems, messages, || format!("note {}", note.id));
    }
    report(&mut problems, matrix_problems(map), || {
        "settings.risk_matrix".into()
    });
    report(&mut problems, weight_problems(map), || {
        "settings.score_weights".into()
    });
    problems
}

/// The location text is only built for elements that have problems (maps are large).
fn report(problems: &mut Vec<Problem>, messages: Vec<String>, location: impl FnOnce() -> String) {
    if messages.is_empty() {
        return;
    }
    let location = location();
    problems.extend(messages.into_iter().map(|m| Problem::new(&location, m)));
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
    c: &'a Component,
    ids: &HashSet<&ComponentId>,
    seen: &mut HashSet<&'a ComponentId>,
) -> Vec<String> {
    let mut out = Vec::new();
    if c.id.as_str().trim().is_empty() {
        out.push("id is empty".to_string());
    } else if !seen.insert(&c.id) {
        out.push(format!("duplicate id '{}'", c.id));
    }
    if c.name.trim().is_empty() {
        out.push("name is empty".to_string());
    }
    out.extend(unit_problem(c.visibility, "visibility"));
    out.extend(unit_problem(c.evolution, "evolution"));
    if let Some(cost) = c.annual_cost_gbp
        && !(cost.is_finite() && cost >= 0.0)
    {
        out.push(format!("annual cost {cost} must be zero or more"));
    }
    if let Some(evolve) = &c.evolve {
        if let Some(e) = evolve.evolution {
            out.extend(unit_problem(e, "evolve target"));
        }
        match &evolve.replaced_by {
            Some(target) if target == &c.id => out.push("is marked as replaced by itself".into()),
            Some(target) if !ids.contains(target) => out.push(format!(
                "is replaced by '{target}', which is not a component on this map"
            )),
            _ => {}
        }
    }
    out
}

fn link_problems<'a>(
    link: &'a Link,
    ids: &HashSet<&ComponentId>,
    seen: &mut HashSet<(&'a ComponentId, &'a ComponentId)>,
) -> Vec<String> {
    let mut out = Vec::new();
    for (end, id) in [("from", &link.from), ("to", &link.to)] {
        if !ids.contains(id) {
            out.push(format!(
                "\"{end}\" names '{id}', which is not a component on this map"
            ));
        }
    }
    if link.from == link.to {
        out.push("a component cannot depend on itself".into());
    }
    if !seen.insert((&link.from, &link.to)) {
        out.push("duplicate link".into());
    }
    out
}

fn note_problems<'a>(note: &'a Note, seen: &mut HashSet<&'a str>) -> Vec<String> {
    let mut out = Vec::new();
    if !seen.insert(note.id.as_str()) {
        out.push(format!("duplicate id '{}'", note.id));
    }
    out.extend(unit_problem(note.visibility, "visibility"));
    out.extend(unit_problem(note.evolution, "evolution"));
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
