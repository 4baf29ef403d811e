//! The egui painter for scene primitives: each shape translated as it is, scaled by
//! the view, with off-screen shapes culled and unreadably small text skipped.

use super::fonts;
use super::view::View;
use crate::scene::{self, Align, Shape, Stroke};
use egui::{Align2, Color32, CornerRadius, FontId, Painter, Pos2, Rect, StrokeKind};

/// Text smaller than this on screen is noise; hover shows the name instead.
const MIN_TEXT_PX: f32 = 3.0;

pub fn color(c: scene::Color) -> Color32 {
    Color32::from_rgba_unmultiplied(c.r, c.g, c.b, c.a)
}

/// Draws `shapes` through `view` onto `painter`, skipping those outside its clip rect.
pub fn paint_shapes(painter: &Painter, canvas: Rect, view: &View, shapes: &[Shape]) {
    let visible = view.visible(painter.clip_rect());
    for shape in shapes {
        if shape.bounds().intersects(&visible) {
            paint_shape(painter, canvas, view, shape);
        }
    }
}

pub fn paint_shape(painter: &Painter, canvas: Rect, view: &View, shape: &Shape) {
    let at = |p: scene::Point| view.to_screen(canvas, p);
    match shape {
        Shape::Rect {
            rect,
            corner_radius,
            fill,
            stroke,
        } => {
            let r = view.rect_to_screen(canvas, rect);
            let radius = CornerRadius::same((corner_radius * view.zoom).min(255.0) as u8);
            if let Some(fill) = fill {
                painter.rect_filled(r, radius, color(*fill));
            }
            if let Some(stroke) = stroke {
                outline(
                    painter,
                    view,
                    stroke,
                    |inset| rect_path(r.shrink(inset * view.zoom)),
                    |inset, s| {
                        painter.rect_stroke(
                            r.shrink(inset * view.zoom),
                            radius,
                            s,
                            StrokeKind::Middle,
                        );
                    },
                );
            }
        }
        Shape::Circle {
            center,
            radius,
            fill,
            stroke,
        } => {
            let c = at(*center);
            let r = radius * view.zoom;
            if let Some(fill) = fill {
                painter.circle_filled(c, r, color(*fill));
            }
            if let Some(stroke) = stroke {
                outline(
                    painter,
                    view,
                    stroke,
                    |inset| circle_path(c, r - inset * view.zoom),
                    |inset, s| {
                        painter.circle_stroke(c, r - inset * view.zoom, s);
                    },
                );
            }
        }
        Shape::Polyline {
            points,
            stroke,
            arrowhead,
        } => {
            let pts: Vec<Pos2> = points.iter().map(|p| at(*p)).collect();
            let s = egui_stroke(view, stroke, stroke.width);
            match stroke.dash_pattern() {
                Some([dash, gap]) => painter.extend(egui::Shape::dashed_line(
                    &pts,
                    s,
                    dash * view.zoom,
                    gap * view.zoom,
                )),
                None => {
                    painter.add(egui::Shape::line(pts, s));
                }
            }
            if let Some(head) = arrowhead {
                let tri = head.iter().map(|p| at(*p)).collect();
                painter.add(egui::Shape::convex_polygon(
                    tri,
                    s.color,
                    egui::Stroke::NONE,
                ));
            }
        }
        Shape::Polygon {
            points,
            fill,
            stroke,
        } => {
            let pts: Vec<Pos2> = points.iter().map(|p| at(*p)).collect();
            let s = stroke.map_or(egui::Stroke::NONE, |st| egui_stroke(view, &st, st.width));
            let fill = fill.map_or(Color32::TRANSPARENT, color);
            painter.add(egui::Shape::convex_polygon(pts, fill, s));
        }
        Shape::Text(text) => paint_text(painter, canvas, view, text),
    }
}

fn egui_stroke(view: &View, stroke: &Stroke, width: f32) -> egui::Stroke {
    // At least a hairline, so outlines survive zooming far out.
    egui::Stroke::new((width * view.zoom).max(0.6), color(stroke.color))
}

/// Draws each pass of a (double or dashed) outline: dashed passes along `path`, plain
/// ones with `plain`.
fn outline(
    painter: &Painter,
    view: &View,
    stroke: &Stroke,
    path: impl Fn(f32) -> Vec<Pos2>,
    plain: impl Fn(f32, egui::Stroke),
) {
    for pass in stroke.passes() {
        let s = egui_stroke(view, stroke, pass.width);
        match pass.dash {
            Some([dash, gap]) => painter.extend(egui::Shape::dashed_line(
                &path(pass.inset),
                s,
                dash * view.zoom,
                gap * view.zoom,
            )),
            None => plain(pass.inset, s),
        }
    }
}

fn rect_path(r: Rect) -> Vec<Pos2> {
    vec![
        r.left_top(),
        r.right_top(),
        r.right_bottom(),
        r.left_bottom(),
        r.left_top(),
    ]
}

fn circle_path(c: Pos2, r: f32) -> Vec<Pos2> {
    let n = 32;
    (0..=n)
        .map(|i| {
            let a = i as f32 / n as f32 * std::f32::consts::TAU;
            c + egui::vec2(a.cos(), a.sin()) * r
        })
        .collect()
}

fn paint_text(painter: &Painter, canvas: Rect, view: &View, text: &scene::Text) {
    let size = text.size * view.zoom;
    if size < MIN_TEXT_PX {
        return;
    }
    let top = text.top_left().y;
    let (x, align) = match text.align {
        Align::Left => (text.anchor.x, Align2::LEFT_TOP),
        Align::Center => (text.anchor.x, Align2::CENTER_TOP),
        Align::Right => (text.anchor.x, Align2::RIGHT_TOP),
    };
    painter.text(
        view.to_screen(canvas, scene::Point::new(x, top)),
        align,
        &text.text,
        FontId::new(size, fonts::family(text.bold)),
        color(text.color),
    );
}
