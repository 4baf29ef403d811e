//! Area views of an estate on the command line: `--area` and `--at-risk` on `export`
//! and `report`, and a several-hundred-system estate exported to PNG.

use estate_map::export::{ExportOptions, Format, Size, export};
use estate_map::model::generate::{assign_areas, generate};
use estate_map::model::{Group, save_file};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn estate() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/estate/estate.json")
}

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_estate-map"))
        .args(args)
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn export_of_one_area_draws_only_that_area_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("stroke.svg");
    let estate = estate();
    let output = run(&[
        "export",
        estate.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--area",
        "Stroke",
    ]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let svg = std::fs::read_to_string(&out).unwrap();
    for shown in ["Tele-stroke video", "Thrombolysis log", "Stroke area"] {
        assert!(svg.contains(shown), "{shown} missing");
    }
    for hidden in ["Retinal screening", "Chemotherapy", "HSCN"] {
        assert!(!svg.contains(hidden), "{hidden} drawn");
    }
}

#[test]
fn an_unknown_area_is_an_error_listing_the_maps_areas() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("x.png");
    let estate = estate();
    for args in [
        vec![
            "export",
            estate.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ],
        vec!["report", estate.to_str().unwrap()],
    ] {
        let mut args = args;
        args.extend(["--area", "Renal"]);
        let output = run(&args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let err = text(&output.stderr);
        assert!(
            err.contains("no area 'Renal'; its areas are: Cancer, Diabetes, Stroke"),
            "{err}"
        );
    }
    assert!(!out.exists());
    // OWM text has no frame to name the view in: refused rather than silently whole.
    let owm = dir.path().join("x.owm");
    let output = run(&[
        "export",
        estate.to_str().unwrap(),
        "-o",
        owm.to_str().unwrap(),
        "--area",
        "Stroke",
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert!(!owm.exists());
}

fn json_report(extra: &[&str]) -> Value {
    let estate = estate();
    let mut args = vec![
        "report",
        estate.to_str().unwrap(),
        "--format",
        "json",
        "--today",
        "2026-11-21",
    ];
    args.extend(extra);
    let output = run(&args);
    assert!(output.status.success(), "{}", text(&output.stderr));
    serde_json::from_slice(&output.stdout).unwrap()
}

fn register_ids(report: &Value) -> Vec<String> {
    let mut ids: Vec<String> = report["register"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect();
    ids.sort();
    ids
}

#[test]
fn report_of_one_area_lists_its_systems_with_their_areas() {
    let report = json_report(&["--area", "diabetes"]);
    // Diabetes: retinal screening, glucose uploads, EPR, PAS, the VMs, the engine.
    assert_eq!(
        register_ids(&report),
        ["c10", "c11", "c15", "c4", "c5", "c6"]
    );
    assert_eq!(report["filter"]["view"], "Diabetes area");
    let exposure: Vec<&str> = report["exposure"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["need"].as_str().unwrap())
        .collect();
    assert_eq!(exposure, ["c2"]);
    let pas = report["register"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "c5")
        .unwrap();
    assert_eq!(
        pas["areas"],
        serde_json::json!(["Stroke", "Diabetes", "Cancer"])
    );
    // Scores stay the estate's: PAS is under all three needs.
    assert_eq!(pas["dependent_user_needs"].as_array().unwrap().len(), 3);
}

#[test]
fn at_risk_report_keeps_the_at_risk_systems_and_their_dependants() {
    let report = json_report(&["--at-risk"]);
    // Every system of the worked at-risk view (its needs are not register rows).
    assert_eq!(
        register_ids(&report),
        ["c11", "c12", "c13", "c4", "c5", "c6", "c7", "c8", "c9"]
    );
}

#[test]
fn csv_report_has_an_areas_column() {
    let estate = estate();
    let output = run(&[
        "report",
        estate.to_str().unwrap(),
        "--format",
        "csv",
        "--area",
        "Stroke",
    ]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let csv = text(&output.stdout);
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let headers = reader.headers().unwrap().clone();
    let areas = headers.iter().position(|h| h == "Areas").unwrap();
    let name = headers.iter().position(|h| h == "Component").unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let vms = rows
        .iter()
        .find(|r| &r[name] == "Windows Server 2012 VMs")
        .unwrap();
    assert_eq!(&vms[areas], "Stroke; Diabetes; Cancer");
    assert!(rows.iter().all(|r| &r[name] != "Retinal screening system"));
}

#[test]
fn markdown_report_of_an_estate_has_an_areas_column() {
    let estate = estate();
    let output = run(&["report", estate.to_str().unwrap()]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let md = text(&output.stdout);
    let header = md.lines().find(|l| l.starts_with("| Rank |")).unwrap();
    assert!(header.ends_with(" Areas |"), "{header}");
    let vms = md
        .lines()
        .find(|l| l.contains("Windows Server 2012 VMs ("))
        .unwrap();
    assert!(vms.ends_with(" Stroke, Diabetes, Cancer |"), "{vms}");
}

/// A 400-component estate over five areas, with two of its areas collapsed into
/// groups, exported to PNG: written under target/ to be looked at.
#[test]
fn a_several_hundred_system_estate_exports_to_png() {
    let mut map = generate(400, 11);
    let areas = ["Stroke", "Diabetes", "Cancer", "Maternity", "Renal"];
    assign_areas(&mut map, &areas);
    // Systems on one area only, per area; those shared by several; those on none.
    let with = |keep: &dyn Fn(&[String]) -> bool| {
        map.components
            .iter()
            .filter(|c| c.kind != estate_map::model::Kind::UserNeed && keep(&c.areas))
            .map(|c| c.id.clone())
            .collect::<Vec<_>>()
    };
    let mut groups: Vec<Group> = areas
        .iter()
        .map(|&a| Group::new(format!("{a} only"), with(&|on| on == [a]), true))
        .collect();
    groups.push(Group::new("Shared", with(&|on| on.len() > 1), true));
    groups.push(Group::new("On no area", with(&|on| on.is_empty()), true));
    map.groups = groups;
    let options = ExportOptions {
        size: Size::Paper(estate_map::export::Paper::A4),
        ..ExportOptions::board_pack()
    };
    let png = export(&map, Format::Png, &options).unwrap();
    let image = resvg::tiny_skia::Pixmap::decode_png(&png).unwrap();
    assert!(image.width() >= 3000, "{}", image.width());
    let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("estate-400.png");
    std::fs::write(&out, &png).unwrap();
    let json = Path::new(env!("CARGO_TARGET_TMPDIR")).join("estate-400.json");
    save_file(&map, &json).unwrap();
}
