//! Shown when the app opens with no file: recent maps (missing ones greyed, each
//! removable), the sample maps, New and Open.

use super::app::EstateApp;
use super::document::Document;
use super::file_menu::Intent;
use crate::model::{Map, from_json_bytes};
use egui::{Context, Id, Modal, RichText, ScrollArea, Ui};

/// The sample maps, built into the binary so they show from any folder.
pub const SAMPLE_MAPS: &[(&str, &str)] = &[
    ("cancer", include_str!("../../sample_maps/cancer.json")),
    ("diabetes", include_str!("../../sample_maps/diabetes.json")),
    ("stroke", include_str!("../../sample_maps/stroke.json")),
];

/// A built-in sample map by its name (`stroke`), read as any map file is.
pub fn sample_map(name: &str) -> Option<Map> {
    let (_, text) = SAMPLE_MAPS.iter().find(|(n, _)| *n == name)?;
    from_json_bytes(text.as_bytes()).ok()
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
        ui.separator();
        ui.label(RichText::new("Sample maps").strong());
        for (name, _) in SAMPLE_MAPS {
            if ui
                .button(*name)
                .on_hover_text("Opens an untitled copy: Save keeps it where you choose")
                .clicked()
            {
                self.open_sample(name);
            }
        }
    }

    /// Opens an untitled copy of a built-in sample map (never a shipped file).
    pub fn open_sample(&mut self, name: &str) {
        let Some(mut map) = sample_map(name) else {
            self.status
                .error(format!("There is no sample map called {name}"));
            return;
        };
        if self.doc.is_dirty() {
            // Unsaved work first: the start screen only shows over an unchanged map.
            self.request(Intent::New);
            return;
        }
        map.created = crate::model::now();
        map.modified = map.created;
        let mut doc = Document::new(map, None);
        doc.set_view_only(self.files.view_only);
        self.files.start_screen = false;
        self.replace_document(doc);
        self.status.info(format!(
            "Opened a copy of the {name} sample map: Save asks where to keep it"
        ));
    }
}
