//! Opening the window: filled in by the canvas work (issue 3).

use std::path::PathBuf;
use std::process::ExitCode;

pub fn run(_file: Option<PathBuf>, _view: bool) -> ExitCode {
    eprintln!("the map window is not available yet; use `estate-map check FILE`");
    ExitCode::from(2)
}
