//! File > Import… of an asset register, driven through the real app: the preview, a
//! column remapped in its combo, merging into the open map (one undo) and importing
//! as a new tab.

use egui::accesskit::Role;
use egui::{Key, Modifiers, Vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use estate_map::model::{Component, Map};
use estate_map::ui::files::dialogs::ScriptedDialogs;
use estate_map::ui::{Document, EstateApp};
use std::path::Path;

fn click(h: &mut Harness<'_, EstateApp>, label: &str) {
    h.get_by_label(label).click();
    h.run();
}

#[test]
fn a_register_is_previewed_remapped_merged_and_imported() {
    let register = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/registers/messy.csv");
    let mut map = Map::new("Estate");
    let id = map.allocate_component_id();
    map.components.push(Component::new(id, "PAS", 0.6, 0.6));
    let doc = Document::new(map, None);
    let dialogs = ScriptedDialogs::new([Some(register.clone())]);
    let mut h = Harness::builder()
        .with_size(Vec2::new(1400.0, 900.0))
        .with_step_dt(1.0 / 60.0)
        .with_max_steps(120)
        .build_eframe(move |cc| EstateApp::new(&cc.egui_ctx, doc).with_dialogs(Box::new(dialogs)));
    h.run();
    click(&mut h, "File");
    click(&mut h, "Import\u{2026}");
    assert!(h.state().import_dialog_open());
    // The preview: rows as they will import, and the unreadable date by row and column.
    h.get_by_label("Lab system (LIMS)");
    h.get_by_label(
        "row 5, column \u{201C}End of Support\u{201D}: \u{201C}31/13/2025\u{201D} is not a date: write it as 31/03/2027 or 2027-03-31",
    );
    // The unknown Version column goes to tags instead of the description.
    h.get_by_role_and_label(Role::ComboBox, "Version").click();
    h.run();
    // The list of fields is long enough to scroll: pick it as a screen reader would.
    h.get_by_label("Tags").click_accesskit();
    h.run();
    if h.query_all_by_label("Tags").count() > 1 {
        // Still open: a click on the box closes the list.
        h.get_by_role_and_label(Role::ComboBox, "Version").click();
        h.run();
    }
    let combo = h.get_by_role_and_label(Role::ComboBox, "Version");
    assert_eq!(combo.value().as_deref(), Some("Tags"));

    click(&mut h, "Merge into \u{201C}Estate\u{201D}");
    click(&mut h, "Import");
    assert!(!h.state().import_dialog_open());
    assert_eq!(h.state().tab_count(), 1);
    let estate = &h.state().document().map;
    assert_eq!(estate.components.len(), 8, "PAS updated, seven added");
    let pas = estate.find_by_name("PAS").unwrap();
    assert_eq!((pas.visibility, pas.evolution), (0.6, 0.6));
    assert_eq!(pas.end_of_support.unwrap().to_string(), "2023-06-30");
    let epr = estate.find_by_name("Electronic Patient Record").unwrap();
    assert_eq!(epr.tags, ["2018.07"]);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(h.state().document().map.components.len(), 1, "one undo");

    // Dropped on the window, the register opens the preview; Import makes a new tab.
    h.state_mut().open_path(&register);
    h.run();
    click(&mut h, "Import");
    assert_eq!(h.state().tab_count(), 2);
    let imported = &h.state().document().map;
    assert_eq!(imported.title, "messy");
    assert_eq!(imported.components.len(), 8);
    assert!(
        h.state()
            .status_text()
            .contains("2 value(s) could not be read"),
        "{}",
        h.state().status_text()
    );

    // A workbook offers its sheets.
    h.state_mut().open_path(&register.with_extension("xlsx"));
    h.run();
    h.get_by_role_and_label(Role::ComboBox, "Sheet").click();
    h.run();
    click(&mut h, "Retired");
    h.get_by_label("Old PAS");
    click(&mut h, "Import");
    assert_eq!(h.state().tab_count(), 3);
    let names: Vec<_> = h
        .state()
        .document()
        .map
        .components
        .iter()
        .map(|c| c.name.as_str())
        .collect();
    assert_eq!(names, ["Old PAS"]);
}

#[test]
fn merging_lists_rows_that_may_be_systems_the_map_has() {
    let dir = tempfile::tempdir().unwrap();
    let register = dir.path().join("r.csv");
    std::fs::write(&register, "System\nElectronic patient record (EPR)\n").unwrap();
    let mut map = Map::new("Estate");
    let id = map.allocate_component_id();
    map.components.push(Component::new(id, "EPR", 0.6, 0.6));
    let doc = Document::new(map, None);
    let dialogs = ScriptedDialogs::new([Some(register.clone())]);
    let mut h = Harness::builder()
        .with_size(Vec2::new(1400.0, 900.0))
        .with_step_dt(1.0 / 60.0)
        .with_max_steps(120)
        .build_eframe(move |cc| EstateApp::new(&cc.egui_ctx, doc).with_dialogs(Box::new(dialogs)));
    h.run();
    click(&mut h, "File");
    click(&mut h, "Import\u{2026}");
    assert!(
        h.query_by_label_contains("possible match").is_none(),
        "only when merging"
    );
    click(&mut h, "Merge into \u{201C}Estate\u{201D}");
    h.get_by_label("1 row(s) will be added but may be systems this map has (review them)");
    h.get_by_label(
        "row 2: \u{201C}Electronic patient record (EPR)\u{201D} was added as a new component; \
         possible match for EPR (c1): 'EPR' is the acronym of 'Electronic patient record (EPR)': \
         merge them by hand if they are one system",
    );
    click(&mut h, "Import");
    assert_eq!(
        h.state().document().map.components.len(),
        2,
        "added, not merged"
    );
    let status = h.state().status_text();
    assert!(
        status.contains("1 added system(s) may be ones the map has"),
        "{status}"
    );
}
