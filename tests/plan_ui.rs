//! The plan in the app, driven as a facilitator would: the timeline's slider changes
//! the register, the roadmap has a row for each dated system, and a phase and a step
//! added through the Plan panel are undone one edit at a time.

mod common;

use common::{SharedDialogs, app_with_dialogs};
use egui::accesskit::Role;
use egui::{Event, Modifiers, PointerButton, Pos2, Vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use estate_map::model::{Action, Component, ComponentId, Kind, Map, Phase, Plan, Step};
use estate_map::ui::{Document, EstateApp};

fn date(s: &str) -> chrono::NaiveDate {
    s.parse().unwrap()
}

/// Three systems: "Old PAS" (end of support 31 Mar 2027, contract to 30 Jun 2028),
/// "Server" (retired by the plan on 1 Jun 2030) and "Shared drive" (no dates).
fn estate(plan: bool) -> Map {
    let mut map = Map::new("Plan");
    for (name, evolution) in [("Old PAS", 0.3), ("Server", 0.6), ("Shared drive", 0.8)] {
        let id = map.allocate_component_id();
        map.components
            .push(Component::new(id, name, 0.5, evolution).with_kind(Kind::System));
    }
    map.components[0].end_of_support = Some(date("2027-03-31"));
    map.components[0].contract_end = Some(date("2028-06-30"));
    if plan {
        let mut phase = Phase::new("p1", "Stabilise", date("2030-01-01"), date("2030-12-31"));
        phase.steps.push(Step::new(Action::Retire {
            component: map.components[1].id.clone(),
            on: date("2030-06-01"),
        }));
        let mut p = Plan::default();
        p.phases.push(phase);
        map.plan = Some(p);
    }
    map
}

fn harness(map: Map) -> Harness<'static, EstateApp> {
    let doc = Document::new(map, None);
    let mut h = Harness::builder()
        .with_size(Vec2::new(1500.0, 1000.0))
        .with_max_steps(60)
        .build_eframe(move |cc| EstateApp::new(&cc.egui_ctx, doc));
    h.run();
    h
}

fn menu(h: &mut Harness<'_, EstateApp>, menu: &str, entry: &str) {
    h.get_by_label(menu).click();
    h.run();
    h.get_by_role_and_label(Role::Button, entry).click();
    h.run();
}

fn type_into(h: &mut Harness<'_, EstateApp>, label: &str, text: &str) {
    h.get_by_label(label).focus();
    h.run();
    h.event(Event::Text(text.into()));
    h.run();
}

fn click_at(h: &mut Harness<'_, EstateApp>, pos: Pos2) {
    h.event(Event::PointerMoved(pos));
    for pressed in [true, false] {
        h.event(Event::PointerButton {
            pos,
            button: PointerButton::Primary,
            pressed,
            modifiers: Modifiers::NONE,
        });
        h.run();
    }
}

fn undo(h: &mut Harness<'_, EstateApp>) {
    h.key_press_modifiers(Modifiers::COMMAND, egui::Key::Z);
    h.run();
}

fn plan(h: &Harness<'_, EstateApp>) -> Option<Plan> {
    h.state().document().map.plan.clone()
}

#[test]
fn the_timeline_slider_changes_the_register() {
    let mut h = harness(estate(true));
    menu(&mut h, "Analysis", "Register");
    // Today (before 2030) the server is there; the slider runs to the end of 2030,
    // after the plan retires it.
    assert!(h.query_by_label_contains("3 of 3 components").is_some());
    menu(&mut h, "View", "Timeline");
    let rail = h.get_by_label("Date").rect();
    click_at(&mut h, Pos2::new(rail.max.x - 2.0, rail.center().y));
    let shown = h
        .state()
        .shown_plan_date()
        .expect("a date other than today");
    assert!(shown > date("2030-06-01"), "{shown}");
    assert!(h.query_by_label_contains("2 of 2 components").is_some());
    // The banner (and the status line) say which date is shown.
    let banner = format!(
        "Showing the map as planned on {}: read-only",
        shown.format("%-d %b %Y")
    );
    assert!(h.query_all_by_label(&banner).next().is_some());
    // The document itself is untouched, and edits are refused.
    assert_eq!(h.state().document().map.components.len(), 3);
    assert!(h.state().document().read_only);
    h.get_by_label("Today").click();
    h.run();
    assert!(h.query_by_label_contains("3 of 3 components").is_some());
    assert!(!h.state().document().read_only);
}

#[test]
fn the_roadmap_shows_a_row_for_each_system_with_dates() {
    let mut h = harness(estate(true));
    menu(&mut h, "View", "Roadmap");
    h.get_by_label("Old PAS; end of support 31 Mar 2027; contract ends 30 Jun 2028");
    h.get_by_label("Server; retired 1 Jun 2030");
    assert!(h.query_by_label_contains("Shared drive;").is_none());
    // The business case of a plan without costs or new systems: nothing changes.
    menu(&mut h, "Analysis", "Business case");
    h.get_by_label_contains("Pays back: no difference from doing nothing");
    h.get_by_label("Cumulative discounted saving");
}

#[test]
fn a_phase_and_a_step_added_in_the_plan_panel_undo_one_at_a_time() {
    let mut h = harness(estate(false));
    menu(&mut h, "View", "Plan");
    type_into(&mut h, "Phase name", "Stabilise");
    type_into(&mut h, "Phase start", "31/13/2027");
    assert!(h.query_by_label_contains("is not a date").is_some());
    h.get_by_label("Phase start").focus();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, egui::Key::A);
    h.event(Event::Text("01/01/2027".into()));
    h.run();
    type_into(&mut h, "Phase end", "2027-09-30");
    assert!(h.query_by_label_contains("is not a date").is_none());
    h.get_by_label("Add phase").click();
    h.run();
    let p = plan(&h).expect("a plan");
    assert_eq!(p.phases.len(), 1);
    assert_eq!(
        (
            p.phases[0].name.as_str(),
            p.phases[0].start,
            p.phases[0].end
        ),
        ("Stabilise", date("2027-01-01"), date("2027-09-30"))
    );
    h.get_by_role_and_label(Role::RadioButton, "Retire").click();
    h.run();
    h.get_by_role_and_label(Role::ComboBox, "System").click();
    h.run();
    h.get_by_label("Server").click();
    h.run();
    type_into(&mut h, "On", "1 Jun 2027");
    h.get_by_label("Add step").click();
    h.run();
    let server: ComponentId = h.state().document().map.components[1].id.clone();
    assert_eq!(
        plan(&h).unwrap().phases[0].steps,
        [Step::new(Action::Retire {
            component: server,
            on: date("2027-06-01"),
        })]
    );
    undo(&mut h);
    let p = plan(&h).unwrap();
    assert_eq!((p.phases.len(), p.phases[0].steps.len()), (1, 0));
    undo(&mut h);
    assert_eq!(plan(&h), None);
}

// The Green Book settings are edited in the panel: a bias other than 200 % needs its
// reason recorded before Apply takes it; one undo step puts the defaults back.
#[test]
fn the_optimism_bias_is_changed_in_the_panel_with_a_reason_and_undone() {
    let mut h = harness(estate(true));
    menu(&mut h, "View", "Plan");
    h.get_by_label("Optimism bias (%)").focus();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, egui::Key::A);
    h.event(Event::Text("150".into()));
    h.run();
    h.get_by_label_contains("record why in Reason");
    h.get_by_label("Apply appraisal settings").click();
    h.run();
    assert_eq!(
        plan(&h).unwrap().appraisal.optimism_bias,
        2.0,
        "not applied"
    );
    type_into(
        &mut h,
        "Reason for the optimism bias",
        "Product bought off the shelf",
    );
    h.get_by_label("Apply appraisal settings").click();
    h.run();
    let a = plan(&h).unwrap().appraisal;
    assert!((a.optimism_bias - 1.5).abs() < 1e-12);
    assert_eq!(
        a.optimism_bias_reason.as_deref(),
        Some("Product bought off the shelf")
    );
    undo(&mut h);
    assert_eq!(plan(&h).unwrap().appraisal.optimism_bias, 2.0);
}

// A step is changed in place: Edit loads it into the form, Save step replaces it where
// it was (one undo step), and Cancel editing leaves the plan alone.
#[test]
fn a_step_is_edited_in_place_and_undone() {
    let mut h = harness(estate(true));
    menu(&mut h, "View", "Plan");
    let server = h.state().document().map.components[1].id.clone();
    h.get_by_label("Edit step 1 of phase 1").click();
    h.run();
    assert!(h.query_by_label("Save step").is_some());
    h.get_by_label("On").focus();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, egui::Key::A);
    h.event(Event::Text("15/06/2030".into()));
    h.run();
    h.get_by_label("Save step").click();
    h.run();
    let retire_on = |on: &str| {
        vec![Step::new(Action::Retire {
            component: server.clone(),
            on: date(on),
        })]
    };
    assert_eq!(plan(&h).unwrap().phases[0].steps, retire_on("2030-06-15"));
    assert!(
        h.query_by_label("Add step").is_some(),
        "the form adds again"
    );
    // Cancel leaves the step as it is.
    h.get_by_label("Edit step 1 of phase 1").click();
    h.run();
    h.get_by_label("Cancel editing").click();
    h.run();
    assert_eq!(plan(&h).unwrap().phases[0].steps, retire_on("2030-06-15"));
    undo(&mut h);
    assert_eq!(plan(&h).unwrap().phases[0].steps, retire_on("2030-06-01"));
}

// The roadmap goes into the board pack from the app as the roadmap command writes it:
// the dialog suggests "<title> roadmap.pdf" and the PDF lands where chosen.
#[test]
fn the_roadmap_is_exported_from_its_window() {
    let dir = tempfile::tempdir().unwrap();
    let dialogs = SharedDialogs::answering([Some(dir.path().join("board pack roadmap"))]);
    let mut h = app_with_dialogs(Document::new(estate(true), None), &dialogs, false);
    menu(&mut h, "View", "Roadmap");
    h.get_by_label("Export roadmap as PDF\u{2026}").click();
    h.run();
    let pdf = std::fs::read(dir.path().join("board pack roadmap.pdf")).expect("written");
    assert!(pdf.starts_with(b"%PDF"), "a PDF");
    assert!(
        matches!(&dialogs.requests()[..], [estate_map::ui::files::dialogs::DialogRequest::SaveAs { suggested_name, .. }] if suggested_name == "Plan roadmap.pdf"),
        "{:?}",
        dialogs.requests()
    );
    assert!(
        h.state().status_text().contains("Saved the roadmap to"),
        "{}",
        h.state().status_text()
    );
}
