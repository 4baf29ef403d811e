//! What is selected: components and notes together, or one link. The canvas edits it;
//! the undo history keeps it per step so undo and redo can select what they touched.

use super::LinkKey;
use crate::model::{ComponentId, Map, NoteId};
use std::collections::BTreeSet;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Selection {
    pub components: BTreeSet<ComponentId>,
    pub notes: BTreeSet<NoteId>,
    pub link: Option<LinkKey>,
}

impl Selection {
    pub fn is_empty(&self) -> bool {
        self.components.is_empty() && self.notes.is_empty() && self.link.is_none()
    }

    pub fn clear(&mut self) {
        *self = Self::default();
    }

    pub fn select_all(&mut self, map: &Map) {
        self.clear();
        self.components = map.components.iter().map(|c| c.id.clone()).collect();
        self.notes = map.notes.iter().map(|n| n.id.clone()).collect();
    }

    /// Drops what no longer exists (after undo, delete or a redo elsewhere).
    pub fn retain_existing(&mut self, map: &Map) {
        self.components.retain(|id| map.component(id).is_some());
        self.notes.retain(|id| map.note(id).is_some());
        if let Some((from, to)) = &self.link
            && !map.has_link(from, to)
        {
            self.link = None;
        }
    }

    pub fn component_ids(&self) -> Vec<ComponentId> {
        self.components.iter().cloned().collect()
    }

    /// The one selected component, if exactly one thing is selected.
    pub fn single_component(&self) -> Option<&ComponentId> {
        (self.components.len() == 1 && self.notes.is_empty())
            .then(|| self.components.iter().next())
            .flatten()
    }
}
