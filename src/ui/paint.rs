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
            to_egui(painter, canvas, view, shape, Detail::Full, &mut out);
        }
    }
    painter.extend(out);
}

/// How finely curves are drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Detail {
    Full,
    /// For views of thousands of overlapping boxes: round corners become chamfers and
    /// circles octagons, a quarter of the vertices with the same silhouettes.
    Dense,
}

/// The egui shapes that draw one scene shape; `painter` only lays out text.
pub fn to_egui(
    painter: &Painter,
    canvas: Rect,
    view: &View,
    shape: &Shape,
    detail: Detail,
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
            if detail == Detail::Dense && radius.nw > 0 {
                let chamfer = f32::from(radius.nw);
                let corners = |inset: f32| chamfered(r.shrink(inset * view.zoom), chamfer);
                polygon(out, view, corners, *fill, stroke.as_ref());
            } else if let Some(fill) = fill {
                out.push(egui::Shape::rect_filled(r, radius, color(*fill)));
            }
            if let Some(stroke) = stroke
                .as_ref()
                .filter(|_| detail == Detail::Full || radius.nw == 0)
            {
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
            if detail == Detail::Dense {
                let corners = |inset: f32| octagon(c, r - inset * view.zoom);
                polygon(out, view, corners, *fill, stroke.as_ref());
                return;
            }
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

/// A filled convex polygon with its outline; `corners(inset)` gives the corners of
/// the outline pass `inset` map units inside the border.
fn polygon(
    out: &mut Vec<egui::Shape>,
    view: &View,
    corners: impl Fn(f32) -> Vec<Pos2>,
    fill: Option<scene::Color>,
    stroke: Option<&Stroke>,
) {
    if let Some(fill) = fill {
        out.push(egui::Shape::convex_polygon(
            corners(0.0),
            color(fill),
            egui::Stroke::NONE,
        ));
    }
    if let Some(stroke) = stroke {
        outline(
            out,
            view,
            stroke,
            |inset| {
                let mut path = corners(inset);
                path.extend(path.first().copied());
                path
            },
            |inset, s| egui::Shape::closed_line(corners(inset), s),
        );
    }
}

/// `r` with its corners cut off `cut` points deep, clockwise from the top left.
fn chamfered(r: Rect, cut: f32) -> Vec<Pos2> {
    let c = cut.min(r.width() / 2.0).min(r.height() / 2.0).max(0.0);
    vec![
        Pos2::new(r.min.x + c, r.min.y),
        Pos2::new(r.max.x - c, r.min.y),
        Pos2::new(r.max.x, r.min.y + c),
        Pos2::new(r.max.x, r.max.y - c),
        Pos2::new(r.max.x - c, r.max.y),
        Pos2::new(r.min.x + c, r.max.y),
        Pos2::new(r.min.x, r.max.y - c),
        Pos2::new(r.min.x, r.min.y + c),
    ]
}

/// The octagon around the circle of radius `r`: its sides touch the circle, so it
/// covers the same box.
fn octagon(c: Pos2, r: f32) -> Vec<Pos2> {
    let corner = r / (std::f32::consts::PI / 8.0).cos();
    (0..8)
        .map(|i| {
            let a = (i as f32 + 0.5) / 8.0 * std::f32::consts::TAU;
            c + egui::vec2(a.cos(), a.sin()) * corner
        })
        .collect()
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scene::{Color, StrokeStyle};
    use egui::epaint::{Mesh, TessellationOptions, Tessellator};

    fn mesh(shape: &Shape, detail: Detail) -> Mesh {
        let ctx = egui::Context::default();
        let painter = Painter::new(ctx, egui::LayerId::background(), Rect::EVERYTHING);
        let mut shapes = Vec::new();
        to_egui(
            &painter,
            Rect::ZERO,
            &View::default(),
            shape,
            detail,
            &mut shapes,
        );
        let options = TessellationOptions {
            feathering: false,
            ..TessellationOptions::default()
        };
        let mut tessellator = Tessellator::new(1.0, options, [1024, 1024], Vec::new());
        let mut mesh = Mesh::default();
        for shape in shapes {
            tessellator.tessellate_shape(shape, &mut mesh);
        }
        mesh
    }

    /// Dense detail must cover the same box (within a stroke width) with far fewer
    /// vertices.
    fn assert_cheaper_same_outline(shape: &Shape) {
        let (full, dense) = (mesh(shape, Detail::Full), mesh(shape, Detail::Dense));
        assert!(
            dense.vertices.len() * 2 < full.vertices.len(),
            "{} vertices dense vs {} full",
            dense.vertices.len(),
            full.vertices.len()
        );
        let (a, b) = (full.calc_bounds(), dense.calc_bounds());
        assert!(
            (a.min - b.min).abs().max_elem() <= 1.0 && (a.max - b.max).abs().max_elem() <= 1.0,
            "{a:?} vs {b:?}"
        );
    }

    #[test]
    fn dense_detail_keeps_outlines_with_fewer_vertices() {
        let double = Stroke {
            width: 1.6,
            color: Color::BLACK,
            style: StrokeStyle::Double,
        };
        assert_cheaper_same_outline(&Shape::Rect {
            rect: scene::Rect::from_min_max(
                scene::Point::new(10.0, 10.0),
                scene::Point::new(90.0, 44.0),
            ),
            corner_radius: 6.0,
            fill: Some(Color::WHITE),
            stroke: Some(double),
        });
        assert_cheaper_same_outline(&Shape::Circle {
            center: scene::Point::new(50.0, 50.0),
            radius: 11.0,
            fill: Some(Color::WHITE),
            stroke: Some(Stroke::solid(1.5, Color::BLACK)),
        });
    }
}
