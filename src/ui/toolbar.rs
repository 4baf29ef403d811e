//! The toolbar and status line. Every button names its shortcut in its tooltip.

use super::app::EstateApp;
use crate::model::Kind;
use egui::{Button, Id, Key, RichText, TextEdit, Ui};

pub const SEARCH_ID: &str = "search box";

#[derive(Default)]
pub struct SearchState {
    pub open: bool,
    pub text: String,
    /// Focus the box on the next frame (Ctrl+F).
    pub focus: bool,
}

impl EstateApp {
    pub(super) fn toolbar_ui(&mut self, ui: &mut Ui) {
        ui.horizontal_wrapped(|ui| {
            ui.add_enabled_ui(!self.doc.read_only, |ui| self.edit_buttons(ui));
            ui.separator();
            self.view_buttons(ui);
            ui.separator();
            self.insight_buttons(ui);
            ui.separator();
            self.search_box(ui);
            ui.separator();
            let save = ui
                .add_enabled(!self.doc.read_only, Button::new("Save"))
                .on_hover_text("Save to the opened file (Ctrl+S)");
            if save.clicked() {
                self.save();
            }
        });
    }

    fn edit_buttons(&mut self, ui: &mut Ui) {
        if tool(
            ui,
            "+ Component",
            "Add a component in the middle of the view (N)",
        )
        .clicked()
        {
            self.add_in_view(Kind::System);
        }
        if tool(ui, "+ User need", "Add a user need near the top (U)").clicked() {
            self.add_in_view(Kind::UserNeed);
        }
        if tool(ui, "+ Note", "Add a note in the middle of the view").clicked() {
            let at = self.canvas.centre_position();
            self.start_adding_note(at);
        }
        let undo_tip = match self.doc.history.undo_label() {
            Some(l) => format!("Undo {l} (Ctrl+Z)"),
            None => "Nothing to undo (Ctrl+Z)".into(),
        };
        let undo = ui
            .add_enabled(self.doc.history.can_undo(), Button::new("Undo"))
            .on_hover_text(undo_tip)
            .on_disabled_hover_text("Nothing to undo (Ctrl+Z)");
        if undo.clicked() {
            self.undo();
        }
        let redo_tip = match self.doc.history.redo_label() {
            Some(l) => format!("Redo {l} (Ctrl+Shift+Z or Ctrl+Y)"),
            None => "Nothing to redo (Ctrl+Shift+Z or Ctrl+Y)".into(),
        };
        let redo = ui
            .add_enabled(self.doc.history.can_redo(), Button::new("Redo"))
            .on_hover_text(redo_tip)
            .on_disabled_hover_text("Nothing to redo (Ctrl+Shift+Z or Ctrl+Y)");
        if redo.clicked() {
            self.redo();
        }
        let delete = ui
            .add_enabled(!self.canvas.selection.is_empty(), Button::new("Delete"))
            .on_hover_text("Delete the selection and its links (Delete)");
        if delete.clicked() {
            self.delete_selection();
        }
    }

    fn view_buttons(&mut self, ui: &mut Ui) {
        if tool(ui, "\u{2212}", "Zoom out (Ctrl+-)").clicked() {
            self.zoom_by(-1);
        }
        ui.label(format!("{:.0}%", self.canvas.view.zoom * 100.0));
        if tool(ui, "+", "Zoom in (Ctrl+=)").clicked() {
            self.zoom_by(1);
        }
        if tool(ui, "Fit", "Fit the whole map in view (F or Ctrl+0)").clicked() {
            self.fit();
        }
        let legend = ui
            .selectable_label(self.legend_shown, "Legend")
            .on_hover_text("Show or hide the key on the canvas (L); exports always include it");
        if legend.clicked() {
            self.set_legend_shown(!self.legend_shown);
        }
        let presenter = ui
            .selectable_label(self.presenter, "Presenter")
            .on_hover_text("Larger text and thicker lines for a projector");
        if presenter.clicked() {
            self.set_presenter(!self.presenter);
        }
    }

    fn search_box(&mut self, ui: &mut Ui) {
        let id = Id::unique(SEARCH_ID);
        let label = ui.label("Find");
        let response = ui
            .add(
                TextEdit::singleline(&mut self.search.text)
                    .id(id)
                    .hint_text("name (Ctrl+F)")
                    .desired_width(170.0),
            )
            .labelled_by(label.id);
        if self.search.focus {
            response.request_focus();
            self.search.focus = false;
        }
        let enter = response.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter));
        if response.changed() || enter {
            let query = self.search.text.clone();
            self.find(&query);
        }
    }

    pub(super) fn status_line_ui(&mut self, ui: &mut Ui) {
        ui.horizontal(|ui| {
            let text = RichText::new(&self.status.text);
            if self.status.is_error {
                ui.colored_label(ui.visuals().error_fg_color, text);
            } else {
                ui.label(text);
            }
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                let n = self.canvas.selection.components.len();
                if n > 0 {
                    ui.label(format!("{n} selected"));
                }
                ui.weak("Drag empty space to pan, Shift+drag to select, wheel to zoom");
            });
        });
    }
}

fn tool(ui: &mut Ui, label: &str, tip: &str) -> egui::Response {
    ui.button(label).on_hover_text(tip)
}
