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
    let mut out = Vec::new();
    for shape in shapes {
        if shape.bounds().intersects(&visible) {
            to_egui(painter, canvas, view, shape, &mut out);
        }
    }
    painter.extend(out);
}

/// The egui shapes that draw one scene shape; `painter` only lays out text.
pub fn to_egui(
    painter: &Painter,
    canvas: Rect,
    view: &View,
    shape: &Shape,
    out: &mut Vec<egui::Shape>,
) {
    let at = |p: scene::Point| view.to_screen(canvas, p);
    match shape {
        Shape::Rect {
            rect,
            corner_radius,
            fill,
            stroke,
        } => {
            let r = view.rect_to_screen(canvas, rect);
            // Rounded corners cost many vertices; below a pixel and a half nobody sees them.
            let scaled = corner_radius * view.zoom;
            let radius = CornerRadius::same(if scaled < 1.5 {
                0
            } else {
                scaled.min(255.0) as u8
            });
            if let Some(fill) = fill {
                out.push(egui::Shape::rect_filled(r, radius, color(*fill)));
            }
            if let Some(stroke) = stroke {
                outline(
                    out,
                    view,
                    stroke,
                    |inset| rect_path(r.shrink(inset * view.zoom)),
                    |inset, s| {
                        egui::Shape::rect_stroke(
                            r.shrink(inset * view.zoom),
                            radius,
                            s,
                            StrokeKind::Middle,
                        )
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
                out.push(egui::Shape::circle_filled(c, r, color(*fill)));
            }
            if let Some(stroke) = stroke {
                outline(
                    out,
                    view,
                    stroke,
                    |inset| circle_path(c, r - inset * view.zoom),
                    |inset, s| egui::Shape::circle_stroke(c, r - inset * view.zoom, s),
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
                Some([dash, gap]) => out.extend(egui::Shape::dashed_line(
                    &pts,
                    s,
                    dash * view.zoom,
                    gap * view.zoom,
                )),
                None => out.push(egui::Shape::line(pts, s)),
            }
            if let Some(head) = arrowhead {
                let tri = head.iter().map(|p| at(*p)).collect();
                out.push(egui::Shape::convex_polygon(
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
            out.push(egui::Shape::convex_polygon(pts, fill, s));
        }
        Shape::Text(text) => text_shape(painter, canvas, view, text, out),
    }
}

fn egui_stroke(view: &View, stroke: &Stroke, width: f32) -> egui::Stroke {
    // At least a hairline, so outlines survive zooming far out.
    egui::Stroke::new((width * view.zoom).max(0.6), color(stroke.color))
}

/// Each pass of a (double or dashed) outline: dashed passes along `path`, plain ones
/// from `plain`.
fn outline(
    out: &mut Vec<egui::Shape>,
    view: &View,
    stroke: &Stroke,
    path: impl Fn(f32) -> Vec<Pos2>,
    plain: impl Fn(f32, egui::Stroke) -> egui::Shape,
) {
    for pass in stroke.passes() {
        let s = egui_stroke(view, stroke, pass.width);
        match pass.dash {
            Some([dash, gap]) => out.extend(egui::Shape::dashed_line(
                &path(pass.inset),
                s,
                dash * view.zoom,
                gap * view.zoom,
            )),
            None => out.push(plain(pass.inset, s)),
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

fn text_shape(
    painter: &Painter,
    canvas: Rect,
    view: &View,
    text: &scene::Text,
    out: &mut Vec<egui::Shape>,
) {
    let size = text.size * view.zoom;
    if size < MIN_TEXT_PX {
        return;
    }
    let top = text.top_left().y;
    let align = match text.align {
        Align::Left => Align2::LEFT_TOP,
        Align::Center => Align2::CENTER_TOP,
        Align::Right => Align2::RIGHT_TOP,
    };
    let galley = painter.layout_no_wrap(
        text.text.clone(),
        FontId::new(size, fonts::family(text.bold)),
        color(text.color),
    );
    if text.rotated {
        // Turned to read upwards about the anchor: the unturned top-left corner moves
        // to where the scene turns it, and the galley rotates a quarter turn about it.
        let tl = text.top_left();
        let turned = scene::Point::new(
            text.anchor.x + (tl.y - text.anchor.y),
            text.anchor.y - (tl.x - text.anchor.x),
        );
        let pos = view.to_screen(canvas, turned);
        let shape = egui::epaint::TextShape::new(pos, galley, color(text.color))
            .with_angle(-std::f32::consts::FRAC_PI_2);
        out.push(egui::Shape::Text(shape));
        return;
    }
    let anchor = view.to_screen(canvas, scene::Point::new(text.anchor.x, top));
    let rect = align.anchor_size(anchor, galley.size());
    out.push(egui::Shape::galley(rect.min, galley, color(text.color)));
}
