//! `estate-map report MAP.json [--format md|csv|json]`: the ranked risk register and
//! the exposure of each user need. Exit 0 done, 1 invalid map, 2 unreadable map or
//! output that cannot be written.

use crate::analysis::report::{Report, ReportFormat};
use crate::analysis::{Analysis, RegisterFilter};
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
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Md,
    Csv,
    Json,
}

const INVALID: u8 = 1;
const UNREADABLE: u8 = 2;

pub fn run(args: &ReportArgs) -> ExitCode {
    let map = match load_file(&args.map) {
        Ok(map) => map,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(if e.is_unreadable() {
                UNREADABLE
            } else {
                INVALID
            });
        }
    };
    let today = args
        .today
        .unwrap_or_else(|| chrono::Local::now().date_naive());
    let analysis = Analysis::new(&map, today);
    let filter = RegisterFilter {
        statuses: args.status.clone(),
        expires_within_months: args.expires_within,
    };
    let format = match args.format {
        Format::Md => ReportFormat::Markdown,
        Format::Csv => ReportFormat::Csv,
        Format::Json => ReportFormat::Json,
    };
    let written = Report::new(&map, &analysis, &filter)
        .render(format)
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
