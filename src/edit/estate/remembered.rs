//! Decisions remembered in the estate file (`merge_decisions`, a map-level key kept in
//! `Map::extra`): merging next month applies the accepted pairs again and does not
//! propose the rejected ones, and a conflict the areas still have exactly as before
//! keeps the value a reviewer settled it with. See docs/file-format.md.

use super::{Decision, Decisions, ESTATE, FieldConflict, Side};
use crate::model::Map;
use serde_json::{Value, json};

/// The estate file's key.
pub const KEY: &str = "merge_decisions";

/// The match decisions `map` remembers (entries that cannot be read are skipped).
pub fn remembered(map: &Map) -> Decisions {
    let mut out = Decisions::default();
    let Some(Value::Array(entries)) = map.extra.get(KEY) else {
        return out;
    };
    for entry in entries {
        let text = |k: &str| entry.get(k).and_then(Value::as_str);
        let decision = match text("decision") {
            Some("accept") => Decision::Accept,
            Some("reject") => Decision::Reject,
            _ => continue,
        };
        let (Some(a_area), Some(a_name), Some(b_area), Some(b_name)) = (
            text("a_area"),
            text("a_name"),
            text("b_area"),
            text("b_name"),
        ) else {
            continue;
        };
        out.decide(
            Side::new(a_area, a_name),
            Side::new(b_area, b_name),
            decision,
        );
    }
    out
}

/// A conflict a reviewer settled: while the areas disagree on it exactly so (the
/// estate's own value aside), it keeps `chosen`.
#[derive(Clone, Debug, PartialEq)]
pub struct SettledConflict {
    pub component: String,
    pub field: String,
    /// Each area's value, sorted by area.
    pub values: Vec<(String, String)>,
    pub chosen: String,
}

impl SettledConflict {
    /// Whether `conflict` is this one: same component, field and areas' values.
    pub fn settles(&self, conflict: &FieldConflict) -> bool {
        super::matching::same_name(&self.component, &conflict.component)
            && self.field == conflict.field
            && self.values == area_values(conflict)
    }
}

/// The areas' values of a conflict, sorted, without the estate's own.
fn area_values(conflict: &FieldConflict) -> Vec<(String, String)> {
    let mut values: Vec<(String, String)> = conflict
        .values
        .iter()
        .filter(|(source, _)| source != ESTATE)
        .cloned()
        .collect();
    values.sort();
    values
}

/// The conflicts `map` remembers as settled (entries that cannot be read are skipped).
pub fn settled(map: &Map) -> Vec<SettledConflict> {
    let Some(Value::Array(entries)) = map.extra.get(KEY) else {
        return Vec::new();
    };
    entries
        .iter()
        .filter(|e| e.get("kind").and_then(Value::as_str) == Some("conflict"))
        .filter_map(|e| {
            let text = |k: &str| e.get(k).and_then(Value::as_str).map(str::to_string);
            let values = e
                .get("values")?
                .as_array()?
                .iter()
                .map(|pair| {
                    let pair = pair.as_array()?;
                    Some((
                        pair.first()?.as_str()?.to_string(),
                        pair.get(1)?.as_str()?.to_string(),
                    ))
                })
                .collect::<Option<Vec<_>>>()?;
            Some(SettledConflict {
                component: text("component")?,
                field: text("field")?,
                values,
                chosen: text("chosen")?,
            })
        })
        .collect()
}

/// Writes `decisions`' match decisions and the settled `conflicts` into `map`
/// (replacing what it remembered; the key is left out when there are none). What was
/// settled `earlier` on a component and field with no conflict now is kept.
pub fn remember(
    map: &mut Map,
    decisions: &Decisions,
    conflicts: &[FieldConflict],
    earlier: &[SettledConflict],
) {
    let now = conflicts
        .iter()
        .filter(|c| c.decided)
        .map(|c| SettledConflict {
            component: c.component.clone(),
            field: c.field.clone(),
            values: area_values(c),
            chosen: c.chosen.clone(),
        });
    let kept = earlier
        .iter()
        .filter(|e| {
            !conflicts.iter().any(|c| {
                c.field == e.field && super::matching::same_name(&c.component, &e.component)
            })
        })
        .cloned();
    let settled: Vec<Value> = now
        .chain(kept)
        .map(|c| {
            json!({
                "kind": "conflict",
                "component": c.component,
                "field": c.field,
                "values": c.values
                    .into_iter()
                    .map(|(area, value)| json!([area, value]))
                    .collect::<Vec<_>>(),
                "chosen": c.chosen,
            })
        })
        .collect();
    if decisions.matches.is_empty() && settled.is_empty() {
        map.extra.remove(KEY);
        return;
    }
    let mut entries: Vec<Value> = decisions
        .matches
        .iter()
        .map(|(a, b, d)| {
            json!({
                "a_area": a.area,
                "a_name": a.name,
                "b_area": b.area,
                "b_name": b.name,
                "decision": match d {
                    Decision::Accept => "accept",
                    Decision::Reject => "reject",
                },
            })
        })
        .collect();
    entries.extend(settled);
    map.extra.insert(KEY.to_string(), Value::Array(entries));
}
