//! What changed between two versions of a map, matched by stable id: a rename or a move
//! is a change, not a removal plus an addition. Fields are compared as they are written
//! in the file, so every field (including ones added later, or unknown ones kept from a
//! newer version) takes part without a list to keep up to date.

use crate::analysis::Analysis;
use crate::analysis::money::{LossRange, MoneyAnalysis};
use crate::model::{Component, ComponentId, Kind, Map, SupportStatus};
use serde::Serialize;
use serde_json::{Map as JsonObject, Value};
use std::collections::{BTreeMap, HashMap, HashSet};

/// Map-level keys that change on every save or edit and say nothing of the estate.
pub(super) const BOOKKEEPING: [&str; 3] = ["modified", "next_id", "created"];

/// One field whose value differs. `old` or `new` is `null` where the field is absent.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FieldChange {
    pub field: String,
    pub old: Value,
    pub new: Value,
}

/// A component added or removed, with everything it held.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ComponentEntry {
    pub id: String,
    pub name: String,
    pub component: Value,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ComponentChange {
    pub id: String,
    /// The new name (the old one is in `fields` when it was renamed).
    pub name: String,
    pub fields: Vec<FieldChange>,
}

/// A dependency link, `from` needing `to`, with everything it held.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LinkEntry {
    pub from: String,
    pub to: String,
    /// The components' names (in the new map for an added link, the old for a removed).
    pub from_name: String,
    pub to_name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    #[serde(skip)]
    pub link: Value,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LinkChange {
    pub from: String,
    pub to: String,
    pub fields: Vec<FieldChange>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct NoteEntry {
    pub id: String,
    pub text: String,
    #[serde(skip)]
    pub note: Value,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct NoteChange {
    pub id: String,
    pub fields: Vec<FieldChange>,
}

/// A component whose support status changed.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StatusChange {
    pub id: String,
    pub name: String,
    pub old: SupportStatus,
    pub new: SupportStatus,
}

/// A system or activity that is gone, and what took its place if the old map said.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Retired {
    pub id: String,
    pub name: String,
    pub replaced_by: Option<String>,
}

/// A system whose place in the risk register, score or expected loss changed.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RiskChange {
    pub id: String,
    pub name: String,
    /// Place in the register (1 = first; by expected loss when the map has service
    /// facts, else by score); none where the system is not on that version.
    pub old_rank: Option<usize>,
    pub new_rank: Option<usize>,
    pub old_score: Option<f64>,
    pub new_score: Option<f64>,
    /// Median expected loss, pounds a year, where the version has service facts.
    pub old_expected_loss_gbp: Option<f64>,
    pub new_expected_loss_gbp: Option<f64>,
}

/// What the changes mean, for a show-and-tell.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Summary {
    pub old_title: String,
    pub new_title: String,
    /// When each version was last changed (`modified` in the file).
    pub old_modified: String,
    pub new_modified: String,
    /// Systems and activities by status (user needs carry none), in legend order.
    pub status_before: BTreeMap<String, usize>,
    pub status_after: BTreeMap<String, usize>,
    pub retired: Vec<Retired>,
    pub status_changes: Vec<StatusChange>,
    /// Components whose position changed (ids).
    pub moved: Vec<String>,
    pub components_added: usize,
    pub components_removed: usize,
    pub components_changed: usize,
    /// Risk register changes, in the new register's order (removed systems last). Both
    /// versions are measured as of the newer one's date.
    pub register: Vec<RiskChange>,
    /// The whole estate's expected annual loss, where the version has service facts.
    pub estate_loss_before: Option<LossRange>,
    pub estate_loss_after: Option<LossRange>,
}

/// The differences between two maps. Component, link and note lists follow the new
/// map's order (removals the old map's).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MapDiff {
    pub added: Vec<ComponentEntry>,
    pub removed: Vec<ComponentEntry>,
    pub changed: Vec<ComponentChange>,
    pub links_added: Vec<LinkEntry>,
    pub links_removed: Vec<LinkEntry>,
    pub links_changed: Vec<LinkChange>,
    pub notes_added: Vec<NoteEntry>,
    pub notes_removed: Vec<NoteEntry>,
    pub notes_changed: Vec<NoteChange>,
    /// Title, organisation, settings and the rest of the map's own fields.
    pub map_changed: Vec<FieldChange>,
    pub summary: Summary,
}

impl MapDiff {
    /// True when the maps hold the same estate (save times and the id counter aside).
    pub fn is_empty(&self) -> bool {
        self.added.is_empty()
            && self.removed.is_empty()
            && self.changed.is_empty()
            && self.links_added.is_empty()
            && self.links_removed.is_empty()
            && self.links_changed.is_empty()
            && self.notes_added.is_empty()
            && self.notes_removed.is_empty()
            && self.notes_changed.is_empty()
            && self
                .map_changed
                .iter()
                .all(|c| BOOKKEEPING.contains(&c.field.as_str()))
    }
}

/// A map as the file writes it, split into its parts.
pub(super) struct Parts {
    pub fields: JsonObject<String, Value>,
    pub components: Vec<(String, JsonObject<String, Value>)>,
    pub links: Vec<((String, String), JsonObject<String, Value>)>,
    pub notes: Vec<(String, JsonObject<String, Value>)>,
}

pub(super) fn object(value: Value) -> JsonObject<String, Value> {
    match value {
        Value::Object(o) => o,
        _ => JsonObject::new(),
    }
}

pub(super) fn text_of(o: &JsonObject<String, Value>, key: &str) -> String {
    o.get(key).and_then(Value::as_str).unwrap_or("").to_string()
}

impl Parts {
    pub(super) fn of(map: &Map) -> Self {
        let mut fields = object(serde_json::to_value(map).expect("a map always serialises"));
        let list = |fields: &mut JsonObject<String, Value>, key: &str| match fields.remove(key) {
            Some(Value::Array(items)) => items.into_iter().map(object).collect::<Vec<_>>(),
            _ => Vec::new(),
        };
        let components = list(&mut fields, "components")
            .into_iter()
            .map(|c| (text_of(&c, "id"), c))
            .collect();
        let links = list(&mut fields, "links")
            .into_iter()
            .map(|l| ((text_of(&l, "from"), text_of(&l, "to")), l))
            .collect();
        let notes = list(&mut fields, "notes")
            .into_iter()
            .map(|n| (text_of(&n, "id"), n))
            .collect();
        Self {
            fields,
            components,
            links,
            notes,
        }
    }
}

/// Every key whose value differs between two objects, in sorted key order.
pub(super) fn field_changes(
    old: &JsonObject<String, Value>,
    new: &JsonObject<String, Value>,
) -> Vec<FieldChange> {
    let keys: std::collections::BTreeSet<&String> = old.keys().chain(new.keys()).collect();
    keys.into_iter()
        .filter_map(|key| {
            let (o, n) = (old.get(key), new.get(key));
            (o != n).then(|| FieldChange {
                field: key.clone(),
                old: o.cloned().unwrap_or(Value::Null),
                new: n.cloned().unwrap_or(Value::Null),
            })
        })
        .collect()
}

/// Pairs the items of two keyed lists: (added, removed, changed).
type Keyed<K> = Vec<(K, JsonObject<String, Value>)>;
type Compared<K> = (
    Vec<(K, JsonObject<String, Value>)>,
    Vec<(K, JsonObject<String, Value>)>,
    Vec<(K, JsonObject<String, Value>, Vec<FieldChange>)>,
);

fn compare<K: Clone + Eq + std::hash::Hash>(old: &Keyed<K>, new: &Keyed<K>) -> Compared<K> {
    let old_by_key: HashMap<&K, &JsonObject<String, Value>> =
        old.iter().map(|(k, v)| (k, v)).collect();
    let new_keys: HashSet<&K> = new.iter().map(|(k, _)| k).collect();
    let mut added = Vec::new();
    let mut changed = Vec::new();
    for (key, item) in new {
        match old_by_key.get(key) {
            None => added.push((key.clone(), item.clone())),
            Some(before) => {
                let fields = field_changes(before, item);
                if !fields.is_empty() {
                    changed.push((key.clone(), item.clone(), fields));
                }
            }
        }
    }
    let removed = old
        .iter()
        .filter(|(k, _)| !new_keys.contains(k))
        .cloned()
        .collect();
    (added, removed, changed)
}

pub fn diff(old: &Map, new: &Map) -> MapDiff {
    let (a, b) = (Parts::of(old), Parts::of(new));
    let (added, removed, changed) = compare(&a.components, &b.components);
    let entry = |(id, c): (String, JsonObject<String, Value>)| ComponentEntry {
        name: text_of(&c, "name"),
        id,
        component: Value::Object(c),
    };
    let link_entry = |map: &Map, ((from, to), l): ((String, String), JsonObject<String, Value>)| {
        let name = |id: &str| {
            map.component(&ComponentId::new(id))
                .map_or_else(|| id.to_string(), |c| c.name.clone())
        };
        LinkEntry {
            from_name: name(&from),
            to_name: name(&to),
            from,
            to,
            label: l.get("label").and_then(Value::as_str).map(str::to_string),
            link: Value::Object(l),
        }
    };
    let (links_added, links_removed, links_changed) = compare(&a.links, &b.links);
    let (notes_added, notes_removed, notes_changed) = compare(&a.notes, &b.notes);
    let note_entry = |(id, n): (String, JsonObject<String, Value>)| NoteEntry {
        text: text_of(&n, "text"),
        id,
        note: Value::Object(n),
    };
    let changed: Vec<ComponentChange> = changed
        .into_iter()
        .map(|(id, c, fields)| ComponentChange {
            id,
            name: text_of(&c, "name"),
            fields,
        })
        .collect();
    let summary = summarise(old, new, &changed);
    MapDiff {
        added: added.into_iter().map(entry).collect(),
        removed: removed.into_iter().map(entry).collect(),
        changed,
        links_added: links_added
            .into_iter()
            .map(|l| link_entry(new, l))
            .collect(),
        links_removed: links_removed
            .into_iter()
            .map(|l| link_entry(old, l))
            .collect(),
        links_changed: links_changed
            .into_iter()
            .map(|((from, to), _, fields)| LinkChange { from, to, fields })
            .collect(),
        notes_added: notes_added.into_iter().map(note_entry).collect(),
        notes_removed: notes_removed.into_iter().map(note_entry).collect(),
        notes_changed: notes_changed
            .into_iter()
            .map(|(id, _, fields)| NoteChange { id, fields })
            .collect(),
        map_changed: field_changes(&a.fields, &b.fields),
        summary,
    }
}

fn status_counts(map: &Map) -> BTreeMap<String, usize> {
    map.status_counts()
        .iter()
        .map(|(s, n)| (s.key().to_string(), *n))
        .collect()
}

fn summarise(old: &Map, new: &Map, changed: &[ComponentChange]) -> Summary {
    let new_ids: HashSet<&ComponentId> = new.components.iter().map(|c| &c.id).collect();
    let retired = old
        .components
        .iter()
        .filter(|c| c.kind != Kind::UserNeed && !new_ids.contains(&c.id))
        .map(|c| Retired {
            id: c.id.to_string(),
            name: c.name.clone(),
            replaced_by: replacement(c, new),
        })
        .collect();
    let mut status_changes = Vec::new();
    let mut moved = Vec::new();
    for change in changed {
        let id = ComponentId::new(change.id.clone());
        let (Some(before), Some(after)) = (old.component(&id), new.component(&id)) else {
            continue;
        };
        if before.status != after.status && after.kind != Kind::UserNeed {
            status_changes.push(StatusChange {
                id: change.id.clone(),
                name: after.name.clone(),
                old: before.status,
                new: after.status,
            });
        }
        if before.visibility != after.visibility || before.evolution != after.evolution {
            moved.push(change.id.clone());
        }
    }
    let old_ids: HashSet<&ComponentId> = old.components.iter().map(|c| &c.id).collect();
    let as_of = new.modified.date_naive();
    let (before, after) = (RiskView::of(old, as_of), RiskView::of(new, as_of));
    Summary {
        old_title: old.title.clone(),
        new_title: new.title.clone(),
        old_modified: old.modified.format("%Y-%m-%d").to_string(),
        new_modified: new.modified.format("%Y-%m-%d").to_string(),
        status_before: status_counts(old),
        status_after: status_counts(new),
        retired,
        status_changes,
        moved,
        components_added: new_ids.difference(&old_ids).count(),
        components_removed: old_ids.difference(&new_ids).count(),
        components_changed: changed.len(),
        register: register_changes(&before, &after),
        estate_loss_before: before.estate,
        estate_loss_after: after.estate,
    }
}

/// One version's register: per system id, its rank, score and expected loss.
struct RiskView {
    rows: Vec<(String, String, usize, f64, Option<f64>)>,
    estate: Option<LossRange>,
}

impl RiskView {
    fn of(map: &Map, as_of: chrono::NaiveDate) -> Self {
        let analysis = Analysis::new(map, as_of);
        let money = MoneyAnalysis::new(map, &analysis);
        let costed = money.has_service_facts();
        let mut rows = Vec::new();
        for (node, c) in map.components.iter().enumerate() {
            let facts = &analysis.components()[node];
            let rank = if costed { money.rank(node) } else { facts.rank };
            let Some(rank) = rank else { continue };
            let loss = money
                .system(node)
                .filter(|_| costed)
                .map(|m| m.expected_loss.median);
            rows.push((
                c.id.to_string(),
                c.name.clone(),
                rank,
                facts.score.total,
                loss,
            ));
        }
        rows.sort_by_key(|r| r.2);
        Self {
            rows,
            estate: costed.then(|| money.estate()),
        }
    }
}

fn register_changes(before: &RiskView, after: &RiskView) -> Vec<RiskChange> {
    let old: HashMap<&str, _> = before.rows.iter().map(|r| (r.0.as_str(), r)).collect();
    let new_ids: HashSet<&str> = after.rows.iter().map(|r| r.0.as_str()).collect();
    let mut out: Vec<RiskChange> = after
        .rows
        .iter()
        .filter_map(|(id, name, rank, score, loss)| {
            let was = old.get(id.as_str());
            let same = was.is_some_and(|w| w.2 == *rank && w.3 == *score && w.4 == *loss);
            (!same).then(|| RiskChange {
                id: id.clone(),
                name: name.clone(),
                old_rank: was.map(|w| w.2),
                new_rank: Some(*rank),
                old_score: was.map(|w| w.3),
                new_score: Some(*score),
                old_expected_loss_gbp: was.and_then(|w| w.4),
                new_expected_loss_gbp: *loss,
            })
        })
        .collect();
    out.extend(
        before
            .rows
            .iter()
            .filter(|r| !new_ids.contains(r.0.as_str()))
            .map(|(id, name, rank, score, loss)| RiskChange {
                id: id.clone(),
                name: name.clone(),
                old_rank: Some(*rank),
                new_rank: None,
                old_score: Some(*score),
                new_score: None,
                old_expected_loss_gbp: *loss,
                new_expected_loss_gbp: None,
            }),
    );
    out
}

/// The name of what replaced a retired component: the replacement the old map planned,
/// if it is on the new map.
fn replacement(retired: &Component, new: &Map) -> Option<String> {
    let target = retired.evolve.as_ref()?.replaced_by.as_ref()?;
    new.component(target).map(|c| c.name.clone())
}

/// `old` with `diff` applied: for a diff made by [`diff`] from `old` to some map, the
/// result holds what that map holds (new components, links and notes come after the ones
/// kept, in the order the diff lists them).
pub fn apply(old: &Map, diff: &MapDiff) -> Result<Map, String> {
    let mut parts = Parts::of(old);
    let removed: HashSet<&str> = diff.removed.iter().map(|e| e.id.as_str()).collect();
    parts
        .components
        .retain(|(id, _)| !removed.contains(id.as_str()));
    for change in &diff.changed {
        if let Some((_, c)) = parts.components.iter_mut().find(|(id, _)| id == &change.id) {
            set_fields(c, &change.fields);
        }
    }
    for entry in &diff.added {
        parts
            .components
            .push((entry.id.clone(), object(entry.component.clone())));
    }
    let gone: HashSet<(&str, &str)> = diff
        .links_removed
        .iter()
        .map(|l| (l.from.as_str(), l.to.as_str()))
        .collect();
    parts
        .links
        .retain(|((f, t), _)| !gone.contains(&(f.as_str(), t.as_str())));
    for change in &diff.links_changed {
        if let Some((_, l)) = parts
            .links
            .iter_mut()
            .find(|((f, t), _)| f == &change.from && t == &change.to)
        {
            set_fields(l, &change.fields);
        }
    }
    for entry in &diff.links_added {
        let key = (entry.from.clone(), entry.to.clone());
        parts.links.push((key, object(entry.link.clone())));
    }
    let gone: HashSet<&str> = diff.notes_removed.iter().map(|n| n.id.as_str()).collect();
    parts.notes.retain(|(id, _)| !gone.contains(id.as_str()));
    for change in &diff.notes_changed {
        if let Some((_, n)) = parts.notes.iter_mut().find(|(id, _)| id == &change.id) {
            set_fields(n, &change.fields);
        }
    }
    for entry in &diff.notes_added {
        parts
            .notes
            .push((entry.id.clone(), object(entry.note.clone())));
    }
    set_fields(&mut parts.fields, &diff.map_changed);
    parts.into_map()
}

impl Parts {
    pub(super) fn into_map(self) -> Result<Map, String> {
        let mut fields = self.fields;
        let list = |items: Vec<JsonObject<String, Value>>| {
            Value::Array(items.into_iter().map(Value::Object).collect())
        };
        fields.insert(
            "components".into(),
            list(self.components.into_iter().map(|(_, c)| c).collect()),
        );
        fields.insert(
            "links".into(),
            list(self.links.into_iter().map(|(_, l)| l).collect()),
        );
        fields.insert(
            "notes".into(),
            list(self.notes.into_iter().map(|(_, n)| n).collect()),
        );
        serde_json::from_value(Value::Object(fields)).map_err(|e| e.to_string())
    }
}

/// Sets each changed field to its new value (removing it where the new value is absent).
fn set_fields(target: &mut JsonObject<String, Value>, fields: &[FieldChange]) {
    for change in fields {
        if change.new.is_null() {
            target.remove(&change.field);
        } else {
            target.insert(change.field.clone(), change.new.clone());
        }
    }
}
