//! Black-box checks of the dependency and clinical-risk analysis on small maps written
//! for this file. Every expected figure was worked out by hand from docs/analysis.md
//! (and the DCB0160 matrix in shared/domain.md), never copied from the program.
//!
//! Today is 2026-03-15 unless a case says otherwise, so "6 months ahead" is 2026-09-15
//! and "12 months ahead" is 2027-03-15. Default weights: clinical 2, support 2,
//! dependants 1, expiry 1. Support severity: supported 0, extended 1, unknown 2,
//! unsupported / shadow IT 3. Urgency: passed 3, within 6 months 2, within 12 months 1.

use chrono::NaiveDate;
use estate_map::analysis::{
    Analysis, CheckKind, ClinicalRating, ComponentFacts, DateCategory, HeatLevel, RegisterFilter,
    RiskRegister,
};
use estate_map::model::{ComponentId, Map, SupportStatus, from_json_bytes};
use std::path::PathBuf;
use std::process::{Command, Output};

// ---- the maps ----

/// n1 -> a, n1 -> b, a -> c, b -> c, c -> d, n2 -> b: two routes from n1 to c.
/// d is listed before c so that map order and rank order differ.
const DIAMOND: &str = r#"{"format":"estate-map","version":1,"title":"Diamond",
 "components":[
  {"id":"n1","name":"Stroke patient","kind":"user_need","visibility":0.95,"evolution":0.5,"status":"supported"},
  {"id":"n2","name":"Outpatient","kind":"user_need","visibility":0.95,"evolution":0.8,"status":"supported"},
  {"id":"a","name":"Booking","visibility":0.8,"evolution":0.4,"status":"supported","clinical_risk":{"likelihood":"high","consequence":"major"}},
  {"id":"b","name":"Results viewer","visibility":0.75,"evolution":0.6,"status":"supported"},
  {"id":"d","name":"Database server","visibility":0.2,"evolution":0.8},
  {"id":"c","name":"PAS","visibility":0.5,"evolution":0.5,"status":"unsupported","end_of_support":"2025-12-31","annual_cost_gbp":12000,"supplier":"Old Systems plc","clinical_risk":{"likelihood":"medium","consequence":"considerable"}}
 ],
 "links":[{"from":"n1","to":"a"},{"from":"n1","to":"b"},{"from":"a","to":"c"},{"from":"b","to":"c"},{"from":"c","to":"d"},{"from":"n2","to":"b"}]}"#;

/// Weights clinical 1, support 3, dependants 2, expiry 0.5. n1 -> x, a cycle
/// x -> y -> z -> x, x -> u with u drawn above x; i is an island; n2 depends on nothing.
const CYCLE: &str = r#"{"format":"estate-map","version":1,"title":"Cycle island upward",
 "settings":{"score_weights":{"clinical":1,"support":3,"dependants":2,"expiry":0.5}},
 "components":[
  {"id":"n1","name":"Diabetes patient","kind":"user_need","visibility":0.95,"evolution":0.5,"status":"supported"},
  {"id":"n2","name":"Lonely need","kind":"user_need","visibility":0.95,"evolution":0.8,"status":"supported"},
  {"id":"x","name":"Clinic app","visibility":0.7,"evolution":0.4,"status":"supported","end_of_support":"2026-03-15","clinical_risk":{"likelihood":"high"}},
  {"id":"y","name":"Messaging","visibility":0.5,"evolution":0.3,"status":"shadow_it","clinical_risk":{"likelihood":"very_high","consequence":"catastrophic"}},
  {"id":"z","name":"Integration engine","visibility":0.4,"evolution":0.6,"status":"extended_support","end_of_support":"2027-03-15","contract_end":"2028-01-01","clinical_risk":{"likelihood":"low","consequence":"minor"}},
  {"id":"i","name":"Island spreadsheet","visibility":0.3,"evolution":0.1,"status":"shadow_it","end_of_support":"2026-03-14","clinical_risk":{"consequence":"major"}},
  {"id":"u","name":"Upward thing","visibility":0.85,"evolution":0.7,"status":"supported","contract_end":"2026-09-15"}
 ],
 "links":[{"from":"n1","to":"x"},{"from":"x","to":"y"},{"from":"y","to":"z"},{"from":"z","to":"x"},{"from":"x","to":"u"}]}"#;

/// A custom matrix (rows very high .. very low, columns minor .. catastrophic) and five
/// systems tied on score 9. n -> p -> q -> r; n -> l; n2 -> zz, k, ap, l.
const TIES: &str = r#"{"format":"estate-map","version":1,"title":"Custom matrix and ties",
 "settings":{"risk_matrix":{"very_high":[5,5,5,5,5],"high":[4,4,4,4,5],"medium":[1,2,3,4,5],"low":[1,1,1,1,1],"very_low":[2,2,2,2,2]}},
 "components":[
  {"id":"n","name":"ED patient","kind":"user_need","visibility":0.95,"evolution":0.5,"status":"supported"},
  {"id":"n2","name":"Ward patient","kind":"user_need","visibility":0.95,"evolution":0.8,"status":"supported"},
  {"id":"p","name":"Portal","visibility":0.8,"evolution":0.5,"status":"supported","clinical_risk":{"likelihood":"medium","consequence":"major"}},
  {"id":"q","name":"Middleware","visibility":0.6,"evolution":0.5,"status":"supported","clinical_risk":{"likelihood":"very_low","consequence":"catastrophic"}},
  {"id":"r","name":"Old server","visibility":0.3,"evolution":0.8,"status":"unknown","clinical_risk":{"likelihood":"low","consequence":"catastrophic"}},
  {"id":"k","name":"Kiosk","visibility":0.7,"evolution":0.2,"status":"unsupported","clinical_risk":{"likelihood":"medium","consequence":"minor"}},
  {"id":"ap","name":"Apex","visibility":0.7,"evolution":0.3,"status":"supported","end_of_support":"2026-06-01","clinical_risk":{"likelihood":"medium","consequence":"considerable"}},
  {"id":"l","name":"Lab link","visibility":0.7,"evolution":0.6,"status":"supported","end_of_support":"2028-01-01","contract_end":"2027-01-01","clinical_risk":{"likelihood":"medium","consequence":"considerable"}},
  {"id":"zz","name":"Zeta scanner","visibility":0.7,"evolution":0.9,"status":"supported","clinical_risk":{"likelihood":"high","consequence":"minor"}}
 ],
 "links":[{"from":"n","to":"p"},{"from":"p","to":"q"},{"from":"q","to":"r"},{"from":"n2","to":"zz"},{"from":"n2","to":"k"},{"from":"n2","to":"ap"},{"from":"n","to":"l"},{"from":"n2","to":"l"}]}"#;

/// Weights clinical 0, support 0, dependants 0, expiry 5: score = 5 x urgency.
const DATES: &str = r#"{"format":"estate-map","version":1,"title":"Date edges",
 "settings":{"score_weights":{"clinical":0,"support":0,"dependants":0,"expiry":5}},
 "components":[
  {"id":"n","name":"Patient","kind":"user_need","visibility":0.95,"evolution":0.5,"status":"supported"},
  {"id":"d1","name":"Today ends","visibility":0.5,"evolution":0.1,"status":"supported","end_of_support":"2026-03-15"},
  {"id":"d2","name":"Yesterday","visibility":0.5,"evolution":0.2,"status":"supported","end_of_support":"2026-03-14"},
  {"id":"d3","name":"Twelve months","visibility":0.5,"evolution":0.3,"status":"supported","end_of_support":"2027-03-15"},
  {"id":"d4","name":"Twelve months and a day","visibility":0.5,"evolution":0.4,"status":"supported","end_of_support":"2027-03-16"},
  {"id":"d5","name":"Six months","visibility":0.5,"evolution":0.5,"status":"supported","end_of_support":"2026-09-15"},
  {"id":"d6","name":"Six months and a day","visibility":0.5,"evolution":0.6,"status":"supported","end_of_support":"2026-09-16"},
  {"id":"d7","name":"Contract first","visibility":0.5,"evolution":0.7,"status":"supported","end_of_support":"2030-01-01","contract_end":"2026-03-14"},
  {"id":"d8","name":"No date","visibility":0.5,"evolution":0.8,"status":"supported"},
  {"id":"d9","name":"Support first","visibility":0.5,"evolution":0.9,"status":"supported","end_of_support":"2026-04-01","contract_end":"2029-01-01"}
 ],
 "links":[{"from":"n","to":"d1"},{"from":"n","to":"d2"},{"from":"n","to":"d3"},{"from":"n","to":"d4"},{"from":"n","to":"d5"},{"from":"n","to":"d6"},{"from":"n","to":"d7"},{"from":"n","to":"d8"},{"from":"n","to":"d9"}]}"#;

/// Weights clinical 0, support 0, dependants 1.5, expiry 0: score = 1.5 x user needs.
/// kN is depended on by needs n1..nN; k0 has no links.
const HEAT: &str = r#"{"format":"estate-map","version":1,"title":"Heat fifths",
 "settings":{"score_weights":{"clinical":0,"support":0,"dependants":1.5,"expiry":0}},
 "components":[
  {"id":"n1","name":"Need 1","kind":"user_need","visibility":0.95,"evolution":0.1,"status":"supported"},
  {"id":"n2","name":"Need 2","kind":"user_need","visibility":0.95,"evolution":0.3,"status":"supported"},
  {"id":"n3","name":"Need 3","kind":"user_need","visibility":0.95,"evolution":0.5,"status":"supported"},
  {"id":"n4","name":"Need 4","kind":"user_need","visibility":0.95,"evolution":0.7,"status":"supported"},
  {"id":"n5","name":"Need 5","kind":"user_need","visibility":0.95,"evolution":0.9,"status":"supported"},
  {"id":"k1","name":"K1","visibility":0.5,"evolution":0.1,"status":"supported","clinical_risk":{"likelihood":"very_high"}},
  {"id":"k2","name":"K2","visibility":0.5,"evolution":0.3,"status":"supported","clinical_risk":{"consequence":"catastrophic"}},
  {"id":"k3","name":"K3","visibility":0.5,"evolution":0.5,"status":"supported","clinical_risk":{}},
  {"id":"k4","name":"K4","visibility":0.5,"evolution":0.7,"status":"supported","clinical_risk":{"likelihood":"very_low","consequence":"minor"}},
  {"id":"k5","name":"K5","visibility":0.5,"evolution":0.9,"status":"supported"},
  {"id":"k0","name":"K0","visibility":0.2,"evolution":0.5,"status":"supported"}
 ],
 "links":[{"from":"n1","to":"k1"},{"from":"n1","to":"k2"},{"from":"n2","to":"k2"},
  {"from":"n1","to":"k3"},{"from":"n2","to":"k3"},{"from":"n3","to":"k3"},
  {"from":"n1","to":"k4"},{"from":"n2","to":"k4"},{"from":"n3","to":"k4"},{"from":"n4","to":"k4"},
  {"from":"n1","to":"k5"},{"from":"n2","to":"k5"},{"from":"n3","to":"k5"},{"from":"n4","to":"k5"},{"from":"n5","to":"k5"}]}"#;

/// A user need resting on another user need (left at the default status, unknown), and
/// four systems tied on score 8 with 2 needs: Beta rated 3, Gamma rated 2 (+2 expiry),
/// Alpha and Delta not assessed (counted as 3).
const EDGES: &str = r#"{"format":"estate-map","version":1,"title":"Edges",
 "components":[
  {"id":"top","name":"Top need","kind":"user_need","visibility":0.97,"evolution":0.5,"status":"supported"},
  {"id":"mid","name":"Mid need","kind":"user_need","visibility":0.9,"evolution":0.5},
  {"id":"s","name":"Service","kind":"activity","visibility":0.6,"evolution":0.5,"status":"supported"},
  {"id":"t","name":"Tape backup","visibility":0.6,"evolution":0.8,"status":"unsupported","clinical_risk":{"likelihood":"very_low","consequence":"minor"}},
  {"id":"al","name":"Alpha","visibility":0.5,"evolution":0.1,"status":"supported"},
  {"id":"be","name":"Beta","visibility":0.5,"evolution":0.2,"status":"supported","clinical_risk":{"likelihood":"medium","consequence":"considerable"}},
  {"id":"ga","name":"Gamma","visibility":0.5,"evolution":0.3,"status":"supported","end_of_support":"2026-05-01","clinical_risk":{"likelihood":"low","consequence":"significant"}},
  {"id":"de","name":"Delta","visibility":0.5,"evolution":0.4,"status":"supported"}
 ],
 "links":[{"from":"top","to":"mid"},{"from":"mid","to":"s"},{"from":"s","to":"t"},
  {"from":"mid","to":"al"},{"from":"mid","to":"be"},{"from":"mid","to":"ga"},{"from":"mid","to":"de"}]}"#;

/// Weights expiry 1 only; used with today = 2026-08-31 (a month end).
const MONTH_END: &str = r#"{"format":"estate-map","version":1,"title":"Month ends",
 "settings":{"score_weights":{"clinical":0,"support":0,"dependants":0,"expiry":1}},
 "components":[
  {"id":"n","name":"Patient","kind":"user_need","visibility":0.95,"evolution":0.5,"status":"supported"},
  {"id":"f28","name":"Feb 28","visibility":0.5,"evolution":0.1,"status":"supported","end_of_support":"2027-02-28"},
  {"id":"m01","name":"Mar 01","visibility":0.5,"evolution":0.2,"status":"supported","end_of_support":"2027-03-01"},
  {"id":"a31","name":"Aug 31 next year","visibility":0.5,"evolution":0.3,"status":"supported","end_of_support":"2027-08-31"},
  {"id":"s01","name":"Sep 01 next year","visibility":0.5,"evolution":0.4,"status":"supported","end_of_support":"2027-09-01"}
 ],
 "links":[{"from":"n","to":"f28"},{"from":"n","to":"m01"},{"from":"n","to":"a31"},{"from":"n","to":"s01"}]}"#;

const TODAY: &str = "2026-03-15";

// ---- helpers ----

fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("test date")
}

fn load(json: &str) -> Map {
    from_json_bytes(json.as_bytes()).expect("hand-written map loads")
}

fn analyse(map: &Map, today: &str) -> Analysis {
    Analysis::new(map, date(today))
}

fn cid(id: &str) -> ComponentId {
    ComponentId::new(id)
}

/// Positions in `map.components` turned into ids, sorted so tests do not depend on order.
fn ids_sorted(map: &Map, positions: &[usize]) -> Vec<String> {
    let mut ids: Vec<String> = positions.iter().map(|&n| id_at(map, n)).collect();
    ids.sort();
    ids
}

fn id_at(map: &Map, position: usize) -> String {
    map.components[position].id.as_str().to_owned()
}

fn sorted(ids: &[&str]) -> Vec<String> {
    let mut ids: Vec<String> = ids.iter().map(|s| (*s).to_owned()).collect();
    ids.sort();
    ids
}

/// (every dependant, the user needs among them), as sorted ids.
fn blast(map: &Map, analysis: &Analysis, id: &str) -> (Vec<String>, Vec<String>) {
    let radius = analysis
        .blast_radius(&cid(id))
        .expect("component on the map");
    (
        ids_sorted(map, &radius.components),
        ids_sorted(map, &radius.user_needs),
    )
}

fn facts<'a>(analysis: &'a Analysis, id: &str) -> &'a ComponentFacts {
    analysis.component(&cid(id)).expect("component on the map")
}

/// The rating as a number, or None for "not assessed" (wholly or partly).
fn rating(analysis: &Analysis, id: &str) -> Option<u8> {
    facts(analysis, id).rating.rating()
}

/// Asserts the total and the four parts (clinical, support, dependants, expiry).
fn assert_score(analysis: &Analysis, id: &str, total: f64, parts: [f64; 4]) {
    let score = &facts(analysis, id).score;
    let actual = [
        score.clinical_points,
        score.support_points,
        score.dependant_points,
        score.expiry_points,
    ];
    let close = |a: f64, b: f64| (a - b).abs() < 1e-9;
    assert!(
        close(score.total, total),
        "{id}: total {} expected {total}",
        score.total
    );
    for (part, (a, e)) in ["clinical", "support", "dependants", "expiry"]
        .iter()
        .zip(actual.iter().zip(parts))
    {
        assert!(close(*a, e), "{id}: {part} {a} expected {e}");
    }
}

/// The register's order as ids.
fn register(map: &Map, analysis: &Analysis) -> Vec<String> {
    analysis.ranking().iter().map(|&n| id_at(map, n)).collect()
}

/// (rank, id) of the rows a filter lets through.
fn filtered(
    map: &Map,
    analysis: &Analysis,
    statuses: &[SupportStatus],
    months: Option<u32>,
) -> Vec<(usize, String)> {
    let filter = RegisterFilter {
        statuses: statuses.to_vec(),
        expires_within_months: months,
        view: None,
    };
    RiskRegister::new(map, analysis)
        .filtered(&filter)
        .map(|row| (row.rank, row.component.id.as_str().to_owned()))
        .collect()
}

/// (how many components the need rests on, its at-risk components as sorted ids).
fn exposure(map: &Map, analysis: &Analysis, need: &str) -> (usize, Vec<String>) {
    let position = map.component_index(&cid(need)).expect("need on the map");
    let exposure = analysis
        .exposures()
        .iter()
        .find(|e| e.need == position)
        .expect("an exposure entry per user need");
    (exposure.rests_on, ids_sorted(map, &exposure.at_risk))
}

/// Every check as (kind, sorted ids it names).
fn checks(analysis: &Analysis) -> Vec<(CheckKind, Vec<String>)> {
    let mut found: Vec<(CheckKind, Vec<String>)> = analysis
        .checks()
        .iter()
        .map(|c| {
            let ids: Vec<&str> = c.components.iter().map(ComponentId::as_str).collect();
            (c.kind, sorted(&ids))
        })
        .collect();
    found.sort_by(|a, b| format!("{a:?}").cmp(&format!("{b:?}")));
    found
}

fn expect_checks(expected: &[(CheckKind, &[&str])]) -> Vec<(CheckKind, Vec<String>)> {
    let mut expected: Vec<(CheckKind, Vec<String>)> =
        expected.iter().map(|(k, ids)| (*k, sorted(ids))).collect();
    expected.sort_by(|a, b| format!("{a:?}").cmp(&format!("{b:?}")));
    expected
}

fn heat(analysis: &Analysis, id: &str) -> HeatLevel {
    facts(analysis, id).heat
}

fn date_category(analysis: &Analysis, id: &str) -> DateCategory {
    facts(analysis, id).date_category
}

/// Writes `json` to a temporary folder and runs the CLI on it.
fn run_cli(json: &str, args: &[&str]) -> Output {
    let folder = tempfile::tempdir().expect("temp dir");
    let path: PathBuf = folder.path().join("map.json");
    std::fs::write(&path, json).expect("write map");
    Command::new(env!("CARGO_BIN_EXE_estate-map"))
        .args(
            args.iter()
                .map(|a| a.replace("MAP", path.to_str().unwrap())),
        )
        .output()
        .expect("run estate-map")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn all_output(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

fn report_json(json: &str, extra: &[&str]) -> serde_json::Value {
    let mut args = vec!["report", "MAP", "--today", TODAY, "--format", "json"];
    args.extend_from_slice(extra);
    let output = run_cli(json, &args);
    assert!(output.status.success(), "{}", all_output(&output));
    serde_json::from_slice(&output.stdout).expect("report is JSON")
}

// ---- diamond ----

/// Blast radius of d: c (c -> d), a and b (-> c), n1 and n2 (-> a / b). Of c: a, b, n1,
/// n2. n1 reaches c twice (via a and via b) but counts once: c affects 2 needs.
#[test]
fn diamond_blast_radius_counts_each_need_once() {
    let map = load(DIAMOND);
    let a = analyse(&map, TODAY);
    assert_eq!(
        blast(&map, &a, "d"),
        (sorted(&["a", "b", "c", "n1", "n2"]), sorted(&["n1", "n2"]))
    );
    assert_eq!(
        blast(&map, &a, "c"),
        (sorted(&["a", "b", "n1", "n2"]), sorted(&["n1", "n2"]))
    );
    assert_eq!(blast(&map, &a, "a"), (sorted(&["n1"]), sorted(&["n1"])));
    assert_eq!(
        blast(&map, &a, "b"),
        (sorted(&["n1", "n2"]), sorted(&["n1", "n2"]))
    );
    let needs: Vec<usize> = ["a", "b", "c", "d"]
        .iter()
        .map(|id| facts(&a, id).dependent_needs)
        .collect();
    assert_eq!(needs, [1, 2, 2, 2]);
    assert_eq!(
        ids_sorted(&map, &a.needs_depending_on(&cid("c"))),
        sorted(&["n1", "n2"])
    );
}

/// n1 rests on a, b, c, d (4): at risk c (unsupported) and d (unknown). n2 rests on b, c,
/// d (3): the same two. a and b are supported but rest on c: exposed. c and d are at
/// risk themselves, so not "exposed".
#[test]
fn diamond_exposure_and_exposed_flags() {
    let map = load(DIAMOND);
    let a = analyse(&map, TODAY);
    assert_eq!(exposure(&map, &a, "n1"), (4, sorted(&["c", "d"])));
    assert_eq!(exposure(&map, &a, "n2"), (3, sorted(&["c", "d"])));
    assert!(facts(&a, "a").exposed);
    assert!(facts(&a, "b").exposed);
    assert!(!facts(&a, "c").exposed);
    assert!(!facts(&a, "d").exposed);
}

/// Ratings: a High x Major = 4; c Medium x Considerable = 3; b and d not assessed.
/// Scores: a 2*4 + 0 + 1 + 0 = 9; b 2*3 + 0 + 2 + 0 = 8;
/// c 2*3 + 2*3 + 2 + 3 (ended 2025-12-31) = 17; d 2*3 + 2*2 + 2 + 0 = 12.
/// Register: c 17, d 12, a 9, b 8. Heat (max 17): c 100 % very high, d 70.6 % high,
/// a 52.9 % and b 47.1 % medium. Dates: c expired, the rest no date. No checks.
#[test]
fn diamond_ratings_scores_register_heat_dates() {
    let map = load(DIAMOND);
    let a = analyse(&map, TODAY);
    assert_eq!(rating(&a, "a"), Some(4));
    assert_eq!(rating(&a, "c"), Some(3));
    assert_eq!(facts(&a, "b").rating, ClinicalRating::NotAssessed);
    assert_eq!(facts(&a, "d").rating, ClinicalRating::NotAssessed);
    assert_score(&a, "a", 9.0, [8.0, 0.0, 1.0, 0.0]);
    assert_score(&a, "b", 8.0, [6.0, 0.0, 2.0, 0.0]);
    assert_score(&a, "c", 17.0, [6.0, 6.0, 2.0, 3.0]);
    assert_score(&a, "d", 12.0, [6.0, 4.0, 2.0, 0.0]);
    assert_eq!(register(&map, &a), ["c", "d", "a", "b"]);
    assert_eq!(facts(&a, "c").rank, Some(1));
    assert_eq!(facts(&a, "n1").rank, None);
    assert_eq!(heat(&a, "c"), HeatLevel::VeryHigh);
    assert_eq!(heat(&a, "d"), HeatLevel::High);
    assert_eq!(heat(&a, "a"), HeatLevel::Medium);
    assert_eq!(heat(&a, "b"), HeatLevel::Medium);
    assert_eq!(date_category(&a, "c"), DateCategory::Expired);
    for id in ["a", "b", "d"] {
        assert_eq!(date_category(&a, id), DateCategory::NoDate, "{id}");
    }
    assert!(a.checks().is_empty(), "{:?}", a.checks());
}

/// The CLI's JSON and Markdown agree with the hand-worked diamond: PAS first with the
/// documented explanation; the exposure lists at-risk components highest rank first
/// (PAS rank 1 before Database server rank 2, although d comes first in the map).
#[test]
fn diamond_report_via_cli() {
    let report = report_json(DIAMOND, &[]);
    let rows = report["register"].as_array().unwrap();
    let order: Vec<&str> = rows.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(order, ["c", "d", "a", "b"]);
    let scores: Vec<f64> = rows.iter().map(|r| r["score"].as_f64().unwrap()).collect();
    assert_eq!(scores, [17.0, 12.0, 9.0, 8.0]);
    assert_eq!(
        rows[0]["explanation"],
        "rating 3 (+6); unsupported (+6); 2 user needs depend on it (+2); support ended 2025-12-31 (+3)"
    );
    let exposed: Vec<bool> = rows
        .iter()
        .map(|r| r["exposed"].as_bool().unwrap())
        .collect();
    assert_eq!(exposed, [false, false, true, true]);
    let n1_at_risk: Vec<&str> = report["exposure"][0]["at_risk"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(n1_at_risk, ["c", "d"]);

    let md = stdout(&run_cli(DIAMOND, &["report", "MAP", "--today", TODAY]));
    assert!(
        md.contains("| 3 | Booking (a) | Supported (exposed) | 4 | 9 | 1 |"),
        "{md}"
    );
    assert!(md.contains("| 4 | Results viewer (b) | Supported (exposed) | not assessed | 8 | 2 |"));
    assert!(md.contains("No warnings."));
}

// ---- cycle, island, upward links, need without dependencies ----

/// Within the cycle x -> y -> z -> x every member depends on the other two, and never
/// on itself: blast(y) = {x, z, n1}, blast(x) = {y, z, n1}. u sits under the whole
/// cycle: blast(u) = {x, y, z, n1}. The island and the lonely need have none.
#[test]
fn cycle_blast_radius_excludes_self() {
    let map = load(CYCLE);
    let a = analyse(&map, TODAY);
    let n1 = sorted(&["n1"]);
    assert_eq!(
        blast(&map, &a, "y"),
        (sorted(&["n1", "x", "z"]), n1.clone())
    );
    assert_eq!(
        blast(&map, &a, "x"),
        (sorted(&["n1", "y", "z"]), n1.clone())
    );
    assert_eq!(
        blast(&map, &a, "z"),
        (sorted(&["n1", "x", "y"]), n1.clone())
    );
    assert_eq!(blast(&map, &a, "u"), (sorted(&["n1", "x", "y", "z"]), n1));
    assert_eq!(blast(&map, &a, "i"), (vec![], vec![]));
    assert_eq!(blast(&map, &a, "n2"), (vec![], vec![]));
    assert!(a.blast_radius(&cid("nope")).is_none());
}

/// n1 rests on x, y, z, u (4); at risk y (shadow IT) and z (extended support). n2 rests
/// on nothing. x is supported and rests on y and z: exposed. u is supported and rests
/// on nothing: not exposed.
#[test]
fn cycle_exposure() {
    let map = load(CYCLE);
    let a = analyse(&map, TODAY);
    assert_eq!(exposure(&map, &a, "n1"), (4, sorted(&["y", "z"])));
    assert_eq!(exposure(&map, &a, "n2"), (0, vec![]));
    assert!(facts(&a, "x").exposed);
    assert!(!facts(&a, "u").exposed);
}

/// Weights c1 s3 d2 e0.5.
/// x: likelihood only -> not assessed (3); EoS today -> not passed, within 6 months (2):
///    3 + 0 + 2 + 1 = 6.
/// y: VH x Catastrophic = 5, shadow IT, no date: 5 + 9 + 2 + 0 = 16.
/// z: Low x Minor = 1, extended, EoS exactly 12 months ahead (1; contract later):
///    1 + 3 + 2 + 0.5 = 6.5.
/// i: consequence only -> not assessed, shadow IT, no needs, ended yesterday (3):
///    3 + 9 + 0 + 1.5 = 13.5.
/// u: not assessed, supported, contract ends exactly 6 months ahead (2): 3 + 0 + 2 + 1 = 6.
/// Register: y, i, z, then x and u tie on 6 (both not assessed, 1 need) -> by name:
/// "Clinic app" before "Upward thing". Heat (max 16): y, i (84.4 %) very high;
/// z 40.6 % medium; x, u 37.5 % low.
#[test]
fn cycle_scores_with_custom_weights() {
    let map = load(CYCLE);
    let a = analyse(&map, TODAY);
    assert_eq!(rating(&a, "y"), Some(5));
    assert_eq!(rating(&a, "z"), Some(1));
    for id in ["x", "i", "u"] {
        assert_eq!(rating(&a, id), None, "{id} is not assessed");
    }
    assert_score(&a, "x", 6.0, [3.0, 0.0, 2.0, 1.0]);
    assert_score(&a, "y", 16.0, [5.0, 9.0, 2.0, 0.0]);
    assert_score(&a, "z", 6.5, [1.0, 3.0, 2.0, 0.5]);
    assert_score(&a, "i", 13.5, [3.0, 9.0, 0.0, 1.5]);
    assert_score(&a, "u", 6.0, [3.0, 0.0, 2.0, 1.0]);
    assert_eq!(register(&map, &a), ["y", "i", "z", "x", "u"]);
    assert_eq!(heat(&a, "y"), HeatLevel::VeryHigh);
    assert_eq!(heat(&a, "i"), HeatLevel::VeryHigh);
    assert_eq!(heat(&a, "z"), HeatLevel::Medium);
    assert_eq!(heat(&a, "x"), HeatLevel::Low);
    assert_eq!(heat(&a, "u"), HeatLevel::Low);
    assert_eq!(date_category(&a, "x"), DateCategory::Within12Months);
    assert_eq!(date_category(&a, "z"), DateCategory::Within12Months);
    assert_eq!(date_category(&a, "u"), DateCategory::Within12Months);
    assert_eq!(date_category(&a, "i"), DateCategory::Expired);
    assert_eq!(date_category(&a, "y"), DateCategory::NoDate);
}

/// Checks: the cycle {x, y, z}; two upward links: x -> u (u at 0.85 above x at 0.7)
/// and z -> x (x at 0.7 above z at 0.4, the cycle's way back up); n2 depends on nothing;
/// the island i has no links.
#[test]
fn cycle_checks() {
    let map = load(CYCLE);
    let a = analyse(&map, TODAY);
    let found = checks(&a);
    let expected = expect_checks(&[
        (CheckKind::Cycle, &["x", "y", "z"]),
        (CheckKind::UpwardLink, &["x", "u"]),
        (CheckKind::UpwardLink, &["z", "x"]),
        (CheckKind::NeedWithoutDependencies, &["n2"]),
        (CheckKind::Unlinked, &["i"]),
    ]);
    assert_eq!(found, expected);
}

/// The Markdown report shows x as "Supported (exposed)" with "not assessed" rating and
/// a fractional score 13.5 for the island; the checks name the components.
#[test]
fn cycle_report_markdown_via_cli() {
    let output = run_cli(CYCLE, &["report", "MAP", "--today", TODAY]);
    assert!(output.status.success());
    let md = stdout(&output);
    let line = md.lines().find(|l| l.contains("Clinic app (x)")).unwrap();
    assert!(
        line.contains("Supported (exposed)") && line.contains("not assessed"),
        "{line}"
    );
    assert!(line.starts_with("| 4 |"), "{line}");
    let island = md
        .lines()
        .find(|l| l.contains("Island spreadsheet (i)"))
        .unwrap();
    assert!(
        island.starts_with("| 2 |") && island.contains("| 13.5 |"),
        "{island}"
    );
    assert!(md.contains("dependency cycle"));
    assert!(md.contains("'Lonely need' (n2)"));
}

// ---- custom matrix and ties ----

/// Custom matrix: p Medium x Major = 4 (the default matrix would give 3); q Very low x
/// Catastrophic = 2 (default 3); r Low x Catastrophic = 1 (default 4); k Medium x Minor
/// = 1; ap, l Medium x Considerable = 3; zz High x Minor = 4.
#[test]
fn ties_custom_matrix_ratings() {
    let map = load(TIES);
    let a = analyse(&map, TODAY);
    let got: Vec<Option<u8>> = ["p", "q", "r", "k", "ap", "l", "zz"]
        .iter()
        .map(|id| rating(&a, id))
        .collect();
    let want = [4, 2, 1, 1, 3, 3, 4].map(Some);
    assert_eq!(got, want);
}

/// Scores (default weights): p 8+0+1 = 9; zz 8+0+1 = 9; l 6+0+2+1 (contract end
/// 2027-01-01 is earlier than EoS 2028 and within 12 months) = 9; ap 6+0+1+2 (EoS
/// 2026-06-01, within 6 months) = 9; k 2+6+1 = 9; r 2+4+1 = 7; q 4+0+1 = 5.
/// Ties on 9: rating 4 first (p "Portal" before zz "Zeta scanner" by name), then
/// rating 3 with more needs (l, 2 needs, before ap, 1), then rating 1 (k).
/// p and q are supported and rest on r (unknown) one and two levels down: exposed.
#[test]
fn ties_scores_and_tie_breaks() {
    let map = load(TIES);
    let a = analyse(&map, TODAY);
    assert_score(&a, "p", 9.0, [8.0, 0.0, 1.0, 0.0]);
    assert_score(&a, "zz", 9.0, [8.0, 0.0, 1.0, 0.0]);
    assert_score(&a, "l", 9.0, [6.0, 0.0, 2.0, 1.0]);
    assert_score(&a, "ap", 9.0, [6.0, 0.0, 1.0, 2.0]);
    assert_score(&a, "k", 9.0, [2.0, 6.0, 1.0, 0.0]);
    assert_score(&a, "r", 7.0, [2.0, 4.0, 1.0, 0.0]);
    assert_score(&a, "q", 5.0, [4.0, 0.0, 1.0, 0.0]);
    assert_eq!(register(&map, &a), ["p", "zz", "l", "ap", "k", "r", "q"]);
    assert!(facts(&a, "p").exposed && facts(&a, "q").exposed);
    for id in ["zz", "ap", "l", "k", "r"] {
        assert!(!facts(&a, id).exposed, "{id}");
    }
    assert_eq!(exposure(&map, &a, "n"), (4, sorted(&["r"])));
    assert_eq!(exposure(&map, &a, "n2"), (4, sorted(&["k"])));
    // Heat (max 9): the five 9s very high, r 77.8 % high, q 55.6 % medium.
    for id in ["p", "zz", "l", "ap", "k"] {
        assert_eq!(heat(&a, id), HeatLevel::VeryHigh, "{id}");
    }
    assert_eq!(heat(&a, "r"), HeatLevel::High);
    assert_eq!(heat(&a, "q"), HeatLevel::Medium);
    assert!(a.checks().is_empty());
}

/// Filters keep the overall rank: unsupported -> k at rank 5; ends within 6 months ->
/// ap (rank 4); within 12 months -> l (3) and ap (4); unsupported and within 12 ->
/// nothing.
#[test]
fn ties_filters_keep_rank() {
    let map = load(TIES);
    let a = analyse(&map, TODAY);
    let unsupported = [SupportStatus::Unsupported];
    let own = |v: &[(usize, &str)]| -> Vec<(usize, String)> {
        v.iter().map(|(r, id)| (*r, (*id).to_owned())).collect()
    };
    assert_eq!(filtered(&map, &a, &unsupported, None), own(&[(5, "k")]));
    assert_eq!(filtered(&map, &a, &[], Some(6)), own(&[(4, "ap")]));
    assert_eq!(
        filtered(&map, &a, &[], Some(12)),
        own(&[(3, "l"), (4, "ap")])
    );
    assert!(filtered(&map, &a, &unsupported, Some(12)).is_empty());
}

/// CSV: one column lists the names of the needs affected ("ED patient; Ward patient" for
/// Lab link); the CLI filters agree with the hand-worked ranks.
#[test]
fn ties_csv_and_filters_via_cli() {
    let output = run_cli(
        TIES,
        &["report", "MAP", "--today", TODAY, "--format", "csv"],
    );
    assert!(output.status.success());
    let csv = stdout(&output);
    let ids: Vec<&str> = csv
        .lines()
        .skip(1)
        .map(|l| l.split(',').nth(1).unwrap())
        .collect();
    assert_eq!(ids, ["p", "zz", "l", "ap", "k", "r", "q"]);
    let lab = csv.lines().find(|l| l.starts_with("3,l,")).unwrap();
    assert!(lab.contains("ED patient; Ward patient"), "{lab}");

    let filtered = report_json(TIES, &["--expires-within", "12"]);
    let rows: Vec<(u64, &str)> = filtered["register"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["rank"].as_u64().unwrap(), r["id"].as_str().unwrap()))
        .collect();
    assert_eq!(rows, [(3, "l"), (4, "ap")]);
    let status = report_json(TIES, &["--status", "unsupported", "--status", "unknown"]);
    let rows: Vec<(u64, &str)> = status["register"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["rank"].as_u64().unwrap(), r["id"].as_str().unwrap()))
        .collect();
    assert_eq!(rows, [(5, "k"), (6, "r")]);
}

// ---- dates ----

/// Expiry weight 5 only, today 2026-03-15:
/// d1 ends today: not passed, within 6 months -> 2 (10), within 12 months category.
/// d2 ended yesterday -> 3 (15), expired. d3 exactly 12 months ahead -> 1 (5).
/// d4 12 months and a day -> 0, "later". d5 exactly 6 months ahead -> 2 (10).
/// d6 6 months and a day -> 1 (5). d7 contract ended yesterday though support runs to
/// 2030 -> 3 (15), expired. d8 no date -> 0. d9 support ends 2026-04-01 before the
/// 2029 contract -> 2 (10).
#[test]
fn dates_urgency_and_categories() {
    let map = load(DATES);
    let a = analyse(&map, TODAY);
    let cases = [
        ("d1", 10.0, DateCategory::Within12Months),
        ("d2", 15.0, DateCategory::Expired),
        ("d3", 5.0, DateCategory::Within12Months),
        ("d4", 0.0, DateCategory::Later),
        ("d5", 10.0, DateCategory::Within12Months),
        ("d6", 5.0, DateCategory::Within12Months),
        ("d7", 15.0, DateCategory::Expired),
        ("d8", 0.0, DateCategory::NoDate),
        ("d9", 10.0, DateCategory::Within12Months),
    ];
    for (id, expiry, category) in cases {
        assert_score(&a, id, expiry, [0.0, 0.0, 0.0, expiry]);
        assert_eq!(date_category(&a, id), category, "{id}");
    }
}

/// All tie on rating (not assessed) and needs (1), so each score band is in name order:
/// 15: Contract first, Yesterday; 10: Six months, Support first, Today ends;
/// 5: Six months and a day, Twelve months; 0: No date, Twelve months and a day.
/// Heat (max 15): 15 very high, 10 (66.7 %) high, 5 (33.3 %) low, 0 very low.
#[test]
fn dates_register_heat_and_filters() {
    let map = load(DATES);
    let a = analyse(&map, TODAY);
    assert_eq!(
        register(&map, &a),
        ["d7", "d2", "d5", "d9", "d1", "d6", "d3", "d8", "d4"]
    );
    assert_eq!(heat(&a, "d2"), HeatLevel::VeryHigh);
    assert_eq!(heat(&a, "d1"), HeatLevel::High);
    assert_eq!(heat(&a, "d3"), HeatLevel::Low);
    assert_eq!(heat(&a, "d4"), HeatLevel::VeryLow);
    let ids =
        |rows: Vec<(usize, String)>| -> Vec<String> { rows.into_iter().map(|r| r.1).collect() };
    assert_eq!(
        ids(filtered(&map, &a, &[], Some(6))),
        ["d7", "d2", "d5", "d9", "d1"]
    );
    assert_eq!(
        ids(filtered(&map, &a, &[], Some(12))),
        ["d7", "d2", "d5", "d9", "d1", "d6", "d3"]
    );
    // "Within 0 months": only what has ended or ends today.
    assert_eq!(ids(filtered(&map, &a, &[], Some(0))), ["d7", "d2", "d1"]);
}

/// The explanation names the earlier date and whether it is support or contract.
#[test]
fn dates_explanations_via_cli() {
    let report = report_json(DATES, &[]);
    let explain = |id: &str| -> String {
        report["register"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["id"] == id)
            .unwrap()["explanation"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    assert!(explain("d7").contains("contract ended 2026-03-14 (+15)"));
    assert!(explain("d2").contains("support ended 2026-03-14 (+15)"));
    assert!(explain("d1").contains("support ends 2026-03-15 (+10)"));
    assert!(explain("d9").contains("support ends 2026-04-01 (+10)"));
    // The clinical rating is always shown, even when it adds nothing (weight 0).
    assert!(explain("d8").contains("not assessed"), "{}", explain("d8"));
    assert!(!explain("d8").contains("ends"), "{}", explain("d8"));
}

/// Today 2026-08-31: 6 months ahead is the end of February, 2027-02-28, so that date
/// scores 2 and 2027-03-01 scores 1; 12 months ahead is 2027-08-31 (1), 2027-09-01 is
/// later (0).
#[test]
fn month_end_today() {
    let map = load(MONTH_END);
    let a = analyse(&map, "2026-08-31");
    assert_score(&a, "f28", 2.0, [0.0, 0.0, 0.0, 2.0]);
    assert_score(&a, "m01", 1.0, [0.0, 0.0, 0.0, 1.0]);
    assert_score(&a, "a31", 1.0, [0.0, 0.0, 0.0, 1.0]);
    assert_score(&a, "s01", 0.0, [0.0, 0.0, 0.0, 0.0]);
    assert_eq!(date_category(&a, "s01"), DateCategory::Later);
}

// ---- heat fifths and half-assessed ratings ----

/// Score = 1.5 x needs: K1 1.5, K2 3, K3 4.5, K4 6, K5 7.5, K0 0. Fractions of 7.5:
/// 20 % (very low: "up to 20 %"), 40 % (low), 60 % (medium), 80 % (high: very high is
/// "over 80 %"), 100 % very high; 0 very low. Only K4 is fully assessed (VL x Minor =
/// 1); likelihood only, consequence only and an empty assessment are all not assessed.
#[test]
fn heat_boundaries_and_partial_assessments() {
    let map = load(HEAT);
    let a = analyse(&map, TODAY);
    let cases = [
        ("k1", 1.5, HeatLevel::VeryLow),
        ("k2", 3.0, HeatLevel::Low),
        ("k3", 4.5, HeatLevel::Medium),
        ("k4", 6.0, HeatLevel::High),
        ("k5", 7.5, HeatLevel::VeryHigh),
        ("k0", 0.0, HeatLevel::VeryLow),
    ];
    for (id, total, level) in cases {
        assert_score(&a, id, total, [0.0, 0.0, total, 0.0]);
        assert_eq!(heat(&a, id), level, "{id}");
    }
    assert_eq!(register(&map, &a), ["k5", "k4", "k3", "k2", "k1", "k0"]);
    assert_eq!(rating(&a, "k4"), Some(1));
    for id in ["k1", "k2", "k3", "k5", "k0"] {
        assert_eq!(rating(&a, id), None, "{id}");
    }
    assert_eq!(checks(&a), expect_checks(&[(CheckKind::Unlinked, &["k0"])]));
    assert_eq!(exposure(&map, &a, "n1"), (5, vec![]));
    assert_eq!(exposure(&map, &a, "n5"), (1, vec![]));
}

// ---- needs on needs, activities, tie-break on "not assessed" ----

/// t (unsupported) is depended on by s, then the user need mid, then the user need top:
/// 2 needs. s is an activity (it still gets a register row), supported, resting on t:
/// exposed. Scores: t 2*1 + 6 + 2 = 10; Beta 2*3 + 2 = 8; Gamma 2*2 + 2 + 2 = 8;
/// Alpha, Delta, Service 6 (not assessed) + 2 = 8. Rated ties: Beta (3) before Gamma (2).
#[test]
fn edges_needs_on_needs_and_activities() {
    let map = load(EDGES);
    let a = analyse(&map, TODAY);
    assert_eq!(
        blast(&map, &a, "t"),
        (sorted(&["s", "mid", "top"]), sorted(&["mid", "top"]))
    );
    assert_score(&a, "t", 10.0, [2.0, 6.0, 2.0, 0.0]);
    assert_score(&a, "s", 8.0, [6.0, 0.0, 2.0, 0.0]);
    assert_score(&a, "ga", 8.0, [4.0, 0.0, 2.0, 2.0]);
    assert!(facts(&a, "s").exposed);
    assert!(
        facts(&a, "s").rank.is_some(),
        "activities are register rows"
    );
    let order = register(&map, &a);
    assert_eq!(order[0], "t");
    let pos = |id: &str| order.iter().position(|o| o == id).unwrap();
    assert!(pos("be") < pos("ga"));
    assert_eq!(exposure(&map, &a, "mid"), (6, sorted(&["t"])));
    assert!(a.checks().is_empty());
}

/// "A missing assessment counts as rating 3 ... so that a system nobody has assessed
/// cannot sink to the bottom", and "ties go to the higher clinical rating". So the four
/// tied on 8 with 2 needs and counted rating 3 (Alpha, Beta, Delta, Service) tie again
/// and go by name, all before Gamma (rating 2).
#[test]
fn edges_not_assessed_counts_as_3_in_tie_break() {
    let map = load(EDGES);
    let a = analyse(&map, TODAY);
    assert_eq!(register(&map, &a), ["t", "al", "be", "de", "s", "ga"]);
}

/// Exposure is about the systems a need rests on; a user need (here "Mid need", left
/// at the default status unknown) is not a system at risk and is not scored or dated.
#[test]
fn edges_user_need_is_not_an_at_risk_component() {
    let map = load(EDGES);
    let a = analyse(&map, TODAY);
    assert_eq!(exposure(&map, &a, "top").1, sorted(&["t"]));
}

// ---- the CLI accepts these maps and refuses bad ones clearly ----

#[test]
fn check_accepts_every_handworked_map() {
    for json in [DIAMOND, CYCLE, TIES, DATES, HEAT, EDGES, MONTH_END] {
        let output = run_cli(json, &["check", "MAP"]);
        assert!(output.status.success(), "{}", all_output(&output));
    }
}

/// Bad input exits 1 and says where: the component (position, name and id) and field.
#[test]
fn bad_input_is_refused_naming_where() {
    let cases = [
        (
            DIAMOND.replace(r#""likelihood":"high""#, r#""likelihood":"hgih""#),
            ["component #3 'Booking' (a)", "clinical_risk.likelihood"],
        ),
        (
            CYCLE.replace(r#""support":3"#, r#""support":-1"#),
            ["score_weights", "support"],
        ),
        (
            TIES.replace("[4,4,4,4,5]", "[4,4,4,4,6]"),
            ["risk_matrix", "1 to 5"],
        ),
        (
            DIAMOND.replace(r#"{"from":"n2","to":"b"}"#, r#"{"from":"n2","to":"zz"}"#),
            // Named by the component's name (issue 10), the missing end by its id.
            ["link 'Outpatient' -> zz", "zz"],
        ),
    ];
    for (json, needles) in cases {
        for command in ["check", "report"] {
            let output = run_cli(&json, &[command, "MAP"]);
            let text = all_output(&output);
            assert_eq!(output.status.code(), Some(1), "{command}: {text}");
            for needle in needles {
                assert!(text.contains(needle), "{command}: {needle:?} not in {text}");
            }
        }
    }
}
