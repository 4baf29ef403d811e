//! `Map` -> OWM text that OWM's own parser reads without errors, with the estate
//! fields it has no syntax for in `// estate-map` comments.

use super::meta::{self, META_PREFIX};
use super::text::{decimal, number, safe_name, safe_note, safe_text, write_name};
use crate::model::{Component, ComponentId, Kind, Map, pipeline_variants};
use serde_json::{Map as JsonObject, Value};
use std::collections::HashMap;
use std::fmt::Write;

/// The map as OWM text.
pub fn export(map: &Map) -> String {
    let mut out = String::new();
    let by_id: HashMap<&ComponentId, &Component> =
        map.components.iter().map(|c| (&c.id, c)).collect();
    // A variant is written in its pipeline's block when that pipeline is on the map.
    let in_block = |c: &Component| {
        c.pipeline_of
            .as_ref()
            .and_then(|p| by_id.get(p))
            .is_some_and(|p| p.pipeline_of.is_none())
    };
    let written_order: Vec<&Component> = map
        .components
        .iter()
        .filter(|c| !in_block(c))
        .chain(
            map.components
                .iter()
                .filter(|c| in_block(c) && !is_pipeline_parent(map, c)),
        )
        .collect();
    let order = written_order
        .iter()
        .zip(&map.components)
        .any(|(a, b)| a.id != b.id)
        .then(|| map.components.iter().map(|c| c.id.to_string()).collect());
    comment(&mut out, "map ", &meta::map_meta(map, order));
    let _ = writeln!(out, "title {}", safe_text(&map.title));
    if !map.stage_labels.is_empty() {
        let labels: Vec<String> = map
            .stage_labels
            .iter()
            .map(|l| safe_name(&safe_text(l)))
            .collect();
        let _ = writeln!(out, "evolution {}", labels.join("->"));
    }
    let p = &map.presentation;
    if p.hide_evolution {
        out.push_str("evolution --hide\n");
    }
    if p.hide_value_chain {
        out.push_str("valuechain --hide\n");
    }
    if let Some(style) = &p.style {
        let _ = writeln!(out, "style {}", safe_text(style));
    }
    if let Some([w, h]) = p.size {
        let _ = writeln!(out, "size [{}, {}]", number(w), number(h));
    }
    let mut urls: Vec<String> = Vec::new();
    let mut methods = String::new();
    for c in map.components.iter().filter(|c| !in_block(c)) {
        comment(&mut out, "", &meta::component_meta(c, None));
        element_line(&mut out, c, &mut urls, &mut methods);
    }
    out.push_str(&methods);
    for c in &map.components {
        let Some(target) = c.evolve.as_ref().and_then(|e| e.evolution) else {
            continue;
        };
        evolve_line(&mut out, c, target);
    }
    for c in map.components.iter().filter(|c| is_pipeline_parent(map, c)) {
        let pipe = c.pipeline.clone().unwrap_or_default();
        let _ = write!(out, "pipeline {}", write_name(&safe_name(&c.name)));
        if let Some([a, b]) = pipe.span {
            let _ = write!(out, " [{}, {}]", number(a), number(b));
        }
        out.push('\n');
        let variants: Vec<&Component> = pipeline_variants(&map.components, &c.id)
            .filter(|v| in_block(v))
            .collect();
        if variants.is_empty() {
            continue;
        }
        out.push_str("{\n");
        for v in variants {
            let mut m = meta::component_meta(v, Some(c.visibility));
            for (key, value) in owm_only_fields(v) {
                m.insert(key.into(), value);
            }
            comment_indented(&mut out, &m);
            let _ = write!(
                out,
                "  component {} [{}]",
                write_name(&safe_name(&v.name)),
                number(v.evolution)
            );
            if let Some([x, y]) = v.label_offset {
                let _ = write!(out, " label [{}, {}]", number(x), number(y));
            }
            out.push('\n');
        }
        out.push_str("}\n");
    }
    for link in &map.links {
        let (Some(from), Some(to)) = (by_id.get(&link.from), by_id.get(&link.to)) else {
            continue;
        };
        comment(&mut out, "", &meta::link_meta(link));
        let arrow = match &link.flow {
            None => "->".to_string(),
            Some(f) => match &f.label {
                Some(l) => format!("+'{}'{}", meta::safe_flow_label(l), f.direction.arrow()),
                None => format!("+{}", f.direction.arrow()),
            },
        };
        let _ = write!(
            out,
            "{}{arrow}{}",
            write_name(&safe_name(&from.name)),
            write_name(&safe_name(&to.name))
        );
        if let Some(label) = &link.label {
            let _ = write!(out, "; {}", meta::safe_label(label));
        }
        out.push('\n');
    }
    for note in &map.notes {
        comment(&mut out, "", &meta::note_meta(note));
        let _ = writeln!(
            out,
            "note {} [{}, {}]",
            quote_text(&safe_note(&note.text)),
            number(note.visibility),
            number(note.evolution)
        );
    }
    for a in &map.annotations {
        let text = safe_note(&a.text);
        if text.trim() != a.text {
            let mut m = JsonObject::new();
            m.insert("text".into(), a.text.clone().into());
            comment(&mut out, "", &m);
        }
        let points: Vec<String> = a
            .points
            .iter()
            .map(|[v, m]| format!("[{}, {}]", number(*v), number(*m)))
            .collect();
        let _ = writeln!(
            out,
            "annotation {} [{}] {}",
            a.number,
            points.join(", "),
            text.trim()
        );
    }
    if let Some([v, m]) = map.annotations_box {
        let _ = writeln!(out, "annotations [{}, {}]", number(v), number(m));
    }
    for area in &map.attitudes {
        let _ = writeln!(
            out,
            "{} [{}, {}, {}, {}]",
            area.attitude.key(),
            number(area.from[0]),
            number(area.from[1]),
            number(area.to[0]),
            number(area.to[1])
        );
    }
    for a in &map.accelerators {
        let keyword = if a.deaccelerator {
            "deaccelerator"
        } else {
            "accelerator"
        };
        let _ = writeln!(
            out,
            "{keyword} {} [{}, {}]",
            write_name(&safe_name(&safe_text(&a.name))),
            number(a.visibility),
            number(a.evolution)
        );
    }
    for (i, url) in urls.iter().enumerate() {
        let _ = writeln!(out, "url {} [{}]", url_ref(i), url);
    }
    out
}

fn is_pipeline_parent(map: &Map, c: &Component) -> bool {
    c.pipeline_of.is_none()
        && (c.pipeline.is_some()
            || map
                .components
                .iter()
                .any(|v| v.pipeline_of.as_ref() == Some(&c.id)))
}

/// What a variant's block line cannot say (OWM reads no decorators there).
fn owm_only_fields(v: &Component) -> Vec<(&'static str, Value)> {
    let mut out = Vec::new();
    let mut put = |key, value: Value| {
        if !value.is_null() && value != Value::Bool(false) {
            out.push((key, value));
        }
    };
    put("inertia", v.inertia.into());
    put(
        "sourcing",
        serde_json::to_value(v.sourcing).unwrap_or_default(),
    );
    put("market", serde_json::to_value(v.market).unwrap_or_default());
    put("url", serde_json::to_value(&v.url).unwrap_or_default());
    put("submap", v.submap.into());
    put(
        "pipeline",
        serde_json::to_value(&v.pipeline).unwrap_or_default(),
    );
    if v.kind == Kind::UserNeed {
        put("kind", "user_need".into());
    }
    out
}

fn url_ref(i: usize) -> String {
    format!("estateMapUrl{}", i + 1)
}

fn element_line(out: &mut String, c: &Component, urls: &mut Vec<String>, methods: &mut String) {
    let name = safe_name(&c.name);
    let parens = name.contains(['(', ')']);
    let keyword = match (c.kind, c.submap) {
        (Kind::UserNeed, _) => "anchor",
        (_, true) => "submap",
        _ => "component",
    };
    let _ = write!(
        out,
        "{keyword} {} [{}, {}]",
        write_name(&name),
        number(c.visibility),
        number(c.evolution)
    );
    if let Some([x, y]) = c.label_offset {
        let _ = write!(out, " label [{}, {}]", number(x), number(y));
    }
    // OWM finds decorators between the line's first '(' and ')': a name with
    // parentheses takes the method and market statements instead.
    let mut decorators = Vec::new();
    if let Some(m) = c.market {
        decorators.push(m.key());
    }
    if let Some(s) = c.sourcing {
        let key = match s {
            crate::model::Sourcing::Build => "build",
            crate::model::Sourcing::Buy => "buy",
            crate::model::Sourcing::Outsource => "outsource",
        };
        if parens || keyword == "anchor" {
            let _ = writeln!(
                methods,
                "{META_PREFIX}{{\"id\":{}}}",
                Value::from(c.id.to_string())
            );
            let _ = writeln!(methods, "{key} {}", write_name(&name));
        } else {
            decorators.push(key);
        }
    }
    if !decorators.is_empty() && !parens {
        let _ = write!(out, " ({})", decorators.join(", "));
    }
    if c.inertia {
        out.push_str(" inertia");
    }
    if let Some(url) = c.url.as_ref().filter(|u| meta::url_is_safe(u)) {
        let i = urls.iter().position(|u| u == url).unwrap_or_else(|| {
            urls.push(url.clone());
            urls.len() - 1
        });
        let _ = write!(out, " url({})", url_ref(i));
    }
    out.push('\n');
}

fn evolve_line(out: &mut String, c: &Component, target: f64) {
    let mut id = JsonObject::new();
    id.insert("id".into(), c.id.to_string().into());
    comment(out, "", &id);
    let name = safe_name(&c.name);
    // OWM finds the target as the first " 0.N" on an unquoted line: quote names with
    // digits, and then say the evolved name too (its quoted form wants one).
    let plain = !name.contains(|ch: char| ch.is_ascii_digit()) && write_name(&name) == name;
    let new_name = c.evolve_name.as_ref().map(|n| safe_name(n));
    let _ = write!(out, "evolve ");
    if plain
        && new_name
            .as_ref()
            .is_none_or(|n| write_name(n) == *n && !n.contains(|ch: char| ch.is_ascii_digit()))
    {
        out.push_str(&name);
        if let Some(n) = &new_name {
            let _ = write!(out, "->{n}");
        }
    } else {
        let quoted = |n: &str| {
            let w = write_name(n);
            if w.starts_with('"') {
                w
            } else {
                format!("\"{w}\"")
            }
        };
        out.push_str(&quoted(&name));
        if let Some(n) = &new_name {
            let _ = write!(out, "->{}", quoted(n));
        } else if c.evolve_label_offset.is_some() {
            let _ = write!(out, "->{}", quoted(&name));
        }
    }
    let _ = write!(out, " {}", decimal(target));
    if let Some([x, y]) = c.evolve_label_offset {
        let _ = write!(out, " label [{}, {}]", number(x), number(y));
    }
    out.push('\n');
}

/// Note text, quoted when OWM's unquoted reading would cut it short.
fn quote_text(text: &str) -> String {
    let plain = !text.contains(['[', ']', '"', '\\']) && text.trim() == text && !text.is_empty();
    if plain {
        return text.to_string();
    }
    let escaped = text.replace('\\', "\\\\").replace('"', "\\\"");
    format!("\"{escaped}\"")
}

fn comment(out: &mut String, kind: &str, meta: &JsonObject<String, Value>) {
    if meta.is_empty() {
        return;
    }
    let json = serde_json::to_string(meta).expect("comments serialise");
    let _ = writeln!(out, "{META_PREFIX}{kind}{json}");
}

fn comment_indented(out: &mut String, meta: &JsonObject<String, Value>) {
    if meta.is_empty() {
        return;
    }
    out.push_str("  ");
    comment(out, "", meta);
}
