//! Compare mode (issue 12): the active map against another version of it (a file, its
//! `.bak` backup or another open tab), the changes marked on the canvas and listed in a
//! panel. Read-only while it lasts; leaving it restores the view and selection. From
//! here the progress report is exported; "Merge changes from…" and the list of
//! conflicts a merge left behind live here too.

use super::app::EstateApp;
use super::canvas::Look;
use super::files::dialogs::{ask_open_path, suggested_file_name};
use super::files::disk;
use super::registry::ActionId;
use super::selection::Selection;
use super::view::View;
use crate::edit::Command;
use crate::edit::diff::{MapDiff, diff};
use crate::edit::merge3::merge;
use crate::edit::progress::{markdown, show_value};
use crate::edit::resolve::resolve;
use crate::export::{Format, progress_slide as slide};
use crate::model::{ComponentId, Map, backup_path, write_atomically};
use crate::scene::{ItemId, Scene, mark_changes};
use egui::{Panel, ScrollArea, Ui};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// What compare mode keeps while it is on.
pub(super) struct CompareState {
    /// The other version, shown as the "before".
    pub old: Map,
    /// Where it came from, for the panel's heading ("stroke.json.bak").
    pub source: String,
    pub diff: MapDiff,
    /// The canvas scene with the changes marked, for the scene it was built from.
    marked: Option<(Arc<Scene>, Look, Arc<Scene>)>,
    /// To put back on leaving.
    view: View,
    selection: Selection,
    was_read_only: bool,
}

/// Why an edit is refused in compare mode (the registry's read-only rule).
pub(super) const COMPARE_READ_ONLY: &str =
    "Compare mode is read-only: leave compare (Escape) to edit the map";

impl EstateApp {
    pub fn comparing(&self) -> bool {
        self.compare.is_some()
    }

    /// Compare mode against `old`, named `source` in the panel.
    pub fn start_compare(&mut self, old: Map, source: String) {
        self.leave_compare();
        self.doc.end_gesture();
        self.canvas.editor = None;
        let diff = diff(&old, &self.doc.map);
        let changes = diff.added.len() + diff.removed.len() + diff.changed.len();
        self.status.info(if diff.is_empty() {
            format!("Comparing with {source}: no differences")
        } else {
            format!(
                "Comparing with {source}: {changes} component(s) differ. Escape leaves compare mode"
            )
        });
        self.compare = Some(CompareState {
            old,
            source,
            diff,
            marked: None,
            view: self.canvas.view,
            selection: self.canvas.selection.clone(),
            was_read_only: self.doc.read_only,
        });
        // Canvas gestures go straight to the document: read-only stops them there too.
        self.doc.read_only = true;
        // The whole comparison in view: ghosts and trails, the key and the list beside.
        self.canvas.request_fit();
    }

    /// Back to editing, with the view and selection as they were before comparing.
    pub fn leave_compare(&mut self) {
        if let Some(state) = self.compare.take() {
            self.doc.read_only = state.was_read_only;
            self.canvas.view = state.view;
            self.canvas.selection = state.selection;
            self.status.info("Left compare mode");
        }
    }

    /// "Compare with file…": asks which file.
    pub(super) fn compare_with_file(&mut self) {
        let Some(path) = ask_open_path(self.files.dialogs.as_mut(), self.doc.path.as_deref())
        else {
            return;
        };
        self.compare_with_path(&path);
    }

    pub(super) fn compare_with_path(&mut self, path: &Path) {
        match disk::open_map(path) {
            Ok(opened) => self.start_compare(opened.map, file_name(path)),
            Err(e) => self.status.error(format!("Cannot compare: {e}")),
        }
    }

    /// "Compare with backup": the `.bak` the last save left beside the file.
    pub(super) fn compare_with_backup(&mut self) {
        match self.backup() {
            Ok(path) => self.compare_with_path(&path),
            Err(reason) => self.status.error(reason),
        }
    }

    fn backup(&self) -> Result<PathBuf, String> {
        let path = self
            .doc
            .path
            .as_deref()
            .ok_or("This map has never been saved, so it has no backup to compare with")?;
        let backup = backup_path(path);
        if backup.exists() {
            Ok(backup)
        } else {
            Err(format!(
                "There is no backup '{}' yet: one is made when the map is saved over",
                file_name(&backup)
            ))
        }
    }

    pub(super) fn backup_check(&self) -> Result<(), String> {
        self.backup().map(|_| ())
    }

    /// "Compare with open map": tab `index` (strip order), or the next tab.
    pub fn compare_with_tab(&mut self, index: Option<usize>) {
        let active = self.active_tab();
        let index = index.unwrap_or((active + 1) % self.tab_count());
        if index == active || index >= self.tab_count() {
            self.status
                .error("Open another map in a tab first, then compare with it");
            return;
        }
        let other = self.documents()[index];
        let (map, name) = (other.map.clone(), other.display_name());
        self.start_compare(map, name);
    }

    /// File menu: "Compare with open map" and the other tabs by name.
    pub(super) fn compare_tab_menu(&mut self, ui: &mut Ui) {
        let active = self.active_tab();
        let names: Vec<(usize, String)> = self
            .documents()
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != active)
            .map(|(i, d)| (i, d.display_name()))
            .collect();
        ui.add_enabled_ui(!names.is_empty(), |ui| {
            ui.menu_button("Compare with open map", |ui| {
                for (i, name) in names {
                    // The tab's number tells apart maps with one file name.
                    if ui.button(format!("{name} (tab {})", i + 1)).clicked() {
                        self.compare_with_tab(Some(i));
                    }
                }
            })
            .response
            .on_disabled_hover_text("Open another map in a tab to compare with it");
        });
    }

    /// The canvas scene in compare mode: `plain` with the changes marked (cached).
    pub(super) fn compared_scene(&mut self, plain: Arc<Scene>) -> Arc<Scene> {
        let look = self.look();
        let Some(state) = self.compare.as_mut() else {
            return plain;
        };
        if let Some((from, was, marked)) = &state.marked
            && Arc::ptr_eq(from, &plain)
            && *was == look
        {
            return marked.clone();
        }
        let mut scene = (*plain).clone();
        let theme = crate::scene::Theme::default();
        mark_changes(&mut scene, &state.old, &state.diff, theme, look.presenter);
        let marked = Arc::new(scene);
        state.marked = Some((plain, look, marked.clone()));
        marked
    }

    /// The panel of changes: each entry selects its component and brings it into view.
    pub(super) fn compare_panel(&mut self, ui: &mut Ui) {
        if self.compare.is_none() {
            return;
        }
        Panel::left("compare panel")
            .resizable(true)
            .default_size(280.0)
            .show(ui, |ui| self.compare_panel_ui(ui));
    }

    fn compare_panel_ui(&mut self, ui: &mut Ui) {
        let Some(state) = &self.compare else { return };
        ui.heading("Compare");
        ui.label(format!("Before: {}", state.source));
        ui.label(format!("After: {}", self.doc.display_name()));
        ui.label(crate::edit::progress::headline(&state.diff));
        let mut leave = false;
        let mut export = false;
        ui.horizontal(|ui| {
            leave = ui
                .button("Leave compare")
                .on_hover_text("Back to editing, the view as it was (Escape)")
                .clicked();
            export = ui
                .button("Export progress\u{2026}")
                .on_hover_text("The map with the changes marked as PNG, PDF or SVG, or Markdown")
                .clicked();
        });
        ui.separator();
        let mut pick: Option<ComponentId> = None;
        let d = &state.diff;
        ScrollArea::vertical().show(ui, |ui| {
            if d.is_empty() {
                ui.label("No differences");
            }
            section(ui, "Added", d.added.len(), |ui| {
                for e in &d.added {
                    entry(ui, &e.id, &format!("+ {}", e.name), &mut pick);
                }
            });
            section(ui, "Removed", d.removed.len(), |ui| {
                for e in &d.removed {
                    ui.label(format!("\u{2212} {} (removed)", e.name));
                }
            });
            section(ui, "Changed", d.changed.len(), |ui| {
                for c in &d.changed {
                    entry(ui, &c.id, &format!("~ {}", c.name), &mut pick);
                    for f in &c.fields {
                        ui.weak(format!(
                            "    {}: {} \u{2192} {}",
                            f.field,
                            show_value(&f.old),
                            show_value(&f.new)
                        ));
                    }
                }
            });
            let links = d.links_added.len() + d.links_removed.len();
            section(ui, "Links", links, |ui| {
                for l in &d.links_added {
                    ui.label(format!("+ {} \u{2192} {}", l.from_name, l.to_name));
                }
                for l in &d.links_removed {
                    ui.label(format!("\u{2212} {} \u{2192} {}", l.from_name, l.to_name));
                }
            });
        });
        if let Some(id) = pick {
            self.canvas.selection.set(&ItemId::Component(id.clone()));
            self.canvas.centre_on_component(&self.doc.map, &id);
        }
        if leave {
            self.leave_compare();
        }
        if export {
            self.push(super::registry::Invocation::new(
                ActionId::ExportProgress,
                super::registry::Source::Menu,
            ));
        }
    }

    pub(super) fn compare_check(&self) -> Result<(), String> {
        match self.compare {
            Some(_) => Ok(()),
            None => Err("Compare with another version first (File, Compare with\u{2026})".into()),
        }
    }

    /// Writes the progress report: Markdown for `.md`, else the slide (PNG, PDF, SVG).
    pub(super) fn export_progress(&mut self) {
        let Some(state) = &self.compare else { return };
        let start = self.doc.path.as_deref().and_then(Path::parent);
        let name = suggested_file_name(&format!("{} progress", self.doc.map.title));
        let name = name.replace(".json", ".png");
        // Any of the report's formats, by the name typed; no extension means PNG.
        let Some(mut path) = self.files.dialogs.pick_export_path(&name, start, "png") else {
            return;
        };
        if path.extension().is_none() {
            path.set_extension("png");
        }
        let bytes = if has_extension(&path, "md") {
            Ok(markdown(&state.diff).into_bytes())
        } else {
            Format::from_path(&path)
                .map_err(|_| "use a .png, .pdf, .svg or .md file name".to_string())
                .and_then(|format| {
                    slide(
                        &state.old,
                        &self.doc.map,
                        &state.diff,
                        format,
                        self.presenter,
                    )
                })
        };
        let written = bytes
            .and_then(|bytes| write_atomically(&path, &bytes, false).map_err(|e| e.to_string()));
        match written {
            Ok(()) => self
                .status
                .info(format!("Progress report written to {}", path.display())),
            Err(e) => self.status.error(format!(
                "Cannot write the progress report '{}': {e}",
                path.display()
            )),
        }
    }

    /// "Merge changes from…": another version (theirs) and a base (the `.bak`, or a
    /// second pick), merged into this map as one undoable step.
    pub(super) fn merge_from_file(&mut self) {
        let start = self.doc.path.clone();
        let Some(theirs_path) = ask_open_path(self.files.dialogs.as_mut(), start.as_deref()) else {
            return;
        };
        let base_path = match self.backup() {
            Ok(backup) => backup,
            Err(_) => {
                self.status
                    .info("Now pick the common version both edits started from (the base)");
                match ask_open_path(self.files.dialogs.as_mut(), start.as_deref()) {
                    Some(path) => path,
                    None => return,
                }
            }
        };
        let (theirs, base) = match (disk::open_map(&theirs_path), disk::open_map(&base_path)) {
            (Ok(t), Ok(b)) => (t.map, b.map),
            (Err(e), _) | (_, Err(e)) => {
                self.status.error(format!("Cannot merge: {e}"));
                return;
            }
        };
        self.merge_maps(&base, &theirs, &file_name(&theirs_path));
    }

    /// Merges `theirs` (named `source`) into the active map, edited from `base`.
    pub fn merge_maps(&mut self, base: &Map, theirs: &Map, source: &str) {
        let outcome = match merge(base, &self.doc.map, theirs) {
            Ok(outcome) => outcome,
            Err(e) => {
                self.status.error(format!("Cannot merge {source}: {e}"));
                return;
            }
        };
        if outcome.map == self.doc.map {
            self.status.info(format!("Nothing to merge from {source}"));
            return;
        }
        let conflicts = outcome.conflicts.len();
        let command = Command::ReplaceMap {
            map: Box::new(outcome.map),
            what: format!("merge changes from {source}"),
        };
        match self.doc.apply(command) {
            Ok(_) if conflicts == 0 => self
                .status
                .info(format!("Merged the changes from {source} (Ctrl+Z undoes)")),
            Ok(_) => self.status.error(format!(
                "Merged {source} with {conflicts} conflict(s): ours is kept for each until you choose (Merge conflicts panel)"
            )),
            Err(e) => self.status.error(format!("Cannot merge: {e}")),
        }
    }

    /// Resolves merge conflict `index`: theirs written into the map, or ours kept.
    pub fn resolve_conflict(&mut self, index: usize, take_theirs: bool) {
        let resolved = match resolve(&self.doc.map, index, take_theirs) {
            Ok(map) => map,
            Err(e) => {
                self.status
                    .error(format!("Cannot resolve the conflict: {e}"));
                return;
            }
        };
        let what = if take_theirs {
            "take theirs"
        } else {
            "keep ours"
        };
        let command = Command::ReplaceMap {
            map: Box::new(resolved),
            what: format!("{what} in a merge conflict"),
        };
        match self.doc.apply(command) {
            Ok(_) => self.status.info(format!("Conflict resolved: {what}")),
            Err(e) => self
                .status
                .error(format!("Cannot resolve the conflict: {e}")),
        }
    }

    /// The conflicts a merge left in the map, each with Keep ours / Take theirs.
    pub(super) fn conflicts_panel(&mut self, ui: &mut Ui) {
        if self.doc.map.merge_conflicts.is_empty() || self.compare.is_some() {
            return;
        }
        let mut chosen = None;
        Panel::bottom("merge conflicts")
            .resizable(true)
            .default_size(160.0)
            .show(ui, |ui| {
                let n = self.doc.map.merge_conflicts.len();
                ui.strong(format!(
                    "Merge conflicts ({n}): the map holds ours until you choose"
                ));
                ScrollArea::vertical().show(ui, |ui| {
                    egui::Grid::new("conflicts").striped(true).show(ui, |ui| {
                        for header in ["Item", "Field", "Ours", "Theirs", ""] {
                            ui.strong(header);
                        }
                        ui.end_row();
                        for (i, c) in self.doc.map.merge_conflicts.iter().enumerate() {
                            let name = if c.name.is_empty() { &c.id } else { &c.name };
                            ui.label(name);
                            ui.label(c.field.as_deref().unwrap_or("(whole item)"));
                            ui.label(show_value(&c.ours));
                            ui.label(show_value(&c.theirs));
                            ui.horizontal(|ui| {
                                let writable = !self.doc.read_only;
                                if ui
                                    .add_enabled(writable, egui::Button::new("Keep ours"))
                                    .on_hover_text(format!("Keep ours for {name}"))
                                    .clicked()
                                {
                                    chosen = Some((i, false));
                                }
                                if ui
                                    .add_enabled(writable, egui::Button::new("Take theirs"))
                                    .on_hover_text(format!("Take theirs for {name}"))
                                    .clicked()
                                {
                                    chosen = Some((i, true));
                                }
                            });
                            ui.end_row();
                        }
                    });
                });
            });
        if let Some((i, theirs)) = chosen {
            self.resolve_conflict(i, theirs);
        }
    }
}

fn section(ui: &mut Ui, title: &str, count: usize, body: impl FnOnce(&mut Ui)) {
    if count > 0 {
        ui.strong(format!("{title} ({count})"));
        body(ui);
        ui.add_space(6.0);
    }
}

fn entry(ui: &mut Ui, id: &str, text: &str, pick: &mut Option<ComponentId>) {
    if ui
        .selectable_label(false, text)
        .on_hover_text("Select it on the map")
        .clicked()
    {
        *pick = Some(ComponentId::new(id.to_string()));
    }
}

fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

fn has_extension(path: &Path, ext: &str) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case(ext))
}
