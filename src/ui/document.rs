//! The open map with its undo history, file path and save state. Every change goes
//! through here, so read-only mode and the unsaved marker cannot be bypassed.

use super::files::disk::{self, FileStamp, SaveMapError};
use super::files::recovery::RecoverySlot;
use crate::edit::{Coalesce, Command, EditError, Edited, History, Outcome, Selection, Undone};
use crate::model::{Component, FileLoadError, Map};
use std::collections::{HashMap, VecDeque};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

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
    /// The file itself cannot be written: View-only cannot be switched off.
    pub file_read_only: bool,
    /// The file as last read or written here, to notice changes by other programs.
    pub stamp: Option<FileStamp>,
    /// Where this map's recovery copies go.
    pub slot: RecoverySlot,
    /// New on every change and unique across documents, so views caching by it never
    /// mistake a freshly opened map for the one it replaced.
    revision: u64,
    /// Edits for autosave's "every 20th edit": each command, undo and redo, and a
    /// gesture (a whole drag) at its start and end rather than on every frame.
    edits: u64,
    /// The gesture under way, if any.
    gesture: Option<Coalesce>,
    /// The latest revisions, each with the components as they were before it where it
    /// changed nothing else (see `changed_since`).
    log: VecDeque<Revised>,
}

/// A change of revision: from which, to which, and what it changed if that was only
/// components and links (None: anything else).
struct Revised {
    from: u64,
    to: u64,
    edited: Option<Edited>,
}

/// What changed since a revision, where that was only components and links.
#[derive(Debug, Default, PartialEq)]
pub struct Changes<'a> {
    /// The components whose fields changed, each as it was then (some may be gone).
    pub replaced: Vec<&'a Component>,
    /// Whether components or links were added or removed.
    pub membership: bool,
}

/// Revisions `changed_since` can look back over.
const LOG_LENGTH: usize = 64;
/// Most old components the log keeps in all: views read back a revision or two, and
/// a status set on a whole estate, again and again, must not pile up copies of it.
const LOG_COMPONENTS: usize = 20_000;

/// Revisions come from one process-wide counter (see `Document::revision`).
fn next_revision() -> u64 {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

impl Document {
    pub fn new(map: Map, path: Option<PathBuf>) -> Self {
        let slot = path
            .as_deref()
            .map_or_else(RecoverySlot::untitled, RecoverySlot::for_file);
        Self {
            map,
            history: History::new(),
            path,
            read_only: false,
            file_read_only: false,
            stamp: None,
            slot,
            revision: next_revision(),
            edits: 0,
            gesture: None,
            log: VecDeque::new(),
        }
    }

    /// Reads a map file; `view` opens it read-only, as does a file we cannot write.
    pub fn open(path: &Path, view: bool) -> Result<Self, FileLoadError> {
        let opened = disk::open_map(path)?;
        let mut doc = Self::new(opened.map, Some(opened.path));
        doc.stamp = Some(opened.stamp);
        doc.file_read_only = opened.read_only;
        doc.read_only = view || opened.read_only;
        Ok(doc)
    }

    /// The View-only toggle. A file we cannot write stays read-only.
    pub fn set_view_only(&mut self, on: bool) {
        self.end_gesture();
        self.read_only = on || self.file_read_only;
    }

    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// What changed since `revision`, if nothing but components and links did (a move,
    /// a status, a rename, an add, a delete, their undo); None if anything else did or
    /// `revision` is too old. A view of the map kept edit by edit needs no copy of it
    /// to tell what changed.
    pub fn changed_since(&self, revision: u64) -> Option<Changes<'_>> {
        let mut at = self.revision;
        // The oldest version of each: entries are read newest first.
        let mut oldest: HashMap<&str, &Component> = HashMap::new();
        let mut membership = false;
        for entry in self.log.iter().rev() {
            if at == revision {
                break;
            }
            if entry.to != at {
                return None;
            }
            let edited = entry.edited.as_ref()?;
            for c in &edited.replaced {
                oldest.insert(c.id.as_str(), c);
            }
            membership |= edited.membership;
            at = entry.from;
        }
        (at == revision).then(|| Changes {
            replaced: oldest.into_values().collect(),
            membership,
        })
    }

    /// Moves to a new revision; `edited` as for `Revised`.
    fn revise(&mut self, edited: Option<Edited>) {
        let from = self.revision;
        self.revision = next_revision();
        if self.log.len() == LOG_LENGTH {
            self.log.pop_front();
        }
        self.log.push_back(Revised {
            from,
            to: self.revision,
            edited,
        });
        let held = |log: &VecDeque<Revised>| {
            let sizes = log.iter().filter_map(|r| r.edited.as_ref());
            sizes.map(|e| e.replaced.len()).sum::<usize>()
        };
        while self.log.len() > 1 && held(&self.log) > LOG_COMPONENTS {
            self.log.pop_front();
        }
    }

    /// What the history's last command, undo or redo changed.
    fn replaced(&mut self) -> Option<Edited> {
        self.history.take_replaced()
    }

    /// Edits so far this session (only ever grows).
    pub fn edits(&self) -> u64 {
        self.edits
    }

    pub fn apply(&mut self, command: Command) -> Result<Outcome, DocError> {
        self.check_writable()?;
        let outcome = self.history.apply(&mut self.map, command)?;
        self.end_gesture();
        self.counted();
        Ok(outcome)
    }

    /// Part of a gesture: merges into one undo step with the gesture's other commands.
    pub fn apply_in_gesture(
        &mut self,
        command: Command,
        gesture: Coalesce,
    ) -> Result<Outcome, DocError> {
        self.check_writable()?;
        let outcome = self
            .history
            .apply_in_gesture(&mut self.map, command, gesture.clone())?;
        let replaced = self.replaced();
        self.revise(replaced);
        // History has already closed any other gesture; count its end and this start.
        if self.gesture.as_ref() != Some(&gesture) {
            self.edits += if self.gesture.is_some() { 2 } else { 1 };
            self.gesture = Some(gesture);
        }
        Ok(outcome)
    }

    /// What is selected now, for undo to restore (the app tells it every frame).
    pub fn note_selection(&mut self, selection: &Selection) {
        self.history.note_selection(selection);
    }

    pub fn end_gesture(&mut self) {
        self.history.end_gesture();
        if self.gesture.take().is_some() {
            self.edits += 1;
        }
    }

    /// One change that is not part of a gesture.
    fn counted(&mut self) {
        let replaced = self.replaced();
        self.revise(replaced);
        self.edits += 1;
    }

    /// Undoes the last step: its description and what to select now.
    pub fn undo(&mut self) -> Option<Undone> {
        if self.read_only {
            return None;
        }
        self.end_gesture();
        let undone = self.history.undo(&mut self.map)?;
        self.counted();
        Some(undone)
    }

    pub fn redo(&mut self) -> Option<Undone> {
        if self.read_only {
            return None;
        }
        self.end_gesture();
        let redone = self.history.redo(&mut self.map)?;
        self.counted();
        Some(redone)
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

    /// Saves to `path` with the safe save and clears the unsaved marker. Saving over the
    /// opened file first checks nobody else changed it, unless `overwrite` (the user
    /// chose to replace those changes); Save As to another file does not (its dialog has
    /// asked). The modified time is set only when the save succeeds.
    pub fn save_to(&mut self, path: &Path, overwrite: bool) -> Result<(), SaveMapError> {
        let same_file = self.path.as_deref() == Some(path);
        let known = if same_file && !overwrite {
            self.stamp.as_ref()
        } else {
            None
        };
        let previous = self.map.modified;
        self.map.modified = crate::model::now();
        match disk::save_map(&self.map, path, known) {
            Ok(stamp) => {
                self.stamp = Some(stamp);
                if !same_file {
                    self.path = Some(path.to_path_buf());
                    self.slot = RecoverySlot::for_file(path);
                }
                self.history.mark_saved();
                Ok(())
            }
            Err(e) => {
                self.map.modified = previous;
                Err(e)
            }
        }
    }

    /// A restored recovery copy: the map differs from its file until saved.
    pub fn mark_unsaved(&mut self) {
        self.history.mark_unsaved();
        self.revise(None);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::Position;
    use crate::model::{Kind, SupportStatus, load_file};

    fn add(doc: &mut Document) -> Result<Outcome, DocError> {
        doc.apply(Command::AddComponent {
            name: "EPR".into(),
            kind: Kind::System,
            at: Position::new(0.5, 0.5),
        })
    }

    #[test]
    fn save_clears_the_marker_and_never_overwrites_a_file_changed_on_disk() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("stroke.json");
        let mut doc = Document::new(Map::new("Stroke pathway"), None);
        add(&mut doc).unwrap();
        assert!(doc.window_title().starts_with('\u{25CF}'));
        doc.save_to(&path, false).unwrap();
        assert!(!doc.is_dirty());
        assert_eq!(doc.window_title(), "stroke.json - Estate Map");
        assert_eq!(load_file(&path).unwrap().components.len(), 1);

        std::fs::write(&path, b"changed by a sync tool").unwrap();
        add(&mut doc).unwrap();
        let refused = doc.save_to(&path, false);
        assert!(matches!(refused, Err(SaveMapError::ChangedOnDisk { .. })));
        assert!(doc.is_dirty());
        doc.save_to(&path, true).unwrap();
        assert_eq!(load_file(&path).unwrap().components.len(), 2);
    }

    #[test]
    fn changed_since_gives_each_moved_component_as_it_was_then() {
        let mut doc = Document::new(crate::model::generate::generate(30, 2), None);
        let (a, b) = (doc.map.components[5].clone(), doc.map.components[9].clone());
        let start = doc.revision();
        assert_eq!(doc.changed_since(start), Some(Changes::default()));
        let to = |id: &crate::model::ComponentId, e: f64| Command::Move {
            components: vec![(id.clone(), Position::new(0.5, e))],
            notes: Vec::new(),
        };
        // A drag of A (three steps, one undo step), then a status key on B.
        for e in [0.2, 0.3, 0.4] {
            doc.apply_in_gesture(to(&a.id, e), Coalesce::Drag).unwrap();
        }
        let dragged = doc.revision();
        doc.apply(Command::SetStatus {
            ids: vec![b.id.clone()],
            status: match b.status {
                crate::model::SupportStatus::Unsupported => crate::model::SupportStatus::Supported,
                _ => crate::model::SupportStatus::Unsupported,
            },
        })
        .unwrap();
        let mut since_start = doc.changed_since(start).expect("only components").replaced;
        since_start.sort_by_key(|c| doc.map.components.iter().position(|o| o.id == c.id));
        assert_eq!(since_start, [&a, &b], "both as they were at the start");
        let since_drag = doc.changed_since(dragged).unwrap();
        assert_eq!(since_drag.replaced, [&b]);
        assert!(!since_drag.membership);
        // Undo is an edit like another: B as it was before the undo.
        let before_undo = (doc.revision(), doc.map.components[9].clone());
        doc.undo().unwrap();
        assert_eq!(
            doc.changed_since(before_undo.0).unwrap().replaced,
            [&before_undo.1]
        );
        // Adding a component changes which components there are.
        let before_add = doc.revision();
        add(&mut doc).unwrap();
        let added = doc.changed_since(before_add).unwrap();
        assert!(added.membership && added.replaced.is_empty(), "{added:?}");
        assert!(
            doc.changed_since(start).unwrap().membership,
            "across it too"
        );
        // A note is more than components and links: not told.
        doc.apply(Command::AddNote {
            text: "Check with IG".into(),
            at: Position::new(0.5, 0.5),
        })
        .unwrap();
        assert_eq!(doc.changed_since(before_add), None);
        assert_eq!(doc.changed_since(12345), None, "an unknown revision");
    }

    #[test]
    fn the_log_keeps_no_pile_of_old_components() {
        let mut doc = Document::new(crate::model::generate::generate(5_000, 3), None);
        let ids: Vec<_> = doc.map.components.iter().map(|c| c.id.clone()).collect();
        let statuses = [SupportStatus::Unsupported, SupportStatus::Supported];
        let mut before = doc.revision();
        for status in statuses.into_iter().cycle().take(6) {
            before = doc.revision();
            doc.apply(Command::SetStatus {
                ids: ids.clone(),
                status,
            })
            .unwrap();
        }
        let held: usize = doc
            .log
            .iter()
            .filter_map(|r| r.edited.as_ref())
            .map(|e| e.replaced.len())
            .sum();
        assert!(held <= LOG_COMPONENTS, "{held} old components kept");
        // The last edit is still told.
        assert!(
            doc.changed_since(before)
                .is_some_and(|c| c.replaced.len() > 4_000)
        );
    }

    #[test]
    fn a_drag_counts_as_two_edits_not_one_per_frame() {
        let mut doc = Document::new(Map::new("t"), None);
        add(&mut doc).unwrap();
        let id = doc.map.components[0].id.clone();
        for frame in 0..10 {
            let at = Position::new(0.5, 0.1 + 0.01 * f64::from(frame));
            let command = Command::Move {
                components: vec![(id.clone(), at)],
                notes: vec![],
            };
            doc.apply_in_gesture(command, Coalesce::Drag).unwrap();
        }
        doc.end_gesture();
        assert_eq!(doc.edits(), 3);
        doc.undo().unwrap();
        assert_eq!(doc.edits(), 4);
        // The whole drag was one undo step.
        assert_eq!(doc.map.components[0].evolution, 0.5);
    }

    #[test]
    fn a_view_only_toggle_cannot_make_an_unwritable_file_editable() {
        let mut doc = Document::new(Map::new("t"), None);
        doc.file_read_only = true;
        doc.set_view_only(false);
        assert!(doc.read_only);
        doc.file_read_only = false;
        doc.set_view_only(false);
        assert!(add(&mut doc).is_ok());
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
