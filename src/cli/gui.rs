//! `estate-map [FILE] [--view]`: opens the map window.

use crate::model::{Map, load_file};
use crate::ui::{Document, EstateApp};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Opened when no file is given, if it exists.
const DEFAULT_SAMPLE: &str = "sample_maps/stroke.json";

pub fn run(file: Option<PathBuf>, view: bool) -> ExitCode {
    let (doc, problem) = open(file, view);
    let title = doc.window_title();
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title(title)
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
            let mut app = EstateApp::new(&cc.egui_ctx, doc);
            if let Some(problem) = problem {
                app.report_error(problem);
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

/// The document to start with, and why it is not the file asked for, if it is not.
fn open(file: Option<PathBuf>, view: bool) -> (Document, Option<String>) {
    let file = file.or_else(|| {
        let sample = PathBuf::from(DEFAULT_SAMPLE);
        sample.exists().then_some(sample)
    });
    let Some(path) = file else {
        let mut doc = Document::new(Map::default(), None);
        doc.read_only = view;
        return (doc, None);
    };
    match load_file(&path) {
        Ok(map) => {
            let mut doc = Document::new(map, Some(path.clone()));
            doc.read_only = view || !is_writable(&path);
            (doc, None)
        }
        Err(e) => {
            eprintln!("{e}");
            let mut doc = Document::new(Map::default(), None);
            doc.read_only = view;
            (doc, Some(format!("Could not open the map: {e}")))
        }
    }
}

fn is_writable(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| !m.permissions().readonly())
}
