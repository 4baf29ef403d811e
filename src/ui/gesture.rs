//! Pointer gestures on the canvas (move, link, rubber-band, pan), read from the raw
//! event stream in order. A slow software-rendered frame may batch a press, several
//! moves and the release together; reading the events one by one keeps a fast drag
//! a drag, starting where the button went down.

use super::app::EstateApp;
use super::registry::{ActionId, Invocation, Source};
use super::selection::Selection;
use super::wardley_rows::canvas_handles::HandleDrag;
use crate::edit::{Coalesce, Command, Position};
use crate::model::{ComponentId, NoteId};
use crate::scene::{self, ItemId, Scene};
use egui::{Event, Modifiers, PointerButton, Pos2, Rect, Ui};

/// Movement (screen points) that turns a press into a drag.
const DRAG_THRESHOLD: f32 = 4.0;
/// Two clicks closer than this in time and space are a double-click (egui's defaults).
const DOUBLE_CLICK_TIME: f64 = 0.3;
const DOUBLE_CLICK_DISTANCE: f32 = 6.0;

/// The last click on the canvas, to tell a double-click. egui counts a click, then a
/// quick double-click elsewhere, as a triple-click (it compares only the last two
/// clicks' places), so the name box would not open; this compares both.
#[derive(Clone, Copy, Debug, Default)]
pub struct Clicks {
    last: Option<(f64, Pos2)>,
}

impl Clicks {
    /// Notes a click at `pos`; true if it completes a double-click.
    fn click(&mut self, time: f64, pos: Pos2) -> bool {
        let double = self.last.is_some_and(|(t, p)| {
            time - t < DOUBLE_CLICK_TIME && p.distance(pos) < DOUBLE_CLICK_DISTANCE
        });
        // A third click starts afresh rather than making another double-click.
        self.last = (!double).then_some((time, pos));
        double
    }
}

/// What the button went down on.
#[derive(Clone, Debug, PartialEq)]
pub enum PressTarget {
    Item(ItemId),
    LinkHandle(ComponentId),
    Background,
    /// A label, annotation point or the annotations list (`canvas_handles`).
    Handle(HandleDrag),
}

/// A pointer gesture in progress, from press to release.
#[derive(Clone, Debug, Default)]
pub enum Gesture {
    #[default]
    Idle,
    /// Pressed, not yet moved far enough to be a drag (it may still be a click).
    Pressed {
        origin: Pos2,
        target: PressTarget,
        modifiers: Modifiers,
    },
    /// Moving the selection; positions are relative to where the drag began.
    Moving {
        start: scene::Point,
        components: Vec<(ComponentId, Position)>,
        notes: Vec<(NoteId, Position)>,
    },
    /// Dragging a new dependency out of `from`.
    Linking {
        from: ComponentId,
    },
    /// Rubber-band selection; `base` stays selected (Shift/Ctrl adds).
    RubberBand {
        start: Pos2,
        base: Selection,
    },
    Panning {
        last: Pos2,
    },
    /// Dragging a label, an annotation point or the annotations list.
    Handle(HandleDrag),
}

impl EstateApp {
    /// Feeds this frame's pointer events, in order, to the current gesture.
    pub(super) fn pointer_gestures(&mut self, ui: &Ui, scene: &Scene) {
        if ui.input(|i| i.key_pressed(egui::Key::Escape))
            && !matches!(self.canvas.gesture, Gesture::Idle | Gesture::Pressed { .. })
        {
            self.cancel_gesture();
            return;
        }
        if ui.input(|i| i.key_pressed(egui::Key::Escape))
            && self.adding_annotation_point().is_some()
        {
            self.cancel_adding_annotation_point();
            self.status.info("Cancelled");
        }
        let events = ui.input(|i| i.events.clone());
        for event in events {
            match event {
                Event::PointerButton {
                    pos,
                    button,
                    pressed: true,
                    modifiers,
                } if matches!(button, PointerButton::Primary | PointerButton::Middle) => {
                    self.press(ui, scene, pos, button, modifiers);
                }
                Event::PointerMoved(pos) => self.pointer_moved(scene, pos),
                Event::PointerButton {
                    pos,
                    pressed: false,
                    ..
                } => {
                    self.pointer_moved(scene, pos);
                    self.release(ui, scene, pos);
                }
                _ => {}
            }
        }
    }

    fn press(
        &mut self,
        ui: &Ui,
        scene: &Scene,
        pos: Pos2,
        button: PointerButton,
        modifiers: Modifiers,
    ) {
        // Only presses on the bare canvas: not on panels, menus, tooltips or the legend.
        let on_canvas = self.canvas.rect.contains(pos)
            && ui.ctx().layer_id_at(pos) == Some(ui.layer_id())
            && self.canvas.editor.is_none();
        if !on_canvas {
            return;
        }
        if button == PointerButton::Middle {
            self.canvas.gesture = Gesture::Panning { last: pos };
            return;
        }
        let target = match &self.canvas.link_handle {
            Some((id, rect)) if rect.contains(pos) => PressTarget::LinkHandle(id.clone()),
            _ => match self.handle_press(scene, pos) {
                Some(drag) => PressTarget::Handle(drag),
                None => self
                    .item_at(scene, pos)
                    .map_or(PressTarget::Background, PressTarget::Item),
            },
        };
        self.canvas.gesture = Gesture::Pressed {
            origin: pos,
            target,
            modifiers,
        };
    }

    /// The topmost component or note under a screen point.
    pub(super) fn item_at(&self, scene: &Scene, pos: Pos2) -> Option<ItemId> {
        let p = self.canvas.view.to_scene(self.canvas.rect, pos);
        scene
            .items
            .iter()
            .rev()
            .find(|item| !matches!(item.id, ItemId::Link { .. }) && item.hit.contains(p))
            .map(|item| item.id.clone())
    }

    fn pointer_moved(&mut self, scene: &Scene, pos: Pos2) {
        match std::mem::take(&mut self.canvas.gesture) {
            Gesture::Pressed {
                origin,
                target,
                modifiers,
            } => {
                if origin.distance(pos) < DRAG_THRESHOLD {
                    self.canvas.gesture = Gesture::Pressed {
                        origin,
                        target,
                        modifiers,
                    };
                } else {
                    self.canvas.gesture = self.begin_drag(origin, target, modifiers);
                    self.pointer_moved(scene, pos);
                }
            }
            Gesture::Moving {
                start,
                components,
                notes,
            } => {
                let now = self.canvas.view.to_scene(self.canvas.rect, pos);
                if self.move_by(&components, &notes, start, now) {
                    self.canvas.gesture = Gesture::Moving {
                        start,
                        components,
                        notes,
                    };
                }
            }
            Gesture::Handle(drag) => {
                if self.drag_handle(&drag, pos) {
                    self.canvas.gesture = Gesture::Handle(drag);
                }
            }
            Gesture::Panning { last } => {
                self.canvas.view.pan(pos - last);
                self.canvas.gesture = Gesture::Panning { last: pos };
            }
            Gesture::RubberBand { start, base } => {
                self.rubber_band(scene, start, pos, &base);
                self.canvas.gesture = Gesture::RubberBand { start, base };
            }
            other => self.canvas.gesture = other,
        }
    }

    fn begin_drag(&mut self, origin: Pos2, target: PressTarget, modifiers: Modifiers) -> Gesture {
        let editable = !self.doc.read_only;
        let additive = modifiers.shift || modifiers.command;
        match target {
            PressTarget::LinkHandle(from) if editable => Gesture::Linking { from },
            PressTarget::Handle(drag) if editable => Gesture::Handle(drag),
            PressTarget::Item(ItemId::Component(from)) if editable && modifiers.alt => {
                Gesture::Linking { from }
            }
            PressTarget::Item(item) if editable => {
                if !self.canvas.selection.contains(&item) {
                    if additive {
                        self.canvas.selection.add(&item);
                    } else {
                        self.canvas.selection.set(&item);
                    }
                }
                self.moving_from(self.canvas.view.to_scene(self.canvas.rect, origin))
            }
            PressTarget::Item(ItemId::Component(_) | ItemId::Note(_)) if !editable => {
                self.status
                    .info("Read-only: dragging pans the map; components stay where they are");
                Gesture::Panning { last: origin }
            }
            PressTarget::Background if additive => Gesture::RubberBand {
                start: origin,
                base: self.canvas.selection.clone(),
            },
            _ => Gesture::Panning { last: origin },
        }
    }

    fn moving_from(&self, start: scene::Point) -> Gesture {
        let map = &self.doc.map;
        let sel = &self.canvas.selection;
        Gesture::Moving {
            start,
            components: sel
                .components
                .iter()
                .flat_map(|id| self.moved_with(id))
                .filter_map(|id| map.component(&id))
                .map(|c| (c.id.clone(), Position::new(c.visibility, c.evolution)))
                .collect(),
            notes: sel
                .notes
                .iter()
                .filter_map(|id| map.note(id))
                .map(|n| (n.id.clone(), Position::new(n.visibility, n.evolution)))
                .collect(),
        }
    }

    fn release(&mut self, ui: &Ui, scene: &Scene, pos: Pos2) {
        match std::mem::take(&mut self.canvas.gesture) {
            // A click while "Add a point" waits places the point instead.
            Gesture::Pressed { target, .. } if !self.place_annotation_point(pos) => {
                self.clicked(ui, scene, pos, target);
            }
            Gesture::Moving { .. } | Gesture::Handle(_) => self.doc.end_gesture(),
            Gesture::Linking { from } => {
                let target = match self.item_at(scene, pos) {
                    Some(ItemId::Component(id)) => Some(id),
                    _ => None,
                };
                self.finish_link(from, target);
            }
            _ => {}
        }
    }

    /// A press without a drag is a click; the widgets handle those, except for a
    /// double-click that egui miscounts as a triple-click (see `Clicks`).
    fn clicked(&mut self, ui: &Ui, scene: &Scene, pos: Pos2, target: PressTarget) {
        let time = ui.input(|i| i.time);
        if !self.commands.clicks.click(time, pos) {
            return;
        }
        let egui_saw_it = ui.input(|i| i.pointer.button_double_clicked(PointerButton::Primary));
        if egui_saw_it {
            return;
        }
        let at = Some(self.canvas.position_at(pos));
        let item = match target {
            PressTarget::Background => self.link_near(scene, pos),
            PressTarget::Item(item) => Some(item),
            PressTarget::LinkHandle(_) => return,
            // A double-click on a label renames its component, as on the component.
            PressTarget::Handle(drag) => match drag.component() {
                Some(id) => Some(ItemId::Component(id.clone())),
                None => return,
            },
        };
        // Through the registry, like the keys: read-only refuses with the reason.
        let id = match item {
            Some(item) => {
                self.canvas.selection.set(&item);
                ActionId::Rename
            }
            None => ActionId::AddComponent,
        };
        self.push(Invocation::new(id, Source::Menu).at(at));
    }

    fn rubber_band(&mut self, scene: &Scene, start: Pos2, now: Pos2, base: &Selection) {
        let band = Rect::from_two_pos(start, now);
        let view = &self.canvas.view;
        let area = scene::Rect::from_min_max(
            view.to_scene(self.canvas.rect, band.min),
            view.to_scene(self.canvas.rect, band.max),
        );
        self.canvas.selection = base.clone();
        for item in &scene.items {
            if !matches!(item.id, ItemId::Link { .. }) && item.hit.intersects(&area) {
                self.canvas.selection.add(&item.id);
            }
        }
    }

    fn cancel_gesture(&mut self) {
        match std::mem::take(&mut self.canvas.gesture) {
            Gesture::Moving { .. } | Gesture::Handle(_) => {
                // The drag so far is one step: undoing it puts everything back.
                self.doc.end_gesture();
                self.undo();
            }
            Gesture::RubberBand { base, .. } => self.canvas.selection = base,
            _ => {}
        }
        self.status.info("Cancelled");
    }

    /// Moves the dragged items by the pointer's travel since `start`; false if refused.
    fn move_by(
        &mut self,
        components: &[(ComponentId, Position)],
        notes: &[(NoteId, Position)],
        start: scene::Point,
        now: scene::Point,
    ) -> bool {
        let d_evolution = f64::from((now.x - start.x) / scene::MAP_AREA.width());
        let d_visibility = f64::from((start.y - now.y) / scene::MAP_AREA.height());
        let shifted = |p: &Position| {
            Position::new(p.visibility + d_visibility, p.evolution + d_evolution).clamped()
        };
        let command = Command::Move {
            components: components
                .iter()
                .map(|(id, p)| (id.clone(), shifted(p)))
                .collect(),
            notes: notes
                .iter()
                .map(|(id, p)| (id.clone(), shifted(p)))
                .collect(),
        };
        match self.doc.apply_in_gesture(command, Coalesce::Drag) {
            Ok(_) => true,
            Err(e) => {
                self.status.error(format!("Cannot move: {e}"));
                self.doc.end_gesture();
                false
            }
        }
    }
}
