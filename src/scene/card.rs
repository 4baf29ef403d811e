//! A component's hover card as text: the app's tooltip and the HTML viewer's show the
//! same card, its fields (and how they read) from the field table.

use crate::analysis::report::format_gbp;
use crate::model::fields::{FIELDS, FieldSpec, Section, Value};
use crate::model::{Component, Kind, Map, RiskMatrix};

pub struct Card {
    pub name: String,
    /// Kind and status, stage, the card's fields, then how it is linked.
    pub lines: Vec<String>,
    pub description: Option<String>,
}

/// The card of `c` on `map`.
pub fn card(map: &Map, c: &Component) -> Card {
    let mut lines = Vec::new();
    // A user need has no support status of its own.
    lines.push(match c.kind {
        Kind::UserNeed => c.kind.label().to_string(),
        _ => format!("{} \u{2022} {}", c.kind.label(), c.status.label()),
    });
    lines.push(format!(
        "{} (evolution {:.2}), visibility {:.2}",
        super::stage_name(c.evolution),
        c.evolution,
        c.visibility
    ));
    let mut field = |name: &str, value: Option<String>| {
        if let Some(v) = value {
            lines.push(format!("{name}: {v}"));
        }
    };
    // The fields the table puts on the card, with the clinical rating (worked out from
    // the map's matrix) after the support fields.
    let on_card = |section| {
        FIELDS
            .iter()
            .filter(move |f| f.on_card && f.section == section)
    };
    for spec in on_card(Section::Support) {
        field(spec.label, shown(spec, c));
    }
    field("Clinical risk", clinical_rating(map, c));
    for spec in on_card(Section::Plan) {
        field(spec.label, shown(spec, c));
    }
    let needs = map.links.iter().filter(|l| l.from == c.id).count();
    let needed_by = map.links.iter().filter(|l| l.to == c.id).count();
    lines.push(format!("Depends on {needs}, needed by {needed_by}"));
    Card {
        name: c.name.clone(),
        lines,
        description: c.description.clone(),
    }
}

/// A field's value as a reader sees it (pounds formatted), `None` when not set.
pub fn shown(spec: &FieldSpec, c: &Component) -> Option<String> {
    let text = (spec.show)(c);
    match spec.value {
        Value::Money => text.parse().ok().map(format_gbp),
        _ => Some(text).filter(|t| !t.is_empty()),
    }
}

/// "12 (high)" from the map's matrix, when likelihood and consequence are both set.
pub fn clinical_rating(map: &Map, c: &Component) -> Option<String> {
    c.clinical_risk.and_then(|r| {
        let rating = map
            .settings
            .risk_matrix
            .rating(r.likelihood?, r.consequence?);
        Some(format!("{rating} ({})", RiskMatrix::rating_meaning(rating)))
    })
}
