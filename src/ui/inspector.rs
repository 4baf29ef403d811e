//! The inspector side panel: every field of the selection. Edits are commands; typing
//! into a field is one undo step, ended when the field loses focus.

use super::app::EstateApp;
use crate::edit::{Command, Field};
use crate::model::{
    Component, ComponentId, Consequence, Hosting, Kind, Likelihood, RiskMatrix, Sourcing,
    SupportStatus,
};
use chrono::NaiveDate;
use egui::{ComboBox, Id, RichText, TextEdit, Ui};
use std::collections::HashMap;

/// Text typed into inspector fields that is not (yet) valid, with the reason.
#[derive(Default)]
pub struct InspectorState {
    buffers: HashMap<&'static str, String>,
    errors: HashMap<&'static str, String>,
}

type Parse = fn(&str) -> Result<Field, String>;

impl EstateApp {
    pub(super) fn inspector_ui(&mut self, ui: &mut Ui) {
        ui.heading("Inspector");
        if self.doc.read_only {
            ui.label(RichText::new("Read-only: fields cannot be changed").italics());
        }
        let sel = self.canvas.selection.clone();
        egui::ScrollArea::vertical().show(ui, |ui| {
            ui.add_enabled_ui(!self.doc.read_only, |ui| {
                if let Some(id) = sel.single_component() {
                    self.component_fields(ui, id);
                } else if sel.components.len() > 1 {
                    self.many_fields(ui, sel.components.len());
                } else if let Some((from, to)) = &sel.link {
                    self.link_fields(ui, from, to);
                } else if let Some(id) = sel.notes.iter().next() {
                    self.note_fields(ui, id);
                } else {
                    self.nothing_selected(ui);
                }
            });
        });
    }

    fn nothing_selected(&self, ui: &mut Ui) {
        let map = &self.doc.map;
        ui.label(RichText::new(&map.title).strong());
        ui.label(format!(
            "{} components, {} links, {} notes",
            map.components.len(),
            map.links.len(),
            map.notes.len()
        ));
        ui.separator();
        ui.label("Double-click the canvas to add a component.");
        ui.label("Click a component to see and edit its fields.");
    }

    fn many_fields(&mut self, ui: &mut Ui, n: usize) {
        ui.label(format!("{n} components selected"));
        let mut status = None;
        ComboBox::from_label("Support status of all")
            .selected_text("Choose\u{2026}")
            .show_ui(ui, |ui| {
                for s in SupportStatus::ALL {
                    if ui.selectable_label(false, s.label()).clicked() {
                        status = Some(s);
                    }
                }
            });
        if let Some(s) = status {
            self.set_status_on_selection(s);
        }
        let mut kind = None;
        ComboBox::from_label("Kind of all")
            .selected_text("Choose\u{2026}")
            .show_ui(ui, |ui| {
                for k in Kind::ALL {
                    if ui.selectable_label(false, k.label()).clicked() {
                        kind = Some(k);
                    }
                }
            });
        if let Some(k) = kind {
            self.set_kind_on_selection(k);
        }
        if ui.button("Delete selected").clicked() {
            self.delete_selection();
        }
    }

    fn component_fields(&mut self, ui: &mut Ui, id: &ComponentId) {
        let Some(c) = self.doc.map.component(id).cloned() else {
            return;
        };
        self.text_field(ui, id, "Name", "name", c.name.clone(), parse_name);
        let mut fields = Vec::new();
        choice(
            ui,
            "Kind",
            Some(c.kind),
            &Kind::ALL,
            |k| k.label(),
            false,
            |k| {
                if let Some(k) = k {
                    fields.push(Field::Kind(k));
                }
            },
        );
        // A user need is what the estate serves: no support status of its own.
        if c.kind != Kind::UserNeed {
            choice(
                ui,
                "Support status",
                Some(c.status),
                &SupportStatus::ALL,
                |s| s.label(),
                false,
                |s| {
                    if let Some(s) = s {
                        fields.push(Field::Status(s));
                    }
                },
            );
        }
        for field in fields.drain(..) {
            self.set_field(id, field);
        }
        self.text_field(ui, id, "Owner", "owner", opt(&c.owner), |t| {
            Ok(Field::Owner(Some(t.into())))
        });
        self.text_field(ui, id, "Supplier", "supplier", opt(&c.supplier), |t| {
            Ok(Field::Supplier(Some(t.into())))
        });
        self.text_field(
            ui,
            id,
            "End of support (YYYY-MM-DD)",
            "end_of_support",
            date(c.end_of_support),
            |t| parse_date(t).map(Field::EndOfSupport),
        );
        self.text_field(
            ui,
            id,
            "Contract end (YYYY-MM-DD)",
            "contract_end",
            date(c.contract_end),
            |t| parse_date(t).map(Field::ContractEnd),
        );
        self.text_field(
            ui,
            id,
            "Break clause",
            "break_clause",
            opt(&c.break_clause),
            |t| Ok(Field::BreakClause(Some(t.into()))),
        );
        let cost = c.annual_cost_gbp.map(|v| v.to_string()).unwrap_or_default();
        self.text_field(ui, id, "Annual cost (\u{a3})", "cost", cost, parse_cost);
        self.choice_fields(ui, id, &c);
        self.clinical_fields(ui, id, &c);
        let tags = c.tags.join(", ");
        self.text_field(ui, id, "Tags (comma separated)", "tags", tags, |t| {
            Ok(Field::Tags(t.split(',').map(str::to_string).collect()))
        });
        self.evolve_fields(ui, id, &c);
        ui.label("Description");
        self.text_area(ui, id, &c);
        self.risk_section(ui, id);
    }

    fn choice_fields(&mut self, ui: &mut Ui, id: &ComponentId, c: &Component) {
        let mut fields = Vec::new();
        choice(
            ui,
            "Sourcing",
            c.sourcing,
            &Sourcing::ALL,
            |s| s.label(),
            true,
            |s| {
                fields.push(Field::Sourcing(s));
            },
        );
        choice(
            ui,
            "Hosting",
            c.hosting,
            &Hosting::ALL,
            |h| h.label(),
            true,
            |h| {
                fields.push(Field::Hosting(h));
            },
        );
        let mut inertia = c.inertia;
        if ui
            .checkbox(&mut inertia, "Inertia (resists change)")
            .changed()
        {
            fields.push(Field::Inertia(inertia));
        }
        for field in fields {
            self.set_field(id, field);
        }
    }

    fn clinical_fields(&mut self, ui: &mut Ui, id: &ComponentId, c: &Component) {
        ui.separator();
        ui.label(RichText::new("Clinical risk (DCB0129/0160)").strong());
        let risk = c.clinical_risk.unwrap_or_default();
        let mut fields = Vec::new();
        choice(
            ui,
            "Likelihood",
            risk.likelihood,
            &Likelihood::ALL,
            |l| l.label(),
            true,
            |l| {
                fields.push(Field::Likelihood(l));
            },
        );
        choice(
            ui,
            "Consequence",
            risk.consequence,
            &Consequence::ALL,
            |q| q.label(),
            true,
            |q| {
                fields.push(Field::Consequence(q));
            },
        );
        for field in fields {
            self.set_field(id, field);
        }
        match (risk.likelihood, risk.consequence) {
            (Some(l), Some(q)) => {
                let rating = self.doc.map.settings.risk_matrix.rating(l, q);
                ui.label(RichText::new(format!("Rating {rating}")).strong());
                ui.label(RiskMatrix::rating_meaning(rating));
            }
            _ => {
                ui.weak("Rating: set likelihood and consequence");
            }
        }
        ui.separator();
    }

    fn evolve_fields(&mut self, ui: &mut Ui, id: &ComponentId, c: &Component) {
        let evolve = c.evolve.clone().unwrap_or_default();
        let target = evolve.evolution.map(|e| e.to_string()).unwrap_or_default();
        self.text_field(ui, id, "Evolve to (0-1)", "evolve_to", target, parse_evolve);
        self.text_field(
            ui,
            id,
            "Planned (YYYY-MM-DD)",
            "planned",
            date(evolve.planned),
            |t| parse_date(t).map(Field::Planned),
        );
        let current = evolve.replaced_by.as_ref().map(|r| self.name_of(r));
        let mut picked: Option<Option<ComponentId>> = None;
        ComboBox::from_label("Replaced by")
            .selected_text(current.unwrap_or_else(|| "(none)".into()))
            .show_ui(ui, |ui| {
                if ui
                    .selectable_label(evolve.replaced_by.is_none(), "(none)")
                    .clicked()
                {
                    picked = Some(None);
                }
                for other in self.doc.map.components.iter().filter(|o| &o.id != id) {
                    let selected = evolve.replaced_by.as_ref() == Some(&other.id);
                    if ui.selectable_label(selected, &other.name).clicked() {
                        picked = Some(Some(other.id.clone()));
                    }
                }
            });
        if let Some(target) = picked {
            self.set_field(id, Field::ReplacedBy(target));
        }
    }

    fn set_field(&mut self, id: &ComponentId, field: Field) {
        self.run_command(Command::SetField {
            id: id.clone(),
            field,
        });
    }

    /// A one-line field bound to the model: shows the model's value unless the user is
    /// typing; valid text is applied as it is typed, merged into one step.
    fn text_field(
        &mut self,
        ui: &mut Ui,
        id: &ComponentId,
        label: &str,
        key: &'static str,
        model_value: String,
        parse: Parse,
    ) {
        let widget_id = Id::unique(("inspector", key));
        let label_response = ui.label(label);
        let focused = ui.memory(|m| m.has_focus(widget_id));
        let buffer = self.inspector.buffers.entry(key).or_default();
        if !focused {
            *buffer = model_value;
        }
        let response = ui.add(
            TextEdit::singleline(buffer)
                .id(widget_id)
                .hint_text(label)
                .desired_width(f32::INFINITY),
        );
        let response = response.labelled_by(label_response.id);
        if response.changed() {
            let text = buffer.clone();
            match parse(&text) {
                Ok(field) => {
                    self.inspector.errors.remove(key);
                    let command = Command::SetField {
                        id: id.clone(),
                        field,
                    };
                    let gesture = format!("inspector {id} {key}");
                    if let Err(e) = self.doc.apply_in_gesture(command, &gesture) {
                        self.inspector.errors.insert(key, e.to_string());
                    }
                }
                Err(e) => {
                    self.inspector.errors.insert(key, e);
                }
            }
        }
        if response.lost_focus() {
            self.doc.end_gesture();
            self.inspector.errors.remove(key);
        }
        if let Some(error) = self.inspector.errors.get(key) {
            ui.colored_label(ui.visuals().error_fg_color, error);
        }
    }

    fn text_area(&mut self, ui: &mut Ui, id: &ComponentId, c: &Component) {
        let widget_id = Id::unique(("inspector", "description"));
        let focused = ui.memory(|m| m.has_focus(widget_id));
        let buffer = self.inspector.buffers.entry("description").or_default();
        if !focused {
            *buffer = opt(&c.description);
        }
        let response = ui.add(
            TextEdit::multiline(buffer)
                .id(widget_id)
                .hint_text("Description")
                .desired_rows(3)
                .desired_width(f32::INFINITY),
        );
        if response.changed() {
            let command = Command::SetField {
                id: id.clone(),
                field: Field::Description(Some(buffer.clone())),
            };
            let gesture = format!("inspector {id} description");
            if let Err(e) = self.doc.apply_in_gesture(command, &gesture) {
                self.status.error(e.to_string());
            }
        }
        if response.lost_focus() {
            self.doc.end_gesture();
        }
    }

    fn link_fields(&mut self, ui: &mut Ui, from: &ComponentId, to: &ComponentId) {
        let Some(link) = self
            .doc
            .map
            .links
            .iter()
            .find(|l| &l.from == from && &l.to == to)
            .cloned()
        else {
            return;
        };
        ui.label(RichText::new("Dependency").strong());
        ui.label(format!(
            "{} depends on {}",
            self.name_of(from),
            self.name_of(to)
        ));
        let widget_id = Id::unique(("inspector", "link label"));
        let label_response = ui.label("Label");
        let focused = ui.memory(|m| m.has_focus(widget_id));
        let buffer = self.inspector.buffers.entry("link").or_default();
        if !focused {
            *buffer = link.label.clone().unwrap_or_default();
        }
        let response = ui
            .add(
                TextEdit::singleline(buffer)
                    .id(widget_id)
                    .hint_text("e.g. nightly batch"),
            )
            .labelled_by(label_response.id);
        if response.changed() {
            let command = Command::LabelLink {
                from: from.clone(),
                to: to.clone(),
                label: Some(buffer.clone()),
            };
            if let Err(e) = self.doc.apply_in_gesture(command, "inspector link label") {
                self.status.error(e.to_string());
            }
        }
        if response.lost_focus() {
            self.doc.end_gesture();
        }
        if ui.button("Delete link").clicked() {
            self.delete_selection();
        }
    }

    fn note_fields(&mut self, ui: &mut Ui, id: &crate::model::NoteId) {
        let Some(note) = self.doc.map.note(id).cloned() else {
            return;
        };
        ui.label(RichText::new("Note").strong());
        let widget_id = Id::unique(("inspector", "note"));
        let focused = ui.memory(|m| m.has_focus(widget_id));
        let buffer = self.inspector.buffers.entry("note").or_default();
        if !focused {
            *buffer = note.text.clone();
        }
        let response = ui.add(
            TextEdit::multiline(buffer)
                .id(widget_id)
                .hint_text("Note text")
                .desired_width(f32::INFINITY),
        );
        if response.changed() && !buffer.trim().is_empty() {
            let command = Command::EditNote {
                id: id.clone(),
                text: buffer.clone(),
            };
            if let Err(e) = self.doc.apply_in_gesture(command, "inspector note") {
                self.status.error(e.to_string());
            }
        }
        if response.lost_focus() {
            self.doc.end_gesture();
        }
        if ui.button("Delete note").clicked() {
            self.delete_selection();
        }
    }
}

/// A combo box over `options`; with `optional`, "(not set)" clears the value.
fn choice<T: Copy + PartialEq>(
    ui: &mut Ui,
    label: &str,
    current: Option<T>,
    options: &[T],
    name: fn(T) -> &'static str,
    optional: bool,
    mut on_pick: impl FnMut(Option<T>),
) {
    ComboBox::from_label(label)
        .selected_text(current.map_or("(not set)", name))
        .show_ui(ui, |ui| {
            if optional
                && ui
                    .selectable_label(current.is_none(), "(not set)")
                    .clicked()
            {
                on_pick(None);
            }
            for option in options {
                if ui
                    .selectable_label(current == Some(*option), name(*option))
                    .clicked()
                {
                    on_pick(Some(*option));
                }
            }
        });
}

fn opt(value: &Option<String>) -> String {
    value.clone().unwrap_or_default()
}

fn date(value: Option<NaiveDate>) -> String {
    value.map(|d| d.to_string()).unwrap_or_default()
}

fn parse_name(text: &str) -> Result<Field, String> {
    if text.trim().is_empty() {
        return Err("A name cannot be empty: type at least one letter".into());
    }
    Ok(Field::Name(text.into()))
}

/// Empty clears the date.
fn parse_date(text: &str) -> Result<Option<NaiveDate>, String> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map(Some)
        .map_err(|_| format!("\u{201C}{text}\u{201D} is not a date: write it as 2027-03-31"))
}

/// Accepts "12,500", "£12500" and "12500.50"; empty clears the cost.
fn parse_cost(text: &str) -> Result<Field, String> {
    let cleaned: String = text
        .trim()
        .chars()
        .filter(|c| !matches!(c, '\u{a3}' | ',' | ' '))
        .collect();
    if cleaned.is_empty() {
        return Ok(Field::AnnualCost(None));
    }
    match cleaned.parse::<f64>() {
        Ok(v) if v.is_finite() && v >= 0.0 => Ok(Field::AnnualCost(Some(v))),
        _ => Err(format!(
            "\u{201C}{}\u{201D} is not an amount of pounds: write e.g. 12500",
            text.trim()
        )),
    }
}

fn parse_evolve(text: &str) -> Result<Field, String> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(Field::EvolveTo(None));
    }
    match text.parse::<f64>() {
        Ok(v) if (0.0..=1.0).contains(&v) => Ok(Field::EvolveTo(Some(v))),
        _ => Err(format!(
            "\u{201C}{text}\u{201D} is not an evolution: write a number from 0 (genesis) to 1 (commodity)"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_parsers_accept_friendly_input_and_explain_refusals() {
        assert_eq!(
            parse_cost("\u{a3}12,500").unwrap(),
            Field::AnnualCost(Some(12500.0))
        );
        assert_eq!(parse_cost(" ").unwrap(), Field::AnnualCost(None));
        assert!(parse_cost("-3").unwrap_err().contains("not an amount"));
        assert_eq!(
            parse_date("2027-03-31").unwrap(),
            NaiveDate::from_ymd_opt(2027, 3, 31)
        );
        assert!(parse_date("31/03/2027").unwrap_err().contains("2027-03-31"));
        assert!(parse_name("  ").is_err());
        assert!(parse_evolve("1.5").is_err());
        assert_eq!(parse_evolve("0.7").unwrap(), Field::EvolveTo(Some(0.7)));
    }
}
