//! Commands: every way the UI may change a map. Each validates against the current map
//! and compiles to a primitive `Change`, so nothing half-applies.

use super::change::{Change, LinkKey, key};
use super::clipboard::Clipboard;
use super::error::EditError;
use super::selection::Selection;
use crate::model::fields;
use crate::model::{
    ClinicalRisk, Component, ComponentId, Consequence, Evolve, Fix, Hosting, Kind, Likelihood,
    Link, Map, Note, NoteId, RiskMatrix, ScoreWeights, Sourcing, SupportStatus,
};
use chrono::NaiveDate;
use std::collections::HashMap;

/// Where a map item sits: visibility (y, 1 at the top) and evolution (x).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Position {
    pub visibility: f64,
    pub evolution: f64,
}

impl Position {
    pub fn new(visibility: f64, evolution: f64) -> Self {
        Self {
            visibility,
            evolution,
        }
    }

    /// Keeps a dragged or pasted item on the map.
    pub fn clamped(self) -> Self {
        Self::new(clamp_unit(self.visibility), clamp_unit(self.evolution))
    }
}

fn clamp_unit(v: f64) -> f64 {
    if v.is_finite() {
        v.clamp(0.0, 1.0)
    } else {
        0.5
    }
}

/// One inspector field of a component, with its new value (`None` clears it).
#[derive(Clone, Debug, PartialEq)]
pub enum Field {
    Name(String),
    Kind(Kind),
    Status(SupportStatus),
    Description(Option<String>),
    Owner(Option<String>),
    Supplier(Option<String>),
    EndOfSupport(Option<NaiveDate>),
    ContractEnd(Option<NaiveDate>),
    BreakClause(Option<String>),
    AnnualCost(Option<f64>),
    Sourcing(Option<Sourcing>),
    Hosting(Option<Hosting>),
    Likelihood(Option<Likelihood>),
    Consequence(Option<Consequence>),
    Tags(Vec<String>),
    Inertia(bool),
    EvolveTo(Option<f64>),
    ReplacedBy(Option<ComponentId>),
    Planned(Option<NaiveDate>),
    /// Any field of the field table (`model::fields`) by file key, as typed.
    Text {
        key: &'static str,
        text: String,
    },
    /// The pipeline the component is a variant in (it takes that one's visibility).
    PipelineOf(Option<ComponentId>),
    /// Where the label sits from the marker, OWM `label [x, y]` (None: placed freely).
    LabelOffset(Option<[f64; 2]>),
    /// A pipeline's evolution span `[start, end]` (OWM `pipeline Name [start, end]`).
    PipelineSpan(Option<[f64; 2]>),
}

#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    AddComponent {
        name: String,
        kind: Kind,
        at: Position,
    },
    /// Absolute new positions; a drag sends one per frame inside one gesture.
    Move {
        components: Vec<(ComponentId, Position)>,
        notes: Vec<(NoteId, Position)>,
    },
    Rename {
        id: ComponentId,
        name: String,
    },
    SetStatus {
        ids: Vec<ComponentId>,
        status: SupportStatus,
    },
    SetKind {
        ids: Vec<ComponentId>,
        kind: Kind,
    },
    SetField {
        id: ComponentId,
        field: Field,
    },
    /// Deletes components with every link that touches them, and notes.
    Delete {
        components: Vec<ComponentId>,
        notes: Vec<NoteId>,
    },
    AddLink {
        from: ComponentId,
        to: ComponentId,
    },
    LabelLink {
        from: ComponentId,
        to: ComponentId,
        label: Option<String>,
    },
    DeleteLink {
        from: ComponentId,
        to: ComponentId,
    },
    /// Adds copies with fresh ids, shifted by `offset` and kept on the map.
    Paste {
        clipboard: Clipboard,
        offset: Position,
    },
    AddNote {
        text: String,
        at: Position,
    },
    EditNote {
        id: NoteId,
        text: String,
    },
    /// The Map properties dialog: title, organisation, author, description.
    SetProperties(MapProperties),
    /// One cell of the map's clinical risk matrix (map settings).
    SetRiskRating {
        likelihood: Likelihood,
        consequence: Consequence,
        rating: u8,
    },
    /// The weights of the map's risk score (map settings).
    SetScoreWeights(ScoreWeights),
    /// Back to the DCB0160 example matrix and the default weights.
    ResetRiskSettings,
    /// A one-click repair of a problem found when the map was opened.
    Repair(Fix),
    /// The whole map replaced in one step (a merge, a resolved merge conflict);
    /// `what` is the undo description.
    ReplaceMap {
        map: Box<Map>,
        what: String,
    },
    /// The map's groups replaced (a group collapsed, expanded, added or dropped);
    /// `what` is the undo description.
    SetGroups {
        groups: Vec<crate::model::Group>,
        what: String,
    },
    /// The map's plan replaced wholesale (the Plan panel's edits; none removes it);
    /// `what` is the undo description, e.g. "add phase 'Stabilise'".
    SetPlan {
        plan: Option<Box<crate::model::Plan>>,
        what: String,
    },
    /// The expected-loss model's settings, all at once (the Money settings dialog).
    SetMoneySettings(Box<crate::model::MoneySettings>),
    /// The map's numbered annotations, all at once (the Annotations window).
    SetAnnotations(Vec<crate::model::Annotation>),
    /// Where the annotations list sits, `[visibility, evolution]` (None: top left).
    SetAnnotationsBox(Option<crate::model::MapPoint>),
}

/// The map's descriptive fields, edited together in one undo step.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct MapProperties {
    pub title: String,
    pub organisation: Option<String>,
    pub author: Option<String>,
    pub description: Option<String>,
    /// Custom names of the four evolution stages (empty: the usual four).
    pub stage_labels: Vec<String>,
}

impl MapProperties {
    pub fn of(map: &Map) -> Self {
        Self {
            title: map.title.clone(),
            organisation: map.organisation.clone(),
            author: map.author.clone(),
            description: map.description.clone(),
            stage_labels: map.stage_labels.clone(),
        }
    }

    pub(super) fn write_to(self, map: &mut Map) {
        map.title = self.title;
        map.organisation = self.organisation;
        map.author = self.author;
        map.description = self.description;
        map.stage_labels = self.stage_labels;
    }
}

/// What a command produced that the UI may want to select or focus.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Outcome {
    pub created_components: Vec<ComponentId>,
    pub created_notes: Vec<NoteId>,
}

/// Which undo step a command of a gesture joins: consecutive commands with an equal
/// grouping make one step, until the gesture ends.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Coalesce {
    /// Dragging items on the canvas: one drag, one step.
    Drag,
    /// Arrow-key nudges of these items; another selection starts a new step.
    Nudge(Vec<ComponentId>, Vec<NoteId>),
    /// Typing into one field (its file key) of one component.
    Field(ComponentId, &'static str),
    /// Typing a link's label.
    LinkLabel(LinkKey),
    /// Typing a note's text.
    Note(NoteId),
    /// Dragging one map setting (named as its control is).
    Setting(String),
}

impl Command {
    /// What this command changed, to select after undo or redo (nothing for map-wide
    /// settings). `outcome` names what it created.
    pub fn touched(&self, outcome: &Outcome) -> Selection {
        let mut touched = Selection::default();
        let ids = |ids: &[ComponentId]| ids.iter().cloned().collect();
        match self {
            Command::AddComponent { .. } | Command::Paste { .. } | Command::AddNote { .. } => {
                touched.components = ids(&outcome.created_components);
                touched.notes = outcome.created_notes.iter().cloned().collect();
            }
            Command::Move { components, notes } => {
                touched.components = components.iter().map(|(id, _)| id.clone()).collect();
                touched.notes = notes.iter().map(|(id, _)| id.clone()).collect();
            }
            Command::Rename { id, .. } | Command::SetField { id, .. } => {
                touched.components.insert(id.clone());
            }
            Command::SetStatus { ids: list, .. } | Command::SetKind { ids: list, .. } => {
                touched.components = ids(list);
            }
            Command::Delete { components, notes } => {
                touched.components = ids(components);
                touched.notes = notes.iter().cloned().collect();
            }
            Command::AddLink { from, to }
            | Command::LabelLink { from, to, .. }
            | Command::DeleteLink { from, to } => touched.link = Some((from.clone(), to.clone())),
            Command::EditNote { id, .. } => {
                touched.notes.insert(id.clone());
            }
            Command::SetProperties(_)
            | Command::SetRiskRating { .. }
            | Command::SetScoreWeights(_)
            | Command::ResetRiskSettings
            | Command::Repair(_)
            | Command::ReplaceMap { .. }
            | Command::SetGroups { .. }
            | Command::SetPlan { .. }
            | Command::SetMoneySettings(_)
            | Command::SetAnnotations(_)
            | Command::SetAnnotationsBox(_) => {}
        }
        touched
    }

    /// A short description for the undo/redo tooltips.
    pub fn describe(&self) -> String {
        match self {
            Command::AddComponent { kind, .. } => format!("add {}", kind.label().to_lowercase()),
            Command::Move { components, notes } => plural("move", components.len() + notes.len()),
            Command::Rename { .. } => "rename".into(),
            Command::SetStatus { ids, status } => {
                format!(
                    "{} ({})",
                    plural("set status of", ids.len()),
                    status.label()
                )
            }
            Command::SetKind { ids, .. } => plural("set kind of", ids.len()),
            Command::SetField { .. } => "edit a field".into(),
            Command::Delete { components, notes } => {
                plural("delete", components.len() + notes.len())
            }
            Command::AddLink { .. } => "add link".into(),
            Command::LabelLink { .. } => "label link".into(),
            Command::DeleteLink { .. } => "delete link".into(),
            Command::Paste { clipboard, .. } => plural("paste", clipboard.components.len()),
            Command::AddNote { .. } => "add note".into(),
            Command::EditNote { .. } => "edit note".into(),
            Command::SetProperties(_) => "edit map properties".into(),
            Command::SetRiskRating {
                likelihood,
                consequence,
                rating,
            } => format!(
                "set risk rating ({} likelihood, {} consequence) to {rating}",
                likelihood.label().to_lowercase(),
                consequence.label().to_lowercase()
            ),
            Command::SetScoreWeights(_) => "change risk score weights".into(),
            Command::ResetRiskSettings => "reset risk settings to the defaults".into(),
            Command::Repair(fix) => format!("repair: {}", fix.label().to_lowercase()),
            Command::ReplaceMap { what, .. } => what.clone(),
            Command::SetGroups { what, .. } => what.clone(),
            Command::SetPlan { what, .. } => what.clone(),
            Command::SetMoneySettings(_) => "change money settings".into(),
            Command::SetAnnotations(_) => "edit annotations".into(),
            Command::SetAnnotationsBox(_) => "move the annotations list".into(),
        }
    }

    /// Checks the command against `map` and turns it into a change. Only `map.next_id`
    /// is touched here (new ids are never reused, even when the add is undone).
    pub fn compile(self, map: &mut Map) -> Result<(Change, Outcome), EditError> {
        let plain = |change| Ok((change, Outcome::default()));
        match self {
            Command::AddComponent { name, kind, at } => add_component(map, name, kind, at),
            Command::Move { components, notes } => plain(move_items(map, components, notes)?),
            Command::Rename { id, name } => plain(set_field(map, &id, Field::Name(name))?),
            Command::SetStatus { ids, status } => plain(update_each(map, &ids, |c| {
                c.status = status;
            })?),
            Command::SetKind { ids, kind } => plain(update_each(map, &ids, |c| c.kind = kind)?),
            Command::SetField { id, field } => plain(set_field(map, &id, field)?),
            Command::Delete { components, notes } => plain(delete(map, components, notes)?),
            Command::AddLink { from, to } => plain(add_link(map, from, to)?),
            Command::LabelLink { from, to, label } => plain(label_link(map, from, to, label)?),
            Command::DeleteLink { from, to } => {
                existing_link(map, &from, &to)?;
                plain(Change::Remove {
                    components: vec![],
                    links: vec![(from, to)],
                    notes: vec![],
                })
            }
            Command::Paste { clipboard, offset } => paste(map, clipboard, offset),
            Command::AddNote { text, at } => add_note(map, text, at),
            Command::EditNote { id, text } => plain(edit_note(map, &id, text)?),
            Command::SetProperties(properties) => {
                if properties.title.trim().is_empty() {
                    return Err(EditError::EmptyTitle);
                }
                plain(Change::ReplaceProperties(properties))
            }
            Command::SetRiskRating {
                likelihood,
                consequence,
                rating,
            } => plain(set_risk_rating(map, likelihood, consequence, rating)?),
            Command::SetScoreWeights(weights) => plain(set_score_weights(map, weights)?),
            Command::ResetRiskSettings => plain(Change::ReplaceRiskSettings {
                matrix: RiskMatrix::default(),
                weights: ScoreWeights::default(),
            }),
            Command::Repair(fix) => plain(repair(map, fix)),
            Command::ReplaceMap { map: new, .. } => plain(Change::ReplaceMap(new)),
            Command::SetGroups { groups, .. } => plain(Change::ReplaceGroups(groups)),
            Command::SetPlan { plan, .. } => plain(Change::ReplacePlan(plan)),
            Command::SetMoneySettings(money) => {
                let problems = crate::model::money_problems(&money);
                if let Some((_, message)) = problems.into_iter().next() {
                    return Err(EditError::BadField(message));
                }
                plain(Change::ReplaceMoneySettings(money))
            }
            Command::SetAnnotations(annotations) => {
                checked_annotations(&annotations)?;
                plain(Change::ReplaceAnnotations(annotations))
            }
            Command::SetAnnotationsBox(at) => {
                let on_map = |v: f64| v.is_finite() && (0.0..=1.0).contains(&v);
                if at.is_some_and(|[v, e]| !(on_map(v) && on_map(e))) {
                    return Err(EditError::BadField(
                        "the annotations list must lie on the map (0 to 1)".into(),
                    ));
                }
                plain(Change::ReplaceAnnotationsBox(at))
            }
        }
    }
}

fn plural(verb: &str, n: usize) -> String {
    match n {
        1 => format!("{verb} 1 item"),
        n => format!("{verb} {n} items"),
    }
}

fn component<'a>(map: &'a Map, id: &ComponentId) -> Result<&'a Component, EditError> {
    map.component(id)
        .ok_or_else(|| EditError::NoSuchComponent(id.to_string()))
}

fn checked_name(name: &str) -> Result<String, EditError> {
    let name = name.trim();
    if name.is_empty() {
        return Err(EditError::EmptyName);
    }
    Ok(name.to_string())
}

fn checked_position(at: Position) -> Result<Position, EditError> {
    for (what, value) in [("visibility", at.visibility), ("evolution", at.evolution)] {
        if !(value.is_finite() && (0.0..=1.0).contains(&value)) {
            return Err(EditError::OutOfRange { what, value });
        }
    }
    Ok(at)
}

fn add_component(
    map: &mut Map,
    name: String,
    kind: Kind,
    at: Position,
) -> Result<(Change, Outcome), EditError> {
    let name = checked_name(&name)?;
    let at = checked_position(at)?;
    let id = map.allocate_component_id();
    let component = Component::new(id.clone(), name, at.visibility, at.evolution).with_kind(kind);
    let change = Change::Insert {
        components: vec![(map.components.len(), component)],
        links: vec![],
        notes: vec![],
    };
    let outcome = Outcome {
        created_components: vec![id],
        ..Outcome::default()
    };
    Ok((change, outcome))
}

fn move_items(
    map: &Map,
    components: Vec<(ComponentId, Position)>,
    notes: Vec<(NoteId, Position)>,
) -> Result<Change, EditError> {
    if components.is_empty() && notes.is_empty() {
        return Err(EditError::NothingSelected);
    }
    let mut moved_notes = Vec::with_capacity(notes.len());
    for (id, at) in notes {
        let at = checked_position(at)?;
        let mut note = map
            .note(&id)
            .ok_or_else(|| EditError::NoSuchNote(id.to_string()))?
            .clone();
        note.visibility = at.visibility;
        note.evolution = at.evolution;
        moved_notes.push(note);
    }
    let mut moved = Vec::with_capacity(components.len());
    for (id, at) in components {
        let at = checked_position(at)?;
        let mut c = component(map, &id)?.clone();
        c.visibility = at.visibility;
        c.evolution = at.evolution;
        moved.push(c);
    }
    Ok(match (moved.is_empty(), moved_notes.is_empty()) {
        (false, true) => Change::ReplaceComponents(moved),
        (true, false) => Change::ReplaceNotes(moved_notes),
        _ => Change::Batch(vec![
            Change::ReplaceComponents(moved),
            Change::ReplaceNotes(moved_notes),
        ]),
    })
}

fn update_each(
    map: &Map,
    ids: &[ComponentId],
    update: impl Fn(&mut Component),
) -> Result<Change, EditError> {
    if ids.is_empty() {
        return Err(EditError::NothingSelected);
    }
    let mut changed = Vec::with_capacity(ids.len());
    for id in ids {
        let mut c = component(map, id)?.clone();
        update(&mut c);
        changed.push(c);
    }
    Ok(Change::ReplaceComponents(changed))
}

/// Text fields: surrounding spaces dropped, and an empty field clears the value.
fn cleaned(text: Option<String>) -> Option<String> {
    text.map(|t| t.trim().to_string()).filter(|t| !t.is_empty())
}

fn set_field(map: &Map, id: &ComponentId, field: Field) -> Result<Change, EditError> {
    let mut c = component(map, id)?.clone();
    match field {
        Field::Name(name) => c.name = checked_name(&name)?,
        Field::Kind(kind) => c.kind = kind,
        Field::Status(status) => c.status = status,
        Field::Description(text) => c.description = cleaned(text),
        Field::Owner(text) => c.owner = cleaned(text),
        Field::Supplier(text) => c.supplier = cleaned(text),
        Field::EndOfSupport(date) => c.end_of_support = date,
        Field::ContractEnd(date) => c.contract_end = date,
        Field::BreakClause(text) => c.break_clause = cleaned(text),
        Field::AnnualCost(cost) => {
            if let Some(cost) = cost
                && !(cost.is_finite() && cost >= 0.0)
            {
                return Err(EditError::BadCost(cost));
            }
            c.annual_cost_gbp = cost;
        }
        Field::Sourcing(s) => c.sourcing = s,
        Field::Hosting(h) => c.hosting = h,
        Field::Likelihood(l) => set_risk(&mut c, |r| r.likelihood = l),
        Field::Consequence(q) => set_risk(&mut c, |r| r.consequence = q),
        Field::Tags(tags) => c.tags = clean_tags(tags),
        Field::Inertia(on) => c.inertia = on,
        Field::EvolveTo(target) => {
            if let Some(t) = target {
                checked_position(Position::new(0.5, t)).map_err(|_| EditError::OutOfRange {
                    what: "evolve target",
                    value: t,
                })?;
            }
            set_evolve(&mut c, |e| e.evolution = target);
        }
        Field::ReplacedBy(target) => {
            if let Some(t) = &target {
                if t == id {
                    return Err(EditError::ReplacedBySelf(c.name.clone()));
                }
                component(map, t)?;
            }
            set_evolve(&mut c, |e| e.replaced_by = target);
        }
        Field::Planned(date) => set_evolve(&mut c, |e| e.planned = date),
        Field::Text { key, text } => {
            let spec = fields::field(key).ok_or(EditError::NoSuchField(key))?;
            (spec.parse)(&mut c, &text).map_err(EditError::BadField)?;
            let replaced_by = c.evolve.as_ref().and_then(|e| e.replaced_by.as_ref());
            if let Some(target) = replaced_by.filter(|_| key == "evolve.replaced_by") {
                if target == id {
                    return Err(EditError::ReplacedBySelf(c.name.clone()));
                }
                component(map, target)?;
            }
        }
        Field::PipelineOf(parent) => {
            if let Some(p) = &parent {
                if p == id {
                    return Err(EditError::BadField(format!(
                        "'{}' cannot be a variant in its own pipeline",
                        c.name
                    )));
                }
                let pipe = component(map, p)?;
                if pipe.pipeline.is_none() {
                    return Err(EditError::BadField(format!(
                        "'{}' is not a pipeline",
                        pipe.name
                    )));
                }
                c.visibility = pipe.visibility;
            }
            c.pipeline_of = parent;
        }
        Field::LabelOffset(offset) => {
            if offset.is_some_and(|o| !o.iter().all(|v| v.is_finite())) {
                return Err(EditError::BadField(
                    "a label offset must be two numbers".into(),
                ));
            }
            c.label_offset = offset;
        }
        Field::PipelineSpan(span) => {
            let Some(pipe) = c.pipeline.as_mut() else {
                return Err(EditError::BadField(format!(
                    "'{}' is not a pipeline",
                    c.name
                )));
            };
            if let Some([start, end]) = span {
                let on_map = |v: f64| v.is_finite() && (0.0..=1.0).contains(&v);
                if !(on_map(start) && on_map(end) && start < end) {
                    return Err(EditError::BadField(format!(
                        "a pipeline's span runs from a start to a later end between 0 and 1 \
                         ({start} to {end} does not)"
                    )));
                }
            }
            pipe.span = span;
        }
    }
    Ok(Change::ReplaceComponents(vec![c]))
}

fn set_risk(c: &mut Component, update: impl FnOnce(&mut ClinicalRisk)) {
    let mut risk = c.clinical_risk.unwrap_or_default();
    update(&mut risk);
    c.clinical_risk = (risk != ClinicalRisk::default()).then_some(risk);
}

fn set_evolve(c: &mut Component, update: impl FnOnce(&mut Evolve)) {
    let mut evolve = c.evolve.take().unwrap_or_default();
    update(&mut evolve);
    c.evolve = (evolve != Evolve::default()).then_some(evolve);
}

/// Trimmed, non-empty and each tag once, in the order typed.
fn clean_tags(tags: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(tags.len());
    for tag in tags {
        let tag = tag.trim().to_string();
        if !tag.is_empty() && !out.contains(&tag) {
            out.push(tag);
        }
    }
    out
}

fn delete(
    map: &Map,
    components: Vec<ComponentId>,
    notes: Vec<NoteId>,
) -> Result<Change, EditError> {
    if components.is_empty() && notes.is_empty() {
        return Err(EditError::NothingSelected);
    }
    for id in &components {
        component(map, id)?;
    }
    for id in &notes {
        map.note(id)
            .ok_or_else(|| EditError::NoSuchNote(id.to_string()))?;
    }
    let links: Vec<LinkKey> = map
        .links
        .iter()
        .filter(|l| components.contains(&l.from) || components.contains(&l.to))
        .map(key)
        .collect();
    // Plan steps naming a deleted system go with it (undo brings them back), so the map
    // never holds a plan that names what is not there.
    let plan = map.plan.as_ref().and_then(|_| {
        let mut after = Map::new("");
        after.components = map
            .components
            .iter()
            .filter(|c| !components.contains(&c.id))
            .cloned()
            .collect();
        after.plan = map.plan.clone();
        crate::model::drop_dangling_plan_steps(&mut after);
        (after.plan != map.plan).then(|| after.plan.map(Box::new))
    });
    let remove = Change::Remove {
        components,
        links,
        notes,
    };
    Ok(match plan {
        Some(plan) => Change::Batch(vec![remove, Change::ReplacePlan(plan)]),
        None => remove,
    })
}

fn add_link(map: &Map, from: ComponentId, to: ComponentId) -> Result<Change, EditError> {
    let from_name = component(map, &from)?.name.clone();
    let to_name = component(map, &to)?.name.clone();
    if from == to {
        return Err(EditError::SelfLink(from_name));
    }
    if map.has_link(&from, &to) {
        return Err(EditError::DuplicateLink {
            from: from_name,
            to: to_name,
        });
    }
    Ok(Change::Insert {
        components: vec![],
        links: vec![(map.links.len(), Link::new(from, to))],
        notes: vec![],
    })
}

fn existing_link<'a>(
    map: &'a Map,
    from: &ComponentId,
    to: &ComponentId,
) -> Result<&'a Link, EditError> {
    map.links
        .iter()
        .find(|l| &l.from == from && &l.to == to)
        .ok_or_else(|| EditError::NoSuchLink {
            from: name_or_id(map, from),
            to: name_or_id(map, to),
        })
}

fn name_or_id(map: &Map, id: &ComponentId) -> String {
    map.component(id)
        .map_or_else(|| id.to_string(), |c| c.name.clone())
}

fn label_link(
    map: &Map,
    from: ComponentId,
    to: ComponentId,
    label: Option<String>,
) -> Result<Change, EditError> {
    let mut link = existing_link(map, &from, &to)?.clone();
    link.label = cleaned(label);
    Ok(Change::ReplaceLinks(vec![link]))
}

fn paste(
    map: &mut Map,
    clipboard: Clipboard,
    offset: Position,
) -> Result<(Change, Outcome), EditError> {
    if clipboard.components.is_empty() {
        return Err(EditError::NothingToPaste);
    }
    let mut new_ids = HashMap::new();
    let mut components = Vec::with_capacity(clipboard.components.len());
    for mut c in clipboard.components {
        let id = map.allocate_component_id();
        new_ids.insert(c.id.clone(), id.clone());
        c.id = id;
        c.name = checked_name(&c.name)?;
        let at = Position::new(
            c.visibility + offset.visibility,
            c.evolution + offset.evolution,
        )
        .clamped();
        c.visibility = at.visibility;
        c.evolution = at.evolution;
        // A replacement outside the pasted set would point at the original: drop it.
        if let Some(evolve) = &mut c.evolve {
            evolve.replaced_by = evolve
                .replaced_by
                .as_ref()
                .and_then(|t| new_ids.get(t).cloned());
        }
        components.push(c);
    }
    // A pipeline variant follows its pipeline when that is pasted too.
    for c in &mut components {
        c.pipeline_of = c.pipeline_of.as_ref().and_then(|p| new_ids.get(p).cloned());
    }
    let links: Vec<Link> = clipboard
        .links
        .into_iter()
        .filter_map(|mut l| {
            l.from = new_ids.get(&l.from)?.clone();
            l.to = new_ids.get(&l.to)?.clone();
            (l.from != l.to).then_some(l)
        })
        .collect();
    let created_components: Vec<ComponentId> = components.iter().map(|c| c.id.clone()).collect();
    let change = Change::Insert {
        components: appended(map.components.len(), components),
        links: appended(map.links.len(), links),
        notes: vec![],
    };
    let outcome = Outcome {
        created_components,
        ..Outcome::default()
    };
    Ok((change, outcome))
}

fn appended<T>(start: usize, items: Vec<T>) -> Vec<(usize, T)> {
    items
        .into_iter()
        .enumerate()
        .map(|(i, item)| (start + i, item))
        .collect()
}

fn checked_note_text(text: &str) -> Result<String, EditError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(EditError::EmptyNote);
    }
    Ok(text.to_string())
}

fn add_note(map: &mut Map, text: String, at: Position) -> Result<(Change, Outcome), EditError> {
    let text = checked_note_text(&text)?;
    let at = checked_position(at)?;
    let id = map.allocate_note_id();
    let note = Note {
        id: id.clone(),
        text,
        visibility: at.visibility,
        evolution: at.evolution,
        extra: Default::default(),
    };
    let change = Change::Insert {
        components: vec![],
        links: vec![],
        notes: vec![(map.notes.len(), note)],
    };
    let outcome = Outcome {
        created_notes: vec![id],
        ..Outcome::default()
    };
    Ok((change, outcome))
}

fn edit_note(map: &Map, id: &NoteId, text: String) -> Result<Change, EditError> {
    let mut note = map
        .note(id)
        .ok_or_else(|| EditError::NoSuchNote(id.to_string()))?
        .clone();
    note.text = checked_note_text(&text)?;
    Ok(Change::ReplaceNotes(vec![note]))
}

/// Annotation numbers are unique and at least 1; their points lie on the map.
fn checked_annotations(annotations: &[crate::model::Annotation]) -> Result<(), EditError> {
    let mut seen = std::collections::HashSet::new();
    for a in annotations {
        if a.number == 0 || !seen.insert(a.number) {
            return Err(EditError::BadField(format!(
                "annotation numbers must be unique and start at 1 ({} is not)",
                a.number
            )));
        }
        let on_map = |v: f64| v.is_finite() && (0.0..=1.0).contains(&v);
        if !a.points.iter().all(|p| on_map(p[0]) && on_map(p[1])) {
            return Err(EditError::BadField(format!(
                "annotation {}'s points must lie on the map (0 to 1)",
                a.number
            )));
        }
    }
    Ok(())
}

fn set_risk_rating(
    map: &Map,
    likelihood: Likelihood,
    consequence: Consequence,
    rating: u8,
) -> Result<Change, EditError> {
    if !(1..=5).contains(&rating) {
        return Err(EditError::BadRating(rating));
    }
    let mut matrix: RiskMatrix = map.settings.risk_matrix.clone();
    matrix.row_mut(likelihood)[consequence.index()] = rating;
    Ok(Change::ReplaceRiskSettings {
        matrix,
        weights: map.settings.score_weights.clone(),
    })
}

fn set_score_weights(map: &Map, weights: ScoreWeights) -> Result<Change, EditError> {
    let named = [
        ("clinical", weights.clinical),
        ("support", weights.support),
        ("dependants", weights.dependants),
        ("expiry", weights.expiry),
    ];
    for (what, value) in named {
        if !(value.is_finite() && value >= 0.0) {
            return Err(EditError::BadWeight { what, value });
        }
    }
    Ok(Change::ReplaceRiskSettings {
        matrix: map.settings.risk_matrix.clone(),
        weights,
    })
}

/// Repairs replace whole lists: with duplicate ids a record cannot be found by its id.
fn repair(map: &mut Map, fix: Fix) -> Change {
    let mut repaired = map.clone();
    fix.apply(&mut repaired);
    map.next_id = repaired.next_id;
    Change::Batch(vec![
        Change::ReplaceLists {
            components: repaired.components,
            links: repaired.links,
            notes: repaired.notes,
        },
        Change::ReplaceRiskSettings {
            matrix: repaired.settings.risk_matrix,
            weights: repaired.settings.score_weights,
        },
    ])
}
