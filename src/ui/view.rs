//! Pan and zoom: how scene units map to screen points on the canvas.

use crate::scene;
use egui::{Pos2, Rect, Vec2};

pub const MIN_ZOOM: f32 = 0.05;
pub const MAX_ZOOM: f32 = 12.0;
/// Zoom step of Ctrl+= / Ctrl+- and the toolbar buttons.
pub const ZOOM_STEP: f32 = 1.25;

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct View {
    /// Screen points per scene unit.
    pub zoom: f32,
    /// Screen position of the scene origin, relative to the canvas's top-left corner.
    pub offset: Vec2,
}

impl Default for View {
    fn default() -> Self {
        Self {
            zoom: 1.0,
            offset: Vec2::ZERO,
        }
    }
}

impl View {
    pub fn to_screen(&self, canvas: Rect, p: scene::Point) -> Pos2 {
        canvas.min + self.offset + Vec2::new(p.x, p.y) * self.zoom
    }

    pub fn rect_to_screen(&self, canvas: Rect, r: &scene::Rect) -> Rect {
        Rect::from_min_max(self.to_screen(canvas, r.min), self.to_screen(canvas, r.max))
    }

    pub fn to_scene(&self, canvas: Rect, p: Pos2) -> scene::Point {
        let v = (p - canvas.min - self.offset) / self.zoom;
        scene::Point::new(v.x, v.y)
    }

    /// The part of the scene the canvas shows.
    pub fn visible(&self, canvas: Rect) -> scene::Rect {
        scene::Rect::from_min_max(
            self.to_scene(canvas, canvas.min),
            self.to_scene(canvas, canvas.max),
        )
    }

    pub fn pan(&mut self, by: Vec2) {
        self.offset += by;
    }

    /// Zooms by `factor`, keeping the scene point under `anchor` where it is.
    pub fn zoom_around(&mut self, canvas: Rect, factor: f32, anchor: Pos2) {
        if !factor.is_finite() || factor <= 0.0 {
            return;
        }
        let fixed = self.to_scene(canvas, anchor);
        self.zoom = (self.zoom * factor).clamp(MIN_ZOOM, MAX_ZOOM);
        self.offset = anchor - canvas.min - Vec2::new(fixed.x, fixed.y) * self.zoom;
    }

    /// Shows all of `bounds` centred in `area` (a part of the canvas), as large as fits.
    pub fn fit(&mut self, canvas: Rect, area: Rect, bounds: &scene::Rect) {
        let (w, h) = (bounds.width().max(1.0), bounds.height().max(1.0));
        let zoom = (area.width() / w).min(area.height() / h);
        self.zoom = if zoom.is_finite() && zoom > 0.0 {
            zoom.clamp(MIN_ZOOM, MAX_ZOOM)
        } else {
            1.0
        };
        let c = bounds.center();
        self.offset = area.center() - canvas.min - Vec2::new(c.x, c.y) * self.zoom;
    }

    pub fn centre_on(&mut self, canvas: Rect, p: scene::Point) {
        self.offset = canvas.size() / 2.0 - Vec2::new(p.x, p.y) * self.zoom;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn canvas() -> Rect {
        Rect::from_min_size(Pos2::new(100.0, 50.0), Vec2::new(800.0, 600.0))
    }

    #[test]
    fn screen_and_scene_round_trip() {
        let view = View {
            zoom: 2.5,
            offset: Vec2::new(-40.0, 13.0),
        };
        let p = scene::Point::new(321.0, 77.0);
        let back = view.to_scene(canvas(), view.to_screen(canvas(), p));
        assert!((back.x - p.x).abs() < 1e-3 && (back.y - p.y).abs() < 1e-3);
    }

    #[test]
    fn zoom_keeps_anchor_fixed_and_clamps() {
        let mut view = View::default();
        let anchor = Pos2::new(400.0, 300.0);
        let before = view.to_scene(canvas(), anchor);
        view.zoom_around(canvas(), 2.0, anchor);
        let after = view.to_scene(canvas(), anchor);
        assert!((before.x - after.x).abs() < 1e-3 && (before.y - after.y).abs() < 1e-3);
        assert_eq!(view.zoom, 2.0);
        view.zoom_around(canvas(), 1e9, anchor);
        assert_eq!(view.zoom, MAX_ZOOM);
        view.zoom_around(canvas(), f32::NAN, anchor);
        assert_eq!(view.zoom, MAX_ZOOM);
    }

    #[test]
    fn fit_shows_all_bounds_centred() {
        let mut view = View::default();
        let bounds = scene::Rect::from_min_max(
            scene::Point::new(-50.0, -50.0),
            scene::Point::new(1650.0, 1050.0),
        );
        let mut area = canvas();
        area.max.y -= 100.0;
        view.fit(canvas(), area, &bounds);
        let shown = view.rect_to_screen(canvas(), &bounds);
        assert!(area.expand(0.5).contains_rect(shown));
        assert!((shown.center() - area.center()).length() < 0.5);
    }
}
