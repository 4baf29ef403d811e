//! The estate as planned at a date (`docs/analysis.md`, "The map at a date").

use crate::analysis::Deadline;
use crate::model::{Action, Component, ComponentId, Map, SupportStatus};
use chrono::NaiveDate;
use serde_json::Value;
use std::collections::HashSet;

/// The component key marking a system in parallel running, about to be replaced: the
/// one place the scene (and anything else) learns a component is a ghost, through
/// [`is_ghost`]. Only ever set on the maps [`as_of`] returns, which are never saved.
pub const GHOST_KEY: &str = "plan_ghost";

/// Whether `c` is a replaced system still running in parallel with its replacement
/// (drawn as a ghost).
pub fn is_ghost(c: &Component) -> bool {
    c.extra.get(GHOST_KEY) == Some(&Value::Bool(true))
}

/// The estate as planned on `date`:
/// - a supported or extended-support system whose end of support is before `date` is
///   unsupported (as the register reads dates: support runs on its last day);
/// - steps take effect in date order: `set_status` and `move` from their `on` date (a
///   new status brings its own end of support, or none); a retired system is gone with
///   its links from `on`; a replaced system is a ghost ([`is_ghost`]) from
///   `parallel_from` to `parallel_to` inclusive and gone from the day after, when the
///   links of what depended on it move to its replacement;
/// - a new system (`plan.new_systems`) is absent, with its links, before its `from`.
///
/// The result has no plan (its steps name systems it may no longer hold), so it is a
/// valid map of its own. A map without a plan changes only by the dates passing.
pub fn as_of(map: &Map, date: NaiveDate) -> Map {
    let mut out = map.clone();
    let Some(plan) = out.plan.take() else {
        expire_support(&mut out, date);
        return out;
    };
    let mut gone: HashSet<ComponentId> = plan
        .new_systems
        .iter()
        .filter(|n| date < n.from)
        .map(|n| n.component.clone())
        .collect();
    let mut steps: Vec<&Action> = plan.steps().map(|(_, s)| &s.action).collect();
    steps.sort_by_key(|a| a.takes_effect());
    for action in steps {
        match action {
            Action::Replace {
                from,
                to,
                parallel_to,
                ..
            } => {
                if date > *parallel_to {
                    rewire(&mut out, from, to);
                    gone.insert(from.clone());
                } else if date >= action.begins()
                    && let Some(c) = out.component_mut(from)
                {
                    c.extra.insert(GHOST_KEY.into(), Value::Bool(true));
                }
            }
            Action::Retire { component, on } => {
                if date >= *on {
                    gone.insert(component.clone());
                }
            }
            Action::SetStatus {
                component,
                status,
                on,
                end_of_support,
                ..
            } => {
                if date >= *on
                    && let Some(c) = out.component_mut(component)
                {
                    c.status = *status;
                    c.end_of_support = *end_of_support;
                }
            }
            Action::Move {
                component,
                evolution,
                on,
            } => {
                if date >= *on
                    && let Some(c) = out.component_mut(component)
                {
                    c.evolution = *evolution;
                }
            }
        }
    }
    remove(&mut out, &gone);
    expire_support(&mut out, date);
    out
}

/// The estate if nothing is done: today's systems (no new ones), no steps.
pub fn do_nothing(map: &Map) -> Map {
    let mut out = map.clone();
    if let Some(plan) = out.plan.take() {
        let new: HashSet<ComponentId> = plan.new_systems.into_iter().map(|n| n.component).collect();
        remove(&mut out, &new);
    }
    out
}

/// Supported or extended support past its end of support: unsupported.
fn expire_support(map: &mut Map, date: NaiveDate) {
    for c in &mut map.components {
        let passed = c.end_of_support.is_some_and(|d| {
            Deadline {
                kind: crate::analysis::DeadlineKind::EndOfSupport,
                date: d,
            }
            .has_passed(date)
        });
        if passed
            && matches!(
                c.status,
                SupportStatus::Supported | SupportStatus::ExtendedSupport
            )
        {
            c.status = SupportStatus::Unsupported;
        }
    }
}

/// What depended on `from` depends on `to` instead.
fn rewire(map: &mut Map, from: &ComponentId, to: &ComponentId) {
    let moved: Vec<ComponentId> = map
        .links
        .iter()
        .filter(|l| &l.to == from && &l.from != to)
        .map(|l| l.from.clone())
        .collect();
    for dependant in moved {
        if !map.has_link(&dependant, to) {
            map.links
                .push(crate::model::Link::new(dependant, to.clone()));
        }
    }
}

/// Drops the components, their links and every reference to them.
fn remove(map: &mut Map, gone: &HashSet<ComponentId>) {
    if gone.is_empty() {
        return;
    }
    map.components.retain(|c| !gone.contains(&c.id));
    map.links
        .retain(|l| !gone.contains(&l.from) && !gone.contains(&l.to));
    for c in &mut map.components {
        if let Some(evolve) = &mut c.evolve
            && evolve
                .replaced_by
                .as_ref()
                .is_some_and(|r| gone.contains(r))
        {
            evolve.replaced_by = None;
        }
        if c.pipeline_of.as_ref().is_some_and(|p| gone.contains(p)) {
            c.pipeline_of = None;
        }
    }
}
