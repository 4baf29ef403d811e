//! What is dragged on the canvas without moving a component (issue 16): a component's
//! name (its label: the drag sets its OWM label offset), an annotation's numbered points
//! and the annotations list. Each drag is one undo step. Clicking the canvas after
//! "Add a point" in the Annotations window puts a new point of that annotation there.

use super::super::app::EstateApp;
use crate::edit::{Coalesce, Command, Field};
use crate::model::{ComponentId, MapPoint};
use crate::scene::{self, Scene, Sizes};
use egui::{CursorIcon, Id, Pos2, Role, Sense, Ui, WidgetInfo};
use std::collections::HashMap;

/// Most handles given a widget (and an accessible name) in one frame.
const WIDGET_LIMIT: usize = 200;

/// Something on the canvas that is dragged on its own.
#[derive(Clone, Debug, PartialEq)]
pub enum Handle {
    /// A component's name drawn off its marker.
    Label(ComponentId),
    /// Point `point` (0-based) of annotation `number`.
    AnnotationPoint { number: u32, point: usize },
    /// The annotations list.
    AnnotationsBox,
}

/// A handle being dragged: where the pointer and the handle's anchor (a label's start,
/// a point's centre, the list's corner) were when the drag began.
#[derive(Clone, Debug, PartialEq)]
pub struct HandleDrag {
    handle: Handle,
    start: scene::Point,
    anchor: scene::Point,
}

impl HandleDrag {
    /// The component whose label this is.
    pub fn component(&self) -> Option<&ComponentId> {
        match &self.handle {
            Handle::Label(id) => Some(id),
            _ => None,
        }
    }
}

/// Where "Add a point" waits for its click: the annotation's number.
fn adding_point_id() -> Id {
    Id::unique("annotation point to add")
}

/// Map coordinates rounded to three places, as a file wants them.
fn rounded(v: f64) -> f64 {
    (v * 1000.0).round() / 1000.0
}

/// `[visibility, evolution]` of a scene point, on the map.
fn map_point(p: scene::Point) -> MapPoint {
    let (evolution, visibility) = scene::from_scene(p);
    [rounded(visibility), rounded(evolution)]
}

impl EstateApp {
    fn handle_sizes(&self) -> Sizes {
        Sizes::new(self.look().presenter)
    }

    /// The handles of the shown scene, topmost first, in map units. None in the
    /// timeline view (its scene is of another map).
    fn handles(&self, scene: &Scene) -> Vec<(Handle, scene::Rect)> {
        let mut out = Vec::new();
        if self.plan_ui.shown.is_some() {
            return out;
        }
        let map = &self.doc.map;
        let sizes = self.handle_sizes();
        let r = scene::annotation_radius(&sizes);
        for a in &map.annotations {
            for (i, p) in a.points.iter().enumerate() {
                let centre = scene::to_scene(p[1], p[0]);
                let handle = Handle::AnnotationPoint {
                    number: a.number,
                    point: i,
                };
                out.push((
                    handle,
                    scene::Rect::from_center_size(centre, 2.0 * r, 2.0 * r),
                ));
            }
        }
        if let Some(rect) = scene::annotations_box_rect(map, &sizes) {
            out.push((Handle::AnnotationsBox, rect));
        }
        // A collapsed group's box is no component of the map: its name stays put.
        let labels = scene.components.iter().filter_map(|drawn| {
            let rect = drawn.label?;
            let component = scene::groups::group_of_box(&drawn.id).is_none();
            component.then(|| (Handle::Label(drawn.id.clone()), rect))
        });
        out.extend(labels);
        out
    }

    /// The handle under the screen point `pos`, ready to drag from there.
    pub(in crate::ui) fn handle_press(&self, scene: &Scene, pos: Pos2) -> Option<HandleDrag> {
        let start = self.canvas.view.to_scene(self.canvas.rect, pos);
        let (handle, rect) = self
            .handles(scene)
            .into_iter()
            .find(|(_, rect)| rect.contains(start))?;
        let anchor = match &handle {
            Handle::Label(id) => {
                self.doc.map.component(id)?;
                scene::label_anchor_of(&rect, &self.handle_sizes())
            }
            Handle::AnnotationPoint { .. } => rect.center(),
            Handle::AnnotationsBox => rect.min,
        };
        Some(HandleDrag {
            handle,
            start,
            anchor,
        })
    }

    /// A hover-only widget per handle in view (up to a limit), so it has an accessible
    /// name and shows the grab cursor; clicks still reach the component underneath.
    pub(in crate::ui) fn handle_widgets(&mut self, ui: &mut Ui, scene: &Scene) {
        let canvas = self.canvas.rect;
        let visible = self.canvas.view.visible(canvas);
        let shown: Vec<(Handle, scene::Rect)> = self
            .handles(scene)
            .into_iter()
            .filter(|(_, rect)| rect.intersects(&visible))
            .take(WIDGET_LIMIT)
            .collect();
        if shown.is_empty() {
            return;
        }
        let names: HashMap<&ComponentId, &str> = self
            .doc
            .map
            .components
            .iter()
            .map(|c| (&c.id, c.name.as_str()))
            .collect();
        for (handle, rect) in shown {
            let name = match &handle {
                Handle::Label(id) => match names.get(id) {
                    Some(name) => format!("Label of {name}"),
                    None => continue,
                },
                Handle::AnnotationPoint { number, point } => {
                    format!("Annotation {number} point {}", point + 1)
                }
                Handle::AnnotationsBox => "Annotations list".into(),
            };
            let screen = self.canvas.view.rect_to_screen(canvas, &rect);
            let id = Id::unique(("canvas handle", format!("{handle:?}")));
            let response = ui.interact(screen, id, Sense::hover());
            response.widget_info(|| WidgetInfo::labeled(Role::Button, true, &name));
            if response.hovered() && !self.doc.read_only {
                ui.ctx().set_cursor_icon(CursorIcon::Grab);
            }
        }
    }

    /// Moves the dragged handle with the pointer (at screen point `pos`); false if the
    /// edit was refused.
    pub(in crate::ui) fn drag_handle(&mut self, drag: &HandleDrag, pos: Pos2) -> bool {
        let now = self.canvas.view.to_scene(self.canvas.rect, pos);
        let at = scene::Point::new(
            drag.anchor.x + now.x - drag.start.x,
            drag.anchor.y + now.y - drag.start.y,
        );
        let map = &self.doc.map;
        let command = match &drag.handle {
            Handle::Label(id) => {
                let Some(c) = map.component(id) else {
                    return false;
                };
                let centre = scene::to_scene(c.evolution, c.visibility);
                let offset = scene::label_offset_at(centre, at, &self.handle_sizes());
                Command::SetField {
                    id: id.clone(),
                    field: Field::LabelOffset(Some(offset)),
                }
            }
            Handle::AnnotationPoint { number, point } => {
                let mut annotations = map.annotations.clone();
                let Some(p) = annotations
                    .iter_mut()
                    .find(|a| a.number == *number)
                    .and_then(|a| a.points.get_mut(*point))
                else {
                    return false;
                };
                *p = map_point(at);
                Command::SetAnnotations(annotations)
            }
            Handle::AnnotationsBox => Command::SetAnnotationsBox(Some(map_point(at))),
        };
        match self.doc.apply_in_gesture(command, Coalesce::Drag) {
            Ok(_) => true,
            Err(e) => {
                self.status.error(format!("Cannot move that: {e}"));
                self.doc.end_gesture();
                false
            }
        }
    }

    /// Waits for a click on the canvas to add a point to annotation `number`.
    pub(in crate::ui) fn start_adding_annotation_point(&mut self, number: u32) {
        self.ctx
            .data_mut(|d| d.insert_temp(adding_point_id(), number));
        self.status.info(format!(
            "Click the map where annotation {number}'s new point goes (Esc cancels)"
        ));
    }

    /// Which annotation the next canvas click adds a point to, if one is waiting.
    pub(in crate::ui) fn adding_annotation_point(&self) -> Option<u32> {
        self.ctx.data(|d| d.get_temp::<u32>(adding_point_id()))
    }

    pub(in crate::ui) fn cancel_adding_annotation_point(&mut self) {
        self.ctx.data_mut(|d| d.remove::<u32>(adding_point_id()));
    }

    /// A click at screen point `pos` while "Add a point" waits: adds the point there
    /// (one undo step). False if nothing was waiting.
    pub(in crate::ui) fn place_annotation_point(&mut self, pos: Pos2) -> bool {
        let Some(number) = self.adding_annotation_point() else {
            return false;
        };
        self.cancel_adding_annotation_point();
        let at = map_point(self.canvas.view.to_scene(self.canvas.rect, pos));
        let mut annotations = self.doc.map.annotations.clone();
        let Some(a) = annotations.iter_mut().find(|a| a.number == number) else {
            return true;
        };
        a.points.push(at);
        self.run_command(Command::SetAnnotations(annotations));
        true
    }
}
