//! Menus built from the action registry: the menu bar's Edit, View and Analysis menus
//! and the right-click menus on components, links, notes and empty canvas. Every entry
//! is an action id; its text, shortcut, enabled state and reason come from the
//! registry. Right-click menus act on the selection (right-clicking an unselected item
//! selects it first).

use super::app::EstateApp;
use super::registry::{ActionId, Direction, Invocation, Source, action, shortcut_text};
use crate::edit::Position;
use crate::model::{ComponentId, Kind, SupportStatus};
use egui::{Button, Ui};

/// The menu bar's menus after File, each a list of action ids (None: a separator).
const MENUS: [(&str, &[Option<ActionId>]); 3] = [
    (
        "Edit",
        &[
            Some(ActionId::Undo),
            Some(ActionId::Redo),
            None,
            Some(ActionId::Cut),
            Some(ActionId::Copy),
            Some(ActionId::Paste),
            Some(ActionId::Duplicate),
            Some(ActionId::Delete),
            Some(ActionId::Rename),
            None,
            Some(ActionId::Nudge(Direction::Left)),
            Some(ActionId::Nudge(Direction::Right)),
            Some(ActionId::Nudge(Direction::Up)),
            Some(ActionId::Nudge(Direction::Down)),
            None,
            Some(ActionId::SetStatus(SupportStatus::Supported)),
            Some(ActionId::SetStatus(SupportStatus::ExtendedSupport)),
            Some(ActionId::SetStatus(SupportStatus::Unsupported)),
            Some(ActionId::SetStatus(SupportStatus::ShadowIt)),
            Some(ActionId::SetStatus(SupportStatus::Unknown)),
            None,
            Some(ActionId::AddComponent),
            Some(ActionId::AddUserNeed),
            Some(ActionId::AddNote),
            None,
            Some(ActionId::SelectAll),
            Some(ActionId::ClearSelection),
            None,
            Some(ActionId::CollapseGroup),
            Some(ActionId::ExpandGroup),
        ],
    ),
    (
        "View",
        &[
            Some(ActionId::Find),
            Some(ActionId::Fit),
            Some(ActionId::ZoomIn),
            Some(ActionId::ZoomOut),
            None,
            Some(ActionId::Legend),
            Some(ActionId::Presenter),
            None,
            Some(ActionId::NextAreaView),
            Some(ActionId::AtRiskView),
            Some(ActionId::CollapseArea),
            None,
            Some(ActionId::NextTab),
            Some(ActionId::PreviousTab),
            None,
            Some(ActionId::Palette),
            None,
            Some(ActionId::PlanPanel),
            Some(ActionId::Timeline),
            Some(ActionId::Roadmap),
        ],
    ),
    (
        "Analysis",
        &[
            Some(ActionId::Impact),
            Some(ActionId::Register),
            Some(ActionId::Checks),
            Some(ActionId::ColourBy),
            Some(ActionId::RiskSettings),
            Some(ActionId::BusinessCase),
            Some(ActionId::MoneySettings),
            Some(ActionId::Annotations),
        ],
    ),
];

impl EstateApp {
    /// A menu entry for `id` (`text` replaces its label, e.g. "Add component here"):
    /// greyed with the reason when unavailable; a click queues it.
    pub(super) fn action_item(
        &mut self,
        ui: &mut Ui,
        id: ActionId,
        text: Option<&str>,
        at: Option<Position>,
    ) {
        let a = action(id);
        let how = Invocation::new(id, Source::Menu).at(at);
        let mut label = text.unwrap_or(&a.label).to_string();
        if a.is_on(self) == Some(true) {
            label = format!("\u{2714} {label}");
        }
        let mut button = Button::new(label);
        if let Some(first) = a.shortcuts.first() {
            button = button.shortcut_text(shortcut_text(ui.ctx(), first));
        }
        let available = a.availability(self, &how);
        let response = ui.add_enabled(available.is_ok(), button);
        let response = match &available {
            Ok(()) => response.on_hover_text(a.tooltip_now(self)),
            Err(why) => response.on_disabled_hover_text(why),
        };
        if response.clicked() {
            self.push(how);
            ui.close();
        }
    }

    fn action_items(&mut self, ui: &mut Ui, items: &[Option<ActionId>]) {
        for item in items {
            match item {
                Some(id) => self.action_item(ui, *id, None, None),
                None => {
                    ui.separator();
                }
            }
        }
    }

    /// Edit, View and Analysis in the menu bar.
    pub(super) fn action_menus(&mut self, ui: &mut Ui) {
        for (title, items) in MENUS {
            ui.menu_button(title, |ui| self.action_items(ui, items));
        }
    }

    fn status_and_kind_menus(&mut self, ui: &mut Ui) {
        ui.menu_button("Set support status", |ui| {
            for status in SupportStatus::ALL {
                let short = &action(ActionId::SetStatus(status)).short;
                self.action_item(ui, ActionId::SetStatus(status), Some(short), None);
            }
        });
        ui.menu_button("Set kind", |ui| {
            for kind in Kind::ALL {
                let short = &action(ActionId::SetKind(kind)).short;
                self.action_item(ui, ActionId::SetKind(kind), Some(short), None);
            }
        });
    }

    pub(super) fn component_menu(&mut self, ui: &mut Ui) {
        self.status_and_kind_menus(ui);
        if self.canvas.selection.single_component().is_some() {
            self.action_item(ui, ActionId::Rename, None, None);
        }
        self.action_items(
            ui,
            &[
                Some(ActionId::Duplicate),
                Some(ActionId::Delete),
                Some(ActionId::Copy),
            ],
        );
    }

    pub(super) fn link_menu(&mut self, ui: &mut Ui, from: &ComponentId, to: &ComponentId) {
        ui.label(format!(
            "{} depends on {}",
            self.name_of(from),
            self.name_of(to)
        ));
        // The link is the selection, so Rename labels it and Delete removes it.
        self.action_item(ui, ActionId::Rename, Some("Label\u{2026}"), None);
        self.action_item(ui, ActionId::Delete, Some("Delete link"), None);
    }

    pub(super) fn note_menu(&mut self, ui: &mut Ui) {
        // Right-clicking a note selects it; Rename edits the selected note.
        if !self.canvas.selection.notes.is_empty() {
            self.action_item(ui, ActionId::Rename, Some("Edit text"), None);
        }
        self.action_item(ui, ActionId::Delete, None, None);
    }

    pub(super) fn background_menu(&mut self, ui: &mut Ui) {
        let at = Some(
            self.canvas
                .menu_position()
                .unwrap_or_else(|| self.canvas.centre_position()),
        );
        let here = [
            (ActionId::AddComponent, "Add component here"),
            (ActionId::AddUserNeed, "Add user need here"),
            (ActionId::AddNote, "Add note here"),
            (ActionId::Paste, "Paste"),
        ];
        for (id, text) in here {
            self.action_item(ui, id, Some(text), at);
        }
        self.action_item(ui, ActionId::Fit, None, None);
    }
}
