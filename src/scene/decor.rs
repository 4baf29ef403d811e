//! Everything around the components: axes with stage names, the legend, the title
//! block and the summary table.

use super::geometry::{Point, Rect};
use super::map_layer::badge_shapes;
use super::shape::{Align, Shape, Stroke, StrokeStyle, Text, arrowhead};
use super::style::{Palette, Sizes, Theme, status_style};
use super::{MAP_AREA, Scene, SceneOptions, font};
use crate::model::{Map, SupportStatus};

pub const STAGES: [&str; 4] = [
    "Genesis",
    "Custom-built",
    "Product / rental",
    "Commodity / utility",
];

/// Vertical space between blocks of the frame.
const SPACING: f32 = 16.0;

/// The y axis (value chain), the x axis (evolution) with stage names and dividers.
pub fn axes(palette: &Palette, sizes: &Sizes) -> Vec<Shape> {
    let a = MAP_AREA;
    let axis = Stroke::solid(sizes.link * 1.2, palette.axis);
    let mut shapes = Vec::new();
    for i in 1..4 {
        let x = a.min.x + a.width() * i as f32 / 4.0;
        shapes.push(Shape::Polyline {
            points: vec![Point::new(x, a.min.y), Point::new(x, a.max.y)],
            stroke: Stroke {
                width: 1.2,
                color: palette.divider,
                style: StrokeStyle::Dashed,
            },
            arrowhead: None,
        });
    }
    let (origin, top, right) = (
        Point::new(a.min.x, a.max.y),
        Point::new(a.min.x, a.min.y),
        Point::new(a.max.x, a.max.y),
    );
    for end in [top, right] {
        shapes.push(Shape::Polyline {
            points: vec![origin, end],
            stroke: axis,
            arrowhead: arrowhead(origin, end, sizes.arrow * 1.3),
        });
    }
    let size = sizes.axis;
    let row = size * font::LINE_HEIGHT;
    let text = |s: &str, x, top, align, bold| {
        Shape::Text(Text::line(s, x, top, size, palette.text, align, bold))
    };
    for (i, stage) in STAGES.iter().enumerate() {
        let x = a.min.x + a.width() * (i as f32 + 0.5) / 4.0;
        shapes.push(text(stage, x, a.max.y + 8.0, Align::Center, false));
    }
    shapes.push(text(
        "Evolution →",
        a.max.x,
        a.max.y + 8.0 + row,
        Align::Right,
        true,
    ));
    shapes.push(text(
        "↑ Value chain",
        a.min.x - 8.0,
        a.min.y - row - 14.0,
        Align::Left,
        true,
    ));
    let side = |s: &str, top| {
        Shape::Text(Text::line(
            s,
            a.min.x - 10.0,
            top,
            sizes.small,
            palette.muted_text,
            Align::Right,
            false,
        ))
    };
    shapes.push(side("Visible", a.min.y));
    shapes.push(side("Invisible", a.max.y - sizes.small * font::LINE_HEIGHT));
    shapes
}

/// Bottom of the axis labels under the map.
fn below_axes(sizes: &Sizes) -> f32 {
    MAP_AREA.max.y + 8.0 + 2.0 * sizes.axis * font::LINE_HEIGHT
}

/// Title block, legend, summary and footer, as `options.frame` asks.
pub fn frame(map: &Map, options: &SceneOptions, palette: &Palette, sizes: &Sizes) -> Vec<Shape> {
    let frame = &options.frame;
    let mut shapes = Vec::new();
    if frame.title_block {
        shapes.extend(title_block(map, options, palette, sizes));
    }
    if frame.summary {
        shapes.extend(summary_table(map, palette, sizes));
    }
    let mut y = below_axes(sizes) + SPACING;
    if frame.legend {
        let key = legend_shapes(options.theme, options.presenter, MAP_AREA.width() + 100.0);
        let offset = (MAP_AREA.min.x - 100.0, y);
        y += key.bounds.height() + SPACING;
        shapes.extend(key.shapes.into_iter().map(|s| translate(s, offset)));
    }
    if let Some(footer) = frame.footer.as_deref().filter(|f| !f.is_empty()) {
        shapes.push(Shape::Text(Text::line(
            footer,
            MAP_AREA.min.x - 100.0,
            y,
            sizes.small,
            palette.muted_text,
            Align::Left,
            false,
        )));
    }
    shapes
}

/// Title, then "Organisation · As of 21 November 2026", then the subtitle; its
/// bottom sits above the value-chain label.
fn title_block(map: &Map, options: &SceneOptions, palette: &Palette, sizes: &Sizes) -> Vec<Shape> {
    let frame = &options.frame;
    let as_of = frame.as_of.unwrap_or_else(|| map.modified.date_naive());
    let mut details: Vec<String> = map.organisation.iter().cloned().collect();
    details.push(format!("As of {}", as_of.format("%-d %B %Y")));
    let mut lines = vec![(map.title.clone(), sizes.title, true, palette.heading)];
    lines.push((
        details.join("  ·  "),
        sizes.subtitle,
        false,
        palette.muted_text,
    ));
    if let Some(sub) = frame.subtitle.as_deref().filter(|s| !s.is_empty()) {
        lines.push((sub.to_string(), sizes.subtitle, false, palette.text));
    }
    let height: f32 = lines.iter().map(|l| l.1 * font::LINE_HEIGHT).sum();
    let width = if frame.summary {
        MAP_AREA.width() - 360.0
    } else {
        MAP_AREA.width() + 100.0
    };
    let mut top = MAP_AREA.min.y - sizes.axis * font::LINE_HEIGHT - 14.0 - SPACING - height;
    let mut shapes = Vec::new();
    for (text, size, bold, color) in lines {
        let fitted = font::with_ellipsis(&text, size, bold, width);
        let x = MAP_AREA.min.x - 100.0;
        shapes.push(Shape::Text(Text::line(
            fitted,
            x,
            top,
            size,
            color,
            Align::Left,
            bold,
        )));
        top += size * font::LINE_HEIGHT;
    }
    shapes
}

/// Number of components with each status, in legend order.
pub fn summary_counts(map: &Map) -> [(SupportStatus, usize); 5] {
    SupportStatus::ALL.map(|s| (s, map.components.iter().filter(|c| c.status == s).count()))
}

/// A two-column table of counts by status at the top right, above the map.
fn summary_table(map: &Map, palette: &Palette, sizes: &Sizes) -> Vec<Shape> {
    let size = sizes.small;
    let row = size * font::LINE_HEIGHT;
    let rows = summary_counts(map);
    let height = row * (rows.len() + 2) as f32;
    let top = MAP_AREA.min.y - sizes.axis * font::LINE_HEIGHT - 14.0 - SPACING - height;
    let (left, right) = (MAP_AREA.max.x - 300.0, MAP_AREA.max.x);
    let cell = |s: String, x, y, align, bold| {
        Shape::Text(Text::line(s, x, y, size, palette.text, align, bold))
    };
    let mut shapes = vec![
        cell("Status".into(), left, top, Align::Left, true),
        cell("Components".into(), right, top, Align::Right, true),
    ];
    let rule = |y| Shape::Polyline {
        points: vec![Point::new(left, y), Point::new(right, y)],
        stroke: Stroke::solid(1.0, palette.divider),
        arrowhead: None,
    };
    shapes.push(rule(top + row));
    for (i, (status, count)) in rows.iter().enumerate() {
        let y = top + row * (i + 1) as f32;
        shapes.push(cell(status.label().into(), left, y, Align::Left, false));
        shapes.push(cell(count.to_string(), right, y, Align::Right, false));
    }
    let y = top + row * (rows.len() + 1) as f32;
    shapes.push(rule(y));
    shapes.push(cell("Total".into(), left, y, Align::Left, true));
    shapes.push(cell(
        map.components.len().to_string(),
        right,
        y,
        Align::Right,
        true,
    ));
    shapes
}

/// The legend on its own, laid out from (0, 0) in rows no wider than `max_width`:
/// one sample box per status (colour and second channel), a user need and a link.
/// The canvas draws it as an overlay; framed exports place it under the map.
pub fn legend(theme: Theme, presenter: bool, max_width: f32) -> Scene {
    legend_shapes(theme, presenter, max_width)
}

fn legend_shapes(theme: Theme, presenter: bool, max_width: f32) -> Scene {
    let sizes = Sizes::new(presenter);
    let palette = Palette::for_theme(theme);
    let size = sizes.small;
    let row_height = size * font::LINE_HEIGHT + 2.0 * sizes.padding_y + sizes.badge_radius;
    let swatch = (
        46.0 * size / 17.0,
        size * font::LINE_HEIGHT + 2.0 * sizes.padding_y,
    );
    let mut flow = Flow::new(max_width, row_height);
    let mut shapes = Vec::new();

    let heading = Text::line("Key", 0.0, 0.0, size, palette.text, Align::Left, true);
    let at = flow.next(heading.width + 12.0);
    shapes.push(translate(
        Shape::Text(heading),
        (at.x, at.y + sizes.badge_radius / 2.0 + sizes.padding_y),
    ));

    for status in SupportStatus::ALL {
        let style = status_style(status, theme, &sizes);
        let text = Text::line(
            status.label(),
            0.0,
            0.0,
            size,
            palette.text,
            Align::Left,
            false,
        );
        let at = flow.next(swatch.0 + 10.0 + text.width + 24.0);
        let top = at.y + sizes.badge_radius / 2.0;
        let rect = Rect::from_min_size(Point::new(at.x, top), swatch.0, swatch.1);
        shapes.push(Shape::Rect {
            rect,
            corner_radius: 6.0,
            fill: Some(style.fill),
            stroke: Some(style.outline),
        });
        if let Some(badge) = style.badge {
            let c = Point::new(rect.max.x - 2.0, rect.min.y + 2.0);
            shapes.extend(badge_shapes(c, badge.glyph(), &palette, &sizes));
        }
        shapes.push(translate(
            Shape::Text(text),
            (rect.max.x + 10.0 + 4.0, top + sizes.padding_y),
        ));
    }

    let need = Text::line(
        "User need",
        0.0,
        0.0,
        size,
        palette.text,
        Align::Center,
        true,
    );
    let need_w = need.width + 2.0 * sizes.padding_x;
    let at = flow.next(need_w + 24.0);
    let top = at.y + sizes.badge_radius / 2.0;
    let rect = Rect::from_min_size(Point::new(at.x, top), need_w, swatch.1);
    shapes.push(Shape::Rect {
        rect,
        corner_radius: swatch.1 / 2.0,
        fill: Some(palette.background),
        stroke: Some(Stroke::solid(sizes.outline, palette.outline)),
    });
    shapes.push(translate(
        Shape::Text(need),
        (rect.center().x, top + sizes.padding_y),
    ));

    let link = Text::line(
        "depends on",
        0.0,
        0.0,
        size,
        palette.text,
        Align::Left,
        false,
    );
    let line_w = 56.0;
    let at = flow.next(line_w + 10.0 + link.width);
    let mid = at.y + sizes.badge_radius / 2.0 + swatch.1 / 2.0;
    let (a, b) = (Point::new(at.x, mid), Point::new(at.x + line_w, mid));
    shapes.push(Shape::Polyline {
        points: vec![a, b],
        stroke: Stroke::solid(sizes.link, palette.link),
        arrowhead: arrowhead(a, b, sizes.arrow),
    });
    shapes.push(translate(
        Shape::Text(link),
        (
            b.x + 10.0,
            at.y + sizes.badge_radius / 2.0 + sizes.padding_y,
        ),
    ));

    // Shift so that the legend's top-left corner is exactly the origin.
    let first = shapes.first().map(Shape::bounds).unwrap_or_default();
    let bounds = shapes
        .iter()
        .map(Shape::bounds)
        .fold(first, |a, b| a.union(&b));
    let shift = (-bounds.min.x, -bounds.min.y);
    Scene {
        bounds: bounds.translate(shift.0, shift.1),
        shapes: shapes.into_iter().map(|s| translate(s, shift)).collect(),
        items: Vec::new(),
    }
}

/// Left-to-right placement that wraps to a new row at `max_width`.
struct Flow {
    max_width: f32,
    row_height: f32,
    x: f32,
    y: f32,
}

impl Flow {
    fn new(max_width: f32, row_height: f32) -> Self {
        Self {
            max_width,
            row_height,
            x: 0.0,
            y: 0.0,
        }
    }

    fn next(&mut self, width: f32) -> Point {
        if self.x > 0.0 && self.x + width > self.max_width {
            self.x = 0.0;
            self.y += self.row_height + 8.0;
        }
        let at = Point::new(self.x, self.y);
        self.x += width;
        at
    }
}

/// Moves a shape by `(dx, dy)`.
pub fn translate(shape: Shape, (dx, dy): (f32, f32)) -> Shape {
    let mv = |p: Point| Point::new(p.x + dx, p.y + dy);
    match shape {
        Shape::Rect {
            rect,
            corner_radius,
            fill,
            stroke,
        } => Shape::Rect {
            rect: rect.translate(dx, dy),
            corner_radius,
            fill,
            stroke,
        },
        Shape::Circle {
            center,
            radius,
            fill,
            stroke,
        } => Shape::Circle {
            center: mv(center),
            radius,
            fill,
            stroke,
        },
        Shape::Polyline {
            points,
            stroke,
            arrowhead,
        } => Shape::Polyline {
            points: points.into_iter().map(mv).collect(),
            stroke,
            arrowhead: arrowhead.map(|a| a.map(mv)),
        },
        Shape::Polygon {
            points,
            fill,
            stroke,
        } => Shape::Polygon {
            points: points.into_iter().map(mv).collect(),
            fill,
            stroke,
        },
        Shape::Text(mut text) => {
            text.anchor = mv(text.anchor);
            Shape::Text(text)
        }
    }
}
