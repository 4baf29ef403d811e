//! Right-click menus on components, links, notes and empty canvas. They act on the
//! selection (right-clicking an unselected item selects it first).

use super::app::EstateApp;
use crate::edit::Command;
use crate::model::{ComponentId, Kind, SupportStatus};
use crate::scene::ItemId;
use egui::Ui;

impl EstateApp {
    pub(super) fn component_menu(&mut self, ui: &mut Ui) {
        let read_only = self.doc.read_only;
        ui.add_enabled_ui(!read_only, |ui| {
            ui.menu_button("Set support status", |ui| {
                for (n, status) in SupportStatus::ALL.into_iter().enumerate() {
                    let button =
                        egui::Button::new(status.label()).shortcut_text(format!("{}", n + 1));
                    if ui.add(button).clicked() {
                        self.set_status_on_selection(status);
                        ui.close();
                    }
                }
            });
            ui.menu_button("Set kind", |ui| {
                for kind in Kind::ALL {
                    if ui.button(kind.label()).clicked() {
                        self.set_kind_on_selection(kind);
                        ui.close();
                    }
                }
            });
            if let Some(id) = self.canvas.selection.single_component().cloned() {
                let rename = egui::Button::new("Rename").shortcut_text("F2");
                if ui.add(rename).clicked() {
                    self.rename(&id);
                    ui.close();
                }
            }
            let duplicate = egui::Button::new("Duplicate").shortcut_text("Ctrl+D");
            if ui.add(duplicate).clicked() {
                self.duplicate();
                ui.close();
            }
            let delete = egui::Button::new("Delete").shortcut_text("Del");
            if ui.add(delete).clicked() {
                self.delete_selection();
                ui.close();
            }
        });
        if ui.button("Copy").clicked() {
            self.copy();
            ui.close();
        }
    }

    pub(super) fn link_menu(&mut self, ui: &mut Ui, from: &ComponentId, to: &ComponentId) {
        ui.label(format!(
            "{} depends on {}",
            self.name_of(from),
            self.name_of(to)
        ));
        ui.add_enabled_ui(!self.doc.read_only, |ui| {
            if ui.button("Label\u{2026}").clicked() {
                let link = ItemId::Link {
                    from: from.clone(),
                    to: to.clone(),
                };
                self.canvas.selection.set(&link);
                self.label_selected_link();
                ui.close();
            }
            let delete = egui::Button::new("Delete link").shortcut_text("Del");
            if ui.add(delete).clicked() {
                self.run_command(Command::DeleteLink {
                    from: from.clone(),
                    to: to.clone(),
                });
                ui.close();
            }
        });
    }

    pub(super) fn note_menu(&mut self, ui: &mut Ui) {
        ui.add_enabled_ui(!self.doc.read_only, |ui| {
            if let Some(id) = self.canvas.selection.notes.iter().next().cloned()
                && ui.button("Edit text").clicked()
            {
                self.canvas.selection.set(&ItemId::Note(id.clone()));
                self.rename_selected();
                ui.close();
            }
            if ui.button("Delete").clicked() {
                self.delete_selection();
                ui.close();
            }
        });
    }

    pub(super) fn background_menu(&mut self, ui: &mut Ui) {
        let at = self
            .canvas
            .menu_position()
            .unwrap_or_else(|| self.canvas.centre_position());
        ui.add_enabled_ui(!self.doc.read_only, |ui| {
            if ui
                .add(egui::Button::new("Add component here").shortcut_text("N"))
                .clicked()
            {
                self.start_adding(Kind::System, at);
                ui.close();
            }
            if ui
                .add(egui::Button::new("Add user need here").shortcut_text("U"))
                .clicked()
            {
                self.start_adding(Kind::UserNeed, at);
                ui.close();
            }
            if ui.button("Add note here").clicked() {
                self.start_adding_note(at);
                ui.close();
            }
            if ui
                .add(egui::Button::new("Paste").shortcut_text("Ctrl+V"))
                .clicked()
            {
                self.paste(None, Some(at));
                ui.close();
            }
        });
        if ui
            .add(egui::Button::new("Fit map").shortcut_text("F"))
            .clicked()
        {
            self.fit();
            ui.close();
        }
    }
}
