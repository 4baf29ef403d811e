//! The command palette (Ctrl+K, Ctrl+Shift+P): type part of an action's name, pick it
//! with the arrows, Enter runs it, Escape closes. Every registered action is listed
//! with its shortcut; unavailable ones are greyed with the reason.

use super::app::EstateApp;
use super::registry::{Action, Invocation, Source, actions, shortcut_text};
use egui::{Align2, Button, Context, Id, Key, Modifiers, RichText, TextEdit, Vec2};

/// The search box's accessible name.
pub const PALETTE_LABEL: &str = "Command palette";
const SHOWN: usize = 12;

#[derive(Default)]
pub struct Palette {
    pub open: bool,
    pub query: String,
    /// Index into the filtered list.
    chosen: usize,
    focus: bool,
}

impl Palette {
    pub fn toggle(&mut self) {
        *self = Self {
            open: !self.open,
            focus: true,
            ..Self::default()
        };
    }
}

/// How well `query` matches `label`: a word prefix beats a substring, which beats the
/// query's letters in order (so "sav as" finds "Save as…"); None when it does not match.
pub fn score(label: &str, query: &str) -> Option<u8> {
    let label = label.to_lowercase();
    let query = query.trim().to_lowercase();
    if query.is_empty() {
        return Some(3);
    }
    if label.starts_with(&query) || label.contains(&format!(" {query}")) {
        return Some(0);
    }
    if label.contains(&query) {
        return Some(1);
    }
    let mut letters = label.chars();
    let in_order = query
        .chars()
        .filter(|c| !c.is_whitespace())
        .all(|q| letters.any(|c| c == q));
    in_order.then_some(2)
}

/// The actions matching `query`, best first, in registry order within a rank.
pub fn matches(query: &str) -> Vec<&'static Action> {
    let mut found: Vec<(u8, &Action)> = actions()
        .iter()
        .filter_map(|a| score(&a.label, query).map(|s| (s, a)))
        .collect();
    found.sort_by_key(|(s, _)| *s);
    found.into_iter().map(|(_, a)| a).collect()
}

impl EstateApp {
    pub(super) fn palette_ui(&mut self, ctx: &Context) {
        if !self.commands.palette.open {
            return;
        }
        let found = matches(&self.commands.palette.query);
        let (up, down, enter, escape) = ctx.input_mut(|i| {
            (
                i.consume_key(Modifiers::NONE, Key::ArrowUp),
                i.consume_key(Modifiers::NONE, Key::ArrowDown),
                i.consume_key(Modifiers::NONE, Key::Enter),
                i.consume_key(Modifiers::NONE, Key::Escape),
            )
        });
        let palette = &mut self.commands.palette;
        if escape {
            palette.open = false;
            return;
        }
        let last = found.len().min(SHOWN).saturating_sub(1);
        if down {
            palette.chosen = (palette.chosen + 1).min(last);
        }
        if up {
            palette.chosen = palette.chosen.saturating_sub(1);
        }
        palette.chosen = palette.chosen.min(last);
        let mut run = enter.then(|| found.get(self.commands.palette.chosen).copied());
        let mut open = true;
        egui::Window::new(PALETTE_LABEL)
            .id(Id::unique("command palette window"))
            .open(&mut open)
            .collapsible(false)
            .resizable(false)
            .anchor(Align2::CENTER_TOP, Vec2::new(0.0, 60.0))
            .default_width(420.0)
            .show(ctx, |ui| {
                let palette = &mut self.commands.palette;
                let label = ui.label("Type an action's name");
                let response = ui
                    .add(
                        TextEdit::singleline(&mut palette.query)
                            .hint_text("e.g. export, undo, legend")
                            .desired_width(400.0),
                    )
                    .labelled_by(label.id);
                if palette.focus {
                    response.request_focus();
                    palette.focus = false;
                }
                if response.changed() {
                    palette.chosen = 0;
                }
                let chosen = palette.chosen;
                if found.is_empty() {
                    ui.weak("No action has that name");
                }
                for (n, a) in found.iter().take(SHOWN).enumerate() {
                    let how = Invocation::new(a.id, Source::Palette);
                    let available = a.availability(self, &how);
                    let mut button = Button::selectable(n == chosen, a.label.as_str());
                    if let Some(first) = a.shortcuts.first() {
                        button = button.shortcut_text(shortcut_text(ui.ctx(), first));
                    }
                    ui.horizontal(|ui| {
                        let entry = ui.add_enabled(available.is_ok(), button);
                        match &available {
                            Ok(()) => {
                                if entry.on_hover_text(a.tooltip_now(self)).clicked() {
                                    run = Some(Some(*a));
                                }
                            }
                            Err(why) => {
                                ui.label(RichText::new(why).weak().small());
                            }
                        }
                    });
                }
            });
        if !open {
            self.commands.palette.open = false;
        }
        if let Some(chosen) = run {
            self.commands.palette.open = false;
            if let Some(a) = chosen {
                self.push(Invocation::new(a.id, Source::Palette));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::registry::ActionId;

    #[test]
    fn names_match_by_prefix_then_substring_then_letters_in_order() {
        assert_eq!(score("Export\u{2026}", "exp"), Some(0));
        assert_eq!(score("Repeat last export", "export"), Some(0));
        assert_eq!(score("Redo", "edo"), Some(1));
        assert_eq!(score("Save as\u{2026}", "sv as"), Some(2));
        assert_eq!(score("Undo", "export"), None);
        let found = matches("export");
        let ids: Vec<_> = found.iter().map(|a| a.id).collect();
        assert_eq!(ids[..2], [ActionId::Export, ActionId::RepeatExport]);
        assert!(!ids.contains(&ActionId::Undo));
    }
}
