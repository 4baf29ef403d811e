//! Analysis through the public API: the DCB0160 matrix, blast radius and reachability
//! against a naive search (proptest), and the `report` command's output in full.

use estate_map::analysis::{Analysis, ClinicalRating};
use estate_map::model::{
    ClinicalRisk, Component, ComponentId, Consequence, Kind, Likelihood, Link, Map, RiskMatrix,
    SupportStatus, save_file,
};
use proptest::prelude::*;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

// ---- the DCB0129/DCB0160 example matrix, as printed in shared/domain.md ----

/// Rows Very high .. Very low; columns Minor .. Catastrophic.
const DCB0160: [(Likelihood, [u8; 5]); 5] = [
    (Likelihood::VeryHigh, [3, 4, 4, 5, 5]),
    (Likelihood::High, [2, 3, 3, 4, 5]),
    (Likelihood::Medium, [2, 2, 3, 3, 4]),
    (Likelihood::Low, [1, 2, 2, 3, 4]),
    (Likelihood::VeryLow, [1, 1, 2, 2, 3]),
];

#[test]
fn all_25_cells_of_the_default_matrix_match_dcb0160() {
    let matrix = RiskMatrix::default();
    let mut cells = 0;
    for (likelihood, row) in DCB0160 {
        for (consequence, expected) in Consequence::ALL.into_iter().zip(row) {
            let risk = ClinicalRisk {
                likelihood: Some(likelihood),
                consequence: Some(consequence),
            };
            let rating = ClinicalRating::of(Some(&risk), &matrix);
            assert_eq!(
                rating.rating(),
                Some(expected),
                "{} x {}",
                likelihood.label(),
                consequence.label()
            );
            cells += 1;
        }
    }
    assert_eq!(cells, 25);
}

// ---- blast radius and reachability against a naive search ----

fn id(i: usize) -> ComponentId {
    ComponentId::new(format!("c{i}"))
}

fn random_map(kinds: &[(bool, usize)], links: &[(usize, usize)]) -> Map {
    let mut map = Map::new("random");
    for (i, &(is_need, status)) in kinds.iter().enumerate() {
        let kind = if is_need {
            Kind::UserNeed
        } else {
            Kind::System
        };
        map.components.push(
            Component::new(id(i), format!("C{i}"), 0.5, 0.5)
                .with_kind(kind)
                .with_status(SupportStatus::ALL[status]),
        );
    }
    for &(from, to) in links {
        map.links.push(Link::new(id(from), id(to)));
    }
    map
}

/// Does a path of one link or more lead from `from` to `to`?
fn has_path(links: &[(usize, usize)], from: usize, to: usize) -> bool {
    let mut seen = BTreeSet::new();
    let mut frontier = vec![from];
    while let Some(n) = frontier.pop() {
        for &(a, b) in links {
            if a == n && seen.insert(b) {
                frontier.push(b);
            }
        }
    }
    seen.contains(&to)
}

/// Per component (is a user need, index into `SupportStatus::ALL`).
type Kinds = Vec<(bool, usize)>;
/// (dependant, dependency), self links and repeats included.
type Links = Vec<(usize, usize)>;

fn map_strategy() -> impl Strategy<Value = (Kinds, Links)> {
    (1usize..24).prop_flat_map(|n| {
        (
            prop::collection::vec((prop::bool::weighted(0.25), 0usize..5), n),
            prop::collection::vec((0..n, 0..n), 0..n * 3),
        )
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn blast_radius_is_every_node_with_a_path_to_it((kinds, links) in map_strategy()) {
        let map = random_map(&kinds, &links);
        let analysis = Analysis::new(&map, "2026-11-21".parse().unwrap());
        let n = kinds.len();
        for x in 0..n {
            let expected: Vec<usize> =
                (0..n).filter(|&y| y != x && has_path(&links, y, x)).collect();
            let expected_needs: Vec<usize> = (0..n)
                .filter(|&y| y != x && kinds[y].0 && has_path(&links, y, x))
                .collect();
            let radius = analysis.blast_radius(&id(x)).unwrap();
            prop_assert_eq!(&radius.components, &expected);
            prop_assert_eq!(&radius.user_needs, &expected_needs);
            prop_assert_eq!(analysis.needs_depending_on(&id(x)), expected_needs.clone());
            prop_assert_eq!(analysis.components()[x].dependent_needs, expected_needs.len());
        }
    }

    #[test]
    fn exposure_is_every_at_risk_node_below((kinds, links) in map_strategy()) {
        let map = random_map(&kinds, &links);
        let analysis = Analysis::new(&map, "2026-11-21".parse().unwrap());
        let n = kinds.len();
        // User needs are what the estate serves: never at-risk parts of it.
        let at_risk = |y: usize| !kinds[y].0 && SupportStatus::ALL[kinds[y].1].is_at_risk();
        let needs: Vec<usize> = (0..n).filter(|&x| kinds[x].0).collect();
        prop_assert_eq!(analysis.exposures().len(), needs.len());
        for (exposure, &need) in analysis.exposures().iter().zip(&needs) {
            let below: Vec<usize> =
                (0..n).filter(|&y| y != need && has_path(&links, need, y)).collect();
            prop_assert_eq!(exposure.need, need);
            prop_assert_eq!(exposure.rests_on, below.len());
            let expected: Vec<usize> = below.into_iter().filter(|&y| at_risk(y)).collect();
            prop_assert_eq!(&exposure.at_risk, &expected);
        }
        for (x, &(is_need, status)) in kinds.iter().enumerate() {
            let expected = !is_need
                && !SupportStatus::ALL[status].is_at_risk()
                && (0..n).any(|y| at_risk(y) && has_path(&links, x, y));
            prop_assert_eq!(analysis.components()[x].exposed, expected, "c{}", x);
        }
    }
}

// ---- `estate-map report` on a small hand-made map ----

fn date(text: &str) -> Option<chrono::NaiveDate> {
    Some(text.parse().unwrap())
}

fn assessed(likelihood: Likelihood, consequence: Consequence) -> Option<ClinicalRisk> {
    Some(ClinicalRisk {
        likelihood: Some(likelihood),
        consequence: Some(consequence),
    })
}

/// Scores with the default weights (clinical 2, support 2, dependants 1, expiry 1),
/// as of 2026-11-21:
/// - PAS: rating 4 (Medium x Catastrophic) 8 + unsupported 6 + 2 needs + ended 3 = 19
/// - Server: rating 3 (Low x Major) 6 + extended 2 + 2 needs + support ended 3 = 13
/// - Spreadsheet: not assessed 6 + shadow IT 6 + 1 need = 13 (ranked below the
///   server: a tie is broken by the higher clinical rating)
/// - PACS: rating 4 (High x Major) 8 + supported 0 + 2 needs + ends within 6 months 2 = 12
/// - Fax: not assessed 6 + unknown 4 = 10
fn stroke_map() -> Map {
    let mut map = Map::new("Stroke pathway");
    map.organisation = Some("Example NHS Trust".into());
    let mut add = |name: &str, kind, status, visibility| {
        let id = map.allocate_component_id();
        map.components.push(
            Component::new(id, name, visibility, 0.5)
                .with_kind(kind)
                .with_status(status),
        );
    };
    use Kind::{System, UserNeed};
    use SupportStatus::*;
    add("Patient with suspected stroke", UserNeed, Supported, 0.95);
    add("Stroke consultant on call", UserNeed, Supported, 0.92);
    add("PACS imaging", System, Supported, 0.7);
    add("Patient Administration System", System, Unsupported, 0.6);
    add("Referral spreadsheet", System, ShadowIt, 0.55);
    add("Server 2012 host", System, ExtendedSupport, 0.2);
    add("Old fax gateway", System, Unknown, 0.4);
    let c = &mut map.components;
    c[2].supplier = Some("Imaging Co".into());
    c[2].end_of_support = date("2027-03-31");
    c[2].annual_cost_gbp = Some(250_000.0);
    c[2].clinical_risk = assessed(Likelihood::High, Consequence::Major);
    c[3].supplier = Some("Legacy Systems Ltd".into());
    c[3].end_of_support = date("2023-03-31");
    c[3].annual_cost_gbp = Some(120_000.0);
    c[3].clinical_risk = assessed(Likelihood::Medium, Consequence::Catastrophic);
    c[4].owner = Some("Stroke ward admin, Ward 4".into());
    c[5].end_of_support = date("2026-10-13");
    c[5].contract_end = date("2027-06-30");
    c[5].annual_cost_gbp = Some(15_000.5);
    c[5].clinical_risk = assessed(Likelihood::Low, Consequence::Major);
    for (from, to) in [(1, 3), (1, 4), (2, 3), (2, 5), (3, 6), (4, 6), (5, 4)] {
        map.links.push(Link::new(id(from), id(to)));
    }
    map
}

struct Fixture {
    _dir: tempfile::TempDir,
    path: PathBuf,
}

fn saved(map: &Map) -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("stroke.json");
    save_file(map, &path).unwrap();
    Fixture { _dir: dir, path }
}

fn report(path: &Path, extra: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_estate-map"))
        .arg("report")
        .arg(path)
        .args(extra)
        .output()
        .unwrap()
}

fn stdout_of(output: Output) -> String {
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

const EXPECTED_MARKDOWN: &str = "\
# Risk register: Stroke pathway

Organisation: Example NHS Trust  
As of 2026-11-21  
Ranked by risk score (weights: clinical 2, support 2, dependants 1, expiry 1; see docs/analysis.md)  

| Rank | Component | Status | Clinical rating | Score | User needs | Annual cost | Supplier | End of support | Contract end | Why |
| ---: | --- | --- | --- | ---: | ---: | ---: | --- | --- | --- | --- |
| 1 | Patient Administration System (c4) | Unsupported | 4 | 19 | 2 | £120,000 | Legacy Systems Ltd | 2023-03-31 |  | rating 4 (+8); unsupported (+6); 2 user needs depend on it (+2); support ended 2023-03-31 (+3) |
| 2 | Server 2012 host (c6) | Extended support | 3 | 13 | 2 | £15,000.50 |  | 2026-10-13 | 2027-06-30 | rating 3 (+6); on extended support (+2); 2 user needs depend on it (+2); support ended 2026-10-13 (+3) |
| 3 | Referral spreadsheet (c5) | Shadow IT | not assessed | 13 | 1 |  |  |  |  | clinical risk not assessed, counted as 3 (+6); shadow IT (+6); 1 user need depends on it (+1) |
| 4 | PACS imaging (c3) | Supported (exposed) | 4 | 12 | 2 | £250,000 | Imaging Co | 2027-03-31 |  | rating 4 (+8); 2 user needs depend on it (+2); support ends 2027-03-31 (+2) |
| 5 | Old fax gateway (c7) | Unknown | not assessed | 10 | 0 |  |  |  |  | clinical risk not assessed, counted as 3 (+6); support status unknown (+4) |

## Exposure of each user need

### Patient with suspected stroke (c1)

Rests on 3 components; 2 at risk (unsupported, extended support, shadow IT or unknown):

- Patient Administration System (c4): Unsupported, rank 1, score 19
- Server 2012 host (c6): Extended support, rank 2, score 13

### Stroke consultant on call (c2)

Rests on 4 components; 3 at risk (unsupported, extended support, shadow IT or unknown):

- Patient Administration System (c4): Unsupported, rank 1, score 19
- Server 2012 host (c6): Extended support, rank 2, score 13
- Referral spreadsheet (c5): Shadow IT, rank 3, score 13

## Checks

- upward link: 'Referral spreadsheet' (c5) depends on 'Patient Administration System' (c4), which is drawn above it
- 'Old fax gateway' (c7) has no links: nothing depends on it and it depends on nothing
";

#[test]
fn markdown_report_in_full() {
    let fixture = saved(&stroke_map());
    let text = stdout_of(report(&fixture.path, &["--today", "2026-11-21"]));
    assert_eq!(text, EXPECTED_MARKDOWN);
}

const EXPECTED_CSV: &str = "\
Rank,ID,Component,Kind,Status,Exposed,Clinical rating,Likelihood,Consequence,Score,Score explanation,User needs affected,User needs,Annual cost (GBP),Supplier,Owner,End of support,Contract end,Dates,Areas
1,c4,Patient Administration System,System,Unsupported,no,4,Medium,Catastrophic,19,rating 4 (+8); unsupported (+6); 2 user needs depend on it (+2); support ended 2023-03-31 (+3),2,Patient with suspected stroke; Stroke consultant on call,120000,Legacy Systems Ltd,,2023-03-31,,Expired,
2,c6,Server 2012 host,System,Extended support,no,3,Low,Major,13,rating 3 (+6); on extended support (+2); 2 user needs depend on it (+2); support ended 2026-10-13 (+3),2,Patient with suspected stroke; Stroke consultant on call,15000.5,,,2026-10-13,2027-06-30,Expired,
3,c5,Referral spreadsheet,System,Shadow IT,no,not assessed,,,13,\"clinical risk not assessed, counted as 3 (+6); shadow IT (+6); 1 user need depends on it (+1)\",1,Stroke consultant on call,,,\"Stroke ward admin, Ward 4\",,,No date,
4,c3,PACS imaging,System,Supported,yes,4,High,Major,12,rating 4 (+8); 2 user needs depend on it (+2); support ends 2027-03-31 (+2),2,Patient with suspected stroke; Stroke consultant on call,250000,Imaging Co,,2027-03-31,,Ends within 12 months,
5,c7,Old fax gateway,System,Unknown,no,not assessed,,,10,\"clinical risk not assessed, counted as 3 (+6); support status unknown (+4)\",0,,,,,,,No date,
";

#[test]
fn csv_report_in_full() {
    let fixture = saved(&stroke_map());
    let text = stdout_of(report(
        &fixture.path,
        &["--today", "2026-11-21", "--format", "csv"],
    ));
    assert_eq!(text, EXPECTED_CSV);
}

#[test]
fn csv_report_can_be_filtered() {
    let fixture = saved(&stroke_map());
    let text = stdout_of(report(
        &fixture.path,
        &[
            "--today",
            "2026-11-21",
            "--format",
            "csv",
            "--status",
            "supported",
            "--status",
            "extended-support",
            "--expires-within",
            "6",
        ],
    ));
    let ids: Vec<&str> = text
        .lines()
        .skip(1)
        .map(|line| line.split(',').nth(1).unwrap())
        .collect();
    // Server: extended support, ended; PACS: supported, ends in just over 4 months.
    assert_eq!(ids, vec!["c6", "c3"]);
}

#[test]
fn json_report_holds_register_exposure_and_checks() {
    let fixture = saved(&stroke_map());
    let text = stdout_of(report(
        &fixture.path,
        &["--today", "2026-11-21", "--format", "json"],
    ));
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(json["today"], "2026-11-21");
    let ranked: Vec<(&str, f64)> = json["register"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["id"].as_str().unwrap(), r["score"].as_f64().unwrap()))
        .collect();
    assert_eq!(
        ranked,
        vec![
            ("c4", 19.0),
            ("c6", 13.0),
            ("c5", 13.0),
            ("c3", 12.0),
            ("c7", 10.0)
        ]
    );
    let pas = &json["register"][0];
    assert_eq!(pas["status"], "unsupported");
    assert_eq!(
        pas["clinical"],
        serde_json::json!({"state": "rated", "rating": 4, "likelihood": "medium", "consequence": "catastrophic"})
    );
    assert_eq!(
        pas["score_parts"],
        serde_json::json!({"clinical": 8.0, "support": 6.0, "dependants": 2.0, "expiry": 3.0})
    );
    assert_eq!(pas["dependent_user_needs"], serde_json::json!(["c1", "c2"]));
    assert_eq!(pas["date_category"], "expired");
    assert_eq!(
        json["register"][2]["clinical"],
        serde_json::json!({"state": "not_assessed"})
    );
    let exposure: Vec<Vec<&str>> = json["exposure"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            e["at_risk"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| c["id"].as_str().unwrap())
                .collect()
        })
        .collect();
    assert_eq!(exposure, vec![vec!["c4", "c6"], vec!["c4", "c6", "c5"]]);
    let checks: Vec<&str> = json["checks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["kind"].as_str().unwrap())
        .collect();
    assert_eq!(checks, vec!["upward_link", "unlinked"]);
}

#[test]
fn unreadable_map_exits_2_and_names_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing.json");
    let output = report(&missing, &[]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("missing.json"), "{stderr}");
    assert!(output.stdout.is_empty());
}

#[test]
fn invalid_map_exits_1_and_says_what_is_wrong() {
    let mut map = stroke_map();
    map.links.push(Link::new(id(3), ComponentId::new("c99")));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.json");
    std::fs::write(&path, estate_map::model::to_json_bytes(&map)).unwrap();
    let output = report(&path, &[]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8(output.stderr).unwrap();
    // The link is named by its component's name (issue 10), the missing end by its id.
    let from = &map.component(&id(3)).unwrap().name;
    assert!(
        stderr.contains(&format!("link '{from}' -> c99")) && stderr.contains("'c99'"),
        "{stderr}"
    );
}

#[test]
fn bad_date_is_refused_with_the_expected_form() {
    let fixture = saved(&stroke_map());
    let output = report(&fixture.path, &["--today", "21/11/2026"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("YYYY-MM-DD"), "{stderr}");
}
