//! The inspector side panel: every field of the selection. Edits are commands; typing
//! into a field is one undo step, ended when the field loses focus.

use super::app::EstateApp;
use crate::edit::{Coalesce, Command, Field};
use crate::model::fields::{Editor, FieldSpec, Section, fields_in};
use crate::model::{Component, ComponentId, Kind, RiskMatrix, SupportStatus};
use egui::{ComboBox, Id, RichText, TextEdit, Ui};
use std::collections::HashMap;

/// Text typed into inspector fields that is not (yet) valid, with the reason.
#[derive(Default)]
pub struct InspectorState {
    buffers: HashMap<&'static str, String>,
    errors: HashMap<&'static str, String>,
}

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
            self.group_fields(ui, id);
            return;
        };
        for section in Section::ALL {
            match section {
                Section::Clinical => {
                    ui.separator();
                    ui.label(RichText::new("Clinical risk (DCB0129/0160)").strong());
                }
                Section::Money => {
                    ui.separator();
                    ui.strong(match c.kind {
                        Kind::UserNeed => "Service facts (for risk in pounds and harm)",
                        _ => "Risk in pounds and DSPT decision",
                    });
                }
                _ => {}
            }
            let specs = fields_in(section).filter(|spec| spec.applies_to(&c));
            for spec in specs {
                match spec.editor {
                    Editor::Line => self.text_field(ui, id, &c, spec),
                    Editor::Lines => self.text_area(ui, id, &c, spec),
                    Editor::Choice => self.choice_field(ui, id, &c, spec),
                    Editor::Check => self.check_field(ui, id, &c, spec),
                    Editor::Component => self.component_field(ui, id, &c, spec),
                }
            }
            if section == Section::Clinical {
                self.clinical_rating(ui, &c);
                ui.separator();
            }
        }
        self.risk_section(ui, id);
        self.wardley_rows(ui, &c);
    }

    fn clinical_rating(&self, ui: &mut Ui, c: &Component) {
        let risk = c.clinical_risk.unwrap_or_default();
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
    }

    /// Sets a field of the table from text its parser reads (a choice's label, "yes").
    fn set_text(&mut self, id: &ComponentId, key: &'static str, text: &str) {
        let field = Field::Text {
            key,
            text: text.to_string(),
        };
        self.set_field(id, field);
    }

    /// A combo box over the field's choices; "(not set)" clears an optional one.
    fn choice_field(&mut self, ui: &mut Ui, id: &ComponentId, c: &Component, spec: &FieldSpec) {
        let current = (spec.show)(c);
        let mut picked = None;
        let shown = if current.is_empty() {
            "(not set)"
        } else {
            &current
        };
        ComboBox::from_label(spec.label)
            .selected_text(shown)
            .show_ui(ui, |ui| {
                if spec.optional(c)
                    && ui
                        .selectable_label(current.is_empty(), "(not set)")
                        .clicked()
                {
                    picked = Some("");
                }
                for option in (spec.choices)() {
                    if ui.selectable_label(current == option, option).clicked() {
                        picked = Some(option);
                    }
                }
            });
        if let Some(text) = picked.filter(|text| *text != current) {
            self.set_text(id, spec.key, text);
        }
    }

    fn check_field(&mut self, ui: &mut Ui, id: &ComponentId, c: &Component, spec: &FieldSpec) {
        let mut on = !(spec.show)(c).is_empty();
        if ui.checkbox(&mut on, spec.label).changed() {
            self.set_text(id, spec.key, if on { "yes" } else { "no" });
        }
    }

    /// Another component of the map, picked by name.
    fn component_field(&mut self, ui: &mut Ui, id: &ComponentId, c: &Component, spec: &FieldSpec) {
        let current = (spec.show)(c);
        let current_name = if current.is_empty() {
            "(none)".to_string()
        } else {
            self.name_of(&ComponentId::new(current.as_str()))
        };
        let mut picked: Option<String> = None;
        ComboBox::from_label(spec.label)
            .selected_text(current_name)
            .show_ui(ui, |ui| {
                if ui.selectable_label(current.is_empty(), "(none)").clicked() {
                    picked = Some(String::new());
                }
                for other in self.doc.map.components.iter().filter(|o| &o.id != id) {
                    let selected = current == other.id.as_str();
                    if ui.selectable_label(selected, &other.name).clicked() {
                        picked = Some(other.id.to_string());
                    }
                }
            });
        if let Some(text) = picked.filter(|text| *text != current) {
            self.set_text(id, spec.key, &text);
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
    fn text_field(&mut self, ui: &mut Ui, id: &ComponentId, c: &Component, spec: &FieldSpec) {
        let key = spec.key;
        let label = &spec.inspector_label();
        let model_value = (spec.show)(c);
        // Checked here first, so a half-typed value shows why and makes no undo step.
        let parse = |text: &str| {
            (spec.parse)(&mut c.clone(), text).map(|()| Field::Text {
                key,
                text: text.to_string(),
            })
        };
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
                    let gesture = Coalesce::Field(id.clone(), key);
                    if let Err(e) = self.doc.apply_in_gesture(command, gesture) {
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

    /// Several lines of free text, one undo step per focus.
    fn text_area(&mut self, ui: &mut Ui, id: &ComponentId, c: &Component, spec: &FieldSpec) {
        let key = spec.key;
        let widget_id = Id::unique(("inspector", key));
        let label_response = ui.label(spec.label);
        let focused = ui.memory(|m| m.has_focus(widget_id));
        let buffer = self.inspector.buffers.entry(key).or_default();
        if !focused {
            *buffer = (spec.show)(c);
        }
        let response = ui.add(
            TextEdit::multiline(buffer)
                .id(widget_id)
                .hint_text(spec.label)
                .desired_rows(3)
                .desired_width(f32::INFINITY),
        );
        let response = response.labelled_by(label_response.id);
        if response.changed() {
            let command = Command::SetField {
                id: id.clone(),
                field: Field::Text {
                    key,
                    text: buffer.clone(),
                },
            };
            let gesture = Coalesce::Field(id.clone(), key);
            if let Err(e) = self.doc.apply_in_gesture(command, gesture) {
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
            let gesture = Coalesce::LinkLabel((from.clone(), to.clone()));
            if let Err(e) = self.doc.apply_in_gesture(command, gesture) {
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
            let gesture = Coalesce::Note(id.clone());
            if let Err(e) = self.doc.apply_in_gesture(command, gesture) {
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

#[cfg(test)]
mod tests {
    use crate::model::fields::{field, parse_cost, parse_date};
    use crate::model::{Component, ComponentId};
    use chrono::NaiveDate;

    // The inspector's parsers now live in the field table.
    #[test]
    fn field_parsers_accept_friendly_input_and_explain_refusals() {
        assert_eq!(parse_cost("\u{a3}12,500").unwrap(), Some(12500.0));
        assert_eq!(parse_cost(" ").unwrap(), None);
        assert!(parse_cost("-3").unwrap_err().contains("not an amount"));
        assert_eq!(
            parse_date("2027-03-31").unwrap(),
            NaiveDate::from_ymd_opt(2027, 3, 31)
        );
        assert!(parse_date("31/03/2027").unwrap_err().contains("2027-03-31"));
        let mut c = Component::new(ComponentId::new("c1"), "EPR", 0.5, 0.5);
        let parse = |key: &str, c: &mut Component, text: &str| (field(key).unwrap().parse)(c, text);
        assert!(parse("name", &mut c, "  ").is_err());
        assert!(parse("evolve.evolution", &mut c, "1.5").is_err());
        parse("evolve.evolution", &mut c, "0.7").unwrap();
        assert_eq!(c.evolve.unwrap().evolution, Some(0.7));
    }
}
