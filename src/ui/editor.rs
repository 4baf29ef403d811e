//! The inline text field on the canvas: naming a new component, renaming one, editing
//! a note or a link label. Typing is one undo step, committed on Enter or click-away;
//! Escape cancels.

use super::app::EstateApp;
use crate::edit::{Command, LinkKey, Position};
use crate::model::{ComponentId, Kind, NoteId};
use crate::scene::ItemId;
use egui::{Id, Rect, TextEdit, Ui, Vec2};

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

    fn hint(&self) -> &'static str {
        match self.target {
            EditTarget::NewComponent {
                kind: Kind::UserNeed,
                ..
            } => "User need name, then Enter",
            EditTarget::NewComponent { .. } => "Component name, then Enter",
            EditTarget::Rename(_) => "New name, then Enter",
            EditTarget::NewNote { .. } | EditTarget::EditNote(_) => "Note text, then Enter",
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
        let response = ui.put(
            rect,
            TextEdit::singleline(&mut editor.text)
                .id(id)
                .hint_text(hint)
                .desired_width(rect.width()),
        );
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
