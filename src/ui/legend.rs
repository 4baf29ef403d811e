//! The always-visible legend, drawn from the scene's own legend so canvas and exports
//! agree, pinned to the canvas's bottom-left corner at a fixed size; in presenter mode
//! a narrow column at the right (the map fits beside it), folded to a button on small
//! canvases.

use super::app::EstateApp;
use super::paint;
use super::view::View;
use crate::scene::{self, ColourBy, LegendExtras, SceneOptions};
use egui::{Button, Color32, Id, Rect, Role, Sense, Stroke, StrokeKind, Ui, Vec2, WidgetInfo};

const MARGIN: f32 = 10.0;
/// The legend is drawn smaller than export size so that it stays a key, not a second
/// map: about the size of map labels at a typical fit, one row on a laptop screen.
const SCALE: f32 = 0.75;
/// The presenter column: export-size entries one under another, a little larger than
/// the bottom legend (text about 20 px at the presenter zoom).
const COLUMN_SCALE: f32 = 0.9;
const COLUMN_WIDTH: f32 = 300.0;
/// Canvases smaller than this (points) start with the presenter legend folded.
const SMALL_CANVAS: Vec2 = Vec2::new(700.0, 520.0);
/// Room taken by the fold button.
const BUTTON: Vec2 = Vec2::new(90.0, 26.0);

/// Where the canvas legend goes.
#[derive(Clone, Copy, PartialEq)]
enum Placing {
    Bottom,
    Column,
    Folded,
}

impl EstateApp {
    /// Lays out the legend for `canvas` and notes the room it takes, so fitting the
    /// map keeps clear of it; None (and no room taken) while it is hidden.
    pub(super) fn measure_legend(&mut self, canvas: Rect) -> Option<std::sync::Arc<scene::Scene>> {
        self.canvas.legend_height = 0.0;
        self.canvas.legend_width = 0.0;
        if !self.legend_shown {
            return None;
        }
        match self.legend_placing(canvas) {
            Placing::Bottom => {
                let max_width = ((canvas.width() - 2.0 * MARGIN) / SCALE).max(200.0);
                let legend = self.legend_scene(max_width, self.presenter);
                self.canvas.legend_height = legend.bounds.height() * SCALE + 2.0 * MARGIN;
                Some(legend)
            }
            Placing::Column => {
                let legend = self.legend_scene(COLUMN_WIDTH, false);
                let width = legend.bounds.width().max(BUTTON.x / COLUMN_SCALE);
                self.canvas.legend_width = width * COLUMN_SCALE + 2.0 * MARGIN;
                Some(legend)
            }
            Placing::Folded => {
                self.canvas.legend_width = BUTTON.x + 2.0 * MARGIN;
                None
            }
        }
    }

    fn legend_placing(&self, canvas: Rect) -> Placing {
        if !self.presenter {
            return Placing::Bottom;
        }
        let roomy = canvas.width() >= SMALL_CANVAS.x && canvas.height() >= SMALL_CANVAS.y;
        if self.canvas.legend_open.unwrap_or(roomy) {
            Placing::Column
        } else {
            Placing::Folded
        }
    }

    /// The presenter legend's fold button at the canvas's top-right corner.
    fn fold_button(&mut self, ui: &mut Ui, canvas: Rect, open: bool) {
        let at = canvas.right_top() + Vec2::new(-MARGIN - BUTTON.x, MARGIN);
        let (text, hint) = if open {
            ("Hide key", "Fold the legend to give the map the room")
        } else {
            ("Show key", "Show the legend beside the map")
        };
        let button = ui.put(Rect::from_min_size(at, BUTTON), Button::new(text));
        if button.on_hover_text(hint).clicked() {
            self.canvas.legend_open = Some(!open);
            self.canvas.refit_if_fitted();
        }
    }

    pub fn legend_shown(&self) -> bool {
        self.legend_shown
    }

    /// L and the toolbar: hides the key to give the map the room (exports keep it).
    pub fn set_legend_shown(&mut self, shown: bool) {
        self.legend_shown = shown;
        self.canvas.refit_if_fitted();
        self.status.info(if shown {
            "Legend shown (L hides it)"
        } else {
            "Legend hidden (L shows it); exports still include it"
        });
    }

    pub(super) fn legend_overlay(&mut self, ui: &mut Ui, canvas: Rect) {
        let legend = self.measure_legend(canvas);
        let placing = self.legend_placing(canvas);
        if self.legend_shown && placing != Placing::Bottom {
            self.fold_button(ui, canvas, placing == Placing::Column);
        }
        let Some(legend) = legend else {
            return;
        };
        let (scale, rect) = if placing == Placing::Column {
            let size = Vec2::new(legend.bounds.width(), legend.bounds.height()) * COLUMN_SCALE;
            let top_right = canvas.right_top() + Vec2::new(-MARGIN, 2.0 * MARGIN + BUTTON.y);
            let rect = Rect::from_min_size(top_right - Vec2::new(size.x, 0.0), size);
            (COLUMN_SCALE, rect)
        } else {
            let size = Vec2::new(legend.bounds.width(), legend.bounds.height()) * SCALE;
            let rect = Rect::from_min_size(
                canvas.left_bottom() + Vec2::new(MARGIN, -MARGIN - size.y),
                size,
            );
            (SCALE, rect)
        };
        // Takes clicks so a double-click on the legend does not add a component under it.
        let response = ui.interact(rect, Id::unique("legend"), Sense::click());
        let mut name = legend_name(self.colour_by).to_string();
        // The extras the legend was just laid out for, not worked out again.
        let extras = self
            .legend_cache
            .as_ref()
            .map_or_else(LegendExtras::default, |((_, extras, _), _)| *extras);
        if extras.inertia {
            name.push_str("; a bar right of a box: inertia");
        }
        if extras.evolution {
            name.push_str("; a dashed red arrow: planned evolution or replacement");
        }
        response.widget_info(|| WidgetInfo::labeled(Role::Image, true, &name));
        let painter = ui.painter_at(canvas);
        painter.rect(
            rect,
            6.0,
            Color32::from_white_alpha(235),
            Stroke::new(1.0, Color32::from_gray(180)),
            StrokeKind::Outside,
        );
        let view = View {
            zoom: scale,
            offset: Vec2::new(-legend.bounds.min.x, -legend.bounds.min.y) * scale,
        };
        paint::paint_shapes(&painter, rect, &view, &legend.shapes);
    }

    /// The legend in rows of `max_width`, at presenter sizes if `presenter`.
    fn legend_scene(&mut self, max_width: f32, presenter: bool) -> std::sync::Arc<scene::Scene> {
        let look = super::canvas::Look {
            presenter,
            ..self.look()
        };
        let extras = LegendExtras::of(&self.doc.map);
        let key = (look, extras, max_width.round() as i32);
        match &self.legend_cache {
            Some((k, s)) if *k == key => s.clone(),
            _ => {
                let options = SceneOptions {
                    presenter: look.presenter,
                    colour_by: look.colour_by,
                    ..SceneOptions::default()
                };
                let s = scene::legend(&options, look.today, extras, max_width);
                let s = std::sync::Arc::new(s);
                self.legend_cache = Some((key, s.clone()));
                s
            }
        }
    }
}

/// The legend's accessible name: what the fills mean, then the status outlines.
fn legend_name(colour_by: ColourBy) -> &'static str {
    match colour_by {
        ColourBy::Status => {
            "Legend: supported solid outline, extended support double outline, \
             unsupported ! badge, shadow IT dashed outline, unknown ? badge"
        }
        ColourBy::Risk => {
            "Legend: fill shows risk score from very low (pale yellow) to very high \
             (red-orange); outlines show status: supported solid, extended support double, \
             unsupported ! badge, shadow IT dashed, unknown ? badge"
        }
        ColourBy::Dates => {
            "Legend: fill shows end of support or contract: expired red-orange, within 12 \
             months amber, later blue, no date grey; outlines show status: supported solid, \
             extended support double, unsupported ! badge, shadow IT dashed, unknown ? badge"
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::scene::{Sizes, to_scene};
    use crate::ui::{Document, EstateApp};
    use egui::{Context, Pos2, RawInput, Rect, Vec2};

    /// The app in presenter mode on a window of `pixels`, after the fit settles.
    fn presenting(pixels: Vec2) -> (Context, EstateApp) {
        let ctx = Context::default();
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/sample_maps/stroke.json");
        let map = crate::model::load_file(std::path::Path::new(path)).unwrap();
        let mut app = EstateApp::new(&ctx, Document::new(map, None));
        app.set_presenter(true);
        let mut frame = |points: Vec2| {
            let input = RawInput {
                screen_rect: Some(Rect::from_min_size(Pos2::ZERO, points)),
                ..RawInput::default()
            };
            let mut output = ctx.run_ui(input, |ui| app.frame_ui(ui));
            output.textures_delta.clear();
        };
        // The presenter zoom applies from the next frame; then the window's points.
        frame(pixels);
        let points = pixels / ctx.pixels_per_point();
        for _ in 0..4 {
            frame(points);
        }
        (ctx, app)
    }

    #[test]
    fn presenter_labels_are_at_least_20_px_on_a_1080p_screen() {
        let (ctx, app) = presenting(Vec2::new(1920.0, 1080.0));
        let px = app.canvas.view.zoom * Sizes::new(true).label * ctx.pixels_per_point();
        eprintln!(
            "PX {px} canvas {:?} zoom {} screen {:?}",
            app.canvas.rect,
            ctx.zoom_factor(),
            ctx.content_rect()
        );
        assert!(px >= 20.0, "labels {px} px");
        // The legend is a column right of the map, and the map fits beside it.
        assert!(app.canvas.legend_width > 100.0 && app.canvas.legend_height == 0.0);
        let right = app.canvas.rect.max.x - app.canvas.legend_width;
        for c in &app.doc.map.components {
            let p = app
                .canvas
                .view
                .to_screen(app.canvas.rect, to_scene(c.evolution, c.visibility));
            assert!(p.x < right - 10.0, "{} under the legend", c.name);
        }
    }

    #[test]
    fn a_small_presenter_window_folds_the_legend_to_a_button() {
        let (_, app) = presenting(Vec2::new(1024.0, 700.0));
        assert_eq!(
            app.canvas.legend_width,
            super::BUTTON.x + 2.0 * super::MARGIN
        );
        let right = app.canvas.rect.max.x - app.canvas.legend_width;
        for c in &app.doc.map.components {
            let p = app
                .canvas
                .view
                .to_screen(app.canvas.rect, to_scene(c.evolution, c.visibility));
            assert!(p.x < right, "{} under the fold button", c.name);
        }
    }
}
