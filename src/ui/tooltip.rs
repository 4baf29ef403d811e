//! The hover card of a component: its key fields, so a question in the room is answered
//! without opening the inspector.

use crate::analysis::report::format_gbp;
use crate::model::{ComponentId, Kind, Map, RiskMatrix};
use egui::{RichText, Ui};

pub fn component_tooltip(ui: &mut Ui, map: &Map, id: &ComponentId) {
    let Some(c) = map.component(id) else {
        return;
    };
    ui.label(RichText::new(&c.name).strong());
    // A user need has no support status of its own.
    match c.kind {
        Kind::UserNeed => ui.label(c.kind.label()),
        _ => ui.label(format!("{} \u{2022} {}", c.kind.label(), c.status.label())),
    };
    ui.label(format!(
        "{} (evolution {:.2}), visibility {:.2}",
        crate::scene::stage_name(c.evolution),
        c.evolution,
        c.visibility
    ));
    let mut field = |name: &str, value: Option<String>| {
        if let Some(v) = value {
            ui.label(format!("{name}: {v}"));
        }
    };
    field("Owner", c.owner.clone());
    field("Supplier", c.supplier.clone());
    field("End of support", c.end_of_support.map(|d| d.to_string()));
    field("Contract end", c.contract_end.map(|d| d.to_string()));
    field("Annual cost", c.annual_cost_gbp.map(format_gbp));
    let rating = c.clinical_risk.and_then(|r| {
        let rating = map
            .settings
            .risk_matrix
            .rating(r.likelihood?, r.consequence?);
        Some(format!("{rating} ({})", RiskMatrix::rating_meaning(rating)))
    });
    field("Clinical risk", rating);
    field("Tags", (!c.tags.is_empty()).then(|| c.tags.join(", ")));
    let needs = map.links.iter().filter(|l| l.from == c.id).count();
    let needed_by = map.links.iter().filter(|l| l.to == c.id).count();
    ui.label(format!("Depends on {needs}, needed by {needed_by}"));
    if let Some(d) = &c.description {
        ui.label(RichText::new(d).italics());
    }
    ui.weak("Double-click or F2 to rename, right-click for status");
}
