//! File > Import… for asset registers (.csv, .xlsx): a preview with the detected column
//! mapping (one combo per column), the first rows as they will import and the cells
//! that cannot be read; Import opens the result as a new tab, or merges it into the
//! current map as one undoable step.

use super::app::EstateApp;
use super::document::Document;
use crate::edit::Command;
use crate::interop::register::{self, Imported, Mapping, Table};
use crate::model::fields::field;
use egui::{Context, Ui};
use std::path::{Path, PathBuf};

/// How many rows the preview shows.
const PREVIEW_ROWS: usize = 8;
/// What a column not mapped to a field does.
const KEEP: &str = "(keep in description)";

/// The open preview of one register.
pub struct ImportDialog {
    path: PathBuf,
    bytes: Vec<u8>,
    /// A workbook's sheets (empty for CSV) and the one shown.
    sheets: Vec<String>,
    sheet: usize,
    source: String,
    table: Table,
    mapping: Mapping,
    /// The import as the mapping reads it now.
    imported: Imported,
    /// Merge into the active map instead of opening a new tab.
    merge: bool,
    /// While merging: the rows that would be added as possible matches of the map's
    /// components, as lines to review (worked out once per mapping).
    possible: Option<Vec<String>>,
}

impl ImportDialog {
    fn new(path: &Path, bytes: Vec<u8>, table: Table) -> Self {
        let mapping = Mapping::detect(&table.headers);
        let source = register::source_name(path);
        let imported = register::import(&table, &mapping, &source);
        let sheets = if register::is_workbook(path) {
            register::sheet_names(&bytes)
        } else {
            Vec::new()
        };
        Self {
            path: path.to_path_buf(),
            bytes,
            sheets,
            sheet: 0,
            source,
            table,
            mapping,
            imported,
            merge: false,
            possible: None,
        }
    }

    /// Shows sheet `index` instead, with its columns detected afresh.
    fn choose_sheet(&mut self, index: usize) -> Result<(), String> {
        let name = self.sheets.get(index).ok_or("no such sheet")?;
        let table = register::read_table(&self.path, &self.bytes, Some(name))?;
        self.mapping = Mapping::detect(&table.headers);
        self.imported = register::import(&table, &self.mapping, &self.source);
        self.table = table;
        self.sheet = index;
        self.possible = None;
        Ok(())
    }

    fn remap(&mut self, column: usize, key: Option<&'static str>) {
        self.mapping.set(column, key);
        self.imported = register::import(&self.table, &self.mapping, &self.source);
        self.possible = None;
    }

    /// The possible-match lines for merging into `map`.
    fn possible_matches(&self, map: &crate::model::Map) -> Vec<String> {
        let mut copy = map.clone();
        let changes = register::merge_into(&mut copy, &self.imported);
        register::possible_match_problems(&self.table, &self.mapping, &changes)
            .iter()
            .map(|p| format!("row {}: {}", p.row, p.message))
            .collect()
    }
}

enum Choice {
    Import,
    Cancel,
}

impl EstateApp {
    /// Whether the register import preview is showing.
    pub fn import_dialog_open(&self) -> bool {
        self.import.is_some()
    }

    /// Asks for a file to import (a register, or OWM text) and opens it.
    pub(super) fn ask_import(&mut self) {
        let current = self.doc.path.clone();
        let start = current.as_deref().and_then(Path::parent);
        if let Some(path) = self.files.dialogs.pick_import(start) {
            self.open_path(&path);
        } else if self.files.dialogs.unavailable() {
            self.choose_import_in_app();
        }
    }

    /// Reads a register and shows its preview; an unreadable file is named on the
    /// status line.
    pub(super) fn open_import_dialog(&mut self, path: &Path) {
        let read = std::fs::read(path)
            .map_err(|e| e.to_string())
            .and_then(|bytes| {
                let table = register::read_table(path, &bytes, None)?;
                Ok((bytes, table))
            });
        match read {
            Ok((bytes, table)) => self.import = Some(ImportDialog::new(path, bytes, table)),
            Err(e) => self
                .status
                .error(format!("Could not import {}: {e}", path.display())),
        }
    }

    pub(super) fn import_dialog_ui(&mut self, ctx: &Context) {
        let Some(dialog) = self.import.as_mut() else {
            return;
        };
        let mut open = true;
        let mut choice = None;
        let target = self.doc.map.title.clone();
        let read_only = self.doc.read_only;
        if !dialog.merge {
            dialog.possible = None;
        } else if dialog.possible.is_none() {
            dialog.possible = Some(dialog.possible_matches(&self.doc.map));
        }
        egui::Window::new("Import register")
            .open(&mut open)
            .collapsible(false)
            .default_width(760.0)
            .show(ctx, |ui| {
                choice = dialog_ui(ui, dialog, &target, read_only);
            });
        match choice {
            Some(Choice::Import) => {
                if let Some(dialog) = self.import.take() {
                    self.finish_import(dialog);
                }
            }
            Some(Choice::Cancel) => self.import = None,
            None if !open => self.import = None,
            None => {}
        }
    }

    fn finish_import(&mut self, dialog: ImportDialog) {
        let name = dialog.path.display().to_string();
        let problems = dialog.imported.problems.len();
        let read = if problems == 0 {
            String::new()
        } else {
            format!("; {problems} value(s) could not be read and are kept in descriptions")
        };
        if dialog.merge {
            let mut map = self.doc.map.clone();
            let changes = register::merge_into(&mut map, &dialog.imported);
            let added = changes
                .iter()
                .filter(|c| matches!(c, register::Change::Added { .. }))
                .count();
            let possible = changes
                .iter()
                .filter(|c| {
                    matches!(
                        c,
                        register::Change::Added {
                            possible: Some(_),
                            ..
                        }
                    )
                })
                .count();
            let read = if possible == 0 {
                read
            } else {
                format!("; {possible} added system(s) may be ones the map has: review them{read}")
            };
            let command = Command::ReplaceMap {
                map: Box::new(map),
                what: format!("import {}", dialog.source),
            };
            match self.doc.apply(command) {
                Ok(_) => self.status.info(format!(
                    "Merged {name}: {} updated, {added} added (Ctrl+Z undoes){read}",
                    changes.len() - added
                )),
                Err(e) => self.status.error(format!("Cannot import {name}: {e}")),
            }
        } else {
            let n = dialog.imported.map.components.len();
            self.open_tab(Document::new(dialog.imported.map, None));
            self.status.info(format!(
                "Imported {n} system(s) from {name} onto the shelf, lower left{read}"
            ));
        }
    }
}

fn dialog_ui(
    ui: &mut Ui,
    dialog: &mut ImportDialog,
    target: &str,
    read_only: bool,
) -> Option<Choice> {
    ui.label(format!(
        "{}: {} row(s) under the header on row {}",
        dialog.source,
        dialog.table.rows.len(),
        dialog.table.header_row
    ));
    if dialog.sheets.len() > 1 {
        let mut chosen = dialog.sheet;
        egui::ComboBox::from_label("Sheet")
            .selected_text(dialog.sheets[dialog.sheet].as_str())
            .show_ui(ui, |ui| {
                for (i, name) in dialog.sheets.iter().enumerate() {
                    ui.selectable_value(&mut chosen, i, name.as_str());
                }
            });
        if chosen != dialog.sheet
            && let Err(e) = dialog.choose_sheet(chosen)
        {
            ui.colored_label(ui.visuals().error_fg_color, e);
        }
    }
    ui.separator();
    ui.strong("Columns");
    let mut remap = None;
    egui::ScrollArea::vertical()
        .id_salt("import columns")
        .max_height(200.0)
        .show(ui, |ui| {
            egui::Grid::new("import columns grid").show(ui, |ui| {
                for (i, header) in dialog.table.headers.iter().enumerate() {
                    let current = dialog.mapping.columns[i];
                    let shown = current.map_or(KEEP, register::label_of);
                    egui::ComboBox::from_label(header.as_str())
                        .selected_text(shown)
                        // Every field in view at once: no scrolling inside the list.
                        .height(f32::INFINITY)
                        .show_ui(ui, |ui| {
                            if ui.selectable_label(current.is_none(), KEEP).clicked() {
                                remap = Some((i, None));
                            }
                            for spec in register::targets() {
                                let on = current == Some(spec.key);
                                if ui.selectable_label(on, spec.label).clicked() {
                                    remap = Some((i, Some(spec.key)));
                                }
                            }
                        });
                    ui.end_row();
                }
            });
        });
    if let Some((column, key)) = remap {
        dialog.remap(column, key);
    }
    ui.separator();
    preview_ui(ui, dialog);
    ui.separator();
    problems_ui(ui, &dialog.imported);
    ui.separator();
    let has_name = dialog.mapping.column_of("name").is_some();
    dialog.merge &= !read_only;
    let label = format!("Merge into \u{201C}{target}\u{201D}");
    ui.add_enabled(!read_only, egui::Checkbox::new(&mut dialog.merge, label))
        .on_hover_text("Update the systems this map has (by source, then by name) and add the rest")
        .on_disabled_hover_text("This map is open read-only: the register opens as a new map");
    if let Some(possible) = dialog
        .possible
        .as_ref()
        .filter(|p| dialog.merge && !p.is_empty())
    {
        ui.strong(format!(
            "{} row(s) will be added but may be systems this map has (review them)",
            possible.len()
        ));
        egui::ScrollArea::vertical()
            .id_salt("import possible matches")
            .max_height(100.0)
            .show(ui, |ui| {
                for line in possible {
                    ui.label(line);
                }
            });
    }
    let mut choice = None;
    ui.horizontal(|ui| {
        let import = ui
            .add_enabled(has_name, egui::Button::new("Import"))
            .on_disabled_hover_text("Choose the column that holds the system names");
        if import.clicked() {
            choice = Some(Choice::Import);
        }
        if ui.button("Cancel").clicked() {
            choice = Some(Choice::Cancel);
        }
    });
    choice
}

/// The first rows as components: the name and each mapped field.
fn preview_ui(ui: &mut Ui, dialog: &ImportDialog) {
    let imported = &dialog.imported;
    ui.strong(format!(
        "First rows as they will import ({} of {})",
        imported.map.components.len().min(PREVIEW_ROWS),
        imported.map.components.len()
    ));
    let mut keys: Vec<&'static str> = vec!["name"];
    for key in dialog.mapping.columns.iter().flatten() {
        if !keys.contains(key) {
            keys.push(key);
        }
    }
    if !keys.contains(&"description") {
        keys.push("description");
    }
    let specs: Vec<_> = keys.iter().filter_map(|k| field(k)).collect();
    egui::ScrollArea::both()
        .id_salt("import preview")
        .max_height(220.0)
        .show(ui, |ui| {
            egui::Grid::new("import preview grid")
                .striped(true)
                .show(ui, |ui| {
                    for spec in &specs {
                        ui.strong(spec.label);
                    }
                    ui.end_row();
                    for c in imported.map.components.iter().take(PREVIEW_ROWS) {
                        for spec in &specs {
                            let text = (spec.show)(c).replace('\n', "; ");
                            ui.label(text);
                        }
                        ui.end_row();
                    }
                });
        });
}

fn problems_ui(ui: &mut Ui, imported: &Imported) {
    if imported.problems.is_empty() {
        ui.label("Every value could be read");
        return;
    }
    ui.strong(format!(
        "{} value(s) cannot be read (kept in the description)",
        imported.problems.len()
    ));
    egui::ScrollArea::vertical()
        .id_salt("import problems")
        .max_height(120.0)
        .show(ui, |ui| {
            for p in &imported.problems {
                ui.label(p.to_string());
            }
        });
}
