//! The primitive, always-invertible changes that commands compile to. Applying a change
//! returns the change that undoes it, so undo and redo are the same operation.

use super::command::MapProperties;
use crate::model::{Component, ComponentId, Link, Map, Note, NoteId, RiskMatrix, ScoreWeights};

/// Identifies a link: at most one link per ordered pair of components.
pub type LinkKey = (ComponentId, ComponentId);

#[derive(Clone, Debug, PartialEq)]
pub enum Change {
    /// Puts items back at their positions in the lists (ascending indices), so an undone
    /// delete restores the original drawing order.
    Insert {
        components: Vec<(usize, Component)>,
        links: Vec<(usize, Link)>,
        notes: Vec<(usize, Note)>,
    },
    Remove {
        components: Vec<ComponentId>,
        links: Vec<LinkKey>,
        notes: Vec<NoteId>,
    },
    /// Replaces existing records with these versions, matched by id or key.
    ReplaceComponents(Vec<Component>),
    ReplaceLinks(Vec<Link>),
    ReplaceNotes(Vec<Note>),
    /// Replaces the map's title, organisation, author and description.
    ReplaceProperties(MapProperties),
    /// Replaces the map's risk matrix and score weights.
    ReplaceRiskSettings {
        matrix: RiskMatrix,
        weights: ScoreWeights,
    },
    /// Several changes as one step, applied in order (undone in reverse).
    Batch(Vec<Change>),
    /// Replaces the whole lists (repairs, where duplicate ids make records ambiguous).
    ReplaceLists {
        components: Vec<Component>,
        links: Vec<Link>,
        notes: Vec<Note>,
    },
    /// The whole map at once (a merge, a resolved conflict): the inverse holds the old.
    ReplaceMap(Box<Map>),
    /// The map's groups (collapsed or not).
    ReplaceGroups(Vec<crate::model::Group>),
    /// The map's plan (none: no plan); the inverse holds the old one.
    ReplacePlan(Option<Box<crate::model::Plan>>),
    /// Replaces the expected-loss model's settings.
    ReplaceMoneySettings(Box<crate::model::MoneySettings>),
    /// Replaces the map's numbered annotations.
    ReplaceAnnotations(Vec<crate::model::Annotation>),
    /// Replaces where the annotations list sits.
    ReplaceAnnotationsBox(Option<crate::model::MapPoint>),
}

impl Change {
    /// What the change does if it does nothing but replace components' fields and add
    /// or remove components and links (a move, a status, a rename, an add, a delete):
    /// the components it puts in place, and whether it adds or removes any; None if it
    /// changes anything else.
    pub fn components_and_links(&self) -> Option<(Vec<&Component>, bool)> {
        match self {
            Change::ReplaceComponents(components) => Some((components.iter().collect(), false)),
            Change::Insert { notes, .. } if notes.is_empty() => Some((Vec::new(), true)),
            Change::Remove { notes, .. } if notes.is_empty() => Some((Vec::new(), true)),
            Change::Batch(changes) => {
                let mut all = (Vec::new(), false);
                for change in changes {
                    let (components, membership) = change.components_and_links()?;
                    all.0.extend(components);
                    all.1 |= membership;
                }
                Some(all)
            }
            _ => None,
        }
    }

    pub fn apply(self, map: &mut Map) -> Change {
        match self {
            Change::Insert {
                components,
                links,
                notes,
            } => insert(map, components, links, notes),
            Change::Remove {
                components,
                links,
                notes,
            } => remove(map, &components, &links, &notes),
            Change::ReplaceComponents(new) => {
                Change::ReplaceComponents(replace(&mut map.components, new, |c| c.id.clone()))
            }
            Change::ReplaceLinks(new) => Change::ReplaceLinks(replace(&mut map.links, new, key)),
            Change::ReplaceNotes(new) => {
                Change::ReplaceNotes(replace(&mut map.notes, new, |n| n.id.clone()))
            }
            Change::ReplaceProperties(new) => {
                let old = MapProperties::of(map);
                new.write_to(map);
                Change::ReplaceProperties(old)
            }
            Change::ReplaceRiskSettings { matrix, weights } => {
                let settings = &mut map.settings;
                Change::ReplaceRiskSettings {
                    matrix: std::mem::replace(&mut settings.risk_matrix, matrix),
                    weights: std::mem::replace(&mut settings.score_weights, weights),
                }
            }
            Change::ReplaceLists {
                components,
                links,
                notes,
            } => Change::ReplaceLists {
                components: std::mem::replace(&mut map.components, components),
                links: std::mem::replace(&mut map.links, links),
                notes: std::mem::replace(&mut map.notes, notes),
            },
            Change::ReplaceMap(new) => Change::ReplaceMap(Box::new(std::mem::replace(map, *new))),
            Change::ReplaceGroups(groups) => {
                Change::ReplaceGroups(std::mem::replace(&mut map.groups, groups))
            }
            Change::ReplacePlan(new) => {
                Change::ReplacePlan(std::mem::replace(&mut map.plan, new.map(|p| *p)).map(Box::new))
            }
            Change::ReplaceAnnotations(new) => {
                Change::ReplaceAnnotations(std::mem::replace(&mut map.annotations, new))
            }
            Change::ReplaceAnnotationsBox(new) => {
                Change::ReplaceAnnotationsBox(std::mem::replace(&mut map.annotations_box, new))
            }
            Change::ReplaceMoneySettings(new) => Change::ReplaceMoneySettings(Box::new(
                std::mem::replace(&mut map.settings.money, *new),
            )),
            Change::Batch(changes) => {
                let mut inverses: Vec<Change> = changes.into_iter().map(|c| c.apply(map)).collect();
                inverses.reverse();
                Change::Batch(inverses)
            }
        }
    }

    /// Folds a later change of the same gesture into this inverse: the earliest value of
    /// each record wins, since undo must return to the state before the gesture began.
    pub fn absorb(&mut self, later: Change) -> bool {
        match (self, later) {
            (Change::ReplaceComponents(old), Change::ReplaceComponents(new)) => {
                union_keep_first(old, new, |c| c.id.clone());
                true
            }
            (Change::ReplaceLinks(old), Change::ReplaceLinks(new)) => {
                union_keep_first(old, new, key);
                true
            }
            (Change::ReplaceNotes(old), Change::ReplaceNotes(new)) => {
                union_keep_first(old, new, |n| n.id.clone());
                true
            }
            // The earlier settings are the ones undo returns to.
            (Change::ReplaceRiskSettings { .. }, Change::ReplaceRiskSettings { .. }) => true,
            (Change::ReplaceAnnotations(_), Change::ReplaceAnnotations(_)) => true,
            (Change::ReplaceAnnotationsBox(_), Change::ReplaceAnnotationsBox(_)) => true,
            (Change::Batch(old), Change::Batch(new)) if old.len() == new.len() => {
                // Inverses of a batch are reversed, so both lists pair up in the same order.
                old.iter_mut().zip(new).all(|(o, n)| o.absorb(n))
            }
            _ => false,
        }
    }
}

pub fn key(link: &Link) -> LinkKey {
    (link.from.clone(), link.to.clone())
}

fn insert(
    map: &mut Map,
    components: Vec<(usize, Component)>,
    links: Vec<(usize, Link)>,
    notes: Vec<(usize, Note)>,
) -> Change {
    let inverse = Change::Remove {
        components: components.iter().map(|(_, c)| c.id.clone()).collect(),
        links: links.iter().map(|(_, l)| key(l)).collect(),
        notes: notes.iter().map(|(_, n)| n.id.clone()).collect(),
    };
    insert_at(&mut map.components, components);
    insert_at(&mut map.links, links);
    insert_at(&mut map.notes, notes);
    inverse
}

fn insert_at<T>(list: &mut Vec<T>, mut items: Vec<(usize, T)>) {
    items.sort_by_key(|(i, _)| *i);
    for (index, item) in items {
        let index = index.min(list.len());
        list.insert(index, item);
    }
}

fn remove(
    map: &mut Map,
    components: &[ComponentId],
    links: &[LinkKey],
    notes: &[NoteId],
) -> Change {
    Change::Insert {
        components: take_where(&mut map.components, |c| components.contains(&c.id)),
        links: take_where(&mut map.links, |l| links.contains(&key(l))),
        notes: take_where(&mut map.notes, |n| notes.contains(&n.id)),
    }
}

/// Removes the matching items, returning each with the index it had.
fn take_where<T>(list: &mut Vec<T>, matches: impl Fn(&T) -> bool) -> Vec<(usize, T)> {
    let mut taken = Vec::new();
    let mut kept = Vec::with_capacity(list.len());
    for (index, item) in std::mem::take(list).into_iter().enumerate() {
        if matches(&item) {
            taken.push((index, item));
        } else {
            kept.push(item);
        }
    }
    *list = kept;
    taken
}

fn replace<T, K: PartialEq>(list: &mut [T], new: Vec<T>, id: impl Fn(&T) -> K) -> Vec<T> {
    let mut old = Vec::with_capacity(new.len());
    for item in new {
        if let Some(slot) = list.iter_mut().find(|x| id(x) == id(&item)) {
            old.push(std::mem::replace(slot, item));
        }
    }
    old
}

fn union_keep_first<T, K: PartialEq>(first: &mut Vec<T>, later: Vec<T>, id: impl Fn(&T) -> K) {
    for item in later {
        if !first.iter().any(|x| id(x) == id(&item)) {
            first.push(item);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map_with(names: &[&str]) -> Map {
        let mut map = Map::new("t");
        for name in names {
            let id = map.allocate_component_id();
            map.components.push(Component::new(id, *name, 0.5, 0.5));
        }
        map
    }

    #[test]
    fn remove_then_inverse_restores_order() {
        let mut map = map_with(&["A", "B", "C"]);
        let before = map.clone();
        let b = map.components[1].id.clone();
        let inverse = Change::Remove {
            components: vec![b],
            links: vec![],
            notes: vec![],
        }
        .apply(&mut map);
        assert_eq!(map.components.len(), 2);
        inverse.apply(&mut map);
        assert_eq!(map, before);
    }

    #[test]
    fn absorb_keeps_the_earliest_value() {
        let map = map_with(&["A"]);
        let mut first = Change::ReplaceComponents(vec![map.components[0].clone()]);
        let mut later = map.components[0].clone();
        later.name = "changed".into();
        assert!(first.absorb(Change::ReplaceComponents(vec![later])));
        let Change::ReplaceComponents(list) = first else {
            panic!("kind changed")
        };
        assert_eq!(list.len(), 1);
        assert_eq!(list[0].name, "A");
    }
}
