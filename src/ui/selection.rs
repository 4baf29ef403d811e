//! Selecting on the canvas: the scene's items picked, added and toggled.

pub use crate::edit::Selection;
use crate::scene::ItemId;

impl Selection {
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
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ComponentId;

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
