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
/// Between an axis and its labels.
const AXIS_GAP: f32 = 8.0;

/// The y axis (value chain), the x axis (evolution) with stage names and dividers.
pub fn axes(palette: &Palette, sizes: &Sizes) -> Vec<Shape> {
    let a = MAP_AREA;
    let mut shapes: Vec<Shape> = (1..4)
        .map(|i| {
            let x = a.min.x + a.width() * i as f32 / 4.0;
            Shape::Polyline {
                points: vec![Point::new(x, a.min.y), Point::new(x, a.max.y)],
                stroke: Stroke {
                    width: 1.2,
                    color: palette.divider,
                    style: StrokeStyle::Dashed,
                },
                arrowhead: None,
            }
        })
        .collect();
    let origin = Point::new(a.min.x, a.max.y);
    for end in [Point::new(a.min.x, a.min.y), Point::new(a.max.x, a.max.y)] {
        shapes.push(Shape::Polyline {
            points: vec![origin, end],
            stroke: Stroke::solid(sizes.link * 1.2, palette.axis),
            arrowhead: arrowhead(origin, end, sizes.arrow * 1.3),
        });
    }
    shapes.extend(value_chain_labels(palette, sizes));
    shapes.extend(evolution_labels(palette, sizes));
    shapes
}

/// Left of the y axis, reading upwards: "Invisible" at the bottom, "Value chain" in
/// the middle, "Visible" at the top.
fn value_chain_labels(palette: &Palette, sizes: &Sizes) -> Vec<Shape> {
    let a = MAP_AREA;
    let size = sizes.axis;
    let x = a.min.x - AXIS_GAP - size * font::LINE_HEIGHT;
    let label = |s: &str, y: f32, align, bold, color| {
        // Laid out as if horizontal with its line box top at `x`, then turned about
        // the anchor so the box ends up just left of the axis.
        let mut t = Text::line(s, 0.0, 0.0, size, color, align, bold);
        t.anchor = Point::new(x + font::ascent(size, bold), y);
        Shape::Text(t.turned())
    };
    vec![
        label("Invisible", a.max.y, Align::Left, false, palette.muted_text),
        label(
            "Value chain",
            a.center().y,
            Align::Center,
            true,
            palette.text,
        ),
        label("Visible", a.min.y, Align::Right, false, palette.muted_text),
    ]
}

/// Under the x axis: the four stage names, and "Evolution →" at the right end.
fn evolution_labels(palette: &Palette, sizes: &Sizes) -> Vec<Shape> {
    let a = MAP_AREA;
    let top = a.max.y + AXIS_GAP;
    let title = Text::line(
        "Evolution →",
        a.max.x,
        top,
        sizes.axis,
        palette.text,
        Align::Right,
        true,
    );
    let limit = title.bounds().min.x - 16.0;
    let mut shapes = Vec::new();
    for (i, stage) in STAGES.iter().enumerate() {
        let centre = a.min.x + a.width() * (i as f32 + 0.5) / 4.0;
        let mut text = Text::line(
            *stage,
            centre,
            top,
            sizes.axis,
            palette.text,
            Align::Center,
            false,
        );
        // The last stage name gives way to the axis title.
        text.anchor.x = centre.min(limit - text.width / 2.0);
        shapes.push(Shape::Text(text));
    }
    shapes.push(Shape::Text(title));
    shapes
}

/// Left edge of the frame's blocks, in line with the value-chain labels.
fn frame_left(sizes: &Sizes) -> f32 {
    MAP_AREA.min.x - AXIS_GAP - sizes.axis * font::LINE_HEIGHT
}

/// Bottom of the axis labels under the map.
fn below_axes(sizes: &Sizes) -> f32 {
    MAP_AREA.max.y + AXIS_GAP + sizes.axis * font::LINE_HEIGHT
}

/// Title block, legend, summary and footer, as `options.frame` asks.
pub fn frame(map: &Map, options: &SceneOptions, palette: &Palette, sizes: &Sizes) -> Vec<Shape> {
    let frame = &options.frame;
    let left = frame_left(sizes);
    let full_width = MAP_AREA.max.x - left;
    let mut shapes = Vec::new();
    let mut title_width = full_width;
    if frame.summary {
        let table = summary_table(map, palette, sizes);
        let table_left = table
            .iter()
            .map(|s| s.bounds().min.x)
            .fold(f32::MAX, f32::min);
        title_width = table_left - 40.0 - left;
        shapes.extend(table);
    }
    if frame.title_block {
        shapes.extend(title_block(map, options, palette, sizes, title_width));
    }
    let mut y = below_axes(sizes) + SPACING;
    if frame.legend {
        let key = legend(options.theme, options.presenter, full_width);
        let offset = (left, y);
        y += key.bounds.height() + SPACING;
        shapes.extend(key.shapes.into_iter().map(|s| s.translated(offset)));
    }
    if let Some(footer) = frame.footer.as_deref().filter(|f| !f.is_empty()) {
        let footer = font::with_ellipsis(footer, sizes.small, false, full_width);
        shapes.push(Shape::Text(Text::line(
            footer,
            left,
            y,
            sizes.small,
            palette.muted_text,
            Align::Left,
            false,
        )));
    }
    shapes
}

/// Top of a block of `height` that ends just above the map.
fn above_map(height: f32) -> f32 {
    MAP_AREA.min.y - SPACING * 1.5 - height
}

/// Title (up to two lines), then "Organisation · As of 21 November 2026", then the
/// subtitle, ending just above the map.
fn title_block(
    map: &Map,
    options: &SceneOptions,
    palette: &Palette,
    sizes: &Sizes,
    width: f32,
) -> Vec<Shape> {
    let frame = &options.frame;
    let as_of = frame.as_of.unwrap_or_else(|| map.modified.date_naive());
    let mut details: Vec<String> = map.organisation.iter().cloned().collect();
    details.push(format!("As of {}", as_of.format("%-d %B %Y")));
    let mut lines: Vec<(String, f32, bool, _)> =
        font::wrap(&map.title, sizes.title, true, width, 2)
            .into_iter()
            .map(|l| (l, sizes.title, true, palette.heading))
            .collect();
    lines.push((
        details.join(" · "),
        sizes.subtitle,
        false,
        palette.muted_text,
    ));
    if let Some(sub) = frame.subtitle.as_deref().filter(|s| !s.is_empty()) {
        lines.push((sub.to_string(), sizes.subtitle, false, palette.text));
    }
    let height: f32 = lines.iter().map(|l| l.1 * font::LINE_HEIGHT).sum();
    let mut top = above_map(height);
    let mut shapes = Vec::new();
    for (text, size, bold, color) in lines {
        let fitted = font::with_ellipsis(&text, size, bold, width);
        shapes.push(Shape::Text(Text::line(
            fitted,
            frame_left(sizes),
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

/// Counts by status as a small table at the top right: a row of status names over a
/// row of counts, with the total last.
fn summary_table(map: &Map, palette: &Palette, sizes: &Sizes) -> Vec<Shape> {
    let size = sizes.small;
    let row = size * font::LINE_HEIGHT;
    let mut columns: Vec<(String, String, bool)> = summary_counts(map)
        .iter()
        .map(|(s, n)| (s.label().to_string(), n.to_string(), false))
        .collect();
    columns.push(("Total".into(), map.components.len().to_string(), true));
    let top = above_map(2.0 * row + 6.0);
    let mut right = MAP_AREA.max.x;
    let mut shapes = Vec::new();
    for (label, count, bold) in columns.iter().rev() {
        let head = Text::line(
            label.clone(),
            right,
            top,
            size,
            palette.muted_text,
            Align::Right,
            *bold,
        );
        let value = Text::line(
            count.clone(),
            right,
            top + row + 6.0,
            size,
            palette.text,
            Align::Right,
            true,
        );
        let width = head.width.max(value.width);
        shapes.push(Shape::Text(head));
        shapes.push(Shape::Text(value));
        right -= width + 28.0;
    }
    let rule_y = top + row + 3.0;
    shapes.push(Shape::Polyline {
        points: vec![
            Point::new(right + 28.0, rule_y),
            Point::new(MAP_AREA.max.x, rule_y),
        ],
        stroke: Stroke::solid(1.0, palette.divider),
        arrowhead: None,
    });
    shapes
}

/// The legend on its own, laid out from (0, 0) in rows no wider than `max_width`:
/// one sample box per status (colour and second channel), a user need and a link.
/// The canvas draws it as an overlay; framed exports place it under the map.
pub fn legend(theme: Theme, presenter: bool, max_width: f32) -> Scene {
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
    shapes.push(Shape::translated(
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
            let c = Point::new(rect.max.x, rect.min.y);
            shapes.extend(badge_shapes(c, badge.glyph(), &palette, &sizes));
        }
        shapes.push(Shape::translated(
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
    shapes.push(Shape::translated(
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
    shapes.push(Shape::translated(
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
        shapes: shapes.into_iter().map(|s| s.translated(shift)).collect(),
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
