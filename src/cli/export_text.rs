//! `estate-map export MAP.json -o MAP.owm|.wm|.mmd`: the map as OnlineWardleyMaps or
//! Mermaid `wardley-beta` text. Exit codes as for the image exports.

use crate::interop::{mermaid, owm};
use crate::model::{load_file, write_atomically};
use std::path::Path;
use std::process::ExitCode;

/// The text writer an output file name asks for, if it names one.
pub fn writer(output: &Path) -> Option<fn(&crate::model::Map) -> String> {
    let ext = output.extension()?.to_str()?.to_ascii_lowercase();
    match ext.as_str() {
        "owm" | "wm" => Some(owm::export),
        "mmd" => Some(mermaid::export),
        _ => None,
    }
}

pub fn run(
    maps: &[std::path::PathBuf],
    output: &Path,
    write: fn(&crate::model::Map) -> String,
) -> ExitCode {
    let [map_path] = maps else {
        eprintln!("error: export one map at a time to {}", output.display());
        return ExitCode::from(2);
    };
    let map = match load_file(map_path) {
        Ok(m) => m,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(1);
        }
    };
    match write_atomically(output, write(&map).as_bytes(), false) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(3)
        }
    }
}
