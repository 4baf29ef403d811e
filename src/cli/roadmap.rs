//! `estate-map roadmap MAP.json -o OUT.pdf|png|svg`: the roadmap (a timeline per system:
//! contract ends, end of support, notice deadlines, the plan's phases and steps,
//! parallel running, today) as a board-pack page.
//!
//! Exit codes: 0 written; 1 the map could not be read or is invalid; 2 bad arguments;
//! 3 the output could not be written.

use crate::export::{ExportOptions, Format, export_scene};
use crate::model::{load_file, write_atomically};
use crate::scene::Theme;
use crate::scene::roadmap::{self, RoadmapOptions};
use clap::Args;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Args, Debug)]
pub struct RoadmapArgs {
    /// The map file.
    pub map: PathBuf,
    /// Output file: .png, .svg or .pdf (PNG and PDF are A4 landscape).
    #[arg(short, long)]
    pub output: PathBuf,
    /// Where the today line is drawn, YYYY-MM-DD (default: today).
    #[arg(long, value_name = "DATE")]
    pub today: Option<chrono::NaiveDate>,
    /// Greyscale for black-and-white printers.
    #[arg(long)]
    pub print: bool,
    /// Larger text, for a projector.
    #[arg(long)]
    pub presenter: bool,
}

pub fn run(args: &RoadmapArgs) -> ExitCode {
    let format = match Format::from_path(&args.output) {
        Ok(Format::Html) | Err(_) => {
            eprintln!(
                "error: write the roadmap to a .png, .svg or .pdf file, not '{}'",
                args.output.display()
            );
            return ExitCode::from(2);
        }
        Ok(f) => f,
    };
    let map = match load_file(&args.map) {
        Ok(m) => m,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(1);
        }
    };
    let options = RoadmapOptions {
        today: args
            .today
            .unwrap_or_else(|| chrono::Local::now().date_naive()),
        theme: if args.print {
            Theme::Print
        } else {
            Theme::Light
        },
        presenter: args.presenter,
    };
    let scene = roadmap::build(&map, &options);
    let title = format!("Roadmap: {}", map.title);
    let bytes = match export_scene(&scene, &title, format, &ExportOptions::default()) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    match write_atomically(&args.output, &bytes, false) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(3)
        }
    }
}
