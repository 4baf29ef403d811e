//! Risk in pounds and patient harm, checked against figures worked out by hand.
//!
//! `tests/maps/money_handworked.json` collapses every range to one value, so the
//! arithmetic is exact: failures a year supported 0.1, extended 0.25, unsupported and
//! shadow IT 0.5, unknown 0.3, plus 0.1 a year per year past end of support; outages
//! last 2 days. Today is 2026-03-15. Links: stroke -> interface server, scans -> PACS
//! -> interface server, booking need -> booking app -> network, interface server ->
//! network.
//!
//! - Interface server: unsupported, support ended 2022-03-15, 1,461 days = 4 years
//!   ago: 0.5 + 4 x 0.1 = 0.9 a year; stroke (£20,000 a day, 40 patients,
//!   catastrophic) and scans (£5,000, 100, major): 0.9 x 2 x 25,000 = £45,000;
//!   140 patients a day; worst catastrophic.
//! - PACS: override 1.5 a year; scans only: 1.5 x 2 x 5,000 = £15,000.
//! - Network: supported 0.1; all three needs (£27,000, 440 patients):
//!   0.1 x 2 x 27,000 = £5,400.
//! - Booking app: shadow IT 0.5; booking (£2,000, 300, minor): 0.5 x 2 x 2,000 = £2,000.
//! - Fax gateway: nothing depends on it: £0, though its score (10) is above the
//!   network's (9).
//! - Estate: 45,000 + 15,000 + 5,400 + 2,000 = £67,400.

use estate_map::analysis::{Analysis, MoneyAnalysis, RankBy, RiskRegister};
use estate_map::model::{
    ComponentId, Consequence, Map, Range3, from_json_bytes, generate::generate,
};
use proptest::prelude::*;
use std::process::Command;

const HAND: &str = "tests/maps/money_handworked.json";

fn hand_map() -> Map {
    from_json_bytes(&std::fs::read(HAND).unwrap()).unwrap()
}

fn today() -> chrono::NaiveDate {
    "2026-03-15".parse().unwrap()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-6 * b.abs().max(1.0)
}

#[test]
fn hand_worked_losses_harm_and_order() {
    let map = hand_map();
    let analysis = Analysis::new(&map, today());
    let money = MoneyAnalysis::new(&map, &analysis);
    let at = |id: &str| {
        money
            .system(map.component_index(&ComponentId::new(id)).unwrap())
            .unwrap()
    };
    for (id, loss) in [
        ("ifs", 45_000.0),
        ("pacs", 15_000.0),
        ("net", 5_400.0),
        ("book", 2_000.0),
        ("fax", 0.0),
    ] {
        let l = at(id).expected_loss;
        for v in [l.median, l.p5, l.p95] {
            assert!(close(v, loss), "{id}: {v} != {loss}");
        }
    }
    let ifs = at("ifs");
    assert_eq!(ifs.harm.patients_per_day, Some(140.0));
    assert_eq!(ifs.harm.worst, Some(Consequence::Catastrophic));
    assert!(close(ifs.failures_per_year.likely, 0.9));
    assert_eq!(
        ifs.statement,
        "If Interface server fails, 2 services stop: Patient with suspected stroke and \
         Clinician reviewing scans (about 140 patients a day); worst harm: catastrophic; \
         expected loss £45k a year (90 % range £45k to £45k)"
    );
    assert_eq!(at("net").harm.patients_per_day, Some(440.0));
    assert_eq!(at("net").harm.user_needs.len(), 3);
    assert_eq!(at("book").harm.worst, Some(Consequence::Minor));
    assert!(at("fax").harm.user_needs.is_empty());
    assert!(at("fax").statement.contains("no service loss"));
    assert!(close(money.estate().median, 67_400.0));
    assert!(close(money.estate().p95, 67_400.0));

    assert!(money.has_service_facts());
    assert_eq!(RankBy::default_for(&money), RankBy::Loss);
    let names = |by| -> Vec<String> {
        RiskRegister::new(&map, &analysis)
            .with_money(&money, by)
            .rows()
            .map(|r| r.component.id.to_string())
            .collect()
    };
    assert_eq!(names(RankBy::Loss), ["ifs", "pacs", "net", "book", "fax"]);
    // Score: ifs 17, book 13, fax 10, net 9 (3 needs), pacs 9 (1 need).
    assert_eq!(names(RankBy::Score), ["ifs", "book", "fax", "net", "pacs"]);
}

fn run(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_estate-map"))
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn json_report_carries_loss_and_harm_per_row() {
    let text = run(&["report", HAND, "--today", "2026-03-15", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(report["rank_by"], "loss");
    let first = &report["register"][0];
    assert_eq!(first["id"], "ifs");
    assert_eq!(first["expected_loss_gbp"]["median"], 45_000.0);
    assert_eq!(first["expected_loss_gbp"]["p5"], 45_000.0);
    assert_eq!(first["expected_loss_gbp"]["p95"], 45_000.0);
    assert_eq!(first["harm"]["worst"], "catastrophic");
    assert_eq!(first["harm"]["patients_per_day"], 140.0);
    assert_eq!(first["harm"]["user_needs"], serde_json::json!(["n1", "n2"]));
    assert_eq!(report["estate_expected_loss_gbp"]["median"], 67_400.0);

    let by_score = run(&[
        "report",
        HAND,
        "--today",
        "2026-03-15",
        "--format",
        "json",
        "--rank-by",
        "score",
    ]);
    let by_score: serde_json::Value = serde_json::from_str(&by_score).unwrap();
    assert_eq!(by_score["register"][2]["id"], "fax");
    assert_eq!(by_score["register"][2]["expected_loss_gbp"]["median"], 0.0);
}

#[test]
fn csv_and_markdown_carry_the_same_figures() {
    let csv = run(&["report", HAND, "--today", "2026-03-15", "--format", "csv"]);
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let header = reader.headers().unwrap().clone();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let first = reader.records().next().unwrap().unwrap();
    assert_eq!(&first[col("ID")], "ifs");
    assert_eq!(&first[col("Expected loss median (GBP a year)")], "45000");
    assert_eq!(&first[col("Worst harm")], "Catastrophic");
    assert_eq!(&first[col("Patients a day")], "140");
    let md = run(&["report", HAND, "--today", "2026-03-15"]);
    assert!(md.contains("Ranked by expected annual loss"));
    assert!(md.contains(
        "| £45,000 | £45,000 to £45,000 | 140 | Catastrophic | If Interface server fails"
    ));
}

#[test]
fn dspt_lists_unsupported_and_extended_with_missing_evidence() {
    let csv = run(&[
        "report",
        HAND,
        "--today",
        "2026-03-15",
        "--format",
        "csv",
        "--dspt",
    ]);
    let rows: Vec<csv::StringRecord> = csv::Reader::from_reader(csv.as_bytes())
        .records()
        .map(Result::unwrap)
        .collect();
    // Only the unsupported interface server and the extended-support PACS, by loss.
    assert_eq!(rows.len(), 2);
    assert_eq!(&rows[0][1], "ifs");
    assert_eq!(&rows[0][9], "Mitigate");
    assert_eq!(&rows[0][12], "review overdue (due 2026-01-31)");
    assert_eq!(&rows[1][1], "pacs");
    assert_eq!(&rows[1][12], "");
    let md = run(&["report", HAND, "--today", "2026-03-15", "--dspt"]);
    assert!(md.contains("2 systems; 1 need attention"));
}

// ---- properties ----

/// A generated estate with service facts on its needs and uncollapsed default ranges.
fn estate(seed: u64, costs: &[f64], patients: &[f64]) -> Map {
    let mut map = generate(40, seed);
    map.settings.money.draws = 300;
    let needs = map
        .components
        .iter_mut()
        .filter(|c| c.kind == estate_map::model::Kind::UserNeed);
    for (k, need) in needs.enumerate() {
        need.outage_cost_gbp_per_day = costs.get(k).copied().filter(|c| *c >= 0.0);
        need.patients_per_day = patients.get(k).copied();
    }
    map
}

fn money_of(map: &Map) -> (Analysis, MoneyAnalysis) {
    let analysis = Analysis::new(map, today());
    let money = MoneyAnalysis::new(map, &analysis);
    (analysis, money)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn losses_are_ordered_non_negative_and_zero_without_dependants(
        seed in 0u64..1000,
        costs in proptest::collection::vec(-1.0f64..50_000.0, 2),
        patients in proptest::collection::vec(0.0f64..500.0, 2),
    ) {
        let map = estate(seed, &costs, &patients);
        let (analysis, money) = money_of(&map);
        for node in analysis.ranking() {
            let m = money.system(*node).unwrap();
            let l = m.expected_loss;
            prop_assert!(0.0 <= l.p5 && l.p5 <= l.median && l.median <= l.p95, "{l:?}");
            if analysis.components()[*node].dependent_needs == 0 {
                prop_assert_eq!(l, Default::default());
            }
        }
        let e = money.estate();
        prop_assert!(0.0 <= e.p5 && e.p5 <= e.median && e.median <= e.p95);
        // Two runs give identical output.
        prop_assert_eq!(&money, &MoneyAnalysis::new(&map, &analysis));
    }

    #[test]
    fn more_daily_cost_or_patients_never_lowers_a_loss(
        seed in 0u64..1000,
        cost in 0.0f64..50_000.0,
        more in 0.0f64..50_000.0,
        patients in 0.0f64..500.0,
        more_patients in 0.0f64..500.0,
    ) {
        let base = estate(seed, &[cost, cost], &[patients, patients]);
        let mut costlier = estate(seed, &[cost + more, cost], &[patients, patients]);
        let mut priced = estate(seed, &[], &[patients, patients]);
        priced.settings.money.cost_gbp_per_patient_day = 100.0;
        costlier.settings.money.cost_gbp_per_patient_day = 0.0;
        let mut busier = estate(seed, &[], &[patients + more_patients, patients]);
        busier.settings.money.cost_gbp_per_patient_day = 100.0;
        for (low, high) in [(&base, &costlier), (&priced, &busier)] {
            let (analysis, low_money) = money_of(low);
            let (_, high_money) = money_of(high);
            for node in analysis.ranking() {
                let (a, b) = (
                    low_money.system(*node).unwrap().expected_loss,
                    high_money.system(*node).unwrap().expected_loss,
                );
                prop_assert!(a.median <= b.median && a.p5 <= b.p5 && a.p95 <= b.p95, "{a:?} {b:?}");
            }
            prop_assert!(low_money.estate().median <= high_money.estate().median);
        }
    }
}

#[test]
fn ten_thousand_draws_hold_percentiles_within_two_percent_between_seeds() {
    for (first, second) in [(14, 99), (1, 2), (3, 4)] {
        let mut map = estate(5, &[20_000.0, 3_000.0], &[40.0, 200.0]);
        map.settings.money.draws = 10_000;
        map.settings.money.seed = first;
        let (analysis, a) = money_of(&map);
        map.settings.money.seed = second;
        let b = MoneyAnalysis::new(&map, &analysis);
        let (a, b) = (a.estate(), b.estate());
        for (x, y) in [(a.median, b.median), (a.p5, b.p5), (a.p95, b.p95)] {
            assert!((x - y).abs() / x < 0.02, "{x} vs {y}");
        }
        assert_ne!(a, b, "a different seed draws differently");
    }
}

#[test]
fn a_failure_rate_override_is_a_range_of_its_own() {
    let mut map = hand_map();
    let pacs = map.component_index(&ComponentId::new("pacs")).unwrap();
    map.components[pacs].failures_per_year = Some(Range3::new(1.0, 1.5, 4.0));
    let (_, money) = money_of(&map);
    let l = money.system(pacs).unwrap().expected_loss;
    // 2 days x £5,000 x a rate between 1 and 4.
    assert!(
        10_000.0 <= l.p5 && l.p5 < l.median && l.median < l.p95 && l.p95 <= 40_000.0,
        "{l:?}"
    );
}

// In an estate the harm names the areas where services stop: the Windows Server 2012
// VMs hold up the stroke, diabetes and cancer pathways (tests/fixtures/estate); a map
// without areas says nothing of them.
#[test]
fn an_estates_harm_names_the_areas_affected() {
    let map: Map =
        from_json_bytes(&std::fs::read("tests/fixtures/estate/estate.json").unwrap()).unwrap();
    let analysis = Analysis::new(&map, today());
    let money = MoneyAnalysis::new(&map, &analysis);
    let named = |name: &str| {
        let node = map.components.iter().position(|c| c.name == name).unwrap();
        money.system(node).unwrap()
    };
    let vms = named("Windows Server 2012 VMs");
    assert_eq!(vms.harm.areas, ["Cancer", "Diabetes", "Stroke"]);
    assert!(
        vms.statement
            .contains("; areas affected: Cancer, Diabetes and Stroke;"),
        "{}",
        vms.statement
    );
    let hand = hand_map();
    let analysis = Analysis::new(&hand, today());
    let money = MoneyAnalysis::new(&hand, &analysis);
    let ifs = money.system(hand.component_index(&ComponentId::new("ifs")).unwrap());
    assert!(ifs.unwrap().harm.areas.is_empty(), "a map without areas");
    assert!(!ifs.unwrap().statement.contains("areas affected"));
}
