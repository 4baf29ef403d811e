//! `estate-map diff OLD.json NEW.json [--format md|json] [-o OUT]`: what changed between
//! two versions of a map, matched by id. Exit codes as diff(1): 0 no differences,
//! 1 differences, 2 trouble (an unreadable or invalid file, bad arguments, an output
//! that cannot be written). With `-o`, writes a progress report for a show-and-tell
//! instead: `.md`, `.json`, or the newer map with the changes marked as `.png`, `.pdf`
//! or `.svg`.

use crate::edit::diff::{MapDiff, diff};
use crate::edit::progress::markdown;
use crate::export::{Format, progress_slide as slide};
use crate::model::{Map, load_file, write_atomically};
use clap::{Args, ValueEnum};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

const DIFFERENT: u8 = 1;
const TROUBLE: u8 = 2;

#[derive(Args, Debug)]
pub struct DiffArgs {
    /// The earlier version of the map.
    pub old: PathBuf,
    /// The later version.
    pub new: PathBuf,
    /// Markdown to read, or JSON for scripts (keys: added, removed, changed,
    /// links_added, links_removed, summary, ...).
    #[arg(long, value_enum, default_value_t = DiffFormat::Md)]
    pub format: DiffFormat,
    /// Write a progress report instead of printing: .md, .json, or .png / .pdf / .svg
    /// for a slide of the newer map with the changes marked.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// Larger text on the slide, for a projector.
    #[arg(long)]
    pub presenter: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    Md,
    Json,
}

pub fn run(args: &DiffArgs) -> ExitCode {
    let (old, new) = match (load(&args.old), load(&args.new)) {
        (Ok(old), Ok(new)) => (old, new),
        (Err(e), _) | (_, Err(e)) => {
            eprintln!("error: {e}");
            return ExitCode::from(TROUBLE);
        }
    };
    let changes = diff(&old, &new);
    let written = match &args.output {
        None => print(&changes, args.format),
        Some(path) => write_report(&old, &new, &changes, path, args.presenter),
    };
    if let Err(e) = written {
        eprintln!("error: {e}");
        return ExitCode::from(TROUBLE);
    }
    if changes.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(DIFFERENT)
    }
}

fn load(path: &Path) -> Result<Map, String> {
    load_file(path).map_err(|e| e.to_string())
}

fn render(changes: &MapDiff, format: DiffFormat) -> String {
    match format {
        DiffFormat::Md => markdown(changes),
        DiffFormat::Json => {
            let mut text = serde_json::to_string_pretty(changes).expect("a diff always serialises");
            text.push('\n');
            text
        }
    }
}

fn print(changes: &MapDiff, format: DiffFormat) -> Result<(), String> {
    std::io::stdout()
        .write_all(render(changes, format).as_bytes())
        .map_err(|e| format!("cannot write to standard output: {e}"))
}

fn write_report(
    old: &Map,
    new: &Map,
    changes: &MapDiff,
    path: &Path,
    presenter: bool,
) -> Result<(), String> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let bytes = match ext.as_deref() {
        Some("md") => render(changes, DiffFormat::Md).into_bytes(),
        Some("json") => render(changes, DiffFormat::Json).into_bytes(),
        _ => {
            let format = Format::from_path(path)
                .ok()
                .filter(|f| *f != Format::Html)
                .ok_or_else(|| {
                format!(
                    "cannot write a progress report to '{}': use a .md, .json, .png, .pdf or .svg file name",
                    path.display()
                )
                })?;
            slide(old, new, changes, format, presenter)?
        }
    };
    write_atomically(path, &bytes, false)
        .map_err(|e| format!("cannot write '{}': {e}", path.display()))
}
