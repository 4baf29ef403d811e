//! Backend-neutral drawing primitives. Backends (egui canvas, SVG) translate each one
//! directly; any layout decision (wrapping, arrowheads, double outlines) is made here.

use super::font;
use super::geometry::{Color, Point, Rect};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StrokeStyle {
    Solid,
    /// Dashes of `Stroke::dash_pattern`.
    Dashed,
    /// Two thin parallel lines; draw with `Stroke::passes`.
    Double,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Stroke {
    pub width: f32,
    pub color: Color,
    pub style: StrokeStyle,
}

/// One plain stroke of a (possibly double) outline: draw `rect` inset by `inset`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct StrokePass {
    pub inset: f32,
    pub width: f32,
    pub dash: Option<[f32; 2]>,
}

impl Stroke {
    pub fn solid(width: f32, color: Color) -> Self {
        Self {
            width,
            color,
            style: StrokeStyle::Solid,
        }
    }

    /// Dash and gap lengths for a dashed stroke.
    pub fn dash_pattern(&self) -> Option<[f32; 2]> {
        (self.style == StrokeStyle::Dashed).then_some([self.width * 3.5, self.width * 2.0])
    }

    /// The plain strokes that draw this outline on a shape's border, outermost first.
    pub fn passes(&self) -> Vec<StrokePass> {
        match self.style {
            StrokeStyle::Double => vec![
                StrokePass {
                    inset: 0.0,
                    width: self.width,
                    dash: None,
                },
                StrokePass {
                    inset: self.width * 2.0,
                    width: self.width,
                    dash: None,
                },
            ],
            _ => vec![StrokePass {
                inset: 0.0,
                width: self.width,
                dash: self.dash_pattern(),
            }],
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Align {
    Left,
    Center,
    Right,
}

/// One line of text. `anchor.x` is the left edge, centre or right edge according to
/// `align`; `anchor.y` is the baseline (SVG's convention). `top_left()` gives the line
/// box for painters that place text by its top-left corner.
///
/// A `rotated` text is turned a quarter turn anticlockwise about `anchor` (it reads
/// bottom to top, like a y-axis title); `line_box()` is then the box before turning.
#[derive(Clone, Debug, PartialEq)]
pub struct Text {
    pub text: String,
    pub anchor: Point,
    pub size: f32,
    pub color: Color,
    pub align: Align,
    pub bold: bool,
    /// Measured with the embedded font when the text was laid out.
    pub width: f32,
    pub rotated: bool,
}

impl Text {
    /// `lines` one under another, centred in `rect` both ways.
    pub fn centred_lines(
        lines: &[String],
        rect: &Rect,
        size: f32,
        color: Color,
        bold: bool,
    ) -> Vec<Shape> {
        let height = lines.len() as f32 * size * font::LINE_HEIGHT;
        let top = rect.center().y - height / 2.0;
        let x = rect.center().x;
        let line_top = |i: usize| top + i as f32 * size * font::LINE_HEIGHT;
        lines
            .iter()
            .enumerate()
            .map(|(i, l)| {
                Shape::Text(Text::line(
                    l.clone(),
                    x,
                    line_top(i),
                    size,
                    color,
                    Align::Center,
                    bold,
                ))
            })
            .collect()
    }

    /// A line whose line box has its top at `top` and its horizontal anchor at `x`.
    pub fn line(
        text: impl Into<String>,
        x: f32,
        top: f32,
        size: f32,
        color: Color,
        align: Align,
        bold: bool,
    ) -> Self {
        let text = text.into();
        let width = font::text_width(&text, size, bold);
        Self {
            text,
            anchor: Point::new(x, top + font::ascent(size, bold)),
            size,
            color,
            align,
            bold,
            width,
            rotated: false,
        }
    }

    /// The same text turned a quarter turn anticlockwise about its anchor.
    pub fn turned(self) -> Self {
        Self {
            rotated: true,
            ..self
        }
    }

    /// The area covered on the page.
    pub fn bounds(&self) -> Rect {
        let b = self.line_box();
        if !self.rotated {
            return b;
        }
        // (dx, dy) from the anchor turns into (dy, -dx).
        let turn = |p: Point| {
            Point::new(
                self.anchor.x + (p.y - self.anchor.y),
                self.anchor.y - (p.x - self.anchor.x),
            )
        };
        Rect::spanning(turn(b.min), turn(b.max))
    }

    /// The unturned line box: full line height, measured width.
    pub fn line_box(&self) -> Rect {
        let left = match self.align {
            Align::Left => self.anchor.x,
            Align::Center => self.anchor.x - self.width / 2.0,
            Align::Right => self.anchor.x - self.width,
        };
        let top = self.anchor.y - font::ascent(self.size, self.bold);
        Rect::from_min_size(
            Point::new(left, top),
            self.width,
            self.size * font::LINE_HEIGHT,
        )
    }

    /// Top-left corner of the unturned line box.
    pub fn top_left(&self) -> Point {
        self.line_box().min
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum Shape {
    Rect {
        rect: Rect,
        corner_radius: f32,
        fill: Option<Color>,
        stroke: Option<Stroke>,
    },
    Circle {
        center: Point,
        radius: f32,
        fill: Option<Color>,
        stroke: Option<Stroke>,
    },
    /// An open line; `arrowhead`, if any, is a filled triangle in the stroke colour
    /// whose tip is the last point.
    Polyline {
        points: Vec<Point>,
        stroke: Stroke,
        arrowhead: Option<[Point; 3]>,
    },
    Polygon {
        points: Vec<Point>,
        fill: Option<Color>,
        stroke: Option<Stroke>,
    },
    Text(Text),
}

impl Shape {
    /// The area the shape covers, stroke included.
    pub fn bounds(&self) -> Rect {
        match self {
            Shape::Rect { rect, stroke, .. } => rect.expand(half_width(stroke)),
            Shape::Circle {
                center,
                radius,
                stroke,
                ..
            } => Rect::from_center_size(*center, 2.0 * radius, 2.0 * radius)
                .expand(half_width(stroke)),
            Shape::Polyline {
                points,
                stroke,
                arrowhead,
            } => {
                let all = points.iter().chain(arrowhead.iter().flatten());
                points_bounds(all).expand(stroke.width / 2.0)
            }
            Shape::Polygon { points, stroke, .. } => {
                points_bounds(points.iter()).expand(half_width(stroke))
            }
            Shape::Text(text) => text.bounds(),
        }
    }

    /// The same shape with every colour's alpha scaled by `factor` (0..1).
    pub fn faded(mut self, factor: f32) -> Shape {
        let fade = |c: &mut Color| c.a = (f32::from(c.a) * factor).round() as u8;
        match &mut self {
            Shape::Rect { fill, stroke, .. }
            | Shape::Circle { fill, stroke, .. }
            | Shape::Polygon { fill, stroke, .. } => {
                fill.iter_mut().for_each(fade);
                stroke.iter_mut().for_each(|s| fade(&mut s.color));
            }
            Shape::Polyline { stroke, .. } => fade(&mut stroke.color),
            Shape::Text(text) => fade(&mut text.color),
        }
        self
    }
}

fn half_width(stroke: &Option<Stroke>) -> f32 {
    stroke.map_or(0.0, |s| s.width / 2.0)
}

fn points_bounds<'a>(mut points: impl Iterator<Item = &'a Point>) -> Rect {
    let first = points.next().copied().unwrap_or_default();
    points.fold(Rect::spanning(first, first), |r, p| {
        r.union(&Rect::spanning(*p, *p))
    })
}

/// A filled triangle at `tip`, pointing away from `from`.
pub fn arrowhead(from: Point, tip: Point, length: f32) -> Option<[Point; 3]> {
    let d = from.distance(tip);
    if d < f32::EPSILON {
        return None;
    }
    let (ux, uy) = ((tip.x - from.x) / d, (tip.y - from.y) / d);
    let base = Point::new(tip.x - ux * length, tip.y - uy * length);
    let half = length * 0.45;
    Some([
        tip,
        Point::new(base.x - uy * half, base.y + ux * half),
        Point::new(base.x + uy * half, base.y - ux * half),
    ])
}

impl Shape {
    /// The same shape moved by `(dx, dy)`.
    pub fn translated(self, (dx, dy): (f32, f32)) -> Shape {
        self.transformed(|p| Point::new(p.x + dx, p.y + dy), 1.0)
    }

    /// The same shape scaled by `factor` (> 0) about `from`, which lands on `to`: lines
    /// and text grow with it, as on a zoomed canvas.
    pub fn scaled(self, factor: f32, from: Point, to: Point) -> Shape {
        let map = |p: Point| {
            Point::new(
                to.x + (p.x - from.x) * factor,
                to.y + (p.y - from.y) * factor,
            )
        };
        self.transformed(map, factor)
    }

    /// Points through `map`; lengths (radii, line widths, text) times `factor`.
    fn transformed(self, map: impl Fn(Point) -> Point, factor: f32) -> Shape {
        let stroked = |s: Stroke| Stroke {
            width: s.width * factor,
            ..s
        };
        match self {
            Shape::Rect {
                rect,
                corner_radius,
                fill,
                stroke,
            } => Shape::Rect {
                rect: Rect::from_min_max(map(rect.min), map(rect.max)),
                corner_radius: corner_radius * factor,
                fill,
                stroke: stroke.map(stroked),
            },
            Shape::Circle {
                center,
                radius,
                fill,
                stroke,
            } => Shape::Circle {
                center: map(center),
                radius: radius * factor,
                fill,
                stroke: stroke.map(stroked),
            },
            Shape::Polyline {
                points,
                stroke,
                arrowhead,
            } => Shape::Polyline {
                points: points.into_iter().map(&map).collect(),
                stroke: stroked(stroke),
                arrowhead: arrowhead.map(|a| a.map(&map)),
            },
            Shape::Polygon {
                points,
                fill,
                stroke,
            } => Shape::Polygon {
                points: points.into_iter().map(&map).collect(),
                fill,
                stroke: stroke.map(stroked),
            },
            Shape::Text(mut text) => {
                text.anchor = map(text.anchor);
                text.size *= factor;
                text.width *= factor;
                Shape::Text(text)
            }
        }
    }
}
