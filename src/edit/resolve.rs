//! Resolving one conflict a three-way merge recorded in `Map::merge_conflicts`: keep
//! ours (the map already holds it) or take theirs (written into the map's JSON, which
//! is then read and checked like a file). Either way the record is dropped.

use crate::model::{ConflictKind, Map, MergeConflict, from_json_value, to_json_bytes};
use serde_json::Value;

/// The map with conflict `index` resolved; an error says why theirs cannot be taken.
pub fn resolve(map: &Map, index: usize, take_theirs: bool) -> Result<Map, String> {
    let conflict = map
        .merge_conflicts
        .get(index)
        .ok_or_else(|| format!("there is no merge conflict number {}", index + 1))?
        .clone();
    let mut resolved = map.clone();
    resolved.merge_conflicts.remove(index);
    if !take_theirs {
        return Ok(resolved);
    }
    let mut json: Value = serde_json::from_slice(&to_json_bytes(&resolved))
        .map_err(|e| format!("the map cannot be read back: {e}"))?;
    let root = json.as_object_mut().ok_or("the map is not a JSON object")?;
    let list = match conflict.kind {
        ConflictKind::Component => Some("components"),
        ConflictKind::Note => Some("notes"),
        ConflictKind::Link => Some("links"),
        ConflictKind::Map => None,
    };
    let target = match list {
        None => Some(root),
        Some(list) => {
            let items = root
                .entry(list)
                .or_insert_with(|| Value::Array(Vec::new()))
                .as_array_mut()
                .ok_or_else(|| format!("'{list}' is not a list"))?;
            let position = items.iter().position(|item| key_of(item) == conflict.id);
            match (&conflict.field, position) {
                // The whole item: theirs removed it (null) or theirs is the item.
                (None, Some(i)) if conflict.theirs.is_null() => {
                    items.remove(i);
                    None
                }
                (None, Some(i)) => {
                    items[i] = conflict.theirs.clone();
                    None
                }
                (None, None) => {
                    if !conflict.theirs.is_null() {
                        items.push(conflict.theirs.clone());
                    }
                    None
                }
                (Some(_), Some(i)) => items[i].as_object_mut(),
                (Some(_), None) => {
                    return Err(format!(
                        "'{}' is no longer on the map: keep ours instead",
                        name_or_id(&conflict)
                    ));
                }
            }
        }
    };
    if let (Some(object), Some(field)) = (target, &conflict.field) {
        set_path(object, field, conflict.theirs.clone());
    }
    from_json_value(json).map_err(|e| {
        format!(
            "taking theirs for '{}' would make the map invalid ({e}): keep ours instead",
            name_or_id(&conflict)
        )
    })
}

fn name_or_id(conflict: &MergeConflict) -> &str {
    if conflict.name.is_empty() {
        &conflict.id
    } else {
        &conflict.name
    }
}

/// An item's id as conflicts name it (`FROM->TO` for a link).
fn key_of(item: &Value) -> String {
    let text = |k: &str| {
        item.get(k)
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string()
    };
    match item.get("id") {
        Some(_) => text("id"),
        None => format!("{}->{}", text("from"), text("to")),
    }
}

/// Sets a dotted field (`evolve.replaced_by`); `null` removes it.
fn set_path(object: &mut serde_json::Map<String, Value>, path: &str, value: Value) {
    match path.split_once('.') {
        Some((head, rest)) => {
            let child = object
                .entry(head)
                .or_insert_with(|| Value::Object(Default::default()));
            if let Some(child) = child.as_object_mut() {
                set_path(child, rest, value);
                if child.is_empty() {
                    object.remove(head);
                }
            }
        }
        None if value.is_null() => {
            object.remove(path);
        }
        None => {
            object.insert(path.to_string(), value);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::merge3::merge;
    use crate::model::{Component, SupportStatus};

    fn three() -> (Map, Map, Map) {
        let mut base = Map::new("t");
        let id = base.allocate_component_id();
        base.components.push(Component::new(id, "EPR", 0.5, 0.5));
        let mut ours = base.clone();
        ours.components[0].status = SupportStatus::Unsupported;
        let mut theirs = base.clone();
        theirs.components[0].status = SupportStatus::ExtendedSupport;
        (base, ours, theirs)
    }

    #[test]
    fn take_theirs_sets_the_field_and_keep_ours_only_drops_the_record() {
        let (base, ours, theirs) = three();
        let merged = merge(&base, &ours, &theirs).unwrap().map;
        assert_eq!(merged.merge_conflicts.len(), 1);
        let taken = resolve(&merged, 0, true).unwrap();
        assert_eq!(taken.components[0].status, SupportStatus::ExtendedSupport);
        assert!(taken.merge_conflicts.is_empty());
        let kept = resolve(&merged, 0, false).unwrap();
        assert_eq!(kept.components[0].status, SupportStatus::Unsupported);
        assert!(kept.merge_conflicts.is_empty());
    }
}
