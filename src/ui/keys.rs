//! Keyboard shortcuts (docs/shortcuts.md). None fires while a text field has focus.

use super::actions::NUDGE;
use super::app::EstateApp;
use crate::edit::Position;
use crate::model::{Kind, SupportStatus};
use egui::{Context, Event, Key, Modifiers};

const PAN_STEP: f32 = 60.0;

impl EstateApp {
    pub(super) fn handle_shortcuts(&mut self, ctx: &Context) {
        if self.canvas.editor.is_some() {
            if ctx.input_mut(|i| i.consume_key(Modifiers::NONE, Key::Escape)) {
                self.cancel_editor();
            }
            return;
        }
        if ctx.text_edit_focused() {
            return;
        }
        self.clipboard_events(ctx);
        let cmd = Modifiers::COMMAND;
        let shift_cmd = Modifiers::COMMAND | Modifiers::SHIFT;
        let pressed = |m: Modifiers, k: Key| ctx.input_mut(|i| i.consume_key(m, k));
        // Most specific first: consume_key ignores extra Shift.
        if pressed(shift_cmd, Key::Z) || pressed(cmd, Key::Y) {
            self.redo();
        } else if pressed(cmd, Key::Z) {
            self.undo();
        }
        if pressed(cmd, Key::D) {
            self.duplicate();
        }
        if pressed(cmd, Key::A) {
            self.select_all();
        }
        // Export never changes the map, so it works read-only too.
        if pressed(shift_cmd, Key::E) {
            self.export.open = true;
        } else if pressed(cmd, Key::E) {
            self.repeat_export();
        }
        if pressed(cmd, Key::F) {
            self.search.open = true;
            self.search.focus = true;
        }
        if pressed(cmd, Key::Num0) || pressed(Modifiers::NONE, Key::F) {
            self.fit();
        }
        if pressed(cmd, Key::Equals) || pressed(cmd, Key::Plus) {
            self.zoom_by(1);
        }
        if pressed(cmd, Key::Minus) {
            self.zoom_by(-1);
        }
        if pressed(Modifiers::NONE, Key::N) {
            self.add_in_view(Kind::System);
        }
        if pressed(Modifiers::NONE, Key::U) {
            self.add_in_view(Kind::UserNeed);
        }
        if pressed(Modifiers::NONE, Key::L) {
            self.set_legend_shown(!self.legend_shown);
        }
        if pressed(Modifiers::NONE, Key::F2) {
            self.rename_selected();
        }
        if pressed(Modifiers::NONE, Key::Delete) || pressed(Modifiers::NONE, Key::Backspace) {
            self.delete_selection();
        }
        if pressed(Modifiers::NONE, Key::Escape) {
            self.canvas.selection.clear();
        }
        let status_keys = [Key::Num1, Key::Num2, Key::Num3, Key::Num4, Key::Num5];
        for (key, status) in status_keys.into_iter().zip(SupportStatus::ALL) {
            if pressed(Modifiers::NONE, key) {
                self.set_status_on_selection(status);
            }
        }
        self.insight_shortcuts(ctx);
        self.arrow_keys(ctx);
    }

    /// Ctrl+C / Ctrl+V arrive as clipboard events from the window system and as plain
    /// key presses from tests; both are handled.
    fn clipboard_events(&mut self, ctx: &Context) {
        let events = ctx.input(|i| i.events.clone());
        let at = self.pointer_on_canvas(ctx);
        for event in events {
            match event {
                Event::Copy => {
                    self.copy();
                }
                Event::Cut if self.copy() => self.delete_selection(),
                Event::Paste(text) => self.paste(Some(&text), at),
                _ => {}
            }
        }
        let cmd = Modifiers::COMMAND;
        if ctx.input_mut(|i| i.consume_key(cmd, Key::C)) {
            self.copy();
        }
        if ctx.input_mut(|i| i.consume_key(cmd, Key::X)) && self.copy() {
            self.delete_selection();
        }
        if ctx.input_mut(|i| i.consume_key(cmd, Key::V)) {
            self.paste(None, at);
        }
    }

    /// The map position under the pointer, if it is over the canvas.
    fn pointer_on_canvas(&self, ctx: &Context) -> Option<Position> {
        let pointer = ctx.input(|i| i.pointer.hover_pos())?;
        let canvas = self.canvas.rect;
        canvas
            .contains(pointer)
            .then(|| self.canvas.position_at(pointer))
    }

    /// With a selection, arrows nudge it (Shift: ten times further); without, they pan.
    fn arrow_keys(&mut self, ctx: &Context) {
        let arrows = [
            (Key::ArrowLeft, -1.0, 0.0),
            (Key::ArrowRight, 1.0, 0.0),
            (Key::ArrowUp, 0.0, 1.0),
            (Key::ArrowDown, 0.0, -1.0),
        ];
        let has_selection =
            !self.canvas.selection.components.is_empty() || !self.canvas.selection.notes.is_empty();
        for (key, dx, dy) in arrows {
            // Shift first: the plain match would swallow Shift+arrow too.
            let (shifted, plain) = ctx.input_mut(|i| {
                (
                    i.consume_key(Modifiers::SHIFT, key),
                    i.consume_key(Modifiers::NONE, key),
                )
            });
            if !(plain || shifted) {
                continue;
            }
            let step = if shifted { 10.0 } else { 1.0 };
            if has_selection && !self.doc.read_only {
                self.nudge(dx * NUDGE * step, dy * NUDGE * step);
            } else {
                let by = egui::vec2(-dx as f32, dy as f32) * PAN_STEP * step as f32;
                self.canvas.view.pan(by);
            }
        }
    }
}
