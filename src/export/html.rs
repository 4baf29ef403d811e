//! One self-contained interactive HTML page of a map: the scene as inline SVG (one per
//! colouring, the others in templates), a keyboard-reachable hotspot per component
//! carrying the scene item's accessible name, the analysis (register, exposure,
//! summary) as inline JSON, and a small script and stylesheet from `assets/html/`.
//! Nothing is fetched: the page works from a file share or an email attachment with
//! no network.

use super::{ExportError, ExportOptions, Format, Page, Size, scene_of, svg};
use crate::analysis::money::format_gbp_short;
use crate::analysis::report::{Report, ReportFormat, format_gbp};
use crate::analysis::{Analysis, MoneyAnalysis, RankBy, RegisterFilter, format_points};
use crate::model::fields::FIELDS;
use crate::model::{Component, Kind, Map, SupportStatus};
use crate::scene::{ColourBy, ItemId, Rect, Scene, SceneOptions, card};
use serde_json::{Map as JsonObject, Value, json};
use std::fmt::Write;

const STYLE: &str = include_str!("../../assets/html/viewer.css");
const SCRIPT: &str = include_str!("../../assets/html/viewer.js");

/// Register keys shown in this order with these labels; any other scalar key a row
/// gains later (e.g. a money column) is appended after them, labelled from its key.
const REGISTER_COLUMNS: [(&str, &str); 12] = [
    ("rank", "Rank"),
    ("name", "Component"),
    ("status", "Status"),
    ("clinical", "Clinical rating"),
    ("score", "Score"),
    ("dependent_user_needs", "User needs"),
    ("annual_cost_gbp", "Annual cost"),
    ("supplier", "Supplier"),
    ("owner", "Owner"),
    ("end_of_support", "End of support"),
    ("contract_end", "Contract end"),
    ("date_category", "Dates"),
];
/// Shown elsewhere (status carries "exposed"; the score's parts are in its explanation).
const REGISTER_HIDDEN: [&str; 5] = ["id", "kind", "exposed", "score_parts", "explanation"];
/// Report keys the page lays out itself; any other top-level key is shown in the summary.
const REPORT_KNOWN: [&str; 12] = [
    "rank_by",
    "draws",
    "money_settings",
    "loss_exceedance",
    "title",
    "organisation",
    "today",
    "score_weights",
    "filter",
    "register",
    "exposure",
    "checks",
];

/// Field table keys the details panel shows in its own way.
const DETAILED_ELSEWHERE: [&str; 8] = [
    "name",
    "kind",
    "status",
    "clinical_risk.likelihood",
    "clinical_risk.consequence",
    "evolve.evolution",
    "evolve.planned",
    "evolve.replaced_by",
];

/// The page for `map`. The colouring in `options` is shown first; the others are a
/// click away. Size options do not apply: the map scales to the window.
pub fn write(map: &Map, options: &ExportOptions) -> Result<String, ExportError> {
    let today = options.scene.reference_date(map);
    let analysis = Analysis::new(map, today);
    let mut svgs = String::new();
    let mut first: Option<(Scene, Page)> = None;
    for colour_by in ColourBy::ALL {
        let opts = ExportOptions {
            scene: SceneOptions {
                colour_by,
                ..options.scene.clone()
            },
            size: Size::Auto,
            scale: 1.0,
            ..options.clone()
        };
        let (scene, opts) = scene_of(map, Format::Svg, &opts);
        let page = Page::new(&scene, Format::Svg, &opts)?;
        let key = colouring_key(colour_by);
        let shown = colour_by == options.scene.colour_by;
        let text = svg::write(&scene, &page)
            .replacen(
                r#"<svg xmlns="http://www.w3.org/2000/svg" "#,
                &format!(
                    r#"<svg class="scene" data-colour="{key}" role="img" aria-label="Map coloured by {}" "#,
                    colour_by.label().to_lowercase()
                ),
                1,
            )
            // Three SVGs in one document: each keeps its own clip id.
            .replace("id=\"view\"", &format!("id=\"view-{key}\""))
            .replace("url(#view)", &format!("url(#view-{key})"));
        // The other colourings wait in templates: parsed, but no DOM or layout until
        // chosen, so a large map opens faster.
        if shown {
            svgs.push_str(&text);
        } else {
            let _ = writeln!(svgs, "<template data-colour=\"{key}\">{text}</template>");
        }
        if first.is_none() {
            first = Some((scene, page));
        }
    }
    let (scene, page) = first.expect("ColourBy::ALL is not empty");
    let data = page_data(map, &analysis, &scene, options);

    let mut out = String::with_capacity(svgs.len() * 2);
    let title = escape(&map.title);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\"/>\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n\
         <meta name=\"generator\" content=\"Estate Map\"/>\n<title>{title}</title>\n\
         <style>/*<![CDATA[*/\n{STYLE}/*]]>*/</style>\n</head>\n<body>\n"
    );
    header(&mut out, map, options);
    out.push_str(
        "<div class=\"layout\">\n<section class=\"map-pane\" aria-label=\"Map\">\n<div class=\"map\" id=\"map\">\n",
    );
    out.push_str(&svgs);
    hotspots(&mut out, &scene, &page, map);
    let ranked_by = data["ranked_by"].as_str().unwrap_or("risk score");
    out.push_str(
        &"</div>\n<p class=\"hint no-print\">Hover a component for its details; click it (or Tab to it and press Enter) to highlight what depends on it. Escape clears.</p>\n</section>\n\
         <aside class=\"details\" id=\"details\" aria-live=\"polite\" aria-label=\"Selected component\">\
         <h2>Selected component</h2><p class=\"muted\">None selected: click a component on the map or a row of the register.</p></aside>\n</div>\n\
         <section id=\"summary\" aria-labelledby=\"summary-h\"><h2 id=\"summary-h\">Board summary</h2><div id=\"summary-body\"></div></section>\n\
         <section id=\"register\" aria-labelledby=\"register-h\"><h2 id=\"register-h\">Risk register</h2>\
         <p class=\"muted\">Ranked by {ranked_by}; click a column heading to sort, a row to select it on the map.</p>\
         <div class=\"table-wrap\" id=\"register-body\"></div></section>\n\
         <section id=\"exposure\" aria-labelledby=\"exposure-h\"><h2 id=\"exposure-h\">Exposure of each user need</h2><div id=\"exposure-body\"></div></section>\n\
         <div id=\"tooltip\" class=\"tooltip\" role=\"tooltip\" hidden=\"hidden\"></div>\n"
            .replace("{ranked_by}", ranked_by),
    );
    out.push_str("<script type=\"application/json\" id=\"estate-data\">");
    out.push_str(&json_for_html(&data));
    out.push_str("</script>\n<script>//<![CDATA[\n");
    out.push_str(SCRIPT);
    out.push_str("//]]>\n</script>\n</body>\n</html>\n");
    Ok(out)
}

fn colouring_key(c: ColourBy) -> &'static str {
    match c {
        ColourBy::Status => "status",
        ColourBy::Risk => "risk",
        ColourBy::Dates => "dates",
    }
}

/// Title, organisation, as-of date, subtitle and the page's controls.
fn header(out: &mut String, map: &Map, options: &ExportOptions) {
    // The scene's title block date: given, else when the map was last modified.
    let as_of = options
        .scene
        .frame
        .as_of
        .unwrap_or_else(|| map.modified.date_naive());
    let _ = write!(
        out,
        "<header class=\"page-head\">\n<h1>{}</h1>\n<p class=\"meta\">",
        escape(&map.title)
    );
    if let Some(org) = &map.organisation {
        let _ = write!(out, "<span>{}</span> \u{b7} ", escape(org));
    }
    let _ = write!(out, "<span>As of {}</span>", as_of.format("%-d %B %Y"));
    if let Some(sub) = &options.scene.frame.subtitle {
        let _ = write!(out, " \u{b7} <span>{}</span>", escape(sub));
    }
    out.push_str("</p>\n</header>\n<div class=\"toolbar no-print\" role=\"region\" aria-label=\"Map controls\">\n");
    out.push_str(
        "<div class=\"find\"><label for=\"find\">Find a component</label> \
         <input type=\"search\" id=\"find\" autocomplete=\"off\" placeholder=\"Name\u{2026}\" aria-describedby=\"find-count\"/> \
         <span id=\"find-count\" class=\"muted\" aria-live=\"polite\"></span>\
         <ul id=\"find-results\" class=\"find-results\"></ul></div>\n\
         <fieldset class=\"colour-by\"><legend>Colour by</legend>",
    );
    for c in ColourBy::ALL {
        let key = colouring_key(c);
        let checked = if c == options.scene.colour_by {
            " checked=\"checked\""
        } else {
            ""
        };
        let _ = write!(
            out,
            "<label><input type=\"radio\" name=\"colour\" value=\"{key}\"{checked}/> {}</label>",
            c.label()
        );
    }
    out.push_str(
        "</fieldset>\n<button type=\"button\" id=\"clear\">Clear selection</button>\n</div>\n",
    );
}

/// A transparent, focusable rectangle over each component, named as the scene item,
/// and a veil with holes that dims what is outside the highlighted blast radius.
fn hotspots(out: &mut String, scene: &Scene, page: &Page, map: &Map) {
    let v = page.viewbox;
    // The veil covers what the map draws (boxes, links, notes), not title or legend.
    let veil = scene
        .items
        .iter()
        .map(|i| i.hit)
        .reduce(|a, b| a.union(&b))
        .map_or(v, |r| r.expand(30.0));
    let _ = write!(
        out,
        "<svg class=\"overlay\" viewBox=\"{} {} {} {}\" aria-label=\"Components\" role=\"group\">\n\
         <mask id=\"veil-mask\"><rect x=\"{4}\" y=\"{5}\" width=\"{6}\" height=\"{7}\" fill=\"white\"/><g id=\"holes\"></g></mask>\n\
         <rect id=\"veil\" class=\"veil\" x=\"{4}\" y=\"{5}\" width=\"{6}\" height=\"{7}\" mask=\"url(#veil-mask)\"/>\n",
        v.min.x,
        v.min.y,
        v.width(),
        v.height(),
        veil.min.x,
        veil.min.y,
        veil.width(),
        veil.height()
    );
    for item in &scene.items {
        let ItemId::Component(id) = &item.id else {
            continue;
        };
        let Some(index) = map.components.iter().position(|c| &c.id == id) else {
            continue;
        };
        let r = item.hit;
        let _ = writeln!(
            out,
            "<rect class=\"hot\" data-i=\"{index}\" tabindex=\"0\" role=\"button\" aria-label=\"{}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"6\"/>",
            escape(&item.name),
            r.min.x,
            r.min.y,
            r.width(),
            r.height()
        );
    }
    out.push_str("</svg>\n");
}

/// The register as the app and `estate-map report` rank it: by expected loss when the
/// map records service facts, by risk score otherwise. The side panel, the summary's
/// top risks and the register table all follow it.
struct Ranked {
    by: RankBy,
    /// The register's rows in rank order (report JSON; the money objects flattened).
    rows: Vec<Value>,
    report: Value,
    money: MoneyAnalysis,
    /// Component index -> register rank.
    ranks: std::collections::HashMap<usize, u64>,
}

impl Ranked {
    fn new(map: &Map, analysis: &Analysis) -> Ranked {
        let money = MoneyAnalysis::new(map, analysis);
        let by = RankBy::default_for(&money);
        let filter = RegisterFilter::default();
        let report: Value = Report::new(map, analysis, &filter)
            .with_money(&money, by)
            .render(ReportFormat::Json)
            .ok()
            .and_then(|t| serde_json::from_str(&t).ok())
            .unwrap_or(Value::Null);
        let mut rows = report["register"].as_array().cloned().unwrap_or_default();
        let mut ranks = std::collections::HashMap::new();
        for row in &mut rows {
            let index = map
                .components
                .iter()
                .position(|c| Some(c.id.as_str()) == row["id"].as_str());
            if let (Some(i), Some(rank)) = (index, row["rank"].as_u64()) {
                ranks.insert(i, rank);
            }
            // One column each: the median (sorts as pounds) and the worst harm.
            let median = row["expected_loss_gbp"]["median"].clone();
            if !median.is_null() {
                row["expected_loss_gbp"] = median;
            }
            let worst = row["harm"]["worst"].clone();
            if row.get("harm").is_some() {
                row["harm"] = worst;
            }
        }
        Ranked {
            by,
            rows,
            report,
            money,
            ranks,
        }
    }

    fn rank(&self, n: usize) -> Option<u64> {
        self.ranks.get(&n).copied()
    }

    /// "expected annual loss" or "risk score".
    fn label(&self) -> &'static str {
        match self.by {
            RankBy::Loss => "expected annual loss",
            RankBy::Score => "risk score",
        }
    }

    /// What a component is ranked on: "£45k a year" or "score 14".
    fn figure(&self, analysis: &Analysis, n: usize) -> String {
        match (self.by, self.money.system(n)) {
            (RankBy::Loss, Some(system)) => {
                format!("{} a year", format_gbp_short(system.expected_loss.median))
            }
            _ => format!(
                "score {}",
                format_points(analysis.components()[n].score.total)
            ),
        }
    }
}

fn page_data(map: &Map, analysis: &Analysis, scene: &Scene, options: &ExportOptions) -> Value {
    let ranked = Ranked::new(map, analysis);
    let report = &ranked.report;
    let hits: std::collections::HashMap<&crate::model::ComponentId, Rect> = scene
        .items
        .iter()
        .filter_map(|i| match &i.id {
            ItemId::Component(id) => Some((id, i.hit)),
            _ => None,
        })
        .collect();
    let components: Vec<Value> = map
        .components
        .iter()
        .enumerate()
        .map(|(n, c)| {
            let hit = hits
                .get(&c.id)
                .map(|r| json!([r.min.x, r.min.y, r.width(), r.height()]));
            json!({
                "id": c.id,
                "name": c.name,
                "need": c.kind == Kind::UserNeed,
                "status": c.status.label(),
                "hit": hit,
                "tip": tooltip_lines(map, c),
                "fields": fields(map, c, analysis, n, &ranked),
                "needs": analysis.needs_depending_on(&c.id),
                "blast": analysis.blast_radius(&c.id).map_or(0, |b| b.components.len()),
                "dependants": analysis.graph().dependants(n).collect::<Vec<_>>(),
                "rank": ranked.rank(n),
            })
        })
        .collect();
    let rows = ranked.rows.clone();
    let index_of = |id: &Value| {
        map.components
            .iter()
            .position(|c| Some(c.id.as_str()) == id.as_str())
    };
    let exposure: Vec<Value> = report["exposure"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|e| {
            let at_risk: Vec<Value> = e["at_risk"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|a| {
                    json!({"i": index_of(&a["id"]), "name": a["name"], "status": status_label(&a["status"]), "rank": a["rank"]})
                })
                .collect();
            json!({"i": index_of(&e["need"]), "name": e["name"], "rests_on": e["rests_on"], "at_risk": at_risk})
        })
        .collect();
    let extra: Vec<Value> = report
        .as_object()
        .into_iter()
        .flatten()
        .filter(|(k, _)| !REPORT_KNOWN.contains(&k.as_str()))
        .map(|(k, v)| json!([humanise(k), display(k, v)]))
        .collect();
    json!({
        "title": map.title,
        "colouring": colouring_key(options.scene.colour_by),
        "components": components,
        "register": register_table(map, &rows, &index_of),
        "exposure": exposure,
        "summary": summary(map, analysis, &ranked),
        "ranked_by": ranked.label(),
        "extra": extra,
        "checks": report["checks"].as_array().into_iter().flatten().map(|c| c["message"].clone()).collect::<Vec<_>>(),
    })
}

/// Columns (known ones first, then any new scalar key of the rows) and each row as
/// display text plus a sort key per column.
fn register_table(map: &Map, rows: &[Value], index_of: &dyn Fn(&Value) -> Option<usize>) -> Value {
    let mut columns: Vec<(String, String)> = REGISTER_COLUMNS
        .iter()
        .map(|(k, l)| (k.to_string(), l.to_string()))
        .collect();
    for row in rows {
        for key in row.as_object().into_iter().flat_map(|o| o.keys()) {
            let known = columns.iter().any(|(k, _)| k == key);
            if !known && !REGISTER_HIDDEN.contains(&key.as_str()) {
                columns.push((key.clone(), humanise(key)));
            }
        }
    }
    let cells: Vec<Value> = rows
        .iter()
        .map(|row| {
            let cells: Vec<Value> = columns
                .iter()
                .map(|(key, _)| {
                    let v = &row[key.as_str()];
                    let (text, sort) = cell(map, key, v, row);
                    json!([text, sort])
                })
                .collect();
            let needs = cell_needs(map, &row["dependent_user_needs"]);
            json!({"i": index_of(&row["id"]), "cells": cells, "why": row["explanation"], "needs": needs})
        })
        .collect();
    json!({
        "columns": columns.iter().map(|(k, l)| json!({"key": k, "label": l})).collect::<Vec<_>>(),
        "rows": cells,
    })
}

/// "User needs: A, B" for a row's hover text.
fn cell_needs(map: &Map, ids: &Value) -> String {
    let names: Vec<&str> = ids
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|id| {
            map.components
                .iter()
                .find(|c| Some(c.id.as_str()) == id.as_str())
        })
        .map(|c| c.name.as_str())
        .collect();
    if names.is_empty() {
        String::new()
    } else {
        format!("User needs: {}", names.join(", "))
    }
}

/// The text shown for one register cell and the value it sorts by.
fn cell(map: &Map, key: &str, v: &Value, row: &Value) -> (String, Value) {
    match key {
        "status" => {
            let mut text = status_label(v);
            if row["exposed"] == Value::Bool(true) {
                text.push_str(" (exposed)");
            }
            (text.clone(), Value::String(text))
        }
        "clinical" => match v["rating"].as_u64() {
            Some(r) => (r.to_string(), json!(r)),
            None => ("not assessed".into(), json!(0)),
        },
        "dependent_user_needs" => {
            let ids = v.as_array().cloned().unwrap_or_default();
            let names: Vec<&str> = ids
                .iter()
                .filter_map(|id| {
                    map.components
                        .iter()
                        .find(|c| Some(c.id.as_str()) == id.as_str())
                })
                .map(|c| c.name.as_str())
                .collect();
            // The count keeps rows short; the names are the row's hover text.
            (names.len().to_string(), json!(ids.len()))
        }
        "date_category" => {
            use crate::analysis::DateCategory as D;
            let label = [D::Expired, D::Within12Months, D::Later, D::NoDate]
                .into_iter()
                .find(|d| serde_json::to_value(d).ok().as_ref() == Some(v))
                .map_or_else(|| display(key, v), |d| d.label().to_string());
            (label.clone(), Value::String(label))
        }
        _ => (display(key, v), sort_key(v)),
    }
}

fn sort_key(v: &Value) -> Value {
    match v {
        Value::Number(_) | Value::String(_) => v.clone(),
        Value::Bool(b) => json!(u8::from(*b)),
        Value::Null => Value::Null,
        other => Value::String(other.to_string()),
    }
}

/// A JSON value as a reader would write it: pounds for `_gbp` keys, words for keys.
fn display(key: &str, v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::Bool(b) => if *b { "yes" } else { "no" }.into(),
        Value::Number(n) => {
            let f = n.as_f64().unwrap_or_default();
            if key.ends_with("_gbp") || key.ends_with("gbp") {
                format_gbp(f)
            } else {
                format_points(f)
            }
        }
        Value::String(s) if key.ends_with("category") || key == "state" => humanise(s),
        Value::String(s) => s.clone(),
        Value::Array(a) => a
            .iter()
            .map(|x| display(key, x))
            .collect::<Vec<_>>()
            .join(", "),
        Value::Object(o) => o
            .iter()
            .map(|(k, x)| format!("{}: {}", humanise(k), display(k, x)))
            .collect::<Vec<_>>()
            .join("; "),
    }
}

fn status_label(key: &Value) -> String {
    SupportStatus::ALL
        .iter()
        .find(|s| Some(s.key()) == key.as_str())
        .map_or_else(|| display("status", key), |s| s.label().to_string())
}

/// "expected_loss_gbp" -> "Expected loss (GBP)".
fn humanise(key: &str) -> String {
    let words = key.strip_suffix("_gbp").map_or_else(
        || key.replace('_', " "),
        |k| format!("{} (GBP)", k.replace('_', " ")),
    );
    let mut chars = words.chars();
    chars.next().map_or_else(String::new, |c| {
        c.to_uppercase().collect::<String>() + chars.as_str()
    })
}

/// The app's hover card, line by line (first line the name, last the description).
fn tooltip_lines(map: &Map, c: &Component) -> Vec<String> {
    let card = card::card(map, c);
    let mut lines = vec![card.name];
    lines.extend(card.lines);
    lines.extend(card.description);
    lines
}

/// Every field of the component that has a value, as label and text.
fn fields(
    map: &Map,
    c: &Component,
    analysis: &Analysis,
    n: usize,
    ranked: &Ranked,
) -> Vec<[String; 2]> {
    let facts = &analysis.components()[n];
    let mut out: Vec<[String; 2]> = Vec::new();
    let mut add = |label: &str, value: Option<String>| {
        if let Some(v) = value.filter(|v| !v.is_empty()) {
            out.push([label.to_string(), v]);
        }
    };
    add("Kind", Some(c.kind.label().to_string()));
    if c.kind != Kind::UserNeed {
        add("Support status", Some(c.status.label().to_string()));
        // The rank is the register's, beside the figure it ranks on.
        let rank = ranked.rank(n).map(|r| format!(" (rank {r})"));
        let (loss_rank, score_rank) = match ranked.by {
            RankBy::Loss => (rank, None),
            RankBy::Score => (None, rank),
        };
        if let Some(system) = ranked.money.system(n) {
            add(
                "Expected loss",
                Some(format!(
                    "{}{}",
                    system.expected_loss.describe(),
                    loss_rank.unwrap_or_default()
                )),
            );
            add("Harm if it fails", Some(system.statement.clone()));
        }
        add(
            "Risk score",
            Some(format!(
                "{}{}",
                format_points(facts.score.total),
                score_rank.unwrap_or_default()
            )),
        );
        add("Why", Some(facts.score.explain()));
    }
    add(
        "Evolution",
        Some(format!(
            "{} ({:.2})",
            crate::scene::stage_name(c.evolution),
            c.evolution
        )),
    );
    add("Visibility", Some(format!("{:.2}", c.visibility)));
    add(
        "Clinical risk",
        Some(card::clinical_rating(map, c).unwrap_or_else(|| facts.rating.to_string())),
    );
    // The table's fields, but those shown above or as "Planned evolution" below.
    for spec in FIELDS
        .iter()
        .filter(|f| !DETAILED_ELSEWHERE.contains(&f.key))
    {
        add(spec.label, card::shown(spec, c));
    }
    if let Some(e) = &c.evolve {
        let target = e
            .replaced_by
            .as_ref()
            .and_then(|id| map.component(id))
            .map(|r| format!("replaced by {}", r.name))
            .or_else(|| {
                e.evolution
                    .map(|x| format!("to {}", crate::scene::stage_name(x)))
            });
        let when = e.planned.map(|d| format!(" by {d}")).unwrap_or_default();
        add("Planned evolution", target.map(|t| t + &when));
    }
    for (key, value) in &c.extra {
        add(&humanise(key), Some(display(key, value)));
    }
    add("ID", Some(c.id.to_string()));
    out
}

/// Counts by status, money where the map has costs, and the top risks.
fn summary(map: &Map, analysis: &Analysis, ranked: &Ranked) -> Value {
    let mut counts = JsonObject::new();
    let parts = map.components.iter().filter(|c| c.kind != Kind::UserNeed);
    for status in SupportStatus::ALL {
        let n = parts.clone().filter(|c| c.status == status).count();
        counts.insert(status.label().to_string(), json!(n));
    }
    let costed: Vec<&Component> = parts
        .clone()
        .filter(|c| c.annual_cost_gbp.is_some())
        .collect();
    let total: f64 = costed.iter().filter_map(|c| c.annual_cost_gbp).sum();
    let at_risk: f64 = costed
        .iter()
        .filter(|c| c.status.is_at_risk())
        .filter_map(|c| c.annual_cost_gbp)
        .sum();
    let needs = map
        .components
        .iter()
        .filter(|c| c.kind == Kind::UserNeed)
        .count();
    let exposed_needs = analysis
        .exposures()
        .iter()
        .filter(|e| !e.at_risk.is_empty())
        .count();
    let mut order: Vec<(u64, usize)> = ranked.ranks.iter().map(|(&n, &r)| (r, n)).collect();
    order.sort_unstable();
    let top: Vec<Value> = order
        .into_iter()
        .take(5)
        .map(|(_, n)| {
            let c = &map.components[n];
            json!({"i": n, "name": c.name, "status": c.status.label(), "figure": ranked.figure(analysis, n)})
        })
        .collect();
    json!({
        "counts": counts,
        "systems": parts.count(),
        "needs": needs,
        "exposed_needs": exposed_needs,
        "costed": costed.len(),
        "annual_cost": (!costed.is_empty()).then(|| format_gbp(total)),
        "annual_cost_at_risk": (!costed.is_empty()).then(|| format_gbp(at_risk)),
        "top": top,
    })
}

/// JSON safe inside a `<script>` element and in XML text: no `<`, `>` or `&` at all.
fn json_for_html(value: &Value) -> String {
    serde_json::to_string(value)
        .expect("JSON values serialise")
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    // The details panel shows every field the table has once it is set: a field added
    // to the table appears without touching the viewer.
    #[test]
    fn the_details_show_every_set_field_of_the_table() {
        let mut map = Map::new("t");
        let id = map.allocate_component_id();
        let mut c = Component::new(id, "EPR", 0.6, 0.4);
        let plain: Vec<_> = FIELDS
            .iter()
            .filter(|f| !DETAILED_ELSEWHERE.contains(&f.key))
            .collect();
        for spec in &plain {
            let text = match spec.value {
                crate::model::fields::Value::Date => "2027-03-31",
                crate::model::fields::Value::Money => "12500",
                crate::model::fields::Value::Flag => "yes",
                crate::model::fields::Value::Number => "140",
                crate::model::fields::Value::Range => "0.25 / 0.5 / 1",
                _ => (spec.choices)().first().copied().unwrap_or("Trust IT"),
            };
            (spec.parse)(&mut c, text).unwrap();
        }
        map.components.push(c);
        let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 2).unwrap();
        let analysis = Analysis::new(&map, today);
        let ranked = Ranked::new(&map, &analysis);
        let details = fields(&map, &map.components[0], &analysis, 0, &ranked);
        for spec in plain {
            let shown = card::shown(spec, &map.components[0]).unwrap();
            assert!(
                details.contains(&[spec.label.to_string(), shown.clone()]),
                "{} = {shown} missing from {details:?}",
                spec.key
            );
        }
    }

    #[test]
    fn new_keys_are_labelled_from_their_name() {
        assert_eq!(humanise("expected_loss_gbp"), "Expected loss (GBP)");
        assert_eq!(humanise("date_category"), "Date category");
        assert_eq!(
            display("expected_loss_gbp", &json!(1250000.0)),
            "£1,250,000"
        );
    }

    #[test]
    fn a_new_register_column_shows_without_changing_the_page() {
        let map = Map::new("Empty");
        let rows = vec![json!({"id": "c1", "rank": 1, "name": "EPR", "expected_loss_gbp": 5000.0})];
        let table = register_table(&map, &rows, &|_| Some(0));
        let columns = table["columns"].as_array().unwrap();
        let last = columns.last().unwrap();
        assert_eq!(last["label"], "Expected loss (GBP)");
        let cells = table["rows"][0]["cells"].as_array().unwrap();
        assert_eq!(cells[columns.len() - 1], json!(["£5,000", 5000.0]));
        assert!(!columns.iter().any(|c| c["key"] == "id"), "ids stay hidden");
    }

    #[test]
    fn script_data_cannot_close_its_element() {
        let text = json_for_html(&json!({"name": "</script><b>&"}));
        assert!(!text.contains('<') && !text.contains('>') && !text.contains('&'));
        let back: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back["name"], "</script><b>&");
    }
}
