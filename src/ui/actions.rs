//! What toolbar buttons, menus and shortcuts do. Each reports its result on the status
//! line; refused edits say why.

use super::app::EstateApp;
use super::editor::{EditTarget, InlineEditor};
use super::registry::Source;
use super::view::ZOOM_STEP;
use crate::edit::{Clipboard, Coalesce, Command, Position};
use crate::model::{ComponentId, Kind, SupportStatus};
use crate::scene::ItemId;

/// How far a pasted copy lands from its original (map units), so both stay visible.
const PASTE_OFFSET: f64 = 0.03;
/// One arrow-key nudge, in map units.
pub const NUDGE: f64 = 0.01;

impl EstateApp {
    /// The inspector's status list: the whole selection.
    pub(super) fn set_status_on_selection(&mut self, status: SupportStatus) {
        self.set_status_from(status, Source::Menu);
    }

    /// 1-5 and the menus; keys change only what is in view (see `status_target`).
    pub(super) fn set_status_from(&mut self, status: SupportStatus, source: Source) {
        match self.status_target(source) {
            Ok(ids) => self.run_command(Command::SetStatus { ids, status }),
            Err(reason) => self.status.error(reason),
        }
    }

    pub(super) fn set_kind_on_selection(&mut self, kind: Kind) {
        let ids = self.canvas.selection.component_ids();
        self.run_command(Command::SetKind { ids, kind });
    }

    pub(super) fn rename(&mut self, id: &ComponentId) {
        if let Some(c) = self.doc.map.component(id) {
            self.canvas.editor = Some(InlineEditor::new(EditTarget::Rename(id.clone()), &c.name));
        }
    }

    /// F2: renames the selected component, or edits the selected note or link label.
    pub(super) fn rename_selected(&mut self) {
        let sel = &self.canvas.selection;
        if let Some(id) = sel.single_component().cloned() {
            self.rename(&id);
        } else if sel.link.is_some() {
            self.label_selected_link();
        } else if let (true, Some(id)) = (sel.components.is_empty(), sel.notes.iter().next()) {
            if let Some(note) = self.doc.map.note(id) {
                let editor = InlineEditor::new(EditTarget::EditNote(id.clone()), &note.text);
                self.canvas.editor = Some(editor);
            }
        } else {
            self.status.error("Select one component to rename it");
        }
    }

    pub(super) fn label_selected_link(&mut self) {
        let Some((from, to)) = self.canvas.selection.link.clone() else {
            return;
        };
        let Some(link) = self
            .doc
            .map
            .links
            .iter()
            .find(|l| l.from == from && l.to == to)
        else {
            return;
        };
        let label = link.label.clone().unwrap_or_default();
        self.canvas.editor = Some(InlineEditor::new(EditTarget::LinkLabel((from, to)), &label));
    }

    pub(super) fn start_adding_note(&mut self, at: Position) {
        self.canvas.editor = Some(InlineEditor::new(EditTarget::NewNote { at }, ""));
    }

    /// N / U and the toolbar: a new component in the middle of the view.
    pub(super) fn add_in_view(&mut self, kind: Kind) {
        let mut at = self.canvas.centre_position();
        if kind == Kind::UserNeed {
            at.visibility = at.visibility.max(0.9);
        }
        self.start_adding(kind, at);
    }

    pub(super) fn delete_selection(&mut self) {
        let sel = self.canvas.selection.clone();
        if let Some((from, to)) = sel.link {
            self.run_command(Command::DeleteLink { from, to });
        } else if sel.is_empty() {
            self.status.error("Nothing is selected to delete");
        } else {
            self.run_command(Command::Delete {
                components: sel.components.into_iter().collect(),
                notes: sel.notes.into_iter().collect(),
            });
        }
        self.canvas.selection.retain_existing(&self.doc.map);
    }

    pub(super) fn copy(&mut self) -> bool {
        let ids = self.canvas.selection.component_ids();
        if ids.is_empty() {
            return false;
        }
        self.clipboard = Clipboard::copy(&self.doc.map, &ids);
        self.ctx.copy_text(self.clipboard.to_text());
        self.status
            .info(format!("Copied {} component(s)", ids.len()));
        true
    }

    /// Pastes `text` if it is an Estate Map copy, else what this window copied last.
    /// Pastes `text` (a copy from any window) or this window's clipboard, centred on
    /// `at` when given (the pointer or the menu's spot), else just below-right of the
    /// originals.
    pub(super) fn paste(&mut self, text: Option<&str>, at: Option<Position>) {
        if text.is_some_and(|t| self.paste_owm(t)) {
            return;
        }
        let clipboard = text
            .and_then(Clipboard::from_text)
            .unwrap_or_else(|| self.clipboard.clone());
        let Some(centre) = clipboard.centre() else {
            self.status
                .error("Nothing to paste: select components and press Ctrl+C first");
            return;
        };
        let offset = match at {
            Some(at) => Position::new(
                at.visibility - centre.visibility,
                at.evolution - centre.evolution,
            ),
            None => Position::new(-PASTE_OFFSET, PASTE_OFFSET),
        };
        self.run_command(Command::Paste { clipboard, offset });
    }

    pub(super) fn duplicate(&mut self) {
        let ids = self.canvas.selection.component_ids();
        if ids.is_empty() {
            self.status.error("Select components to duplicate");
            return;
        }
        let clipboard = Clipboard::copy(&self.doc.map, &ids);
        let offset = Position::new(-PASTE_OFFSET, PASTE_OFFSET);
        self.run_command(Command::Paste { clipboard, offset });
    }

    pub(super) fn select_all(&mut self) {
        self.canvas.selection.select_all(&self.doc.map);
        let n = self.canvas.selection.components.len();
        self.status.info(format!("Selected {n} component(s)"));
    }

    pub(super) fn undo(&mut self) {
        match self.doc.undo() {
            Some(undone) => {
                self.status.info(format!("Undid: {}", undone.label));
                self.canvas.selection = undone.selection;
            }
            None => self.status.info("Nothing to undo"),
        }
    }

    pub(super) fn redo(&mut self) {
        match self.doc.redo() {
            Some(redone) => {
                self.status.info(format!("Redid: {}", redone.label));
                self.canvas.selection = redone.selection;
            }
            None => self.status.info("Nothing to redo"),
        }
    }

    /// Arrow keys with a selection: one nudge sequence is one undo step.
    pub(super) fn nudge(&mut self, d_evolution: f64, d_visibility: f64) {
        let map = &self.doc.map;
        let sel = &self.canvas.selection;
        let shift = |v: f64, e: f64| Position::new(v + d_visibility, e + d_evolution).clamped();
        let command = Command::Move {
            components: sel
                .components
                .iter()
                .filter_map(|id| map.component(id))
                .map(|c| (c.id.clone(), shift(c.visibility, c.evolution)))
                .collect(),
            notes: sel
                .notes
                .iter()
                .filter_map(|id| map.note(id))
                .map(|n| (n.id.clone(), shift(n.visibility, n.evolution)))
                .collect(),
        };
        // Nudges of one selection are one undo step; another selection starts a new one.
        let gesture = Coalesce::Nudge(sel.component_ids(), sel.notes.iter().cloned().collect());
        if let Err(e) = self.doc.apply_in_gesture(command, gesture) {
            self.status.error(format!("Cannot move: {e}"));
        }
    }

    pub(super) fn fit(&mut self) {
        let scene = self.current_scene();
        self.canvas.fit(&scene);
    }

    pub(super) fn zoom_by(&mut self, steps: i32) {
        let rect = self.canvas.rect;
        self.canvas
            .view
            .zoom_around(rect, ZOOM_STEP.powi(steps), rect.center());
    }

    /// Finds the first component whose name contains `query` (any case), selects and
    /// centres it.
    pub(super) fn find(&mut self, query: &str) -> bool {
        let query = query.trim().to_lowercase();
        if query.is_empty() {
            return false;
        }
        let found = self
            .doc
            .map
            .components
            .iter()
            .find(|c| c.name.to_lowercase().contains(&query))
            .map(|c| c.id.clone());
        match found {
            Some(id) => {
                self.canvas.centre_on_component(&self.doc.map, &id);
                self.canvas.selection.set(&ItemId::Component(id.clone()));
                self.status.info(format!("Found {}", self.name_of(&id)));
                true
            }
            None => {
                self.status.error(format!(
                    "No component name contains \u{201C}{query}\u{201D}"
                ));
                false
            }
        }
    }
}
