//! Compare mode, Merge changes from… and merge conflicts in the app (issue 12), driven
//! through accessible names with scripted file dialogs.

mod common;

use common::{SharedDialogs, app_with_dialogs, ward_map};
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use estate_map::edit::Position;
use estate_map::edit::merge3::merge;
use estate_map::model::{Component, ComponentId, Map, SupportStatus, save_file};
use estate_map::ui::{Document, EstateApp};

fn click(h: &mut Harness<'_, EstateApp>, label: &str) {
    h.get_by_label(label).click();
    h.run();
}

fn map<'a>(h: &'a Harness<'_, EstateApp>) -> &'a Map {
    &h.state().document().map
}

fn id_of(map: &Map, name: &str) -> ComponentId {
    map.components
        .iter()
        .find(|c| c.name == name)
        .unwrap_or_else(|| panic!("{name} is on the map"))
        .id
        .clone()
}

fn undo(h: &mut Harness<'_, EstateApp>) {
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
}

/// Last month's map (EPR, PAS, Lab) and this month's: EPR moved right, PAS now
/// unsupported, Lab retired, Bed board new.
fn last_and_this_month() -> (Map, Map) {
    let mut old = ward_map();
    let lab = old.allocate_component_id();
    old.components
        .push(Component::new(lab.clone(), "Lab system", 0.25, 0.3));
    let mut new = old.clone();
    new.components.retain(|c| c.id != lab);
    let epr = id_of(&new, "EPR");
    new.component_mut(&epr).unwrap().evolution = 0.8;
    let pas = id_of(&new, "PAS");
    new.component_mut(&pas).unwrap().status = SupportStatus::Unsupported;
    let bed = new.allocate_component_id();
    new.components
        .push(Component::new(bed, "Bed board", 0.55, 0.2));
    (old, new)
}

#[test]
fn compare_marks_the_changes_lists_them_and_leaving_restores_the_view() {
    let dir = tempfile::tempdir().unwrap();
    let (old, new) = last_and_this_month();
    let old_path = dir.path().join("november.json");
    save_file(&old, &old_path).unwrap();
    let report = dir.path().join("progress.md");
    let dialogs = SharedDialogs::answering([Some(old_path), Some(report.clone())]);
    let mut h = app_with_dialogs(Document::new(new, None), &dialogs, false);
    let spot = Position::new(0.5, 0.5);
    let before = h.state().screen_of(spot);

    click(&mut h, "File");
    click(&mut h, "Compare with file\u{2026}");
    assert!(h.state().comparing(), "{}", h.state().status_text());
    // The canvas names carry the change words.
    let name = |h: &Harness<'_, EstateApp>, who: &str| {
        h.get_by_label_contains(&format!("{who}, "))
            .accesskit_node()
            .label()
            .unwrap_or_default()
    };
    assert!(name(&h, "Bed board").contains("added"));
    assert!(name(&h, "EPR").contains("moved"));
    let pas = name(&h, "PAS");
    assert!(pas.contains("status changed, was unknown"), "{pas}");
    assert!(!name(&h, "EPR").contains("added"));
    // The list: removed, changed with its fields.
    h.get_by_label("\u{2212} Lab system (removed)");
    h.get_by_label_contains("status: unknown \u{2192} unsupported");

    // An entry selects its component.
    click(&mut h, "+ Bed board");
    let bed = id_of(map(&h), "Bed board");
    assert!(h.state().selection().components.contains(&bed));

    // Read-only: Delete is refused with the reason, nothing is removed.
    h.key_press(Key::Delete);
    h.run();
    assert!(
        h.state()
            .status_text()
            .contains("Compare mode is read-only")
    );
    assert_eq!(map(&h).components.len(), 3);

    // Export progress writes the Markdown report.
    click(&mut h, "Export progress\u{2026}");
    let text = std::fs::read_to_string(&report).expect("the report was written");
    assert!(text.contains("Bed board"), "{text}");
    assert!(text.contains("Lab system"), "{text}");

    // Escape leaves: nothing selected as before, the view as before, editable again.
    h.key_press(Key::Escape);
    h.run();
    assert!(!h.state().comparing());
    assert!(h.state().selection().components.is_empty());
    assert_eq!(h.state().screen_of(spot), before);
    assert!(!name(&h, "Bed board").contains("added"));
    assert!(!h.state().document().read_only);
}

#[test]
fn merge_changes_from_applies_both_edits_and_one_undo_reverts_it() {
    let dir = tempfile::tempdir().unwrap();
    let base = ward_map();
    let mut ours = base.clone();
    let epr = id_of(&ours, "EPR");
    ours.component_mut(&epr).unwrap().name = "EPR (Cerner)".into();
    let mut theirs = base.clone();
    let pas = id_of(&theirs, "PAS");
    theirs.component_mut(&pas).unwrap().status = SupportStatus::Unsupported;
    let new = theirs.allocate_component_id();
    theirs
        .components
        .push(Component::new(new, "Bed board", 0.5, 0.2));
    let (base_path, theirs_path) = (dir.path().join("base.json"), dir.path().join("theirs.json"));
    save_file(&base, &base_path).unwrap();
    save_file(&theirs, &theirs_path).unwrap();
    // No .bak beside an unsaved map: the base is a second pick.
    let dialogs = SharedDialogs::answering([Some(theirs_path), Some(base_path)]);
    let mut h = app_with_dialogs(Document::new(ours.clone(), None), &dialogs, false);

    click(&mut h, "File");
    click(&mut h, "Merge changes from\u{2026}");
    let merged = map(&h);
    assert_eq!(merged.component(&epr).unwrap().name, "EPR (Cerner)");
    assert_eq!(
        merged.component(&pas).unwrap().status,
        SupportStatus::Unsupported
    );
    assert_eq!(merged.components.len(), 3);
    assert!(merged.merge_conflicts.is_empty());
    assert!(h.state().status_text().contains("Merged"));

    undo(&mut h);
    assert_eq!(map(&h).components, ours.components);
}

#[test]
fn a_map_with_merge_conflicts_lists_them_and_take_theirs_sets_the_field_undoably() {
    let base = ward_map();
    let pas = id_of(&base, "PAS");
    let mut ours = base.clone();
    ours.component_mut(&pas).unwrap().status = SupportStatus::Unsupported;
    let mut theirs = base.clone();
    theirs.component_mut(&pas).unwrap().status = SupportStatus::ExtendedSupport;
    let conflicted = merge(&base, &ours, &theirs).unwrap().map;
    assert_eq!(conflicted.merge_conflicts.len(), 1);
    let dialogs = SharedDialogs::default();
    let mut h = app_with_dialogs(Document::new(conflicted, None), &dialogs, false);

    h.get_by_label_contains("Merge conflicts (1)");
    h.get_by_label("unsupported");
    h.get_by_label("extended_support");
    click(&mut h, "Take theirs");
    let status = |h: &Harness<'_, EstateApp>| map(h).component(&pas).unwrap().status;
    assert_eq!(status(&h), SupportStatus::ExtendedSupport);
    assert!(map(&h).merge_conflicts.is_empty());
    assert!(h.query_by_label_contains("Merge conflicts (").is_none());

    undo(&mut h);
    assert_eq!(status(&h), SupportStatus::Unsupported);
    assert_eq!(map(&h).merge_conflicts.len(), 1);

    click(&mut h, "Keep ours");
    assert_eq!(status(&h), SupportStatus::Unsupported);
    assert!(map(&h).merge_conflicts.is_empty());
}

#[test]
fn compare_with_the_backup_and_with_another_open_tab() {
    let dir = tempfile::tempdir().unwrap();
    let (old, new) = last_and_this_month();
    let path = dir.path().join("ward.json");
    save_file(&new, &path).unwrap();
    save_file(&old, &estate_map::model::backup_path(&path)).unwrap();
    let other = dir.path().join("november.json");
    save_file(&old, &other).unwrap();
    let files = vec![path, other];
    let mut h = Harness::builder()
        .with_size(egui::Vec2::new(1400.0, 900.0))
        .with_step_dt(1.0 / 60.0)
        .with_max_steps(120)
        .build_eframe(move |cc| EstateApp::for_files(&cc.egui_ctx, &files, false, None));
    h.run();
    let added = |h: &Harness<'_, EstateApp>| {
        h.get_by_label_contains("Bed board, ")
            .accesskit_node()
            .label()
            .unwrap_or_default()
            .contains("added")
    };

    click(&mut h, "File");
    click(&mut h, "Compare with backup");
    assert!(h.state().comparing(), "{}", h.state().status_text());
    h.get_by_label("Before: ward.json.bak");
    assert!(h.state().document().read_only);
    assert!(added(&h));
    click(&mut h, "Leave compare");
    assert!(!added(&h));

    click(&mut h, "File");
    click(&mut h, "Compare with open map");
    click(&mut h, "november.json (tab 2)");
    h.get_by_label("Before: november.json");
    assert!(added(&h));
}
