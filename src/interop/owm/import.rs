//! OWM text -> `Map` and the lines that could not be read.
//!
//! Statements are collected first and resolved afterwards, because OWM lets a line
//! name a component defined further down (links, evolve, pipelines, methods).

use super::meta::{self, META_PREFIX};
use super::text::{bracket, normalise, numbers, quoted, safe_name, safe_note, safe_text, unquote};
use crate::model::{
    Accelerator, Annotation, Area, Attitude, Component, ComponentId, Flow, FlowDirection, Kind,
    Link, Map, Market, Note, NoteId, Pipeline, Sourcing, validate,
};
use serde_json::{Map as JsonObject, Value};
use std::collections::{HashMap, HashSet};

/// OWM's place for a component written without coordinates.
pub const DEFAULT_POSITION: [f64; 2] = [0.9, 0.1];
/// OWM's target when `evolve` gives none.
const DEFAULT_EVOLVE: f64 = 0.85;

/// A line that could not be read, or read only in part.
#[derive(Clone, Debug, PartialEq)]
pub struct LineProblem {
    /// 1-based; 0 for problems of the map as a whole.
    pub line: usize,
    pub text: String,
    pub message: String,
}

impl std::fmt::Display for LineProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.line == 0 {
            write!(f, "{}", self.message)
        } else {
            write!(
                f,
                "line {}: {} ({})",
                self.line,
                self.message,
                self.text.trim()
            )
        }
    }
}

/// What an import produced: the map and every problem found.
#[derive(Clone, Debug)]
pub struct Imported {
    pub map: Map,
    pub problems: Vec<LineProblem>,
}

struct Element {
    line: usize,
    component: Component,
    url_ref: Option<String>,
    meta: Option<JsonObject<String, Value>>,
    /// Set for pipeline variants: the pipeline statement's index.
    pipeline: Option<usize>,
}

struct PipelineStmt {
    line: usize,
    name: String,
    span: Option<[f64; 2]>,
}

struct Named<T> {
    line: usize,
    name: String,
    /// The id an estate-map comment gave, for names used twice.
    id: Option<String>,
    value: T,
}

struct LinkStmt {
    line: usize,
    from: String,
    to: String,
    label: Option<String>,
    flow: Option<Flow>,
    meta: Option<JsonObject<String, Value>>,
}

struct Evolve {
    target: f64,
    new_name: Option<String>,
    label: Option<[f64; 2]>,
}

#[derive(Default)]
struct Reader {
    title: Option<String>,
    map_meta: Option<JsonObject<String, Value>>,
    elements: Vec<Element>,
    pipelines: Vec<PipelineStmt>,
    evolves: Vec<Named<Evolve>>,
    methods: Vec<Named<Sourcing>>,
    links: Vec<LinkStmt>,
    notes: Vec<(Note, Option<JsonObject<String, Value>>)>,
    urls: HashMap<String, String>,
    map: Map,
    problems: Vec<LineProblem>,
    /// The estate-map comment waiting for the next statement.
    pending: Option<(usize, JsonObject<String, Value>)>,
    /// The pipeline a `{ ... }` block belongs to, while inside one.
    block: Option<usize>,
    /// The last pipeline statement still waiting for its block.
    awaiting_block: Option<usize>,
}

/// Reads OWM text. Never fails: whatever cannot be read is reported by line.
pub fn import(text: &str) -> Imported {
    let mut reader = Reader {
        map: Map::new("Untitled map"),
        ..Reader::default()
    };
    let mut in_block_comment = false;
    for (i, raw) in text.split('\n').enumerate() {
        let line_no = i + 1;
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        let line = strip_comments(raw, &mut in_block_comment);
        if let Some(json) = raw.trim().strip_prefix(META_PREFIX) {
            reader.meta_comment(line_no, raw, json);
            continue;
        }
        if line.trim().is_empty() {
            continue;
        }
        reader.statement(line_no, line.trim());
    }
    reader.finish()
}

/// The line without `//` and `/* */` comments (a `url` line keeps its `//`).
fn strip_comments<'a>(raw: &'a str, in_block: &mut bool) -> std::borrow::Cow<'a, str> {
    let mut rest = raw;
    let mut out = String::new();
    loop {
        if *in_block {
            match rest.find("*/") {
                Some(end) => {
                    *in_block = false;
                    rest = &rest[end + 2..];
                }
                None => return out.into(),
            }
        }
        let trimmed = rest.trim_start();
        let line_comment = if trimmed.starts_with("url") && out.is_empty() {
            None
        } else {
            rest.find("//")
        };
        let block = rest.find("/*");
        match (line_comment, block) {
            (Some(c), b) if b.is_none_or(|b| c < b) => {
                out.push_str(&rest[..c]);
                return out.into();
            }
            (_, Some(b)) => {
                out.push_str(&rest[..b]);
                out.push(' ');
                *in_block = true;
                rest = &rest[b + 2..];
            }
            _ => {
                if out.is_empty() {
                    return rest.into();
                }
                out.push_str(rest);
                return out.into();
            }
        }
    }
}

/// The first word of a statement and the text after it.
fn keyword(line: &str) -> (&str, &str) {
    let end = line
        .find(|c: char| c.is_whitespace() || c == '[')
        .unwrap_or(line.len());
    (&line[..end], line[end..].trim_start())
}

impl Reader {
    fn problem(&mut self, line: usize, text: &str, message: impl Into<String>) {
        self.problems.push(LineProblem {
            line,
            text: text.to_string(),
            message: message.into(),
        });
    }

    fn meta_comment(&mut self, line: usize, raw: &str, json: &str) {
        let (is_map, json) = match json.trim_start().strip_prefix("map ") {
            Some(rest) => (true, rest),
            None => (false, json),
        };
        match serde_json::from_str::<Value>(json) {
            Ok(Value::Object(object)) if is_map => self.map_meta = Some(object),
            Ok(Value::Object(object)) => {
                if let Some((old, _)) = self.pending.replace((line, object)) {
                    self.problem(old, "", "estate-map comment followed by no statement");
                }
            }
            _ => self.problem(line, raw, "estate-map comment is not a JSON object"),
        }
    }

    fn take_meta(&mut self) -> Option<JsonObject<String, Value>> {
        self.pending.take().map(|(_, m)| m)
    }

    fn take_meta_id(&mut self) -> Option<String> {
        let meta = self.take_meta()?;
        meta.get("id")?.as_str().map(String::from)
    }

    fn statement(&mut self, line: usize, text: &str) {
        if let Some(rest) = text.strip_prefix('{') {
            self.open_block(line, text);
            if !rest.trim().is_empty() {
                self.statement(line, rest.trim());
            }
            return;
        }
        if let Some(rest) = text.strip_prefix('}') {
            if self.block.take().is_none() {
                self.problem(line, text, "'}' closes no pipeline block");
            }
            if !rest.trim().is_empty() {
                self.statement(line, rest.trim());
            }
            return;
        }
        let (word, rest) = keyword(text);
        match word {
            "title" => self.title = Some(rest.trim().to_string()),
            "anchor" => self.element(line, text, rest, Kind::UserNeed, None, false),
            "component" if self.block.is_some() => self.variant(line, text, rest),
            "component" => self.element(line, text, rest, Kind::System, None, false),
            "market" => self.element(line, text, rest, Kind::System, Some(Market::Market), false),
            "ecosystem" => self.element(
                line,
                text,
                rest,
                Kind::System,
                Some(Market::Ecosystem),
                false,
            ),
            "submap" => self.element(line, text, rest, Kind::System, None, true),
            "evolve" => self.evolve(line, text, rest),
            "pipeline" => self.pipeline(line, text, rest),
            "note" => self.note(line, text, rest),
            "annotation" => self.annotation(line, text, rest),
            "annotations" => match bracket(rest).map(|(_, inside, _)| numbers(inside)) {
                Some(n) if n.len() == 2 && n.iter().all(Option::is_some) => {
                    self.map.annotations_box = Some([n[0].unwrap(), n[1].unwrap()]);
                }
                _ => self.problem(line, text, "expected annotations [visibility, evolution]"),
            },
            "pioneers" | "settlers" | "townplanners" => self.area(line, text, word, rest),
            "accelerator" | "deaccelerator" => self.accelerator(line, text, word, rest),
            "url" => self.url(line, text, rest),
            "evolution" => self.stages(line, text, rest),
            "valuechain" if rest.trim() == "--hide" => {
                self.map.presentation.hide_value_chain = true
            }
            "style" if !rest.trim().is_empty() => {
                self.map.presentation.style = Some(rest.trim().to_string())
            }
            "size" => match bracket(rest).map(|(_, inside, _)| numbers(inside)) {
                Some(n) if n.len() == 2 && n.iter().all(Option::is_some) => {
                    self.map.presentation.size = Some([n[0].unwrap(), n[1].unwrap()]);
                }
                _ => self.problem(line, text, "expected size [width, height]"),
            },
            "build" | "buy" | "outsource" if !rest.is_empty() => {
                let sourcing = match word {
                    "build" => Sourcing::Build,
                    "buy" => Sourcing::Buy,
                    _ => Sourcing::Outsource,
                };
                let id = self.take_meta_id();
                self.methods.push(Named {
                    line,
                    name: unquote(rest),
                    id,
                    value: sourcing,
                });
            }
            _ => self.link(line, text),
        }
    }

    fn open_block(&mut self, line: usize, text: &str) {
        match self.awaiting_block.take() {
            Some(p) => self.block = Some(p),
            None => self.problem(line, text, "'{' opens a block that follows no pipeline"),
        }
    }

    /// anchor / component / market / ecosystem / submap lines.
    fn element(
        &mut self,
        line: usize,
        text: &str,
        rest: &str,
        kind: Kind,
        market: Option<Market>,
        submap: bool,
    ) {
        let Some((name, tail)) = split_name(rest) else {
            self.problem(line, text, "the name is missing");
            return;
        };
        let (position, tail) = self.position(line, text, tail);
        let mut c = Component::new(ComponentId::new(""), name, position[0], position[1]);
        c.kind = kind;
        c.market = market;
        c.submap = submap;
        let mut url_ref = None;
        let leftover = self.suffixes(line, text, tail, &mut c, &mut url_ref);
        if !leftover.is_empty() {
            self.problem(line, text, format!("did not understand '{leftover}'"));
        }
        let meta = self.take_meta();
        self.elements.push(Element {
            line,
            component: c,
            url_ref,
            meta,
            pipeline: None,
        });
    }

    /// `[visibility, evolution]` at the start of `tail`, or OWM's default.
    fn position<'a>(&mut self, line: usize, text: &str, tail: &'a str) -> ([f64; 2], &'a str) {
        let t = tail.trim_start();
        if !t.starts_with('[') {
            return (DEFAULT_POSITION, tail);
        }
        let Some((_, inside, after)) = bracket(t) else {
            self.problem(line, text, "'[' is never closed");
            return (DEFAULT_POSITION, "");
        };
        let n = numbers(inside);
        let mut pos = DEFAULT_POSITION;
        if n.len() != 2 || n.iter().any(Option::is_none) {
            self.problem(
                line,
                text,
                format!("expected [visibility, evolution], found [{inside}]; used [0.9, 0.1] where a number is missing"),
            );
        }
        for (i, v) in n.iter().take(2).enumerate() {
            if let Some(v) = v {
                pos[i] = self.unit(line, text, *v);
            }
        }
        (pos, after)
    }

    /// A coordinate brought inside 0..1, which the map requires.
    fn unit(&mut self, line: usize, text: &str, v: f64) -> f64 {
        if (0.0..=1.0).contains(&v) {
            v
        } else if v.is_nan() {
            self.problem(line, text, "a coordinate is not a number; used 0");
            0.0
        } else {
            self.problem(
                line,
                text,
                format!("{v} is outside 0..1; moved to the edge"),
            );
            v.clamp(0.0, 1.0)
        }
    }

    /// Reads `label [x, y]`, `(decorators)`, `inertia`, `url(ref)` and `evolve N` after
    /// the coordinates; returns what was left over.
    fn suffixes(
        &mut self,
        line: usize,
        text: &str,
        tail: &str,
        c: &mut Component,
        url_ref: &mut Option<String>,
    ) -> String {
        let mut rest = tail.trim().to_string();
        let mut leftover = Vec::new();
        while !rest.is_empty() {
            let r = rest.as_str();
            if let Some(after) = r.strip_prefix("label")
                && let Some((_, inside, after)) =
                    bracket(after).filter(|(before, ..)| before.trim().is_empty())
            {
                let n = numbers(inside);
                if let [Some(x), Some(y)] = n[..] {
                    c.label_offset = Some([x, y]);
                } else {
                    self.problem(line, text, format!("label [{inside}] is not [x, y]"));
                }
                rest = after.trim().to_string();
                continue;
            }
            if let Some(after) = r.strip_prefix("url(")
                && let Some(end) = after.find(')')
            {
                *url_ref = Some(after[..end].trim().to_string());
                rest = after[end + 1..].trim().to_string();
                continue;
            }
            if let Some(after) = r.strip_prefix('(')
                && let Some(end) = after.find(')')
            {
                for word in after[..end].split(',').map(str::trim) {
                    match word {
                        "build" => c.sourcing = Some(Sourcing::Build),
                        "buy" => c.sourcing = Some(Sourcing::Buy),
                        "outsource" => c.sourcing = Some(Sourcing::Outsource),
                        "market" => c.market = Some(Market::Market),
                        "ecosystem" => c.market = Some(Market::Ecosystem),
                        "inertia" => c.inertia = true,
                        "" => {}
                        other => leftover.push(format!("({other})")),
                    }
                }
                rest = after[end + 1..].trim().to_string();
                continue;
            }
            if let Some(after) = r.strip_prefix("inertia") {
                c.inertia = true;
                rest = after.trim().to_string();
                continue;
            }
            if let Some(after) = r.strip_prefix("evolve") {
                let (num, after) = keyword(after.trim());
                if let Some(v) = num.parse::<f64>().ok().filter(|v| v.is_finite()) {
                    let v = self.unit(line, text, v);
                    c.evolve.get_or_insert_default().evolution = Some(v);
                    rest = after.trim().to_string();
                    continue;
                }
            }
            let (word, after) = match r.split_once(char::is_whitespace) {
                Some((w, a)) => (w.to_string(), a.trim().to_string()),
                None => (r.to_string(), String::new()),
            };
            leftover.push(word);
            rest = after;
        }
        leftover.join(" ")
    }

    fn variant(&mut self, line: usize, text: &str, rest: &str) {
        let Some((name, tail)) = split_name(rest) else {
            self.problem(line, text, "the name is missing");
            return;
        };
        let mut evolution = 0.2;
        let mut tail = tail;
        if let Some((before, inside, after)) = bracket(tail).filter(|(b, ..)| b.trim().is_empty()) {
            let _ = before;
            match numbers(inside)[..] {
                [Some(m)] => evolution = self.unit(line, text, m),
                _ => self.problem(
                    line,
                    text,
                    format!("expected [evolution], found [{inside}]"),
                ),
            }
            tail = after;
        }
        let mut c = Component::new(ComponentId::new(""), name, 0.0, evolution);
        let mut url_ref = None;
        let leftover = self.suffixes(line, text, tail, &mut c, &mut url_ref);
        if !leftover.is_empty() {
            self.problem(line, text, format!("did not understand '{leftover}'"));
        }
        let meta = self.take_meta();
        self.elements.push(Element {
            line,
            component: c,
            url_ref,
            meta,
            pipeline: self.block,
        });
    }

    fn pipeline(&mut self, line: usize, text: &str, rest: &str) {
        let (rest, opens) = match rest.trim_end().strip_suffix('{') {
            Some(r) => (r, true),
            None => (rest, false),
        };
        let Some((name, tail)) = split_name(rest) else {
            self.problem(line, text, "the pipeline's name is missing");
            return;
        };
        let mut span = None;
        if let Some((_, inside, after)) = bracket(tail) {
            match numbers(inside)[..] {
                [Some(a), Some(b)] => {
                    span = Some([self.unit(line, text, a), self.unit(line, text, b)])
                }
                _ => self.problem(line, text, format!("expected [from, to], found [{inside}]")),
            }
            if !after.trim().is_empty() {
                self.problem(line, text, format!("did not understand '{}'", after.trim()));
            }
        } else if !tail.trim().is_empty() {
            self.problem(line, text, format!("did not understand '{}'", tail.trim()));
        }
        self.take_meta();
        self.pipelines.push(PipelineStmt { line, name, span });
        let index = self.pipelines.len() - 1;
        if opens {
            self.block = Some(index);
        } else {
            self.awaiting_block = Some(index);
        }
    }

    fn evolve(&mut self, line: usize, text: &str, rest: &str) {
        let mut rest = strip_decorators(rest.trim()).to_string();
        let mut label = None;
        if let Some(at) = rest.rfind("label")
            && let Some((before, inside, after)) = bracket(&rest[at + 5..])
            && before.trim().is_empty()
            && after.trim().is_empty()
        {
            if let [Some(x), Some(y)] = numbers(inside)[..] {
                label = Some([x, y]);
            }
            rest.truncate(at);
        }
        let rest = strip_decorators(rest.trim());
        let (name, new_name, target) = if let Some((name, after)) = quoted(rest) {
            let after = after.trim();
            let (after, new_name) = match after.strip_prefix("->") {
                Some(a) => {
                    let a = a.trim();
                    let (target, before) = last_number(a);
                    (target.map(|t| t.to_string()), Some(unquote(before)))
                }
                None => (Some(after.to_string()), None),
            };
            let target = after
                .and_then(|a| a.trim().parse::<f64>().ok())
                .filter(|v| v.is_finite());
            (name, new_name, target)
        } else {
            let (mut target, mut before) = last_number(rest);
            // OWM takes the first " 0.N" as the target and reads nothing after it but a
            // label and decorators: keep the evolution, report the rest.
            if target.is_none()
                && let Some((start, end, value)) = first_owm_number(rest)
            {
                target = Some(value);
                before = rest[..start].trim();
                self.problem(
                    line,
                    text,
                    format!("did not understand '{}'", rest[end..].trim()),
                );
            }
            match before.split_once("->") {
                Some((a, b)) => (unquote(a), Some(unquote(b)), target),
                None => (unquote(before), None, target),
            }
        };
        if name.is_empty() {
            self.problem(line, text, "the name of the component to evolve is missing");
            return;
        }
        let target = match target {
            Some(t) => self.unit(line, text, t),
            None => DEFAULT_EVOLVE,
        };
        let id = self.take_meta_id();
        self.evolves.push(Named {
            line,
            name,
            id,
            value: Evolve {
                target,
                new_name: new_name.filter(|n| !n.is_empty()),
                label,
            },
        });
    }

    fn note(&mut self, line: usize, text: &str, rest: &str) {
        let (body, tail) = match quoted(rest.trim()) {
            Some((body, tail)) => (body, tail),
            None => match rest.find('[') {
                Some(i) => (rest[..i].trim().to_string(), &rest[i..]),
                None => (rest.trim().to_string(), ""),
            },
        };
        let (position, after) = self.position(line, text, tail);
        if !after.trim().is_empty() {
            self.problem(line, text, format!("did not understand '{}'", after.trim()));
        }
        let meta = self.take_meta();
        let note = Note {
            id: NoteId(String::new()),
            text: body,
            visibility: position[0],
            evolution: position[1],
            extra: Default::default(),
        };
        self.notes.push((note, meta));
    }

    fn annotation(&mut self, line: usize, text: &str, rest: &str) {
        let (num, after) = keyword(rest);
        let Ok(number) = num.trim_end_matches(',').parse::<u32>() else {
            self.problem(
                line,
                text,
                "expected annotation NUMBER [[visibility, evolution], ...] text",
            );
            return;
        };
        let after = after.trim_start_matches(',').trim();
        let compact: String = after.chars().filter(|c| !c.is_whitespace()).collect();
        let (points_text, body) = if compact.starts_with("[[") {
            match after.find("]]").or_else(|| find_double_close(after)) {
                Some(end) => (&after[..end + 1], after[end + 1..].trim_start_matches(']')),
                None => (after, ""),
            }
        } else {
            match after.find(']') {
                Some(end) => (&after[..=end], &after[end + 1..]),
                None => (after, ""),
            }
        };
        let mut points = Vec::new();
        let mut rest = points_text;
        while let Some((_, inside, next)) = bracket(rest) {
            let inside = inside.trim_start_matches('[');
            match numbers(inside)[..] {
                [Some(v), Some(m)] => {
                    points.push([self.unit(line, text, v), self.unit(line, text, m)])
                }
                _ => self.problem(
                    line,
                    text,
                    format!("[{inside}] is not [visibility, evolution]"),
                ),
            }
            rest = next;
        }
        if points.is_empty() {
            self.problem(
                line,
                text,
                "the annotation has no [visibility, evolution] point",
            );
            return;
        }
        let mut annotation = Annotation {
            number,
            points,
            text: body.trim().to_string(),
        };
        if let Some(meta) = self.take_meta()
            && let Some(Value::String(t)) = meta.get("text")
            && safe_note(t).trim() == annotation.text
        {
            annotation.text = t.clone();
        }
        self.map.annotations.push(annotation);
    }

    fn area(&mut self, line: usize, text: &str, word: &str, rest: &str) {
        let attitude = match word {
            "pioneers" => Attitude::Pioneers,
            "settlers" => Attitude::Settlers,
            _ => Attitude::Townplanners,
        };
        match bracket(rest).map(|(_, inside, _)| numbers(inside)) {
            Some(n) if n.len() == 4 && n.iter().all(Option::is_some) => {
                let n: Vec<f64> = n
                    .into_iter()
                    .map(|v| self.unit(line, text, v.unwrap()))
                    .collect();
                self.map.attitudes.push(Area {
                    attitude,
                    from: [n[0], n[1]],
                    to: [n[2], n[3]],
                });
            }
            _ => self.problem(
                line,
                text,
                format!("expected {word} [visibility, evolution, visibility, evolution]"),
            ),
        }
    }

    fn accelerator(&mut self, line: usize, text: &str, word: &str, rest: &str) {
        let Some((name, tail)) = split_name(rest) else {
            self.problem(line, text, "the name is missing");
            return;
        };
        let (position, after) = self.position(line, text, tail);
        if !after.trim().is_empty() {
            self.problem(line, text, format!("did not understand '{}'", after.trim()));
        }
        self.map.accelerators.push(Accelerator {
            name,
            visibility: position[0],
            evolution: position[1],
            deaccelerator: word == "deaccelerator",
        });
    }

    fn url(&mut self, line: usize, text: &str, rest: &str) {
        match bracket(rest) {
            Some((name, inside, _)) if !name.trim().is_empty() => {
                self.urls
                    .insert(name.trim().to_string(), inside.trim().to_string());
            }
            _ => self.problem(line, text, "expected url NAME [address]"),
        }
    }

    fn stages(&mut self, line: usize, text: &str, rest: &str) {
        if rest.trim() == "--hide" {
            self.map.presentation.hide_evolution = true;
            return;
        }
        let labels: Vec<String> = rest.split("->").map(unquote).collect();
        if labels.len() < 2 || labels.iter().any(String::is_empty) {
            self.problem(line, text, "expected evolution A->B->C->D");
            return;
        }
        self.map.stage_labels = labels;
    }

    fn link(&mut self, line: usize, text: &str) {
        let (body, label) = match text.split_once(';') {
            Some((b, l)) => (b, Some(l.trim().to_string()).filter(|l| !l.is_empty())),
            None => (text, None),
        };
        let flow = |direction| {
            Some(Flow {
                direction,
                label: None,
            })
        };
        let parts = if let Some((a, b)) = body.split_once("+>") {
            Some((a, b, flow(FlowDirection::Forward)))
        } else if let Some((a, b)) = body.split_once("+<>") {
            Some((a, b, flow(FlowDirection::Both)))
        } else if let Some((a, b)) = body.split_once("+<") {
            Some((a, b, flow(FlowDirection::Back)))
        } else if let Some((a, b)) = body.split_once("+'") {
            labelled_flow(b).map(|(value, direction, end)| {
                let f = Flow {
                    direction,
                    label: Some(value.to_string()),
                };
                (a, end, Some(f))
            })
        } else {
            body.split_once("->").map(|(a, b)| (a, b, None))
        };
        let Some((from, to, flow)) = parts else {
            self.take_meta();
            self.problem(line, text, "not a statement OWM knows, nor a link A->B");
            return;
        };
        let (from, to) = (unquote(from), unquote(to));
        if from.is_empty() || to.is_empty() {
            self.take_meta();
            self.problem(line, text, "a link needs a component at each end");
            return;
        }
        let meta = self.take_meta();
        self.links.push(LinkStmt {
            line,
            from,
            to,
            label,
            flow,
            meta,
        });
    }

    fn finish(mut self) -> Imported {
        if let Some((line, _)) = self.pending.take() {
            self.problem(line, "", "estate-map comment followed by no statement");
        }
        if self.block.is_some() {
            self.problem(0, "", "a pipeline block '{' is never closed with '}'");
        }
        if let Some(meta) = self.map_meta.take() {
            let owm_title = self.title.clone();
            match meta::apply_map(&self.map, &meta, owm_title.as_deref()) {
                Ok(m) => self.map = m,
                Err(e) => self.problem(1, "", format!("estate-map map comment ignored: {e}")),
            }
        }
        if let Some(title) = self.title.take() {
            let keep = self.map.title != title && safe_text(&self.map.title) == title;
            if !keep {
                self.map.title = title;
            }
        }
        let order = meta::take_order(&mut self.map);
        let mut elements = std::mem::take(&mut self.elements);
        let pipelines = std::mem::take(&mut self.pipelines);
        // Estate fields from comments, then ids.
        let mut variant_visibility = vec![None; elements.len()];
        for (i, e) in elements.iter_mut().enumerate() {
            if let Some(m) = e.meta.take() {
                if e.pipeline.is_some() {
                    variant_visibility[i] = m.get("visibility").and_then(Value::as_f64);
                }
                match meta::apply_component(&e.component, &m, e.pipeline.is_some()) {
                    Ok(c) => e.component = c,
                    Err(err) => {
                        self.problem(e.line, "", format!("estate-map comment ignored: {err}"))
                    }
                }
            }
        }
        self.assign_ids(&mut elements);
        let names = NameIndex::new(elements.iter().map(|e| &e.component));
        // Pipelines: mark the parent, give each variant its visibility.
        let mut parents: Vec<Option<usize>> = Vec::new();
        for p in &pipelines {
            let parent = names.find(&p.name, |i| elements[i].pipeline.is_none());
            match parent {
                Some(i) => {
                    let span = p.span;
                    let pipe = elements[i].component.pipeline.get_or_insert_with(Pipeline::default);
                    if span.is_some() {
                        pipe.span = span;
                    }
                }
                None => self.problem(
                    p.line,
                    "",
                    format!("pipeline '{}' names no component on the map; its variants were not imported", p.name),
                ),
            }
            parents.push(parent);
        }
        let mut keep = vec![true; elements.len()];
        for i in 0..elements.len() {
            let Some(p) = elements[i].pipeline else {
                continue;
            };
            match parents[p] {
                Some(parent) => {
                    let (id, vis) = {
                        let pc = &elements[parent].component;
                        (pc.id.clone(), pc.visibility)
                    };
                    let c = &mut elements[i].component;
                    c.pipeline_of = Some(id);
                    c.visibility = variant_visibility[i].unwrap_or(vis);
                }
                None => keep[i] = false,
            }
        }
        for (i, e) in elements.iter().enumerate() {
            if !keep[i] {
                self.problems.push(LineProblem {
                    line: e.line,
                    text: String::new(),
                    message: format!(
                        "pipeline variant '{}' not imported: its pipeline names no component",
                        e.component.name
                    ),
                });
            }
        }
        // Evolve and build/buy/outsource name their component.
        let index_of: HashMap<String, usize> = elements
            .iter()
            .enumerate()
            .map(|(i, e)| (e.component.id.to_string(), i))
            .collect();
        // A comment's id wins only where it agrees with the name (names used twice).
        let by_id = |elements: &[Element], id: Option<&str>, name: &str| {
            let i = *index_of.get(id?)?;
            let c = &elements[i].component;
            let agrees = normalise(&safe_name(&c.name)) == normalise(name)
                || normalise(&c.name) == normalise(name);
            agrees.then_some(i)
        };
        for ev in std::mem::take(&mut self.evolves) {
            let found = by_id(&elements, ev.id.as_deref(), &ev.name)
                .or_else(|| names.find(&ev.name, |_| true));
            match found {
                Some(i) => {
                    let c = &mut elements[i].component;
                    c.evolve.get_or_insert_default().evolution = Some(ev.value.target);
                    c.evolve_name = ev.value.new_name;
                    c.evolve_label_offset = ev.value.label;
                }
                None => self.problem(
                    ev.line,
                    "",
                    format!("evolve names '{}', which is not on the map", ev.name),
                ),
            }
        }
        for m in std::mem::take(&mut self.methods) {
            let found = by_id(&elements, m.id.as_deref(), &m.name)
                .or_else(|| names.find(&m.name, |_| true));
            match found {
                Some(i) => elements[i].component.sourcing = Some(m.value),
                None => self.problem(m.line, "", format!("'{}' is not on the map", m.name)),
            }
        }
        for e in &mut elements {
            if let Some(r) = e.url_ref.take()
                && e.component.url.is_none()
            {
                e.component.url = Some(self.urls.get(&r).cloned().unwrap_or(r));
            }
        }
        let id_of: Vec<ComponentId> = elements.iter().map(|e| e.component.id.clone()).collect();
        let mut seen_links: HashSet<(ComponentId, ComponentId)> = HashSet::new();
        for l in std::mem::take(&mut self.links) {
            let pick = |key: &str, name: &str| {
                let meta_id = l
                    .meta
                    .as_ref()
                    .and_then(|m| m.get(key))
                    .and_then(Value::as_str);
                by_id(&elements, meta_id, name)
                    .filter(|&i| keep[i])
                    .or_else(|| names.find(name, |i| keep[i]))
                    .map(|i| id_of[i].clone())
            };
            let (from, to) = (pick("from", &l.from), pick("to", &l.to));
            let (Some(from), Some(to)) = (from, to) else {
                let missing = if names.find(&l.from, |_| true).is_none() {
                    &l.from
                } else {
                    &l.to
                };
                self.problem(
                    l.line,
                    "",
                    format!("link names '{missing}', which is not on the map"),
                );
                continue;
            };
            if from == to {
                self.problem(l.line, "", "a link from a component to itself is not kept");
                continue;
            }
            if !seen_links.insert((from.clone(), to.clone())) {
                // OWM draws `A->B` and `A+>B` as two lines; ours is one link with the flow.
                let first = self
                    .map
                    .links
                    .iter_mut()
                    .find(|k| k.from == from && k.to == to);
                if let Some(first) = first
                    && (l.flow.is_some() || l.label.is_some())
                    && (first.flow.is_none() || l.flow.is_none() || first.flow == l.flow)
                    && (first.label.is_none() || l.label.is_none() || first.label == l.label)
                {
                    first.flow = first.flow.take().or(l.flow);
                    first.label = first.label.take().or(l.label);
                    continue;
                }
                self.problem(l.line, "", "the same link appears twice; kept the first");
                continue;
            }
            let mut link = Link::new(from, to);
            link.label = l.label;
            link.flow = l.flow;
            if let Some(m) = &l.meta {
                meta::apply_link(&mut link, m);
            }
            self.map.links.push(link);
        }
        let mut components: Vec<Component> = elements
            .into_iter()
            .zip(keep)
            .filter_map(|(e, k)| k.then_some(e.component))
            .collect();
        if let Some(order) = order {
            let rank: HashMap<&str, usize> = order
                .iter()
                .enumerate()
                .map(|(i, id)| (id.as_str(), i))
                .collect();
            components.sort_by_key(|c| rank.get(c.id.as_str()).copied().unwrap_or(usize::MAX));
        }
        self.map.components = components;
        let notes = std::mem::take(&mut self.notes);
        let mut seen_notes = HashSet::new();
        for (mut note, m) in notes {
            if let Some(m) = m {
                meta::apply_note(&mut note, &m);
            }
            if note.id.as_str().is_empty() || !seen_notes.insert(note.id.to_string()) {
                note.id = self.map.allocate_note_id();
            }
            self.map.notes.push(note);
        }
        self.map.bump_next_id();
        for p in validate(&self.map) {
            self.problems.push(LineProblem {
                line: 0,
                text: String::new(),
                message: p.to_string(),
            });
        }
        self.problems.sort_by_key(|p| p.line);
        Imported {
            map: self.map,
            problems: self.problems,
        }
    }

    /// Ids from comments where they are unique, fresh ones from the map's counter
    /// for the rest (never one a comment uses).
    fn assign_ids(&mut self, elements: &mut [Element]) {
        let mut seen = HashSet::new();
        for e in elements.iter_mut() {
            let id = e.component.id.clone();
            if id.as_str().is_empty() {
                continue;
            }
            if !seen.insert(id.clone()) {
                self.problem(
                    e.line,
                    "",
                    format!("id '{id}' is used twice; a new one was given"),
                );
                e.component.id = ComponentId::new("");
            }
        }
        // The counter must pass every id in use, notes included.
        let mut probe = Map::new("");
        probe.next_id = self.map.next_id;
        probe.components = elements
            .iter()
            .filter(|e| !e.component.id.as_str().is_empty())
            .map(|e| Component::new(e.component.id.clone(), "x", 0.5, 0.5))
            .collect();
        probe.notes = self
            .notes
            .iter()
            .filter(|(_, m)| m.is_some())
            .filter_map(|(_, m)| m.as_ref()?.get("id")?.as_str().map(String::from))
            .map(|id| Note {
                id: NoteId(id),
                text: String::new(),
                visibility: 0.5,
                evolution: 0.5,
                extra: Default::default(),
            })
            .collect();
        probe.bump_next_id();
        self.map.next_id = probe.next_id;
        for e in elements.iter_mut() {
            if e.component.id.as_str().is_empty() {
                e.component.id = self.map.allocate_component_id();
            }
        }
    }
}

/// A name at the start of a statement (quoted, or up to `[`, or up to a suffix).
fn split_name(rest: &str) -> Option<(String, &str)> {
    let rest = rest.trim();
    if let Some((name, tail)) = quoted(rest) {
        return (!name.trim().is_empty()).then_some((name, tail));
    }
    let end = match rest.find('[') {
        Some(i) => i,
        None => [" (", " inertia", " label ", " url(", " evolve "]
            .iter()
            .filter_map(|s| rest.find(s))
            .min()
            .unwrap_or(rest.len()),
    };
    let name = rest[..end].trim();
    (!name.is_empty()).then(|| (name.to_string(), &rest[end..]))
}

/// Where OWM's evolve finds its target (`/\s[0-9]?\.[0-9]+/`): start and end of the
/// match in `s`, and its value.
fn first_owm_number(s: &str) -> Option<(usize, usize, f64)> {
    let b = s.as_bytes();
    for start in 0..b.len() {
        if !b[start].is_ascii_whitespace() {
            continue;
        }
        let mut i = start + 1;
        if i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i >= b.len() || b[i] != b'.' {
            continue;
        }
        let digits = i + 1;
        let mut end = digits;
        while end < b.len() && b[end].is_ascii_digit() {
            end += 1;
        }
        if end > digits
            && let Ok(v) = s[start + 1..end].parse::<f64>()
        {
            return Some((start, end, v));
        }
    }
    None
}

/// `s` without the decorators OWM reads after an evolve's target (`evolve A 0.6 (buy)`,
/// drawn on the evolved form, which has no sourcing of its own here). A name's own
/// parentheses stay: the group is taken off only when a number stands before it.
fn strip_decorators(s: &str) -> &str {
    let t = s.trim_end();
    if t.ends_with(')')
        && let Some(open) = t.rfind(" (")
        && last_number(strip_label(&t[..open])).0.is_some()
    {
        return t[..open].trim_end();
    }
    s
}

/// `s` without a trailing `label [x, y]`.
fn strip_label(s: &str) -> &str {
    match s.rfind(" label") {
        Some(at)
            if bracket(&s[at + 6..])
                .is_some_and(|(b, _, a)| b.trim().is_empty() && a.trim().is_empty()) =>
        {
            &s[..at]
        }
        _ => s,
    }
}

/// The trailing number of `s` and the text before it.
fn last_number(s: &str) -> (Option<f64>, &str) {
    let s = s.trim();
    match s.rsplit_once(char::is_whitespace) {
        Some((before, last)) => match last.parse::<f64>() {
            Ok(v) if v.is_finite() => (Some(v), before.trim()),
            _ => (None, s),
        },
        None => match s.parse::<f64>() {
            Ok(v) if v.is_finite() => (Some(v), ""),
            _ => (None, s),
        },
    }
}

/// `label'>B` after `+'`: the label, the direction and the far end.
fn labelled_flow(s: &str) -> Option<(&str, FlowDirection, &str)> {
    let close = s.find('\'')?;
    let (value, after) = (&s[..close], &s[close + 1..]);
    let (direction, end) = if let Some(e) = after.strip_prefix("<>") {
        (FlowDirection::Both, e)
    } else if let Some(e) = after.strip_prefix('>') {
        (FlowDirection::Forward, e)
    } else if let Some(e) = after.strip_prefix('<') {
        (FlowDirection::Back, e)
    } else {
        return None;
    };
    Some((value, direction, end))
}

/// Where `] ]` (with spaces) closes a list of points.
fn find_double_close(s: &str) -> Option<usize> {
    let mut last_close = None;
    for (i, ch) in s.char_indices() {
        match ch {
            ']' if last_close.is_some() => return last_close,
            ']' => last_close = Some(i),
            c if c.is_whitespace() => {}
            _ => last_close = None,
        }
    }
    None
}

/// Finds components by name as OWM does: exact first, then ignoring case and spacing.
struct NameIndex {
    exact: HashMap<String, Vec<usize>>,
    loose: HashMap<String, Vec<usize>>,
}

impl NameIndex {
    fn new<'a>(components: impl Iterator<Item = &'a Component>) -> Self {
        let mut exact: HashMap<String, Vec<usize>> = HashMap::new();
        let mut loose: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, c) in components.enumerate() {
            exact.entry(c.name.clone()).or_default().push(i);
            let safe = safe_name(&c.name);
            if safe != c.name {
                exact.entry(safe.clone()).or_default().push(i);
            }
            loose.entry(normalise(&safe)).or_default().push(i);
        }
        Self { exact, loose }
    }

    fn find(&self, name: &str, ok: impl Fn(usize) -> bool) -> Option<usize> {
        let first = |v: Option<&Vec<usize>>| v.and_then(|v| v.iter().copied().find(|&i| ok(i)));
        first(self.exact.get(name)).or_else(|| first(self.loose.get(&normalise(name))))
    }
}
