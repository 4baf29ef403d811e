//! Mermaid `wardley-beta` (Mermaid 11.14+): the same coordinates as OWM, a stricter
//! grammar (decimal numbers, quoted text, one decorator). Export only; estate fields
//! that Mermaid cannot draw are left out.

use crate::model::{Component, ComponentId, FlowDirection, Kind, Map, Sourcing};
use std::collections::HashMap;
use std::fmt::Write;

const KEYWORDS: &[&str] = &[
    "title",
    "size",
    "evolution",
    "anchor",
    "component",
    "label",
    "inertia",
    "evolve",
    "pipeline",
    "note",
    "annotations",
    "annotation",
    "accelerator",
    "deaccelerator",
    "build",
    "buy",
    "outsource",
    "market",
    "wardley",
];

pub fn export(map: &Map) -> String {
    let mut out = String::from("wardley-beta\n");
    let _ = writeln!(out, "title {}", one_line(&map.title));
    if let Some([w, h]) = map.presentation.size {
        let _ = writeln!(out, "size [{}, {}]", w.round() as i64, h.round() as i64);
    }
    if map.stage_labels.len() >= 2 {
        let labels: Vec<String> = map.stage_labels.iter().map(|l| name(l)).collect();
        let _ = writeln!(out, "evolution {}", labels.join(" -> "));
    }
    let by_id: HashMap<&ComponentId, &Component> =
        map.components.iter().map(|c| (&c.id, c)).collect();
    let is_variant = |c: &Component| {
        c.pipeline_of
            .as_ref()
            .is_some_and(|p| by_id.contains_key(p))
    };
    for c in map.components.iter().filter(|c| !is_variant(c)) {
        let keyword = if c.kind == Kind::UserNeed {
            "anchor"
        } else {
            "component"
        };
        let _ = write!(
            out,
            "{keyword} {} [{}, {}]",
            name(&c.name),
            num(c.visibility),
            num(c.evolution)
        );
        if keyword == "component" {
            if let Some([x, y]) = c.label_offset {
                let _ = write!(out, " label [{}, {}]", x.round() as i64, y.round() as i64);
            }
            let decorator = match (c.sourcing, c.market) {
                (Some(Sourcing::Build), _) => Some("build"),
                (Some(Sourcing::Buy), _) => Some("buy"),
                (Some(Sourcing::Outsource), _) => Some("outsource"),
                (None, Some(_)) => Some("market"),
                (None, None) => None,
            };
            if let Some(d) = decorator {
                let _ = write!(out, " ({d})");
            }
            if c.inertia {
                out.push_str(" inertia");
            }
        }
        out.push('\n');
    }
    for parent in map.components.iter().filter(|c| !is_variant(c)) {
        let variants: Vec<&Component> = map
            .components
            .iter()
            .filter(|v| v.pipeline_of.as_ref() == Some(&parent.id))
            .collect();
        if variants.is_empty() {
            continue;
        }
        let _ = writeln!(out, "pipeline {} {{", name(&parent.name));
        for v in variants {
            let _ = writeln!(out, "  component {} [{}]", name(&v.name), num(v.evolution));
        }
        out.push_str("}\n");
    }
    for link in &map.links {
        let (Some(from), Some(to)) = (by_id.get(&link.from), by_id.get(&link.to)) else {
            continue;
        };
        let arrow = match &link.flow {
            None => "->".to_string(),
            Some(f) => match &f.label {
                Some(l) => format!(
                    "+'{}'{}",
                    one_line(l).replace('\'', ""),
                    f.direction.arrow()
                ),
                None => match f.direction {
                    FlowDirection::Forward => "+>".into(),
                    FlowDirection::Back => "+<".into(),
                    FlowDirection::Both => "+<>".into(),
                },
            },
        };
        let _ = write!(out, "{} {arrow} {}", name(&from.name), name(&to.name));
        if let Some(label) = &link.label {
            let _ = write!(out, " ; {}", one_line(label));
        }
        out.push('\n');
    }
    for c in &map.components {
        if let Some(target) = c.evolve.as_ref().and_then(|e| e.evolution) {
            let _ = writeln!(out, "evolve {} {}", name(&c.name), num(target));
        }
    }
    for note in &map.notes {
        let _ = writeln!(
            out,
            "note {} [{}, {}]",
            string(&note.text),
            num(note.visibility),
            num(note.evolution)
        );
    }
    if let Some([v, m]) = map.annotations_box {
        let _ = writeln!(out, "annotations [{}, {}]", num(v), num(m));
    }
    for a in &map.annotations {
        if let Some([v, m]) = a.points.first() {
            let _ = writeln!(
                out,
                "annotation {}, [{}, {}] {}",
                a.number,
                num(*v),
                num(*m),
                string(&a.text)
            );
        }
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
            name(&a.name),
            num(a.visibility),
            num(a.evolution)
        );
    }
    out
}

/// A decimal (Mermaid's WARDLEY_NUMBER needs the point).
fn num(v: f64) -> String {
    let s = format!("{v}");
    if s.contains('.') { s } else { format!("{s}.0") }
}

fn one_line(s: &str) -> String {
    s.replace(['\n', '\r', '\t'], " ")
}

/// A bare name where Mermaid's NAME_WITH_SPACES reads it whole, else a string. Its
/// words after the first must start with a letter too ("Windows Server 2012" is quoted).
fn name(n: &str) -> String {
    let simple = n
        .split(' ')
        .all(|w| w.chars().next().is_some_and(|c| c.is_ascii_alphabetic()))
        && n.split(' ')
            .all(|w| !w.is_empty() && w.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
        && !n.contains("->")
        && !n.ends_with('-')
        && !KEYWORDS
            .iter()
            .any(|k| n.to_lowercase().split(' ').any(|w| w == *k))
        // Mermaid's lexer tries its keyword terminals before NAME_WITH_SPACES, with no
        // word boundary: "notebook", "buy-in", "marketing" start a keyword token.
        && !KEYWORDS
            .iter()
            .chain(&["title", "acctitle", "accdescr"])
            .any(|k| n.to_lowercase().starts_with(k));
    if simple { n.to_string() } else { string(n) }
}

/// A STRING: Mermaid unescapes `\\` and `\"` when it draws the text.
fn string(s: &str) -> String {
    let text = one_line(s).replace('\\', "\\\\").replace('"', "\\\"");
    format!("\"{text}\"")
}
