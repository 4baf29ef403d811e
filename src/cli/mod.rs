//! Command-line parsing only; each subcommand's work lives in the library layers.

mod check;
mod diff;
mod export;
mod export_text;
mod generate;
mod gui;
mod import;
mod merge;
mod merge_driver;
mod plan;
mod report;
mod roadmap;
mod view_args;

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
    /// Map files to open in the window, each in a tab of its own.
    pub files: Vec<PathBuf>,
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
    /// What changed between two versions of a map; exit 0 same, 1 different, 2 trouble.
    Diff(diff::DiffArgs),
    /// Three-way merge of two edits of a map, as a git merge driver (BASE OURS THEIRS).
    MergeDriver(merge_driver::MergeDriverArgs),
    /// Import another tool's map (OnlineWardleyMaps .owm/.wm/.txt) or an asset register
    /// (.csv/.xlsx) as an Estate Map file.
    Import(import::ImportArgs),
    /// The plan's Green Book business case against doing nothing, its warnings and
    /// the suggested order of work.
    Plan(plan::PlanArgs),
    /// Merge disease-area maps into one estate; exit 0 clean, 1 left to review, 2 bad input.
    Merge(merge::MergeArgs),
    /// The roadmap: a timeline per system (contract ends, end of support, the plan) as PNG, SVG or PDF.
    Roadmap(roadmap::RoadmapArgs),
}

pub fn run() -> ExitCode {
    crate::model::mark_app_start();
    let cli = Cli::parse();
    match cli.command {
        Some(Command::Check(args)) => check::run(&args),
        Some(Command::Generate(args)) => generate::run(&args),
        Some(Command::Export(args)) => export::run(&args),
        Some(Command::Report(args)) => report::run(&args),
        Some(Command::Diff(args)) => diff::run(&args),
        Some(Command::MergeDriver(args)) => merge_driver::run(&args),
        None => gui::run(cli.files, cli.view),
        Some(Command::Import(args)) => import::run(&args),
        Some(Command::Plan(args)) => plan::run(&args),
        Some(Command::Merge(args)) => merge::run(&args),
        Some(Command::Roadmap(args)) => roadmap::run(&args),
    }
}
