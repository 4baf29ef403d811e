//! The three hand-built area maps in `tests/fixtures/areas`, whose outcome was worked
//! out on paper: stroke, diabetes and cancer share "Windows Server 2012 VMs" (spelt
//! two ways), stroke and diabetes share the EPR ("EPR", "epr") with a status and an
//! end-of-support conflict, cancer calls it "Electronic patient record (EPR)" (a near
//! match) and calls PACS by its full name (a catalogue alias).

use super::review::{read_decisions, review_csv};
use super::*;
use crate::model::{Hosting, from_json_bytes, validate};

fn area(name: &str) -> (String, Map) {
    let bytes = match name {
        "stroke" => include_str!("../../../tests/fixtures/areas/stroke.json"),
        "diabetes" => include_str!("../../../tests/fixtures/areas/diabetes.json"),
        "cancer" => include_str!("../../../tests/fixtures/areas/cancer.json"),
        _ => include_str!("../../../tests/fixtures/areas/stroke_updated.json"),
    };
    let map = from_json_bytes(bytes.as_bytes()).unwrap();
    (map.title.clone(), map)
}

fn three() -> Vec<(String, Map)> {
    vec![area("stroke"), area("diabetes"), area("cancer")]
}

fn named<'a>(map: &'a Map, name: &str) -> Vec<&'a Component> {
    map.components.iter().filter(|c| c.name == name).collect()
}

fn one<'a>(map: &'a Map, name: &str) -> &'a Component {
    let found = named(map, name);
    assert_eq!(found.len(), 1, "'{name}' should be on the estate once");
    found[0]
}

#[test]
fn exact_names_merge_and_near_matches_are_only_proposed() {
    let out = merge_areas(None, &three(), &Decisions::default());
    assert!(validate(&out.map).is_empty(), "{:?}", validate(&out.map));
    // 6 + 4 new from diabetes (EPR and the VMs merge) + 5 from cancer (the VMs merge).
    assert_eq!(out.map.components.len(), 15);
    let vms = one(&out.map, "Windows Server 2012 VMs");
    assert_eq!(vms.areas, ["Stroke", "Diabetes", "Cancer"]);
    let sources: Vec<_> = vms
        .sources
        .iter()
        .map(|s| (s.source.as_str(), s.id.as_str()))
        .collect();
    assert_eq!(
        sources,
        [("Stroke", "c4"), ("Diabetes", "c4"), ("Cancer", "c4")]
    );
    assert_eq!(vms.hosting, Some(Hosting::OnPremises));
    let epr = one(&out.map, "EPR");
    assert_eq!(epr.areas, ["Stroke", "Diabetes"]);
    assert!(named(&out.map, "epr").is_empty());
    // The long name stays a component of its own until someone accepts the match.
    assert_eq!(
        one(&out.map, "Electronic patient record (EPR)").areas,
        ["Cancer"]
    );
    // Links: 6 + 5 (EPR -> VMs is already there) + 6.
    assert_eq!(out.map.links.len(), 17);
    assert_eq!(out.map.notes.len(), 1);

    let pairs: Vec<_> = out
        .near_matches
        .iter()
        .map(|m| (m.a.name.as_str(), m.b.name.as_str(), m.decision))
        .collect();
    assert_eq!(
        pairs,
        [
            ("EPR", "Electronic patient record (EPR)", None),
            ("PACS", "Picture archiving and communication system", None)
        ]
    );
    assert_eq!(out.near_matches[0].a.area, "Stroke");
    assert_eq!(out.near_matches[0].b.area, "Cancer");
}

#[test]
fn conflicts_keep_the_most_cautious_status_and_the_earliest_date() {
    let out = merge_areas(None, &three(), &Decisions::default());
    let epr = one(&out.map, "EPR");
    assert_eq!(epr.status, SupportStatus::ExtendedSupport);
    assert_eq!(epr.end_of_support.unwrap().to_string(), "2027-06-30");
    assert_eq!(
        epr.annual_cost_gbp,
        Some(1_200_000.0),
        "filled from the one area that has it"
    );
    let fields: Vec<_> = out
        .conflicts
        .iter()
        .map(|c| (c.component.as_str(), c.field.as_str(), c.chosen.as_str()))
        .collect();
    assert_eq!(
        fields,
        [
            ("EPR", "status", "Extended support"),
            ("EPR", "end_of_support", "2027-06-30")
        ]
    );
    let status = &out.conflicts[0];
    assert_eq!(
        status.values,
        [
            ("Stroke".to_string(), "Supported".to_string()),
            ("Diabetes".to_string(), "Extended support".to_string())
        ]
    );
    assert!(status.rule.contains("cautious"));
    assert_eq!(out.undecided(), 4);
}

#[test]
fn an_accepted_match_merges_and_a_rejected_one_stays_apart() {
    let mut decisions = Decisions::default();
    decisions.decide(
        Side::new("Stroke", "EPR"),
        Side::new("Cancer", "Electronic patient record (EPR)"),
        Decision::Accept,
    );
    decisions.decide(
        Side::new("Cancer", "Picture archiving and communication system"),
        Side::new("Stroke", "PACS"),
        Decision::Reject,
    );
    let out = merge_areas(None, &three(), &decisions);
    assert!(validate(&out.map).is_empty());
    assert_eq!(out.map.components.len(), 14);
    let epr = one(&out.map, "EPR");
    assert_eq!(epr.areas, ["Stroke", "Diabetes", "Cancer"]);
    assert!(named(&out.map, "Electronic patient record (EPR)").is_empty());
    // Cancer's EPR -> VMs is now the same link as stroke's.
    assert_eq!(out.map.links.len(), 16);
    assert_eq!(named(&out.map, "PACS")[0].areas, ["Stroke"]);
    let decided: Vec<_> = out.near_matches.iter().map(|m| m.decision).collect();
    assert_eq!(decided, [Some(Decision::Accept), Some(Decision::Reject)]);
    let status = out.conflicts.iter().find(|c| c.field == "status").unwrap();
    assert_eq!(status.values.len(), 3);
    assert_eq!(status.chosen, "Extended support");
}

#[test]
fn merging_an_updated_area_again_updates_in_place() {
    let first = merge_areas(None, &three(), &Decisions::default());
    let again = merge_areas(
        Some(&first.map),
        &[area("stroke_updated")],
        &Decisions::default(),
    );
    let map = &again.map;
    assert!(validate(map).is_empty());
    // The audit spreadsheet (stroke's alone) leaves, telemetry joins: still 15.
    assert_eq!(map.components.len(), 15);
    assert!(named(map, "Stroke audit spreadsheet").is_empty());
    assert_eq!(one(map, "Stroke telemetry").areas, ["Stroke"]);
    assert_eq!(one(map, "EPR").areas, ["Stroke", "Diabetes"]);
    assert_eq!(one(map, "EPR").id, one(&first.map, "EPR").id);
    // The VMs are no longer on the stroke map, but the other two still use them.
    let vms = one(map, "Windows Server 2012 VMs");
    assert_eq!(vms.areas, ["Diabetes", "Cancer"]);
    assert!(vms.sources.iter().all(|s| s.source != "Stroke"));
    // PACS is stroke's alone, so stroke's new status replaces the old one.
    assert_eq!(one(map, "PACS").status, SupportStatus::ExtendedSupport);
    let report = again.report.join("\n");
    assert!(
        report.contains("'Stroke audit spreadsheet' is no longer on Stroke"),
        "{report}"
    );
    assert!(
        report.contains(
            "'Windows Server 2012 VMs' is no longer on Stroke; kept for Diabetes, Cancer"
        )
    );
    assert_eq!(map.notes.len(), 1);
    // The spreadsheet's link went with it; telemetry's came. Links are not tracked
    // per area, so the ones stroke dropped between kept components stay.
    let epr = &one(map, "EPR").id;
    let vms = &one(map, "Windows Server 2012 VMs").id;
    assert!(map.has_link(epr, vms), "diabetes still has EPR -> VMs");
    assert_eq!(map.links.len(), 17 - 1 + 1);
}

#[test]
fn merging_the_same_area_twice_changes_nothing() {
    let once = merge_areas(None, &three(), &Decisions::default());
    let twice = merge_areas(Some(&once.map), &three(), &Decisions::default());
    assert_eq!(twice.map.components, once.map.components);
    assert_eq!(twice.map.links, once.map.links);
    assert_eq!(twice.map.notes, once.map.notes);
}

#[test]
fn the_review_file_round_trips_decisions_and_reports_bad_rows() {
    let out = merge_areas(None, &three(), &Decisions::default());
    let csv = review_csv(&out);
    let mut lines: Vec<String> = csv.lines().map(String::from).collect();
    assert_eq!(
        lines[0],
        "kind,a_area,a_name,b_area,b_name,score,reason,field,values,chosen,decision"
    );
    assert_eq!(lines.len(), 1 + 2 + 2);
    assert!(
        lines[3].starts_with("conflict,Stroke; Diabetes,EPR,,,,"),
        "{}",
        lines[3]
    );
    lines[1].push_str("accept");
    lines[2].push_str("reject");
    lines[3].push_str("unsupported");
    let decisions = read_decisions(&lines.join("\n")).unwrap();
    assert_eq!(decisions.matches.len(), 2);
    let out = merge_areas(None, &three(), &decisions);
    assert_eq!(out.map.components.len(), 14);
    assert_eq!(one(&out.map, "EPR").status, SupportStatus::Unsupported);
    assert_eq!(
        out.undecided(),
        1,
        "only the end-of-support conflict is left"
    );
    assert!(out.problems.is_empty());

    let bad = "kind,a_area,a_name,b_area,b_name,decision\nmatch,Stroke,EPR,Cancer,X,maybe\nmatch,,EPR,Cancer,X,accept\nconflict,,EPR,,,accept\n";
    let errors = read_decisions(bad).unwrap_err();
    assert_eq!(errors.len(), 3, "{errors:?}");
    assert!(errors[0].starts_with("row 2: decision \u{201C}maybe\u{201D}"));
    assert!(errors[1].starts_with("row 3:"));
    assert!(errors[2].starts_with("row 4: a conflict needs a_name and field"));
    assert!(read_decisions("name,score\n").unwrap_err()[0].starts_with("row 1:"));
}

#[test]
fn a_value_that_cannot_be_read_is_a_problem_with_its_row() {
    let decisions = Decisions {
        matches: Vec::new(),
        values: vec![ValueDecision {
            component: "EPR".into(),
            field: "end_of_support".into(),
            value: Some("soon".into()),
            row: 7,
        }],
    };
    let out = merge_areas(None, &three(), &decisions);
    assert_eq!(out.problems.len(), 1);
    assert!(
        out.problems[0].starts_with("row 7: 'EPR' field 'end_of_support'"),
        "{}",
        out.problems[0]
    );
}

#[test]
fn decisions_are_remembered_in_the_estate_and_used_when_merging_again() {
    let mut decisions = Decisions::default();
    decisions.decide(
        Side::new("Stroke", "EPR"),
        Side::new("Cancer", "Electronic patient record (EPR)"),
        Decision::Accept,
    );
    decisions.decide(
        Side::new("Cancer", "Picture archiving and communication system"),
        Side::new("Stroke", "PACS"),
        Decision::Reject,
    );
    let first = merge_areas(None, &three(), &decisions);
    // Through the file and back, as next month's merge reads it.
    let saved = from_json_bytes(&crate::model::to_json_bytes(&first.map)).unwrap();
    let kept = &saved.extra[remembered::KEY];
    assert_eq!(kept.as_array().unwrap().len(), 2);
    assert_eq!(kept[1]["a_area"], "Cancer");
    assert_eq!(kept[1]["b_name"], "PACS");
    assert_eq!(kept[1]["decision"], "reject");
    assert_eq!(remembered::remembered(&saved), decisions);

    // Next month, no decisions given: the EPR stays one, PACS stays apart and is not
    // proposed again, and nothing waits for review.
    let again = merge_areas(Some(&saved), &three(), &Decisions::default());
    assert_eq!(again.map.components.len(), 14);
    assert_eq!(
        one(&again.map, "EPR").areas,
        ["Stroke", "Diabetes", "Cancer"]
    );
    assert_eq!(named(&again.map, "PACS")[0].areas, ["Stroke"]);
    assert!(
        again
            .near_matches
            .iter()
            .all(|m| m.decision == Some(Decision::Accept)),
        "{:?}",
        again.near_matches
    );
    let report = again.report.join("\n");
    assert!(
        report.contains("1 near match(es) rejected at an earlier merge not proposed again"),
        "{report}"
    );
    assert_eq!(remembered::remembered(&again.map), decisions);

    // A decision given now overrides the remembered one: the pair is proposed again,
    // decided, and the new decision is remembered. (Two components the estate already
    // holds apart are not joined by a later accept: merge_areas matches them by source.)
    let mut change = Decisions::default();
    change.decide(
        Side::new("Stroke", "PACS"),
        Side::new("Cancer", "Picture archiving and communication system"),
        Decision::Accept,
    );
    let changed = merge_areas(Some(&saved), &three(), &change);
    let pacs = changed
        .near_matches
        .iter()
        .find(|m| m.reason.contains("PACS"));
    assert_eq!(pacs.unwrap().decision, Some(Decision::Accept));
    assert_eq!(
        remembered::remembered(&changed.map).on(
            &Side::new("Stroke", "PACS"),
            &Side::new("Cancer", "Picture archiving and communication system")
        ),
        Some(Decision::Accept)
    );
}

#[test]
fn a_settled_conflict_stays_settled_while_the_areas_disagree_as_before() {
    // Stroke says the EPR is supported, diabetes extended support; the reviewer knows
    // stroke is right.
    let decisions = Decisions {
        matches: Vec::new(),
        values: vec![ValueDecision {
            component: "EPR".into(),
            field: "status".into(),
            value: Some("Supported".into()),
            row: 0,
        }],
    };
    let first = merge_areas(None, &three(), &decisions);
    assert_eq!(one(&first.map, "EPR").status, SupportStatus::Supported);
    let saved = from_json_bytes(&crate::model::to_json_bytes(&first.map)).unwrap();
    assert_eq!(remembered::settled(&saved).len(), 1);

    // Next month, nothing said: the same disagreement keeps the reviewer's value.
    let again = merge_areas(Some(&saved), &three(), &Decisions::default());
    let status = again
        .conflicts
        .iter()
        .find(|c| c.field == "status")
        .unwrap();
    assert!(status.decided, "{status:?}");
    assert_eq!(status.chosen, "Supported");
    assert!(status.rule.contains("earlier merge"), "{}", status.rule);
    assert_eq!(one(&again.map, "EPR").status, SupportStatus::Supported);
    let left: Vec<_> = again.conflicts.iter().filter(|c| !c.decided).collect();
    assert_eq!(left.len(), 1, "only the end-of-support conflict: {left:?}");

    // Diabetes now says unsupported: a new disagreement, so the cautious rule again
    // and a person asked.
    let mut areas = three();
    let diabetes = &mut areas[1].1;
    let epr = diabetes
        .components
        .iter_mut()
        .find(|c| c.name.eq_ignore_ascii_case("epr"))
        .unwrap();
    epr.status = SupportStatus::Unsupported;
    let changed = merge_areas(Some(&saved), &areas, &Decisions::default());
    let status = changed
        .conflicts
        .iter()
        .find(|c| c.field == "status")
        .unwrap();
    assert!(!status.decided, "{status:?}");
    assert_eq!(one(&changed.map, "EPR").status, SupportStatus::Unsupported);
}
