//! Versions of a map: diff of two versions and three-way merge of two people's edits,
//! against hand-worked answers, plus properties over generated maps and edits.

use estate_map::edit::diff::{apply, diff};
use estate_map::edit::merge3::merge;
use estate_map::edit::progress::{headline, markdown};
use estate_map::model::generate::generate;
use estate_map::model::{
    Component, ComponentId, ConflictKind, Evolve, Kind, Link, Map, SupportStatus, from_json_bytes,
    to_json_bytes, validate,
};
use proptest::prelude::*;
use serde_json::json;
use std::path::Path;
use std::process::Command;

fn id(s: &str) -> ComponentId {
    ComponentId::new(s)
}

/// Patient -> EPR -> Server, Patient -> Fax; EPR unsupported and planned to be replaced
/// by Cloud EPR.
fn base() -> Map {
    let mut map = Map::new("Ward");
    let specs = [
        (
            "c1",
            "Patient",
            Kind::UserNeed,
            SupportStatus::Unknown,
            0.95,
        ),
        ("c2", "EPR", Kind::System, SupportStatus::Unsupported, 0.6),
        (
            "c3",
            "Server",
            Kind::System,
            SupportStatus::ExtendedSupport,
            0.2,
        ),
        ("c4", "Fax", Kind::System, SupportStatus::Unsupported, 0.5),
        (
            "c5",
            "Cloud EPR",
            Kind::System,
            SupportStatus::Supported,
            0.6,
        ),
    ];
    for (i, name, kind, status, v) in specs {
        map.components.push(
            Component::new(id(i), name, v, 0.5)
                .with_kind(kind)
                .with_status(status),
        );
    }
    map.component_mut(&id("c2")).unwrap().evolve = Some(Evolve {
        replaced_by: Some(id("c5")),
        ..Evolve::default()
    });
    for (a, b) in [("c1", "c2"), ("c2", "c3"), ("c1", "c4")] {
        map.links.push(Link::new(id(a), id(b)));
    }
    map.bump_next_id();
    map
}

fn remove(map: &mut Map, which: &str) {
    map.components.retain(|c| c.id.as_str() != which);
    map.links
        .retain(|l| l.from.as_str() != which && l.to.as_str() != which);
}

#[test]
fn identical_maps_have_no_differences() {
    let d = diff(&base(), &base());
    assert!(d.is_empty());
    assert!(d.added.is_empty() && d.removed.is_empty() && d.changed.is_empty());
    assert_eq!(
        headline(&d),
        format!("Since {}: no changes", base().modified.format("%-d %B %Y"))
    );
}

#[test]
fn a_rename_and_a_move_are_changes_not_removal_plus_addition() {
    let old = base();
    let mut new = base();
    let epr = new.component_mut(&id("c2")).unwrap();
    epr.name = "Electronic patient record".into();
    epr.evolution = 0.7;
    let d = diff(&old, &new);
    assert!(d.added.is_empty() && d.removed.is_empty());
    assert_eq!(d.changed.len(), 1);
    let change = &d.changed[0];
    assert_eq!(
        (change.id.as_str(), change.name.as_str()),
        ("c2", "Electronic patient record")
    );
    let fields: Vec<(&str, serde_json::Value, serde_json::Value)> = change
        .fields
        .iter()
        .map(|f| (f.field.as_str(), f.old.clone(), f.new.clone()))
        .collect();
    assert_eq!(
        fields,
        vec![
            ("evolution", json!(0.5), json!(0.7)),
            ("name", json!("EPR"), json!("Electronic patient record")),
        ]
    );
    assert_eq!(d.summary.moved, vec!["c2".to_string()]);
}

#[test]
fn a_replaced_system_removed_with_its_links() {
    let old = base();
    let mut new = base();
    remove(&mut new, "c2");
    new.links.push(Link::new(id("c1"), id("c5")));
    new.component_mut(&id("c4")).unwrap().status = SupportStatus::Supported;
    let d = diff(&old, &new);
    assert_eq!(d.removed.len(), 1);
    assert_eq!(d.removed[0].name, "EPR");
    let gone: Vec<(&str, &str)> = d
        .links_removed
        .iter()
        .map(|l| (l.from.as_str(), l.to.as_str()))
        .collect();
    assert_eq!(gone, vec![("c1", "c2"), ("c2", "c3")]);
    let added: Vec<(&str, &str)> = d
        .links_added
        .iter()
        .map(|l| (l.from.as_str(), l.to.as_str()))
        .collect();
    assert_eq!(added, vec![("c1", "c5")]);
    let s = &d.summary;
    assert_eq!(s.retired.len(), 1);
    assert_eq!(s.retired[0].replaced_by.as_deref(), Some("Cloud EPR"));
    // Unsupported were EPR and Fax (2); now neither (0). Supported: Cloud EPR, then Fax too.
    assert_eq!(s.status_before["unsupported"], 2);
    assert_eq!(s.status_after["unsupported"], 0);
    assert_eq!(s.status_after["supported"], 2);
    assert_eq!(s.status_changes.len(), 1);
    assert_eq!(
        headline(&d),
        format!(
            "Since {}: 1 system retired, 1 moved to supported, unsupported 2 -> 0",
            old.modified.format("%-d %B %Y")
        )
    );
    let md = markdown(&d);
    assert!(md.contains("- EPR (replaced by Cloud EPR)"), "{md}");
    assert!(md.contains("- Patient -> Cloud EPR"), "{md}");
    assert!(md.contains("- Fax: Unsupported -> Supported"), "{md}");
}

#[test]
fn notes_links_labels_and_map_fields_are_compared() {
    let old = base();
    let mut new = base();
    new.title = "Ward round".into();
    new.links[0].label = Some("HL7 feed".into());
    let note = new.allocate_note_id();
    new.notes.push(estate_map::model::Note {
        id: note,
        text: "Fax to be switched off".into(),
        visibility: 0.5,
        evolution: 0.1,
        extra: Default::default(),
    });
    let d = diff(&old, &new);
    assert_eq!(d.links_changed.len(), 1);
    assert_eq!(d.links_changed[0].fields[0].field, "label");
    assert_eq!(d.notes_added.len(), 1);
    assert!(d.map_changed.iter().any(|f| f.field == "title"));
    assert_eq!(apply(&old, &d).unwrap(), new);
}

#[test]
fn merge_combines_edits_of_different_components_and_fields() {
    let b = base();
    let mut ours = base();
    ours.component_mut(&id("c3")).unwrap().status = SupportStatus::Supported;
    ours.component_mut(&id("c2")).unwrap().supplier = Some("Acme".into());
    let mut theirs = base();
    theirs.component_mut(&id("c2")).unwrap().owner = Some("CNIO".into());
    theirs.component_mut(&id("c4")).unwrap().name = "Fax gateway".into();
    let out = merge(&b, &ours, &theirs).unwrap();
    assert!(out.is_clean(), "{:?}", out.conflicts);
    let m = &out.map;
    assert_eq!(
        m.component(&id("c3")).unwrap().status,
        SupportStatus::Supported
    );
    assert_eq!(
        m.component(&id("c2")).unwrap().supplier.as_deref(),
        Some("Acme")
    );
    assert_eq!(
        m.component(&id("c2")).unwrap().owner.as_deref(),
        Some("CNIO")
    );
    assert_eq!(m.component(&id("c4")).unwrap().name, "Fax gateway");
    assert!(m.merge_conflicts.is_empty());
}

#[test]
fn both_sides_adding_the_same_new_id_keeps_both_and_renumbers_theirs() {
    let b = base();
    let mut ours = base();
    let c = ours.allocate_component_id(); // c6
    ours.components
        .push(Component::new(c.clone(), "PACS", 0.4, 0.6));
    ours.links.push(Link::new(id("c2"), c.clone()));
    let mut theirs = base();
    let t = theirs.allocate_component_id(); // also c6
    assert_eq!(c, t);
    theirs
        .components
        .push(Component::new(t.clone(), "LIMS", 0.4, 0.3));
    theirs.links.push(Link::new(id("c2"), t.clone()));
    let out = merge(&b, &ours, &theirs).unwrap();
    assert!(out.is_clean());
    assert_eq!(out.renumbered, vec![("c6".to_string(), "c7".to_string())]);
    let m = &out.map;
    assert_eq!(m.component(&id("c6")).unwrap().name, "PACS");
    assert_eq!(m.component(&id("c7")).unwrap().name, "LIMS");
    assert!(m.has_link(&id("c2"), &id("c6")) && m.has_link(&id("c2"), &id("c7")));
    assert!(validate(m).is_empty());
    // The next id handed out is above both.
    let mut m = m.clone();
    assert_eq!(m.allocate_component_id().as_str(), "c8");
}

#[test]
fn removal_versus_edit_is_a_conflict_and_the_result_is_valid() {
    let b = base();
    let mut ours = base();
    remove(&mut ours, "c4");
    let mut theirs = base();
    theirs.component_mut(&id("c4")).unwrap().status = SupportStatus::Supported;
    let out = merge(&b, &ours, &theirs).unwrap();
    assert_eq!(out.conflicts.len(), 1);
    let c = &out.conflicts[0];
    assert_eq!(
        (c.kind, c.id.as_str(), c.name.as_str()),
        (ConflictKind::Component, "c4", "Fax")
    );
    assert!(c.field.is_none() && c.ours.is_null());
    assert_eq!(c.theirs["status"], json!("supported"));
    assert!(
        out.map.component(&id("c4")).is_none(),
        "ours (removed) is kept"
    );
    assert_eq!(out.map.merge_conflicts, out.conflicts);
    // The file written round-trips and passes check.
    let reread = from_json_bytes(&to_json_bytes(&out.map)).unwrap();
    assert_eq!(reread.merge_conflicts.len(), 1);
}

#[test]
fn both_changing_one_status_differently_keeps_ours_and_records_both() {
    let b = base();
    let mut ours = base();
    ours.component_mut(&id("c2")).unwrap().status = SupportStatus::ExtendedSupport;
    let mut theirs = base();
    theirs.component_mut(&id("c2")).unwrap().status = SupportStatus::Supported;
    theirs.component_mut(&id("c3")).unwrap().name = "VM host".into();
    let out = merge(&b, &ours, &theirs).unwrap();
    assert_eq!(out.conflicts.len(), 1);
    let c = &out.conflicts[0];
    assert_eq!(c.field.as_deref(), Some("status"));
    assert_eq!(
        (c.base.clone(), c.ours.clone(), c.theirs.clone()),
        (
            json!("unsupported"),
            json!("extended_support"),
            json!("supported")
        )
    );
    let m = &out.map;
    assert_eq!(
        m.component(&id("c2")).unwrap().status,
        SupportStatus::ExtendedSupport
    );
    assert_eq!(
        m.component(&id("c3")).unwrap().name,
        "VM host",
        "the clean edit still lands"
    );
}

#[test]
fn a_link_to_a_component_the_other_side_removed_becomes_a_conflict() {
    let b = base();
    let mut ours = base();
    remove(&mut ours, "c3");
    let mut theirs = base();
    theirs.links.push(Link::new(id("c4"), id("c3")));
    let out = merge(&b, &ours, &theirs).unwrap();
    assert!(out.map.component(&id("c3")).is_none());
    assert!(!out.map.has_link(&id("c4"), &id("c3")));
    assert_eq!(out.conflicts.len(), 1);
    assert_eq!(out.conflicts[0].kind, ConflictKind::Link);
    assert_eq!(out.conflicts[0].id, "c4->c3");
    assert!(validate(&out.map).is_empty());
}

#[test]
fn one_persons_likelihood_and_anothers_consequence_combine() {
    use estate_map::model::{ClinicalRisk, Consequence, Likelihood};
    let b = base();
    let mut ours = base();
    ours.component_mut(&id("c2")).unwrap().clinical_risk = Some(ClinicalRisk {
        likelihood: Some(Likelihood::High),
        consequence: None,
    });
    let mut both = b.clone();
    both.component_mut(&id("c2")).unwrap().clinical_risk = Some(ClinicalRisk::default());
    let mut theirs = both.clone();
    theirs.component_mut(&id("c2")).unwrap().clinical_risk = Some(ClinicalRisk {
        likelihood: None,
        consequence: Some(Consequence::Major),
    });
    let out = merge(&both, &ours, &theirs).unwrap();
    assert!(out.is_clean(), "{:?}", out.conflicts);
    let risk = out.map.component(&id("c2")).unwrap().clinical_risk.unwrap();
    assert_eq!(risk.likelihood, Some(Likelihood::High));
    assert_eq!(risk.consequence, Some(Consequence::Major));
}

/// A random sequence of edits of the kinds people make.
#[derive(Clone, Debug)]
enum Edit {
    Rename(usize),
    Status(usize, usize),
    Move(usize, f64),
    Remove(usize),
    Add(f64, f64),
    Link(usize, usize),
}

fn edits() -> impl Strategy<Value = Vec<Edit>> {
    let edit = prop_oneof![
        any::<usize>().prop_map(Edit::Rename),
        (any::<usize>(), 0..5usize).prop_map(|(i, s)| Edit::Status(i, s)),
        (any::<usize>(), 0.0..=1.0f64).prop_map(|(i, e)| Edit::Move(i, e)),
        any::<usize>().prop_map(Edit::Remove),
        (0.0..=1.0f64, 0.0..=1.0f64).prop_map(|(v, e)| Edit::Add(v, e)),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Edit::Link(a, b)),
    ];
    proptest::collection::vec(edit, 0..8)
}

fn edited(map: &Map, edits: &[Edit], tag: &str) -> Map {
    let mut map = map.clone();
    for (n, edit) in edits.iter().enumerate() {
        let len = map.components.len();
        if len == 0 {
            break;
        }
        match *edit {
            Edit::Rename(i) => map.components[i % len].name = format!("{tag} renamed {n}"),
            Edit::Status(i, s) => map.components[i % len].status = SupportStatus::ALL[s],
            Edit::Move(i, e) => map.components[i % len].evolution = e,
            Edit::Remove(i) => {
                let gone = map.components[i % len].id.clone();
                remove(&mut map, gone.as_str());
                for c in &mut map.components {
                    if c.evolve.as_ref().and_then(|e| e.replaced_by.as_ref()) == Some(&gone) {
                        c.evolve = None;
                    }
                }
            }
            Edit::Add(v, e) => {
                let id = map.allocate_component_id();
                map.components
                    .push(Component::new(id, format!("{tag} new {n}"), v, e));
            }
            Edit::Link(a, b) => {
                let (from, to) = (
                    map.components[a % len].id.clone(),
                    map.components[b % len].id.clone(),
                );
                if from != to && !map.has_link(&from, &to) {
                    map.links.push(Link::new(from, to));
                }
            }
        }
    }
    map
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn diff_of_a_map_with_itself_is_empty(seed in 0u64..1000, n in 0usize..30) {
        let map = generate(n, seed);
        prop_assert!(diff(&map, &map).is_empty());
    }

    #[test]
    fn applying_the_diff_gives_the_new_map(seed in 0u64..1000, n in 1usize..25, e in edits()) {
        let old = generate(n, seed);
        let new = edited(&old, &e, "b");
        let d = diff(&old, &new);
        let mut got = apply(&old, &d).unwrap();
        let mut want = new.clone();
        // New components come after the kept ones; order aside, the maps are equal.
        got.components.sort_by(|a, b| a.id.cmp(&b.id));
        want.components.sort_by(|a, b| a.id.cmp(&b.id));
        got.links.sort_by(|a, b| (&a.from, &a.to).cmp(&(&b.from, &b.to)));
        want.links.sort_by(|a, b| (&a.from, &a.to).cmp(&(&b.from, &b.to)));
        prop_assert_eq!(got, want);
    }

    #[test]
    fn merging_always_gives_a_valid_map(seed in 0u64..1000, n in 1usize..25, a in edits(), b in edits()) {
        let base = generate(n, seed);
        let ours = edited(&base, &a, "ours");
        let theirs = edited(&base, &b, "theirs");
        let out = merge(&base, &ours, &theirs).unwrap();
        prop_assert!(validate(&out.map).is_empty());
        prop_assert!(from_json_bytes(&to_json_bytes(&out.map)).is_ok());
        // Every component ours added and theirs added survives.
        for side in [&ours, &theirs] {
            for c in side.components.iter().filter(|c| base.component(&c.id).is_none()) {
                prop_assert!(out.map.components.iter().any(|m| m.name == c.name));
            }
        }
    }

    #[test]
    fn merge_of_b_with_a_on_both_sides_is_a(seed in 0u64..1000, n in 1usize..25, e in edits()) {
        let b = generate(n, seed);
        let a = edited(&b, &e, "a");
        let out = merge(&b, &a, &a).unwrap();
        prop_assert!(out.is_clean());
        prop_assert_eq!(out.map, a);
    }

    #[test]
    fn one_sided_edits_merge_cleanly_to_that_side(seed in 0u64..1000, n in 1usize..25, e in edits()) {
        let base = generate(n, seed);
        let theirs = edited(&base, &e, "t");
        let out = merge(&base, &base, &theirs).unwrap();
        prop_assert!(out.is_clean());
        prop_assert!(diff(&out.map, &theirs).is_empty());
    }
}

fn estate_map(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_estate-map"))
        .args(args)
        .output()
        .expect("runs")
}

fn write(dir: &Path, name: &str, map: &Map) -> String {
    let path = dir.join(name);
    std::fs::write(&path, to_json_bytes(map)).unwrap();
    path.to_str().unwrap().to_string()
}

#[test]
fn cli_diff_exit_codes_and_json_keys() {
    let dir = tempfile::tempdir().unwrap();
    let old = write(dir.path(), "old.json", &base());
    let mut next = base();
    remove(&mut next, "c4");
    next.component_mut(&id("c2")).unwrap().name = "EPR v2".into();
    let new = write(dir.path(), "new.json", &next);
    let same = estate_map(&["diff", &old, &old]);
    assert_eq!(same.status.code(), Some(0));
    let out = estate_map(&["diff", &old, &new, "--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    for key in [
        "added",
        "removed",
        "changed",
        "links_added",
        "links_removed",
        "summary",
    ] {
        assert!(v.get(key).is_some(), "missing {key}");
    }
    assert_eq!(v["removed"][0]["id"], "c4");
    assert_eq!(v["removed"][0]["name"], "Fax");
    assert_eq!(v["changed"][0]["name"], "EPR v2");
    assert_eq!(v["changed"][0]["fields"][0]["old"], "EPR");
    assert_eq!(
        v["links_removed"][0],
        json!({"from": "c1", "to": "c4", "from_name": "Patient", "to_name": "Fax"})
    );
    let missing = dir.path().join("missing.json");
    let bad = estate_map(&["diff", &old, missing.to_str().unwrap()]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("missing.json"));
    let args = estate_map(&["diff", &old]);
    assert_eq!(args.status.code(), Some(2));
}

#[test]
fn cli_diff_writes_progress_reports() {
    let dir = tempfile::tempdir().unwrap();
    let old = write(dir.path(), "old.json", &base());
    let mut next = base();
    remove(&mut next, "c2");
    let new = write(dir.path(), "new.json", &next);
    let md = dir.path().join("progress.md");
    let out = estate_map(&["diff", &old, &new, "-o", md.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let text = std::fs::read_to_string(&md).unwrap();
    assert!(text.contains("1 system retired"), "{text}");
    let svg = dir.path().join("progress.svg");
    estate_map(&["diff", &old, &new, "-o", svg.to_str().unwrap()]);
    let svg = std::fs::read_to_string(&svg).unwrap();
    assert!(svg.contains("removed (ghost)") && svg.contains("1 system retired"));
    let png = dir.path().join("progress.png");
    estate_map(&["diff", &old, &new, "-o", png.to_str().unwrap()]);
    assert!(std::fs::read(&png).unwrap().starts_with(b"\x89PNG"));
    let bad = estate_map(&[
        "diff",
        &old,
        &new,
        "-o",
        dir.path().join("x.doc").to_str().unwrap(),
    ]);
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn cli_merge_driver_writes_into_ours() {
    let dir = tempfile::tempdir().unwrap();
    let b = write(dir.path(), "base.json", &base());
    let mut o = base();
    o.component_mut(&id("c3")).unwrap().status = SupportStatus::Supported;
    let mut t = base();
    t.component_mut(&id("c4")).unwrap().status = SupportStatus::Supported;
    let ours = write(dir.path(), "ours.json", &o);
    let theirs = write(dir.path(), "theirs.json", &t);
    let clean = estate_map(&["merge-driver", &b, &ours, &theirs]);
    assert_eq!(
        clean.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&clean.stderr)
    );
    let merged = from_json_bytes(&std::fs::read(&ours).unwrap()).unwrap();
    assert_eq!(
        merged.component(&id("c3")).unwrap().status,
        SupportStatus::Supported
    );
    assert_eq!(
        merged.component(&id("c4")).unwrap().status,
        SupportStatus::Supported
    );
    // Now theirs changes c3 differently: a conflict, recorded in the file.
    let mut t2 = base();
    t2.component_mut(&id("c3")).unwrap().status = SupportStatus::Unsupported;
    let ours = write(dir.path(), "ours.json", &o);
    let theirs = write(dir.path(), "theirs.json", &t2);
    let out = estate_map(&["merge-driver", &b, &ours, &theirs]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(
            "conflict: component 'Server' (c3): status: ours supported, theirs unsupported"
        ),
        "{err}"
    );
    let merged = from_json_bytes(&std::fs::read(&ours).unwrap()).unwrap();
    assert_eq!(merged.merge_conflicts.len(), 1);
    assert_eq!(estate_map(&["check", &ours]).status.code(), Some(0));
    // An unreadable side leaves ours untouched.
    let before = std::fs::read(&ours).unwrap();
    let missing = dir.path().join("nope.json");
    let out = estate_map(&["merge-driver", &b, &ours, missing.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(std::fs::read(&ours).unwrap(), before);
}

#[test]
fn the_diff_says_how_the_risk_register_moved() {
    let mut old = base();
    old.component_mut(&id("c1"))
        .unwrap()
        .outage_cost_gbp_per_day = Some(10_000.0);
    let mut new = old.clone();
    remove(&mut new, "c2");
    new.component_mut(&id("c4")).unwrap().status = SupportStatus::Supported;
    let d = diff(&old, &new);
    let row = |name: &str| {
        d.summary
            .register
            .iter()
            .find(|r| r.name == name)
            .unwrap_or_else(|| panic!("{name} not in {:?}", d.summary.register))
            .clone()
    };
    // EPR is gone from the register; it was on it.
    let epr = row("EPR");
    assert!(epr.old_rank.is_some() && epr.new_rank.is_none());
    // The fax gateway, now supported, fails less often: its loss and score fall.
    let fax = row("Fax");
    assert!(fax.new_expected_loss_gbp.unwrap() < fax.old_expected_loss_gbp.unwrap());
    assert!(fax.new_score.unwrap() < fax.old_score.unwrap());
    let (before, after) = (
        d.summary.estate_loss_before.unwrap(),
        d.summary.estate_loss_after.unwrap(),
    );
    assert!(after.median < before.median);
    let md = markdown(&d);
    assert!(md.contains("## Risk register"), "{md}");
    assert!(
        md.contains("| EPR | 1 -> - |") || md.contains("| EPR | 2 -> - |"),
        "{md}"
    );
    // Nothing changed, nothing moved in the register.
    assert!(diff(&old, &old).summary.register.is_empty());
}

#[test]
fn the_progress_report_rows_only_systems_whose_risk_changed() {
    let old = base();
    let mut new = old.clone();
    // Only the fax gateway's risk changes; whoever it passes moves up a place.
    new.component_mut(&id("c4")).unwrap().status = SupportStatus::Supported;
    let d = diff(&old, &new);
    let (changed, shifted): (Vec<_>, Vec<_>) = d
        .summary
        .register
        .iter()
        .partition(|r| r.old_score != r.new_score);
    assert_eq!(
        changed.iter().map(|r| r.name.as_str()).collect::<Vec<_>>(),
        ["Fax"]
    );
    assert!(!shifted.is_empty(), "the fax passed someone: {d:?}");
    let md = markdown(&d);
    assert!(md.contains("| Fax |"), "{md}");
    for r in &shifted {
        assert_eq!(r.old_score, r.new_score);
        assert!(!md.contains(&format!("| {} |", r.name)), "{md}");
    }
    let line = if shifted.len() == 1 {
        "1 other system changed place only, as others above it moved.".to_string()
    } else {
        format!(
            "{} other systems changed place only, as others above them moved.",
            shifted.len()
        )
    };
    assert!(md.contains(&line), "{md}");
}
