//! `estate-map plan MAP.json [--format md|csv|json] [--years N] [--as-of DATE]
//! [--chart OUT.svg]`: the
//! plan's Green Book business case against doing nothing, its warnings and the
//! suggested order of work. Exit 0 done, 1 invalid map, 2 unreadable map, bad
//! arguments or output that cannot be written.

use super::report::{Format, UNREADABLE};
use crate::analysis::plan::{PlanReport, appraise, risk_at, warnings, waves};
use chrono::NaiveDate;
use clap::Args;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Args, Debug)]
pub struct PlanArgs {
    /// Map file whose plan to appraise.
    pub map: PathBuf,
    /// Markdown for a board paper, CSV (one row a year) for a spreadsheet, JSON for
    /// scripts.
    #[arg(long, value_enum, default_value_t = Format::Md)]
    pub format: Format,
    /// Years to appraise, instead of the plan's own (default 5).
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=100))]
    pub years: Option<u32>,
    /// Also report the risk of staying and of moving on this date (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<NaiveDate>,
    /// Also write the business case as an SVG chart (costs per year and the cumulative
    /// discounted saving) to this file.
    #[arg(long, value_name = "OUT.svg")]
    pub chart: Option<PathBuf>,
}

pub fn run(args: &PlanArgs) -> ExitCode {
    let map = match super::report::load_map(&args.map) {
        Ok(map) => map,
        Err(code) => return code,
    };
    let today = chrono::Local::now().date_naive();
    let mut map = map;
    if let Some(years) = args.years {
        map.plan.get_or_insert_default().appraisal.years = years;
    }
    let settings = map
        .plan
        .as_ref()
        .map(|p| p.appraisal.clone())
        .unwrap_or_default();
    let appraisal = appraise(&map, &settings, today);
    // Warnings and waves are measured from the appraisal's start, so the same file
    // always gives the same report.
    let found = warnings(&map, appraisal.start);
    let order = waves(&map, appraisal.start);
    let risk = args.as_of.map(|d| risk_at(&map, d));
    if let Some(path) = &args.chart {
        let svg = crate::export::appraisal_svg(&appraisal, &map.title);
        if let Err(e) = crate::model::write_atomically(path, svg.as_bytes(), false) {
            eprintln!("cannot write {}: {e}", path.display());
            return ExitCode::from(UNREADABLE);
        }
    }
    let report = PlanReport {
        map: &map,
        appraisal: &appraisal,
        warnings: &found,
        waves: &order,
        as_of: risk.as_ref(),
    };
    let text = match args.format {
        Format::Md => Ok(report.markdown()),
        Format::Csv => report
            .csv()
            .map_err(|e| format!("cannot write the CSV: {e}")),
        Format::Json => Ok(format!(
            "{}\n",
            serde_json::to_string_pretty(&report.json()).expect("JSON of values")
        )),
    };
    let written = text.and_then(|text| {
        std::io::stdout()
            .write_all(text.as_bytes())
            .map_err(|e| format!("cannot write to standard output: {e}"))
    });
    match written {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{e}");
            ExitCode::from(UNREADABLE)
        }
    }
}
