//! The in-app file chooser (egui_file), used where no native dialog can open (no
//! portal, zenity or kdialog: common on locked-down desktops), so Open and Save always
//! work. Enter confirms, Escape cancels.

use super::app::EstateApp;
use super::export_dialog::ExportSettings;
use super::file_export::{RenderedFile, cancelled};
use super::file_menu::Intent;
use super::files::dialogs::{suggested_file_name, with_extension, with_json_extension};
use egui::{Context, Id, Key, Modal, Modifiers, RichText};
use egui_file::{FileDialog, State};
use std::ffi::OsStr;
use std::path::{Path, PathBuf};

/// What the chosen file is for.
#[derive(Clone, Debug)]
enum Purpose {
    /// Save the map there, then do `then` (e.g. the New that asked to save first).
    Save {
        then: Option<Intent>,
    },
    Open,
    /// Write an export with these settings there.
    Export(Box<ExportSettings>, &'static str),
    /// Write a file already rendered (the register's CSV, the roadmap) there.
    Rendered(RenderedFile),
}

pub struct InAppChooser {
    dialog: FileDialog,
    purpose: Purpose,
    /// The file chosen already exists: asking before it is replaced.
    replacing: Option<PathBuf>,
}

impl Purpose {
    /// The path written or opened: the chosen one with the extension the purpose needs.
    fn final_path(&self, chosen: PathBuf) -> PathBuf {
        match self {
            Purpose::Save { .. } => with_json_extension(chosen),
            Purpose::Open => chosen,
            Purpose::Export(_, ext) => with_extension(chosen, ext),
            Purpose::Rendered(file) => with_extension(chosen, file.ext),
        }
    }
}

/// "Replace it?" for an existing file: Some(true) replaces, Some(false) goes back to
/// the chooser (Escape too), None while unanswered. Native dialogs ask this themselves.
fn replace_prompt(ctx: &Context, path: &Path) -> Option<bool> {
    let name = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let folder = path.parent().map(|p| p.display().to_string());
    Modal::new(Id::unique("replace file prompt"))
        .show(ctx, |ui| {
            ui.set_max_width(520.0);
            ui.label(RichText::new(format!("Replace \u{201C}{name}\u{201D}?")).heading());
            ui.add_space(6.0);
            ui.label(match folder {
                Some(f) => format!(
                    "A file of that name already exists in {f}. Replacing it overwrites what \
                     it holds."
                ),
                None => "A file of that name already exists. Replacing it overwrites what it \
                         holds."
                    .into(),
            });
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                if ui.button("Replace").clicked() {
                    Some(true)
                } else if ui.button("Choose another name").clicked()
                    || ui.input_mut(|i| i.consume_key(Modifiers::NONE, Key::Escape))
                {
                    Some(false)
                } else {
                    None
                }
            })
            .inner
        })
        .inner
}

/// Where the chooser starts: the current map's folder, else the working folder.
fn start_dir(current: Option<&Path>) -> PathBuf {
    current
        .and_then(Path::parent)
        .filter(|d| !d.as_os_str().is_empty())
        .map(Path::to_path_buf)
        .or_else(|| std::env::current_dir().ok())
        .unwrap_or_else(|| PathBuf::from("."))
}

fn maps_only() -> egui_file::Filter<PathBuf> {
    Box::new(|path: &Path| {
        path.extension()
            .and_then(OsStr::to_str)
            .is_some_and(|e| e.eq_ignore_ascii_case("json"))
    })
}

impl EstateApp {
    /// Whether the in-app chooser is showing.
    pub fn chooser_open(&self) -> bool {
        self.files.chooser.is_some()
    }

    /// Asks where to save in the window, as no native dialog could open.
    pub(super) fn choose_save_path_in_app(&mut self, then: Option<Intent>) {
        let current = self.doc.path.clone();
        let mut dialog = FileDialog::save_file()
            .title("Save map as")
            .initial_path(start_dir(current.as_deref()))
            .default_filename(suggested_file_name(&self.doc.map.title))
            .show_files_filter(maps_only());
        dialog.open();
        self.files.chooser = Some(InAppChooser {
            dialog,
            replacing: None,
            purpose: Purpose::Save { then },
        });
        self.status.info(
            "No file dialog is available on this desktop: choose where to save in the \
             window's own file chooser",
        );
    }

    /// Asks which map to open in the window, as no native dialog could open.
    pub(super) fn choose_map_in_app(&mut self) {
        let current = self.doc.path.clone();
        let mut dialog = FileDialog::open_file()
            .title("Open map")
            .initial_path(start_dir(current.as_deref()))
            .show_files_filter(maps_only());
        dialog.open();
        self.files.chooser = Some(InAppChooser {
            dialog,
            replacing: None,
            purpose: Purpose::Open,
        });
        self.status.info(
            "No file dialog is available on this desktop: choose a map in the window's own \
             file chooser",
        );
    }

    /// Asks which file to import (a register or OWM text) in the window, as no native
    /// dialog could open; the answer opens as Open would (`open_path` imports it).
    pub(super) fn choose_import_in_app(&mut self) {
        let current = self.doc.path.clone();
        let importable: egui_file::Filter<PathBuf> = Box::new(|path: &Path| {
            crate::interop::register::is_register(path) || super::owm::is_owm_path(path)
        });
        let mut dialog = FileDialog::open_file()
            .title("Import")
            .initial_path(start_dir(current.as_deref()))
            .show_files_filter(importable);
        dialog.open();
        self.files.chooser = Some(InAppChooser {
            dialog,
            replacing: None,
            purpose: Purpose::Open,
        });
        self.status.info(
            "No file dialog is available on this desktop: choose a register or OWM file in \
             the window's own file chooser",
        );
    }

    /// Asks where to write an export in the window, as no native dialog could open.
    pub(super) fn choose_export_path_in_app(
        &mut self,
        settings: ExportSettings,
        ext: &'static str,
        start: Option<PathBuf>,
    ) {
        let start = start.unwrap_or_else(|| start_dir(self.doc.path.as_deref()));
        let name = suggested_file_name(&self.doc.map.title);
        let name = with_extension(PathBuf::from(name).with_extension(""), ext);
        let mut dialog = FileDialog::save_file()
            .title("Export map")
            .initial_path(start)
            .default_filename(name.to_string_lossy());
        dialog.open();
        self.files.chooser = Some(InAppChooser {
            dialog,
            replacing: None,
            purpose: Purpose::Export(Box::new(settings), ext),
        });
        self.status.info(
            "No file dialog is available on this desktop: choose where to export in the \
             window's own file chooser",
        );
    }

    /// Asks where to save a rendered file in the window (no native dialog).
    pub(super) fn choose_rendered_path_in_app(&mut self, file: RenderedFile) {
        let start = start_dir(self.doc.path.as_deref());
        let name = with_extension(
            PathBuf::from(suggested_file_name(&file.title)).with_extension(""),
            file.ext,
        );
        let mut dialog = FileDialog::save_file()
            .title(&format!("Export the {}", file.what))
            .initial_path(start)
            .default_filename(name.to_string_lossy());
        dialog.open();
        self.status.info(format!(
            "No file dialog is available on this desktop: choose where to save the {} in \
             the window's own file chooser",
            file.what
        ));
        self.files.chooser = Some(InAppChooser {
            dialog,
            replacing: None,
            purpose: Purpose::Rendered(file),
        });
    }

    /// Saves, opens or writes at the chosen path (its extension already given).
    fn use_chosen(&mut self, path: PathBuf, purpose: Purpose) {
        match purpose {
            Purpose::Save { then } => {
                if self.save_chosen(&path, then.clone())
                    && let Some(intent) = then
                {
                    self.perform(intent);
                }
            }
            Purpose::Open => self.open_path(&path),
            Purpose::Export(settings, _) => self.write_export(*settings, path),
            Purpose::Rendered(file) => self.write_rendered_file(&path, &file),
        }
    }

    /// Every frame: shows the chooser and acts on the answer.
    pub(super) fn chooser_ui(&mut self, ctx: &Context) {
        let Some(chooser) = self.files.chooser.as_mut() else {
            return;
        };
        if let Some(path) = chooser.replacing.clone() {
            match replace_prompt(ctx, &path) {
                Some(true) => {
                    let purpose = chooser.purpose.clone();
                    self.files.chooser = None;
                    self.use_chosen(path, purpose);
                }
                Some(false) => {
                    chooser.replacing = None;
                    chooser.dialog.open();
                }
                None => {}
            }
            return;
        }
        chooser.dialog.show(ctx);
        match chooser.dialog.state() {
            State::Open => {}
            State::Selected => {
                let chosen = chooser.dialog.path().map(Path::to_path_buf);
                let purpose = chooser.purpose.clone();
                let Some(path) = chosen.map(|p| purpose.final_path(p)) else {
                    self.files.chooser = None;
                    self.status.info("No file chosen");
                    return;
                };
                // Saving over the map's own file is what Save does; anything else that
                // exists is asked about first.
                let own_file = self.doc.path.as_deref() == Some(path.as_path());
                if !matches!(purpose, Purpose::Open) && !own_file && path.exists() {
                    chooser.replacing = Some(path);
                    return;
                }
                self.files.chooser = None;
                self.use_chosen(path, purpose);
            }
            State::Cancelled | State::Closed => {
                let said = match &chooser.purpose {
                    Purpose::Save { .. } => "Not saved: the file chooser was cancelled".into(),
                    Purpose::Open => "Nothing opened: the file chooser was cancelled".into(),
                    Purpose::Export(..) => "Export cancelled".into(),
                    Purpose::Rendered(file) => cancelled(file),
                };
                self.files.chooser = None;
                self.status.info(said);
            }
        }
    }
}
