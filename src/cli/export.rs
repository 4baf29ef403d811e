//! `estate-map export`: filled in by the export work (issue 5).

use clap::Args;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Args, Debug)]
pub struct ExportArgs {
    /// Map files to export.
    #[arg(required = true)]
    pub maps: Vec<PathBuf>,
    /// Output file (.png, .svg or .pdf).
    #[arg(short, long)]
    pub output: PathBuf,
}

pub fn run(_args: &ExportArgs) -> ExitCode {
    eprintln!("export is not available yet");
    ExitCode::from(2)
}
