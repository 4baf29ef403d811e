//! The live map: paints the scene, and turns pointer gestures on it into commands
//! (select, move, link, rubber-band, add by double-click, inline rename, context menus).

use super::app::EstateApp;
use super::editor::{EditTarget, InlineEditor};
use super::paint;
use super::selection::Selection;
use super::view::View;
use crate::edit::{Command, Position};
use crate::model::{ComponentId, Kind, Map, NoteId};
use crate::scene::{self, Item, ItemId, Scene, SceneOptions};
use egui::{
    Color32, CursorIcon, Id, PointerButton, Pos2, Rect, Response, Role, Sense, Stroke, StrokeKind,
    Ui, Vec2, WidgetInfo,
};
use std::collections::HashSet;
use std::sync::Arc;

/// NHS Blue: selection and gesture previews.
pub const ACCENT: Color32 = Color32::from_rgb(0x00, 0x5E, 0xB8);
/// How close (screen points) a click must be to a link line to select it.
const LINK_PICK_DISTANCE: f32 = 6.0;
/// Size of a link's midpoint handle and of a component's link handle.
const HANDLE: f32 = 14.0;
/// Gesture key: all frames of one drag merge into one undo step.
const DRAG_GESTURE: &str = "drag";

/// A pointer gesture in progress, tracked until the primary button is released.
#[derive(Clone, Debug, Default)]
pub enum Gesture {
    #[default]
    Idle,
    /// Moving the selection; positions are relative to where the drag began.
    Moving {
        start: scene::Point,
        components: Vec<(ComponentId, Position)>,
        notes: Vec<(NoteId, Position)>,
    },
    /// Dragging a new dependency out of `from`.
    Linking { from: ComponentId },
    /// Rubber-band selection; `base` is what stays selected (Shift/Ctrl adds).
    RubberBand { start: Pos2, base: Selection },
}

struct CachedScene {
    revision: u64,
    presenter: bool,
    dimmed: Arc<HashSet<ComponentId>>,
    scene: Arc<Scene>,
}

pub struct CanvasState {
    pub view: View,
    pub needs_fit: bool,
    /// Where the canvas was last drawn, for keys that fit or centre the view.
    pub rect: Rect,
    /// Height of the legend pinned to the canvas bottom, kept clear when fitting.
    pub legend_height: f32,
    pub selection: Selection,
    pub gesture: Gesture,
    pub editor: Option<InlineEditor>,
    cached: Option<CachedScene>,
    /// Where the background context menu was opened, for "add here".
    menu_at: Option<scene::Point>,
}

impl CanvasState {
    pub fn new() -> Self {
        Self {
            view: View::default(),
            needs_fit: true,
            rect: Rect::NOTHING,
            legend_height: 0.0,
            selection: Selection::default(),
            gesture: Gesture::Idle,
            editor: None,
            cached: None,
            menu_at: None,
        }
    }

    /// The scene of `map`, rebuilt only when the map, the presenter mode or the dimmed
    /// set (an `Arc` kept until it changes) changed.
    pub fn scene(
        &mut self,
        map: &Map,
        revision: u64,
        presenter: bool,
        dimmed: &Arc<HashSet<ComponentId>>,
    ) -> Arc<Scene> {
        match &self.cached {
            Some(c)
                if c.revision == revision
                    && c.presenter == presenter
                    && Arc::ptr_eq(&c.dimmed, dimmed) =>
            {
                c.scene.clone()
            }
            _ => {
                let options = SceneOptions {
                    presenter,
                    dimmed: (**dimmed).clone(),
                    ..SceneOptions::default()
                };
                let scene = Arc::new(scene::build(map, &options));
                self.cached = Some(CachedScene {
                    revision,
                    presenter,
                    dimmed: dimmed.clone(),
                    scene: scene.clone(),
                });
                scene
            }
        }
    }

    pub fn fit(&mut self, scene: &Scene) {
        if self.rect.is_positive() {
            // Keep the map clear of the legend pinned to the bottom.
            let mut area = self.rect;
            area.max.y = (area.max.y - self.legend_height).max(area.center().y);
            self.view.fit(self.rect, area, &scene.bounds);
            self.needs_fit = false;
        } else {
            self.needs_fit = true;
        }
    }

    pub fn centre_on_component(&mut self, map: &Map, id: &ComponentId) {
        if let Some(c) = map.component(id) {
            let p = scene::to_scene(c.evolution, c.visibility);
            self.view.centre_on(self.rect, p);
        }
    }

    /// Screen position of a map position on the last drawn canvas.
    pub fn screen_of(&self, at: Position) -> Pos2 {
        self.view
            .to_screen(self.rect, scene::to_scene(at.evolution, at.visibility))
    }

    /// Map position under a screen point, clamped to the map.
    pub fn position_at(&self, p: Pos2) -> Position {
        let (evolution, visibility) = scene::from_scene(self.view.to_scene(self.rect, p));
        Position::new(visibility, evolution)
    }

    /// Where the background menu was opened, as a map position.
    pub fn menu_position(&self) -> Option<Position> {
        self.menu_at.map(|p| {
            let (evolution, visibility) = scene::from_scene(p);
            Position::new(visibility, evolution)
        })
    }

    pub fn centre_position(&self) -> Position {
        self.position_at(self.rect.center())
    }
}

fn item_widget_id(item: &ItemId) -> Id {
    Id::unique(("map item", item))
}

/// Where the pointer was pressed: a drag starts there, not where egui noticed it.
fn press_scene(ui: &Ui, view: &View, canvas: Rect) -> Option<scene::Point> {
    ui.input(|i| i.pointer.press_origin().or(i.pointer.interact_pos()))
        .map(|p| view.to_scene(canvas, p))
}

impl EstateApp {
    pub(super) fn canvas_ui(&mut self, ui: &mut Ui) {
        let (rect, background) =
            ui.allocate_exact_size(ui.available_size(), Sense::click_and_drag());
        background.widget_info(|| {
            WidgetInfo::labeled(
                Role::Canvas,
                true,
                "Map canvas: double-click to add a component",
            )
        });
        self.canvas.rect = rect;
        let scene = self.current_scene();
        if self.canvas.needs_fit {
            self.canvas.fit(&scene);
        }
        let painter = ui.painter_at(rect);
        painter.rect_filled(rect, 0.0, Color32::WHITE);
        paint::paint_shapes(&painter, rect, &self.canvas.view, &scene.shapes);
        self.zoom_and_pan_input(ui, rect, &background);
        let hovered = self.item_widgets(ui, &scene);
        self.background_input(ui, &background, &scene);
        self.link_handle(ui, &scene);
        self.track_gesture(ui, &scene, hovered.as_ref());
        self.paint_overlays(ui, &painter, &scene);
        self.inline_editor_ui(ui);
        self.legend_overlay(ui, rect);
    }

    pub(super) fn current_scene(&mut self) -> Arc<Scene> {
        // Impact highlighting (ui/insight.rs) decides what is drawn faded.
        let dimmed = self.refresh_dimmed();
        self.canvas
            .scene(&self.doc.map, self.doc.revision(), self.presenter, &dimmed)
    }

    fn zoom_and_pan_input(&mut self, ui: &Ui, rect: Rect, background: &Response) {
        let (pointer, wheel, pinch) = ui.input(|i| {
            let wheel: f32 = i
                .events
                .iter()
                .filter_map(|e| match e {
                    egui::Event::MouseWheel {
                        unit,
                        delta,
                        modifiers,
                        ..
                    } if !modifiers.command => Some(wheel_points(*unit, *delta)),
                    _ => None,
                })
                .sum();
            (i.pointer.hover_pos(), wheel, i.zoom_delta())
        });
        let Some(pointer) = pointer.filter(|p| rect.contains(*p)) else {
            return;
        };
        if ui.ctx().layer_id_at(pointer) != Some(ui.layer_id()) {
            return;
        }
        let factor = pinch * (wheel * 0.0015).exp();
        if (factor - 1.0).abs() > f32::EPSILON {
            self.canvas.view.zoom_around(rect, factor, pointer);
        }
        let selecting = ui.input(|i| i.modifiers.shift || i.modifiers.command);
        if background.dragged_by(PointerButton::Middle)
            || (background.dragged_by(PointerButton::Primary)
                && !selecting
                && matches!(self.canvas.gesture, Gesture::Idle))
        {
            self.canvas.view.pan(background.drag_delta());
            ui.ctx().set_cursor_icon(CursorIcon::Grabbing);
        }
    }

    /// One widget per visible item: hover, click, drag, focus and accessible name.
    /// Returns the item under the pointer, topmost first.
    fn item_widgets(&mut self, ui: &mut Ui, scene: &Arc<Scene>) -> Option<ItemId> {
        let rect = self.canvas.rect;
        let visible = self.canvas.view.visible(rect);
        let mut hovered = None;
        // Links first, so components (added later) win where they overlap.
        let ordered = scene
            .items
            .iter()
            .filter(|i| matches!(i.id, ItemId::Link { .. }))
            .chain(
                scene
                    .items
                    .iter()
                    .filter(|i| !matches!(i.id, ItemId::Link { .. })),
            );
        for item in ordered {
            if !item.hit.intersects(&visible) {
                continue;
            }
            let response = self.item_widget(ui, item);
            if response.hovered() {
                hovered = Some(item.id.clone());
            }
            self.item_response(ui, item, &response);
        }
        hovered
    }

    fn item_widget(&self, ui: &mut Ui, item: &Item) -> Response {
        let view = &self.canvas.view;
        let canvas = self.canvas.rect;
        let (screen, sense) = match (&item.id, item.segment) {
            (ItemId::Link { .. }, Some((a, b))) => {
                let mid = scene::Point::new((a.x + b.x) / 2.0, (a.y + b.y) / 2.0);
                let at = view.to_screen(canvas, mid);
                (
                    Rect::from_center_size(at, Vec2::splat(HANDLE)),
                    Sense::click(),
                )
            }
            _ => (
                view.rect_to_screen(canvas, &item.hit),
                Sense::click_and_drag(),
            ),
        };
        let response = ui.interact(screen, item_widget_id(&item.id), sense);
        let selected = self.canvas.selection.contains(&item.id);
        let name = item.name.clone();
        response.widget_info(move || {
            let mut info = WidgetInfo::labeled(Role::Button, true, &name);
            info.selected = Some(selected);
            info
        });
        response
    }

    fn item_response(&mut self, ui: &mut Ui, item: &Item, response: &Response) {
        let modifiers = ui.input(|i| i.modifiers);
        if response.clicked() {
            if modifiers.shift || modifiers.command {
                self.canvas.selection.toggle(&item.id);
            } else {
                self.canvas.selection.set(&item.id);
            }
        }
        if response.secondary_clicked() && !self.canvas.selection.contains(&item.id) {
            self.canvas.selection.set(&item.id);
        }
        if response.double_clicked() {
            self.open_editor_for(&item.id);
        }
        if response.has_focus() {
            // Keyboard users see where Tab has taken them; Enter selects it.
            ui.painter().rect_stroke(
                response.rect.expand(7.0),
                4.0,
                Stroke::new(2.0, Color32::BLACK),
                StrokeKind::Outside,
            );
            if ui.input(|i| i.key_pressed(egui::Key::Enter)) {
                self.canvas.selection.set(&item.id);
            }
        }
        if response.hovered() && !self.doc.read_only && !matches!(item.id, ItemId::Link { .. }) {
            ui.ctx().set_cursor_icon(CursorIcon::Grab);
        }
        if response.drag_started_by(PointerButton::Primary) {
            self.start_item_drag(ui, item, modifiers.alt);
        }
        if response.dragged_by(PointerButton::Middle) {
            self.canvas.view.pan(response.drag_delta());
        }
        match &item.id {
            ItemId::Component(id) => {
                let id = id.clone();
                if matches!(self.canvas.gesture, Gesture::Idle) {
                    response.clone().on_hover_ui(|ui| {
                        super::tooltip::component_tooltip(ui, &self.doc.map, &id)
                    });
                }
                response.context_menu(|ui| self.component_menu(ui));
            }
            ItemId::Link { from, to } => {
                let (from, to) = (from.clone(), to.clone());
                response.clone().on_hover_text(format!(
                    "{}. Click to select, double-click to label",
                    item.name
                ));
                response.context_menu(|ui| self.link_menu(ui, &from, &to));
            }
            ItemId::Note(_) => {
                response.context_menu(|ui| self.note_menu(ui));
            }
        }
    }

    fn open_editor_for(&mut self, item: &ItemId) {
        if self.doc.read_only {
            return;
        }
        let map = &self.doc.map;
        self.canvas.editor = match item {
            ItemId::Component(id) => map
                .component(id)
                .map(|c| InlineEditor::new(EditTarget::Rename(id.clone()), &c.name)),
            ItemId::Note(id) => map
                .note(id)
                .map(|n| InlineEditor::new(EditTarget::EditNote(id.clone()), &n.text)),
            ItemId::Link { from, to } => map
                .links
                .iter()
                .find(|l| &l.from == from && &l.to == to)
                .map(|l| {
                    let key = (from.clone(), to.clone());
                    InlineEditor::new(EditTarget::LinkLabel(key), l.label.as_deref().unwrap_or(""))
                }),
        };
    }

    fn start_item_drag(&mut self, ui: &Ui, item: &Item, link_modifier: bool) {
        if self.doc.read_only {
            return;
        }
        let Some(start) = press_scene(ui, &self.canvas.view, self.canvas.rect) else {
            return;
        };
        match &item.id {
            ItemId::Component(id) if link_modifier => {
                self.canvas.gesture = Gesture::Linking { from: id.clone() };
            }
            ItemId::Component(_) | ItemId::Note(_) => {
                if !self.canvas.selection.contains(&item.id) {
                    let additive = ui.input(|i| i.modifiers.shift || i.modifiers.command);
                    if additive {
                        self.canvas.selection.add(&item.id);
                    } else {
                        self.canvas.selection.set(&item.id);
                    }
                }
                self.canvas.gesture = self.moving_from(start);
            }
            ItemId::Link { .. } => {}
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
                .filter_map(|id| map.component(id))
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

    fn background_input(&mut self, ui: &mut Ui, background: &Response, scene: &Scene) {
        let pointer = background.interact_pointer_pos();
        let (modifiers, origin) = ui.input(|i| (i.modifiers, i.pointer.press_origin()));
        if background.drag_started_by(PointerButton::Primary)
            && (modifiers.shift || modifiers.command)
            && let Some(start) = origin.or(pointer)
        {
            self.canvas.gesture = Gesture::RubberBand {
                start,
                base: self.canvas.selection.clone(),
            };
        }
        if background.clicked()
            && let Some(p) = pointer
        {
            match self.link_near(scene, p) {
                Some(link) => self.canvas.selection.set(&link),
                None if modifiers.shift || modifiers.command => {}
                None => self.canvas.selection.clear(),
            }
        }
        if background.double_clicked()
            && let Some(p) = pointer
        {
            match self.link_near(scene, p) {
                Some(link) => self.open_editor_for(&link),
                None => self.start_adding(Kind::System, self.canvas.position_at(p)),
            }
        }
        if background.secondary_clicked() {
            self.canvas.menu_at = pointer.map(|p| self.canvas.view.to_scene(self.canvas.rect, p));
        }
        background.context_menu(|ui| self.background_menu(ui));
    }

    /// Opens the name field for a new component at `at`; Enter adds it.
    pub(super) fn start_adding(&mut self, kind: Kind, at: Position) {
        if self.doc.read_only {
            self.status
                .error("This map is open read-only: nothing can be added");
            return;
        }
        self.canvas.editor = Some(InlineEditor::new(EditTarget::NewComponent { kind, at }, ""));
    }

    fn link_near(&self, scene: &Scene, p: Pos2) -> Option<ItemId> {
        let view = &self.canvas.view;
        let canvas = self.canvas.rect;
        scene
            .items
            .iter()
            .filter_map(|item| {
                let (a, b) = item.segment?;
                let d =
                    distance_to_segment(p, view.to_screen(canvas, a), view.to_screen(canvas, b));
                (d <= LINK_PICK_DISTANCE).then_some((d, item))
            })
            .min_by(|x, y| x.0.total_cmp(&y.0))
            .map(|(_, item)| item.id.clone())
    }

    /// The handle on the selected component's edge that starts a link when dragged.
    fn link_handle(&mut self, ui: &mut Ui, scene: &Scene) {
        if self.doc.read_only {
            return;
        }
        let Some(id) = self.canvas.selection.single_component().cloned() else {
            return;
        };
        let item_id = ItemId::Component(id.clone());
        let Some(item) = scene.items.iter().find(|i| i.id == item_id) else {
            return;
        };
        let hit = self.canvas.view.rect_to_screen(self.canvas.rect, &item.hit);
        let centre = hit.right_center() + Vec2::new(HANDLE * 0.8, 0.0);
        let rect = Rect::from_center_size(centre, Vec2::splat(HANDLE));
        let response = ui.interact(rect, Id::unique(("link handle", &id)), Sense::drag());
        let name = self
            .doc
            .map
            .component(&id)
            .map_or_else(String::new, |c| c.name.clone());
        response
            .widget_info(|| WidgetInfo::labeled(Role::Button, true, format!("Link from {name}")));
        let response = response.on_hover_text(
            "Drag onto another component: this one depends on it (or Alt+drag the component)",
        );
        let painter = ui.painter();
        let fill = if response.hovered() {
            ACCENT
        } else {
            Color32::WHITE
        };
        painter.circle(centre, HANDLE / 2.0, fill, Stroke::new(2.0, ACCENT));
        painter.arrow(
            centre - Vec2::new(3.0, 0.0),
            Vec2::new(6.0, 0.0),
            Stroke::new(
                1.5,
                if response.hovered() {
                    Color32::WHITE
                } else {
                    ACCENT
                },
            ),
        );
        if response.drag_started_by(PointerButton::Primary) {
            self.canvas.gesture = Gesture::Linking { from: id };
        }
    }

    /// Follows the active gesture with the pointer; commits or cancels on release.
    fn track_gesture(&mut self, ui: &Ui, scene: &Scene, hovered: Option<&ItemId>) {
        let (pointer, down, escape) = ui.input(|i| {
            (
                i.pointer.interact_pos(),
                i.pointer.primary_down(),
                i.key_pressed(egui::Key::Escape),
            )
        });
        if escape && !matches!(self.canvas.gesture, Gesture::Idle) {
            self.cancel_gesture();
            return;
        }
        let Some(pointer) = pointer else {
            return;
        };
        match std::mem::take(&mut self.canvas.gesture) {
            Gesture::Idle => {}
            Gesture::Moving {
                start,
                components,
                notes,
            } => {
                let now = self.canvas.view.to_scene(self.canvas.rect, pointer);
                self.move_by(&components, &notes, start, now);
                if down {
                    self.canvas.gesture = Gesture::Moving {
                        start,
                        components,
                        notes,
                    };
                } else {
                    self.doc.end_gesture();
                }
            }
            Gesture::Linking { from } => {
                if down {
                    self.canvas.gesture = Gesture::Linking { from };
                } else {
                    let target = component_at(
                        scene,
                        hovered,
                        self.canvas.view.to_scene(self.canvas.rect, pointer),
                    );
                    self.finish_link(from, target);
                }
            }
            Gesture::RubberBand { start, base } => {
                let band = Rect::from_two_pos(start, pointer);
                self.canvas.selection = base.clone();
                let area = scene::Rect::from_min_max(
                    self.canvas.view.to_scene(self.canvas.rect, band.min),
                    self.canvas.view.to_scene(self.canvas.rect, band.max),
                );
                for item in &scene.items {
                    if !matches!(item.id, ItemId::Link { .. }) && item.hit.intersects(&area) {
                        self.canvas.selection.add(&item.id);
                    }
                }
                if down {
                    self.canvas.gesture = Gesture::RubberBand { start, base };
                }
            }
        }
    }

    fn cancel_gesture(&mut self) {
        if let Gesture::Moving { .. } = self.canvas.gesture {
            // Put everything back: the drag is one step, so undo it whole.
            self.doc.end_gesture();
            self.undo();
        } else if let Gesture::RubberBand { base, .. } = &self.canvas.gesture {
            self.canvas.selection = base.clone();
        }
        self.canvas.gesture = Gesture::Idle;
        self.status.info("Cancelled");
    }

    fn move_by(
        &mut self,
        components: &[(ComponentId, Position)],
        notes: &[(NoteId, Position)],
        start: scene::Point,
        now: scene::Point,
    ) {
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
        if let Err(e) = self.doc.apply_in_gesture(command, DRAG_GESTURE) {
            self.status.error(e.to_string());
            self.canvas.gesture = Gesture::Idle;
        }
    }

    fn finish_link(&mut self, from: ComponentId, to: Option<ComponentId>) {
        let Some(to) = to else {
            self.status.info("Link cancelled: dropped on empty space");
            return;
        };
        let names = (self.name_of(&from), self.name_of(&to));
        match self.doc.apply(Command::AddLink { from, to }) {
            Ok(_) => self
                .status
                .info(format!("Linked: {} depends on {}", names.0, names.1)),
            Err(e) => self.status.error(format!("Cannot link: {e}")),
        }
    }

    pub(super) fn name_of(&self, id: &ComponentId) -> String {
        self.doc
            .map
            .component(id)
            .map_or_else(|| id.to_string(), |c| c.name.clone())
    }

    fn paint_overlays(&self, ui: &Ui, painter: &egui::Painter, scene: &Scene) {
        let view = &self.canvas.view;
        let canvas = self.canvas.rect;
        for item in &scene.items {
            if !self.canvas.selection.contains(&item.id) {
                continue;
            }
            match item.segment {
                Some((a, b)) => {
                    painter.line_segment(
                        [view.to_screen(canvas, a), view.to_screen(canvas, b)],
                        Stroke::new(4.0, ACCENT.gamma_multiply(0.6)),
                    );
                }
                None => {
                    let r = view.rect_to_screen(canvas, &item.hit).expand(4.0);
                    painter.rect_stroke(r, 4.0, Stroke::new(3.0, ACCENT), StrokeKind::Outside);
                }
            }
        }
        let Some(pointer) = ui.input(|i| i.pointer.interact_pos()) else {
            return;
        };
        match &self.canvas.gesture {
            Gesture::Linking { from } => {
                if let Some(c) = self.doc.map.component(from) {
                    let a = view.to_screen(canvas, scene::to_scene(c.evolution, c.visibility));
                    painter.line_segment([a, pointer], Stroke::new(2.5, ACCENT));
                    painter.circle_filled(pointer, 4.0, ACCENT);
                }
            }
            Gesture::RubberBand { start, .. } => {
                let band = Rect::from_two_pos(*start, pointer);
                painter.rect(
                    band,
                    0.0,
                    ACCENT.gamma_multiply(0.08),
                    Stroke::new(1.0, ACCENT),
                    StrokeKind::Inside,
                );
            }
            Gesture::Moving { .. } => {
                let at = self.canvas.position_at(pointer);
                let text = format!(
                    "{} \u{2022} evolution {:.2} \u{2022} visibility {:.2}",
                    stage_name(at.evolution),
                    at.evolution,
                    at.visibility
                );
                painter.text(
                    pointer + Vec2::new(16.0, 16.0),
                    egui::Align2::LEFT_TOP,
                    text,
                    egui::FontId::proportional(14.0),
                    ACCENT,
                );
            }
            Gesture::Idle => {}
        }
    }
}

/// The Wardley evolution stage a position falls in.
pub fn stage_name(evolution: f64) -> &'static str {
    match evolution {
        e if e < 0.25 => "Genesis",
        e if e < 0.5 => "Custom-built",
        e if e < 0.75 => "Product",
        _ => "Commodity",
    }
}

fn wheel_points(unit: egui::MouseWheelUnit, delta: Vec2) -> f32 {
    match unit {
        egui::MouseWheelUnit::Point => delta.y,
        egui::MouseWheelUnit::Line => delta.y * 40.0,
        egui::MouseWheelUnit::Page => delta.y * 400.0,
    }
}

/// The component under the pointer: the hovered widget, else the topmost hit rectangle.
fn component_at(scene: &Scene, hovered: Option<&ItemId>, p: scene::Point) -> Option<ComponentId> {
    if let Some(ItemId::Component(id)) = hovered {
        return Some(id.clone());
    }
    scene.items.iter().rev().find_map(|item| match &item.id {
        ItemId::Component(id) if item.hit.contains(p) => Some(id.clone()),
        _ => None,
    })
}

fn distance_to_segment(p: Pos2, a: Pos2, b: Pos2) -> f32 {
    let ab = b - a;
    let len2 = ab.length_sq();
    if len2 <= f32::EPSILON {
        return p.distance(a);
    }
    let t = ((p - a).dot(ab) / len2).clamp(0.0, 1.0);
    p.distance(a + ab * t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segment_distance() {
        let (a, b) = (Pos2::new(0.0, 0.0), Pos2::new(10.0, 0.0));
        assert_eq!(distance_to_segment(Pos2::new(5.0, 3.0), a, b), 3.0);
        assert_eq!(distance_to_segment(Pos2::new(-4.0, 3.0), a, b), 5.0);
        assert_eq!(distance_to_segment(Pos2::new(1.0, 1.0), a, a), 2f32.sqrt());
    }

    #[test]
    fn stages_split_evolution_in_quarters() {
        assert_eq!(stage_name(0.1), "Genesis");
        assert_eq!(stage_name(0.3), "Custom-built");
        assert_eq!(stage_name(0.6), "Product");
        assert_eq!(stage_name(0.75), "Commodity");
    }
}
