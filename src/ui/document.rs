//! The open map with its undo history, file path and save state. Every change goes
//! through here, so read-only mode and the unsaved marker cannot be bypassed.

use crate::edit::{Command, EditError, History, Outcome};
use crate::model::{Map, SaveError, save_file};
use std::path::{Path, PathBuf};

/// Where the app asks for a file name. Tests inject a fixed answer; the app uses the
/// native dialog.
pub trait FilePicker {
    /// A path to save a map to, or `None` if the user cancelled.
    fn save_path(&mut self, suggested_name: &str) -> Option<PathBuf>;
}

/// The platform's file dialog (xdg portal or GTK, as rfd finds).
pub struct NativePicker;

impl FilePicker for NativePicker {
    fn save_path(&mut self, suggested_name: &str) -> Option<PathBuf> {
        rfd::FileDialog::new()
            .add_filter("Estate Map", &["json"])
            .set_file_name(suggested_name)
            .save_file()
    }
}

#[derive(Debug, thiserror::Error)]
pub enum DocError {
    #[error("this map is open read-only: nothing can be changed")]
    ReadOnly,
    #[error(transparent)]
    Edit(#[from] EditError),
}

pub struct Document {
    pub map: Map,
    pub history: History,
    pub path: Option<PathBuf>,
    pub read_only: bool,
    /// Bumped on every change, so views know when to rebuild the scene.
    revision: u64,
}

impl Document {
    pub fn new(map: Map, path: Option<PathBuf>) -> Self {
        Self {
            map,
            history: History::new(),
            path,
            read_only: false,
            revision: 0,
        }
    }

    pub fn revision(&self) -> u64 {
        self.revision
    }

    pub fn apply(&mut self, command: Command) -> Result<Outcome, DocError> {
        self.check_writable()?;
        let outcome = self.history.apply(&mut self.map, command)?;
        self.revision += 1;
        Ok(outcome)
    }

    /// Part of a gesture: merges into one undo step with the gesture's other commands.
    pub fn apply_in_gesture(
        &mut self,
        command: Command,
        gesture: &str,
    ) -> Result<Outcome, DocError> {
        self.check_writable()?;
        let outcome = self
            .history
            .apply_in_gesture(&mut self.map, command, gesture)?;
        self.revision += 1;
        Ok(outcome)
    }

    pub fn end_gesture(&mut self) {
        self.history.end_gesture();
    }

    pub fn undo(&mut self) -> Option<String> {
        if self.read_only {
            return None;
        }
        let label = self.history.undo(&mut self.map)?;
        self.revision += 1;
        Some(label)
    }

    pub fn redo(&mut self) -> Option<String> {
        if self.read_only {
            return None;
        }
        let label = self.history.redo(&mut self.map)?;
        self.revision += 1;
        Some(label)
    }

    fn check_writable(&self) -> Result<(), DocError> {
        if self.read_only {
            Err(DocError::ReadOnly)
        } else {
            Ok(())
        }
    }

    pub fn is_dirty(&self) -> bool {
        self.history.is_dirty()
    }

    /// "stroke.json" (or the map title for a map never saved).
    pub fn display_name(&self) -> String {
        self.path
            .as_deref()
            .and_then(Path::file_name)
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| self.map.title.clone())
    }

    /// The window title: file name, an unsaved marker and the read-only state.
    pub fn window_title(&self) -> String {
        let marker = if self.is_dirty() { "\u{25CF} " } else { "" };
        let mode = if self.read_only { " (read-only)" } else { "" };
        format!("{marker}{}{mode} - Estate Map", self.display_name())
    }

    /// A file name offered when a new map is first saved, from its title.
    pub fn suggested_file_name(&self) -> String {
        let stem: String = self
            .map
            .title
            .chars()
            .map(|c| {
                if c.is_alphanumeric() {
                    c.to_ascii_lowercase()
                } else {
                    '-'
                }
            })
            .collect();
        let stem = stem.trim_matches('-');
        format!("{}.json", if stem.is_empty() { "map" } else { stem })
    }

    /// Saves to the opened file (asking for one if the map has none) with the safe save.
    /// `Ok(None)` means the user cancelled the dialog.
    pub fn save(&mut self, picker: &mut dyn FilePicker) -> Result<Option<PathBuf>, SaveError> {
        let path = match &self.path {
            Some(p) => p.clone(),
            None => match picker.save_path(&self.suggested_file_name()) {
                Some(p) => p,
                None => return Ok(None),
            },
        };
        let previous = self.map.modified;
        self.map.modified = crate::model::now();
        if let Err(e) = save_file(&self.map, &path) {
            self.map.modified = previous;
            return Err(e);
        }
        self.path = Some(path.clone());
        self.history.mark_saved();
        Ok(Some(path))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::Position;
    use crate::model::{Kind, load_file};

    struct Fixed(Option<PathBuf>);

    impl FilePicker for Fixed {
        fn save_path(&mut self, _: &str) -> Option<PathBuf> {
            self.0.clone()
        }
    }

    fn add(doc: &mut Document) -> Result<Outcome, DocError> {
        doc.apply(Command::AddComponent {
            name: "EPR".into(),
            kind: Kind::System,
            at: Position::new(0.5, 0.5),
        })
    }

    #[test]
    fn save_asks_for_a_path_once_then_clears_the_marker() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("stroke.json");
        let mut doc = Document::new(Map::new("Stroke pathway"), None);
        assert_eq!(doc.suggested_file_name(), "stroke-pathway.json");
        add(&mut doc).unwrap();
        assert!(doc.window_title().starts_with('\u{25CF}'));
        assert_eq!(doc.save(&mut Fixed(None)).unwrap(), None);
        assert!(doc.is_dirty());
        doc.save(&mut Fixed(Some(path.clone()))).unwrap();
        assert!(!doc.is_dirty());
        assert_eq!(doc.window_title(), "stroke.json - Estate Map");
        assert_eq!(load_file(&path).unwrap().components.len(), 1);
    }

    #[test]
    fn read_only_refuses_every_change() {
        let mut doc = Document::new(Map::new("t"), None);
        doc.read_only = true;
        assert!(matches!(add(&mut doc), Err(DocError::ReadOnly)));
        assert!(doc.map.components.is_empty());
        assert_eq!(doc.undo(), None);
        assert!(doc.window_title().contains("read-only"));
    }
}
