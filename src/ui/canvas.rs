//! The live map: paints the scene, and turns pointer gestures on it into commands
//! (select, move, link, rubber-band, add by double-click, inline rename, context menus).

use super::app::EstateApp;
use super::document::Document;
use super::editor::{EditTarget, InlineEditor};
use super::gesture::Gesture;
use super::map_mesh::{LABEL_LIMIT, MapMesh};
use super::selection::Selection;
use super::view::View;
use crate::edit::{Command, Position};
use crate::model::{Component, ComponentId, Kind, Map};
use crate::scene::{self, ColourBy, Detail, FrameOptions, Item, ItemId, Scene, SceneOptions};
use chrono::NaiveDate;
use egui::{
    Color32, CursorIcon, Id, Pos2, Rect, Response, Role, Sense, Stroke, StrokeKind, Ui, Vec2,
    WidgetInfo,
};
use std::collections::HashSet;
use std::sync::Arc;

/// NHS Blue: selection and gesture previews.
pub const ACCENT: Color32 = Color32::from_rgb(0x00, 0x5E, 0xB8);
/// How close (screen points) a click must be to a link line to select it.
const LINK_PICK_DISTANCE: f32 = 6.0;
/// Size of a link's midpoint handle and of a component's link handle.
const HANDLE: f32 = 14.0;
/// With more components than this in view, only the one under the pointer and the
/// focused and selected ones get a widget: the others get an accessibility node.
const WIDGET_LIMIT: usize = 300;

/// The view settings a canvas scene is built with, besides the map and dimmed set.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Look {
    pub presenter: bool,
    pub colour_by: ColourBy,
    /// The day the risk and dates overlays measure from.
    pub today: NaiveDate,
}

struct CachedScene {
    revision: u64,
    look: Look,
    dimmed: Arc<HashSet<ComponentId>>,
    detail: Detail,
    scene: Arc<Scene>,
    /// The map the scene shows, to tell what the next edit changed, where the document
    /// cannot tell (a view of the map: an area, the timeline's date).
    shadow: Option<Map>,
}

pub struct CanvasState {
    pub view: View,
    /// Frames in which to fit the map to the canvas: a window or zoom-factor change
    /// reaches the layout a frame late, so a request fits twice.
    pub fit_frames: u8,
    /// Where the canvas was last drawn, for keys that fit or centre the view.
    pub rect: Rect,
    /// Height of the legend pinned to the canvas bottom, kept clear when fitting.
    pub legend_height: f32,
    /// Width of the presenter legend pinned to the canvas's right, kept clear too.
    pub legend_width: f32,
    /// Whether the presenter legend is unfolded; None: as the canvas size suggests.
    pub legend_open: Option<bool>,
    pub selection: Selection,
    pub gesture: Gesture,
    pub editor: Option<InlineEditor>,
    /// The link handle of the selected component, where a press starts a link.
    pub link_handle: Option<(ComponentId, Rect)>,
    /// The view the last fit chose.
    fitted_view: Option<View>,
    cached: Option<CachedScene>,
    /// The scene's shapes replaced since the meshes were made, for them to patch.
    splices: Vec<scene::Splice>,
    mesh: MapMesh,
    /// Where the background context menu was opened, for "add here".
    menu_at: Option<scene::Point>,
}

impl CanvasState {
    pub fn new() -> Self {
        Self {
            view: View::default(),
            fit_frames: 2,
            rect: Rect::NOTHING,
            legend_height: 0.0,
            legend_width: 0.0,
            legend_open: None,
            selection: Selection::default(),
            gesture: Gesture::Idle,
            editor: None,
            link_handle: None,
            fitted_view: None,
            cached: None,
            splices: Vec::new(),
            mesh: MapMesh::default(),
            menu_at: None,
        }
    }

    /// The scene of `map`, rebuilt only when the map, the look, the dimmed set (an
    /// `Arc` kept until it changes) or the level of detail changed; after an edit of
    /// components (a status key, a drag step, a rename, their undo) not even then: it
    /// is kept incrementally (`scene::update_incrementally`). A big map drawn small is
    /// an overview that keeps the selection in full (`scene::Detail`). `edits` is the
    /// document when `map` is its map, which tells what each edit changed; else the
    /// canvas keeps a copy of the map to compare with.
    pub fn scene(
        &mut self,
        map: &Map,
        revision: u64,
        look: Look,
        dimmed: &Arc<HashSet<ComponentId>>,
        edits: Option<&Document>,
    ) -> Arc<Scene> {
        let visible = self.view.visible(self.rect);
        let selected = &self.selection.components;
        let detail = scene::detail_for(map, &visible, self.view.zoom, || {
            selected.iter().cloned().collect()
        });
        // The map's title above it, "as of" today as the register measures; the legend
        // is the canvas's own overlay. The dimmed set is the one given.
        let options = |dimmed: HashSet<ComponentId>| SceneOptions {
            presenter: look.presenter,
            frame: FrameOptions {
                title_block: true,
                as_of: Some(look.today),
                ..FrameOptions::default()
            },
            dimmed,
            colour_by: look.colour_by,
            today: Some(look.today),
            detail: detail.clone(),
            ..SceneOptions::default()
        };
        let mut shadow = None;
        // An overview keeping other components in full (the selection changed) is kept
        // too, where the document tells what else changed.
        let both_overviews = |old: &Detail| {
            matches!(
                (old, &detail),
                (Detail::Overview { .. }, Detail::Overview { .. })
            )
        };
        if let Some(c) = &mut self.cached
            && c.look == look
            && (Arc::ptr_eq(&c.dimmed, dimmed) || *c.dimmed == **dimmed)
            && (c.detail == detail || (edits.is_some() && both_overviews(&c.detail)))
        {
            c.dimmed = dimmed.clone();
            if c.revision == revision && c.detail == detail {
                return c.scene.clone();
            }
            let scene = Arc::make_mut(&mut c.scene);
            let options = options(HashSet::new());
            let splices = match (&mut c.shadow, edits) {
                (Some(shadow), _) if c.detail == detail => {
                    scene::update_incrementally(scene, shadow, map, &options, dimmed)
                }
                (None, Some(doc)) => doc.changed_since(c.revision).and_then(|changes| {
                    let mut changed = indexed(map, &changes.replaced, changes.membership)?;
                    let kept_otherwise = kept_otherwise(map, &c.detail, &detail, &changed);
                    changed.extend(kept_otherwise);
                    if changes.membership || c.detail != detail {
                        scene::update_membership(scene, &changed, map, &options, dimmed)
                    } else {
                        scene::update_components(scene, &changed, map, &options, dimmed)
                    }
                }),
                _ => None,
            };
            if let Some(splices) = splices {
                self.splices.extend(splices);
                c.revision = revision;
                c.detail = detail.clone();
                return c.scene.clone();
            }
        }
        // Where the document cannot tell what an edit changed, the copy of the map the
        // next edit is compared with, brought up to date rather than copied again.
        if edits.is_none() {
            let kept = self.cached.take().and_then(|c| c.shadow);
            shadow = Some(kept.map_or_else(
                || map.clone(),
                |mut kept| {
                    scene::bring_up_to_date(&mut kept, map);
                    kept
                },
            ));
        }
        let scene = Arc::new(scene::build(map, &options((**dimmed).clone())));
        self.splices.clear();
        self.cached = Some(CachedScene {
            revision,
            look,
            dimmed: dimmed.clone(),
            detail,
            scene: scene.clone(),
            shadow,
        });
        scene
    }

    pub fn fit(&mut self, scene: &Scene) {
        if self.rect.is_positive() {
            // Keep the map clear of the legend pinned to the bottom or the right.
            let mut area = self.rect;
            area.max.y = (area.max.y - self.legend_height).max(area.center().y);
            area.max.x = (area.max.x - self.legend_width).max(area.center().x);
            self.view.fit(self.rect, area, &scene.bounds);
            self.fitted_view = Some(self.view);
            self.fit_frames = self.fit_frames.saturating_sub(1);
        }
    }

    /// Builds the scene again on the next frame (another area view was chosen).
    pub fn forget_scene(&mut self) {
        self.cached = None;
    }

    pub fn request_fit(&mut self) {
        self.fit_frames = 2;
    }

    /// Fits again if the view is still as the last fit left it (not zoomed or panned
    /// since): for changes of the room the map has, such as the legend's height.
    pub fn refit_if_fitted(&mut self) {
        if self.fitted_view == Some(self.view) {
            self.request_fit();
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

/// The components `changed` (as they were) with their indices in `map`; None if one is
/// not in it, unless components may have gone (`membership`).
fn indexed<'a>(
    map: &Map,
    changed: &[&'a Component],
    membership: bool,
) -> Option<Vec<(usize, &'a Component)>> {
    if changed.is_empty() {
        return Some(Vec::new());
    }
    let wanted: std::collections::HashMap<&str, &Component> =
        changed.iter().map(|c| (c.id.as_str(), *c)).collect();
    let found: Vec<(usize, &Component)> = (map.components.iter().enumerate())
        .filter_map(|(i, c)| wanted.get(c.id.as_str()).map(|old| (i, *old)))
        .collect();
    (membership || found.len() == changed.len()).then_some(found)
}

/// The components of `map` an overview now keeps in full and did not before, or the
/// other way round (as they are), besides those in `changed`.
fn kept_otherwise<'a>(
    map: &'a Map,
    old: &Detail,
    new: &Detail,
    changed: &[(usize, &Component)],
) -> Vec<(usize, &'a Component)> {
    let (Detail::Overview { keep: before }, Detail::Overview { keep: now }) = (old, new) else {
        return Vec::new();
    };
    let flipped: HashSet<&ComponentId> = before.symmetric_difference(now).collect();
    if flipped.is_empty() {
        return Vec::new();
    }
    let listed: HashSet<usize> = changed.iter().map(|(i, _)| *i).collect();
    (map.components.iter().enumerate())
        .filter(|(i, c)| flipped.contains(&c.id) && c.kind != Kind::UserNeed && !listed.contains(i))
        .collect()
}

fn item_widget_id(item: &ItemId) -> Id {
    Id::unique(("map item", item))
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
        if self.canvas.fit_frames > 0 {
            self.measure_legend(rect);
            self.canvas.fit(&scene);
        }
        let painter = ui.painter_at(rect);
        painter.rect_filled(rect, 0.0, Color32::WHITE);
        let in_view = components_in_view(&scene, &self.canvas.view.visible(rect));
        self.canvas.mesh.paint(
            &painter,
            rect,
            &self.canvas.view,
            &scene,
            in_view <= LABEL_LIMIT,
            &mut self.canvas.splices,
        );
        self.zoom_input(ui, rect);
        // The background reports its name, so it has a node iff a screen reader is on.
        let accessible = ui.ctx().has_accesskit_node(background.id);
        self.item_widgets(ui, &scene, in_view <= WIDGET_LIMIT, accessible);
        self.handle_widgets(ui, &scene);
        self.background_input(ui, &background, &scene);
        self.link_handle(ui, &scene);
        self.pointer_gestures(ui, &scene);
        self.paint_overlays(ui, &painter, &scene);
        self.inline_editor_ui(ui);
        self.legend_overlay(ui, rect);
    }

    pub(super) fn current_scene(&mut self) -> Arc<Scene> {
        // Impact highlighting (ui/insight.rs) decides what is drawn faded.
        let dimmed = self.refresh_dimmed();
        // The timeline's date: the map as planned then, replaced systems as ghosts.
        let dimmed = self.with_timeline_ghosts(dimmed);
        let look = self.look();
        self.refresh_area_view();
        // The area view of the map, as planned at the timeline's date if one is shown.
        let revision = self.shown_revision();
        let map = self
            .area_view
            .shown(super::plan_view::shown(&self.doc, &self.plan_ui), revision);
        // Where the canvas shows the document's map, the document tells what changed.
        let doc = std::ptr::eq(map, &self.doc.map).then_some(&self.doc);
        let plain = self.canvas.scene(map, revision, look, &dimmed, doc);
        self.compared_scene(plain)
    }

    fn zoom_input(&mut self, ui: &Ui, rect: Rect) {
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
    }

    /// A widget (hover, click, focus, accessible name) per visible component and note
    /// when `all` (a sparse view), else only for the one under the pointer and the
    /// focused and selected ones. The others and links get an accessibility node only,
    /// which costs nothing unless a screen reader is on: gestures pick items themselves
    /// (`item_at`, `link_near`), and thousands of overlapping widgets per frame (a dense
    /// view) would cost most of the frame for nothing. egui hit-tests a widget against
    /// the previous frame, so the pointed item's widget is there before a click lands.
    /// Nodes are only built when `accessible` (a screen reader or a test is reading).
    fn item_widgets(&mut self, ui: &mut Ui, scene: &Arc<Scene>, all: bool, accessible: bool) {
        let rect = self.canvas.rect;
        let visible = self.canvas.view.visible(rect);
        let pointed = ui
            .input(|i| i.pointer.hover_pos())
            .and_then(|p| self.item_at(scene, p));
        let focused = ui.memory(|m| m.focused());
        for item in &scene.items {
            if !item.hit.intersects(&visible) {
                continue;
            }
            let screen = self.canvas.view.rect_to_screen(rect, &item.hit);
            if let (ItemId::Link { .. }, Some((a, b))) = (&item.id, item.segment) {
                if !accessible {
                    continue;
                }
                let mid = scene::Point::new((a.x + b.x) / 2.0, (a.y + b.y) / 2.0);
                let at = self.canvas.view.to_screen(rect, mid);
                self.access_node(ui, item, Rect::from_center_size(at, Vec2::splat(HANDLE)));
                continue;
            }
            let wanted = all
                || pointed.as_ref() == Some(&item.id)
                || focused.is_some_and(|f| f == item_widget_id(&item.id))
                || self.canvas.selection.contains(&item.id);
            if wanted {
                let response = self.item_widget(ui, item, screen);
                self.item_response(ui, item, &response);
            } else if accessible {
                self.access_node(ui, item, screen);
            }
        }
    }

    fn access_node(&self, ui: &Ui, item: &Item, r: Rect) {
        let selected = self.canvas.selection.contains(&item.id);
        ui.ctx()
            .accesskit_node_builder(item_widget_id(&item.id), |node| {
                node.set_role(Role::Button);
                node.set_label(item.name.clone());
                node.set_bounds(egui::accesskit::Rect {
                    x0: r.min.x.into(),
                    y0: r.min.y.into(),
                    x1: r.max.x.into(),
                    y1: r.max.y.into(),
                });
                node.set_selected(selected);
            });
    }

    fn item_widget(&self, ui: &mut Ui, item: &Item, screen: Rect) -> Response {
        let response = ui.interact(screen, item_widget_id(&item.id), Sense::click_and_drag());
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
        match &item.id {
            ItemId::Component(id) => {
                let id = id.clone();
                if matches!(self.canvas.gesture, Gesture::Idle) {
                    response.clone().on_hover_ui(|ui| {
                        super::tooltip::component_tooltip(
                            ui,
                            &self.doc.map,
                            &id,
                            self.doc.read_only,
                        )
                    });
                }
                response.context_menu(|ui| self.component_menu(ui));
            }
            ItemId::Link { .. } => {}
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

    fn background_input(&mut self, ui: &mut Ui, background: &Response, scene: &Scene) {
        let pointer = background.interact_pointer_pos();
        let modifiers = ui.input(|i| i.modifiers);
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
            match pointer.and_then(|p| self.link_near(scene, p)) {
                Some(link) => self.canvas.selection.set(&link),
                None => self.canvas.selection.link = None,
            }
        }
        background.context_menu(|ui| match self.canvas.selection.link.clone() {
            Some((from, to)) => self.link_menu(ui, &from, &to),
            None => self.background_menu(ui),
        });
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

    pub(super) fn link_near(&self, scene: &Scene, p: Pos2) -> Option<ItemId> {
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
        self.canvas.link_handle = None;
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
        self.canvas.link_handle = Some((id, rect));
    }

    pub(super) fn finish_link(&mut self, from: ComponentId, to: Option<ComponentId>) {
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
                    scene::stage_name(at.evolution),
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
            Gesture::Idle | Gesture::Pressed { .. } | Gesture::Handle(_) => {}
            Gesture::Panning { .. } => ui.ctx().set_cursor_icon(CursorIcon::Grabbing),
        }
    }
}

fn wheel_points(unit: egui::MouseWheelUnit, delta: Vec2) -> f32 {
    match unit {
        egui::MouseWheelUnit::Point => delta.y,
        egui::MouseWheelUnit::Line => delta.y * 40.0,
        egui::MouseWheelUnit::Page => delta.y * 400.0,
    }
}

fn components_in_view(scene: &Scene, visible: &scene::Rect) -> usize {
    scene
        .items
        .iter()
        .filter(|i| matches!(i.id, ItemId::Component(_)) && i.hit.intersects(visible))
        .count()
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

    /// The canvas's look on 2 December 2026, coloured by status.
    fn look() -> Look {
        Look {
            presenter: false,
            colour_by: ColourBy::Status,
            today: NaiveDate::from_ymd_opt(2026, 12, 2).unwrap(),
        }
    }

    #[test]
    fn segment_distance() {
        let (a, b) = (Pos2::new(0.0, 0.0), Pos2::new(10.0, 0.0));
        assert_eq!(distance_to_segment(Pos2::new(5.0, 3.0), a, b), 3.0);
        assert_eq!(distance_to_segment(Pos2::new(-4.0, 3.0), a, b), 5.0);
        assert_eq!(distance_to_segment(Pos2::new(1.0, 1.0), a, a), 2f32.sqrt());
    }

    #[test]
    fn the_header_is_as_of_today_not_the_last_save() {
        let mut map = crate::model::generate::generate(3, 1);
        map.modified = NaiveDate::from_ymd_opt(2024, 3, 9)
            .unwrap()
            .and_hms_opt(12, 0, 0)
            .unwrap()
            .and_utc();
        let look = look();
        let scene = CanvasState::new().scene(&map, 0, look, &Arc::default(), None);
        let header: Vec<&str> = scene
            .shapes
            .iter()
            .filter_map(|s| match s {
                scene::Shape::Text(t) if t.text.contains("As of") => Some(t.text.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(header.len(), 1);
        assert!(header[0].ends_with("As of 2 December 2026"), "{header:?}");
    }

    /// Components drawn as their boxes, and as an overview's dots.
    fn boxes_and_dots(scene: &Scene) -> (usize, usize) {
        let markers = scene
            .components
            .iter()
            .map(|c| &scene.shapes[c.shapes.start]);
        let dots = markers
            .clone()
            .filter(|m| matches!(m, scene::Shape::Circle { .. }))
            .count();
        (scene.components.len() - dots, dots)
    }

    #[test]
    fn a_big_map_fitted_is_an_overview_and_zoomed_in_is_whole() {
        let map = crate::model::generate::generate(2_000, 1);
        let look = look();
        let mut canvas = CanvasState::new();
        canvas.rect = Rect::from_min_size(Pos2::ZERO, Vec2::new(1200.0, 800.0));
        let fitted = canvas.scene(&map, 0, look, &Arc::default(), None);
        canvas.fit(&fitted);
        let selected = map.components[1_000].id.clone();
        canvas.selection.components.insert(selected.clone());
        let overview = canvas.scene(&map, 0, look, &Arc::default(), None);
        let (boxes, dots) = boxes_and_dots(&overview);
        assert!(dots > 1_500 && boxes < 100, "{boxes} boxes, {dots} dots");
        let selected_marker = overview
            .components
            .iter()
            .find(|c| c.id == selected)
            .map(|c| &overview.shapes[c.shapes.start]);
        assert!(matches!(selected_marker, Some(scene::Shape::Rect { .. })));
        canvas.view.zoom *= 8.0;
        let zoomed = canvas.scene(&map, 0, look, &Arc::default(), None);
        assert_eq!(boxes_and_dots(&zoomed), (2_000, 0));
    }

    #[test]
    fn the_document_tells_what_a_drag_step_changed_and_the_scene_is_kept() {
        let mut doc = Document::new(crate::model::generate::generate(600, 2), None);
        let look = look();
        let mut canvas = CanvasState::new();
        canvas.rect = Rect::from_min_size(Pos2::ZERO, Vec2::new(1200.0, 800.0));
        let dimmed = Arc::default();
        let first = canvas.scene(&doc.map, doc.revision(), look, &dimmed, Some(&doc));
        let built = Arc::as_ptr(&first) as usize;
        drop(first);
        assert!(
            canvas.cached.as_ref().is_some_and(|c| c.shadow.is_none()),
            "no copy"
        );
        let id = doc.map.components[300].id.clone();
        for step in 1..=4 {
            let command = Command::Move {
                components: vec![(id.clone(), Position::new(0.3, 0.1 * f64::from(step)))],
                notes: Vec::new(),
            };
            doc.apply_in_gesture(command, crate::edit::Coalesce::Drag)
                .unwrap();
            let scene = canvas.scene(&doc.map, doc.revision(), look, &dimmed, Some(&doc));
            assert_eq!(
                Arc::as_ptr(&scene) as usize,
                built,
                "step {step} kept the scene"
            );
            let run = scene.components.iter().find(|c| c.id == id).unwrap();
            let want = scene::to_scene(0.1 * f64::from(step), 0.3);
            let got = scene.shapes[run.shapes.start].bounds().center();
            assert!(
                got.distance(want) < 0.5,
                "step {step}: drawn at {got:?}, not {want:?}"
            );
        }
        assert!(
            !canvas.splices.is_empty(),
            "the meshes are told what to patch"
        );
        // An added component is more than the document can tell: built again.
        doc.apply(Command::AddComponent {
            name: "New".into(),
            kind: Kind::System,
            at: Position::new(0.5, 0.5),
        })
        .unwrap();
        let scene = canvas.scene(&doc.map, doc.revision(), look, &dimmed, Some(&doc));
        assert_eq!(scene.components.len(), 601);
        assert_eq!(
            Arc::as_ptr(&scene) as usize,
            built,
            "the add kept the scene too"
        );
        drop(scene);
        // A note is more than the document tells: built again.
        doc.apply(Command::AddNote {
            text: "Ask the supplier".into(),
            at: Position::new(0.5, 0.5),
        })
        .unwrap();
        let scene = canvas.scene(&doc.map, doc.revision(), look, &dimmed, Some(&doc));
        assert_ne!(Arc::as_ptr(&scene) as usize, built);
    }

    #[test]
    fn a_new_selection_on_an_overview_keeps_the_scene() {
        let map = crate::model::generate::generate(3_000, 4);
        let doc = Document::new(map, None);
        let look = look();
        let mut canvas = CanvasState::new();
        canvas.rect = Rect::from_min_size(Pos2::ZERO, Vec2::new(1200.0, 800.0));
        let dimmed = Arc::default();
        let fitted = canvas.scene(&doc.map, doc.revision(), look, &dimmed, Some(&doc));
        canvas.fit(&fitted);
        drop(fitted);
        let first = canvas.scene(&doc.map, doc.revision(), look, &dimmed, Some(&doc));
        let built = Arc::as_ptr(&first) as usize;
        drop(first);
        for n in [100, 2_000, 2_500] {
            let id = doc.map.components[n].id.clone();
            canvas.selection.components.clear();
            canvas.selection.components.insert(id.clone());
            let scene = canvas.scene(&doc.map, doc.revision(), look, &dimmed, Some(&doc));
            assert_eq!(
                Arc::as_ptr(&scene) as usize,
                built,
                "selecting {n} kept the scene"
            );
            let run = scene.components.iter().find(|c| c.id == id).unwrap();
            assert!(
                matches!(scene.shapes[run.shapes.start], scene::Shape::Rect { .. }),
                "the selected component is drawn in full"
            );
            let (boxes, _) = boxes_and_dots(&scene);
            assert!(
                boxes < 200,
                "the others it kept before are dots again: {boxes}"
            );
        }
    }
}
