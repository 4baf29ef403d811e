//! The inline text field on the canvas: naming a new component, renaming one, editing
//! a note or a link label. Typing is one undo step, committed on Enter or click-away;
//! Escape cancels. Notes take several lines: there Enter is a new line and Ctrl+Enter
//! (or clicking away) commits. Naming a component suggests names from the catalogue
//! of NHS system types and from the open maps; Tab takes the first, never forced.

use super::app::EstateApp;
use crate::edit::{Command, LinkKey, Position};
use crate::model::{ComponentId, Kind, NoteId};
use crate::scene::ItemId;
use egui::{Id, Key, Modifiers, Rect, TextEdit, Ui, Vec2};

/// Lines of a note shown while it is edited.
const NOTE_ROWS: usize = 4;
/// Names suggested at most while a component is named.
const SUGGESTIONS: usize = 5;

#[derive(Clone, Debug, PartialEq)]
pub enum EditTarget {
    NewComponent { kind: Kind, at: Position },
    Rename(ComponentId),
    NewNote { at: Position },
    EditNote(NoteId),
    LinkLabel(LinkKey),
}

#[derive(Clone, Debug)]
pub struct InlineEditor {
    pub target: EditTarget,
    pub text: String,
    focused_once: bool,
}

pub const EDITOR_ID: &str = "inline editor";

impl InlineEditor {
    pub fn new(target: EditTarget, text: &str) -> Self {
        Self {
            target,
            text: text.to_string(),
            focused_once: false,
        }
    }

    /// Notes are edited over several lines.
    fn multiline(&self) -> bool {
        matches!(
            self.target,
            EditTarget::NewNote { .. } | EditTarget::EditNote(_)
        )
    }

    /// Names a component: the field suggests names.
    fn names_component(&self) -> bool {
        matches!(
            self.target,
            EditTarget::NewComponent {
                kind: Kind::System | Kind::Activity,
                ..
            } | EditTarget::Rename(_)
        )
    }

    fn hint(&self) -> &'static str {
        match self.target {
            EditTarget::NewComponent {
                kind: Kind::UserNeed,
                ..
            } => "User need name, then Enter",
            EditTarget::NewComponent { .. } => "Component name, then Enter",
            EditTarget::Rename(_) => "New name, then Enter",
            EditTarget::NewNote { .. } | EditTarget::EditNote(_) => {
                "Note text (Enter: new line), then Ctrl+Enter"
            }
            EditTarget::LinkLabel(_) => "Link label (empty removes it), then Enter",
        }
    }
}

impl EstateApp {
    pub(super) fn inline_editor_ui(&mut self, ui: &mut Ui) {
        let Some(mut editor) = self.canvas.editor.take() else {
            return;
        };
        let Some(rect) = self.editor_rect(&editor.target) else {
            return; // its component or link is gone (undo, delete)
        };
        let id = Id::unique(EDITOR_ID);
        let hint = editor.hint();
        let multiline = editor.multiline();
        // Ctrl+Enter finishes a note; taken before the field would make it a new line.
        let finish = multiline
            && editor.focused_once
            && ui.memory(|m| m.has_focus(id))
            && ui.input_mut(|i| i.consume_key(Modifiers::COMMAND, Key::Enter));
        if finish {
            self.commit_editor(editor);
            return;
        }
        let suggestions = match editor.names_component() {
            true => self.name_suggestions(&editor.text),
            false => Vec::new(),
        };
        // Tab takes the first suggestion; taken before the field would move focus on.
        let take = !suggestions.is_empty()
            && editor.focused_once
            && ui.memory(|m| m.has_focus(id))
            && ui.input_mut(|i| i.consume_key(Modifiers::NONE, Key::Tab));
        if take {
            editor.text = suggestions[0].clone();
            if let Some(mut state) = egui::text_edit::TextEditState::load(ui.ctx(), id) {
                let end = egui::text::CCursor::new(editor.text.chars().count());
                state
                    .cursor
                    .set_char_range(Some(egui::text::CCursorRange::one(end)));
                state.store(ui.ctx(), id);
            }
        }
        let field = if multiline {
            TextEdit::multiline(&mut editor.text).desired_rows(NOTE_ROWS)
        } else {
            TextEdit::singleline(&mut editor.text)
        };
        let rect = if multiline {
            let rows = NOTE_ROWS as f32 * ui.text_style_height(&egui::TextStyle::Body) + 10.0;
            Rect::from_min_size(rect.min, Vec2::new(rect.width(), rect.height().max(rows)))
        } else {
            rect
        };
        let response = ui.put(
            rect,
            field.id(id).hint_text(hint).desired_width(rect.width()),
        );
        // Shown while the field has focus, and in the frame a press may be taking it
        // away: a press on a suggestion takes that name and finishes.
        let pressed = ui.input(|i| i.pointer.any_pressed() || i.pointer.any_click());
        if !suggestions.is_empty()
            && (response.has_focus() || pressed)
            && let Some(name) = suggestion_list(ui, rect, &suggestions)
        {
            editor.text = name;
            self.commit_editor(editor);
            return;
        }
        if !editor.focused_once {
            response.request_focus();
            editor.focused_once = true;
            self.canvas.editor = Some(editor);
            return;
        }
        if response.lost_focus() {
            self.commit_editor(editor);
        } else {
            self.canvas.editor = Some(editor);
        }
    }

    /// Catalogue names, then names on the open maps, that fit what is typed.
    fn name_suggestions(&self, typed: &str) -> Vec<String> {
        let docs = self.documents();
        let known = docs
            .iter()
            .flat_map(|d| d.map.components.iter())
            .filter(|c| c.kind != Kind::UserNeed)
            .map(|c| c.name.as_str());
        crate::model::catalogue::suggestions(typed, known, SUGGESTIONS)
    }

    /// Escape: egui drops the field's focus before the frame runs, so the shortcut
    /// handler sees the key first and calls this.
    pub(super) fn cancel_editor(&mut self) {
        if self.canvas.editor.take().is_some() {
            self.status.info("Edit cancelled");
        }
    }

    /// Where the field sits: over the item it edits, or where the new one will go.
    fn editor_rect(&mut self, target: &EditTarget) -> Option<Rect> {
        let width = 220.0;
        let height = 26.0 * if self.presenter { 1.3 } else { 1.0 };
        let item = match target {
            EditTarget::NewComponent { at, .. } | EditTarget::NewNote { at } => {
                let p = self.canvas.screen_of(*at);
                return Some(Rect::from_center_size(p, Vec2::new(width, height)));
            }
            EditTarget::Rename(id) => ItemId::Component(id.clone()),
            EditTarget::EditNote(id) => ItemId::Note(id.clone()),
            EditTarget::LinkLabel((from, to)) => ItemId::Link {
                from: from.clone(),
                to: to.clone(),
            },
        };
        let scene = self.current_scene();
        let hit = scene.items.iter().find(|i| i.id == item)?.hit;
        let centre = self.canvas.view.to_screen(self.canvas.rect, hit.center());
        let width = (hit.width() * self.canvas.view.zoom).max(width);
        Some(Rect::from_center_size(centre, Vec2::new(width, height)))
    }

    fn commit_editor(&mut self, editor: InlineEditor) {
        let text = editor.text;
        let command = match editor.target {
            EditTarget::NewComponent { kind, at } => {
                if text.trim().is_empty() {
                    self.status.info("Nothing added: the name was empty");
                    return;
                }
                Command::AddComponent {
                    name: text,
                    kind,
                    at,
                }
            }
            EditTarget::Rename(id) => Command::Rename { id, name: text },
            EditTarget::NewNote { at } => {
                if text.trim().is_empty() {
                    self.status.info("Nothing added: the note was empty");
                    return;
                }
                Command::AddNote { text, at }
            }
            EditTarget::EditNote(id) => Command::EditNote { id, text },
            EditTarget::LinkLabel((from, to)) => Command::LabelLink {
                from,
                to,
                label: Some(text),
            },
        };
        self.run_command(command);
    }

    /// Applies a command, selects what it created and reports the result.
    pub(super) fn run_command(&mut self, command: Command) {
        let what = command.describe();
        match self.doc.apply(command) {
            Ok(outcome) => {
                if !outcome.created_components.is_empty() || !outcome.created_notes.is_empty() {
                    self.canvas.selection.clear();
                    for id in outcome.created_components {
                        self.canvas.selection.add(&ItemId::Component(id));
                    }
                    for id in outcome.created_notes {
                        self.canvas.selection.add(&ItemId::Note(id));
                    }
                }
                self.status.info(capitalise(&what));
            }
            Err(e) => self.status.error(format!("Cannot {what}: {e}")),
        }
    }
}

pub(super) fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The suggested names under the field, each a label; the first says Tab takes it.
/// Returns the one pressed or clicked, if any.
fn suggestion_list(ui: &Ui, field: Rect, suggestions: &[String]) -> Option<String> {
    let mut taken = None;
    egui::Area::new(Id::unique("name suggestions"))
        .order(egui::Order::Foreground)
        .fixed_pos(field.left_bottom())
        .show(ui.ctx(), |ui| {
            egui::Frame::popup(ui.style()).show(ui, |ui| {
                ui.weak(
                    "Suggestions (click one, or Tab takes the first; Enter keeps what you typed)",
                );
                for (i, name) in suggestions.iter().enumerate() {
                    let text = match i {
                        0 => egui::RichText::new(format!("Tab: {name}")).strong(),
                        _ => egui::RichText::new(name.as_str()),
                    };
                    let response = ui.add(egui::Label::new(text).sense(egui::Sense::click()));
                    if response.clicked() || response.is_pointer_button_down_on() {
                        taken = Some(name.clone());
                    }
                }
            });
        });
    taken
}
