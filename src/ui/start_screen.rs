//! Shown when the app opens with no file: recent maps (missing ones greyed, each
//! removable), the sample maps, New and Open.

use super::app::EstateApp;
use super::file_menu::Intent;
use egui::{Context, Id, Modal, RichText, ScrollArea, Ui};
use std::path::{Path, PathBuf};

/// Where the sample maps are looked for (relative to the working folder).
const SAMPLE_DIR: &str = "sample_maps";

/// The sample maps (`sample_maps/*.json`), sorted by name; none if the folder is absent.
pub fn sample_maps(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut maps: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    maps.sort();
    maps
}

impl EstateApp {
    pub(super) fn start_screen_ui(&mut self, ctx: &Context) {
        if !self.files.start_screen || self.files.prompt.is_some() {
            return;
        }
        let response = Modal::new(Id::unique("start screen")).show(ctx, |ui| {
            ui.set_width(560.0);
            ui.label(RichText::new("Estate Map").heading());
            ui.add_space(6.0);
            ui.horizontal(|ui| {
                if ui.button("New map").clicked() {
                    self.request(Intent::New);
                }
                if ui.button("Open\u{2026}").clicked() {
                    self.request(Intent::Open(None));
                }
            });
            ScrollArea::vertical().max_height(420.0).show(ui, |ui| {
                self.recent_list(ui);
                self.sample_list(ui);
            });
        });
        if response.should_close() {
            self.files.start_screen = false;
        }
    }

    fn recent_list(&mut self, ui: &mut Ui) {
        let items = self.recent_items();
        if items.is_empty() {
            return;
        }
        ui.separator();
        ui.label(RichText::new("Recent maps").strong());
        for item in items {
            let path = item.entry.path.clone();
            ui.horizontal(|ui| {
                let open = ui
                    .add_enabled(!item.missing, egui::Button::new(&item.entry.title))
                    .on_hover_text(path.display().to_string())
                    .on_disabled_hover_text(format!("{} is no longer there", path.display()));
                if open.clicked() {
                    self.request(Intent::Open(Some(path.clone())));
                }
                ui.weak(path.display().to_string());
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

    fn sample_list(&mut self, ui: &mut Ui) {
        let samples = sample_maps(Path::new(SAMPLE_DIR));
        if samples.is_empty() {
            return;
        }
        ui.separator();
        ui.label(RichText::new("Sample maps").strong());
        for path in samples {
            let name = path
                .file_stem()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned();
            if ui
                .button(name)
                .on_hover_text(path.display().to_string())
                .clicked()
            {
                self.request(Intent::Open(Some(path)));
            }
        }
    }
}
