//! Keys: each registered shortcut queues its action (src/ui/registry.rs). Nothing on the map fires while a text field has the keyboard, and a
//! word typed quickly on the map fires at most its first letter's shortcut.

use super::actions::NUDGE;
use super::app::EstateApp;
use super::editor::EditTarget;
use super::registry::{ActionId, Direction, Invocation, Scope, Source, actions};
use crate::edit::Position;
use egui::{Context, Event, Key, KeyboardShortcut, Modifiers};

const PAN_STEP: f32 = 60.0;
/// Letters closer together than this are a word being typed, not shortcuts.
pub const WORD_GAP: f64 = 0.25;

impl EstateApp {
    /// Turns this frame's shortcut keys into queued actions; none while a question or
    /// the in-app file chooser is shown.
    pub(super) fn handle_shortcuts(&mut self, ctx: &Context) {
        if self.files.prompt.is_some() || self.files.chooser.is_some() {
            return;
        }
        let editing = self.canvas.editor.is_some();
        let on_map = !self.files.start_screen
            && !editing
            && !ctx.text_edit_focused()
            && !self.commands.palette.open;
        if on_map {
            self.drop_keys_typed_as_words(ctx);
        } else {
            // Typing in a field ends any word typed on the map.
            self.commands.last_char_key = None;
        }
        if editing {
            self.carry_first_letter(ctx);
        }
        // What this frame typed, in case a letter key starts a name.
        let typed: String = ctx.input(|i| {
            i.events
                .iter()
                .filter_map(|e| match e {
                    Event::Text(t) => Some(t.as_str()),
                    _ => None,
                })
                .collect()
        });
        let at = self.pointer_on_canvas(ctx);
        // Most modifiers first: consume_key ignores an extra Shift, so Ctrl+Shift+Z must
        // be taken before Ctrl+Z sees it.
        let mut keys: Vec<(&KeyboardShortcut, ActionId, Scope)> = actions()
            .iter()
            .flat_map(|a| a.shortcuts.iter().map(move |s| (s, a.id, a.scope)))
            .collect();
        keys.sort_by_key(|(s, ..)| std::cmp::Reverse(modifier_count(s.modifiers)));
        for (shortcut, id, scope) in keys {
            let live = match scope {
                Scope::Global => true,
                Scope::Canvas => on_map,
                Scope::TextField => editing && !self.files.start_screen,
            };
            if live && ctx.input_mut(|i| i.consume_shortcut(shortcut)) {
                let starts_name = matches!(id, ActionId::AddComponent | ActionId::AddUserNeed);
                if starts_name && !typed.is_empty() {
                    self.commands.word_start = Some((ctx.input(|i| i.time), typed.clone()));
                }
                let mut how = Invocation::new(id, Source::Key).at(at);
                how.modifiers = shortcut.modifiers;
                self.push(how);
            }
        }
        if on_map {
            self.clipboard_events(ctx, at);
        }
    }

    /// Typing "nav" on the map: N opens a new component's name box and the next letters,
    /// typed within a word's gap, fill it; the N was the name's first letter, so it is
    /// put back in front. A pause after N means N only opened the box.
    fn carry_first_letter(&mut self, ctx: &Context) {
        let Some((pressed, first)) = self.commands.word_start.take() else {
            return;
        };
        let empty_new_name = self.canvas.editor.as_ref().is_some_and(|e| {
            matches!(e.target, EditTarget::NewComponent { .. }) && e.text.is_empty()
        });
        if !empty_new_name {
            return;
        }
        ctx.input_mut(|i| {
            if i.time - pressed >= WORD_GAP {
                return;
            }
            match i.events.iter_mut().find(|e| matches!(e, Event::Text(_))) {
                Some(Event::Text(text)) => text.insert_str(0, &first),
                // Nothing typed yet this frame: keep waiting for the next letter.
                _ => self.commands.word_start = Some((pressed, first)),
            }
        });
    }

    /// A plain letter or digit pressed within `WORD_GAP` of a different one before it,
    /// with no click or other key between, is part of a word typed on the map (say a
    /// name, when the field did not open): it is dropped, so "legacy" cannot toggle
    /// the legend, impact, colouring and the register in turn. The same key again
    /// (C, C to cycle the colouring) is not a word.
    fn drop_keys_typed_as_words(&mut self, ctx: &Context) {
        let last = &mut self.commands.last_char_key;
        ctx.input_mut(|i| {
            let now = i.time;
            i.events.retain(|e| match e {
                Event::Key {
                    key,
                    pressed: true,
                    modifiers,
                    ..
                } if is_typed_char(*key, *modifiers) => {
                    let in_word = last.is_some_and(|(t, k)| now - t < WORD_GAP && k != *key);
                    *last = Some((now, *key));
                    !in_word
                }
                Event::Key { pressed: true, .. } | Event::PointerButton { pressed: true, .. } => {
                    *last = None;
                    true
                }
                _ => true,
            });
        });
    }

    /// Ctrl+C / Ctrl+X / Ctrl+V arrive as clipboard events from the window system (key
    /// presses, from tests, are registered shortcuts); both queue the same actions.
    fn clipboard_events(&mut self, ctx: &Context, at: Option<Position>) {
        let events = ctx.input(|i| i.events.clone());
        for event in events {
            let how = match event {
                Event::Copy => Invocation::new(ActionId::Copy, Source::Key),
                Event::Cut => Invocation::new(ActionId::Cut, Source::Key),
                Event::Paste(text) => Invocation {
                    text: Some(text),
                    ..Invocation::new(ActionId::Paste, Source::Key)
                },
                _ => continue,
            };
            self.push(how.at(at));
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

    /// With a selection on an editable map, an arrow nudges it; otherwise it pans.
    pub(super) fn nudge_or_pan(&mut self, direction: Direction, far: bool) {
        let (dx, dy) = direction.unit();
        let times = if far { 10.0 } else { 1.0 };
        let has_selection =
            !self.canvas.selection.components.is_empty() || !self.canvas.selection.notes.is_empty();
        if has_selection && !self.doc.read_only {
            self.nudge(dx * NUDGE * times, dy * NUDGE * times);
        } else {
            let by = egui::vec2(-dx as f32, dy as f32) * PAN_STEP * times as f32;
            self.canvas.view.pan(by);
        }
    }
}

/// A key that types a character in a word: a letter or digit, alone or with Shift.
fn is_typed_char(key: Key, modifiers: Modifiers) -> bool {
    let plain = !(modifiers.ctrl || modifiers.command || modifiers.alt || modifiers.mac_cmd);
    let name = key.name();
    plain && name.len() == 1 && name.chars().all(|c| c.is_ascii_alphanumeric())
}

fn modifier_count(m: Modifiers) -> u8 {
    u8::from(m.command || m.ctrl || m.mac_cmd) + u8::from(m.shift) + u8::from(m.alt)
}
