//! Everything around the components: axes with stage names, the legend, the title
//! block and the summary table.

use super::geometry::Point;
use super::legend::{LegendExtras, legend};
use super::shape::{Align, Shape, Stroke, StrokeStyle, Text, arrowhead};
use super::style::{Palette, Sizes};
use super::{MAP_AREA, SceneOptions, font};
use crate::model::Map;

pub const STAGES: [&str; 4] = [
    "Genesis",
    "Custom-built",
    "Product / rental",
    "Commodity / utility",
];

/// Vertical space between blocks of the frame.
const SPACING: f32 = 16.0;
/// Between an axis and its labels: clear of a marker on the axis (markers sit on their
/// positions, so one at evolution 0 or visibility 0 reaches past the axis).
fn axis_gap(sizes: &Sizes) -> f32 {
    8.0_f32.max(super::map_layer::marker_reach(sizes) + 4.0)
}

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
    let x = a.min.x - axis_gap(sizes) - size * font::LINE_HEIGHT;
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
    let top = a.max.y + axis_gap(sizes);
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
    MAP_AREA.min.x - axis_gap(sizes) - sizes.axis * font::LINE_HEIGHT
}

/// Bottom of the axis labels under the map.
fn below_axes(sizes: &Sizes) -> f32 {
    MAP_AREA.max.y + axis_gap(sizes) + sizes.axis * font::LINE_HEIGHT
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
    if frame.board_summary {
        shapes.extend(super::board_summary::panel(map, options, palette, sizes));
    }
    let mut y = below_axes(sizes) + SPACING;
    if frame.legend {
        let extras = LegendExtras::of(map);
        let key = legend(options, options.reference_date(map), extras, full_width);
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
fn above_map(height: f32, sizes: &Sizes) -> f32 {
    MAP_AREA.min.y - (SPACING * 1.5).max(axis_gap(sizes)) - height
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
    let mut top = above_map(height, sizes);
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

/// Counts of systems and activities by status as a small table at the top right: a row
/// of status names over a row of counts, with their total last.
fn summary_table(map: &Map, palette: &Palette, sizes: &Sizes) -> Vec<Shape> {
    let size = sizes.small;
    let row = size * font::LINE_HEIGHT;
    let counts = map.status_counts();
    let total: usize = counts.iter().map(|(_, n)| n).sum();
    let mut columns: Vec<(String, String, bool)> = counts
        .iter()
        .map(|(s, n)| (s.label().to_string(), n.to_string(), false))
        .collect();
    columns.push(("Total".into(), total.to_string(), true));
    let top = above_map(2.0 * row + 6.0, sizes);
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
