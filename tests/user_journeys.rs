//! Two real users driving the whole app through kittest: a workshop facilitator who
//! builds a stroke map from nothing on the projector and saves it, and a CIO who opens
//! that file read-only, reads its risk and exports a board-pack PNG. Everything is done
//! with clicks, keys and typed text, found by accessible names; what is checked is what
//! the user sees (status line, canvas names, inspector, the files written).

mod common;

use common::{SharedDialogs, app_with_dialogs, wait_for_preview};
use egui::accesskit::Role;
use egui::{Event, Key, Modifiers, PointerButton, Pos2, Rect, Vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::{AccessKitNode, NodeT, Queryable};
use estate_map::edit::Position;
use estate_map::model::{Kind, Map, SupportStatus, load_file};
use estate_map::ui::files::dialogs::DialogRequest;
use estate_map::ui::{Document, EstateApp};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

type App = Harness<'static, EstateApp>;

const NOTE: &str = "Thrombolysis decision within 60 minutes of arrival";

fn app(doc: Document, dialogs: &SharedDialogs, view_only: bool) -> App {
    app_with_dialogs(doc, dialogs, view_only)
}

// ---- What the user does ------------------------------------------------------------

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
    h.run();
}

fn right_click_at(h: &mut App, pos: Pos2) {
    h.event(Event::PointerMoved(pos));
    pointer(h, pos, PointerButton::Secondary, true);
    pointer(h, pos, PointerButton::Secondary, false);
    h.run();
}

/// A moment between two different letter shortcuts, as a user pressing them one after
/// the other takes: letters closer together are a word typed, which fires at most one.
fn think(h: &mut App) {
    let now = h.ctx.input(|i| i.time);
    h.input_mut().time = Some(now + 0.5);
}

/// A person takes longer than a double-click's half second between two gestures.
fn pause(h: &mut App) {
    for _ in 0..40 {
        h.step();
    }
}

fn double_click_at(h: &mut App, pos: Pos2) {
    pause(h);
    h.event(Event::PointerMoved(pos));
    for _ in 0..2 {
        pointer(h, pos, PointerButton::Primary, true);
        pointer(h, pos, PointerButton::Primary, false);
        h.step();
    }
    h.run();
}

/// Presses at `from`, moves there in the steps a hand makes, releases at `to`.
fn drag(h: &mut App, from: Pos2, to: Pos2) {
    h.event(Event::PointerMoved(from));
    pointer(h, from, PointerButton::Primary, true);
    h.run();
    for step in 1..=8 {
        h.event(Event::PointerMoved(
            from + (to - from) * (step as f32 / 8.0),
        ));
        h.run();
    }
    pointer(h, to, PointerButton::Primary, false);
    h.run();
}

fn key(h: &mut App, key: Key) {
    h.key_press(key);
    h.run();
}

fn key_with(h: &mut App, modifiers: Modifiers, key: Key) {
    h.key_press_modifiers(modifiers, key);
    h.run();
}

fn type_text(h: &mut App, text: &str) {
    h.event(Event::Text(text.into()));
    h.run();
}

fn type_and_enter(h: &mut App, text: &str) {
    type_text(h, text);
    key(h, Key::Enter);
}

fn click(h: &mut App, label: &str) {
    h.get_by_label(label).click();
    h.run();
}

// ---- What the user sees ------------------------------------------------------------

fn status(h: &App) -> String {
    h.state().status_text().to_string()
}

fn assert_status(h: &App, expected: &str) {
    assert_eq!(status(h), expected);
}

/// Every canvas item whose accessible name starts "`name`, " (a component, not a link),
/// top of the screen first.
fn items_named(h: &App, name: &str) -> Vec<Rect> {
    let prefix = format!("{name}, ");
    let mut found: Vec<Rect> = h
        .query_all_by(move |n| n.label().is_some_and(|l| l.starts_with(&prefix)))
        .map(|n| n.rect())
        .collect();
    found.sort_by(|a, b| a.center().y.total_cmp(&b.center().y));
    found
}

/// Where the one component called `name` is on screen.
fn rect_of(h: &App, name: &str) -> Rect {
    let found = items_named(h, name);
    assert_eq!(found.len(), 1, "expected one {name} on the canvas");
    found[0]
}

fn centre_of(h: &App, name: &str) -> Pos2 {
    rect_of(h, name).center()
}

/// Panics unless the canvas shows an item with exactly this accessible name.
fn shows(h: &App, name: &str) {
    assert!(
        h.query_by_label(name).is_some(),
        "{name:?} is not on the canvas; it shows {:?}",
        canvas_names(h)
    );
}

/// The accessible names of every component, link and note on the canvas.
fn canvas_names(h: &App) -> BTreeSet<String> {
    let item = |l: &str| {
        l.starts_with("link from ")
            || l.starts_with("note: ")
            || [", system", ", user need", ", activity"]
                .iter()
                .any(|k| l.contains(k))
    };
    h.query_all_by(move |n| n.role() == Role::Button && n.label().is_some_and(|l| item(&l)))
        .filter_map(|n| n.accesskit_node().label())
        .collect()
}

fn position(h: &App, name: &str) -> Position {
    let c = h.state().document().map.find_by_name(name).expect(name);
    Position::new(c.visibility, c.evolution)
}

// ---- Facilitator steps -------------------------------------------------------------

fn select(h: &mut App, name: &str) {
    let at = centre_of(h, name);
    click_at(h, at);
}

/// N or U, then the name typed into the field that opens, then Enter.
fn add_with_key(h: &mut App, shortcut: Key, name: &str) {
    key(h, shortcut);
    type_and_enter(h, name);
}

/// Double-click on empty canvas at a map position, type the name, Enter.
fn add_at(h: &mut App, visibility: f64, evolution: f64, name: &str) {
    let at = h.state().screen_of(Position::new(visibility, evolution));
    double_click_at(h, at);
    type_and_enter(h, name);
}

/// Drags the component so that its own position lands on the target.
fn drag_to(h: &mut App, name: &str, visibility: f64, evolution: f64) {
    let from = centre_of(h, name);
    let now = h.state().screen_of(position(h, name));
    let target = h.state().screen_of(Position::new(visibility, evolution));
    drag(h, from, from + (target - now));
    let p = position(h, name);
    assert!(
        (p.visibility - visibility).abs() < 0.01 && (p.evolution - evolution).abs() < 0.01,
        "{name} landed at {p:?}"
    );
}

/// Selects `from` and drags its blue link handle onto `to`.
fn link(h: &mut App, from: &str, to: &str) {
    select(h, from);
    let handle = h.get_by_label(&format!("Link from {from}")).rect().center();
    let target = centre_of(h, to);
    drag(h, handle, target);
    assert_status(h, &format!("Linked: {from} depends on {to}"));
    shows(h, &format!("link from {from} to {to}"));
}

fn set_status(h: &mut App, name: &str, digit: Key, shown_as: &str) {
    select(h, name);
    key(h, digit);
    shows(h, &format!("{name}, system, {shown_as}"));
}

/// F2 on the selected component, replace the whole name, Enter.
fn rename_selected(h: &mut App, new_name: &str) {
    key(h, Key::F2);
    key_with(h, Modifiers::COMMAND, Key::A);
    type_and_enter(h, new_name);
}

fn undo(h: &mut App) {
    key_with(h, Modifiers::COMMAND, Key::Z);
}

fn redo(h: &mut App) {
    key_with(h, Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
}

/// Shift+arrow `times` times: each moves the selection a tenth of the map.
fn nudge_far(h: &mut App, arrow: Key, times: usize) {
    for _ in 0..times {
        key_with(h, Modifiers::SHIFT, arrow);
    }
}

/// The inspector field with this label: click into it, type, leave with Escape.
fn type_into_field(h: &mut App, label: &str, text: &str) {
    h.get_by_role_and_label(Role::TextInput, label).focus();
    h.run();
    type_text(h, text);
    key(h, Key::Escape);
}

// ---- The map the workshop ends with ------------------------------------------------

/// (name, kind, status) of every component the facilitator keeps.
const COMPONENTS: [(&str, Kind, SupportStatus); 9] = [
    ("Stroke patient", Kind::UserNeed, SupportStatus::Unknown),
    ("Stroke consultant", Kind::UserNeed, SupportStatus::Unknown),
    ("EPR", Kind::System, SupportStatus::Unsupported),
    ("PACS", Kind::System, SupportStatus::ExtendedSupport),
    ("Bed board", Kind::System, SupportStatus::ShadowIt),
    ("Lab system", Kind::System, SupportStatus::Supported),
    ("Imaging archive", Kind::System, SupportStatus::Supported),
    ("Community EPR", Kind::System, SupportStatus::Unsupported),
    (
        "Community lab system",
        Kind::System,
        SupportStatus::Supported,
    ),
];

const LINKS: [(&str, &str); 7] = [
    ("Stroke patient", "EPR"),
    ("Stroke patient", "Bed board"),
    ("Stroke consultant", "EPR"),
    ("Stroke consultant", "PACS"),
    ("EPR", "Lab system"),
    ("PACS", "Imaging archive"),
    ("Community EPR", "Community lab system"),
];

/// The facilitator's whole workshop, from an empty map to File > Save as `path`.
fn run_workshop(path: &Path) {
    let dialogs = SharedDialogs::answering([Some(path.to_path_buf())]);
    let doc = Document::new(Map::new("Stroke workshop"), None);
    let mut h = app(doc, &dialogs, false);
    add_needs_and_systems(&mut h);
    tag_statuses(&mut h);
    link_the_chain(&mut h);
    add_a_note(&mut h);
    delete_undo_redo(&mut h);
    duplicate_and_paste(&mut h);
    show_the_room(&mut h);
    save_as(&mut h, &dialogs, path);
}

fn add_needs_and_systems(h: &mut App) {
    add_with_key(h, Key::U, "Stroke patient");
    shows(h, "Stroke patient, user need");
    drag_to(h, "Stroke patient", 0.95, 0.3);
    add_with_key(h, Key::U, "Stroke consultant");
    drag_to(h, "Stroke consultant", 0.95, 0.7);
    add_with_key(h, Key::N, "EPR");
    shows(h, "EPR, system, unknown");
    drag_to(h, "EPR", 0.7, 0.4);
    add_at(h, 0.7, 0.75, "PACS");
    // A typo, put right with F2.
    add_at(h, 0.6, 0.1, "Bed bord");
    select(h, "Bed bord");
    rename_selected(h, "Bed board");
    assert_status(h, "Rename");
    add_at(h, 0.45, 0.45, "Lab system");
    add_at(h, 0.3, 0.2, "Fax gateway");
    let p = position(h, "Lab system");
    assert!((p.visibility - 0.45).abs() < 0.01 && (p.evolution - 0.45).abs() < 0.01);
    assert!(items_named(h, "Bed bord").is_empty(), "the typo is gone");
    assert_eq!(h.state().document().map.components.len(), 7);
}

fn tag_statuses(h: &mut App) {
    set_status(h, "EPR", Key::Num3, "unsupported");
    set_status(h, "PACS", Key::Num2, "extended support");
    set_status(h, "Bed board", Key::Num4, "shadow IT");
    set_status(h, "Lab system", Key::Num1, "supported");
    set_status(h, "Fax gateway", Key::Num5, "unknown");
    // A need is what the estate serves: 3 on it is refused with the reason.
    select(h, "Stroke patient");
    key(h, Key::Num3);
    assert_status(
        h,
        "User needs carry no support status: select a system or activity",
    );
    shows(h, "Stroke patient, user need");
    // The EPR's support ended years ago: typed into the inspector.
    select(h, "EPR");
    type_into_field(h, "End of support (YYYY-MM-DD)", "2023-03-31");
}

fn link_the_chain(h: &mut App) {
    for (from, to) in LINKS.iter().take(5) {
        link(h, from, to);
    }
    link(h, "EPR", "Fax gateway");
}

fn add_a_note(h: &mut App) {
    let empty = h.state().screen_of(Position::new(0.15, 0.75));
    right_click_at(h, empty);
    click(h, "Add note here");
    // Notes take several lines (issue 10): Enter is a new line, Ctrl+Enter finishes.
    type_text(h, NOTE);
    key_with(h, Modifiers::COMMAND, Key::Enter);
    shows(h, &format!("note: {NOTE}"));
}

fn delete_undo_redo(h: &mut App) {
    select(h, "Fax gateway");
    key(h, Key::Delete);
    assert!(items_named(h, "Fax gateway").is_empty());
    assert!(h.query_by_label("link from EPR to Fax gateway").is_none());
    undo(h);
    assert_status(h, "Undid: delete 1 item");
    shows(h, "Fax gateway, system, unknown");
    shows(h, "link from EPR to Fax gateway");
    redo(h);
    assert_status(h, "Redid: delete 1 item");
    assert!(items_named(h, "Fax gateway").is_empty());
    assert!(h.query_by_label("link from EPR to Fax gateway").is_none());
}

fn duplicate_and_paste(h: &mut App) {
    // Ctrl+D: a second PACS, selected; Shift+arrows take it clear, F2 names it.
    select(h, "PACS");
    key_with(h, Modifiers::COMMAND, Key::D);
    assert_eq!(items_named(h, "PACS").len(), 2);
    nudge_far(h, Key::ArrowDown, 3);
    nudge_far(h, Key::ArrowRight, 1);
    rename_selected(h, "Imaging archive");
    set_status(h, "Imaging archive", Key::Num1, "supported");
    link(h, "PACS", "Imaging archive");

    // Ctrl+C / Ctrl+V: the community hospital runs the same pair, link and all.
    select(h, "EPR");
    h.get_by_label_contains("Lab system, ")
        .click_modifiers(Modifiers::SHIFT);
    h.run();
    key_with(h, Modifiers::COMMAND, Key::C);
    assert_status(h, "Copied 2 component(s)");
    key_with(h, Modifiers::COMMAND, Key::V);
    assert_eq!(items_named(h, "EPR").len(), 2);
    assert_eq!(
        h.get_all_by_label("link from EPR to Lab system").count(),
        2,
        "the link between the copies came too"
    );
    nudge_far(h, Key::ArrowDown, 3);
    nudge_far(h, Key::ArrowLeft, 2);
    // The copies are the lower ones on the screen.
    for (name, new_name) in [
        ("EPR", "Community EPR"),
        ("Lab system", "Community lab system"),
    ] {
        let copy = items_named(h, name).last().unwrap().center();
        click_at(h, copy);
        rename_selected(h, new_name);
    }
    shows(h, "link from Community EPR to Community lab system");
}

/// Presenter on for the room, then the overlays, impact, register and legend.
fn show_the_room(h: &mut App) {
    let small = rect_of(h, "EPR").width();
    click(h, "Presenter");
    assert!(h.state().presenter());
    // The interface zooms by 1.25: compare sizes on the screen in pixels.
    let large = rect_of(h, "EPR").width() * 1.25;
    assert!(
        large > small * 1.05,
        "presenter label {large} px vs {small} px"
    );

    key(h, Key::C);
    assert_status(
        h,
        "Colouring by risk score: darker is riskier; outlines still show status",
    );
    shows(h, "EPR, system, unsupported, risk very high");
    shows(h, "Bed board, system, shadow IT, risk high");
    shows(h, "Community lab system, system, supported, risk low");
    shows(h, "Stroke patient, user need");
    h.get_by_label_contains("Legend: fill shows risk score");
    key(h, Key::C);
    shows(h, "EPR, system, unsupported, expired");
    shows(h, "PACS, system, extended support, no date");
    h.get_by_label_contains("Legend: fill shows end of support or contract");
    key(h, Key::C);
    shows(h, "EPR, system, unsupported");

    select(h, "EPR");
    key(h, Key::I);
    assert_status(
        h,
        "Impact of EPR: 2 component(s) and 2 user need(s) depend on it",
    );
    key(h, Key::I);
    assert!(!h.state().impact());

    think(h);
    key(h, Key::R);
    click(h, "Bed board");
    assert_status(h, "Selected Bed board");
    // EPR 17, its community copy 15 (the copy keeps the ended support date), then 13.
    h.get_by_label("Risk score 13 (rank 3 in the register)");
    key(h, Key::R);

    think(h);
    key(h, Key::L);
    assert!(h.query_by_label_contains("Legend: ").is_none());
    click(h, "Presenter");
    assert!(!h.state().presenter());
}

fn save_as(h: &mut App, dialogs: &SharedDialogs, path: &Path) {
    assert_eq!(canvas_names(h), expected_canvas());
    assert!(h.state().document().window_title().starts_with('\u{25CF}'));
    click(h, "File");
    click(h, "Save as\u{2026} Ctrl+Shift+S");
    assert_status(h, &format!("Saved {}", path.display()));
    assert!(!h.state().document().is_dirty());
    assert_eq!(
        dialogs.requests(),
        [DialogRequest::SaveAs {
            suggested_name: "Stroke workshop.json".into(),
            start_dir: None,
        }]
    );
}

/// The canvas names of the finished map: its components, links and note, no more.
fn expected_canvas() -> BTreeSet<String> {
    let component = |(name, kind, status): (&str, Kind, SupportStatus)| match kind {
        Kind::UserNeed => format!("{name}, user need"),
        _ => format!("{name}, system, {}", shown_status(status)),
    };
    let components = COMPONENTS.into_iter().map(component);
    let links = LINKS.iter().map(|(a, b)| format!("link from {a} to {b}"));
    components
        .chain(links)
        .chain([format!("note: {NOTE}")])
        .collect()
}

fn shown_status(status: SupportStatus) -> &'static str {
    match status {
        SupportStatus::Supported => "supported",
        SupportStatus::ExtendedSupport => "extended support",
        SupportStatus::Unsupported => "unsupported",
        SupportStatus::ShadowIt => "shadow IT",
        SupportStatus::Unknown => "unknown",
    }
}

fn saved_map(dir: &Path) -> (PathBuf, Map) {
    let path = dir.join("stroke workshop.json");
    run_workshop(&path);
    let map = load_file(&path).expect("the saved map loads");
    (path, map)
}

#[test]
fn facilitator_builds_a_stroke_map_from_nothing_and_saves_it() {
    let dir = tempfile::tempdir().unwrap();
    let (_, map) = saved_map(dir.path());
    assert_eq!(map.title, "Stroke workshop");
    let saved: Vec<(&str, Kind, SupportStatus)> = map
        .components
        .iter()
        .map(|c| (c.name.as_str(), c.kind, c.status))
        .collect();
    let mut expected = COMPONENTS.to_vec();
    let mut saved_sorted = saved.clone();
    expected.sort_by_key(|c| c.0);
    saved_sorted.sort_by_key(|c| c.0);
    assert_eq!(saved_sorted, expected);
    let name = |id| map.component(id).unwrap().name.as_str();
    let links: BTreeSet<(&str, &str)> = map
        .links
        .iter()
        .map(|l| (name(&l.from), name(&l.to)))
        .collect();
    assert_eq!(links, LINKS.into_iter().collect());
    assert_eq!(map.links.len(), LINKS.len(), "no link twice");
    assert!(map.links.iter().all(|l| l.label.is_none()));
    let notes: Vec<&str> = map.notes.iter().map(|n| n.text.as_str()).collect();
    assert_eq!(notes, [NOTE]);
    let epr = map.find_by_name("EPR").unwrap();
    assert_eq!(epr.end_of_support, "2023-03-31".parse().ok());
    let dated: Vec<&str> = map
        .components
        .iter()
        .filter(|c| c.end_of_support.is_some())
        .map(|c| c.name.as_str())
        .collect();
    assert_eq!(dated, ["EPR", "Community EPR"], "the copy keeps the date");
}

// ---- The CIO -----------------------------------------------------------------------

/// `estate-map --view FILE`: the file opened read-only, with scripted file dialogs.
fn open_view_only(path: &Path, dialogs: &SharedDialogs) -> App {
    let doc = Document::open(path, true).expect("the saved map opens");
    app(doc, dialogs, true)
}

/// Everything an editor would try; each must leave the map as it is.
fn try_to_edit(h: &mut App) {
    select(h, "EPR");
    for digit in [Key::Num1, Key::Num2, Key::Num3, Key::Num4, Key::Num5] {
        key(h, digit);
    }
    key(h, Key::Delete);
    key(h, Key::Backspace);
    key_with(h, Modifiers::COMMAND, Key::D);
    key_with(h, Modifiers::COMMAND, Key::X);
    key_with(h, Modifiers::COMMAND, Key::V);
    key_with(h, Modifiers::COMMAND, Key::Z);
    key_with(h, Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    // Read-only, arrows pan instead of nudging: F brings the whole map back.
    key_with(h, Modifiers::SHIFT, Key::ArrowDown);
    key(h, Key::F);
    key(h, Key::F2);
    type_and_enter(h, "Renamed");
    assert!(
        h.query_by_label("Link from EPR").is_none(),
        "no link handle"
    );
    let (epr, lab) = (centre_of(h, "EPR"), centre_of(h, "Lab system"));
    drag(h, epr, epr + Vec2::new(80.0, 60.0));
    h.event(Event::ModifiersChanged(Modifiers::ALT));
    drag(h, epr, lab);
    h.event(Event::ModifiersChanged(Modifiers::NONE));
    let empty = h.state().screen_of(Position::new(0.15, 0.6));
    double_click_at(h, empty);
    type_and_enter(h, "Double-clicked");
    key(h, Key::U);
    type_and_enter(h, "Typed need");
    key(h, Key::N);
    assert_status(h, "This map is open read-only: nothing can be added");
    type_and_enter(h, "Typed system");
    key_with(h, Modifiers::COMMAND, Key::S);
    assert_status(h, "This map is open read-only: use Save as to keep a copy");
    // Dragging read-only pans the map: F shows it all again.
    key(h, Key::F);
}

/// The component names in the register's rows, top to bottom.
fn register_rows(h: &App) -> Vec<String> {
    let names: BTreeSet<&str> = COMPONENTS.iter().map(|c| c.0).collect();
    // A label's text is its accessible value.
    let text = |n: &AccessKitNode<'_>| (n.role() == Role::Label).then(|| n.value()).flatten();
    let mut rows: Vec<(f32, String)> = h
        .query_all_by(move |n| text(n).is_some_and(|t| names.contains(t.as_str())))
        .map(|n| (n.rect().center().y, text(&n.accesskit_node()).unwrap()))
        .collect();
    rows.sort_by(|a, b| a.0.total_cmp(&b.0));
    rows.into_iter().map(|(_, name)| name).collect()
}

fn register_count(h: &App, shown: usize) {
    let today = chrono::Local::now().date_naive();
    h.get_by_label(&format!("{shown} of 7 components, as of {today}"));
}

fn read_the_register(h: &mut App) {
    think(h);
    key(h, Key::R);
    register_count(h, 7);
    assert_eq!(register_rows(h)[..3], ["EPR", "Community EPR", "Bed board"]);
    // Only what is not supported, highest score first.
    h.get_by_role_and_label(Role::CheckBox, "Supported").click();
    h.run();
    register_count(h, 4);
    click(h, "Component");
    assert_eq!(
        register_rows(h),
        ["Bed board", "Community EPR", "EPR", "PACS"]
    );
    click(h, "Score");
    assert_eq!(
        register_rows(h),
        ["EPR", "Community EPR", "Bed board", "PACS"]
    );
    // Support or contract ended, or ending within 12 months.
    let expiry = "Only support or contract ending within";
    h.get_by_role_and_label(Role::CheckBox, expiry).click();
    h.run();
    register_count(h, 2);
    assert_eq!(register_rows(h), ["EPR", "Community EPR"]);
}

fn inspect_the_top_risk(h: &mut App) {
    let top = register_rows(h)[0].clone();
    click(h, &top);
    assert_status(h, "Selected EPR");
    h.get_by_label("Risk score 17 (rank 1 in the register)");
    // The inspector's words (the register row carries them too).
    h.get_by_role_and_label(
        Role::Label,
        "clinical risk not assessed, counted as 3 (+6); unsupported (+6); \
         2 user needs depend on it (+2); support ended 2023-03-31 (+3)",
    );
    h.get_by_label("2 component(s) depend on it, 2 user need(s):");
    h.get_by_label("\u{2022} Stroke patient");
    h.get_by_label("\u{2022} Stroke consultant");
}

fn export_png(h: &mut App) {
    click(h, "File");
    click(h, "Export\u{2026} Ctrl+Shift+E");
    wait_for_preview(h);
    click(h, "PNG");
    click(h, "Export to file\u{2026}");
    assert!(status(h).starts_with("Exported PNG"), "{}", status(h));
}

#[test]
fn cio_reads_the_saved_map_read_only_and_exports_a_png() {
    let dir = tempfile::tempdir().unwrap();
    let (path, saved) = saved_map(dir.path());
    let bytes = std::fs::read(&path).unwrap();
    let dialogs = SharedDialogs::answering([Some(dir.path().join("board pack"))]);
    let mut h = open_view_only(&path, &dialogs);
    h.get_by_label("Read-only");
    let before = canvas_names(&h);
    assert_eq!(before, expected_canvas());

    try_to_edit(&mut h);
    assert_eq!(canvas_names(&h), before);
    assert_eq!(h.state().document().map, saved);
    assert!(!h.state().document().is_dirty());

    read_the_register(&mut h);
    inspect_the_top_risk(&mut h);
    export_png(&mut h);

    let png = std::fs::read(dir.path().join("board pack.png")).expect("the PNG was written");
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"), "not a PNG");
    resvg::tiny_skia::Pixmap::decode_png(&png).expect("a PNG that decodes");
    assert_eq!(std::fs::read(&path).unwrap(), bytes, "the map file changed");
    assert_eq!(dialogs.requests().len(), 1);
}

// ---- Bugs found on the way -----------------------------------------------------------

/// EPR and PACS side by side, both unknown.
fn two_systems() -> Map {
    let mut map = Map::new("Nudges");
    for (name, evolution) in [("EPR", 0.3), ("PACS", 0.7)] {
        let id = map.allocate_component_id();
        map.components
            .push(estate_map::model::Component::new(id, name, 0.5, evolution));
    }
    map
}

#[test]
fn nudging_one_component_then_another_is_two_undo_steps() {
    let mut h = app(
        Document::new(two_systems(), None),
        &SharedDialogs::default(),
        false,
    );
    let (epr, pacs) = (position(&h, "EPR"), position(&h, "PACS"));
    select(&mut h, "EPR");
    key(&mut h, Key::ArrowRight);
    select(&mut h, "PACS");
    key(&mut h, Key::ArrowRight);
    undo(&mut h);
    assert_status(&h, "Undid: move 1 item");
    assert_eq!(position(&h, "PACS"), pacs);
    assert_ne!(
        position(&h, "EPR"),
        epr,
        "one Ctrl+Z also undid the EPR's move"
    );
}

#[test]
fn a_read_only_map_says_why_undo_and_properties_are_unavailable() {
    let mut h = app(
        Document::new(two_systems(), None),
        &SharedDialogs::default(),
        true,
    );
    key_with(&mut h, Modifiers::COMMAND, Key::Z);
    assert!(status(&h).starts_with("Read-only: "), "{}", status(&h));
    let epr = centre_of(&h, "EPR");
    drag(&mut h, epr, epr + Vec2::new(120.0, 40.0));
    assert!(
        status(&h).contains("dragging pans the map"),
        "{}",
        status(&h)
    );
    click(&mut h, "File");
    let properties = h.get_by_label("Map properties\u{2026}");
    assert!(properties.accesskit_node().is_disabled());
}
