//! `estate-map [FILE] [--view]`: opens the map window.

use crate::model::Map;
use crate::ui::files::AppDirs;
use crate::ui::{Document, EstateApp};
use std::path::PathBuf;
use std::process::ExitCode;

pub fn run(file: Option<PathBuf>, view: bool) -> ExitCode {
    let (doc, problem) = match &file {
        Some(path) => match Document::open(path, view) {
            Ok(doc) => (doc, None),
            Err(e) => {
                eprintln!("{e}");
                (Document::new(Map::default(), None), Some(e))
            }
        },
        None => (Document::new(Map::default(), None), None),
    };
    let title = doc.window_title();
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title(title)
            .with_app_id("estate-map")
            .with_inner_size([1400.0, 900.0])
            .with_min_inner_size([640.0, 400.0]),
        // Smooth edges for the canvas, whose meshes are drawn without feathering.
        multisampling: 4,
        ..Default::default()
    };
    let result = eframe::run_native(
        "Estate Map",
        options,
        Box::new(move |cc| {
            let mut app = EstateApp::new(&cc.egui_ctx, doc).with_saved_settings(cc.storage);
            if view {
                app = app.with_view_only();
            }
            if let Some(dirs) = AppDirs::platform() {
                app = app.with_app_dirs(&dirs);
            }
            if let Some(problem) = &problem {
                app = app.with_open_error(problem);
            } else if file.is_none() {
                app = app.with_start_screen();
            }
            Ok(Box::new(app))
        }),
    );
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("cannot open the map window: {e}");
            ExitCode::from(2)
        }
    }
}
