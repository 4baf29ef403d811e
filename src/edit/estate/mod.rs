//! Merging disease-area maps into one estate map: each real system once, remembering
//! the areas it appears on (`areas`) and where it came from (`sources`), so merging an
//! updated area again updates the estate in place.
//!
//! Matching, in order, for each component of an area: the estate component that came
//! from the same area and id before; one whose name is the same ignoring case, spacing
//! and punctuation; one a decision accepted as the same system. Near matches (acronyms,
//! catalogue aliases, similar names, same supplier) are only proposed.
//!
//! Where merged records disagree, the estate keeps, and the conflict lists:
//! - status: the most cautious, furthest from supported: unsupported > shadow IT >
//!   extended support > supported. Unsupported is known to be out of support; shadow IT
//!   is outside the IT team's support altogether but may be a supported product;
//!   "unknown" means not yet assessed, so any assessed status replaces it, no conflict;
//! - end of support, contract end, planned date: the earliest (the soonest deadline);
//! - annual cost: the highest (no budget is understated);
//! - evolution (one stage, 0.25, apart) and visibility (0.5 apart): the first area's
//!   position;
//! - any other field: the first area's value.
//!
//! Tags are united, a missing description or field is filled from any area. A
//! component only one area has is that area's to change: merging that area again
//! replaces its fields.

pub mod matching;
pub mod remembered;
pub mod review;

use crate::model::catalogue::name_key;
use crate::model::fields::{FIELDS, FieldSpec, parse_cost};
use crate::model::{Component, ComponentId, Link, Map, Note, SourceRef, SupportStatus, now};
use matching::{near_match, same_name};
use remembered::SettledConflict;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};

/// What a reviewer said of a proposed match.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    Accept,
    Reject,
}

/// One side of a proposed match: a component by the area it is on and its name there.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Side {
    pub area: String,
    pub name: String,
}

impl Side {
    pub fn new(area: impl Into<String>, name: impl Into<String>) -> Self {
        Self {
            area: area.into(),
            name: name.into(),
        }
    }

    fn is(&self, area: &str, name: &str) -> bool {
        self.area.trim() == area.trim() && same_name(&self.name, name)
    }
}

/// Two estate components that may be one system.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct NearMatch {
    pub a: Side,
    pub b: Side,
    /// The estate components (the same one once accepted).
    pub a_id: ComponentId,
    pub b_id: ComponentId,
    pub score: f64,
    pub reason: String,
    pub decision: Option<Decision>,
}

/// Areas whose records of one component disagree on one field.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FieldConflict {
    pub id: ComponentId,
    /// The estate component's name.
    pub component: String,
    /// The field's file key (`status`, `end_of_support`, `evolution`, ...).
    pub field: String,
    /// Each source's value: an area title, or "estate" for what the estate held.
    pub values: Vec<(String, String)>,
    /// The value the estate keeps.
    pub chosen: String,
    /// How it was chosen ("most cautious status", "decided by reviewer", ...).
    pub rule: String,
    /// A decision settled it (kept the default or gave a value).
    pub decided: bool,
}

/// A reviewer's choice for one conflict: keep the chosen value (`value: None`) or use
/// another. `row` is where it came from, for messages (0 when not from a file).
#[derive(Clone, Debug, PartialEq)]
pub struct ValueDecision {
    pub component: String,
    pub field: String,
    pub value: Option<String>,
    pub row: usize,
}

/// Decisions on proposed matches and on conflicts, e.g. read from a reviewed CSV.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Decisions {
    pub matches: Vec<(Side, Side, Decision)>,
    pub values: Vec<ValueDecision>,
}

impl Decisions {
    pub fn decide(&mut self, a: Side, b: Side, decision: Decision) {
        self.matches.retain(|(x, y, _)| !same_pair(x, y, &a, &b));
        self.matches.push((a, b, decision));
    }

    /// The decision on a pair, either way round.
    pub fn on(&self, a: &Side, b: &Side) -> Option<Decision> {
        self.matches
            .iter()
            .rev()
            .find(|(x, y, _)| same_pair(x, y, a, b))
            .map(|(_, _, d)| *d)
    }
}

fn same_pair(x: &Side, y: &Side, a: &Side, b: &Side) -> bool {
    let is = |s: &Side, t: &Side| s.is(&t.area, &t.name);
    (is(x, a) && is(y, b)) || (is(x, b) && is(y, a))
}

#[derive(Clone, Debug, PartialEq)]
pub struct MergeOutcome {
    pub map: Map,
    /// Proposed matches, decided or not, best first.
    pub near_matches: Vec<NearMatch>,
    pub conflicts: Vec<FieldConflict>,
    /// What happened, one line each: per area, removals, decisions applied.
    pub report: Vec<String>,
    /// Decisions that could not be applied (unknown component, unreadable value).
    pub problems: Vec<String>,
}

impl MergeOutcome {
    /// Near matches and conflicts still waiting for a person.
    pub fn undecided(&self) -> usize {
        let matches = self.near_matches.iter().filter(|m| m.decision.is_none());
        let conflicts = self.conflicts.iter().filter(|c| !c.decided);
        matches.count() + conflicts.count()
    }
}

/// Merges `areas` (each an area's title and map, in order) into `estate` (or a new
/// estate). The result always passes `validate`.
pub fn merge_areas(
    estate: Option<&Map>,
    areas: &[(String, Map)],
    decisions: &Decisions,
) -> MergeOutcome {
    // The estate's remembered decisions, then these (which win where both speak).
    let mut all = estate.map(remembered::remembered).unwrap_or_default();
    let earlier = all.clone();
    for (a, b, d) in &decisions.matches {
        all.decide(a.clone(), b.clone(), *d);
    }
    all.values = decisions.values.clone();
    let mut merger = Merger::new(estate, areas);
    for (title, area) in areas {
        merger.merge_area(title.trim(), area, &all);
    }
    let settled = estate.map(remembered::settled).unwrap_or_default();
    let mut outcome = merger.finish(&all, &settled);
    // A pair rejected at an earlier merge, and not spoken of now, is not proposed again.
    let before = outcome.near_matches.len();
    outcome.near_matches.retain(|m| {
        m.decision != Some(Decision::Reject)
            || decisions.on(&m.a, &m.b).is_some()
            || earlier.on(&m.a, &m.b).is_none()
    });
    let hidden = before - outcome.near_matches.len();
    if hidden > 0 {
        outcome.report.push(format!(
            "{hidden} near match(es) rejected at an earlier merge not proposed again"
        ));
    }
    remembered::remember(&mut outcome.map, &all, &outcome.conflicts, &settled);
    outcome
}

/// An area's name in the estate: its map's title, else its file's name.
pub fn area_title(map: &Map, path: &std::path::Path) -> String {
    let title = map.title.trim();
    if title.is_empty() || title == Map::default().title {
        let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned());
        return stem.unwrap_or_else(|| title.to_string());
    }
    title.to_string()
}

/// Two areas with one name would be merged as one: say which.
pub fn duplicate_area(areas: &[(String, Map)]) -> Option<&str> {
    areas.iter().enumerate().find_map(|(i, (title, _))| {
        areas[..i]
            .iter()
            .any(|(t, _)| t.trim() == title.trim())
            .then_some(title.as_str())
    })
}

/// Evolution and visibility further apart than these are reported.
const EVOLUTION_APART: f64 = 0.25;
const VISIBILITY_APART: f64 = 0.5;
const POSITION: [&str; 2] = ["evolution", "visibility"];
/// Fields merged by their own rules, not through the field table.
const NOT_COMPARED: [&str; 4] = ["name", "tags", "description", "evolve.replaced_by"];
const ESTATE: &str = "estate";

#[derive(Clone, Copy, PartialEq)]
enum Via {
    Source,
    Name,
    Decision,
    New,
}

struct Merger {
    map: Map,
    /// The names each estate component has on each area (`areas` order).
    names: HashMap<ComponentId, Vec<(String, String)>>,
    /// Every value each source gave a field of a component, in merge order.
    values: BTreeMap<(ComponentId, String), Vec<(String, String)>>,
    accepted: Vec<NearMatch>,
    report: Vec<String>,
}

impl Merger {
    fn new(estate: Option<&Map>, areas: &[(String, Map)]) -> Self {
        let map = match estate {
            Some(map) => map.clone(),
            None => {
                let mut map = Map::new("Estate");
                if let Some((_, first)) = areas.first() {
                    map.settings = first.settings.clone();
                    map.organisation = first.organisation.clone();
                }
                map
            }
        };
        let names = map
            .components
            .iter()
            .map(|c| {
                let on = c.areas.iter().map(|a| (a.clone(), c.name.clone()));
                (c.id.clone(), on.collect())
            })
            .collect();
        Self {
            map,
            names,
            values: BTreeMap::new(),
            accepted: Vec::new(),
            report: Vec::new(),
        }
    }

    fn merge_area(&mut self, title: &str, area: &Map, decisions: &Decisions) {
        let had_area: Vec<ComponentId> = self
            .map
            .components
            .iter()
            .filter(|c| c.areas.iter().any(|a| a == title))
            .map(|c| c.id.clone())
            .collect();
        let mut by_source: HashMap<String, ComponentId> = HashMap::new();
        for c in &mut self.map.components {
            for s in c.sources.iter().filter(|s| s.source == title) {
                by_source.insert(s.id.clone(), c.id.clone());
            }
            c.sources.retain(|s| s.source != title);
        }
        // Pass 1: where each of the area's components goes.
        let mut claimed: HashSet<ComponentId> = HashSet::new();
        let mut placed: Vec<(ComponentId, Via)> = Vec::new();
        let mut id_map: HashMap<ComponentId, ComponentId> = HashMap::new();
        for c in &area.components {
            let (target, via) = self.place(title, c, &by_source, &claimed, decisions);
            claimed.insert(target.clone());
            id_map.insert(c.id.clone(), target.clone());
            placed.push((target, via));
        }
        // Pass 2: their fields, with references to other components remapped.
        let mut counts = [0usize; 4];
        for (c, (target, via)) in area.components.iter().zip(&placed) {
            let mut incoming = c.clone();
            incoming.areas.clear();
            incoming.sources.clear();
            remap_references(&mut incoming, &id_map);
            self.absorb(title, target, incoming, *via);
            let i = self.map.component_index(target).expect("placed");
            let comp = &mut self.map.components[i];
            if !comp.areas.iter().any(|a| a == title) {
                comp.areas.push(title.to_string());
            }
            comp.sources.push(SourceRef {
                source: title.to_string(),
                id: c.id.to_string(),
            });
            let names = self.names.entry(target.clone()).or_default();
            names.retain(|(a, _)| a != title);
            names.push((title.to_string(), c.name.clone()));
            counts[*via as usize] += 1;
        }
        self.merge_links(area, &id_map);
        self.merge_notes(area);
        self.report.push(format!(
            "{title}: {} components ({} new, {} matched by name, {} updated from this area before, {} matched by decision)",
            area.components.len(),
            counts[Via::New as usize],
            counts[Via::Name as usize],
            counts[Via::Source as usize],
            counts[Via::Decision as usize],
        ));
        for id in had_area.iter().filter(|id| !claimed.contains(*id)) {
            self.drop_area(id, title);
        }
    }

    fn place(
        &mut self,
        title: &str,
        c: &Component,
        by_source: &HashMap<String, ComponentId>,
        claimed: &HashSet<ComponentId>,
        decisions: &Decisions,
    ) -> (ComponentId, Via) {
        let free = |id: &ComponentId| !claimed.contains(id);
        if let Some(id) = by_source.get(c.id.as_str()).filter(|id| free(id))
            && self.map.component(id).is_some()
        {
            return (id.clone(), Via::Source);
        }
        let by_name = self.map.components.iter().find(|e| {
            free(&e.id)
                && (same_name(&e.name, &c.name) || self.named(&e.id, |_, n| same_name(n, &c.name)))
        });
        if let Some(e) = by_name {
            return (e.id.clone(), Via::Name);
        }
        let me = Side::new(title, c.name.clone());
        for (x, y, decision) in decisions.matches.iter().rev() {
            let partner = if x.is(title, &c.name) {
                y
            } else if y.is(title, &c.name) {
                x
            } else {
                continue;
            };
            if *decision != Decision::Accept || partner.area.trim() == title {
                continue;
            }
            let found = self
                .map
                .components
                .iter()
                .find(|e| free(&e.id) && self.named(&e.id, |a, n| partner.is(a, n)));
            if let Some(e) = found {
                let (score, reason) =
                    near_match(e, c).unwrap_or((0.0, "accepted by a reviewer".to_string()));
                self.accepted.push(NearMatch {
                    a: partner.clone(),
                    b: me,
                    a_id: e.id.clone(),
                    b_id: e.id.clone(),
                    score,
                    reason,
                    decision: Some(Decision::Accept),
                });
                return (e.id.clone(), Via::Decision);
            }
        }
        let id = self.map.allocate_component_id();
        let mut fresh = c.clone();
        fresh.id = id.clone();
        fresh.areas.clear();
        fresh.sources.clear();
        self.map.components.push(fresh);
        (id, Via::New)
    }

    /// Whether any of the names component `id` has on an area fits.
    fn named(&self, id: &ComponentId, fits: impl Fn(&str, &str) -> bool) -> bool {
        self.names
            .get(id)
            .is_some_and(|names| names.iter().any(|(a, n)| fits(a, n)))
    }

    /// Merges an area's record into the estate component `target`.
    fn absorb(&mut self, title: &str, target: &ComponentId, incoming: Component, via: Via) {
        let i = self.map.component_index(target).expect("placed");
        let own = self.map.components[i].areas.iter().all(|a| a == title);
        if via == Via::New || (via == Via::Source && own) {
            // The area's own component: its record is the truth; keep what only the
            // estate knew (fields the area leaves empty).
            let old = std::mem::replace(&mut self.map.components[i], incoming);
            let comp = &mut self.map.components[i];
            comp.id = old.id.clone();
            comp.areas = old.areas.clone();
            comp.sources = old.sources.clone();
            if via == Via::Source {
                fill_from(comp, &old);
            }
            for key in POSITION {
                self.values.remove(&(target.clone(), key.to_string()));
            }
            let comp = self.map.components[i].clone();
            for spec in compared_fields() {
                let key = (target.clone(), spec.key.to_string());
                self.values.remove(&key);
                if let Some(value) = shown(spec, &comp) {
                    self.values.insert(key, vec![(title.to_string(), value)]);
                }
            }
            for (key, value) in [
                ("evolution", comp.evolution),
                ("visibility", comp.visibility),
            ] {
                self.values.insert(
                    (target.clone(), key.into()),
                    vec![(title.into(), position(value))],
                );
            }
            return;
        }
        for spec in compared_fields() {
            let Some(value) = shown(spec, &incoming) else {
                continue;
            };
            let key = (target.clone(), spec.key.to_string());
            let comp = &mut self.map.components[i];
            let list = self.values.entry(key).or_default();
            if list.is_empty()
                && let Some(current) = shown(spec, comp)
            {
                list.push((ESTATE.to_string(), current));
            }
            list.push((title.to_string(), value));
            let (chosen, _) = choose(spec.key, list);
            // The chosen value is one the table showed, so it parses back.
            let _ = (spec.parse)(comp, &chosen);
        }
        for (key, value) in [
            ("evolution", incoming.evolution),
            ("visibility", incoming.visibility),
        ] {
            let comp = &self.map.components[i];
            let current = if key == "evolution" {
                comp.evolution
            } else {
                comp.visibility
            };
            let list = self.values.entry((target.clone(), key.into())).or_default();
            if list.is_empty() {
                list.push((ESTATE.into(), position(current)));
            }
            list.push((title.into(), position(value)));
        }
        let comp = &mut self.map.components[i];
        for tag in &incoming.tags {
            if !comp.tags.iter().any(|t| t.eq_ignore_ascii_case(tag)) {
                comp.tags.push(tag.clone());
            }
        }
        fill_from(comp, &incoming);
    }

    fn merge_links(&mut self, area: &Map, id_map: &HashMap<ComponentId, ComponentId>) {
        for link in &area.links {
            let (Some(from), Some(to)) = (id_map.get(&link.from), id_map.get(&link.to)) else {
                continue;
            };
            if from == to {
                continue;
            }
            match self
                .map
                .links
                .iter_mut()
                .find(|l| &l.from == from && &l.to == to)
            {
                Some(existing) => {
                    if existing.label.is_none() {
                        existing.label = link.label.clone();
                    }
                }
                None => self.map.links.push(Link {
                    from: from.clone(),
                    to: to.clone(),
                    ..link.clone()
                }),
            }
        }
    }

    fn merge_notes(&mut self, area: &Map) {
        for note in &area.notes {
            if self
                .map
                .notes
                .iter()
                .any(|n| n.text.trim() == note.text.trim())
            {
                continue;
            }
            let id = self.map.allocate_note_id();
            self.map.notes.push(Note { id, ..note.clone() });
        }
    }

    /// `id` is no longer on area `title`: it loses the area, and leaves the estate when
    /// no other area has it.
    fn drop_area(&mut self, id: &ComponentId, title: &str) {
        let Some(i) = self.map.component_index(id) else {
            return;
        };
        let comp = &mut self.map.components[i];
        comp.areas.retain(|a| a != title);
        if let Some(names) = self.names.get_mut(id) {
            names.retain(|(a, _)| a != title);
        }
        let name = comp.name.clone();
        if !comp.areas.is_empty() {
            self.report.push(format!(
                "'{name}' is no longer on {title}; kept for {}",
                comp.areas.join(", ")
            ));
            return;
        }
        self.report.push(format!(
            "'{name}' is no longer on {title} nor on any other area: removed from the estate"
        ));
        self.map.components.remove(i);
        self.map.links.retain(|l| &l.from != id && &l.to != id);
        for c in &mut self.map.components {
            if c.pipeline_of.as_ref() == Some(id) {
                c.pipeline_of = None;
            }
            if let Some(evolve) = &mut c.evolve
                && evolve.replaced_by.as_ref() == Some(id)
            {
                evolve.replaced_by = None;
            }
        }
        self.values.retain(|(c, _), _| c != id);
    }

    fn finish(mut self, decisions: &Decisions, settled: &[SettledConflict]) -> MergeOutcome {
        let mut conflicts = self.conflicts();
        let problems = self.apply_value_decisions(decisions, &mut conflicts);
        self.apply_settled(settled, &mut conflicts);
        let near_matches = self.near_matches(decisions);
        let areas: Vec<String> = {
            let mut seen = Vec::new();
            for c in &self.map.components {
                for a in &c.areas {
                    if !seen.contains(a) {
                        seen.push(a.clone());
                    }
                }
            }
            seen
        };
        if self.map.description.is_none() || self.map.title == "Estate" {
            self.map.description = Some(format!("Estate merged from: {}", areas.join(", ")));
        }
        self.map.modified = now();
        MergeOutcome {
            map: self.map,
            near_matches,
            conflicts,
            report: self.report,
            problems,
        }
    }

    fn conflicts(&self) -> Vec<FieldConflict> {
        let mut out = Vec::new();
        for comp in &self.map.components {
            for key in compared_fields().map(|s| s.key).chain(POSITION) {
                let Some(values) = self.values.get(&(comp.id.clone(), key.to_string())) else {
                    continue;
                };
                if !disagree(key, values) {
                    continue;
                }
                let (chosen, rule) = choose(key, values);
                out.push(FieldConflict {
                    id: comp.id.clone(),
                    component: comp.name.clone(),
                    field: key.to_string(),
                    values: values.clone(),
                    chosen,
                    rule: rule.to_string(),
                    decided: false,
                });
            }
        }
        out
    }

    fn apply_value_decisions(
        &mut self,
        decisions: &Decisions,
        conflicts: &mut [FieldConflict],
    ) -> Vec<String> {
        let mut problems = Vec::new();
        for d in &decisions.values {
            let at = if d.row > 0 {
                format!("row {}: ", d.row)
            } else {
                String::new()
            };
            let Some(i) = self
                .map
                .components
                .iter()
                .position(|c| same_name(&c.name, &d.component))
            else {
                problems.push(format!("{at}no component '{}' in the estate", d.component));
                continue;
            };
            let comp = &mut self.map.components[i];
            let applied = match &d.value {
                None => Ok(None),
                Some(value) => set_field(comp, &d.field, value).map(|_| Some(value.clone())),
            };
            match applied {
                Err(message) => problems.push(format!(
                    "{at}'{}' field '{}': {message}",
                    comp.name, d.field
                )),
                Ok(value) => {
                    let conflict = conflicts
                        .iter_mut()
                        .find(|c| c.id == comp.id && c.field == d.field);
                    if let Some(conflict) = conflict {
                        conflict.decided = true;
                        if let Some(value) = value {
                            conflict.chosen = value;
                            conflict.rule = "decided by a reviewer".into();
                        }
                    } else if let Some(value) = value {
                        self.report.push(format!(
                            "'{}' {} set to {value} by a decision",
                            comp.name, d.field
                        ));
                    }
                }
            }
        }
        problems
    }

    /// Conflicts undecided now that a reviewer settled at an earlier merge, with the
    /// areas disagreeing exactly as then, keep the value chosen then.
    fn apply_settled(&mut self, settled: &[SettledConflict], conflicts: &mut [FieldConflict]) {
        for conflict in conflicts.iter_mut().filter(|c| !c.decided) {
            let Some(earlier) = settled.iter().find(|s| s.settles(conflict)) else {
                continue;
            };
            let Some(comp) = self.map.components.iter_mut().find(|c| c.id == conflict.id) else {
                continue;
            };
            if earlier.chosen != conflict.chosen
                && set_field(comp, &conflict.field, &earlier.chosen).is_err()
            {
                continue;
            }
            conflict.decided = true;
            conflict.chosen = earlier.chosen.clone();
            conflict.rule = "decided by a reviewer at an earlier merge".into();
        }
    }

    fn near_matches(&self, decisions: &Decisions) -> Vec<NearMatch> {
        let mut out = self.accepted.clone();
        let comps = &self.map.components;
        for (i, a) in comps.iter().enumerate() {
            for b in &comps[i + 1..] {
                let apart = !a.areas.is_empty()
                    && !b.areas.is_empty()
                    && !a.areas.iter().any(|x| b.areas.contains(x));
                if !apart {
                    continue;
                }
                let Some((score, reason)) = near_match(a, b) else {
                    continue;
                };
                let (sa, sb) = (self.side(a), self.side(b));
                let decision = self.decision_on(decisions, a, b);
                out.push(NearMatch {
                    a: sa,
                    b: sb,
                    a_id: a.id.clone(),
                    b_id: b.id.clone(),
                    score,
                    reason,
                    decision,
                });
            }
        }
        out.sort_by(|x, y| y.score.total_cmp(&x.score));
        out
    }

    fn side(&self, c: &Component) -> Side {
        match self.names.get(&c.id).and_then(|n| n.first()) {
            Some((area, name)) => Side::new(area.clone(), name.clone()),
            None => Side::new(c.areas.first().cloned().unwrap_or_default(), c.name.clone()),
        }
    }

    fn decision_on(&self, decisions: &Decisions, a: &Component, b: &Component) -> Option<Decision> {
        let sides = |c: &Component| -> Vec<Side> {
            let mut out: Vec<Side> = self
                .names
                .get(&c.id)
                .map(|n| {
                    n.iter()
                        .map(|(a, n)| Side::new(a.clone(), n.clone()))
                        .collect()
                })
                .unwrap_or_default();
            out.extend(c.areas.iter().map(|a| Side::new(a.clone(), c.name.clone())));
            out
        };
        let (xs, ys) = (sides(a), sides(b));
        xs.iter()
            .flat_map(|x| ys.iter().map(move |y| (x, y)))
            .find_map(|(x, y)| decisions.on(x, y))
    }
}

/// The fields compared through the field table.
fn compared_fields() -> impl Iterator<Item = &'static FieldSpec> {
    FIELDS.iter().filter(|f| !NOT_COMPARED.contains(&f.key))
}

/// A field's value as the field table shows it, none when empty (an unassessed status
/// counts as empty).
fn shown(spec: &FieldSpec, c: &Component) -> Option<String> {
    if spec.key == "status" && c.status == SupportStatus::Unknown {
        return None;
    }
    let text = (spec.show)(c).trim().to_string();
    (!text.is_empty()).then_some(text)
}

fn position(value: f64) -> String {
    format!("{value:.2}")
}

/// Fills the fields `comp` leaves empty from `other`.
fn fill_from(comp: &mut Component, other: &Component) {
    if comp.description.is_none() {
        comp.description = other.description.clone();
    }
    let replaced = comp.evolve.as_ref().and_then(|e| e.replaced_by.clone());
    let other_replaced = other.evolve.as_ref().and_then(|e| e.replaced_by.clone());
    if replaced.is_none()
        && let Some(target) = other_replaced.filter(|t| t != &comp.id)
    {
        comp.evolve.get_or_insert_with(Default::default).replaced_by = Some(target);
    }
    if comp.tags.is_empty() {
        comp.tags = other.tags.clone();
    }
    for spec in compared_fields() {
        if shown(spec, comp).is_none()
            && let Some(value) = shown(spec, other)
        {
            let _ = (spec.parse)(comp, &value);
        }
    }
}

/// An area's ids in `replaced_by` and `pipeline_of` become estate ids (dropped when the
/// target is not on the area).
fn remap_references(c: &mut Component, id_map: &HashMap<ComponentId, ComponentId>) {
    c.pipeline_of = c.pipeline_of.as_ref().and_then(|p| id_map.get(p).cloned());
    if let Some(evolve) = &mut c.evolve {
        evolve.replaced_by = evolve
            .replaced_by
            .as_ref()
            .and_then(|r| id_map.get(r).cloned());
    }
}

fn disagree(key: &str, values: &[(String, String)]) -> bool {
    let numbers = || values.iter().filter_map(|(_, v)| v.parse::<f64>().ok());
    match key {
        "evolution" | "visibility" => {
            let apart = if key == "evolution" {
                EVOLUTION_APART
            } else {
                VISIBILITY_APART
            };
            let low = numbers().fold(f64::INFINITY, f64::min);
            let high = numbers().fold(f64::NEG_INFINITY, f64::max);
            high - low >= apart - 1e-9
        }
        _ => {
            let first = name_key(&values[0].1);
            values.iter().any(|(_, v)| name_key(v) != first)
        }
    }
}

/// The value kept for a field and the rule that chose it (see the module's comment).
fn choose(key: &str, values: &[(String, String)]) -> (String, &'static str) {
    let first = values[0].1.clone();
    match key {
        "status" => {
            let rank = |label: &str| {
                let order = [
                    SupportStatus::Supported,
                    SupportStatus::ExtendedSupport,
                    SupportStatus::ShadowIt,
                    SupportStatus::Unsupported,
                ];
                order
                    .iter()
                    .position(|s| s.label().eq_ignore_ascii_case(label))
            };
            let most = values
                .iter()
                .max_by_key(|(_, v)| rank(v))
                .map(|(_, v)| v.clone());
            (
                most.unwrap_or(first),
                "most cautious status (furthest from supported)",
            )
        }
        "end_of_support" | "contract_end" | "evolve.planned" => {
            let earliest = values.iter().map(|(_, v)| v).min().cloned();
            (earliest.unwrap_or(first), "earliest date")
        }
        "annual_cost_gbp" => {
            let cost = |v: &str| parse_cost(v).ok().flatten().unwrap_or(f64::NEG_INFINITY);
            let highest = values
                .iter()
                .max_by(|(_, x), (_, y)| cost(x).total_cmp(&cost(y)))
                .map(|(_, v)| v.clone());
            (highest.unwrap_or(first), "highest cost")
        }
        "evolution" | "visibility" => (first, "first area's position"),
        _ => (first, "first area's value"),
    }
}

/// Sets one field by its file key from text, as a reviewer typed it.
fn set_field(c: &mut Component, key: &str, value: &str) -> Result<(), String> {
    if POSITION.contains(&key) {
        let number: f64 = value
            .trim()
            .parse()
            .ok()
            .filter(|v: &f64| (0.0..=1.0).contains(v))
            .ok_or_else(|| format!("\u{201C}{value}\u{201D} is not a number from 0 to 1"))?;
        if key == "evolution" {
            c.evolution = number;
        } else {
            c.visibility = number;
        }
        return Ok(());
    }
    let spec = compared_fields()
        .find(|f| f.key == key)
        .ok_or_else(|| format!("'{key}' is not a field merging compares"))?;
    if key == "status" {
        // Files and the CLI write statuses as keys ("extended_support").
        if let Some(s) = SupportStatus::ALL.iter().find(|s| s.key() == value.trim()) {
            c.status = *s;
            return Ok(());
        }
    }
    (spec.parse)(c, value)
}

#[cfg(test)]
mod tests;
