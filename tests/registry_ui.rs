//! The action registry in the running app (issue 11.1, 11.2, 10.5): menus show the
//! keys that run their actions, the command palette finds and runs them (greyed with
//! the reason when unavailable), and typing on the map holds no surprises.

mod common;

use common::{SharedDialogs, app_with_dialogs, ward_map};
use egui::accesskit::Role;
use egui::{Event, Key, Modifiers, PointerButton, Pos2, Vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use estate_map::edit::Position;
use estate_map::model::SupportStatus;
use estate_map::ui::registry::{ActionId, Scope, actions};
use estate_map::ui::{Document, EstateApp};
use std::collections::HashSet;

type App = Harness<'static, EstateApp>;

const PALETTE_BOX: &str = "Type an action's name";

fn app(read_only: bool) -> App {
    app_with_dialogs(
        Document::new(ward_map(), None),
        &SharedDialogs::default(),
        read_only,
    )
}

/// Half a second passes: the next letter is a shortcut of its own, not part of a word.
fn think(h: &mut App) {
    let now = h.ctx.input(|i| i.time);
    h.input_mut().time = Some(now + 0.5);
}

fn press(h: &mut App, modifiers: Modifiers, key: Key) {
    think(h);
    h.key_press_modifiers(modifiers, key);
    h.run();
}

fn pointer(h: &App, pos: Pos2, button: PointerButton, pressed: bool) {
    h.event(Event::PointerButton {
        pos,
        button,
        pressed,
        modifiers: Modifiers::NONE,
    });
}

fn click_at(h: &mut App, pos: Pos2) {
    h.event(Event::PointerMoved(pos));
    pointer(h, pos, PointerButton::Primary, true);
    pointer(h, pos, PointerButton::Primary, false);
    h.step();
}

fn screen(h: &App, visibility: f64, evolution: f64) -> Pos2 {
    h.state().screen_of(Position::new(visibility, evolution))
}

fn statuses(h: &App) -> Vec<SupportStatus> {
    let map = &h.state().document().map;
    map.components.iter().map(|c| c.status).collect()
}

fn labels_of_buttons(h: &App) -> Vec<String> {
    h.query_all_by_role(Role::Button)
        .filter_map(|n| n.accesskit_node().label())
        .collect()
}

#[test]
fn every_menu_entry_shows_the_registry_shortcut_and_that_key_runs_it() {
    let mut h = app(false);
    let ctx = h.ctx.clone();
    let mut in_menus = HashSet::new();
    // The toolbar's buttons are there before any menu opens; the rest are the menu's.
    let toolbar: HashSet<String> = labels_of_buttons(&h).into_iter().collect();
    for menu in ["File", "Edit", "View", "Analysis"] {
        h.get_by_label(menu).click();
        h.run();
        let entries = labels_of_buttons(&h).into_iter();
        for label in entries.filter(|l| !toolbar.contains(l)) {
            let label = label.trim_start_matches("\u{2714} ");
            // The action whose label this entry starts with (the longest: "Save as…"
            // before "Save").
            let Some(a) = actions()
                .iter()
                .filter(|a| label == a.label || label.starts_with(&format!("{} ", a.label)))
                .max_by_key(|a| a.label.len())
            else {
                continue;
            };
            let expected = match a.shortcuts.first() {
                Some(first) => format!("{} {}", a.label, ctx.format_shortcut(first)),
                None => a.label.clone(),
            };
            assert_eq!(label, expected, "{menu} menu");
            in_menus.insert(a.id);
        }
        h.get_by_label(menu).click();
        h.run();
    }
    // File > Export… is the dialog's key, not the repeat's.
    assert!(in_menus.contains(&ActionId::Export));
    for a in actions() {
        if !a.shortcuts.is_empty() && a.scope != Scope::TextField {
            assert!(in_menus.contains(&a.id), "{} is in no menu", a.label);
        }
    }

    // Each key, pressed, dispatches its action (run, or refused with the reason).
    for a in actions().iter().filter(|a| a.scope != Scope::TextField) {
        for s in &a.shortcuts {
            press(&mut h, s.modifiers, s.logical_key);
            assert_eq!(h.state().last_action(), Some(a.id), "{s:?}");
            match a.id {
                ActionId::AddComponent | ActionId::AddUserNeed => {
                    // The name field is open: Escape is now "cancel the edit".
                    press(&mut h, Modifiers::NONE, Key::Escape);
                    assert_eq!(h.state().last_action(), Some(ActionId::CancelEdit));
                }
                ActionId::Find | ActionId::Palette => {
                    press(&mut h, Modifiers::NONE, Key::Escape);
                }
                // A first save asks for a title; closing asks about unsaved changes.
                ActionId::Save | ActionId::SaveAs | ActionId::CloseTab
                    if h.state().prompt().is_some() =>
                {
                    press(&mut h, Modifiers::NONE, Key::Escape);
                    assert!(h.state().prompt().is_none(), "Escape closes the question");
                }
                _ => {}
            }
        }
    }
}

#[test]
fn the_palette_finds_export_and_enter_opens_the_dialog() {
    let mut h = app(false);
    press(&mut h, Modifiers::COMMAND, Key::K);
    h.get_by_role_and_label(Role::TextInput, PALETTE_BOX);
    h.event(Event::Text("export".into()));
    h.run();
    // Both export actions are listed with their keys, the dialog first.
    h.get_by_label("Export\u{2026} Ctrl+Shift+E");
    h.get_by_label("Repeat last export Ctrl+E");
    assert!(h.query_by_label("Undo Ctrl+Z").is_none(), "filtered out");
    press(&mut h, Modifiers::NONE, Key::Enter);
    assert!(
        h.query_by_role_and_label(Role::TextInput, PALETTE_BOX)
            .is_none()
    );
    assert_eq!(h.state().last_action(), Some(ActionId::Export));
    h.get_by_label("Export to file\u{2026}");

    // Ctrl+Shift+P opens it too; the arrows pick, Escape closes without running.
    press(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::P);
    h.event(Event::Text("zoom".into()));
    h.run();
    press(&mut h, Modifiers::NONE, Key::ArrowDown);
    let before = screen(&h, 0.7, 0.5);
    press(&mut h, Modifiers::NONE, Key::Enter);
    assert_eq!(h.state().last_action(), Some(ActionId::ZoomOut));
    assert!(
        screen(&h, 0.7, 0.5) != before,
        "zoom out moved EPR on screen"
    );
    press(&mut h, Modifiers::COMMAND, Key::K);
    press(&mut h, Modifiers::NONE, Key::Escape);
    assert!(
        h.query_by_role_and_label(Role::TextInput, PALETTE_BOX)
            .is_none()
    );
    assert_eq!(h.state().last_action(), Some(ActionId::Palette));
}

#[test]
fn read_only_the_palette_greys_edits_and_says_why() {
    let mut h = app(true);
    press(&mut h, Modifiers::COMMAND, Key::K);
    h.event(Event::Text("undo".into()));
    h.run();
    let undo = h.get_by_label("Undo Ctrl+Z");
    assert!(undo.accesskit_node().is_disabled());
    h.get_by_label("Read-only: nothing here changes the map, so there is nothing to undo");
    // Enter on it changes nothing and says why on the status line.
    press(&mut h, Modifiers::NONE, Key::Enter);
    assert!(h.state().status_text().starts_with("Read-only: "));
    assert!(!h.state().document().is_dirty());
    // Export never changes the map, so it stays available.
    press(&mut h, Modifiers::COMMAND, Key::K);
    h.event(Event::Text("export".into()));
    h.run();
    assert!(
        !h.get_by_label("Export\u{2026} Ctrl+Shift+E")
            .accesskit_node()
            .is_disabled()
    );
}

// View only is an action like any other: the palette runs it, edits grey out, and it
// runs again to give the map back.
#[test]
fn view_only_from_the_palette_makes_edits_unavailable_and_back() {
    let mut h = app(false);
    let run_view_only = |h: &mut App| {
        press(h, Modifiers::COMMAND, Key::K);
        h.event(Event::Text("view only".into()));
        h.run();
        press(h, Modifiers::NONE, Key::Enter);
    };
    run_view_only(&mut h);
    assert!(h.state().document().read_only);
    press(&mut h, Modifiers::COMMAND, Key::K);
    h.event(Event::Text("add component".into()));
    h.run();
    assert!(
        h.get_by_label("Add component N")
            .accesskit_node()
            .is_disabled()
    );
    press(&mut h, Modifiers::NONE, Key::Escape);
    run_view_only(&mut h);
    assert!(!h.state().document().read_only);
}

// The arrows are registry actions: a step, ten with Shift, on the selection; with
// nothing selected they pan instead.
#[test]
fn arrows_nudge_the_selection_a_step_or_ten_and_pan_without_one() {
    let mut h = app(false);
    let evolution = |h: &App| h.state().document().map.components[0].evolution;
    let start = evolution(&h);
    press(&mut h, Modifiers::COMMAND, Key::A);
    press(&mut h, Modifiers::NONE, Key::ArrowRight);
    assert_eq!(
        h.state().last_action(),
        Some(ActionId::Nudge(estate_map::ui::registry::Direction::Right))
    );
    assert!((evolution(&h) - (start + 0.01)).abs() < 1e-9);
    press(&mut h, Modifiers::SHIFT, Key::ArrowLeft);
    assert!((evolution(&h) - (start - 0.09)).abs() < 1e-9);
    press(&mut h, Modifiers::NONE, Key::Escape);
    let on_screen = screen(&h, 0.7, 0.5);
    press(&mut h, Modifiers::NONE, Key::ArrowRight);
    assert!(
        (evolution(&h) - (start - 0.09)).abs() < 1e-9,
        "nothing moved"
    );
    assert!(screen(&h, 0.7, 0.5) != on_screen, "the view panned");
}

/// Letters typed as fast as a typist does: a key down and its character, a frame
/// apart.
fn type_quickly(h: &mut App, word: &str) {
    for c in word.chars() {
        let key = Key::from_name(&c.to_ascii_uppercase().to_string()).unwrap();
        h.key_press(key);
        h.event(Event::Text(c.to_string()));
        h.step();
    }
    h.run();
}

#[test]
fn a_word_typed_on_the_map_fires_no_chain_of_shortcuts() {
    let mut h = app(false);
    let epr = screen(&h, 0.7, 0.5);
    click_at(&mut h, epr);
    h.run();
    assert_eq!(h.state().selection().components.len(), 1, "EPR selected");
    let (before, legend, impact) = (statuses(&h), h.state().legend_shown(), h.state().impact());
    let epr = screen(&h, 0.7, 0.5);

    // Not a name: "a" has no shortcut, so "3", "i" and "l" are letters of a word.
    think(&mut h);
    type_quickly(&mut h, "a3il");
    assert_eq!(statuses(&h), before, "a status changed");
    assert_eq!(h.state().legend_shown(), legend);
    assert_eq!(h.state().impact(), impact);
    assert_eq!(screen(&h, 0.7, 0.5), epr, "the view moved");

    // "nav": N opens the name field and the word typed goes into it, N included.
    think(&mut h);
    type_quickly(&mut h, "nav");
    assert_eq!(statuses(&h), before);
    assert_eq!(h.state().legend_shown(), legend);
    assert_eq!(screen(&h, 0.7, 0.5), epr, "the view moved");
    press(&mut h, Modifiers::NONE, Key::Enter);
    let map = &h.state().document().map;
    assert_eq!(map.components.len(), 3, "one component added");
    assert_eq!(map.components[2].name, "nav");

    // N, a pause, then a name: N only opened the field.
    press(&mut h, Modifiers::NONE, Key::N);
    think(&mut h);
    h.event(Event::Text("PACS".into()));
    h.run();
    press(&mut h, Modifiers::NONE, Key::Enter);
    let map = &h.state().document().map;
    assert_eq!(map.components.len(), 4);
    assert_eq!(map.components[3].name, "PACS");
}

#[test]
fn a_click_then_a_quick_double_click_elsewhere_opens_the_name_box() {
    let mut h = app(false);
    let (first, then) = (screen(&h, 0.2, 0.15), screen(&h, 0.2, 0.85));
    click_at(&mut h, first);
    click_at(&mut h, then);
    click_at(&mut h, then);
    h.run();
    h.event(Event::Text("Quick".into()));
    h.run();
    press(&mut h, Modifiers::NONE, Key::Enter);
    let map = &h.state().document().map;
    let added = map.components.iter().find(|c| c.name == "Quick");
    let added = added.expect("the double-click opened the name box");
    assert!((added.evolution - 0.85).abs() < 0.02 && (added.visibility - 0.2).abs() < 0.02);
}

#[test]
fn status_keys_leave_a_selection_scrolled_out_of_view_alone() {
    let mut h = app(false);
    let epr = screen(&h, 0.7, 0.5);
    click_at(&mut h, epr);
    h.run();
    // Middle-drag the map far to the left: EPR leaves the screen, still selected.
    let from = screen(&h, 0.5, 0.9);
    h.event(Event::PointerMoved(from));
    pointer(&h, from, PointerButton::Middle, true);
    h.run();
    let to = from - Vec2::new(3000.0, 0.0);
    h.event(Event::PointerMoved(to));
    pointer(&h, to, PointerButton::Middle, false);
    h.run();
    assert_eq!(h.state().selection().components.len(), 1);
    press(&mut h, Modifiers::NONE, Key::Num3);
    assert_eq!(statuses(&h), [SupportStatus::Unknown; 2]);
    assert!(
        h.state().status_text().contains("out of view"),
        "{}",
        h.state().status_text()
    );
    // Once it is seen again, 3 marks it unsupported.
    press(&mut h, Modifiers::NONE, Key::F);
    press(&mut h, Modifiers::NONE, Key::Num3);
    assert_eq!(statuses(&h)[0], SupportStatus::Unsupported);
}
