//! Several maps open at once, as tabs. The active tab lives in the app's own fields
//! (`doc`, `canvas`, the export state and the file state in `files`), so everything
//! else in the app means "the active map"; the other tabs wait here and are swapped in
//! on switching. Inactive tabs keep writing recovery copies and watching their files.

use super::app::EstateApp;
use super::canvas::CanvasState;
use super::document::Document;
use super::export_dialog::ExportState;
use super::file_menu::Intent;
use super::files::AppDirs;
use super::files::recovery::{Autosave, PendingWrite};
use super::inspector::InspectorState;
use super::prompts::Prompt;
use crate::model::Map;
use egui::{Context, Panel, Ui};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// One open map with everything that belongs to it alone.
pub(super) struct Tab {
    doc: Document,
    canvas: CanvasState,
    inspector: InspectorState,
    export: ExportState,
    autosave: Autosave,
    pending: Option<PendingWrite>,
    last_disk_check: Instant,
    disk_change_seen: bool,
    problems: Option<super::problems::MapProblems>,
}

impl Tab {
    fn new(doc: Document, autosave: &Autosave) -> Self {
        let mut autosave = autosave.clone();
        autosave.settle(doc.edits());
        Self {
            doc,
            canvas: CanvasState::new(),
            inspector: InspectorState::default(),
            export: ExportState::default(),
            autosave,
            pending: None,
            last_disk_check: Instant::now(),
            disk_change_seen: false,
            problems: None,
        }
    }
}

/// The tabs that are not active, in strip order: the active tab's place is `active`.
#[derive(Default)]
pub(super) struct Workspace {
    others: Vec<Tab>,
    active: usize,
    /// When new tabs write recovery copies.
    autosave: Autosave,
}

impl EstateApp {
    /// The app as `estate-map FILE... [--view]` starts: each file in a tab of its own
    /// (the first one active), `dirs` for recent maps and recovery copies; a file that
    /// cannot be opened shows its problems, and no file at all shows the start screen.
    pub fn for_files(ctx: &Context, files: &[PathBuf], view: bool, dirs: Option<&AppDirs>) -> Self {
        let mut app = Self::new(ctx, Document::new(Map::default(), None));
        if view {
            app = app.with_view_only();
        }
        if let Some(dirs) = dirs {
            app = app.with_app_dirs(dirs);
        }
        for path in files {
            app.open_path(path);
        }
        if files.is_empty() {
            app = app.with_start_screen();
        }
        app.switch_tab(0);
        app
    }

    /// Sets when every tab, open or opened later, writes its recovery copies (tests
    /// write after every edit).
    pub fn with_autosave(mut self, autosave: Autosave) -> Self {
        let settled = |edits| {
            let mut this = autosave.clone();
            this.settle(edits);
            this
        };
        self.files.autosave = settled(self.doc.edits());
        for tab in &mut self.workspace.others {
            tab.autosave = settled(tab.doc.edits());
        }
        self.workspace.autosave = autosave;
        self
    }

    /// What is wrong with a file that could not be opened, while its dialog is shown.
    pub fn open_problem(&self) -> Option<&str> {
        match &self.files.prompt {
            Some(Prompt::OpenFailed { message, .. }) => Some(message),
            _ => None,
        }
    }

    pub fn tab_count(&self) -> usize {
        self.workspace.others.len() + 1
    }

    pub fn active_tab(&self) -> usize {
        self.workspace.active
    }

    /// Every open map in strip order (the active one included).
    pub fn documents(&self) -> Vec<&Document> {
        let mut docs: Vec<&Document> = self.workspace.others.iter().map(|t| &t.doc).collect();
        docs.insert(self.workspace.active, &self.doc);
        docs
    }

    /// Exchanges the active tab's state with `tab`'s.
    fn swap_active(&mut self, tab: &mut Tab) {
        std::mem::swap(&mut self.doc, &mut tab.doc);
        std::mem::swap(&mut self.canvas, &mut tab.canvas);
        std::mem::swap(&mut self.inspector, &mut tab.inspector);
        std::mem::swap(&mut self.export, &mut tab.export);
        // The export window stays open (or shut) across tabs; its contents follow.
        std::mem::swap(&mut self.export.open, &mut tab.export.open);
        std::mem::swap(&mut self.files.autosave, &mut tab.autosave);
        std::mem::swap(&mut self.files.pending, &mut tab.pending);
        std::mem::swap(&mut self.files.last_disk_check, &mut tab.last_disk_check);
        std::mem::swap(&mut self.files.disk_change_seen, &mut tab.disk_change_seen);
        std::mem::swap(&mut self.files.problems, &mut tab.problems);
    }

    /// A drag or an inline edit does not carry over into another tab.
    fn leave_active(&mut self) {
        self.leave_compare();
        self.leave_timeline();
        self.doc.end_gesture();
        self.canvas.gesture = Default::default();
        self.canvas.editor = None;
    }

    /// Makes tab `index` (in strip order) the active one.
    pub fn switch_tab(&mut self, index: usize) {
        let active = self.workspace.active;
        if index == active || index >= self.tab_count() {
            return;
        }
        self.leave_active();
        let slot = if index < active { index } else { index - 1 };
        let mut tab = self.workspace.others.remove(slot);
        self.swap_active(&mut tab);
        // The old active tab keeps its place in the strip.
        let back = if index < active { active - 1 } else { active };
        self.workspace.others.insert(back, tab);
        self.workspace.active = index;
        let name = self.doc.display_name();
        self.status.info(format!("Showing {name}"));
    }

    /// Ctrl+Tab / Ctrl+Shift+Tab: the next or previous tab, round the end.
    /// Next and Previous need another tab to go to.
    pub(super) fn tab_count_check(&self) -> Result<(), String> {
        match self.workspace.others.is_empty() {
            true => Err("Only one map is open".into()),
            false => Ok(()),
        }
    }

    pub(super) fn cycle_tab(&mut self, forward: bool) {
        let n = self.tab_count();
        let step = if forward { 1 } else { n - 1 };
        self.switch_tab((self.workspace.active + step) % n);
    }

    /// Opens `doc` in a new tab after the active one; an untouched empty map (the one
    /// the app starts with) is replaced instead.
    pub(super) fn open_tab(&mut self, doc: Document) {
        let untouched = self.doc.path.is_none()
            && !self.doc.is_dirty()
            && self.doc.map.components.is_empty()
            && self.doc.map.notes.is_empty();
        if untouched {
            self.replace_document(doc);
            return;
        }
        self.leave_active();
        let mut tab = Tab::new(doc, &self.workspace.autosave);
        self.swap_active(&mut tab);
        self.workspace.active += 1;
        self.workspace.others.insert(self.workspace.active - 1, tab);
        self.files.start_screen = false;
    }

    /// Closes the active tab without asking (the caller has); the one after it, or else
    /// before it, becomes active. The last tab gives way to a new empty map.
    pub(super) fn close_active_tab(&mut self) {
        self.finish_pending_write();
        let active = self.workspace.active;
        if self.workspace.others.is_empty() {
            let mut doc = Document::new(Map::default(), None);
            doc.set_view_only(self.files.view_only);
            self.replace_document(doc);
            return;
        }
        self.leave_active();
        let slot = active.min(self.workspace.others.len() - 1);
        let mut tab = self.workspace.others.remove(slot);
        self.swap_active(&mut tab);
        self.workspace.active = slot;
        let closed = tab.doc.display_name();
        self.status.info(format!("Closed {closed}"));
    }

    /// Switches to the tab of `path` if it is open; whether it was.
    pub(super) fn switch_to_file(&mut self, path: &Path) -> bool {
        let same = |doc: &Document| doc.path.as_deref().is_some_and(|p| same_file(p, path));
        let found = self.documents().iter().position(|d| same(d));
        if let Some(index) = found {
            self.switch_tab(index);
        }
        found.is_some()
    }

    /// Makes a tab with unsaved changes active (the active one first); whether any is.
    pub(super) fn activate_dirty_tab(&mut self) -> bool {
        if self.doc.is_dirty() {
            return true;
        }
        let found = self.documents().iter().position(|d| d.is_dirty());
        if let Some(index) = found {
            self.switch_tab(index);
        }
        found.is_some()
    }

    /// The window title: the active map's, and how many other tabs are unsaved.
    pub(super) fn workspace_title(&self) -> String {
        let mut title = self.doc.window_title();
        // Compare mode makes the map read-only for a while; the title says why.
        if let Some(state) = &self.compare {
            let comparing = format!(" (comparing with {})", state.source);
            title = title.replacen(" (read-only)", &comparing, 1);
        }
        if let Some(view) = self.view_in_title() {
            title = title.replacen(" - Estate Map", &format!(" [{view}] - Estate Map"), 1);
        }
        let others = self.workspace.others.iter();
        match others.filter(|t| t.doc.is_dirty()).count() {
            0 => title,
            n => {
                let maps = if n == 1 { "map" } else { "maps" };
                let base = title.trim_end_matches(" - Estate Map");
                format!("{base} (+{n} unsaved {maps}) - Estate Map")
            }
        }
    }

    /// Every frame: recovery copies and the disk watch of the tabs not shown. A file
    /// changed on disk brings its tab to the front with the question.
    pub(super) fn background_tabs(&mut self, ctx: &Context) {
        for slot in 0..self.workspace.others.len() {
            let mut tab = self.workspace.others.remove(slot);
            self.swap_active(&mut tab);
            let asked = self.files.prompt.is_some();
            self.autosave(ctx);
            self.check_disk(ctx);
            let changed = !asked && matches!(self.files.prompt, Some(Prompt::ChangedOnDisk));
            self.swap_active(&mut tab);
            self.workspace.others.insert(slot, tab);
            if changed {
                let index = if slot < self.workspace.active {
                    slot
                } else {
                    slot + 1
                };
                self.switch_tab(index);
            }
        }
    }

    /// The strip of open maps, shown once there is more than one: click to switch, the
    /// cross closes (asking first if the map has unsaved changes).
    pub(super) fn tab_strip(&mut self, ui: &mut Ui) {
        if self.workspace.others.is_empty() {
            return;
        }
        let mut switch = None;
        let mut close = None;
        Panel::top("tabs").show(ui, |ui| {
            ui.horizontal_wrapped(|ui| {
                for (i, doc) in self.documents().into_iter().enumerate() {
                    let marker = if doc.is_dirty() { "\u{25CF} " } else { "" };
                    let name = doc.display_name();
                    let active = i == self.workspace.active;
                    let tab = ui.selectable_label(active, format!("{marker}{name}"));
                    let tip = doc
                        .path
                        .as_ref()
                        .map_or("Never saved".into(), |p| p.display().to_string());
                    if tab.on_hover_text(tip).clicked() {
                        switch = Some(i);
                    }
                    let cross = ui
                        .small_button("\u{2715}")
                        .on_hover_text("Close (Ctrl+W)")
                        .accessible_name(format!("Close {name}"));
                    if cross.clicked() {
                        close = Some(i);
                    }
                    ui.separator();
                }
            });
        });
        if let Some(i) = close {
            self.switch_tab(i);
            self.request(Intent::CloseTab);
        } else if let Some(i) = switch {
            self.switch_tab(i);
        }
    }
}

/// Whether two paths name one file (either may be relative or not canonical).
fn same_file(a: &Path, b: &Path) -> bool {
    let canonical = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
    a == b || canonical(a) == canonical(b)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::{Command, Position};
    use crate::model::Kind;

    fn edited(title: &str) -> Document {
        let mut doc = Document::new(Map::new(title), None);
        let add = Command::AddComponent {
            name: "EPR".into(),
            kind: Kind::System,
            at: Position::new(0.5, 0.5),
        };
        doc.apply(add).unwrap();
        doc
    }

    #[test]
    fn the_window_title_counts_the_other_unsaved_tabs() {
        let ctx = Context::default();
        let mut app = EstateApp::new(&ctx, Document::new(Map::new("Ward"), None));
        let clean = Document::new(Map::new("Clean"), Some(PathBuf::from("clean.json")));
        app.open_tab(clean);
        assert_eq!(app.workspace_title(), "clean.json - Estate Map");
        app.open_tab(edited("Stroke"));
        app.open_tab(edited("Theatres"));
        assert_eq!(app.tab_count(), 3, "the untouched first map was replaced");
        assert_eq!(
            app.workspace_title(),
            "\u{25CF} Theatres (+1 unsaved map) - Estate Map"
        );
        app.switch_tab(0);
        assert_eq!(
            app.workspace_title(),
            "clean.json (+2 unsaved maps) - Estate Map"
        );
        let order: Vec<_> = app
            .documents()
            .iter()
            .map(|d| d.map.title.clone())
            .collect();
        assert_eq!(order, ["Clean", "Stroke", "Theatres"]);
        app.switch_tab(2);
        app.switch_tab(1);
        let order: Vec<_> = app
            .documents()
            .iter()
            .map(|d| d.map.title.clone())
            .collect();
        assert_eq!(
            order,
            ["Clean", "Stroke", "Theatres"],
            "switching keeps the order"
        );
        app.close_active_tab();
        assert_eq!(
            app.document().map.title,
            "Theatres",
            "the next tab takes over"
        );
        app.close_active_tab();
        assert_eq!(app.document().map.title, "Clean", "then the one before");
    }
}
