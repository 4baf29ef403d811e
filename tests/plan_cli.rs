//! `estate-map plan`, `export --as-of` and `report --as-of` on the stroke sample's plan.

use std::process::{Command, Output};

const STROKE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/sample_maps/stroke.json");

fn cli(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_estate-map"))
        .args(args)
        .output()
        .expect("the binary runs")
}

fn stdout(o: &Output) -> String {
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout.clone()).unwrap()
}

#[test]
fn json_has_the_business_case_keys() {
    let text = stdout(&cli(&[
        "plan",
        STROKE,
        "--format",
        "json",
        "--as-of",
        "2028-01-15",
    ]));
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    for key in [
        "years",
        "discount_rate",
        "npv_gbp",
        "payback_year",
        "warnings",
        "waves",
        "as_of",
    ] {
        assert!(v.get(key).is_some(), "{key} missing");
    }
    assert_eq!(v["discount_rate"], 0.035);
    let years = v["years"].as_array().unwrap();
    assert_eq!(years.len(), 5);
    for (t, y) in years.iter().enumerate() {
        assert_eq!(y["year"], t as u64);
        for key in [
            "start",
            "do_nothing_gbp",
            "plan_gbp",
            "discount_factor",
            "capital_gbp",
            "revenue_gbp",
            "risk_of_move",
        ] {
            assert!(y.get(key).is_some(), "{key} missing in year {t}");
        }
    }
    assert_eq!(years[0]["start"], "2027-01-01");
    assert_eq!(years[0]["discount_factor"], 1.0);
    // NPV is the discounted sum of the yearly differences.
    let sum: f64 = years
        .iter()
        .map(|y| {
            (y["do_nothing_gbp"].as_f64().unwrap() - y["plan_gbp"].as_f64().unwrap())
                * y["discount_factor"].as_f64().unwrap()
        })
        .sum();
    assert!((v["npv_gbp"].as_f64().unwrap() - sum).abs() < 0.01);
    assert!(v["payback_year"].is_u64() || v["payback_year"].is_null());
    // In January 2028 the register replacement is under way.
    let under_way = v["as_of"]["steps_under_way"].as_array().unwrap();
    assert_eq!(under_way.len(), 1);
    assert_eq!(under_way[0]["action"], "replace");
}

#[test]
fn years_flag_and_csv_rows() {
    let text = stdout(&cli(&["plan", STROKE, "--format", "csv", "--years", "3"]));
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 4, "{text}");
    assert!(lines[0].starts_with("year,start,end,do_nothing_gbp,plan_gbp,discount_factor"));
    assert!(lines[1].starts_with("0,2027-01-01,2027-12-31,"));
}

#[test]
fn markdown_reads_as_a_board_paper() {
    let text = stdout(&cli(&["plan", STROKE]));
    for part in [
        "# Business case: Hyper-acute stroke pathway",
        "**Net present value:",
        "| Year | From | Do nothing | Plan |",
        "## Phases",
        "### Replace the thrombolysis register (2027-07-01 to 2028-03-31)",
        "## Warnings",
        "## Suggested order of work",
        "**Wave 1**",
    ] {
        assert!(text.contains(part), "{part} missing in\n{text}");
    }
}

#[test]
fn chart_is_written_as_svg() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("case.svg");
    stdout(&cli(&["plan", STROKE, "--chart", out.to_str().unwrap()]));
    let svg = std::fs::read_to_string(out).unwrap();
    assert!(svg.starts_with("<svg"));
    assert!(svg.contains("Business case: Hyper-acute stroke pathway"));
    assert!(svg.contains(">Year 4<"));
}

#[test]
fn a_missing_map_is_exit_2() {
    let o = cli(&["plan", "/no/such/map.json"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn export_and_report_follow_the_date() {
    let dir = tempfile::tempdir().unwrap();
    let svg_at = |date: &str| {
        let out = dir.path().join(format!("{date}.svg"));
        let o = cli(&[
            "export",
            STROKE,
            "-o",
            out.to_str().unwrap(),
            "--as-of",
            date,
        ]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        std::fs::read_to_string(out).unwrap()
    };
    let before = svg_at("2027-03-01");
    assert!(before.contains(">register (Access<"));
    assert!(!before.contains(">Stroke registry<"));
    let during = svg_at("2027-12-01");
    assert!(during.contains(">register (Access<"));
    assert!(during.contains(">Stroke registry<"));
    let after = svg_at("2028-04-01");
    assert!(!after.contains(">register (Access<"));
    assert!(after.contains(">Stroke registry<"));

    let report = stdout(&cli(&[
        "report",
        STROKE,
        "--format",
        "json",
        "--as-of",
        "2029-06-01",
    ]));
    assert!(!report.contains("Windows Server 2012 R2 VMs"));
    assert!(report.contains("Stroke registry"));
}
