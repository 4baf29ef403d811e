//! File handling in the running app (issue 4): the unsaved-changes prompt, read-only
//! maps, broken files, the disk-change guard on Save, and recovery copies, driven
//! through kittest with scripted file dialogs and temporary folders.

mod common;

use common::{SharedDialogs, ward_map};
use egui::{Key, Modifiers, Vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use estate_map::edit::{Command, Position};
use estate_map::model::{Kind, Map, load_file, save_file, to_json_bytes};
use estate_map::ui::files::AppDirs;
use estate_map::ui::files::dialogs::DialogRequest;
use estate_map::ui::files::recovery::{RecoverySlot, RecoveryStore};
use estate_map::ui::{Document, EstateApp, Intent, Prompt};
use std::path::{Path, PathBuf};

fn add_component(doc: &mut Document, name: &str) {
    doc.apply(Command::AddComponent {
        name: name.into(),
        kind: Kind::System,
        at: Position::new(0.5, 0.3),
    })
    .expect("the map is editable");
}

/// A map with one unsaved edit.
fn edited_doc() -> Document {
    let mut doc = Document::new(ward_map(), None);
    add_component(&mut doc, "Bed board");
    doc
}

fn harness(
    make: impl FnOnce(&egui::Context) -> EstateApp + 'static,
) -> Harness<'static, EstateApp> {
    let mut h = Harness::builder()
        .with_size(Vec2::new(1400.0, 900.0))
        .with_step_dt(1.0 / 60.0)
        .with_max_steps(120)
        .build_eframe(move |cc| make(&cc.egui_ctx));
    h.run();
    h
}

fn with_dialogs(doc: Document, dialogs: &SharedDialogs) -> Harness<'static, EstateApp> {
    let dialogs = dialogs.clone();
    harness(move |ctx| EstateApp::new(ctx, doc).with_dialogs(Box::new(dialogs)))
}

fn key_with(h: &mut Harness<'_, EstateApp>, modifiers: Modifiers, key: Key) {
    h.key_press_modifiers(modifiers, key);
    h.run();
}

fn click(h: &mut Harness<'_, EstateApp>, label: &str) {
    h.get_by_label(label).click();
    h.run();
}

fn names(h: &Harness<'_, EstateApp>) -> Vec<String> {
    let map = &h.state().document().map;
    map.components.iter().map(|c| c.name.clone()).collect()
}

// New and Open open a tab of their own (issue 11.3): closing the map is what asks.
#[test]
fn closing_a_map_with_unsaved_changes_asks_and_cancel_keeps_the_map() {
    let mut h = with_dialogs(edited_doc(), &SharedDialogs::default());
    key_with(&mut h, Modifiers::COMMAND, Key::W);
    assert!(matches!(h.state().prompt(), Some(Prompt::Unsaved(_))));
    h.get_by_label_contains("unsaved changes");
    click(&mut h, "Cancel");
    assert!(h.state().prompt().is_none());
    assert_eq!(names(&h), ["EPR", "PAS", "Bed board"]);
    assert!(h.state().document().is_dirty());
}

#[test]
fn discard_drops_the_changes_and_starts_the_new_map() {
    let mut h = with_dialogs(edited_doc(), &SharedDialogs::default());
    key_with(&mut h, Modifiers::COMMAND, Key::W);
    click(&mut h, "Discard changes");
    assert!(names(&h).is_empty());
    assert!(!h.state().document().is_dirty());
}

#[test]
fn save_in_the_prompt_saves_through_the_dialog_then_opens_the_other_map() {
    let dir = tempfile::tempdir().unwrap();
    let other = dir.path().join("other.json");
    save_file(&Map::new("Other"), &other).unwrap();
    let saved = dir.path().join("ward");
    // Save As is asked first (the map was never saved), then Open.
    let dialogs = SharedDialogs::answering([Some(saved.clone()), Some(other.clone())]);
    let mut h = with_dialogs(edited_doc(), &dialogs);
    key_with(&mut h, Modifiers::COMMAND, Key::W);
    // The prompt's Save (drawn last), not the toolbar's.
    h.get_all_by_label("Save").last().unwrap().click();
    h.run();
    // The saved map's tab closed, leaving a new empty map that the opened one replaces.
    key_with(&mut h, Modifiers::COMMAND, Key::O);
    assert_eq!(h.state().tab_count(), 1);
    let saved = saved.with_extension("json");
    assert_eq!(load_file(&saved).unwrap().components.len(), 3);
    assert_eq!(h.state().document().map.title, "Other");
    assert_eq!(h.state().document().path.as_deref(), Some(other.as_path()));
    let requests = dialogs.requests();
    assert!(matches!(
        &requests[0],
        DialogRequest::SaveAs { suggested_name, .. } if suggested_name == "Ward round.json"
    ));
}

#[test]
fn a_broken_file_shows_its_problems_and_keeps_the_current_map() {
    let dir = tempfile::tempdir().unwrap();
    let broken = dir.path().join("broken.json");
    let mut bad: serde_json::Value = serde_json::from_slice(&to_json_bytes(&ward_map())).unwrap();
    // A visibility out of range now opens with a repair (issue 10); one that is not a
    // number at all still cannot be read.
    bad["components"][0]["visibility"] = serde_json::json!("high");
    std::fs::write(&broken, bad.to_string()).unwrap();
    let dialogs = SharedDialogs::answering([Some(broken)]);
    let original = ward_map();
    let doc = Document::new(original.clone(), None);
    let mut h = with_dialogs(doc, &dialogs);
    key_with(&mut h, Modifiers::COMMAND, Key::O);
    let Some(Prompt::OpenFailed {
        message, problems, ..
    }) = h.state().prompt()
    else {
        panic!("no error dialog: {:?}", h.state().prompt());
    };
    let said = format!("{message} {problems:?}");
    assert!(
        said.contains("visibility") && said.contains("broken.json"),
        "{said}"
    );
    h.get_by_label("Could not open the map");
    click(&mut h, "OK");
    assert_eq!(h.state().document().map, original);
    assert_eq!(h.state().document().path, None);
}

#[test]
fn read_only_refuses_edits_and_says_so() {
    let original = ward_map();
    let doc = Document::new(original.clone(), None);
    let mut h = harness(move |ctx| EstateApp::new(ctx, doc).with_view_only());
    h.get_by_label("Read-only");
    h.key_press(Key::N);
    h.run();
    h.event(egui::Event::Text("Blocked".into()));
    h.key_press(Key::Enter);
    h.run();
    key_with(&mut h, Modifiers::COMMAND, Key::A);
    h.key_press(Key::Delete);
    h.run();
    assert_eq!(h.state().document().map, original);
    assert!(!h.state().document().is_dirty());
}

#[test]
fn save_never_overwrites_a_file_changed_on_disk_without_asking() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ward.json");
    save_file(&ward_map(), &path).unwrap();
    let mut doc = Document::open(&path, false).unwrap();
    add_component(&mut doc, "Bed board");
    let mut h = with_dialogs(doc, &SharedDialogs::default());
    let mut theirs = ward_map();
    theirs.title = "Changed by a colleague".into();
    save_file(&theirs, &path).unwrap();
    key_with(&mut h, Modifiers::COMMAND, Key::S);
    assert!(matches!(
        h.state().prompt(),
        Some(Prompt::SaveConflict { .. })
    ));
    click(&mut h, "Cancel");
    assert_eq!(load_file(&path).unwrap().title, "Changed by a colleague");
    key_with(&mut h, Modifiers::COMMAND, Key::S);
    click(&mut h, "Overwrite");
    assert_eq!(load_file(&path).unwrap().components.len(), 3);
    assert!(!h.state().document().is_dirty());
}

#[test]
fn a_recovery_copy_is_offered_restored_as_unsaved_and_removed_on_save() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ward.json");
    save_file(&ward_map(), &path).unwrap();
    let dirs = AppDirs::under(&dir.path().join("app"));
    let store = RecoveryStore::new(dirs.recovery_dir());
    let mut edited = ward_map();
    edited.components.pop();
    let copy = store
        .write(&RecoverySlot::for_file(&path), &edited, 7)
        .unwrap();
    let before = std::fs::read(&path).unwrap();
    let mut h = harness(move |ctx| {
        EstateApp::new(ctx, Document::new(Map::default(), None)).with_app_dirs(&dirs)
    });
    assert!(matches!(h.state().prompt(), Some(Prompt::Recovery(_))));
    h.key_press(Key::Enter);
    h.run();
    assert_eq!(names(&h), ["EPR"]);
    assert!(h.state().document().is_dirty());
    assert_eq!(
        std::fs::read(&path).unwrap(),
        before,
        "restoring wrote the file"
    );
    key_with(&mut h, Modifiers::COMMAND, Key::S);
    assert_eq!(load_file(&path).unwrap().components.len(), 1);
    assert!(!copy.path.exists());
}

#[test]
fn closing_the_window_with_unsaved_changes_asks_first() {
    let mut h = with_dialogs(edited_doc(), &SharedDialogs::default());
    let root = h.input_mut().viewports.entry(egui::ViewportId::ROOT);
    root.or_default().events.push(egui::ViewportEvent::Close);
    h.run();
    assert!(matches!(
        h.state().prompt(),
        Some(Prompt::Unsaved(Intent::Close))
    ));
    click(&mut h, "Cancel");
    assert_eq!(names(&h), ["EPR", "PAS", "Bed board"]);
}

#[test]
fn map_properties_are_edited_in_a_dialog_and_undone_in_one_step() {
    let mut h = with_dialogs(Document::new(ward_map(), None), &SharedDialogs::default());
    click(&mut h, "File");
    click(&mut h, "Map properties\u{2026}");
    h.get_by_label("Title").focus();
    h.run();
    key_with(&mut h, Modifiers::COMMAND, Key::A);
    h.event(egui::Event::Text("Stroke pathway".into()));
    h.run();
    click(&mut h, "OK");
    assert_eq!(h.state().document().map.title, "Stroke pathway");
    key_with(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(h.state().document().map.title, "Ward round");
}

/// A file dropped on the window, as the window system hands it over.
#[derive(Debug)]
struct Dropped(PathBuf);

impl egui::DroppedFile for Dropped {
    fn path(&self) -> &Path {
        &self.0
    }

    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|e| e.to_string())
    }
}

#[test]
fn a_dropped_file_opens_in_a_tab_beside_the_unsaved_map() {
    let dir = tempfile::tempdir().unwrap();
    let other = dir.path().join("other.json");
    save_file(&Map::new("Other"), &other).unwrap();
    let mut h = with_dialogs(edited_doc(), &SharedDialogs::default());
    let file = std::sync::Arc::new(Dropped(other.clone()));
    h.input_mut().dropped_files.push(file);
    h.run();
    assert!(h.state().prompt().is_none());
    assert_eq!(h.state().tab_count(), 2);
    assert!(h.state().documents()[0].is_dirty());
    assert_eq!(h.state().document().map.title, "Other");
    assert_eq!(h.state().document().path.as_deref(), Some(other.as_path()));
}

#[test]
fn a_file_changed_on_disk_is_noticed_and_can_be_reloaded() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ward.json");
    save_file(&ward_map(), &path).unwrap();
    let doc = Document::open(&path, false).unwrap();
    let mut h = with_dialogs(doc, &SharedDialogs::default());
    let mut theirs = ward_map();
    theirs.title = "Changed by a colleague".into();
    save_file(&theirs, &path).unwrap();
    // The app looks every 2 s (wall-clock time).
    std::thread::sleep(std::time::Duration::from_millis(2100));
    h.run();
    assert!(matches!(h.state().prompt(), Some(Prompt::ChangedOnDisk)));
    click(&mut h, "Reload");
    assert_eq!(h.state().document().map.title, "Changed by a colleague");
}

/// The ward map with one link to a component that is not on it.
fn map_with_a_dangling_link(dir: &Path) -> PathBuf {
    let path = dir.join("dangling.json");
    let mut bad: serde_json::Value = serde_json::from_slice(&to_json_bytes(&ward_map())).unwrap();
    bad["links"] = serde_json::json!([{"from": "c1", "to": "c2"}, {"from": "c1", "to": "c42"}]);
    std::fs::write(&path, bad.to_string()).unwrap();
    path
}

#[test]
fn a_map_with_a_dangling_link_opens_read_only_and_one_repair_makes_it_editable() {
    let dir = tempfile::tempdir().unwrap();
    let path = map_with_a_dangling_link(dir.path());
    let dialogs = SharedDialogs::answering([Some(path.clone())]);
    let mut h = with_dialogs(Document::new(Map::default(), None), &dialogs);
    key_with(&mut h, Modifiers::COMMAND, Key::O);
    assert!(h.state().prompt().is_none(), "{:?}", h.state().prompt());
    let doc = h.state().document();
    assert_eq!(doc.path.as_deref(), Some(path.as_path()));
    assert!(doc.read_only, "edits wait until the problem is repaired");
    assert_eq!(doc.map.links.len(), 2);
    // Listed once, by the component's name.
    let problem = "link 'EPR' -> c42: \"to\" names 'c42', which is not a component on this map";
    assert_eq!(h.get_all_by_label(problem).count(), 1);
    assert!(h.query_by_label_contains("(c1)").is_none());
    assert!(
        h.state().status_text().contains("1 problem"),
        "{}",
        h.state().status_text()
    );

    click(&mut h, "Drop the link");
    let doc = h.state().document();
    assert_eq!(doc.map.links.len(), 1);
    assert_eq!(doc.map.links[0].to.as_str(), "c2");
    assert!(!doc.read_only, "repaired: editing is enabled");
    assert!(doc.is_dirty());
    assert!(h.query_by_label(problem).is_none());
    // The repair is an ordinary edit: undo brings the link back.
    key_with(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(h.state().document().map.links.len(), 2);
    // The file itself is untouched until Save.
    assert!(matches!(load_file(&path), Err(e) if e.error.problems().len() == 1));
}

#[test]
fn open_anyway_edits_the_map_as_it_is() {
    let dir = tempfile::tempdir().unwrap();
    let path = map_with_a_dangling_link(dir.path());
    let dialogs = SharedDialogs::answering([Some(path)]);
    let mut h = with_dialogs(Document::new(Map::default(), None), &dialogs);
    key_with(&mut h, Modifiers::COMMAND, Key::O);
    assert!(h.state().document().read_only);
    click(&mut h, "Open anyway / edit as is");
    assert!(!h.state().document().read_only);
    assert_eq!(h.state().document().map.links.len(), 2);
    assert!(!h.state().map_problems().unwrap().blocking());
    // Still listed, with its repair, until hidden.
    h.get_by_label("Drop the link");
}

/// Recovery copies in `dir` (the app names them itself).
fn copies_in(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let json = entries.filter_map(Result::ok).map(|e| e.path());
    json.filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect()
}

#[test]
fn a_recovery_copy_follows_an_edit_within_two_seconds_of_app_time() {
    use std::cell::Cell;
    use std::rc::Rc;
    use std::time::{Duration, Instant};
    let dir = tempfile::tempdir().unwrap();
    let dirs = AppDirs::under(&dir.path().join("app"));
    let recovery = dirs.recovery_dir();
    let start = Instant::now();
    let elapsed = Rc::new(Cell::new(Duration::ZERO));
    let clock = elapsed.clone();
    let mut h = harness(move |ctx| {
        // One unsaved edit ("Bed board"), first seen at app time 0.
        EstateApp::new(ctx, edited_doc())
            .with_app_dirs(&dirs)
            .with_clock(move || start + clock.get())
    });
    elapsed.set(Duration::from_millis(1500));
    h.run();
    assert!(copies_in(&recovery).is_empty(), "written before the delay");
    elapsed.set(Duration::from_millis(2100));
    h.run();
    // Written off the UI thread: wait for it in real time.
    for _ in 0..200 {
        if !copies_in(&recovery).is_empty() {
            break;
        }
        std::thread::sleep(Duration::from_millis(10));
        h.run();
    }
    let copies = copies_in(&recovery);
    assert_eq!(copies.len(), 1, "{copies:?}");
    assert_eq!(load_file(&copies[0]).unwrap().components.len(), 3);
}

/// The app with no native dialogs. egui_file's path and name fields carry no accessible
/// label (the crate's, not ours), so kittest's accessibility check is off here only.
fn without_native_dialogs(doc: Document) -> Harness<'static, EstateApp> {
    use estate_map::ui::files::dialogs::NoNativeDialogs;
    let mut h = Harness::builder()
        .with_size(Vec2::new(1400.0, 900.0))
        .with_step_dt(1.0 / 60.0)
        .with_max_steps(120)
        .with_accessibility_check(false)
        .build_eframe(move |cc| {
            EstateApp::new(&cc.egui_ctx, doc).with_dialogs(Box::new(NoNativeDialogs))
        });
    h.run();
    h
}

#[test]
fn without_a_native_dialog_save_goes_through_the_in_app_chooser_and_writes_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let first = dir.path().join("ward.json");
    save_file(&ward_map(), &first).unwrap();
    let mut doc = Document::open(&first, false).unwrap();
    add_component(&mut doc, "Bed board");
    let mut h = without_native_dialogs(doc);
    key_with(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::S);
    assert!(h.state().chooser_open(), "no in-app chooser");
    let said = h.state().status_text().to_string();
    assert!(said.contains("No file dialog is available"), "{said}");
    assert!(!said.contains("Not saved"), "reported as a cancel: {said}");
    // It starts in the map's folder with a name from the title.
    assert!(h.get_all_by_value("Ward round.json").count() >= 1);
    // The chooser's own Save button (the toolbar has one too).
    h.get_by_label_contains("Save map as")
        .get_by_label("Save")
        .click();
    h.run();
    assert!(!h.state().chooser_open());
    let saved = dir.path().join("Ward round.json");
    assert_eq!(load_file(&saved).unwrap().components.len(), 3);
    assert_eq!(h.state().document().path.as_deref(), Some(saved.as_path()));
    assert!(!h.state().document().is_dirty());
    assert!(h.state().status_text().starts_with("Saved"));
}

#[test]
fn escape_cancels_the_in_app_chooser_and_says_so() {
    let mut h = without_native_dialogs(edited_doc());
    key_with(&mut h, Modifiers::COMMAND, Key::S);
    assert!(h.state().chooser_open());
    h.key_press(Key::Escape);
    h.run();
    assert!(!h.state().chooser_open());
    assert!(h.state().document().is_dirty());
    assert!(h.state().status_text().contains("cancelled"));
}

#[test]
fn prompts_answer_enter_and_escape() {
    // Enter is OK on a message; the error dialog mentions a kept map only when one was open.
    let dir = tempfile::tempdir().unwrap();
    let png = dir.path().join("photo.json");
    std::fs::write(&png, b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").unwrap();
    let dialogs = SharedDialogs::answering([Some(png.clone()), Some(png)]);
    let mut h = with_dialogs(Document::new(Map::default(), None), &dialogs);
    key_with(&mut h, Modifiers::COMMAND, Key::O);
    let Some(Prompt::OpenFailed { message, kept, .. }) = h.state().prompt() else {
        panic!("no error dialog: {:?}", h.state().prompt());
    };
    assert!(
        message.contains("this is a PNG image, not an Estate Map file"),
        "{message}"
    );
    assert_eq!(kept, &None);
    assert!(h.query_by_label_contains("unchanged").is_none());
    h.key_press(Key::Enter);
    h.run();
    assert!(h.state().prompt().is_none(), "Enter did not close it");
    // With a map open, it says that map is unchanged; Escape closes it.
    let mut h = with_dialogs(Document::new(ward_map(), None), &dialogs);
    key_with(&mut h, Modifiers::COMMAND, Key::O);
    h.get_by_label_contains("is unchanged");
    h.key_press(Key::Escape);
    h.run();
    assert!(h.state().prompt().is_none(), "Escape did not close it");
    // Unsaved changes: Escape cancels, Enter saves (through the dialog).
    let saved = dir.path().join("ward.json");
    let dialogs = SharedDialogs::answering([Some(saved.clone())]);
    let mut h = with_dialogs(edited_doc(), &dialogs);
    key_with(&mut h, Modifiers::COMMAND, Key::W);
    h.key_press(Key::Escape);
    h.run();
    assert!(h.state().prompt().is_none());
    assert_eq!(names(&h), ["EPR", "PAS", "Bed board"]);
    key_with(&mut h, Modifiers::COMMAND, Key::W);
    h.key_press(Key::Enter);
    h.run();
    assert_eq!(load_file(&saved).unwrap().components.len(), 3);
    assert!(
        h.state().document().map.components.is_empty(),
        "the new map"
    );
}

#[test]
fn a_built_in_sample_map_opens_as_an_untitled_copy() {
    let shipped = concat!(env!("CARGO_MANIFEST_DIR"), "/sample_maps/stroke.json");
    let before = std::fs::read(shipped).unwrap();
    let mut h =
        harness(|ctx| EstateApp::new(ctx, Document::new(Map::default(), None)).with_start_screen());
    h.get_by_label("Sample maps");
    click(&mut h, "stroke");
    let doc = h.state().document();
    assert_eq!(doc.path, None, "never the shipped file");
    assert_eq!(doc.map.title, "Hyper-acute stroke pathway");
    assert_eq!(
        doc.map.components,
        load_file(Path::new(shipped)).unwrap().components
    );
    assert!(
        h.query_by_label("Sample maps").is_none(),
        "the start screen closed"
    );
    assert_eq!(std::fs::read(shipped).unwrap(), before);
}

fn type_text(h: &mut Harness<'_, EstateApp>, text: &str) {
    h.input_mut().events.push(egui::Event::Text(text.into()));
    h.run();
}

#[test]
fn notes_are_edited_over_several_lines_and_ctrl_enter_commits() {
    let mut h = with_dialogs(Document::new(ward_map(), None), &SharedDialogs::default());
    click(&mut h, "+ Note");
    type_text(&mut h, "Kept by clinic admin");
    key_with(&mut h, Modifiers::NONE, Key::Enter);
    assert!(
        h.state().document().map.notes.is_empty(),
        "Enter is a new line in a note"
    );
    type_text(&mut h, "no vendor contract");
    key_with(&mut h, Modifiers::COMMAND, Key::Enter);
    let notes = &h.state().document().map.notes;
    assert_eq!(notes.len(), 1);
    assert_eq!(notes[0].text, "Kept by clinic admin\nno vendor contract");
    // Escape cancels an edit: the note keeps its text.
    key_with(&mut h, Modifiers::NONE, Key::F2);
    type_text(&mut h, " and more");
    key_with(&mut h, Modifiers::NONE, Key::Escape);
    assert_eq!(
        h.state().document().map.notes[0].text,
        "Kept by clinic admin\nno vendor contract"
    );
}

#[test]
fn the_first_save_of_a_new_map_asks_for_its_title() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("chosen.json");
    let dialogs = SharedDialogs::answering([Some(path.clone())]);
    let mut doc = Document::new(Map::default(), None);
    add_component(&mut doc, "EPR");
    let mut h = with_dialogs(doc, &dialogs);
    key_with(&mut h, Modifiers::COMMAND, Key::S);
    assert!(
        matches!(h.state().prompt(), Some(Prompt::TitleBeforeSave { .. })),
        "{:?}",
        h.state().prompt()
    );
    assert!(
        dialogs.requests().is_empty(),
        "asked where before the title"
    );
    // Escape cancels: nothing saved, the map untouched.
    key_with(&mut h, Modifiers::NONE, Key::Escape);
    assert!(h.state().prompt().is_none());
    assert!(!path.exists());
    key_with(&mut h, Modifiers::COMMAND, Key::S);
    type_text(&mut h, "Stroke workshop");
    key_with(&mut h, Modifiers::NONE, Key::Enter);
    assert!(matches!(
        &dialogs.requests()[0],
        DialogRequest::SaveAs { suggested_name, .. } if suggested_name == "Stroke workshop.json"
    ));
    let saved = load_file(&path).unwrap();
    assert_eq!(saved.title, "Stroke workshop");
    assert_eq!(saved.components.len(), 1);
    assert!(!h.state().document().is_dirty());
    // A titled map is not asked again.
    key_with(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::S);
    assert!(h.state().prompt().is_none());
    assert_eq!(dialogs.requests().len(), 2);
}

#[test]
fn a_map_with_problems_named_on_the_command_line_opens_with_its_repairs() {
    let dir = tempfile::tempdir().unwrap();
    let path = map_with_a_dangling_link(dir.path());
    // What `estate-map FILE` does: the strict open fails, the app opens it with problems.
    let Err(e) = Document::open(&path, false) else {
        panic!("a map with a dangling link opened strictly");
    };
    let mut h = harness(move |ctx| {
        EstateApp::new(ctx, Document::new(Map::default(), None)).with_open_error(&e)
    });
    assert!(h.state().prompt().is_none(), "{:?}", h.state().prompt());
    assert_eq!(h.state().document().path.as_deref(), Some(path.as_path()));
    assert!(h.state().document().read_only);
    click(&mut h, "Drop the link");
    assert!(!h.state().document().read_only);
}

#[test]
fn without_a_native_dialog_an_export_goes_through_the_in_app_chooser() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ward.json");
    save_file(&ward_map(), &path).unwrap();
    let mut h = without_native_dialogs(Document::open(&path, false).unwrap());
    click(&mut h, "File");
    click(&mut h, "Export\u{2026} Ctrl+Shift+E");
    common::wait_for_preview(&mut h);
    click(&mut h, "SVG");
    click(&mut h, "Export to file\u{2026}");
    assert!(h.state().chooser_open(), "{}", h.state().status_text());
    h.get_by_label_contains("Export map")
        .get_by_label("Save")
        .click();
    h.run();
    let svg = std::fs::read_to_string(dir.path().join("Ward round.svg")).unwrap();
    assert!(svg.contains("<svg"));
    assert!(
        h.state().status_text().contains("Ward round.svg"),
        "{}",
        h.state().status_text()
    );
}

// The in-app chooser asks before it replaces a file, as native dialogs do: "Choose
// another name" goes back to the chooser and leaves the file alone; Replace writes.
#[test]
fn the_in_app_chooser_asks_before_replacing_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ward.json");
    save_file(&ward_map(), &path).unwrap();
    let existing = dir.path().join("Ward round.svg");
    std::fs::write(&existing, "last month's picture").unwrap();
    let mut h = without_native_dialogs(Document::open(&path, false).unwrap());
    click(&mut h, "File");
    click(&mut h, "Export\u{2026} Ctrl+Shift+E");
    common::wait_for_preview(&mut h);
    click(&mut h, "SVG");
    click(&mut h, "Export to file\u{2026}");
    let save = |h: &mut Harness<'_, EstateApp>| {
        h.get_by_label_contains("Export map")
            .get_by_label("Save")
            .click();
        h.run();
    };
    save(&mut h);
    h.get_by_label_contains("Replace \u{201C}Ward round.svg\u{201D}?");
    click(&mut h, "Choose another name");
    assert!(h.state().chooser_open());
    assert_eq!(
        std::fs::read_to_string(&existing).unwrap(),
        "last month's picture"
    );
    save(&mut h);
    click(&mut h, "Replace");
    assert!(!h.state().chooser_open());
    assert!(std::fs::read_to_string(&existing).unwrap().contains("<svg"));
}

#[test]
fn without_a_native_dialog_the_register_csv_goes_through_the_in_app_chooser() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ward.json");
    save_file(&ward_map(), &path).unwrap();
    let mut h = without_native_dialogs(Document::open(&path, false).unwrap());
    key_with(&mut h, Modifiers::NONE, Key::R);
    click(&mut h, "Export CSV\u{2026}");
    assert!(h.state().chooser_open(), "{}", h.state().status_text());
    assert!(
        !h.state().status_text().contains("cancelled"),
        "{}",
        h.state().status_text()
    );
    h.get_by_label_contains("Export the risk register")
        .get_by_label("Save")
        .click();
    h.run();
    let csv = std::fs::read_to_string(dir.path().join("Ward round risk register.csv")).unwrap();
    assert!(csv.starts_with("Rank,ID,Component,"), "{csv}");
}

/// Issue 17: an idle window asks for no frames at all (no timers, no polling), and the
/// watch on the file wakes it when another program changes the map.
#[test]
fn an_idle_app_asks_for_no_frames_until_its_file_changes_on_disk() {
    use std::sync::{Arc, Mutex};
    use std::time::{Duration, Instant};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ward.json");
    save_file(&ward_map(), &path).unwrap();
    let dirs = AppDirs::under(&dir.path().join("app"));
    let doc = Document::open(&path, false).unwrap();
    let dialogs = SharedDialogs::default();
    let mut h = harness(move |ctx| {
        EstateApp::new(ctx, doc)
            .with_app_dirs(&dirs)
            .with_dialogs(Box::new(dialogs))
    });
    // Settled: the map's meshes are rebuilt a quarter of a second after the fit zoom,
    // and the analysis thread may wake it once when it finishes (slowly, under load).
    h.run_steps(30);
    let requests = Arc::new(Mutex::new(Vec::new()));
    let seen = requests.clone();
    h.ctx
        .set_repaint_observer(move |info| seen.lock().unwrap().push(info.delay));
    let mut idle = false;
    for _ in 0..20 {
        requests.lock().unwrap().clear();
        for _ in 0..5 {
            std::thread::sleep(Duration::from_millis(20));
            h.step();
        }
        if requests.lock().unwrap().is_empty() {
            idle = true;
            break;
        }
    }
    assert!(
        idle,
        "an idle app keeps asking for frames: {:?}",
        requests.lock().unwrap()
    );

    let mut theirs = ward_map();
    theirs.title = "Changed by a colleague".into();
    save_file(&theirs, &path).unwrap();
    let end = Instant::now() + Duration::from_secs(5);
    while requests.lock().unwrap().is_empty() && Instant::now() < end {
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(
        !requests.lock().unwrap().is_empty(),
        "the change on disk wakes the app"
    );
    h.run();
    assert!(matches!(h.state().prompt(), Some(Prompt::ChangedOnDisk)));
}
