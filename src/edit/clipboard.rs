//! What Ctrl+C holds: components and the links among them. It travels through the
//! system clipboard as JSON, so a copy in one window pastes into another.

use super::Position;
use crate::model::{Component, ComponentId, Link, Map};
use serde::{Deserialize, Serialize};

const MARKER: &str = "estate-map-clipboard";

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Clipboard {
    pub components: Vec<Component>,
    /// Only links whose both ends were copied.
    pub links: Vec<Link>,
}

#[derive(Serialize, Deserialize)]
struct Envelope {
    format: String,
    #[serde(flatten)]
    clipboard: Clipboard,
}

impl Clipboard {
    /// Copies the given components (in map order) with their internal links.
    pub fn copy(map: &Map, ids: &[ComponentId]) -> Self {
        let components = map
            .components
            .iter()
            .filter(|c| ids.contains(&c.id))
            .cloned()
            .collect();
        let links = map
            .links
            .iter()
            .filter(|l| ids.contains(&l.from) && ids.contains(&l.to))
            .cloned()
            .collect();
        Self { components, links }
    }

    pub fn is_empty(&self) -> bool {
        self.components.is_empty()
    }

    /// The centre of the copied components' bounding box; None when empty.
    pub fn centre(&self) -> Option<Position> {
        let first = self.components.first()?;
        let (mut low, mut high) = (
            (first.visibility, first.evolution),
            (first.visibility, first.evolution),
        );
        for c in &self.components {
            low = (low.0.min(c.visibility), low.1.min(c.evolution));
            high = (high.0.max(c.visibility), high.1.max(c.evolution));
        }
        Some(Position::new(
            (low.0 + high.0) / 2.0,
            (low.1 + high.1) / 2.0,
        ))
    }

    pub fn to_text(&self) -> String {
        let envelope = Envelope {
            format: MARKER.into(),
            clipboard: self.clone(),
        };
        serde_json::to_string(&envelope).unwrap_or_default()
    }

    /// Reads text from the system clipboard; `None` if it is not an Estate Map copy.
    pub fn from_text(text: &str) -> Option<Self> {
        let envelope: Envelope = serde_json::from_str(text).ok()?;
        (envelope.format == MARKER).then_some(envelope.clipboard)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copy_keeps_only_internal_links_and_round_trips_as_text() {
        let mut map = Map::new("t");
        let ids: Vec<ComponentId> = (0..3).map(|_| map.allocate_component_id()).collect();
        for (i, id) in ids.iter().enumerate() {
            map.components
                .push(Component::new(id.clone(), format!("C{i}"), 0.5, 0.5));
        }
        map.links.push(Link::new(ids[0].clone(), ids[1].clone()));
        map.links.push(Link::new(ids[1].clone(), ids[2].clone()));
        let clip = Clipboard::copy(&map, &ids[..2]);
        assert_eq!(clip.components.len(), 2);
        assert_eq!(clip.links, vec![Link::new(ids[0].clone(), ids[1].clone())]);
        assert_eq!(Clipboard::from_text(&clip.to_text()), Some(clip));
        assert_eq!(Clipboard::from_text("plain text"), None);
    }

    #[test]
    fn centre_is_the_middle_of_the_bounding_box() {
        let mut map = Map::new("t");
        for (v, e) in [(0.2, 0.1), (0.8, 0.5), (0.4, 0.3)] {
            let id = map.allocate_component_id();
            map.components.push(Component::new(id, "C", v, e));
        }
        let ids: Vec<ComponentId> = map.components.iter().map(|c| c.id.clone()).collect();
        let centre = Clipboard::copy(&map, &ids).centre().unwrap();
        assert!((centre.visibility - 0.5).abs() < 1e-9);
        assert!((centre.evolution - 0.3).abs() < 1e-9);
        assert_eq!(Clipboard::default().centre(), None);
    }
}
