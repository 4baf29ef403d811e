//! Three-way merge of two people's edits of one map (what `git merge` asks a merge
//! driver for). Items are matched by stable id and merged field by field: edits of
//! different components or different fields combine; both sides' new components are
//! kept, one side renumbered when both used the same new id; a field changed differently
//! on both sides, or an item removed on one side and edited on the other, is a conflict.
//! On conflict the result keeps ours and records both values in `merge_conflicts`, so
//! the merged file is always a valid map.

use super::diff::{Parts, text_of};
use crate::model::{ConflictKind, Map, MergeConflict, validate};
use serde_json::{Map as JsonObject, Value};
use std::collections::{HashMap, HashSet};

type Object = JsonObject<String, Value>;

/// The merged map and what needed a person's decision.
#[derive(Debug)]
pub struct MergeOutcome {
    /// Valid, holding ours where the sides conflict, with `merge_conflicts` filled in.
    pub map: Map,
    /// The conflicts this merge found (the map also keeps any it already had).
    pub conflicts: Vec<MergeConflict>,
    /// Ids of theirs that were renumbered because ours used them for something else:
    /// (their id, new id).
    pub renumbered: Vec<(String, String)>,
}

impl MergeOutcome {
    pub fn is_clean(&self) -> bool {
        self.conflicts.is_empty()
    }
}

/// Merges `ours` and `theirs`, both edited from `base`.
pub fn merge(base: &Map, ours: &Map, theirs: &Map) -> Result<MergeOutcome, String> {
    let (b, o, mut t) = (Parts::of(base), Parts::of(ours), Parts::of(theirs));
    let renumbered = renumber_clashes(&b, &o, &mut t, [base, ours, theirs]);
    let mut conflicts = Vec::new();
    let components = merge_items(
        ConflictKind::Component,
        &b.components,
        &o.components,
        &t.components,
        |c| text_of(c, "name"),
        |id| id.clone(),
        &mut conflicts,
    );
    let notes = merge_items(
        ConflictKind::Note,
        &b.notes,
        &o.notes,
        &t.notes,
        |n| text_of(n, "text"),
        |id| id.clone(),
        &mut conflicts,
    );
    let ids: HashSet<String> = components.iter().map(|(id, _)| id.clone()).collect();
    let mut links = merge_items(
        ConflictKind::Link,
        &b.links,
        &o.links,
        &t.links,
        |_| String::new(),
        |(from, to)| format!("{from}->{to}"),
        &mut conflicts,
    );
    // A link to a component the other side removed cannot stay; it is kept as a conflict.
    links.retain(|((from, to), link)| {
        let keep = ids.contains(from) && ids.contains(to);
        if !keep {
            conflicts.push(MergeConflict {
                kind: ConflictKind::Link,
                id: format!("{from}->{to}"),
                name: String::new(),
                field: None,
                base: Value::Null,
                ours: Value::Null,
                theirs: Value::Object(link.clone()),
            });
        }
        keep
    });
    let mut components = components;
    drop_dangling_replacements(&mut components, &ids, &mut conflicts);
    let fields = merge_map_fields(&b.fields, &o.fields, &t.fields, &mut conflicts);
    let parts = Parts {
        fields,
        components,
        links,
        notes,
    };
    let mut map = parts.into_map()?;
    map.bump_next_id();
    for c in &conflicts {
        if !map.merge_conflicts.contains(c) {
            map.merge_conflicts.push(c.clone());
        }
    }
    let problems = validate(&map);
    if let Some(p) = problems.first() {
        return Err(format!("the merged map is not valid: {p}"));
    }
    Ok(MergeOutcome {
        map,
        conflicts,
        renumbered,
    })
}

/// Items new on both sides under the same id but different: theirs gets a fresh id, and
/// their links and replacement references follow it.
fn renumber_clashes(b: &Parts, o: &Parts, t: &mut Parts, maps: [&Map; 3]) -> Vec<(String, String)> {
    let mut next = maps
        .iter()
        .map(|m| {
            let mut m = (*m).clone();
            m.bump_next_id();
            m.next_id
        })
        .max()
        .unwrap_or(1);
    let clashes = |base: &[(String, Object)],
                   ours: &[(String, Object)],
                   theirs: &[(String, Object)]| {
        let in_base: HashSet<&String> = base.iter().map(|(id, _)| id).collect();
        let ours: HashMap<&String, &Object> = ours.iter().map(|(id, c)| (id, c)).collect();
        theirs
            .iter()
            .filter(|(id, item)| !in_base.contains(id) && ours.get(id).is_some_and(|o| o != &item))
            .map(|(id, _)| id.clone())
            .collect::<Vec<_>>()
    };
    let mut renamed = Vec::new();
    let component_clashes = clashes(&b.components, &o.components, &t.components);
    let note_clashes = clashes(&b.notes, &o.notes, &t.notes);
    let mut component_map = HashMap::new();
    for id in component_clashes {
        let fresh = format!("c{next}");
        next += 1;
        component_map.insert(id.clone(), fresh.clone());
        renamed.push((id, fresh));
    }
    let rename = |id: &mut String| {
        if let Some(fresh) = component_map.get(id.as_str()) {
            *id = fresh.clone();
        }
    };
    for (id, c) in &mut t.components {
        if let Some(fresh) = component_map.get(id.as_str()) {
            *id = fresh.clone();
            c.insert("id".into(), Value::String(fresh.clone()));
        }
        if let Some(Value::Object(evolve)) = c.get_mut("evolve")
            && let Some(Value::String(target)) = evolve.get_mut("replaced_by")
        {
            rename(target);
        }
    }
    for ((from, to), link) in &mut t.links {
        rename(from);
        rename(to);
        link.insert("from".into(), Value::String(from.clone()));
        link.insert("to".into(), Value::String(to.clone()));
    }
    for id in note_clashes {
        let fresh = format!("n{next}");
        next += 1;
        for (note_id, n) in &mut t.notes {
            if *note_id == id {
                *note_id = fresh.clone();
                n.insert("id".into(), Value::String(fresh.clone()));
            }
        }
        renamed.push((id, fresh));
    }
    renamed
}

/// Merges keyed lists: ours' order, then theirs' new items in theirs' order.
fn merge_items<K: Clone + Eq + std::hash::Hash>(
    kind: ConflictKind,
    base: &[(K, Object)],
    ours: &[(K, Object)],
    theirs: &[(K, Object)],
    name_of: impl Fn(&Object) -> String,
    id_of: impl Fn(&K) -> String,
    conflicts: &mut Vec<MergeConflict>,
) -> Vec<(K, Object)> {
    let base_by: HashMap<&K, &Object> = base.iter().map(|(k, v)| (k, v)).collect();
    let ours_by: HashMap<&K, &Object> = ours.iter().map(|(k, v)| (k, v)).collect();
    let theirs_by: HashMap<&K, &Object> = theirs.iter().map(|(k, v)| (k, v)).collect();
    let mut out = Vec::new();
    let removal_conflict = |item: &Object, key: &K, ours: Value, theirs: Value| MergeConflict {
        kind,
        id: id_of(key),
        name: name_of(item),
        field: None,
        base: base_by
            .get(key)
            .map_or(Value::Null, |b| Value::Object((*b).clone())),
        ours,
        theirs,
    };
    for (key, o) in ours {
        match (base_by.get(key), theirs_by.get(key)) {
            (_, Some(t)) => {
                let b = base_by.get(key).copied();
                let context = Context {
                    kind,
                    id: id_of(key),
                    name: name_of(o),
                };
                out.push((key.clone(), merge_objects(&context, "", b, o, t, conflicts)));
            }
            (Some(b), None) if *b == o => {} // theirs removed it, ours left it alone
            (Some(_), None) => {
                conflicts.push(removal_conflict(
                    o,
                    key,
                    Value::Object(o.clone()),
                    Value::Null,
                ));
                out.push((key.clone(), o.clone()));
            }
            (None, None) => out.push((key.clone(), o.clone())),
        }
    }
    for (key, t) in theirs {
        if ours_by.contains_key(key) {
            continue;
        }
        match base_by.get(key) {
            None => out.push((key.clone(), t.clone())),
            Some(b) if *b == t => {} // ours removed it, theirs left it alone
            Some(_) => conflicts.push(removal_conflict(
                t,
                key,
                Value::Null,
                Value::Object(t.clone()),
            )),
        }
    }
    out
}

/// Names the item a conflict is about.
struct Context {
    kind: ConflictKind,
    id: String,
    name: String,
}

/// Field by field; nested objects (a clinical risk, a plan) field by field too, so that
/// one person's likelihood and another's consequence combine.
fn merge_objects(
    context: &Context,
    prefix: &str,
    base: Option<&Object>,
    ours: &Object,
    theirs: &Object,
    conflicts: &mut Vec<MergeConflict>,
) -> Object {
    let empty = Object::new();
    let base = base.unwrap_or(&empty);
    let mut keys: Vec<&String> = ours.keys().collect();
    keys.extend(theirs.keys().filter(|k| !ours.contains_key(*k)));
    keys.extend(
        base.keys()
            .filter(|k| !ours.contains_key(*k) && !theirs.contains_key(*k)),
    );
    let mut out = Object::new();
    for key in keys {
        let (b, o, t) = (base.get(key), ours.get(key), theirs.get(key));
        let merged = if o == t || t == b {
            o.cloned()
        } else if o == b {
            t.cloned()
        } else if let (Some(Value::Object(oo)), Some(Value::Object(to))) = (o, t) {
            let bo = match b {
                Some(Value::Object(bo)) => Some(bo),
                _ => None,
            };
            let path = format!("{prefix}{key}.");
            Some(Value::Object(merge_objects(
                context, &path, bo, oo, to, conflicts,
            )))
        } else {
            conflicts.push(MergeConflict {
                kind: context.kind,
                id: context.id.clone(),
                name: context.name.clone(),
                field: Some(format!("{prefix}{key}")),
                base: b.cloned().unwrap_or(Value::Null),
                ours: o.cloned().unwrap_or(Value::Null),
                theirs: t.cloned().unwrap_or(Value::Null),
            });
            o.cloned()
        };
        if let Some(value) = merged {
            out.insert(key.clone(), value);
        }
    }
    out
}

/// A replacement that names a component no longer on the merged map is set aside as a
/// conflict rather than left dangling.
fn drop_dangling_replacements(
    components: &mut [(String, Object)],
    ids: &HashSet<String>,
    conflicts: &mut Vec<MergeConflict>,
) {
    for (id, c) in components {
        let name = text_of(c, "name");
        let Some(Value::Object(evolve)) = c.get_mut("evolve") else {
            continue;
        };
        let dangling = match evolve.get("replaced_by") {
            Some(Value::String(target)) => !ids.contains(target),
            _ => false,
        };
        if dangling {
            let target = evolve.remove("replaced_by").unwrap_or(Value::Null);
            conflicts.push(MergeConflict {
                kind: ConflictKind::Component,
                id: id.clone(),
                name,
                field: Some("evolve.replaced_by".into()),
                base: Value::Null,
                ours: Value::Null,
                theirs: target,
            });
        }
    }
}

/// The map's own fields: save time and id counter take the later and higher; earlier
/// conflicts of both sides are kept; the rest merge like a component's fields.
fn merge_map_fields(
    base: &Object,
    ours: &Object,
    theirs: &Object,
    conflicts: &mut Vec<MergeConflict>,
) -> Object {
    let special = ["modified", "next_id", "merge_conflicts"];
    let strip = |o: &Object| {
        let mut o = o.clone();
        for key in special {
            o.remove(key);
        }
        o
    };
    let context = Context {
        kind: ConflictKind::Map,
        id: String::new(),
        name: text_of(ours, "title"),
    };
    let mut out = merge_objects(
        &context,
        "",
        Some(&strip(base)),
        &strip(ours),
        &strip(theirs),
        conflicts,
    );
    let later = |key: &str| {
        let (o, t) = (text_of(ours, key), text_of(theirs, key));
        Value::String(if t > o { t } else { o })
    };
    out.insert("modified".into(), later("modified"));
    let count = |o: &Object| o.get("next_id").and_then(Value::as_u64).unwrap_or(0);
    out.insert("next_id".into(), count(ours).max(count(theirs)).into());
    // Earlier conflicts as a set: one that either side resolved since base stays resolved.
    let list = |o: &Object| match o.get("merge_conflicts") {
        Some(Value::Array(items)) => items.clone(),
        _ => Vec::new(),
    };
    let (b, o, t) = (list(base), list(ours), list(theirs));
    let mut earlier: Vec<Value> = o
        .iter()
        .filter(|c| t.contains(c) || !b.contains(c))
        .cloned()
        .collect();
    earlier.extend(
        t.iter()
            .filter(|c| !o.contains(c) && !b.contains(c))
            .cloned(),
    );
    if !earlier.is_empty() {
        out.insert("merge_conflicts".into(), Value::Array(earlier));
    }
    out
}
