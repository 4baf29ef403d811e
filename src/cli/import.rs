//! `estate-map import MAP.owm|.wm|.txt|REGISTER.csv|.xlsx -o MAP.json`: another tool's
//! map, or a trust's asset register, as ours.
//!
//! Dispatches by the input's extension. Exit codes: 0 imported cleanly; 1 imported,
//! but lines or cells were reported (each printed with its line, or row and column,
//! and the text); 2 the input could not be read, or the output could not be written.

use crate::interop::{owm, register};
use crate::model::{MAX_FILE_BYTES, load_file, to_json_bytes, write_atomically};
use clap::Args;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

const REPORTED: u8 = 1;
const UNREADABLE: u8 = 2;

#[derive(Args, Debug)]
pub struct ImportArgs {
    /// The map to import: OnlineWardleyMaps text (.owm, .wm or .txt), or an asset
    /// register (.csv, .tsv, .xlsx, .xlsm, .xls, .ods).
    pub input: PathBuf,
    /// The Estate Map file to write (.json).
    #[arg(short, long)]
    pub output: PathBuf,
    /// Register: the workbook sheet to read (default: the first).
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,
    /// Register: columns for fields, overriding detection, e.g.
    /// `name=Application,status=State` (keys are the map file's keys).
    #[arg(long, value_name = "KEY=HEADER,...")]
    pub columns: Option<String>,
    /// Register: update this map's matching components (by source, then by name)
    /// instead of making a new map; the result goes to `-o`.
    #[arg(long, value_name = "ESTATE.json")]
    pub into: Option<PathBuf>,
}

pub fn run(args: &ImportArgs) -> ExitCode {
    if register::is_register(&args.input) {
        return run_register(args);
    }
    if args.sheet.is_some() || args.columns.is_some() || args.into.is_some() {
        eprintln!("error: --sheet, --columns and --into are for registers (.csv, .xlsx)");
        return ExitCode::from(UNREADABLE);
    }
    match import(&args.input, &args.output) {
        Ok(problems) => {
            for p in &problems {
                eprintln!("{}: {p}", args.input.display());
            }
            ExitCode::from(if problems.is_empty() { 0 } else { REPORTED })
        }
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(UNREADABLE)
        }
    }
}

/// Which importer reads a file, by its extension.
fn is_owm(path: &Path) -> bool {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    matches!(ext.as_deref(), Some("owm" | "wm" | "txt"))
}

fn import(input: &Path, output: &Path) -> Result<Vec<owm::LineProblem>, String> {
    if !is_owm(input) {
        return Err(format!(
            "cannot import {}: use an OnlineWardleyMaps file (.owm, .wm or .txt) or a register (.csv, .xlsx)",
            input.display()
        ));
    }
    if same_file(input, output) {
        return Err(format!("{} would overwrite the input", output.display()));
    }
    let bytes = read_limited(input)?;
    let text = String::from_utf8(bytes).map_err(|e| {
        format!(
            "{} is not UTF-8 text (byte {})",
            input.display(),
            e.utf8_error().valid_up_to()
        )
    })?;
    let imported = owm::import(text.trim_start_matches('\u{feff}'));
    write_atomically(output, &to_json_bytes(&imported.map), false).map_err(|e| e.to_string())?;
    Ok(imported.problems)
}

fn read_limited(input: &Path) -> Result<Vec<u8>, String> {
    let size = std::fs::metadata(input)
        .map_err(|e| format!("cannot read {}: {e}", input.display()))?
        .len();
    if size > MAX_FILE_BYTES {
        return Err(format!(
            "{} is {size} bytes, over the {MAX_FILE_BYTES}-byte limit",
            input.display()
        ));
    }
    std::fs::read(input).map_err(|e| format!("cannot read {}: {e}", input.display()))
}

fn run_register(args: &ImportArgs) -> ExitCode {
    match import_register(args) {
        Ok(problems) => {
            for p in &problems {
                eprintln!("{}: {p}", args.input.display());
            }
            ExitCode::from(if problems.is_empty() { 0 } else { REPORTED })
        }
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(UNREADABLE)
        }
    }
}

/// Reads the register, maps its columns, writes the new map or the updated estate;
/// prints the columns used and, with `--into`, what was updated and added.
fn import_register(args: &ImportArgs) -> Result<Vec<register::CellProblem>, String> {
    let input = &args.input;
    if same_file(input, &args.output) {
        return Err(format!(
            "{} would overwrite the input",
            args.output.display()
        ));
    }
    let bytes = read_limited(input)?;
    let table = register::read_table(input, &bytes, args.sheet.as_deref())
        .map_err(|e| format!("cannot read {}: {e}", input.display()))?;
    let mut mapping = register::Mapping::detect(&table.headers);
    if let Some(spec) = &args.columns {
        mapping.apply_overrides(&table.headers, spec)?;
    }
    if mapping.column_of("name").is_none() {
        return Err(format!(
            "cannot import {}: no column looks like a system name (headers: {}); name one with --columns name=HEADER",
            input.display(),
            table.headers.join(", ")
        ));
    }
    println!("columns: {}", mapping.describe(&table.headers));
    let imported = register::import(&table, &mapping, &register::source_name(input));
    let mut problems = imported.problems.clone();
    let map = match &args.into {
        None => imported.map.clone(),
        Some(into) => {
            let mut estate = load_file(into).map_err(|e| e.to_string())?;
            let changes = register::merge_into(&mut estate, &imported);
            for change in &changes {
                println!("{change}");
            }
            // Near matches are added, never merged: reported (exit 1) for review.
            problems.extend(register::possible_match_problems(
                &table, &mapping, &changes,
            ));
            estate
        }
    };
    write_atomically(&args.output, &to_json_bytes(&map), false).map_err(|e| e.to_string())?;
    Ok(problems)
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}
