//! `estate-map report`: filled in by the analysis work (issue 6).

use clap::Args;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Args, Debug)]
pub struct ReportArgs {
    /// Map file to report on.
    pub map: PathBuf,
}

pub fn run(_args: &ReportArgs) -> ExitCode {
    eprintln!("report is not available yet");
    ExitCode::from(2)
}
