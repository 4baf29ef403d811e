//! Asset register import (issue 13.3): the messy fixture in CSV and XLSX read to
//! hand-worked values, problems by row and column, the shelf, `--into`, exit codes.

use estate_map::interop::register::{self, Mapping};
use estate_map::model::{Component, Map, SourceRef, from_json_bytes, validate};
use estate_map::scene::{self, SceneOptions};
use proptest::prelude::*;
use std::path::{Path, PathBuf};
use std::process::Command;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/registers")
        .join(name)
}

fn import_file(name: &str, sheet: Option<&str>) -> register::Imported {
    let path = fixture(name);
    let bytes = std::fs::read(&path).unwrap();
    let table = register::read_table(&path, &bytes, sheet).unwrap();
    let mapping = Mapping::detect(&table.headers);
    register::import(&table, &mapping, name)
}

fn by_name<'a>(map: &'a Map, name: &str) -> &'a Component {
    map.find_by_name(name)
        .unwrap_or_else(|| panic!("no {name}"))
}

fn json(c: &Component) -> serde_json::Value {
    let mut v = serde_json::to_value(c).unwrap();
    let o = v.as_object_mut().unwrap();
    for k in ["id", "visibility", "evolution", "sources", "kind"] {
        o.remove(k);
    }
    v
}

#[test]
fn the_messy_register_reads_the_same_from_csv_and_xlsx() {
    for file in ["messy.csv", "messy.xlsx"] {
        let imported = import_file(file, None);
        let map = &imported.map;
        assert_eq!(map.components.len(), 8, "{file}");
        assert!(validate(map).is_empty(), "{file}: {:?}", validate(map));
        // "Live", 31/03/2027 (CSV) or a date cell (XLSX), 31-Mar-2026, "£1,250,000",
        // "On-prem"; the unknown Version column kept in the description.
        assert_eq!(
            json(by_name(map, "Electronic Patient Record")),
            serde_json::json!({
                "name": "Electronic Patient Record", "status": "supported",
                "supplier": "Cerner", "owner": "Chief Clinical Information Officer",
                "end_of_support": "2027-03-31", "contract_end": "2026-03-31",
                "annual_cost_gbp": 1250000.0, "hosting": "on_premises",
                "description": "Trust-wide EPR\nVersion: 2018.07",
            }),
            "{file}"
        );
        // "EOL", ISO date, "31 March 2025", "£85,000.00", "Third party".
        let pas = by_name(map, "PAS");
        assert_eq!(serde_json::to_value(pas.status).unwrap(), "unsupported");
        assert_eq!(pas.end_of_support.unwrap().to_string(), "2023-06-30");
        assert_eq!(pas.contract_end.unwrap().to_string(), "2025-03-31");
        assert_eq!(pas.annual_cost_gbp, Some(85_000.0));
        // Excel serials 45747 and 46112 are 2025-03-31 and a year later.
        let pacs = by_name(map, "PACS");
        assert_eq!(pacs.end_of_support.unwrap().to_string(), "2025-03-31");
        assert_eq!(pacs.contract_end.unwrap().to_string(), "2026-03-31");
        assert_eq!(serde_json::to_value(pacs.hosting).unwrap(), "cloud");
        // The bad date is reported and kept; "£1.2k" is 1200; SaaS is cloud.
        let lims = by_name(map, "Lab system (LIMS)");
        assert_eq!(
            serde_json::to_value(lims.status).unwrap(),
            "extended_support"
        );
        assert_eq!(lims.end_of_support, None);
        assert_eq!(
            lims.description.as_deref(),
            Some("Version: 8.1\nUnread End of Support: 31/13/2025")
        );
        assert_eq!(lims.annual_cost_gbp, Some(1200.0));
        let shadow = by_name(map, "Theatre spreadsheet");
        assert_eq!(serde_json::to_value(shadow.status).unwrap(), "shadow_it");
        assert_eq!(serde_json::to_value(shadow.hosting).unwrap(), "on_premises");
        let vms = by_name(map, "Windows Server 2012 VMs");
        assert_eq!(vms.end_of_support.unwrap().to_string(), "2023-10-10");
        assert_eq!(vms.annual_cost_gbp, Some(12_500.0));
        // A row without a name is kept as "Row 8"; a blank status is unknown.
        assert_eq!(by_name(map, "Row 8").supplier.as_deref(), Some("Acme"));
        let orders = by_name(map, "Order comms");
        assert_eq!(serde_json::to_value(orders.status).unwrap(), "unknown");
        assert_eq!(orders.annual_cost_gbp, Some(3000.0));
        assert_eq!(
            pas.sources,
            [SourceRef {
                source: file.into(),
                id: "PAS".into()
            }]
        );

        let problems: Vec<String> = imported.problems.iter().map(|p| p.to_string()).collect();
        assert_eq!(
            problems,
            [
                "row 5, column \u{201C}End of Support\u{201D}: \u{201C}31/13/2025\u{201D} is not a date: write it as 31/03/2027 or 2027-03-31",
                "row 8, column \u{201C}Application Name\u{201D}: the name is blank: imported as \u{201C}Row 8\u{201D}",
            ],
            "{file}"
        );
    }
}

#[test]
fn imported_systems_sit_apart_on_a_labelled_shelf() {
    let imported = import_file("messy.csv", None);
    let map = &imported.map;
    assert_eq!(map.notes.len(), 1);
    assert_eq!(map.notes[0].text, register::SHELF_NOTE);
    let scene = scene::build(map, &SceneOptions::default());
    let markers: Vec<_> = scene
        .components
        .iter()
        .map(|c| scene.shapes[c.shapes.start].bounds())
        .collect();
    assert_eq!(markers.len(), 8);
    for (i, a) in markers.iter().enumerate() {
        for b in &markers[i + 1..] {
            assert!(!a.intersects(b), "{a:?} overlaps {b:?}");
        }
    }
    let texts: Vec<_> = scene
        .shapes
        .iter()
        .filter_map(|s| match s {
            scene::Shape::Text(t) => Some(t),
            _ => None,
        })
        .filter(|t| scene::MAP_AREA.contains(t.anchor))
        .collect();
    for (i, a) in texts.iter().enumerate() {
        for b in &texts[i + 1..] {
            let (ra, rb) = (a.bounds().expand(-0.5), b.bounds().expand(-0.5));
            assert!(!ra.intersects(&rb), "{:?} overlaps {:?}", a.text, b.text);
        }
    }
    // The lower left: left of the middle, below a third of the value chain.
    for c in &map.components {
        assert!(c.evolution < 0.5 && c.visibility < 0.3, "{}", c.describe());
    }
}

#[test]
fn a_named_sheet_is_read_instead_of_the_first() {
    let imported = import_file("messy.xlsx", Some("retired"));
    assert_eq!(imported.map.components.len(), 1);
    let old = by_name(&imported.map, "Old PAS");
    assert_eq!(serde_json::to_value(old.status).unwrap(), "unsupported");
    let path = fixture("messy.xlsx");
    let e = register::read_table(&path, &std::fs::read(&path).unwrap(), Some("Nope")).unwrap_err();
    assert!(e.contains("Register, Retired"), "{e}");
}

#[test]
fn merging_into_an_estate_updates_by_source_then_by_name() {
    let mut estate = Map::new("Estate");
    let epr = estate.allocate_component_id();
    let mut c = Component::new(epr.clone(), "EPR", 0.6, 0.5);
    c.sources.push(SourceRef {
        source: "messy.csv".into(),
        id: "Electronic Patient Record".into(),
    });
    c.description = Some("Our note".into());
    estate.components.push(c);
    let pas = estate.allocate_component_id();
    estate
        .components
        .push(Component::new(pas.clone(), "  p.a.s ", 0.4, 0.7));
    let imported = import_file("messy.csv", None);
    let changes = register::merge_into(&mut estate, &imported);
    assert_eq!(estate.components.len(), 2 + 6, "two updated, six added");
    let lines: Vec<String> = changes.iter().map(|c| c.to_string()).collect();
    assert!(
        lines[0].starts_with("updated: EPR (c1): supplier, status, end_of_support"),
        "{lines:?}"
    );
    assert!(lines[1].starts_with("updated:   p.a.s  (c2)"), "{lines:?}");
    assert_eq!(lines.iter().filter(|l| l.starts_with("added")).count(), 6);
    let epr = estate.component(&epr).unwrap();
    assert_eq!(
        (epr.visibility, epr.evolution),
        (0.6, 0.5),
        "placed ones stay put"
    );
    assert_eq!(
        epr.description.as_deref(),
        Some("Our note\nTrust-wide EPR\nVersion: 2018.07")
    );
    assert_eq!(estate.component(&pas).unwrap().sources.len(), 1);
    // The same register again changes nothing and adds nothing.
    let before = estate.clone();
    let again = register::merge_into(&mut estate, &imported);
    assert_eq!(estate.components, before.components);
    assert!(
        again.iter().all(|c| c.to_string().starts_with("unchanged")),
        "{again:?}"
    );
    assert!(validate(&estate).is_empty());
}

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_estate-map"))
}

fn run(args: &[&std::ffi::OsStr]) -> (Option<i32>, String, String) {
    let out = bin().arg("import").args(args).output().unwrap();
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    (out.status.code(), text(&out.stdout), text(&out.stderr))
}

#[test]
fn command_line_exit_codes_and_into_without_duplicates() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.json");
    let os = |p: &Path| p.as_os_str().to_owned();

    let clean = dir.path().join("clean.csv");
    std::fs::write(&clean, "System,State,Cost\nEPR,Live,\"\u{a3}1,000\"\n").unwrap();
    let (code, stdout, stderr) = run(&[&os(&clean), "-o".as_ref(), &os(&out)]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stdout.contains("name=System, status=State"), "{stdout}");
    let map = from_json_bytes(&std::fs::read(&out).unwrap()).unwrap();
    assert_eq!(map.components[0].annual_cost_gbp, Some(1000.0));

    let (code, _, stderr) = run(&[&os(&fixture("messy.xlsx")), "-o".as_ref(), &os(&out)]);
    assert_eq!(code, Some(1));
    assert!(
        stderr.contains("row 5, column \u{201C}End of Support\u{201D}"),
        "{stderr}"
    );

    let garbage = dir.path().join("garbage.xlsx");
    std::fs::write(&garbage, b"PK\x03\x04 not really").unwrap();
    let (code, _, stderr) = run(&[&os(&garbage), "-o".as_ref(), &os(&out)]);
    assert_eq!(code, Some(2));
    assert!(stderr.contains("garbage.xlsx"), "{stderr}");
    let nameless = dir.path().join("nameless.csv");
    std::fs::write(&nameless, "Colour;Size\nred;3\n").unwrap();
    let (code, _, stderr) = run(&[&os(&nameless), "-o".as_ref(), &os(&out)]);
    assert_eq!(code, Some(2));
    assert!(stderr.contains("--columns name="), "{stderr}");
    let (code, _, _) = run(&[
        &os(&nameless),
        "-o".as_ref(),
        &os(&out),
        "--columns".as_ref(),
        "name=Colour".as_ref(),
    ]);
    assert_eq!(code, Some(0));

    // --into: the estate is read, never written; the result goes to -o, and importing
    // the register into that result again adds nothing.
    let estate = dir.path().join("estate.json");
    let mut map = Map::new("Estate");
    let id = map.allocate_component_id();
    map.components
        .push(Component::new(id, "Electronic patient record", 0.7, 0.4));
    let estate_bytes = estate_map::model::to_json_bytes(&map);
    std::fs::write(&estate, &estate_bytes).unwrap();
    let first = dir.path().join("first.json");
    let (code, stdout, _) = run(&[
        &os(&fixture("messy.csv")),
        "--into".as_ref(),
        &os(&estate),
        "-o".as_ref(),
        &os(&first),
    ]);
    assert_eq!(code, Some(1));
    assert!(
        stdout.contains("updated: Electronic patient record (c1)"),
        "{stdout}"
    );
    assert_eq!(std::fs::read(&estate).unwrap(), estate_bytes);
    let first_map = from_json_bytes(&std::fs::read(&first).unwrap()).unwrap();
    assert_eq!(first_map.components.len(), 8);
    let second = dir.path().join("second.json");
    let (code, stdout, _) = run(&[
        &os(&fixture("messy.csv")),
        "--into".as_ref(),
        &os(&first),
        "-o".as_ref(),
        &os(&second),
    ]);
    assert_eq!(code, Some(1));
    assert!(!stdout.contains("added"), "{stdout}");
    let second_map = from_json_bytes(&std::fs::read(&second).unwrap()).unwrap();
    assert_eq!(second_map.components, first_map.components);
    assert_eq!(second_map.notes.len(), 1);
}

#[test]
fn into_lists_near_matches_and_exits_1_for_review() {
    let dir = tempfile::tempdir().unwrap();
    let estate = dir.path().join("estate.json");
    let mut map = Map::new("Estate");
    let id = map.allocate_component_id();
    map.components.push(Component::new(id, "EPR", 0.6, 0.5));
    std::fs::write(&estate, estate_map::model::to_json_bytes(&map)).unwrap();
    let register = dir.path().join("r.csv");
    std::fs::write(&register, "System\nElectronic patient record (EPR)\n").unwrap();
    let out = dir.path().join("out.json");
    let os = |p: &Path| p.as_os_str().to_owned();
    let (code, stdout, stderr) = run(&[
        &os(&register),
        "--into".as_ref(),
        &os(&estate),
        "-o".as_ref(),
        &os(&out),
    ]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stdout.contains("added: Electronic patient record (EPR) (c2), possible match for EPR (c1)"),
        "{stdout}"
    );
    assert!(
        stderr.contains("row 2, column \u{201C}System\u{201D}: \u{201C}Electronic patient record (EPR)\u{201D} was added"),
        "{stderr}"
    );
    let merged = from_json_bytes(&std::fs::read(&out).unwrap()).unwrap();
    assert_eq!(merged.components.len(), 2, "added, not merged");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn any_bytes_as_csv_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        if let Ok(table) = register::read_csv(&bytes) {
            let imported = register::import(&table, &Mapping::detect(&table.headers), "x.csv");
            prop_assert!(validate(&imported.map).is_empty());
        }
    }

    #[test]
    fn any_bytes_as_a_workbook_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        let _ = register::read_workbook(&bytes, None);
    }

    #[test]
    fn a_damaged_xlsx_never_panics(flips in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8)) {
        let mut bytes = std::fs::read(fixture("messy.xlsx")).unwrap();
        for (at, byte) in flips {
            let i = at.index(bytes.len());
            bytes[i] = byte;
        }
        if let Ok(table) = register::read_workbook(&bytes, None) {
            let imported = register::import(&table, &Mapping::detect(&table.headers), "x.xlsx");
            prop_assert!(validate(&imported.map).is_empty());
        }
    }
}
