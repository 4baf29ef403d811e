//! Exporting from the app (issue 5): File > Export, the dialog's options and preview,
//! writing through scripted file dialogs, Ctrl+E repeating the last export, and export
//! in read-only mode, driven through kittest.

mod common;

use common::{SharedDialogs, app_with_dialogs, wait_for_preview, ward_map};
use egui::{Event, Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use estate_map::ui::files::dialogs::DialogRequest;
use estate_map::ui::{Document, EstateApp};
use std::path::Path;

fn harness(doc: Document, dialogs: &SharedDialogs, view_only: bool) -> Harness<'static, EstateApp> {
    app_with_dialogs(doc, dialogs, view_only)
}

fn click(h: &mut Harness<'_, EstateApp>, label: &str) {
    h.get_by_label(label).click();
    h.run();
}

fn key_with(h: &mut Harness<'_, EstateApp>, modifiers: Modifiers, key: Key) {
    h.key_press_modifiers(modifiers, key);
    h.run();
}

/// File > Export, choose SVG, Export to file (the dialog answers from its script).
fn export_svg_through_the_dialog(h: &mut Harness<'_, EstateApp>) {
    click(h, "File");
    click(h, "Export\u{2026} Ctrl+Shift+E");
    wait_for_preview(h);
    click(h, "SVG");
    click(h, "Export to file\u{2026}");
}

/// The exported SVG's text, after checking it parses as SVG.
fn read_svg(path: &Path) -> String {
    let text = std::fs::read_to_string(path).expect("the export was written");
    usvg::Tree::from_str(&text, &usvg::Options::default()).expect("the export is valid SVG");
    text
}

#[test]
fn file_export_writes_svg_to_the_chosen_path_with_the_svg_extension() {
    let dir = tempfile::tempdir().unwrap();
    let dialogs = SharedDialogs::answering([Some(dir.path().join("board pack"))]);
    let mut h = harness(Document::new(ward_map(), None), &dialogs, false);
    export_svg_through_the_dialog(&mut h);

    let out = dir.path().join("board pack.svg");
    let svg = read_svg(&out);
    assert!(svg.contains("Ward round"), "title missing");
    assert!(svg.contains("EPR"), "component missing");
    assert!(
        h.state().status_text().contains("Exported SVG"),
        "{}",
        h.state().status_text()
    );
    assert_eq!(
        dialogs.requests(),
        [DialogRequest::SaveAs {
            suggested_name: "Ward round.svg".into(),
            start_dir: None,
        }]
    );
    assert!(
        !h.state().document().is_dirty(),
        "export does not change the map"
    );
}

#[test]
fn ctrl_e_repeats_the_last_export_to_the_same_file_after_the_map_changed() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("ward.svg");
    let dialogs = SharedDialogs::answering([Some(out.clone())]);
    let mut h = harness(Document::new(ward_map(), None), &dialogs, false);
    export_svg_through_the_dialog(&mut h);
    assert!(!read_svg(&out).contains("Bed board"));
    click(&mut h, "Close");

    // Add a component: N, type its name, Enter.
    h.key_press(Key::N);
    h.run();
    h.event(Event::Text("Bed board".into()));
    h.run();
    h.key_press(Key::Enter);
    h.run();
    assert!(
        h.state()
            .document()
            .map
            .components
            .iter()
            .any(|c| c.name == "Bed board")
    );

    key_with(&mut h, Modifiers::COMMAND, Key::E);
    let svg = read_svg(&out);
    assert!(
        svg.contains("Bed board"),
        "the repeat did not include the new component"
    );
    assert_eq!(dialogs.requests().len(), 1, "Ctrl+E asked for a path again");
    assert!(
        h.query_by_label("Export to file\u{2026}").is_none(),
        "no dialog on repeat"
    );
}

#[test]
fn first_ctrl_e_opens_the_dialog_and_a_cancelled_path_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let dialogs = SharedDialogs::answering([None]);
    let mut h = harness(Document::new(ward_map(), None), &dialogs, false);
    key_with(&mut h, Modifiers::COMMAND, Key::E);
    // The preview's arrival moves the buttons: click once it is there.
    wait_for_preview(&mut h);
    click(&mut h, "Export to file\u{2026}");
    assert_eq!(h.state().status_text(), "Export cancelled");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    // Nothing was exported yet, so Ctrl+E still has nothing to repeat: it asks again.
    click(&mut h, "Close");
    key_with(&mut h, Modifiers::COMMAND, Key::E);
    h.get_by_label("Export to file\u{2026}");
}

#[test]
fn export_works_in_read_only_mode() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("read only.svg");
    let dialogs = SharedDialogs::answering([Some(out.clone())]);
    let mut h = harness(Document::new(ward_map(), None), &dialogs, true);
    assert!(h.state().document().read_only);
    export_svg_through_the_dialog(&mut h);
    let svg = read_svg(&out);
    assert!(svg.contains("Ward round") && svg.contains("PAS"));
}

#[test]
fn an_unwritable_path_is_reported_on_the_status_line() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("no such folder").join("x.svg");
    let dialogs = SharedDialogs::answering([Some(out.clone())]);
    let mut h = harness(Document::new(ward_map(), None), &dialogs, false);
    export_svg_through_the_dialog(&mut h);
    let status = h.state().status_text().to_string();
    assert!(status.starts_with("Could not export SVG: "), "{status}");
    assert!(status.contains("no such folder"), "{status}");
    assert!(!out.exists());
}

#[test]
fn png_export_follows_the_size_and_background_options() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("ward.png");
    let dialogs = SharedDialogs::answering([Some(out.clone())]);
    let mut h = harness(Document::new(ward_map(), None), &dialogs, false);
    key_with(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::E);
    click(&mut h, "PNG");
    click(&mut h, "A3 landscape");
    click(&mut h, "Transparent");
    click(&mut h, "Export to file\u{2026}");
    let png = std::fs::read(&out).expect("the export was written");
    let pixmap = resvg::tiny_skia::Pixmap::decode_png(&png).expect("a valid PNG");
    assert_eq!(
        (pixmap.width(), pixmap.height()),
        (4961, 3508),
        "A3 at 300 dpi"
    );
    let corner = pixmap.pixel(0, 0).unwrap();
    assert_eq!(corner.alpha(), 0, "transparent background");
}

#[test]
fn copy_image_puts_the_map_on_the_clipboard_at_the_chosen_size() {
    let mut h = harness(
        Document::new(ward_map(), None),
        &SharedDialogs::default(),
        false,
    );
    click(&mut h, "File");
    click(&mut h, "Export\u{2026} Ctrl+Shift+E");
    wait_for_preview(&mut h);
    h.get_by_label("Copy image").click();
    h.step();
    let copied = h
        .output()
        .platform_output
        .commands
        .iter()
        .find_map(|c| match c {
            egui::OutputCommand::CopyImage(image) => Some(image.size),
            _ => None,
        });
    assert_eq!(copied, Some([3508, 2480]), "A4 landscape at 300 dpi");
    assert!(h.state().status_text().contains("3508 x 2480"));
}

#[test]
fn export_colours_like_the_canvas_and_the_dialog_changes_both() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("dates");
    let dialogs = SharedDialogs::answering([Some(out.clone())]);
    let mut h = harness(Document::new(ward_map(), None), &dialogs, false);
    // Chosen on the canvas (C cycles: risk, then dates) ...
    key_with(&mut h, Modifiers::NONE, Key::C);
    key_with(&mut h, Modifiers::NONE, Key::C);
    export_svg_through_the_dialog(&mut h);
    let svg = read_svg(&out.with_extension("svg"));
    assert!(svg.contains(">Ends later<"), "dates legend missing");
    assert!(!svg.contains(">Key<"), "status legend still shown");

    // ... and changed in the dialog, which recolours the canvas too.
    click(&mut h, "Risk score");
    assert_eq!(h.state().colour_by(), estate_map::scene::ColourBy::Risk);
    h.get_by_label_contains("Legend: fill shows risk score");
}

#[test]
fn the_register_exports_as_csv_for_a_risk_register_spreadsheet() {
    let dir = tempfile::tempdir().unwrap();
    let dialogs = SharedDialogs::answering([Some(dir.path().join("ward register"))]);
    let mut h = harness(Document::new(ward_map(), None), &dialogs, false);
    key_with(&mut h, Modifiers::NONE, Key::R);
    click(&mut h, "Export CSV\u{2026}");
    let path = dir.path().join("ward register.csv");
    let csv = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "the CSV was not written ({e}); status: {}",
            h.state().status_text()
        )
    });
    let mut lines = csv.lines();
    assert!(
        lines.next().unwrap().starts_with("Rank,ID,Component,"),
        "{csv}"
    );
    let rows: Vec<&str> = lines.collect();
    // Every system and activity of the ward map, none of its user needs.
    let expected = ward_map()
        .components
        .iter()
        .filter(|c| c.kind != estate_map::model::Kind::UserNeed)
        .count();
    assert_eq!(rows.len(), expected, "{csv}");
    assert!(rows[0].starts_with("1,"), "{csv}");
    assert!(
        h.state().status_text().contains("Saved the risk register"),
        "{}",
        h.state().status_text()
    );
}

#[test]
fn current_view_exports_the_visible_part_with_title_and_legend() {
    let dir = tempfile::tempdir().unwrap();
    let dialogs = SharedDialogs::answering([Some(dir.path().join("zoomed"))]);
    let mut h = harness(Document::new(ward_map(), None), &dialogs, false);
    // Zoom in twice, so the canvas shows part of the map.
    key_with(&mut h, Modifiers::COMMAND, Key::Equals);
    key_with(&mut h, Modifiers::COMMAND, Key::Equals);
    click(&mut h, "File");
    click(&mut h, "Export\u{2026} Ctrl+Shift+E");
    wait_for_preview(&mut h);
    click(&mut h, "Current view");
    click(&mut h, "SVG");
    click(&mut h, "Export to file\u{2026}");
    let svg = read_svg(&dir.path().join("zoomed.svg"));
    assert!(svg.contains("clip-path"), "not a framed crop");
    assert!(svg.contains("Ward round") && svg.contains(">Key<"));
}

/// File > Export with "OWM text" writes OnlineWardleyMaps text that reads back as the
/// same components at the same coordinates (ward_map: EPR at visibility 0.7, PAS 0.4,
/// both at evolution 0.5).
#[test]
fn the_dialog_exports_owm_text() {
    let dir = tempfile::tempdir().unwrap();
    let dialogs = SharedDialogs::answering([Some(dir.path().join("ward"))]);
    let mut h = harness(Document::new(ward_map(), None), &dialogs, false);
    for label in ["File", "Export\u{2026} Ctrl+Shift+E"] {
        click(&mut h, label);
    }
    wait_for_preview(&mut h);
    for label in ["OWM text", "Export to file\u{2026}"] {
        click(&mut h, label);
    }
    let text = std::fs::read_to_string(dir.path().join("ward.owm")).unwrap();
    let back = estate_map::interop::owm::import(&text);
    assert!(back.problems.is_empty(), "{text}");
    let at = |name: &str| {
        let c = back.map.find_by_name(name).unwrap();
        (c.visibility, c.evolution)
    };
    assert_eq!(at("EPR"), (0.7, 0.5), "{text}");
    assert_eq!(at("PAS"), (0.4, 0.5), "{text}");
}
