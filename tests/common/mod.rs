//! Helpers shared by the kittest files that drive the app through file dialogs.

use estate_map::model::{Component, Map};
use estate_map::ui::files::dialogs::{DialogRequest, FileDialogs, ScriptedDialogs};
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
