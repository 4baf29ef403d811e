//! The toolbar and status line. Every button is an action from the registry, whose
//! tooltip names its shortcut.

use super::app::EstateApp;
use super::registry::{ActionId, Invocation, Source, action, shortcut_text};
use egui::{Button, Id, Key, RichText, TextEdit, Ui};

/// The toolbar's buttons, left to right, by action id.
const EDIT_TOOLS: [ActionId; 6] = [
    ActionId::AddComponent,
    ActionId::AddUserNeed,
    ActionId::AddNote,
    ActionId::Undo,
    ActionId::Redo,
    ActionId::Delete,
];
const VIEW_TOOLS: [ActionId; 4] = [
    ActionId::ZoomIn,
    ActionId::Fit,
    ActionId::Legend,
    ActionId::Presenter,
];

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
            for id in EDIT_TOOLS {
                self.tool_action(ui, id, None);
            }
            ui.separator();
            self.tool_action(ui, ActionId::ZoomOut, None);
            ui.label(format!("{:.0}%", self.canvas.view.zoom * 100.0));
            for id in VIEW_TOOLS {
                self.tool_action(ui, id, None);
            }
            ui.separator();
            self.area_view_ui(ui);
            ui.separator();
            self.insight_buttons(ui);
            ui.separator();
            self.search_box(ui);
            ui.separator();
            self.tool_action(ui, ActionId::Save, None);
        });
    }

    /// A toolbar button for `id` (a toggle shows as selected while on), with the
    /// registry's tooltip and shortcut, or why it is unavailable; a click queues it.
    pub(super) fn tool_action(&mut self, ui: &mut Ui, id: ActionId, text: Option<&str>) {
        let a = action(id);
        let how = Invocation::new(id, Source::Menu);
        let text = text.unwrap_or(&a.short);
        let available = a.availability(self, &how);
        let response = match a.is_on(self) {
            Some(on) => ui.add_enabled(available.is_ok(), Button::selectable(on, text)),
            None => ui.add_enabled(available.is_ok(), Button::new(text)),
        };
        let keys = a
            .shortcuts
            .iter()
            .map(|s| shortcut_text(ui.ctx(), s))
            .collect::<Vec<_>>()
            .join(" or ");
        let tip = match (&available, keys.is_empty()) {
            (Ok(()), true) => a.tooltip_now(self),
            (Ok(()), false) => format!("{} ({keys})", a.tooltip_now(self)),
            (Err(why), true) => why.clone(),
            (Err(why), false) => format!("{why} ({keys})"),
        };
        let response = if available.is_ok() {
            response.on_hover_text(tip)
        } else {
            response.on_disabled_hover_text(tip)
        };
        if response.clicked() {
            self.push(how);
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
