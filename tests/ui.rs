//! The canvas driven as a facilitator would: pointer and keyboard events, finding
//! components and controls by their accessible names.

use egui::accesskit::Role;
use egui::{Event, Key, Modifiers, PointerButton, Pos2, Vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use estate_map::edit::Position;
use estate_map::model::generate::generate;
use estate_map::model::{Component, ComponentId, Kind, Link, Map, SupportStatus, load_file};
use estate_map::ui::files::dialogs::ScriptedDialogs;
use estate_map::ui::{Document, EstateApp};

/// Patient (user need) -> EPR -> PAS, and a lone spreadsheet, spread out on the map.
fn workshop_map() -> Map {
    let mut map = Map::new("Workshop");
    let specs = [
        ("Patient", Kind::UserNeed, 0.95, 0.5),
        ("EPR", Kind::System, 0.6, 0.55),
        ("PAS", Kind::System, 0.35, 0.7),
        ("Bed spreadsheet", Kind::System, 0.5, 0.15),
    ];
    for (name, kind, visibility, evolution) in specs {
        let id = map.allocate_component_id();
        map.components
            .push(Component::new(id, name, visibility, evolution).with_kind(kind));
    }
    map.links
        .push(Link::new(id(&map, "Patient"), id(&map, "EPR")));
    map.links.push(Link::new(id(&map, "EPR"), id(&map, "PAS")));
    map
}

fn id(map: &Map, name: &str) -> ComponentId {
    map.find_by_name(name).expect(name).id.clone()
}

fn harness_with(doc: Document) -> Harness<'static, EstateApp> {
    let mut harness = Harness::builder()
        .with_size(Vec2::new(1400.0, 900.0))
        .with_step_dt(1.0 / 60.0)
        .with_max_steps(120)
        .build_eframe(move |cc| EstateApp::new(&cc.egui_ctx, doc));
    harness.run();
    harness
}

fn harness() -> Harness<'static, EstateApp> {
    harness_with(Document::new(workshop_map(), None))
}

fn map<'a>(h: &'a Harness<'_, EstateApp>) -> &'a Map {
    &h.state().document().map
}

fn component<'a>(h: &'a Harness<'_, EstateApp>, name: &str) -> &'a Component {
    map(h).find_by_name(name).expect(name)
}

/// Centre of a component's widget, found by its accessible name ("EPR, system, ...").
fn centre_of(h: &Harness<'_, EstateApp>, name: &str) -> Pos2 {
    h.get_by_label_contains(&format!("{name}, "))
        .rect()
        .center()
}

fn press(h: &Harness<'_, EstateApp>, pos: Pos2, modifiers: Modifiers) {
    h.event(Event::PointerMoved(pos));
    h.event(Event::PointerButton {
        pos,
        button: PointerButton::Primary,
        pressed: true,
        modifiers,
    });
}

fn release(h: &Harness<'_, EstateApp>, pos: Pos2, modifiers: Modifiers) {
    h.event(Event::PointerButton {
        pos,
        button: PointerButton::Primary,
        pressed: false,
        modifiers,
    });
}

fn click_at(h: &mut Harness<'_, EstateApp>, pos: Pos2, modifiers: Modifiers) {
    h.event(Event::ModifiersChanged(modifiers));
    press(h, pos, modifiers);
    release(h, pos, modifiers);
    h.event(Event::ModifiersChanged(Modifiers::NONE));
    h.run();
}

fn double_click_at(h: &mut Harness<'_, EstateApp>, pos: Pos2) {
    for _ in 0..2 {
        press(h, pos, Modifiers::NONE);
        release(h, pos, Modifiers::NONE);
        h.step();
    }
    h.run();
}

/// Presses at `from`, moves in steps a user's hand would make, releases at `to`.
fn drag(h: &mut Harness<'_, EstateApp>, from: Pos2, to: Pos2, modifiers: Modifiers) {
    if modifiers != Modifiers::NONE {
        h.event(Event::ModifiersChanged(modifiers));
    }
    press(h, from, modifiers);
    h.run();
    for step in 1..=8 {
        let p = from + (to - from) * (step as f32 / 8.0);
        h.event(Event::PointerMoved(p));
        h.run();
    }
    release(h, to, modifiers);
    h.run();
    if modifiers != Modifiers::NONE {
        h.event(Event::ModifiersChanged(Modifiers::NONE));
        h.run();
    }
}

fn key(h: &mut Harness<'_, EstateApp>, key: Key) {
    h.key_press(key);
    h.run();
}

fn key_with(h: &mut Harness<'_, EstateApp>, modifiers: Modifiers, key: Key) {
    h.key_press_modifiers(modifiers, key);
    h.run();
}

fn type_text(h: &mut Harness<'_, EstateApp>, text: &str) {
    h.event(Event::Text(text.into()));
    h.run();
}

fn undo(h: &mut Harness<'_, EstateApp>) {
    key_with(h, Modifiers::COMMAND, Key::Z);
}

fn redo(h: &mut Harness<'_, EstateApp>) {
    key_with(h, Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
}

fn select(h: &mut Harness<'_, EstateApp>, name: &str) {
    let at = centre_of(h, name);
    click_at(h, at, Modifiers::NONE);
}

#[test]
fn double_click_and_type_adds_a_component_there_then_undo_redo() {
    let mut h = harness();
    let at = Position::new(0.2, 0.4);
    let pos = h.state().screen_of(at);
    double_click_at(&mut h, pos);
    type_text(&mut h, "Stroke bed board");
    key(&mut h, Key::Enter);
    let added = component(&h, "Stroke bed board");
    assert!((added.evolution - 0.4).abs() < 0.01, "{added:?}");
    assert!((added.visibility - 0.2).abs() < 0.01, "{added:?}");
    assert_eq!(added.kind, Kind::System);
    assert_eq!(map(&h).components.len(), 5);
    assert!(h.state().document().is_dirty());
    // The new component is on the canvas under its accessible name.
    h.get_by_label("Stroke bed board, system, unknown");
    undo(&mut h);
    assert_eq!(map(&h).components.len(), 4, "typing the name was one step");
    redo(&mut h);
    assert!(map(&h).find_by_name("Stroke bed board").is_some());
}

#[test]
fn escape_cancels_adding_and_empty_names_add_nothing() {
    let mut h = harness();
    let pos = h.state().screen_of(Position::new(0.2, 0.4));
    double_click_at(&mut h, pos);
    type_text(&mut h, "Half typed");
    key(&mut h, Key::Escape);
    double_click_at(&mut h, pos);
    key(&mut h, Key::Enter);
    assert_eq!(map(&h).components.len(), 4);
}

#[test]
fn dragging_a_component_moves_it_and_is_one_undo_step() {
    let mut h = harness();
    let before = component(&h, "Bed spreadsheet").clone();
    let from = centre_of(&h, "Bed spreadsheet");
    let target = h.state().screen_of(Position::new(0.3, 0.6));
    let start = h
        .state()
        .screen_of(Position::new(before.visibility, before.evolution));
    // Aim so the component's own position lands on the target.
    let to = from + (target - start);
    drag(&mut h, from, to, Modifiers::NONE);
    let moved = component(&h, "Bed spreadsheet");
    assert!((moved.evolution - 0.6).abs() < 0.01, "{moved:?}");
    assert!((moved.visibility - 0.3).abs() < 0.01, "{moved:?}");
    undo(&mut h);
    assert_eq!(component(&h, "Bed spreadsheet"), &before);
    redo(&mut h);
    assert!((component(&h, "Bed spreadsheet").evolution - 0.6).abs() < 0.01);
}

#[test]
fn dragging_the_link_handle_onto_another_component_links_them() {
    let mut h = harness();
    select(&mut h, "Bed spreadsheet");
    let handle = h.get_by_label("Link from Bed spreadsheet").rect().center();
    let target = centre_of(&h, "PAS");
    drag(&mut h, handle, target, Modifiers::NONE);
    let (from, to) = (id(map(&h), "Bed spreadsheet"), id(map(&h), "PAS"));
    assert!(map(&h).has_link(&from, &to));
    // The new link is on the canvas, and can be undone and redone.
    undo(&mut h);
    assert!(!map(&h).has_link(&from, &to));
    redo(&mut h);
    assert!(map(&h).has_link(&from, &to));
    // Dropping on empty space cancels.
    select(&mut h, "Bed spreadsheet");
    let handle = h.get_by_label("Link from Bed spreadsheet").rect().center();
    let empty = h.state().screen_of(Position::new(0.1, 0.9));
    drag(&mut h, handle, empty, Modifiers::NONE);
    assert_eq!(map(&h).links.len(), 3);
    assert!(h.state().status_text().contains("cancelled"));
}

#[test]
fn a_duplicate_link_is_refused_with_a_reason() {
    let mut h = harness();
    let from = centre_of(&h, "EPR");
    let to = centre_of(&h, "PAS");
    drag(&mut h, from, to, Modifiers::ALT);
    assert_eq!(map(&h).links.len(), 2);
    assert!(
        h.state().status_text().contains("already depends on"),
        "{}",
        h.state().status_text()
    );
}

#[test]
fn context_menu_sets_status_and_undo_restores_it() {
    let mut h = harness();
    h.get_by_label_contains("PAS, ").click_secondary();
    h.run();
    h.get_by_label("Set support status").hover();
    h.run();
    // Menu items carry their shortcut key in their name.
    h.get_by_label("Unsupported 3").click();
    h.run();
    assert_eq!(component(&h, "PAS").status, SupportStatus::Unsupported);
    undo(&mut h);
    assert_eq!(component(&h, "PAS").status, SupportStatus::Unknown);
    redo(&mut h);
    assert_eq!(component(&h, "PAS").status, SupportStatus::Unsupported);
}

#[test]
fn number_keys_set_status_on_the_selection() {
    let mut h = harness();
    select(&mut h, "EPR");
    let pas = centre_of(&h, "PAS");
    click_at(&mut h, pas, Modifiers::SHIFT);
    assert_eq!(h.state().selection().components.len(), 2);
    key(&mut h, Key::Num4);
    assert_eq!(component(&h, "EPR").status, SupportStatus::ShadowIt);
    assert_eq!(component(&h, "PAS").status, SupportStatus::ShadowIt);
    assert_eq!(component(&h, "Patient").status, SupportStatus::Unknown);
    undo(&mut h);
    assert_eq!(component(&h, "EPR").status, SupportStatus::Unknown);
    assert_eq!(component(&h, "PAS").status, SupportStatus::Unknown);
    redo(&mut h);
    assert_eq!(component(&h, "PAS").status, SupportStatus::ShadowIt);
}

#[test]
fn f2_renames_inline_as_one_step_and_refuses_an_empty_name() {
    let mut h = harness();
    select(&mut h, "PAS");
    key(&mut h, Key::F2);
    key_with(&mut h, Modifiers::COMMAND, Key::A);
    type_text(&mut h, "Patient administration");
    key(&mut h, Key::Enter);
    assert!(map(&h).find_by_name("Patient administration").is_some());
    undo(&mut h);
    assert!(
        map(&h).find_by_name("PAS").is_some(),
        "one step for the whole name"
    );
    redo(&mut h);
    assert!(map(&h).find_by_name("Patient administration").is_some());
    // Double-click renames too; an emptied name is refused with a hint.
    let at = centre_of(&h, "Patient administration");
    double_click_at(&mut h, at);
    key_with(&mut h, Modifiers::COMMAND, Key::A);
    key(&mut h, Key::Backspace);
    key(&mut h, Key::Enter);
    assert!(map(&h).find_by_name("Patient administration").is_some());
    assert!(h.state().status_text().contains("cannot be empty"));
}

#[test]
fn delete_removes_the_selection_with_its_links_and_undo_restores_both() {
    let mut h = harness();
    select(&mut h, "EPR");
    key(&mut h, Key::Delete);
    assert!(map(&h).find_by_name("EPR").is_none());
    assert!(map(&h).links.is_empty());
    assert!(h.query_by_label_contains("EPR, ").is_none());
    undo(&mut h);
    assert!(map(&h).find_by_name("EPR").is_some());
    assert_eq!(map(&h).links.len(), 2);
    redo(&mut h);
    assert!(map(&h).find_by_name("EPR").is_none());
}

#[test]
fn multi_select_moves_together_in_one_step() {
    let mut h = harness();
    let before: Vec<Component> = map(&h).components.clone();
    select(&mut h, "EPR");
    let pas = centre_of(&h, "PAS");
    click_at(&mut h, pas, Modifiers::COMMAND);
    let from = centre_of(&h, "EPR");
    drag(
        &mut h,
        from,
        from + Vec2::new(-120.0, 40.0),
        Modifiers::NONE,
    );
    let d = |name: &str| {
        let old = before.iter().find(|c| c.name == name).unwrap();
        let new = component(&h, name);
        (
            new.evolution - old.evolution,
            new.visibility - old.visibility,
        )
    };
    let (epr, pas) = (d("EPR"), d("PAS"));
    assert!(epr.0 < -0.02 && epr.1 < -0.01, "{epr:?}");
    assert!((epr.0 - pas.0).abs() < 1e-6 && (epr.1 - pas.1).abs() < 1e-6);
    assert_eq!(d("Patient"), (0.0, 0.0));
    undo(&mut h);
    assert_eq!(map(&h).components, before);
}

#[test]
fn rubber_band_selects_what_it_covers() {
    let mut h = harness();
    // A band over the lower half of the map catches PAS and the spreadsheet only.
    let from = h.state().screen_of(Position::new(0.55, 0.02));
    let to = h.state().screen_of(Position::new(0.02, 0.98));
    drag(&mut h, from, to, Modifiers::SHIFT);
    let selected = &h.state().selection().components;
    let names: Vec<&str> = selected
        .iter()
        .map(|i| map(&h).component(i).unwrap().name.as_str())
        .collect();
    assert!(
        names.contains(&"PAS") && names.contains(&"Bed spreadsheet"),
        "{names:?}"
    );
    assert!(!names.contains(&"Patient"), "{names:?}");
}

#[test]
fn copy_paste_duplicates_components_with_their_internal_links() {
    let mut h = harness();
    select(&mut h, "EPR");
    let pas = centre_of(&h, "PAS");
    click_at(&mut h, pas, Modifiers::SHIFT);
    key_with(&mut h, Modifiers::COMMAND, Key::C);
    key_with(&mut h, Modifiers::COMMAND, Key::V);
    let m = map(&h);
    assert_eq!(m.components.len(), 6);
    assert_eq!(m.links.len(), 3);
    let copies: Vec<&Component> = m.components.iter().filter(|c| c.name == "EPR").collect();
    assert_eq!(copies.len(), 2);
    assert_ne!(copies[0].id, copies[1].id);
    // The pasted copies are selected, ready to drag into place.
    assert_eq!(h.state().selection().components.len(), 2);
    undo(&mut h);
    assert_eq!(map(&h).components.len(), 4);
    assert_eq!(map(&h).links.len(), 2);
    key_with(&mut h, Modifiers::COMMAND, Key::D);
    assert_eq!(map(&h).components.len(), 4, "nothing selected after undo");
}

#[test]
fn clicking_a_link_selects_it_for_labelling_and_deleting() {
    let mut h = harness();
    let handle = h.get_by_label("link from EPR to PAS").rect().center();
    click_at(&mut h, handle, Modifiers::NONE);
    assert!(h.state().selection().link.is_some());
    key(&mut h, Key::F2);
    type_text(&mut h, "nightly batch");
    key(&mut h, Key::Enter);
    let labelled = map(&h).links.iter().filter(|l| l.label.is_some()).count();
    assert_eq!(labelled, 1);
    key(&mut h, Key::Delete);
    assert_eq!(map(&h).links.len(), 1);
    undo(&mut h);
    assert_eq!(map(&h).links.len(), 2);
}

#[test]
fn search_centres_the_found_component() {
    let mut h = harness();
    key_with(&mut h, Modifiers::COMMAND, Key::F);
    type_text(&mut h, "spread");
    let found = centre_of(&h, "Bed spreadsheet");
    let canvas = h.get_by_label_contains("Map canvas").rect();
    assert!(
        (found.x - canvas.center().x).abs() < 60.0,
        "{found:?} {canvas:?}"
    );
    assert_eq!(h.state().selection().components.len(), 1);
}

#[test]
fn shortcuts_do_not_fire_while_typing() {
    let mut h = harness();
    select(&mut h, "EPR");
    key_with(&mut h, Modifiers::COMMAND, Key::F);
    type_text(&mut h, "3");
    key(&mut h, Key::Num3);
    key(&mut h, Key::Delete);
    assert_eq!(component(&h, "EPR").status, SupportStatus::Unknown);
    assert_eq!(map(&h).components.len(), 4);
}

#[test]
fn ctrl_s_saves_and_clears_the_unsaved_marker() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("workshop.json");
    let dialogs = ScriptedDialogs::new([Some(path.clone())]);
    let mut h = Harness::builder()
        .with_size(Vec2::new(1400.0, 900.0))
        .with_step_dt(1.0 / 60.0)
        .with_max_steps(120)
        .build_eframe(move |cc| {
            EstateApp::new(&cc.egui_ctx, Document::new(workshop_map(), None))
                .with_dialogs(Box::new(dialogs))
        });
    h.run();
    select(&mut h, "EPR");
    key(&mut h, Key::Num1);
    assert!(h.state().document().window_title().starts_with('\u{25CF}'));
    key_with(&mut h, Modifiers::COMMAND, Key::S);
    assert!(!h.state().document().is_dirty());
    let saved = load_file(&path).unwrap();
    assert_eq!(
        saved.find_by_name("EPR").unwrap().status,
        SupportStatus::Supported
    );
}

#[test]
fn read_only_maps_refuse_edits() {
    let mut doc = Document::new(workshop_map(), None);
    doc.read_only = true;
    let mut h = harness_with(doc);
    let before = map(&h).clone();
    select(&mut h, "EPR");
    key(&mut h, Key::Num3);
    key(&mut h, Key::Delete);
    let pos = h.state().screen_of(Position::new(0.2, 0.4));
    double_click_at(&mut h, pos);
    type_text(&mut h, "X");
    key(&mut h, Key::Enter);
    let from = centre_of(&h, "PAS");
    drag(&mut h, from, from + Vec2::new(50.0, 50.0), Modifiers::NONE);
    assert_eq!(map(&h), &before);
}

#[test]
fn every_control_has_an_accessible_name() {
    let h = harness();
    for name in [
        "+ Component",
        "+ User need",
        "Undo",
        "Redo",
        "Fit",
        "Presenter",
        "Save",
    ] {
        h.get_by_label(name);
    }
    assert_eq!(h.get_all_by_label_contains("link from").count(), 2);
    h.get_by_role(Role::Canvas);
}

#[test]
fn a_fast_drag_batched_into_one_frame_still_moves_the_component() {
    let mut h = harness();
    let before = component(&h, "PAS").clone();
    let from = centre_of(&h, "PAS");
    let to = from + Vec2::new(-150.0, 60.0);
    // A slow software-rendered frame can receive press, moves and release together.
    press(&h, from, Modifiers::NONE);
    h.event(Event::PointerMoved(to));
    release(&h, to, Modifiers::NONE);
    h.run();
    let after = component(&h, "PAS");
    assert!(after.evolution < before.evolution - 0.05, "{after:?}");
    assert!(after.visibility < before.visibility - 0.03, "{after:?}");
}

/// eframe's storage, kept in memory.
#[derive(Default)]
struct MemoryStorage(std::collections::HashMap<String, String>);

impl eframe::Storage for MemoryStorage {
    fn get_string(&self, key: &str) -> Option<String> {
        self.0.get(key).cloned()
    }
    fn set_string(&mut self, key: &str, value: String) {
        self.0.insert(key.to_string(), value);
    }
    fn remove_string(&mut self, key: &str) {
        self.0.remove(key);
    }
    fn flush(&mut self) {}
}

#[test]
fn presenter_mode_is_remembered_for_the_next_session() {
    use eframe::App;
    let mut storage = MemoryStorage::default();
    let mut first = harness();
    first.state_mut().set_presenter(true);
    first.state_mut().save(&mut storage);
    let ctx = egui::Context::default();
    let next = EstateApp::new(&ctx, Document::new(workshop_map(), None))
        .with_saved_settings(Some(&storage));
    assert!(next.presenter());
    let fresh = EstateApp::new(&ctx, Document::new(workshop_map(), None))
        .with_saved_settings(Some(&MemoryStorage::default()));
    assert!(!fresh.presenter());
}

/// A dense view (hundreds of components) makes a widget only for the component under
/// the pointer: every component must still be findable by its accessible name, and
/// one that the pointer rests on must take a click.
#[test]
fn a_dense_map_keeps_every_component_findable_and_clickable() {
    let mut h = harness_with(Document::new(generate(1_000, 1), None));
    let names: Vec<String> = [0, 500, 999]
        .iter()
        .map(|&i| map(&h).components[i].name.clone())
        .collect();
    for name in &names {
        let found = h.get_all_by_label_contains(&format!("{name}, ")).count();
        assert!(found >= 1, "{name} has no accessible node");
    }
    let at = centre_of(&h, &names[1]);
    h.event(Event::PointerMoved(at));
    h.step();
    assert!(h.state().selection().single_component().is_none());
    click_at(&mut h, at, Modifiers::NONE);
    assert!(h.state().selection().single_component().is_some());
}

#[test]
fn l_hides_the_legend_and_gives_the_map_the_room() {
    let mut h = harness();
    h.get_by_label_contains("Legend: ");
    let before = centre_of(&h, "EPR");
    key(&mut h, Key::L);
    assert!(!h.state().legend_shown());
    assert!(h.query_by_label_contains("Legend: ").is_none());
    // The fitted map refits into the freed room: it grows, so the EPR moves.
    for _ in 0..3 {
        h.run();
    }
    assert_ne!(centre_of(&h, "EPR"), before);
    // The toolbar toggle brings it back.
    h.get_by_role_and_label(Role::Button, "Legend").click();
    h.run();
    assert!(h.state().legend_shown());
    h.get_by_label_contains("Legend: ");
}

#[test]
fn paste_lands_centred_on_the_pointer() {
    let mut h = harness();
    select(&mut h, "EPR");
    key_with(&mut h, Modifiers::COMMAND, Key::C);
    // An empty spot, well away from the original.
    let target = Position::new(0.3, 0.15);
    let spot = h.state().screen_of(target);
    h.event(Event::PointerMoved(spot));
    h.run();
    key_with(&mut h, Modifiers::COMMAND, Key::V);
    let copies: Vec<&Component> = map(&h)
        .components
        .iter()
        .filter(|c| c.name == "EPR")
        .collect();
    assert_eq!(copies.len(), 2);
    let pasted = copies[1];
    // One pixel on screen is well under 0.01 of the map.
    assert!(
        (pasted.visibility - target.visibility).abs() < 0.01,
        "{pasted:?}"
    );
    assert!(
        (pasted.evolution - target.evolution).abs() < 0.01,
        "{pasted:?}"
    );
}

#[test]
fn the_legend_names_inertia_and_plans_when_the_map_has_them() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/sample_maps/diabetes.json");
    let h = harness_with(Document::new(load_file(path.as_ref()).unwrap(), None));
    h.get_by_label_contains("a bar right of a box: inertia");
    h.get_by_label_contains("a dashed red arrow: planned evolution");
    let plain = harness();
    assert!(plain.query_by_label_contains("inertia").is_none());
}
