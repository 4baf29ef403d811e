//! Analysis in the app, driven as a user would: impact highlighting, the risk register,
//! the checks list and the risk settings, checked against an analysis computed here.

use egui::accesskit::Role;
use egui::{Key, Modifiers, Vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use estate_map::analysis::{Analysis, CheckKind, format_points};
use estate_map::model::{Component, ComponentId, Kind, Link, Map, SupportStatus};
use estate_map::scene::ColourBy;
use estate_map::ui::{Document, EstateApp};
use std::collections::HashSet;

/// Two user needs sharing a diamond (Clinic -> EPR, Clinic -> Portal, both -> PAS ->
/// Server), Pharmacy -> Stock app on its own chain, and an unlinked spreadsheet.
fn estate() -> Map {
    let mut map = Map::new("Estate");
    let specs = [
        (
            "Clinic",
            Kind::UserNeed,
            0.95,
            0.45,
            SupportStatus::Supported,
        ),
        (
            "Pharmacy",
            Kind::UserNeed,
            0.95,
            0.8,
            SupportStatus::Supported,
        ),
        ("EPR", Kind::System, 0.7, 0.35, SupportStatus::Supported),
        (
            "Portal",
            Kind::System,
            0.7,
            0.55,
            SupportStatus::ExtendedSupport,
        ),
        ("PAS", Kind::System, 0.45, 0.45, SupportStatus::Unsupported),
        ("Server", Kind::System, 0.2, 0.7, SupportStatus::Supported),
        ("Stock app", Kind::System, 0.6, 0.85, SupportStatus::Unknown),
        (
            "Bed spreadsheet",
            Kind::System,
            0.5,
            0.12,
            SupportStatus::ShadowIt,
        ),
    ];
    for (name, kind, visibility, evolution, status) in specs {
        let id = map.allocate_component_id();
        map.components.push(
            Component::new(id, name, visibility, evolution)
                .with_kind(kind)
                .with_status(status),
        );
    }
    let links = [
        ("Clinic", "EPR"),
        ("Clinic", "Portal"),
        ("EPR", "PAS"),
        ("Portal", "PAS"),
        ("PAS", "Server"),
        ("Pharmacy", "Stock app"),
    ];
    for (from, to) in links {
        map.links.push(Link::new(id(&map, from), id(&map, to)));
    }
    map
}

fn id(map: &Map, name: &str) -> ComponentId {
    map.find_by_name(name).expect(name).id.clone()
}

fn harness() -> Harness<'static, EstateApp> {
    let doc = Document::new(estate(), None);
    let mut harness = Harness::builder()
        .with_size(Vec2::new(1400.0, 900.0))
        .with_step_dt(1.0 / 60.0)
        .with_max_steps(120)
        .build_eframe(move |cc| EstateApp::new(&cc.egui_ctx, doc));
    harness.run();
    harness
}

fn map<'a>(h: &'a Harness<'_, EstateApp>) -> &'a Map {
    &h.state().document().map
}

fn selected(h: &Harness<'_, EstateApp>) -> Vec<ComponentId> {
    h.state().selection().component_ids()
}

/// Clicks a component on the canvas (its widget is named "PAS, system, ...").
fn click_component(h: &mut Harness<'_, EstateApp>, name: &str) {
    h.get_by_label_contains(&format!("{name}, ")).click();
    h.run();
}

fn key(h: &mut Harness<'_, EstateApp>, key: Key) {
    h.key_press(key);
    h.run();
}

/// Everything outside `name` and its blast radius, from an analysis made here.
fn expected_dimmed(map: &Map, name: &str) -> HashSet<ComponentId> {
    let analysis = Analysis::new(map, "2026-11-22".parse().unwrap());
    let target = id(map, name);
    let radius = analysis.blast_radius(&target).unwrap();
    let mut bright: HashSet<ComponentId> = radius
        .components
        .iter()
        .map(|&n| map.components[n].id.clone())
        .collect();
    bright.insert(target);
    map.components
        .iter()
        .map(|c| c.id.clone())
        .filter(|c| !bright.contains(c))
        .collect()
}

fn names(map: &Map, ids: &HashSet<ComponentId>) -> Vec<String> {
    let mut names: Vec<String> = ids
        .iter()
        .map(|i| map.component(i).unwrap().name.clone())
        .collect();
    names.sort();
    names
}

#[test]
fn impact_dims_exactly_what_is_outside_the_blast_radius() {
    let mut h = harness();
    click_component(&mut h, "PAS");
    assert_eq!(selected(&h), vec![id(map(&h), "PAS")]);
    assert!(
        h.state().dimmed().is_empty(),
        "nothing dimmed before impact"
    );

    key(&mut h, Key::I);
    assert!(h.state().impact());
    let expected = expected_dimmed(map(&h), "PAS");
    assert_eq!(
        names(map(&h), &expected),
        ["Bed spreadsheet", "Pharmacy", "Server", "Stock app"]
    );
    assert_eq!(*h.state().dimmed(), expected);
    assert_eq!(
        h.state().status_text(),
        "Impact of PAS: 3 component(s) and 1 user need(s) depend on it"
    );

    // Another selection moves the highlight with it.
    click_component(&mut h, "Portal");
    assert_eq!(*h.state().dimmed(), expected_dimmed(map(&h), "Portal"));
    // The inspector names the affected user need and counts the blast radius.
    h.get_by_label("1 component(s) depend on it, 1 user need(s):");
    h.get_by_label("\u{2022} Clinic");

    // The toolbar button turns it off again.
    h.get_by_role_and_label(Role::Button, "Impact").click();
    h.run();
    assert!(!h.state().impact());
    assert!(h.state().dimmed().is_empty());
}

#[test]
fn analysis_is_recomputed_after_edits_not_per_frame() {
    let mut h = harness();
    let runs = h.state().analysis_runs();
    assert!(runs >= 1);
    for _ in 0..10 {
        h.step();
    }
    click_component(&mut h, "Server");
    assert_eq!(h.state().analysis_runs(), runs, "no edit, no recomputation");
    key(&mut h, Key::Num3); // Server becomes unsupported
    assert_eq!(
        map(&h).find_by_name("Server").unwrap().status,
        SupportStatus::Unsupported
    );
    assert_eq!(h.state().analysis_runs(), runs + 1);
}

#[test]
fn clicking_a_register_row_selects_and_centres_the_component() {
    let mut h = harness();
    key(&mut h, Key::R);
    // The money figures arrive from a worker thread and add a line to the panel; wait
    // for them, so the canvas keeps its size after the click centres the map.
    for _ in 0..150 {
        if h.query_by_label_contains("Expected loss of the whole estate")
            .is_some()
        {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
        h.run();
    }
    h.get_by_label("Server").click();
    h.run();
    assert_eq!(selected(&h), vec![id(map(&h), "Server")]);
    let server = map(&h).find_by_name("Server").unwrap();
    let at = h.state().screen_of(estate_map::edit::Position::new(
        server.visibility,
        server.evolution,
    ));
    let canvas = h
        .get_by_label("Map canvas: double-click to add a component")
        .rect()
        .center();
    assert!(
        at.distance(canvas) < 2.0,
        "Server at {at:?}, canvas centre {canvas:?}"
    );
}

#[test]
fn clicking_a_check_selects_the_components_it_names() {
    let mut h = harness();
    let analysis = Analysis::new(map(&h), "2026-11-22".parse().unwrap());
    let unlinked = analysis
        .checks()
        .iter()
        .find(|c| c.kind == CheckKind::Unlinked)
        .expect("the spreadsheet is unlinked")
        .clone();
    assert_eq!(unlinked.components, vec![id(map(&h), "Bed spreadsheet")]);
    let checks_button = format!("Checks ({})", analysis.checks().len());
    h.get_by_label(&checks_button).click();
    h.run();
    h.get_by_label(&unlinked.message).click();
    h.run();
    assert_eq!(selected(&h), unlinked.components);
}

/// The inspector's score line for `name`, checked against an analysis made here.
fn inspector_score(h: &Harness<'_, EstateApp>, name: &str) -> String {
    let analysis = Analysis::new(map(h), chrono::Local::now().date_naive());
    let facts = analysis.component(&id(map(h), name)).unwrap();
    let line = format!(
        "Risk score {} (rank {} in the register)",
        format_points(facts.score.total),
        facts.rank.unwrap()
    );
    h.get_by_label(&line);
    line
}

#[test]
fn risk_settings_edits_are_undoable_and_rescore_the_register() {
    let mut h = harness();
    let before = map(&h).settings.clone();
    click_component(&mut h, "PAS");
    let old_score = inspector_score(&h, "PAS");
    h.get_by_label("Risk settings\u{2026}").click();
    h.run();
    h.get_by_role_and_label(Role::SpinButton, "Clinical rating weight")
        .set_value_accesskit(5.0);
    h.run();
    assert_eq!(map(&h).settings.score_weights.clinical, 5.0);
    let new_score = inspector_score(&h, "PAS");
    assert_ne!(new_score, old_score, "the new weight rescored PAS");
    h.get_by_role_and_label(
        Role::SpinButton,
        "Rating for Very low likelihood, Minor consequence",
    )
    .set_value_accesskit(4.0);
    h.run();
    let matrix = &map(&h).settings.risk_matrix;
    assert_eq!(matrix.very_low[0], 4);
    assert_ne!(map(&h).settings, before);

    let ctrl_z = |h: &mut Harness<'_, EstateApp>| {
        h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
        h.run();
    };
    ctrl_z(&mut h);
    assert_eq!(map(&h).settings.risk_matrix, before.risk_matrix);
    assert_eq!(map(&h).settings.score_weights.clinical, 5.0);
    ctrl_z(&mut h);
    assert_eq!(map(&h).settings, before);

    // Reset is one undoable step too.
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    h.run();
    assert_eq!(map(&h).settings.score_weights.clinical, 5.0);
    h.get_by_label("Reset to defaults").click();
    h.run();
    assert_eq!(map(&h).settings, before);
    ctrl_z(&mut h);
    assert_eq!(map(&h).settings.score_weights.clinical, 5.0);
}

#[test]
fn impact_with_nothing_selected_dims_nothing() {
    let mut h = harness();
    key(&mut h, Key::I);
    assert!(h.state().impact());
    assert!(h.state().dimmed().is_empty());
    click_component(&mut h, "Clinic");
    // Nothing depends on a user need: everything else is dimmed.
    let expected: HashSet<ComponentId> = map(&h)
        .components
        .iter()
        .filter(|c| c.name != "Clinic")
        .map(|c| c.id.clone())
        .collect();
    assert_eq!(*h.state().dimmed(), expected);
    // The inspector lists what the need rests on that is at risk.
    h.get_by_label("Rests on 4 component(s), 2 at risk:");
    h.get_by_label("\u{2022} Portal (Extended support)");
    h.get_by_label("\u{2022} PAS (Unsupported)");
}

/// Panics unless the canvas has an item with exactly this accessible name.
fn has_item(h: &Harness<'_, EstateApp>, name: &str) {
    h.get_by_label(name);
}

#[test]
fn colour_by_risk_or_dates_recolours_the_map_and_its_legend() {
    let mut h = harness();
    has_item(&h, "PAS, system, unsupported");
    h.get_by_label_contains("Legend: supported solid outline");

    // Hand-worked scores (not assessed counts 3, x2; unsupported 3 x2; one need +1):
    // PAS 13 is the highest; Portal 9 is 0.69 of it (high); EPR 7 is 0.54 (medium).
    key(&mut h, Key::C);
    assert_eq!(h.state().colour_by(), ColourBy::Risk);
    has_item(&h, "PAS, system, unsupported, risk very high");
    has_item(&h, "Portal, system, extended support, risk high");
    has_item(&h, "EPR, system, supported, risk medium");
    has_item(&h, "Clinic, user need");
    h.get_by_label_contains("Legend: fill shows risk score");

    key(&mut h, Key::C);
    assert_eq!(h.state().colour_by(), ColourBy::Dates);
    has_item(&h, "EPR, system, supported, no date");
    h.get_by_label_contains("Legend: fill shows end of support or contract");

    // The toolbar's "Colour by" list goes straight back to status.
    h.get_by_label("Colour by").click();
    h.run();
    h.get_by_label("Support status").click();
    h.run();
    assert_eq!(h.state().colour_by(), ColourBy::Status);
    has_item(&h, "PAS, system, unsupported");
}

#[test]
fn status_keys_leave_user_needs_alone() {
    let mut h = harness();
    click_component(&mut h, "Clinic");
    key(&mut h, Key::Num3);
    assert_eq!(
        map(&h).find_by_name("Clinic").unwrap().status,
        SupportStatus::Supported
    );
    assert!(
        h.state()
            .status_text()
            .contains("User needs carry no support status"),
        "{}",
        h.state().status_text()
    );
    assert!(
        h.query_by_label("Support status").is_none(),
        "no status field for a need"
    );
}
