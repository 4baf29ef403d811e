//! The map: components, dependency links and notes, with the metadata a shared file needs.

use super::component::{Component, Kind, SupportStatus};
use super::ids::{ComponentId, NoteId, numeric_suffix};
use super::settings::MapSettings;
use chrono::{DateTime, SubsecRound, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;

/// `from` depends on `to` (A needs B to work); drawn as a line from A down to B.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Link {
    pub from: ComponentId,
    pub to: ComponentId,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// A value flow along the link (OWM `+>`, `+<`, `+<>`, `+'label'>`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flow: Option<super::extras::Flow>,
    #[serde(flatten)]
    pub extra: BTreeMap<String, Value>,
}

impl Link {
    pub fn new(from: ComponentId, to: ComponentId) -> Self {
        Self {
            from,
            to,
            label: None,
            flow: None,
            extra: BTreeMap::new(),
        }
    }
}

/// Free text placed on the map.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Note {
    pub id: NoteId,
    pub text: String,
    pub visibility: f64,
    pub evolution: f64,
    #[serde(flatten)]
    pub extra: BTreeMap<String, Value>,
}

/// What a three-way merge found changed differently on both sides.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConflictKind {
    Component,
    Link,
    Note,
    /// One of the map's own fields (title, settings...).
    Map,
}

/// A conflict recorded by a three-way merge (`estate-map merge-driver`): the map holds
/// `ours`; `theirs` is offered until the conflict is resolved.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MergeConflict {
    pub kind: ConflictKind,
    /// The component or note id, `FROM->TO` for a link, empty for the map itself.
    pub id: String,
    /// What a reader calls it: the component's name, the note's text.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    /// The field both sides changed; none when one side removed the whole item and the
    /// other changed it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// Each side's value (`null` where absent or removed).
    pub base: Value,
    pub ours: Value,
    pub theirs: Value,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Map {
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organisation: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default = "now")]
    pub created: DateTime<Utc>,
    #[serde(default = "now")]
    pub modified: DateTime<Utc>,
    /// Next number for a new id; ids are never reused, even after a delete.
    #[serde(default)]
    pub next_id: u64,
    #[serde(default)]
    pub settings: MapSettings,
    #[serde(default)]
    pub components: Vec<Component>,
    #[serde(default)]
    pub links: Vec<Link>,
    #[serde(default)]
    pub notes: Vec<Note>,
    /// Left by a three-way merge until each is resolved.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub merge_conflicts: Vec<MergeConflict>,
    /// Numbered annotations, listed in the annotation box.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub annotations: Vec<super::extras::Annotation>,
    /// Where the annotation box sits, `[visibility, evolution]`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub annotations_box: Option<super::extras::MapPoint>,
    /// Custom names of the four evolution stages (empty: genesis .. commodity).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub stage_labels: Vec<String>,
    /// Pioneer, settler and town-planner areas.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attitudes: Vec<super::extras::Area>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub accelerators: Vec<super::extras::Accelerator>,
    /// OWM presentation settings (style, size, hidden axes).
    #[serde(default, skip_serializing_if = "super::extras::Presentation::is_empty")]
    pub presentation: super::extras::Presentation,
    /// The plan off legacy: phases, steps, one-off costs, appraisal settings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plan: Option<super::plan::Plan>,
    /// Groups of components an estate map collapses into one box each.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<super::groups::Group>,
    /// Fields written by a newer Estate Map, kept and written back unchanged.
    #[serde(flatten)]
    pub extra: BTreeMap<String, Value>,
}

/// Timestamps are kept to the second: files stay readable and diff cleanly.
pub fn now() -> DateTime<Utc> {
    Utc::now().trunc_subsecs(0)
}

impl Default for Map {
    fn default() -> Self {
        Self::new("Untitled map")
    }
}

impl Map {
    /// Whether the two maps differ in nothing but their components, for a caller that
    /// compares those itself (one by one, finding which changed).
    pub fn same_but_components(&self, other: &Map) -> bool {
        // Named in full, so that a new field cannot be forgotten here.
        let Map {
            title,
            organisation,
            author,
            description,
            created,
            modified,
            next_id,
            settings,
            components: _,
            links,
            notes,
            merge_conflicts,
            annotations,
            annotations_box,
            stage_labels,
            attitudes,
            accelerators,
            presentation,
            plan,
            groups,
            extra,
        } = self;
        *title == other.title
            && *organisation == other.organisation
            && *author == other.author
            && *description == other.description
            && *created == other.created
            && *modified == other.modified
            && *next_id == other.next_id
            && *settings == other.settings
            && *links == other.links
            && *notes == other.notes
            && *merge_conflicts == other.merge_conflicts
            && *annotations == other.annotations
            && *annotations_box == other.annotations_box
            && *stage_labels == other.stage_labels
            && *attitudes == other.attitudes
            && *accelerators == other.accelerators
            && *presentation == other.presentation
            && *plan == other.plan
            && *groups == other.groups
            && *extra == other.extra
    }

    pub fn new(title: impl Into<String>) -> Self {
        let now = now();
        Self {
            title: title.into(),
            organisation: None,
            author: None,
            description: None,
            created: now,
            modified: now,
            next_id: 1,
            settings: MapSettings::default(),
            components: Vec::new(),
            links: Vec::new(),
            notes: Vec::new(),
            merge_conflicts: Vec::new(),
            annotations: Vec::new(),
            annotations_box: None,
            stage_labels: Vec::new(),
            attitudes: Vec::new(),
            accelerators: Vec::new(),
            presentation: Default::default(),
            plan: None,
            groups: Vec::new(),
            extra: BTreeMap::new(),
        }
    }

    /// A fresh component id (`c<N>`), never one used before in this map.
    pub fn allocate_component_id(&mut self) -> ComponentId {
        self.bump_next_id();
        let id = ComponentId(format!("c{}", self.next_id));
        self.next_id += 1;
        id
    }

    /// A fresh note id (`n<N>`), from the same counter as components.
    pub fn allocate_note_id(&mut self) -> NoteId {
        self.bump_next_id();
        let id = NoteId(format!("n{}", self.next_id));
        self.next_id += 1;
        id
    }

    /// Keeps the counter above every numbered id present, whatever the file said.
    pub fn bump_next_id(&mut self) {
        let highest = self
            .components
            .iter()
            .map(|c| c.id.as_str())
            .chain(self.notes.iter().map(|n| n.id.as_str()))
            .filter_map(numeric_suffix)
            .max()
            .unwrap_or(0);
        self.next_id = self.next_id.max(highest + 1).max(1);
    }

    /// How many systems and activities have each status, in `SupportStatus::ALL`
    /// order. User needs are left out: they are what the estate serves, so their
    /// support status means nothing.
    pub fn status_counts(&self) -> [(SupportStatus, usize); 5] {
        SupportStatus::ALL.map(|s| {
            let has = |c: &&Component| c.kind != Kind::UserNeed && c.status == s;
            (s, self.components.iter().filter(has).count())
        })
    }

    pub fn component(&self, id: &ComponentId) -> Option<&Component> {
        self.components.iter().find(|c| &c.id == id)
    }

    pub fn component_mut(&mut self, id: &ComponentId) -> Option<&mut Component> {
        self.components.iter_mut().find(|c| &c.id == id)
    }

    pub fn component_index(&self, id: &ComponentId) -> Option<usize> {
        self.components.iter().position(|c| &c.id == id)
    }

    pub fn note(&self, id: &NoteId) -> Option<&Note> {
        self.notes.iter().find(|n| &n.id == id)
    }

    pub fn has_link(&self, from: &ComponentId, to: &ComponentId) -> bool {
        self.links.iter().any(|l| &l.from == from && &l.to == to)
    }

    pub fn find_by_name(&self, name: &str) -> Option<&Component> {
        self.components.iter().find(|c| c.name == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_but_components_sees_every_other_difference() {
        let base = crate::model::generate::generate(20, 4);
        let mut moved = base.clone();
        moved.components[3].evolution = 0.9;
        moved.components.pop();
        assert!(base.same_but_components(&moved));
        let changes: [fn(&mut Map); 5] = [
            |m| drop(m.links.pop()),
            |m| m.title.push('!'),
            |m| m.stage_labels.push("Idea".into()),
            |m| drop(m.extra.insert("future".into(), Value::Bool(true))),
            |m| m.next_id += 1,
        ];
        for change in changes {
            let mut other = base.clone();
            change(&mut other);
            assert!(!base.same_but_components(&other), "{other:?}");
        }
    }

    #[test]
    fn ids_are_never_reused_after_delete() {
        let mut map = Map::new("t");
        let a = map.allocate_component_id();
        map.components
            .push(Component::new(a.clone(), "A", 0.5, 0.5));
        map.components.clear();
        let b = map.allocate_component_id();
        assert_ne!(a, b);
    }

    #[test]
    fn status_counts_leave_user_needs_out() {
        let mut map = Map::new("t");
        let specs = [
            (Kind::UserNeed, SupportStatus::Unknown),
            (Kind::UserNeed, SupportStatus::Supported),
            (Kind::System, SupportStatus::Unknown),
            (Kind::System, SupportStatus::Unsupported),
            (Kind::Activity, SupportStatus::Unsupported),
        ];
        for (kind, status) in specs {
            let id = map.allocate_component_id();
            let c = Component::new(id, "C", 0.5, 0.5).with_kind(kind);
            map.components.push(c.with_status(status));
        }
        use SupportStatus::*;
        assert_eq!(
            map.status_counts(),
            [
                (Supported, 0),
                (ExtendedSupport, 0),
                (Unsupported, 2),
                (ShadowIt, 0),
                (Unknown, 1)
            ]
        );
    }

    #[test]
    fn counter_skips_ids_already_in_file() {
        let mut map = Map::new("t");
        map.next_id = 1;
        map.components
            .push(Component::new(ComponentId::new("c41"), "A", 0.5, 0.5));
        assert_eq!(map.allocate_component_id().as_str(), "c42");
    }
}
