//! Area views and groups in the app, driven through accessible names: choosing an area
//! in View changes the register's rows; collapsing into a group and expanding it again
//! are undoable edits.

use egui::accesskit::Role;
use egui::{Event, Key, Modifiers, PointerButton, Pos2, Vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use estate_map::model::load_file;
use estate_map::ui::{Document, EstateApp};
use std::path::Path;

fn harness() -> Harness<'static, EstateApp> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/estate/estate.json");
    let doc = Document::new(load_file(&path).unwrap(), None);
    let mut harness = Harness::builder()
        .with_size(Vec2::new(1600.0, 1000.0))
        .with_step_dt(1.0 / 60.0)
        .with_max_steps(120)
        .build_eframe(move |cc| EstateApp::new(&cc.egui_ctx, doc));
    harness.run();
    harness
}

fn key_with(h: &mut Harness<'_, EstateApp>, modifiers: Modifiers, key: Key) {
    h.key_press_modifiers(modifiers, key);
    h.run();
}

fn drag(h: &mut Harness<'_, EstateApp>, from: Pos2, to: Pos2) {
    let button = |pos, pressed| Event::PointerButton {
        pos,
        button: PointerButton::Primary,
        pressed,
        modifiers: Modifiers::NONE,
    };
    h.event(Event::PointerMoved(from));
    h.event(button(from, true));
    h.run();
    for step in 1..=8 {
        h.event(Event::PointerMoved(
            from + (to - from) * (step as f32 / 8.0),
        ));
        h.run();
    }
    h.event(button(to, false));
    h.run();
}

#[test]
fn choosing_an_area_shows_only_its_rows_in_the_register() {
    let mut h = harness();
    h.key_press(Key::R);
    h.run();
    h.get_by_label_contains("12 of 12 components");
    // Register cells are named by the component's name alone.
    assert!(h.query_by_label("Glucose meter uploads").is_some());
    h.get_by_role_and_label(Role::ComboBox, "Area view").click();
    h.run();
    h.get_by_label("Stroke area").click();
    h.run();
    // Stroke's systems: EPR, PAS, the VMs, PACS, tele-stroke, the spreadsheet, the engine.
    h.get_by_label_contains("7 of 12 components (Stroke area)");
    assert!(h.query_by_label("Glucose meter uploads").is_none());
    assert!(h.query_by_label("Thrombolysis log spreadsheet").is_some());
    // The canvas header names the view, so no one takes it for the whole estate.
    assert_eq!(
        h.state().shown_title(),
        "Example Trust estate \u{2014} Stroke area"
    );
    assert!(
        h.query_by_label_contains("Chemotherapy prescribing, ")
            .is_none()
    );
}

#[test]
fn collapsing_into_a_group_and_expanding_it_are_undoable() {
    let mut h = harness();
    key_with(&mut h, Modifiers::COMMAND, Key::A);
    key_with(&mut h, Modifiers::COMMAND, Key::G);
    let groups = &h.state().document().map.groups;
    assert_eq!(groups.len(), 1);
    assert!(groups[0].collapsed);
    assert_eq!(groups[0].members.len(), 15);
    // One box for everything, with its counts; no member is drawn.
    h.get_by_label_contains(
        "Group 1 (12 systems, 3 user needs: 2 unsupported, 2 shadow IT, 1 extended support, 1 unknown, 6 supported)",
    )
    .click();
    h.run();
    h.get_by_label("Group: Group 1");
    assert!(h.query_by_label_contains("PACS, ").is_none());
    // The box's name is edited in the inspector, one undo step.
    h.get_by_label("Group name").focus();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.event(egui::Event::Text("Whole estate".into()));
    h.run();
    h.key_press(Key::Enter);
    h.run();
    assert_eq!(h.state().document().map.groups[0].name, "Whole estate");
    key_with(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(h.state().document().map.groups[0].name, "Group 1");
    h.get_by_label_contains("Group 1 (").click();
    h.run();
    // Dragging the box moves every member by the same step, in one undo step.
    let evolution = |h: &Harness<'_, EstateApp>, id: &str| {
        let map = &h.state().document().map;
        map.components
            .iter()
            .find(|c| c.id.0 == id)
            .unwrap()
            .evolution
    };
    let (spreadsheet, epr) = (evolution(&h, "c9"), evolution(&h, "c4"));
    let from = h.get_by_label_contains("Group 1 (").rect().center();
    drag(&mut h, from, from - Vec2::new(40.0, 0.0));
    let moved = evolution(&h, "c9") - spreadsheet;
    assert!(moved < -0.01, "{moved}");
    assert!((evolution(&h, "c4") - epr - moved).abs() < 1e-9);
    key_with(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(evolution(&h, "c9"), spreadsheet);
    h.get_by_label_contains("Group 1 (").click();
    h.run();
    key_with(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::G);
    assert!(!h.state().document().map.groups[0].collapsed);
    assert!(h.query_by_label_contains("PACS, ").is_some());
    key_with(&mut h, Modifiers::COMMAND, Key::Z);
    assert!(h.state().document().map.groups[0].collapsed);
    key_with(&mut h, Modifiers::COMMAND, Key::Z);
    assert!(h.state().document().map.groups.is_empty());
}

// The timeline keeps the area view: on a date after the plan retires a Stroke system, the
// register shows Stroke's systems as planned then, not the whole estate.
#[test]
fn the_timeline_shows_the_chosen_area_as_planned_on_its_date() {
    use estate_map::model::{Action, ComponentId, Phase, Plan, Step};
    let date = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/estate/estate.json");
    let mut map = load_file(&path).unwrap();
    let mut phase = Phase::new("p1", "Tidy", date("2030-01-01"), date("2030-12-31"));
    phase.steps.push(Step::new(Action::Retire {
        component: ComponentId::new("c9"),
        on: date("2030-06-01"),
    }));
    let mut plan = Plan::default();
    plan.phases.push(phase);
    map.plan = Some(plan);
    let doc = Document::new(map, None);
    let mut h = Harness::builder()
        .with_size(Vec2::new(1600.0, 1000.0))
        .with_max_steps(120)
        .build_eframe(move |cc| EstateApp::new(&cc.egui_ctx, doc));
    h.run();
    h.key_press(Key::R);
    h.run();
    h.get_by_role_and_label(Role::ComboBox, "Area view").click();
    h.run();
    h.get_by_label("Stroke area").click();
    h.run();
    h.get_by_label_contains("7 of 12 components (Stroke area)");
    h.state_mut().show_plan_date(Some(date("2030-07-01")));
    h.run();
    // The spreadsheet is retired by then; the other areas stay out of the view.
    h.get_by_label_contains("6 of 11 components (Stroke area)");
    assert!(h.query_by_label("Thrombolysis log spreadsheet").is_none());
    assert!(h.query_by_label("Glucose meter uploads").is_none());
    assert_eq!(
        h.state().shown_title(),
        "Example Trust estate \u{2014} Stroke area"
    );
    h.state_mut().show_plan_date(None);
    h.run();
    h.get_by_label_contains("7 of 12 components (Stroke area)");
}
