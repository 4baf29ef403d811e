//! Money settings (issue 14): the expected-loss defaults checked when a map is read
//! (naming the setting), edited in one undoable step, and the Money settings dialog
//! driven as a user would, with its field errors shown inline.

use egui::accesskit::Role;
use egui::{Key, Modifiers, Vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use estate_map::edit::{Command, History};
use estate_map::model::{
    Map, MoneySettings, Range3, from_json_bytes_with_problems, money_problems,
};
use estate_map::ui::{Document, EstateApp};
use std::process::Command as Process;

/// Three faults: a negative outage day, a range out of order, no draws.
const BAD: &str = r#"{"format":"estate-map","version":1,"title":"Bad money",
 "settings":{"money":{
   "failures_per_year":{"supported":{"low":0.05,"likely":0.1,"high":0.25},
     "extended_support":{"low":0.1,"likely":0.25,"high":0.5},
     "unsupported":{"low":0.8,"likely":0.5,"high":1.0},
     "shadow_it":{"low":0.25,"likely":0.5,"high":1.0},
     "unknown":{"low":0.1,"likely":0.3,"high":0.75}},
   "outage_days":{"low":-1,"likely":2,"high":14},
   "draws":0}},
 "components":[],"links":[]}"#;

fn messages(money: &MoneySettings) -> Vec<String> {
    money_problems(money).into_iter().map(|(_, m)| m).collect()
}

#[test]
fn each_bad_money_setting_is_reported_by_name() {
    let (_, problems) = from_json_bytes_with_problems(BAD.as_bytes()).unwrap();
    let found: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
    let money: Vec<&String> = found
        .iter()
        .filter(|p| p.contains("settings.money"))
        .collect();
    assert_eq!(money.len(), 3, "{found:?}");
    for expected in [
        "failures_per_year.unsupported must read low <= likely <= high, not low 0.8, likely 0.5, high 1",
        "outage_days.low is -1: it must be zero or more",
        "draws must be 1 to 1,000,000, not 0",
    ] {
        assert!(
            money.iter().any(|p| p.contains(expected)),
            "{expected} in {money:?}"
        );
    }
    // What JSON cannot hold, a value set in code can.
    let mut settings = MoneySettings::default();
    assert!(
        money_problems(&settings).is_empty(),
        "the defaults are valid"
    );
    settings.cost_gbp_per_patient_day = f64::INFINITY;
    settings.extra_failures_per_year_past_end_of_support = Range3::new(0.2, 0.1, f64::NAN);
    assert_eq!(
        messages(&settings),
        [
            "extra_failures_per_year_past_end_of_support.high is not a finite number",
            "cost_gbp_per_patient_day is not a finite number",
        ]
    );
    // Equal bounds are a valid (exact) range; zero is allowed.
    let settings = MoneySettings {
        outage_days: Range3::exact(0.0),
        ..MoneySettings::default()
    };
    assert!(money_problems(&settings).is_empty());
}

#[test]
fn check_fails_a_map_with_bad_money_settings() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.json");
    std::fs::write(&path, BAD).unwrap();
    let out = Process::new(env!("CARGO_BIN_EXE_estate-map"))
        .arg("check")
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("settings.money"), "{err}");
    assert!(
        err.contains("outage_days.low is -1: it must be zero or more"),
        "{err}"
    );
}

#[test]
fn money_settings_are_one_undoable_edit_and_bad_ones_are_refused() {
    let mut map = Map::new("Money");
    let mut history = History::new();
    let settings = MoneySettings {
        outage_days: Range3::new(1.0, 3.0, 10.0),
        draws: 500,
        ..MoneySettings::default()
    };
    history
        .apply(
            &mut map,
            Command::SetMoneySettings(Box::new(settings.clone())),
        )
        .unwrap();
    assert_eq!(map.settings.money, settings);
    let mut bad = settings.clone();
    bad.failures_per_year.supported.low = -0.5;
    let err = history
        .apply(&mut map, Command::SetMoneySettings(Box::new(bad)))
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "failures_per_year.supported.low is -0.5: it must be zero or more"
    );
    assert_eq!(
        map.settings.money, settings,
        "a refused edit changes nothing"
    );
    history.undo(&mut map).unwrap();
    assert_eq!(map.settings.money, MoneySettings::default());
    assert!(!history.can_undo(), "one step");
}

#[test]
fn the_dialog_shows_field_errors_inline_and_applies_as_one_step() {
    let doc = Document::new(Map::new("Money"), None);
    let mut h = Harness::builder()
        .with_size(Vec2::new(1400.0, 900.0))
        .with_max_steps(120)
        .build_eframe(move |cc| EstateApp::new(&cc.egui_ctx, doc));
    h.run();
    for label in ["Analysis", "Money settings\u{2026}"] {
        h.get_by_label(label).click();
        h.run();
    }
    let set = |h: &mut Harness<'_, EstateApp>, label: &str, value: f64| {
        h.get_by_role_and_label(Role::SpinButton, label)
            .set_value_accesskit(value);
        h.run();
    };
    set(&mut h, "Outage days per failure, low", -1.0);
    h.get_by_label("outage_days.low is -1: it must be zero or more");
    set(&mut h, "Outage days per failure, likely", 20.0);
    assert!(
        h.query_by_label_contains("outage_days must read low")
            .is_none()
    );
    set(&mut h, "Outage days per failure, low", 1.0);
    assert!(h.query_by_label_contains("outage_days.low").is_none());
    h.get_by_label("outage_days must read low <= likely <= high, not low 1, likely 20, high 14");
    // Apply does nothing while a field is wrong.
    h.get_by_label("Apply").click();
    h.run();
    let map = |h: &Harness<'_, EstateApp>| h.state().document().map.settings.money.clone();
    assert_eq!(map(&h), MoneySettings::default());
    set(&mut h, "Outage days per failure, high", 30.0);
    set(&mut h, "Simulation draws", 2000.0);
    h.get_by_label("Apply").click();
    h.run();
    assert_eq!(map(&h).outage_days, Range3::new(1.0, 20.0, 30.0));
    assert_eq!(map(&h).draws, 2000);
    assert!(h.query_by_label("Apply").is_none(), "the dialog closed");
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(map(&h), MoneySettings::default(), "one undo step");
}
