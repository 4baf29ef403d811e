//! OnlineWardleyMaps text in the app. Opening, importing or dropping a `.owm`/`.wm`
//! file imports it as a new, unsaved map (the OWM file is never written); pasting OWM
//! text onto the canvas adds its components and links at OWM's coordinates, as one
//! undoable paste. Lines that could not be read are named on the status line.

use super::app::EstateApp;
use super::document::Document;
use crate::edit::{Clipboard, Command, Position};
use crate::interop::owm;
use std::path::Path;

/// Whether a file is OWM text rather than an Estate Map file.
pub fn is_owm_path(path: &Path) -> bool {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    matches!(ext.as_deref(), Some("owm" | "wm"))
}

impl EstateApp {
    /// Imports an OWM file as a new untitled map in this window.
    pub(super) fn import_owm_file(&mut self, path: &Path) {
        let text = match std::fs::read(path).map(String::from_utf8) {
            Ok(Ok(text)) => text,
            Ok(Err(_)) => {
                self.status.error(format!(
                    "Could not import {}: it is not UTF-8 text",
                    path.display()
                ));
                return;
            }
            Err(e) => {
                self.status
                    .error(format!("Could not import {}: {e}", path.display()));
                return;
            }
        };
        let imported = owm::import(text.trim_start_matches('\u{feff}'));
        let n = imported.map.components.len();
        self.open_tab(Document::new(imported.map, None));
        match imported.problems.first() {
            None => self.status.info(format!(
                "Imported {n} component(s) from {}; Save as (Ctrl+Shift+S) keeps it as a map file",
                path.display()
            )),
            Some(first) => self.status.error(format!(
                "Imported {n} component(s) from {}; {} line(s) could not be read, first {first}",
                path.display(),
                imported.problems.len()
            )),
        }
    }

    /// Pastes `text` as OWM map text if it is that (and no Estate Map copy); returns
    /// whether it did.
    pub(super) fn paste_owm(&mut self, text: &str) -> bool {
        if Clipboard::from_text(text).is_some() || !owm::looks_like_owm(text) {
            return false;
        }
        let imported = owm::import(text);
        let ids: Vec<_> = imported
            .map
            .components
            .iter()
            .map(|c| c.id.clone())
            .collect();
        if ids.is_empty() {
            self.status
                .error("The pasted OWM text has no components or anchors to add");
            return true;
        }
        let clipboard = Clipboard::copy(&imported.map, &ids);
        self.run_command(Command::Paste {
            clipboard,
            offset: Position::new(0.0, 0.0),
        });
        if let Some(first) = imported.problems.first() {
            self.status.error(format!(
                "Pasted {} component(s) from OWM text; {} line(s) could not be read, first {first}",
                ids.len(),
                imported.problems.len()
            ));
        }
        true
    }
}
