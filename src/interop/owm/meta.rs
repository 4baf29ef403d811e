//! Estate fields that OWM has no syntax for travel in `// estate-map {...}` comments:
//! OWM ignores them, our importer reads them back. A comment holds only what the OWM
//! statement after it cannot say, so an edit made in OWM (a move, a rename, inertia)
//! wins over the comment.

use super::text::{safe_name, safe_note, safe_text};
use crate::model::{Component, Kind, Link, Map, Note};
use serde_json::{Map as JsonObject, Value};

/// Starts every estate-map comment; `map ` after it marks the map's own.
pub const META_PREFIX: &str = "// estate-map ";
/// Map comment key: the component order, when the OWM text cannot keep it.
const ORDER: &str = "owm_order";

/// Component keys the OWM statement itself carries.
const COMPONENT_OWM_KEYS: &[&str] = &[
    "name",
    "kind",
    "visibility",
    "evolution",
    "inertia",
    "sourcing",
    "market",
    "pipeline",
    "pipeline_of",
    "url",
    "submap",
    "label_offset",
    "evolve_name",
    "evolve_label_offset",
];

/// Map keys the OWM text itself carries.
const MAP_OWM_KEYS: &[&str] = &[
    "title",
    "components",
    "links",
    "notes",
    "annotations",
    "annotations_box",
    "stage_labels",
    "attitudes",
    "accelerators",
    "presentation",
];

fn object(value: Value) -> JsonObject<String, Value> {
    match value {
        Value::Object(o) => o,
        _ => JsonObject::new(),
    }
}

/// What a component's comment must hold, or nothing.
pub fn component_meta(c: &Component, parent_visibility: Option<f64>) -> JsonObject<String, Value> {
    let mut o = object(serde_json::to_value(c).expect("a component always serialises"));
    for key in COMPONENT_OWM_KEYS {
        o.remove(*key);
    }
    if c.kind == Kind::Activity {
        o.insert("kind".into(), "activity".into());
    }
    if o.get("status").and_then(Value::as_str) == Some("unknown") {
        o.remove("status");
    }
    if let Some(Value::Object(evolve)) = o.get_mut("evolve") {
        evolve.remove("evolution");
        if evolve.is_empty() {
            o.remove("evolve");
        }
    }
    let name = safe_name(&c.name);
    if name != c.name {
        o.insert("name".into(), c.name.clone().into());
    }
    // OWM finds decorators between a line's first '(' and ')': a name with
    // parentheses hides a market mark from it (sourcing goes on a `buy X` line).
    if name.contains(['(', ')'])
        && let Some(m) = c.market
    {
        o.insert("market".into(), m.key().into());
    }
    if let Some(url) = &c.url
        && !url_is_safe(url)
    {
        o.insert("url".into(), url.clone().into());
    }
    if let Some(v) = parent_visibility
        && v != c.visibility
    {
        o.insert("visibility".into(), c.visibility.into());
    }
    o
}

/// What a pipeline variant's comment carries that its block line cannot say.
const VARIANT_KEYS: &[&str] = &["inertia", "sourcing", "market", "url", "submap", "pipeline"];

/// Whether OWM's `url NAME [address]` line can hold `url`.
pub fn url_is_safe(url: &str) -> bool {
    !url.contains(['[', ']', '\n', '\r']) && url.trim() == url
}

/// `c` with the comment's fields; OWM's own win (a variant's line says less).
pub fn apply_component(
    c: &Component,
    meta: &JsonObject<String, Value>,
    variant: bool,
) -> Result<Component, String> {
    let mut o = object(serde_json::to_value(c).map_err(|e| e.to_string())?);
    for (key, value) in meta {
        match key.as_str() {
            "name" => {
                if let Value::String(n) = value
                    && safe_name(n) == c.name
                {
                    o.insert(key.clone(), value.clone());
                }
            }
            k if variant && VARIANT_KEYS.contains(&k) => {
                o.insert(key.clone(), value.clone());
            }
            "market" if c.market.is_none() => {
                o.insert(key.clone(), value.clone());
            }
            "url" => {
                o.insert(key.clone(), value.clone());
            }
            "kind" => {
                if c.kind == Kind::System
                    && (value == "activity" || (variant && value == "user_need"))
                {
                    o.insert(key.clone(), value.clone());
                }
            }
            "evolve" => {
                let target = o
                    .entry("evolve")
                    .or_insert_with(|| Value::Object(JsonObject::new()));
                if let (Value::Object(target), Value::Object(from)) = (target, value) {
                    for (k, v) in from {
                        if k != "evolution" {
                            target.insert(k.clone(), v.clone());
                        }
                    }
                }
            }
            k if COMPONENT_OWM_KEYS.contains(&k) => {}
            _ => {
                o.insert(key.clone(), value.clone());
            }
        }
    }
    serde_json::from_value(Value::Object(o)).map_err(|e| e.to_string())
}

pub fn link_meta(link: &Link) -> JsonObject<String, Value> {
    let mut o = object(serde_json::to_value(link).expect("a link always serialises"));
    o.remove("flow");
    let label_safe = link.label.as_ref().is_none_or(|l| safe_label(l) == *l);
    let flow_safe = link
        .flow
        .as_ref()
        .and_then(|f| f.label.as_ref())
        .is_none_or(|l| safe_flow_label(l) == *l);
    if label_safe {
        o.remove("label");
    }
    if !flow_safe {
        o.insert(
            "flow".into(),
            serde_json::to_value(&link.flow).expect("flows serialise"),
        );
    }
    o
}

/// A link context as OWM can read it back: one line, no `;`.
pub fn safe_label(label: &str) -> String {
    safe_text(label).replace(';', ",").trim().to_string()
}

/// A flow value as OWM can read it back: no quote, no `;`, no arrow.
pub fn safe_flow_label(label: &str) -> String {
    safe_label(label).replace(['\'', '>', '<'], "")
}

pub fn apply_link(link: &mut Link, meta: &JsonObject<String, Value>) {
    for (key, value) in meta {
        match key.as_str() {
            "from" | "to" => {}
            "label" => {
                if let Value::String(l) = value
                    && link.label.as_deref() == Some(safe_label(l).as_str())
                {
                    link.label = Some(l.clone());
                }
            }
            "flow" => {
                if let Ok(Some(flow)) =
                    serde_json::from_value::<Option<crate::model::Flow>>(value.clone())
                    && link.flow.as_ref().is_some_and(|f| {
                        f.direction == flow.direction
                            && f.label.as_deref()
                                == flow.label.as_deref().map(safe_flow_label).as_deref()
                    })
                {
                    link.flow = Some(flow);
                }
            }
            _ => {
                link.extra.insert(key.clone(), value.clone());
            }
        }
    }
}

pub fn note_meta(note: &Note) -> JsonObject<String, Value> {
    let mut o = object(serde_json::to_value(note).expect("a note always serialises"));
    o.remove("visibility");
    o.remove("evolution");
    if safe_note(&note.text) == note.text {
        o.remove("text");
    }
    o
}

pub fn apply_note(note: &mut Note, meta: &JsonObject<String, Value>) {
    for (key, value) in meta {
        match (key.as_str(), value) {
            ("id", Value::String(id)) => note.id = crate::model::NoteId(id.clone()),
            ("text", Value::String(t)) => {
                if safe_note(t) == note.text {
                    note.text = t.clone();
                }
            }
            ("visibility" | "evolution", _) => {}
            _ => {
                note.extra.insert(key.clone(), value.clone());
            }
        }
    }
}

/// The map's comment: everything but what the OWM text says itself.
pub fn map_meta(map: &Map, order: Option<Vec<String>>) -> JsonObject<String, Value> {
    let mut o = object(serde_json::to_value(map).expect("a map always serialises"));
    for key in MAP_OWM_KEYS {
        o.remove(*key);
    }
    if safe_text(&map.title) != map.title {
        o.insert("title".into(), map.title.clone().into());
    }
    if let Some(order) = order {
        o.insert(ORDER.into(), order.into());
    }
    o
}

/// `map` with the comment's fields (title only if OWM's title is its safe form).
pub fn apply_map(
    map: &Map,
    meta: &JsonObject<String, Value>,
    owm_title: Option<&str>,
) -> Result<Map, String> {
    let mut o = object(serde_json::to_value(map).map_err(|e| e.to_string())?);
    for (key, value) in meta {
        if key == "title" {
            if let (Value::String(t), Some(owm)) = (value, owm_title)
                && safe_text(t) == owm
            {
                o.insert(key.clone(), value.clone());
            }
        } else if !MAP_OWM_KEYS.contains(&key.as_str()) {
            o.insert(key.clone(), value.clone());
        }
    }
    serde_json::from_value(Value::Object(o)).map_err(|e| e.to_string())
}

/// Removes and returns the component order a map comment carried.
pub fn take_order(map: &mut Map) -> Option<Vec<String>> {
    let v = map.extra.remove(ORDER)?;
    serde_json::from_value(v).ok()
}
