//! Semantic checks on a parsed map. Every problem is collected, each naming the
//! component, link or note it concerns.

use super::error::Problem;
use super::map::Map;
use std::collections::HashSet;

pub fn validate(map: &Map) -> Vec<Problem> {
    let mut problems = Vec::new();
    check_components(map, &mut problems);
    check_links(map, &mut problems);
    check_notes(map, &mut problems);
    check_settings(map, &mut problems);
    problems
}

fn check_unit(value: f64, what: &str, location: &str, problems: &mut Vec<Problem>) {
    if !value.is_finite() {
        problems.push(Problem::new(
            location,
            format!("{what} is not a finite number"),
        ));
    } else if !(0.0..=1.0).contains(&value) {
        problems.push(Problem::new(
            location,
            format!("{what} {value} is outside 0..1"),
        ));
    }
}

fn check_components(map: &Map, problems: &mut Vec<Problem>) {
    let mut seen = HashSet::new();
    let ids: HashSet<_> = map.components.iter().map(|c| &c.id).collect();
    for c in &map.components {
        let location = format!("component {}", c.describe());
        if c.id.as_str().trim().is_empty() {
            problems.push(Problem::new(&location, "id is empty"));
        } else if !seen.insert(&c.id) {
            problems.push(Problem::new(&location, format!("duplicate id '{}'", c.id)));
        }
        if c.name.trim().is_empty() {
            problems.push(Problem::new(&location, "name is empty"));
        }
        check_unit(c.visibility, "visibility", &location, problems);
        check_unit(c.evolution, "evolution", &location, problems);
        if let Some(cost) = c.annual_cost_gbp
            && !(cost.is_finite() && cost >= 0.0)
        {
            problems.push(Problem::new(
                &location,
                format!("annual cost {cost} must be zero or more"),
            ));
        }
        if let Some(evolve) = &c.evolve {
            if let Some(e) = evolve.evolution {
                check_unit(e, "evolve target", &location, problems);
            }
            if let Some(target) = &evolve.replaced_by {
                if target == &c.id {
                    problems.push(Problem::new(&location, "is marked as replaced by itself"));
                } else if !ids.contains(target) {
                    problems.push(Problem::new(
                        &location,
                        format!("is replaced by '{target}', which is not a component on this map"),
                    ));
                }
            }
        }
    }
}

fn check_links(map: &Map, problems: &mut Vec<Problem>) {
    let ids: HashSet<_> = map.components.iter().map(|c| &c.id).collect();
    let mut seen = HashSet::new();
    for link in &map.links {
        let location = format!("link {} -> {}", link.from, link.to);
        for (end, id) in [("from", &link.from), ("to", &link.to)] {
            if !ids.contains(id) {
                problems.push(Problem::new(
                    &location,
                    format!("\"{end}\" names '{id}', which is not a component on this map"),
                ));
            }
        }
        if link.from == link.to {
            problems.push(Problem::new(
                &location,
                "a component cannot depend on itself",
            ));
        }
        if !seen.insert((&link.from, &link.to)) {
            problems.push(Problem::new(&location, "duplicate link"));
        }
    }
}

fn check_notes(map: &Map, problems: &mut Vec<Problem>) {
    let mut seen = HashSet::new();
    for note in &map.notes {
        let location = format!("note {}", note.id);
        if !seen.insert(&note.id) {
            problems.push(Problem::new(
                &location,
                format!("duplicate id '{}'", note.id),
            ));
        }
        check_unit(note.visibility, "visibility", &location, problems);
        check_unit(note.evolution, "evolution", &location, problems);
    }
}

fn check_settings(map: &Map, problems: &mut Vec<Problem>) {
    let matrix = &map.settings.risk_matrix;
    for likelihood in super::component::Likelihood::ALL {
        if matrix.row(likelihood).iter().any(|r| !(1..=5).contains(r)) {
            problems.push(Problem::new(
                "settings.risk_matrix",
                format!(
                    "ratings for likelihood '{}' must each be 1 to 5",
                    likelihood.label()
                ),
            ));
        }
    }
    let w = &map.settings.score_weights;
    for (name, value) in [
        ("clinical", w.clinical),
        ("support", w.support),
        ("dependants", w.dependants),
        ("expiry", w.expiry),
    ] {
        if !(value.is_finite() && value >= 0.0) {
            problems.push(Problem::new(
                "settings.score_weights",
                format!("weight \"{name}\" is {value}; it must be zero or more"),
            ));
        }
    }
}
