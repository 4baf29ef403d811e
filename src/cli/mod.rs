//! Command-line parsing only; each subcommand's work lives in the library layers.

mod check;
mod export;
mod generate;
mod gui;
mod report;

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser, Debug)]
#[command(
    name = "estate-map",
    version,
    about = "Wardley-style maps of an NHS IT estate, with legacy and clinical risk",
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    /// Map file to open in the window.
    pub file: Option<PathBuf>,
    /// Open read-only: select, search and export, but no edits.
    #[arg(long)]
    pub view: bool,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Validate map files; exit 0 if all are valid, 1 if any is invalid, 2 if unreadable.
    Check(check::CheckArgs),
    /// Write a synthetic estate of N components (for benchmarks and tests).
    Generate(generate::GenerateArgs),
    /// Export maps to PNG, SVG or PDF without opening a window.
    Export(export::ExportArgs),
    /// Print the ranked risk register and the exposure of each user need.
    Report(report::ReportArgs),
}

pub fn run() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Some(Command::Check(args)) => check::run(&args),
        Some(Command::Generate(args)) => generate::run(&args),
        Some(Command::Export(args)) => export::run(&args),
        Some(Command::Report(args)) => report::run(&args),
        None => gui::run(cli.file, cli.view),
    }
}
