//! Writing a file the app has already rendered (the register's CSV, the roadmap): asks
//! where with the native dialog, or the in-app chooser where none can open, and writes
//! atomically, the status line saying where or why not.

use super::app::EstateApp;
use super::files::dialogs;
use crate::model::write_atomically;
use std::path::Path;

/// A rendered file waiting for its path.
#[derive(Clone, Debug)]
pub struct RenderedFile {
    pub bytes: Vec<u8>,
    /// The extension the path is given, e.g. "csv".
    pub ext: &'static str,
    /// What it is, for the status line: "risk register".
    pub what: &'static str,
    /// The suggested file name, from which the name is made.
    pub title: String,
}

impl EstateApp {
    /// Asks where `file` goes (beside the map), then writes it there.
    pub(super) fn save_rendered_file(&mut self, file: RenderedFile) {
        let start_dir = self.doc.path.as_deref().and_then(Path::parent);
        let chosen = dialogs::ask_export_path(
            self.files.dialogs.as_mut(),
            &file.title,
            file.ext,
            start_dir,
        );
        match chosen {
            Some(path) => self.write_rendered_file(&path, &file),
            None if self.files.dialogs.unavailable() => self.choose_rendered_path_in_app(file),
            None => self.status.info(cancelled(&file)),
        }
    }

    pub(super) fn write_rendered_file(&mut self, path: &Path, file: &RenderedFile) {
        match write_atomically(path, &file.bytes, false) {
            Ok(()) => self
                .status
                .info(format!("Saved the {} to {}", file.what, path.display())),
            Err(e) => self
                .status
                .error(format!("Could not save the {}: {e}", file.what)),
        }
    }
}

/// The status line's word when no path was chosen.
pub(super) fn cancelled(file: &RenderedFile) -> String {
    format!("Export of the {} cancelled", file.what)
}
