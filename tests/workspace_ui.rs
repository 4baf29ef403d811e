//! Several maps open as tabs (issue 11.3), driven through kittest: each tab keeps its
//! own undo history, selection and view; closing a dirty tab asks; the command line's
//! file list opens a tab each; recovery after a kill brings every tab back.

mod common;

use clap::Parser;
use common::{SharedDialogs, ward_map};
use egui::{Key, Modifiers, Vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use estate_map::edit::Position;
use estate_map::model::{Map, load_file, save_file};
use estate_map::ui::files::AppDirs;
use estate_map::ui::files::recovery::Autosave;
use estate_map::ui::{EstateApp, Intent, Prompt};
use std::path::{Path, PathBuf};
use std::time::Duration;

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

/// Two map files, "Ward round" (EPR, PAS) and "Theatres" (one component).
fn two_files(dir: &Path) -> (PathBuf, PathBuf) {
    let ward = dir.join("ward.json");
    save_file(&ward_map(), &ward).unwrap();
    let mut theatres = Map::new("Theatres");
    let id = theatres.allocate_component_id();
    theatres.components.push(estate_map::model::Component::new(
        id,
        "Theatre system",
        0.6,
        0.6,
    ));
    let theatres_path = dir.join("theatres.json");
    save_file(&theatres, &theatres_path).unwrap();
    (ward, theatres_path)
}

fn tabs_on(files: &[PathBuf], dialogs: &SharedDialogs) -> Harness<'static, EstateApp> {
    let files = files.to_vec();
    let dialogs = dialogs.clone();
    harness(move |ctx| {
        EstateApp::for_files(ctx, &files, false, None).with_dialogs(Box::new(dialogs))
    })
}

fn key_with(h: &mut Harness<'_, EstateApp>, modifiers: Modifiers, key: Key) {
    h.key_press_modifiers(modifiers, key);
    h.run();
}

/// N, a name, Enter: a new component on the active map.
fn add_named(h: &mut Harness<'_, EstateApp>, name: &str) {
    h.key_press(Key::N);
    h.run();
    h.event(egui::Event::Text(name.into()));
    h.key_press(Key::Enter);
    h.run();
}

fn names(h: &Harness<'_, EstateApp>) -> Vec<String> {
    let map = &h.state().document().map;
    map.components.iter().map(|c| c.name.clone()).collect()
}

fn title(h: &Harness<'_, EstateApp>) -> String {
    h.state().document().map.title.clone()
}

#[test]
fn the_command_line_file_list_opens_a_tab_each_and_an_open_file_is_not_opened_twice() {
    let cli =
        estate_map::cli::Cli::try_parse_from(["estate-map", "a.json", "b.json", "--view"]).unwrap();
    assert_eq!(
        cli.files,
        [PathBuf::from("a.json"), PathBuf::from("b.json")]
    );
    assert!(cli.view);

    let dir = tempfile::tempdir().unwrap();
    let (ward, theatres) = two_files(dir.path());
    let dialogs = SharedDialogs::answering([Some(theatres.clone())]);
    let mut h = tabs_on(&[ward.clone(), theatres.clone()], &dialogs);
    assert_eq!(h.state().tab_count(), 2);
    assert_eq!(h.state().active_tab(), 0);
    assert_eq!(title(&h), "Ward round");
    let paths: Vec<_> = h
        .state()
        .documents()
        .iter()
        .map(|d| d.path.clone())
        .collect();
    assert_eq!(paths, [Some(ward), Some(theatres)]);
    // The strip shows both; opening the second again switches to its tab.
    h.get_by_label("theatres.json");
    key_with(&mut h, Modifiers::COMMAND, Key::O);
    assert_eq!(h.state().tab_count(), 2);
    assert_eq!(h.state().active_tab(), 1);
    assert_eq!(title(&h), "Theatres");
}

#[test]
fn a_broken_file_on_the_command_line_shows_its_problems_and_the_others_open() {
    let dir = tempfile::tempdir().unwrap();
    let (ward, _) = two_files(dir.path());
    let broken = dir.path().join("broken.json");
    std::fs::write(&broken, b"{ not json").unwrap();
    let h = tabs_on(&[broken, ward.clone()], &SharedDialogs::default());
    assert_eq!(h.state().tab_count(), 1);
    assert_eq!(h.state().document().path.as_deref(), Some(ward.as_path()));
    let problem = h
        .state()
        .open_problem()
        .expect("the broken file is reported");
    assert!(problem.contains("broken.json"), "{problem}");
}

#[test]
fn two_tabs_keep_separate_undo_histories() {
    let dir = tempfile::tempdir().unwrap();
    let (ward, theatres) = two_files(dir.path());
    let mut h = tabs_on(&[ward, theatres], &SharedDialogs::default());
    add_named(&mut h, "Bed board");
    assert_eq!(names(&h), ["EPR", "PAS", "Bed board"]);
    key_with(&mut h, Modifiers::COMMAND, Key::Tab);
    assert_eq!(title(&h), "Theatres");
    add_named(&mut h, "Scheduling");
    assert_eq!(names(&h), ["Theatre system", "Scheduling"]);

    // Undo in Theatres undoes its own edit only, and then has nothing left.
    key_with(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(names(&h), ["Theatre system"]);
    key_with(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(h.state().status_text(), "Nothing to undo");
    assert!(!h.state().document().is_dirty());

    // Ward round still has its edit, and undoes it.
    key_with(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::Tab);
    assert_eq!(title(&h), "Ward round");
    assert!(h.state().document().is_dirty());
    key_with(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(names(&h), ["EPR", "PAS"]);
    // Redo in Theatres brings back Scheduling, not Bed board.
    key_with(&mut h, Modifiers::COMMAND, Key::Tab);
    key_with(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    assert_eq!(names(&h), ["Theatre system", "Scheduling"]);
}

#[test]
fn switching_tabs_switches_selection_and_view() {
    let dir = tempfile::tempdir().unwrap();
    let (ward, theatres) = two_files(dir.path());
    let mut h = tabs_on(&[ward, theatres], &SharedDialogs::default());
    let centre = Position::new(0.5, 0.5);
    key_with(&mut h, Modifiers::COMMAND, Key::A);
    assert_eq!(h.state().selection().components.len(), 2);
    let ward_view = h.state().screen_of(centre);

    key_with(&mut h, Modifiers::COMMAND, Key::Tab);
    assert!(h.state().selection().is_empty());
    for _ in 0..3 {
        key_with(&mut h, Modifiers::COMMAND, Key::Equals);
    }
    let theatres_view = h.state().screen_of(centre);
    assert!(theatres_view.distance(ward_view) > 1.0);
    key_with(&mut h, Modifiers::COMMAND, Key::A);
    assert_eq!(h.state().selection().components.len(), 1);

    key_with(&mut h, Modifiers::COMMAND, Key::Tab);
    assert_eq!(title(&h), "Ward round");
    assert_eq!(h.state().selection().components.len(), 2);
    assert!(h.state().screen_of(centre).distance(ward_view) < 0.5);
    key_with(&mut h, Modifiers::COMMAND, Key::Tab);
    assert_eq!(h.state().selection().components.len(), 1);
    assert!(h.state().screen_of(centre).distance(theatres_view) < 0.5);
}

#[test]
fn closing_a_dirty_tab_asks_and_save_discard_cancel_do_what_they_say() {
    let dir = tempfile::tempdir().unwrap();
    let (ward, theatres) = two_files(dir.path());
    let mut h = tabs_on(&[ward.clone(), theatres.clone()], &SharedDialogs::default());
    add_named(&mut h, "Bed board");

    // Cancel: nothing closes.
    key_with(&mut h, Modifiers::COMMAND, Key::W);
    assert!(matches!(
        h.state().prompt(),
        Some(Prompt::Unsaved(Intent::CloseTab))
    ));
    h.get_by_label_contains("unsaved changes");
    h.get_by_label("Cancel").click();
    h.run();
    assert_eq!(h.state().tab_count(), 2);
    assert_eq!(names(&h), ["EPR", "PAS", "Bed board"]);

    // Save: the file gets the edit and the tab closes.
    key_with(&mut h, Modifiers::COMMAND, Key::W);
    h.get_all_by_label("Save").last().unwrap().click();
    h.run();
    assert_eq!(load_file(&ward).unwrap().components.len(), 3);
    assert_eq!(h.state().tab_count(), 1);
    assert_eq!(title(&h), "Theatres");

    // Discard: the edit is gone with the tab, the file untouched.
    add_named(&mut h, "Scheduling");
    h.state_mut().open_path(&ward);
    h.run();
    assert_eq!(h.state().tab_count(), 2);
    h.get_by_label("Close theatres.json").click();
    h.run();
    assert!(matches!(
        h.state().prompt(),
        Some(Prompt::Unsaved(Intent::CloseTab))
    ));
    h.get_by_label("Discard changes").click();
    h.run();
    assert_eq!(h.state().tab_count(), 1);
    assert_eq!(title(&h), "Ward round");
    assert_eq!(load_file(&theatres).unwrap().components.len(), 1);
}

#[test]
fn closing_the_window_asks_about_every_dirty_tab_in_turn() {
    let dir = tempfile::tempdir().unwrap();
    let (ward, theatres) = two_files(dir.path());
    let mut h = tabs_on(&[ward, theatres.clone()], &SharedDialogs::default());
    add_named(&mut h, "Bed board");
    key_with(&mut h, Modifiers::COMMAND, Key::Tab);
    add_named(&mut h, "Scheduling");
    key_with(&mut h, Modifiers::COMMAND, Key::Tab);
    let root = h.input_mut().viewports.entry(egui::ViewportId::ROOT);
    root.or_default().events.push(egui::ViewportEvent::Close);
    h.run();
    assert!(matches!(
        h.state().prompt(),
        Some(Prompt::Unsaved(Intent::Close))
    ));
    assert_eq!(title(&h), "Ward round");
    h.get_by_label("Discard changes").click();
    h.run();
    // Then the other dirty tab is asked about; Cancel keeps it.
    assert!(matches!(
        h.state().prompt(),
        Some(Prompt::Unsaved(Intent::Close))
    ));
    assert_eq!(title(&h), "Theatres");
    h.get_by_label("Cancel").click();
    h.run();
    assert_eq!(h.state().tab_count(), 1);
    assert_eq!(names(&h), ["Theatre system", "Scheduling"]);
    assert_eq!(load_file(&theatres).unwrap().components.len(), 1);
}

#[test]
fn recovery_after_a_kill_with_two_tabs_open_restores_both() {
    let dir = tempfile::tempdir().unwrap();
    let (ward, theatres) = two_files(dir.path());
    let dirs = AppDirs::under(&dir.path().join("app"));
    let copies_dir = dirs.recovery_dir();
    {
        let files = [ward.clone(), theatres.clone()];
        let dirs = dirs.clone();
        let mut h = harness(move |ctx| {
            EstateApp::for_files(ctx, &files, false, Some(&dirs))
                .with_autosave(Autosave::new(Duration::ZERO, 1))
        });
        add_named(&mut h, "Bed board");
        key_with(&mut h, Modifiers::COMMAND, Key::Tab);
        add_named(&mut h, "Scheduling");
        // Copies are written in the background: wait for both, the first tab's too.
        let written = || {
            std::fs::read_dir(&copies_dir)
                .map(|d| {
                    let copies = d.filter_map(Result::ok).map(|e| e.path());
                    copies
                        .filter(|p| p.extension().is_some_and(|x| x == "json"))
                        .count()
                })
                .unwrap_or(0)
        };
        // Generous: a loaded CI machine can take seconds to run the writer threads.
        for _ in 0..1000 {
            if written() >= 2 {
                break;
            }
            std::thread::sleep(Duration::from_millis(10));
            h.run();
        }
        assert_eq!(written(), 2, "both tabs' recovery copies are written");
        // The window is killed: nothing saved, no prompt answered.
    }
    assert_eq!(load_file(&ward).unwrap().components.len(), 2);

    let dirs2 = dirs.clone();
    let mut h = harness(move |ctx| EstateApp::for_files(ctx, &[], false, Some(&dirs2)));
    let Some(Prompt::Recovery(copies)) = h.state().prompt() else {
        panic!("no recovery offered: {:?}", h.state().prompt());
    };
    assert_eq!(copies.len(), 2);
    h.key_press(Key::Enter);
    h.run();
    assert!(matches!(h.state().prompt(), Some(Prompt::Recovery(rest)) if rest.len() == 1));
    h.key_press(Key::Enter);
    h.run();
    assert!(h.state().prompt().is_none());
    assert_eq!(h.state().tab_count(), 2);
    let mut restored: Vec<(String, usize, bool)> = h
        .state()
        .documents()
        .iter()
        .map(|d| (d.map.title.clone(), d.map.components.len(), d.is_dirty()))
        .collect();
    restored.sort();
    assert_eq!(
        restored,
        [("Theatres".into(), 2, true), ("Ward round".into(), 3, true)]
    );
}

// Issue 11.5: undo and redo select what they touched (the map-wide case, the selection
// from before, is in the edit unit tests).
#[test]
fn undo_in_the_app_selects_what_it_brought_back() {
    let dir = tempfile::tempdir().unwrap();
    let (ward, _) = two_files(dir.path());
    let mut h = tabs_on(&[ward], &SharedDialogs::default());
    let selected = |h: &Harness<'_, EstateApp>| {
        let map = &h.state().document().map;
        let sel = &h.state().selection().components;
        let names = map.components.iter().filter(|c| sel.contains(&c.id));
        names.map(|c| c.name.clone()).collect::<Vec<_>>()
    };
    key_with(&mut h, Modifiers::COMMAND, Key::A);
    add_named(&mut h, "Bed board");
    assert_eq!(selected(&h), ["Bed board"]);
    key_with(&mut h, Modifiers::COMMAND, Key::Z);
    assert!(selected(&h).is_empty(), "what the add touched is gone");
    key_with(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    assert_eq!(selected(&h), ["Bed board"], "redo selects what it added");

    key_with(&mut h, Modifiers::COMMAND, Key::A);
    h.key_press(Key::Delete);
    h.run();
    assert!(names(&h).is_empty());
    assert!(h.state().selection().is_empty());
    key_with(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(
        selected(&h),
        ["EPR", "PAS", "Bed board"],
        "the deleted come back selected"
    );
}

// Issue 11.4: the inspector's rows come from the field table.
#[test]
fn the_inspector_has_a_row_for_every_field_in_the_table_and_typing_uses_its_parser() {
    use estate_map::model::Kind;
    use estate_map::model::fields::{Editor, FIELDS};
    // Every field has a row for the kinds it applies to (a user need's service facts,
    // a system's status and risk decision), and together they cover the table.
    let mut covered = std::collections::HashSet::new();
    for kind in [Kind::UserNeed, Kind::System] {
        let mut map = ward_map();
        map.components.truncate(1);
        map.components[0].kind = kind;
        map.components[0].url = Some("https://example.nhs.uk".into());
        let c = map.components[0].clone();
        let doc = estate_map::ui::Document::new(map, None);
        let mut h = harness(move |ctx| EstateApp::new(ctx, doc));
        key_with(&mut h, Modifiers::COMMAND, Key::A);
        for spec in FIELDS {
            let label = spec.inspector_label();
            let shown = h.query_all_by_label(&label).next().is_some();
            assert_eq!(shown, spec.applies_to(&c), "row {label:?} for a {kind:?}");
            if shown {
                covered.insert(spec.key);
            }
        }
    }
    assert_eq!(covered.len(), FIELDS.len());
    let mut map = ward_map();
    map.components.truncate(1);
    map.components[0].kind = Kind::System;
    let doc = estate_map::ui::Document::new(map, None);
    let dialogs = SharedDialogs::default();
    let mut h = harness(move |ctx| EstateApp::new(ctx, doc).with_dialogs(Box::new(dialogs)));
    key_with(&mut h, Modifiers::COMMAND, Key::A);
    // A table field typed in the inspector: read by the table's parser, one undo step.
    let cost = FIELDS.iter().find(|f| f.key == "annual_cost_gbp").unwrap();
    assert_eq!(cost.editor, Editor::Line);
    h.get_by_label(&cost.inspector_label()).focus();
    h.run();
    h.event(egui::Event::Text("\u{a3}12,500".into()));
    h.run();
    assert_eq!(
        h.state().document().map.components[0].annual_cost_gbp,
        Some(12500.0)
    );
    h.event(egui::Event::Text("x".into()));
    h.run();
    h.get_by_label_contains("is not an amount of pounds");
    assert_eq!(
        h.state().document().map.components[0].annual_cost_gbp,
        Some(12500.0)
    );
}

// Choice and check rows are drawn from the table too: picking a choice's label sets
// the field through the table's parser, one undo step each.
#[test]
fn the_inspector_choices_and_checks_come_from_the_table() {
    use estate_map::model::fields::field;
    let mut map = ward_map();
    map.components.truncate(1);
    let doc = estate_map::ui::Document::new(map, None);
    let mut h = harness(move |ctx| EstateApp::new(ctx, doc));
    key_with(&mut h, Modifiers::COMMAND, Key::A);
    let hosting = field("hosting").unwrap();
    let shown = |h: &Harness<EstateApp>| (hosting.show)(&h.state().document().map.components[0]);
    assert_eq!(shown(&h), "");
    let choice = (hosting.choices)()[1];
    h.get_by_label(hosting.label).click();
    h.run();
    h.get_by_label(choice).click();
    h.run();
    assert_eq!(shown(&h), choice);
    let inertia = field("inertia").unwrap();
    h.get_by_label(inertia.label).click();
    h.run();
    assert!(h.state().document().map.components[0].inertia);
    key_with(&mut h, Modifiers::COMMAND, Key::Z);
    assert!(!h.state().document().map.components[0].inertia);
    key_with(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(shown(&h), "");
}

#[test]
fn a_file_changed_on_disk_in_a_tab_not_shown_brings_its_tab_forward_with_the_question() {
    let dir = tempfile::tempdir().unwrap();
    let (ward, theatres) = two_files(dir.path());
    let mut h = tabs_on(&[ward, theatres.clone()], &SharedDialogs::default());
    assert_eq!(title(&h), "Ward round");
    let mut theirs = load_file(&theatres).unwrap();
    theirs.title = "Theatres, as a colleague saved it".into();
    save_file(&theirs, &theatres).unwrap();
    // Every tab's file is looked at every 2 s (wall-clock time).
    std::thread::sleep(Duration::from_millis(2100));
    h.run();
    assert!(matches!(h.state().prompt(), Some(Prompt::ChangedOnDisk)));
    assert_eq!(h.state().active_tab(), 1);
    h.get_by_label("Reload").click();
    h.run();
    assert_eq!(title(&h), "Theatres, as a colleague saved it");
    assert_eq!(h.state().tab_count(), 2);
}

/// A component marked as a submap whose URL names a map file next to the map (issue
/// 16): its inspector row opens that file in a new tab.
#[test]
fn a_submap_opens_in_a_new_tab_from_the_inspector() {
    let dir = tempfile::tempdir().unwrap();
    let (ward, theatres) = two_files(dir.path());
    let mut map = load_file(&ward).unwrap();
    let epr = map.components.iter_mut().find(|c| c.name == "EPR").unwrap();
    epr.url = Some("theatres.json".into());
    epr.submap = true;
    save_file(&map, &ward).unwrap();
    let mut h = tabs_on(&[ward], &SharedDialogs::answering([]));
    assert_eq!(h.state().tab_count(), 1);
    h.get_by_label_contains("EPR, ").click();
    h.run();
    h.get_by_label("Open submap theatres.json")
        .click_accesskit();
    h.run();
    assert_eq!(h.state().tab_count(), 2, "{}", h.state().status_text());
    let doc = h.state().document();
    assert_eq!(doc.map.title, "Theatres");
    assert_eq!(doc.path.as_deref(), Some(theatres.as_path()));
}
