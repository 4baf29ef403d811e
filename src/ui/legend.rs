//! The always-visible legend, drawn from the scene's own legend so canvas and exports
//! agree, pinned to the canvas's bottom-left corner at a fixed size.

use super::app::EstateApp;
use super::paint;
use super::view::View;
use crate::scene::{self, ColourBy, LegendExtras, SceneOptions};
use egui::{Color32, Id, Rect, Role, Sense, Stroke, StrokeKind, Ui, Vec2, WidgetInfo};

const MARGIN: f32 = 10.0;
/// The legend is drawn smaller than export size so that it stays a key, not a second
/// map: about the size of map labels at a typical fit, one row on a laptop screen.
const SCALE: f32 = 0.75;

impl EstateApp {
    /// Lays out the legend for `canvas` and notes the room it takes, so fitting the
    /// map keeps clear of it; None (and no room taken) while it is hidden.
    pub(super) fn measure_legend(&mut self, canvas: Rect) -> Option<std::sync::Arc<scene::Scene>> {
        if !self.legend_shown {
            self.canvas.legend_height = 0.0;
            return None;
        }
        let max_width = ((canvas.width() - 2.0 * MARGIN) / SCALE).max(200.0);
        let legend = self.legend_scene(max_width);
        self.canvas.legend_height = legend.bounds.height() * SCALE + 2.0 * MARGIN;
        Some(legend)
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
        let Some(legend) = self.measure_legend(canvas) else {
            return;
        };
        let size = Vec2::new(legend.bounds.width(), legend.bounds.height()) * SCALE;
        let rect = Rect::from_min_size(
            canvas.left_bottom() + Vec2::new(MARGIN, -MARGIN - size.y),
            size,
        );
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
            zoom: SCALE,
            offset: Vec2::new(-legend.bounds.min.x, -legend.bounds.min.y) * SCALE,
        };
        paint::paint_shapes(&painter, rect, &view, &legend.shapes);
    }

    fn legend_scene(&mut self, max_width: f32) -> std::sync::Arc<scene::Scene> {
        let look = self.look();
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
