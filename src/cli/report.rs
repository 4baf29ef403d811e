//! `estate-map report MAP.json [--format md|csv|json] [--rank-by loss|score] [--dspt]`:
//! the ranked risk register (with expected loss and harm) and the exposure of each user
//! need, or the DSPT standard 8 list of unsupported systems. Exit 0 done, 1 invalid map, 2 unreadable map or
//! output that cannot be written.

use crate::analysis::report::{Report, ReportFormat};
use crate::analysis::{Analysis, MoneyAnalysis, RankBy, RegisterFilter};
use crate::model::{SupportStatus, load_file};
use chrono::NaiveDate;
use clap::{Args, ValueEnum};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Args, Debug)]
pub struct ReportArgs {
    /// Map file to report on.
    pub map: PathBuf,
    /// Output format: Markdown to read, CSV for a risk register spreadsheet, JSON for
    /// scripts.
    #[arg(long, value_enum, default_value_t = Format::Md)]
    pub format: Format,
    /// The date the report is as of (end-of-support and contract dates are measured
    /// from it); today by default.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub today: Option<NaiveDate>,
    /// Only components with this support status (repeat for several): supported,
    /// extended_support, unsupported, shadow_it, unknown.
    #[arg(long, value_name = "STATUS", value_parser = parse_status)]
    pub status: Vec<SupportStatus>,
    /// Only components whose end of support or contract end falls within this many
    /// months, or has already passed.
    #[arg(long, value_name = "MONTHS")]
    pub expires_within: Option<u32>,
    /// Rank by expected annual loss or by the explained risk score; by loss when the
    /// map's user needs record service facts (patients, outage cost, harm), else by score.
    #[arg(long, value_enum, value_name = "BY")]
    pub rank_by: Option<RankByArg>,
    /// Write the DSPT standard 8 list instead: unsupported and extended-support systems
    /// by risk, with their decisions, flagging those without a decision or past their
    /// review date (Markdown or CSV).
    #[arg(long)]
    pub dspt: bool,
    /// The register of the estate as planned on this date (the map's plan applied,
    /// end-of-support dates passed); it is also the report's date.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date, conflicts_with = "today")]
    pub as_of: Option<NaiveDate>,
    /// `--area NAME` / `--at-risk`: report on one view of an estate map.
    #[command(flatten)]
    pub view_of: super::view_args::ViewArgs,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum RankByArg {
    Loss,
    Score,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Md,
    Csv,
    Json,
}

const INVALID: u8 = 1;
pub(super) const UNREADABLE: u8 = 2;

/// The map at `path`, or the exit code for why not (printed): 2 unreadable, 1 invalid.
/// `plan` reads its map the same way.
pub(super) fn load_map(path: &std::path::Path) -> Result<crate::model::Map, ExitCode> {
    load_file(path).map_err(|e| {
        eprintln!("{e}");
        ExitCode::from(if e.is_unreadable() {
            UNREADABLE
        } else {
            INVALID
        })
    })
}

pub fn run(args: &ReportArgs) -> ExitCode {
    let map = match load_map(&args.map) {
        Ok(map) => map,
        Err(code) => return code,
    };
    let today = args
        .today
        .unwrap_or_else(|| chrono::Local::now().date_naive());
    if args.dspt && args.format == Format::Json {
        eprintln!("--dspt writes Markdown or CSV; use --format md or --format csv");
        return ExitCode::from(UNREADABLE);
    }
    let (map, today) = match args.as_of {
        Some(date) => (crate::analysis::plan::as_of(&map, date), date),
        None => (map, today),
    };
    let analysis = Analysis::new(&map, today);
    let money = MoneyAnalysis::new(&map, &analysis);
    let rank_by = match args.rank_by {
        Some(RankByArg::Loss) => RankBy::Loss,
        Some(RankByArg::Score) => RankBy::Score,
        None => RankBy::default_for(&money),
    };
    let filter = RegisterFilter {
        statuses: args.status.clone(),
        expires_within_months: args.expires_within,
        view: None,
    };
    let filter = match filter.with_view(&map, &args.view_of.view()) {
        Ok(filter) => filter,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(UNREADABLE);
        }
    };
    let format = match args.format {
        Format::Md => ReportFormat::Markdown,
        Format::Csv => ReportFormat::Csv,
        Format::Json => ReportFormat::Json,
    };
    let report = Report::new(&map, &analysis, &filter).with_money(&money, rank_by);
    let rendered = if args.dspt {
        report.dspt(format)
    } else {
        report.render(format)
    };
    let written = rendered
        .map_err(|e| format!("cannot write the CSV report: {e}"))
        .and_then(|text| {
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

fn parse_date(text: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|_| format!("'{text}' is not a date; write it as YYYY-MM-DD, e.g. 2026-03-31"))
}

fn parse_status(text: &str) -> Result<SupportStatus, String> {
    let key = text.trim().to_lowercase().replace('-', "_");
    SupportStatus::ALL
        .into_iter()
        .find(|s| s.key() == key)
        .ok_or_else(|| {
            let keys: Vec<&str> = SupportStatus::ALL.iter().map(|s| s.key()).collect();
            format!(
                "'{text}' is not a support status; use one of {}",
                keys.join(", ")
            )
        })
}
