//! Helpers shared by the kittest files that drive the app through file dialogs.
// Each test file uses only some of them.
#![allow(dead_code)]

use egui::Vec2;
use egui_kittest::Harness;
use estate_map::model::{Component, Map};
use estate_map::ui::files::dialogs::{DialogRequest, FileDialogs, ScriptedDialogs};
use estate_map::ui::{Document, EstateApp};
use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::rc::Rc;

/// Scripted dialogs the test can still look at after handing them to the app.
#[derive(Clone, Default)]
pub struct SharedDialogs(Rc<RefCell<ScriptedDialogs>>);

impl SharedDialogs {
    pub fn answering(answers: impl IntoIterator<Item = Option<PathBuf>>) -> Self {
        Self(Rc::new(RefCell::new(ScriptedDialogs::new(answers))))
    }

    pub fn requests(&self) -> Vec<DialogRequest> {
        self.0.borrow().requests.clone()
    }
}

impl FileDialogs for SharedDialogs {
    fn pick_map(&mut self, start_dir: Option<&Path>) -> Option<PathBuf> {
        self.0.borrow_mut().pick_map(start_dir)
    }

    fn pick_save_path(&mut self, name: &str, start_dir: Option<&Path>) -> Option<PathBuf> {
        self.0.borrow_mut().pick_save_path(name, start_dir)
    }
}

pub fn ward_map() -> Map {
    let mut map = Map::new("Ward round");
    for (name, visibility) in [("EPR", 0.7), ("PAS", 0.4)] {
        let id = map.allocate_component_id();
        map.components
            .push(Component::new(id, name, visibility, 0.5));
    }
    map
}

/// The app on `doc` in a 1400 x 900 window, answering file dialogs from `dialogs`;
/// `view_only` opens it as `--view` does.
pub fn app_with_dialogs(
    doc: Document,
    dialogs: &SharedDialogs,
    view_only: bool,
) -> Harness<'static, EstateApp> {
    let dialogs = dialogs.clone();
    let mut h = Harness::builder()
        .with_size(Vec2::new(1400.0, 900.0))
        .with_step_dt(1.0 / 60.0)
        .with_max_steps(120)
        .build_eframe(move |cc| {
            let app = EstateApp::new(&cc.egui_ctx, doc).with_dialogs(Box::new(dialogs));
            if view_only { app.with_view_only() } else { app }
        });
    h.run();
    h
}

/// The export preview is rendered on a background thread: steps the app until it shows.
pub fn wait_for_preview(h: &mut Harness<'_, EstateApp>) {
    use egui_kittest::kittest::Queryable;
    for _ in 0..500 {
        if h.query_by_label("Export preview").is_some() {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
        h.run();
    }
    panic!("the export preview never appeared");
}
