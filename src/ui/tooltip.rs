//! The hover card of a component: its key fields, so a question in the room is answered
//! without opening the inspector.

use crate::model::{ComponentId, Map};
use crate::scene::card::card;
use egui::{RichText, Ui};

/// `read_only`: the map cannot be edited, so the card offers no editing gestures.
pub fn component_tooltip(ui: &mut Ui, map: &Map, id: &ComponentId, read_only: bool) {
    let Some(c) = map.component(id) else {
        return;
    };
    let card = card(map, c);
    ui.label(RichText::new(&card.name).strong());
    for line in &card.lines {
        ui.label(line);
    }
    if let Some(d) = &card.description {
        ui.label(RichText::new(d).italics());
    }
    if !read_only {
        ui.weak("Double-click or F2 to rename, right-click for status");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Component;
    use crate::model::fields::{FIELDS, Value};
    use egui_kittest::Harness;
    use egui_kittest::kittest::Queryable;

    #[test]
    fn the_card_shows_every_field_the_table_puts_on_it() {
        let mut map = Map::new("t");
        let id = map.allocate_component_id();
        let mut c = Component::new(id.clone(), "EPR", 0.6, 0.4);
        let card: Vec<_> = FIELDS.iter().filter(|f| f.on_card).collect();
        for spec in &card {
            let text = match spec.value {
                Value::Date => "2027-03-31",
                Value::Money => "12500",
                _ => "Trust IT",
            };
            (spec.parse)(&mut c, text).unwrap();
        }
        map.components.push(c);
        let harness = Harness::new_ui(|ui| component_tooltip(ui, &map, &id, false));
        assert!(
            card.len() >= 6,
            "owner, supplier, dates, cost and tags at least"
        );
        for spec in card {
            let value = match spec.value {
                Value::Date => "2027-03-31",
                Value::Money => "\u{a3}12,500",
                _ => "Trust IT",
            };
            harness.get_by_label(&format!("{}: {value}", spec.label));
        }
    }
}
