//! The View control of an estate map: which area (or the at-risk part) the canvas,
//! the register and exports show, all from `analysis::areas::view_map`; and
//! collapsing components or a whole area into a group box, and expanding it again.

use super::app::EstateApp;
use crate::analysis::ViewRows;
use crate::analysis::areas::{MapView, areas_of, view_map};
use crate::edit::Command;
use crate::model::{ComponentId, Group, Map};
use crate::scene::groups::group_of_box;
use egui::{ComboBox, Ui};
use std::sync::Arc;

/// The view chosen and the map it shows, made again only after an edit.
#[derive(Default)]
pub struct AreaViewState {
    pub view: MapView,
    shown: Option<Shown>,
}

struct Shown {
    /// The shown revision it was made from: the document's, moved by the timeline's date.
    revision: u64,
    components: usize,
    view: MapView,
    map: Arc<Map>,
}

impl AreaViewState {
    /// What the view shows of `map` (the document's, or the timeline's map at its date)
    /// at shown revision `revision`: `map` for the whole map.
    pub fn shown<'a>(&'a self, map: &'a Map, revision: u64) -> &'a Map {
        match &self.shown {
            Some(shown) if shown.view == self.view && shown.revision == revision => &shown.map,
            _ => map,
        }
    }
}

impl EstateApp {
    /// The title the canvas header shows: the map's, with the view named in it.
    pub fn shown_title(&self) -> &str {
        &self.shown_map().title
    }

    /// The view, for the window title; None for the whole map.
    pub(super) fn view_in_title(&self) -> Option<String> {
        let view = &self.area_view.view;
        (!view.is_all()).then(|| named(&self.doc.map, view).label())
    }

    /// What the canvas, register and exports show now: the area view's part of the map
    /// (all of it for the whole map), as planned at the timeline's date when one is shown.
    pub(super) fn shown_map(&self) -> &Map {
        let map = super::plan_view::shown(&self.doc, &self.plan_ui);
        self.area_view.shown(map, self.shown_revision())
    }

    /// Makes the view's map again if the map changed since; an area that is gone (an
    /// undone merge) falls back to the whole map, saying so.
    pub(super) fn refresh_area_view(&mut self) {
        let base = super::plan_view::shown(&self.doc, &self.plan_ui);
        let (revision, components) = (self.shown_revision(), base.components.len());
        let view = self.area_view.view.clone();
        if view.is_all() {
            if self.area_view.shown.take().is_some() {
                self.insight.register.set_view(None);
            }
            return;
        }
        let current = self.area_view.shown.as_ref().is_some_and(|s| {
            s.revision == revision && s.components == components && s.view == view
        });
        if current {
            return;
        }
        match view_map(base, &view) {
            Ok(map) => {
                let members = map.components.iter().map(|c| c.id.clone()).collect();
                let label = named(&self.doc.map, &view).label();
                self.insight
                    .register
                    .set_view(Some(ViewRows { label, members }));
                self.area_view.shown = Some(Shown {
                    revision,
                    components,
                    view,
                    map: Arc::new(map),
                });
            }
            Err(e) => {
                self.status.error(format!(
                    "Showing the whole map: {}",
                    capital(&e.to_string())
                ));
                self.area_view.view = MapView::default();
                self.area_view.shown = None;
                self.insight.register.set_view(None);
            }
        }
        self.canvas.forget_scene();
    }

    /// Shows `view` on the canvas, in the register and in exports.
    pub(super) fn set_map_view(&mut self, view: MapView) {
        if view == self.area_view.view {
            return;
        }
        self.area_view.view = view;
        self.refresh_area_view();
        self.canvas.forget_scene();
        self.canvas.request_fit();
        let shown = self.shown_map().components.len();
        let all = self.doc.map.components.len();
        let label = view_label(&self.doc.map, &self.area_view.view);
        self.status
            .info(format!("Showing {label}: {shown} of {all} components"));
    }

    /// The next view in turn: the whole map, then each area.
    pub(super) fn next_area_view(&mut self) {
        let areas = areas_of(&self.doc.map);
        let at = match &self.area_view.view.area {
            None => 0,
            Some(area) => areas.iter().position(|a| a == area).map_or(0, |i| i + 1),
        };
        let area = match at {
            0 if areas.is_empty() => None,
            i if i < areas.len() => Some(areas[i].clone()),
            _ => None,
        };
        self.set_map_view(MapView {
            area,
            at_risk: self.area_view.view.at_risk,
        });
    }

    pub(super) fn toggle_at_risk_view(&mut self) {
        self.set_map_view(MapView {
            at_risk: !self.area_view.view.at_risk,
            ..self.area_view.view.clone()
        });
    }

    /// The toolbar's View combo (whole map or one area) and at-risk toggle.
    pub(super) fn area_view_ui(&mut self, ui: &mut Ui) {
        let areas = areas_of(&self.doc.map);
        let mut chosen = self.area_view.view.area.clone();
        let shown = chosen
            .as_deref()
            .map_or("Whole map".to_string(), |a| format!("{a} area"));
        let label = ui.label("Area view");
        ComboBox::from_id_salt("area view")
            .selected_text(shown)
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut chosen, None, "Whole map");
                for area in &areas {
                    ui.selectable_value(&mut chosen, Some(area.clone()), format!("{area} area"));
                }
            })
            .response
            .labelled_by(label.id)
            .on_hover_text(if areas.is_empty() {
                "Area views need an estate map: its components list the areas they are on"
            } else {
                "Show one area of the estate on the map, in the register and in exports"
            });
        if chosen != self.area_view.view.area {
            self.set_map_view(MapView {
                area: chosen,
                at_risk: self.area_view.view.at_risk,
            });
        }
        self.tool_action(ui, super::registry::ActionId::AtRiskView, None);
        if self.area_view.view.area.is_some() {
            self.tool_action(ui, super::registry::ActionId::CollapseArea, None);
        }
    }

    /// The selected components (not group boxes) folded into a new collapsed group.
    pub(super) fn collapse_selection(&mut self) {
        let members: Vec<ComponentId> = self
            .canvas
            .selection
            .components
            .iter()
            .filter(|id| self.doc.map.component(id).is_some())
            .cloned()
            .collect();
        if members.len() < 2 {
            self.status
                .error("Select two or more components to collapse into a group");
            return;
        }
        let name = group_name(&self.doc.map, &members);
        self.add_group(name, members);
    }

    /// Every component of the area shown folded into one box named after the area;
    /// the whole map is shown again, with the area as one box among the rest.
    pub(super) fn collapse_area(&mut self) {
        let Some(area) = self.area_view.view.area.clone() else {
            self.status.error("Choose an area in Area view first");
            return;
        };
        let members: Vec<ComponentId> = self
            .shown_map()
            .components
            .iter()
            .map(|c| c.id.clone())
            .collect();
        self.set_map_view(MapView::default());
        self.add_group(area, members);
    }

    fn add_group(&mut self, name: String, members: Vec<ComponentId>) {
        let count = members.len();
        let mut groups = self.doc.map.groups.clone();
        groups.push(Group::new(name.clone(), members, true));
        self.canvas.selection.clear();
        self.run_command(Command::SetGroups {
            groups,
            what: format!("collapse {count} components into '{name}'"),
        });
    }

    /// The selected group boxes opened again (their members drawn as before).
    pub(super) fn expand_selected_groups(&mut self) {
        let chosen: Vec<usize> = self
            .canvas
            .selection
            .components
            .iter()
            .filter_map(group_of_box)
            .filter(|&g| g < self.doc.map.groups.len())
            .collect();
        if chosen.is_empty() {
            self.status.error("Select a group's box to expand it");
            return;
        }
        let mut groups = self.doc.map.groups.clone();
        let mut names = Vec::new();
        for g in chosen {
            groups[g].collapsed = false;
            names.push(format!("'{}'", groups[g].name));
        }
        self.canvas.selection.clear();
        self.run_command(Command::SetGroups {
            groups,
            what: format!("expand {}", names.join(", ")),
        });
    }

    pub(super) fn group_box_selected(&self) -> bool {
        self.canvas
            .selection
            .components
            .iter()
            .any(|id| group_of_box(id).is_some())
    }
}

/// The area every member is on, if there is just one; else "Group N".
fn group_name(map: &Map, members: &[ComponentId]) -> String {
    let areas: Vec<&[String]> = members
        .iter()
        .filter_map(|id| map.component(id))
        .map(|c| c.areas.as_slice())
        .collect();
    if let Some(first) = areas.first()
        && let [area] = first
        && areas.iter().all(|a| a == first)
    {
        return area.clone();
    }
    format!("Group {}", map.groups.len() + 1)
}

/// The view with the map's own spelling of its area.
fn named(map: &Map, view: &MapView) -> MapView {
    let area = view
        .area
        .as_deref()
        .and_then(|a| crate::analysis::areas::find_area(map, a).ok());
    MapView {
        area,
        at_risk: view.at_risk,
    }
}

/// The view's label as it reads in a sentence: "the Stroke area", "the whole map".
fn view_label(map: &Map, view: &MapView) -> String {
    let label = named(map, view).label();
    match label.strip_prefix("Whole map") {
        Some(rest) => format!("the whole map{rest}"),
        None => format!("the {label}"),
    }
}

fn capital(text: &str) -> String {
    super::editor::capitalise(text)
}

/// "Used by 3 areas: Cancer, Diabetes, Stroke" for the dependants of a system on an
/// estate map (None where they are on no area).
pub(super) fn areas_line(map: &Map, dependants: &[usize]) -> Option<String> {
    let areas = crate::analysis::areas::areas_spanned(map, dependants.iter().copied());
    match areas.len() {
        0 => None,
        1 => Some(format!("Used by 1 area: {}", areas[0])),
        n => Some(format!("Used by {n} areas: {}", areas.join(", "))),
    }
}

impl EstateApp {
    /// What dragging `id` moves: a group box moves its members, keeping their layout.
    pub(super) fn moved_with(&self, id: &ComponentId) -> Vec<ComponentId> {
        match group_of_box(id).and_then(|g| self.doc.map.groups.get(g)) {
            Some(group) => group.members.clone(),
            None => vec![id.clone()],
        }
    }

    /// The inspector of a selected group box: its name, counts and members.
    pub(super) fn group_fields(&mut self, ui: &mut Ui, id: &ComponentId) {
        let Some(group) = group_of_box(id).and_then(|g| self.doc.map.groups.get(g)) else {
            return;
        };
        let members: Vec<&crate::model::Component> = group
            .members
            .iter()
            .filter_map(|m| self.doc.map.component(m))
            .collect();
        ui.label(egui::RichText::new(format!("Group: {}", group.name)).strong());
        let rename = group_name_field(ui, group_of_box(id).unwrap_or_default(), &group.name);
        ui.label(crate::scene::groups::counts_line(&members));
        const LISTED: usize = 30;
        for c in members.iter().take(LISTED) {
            ui.label(format!("\u{2022} {} ({})", c.name, c.status.label()));
        }
        if members.len() > LISTED {
            ui.label(format!("and {} more", members.len() - LISTED));
        }
        ui.separator();
        self.tool_action(ui, super::registry::ActionId::ExpandGroup, None);
        if let (Some(name), Some(index)) = (rename, group_of_box(id)) {
            let mut groups = self.doc.map.groups.clone();
            groups[index].name = name.clone();
            self.run_command(crate::edit::Command::SetGroups {
                groups,
                what: format!("rename group to '{name}'"),
            });
        }
    }
}

/// The group's name as an editable field; the new name once typing ends (Enter or
/// leaving the field), if it changed and is not blank.
fn group_name_field(ui: &mut Ui, index: usize, name: &str) -> Option<String> {
    let id = egui::Id::unique(("group name", index));
    let mut text: String = ui
        .data(|d| d.get_temp(id))
        .unwrap_or_else(|| name.to_string());
    let label = ui.label("Group name");
    let response = ui
        .add(egui::TextEdit::singleline(&mut text).desired_width(f32::INFINITY))
        .labelled_by(label.id);
    if response.lost_focus() {
        ui.data_mut(|d| d.remove::<String>(id));
        let text = text.trim();
        return (!text.is_empty() && text != name).then(|| text.to_string());
    }
    if response.has_focus() {
        ui.data_mut(|d| d.insert_temp(id, text));
    }
    None
}
