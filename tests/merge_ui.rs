//! File > Merge maps… (issue 13): three area maps picked through scripted file
//! dialogs, one near match accepted and another rejected, the estate opened as a tab.
//! And one name for one system: the name box suggests catalogue and open-map names.

mod common;

use common::{SharedDialogs, app_with_dialogs, ward_map};
use egui::{Event, Key, PointerButton, Pos2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use estate_map::edit::Position;
use estate_map::model::Component;
use estate_map::ui::{Document, EstateApp};
use std::path::{Path, PathBuf};

fn click(h: &mut Harness<'_, EstateApp>, label: &str) {
    h.get_by_label(label).click();
    h.run();
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("tests/fixtures/areas/{name}.json"))
}

#[test]
fn the_review_dialog_accepts_one_match_rejects_another_and_opens_the_estate() {
    let answers = ["stroke", "diabetes", "cancer"].map(|n| Some(fixture(n)));
    let dialogs = SharedDialogs::answering(answers);
    let mut h = app_with_dialogs(Document::new(ward_map(), None), &dialogs, false);
    click(&mut h, "File");
    click(&mut h, "Merge maps\u{2026}");
    click(&mut h, "Add area map\u{2026}");
    click(&mut h, "Add area map\u{2026}");
    assert!(h.query_by_label("Cancer: 6 components").is_some());
    // Both records side by side: stroke's supplier and cancer's long name.
    assert!(
        h.query_by_label("Electronic patient record (EPR)")
            .is_some()
    );
    assert!(
        h.query_by_label("Estate: 15 components, 17 links; 4 near matches and conflicts to review")
            .is_some()
    );
    click(&mut h, "Accept match 1");
    click(&mut h, "Reject match 2");
    assert!(
        h.query_by_label("Estate: 14 components, 16 links; 2 near matches and conflicts to review")
            .is_some()
    );
    // The reviewer decides the status conflict: stroke and cancer say supported.
    click(&mut h, "Kept for EPR status");
    let options: Vec<_> = h.query_all_by_label("Supported").collect();
    options.last().unwrap().click();
    h.run();
    assert!(
        h.query_by_label("Estate: 14 components, 16 links; 1 near matches and conflicts to review")
            .is_some()
    );
    click(&mut h, "Open estate");
    assert_eq!(
        h.state().tab_count(),
        2,
        "the estate opens beside the ward map"
    );
    let map = &h.state().document().map;
    assert_eq!(map.components.len(), 14);
    let epr = map.find_by_name("EPR").unwrap();
    assert_eq!(epr.areas, ["Stroke", "Diabetes", "Cancer"]);
    assert_eq!(epr.status, estate_map::model::SupportStatus::Supported);
    assert!(map.find_by_name("PACS").is_some());
    assert!(
        map.find_by_name("Picture archiving and communication system")
            .is_some()
    );
    assert!(h.state().document().path.is_none(), "a new, untitled map");
    assert!(
        h.query_by_label("Open estate").is_none(),
        "the dialog closed"
    );
}

fn double_click_at(h: &mut Harness<'_, EstateApp>, pos: Pos2) {
    for _ in 0..2 {
        for pressed in [true, false] {
            h.event(Event::PointerMoved(pos));
            h.event(Event::PointerButton {
                pos,
                button: PointerButton::Primary,
                pressed,
                modifiers: Default::default(),
            });
        }
        h.step();
    }
    h.run();
}

/// Double-clicks an empty spot and types `text` into the new component's name box.
fn start_naming(h: &mut Harness<'_, EstateApp>, at: Position, text: &str) {
    let pos = h.state().screen_of(at);
    double_click_at(h, pos);
    h.event(Event::Text(text.into()));
    h.run();
}

fn named(h: &Harness<'_, EstateApp>, name: &str) -> bool {
    h.state().document().map.find_by_name(name).is_some()
}

#[test]
fn the_name_box_suggests_catalogue_and_map_names_tab_takes_one_enter_keeps_the_typing() {
    let mut map = ward_map();
    let id = map.allocate_component_id();
    map.components
        .push(Component::new(id, "Stroke audit spreadsheet", 0.3, 0.2));
    let mut h = app_with_dialogs(Document::new(map, None), &SharedDialogs::default(), false);

    start_naming(&mut h, Position::new(0.85, 0.15), "elec");
    assert!(h.query_by_label_contains("Suggestions").is_some());
    assert!(
        h.query_by_label("Tab: Electronic patient record (EPR)")
            .is_some()
    );
    h.key_press(Key::Tab);
    h.run();
    h.key_press(Key::Enter);
    h.run();
    assert!(named(&h, "Electronic patient record (EPR)"));

    // A name from the open map, suggested from a word inside it; Enter keeps "audit".
    start_naming(&mut h, Position::new(0.15, 0.85), "audit");
    assert!(h.query_by_label("Tab: Stroke audit spreadsheet").is_some());
    h.key_press(Key::Enter);
    h.run();
    assert!(named(&h, "audit"), "a suggestion is never forced");

    // A click takes any suggestion, not only the first, and finishes the name.
    start_naming(&mut h, Position::new(0.5, 0.5), "elec");
    let second = "Electronic prescribing and medicines administration (EPMA)";
    h.get_by_label(second).click();
    h.run();
    assert!(named(&h, second), "the clicked suggestion is the name");
    assert!(!named(&h, "elec"));
    assert!(
        h.query_by_label_contains("Suggestions").is_none(),
        "the list closes"
    );
}
