//! `estate-map merge` end to end on the hand-built area maps in `tests/fixtures/areas`
//! (outcomes worked out in `src/edit/estate/tests.rs`), and properties of merging.

use estate_map::edit::estate::{Decisions, merge_areas};
use estate_map::model::{Component, ComponentId, Link, Map, SupportStatus, load_file, validate};
use proptest::prelude::*;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use tempfile::TempDir;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("tests/fixtures/areas/{name}.json"))
}

fn merge(args: &[&std::ffi::OsStr]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_estate-map"))
        .arg("merge")
        .args(args)
        .output()
        .unwrap()
}

fn os<P: AsRef<std::ffi::OsStr> + ?Sized>(p: &P) -> &std::ffi::OsStr {
    p.as_ref()
}

#[test]
fn merge_prints_what_to_review_writes_it_and_applies_the_decisions() {
    let dir = TempDir::new().unwrap();
    let (estate, review) = (
        dir.path().join("estate.json"),
        dir.path().join("review.csv"),
    );
    let areas = ["stroke", "diabetes", "cancer"].map(fixture);
    let mut args: Vec<&std::ffi::OsStr> = areas.iter().map(os).collect();
    args.extend([os("-o"), os(&estate), os("--review"), os(&review)]);
    let out = merge(&args);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains("Estate: 15 components, 17 links"),
        "{stdout}"
    );
    assert!(stdout.contains("EPR (Stroke)"));
    assert!(stdout.contains("Electronic patient record (EPR) (Cancer)"));
    assert!(stdout.contains("Stroke: Supported; Diabetes: Extended support"));
    assert_eq!(load_file(&estate).unwrap().components.len(), 15);

    // The reviewer accepts the EPR, rejects PACS and keeps both conflicts' choices.
    let text = std::fs::read_to_string(&review).unwrap();
    let decided: Vec<String> = text
        .lines()
        .enumerate()
        .map(|(i, line)| match i {
            0 => line.to_string(),
            1 if line.contains(",EPR,") => format!("{line}accept"),
            _ if line.starts_with("match") => format!("{line}reject"),
            _ => format!("{line}accept"),
        })
        .collect();
    std::fs::write(&review, decided.join("\n")).unwrap();
    let mut args: Vec<&std::ffi::OsStr> = areas.iter().map(os).collect();
    args.extend([os("-o"), os(&estate), os("--decisions"), os(&review)]);
    let out = merge(&args);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let map = load_file(&estate).unwrap();
    assert_eq!(map.components.len(), 14);
    let epr = map.find_by_name("EPR").unwrap();
    assert_eq!(epr.areas, ["Stroke", "Diabetes", "Cancer"]);
    assert_eq!(epr.status, SupportStatus::ExtendedSupport);

    // Next month's stroke map, merged into that estate: updated, not duplicated.
    let out = merge(&[
        os(&fixture("stroke_updated")),
        os("--into"),
        os(&estate),
        os("-o"),
        os(&estate),
        os("--decisions"),
        os(&review),
    ]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("no longer on Stroke"), "{stdout}");
    let map = load_file(&estate).unwrap();
    assert_eq!(map.components.len(), 14);
    assert_eq!(map.components.iter().filter(|c| c.name == "EPR").count(), 1);

    // The decisions are remembered in the estate: merging the three again without the
    // review file keeps the EPR one and does not propose the rejected PACS pair.
    let remembered = map.extra["merge_decisions"].as_array().unwrap();
    let kind = |k: &str| {
        remembered
            .iter()
            .filter(|e| e.get("kind").and_then(|v| v.as_str()) == Some(k))
            .count()
    };
    assert_eq!(remembered.len() - kind("conflict"), 2, "{remembered:?}");
    // The conflicts the review file settled are remembered with the values then.
    assert!(kind("conflict") >= 1, "{remembered:?}");
    let next = dir.path().join("next.json");
    let mut args: Vec<&std::ffi::OsStr> = areas.iter().map(os).collect();
    args.extend([os("--into"), os(&estate), os("-o"), os(&next)]);
    let out = merge(&args);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("1 near match(es) rejected at an earlier merge not proposed again"),
        "{stdout}"
    );
    assert!(!stdout.contains("Picture archiving"), "{stdout}");
    let next = load_file(&next).unwrap();
    assert_eq!(
        next.components.iter().filter(|c| c.name == "EPR").count(),
        1
    );
    // The match decisions are kept as they were. (The conflicts settled for the updated
    // stroke map differ from the three areas' now, so those wait for a person again.)
    let matches = |m: &estate_map::model::Map| -> Vec<serde_json::Value> {
        m.extra["merge_decisions"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e.get("decision").is_some())
            .cloned()
            .collect()
    };
    assert_eq!(matches(&next), matches(&map));
}

#[test]
fn bad_input_exits_2_and_names_the_row() {
    let dir = TempDir::new().unwrap();
    let estate = dir.path().join("estate.json");
    let decisions = dir.path().join("decisions.csv");
    std::fs::write(
        &decisions,
        "kind,a_area,a_name,b_area,b_name,decision\nmatch,Stroke,EPR,Cancer,EPR long,perhaps\n",
    )
    .unwrap();
    let stroke = fixture("stroke");
    let out = merge(&[
        os(&stroke),
        os("-o"),
        os(&estate),
        os("--decisions"),
        os(&decisions),
    ]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("decisions.csv: row 2: decision \u{201C}perhaps\u{201D}"),
        "{stderr}"
    );
    assert!(!estate.exists(), "nothing is written for bad input");

    let out = merge(&[os(&stroke), os(&stroke), os("-o"), os(&estate)]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("two area maps are titled 'Stroke'"));

    let out = merge(&[os(&dir.path().join("missing.json")), os("-o"), os(&estate)]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn one_area_alone_merges_cleanly() {
    let dir = TempDir::new().unwrap();
    let estate = dir.path().join("estate.json");
    let out = merge(&[os(&fixture("stroke")), os("-o"), os(&estate)]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let map = load_file(&estate).unwrap();
    assert!(map.components.iter().all(|c| c.areas == ["Stroke"]));
}

const NAMES: [&str; 10] = [
    "EPR",
    "epr",
    "Electronic patient record (EPR)",
    "PACS",
    "Windows Server 2012 VMs",
    "Windows Server 2016 VMs",
    "Lab system",
    "Lab systems",
    "Stroke audit spreadsheet",
    "Patient",
];

fn area() -> impl Strategy<Value = Map> {
    (
        proptest::collection::vec(
            (0..NAMES.len(), 0..5usize, 0.0..=1.0f64, 0.0..=1.0f64),
            0..8,
        ),
        proptest::collection::vec((any::<usize>(), any::<usize>()), 0..10),
        proptest::collection::vec(proptest::option::of(2024..2030i32), 8),
    )
        .prop_map(|(components, links, years)| {
            let mut map = Map::new("area");
            for (i, (name, status, v, e)) in components.into_iter().enumerate() {
                let id = map.allocate_component_id();
                let mut c =
                    Component::new(id, NAMES[name], v, e).with_status(SupportStatus::ALL[status]);
                c.end_of_support = years[i].and_then(|y| chrono::NaiveDate::from_ymd_opt(y, 3, 31));
                if i % 3 == 0 {
                    c.evolve = Some(estate_map::model::Evolve {
                        replaced_by: Some(ComponentId::new("c1")),
                        ..Default::default()
                    });
                }
                map.components.push(c);
            }
            let n = map.components.len();
            for (a, b) in links {
                if n < 2 {
                    break;
                }
                let (from, to) = (
                    map.components[a % n].id.clone(),
                    map.components[b % n].id.clone(),
                );
                if from != to && !map.has_link(&from, &to) {
                    map.links.push(Link::new(from, to));
                }
            }
            map.components
                .retain(|c| c.evolve.as_ref().and_then(|e| e.replaced_by.as_ref()) != Some(&c.id));
            map
        })
        .prop_filter("valid area maps", |m| validate(m).is_empty())
}

/// A component's fields, without the ids and origins merging gives it.
fn substance(c: &Component) -> Component {
    let mut c = c.clone();
    c.id = ComponentId::new("");
    c.areas.clear();
    c.sources.clear();
    c.evolve = None;
    c
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn merging_a_map_into_an_estate_of_itself_changes_nothing(map in area()) {
        let areas = [("Stroke".to_string(), map.clone())];
        let once = merge_areas(None, &areas, &Decisions::default());
        prop_assert!(validate(&once.map).is_empty(), "{:?}", validate(&once.map));
        // One area alone: every component stays, with its fields and its links.
        prop_assert_eq!(once.map.components.len(), map.components.len());
        for (c, e) in map.components.iter().zip(&once.map.components) {
            prop_assert_eq!(substance(c), substance(e));
            prop_assert_eq!(&e.sources[0].id, c.id.as_str());
        }
        prop_assert_eq!(once.map.links.len(), map.links.len());
        prop_assert!(once.conflicts.is_empty());
        let twice = merge_areas(Some(&once.map), &areas, &Decisions::default());
        prop_assert_eq!(&twice.map.components, &once.map.components);
        prop_assert_eq!(&twice.map.links, &once.map.links);
    }

    #[test]
    fn any_areas_merge_into_a_valid_estate(a in area(), b in area(), c in area()) {
        let areas = [("A".to_string(), a), ("B".to_string(), b), ("C".to_string(), c)];
        let out = merge_areas(None, &areas, &Decisions::default());
        prop_assert!(validate(&out.map).is_empty(), "{:?}", validate(&out.map));
        for comp in &out.map.components {
            prop_assert!(!comp.areas.is_empty());
            prop_assert_eq!(comp.areas.len(), comp.sources.iter().map(|s| &s.source).collect::<std::collections::BTreeSet<_>>().len());
        }
        // Merging the same areas again is a fixed point.
        let again = merge_areas(Some(&out.map), &areas, &Decisions::default());
        prop_assert_eq!(&again.map.components, &out.map.components);
        prop_assert_eq!(again.map.links.len(), out.map.links.len());
    }
}
