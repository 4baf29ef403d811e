//! OnlineWardleyMaps text (`.owm`, `.wm`, `.txt`): the Wardley community's
//! interchange format. Grammar: damonsk/onlinewardleymaps `frontend/src/conversion`.

mod export;
mod import;
mod meta;
mod text;

pub use export::export;
pub use import::{DEFAULT_POSITION, Imported, LineProblem, import};

/// Whether `text` looks like OWM map text rather than prose (for pasting).
pub fn looks_like_owm(text: &str) -> bool {
    text.lines().any(|l| {
        let t = l.trim_start();
        ["component ", "anchor ", "title ", "pipeline ", "evolve "]
            .iter()
            .any(|k| t.starts_with(k))
    })
}
