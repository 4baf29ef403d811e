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

#[test]
fn new_with_unsaved_changes_asks_and_cancel_keeps_the_map() {
    let mut h = with_dialogs(edited_doc(), &SharedDialogs::default());
    key_with(&mut h, Modifiers::COMMAND, Key::N);
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
    key_with(&mut h, Modifiers::COMMAND, Key::N);
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
    key_with(&mut h, Modifiers::COMMAND, Key::O);
    // The prompt's Save (drawn last), not the toolbar's.
    h.get_all_by_label("Save").last().unwrap().click();
    h.run();
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
    bad["components"][0]["visibility"] = serde_json::json!(7.5);
    std::fs::write(&broken, bad.to_string()).unwrap();
    let dialogs = SharedDialogs::answering([Some(broken)]);
    let original = ward_map();
    let doc = Document::new(original.clone(), None);
    let mut h = with_dialogs(doc, &dialogs);
    key_with(&mut h, Modifiers::COMMAND, Key::O);
    let Some(Prompt::OpenFailed { message, problems }) = h.state().prompt() else {
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
fn a_dropped_file_opens_after_asking_about_unsaved_changes() {
    let dir = tempfile::tempdir().unwrap();
    let other = dir.path().join("other.json");
    save_file(&Map::new("Other"), &other).unwrap();
    let mut h = with_dialogs(edited_doc(), &SharedDialogs::default());
    let file = std::sync::Arc::new(Dropped(other.clone()));
    h.input_mut().dropped_files.push(file);
    h.run();
    click(&mut h, "Discard changes");
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
