//! The File menu and what is behind it: New, Open (dialog, recent list, dropped file,
//! command line), Save, Save As, the unsaved-changes prompt, recovery copies while
//! editing, and noticing when the open file is changed on disk by another program.
//! The work on disk is done by `files`; this module decides when.

use super::app::EstateApp;
use super::chooser::InAppChooser;
use super::document::Document;
use super::files::AppDirs;
use super::files::dialogs::{self, FileDialogs, NativeDialogs};
use super::files::disk::{self, DiskState, SaveMapError};
use super::files::recent::{RecentItem, RecentMaps};
use super::files::recovery::{
    Autosave, EditState, PendingWrite, RecoveryCopy, RecoverySlot, RecoveryStore,
};
use super::files::watch::DiskWatch;
use super::problems::{self, MapProblems};
use super::prompts::Prompt;
use crate::edit::{Command, MapProperties};
use crate::model::{FileLoadError, LoadError, Map};
use egui::{Context, Ui, ViewportCommand};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// How often the open file is also compared with what we read or wrote on frames drawn
/// anyway (no frame is asked for: the disk watch wakes the app on a change).
const DISK_CHECK_EVERY: Duration = Duration::from_secs(2);

/// What the user asked for that would drop the current map.
#[derive(Clone, Debug, PartialEq)]
pub enum Intent {
    New,
    /// Open this file, or ask which with the Open dialog.
    Open(Option<PathBuf>),
    Close,
    /// Close the active tab (Ctrl+W).
    CloseTab,
}

/// The app's file state beside the document.
pub struct Files {
    pub dialogs: Box<dyn FileDialogs>,
    pub recent: Option<RecentMaps>,
    pub recovery: Option<RecoveryStore>,
    pub(super) autosave: Autosave,
    pub(super) pending: Option<PendingWrite>,
    pub(super) last_disk_check: Instant,
    /// Watches every open tab's file off the UI thread; started on the first frame.
    pub(super) disk_watch: Option<DiskWatch>,
    /// The question or message shown over the window, if any.
    pub prompt: Option<Prompt>,
    /// Started without a file: offer recent and sample maps.
    pub start_screen: bool,
    /// The user agreed to close; the next close request is let through.
    closing: bool,
    /// Started with `--view`: maps opened later are read-only too.
    pub view_only: bool,
    /// The user chose to keep their version of a file changed on disk.
    pub(super) disk_change_seen: bool,
    /// Content problems the open map was opened with (see `problems`).
    pub problems: Option<MapProblems>,
    /// The time for recovery copies; tests move it on.
    clock: Box<dyn Fn() -> Instant>,
    /// The in-app file chooser, while one is open (no native dialog available).
    pub chooser: Option<InAppChooser>,
}

impl Files {
    pub fn new() -> Self {
        Self {
            dialogs: Box::new(NativeDialogs::default()),
            recent: None,
            recovery: None,
            autosave: Autosave::default(),
            pending: None,
            last_disk_check: Instant::now(),
            disk_watch: None,
            prompt: None,
            start_screen: false,
            closing: false,
            view_only: false,
            disk_change_seen: false,
            problems: None,
            clock: Box::new(Instant::now),
            chooser: None,
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

    /// Replaces the clock that times recovery copies (tests move time on).
    pub fn with_clock(mut self, clock: impl Fn() -> Instant + 'static) -> Self {
        self.files.clock = Box::new(clock);
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
            self.action_menus(ui);
            if self.doc.read_only {
                ui.separator();
                ui.label(egui::RichText::new("Read-only").strong())
                    .on_hover_text("Select, search and export work; edits are disabled");
            }
        });
        self.problems_bar(ui);
    }

    fn file_menu(&mut self, ui: &mut Ui) {
        use super::registry::ActionId as A;
        ui.menu_button("File", |ui| {
            self.action_item(ui, A::New, None, None);
            self.action_item(ui, A::Open, None, None);
            ui.menu_button("Open recent", |ui| self.recent_menu(ui));
            self.action_item(ui, A::Import, None, None);
            ui.separator();
            self.action_item(ui, A::Save, None, None);
            self.action_item(ui, A::SaveAs, None, None);
            ui.separator();
            self.action_item(ui, A::Export, None, None);
            self.action_item(ui, A::RepeatExport, None, None);
            ui.separator();
            self.action_item(ui, A::CompareWith, None, None);
            self.action_item(ui, A::CompareBackup, None, None);
            self.compare_tab_menu(ui);
            self.action_item(ui, A::ExportProgress, None, None);
            self.action_item(ui, A::LeaveCompare, None, None);
            self.action_item(ui, A::MergeFrom, None, None);
            self.action_item(ui, A::MergeMaps, None, None);
            ui.separator();
            self.action_item(ui, A::MapProperties, None, None);
            self.action_item(ui, A::ViewOnly, None, None);
            ui.separator();
            self.action_item(ui, A::CloseTab, None, None);
            self.action_item(ui, A::Quit, None, None);
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
        if !on {
            self.accept_map_problems();
        }
        self.files.view_only = on;
        self.doc.set_view_only(on);
        self.canvas.editor = None;
        self.status.info(if self.doc.read_only {
            "Read-only: select, search and export; edits are disabled"
        } else {
            "Editing enabled"
        });
    }

    /// Does `intent` now, or first asks Save / Discard / Cancel if it would drop unsaved
    /// changes (New and Open open a tab of their own and drop nothing).
    pub(super) fn request(&mut self, intent: Intent) {
        self.files.start_screen = false;
        let asks = match intent {
            Intent::New | Intent::Open(_) => false,
            Intent::CloseTab => self.doc.is_dirty(),
            Intent::Close => self.activate_dirty_tab(),
        };
        if asks {
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
                self.open_tab(doc);
                self.status.info("New map");
            }
            Intent::Open(Some(path)) => self.open_path(&path),
            Intent::Open(None) => {
                let current = self.doc.path.clone();
                if let Some(path) =
                    dialogs::ask_open_path(self.files.dialogs.as_mut(), current.as_deref())
                {
                    self.open_path(&path);
                } else if self.files.dialogs.unavailable() {
                    self.choose_map_in_app();
                }
            }
            Intent::Close => {
                // Each dirty tab is asked in turn; one whose changes were discarded goes.
                if self.doc.is_dirty() {
                    self.close_active_tab();
                }
                if self.activate_dirty_tab() {
                    self.files.prompt = Some(Prompt::Unsaved(Intent::Close));
                    return;
                }
                self.files.closing = true;
                self.ctx.send_viewport_cmd(ViewportCommand::Close);
            }
            Intent::CloseTab => self.close_active_tab(),
        }
    }

    /// Opens `path` in a tab of its own, or switches to its tab if it is open already;
    /// a broken file shows its problems and leaves every open map as it is.
    pub fn open_path(&mut self, path: &Path) {
        if super::owm::is_owm_path(path) {
            return self.import_owm_file(path);
        }
        if crate::interop::register::is_register(path) {
            return self.open_import_dialog(path);
        }
        if self.switch_to_file(path) {
            self.status
                .info(format!("{} is open already", path.display()));
        } else {
            self.load_path(path, Self::open_tab);
        }
    }

    /// Reads `path` and hands the map to `place` (a new tab, or the active one's place).
    fn load_path(&mut self, path: &Path, place: fn(&mut Self, Document)) {
        match problems::open_document(path, self.files.view_only) {
            Ok((doc, problems)) => {
                let title = doc.map.title.clone();
                let read_only = doc.read_only;
                place(self, doc);
                self.note_recent(path, &title);
                self.status.info(if read_only {
                    format!("Opened {} read-only", path.display())
                } else {
                    format!("Opened {}", path.display())
                });
                self.show_map_problems(problems);
            }
            Err(e) => self.show_open_error(&e),
        }
    }

    fn show_open_error(&mut self, e: &FileLoadError) {
        let problems: Vec<String> = e.error.problems().iter().map(ToString::to_string).collect();
        // The problems are listed below the message, once.
        let message = if problems.is_empty() {
            e.to_string()
        } else {
            format!("{}: parts of the map cannot be read", e.path.display())
        };
        self.status
            .error(format!("Could not open the map: {message}"));
        let had_map =
            self.doc.path.is_some() || self.doc.is_dirty() || !self.doc.map.components.is_empty();
        self.files.prompt = Some(Prompt::OpenFailed {
            message,
            problems,
            kept: had_map.then(|| self.doc.display_name()),
        });
    }

    /// Shows a file that could not be opened at start (from the command line). A map
    /// whose content has repairable problems is opened with them instead.
    pub fn with_open_error(mut self, e: &FileLoadError) -> Self {
        if matches!(e.error, LoadError::Invalid(_)) {
            self.open_path(&e.path.clone());
        } else {
            self.show_open_error(e);
        }
        self
    }

    pub(super) fn replace_document(&mut self, doc: Document) {
        self.finish_pending_write();
        // Compare mode belonged to the map being replaced.
        self.compare = None;
        self.doc = doc;
        self.insight.forget_analysis();
        self.canvas.editor = None;
        self.canvas.selection.clear();
        self.canvas.request_fit();
        self.files.autosave.settle(self.doc.edits());
        self.files.last_disk_check = Instant::now();
        self.files.disk_change_seen = false;
        self.files.start_screen = false;
        self.files.problems = None;
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
        if self.needs_title() {
            self.files.prompt = Some(Prompt::TitleBeforeSave {
                title: String::new(),
                then,
            });
            return false;
        }
        let path = match self.doc.path.clone() {
            Some(path) => path,
            None => match self.ask_save_path(then.clone()) {
                Some(path) => path,
                None => return false,
            },
        };
        self.save_to(&path, overwrite, then)
    }

    /// Saves to a path the in-app chooser gave.
    pub(super) fn save_chosen(&mut self, path: &Path, then: Option<Intent>) -> bool {
        self.save_to(path, false, then)
    }

    /// Save as: always asks, suggesting a name from the map title. A read-only map may
    /// be saved as a new (editable) copy.
    pub(super) fn save_as(&mut self) {
        if self.needs_title() {
            self.files.prompt = Some(Prompt::TitleBeforeSave {
                title: String::new(),
                then: None,
            });
        } else if let Some(path) = self.ask_save_path(None) {
            self.save_to(&path, false, None);
        }
    }

    /// A new map never saved still has the placeholder title: ask for one first.
    fn needs_title(&self) -> bool {
        let title = self.doc.map.title.trim();
        self.doc.path.is_none() && (title.is_empty() || title == Map::default().title)
    }

    /// The title prompt's answer: sets the title (one undo step), then saves as usual.
    pub(super) fn save_titled(&mut self, title: String, then: Option<Intent>) {
        let properties = MapProperties {
            title,
            ..MapProperties::of(&self.doc.map)
        };
        self.run_command(Command::SetProperties(properties));
        if let Some(path) = self.ask_save_path(then.clone())
            && self.save_to(&path, false, then.clone())
            && let Some(intent) = then
        {
            self.perform(intent);
        }
    }

    /// Asks where to save; with no native dialog, opens the in-app chooser, which
    /// saves (then does `then`) when answered.
    fn ask_save_path(&mut self, then: Option<Intent>) -> Option<PathBuf> {
        let current = self.doc.path.clone();
        let chosen = dialogs::ask_save_path(
            self.files.dialogs.as_mut(),
            &self.doc.map.title,
            current.as_deref(),
        );
        if chosen.is_none() {
            if self.files.dialogs.unavailable() {
                self.choose_save_path_in_app(then);
            } else {
                self.status.info("Not saved: no file chosen");
            }
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

    pub(super) fn finish_pending_write(&mut self) {
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
        self.open_tab(doc);
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
            self.load_path(&path, Self::replace_document);
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
        self.chooser_ui(ctx);
        self.autosave(ctx);
        self.check_disk(ctx);
        self.open_dropped(ctx);
        self.handle_close_request(ctx);
    }

    pub(super) fn autosave(&mut self, ctx: &Context) {
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
        let now = (self.files.clock)();
        let state = EditState {
            unsaved: self.doc.is_dirty(),
            edits: self.doc.edits(),
        };
        if self.files.pending.is_none() && self.files.autosave.tick(now, state) {
            let copy = store.write_in_background(&self.doc.slot, self.doc.map.clone(), state.edits);
            self.files.pending = Some(copy);
        }
        if self.files.pending.is_some() {
            // The write's outcome is collected on a later frame, soon.
            ctx.request_repaint_after(Duration::from_millis(100));
        } else if let Some(wait) = self.files.autosave.next_check(now) {
            // Only while changes wait for their copy: the frame when it is due.
            ctx.request_repaint_after(wait);
        }
    }

    pub(super) fn check_disk(&mut self, ctx: &Context) {
        let Some(path) = self.doc.path.clone() else {
            return;
        };
        let watch = self.files.disk_watch.get_or_insert_with(|| {
            let ctx = ctx.clone();
            DiskWatch::start(move || ctx.request_repaint())
        });
        let first = watch.watch(&path);
        let quiet = self.files.prompt.is_some() || self.files.disk_change_seen;
        if quiet {
            return;
        }
        let changed = watch.take_changed(&path) || first;
        if !changed && self.files.last_disk_check.elapsed() < DISK_CHECK_EVERY {
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

    /// The window's close button: ask first about each tab with unsaved changes.
    fn handle_close_request(&mut self, ctx: &Context) {
        let asked = ctx.input(|i| i.viewport().close_requested());
        if !asked || self.files.closing {
            return;
        }
        if self.activate_dirty_tab() {
            ctx.send_viewport_cmd(ViewportCommand::CancelClose);
            self.files.prompt = Some(Prompt::Unsaved(Intent::Close));
        }
    }
}
