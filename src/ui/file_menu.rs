//! The File menu and what is behind it: New, Open (dialog, recent list, dropped file,
//! command line), Save, Save As, the unsaved-changes prompt, recovery copies while
//! editing, and noticing when the open file is changed on disk by another program.
//! The work on disk is done by `files`; this module decides when.

use super::app::EstateApp;
use super::document::Document;
use super::files::AppDirs;
use super::files::dialogs::{self, FileDialogs, NativeDialogs};
use super::files::disk::{self, DiskState, SaveMapError};
use super::files::recent::{RecentItem, RecentMaps};
use super::files::recovery::{
    Autosave, EditState, PendingWrite, RecoveryCopy, RecoverySlot, RecoveryStore,
};
use super::prompts::{Prompt, PropertiesDraft};
use crate::model::{FileLoadError, Map};
use egui::{Context, Key, Modifiers, Ui, ViewportCommand};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// How often the open file is compared with what we read or wrote.
const DISK_CHECK_EVERY: Duration = Duration::from_secs(2);

/// What the user asked for that would drop the current map.
#[derive(Clone, Debug, PartialEq)]
pub enum Intent {
    New,
    /// Open this file, or ask which with the Open dialog.
    Open(Option<PathBuf>),
    Close,
}

/// The app's file state beside the document.
pub struct Files {
    pub dialogs: Box<dyn FileDialogs>,
    pub recent: Option<RecentMaps>,
    pub recovery: Option<RecoveryStore>,
    autosave: Autosave,
    pending: Option<PendingWrite>,
    last_disk_check: Instant,
    /// The question or message shown over the window, if any.
    pub prompt: Option<Prompt>,
    /// Started without a file: offer recent and sample maps.
    pub start_screen: bool,
    /// The user agreed to close; the next close request is let through.
    closing: bool,
    /// Started with `--view`: maps opened later are read-only too.
    pub view_only: bool,
    /// The user chose to keep their version of a file changed on disk.
    disk_change_seen: bool,
}

impl Files {
    pub fn new() -> Self {
        Self {
            dialogs: Box::new(NativeDialogs),
            recent: None,
            recovery: None,
            autosave: Autosave::default(),
            pending: None,
            last_disk_check: Instant::now(),
            prompt: None,
            start_screen: false,
            closing: false,
            view_only: false,
            disk_change_seen: false,
        }
    }
}

impl EstateApp {
    /// Uses the app's own folders for the recent list and recovery copies, and offers
    /// to restore any recovery copy a crash or kill left behind. Without it (tests) the
    /// app keeps neither.
    pub fn with_app_dirs(mut self, dirs: &AppDirs) -> Self {
        let (recent, warning) = RecentMaps::load(&dirs.recent_file());
        if let Some(warning) = warning {
            self.status.error(warning);
        }
        self.files.recent = Some(recent);
        if let Some(path) = self.doc.path.clone() {
            let title = self.doc.map.title.clone();
            self.note_recent(&path, &title);
        }
        // Claimed first: another window starting now will not offer this one's copies.
        let store = RecoveryStore::new(dirs.recovery_dir()).with_session();
        let (copies, problems) = store.discover();
        if let Some(problem) = problems.first() {
            self.status
                .error(format!("A recovery copy cannot be read: {problem}"));
        }
        if !copies.is_empty() {
            self.files.prompt = Some(Prompt::Recovery(copies));
        }
        self.files.recovery = Some(store);
        self
    }

    /// Replaces the file dialogs (tests answer with [`dialogs::ScriptedDialogs`]).
    pub fn with_dialogs(mut self, dialogs: Box<dyn FileDialogs>) -> Self {
        self.files.dialogs = dialogs;
        self
    }

    /// Shows the start screen (recent and sample maps): the app was opened with no file.
    pub fn with_start_screen(mut self) -> Self {
        // Shown once any recovery prompt is answered (restoring closes it).
        self.files.start_screen = true;
        self
    }

    /// `--view`: this map and every map opened later are read-only.
    pub fn with_view_only(mut self) -> Self {
        self.set_view_only(true);
        self
    }

    pub fn prompt(&self) -> Option<&Prompt> {
        self.files.prompt.as_ref()
    }

    /// The menu bar: the File menu, and "Read-only" while edits are disabled.
    pub(super) fn menu_bar_ui(&mut self, ui: &mut Ui) {
        egui::MenuBar::new().ui(ui, |ui| {
            self.file_menu(ui);
            if self.doc.read_only {
                ui.separator();
                ui.label(egui::RichText::new("Read-only").strong())
                    .on_hover_text("Select, search and export work; edits are disabled");
            }
        });
    }

    fn file_menu(&mut self, ui: &mut Ui) {
        ui.menu_button("File", |ui| {
            let item = |ui: &mut Ui, label: &str, keys: &str| {
                ui.add(egui::Button::new(label).shortcut_text(keys))
                    .clicked()
            };
            if item(ui, "New", "Ctrl+N") {
                self.request(Intent::New);
            }
            if item(ui, "Open\u{2026}", "Ctrl+O") {
                self.request(Intent::Open(None));
            }
            ui.menu_button("Open recent", |ui| self.recent_menu(ui));
            ui.separator();
            if ui
                .add_enabled(
                    !self.doc.read_only,
                    egui::Button::new("Save").shortcut_text("Ctrl+S"),
                )
                .clicked()
            {
                self.save();
            }
            if item(ui, "Save as\u{2026}", "Ctrl+Shift+S") {
                self.save_as();
            }
            ui.separator();
            if item(ui, "Export\u{2026}", "Ctrl+E") {
                self.export.open = true;
            }
            ui.separator();
            let properties = ui
                .add_enabled(
                    !self.doc.read_only,
                    egui::Button::new("Map properties\u{2026}"),
                )
                .on_disabled_hover_text("The map is open read-only");
            if properties.clicked() {
                self.files.prompt = Some(Prompt::Properties(PropertiesDraft::of(&self.doc.map)));
            }
            let mut view_only = self.doc.read_only;
            let toggle = ui
                .add_enabled(
                    !self.doc.file_read_only,
                    egui::Checkbox::new(&mut view_only, "View only"),
                )
                .on_disabled_hover_text("The file cannot be written: it opens read-only");
            if toggle.changed() {
                self.set_view_only(view_only);
            }
            ui.separator();
            if ui.button("Quit").clicked() {
                self.request(Intent::Close);
            }
        });
    }

    /// The recent maps, most recent first (none when the list could not be loaded).
    pub(super) fn recent_items(&self) -> Vec<RecentItem> {
        self.files
            .recent
            .as_ref()
            .map(|r| r.items())
            .unwrap_or_default()
    }

    /// The recent maps: missing files greyed out, each removable.
    fn recent_menu(&mut self, ui: &mut Ui) {
        let items = self.recent_items();
        if items.is_empty() {
            ui.weak("No recent maps");
        }
        for item in items {
            let path = item.entry.path.clone();
            ui.horizontal(|ui| {
                let label = format!("{} \u{2014} {}", item.entry.title, path.display());
                let open = ui
                    .add_enabled(!item.missing, egui::Button::new(label))
                    .on_disabled_hover_text("The file is no longer there");
                if open.clicked() {
                    self.request(Intent::Open(Some(path.clone())));
                    ui.close();
                }
                if ui
                    .small_button("\u{2715}")
                    .on_hover_text("Remove from the list")
                    .clicked()
                {
                    self.forget_recent(&path);
                }
            });
        }
    }

    pub(super) fn forget_recent(&mut self, path: &Path) {
        if let Some(Err(e)) = self.files.recent.as_mut().map(|r| r.remove(path)) {
            self.status
                .error(format!("Could not update the recent maps list: {e}"));
        }
    }

    /// The View-only toggle; maps opened later follow it.
    pub(super) fn set_view_only(&mut self, on: bool) {
        self.files.view_only = on;
        self.doc.set_view_only(on);
        self.canvas.editor = None;
        self.status.info(if self.doc.read_only {
            "Read-only: select, search and export; edits are disabled"
        } else {
            "Editing enabled"
        });
    }

    /// Ctrl+N, Ctrl+O, Ctrl+S and Ctrl+Shift+S; not while a question is shown.
    pub(super) fn file_shortcuts(&mut self, ctx: &Context) {
        if self.files.prompt.is_some() {
            return;
        }
        let cmd = Modifiers::COMMAND;
        let pressed = |m: Modifiers, k: Key| ctx.input_mut(|i| i.consume_key(m, k));
        // Most specific first: consume_key ignores extra Shift.
        if pressed(cmd | Modifiers::SHIFT, Key::S) {
            self.save_as();
        } else if pressed(cmd, Key::S) {
            self.save();
        }
        if pressed(cmd, Key::N) {
            self.request(Intent::New);
        }
        if pressed(cmd, Key::O) {
            self.request(Intent::Open(None));
        }
    }

    /// Does `intent` now, or first asks Save / Discard / Cancel if there are unsaved changes.
    pub(super) fn request(&mut self, intent: Intent) {
        self.files.start_screen = false;
        if self.doc.is_dirty() {
            self.files.prompt = Some(Prompt::Unsaved(intent));
        } else {
            self.perform(intent);
        }
    }

    /// The unsaved-changes answer "Save": saves, then goes on unless the save did not
    /// happen (cancelled dialog, error, or a file changed on disk, which asks first).
    pub(super) fn save_then(&mut self, intent: Intent) {
        if self.save_inner(false, Some(intent.clone())) {
            self.perform(intent);
        }
    }

    /// The unsaved-changes answer "Discard": the recovery copy goes with the changes.
    pub(super) fn discard_then(&mut self, intent: Intent) {
        self.remove_recovery_copy();
        self.perform(intent);
    }

    pub(super) fn perform(&mut self, intent: Intent) {
        match intent {
            Intent::New => {
                let mut doc = Document::new(Map::default(), None);
                doc.set_view_only(self.files.view_only);
                self.replace_document(doc);
                self.status.info("New map");
            }
            Intent::Open(Some(path)) => self.open_path(&path),
            Intent::Open(None) => {
                let current = self.doc.path.clone();
                if let Some(path) =
                    dialogs::ask_open_path(self.files.dialogs.as_mut(), current.as_deref())
                {
                    self.open_path(&path);
                }
            }
            Intent::Close => {
                self.files.closing = true;
                self.ctx.send_viewport_cmd(ViewportCommand::Close);
            }
        }
    }

    /// Opens `path` in place of the current map; a broken file shows its problems and
    /// leaves the current map as it is.
    pub fn open_path(&mut self, path: &Path) {
        match Document::open(path, self.files.view_only) {
            Ok(doc) => {
                let title = doc.map.title.clone();
                let read_only = doc.read_only;
                self.replace_document(doc);
                self.note_recent(path, &title);
                self.status.info(if read_only {
                    format!("Opened {} read-only", path.display())
                } else {
                    format!("Opened {}", path.display())
                });
            }
            Err(e) => self.show_open_error(&e),
        }
    }

    fn show_open_error(&mut self, e: &FileLoadError) {
        let problems = e.error.problems().iter().map(ToString::to_string).collect();
        self.status.error(format!("Could not open the map: {e}"));
        self.files.prompt = Some(Prompt::OpenFailed {
            message: e.to_string(),
            problems,
        });
    }

    /// Shows a file that could not be opened at start (from the command line).
    pub fn with_open_error(mut self, e: &FileLoadError) -> Self {
        self.show_open_error(e);
        self
    }

    fn replace_document(&mut self, doc: Document) {
        self.finish_pending_write();
        self.doc = doc;
        self.canvas.editor = None;
        self.canvas.selection.clear();
        self.canvas.request_fit();
        self.files.autosave.settle(self.doc.edits());
        self.files.last_disk_check = Instant::now();
        self.files.disk_change_seen = false;
        self.files.start_screen = false;
    }

    fn note_recent(&mut self, path: &Path, title: &str) {
        if let Some(Err(e)) = self.files.recent.as_mut().map(|r| r.note_used(path, title)) {
            self.status
                .error(format!("Could not update the recent maps list: {e}"));
        }
    }

    /// Ctrl+S: saves to the opened file, or asks where for a new map.
    pub(super) fn save(&mut self) {
        self.save_inner(false, None);
    }

    /// Overwrite after the file changed on disk: replaces the other program's changes.
    pub(super) fn save_over(&mut self, then: Option<Intent>) {
        if self.save_inner(true, then.clone())
            && let Some(intent) = then
        {
            self.perform(intent);
        }
    }

    /// Whether the map was saved. `then` is what to do after a save that first needs
    /// the user to settle a conflict with a file changed on disk.
    fn save_inner(&mut self, overwrite: bool, then: Option<Intent>) -> bool {
        if self.doc.read_only {
            self.status
                .error("This map is open read-only: use Save as to keep a copy");
            return false;
        }
        let path = match self.doc.path.clone() {
            Some(path) => path,
            None => match self.ask_save_path() {
                Some(path) => path,
                None => return false,
            },
        };
        self.save_to(&path, overwrite, then)
    }

    /// Save as: always asks, suggesting a name from the map title. A read-only map may
    /// be saved as a new (editable) copy.
    pub(super) fn save_as(&mut self) {
        if let Some(path) = self.ask_save_path() {
            self.save_to(&path, false, None);
        }
    }

    fn ask_save_path(&mut self) -> Option<PathBuf> {
        let current = self.doc.path.clone();
        let chosen = dialogs::ask_save_path(
            self.files.dialogs.as_mut(),
            &self.doc.map.title,
            current.as_deref(),
        );
        if chosen.is_none() {
            self.status.info("Not saved: no file chosen");
        }
        chosen
    }

    fn save_to(&mut self, path: &Path, overwrite: bool, then: Option<Intent>) -> bool {
        let old_slot = self.doc.slot.clone();
        let was_read_only = self.doc.read_only && self.doc.path.as_deref() != Some(path);
        if was_read_only {
            // Save As from a read-only map: the copy is the user's own, editable file.
            self.doc.file_read_only = false;
            self.doc.read_only = self.files.view_only;
        }
        match self.doc.save_to(path, overwrite) {
            Ok(()) => {
                self.finish_pending_write();
                self.remove_slot(&old_slot);
                self.remove_slot(&self.doc.slot.clone());
                self.files.autosave.settle(self.doc.edits());
                self.files.disk_change_seen = false;
                let title = self.doc.map.title.clone();
                self.note_recent(path, &title);
                self.status.info(format!("Saved {}", path.display()));
                true
            }
            Err(SaveMapError::ChangedOnDisk { .. }) => {
                self.files.prompt = Some(Prompt::SaveConflict { then });
                false
            }
            Err(e) => {
                self.status.error(format!("Not saved: {e}"));
                self.files.prompt = Some(Prompt::Message(format!("Not saved: {e}")));
                false
            }
        }
    }

    fn finish_pending_write(&mut self) {
        if let Some(mut pending) = self.files.pending.take() {
            pending.wait();
        }
    }

    fn remove_slot(&mut self, slot: &RecoverySlot) {
        if let Some(Err(e)) = self.files.recovery.as_ref().map(|s| s.remove(slot)) {
            self.status.error(e.to_string());
        }
    }

    fn remove_recovery_copy(&mut self) {
        self.finish_pending_write();
        self.remove_slot(&self.doc.slot.clone());
    }

    /// Restores a recovery copy: the map shows as unsaved, tied to the file it recovers,
    /// and keeps writing to the same recovery slot.
    pub(super) fn restore(&mut self, copy: &RecoveryCopy) {
        let Some(store) = self.files.recovery.clone() else {
            return;
        };
        let map = match store.restore(copy) {
            Ok(map) => map,
            Err(e) => {
                self.status.error(e.to_string());
                self.files.prompt = Some(Prompt::Message(e.to_string()));
                return;
            }
        };
        let original = copy.meta.original.clone();
        let mut doc = Document::new(map, original.clone());
        if let Some(opened) = original.as_deref().and_then(|p| disk::open_map(p).ok()) {
            doc.stamp = Some(opened.stamp);
            doc.file_read_only = opened.read_only;
        }
        doc.set_view_only(self.files.view_only);
        doc.slot = RecoverySlot::of_copy(copy);
        doc.mark_unsaved();
        self.replace_document(doc);
        let when = copy.meta.written.with_timezone(&chrono::Local);
        self.status.info(format!(
            "Restored the recovery copy written {}: save to keep it",
            when.format("%e %b %H:%M:%S")
        ));
    }

    pub(super) fn discard_recovery(&mut self, copy: &RecoveryCopy) {
        if let Some(Err(e)) = self.files.recovery.as_ref().map(|s| s.discard(copy)) {
            self.status.error(e.to_string());
        }
    }

    /// Reload after the file changed on disk: the changes here are dropped.
    pub(super) fn reload(&mut self) {
        if let Some(path) = self.doc.path.clone() {
            self.remove_recovery_copy();
            self.open_path(&path);
        }
    }

    /// Keep mine: stop asking until the next save or open; the next Save still asks
    /// before replacing the other program's version.
    pub(super) fn keep_mine(&mut self) {
        self.files.disk_change_seen = true;
        self.status
            .info("Kept your version: saving will ask before replacing the file on disk");
    }

    /// Every frame: recovery copies, the open file on disk, dropped files and closing.
    pub(super) fn files_frame(&mut self, ctx: &Context) {
        self.autosave(ctx);
        self.check_disk(ctx);
        self.open_dropped(ctx);
        self.handle_close_request(ctx);
    }

    fn autosave(&mut self, ctx: &Context) {
        let Some(store) = &self.files.recovery else {
            return;
        };
        if let Some(outcome) = self.files.pending.as_mut().and_then(PendingWrite::poll) {
            self.files.pending = None;
            match outcome {
                Ok(_) => self.files.autosave.written(),
                Err(e) => self.status.error(e.to_string()),
            }
        }
        let now = Instant::now();
        let state = EditState {
            unsaved: self.doc.is_dirty(),
            edits: self.doc.edits(),
        };
        if self.files.pending.is_none() && self.files.autosave.tick(now, state) {
            let copy = store.write_in_background(&self.doc.slot, self.doc.map.clone(), state.edits);
            self.files.pending = Some(copy);
            // The write's outcome is collected on a later frame.
            ctx.request_repaint_after(Duration::from_millis(100));
        }
        if let Some(wait) = self.files.autosave.next_check(now) {
            ctx.request_repaint_after(wait);
        }
    }

    fn check_disk(&mut self, ctx: &Context) {
        let Some(path) = self.doc.path.clone() else {
            return;
        };
        ctx.request_repaint_after(DISK_CHECK_EVERY);
        let quiet = self.files.prompt.is_some() || self.files.disk_change_seen;
        if self.files.last_disk_check.elapsed() < DISK_CHECK_EVERY || quiet {
            return;
        }
        self.files.last_disk_check = Instant::now();
        let Some(stamp) = self.doc.stamp.as_mut() else {
            return;
        };
        if let Ok(DiskState::Changed) = stamp.check(&path) {
            self.files.prompt = Some(Prompt::ChangedOnDisk);
        }
    }

    fn open_dropped(&mut self, ctx: &Context) {
        let dropped = ctx.input(|i| i.raw.dropped_files.first().map(|f| f.path().to_path_buf()));
        if let Some(path) = dropped {
            self.request(Intent::Open(Some(path)));
        }
    }

    /// The window's close button: ask first if there are unsaved changes.
    fn handle_close_request(&mut self, ctx: &Context) {
        let asked = ctx.input(|i| i.viewport().close_requested());
        if !asked || self.files.closing {
            return;
        }
        if self.doc.is_dirty() {
            ctx.send_viewport_cmd(ViewportCommand::CancelClose);
            self.files.prompt = Some(Prompt::Unsaved(Intent::Close));
        }
    }
}
