//! The eframe app: toolbar, status line, inspector and the canvas around one document.

use super::canvas::CanvasState;
use super::canvas::Look;
use super::document::Document;
use super::export_dialog::ExportState;
use super::file_menu::Files;
use super::fonts;
use super::insight::InsightState;
use super::inspector::InspectorState;
use super::status::Status;
use super::toolbar::SearchState;
use super::workspace::Workspace;
use crate::edit::Clipboard;
use crate::scene::{ColourBy, LegendExtras, Scene};
use egui::{Context, Panel, ViewportCommand};
use std::sync::Arc;

/// Presenter mode scales the whole interface for a projector.
const PRESENTER_ZOOM: f32 = 1.25;

pub struct EstateApp {
    pub(super) ctx: Context,
    pub(super) doc: Document,
    pub(super) canvas: CanvasState,
    pub(super) status: Status,
    pub(super) clipboard: Clipboard,
    pub(super) presenter: bool,
    /// What component fills show on the canvas and in exports.
    pub(super) colour_by: ColourBy,
    /// Whether the canvas shows its legend (exports always do).
    pub(super) legend_shown: bool,
    pub(super) search: SearchState,
    pub(super) inspector: InspectorState,
    pub(super) files: Files,
    pub(super) insight: InsightState,
    pub(super) export: ExportState,
    pub(super) legend_cache: Option<((Look, LegendExtras, i32), Arc<Scene>)>,
    title_shown: String,
    /// Queued actions and the command palette (src/ui/registry.rs).
    pub(super) commands: super::registry::Dispatcher,
    /// The other open maps (tabs); `doc`, `canvas` and friends are the active one's.
    pub(super) workspace: Workspace,
    /// Compare mode, while it is on (src/ui/compare.rs).
    pub(super) compare: Option<super::compare::CompareState>,
    /// File > Merge maps…, while open (src/ui/merge_dialog.rs).
    pub(super) merge_maps: Option<super::merge_dialog::MergeDialog>,
    /// The register import preview, while it is open (src/ui/import_dialog.rs).
    pub(super) import: Option<super::import_dialog::ImportDialog>,
    /// Which area (or at-risk part) of an estate is shown (src/ui/area_filter.rs).
    pub(super) area_view: super::area_filter::AreaViewState,
    /// The timeline, roadmap, business case and Plan panel (src/ui/plan_view.rs).
    pub(super) plan_ui: super::plan_view::PlanUi,
}

impl EstateApp {
    /// Sets up fonts and input options on `ctx` and opens `doc`.
    pub fn new(ctx: &Context, doc: Document) -> Self {
        fonts::install(ctx);
        // A white map on a light interface reads best on a projector.
        ctx.set_theme(egui::Theme::Light);
        // Ctrl +/- zoom the map, not the whole interface.
        ctx.options_mut(|o| o.zoom_with_keyboard = false);
        let mut status = Status::default();
        status.info(if doc.read_only {
            "Opened read-only: select, search and export; edits are disabled"
        } else {
            "Double-click the canvas to add a component; drag the blue handle to link"
        });
        Self {
            ctx: ctx.clone(),
            doc,
            canvas: CanvasState::new(),
            status,
            clipboard: Clipboard::default(),
            presenter: false,
            colour_by: ColourBy::Status,
            legend_shown: true,
            search: SearchState::default(),
            inspector: InspectorState::default(),
            files: Files::new(),
            insight: InsightState::default(),
            export: ExportState::default(),
            legend_cache: None,
            title_shown: String::new(),
            commands: Default::default(),
            workspace: Workspace::default(),
            compare: None,
            merge_maps: None,
            import: None,
            area_view: Default::default(),
            plan_ui: Default::default(),
        }
    }

    pub fn document(&self) -> &Document {
        &self.doc
    }

    pub fn selection(&self) -> &super::selection::Selection {
        &self.canvas.selection
    }

    /// Shows a problem on the status line (e.g. a file that could not be opened).
    pub fn report_error(&mut self, text: impl Into<String>) {
        self.status.error(text);
    }

    pub fn status_text(&self) -> &str {
        &self.status.text
    }

    /// Where a map position is on screen in the last frame (tests aim the pointer).
    pub fn screen_of(&self, at: crate::edit::Position) -> egui::Pos2 {
        self.canvas.screen_of(at)
    }

    pub fn presenter(&self) -> bool {
        self.presenter
    }

    pub fn set_presenter(&mut self, on: bool) {
        self.presenter = on;
        self.ctx
            .set_zoom_factor(if on { PRESENTER_ZOOM } else { 1.0 });
        self.canvas.request_fit();
    }

    pub fn colour_by(&self) -> ColourBy {
        self.colour_by
    }

    pub fn set_colour_by(&mut self, colour_by: ColourBy) {
        self.colour_by = colour_by;
        // The legend's height changes with the colouring.
        self.canvas.refit_if_fitted();
        self.status.info(match colour_by {
            ColourBy::Status => "Colouring by support status",
            ColourBy::Risk => {
                "Colouring by risk score: darker is riskier; outlines still show status"
            }
            ColourBy::Dates => {
                "Colouring by end of support or contract: red expired, amber within 12 months"
            }
        });
    }

    /// How the canvas draws the map now.
    pub(super) fn look(&self) -> Look {
        Look {
            presenter: self.presenter,
            colour_by: self.colour_by,
            today: super::insight::today(),
        }
    }

    fn update_title(&mut self) {
        let title = self.workspace_title();
        if title != self.title_shown {
            self.ctx
                .send_viewport_cmd(ViewportCommand::Title(title.clone()));
            self.title_shown = title;
        }
    }

    /// One frame of the whole window; the eframe `App::ui` and the benchmark call this.
    pub fn frame_ui(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        // This frame's commands remember the selection they start from, for undo.
        self.doc.note_selection(&self.canvas.selection);
        // File handling (issue 4): menu, prompts, autosave, disk checks, close.
        self.files_frame(&ctx);
        self.background_tabs(&ctx);
        // Keys queue actions; menus and panels queue theirs for the next frame. All
        // run here, at one point in the frame.
        self.handle_shortcuts(&ctx);
        self.run_queued();
        Panel::top("menu bar").show(ui, |ui| self.menu_bar_ui(ui));
        Panel::top("toolbar").show(ui, |ui| self.toolbar_ui(ui));
        self.tab_strip(ui);
        self.plan_ui_frame(ui);
        Panel::bottom("status line").show(ui, |ui| self.status_line_ui(ui));
        Panel::right("inspector")
            .resizable(true)
            .default_size(300.0)
            .show(ui, |ui| self.inspector_ui(ui));
        self.insight_panels(ui);
        self.compare_panel(ui);
        self.conflicts_panel(ui);
        egui::CentralPanel::no_frame().show(ui, |ui| self.canvas_ui(ui));
        self.export_dialog_ui(&ctx);
        self.import_dialog_ui(&ctx);
        self.palette_ui(&ctx);
        self.prompts_ui(&ctx);
        self.merge_dialog_ui(&ctx);
        self.start_screen_ui(&ctx);
        self.update_title();
    }
}

/// Where the view settings live in eframe's storage (the window size is kept by eframe).
const PRESENTER_KEY: &str = "presenter";

impl EstateApp {
    /// Restores the view settings of the last session, if there was one.
    pub fn with_saved_settings(mut self, storage: Option<&dyn eframe::Storage>) -> Self {
        if let Some(on) = storage.and_then(|s| eframe::get_value::<bool>(s, PRESENTER_KEY)) {
            self.set_presenter(on);
        }
        self
    }
}

impl eframe::App for EstateApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.frame_ui(ui);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, PRESENTER_KEY, &self.presenter);
    }
}
