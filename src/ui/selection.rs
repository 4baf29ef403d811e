//! What is selected on the canvas: components and notes together, or one link.

use crate::edit::LinkKey;
use crate::model::{ComponentId, Map, NoteId};
use crate::scene::ItemId;
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

    pub fn contains(&self, item: &ItemId) -> bool {
        match item {
            ItemId::Component(id) => self.components.contains(id),
            ItemId::Note(id) => self.notes.contains(id),
            // Compared in place: this runs for every link on screen, every frame.
            ItemId::Link { from, to } => self
                .link
                .as_ref()
                .is_some_and(|(f, t)| f == from && t == to),
        }
    }

    /// Selects only `item`.
    pub fn set(&mut self, item: &ItemId) {
        self.clear();
        self.add(item);
    }

    /// Adds `item`; a link replaces everything else (links are edited one at a time).
    pub fn add(&mut self, item: &ItemId) {
        match item {
            ItemId::Component(id) => {
                self.link = None;
                self.components.insert(id.clone());
            }
            ItemId::Note(id) => {
                self.link = None;
                self.notes.insert(id.clone());
            }
            ItemId::Link { from, to } => {
                self.clear();
                self.link = Some((from.clone(), to.clone()));
            }
        }
    }

    /// Shift/Ctrl-click: adds an unselected item, removes a selected one.
    pub fn toggle(&mut self, item: &ItemId) {
        if !self.contains(item) {
            self.add(item);
            return;
        }
        match item {
            ItemId::Component(id) => {
                self.components.remove(id);
            }
            ItemId::Note(id) => {
                self.notes.remove(id);
            }
            ItemId::Link { .. } => self.link = None,
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn c(id: &str) -> ItemId {
        ItemId::Component(ComponentId::new(id))
    }

    #[test]
    fn toggle_adds_and_removes_and_links_stand_alone() {
        let mut s = Selection::default();
        s.set(&c("a"));
        s.toggle(&c("b"));
        assert_eq!(s.components.len(), 2);
        s.toggle(&c("a"));
        assert_eq!(s.component_ids(), vec![ComponentId::new("b")]);
        let link = ItemId::Link {
            from: ComponentId::new("a"),
            to: ComponentId::new("b"),
        };
        s.add(&link);
        assert!(s.components.is_empty() && s.contains(&link));
        s.add(&c("a"));
        assert!(s.link.is_none());
    }
}
