//! `estate-map [FILE]... [--view]`: opens the map window, each file in a tab.

use crate::ui::EstateApp;
use crate::ui::files::AppDirs;
use std::path::PathBuf;
use std::process::ExitCode;

pub fn run(files: Vec<PathBuf>, view: bool) -> ExitCode {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("Estate Map")
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
            let dirs = AppDirs::platform();
            let app = EstateApp::for_files(&cc.egui_ctx, &files, view, dirs.as_ref());
            if let Some(problem) = app.open_problem() {
                eprintln!("{problem}");
            }
            Ok(Box::new(app.with_saved_settings(cc.storage)))
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
